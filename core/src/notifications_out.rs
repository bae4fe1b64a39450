//! Notifications out: when a national of an EU member state is convicted in the UK, the UK tells
//! the central authority of each member state of nationality (European Union (Future
//! Relationship) Act 2020 s.1; `docs/domain/eufra-2020-part-1.md#section-1`).
//!
//! - one notification (ECRIS NOT) per member state of nationality; British citizenship as well
//!   makes no difference (s.1(9));
//! - the deadline: the period of 28 days beginning with the day the conviction is recorded
//!   (s.1(5)), or, for an amendment or a deletion, the day the record is amended (s.1(7));
//! - the Schedule 1 information: the mandatory paragraphs are enforced (2, 3, 5, 6, 7, 13, 14, 16,
//!   17, 19, 20); the "if recorded" ones (4, 8–12, 15, 18) are carried when present;
//! - later amendments and deletions refer to the conviction notified earlier (same conviction id,
//!   `MessageDataUpdatedConvictionReference`); a deletion carries a decision that deletes the
//!   conviction from the register.

use std::borrow::Cow;
use serde::{Deserialize, Serialize};
use crate::decode::{decode_names, decode_struct};

use crate::calendar::{Calendar, Deadline, DeadlineRule};
use crate::check::{Checker, World};
use crate::conviction::{self, Conviction, ConvictionInput};
use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, Outcome, RuleOrigin, SourceRef};
use crate::ecris::ids::{ConvictionId, MAX_SEQUENCE, MessageId};
use crate::ecris::{self, Xml};
use crate::json::JsonText;
use crate::model::{Context, Person};
use crate::person::{self, CheckedPerson};
use crate::rulebook::{self, Region};
use crate::text::shorten;

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationOutInput<'a> {
    #[serde(borrow)]
    pub context: Context<'a>,
    pub notification: NotificationDetails,
    #[serde(borrow)]
    pub person: Person<'a>,
    pub conviction: ConvictionInput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum NotificationKind {
    /// The first notification of a conviction.
    New,
    /// A change to a conviction notified before (s.1(7)).
    Amendment,
    /// The conviction is deleted from the record (s.1(7): its items are deleted).
    Deletion,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationDetails {
    pub kind: NotificationKind,
    /// The day the conviction was recorded in the criminal records database, `YYYY-MM-DD`; for an
    /// amendment or a deletion, the day the record was amended (s.1(7)).
    pub recorded_date: Option<String>,
    /// The sequence for a new conviction id (`GB-C-` and 15 digits), injected like every number.
    pub conviction_sequence: Option<u64>,
    /// For an amendment or deletion: the id of the conviction notified before.
    pub previous_conviction_id: Option<String>,
    /// For an amendment: the Schedule 1 paragraphs that changed (13, 14, 16, 17, 19, 20 must be
    /// notified again, s.1(7)).
    #[serde(default, deserialize_with = "crate::strict::at_most::<30, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 30)))]
    pub amended_paragraphs: Vec<u8>,
    /// What changed, or why the conviction is deleted, in words.
    pub reason: Option<String>,
}

/// An ECRIS notification (NOT).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct EcrisNotification<'a> {
    pub message_id: Option<String>,
    pub message_type: &'static str,
    pub timestamp: Cow<'a, str>,
    pub sender: &'static str,
    pub receiver: String,
    pub kind: NotificationKind,
    pub contact_person: Option<ecris::Contact<'a>>,
    pub person: ecris::Person<'a>,
    pub remarks: Option<String>,
    pub conviction: Conviction,
    /// For an amendment or deletion: the conviction id this message updates.
    pub updated_conviction_reference: Option<String>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification<'a> {
    pub country: String,
    pub name: &'static str,
    pub status: Outcome,
    pub message: EcrisNotification<'a>,
    /// The ECRIS XML, when the notification is ready.
    pub xml: Option<JsonText>,
}

pub struct Built<'a> {
    pub diagnostics: Diagnostics,
    pub deadline: Option<Deadline>,
    pub notifications: Vec<Notification<'a>>,
}

/// The rule of the Act behind a diagnostic: `para` names the paragraphs of Schedule 1 and the
/// subsections of s.1 it rests on, and the sources are those parts of the Act.
fn schedule_1(para: &str) -> RuleOrigin {
    const SECTION_1: SourceRef = SourceRef {
        url: "https://www.legislation.gov.uk/ukpga/2020/29/section/1",
        title: "European Union (Future Relationship) Act 2020, s.1",
        weak: false,
    };
    const SCHEDULE_1: SourceRef = SourceRef {
        url: "https://www.legislation.gov.uk/ukpga/2020/29/schedule/1",
        title: "European Union (Future Relationship) Act 2020, Schedule 1",
        weak: false,
    };
    let paragraphs = para.contains("para");
    let section = para.contains("s.1");
    RuleOrigin {
        rule_set: "uk",
        file: Cow::Borrowed(if paragraphs { "docs/domain/eufra-2020-part-1.md#schedule-1" } else { "docs/domain/eufra-2020-part-1.md#section-1" }),
        key: Cow::Owned(if paragraphs { format!("EUFRA 2020 Schedule 1 {para}") } else { format!("EUFRA 2020 {para}") }),
        sources: [(section, SECTION_1), (paragraphs, SCHEDULE_1)].into_iter().filter_map(|(cited, s)| cited.then_some(s)).collect(),
        json: None,
    }
}

/// Build the notifications of a UK conviction, in the order of s.1 and Schedule 1: the person
/// (paras 2–12), the kind of notification and its conviction id, the conviction (paras 13–20),
/// the 28-day deadline, and one message per member state of nationality.
pub fn build<'i>(input: &'i NotificationOutInput<'_>) -> Built<'i> {
    let mut diags = Diagnostics::default();
    let mut ck = Checker::new(&mut diags);
    let n = &input.notification;
    let World { today, timestamp, contact } = ck.world(&input.context);

    let person = person::check(&mut ck, &input.person, today);
    let conviction_id = conviction_id(&mut ck, n);
    amendment(&mut ck, n);
    let reason = ck.text(n.reason.as_deref(), "/notification/reason", "the reason", 4000).map(str::to_owned);
    let conviction = conviction::check(&input.conviction, "/conviction", conviction_id, today, &mut |d| ck.push(d));
    schedule_1_conviction(&mut ck, &input.conviction);
    fingerprints(&mut ck, &input.person);
    let deadline = deadline(&mut ck, n, today);
    let targets = member_states(&mut ck, &person);
    let seq = input.context.message_sequence;
    let seq_ok = ck.message_sequence(seq, targets.len());

    let outcome = Outcome::from_diagnostics(ck.d);
    let delete = n.kind == NotificationKind::Deletion;
    let mut notifications = Vec::new();
    for (i, (code, name)) in targets.into_iter().enumerate() {
        let message = EcrisNotification {
            message_id: seq_ok.then(|| MessageId::format("GB", &code, "NOT", seq + u64::try_from(i).unwrap_or(0))).flatten(),
            message_type: "NOT",
            timestamp: timestamp.clone(),
            sender: "GB",
            receiver: code.clone(),
            kind: n.kind,
            contact_person: contact.clone(),
            person: person.person.clone(),
            remarks: reason.clone(),
            conviction: conviction.clone(),
            updated_conviction_reference: (n.kind != NotificationKind::New).then(|| conviction.conviction_id.clone()).flatten(),
        };
        let xml = (outcome == Outcome::Ready).then(|| notification_xml(&message, delete)).flatten();
        notifications.push(Notification { country: code, name, status: outcome, message, xml });
    }
    ck.codes_not_from_a_table(notifications.iter().filter_map(|n| n.xml.as_ref()), "/conviction");
    Built { diagnostics: diags, deadline, notifications }
}

/// A new notification gets a new conviction id from the injected sequence; an amendment or a
/// deletion names the conviction notified before.
fn conviction_id(ck: &mut Checker<'_>, n: &NotificationDetails) -> Option<String> {
    match n.kind {
        NotificationKind::New => match n.conviction_sequence {
            Some(seq) if seq <= MAX_SEQUENCE => ConvictionId::format("GB", seq),
            Some(seq) => {
                ck.push(Diagnostic::new(Code::SequenceOutOfRange, "/notification/convictionSequence", format!("the conviction sequence {seq} does not fit 15 digits"), "the calling system must supply a sequence below 10^15"));
                None
            }
            None => {
                ck.push(Diagnostic::new(Code::ConvictionSequenceRequired, "/notification/convictionSequence", "a new notification needs the conviction sequence for its conviction id", "the calling system supplies it, as it supplies the message sequence"));
                None
            }
        },
        NotificationKind::Amendment | NotificationKind::Deletion => match &n.previous_conviction_id {
            None => {
                ck.push(Diagnostic::new(
                    Code::PreviousConvictionRequired,
                    "/notification/previousConvictionId",
                    "an amendment or deletion must name the conviction notified before",
                    "give the conviction id of the earlier notification, for example GB-C-000000000000123",
                ));
                None
            }
            Some(id) if ConvictionId::parse(id.trim()).is_some() => Some(id.trim().to_owned()),
            Some(id) => {
                ck.push(Diagnostic::new(Code::ConvictionIdMalformed, "/notification/previousConvictionId", format!("`{}` is not an ECRIS conviction id", shorten(id)), "a conviction id is two letters, -C- and 15 digits, for example GB-C-000000000000123"));
                None
            }
        },
    }
}

/// An amendment of paragraphs the Act does not require to be notified again may still be sent.
fn amendment(ck: &mut Checker<'_>, n: &NotificationDetails) {
    const RENOTIFY: [u8; 6] = [13, 14, 16, 17, 19, 20];
    if n.kind == NotificationKind::Amendment && !n.amended_paragraphs.is_empty() && !n.amended_paragraphs.iter().any(|p| RENOTIFY.contains(p)) {
        ck.push(
            Diagnostic::new(
                Code::AmendmentNotRequired,
                "/notification/amendedParagraphs",
                "none of the amended paragraphs is one that s.1(7) requires to be notified again (13, 14, 16, 17, 19, 20)",
                "the amendment may still be sent; the Act does not require it",
            )
            .with_rule(schedule_1("paras 13-20 and s.1(7)")),
        );
    }
}

/// The paragraphs of Schedule 1 that every notification must carry: the date of conviction
/// (13), the court (14), each offence (16) with its date (17), every sentence and order (19, 20).
fn schedule_1_conviction(ck: &mut Checker<'_>, c: &ConvictionInput) {
    if c.decision_date.is_none() {
        ck.push(Diagnostic::new(Code::ConvictionDateRequired, "/conviction/decisionDate", "the date of conviction is missing", "give the date the person was convicted").with_rule(schedule_1("para 13")));
    }
    if c.court.is_none() {
        ck.push(Diagnostic::new(Code::CourtRequired, "/conviction/court", "the court that convicted is missing", "name the court, or the other body that convicted").with_rule(schedule_1("para 14")));
    }
    if c.offences.is_empty() {
        ck.push(Diagnostic::new(Code::OffenceRequired, "/conviction/offences", "no offence is given", "give each offence of the conviction").with_rule(schedule_1("para 16")));
    }
    for (i, o) in c.offences.iter().enumerate() {
        if o.title.is_none() {
            ck.push(Diagnostic::new(Code::OffenceRequired, format!("/conviction/offences/{i}/title"), "an offence has no title", "give the offence as the UK names it").with_rule(schedule_1("para 16")));
        }
        if o.start_date.is_none() {
            ck.push(Diagnostic::new(Code::OffenceDateRequired, format!("/conviction/offences/{i}/startDate"), "an offence has no date", "give the date of the offence, or the first day of the period (a year alone is accepted)").with_rule(schedule_1("para 17")));
        }
    }
    if c.sanctions.is_empty() {
        ck.push(Diagnostic::new(Code::SentenceRequired, "/conviction/sanctions", "no sentence or order is given", "give every sentence and order, including a discharge").with_rule(schedule_1("paras 19 and 20")));
    }
    for (i, s) in c.sanctions.iter().enumerate() {
        if s.title.is_none() {
            ck.push(Diagnostic::new(Code::SentenceRequired, format!("/conviction/sanctions/{i}/title"), "a sentence or order has no title", "give the sentence or order as the court made it").with_rule(schedule_1("paras 19 and 20")));
        }
    }
}

/// The deadline: 28 days beginning with the day the conviction is recorded (s.1(5)), or the day
/// the record is amended (s.1(7): conviction items altered or deleted, a deletion included).
fn deadline(ck: &mut Checker<'_>, n: &NotificationDetails, today: Option<Date>) -> Option<Deadline> {
    let (rule, subsection, what) = match n.kind {
        NotificationKind::New => (DeadlineRule::UkNotification, "s.1(5)", "the conviction was recorded"),
        NotificationKind::Amendment => (DeadlineRule::UkAmendment, "s.1(7)", "the amendment was recorded"),
        // The conviction items deleted from the record: s.1(7) covers items "altered or deleted".
        NotificationKind::Deletion => (DeadlineRule::UkAmendment, "s.1(7)", "the deletion was recorded"),
    };
    let recorded = match &n.recorded_date {
        None => {
            ck.push(
                Diagnostic::new(Code::RecordedDateRequired, "/notification/recordedDate", format!("the day {what} is missing"), "give it: the 28 days for notifying begin with that day")
                    .with_rule(schedule_1(subsection)),
            );
            None
        }
        Some(r) => match Date::parse(r.trim()) {
            None => {
                ck.push(Diagnostic::new(Code::DateInvalid, "/notification/recordedDate", format!("`{}` is not a full date", shorten(r)), "write YYYY-MM-DD"));
                None
            }
            Some(d) if today.is_some_and(|t| d > t) => {
                ck.push(Diagnostic::new(Code::ConvictionDateInFuture, "/notification/recordedDate", format!("the conviction is recorded on {d}, after today"), "check the date"));
                None
            }
            Some(d) => Some(d),
        },
    };
    let deadline = recorded.and_then(|start| {
        let date = Calendar::default().deadline(rule, start)?;
        let days_left = today.map_or(0, |t| date.to_days() - t.to_days());
        Some(Deadline { date: date.to_string(), rule: rule.key(), explanation: rule.explanation(), starts: start.to_string(), days_left })
    });
    if let Some(d) = &deadline
        && d.days_left < 0
    {
        ck.push(
            Diagnostic::new(Code::NotificationOverdue, "/notification/recordedDate", format!("the 28 days ended on {}, {} days ago", d.date, -d.days_left), "send it now, and record why it is late")
                .with_rule(schedule_1(subsection)),
        );
    }
    deadline
}

/// Schedule 1 para 11: fingerprints, if recorded. ECRIS v1.0 carries prints only as a binary
/// attachment, which icce does not build: the message says in the person's remarks that they were
/// taken and where they are held, and the answer says they go another way.
fn fingerprints(ck: &mut Checker<'_>, p: &Person) {
    if p.fingerprints.as_ref().is_some_and(|f| f.taken) {
        ck.push(
            Diagnostic::new(
                Code::FingerprintsNotCarried,
                "/person/fingerprints",
                "the fingerprints taken are not in the notification: ECRIS carries them only as a binary attachment, which icce does not build; the person's remarks say that they were taken and where they are held",
                "send the fingerprints to the member state by the route agreed with it, quoting the conviction id",
            )
            .with_rule(schedule_1("para 11")),
        );
    }
}

/// The member states of nationality, each to be notified: (code, name). British nationality as
/// well makes no difference; a nationality outside the EU gets no ECRIS notification.
fn member_states(ck: &mut Checker<'_>, person: &CheckedPerson) -> Vec<(String, &'static str)> {
    let nationalities = &person.person.nationalities;
    let mut targets = Vec::new();
    let mut not_member = Vec::new();
    for c in nationalities {
        if rulebook::is_uk_national(&c.code) {
            continue;
        }
        match rulebook::country_file(&c.code) {
            Some(rules) if rules.region == Region::Eu => targets.push((c.code.to_string(), rules.name)),
            _ => not_member.push(c.code.clone()),
        }
    }
    if !not_member.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::NotAMemberState,
                "/person/nationalities",
                format!("{} {} not an EU member state: s.1 requires no notification there", not_member.join(", "), if not_member.len() == 1 { "is" } else { "are" }),
                "ACRO may still share the conviction through other channels; icce builds no ECRIS notification for it",
            )
            .with_countries(not_member),
        );
    }
    if targets.is_empty() && !nationalities.is_empty() && nationalities.iter().all(|c| rulebook::is_uk_national(&c.code)) {
        ck.push(Diagnostic::new(
            Code::NotAMemberState,
            "/person/nationalities",
            "the person is British only: s.1 requires no notification",
            "a UK conviction of a British national is not notified abroad under s.1",
        ));
    }
    targets
}

/// Render an ECRIS `NotificationMessage`; `None` when a mandatory element cannot be filled.
pub fn notification_xml(m: &EcrisNotification<'_>, delete: bool) -> Option<JsonText> {
    let mut x = Xml::new();
    x.open_attrs("svc:NotificationMessage", &ecris::root_attrs());
    x.open("msg:MessageMetaData");
    x.leaf("msg:MessageMetaDataMessageID", m.message_id.as_deref()?);
    x.leaf("msg:MessageMetaDataTimestamp", &m.timestamp);
    x.close("msg:MessageMetaData");
    x.open("msg:MessageData");
    ecris::contact_xml(&mut x, m.contact_person.as_ref());
    ecris::person_xml(&mut x, "msg:MessageDataPerson", &m.person)?;
    x.opt_english("msg:MessageDataRemarks", m.remarks.as_deref());
    conviction::conviction_xml(&mut x, "msg:MessageDataConviction", &m.conviction, delete)?;
    if let Some(id) = &m.updated_conviction_reference {
        x.open("msg:MessageDataUpdatedConvictionReference");
        x.leaf("msg:ECRISConvictionReference", id);
        x.close("msg:MessageDataUpdatedConvictionReference");
    }
    x.close("msg:MessageData");
    x.close("svc:NotificationMessage");
    Some(x.finish())
}

// The decoder ([`crate::decode`]): each type as its derived `Deserialize` reads it.

decode_struct!(NotificationOutInput<'a> {
    "context" => context: req,
    "notification" => notification: req,
    "person" => person: req,
    "conviction" => conviction: req,
});

decode_names!(NotificationKind { "new" => New, "amendment" => Amendment, "deletion" => Deletion });

decode_struct!(NotificationDetails {
    "kind" => kind: req,
    "recordedDate" => recorded_date: opt,
    "convictionSequence" => conviction_sequence: opt,
    "previousConvictionId" => previous_conviction_id: opt,
    "amendedParagraphs" => amended_paragraphs: list 30,
    "reason" => reason: opt,
});
