//! The request to a country that is not on ECRIS. ACRO sends it through the National Crime
//! Agency's Interpol channel (`docs/domain/channels.md#interpol-via-the-nca`), not as an ECRIS
//! message: so it has no ECRIS message id, no ECRIS reference code and no XML, only the facts, in
//! plain fields with ISO country codes and words.

use std::borrow::Cow;

use serde::Serialize;

use crate::ecris;

/// What ACRO sends a country that is not on ECRIS.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NcaRequest<'a> {
    pub sender: &'static str,
    pub receiver: Cow<'static, str>,
    pub timestamp: Cow<'a, str>,
    /// The UK central authority's contact for questions about the request.
    pub contact: Option<ecris::Contact<'a>>,
    pub person: NcaPerson<'a>,
    /// The purpose, in words.
    pub purpose: String,
    /// Each offence under investigation, as described.
    pub offences: Vec<Cow<'a, str>>,
    pub requesting_authority: Option<Cow<'a, str>>,
    pub case_reference: Option<Cow<'a, str>>,
    /// `Yes`, `No` or `UNKNOWN`: the person's consent.
    pub consent: &'static str,
    /// `Yes`, `No` or `UNKNOWN`: whether the request is urgent.
    pub urgency: &'static str,
    pub remarks: Option<Cow<'a, str>>,
}

/// The person, in plain fields.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NcaPerson<'a> {
    pub forename: Option<Cow<'a, str>>,
    pub surname: Option<Cow<'a, str>>,
    pub second_surname: Option<Cow<'a, str>>,
    pub full_name: Option<Cow<'a, str>>,
    /// `male`, `female`, `notKnown` or `notSpecified`.
    pub sex: Option<&'static str>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub town_of_birth: Option<Cow<'a, str>>,
    /// ISO 3166-1 alpha-2, or ISO 3166-3 alpha-4 for a former country.
    pub country_of_birth: Option<Cow<'a, str>>,
    /// ISO 3166-1 alpha-2 codes, or a class of UK national (`GBD`, …).
    pub nationalities: Vec<Cow<'a, str>>,
    pub former_forenames: Vec<Cow<'a, str>>,
    pub former_surnames: Vec<Cow<'a, str>>,
    pub father_forename: Option<Cow<'a, str>>,
    pub father_surname: Option<Cow<'a, str>>,
    pub mother_forename: Option<Cow<'a, str>>,
    /// The mother's maiden name when it is known, else her surname.
    pub mother_surname: Option<Cow<'a, str>>,
    pub identity_number: Option<Cow<'a, str>>,
    /// Each document as "category number (issuing country)".
    pub identity_documents: Vec<String>,
    /// Each address on one line.
    pub addresses: Vec<String>,
    /// Each other name used, as "forename surname".
    pub aliases: Vec<String>,
    pub remarks: Option<Cow<'a, str>>,
}

fn sex_in_words(cjs: u8) -> &'static str {
    match cjs {
        1 => "male",
        2 => "female",
        9 => "notSpecified",
        _ => "notKnown",
    }
}

impl<'a> From<&ecris::Person<'a>> for NcaPerson<'a> {
    fn from(p: &ecris::Person<'a>) -> Self {
        let join = |parts: &[Option<&str>]| parts.iter().flatten().copied().collect::<Vec<_>>().join(" ");
        NcaPerson {
            forename: p.forename.clone(),
            surname: p.surname.clone(),
            second_surname: p.second_surname.clone(),
            full_name: p.full_name.clone(),
            sex: p.sex_cjs.map(sex_in_words),
            date_of_birth: p.birth_date.map(|d| d.to_string()),
            town_of_birth: p.birth_place.town.clone(),
            country_of_birth: p.birth_place.country.as_ref().map(|c| c.code.clone()),
            nationalities: p.nationalities.iter().map(|c| c.code.clone()).collect(),
            former_forenames: p.former_forenames.clone(),
            former_surnames: p.former_surnames.iter().chain(&p.former_second_surnames).cloned().collect(),
            father_forename: p.father_forename.clone(),
            father_surname: p.father_surname.clone(),
            mother_forename: p.mother_forename.clone(),
            mother_surname: p.mother_surname.clone(),
            identity_number: p.identity_number.clone(),
            identity_documents: p
                .identification_documents
                .iter()
                .map(|d| {
                    let country = d.issuing_country.as_ref().map(|c| format!("({})", c.code));
                    join(&[Some(d.category), d.number.as_deref(), country.as_deref()])
                })
                .collect(),
            addresses: p
                .addresses
                .iter()
                .map(|a| [a.street.as_deref(), a.town.as_deref(), a.postcode.as_deref(), a.country.as_ref().map(|c| c.code.as_ref())].iter().flatten().copied().collect::<Vec<_>>().join(", "))
                .collect(),
            aliases: p.aliases.iter().map(|a| join(&[a.forename.as_deref(), a.surname.as_deref()])).collect(),
            remarks: p.remarks.clone(),
        }
    }
}
