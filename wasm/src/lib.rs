//! # icce-wasm
//!
//! icce as one WebAssembly module with two faces over the same door, [`icce_core::call_json`].
//! This crate holds no rule logic: it only carries bytes to the core and back. The browser (through
//! the wasm-bindgen glue) and the `icce` host (through wasmtime) load the very same
//! `icce_wasm_bg.wasm` file, so they give the same answers byte for byte.
//!
//! ## The JavaScript face (wasm-bindgen)
//!
//! One camelCase function per operation of the table ([`icce_core::for_each_operation`], listed in
//! [`icce_core::OPERATIONS`]: `validateRequestOut`, `answerRequestIn`, …) takes a plain JS object
//! and returns a plain JS object; a `…Json` variant of each takes and returns a JSON string; both
//! are generated from the table, with their TypeScript declarations. `call(operation, json)` is the generic string
//! entry; `version()` returns `{crateVersion, abiVersion, rulebookVersion, rulebookHash}` and
//! `operations()` the operation names. An input object crosses as the text `JSON.stringify` makes
//! of it (so the object path reads exactly what the string path would); the answer comes back as
//! its text, parsed by the JS engine's `JSON.parse`, so a JS caller sees exactly what the string
//! answer says, in the same field order. Nothing throws: input that
//! cannot be read becomes an answer with `outcome: "unusable"`.
//!
//! ## The plain C ABI (for the wasmtime host), version [`ABI_VERSION`] = 1
//!
//! These four exports use no JS import, ever; a host may satisfy every wasm-bindgen import with a
//! trap and must never call `__wbindgen_start` or any wasm-bindgen export. All integers are wasm
//! `i32`/`i64`; pointers are offsets into the exported `memory`.
//!
//! | export | signature | meaning |
//! | --- | --- | --- |
//! | `icce_abi_version` | `() -> u32` | `1`; a host refuses a module whose version it does not know |
//! | `icce_alloc` | `(len: u32) -> *mut u8` | `len` bytes, alignment 1; `0` if memory is exhausted |
//! | `icce_free` | `(ptr: *mut u8, len: u32)` | frees what `icce_alloc` or `icce_call` handed out, with the same `len` |
//! | `icce_call` | `(op_ptr, op_len, in_ptr, in_len: u32) -> u64` | `(answer_ptr << 32) \| answer_len` |
//!
//! A call goes: `icce_alloc` a buffer for the operation name and one for the input JSON, write
//! both (UTF-8), `icce_call`, read `answer_len` bytes of UTF-8 JSON at `answer_ptr`, then
//! `icce_free(answer_ptr, answer_len)` and the two input buffers. `icce_call` only reads its
//! inputs; it never frees them. A zero length needs no buffer (pass any pointer, `0` included).
//! The answer is always a JSON object with `operation`, `outcome` and `rulebook`; input that is not
//! UTF-8 gets `outcome: "unusable"` with diagnostic `INP-001 malformed-json`, and an unknown
//! operation gets `INP-004 unknown-operation`, exactly as [`icce_core::call_json`] gives them.
//! Nothing here panics by design; if the module ever traps (out of memory, say) the host turns
//! that into its own structured answer.

use icce_core::api::UnusableAnswer;
use icce_core::diag::{Code, Diagnostic};

// The module's allocator: a call's blocks from one region by bumping a pointer (`arena.rs`), what
// does not fit from dlmalloc. dlmalloc, as the standard library's own on this target, but a
// version that first takes the linker's unused initial memory (`__heap_base` to `__heap_end`,
// 2 MiB in all: build.rs) before it grows the memory. The standard library's copy grows on its
// first allocation whatever the initial size; under the host's pooling allocator every growth
// costs an `mprotect` on the call and another on the slot's reset (BENCHMARKS.md, "2026-12-01
// (later)", "The fresh instance's memory growth").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: arena::Arena<dlmalloc::GlobalDlmalloc> = arena::Arena::new(dlmalloc::GlobalDlmalloc);

#[cfg(any(target_arch = "wasm32", test))]
mod arena;
#[cfg(target_arch = "wasm32")]
mod abi;
#[cfg(target_arch = "wasm32")]
mod js;

/// The version of the plain C ABI described above. It changes only when those four exports do.
pub const ABI_VERSION: u32 = 1;

/// The crate version this module was built from (the workspace version, shared with icce-core).
pub const CRATE_VERSION: &str = icce_core::VERSION;

/// Call the core with raw bytes, as the C ABI receives them.
///
/// Bytes that are not UTF-8 cannot be JSON (RFC 8259 §8.1), so they get an `INP-001` answer that
/// says where the first bad byte is. Replacing them lossily instead would let a request go through
/// with its names silently altered.
pub fn call_bytes(operation: &[u8], input: &[u8]) -> String {
    // An operation name is only matched against the known names or echoed (truncated) in an
    // `unknown-operation` answer, so a lossy reading cannot change what is computed.
    let operation = String::from_utf8_lossy(operation);
    match std::str::from_utf8(input) {
        Ok(text) => icce_core::call_json(&operation, text),
        Err(e) => unusable(
            &operation,
            format!("the input is not UTF-8 text: the byte at offset {} is not part of a UTF-8 character", e.valid_up_to()),
            "send the JSON encoded as UTF-8 (JSON text is always UTF-8)",
        ),
    }
}

/// An `unusable` answer with an `INP-001 malformed-json` diagnostic, built from the core's own
/// answer type so it has the same shape as every other answer.
pub(crate) fn unusable(operation: &str, message: String, help: &'static str) -> String {
    let answer = UnusableAnswer::new(operation, vec![Diagnostic::new(Code::MalformedJson, "", message, help)]);
    // Serialising the core's answer type cannot fail; should it ever, the core's own
    // malformed-input answer is still a valid answer.
    serde_json::to_string(&answer).unwrap_or_else(|_| icce_core::call_json(operation, "\u{FFFD}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn valid_utf8_is_exactly_the_core_answer() {
        let input = include_str!("../../samples/request-ready.json");
        assert_eq!(call_bytes(b"validateRequestOut", input.as_bytes()), icce_core::call_json("validateRequestOut", input));
        assert_eq!(call_bytes(b"listRules", b""), icce_core::call_json("listRules", ""));
    }

    #[test]
    fn invalid_utf8_is_an_unusable_answer_with_the_offset() {
        let a = parse(&call_bytes(b"validateRequestOut", b"{\"a\":\"\xff\"}"));
        assert_eq!(a["operation"], "validateRequestOut");
        assert_eq!(a["outcome"], "unusable");
        assert_eq!(a["diagnostics"][0]["code"], "INP-001");
        assert_eq!(a["diagnostics"][0]["name"], "malformed-json");
        assert!(a["diagnostics"][0]["message"].as_str().unwrap().contains("offset 6"));
        assert_eq!(a["rulebook"], parse(&icce_core::call_json("listRules", ""))["rulebook"]);
    }

    #[test]
    fn unusable_answer_has_the_core_shape() {
        let ours = parse(&call_bytes(b"showRules", b"\xc3"));
        let core = parse(&icce_core::call_json("showRules", "{"));
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&ours), keys(&core));
        assert_eq!(keys(&ours["diagnostics"][0]), keys(&core["diagnostics"][0]));
    }

    #[test]
    fn invalid_operation_bytes_are_an_unknown_operation() {
        let a = parse(&call_bytes(b"\xffnope", b"{}"));
        assert_eq!(a["outcome"], "unusable");
        assert_eq!(a["diagnostics"][0]["code"], "INP-004");
    }
}
