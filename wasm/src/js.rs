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

/// The answer string as a plain JS object: `JSON.parse` in the JS engine, so JS sees exactly what
/// the string says, in its field order. Parsing the text in JS costs about what the string path
/// costs; rebuilding the answer value by value across the boundary cost about three times more.
fn answer_to_js(answer: &str) -> JsValue {
    // The core always answers JSON; if that ever failed, hand the text over rather than throw.
    js_sys::JSON::parse(answer).unwrap_or_else(|_| JsValue::from_str(answer))
}

/// One object face and one string face per operation of the table
/// ([`icce_core::for_each_operation`]), and their TypeScript declarations. The declarations are
/// written here rather than by wasm-bindgen, so that each face names the generated types of its
/// input and answer (`icce_types.d.ts`, from the OpenAPI document) without repeating them.
macro_rules! faces {
    ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident $(<$lt:lifetime>)?, $summary:literal; )*) => {
        $(
            /// The faces of one operation.
            pub mod $function {
                use super::*;

                #[doc = $summary]
                #[wasm_bindgen(js_name = $name, skip_typescript)]
                pub fn object(input: JsValue) -> JsValue {
                    call_value(stringify!($name), input)
                }

                #[doc = concat!("`", stringify!($name), "` with a JSON string in and out.")]
                #[wasm_bindgen(js_name = $json, skip_typescript)]
                pub fn string(input: &str) -> String {
                    icce_core::call_json(stringify!($name), input)
                }
            }
        )*

        #[wasm_bindgen(typescript_custom_section)]
        const FACES: &str = concat!(
            "import type * as T from './icce_types.js';\n",
            $(
                "\n/**\n * ", $summary, "\n */\n",
                "export function ", stringify!($name), "(input: T.", stringify!($input), "): T.", stringify!($answer), " | T.UnusableAnswer;\n",
                "/**\n * `", stringify!($name), "` with a JSON string in and out.\n */\n",
                "export function ", stringify!($json), "(input: string): string;\n",
            )*
        );

    };
}

icce_core::for_each_operation!(faces);

/// Any operation by name, JSON string in and out; an unknown name gets an `unusable` answer.
#[wasm_bindgen(js_name = call)]
pub fn call(operation: &str, input: &str) -> String {
    icce_core::call_json(operation, input)
}

/// The names of every operation.
#[wasm_bindgen(js_name = operations)]
pub fn operations() -> Vec<String> {
    icce_core::OPERATIONS.iter().map(|o| o.name.to_owned()).collect()
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
    serde_json::to_string(&v).ok().map_or(JsValue::NULL, |text| answer_to_js(&text))
}
