//! The quick road of the request-out decoder (`icce_core::fast`) against the strict decoder
//! (`icce_core::api::decode_strict`): whatever the quick road reads, the strict decoder reads as
//! the same value (compared through `Debug`, which shows every field); what the quick road gives up
//! on, the operations decode strictly. Over every vector and hostile input, and over thousands of
//! mutations of the vectors' requests (a byte changed, removed or repeated; a token put in), seeded
//! so that every run makes the same ones. The fuzz target `validate_request_out` checks the same
//! on whatever libFuzzer makes.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use icce_core::api::{self, RequestOutInput};
use icce_core::fast;

/// The strict decoder's reading of `json`, where the quick road read one (`None` when it gave up).
/// (Inputs over `api::MAX_INPUT_BYTES` are refused before either decoder reads them.)
fn agree(json: &str) -> Option<bool> {
    let shown = || json.chars().take(300).collect::<String>();
    let quick = fast::read::<RequestOutInput>(json).filter(|_| json.len() <= api::MAX_INPUT_BYTES)?;
    let strict = api::decode_strict::<RequestOutInput>(json);
    let strict = strict.unwrap_or_else(|d| panic!("the quick road read what the strict decoder refuses ({}): {}", d.message, shown()));
    assert_eq!(format!("{quick:?}"), format!("{strict:?}"), "the two decoders read differently: {}", shown());
    Some(true)
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
            Some(_) => assert!(strict),
            None if strict => left.push(name),
            None => {}
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
            if agree(&text).is_some() {
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
