//! `validateRequestOut` through `icce_core::call_json` on any UTF-8 text; the typed face
//! (`icce_core::api::validate_request_out` on the decoded input) writes the same answer, and the
//! same call gives the same answer again: the core holds no state between calls. What the quick
//! road of the decoder (`icce_core::fast`) reads, the strict decoder reads as the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_core::call_json("validateRequestOut", text);
    icce_fuzz::check_answer("validateRequestOut", &answer);
    let strict = icce_core::api::decode_strict::<icce_core::api::RequestOutInput>(text);
    if let Some(quick) = icce_core::fast::read::<icce_core::api::RequestOutInput>(text) {
        let Ok(strict) = &strict else { panic!("the quick road read what the strict decoder refuses") };
        assert_eq!(format!("{quick:?}"), format!("{strict:?}"), "the two decoders read differently");
    }
    if let Ok(input) = strict {
        let typed = match icce_core::api::validate_request_out(&input) {
            Ok(a) => serde_json::to_string(&a),
            Err(u) => serde_json::to_string(&u),
        };
        assert_eq!(typed.ok().as_deref(), Some(answer.as_str()), "call_json and the typed face differ");
    }
    assert_eq!(answer, icce_core::call_json("validateRequestOut", text), "the same input gave another answer");
});
