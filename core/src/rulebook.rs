//! The country rule book and the code tables, compiled in by `build.rs`.
//!
//! Nothing here is parsed at run time: the TOML and TSV files under `core/` become the static
//! slices below. Every requirement carries its sources and the line of the file it came from, so a
//! diagnostic can say exactly which rule asked for what, and why.

use serde::Serialize;

use crate::diag::SourceRef;

include!("vocab.rs");

/// A data item a country can ask for beyond the ECRIS baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    SecondSurname,
    SurnameAtBirth,
    FormerNames,
    Alias,
    FatherForename,
    FatherSurname,
    MotherForename,
    MotherSurname,
    MotherMaidenName,
    IdentityNumber,
    IdentityDocument,
    Address,
    Fingerprints,
    PurposeDetails,
}

impl Item {
    pub const ALL: [Item; 14] = [
        Item::SecondSurname,
        Item::SurnameAtBirth,
        Item::FormerNames,
        Item::Alias,
        Item::FatherForename,
        Item::FatherSurname,
        Item::MotherForename,
        Item::MotherSurname,
        Item::MotherMaidenName,
        Item::IdentityNumber,
        Item::IdentityDocument,
        Item::Address,
        Item::Fingerprints,
        Item::PurposeDetails,
    ];

    /// The key used in the TOML files and in answers.
    pub fn key(self) -> &'static str {
        let i = self as usize;
        ITEM_KEYS.get(i).map_or("unknown", |(k, _)| k)
    }

    /// What an officer would call the item.
    pub fn label(self) -> &'static str {
        match self {
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

    /// The article the item takes in a sentence ("Poland needs the mother's first name"): `the `,
    /// or nothing.
    pub fn article(self) -> &'static str {
        match self {
            Item::PurposeDetails | Item::Fingerprints => "",
            _ => "the ",
        }
    }

    /// "`country` needs the mother's first name" (`verb` "needs" or "recommends"), written in one
    /// string: it is said for every item missing for every destination, on every form change.
    pub fn sentence(self, country: &str, verb: &str) -> String {
        [country, " ", verb, " ", self.article(), self.label()].concat()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Level {
    Required,
    Recommended,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AppliesTo {
    PoliceRequest,
    IndividualApplication,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Region {
    Eu,
    Europe,
    World,
    Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Channel {
    /// UK-CRIS / ECRIS under the Trade and Cooperation Agreement.
    EcrisTca,
    /// Interpol channels through the National Crime Agency.
    InterpolNca,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LanguageBasis {
    Sourced,
    GeneralKnowledge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum DeadlineBasis {
    Sourced,
    Unverified,
    None,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    pub key: &'static str,
    pub url: &'static str,
    pub title: &'static str,
    pub weak: bool,
}

#[derive(Debug)]
pub struct Requirement {
    pub item: Item,
    pub level: Level,
    pub applies_to: AppliesTo,
    pub sources: &'static [&'static str],
    pub note: &'static str,
    /// Line of the `[[requirement]]` table in the country file.
    pub line: u32,
    /// Where a diagnostic says the rule comes from: `countries/PL.toml:30`, the key
    /// `requirement.father-forename`, and the cited sources in order (written by build.rs).
    pub origin_file: &'static str,
    pub origin_key: &'static str,
    pub origin_sources: &'static [SourceRef],
    /// The origin as the answer writer writes it (`diag::RuleOrigin::json`), written by build.rs
    /// with serde_json; a test holds it to the three fields above.
    pub origin_json: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReplyDeadline {
    pub basis: DeadlineBasis,
    pub criminal_proceedings_working_days: Option<u32>,
    pub other_purposes_working_days: Option<u32>,
    pub explanation: &'static str,
    pub sources: &'static [&'static str],
}

#[derive(Debug)]
pub struct Country {
    pub code: &'static str,
    /// Path of the source file, relative to `core/`.
    pub file: &'static str,
    pub name: &'static str,
    pub alpha3: Option<&'static str>,
    pub numeric: Option<&'static str>,
    pub region: Region,
    pub channel: Channel,
    pub channel_sources: &'static [&'static str],
    pub authority: Option<&'static str>,
    pub authority_sources: &'static [&'static str],
    pub request_language: &'static str,
    pub request_language_basis: LanguageBasis,
    pub request_language_sources: &'static [&'static str],
    pub no_published_requirements: Option<&'static str>,
    pub notes: &'static [&'static str],
    pub reply_deadline: ReplyDeadline,
    pub requirements: &'static [Requirement],
    pub sources: &'static [Source],
}

impl Country {
    pub fn source(&self, key: &str) -> Option<&'static Source> {
        self.sources.iter().find(|s| s.key == key)
    }
}

mod generated {
    #![allow(clippy::all)]
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/rulebook_gen.rs"));
}

pub use generated::{
    COUNTRIES, CURRENCIES, DECISION_CHANGE_CODES, ID_DOCUMENT_CATEGORIES, OFFENCE_LEVELS, PENALTY_CATEGORIES, RESPONSE_CODES, ISO_3166_1, ISO_3166_3, LOCAL_REFERENCE_CODES, OFFENCE_CATEGORIES,
    OFFENCE_TABLE_NOTE, PNC_FORCES, RULEBOOK_HASH, RULEBOOK_JSON, RULEBOOK_VERSION, UK_NATIONAL_CLASSES,
};

/// The class of UK national (EUFRA 2020 s.6(1)) an input nationality code stands for, other than
/// `GB` (a British citizen): `GBD`, `GBN`, `GBO`, `GBP`, `GBS` (`tables/uk-national-classes.tsv`),
/// with the table's own code.
pub fn uk_national(code: &str) -> Option<(&'static str, &'static str)> {
    UK_NATIONAL_CLASSES.iter().find(|(c, _, input)| *c == code && *input == "yes").map(|(c, class, _)| (*c, *class))
}

/// Whether a nationality code stands for a UK national of any class: `GB`, or a class code.
pub fn is_uk_national(code: &str) -> bool {
    code == "GB" || uk_national(code).is_some()
}

/// Whether the alpha-3 part of an ECRIS country reference stands for a UK national: `GBR`, or a
/// class code a sender may have used.
pub fn is_uk_national_alpha3(alpha3: &str) -> bool {
    UK_NATIONAL_CLASSES.iter().any(|(c, ..)| *c == alpha3)
}

/// The rule-book file for `code`, if the country has its own.
pub fn country_file(code: &str) -> Option<&'static Country> {
    generated::country_index(code).and_then(|i| COUNTRIES.get(i))
}

/// The rules for a destination: its own file, or `default.toml`.
pub fn rules_for(code: &str) -> &'static Country {
    country_file(code).unwrap_or_else(default_rules)
}

pub fn default_rules() -> &'static Country {
    // build.rs always appends default.toml last; the fallback keeps this total without a panic.
    COUNTRIES.get(generated::DEFAULT_INDEX).unwrap_or(&FALLBACK)
}

static FALLBACK: Country = Country {
    code: "default",
    file: "countries/default.toml",
    name: "Any other country",
    alpha3: None,
    numeric: None,
    region: Region::Default,
    channel: Channel::InterpolNca,
    channel_sources: &[],
    authority: None,
    authority_sources: &[],
    request_language: "en",
    request_language_basis: LanguageBasis::GeneralKnowledge,
    request_language_sources: &[],
    no_published_requirements: None,
    notes: &[],
    reply_deadline: ReplyDeadline {
        basis: DeadlineBasis::None,
        criminal_proceedings_working_days: None,
        other_purposes_working_days: None,
        explanation: "",
        sources: &[],
    },
    requirements: &[],
    sources: &[],
};

/// A current ISO 3166-1 country.
#[derive(Clone, Copy, Debug)]
pub struct IsoCountry {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: &'static str,
    pub name: &'static str,
    /// `CO-00-<numeric>-<alpha-3>` (see `ecris::CountryRef`), written by build.rs.
    pub ecris_reference: &'static str,
}

/// Every current ISO 3166-1 alpha-2 code, in order.
pub fn iso_codes() -> impl Iterator<Item = &'static str> {
    ISO_3166_1.iter().map(|&(alpha2, ..)| alpha2)
}

pub fn iso_country(alpha2: &str) -> Option<IsoCountry> {
    let &[a, b] = alpha2.as_bytes() else { return None };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return None;
    }
    let row = *generated::ISO_3166_1_SLOTS.get(usize::from(a - b'A') * 26 + usize::from(b - b'A'))?;
    ISO_3166_1
        .get(usize::from(row))
        .map(|&(alpha2, alpha3, numeric, name, ecris_reference)| IsoCountry { alpha2, alpha3, numeric, name, ecris_reference })
}

/// A former country (ISO 3166-3), by its unambiguous alpha-4 code.
#[derive(Clone, Copy, Debug)]
pub struct FormerCountry {
    pub alpha4: &'static str,
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: &'static str,
    pub withdrawn: &'static str,
    pub name: &'static str,
    /// `CO-00-<numeric>-<alpha-3>`, 999 where it has no numeric code; written by build.rs.
    pub ecris_reference: &'static str,
}

pub fn former_country(alpha4: &str) -> Option<FormerCountry> {
    ISO_3166_3
        .binary_search_by(|(a4, ..)| (*a4).cmp(alpha4))
        .ok()
        .and_then(|i| ISO_3166_3.get(i))
        .map(|&(alpha4, alpha2, alpha3, numeric, withdrawn, name, ecris_reference)| FormerCountry {
            alpha4,
            alpha2,
            alpha3,
            numeric,
            withdrawn,
            name,
            ecris_reference,
        })
}

/// Former countries whose retired alpha-2 code is `alpha2` (e.g. `CS`: Czechoslovakia and
/// Serbia and Montenegro), for explaining why an alpha-2 code alone is not accepted.
pub fn former_countries_with_alpha2(alpha2: &str) -> impl Iterator<Item = FormerCountry> + '_ {
    ISO_3166_3
        .iter()
        .filter(move |r| r.1 == alpha2)
        .filter_map(|r| former_country(r.0))
}

pub fn force_name(code: &str) -> Option<&'static str> {
    PNC_FORCES.binary_search_by(|(c, _)| (*c).cmp(code)).ok().and_then(|i| PNC_FORCES.get(i)).map(|(_, n)| *n)
}

/// The ECRIS identification-document category for an input key such as `passport`.
pub fn id_document_category(key: &str) -> Option<(&'static str, &'static str)> {
    ID_DOCUMENT_CATEGORIES.iter().find(|(_, k, _)| *k == key).map(|(c, _, n)| (*c, *n))
}

/// An offence category of the bundled (partial) Annex A table: (name, open category).
pub fn offence_category(code: &str) -> Option<(&'static str, bool)> {
    OFFENCE_CATEGORIES
        .binary_search_by(|(c, ..)| (*c).cmp(code))
        .ok()
        .and_then(|i| OFFENCE_CATEGORIES.get(i))
        .map(|(_, n, o)| (*n, *o))
}

pub fn local_code(table: &str, key: &str) -> Option<&'static str> {
    LOCAL_REFERENCE_CODES.iter().find(|(t, k, ..)| *t == table && *k == key).map(|(_, _, c, _)| *c)
}

/// An ISO 4217 currency: (numeric code, name).
pub fn currency(alpha3: &str) -> Option<(&'static str, &'static str)> {
    CURRENCIES
        .binary_search_by(|(a, ..)| (*a).cmp(alpha3))
        .ok()
        .and_then(|i| CURRENCIES.get(i))
        .map(|(_, n, name)| (*n, *name))
}

/// An ECRIS response code by its key, such as `notification-successful`: (code, name).
pub fn response_code(key: &str) -> Option<(&'static str, &'static str)> {
    RESPONSE_CODES.iter().find(|(_, k, _)| *k == key).map(|(c, _, n)| (*c, *n))
}

/// An offence level code (completion `LC-`, participation `LP-`) by its key, when observed.
pub fn offence_level(key: &str) -> Option<&'static str> {
    OFFENCE_LEVELS.iter().find(|(_, k, _)| *k == key).map(|(c, ..)| *c)
}

/// The name of an ECRIS decision-change type (`DCH-nn-X`) in the bundled table, which is partial
/// and translated (tables/ecris-decision-change-codes.tsv); `None` when the table lacks it.
pub fn decision_change(code: &str) -> Option<&'static str> {
    DECISION_CHANGE_CODES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| DECISION_CHANGE_CODES.get(i))
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::{iso_country, ISO_3166_1};

    /// The look-up by letters finds what a search of the rows finds, for every two-byte text
    /// of printable ASCII (letters of both cases, digits, signs), and nothing for other lengths.
    #[test]
    fn a_country_is_found_by_its_letters_as_by_a_search() {
        for a in b' '..=b'~' {
            for b in b' '..=b'~' {
                let code = String::from_utf8(vec![a, b]).unwrap_or_default();
                let searched = ISO_3166_1.iter().find(|row| row.0 == code).map(|row| row.4);
                assert_eq!(iso_country(&code).map(|c| c.ecris_reference), searched, "{code}");
            }
        }
        assert!(ISO_3166_1.iter().all(|row| iso_country(row.0).is_some_and(|c| c.alpha2 == row.0 && c.name == row.3)));
        for code in ["", "G", "GBR", "GB ", "ÉE"] {
            assert!(iso_country(code).is_none(), "{code}");
        }
    }
}
