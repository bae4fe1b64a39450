//! The incoming ECRIS messages as icce reads them: a request (REQ) from a member state and a
//! notification (NOT) of a UK national's conviction. The JSON contract decodes them from
//! `message`; [`super::read`] reads them from the ECRIS XML they arrived in, into the same structs,
//! so that every check downstream is the same whichever way the message came.

use serde::{Deserialize, Serialize};
use crate::decode::{decode_names, decode_struct};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum RequestPurpose {
    /// A criminal investigation or criminal proceedings (s.5(5)(a)).
    CriminalProceedings,
    /// Suitability to work with children (s.5(6)).
    WorkWithChildren,
    /// Another law-enforcement purpose (s.5(2)(a), s.6).
    LawEnforcement,
    /// A UK national's request for their own record (s.5(2)(b)).
    OwnRequest,
    /// Any other purpose: Condition A is not met.
    Other,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingRequest {
    /// `PL-GB-REQ-000000000000055`.
    pub message_id: String,
    /// The day the UK received it; today when absent.
    pub received: Option<String>,
    /// The day requested identification data arrived. Recorded only: the 20 working days of
    /// s.5(4) run from receipt, and nothing in the Act restarts them.
    pub additional_information_received: Option<String>,
    pub purpose: RequestPurpose,
    pub purpose_description: Option<String>,
    pub requesting_authority: Option<String>,
    /// `Yes`, `No` or `UNKNOWN`.
    pub consent: Option<String>,
    /// `Yes`, `No` or `UNKNOWN`.
    pub urgency: Option<String>,
    pub person: IncomingPerson,
}

/// What the UK knows about a request given as XML that the XML itself does not say.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestReceipt {
    /// The day the UK received it; today when absent.
    pub received: Option<String>,
    /// The day requested identification data arrived. Recorded only: the 20 working days of
    /// s.5(4) run from receipt, and nothing in the Act restarts them.
    pub additional_information_received: Option<String>,
    /// The purpose, as the caseworker classifies it from the request. ECRIS carries a purpose
    /// category code (`P-nn-nnnnnn`) whose official table was not found, so icce can read only
    /// `criminalProceedings` from it, and only when the code is the one in
    /// tables/local-reference-codes.tsv; any other purpose must be given here.
    pub purpose: Option<RequestPurpose>,
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

// The decoder ([`crate::decode`]): each type as its derived `Deserialize` reads it.

decode_names!(RequestPurpose {
    "criminalProceedings" => CriminalProceedings,
    "workWithChildren" => WorkWithChildren,
    "lawEnforcement" => LawEnforcement,
    "ownRequest" => OwnRequest,
    "other" => Other,
});

decode_struct!(IncomingRequest {
    "messageId" => message_id: req,
    "received" => received: opt,
    "additionalInformationReceived" => additional_information_received: opt,
    "purpose" => purpose: req,
    "purposeDescription" => purpose_description: opt,
    "requestingAuthority" => requesting_authority: opt,
    "consent" => consent: opt,
    "urgency" => urgency: opt,
    "person" => person: req,
});

decode_struct!(RequestReceipt {
    "received" => received: opt,
    "additionalInformationReceived" => additional_information_received: opt,
    "purpose" => purpose: opt,
});

decode_struct!(IncomingNotification {
    "messageId" => message_id: req,
    "timestamp" => timestamp: opt,
    "person" => person: req,
    "conviction" => conviction: req,
    "updatedConvictionReference" => updated_conviction_reference: opt,
});

decode_struct!(IncomingPerson {
    "forename" => forename: opt,
    "surname" => surname: opt,
    "secondSurname" => second_surname: opt,
    "sex" => sex: opt,
    "birthDate" => birth_date: opt,
    "birthTown" => birth_town: opt,
    "birthCountryReference" => birth_country_reference: opt,
    "nationalityReferences" => nationality_references: list 10,
});

decode_struct!(IncomingConviction {
    "convictionId" => conviction_id: req,
    "courtName" => court_name: opt,
    "decisionDate" => decision_date: opt,
    "finalDate" => final_date: opt,
    "fileNumber" => file_number: opt,
    "deleteFromRegister" => delete_from_register: def,
    "offences" => offences: list 50,
    "sanctions" => sanctions: list 50,
    "decisionChanges" => decision_changes: list 20,
});

decode_struct!(IncomingOffence {
    "categoryReference" => category_reference: opt,
    "nationalCode" => national_code: opt,
    "title" => title: opt,
    "startDate" => start_date: opt,
    "endDate" => end_date: opt,
    "place" => place: opt,
});

decode_struct!(IncomingSanction {
    "categoryReference" => category_reference: opt,
    "title" => title: opt,
    "duration" => duration: opt,
    "fineAmount" => fine_amount: opt,
    "fineCurrency" => fine_currency: opt,
    "suspended" => suspended: def,
});
