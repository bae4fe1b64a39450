//! The ECRIS floor: the message shapes of the official v1.0 schemas and their XML, the
//! identifiers and reference codes, and the incoming messages, read from JSON or from XML.
//! `docs/domain/ecris-message-model.md` describes the model; `schemas/ecris-v1.0/` holds the
//! official schemas every rendered message is validated against in the tests.
//!
//! - this file: the shapes of the outgoing messages (`PersonType`, the request), in JSON form;
//!   the JSON mirrors the XML element names closely enough that a caseworker reading one
//!   recognises the other;
//! - [`xml`]: the XML writer and the pieces every message shares;
//! - [`ids`]: one strict parser for each identifier and reference code;
//! - [`incoming`]: the incoming request and notification, as the JSON contract gives them;
//! - [`read`]: the same incoming messages read from ECRIS XML.

pub mod codes;
pub mod ids;
pub mod incoming;
pub mod read;
pub mod xml;

pub use xml::{Xml, contact_xml, person_xml, request_xml, root_attrs};

use std::borrow::Cow;
use serde::{Serialize, Serializer};

use crate::date::PartialDate;
use crate::rulebook::{FormerCountry, IsoCountry};

pub const NS_SERVICE: &str = "http://ec.europa.eu/ECRIS/service-v1.0";
pub const NS_MESSAGES: &str = "http://ec.europa.eu/ECRIS/messages-v1.0";
pub const NS_DOMAIN: &str = "http://ec.europa.eu/ECRIS/domain-model-v1.0";
pub const NS_COMMONS: &str = "http://ec.europa.eu/ECRIS/commons-v1.0";
pub const NS_CRT: &str = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0";

/// The ECRIS "unknown country" reference, the schema's own default.
pub const UNKNOWN_COUNTRY: &str = "CO-00-999-XXX";

/// A country as ECRIS refers to it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CountryRef {
    /// ISO 3166-1 alpha-2, or ISO 3166-3 alpha-4 for a former country.
    pub code: Cow<'static, str>,
    pub name: &'static str,
    /// `CO-00-<numeric>-<alpha-3>`: derived from the ISO codes after the pattern of the schema's
    /// unknown value `CO-00-999-XXX`; the official ECRIS country table was not found.
    // Written once per country by build.rs and borrowed; owned only as an incoming message gave it.
    pub ecris_reference: Cow<'static, str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
}

impl CountryRef {
    pub fn current(c: IsoCountry) -> Self {
        CountryRef { code: Cow::Borrowed(c.alpha2), name: c.name, ecris_reference: Cow::Borrowed(c.ecris_reference), former: false }
    }
    /// A class of UK national other than a British citizen (`GBD`, …): the United Kingdom to ECRIS.
    pub fn uk_national(uk: IsoCountry, code: &'static str, class: &'static str) -> Self {
        CountryRef { code: Cow::Borrowed(code), name: class, ecris_reference: Cow::Borrowed(uk.ecris_reference), former: false }
    }
    pub fn former(f: FormerCountry) -> Self {
        CountryRef { code: Cow::Borrowed(f.alpha4), name: f.name, ecris_reference: Cow::Borrowed(f.ecris_reference), former: true }
    }
}

/// A partial date as ECRIS `DateType`: year, and month and day when known.
fn ser_partial<S: Serializer>(d: &Option<PartialDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BirthPlace<'a> {
    pub country: Option<CountryRef>,
    pub town: Option<Cow<'a, str>>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdDocument<'a> {
    pub category_reference: &'static str,
    pub category: &'static str,
    pub number: Option<Cow<'a, str>>,
    pub issuing_authority: Option<Cow<'a, str>>,
    #[serde(serialize_with = "ser_partial")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub issue_date: Option<PartialDate>,
    #[serde(serialize_with = "ser_partial")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub valid_until: Option<PartialDate>,
    pub issuing_country: Option<CountryRef>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(rename = "EcrisAddress"))]
pub struct Address<'a> {
    pub country: Option<CountryRef>,
    pub town: Option<Cow<'a, str>>,
    pub street: Option<Cow<'a, str>>,
    pub postcode: Option<Cow<'a, str>>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(rename = "EcrisAlias"))]
pub struct Alias<'a> {
    pub forename: Option<Cow<'a, str>>,
    pub surname: Option<Cow<'a, str>>,
    #[serde(serialize_with = "ser_partial")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub birth_date: Option<PartialDate>,
}

/// ECRIS `PersonType`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(rename = "EcrisPerson"))]
pub struct Person<'a> {
    pub forename: Option<Cow<'a, str>>,
    pub surname: Option<Cow<'a, str>>,
    pub second_surname: Option<Cow<'a, str>>,
    pub full_name: Option<Cow<'a, str>>,
    /// ECRIS sex: 0 unknown, 1 male, 2 female.
    pub sex: Option<u8>,
    /// The UK CJS code it came from: 0, 1, 2 or 9.
    pub sex_cjs: Option<u8>,
    #[serde(serialize_with = "ser_partial")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub birth_date: Option<PartialDate>,
    pub birth_place: BirthPlace<'a>,
    pub nationalities: Vec<CountryRef>,
    pub former_forenames: Vec<Cow<'a, str>>,
    pub former_surnames: Vec<Cow<'a, str>>,
    pub former_second_surnames: Vec<Cow<'a, str>>,
    pub father_forename: Option<Cow<'a, str>>,
    pub father_surname: Option<Cow<'a, str>>,
    pub mother_forename: Option<Cow<'a, str>>,
    pub mother_surname: Option<Cow<'a, str>>,
    pub identity_number: Option<Cow<'a, str>>,
    pub identification_documents: Vec<IdDocument<'a>>,
    pub addresses: Vec<Address<'a>>,
    pub aliases: Vec<Alias<'a>>,
    pub remarks: Option<Cow<'a, str>>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contact<'a> {
    pub email: Cow<'a, str>,
    pub phone: Option<Cow<'a, str>>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(rename = "EcrisRequestingAuthority"))]
pub struct RequestingAuthority<'a> {
    pub type_reference: &'static str,
    pub code: Option<Cow<'a, str>>,
    pub name: Cow<'a, str>,
}

/// An ECRIS request (REQ).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EcrisRequest<'a> {
    /// `GB-PL-REQ-000000000000042`; absent when the injected sequence is out of range.
    pub message_id: Option<String>,
    pub message_type: &'static str,
    pub timestamp: Cow<'a, str>,
    pub sender: &'static str,
    pub receiver: Cow<'static, str>,
    pub contact_person: Option<Contact<'a>>,
    pub person: Person<'a>,
    pub remarks: Option<Cow<'a, str>>,
    pub purpose_category_reference: &'static str,
    pub purpose: String,
    pub accusation_categories: Vec<String>,
    pub accusation: Option<String>,
    pub requesting_authority: Option<RequestingAuthority<'a>>,
    pub case_reference: Option<Cow<'a, str>>,
    /// `Yes`, `No` or `UNKNOWN`.
    pub consent: &'static str,
    /// `Yes` (high), `No` (normal) or `UNKNOWN`.
    pub urgency: &'static str,
    /// Codes in this message that are local placeholders, not official ECRIS values.
    pub local_codes: Vec<&'static str>,
}
