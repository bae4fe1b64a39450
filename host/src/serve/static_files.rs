//! The web demo's files, so that one `icce serve` is the whole demo: the page, its scripts and
//! the very module the server runs (as `application/wasm`, which browsers need to stream-compile
//! it). Only plain names below the web root are served (no `..`, no hidden files, no escapes), and
//! never the host's compiled-code cache beside the module. Without a web-demo folder, `/` is an
//! embedded page naming the module and rule book.
//!
//! Every file goes out with `Cache-Control: no-cache` and an `ETag` made of its size, its
//! modification time and (on Unix) its inode and status-change time, and a request whose
//! `If-None-Match` names that tag gets `304 Not Modified`
//! with no body: a browser that comes back revalidates each file instead of downloading the
//! 1.1 MB module again, and keeps the code it compiled from it (Chromium stores compiled
//! WebAssembly with the cached response).
//!
//! A file whose type compresses (text, JSON, the module) goes out compressed to a client that
//! accepts it, with `Vary: Accept-Encoding` and a tag of its own (`compress.rs`): the module
//! travels as 300 KB (brotli) or 397 KB (gzip) instead of 1.12 MB, the whole page as 375 KB
//! instead of 1.49 MB. Measured in Chromium with its network throttled, fresh profiles (BENCHMARKS.md,
//! twelfth session): at 20 Mbit/s the demo was ready in 465 ms with gzip instead of 1,032 ms, and
//! with the page's preloads in 396 ms with brotli against 487 ms with gzip alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::compress::{Accepted, Coding, Store};
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
    match open(&file).await {
        Ok(opened) => respond(&state.compressed, file, opened, &headers).await,
        Err(_) if rel.as_os_str() == "index.html" => {
            let page = EMBEDDED_PAGE
                .replace("{module}", state.runtime.module_hash())
                .replace("{rulebook}", &state.runtime.rulebook().hash);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
        }
        Err(_) => not_found(),
    }
}

/// A file below the web root, open, with its size and entity tag (`"<size>-<modified, ns since
/// 1970>-<inode>-<status changed, ns since 1970>"`, hexadecimal; the last two on Unix only; none
/// where the system gives no modification time), taken from the open handle so that the tag
/// describes the file the bytes will come from. The modification time can be set back (`cp -p`,
/// `rsync -a`, `touch -r` of an older copy), so a file replaced by another of the same size would
/// keep its tag, and a browser its stale copy; the status-change time cannot be set by a program
/// and changes with every write, and a file put in place by renaming has another inode.
pub(super) struct Opened {
    pub(super) file: tokio::fs::File,
    pub(super) len: u64,
    pub(super) tag: Option<String>,
}

pub(super) async fn open(path: &Path) -> std::io::Result<Opened> {
    let file = tokio::fs::File::open(path).await?;
    let meta = file.metadata().await?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    let tag = modified.map(|m| format!("\"{:x}-{:x}{}\"", meta.len(), m.as_nanos(), changed(&meta)));
    Ok(Opened { file, len: meta.len(), tag })
}

/// What the system says of a file that a program cannot set: its inode and status-change time.
#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt as _;
    let ns = i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
    format!("-{:x}-{ns:x}", meta.ino())
}

#[cfg(not(unix))]
fn changed(_meta: &std::fs::Metadata) -> String {
    String::new()
}

/// The module's gzip form made as the server starts, so that the first page does not wait for it
/// (about 70 ms for the 1.1 MB module in a release build).
pub(super) async fn warm(state: Arc<AppState>) {
    let Some(path) = state.web_root.as_ref().map(|root| root.join("pkg").join("icce_wasm_bg.wasm")) else { return };
    if let Ok(mut opened) = open(&path).await
        && (super::compress::COMPRESS_FROM_BYTES..=Coding::Gzip.up_to_bytes()).contains(&opened.len)
    {
        let _ = state.compressed.make(path, Coding::Gzip, &mut opened).await;
    }
}

pub(super) async fn read_all(file: &mut tokio::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt as _;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes).await?;
    Ok(bytes)
}

/// The answer for an open file: `304` when `If-None-Match` names the tag of any form of this
/// version of the file that the request accepts (the file is then not read; a browser that holds
/// the gzip form is not sent the file again because the brotli form became ready, nor the other
/// way round after a restart), else the file in the best coding the request accepts whose form is
/// ready or quick to make (gzip); a brotli form not yet made is made in the background, for the
/// requests after this one.
async fn respond(store: &Arc<Store>, path: PathBuf, mut opened: Opened, headers: &HeaderMap) -> Response {
    let compressible = compressible(&path);
    let accepted: Vec<Coding> = if compressible { Accepted::of(headers).codings(opened.len).collect() } else { Vec::new() };
    let mut head = HeaderMap::new();
    head.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if compressible {
        head.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(tag) = opened.tag.as_deref() {
        let forms = std::iter::once(tag.to_owned()).chain(accepted.iter().map(|c| c.tag(tag)));
        if let Some(held) = forms.filter_map(|f| HeaderValue::try_from(f).ok()).find(|f| names(headers, f)) {
            head.insert(header::ETAG, held);
            return (StatusCode::NOT_MODIFIED, head).into_response();
        }
    }
    let mut chosen: Option<(Coding, Option<Arc<[u8]>>)> = None;
    for &coding in &accepted {
        if let Some(made) = opened.tag.as_deref().and_then(|tag| store.get(&path, coding, tag)) {
            chosen = Some((coding, Some(made)));
            break;
        }
        match coding {
            // Made for this answer (and kept, where the file has a tag to keep it under).
            Coding::Gzip => {
                chosen = Some((coding, None));
                break;
            }
            // Made in the background for later answers: only a form with a tag can be kept.
            Coding::Brotli if opened.tag.is_some() => store.make_later(path.clone(), coding),
            Coding::Brotli => {}
        }
    }
    let sent_tag = opened.tag.as_deref().map(|t| chosen.as_ref().map_or_else(|| t.to_owned(), |(c, _)| c.tag(t)));
    if let Some(t) = sent_tag.and_then(|t| HeaderValue::try_from(t).ok()) {
        head.insert(header::ETAG, t);
    }
    head.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&path)));
    let body = match chosen {
        Some((coding, made)) => {
            let made = match made {
                Some(made) => made,
                None => match store.make(path, coding, &mut opened).await {
                    Ok(made) => made,
                    Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "the file could not be read"),
                },
            };
            head.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding.name()));
            bytes_body(made)
        }
        None => match read_all(&mut opened.file, opened.len).await {
            Ok(bytes) => bytes.into(),
            Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "the file could not be read"),
        },
    };
    (head, body).into_response()
}

fn bytes_body(bytes: Arc<[u8]>) -> axum::body::Body {
    axum::body::Body::from(axum::body::Bytes::from_owner(ArcBytes(bytes)))
}

/// Shared compressed bytes as a response body, without a copy per response.
struct ArcBytes(Arc<[u8]>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The types that compress: text, JSON and the module; not images or fonts, compressed already.
fn compressible(path: &Path) -> bool {
    match content_type(path) {
        "image/svg+xml" => true,
        t => !(t.starts_with("image/") || t.starts_with("font/") || t == "application/octet-stream"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_json_and_the_module_compress_pictures_and_fonts_do_not() {
        for f in ["index.html", "a.js", "a.css", "a.json", "a.jsonl", "icce_wasm_bg.wasm", "favicon.svg", "icce_types.d.ts"] {
            assert!(compressible(Path::new(f)), "{f}");
        }
        for f in ["a.png", "a.woff2", "a.bin", "noextension"] {
            assert!(!compressible(Path::new(f)), "{f}");
        }
    }
}
