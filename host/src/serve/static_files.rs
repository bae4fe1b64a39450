//! The web demo's files, so that one `icce serve` is the whole demo: the page, its scripts and
//! the very module the server runs (as `application/wasm`, which browsers need to stream-compile
//! it). Only plain names below the web root are served (no `..`, no hidden files, no escapes), and
//! never the host's compiled-code cache beside the module. Without a web-demo folder, `/` is an
//! embedded page naming the module and rule book.
//!
//! Every file goes out with `Cache-Control: no-cache` and an `ETag` made of its size and
//! modification time, and a request whose `If-None-Match` names that tag gets `304 Not Modified`
//! with no body: a browser that comes back revalidates each file instead of downloading the
//! 1.1 MB module again, and keeps the code it compiled from it (Chromium stores compiled
//! WebAssembly with the cached response).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::problem::problem;

const EMBEDDED_PAGE: &str = include_str!("default-page.html");

/// `.../web-demo/pkg/icce_wasm_bg.wasm` → `.../web-demo`; else `web-demo` in this folder or a parent
/// (an icce checkout); else none, and `/` is the embedded page.
pub(super) fn default_web_root(module: &Path) -> Option<PathBuf> {
    let beside = module.parent().and_then(Path::parent).filter(|d| d.file_name().is_some_and(|n| n == "web-demo"));
    if let Some(dir) = beside.filter(|d| d.is_dir()) {
        return Some(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|d| d.join("web-demo")).find(|d| d.is_dir())
}

/// Every route not named elsewhere: a file from the web root, or the embedded page at `/`.
pub(super) async fn static_file(State(state): State<Arc<AppState>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = problem(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served here");
        r.headers_mut().insert(header::ALLOW, axum::http::HeaderValue::from_static("GET,HEAD"));
        return r;
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
    // The host's compiled-code cache is never beside the module now, but an older host's may be;
    // it is not for browsers.
    if rel.extension().is_some_and(|e| e == "cwasm" || e.to_string_lossy().starts_with("cwasm.")) {
        return not_found();
    }
    let file = state.web_root.as_ref().map(|root| root.join(&rel));
    let file = match file {
        Some(f) if f.is_dir() => f.join("index.html"),
        Some(f) => f,
        None => PathBuf::new(),
    };
    match read(&file, &headers).await {
        Ok((bytes, tag)) => {
            let mut r = match bytes {
                None => (StatusCode::NOT_MODIFIED, [(header::CACHE_CONTROL, "no-cache")]).into_response(),
                Some(bytes) => ([(header::CONTENT_TYPE, content_type(&file)), (header::CACHE_CONTROL, "no-cache")], bytes).into_response(),
            };
            if let Some(tag) = tag {
                r.headers_mut().insert(header::ETAG, tag);
            }
            r
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

/// A file's entity tag (`"<size>-<modified, ns since 1970>"`, both hexadecimal; none where the
/// system gives no modification time) and its bytes, read through the same open handle so that
/// the tag describes the file the bytes came from; no bytes when the request's `If-None-Match`
/// names the tag (the answer is then `304`, and the file is not read).
async fn read(file: &Path, headers: &HeaderMap) -> std::io::Result<(Option<Vec<u8>>, Option<HeaderValue>)> {
    use tokio::io::AsyncReadExt as _;
    let mut f = tokio::fs::File::open(file).await?;
    let meta = f.metadata().await?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    let tag = modified.and_then(|m| HeaderValue::try_from(format!("\"{:x}-{:x}\"", meta.len(), m.as_nanos())).ok());
    if tag.as_ref().is_some_and(|t| names(headers, t)) {
        return Ok((None, tag));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.read_to_end(&mut bytes).await?;
    Ok((Some(bytes), tag))
}

/// Whether the request's `If-None-Match` names `tag` (or is `*`), compared weakly as RFC 9110
/// says for this header (a `W/` prefix is ignored).
fn names(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let tag = tag.as_bytes();
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim).any(|t| {
        t == "*" || t.strip_prefix("W/").unwrap_or(t).as_bytes() == tag
    })
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
