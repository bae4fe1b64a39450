//! Criterion benchmarks of icce-core per operation, on the three samples (BENCHMARKS.md).
//!
//! ```text
//! cargo bench -p icce-core --bench ops              # full run, reports in target/criterion
//! cargo bench -p icce-core --bench ops -- --test    # each benchmark once (the smoke)
//! ```
//!
//! Criterion reports the mean and median of batches; percentiles over the corpus come from
//! `benches/corpus.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use icce_core::api;
use icce_core::model::RequestOutInput;

const SAMPLES: [(&str, &str); 3] = [
    ("ready", include_str!("../../samples/request-ready.json")),
    ("incomplete", include_str!("../../samples/request-incomplete.json")),
    ("invalid", include_str!("../../samples/request-invalid.json")),
];

fn ops(c: &mut Criterion) {
    let mut g = c.benchmark_group("validateRequestOut");
    for (name, json) in SAMPLES {
        g.bench_function(format!("call_json/{name}"), |b| b.iter(|| icce_core::call_json("validateRequestOut", black_box(json))));
        g.bench_function(format!("decode/{name}"), |b| b.iter(|| api::decode::<RequestOutInput>(black_box(json)).is_ok()));
        let input: RequestOutInput = api::decode(json).unwrap();
        g.bench_function(format!("validate/{name}"), |b| b.iter(|| api::validate_request_out(black_box(&input)).is_ok()));
        let answer = api::validate_request_out(&input).unwrap();
        g.bench_function(format!("serialize/{name}"), |b| b.iter(|| serde_json::to_string(black_box(&answer)).unwrap()));
    }
    g.finish();
    let mut g = c.benchmark_group("rules");
    g.bench_function("listRules", |b| b.iter(|| icce_core::call_json("listRules", black_box("{}"))));
    g.bench_function("showRules/PL", |b| b.iter(|| icce_core::call_json("showRules", black_box(r#"{"country":"PL"}"#))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(2));
    targets = ops
}
criterion_main!(benches);
