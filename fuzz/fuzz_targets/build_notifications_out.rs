//! `buildNotificationsOut` through `icce_core::call_json` on any UTF-8 text; the input decoder and its oracle
//! read the same value or refuse with the same diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    icce_fuzz::check_operation("buildNotificationsOut", text);
});
