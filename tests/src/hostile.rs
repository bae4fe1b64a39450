//! The hostile corpus (`tests/hostile/`): inputs built to break a parser or a rule engine, and
//! the manifest `expected.tsv` that says what each must get. FUZZING.md, section "The hostile
//! corpus", says how it was built.
//!
//! The manifest's columns, tab-separated: input file; operation (percent-encoded, so that an
//! operation name can be any bytes); outcome; code (for an unusable answer, its one diagnostic's
//! code; otherwise codes that must all be present, comma-separated, or `-`); the HTTP status
//! `icce serve` answers; a note; and, for a known bug not fixed yet, the finding: `ID outcome
//! status` as it is answered today. Such a row passes with either answer until it is fixed.
//! Inputs too big for git are `.gen` recipes: a JSON list of `[text, times]` parts.

use std::path::PathBuf;

use crate::repo;

/// One row of the manifest.
#[derive(Clone, Debug)]
pub struct Case {
    /// The input's file name in `tests/hostile/inputs/`.
    pub file: String,
    /// The operation as the manifest writes it: percent-encoded (fit for a URL path).
    pub op_encoded: String,
    /// The operation's bytes, decoded.
    pub op: Vec<u8>,
    pub outcome: String,
    /// An unusable answer's one code, or the codes that must be present (none for `-`).
    pub codes: Vec<String>,
    /// The status `icce serve` answers.
    pub http_status: u16,
    pub note: String,
    /// A known bug not fixed yet.
    pub finding: Option<Finding>,
}

/// A known bug (the manifest's last column): how the input is answered today.
#[derive(Clone, Debug)]
pub struct Finding {
    pub id: String,
    pub outcome: String,
    pub http_status: Option<u16>,
}

/// `%XX` escapes decoded to bytes; anything else kept as it is.
pub fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// The manifest's rows, in its order (comments and blank lines skipped).
pub fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("tests/hostile/expected.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 5, "a manifest row needs 5 columns: {l}");
            Case {
                file: cols[0].to_owned(),
                op_encoded: cols[1].to_owned(),
                op: percent_decode(cols[1]),
                outcome: cols[2].to_owned(),
                codes: if cols[3] == "-" { Vec::new() } else { cols[3].split(',').map(str::to_owned).collect() },
                http_status: cols[4].parse().unwrap_or_else(|e| panic!("a manifest row's status is not a number ({e}): {l}")),
                note: cols.get(5).copied().unwrap_or("").to_owned(),
                finding: cols.get(6).filter(|f| !f.is_empty()).map(|f| {
                    let mut it = f.split(' ');
                    Finding {
                        id: it.next().unwrap_or("").to_owned(),
                        outcome: it.next().unwrap_or("").to_owned(),
                        http_status: it.next().and_then(|s| s.parse().ok()),
                    }
                }),
            }
        })
        .collect()
}

/// `tests/hostile/inputs/`.
pub fn inputs_dir() -> PathBuf {
    repo().join("tests/hostile/inputs")
}

/// An input's file.
pub fn input_path(file: &str) -> PathBuf {
    inputs_dir().join(file)
}

/// Every file in `tests/hostile/inputs/`, by name, in name order.
pub fn input_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(inputs_dir()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    files
}

/// The input's bytes: the file, or its `.gen` recipe expanded.
pub fn input(file: &str) -> Vec<u8> {
    let raw = std::fs::read(input_path(file)).unwrap();
    if !file.ends_with(".gen") {
        return raw;
    }
    let parts: Vec<(String, usize)> = serde_json::from_slice(&raw).unwrap();
    parts.iter().map(|(t, n)| t.repeat(*n)).collect::<String>().into_bytes()
}
