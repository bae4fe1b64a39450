//! `icce stats`: a JSONL log of exchanged messages in, the quarterly profile out — as a table,
//! CSV, JSON, or an SVG chart drawn with plotters. The counting is the module's
//! (`quarterlyProfile`); the host only reads lines, carries the profile from one call to the next,
//! and draws.
//!
//! A log of any size: the lines are streamed into chunks well under the module's 1 MiB input
//! limit, and each call passes the previous answer's `entriesRead`, `rows`, `diagnostics` and
//! `diagnosticsDropped` on as `profileSoFar` (the module checks that carry and folds the new
//! entries in). The last answer is the one profiling the whole log in one call would give. The
//! module numbers entries from the start of the log; the host, which knows which line each entry
//! came from, names log lines in what it reports.

use std::io::BufRead;

use icce_host::Runtime;
use icce_host::answer::{self, Outcome};
use plotters::prelude::*;
use serde_json::Value;

/// The processes in the order the chart stacks them, with their colours (GOV.UK palette:
/// blue, green, orange, purple — distinguishable and with enough contrast on white).
const SERIES: [(&str, &str, RGBColor); 4] = [
    ("requestsOut", "Requests out", RGBColor(0x1d, 0x70, 0xb8)),
    ("requestsIn", "Requests in", RGBColor(0x00, 0x70, 0x3c)),
    ("notificationsOut", "Notifications out", RGBColor(0xf4, 0x77, 0x38)),
    ("notificationsIn", "Notifications in", RGBColor(0x4c, 0x2c, 0x92)),
];

/// The entries of one call take at most this many bytes: a quarter of the module's 1 MiB input
/// limit, so that the carry (at most 4096 rows and 100 diagnostics, about 0.5 MiB at worst)
/// always fits beside them.
pub const CHUNK_BYTES: usize = 256 << 10;

/// A line longer than this is not a log entry (a log line is about 90 bytes); it is reported by
/// its number like a line that is not JSON, and never sent to the module.
pub const MAX_LINE_BYTES: usize = 64 << 10;

/// How a log is cut into calls.
#[derive(Clone, Copy, Debug)]
pub struct Chunking {
    /// Entries per call, at most.
    pub lines: usize,
    /// Bytes of entries per call, at most (one longer entry still goes, alone).
    pub bytes: usize,
}

impl Default for Chunking {
    fn default() -> Self {
        Chunking { lines: usize::MAX, bytes: CHUNK_BYTES }
    }
}

/// A log profiled: the module's last answer, and what the host saw on the way.
pub struct Profiled {
    /// The module's answer, as text (an unusable answer stops the profile and is this).
    pub answer: String,
    pub value: Value,
    /// Lines that are not JSON objects (or are too long), with their numbers (the first 10).
    pub bad_lines: usize,
    pub bad_line_numbers: Vec<usize>,
    /// Entries the module left out, as (log line, code, message), the first 10.
    pub left_out: Vec<(usize, String, String)>,
    /// For an unusable answer about an entry: the log line of that entry.
    pub unusable_line: Option<usize>,
    pub lines: usize,
    pub calls: usize,
}

impl Profiled {
    /// The outcome of the last answer (of the whole log, unless the profile stopped).
    pub fn outcome(&self) -> Outcome {
        answer::outcome(&self.answer)
    }
}

/// The entry index at the start of a diagnostic's pointer (`/entries/12/date` → 12).
fn entry_of(pointer: &str) -> Option<u64> {
    pointer.strip_prefix("/entries/")?.split('/').next()?.parse().ok()
}

struct Chunker<'r> {
    rt: &'r Runtime,
    chunking: Chunking,
    entries: String,
    count: usize,
    /// The log line of each entry in the chunk.
    lines: Vec<usize>,
    /// Entries sent in earlier calls.
    before: u64,
    carry: Option<String>,
    last: Option<(String, Value)>,
    left_out: Vec<(usize, String, String)>,
    unusable_line: Option<usize>,
    calls: usize,
}

impl Chunker<'_> {
    fn full_with(&self, entry: &str) -> bool {
        self.count > 0 && (self.count >= self.chunking.lines || self.entries.len() + entry.len() + 1 > self.chunking.bytes)
    }

    fn push(&mut self, entry: &str, line: usize) {
        if self.count > 0 {
            self.entries.push(',');
        }
        self.entries.push_str(entry);
        self.count += 1;
        self.lines.push(line);
    }

    /// One call with the chunk and the carry. `Ok(false)`: the module found the input unusable,
    /// and the profile stops there.
    fn flush(&mut self) -> Result<bool, icce_host::HostError> {
        let mut input = String::with_capacity(self.entries.len() + self.carry.as_ref().map_or(0, String::len) + 32);
        input.push_str("{\"entries\":[");
        input.push_str(&self.entries);
        input.push(']');
        if let Some(c) = &self.carry {
            input.push_str(",\"profileSoFar\":");
            input.push_str(c);
        }
        input.push('}');
        let answer = self.rt.call("quarterlyProfile", &input)?;
        self.calls += 1;
        let v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        let diagnostics = v.get("diagnostics").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let line_of = |n: u64, relative: bool| {
            let i = if relative { Some(n) } else { n.checked_sub(self.before) };
            i.and_then(|i| usize::try_from(i).ok()).and_then(|i| self.lines.get(i)).copied()
        };
        let head = answer::head(&answer).unwrap_or_default();
        if head.outcome() == Outcome::Unusable {
            // A decoding error points into this call's input; a row-cap error at the whole log's entry.
            let pointer = diagnostics.first().and_then(|d| d.get("pointer")).and_then(Value::as_str).unwrap_or("");
            let relative = head.first_code().is_some_and(|c| c.starts_with("INP-"));
            self.unusable_line = entry_of(pointer).and_then(|n| line_of(n, relative));
            self.last = Some((answer, v));
            return Ok(false);
        }
        for d in diagnostics {
            let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            if self.left_out.len() < 10
                && let Some(line) = entry_of(&text("pointer")).and_then(|n| line_of(n, false))
            {
                self.left_out.push((line, text("code"), text("message")));
            }
        }
        let pick = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
        self.carry = Some(
            serde_json::json!({
                "entriesRead": pick("entriesRead"),
                "rows": pick("rows"),
                "diagnostics": pick("diagnostics"),
                "diagnosticsDropped": pick("diagnosticsDropped"),
            })
            .to_string(),
        );
        self.before += self.count as u64;
        self.entries.clear();
        self.count = 0;
        self.lines.clear();
        self.last = Some((answer, v));
        Ok(true)
    }
}

/// Profile a JSON Lines log, streamed from `input`, in as many calls as it takes. A line that is
/// not a JSON object is counted and reported by its number; it never stops the profile.
pub fn profile_jsonl(rt: &Runtime, mut input: impl BufRead, chunking: Chunking) -> anyhow::Result<Profiled> {
    let chunking = Chunking { lines: chunking.lines.max(1), bytes: chunking.bytes.clamp(1, CHUNK_BYTES) };
    let mut c = Chunker {
        rt,
        chunking,
        entries: String::new(),
        count: 0,
        lines: Vec::new(),
        before: 0,
        carry: None,
        last: None,
        left_out: Vec::new(),
        unusable_line: None,
        calls: 0,
    };
    let (mut bad_lines, mut bad_line_numbers, mut n) = (0usize, Vec::new(), 0usize);
    let mut raw = Vec::new();
    let mut stopped = false;
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        n += 1;
        let text = String::from_utf8_lossy(&raw);
        let line = text.trim();
        if line.is_empty() {
            continue;
        }
        let entry = match serde_json::from_str::<Value>(line) {
            Ok(v @ Value::Object(_)) if line.len() <= MAX_LINE_BYTES => v.to_string(),
            _ => {
                bad_lines += 1;
                if bad_line_numbers.len() < 10 {
                    bad_line_numbers.push(n);
                }
                continue;
            }
        };
        if c.full_with(&entry) && !c.flush()? {
            stopped = true;
            break;
        }
        c.push(&entry, n);
    }
    // The last chunk; for an empty log, one call with no entries (the empty profile).
    if !stopped && (c.count > 0 || c.calls == 0) {
        c.flush()?;
    }
    let (answer, value) = c.last.take().unwrap_or_default();
    Ok(Profiled { answer, value, bad_lines, bad_line_numbers, left_out: c.left_out, unusable_line: c.unusable_line, lines: n, calls: c.calls })
}

/// The chart as the CLI prints it and `POST /stats/chart.svg` sends it: the SVG, ending in a newline.
pub fn chart_text(answer: &Value) -> Result<String, String> {
    let mut svg = chart_svg(answer)?;
    if !svg.ends_with('\n') {
        svg.push('\n');
    }
    Ok(svg)
}

/// Stacked bars: one bar per quarter, one colour per process.
pub fn chart_svg(answer: &Value) -> Result<String, String> {
    let quarters: Vec<String> = answer
        .get("quarters")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|q| q.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let total = |q: &str, p: &str| -> u32 {
        answer
            .get("totals")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|t| t.get("quarter").and_then(Value::as_str) == Some(q) && t.get("process").and_then(Value::as_str) == Some(p))
            .and_then(|t| t.get("count").and_then(Value::as_u64))
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0)
    };
    let max = quarters.iter().map(|q| SERIES.iter().map(|(p, ..)| total(q, p)).sum::<u32>()).max().unwrap_or(0);
    let n = u32::try_from(quarters.len()).map_err(|e| e.to_string())?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 440)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Messages exchanged per quarter, by process", ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(56)
            // A segmented range a..b has b - a + 1 segments: one per quarter. Headroom above the
            // tallest bar keeps the legend clear of the bars.
            .build_cartesian_2d((0u32..n.saturating_sub(1)).into_segmented(), 0u32..(max + max / 2 + 1))
            .map_err(|e| e.to_string())?;
        let labels = quarters.clone();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("Quarter")
            .y_desc("Messages")
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(|e| e.to_string())?;
        let mut base = vec![0u32; quarters.len()];
        for (key, label, colour) in SERIES {
            let bars: Vec<_> = quarters
                .iter()
                .enumerate()
                .filter_map(|(i, q)| {
                    let count = total(q, key);
                    let from = *base.get(i)?;
                    let i32_ = u32::try_from(i).ok()?;
                    if let Some(b) = base.get_mut(i) {
                        *b += count;
                    }
                    (count > 0).then(|| {
                        Rectangle::new([(SegmentValue::Exact(i32_), from), (SegmentValue::Exact(i32_ + 1), from + count)], colour.filled())
                    })
                })
                .collect();
            chart
                .draw_series(bars)
                .map_err(|e| e.to_string())?
                .label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled()));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn runtime() -> Runtime {
        let module = root().join(icce_host::DEFAULT_MODULE);
        assert!(module.is_file(), "{} is missing: run scripts/build-wasm.sh first", module.display());
        Runtime::load(&module).unwrap()
    }

    /// Through the module under wasmtime: the sample log (with a line that is not JSON, a blank
    /// line and entries left out, more than the 100 diagnostics an answer lists) profiled in one
    /// call, and by the host's chunker in chunks of 1, 7 and 1000 lines, gives the same bytes.
    #[test]
    fn chunks_of_1_7_and_1000_lines_give_the_one_call_answer() {
        let rt = runtime();
        let sample = std::fs::read_to_string(root().join("samples/exchange-log.jsonl")).unwrap();
        let mut lines: Vec<String> = sample.lines().take(500).map(str::to_owned).collect();
        for i in 0..120 {
            lines.insert(i * 4, format!(r#"{{"process":"requestsIn","country":"PL","date":"2026-02-{}"}}"#, 30 + i % 2));
        }
        lines.insert(3, "not json".to_owned());
        lines.insert(10, String::new());
        let log = lines.join("\n") + "\n";
        let entries: Vec<Value> = lines.iter().filter_map(|l| serde_json::from_str::<Value>(l).ok()).collect();
        let whole = rt.call("quarterlyProfile", &serde_json::json!({ "entries": entries }).to_string()).unwrap();
        let v: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(v["diagnosticsDropped"], 20);
        for size in [1, 7, 1000] {
            let p = profile_jsonl(&rt, log.as_bytes(), Chunking { lines: size, bytes: CHUNK_BYTES }).unwrap();
            assert!(p.answer == whole, "chunks of {size} lines differ from one call");
            assert_eq!(p.calls, entries.len().div_ceil(size));
            assert_eq!((p.bad_lines, p.bad_line_numbers.clone()), (1, vec![4]));
            // Line numbers are the log's: the first entry left out is on line 1, the second on 6, the third on 10.
            assert_eq!(p.left_out.iter().map(|l| l.0).take(3).collect::<Vec<_>>(), vec![1, 6, 10]);
        }
        // The byte budget cuts chunks too, with the same answer.
        let p = profile_jsonl(&rt, log.as_bytes(), Chunking { lines: usize::MAX, bytes: 4096 }).unwrap();
        assert!(p.calls > 10 && p.answer == whole);
    }

    #[test]
    fn chart_has_a_bar_per_quarter_and_process() {
        let answer = serde_json::json!({
            "quarters": ["2026-Q3", "2026-Q4"],
            "totals": [
                {"quarter": "2026-Q3", "process": "requestsOut", "count": 5},
                {"quarter": "2026-Q4", "process": "requestsOut", "count": 3},
                {"quarter": "2026-Q4", "process": "notificationsIn", "count": 2}
            ]
        });
        let svg = chart_svg(&answer).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("2026-Q3") && svg.contains("2026-Q4"));
        assert!(svg.contains("Requests out") && svg.contains("Notifications in"));
        // Three bars, in the blue and purple of their processes.
        assert_eq!(svg.matches("fill=\"#1D70B8\"").count(), 2 + 1, "two bars and the legend key");
        assert_eq!(svg.matches("fill=\"#4C2C92\"").count(), 1 + 1);
    }
}
