//! A fixed workload for `valgrind --tool=callgrind`, which counts instructions repeatably on a
//! noisy machine (BENCHMARKS.md): the first `ICCE_BENCH_LIMIT` (default 1000) corpus inputs, each once,
//! through `call_json` (`ICCE_PROFILE_PART=check`: `checkRequestOut`, the form's per-change check;
//! `ICCE_PROFILE_PART=validate`: `validate_request_out` on
//! inputs decoded beforehand; `decode`: decoding as the operations do (`icce_core::decode`);
//! `decode-strict`: the strict decoder alone; `decode-plain`: `serde_json::from_str`). The collection is switched on only around the workload
//! (`--collect-atstart=no`, toggled by the `workload` function's name), so reading the corpus is
//! not counted.
//!
//! ```text
//! CARGO_PROFILE_BENCH_DEBUG=true cargo bench -p icce-core --bench callgrind --no-run
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*callgrind*workload*' \
//!   target/release/deps/callgrind-<hash>
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use icce_core::api;
use icce_core::model::RequestOutInput;

#[inline(never)]
fn workload_call_json(inputs: &[String]) -> usize {
    inputs.iter().map(|s| icce_core::call_json("validateRequestOut", black_box(s)).len()).sum()
}

#[inline(never)]
fn workload_check_json(inputs: &[String]) -> usize {
    inputs.iter().map(|s| icce_core::call_json("checkRequestOut", black_box(s)).len()).sum()
}

#[inline(never)]
fn workload_validate(inputs: &[RequestOutInput]) -> usize {
    inputs.iter().map(|i| api::validate_request_out(black_box(i)).map_or(0, |a| a.destinations.len())).sum()
}

#[inline(never)]
fn workload_decode(inputs: &[String]) -> usize {
    inputs.iter().map(|s| api::decode::<RequestOutInput>(black_box(s)).map_or(0, |i| i.request.destinations.len())).sum()
}

#[inline(never)]
fn workload_decode_strict(inputs: &[String]) -> usize {
    inputs.iter().map(|s| api::decode_strict::<RequestOutInput>(black_box(s)).map_or(0, |i| i.request.destinations.len())).sum()
}

#[inline(never)]
fn workload_decode_plain(inputs: &[String]) -> usize {
    inputs.iter().map(|s| serde_json::from_str::<RequestOutInput>(black_box(s)).map_or(0, |i| i.request.destinations.len())).sum()
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Cargo runs a bench in `core/`: a relative ICCE_CORPUS is taken from the repository's root.
    let corpus = root.join(std::env::var("ICCE_CORPUS").unwrap_or_else(|_| "bench/out/corpus.jsonl".to_owned()));
    let limit: usize = std::env::var("ICCE_BENCH_LIMIT").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let text = std::fs::read_to_string(&corpus).unwrap_or_else(|e| panic!("cannot read {}: {e}", corpus.display()));
    let inputs: Vec<String> = text.lines().take(limit).map(|l| serde_json::from_str::<String>(l).unwrap()).collect();
    let n = match std::env::var("ICCE_PROFILE_PART").as_deref() {
        Ok("validate") => {
            let decoded: Vec<RequestOutInput> = inputs.iter().filter_map(|s| api::decode(s).ok()).collect();
            workload_validate(&decoded)
        }
        Ok("check") => workload_check_json(&inputs),
        Ok("decode") => workload_decode(&inputs),
        Ok("decode-strict") => workload_decode_strict(&inputs),
        Ok("decode-plain") => workload_decode_plain(&inputs),
        _ => workload_call_json(&inputs),
    };
    eprintln!("callgrind workload: {} inputs, {n}", inputs.len());
}
