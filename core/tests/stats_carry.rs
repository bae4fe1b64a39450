//! A continued quarterly profile: a log profiled in one call, or in chunks with the profile so far
//! carried from each answer to the next call, gives the same answer, byte for byte.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use serde_json::{Value, json};

fn sample_log() -> Vec<Value> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/exchange-log.jsonl")).unwrap();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The sample log with left-out entries mixed in: more than the 100 diagnostics an answer lists,
/// so that the dropped count is carried too (on the sample's first 600 lines: chunks of one line
/// are one call each).
fn log_with_bad_entries() -> Vec<Value> {
    let mut log = sample_log();
    log.truncate(600);
    for i in 0..130usize {
        let at = (i * 37) % log.len();
        let bad = match i % 3 {
            0 => json!({"process": "requestsOut", "country": "PL", "date": format!("2026-02-{}", 30 + i % 2), "outcome": "ready"}),
            1 => json!({"process": "requestsIn", "country": "X\u{202e}Z", "date": "2026-01-02"}),
            _ => json!({"process": "notificationsIn", "country": "FR", "date": "2026-03-01", "outcome": "Jean Dupont"}),
        };
        log.insert(at, bad);
    }
    log
}

fn once(entries: &[Value]) -> String {
    icce_core::call_json("quarterlyProfile", &json!({ "entries": entries }).to_string())
}

/// What a caller passes on: the previous answer's four fields, unchanged.
fn carry(answer: &str) -> Value {
    let v: Value = serde_json::from_str(answer).unwrap();
    json!({
        "entriesRead": v["entriesRead"],
        "rows": v["rows"],
        "diagnostics": v["diagnostics"],
        "diagnosticsDropped": v["diagnosticsDropped"],
    })
}

fn in_chunks(entries: &[Value], size: usize) -> String {
    let mut answer: Option<String> = None;
    for chunk in entries.chunks(size) {
        let mut input = json!({ "entries": chunk });
        if let Some(a) = &answer {
            input["profileSoFar"] = carry(a);
        }
        let next = icce_core::call_json("quarterlyProfile", &input.to_string());
        assert_ne!(serde_json::from_str::<Value>(&next).unwrap()["outcome"], "unusable", "{next}");
        answer = Some(next);
    }
    answer.unwrap()
}

#[test]
fn chunks_of_1_7_and_1000_give_the_one_call_answer() {
    for (name, log) in [("sample", sample_log()), ("with bad entries", log_with_bad_entries())] {
        let whole = once(&log);
        let v: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(v["entriesRead"], log.len());
        if name != "sample" {
            assert_eq!(v["outcome"], "invalid");
            assert_eq!(v["diagnostics"].as_array().unwrap().len(), 100);
            assert_eq!(v["diagnosticsDropped"], 30);
        }
        for size in [1, 7, 1000] {
            assert!(in_chunks(&log, size) == whole, "{name}: chunks of {size} differ from one call");
        }
    }
}

#[test]
fn an_empty_chunk_changes_nothing() {
    let log = sample_log();
    let whole = once(&log);
    let input = json!({ "entries": [], "profileSoFar": carry(&whole) });
    assert_eq!(icce_core::call_json("quarterlyProfile", &input.to_string()), whole);
}

fn refused(input: &Value) -> Vec<Value> {
    let a: Value = serde_json::from_str(&icce_core::call_json("quarterlyProfile", &input.to_string())).unwrap();
    assert_eq!(a["outcome"], "unusable", "{a}");
    a["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn forged_carries_are_refused_with_pointers() {
    let log = log_with_bad_entries();
    let first = once(&log[..300]);
    let good = carry(&first);
    let next = &log[300..310];
    let with = |c: Value| json!({ "entries": next, "profileSoFar": c });

    // One more entry than was read: the counts no longer add up.
    let mut c = good.clone();
    c["rows"][0]["count"] = json!(c["rows"][0]["count"].as_u64().unwrap() + 1);
    let d = refused(&with(c));
    assert_eq!(d[0]["code"], "INP-014");
    assert_eq!(d[0]["pointer"], "/profileSoFar/entriesRead");

    // Rows out of order, a row with no count, an invented quarter.
    let mut c = good.clone();
    c["rows"].as_array_mut().unwrap().swap(0, 1);
    assert_eq!(refused(&with(c))[0]["pointer"], "/profileSoFar/rows/1");
    let mut c = good.clone();
    c["rows"][2]["quarter"] = json!("2025-Q5");
    assert_eq!(refused(&with(c))[0]["pointer"], "/profileSoFar/rows/2/quarter");

    // A diagnostic with a name smuggled into it, one about an entry not yet read.
    let mut c = good.clone();
    c["diagnostics"][0]["message"] = json!("Jean Dupont was convicted");
    assert_eq!(refused(&with(c))[0]["pointer"], "/profileSoFar/diagnostics/0");
    let mut c = good.clone();
    c["diagnostics"][0]["pointer"] = json!("/entries/299/outcome");
    let d = refused(&with(c));
    assert!(d.iter().all(|d| d["code"] == "INP-014"));
    // A date that is a date is not left out.
    let mut c = good;
    let i = c["diagnostics"].as_array().unwrap().iter().position(|d| d["code"] == "REQ-205").unwrap();
    c["diagnostics"][i]["message"] = json!("`2026-02-28` is not a date");
    assert_eq!(refused(&with(c))[0]["pointer"], format!("/profileSoFar/diagnostics/{i}"));
}

#[test]
fn the_profile_keeps_at_most_4096_rows() {
    let entries: Vec<Value> =
        (0..=4096).map(|i| json!({"process": "requestsOut", "country": "PL", "date": "2026-01-01", "outcome": format!("o{i}")})).collect();
    let d = refused(&json!({ "entries": entries }));
    assert_eq!(d[0]["code"], "STA-001");
    assert_eq!(d[0]["pointer"], "/entries/4096");
    let ok = once(&entries[..4096]);
    assert_eq!(serde_json::from_str::<Value>(&ok).unwrap()["rows"].as_array().unwrap().len(), 4096);
    // The carry of a full profile stays well under the input limit.
    assert!(carry(&ok).to_string().len() < 512 * 1024);
}

#[test]
fn the_carry_vectors_agree_with_one_call() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/quarterlyProfile");
    let read = |n: &str| std::fs::read_to_string(dir.join(format!("{n}.out.json"))).unwrap();
    assert_eq!(read("carry-first-40-then-40"), read("carry-first-80-in-one-call"));
    assert_eq!(read("carry-nothing-more"), read("one-quarter"));
}
