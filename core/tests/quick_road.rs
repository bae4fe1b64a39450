//! The quick road of the request-out decoder (`icce_core::fast`) against the strict decoder
//! (`icce_core::api::decode_strict`): whatever the quick road reads, the strict decoder reads as
//! the same value (compared through `Debug`, which shows every field); what the quick road gives up
//! on, the operations decode strictly. Over every vector and hostile input, over thousands of
//! mutations of the vectors' requests (a byte changed, removed or repeated; a token put in), seeded
//! so that every run makes the same ones, over every member of the vectors left out or set to
//! `null`, and over every capped list at every length past its cap. The fuzz target
//! `validate_request_out` checks the same on whatever libFuzzer makes.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use icce_core::api::{self, RequestOutInput};
use icce_core::fast;

/// Whether the quick road read `json`; where it did, the strict decoder must read the same value.
/// (Inputs over `api::MAX_INPUT_BYTES` are refused before either decoder reads them.)
fn agree(json: &str) -> bool {
    let shown = || json.chars().take(300).collect::<String>();
    let Some(quick) = fast::read::<RequestOutInput>(json).filter(|_| json.len() <= api::MAX_INPUT_BYTES) else { return false };
    let strict = api::decode_strict::<RequestOutInput>(json);
    let strict = strict.unwrap_or_else(|d| panic!("the quick road read what the strict decoder refuses ({}): {}", d.message, shown()));
    assert_eq!(format!("{quick:?}"), format!("{strict:?}"), "the two decoders read differently: {}", shown());
    true
}

/// Both decoders on a well-formed document: the quick road reads it exactly when the strict
/// decoder does, and as it does. Whether they read it.
fn read_alike(json: &str) -> bool {
    let strict = api::decode_strict::<RequestOutInput>(json).is_ok();
    assert_eq!(agree(json), strict, "the strict decoder {} it: {json}", if strict { "reads" } else { "refuses" });
    strict
}

fn request_inputs() -> Vec<(String, String)> {
    icce_parity::vectors()
        .into_iter()
        .filter(|v| v.operation == "validateRequestOut" || v.operation == "checkRequestOut")
        .filter_map(|v| {
            let text = std::fs::read_to_string(&v.input).ok()?;
            Some((v.input.file_name()?.to_string_lossy().into_owned(), icce_parity::without_bom(&text).to_owned()))
        })
        .collect()
}

/// Each request vector the strict decoder reads is read by the quick road too (what it leaves to
/// the strict decoder on purpose, an escape in a key or a number written as a float, no vector
/// of a valid request has).
#[test]
fn the_quick_road_reads_the_vectors_the_strict_decoder_reads() {
    let inputs = request_inputs();
    assert!(inputs.len() > 200, "the request vectors were not found");
    let mut left: Vec<&str> = Vec::new();
    for (name, json) in &inputs {
        let strict = api::decode_strict::<RequestOutInput>(json).is_ok();
        match agree(json) {
            true => assert!(strict),
            false if strict => left.push(name),
            false => {}
        }
    }
    assert!(left.is_empty(), "valid requests the quick road left to the strict decoder: {left:?}");
}

#[test]
fn hostile_inputs_are_read_alike_or_left_to_the_strict_decoder() {
    for file in icce_parity::hostile::input_files() {
        if let Ok(text) = String::from_utf8(icce_parity::hostile::input(&file)) {
            agree(&text);
        }
    }
}

/// Every member of every object of every request vector, left out and set to `null` (one at a
/// time): the quick road reads each document exactly when the strict decoder does. This holds
/// each field's kind in `model.rs`'s readers (required, optional, defaulted) to its derived
/// `Deserialize`.
#[test]
fn each_member_left_out_or_null_is_read_alike() {
    fn members(v: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if let serde_json::Value::Object(m) = v {
            for (k, child) in m {
                path.push(k.clone());
                out.push(path.clone());
                members(child, path, out);
                path.pop();
            }
        } else if let serde_json::Value::Array(items) = v {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                members(child, path, out);
                path.pop();
            }
        }
    }
    fn parent<'v>(v: &'v mut serde_json::Value, path: &[String]) -> &'v mut serde_json::Map<String, serde_json::Value> {
        let mut at = v;
        for step in path {
            at = match at {
                serde_json::Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
                other => &mut other[step.as_str()],
            };
        }
        at.as_object_mut().unwrap()
    }
    let mut documents = 0;
    for (_, json) in request_inputs() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else { continue };
        let mut paths = Vec::new();
        members(&value, &mut Vec::new(), &mut paths);
        for path in paths {
            let (key, above) = path.split_last().unwrap();
            let mut without = value.clone();
            parent(&mut without, above).remove(key);
            read_alike(&without.to_string());
            let mut null = value.clone();
            parent(&mut null, above).insert(key.clone(), serde_json::Value::Null);
            read_alike(&null.to_string());
            documents += 2;
        }
    }
    assert!(documents > 10_000, "{documents} documents");
}

/// Each capped list at every length up to past its cap: the quick road's caps are the strict
/// decoder's (`strict::at_most`).
#[test]
fn list_caps_are_the_strict_decoders() {
    let (_, json) = request_inputs().into_iter().find(|(name, _)| name == "asn-valid.in.json").unwrap();
    let base: serde_json::Value = serde_json::from_str(&json).unwrap();
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
            let mut doc = base.clone();
            doc[object][list] = serde_json::Value::Array(vec![item.clone(); n]);
            if read_alike(&doc.to_string()) {
                longest = Some(n);
            }
        }
        assert!(longest.is_some_and(|n| n < 60), "{list}: read up to {longest:?} items");
    }
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// What a mutation may put in: JSON's tokens, escapes, numbers of every form, and the members a
/// request has (so that a key is repeated or lands in another object).
const PIECES: &[&str] = &[
    "\"", "\\", "\\u00e9", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\u0041", "\\u0000",
    "\\n", "\\b", "\\f", "\\r", "\\t", "\\/", "\\\\", "\\\"", "\\x", "{", "}", "[", "]", ",", ":", " ", "\n", "\t", "null",
    "true", "false", "0", "01", "-1", "1.0", "1e3", "18446744073709551616", "\"kind\":\"form\",", "\"kind\":\"other\",",
    "\"reason\":\"ukNational\",", "\"details\":null,", "\"description\":\"x\",", "\"surname\":\"X\",", "\"uk\":{},",
    "\"sex\":\"male\",", "\"nationalities\":[],", "\"formerNames\":null,", "\"taken\":true,", "\u{1}", "\u{feff}", "é",
];

/// Mutations of every request vector: the quick road reads a mutant as the strict decoder does,
/// or leaves it to it. Some mutants must still be read (the test would be empty otherwise).
#[test]
fn mutants_of_the_vectors_are_read_alike_or_left_to_the_strict_decoder() {
    let mut state = 0x1cce_2026_u64;
    let (mut read, mut total) = (0, 0);
    for (_, json) in request_inputs() {
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
            if agree(&text) {
                read += 1;
            }
        }
    }
    assert!(total > 5_000 && read > total / 10, "{read} of {total} mutants read by the quick road");
}

/// The operations answer alike whichever decoder read the input: the answer of each request
/// vector through `call_json` (the quick road first) is the answer of its strictly decoded input.
#[test]
fn answers_do_not_depend_on_the_road() {
    for (name, json) in request_inputs() {
        let Ok(input) = api::decode_strict::<RequestOutInput>(&json) else { continue };
        let strict = match api::validate_request_out(&input) {
            Ok(a) => serde_json::to_string(&a),
            Err(u) => serde_json::to_string(&u),
        }
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(icce_core::call_json("validateRequestOut", &json), strict, "{name}");
    }
}
