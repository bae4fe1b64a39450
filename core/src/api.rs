//! The JSON contract: one typed function per operation, and a `*_json(&str) -> String` face.
//!
//! This is the only door into icce. The wasm faces and the host carry bytes to [`call_json`] and
//! back; they hold no rule logic. Every answer names its operation, its outcome, the rule book
//! (version and content hash) it was computed with, and its diagnostics. Input that cannot be
//! decoded at all still gets a structured answer (`outcome: "unusable"`), never a panic.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic};
use crate::email::Email;
use crate::model::RequestOutInput;
use crate::{ecris_in, notifications_in, notifications_out, requests_in, stats};
use crate::requests_out::{self, Destination, Outcome};
use crate::rulebook::{self, Channel, Country, Level, Region};

/// Inputs larger than this are refused before parsing (1 MiB: a request is a few kilobytes).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Every operation, by its JSON name.
pub const OPERATIONS: &[&str] =
    &["validateRequestOut", "answerRequestIn", "buildNotificationsOut", "checkNotificationIn", "quarterlyProfile", "listRules", "showRules"];

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RulebookRef {
    pub version: &'static str,
    pub hash: &'static str,
}

pub const RULEBOOK: RulebookRef = RulebookRef { version: rulebook::RULEBOOK_VERSION, hash: rulebook::RULEBOOK_HASH };

/// The answer to `validateRequestOut`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestOutAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics past the cap of 100, counted but not listed.
    pub diagnostics_dropped: usize,
    pub destinations: Vec<Destination>,
    pub email: Option<Email>,
}

pub fn validate_request_out(input: &RequestOutInput) -> RequestOutAnswer {
    let v = requests_out::validate(input);
    let outcome = Outcome::from_diagnostics(&v.diagnostics);
    let (diagnostics, dropped) = v.diagnostics.into_vec();
    RequestOutAnswer {
        operation: "validateRequestOut",
        outcome,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: dropped,
        destinations: v.destinations,
        email: v.email,
    }
}

/// The answer to `buildNotificationsOut`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationsOutAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_dropped: usize,
    /// The last day to notify (EUFRA 2020 s.1: 28 days beginning with the day of recording).
    pub deadline: Option<notifications_out::Deadline>,
    /// One per EU member state of nationality.
    pub notifications: Vec<notifications_out::Notification>,
}

pub fn build_notifications_out(input: &notifications_out::NotificationOutInput) -> NotificationsOutAnswer {
    let b = notifications_out::build(input);
    let outcome = Outcome::from_diagnostics(&b.diagnostics);
    let (diagnostics, dropped) = b.diagnostics.into_vec();
    NotificationsOutAnswer {
        operation: "buildNotificationsOut",
        outcome,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: dropped,
        deadline: b.deadline,
        notifications: b.notifications,
    }
}

pub fn build_notifications_out_json(json: &str) -> String {
    match decode::<notifications_out::NotificationOutInput>(json) {
        Ok(input) => to_json(&build_notifications_out(&input)),
        Err(d) => unusable("buildNotificationsOut", d),
    }
}

/// The answer to `checkNotificationIn`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationInAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_dropped: usize,
    /// The sending member state, from the message id.
    pub sender: Option<String>,
    /// The acknowledgement (NRS), only when the notification has no problem.
    pub acknowledgement: Option<notifications_in::Acknowledgement>,
    /// A readable summary for staff, plain text.
    pub summary: String,
    /// What a person must still decide; icce never decides these.
    pub decisions: Vec<notifications_in::Decision>,
}

pub fn check_notification_in(input: &notifications_in::NotificationInInput) -> Result<NotificationInAnswer, UnusableAnswer> {
    const OP: &str = "checkNotificationIn";
    let (c, relocation) = match (&input.message, &input.notification_xml) {
        (Some(m), None) => (notifications_in::check(input, m, Vec::new()), None),
        (None, Some(xml)) => {
            let read = ecris_in::read_notification(xml).map_err(|d| unusable_answer(OP, d))?;
            (notifications_in::check(input, &read.message, read.notes), Some((xml, read.places)))
        }
        (m, _) => return Err(unusable_answer(OP, vec![one_message(m.is_some(), "notificationXml")])),
    };
    let mut diagnostics = c.diagnostics;
    if let Some((xml, places)) = relocation {
        diagnostics.for_each_mut(|d| ecris_in::relocate(d, "notificationXml", xml, &places));
    }
    let outcome = Outcome::from_diagnostics(&diagnostics);
    let (diagnostics, dropped) = diagnostics.into_vec();
    Ok(NotificationInAnswer {
        operation: OP,
        outcome,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: dropped,
        sender: c.sender,
        acknowledgement: c.acknowledgement,
        summary: c.summary,
        decisions: c.decisions,
    })
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

pub fn check_notification_in_json(json: &str) -> String {
    match decode::<notifications_in::NotificationInInput>(json) {
        Ok(input) => match check_notification_in(&input) {
            Ok(a) => to_json(&a),
            Err(u) => to_json(&u),
        },
        Err(d) => unusable("checkNotificationIn", d),
    }
}

/// The answer to `answerRequestIn`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestInAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_dropped: usize,
    pub sender: Option<String>,
    /// The last day to reply (EUFRA 2020 s.5(4): 20 working days beginning with receipt).
    pub deadline: Option<notifications_out::Deadline>,
    pub reply: Option<requests_in::Reply>,
}

pub fn answer_request_in(input: &requests_in::RequestInInput) -> Result<RequestInAnswer, UnusableAnswer> {
    const OP: &str = "answerRequestIn";
    let (b, relocation) = match (&input.message, &input.request_xml) {
        (Some(_), None) if input.receipt.is_some() => {
            return Err(unusable_answer(
                OP,
                vec![Diagnostic::new(
                    Code::WrongShape,
                    "/receipt",
                    "`/receipt` goes with `requestXml` only",
                    "with `message`, give the day of receipt and the purpose inside `message`",
                )],
            ));
        }
        (Some(m), None) => (requests_in::build(input, m, Vec::new()), None),
        (None, Some(xml)) => {
            let read = ecris_in::read_request(xml, input.receipt.as_ref()).map_err(|d| unusable_answer(OP, d))?;
            (requests_in::build(input, &read.message, read.notes), Some((xml, read.places)))
        }
        (m, _) => return Err(unusable_answer(OP, vec![one_message(m.is_some(), "requestXml")])),
    };
    let mut diagnostics = b.diagnostics;
    if let Some((xml, places)) = relocation {
        diagnostics.for_each_mut(|d| ecris_in::relocate(d, "requestXml", xml, &places));
    }
    let outcome = Outcome::from_diagnostics(&diagnostics);
    let (diagnostics, dropped) = diagnostics.into_vec();
    Ok(RequestInAnswer {
        operation: OP,
        outcome,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: dropped,
        sender: b.sender,
        deadline: b.deadline,
        reply: b.reply,
    })
}

pub fn answer_request_in_json(json: &str) -> String {
    match decode::<requests_in::RequestInInput>(json) {
        Ok(input) => match answer_request_in(&input) {
            Ok(a) => to_json(&a),
            Err(u) => to_json(&u),
        },
        Err(d) => unusable("answerRequestIn", d),
    }
}

/// The answer to `quarterlyProfile`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileAnswer {
    pub operation: &'static str,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    /// Entries that were left out, and why. Pointers number the entries from the start of the
    /// whole log, across continued calls.
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_dropped: usize,
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

pub fn quarterly_profile(input: &stats::ProfileInput) -> Result<ProfileAnswer, UnusableAnswer> {
    const OP: &str = "quarterlyProfile";
    let p = stats::profile(input).map_err(|d| unusable_answer(OP, d))?;
    let outcome = Outcome::from_diagnostics(&p.diagnostics);
    let (diagnostics, dropped) = p.diagnostics.into_vec();
    Ok(ProfileAnswer {
        operation: OP,
        outcome,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: dropped,
        entries_read: p.entries_read,
        quarters: p.quarters,
        rows: p.rows,
        totals: p.totals,
        table: p.table,
        csv: p.csv,
    })
}

pub fn quarterly_profile_json(json: &str) -> String {
    match decode::<stats::ProfileInput>(json) {
        Ok(input) => match quarterly_profile(&input) {
            Ok(a) => to_json(&a),
            Err(u) => to_json(&u),
        },
        Err(d) => unusable("quarterlyProfile", d),
    }
}

/// An answer for input that could not be used at all.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnusableAnswer {
    pub operation: String,
    pub outcome: Outcome,
    pub rulebook: RulebookRef,
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_dropped: usize,
}

fn unusable(operation: &str, d: Diagnostic) -> String {
    to_json(&unusable_answer(operation, vec![d]))
}

fn unusable_answer(operation: &str, diagnostics: Vec<Diagnostic>) -> UnusableAnswer {
    UnusableAnswer {
        operation: operation.chars().take(64).collect(),
        outcome: Outcome::Unusable,
        rulebook: RULEBOOK,
        diagnostics,
        diagnostics_dropped: 0,
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    // Serialising our own types to a String cannot fail (no maps with non-string keys, no I/O);
    // the fallback is a valid answer all the same.
    serde_json::to_string(v).unwrap_or_else(|e| {
        format!(
            "{{\"operation\":\"internal\",\"outcome\":\"unusable\",\"diagnostics\":[{{\"code\":\"ICCE-000\",\"name\":\"internal\",\"message\":{}}}]}}",
            serde_json::Value::String(e.to_string())
        )
    })
}

/// Decode an operation's input, turning every failure into a diagnostic with a JSON Pointer.
pub fn decode<T: DeserializeOwned>(json: &str) -> Result<T, Diagnostic> {
    if json.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::new(
            Code::InputTooLarge,
            "",
            format!("the input is {} bytes; icce accepts at most {MAX_INPUT_BYTES}", json.len()),
            "send one request at a time",
        ));
    }
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
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
        Ok(_) => Err(error_diagnostic(&result, &pointer, true)),
        Err(syntax) => Err(error_diagnostic(&syntax, "", false)),
    }
}

fn error_diagnostic(inner: &serde_json::Error, pointer: &str, well_formed: bool) -> Diagnostic {
    use serde_json::error::Category;
    let text = clean_serde_message(&inner.to_string());
    match inner.classify() {
        // A well-formed document whose value cannot be read here: a number where an enum's string
        // is expected, a number out of range (`1e400`), a lone surrogate escape (`"\ud800"`).
        Category::Syntax if well_formed => Diagnostic::new(
            Code::WrongShape,
            pointer,
            if text == "expected value" {
                format!("`{pointer}`: the value has the wrong type for this field")
            } else {
                format!("`{pointer}`: the value cannot be read for this field: {text}")
            },
            "see the operation's JSON Schema for the fields and their types",
        ),
        Category::Syntax | Category::Eof | Category::Io => Diagnostic::new(
            Code::MalformedJson,
            "",
            format!("the input is not valid JSON: {text}"),
            format!("check the JSON near line {}, column {}", inner.line(), inner.column()),
        ),
        Category::Data => Diagnostic::new(
            Code::WrongShape,
            pointer,
            if pointer.is_empty() { format!("the input: {text}") } else { format!("`{pointer}`: {text}") },
            "see the operation's JSON Schema for the fields and their types",
        ),
    }
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

pub fn validate_request_out_json(json: &str) -> String {
    match decode::<RequestOutInput>(json) {
        Ok(input) => to_json(&validate_request_out(&input)),
        Err(d) => unusable("validateRequestOut", d),
    }
}

// ---- the rule book as answers ----

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CountrySummary {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
    pub channel: Channel,
    pub file: &'static str,
    pub required: Vec<&'static str>,
    pub recommended: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListRulesAnswer {
    pub operation: &'static str,
    pub outcome: &'static str,
    pub rulebook: RulebookRef,
    /// The ECRIS baseline every destination needs.
    pub baseline: &'static [&'static str],
    pub countries: Vec<CountrySummary>,
}

/// The ECRIS baseline (DOMAIN.md §1.3: mandatory in `PersonType`).
pub const BASELINE: &[&str] =
    &["forename", "surname", "sex", "date-of-birth", "town-of-birth", "country-of-birth", "nationality"];

pub fn list_rules() -> ListRulesAnswer {
    let countries = rulebook::COUNTRIES
        .iter()
        .map(|c| CountrySummary {
            code: c.code,
            name: c.name,
            region: c.region,
            channel: c.channel,
            file: c.file,
            required: c.requirements.iter().filter(|r| r.level == Level::Required).map(|r| r.item.key()).collect(),
            recommended: c.requirements.iter().filter(|r| r.level == Level::Recommended).map(|r| r.item.key()).collect(),
        })
        .collect();
    ListRulesAnswer { operation: "listRules", outcome: "ok", rulebook: RULEBOOK, baseline: BASELINE, countries }
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShowRulesInput {
    /// An ISO 3166-1 alpha-2 code, or `default`.
    pub country: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementView {
    pub item: &'static str,
    pub label: &'static str,
    pub level: Level,
    pub applies_to: rulebook::AppliesTo,
    pub note: &'static str,
    pub file: String,
    pub sources: Vec<&'static rulebook::Source>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CountryView {
    pub code: &'static str,
    pub name: &'static str,
    pub alpha3: Option<&'static str>,
    pub numeric: Option<&'static str>,
    pub region: Region,
    pub channel: Channel,
    pub channel_sources: Vec<&'static rulebook::Source>,
    pub authority: Option<&'static str>,
    pub authority_sources: Vec<&'static rulebook::Source>,
    pub request_language: &'static str,
    pub request_language_basis: rulebook::LanguageBasis,
    pub no_published_requirements: Option<&'static str>,
    pub notes: &'static [&'static str],
    pub reply_deadline: &'static rulebook::ReplyDeadline,
    pub requirements: Vec<RequirementView>,
    pub sources: &'static [rulebook::Source],
    pub file: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShowRulesAnswer {
    pub operation: &'static str,
    pub outcome: &'static str,
    pub rulebook: RulebookRef,
    /// The code asked about; the rules are the default file's when it has none of its own.
    pub asked: String,
    pub baseline: &'static [&'static str],
    pub country: CountryView,
}

pub fn country_view(c: &'static Country) -> CountryView {
    let srcs = |keys: &[&str]| keys.iter().filter_map(|k| c.source(k)).collect::<Vec<_>>();
    CountryView {
        code: c.code,
        name: c.name,
        alpha3: c.alpha3,
        numeric: c.numeric,
        region: c.region,
        channel: c.channel,
        channel_sources: srcs(c.channel_sources),
        authority: c.authority,
        authority_sources: srcs(c.authority_sources),
        request_language: c.request_language,
        request_language_basis: c.request_language_basis,
        no_published_requirements: c.no_published_requirements,
        notes: c.notes,
        reply_deadline: &c.reply_deadline,
        requirements: c
            .requirements
            .iter()
            .map(|r| RequirementView {
                item: r.item.key(),
                label: requests_out::item_label(r.item),
                level: r.level,
                applies_to: r.applies_to,
                note: r.note,
                file: format!("{}:{}", c.file, r.line),
                sources: srcs(r.sources),
            })
            .collect(),
        sources: c.sources,
        file: c.file,
    }
}

pub fn show_rules(input: &ShowRulesInput) -> Result<ShowRulesAnswer, Diagnostic> {
    let code = input.country.trim();
    let c = if code == "default" {
        rulebook::default_rules()
    } else if rulebook::iso_country(code).is_some() {
        rulebook::rules_for(code)
    } else {
        return Err(Diagnostic::new(
            Code::UnknownCountryRules,
            "/country",
            format!("`{}` is not an ISO 3166-1 alpha-2 code or `default`", requests_out::shorten(code)),
            "use a two-letter code such as `PL`; `listRules` lists the countries with their own file",
        ));
    };
    Ok(ShowRulesAnswer {
        operation: "showRules",
        outcome: "ok",
        rulebook: RULEBOOK,
        asked: code.to_owned(),
        baseline: BASELINE,
        country: country_view(c),
    })
}

pub fn show_rules_json(json: &str) -> String {
    match decode::<ShowRulesInput>(json).and_then(|i| show_rules(&i)) {
        Ok(a) => to_json(&a),
        Err(d) => unusable("showRules", d),
    }
}

pub fn list_rules_json(_json: &str) -> String {
    to_json(&list_rules())
}

/// The single entry point every face uses: operation name and JSON in, JSON answer out.
pub fn call_json(operation: &str, input: &str) -> String {
    match operation {
        "validateRequestOut" => validate_request_out_json(input),
        "answerRequestIn" => answer_request_in_json(input),
        "buildNotificationsOut" => build_notifications_out_json(input),
        "checkNotificationIn" => check_notification_in_json(input),
        "quarterlyProfile" => quarterly_profile_json(input),
        "listRules" => list_rules_json(input),
        "showRules" => show_rules_json(input),
        other => unusable(
            other,
            Diagnostic::new(
                Code::UnknownOperation,
                "",
                format!("there is no operation `{}`", requests_out::shorten(other)),
                format!("operations: {}", OPERATIONS.join(", ")),
            ),
        ),
    }
}
