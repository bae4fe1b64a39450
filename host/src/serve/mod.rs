//! `icce serve`: the operations over HTTP, and the web demo.
//!
//! - `POST /v1/<operation>`: JSON body in, the module's answer out. 200 for any answer that is not
//!   `unusable`; an unusable answer is wrapped in RFC 9457 problem+json (422 for the input's fault,
//!   500/503 for the host's), an unknown operation is a 404 problem, a body over 1 MiB a 413 problem.
//! - `POST /stats/chart.svg`: a JSON Lines log in, the quarterly profile's SVG chart out (the same
//!   chunked path and bytes as `icce stats --format svg`); problems as for the operations.
//! - A body that is not declared as what the route reads (`application/json`; JSON Lines for the
//!   chart) is a 415 problem, refused before it is read; a missing (empty) body a 400 problem; a
//!   method a route does not take a 405 problem with `Allow`.
//! - CORS ([`Cors`]): off unless `--cors-allow-origin` names origins; then their preflight
//!   requests are answered (204) and their calls get `Access-Control-Allow-Origin` and the
//!   `x-icce-*` headers exposed. `host/openapi.json` documents every route and status.
//! - `/livez`, `/readyz`, `/metrics` (Prometheus text; labels are drawn from small fixed sets).
//! - Everything else: static files from the web-demo folder (`application/wasm` for `.wasm`), or
//!   an embedded page when there is no `index.html`.
//!
//! Every response carries `x-icce-module-sha256` and `x-icce-rulebook-hash`, a strict
//! Content-Security-Policy and `nosniff`. Module calls run on tokio's blocking pool, at most as
//! many at once as the runtime has instance slots. Logs name the operation, outcome, status and
//! duration of a call, never anything from a request body.
//!
//! On SIGTERM or Ctrl-C the server stops accepting, lets calls in flight finish, and exits after
//! at most `--shutdown-grace-ms`.
//!
//! The parts, each in its own file:
//! - [`handlers`]: the routes that call the module (an operation, the stats chart) and the one
//!   path every such call takes (body, admission, blocking pool, errors);
//! - [`limits`]: the `serve` flags, the body limits, the admission queue and the connection cap;
//! - [`problem`]: RFC 9457 problem+json, and the one mapping from answers to HTTP statuses;
//! - [`metrics`]: the counters and histogram behind `/metrics`, and the log line of every call;
//! - [`static_files`]: the web demo's files.

mod compress;
mod handlers;
mod limits;
mod metrics;
mod problem;
mod static_files;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use icce_host::Runtime;
use tokio::sync::Semaphore;

pub use limits::Limits;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// What every request handler shares.
struct AppState {
    runtime: Arc<Runtime>,
    /// One permit per instance slot of the runtime: a call holds one while it runs.
    permits: Semaphore,
    /// Places in the queue for a permit.
    queue: Semaphore,
    queue_timeout: Duration,
    read_timeout: Duration,
    web_root: Option<PathBuf>,
    /// The web root's files compressed, once per version and coding.
    compressed: Arc<compress::Store>,
    module_hash: HeaderValue,
    rulebook_hash: HeaderValue,
    metrics: Mutex<metrics::Metrics>,
    cors: Cors,
}

/// Which other origins' pages may call the service (`--cors-allow-origin`): none by default.
#[derive(Clone, Debug, Default)]
pub struct Cors {
    any: bool,
    origins: Vec<HeaderValue>,
}

/// The headers a page on an allowed origin may read from an answer.
const EXPOSED: &str = "x-icce-module-sha256, x-icce-rulebook-hash, x-icce-profile-outcome, x-icce-entries-left-out, retry-after";

impl Cors {
    /// Each origin as a browser sends it (`https://host[:port]`, no path), or `*` for any.
    pub fn new(origins: Vec<String>) -> anyhow::Result<Cors> {
        let mut cors = Cors::default();
        for o in origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
            if o == "*" {
                cors.any = true;
                continue;
            }
            let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
            let plain = rest.is_some_and(|r| !r.is_empty() && !r.contains(['/', '?', '#', ' ']));
            if !plain {
                anyhow::bail!("--cors-allow-origin `{o}` is not an origin: write it as a browser sends it, `https://custody.example` or `http://127.0.0.1:5173` (no path, no trailing slash), or `*`");
            }
            cors.origins.push(HeaderValue::from_str(o)?);
        }
        Ok(cors)
    }

    fn on(&self) -> bool {
        self.any || !self.origins.is_empty()
    }

    /// The `Access-Control-Allow-Origin` for a request from `origin`, if it is allowed.
    fn allow(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if self.any {
            Some(HeaderValue::from_static("*"))
        } else {
            self.origins.iter().find(|o| *o == origin).cloned()
        }
    }
}

/// Start the server and run until Ctrl-C or SIGTERM.
pub fn run(runtime: Runtime, addr: &str, web_root: Option<PathBuf>, limits: &Limits, cors: Cors) -> anyhow::Result<()> {
    let web_root = web_root.or_else(|| static_files::default_web_root(runtime.module_path()));
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
        compressed: Arc::default(),
        metrics: Mutex::new(metrics::Metrics::default()),
        cors,
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
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| anyhow::anyhow!("cannot listen on `{addr}`: {e}"))?;
        let local: SocketAddr = listener.local_addr()?;
        match &state.web_root {
            Some(dir) => tracing::info!(web_root = %dir.display(), "serving static files"),
            None => tracing::info!("no web-demo folder: serving the embedded page at /"),
        }
        eprintln!("icce serve: listening on http://{local}");
        tokio::spawn(static_files::warm(Arc::clone(&state)));
        // Graceful: on the signal, stop accepting and let calls in flight finish, but for no
        // longer than the grace period (a client that never sends its body must not keep the
        // process alive).
        let (stopping, mut stopped) = tokio::sync::watch::channel(false);
        let listener = limits::CappedListener::new(listener, max_connections, Arc::clone(&state));
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
    });
    // Dropping the runtime would wait for every blocking task, a file's brotli form being made in
    // the background included (about 1.6 s for the module): after the connections' grace, wait for
    // them one grace period more at most (so a stop takes at most twice the grace period).
    rt.shutdown_timeout(Duration::from_millis(grace_ms));
    served
}

fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/{operation}", post(handlers::call))
        .route("/stats/chart.svg", post(handlers::stats_chart))
        .route("/livez", get(|| async { "ok\n" }))
        .route("/readyz", get(|| async { "ready\n" }))
        .route("/metrics", get(metrics::metrics))
        .route("/openapi.json", get(handlers::openapi))
        .fallback(static_files::static_file)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), cors))
        .layer(axum::middleware::map_response_with_state(Arc::clone(&state), common_headers))
        .with_state(state)
}

/// A method a route does not take: a 405 problem (the router adds `Allow`).
async fn method_not_allowed(method: Method) -> Response {
    problem::problem(StatusCode::METHOD_NOT_ALLOWED, &format!("this address does not take {method}; `Allow` lists what it takes"))
}

/// CORS for the origins of [`Cors`]: a preflight from one of them is answered here (204); any
/// other request runs, and its response says the origin may read it. Requests from other
/// origins, and every request while CORS is off, run as if there were no CORS (a preflight then
/// gets the route's own 405, which a browser takes as a refusal).
async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if !state.cors.on() {
        return next.run(request).await;
    }
    let allowed = request.headers().get(header::ORIGIN).and_then(|o| state.cors.allow(o));
    let preflight = request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = match (&allowed, preflight) {
        (Some(_), true) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, POST"));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            r
        }
        _ => next.run(request).await,
    };
    let h = response.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
    }
    response
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

/// The headers of every response, whichever route or refusal produced it.
async fn common_headers(State(state): State<Arc<AppState>>, mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("x-icce-module-sha256", state.module_hash.clone());
    h.insert("x-icce-rulebook-hash", state.rulebook_hash.clone());
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
