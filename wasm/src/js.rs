//! The wasm-bindgen face: plain JS objects (or JSON strings) in, plain JS objects (or strings) out.
//! Every function returns an answer; none throws.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Carry a JS value to the core as JSON text and bring the answer back as a JS object.
fn call_value(operation: &str, input: JsValue) -> JsValue {
    let answer = match serde_wasm_bindgen::from_value::<serde_json::Value>(input) {
        Ok(value) => icce_core::call_json(operation, &value.to_string()),
        Err(e) => crate::unusable(
            operation,
            format!("the input cannot be read as JSON: {e}"),
            "pass a plain object of JSON values (no functions, symbols or BigInt)",
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
#[wasm_bindgen(js_name = validateRequestOut)]
pub fn validate_request_out(input: JsValue) -> JsValue {
    call_value("validateRequestOut", input)
}

/// `validateRequestOut` with a JSON string in and out.
#[wasm_bindgen(js_name = validateRequestOutJson)]
pub fn validate_request_out_json(input: &str) -> String {
    icce_core::call_json("validateRequestOut", input)
}

/// The rule book: every country with its own rules, and the baseline (`listRules`).
#[wasm_bindgen(js_name = listRules)]
pub fn list_rules(input: JsValue) -> JsValue {
    call_value("listRules", input)
}

/// `listRules` with a JSON string in and out.
#[wasm_bindgen(js_name = listRulesJson)]
pub fn list_rules_json(input: &str) -> String {
    icce_core::call_json("listRules", input)
}

/// One country's rules, with sources (`showRules`, input `{country: "PL"}`).
#[wasm_bindgen(js_name = showRules)]
pub fn show_rules(input: JsValue) -> JsValue {
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
#[wasm_bindgen(js_name = version)]
pub fn version() -> JsValue {
    let v = Version {
        crate_version: crate::CRATE_VERSION,
        abi_version: crate::ABI_VERSION,
        rulebook_version: icce_core::api::RULEBOOK.version,
        rulebook_hash: icce_core::api::RULEBOOK.hash,
    };
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
