//! Notifications in: a member state tells the UK that a UK national was convicted there
//! (European Union (Future Relationship) Act 2020 s.2; DOMAIN.md §2.2, §3.1).
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

use crate::date::{Date, PartialDate, in_words};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ecris::{self, Xml};
use crate::model::Context;
use crate::requests_out::{Checker, Outcome, is_offence_code, shorten};
use crate::rulebook::{self, Region};

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationInInput {
    pub context: Context,
    /// The notification as JSON; give it this way or as `notificationXml`, not both.
    pub message: Option<IncomingNotification>,
    /// The notification as received: an ECRIS v1.0 `NotificationMessage` (XML text). icce reads
    /// it into the same fields as `message` (see `ecris_in`); give it this way or as `message`.
    pub notification_xml: Option<String>,
}

/// An ECRIS notification (NOT) as received, in JSON.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingNotification {
    /// `PL-GB-NOT-000000000000077`.
    pub message_id: String,
    pub timestamp: Option<String>,
    pub person: IncomingPerson,
    pub conviction: IncomingConviction,
    /// For an update: the conviction id notified before.
    pub updated_conviction_reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingPerson {
    pub forename: Option<String>,
    pub surname: Option<String>,
    pub second_surname: Option<String>,
    /// ECRIS sex: 0 unknown, 1 male, 2 female.
    pub sex: Option<u8>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub birth_town: Option<String>,
    /// ECRIS country reference `CO-nn-nnn-AAA`.
    pub birth_country_reference: Option<String>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<10, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 10)))]
    pub nationality_references: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingConviction {
    /// `PL-C-000000000000042`.
    pub conviction_id: String,
    pub court_name: Option<String>,
    pub decision_date: Option<String>,
    pub final_date: Option<String>,
    /// The sender's file number.
    pub file_number: Option<String>,
    /// A decision deletes the conviction from the register.
    #[serde(default)]
    pub delete_from_register: bool,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub offences: Vec<IncomingOffence>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub sanctions: Vec<IncomingSanction>,
    /// The decision-change types (`DCH-nn-X`) of the conviction's decisions, such as `DCH-00-R`.
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub decision_changes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingOffence {
    /// `O-nn-nnnnnn` (Annex A).
    pub category_reference: Option<String>,
    pub national_code: Option<String>,
    pub title: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub place: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingSanction {
    /// `S-nn-nnnnnn` (Annex B).
    pub category_reference: Option<String>,
    pub title: Option<String>,
    /// ISO 8601 duration.
    pub duration: Option<String>,
    pub fine_amount: Option<String>,
    pub fine_currency: Option<String>,
    #[serde(default)]
    pub suspended: bool,
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
    pub xml: Option<String>,
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

/// `XX-GB-NOT-nnnnnnnnnnnnnnn` → the sender's code.
fn notification_sender(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    let ok = b.len() == 25
        && b.get(..2).is_some_and(|p| p.iter().all(u8::is_ascii_uppercase))
        && b.get(2..10) == Some(b"-GB-NOT-")
        && b.get(10..).is_some_and(|p| p.iter().all(u8::is_ascii_digit));
    ok.then(|| id.get(..2)).flatten()
}

/// `CO-nn-nnn-AAA` → the ISO alpha-3 part.
fn country_alpha3(reference: &str) -> Option<&str> {
    let b = reference.as_bytes();
    let ok = b.len() == 13
        && b.get(..3) == Some(b"CO-")
        && b.get(3..5).is_some_and(|p| p.iter().all(u8::is_ascii_digit))
        && b.get(5) == Some(&b'-')
        && b.get(6..9).is_some_and(|p| p.iter().all(u8::is_ascii_digit))
        && b.get(9) == Some(&b'-')
        && b.get(10..).is_some_and(|p| p.iter().all(u8::is_ascii_uppercase));
    ok.then(|| reference.get(10..)).flatten()
}

fn country_name_by_alpha3(a3: &str) -> Option<&'static str> {
    rulebook::ISO_3166_1.iter().find(|r| r.1 == a3).map(|r| r.3)
}

/// Check a notification: `m` is the message, from `message` or read from `notificationXml`;
/// `notes` are what reading the XML had to say, reported first.
pub fn check(input: &NotificationInInput, m: &IncomingNotification, notes: Vec<Diagnostic>) -> Checked {
    let mut diags = Diagnostics::default();
    for d in notes {
        diags.push(d);
    }
    let mut ck = Checker::new(&mut diags);
    let ctx = &input.context;
    let today = ck.today(&ctx.today);
    let timestamp = ck.timestamp(ctx.timestamp.as_ref(), today);
    let contact = ck.contact(&ctx.sending_authority);

    // ---- the message id and the sender ----
    let sender = notification_sender(m.message_id.trim()).map(str::to_owned);
    let sender_name = match &sender {
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

    // ---- the person: a UK national ----
    let p = &m.person;
    let uk_national = p.nationality_references.iter().any(|r| country_alpha3(r.trim()) == Some("GBR"));
    for (i, r) in p.nationality_references.iter().enumerate() {
        if country_alpha3(r.trim()).is_none() {
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
    let forename = ck.name(p.forename.as_ref(), "/message/person/forename", "the forename");
    let surname = ck.name(p.surname.as_ref(), "/message/person/surname", "the surname");
    let second = ck.name(p.second_surname.as_ref(), "/message/person/secondSurname", "the second surname");
    if p.forename.is_none() || p.surname.is_none() {
        ck.push(Diagnostic::new(Code::IncomingPersonIncomplete, "/message/person", "the notification does not give the person's forename and surname", "ECRIS requires both; ask the sender for them"));
    }
    if p.sex.is_some_and(|s| s > 2) {
        ck.push(Diagnostic::new(Code::IncomingPersonIncomplete, "/message/person/sex", "the sex is not an ECRIS code (0, 1 or 2)", "ask the sender to correct it"));
    }
    let dob = ck.partial_date(p.birth_date.as_ref(), "/message/person/birthDate", "the date of birth");
    let town = ck.name(p.birth_town.as_ref(), "/message/person/birthTown", "the town of birth");
    let birth_country = p.birth_country_reference.as_deref().map(str::trim).and_then(|r| {
        let a3 = country_alpha3(r);
        if a3.is_none() {
            ck.push(Diagnostic::new(Code::CountryReferenceMalformed, "/message/person/birthCountryReference", format!("`{}` is not an ECRIS country reference", shorten(r)), "a country reference is CO-nn-nnn-AAA"));
        }
        a3.map(|a| country_name_by_alpha3(a).unwrap_or(if a == "XXX" { "unknown" } else { "a country not in ISO 3166-1" }))
    });

    // ---- the conviction ----
    let c = &m.conviction;
    let cid = c.conviction_id.trim();
    let cid_ok = cid.len() == 20 && cid.get(2..5) == Some("-C-") && sender.as_deref().is_some_and(|s| cid.starts_with(s));
    if !cid_ok {
        ck.push(Diagnostic::new(Code::ConvictionIdMalformed, "/message/conviction/convictionId", format!("`{}` is not a conviction id of the sender", shorten(cid)), "a conviction id is the convicting state's code, -C- and 15 digits"));
    }
    let date = |ck: &mut Checker<'_>, v: Option<&String>, pointer: &str, label: &str| -> Option<Date> {
        let raw = v?;
        let d = Date::parse(raw.trim());
        match d {
            None => ck.push(Diagnostic::new(Code::DateInvalid, pointer, format!("{label} `{}` is not a full date", shorten(raw)), "ECRIS decision dates are full dates; ask the sender")),
            Some(d) if today.is_some_and(|t| d > t) => ck.push(Diagnostic::new(Code::ConvictionDateInFuture, pointer, format!("{label} {d} is after today"), "ask the sender to check it")),
            _ => {}
        }
        d
    };
    let decision = date(&mut ck, c.decision_date.as_ref(), "/message/conviction/decisionDate", "the date of conviction");
    let final_date = date(&mut ck, c.final_date.as_ref(), "/message/conviction/finalDate", "the date the decision became final");
    if c.decision_date.is_none() || c.court_name.is_none() {
        ck.push(Diagnostic::new(Code::IncomingConvictionIncomplete, "/message/conviction", "the notification does not give the date of conviction and the court", "both are mandatory in ECRIS; ask the sender"));
    }
    let court = ck.text(c.court_name.as_ref(), "/message/conviction/courtName", "the court", 400);
    let changes = crate::conviction::check_decision_changes(&c.decision_changes, "/message/conviction/decisionChanges", &mut |d| ck.push(d));

    let mut offences_text = String::new();
    let mut decisions = Vec::new();
    for (i, o) in c.offences.iter().enumerate() {
        let p = format!("/message/conviction/offences/{i}");
        let category = o.category_reference.as_deref().map(str::trim).map(|r| {
            // O-nn-NNNNNN → "NNNN NN"
            let code = r.strip_prefix("O-").and_then(|rest| rest.get(3..)).filter(|d| d.len() == 6 && d.bytes().all(|b| b.is_ascii_digit()) && r.len() == 11);
            match code {
                Some(d) => {
                    let code = format!("{} {}", d.get(..4).unwrap_or(""), d.get(4..).unwrap_or(""));
                    if is_offence_code(&code) && rulebook::offence_category(&code).is_none() && r != "O-00-270000" {
                        ck.push(Diagnostic::new(Code::OffenceCodeNotInTable, format!("{p}/categoryReference"), format!("`{code}` is well formed but not in icce's bundled offence table, which is incomplete"), "look the category up in the official ECRIS Annex A"));
                    }
                    let name = rulebook::offence_category(&code).map(|(n, _)| n).filter(|n| !n.is_empty());
                    match name {
                        Some(n) => format!("ECRIS category {code}: {n}"),
                        None => format!("ECRIS category {code} (name not in icce's partial table)"),
                    }
                }
                None => {
                    ck.push(Diagnostic::new(Code::OffenceCodeMalformed, format!("{p}/categoryReference"), format!("`{}` is not an ECRIS offence category reference", shorten(r)), "an offence category reference is O-nn-nnnnnn"));
                    "ECRIS category not readable".to_owned()
                }
            }
        });
        let title = ck.text(o.title.as_ref(), &format!("{p}/title"), "the offence title", 400).unwrap_or_else(|| "(no title given)".to_owned());
        let start = ck.partial_date(o.start_date.as_ref(), &format!("{p}/startDate"), "the date of the offence");
        let end = ck.partial_date(o.end_date.as_ref(), &format!("{p}/endDate"), "the end of the offence");
        let _ = writeln!(offences_text, "{}. {title}", i + 1);
        if let Some(cat) = &category {
            let _ = writeln!(offences_text, "   {cat}");
        }
        if let Some(code) = o.national_code.as_deref().and_then(crate::text::clean) {
            let _ = writeln!(offences_text, "   National code: {}", shorten(code));
        }
        match (start, end) {
            (Some(s), Some(e)) => {
                let _ = writeln!(offences_text, "   Committed between {} and {}", in_words(s), in_words(e));
            }
            (Some(s), None) => {
                let _ = writeln!(offences_text, "   Committed on {}", in_words(s));
            }
            _ => {
                let _ = writeln!(offences_text, "   Date of the offence not given");
            }
        }
        if let Some(pl) = o.place.as_deref().and_then(crate::text::clean) {
            let _ = writeln!(offences_text, "   Place: {}", shorten(pl));
        }
        decisions.push(Decision {
            key: "recordable-uk-equivalent",
            question: format!("Offence {}: is there a recordable UK-equivalent offence? Only then is it added to the PNC. Decide this yourself; icce does not.", i + 1),
        });
    }
    if c.offences.is_empty() {
        ck.push(Diagnostic::new(Code::IncomingConvictionIncomplete, "/message/conviction/offences", "the notification gives no offence", "ask the sender for the offences"));
    }
    let mut sanctions_text = String::new();
    for (i, s) in c.sanctions.iter().enumerate() {
        let p = format!("/message/conviction/sanctions/{i}");
        let title = ck.text(s.title.as_ref(), &format!("{p}/title"), "the penalty", 400).unwrap_or_else(|| "(no title given)".to_owned());
        let _ = writeln!(sanctions_text, "{}. {title}", i + 1);
        if let Some(r) = s.category_reference.as_deref().map(str::trim) {
            let digits = r.strip_prefix("S-").and_then(|rest| rest.get(3..)).filter(|d| d.len() == 6 && d.bytes().all(|b| b.is_ascii_digit()));
            match digits {
                Some(d) => {
                    let code = d.trim_start_matches('0');
                    let code = if code.len() < 4 { format!("{code:0>4}") } else { code.to_owned() };
                    let known = rulebook::PENALTY_CATEGORIES.iter().any(|(c, ..)| *c == code);
                    if !known {
                        ck.push(Diagnostic::new(Code::PenaltyCodeNotInTable, format!("{p}/categoryReference"), format!("`{code}` is well formed but not in icce's bundled penalty table, which is incomplete"), "look the category up in the official ECRIS Annex B"));
                    }
                    let _ = writeln!(sanctions_text, "   ECRIS penalty category {code} (name not in icce's partial table)");
                }
                None => ck.push(Diagnostic::new(Code::PenaltyCodeMalformed, format!("{p}/categoryReference"), format!("`{}` is not an ECRIS penalty category reference", shorten(r)), "a penalty category reference is S-nn-nnnnnn")),
            }
        }
        if let Some(d) = s.duration.as_deref().map(str::trim) {
            if crate::conviction::is_iso_duration(d) {
                let _ = writeln!(sanctions_text, "   Length: {}{}", duration_in_words(d), if s.suspended { " (suspended)" } else { "" });
            } else {
                ck.push(Diagnostic::new(Code::DurationInvalid, format!("{p}/duration"), format!("`{}` is not an ISO 8601 duration", shorten(d)), "ask the sender"));
            }
        }
        if let (Some(a), Some(cur)) = (s.fine_amount.as_deref(), s.fine_currency.as_deref()) {
            if rulebook::currency(cur.trim()).is_none() {
                ck.push(Diagnostic::new(Code::CurrencyUnknown, format!("{p}/fineCurrency"), format!("`{}` is not an ISO 4217 currency code", shorten(cur)), "ask the sender"));
            }
            let _ = writeln!(sanctions_text, "   Fine: {} {}", shorten(a), shorten(cur));
        }
    }
    let update = m.updated_conviction_reference.as_deref().map(str::trim);
    if let Some(u) = update {
        if u != cid {
            ck.push(Diagnostic::new(Code::ConvictionIdMalformed, "/message/updatedConvictionReference", "an update must refer to the conviction it carries", "ask the sender: the updated reference and the conviction id differ"));
        }
        decisions.push(Decision {
            key: if c.delete_from_register { "apply-deletion" } else { "apply-amendment" },
            question: format!(
                "This {} conviction {} notified before: find the record made from the earlier notification and apply it (s.2(2)).",
                if c.delete_from_register { "deletes" } else { "amends" },
                shorten(u)
            ),
        });
    }
    decisions.insert(0, Decision {
        key: "identify-person",
        question: "Is this the person on the PNC? Match the name, date and place of birth; do not rely on the name alone.".to_owned(),
    });

    // ---- the summary for staff ----
    let mut s = String::new();
    let _ = writeln!(s, "Notification {} from {}", shorten(m.message_id.trim()), sender_name.unwrap_or("an unknown sender"));
    let _ = writeln!(s, "Received: {}", today.map_or_else(|| "unknown".to_owned(), |t| t.to_string()));
    let _ = writeln!(s);
    let _ = writeln!(s, "Person");
    let name: Vec<&str> = [forename.as_deref(), surname.as_deref(), second.as_deref()].into_iter().flatten().collect();
    let _ = writeln!(s, "  Name: {}", if name.is_empty() { "not given".to_owned() } else { name.join(" ") });
    let _ = writeln!(s, "  Born: {}{}", dob.map_or_else(|| "date not given".to_owned(), in_words), match (&town, birth_country) {
        (Some(t), Some(c)) => format!(", {t}, {c}"),
        (Some(t), None) => format!(", {t}"),
        (None, Some(c)) => format!(", {c}"),
        (None, None) => String::new(),
    });
    let _ = writeln!(s, "  UK national: {}", if uk_national { "yes, as the sender records it" } else { "NOT shown as a UK national" });
    let _ = writeln!(s);
    let _ = writeln!(s, "Conviction {}", shorten(cid));
    let _ = writeln!(s, "  Court: {}", court.as_deref().unwrap_or("not given"));
    let _ = writeln!(s, "  Convicted on: {}", decision.map_or_else(|| "not given".to_owned(), |d| in_words(PartialDate { year: d.year, month: Some(d.month), day: Some(d.day) })));
    if let Some(f) = final_date {
        let _ = writeln!(s, "  Final on: {}", in_words(PartialDate { year: f.year, month: Some(f.month), day: Some(f.day) }));
    }
    if c.delete_from_register {
        let _ = writeln!(s, "  The sender DELETES this conviction from its register.");
    }
    for d in &changes {
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
    s.push_str(if offences_text.is_empty() { "  none given\n" } else { &offences_text });
    let _ = writeln!(s);
    let _ = writeln!(s, "Penalties");
    s.push_str(if sanctions_text.is_empty() { "  none given\n" } else { &sanctions_text });
    let _ = writeln!(s);
    let _ = writeln!(s, "What you must decide");
    for (i, d) in decisions.iter().enumerate() {
        let _ = writeln!(s, "{}. {}", i + 1, d.question);
    }

    // ---- the acknowledgement ----
    let seq = ctx.message_sequence;
    if seq > 999_999_999_999_999 {
        ck.push(Diagnostic::new(Code::SequenceOutOfRange, "/context/messageSequence", format!("the message sequence {seq} does not fit the 15 digits of an ECRIS message id"), "the calling system must supply a sequence below 10^15"));
    }
    let outcome = Outcome::from_diagnostics(ck.d);
    let acknowledgement = (outcome == Outcome::Ready).then(|| {
        let (code, name) = rulebook::response_code("notification-successful")?;
        let id = Some(format!("GB-{}-NRS-{seq:015}", sender.as_deref().unwrap_or("XX")));
        let mut a = Acknowledgement {
            message_id: id,
            response_to: m.message_id.trim().to_owned(),
            timestamp: timestamp.clone(),
            response_type_reference: code,
            response_type: name,
            xml: None,
        };
        a.xml = acknowledgement_xml(&a, contact.as_ref());
        Some(a)
    }).flatten();
    if outcome != Outcome::Ready && outcome != Outcome::Unusable {
        ck.push(Diagnostic::new(
            Code::NoAcknowledgementBuilt,
            "/message",
            "icce builds no acknowledgement for a notification with problems: the official ECRIS problem codes were not found, and icce does not invent one",
            "answer the sender with the official notification-response code for the problem, or ask for what is missing",
        ));
    }
    Checked { diagnostics: diags, sender, acknowledgement, summary: s, decisions }
}

fn acknowledgement_xml(a: &Acknowledgement, contact: Option<&ecris::Contact>) -> Option<String> {
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

/// `P2Y6M` → "2 years 6 months", for people; the ISO form stays in the data.
fn duration_in_words(d: &str) -> String {
    let mut out = Vec::new();
    let mut num = String::new();
    let mut in_time = false;
    for c in d.chars().skip(1) {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            unit => {
                let word = match (unit, in_time) {
                    ('Y', _) => "year",
                    ('M', false) => "month",
                    ('W', _) => "week",
                    ('D', _) => "day",
                    ('H', _) => "hour",
                    ('M', true) => "minute",
                    _ => "second",
                };
                let plural = if num == "1" { "" } else { "s" };
                out.push(format!("{num} {word}{plural}"));
                num.clear();
            }
        }
    }
    out.join(" ")
}
