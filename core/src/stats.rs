//! Statistics: the quarterly profile that annual reports and quarterly profiles publish — counts
//! of exchanged messages per process, country, quarter and outcome (`docs/domain/channels.md` gives the
//! published volumes). The log holds no personal data: process, country, date and outcome only.
//! The answer carries the counts, a readable table and CSV; the host draws the chart.
//!
//! **A profile can be continued**, so that a log of any size is profiled in inputs under the 1 MiB
//! limit: the caller passes the previous answer's `entriesRead`, `rows`, `diagnostics` and
//! `diagnosticsDropped` as `profileSoFar`, with the next entries, and the module folds them in.
//! Profiling a log in one call or in chunks gives the same answer, byte for byte: the entries are
//! numbered from the start of the whole log (a diagnostic about the tenth entry of a chunk that
//! follows 1,000 entries points at `/entries/1009`). The carried profile is checked before it is
//! used — rows in the module's order, valid and counted at least once, each diagnostic one the
//! module writes, and every entry read either counted in a row or left out with a diagnostic — so
//! a forged or damaged carry is refused (`INP-014`) rather than published. It is checked for
//! consistency, not authenticated: a consistent edit of the counts cannot be told from a real
//! profile. The profile keeps at most [`MAX_PROFILE_ROWS`] rows (`STA-001` beyond), so that the
//! answer and the carry stay small.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use crate::decode::{decode_names, decode_struct};

use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, MAX_DIAGNOSTICS};
use crate::text::shorten;
use crate::rulebook;

/// The most rows (quarter, process, country, outcome) a profile keeps: two years of 4 processes,
/// 40 countries and 3 outcomes need 3,840. At about 100 bytes a row, the carry stays under half
/// the input limit.
pub const MAX_PROFILE_ROWS: usize = 4096;

/// The most entries a profile counts (2^53 - 1, the largest whole number JavaScript holds exactly).
pub const MAX_ENTRIES: u64 = (1 << 53) - 1;

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileInput {
    pub entries: Vec<LogEntry>,
    /// The profile so far, to continue: the previous answer's `entriesRead`, `rows`,
    /// `diagnostics` and `diagnosticsDropped`. The entries given now follow the ones it counted,
    /// and diagnostics number them from the start of the whole log.
    #[serde(default)]
    pub profile_so_far: Option<ProfileSoFar>,
}

/// A profile carried from one call to the next (fields as the answer names them).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileSoFar {
    /// Entries read so far, counted or left out.
    pub entries_read: u64,
    #[serde(deserialize_with = "crate::strict::at_most::<MAX_PROFILE_ROWS, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 4096)))]
    pub rows: Vec<CarriedRow>,
    #[serde(deserialize_with = "crate::strict::at_most::<MAX_DIAGNOSTICS, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub diagnostics: Vec<CarriedDiagnostic>,
    pub diagnostics_dropped: u64,
}

/// A row of the profile so far, as the answer gave it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CarriedRow {
    /// `2026-Q4`, as the answer writes it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9]{4}-Q[1-4]$")))]
    pub quarter: String,
    pub process: Process,
    /// An ISO 3166-1 alpha-2 code, as the answer writes it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[A-Z]{2}$")))]
    pub country: String,
    /// A short code word, as the answer writes it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[A-Za-z0-9-]{1,32}$")))]
    pub outcome: String,
    pub count: u64,
}

/// A diagnostic of the profile so far, as the answer gave it: an entry left out.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CarriedDiagnostic {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub kind: String,
    pub pointer: String,
    pub message: String,
    pub help: String,
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
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9]{4}-Q[1-4]$")))]
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
    pub entries_read: u64,
    pub quarters: Vec<String>,
    pub rows: Vec<ProfileRow>,
    pub totals: Vec<ProcessTotal>,
    pub table: String,
    pub csv: String,
}

fn quarter(d: Date) -> String {
    format!("{}-Q{}", d.year, (d.month - 1) / 3 + 1)
}

/// A quarter as [`quarter`] writes it, or `None`.
fn quarter_ok(s: &str) -> bool {
    let Some((year, q)) = s.split_once("-Q") else { return false };
    let (Ok(year), Ok(q)) = (year.parse::<u16>(), q.parse::<u8>()) else { return false };
    if !(1..=4).contains(&q) {
        return false;
    }
    Date::parse(&format!("{year:04}-{:02}-01", (q - 1) * 3 + 1)).is_some_and(|d| quarter(d) == s)
}

/// An outcome word is a short camelCase token; anything else is refused, so that a log line can
/// never smuggle text (a name, say) into a published table.
fn outcome_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Why an entry was left out; the value is already shortened for the message.
enum LeftOut {
    Date(String),
    Country(String),
    Outcome,
}

const DATE_PREFIX: &str = "`";
const DATE_SUFFIX: &str = "` is not a date";
const COUNTRY_SUFFIX: &str = "` is not an ISO 3166-1 alpha-2 code";

/// The one place the diagnostics of a left-out entry are written: the profile writes them, and a
/// carried profile's diagnostics must be exactly these.
fn left_out(n: u64, why: &LeftOut) -> Diagnostic {
    let base = format!("/entries/{n}");
    match why {
        LeftOut::Date(v) => Diagnostic::new(Code::DateInvalid, format!("{base}/date"), format!("{DATE_PREFIX}{v}{DATE_SUFFIX}"), "write YYYY-MM-DD; the entry is left out"),
        LeftOut::Country(v) => Diagnostic::new(Code::CountryCodeUnknown, format!("{base}/country"), format!("{DATE_PREFIX}{v}{COUNTRY_SUFFIX}"), "the entry is left out"),
        LeftOut::Outcome => Diagnostic::new(
            Code::LogOutcomeInvalid,
            format!("{base}/outcome"),
            "the outcome is not a short code word",
            "use a word such as ready, incomplete, noRecord or refusal; the entry is left out",
        ),
    }
}

/// A carried profile that cannot be continued: one diagnostic per problem (at most 20).
fn carry_problem(pointer: impl Into<std::borrow::Cow<'static, str>>, message: impl Into<std::borrow::Cow<'static, str>>) -> Diagnostic {
    Diagnostic::new(
        Code::ProfileSoFarInconsistent,
        pointer,
        message,
        "pass the previous answer's entriesRead, rows, diagnostics and diagnosticsDropped unchanged, or profile the whole log again",
    )
}

/// The entries the carry counted, its rows as a map, and its diagnostics; or what is wrong with it.
struct Carried {
    entries_read: u64,
    counts: BTreeMap<(String, Process, String, String), u64>,
    diagnostics: Diagnostics,
}

fn check_carry(c: &ProfileSoFar) -> Result<Carried, Vec<Diagnostic>> {
    const P: &str = "/profileSoFar";
    let mut problems = Vec::new();
    let mut problem = |d: Diagnostic| {
        if problems.len() < 20 {
            problems.push(d);
        }
    };
    if c.entries_read > MAX_ENTRIES {
        problem(carry_problem(format!("{P}/entriesRead"), format!("{} entries is more than a profile counts ({MAX_ENTRIES})", c.entries_read)));
    }
    let mut counts = BTreeMap::new();
    let mut counted: u64 = 0;
    let mut previous: Option<(&str, Process, &str, &str)> = None;
    for (k, r) in c.rows.iter().enumerate() {
        let at = format!("{P}/rows/{k}");
        let mut ok = true;
        if !quarter_ok(&r.quarter) {
            problem(carry_problem(format!("{at}/quarter"), format!("`{}` is not a quarter as the profile writes it (2026-Q4)", shorten(&r.quarter))));
            ok = false;
        }
        if r.country.trim() != r.country || rulebook::iso_country(&r.country).is_none() {
            problem(carry_problem(format!("{at}/country"), format!("`{}` is not an ISO 3166-1 alpha-2 code", shorten(&r.country))));
            ok = false;
        }
        if !outcome_ok(&r.outcome) {
            problem(carry_problem(format!("{at}/outcome"), "the outcome is not a short code word"));
            ok = false;
        }
        if r.count == 0 {
            problem(carry_problem(format!("{at}/count"), "a row counts at least one entry"));
            ok = false;
        }
        let key = (r.quarter.as_str(), r.process, r.country.as_str(), r.outcome.as_str());
        if previous.is_some_and(|p| p >= key) {
            problem(carry_problem(at.clone(), "the rows are not in the profile's order (quarter, process, country, outcome), or a row is repeated"));
            ok = false;
        }
        previous = Some(key);
        counted = counted.saturating_add(r.count);
        if ok {
            counts.insert((r.quarter.clone(), r.process, r.country.clone(), r.outcome.clone()), r.count);
        }
    }
    let mut list = Vec::new();
    let mut last: Option<u64> = None;
    for (k, d) in c.diagnostics.iter().enumerate() {
        let at = format!("{P}/diagnostics/{k}");
        match carried_diagnostic(d) {
            Some((n, rebuilt)) if n < c.entries_read && last.is_none_or(|l| l < n) => {
                last = Some(n);
                list.push(rebuilt);
            }
            Some((n, _)) => problem(carry_problem(
                format!("{at}/pointer"),
                format!("entry {n} is not after the entries of the diagnostics before it, or not among the {} entries read", c.entries_read),
            )),
            None => problem(carry_problem(at, "the diagnostic is not one the profile writes about an entry it left out")),
        }
    }
    let listed = c.diagnostics.len() as u64;
    if c.diagnostics_dropped > 0 && c.diagnostics.len() < MAX_DIAGNOSTICS {
        problem(carry_problem(
            format!("{P}/diagnosticsDropped"),
            format!("diagnostics are dropped only past {MAX_DIAGNOSTICS}, and {listed} are listed"),
        ));
    }
    let accounted = counted.saturating_add(listed).saturating_add(c.diagnostics_dropped);
    if accounted != c.entries_read {
        problem(carry_problem(
            format!("{P}/entriesRead"),
            format!(
                "{} entries were read, but the rows count {counted} and {} were left out: every entry read is counted once or left out once",
                c.entries_read,
                listed.saturating_add(c.diagnostics_dropped)
            ),
        ));
    }
    let Ok(dropped) = usize::try_from(c.diagnostics_dropped) else {
        problem(carry_problem(format!("{P}/diagnosticsDropped"), "more diagnostics were dropped than this runtime can count"));
        return Err(problems);
    };
    if problems.is_empty() {
        Ok(Carried { entries_read: c.entries_read, counts, diagnostics: Diagnostics::resume(list, dropped) })
    } else {
        Err(problems)
    }
}

/// A carried diagnostic as the module would have written it, with the entry it is about; `None`
/// when the profile never writes it.
fn carried_diagnostic(d: &CarriedDiagnostic) -> Option<(u64, Diagnostic)> {
    let rest = d.pointer.strip_prefix("/entries/")?;
    let (n, field) = rest.split_once('/')?;
    // The number as the module writes it: digits, no leading zero.
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || (n.len() > 1 && n.starts_with('0')) {
        return None;
    }
    let n: u64 = n.parse().ok()?;
    let value = |suffix: &str| -> Option<(String, bool)> {
        let v = d.message.strip_prefix(DATE_PREFIX)?.strip_suffix(suffix)?;
        // `shorten` keeps 40 characters, each at most `U+10FFFF` long, and an ellipsis.
        let plain = !v.ends_with('…') && !v.contains("U+");
        (v.chars().count() <= 40 * 8 + 1 && crate::text::visible(v) == v).then(|| (v.to_owned(), plain))
    };
    let why = match field {
        "date" => {
            let (v, plain) = value(DATE_SUFFIX)?;
            // A value shown whole must really not be a date.
            if plain && Date::parse(v.trim()).is_some() {
                return None;
            }
            LeftOut::Date(v)
        }
        "country" => {
            let (v, plain) = value(COUNTRY_SUFFIX)?;
            if plain && rulebook::iso_country(v.trim()).is_some() {
                return None;
            }
            LeftOut::Country(v)
        }
        "outcome" => LeftOut::Outcome,
        _ => return None,
    };
    let rebuilt = left_out(n, &why);
    let same = serde_json::to_value(&rebuilt).ok()?
        == serde_json::json!({
            "code": d.code, "name": d.name, "severity": d.severity, "kind": d.kind,
            "pointer": d.pointer, "message": d.message, "help": d.help,
        });
    same.then_some((n, rebuilt))
}

pub fn profile(input: &ProfileInput) -> Result<Profile, Vec<Diagnostic>> {
    let Carried { entries_read: first, mut counts, diagnostics: mut d } = match &input.profile_so_far {
        Some(c) => check_carry(c)?,
        None => Carried { entries_read: 0, counts: BTreeMap::new(), diagnostics: Diagnostics::default() },
    };
    let entries_read = first.checked_add(input.entries.len() as u64).filter(|n| *n <= MAX_ENTRIES).ok_or_else(|| {
        vec![carry_problem("/profileSoFar/entriesRead", format!("with these entries, the profile would count more than {MAX_ENTRIES}"))]
    })?;
    for (n, e) in (first..).zip(input.entries.iter()) {
        let Some(date) = Date::parse(e.date.trim()) else {
            d.push(left_out(n, &LeftOut::Date(shorten(&e.date))));
            continue;
        };
        let country = e.country.trim();
        if rulebook::iso_country(country).is_none() {
            d.push(left_out(n, &LeftOut::Country(shorten(country))));
            continue;
        }
        let outcome = e.outcome.as_deref().map_or("recorded", str::trim);
        if !outcome_ok(outcome) {
            d.push(left_out(n, &LeftOut::Outcome));
            continue;
        }
        let key = (quarter(date), e.process, country.to_owned(), outcome.to_owned());
        if let Some(count) = counts.get_mut(&key) {
            *count += 1;
        } else if counts.len() < MAX_PROFILE_ROWS {
            counts.insert(key, 1);
        } else {
            return Err(vec![Diagnostic::new(
                Code::ProfileTooManyRows,
                format!("/entries/{n}"),
                format!("this entry would be the profile's row {} (quarter, process, country, outcome); icce keeps at most {MAX_PROFILE_ROWS}", MAX_PROFILE_ROWS + 1),
                "profile fewer quarters at a time, or check the log for outcome words that should be the same",
            )]);
        }
    }
    let mut totals: BTreeMap<(String, Process), u64> = BTreeMap::new();
    for ((q, p, _, _), count) in &counts {
        *totals.entry((q.clone(), *p)).or_default() += count;
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
    Ok(Profile { diagnostics: d, entries_read, quarters, rows, totals, table, csv })
}

// The decoder ([`crate::decode`]): each type as its derived `Deserialize` reads it.

decode_struct!(ProfileInput { "entries" => entries: seq, "profileSoFar" => profile_so_far: def });

decode_struct!(ProfileSoFar {
    "entriesRead" => entries_read: req,
    "rows" => rows: reqlist MAX_PROFILE_ROWS,
    "diagnostics" => diagnostics: reqlist MAX_DIAGNOSTICS,
    "diagnosticsDropped" => diagnostics_dropped: req,
});

decode_struct!(CarriedRow {
    "quarter" => quarter: req,
    "process" => process: req,
    "country" => country: req,
    "outcome" => outcome: req,
    "count" => count: req,
});

decode_struct!(CarriedDiagnostic {
    "code" => code: req,
    "name" => name: req,
    "severity" => severity: req,
    "kind" => kind: req,
    "pointer" => pointer: req,
    "message" => message: req,
    "help" => help: req,
});

decode_names!(Process {
    "requestsOut" => RequestsOut,
    "requestsIn" => RequestsIn,
    "notificationsOut" => NotificationsOut,
    "notificationsIn" => NotificationsIn,
});

decode_struct!(LogEntry { "process" => process: req, "country" => country: req, "date" => date: req, "outcome" => outcome: opt });
