//! The wasm-bindgen face: plain JS objects (or JSON strings) in, plain JS objects (or strings) out.
//! Every function returns an answer; none throws.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Carry a JS value to the core as JSON text and bring the answer back as a JS object.
///
/// The value crosses as the text `JSON.stringify` makes of it, so the object path reads exactly
/// what the string path would, and depth is bounded by the core's parser (not by recursing over
/// the JS object from wasm, which overflowed the JS stack on a 10,000-deep input).
fn call_value(operation: &str, input: JsValue) -> JsValue {
    let text = js_sys::JSON::stringify(&input).ok().and_then(|s| s.as_string());
    let answer = match text {
        Some(json) => icce_core::call_json(operation, &json),
        None => crate::unusable(
            operation,
            "the input cannot be written as JSON (a cycle, a BigInt, a function or undefined, or nesting too deep)".to_owned(),
            "pass a plain object of JSON values",
        ),
    };
    answer_to_js(&answer)
}

/// The answer string as a plain JS object, through the JSON-compatible serializer (maps become
/// objects, `null` stays `null`), so JS sees what the host's string says.
fn answer_to_js(answer: &str) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde_json::from_str::<serde_json::Value>(answer)
        .ok()
        .and_then(|v| v.serialize(&serializer).ok())
        // The core always answers JSON; if that ever failed, hand the text over rather than throw.
        .unwrap_or_else(|| JsValue::from_str(answer))
}

/// Check a request to ask other countries for a person's convictions (`validateRequestOut`).
#[wasm_bindgen(js_name = validateRequestOut, unchecked_return_type = "import('./icce_types.js').RequestOutAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn validate_request_out(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').RequestOutInput")] input: JsValue) -> JsValue {
    call_value("validateRequestOut", input)
}

/// `validateRequestOut` with a JSON string in and out.
#[wasm_bindgen(js_name = validateRequestOutJson)]
pub fn validate_request_out_json(input: &str) -> String {
    icce_core::call_json("validateRequestOut", input)
}

/// Build the notifications of a UK conviction to each member state of nationality
/// (`buildNotificationsOut`).
#[wasm_bindgen(js_name = buildNotificationsOut, unchecked_return_type = "import('./icce_types.js').NotificationsOutAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn build_notifications_out(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').NotificationOutInput")] input: JsValue) -> JsValue {
    call_value("buildNotificationsOut", input)
}

/// `buildNotificationsOut` with a JSON string in and out.
#[wasm_bindgen(js_name = buildNotificationsOutJson)]
pub fn build_notifications_out_json(input: &str) -> String {
    icce_core::call_json("buildNotificationsOut", input)
}

/// Check a notification of a UK national's conviction abroad (`checkNotificationIn`).
#[wasm_bindgen(js_name = checkNotificationIn, unchecked_return_type = "import('./icce_types.js').NotificationInAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn check_notification_in(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').NotificationInInput")] input: JsValue) -> JsValue {
    call_value("checkNotificationIn", input)
}

/// `checkNotificationIn` with a JSON string in and out.
#[wasm_bindgen(js_name = checkNotificationInJson)]
pub fn check_notification_in_json(input: &str) -> String {
    icce_core::call_json("checkNotificationIn", input)
}

/// Answer a member state's request for a person's UK convictions (`answerRequestIn`).
#[wasm_bindgen(js_name = answerRequestIn, unchecked_return_type = "import('./icce_types.js').RequestInAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn answer_request_in(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').RequestInInput")] input: JsValue) -> JsValue {
    call_value("answerRequestIn", input)
}

/// `answerRequestIn` with a JSON string in and out.
#[wasm_bindgen(js_name = answerRequestInJson)]
pub fn answer_request_in_json(input: &str) -> String {
    icce_core::call_json("answerRequestIn", input)
}

/// The quarterly profile of exchanged messages (`quarterlyProfile`).
#[wasm_bindgen(js_name = quarterlyProfile, unchecked_return_type = "import('./icce_types.js').ProfileAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn quarterly_profile(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').ProfileInput")] input: JsValue) -> JsValue {
    call_value("quarterlyProfile", input)
}

/// `quarterlyProfile` with a JSON string in and out.
#[wasm_bindgen(js_name = quarterlyProfileJson)]
pub fn quarterly_profile_json(input: &str) -> String {
    icce_core::call_json("quarterlyProfile", input)
}

/// The rule book: every country with its own rules, and the baseline (`listRules`).
#[wasm_bindgen(js_name = listRules, unchecked_return_type = "import('./icce_types.js').ListRulesAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn list_rules(#[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue) -> JsValue {
    call_value("listRules", input)
}

/// `listRules` with a JSON string in and out.
#[wasm_bindgen(js_name = listRulesJson)]
pub fn list_rules_json(input: &str) -> String {
    icce_core::call_json("listRules", input)
}

/// One country's rules, with sources (`showRules`, input `{country: "PL"}`).
#[wasm_bindgen(js_name = showRules, unchecked_return_type = "import('./icce_types.js').ShowRulesAnswer | import('./icce_types.js').UnusableAnswer")]
pub fn show_rules(#[wasm_bindgen(unchecked_param_type = "import('./icce_types.js').ShowRulesInput")] input: JsValue) -> JsValue {
    call_value("showRules", input)
}

/// `showRules` with a JSON string in and out.
#[wasm_bindgen(js_name = showRulesJson)]
pub fn show_rules_json(input: &str) -> String {
    icce_core::call_json("showRules", input)
}

/// Any operation by name, JSON string in and out; an unknown name gets an `unusable` answer.
#[wasm_bindgen(js_name = call)]
pub fn call(operation: &str, input: &str) -> String {
    icce_core::call_json(operation, input)
}

/// The names of every operation.
#[wasm_bindgen(js_name = operations)]
pub fn operations() -> Vec<String> {
    icce_core::OPERATIONS.iter().map(|s| (*s).to_owned()).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Version {
    crate_version: &'static str,
    abi_version: u32,
    rulebook_version: &'static str,
    rulebook_hash: &'static str,
}

/// `{crateVersion, abiVersion, rulebookVersion, rulebookHash}`.
#[wasm_bindgen(js_name = version, unchecked_return_type = "{ crateVersion: string; abiVersion: number; rulebookVersion: string; rulebookHash: string }")]
pub fn version() -> JsValue {
    let v = Version {
        crate_version: crate::CRATE_VERSION,
        abi_version: crate::ABI_VERSION,
        rulebook_version: icce_core::api::RULEBOOK.version,
        rulebook_hash: icce_core::api::RULEBOOK.hash,
    };
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
