//! Requests in: a member state asks the UK for a person's convictions (European Union (Future
//! Relationship) Act 2020 s.5; `docs/domain/eufra-2020-part-1.md#section-5`).
//!
//! icce checks the request (ids, sender, purpose against Condition A, consent, urgency, whether the
//! person data is enough to search UK records), computes the reply deadline (20 working days
//! beginning with the day of receipt, s.5(4), on the injected calendar; nothing in the Act
//! restarts it when additional identification data arrives), and builds one reply:
//! - a **response** with the convictions found, filtered by s.5(5)–(6): spent convictions only for
//!   a criminal investigation or criminal proceedings, and, for work with children, child sexual
//!   offences whether spent or not;
//! - a **no-record** response;
//! - a **refusal** (denial) with its reason;
//! - a **request for additional information** naming exactly the ECRIS items that would resolve it.
//!
//! Whether a conviction is spent (Rehabilitation of Offenders Act 1974), and whether an offence is
//! a child sexual offence, are recorded by the caller for each conviction: icce applies the law to
//! those facts, it never decides them.

use std::borrow::Cow;
use serde::{Deserialize, Serialize};
use crate::decode::{decode_names, decode_struct};

use crate::calendar::{Calendar, Deadline, DeadlineRule};
use crate::check::{Checker, World};
use crate::conviction::{self, Conviction, ConvictionInput};
use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, Kind, RuleOrigin, SourceRef};
use crate::ecris::ids::{ConvictionId, CountryReference, MAX_SEQUENCE, MessageId};
use crate::ecris::incoming::{IncomingRequest, RequestPurpose, RequestReceipt};
use crate::ecris::read::{self, Given};
use crate::ecris::{self, BirthPlace, CountryRef, Xml};
use crate::json::JsonText;
use crate::model::Context;
use crate::rulebook::{self, Region};
use crate::text::shorten;

/// The request comes once: as JSON (`message`) or as ECRIS XML (`requestXml`), exactly one of
/// the two (`INP-012` otherwise; `null` counts as absent).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [
    { "required": ["message"], "properties": { "message": { "type": "object" } } },
    { "required": ["requestXml"], "properties": { "requestXml": { "type": "string" } } }
])))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestInInput<'a> {
    #[serde(borrow)]
    pub context: Context<'a>,
    /// England and Wales bank holidays (`YYYY-MM-DD`) for the working-day calendar; Good Friday
    /// and Christmas Day are known without them.
    #[serde(default, deserialize_with = "crate::strict::at_most::<400, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 400)))]
    pub bank_holidays: Vec<String>,
    /// The request as JSON; give it this way or as `requestXml`, not both.
    pub message: Option<IncomingRequest>,
    /// The request as received: an ECRIS v1.0 `RequestMessage` (XML text). icce reads it into the
    /// same fields as `message` (see `ecris::read`); what the XML cannot say goes in `receipt`.
    pub request_xml: Option<String>,
    /// With `requestXml` only: the facts about the request that its XML does not carry.
    pub receipt: Option<RequestReceipt>,
    /// What the search of UK records found; absent while the request is only being checked.
    pub search: Option<SearchResult>,
    /// The caseworker refuses the request, with the reason.
    pub refusal: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum SearchOutcome {
    NoRecord,
    Found,
    /// More than one person on UK records could be the person asked about.
    MultipleMatches,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchResult {
    pub outcome: SearchOutcome,
    /// For the ids of the convictions sent (`GB-C-` and 15 digits), injected.
    pub conviction_sequence: Option<u64>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<100, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub convictions: Vec<FoundConviction>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FoundConviction {
    /// Spent under the Rehabilitation of Offenders Act 1974 (s.5(9)), as the record shows.
    pub spent: bool,
    /// A child sexual offence as s.5(8) defines it, as the caseworker found.
    #[serde(default)]
    pub child_sexual_offence: bool,
    pub conviction: ConvictionInput,
}

/// The reply the UK sends.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// `response`, `noRecord`, `refusal` or `additionalInformation`.
    pub kind: &'static str,
    pub message_id: Option<String>,
    pub response_to: String,
    pub timestamp: String,
    /// For a response: the ECRIS response type (`RRT-…`) and its name.
    pub response_type_reference: Option<&'static str>,
    pub response_type: Option<&'static str>,
    /// For a request for additional information: the ECRIS items asked for.
    pub requested_items: Vec<&'static str>,
    pub remarks: Option<String>,
    pub convictions: Vec<Conviction>,
    /// Convictions found but not sent, and why.
    pub withheld: Vec<Withheld>,
    pub xml: Option<JsonText>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Withheld {
    /// Index in `search.convictions`.
    pub index: usize,
    pub reason: &'static str,
}

pub struct Built {
    pub diagnostics: Diagnostics,
    pub sender: Option<String>,
    pub deadline: Option<Deadline>,
    pub reply: Option<Reply>,
}

/// The rule of s.5 behind a diagnostic.
fn s5(sub: &str) -> RuleOrigin {
    RuleOrigin {
        rule_set: "uk",
        file: Cow::Borrowed("docs/domain/eufra-2020-part-1.md#section-5"),
        key: Cow::Owned(format!("EUFRA 2020 s.5{sub}")),
        sources: Cow::Borrowed(&[SourceRef {
            url: "https://www.legislation.gov.uk/ukpga/2020/29/section/5",
            title: "European Union (Future Relationship) Act 2020, s.5",
            weak: false,
        }]),
        json: None,
    }
}

/// A country as the request refers to it (`CO-nn-nnn-AAA`), named from the ISO table.
fn country_from_reference(r: &str) -> Option<CountryRef> {
    let reference = CountryReference::parse(r)?;
    let iso = rulebook::ISO_3166_1.iter().find(|c| c.1 == reference.alpha3);
    Some(CountryRef {
        code: iso.map_or_else(|| reference.alpha3.to_owned().into(), |c| c.0.into()),
        name: iso.map_or("unknown", |c| c.3),
        ecris_reference: r.to_owned().into(),
        former: false,
    })
}

/// Check and answer a request given as JSON or as ECRIS XML; `Err` when it cannot be used.
pub fn answer(input: &RequestInInput) -> Result<Built, Vec<Diagnostic>> {
    if input.message.is_some() && input.request_xml.is_none() && input.receipt.is_some() {
        return Err(vec![Diagnostic::new(
            Code::WrongShape,
            "/receipt",
            "`/receipt` goes with `requestXml` only",
            "with `message`, give the day of receipt and the purpose inside `message`",
        )]);
    }
    let given = Given::from_input(input.message.as_ref(), input.request_xml.as_ref(), "requestXml", |xml| read::read_request(xml, input.receipt.as_ref()))?;
    Ok(given.check(|m, notes| build(input, m, notes), |b| &mut b.diagnostics))
}

/// Check and answer a request: `m` is the message, from `message` or read from `requestXml`;
/// `notes` are what reading the XML had to say, reported first.
///
/// In the order a caseworker works: who asks and how, the deadline, whether UK records can be
/// searched with the person data given, then the reply.
pub fn build(input: &RequestInInput, m: &IncomingRequest, notes: Vec<Diagnostic>) -> Built {
    let mut diags = Diagnostics::starting_with(notes);
    let mut ck = Checker::new(&mut diags);
    let ctx = &input.context;
    let World { today, timestamp, contact } = ck.world(ctx);

    let sender = sender(&mut ck, m);
    let description = request_details(&mut ck, m);
    let deadline = deadline(&mut ck, input, m, today);
    let (person, items) = searchable(&mut ck, m, description.is_some(), input.search.as_ref());
    let seq = ctx.message_sequence;
    let seq_ok = seq <= MAX_SEQUENCE;
    if !seq_ok {
        ck.push(Diagnostic::new(Code::SequenceOutOfRange, "/context/messageSequence", format!("the message sequence {seq} does not fit 15 digits"), "the calling system must supply a sequence below 10^15"));
    }
    let refusal = ck.text(input.refusal.as_deref(), "/refusal", "the reason for refusal", 4000).map(str::to_owned);
    if m.purpose == RequestPurpose::Other && refusal.is_none() {
        ck.push(
            Diagnostic::new(
                Code::ConditionANotMet,
                "/message/purpose",
                "the purpose is neither a law-enforcement purpose nor a UK national's own request: s.5 does not require a reply",
                "refuse it, giving this as the reason, unless another basis applies",
            )
            .with_rule(s5("(2)")),
        );
    }
    let head = ReplyHead {
        to: sender.clone().unwrap_or_else(|| "XX".to_owned()),
        seq: seq_ok.then_some(seq),
        response_to: m.message_id.trim().to_owned(),
        timestamp: timestamp.into_owned(),
    };
    let blocked = ck.d.has(Kind::Invalid) || ck.d.has(Kind::Unusable);
    let reply = if blocked {
        None
    } else if let Some(reason) = refusal {
        let (code, name) = rulebook::response_code("request-denial").unzip();
        let mut r = head.reply("refusal", "RRS", code, name);
        r.remarks = Some(reason);
        r.xml = response_xml(&r, &person, contact.as_ref());
        Some(r)
    } else if !items.is_empty() {
        let mut r = head.reply("additionalInformation", "RAI", None, None);
        r.requested_items = items;
        r.xml = rai_xml(&r, contact.as_ref());
        Some(r)
    } else {
        search_reply(&mut ck, input.search.as_ref(), m.purpose, head, today, &person, contact.as_ref())
    };
    ck.codes_not_from_a_table(reply.iter().filter_map(|r| r.xml.as_ref()), "/search");
    Built { diagnostics: diags, sender, deadline, reply }
}

/// The sender, from the message id: a member state asking the UK.
fn sender(ck: &mut Checker<'_>, m: &IncomingRequest) -> Option<String> {
    let sender = MessageId::parse(m.message_id.trim()).filter(|id| id.receiver == "GB" && id.kind == "REQ").map(|id| id.sender.to_owned());
    match &sender {
        None => ck.push(Diagnostic::new(
            Code::IncomingMessageIdMalformed,
            "/message/messageId",
            format!("`{}` is not the id of a request to the UK", shorten(&m.message_id)),
            "an ECRIS request id is the sender's code, -GB-REQ- and 15 digits, for example PL-GB-REQ-000000000000055",
        )),
        Some(code) if !rulebook::country_file(code).is_some_and(|c| c.region == Region::Eu) => ck.push(
            Diagnostic::new(
                Code::SenderNotMemberState,
                "/message/messageId",
                format!("the sender `{code}` is not an EU member state: s.5 covers requests from member states"),
                "a request from elsewhere comes through Interpol channels and other rules",
            )
            .with_rule(s5("(1)")),
        ),
        Some(_) => {}
    }
    sender
}

/// The requesting authority, consent, urgency and the purpose's description.
fn request_details(ck: &mut Checker<'_>, m: &IncomingRequest) -> Option<String> {
    let _ = ck.text(m.requesting_authority.as_deref(), "/message/requestingAuthority", "the requesting authority", 400);
    if m.requesting_authority.is_none() {
        ck.push(Diagnostic::new(Code::RequestingAuthorityRequired, "/message/requestingAuthority", "the request does not name the authority before which the proceedings are pending", "ECRIS requires it; ask the sender"));
    }
    for (field, v) in [("consent", &m.consent), ("urgency", &m.urgency)] {
        if let Some(x) = v
            && !matches!(x.as_str(), "Yes" | "No" | "UNKNOWN")
        {
            ck.push(Diagnostic::new(Code::WrongEnumeration, format!("/message/{field}"), format!("`{}` is not Yes, No or UNKNOWN", shorten(x)), "ECRIS allows only those three values"));
        }
    }
    ck.text(m.purpose_description.as_deref(), "/message/purposeDescription", "the purpose", 400).map(str::to_owned)
}

/// The deadline: 20 working days beginning with the day of receipt (s.5(4)), on the injected
/// calendar of bank holidays.
fn deadline(ck: &mut Checker<'_>, input: &RequestInInput, m: &IncomingRequest, today: Option<Date>) -> Option<Deadline> {
    let mut holidays = Vec::new();
    for (i, h) in input.bank_holidays.iter().enumerate() {
        match Date::parse(h.trim()) {
            Some(d) => holidays.push(d),
            None => ck.push(Diagnostic::new(Code::DateInvalid, format!("/bankHolidays/{i}"), format!("`{}` is not a date", shorten(h)), "write YYYY-MM-DD")),
        }
    }
    let calendar = Calendar::new(holidays);
    let date_field = |ck: &mut Checker<'_>, v: Option<&String>, pointer: &str| -> Option<Date> {
        let raw = v?;
        let d = Date::parse(raw.trim());
        match d {
            None => ck.push(Diagnostic::new(Code::DateInvalid, pointer.to_owned(), format!("`{}` is not a full date", shorten(raw)), "write YYYY-MM-DD")),
            Some(d) if today.is_some_and(|t| d > t) => ck.push(Diagnostic::new(Code::ConvictionDateInFuture, pointer.to_owned(), format!("{d} is after today"), "check the date")),
            _ => {}
        }
        d.filter(|d| today.is_none_or(|t| *d <= t))
    };
    let received = date_field(ck, m.received.as_ref(), "/message/received").or(if m.received.is_none() { today } else { None });
    let additional = date_field(ck, m.additional_information_received.as_ref(), "/message/additionalInformationReceived");
    let rule = DeadlineRule::UkReply;
    let deadline = received.and_then(|s| {
        let date = calendar.deadline(rule, s)?;
        let days_left = today.and_then(|t| calendar.working_days_between(t, date)).unwrap_or(0);
        Some(Deadline { date: date.to_string(), rule: rule.key(), explanation: rule.explanation(), starts: s.to_string(), days_left })
    });
    if let Some(d) = &deadline
        && d.days_left < 0
    {
        ck.push(Diagnostic::new(Code::ReplyOverdue, "/message/received", format!("the 20 working days ended on {}", d.date), "reply now").with_rule(s5("(4)")));
    }
    if let Some(a) = additional {
        ck.push(
            Diagnostic::new(
                Code::DeadlineRunsFromReceipt,
                "/message/additionalInformationReceived",
                format!("additional information arrived on {a}, but the 20 working days still run from the day the request was received"),
                "s.5(4) counts the relevant period from receipt, and nothing in the Act restarts it: reply by the deadline given",
            )
            .with_rule(s5("(4)")),
        );
    }
    deadline
}

/// Whether the person data is enough to search UK records safely: the person in ECRIS form, and
/// the ECRIS items to ask for when it is not.
fn searchable<'m>(ck: &mut Checker<'_>, m: &'m IncomingRequest, described: bool, search: Option<&SearchResult>) -> (ecris::Person<'m>, Vec<&'static str>) {
    let p = &m.person;
    let forename = ck.name(p.forename.as_deref(), "/message/person/forename", "the forename").map(Cow::Borrowed);
    let surname = ck.name(p.surname.as_deref(), "/message/person/surname", "the surname").map(Cow::Borrowed);
    let second_surname = ck.name(p.second_surname.as_deref(), "/message/person/secondSurname", "the second surname").map(Cow::Borrowed);
    let birth = ck.partial_date(p.birth_date.as_deref(), "/message/person/birthDate", "the date of birth");
    let town = ck.name(p.birth_town.as_deref(), "/message/person/birthTown", "the town of birth").map(Cow::Borrowed);
    let mut items: Vec<&'static str> = Vec::new();
    if forename.is_none() {
        items.push("Forename");
    }
    if surname.is_none() {
        items.push("Surname");
    }
    if p.sex.is_none_or(|s| s > 2) {
        items.push("Sex");
    }
    if birth.is_none_or(|b| b.day.is_none()) {
        items.push("BirthDate");
    }
    let birth_country = p.birth_country_reference.as_deref().map(str::trim).and_then(country_from_reference);
    if town.is_none() || birth_country.is_none() {
        items.push("BirthPlace");
    }
    let nationalities: Vec<CountryRef> = p.nationality_references.iter().filter_map(|r| country_from_reference(r.trim())).collect();
    if nationalities.is_empty() {
        items.push("Nationality");
    }
    if m.purpose == RequestPurpose::Other && !described {
        items.push("MoreInformationOnRequestPurpose");
    }
    if search.is_some_and(|s| s.outcome == SearchOutcome::MultipleMatches) {
        // Items that tell people of the same name and date of birth apart, when not given.
        items.extend(["MotherName", "FatherName", "IdentificationDocument", "Fingerprints"]);
    }
    if !items.is_empty() {
        ck.push(Diagnostic::new(
            Code::AdditionalInformationNeeded,
            "/message/person",
            format!("UK records cannot be searched safely without: {}", items.join(", ")),
            "icce builds a request for additional information naming exactly these items; the 20 working days of s.5(4) still run from the day the request was received",
        ));
    }
    let person = ecris::Person {
        forename,
        surname,
        second_surname,
        full_name: None,
        sex: p.sex.filter(|s| *s <= 2),
        sex_cjs: None,
        birth_date: birth,
        birth_place: BirthPlace { country: birth_country, town },
        nationalities,
        former_forenames: vec![],
        former_surnames: vec![],
        former_second_surnames: vec![],
        father_forename: None,
        father_surname: None,
        mother_forename: None,
        mother_surname: None,
        identity_number: None,
        identification_documents: vec![],
        addresses: vec![],
        aliases: vec![],
        remarks: None,
    };
    (person, items)
}

/// What every reply carries: whom it goes to, its sequence, what it answers and when.
struct ReplyHead {
    to: String,
    /// The injected sequence, when it fits an ECRIS id.
    seq: Option<u64>,
    response_to: String,
    timestamp: String,
}

impl ReplyHead {
    fn reply(self, kind: &'static str, message_type: &str, response_type_reference: Option<&'static str>, response_type: Option<&'static str>) -> Reply {
        Reply {
            kind,
            message_id: self.seq.and_then(|seq| MessageId::format("GB", &self.to, message_type, seq)),
            response_to: self.response_to,
            timestamp: self.timestamp,
            response_type_reference,
            response_type,
            requested_items: vec![],
            remarks: None,
            convictions: vec![],
            withheld: vec![],
            xml: None,
        }
    }
}

/// The reply once UK records are searched: no record, or the convictions found, filtered by
/// s.5(5)-(6).
fn search_reply(
    ck: &mut Checker<'_>,
    search: Option<&SearchResult>,
    purpose: RequestPurpose,
    head: ReplyHead,
    today: Option<Date>,
    person: &ecris::Person<'_>,
    contact: Option<&ecris::Contact<'_>>,
) -> Option<Reply> {
    let s = match search {
        None => {
            ck.push(Diagnostic::new(Code::SearchResultRequired, "/search", "the request can be answered once UK records are searched", "search the PNC (and the records retained under s.2), then give the result here"));
            return None;
        }
        Some(s) if s.outcome == SearchOutcome::NoRecord || s.outcome == SearchOutcome::Found => s,
        Some(_) => return None,
    };
    let (code, name) = rulebook::response_code("request-successful").unzip();
    let kind = if s.outcome == SearchOutcome::NoRecord { "noRecord" } else { "response" };
    let mut r = head.reply(kind, "RRS", code, name);
    if s.outcome == SearchOutcome::NoRecord && !s.convictions.is_empty() {
        ck.push(Diagnostic::new(Code::SearchInconsistent, "/search/convictions", "the search says no record but lists convictions", "correct the search result"));
    }
    if s.outcome == SearchOutcome::Found && s.convictions.is_empty() {
        ck.push(Diagnostic::new(Code::SearchInconsistent, "/search/convictions", "the search says found but lists no conviction", "list the convictions, or say no record"));
    }
    let base_seq = s.conviction_sequence;
    if s.outcome == SearchOutcome::Found && base_seq.is_none() {
        ck.push(Diagnostic::new(Code::ConvictionSequenceRequired, "/search/convictionSequence", "the convictions sent need ids: the conviction sequence is missing", "the calling system supplies it"));
    }
    let mut sent = 0u64;
    for (i, f) in s.convictions.iter().enumerate() {
        // s.5(5)-(6): which convictions go.
        let send = !f.spent || purpose == RequestPurpose::CriminalProceedings || (purpose == RequestPurpose::WorkWithChildren && f.child_sexual_offence);
        if !send {
            r.withheld.push(Withheld { index: i, reason: "spent, and the request is not for a criminal investigation or criminal proceedings (s.5(5)); for work with children only spent child sexual offences are sent (s.5(6))" });
            continue;
        }
        let id = base_seq.and_then(|b| b.checked_add(sent)).and_then(|n| ConvictionId::format("GB", n));
        sent += 1;
        let c = conviction::check(&f.conviction, &format!("/search/convictions/{i}/conviction"), id, today, &mut |d| ck.push(d));
        r.convictions.push(c);
    }
    if !r.withheld.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::SpentConvictionsWithheld,
                "/search/convictions",
                format!("{} spent conviction(s) withheld for this purpose", r.withheld.len()),
                "s.5(5) does not require spent convictions to be given for this purpose; s.5(7) data protection applies to the rest",
            )
            .with_rule(s5("(5)-(6)")),
        );
    }
    if !ck.d.has(Kind::Invalid) && !ck.d.has(Kind::Missing) {
        r.xml = response_xml(&r, person, contact);
    }
    Some(r)
}

fn meta(x: &mut Xml, r: &Reply) -> Option<()> {
    x.open("msg:MessageMetaData");
    x.leaf("msg:MessageMetaDataMessageID", r.message_id.as_deref()?);
    x.leaf("msg:MessageMetaDataTimestamp", &r.timestamp);
    x.leaf("msg:MessageMetaDataResponseTo", &r.response_to);
    x.close("msg:MessageMetaData");
    Some(())
}

fn response_xml(r: &Reply, person: &ecris::Person<'_>, contact: Option<&ecris::Contact<'_>>) -> Option<JsonText> {
    let mut x = Xml::new();
    x.open_attrs("svc:RequestResponseMessage", &ecris::root_attrs());
    meta(&mut x, r)?;
    x.open("msg:MessageData");
    ecris::contact_xml(&mut x, contact);
    ecris::person_xml(&mut x, "msg:MessageDataPerson", person)?;
    x.opt_english("msg:MessageDataRemarks", r.remarks.as_deref());
    for c in &r.convictions {
        conviction::conviction_xml(&mut x, "msg:MessageDataConviction", c, false)?;
    }
    x.leaf("msg:MessageDataRequestResponseTypeReference", r.response_type_reference?);
    x.close("msg:MessageData");
    x.close("svc:RequestResponseMessage");
    Some(x.finish())
}

fn rai_xml(r: &Reply, contact: Option<&ecris::Contact<'_>>) -> Option<JsonText> {
    let mut x = Xml::new();
    x.open_attrs("svc:RequestAdditionalInfoMessage", &ecris::root_attrs());
    meta(&mut x, r)?;
    x.open("msg:MessageData");
    ecris::contact_xml(&mut x, contact);
    for item in &r.requested_items {
        x.leaf("msg:MessageDataAdditionalInformationRequested", item);
    }
    x.close("msg:MessageData");
    x.close("svc:RequestAdditionalInfoMessage");
    Some(x.finish())
}

// The decoder ([`crate::decode`]): each type as its derived `Deserialize` reads it.

decode_struct!(RequestInInput<'a> {
    "context" => context: req,
    "bankHolidays" => bank_holidays: list 400,
    "message" => message: opt,
    "requestXml" => request_xml: opt,
    "receipt" => receipt: opt,
    "search" => search: opt,
    "refusal" => refusal: opt,
});

decode_names!(SearchOutcome { "noRecord" => NoRecord, "found" => Found, "multipleMatches" => MultipleMatches });

decode_struct!(SearchResult {
    "outcome" => outcome: req,
    "convictionSequence" => conviction_sequence: opt,
    "convictions" => convictions: list 100,
});

decode_struct!(FoundConviction {
    "spent" => spent: req,
    "childSexualOffence" => child_sexual_offence: def,
    "conviction" => conviction: req,
});
