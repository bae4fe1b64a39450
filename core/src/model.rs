//! The input data model of a request out, after ECRIS `PersonType`
//! (`docs/domain/ecris-message-model.md#persontype`) and the UK identifiers
//! (`docs/domain/uk-identifiers.md`). The person and the context serve every process that sends one.
//!
//! Field names are camelCase in JSON; unknown fields are refused with a pointer to them. Optional
//! lists have three states that matter: absent (not asked), empty (the officer checked: none), and
//! filled. A country that requires former names is satisfied by `"formerNames": []`.

use serde::Deserialize;

/// What the world supplies: today, the message sequence and the sending authority.
/// `icce-core` reads no clock, environment or randomness; everything that changes is here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Context {
    /// Today's date, `YYYY-MM-DD`.
    pub today: String,
    /// The message timestamp, `YYYY-MM-DDThh:mm:ssZ`; midnight of `today` when absent.
    pub timestamp: Option<String>,
    /// The first ECRIS message sequence number to use; one per destination, in order.
    pub message_sequence: u64,
    pub sending_authority: SendingAuthority,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SendingAuthority {
    /// For example "ACRO Criminal Records Office (UK Central Authority)".
    pub name: String,
    /// Contact email for questions about the message (ECRIS `MessageDataContactPerson`).
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestOutInput {
    pub context: Context,
    pub request: RequestDetails,
    pub person: Person,
    #[serde(default)]
    pub uk: UkIdentifiers,
}

/// How the request reached icce.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Route {
    /// A foreign national in custody: the custody system sends the request automatically.
    // An empty struct variant, not a unit variant: serde lets a unit variant of an internally
    // tagged enum ignore other members, and the document says there are none.
    AutomatedCustody {},
    /// The request form: a UK national, a person not arrested but subject to relevant proceedings,
    /// or a foreign national in custody at a force whose custody system does not yet send requests.
    Form {
        reason: FormReason,
        /// For `notArrested`: the proceedings the person is subject to.
        proceedings: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FormReason {
    /// The person is a UK national (of any class of EUFRA 2020 s.6(1)).
    UkNational,
    /// Not arrested, but subject to relevant proceedings (a summons, a postal requisition).
    NotArrested,
    /// Arrested, at a force whose custody system does not yet send requests automatically.
    ForceNotAutomated,
    /// The person asked the UK central authority for their own convictions abroad (a member-state
    /// national, EUFRA 2020 s.4(2)-(3)): no one is in custody or in proceedings.
    OwnRequest,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Purpose {
    /// A criminal investigation or criminal proceedings: a law-enforcement purpose (EUFRA 2020
    /// s.4(1), s.6).
    CriminalProceedings { details: Option<String> },
    /// Another law-enforcement purpose (s.6: the prevention, investigation, detection or
    /// prosecution of criminal offences or the execution of criminal penalties, including
    /// safeguarding against threats to public security); it must be described.
    LawEnforcement { description: Option<String> },
    /// A national of a member state asks the UK for their own convictions abroad: the UK must ask
    /// each member state of nationality (s.4(2)-(3)).
    OwnRequest { details: Option<String> },
    /// Any other purpose. The Act allows none (s.4(1)): the request is invalid.
    Other { description: Option<String> },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Consent {
    Yes,
    No,
    #[default]
    Unknown,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestDetails {
    /// Absent: reported as `REQ-126 route-required`, not as unusable input.
    pub route: Option<Route>,
    /// Absent: reported as `REQ-127 purpose-required`.
    pub purpose: Option<Purpose>,
    pub case_reference: Option<String>,
    /// `true` high, `false` normal, absent: not provided (ECRIS `MessageDataUrgency`).
    pub urgent: Option<bool>,
    #[serde(default)]
    pub consent: Consent,
    /// The authority before which the proceedings are pending; from the force code when absent.
    pub requesting_authority: Option<RequestingAuthority>,
    pub officer: Option<Officer>,
    /// Countries to ask besides the nationalities (for example where a UK national lived).
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub destinations: Vec<String>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub offences: Vec<Offence>,
    pub remarks: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestingAuthority {
    pub name: String,
    pub code: Option<String>,
    /// The police (the default), or another law-enforcement authority.
    #[serde(default)]
    pub kind: AuthorityKind,
}

/// Who asks: officers of non-police law-enforcement agencies may request too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AuthorityKind {
    #[default]
    Police,
    /// A law-enforcement authority other than the police.
    LawEnforcementAgency,
    /// The UK central authority itself, asking on a person's own request (s.4(2)).
    CentralAuthority,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Officer {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// An offence under investigation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Offence {
    /// ECRIS Annex A category, `NNNN NN`, when known.
    pub category: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Sex {
    /// CJS 0
    NotKnown,
    /// CJS 1
    Male,
    /// CJS 2
    Female,
    /// CJS 9
    NotSpecified,
}

impl Sex {
    /// The UK CJS gender code (`docs/domain/uk-identifiers.md`).
    pub fn cjs(self) -> u8 {
        match self {
            Sex::NotKnown => 0,
            Sex::Male => 1,
            Sex::Female => 2,
            Sex::NotSpecified => 9,
        }
    }
    /// The ECRIS code (ISO 5218 subset; CJS 9 maps to 0, as ECRIS has no "not applicable").
    pub fn ecris(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
            Sex::NotKnown | Sex::NotSpecified => 0,
        }
    }
    pub fn pnc(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
            Sex::NotKnown | Sex::NotSpecified => 'U',
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NameParts {
    pub forename: Option<String>,
    pub surname: Option<String>,
    pub second_surname: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parent {
    pub forename: Option<String>,
    pub surname: Option<String>,
    /// Mother only: her surname at birth.
    pub maiden_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alias {
    pub forename: Option<String>,
    pub surname: Option<String>,
    pub date_of_birth: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlaceOfBirth {
    pub town: Option<String>,
    /// ISO 3166-1 alpha-2 of a current country, or ISO 3166-3 alpha-4 of a former one
    /// (`YUCS` Yugoslavia, `SUHH` USSR, `CSHH` Czechoslovakia, `CSXX` Serbia and Montenegro, …).
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdentityDocument {
    /// `passport`, `national-identity-card`, … (the ECRIS identification-document categories).
    pub category: Option<String>,
    pub number: Option<String>,
    pub issuing_country: Option<String>,
    pub issuing_authority: Option<String>,
    pub issue_date: Option<String>,
    pub valid_until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Address {
    pub street: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fingerprints {
    /// Fingerprints were taken and can be sent.
    pub taken: bool,
    /// The IDENT1 or other reference; never the prints themselves.
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    /// All forenames, space-separated (ECRIS `Forename`).
    pub forename: Option<String>,
    pub surname: Option<String>,
    /// The Hispanic second surname (ECRIS `SecondSurname`).
    pub second_surname: Option<String>,
    /// The name as written in full, if it matters (ECRIS `FullName`, up to 600 characters).
    pub full_name: Option<String>,
    pub surname_at_birth: Option<String>,
    #[serde(default, deserialize_with = "crate::strict::at_most_opt::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub former_names: Option<Vec<NameParts>>,
    #[serde(default, deserialize_with = "crate::strict::at_most_opt::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub aliases: Option<Vec<Alias>>,
    pub father: Option<Parent>,
    pub mother: Option<Parent>,
    pub sex: Option<Sex>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub place_of_birth: Option<PlaceOfBirth>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<10, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 10)))]
    pub nationalities: Vec<String>,
    /// A national identity number (PESEL, EGN, …).
    pub identity_number: Option<String>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub identity_documents: Vec<IdentityDocument>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub addresses: Vec<Address>,
    pub fingerprints: Option<Fingerprints>,
    /// Items a country asks for that the person does not know (keys such as
    /// `mother-maiden-name`, as `missing` and `recommendedMissing` name them): each satisfies
    /// the country's requirement, and the message tells the country it is not known.
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub not_known: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UkIdentifiers {
    pub pnc_id: Option<String>,
    pub cro_number: Option<String>,
    /// Arrest/summons number.
    pub asn: Option<String>,
    /// PNC force code of the requesting force (two digits).
    pub force_code: Option<String>,
    pub custody_record: Option<String>,
    pub arrest_date: Option<String>,
}
