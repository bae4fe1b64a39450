//! The command line: `validate` exit codes (0 ready, 1 incomplete, 3 invalid, 2 unusable or a
//! usage error), stated in `--help`, and `batch` (one answer line per input line, streaming on
//! past a bad line).

use serde_json::Value;

use crate::{icce, parse, sample};

#[test]
fn validate_exit_codes() {
    let path = |n: &str| sample(n).to_string_lossy().into_owned();
    let ready = icce(&["validate", &path("request-ready.json")], b"");
    assert_eq!(ready.status.code(), Some(0), "{}", String::from_utf8_lossy(&ready.stderr));
    let text = String::from_utf8_lossy(&ready.stdout);
    assert!(text.starts_with("outcome: ready"), "{text}");
    assert!(text.contains("RO Romania: ready  message GB-RO-REQ-"), "{text}");

    // A destination not on ECRIS: no message id, the NCA named instead; a request language that
    // is not English is said.
    let mut two = parse(&crate::ready());
    two["person"]["nationalities"].as_array_mut().unwrap().push("US".into());
    let two = icce(&["validate", "-"], serde_json::to_string(&two).unwrap().as_bytes());
    let text = String::from_utf8_lossy(&two.stdout);
    assert!(text.contains("RO Romania: ready  message GB-RO-REQ-"), "{text}");
    assert!(text.contains("      request language: ro (the free texts are in English)"), "{text}");
    assert!(text.contains("US United States: ready  through the NCA (Interpol channels): no ECRIS message\n"), "{text}");

    let incomplete = icce(&["validate", &path("request-incomplete.json")], b"");
    assert_eq!(incomplete.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&incomplete.stdout).contains("\nemail:\n"));
    let invalid = icce(&["validate", &path("request-invalid.json"), "--format", "json"], b"");
    assert_eq!(invalid.status.code(), Some(3), "invalid has its own exit code");
    assert_eq!(parse(&String::from_utf8_lossy(&invalid.stdout))["outcome"], "invalid");

    let unusable = icce(&["validate", "-", "--format", "json"], b"{");
    assert_eq!(unusable.status.code(), Some(2));
    assert_eq!(parse(&String::from_utf8_lossy(&unusable.stdout))["diagnostics"][0]["code"], "INP-001");
    assert_eq!(icce(&["validate", "/no/such/file.json"], b"").status.code(), Some(2));
    assert_eq!(icce(&["validate", "--no-such-flag"], b"").status.code(), Some(2));
}

#[test]
fn help_states_the_exit_codes_and_describes_every_flag() {
    let help = icce(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for line in ["Exit codes:", "1  incomplete", "3  invalid", "--cache-dir", "--module"] {
        assert!(text.contains(line), "`{line}` not in --help:\n{text}");
    }
    let validate = String::from_utf8_lossy(&icce(&["validate", "--help"], b"").stdout).into_owned();
    assert!(validate.contains("--format <FORMAT>") && validate.contains("the module's answer as it is"), "{validate}");
    let serve = String::from_utf8_lossy(&icce(&["serve", "--help"], b"").stdout).into_owned();
    assert!(serve.contains("--cors-allow-origin <ORIGIN>"), "{serve}");
}

#[test]
fn batch_streams_one_answer_per_line_and_goes_on_after_a_bad_line() {
    let ready = serde_json::to_string(&parse(&crate::ready())).unwrap();
    let input = format!("{ready}\n{{not json\n\n{ready}\r\n");
    let out = icce(&["batch"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(parse).collect();
    let outcomes: Vec<&str> = lines.iter().map(|l| l["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["ready", "unusable", "ready"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 answered") && stderr.contains("ready 2") && stderr.contains("unusable 1"), "{stderr}");
}
