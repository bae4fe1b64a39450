//! # icce-parity
//!
//! Two things. Its integration tests run icce through every runtime it has and compare: every
//! vector through native icce-core, the wasmtime host and node (`tests/parity.rs`), the hostile
//! corpus (`tests/hostile.rs`) and generated inputs (`tests/properties.rs`).
//!
//! And this library: the tools every test of the project shares, so that each is written once:
//! where things are in the repository (the module, samples, vectors), canonical JSON, the
//! hostile corpus ([`hostile`]), node runs of the module ([`node`]), child processes fed on stdin
//! ([`process`]), a loopback HTTP client ([`http`]) and an `icce serve` launcher ([`server`]).
//!
//! Its normal dependencies are small crates only: never icce-core, icce-wasm or icce-host, since
//! the host's tests use it and the host must never depend on icce-core (its test checks `cargo
//! tree`). Whoever needs a runtime links it in their own test. The module is found, never built:
//! `scripts/build-wasm.sh` builds it.
//!
//! Everything here panics on a broken assumption, with a message saying what was expected: it
//! runs inside tests, where that is a failing test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test support: a broken assumption should fail the calling test loudly"
)]

pub mod hostile;
pub mod http;
pub mod node;
pub mod process;
pub mod server;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The module, relative to the repository root (where `scripts/build-wasm.sh` writes it).
pub const MODULE: &str = "web-demo/pkg/icce_wasm_bg.wasm";

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The built module; panics, saying how to build it, when it is not there.
pub fn module_path() -> PathBuf {
    let p = repo().join(MODULE);
    assert!(p.is_file(), "the module {} is missing: run scripts/build-wasm.sh first", p.display());
    p
}

/// The wasm-bindgen glue beside the module (`--target web`), for node.
pub fn glue_path() -> PathBuf {
    repo().join("web-demo/pkg/icce_wasm.js")
}

/// The module's SHA-256 as the build recorded it (`icce_wasm_bg.wasm.sha256`), trimmed.
pub fn recorded_module_sha256() -> String {
    let file = repo().join(format!("{MODULE}.sha256"));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {} ({e}): run scripts/build-wasm.sh first", file.display())).trim().to_owned()
}

/// A file of `samples/`.
pub fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

/// A file of `samples/` as text.
pub fn read_sample(name: &str) -> String {
    let file = sample(name);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {} ({e})", file.display()))
}

/// JSON text as a tree; panics, quoting the text, when it is not JSON.
pub fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// An answer as canonical JSON (serde_json's own serialisation of its tree), so that answers from
/// different runtimes compare byte for byte whatever their white space.
pub fn canonical(answer: &str) -> String {
    serde_json::to_string(&parse(answer)).unwrap()
}

/// One input vector: `tests/vectors/<operation>/NAME.in.json`, its answer beside it as
/// `NAME.out.json`. The folder's name is the operation's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vector {
    pub operation: String,
    pub input: PathBuf,
}

impl Vector {
    /// `NAME.in.json`.
    pub fn file_name(&self) -> String {
        self.input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The recorded answer, `NAME.out.json` beside the input.
    pub fn answer_path(&self) -> PathBuf {
        self.input.with_file_name(self.file_name().replace(".in.json", ".out.json"))
    }
}

/// Every vector, discovered: each folder of `tests/vectors/` (in name order) is an operation, each
/// `*.in.json` in it (in name order) an input. A folder added later is found without a change
/// here.
pub fn vectors() -> Vec<Vector> {
    let root = repo().join("tests/vectors");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {} ({e})", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for folder in folders {
        let operation = folder.file_name().unwrap().to_string_lossy().into_owned();
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".in.json"))
            .collect();
        inputs.sort();
        out.extend(inputs.into_iter().map(|input| Vector { operation: operation.clone(), input }));
    }
    out
}

/// A file's text without a leading byte-order mark (some vectors start with one on purpose).
pub fn without_bom(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The discovery convention holds: each recorded answer names its folder as its operation.
    #[test]
    fn every_vector_folder_is_named_after_its_operation() {
        let vectors = vectors();
        assert!(vectors.len() >= 100, "only {} vectors", vectors.len());
        for v in &vectors {
            let answer = std::fs::read_to_string(v.answer_path()).unwrap_or_else(|e| panic!("{}: no answer beside it ({e})", v.input.display()));
            assert_eq!(parse(&answer)["operation"], v.operation.as_str(), "{}", v.input.display());
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(hostile::percent_decode("a%2Fb%00%ff"), b"a/b\x00\xff");
        assert_eq!(hostile::percent_decode("100%"), b"100%");
    }
}
