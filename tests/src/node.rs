//! The module in node: one node process runs a script of `tests/node/` on the built module and its
//! glue (`node SCRIPT MODULE GLUE`), reads its work from stdin and writes one JSON line per
//! result. Needs node 20.

use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::process::output_with_stdin;
use crate::{glue_path, module_path, parse, repo};

/// Run `tests/node/<script>` with `input` on its stdin; its stdout, one JSON value a line. With
/// `within`, a run that takes longer is killed and the test fails.
pub fn run(script: &str, input: String, within: Option<Duration>) -> Vec<Value> {
    let mut node = Command::new("node");
    node.arg(repo().join("tests/node").join(script)).arg(module_path()).arg(glue_path());
    let out = output_with_stdin(&mut node, input.into_bytes(), within);
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(parse).collect()
}
