//! `listRules` through `icce_core::call_json` on any UTF-8 text: it takes no input, so every
//! input must give the one same answer.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static EXPECTED: OnceLock<String> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let answer = icce_core::call_json("listRules", text);
    let expected = EXPECTED.get_or_init(|| {
        let a = icce_core::call_json("listRules", "{}");
        icce_fuzz::check_answer("listRules", &a);
        a
    });
    assert!(answer == *expected, "listRules answered differently for some input");
});
