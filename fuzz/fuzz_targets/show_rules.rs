//! `showRules` through `icce_core::call_json` on any UTF-8 text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_core::call_json("showRules", text);
    icce_fuzz::check_answer("showRules", &answer);
});
