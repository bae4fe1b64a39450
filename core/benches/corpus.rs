//! Native icce-core over the benchmark corpus (BENCHMARKS.md): every input timed on its own, so that p50
//! and p99 are real percentiles (criterion, in `ops.rs`, gives means and medians of batches).
//!
//! ```text
//! node bench/gen-corpus.mjs                      # bench/out/corpus.jsonl
//! ICCE_CORPUS=bench/out/corpus.jsonl ICCE_BENCH_OUT=bench/out/results/native.json \
//!   cargo bench -p icce-core --bench corpus
//! ```
//!
//! `ICCE_BENCH_PASSES` (default 3) is how many timed passes over the corpus; `ICCE_BENCH_LIMIT`
//! caps how many inputs are used (the smoke uses a few hundred). Each figure: the full JSON round
//! trip (`call_json`, what every runtime runs), and its parts on the inputs that decode: decoding,
//! `validate_request_out` (the rules and the messages), and writing the answer; then the form's
//! per-change check (`checkRequestOut`) through `call_json` on the same inputs.
//!
//! Cargo runs a bench in its package's folder (`core/`): a relative `ICCE_CORPUS` or
//! `ICCE_BENCH_OUT` is taken from the repository's root, as in the command above.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Instant;

use icce_core::api;
use icce_core::model::RequestOutInput;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|s| !s.is_empty())
}

fn stats(mut ns: Vec<u64>) -> serde_json::Value {
    ns.sort_unstable();
    let n = ns.len().max(1);
    let q = |p: f64| ns.get(((p * n as f64).ceil() as usize).saturating_sub(1).min(n - 1)).copied().unwrap_or(0) as f64 / 1000.0;
    let mean = ns.iter().sum::<u64>() as f64 / n as f64 / 1000.0;
    serde_json::json!({ "unit": "us", "n": ns.len(), "p50": q(0.5), "p95": q(0.95), "p99": q(0.99), "mean": mean, "max": q(1.0) })
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // `Path::join` keeps an absolute path as it is and puts a relative one under the root.
    let corpus = root.join(env("ICCE_CORPUS").unwrap_or_else(|| "bench/out/corpus.jsonl".to_owned()));
    let out = env("ICCE_BENCH_OUT").map(|p| root.join(p));
    let passes: usize = env("ICCE_BENCH_PASSES").map_or(3, |s| s.parse().unwrap());
    let limit: usize = env("ICCE_BENCH_LIMIT").map_or(usize::MAX, |s| s.parse().unwrap());
    let text = std::fs::read_to_string(&corpus).unwrap_or_else(|e| panic!("cannot read {}: {e} (run node bench/gen-corpus.mjs)", corpus.display()));
    let inputs: Vec<String> = text.lines().take(limit).map(|l| serde_json::from_str::<String>(l).unwrap()).collect();
    let meta_path = corpus.with_file_name("corpus-meta.jsonl");
    let outcomes: Vec<String> = std::fs::read_to_string(&meta_path)
        .map(|m| m.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["outcome"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default();

    // Warm up: one untimed pass.
    for s in &inputs {
        black_box(icce_core::call_json("validateRequestOut", black_box(s)));
    }
    let mut all = Vec::with_capacity(inputs.len() * passes);
    let mut by_outcome: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
    let mut answer_bytes = 0usize;
    for _ in 0..passes {
        for (i, s) in inputs.iter().enumerate() {
            let t = Instant::now();
            let a = icce_core::call_json("validateRequestOut", black_box(s));
            let ns = t.elapsed().as_nanos() as u64;
            answer_bytes += a.len();
            black_box(a);
            all.push(ns);
            if let Some(o) = outcomes.get(i) {
                by_outcome.entry(o.clone()).or_default().push(ns);
            }
        }
    }
    // The parts, on the inputs that decode.
    let decoded: Vec<(usize, RequestOutInput)> =
        inputs.iter().enumerate().filter_map(|(i, s)| api::decode::<RequestOutInput>(s).ok().map(|d| (i, d))).collect();
    let (mut dec, mut val, mut ser) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..passes {
        for (i, input) in &decoded {
            let s = &inputs[*i];
            let t = Instant::now();
            let d = api::decode::<RequestOutInput>(black_box(s));
            dec.push(t.elapsed().as_nanos() as u64);
            black_box(d.is_ok());
            let t = Instant::now();
            let answer = api::validate_request_out(black_box(input)).unwrap();
            val.push(t.elapsed().as_nanos() as u64);
            let t = Instant::now();
            // The writer `call_json` uses (core/src/json.rs), from the same starting room.
            let json = icce_core::json::to_string(&answer, api::ANSWER_START).unwrap();
            ser.push(t.elapsed().as_nanos() as u64);
            black_box(json);
        }
    }
    // The form's per-change check (`checkRequestOut`) on the same inputs, after its own warm-up.
    for s in &inputs {
        black_box(icce_core::call_json("checkRequestOut", black_box(s)));
    }
    let mut check = Vec::with_capacity(inputs.len() * passes);
    let mut check_bytes = 0usize;
    for _ in 0..passes {
        for s in &inputs {
            let t = Instant::now();
            let a = icce_core::call_json("checkRequestOut", black_box(s));
            check.push(t.elapsed().as_nanos() as u64);
            check_bytes += a.len();
            black_box(a);
        }
    }
    let t = Instant::now();
    let n_rules = 2000;
    let mut list = Vec::with_capacity(n_rules);
    for _ in 0..n_rules {
        let t = Instant::now();
        black_box(icce_core::call_json("listRules", "{}"));
        list.push(t.elapsed().as_nanos() as u64);
    }
    let _ = t;
    let result = serde_json::json!({
        "harness": "native",
        "inputs": inputs.len(),
        "passes": passes,
        "meanAnswerBytes": answer_bytes / all.len().max(1),
        "meanCheckAnswerBytes": check_bytes / check.len().max(1),
        "figures": {
            "native.callJson": stats(all),
            "native.decode": stats(dec),
            "native.validate": stats(val),
            "native.serialize": stats(ser),
            "native.checkRequestOut": stats(check),
            "native.listRules": stats(list),
            "native.byOutcome": by_outcome.into_iter().map(|(k, v)| (k, stats(v))).collect::<serde_json::Map<_, _>>(),
        }
    });
    let text = serde_json::to_string_pretty(&result).unwrap();
    match out {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).unwrap();
            }
            std::fs::write(&path, &text).unwrap();
            eprintln!("native: {} inputs x {passes} passes -> {}", inputs.len(), path.display());
        }
        None => println!("{text}"),
    }
}
