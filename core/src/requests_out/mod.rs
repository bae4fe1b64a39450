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
pub mod nca;
mod uk;

use std::borrow::Cow;
use serde::Serialize;

use crate::check::Checker;
use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, Kind, ListPointer, Outcome, RuleOrigin, SourceRef};
use crate::ecris::codes::{self, Why};
use crate::ecris::ids::{MessageId, OffenceReference, is_offence_code};
use crate::ecris::{self, CountryRef, EcrisRequest};
use crate::json::JsonText;
use crate::model::{AuthorityKind, Consent, Context, FormReason, Purpose, RequestDetails, RequestOutInput, Route};
use crate::person::{self, CheckedPerson};
use crate::rulebook::{self, Channel, Country, Item, Level, Region};
use crate::text::{self, prefix_chars, shorten};

use self::email::Email;
use self::nca::NcaRequest;

/// One destination country: its rules, its status and its message.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Destination<'a> {
    pub country: Cow<'static, str>,
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
    /// The ECRIS request, for a destination on ECRIS.
    pub message: Option<EcrisRequest<'a>>,
    /// The ECRIS XML, only when the destination is on ECRIS and its request is ready.
    pub xml: Option<JsonText>,
    /// For a destination not on ECRIS: what ACRO sends through the NCA's Interpol channel, with
    /// no ECRIS id or code.
    pub nca_request: Option<NcaRequest<'a>>,
    /// The destination's request language, when it is not English: the free texts go out in
    /// English, and a translation step may be needed before the request is sent.
    pub translate_to: Option<&'static str>,
}

#[derive(Debug)]
pub struct Validated<'a> {
    pub diagnostics: Diagnostics,
    pub destinations: Vec<Destination<'a>>,
    pub email: Option<Email>,
}

/// The verdict of a request out without its messages: what a form needs on every change.
#[derive(Debug)]
pub struct Verdict {
    pub diagnostics: Diagnostics,
    /// Each destination, in order, with its status.
    pub destinations: Vec<(Cow<'static, str>, Outcome)>,
}

/// Check a request out: every diagnostic and each destination's status, no message built.
pub fn check(input: &RequestOutInput) -> Verdict {
    let mut diags = Diagnostics::default();
    let found = find(&mut Checker::new(&mut diags), input);
    let destinations = found.destinations.iter().map(|d| d.code.clone()).zip(found.statuses).collect();
    Verdict { diagnostics: diags, destinations }
}

/// Validate a request out and build its messages and email.
pub fn validate<'i>(input: &'i RequestOutInput<'_>) -> Validated<'i> {
    let mut diags = Diagnostics::default();
    let mut ck = Checker::new(&mut diags);
    let Found { world, person, destinations, needs, statuses, purpose, case, requesting_authority, offences, remarks, seq_ok } = find(&mut ck, input);
    let outcome = Outcome::from_diagnostics(ck.d);
    let common = Common {
        world: &world,
        request: &input.request,
        purpose: &purpose,
        case: &case,
        requesting_authority: requesting_authority.as_ref(),
        offences: &offences,
        remarks,
        seq_ok,
    };
    let out = messages(common, &destinations, needs, statuses, person, input.context.message_sequence);
    let email = (outcome == Outcome::Incomplete || outcome == Outcome::Invalid).then(|| {
        email::missing_information(&email::EmailInput {
            outcome,
            to: case.officer_email,
            officer_name: case.officer_name,
            case_reference: case.reference,
            custody_record: input.uk.custody_record.as_deref().and_then(text::clean).map(shorten),
            sender: world.sending_authority.as_deref().unwrap_or("UK Central Authority"),
            destinations: &out,
            diagnostics: ck.d,
        })
    });
    Validated { diagnostics: diags, destinations: out, email }
}

/// Everything the checks of a request out find: the diagnostics go to the checker; the rest is
/// what the messages are built from.
struct Found<'a> {
    world: World<'a>,
    person: CheckedPerson<'a>,
    destinations: Vec<CountryRef>,
    needs: Needs,
    statuses: Vec<Outcome>,
    purpose: PurposeGiven,
    case: Case<'a>,
    requesting_authority: Option<Authority<'a>>,
    offences: Offences<'a>,
    remarks: Option<&'a str>,
    seq_ok: bool,
}

impl<'i> Found<'i> {
    fn common<'c>(&'c self, request: &'c RequestDetails<'i>) -> Common<'c, 'i> {
        Common {
            world: &self.world,
            request,
            purpose: &self.purpose,
            case: &self.case,
            requesting_authority: self.requesting_authority.as_ref(),
            offences: &self.offences,
            remarks: self.remarks,
            seq_ok: self.seq_ok,
        }
    }
}

/// The checks, in the order a caseworker reads a request.
fn find<'a>(ck: &mut Checker<'_>, input: &'a RequestOutInput) -> Found<'a> {
    let request = &input.request;
    let world = context(ck, &input.context);
    let person = person::check(ck, &input.person, world.today);
    let nationalities = &person.person.nationalities;
    let own_request = matches!(request.purpose, Some(Purpose::OwnRequest { .. }));
    let destinations = if own_request { own_request_destinations(ck, request, nationalities) } else { destinations(ck, request, nationalities) };
    route(ck, input, nationalities, destinations.is_empty() && !own_request);
    let purpose = purpose(ck, request);
    let case = case_and_officer(ck, request);
    let force = uk::identifiers(ck, &input.uk, world.today, person.dob);
    let requesting_authority = requesting_authority(ck, request, &force, own_request.then_some(&world));
    let offences = offences(ck, request);
    let remarks = ck.text(request.remarks.as_deref(), "/request/remarks", "the remarks", 4000);
    let needs = country_requirements(ck, &destinations, &person, &purpose, request.purpose.as_ref());
    let on_ecris = destinations.iter().filter(|d| rulebook::rules_for(&d.code).channel == Channel::EcrisTca).count();
    let seq_ok = ck.message_sequence(input.context.message_sequence, on_ecris);
    baseline_by_channel(ck, &destinations);
    let mut found = Found { world, person, destinations, needs, statuses: Vec::new(), purpose, case, requesting_authority, offences, remarks, seq_ok };
    channel_notes(ck, &found, request);
    fingerprints_note(ck, &found.destinations, &input.person);
    found.statuses = statuses(ck, &found.destinations, &found.needs);
    found
}

/// Each destination's status: invalid when anything is wrong; incomplete when data it needs
/// (or every destination needs) is missing; else ready.
fn statuses(ck: &Checker<'_>, destinations: &[CountryRef], needs: &Needs) -> Vec<Outcome> {
    let has_invalid = ck.d.has(Kind::Invalid);
    destinations
        .iter()
        .zip(needs)
        .map(|(dest, (missing, _))| {
            // Missing data holds a destination back when it concerns every destination or this one.
            let held_back = ck.d.iter().any(|d| d.kind == Kind::Missing && (d.countries.is_empty() || d.countries.iter().any(|c| *c == *dest.code)));
            if has_invalid {
                Outcome::Invalid
            } else if held_back || !missing.is_empty() {
                Outcome::Incomplete
            } else {
                Outcome::Ready
            }
        })
        .collect()
}

/// The injected world: today, the timestamp and the sending authority.
struct World<'i> {
    today: Option<Date>,
    timestamp: Cow<'i, str>,
    sending_authority: Option<Cow<'i, str>>,
    contact: Option<ecris::Contact<'i>>,
}

fn context<'i>(ck: &mut Checker<'_>, ctx: &'i Context<'_>) -> World<'i> {
    let today = ck.today(&ctx.today);
    let timestamp = ck.timestamp(ctx.timestamp.as_deref(), today);
    let sending_authority = ck.text(Some(&*ctx.sending_authority.name), "/context/sendingAuthority/name", "the sending authority's name", 400).map(Cow::Borrowed);
    let contact = ck.contact(&ctx.sending_authority);
    World { today, timestamp, sending_authority, contact }
}

/// The countries to ask: every nationality but the UK's, then the destinations named.
fn destinations(ck: &mut Checker<'_>, request: &RequestDetails, nationalities: &[CountryRef]) -> Vec<CountryRef> {
    let mut destinations: Vec<CountryRef> = nationalities.iter().filter(|c| !rulebook::is_uk_national(&c.code)).cloned().collect();
    let mut ptr = ListPointer::default();
    for (i, d) in request.destinations.iter().enumerate() {
        let pointer = ptr.at("/request/destinations/", i, "");
        if let Some(c) = ck.country(d, pointer, "the destination") {
            if c.code == "GB" {
                ck.push(Diagnostic::new(Code::DestinationIsUk, pointer.to_owned(), "the UK cannot be asked about its own records through this route", "search the PNC; name only other countries here"));
            } else if destinations.iter().any(|x| x.code == c.code) {
                ck.push(Diagnostic::new(Code::DuplicateDestination, pointer.to_owned(), format!("`{}` is already a destination", c.code), "remove the repeat"));
            } else {
                destinations.push(c);
            }
        }
    }
    destinations
}

/// A member-state national's own request (s.4(2)-(3)): one request to each member state of
/// nationality, and to no other country.
fn own_request_destinations(ck: &mut Checker<'_>, request: &RequestDetails, nationalities: &[CountryRef]) -> Vec<CountryRef> {
    let member_states: Vec<CountryRef> = nationalities.iter().filter(|c| rulebook::country_file(&c.code).is_some_and(|f| f.region == Region::Eu)).cloned().collect();
    if member_states.is_empty() && !nationalities.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::OwnRequestDestination,
                "/person/nationalities",
                "an own request is for a national of a member state, and no nationality given is a member state's",
                "check the nationalities; a person of no member state's nationality asks each country directly",
            )
            .with_rule(s4("(2)-(3)")),
        );
    }
    let mut ptr = ListPointer::default();
    for (i, d) in request.destinations.iter().enumerate() {
        let pointer = ptr.at("/request/destinations/", i, "");
        if let Some(c) = ck.country(d, pointer, "the destination")
            && !member_states.iter().any(|m| m.code == c.code)
        {
            ck.push(
                Diagnostic::new(
                    Code::OwnRequestDestination,
                    pointer.to_owned(),
                    format!("`{}` is not a member state of the person's nationality: an own request goes to those only", c.code),
                    "remove it; the member states of nationality are asked without being named here",
                )
                .with_rule(s4("(2)-(3)")),
            );
        }
    }
    member_states
}

/// The rule of s.4 behind a diagnostic.
fn s4(sub: &str) -> RuleOrigin {
    RuleOrigin {
        rule_set: "uk",
        file: Cow::Borrowed("docs/domain/eufra-2020-part-1.md#section-4"),
        key: Cow::Owned(format!("EUFRA 2020 s.4{sub}")),
        sources: Cow::Borrowed(&[SourceRef {
            url: "https://www.legislation.gov.uk/ukpga/2020/29/section/4",
            title: "European Union (Future Relationship) Act 2020, s.4",
            weak: false,
        }]),
        json: None,
    }
}

/// How the request came: the automated custody route is for foreign nationals in custody; the
/// form is for a UK national, or a person not arrested but subject to relevant proceedings.
fn route(ck: &mut Checker<'_>, input: &RequestOutInput, nationalities: &[CountryRef], no_destination: bool) {
    let british = nationalities.iter().any(|c| rulebook::is_uk_national(&c.code));
    let no_foreign_nationality = !nationalities.is_empty() && nationalities.iter().all(|c| rulebook::is_uk_national(&c.code));
    let uk = &input.uk;
    match &input.request.route {
        None => ck.push(Diagnostic::new(
            Code::RouteRequired,
            "/request/route",
            "the request does not say how it came: an automated custody request, or the request form",
            "choose the route; for the form, say whether the person is a UK national or was not arrested",
        )),
        Some(Route::AutomatedCustody {}) => {
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
        Some(Route::Form { reason: FormReason::ForceNotAutomated, .. }) => {
            if no_foreign_nationality {
                ck.push(Diagnostic::new(
                    Code::RouteNotForBritish,
                    "/request/route/reason",
                    "the form for a force not yet automated is for foreign nationals in custody, and this person is British only",
                    "choose the reason that applies: a UK national, or not arrested",
                ));
            }
            if uk.arrest_date.is_none() || uk.custody_record.is_none() {
                ck.push(Diagnostic::new(
                    Code::ArrestDetailsRequired,
                    if uk.arrest_date.is_none() { "/uk/arrestDate" } else { "/uk/custodyRecord" },
                    "a request for a person in custody needs the arrest date and the custody record reference",
                    "give both from the custody record",
                ));
            }
        }
        Some(Route::Form { reason, proceedings }) => {
            if *reason == FormReason::NotArrested {
                let given = ck.text(proceedings.as_deref(), "/request/route/proceedings", "the proceedings", 400);
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
    let consent = |ck: &mut Checker<'_>| {
        if request.consent != Consent::Yes {
            ck.push(Diagnostic::new(
                Code::ConsentNotGiven,
                "/request/consent",
                "the request is not for criminal proceedings and the person's consent is not recorded",
                "many registers disclose for other purposes only with the person's consent; record it if it was given",
            ));
        }
    };
    let (key, text) = match &request.purpose {
        None => {
            ck.push(Diagnostic::new(
                Code::PurposeRequired,
                "/request/purpose",
                "the purpose of the request is missing",
                "say whether the information is for criminal proceedings, another law-enforcement purpose, or the person's own request",
            ));
            ("criminal-proceedings", None)
        }
        Some(Purpose::CriminalProceedings { details }) => {
            let d = ck.text(details.as_deref(), "/request/purpose/details", "the purpose details", 400).map(str::to_owned);
            ("criminal-proceedings", d)
        }
        Some(Purpose::LawEnforcement { description }) => {
            let d = ck.text(description.as_deref(), "/request/purpose/description", "the purpose description", 400).map(str::to_owned);
            if description.is_none() {
                ck.push(Diagnostic::new(
                    Code::PurposeDetailsRequired,
                    "/request/purpose/description",
                    "the purpose is not criminal proceedings, and it is not described",
                    "say which law-enforcement purpose the information serves (s.6: prevention, detection, the execution of a penalty, a threat to public security)",
                ));
            }
            consent(ck);
            ("law-enforcement", d)
        }
        Some(Purpose::OwnRequest { details }) => {
            let d = ck.text(details.as_deref(), "/request/purpose/details", "the purpose details", 400).map(str::to_owned);
            consent(ck);
            ("own-request", d)
        }
        Some(Purpose::Other { description }) => {
            let d = ck.text(description.as_deref(), "/request/purpose/description", "the purpose description", 400).map(str::to_owned);
            ck.push(
                Diagnostic::new(
                    Code::PurposeNotAllowed,
                    "/request/purpose/kind",
                    "the UK may ask another country for a person's convictions only for a law-enforcement purpose, or for a member-state national's own request",
                    "choose criminalProceedings, lawEnforcement or ownRequest; a request for any other purpose cannot be made under the Act",
                )
                .with_rule(s4("(1)")),
            );
            ("law-enforcement", d)
        }
    };
    let words = match &request.purpose {
        Some(Purpose::LawEnforcement { .. }) => "Law enforcement",
        Some(Purpose::OwnRequest { .. }) => "The person's own request for their convictions",
        Some(Purpose::Other { .. }) => "Other purpose",
        _ => "Criminal proceedings",
    };
    let full = match &text {
        Some(t) => [words, ": ", t].concat(),
        None => words.to_owned(),
    };
    let full = if full.len() <= 400 { full } else { prefix_chars(&full, 400).to_owned() };
    PurposeGiven { key, text, full }
}

/// The case reference and the officer to write to.
struct Case<'a> {
    reference: Option<&'a str>,
    officer_email: Option<&'a str>,
    officer_name: Option<&'a str>,
}

fn case_and_officer<'a>(ck: &mut Checker<'_>, request: &'a RequestDetails) -> Case<'a> {
    let reference = ck.text(request.case_reference.as_deref(), "/request/caseReference", "the case reference", 50);
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
        Some(e) => Some(e.trim()),
    };
    let officer_name = ck.name(officer.and_then(|o| o.name.as_deref()), "/request/officer/name", "the officer's name");
    // Checked for length and characters; not part of the ECRIS message.
    let _ = ck.text(officer.and_then(|o| o.phone.as_deref()), "/request/officer/phone", "the officer's phone", 30);
    Case { reference, officer_email, officer_name }
}

/// The authority before which the proceedings are pending: its name, code and kind.
struct Authority<'i> {
    name: Cow<'i, str>,
    code: Option<Cow<'i, str>>,
    kind: AuthorityKind,
}

/// The authority before which the proceedings are pending: as named (the police, or another
/// law-enforcement agency), or the force of the PNC force code.
fn requesting_authority<'i>(ck: &mut Checker<'_>, request: &'i RequestDetails<'_>, force: &uk::Force<'i>, own_request: Option<&World<'i>>) -> Option<Authority<'i>> {
    // On a person's own request, the central authority asks (s.4(2)): no proceedings are pending.
    if let (None, Some(world)) = (&request.requesting_authority, own_request) {
        return world.sending_authority.clone().map(|name| Authority { name, code: None, kind: AuthorityKind::CentralAuthority });
    }
    let authority = match &request.requesting_authority {
        Some(ra) => {
            let name = ck.text(Some(&*ra.name), "/request/requestingAuthority/name", "the requesting authority's name", 400).map(Cow::Borrowed);
            let code = ck.text(ra.code.as_deref(), "/request/requestingAuthority/code", "the requesting authority's code", 50).map(Cow::Borrowed);
            name.map(|name| Authority { name, code, kind: ra.kind })
        }
        None => force.name.map(|n| Authority {
            name: Cow::Owned([n, " (PNC force ", force.code.unwrap_or(""), ")"].concat()),
            code: force.code.map(Cow::Borrowed),
            kind: AuthorityKind::Police,
        }),
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

/// The offences under investigation: their ECRIS categories and the accusation text, borrowed
/// from the input (the messages copy what they carry).
struct Offences<'a> {
    codes: Vec<&'a str>,
    /// Each offence's description, as given.
    texts: Vec<&'a str>,
    accusation: String,
}

fn offences<'a>(ck: &mut Checker<'_>, request: &'a RequestDetails) -> Offences<'a> {
    const BASE: &str = "/request/offences/";
    let mut codes = Vec::new();
    let mut texts = Vec::new();
    let mut ptr = ListPointer::default();
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
                codes.push(c);
            }
        }
        if let Some(t) = ck.text(o.description.as_deref(), ptr.at(BASE, i, "/description"), "the offence description", 400) {
            texts.push(t);
        }
    }
    let accusation = texts.join("; ");
    if text::char_len(&accusation) > 400 {
        ck.push(Diagnostic::new(Code::TextTooLong, "/request/offences", "the offence descriptions together are longer than the 400 characters ECRIS allows", "shorten the descriptions"));
    }
    Offences { codes, texts, accusation }
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
                Diagnostic::new(code, item_pointer(r.item, asked), r.item.sentence(dest.name, verb), r.note)
                    .with_rule(requirement_rule(rules, r))
                    .with_countries(vec![dest.code.clone()])
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
            Some(Purpose::LawEnforcement { .. } | Purpose::Other { .. }) => "/request/purpose/description",
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

/// The rule-book requirement behind a diagnostic: its file and line, key and sources, and the
/// same written as JSON by build.rs.
fn requirement_rule(country: &'static Country, r: &'static rulebook::Requirement) -> RuleOrigin {
    RuleOrigin {
        rule_set: country.code,
        file: Cow::Borrowed(r.origin_file),
        key: Cow::Borrowed(r.origin_key),
        sources: Cow::Borrowed(r.origin_sources),
        json: Some(r.origin_json),
    }
}

/// The ECRIS baseline (what `PersonType` makes mandatory) is what ECRIS needs: it holds back the
/// destinations on ECRIS only. With destinations on both channels, each baseline item names the
/// ECRIS ones; with none on ECRIS, a missing baseline item is advice (it helps identify the
/// person), since no source says the NCA channel requires it.
fn baseline_by_channel(ck: &mut Checker<'_>, destinations: &[CountryRef]) {
    let (ecris, nca): (Vec<&CountryRef>, Vec<&CountryRef>) = destinations.iter().partition(|d| rulebook::rules_for(&d.code).channel == Channel::EcrisTca);
    if nca.is_empty() {
        return;
    }
    let countries: Vec<Cow<'static, str>> = if ecris.is_empty() { &nca } else { &ecris }.iter().map(|d| d.code.clone()).collect();
    ck.d.for_each_mut(|d| {
        if d.kind == Kind::Missing && d.rule.as_ref().is_some_and(|r| r.rule_set == "ecris-baseline") {
            if ecris.is_empty() {
                d.recode(Code::BaselineItemRecommended);
            }
            d.countries = countries.clone();
        }
    });
}

/// What every destination's message shares.
struct Common<'c, 'i> {
    world: &'c World<'i>,
    request: &'c RequestDetails<'i>,
    purpose: &'c PurposeGiven,
    case: &'c Case<'i>,
    requesting_authority: Option<&'c Authority<'i>>,
    offences: &'c Offences<'i>,
    remarks: Option<&'i str>,
    seq_ok: bool,
}

impl<'i> Common<'_, 'i> {
    /// The local placeholder codes an ECRIS request carries (`tables/local-reference-codes.tsv`):
    /// (purpose, requesting-authority type).
    fn local_codes(&self) -> (&'static str, &'static str) {
        let authority = match self.requesting_authority.map(|a| a.kind) {
            Some(AuthorityKind::LawEnforcementAgency) => "law-enforcement-agency",
            Some(AuthorityKind::CentralAuthority) => "central-authority",
            _ => "police",
        };
        (
            rulebook::local_code("request-purpose", self.purpose.key).unwrap_or("P-00-000000"),
            rulebook::local_code("requesting-authority-type", authority).unwrap_or("RAT-00-Z"),
        )
    }

    fn consent(&self) -> &'static str {
        match self.request.consent {
            Consent::Yes => "Yes",
            Consent::No => "No",
            Consent::Unknown => "UNKNOWN",
        }
    }

    fn urgency(&self) -> &'static str {
        match self.request.urgent {
            Some(true) => "Yes",
            Some(false) => "No",
            None => "UNKNOWN",
        }
    }

    fn accusation(&self) -> Option<String> {
        (!self.offences.accusation.is_empty()).then(|| prefix_chars(&self.offences.accusation, 400).to_owned())
    }

    /// The ECRIS request to one destination on ECRIS.
    fn ecris_request(&self, dest: &CountryRef, message_id: Option<String>, person: ecris::Person<'i>) -> EcrisRequest<'i> {
        let (local_purpose, local_rat) = self.local_codes();
        let mut local_codes = vec![local_purpose, local_rat];
        local_codes.sort();
        EcrisRequest {
            message_id,
            message_type: "REQ",
            timestamp: self.world.timestamp.clone(),
            sender: "GB",
            receiver: dest.code.clone(),
            contact_person: self.world.contact.clone(),
            person,
            remarks: self.remarks.map(Cow::Borrowed),
            purpose_category_reference: local_purpose,
            purpose: self.purpose.full.clone(),
            accusation_categories: self.offences.codes.iter().map(|code| OffenceReference::format(code)).collect(),
            accusation: self.accusation(),
            requesting_authority: self.requesting_authority.map(|a| ecris::RequestingAuthority { type_reference: local_rat, code: a.code.clone(), name: a.name.clone() }),
            case_reference: self.case.reference.map(Cow::Borrowed),
            consent: self.consent(),
            urgency: self.urgency(),
            local_codes,
        }
    }

    /// The request to one destination not on ECRIS, for the NCA's Interpol channel.
    fn nca_request(&self, dest: &CountryRef, person: &ecris::Person<'i>) -> NcaRequest<'i> {
        NcaRequest {
            sender: "GB",
            receiver: dest.code.clone(),
            timestamp: self.world.timestamp.clone(),
            contact: self.world.contact.clone(),
            person: nca::NcaPerson::from(person),
            purpose: self.purpose.full.clone(),
            offences: self.offences.texts.iter().map(|t| Cow::Borrowed(*t)).collect(),
            requesting_authority: self.requesting_authority.map(|a| a.name.clone()),
            case_reference: self.case.reference.map(Cow::Borrowed),
            consent: self.consent(),
            urgency: self.urgency(),
            remarks: self.remarks.map(Cow::Borrowed),
        }
    }
}

/// One message per destination, with its status: an ECRIS request (with its XML when it is
/// ready) for a destination on ECRIS, the NCA request for one that is not.
fn messages<'i>(c: Common<'_, 'i>, destinations: &[CountryRef], needs: Needs, statuses: Vec<Outcome>, person: CheckedPerson<'i>, seq: u64) -> Vec<Destination<'i>> {
    let mut out = Vec::with_capacity(destinations.len());
    // Each ECRIS message carries the person; the last destination takes it instead of a copy.
    let mut person = Some(person.person);
    let n_destinations = destinations.len();
    let mut sequence = seq;
    for (i, ((dest, (missing, recommended)), status)) in destinations.iter().zip(needs).zip(statuses).enumerate() {
        let rules = rulebook::rules_for(&dest.code);
        let Some(this_person) = (if i + 1 == n_destinations { person.take() } else { person.clone() }) else { continue };
        let (message, xml, nca_request) = if rules.channel == Channel::EcrisTca {
            let message_id = c.seq_ok.then(|| MessageId::format("GB", &dest.code, "REQ", sequence)).flatten();
            sequence = sequence.saturating_add(1);
            let message = c.ecris_request(dest, message_id, this_person);
            let xml = (status == Outcome::Ready).then(|| ecris::request_xml(&message)).flatten();
            (Some(message), xml, None)
        } else {
            (None, None, Some(c.nca_request(dest, &this_person)))
        };
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
            nca_request,
            translate_to: (rules.request_language != "en").then_some(rules.request_language),
        });
    }
    out
}

/// The codes an ECRIS request of this check carries that are not from a sourced table, in the
/// order the request writes them (`ecris::request_xml`): the person's country references, the
/// purpose, the offence categories, the requesting-authority type. Counted from what the message
/// is built of, so that a check that builds no message says the same as a validation that does;
/// a test reads every rendered message to hold this list to the XML. Written in words
/// (`codes::in_words`) at the end of `out`.
fn request_codes_in_words(found: &Found, request: &RequestDetails, out: &mut String) {
    let p = &found.person.person;
    let c = found.common(request);
    let (local_purpose, local_rat) = c.local_codes();
    let mut all: Vec<&str> = Vec::new();
    all.extend(p.birth_place.country.as_ref().map(|c| c.ecris_reference.as_ref()));
    all.extend(p.nationalities.iter().map(|c| c.ecris_reference.as_ref()));
    for d in &p.identification_documents {
        all.push(d.category_reference);
        all.extend(d.issuing_country.as_ref().map(|c| c.ecris_reference.as_ref()));
    }
    all.extend(p.addresses.iter().map(|a| a.country.as_ref().map_or(ecris::UNKNOWN_COUNTRY, |c| c.ecris_reference.as_ref())));
    all.push(local_purpose);
    let categories: Vec<String> = found.offences.codes.iter().map(|code| OffenceReference::format(code)).collect();
    all.extend(categories.iter().map(String::as_str));
    if found.requesting_authority.is_some() {
        all.push(local_rat);
    }
    let mut unique: Vec<(&str, Why)> = Vec::with_capacity(all.len());
    for code in all {
        if let Some(why) = codes::classify(code)
            && !unique.iter().any(|(c, _)| *c == code)
        {
            unique.push((code, why));
        }
    }
    codes::write_in_words(out, &unique);
}

/// What the answer must say about the channels: the codes of the ECRIS requests that are not from
/// an official table, the destinations whose language is not English, and those not on ECRIS.
fn channel_notes(ck: &mut Checker<'_>, found: &Found, request: &RequestDetails) {
    let rules: Vec<(&CountryRef, &'static Country)> = found.destinations.iter().map(|d| (d, rulebook::rules_for(&d.code))).collect();
    if rules.iter().any(|(_, r)| r.channel == Channel::EcrisTca) {
        let mut message = String::with_capacity(256);
        message.push_str("the ECRIS requests carry codes that are not from an official table: ");
        request_codes_in_words(found, request, &mut message);
        ck.push(Diagnostic::new(
            Code::LocalReferenceCodes,
            "/request/purpose",
            message,
            "the official ECRIS reference tables were not found; replace core/tables/local-reference-codes.tsv with the official mapping",
        ));
    }
    let translated: Vec<(&CountryRef, &'static Country)> = rules.iter().copied().filter(|(_, r)| r.request_language != "en").collect();
    if !translated.is_empty() {
        let mut message = String::with_capacity(128);
        message.push_str("the request's free texts are in English; the request language is ");
        for (i, (d, r)) in translated.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push('`');
            message.push_str(r.request_language);
            message.push_str("` for ");
            message.push_str(if r.code == "default" { d.name } else { r.name });
        }
        ck.push(
            Diagnostic::new(
                Code::TranslationStep,
                "/request",
                message,
                "check whether the central authority translates the purpose, the offences and the remarks before the request is sent; the texts are marked as English",
            )
            .with_countries(translated.iter().map(|(d, _)| d.code.clone()).collect()),
        );
    }
    let non_ecris: Vec<Cow<'static, str>> = rules.iter().filter(|(_, r)| r.channel != Channel::EcrisTca).map(|(d, _)| d.code.clone()).collect();
    if !non_ecris.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::NotEcrisChannel,
                "/person/nationalities",
                [&*non_ecris.join(", "), if non_ecris.len() == 1 { " is" } else { " are" }, " not on ECRIS: the request goes through Interpol channels via the NCA"].concat(),
                "ACRO sends what `ncaRequest` holds through the NCA; no ECRIS message, id, code or XML is built, and no reply deadline applies unless the country file says so",
            )
            .with_countries(non_ecris),
        );
    }
}

/// Fingerprints taken satisfy a country that asks for them, but no request carries them (ECRIS
/// v1.0 only as a binary attachment, which icce does not build): the answer says they go another
/// way, to each destination that asks for them.
fn fingerprints_note(ck: &mut Checker<'_>, destinations: &[CountryRef], p: &crate::model::Person) {
    if !p.fingerprints.as_ref().is_some_and(|f| f.taken) {
        return;
    }
    let asking: Vec<Cow<'static, str>> = destinations
        .iter()
        .filter(|d| rulebook::rules_for(&d.code).requirements.iter().any(|r| r.item == Item::Fingerprints))
        .map(|d| d.code.clone())
        .collect();
    if !asking.is_empty() {
        ck.push(
            Diagnostic::new(
                Code::FingerprintsSentSeparately,
                "/person/fingerprints",
                format!("{} {} fingerprints; the request says they were taken and where they are held, but does not carry them", asking.join(", "), if asking.len() == 1 { "asks for" } else { "ask for" }),
                "send the fingerprints by the route agreed with the country, quoting the case reference",
            )
            .with_countries(asking),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    /// Every requirement's origin as build.rs wrote it is serde_json's bytes for its members.
    #[test]
    fn every_requirement_s_written_origin_is_serde_json_s() {
        let mut seen = 0;
        for country in rulebook::COUNTRIES {
            for r in country.requirements {
                let rule = requirement_rule(country, r);
                assert_eq!(rule.json, Some(r.origin_json));
                assert_eq!(serde_json::to_string(&rule).unwrap(), r.origin_json, "{} {}", country.code, r.origin_key);
                seen += 1;
            }
        }
        assert!(seen > 40, "{seen} requirements");
    }
}
