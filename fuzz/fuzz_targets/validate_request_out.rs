//! `validateRequestOut` (`icce_core::api::validate_request_out_json`) on any UTF-8 text, and the
//! same answer again: the core holds no state between calls.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_core::api::validate_request_out_json(text);
    icce_fuzz::check_answer("validateRequestOut", &answer);
    assert_eq!(answer, icce_core::call_json("validateRequestOut", text), "call_json and the typed face differ");
});
