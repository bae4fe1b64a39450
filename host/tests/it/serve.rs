//! `icce serve` answers what `icce call` prints, byte for byte, with the hash and security
//! headers; problem+json for unusable input (422), an unknown operation (404) and a body over
//! the limit (413); health, metrics, static files (the module itself, never a compiled-code
//! cache) and the OpenAPI document. Bodies: 415 for any content type but the route's (JSON, JSON
//! Lines for the chart), 400 for a missing body, 405 with `Allow` for another method. CORS: off
//! by default (a preflight is refused), on for the origins of `--cors-allow-origin`.

use icce_parity::http::{get, http, request, request_with};
use icce_parity::server::Server;

use crate::{icce, icce_bin, module, parse, repo, runtime, sample};

#[test]
fn answers_exactly_what_call_prints() {
    let server = Server::start(icce_bin(), &module(), "warn", &[]);
    assert!(server.log().contains("sha256"), "serve prints the hashes at start:\n{}", server.log());
    let file = sample("request-ready.json");
    let body = std::fs::read(&file).unwrap();
    let cli = icce(&["call", "validateRequestOut", &file.to_string_lossy()], b"");
    assert_eq!(cli.status.code(), Some(0));

    let r = http(&server.addr, "POST", "/v1/validateRequestOut", &body);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let mut expected = r.body.clone();
    expected.push(b'\n');
    assert_eq!(expected, cli.stdout, "HTTP body and `icce call` output differ");

    let rt = runtime();
    assert_eq!(r.header("x-icce-module-sha256"), Some(rt.module_hash()));
    assert_eq!(r.header("x-icce-rulebook-hash"), Some(rt.rulebook().hash.as_str()));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("content-security-policy").unwrap().contains("'wasm-unsafe-eval'"));

    // Unusable input: 422 problem+json carrying the module's diagnostics.
    let r = http(&server.addr, "POST", "/v1/validateRequestOut", b"{");
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], 422);
    assert_eq!(p["diagnostics"][0]["code"], "INP-001");
    assert!(r.header("x-icce-module-sha256").is_some());

    // Unknown operation: 404 problem.
    let r = http(&server.addr, "POST", "/v1/noSuchOperation", b"{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));

    // Over the body limit: 413 problem.
    let r = http(&server.addr, "POST", "/v1/validateRequestOut", &vec![b' '; (1 << 20) + 1]);
    assert_eq!(r.status, 413);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));

    // Health, metrics, static files.
    assert_eq!(get(&server.addr, "/livez").status, 200);
    assert_eq!(get(&server.addr, "/readyz").status, 200);
    let m = get(&server.addr, "/metrics").text();
    assert!(m.contains(r#"icce_requests_total{operation="validateRequestOut",outcome="ready"} 1"#), "{m}");
    assert!(m.contains(r#"icce_rejected_total{reason="unknown-operation"} 1"#), "{m}");
    assert!(!m.contains("noSuchOperation"), "caller text must not become a label:\n{m}");
    let w = get(&server.addr, "/pkg/icce_wasm_bg.wasm");
    assert_eq!(w.status, 200);
    assert_eq!(w.header("content-type"), Some("application/wasm"));
    assert_eq!(w.body, std::fs::read(module()).unwrap());
    // A browser coming back revalidates: its tag gets 304 and no body; another tag, the file.
    let tag = w.header("etag").expect("a static file has an ETag").to_owned();
    assert_eq!(w.header("cache-control"), Some("no-cache"));
    for (sent, status) in [(tag.clone(), 304), (format!("W/{tag}"), 304), (format!("\"x\", {tag}"), 304), ("*".to_owned(), 304), ("\"x\"".to_owned(), 200)] {
        let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("if-none-match", sent.as_str())], b"");
        assert_eq!(r.status, status, "If-None-Match: {sent}");
        if status == 304 {
            assert!(r.body.is_empty(), "a 304 has no body");
            assert_eq!(r.header("etag"), Some(tag.as_str()));
        } else {
            assert_eq!(r.body.len(), w.body.len());
        }
    }
    // Without Accept-Encoding the module goes out as it is, saying that another form exists.
    assert_eq!(w.header("content-encoding"), None);
    assert_eq!(w.header("vary"), Some("accept-encoding"));
    // Accepting gzip, it goes out gzip-compressed under a tag of its own, the same bytes each
    // time, and decompresses to the module; its tag revalidates to 304.
    let gz = |accept: &str| request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", accept)], b"");
    let z = gz("gzip, deflate");
    assert_eq!(z.status, 200);
    assert_eq!(z.header("content-encoding"), Some("gzip"));
    assert_eq!(z.header("content-type"), Some("application/wasm"));
    assert_eq!(z.header("vary"), Some("accept-encoding"));
    let ztag = z.header("etag").expect("the gzip form has an ETag").to_owned();
    assert_ne!(ztag, tag, "the gzip form needs a tag of its own");
    assert!(z.body.len() * 2 < w.body.len(), "gzip: {} of {} bytes", z.body.len(), w.body.len());
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&z.body[..]), &mut unzipped).unwrap();
    assert!(unzipped == w.body, "the gzip form decompresses to the module");
    assert!(gz("gzip").body == z.body, "compressed the same way every time");
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "gzip"), ("if-none-match", ztag.as_str())], b"");
    assert_eq!((r.status, r.body.len(), r.header("etag")), (304, 0, Some(ztag.as_str())));
    // A client holding the file as it is keeps it: that form is acceptable too. A tag of another
    // version of the file revalidates nothing.
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "gzip"), ("if-none-match", tag.as_str())], b"");
    assert_eq!((r.status, r.header("etag")), (304, Some(tag.as_str())));
    let other = ztag.replacen('"', "\"0", 1);
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "gzip"), ("if-none-match", other.as_str())], b"");
    assert_eq!((r.status, r.header("content-encoding")), (200, Some("gzip")));
    // Brotli is made in the background once asked for; until it is ready the answer is gzip where
    // that is accepted too, else the file as it is. Then brotli, under its own tag, smaller still.
    let first = gz("gzip, br");
    assert!(matches!(first.header("content-encoding"), Some("gzip" | "br")), "{:?}", first.header("content-encoding"));
    let mut br = gz("br");
    let start = std::time::Instant::now();
    while br.header("content-encoding") != Some("br") {
        assert_eq!((br.status, br.header("content-encoding"), br.body.len()), (200, None, w.body.len()), "brotli alone, not ready yet");
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "the brotli form was never made");
        std::thread::sleep(std::time::Duration::from_millis(100));
        br = gz("br");
    }
    let btag = br.header("etag").expect("the brotli form has an ETag").to_owned();
    assert!(btag != tag && btag != ztag, "{btag}");
    assert!(br.body.len() < z.body.len(), "brotli {} bytes, gzip {}", br.body.len(), z.body.len());
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(&br.body[..], 4096), &mut unpacked).unwrap();
    assert!(unpacked == w.body, "the brotli form decompresses to the module");
    assert_eq!(gz("gzip, deflate, br, zstd").header("etag"), Some(btag.as_str()), "a browser's usual header: brotli");
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "br"), ("if-none-match", btag.as_str())], b"");
    assert_eq!((r.status, r.body.len()), (304, 0));
    // A browser that got the gzip form before the brotli form was ready keeps it: its tag still
    // revalidates, though a new request would now get brotli.
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "gzip, br"), ("if-none-match", ztag.as_str())], b"");
    assert_eq!((r.status, r.body.len(), r.header("etag")), (304, 0, Some(ztag.as_str())));
    // But not where the request no longer accepts gzip.
    let r = request_with(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "br"), ("if-none-match", ztag.as_str())], b"");
    assert_eq!((r.status, r.header("content-encoding")), (200, Some("br")));
    // Weights (RFC 9110 12.5.3): a coding refused by q=0, or named nowhere, is not used; `*`
    // accepts what is not named; the heavier coding wins.
    for (accept, coding) in [("gzip;q=0", None), ("identity", None), ("*", Some("br")), ("*;q=0", None), ("br;q=0, *", Some("gzip")), ("br;q=0.5, GZIP", Some("gzip")), ("x-gzip", Some("gzip"))] {
        assert_eq!(gz(accept).header("content-encoding"), coding, "Accept-Encoding: {accept}");
    }
    // HEAD says what GET would send, without the body.
    let h = request_with(&server.addr, "HEAD", "/pkg/icce_wasm_bg.wasm", &[("accept-encoding", "gzip")], b"");
    assert_eq!((h.status, h.header("content-encoding"), h.header("etag"), h.body.len()), (200, Some("gzip"), Some(ztag.as_str()), 0));
    assert_eq!(h.header("content-length"), Some(z.body.len().to_string().as_str()), "HEAD's length is GET's");
    // A file under 1 KiB goes out as it is (gzip's own bytes would eat what it saves).
    let small = std::fs::metadata(repo().join("web-demo/favicon.svg")).unwrap().len();
    assert!(small < 1024, "favicon.svg is {small} bytes: pick another small file");
    let r = request_with(&server.addr, "GET", "/favicon.svg", &[("accept-encoding", "gzip")], b"");
    assert_eq!((r.status, r.header("content-encoding"), r.body.len() as u64), (200, None, small));
    assert_eq!(get(&server.addr, "/").status, 200);
    assert_eq!(get(&server.addr, "/../Cargo.toml").status, 404);
    // The OpenAPI document is the checked-in file, byte for byte, and names every operation.
    let o = get(&server.addr, "/openapi.json");
    assert_eq!(o.status, 200);
    assert_eq!(o.header("content-type"), Some("application/json"));
    assert_eq!(o.body, std::fs::read(repo().join("host/openapi.json")).unwrap());
    let doc = parse(&o.text());
    assert_eq!(doc["openapi"], "3.1.0");
    for op in ["validateRequestOut", "listRules", "showRules"] {
        assert!(doc["paths"][format!("/v1/{op}")]["post"].is_object(), "{op}");
    }
    // The compiled-code cache is in the cache directory, never beside the module (`relocate`); a
    // stray one there (an older host's) would not be served.
    assert_eq!(get(&server.addr, "/pkg/icce_wasm_bg-0123456789abcdef-0123456789abcdef.cwasm").status, 404);
}

#[test]
fn bodies_must_be_what_the_route_reads() {
    let server = Server::start(icce_bin(), &module(), "warn", &[]);
    let body = std::fs::read(sample("request-ready.json")).unwrap();
    let op = "/v1/validateRequestOut";
    for ct in ["text/plain;charset=UTF-8", "application/xml", "application/x-www-form-urlencoded", "application/jsonl"] {
        let r = request(&server.addr, "POST", op, ct, &body);
        assert_eq!(r.status, 415, "{ct}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert!(r.json()["detail"].as_str().unwrap().contains("application/json"), "{}", r.text());
    }
    // No Content-Type at all: 415 too; a charset parameter is fine.
    assert_eq!(request_with(&server.addr, "POST", op, &[], &body).status, 415);
    assert_eq!(request(&server.addr, "POST", op, "application/json; charset=utf-8", &body).status, 200);
    // A missing body: 400, before the module (listRules, which ignores its input, included).
    for path in [op, "/v1/listRules"] {
        let r = http(&server.addr, "POST", path, b"");
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
    assert_eq!(http(&server.addr, "POST", "/v1/listRules", b"{}").status, 200);
    // The chart reads JSON Lines.
    let log = std::fs::read(sample("exchange-log.jsonl")).unwrap();
    assert_eq!(request(&server.addr, "POST", "/stats/chart.svg", "application/json", &log).status, 415);
    assert_eq!(request(&server.addr, "POST", "/stats/chart.svg", "application/jsonl", &log).status, 200);
    assert_eq!(request(&server.addr, "POST", "/stats/chart.svg", "application/jsonl", b"").status, 400);
    // Another method: 405 problem with Allow.
    let r = get(&server.addr, op);
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let r = http(&server.addr, "POST", "/livez", b"{}");
    assert_eq!((r.status, r.header("allow")), (405, Some("GET,HEAD")));
    let m = get(&server.addr, "/metrics").text();
    assert!(m.contains(r#"icce_rejected_total{reason="unsupported-media-type"} 6"#), "{m}");
    assert!(m.contains(r#"icce_rejected_total{reason="body-missing"} 3"#), "{m}");
}

#[test]
fn cors_is_off_by_default_and_on_for_the_origins_given() {
    let origin = "http://127.0.0.1:5173";
    let preflight = [("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")];
    let call = [("Origin", origin), ("Content-Type", "application/json")];
    let off = Server::start(icce_bin(), &module(), "warn", &[]);
    let r = request_with(&off.addr, "OPTIONS", "/v1/listRules", &preflight, b"");
    assert_eq!(r.status, 405, "no CORS: the preflight is refused");
    assert_eq!(r.header("access-control-allow-origin"), None);
    let r = request_with(&off.addr, "POST", "/v1/listRules", &call, b"{}");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (200, None));
    drop(off);

    let on = Server::start(icce_bin(), &module(), "warn", &["--cors-allow-origin", origin]);
    let r = request_with(&on.addr, "OPTIONS", "/v1/validateRequestOut", &preflight, b"");
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    assert!(r.header("access-control-allow-methods").unwrap().contains("POST"));
    assert_eq!(r.header("access-control-allow-headers"), Some("content-type"));
    let r = request_with(&on.addr, "POST", "/v1/listRules", &call, b"{}");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    assert!(r.header("access-control-expose-headers").unwrap().contains("x-icce-module-sha256"));
    assert_eq!(r.header("vary"), Some("origin"));
    // Another origin: no CORS headers, and its preflight is refused.
    let other = [("Origin", "http://elsewhere.example"), ("Access-Control-Request-Method", "POST")];
    let r = request_with(&on.addr, "OPTIONS", "/v1/listRules", &other, b"");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (405, None));
    drop(on);

    // A value that is not an origin is refused at start.
    let out = std::process::Command::new(icce_bin())
        .args(["serve", "--addr", "127.0.0.1:0", "--cors-allow-origin", "http://a.example/path"])
        .env("ICCE_MODULE", module())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an origin"));
}

/// A file replaced by another of the same size whose modification time was set back (as `cp -p`
/// or `rsync -a` of an older copy leave it) gets a new tag: a browser that revalidates with the
/// old one is sent the new bytes, not told that its copy is current.
#[test]
fn a_file_replaced_in_place_with_its_old_time_kept_gets_a_new_tag() {
    let root = std::env::temp_dir().join(format!("icce-etag-web-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let path = root.join("form.js");
    std::fs::write(&path, "export const version = 1;\n").unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let web_root = root.to_string_lossy().into_owned();
    let server = Server::start(icce_bin(), &module(), "info", &["--web-root", &web_root]);
    let first = get(&server.addr, "/form.js");
    assert_eq!(first.status, 200);
    let tag = first.header("etag").expect("a static file has an ETag").to_owned();
    let again = request_with(&server.addr, "GET", "/form.js", &[("if-none-match", tag.as_str())], b"");
    assert_eq!((again.status, again.body.len()), (304, 0), "the same file: its tag holds");

    // Written in place (the same inode), the same size, its modification time put back.
    std::fs::write(&path, "export const version = 2;\n").unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
    let after = request_with(&server.addr, "GET", "/form.js", &[("if-none-match", tag.as_str())], b"");
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(after.status, 200, "the old tag must not name the new bytes");
    assert_eq!(after.body, b"export const version = 2;\n");
    assert_ne!(after.header("etag"), Some(tag.as_str()));
}
