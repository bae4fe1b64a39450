//! `icce serve`: the operations over HTTP, and the web demo.
//!
//! - `POST /v1/<operation>`: JSON body in, the module's answer out. 200 for any answer that is not
//!   `unusable`; an unusable answer is wrapped in RFC 9457 problem+json (422 for the input's fault,
//!   500/503 for the host's), an unknown operation is a 404 problem, a body over 1 MiB a 413 problem.
//! - `POST /stats/chart.svg`: a JSON Lines log in, the quarterly profile's SVG chart out (the same
//!   chunked path and bytes as `icce stats --format svg`); problems as for the operations.
//! - `/livez`, `/readyz`, `/metrics` (Prometheus text; labels are drawn from small fixed sets).
//! - Everything else: static files from the web-demo folder (`application/wasm` for `.wasm`), or
//!   an embedded page when there is no `index.html`.
//!
//! Every response carries `x-icce-module-sha256` and `x-icce-rulebook-hash`, a strict
//! Content-Security-Policy and `nosniff`. Module calls run on tokio's blocking pool, at most as
//! many at once as the runtime has instance slots. Logs name the operation, outcome, status and
//! duration of a call, never anything from a request body.
//!
//! Limits ([`Limits`], each a `serve` flag): a body must arrive within `--read-timeout-ms` (else
//! 408); beyond the running calls, at most `--max-queue` calls wait for an instance, each at most
//! `--queue-timeout-ms`; a call that finds the queue full, or waits too long, gets 503 with
//! `Retry-After: 1` at once instead of piling up. At most `--max-connections` connections are open
//! at once (idle keep-alive ones included): one more gets a bare 503 with `Retry-After: 1` and is
//! closed, counted as `connections-refused`, so that many idle clients cannot exhaust file
//! descriptors or memory. On SIGTERM or Ctrl-C the server stops accepting,
//! lets calls in flight finish, and exits after at most `--shutdown-grace-ms`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use icce_host::Runtime;
use serde_json::Value;
use tokio::sync::{Semaphore, TryAcquireError};

/// The service's limits, as `icce serve` flags.
#[derive(Clone, Debug, clap::Args)]
pub struct Limits {
    /// Module calls that may run at once [default: twice the cores, 4 to 64]
    #[arg(long, value_name = "N")]
    pub instances: Option<u32>,
    /// Memory one call may use, in MiB
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub memory_limit_mib: usize,
    /// Time one call may run, in milliseconds (then 503, HOST-003)
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub time_limit_ms: u64,
    /// Calls that may wait for a free instance; more get 503 at once
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_queue: usize,
    /// How long a call may wait for a free instance (then 503), in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub queue_timeout_ms: u64,
    /// How long a request body may take to arrive (then 408), in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub read_timeout_ms: u64,
    /// Connections that may be open at once; one more is answered 503 and closed at once
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// After SIGTERM or Ctrl-C, how long calls in flight may take to finish, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,
}

impl Limits {
    pub fn runtime_options(&self) -> icce_host::Options {
        let mut o = icce_host::Options::default();
        if let Some(n) = self.instances {
            o.instances = n.max(1);
        }
        o.memory_limit = self.memory_limit_mib.max(1) << 20;
        o.time_limit = Duration::from_millis(self.time_limit_ms);
        o
    }
}

/// The largest request body accepted (the module refuses larger inputs anyway).
pub const BODY_LIMIT: usize = 1 << 20;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Seconds; Prometheus `le` bounds of the call latency histogram.
const BUCKETS: [f64; 12] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

/// At most this many distinct operation labels (the module's operations are far fewer).
const MAX_OPERATION_LABELS: usize = 32;

const OUTCOMES: [&str; 5] = ["ready", "incomplete", "invalid", "unusable", "ok"];

struct AppState {
    runtime: Arc<Runtime>,
    permits: Semaphore,
    /// Places in the queue for a permit.
    queue: Semaphore,
    queue_timeout: Duration,
    read_timeout: Duration,
    web_root: Option<PathBuf>,
    module_hash: HeaderValue,
    rulebook_hash: HeaderValue,
    metrics: Mutex<Metrics>,
}

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Metrics {
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

    fn reject(&mut self, reason: &'static str) {
        *self.rejected.entry(reason).or_default() += 1;
    }
}

/// Start the server and run until Ctrl-C or SIGTERM.
pub fn run(runtime: Runtime, addr: &str, web_root: Option<PathBuf>, limits: &Limits) -> anyhow::Result<()> {
    let web_root = web_root.or_else(|| default_web_root(runtime.module_path()));
    let header = |s: &str| HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static("unknown"));
    let state = Arc::new(AppState {
        module_hash: header(runtime.module_hash()),
        rulebook_hash: header(&runtime.rulebook().hash),
        permits: Semaphore::new(runtime.options().instances.max(1) as usize),
        queue: Semaphore::new(limits.max_queue),
        queue_timeout: Duration::from_millis(limits.queue_timeout_ms),
        read_timeout: Duration::from_millis(limits.read_timeout_ms),
        runtime: Arc::new(runtime),
        web_root,
        metrics: Mutex::new(Metrics::default()),
    });
    eprintln!(
        "icce serve: module {} sha256 {}; rule book {} {}",
        state.runtime.module_path().display(),
        state.runtime.module_hash(),
        state.runtime.rulebook().version,
        state.runtime.rulebook().hash,
    );
    let grace_ms = limits.shutdown_grace_ms;
    let max_connections = limits.max_connections;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| anyhow::anyhow!("cannot listen on `{addr}`: {e}"))?;
        let local: SocketAddr = listener.local_addr()?;
        match &state.web_root {
            Some(dir) => tracing::info!(web_root = %dir.display(), "serving static files"),
            None => tracing::info!("no web-demo folder: serving the embedded page at /"),
        }
        eprintln!("icce serve: listening on http://{local}");
        // Graceful: on the signal, stop accepting and let calls in flight finish, but for no
        // longer than the grace period (a client that never sends its body must not keep the
        // process alive).
        let (stopping, mut stopped) = tokio::sync::watch::channel(false);
        let listener = CappedListener { inner: listener, slots: Arc::new(Semaphore::new(max_connections.max(1))), state: Arc::clone(&state) };
        let server = axum::serve(listener, app(state)).with_graceful_shutdown(async move {
            shutdown().await;
            let _ = stopping.send(true);
        });
        let grace = Duration::from_millis(grace_ms);
        let deadline = async move {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            r = server => r?,
            () = deadline => eprintln!("icce serve: calls still open {} ms after the signal; stopping anyway", grace.as_millis()),
        }
        eprintln!("icce serve: stopped");
        Ok(())
    })
}

/// The TCP listener with a cap on open connections: each accepted connection holds a slot until it
/// is dropped; a connection beyond the cap is answered 503 and closed without reaching hyper.
struct CappedListener {
    inner: tokio::net::TcpListener,
    slots: Arc<Semaphore>,
    state: Arc<AppState>,
}

/// An accepted connection and its slot.
struct Capped {
    io: tokio::net::TcpStream,
    _slot: tokio::sync::OwnedSemaphorePermit,
}

impl axum::serve::Listener for CappedListener {
    type Io = Capped;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Capped, SocketAddr) {
        loop {
            let (io, addr) = axum::serve::Listener::accept(&mut self.inner).await;
            match Arc::clone(&self.slots).try_acquire_owned() {
                Ok(slot) => return (Capped { io, _slot: slot }, addr),
                Err(_) => {
                    if let Ok(mut m) = self.state.metrics.lock() {
                        m.reject("connections-refused");
                    }
                    tracing::info!(rejected = "connections-refused", "connection");
                    tokio::spawn(refuse_connection(io));
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

async fn refuse_connection(mut io: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt as _;
    const REPLY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = io.write_all(REPLY).await;
        let _ = io.shutdown().await;
    })
    .await;
}

impl tokio::io::AsyncRead for Capped {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/{operation}", post(call))
        .route("/stats/chart.svg", post(stats_chart))
        .route("/livez", get(|| async { "ok\n" }))
        .route("/readyz", get(|| async { "ready\n" }))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
        .fallback(static_file)
        .layer(axum::middleware::map_response_with_state(Arc::clone(&state), common_headers))
        .with_state(state)
}

/// The OpenAPI 3.1 document, generated from icce-core's types and checked in (`host/openapi.json`);
/// the host embeds the file and never links icce-core.
static OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

async fn common_headers(State(state): State<Arc<AppState>>, mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("x-icce-module-sha256", state.module_hash.clone());
    h.insert("x-icce-rulebook-hash", state.rulebook_hash.clone());
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// An RFC 9457 problem document. The standard members come first; an unusable answer's own
/// members (operation, outcome, rule book, diagnostics) follow as extensions.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Problem<'a> {
    r#type: &'static str,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rulebook: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics_dropped: Option<&'a Value>,
}

impl<'a> Problem<'a> {
    fn new(status: StatusCode, detail: &'a str) -> Self {
        Problem {
            r#type: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail,
            help: None,
            operation: None,
            outcome: None,
            rulebook: None,
            diagnostics: None,
            diagnostics_dropped: None,
        }
    }

    fn response(&self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(self).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

fn problem(status: StatusCode, detail: &str) -> Response {
    Problem::new(status, detail).response()
}

/// 503 with `Retry-After: 1`: the call was refused for load, not for its content.
fn busy(detail: &str) -> Response {
    let mut r = problem(StatusCode::SERVICE_UNAVAILABLE, detail);
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

/// Read a request body within the size and time limits; a refusal is counted and answered.
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body, started: Instant) -> Result<Bytes, Response> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let too_large = || problem(StatusCode::PAYLOAD_TOO_LARGE, &format!("the request body is larger than {BODY_LIMIT} bytes"));
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(finish_rejected(state, "body-too-large", started, too_large()));
    }
    match tokio::time::timeout(state.read_timeout, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Err(_) => {
            let detail = format!("the request body did not arrive within {} ms", state.read_timeout.as_millis());
            Err(finish_rejected(state, "body-timeout", started, problem(StatusCode::REQUEST_TIMEOUT, &detail)))
        }
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => {
            let limit = e.into_inner().downcast_ref::<http_body_util::LengthLimitError>().is_some();
            Err(if limit {
                finish_rejected(state, "body-too-large", started, too_large())
            } else {
                let r = problem(StatusCode::BAD_REQUEST, "the request body could not be read");
                finish_rejected(state, "body-unreadable", started, r)
            })
        }
    }
}

/// Admission: a free instance now, or a place in the queue and a free instance soon; else 503.
async fn admit(state: &AppState, started: Instant) -> Result<tokio::sync::SemaphorePermit<'_>, Response> {
    let shutting_down = || problem(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down");
    match state.permits.try_acquire() {
        Ok(p) => Ok(p),
        Err(TryAcquireError::Closed) => Err(finish_rejected(state, "host-error", started, shutting_down())),
        Err(TryAcquireError::NoPermits) => {
            let Ok(_place) = state.queue.try_acquire() else {
                return Err(finish_rejected(state, "overloaded", started, busy("the server is busy: every instance is in use and the queue is full")));
            };
            match tokio::time::timeout(state.queue_timeout, state.permits.acquire()).await {
                Ok(Ok(p)) => Ok(p),
                Ok(Err(_)) => Err(finish_rejected(state, "host-error", started, shutting_down())),
                Err(_) => {
                    let detail = format!("the server is busy: no instance came free within {} ms", state.queue_timeout.as_millis());
                    Err(finish_rejected(state, "queue-timeout", started, busy(&detail)))
                }
            }
        }
    }
}

/// An unusable answer as RFC 9457 problem+json: 422 for the input's fault, 500/503 for the host's.
fn unusable_problem(v: &Value) -> Response {
    let at = |pointer: &str| v.pointer(pointer).unwrap_or(&Value::Null);
    let code = at("/diagnostics/0/code").as_str().unwrap_or("");
    let status = match code {
        "HOST-001" | "HOST-004" => StatusCode::INTERNAL_SERVER_ERROR,
        "HOST-003" => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let detail = at("/diagnostics/0/message").as_str().unwrap_or("the input could not be used");
    Problem {
        operation: Some(at("/operation")),
        outcome: Some(at("/outcome")),
        rulebook: Some(at("/rulebook")),
        diagnostics: Some(at("/diagnostics")),
        diagnostics_dropped: Some(at("/diagnosticsDropped")),
        ..Problem::new(status, detail)
    }
    .response()
}

async fn call(
    State(state): State<Arc<AppState>>,
    UrlPath(operation): UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let bytes = match read_body(&state, &headers, body, started).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let _permit = match admit(&state, started).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let runtime = Arc::clone(&state.runtime);
    let op = operation.clone();
    let result = tokio::task::spawn_blocking(move || runtime.call_bytes(op.as_bytes(), &bytes)).await;
    let answer = match result {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot run the module");
            let r = problem(StatusCode::SERVICE_UNAVAILABLE, "the module could not be run; try again");
            return finish_rejected(&state, "host-error", started, r);
        }
        Err(_) => {
            let r = problem(StatusCode::INTERNAL_SERVER_ERROR, "the call failed inside the server");
            return finish_rejected(&state, "host-error", started, r);
        }
    };

    // Only the outcome is needed to answer a usable call: read it without building the whole
    // answer as a tree (answers run to kilobytes of strings); an unusable answer is read in full.
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(borrow, default)]
        outcome: Option<std::borrow::Cow<'a, str>>,
    }
    let head = serde_json::from_str::<Head<'_>>(&answer).ok().and_then(|h| h.outcome);
    let outcome = OUTCOMES.iter().copied().find(|o| head.as_deref() == Some(*o)).unwrap_or("other");
    let response = if outcome == "unusable" {
        let v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        let at = |pointer: &str| v.pointer(pointer).unwrap_or(&Value::Null);
        let first = |key: &str| at(&format!("/diagnostics/0/{key}"));
        if first("code").as_str() == Some("INP-004") {
            let detail = first("message").as_str().unwrap_or("there is no such operation");
            let r = Problem { help: Some(first("help")), ..Problem::new(StatusCode::NOT_FOUND, detail) }.response();
            return finish_rejected(&state, "unknown-operation", started, r);
        }
        unusable_problem(&v)
    } else {
        (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], answer).into_response()
    };
    finish(&state, &operation, outcome, started, response)
}

/// Count and log an answered call: its operation label, outcome, status and duration, never
/// anything from the body.
fn finish(state: &AppState, operation: &str, outcome: &'static str, started: Instant, response: Response) -> Response {
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

/// The metrics and log label of `POST /stats/chart.svg` (not an operation name: it has a slash).
const CHART_LABEL: &str = "stats/chart.svg";

/// `POST /stats/chart.svg`: a JSON Lines log in (the body limit as for any call), the quarterly
/// profile's chart out as `image/svg+xml`, byte for byte what `icce stats --format svg` prints.
/// The log goes through the same chunked path as the CLI (the module counts; the host draws).
/// A log the module cannot use is a 422 problem carrying its diagnostics. Entries left out are
/// said in headers (`x-icce-profile-outcome: invalid`, `x-icce-entries-left-out`), and the chart
/// shows what was counted.
async fn stats_chart(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let started = Instant::now();
    let bytes = match read_body(&state, &headers, body, started).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let _permit = match admit(&state, started).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let runtime = Arc::clone(&state.runtime);
    let result = tokio::task::spawn_blocking(move || {
        crate::stats::profile_jsonl(&runtime, &bytes[..], crate::stats::Chunking::default())
            .map(|p| {
                let svg = (p.outcome() != "unusable").then(|| crate::stats::chart_text(&p.value));
                (p, svg)
            })
    })
    .await;
    let (profiled, svg) = match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot run the module");
            let r = problem(StatusCode::SERVICE_UNAVAILABLE, "the module could not be run; try again");
            return finish_rejected(&state, "host-error", started, r);
        }
        Err(_) => {
            let r = problem(StatusCode::INTERNAL_SERVER_ERROR, "the call failed inside the server");
            return finish_rejected(&state, "host-error", started, r);
        }
    };
    let v = &profiled.value;
    let outcome = OUTCOMES.iter().copied().find(|o| v.get("outcome").and_then(Value::as_str) == Some(o)).unwrap_or("other");
    let response = match svg {
        None => unusable_problem(v),
        Some(Err(e)) => {
            tracing::error!(error = %e, "cannot draw the chart");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "the chart could not be drawn")
        }
        Some(Ok(svg)) => {
            let listed = v.get("diagnostics").and_then(Value::as_array).map_or(0, Vec::len) as u64;
            let left_out = listed + v.get("diagnosticsDropped").and_then(Value::as_u64).unwrap_or(0) + profiled.bad_lines as u64;
            let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response();
            let h = r.headers_mut();
            h.insert("x-icce-profile-outcome", HeaderValue::from_static(outcome));
            h.insert("x-icce-entries-left-out", HeaderValue::from(left_out));
            r
        }
    };
    finish(&state, CHART_LABEL, outcome, started, response)
}

/// Count and log a request that got no answer from the module. The operation name in the URL is
/// the caller's text, so it is not logged.
fn finish_rejected(state: &AppState, reason: &'static str, started: Instant, response: Response) -> Response {
    state.metrics.lock().unwrap_or_else(std::sync::PoisonError::into_inner).reject(reason);
    let status = response.status().as_u16();
    tracing::info!(rejected = reason, status, duration_us = started.elapsed().as_micros() as u64, "call");
    response
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    use std::fmt::Write as _;
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

/// `.../web-demo/pkg/icce_wasm_bg.wasm` → `.../web-demo`; else `web-demo` in this folder or a parent.
fn default_web_root(module: &Path) -> Option<PathBuf> {
    let beside = module.parent().and_then(Path::parent).filter(|d| d.file_name().is_some_and(|n| n == "web-demo"));
    if let Some(dir) = beside.filter(|d| d.is_dir()) {
        return Some(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|d| d.join("web-demo")).find(|d| d.is_dir())
}

const EMBEDDED_PAGE: &str = include_str!("default-page.html");

async fn static_file(State(state): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return problem(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served here");
    }
    let path = uri.path();
    let not_found = || problem(StatusCode::NOT_FOUND, "there is nothing at this address");
    // Only plain names: no `..`, no hidden files, no escapes; a trailing slash means index.html.
    let mut rel = PathBuf::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let plain = seg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) && !seg.starts_with('.');
        if !plain {
            return not_found();
        }
        rel.push(seg);
    }
    if path.ends_with('/') {
        rel.push("index.html");
    }
    // The host's compiled-code cache lives beside the module; it is not for browsers.
    if rel.extension().is_some_and(|e| e == "cwasm" || e.to_string_lossy().starts_with("cwasm.")) {
        return not_found();
    }
    let file = state.web_root.as_ref().map(|root| root.join(&rel));
    let file = match file {
        Some(f) if f.is_dir() => f.join("index.html"),
        Some(f) => f,
        None => PathBuf::new(),
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let ctype = content_type(&file);
            ([(header::CONTENT_TYPE, ctype), (header::CACHE_CONTROL, "no-cache")], bytes).into_response()
        }
        Err(_) if rel.as_os_str() == "index.html" => {
            let page = EMBEDDED_PAGE
                .replace("{module}", state.runtime.module_hash())
                .replace("{rulebook}", &state.runtime.rulebook().hash);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
        }
        Err(_) => not_found(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonl" => "application/jsonl",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "sha256" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
