//! The routes that call the module, and the one path each such call takes ([`run_module`]):
//! read the body within its limits, wait for an instance, run the call (on the async worker for a
//! body of ordinary size, on tokio's blocking pool for a larger one, whose CPU-bound wasm must not
//! stall the workers for long), and turn a failure to run into a counted 503 or 500. What a handler does with the answer is its own; which status an
//! answer gets is [`answer_status`]'s.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use icce_host::Runtime;
use icce_host::answer::{self, Outcome};
use serde_json::Value;

use super::AppState;
use super::limits::{admit, read_body};
use super::metrics::{finish, finish_rejected};
use super::problem::{answer_status, problem, unknown_operation, unusable_problem};
use crate::stats;

/// The one way a request reaches the module: its content type one of `media` (415 otherwise,
/// before the body is read), its body read (408, 413, 400 otherwise) and not empty (400), an
/// instance admitted (503 otherwise), then `f` with the runtime and the body: on this worker for a
/// body of up to `INLINE_BODY_MAX` bytes, on the blocking pool above that. `f` failing (no
/// instance could be started) is a 503, a panic a 500; each refusal is counted and logged before
/// it is returned.
async fn run_module<T, E>(
    state: &AppState,
    headers: &HeaderMap,
    media: &[&str],
    body: Body,
    started: Instant,
    f: impl FnOnce(&Runtime, Bytes) -> Result<T, E> + Send + 'static,
) -> Result<T, Response>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let declared = content_type(headers);
    if declared.as_deref().is_some_and(|t| !media.contains(&t)) {
        return Err(unsupported_media(state, media, started));
    }
    let bytes = read_body(state, headers, body, started).await?;
    if bytes.is_empty() {
        let r = problem(StatusCode::BAD_REQUEST, "the request body is missing: send the operation's input");
        return Err(finish_rejected(state, "body-missing", started, r));
    }
    if declared.is_none() {
        return Err(unsupported_media(state, media, started));
    }
    let _permit = admit(state, started).await?;
    // A body of ordinary size runs on this worker thread: its call takes tens to hundreds of
    // microseconds, and handing it to the blocking pool and back cost more than that in thread
    // switches (BENCHMARKS.md, "2026-12-01 (later)", "`icce serve`"). A larger body, whose call may take
    // milliseconds, goes to the blocking pool so that it never holds up the worker's other
    // connections. Either way the call is bounded by the runtime's time limit, and a panic
    // becomes a 500, not a dropped connection.
    let ran = if bytes.len() <= INLINE_BODY_MAX {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&state.runtime, bytes))).map_err(|_| ())
    } else {
        let runtime = Arc::clone(&state.runtime);
        tokio::task::spawn_blocking(move || f(&runtime, bytes)).await.map_err(|_| ())
    };
    match ran {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot run the module");
            let r = problem(StatusCode::SERVICE_UNAVAILABLE, "the module could not be run; try again");
            Err(finish_rejected(state, "host-error", started, r))
        }
        Err(_) => {
            let r = problem(StatusCode::INTERNAL_SERVER_ERROR, "the call failed inside the server");
            Err(finish_rejected(state, "host-error", started, r))
        }
    }
}

/// The largest body whose call runs on the async worker itself (see `run_module`).
const INLINE_BODY_MAX: usize = 64 << 10;

/// The media types a body of JSON may be declared as; a JSON Lines log.
const JSON: &[&str] = &["application/json"];
const JSONL: &[&str] = &["application/jsonl", "application/x-ndjson", "application/jsonlines"];

/// The request's media type, lowercased, without parameters (`charset=utf-8`).
fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Some(media)
}

/// 415: the body is not what the route reads (declared otherwise, or not declared at all).
fn unsupported_media(state: &AppState, media: &[&str], started: Instant) -> Response {
    let detail = format!("the request body must be sent as `Content-Type: {}`", media.first().copied().unwrap_or("application/json"));
    finish_rejected(state, "unsupported-media-type", started, problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, &detail))
}

/// `POST /v1/<operation>`: the body to the module, its answer back, with the status
/// [`answer_status`] gives it.
pub(super) async fn call(
    State(state): State<Arc<AppState>>,
    UrlPath(operation): UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let op = operation.clone();
    let answer = match run_module(&state, &headers, JSON, body, started, move |rt, bytes| rt.call_bytes(op.as_bytes(), &bytes)).await {
        Ok(answer) => answer,
        Err(r) => return r,
    };
    // Only the head is needed to answer a usable call, and only its start when the outcome is
    // not `unusable`; an unusable answer is read in full for its problem document.
    let head = answer::status_head(&answer).unwrap_or_default();
    let outcome = head.outcome();
    let response = match answer_status(&head) {
        StatusCode::OK => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], answer).into_response(),
        StatusCode::NOT_FOUND => {
            let r = unknown_operation(&serde_json::from_str(&answer).unwrap_or(Value::Null));
            return finish_rejected(&state, "unknown-operation", started, r);
        }
        status => unusable_problem(status, &serde_json::from_str(&answer).unwrap_or(Value::Null)),
    };
    finish(&state, &operation, outcome.label(), started, response)
}

/// The metrics and log label of `POST /stats/chart.svg` (not an operation name: it has a slash).
const CHART_LABEL: &str = "stats/chart.svg";

/// `POST /stats/chart.svg`: a JSON Lines log in (the body limit as for any call), the quarterly
/// profile's chart out as `image/svg+xml`, byte for byte what `icce stats --format svg` prints.
/// The log goes through the same chunked path as the CLI (the module counts; the host draws).
/// A log the module cannot use is a problem carrying its diagnostics (422). Entries left out are
/// said in headers (`x-icce-profile-outcome: invalid`, `x-icce-entries-left-out`), and the chart
/// shows what was counted.
pub(super) async fn stats_chart(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let started = Instant::now();
    let profiled = run_module(&state, &headers, JSONL, body, started, |rt, bytes| {
        stats::profile_jsonl(rt, &bytes[..], stats::Chunking::default()).map(|p| {
            let svg = (p.outcome() != Outcome::Unusable).then(|| stats::chart_text(&p.value));
            (p, svg)
        })
    })
    .await;
    let (profiled, svg) = match profiled {
        Ok(r) => r,
        Err(r) => return r,
    };
    let v = &profiled.value;
    let head = answer::head(&profiled.answer).unwrap_or_default();
    let outcome = head.outcome();
    let response = match svg {
        None => unusable_problem(answer_status(&head), v),
        Some(Err(e)) => {
            tracing::error!(error = %e, "cannot draw the chart");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "the chart could not be drawn")
        }
        Some(Ok(svg)) => {
            let listed = v.get("diagnostics").and_then(Value::as_array).map_or(0, Vec::len) as u64;
            let left_out = listed + v.get("diagnosticsDropped").and_then(Value::as_u64).unwrap_or(0) + profiled.bad_lines as u64;
            let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response();
            let h = r.headers_mut();
            h.insert("x-icce-profile-outcome", HeaderValue::from_static(outcome.label()));
            h.insert("x-icce-entries-left-out", HeaderValue::from(left_out));
            r
        }
    };
    finish(&state, CHART_LABEL, outcome.label(), started, response)
}

/// The OpenAPI 3.1 document, generated from icce-core's types and checked in (`host/openapi.json`);
/// the host embeds the file and never links icce-core.
static OPENAPI: &str = include_str!("../../openapi.json");

/// `GET /openapi.json`.
pub(super) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
