//! `icce stats` on the synthetic sample log: the table, CSV and the SVG chart, through the module;
//! a generated log of 100,000 lines (many calls, the profile carried from one to the next); and
//! `POST /stats/chart.svg`, byte for byte the chart the CLI prints.

use std::time::Instant;

use icce_parity::http::{metrics, request};

use crate::{icce, icce_with, parse, repo, sample, serve};

/// `icce stats --format FORMAT samples/exchange-log.jsonl`: stdout and exit code.
fn stats(format: &str) -> (String, i32) {
    let log = sample("exchange-log.jsonl");
    let out = icce(&["stats", "--format", format, log.to_str().unwrap()], b"");
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
    let log_lines = std::fs::read_to_string(sample("exchange-log.jsonl")).unwrap().lines().count() as u64;
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

    // The compiled-code cache is warm (crate::module), so the time below is the profile's.
    let started = Instant::now();
    let out = icce_with(&["stats", "--format", "table", file.to_str().unwrap()], &[("RUST_LOG", "info")], b"");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("icce stats on 100,000 lines ({} bytes): {:.2} s; {}", text.len(), took.as_secs_f64(), stderr.lines().find(|l| l.contains("calls")).unwrap_or(""));
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(out.status.code(), Some(3), "one entry is left out: invalid (exit 3)\n{stderr}");
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

#[test]
fn http_chart_is_byte_identical_to_the_cli_chart() {
    let server = serve(&[]);
    let chart = |body: &[u8]| request(&server.addr, "POST", "/stats/chart.svg", "application/jsonl", body);
    let log = std::fs::read(repo().join("samples/exchange-log.jsonl")).unwrap();
    let (cli, code) = stats("svg");
    assert_eq!(code, 0);
    let r = chart(&log);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert_eq!(r.header("x-icce-profile-outcome"), Some("ready"));
    assert_eq!(r.header("x-icce-entries-left-out"), Some("0"));
    assert!(r.header("x-icce-module-sha256").is_some());
    assert!(r.body == cli.as_bytes(), "the HTTP chart and `icce stats --format svg` differ");

    // A log with an entry left out: still a chart, and the headers say so.
    let mut with_bad = log.clone();
    with_bad.extend_from_slice(b"{\"process\":\"requestsOut\",\"country\":\"PL\",\"date\":\"2026-02-30\"}\nJean Dupont\n");
    let r = chart(&with_bad);
    assert_eq!((r.status, r.header("x-icce-profile-outcome"), r.header("x-icce-entries-left-out")), (200, Some("invalid"), Some("2")));

    // A log the module cannot use: 422 problem+json with the diagnostics.
    let r = chart(b"{\"process\":\"gossip\",\"country\":\"PL\",\"date\":\"2026-01-01\"}\n");
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = parse(&r.text());
    assert_eq!(p["diagnostics"][0]["code"], "INP-002");

    // Over the body limit: 413; GET is not the route.
    assert_eq!(chart(&vec![b'\n'; (1 << 20) + 1]).status, 413);
    assert_eq!(request(&server.addr, "GET", "/stats/chart.svg", "application/jsonl", b"").status, 405);

    // Counted in /metrics under a fixed label.
    let m = metrics(&server.addr);
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"ready\"} 1"), "{m}");
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"invalid\"} 1"), "{m}");
    assert!(m.contains("icce_requests_total{operation=\"stats/chart.svg\",outcome=\"unusable\"} 1"), "{m}");
    assert!(m.contains("icce_rejected_total{reason=\"body-too-large\"} 1"), "{m}");

    // The log names the route, outcome and status, never anything from a body.
    let log = server.stop().log;
    assert!(log.contains("stats/chart.svg"), "{log}");
    assert!(!log.contains("2026-02-30") && !log.contains("Jean") && !log.contains("gossip"), "the server logged body content:\n{log}");
}
