//! icce-host, tested from outside, in one test binary: as a library (the `Runtime`), as the
//! `icce` binary, and as an HTTP server, all on the real module built by `scripts/build-wasm.sh`
//! and never linking icce-core. The shared tools (paths, the loopback HTTP client, the server
//! launcher, the hostile corpus) are the support library `icce_parity`.
//!
//! Contents:
//! - `invariant`: `cargo tree -p icce-host` has no icce-core;
//! - `runtime`: the library on a ready sample, on non-UTF-8 input and an unknown operation; the
//!   memory cap and the epoch deadline, each exceeded, give a `HOST-00x` answer and the next
//!   call works; every instance slot runs a call at once; a module with another SHA-256 is
//!   refused (by the library, the CLI and serve);
//! - `cli`: `validate` exit codes 0/1/3/2, stated in `--help` with every flag described, `batch`
//!   streaming past a bad line;
//! - `relocate`: a copied binary finds the module beside it, or the one given, or none (and says
//!   so), never the build tree's; compiled code is cached in the cache directory, never beside
//!   the module;
//! - `serve`: the body of `POST /v1/validateRequestOut` is `icce call`'s output, byte for byte,
//!   with the hash headers; problem+json for unusable input, unknown operations, large bodies;
//!   health, metrics, static files, the OpenAPI document; 415 for another content type, 400 for
//!   a missing body, 405 with `Allow`; CORS off by default, on for `--cors-allow-origin`;
//! - `limits`: `icce serve` against the hostile corpus (each input's status from
//!   `tests/hostile/expected.tsv`), the body limit (declared and chunked), the body read timeout,
//!   the admission queue, the time and memory limits over HTTP, the connection cap, and graceful
//!   shutdown;
//! - `privacy`: no personal data from any vector in the logs (at trace level) or the metrics of
//!   the server and the CLI;
//! - `stats`: `icce stats` on the sample log and on 100,000 generated lines, and
//!   `POST /stats/chart.svg`, byte for byte the CLI's chart.
//!
//! The module is compiled once into the `.cwasm` cache (the user's cache directory; a debug host
//! compiles for seconds); every later load in these tests, and every `icce` process they start,
//! deserializes it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken assumption should fail the test loudly"
)]

mod cli;
mod invariant;
mod limits;
mod privacy;
mod relocate;
mod runtime;
mod serve;
mod stats;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use icce_host::Runtime;
use icce_parity::process::output_with_stdin;
use icce_parity::server::Server;
use icce_parity::{parse, read_sample, repo, sample};
use serde_json::Value;

/// The `icce` binary under test.
fn icce_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_icce"))
}

/// The module, with its `.cwasm` cache filled: the first test to get here loads it once (a
/// release host's cache serves too: the engine compatibility hash is the same); the other tests,
/// and the `icce` processes they start, wait for it and then only deserialize.
fn module() -> PathBuf {
    let m = icce_parity::module_path();
    static WARM: OnceLock<()> = OnceLock::new();
    WARM.get_or_init(|| {
        Runtime::load(&m).expect("the module loads");
    });
    m
}

fn runtime() -> Runtime {
    Runtime::load(module()).expect("the module loads")
}

/// `samples/request-ready.json`.
fn ready() -> String {
    read_sample("request-ready.json")
}

/// Run `icce ARGS…` on the module with `env` set and `stdin` written to it.
fn icce_with(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut icce = Command::new(icce_bin());
    icce.args(args).env("ICCE_MODULE", module()).envs(env.iter().copied());
    output_with_stdin(&mut icce, stdin.to_vec(), None)
}

/// Run `icce ARGS…` on the module.
fn icce(args: &[&str], stdin: &[u8]) -> Output {
    icce_with(args, &[], stdin)
}

/// `icce serve ARGS…` on the module, logging at `info`.
fn serve(args: &[&str]) -> Server {
    Server::start(icce_bin(), &module(), "info", args)
}

/// The operation of [`heavy`] inputs.
const HEAVY_OP: &str = "answerRequestIn";

/// The heaviest kind of input the list caps allow (FUZZING.md, section "Findings": every input
/// list is capped): a reply to a request in, with `n` convictions found (at most 100), each with
/// 50 offences and 50 sanctions (the caps), copied from a vector's conviction. At n = 100: about
/// 720 KB in (under the 1 MiB limit), a 12 MB answer (every conviction in JSON and in ECRIS XML),
/// about 200 ms.
fn heavy(n: usize) -> String {
    let base = repo().join("tests/vectors/answerRequestIn/criminal-proceedings-one-conviction.in.json");
    let mut v = parse(&std::fs::read_to_string(base).unwrap());
    let mut found = v["search"]["convictions"][0].clone();
    let offence = found["conviction"]["offences"][0].clone();
    let sanction = found["conviction"]["sanctions"][0].clone();
    found["conviction"]["offences"] = Value::Array(vec![offence; 50]);
    found["conviction"]["sanctions"] = Value::Array(vec![sanction; 50]);
    v["search"]["convictions"] = Value::Array(vec![found; n]);
    let text = serde_json::to_string(&v).unwrap();
    assert!(text.len() < 1 << 20, "the input stays under the module's 1 MiB limit: {}", text.len());
    text
}

/// The code of an answer's first diagnostic (`""` when it has none).
fn first_code(answer: &Value) -> &str {
    answer["diagnostics"][0]["code"].as_str().unwrap_or("")
}
