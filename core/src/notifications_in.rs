//! Notifications in: a member state tells the UK that a UK national was convicted there
//! (European Union (Future Relationship) Act 2020 s.2; `docs/domain/eufra-2020-part-1.md#section-2`).
//!
//! icce checks the message (ids, sender, that the person is a UK national, the conviction's codes
//! and dates), builds the acknowledgement, and writes a summary for staff: the offences and
//! penalties with their category names where the bundled tables have them, the dates and the
//! court, and what a person must still decide. Whether a recordable UK-equivalent offence exists
//! is such a decision: icce never guesses it.
//!
//! Only one acknowledgement code is known, `NRT-00-00` (successful). The official problem codes
//! were not found, so a notification with problems gets no acknowledgement from icce: the answer
//! lists the problems, and a caseworker answers with the official code.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use crate::decode::decode_struct;

use crate::check::{Checker, World};
use crate::conviction::{self, DecisionChange};
use crate::date::{Date, PartialDate, in_words};
use crate::diag::{Code, Diagnostic, Diagnostics, Outcome};
use crate::ecris::codes;
use crate::ecris::ids::{ConvictionId, CountryReference, MAX_SEQUENCE, MessageId, OffenceReference, PenaltyReference};
use crate::ecris::incoming::{IncomingConviction, IncomingNotification, IncomingOffence, IncomingPerson, IncomingSanction};
use crate::ecris::read::{self, Given};
use crate::ecris::{self, Xml};
use crate::json::JsonText;
use crate::model::Context;
use crate::rulebook::{self, Region};
use crate::text::{self, shorten};

/// The notification comes once: as JSON (`message`) or as ECRIS XML (`notificationXml`), exactly
/// one of the two (`INP-012` otherwise; `null` counts as absent).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [
    { "required": ["message"], "properties": { "message": { "type": "object" } } },
    { "required": ["notificationXml"], "properties": { "notificationXml": { "type": "string" } } }
])))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationInInput<'a> {
    #[serde(borrow)]
    pub context: Context<'a>,
    /// The notification as JSON; give it this way or as `notificationXml`, not both.
    pub message: Option<IncomingNotification>,
    /// The notification as received: an ECRIS v1.0 `NotificationMessage` (XML text). icce reads
    /// it into the same fields as `message` (see `ecris::read`); give it this way or as `message`.
    pub notification_xml: Option<String>,
}

/// The acknowledgement (ECRIS NRS), built only when the notification has no problem.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Acknowledgement {
    pub message_id: Option<String>,
    pub response_to: String,
    pub timestamp: String,
    pub response_type_reference: &'static str,
    pub response_type: &'static str,
    pub xml: Option<JsonText>,
}

/// One decision a person must take; icce never takes it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub key: &'static str,
    pub question: String,
}

pub struct Checked {
    pub diagnostics: Diagnostics,
    pub sender: Option<String>,
    pub acknowledgement: Option<Acknowledgement>,
    pub summary: String,
    pub decisions: Vec<Decision>,
}

/// Check a notification given as JSON or as ECRIS XML; `Err` when it cannot be used at all.
pub fn answer(input: &NotificationInInput) -> Result<Checked, Vec<Diagnostic>> {
    let given = Given::from_input(input.message.as_ref(), input.notification_xml.as_ref(), "notificationXml", read::read_notification)?;
    Ok(given.check(|m, notes| check(input, m, notes), |c| &mut c.diagnostics))
}

/// Check a notification: `m` is the message, from `message` or read from `notificationXml`;
/// `notes` are what reading the XML had to say, reported first.
pub fn check(input: &NotificationInInput, m: &IncomingNotification, notes: Vec<Diagnostic>) -> Checked {
    let mut diags = Diagnostics::starting_with(notes);
    let mut ck = Checker::new(&mut diags);
    let World { today, timestamp, contact } = ck.world(&input.context);

    let (sender, sender_name) = sender(&mut ck, m);
    let person = person(&mut ck, &m.person);
    let c = &m.conviction;
    let cid = c.conviction_id.trim();
    let conviction = conviction(&mut ck, c, sender.as_deref(), today);
    let mut decisions = Vec::new();
    let offences_text = offences(&mut ck, &c.offences, &mut decisions);
    let sanctions_text = sanctions(&mut ck, &c.sanctions);
    update(&mut ck, m, cid, &mut decisions);
    decisions.insert(0, Decision {
        key: "identify-person",
        question: "Is this the person on the PNC? Match the name, date and place of birth; do not rely on the name alone.".to_owned(),
    });
    let summary = Summary { m, sender_name, today, person: &person, cid, conviction: &conviction, offences: &offences_text, sanctions: &sanctions_text, decisions: &decisions }.write();
    let acknowledgement = acknowledgement(&mut ck, m, sender.as_deref(), input.context.message_sequence, timestamp.into_owned(), contact.as_ref());
    Checked { diagnostics: diags, sender, acknowledgement, summary, decisions }
}

/// The message id names the sender, a member state, and the UK as receiver: (code, name).
fn sender(ck: &mut Checker<'_>, m: &IncomingNotification) -> (Option<String>, Option<&'static str>) {
    let sender = MessageId::parse(m.message_id.trim()).filter(|id| id.receiver == "GB" && id.kind == "NOT").map(|id| id.sender.to_owned());
    let name = match &sender {
        None => {
            ck.push(Diagnostic::new(
                Code::IncomingMessageIdMalformed,
                "/message/messageId",
                format!("`{}` is not the id of a notification to the UK", shorten(&m.message_id)),
                "an ECRIS notification id is the sender's code, -GB-NOT- and 15 digits, for example PL-GB-NOT-000000000000077",
            ));
            None
        }
        Some(code) => match rulebook::country_file(code) {
            Some(c) if c.region == Region::Eu => Some(c.name),
            _ => {
                ck.push(Diagnostic::new(
                    Code::SenderNotMemberState,
                    "/message/messageId",
                    format!("the sender `{code}` is not an EU member state on ECRIS"),
                    "a notification under s.2 comes from a member state; check how this message arrived",
                ));
                rulebook::iso_country(code).map(|c| c.name)
            }
        },
    };
    (sender, name)
}

/// The person as the sender records them, checked.
struct PersonRead {
    uk_national: bool,
    forename: Option<String>,
    surname: Option<String>,
    second_surname: Option<String>,
    dob: Option<PartialDate>,
    town: Option<String>,
    birth_country: Option<&'static str>,
}

/// The name of the country of an ECRIS country reference, for people.
fn country_name(r: CountryReference<'_>) -> &'static str {
    match rulebook::ISO_3166_1.iter().find(|c| c.1 == r.alpha3) {
        Some(c) => c.3,
        None if r.alpha3 == "XXX" => "unknown",
        None => "a country not in ISO 3166-1",
    }
}

/// A UK national (s.2 covers no one else), with the names and birth ECRIS requires.
fn person(ck: &mut Checker<'_>, p: &IncomingPerson) -> PersonRead {
    let uk_national = p.nationality_references.iter().any(|r| CountryReference::parse(r.trim()).is_some_and(|c| rulebook::is_uk_national_alpha3(c.alpha3)));
    for (i, r) in p.nationality_references.iter().enumerate() {
        if CountryReference::parse(r.trim()).is_none() {
            ck.push(Diagnostic::new(Code::CountryReferenceMalformed, format!("/message/person/nationalityReferences/{i}"), format!("`{}` is not an ECRIS country reference", shorten(r)), "a country reference is CO-nn-nnn-AAA, for example CO-00-826-GBR"));
        }
    }
    if !uk_national {
        ck.push(Diagnostic::new(
            Code::NotUkNational,
            "/message/person/nationalityReferences",
            "the person is not shown as a UK national (CO-00-826-GBR is not among the nationalities)",
            "s.2 covers UK nationals; ask the sender why the UK was notified",
        ));
    }
    let forename = ck.name(p.forename.as_deref(), "/message/person/forename", "the forename").map(str::to_owned);
    let surname = ck.name(p.surname.as_deref(), "/message/person/surname", "the surname").map(str::to_owned);
    let second_surname = ck.name(p.second_surname.as_deref(), "/message/person/secondSurname", "the second surname").map(str::to_owned);
    if p.forename.is_none() || p.surname.is_none() {
        ck.push(Diagnostic::new(Code::IncomingPersonIncomplete, "/message/person", "the notification does not give the person's forename and surname", "ECRIS requires both; ask the sender for them"));
    }
    if p.sex.is_some_and(|s| s > 2) {
        ck.push(Diagnostic::new(Code::IncomingPersonIncomplete, "/message/person/sex", "the sex is not an ECRIS code (0, 1 or 2)", "ask the sender to correct it"));
    }
    let dob = ck.partial_date(p.birth_date.as_deref(), "/message/person/birthDate", "the date of birth");
    let town = ck.name(p.birth_town.as_deref(), "/message/person/birthTown", "the town of birth").map(str::to_owned);
    let birth_country = p.birth_country_reference.as_deref().map(str::trim).and_then(|r| {
        let parsed = CountryReference::parse(r);
        if parsed.is_none() {
            ck.push(Diagnostic::new(Code::CountryReferenceMalformed, "/message/person/birthCountryReference", format!("`{}` is not an ECRIS country reference", shorten(r)), "a country reference is CO-nn-nnn-AAA"));
        }
        parsed.map(country_name)
    });
    PersonRead { uk_national, forename, surname, second_surname, dob, town, birth_country }
}

/// The conviction's id, dates, court and decision changes, checked.
struct ConvictionRead {
    decision: Option<Date>,
    final_date: Option<Date>,
    court: Option<String>,
    changes: Vec<DecisionChange>,
}

fn conviction(ck: &mut Checker<'_>, c: &IncomingConviction, sender: Option<&str>, today: Option<Date>) -> ConvictionRead {
    let cid = c.conviction_id.trim();
    if ConvictionId::parse(cid).is_none_or(|id| Some(id.country) != sender) {
        ck.push(Diagnostic::new(Code::ConvictionIdMalformed, "/message/conviction/convictionId", format!("`{}` is not a conviction id of the sender", shorten(cid)), "a conviction id is the convicting state's code, -C- and 15 digits"));
    }
    let date = |ck: &mut Checker<'_>, v: Option<&String>, pointer: &str, label: &str| -> Option<Date> {
        let raw = v?;
        let d = Date::parse(raw.trim());
        match d {
            None => ck.push(Diagnostic::new(Code::DateInvalid, pointer.to_owned(), format!("{label} `{}` is not a full date", shorten(raw)), "ECRIS decision dates are full dates; ask the sender")),
            Some(d) if today.is_some_and(|t| d > t) => ck.push(Diagnostic::new(Code::ConvictionDateInFuture, pointer.to_owned(), format!("{label} {d} is after today"), "ask the sender to check it")),
            _ => {}
        }
        d
    };
    let decision = date(ck, c.decision_date.as_ref(), "/message/conviction/decisionDate", "the date of conviction");
    let final_date = date(ck, c.final_date.as_ref(), "/message/conviction/finalDate", "the date the decision became final");
    if c.decision_date.is_none() || c.court_name.is_none() {
        ck.push(Diagnostic::new(Code::IncomingConvictionIncomplete, "/message/conviction", "the notification does not give the date of conviction and the court", "both are mandatory in ECRIS; ask the sender"));
    }
    let court = ck.text(c.court_name.as_deref(), "/message/conviction/courtName", "the court", 400).map(str::to_owned);
    let changes = conviction::check_decision_changes(&c.decision_changes, "/message/conviction/decisionChanges", &mut |d| ck.push(d));
    ConvictionRead { decision, final_date, court, changes }
}

/// The offences for the summary, each with the decision a person must take about it.
fn offences(ck: &mut Checker<'_>, offences: &[IncomingOffence], decisions: &mut Vec<Decision>) -> String {
    let mut out = String::new();
    for (i, o) in offences.iter().enumerate() {
        let p = format!("/message/conviction/offences/{i}");
        let category = o.category_reference.as_deref().map(str::trim).map(|r| offence_category(ck, r, &p));
        let title = ck.text(o.title.as_deref(), &format!("{p}/title"), "the offence title", 400).map(str::to_owned).unwrap_or_else(|| "(no title given)".to_owned());
        let start = ck.partial_date(o.start_date.as_deref(), &format!("{p}/startDate"), "the date of the offence");
        let end = ck.partial_date(o.end_date.as_deref(), &format!("{p}/endDate"), "the end of the offence");
        let _ = writeln!(out, "{}. {title}", i + 1);
        if let Some(cat) = &category {
            let _ = writeln!(out, "   {cat}");
        }
        if let Some(code) = o.national_code.as_deref().and_then(text::clean) {
            let _ = writeln!(out, "   National code: {}", shorten(code));
        }
        match (start, end) {
            (Some(s), Some(e)) => {
                let _ = writeln!(out, "   Committed between {} and {}", in_words(s), in_words(e));
            }
            (Some(s), None) => {
                let _ = writeln!(out, "   Committed on {}", in_words(s));
            }
            _ => {
                let _ = writeln!(out, "   Date of the offence not given");
            }
        }
        if let Some(pl) = o.place.as_deref().and_then(text::clean) {
            let _ = writeln!(out, "   Place: {}", shorten(pl));
        }
        decisions.push(Decision {
            key: "recordable-uk-equivalent",
            question: format!("Offence {}: is there a recordable UK-equivalent offence? Only then is it added to the PNC. Decide this yourself; icce does not.", i + 1),
        });
    }
    if offences.is_empty() {
        ck.push(Diagnostic::new(Code::IncomingConvictionIncomplete, "/message/conviction/offences", "the notification gives no offence", "ask the sender for the offences"));
    }
    out
}

/// An offence's ECRIS category in words, with its name where the bundled table has it.
fn offence_category(ck: &mut Checker<'_>, r: &str, p: &str) -> String {
    let Some(reference) = OffenceReference::parse(r) else {
        ck.push(Diagnostic::new(Code::OffenceCodeMalformed, format!("{p}/categoryReference"), format!("`{}` is not an ECRIS offence category reference", shorten(r)), "an offence category reference is O-nn-nnnnnn"));
        return "ECRIS category not readable".to_owned();
    };
    let code = reference.code();
    // `O-00-270000` is the schema's own default ("other offences"), not a table entry.
    if rulebook::offence_category(&code).is_none() && r != "O-00-270000" {
        ck.push(Diagnostic::new(Code::OffenceCodeNotInTable, format!("{p}/categoryReference"), format!("`{code}` is well formed but not in icce's bundled offence table, which is incomplete"), "look the category up in the official ECRIS Annex A"));
    }
    match rulebook::offence_category(&code).map(|(n, _)| n).filter(|n| !n.is_empty()) {
        Some(n) => format!("ECRIS category {code}: {n}"),
        None => format!("ECRIS category {code} (name not in icce's partial table)"),
    }
}

/// The penalties for the summary.
fn sanctions(ck: &mut Checker<'_>, sanctions: &[IncomingSanction]) -> String {
    let mut out = String::new();
    for (i, s) in sanctions.iter().enumerate() {
        let p = format!("/message/conviction/sanctions/{i}");
        let title = ck.text(s.title.as_deref(), &format!("{p}/title"), "the penalty", 400).map(str::to_owned).unwrap_or_else(|| "(no title given)".to_owned());
        let _ = writeln!(out, "{}. {title}", i + 1);
        if let Some(r) = s.category_reference.as_deref().map(str::trim) {
            match PenaltyReference::parse(r) {
                Some(reference) => {
                    let code = reference.code();
                    if !rulebook::PENALTY_CATEGORIES.iter().any(|(c, ..)| *c == code) {
                        ck.push(Diagnostic::new(Code::PenaltyCodeNotInTable, format!("{p}/categoryReference"), format!("`{code}` is well formed but not in icce's bundled penalty table, which is incomplete"), "look the category up in the official ECRIS Annex B"));
                    }
                    if codes::classify(r) == Some(codes::Why::SchemaDefault) {
                        let _ = writeln!(out, "   ECRIS penalty category {code}: the schema's default, so the sender gave no category");
                    } else {
                        let _ = writeln!(out, "   ECRIS penalty category {code} (name not in icce's partial table)");
                    }
                }
                None => ck.push(Diagnostic::new(Code::PenaltyCodeMalformed, format!("{p}/categoryReference"), format!("`{}` is not an ECRIS penalty category reference", shorten(r)), "a penalty category reference is S-nn-nnnnnn")),
            }
        }
        if let Some(d) = s.duration.as_deref().map(str::trim) {
            if conviction::is_iso_duration(d) {
                let _ = writeln!(out, "   Length: {}{}", conviction::duration_in_words(d), if s.suspended { " (suspended)" } else { "" });
            } else {
                ck.push(Diagnostic::new(Code::DurationInvalid, format!("{p}/duration"), format!("`{}` is not an ISO 8601 duration", shorten(d)), "ask the sender"));
            }
        }
        if let (Some(a), Some(cur)) = (s.fine_amount.as_deref(), s.fine_currency.as_deref()) {
            if rulebook::currency(cur.trim()).is_none() {
                ck.push(Diagnostic::new(Code::CurrencyUnknown, format!("{p}/fineCurrency"), format!("`{}` is not an ISO 4217 currency code", shorten(cur)), "ask the sender"));
            }
            let _ = writeln!(out, "   Fine: {} {}", shorten(a), shorten(cur));
        }
    }
    out
}

/// An update refers to the conviction notified before (s.2(4)): a person applies it.
fn update(ck: &mut Checker<'_>, m: &IncomingNotification, cid: &str, decisions: &mut Vec<Decision>) {
    let Some(u) = m.updated_conviction_reference.as_deref().map(str::trim) else { return };
    if u != cid {
        ck.push(Diagnostic::new(Code::ConvictionIdMalformed, "/message/updatedConvictionReference", "an update must refer to the conviction it carries", "ask the sender: the updated reference and the conviction id differ"));
    }
    let delete = m.conviction.delete_from_register;
    decisions.push(Decision {
        key: if delete { "apply-deletion" } else { "apply-amendment" },
        question: format!(
            "This {} conviction {} notified before: find the record made from the earlier notification and apply it (s.2(2)).",
            if delete { "deletes" } else { "amends" },
            shorten(u)
        ),
    });
}

/// The summary for staff, plain text.
struct Summary<'a> {
    m: &'a IncomingNotification,
    sender_name: Option<&'static str>,
    today: Option<Date>,
    person: &'a PersonRead,
    cid: &'a str,
    conviction: &'a ConvictionRead,
    offences: &'a str,
    sanctions: &'a str,
    decisions: &'a [Decision],
}

impl Summary<'_> {
    fn write(&self) -> String {
        let (m, p, c) = (self.m, self.person, self.conviction);
        let mut s = String::new();
        let _ = writeln!(s, "Notification {} from {}", shorten(m.message_id.trim()), self.sender_name.unwrap_or("an unknown sender"));
        let _ = writeln!(s, "Received: {}", self.today.map_or_else(|| "unknown".to_owned(), |t| t.to_string()));
        let _ = writeln!(s);
        let _ = writeln!(s, "Person");
        let name: Vec<&str> = [p.forename.as_deref(), p.surname.as_deref(), p.second_surname.as_deref()].into_iter().flatten().collect();
        let _ = writeln!(s, "  Name: {}", if name.is_empty() { "not given".to_owned() } else { name.join(" ") });
        let _ = writeln!(s, "  Born: {}{}", p.dob.map_or_else(|| "date not given".to_owned(), in_words), match (&p.town, p.birth_country) {
            (Some(t), Some(c)) => format!(", {t}, {c}"),
            (Some(t), None) => format!(", {t}"),
            (None, Some(c)) => format!(", {c}"),
            (None, None) => String::new(),
        });
        let _ = writeln!(s, "  UK national: {}", if p.uk_national { "yes, as the sender records it" } else { "NOT shown as a UK national" });
        let _ = writeln!(s);
        let _ = writeln!(s, "Conviction {}", shorten(self.cid));
        let _ = writeln!(s, "  Court: {}", c.court.as_deref().unwrap_or("not given"));
        let _ = writeln!(s, "  Convicted on: {}", c.decision.map_or_else(|| "not given".to_owned(), |d| in_words(PartialDate { year: d.year, month: Some(d.month), day: Some(d.day) })));
        if let Some(f) = c.final_date {
            let _ = writeln!(s, "  Final on: {}", in_words(PartialDate { year: f.year, month: Some(f.month), day: Some(f.day) }));
        }
        if m.conviction.delete_from_register {
            let _ = writeln!(s, "  The sender DELETES this conviction from its register.");
        }
        for d in &c.changes {
            match d.name {
                Some(n) => {
                    let _ = writeln!(s, "  Decision change {}: {n} (icce's name, translated from a Bulgarian label, not the official one)", d.code);
                }
                None => {
                    let _ = writeln!(s, "  Decision change {}: not in icce's bundled decision-change table, which is incomplete; look it up", d.code);
                }
            }
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "Offences");
        s.push_str(if self.offences.is_empty() { "  none given\n" } else { self.offences });
        let _ = writeln!(s);
        let _ = writeln!(s, "Penalties");
        s.push_str(if self.sanctions.is_empty() { "  none given\n" } else { self.sanctions });
        let _ = writeln!(s);
        let _ = writeln!(s, "What you must decide");
        for (i, d) in self.decisions.iter().enumerate() {
            let _ = writeln!(s, "{}. {}", i + 1, d.question);
        }
        s
    }
}

/// The acknowledgement (NRS), built only for a notification with no problem: the official
/// problem codes were not found, and icce does not invent one.
fn acknowledgement(ck: &mut Checker<'_>, m: &IncomingNotification, sender: Option<&str>, seq: u64, timestamp: String, contact: Option<&ecris::Contact<'_>>) -> Option<Acknowledgement> {
    if seq > MAX_SEQUENCE {
        ck.push(Diagnostic::new(Code::SequenceOutOfRange, "/context/messageSequence", format!("the message sequence {seq} does not fit the 15 digits of an ECRIS message id"), "the calling system must supply a sequence below 10^15"));
    }
    let outcome = Outcome::from_diagnostics(ck.d);
    let acknowledgement = (outcome == Outcome::Ready)
        .then(|| {
            let (code, name) = rulebook::response_code("notification-successful")?;
            let mut a = Acknowledgement {
                message_id: MessageId::format("GB", sender.unwrap_or("XX"), "NRS", seq),
                response_to: m.message_id.trim().to_owned(),
                timestamp,
                response_type_reference: code,
                response_type: name,
                xml: None,
            };
            a.xml = acknowledgement_xml(&a, contact);
            Some(a)
        })
        .flatten();
    if outcome != Outcome::Ready && outcome != Outcome::Unusable {
        ck.push(Diagnostic::new(
            Code::NoAcknowledgementBuilt,
            "/message",
            "icce builds no acknowledgement for a notification with problems: the official ECRIS problem codes were not found, and icce does not invent one",
            "answer the sender with the official notification-response code for the problem, or ask for what is missing",
        ));
    }
    acknowledgement
}

fn acknowledgement_xml(a: &Acknowledgement, contact: Option<&ecris::Contact<'_>>) -> Option<JsonText> {
    let mut x = Xml::new();
    x.open_attrs("svc:NotificationResponseMessage", &ecris::root_attrs());
    x.open("msg:MessageMetaData");
    x.leaf("msg:MessageMetaDataMessageID", a.message_id.as_deref()?);
    x.leaf("msg:MessageMetaDataTimestamp", &a.timestamp);
    x.leaf("msg:MessageMetaDataResponseTo", &a.response_to);
    x.close("msg:MessageMetaData");
    x.open("msg:MessageData");
    ecris::contact_xml(&mut x, contact);
    x.leaf("msg:MessageDataNotificationResponseTypeReference", a.response_type_reference);
    x.close("msg:MessageData");
    x.close("svc:NotificationResponseMessage");
    Some(x.finish())
}

// The decoder ([`crate::decode`]): as the derived `Deserialize` reads it.

decode_struct!(NotificationInInput<'a> {
    "context" => context: req,
    "message" => message: opt,
    "notificationXml" => notification_xml: opt,
});
