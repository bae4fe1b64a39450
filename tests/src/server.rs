//! `icce serve` as a child process on a free loopback port, for tests. The binary is an argument
//! (`env!("CARGO_BIN_EXE_icce")` exists only inside the host's own tests). The server's stderr
//! (its start lines and its log) is read all along, so it never blocks on a full pipe, and kept
//! for the test to search; so is its stdout.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running `icce serve`, killed when dropped (a failing test leaves no server behind).
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    log: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// What a stopped server wrote.
pub struct Output {
    /// stderr: the start lines and the log.
    pub log: String,
    pub stdout: String,
}

impl Server {
    /// Start `icce serve --addr 127.0.0.1:0 ARGS…` on `module` with `RUST_LOG=rust_log`, and wait
    /// until it listens. Panics with what it printed if it stops first.
    pub fn start(icce: &Path, module: &Path, rust_log: &str, args: &[&str]) -> Server {
        let mut child = Command::new(icce)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("ICCE_MODULE", module)
            .env("RUST_LOG", rust_log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("icce serve starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        let addr = loop {
            let Some(line) = next_line(&mut stderr) else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("icce serve stopped before listening:\n{seen}");
            };
            seen.push_str(&line);
            if let Some(a) = line.trim().strip_prefix("icce serve: listening on http://") {
                break a.to_owned();
            }
        };
        let log = Arc::new(Mutex::new(seen));
        let sink = Arc::clone(&log);
        let log_reader = std::thread::spawn(move || {
            while let Some(line) = next_line(&mut stderr) {
                sink.lock().unwrap().push_str(&line);
            }
        });
        let stdout = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stdout);
        let mut out = child.stdout.take().unwrap();
        let out_reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.read_to_end(&mut bytes);
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&bytes));
        });
        Server { child, addr, log, stdout, readers: vec![log_reader, out_reader] }
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Send SIGTERM (a graceful stop).
    pub fn terminate(&self) {
        let ok = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(ok.success());
    }

    /// Wait for the process to exit; its exit code. Panics, with the log, if it does not exit in time.
    pub fn wait_exit(&mut self, within: Duration) -> Option<i32> {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("icce serve did not exit within {within:?}; log:\n{}", self.log());
    }

    /// Stop the server (killed, unless it has exited already) and return all it wrote.
    pub fn stop(mut self) -> Output {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in std::mem::take(&mut self.readers) {
            reader.join().unwrap();
        }
        Output { log: self.log(), stdout: self.stdout.lock().unwrap().clone() }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next line of the server's stderr (lossy UTF-8), `None` at its end.
fn next_line(stderr: &mut BufReader<ChildStderr>) -> Option<String> {
    let mut raw = Vec::new();
    match stderr.read_until(b'\n', &mut raw) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(String::from_utf8_lossy(&raw).into_owned()),
    }
}
