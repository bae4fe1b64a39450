//! Requests out: UK police ask other countries for a person's convictions.
//!
//! One pass over the input collects every diagnostic (baseline, country rules, UK identifiers,
//! route and purpose), then one ECRIS REQ-shaped message is built per destination country, and,
//! when anything is missing or wrong, the email to the requesting officer.

use serde::Serialize;

use crate::date::{Date, PartialDate};
use crate::diag::{Code, Diagnostic, Diagnostics, Kind, RuleOrigin, SourceRef};
use crate::ecris::{self, CountryRef, EcrisRequest};
use crate::email::{self, Email};
use crate::identifiers::{self, IdError};
use crate::model::{FormReason, Purpose, RequestOutInput, Route, Sex};
use crate::rulebook::{self, Channel, Country, Item, Level};
use crate::text;

/// The answer's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Outcome {
    /// Every destination can be asked now.
    Ready,
    /// Data a destination needs is missing; the officer is emailed.
    Incomplete,
    /// Data is wrong and must be corrected.
    Invalid,
    /// The input could not be decoded at all.
    Unusable,
}

impl Outcome {
    pub fn from_diagnostics(d: &Diagnostics) -> Outcome {
        if d.has(Kind::Unusable) {
            Outcome::Unusable
        } else if d.has(Kind::Invalid) {
            Outcome::Invalid
        } else if d.has(Kind::Missing) {
            Outcome::Incomplete
        } else {
            Outcome::Ready
        }
    }
}

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

/// A checked name part: trimmed, or `None` when absent or blank.
pub(crate) struct Checker<'a> {
    pub(crate) d: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(d: &'a mut Diagnostics) -> Self {
        Checker { d }
    }

    /// Today's date from the context; the engine reads no clock.
    pub(crate) fn today(&mut self, raw: &str) -> Option<Date> {
        let today = Date::parse(raw.trim());
        if today.is_none() {
            self.push(Diagnostic::new(
                Code::TodayInvalid,
                "/context/today",
                format!("`{}` is not a full date", shorten(raw)),
                "the calling system supplies today's date as YYYY-MM-DD",
            ));
        }
        today
    }

    /// The message timestamp from the context: a UTC time on `today`, or its midnight.
    pub(crate) fn timestamp(&mut self, raw: Option<&String>, today: Option<Date>) -> String {
        match (raw, today) {
            (Some(ts), Some(t)) => {
                let ok = ts.len() == 20
                    && ts.get(..10).is_some_and(|d| Date::parse(d) == Some(t) && d.len() == 10)
                    && ts.get(10..11) == Some("T")
                    && ts.get(19..) == Some("Z")
                    && valid_time(ts.get(11..19).unwrap_or(""));
                if !ok {
                    self.push(Diagnostic::new(
                        Code::TimestampInvalid,
                        "/context/timestamp",
                        format!("`{}` is not a UTC timestamp on {t}", shorten(ts)),
                        "write YYYY-MM-DDThh:mm:ssZ, on the same day as `today`",
                    ));
                }
                ts.clone()
            }
            (None, Some(t)) => format!("{t}T00:00:00Z"),
            (_, None) => "1800-01-01T00:00:00Z".to_owned(),
        }
    }

    /// The sending authority's contact for the ECRIS message, when it has a usable email.
    pub(crate) fn contact(&mut self, a: &crate::model::SendingAuthority) -> Option<ecris::Contact> {
        let phone = self.text(a.phone.as_ref(), "/context/sendingAuthority/phone", "the sending authority's phone", 30);
        match &a.email {
            Some(e) if !text::plausible_email(e.trim()) => {
                self.push(Diagnostic::new(
                    Code::EmailInvalid,
                    "/context/sendingAuthority/email",
                    format!("`{}` is not an email address", shorten(e)),
                    "give an address like name@example.police.uk",
                ));
                None
            }
            Some(e) => Some(ecris::Contact { email: e.trim().to_owned(), phone }),
            None => None,
        }
    }

    pub(crate) fn push(&mut self, diag: Diagnostic) {
        self.d.push(diag);
    }

    /// Check a name part; returns the trimmed value when present and usable.
    pub(crate) fn name(&mut self, value: Option<&String>, pointer: &str, label: &str) -> Option<String> {
        let raw = value?;
        let Some(v) = text::clean(raw) else {
            self.push(Diagnostic::new(
                Code::EmptyValue,
                pointer,
                format!("{label} is empty"),
                "leave the field out when it is not known, or enter it",
            ));
            return None;
        };
        let len = text::char_len(v);
        let mut ok = true;
        if len > 200 {
            self.push(Diagnostic::new(
                Code::NameTooLong,
                pointer,
                format!("{label} has {len} characters; ECRIS allows 200"),
                "shorten it; put the name as written in full in `fullName` (up to 600 characters)",
            ));
            ok = false;
        }
        if let Some((pos, c, why)) = text::first_forbidden(v) {
            self.push(Diagnostic::new(
                Code::NameInvalidCharacter,
                pointer,
                format!("{label} contains {why} ({}) at character {}", text::codepoint(c), pos + 1),
                "names may be in any script, with accents and marks, but not control characters, direction overrides, markup or emoji; retype the name",
            ));
            ok = false;
        }
        if ok && text::mixes_scripts(v) {
            self.push(Diagnostic::new(
                Code::NameMixedScripts,
                pointer,
                format!("{label} mixes scripts within one word"),
                "check for a look-alike letter from another alphabet (for example Cyrillic `а` for Latin `a`)",
            ));
        }
        if ok && v.chars().any(|c| c.is_ascii_digit()) {
            self.push(Diagnostic::new(
                Code::NameHasDigits,
                pointer,
                format!("{label} contains a digit"),
                "check that the name was typed correctly",
            ));
        }
        ok.then(|| v.to_owned())
    }

    /// Check a single-line free text with an ECRIS length limit.
    pub(crate) fn text(&mut self, value: Option<&String>, pointer: &str, label: &str, max: usize) -> Option<String> {
        let raw = value?;
        let Some(v) = text::clean(raw) else {
            self.push(Diagnostic::new(Code::EmptyValue, pointer, format!("{label} is empty"), "leave the field out, or fill it in"));
            return None;
        };
        let mut ok = true;
        let len = text::char_len(v);
        if len > max {
            self.push(Diagnostic::new(
                Code::TextTooLong,
                pointer,
                format!("{label} has {len} characters; ECRIS allows {max}"),
                "shorten it",
            ));
            ok = false;
        }
        if let Some((pos, c, why)) = text::first_forbidden_multiline(v) {
            self.push(Diagnostic::new(
                Code::TextInvalidCharacter,
                pointer,
                format!("{label} contains {why} ({}) at character {}", text::codepoint(c), pos + 1),
                "remove it; ECRIS text cannot carry it",
            ));
            ok = false;
        }
        ok.then(|| v.to_owned())
    }

    pub(crate) fn partial_date(&mut self, value: Option<&String>, pointer: &str, label: &str) -> Option<PartialDate> {
        let raw = value?;
        let parsed = PartialDate::parse(raw.trim());
        if parsed.is_none() {
            self.push(Diagnostic::new(
                Code::DateInvalid,
                pointer,
                format!("{label} `{}` is not a real date", shorten(raw)),
                "write YYYY-MM-DD, or YYYY-MM, or YYYY when only the year is known",
            ));
        }
        parsed
    }

    /// A current country (ISO 3166-1 alpha-2).
    fn country(&mut self, value: &str, pointer: &str, label: &str) -> Option<CountryRef> {
        let code = value.trim();
        if let Some(c) = rulebook::iso_country(code) {
            return Some(CountryRef::current(c));
        }
        let formers: Vec<String> =
            rulebook::former_countries_with_alpha2(code).map(|f| format!("{} ({})", f.alpha4, f.name)).collect();
        if !formers.is_empty() {
            self.push(Diagnostic::new(
                Code::FormerCountryNationality,
                pointer,
                format!("{label} `{}` is a former country: {}", shorten(code), formers.join(", ")),
                "give the current country of nationality; former countries are accepted only as a country of birth",
            ));
        } else if rulebook::former_country(code).is_some() {
            self.push(Diagnostic::new(
                Code::FormerCountryNationality,
                pointer,
                format!("{label} `{}` is a former country", shorten(code)),
                "give the current country of nationality; former countries are accepted only as a country of birth",
            ));
        } else {
            self.push(Diagnostic::new(
                Code::CountryCodeUnknown,
                pointer,
                format!("{label} `{}` is not an ISO 3166-1 alpha-2 country code", shorten(code)),
                "use the two-letter code, for example `PL` for Poland or `RO` for Romania",
            ));
        }
        None
    }

    /// A country of birth: current (alpha-2) or former (ISO 3166-3 alpha-4).
    fn birth_country(&mut self, value: &str, pointer: &str) -> Option<CountryRef> {
        let code = value.trim();
        if let Some(c) = rulebook::iso_country(code) {
            return Some(CountryRef::current(c));
        }
        if let Some(f) = rulebook::former_country(code) {
            self.push(Diagnostic::new(
                Code::PlaceOfBirthFormerCountry,
                pointer,
                format!("the country of birth is the former {} ({}, withdrawn {})", f.name, f.alpha4, f.withdrawn),
                "this is right for a person born there before it ceased to exist; the request carries the former country",
            ));
            return Some(CountryRef::former(f));
        }
        let formers: Vec<String> =
            rulebook::former_countries_with_alpha2(code).map(|f| format!("`{}` {}", f.alpha4, f.name)).collect();
        if formers.len() > 1 {
            self.push(Diagnostic::new(
                Code::CountryCodeAmbiguous,
                pointer,
                format!("`{}` has meant more than one former country: {}", shorten(code), formers.join(", ")),
                "use the four-letter ISO 3166-3 code of the country the person was born in",
            ));
        } else if let Some(one) = formers.first() {
            self.push(Diagnostic::new(
                Code::CountryCodeAmbiguous,
                pointer,
                format!("`{}` is a retired code ({one}); a two-letter code alone can be reused", shorten(code)),
                "use the four-letter ISO 3166-3 code of the former country",
            ));
        } else {
            self.push(Diagnostic::new(
                Code::CountryCodeUnknown,
                pointer,
                format!("`{}` is not a country code", shorten(code)),
                "use the two-letter ISO 3166-1 code, or for a former country its four-letter ISO 3166-3 code (for example `YUCS` for Yugoslavia, `SUHH` for the USSR)",
            ));
        }
        None
    }
}

/// Cut a user value for echoing in a message (values may be huge or hostile).
pub fn shorten(s: &str) -> String {
    let mut out = text::visible(prefix_chars(s, 40));
    if prefix_chars(s, 40).len() < s.len() {
        out.push('…');
    }
    out
}

/// The first `n` characters of `s` (all of it when it is shorter), as a slice.
fn prefix_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s; // n bytes hold at least n characters
    }
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// `{base}{i}{leaf}` written into a reused buffer: the pointer of a list item is read only when a
/// diagnostic is written, so checking a valid item should not allocate one.
fn list_pointer<'b>(buf: &'b mut String, base: &str, i: usize, leaf: &str) -> &'b str {
    use std::fmt::Write as _;
    buf.clear();
    buf.push_str(base);
    let _ = write!(buf, "{i}");
    buf.push_str(leaf);
    buf
}

fn baseline_rule(element: &str) -> RuleOrigin {
    RuleOrigin {
        rule_set: "ecris-baseline",
        file: "DOMAIN.md §1.3".to_owned(),
        key: format!("PersonType.{element}"),
        sources: vec![SourceRef {
            url: "DOMAIN.md#1.3",
            title: "ECRIS XML schemas v1.0, domain-model PersonType (mandatory elements)",
            weak: false,
        }],
    }
}

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

/// What an officer would call an item.
pub fn item_label(item: Item) -> &'static str {
    match item {
        Item::SecondSurname => "second surname",
        Item::SurnameAtBirth => "surname at birth",
        Item::FormerNames => "former names (or confirmation that there are none)",
        Item::Alias => "other names used (or confirmation that there are none)",
        Item::FatherForename => "father's first name",
        Item::FatherSurname => "father's surname",
        Item::MotherForename => "mother's first name",
        Item::MotherSurname => "mother's surname",
        Item::MotherMaidenName => "mother's maiden name",
        Item::IdentityNumber => "national identity number",
        Item::IdentityDocument => "identity document (type and number)",
        Item::Address => "address",
        Item::Fingerprints => "fingerprints",
        Item::PurposeDetails => "more detail about the purpose of the request",
    }
}

/// The item with its article, for a sentence: "Poland needs the mother's first name".
pub fn item_phrase(item: Item) -> String {
    match item {
        Item::PurposeDetails | Item::Fingerprints => item_label(item).to_owned(),
        other => format!("the {}", item_label(other)),
    }
}

fn item_pointer(item: Item, purpose: Option<&Purpose>) -> &'static str {
    if item == Item::PurposeDetails {
        return match purpose {
            Some(Purpose::Other { .. }) => "/request/purpose/description",
            _ => "/request/purpose/details",
        };
    }
    match item {
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
        Item::PurposeDetails => "/request/purpose/details",
    }
}

/// Validate a request out and build its messages and email.
pub fn validate(input: &RequestOutInput) -> Validated {
    let mut diags = Diagnostics::default();
    let mut ck = Checker { d: &mut diags };
    let p = &input.person;
    let ctx = &input.context;

    // ---- context (the injected world) ----
    let today = ck.today(&ctx.today);
    let timestamp = ck.timestamp(ctx.timestamp.as_ref(), today);
    let this_year = today.map_or(2000, |t| t.year);
    let sending_authority = ck.text(Some(&ctx.sending_authority.name), "/context/sendingAuthority/name", "the sending authority's name", 400);
    let contact = ck.contact(&ctx.sending_authority);

    // ---- the person ----
    let cp = check_person(&mut ck, p, today);
    let nationalities = cp.person.nationalities.clone();
    let dob = cp.dob;

    // ---- destinations ----
    let british = nationalities.iter().any(|c| c.code == "GB");
    let mut destinations: Vec<CountryRef> = nationalities.iter().filter(|c| c.code != "GB").cloned().collect();
    for (i, d) in input.request.destinations.iter().enumerate() {
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
    let no_foreign_nationality = !nationalities.is_empty() && nationalities.iter().all(|c| c.code == "GB");

    // ---- the route ----
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
                let prov = ck.text(proceedings.as_ref(), "/request/route/proceedings", "the proceedings", 400);
                if prov.is_none() && proceedings.is_none() {
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
    if destinations.is_empty() && !nationalities.is_empty() {
        ck.push(Diagnostic::new(
            Code::NoDestination,
            "/request/destinations",
            "there is no country to ask: the person is British only and no other country is named",
            "name the countries where the person lived or may have been convicted in `destinations`",
        ));
    }

    // ---- purpose, consent, case, officer, authority ----
    let (purpose_key, purpose_text) = match &input.request.purpose {
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
            if input.request.consent != crate::model::Consent::Yes {
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
    let case_reference = ck.text(input.request.case_reference.as_ref(), "/request/caseReference", "the case reference", 50);
    if input.request.case_reference.is_none() {
        ck.push(Diagnostic::new(Code::CaseReferenceRequired, "/request/caseReference", "the case reference is missing", "give the reference the reply and any email should quote"));
    }
    let officer = input.request.officer.as_ref();
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

    // ---- UK identifiers ----
    if let Some(v) = &uk.pnc_id {
        match identifiers::pnc_id(v, this_year) {
            Ok(_) => {}
            Err(IdError::CheckLetter { expected }) => ck.push(Diagnostic::new(
                Code::PncIdCheckLetter,
                "/uk/pncId",
                format!("the PNC ID `{}` has the wrong check letter: its digits give `{expected}`", shorten(v)),
                "check the PNC ID against the PNC record; a digit or the letter was mistyped",
            )),
            Err(_) => ck.push(Diagnostic::new(Code::PncIdMalformed, "/uk/pncId", format!("`{}` is not a PNC ID", shorten(v)), "a PNC ID is written YYYY/NNNNNNNA, for example 2003/0011985X")),
        }
    }
    if let Some(v) = &uk.cro_number {
        match identifiers::cro_number(v) {
            Ok(_) => {}
            Err(IdError::CheckLetter { expected }) => ck.push(Diagnostic::new(
                Code::CroNumberCheckLetter,
                "/uk/croNumber",
                format!("the CRO number `{}` has the wrong check letter: its digits give `{expected}`", shorten(v)),
                "check the CRO number; a digit or the letter was mistyped",
            )),
            Err(_) => ck.push(Diagnostic::new(Code::CroNumberMalformed, "/uk/croNumber", format!("`{}` is not a CRO number", shorten(v)), "a CRO number is written NNNNNN/YYA, or SFYY/NNNNNNA")),
        }
    }
    let force = uk.force_code.as_ref().map(|f| f.trim().to_owned());
    let force_name = force.as_deref().and_then(rulebook::force_name);
    if let (Some(f), None) = (&force, force_name) {
        ck.push(Diagnostic::new(Code::ForceCodeUnknown, "/uk/forceCode", format!("`{}` is not a PNC force code", shorten(f)), "use the two-digit PNC force code, for example `44` for Hampshire"));
    }
    if let Some(v) = &uk.asn {
        match identifiers::asn(v) {
            Ok(a) => {
                if let Some(f) = force.as_deref().filter(|f| *f != a.force) {
                    ck.push(Diagnostic::new(Code::AsnForceMismatch, "/uk/asn", format!("the arrest/summons number is for force `{}`, not `{f}`", a.force), "check the force code and the arrest/summons number"));
                }
            }
            Err((IdError::CheckLetter { expected }, _)) => ck.push(Diagnostic::new(
                Code::AsnCheckLetter,
                "/uk/asn",
                format!("the arrest/summons number `{}` has the wrong check letter: its digits give `{expected}`", shorten(v)),
                "check the arrest/summons number on the custody record",
            )),
            Err((IdError::NotVerifiable, _)) => ck.push(Diagnostic::new(Code::AsnCheckNotVerifiable, "/uk/asn", "the arrest/summons number's check letter cannot be verified", "its force or system part has letters; check it by eye")),
            Err((IdError::Malformed(form), _)) => ck.push(Diagnostic::new(Code::AsnMalformed, "/uk/asn", format!("`{}` is not an arrest/summons number", shorten(v)), format!("an arrest/summons number is {form}"))),
        }
    }
    let _ = ck.text(uk.custody_record.as_ref(), "/uk/custodyRecord", "the custody record reference", 50);
    if let Some(arrest) = ck.partial_date(uk.arrest_date.as_ref(), "/uk/arrestDate", "the arrest date") {
        match (arrest.full(), today) {
            (None, _) => ck.push(Diagnostic::new(Code::DateInvalid, "/uk/arrestDate", "the arrest date must be a full date", "write YYYY-MM-DD")),
            (Some(a), Some(t)) if a > t => ck.push(Diagnostic::new(Code::ArrestDateInFuture, "/uk/arrestDate", format!("the arrest date {a} is after today ({t})"), "check the arrest date")),
            (Some(a), _) => {
                if let Some(d) = dob.filter(|d| a < d.range().0) {
                    ck.push(Diagnostic::new(Code::ArrestBeforeBirth, "/uk/arrestDate", format!("the arrest date {a} is before the date of birth {d}"), "check both dates"));
                }
            }
        }
    }
    let requesting_authority = match &input.request.requesting_authority {
        Some(ra) => {
            let name = ck.text(Some(&ra.name), "/request/requestingAuthority/name", "the requesting authority's name", 400);
            let code = ck.text(ra.code.as_ref(), "/request/requestingAuthority/code", "the requesting authority's code", 50);
            name.map(|n| (n, code))
        }
        None => force_name.map(|n| (format!("{n} (PNC force {})", force.as_deref().unwrap_or("")), force.clone())),
    };
    if requesting_authority.is_none() && input.request.requesting_authority.is_none() {
        ck.push(Diagnostic::new(
            Code::RequestingAuthorityRequired,
            "/request/requestingAuthority",
            "the requesting authority is not named and no PNC force code gives it",
            "give the force code, or name the authority before which the proceedings are pending",
        ));
    }

    // ---- offences, identity documents, addresses, remarks ----
    let mut offence_codes = Vec::new();
    let mut offence_texts = Vec::new();
    let mut ptr = String::new();
    for (i, o) in input.request.offences.iter().enumerate() {
        let base = "/request/offences/";
        if let Some(c) = &o.category {
            let c = c.trim();
            if !is_offence_code(c) {
                ck.push(Diagnostic::new(Code::OffenceCodeMalformed, format!("{base}{i}/category"), format!("`{}` is not an ECRIS offence category code", shorten(c)), "write four digits, a space and two digits, for example `0401 00`"));
            } else {
                if rulebook::offence_category(c).is_none() {
                    ck.push(Diagnostic::new(
                        Code::OffenceCodeNotInTable,
                        format!("{base}{i}/category"),
                        format!("`{c}` is well formed but not in icce's bundled offence table, which is incomplete"),
                        "the code is sent as given; check it against the official ECRIS Annex A",
                    ));
                }
                offence_codes.push(c.to_owned());
            }
        }
        if let Some(t) = ck.text(o.description.as_ref(), list_pointer(&mut ptr, base, i, "/description"), "the offence description", 400) {
            offence_texts.push(t);
        }
    }
    let accusation = offence_texts.join("; ");
    if text::char_len(&accusation) > 400 {
        ck.push(Diagnostic::new(Code::TextTooLong, "/request/offences", "the offence descriptions together are longer than the 400 characters ECRIS allows", "shorten the descriptions"));
    }
    let remarks = ck.text(input.request.remarks.as_ref(), "/request/remarks", "the remarks", 4000);
    // ---- country requirements, per destination ----
    let mut per_destination: Vec<(Vec<&'static str>, Vec<&'static str>)> = Vec::new();
    for dest in &destinations {
        let rules = rulebook::rules_for(&dest.code);
        let mut missing = Vec::new();
        let mut recommended = Vec::new();
        for r in rules.requirements {
            let given = if r.item == Item::PurposeDetails { purpose_text.is_some() } else { cp.has(r.item) };
            if given {
                continue;
            }
            let (code, list, verb) = match r.level {
                Level::Required => (Code::ItemRequired, &mut missing, "needs"),
                Level::Recommended => (Code::ItemRecommended, &mut recommended, "recommends"),
            };
            list.push(r.item.key());
            ck.push(
                Diagnostic::new(
                    code,
                    item_pointer(r.item, input.request.purpose.as_ref()),
                    format!("{} {verb} {}", dest.name, item_phrase(r.item)),
                    r.note,
                )
                .with_rule(requirement_rule(rules, r))
                .with_countries(vec![dest.code.to_owned()])
                .with_item(r.item.key()),
            );
        }
        per_destination.push((missing, recommended));
    }

    // ---- build the messages ----
    let seq = ctx.message_sequence;
    let n_dest = u64::try_from(destinations.len()).unwrap_or(u64::MAX);
    let seq_ok = seq.checked_add(n_dest.saturating_sub(1)).is_some_and(|last| last <= 999_999_999_999_999);
    if !seq_ok {
        ck.push(Diagnostic::new(
            Code::SequenceOutOfRange,
            "/context/messageSequence",
            format!("the message sequence {seq} does not leave room for {} message ids of 15 digits", destinations.len()),
            "the calling system must supply a sequence below 10^15",
        ));
    }
    let local_purpose = rulebook::local_code("request-purpose", purpose_key).unwrap_or("P-00-000000");
    let local_rat = rulebook::local_code("requesting-authority-type", "police").unwrap_or("RAT-00-Z");
    let purpose_words = match &input.request.purpose {
        Some(Purpose::Other { .. }) => "Other purpose",
        _ => "Criminal proceedings",
    };
    let purpose_full = match &purpose_text {
        Some(t) => format!("{purpose_words}: {t}"),
        None => purpose_words.to_owned(),
    };
    let purpose_full = if purpose_full.len() <= 400 { purpose_full } else { prefix_chars(&purpose_full, 400).to_owned() };

    let has_invalid = ck.d.has(Kind::Invalid);
    let baseline_missing = ck.d.iter().any(|d| d.kind == Kind::Missing && d.countries.is_empty());
    let mut out = Vec::with_capacity(destinations.len());
    // Each destination's message carries the person; the last one takes it instead of a copy.
    let mut person = Some(cp.person);
    let n_destinations = destinations.len();
    for (i, (dest, (missing, recommended))) in destinations.iter().zip(per_destination).enumerate() {
        let rules = rulebook::rules_for(&dest.code);
        let status = if has_invalid {
            Outcome::Invalid
        } else if baseline_missing || !missing.is_empty() {
            Outcome::Incomplete
        } else {
            Outcome::Ready
        };
        let message_id = seq_ok.then(|| format!("GB-{}-REQ-{:015}", dest.code, seq + u64::try_from(i).unwrap_or(0)));
        let mut local_codes = vec![local_purpose.to_owned(), local_rat.to_owned()];
        local_codes.sort();
        let this_person = if i + 1 == n_destinations { person.take() } else { person.clone() };
        let Some(this_person) = this_person else { continue }; // only the last destination takes it
        let message = EcrisRequest {
            message_id,
            message_type: "REQ",
            timestamp: timestamp.clone(),
            sender: "GB",
            receiver: dest.code.clone(),
            contact_person: contact.clone(),
            person: this_person,
            remarks: remarks.clone(),
            purpose_category_reference: local_purpose,
            purpose: purpose_full.clone(),
            accusation_categories: offence_codes.iter().map(|c| format!("O-00-{}", c.replace(' ', ""))).collect(),
            accusation: (!accusation.is_empty()).then(|| prefix_chars(&accusation, 400).to_owned()),
            requesting_authority: requesting_authority.as_ref().map(|(name, code)| ecris::RequestingAuthority {
                type_reference: local_rat,
                code: code.clone(),
                name: name.clone(),
            }),
            case_reference: case_reference.clone(),
            consent: match input.request.consent {
                crate::model::Consent::Yes => "Yes",
                crate::model::Consent::No => "No",
                crate::model::Consent::Unknown => "UNKNOWN",
            },
            urgency: match input.request.urgent {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "UNKNOWN",
            },
            local_codes,
        };
        let xml = (status == Outcome::Ready && rules.channel == Channel::EcrisTca)
            .then(|| ecris::request_xml(&message))
            .flatten();
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
    if out.iter().any(|d| d.channel == Channel::EcrisTca) {
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

    let outcome = Outcome::from_diagnostics(ck.d);
    let email = (outcome == Outcome::Incomplete || outcome == Outcome::Invalid).then(|| {
        email::missing_information(&email::EmailInput {
            outcome,
            to: officer_email.clone(),
            officer_name: officer_name.clone(),
            case_reference: case_reference.clone(),
            custody_record: uk.custody_record.as_deref().and_then(text::clean).map(shorten),
            sender: sending_authority.clone().unwrap_or_else(|| "UK Central Authority".to_owned()),
            destinations: &out,
            diagnostics: ck.d,
        })
    });
    Validated { diagnostics: diags, destinations: out, email }
}


/// The person, checked: the ECRIS form, and which optional items are present.
pub(crate) struct CheckedPerson {
    pub person: ecris::Person,
    pub dob: Option<PartialDate>,
    former_names_declared: bool,
    aliases_declared: bool,
    surname_at_birth: bool,
    mother_surname: bool,
    mother_maiden_name: bool,
    fingerprints_taken: bool,
}

impl CheckedPerson {
    /// Whether an item a country asks for is given (an empty list of former names or aliases
    /// counts: the officer checked and there are none).
    pub fn has(&self, item: Item) -> bool {
        let p = &self.person;
        match item {
            Item::SecondSurname => p.second_surname.is_some(),
            Item::SurnameAtBirth => self.surname_at_birth,
            Item::FormerNames => self.former_names_declared,
            Item::Alias => self.aliases_declared,
            Item::FatherForename => p.father_forename.is_some(),
            Item::FatherSurname => p.father_surname.is_some(),
            Item::MotherForename => p.mother_forename.is_some(),
            Item::MotherSurname => self.mother_surname,
            Item::MotherMaidenName => self.mother_maiden_name,
            Item::IdentityNumber => p.identity_number.is_some(),
            Item::IdentityDocument => !p.identification_documents.is_empty(),
            Item::Address => !p.addresses.is_empty(),
            Item::Fingerprints => self.fingerprints_taken,
            // Not about the person: the request's purpose is checked by the request.
            Item::PurposeDetails => false,
        }
    }
}

/// Check the person (ECRIS `PersonType`): names in every script, sex, date and place of birth,
/// nationalities, identity documents, addresses, and the ECRIS baseline. Shared by every process
/// that sends a person.
pub(crate) fn check_person(ck: &mut Checker<'_>, p: &crate::model::Person, today: Option<Date>) -> CheckedPerson {
    // ---- the person: names ----
    let forename = ck.name(p.forename.as_ref(), "/person/forename", "the forename");
    let surname = ck.name(p.surname.as_ref(), "/person/surname", "the surname");
    let second_surname = ck.name(p.second_surname.as_ref(), "/person/secondSurname", "the second surname");
    let full_name = p.full_name.as_ref().and_then(|f| {
        let v = text::clean(f)?;
        if text::char_len(v) > 600 {
            ck.push(Diagnostic::new(Code::NameTooLong, "/person/fullName", "the full name is longer than 600 characters", "shorten it"));
            return None;
        }
        ck.name(Some(&prefix_chars(v, 200).to_owned()), "/person/fullName", "the full name").map(|_| v.to_owned())
    });
    let surname_at_birth = ck.name(p.surname_at_birth.as_ref(), "/person/surnameAtBirth", "the surname at birth");
    let mut former = Vec::new();
    for (i, n) in p.former_names.iter().flatten().enumerate() {
        let base = format!("/person/formerNames/{i}");
        let f = ck.name(n.forename.as_ref(), &format!("{base}/forename"), "a former forename");
        let s = ck.name(n.surname.as_ref(), &format!("{base}/surname"), "a former surname");
        let s2 = ck.name(n.second_surname.as_ref(), &format!("{base}/secondSurname"), "a former second surname");
        if f.is_none() && s.is_none() && s2.is_none() && n.forename.is_none() && n.surname.is_none() && n.second_surname.is_none() {
            ck.push(Diagnostic::new(Code::EmptyValue, base, "a former name has no name in it", "fill it in or remove it"));
        }
        former.push((f, s, s2));
    }
    let mut aliases = Vec::new();
    for (i, a) in p.aliases.iter().flatten().enumerate() {
        let base = format!("/person/aliases/{i}");
        let f = ck.name(a.forename.as_ref(), &format!("{base}/forename"), "an alias forename");
        let s = ck.name(a.surname.as_ref(), &format!("{base}/surname"), "an alias surname");
        let dob = ck.partial_date(a.date_of_birth.as_ref(), &format!("{base}/dateOfBirth"), "an alias date of birth");
        if f.is_none() != s.is_none() {
            ck.push(Diagnostic::new(
                Code::NamePartMissing,
                base.clone(),
                "an alias has a forename or a surname but not both",
                "ECRIS sends an alias as a full name: add the missing part if it is known",
            ));
        }
        aliases.push((f, s, dob));
    }
    let parent = |ck: &mut Checker<'_>, who: &str, parent: Option<&crate::model::Parent>| {
        let Some(pa) = parent else { return (None, None, None) };
        // Static pointers and labels: these run for every parent given, errors or not.
        let [pf, lf, ps, ls, pm, lm] = if who == "father" {
            ["/person/father/forename", "the father's forename", "/person/father/surname", "the father's surname", "/person/father/maidenName", "the father's maiden name"]
        } else {
            ["/person/mother/forename", "the mother's forename", "/person/mother/surname", "the mother's surname", "/person/mother/maidenName", "the mother's maiden name"]
        };
        let f = ck.name(pa.forename.as_ref(), pf, lf);
        let s = ck.name(pa.surname.as_ref(), ps, ls);
        let m = ck.name(pa.maiden_name.as_ref(), pm, lm);
        if who == "father" && pa.maiden_name.is_some() {
            ck.push(Diagnostic::new(Code::EmptyValue, "/person/father/maidenName", "a maiden name is recorded for the mother only", "remove it, or record the father's surname at birth as his surname"));
        }
        (f, s, m)
    };
    let (father_f, father_s, _) = parent(ck, "father", p.father.as_ref());
    let (mother_f, mother_s, mother_m) = parent(ck, "mother", p.mother.as_ref());

    // ---- sex, date and place of birth ----
    let sex = p.sex;
    if sex.is_none() {
        ck.push(
            Diagnostic::new(Code::SexRequired, "/person/sex", "the person's sex is missing", "give male, female, notKnown or notSpecified (CJS 1, 2, 0 or 9)")
                .with_rule(baseline_rule("PersonSex"))
                .with_item("sex"),
        );
    }
    let dob = ck.partial_date(p.date_of_birth.as_ref(), "/person/dateOfBirth", "the date of birth");
    if p.date_of_birth.is_none() {
        ck.push(
            Diagnostic::new(Code::DateOfBirthRequired, "/person/dateOfBirth", "the date of birth is missing", "give the date of birth; the year alone is accepted when that is all that is known")
                .with_rule(baseline_rule("PersonBirthDate"))
                .with_item("date-of-birth"),
        );
    }
    if let (Some(d), Some(t)) = (dob, today) {
        let (earliest, latest) = d.range();
        if earliest > t {
            ck.push(Diagnostic::new(
                Code::DateOfBirthInFuture,
                "/person/dateOfBirth",
                format!("the date of birth {d} is after today ({t})"),
                "check the date of birth; the year may have been mistyped",
            ));
        } else {
            let oldest = earliest.years_until(t);
            let youngest = latest.years_until(t);
            if oldest > 120 || youngest < 10 {
                ck.push(Diagnostic::new(
                    Code::DateOfBirthImplausible,
                    "/person/dateOfBirth",
                    format!("the date of birth {d} makes the person about {oldest} years old"),
                    "check the date of birth",
                ));
            }
        }
        if d.day.is_none() {
            ck.push(Diagnostic::new(
                Code::DateOfBirthPartial,
                "/person/dateOfBirth",
                format!("only {} of the date of birth is known", if d.month.is_some() { "the year and month" } else { "the year" }),
                "give the full date if it becomes known: a partial date gives less certain matches",
            ));
        }
    }
    let pob = p.place_of_birth.as_ref();
    let town = ck.name(pob.and_then(|b| b.town.as_ref()), "/person/placeOfBirth/town", "the town of birth");
    if pob.and_then(|b| b.town.as_ref()).is_none() {
        ck.push(
            Diagnostic::new(Code::TownOfBirthRequired, "/person/placeOfBirth/town", "the town of birth is missing", "give the town or city of birth as the person states it")
                .with_rule(baseline_rule("PersonBirthPlace.PlaceTownName"))
                .with_item("town-of-birth"),
        );
    }
    let birth_country = match pob.and_then(|b| b.country.as_ref()) {
        Some(c) => ck.birth_country(c, "/person/placeOfBirth/country"),
        None => {
            ck.push(
                Diagnostic::new(Code::CountryOfBirthRequired, "/person/placeOfBirth/country", "the country of birth is missing", "give the country of birth; for a country that no longer exists, its ISO 3166-3 code (for example `YUCS` for Yugoslavia)")
                    .with_rule(baseline_rule("PersonBirthPlace.PlaceCountryReference"))
                    .with_item("country-of-birth"),
            );
            None
        }
    };

    let mut nationalities: Vec<CountryRef> = Vec::new();
    let mut ptr = String::new();
    for (i, n) in p.nationalities.iter().enumerate() {
        if let Some(c) = ck.country(n, list_pointer(&mut ptr, "/person/nationalities/", i, ""), "the nationality") {
            if nationalities.iter().any(|x| x.code == c.code) {
                ck.push(Diagnostic::new(Code::DuplicateNationality, format!("/person/nationalities/{i}"), format!("the nationality `{}` is given twice", c.code), "remove the repeat"));
            } else {
                nationalities.push(c);
            }
        }
    }
    if p.nationalities.is_empty() {
        ck.push(
            Diagnostic::new(Code::NationalityRequired, "/person/nationalities", "no nationality is given", "give every nationality the person holds; a dual national is asked about in each country")
                .with_rule(baseline_rule("PersonNationalityReference"))
                .with_item("nationality"),
        );
    }
    let identity_number = ck.text(p.identity_number.as_ref(), "/person/identityNumber", "the identity number", 50);
    let mut documents = Vec::new();
    for (i, doc) in p.identity_documents.iter().enumerate() {
        let base = "/person/identityDocuments/";
        let cat = doc.category.as_deref().and_then(|c| rulebook::id_document_category(c.trim()));
        if cat.is_none() {
            let keys: Vec<&str> = rulebook::ID_DOCUMENT_CATEGORIES.iter().map(|(_, k, _)| *k).collect();
            let message = match &doc.category {
                Some(c) => format!("`{}` is not an identity document category", shorten(c)),
                None => "an identity document has no category".to_owned(),
            };
            ck.push(Diagnostic::new(Code::IdDocumentCategoryUnknown, format!("{base}{i}/category"), message, format!("use one of: {}", keys.join(", "))));
        }
        let number = ck.text(doc.number.as_ref(), list_pointer(&mut ptr, base, i, "/number"), "the document number", 50);
        let authority = ck.text(doc.issuing_authority.as_ref(), list_pointer(&mut ptr, base, i, "/issuingAuthority"), "the issuing authority", 400);
        let issued = ck.partial_date(doc.issue_date.as_ref(), list_pointer(&mut ptr, base, i, "/issueDate"), "the issue date");
        let until = ck.partial_date(doc.valid_until.as_ref(), list_pointer(&mut ptr, base, i, "/validUntil"), "the expiry date");
        let issuing_country = doc.issuing_country.as_ref().and_then(|c| ck.country(c, list_pointer(&mut ptr, base, i, "/issuingCountry"), "the issuing country"));
        if let Some((code, name)) = cat {
            documents.push(ecris::IdDocument { category_reference: code, category: name, number, issuing_authority: authority, issue_date: issued, valid_until: until, issuing_country });
        }
    }
    let mut addresses = Vec::new();
    for (i, a) in p.addresses.iter().enumerate() {
        let base = "/person/addresses/";
        let street = ck.text(a.street.as_ref(), list_pointer(&mut ptr, base, i, "/street"), "the street", 400);
        let town = ck.text(a.town.as_ref(), list_pointer(&mut ptr, base, i, "/town"), "the town", 200);
        let postcode = ck.text(a.postcode.as_ref(), list_pointer(&mut ptr, base, i, "/postcode"), "the postcode", 50);
        let country = a.country.as_ref().and_then(|c| ck.country(c, list_pointer(&mut ptr, base, i, "/country"), "the address country"));
        addresses.push(ecris::Address { country, town, street, postcode });
    }
    let fingerprints_taken = p.fingerprints.as_ref().is_some_and(|f| f.taken);
    let _ = ck.text(p.fingerprints.as_ref().and_then(|f| f.reference.as_ref()), "/person/fingerprints/reference", "the fingerprint reference", 50);

    // ---- baseline names ----
    if p.forename.is_none() {
        ck.push(Diagnostic::new(Code::ForenameRequired, "/person/forename", "the forename is missing", "give all forenames as the person states them").with_rule(baseline_rule("PersonName.Forename")).with_item("forename"));
    }
    if p.surname.is_none() {
        ck.push(Diagnostic::new(Code::SurnameRequired, "/person/surname", "the surname is missing", "give the surname as the person states it").with_rule(baseline_rule("PersonName.Surname")).with_item("surname"));
    }

    let person = ecris::Person {
        forename: forename.clone(),
        surname: surname.clone(),
        second_surname: second_surname.clone(),
        full_name,
        sex: sex.map(Sex::ecris),
        sex_cjs: sex.map(Sex::cjs),
        birth_date: dob,
        birth_place: ecris::BirthPlace { country: birth_country, town },
        nationalities: nationalities.clone(),
        former_forenames: former.iter().filter_map(|f| f.0.clone()).collect(),
        former_surnames: surname_at_birth
            .iter()
            .filter(|s| Some(*s) != surname.as_ref())
            .cloned()
            .chain(former.iter().filter_map(|f| f.1.clone()))
            .collect(),
        former_second_surnames: former.iter().filter_map(|f| f.2.clone()).collect(),
        father_forename: father_f,
        father_surname: father_s,
        mother_forename: mother_f,
        // ECRIS has no element for the maiden name: it travels in MotherSurname (DOMAIN.md §1.3),
        // and a different current surname goes to the remarks.
        mother_surname: mother_m.clone().or_else(|| mother_s.clone()),
        identity_number,
        identification_documents: documents,
        addresses,
        aliases: aliases.into_iter().map(|(f, s, d)| ecris::Alias { forename: f, surname: s, birth_date: d }).collect(),
        remarks: match (&mother_m, &mother_s) {
            (Some(m), Some(s)) if m != s => Some(format!("Mother's current surname: {s}; MotherSurname holds her maiden name.")),
            _ => None,
        },
    };
    CheckedPerson {
        person,
        dob,
        former_names_declared: p.former_names.is_some(),
        aliases_declared: p.aliases.is_some(),
        surname_at_birth: surname_at_birth.is_some(),
        mother_surname: mother_s.is_some(),
        mother_maiden_name: mother_m.is_some(),
        fingerprints_taken,
    }
}

fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>, max: u32| {
        t.get(r).and_then(|s| if s.bytes().all(|c| c.is_ascii_digit()) { s.parse::<u32>().ok() } else { None }).is_some_and(|n| n <= max)
    };
    b.len() == 8 && b.get(2) == Some(&b':') && b.get(5) == Some(&b':') && num(0..2, 23) && num(3..5, 59) && num(6..8, 59)
}

pub fn is_offence_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b.iter().enumerate().all(|(i, c)| if i == 4 { *c == b' ' } else { c.is_ascii_digit() })
}
