//! Incoming ECRIS XML (core/src/ecris_in.rs): any bytes as the `notificationXml` of the
//! notification-in sample and as the `requestXml` of the request-in sample, through
//! `icce_core::call_json`. Seeds: every XML message in the vectors (scripts/fuzz-smoke.sh).
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const NOTIFICATION: &str = include_str!("../../samples/notification-in-xml.json");
const REQUEST: &str = include_str!("../../samples/request-in-xml.json");

fuzz_target!(|data: &[u8]| {
    let xml = String::from_utf8_lossy(data);
    for (op, doc, field) in [("checkNotificationIn", NOTIFICATION, "notificationXml"), ("answerRequestIn", REQUEST, "requestXml")] {
        let mut v: Value = serde_json::from_str(doc).expect("the sample is JSON");
        v[field] = Value::String(xml.to_string());
        let answer = icce_core::call_json(op, &v.to_string());
        icce_fuzz::check_answer(op, &answer);
    }
});
