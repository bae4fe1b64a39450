//! File-driven tests: every input under `tests/vectors/<operation>/*.in.json` runs through the JSON
//! contract, and the answer must equal `*.out.json` beside it, byte for byte after canonical
//! formatting (keys sorted, two-space indentation). The folders are the operation table's names:
//! every operation has vectors, and every folder is an operation.
//!
//! `BLESS=1 cargo test -p icce-core --test vectors` rewrites the expected answers. Never edit
//! them by hand: regenerate, then read the diff.
//!
//! Also here: the same input gives the same bytes twice; every diagnostic code is produced by at
//! least one vector or named check; every country file has vectors; and every ECRIS XML message in
//! the answers validates against the official schemas (`xmllint`, `schemas/ecris-v1.0/`).

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Vector {
    input: PathBuf,
    expected: PathBuf,
    operation: &'static str,
}

/// Every vector, operation by operation in the table's order.
fn vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    for op in icce_core::OPERATIONS {
        let dir = repo().join("tests/vectors").join(op.name);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} (every operation has a vector folder named after it)", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".in.json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no vectors", dir.display());
        for input in files {
            let expected = PathBuf::from(input.to_string_lossy().replace(".in.json", ".out.json"));
            out.push(Vector { input, expected, operation: op.name });
        }
    }
    out
}

#[test]
fn every_vector_folder_is_an_operation() {
    let names: BTreeSet<&str> = icce_core::OPERATIONS.iter().map(|o| o.name).collect();
    for entry in std::fs::read_dir(repo().join("tests/vectors")).unwrap() {
        let entry = entry.unwrap();
        let folder = entry.file_name().to_string_lossy().into_owned();
        // A note beside the folders (CASES.md: what the held-out cases prove) is not a vector.
        if entry.path().is_file() && folder.ends_with(".md") {
            continue;
        }
        assert!(entry.path().is_dir() && names.contains(folder.as_str()), "tests/vectors/{folder} is not an operation of the table: {names:?}");
    }
}

/// Canonical form: parsed, keys sorted (serde_json's map is ordered by key), pretty-printed.
fn canonical(answer: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(answer).expect("every answer is JSON");
    serde_json::to_string_pretty(&v).unwrap() + "\n"
}

fn run(v: &Vector) -> String {
    // Read as bytes: some inputs are deliberately not JSON; all are UTF-8 text.
    let text = String::from_utf8(std::fs::read(&v.input).unwrap()).expect("vector inputs are UTF-8");
    icce_core::call_json(v.operation, &text)
}

#[test]
fn vectors_match_expected_answers() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for v in vectors() {
        let got = canonical(&run(&v));
        if bless {
            std::fs::write(&v.expected, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&v.expected) {
            Ok(want) if want == got => {}
            Ok(_) => failures.push(format!("{}: answer differs from {}", v.input.display(), v.expected.display())),
            Err(_) => failures.push(format!("{}: no expected answer; run with BLESS=1", v.input.display())),
        }
    }
    assert!(failures.is_empty(), "{} vector(s) failed (regenerate with BLESS=1 cargo test -p icce-core --test vectors, then review the diff):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn same_input_same_bytes() {
    for v in vectors() {
        assert_eq!(run(&v), run(&v), "{}", v.input.display());
    }
}

#[test]
fn enough_vectors_and_every_country_file_has_them() {
    let all = vectors();
    let requests: Vec<&Vector> = all.iter().filter(|v| v.operation == "validateRequestOut").collect();
    assert!(requests.len() >= 40, "only {} request vectors", requests.len());
    let names: BTreeSet<String> = requests.iter().map(|v| v.input.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for c in icce_core::rulebook::COUNTRIES {
        let want = format!("country-{}-baseline-only.in.json", c.code.to_lowercase());
        assert!(names.contains(&want), "no vector for {}: expected {want}", c.file);
    }
}

#[test]
fn every_diagnostic_code_is_exercised() {
    let mut seen = BTreeSet::new();
    for v in vectors() {
        let answer: serde_json::Value = serde_json::from_str(&run(&v)).unwrap();
        for d in answer["diagnostics"].as_array().into_iter().flatten() {
            seen.insert(d["code"].as_str().unwrap().to_owned());
        }
    }
    // Exercised by name, not by a vector file: an oversized input (a 1 MiB file in the repository
    // would be noise) and an unknown operation (vectors are per operation).
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(icce_core::api::MAX_INPUT_BYTES));
    for (op, input) in [("validateRequestOut", big.as_str()), ("noSuchOperation", "{}")] {
        let answer: serde_json::Value = serde_json::from_str(&icce_core::call_json(op, input)).unwrap();
        assert_eq!(answer["outcome"], "unusable");
        seen.insert(answer["diagnostics"][0]["code"].as_str().unwrap().to_owned());
    }
    let missing: Vec<&str> = icce_core::diag::CODES.iter().map(|c| c.code).filter(|c| !seen.contains(*c)).collect();
    assert!(missing.is_empty(), "diagnostic codes no vector produces: {missing:?}");
}

fn xsd_dir() -> PathBuf {
    std::env::var_os("ICCE_ECRIS_XSD").map_or_else(|| repo().join("schemas/ecris-v1.0"), PathBuf::from)
}

/// Validate XML documents against the ECRIS v1.0 schemas, through the stand-alone schema that
/// declares the root elements (the WSDL declares them; `schemas/ecris-v1.0/README.md`).
pub fn validate_ecris_xml(docs: &[(String, String)]) {
    let roots = xsd_dir().join("ecris-roots-v1.0.xsd");
    assert!(roots.is_file(), "the ECRIS schemas are not at {}", xsd_dir().display());
    // One folder per call: tests run in parallel, and two of them validate.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = std::env::temp_dir().join(format!("icce-xml-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut files = Vec::new();
    for (i, (name, xml)) in docs.iter().enumerate() {
        let f = tmp.join(format!("{i:04}-{}.xml", name.replace(['/', ' '], "_")));
        std::fs::write(&f, xml).unwrap();
        files.push(f);
    }
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&roots)
        .args(&files)
        .output()
        .expect("xmllint is needed (Debian package libxml2-utils; the README's test command installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let valid = stderr.lines().filter(|l| l.ends_with(" validates")).count();
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(out.status.success() && valid == files.len(), "ECRIS XML failed schema validation:\n{stderr}");
}

/// Every string under a key named `xml`, wherever it is in the answer.
fn collect_xml(v: &serde_json::Value, name: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("xml", serde_json::Value::String(s)) => out.push((format!("{name}-{}", out.len()), s.clone())),
                    _ => collect_xml(x, name, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_xml(x, name, out)),
        _ => {}
    }
}

#[test]
fn every_rendered_ecris_message_validates_against_the_official_schemas() {
    let mut docs = Vec::new();
    for v in vectors() {
        let answer: serde_json::Value = serde_json::from_str(&run(&v)).unwrap();
        let name = v.input.file_name().unwrap().to_string_lossy().into_owned();
        collect_xml(&answer, &name, &mut docs);
    }
    assert!(docs.len() >= 100, "only {} ECRIS messages rendered", docs.len());
    for root in ["svc:RequestMessage", "svc:NotificationMessage", "svc:NotificationResponseMessage"] {
        assert!(docs.iter().any(|(_, x)| x.contains(root)), "no {root} among the rendered messages");
    }
    validate_ecris_xml(&docs);
}

/// The message given as XML in an input (`requestXml`, `notificationXml`), if any.
fn input_xml(v: &Vector) -> Option<String> {
    let input: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&v.input).ok()?).ok()?;
    ["requestXml", "notificationXml"].iter().find_map(|k| input[*k].as_str().map(str::to_owned))
}

#[test]
fn every_xml_ok_input_validates_against_the_official_schemas() {
    // The `xml-ok-*` inputs are valid ECRIS messages (hand-made from the schema shapes, or written
    // by icce); the other `xml-*` inputs are wrong on purpose.
    let mut docs = Vec::new();
    for v in vectors() {
        let name = v.input.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("xml-ok-") {
            docs.push((name.clone(), input_xml(&v).unwrap_or_else(|| panic!("{name}: no requestXml or notificationXml"))));
        }
    }
    assert!(docs.len() >= 10, "only {} valid XML inputs", docs.len());
    validate_ecris_xml(&docs);
}

/// An answer with what may differ between a message given as JSON and as XML taken out: where
/// diagnostics point (a JSON field, or the XML's line and column) and the warning that lists the
/// XML elements icce reads past.
fn comparable(answer: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(answer).unwrap();
    let ds = v["diagnostics"].as_array().cloned().unwrap_or_default();
    let kept: Vec<serde_json::Value> = ds
        .into_iter()
        .filter(|d| d["code"] != "INP-301")
        .map(|mut d| {
            let o = d.as_object_mut().unwrap();
            o.remove("pointer");
            o.remove("message");
            d
        })
        .collect();
    v["diagnostics"] = serde_json::Value::Array(kept);
    v
}

#[test]
fn the_same_message_as_json_and_as_xml_gives_the_same_answer() {
    let all = vectors();
    let mut pairs = 0;
    for v in &all {
        let name = v.input.file_name().unwrap().to_string_lossy().into_owned();
        let Some(twin) = name.strip_prefix("xml-ok-") else { continue };
        let Some(json) = all.iter().find(|w| w.input.parent() == v.input.parent() && w.input.file_name().is_some_and(|f| f.to_string_lossy() == twin)) else { continue };
        pairs += 1;
        let (a, b) = (comparable(&run(json)), comparable(&run(v)));
        assert_eq!(a, b, "{name} and {twin} give different answers");
        assert_ne!(a["outcome"], "unusable", "{twin}");
    }
    assert!(pairs >= 8, "only {pairs} JSON/XML pairs");
}

/// Every reference code a rendered ECRIS message carries is from a sourced table (Annex A and B
/// as far as they are bundled, identity documents, response codes, decision changes, offence
/// levels), or the answer names it in a diagnostic: a schema default, a derived reference or a
/// local placeholder never goes out silently.
#[test]
fn every_code_of_a_rendered_message_is_sourced_or_named() {
    let mut checked = 0;
    let mut silent = Vec::new();
    for v in vectors() {
        let answer: serde_json::Value = serde_json::from_str(&run(&v)).unwrap();
        let said: String = answer["diagnostics"].as_array().into_iter().flatten().map(|d| d["message"].as_str().unwrap_or("")).collect::<Vec<_>>().join("\n");
        let mut docs = Vec::new();
        collect_xml(&answer, "x", &mut docs);
        for (_, xml) in docs {
            let doc = roxmltree::Document::parse(&xml).unwrap();
            for n in doc.descendants().filter(|n| n.is_element() && n.tag_name().name().ends_with("Reference") && !n.children().any(|c| c.is_element())) {
                let code = n.text().unwrap_or("").trim();
                if n.tag_name().name() == "ECRISConvictionReference" {
                    continue;
                }
                checked += 1;
                if icce_core::ecris::codes::classify(code).is_some() && !said.contains(code) {
                    silent.push(format!("{}: {code} in {}", v.input.display(), n.tag_name().name()));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} codes checked");
    assert!(silent.is_empty(), "codes sent without a word:\n{}", silent.join("\n"));
}

/// `checkRequestOut` gives `validateRequestOut`'s verdict on every request vector: the same
/// outcome, the same status for each destination, and the same diagnostics (code, severity,
/// pointer, message), without the messages, the email, the help and the sources.
#[test]
fn the_check_gives_the_validation_verdict_on_every_request_vector() {
    let mut compared = 0;
    for v in vectors().iter().filter(|v| v.operation == "validateRequestOut") {
        let text = String::from_utf8(std::fs::read(&v.input).unwrap()).unwrap();
        let full: serde_json::Value = serde_json::from_str(&icce_core::call_json("validateRequestOut", &text)).unwrap();
        let check: serde_json::Value = serde_json::from_str(&icce_core::call_json("checkRequestOut", &text)).unwrap();
        let name = v.input.display();
        assert_eq!(check["outcome"], full["outcome"], "{name}");
        let statuses = |a: &serde_json::Value| -> Vec<(String, String)> {
            a["destinations"].as_array().into_iter().flatten().map(|d| (d["country"].to_string(), d["status"].to_string())).collect()
        };
        assert_eq!(statuses(&check), statuses(&full), "{name}");
        let findings = |a: &serde_json::Value| -> Vec<[String; 4]> {
            a["diagnostics"].as_array().into_iter().flatten().map(|d| ["code", "severity", "pointer", "message"].map(|k| d[k].to_string())).collect()
        };
        assert_eq!(findings(&check), findings(&full), "{name}");
        assert_eq!(check["diagnosticsDropped"], full["diagnosticsDropped"], "{name}");
        compared += 1;
    }
    assert!(compared >= 150, "only {compared} request vectors compared");
}
