//! The person an outgoing message is about, checked and put in ECRIS form (`PersonType`).
//!
//! Shared by every process that sends a person (requests out, notifications out). The checks run
//! in the order of the form: names (with former names, aliases and parents), sex, date and place
//! of birth, nationalities, identity documents, addresses, fingerprints, and last the ECRIS
//! baseline: what `PersonType` makes mandatory (`docs/domain/ecris-message-model.md#persontype`).
//! The answer also keeps which optional items were given, for the countries that ask for them.

use std::borrow::Cow;
use crate::check::Checker;
use crate::date::{Date, PartialDate};
use crate::diag::{Code, Diagnostic, ListPointer, RuleOrigin, SourceRef};
use crate::ecris::{self, CountryRef};
use crate::model::{Parent, Person, Sex};
use crate::rulebook::{self, Item};
use crate::text::{self, prefix_chars, shorten};

/// The person, checked: the ECRIS form, and which optional items are present or not known.
pub struct CheckedPerson<'i> {
    pub person: ecris::Person<'i>,
    pub dob: Option<PartialDate>,
    /// Items the person does not know, declared in `notKnown`.
    pub not_known: Vec<Item>,
    former_names_declared: bool,
    aliases_declared: bool,
    surname_at_birth: bool,
    mother_surname: bool,
    mother_maiden_name: bool,
    fingerprints_taken: bool,
}

impl CheckedPerson<'_> {
    /// Whether an item a country asks for is answered: given, or declared not known.
    pub fn has(&self, item: Item) -> bool {
        self.given(item) || self.not_known.contains(&item)
    }

    /// Whether an item a country asks for is given (an empty list of former names or aliases
    /// counts: the officer checked and there are none).
    pub fn given(&self, item: Item) -> bool {
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

/// The rule of the ECRIS baseline that makes `PersonType.{element}` mandatory.
fn baseline_rule(element: &str) -> RuleOrigin {
    RuleOrigin {
        rule_set: "ecris-baseline",
        file: Cow::Borrowed("docs/domain/ecris-message-model.md#persontype"),
        key: Cow::Owned(format!("PersonType.{element}")),
        sources: Cow::Borrowed(&[SourceRef {
            url: "schemas/ecris-v1.0/domain-model-v1.0.xsd",
            title: "European Commission, ECRIS XML schemas v1.0, domain-model-v1.0.xsd, PersonType (mandatory elements)",
            weak: false,
        }]),
        json: None,
    }
}

/// A missing baseline item: its diagnostic, with the rule and the item key.
fn baseline_missing(code: Code, pointer: &'static str, message: &'static str, help: &'static str, element: &str, item: &'static str) -> Diagnostic {
    Diagnostic::new(code, pointer, message, help).with_rule(baseline_rule(element)).with_item(item)
}

/// Check the person (ECRIS `PersonType`) and build its ECRIS form.
pub fn check<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>, today: Option<Date>) -> CheckedPerson<'i> {
    let names = names(ck, p);
    let parents = parents(ck, p);
    let birth = birth(ck, p, today);
    let nationalities = nationalities(ck, p);
    let identity_number = ck.text(p.identity_number.as_deref(), "/person/identityNumber", "the identity number", 50).map(Cow::Borrowed);
    let documents = identity_documents(ck, p);
    let addresses = addresses(ck, p);
    let fingerprints_taken = p.fingerprints.as_ref().is_some_and(|f| f.taken);
    let fingerprint_reference = ck.text(p.fingerprints.as_ref().and_then(|f| f.reference.as_deref()), "/person/fingerprints/reference", "the fingerprint reference", 50).map(Cow::Borrowed);
    let not_known = not_known(ck, p);
    baseline_names(ck, p);

    let Names { forename, surname, second_surname, full_name, surname_at_birth, former, aliases } = names;
    let Parents { father_forename, father_surname, mother_forename, mother_surname, mother_maiden_name } = parents;
    let person = ecris::Person {
        forename,
        surname: surname.clone(),
        second_surname,
        full_name,
        sex: birth.sex.map(Sex::ecris),
        sex_cjs: birth.sex.map(Sex::cjs),
        birth_date: birth.date,
        birth_place: ecris::BirthPlace { country: birth.country, town: birth.town },
        nationalities,
        former_forenames: former.iter().filter_map(|f| f.0.clone()).collect(),
        former_surnames: surname_at_birth
            .iter()
            .filter(|s| Some(*s) != surname.as_ref())
            .cloned()
            .chain(former.iter().filter_map(|f| f.1.clone()))
            .collect(),
        former_second_surnames: former.iter().filter_map(|f| f.2.clone()).collect(),
        father_forename,
        father_surname,
        mother_forename,
        // ECRIS has no element for the maiden name: it travels in MotherSurname
        // (docs/domain/ecris-message-model.md#persontype), and a different current surname goes
        // to the remarks.
        mother_surname: mother_maiden_name.clone().or_else(|| mother_surname.clone()),
        identity_number,
        identification_documents: documents,
        addresses,
        aliases,
        remarks: None,
    };
    let mut checked = CheckedPerson {
        person,
        dob: birth.date,
        not_known: not_known.iter().map(|(_, item)| *item).collect(),
        former_names_declared: p.former_names.is_some(),
        aliases_declared: p.aliases.is_some(),
        surname_at_birth: surname_at_birth.is_some(),
        mother_surname: mother_surname.is_some(),
        mother_maiden_name: mother_maiden_name.is_some(),
        fingerprints_taken,
    };
    checked.person.remarks = remarks(&checked, &mother_maiden_name, &mother_surname, fingerprint_reference.as_deref());
    not_known_but_given(ck, &checked, &not_known);
    checked
}

/// What ECRIS has no element for, said in the person's remarks: the mother's current surname when
/// her maiden name is sent, that fingerprints were taken and where they are held (Schedule 1 para
/// 11; ECRIS carries prints only as a binary attachment), and what the person does not know.
fn remarks<'i>(p: &CheckedPerson<'_>, maiden_name: &Option<Cow<'_, str>>, surname: &Option<Cow<'_, str>>, fingerprint_reference: Option<&str>) -> Option<Cow<'i, str>> {
    let mut parts = Vec::new();
    match (maiden_name, surname) {
        (Some(m), Some(s)) if m != s => parts.push(format!("Mother's current surname: {s}; MotherSurname holds her maiden name.")),
        (None, Some(_)) if p.not_known.contains(&Item::MotherMaidenName) => {
            parts.push("MotherSurname holds the mother's current surname; her maiden name is not known.".to_owned());
        }
        _ => {}
    }
    if p.fingerprints_taken {
        parts.push(match fingerprint_reference {
            Some(r) => format!("Fingerprints were taken and are held by the UK under reference {r}; they are not attached to this message."),
            None => "Fingerprints were taken and are held by the UK; they are not attached to this message.".to_owned(),
        });
    }
    if !p.not_known.is_empty() {
        let items: Vec<&str> = p.not_known.iter().map(|i| i.label()).collect();
        parts.push(format!("Not known to the person: {}.", items.join("; ")));
    }
    (!parts.is_empty()).then(|| Cow::Owned(parts.join(" ")))
}

/// The items declared not known, each with its place in `notKnown`: each must be one a country
/// can ask for.
fn not_known(ck: &mut Checker<'_>, p: &Person) -> Vec<(usize, Item)> {
    let mut out: Vec<(usize, Item)> = Vec::new();
    let mut ptr = ListPointer::default();
    for (i, raw) in p.not_known.iter().enumerate() {
        let key = raw.trim();
        let Some(item) = Item::ALL.iter().copied().find(|i| i.key() == key && *i != Item::PurposeDetails) else {
            let keys: Vec<&str> = Item::ALL.iter().filter(|i| **i != Item::PurposeDetails).map(|i| i.key()).collect();
            ck.push(Diagnostic::new(
                Code::NotKnownItemUnknown,
                ptr.at("/person/notKnown/", i, "").to_owned(),
                format!("`{}` is not an item a country can ask for", shorten(raw)),
                format!("use one of: {}", keys.join(", ")),
            ));
            continue;
        };
        if !out.iter().any(|(_, x)| *x == item) {
            out.push((i, item));
        }
    }
    out
}

/// An item declared not known that is given as well: one of the two is wrong.
fn not_known_but_given(ck: &mut Checker<'_>, p: &CheckedPerson<'_>, declared: &[(usize, Item)]) {
    for (i, item) in declared {
        if p.given(*item) {
            ck.push(Diagnostic::new(
                Code::NotKnownButGiven,
                format!("/person/notKnown/{i}"),
                format!("the {} is declared not known, and it is given", item.label()),
                "remove it from `notKnown`, or leave the value out",
            ));
        }
    }
}

/// A name or place as checked: borrowed from the input.
type Part<'i> = Option<Cow<'i, str>>;

/// The person's own names, checked.
struct Names<'i> {
    forename: Part<'i>,
    surname: Part<'i>,
    second_surname: Part<'i>,
    full_name: Part<'i>,
    surname_at_birth: Part<'i>,
    /// Former forename, surname and second surname, each checked.
    former: Vec<(Part<'i>, Part<'i>, Part<'i>)>,
    aliases: Vec<ecris::Alias<'i>>,
}

fn names<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>) -> Names<'i> {
    let forename = ck.name(p.forename.as_deref(), "/person/forename", "the forename").map(Cow::Borrowed);
    let surname = ck.name(p.surname.as_deref(), "/person/surname", "the surname").map(Cow::Borrowed);
    let second_surname = ck.name(p.second_surname.as_deref(), "/person/secondSurname", "the second surname").map(Cow::Borrowed);
    let full_name = p.full_name.as_ref().and_then(|f| {
        let v = text::clean(f)?;
        if text::char_len(v) > 600 {
            ck.push(Diagnostic::new(Code::NameTooLong, "/person/fullName", "the full name is longer than 600 characters", "shorten it"));
            return None;
        }
        ck.name(Some(prefix_chars(v, 200)), "/person/fullName", "the full name").map(|_| Cow::Borrowed(v))
    });
    let surname_at_birth = ck.name(p.surname_at_birth.as_deref(), "/person/surnameAtBirth", "the surname at birth").map(Cow::Borrowed);
    let mut former = Vec::new();
    for (i, n) in p.former_names.iter().flatten().enumerate() {
        let base = format!("/person/formerNames/{i}");
        let f = ck.name(n.forename.as_deref(), &format!("{base}/forename"), "a former forename").map(Cow::Borrowed);
        let s = ck.name(n.surname.as_deref(), &format!("{base}/surname"), "a former surname").map(Cow::Borrowed);
        let s2 = ck.name(n.second_surname.as_deref(), &format!("{base}/secondSurname"), "a former second surname").map(Cow::Borrowed);
        if f.is_none() && s.is_none() && s2.is_none() && n.forename.is_none() && n.surname.is_none() && n.second_surname.is_none() {
            ck.push(Diagnostic::new(Code::EmptyValue, base, "a former name has no name in it", "fill it in or remove it"));
        }
        former.push((f, s, s2));
    }
    let mut aliases = Vec::new();
    for (i, a) in p.aliases.iter().flatten().enumerate() {
        let base = format!("/person/aliases/{i}");
        let forename = ck.name(a.forename.as_deref(), &format!("{base}/forename"), "an alias forename").map(Cow::Borrowed);
        let surname = ck.name(a.surname.as_deref(), &format!("{base}/surname"), "an alias surname").map(Cow::Borrowed);
        let birth_date = ck.partial_date(a.date_of_birth.as_deref(), &format!("{base}/dateOfBirth"), "an alias date of birth");
        if forename.is_none() != surname.is_none() {
            ck.push(Diagnostic::new(
                Code::NamePartMissing,
                base.clone(),
                "an alias has a forename or a surname but not both",
                "ECRIS sends an alias as a full name: add the missing part if it is known",
            ));
        }
        aliases.push(ecris::Alias { forename, surname, birth_date });
    }
    Names { forename, surname, second_surname, full_name, surname_at_birth, former, aliases }
}

/// The parents' names, checked.
struct Parents<'i> {
    father_forename: Part<'i>,
    father_surname: Part<'i>,
    mother_forename: Part<'i>,
    mother_surname: Part<'i>,
    mother_maiden_name: Part<'i>,
}

fn parents<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>) -> Parents<'i> {
    // Static pointers and labels: these run for every parent given, errors or not.
    const FATHER: [&str; 6] = [
        "/person/father/forename", "the father's forename", "/person/father/surname", "the father's surname", "/person/father/maidenName", "the father's maiden name",
    ];
    const MOTHER: [&str; 6] = [
        "/person/mother/forename", "the mother's forename", "/person/mother/surname", "the mother's surname", "/person/mother/maidenName", "the mother's maiden name",
    ];
    let parent = |ck: &mut Checker<'_>, [pf, lf, ps, ls, pm, lm]: [&str; 6], parent: Option<&'i Parent<'_>>| {
        let Some(pa) = parent else { return (None, None, None) };
        (ck.name(pa.forename.as_deref(), pf, lf).map(Cow::Borrowed), ck.name(pa.surname.as_deref(), ps, ls).map(Cow::Borrowed), ck.name(pa.maiden_name.as_deref(), pm, lm).map(Cow::Borrowed))
    };
    let (father_forename, father_surname, _) = parent(ck, FATHER, p.father.as_ref());
    if p.father.as_ref().is_some_and(|f| f.maiden_name.is_some()) {
        ck.push(Diagnostic::new(Code::EmptyValue, "/person/father/maidenName", "a maiden name is recorded for the mother only", "remove it, or record the father's surname at birth as his surname"));
    }
    let (mother_forename, mother_surname, mother_maiden_name) = parent(ck, MOTHER, p.mother.as_ref());
    Parents { father_forename, father_surname, mother_forename, mother_surname, mother_maiden_name }
}

/// Sex, date and place of birth, checked.
struct Birth<'i> {
    sex: Option<Sex>,
    date: Option<PartialDate>,
    town: Part<'i>,
    country: Option<CountryRef>,
}

fn birth<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>, today: Option<Date>) -> Birth<'i> {
    if p.sex.is_none() {
        ck.push(baseline_missing(Code::SexRequired, "/person/sex", "the person's sex is missing", "give male, female, notKnown or notSpecified (CJS 1, 2, 0 or 9)", "PersonSex", "sex"));
    }
    let date = ck.partial_date(p.date_of_birth.as_deref(), "/person/dateOfBirth", "the date of birth");
    if p.date_of_birth.is_none() {
        ck.push(baseline_missing(
            Code::DateOfBirthRequired,
            "/person/dateOfBirth",
            "the date of birth is missing",
            "give the date of birth; the year alone is accepted when that is all that is known",
            "PersonBirthDate",
            "date-of-birth",
        ));
    }
    if let (Some(d), Some(t)) = (date, today) {
        date_of_birth_plausible(ck, d, t);
    }
    let place = p.place_of_birth.as_ref();
    let town = ck.name(place.and_then(|b| b.town.as_deref()), "/person/placeOfBirth/town", "the town of birth").map(Cow::Borrowed);
    if place.and_then(|b| b.town.as_ref()).is_none() {
        ck.push(baseline_missing(
            Code::TownOfBirthRequired,
            "/person/placeOfBirth/town",
            "the town of birth is missing",
            "give the town or city of birth as the person states it",
            "PersonBirthPlace.PlaceTownName",
            "town-of-birth",
        ));
    }
    let country = match place.and_then(|b| b.country.as_ref()) {
        Some(c) => ck.birth_country(c, "/person/placeOfBirth/country"),
        None => {
            ck.push(baseline_missing(
                Code::CountryOfBirthRequired,
                "/person/placeOfBirth/country",
                "the country of birth is missing",
                "give the country of birth; for a country that no longer exists, its ISO 3166-3 code (for example `YUCS` for Yugoslavia)",
                "PersonBirthPlace.PlaceCountryReference",
                "country-of-birth",
            ));
            None
        }
    };
    Birth { sex: p.sex, date, town, country }
}

/// A date of birth after today is wrong; one that makes the person older than 120 or younger
/// than 10 is worth a second look; one known only to the month or year gives weaker matches.
fn date_of_birth_plausible(ck: &mut Checker<'_>, d: PartialDate, today: Date) {
    let (earliest, latest) = d.range();
    if earliest > today {
        ck.push(Diagnostic::new(
            Code::DateOfBirthInFuture,
            "/person/dateOfBirth",
            format!("the date of birth {d} is after today ({today})"),
            "check the date of birth; the year may have been mistyped",
        ));
    } else {
        let oldest = earliest.years_until(today);
        let youngest = latest.years_until(today);
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

/// Every nationality, once; a dual national is asked about (or notified) in each country.
fn nationalities(ck: &mut Checker<'_>, p: &Person) -> Vec<CountryRef> {
    let mut out: Vec<CountryRef> = Vec::new();
    let mut ptr = ListPointer::default();
    for (i, n) in p.nationalities.iter().enumerate() {
        if let Some(c) = ck.nationality(n, ptr.at("/person/nationalities/", i, "")) {
            if out.iter().any(|x| x.code == c.code) {
                ck.push(Diagnostic::new(Code::DuplicateNationality, format!("/person/nationalities/{i}"), format!("the nationality `{}` is given twice", c.code), "remove the repeat"));
            } else {
                out.push(c);
            }
        }
    }
    if p.nationalities.is_empty() {
        ck.push(baseline_missing(
            Code::NationalityRequired,
            "/person/nationalities",
            "no nationality is given",
            "give every nationality the person holds; a dual national is asked about in each country",
            "PersonNationalityReference",
            "nationality",
        ));
    }
    out
}

fn identity_documents<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>) -> Vec<ecris::IdDocument<'i>> {
    const BASE: &str = "/person/identityDocuments/";
    let mut ptr = ListPointer::default();
    let mut documents = Vec::new();
    for (i, doc) in p.identity_documents.iter().enumerate() {
        let category = doc.category.as_deref().and_then(|c| rulebook::id_document_category(c.trim()));
        if category.is_none() {
            let keys: Vec<&str> = rulebook::ID_DOCUMENT_CATEGORIES.iter().map(|(_, k, _)| *k).collect();
            let message = match &doc.category {
                Some(c) => format!("`{}` is not an identity document category", shorten(c)),
                None => "an identity document has no category".to_owned(),
            };
            ck.push(Diagnostic::new(Code::IdDocumentCategoryUnknown, format!("{BASE}{i}/category"), message, format!("use one of: {}", keys.join(", "))));
        }
        let number = ck.text(doc.number.as_deref(), ptr.at(BASE, i, "/number"), "the document number", 50).map(Cow::Borrowed);
        let issuing_authority = ck.text(doc.issuing_authority.as_deref(), ptr.at(BASE, i, "/issuingAuthority"), "the issuing authority", 400).map(Cow::Borrowed);
        let issue_date = ck.partial_date(doc.issue_date.as_deref(), ptr.at(BASE, i, "/issueDate"), "the issue date");
        let valid_until = ck.partial_date(doc.valid_until.as_deref(), ptr.at(BASE, i, "/validUntil"), "the expiry date");
        let issuing_country = doc.issuing_country.as_ref().and_then(|c| ck.country(c, ptr.at(BASE, i, "/issuingCountry"), "the issuing country"));
        if let Some((category_reference, category)) = category {
            documents.push(ecris::IdDocument { category_reference, category, number, issuing_authority, issue_date, valid_until, issuing_country });
        }
    }
    documents
}

fn addresses<'i>(ck: &mut Checker<'_>, p: &'i Person<'_>) -> Vec<ecris::Address<'i>> {
    const BASE: &str = "/person/addresses/";
    let mut ptr = ListPointer::default();
    let mut addresses = Vec::new();
    for (i, a) in p.addresses.iter().enumerate() {
        let street = ck.text(a.street.as_deref(), ptr.at(BASE, i, "/street"), "the street", 400).map(Cow::Borrowed);
        let town = ck.text(a.town.as_deref(), ptr.at(BASE, i, "/town"), "the town", 200).map(Cow::Borrowed);
        let postcode = ck.text(a.postcode.as_deref(), ptr.at(BASE, i, "/postcode"), "the postcode", 50).map(Cow::Borrowed);
        let country = a.country.as_ref().and_then(|c| ck.country(c, ptr.at(BASE, i, "/country"), "the address country"));
        addresses.push(ecris::Address { country, town, street, postcode });
    }
    addresses
}

/// The names the ECRIS baseline makes mandatory, reported last so that the officer reads the
/// corrections to what was given first.
fn baseline_names(ck: &mut Checker<'_>, p: &Person) {
    if p.forename.is_none() {
        ck.push(baseline_missing(Code::ForenameRequired, "/person/forename", "the forename is missing", "give all forenames as the person states them", "PersonName.Forename", "forename"));
    }
    if p.surname.is_none() {
        ck.push(baseline_missing(Code::SurnameRequired, "/person/surname", "the surname is missing", "give the surname as the person states it", "PersonName.Surname", "surname"));
    }
}
