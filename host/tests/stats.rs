//! `icce stats` on the synthetic sample log: the table, CSV and the SVG chart, through the module.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
