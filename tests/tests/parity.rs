//! Cross-runtime parity: every vector under `tests/vectors/` through native icce-core, the
//! wasmtime host (as a library, on the release module) and node (the wasm-bindgen glue loading the
//! same file). The three answers must be byte-identical as canonical JSON.
//!
//! The vectors are the operation table's: each operation of `icce_core::OPERATIONS` has its
//! folder, and the module's JavaScript faces are exactly the table's.
//!
//! Needs the built module: run `scripts/build-wasm.sh` first (the test command does).

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use icce_parity::{Vector, canonical, module_path, node, recorded_module_sha256, repo};
use serde_json::Value;

/// Differences between runtimes that are understood and accepted, with the reason. The target is
/// an empty list; a difference that is not here fails the test.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// Inputs where node's object path (`validateRequestOut(obj)`) cannot give the string path's
/// answer, because `JSON.parse` has already changed the input before icce sees it.
const OBJECT_PATH_EXCEPTIONS: &[(&str, &str)] = &[
    ("wrong-shape-duplicate-key.in.json", "JSON.parse keeps the last of two equal keys; icce refuses the duplicate"),
    ("wrong-shape-sequence-too-big.in.json", "JSON.parse turns 2^64 into a float before icce sees it"),
    ("nesting-10000-deep.in.json", "JSON.stringify refuses 10,000 levels; the object path answers unusable with its own message"),
];

/// Every vector; its folders are exactly the operations of the table.
fn vectors() -> Vec<Vector> {
    let vectors = icce_parity::vectors();
    let folders: BTreeSet<&str> = vectors.iter().map(|v| v.operation.as_str()).collect();
    let table: BTreeSet<&str> = icce_core::OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(folders, table, "the vector folders are not the operation table's operations");
    vectors
}

struct NodeRun {
    answers: BTreeMap<String, String>,
    summary: Value,
}

fn run_node(vectors: &[(String, PathBuf)]) -> NodeRun {
    let list: String = vectors.iter().map(|(op, f)| format!("{op}\t{}\n", f.display())).collect();
    let mut answers = BTreeMap::new();
    let mut summary = Value::Null;
    for v in node::run("run-vectors.mjs", list, None) {
        if v["summary"] == true {
            summary = v;
        } else {
            answers.insert(v["file"].as_str().unwrap().to_owned(), v["answer"].as_str().unwrap().to_owned());
        }
    }
    NodeRun { answers, summary }
}

/// A node run of one call, for what the module says about itself.
fn node_summary() -> Value {
    run_node(&[("listRules".to_owned(), repo().join("samples/request-ready.json"))]).summary
}

#[test]
fn every_vector_is_byte_identical_in_native_wasmtime_and_node() {
    let vectors: Vec<(String, PathBuf)> = vectors().into_iter().map(|v| (v.operation, v.input)).collect();
    assert!(vectors.len() >= 100, "only {} vectors", vectors.len());
    let runtime = icce_host::Runtime::load(module_path()).expect("the host loads the module");
    let node = run_node(&vectors);
    let mut differences = Vec::new();
    for (op, file) in &vectors {
        let text = std::fs::read_to_string(file).unwrap();
        let native = canonical(&icce_core::call_json(op, &text));
        let wasmtime = canonical(&runtime.call(op, &text).expect("the host answers"));
        let key = file.display().to_string();
        let node_answer = canonical(node.answers.get(&key).unwrap_or_else(|| panic!("node gave no answer for {key}")));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if native != wasmtime {
            differences.push(format!("{name}: native and wasmtime differ"));
        }
        if native != node_answer {
            differences.push(format!("{name}: native and node differ"));
        }
    }
    println!("parity: {} vectors x 3 runtimes, {} differences", vectors.len(), differences.len());
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));

    // The object path agrees with the string path, except where JSON.parse changed the input.
    let disagreements: Vec<String> = node.summary["objectPathDisagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Path::new(v.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| !OBJECT_PATH_EXCEPTIONS.iter().any(|(e, _)| e == n))
        .collect();
    assert!(disagreements.is_empty(), "node's object path and string path disagree on: {disagreements:?}");
}

#[test]
fn node_and_host_report_the_same_module_hash() {
    let runtime = icce_host::Runtime::load(module_path()).unwrap();
    assert_eq!(node_summary()["moduleSha256"].as_str().unwrap(), runtime.module_hash());
    assert_eq!(recorded_module_sha256(), runtime.module_hash(), "the recorded SHA-256 is not the module's");
}

#[test]
fn module_imports_are_exactly_the_expected_wasm_bindgen_set() {
    let got: Vec<String> = node_summary()["imports"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let expected_file = repo().join("tests/expected-imports.txt");
    let expected: Vec<String> = std::fs::read_to_string(&expected_file)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect();
    if std::env::var_os("BLESS").is_some() {
        let mut text = String::from("# The module's imports (all wasm-bindgen's); a new import fails the parity test.\n# Regenerate with BLESS=1 after reviewing why it appeared.\n");
        for i in &got {
            text.push_str(i);
            text.push('\n');
        }
        std::fs::write(&expected_file, text).unwrap();
        return;
    }
    assert_eq!(got, expected, "the module's import list changed; review it, then BLESS=1");
    assert!(got.iter().all(|i| i.starts_with("./icce_wasm_bg.js.") || i.starts_with("wbg.")), "an import from outside wasm-bindgen: {got:?}");
}

#[test]
fn the_javascript_faces_are_the_operation_table() {
    let summary = node_summary();
    let got: Vec<&str> = summary["faces"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    // The faces every module has besides the table's: the generic call, the lists, the glue's own.
    const OTHERS: &[&str] = &["call", "default", "initSync", "operations", "version"];
    let mut want: Vec<&str> = icce_core::OPERATIONS.iter().flat_map(|o| [o.name, o.json_name]).chain(OTHERS.iter().copied()).collect();
    want.sort_unstable();
    assert_eq!(got, want, "the glue's functions are not the operation table's faces");
}
