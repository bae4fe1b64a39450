//! icce-host, tested from outside: as a library (the `Runtime`), as the `icce` binary, and as an
//! HTTP server, all on the real module built by `scripts/build-wasm.sh`.
//!
//! Contents:
//! - the architecture invariant: `cargo tree -p icce-host` has no icce-core;
//! - the runtime: a ready sample, non-UTF-8 input, an unknown operation, the memory and time
//!   limits;
//! - the CLI: `validate` exit codes 0/1/2, `batch` streaming with a bad line;
//! - `serve`: the body of `POST /v1/validateRequestOut` is `icce call`'s output, byte for byte,
//!   with the hash headers; problem+json for unusable input, unknown operations, large bodies.
//!
//! The module is compiled once into the `.cwasm` cache beside it (a debug host compiles for
//! seconds); every later load in these tests deserializes it.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken assumption should fail the test loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use icce_host::{Options, Runtime};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn module() -> PathBuf {
    let m = root().join("web-demo/pkg/icce_wasm_bg.wasm");
    assert!(m.is_file(), "the module {} is missing: run scripts/build-wasm.sh first", m.display());
    // The first test to get here loads the module once, filling the `.cwasm` cache (a release
    // host's cache serves too: the engine compatibility hash is the same); the other tests, and
    // the `icce` processes they start, wait for it and then only deserialize.
    static WARM: OnceLock<()> = OnceLock::new();
    WARM.get_or_init(|| {
        Runtime::load(&m).expect("the module loads");
    });
    m
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

fn runtime() -> Runtime {
    Runtime::load(module()).expect("the module loads")
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("answers are JSON")
}

fn icce(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_icce"))
        .args(args)
        .env("ICCE_MODULE", module())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("icce starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

// ---- the invariant ----

#[test]
fn host_does_not_depend_on_core() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-p", "icce-host", "-e", "normal,build,dev", "--prefix", "none"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(tree.lines().any(|l| l.starts_with("wasmtime ")), "cargo tree printed no wasmtime:\n{tree}");
    let core: Vec<&str> = tree.lines().filter(|l| l.starts_with("icce-core ")).collect();
    assert!(core.is_empty(), "icce-host must not depend on icce-core, but cargo tree has: {core:?}");
}

// ---- the runtime ----

#[test]
fn runtime_answers_the_ready_sample() {
    let rt = runtime();
    let input = std::fs::read_to_string(sample("request-ready.json")).unwrap();
    let a = parse(&rt.call("validateRequestOut", &input).unwrap());
    assert_eq!(a["outcome"], "ready", "{a}");
    assert_eq!(a["rulebook"]["hash"], rt.rulebook().hash.as_str());
    let recorded = std::fs::read_to_string(root().join("web-demo/pkg/icce_wasm_bg.wasm.sha256")).unwrap();
    assert_eq!(rt.module_hash(), recorded.trim(), "module hash differs from the build's .sha256");
    assert_eq!(rt.abi_version(), icce_host::ABI_VERSION);
    // A fresh instance per call: the same input gives the same bytes again.
    assert_eq!(rt.call("validateRequestOut", &input).unwrap(), rt.call("validateRequestOut", &input).unwrap());
}

#[test]
fn runtime_turns_bad_input_into_answers() {
    let rt = runtime();
    let a = parse(&rt.call_bytes(b"validateRequestOut", b"{\"x\":\"\xff\"}").unwrap());
    assert_eq!(a["outcome"], "unusable");
    assert_eq!(a["diagnostics"][0]["code"], "INP-001");
    let a = parse(&rt.call("noSuchOperation", "{}").unwrap());
    assert_eq!(a["diagnostics"][0]["code"], "INP-004");
    let a = parse(&rt.call("showRules", r#"{"country":"PL"}"#).unwrap());
    assert_eq!(a["outcome"], "ok");
    assert_eq!(a["country"]["code"], "PL");
}

#[test]
fn memory_limit_is_an_answer_and_the_next_call_works() {
    let rt = Runtime::load_with(module(), Options { memory_limit: 3 << 20, instances: 2, ..Options::default() }).unwrap();
    let big = format!("\"{}\"", "a".repeat(5 << 19));
    let a = parse(&rt.call("validateRequestOut", &big).unwrap());
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(a["diagnostics"][0]["code"], "HOST-002", "{a}");
    assert_eq!(a["diagnostics"][0]["name"], "memory-limit");
    assert_eq!(a["rulebook"]["hash"], rt.rulebook().hash.as_str());
    let input = std::fs::read_to_string(sample("request-ready.json")).unwrap();
    assert_eq!(parse(&rt.call("validateRequestOut", &input).unwrap())["outcome"], "ready");
}

#[test]
fn time_limit_is_an_answer_and_the_next_call_works() {
    let mut rt = runtime();
    let input = std::fs::read_to_string(sample("request-ready.json")).unwrap();
    rt.set_time_limit(Duration::ZERO);
    let a = parse(&rt.call("validateRequestOut", &input).unwrap());
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(a["diagnostics"][0]["code"], "HOST-003", "{a}");
    assert_eq!(a["diagnostics"][0]["name"], "time-limit");
    rt.set_time_limit(Duration::from_secs(2));
    assert_eq!(parse(&rt.call("validateRequestOut", &input).unwrap())["outcome"], "ready");
}

// ---- the CLI ----

#[test]
fn validate_exit_codes() {
    let path = |n: &str| sample(n).to_string_lossy().into_owned();
    let ready = icce(&["validate", &path("request-ready.json")], b"");
    assert_eq!(ready.status.code(), Some(0), "{}", String::from_utf8_lossy(&ready.stderr));
    let text = String::from_utf8_lossy(&ready.stdout);
    assert!(text.starts_with("outcome: ready"), "{text}");
    assert!(text.contains("RO Romania: ready  message GB-RO-REQ-"), "{text}");

    let incomplete = icce(&["validate", &path("request-incomplete.json")], b"");
    assert_eq!(incomplete.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&incomplete.stdout).contains("\nemail:\n"));
    assert_eq!(icce(&["validate", &path("request-invalid.json")], b"").status.code(), Some(1));

    let unusable = icce(&["validate", "-", "--format", "json"], b"{");
    assert_eq!(unusable.status.code(), Some(2));
    assert_eq!(parse(&String::from_utf8_lossy(&unusable.stdout))["diagnostics"][0]["code"], "INP-001");
    assert_eq!(icce(&["validate", "/no/such/file.json"], b"").status.code(), Some(2));
    assert_eq!(icce(&["validate", "--no-such-flag"], b"").status.code(), Some(2));
}

#[test]
fn batch_streams_one_answer_per_line_and_goes_on_after_a_bad_line() {
    let ready = std::fs::read_to_string(sample("request-ready.json")).unwrap();
    let ready = serde_json::to_string(&parse(&ready)).unwrap();
    let input = format!("{ready}\n{{not json\n\n{ready}\r\n");
    let out = icce(&["batch"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(parse).collect();
    let outcomes: Vec<&str> = lines.iter().map(|l| l["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["ready", "unusable", "ready"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 answered") && stderr.contains("ready 2") && stderr.contains("unusable 1"), "{stderr}");
}

// ---- serve ----

/// The server child process, stopped when the test ends.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_icce"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("ICCE_MODULE", module())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("icce serve starts");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let addr = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("icce serve stopped before listening:\n{seen}");
        }
        seen.push_str(&line);
        if let Some(a) = line.trim().strip_prefix("icce serve: listening on http://") {
            break a.to_owned();
        }
    };
    assert!(seen.contains("sha256"), "serve prints the hashes at start:\n{seen}");
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Server { child, addr }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection, `Connection: close`.
fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body and close; that is fine.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply { status, headers, body: raw[split + 4..].to_vec() }
}

#[test]
fn serve_answers_exactly_what_call_prints() {
    let server = serve();
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
    let p = parse(&String::from_utf8_lossy(&r.body));
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
    assert_eq!(http(&server.addr, "GET", "/livez", b"").status, 200);
    assert_eq!(http(&server.addr, "GET", "/readyz", b"").status, 200);
    let m = http(&server.addr, "GET", "/metrics", b"");
    let m = String::from_utf8_lossy(&m.body);
    assert!(m.contains(r#"icce_requests_total{operation="validateRequestOut",outcome="ready"} 1"#), "{m}");
    assert!(m.contains(r#"icce_rejected_total{reason="unknown-operation"} 1"#), "{m}");
    assert!(!m.contains("noSuchOperation"), "caller text must not become a label:\n{m}");
    let w = http(&server.addr, "GET", "/pkg/icce_wasm_bg.wasm", b"");
    assert_eq!(w.status, 200);
    assert_eq!(w.header("content-type"), Some("application/wasm"));
    assert_eq!(w.body, std::fs::read(module()).unwrap());
    assert_eq!(http(&server.addr, "GET", "/", b"").status, 200);
    assert_eq!(http(&server.addr, "GET", "/../Cargo.toml", b"").status, 404);
    // The OpenAPI document is the checked-in file, byte for byte, and names every operation.
    let o = http(&server.addr, "GET", "/openapi.json", b"");
    assert_eq!(o.status, 200);
    assert_eq!(o.header("content-type"), Some("application/json"));
    assert_eq!(o.body, std::fs::read(root().join("host/openapi.json")).unwrap());
    let doc = parse(&String::from_utf8_lossy(&o.body));
    assert_eq!(doc["openapi"], "3.1.0");
    for op in ["validateRequestOut", "listRules", "showRules"] {
        assert!(doc["paths"][format!("/v1/{op}")]["post"].is_object(), "{op}");
    }
    let cwasm = std::fs::read_dir(module().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with(".cwasm"))
        .expect("the runtime left a .cwasm cache");
    assert_eq!(http(&server.addr, "GET", &format!("/pkg/{cwasm}"), b"").status, 404, "the cache is not served");
}
