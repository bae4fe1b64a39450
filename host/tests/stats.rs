//! `icce stats` on the synthetic sample log: the table, CSV and the SVG chart, through the module;
//! a generated log of 100,000 lines (many calls, the profile carried from one to the next); and
//! `POST /stats/chart.svg`, byte for byte the chart the CLI prints.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stats(format: &str) -> (String, i32) {
    let module = root().join("web-demo/pkg/icce_wasm_bg.wasm");
    assert!(module.exists(), "{} is missing: run scripts/build-wasm.sh first", module.display());
    let out = Command::new(env!("CARGO_BIN_EXE_icce"))
        .args(["--module", module.to_str().unwrap(), "stats", "--format", format])
        .arg(root().join("samples/exchange-log.jsonl"))
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap_or(-1))
}

#[test]
fn quarterly_table_counts_every_line() {
    let (table, code) = stats("table");
    assert_eq!(code, 0);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("Quarter") && lines[0].contains("Requests out") && lines[0].contains("Notifications in"));
    assert_eq!(lines.len(), 1 + 8, "two years of quarters");
    let total: u64 = lines[1..].iter().map(|l| l.split_whitespace().last().unwrap().parse::<u64>().unwrap()).sum();
    let log_lines = std::fs::read_to_string(root().join("samples/exchange-log.jsonl")).unwrap().lines().count() as u64;
    assert_eq!(total, log_lines);
}

#[test]
fn csv_and_svg() {
    let (csv, _) = stats("csv");
    assert!(csv.starts_with("quarter,process,country,outcome,count\n"));
    let (svg, code) = stats("svg");
    assert_eq!(code, 0);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for q in ["2025-Q1", "2026-Q4", "Requests out", "Notifications in"] {
        assert!(svg.contains(q), "the chart names {q}");
    }
}

/// A synthetic log, from a fixed seed (xorshift; no personal data): `n` lines over three years,
/// with a few lines the profile must leave out at known line numbers.
fn generated_log(n: usize) -> (String, Vec<(String, u64)>) {
    let mut state: u64 = 0x2026_1128_0000_0001;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let processes = [("requestsOut", ["ready", "incomplete", "invalid"]), ("requestsIn", ["response", "noRecord", "refusal"]),
        ("notificationsOut", ["ready", "incomplete", "ready"]), ("notificationsIn", ["ready", "invalid", "ready"])];
    let countries = ["PL", "RO", "LT", "IE", "FR", "DE", "IT", "ES", "PT", "BG", "HU", "LV", "NL", "CZ", "SK", "US", "AL"];
    let mut text = String::with_capacity(n * 90);
    let mut per_quarter: std::collections::BTreeMap<String, u64> = Default::default();
    for line in 1..=n {
        match line {
            54_321 => text.push_str("{\"process\":\"requestsOut\",\"country\":\"PL\",\"date\":\"2026-02-30\",\"outcome\":\"ready\"}\n"),
            77_777 => text.push_str("this line is not JSON\n"),
            _ => {
                let (process, outcomes) = processes[next(4) as usize];
                let year = 2024 + next(3);
                let month = 1 + next(12);
                let day = 1 + next(28);
                let country = countries[next(countries.len() as u64) as usize];
                let outcome = outcomes[next(3) as usize];
                text.push_str(&format!(
                    "{{\"process\":\"{process}\",\"country\":\"{country}\",\"date\":\"{year}-{month:02}-{day:02}\",\"outcome\":\"{outcome}\"}}\n"
                ));
                *per_quarter.entry(format!("{year}-Q{}", (month - 1) / 3 + 1)).or_default() += 1;
            }
        }
    }
    (text, per_quarter.into_iter().collect())
}

#[test]
fn a_log_of_100_000_lines_is_profiled_in_chunks() {
    let dir = std::env::temp_dir().join(format!("icce-stats-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("exchange-log-100k.jsonl");
    let (text, expected) = generated_log(100_000);
    assert!(text.len() > 4 << 20, "well over the module's 1 MiB input limit");
    std::fs::write(&file, &text).unwrap();

    let module = root().join("web-demo/pkg/icce_wasm_bg.wasm");
    // Warm the compiled-code cache first, so the time below is the profile's.
    Command::new(env!("CARGO_BIN_EXE_icce")).args(["--module", module.to_str().unwrap(), "version"]).output().unwrap();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_icce"))
        .args(["--module", module.to_str().unwrap(), "stats", "--format", "table"])
        .arg(&file)
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("icce stats on 100,000 lines ({} bytes): {:.2} s; {}", text.len(), took.as_secs_f64(), stderr.lines().find(|l| l.contains("calls")).unwrap_or(""));
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(out.status.code(), Some(1), "one entry is left out: invalid\n{stderr}");
    // Line numbers are the log's own, however the log was cut into calls.
    assert!(stderr.contains("(lines 77777)"), "{stderr}");
    assert!(stderr.contains("1 entry left out") && stderr.contains("line 54321: `2026-02-30` is not a date (REQ-205)"), "{stderr}");
    let table = String::from_utf8(out.stdout).unwrap();
    let got: Vec<(String, u64)> = table
        .lines()
        .skip(1)
        .map(|l| (l.split_whitespace().next().unwrap().to_owned(), l.split_whitespace().last().unwrap().parse().unwrap()))
        .collect();
    assert_eq!(got, expected, "every entry counted once, in its quarter");
    assert_eq!(got.iter().map(|(_, n)| n).sum::<u64>(), 100_000 - 2);
}

// ---- POST /stats/chart.svg ----

struct Server {
    child: Child,
    addr: String,
    log: Option<std::thread::JoinHandle<String>>,
}

impl Server {
    /// Stop the server and return what it logged.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log.take().unwrap().join().unwrap()
    }
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
        .env("ICCE_MODULE", root().join("web-demo/pkg/icce_wasm_bg.wasm"))
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let addr = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "icce serve stopped before listening");
        if let Some(a) = line.trim().strip_prefix("icce serve: listening on http://") {
            break a.to_owned();
        }
    };
    // Keep draining the log (so the server never blocks on a full pipe), for the test to read.
    let log = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        rest
    });
    Server { child, addr, log: Some(log) }
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

fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/jsonl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    Reply { status, headers, body: raw[split + 4..].to_vec() }
}

#[test]
fn http_chart_is_byte_identical_to_the_cli_chart() {
    let server = serve();
    let log = std::fs::read(root().join("samples/exchange-log.jsonl")).unwrap();
    let (cli, code) = stats("svg");
    assert_eq!(code, 0);
    let r = http(&server.addr, "POST", "/stats/chart.svg", &log);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert_eq!(r.header("x-icce-profile-outcome"), Some("ready"));
    assert_eq!(r.header("x-icce-entries-left-out"), Some("0"));
    assert!(r.header("x-icce-module-sha256").is_some());
    assert!(r.body == cli.as_bytes(), "the HTTP chart and `icce stats --format svg` differ");

    // A log with an entry left out: still a chart, and the headers say so.
    let mut with_bad = log.clone();
    with_bad.extend_from_slice(b"{\"process\":\"requestsOut\",\"country\":\"PL\",\"date\":\"2026-02-30\"}\nJean Dupont\n");
    let r = http(&server.addr, "POST", "/stats/chart.svg", &with_bad);
    assert_eq!((r.status, r.header("x-icce-profile-outcome"), r.header("x-icce-entries-left-out")), (200, Some("invalid"), Some("2")));

    // A log the module cannot use: 422 problem+json with the diagnostics.
    let r = http(&server.addr, "POST", "/stats/chart.svg", b"{\"process\":\"gossip\",\"country\":\"PL\",\"date\":\"2026-01-01\"}\n");
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(p["diagnostics"][0]["code"], "INP-002");

    // Over the body limit: 413; GET is not the route.
    assert_eq!(http(&server.addr, "POST", "/stats/chart.svg", &vec![b'\n'; (1 << 20) + 1]).status, 413);
    assert_eq!(http(&server.addr, "GET", "/stats/chart.svg", b"").status, 405);

    // Counted in /metrics under a fixed label.
    let m = String::from_utf8(http(&server.addr, "GET", "/metrics", b"").body).unwrap();
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"ready\"} 1"), "{m}");
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"invalid\"} 1"), "{m}");
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"unusable\"} 1"), "{m}");
    assert!(m.contains("icce_rejected_total{reason=\"body-too-large\"} 1"), "{m}");

    // The log names the route, outcome and status, never anything from a body.
    let log = server.stop();
    assert!(log.contains("stats/chart.svg"), "{log}");
    assert!(!log.contains("2026-02-30") && !log.contains("Jean") && !log.contains("gossip"), "the server logged body content:\n{log}");
}
