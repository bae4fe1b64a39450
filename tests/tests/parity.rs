//! Cross-runtime parity: every vector under `tests/vectors/` through native icce-core, the
//! wasmtime host (as a library, on the release module) and node (the wasm-bindgen glue loading the
//! same file). The three answers must be byte-identical as canonical JSON.
//!
//! Needs the built module: run `scripts/build-wasm.sh` first (the test command does).

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn module_path() -> PathBuf {
    let p = repo().join("web-demo/pkg/icce_wasm_bg.wasm");
    assert!(p.exists(), "{} is missing: run scripts/build-wasm.sh first", p.display());
    p
}

/// Every vector: each operation of the table has its folder, `tests/vectors/<operation>/`.
fn vectors() -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for op in icce_core::OPERATIONS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/vectors").join(op.name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".in.json"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (op.name, f)));
    }
    out
}

fn canonical(answer: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(answer).unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"));
    serde_json::to_string(&v).unwrap()
}

struct NodeRun {
    answers: BTreeMap<String, String>,
    summary: serde_json::Value,
}

fn run_node(vectors: &[(&str, PathBuf)]) -> NodeRun {
    let mut child = Command::new("node")
        .arg(repo().join("tests/node/run-vectors.mjs"))
        .arg(module_path())
        .arg(repo().join("web-demo/pkg/icce_wasm.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node 20 is needed");
    let list: String = vectors.iter().map(|(op, f)| format!("{op}\t{}\n", f.display())).collect();
    child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut answers = BTreeMap::new();
    let mut summary = serde_json::Value::Null;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["summary"] == true {
            summary = v;
        } else {
            answers.insert(v["file"].as_str().unwrap().to_owned(), v["answer"].as_str().unwrap().to_owned());
        }
    }
    NodeRun { answers, summary }
}

#[test]
fn every_vector_is_byte_identical_in_native_wasmtime_and_node() {
    let vectors = vectors();
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
    let node = run_node(&[("listRules", repo().join("samples/request-ready.json"))]);
    assert_eq!(node.summary["moduleSha256"].as_str().unwrap(), runtime.module_hash());
    let recorded = std::fs::read_to_string(repo().join("web-demo/pkg/icce_wasm_bg.wasm.sha256")).unwrap();
    assert_eq!(recorded.trim(), runtime.module_hash(), "the recorded SHA-256 is not the module's");
}

#[test]
fn module_imports_are_exactly_the_expected_wasm_bindgen_set() {
    let node = run_node(&[("listRules", repo().join("samples/request-ready.json"))]);
    let got: Vec<String> = node.summary["imports"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
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
    let node = run_node(&[("listRules", repo().join("samples/request-ready.json"))]);
    let got: Vec<&str> = node.summary["faces"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    // The faces every module has besides the table's: the generic call, the lists, the glue's own.
    const OTHERS: &[&str] = &["call", "default", "initSync", "operations", "version"];
    let mut want: Vec<&str> = icce_core::OPERATIONS.iter().flat_map(|o| [o.name, o.json_name]).chain(OTHERS.iter().copied()).collect();
    want.sort_unstable();
    assert_eq!(got, want, "the glue's functions are not the operation table's faces");
}
