//! `validateRequestOut` through `icce_core::call_json` on any UTF-8 text; the input decoder
//! (`icce_core::decode`) and its oracle (serde with the strict layer) read the same value or
//! refuse with the same diagnostic; the typed face (`icce_core::api::validate_request_out` on the
//! decoded input) writes the same answer, and the same call gives the same answer again: the core
//! holds no state between calls.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_fuzz::check_operation("validateRequestOut", text);
    if let Ok(input) = icce_core::api::decode::<icce_core::api::RequestOutInput>(text) {
        let typed = match icce_core::api::validate_request_out(&input) {
            Ok(a) => serde_json::to_string(&a),
            Err(u) => serde_json::to_string(&u),
        };
        assert_eq!(typed.ok().as_deref(), Some(answer.as_str()), "call_json and the typed face differ");
    }
    assert_eq!(answer, icce_core::call_json("validateRequestOut", text), "the same input gave another answer");
});
