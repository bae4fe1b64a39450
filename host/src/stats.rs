//! `icce stats`: a JSONL log of exchanged messages in, the quarterly profile out — as a table,
//! CSV, JSON, or an SVG chart drawn with plotters. The counting is the module's
//! (`quarterlyProfile`); the host only reads lines and draws.

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

/// Turn JSON Lines into the operation's input. A line that is not a JSON object is counted and
/// reported by its number; it never stops the profile.
pub fn jsonl_to_input(text: &str) -> (String, Vec<usize>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v @ Value::Object(_)) => entries.push(v),
            _ => bad.push(i + 1),
        }
    }
    (serde_json::json!({ "entries": entries }).to_string(), bad)
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

    #[test]
    fn bad_lines_are_counted_not_fatal() {
        let (json, bad) = jsonl_to_input("{\"a\":1}\nnot json\n\n[1]\n{\"b\":2}\n");
        assert_eq!(bad, vec![2, 4]);
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["entries"].as_array().unwrap().len(), 2);
    }
}
