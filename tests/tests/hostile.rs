//! The hostile corpus (`tests/hostile/`): inputs built to break a parser or a rule engine, each
//! with the answer it must get, run through native icce, the wasmtime host and node (its string
//! face and its plain C ABI). Every runtime must answer every input, with no panic, trap or hang,
//! the same bytes everywhere, and the outcome and diagnostic code recorded in
//! `tests/hostile/expected.tsv`.
//!
//! The manifest and its columns are described in the support library (`icce_parity::hostile`);
//! the HTTP status column is checked over HTTP by the host's tests (`host/tests/it/limits.rs`). A
//! row for a known bug passes with either answer and is listed in the test's output until the
//! bug is fixed.
//!
//! Needs the built module (`scripts/build-wasm.sh`) and node 20.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use icce_parity::hostile::{self, Case, input, input_path, manifest, percent_decode};
use icce_parity::{module_path, node};
use serde_json::Value;

/// The expectation check; `Err` says what is wrong.
fn check(case: &Case, input_len: usize, answer: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(answer).map_err(|e| format!("not JSON ({e})"))?;
    let outcome = v["outcome"].as_str().unwrap_or("");
    let codes: Vec<&str> = v["diagnostics"].as_array().map(|a| a.iter().filter_map(|d| d["code"].as_str()).collect()).unwrap_or_default();
    if outcome != case.outcome {
        return Err(format!("outcome {outcome}, expected {} (codes {codes:?})", case.outcome));
    }
    if outcome == "unusable" {
        if codes.len() != 1 || case.codes.first().map(String::as_str) != codes.first().copied() {
            return Err(format!("codes {codes:?}, expected exactly {:?}", case.codes));
        }
    } else if let Some(missing) = case.codes.iter().find(|c| !codes.contains(&c.as_str())) {
        return Err(format!("no {missing} among {codes:?}"));
    }
    // No answer grows without bound: at most a few copies of the input (a person's aliases go
    // into the JSON and the XML of each request) and a fixed part.
    if answer.len() > 8 * input_len + (256 << 10) {
        return Err(format!("the answer is {} bytes for {input_len} bytes in", answer.len()));
    }
    Ok(())
}

#[test]
fn the_manifest_lists_every_input_and_at_least_50() {
    let cases = manifest();
    let listed: BTreeSet<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    assert_eq!(listed.len(), cases.len(), "an input is listed twice");
    let files = hostile::input_files();
    let files: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    assert_eq!(listed, files, "tests/hostile/inputs and expected.tsv disagree");
    assert!(cases.len() >= 50, "only {} hostile inputs", cases.len());
}

#[test]
fn every_hostile_input_gets_its_answer_natively_in_wasmtime_and_in_node() {
    let cases = manifest();
    let runtime = icce_host::Runtime::load(module_path()).expect("the host loads the module");
    let node = run_node(&cases);
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for case in &cases {
        let bytes = input(&case.file);
        let started = Instant::now();
        let native = icce_wasm::call_bytes(&case.op, &bytes);
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, case.file.clone());
        }
        // The C ABI's native face is call_json itself whenever the bytes are UTF-8.
        if let (Ok(op), Ok(text)) = (std::str::from_utf8(&case.op), std::str::from_utf8(&bytes)) {
            assert_eq!(native, icce_core::call_json(op, text), "{}: call_bytes and call_json differ", case.file);
        }
        match (check(case, bytes.len(), &native), &case.finding) {
            (Ok(()), Some(f)) => {
                failures.push(format!("{}: finding {} is fixed: remove its finding column from expected.tsv", case.file, f.id));
            }
            (Ok(()), None) => {}
            (Err(_), Some(f)) if serde_json::from_str::<Value>(&native).unwrap()["outcome"] == f.outcome.as_str() => {
                println!("hostile: known finding {} ({}): answered {}, should be {}", f.id, case.file, f.outcome, case.outcome);
            }
            (Err(e), _) => failures.push(format!("{} (native): {e}", case.file)),
        }
        let wasmtime = runtime.call_bytes(&case.op, &bytes).expect("the host answers");
        if wasmtime != native {
            failures.push(format!("{}: wasmtime differs from native:\n  {}\n  {}", case.file, short(&wasmtime), short(&native)));
        }
        let n = node.iter().find(|v| v["file"].as_str() == Some(input_path(&case.file).to_str().unwrap()));
        let Some(n) = n else {
            failures.push(format!("{}: node gave no answer", case.file));
            continue;
        };
        if n["abi"].as_str() != Some(native.as_str()) {
            failures.push(format!("{}: node's C ABI differs from native: {}", case.file, short(n["abi"].as_str().unwrap_or(""))));
        }
        match (std::str::from_utf8(&bytes).is_ok(), n["string"].as_str()) {
            (true, Some(s)) if s == native => {}
            (false, None) => {}
            (_, s) => failures.push(format!("{}: node's string face: {}", case.file, short(s.unwrap_or("null")))),
        }
    }
    println!("hostile: {} inputs x (native, wasmtime, node string, node ABI); slowest native call {:?} ({})", cases.len(), slowest.0, slowest.1);
    // A debug build is slow; 5 s is a hang, not a slow call.
    assert!(slowest.0 < Duration::from_secs(5), "{} took {:?} natively", slowest.1, slowest.0);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn short(s: &str) -> String {
    s.chars().take(400).collect()
}

/// Every case through node (`tests/node/run-hostile.mjs`), one process for the corpus.
fn run_node(cases: &[Case]) -> Vec<Value> {
    let list: String = cases.iter().map(|c| format!("{}\t{}\n", c.op_encoded, input_path(&c.file).display())).collect();
    // No hang: node gets two minutes for the whole corpus (it needs a few seconds).
    node::run("run-hostile.mjs", list, Some(Duration::from_secs(120)))
}

/// `ICCE_HOSTILE_REPORT=FILE cargo test -p icce-parity --test hostile report`: every input's
/// actual outcome and codes, for reviewing a new row of the manifest (never written into it).
#[test]
fn report() {
    let Some(path) = std::env::var_os("ICCE_HOSTILE_REPORT") else { return };
    let mut out = String::new();
    let files = hostile::input_files();
    let pending = std::fs::read_to_string(std::env::var("ICCE_HOSTILE_OPS").unwrap_or_default()).unwrap_or_default();
    for file in files {
        let op = pending
            .lines()
            .find_map(|l| l.split_once('\t').filter(|(f, _)| *f == file).map(|(_, rest)| rest.split('\t').next().unwrap_or("").to_owned()))
            .unwrap_or_else(|| "validateRequestOut".to_owned());
        let started = Instant::now();
        let answer = icce_wasm::call_bytes(&percent_decode(&op), &input(&file));
        let took = started.elapsed();
        let v: Value = serde_json::from_str(&answer).unwrap();
        let codes: Vec<String> = v["diagnostics"]
            .as_array()
            .map(|a| a.iter().map(|d| format!("{}@{}", d["code"].as_str().unwrap_or(""), d["pointer"].as_str().unwrap_or(""))).collect())
            .unwrap_or_default();
        out.push_str(&format!(
            "{file}\t{op}\t{}\t{}\t{}B\t{took:?}\t{}\n",
            v["outcome"].as_str().unwrap_or(""),
            codes.join(","),
            answer.len(),
            v["diagnostics"][0]["message"].as_str().unwrap_or("").chars().take(160).collect::<String>()
        ));
    }
    std::fs::write(path, out).unwrap();
}
