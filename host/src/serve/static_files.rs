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
//!
//! A file whose type compresses (text, JSON, the module) goes out gzip-compressed to a client that
//! accepts it (`Accept-Encoding`, RFC 9110 12.5.3), with `Vary: Accept-Encoding` and a tag of its
//! own: the module travels as 397 KB instead of 1.12 MB, the whole page as 485 KB instead of
//! 1.49 MB. Each file is compressed once per version (its tag) on a blocking thread and kept in
//! memory (the module's as the server starts); the answer is the same bytes every time (no time or
//! name in the gzip header). Measured in Chromium with its network throttled (BENCHMARKS.md,
//! twelfth session), the demo was ready in 465 ms instead of 1,032 at 20 Mbit/s, and in 1,090 ms
//! instead of 2,933 at 5 Mbit/s. Brotli was tried and not kept: a quarter smaller for the module,
//! but no quicker page, and seconds of compression after each start.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
    let gzip = compressible(&file) && accepts_gzip(&headers);
    match open(&file).await {
        Ok(opened) => respond(&state.gzipped, file, opened, gzip, &headers).await,
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
/// 1970>"`, both hexadecimal; none where the system gives no modification time), taken from the
/// open handle so that the tag describes the file the bytes will come from.
struct Opened {
    file: tokio::fs::File,
    len: u64,
    tag: Option<String>,
}

async fn open(path: &Path) -> std::io::Result<Opened> {
    let file = tokio::fs::File::open(path).await?;
    let meta = file.metadata().await?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    let tag = modified.map(|m| format!("\"{:x}-{:x}\"", meta.len(), m.as_nanos()));
    Ok(Opened { file, len: meta.len(), tag })
}

/// The gzip form of a file has a tag of its own (RFC 9110 8.8.3: a tag names one representation).
fn gzip_tag(tag: &str) -> String {
    format!("{}-gzip\"", tag.trim_end_matches('"'))
}

/// Below this size a file goes out as it is: gzip's header and trailer would eat what it saves.
const GZIP_FROM_BYTES: u64 = 1024;
/// Above this size a file goes out as it is, uncompressed and unkept (none of the demo's is).
const GZIP_UP_TO_BYTES: u64 = 16 << 20;
/// The most files, and bytes, kept compressed; past either the store starts again (the demo has
/// about 40 files, 490 KB compressed).
const GZIPPED_FILES: usize = 256;
const GZIPPED_BYTES: usize = 64 << 20;

/// A gzip form: the tag of the file it was made from, and its bytes.
type Kept = (String, Arc<[u8]>);

/// The gzip forms made so far, per file.
#[derive(Default)]
pub(super) struct Gzipped(Mutex<HashMap<PathBuf, Kept>>);

impl Gzipped {
    fn get(&self, path: &Path, tag: &str) -> Option<Arc<[u8]>> {
        let kept = self.0.lock().ok()?;
        kept.get(path).filter(|(t, _)| t == tag).map(|(_, b)| Arc::clone(b))
    }

    fn keep(&self, path: PathBuf, tag: String, bytes: Arc<[u8]>) {
        if let Ok(mut kept) = self.0.lock() {
            let held: usize = kept.iter().filter(|(p, _)| **p != path).map(|(_, (_, b))| b.len()).sum();
            if (!kept.contains_key(&path) && kept.len() >= GZIPPED_FILES) || held + bytes.len() > GZIPPED_BYTES {
                kept.clear();
            }
            kept.insert(path, (tag, bytes));
        }
    }
}

/// The module's gzip form made as the server starts, so that the first page does not wait for it
/// (about 70 ms for the 1.1 MB module in a release build).
pub(super) async fn warm(state: Arc<AppState>) {
    let Some(path) = state.web_root.as_ref().map(|root| root.join("pkg").join("icce_wasm_bg.wasm")) else { return };
    let Ok(Opened { mut file, len, tag: Some(tag) }) = open(&path).await else { return };
    if (GZIP_FROM_BYTES..=GZIP_UP_TO_BYTES).contains(&len)
        && let Ok(z) = gzip_file(&mut file, len).await
    {
        state.gzipped.keep(path, tag, z.into());
    }
}

/// The rest of an open file, gzip-compressed on a blocking thread.
async fn gzip_file(file: &mut tokio::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let bytes = read_all(file, len).await?;
    tokio::task::spawn_blocking(move || gzip_bytes(&bytes)).await.map_err(std::io::Error::other)?
}

async fn read_all(file: &mut tokio::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt as _;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes).await?;
    Ok(bytes)
}

/// The answer for an open file: `304` when `If-None-Match` names the tag of the form the client
/// would get (the file is then not read), else the file, gzip-compressed when `gzip` says so.
async fn respond(gzipped: &Gzipped, path: PathBuf, opened: Opened, gzip: bool, headers: &HeaderMap) -> Response {
    let Opened { mut file, len, tag } = opened;
    let gzip = gzip && (GZIP_FROM_BYTES..=GZIP_UP_TO_BYTES).contains(&len);
    let sent_tag = tag.as_deref().map(|t| if gzip { gzip_tag(t) } else { t.to_owned() });
    let mut head = HeaderMap::new();
    head.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if compressible(&path) {
        head.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(t) = sent_tag.as_deref().and_then(|t| HeaderValue::try_from(t).ok()) {
        let unchanged = names(headers, &t);
        head.insert(header::ETAG, t);
        if unchanged {
            return (StatusCode::NOT_MODIFIED, head).into_response();
        }
    }
    head.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&path)));
    let body = if gzip {
        let kept = tag.as_deref().and_then(|t| gzipped.get(&path, t));
        let z = match kept {
            Some(z) => z,
            None => match gzip_file(&mut file, len).await {
                Ok(z) => {
                    let z: Arc<[u8]> = z.into();
                    if let Some(t) = tag {
                        gzipped.keep(path, t, Arc::clone(&z));
                    }
                    z
                }
                Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "the file could not be read"),
            },
        };
        head.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        bytes_body(z)
    } else {
        match read_all(&mut file, len).await {
            Ok(bytes) => bytes.into(),
            Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "the file could not be read"),
        }
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

/// gzip at the best compression, with no time or file name in its header (the same bytes every
/// time for the same file).
fn gzip_bytes(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut z = flate2::GzBuilder::new().write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    z.write_all(bytes)?;
    z.finish()
}

/// Whether the request accepts gzip (RFC 9110 12.5.3): `gzip` or `x-gzip` with a weight above 0,
/// or `*` above 0 where gzip is not named.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for item in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let weight = parts
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            named = Some(named.unwrap_or(0.0_f32).max(weight));
        } else if coding == "*" {
            any = Some(weight);
        }
    }
    named.or(any).is_some_and(|w| w > 0.0)
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

    #[test]
    fn the_store_keeps_one_form_per_file_and_stays_within_its_bounds() {
        let store = Gzipped::default();
        let bytes = |n: usize| -> Arc<[u8]> { vec![0; n].into() };
        store.keep("a".into(), "t1".into(), bytes(10));
        assert!(store.get(Path::new("a"), "t1").is_some());
        // A new version of the file replaces the old one; the old tag no longer finds it.
        store.keep("a".into(), "t2".into(), bytes(10));
        assert!(store.get(Path::new("a"), "t1").is_none());
        assert!(store.get(Path::new("a"), "t2").is_some());
        // Past the number of files, the store starts again.
        for i in 1..GZIPPED_FILES {
            store.keep(format!("f{i}").into(), "t".into(), bytes(1));
        }
        assert!(store.get(Path::new("a"), "t2").is_some(), "{GZIPPED_FILES} files fit");
        store.keep("one-more".into(), "t".into(), bytes(1));
        assert!(store.get(Path::new("a"), "t2").is_none());
        assert!(store.get(Path::new("one-more"), "t").is_some());
        // Past the number of bytes, likewise: `one-more` and `big` fill it exactly; one byte more
        // starts again.
        store.keep("big".into(), "t".into(), bytes(GZIPPED_BYTES - 1));
        assert!(store.get(Path::new("one-more"), "t").is_some() && store.get(Path::new("big"), "t").is_some());
        store.keep("c".into(), "t".into(), bytes(1));
        assert!(store.get(Path::new("big"), "t").is_none() && store.get(Path::new("one-more"), "t").is_none());
        assert!(store.get(Path::new("c"), "t").is_some());
    }
}
