//! The JSON contract: the door into icce.
//!
//! Every operation is declared once, in the table of [`crate::for_each_operation`]: its name, its
//! input and answer types, its typed function and a one-line summary. From that table come the
//! typed functions below, [`OPERATIONS`] and [`call_json`] (which the wasm faces and the host
//! reach), the OpenAPI document (`schema.rs`), the wasm-bindgen faces (`wasm/src/js.rs`) and the
//! vector folders the tests run (`tests/vectors/<operation>/`). Adding an operation is one row in
//! the table, its function here, and its vectors.
//!
//! Every answer starts with the same head ([`AnswerHead`]): the operation, the outcome, the rule
//! book (version and content hash) it was computed with, its diagnostics and how many were left
//! out past the cap. Input that cannot be decoded at all still gets an answer, with
//! `outcome: "unusable"` ([`UnusableAnswer`]), never a panic.

use std::borrow::Cow;

use serde::Serialize;
use serde::Deserialize;

use crate::calendar::Deadline;
use crate::diag::{Code, Diagnostic, Diagnostics, Finding, Outcome};
use crate::requests_out::Destination;
use crate::requests_out::email::Email;
use crate::rulebook;
use crate::rules::{self, CountrySummary, CountryView};
use crate::{notifications_in, notifications_out, requests_in, requests_out, stats};

pub use crate::model::RequestOutInput;
pub use crate::notifications_in::NotificationInInput;
pub use crate::notifications_out::NotificationOutInput;
pub use crate::requests_in::RequestInInput;
pub use crate::rules::{BASELINE, ShowRulesInput};
pub use crate::stats::ProfileInput;

/// The operation table: calls `$then!` with one row per operation.
///
/// A row is `name json_name: function(Input) -> Answer, "summary";` where `name` is the operation's
/// JSON name, `json_name` the name of its string face in JavaScript, `function` the typed function
/// in [`crate::api`], and `Input` and `Answer` types of [`crate::api`] (their JSON Schema names
/// in the OpenAPI document and the TypeScript types). An answer that borrows its input's text (its
/// messages carry the person's names as given, not copies) is written `Answer<'i>`: the typed
/// function then returns an answer that lives as long as the input it was given.
#[macro_export]
macro_rules! for_each_operation {
    ($then:ident) => {
        $then! {
            validateRequestOut validateRequestOutJson: validate_request_out(RequestOutInput) -> RequestOutAnswer<'i>,
                "Check a request for a person's convictions abroad; build one ECRIS request per destination and the email for what is missing";
            checkRequestOut checkRequestOutJson: check_request_out(RequestOutInput) -> RequestOutCheck,
                "The verdict of a request for a person's convictions abroad, for a form on every change: the outcome, each destination's status and the findings, with no message, XML, email or sources (validateRequestOut has those)";
            answerRequestIn answerRequestInJson: answer_request_in(RequestInInput) -> RequestInAnswer,
                "Check a member state's request for a person's UK convictions (EUFRA 2020 s.5), compute the 20-working-day deadline, and build the reply: response (spent convictions filtered by purpose), no record, refusal, or a request for additional information";
            buildNotificationsOut buildNotificationsOutJson: build_notifications_out(NotificationOutInput) -> NotificationsOutAnswer<'i>,
                "Build the notifications of a UK conviction to each EU member state of nationality (EUFRA 2020 s.1, Schedule 1), with the 28-day deadline; amendments and deletions refer to the conviction notified before";
            checkNotificationIn checkNotificationInJson: check_notification_in(NotificationInInput) -> NotificationInAnswer,
                "Check a notification of a UK national's conviction in a member state (EUFRA 2020 s.2); build the acknowledgement and a summary for staff, with the decisions a person must take";
            quarterlyProfile quarterlyProfileJson: quarterly_profile(ProfileInput) -> ProfileAnswer,
                "Count exchanged messages per process, country, quarter and outcome, for the quarterly profile; a readable table and CSV (the host draws the SVG chart)";
            listRules listRulesJson: list_rules(AnyInput) -> ListRulesAnswer,
                "Every country in the rule book, with what it requires and recommends";
            showRules showRulesJson: show_rules(ShowRulesInput) -> ShowRulesAnswer,
                "One country's rules, with their sources (the default rules for a country without its own file)";
        }
    };
}

/// One operation of the table.
#[derive(Debug)]
pub struct Operation {
    /// The JSON name: `POST /v1/{name}`, `icce call {name}`, the JS object face.
    pub name: &'static str,
    /// The JS string face (`validateRequestOutJson`).
    pub json_name: &'static str,
    pub summary: &'static str,
    /// JSON text in, JSON answer out.
    pub call: fn(&str) -> String,
}

macro_rules! door {
    ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident $(<$lt:lifetime>)?, $summary:literal; )*) => {
        /// Every operation, in the table's order.
        pub static OPERATIONS: &[Operation] = &[
            $( Operation {
                name: stringify!($name),
                json_name: stringify!($json),
                summary: $summary,
                call: |json| match <$input as Input<'_>>::decode(json) {
                    Ok(input) => written(&answers::$function(stringify!($name), &input)),
                    Err(d) => unusable(stringify!($name), d),
                },
            }, )*
        ];

        $(
            #[doc = $summary]
            pub fn $function $(<$lt>)? (input: & $($lt)? $input) -> Answered<$answer $(<$lt>)?> {
                answers::$function(stringify!($name), input)
            }
        )*
    };
}

crate::for_each_operation!(door);

/// The single entry point every face uses: operation name and JSON in, JSON answer out.
pub fn call_json(operation: &str, input: &str) -> String {
    match OPERATIONS.iter().find(|o| o.name == operation) {
        Some(op) => (op.call)(input),
        None => {
            let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
            unusable(
                operation,
                Diagnostic::new(
                    Code::UnknownOperation,
                    "",
                    format!("there is no operation `{}`", crate::text::shorten(operation)),
                    format!("operations: {}", names.join(", ")),
                ),
            )
        }
    }
}

/// Inputs larger than this are refused before parsing (1 MiB: a request is a few kilobytes).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

#[derive(Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), serde(rename_all = "camelCase"))]
pub struct RulebookRef {
    pub version: &'static str,
    pub hash: &'static str,
}

// By hand: icce's answer writer copies the compiled rule book's own (`rulebook::RULEBOOK_JSON`,
// written by build.rs with serde_json), which every answer carries; any other serializer, or
// another version and hash, gets the two members one by one.
impl Serialize for RulebookRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        if crate::json::is_this_writer::<S>() && std::ptr::eq(self.version, rulebook::RULEBOOK_VERSION) && std::ptr::eq(self.hash, rulebook::RULEBOOK_HASH) {
            return crate::json::Raw::value(rulebook::RULEBOOK_JSON).serialize(serializer);
        }
        let mut s = serializer.serialize_struct("RulebookRef", 2)?;
        s.serialize_field("version", self.version)?;
        s.serialize_field("hash", self.hash)?;
        s.end()
    }
}

pub const RULEBOOK: RulebookRef = RulebookRef { version: rulebook::RULEBOOK_VERSION, hash: rulebook::RULEBOOK_HASH };

/// What every answer to an input starts with. Its diagnostics are full ones, or, in the check a
/// form runs on every change, findings (`diag::Finding`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnswerHead<D = Diagnostic> {
    pub operation: Cow<'static, str>,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<D>,
    /// Diagnostics past the cap of 100, counted but not listed.
    pub diagnostics_dropped: usize,
}

impl AnswerHead<Finding> {
    /// The head of a check: the diagnostics as findings.
    pub fn findings(operation: &'static str, diagnostics: Diagnostics) -> Self {
        let outcome = Outcome::from_diagnostics(&diagnostics);
        let (diagnostics, dropped) = diagnostics.into_vec();
        AnswerHead {
            operation: Cow::Borrowed(operation),
            outcome,
            rulebook: RULEBOOK,
            diagnostics: diagnostics.into_iter().map(Finding::from).collect(),
            diagnostics_dropped: dropped,
        }
    }
}

impl AnswerHead {
    /// The head of an answer: the outcome is the one its diagnostics give.
    pub fn new(operation: &'static str, diagnostics: Diagnostics) -> Self {
        let outcome = Outcome::from_diagnostics(&diagnostics);
        let (diagnostics, dropped) = diagnostics.into_vec();
        AnswerHead { operation: Cow::Borrowed(operation), outcome, rulebook: RULEBOOK, diagnostics, diagnostics_dropped: dropped }
    }
}

/// An answer for input that could not be used at all.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnusableAnswer {
    #[serde(flatten)]
    pub head: AnswerHead,
}

impl UnusableAnswer {
    /// `operation` is echoed as given, cut to 64 characters (it may be any text).
    pub fn new(operation: &str, diagnostics: Vec<Diagnostic>) -> Self {
        UnusableAnswer {
            head: AnswerHead {
                operation: Cow::Owned(operation.chars().take(64).collect()),
                outcome: Outcome::Unusable,
                rulebook: RULEBOOK,
                diagnostics,
                diagnostics_dropped: 0,
            },
        }
    }
}

/// A typed answer, or the unusable answer.
pub type Answered<A> = Result<A, UnusableAnswer>;

/// The answer to `validateRequestOut`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestOutAnswer<'a> {
    #[serde(flatten)]
    pub head: AnswerHead,
    pub destinations: Vec<Destination<'a>>,
    pub email: Option<Email>,
}

/// The answer to `checkRequestOut`: the verdict of `validateRequestOut`, without its messages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestOutCheck {
    #[serde(flatten)]
    pub head: AnswerHead<Finding>,
    /// Each destination, in order, with its status.
    pub destinations: Vec<DestinationStatus>,
}

/// A destination of a request out, and whether its request is ready.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DestinationStatus {
    pub country: Cow<'static, str>,
    pub status: Outcome,
}

/// The answer to `answerRequestIn`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestInAnswer {
    #[serde(flatten)]
    pub head: AnswerHead,
    pub sender: Option<String>,
    /// The last day to reply (EUFRA 2020 s.5(4): 20 working days beginning with receipt).
    pub deadline: Option<Deadline>,
    pub reply: Option<requests_in::Reply>,
}

/// The answer to `buildNotificationsOut`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotificationsOutAnswer<'a> {
    #[serde(flatten)]
    pub head: AnswerHead,
    /// The last day to notify (EUFRA 2020 s.1: 28 days beginning with the day of recording).
    pub deadline: Option<Deadline>,
    /// One per EU member state of nationality.
    pub notifications: Vec<notifications_out::Notification<'a>>,
}

/// The answer to `checkNotificationIn`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotificationInAnswer {
    #[serde(flatten)]
    pub head: AnswerHead,
    /// The sending member state, from the message id.
    pub sender: Option<String>,
    /// The acknowledgement (NRS), only when the notification has no problem.
    pub acknowledgement: Option<notifications_in::Acknowledgement>,
    /// A readable summary for staff, plain text.
    pub summary: String,
    /// What a person must still decide; icce never decides these.
    pub decisions: Vec<notifications_in::Decision>,
}

/// The answer to `quarterlyProfile`. Its diagnostics are the entries that were left out, and
/// why; pointers number the entries from the start of the whole log, across continued calls.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProfileAnswer {
    #[serde(flatten)]
    pub head: AnswerHead,
    /// Entries read so far (this call's and the profile so far's), counted or left out. To go on
    /// with the next entries, pass `entriesRead`, `rows`, `diagnostics` and `diagnosticsDropped`
    /// as `profileSoFar`.
    pub entries_read: u64,
    pub quarters: Vec<String>,
    /// Counts per quarter, process, country and outcome.
    pub rows: Vec<stats::ProfileRow>,
    /// Counts per quarter and process.
    pub totals: Vec<stats::ProcessTotal>,
    /// A readable table: quarters down, processes across.
    pub table: String,
    pub csv: String,
}

/// The answer to `listRules`: the rule book, no verdict (`outcome: "ok"`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListRulesAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    /// The ECRIS baseline every destination needs.
    pub baseline: &'static [&'static str],
    pub countries: Vec<CountrySummary>,
}

/// The answer to `showRules`: one country's rules, no verdict (`outcome: "ok"`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShowRulesAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    /// The code asked about; the rules are the default file's when it has none of its own.
    pub asked: String,
    pub baseline: &'static [&'static str],
    pub country: CountryView,
}

/// Each operation's answer from its input, given the operation's name (from the table).
mod answers {
    use super::*;

    pub fn validate_request_out<'i>(op: &'static str, input: &'i RequestOutInput<'_>) -> Answered<RequestOutAnswer<'i>> {
        let v = requests_out::validate(input);
        Ok(RequestOutAnswer { head: AnswerHead::new(op, v.diagnostics), destinations: v.destinations, email: v.email })
    }

    pub fn check_request_out(op: &'static str, input: &RequestOutInput) -> Answered<RequestOutCheck> {
        let v = requests_out::check(input);
        let destinations = v.destinations.into_iter().map(|(country, status)| DestinationStatus { country, status }).collect();
        Ok(RequestOutCheck { head: AnswerHead::findings(op, v.diagnostics), destinations })
    }

    pub fn answer_request_in(op: &'static str, input: &RequestInInput) -> Answered<RequestInAnswer> {
        let b = requests_in::answer(input).map_err(|d| UnusableAnswer::new(op, d))?;
        Ok(RequestInAnswer { head: AnswerHead::new(op, b.diagnostics), sender: b.sender, deadline: b.deadline, reply: b.reply })
    }

    pub fn build_notifications_out<'i>(op: &'static str, input: &'i NotificationOutInput<'_>) -> Answered<NotificationsOutAnswer<'i>> {
        let b = notifications_out::build(input);
        Ok(NotificationsOutAnswer { head: AnswerHead::new(op, b.diagnostics), deadline: b.deadline, notifications: b.notifications })
    }

    pub fn check_notification_in(op: &'static str, input: &NotificationInInput) -> Answered<NotificationInAnswer> {
        let c = notifications_in::answer(input).map_err(|d| UnusableAnswer::new(op, d))?;
        Ok(NotificationInAnswer {
            head: AnswerHead::new(op, c.diagnostics),
            sender: c.sender,
            acknowledgement: c.acknowledgement,
            summary: c.summary,
            decisions: c.decisions,
        })
    }

    pub fn quarterly_profile(op: &'static str, input: &ProfileInput) -> Answered<ProfileAnswer> {
        let p = stats::profile(input).map_err(|d| UnusableAnswer::new(op, d))?;
        Ok(ProfileAnswer {
            head: AnswerHead::new(op, p.diagnostics),
            entries_read: p.entries_read,
            quarters: p.quarters,
            rows: p.rows,
            totals: p.totals,
            table: p.table,
            csv: p.csv,
        })
    }

    pub fn list_rules(op: &'static str, _input: &AnyInput) -> Answered<ListRulesAnswer> {
        Ok(ListRulesAnswer { operation: op, outcome: Outcome::Ok, rulebook: RULEBOOK, baseline: BASELINE, countries: rules::countries() })
    }

    pub fn show_rules(op: &'static str, input: &ShowRulesInput) -> Answered<ShowRulesAnswer> {
        let (asked, country) = rules::show(input).map_err(|d| UnusableAnswer::new(op, vec![d]))?;
        Ok(ShowRulesAnswer { operation: op, outcome: Outcome::Ok, rulebook: RULEBOOK, asked: asked.to_owned(), baseline: BASELINE, country })
    }
}

/// An operation's input as it comes in: JSON text, decoded (its texts borrowed from `json` where
/// they can be).
pub trait Input<'j>: Sized {
    fn decode(json: &'j str) -> Result<Self, Diagnostic>;
}

impl<'j, T: crate::decode::Decode<'j>> Input<'j> for T {
    fn decode(json: &'j str) -> Result<Self, Diagnostic> {
        let json = admitted(json)?;
        crate::decode::read(json).map_err(|failure| refused(json, &failure))
    }
}

/// What is wrong with an input [`crate::decode`] refused. A document that is not JSON at all is
/// reported as such, wherever the decoder stopped first (an array where an object belongs can be
/// refused before the text breaks off), by serde_json's reader of well-formed JSON; else the
/// decoder's own error, at its pointer.
#[inline(never)]
#[cold]
fn refused(json: &str, failure: &crate::decode::Failure) -> Diagnostic {
    match serde_json::from_str::<serde::de::IgnoredAny>(json) {
        Err(syntax) => malformed_diagnostic(&syntax),
        // A well-formed document the decoder called broken would be the decoder's fault: said as
        // a value that cannot be read, not hidden (the decoder's tests hold that it never is).
        Ok(_) => shape_diagnostic(&failure.error, &failure.pointer(), failure.syntax || failure.broken),
    }
}

/// The input of an operation that reads none (`listRules`): anything is accepted and ignored.
#[derive(Debug)]
pub struct AnyInput;

impl Input<'_> for AnyInput {
    fn decode(_json: &str) -> Result<Self, Diagnostic> {
        Ok(AnyInput)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for AnyInput {
    fn schema_name() -> Cow<'static, str> {
        "AnyInput".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "ignored; send {}" })
    }
}

/// An operation's answer, or its unusable answer, written. (Each operation of the table decodes
/// its input and writes what this returns: an answer may borrow its input, so the step from JSON
/// to JSON is written out per operation rather than a function taking the typed function.)
fn written<A: Serialize>(answered: &Answered<A>) -> String {
    match answered {
        Ok(a) => to_json(a),
        Err(u) => to_json(u),
    }
}

fn unusable(operation: &str, d: Diagnostic) -> String {
    to_json(&UnusableAnswer::new(operation, vec![d]))
}

/// The room an answer's text starts with: a full answer at once (corpus: a full answer p50
/// 5.4 KB; a check's p50 1.1 KB). Callgrind, 500 corpus inputs, on 2026-12-01 (sixth session):
/// starting at 1 KiB, which doubled three times for a full answer, cost `validateRequestOut`
/// 51.78 M instructions and `checkRequestOut` 33.06 M; 8 KiB 51.39 M and 33.03 M; 16 KiB no
/// better. (On 2026-11-30, before the writer and the checks lost most of their own allocations,
/// 4 KiB had cost more than 1 KiB.)
pub const ANSWER_START: usize = 8192;

fn to_json<T: Serialize>(v: &T) -> String {
    // Writing our own types cannot fail (every map key is a string, nothing does I/O); the
    // fallback is a valid answer all the same.
    crate::json::to_string(v, ANSWER_START).unwrap_or_else(|e| {
        format!(
            "{{\"operation\":\"internal\",\"outcome\":\"unusable\",\"diagnostics\":[{{\"code\":\"ICCE-000\",\"name\":\"internal\",\"message\":{}}}]}}",
            serde_json::Value::String(e.to_string())
        )
    })
}

/// Decode an operation's input as the operation does ([`Input`]: [`crate::decode`]).
pub fn decode<'j, T: Input<'j>>(json: &'j str) -> Result<T, Diagnostic> {
    T::decode(json)
}

/// Decode an operation's input with serde and the strict layer ([`crate::strict`]), turning every
/// failure into a diagnostic with a JSON Pointer: the oracle [`crate::decode`] is held to (tests
/// and fuzz targets); no operation calls it, so it is not in the module.
pub fn decode_strict<'j, T: Deserialize<'j>>(json: &'j str) -> Result<T, Diagnostic> {
    strict(admitted(json)?)
}

/// An operation's input as both decoders take it: [`crate::decode`] and its oracle,
/// [`decode_strict`]. The tests (`core/tests/decoder.rs`) and every fuzz target that reads an
/// input hold the decoder to it through [`decoders_agree`].
pub trait Oracled<'j>: Sized {
    /// `Ok(true)`: both read the same value (compared through `Debug`, which shows every field);
    /// `Ok(false)`: both refused with the same diagnostic; `Err`: how they differ.
    fn agree(json: &'j str) -> Result<bool, String>;
}

impl<'j, T: crate::decode::Decode<'j> + Deserialize<'j> + std::fmt::Debug> Oracled<'j> for T {
    fn agree(json: &'j str) -> Result<bool, String> {
        match (decode::<T>(json), decode_strict::<T>(json)) {
            (Ok(ours), Ok(oracle)) => {
                let (ours, oracle) = (format!("{ours:?}"), format!("{oracle:?}"));
                if ours == oracle { Ok(true) } else { Err(format!("the two decoders read differently:\n{ours}\n{oracle}")) }
            }
            (Err(ours), Err(oracle)) => {
                let (ours, oracle) = (format!("{ours:?}"), format!("{oracle:?}"));
                if ours == oracle { Ok(false) } else { Err(format!("the two decoders refuse differently:\n{ours}\n{oracle}")) }
            }
            (Ok(_), Err(oracle)) => Err(format!("the decoder read what serde refuses: {oracle:?}")),
            (Err(ours), Ok(_)) => Err(format!("the decoder refused what serde reads: {ours:?}")),
        }
    }
}

/// `listRules` reads no input: anything is taken, by one decoder only.
impl Oracled<'_> for AnyInput {
    fn agree(_json: &str) -> Result<bool, String> {
        Ok(true)
    }
}

macro_rules! agree_table {
    ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident $(<$lt:lifetime>)?, $summary:literal; )*) => {
        /// [`Oracled::agree`] for the input type of `operation` (from the operation table);
        /// `None` for a name that is not an operation.
        pub fn decoders_agree(operation: &str, json: &str) -> Option<Result<bool, String>> {
            match operation {
                $( stringify!($name) => Some(<$input as Oracled<'_>>::agree(json)), )*
                _ => None,
            }
        }
    };
}

crate::for_each_operation!(agree_table);

/// The input text either decoder reads: refused over [`MAX_INPUT_BYTES`], a leading byte-order
/// mark left out.
fn admitted(json: &str) -> Result<&str, Diagnostic> {
    if json.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::new(
            Code::InputTooLarge,
            "",
            format!("the input is {} bytes; icce accepts at most {MAX_INPUT_BYTES}", json.len()),
            "send one request at a time",
        ));
    }
    Ok(json.strip_prefix('\u{FEFF}').unwrap_or(json))
}

/// The strict decoder on an admitted text.
fn strict<'j, T: Deserialize<'j>>(json: &'j str) -> Result<T, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(json);
    let track = crate::strict::Track::default();
    let (result, pointer) = match crate::strict::deserialize::<T, _>(&mut de, &track) {
        Ok(v) => match de.end() {
            Ok(()) => return Ok(v),
            Err(e) => (e, String::new()),
        },
        Err(e) => (e, track.pointer()),
    };
    // A document that is not JSON at all is reported as such, wherever the typed decoder stopped
    // first (an array where an object belongs can be refused before the text breaks off). And
    // serde_json reports some type errors (a number where an enum's string is expected) as
    // syntax errors: if the text is well-formed JSON, it is the shape that is wrong.
    match serde_json::from_str::<serde::de::IgnoredAny>(json) {
        Ok(_) => Err(shape_diagnostic(&result, &pointer, result.is_syntax())),
        Err(syntax) => Err(malformed_diagnostic(&syntax)),
    }
}

/// A document that is not JSON: serde_json's error, with its line and column.
fn malformed_diagnostic(inner: &serde_json::Error) -> Diagnostic {
    Diagnostic::new(
        Code::MalformedJson,
        "",
        format!("the input is not valid JSON: {}", clean_serde_message(&inner.to_string())),
        format!("check the JSON near line {}, column {}", inner.line(), inner.column()),
    )
}

/// A well-formed document whose value at `pointer` cannot be read as the field's type. `syntax`:
/// serde_json counts the error as one of syntax (a number where an enum's string is expected, a
/// number out of range such as `1e400`, a lone surrogate escape such as `"\ud800"`).
fn shape_diagnostic(inner: &serde_json::Error, pointer: &str, syntax: bool) -> Diagnostic {
    let text = clean_serde_message(&inner.to_string());
    let message = match (syntax, pointer.is_empty()) {
        (true, _) if text == "expected value" => format!("`{pointer}`: the value has the wrong type for this field"),
        (true, _) => format!("`{pointer}`: the value cannot be read for this field: {text}"),
        (false, true) => format!("the input: {text}"),
        (false, false) => format!("`{pointer}`: {text}"),
    };
    Diagnostic::new(Code::WrongShape, pointer.to_owned(), message, "see the operation's JSON Schema for the fields and their types")
}

/// serde's messages end with " at line L column C"; the pointer and help say where instead.
fn clean_serde_message(s: &str) -> String {
    let s = match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    };
    // Never echo long user values back, nor characters that would reorder the message.
    let head: String = s.chars().take(300).collect();
    let mut out = crate::text::visible(&head);
    if head.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests")]
mod tests {
    use super::*;
    use crate::model::Route;

    /// A decoder that called a well-formed document broken would be at fault: the answer then
    /// says the value at its pointer cannot be read (a structured refusal, not a claim that the
    /// text is not JSON). The decoder never does (`core/tests/decoder.rs`), so the failure here
    /// is one it made on a text cut short, paired with the whole text.
    #[test]
    fn a_well_formed_text_the_decoder_called_broken_is_a_value_that_cannot_be_read() {
        let cut = crate::decode::read::<RequestOutInput>(r#"{"context": {"today": tru"#).unwrap_err();
        assert!(cut.broken, "{cut:?}");
        let whole = r#"{"context": {"today": true}}"#;
        let d = refused(whole, &cut);
        assert_eq!((d.code, d.pointer.as_ref()), ("INP-002", "/context/today"), "{d:?}");
        assert_eq!(d.message, "`/context/today`: the value cannot be read for this field: the input is not JSON here");
        // The same failure on the text it was made on: that text is not JSON, and says where.
        let d = refused(r#"{"context": {"today": tru"#, &cut);
        assert_eq!((d.code, d.pointer.as_ref()), ("INP-001", ""), "{d:?}");
    }

    /// The document says a route has no members but its own; both variants hold to it.
    #[test]
    fn a_route_refuses_members_it_does_not_have() {
        assert!(matches!(decode_strict::<Route>(r#"{"kind":"automatedCustody"}"#), Ok(Route::AutomatedCustody {})));
        for json in [r#"{"kind":"automatedCustody","extra":1}"#, r#"{"kind":"form","reason":"ukNational","extra":1}"#] {
            let d = decode_strict::<Route>(json).err().unwrap_or_else(|| panic!("{json} was accepted"));
            assert_eq!(d.code, "INP-002", "{json}");
            assert!(d.message.contains("extra"), "{}", d.message);
        }
    }

    /// Every operation's typed answer to every vector, written by icce's answer writer (which
    /// copies what was written beforehand: `json::JsonText`, `json::Raw`) and by serde_json
    /// (which is handed every member one by one): the same bytes.
    #[test]
    fn the_answer_writer_and_serde_json_write_every_vector_s_answer_alike() {
        fn both<A: Serialize>(operation: &'static str, answered: Result<Answered<A>, Diagnostic>) -> usize {
            let (ours, theirs) = match answered {
                Ok(Ok(a)) => (crate::json::to_string(&a, 0).unwrap(), serde_json::to_string(&a).unwrap()),
                Ok(Err(u)) => (crate::json::to_string(&u, 0).unwrap(), serde_json::to_string(&u).unwrap()),
                Err(d) => {
                    let u = UnusableAnswer::new(operation, vec![d]);
                    (crate::json::to_string(&u, 0).unwrap(), serde_json::to_string(&u).unwrap())
                }
            };
            assert_eq!(ours, theirs, "{operation}");
            1
        }
        macro_rules! each {
            ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident $(<$lt:lifetime>)?, $summary:literal; )*) => {{
                let mut answered = 0;
                $(
                    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(stringify!($name));
                    for entry in std::fs::read_dir(&dir).unwrap() {
                        let path = entry.unwrap().path();
                        if path.to_string_lossy().ends_with(".in.json") {
                            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                            let name = stringify!($name);
                            answered += match <$input as Input<'_>>::decode(&text) {
                                Ok(input) => both(name, Ok(answers::$function(name, &input))),
                                Err(d) => both::<()>(name, Err(d)),
                            };
                        }
                    }
                )*
                answered
            }};
        }
        let answered = crate::for_each_operation!(each);
        assert!(answered >= 400, "only {answered} vectors");
    }
}
