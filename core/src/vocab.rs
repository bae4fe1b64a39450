// The closed vocabularies of the rule book: `(key in TOML/JSON, Rust variant)`.
//
// This file is shared, by `include!`, between `build.rs` (which checks the TOML against it and
// emits the variant names) and the library (whose enums must have exactly these variants: the
// generated code fails to compile otherwise, and `tests/rulebook.rs` checks the keys both ways).

/// Data items a country can require or recommend beyond the ECRIS baseline.
pub const ITEM_KEYS: &[(&str, &str)] = &[
    ("second-surname", "SecondSurname"),
    ("surname-at-birth", "SurnameAtBirth"),
    ("former-names", "FormerNames"),
    ("alias", "Alias"),
    ("father-forename", "FatherForename"),
    ("father-surname", "FatherSurname"),
    ("mother-forename", "MotherForename"),
    ("mother-surname", "MotherSurname"),
    ("mother-maiden-name", "MotherMaidenName"),
    ("identity-number", "IdentityNumber"),
    ("identity-document", "IdentityDocument"),
    ("address", "Address"),
    ("fingerprints", "Fingerprints"),
    ("purpose-details", "PurposeDetails"),
];
pub const LEVEL_KEYS: &[(&str, &str)] = &[("required", "Required"), ("recommended", "Recommended")];
pub const APPLIES_TO_KEYS: &[(&str, &str)] = &[
    ("police-request", "PoliceRequest"),
    ("individual-application", "IndividualApplication"),
];
pub const REGION_KEYS: &[(&str, &str)] =
    &[("eu", "Eu"), ("europe", "Europe"), ("world", "World"), ("default", "Default")];
pub const CHANNEL_KEYS: &[(&str, &str)] = &[("ecris-tca", "EcrisTca"), ("interpol-nca", "InterpolNca")];
pub const LANGUAGE_BASIS_KEYS: &[(&str, &str)] =
    &[("sourced", "Sourced"), ("general-knowledge", "GeneralKnowledge")];
pub const DEADLINE_BASIS_KEYS: &[(&str, &str)] =
    &[("sourced", "Sourced"), ("unverified", "Unverified"), ("none", "None")];
