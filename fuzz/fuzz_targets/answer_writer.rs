//! The answer writer (`icce_core::json`) against serde_json, on any bytes: read as text (lossily),
//! as a list of texts, and, where the bytes are JSON, as the value they hold (numbers, nesting,
//! maps). The two writers must give the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let same = |ours: String, theirs: String| assert_eq!(ours, theirs, "the writers differ on {data:?}");
    same(icce_core::json::to_string(&*text, 0).unwrap(), serde_json::to_string(&*text).unwrap());
    let parts: Vec<&str> = text.split(',').collect();
    same(icce_core::json::to_string(&parts, 0).unwrap(), serde_json::to_string(&parts).unwrap());
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        same(icce_core::json::to_string(&value, 0).unwrap(), serde_json::to_string(&value).unwrap());
    }
});
