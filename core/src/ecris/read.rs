//! Reading incoming ECRIS v1.0 XML: a request (`svc:RequestMessage`, for `answerRequestIn`) and a
//! notification (`svc:NotificationMessage`, for `checkNotificationIn`), into the same structs the
//! JSON contract decodes, so that every check, deadline and reply applies unchanged.
//!
//! The parser is `roxmltree` (pure Rust, no dependencies but `memchr`). DTDs are refused (its
//! default, kept), and so is any `<!DOCTYPE`, even an empty one: an ECRIS message never needs one,
//! and entities are how XML documents attack their readers. Undeclared entities are malformed XML.
//!
//! What icce does with each element of the message, by design:
//! - **read**: mapped to the JSON field named beside it in the tables below;
//! - **reported**: an ECRIS element icce does not model (parents' names, addresses, remarks, the
//!   offence's legal provisions…). It is read past, and one warning (`INP-301`) lists them all, so
//!   that a person reads them in the message: icce's checks do not use them;
//! - **quiet**: technical ids (`dm:DecisionID`, `dm:OffenceID`, `dm:SanctionID`) and, in a request,
//!   the sending timestamp (the deadline runs from receipt, which the XML cannot say). Read past
//!   without a word;
//! - **refused**: an element in the wrong namespace, or one that ECRIS v1.0 does not define at that
//!   place (another schema version, a typo, a foreign extension). The message is then unusable:
//!   icce cannot tell what such an element would change, and reading past it could hide it.
//!   Element names are checked where icce reads; a reported element's contents are not looked at.
//!
//! Mandatory ECRIS elements that the JSON model treats as optional (forename, sex, court…) are read
//! as absent when missing, and the process's own checks say what that means (an incomplete
//! notification, a request for additional information). Only what the model cannot do without
//! (message id, person, conviction, conviction id) makes the message unusable.
//!
//! Diagnostics that the checks raise about a field read from XML point at the XML (`/requestXml`
//! or `/notificationXml`) and name the element's line, column and path; see [`relocate`].

use std::collections::BTreeSet;

use roxmltree::{Document, Node, ParsingOptions};

use super::incoming::{IncomingConviction, IncomingNotification, IncomingOffence, IncomingPerson, IncomingRequest, IncomingSanction, RequestPurpose, RequestReceipt};
use super::ids::CurrencyReference;
use super::{NS_COMMONS, NS_CRT, NS_DOMAIN, NS_MESSAGES, NS_SERVICE};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::rulebook;
use crate::text::shorten;

/// At most this many errors are listed for one message; the rest are counted.
/// Decision changes read from one conviction, as the JSON contract caps `decisionChanges`.
const MAX_DECISION_CHANGES: usize = 20;
const MAX_ERRORS: usize = 20;
/// A 1 MiB input holds at most about 260,000 nodes (`<a/>`); more is refused by the parser.
const MAX_NODES: u32 = 300_000;

/// Where a field of the JSON model came from.
#[derive(Debug)]
pub enum Origin {
    /// An element of the XML: its byte offset (line and column are computed only when a
    /// diagnostic needs them) and its path.
    Xml { offset: usize, path: String },
    /// Another field of the input (`/receipt/received`, say).
    Field(String),
}

/// A message read from XML.
#[derive(Debug)]
pub struct Read<T> {
    pub message: T,
    /// What reading had to say that does not stop the message (elements not read).
    pub notes: Vec<Diagnostic>,
    /// JSON Pointer (under `/message`) of each field read → where it came from.
    pub places: Vec<(String, Origin)>,
}

/// An incoming message as the input gives it: as JSON (`message`), or as the ECRIS XML it arrived
/// in (`requestXml`, `notificationXml`), read into the same struct.
pub enum Given<'a, T> {
    Json(&'a T),
    Xml { read: Read<T>, xml: &'a str, field: &'static str },
}

impl<'a, T> Given<'a, T> {
    /// The message from exactly one of `message` and the XML field `field`; reading the XML may
    /// find it unusable.
    pub fn from_input(
        message: Option<&'a T>,
        xml: Option<&'a String>,
        field: &'static str,
        read: impl FnOnce(&str) -> Result<Read<T>, Vec<Diagnostic>>,
    ) -> Result<Self, Vec<Diagnostic>> {
        match (message, xml) {
            (Some(m), None) => Ok(Given::Json(m)),
            (None, Some(xml)) => Ok(Given::Xml { read: read(xml)?, xml, field }),
            (m, _) => Err(vec![one_message(m.is_some(), field)]),
        }
    }

    pub fn message(&self) -> &T {
        match self {
            Given::Json(m) => m,
            Given::Xml { read, .. } => &read.message,
        }
    }

    /// What reading the XML had to say (nothing for JSON), to be reported first.
    pub fn take_notes(&mut self) -> Vec<Diagnostic> {
        match self {
            Given::Json(_) => Vec::new(),
            Given::Xml { read, .. } => std::mem::take(&mut read.notes),
        }
    }

    /// Check the message with `check`, which reports what reading the XML said first, and point
    /// the diagnostics about the message (`diagnostics` finds them in the result) at the XML.
    pub fn check<B>(mut self, check: impl FnOnce(&T, Vec<Diagnostic>) -> B, diagnostics: impl FnOnce(&mut B) -> &mut Diagnostics) -> B {
        let notes = self.take_notes();
        let mut checked = check(self.message(), notes);
        self.relocate(diagnostics(&mut checked));
        checked
    }

    /// Point the diagnostics about the message at the XML it came from.
    pub fn relocate(&self, diagnostics: &mut Diagnostics) {
        if let Given::Xml { read, xml, field } = self {
            diagnostics.for_each_mut(|d| relocate(d, field, xml, &read.places));
        }
    }
}

/// The diagnostic for a message given both as JSON and as XML, or neither way.
fn one_message(both: bool, xml_field: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MessageSourceAmbiguous,
        if both { format!("/{xml_field}") } else { String::new() },
        if both {
            format!("the message is given twice, as `message` and as `{xml_field}`")
        } else {
            format!("the input has no message: give `message` (JSON) or `{xml_field}` (ECRIS XML)")
        },
        format!("give exactly one of `message` and `{xml_field}`"),
    )
}

/// Line and column (1-based, in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Point a diagnostic the checks raised about `/message/…` at where the XML carried it: the
/// pointer becomes `/{field}` (or the input field it came from) and the message names the line,
/// column and element path.
pub fn relocate(d: &mut Diagnostic, field: &str, xml: &str, places: &[(String, Origin)]) {
    let p: &str = &d.pointer;
    if p != "/message" && !p.starts_with("/message/") {
        return;
    }
    let best = places
        .iter()
        .filter(|(k, _)| p == k || p.strip_prefix(k.as_str()).is_some_and(|rest| rest.starts_with('/')))
        .max_by_key(|(k, _)| k.len());
    match best {
        Some((k, Origin::Field(f))) => {
            let rest = p.get(k.len()..).unwrap_or("");
            d.pointer = format!("{f}{rest}").into();
        }
        Some((_, Origin::Xml { offset, path })) => {
            let (line, column) = line_column(xml, *offset);
            d.pointer = format!("/{field}").into();
            d.message = format!("{} (XML line {line}, column {column}: `{path}`)", d.message).into();
        }
        None => d.pointer = format!("/{field}").into(),
    }
}

/// The prefix icce writes for each ECRIS namespace; paths in diagnostics use these, whatever
/// prefixes the sender chose.
fn prefix(ns: Option<&str>) -> Option<&'static str> {
    match ns? {
        NS_SERVICE => Some("svc"),
        NS_MESSAGES => Some("msg"),
        NS_DOMAIN => Some("dm"),
        NS_COMMONS => Some("commons"),
        NS_CRT => Some("crt"),
        _ => None,
    }
}

fn qname(n: Node<'_, '_>) -> String {
    let t = n.tag_name();
    match (prefix(t.namespace()), t.namespace()) {
        (Some(p), _) => format!("{p}:{}", t.name()),
        // Outside the ECRIS namespaces: the local name; the diagnostic names the namespace.
        (None, _) => shorten(t.name()).to_owned(),
    }
}

/// The element children of one parent, sorted by what icce does with them.
struct Kids<'a, 'i> {
    list: Vec<Node<'a, 'i>>,
}

impl<'a, 'i> Kids<'a, 'i> {
    fn first(&self, name: &str) -> Option<Node<'a, 'i>> {
        self.list.iter().copied().find(|n| n.tag_name().name() == name)
    }
    fn all(&self, name: &str) -> impl Iterator<Item = Node<'a, 'i>> + '_ {
        let name = name.to_owned();
        self.list.iter().copied().filter(move |n| n.tag_name().name() == name)
    }
}

/// Which children a parent may have: read, reported (not read, listed in a warning) and quiet
/// (not read, not listed).
struct Shape {
    ns: &'static str,
    read: &'static [&'static str],
    reported: &'static [&'static str],
    quiet: &'static [&'static str],
}

const META: Shape = Shape { ns: NS_MESSAGES, read: &["MessageMetaDataMessageID", "MessageMetaDataTimestamp"], reported: &["MessageMetaDataResponseTo"], quiet: &[] };
const META_REQ: Shape = Shape { ns: NS_MESSAGES, read: &["MessageMetaDataMessageID"], reported: &["MessageMetaDataResponseTo"], quiet: &["MessageMetaDataTimestamp"] };
const ROOT: Shape = Shape { ns: NS_MESSAGES, read: &["MessageMetaData", "MessageData"], reported: &[], quiet: &[] };
const REQ_DATA: Shape = Shape {
    ns: NS_MESSAGES,
    read: &[
        "MessageDataPerson",
        "MessageDataRequestPurposeCategoryReference",
        "MessageDataRequestPurpose",
        "MessageDataRequestingAuthority",
        "MessageDataConcernedPersonConsent",
        "MessageDataUrgency",
    ],
    reported: &[
        "MessageDataContactPerson",
        "MessageDataRemarks",
        "MessageDataAccusationOffenceCategoryReference",
        "MessageDataAccusation",
        "MessageDataCaseReferenceNumber",
        "MessageDataFingerprints",
        "MessageDataFingerprintsPush",
    ],
    quiet: &[],
};
const AUTHORITY: Shape = Shape { ns: NS_MESSAGES, read: &["RequestingAuthorityName"], reported: &["RequestingAuthorityTypeReference", "RequestingAuthorityCode"], quiet: &[] };
const NOT_DATA: Shape = Shape {
    ns: NS_MESSAGES,
    read: &["MessageDataPerson", "MessageDataConviction", "MessageDataUpdatedConvictionReference"],
    reported: &["MessageDataContactPerson", "MessageDataRemarks", "MessageDataOtherAffectedConviction", "MessageDataFingerprints", "MessageDataFingerprintsPush"],
    quiet: &[],
};
const UPDATED: Shape = Shape { ns: NS_MESSAGES, read: &["ECRISConvictionReference"], reported: &["NJRConvictionReference", "ExternalConviction"], quiet: &[] };
const PERSON: Shape = Shape {
    ns: NS_DOMAIN,
    read: &["PersonName", "PersonSex", "PersonBirthDate", "PersonBirthPlace", "PersonNationalityReference"],
    reported: &[
        "PersonFormerForename",
        "PersonFormerSurname",
        "PersonFormerSecondSurname",
        "PersonFatherForename",
        "PersonFatherSurname",
        "PersonFatherSecondSurname",
        "PersonMotherForename",
        "PersonMotherSurname",
        "PersonMotherSecondSurname",
        "PersonIdentityNumber",
        "PersonIdentificationDocument",
        "PersonAddress",
        "PersonAlias",
        "PersonRemarks",
    ],
    quiet: &[],
};
const NAME: Shape = Shape { ns: NS_DOMAIN, read: &["Forename", "Surname", "SecondSurname"], reported: &["FullName"], quiet: &[] };
const PLACE: Shape = Shape { ns: NS_DOMAIN, read: &["PlaceCountryReference", "PlaceTownName"], reported: &["PlaceCountrySubdivisionReference", "PlaceTownReference"], quiet: &[] };
/// An offence's place: the JSON model has the town only.
const OFFENCE_PLACE: Shape =
    Shape { ns: NS_DOMAIN, read: &["PlaceTownName"], reported: &["PlaceCountryReference", "PlaceCountrySubdivisionReference", "PlaceTownReference"], quiet: &[] };
const DATE: Shape = Shape { ns: NS_COMMONS, read: &["DateYear", "DateMonthDay"], reported: &[], quiet: &[] };
const MONTH_DAY: Shape = Shape { ns: NS_COMMONS, read: &["DateMonth", "DateDay"], reported: &[], quiet: &[] };
const TEXT: Shape = Shape { ns: NS_COMMONS, read: &["MultilingualTextLinguisticRepresentation"], reported: &[], quiet: &[] };
const CONVICTION: Shape = Shape {
    ns: NS_DOMAIN,
    read: &[
        "ConvictionID",
        "ConvictionFileNumber",
        "ConvictionDecisionDate",
        "ConvictionDecisionFinalDate",
        "ConvictionDecidingAuthority",
        "ConvictionDecision",
        "ConvictionOffence",
        "ConvictionSanction",
    ],
    reported: &[
        "ConvictionConvictingCountryReference",
        "ConvictionNonCriminalRuling",
        "ConvictionRetentionPeriodEndDate",
        "ConvictionIsTransmittable",
        "ConvictionRemarks",
        "ConvictionRelationship",
    ],
    quiet: &[],
};
const DECIDING: Shape = Shape { ns: NS_DOMAIN, read: &["DecidingAuthorityName"], reported: &["DecidingAuthorityCode"], quiet: &[] };
const DECISION: Shape = Shape {
    ns: NS_DOMAIN,
    read: &["DecisionChangeTypeReference", "DecisionDeleteConvictionFromRegister"],
    reported: &["DecisionDate", "DecisionFinalDate", "DecisionDecidingAuthority", "DecisionRemarks"],
    quiet: &["DecisionID"],
};
const OFFENCE: Shape = Shape {
    ns: NS_DOMAIN,
    read: &["NationalCategoryCode", "NationalCategoryTitle", "OffenceCommonCategoryReference", "OffenceStartDate", "OffenceEndDate", "OffencePlace"],
    reported: &[
        "Remarks",
        "OffenceApplicableLegalProvisions",
        "OffenceNumberOfOccurrences",
        "OffenceIsContinuous",
        "OffenceLevelOfCompletionReference",
        "OffenceLevelOfParticipationReference",
        "OffenceResponsibilityExemption",
        "OffenceRecidivism",
    ],
    quiet: &["OffenceID"],
};
const SANCTION: Shape = Shape {
    ns: NS_DOMAIN,
    read: &[
        "NationalCategoryTitle",
        "SanctionCommonCategoryReference",
        "SanctionSentencedPeriod",
        "SanctionAmountOfIndividualFine",
        "SanctionCurrencyOfFineReference",
        "SanctionSuspension",
    ],
    reported: &[
        "NationalCategoryCode",
        "Remarks",
        "SanctionTypeReference",
        "SanctionAlternativeTypeReference",
        "SanctionMultiplier",
        "SanctionIsSpecificToMinor",
        "SanctionExecutionPeriod",
        "SanctionNumberOfFines",
        "SanctionInterruption",
    ],
    quiet: &["SanctionID"],
};
const PERIOD: Shape = Shape { ns: NS_DOMAIN, read: &["PeriodDuration"], reported: &["PeriodStartDate", "PeriodEndDate", "DurationExact"], quiet: &[] };
const AMOUNT: Shape = Shape { ns: NS_COMMONS, read: &["PositiveDecimalUnit", "PositiveDecimalFraction"], reported: &[], quiet: &[] };

/// A reported element whose value says nothing (`UNKNOWN`, or the schema's default or the
/// ordinary case: sanction nature `N-00-Z`, multiplier 1, an exact duration, not specific to
/// minors, not a non-criminal ruling) is not listed: the warning would otherwise name the same
/// mandatory elements in every message.
fn uninformative(name: &str, n: Node<'_, '_>) -> bool {
    if n.children().any(|c| c.is_element()) {
        return false;
    }
    let v = n.text().unwrap_or("").trim();
    v == "UNKNOWN"
        || matches!(
            (name, v),
            ("SanctionTypeReference", "N-00-Z")
                | ("SanctionMultiplier", "1")
                | ("DurationExact", "Yes")
                | ("SanctionIsSpecificToMinor", "No")
                | ("ConvictionNonCriminalRuling", "No")
                | ("PlaceCountryReference", "CO-00-999-XXX")
        )
}

struct Reader<'a, 'i> {
    text: &'i str,
    field: &'static str,
    errors: Vec<Diagnostic>,
    dropped: usize,
    not_read: BTreeSet<String>,
    /// Namespaces already reported as wrong: one error each, and no "missing" errors after one
    /// (an element in the wrong namespace is the cause, not a second problem).
    bad_namespaces: BTreeSet<String>,
    places: Vec<(String, Origin)>,
    _doc: std::marker::PhantomData<&'a ()>,
}

impl<'a, 'i: 'a> Reader<'a, 'i> {
    fn new(text: &'i str, field: &'static str) -> Self {
        Reader { text, field, errors: Vec::new(), dropped: 0, not_read: BTreeSet::new(), bad_namespaces: BTreeSet::new(), places: Vec::new(), _doc: std::marker::PhantomData }
    }

    fn path(n: Node<'a, 'i>) -> String {
        let mut parts: Vec<String> = n.ancestors().filter(Node::is_element).map(qname).collect();
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    fn at(&self, n: Node<'a, 'i>) -> String {
        let (line, column) = line_column(self.text, n.range().start);
        format!("line {line}, column {column}")
    }

    fn error(&mut self, code: Code, message: String, help: &'static str) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(Diagnostic::new(code, format!("/{}", self.field), message, help));
        } else {
            self.dropped += 1;
        }
    }

    fn missing(&mut self, parent: Node<'a, 'i>, what: &str) {
        if !self.bad_namespaces.is_empty() {
            return;
        }
        let msg = format!("`{}` ({}) has no `{what}`, without which icce cannot read the message", Self::path(parent), self.at(parent));
        self.error(Code::XmlElementMissing, msg, "ask the sender for a message valid against the ECRIS v1.0 schemas");
    }

    /// The same list caps as the JSON contract (`crate::strict::at_most`: without a cap an answer grows with its input; see FUZZING.md):
    /// beyond `cap` elements the message is refused, and the rest is not read.
    fn capped(&mut self, parent: Node<'a, 'i>, mut nodes: Vec<Node<'a, 'i>>, cap: usize, what: &str) -> Vec<Node<'a, 'i>> {
        if nodes.len() > cap {
            let msg = format!("`{}` ({}) has {} `{what}` elements; icce accepts at most {cap}", Self::path(parent), self.at(parent), nodes.len());
            self.error(Code::WrongShape, msg, "see the operation's JSON Schema for the list limits");
            nodes.truncate(cap);
        }
        nodes
    }

    fn place(&mut self, pointer: String, n: Node<'a, 'i>) {
        self.places.push((pointer, Origin::Xml { offset: n.range().start, path: Self::path(n) }));
    }

    /// The element children of `parent`, each checked against the shape: namespace, then name.
    fn kids(&mut self, parent: Node<'a, 'i>, shape: &Shape) -> Kids<'a, 'i> {
        let mut list = Vec::new();
        for c in parent.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if c.tag_name().namespace() != Some(shape.ns) {
                let ns: String = c.tag_name().namespace().unwrap_or("(none)").chars().take(200).collect();
                if self.bad_namespaces.insert(ns.clone()) {
                    let msg = format!(
                        "`{}` ({}) is in the namespace `{ns}`; ECRIS v1.0 puts it in `{}` (other elements in `{ns}` are not listed)",
                        Self::path(c),
                        self.at(c),
                        shape.ns
                    );
                    self.error(Code::XmlWrongNamespace, msg, "the message must use the ECRIS v1.0 namespaces; ask the sender");
                }
            } else if shape.read.contains(&name) {
                list.push(c);
            } else if shape.reported.contains(&name) {
                if !uninformative(name, c) {
                    self.not_read.insert(qname(c));
                }
            } else if !shape.quiet.contains(&name) {
                let msg = format!("`{}` ({}) is not an element ECRIS v1.0 defines here", Self::path(c), self.at(c));
                self.error(Code::XmlElementUnknown, msg, "icce refuses what it cannot place rather than read past it; ask the sender for an ECRIS v1.0 message");
            }
        }
        Kids { list }
    }

    /// The text of a leaf element (an element inside it is refused).
    fn leaf(&mut self, n: Node<'a, 'i>) -> String {
        let mut s = String::new();
        for c in n.children() {
            if c.is_element() {
                let msg = format!("`{}` ({}) is not an element ECRIS v1.0 defines here", Self::path(c), self.at(c));
                self.error(Code::XmlElementUnknown, msg, "this ECRIS element holds text only; ask the sender for an ECRIS v1.0 message");
            } else if let Some(t) = c.text() {
                s.push_str(t);
            }
        }
        s
    }

    fn opt_leaf(&mut self, n: Option<Node<'a, 'i>>, pointer: &str) -> Option<String> {
        let n = n?;
        self.place(pointer.to_owned(), n);
        Some(self.leaf(n))
    }

    /// A `MultilingualText…` element: the sender's own-language text (the first representation not
    /// marked `translated`), else the first. Other representations are reported, not read.
    fn multilingual(&mut self, n: Option<Node<'a, 'i>>, pointer: &str) -> Option<String> {
        let n = n?;
        self.place(pointer.to_owned(), n);
        let k = self.kids(n, &TEXT);
        let reps: Vec<Node<'a, 'i>> = k.all("MultilingualTextLinguisticRepresentation").collect();
        let chosen = reps.iter().copied().find(|r| !matches!(r.attribute("translated").map(str::trim), Some("true" | "1"))).or(reps.first().copied());
        if reps.len() > 1 {
            self.not_read.insert("commons:MultilingualTextLinguisticRepresentation (other languages)".to_owned());
        }
        match chosen {
            Some(r) => Some(self.leaf(r)),
            None => Some(String::new()),
        }
    }

    /// An ECRIS `DateType` → `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Parts that are not in the
    /// schema's form are passed on as they are, so that the date checks report them.
    fn date(&mut self, n: Option<Node<'a, 'i>>, pointer: &str) -> Option<String> {
        let n = n?;
        self.place(pointer.to_owned(), n);
        let k = self.kids(n, &DATE);
        let mut out = k.first("DateYear").map(|y| self.leaf(y).trim().to_owned()).unwrap_or_default();
        if let Some(md) = k.first("DateMonthDay") {
            let k2 = self.kids(md, &MONTH_DAY);
            if let Some(m) = k2.first("DateMonth") {
                let m = self.leaf(m);
                let m = m.trim();
                out.push('-');
                out.push_str(m.strip_prefix("--").unwrap_or(m));
            }
            if let Some(d) = k2.first("DateDay") {
                let d = self.leaf(d);
                let d = d.trim();
                out.push('-');
                out.push_str(d.strip_prefix("---").unwrap_or(d));
            }
        }
        Some(out)
    }

    fn person(&mut self, n: Node<'a, 'i>, base: &str) -> IncomingPerson {
        self.place(base.to_owned(), n);
        let k = self.kids(n, &PERSON);
        let (mut forename, mut surname, mut second_surname) = (None, None, None);
        if let Some(pn) = k.first("PersonName") {
            let names = self.kids(pn, &NAME);
            forename = self.opt_leaf(names.first("Forename"), &format!("{base}/forename"));
            surname = self.opt_leaf(names.first("Surname"), &format!("{base}/surname"));
            second_surname = self.opt_leaf(names.first("SecondSurname"), &format!("{base}/secondSurname"));
        }
        // A sex that is not a number is kept as a value outside 0–2 (255), so that the process's
        // own check reports it as not an ECRIS code, as it does for 9.
        let sex = self.opt_leaf(k.first("PersonSex"), &format!("{base}/sex")).map(|s| s.trim().parse::<u8>().unwrap_or(u8::MAX));
        let birth_date = self.date(k.first("PersonBirthDate"), &format!("{base}/birthDate"));
        let (mut birth_town, mut birth_country_reference) = (None, None);
        if let Some(bp) = k.first("PersonBirthPlace") {
            let pk = self.kids(bp, &PLACE);
            birth_country_reference = self.opt_leaf(pk.first("PlaceCountryReference"), &format!("{base}/birthCountryReference"));
            birth_town = self.multilingual(pk.first("PlaceTownName"), &format!("{base}/birthTown"));
        }
        let mut nationality_references = Vec::new();
        let nats: Vec<Node<'a, 'i>> = k.all("PersonNationalityReference").collect();
        let nats = self.capped(n, nats, 10, "PersonNationalityReference");
        if let Some(first) = nats.first() {
            self.place(format!("{base}/nationalityReferences"), *first);
        }
        for (i, nat) in nats.into_iter().enumerate() {
            self.place(format!("{base}/nationalityReferences/{i}"), nat);
            nationality_references.push(self.leaf(nat));
        }
        IncomingPerson { forename, surname, second_surname, sex, birth_date, birth_town, birth_country_reference, nationality_references }
    }

    fn conviction(&mut self, n: Node<'a, 'i>, base: &str) -> Option<IncomingConviction> {
        self.place(base.to_owned(), n);
        let k = self.kids(n, &CONVICTION);
        let id = k.first("ConvictionID");
        let conviction_id = self.opt_leaf(id, &format!("{base}/convictionId"));
        if conviction_id.is_none() {
            self.missing(n, "dm:ConvictionID");
        }
        let file_number = self.opt_leaf(k.first("ConvictionFileNumber"), &format!("{base}/fileNumber"));
        let decision_date = self.opt_leaf(k.first("ConvictionDecisionDate"), &format!("{base}/decisionDate"));
        let final_date = self.opt_leaf(k.first("ConvictionDecisionFinalDate"), &format!("{base}/finalDate"));
        let court_name = match k.first("ConvictionDecidingAuthority") {
            Some(a) => {
                let ak = self.kids(a, &DECIDING);
                self.multilingual(ak.first("DecidingAuthorityName"), &format!("{base}/courtName"))
            }
            None => None,
        };
        let (delete_from_register, decision_changes) = self.decisions(n, k.all("ConvictionDecision").collect(), base);
        let all = k.all("ConvictionOffence").collect::<Vec<_>>();
        let offences = self.capped(n, all, 50, "ConvictionOffence").into_iter().enumerate().map(|(i, o)| self.offence(o, &format!("{base}/offences/{i}"))).collect();
        let all = k.all("ConvictionSanction").collect::<Vec<_>>();
        let sanctions = self.capped(n, all, 50, "ConvictionSanction").into_iter().enumerate().map(|(i, s)| self.sanction(s, &format!("{base}/sanctions/{i}"))).collect();
        Some(IncomingConviction {
            conviction_id: conviction_id?,
            court_name,
            decision_date,
            final_date,
            file_number,
            delete_from_register,
            offences,
            sanctions,
            decision_changes,
        })
    }

    /// Every decision counts: the conviction is deleted if any decision says so, and the change
    /// types of all decisions are listed in order (at most as many as the JSON contract takes).
    fn decisions(&mut self, conviction: Node<'a, 'i>, decisions: Vec<Node<'a, 'i>>, base: &str) -> (bool, Vec<String>) {
        let mut delete_from_register = false;
        let mut decision_changes = Vec::new();
        for d in decisions {
            let dk = self.kids(d, &DECISION);
            if let Some(del) = dk.first("DecisionDeleteConvictionFromRegister") {
                self.place(format!("{base}/deleteFromRegister"), del);
                delete_from_register |= self.leaf(del).trim() == "Yes";
            }
            for c in dk.all("DecisionChangeTypeReference").collect::<Vec<_>>() {
                if decision_changes.len() == MAX_DECISION_CHANGES {
                    let msg = format!(
                        "`{}` ({}) has more than {MAX_DECISION_CHANGES} `DecisionChangeTypeReference` elements in all; icce accepts at most {MAX_DECISION_CHANGES}",
                        Self::path(conviction),
                        self.at(conviction)
                    );
                    self.error(Code::WrongShape, msg, "see the operation's JSON Schema for the list limits");
                    break;
                }
                self.place(format!("{base}/decisionChanges/{}", decision_changes.len()), c);
                decision_changes.push(self.leaf(c));
            }
        }
        (delete_from_register, decision_changes)
    }

    fn offence(&mut self, o: Node<'a, 'i>, p: &str) -> IncomingOffence {
        self.place(p.to_owned(), o);
        let ok = self.kids(o, &OFFENCE);
        let place = match ok.first("OffencePlace") {
            Some(pl) => {
                let plk = self.kids(pl, &OFFENCE_PLACE);
                self.multilingual(plk.first("PlaceTownName"), &format!("{p}/place"))
            }
            None => None,
        };
        IncomingOffence {
            category_reference: self.opt_leaf(ok.first("OffenceCommonCategoryReference"), &format!("{p}/categoryReference")),
            national_code: self.opt_leaf(ok.first("NationalCategoryCode"), &format!("{p}/nationalCode")),
            title: self.multilingual(ok.first("NationalCategoryTitle"), &format!("{p}/title")),
            start_date: self.date(ok.first("OffenceStartDate"), &format!("{p}/startDate")),
            end_date: self.date(ok.first("OffenceEndDate"), &format!("{p}/endDate")),
            place,
        }
    }

    fn sanction(&mut self, s: Node<'a, 'i>, p: &str) -> IncomingSanction {
        self.place(p.to_owned(), s);
        let sk = self.kids(s, &SANCTION);
        let duration = match sk.first("SanctionSentencedPeriod") {
            Some(per) => {
                let pk = self.kids(per, &PERIOD);
                self.opt_leaf(pk.first("PeriodDuration"), &format!("{p}/duration"))
            }
            None => None,
        };
        // `PositiveDecimalType`: the unit, and hundredths 1–99 (the reverse of icce's writer).
        let fine_amount = match sk.first("SanctionAmountOfIndividualFine") {
            Some(a) => {
                self.place(format!("{p}/fineAmount"), a);
                let ak = self.kids(a, &AMOUNT);
                let unit = ak.first("PositiveDecimalUnit").map(|u| self.leaf(u).trim().to_owned()).unwrap_or_default();
                let fraction = ak.first("PositiveDecimalFraction").map(|f| self.leaf(f).trim().to_owned());
                // Written with two decimals, as money is (`1500` → `1500.00`, fraction 5 →
                // `.05`); a fraction that is not one or two digits is passed on for the check.
                Some(match fraction {
                    Some(f) if f.len() == 1 => format!("{unit}.0{f}"),
                    Some(f) => format!("{unit}.{f}"),
                    None => format!("{unit}.00"),
                })
            }
            None => None,
        };
        // A currency reference `CX-nn-nnn-AAA` → its ISO 4217 alpha-3 part (the form icce writes,
        // derived; the official ECRIS currency table was not found). Anything else is passed on as
        // it is, and the currency check reports it.
        let fine_currency = self.opt_leaf(sk.first("SanctionCurrencyOfFineReference"), &format!("{p}/fineCurrency")).map(|c| {
            let c = c.trim();
            CurrencyReference::parse(c).map_or(c, |r| r.alpha3).to_owned()
        });
        IncomingSanction {
            category_reference: self.opt_leaf(sk.first("SanctionCommonCategoryReference"), &format!("{p}/categoryReference")),
            title: self.multilingual(sk.first("NationalCategoryTitle"), &format!("{p}/title")),
            duration,
            fine_amount,
            fine_currency,
            suspended: sk.first("SanctionSuspension").is_some(),
        }
    }

    /// The root, its metadata and its data: `None` (with errors) unless all three are there.
    fn envelope(&mut self, doc: &'a Document<'i>, root_name: &str, other_op: &[(&str, &str)]) -> Option<(Node<'a, 'i>, Node<'a, 'i>, Node<'a, 'i>)> {
        let root = doc.root_element();
        let t = root.tag_name();
        if t.name() != root_name {
            let hint = other_op.iter().find(|(r, _)| *r == t.name()).map_or_else(String::new, |(_, op)| format!("; a `{}` is for `{op}`", qname(root)));
            let msg = format!("the XML's root element is `{}`; this operation reads an ECRIS `svc:{root_name}`{hint}", qname(root));
            self.error(Code::XmlWrongRoot, msg, "send the message to the operation that reads it");
            return None;
        }
        if t.namespace() != Some(NS_SERVICE) {
            let msg = format!("the root element `{root_name}` is in the namespace `{}`; ECRIS v1.0 puts it in `{NS_SERVICE}`", shorten(t.namespace().unwrap_or("(none)")));
            self.error(Code::XmlWrongNamespace, msg, "the message must use the ECRIS v1.0 namespaces; ask the sender");
            return None;
        }
        self.places.push(("/message".to_owned(), Origin::Xml { offset: root.range().start, path: Self::path(root) }));
        let k = self.kids(root, &ROOT);
        let meta = k.first("MessageMetaData");
        let data = k.first("MessageData");
        if meta.is_none() {
            self.missing(root, "msg:MessageMetaData");
        }
        if data.is_none() {
            self.missing(root, "msg:MessageData");
        }
        Some((root, meta?, data?))
    }

    fn message_id(&mut self, meta: Node<'a, 'i>, shape: &Shape) -> (Option<String>, Option<String>) {
        let mk = self.kids(meta, shape);
        let id = self.opt_leaf(mk.first("MessageMetaDataMessageID"), "/message/messageId");
        if id.is_none() {
            self.missing(meta, "msg:MessageMetaDataMessageID");
        }
        let timestamp = self.opt_leaf(mk.first("MessageMetaDataTimestamp"), "/message/timestamp");
        (id, timestamp)
    }

    fn finish<T>(self, message: Option<T>) -> Result<Read<T>, Vec<Diagnostic>> {
        let mut errors = self.errors;
        if self.dropped > 0 {
            errors.push(Diagnostic::new(Code::MalformedXml, format!("/{}", self.field), format!("{} more problems in the XML are not listed", self.dropped), "correct the ones listed first"));
        }
        match message {
            Some(message) if errors.is_empty() => {
                let mut notes = Vec::new();
                if !self.not_read.is_empty() {
                    let names: Vec<String> = self.not_read.into_iter().collect();
                    notes.push(Diagnostic::new(
                        Code::XmlElementsNotRead,
                        format!("/{}", self.field),
                        format!("icce does not read these ECRIS elements of the message, and its checks do not use them: {}", names.join(", ")),
                        "read them in the message itself; they may matter to the case",
                    ));
                }
                Ok(Read { message, notes, places: self.places })
            }
            _ => Err(errors),
        }
    }
}

/// Parse, refusing any DTD; errors carry line and column.
fn parse<'i>(text: &'i str, field: &str) -> Result<Document<'i>, Diagnostic> {
    let opt = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let refused = |offset: Option<usize>| {
        let (line, column) = line_column(text, offset.unwrap_or(0));
        Diagnostic::new(
            Code::XmlDtdRefused,
            format!("/{field}"),
            format!("the XML declares a document type (`<!DOCTYPE`, line {line}, column {column}); icce refuses DTDs and entity declarations"),
            "an ECRIS message has no DOCTYPE; ask the sender for the message without it",
        )
    };
    match Document::parse_with_options(text, opt) {
        Ok(doc) => {
            // roxmltree accepts an empty `<!DOCTYPE x>` even with DTDs off: refuse it all the same.
            match text.find("<!DOCTYPE") {
                Some(i) if i < doc.root_element().range().start => Err(refused(Some(i))),
                _ => Ok(doc),
            }
        }
        Err(roxmltree::Error::DtdDetected) => Err(refused(text.find("<!DOCTYPE"))),
        Err(e) => {
            let pos = e.pos();
            let mut text = e.to_string();
            if let Some(i) = text.rfind(" at ") {
                text.truncate(i);
            }
            Err(Diagnostic::new(
                Code::MalformedXml,
                format!("/{field}"),
                format!("the XML is not well-formed: {} (line {}, column {})", shorten(&text), pos.row, pos.col),
                "check the XML near that place; it must be a whole ECRIS v1.0 message in UTF-8",
            ))
        }
    }
}

/// Read an ECRIS `svc:RequestMessage` given as `requestXml`. The purpose comes from the receipt,
/// else from the purpose code when the bundled table maps it to criminal proceedings.
pub fn read_request(text: &str, receipt: Option<&RequestReceipt>) -> Result<Read<IncomingRequest>, Vec<Diagnostic>> {
    const FIELD: &str = "requestXml";
    let doc = parse(text, FIELD).map_err(|d| vec![d])?;
    let mut r = Reader::new(text, FIELD);
    let Some((_root, meta, data)) = r.envelope(&doc, "RequestMessage", &[("NotificationMessage", "checkNotificationIn")]) else {
        return r.finish(None);
    };
    let (message_id, _timestamp) = r.message_id(meta, &META_REQ);
    let k = r.kids(data, &REQ_DATA);
    let person_node = k.first("MessageDataPerson");
    if person_node.is_none() {
        r.missing(data, "msg:MessageDataPerson");
    }
    let person = person_node.map(|p| r.person(p, "/message/person"));
    let code = r.opt_leaf(k.first("MessageDataRequestPurposeCategoryReference"), "/message/purpose");
    let purpose_description = r.multilingual(k.first("MessageDataRequestPurpose"), "/message/purposeDescription");
    let requesting_authority = match k.first("MessageDataRequestingAuthority") {
        Some(a) => {
            let ak = r.kids(a, &AUTHORITY);
            r.multilingual(ak.first("RequestingAuthorityName"), "/message/requestingAuthority")
        }
        None => None,
    };
    let consent = r.opt_leaf(k.first("MessageDataConcernedPersonConsent"), "/message/consent").map(|s| s.trim().to_owned());
    let urgency = r.opt_leaf(k.first("MessageDataUrgency"), "/message/urgency").map(|s| s.trim().to_owned());
    // The official purpose table was not found: only the bundled (local) code for criminal
    // proceedings can be read; every other purpose is the caseworker's to classify.
    let from_code = code.as_deref().map(str::trim).and_then(|c| {
        rulebook::LOCAL_REFERENCE_CODES
            .iter()
            .find(|(t, k, code, _)| *t == "request-purpose" && *code == c && *k == "criminal-proceedings")
            .map(|_| RequestPurpose::CriminalProceedings)
    });
    let given = receipt.and_then(|x| x.purpose);
    if given.is_some() {
        r.places.push(("/message/purpose".to_owned(), Origin::Field("/receipt/purpose".to_owned())));
    }
    r.places.push(("/message/received".to_owned(), Origin::Field("/receipt/received".to_owned())));
    r.places.push(("/message/additionalInformationReceived".to_owned(), Origin::Field("/receipt/additionalInformationReceived".to_owned())));
    let purpose = given.or(from_code);
    if purpose.is_none() && person.is_some() && message_id.is_some() {
        let shown = code.as_deref().map_or_else(|| "none".to_owned(), |c| format!("`{}`", shorten(c.trim())));
        r.error(
            Code::RequestPurposeUnclassified,
            format!("the request's purpose code ({shown}) does not tell icce which purpose of EUFRA s.5 applies: the official ECRIS purpose table was not found"),
            "read the purpose in the message (msg:MessageDataRequestPurpose) and give it as `receipt.purpose`: criminalProceedings, workWithChildren, lawEnforcement, ownRequest or other",
        );
    }
    let message = match (message_id, person, purpose) {
        (Some(message_id), Some(person), Some(purpose)) => Some(IncomingRequest {
            message_id,
            received: receipt.and_then(|x| x.received.clone()),
            additional_information_received: receipt.and_then(|x| x.additional_information_received.clone()),
            purpose,
            purpose_description,
            requesting_authority,
            consent,
            urgency,
            person,
        }),
        _ => None,
    };
    r.finish(message)
}

/// Read an ECRIS `svc:NotificationMessage` given as `notificationXml`.
pub fn read_notification(text: &str) -> Result<Read<IncomingNotification>, Vec<Diagnostic>> {
    const FIELD: &str = "notificationXml";
    let doc = parse(text, FIELD).map_err(|d| vec![d])?;
    let mut r = Reader::new(text, FIELD);
    let Some((_root, meta, data)) = r.envelope(&doc, "NotificationMessage", &[("RequestMessage", "answerRequestIn")]) else {
        return r.finish(None);
    };
    let (message_id, timestamp) = r.message_id(meta, &META);
    let k = r.kids(data, &NOT_DATA);
    let person_node = k.first("MessageDataPerson");
    if person_node.is_none() {
        r.missing(data, "msg:MessageDataPerson");
    }
    let person = person_node.map(|p| r.person(p, "/message/person"));
    let conviction_node = k.first("MessageDataConviction");
    if conviction_node.is_none() {
        r.missing(data, "msg:MessageDataConviction");
    }
    let conviction = conviction_node.and_then(|c| r.conviction(c, "/message/conviction"));
    let updated_conviction_reference = match k.first("MessageDataUpdatedConvictionReference") {
        Some(u) => {
            let uk = r.kids(u, &UPDATED);
            r.opt_leaf(uk.first("ECRISConvictionReference"), "/message/updatedConvictionReference")
        }
        None => None,
    };
    let message = match (message_id, person, conviction) {
        (Some(message_id), Some(person), Some(conviction)) => {
            Some(IncomingNotification { message_id, timestamp, person, conviction, updated_conviction_reference })
        }
        _ => None,
    };
    r.finish(message)
}
