//! No personal data in logs or metrics (FUZZING.md, section "Privacy").
//!
//! Every input under `tests/vectors/` goes through `icce serve` (HTTP), and through `icce validate`
//! (requests) or `icce call` (the rest), and `icce batch`, all with `RUST_LOG=trace` (every crate's
//! most verbose logging, wasmtime's and hyper's included). The personal values are taken from the
//! inputs by program: every string under a key that holds a name, a date of birth, a place of
//! birth, an identifier, a document or an address, and the officer's contact details. None of them
//! may appear in any log line or in `/metrics`; metric labels must come from small fixed sets.
//!
//! Values of five characters or more are searched as substrings; shorter ones (a year of birth,
//! "Jan") as whole words, since as substrings they would match unrelated text.

use std::collections::BTreeSet;
use std::time::Duration;

use icce_parity::http::{metrics, post};
use icce_parity::server::Server;
use icce_parity::{Vector, vectors, without_bom};
use serde_json::Value;

use crate::{icce_bin, icce_with, module};

/// Keys whose string values are personal data (names, birth, identifiers, documents, addresses,
/// the officer's contact details and free text about the person).
const PERSONAL_KEYS: &[&str] = &[
    "forename", "surname", "secondSurname", "fullName", "surnameAtBirth", "maidenName", "dateOfBirth", "town",
    "identityNumber", "number", "pncId", "croNumber", "asn", "custodyRecord", "caseReference", "street", "postcode",
    "reference", "email", "phone", "name", "details", "description", "proceedings", "remarks", "arrestDate",
    // messages in and out: the person, and the identifiers of their convictions
    "birthDate", "birthTown", "convictionId", "previousConvictionId", "updatedConvictionReference", "fileNumber",
    "place", "purposeDescription",
];

/// Values under those keys that are not about anyone: the sending authority is an institution.
fn is_institutional(path: &str) -> bool {
    path.starts_with("/context/")
}

fn collect(v: &Value, path: &str, key: Option<&str>, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                collect(x, &format!("{path}/{k}"), Some(k), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect(x, &format!("{path}/{i}"), key, out);
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if key.is_some_and(|k| PERSONAL_KEYS.contains(&k)) && !is_institutional(path) && s.chars().count() >= 3 {
                out.insert(s.to_owned());
            }
        }
        _ => {}
    }
}

/// Every vector of every folder, including folders added after this test was written.
fn vector_inputs() -> Vec<Vector> {
    let files = vectors();
    let folders: BTreeSet<&str> = files.iter().map(|v| v.operation.as_str()).collect();
    assert!(folders.len() >= 2, "vector folders: {folders:?}");
    files
}

fn personal_values(files: &[Vector]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for v in files {
        let text = std::fs::read_to_string(&v.input).unwrap();
        if let Ok(v) = serde_json::from_str::<Value>(without_bom(&text)) {
            collect(&v, "", None, &mut out);
        }
    }
    out
}

/// Log lines without what the server measures itself: the leading timestamp
/// (`2026-11-28T17:39:54.346140Z`) and the numbers of `status=` and `duration_us=`. They are not
/// input, and a year of birth such as `1984` or a partial date such as `2026-11` would match them.
fn without_timestamps(log: &str) -> String {
    log.lines()
        .map(|l| match l.split_once(' ') {
            Some((ts, rest)) if ts.len() >= 20 && ts.ends_with('Z') && ts.as_bytes().get(10) == Some(&b'T') => rest,
            _ => l,
        })
        .map(|l| {
            l.split(' ')
                .filter(|w| !["status=", "duration_us="].iter().any(|k| w.strip_prefix(k).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Metric lines without their sample values (counts, sums, `le` bounds are numbers the server
/// makes): names and labels are what could carry input.
fn metric_names_and_labels(metrics: &str) -> String {
    metrics
        .lines()
        .map(|l| match l.rsplit_once(' ') {
            Some((head, _)) if !l.starts_with('#') => head.split(",le=").next().unwrap_or(head),
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a value occurs in `text`: substring for long values, whole word for short ones.
fn leaks(text: &str, values: &BTreeSet<String>) -> Vec<String> {
    let text = &without_timestamps(text);
    let words: BTreeSet<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    values
        .iter()
        .filter(|v| if v.chars().count() >= 5 { text.contains(v.as_str()) } else { words.contains(v.as_str()) })
        .map(|v| {
            let at = text.find(v.as_str()).unwrap_or(0);
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line: String = text[line_start..].lines().next().unwrap_or("").chars().take(200).collect();
            format!("{v:?} in: {line}")
        })
        .collect()
}

#[test]
fn the_values_are_found_by_the_check_itself() {
    // The check can see a leak: a log line that quotes a name is caught, short values as words.
    let values: BTreeSet<String> = ["Testescu".to_owned(), "1991".to_owned(), "Jan".to_owned()].into();
    assert_eq!(leaks("call operation=x name=Testescu", &values).len(), 1);
    assert_eq!(leaks("born 1991 in", &values).len(), 1);
    assert!(leaks("2026-11-28T17:39:54.346140Z  INFO call 1991-x", &["2026-11".to_owned()].into()).is_empty());
    assert!(leaks("INFO call status=200 duration_us=1991", &values).is_empty());
    assert_eq!(leaks("INFO call name=1991", &values).len(), 1);
    assert!(leaks("duration_us=19910 January", &values).is_empty());
    let files = vector_inputs();
    let v = personal_values(&files);
    assert!(v.len() > 100, "only {} personal values in the vectors", v.len());
    for expected in ["Ionela Maria", "Testescu", "1991-03-14", "2019/0123456E", "Cluj-Napoca"] {
        assert!(v.contains(expected) || !files.iter().any(|f| std::fs::read_to_string(&f.input).unwrap().contains(expected)), "{expected} not collected");
    }
}

#[test]
fn serve_logs_and_metrics_hold_no_personal_data_at_trace_level() {
    let files = vector_inputs();
    let values = personal_values(&files);
    let mut server = Server::start(icce_bin(), &module(), "trace", &[]);
    let mut answered = 0;
    for v in &files {
        let status = post(&server.addr, &v.operation, &std::fs::read(&v.input).unwrap()).status;
        // 400: an empty input is a missing body over HTTP.
        assert!(matches!(status, 200 | 400 | 422), "{}: {status}", v.input.display());
        answered += 1;
    }
    let metrics = metrics(&server.addr);
    let problem = post(&server.addr, "noSuchOperation", b"{}").json();
    server.terminate();
    server.wait_exit(Duration::from_secs(15));
    let output = server.stop();
    let log = output.log;
    assert!(log.lines().count() > answered, "trace logging was not on ({} lines)", log.lines().count());

    let mut found = leaks(&log, &values);
    found.extend(leaks(&output.stdout, &values));
    found.extend(leaks(&metric_names_and_labels(&metrics), &values).into_iter().map(|l| format!("/metrics: {l}")));
    assert!(found.is_empty(), "{} personal values in serve's logs or metrics:\n{}", found.len(), found.join("\n"));

    // Labels come from fixed sets.
    // The operations: the module's own list, from its answer to an unknown operation
    // ("operations: a, b, c" in the help of the 404 problem).
    let mut ops: Vec<String> = problem
        .get("help")
        .and_then(Value::as_str)
        .and_then(|h| h.strip_prefix("operations: "))
        .expect("the unknown-operation help lists the operations")
        .split(", ")
        .map(str::to_owned)
        .collect();
    ops.push("other".to_owned());
    let outcomes = ["ready", "incomplete", "invalid", "unusable", "ok", "other"];
    let reasons = ["body-too-large", "body-unreadable", "body-timeout", "body-missing", "unsupported-media-type", "unknown-operation", "host-error", "overloaded", "queue-timeout", "connections-refused"];
    for line in metrics.lines().filter(|l| !l.starts_with('#') && l.contains('{')) {
        let labels = &line[line.find('{').unwrap() + 1..line.rfind('}').unwrap()];
        for pair in labels.split("\",").map(|p| p.trim_end_matches('"')) {
            let (k, v) = pair.split_once("=\"").unwrap();
            let ok = match k {
                "operation" => ops.iter().any(|o| o == v),
                "outcome" => outcomes.contains(&v),
                "reason" => reasons.contains(&v),
                "le" => true,
                "module_sha256" | "rulebook_version" | "rulebook_hash" => line.starts_with("icce_module_info"),
                _ => false,
            };
            assert!(ok, "unbounded or unknown label {k}={v:?} in {line}");
        }
    }
    println!("privacy: serve, {answered} vectors at trace level ({} log lines), {} personal values, none found", log.lines().count(), values.len());
}

#[test]
fn cli_logs_hold_no_personal_data_at_trace_level() {
    let files = vector_inputs();
    let values = personal_values(&files);
    let run = |args: &[&str], stdin: &[u8]| String::from_utf8_lossy(&icce_with(args, &[("RUST_LOG", "trace")], stdin).stderr).into_owned();
    let mut logs = String::new();
    for v in &files {
        let path = v.input.to_string_lossy();
        if v.operation == "validateRequestOut" {
            logs.push_str(&run(&["validate", &path], b""));
        } else {
            logs.push_str(&run(&["call", &v.operation, "-"], &std::fs::read(&v.input).unwrap()));
        }
    }
    // batch: every request vector as one line of JSON Lines.
    let lines: String = files
        .iter()
        .filter(|v| v.operation == "validateRequestOut")
        .map(|v| {
            let t = std::fs::read_to_string(&v.input).unwrap();
            serde_json::from_str::<Value>(without_bom(&t)).map_or_else(|_| t.replace('\n', " "), |v| v.to_string()) + "\n"
        })
        .collect();
    logs.push_str(&run(&["batch"], lines.as_bytes()));
    // The CLI logs nothing of its own at any level; what reaches stderr is its messages (the batch
    // summary, say) and whatever its libraries log at trace level.
    assert!(logs.contains("icce batch:"), "stderr was not captured:\n{logs}");
    let found = leaks(&logs, &values);
    assert!(found.is_empty(), "{} personal values in the CLI's logs:\n{}", found.len(), found.join("\n"));
    println!("privacy: CLI, {} vectors through validate or call, and batch, at trace level ({} log lines), none found", files.len(), logs.lines().count());
}
