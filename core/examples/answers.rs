//! Every answer icce-core writes for a fixed set of inputs, for checking that a change keeps the
//! bytes: each vector under `tests/vectors/<operation>/*.in.json` through its operation (found
//! as the parity tests find them, `icce_parity::vectors`), then each input of a corpus (one JSON
//! string a line, as `bench/gen-corpus.mjs` writes) through `validateRequestOut` and
//! `checkRequestOut`. One line a call: the operation, the input's name, and the answer.
//!
//! ```text
//! cargo run -q --release -p icce-core --example answers -- /tmp/bout/corpus.jsonl | sha256sum
//! ```
//!
//! Run it before and after a change and compare the digests (or the files, to see which answer
//! moved). Without a corpus argument only the vectors are written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;

fn main() {
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut count = 0usize;
    for v in icce_parity::vectors() {
        let input = std::fs::read_to_string(&v.input).unwrap_or_else(|e| panic!("cannot read {}: {e}", v.input.display()));
        writeln!(out, "{}\t{}\t{}", v.operation, v.file_name(), icce_core::call_json(&v.operation, &input)).unwrap();
        count += 1;
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
