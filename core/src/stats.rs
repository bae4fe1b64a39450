//! Statistics: the quarterly profile that annual reports and quarterly profiles publish — counts
//! of exchanged messages per process, country, quarter and outcome (DOMAIN.md §3.1 gives the
//! published volumes). The log holds no personal data: process, country, date and outcome only.
//! The answer carries the counts, a readable table and CSV; the host draws the chart.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::requests_out::shorten;
use crate::rulebook;

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileInput {
    pub entries: Vec<LogEntry>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Process {
    RequestsOut,
    RequestsIn,
    NotificationsOut,
    NotificationsIn,
}

impl Process {
    pub fn label(self) -> &'static str {
        match self {
            Process::RequestsOut => "Requests out",
            Process::RequestsIn => "Requests in",
            Process::NotificationsOut => "Notifications out",
            Process::NotificationsIn => "Notifications in",
        }
    }
}

/// One exchanged message, as a log line records it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogEntry {
    pub process: Process,
    /// The other country, ISO 3166-1 alpha-2.
    pub country: String,
    /// The day of the exchange, `YYYY-MM-DD`.
    pub date: String,
    /// The outcome as the log records it (for example `ready`, `noRecord`, `refusal`).
    pub outcome: Option<String>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileRow {
    /// `2026-Q4`.
    pub quarter: String,
    pub process: Process,
    pub country: String,
    pub outcome: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProcessTotal {
    pub quarter: String,
    pub process: Process,
    pub count: u64,
}

pub struct Profile {
    pub diagnostics: Diagnostics,
    pub quarters: Vec<String>,
    pub rows: Vec<ProfileRow>,
    pub totals: Vec<ProcessTotal>,
    pub table: String,
    pub csv: String,
}

fn quarter(d: Date) -> String {
    format!("{}-Q{}", d.year, (d.month - 1) / 3 + 1)
}

/// An outcome word is a short camelCase token; anything else is refused, so that a log line can
/// never smuggle text (a name, say) into a published table.
fn outcome_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub fn profile(input: &ProfileInput) -> Profile {
    let mut d = Diagnostics::default();
    let mut counts: BTreeMap<(String, Process, String, String), u64> = BTreeMap::new();
    let mut totals: BTreeMap<(String, Process), u64> = BTreeMap::new();
    for (i, e) in input.entries.iter().enumerate() {
        let base = format!("/entries/{i}");
        let Some(date) = Date::parse(e.date.trim()) else {
            d.push(Diagnostic::new(Code::DateInvalid, format!("{base}/date"), format!("`{}` is not a date", shorten(&e.date)), "write YYYY-MM-DD; the entry is left out"));
            continue;
        };
        let country = e.country.trim();
        if rulebook::iso_country(country).is_none() {
            d.push(Diagnostic::new(Code::CountryCodeUnknown, format!("{base}/country"), format!("`{}` is not an ISO 3166-1 alpha-2 code", shorten(country)), "the entry is left out"));
            continue;
        }
        let outcome = e.outcome.as_deref().map_or("recorded", str::trim);
        if !outcome_ok(outcome) {
            d.push(Diagnostic::new(Code::LogOutcomeInvalid, format!("{base}/outcome"), "the outcome is not a short code word", "use a word such as ready, incomplete, noRecord or refusal; the entry is left out"));
            continue;
        }
        let q = quarter(date);
        *counts.entry((q.clone(), e.process, country.to_owned(), outcome.to_owned())).or_default() += 1;
        *totals.entry((q, e.process)).or_default() += 1;
    }
    let mut quarters: Vec<String> = totals.keys().map(|(q, _)| q.clone()).collect();
    quarters.dedup();
    let rows: Vec<ProfileRow> = counts
        .into_iter()
        .map(|((quarter, process, country, outcome), count)| ProfileRow { quarter, process, country, outcome, count })
        .collect();
    let totals: Vec<ProcessTotal> =
        totals.into_iter().map(|((quarter, process), count)| ProcessTotal { quarter, process, count }).collect();

    // A readable table: quarters down, processes across.
    let processes = [Process::RequestsOut, Process::RequestsIn, Process::NotificationsOut, Process::NotificationsIn];
    let mut table = String::new();
    let _ = write!(table, "{:<9}", "Quarter");
    for p in processes {
        let _ = write!(table, " {:>17}", p.label());
    }
    let _ = writeln!(table, " {:>9}", "Total");
    for q in &quarters {
        let _ = write!(table, "{q:<9}");
        let mut sum = 0;
        for p in processes {
            let n = totals.iter().find(|t| &t.quarter == q && t.process == p).map_or(0, |t| t.count);
            sum += n;
            let _ = write!(table, " {n:>17}");
        }
        let _ = writeln!(table, " {sum:>9}");
    }
    let mut csv = String::from("quarter,process,country,outcome,count\n");
    for r in &rows {
        let process = serde_json::to_value(r.process).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let _ = writeln!(csv, "{},{},{},{},{}", r.quarter, process, r.country, r.outcome, r.count);
    }
    Profile { diagnostics: d, quarters, rows, totals, table, csv }
}
