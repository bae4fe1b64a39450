//! What keeps one client, or many, from taking the service down: the `serve` flags ([`Limits`]),
//! and the three places they act.
//!
//! - The body ([`read_body`]): at most [`BODY_LIMIT`] bytes (declared or chunked), arriving within
//!   `--read-timeout-ms`; else 413 or 408.
//! - Admission ([`admit`]): beyond the calls running (one per instance slot), at most
//!   `--max-queue` calls wait for an instance, each at most `--queue-timeout-ms`; a call that
//!   finds the queue full, or waits too long, gets 503 with `Retry-After: 1` at once instead of
//!   piling up.
//! - Connections ([`CappedListener`]): at most `--max-connections` are open at once (idle
//!   keep-alive ones included); one more gets a bare 503 with `Retry-After: 1` and is closed,
//!   counted as `connections-refused`, so that many idle clients cannot exhaust file descriptors
//!   or memory.
//!
//! The module's own limits (memory and time per call) are the runtime's; [`Limits`] only carries
//! them to it.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit, TryAcquireError};

use super::AppState;
use super::metrics::finish_rejected;
use super::problem::{busy, problem};

/// The service's limits, as `icce serve` flags.
#[derive(Clone, Debug, clap::Args)]
pub struct Limits {
    /// Module calls that may run at once [default: twice the cores, 4 to 64]
    #[arg(long, value_name = "N")]
    pub instances: Option<u32>,
    /// Memory one call may use, in MiB
    #[arg(long, value_name = "MIB", default_value_t = 128)]
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

/// Read a request body within the size and time limits; a refusal is counted and answered.
pub(super) async fn read_body(state: &AppState, headers: &HeaderMap, body: Body, started: Instant) -> Result<Bytes, Response> {
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
pub(super) async fn admit(state: &AppState, started: Instant) -> Result<SemaphorePermit<'_>, Response> {
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

/// The TCP listener with a cap on open connections: each accepted connection holds a slot until it
/// is dropped; a connection beyond the cap is answered 503 and closed without reaching hyper.
pub(super) struct CappedListener {
    inner: tokio::net::TcpListener,
    slots: Arc<Semaphore>,
    state: Arc<AppState>,
}

impl CappedListener {
    pub(super) fn new(inner: tokio::net::TcpListener, max_connections: usize, state: Arc<AppState>) -> Self {
        CappedListener { inner, slots: Arc::new(Semaphore::new(max_connections.max(1))), state }
    }
}

/// An accepted connection and its slot.
pub(super) struct Capped {
    io: tokio::net::TcpStream,
    _slot: OwnedSemaphorePermit,
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
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
