//! The input data model of a request out, after ECRIS `PersonType`
//! (`docs/domain/ecris-message-model.md#persontype`) and the UK identifiers
//! (`docs/domain/uk-identifiers.md`). The person and the context serve every process that sends one.
//!
//! Field names are camelCase in JSON; unknown fields are refused with a pointer to them. Optional
//! lists have three states that matter: absent (not asked), empty (the officer checked: none), and
//! filled. A country that requires former names is satisfied by `"formerNames": []`.
//!
//! The texts of a request (names, places, references) are [`Text`]s borrowed from the input JSON
//! when written without escapes, as nearly all are: decoding a request then copies none of them.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::Deserialize;

use crate::fast::{Fast, Reader, fast_names, fast_struct, once};

/// A text of the input: borrowed from the JSON when it holds no escape, else decoded into its own
/// string. Reads as a `str`; in the published schema it is a JSON string, as `String` is.
#[derive(Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

// Serialised as the string it is: schemars writes a field's `#[serde(default)]` into the published
// schema only for a type it can serialise ("Default: an empty list." on the lists of texts).
impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "schema")]
schema_of_a_string!(Text<'_>);

/// What the world supplies: today, the message sequence and the sending authority.
/// `icce-core` reads no clock, environment or randomness; everything that changes is here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Context<'a> {
    /// Today's date, `YYYY-MM-DD`.
    #[serde(borrow)]
    pub today: Text<'a>,
    /// The message timestamp, `YYYY-MM-DDThh:mm:ssZ`; midnight of `today` when absent.
    #[serde(borrow)]
    pub timestamp: Option<Text<'a>>,
    /// The first ECRIS message sequence number to use; one per destination, in order.
    pub message_sequence: u64,
    #[serde(borrow)]
    pub sending_authority: SendingAuthority<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SendingAuthority<'a> {
    /// For example "ACRO Criminal Records Office (UK Central Authority)".
    #[serde(borrow)]
    pub name: Text<'a>,
    /// Contact email for questions about the message (ECRIS `MessageDataContactPerson`).
    #[serde(borrow)]
    pub email: Option<Text<'a>>,
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestOutInput<'a> {
    #[serde(borrow)]
    pub context: Context<'a>,
    #[serde(borrow)]
    pub request: RequestDetails<'a>,
    #[serde(borrow)]
    pub person: Person<'a>,
    #[serde(default)]
    #[serde(borrow)]
    pub uk: UkIdentifiers<'a>,
}

/// How the request reached icce.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Route<'a> {
    /// A foreign national in custody: the custody system sends the request automatically.
    // An empty struct variant, not a unit variant: serde lets a unit variant of an internally
    // tagged enum ignore other members, and the document says there are none.
    AutomatedCustody {},
    /// The request form: a UK national, a person not arrested but subject to relevant proceedings,
    /// or a foreign national in custody at a force whose custody system does not yet send requests.
    Form {
        reason: FormReason,
        /// For `notArrested`: the proceedings the person is subject to.
        #[serde(borrow)]
        proceedings: Option<Text<'a>>,
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
pub enum Purpose<'a> {
    /// A criminal investigation or criminal proceedings: a law-enforcement purpose (EUFRA 2020
    /// s.4(1), s.6).
    CriminalProceedings { #[serde(borrow)] details: Option<Text<'a>> },
    /// Another law-enforcement purpose (s.6: the prevention, investigation, detection or
    /// prosecution of criminal offences or the execution of criminal penalties, including
    /// safeguarding against threats to public security); it must be described.
    LawEnforcement { #[serde(borrow)] description: Option<Text<'a>> },
    /// A national of a member state asks the UK for their own convictions abroad: the UK must ask
    /// each member state of nationality (s.4(2)-(3)).
    OwnRequest { #[serde(borrow)] details: Option<Text<'a>> },
    /// Any other purpose. The Act allows none (s.4(1)): the request is invalid.
    Other { #[serde(borrow)] description: Option<Text<'a>> },
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
pub struct RequestDetails<'a> {
    /// Absent: reported as `REQ-126 route-required`, not as unusable input.
    #[serde(borrow)]
    pub route: Option<Route<'a>>,
    /// Absent: reported as `REQ-127 purpose-required`.
    #[serde(borrow)]
    pub purpose: Option<Purpose<'a>>,
    #[serde(borrow)]
    pub case_reference: Option<Text<'a>>,
    /// `true` high, `false` normal, absent: not provided (ECRIS `MessageDataUrgency`).
    pub urgent: Option<bool>,
    #[serde(default)]
    pub consent: Consent,
    /// The authority before which the proceedings are pending; from the force code when absent.
    #[serde(borrow)]
    pub requesting_authority: Option<RequestingAuthority<'a>>,
    #[serde(borrow)]
    pub officer: Option<Officer<'a>>,
    /// Countries to ask besides the nationalities (for example where a UK national lived).
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    #[serde(borrow)]
    pub destinations: Vec<Text<'a>>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    #[serde(borrow)]
    pub offences: Vec<Offence<'a>>,
    #[serde(borrow)]
    pub remarks: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestingAuthority<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub code: Option<Text<'a>>,
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
pub struct Officer<'a> {
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    #[serde(borrow)]
    pub email: Option<Text<'a>>,
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
}

/// An offence under investigation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Offence<'a> {
    /// ECRIS Annex A category, `NNNN NN`, when known.
    #[serde(borrow)]
    pub category: Option<Text<'a>>,
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
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
pub struct NameParts<'a> {
    #[serde(borrow)]
    pub forename: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    #[serde(borrow)]
    pub second_surname: Option<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parent<'a> {
    #[serde(borrow)]
    pub forename: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    /// Mother only: her surname at birth.
    #[serde(borrow)]
    pub maiden_name: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alias<'a> {
    #[serde(borrow)]
    pub forename: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    #[serde(borrow)]
    pub date_of_birth: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlaceOfBirth<'a> {
    #[serde(borrow)]
    pub town: Option<Text<'a>>,
    /// ISO 3166-1 alpha-2 of a current country, or ISO 3166-3 alpha-4 of a former one
    /// (`YUCS` Yugoslavia, `SUHH` USSR, `CSHH` Czechoslovakia, `CSXX` Serbia and Montenegro, …).
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdentityDocument<'a> {
    /// `passport`, `national-identity-card`, … (the ECRIS identification-document categories).
    #[serde(borrow)]
    pub category: Option<Text<'a>>,
    #[serde(borrow)]
    pub number: Option<Text<'a>>,
    #[serde(borrow)]
    pub issuing_country: Option<Text<'a>>,
    #[serde(borrow)]
    pub issuing_authority: Option<Text<'a>>,
    #[serde(borrow)]
    pub issue_date: Option<Text<'a>>,
    #[serde(borrow)]
    pub valid_until: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Address<'a> {
    #[serde(borrow)]
    pub street: Option<Text<'a>>,
    #[serde(borrow)]
    pub town: Option<Text<'a>>,
    #[serde(borrow)]
    pub postcode: Option<Text<'a>>,
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fingerprints<'a> {
    /// Fingerprints were taken and can be sent.
    pub taken: bool,
    /// The IDENT1 or other reference; never the prints themselves.
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person<'a> {
    /// All forenames, space-separated (ECRIS `Forename`).
    #[serde(borrow)]
    pub forename: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    /// The Hispanic second surname (ECRIS `SecondSurname`).
    #[serde(borrow)]
    pub second_surname: Option<Text<'a>>,
    /// The name as written in full, if it matters (ECRIS `FullName`, up to 600 characters).
    #[serde(borrow)]
    pub full_name: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname_at_birth: Option<Text<'a>>,
    #[serde(default, deserialize_with = "crate::strict::at_most_opt::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    #[serde(borrow)]
    pub former_names: Option<Vec<NameParts<'a>>>,
    #[serde(default, deserialize_with = "crate::strict::at_most_opt::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    #[serde(borrow)]
    pub aliases: Option<Vec<Alias<'a>>>,
    #[serde(borrow)]
    pub father: Option<Parent<'a>>,
    #[serde(borrow)]
    pub mother: Option<Parent<'a>>,
    pub sex: Option<Sex>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(borrow)]
    pub date_of_birth: Option<Text<'a>>,
    #[serde(borrow)]
    pub place_of_birth: Option<PlaceOfBirth<'a>>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<10, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 10)))]
    #[serde(borrow)]
    pub nationalities: Vec<Text<'a>>,
    /// A national identity number (PESEL, EGN, …).
    #[serde(borrow)]
    pub identity_number: Option<Text<'a>>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    #[serde(borrow)]
    pub identity_documents: Vec<IdentityDocument<'a>>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    #[serde(borrow)]
    pub addresses: Vec<Address<'a>>,
    #[serde(borrow)]
    pub fingerprints: Option<Fingerprints<'a>>,
    /// Items a country asks for that the person does not know (keys such as
    /// `mother-maiden-name`, as `missing` and `recommendedMissing` name them): each satisfies
    /// the country's requirement, and the message tells the country it is not known.
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    #[serde(borrow)]
    pub not_known: Vec<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UkIdentifiers<'a> {
    #[serde(borrow)]
    pub pnc_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub cro_number: Option<Text<'a>>,
    /// Arrest/summons number.
    #[serde(borrow)]
    pub asn: Option<Text<'a>>,
    /// PNC force code of the requesting force (two digits).
    #[serde(borrow)]
    pub force_code: Option<Text<'a>>,
    #[serde(borrow)]
    pub custody_record: Option<Text<'a>>,
    #[serde(borrow)]
    pub arrest_date: Option<Text<'a>>,
}

// The quick road ([`crate::fast`]): each type read as its derived `Deserialize` reads it, every
// field named with its JSON name (a field added above and not here does not compile).

impl<'a> Fast<'a> for Text<'a> {
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        r.string().map(Text)
    }
}

fast_struct!(RequestOutInput {
    "context" => context: req,
    "request" => request: req,
    "person" => person: req,
    "uk" => uk: def,
});

fast_struct!(Context {
    "today" => today: req,
    "timestamp" => timestamp: opt,
    "messageSequence" => message_sequence: req,
    "sendingAuthority" => sending_authority: req,
});

fast_struct!(SendingAuthority { "name" => name: req, "email" => email: opt, "phone" => phone: opt });

fast_struct!(RequestDetails {
    "route" => route: opt,
    "purpose" => purpose: opt,
    "caseReference" => case_reference: opt,
    "urgent" => urgent: opt,
    "consent" => consent: def,
    "requestingAuthority" => requesting_authority: opt,
    "officer" => officer: opt,
    "destinations" => destinations: list 50,
    "offences" => offences: list 50,
    "remarks" => remarks: opt,
});

/// An internally tagged enum: serde buffers the object and reads `kind` wherever it stands; so
/// does this, refusing a member the variant does not have (`deny_unknown_fields`).
impl<'a> Fast<'a> for Route<'a> {
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        let (mut kind, mut reason, mut proceedings) = (None, None, None);
        r.object(|r, key| match key {
            "kind" => once(&mut kind, r.name()),
            "reason" => once(&mut reason, FormReason::read(r)),
            "proceedings" => once(&mut proceedings, r.nullable(Text::read)),
            _ => None,
        })?;
        match kind? {
            "automatedCustody" if reason.is_none() && proceedings.is_none() => Some(Route::AutomatedCustody {}),
            "form" => Some(Route::Form { reason: reason?, proceedings: proceedings.flatten() }),
            _ => None,
        }
    }
}

impl<'a> Fast<'a> for Purpose<'a> {
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        let (mut kind, mut details, mut description) = (None, None, None);
        r.object(|r, key| match key {
            "kind" => once(&mut kind, r.name()),
            "details" => once(&mut details, r.nullable(Text::read)),
            "description" => once(&mut description, r.nullable(Text::read)),
            _ => None,
        })?;
        match (kind?, details, description) {
            ("criminalProceedings", details, None) => Some(Purpose::CriminalProceedings { details: details.flatten() }),
            ("lawEnforcement", None, description) => Some(Purpose::LawEnforcement { description: description.flatten() }),
            ("ownRequest", details, None) => Some(Purpose::OwnRequest { details: details.flatten() }),
            ("other", None, description) => Some(Purpose::Other { description: description.flatten() }),
            _ => None,
        }
    }
}

fast_names!(FormReason {
    "ukNational" => UkNational,
    "notArrested" => NotArrested,
    "forceNotAutomated" => ForceNotAutomated,
    "ownRequest" => OwnRequest,
});
fast_names!(Consent { "yes" => Yes, "no" => No, "unknown" => Unknown });
fast_names!(AuthorityKind {
    "police" => Police,
    "lawEnforcementAgency" => LawEnforcementAgency,
    "centralAuthority" => CentralAuthority,
});
fast_names!(Sex { "notKnown" => NotKnown, "male" => Male, "female" => Female, "notSpecified" => NotSpecified });

fast_struct!(RequestingAuthority { "name" => name: req, "code" => code: opt, "kind" => kind: def });
fast_struct!(Officer { "name" => name: opt, "email" => email: opt, "phone" => phone: opt });
fast_struct!(Offence { "category" => category: opt, "description" => description: opt });
fast_struct!(NameParts { "forename" => forename: opt, "surname" => surname: opt, "secondSurname" => second_surname: opt });
fast_struct!(Parent { "forename" => forename: opt, "surname" => surname: opt, "maidenName" => maiden_name: opt });
fast_struct!(Alias { "forename" => forename: opt, "surname" => surname: opt, "dateOfBirth" => date_of_birth: opt });
fast_struct!(PlaceOfBirth { "town" => town: opt, "country" => country: opt });
fast_struct!(IdentityDocument {
    "category" => category: opt,
    "number" => number: opt,
    "issuingCountry" => issuing_country: opt,
    "issuingAuthority" => issuing_authority: opt,
    "issueDate" => issue_date: opt,
    "validUntil" => valid_until: opt,
});
fast_struct!(Address { "street" => street: opt, "town" => town: opt, "postcode" => postcode: opt, "country" => country: opt });
fast_struct!(Fingerprints { "taken" => taken: req, "reference" => reference: opt });

fast_struct!(Person {
    "forename" => forename: opt,
    "surname" => surname: opt,
    "secondSurname" => second_surname: opt,
    "fullName" => full_name: opt,
    "surnameAtBirth" => surname_at_birth: opt,
    "formerNames" => former_names: optlist 20,
    "aliases" => aliases: optlist 20,
    "father" => father: opt,
    "mother" => mother: opt,
    "sex" => sex: opt,
    "dateOfBirth" => date_of_birth: opt,
    "placeOfBirth" => place_of_birth: opt,
    "nationalities" => nationalities: list 10,
    "identityNumber" => identity_number: opt,
    "identityDocuments" => identity_documents: list 20,
    "addresses" => addresses: list 20,
    "fingerprints" => fingerprints: opt,
    "notKnown" => not_known: list 20,
});

fast_struct!(UkIdentifiers {
    "pncId" => pnc_id: opt,
    "croNumber" => cro_number: opt,
    "asn" => asn: opt,
    "forceCode" => force_code: opt,
    "custodyRecord" => custody_record: opt,
    "arrestDate" => arrest_date: opt,
});

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<'j, T: Deserialize<'j>>(json: &'j str) -> Result<T, serde_json::Error> {
        crate::strict::deserialize(&mut serde_json::Deserializer::from_str(json), &crate::strict::Track::default())
    }

    /// A text without escapes is borrowed from the input; one with escapes is decoded into its own
    /// string; both read as what the JSON says, through the strict decoder as every input is.
    #[test]
    fn texts_are_borrowed_unless_escaped() {
        let json = r#"{"forename":"Anna","surname":"Jos\u00e9 \"Pepe\"","nationalities":["PL","ES"],"father":{"forename":"Jan"}}"#;
        let p: Person<'_> = decode(json).unwrap_or_else(|e| panic!("{e}"));
        let borrowed = |t: Option<&Text<'_>>| matches!(t, Some(Text(Cow::Borrowed(_))));
        assert!(borrowed(p.forename.as_ref()) && p.forename.as_deref() == Some("Anna"));
        assert!(!borrowed(p.surname.as_ref()) && p.surname.as_deref() == Some("José \"Pepe\""));
        assert!(p.nationalities.iter().all(|n| borrowed(Some(n))));
        assert_eq!(p.nationalities.iter().map(|n| &**n).collect::<Vec<_>>(), ["PL", "ES"]);
        assert!(borrowed(p.father.as_ref().and_then(|f| f.forename.as_ref())));
        // Not a string: refused as before.
        assert!(decode::<Person<'_>>(r#"{"forename":1}"#).is_err());
    }
}
