//! Requests out: UK police ask other countries for a person's convictions.
//!
//! [`validate`] reads the request the way a caseworker at the central authority does: the
//! injected context, the person, the countries to ask, how the request came (an automated custody
//! request or the request form), its purpose, case and officer, the UK identifiers, the requesting
//! authority and the offences; then what each destination's rule book asks for. Every diagnostic
//! is collected in that one pass; then one ECRIS REQ-shaped message is built per destination
//! country and, when anything is missing or wrong, the email to the requesting officer
//! ([`email`]).

pub mod email;
mod uk;

use serde::Serialize;

use crate::check::Checker;
use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, Kind, Outcome, RuleOrigin, SourceRef, list_pointer};
use crate::ecris::ids::{MessageId, is_offence_code};
use crate::ecris::{self, CountryRef, EcrisRequest};
use crate::model::{Consent, Context, FormReason, Purpose, RequestDetails, RequestOutInput, Route};
use crate::person::{self, CheckedPerson};
use crate::rulebook::{self, Channel, Country, Item, Level};
use crate::text::{self, prefix_chars, shorten};

use self::email::Email;

/// One destination country: its rules, its status and its message.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Destination {
    pub country: String,
    pub name: &'static str,
    /// The rule-book file that applies (`countries/PL.toml`, or `countries/default.toml`).
    pub rules: &'static str,
    pub channel: Channel,
    pub request_language: &'static str,
    pub reply_deadline: &'static rulebook::ReplyDeadline,
    pub status: Outcome,
    /// Items this country requires that are missing (keys such as `father-forename`).
    pub missing: Vec<&'static str>,
    /// Items this country recommends that are missing.
    pub recommended_missing: Vec<&'static str>,
    pub message: EcrisRequest,
    /// The ECRIS XML, only when the destination is on ECRIS and its request is ready.
    pub xml: Option<String>,
}

#[derive(Debug)]
pub struct Validated {
    pub diagnostics: Diagnostics,
    pub destinations: Vec<Destination>,
    pub email: Option<Email>,
}

/// Validate a request out and build its messages and email.
pub fn validate(input: &RequestOutInput) -> Validated {
    let mut diags = Diagnostics::default();
    let mut ck = Checker::new(&mut diags);
    let request = &input.request;

    let world = context(&mut ck, &input.context);
    let person = person::check(&mut ck, &input.person, world.today);
    let nationalities = &person.person.nationalities;
    let destinations = destinations(&mut ck, request, nationalities);
    route(&mut ck, input, nationalities, destinations.is_empty());
    let purpose = purpose(&mut ck, request);
    let case = case_and_officer(&mut ck, request);
    let force = uk::identifiers(&mut ck, &input.uk, world.today, person.dob);
    let requesting_authority = requesting_authority(&mut ck, request, &force);
    let offences = offences(&mut ck, request);
    let remarks = ck.text(request.remarks.as_ref(), "/request/remarks", "the remarks", 4000);
    let needs = country_requirements(&mut ck, &destinations, &person, &purpose, request.purpose.as_ref());
    let seq_ok = ck.message_sequence(input.context.message_sequence, destinations.len());

    let common = Common { world: &world, request, purpose: &purpose, case: &case, requesting_authority, offences, remarks, seq_ok };
    let out = messages(&ck, &common, &destinations, needs, person, input.context.message_sequence);
    channel_notes(&mut ck, &out, &purpose);

    let outcome = Outcome::from_diagnostics(ck.d);
    let email = (outcome == Outcome::Incomplete || outcome == Outcome::Invalid).then(|| {
        email::missing_information(&email::EmailInput {
            outcome,
            to: case.officer_email.clone(),
            officer_name: case.officer_name.clone(),
            case_reference: case.reference.clone(),
            custody_record: input.uk.custody_record.as_deref().and_then(text::clean).map(shorten),
            sender: world.sending_authority.clone().unwrap_or_else(|| "UK Central Authority".to_owned()),
            destinations: &out,
            diagnostics: ck.d,
        })
    });
    Validated { diagnostics: diags, destinations: out, email }
}

/// The injected world: today, the timestamp and the sending authority.
struct World {
    today: Option<Date>,
    timestamp: String,
    sending_authority: Option<String>,
    contact: Option<ecris::Contact>,
}

fn context(ck: &mut Checker<'_>, ctx: &Context) -> World {
    let today = ck.today(&ctx.today);
    let timestamp = ck.timestamp(ctx.timestamp.as_ref(), today);
    let sending_authority = ck.text(Some(&ctx.sending_authority.name), "/context/sendingAuthority/name", "the sending authority's name", 400);
    let contact = ck.contact(&ctx.sending_authority);
    World { today, timestamp, sending_authority, contact }
}

/// The countries to ask: every nationality but British, then the destinations named.
fn destinations(ck: &mut Checker<'_>, request: &RequestDetails, nationalities: &[CountryRef]) -> Vec<CountryRef> {
    let mut destinations: Vec<CountryRef> = nationalities.iter().filter(|c| c.code != "GB").cloned().collect();
    for (i, d) in request.destinations.iter().enumerate() {
        let pointer = format!("/request/destinations/{i}");
        if let Some(c) = ck.country(d, &pointer, "the destination") {
            if c.code == "GB" {
                ck.push(Diagnostic::new(Code::DestinationIsUk, pointer, "the UK cannot be asked about its own records through this route", "search the PNC; name only other countries here"));
            } else if destinations.iter().any(|x| x.code == c.code) {
                ck.push(Diagnostic::new(Code::DuplicateDestination, pointer, format!("`{}` is already a destination", c.code), "remove the repeat"));
            } else {
                destinations.push(c);
            }
        }
    }
    destinations
}

/// How the request came: the automated custody route is for foreign nationals in custody; the
/// form is for a UK national, or a person not arrested but subject to relevant proceedings.
fn route(ck: &mut Checker<'_>, input: &RequestOutInput, nationalities: &[CountryRef], no_destination: bool) {
    let british = nationalities.iter().any(|c| c.code == "GB");
    let no_foreign_nationality = !nationalities.is_empty() && nationalities.iter().all(|c| c.code == "GB");
    let uk = &input.uk;
    match &input.request.route {
        None => ck.push(Diagnostic::new(
            Code::RouteRequired,
            "/request/route",
            "the request does not say how it came: an automated custody request, or the request form",
            "choose the route; for the form, say whether the person is a UK national or was not arrested",
        )),
        Some(Route::AutomatedCustody) => {
            if no_foreign_nationality {
                ck.push(Diagnostic::new(
                    Code::RouteNotForBritish,
                    "/request/route",
                    "the automated custody route is for foreign nationals, and this person is British only",
                    "send a request form instead, naming the countries to ask in `destinations`",
                ));
            }
            if uk.arrest_date.is_none() || uk.custody_record.is_none() {
                ck.push(Diagnostic::new(
                    Code::ArrestDetailsRequired,
                    if uk.arrest_date.is_none() { "/uk/arrestDate" } else { "/uk/custodyRecord" },
                    "an automated custody request needs the arrest date and the custody record reference",
                    "the custody system sends both with the request",
                ));
            }
        }
        Some(Route::Form { reason, proceedings }) => {
            if *reason == FormReason::NotArrested {
                let given = ck.text(proceedings.as_ref(), "/request/route/proceedings", "the proceedings", 400);
                if given.is_none() && proceedings.is_none() {
                    ck.push(Diagnostic::new(
                        Code::ProceedingsDetailsRequired,
                        "/request/route/proceedings",
                        "a person who was not arrested must be subject to relevant proceedings, and the form must say which",
                        "describe the proceedings, for example a summons or a postal requisition and its court",
                    ));
                }
            }
            if *reason == FormReason::UkNational && !british && !nationalities.is_empty() {
                ck.push(Diagnostic::new(
                    Code::RouteNotForBritish,
                    "/request/route/reason",
                    "the form says the person is a UK national, but `GB` is not among the nationalities",
                    "add `GB` to the nationalities, or choose the reason that applies",
                ));
            }
        }
    }
    if no_destination && !nationalities.is_empty() {
        ck.push(Diagnostic::new(
            Code::NoDestination,
            "/request/destinations",
            "there is no country to ask: the person is British only and no other country is named",
            "name the countries where the person lived or may have been convicted in `destinations`",
        ));
    }
}

/// The purpose: its local table key, and the details or description given.
struct PurposeGiven {
    key: &'static str,
    text: Option<String>,
    /// The purpose as the message states it: "Criminal proceedings: …".
    full: String,
}

fn purpose(ck: &mut Checker<'_>, request: &RequestDetails) -> PurposeGiven {
    let (key, text) = match &request.purpose {
        None => {
            ck.push(Diagnostic::new(
                Code::PurposeRequired,
                "/request/purpose",
                "the purpose of the request is missing",
                "say whether the information is for criminal proceedings, or describe the other purpose",
            ));
            ("criminal-proceedings", None)
        }
        Some(Purpose::CriminalProceedings { details }) => {
            let d = ck.text(details.as_ref(), "/request/purpose/details", "the purpose details", 400);
            ("criminal-proceedings", d)
        }
        Some(Purpose::Other { description }) => {
            let d = ck.text(description.as_ref(), "/request/purpose/description", "the purpose description", 400);
            if description.is_none() {
                ck.push(Diagnostic::new(
                    Code::PurposeDetailsRequired,
                    "/request/purpose/description",
                    "the purpose is not criminal proceedings, and it is not described",
                    "say what the information is for, and under which law it may be requested",
                ));
            }
            if request.consent != Consent::Yes {
                ck.push(Diagnostic::new(
                    Code::ConsentNotGiven,
                    "/request/consent",
                    "the request is not for criminal proceedings and the person's consent is not recorded",
                    "many registers disclose for other purposes only with the person's consent; record it if it was given",
                ));
            }
            ("other-purpose", d)
        }
    };
    let words = match &request.purpose {
        Some(Purpose::Other { .. }) => "Other purpose",
        _ => "Criminal proceedings",
    };
    let full = match &text {
        Some(t) => format!("{words}: {t}"),
        None => words.to_owned(),
    };
    let full = if full.len() <= 400 { full } else { prefix_chars(&full, 400).to_owned() };
    PurposeGiven { key, text, full }
}

/// The case reference and the officer to write to.
struct Case {
    reference: Option<String>,
    officer_email: Option<String>,
    officer_name: Option<String>,
}

fn case_and_officer(ck: &mut Checker<'_>, request: &RequestDetails) -> Case {
    let reference = ck.text(request.case_reference.as_ref(), "/request/caseReference", "the case reference", 50);
    if request.case_reference.is_none() {
        ck.push(Diagnostic::new(Code::CaseReferenceRequired, "/request/caseReference", "the case reference is missing", "give the reference the reply and any email should quote"));
    }
    let officer = request.officer.as_ref();
    let officer_email = match officer.and_then(|o| o.email.as_ref()) {
        None => {
            ck.push(Diagnostic::new(
                Code::OfficerEmailRequired,
                "/request/officer/email",
                "the requesting officer's email is missing",
                "icce emails the officer when a country needs more information; give a monitored address",
            ));
            None
        }
        Some(e) if !text::plausible_email(e.trim()) => {
            ck.push(Diagnostic::new(Code::EmailInvalid, "/request/officer/email", format!("`{}` is not an email address", shorten(e)), "give an address like name@example.police.uk"));
            None
        }
        Some(e) => Some(e.trim().to_owned()),
    };
    let officer_name = ck.name(officer.and_then(|o| o.name.as_ref()), "/request/officer/name", "the officer's name");
    // Checked for length and characters; not part of the ECRIS message.
    let _ = ck.text(officer.and_then(|o| o.phone.as_ref()), "/request/officer/phone", "the officer's phone", 30);
    Case { reference, officer_email, officer_name }
}

/// The authority before which the proceedings are pending: as named, or the force of the PNC
/// force code.
fn requesting_authority(ck: &mut Checker<'_>, request: &RequestDetails, force: &uk::Force) -> Option<(String, Option<String>)> {
    let authority = match &request.requesting_authority {
        Some(ra) => {
            let name = ck.text(Some(&ra.name), "/request/requestingAuthority/name", "the requesting authority's name", 400);
            let code = ck.text(ra.code.as_ref(), "/request/requestingAuthority/code", "the requesting authority's code", 50);
            name.map(|n| (n, code))
        }
        None => force.name.map(|n| (format!("{n} (PNC force {})", force.code.as_deref().unwrap_or("")), force.code.clone())),
    };
    if authority.is_none() && request.requesting_authority.is_none() {
        ck.push(Diagnostic::new(
            Code::RequestingAuthorityRequired,
            "/request/requestingAuthority",
            "the requesting authority is not named and no PNC force code gives it",
            "give the force code, or name the authority before which the proceedings are pending",
        ));
    }
    authority
}

/// The offences under investigation: their ECRIS categories and the accusation text.
struct Offences {
    codes: Vec<String>,
    accusation: String,
}

fn offences(ck: &mut Checker<'_>, request: &RequestDetails) -> Offences {
    const BASE: &str = "/request/offences/";
    let mut codes = Vec::new();
    let mut texts = Vec::new();
    let mut ptr = String::new();
    for (i, o) in request.offences.iter().enumerate() {
        if let Some(c) = &o.category {
            let c = c.trim();
            if !is_offence_code(c) {
                ck.push(Diagnostic::new(Code::OffenceCodeMalformed, format!("{BASE}{i}/category"), format!("`{}` is not an ECRIS offence category code", shorten(c)), "write four digits, a space and two digits, for example `0401 00`"));
            } else {
                if rulebook::offence_category(c).is_none() {
                    ck.push(Diagnostic::new(
                        Code::OffenceCodeNotInTable,
                        format!("{BASE}{i}/category"),
                        format!("`{c}` is well formed but not in icce's bundled offence table, which is incomplete"),
                        "the code is sent as given; check it against the official ECRIS Annex A",
                    ));
                }
                codes.push(c.to_owned());
            }
        }
        if let Some(t) = ck.text(o.description.as_ref(), list_pointer(&mut ptr, BASE, i, "/description"), "the offence description", 400) {
            texts.push(t);
        }
    }
    let accusation = texts.join("; ");
    if text::char_len(&accusation) > 400 {
        ck.push(Diagnostic::new(Code::TextTooLong, "/request/offences", "the offence descriptions together are longer than the 400 characters ECRIS allows", "shorten the descriptions"));
    }
    Offences { codes, accusation }
}

/// What each destination's rule book requires and recommends that is not given: (missing,
/// recommended missing) per destination, in order.
type Needs = Vec<(Vec<&'static str>, Vec<&'static str>)>;

fn country_requirements(ck: &mut Checker<'_>, destinations: &[CountryRef], person: &CheckedPerson, purpose: &PurposeGiven, asked: Option<&Purpose>) -> Needs {
    let mut needs = Vec::new();
    for dest in destinations {
        let rules = rulebook::rules_for(&dest.code);
        let mut missing = Vec::new();
        let mut recommended = Vec::new();
        for r in rules.requirements {
            let given = if r.item == Item::PurposeDetails { purpose.text.is_some() } else { person.has(r.item) };
            if given {
                continue;
            }
            let (code, list, verb) = match r.level {
                Level::Required => (Code::ItemRequired, &mut missing, "needs"),
                Level::Recommended => (Code::ItemRecommended, &mut recommended, "recommends"),
            };
            list.push(r.item.key());
            ck.push(
                Diagnostic::new(code, item_pointer(r.item, asked), format!("{} {verb} {}", dest.name, r.item.phrase()), r.note)
                    .with_rule(requirement_rule(rules, r))
                    .with_countries(vec![dest.code.to_owned()])
                    .with_item(r.item.key()),
            );
        }
        needs.push((missing, recommended));
    }
    needs
}

/// Where in the input an item a country asks for goes.
fn item_pointer(item: Item, purpose: Option<&Purpose>) -> &'static str {
    match item {
        Item::PurposeDetails => match purpose {
            Some(Purpose::Other { .. }) => "/request/purpose/description",
            _ => "/request/purpose/details",
        },
        Item::SecondSurname => "/person/secondSurname",
        Item::SurnameAtBirth => "/person/surnameAtBirth",
        Item::FormerNames => "/person/formerNames",
        Item::Alias => "/person/aliases",
        Item::FatherForename => "/person/father/forename",
        Item::FatherSurname => "/person/father/surname",
        Item::MotherForename => "/person/mother/forename",
        Item::MotherSurname => "/person/mother/surname",
        Item::MotherMaidenName => "/person/mother/maidenName",
        Item::IdentityNumber => "/person/identityNumber",
        Item::IdentityDocument => "/person/identityDocuments",
        Item::Address => "/person/addresses",
        Item::Fingerprints => "/person/fingerprints",
    }
}

/// The rule-book requirement behind a diagnostic: its file and line, key and sources.
fn requirement_rule(country: &'static Country, r: &'static rulebook::Requirement) -> RuleOrigin {
    RuleOrigin {
        rule_set: country.code,
        file: format!("{}:{}", country.file, r.line),
        key: format!("requirement.{}", r.item.key()),
        sources: r
            .sources
            .iter()
            .filter_map(|k| country.source(k))
            .map(|s| SourceRef { url: s.url, title: s.title, weak: s.weak })
            .collect(),
    }
}

/// What every destination's message shares.
struct Common<'a> {
    world: &'a World,
    request: &'a RequestDetails,
    purpose: &'a PurposeGiven,
    case: &'a Case,
    requesting_authority: Option<(String, Option<String>)>,
    offences: Offences,
    remarks: Option<String>,
    seq_ok: bool,
}

/// The local placeholder codes every ECRIS request carries (`tables/local-reference-codes.tsv`):
/// (purpose, requesting-authority type).
fn local_codes(purpose: &PurposeGiven) -> (&'static str, &'static str) {
    (
        rulebook::local_code("request-purpose", purpose.key).unwrap_or("P-00-000000"),
        rulebook::local_code("requesting-authority-type", "police").unwrap_or("RAT-00-Z"),
    )
}

/// One message per destination, with its status and, when it is ready and on ECRIS, its XML.
fn messages(ck: &Checker<'_>, c: &Common<'_>, destinations: &[CountryRef], needs: Needs, person: CheckedPerson, seq: u64) -> Vec<Destination> {
    let (local_purpose, local_rat) = local_codes(c.purpose);
    let has_invalid = ck.d.has(Kind::Invalid);
    let baseline_missing = ck.d.iter().any(|d| d.kind == Kind::Missing && d.countries.is_empty());
    let mut out = Vec::with_capacity(destinations.len());
    // Each destination's message carries the person; the last one takes it instead of a copy.
    let mut person = Some(person.person);
    let n_destinations = destinations.len();
    for (i, (dest, (missing, recommended))) in destinations.iter().zip(needs).enumerate() {
        let rules = rulebook::rules_for(&dest.code);
        let status = if has_invalid {
            Outcome::Invalid
        } else if baseline_missing || !missing.is_empty() {
            Outcome::Incomplete
        } else {
            Outcome::Ready
        };
        let message_id = c.seq_ok.then(|| MessageId::format("GB", &dest.code, "REQ", seq + u64::try_from(i).unwrap_or(0))).flatten();
        let mut local_codes = vec![local_purpose.to_owned(), local_rat.to_owned()];
        local_codes.sort();
        let this_person = if i + 1 == n_destinations { person.take() } else { person.clone() };
        let Some(this_person) = this_person else { continue }; // only the last destination takes it
        let message = EcrisRequest {
            message_id,
            message_type: "REQ",
            timestamp: c.world.timestamp.clone(),
            sender: "GB",
            receiver: dest.code.clone(),
            contact_person: c.world.contact.clone(),
            person: this_person,
            remarks: c.remarks.clone(),
            purpose_category_reference: local_purpose,
            purpose: c.purpose.full.clone(),
            accusation_categories: c.offences.codes.iter().map(|code| format!("O-00-{}", code.replace(' ', ""))).collect(),
            accusation: (!c.offences.accusation.is_empty()).then(|| prefix_chars(&c.offences.accusation, 400).to_owned()),
            requesting_authority: c.requesting_authority.as_ref().map(|(name, code)| ecris::RequestingAuthority {
                type_reference: local_rat,
                code: code.clone(),
                name: name.clone(),
            }),
            case_reference: c.case.reference.clone(),
            consent: match c.request.consent {
                Consent::Yes => "Yes",
                Consent::No => "No",
                Consent::Unknown => "UNKNOWN",
            },
            urgency: match c.request.urgent {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "UNKNOWN",
            },
            local_codes,
        };
        let xml = (status == Outcome::Ready && rules.channel == Channel::EcrisTca).then(|| ecris::request_xml(&message)).flatten();
        out.push(Destination {
            country: dest.code.clone(),
            name: if rules.code == "default" { dest.name } else { rules.name },
            rules: rules.file,
            channel: rules.channel,
            request_language: rules.request_language,
            reply_deadline: &rules.reply_deadline,
            status,
            missing,
            recommended_missing: recommended,
            message,
            xml,
        });
    }
    out
}

/// What the answer must say about the channels: the codes that are not from an official table
/// (on ECRIS), and the destinations that are not on ECRIS at all.
fn channel_notes(ck: &mut Checker<'_>, out: &[Destination], purpose: &PurposeGiven) {
    if out.iter().any(|d| d.channel == Channel::EcrisTca) {
        let (local_purpose, local_rat) = local_codes(purpose);
        ck.push(Diagnostic::new(
            Code::LocalReferenceCodes,
            "/request/purpose",
            format!("the ECRIS request carries the local placeholder codes {local_purpose} (purpose) and {local_rat} (requesting authority type), and country references derived as CO-00-<numeric>-<alpha-3>"),
            "the official ECRIS reference tables were not found; replace core/tables/local-reference-codes.tsv with the official mapping",
        ));
    }
    let non_ecris: Vec<String> = out.iter().filter(|d| d.channel != Channel::EcrisTca).map(|d| d.country.clone()).collect();
    if !non_ecris.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::NotEcrisChannel,
                "/person/nationalities",
                format!("{} {} not on ECRIS: the request goes through Interpol channels via the NCA", non_ecris.join(", "), if non_ecris.len() == 1 { "is" } else { "are" }),
                "ACRO sends it; no ECRIS XML is built, and no reply deadline applies unless the country file says so",
            )
            .with_countries(non_ecris),
        );
    }
}
