//! `validateRequestOut` through `icce_core::call_json` on any UTF-8 text; the typed face
//! (`icce_core::api::validate_request_out` on the decoded input) writes the same answer, and the
//! same call gives the same answer again: the core holds no state between calls. The input
//! decoder (`icce_core::decode`) and its oracle (serde with the strict layer,
//! `icce_core::api::decode_strict`) read the same value or refuse with the same diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_core::call_json("validateRequestOut", text);
    icce_fuzz::check_answer("validateRequestOut", &answer);
    let oracle = icce_core::api::decode_strict::<icce_core::api::RequestOutInput>(text);
    let decoded = icce_core::api::decode::<icce_core::api::RequestOutInput>(text);
    match (&decoded, &oracle) {
        (Ok(ours), Ok(theirs)) => assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "the two decoders read differently"),
        (Err(ours), Err(theirs)) => assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "the two decoders refuse differently"),
        _ => panic!("one decoder read what the other refuses: {:?} / {:?}", decoded.as_ref().err(), oracle.as_ref().err()),
    }
    if let Ok(input) = decoded {
        let typed = match icce_core::api::validate_request_out(&input) {
            Ok(a) => serde_json::to_string(&a),
            Err(u) => serde_json::to_string(&u),
        };
        assert_eq!(typed.ok().as_deref(), Some(answer.as_str()), "call_json and the typed face differ");
    }
    assert_eq!(answer, icce_core::call_json("validateRequestOut", text), "the same input gave another answer");
});
