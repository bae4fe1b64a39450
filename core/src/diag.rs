//! Diagnostics: what icce says about an input, as data.
//!
//! Every diagnostic has a stable code with a kebab-case name (`REQ-101 forename-required`), a
//! severity, a JSON Pointer into the input, a message, a help line, and, where a rule asked for
//! it, the rule's origin: the rule-book file and key, and its source. All of them are reported at
//! once, up to [`MAX_DIAGNOSTICS`]; past that the answer says it was truncated.

use std::borrow::Cow;

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::json;

/// At most this many diagnostics are returned; the rest are counted, not lost silently.
pub const MAX_DIAGNOSTICS: usize = 100;

/// What a diagnostic does to the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Kind {
    /// The input cannot be decoded at all.
    Unusable,
    /// Data that is wrong: the request is invalid until it is corrected.
    Invalid,
    /// Data a destination needs is missing: the request is incomplete and the officer is asked.
    Missing,
    /// Worth knowing; does not stop the request.
    Advice,
}

/// An answer's verdict. Every operation's answer carries one: a check gives `ready`,
/// `incomplete`, `invalid` or `unusable` (the worst kind among its diagnostics decides), and an
/// answer that only shows the rule book gives `ok`.
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
    /// Not a verdict on an input: the rule book as it is (`listRules`, `showRules`).
    Ok,
}

impl Outcome {
    /// The verdict the diagnostics give: the worst kind decides.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One entry of the code registry.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    pub severity: Severity,
    /// One line for the documentation.
    pub summary: &'static str,
    /// The code's and name's members as the answer writer writes them, `"code":"…","name":"…"`
    /// (a test holds them to serde_json's bytes); a [`Finding`] writes the code's alone, the
    /// start of this text.
    written: &'static str,
}

/// The JSON name of a [`Severity`] or a [`Kind`] variant (as `rename_all = "camelCase"` writes it).
macro_rules! json_name {
    (Error) => { "error" };
    (Warning) => { "warning" };
    (Info) => { "info" };
    (Unusable) => { "unusable" };
    (Invalid) => { "invalid" };
    (Missing) => { "missing" };
    (Advice) => { "advice" };
}

macro_rules! codes {
    ($( $id:ident = ($code:literal, $name:literal, $kind:ident, $sev:ident, $summary:literal); )*) => {
        /// Every diagnostic code icce can produce.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Code { $( $id, )* }
        /// The registry, in code order; `tests/diagnostics.rs` checks it is sorted and unique.
        pub static CODES: &[CodeInfo] = &[
            $( CodeInfo {
                code: $code,
                name: $name,
                kind: Kind::$kind,
                severity: Severity::$sev,
                summary: $summary,
                written: concat!("\"code\":\"", $code, "\",\"name\":\"", $name, "\""),
            }, )*
        ];
        impl Code {
            pub fn info(self) -> &'static CodeInfo {
                // The enum and the registry are generated from the same list, in the same order.
                CODES.get(self as usize).unwrap_or(&UNKNOWN_CODE)
            }
        }
    };
}

static UNKNOWN_CODE: CodeInfo = CodeInfo {
    code: "ICCE-000",
    name: "internal",
    kind: Kind::Unusable,
    severity: Severity::Error,
    summary: "",
    written: r#""code":"ICCE-000","name":"internal""#,
};

impl CodeInfo {
    /// The code's member alone, `"code":"…"`: the start of [`CodeInfo::written`].
    fn written_code(&self) -> Option<&'static str> {
        self.written.get(..r#""code":""#.len() + self.code.len() + 1)
    }
}

/// A severity's and a kind's members as the answer writer writes them, `"severity":"…","kind":"…"`
/// (a test holds each to serde_json's bytes).
fn written_severity_and_kind(severity: Severity, kind: Kind) -> &'static str {
    macro_rules! table {
        ($( $sev:ident $kind:ident )*) => {
            match (severity, kind) {
                $( (Severity::$sev, Kind::$kind) => concat!("\"severity\":\"", json_name!($sev), "\",\"kind\":\"", json_name!($kind), "\""), )*
            }
        };
    }
    table! {
        Error Unusable Error Invalid Error Missing Error Advice
        Warning Unusable Warning Invalid Warning Missing Warning Advice
        Info Unusable Info Invalid Info Missing Info Advice
    }
}

codes! {
    ConvictionDateInFuture = ("CNV-201", "conviction-date-in-future", Invalid, Error, "a date of the conviction is after today");
    ConvictionDatesOutOfOrder = ("CNV-202", "conviction-dates-out-of-order", Invalid, Error, "the decision became final before it was made");
    OffenceAfterConviction = ("CNV-203", "offence-after-conviction", Invalid, Error, "an offence is dated after the conviction");
    NumberOutOfRange = ("CNV-204", "number-out-of-range", Invalid, Error, "a number is outside what ECRIS allows (occurrences 1 to 999, amounts with two decimals)");
    PenaltyCodeMalformed = ("CNV-205", "penalty-code-malformed", Invalid, Error, "an ECRIS penalty category code has 4 or 5 digits");
    PenaltyCodeNotInTable = ("CNV-206", "penalty-code-not-in-bundled-table", Advice, Warning, "a well-formed penalty category is not in icce's bundled table, which is incomplete");
    DurationInvalid = ("CNV-207", "duration-invalid", Invalid, Error, "a length of sentence is not an ISO 8601 duration such as P2Y6M");
    CurrencyUnknown = ("CNV-208", "currency-unknown", Invalid, Error, "a currency is not an ISO 4217 code");
    LevelCodeNotInTable = ("CNV-209", "level-code-not-in-table", Advice, Warning, "the ECRIS code for a level of completion or participation is not known, so it is left out");
    DecisionChangeMalformed = ("CNV-210", "decision-change-malformed", Invalid, Error, "an ECRIS decision-change reference is DCH-nn-X (two digits, one capital letter)");
    DecisionChangeNotInTable = ("CNV-211", "decision-change-not-in-bundled-table", Advice, Warning, "a well-formed decision-change reference is not in icce's bundled table, which is incomplete");
    OffenceCategoryDefaulted = ("CNV-212", "offence-category-defaulted", Advice, Warning, "an offence has no ECRIS category: the message carries the schema's default O-00-270000 (other offences)");
    SanctionCategoryDefaulted = ("CNV-213", "sanction-category-defaulted", Advice, Warning, "a sentence or order has no ECRIS category: the message carries the schema's default S-00-012000");
    MalformedJson = ("INP-001", "malformed-json", Unusable, Error, "the input is not JSON");
    WrongShape = ("INP-002", "wrong-shape", Unusable, Error, "the JSON does not have the shape of the operation's input (wrong type, unknown or missing field)");
    InputTooLarge = ("INP-003", "input-too-large", Unusable, Error, "the input is larger than icce accepts");
    UnknownOperation = ("INP-004", "unknown-operation", Unusable, Error, "no operation has that name");
    UnknownCountryRules = ("INP-005", "unknown-rules-country", Unusable, Error, "the rule book has no file for that code");
    MalformedXml = ("INP-006", "malformed-xml", Unusable, Error, "the ECRIS XML is not well-formed (line and column given)");
    XmlDtdRefused = ("INP-007", "xml-dtd-refused", Unusable, Error, "the ECRIS XML carries a DOCTYPE or an entity declaration, which icce refuses");
    XmlWrongRoot = ("INP-008", "xml-wrong-root", Unusable, Error, "the XML's root element is not the ECRIS message the operation reads");
    XmlWrongNamespace = ("INP-009", "xml-wrong-namespace", Unusable, Error, "an element of the ECRIS XML is not in the ECRIS v1.0 namespace it belongs to");
    XmlElementMissing = ("INP-010", "xml-element-missing", Unusable, Error, "the ECRIS XML lacks an element without which the message cannot be read (message id, person, conviction, conviction id)");
    XmlElementUnknown = ("INP-011", "xml-element-unknown", Unusable, Error, "the ECRIS XML holds an element that ECRIS v1.0 does not define there");
    MessageSourceAmbiguous = ("INP-012", "message-source-ambiguous", Unusable, Error, "the message must be given once: as JSON or as ECRIS XML, not both and not neither");
    RequestPurposeUnclassified = ("INP-013", "request-purpose-unclassified", Unusable, Error, "the XML request's purpose code does not say which purpose of EUFRA s.5 applies; the caller must classify it");
    ProfileSoFarInconsistent = ("INP-014", "profile-so-far-inconsistent", Unusable, Error, "the profile carried into a continued quarterlyProfile is not one the module could have answered (a row, a diagnostic or a count does not add up)");
    XmlElementsNotRead = ("INP-301", "xml-elements-not-read", Advice, Warning, "the ECRIS XML carries elements that icce reads past; a person should read them in the message");
    CodesNotFromATable = ("MSG-301", "codes-not-from-a-table", Advice, Info, "the ECRIS message carries codes that are not from a sourced table (a schema default, a derived reference, a local placeholder), each named");

    IncomingPersonIncomplete = ("NIN-101", "incoming-person-incomplete", Missing, Error, "an incoming notification lacks what ECRIS requires of the person (forename, surname, a valid sex code)");
    IncomingConvictionIncomplete = ("NIN-102", "incoming-conviction-incomplete", Missing, Error, "an incoming notification lacks the date of conviction, the court or the offences");
    IncomingMessageIdMalformed = ("NIN-201", "incoming-message-id-malformed", Invalid, Error, "the message id is not that of a notification to the UK (XX-GB-NOT- and 15 digits)");
    CountryReferenceMalformed = ("NIN-202", "country-reference-malformed", Invalid, Error, "an ECRIS country reference is CO-nn-nnn-AAA");
    NotUkNational = ("NIN-203", "not-uk-national", Invalid, Error, "the notified person is not shown as a UK national (s.2 covers UK nationals)");
    SenderNotMemberState = ("NIN-204", "sender-not-member-state", Advice, Warning, "the sender is not an EU member state on ECRIS");
    NoAcknowledgementBuilt = ("NIN-205", "no-acknowledgement-built", Advice, Info, "no acknowledgement is built for a notification with problems: the official problem codes were not found");
    ConvictionSequenceRequired = ("NOT-101", "conviction-sequence-required", Missing, Error, "a new notification needs the injected conviction sequence for its conviction id");
    PreviousConvictionRequired = ("NOT-102", "previous-conviction-required", Missing, Error, "an amendment or deletion names the conviction notified before");
    ConvictionDateRequired = ("NOT-103", "conviction-date-required", Missing, Error, "Schedule 1 para 13: the date of conviction");
    CourtRequired = ("NOT-104", "court-required", Missing, Error, "Schedule 1 para 14: the court or other body that convicted");
    OffenceRequired = ("NOT-105", "offence-required", Missing, Error, "Schedule 1 para 16: each offence");
    OffenceDateRequired = ("NOT-106", "offence-date-required", Missing, Error, "Schedule 1 para 17: the date or period of each offence");
    SentenceRequired = ("NOT-107", "sentence-required", Missing, Error, "Schedule 1 paras 19 and 20: every sentence and other order");
    RecordedDateRequired = ("NOT-108", "recorded-date-required", Missing, Error, "s.1(5): the day the conviction (or, s.1(7), the amendment) was recorded, with which the 28 days begin");
    ConvictionIdMalformed = ("NOT-201", "conviction-id-malformed", Invalid, Error, "an ECRIS conviction id is two letters, -C- and 15 digits");
    NotificationOverdue = ("NOT-202", "notification-overdue", Advice, Warning, "the 28 days of s.1(5) have passed");
    AmendmentNotRequired = ("NOT-203", "amendment-not-required", Advice, Info, "the amended paragraphs are not ones s.1(7) requires to be notified again");
    NotAMemberState = ("NOT-204", "not-a-member-state", Advice, Info, "a nationality is not an EU member state: s.1 requires no notification there");
    FingerprintsNotCarried = ("NOT-206", "fingerprints-not-carried", Advice, Info, "Schedule 1 para 11: the fingerprints taken are not in the ECRIS message icce builds (a binary attachment); the message says where they are held");
    ForenameRequired = ("REQ-101", "forename-required", Missing, Error, "ECRIS baseline: the person's forename");
    SurnameRequired = ("REQ-102", "surname-required", Missing, Error, "ECRIS baseline: the person's surname");
    SexRequired = ("REQ-103", "sex-required", Missing, Error, "ECRIS baseline: the person's sex");
    DateOfBirthRequired = ("REQ-104", "date-of-birth-required", Missing, Error, "ECRIS baseline: the date of birth (year alone is accepted)");
    TownOfBirthRequired = ("REQ-105", "town-of-birth-required", Missing, Error, "ECRIS baseline: the town of birth");
    CountryOfBirthRequired = ("REQ-106", "country-of-birth-required", Missing, Error, "ECRIS baseline: the country of birth");
    NationalityRequired = ("REQ-107", "nationality-required", Missing, Error, "ECRIS baseline: at least one nationality");
    ItemRequired = ("REQ-110", "country-item-required", Missing, Error, "a destination country's rule book requires this item for a police request");
    ItemRecommended = ("REQ-111", "country-item-recommended", Advice, Warning, "a destination country's register uses this item to identify people; it helps but does not block");
    BaselineItemRecommended = ("REQ-112", "baseline-item-recommended", Advice, Warning, "an item ECRIS requires is not given; the destinations are not on ECRIS and no source says their channel requires it, but it helps identify the person");
    OfficerEmailRequired = ("REQ-120", "officer-email-required", Missing, Error, "the requesting officer's email, so that icce can ask for missing information");
    CaseReferenceRequired = ("REQ-121", "case-reference-required", Missing, Error, "the case reference that the reply and any email quote");
    ArrestDetailsRequired = ("REQ-122", "arrest-details-required", Missing, Error, "an automated custody request carries the arrest date and the custody record reference");
    PurposeDetailsRequired = ("REQ-123", "purpose-details-required", Missing, Error, "a purpose other than criminal proceedings must be described");
    RequestingAuthorityRequired = ("REQ-124", "requesting-authority-required", Missing, Error, "ECRIS: the authority before which the proceedings are pending");
    ProceedingsDetailsRequired = ("REQ-125", "proceedings-details-required", Missing, Error, "a person who was not arrested must be subject to relevant proceedings, described");
    RouteRequired = ("REQ-126", "route-required", Missing, Error, "how the request came: automated custody request, or the request form and why");
    PurposeRequired = ("REQ-127", "purpose-required", Missing, Error, "the purpose of the request: criminal proceedings, or another purpose described");

    NameTooLong = ("REQ-201", "name-too-long", Invalid, Error, "ECRIS limits each name part to 200 characters (full name 600)");
    NameInvalidCharacter = ("REQ-202", "name-invalid-character", Invalid, Error, "a name holds a control character, a bidirectional override, markup or a pictograph");
    NameMixedScripts = ("REQ-203", "name-mixed-scripts", Advice, Warning, "one name part mixes scripts (for example Latin and Cyrillic), often a look-alike letter typed by mistake");
    NameHasDigits = ("REQ-204", "name-has-digits", Advice, Warning, "a name holds a digit");
    DateInvalid = ("REQ-205", "date-invalid", Invalid, Error, "a date is not a real calendar date in the form YYYY, YYYY-MM or YYYY-MM-DD");
    DateOfBirthInFuture = ("REQ-206", "date-of-birth-in-future", Invalid, Error, "the date of birth is after today");
    DateOfBirthImplausible = ("REQ-207", "date-of-birth-implausible", Advice, Warning, "the date of birth makes the person older than 120 or younger than 10");
    DateOfBirthPartial = ("REQ-208", "date-of-birth-partial", Advice, Info, "only the year, or year and month, of birth is known; ECRIS accepts it, but matches are less certain");
    CountryCodeUnknown = ("REQ-209", "country-code-unknown", Invalid, Error, "a country code is not an ISO 3166-1 alpha-2 code (or, for a place of birth, an ISO 3166-3 alpha-4 code)");
    CountryCodeAmbiguous = ("REQ-210", "country-code-ambiguous", Invalid, Error, "a retired alpha-2 code names more than one former country; use the ISO 3166-3 alpha-4 code");
    FormerCountryNationality = ("REQ-211", "former-country-nationality", Invalid, Error, "a nationality must be a current country");
    DuplicateNationality = ("REQ-212", "duplicate-nationality", Advice, Warning, "the same nationality is given twice");
    NoDestination = ("REQ-213", "no-destination", Invalid, Error, "no country to ask: the person is British only and no other country was named");
    DestinationIsUk = ("REQ-214", "destination-is-uk", Invalid, Error, "the UK cannot be a destination of its own request");
    RouteNotForBritish = ("REQ-215", "route-not-for-british-national", Invalid, Error, "the automated custody route is for foreign nationals; a British national goes through the request form");
    PncIdMalformed = ("REQ-216", "pnc-id-malformed", Invalid, Error, "a PNC ID is YYYY/NNNNNNNA (or YY/NNNNNNNA)");
    PncIdCheckLetter = ("REQ-217", "pnc-id-check-letter", Invalid, Error, "the PNC ID check letter does not match its digits");
    CroNumberMalformed = ("REQ-218", "cro-number-malformed", Invalid, Error, "a CRO number is NNNNNN/YYA or SFYY/NNNNNNA");
    CroNumberCheckLetter = ("REQ-219", "cro-number-check-letter", Invalid, Error, "the CRO number check letter does not match its digits");
    AsnMalformed = ("REQ-220", "asn-malformed", Invalid, Error, "an arrest/summons number is YY, force, unit, system, an 11-digit sequence and a check letter");
    AsnCheckLetter = ("REQ-221", "asn-check-letter", Invalid, Error, "the arrest/summons number check letter does not match its digits");
    AsnCheckNotVerifiable = ("REQ-222", "asn-check-not-verifiable", Advice, Warning, "the arrest/summons number has letters in its force or system part, so its check letter cannot be verified");
    ForceCodeUnknown = ("REQ-223", "force-code-unknown", Invalid, Error, "the PNC force code is not in the force table");
    AsnForceMismatch = ("REQ-224", "asn-force-mismatch", Advice, Warning, "the arrest/summons number names a different force from the PNC force code");
    ArrestDateInFuture = ("REQ-225", "arrest-date-in-future", Invalid, Error, "the arrest date is after today");
    ArrestBeforeBirth = ("REQ-226", "arrest-before-birth", Invalid, Error, "the arrest date is before the date of birth");
    EmailInvalid = ("REQ-227", "email-invalid", Invalid, Error, "an email address is not of the form name@domain");
    TextTooLong = ("REQ-228", "text-too-long", Invalid, Error, "a text is longer than ECRIS allows for it");
    TextInvalidCharacter = ("REQ-229", "text-invalid-character", Invalid, Error, "a text holds a control character, a bidirectional override or markup (< or >)");
    OffenceCodeMalformed = ("REQ-230", "offence-code-malformed", Invalid, Error, "an ECRIS offence category code is NNNN NN");
    OffenceCodeNotInTable = ("REQ-231", "offence-code-not-in-bundled-table", Advice, Warning, "a well-formed offence category is not in icce's bundled table, which is incomplete");
    IdDocumentCategoryUnknown = ("REQ-232", "id-document-category-unknown", Invalid, Error, "the identity document category is not an ECRIS category");
    SequenceOutOfRange = ("REQ-233", "message-sequence-out-of-range", Invalid, Error, "the message sequence does not fit the 15 digits of an ECRIS message id");
    TodayInvalid = ("REQ-234", "today-invalid", Invalid, Error, "the context's date of today is not a full date");
    ConsentNotGiven = ("REQ-235", "consent-not-given", Advice, Warning, "for a purpose other than criminal proceedings, a register may answer only with the person's consent");
    NamePartMissing = ("REQ-236", "name-part-missing", Advice, Warning, "a parent, alias or former name has a surname without a forename, or the reverse");
    PlaceOfBirthFormerCountry = ("REQ-237", "place-of-birth-former-country", Advice, Info, "the place of birth is in a former country; the request carries its ISO 3166-3 code and name");
    TimestampInvalid = ("REQ-238", "timestamp-invalid", Invalid, Error, "the context's timestamp is not YYYY-MM-DDThh:mm:ssZ on the date of today");
    DuplicateDestination = ("REQ-239", "duplicate-destination", Advice, Warning, "a destination is named twice, or is also a nationality");
    EmptyValue = ("REQ-240", "empty-value", Invalid, Error, "a field is present but empty or only spaces");
    PurposeNotAllowed = ("REQ-241", "purpose-not-allowed", Invalid, Error, "s.4(1): the UK may request conviction information only for the law-enforcement purposes (s.6), or for a member-state national's own request (s.4(2))");
    NotKnownItemUnknown = ("REQ-242", "not-known-item-unknown", Invalid, Error, "an entry of `notKnown` is not an item a country can ask for");
    NotKnownButGiven = ("REQ-243", "not-known-but-given", Invalid, Error, "an item is declared not known and is given as well");
    OwnRequestDestination = ("REQ-244", "own-request-destination", Invalid, Error, "s.4(2)-(3): an own request goes to each member state of the person's nationality, and only there");
    LocalReferenceCodes = ("REQ-301", "local-reference-codes", Advice, Info, "the ECRIS request carries local placeholder codes where the official table was not found");
    NotEcrisChannel = ("REQ-302", "not-ecris-channel", Advice, Info, "the destination is not on ECRIS: the request goes through Interpol channels via the NCA; no ECRIS message, id, code or XML is built for it, and `ncaRequest` holds what ACRO sends");
    TranslationStep = ("REQ-303", "translation-step", Advice, Info, "a destination's request language is not English: the free texts go out in English and may need translating before they are sent");
    FingerprintsSentSeparately = ("REQ-304", "fingerprints-sent-separately", Advice, Info, "a destination asks for fingerprints; the ECRIS request does not carry them, and they are sent another way");
    SearchResultRequired = ("RIN-101", "search-result-required", Missing, Error, "the reply needs the result of the search of UK records");
    AdditionalInformationNeeded = ("RIN-102", "additional-information-needed", Missing, Error, "UK records cannot be searched safely without more identification data; a request for additional information names the items");
    WrongEnumeration = ("RIN-201", "wrong-enumeration", Invalid, Error, "an ECRIS yes/no/unknown field has another value");
    SearchInconsistent = ("RIN-202", "search-inconsistent", Invalid, Error, "the search result contradicts itself");
    ConditionANotMet = ("RIN-203", "condition-a-not-met", Advice, Warning, "s.5(2): the purpose is neither law enforcement nor a UK national's own request");
    ReplyOverdue = ("RIN-204", "reply-overdue", Advice, Warning, "the 20 working days of s.5(4) have passed");
    SpentConvictionsWithheld = ("RIN-205", "spent-convictions-withheld", Advice, Info, "spent convictions are withheld for this purpose (s.5(5)-(6))");
    DeadlineRunsFromReceipt = ("RIN-206", "deadline-runs-from-receipt", Advice, Info, "s.5(4): the 20 working days begin with the day of receipt; additional information received later does not restart them");
    ProfileTooManyRows = ("STA-001", "profile-too-many-rows", Unusable, Error, "the profile would have more rows (quarter, process, country, outcome) than icce keeps, so that it stays small enough to carry on and publish");
    LogOutcomeInvalid = ("STA-201", "log-outcome-invalid", Invalid, Error, "a log entry's outcome is not a short code word (it could carry text into a published table)");
}

/// Where a rule came from: the rule-book file and key, and its sources.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleOrigin {
    /// The country code, or `ecris-baseline` / `uk` for rules that are not a country's.
    pub rule_set: &'static str,
    /// File and line in the rule book (`countries/PL.toml:30`), or a document section.
    pub file: Cow<'static, str>,
    /// The key within the file, for example `requirement.father-forename`.
    pub key: Cow<'static, str>,
    // Borrowed from the compiled rule book where the rule is one of its requirements.
    pub sources: Cow<'static, [SourceRef]>,
    /// This origin as the answer writer writes it, where build.rs wrote it beforehand (a
    /// rule-book requirement's): the same members as above, which any other serializer gets.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub json: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceRef {
    pub url: &'static str,
    pub title: &'static str,
    pub weak: bool,
}

// One finding about an input. Serialised by hand, with the members the `schema` derive documents,
// in the same order: for icce's answer writer, the code's members and a rule-book rule's origin
// are copied as JSON written before any input arrived (`json::Raw`); any other serializer gets
// every member one by one. (A comment, not a doc comment: the published schema carries those.)
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), serde(rename_all = "camelCase"))]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub kind: Kind,
    /// RFC 6901 JSON Pointer into the input ("" is the whole input).
    pub pointer: Cow<'static, str>,
    pub message: Cow<'static, str>,
    pub help: Cow<'static, str>,
    #[cfg_attr(feature = "schema", serde(skip_serializing_if = "Option::is_none"))]
    pub rule: Option<RuleOrigin>,
    /// Destination countries this diagnostic concerns, when not all of them.
    #[cfg_attr(feature = "schema", serde(skip_serializing_if = "Vec::is_empty"))]
    pub countries: Vec<Cow<'static, str>>,
    /// The data item concerned, for missing-information diagnostics.
    #[cfg_attr(feature = "schema", serde(skip_serializing_if = "Option::is_none"))]
    pub item: Option<&'static str>,
    /// The registry entry of `code`, whose written members the answer writer copies.
    #[cfg_attr(feature = "schema", schemars(skip))]
    info: &'static CodeInfo,
}

impl Diagnostic {
    /// A diagnostic of `code`. A pointer, message or help that is a fixed text is borrowed, not
    /// copied: a request with findings makes many, and most of their texts are fixed.
    #[inline]
    pub fn new(code: Code, pointer: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>, help: impl Into<Cow<'static, str>>) -> Self {
        Diagnostic::of(code, pointer.into(), message.into(), help.into())
    }

    /// [`Diagnostic::new`]'s body, written once rather than inlined at every check that reports:
    /// a ready input never reaches those places, and each check's function stays smaller for a
    /// browser to compile, which it does whole the first time the function runs (BENCHMARKS.md,
    /// "2026-12-02, ninth session").
    #[inline(never)]
    fn of(code: Code, pointer: Cow<'static, str>, message: Cow<'static, str>, help: Cow<'static, str>) -> Self {
        let info = code.info();
        Diagnostic {
            code: info.code,
            name: info.name,
            severity: info.severity,
            kind: info.kind,
            pointer,
            message,
            help,
            rule: None,
            countries: Vec::new(),
            item: None,
            info,
        }
    }

    pub fn with_rule(mut self, rule: RuleOrigin) -> Self {
        self.rule = Some(rule);
        self
    }

    pub fn with_countries(mut self, countries: Vec<Cow<'static, str>>) -> Self {
        self.countries = countries;
        self
    }

    pub fn with_item(mut self, item: &'static str) -> Self {
        self.item = Some(item);
        self
    }

    /// The same finding under another code (its name, kind and severity with it): what a finding
    /// means can depend on where the answer is going.
    pub fn recode(&mut self, code: Code) {
        let info = code.info();
        self.code = info.code;
        self.name = info.name;
        self.kind = info.kind;
        self.severity = info.severity;
        self.info = info;
    }

    /// Whether the code's members are still those of the registry entry (they are public: a
    /// caller could change one without [`Diagnostic::recode`]).
    fn head_is_info(&self) -> bool {
        let i = self.info;
        // The texts come from the entry itself, so the same addresses: no text is compared. The
        // severity and kind are written from the diagnostic's own.
        std::ptr::eq(self.code, i.code) && std::ptr::eq(self.name, i.name)
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let icce = json::is_this_writer::<S>();
        let len = 7 + usize::from(self.rule.is_some()) + usize::from(!self.countries.is_empty()) + usize::from(self.item.is_some());
        let mut s = serializer.serialize_struct("Diagnostic", len)?;
        let written = (icce && self.head_is_info()).then_some(self.info.written);
        serialize_head(&mut s, written, self.code, Some(self.name), self.severity, self.kind)?;
        s.serialize_field("pointer", &self.pointer)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("help", &self.help)?;
        if let Some(rule) = &self.rule {
            match rule.json {
                Some(json) if icce => s.serialize_field("rule", &json::Raw::value(json))?,
                _ => s.serialize_field("rule", rule)?,
            }
        }
        if !self.countries.is_empty() {
            s.serialize_field("countries", &self.countries)?;
        }
        if let Some(item) = self.item {
            s.serialize_field("item", item)?;
        }
        s.end()
    }
}

/// A diagnostic as a form shows it on every change: what, where and how bad. The help, the rule
/// and its sources stay in the full answer (`validateRequestOut`) and the rule book (`showRules`).
// Serialised by hand as `Diagnostic` is.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), serde(rename_all = "camelCase"))]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub kind: Kind,
    /// RFC 6901 JSON Pointer into the input ("" is the whole input).
    pub pointer: Cow<'static, str>,
    pub message: Cow<'static, str>,
    /// The data item concerned, for missing-information diagnostics (what "not known" can answer).
    #[cfg_attr(feature = "schema", serde(skip_serializing_if = "Option::is_none"))]
    pub item: Option<&'static str>,
    /// Destination countries this finding concerns, when not all of them.
    #[cfg_attr(feature = "schema", serde(skip_serializing_if = "Vec::is_empty"))]
    pub countries: Vec<Cow<'static, str>>,
    #[cfg_attr(feature = "schema", schemars(skip))]
    info: &'static CodeInfo,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 5 + usize::from(self.item.is_some()) + usize::from(!self.countries.is_empty());
        let mut s = serializer.serialize_struct("Finding", len)?;
        let written = self.info.written_code().filter(|_| json::is_this_writer::<S>() && std::ptr::eq(self.code, self.info.code));
        serialize_head(&mut s, written, self.code, None, self.severity, self.kind)?;
        s.serialize_field("pointer", &self.pointer)?;
        s.serialize_field("message", &self.message)?;
        if let Some(item) = self.item {
            s.serialize_field("item", item)?;
        }
        if !self.countries.is_empty() {
            s.serialize_field("countries", &self.countries)?;
        }
        s.end()
    }
}

/// A diagnostic's or a finding's first members: its code, its name (a diagnostic's), severity
/// and kind. `written` is the code registry's text of the code (and name), given when the
/// writer is icce's and the members are the entry's: it is copied, and severity and kind with
/// it from their table; else every member is written one by one.
fn serialize_head<S: SerializeStruct>(
    s: &mut S,
    written: Option<&'static str>,
    code: &'static str,
    name: Option<&'static str>,
    severity: Severity,
    kind: Kind,
) -> Result<(), S::Error> {
    if let Some(written) = written {
        s.serialize_field(json::RAW_FIELDS, &json::Raw::fields(written))?;
        return s.serialize_field(json::RAW_FIELDS, &json::Raw::fields(written_severity_and_kind(severity, kind)));
    }
    s.serialize_field("code", code)?;
    if let Some(name) = name {
        s.serialize_field("name", name)?;
    }
    s.serialize_field("severity", &severity)?;
    s.serialize_field("kind", &kind)
}

impl From<Diagnostic> for Finding {
    fn from(d: Diagnostic) -> Self {
        Finding {
            code: d.code,
            severity: d.severity,
            kind: d.kind,
            pointer: d.pointer,
            message: d.message,
            item: d.item,
            countries: d.countries,
            info: d.info,
        }
    }
}

/// Collects diagnostics, keeps the first [`MAX_DIAGNOSTICS`], and counts the rest.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    dropped: usize,
    /// Kinds seen, dropped ones included, so that truncation never changes the outcome.
    seen: Kinds,
    /// Kinds of the dropped diagnostics alone.
    dropped_kinds: Kinds,
}

/// A set of [`Kind`]s, one bit each.
#[derive(Clone, Copy, Debug, Default)]
struct Kinds(u8);

impl Kinds {
    fn insert(&mut self, kind: Kind) {
        self.0 |= 1 << kind as u8;
    }

    fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    fn of<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Kinds {
        let mut kinds = Kinds::default();
        for d in diagnostics {
            kinds.insert(d.kind);
        }
        kinds
    }
}

impl Diagnostics {
    /// A collector that reports `first` before anything a check finds (what reading an XML
    /// message had to say, say).
    pub fn starting_with(first: Vec<Diagnostic>) -> Self {
        let mut d = Diagnostics::default();
        for x in first {
            d.push(x);
        }
        d
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.seen.insert(d.kind);
        if self.list.len() < MAX_DIAGNOSTICS {
            // Room for eight at the first: a request with findings has about four, and growing
            // the list moves every diagnostic in it.
            if self.list.capacity() == 0 {
                self.list.reserve_exact(8);
            }
            self.list.push(d);
        } else {
            self.dropped_kinds.insert(d.kind);
            self.dropped += 1;
        }
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.seen.contains(kind)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Change every diagnostic in place (used to point diagnostics about a message given as XML
    /// at the XML, rather than at the JSON field it was read into).
    pub fn for_each_mut(&mut self, mut f: impl FnMut(&mut Diagnostic)) {
        self.list.iter_mut().for_each(&mut f);
        // A change may have recoded a diagnostic: the kinds seen are those listed and dropped now.
        self.seen = Kinds(Kinds::of(&self.list).0 | self.dropped_kinds.0);
    }

    /// Carry on from diagnostics an earlier answer listed and counted (a continued profile): the
    /// list is kept as it was and new diagnostics join it under the same cap.
    pub fn resume(list: Vec<Diagnostic>, dropped: usize) -> Self {
        let seen = Kinds::of(&list);
        Diagnostics { list, dropped, seen, dropped_kinds: Kinds::default() }
    }

    pub fn dropped(&self) -> usize {
        self.dropped
    }

    pub fn into_vec(self) -> (Vec<Diagnostic>, usize) {
        (self.list, self.dropped)
    }
}

/// Escape a key for a JSON Pointer (RFC 6901).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A list item's JSON Pointer, `{base}{i}{leaf}`, written into a buffer on the stack: the pointer
/// is read only when a diagnostic is made, so checking a valid item allocates nothing (a pointer
/// longer than the buffer, which icce's own bases and leaves never make, goes to the heap).
pub struct ListPointer {
    bytes: [u8; 96],
    long: String,
}

impl Default for ListPointer {
    fn default() -> Self {
        ListPointer { bytes: [0; 96], long: String::new() }
    }
}

impl ListPointer {
    pub fn at(&mut self, base: &str, i: usize, leaf: &str) -> &str {
        let mut number = itoa::Buffer::new();
        let index = number.format(i);
        let len = base.len() + index.len() + leaf.len();
        if let Some(out) = self.bytes.get_mut(..len) {
            let (b, rest) = out.split_at_mut(base.len());
            let (n, l) = rest.split_at_mut(index.len());
            b.copy_from_slice(base.as_bytes());
            n.copy_from_slice(index.as_bytes());
            l.copy_from_slice(leaf.as_bytes());
            // Three whole strings one after the other: always UTF-8.
            return std::str::from_utf8(out).unwrap_or_default();
        }
        self.long.clear();
        self.long.push_str(base);
        self.long.push_str(index);
        self.long.push_str(leaf);
        &self.long
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::{written_severity_and_kind, CodeInfo, Kind, ListPointer, Severity, CODES, UNKNOWN_CODE};

    /// Every code's members as the answer writer copies them are serde_json's bytes for them.
    #[test]
    fn every_code_s_written_members_are_serde_json_s() {
        fn members<T: serde::Serialize>(v: &T) -> String {
            let text = serde_json::to_string(v).unwrap();
            text.get(1..text.len() - 1).unwrap().to_owned()
        }
        #[derive(serde::Serialize)]
        struct Code {
            code: &'static str,
        }
        #[derive(serde::Serialize)]
        struct CodeName {
            code: &'static str,
            name: &'static str,
        }
        #[derive(serde::Serialize)]
        struct SeverityKind {
            severity: Severity,
            kind: Kind,
        }
        for i in CODES.iter().chain([&UNKNOWN_CODE]) {
            let &CodeInfo { code, name, .. } = i;
            assert_eq!(i.written, members(&CodeName { code, name }), "{code}");
            assert_eq!(i.written_code().unwrap(), members(&Code { code }), "{code}");
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for kind in [Kind::Unusable, Kind::Invalid, Kind::Missing, Kind::Advice] {
                assert_eq!(written_severity_and_kind(severity, kind), members(&SeverityKind { severity, kind }));
            }
        }
    }

    /// On the stack and past it, the pointer is the three parts one after the other.
    #[test]
    fn a_list_pointer_is_its_parts_in_order() {
        let mut p = ListPointer::default();
        for (base, i, leaf) in [("/person/nationalities/", 0, ""), ("/a/", usize::MAX, "/é"), ("", 7, ""), ("/x/", 12, &"/long".repeat(30)), ("/b/", 3, "/c")] {
            assert_eq!(p.at(base, i, leaf), format!("{base}{i}{leaf}"));
        }
    }
}
