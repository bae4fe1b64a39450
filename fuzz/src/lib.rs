//! What every fuzz target checks about an answer, whatever the input was.
//!
//! A target only feeds bytes in; these checks are the oracle. An answer must be one JSON object
//! with the operation, a known outcome, the compiled rule book's version and hash, and at most
//! [`icce_core::diag::MAX_DIAGNOSTICS`] diagnostics, each with a code from the registry and a
//! JSON Pointer, and the kind the registry gives its code. An `unusable` answer carries at least
//! one finding of kind unusable. Any breach panics,
//! which libFuzzer reports as a crash with the input that caused it.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde_json::Value;

const OUTCOMES: &[&str] = &["ready", "incomplete", "invalid", "unusable", "ok"];

/// Check one answer; `operation` is the name that was asked for (lossily decoded).
pub fn check_answer(operation: &str, answer: &str) {
    let v: Value = serde_json::from_str(answer).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {answer}"));
    let obj = v.as_object().unwrap_or_else(|| panic!("answer is not an object: {answer}"));
    let op = obj.get("operation").and_then(Value::as_str).unwrap_or_else(|| panic!("no operation: {answer}"));
    let expected_op: String = operation.chars().take(64).collect();
    assert_eq!(op, expected_op, "operation echoed wrongly");
    let outcome = obj.get("outcome").and_then(Value::as_str).unwrap_or_else(|| panic!("no outcome: {answer}"));
    assert!(OUTCOMES.contains(&outcome), "unknown outcome {outcome}");
    assert_eq!(v["rulebook"]["hash"], icce_core::api::RULEBOOK.hash, "rule book hash");
    assert_eq!(v["rulebook"]["version"], icce_core::api::RULEBOOK.version, "rule book version");
    if outcome == "ok" {
        // listRules and showRules answers carry no diagnostics.
        return;
    }
    let diags = v["diagnostics"].as_array().unwrap_or_else(|| panic!("no diagnostics list: {answer}"));
    assert!(diags.len() <= icce_core::diag::MAX_DIAGNOSTICS, "{} diagnostics", diags.len());
    for d in diags {
        let code = d["code"].as_str().unwrap_or_else(|| panic!("diagnostic without code: {d}"));
        let info = icce_core::diag::CODES
            .iter()
            .find(|c| c.code == code)
            .unwrap_or_else(|| panic!("code {code} is not in the registry"));
        // A form's check (`checkRequestOut`) carries findings without the name; where a name is
        // given it is the registry's.
        if !(op == "checkRequestOut" && d.get("name").is_none()) {
            assert_eq!(d["name"], info.name, "name of {code}");
        }
        assert_eq!(d["kind"], serde_json::to_value(info.kind).unwrap(), "kind of {code}: the registry's");
        let pointer = d["pointer"].as_str().unwrap_or_else(|| panic!("diagnostic without pointer: {d}"));
        assert!(pointer.is_empty() || pointer.starts_with('/'), "pointer {pointer:?}");
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "empty message: {d}");
    }
    if outcome == "unusable" {
        // Input that cannot be decoded gets exactly one diagnostic; a message that decodes but
        // cannot be used (ECRIS XML that cannot be read, a carried profile that does not add up,
        // a profile over its row cap) may get several. Each has its registry kind (checked above).
        assert!(!diags.is_empty(), "an unusable answer without a diagnostic: {answer}");
        assert!(diags.iter().any(|d| d["kind"] == "unusable"), "unusable, but no finding says so: {answer}");
    } else {
        if op == "validateRequestOut" || op == "checkRequestOut" {
            assert!(v["destinations"].is_array(), "no destinations: {answer}");
        }
        // The outcome follows from the diagnostics' kinds (all of them, when none were dropped).
        if v["diagnosticsDropped"] == 0 {
            let has = |k: &str| diags.iter().any(|d| d["kind"] == k);
            let derived = if has("unusable") {
                "unusable"
            } else if has("invalid") {
                "invalid"
            } else if has("missing") {
                "incomplete"
            } else {
                "ready"
            };
            assert_eq!(outcome, derived, "outcome does not follow from the diagnostics: {answer}");
        }
    }
}

/// Split fuzz bytes into an operation name and an input. A first byte of 0xFF takes the name
/// from the bytes up to the first NUL (any name at all: the seeds use it to name their
/// operation, whatever the order of `OPERATIONS`); any other first byte picks a real operation.
pub fn split_operation(data: &[u8]) -> (Vec<u8>, &[u8]) {
    let ops = icce_core::OPERATIONS;
    match data.split_first() {
        None => (b"validateRequestOut".to_vec(), data),
        Some((0xFF, rest)) => match rest.iter().position(|&b| b == 0) {
            Some(i) => (rest[..i].to_vec(), &rest[i + 1..]),
            None => (rest.to_vec(), &[][..]),
        },
        Some((&sel, rest)) => (ops[usize::from(sel) % ops.len()].name.as_bytes().to_vec(), rest),
    }
}

/// The input decoder (`icce_core::decode`) held to its oracle (serde with the strict layer) on
/// `text` as `operation`'s input: the same value or the same diagnostic (`api::decoders_agree`).
/// Nothing to compare for a name that is not an operation.
pub fn check_decoders(operation: &str, text: &str) {
    if let Some(Err(differ)) = icce_core::api::decoders_agree(operation, text) {
        panic!("{differ}");
    }
}

/// One operation on `text` through `call_json`, as every face calls it: the answer checked
/// ([`check_answer`]) and the decoders compared ([`check_decoders`]). The answer, for more checks.
pub fn check_operation(operation: &str, text: &str) -> String {
    let answer = icce_core::call_json(operation, text);
    check_answer(operation, &answer);
    check_decoders(operation, text);
    answer
}
