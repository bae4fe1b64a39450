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

use crate::decode::{
    self, Content, Decode, Reader, decode_names, decode_struct, once_content, required, tagged, unknown_variant_field, variant_members,
};

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

// The decoder ([`crate::decode`]): each type read as its derived `Deserialize` reads it, every
// field named with its JSON name in the declared order (a field added above and not here does not
// compile).

impl<'a> Decode<'a> for Text<'a> {
    fn decode(r: &mut Reader<'a>) -> decode::Result<Self> {
        r.text().map(Text)
    }
}

decode_struct!(RequestOutInput<'a> {
    "context" => context: req,
    "request" => request: req,
    "person" => person: req,
    "uk" => uk: def,
});

decode_struct!(Context<'a> {
    "today" => today: req,
    "timestamp" => timestamp: opt,
    "messageSequence" => message_sequence: req,
    "sendingAuthority" => sending_authority: req,
});

decode_struct!(SendingAuthority<'a> { "name" => name: req, "email" => email: opt, "phone" => phone: opt });

decode_struct!(RequestDetails<'a> {
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

/// An optional text among an internally tagged enum's buffered members.
fn content_text<'a>(value: Content<'a>) -> decode::Result<Option<Text<'a>>> {
    value.optional_text().map(|t| t.map(Text))
}

impl<'a> Decode<'a> for Route<'a> {
    fn decode(r: &mut Reader<'a>) -> decode::Result<Self> {
        tagged(r, &"internally tagged enum Route", &["automatedCustody", "form"], |tag, members| {
            if tag == 0 {
                variant_members(members, |key, _| unknown_variant_field(key, &[]))?;
                return Ok(Route::AutomatedCustody {});
            }
            const FIELDS: &[&str] = &["reason", "proceedings"];
            let (mut reason, mut proceedings) = (None, None);
            variant_members(members, |key, value| match key {
                "reason" => once_content(&mut reason, "reason", || value.variant(FormReason::NAMES).map(FormReason::at)),
                "proceedings" => once_content(&mut proceedings, "proceedings", || content_text(value)),
                _ => unknown_variant_field(key, FIELDS),
            })?;
            Ok(Route::Form { reason: required(reason, "reason")?, proceedings: proceedings.flatten() })
        })
    }
}

impl<'a> Decode<'a> for Purpose<'a> {
    fn decode(r: &mut Reader<'a>) -> decode::Result<Self> {
        const VARIANTS: &[&str] = &["criminalProceedings", "lawEnforcement", "ownRequest", "other"];
        tagged(r, &"internally tagged enum Purpose", VARIANTS, |tag, members| {
            // Each variant has one optional text: `details` or `description`.
            let (field, fields): (_, &'static [&'static str]) =
                if tag == 0 || tag == 2 { ("details", &["details"]) } else { ("description", &["description"]) };
            let mut text = None;
            variant_members(members, |key, value| {
                if key == field { once_content(&mut text, field, || content_text(value)) } else { unknown_variant_field(key, fields) }
            })?;
            let text = text.flatten();
            Ok(match tag {
                0 => Purpose::CriminalProceedings { details: text },
                1 => Purpose::LawEnforcement { description: text },
                2 => Purpose::OwnRequest { details: text },
                _ => Purpose::Other { description: text },
            })
        })
    }
}

decode_names!(FormReason {
    "ukNational" => UkNational,
    "notArrested" => NotArrested,
    "forceNotAutomated" => ForceNotAutomated,
    "ownRequest" => OwnRequest,
});
decode_names!(Consent { "yes" => Yes, "no" => No, "unknown" => Unknown });
decode_names!(AuthorityKind {
    "police" => Police,
    "lawEnforcementAgency" => LawEnforcementAgency,
    "centralAuthority" => CentralAuthority,
});
decode_names!(Sex { "notKnown" => NotKnown, "male" => Male, "female" => Female, "notSpecified" => NotSpecified });

decode_struct!(RequestingAuthority<'a> { "name" => name: req, "code" => code: opt, "kind" => kind: def });
decode_struct!(Officer<'a> { "name" => name: opt, "email" => email: opt, "phone" => phone: opt });
decode_struct!(Offence<'a> { "category" => category: opt, "description" => description: opt });
decode_struct!(NameParts<'a> { "forename" => forename: opt, "surname" => surname: opt, "secondSurname" => second_surname: opt });
decode_struct!(Parent<'a> { "forename" => forename: opt, "surname" => surname: opt, "maidenName" => maiden_name: opt });
decode_struct!(Alias<'a> { "forename" => forename: opt, "surname" => surname: opt, "dateOfBirth" => date_of_birth: opt });
decode_struct!(PlaceOfBirth<'a> { "town" => town: opt, "country" => country: opt });
decode_struct!(IdentityDocument<'a> {
    "category" => category: opt,
    "number" => number: opt,
    "issuingCountry" => issuing_country: opt,
    "issuingAuthority" => issuing_authority: opt,
    "issueDate" => issue_date: opt,
    "validUntil" => valid_until: opt,
});
decode_struct!(Address<'a> { "street" => street: opt, "town" => town: opt, "postcode" => postcode: opt, "country" => country: opt });
decode_struct!(Fingerprints<'a> { "taken" => taken: req, "reference" => reference: opt });

decode_struct!(Person<'a> {
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

decode_struct!(UkIdentifiers<'a> {
    "pncId" => pnc_id: opt,
    "croNumber" => cro_number: opt,
    "asn" => asn: opt,
    "forceCode" => force_code: opt,
    "custodyRecord" => custody_record: opt,
    "arrestDate" => arrest_date: opt,
});

#[cfg(test)]
#[allow(clippy::panic, reason = "tests")]
mod tests {
    use super::*;

    fn serde<'j>(json: &'j str) -> Option<Person<'j>> {
        crate::strict::deserialize(&mut serde_json::Deserializer::from_str(json), &crate::strict::Track::default()).ok()
    }

    fn ours(json: &str) -> Option<Person<'_>> {
        crate::decode::read(json).ok()
    }

    /// A text without escapes is borrowed from the input; one with escapes is decoded into its own
    /// string; both read as what the JSON says, by the decoder and by its oracle alike.
    #[test]
    fn texts_are_borrowed_unless_escaped() {
        let json = r#"{"forename":"Anna","surname":"Jos\u00e9 \"Pepe\"","nationalities":["PL","ES"],"father":{"forename":"Jan"}}"#;
        for decode in [serde, ours] {
            let p = decode(json).unwrap_or_else(|| panic!("not read: {json}"));
            let borrowed = |t: Option<&Text<'_>>| matches!(t, Some(Text(Cow::Borrowed(_))));
            assert!(borrowed(p.forename.as_ref()) && p.forename.as_deref() == Some("Anna"));
            assert!(!borrowed(p.surname.as_ref()) && p.surname.as_deref() == Some("José \"Pepe\""));
            assert!(p.nationalities.iter().all(|n| borrowed(Some(n))));
            assert_eq!(p.nationalities.iter().map(|n| &**n).collect::<Vec<_>>(), ["PL", "ES"]);
            assert!(borrowed(p.father.as_ref().and_then(|f| f.forename.as_ref())));
            // Not a string: refused.
            assert!(decode(r#"{"forename":1}"#).is_none());
        }
    }
}
