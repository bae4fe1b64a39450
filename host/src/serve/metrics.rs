//! What the service counts and logs, and `GET /metrics` (Prometheus text format 0.0.4).
//!
//! Every request that reaches a handler ends in [`finish`] (the module answered) or
//! [`finish_rejected`] (refused before it could): both count it and write one log line naming the
//! operation label or refusal reason, the outcome, the status and the duration, never anything
//! from the body. Labels come from small fixed sets, so that a caller cannot grow the metrics: the
//! outcomes of [`Outcome::label`](icce_host::answer::Outcome::label), the refusal reasons named
//! in the code, and at most [`MAX_OPERATION_LABELS`] operation names, the rest counted as
//! `other` (an unknown operation never gets here: it is refused as `unknown-operation`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Seconds; Prometheus `le` bounds of the call latency histogram.
const BUCKETS: [f64; 12] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

/// At most this many distinct operation labels (the module's operations are far fewer).
const MAX_OPERATION_LABELS: usize = 32;

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
pub(super) struct Metrics {
    requests: BTreeMap<(String, &'static str), u64>,
    latency: BTreeMap<String, Histogram>,
    rejected: BTreeMap<&'static str, u64>,
}

impl Metrics {
    fn operation_label(&self, op: &str) -> String {
        if self.latency.contains_key(op) || self.latency.len() < MAX_OPERATION_LABELS {
            op.to_owned()
        } else {
            "other".to_owned()
        }
    }

    fn record(&mut self, op: &str, outcome: &'static str, seconds: f64) {
        let op = self.operation_label(op);
        *self.requests.entry((op.clone(), outcome)).or_default() += 1;
        let h = self.latency.entry(op).or_default();
        for (bound, n) in BUCKETS.iter().zip(h.buckets.iter_mut()) {
            if seconds <= *bound {
                *n += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    pub(super) fn reject(&mut self, reason: &'static str) {
        *self.rejected.entry(reason).or_default() += 1;
    }
}

/// Count and log an answered call: its operation label, outcome, status and duration, never
/// anything from the body.
pub(super) fn finish(state: &AppState, operation: &str, outcome: &'static str, started: Instant, response: Response) -> Response {
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let label = {
        let mut m = state.metrics.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        m.record(operation, outcome, elapsed.as_secs_f64());
        m.operation_label(operation)
    };
    tracing::info!(operation = %label, outcome, status, duration_us = elapsed.as_micros() as u64, "call");
    response
}

/// Count and log a request that got no answer from the module. The operation name in the URL is
/// the caller's text, so it is not logged.
pub(super) fn finish_rejected(state: &AppState, reason: &'static str, started: Instant, response: Response) -> Response {
    state.metrics.lock().unwrap_or_else(std::sync::PoisonError::into_inner).reject(reason);
    let status = response.status().as_u16();
    tracing::info!(rejected = reason, status, duration_us = started.elapsed().as_micros() as u64, "call");
    response
}

/// `GET /metrics`.
pub(super) async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let mut out = String::new();
    let rt = &state.runtime;
    let _ = writeln!(out, "# HELP icce_module_info The module being served and its rule book.");
    let _ = writeln!(out, "# TYPE icce_module_info gauge");
    let _ = writeln!(
        out,
        "icce_module_info{{module_sha256=\"{}\",rulebook_version=\"{}\",rulebook_hash=\"{}\"}} 1",
        label_escape(rt.module_hash()),
        label_escape(&rt.rulebook().version),
        label_escape(&rt.rulebook().hash)
    );
    let m = state.metrics.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let _ = writeln!(out, "# HELP icce_requests_total Operation calls answered by the module, by operation and outcome.");
    let _ = writeln!(out, "# TYPE icce_requests_total counter");
    for ((op, outcome), n) in &m.requests {
        let _ = writeln!(out, "icce_requests_total{{operation=\"{}\",outcome=\"{outcome}\"}} {n}", label_escape(op));
    }
    let _ = writeln!(out, "# HELP icce_request_duration_seconds Time to answer an operation call, body read to answer.");
    let _ = writeln!(out, "# TYPE icce_request_duration_seconds histogram");
    for (op, h) in &m.latency {
        let op = label_escape(op);
        for (bound, n) in BUCKETS.iter().zip(h.buckets.iter()) {
            let _ = writeln!(out, "icce_request_duration_seconds_bucket{{operation=\"{op}\",le=\"{bound}\"}} {n}");
        }
        let _ = writeln!(out, "icce_request_duration_seconds_bucket{{operation=\"{op}\",le=\"+Inf\"}} {}", h.count);
        let _ = writeln!(out, "icce_request_duration_seconds_sum{{operation=\"{op}\"}} {}", h.sum);
        let _ = writeln!(out, "icce_request_duration_seconds_count{{operation=\"{op}\"}} {}", h.count);
    }
    let _ = writeln!(out, "# HELP icce_rejected_total Calls refused before the module answered, by reason.");
    let _ = writeln!(out, "# TYPE icce_rejected_total counter");
    for (reason, n) in &m.rejected {
        let _ = writeln!(out, "icce_rejected_total{{reason=\"{reason}\"}} {n}");
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
}

fn label_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}
