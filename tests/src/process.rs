//! Child processes that take their work on stdin: `icce` commands, node scripts.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Run `command` with `stdin` written to it, and its output. The input is written from a thread,
/// so that a large one cannot block against a full output pipe; a process that exits without
/// reading all of it is not an error here. With `within`, a process that takes longer is killed
/// and the test fails (a hang is a failure, not a wait).
pub fn output_with_stdin(command: &mut Command, stdin: Vec<u8>, within: Option<Duration>) -> Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = match within {
        None => child.wait_with_output().unwrap(),
        Some(within) => {
            let pid = child.id();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || tx.send(child.wait_with_output()));
            rx.recv_timeout(within)
                .unwrap_or_else(|_| {
                    let _ = Command::new("kill").arg(pid.to_string()).status();
                    panic!("{program} did not finish in {within:?}");
                })
                .unwrap()
        }
    };
    let _ = writer.join();
    out
}
