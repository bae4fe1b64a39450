//! The module in node: one node process runs a script of `tests/node/` on the built module and its
//! glue (`node SCRIPT MODULE GLUE`), reads its work from stdin and writes one JSON line per
//! result. Needs node 20.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::{glue_path, module_path, parse, repo};

/// Run `tests/node/<script>` with `input` on its stdin; its stdout, one JSON value a line. With
/// `within`, a run that takes longer is killed and the test fails (a hang is a failure, not a wait).
pub fn run(script: &str, input: String, within: Option<Duration>) -> Vec<Value> {
    let mut child = Command::new("node")
        .arg(repo().join("tests/node").join(script))
        .arg(module_path())
        .arg(glue_path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node 20 is needed");
    // Written from a thread: node answers while it reads, and a full pipe must not stop either.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = match within {
        None => rx.recv().unwrap(),
        Some(within) => rx.recv_timeout(within).unwrap_or_else(|_| {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("node did not finish {script} in {within:?}");
        }),
    }
    .unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    writer.join().unwrap().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(parse).collect()
}
