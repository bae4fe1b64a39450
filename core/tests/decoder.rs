//! The input decoder (`icce_core::decode`, the one the operations and the module use) against its
//! oracle, serde's derived decoders with icce's strict layer (`icce_core::api::decode_strict`):
//! for every operation's input type, both read the same documents as the same value (compared
//! through `Debug`, which shows every field) and refuse the others with the same diagnostic (code,
//! pointer, message, help). Over every vector and hostile input; over every member of every vector
//! left out, set to `null` or replaced by a value of each JSON type and of the edge cases of
//! numbers and strings; over every capped list at every length past its cap; over thousands of
//! mutations of the vectors' texts (a byte changed, removed or repeated; a token put in), seeded
//! so that every run makes the same ones. The fuzz targets check the same on whatever libFuzzer
//! makes.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use icce_core::api::{self, Oracled, RequestOutInput};

/// Both decoders on `json` as a `T` ([`api::Oracled`]: the same value or the same diagnostic,
/// every field compared). Whether it was read.
fn alike<'j, T: Oracled<'j>>(json: &'j str) -> bool {
    T::agree(json).unwrap_or_else(|differ| panic!("{differ}\non: {}", json.chars().take(400).collect::<String>()))
}

/// [`alike`] for the input type of `operation` (a row of the operation table).
fn alike_for(operation: &str, json: &str) -> bool {
    api::decoders_agree(operation, json)
        .unwrap_or_else(|| panic!("not an operation: {operation}"))
        .unwrap_or_else(|differ| panic!("{differ}\non: {}", json.chars().take(400).collect::<String>()))
}

/// The operations with an input of their own (one of the two request-out operations stands for
/// both), and each operation's vectors: (operation, file name, text).
const OPERATIONS: [&str; 6] = ["validateRequestOut", "answerRequestIn", "buildNotificationsOut", "checkNotificationIn", "quarterlyProfile", "showRules"];

fn inputs() -> Vec<(String, String, String)> {
    icce_parity::vectors()
        .into_iter()
        .filter(|v| OPERATIONS.contains(&v.operation.as_str()))
        .filter_map(|v| {
            let text = std::fs::read_to_string(&v.input).ok()?;
            Some((v.operation.clone(), v.input.file_name()?.to_string_lossy().into_owned(), icce_parity::without_bom(&text).to_owned()))
        })
        .collect()
}

#[test]
fn every_vector_is_read_alike() {
    let inputs = inputs();
    for op in OPERATIONS {
        let n = inputs.iter().filter(|(o, _, _)| o == op).count();
        assert!(n > 0, "no vectors of {op}");
    }
    let read = inputs.iter().filter(|(op, _, json)| alike_for(op, json)).count();
    assert!(inputs.len() > 300 && read > inputs.len() / 2, "{read} of {} vectors read", inputs.len());
}

#[test]
fn hostile_inputs_are_read_alike_as_every_input_type() {
    for file in icce_parity::hostile::input_files() {
        if let Ok(text) = String::from_utf8(icce_parity::hostile::input(&file)) {
            for op in OPERATIONS {
                alike_for(op, &text);
            }
        }
    }
}

/// Every member's path in `v` (object keys and list indexes).
fn paths(v: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, child) in m {
                path.push(k.clone());
                out.push(path.clone());
                paths(child, path, out);
                path.pop();
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                out.push(path.clone());
                paths(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(v: &'v mut serde_json::Value, path: &[String]) -> &'v mut serde_json::Value {
    let mut at = v;
    for step in path {
        at = match at {
            serde_json::Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
            other => &mut other[step.as_str()],
        };
    }
    at
}

/// Values put in place of a member: one of each JSON type, the edges of numbers (negative, zero
/// written as a float, too large for a type, beyond `u64`, out of `f64`'s range), strings an enum
/// does not name and strings with escapes, a list and an object that belong nowhere, and the
/// forms serde_json reads an enum's name in.
const REPLACEMENTS: &[&str] = &[
    "null", "true", "false", "0", "-1", "-0", "7", "2.0", "2.5", "-3.0", "256", "65536", "4294967296", "18446744073709551615",
    "18446744073709551616", "1e3", "1E400", "-1e-400", "9007199254740993.0", "\"\"", "\"x\"", "\"male\"", "\"A\\u00e9\"",
    "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud800\\u0041\"", "[]", "[1]", "[\"PL\"]", "[{}]", "[null]", "{}", "{\"x\":1}",
    "{\"male\":null}", "{\"male\":1}", "{\"male\":null,\"female\":null}", "{\"kind\":\"form\"}", "{\"kind\":\"form\",\"reason\":\"ukNational\"}",
    "{\"kind\":\"form\",\"reason\":{\"ukNational\":null}}", "{\"kind\":\"form\",\"reason\":[]}", "{\"kind\":\"form\",\"reason\":5,\"x\":[]}",
    "{\"kind\":\"automatedCustody\",\"x\":1}", "{\"kind\":\"other\",\"details\":\"x\"}", "{\"kind\":5}", "{\"kind\":\"nope\"}",
    "{\"kind\":\"lawEnforcement\",\"description\":\"\\ud800\"}", "{\"kind\":\"criminalProceedings\",\"kind\":\"other\"}",
    "{\"x\":{\"y\":[1]},\"kind\":\"form\"}", "{\"kind\":\"form\",\"reason\":\"ukNational\",\"reason\":\"notArrested\"}",
    "{\"kind\":\"form\",\"reason\":\"ukNational\",\"reason\":\"nope\"}", "{\"kind\":\"lawEnforcement\",\"description\":\"x\",\"description\":5}",
];

/// Every member of every object and list of every vector, left out, set to `null` and replaced by
/// each of [`REPLACEMENTS`] (one at a time), as each operation's input type: the two decoders
/// agree on every document. This holds every field's kind (required, optional, defaulted, capped)
/// and every reader of a value to the derived `Deserialize`.
#[test]
fn each_member_left_out_or_replaced_is_read_alike() {
    let mut documents = 0;
    let mut seen = std::collections::HashSet::new();
    for (op, _, json) in inputs() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else { continue };
        let mut all = Vec::new();
        paths(&value, &mut Vec::new(), &mut all);
        for path in all {
            // One document per shape of path (the vectors repeat their members a great deal).
            let shape: Vec<&str> = path.iter().map(|s| if s.parse::<usize>().is_ok() { "#" } else { s.as_str() }).collect();
            if !seen.insert((op.clone(), shape.join("/"))) {
                continue;
            }
            let (last, above) = path.split_last().unwrap();
            let mut without = value.clone();
            match at(&mut without, above) {
                serde_json::Value::Object(m) => drop(m.remove(last)),
                serde_json::Value::Array(items) => drop(items.remove(last.parse::<usize>().unwrap())),
                _ => unreachable!(),
            }
            alike_for(&op, &without.to_string());
            documents += 1;
            for replacement in REPLACEMENTS {
                // Written into the text, so that what serde_json's `Value` cannot hold (a lone
                // surrogate, a number out of range) is put in as it is.
                let mut marked = value.clone();
                *at(&mut marked, &path) = serde_json::Value::String("\u{1}MARK\u{1}".into());
                let text = marked.to_string().replace("\"\\u0001MARK\\u0001\"", replacement);
                alike_for(&op, &text);
                documents += 1;
            }
        }
    }
    assert!(documents > 10_000, "{documents} documents");
}

/// Each capped list at every length up to past its cap: the decoder's caps are serde's
/// (`strict::at_most`), and the item past the cap is read before the list is refused.
#[test]
fn list_caps_are_serdes() {
    let inputs = inputs();
    let base = |name: &str| -> serde_json::Value {
        let (_, _, json) = inputs.iter().find(|(_, n, _)| n == name).unwrap_or_else(|| panic!("{name}"));
        serde_json::from_str(json).unwrap()
    };
    let request = base("asn-valid.in.json");
    let lists: [(&str, &str, serde_json::Value); 8] = [
        ("request", "destinations", "PL".into()),
        ("request", "offences", serde_json::json!({})),
        ("person", "formerNames", serde_json::json!({})),
        ("person", "aliases", serde_json::json!({})),
        ("person", "nationalities", "PL".into()),
        ("person", "identityDocuments", serde_json::json!({})),
        ("person", "addresses", serde_json::json!({})),
        ("person", "notKnown", "mother-maiden-name".into()),
    ];
    for (object, list, item) in lists {
        let mut longest = None;
        for n in 0..=60 {
            let mut doc = request.clone();
            doc[object][list] = serde_json::Value::Array(vec![item.clone(); n]);
            if alike::<RequestOutInput>(&doc.to_string()) {
                longest = Some(n);
            }
            // The item past the cap is read first: a bad one is refused as that item.
            let mut bad = doc.clone();
            bad[object][list].as_array_mut().unwrap().push(serde_json::json!(5));
            alike::<RequestOutInput>(&bad.to_string());
        }
        assert!(longest.is_some_and(|n| n < 60), "{list}: read up to {longest:?} items");
    }
}

/// Containers nested near serde_json's recursion limit, where an internally tagged enum buffers
/// whatever it is given: refused at the same depth with the same error.
#[test]
fn deep_nesting_is_refused_at_the_same_depth() {
    let (_, _, json) = inputs().into_iter().find(|(_, n, _)| n == "asn-valid.in.json").unwrap();
    for depth in [100, 120, 122, 123, 124, 125, 126, 130, 200] {
        let deep = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let route = format!("\"route\": {{\"kind\":\"form\",\"x\":{deep},");
        let text = json.replacen("\"route\": {", &route, 1);
        assert_ne!(text, json);
        alike::<RequestOutInput>(&text);
        let list = format!("\"route\": {{\"x\":{}{},", "[".repeat(depth), "]".repeat(depth));
        alike::<RequestOutInput>(&json.replacen("\"route\": {", &list, 1));
    }
}

/// Documents written by hand where a mutation is unlikely to land: keys written with escapes,
/// repeated members, every form of an enum's name, whitespace everywhere.
#[test]
fn hand_written_edges_are_read_alike() {
    let cases: &[(&str, &str)] = &[
        ("showRules", r#"{"country":"PL"}"#),
        ("showRules", r#" { "country" : "PL" } "#),
        ("showRules", r#"{"c\u006funtry":"PL"}"#),
        ("showRules", r#"{"country":"PL","country":"DE"}"#),
        ("showRules", r#"{"country":"PL","x":1}"#),
        ("showRules", r#"{"\ud800":1}"#),
        ("showRules", r#"{"country":"P\ud800"}"#),
        ("showRules", r#"{}"#),
        ("showRules", r#"[]"#),
        ("showRules", r#"["PL"]"#),
        ("showRules", r#"null"#),
        ("showRules", r#""PL""#),
        ("showRules", r#"{"country":"PL"} x"#),
        ("showRules", r#"{"country":"PL"}}"#),
        ("showRules", r#"{"country":"PL",}"#),
        ("showRules", r#"{"country":1e400}"#),
        ("showRules", r#"{"country":-0}"#),
        ("showRules", ""),
        ("showRules", "   "),
        ("quarterlyProfile", r#"{"entries":[]}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":null}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":{"requestsOut":null},"country":"PL","date":"2026-01-01"}]}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":{"requestsOut":null,"x":1},"country":"PL","date":"2026-01-01"}]}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":{},"country":"PL","date":"2026-01-01"}]}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":{"nope":null},"country":"PL","date":"2026-01-01"}]}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":{"requestsOut":[]},"country":"PL","date":"2026-01-01"}]}"#),
        ("quarterlyProfile", r#"{"entries":[{"process":"requestsOut","country":"PL","date":"2026-01-01","outcome":null}]}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":1.0,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":1,"rows":[]}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":-1,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":9007199254740992.0,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":9007199254740994.0,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":1e19,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":0.1e1,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":123456789012345678901234567890,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":1.7976931348623157e309,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":2.2250738585072011e-308,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
        ("quarterlyProfile", r#"{"entries":[],"profileSoFar":{"entriesRead":0.30000000000000004,"rows":[],"diagnostics":[],"diagnosticsDropped":0}}"#),
    ];
    for (op, json) in cases {
        alike_for(op, json);
    }
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// What a mutation may put in: JSON's tokens, escapes, numbers of every form, and members the
/// inputs have (so that a key is repeated or lands in another object).
const PIECES: &[&str] = &[
    "\"", "\\", "\\u00e9", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\u0041", "\\u0000",
    "\\n", "\\b", "\\f", "\\r", "\\t", "\\/", "\\\\", "\\\"", "\\x", "{", "}", "[", "]", ",", ":", " ", "\n", "\t", "null",
    "true", "false", "0", "01", "-1", "1.0", "1e3", "-0", "2.5", "1e400", "18446744073709551616", "\"kind\":\"form\",",
    "\"kind\":\"other\",", "\"reason\":\"ukNational\",", "\"details\":null,", "\"description\":\"x\",", "\"surname\":\"X\",",
    "\"uk\":{},", "\"sex\":\"male\",", "\"nationalities\":[],", "\"formerNames\":null,", "\"taken\":true,", "\"x\":[1],",
    "\"suspended\":true,", "\"kind\":\"new\",", "\"outcome\":\"found\",", "\u{1}", "\u{feff}", "é",
];

/// Mutations of every vector of every operation: the two decoders agree on each mutant. Some
/// mutants must still be read (the test would be empty otherwise).
#[test]
fn mutants_of_the_vectors_are_read_alike() {
    let mut state = 0x1cce_2026_u64;
    let (mut read, mut total) = (0, 0);
    for (op, _, json) in inputs() {
        let bytes = json.as_bytes();
        for _ in 0..24 {
            let at = (xorshift(&mut state) % (bytes.len() as u64 + 1)) as usize;
            let mut mutant = bytes.to_vec();
            match xorshift(&mut state) % 4 {
                0 => {
                    let piece = PIECES[(xorshift(&mut state) % PIECES.len() as u64) as usize];
                    mutant.splice(at..at, piece.bytes());
                }
                1 if at < mutant.len() => {
                    mutant.remove(at);
                }
                2 if at < mutant.len() => {
                    mutant[at] = b" \"\\{}[],:0123456789.eE-+nultrfase"[(xorshift(&mut state) % 33) as usize];
                }
                _ => {
                    // A stretch repeated: a member, a value or a list item twice.
                    let len = (xorshift(&mut state) % 40) as usize;
                    let end = (at + len).min(mutant.len());
                    let stretch = mutant[at..end].to_vec();
                    mutant.splice(at..at, stretch);
                }
            }
            let Ok(text) = String::from_utf8(mutant) else { continue };
            total += 1;
            if alike_for(&op, &text) {
                read += 1;
            }
        }
    }
    assert!(total > 5_000 && read > total / 20, "{read} of {total} mutants read");
}
