//! Every answer icce-core writes for a fixed set of inputs, for checking that a change keeps the
//! bytes: each vector under `tests/vectors/<operation>/*.in.json` through its operation, then each
//! input of a corpus (one JSON string a line, as `bench/gen-corpus.mjs` writes) through
//! `validateRequestOut` and `checkRequestOut`. One line a call: the operation, the input's name,
//! and the answer.
//!
//! ```text
//! cargo run -q --release -p icce-core --example answers -- /tmp/bout/corpus.jsonl | sha256sum
//! ```
//!
//! Run it before and after a change and compare the digests (or the files, to see which answer
//! moved). Without a corpus argument only the vectors are written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::Path;

fn main() {
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut count = 0usize;
    for op in icce_core::api::OPERATIONS {
        let dir = vectors.join(op.name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_str().is_some_and(|s| s.ends_with(".in.json")))
            .collect();
        files.sort();
        for file in files {
            let input = std::fs::read_to_string(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy();
            writeln!(out, "{}\t{name}\t{}", op.name, icce_core::call_json(op.name, &input)).unwrap();
            count += 1;
        }
    }
    if let Some(corpus) = std::env::args().nth(1) {
        let text = std::fs::read_to_string(&corpus).unwrap_or_else(|e| panic!("cannot read {corpus}: {e}"));
        for (line, json) in text.lines().enumerate() {
            let input: String = serde_json::from_str(json).unwrap_or_else(|e| panic!("{corpus}:{}: {e}", line + 1));
            for op in ["validateRequestOut", "checkRequestOut"] {
                writeln!(out, "{op}\tcorpus:{}\t{}", line + 1, icce_core::call_json(op, &input)).unwrap();
                count += 1;
            }
        }
    }
    out.flush().unwrap();
    eprintln!("answers: {count}");
}
