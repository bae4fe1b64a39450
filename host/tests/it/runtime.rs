//! The library: `Runtime` on the real module. Answers for good and bad input; the memory cap and
//! the epoch deadline, each exceeded by an input built for it, give a structured `HOST-00x`
//! answer and the same runtime answers the next call; every instance slot can run at once; a
//! module whose SHA-256 is not the expected one is refused, by the library, the CLI and serve; and
//! a module without the C ABI's exports is refused when it is loaded.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use icce_host::{HostError, Options, Runtime};

use crate::{HEAVY_OP, first_code, heavy, icce_bin, module, parse, ready, runtime};

#[test]
fn answers_the_ready_sample() {
    let rt = runtime();
    let input = ready();
    let a = parse(&rt.call("validateRequestOut", &input).unwrap());
    assert_eq!(a["outcome"], "ready", "{a}");
    assert_eq!(a["rulebook"]["hash"], rt.rulebook().hash.as_str());
    assert_eq!(rt.module_hash(), icce_parity::recorded_module_sha256(), "module hash differs from the build's .sha256");
    assert_eq!(rt.abi_version(), icce_host::ABI_VERSION);
    // A fresh instance per call: the same input gives the same bytes again.
    assert_eq!(rt.call("validateRequestOut", &input).unwrap(), rt.call("validateRequestOut", &input).unwrap());
}

#[test]
fn no_call_leaves_a_trace_for_the_next() {
    // One slot, so that every call reuses the memory the call before used and kept resident.
    let rt = Runtime::load_with(module(), Options { instances: 1, ..Options::default() }).unwrap();
    let marker = "Qzxwvkjhtmarker";
    assert!(!rt.fresh_memory_contains(marker.as_bytes()).unwrap(), "the module image itself holds the marker");
    let input = ready().replacen("\"surname\": \"", &format!("\"surname\": \"{marker}"), 1);
    assert!(input.contains(marker), "the ready sample has no surname to mark");
    let answer = rt.call("validateRequestOut", &input).unwrap();
    assert!(answer.contains(marker), "the marked surname is not in the answer: {answer}");
    assert!(!rt.fresh_memory_contains(marker.as_bytes()).unwrap(), "a fresh instance holds the last call's data");
}

#[test]
fn turns_bad_input_into_answers() {
    let rt = runtime();
    let a = parse(&rt.call_bytes(b"validateRequestOut", b"{\"x\":\"\xff\"}").unwrap());
    assert_eq!(a["outcome"], "unusable");
    assert_eq!(a["diagnostics"][0]["code"], "INP-001");
    let a = parse(&rt.call("noSuchOperation", "{}").unwrap());
    assert_eq!(a["diagnostics"][0]["code"], "INP-004");
    let a = parse(&rt.call("showRules", r#"{"country":"PL"}"#).unwrap());
    assert_eq!(a["outcome"], "ok");
    assert_eq!(a["country"]["code"], "PL");
}

#[test]
fn memory_limit_is_an_answer_and_the_next_call_works() {
    let rt = Runtime::load_with(module(), Options { memory_limit: 3 << 20, instances: 2, ..Options::default() }).unwrap();
    let big = format!("\"{}\"", "a".repeat(5 << 19));
    let a = parse(&rt.call("validateRequestOut", &big).unwrap());
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(a["diagnostics"][0]["code"], "HOST-002", "{a}");
    assert_eq!(a["diagnostics"][0]["name"], "memory-limit");
    assert_eq!(a["rulebook"]["hash"], rt.rulebook().hash.as_str());
    assert_eq!(parse(&rt.call("validateRequestOut", &ready()).unwrap())["outcome"], "ready");
}

#[test]
fn time_limit_is_an_answer_and_the_next_call_works() {
    let mut rt = runtime();
    let input = ready();
    rt.set_time_limit(Duration::ZERO);
    let a = parse(&rt.call("validateRequestOut", &input).unwrap());
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(a["diagnostics"][0]["code"], "HOST-003", "{a}");
    assert_eq!(a["diagnostics"][0]["name"], "time-limit");
    rt.set_time_limit(Duration::from_secs(2));
    assert_eq!(parse(&rt.call("validateRequestOut", &input).unwrap())["outcome"], "ready");
}

#[test]
fn memory_cap_exceeded_by_a_small_input_is_an_answer_and_the_next_call_works() {
    let rt = Runtime::load_with(module(), Options { memory_limit: 16 << 20, instances: 2, ..Options::default() }).unwrap();
    let input = heavy(100);
    let a = parse(&rt.call(HEAVY_OP, &input).unwrap());
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(first_code(&a), "HOST-002", "{a}");
    assert_eq!(a["diagnostics"][0]["kind"], "unusable");
    // With a roomier cap the same input is answered by the module itself. (96 MiB: since the
    // core's answers grew with the channels and not-known items, this heaviest input needs more
    // than the default 64 MiB; measured 2026-11-30.)
    let roomy = Runtime::load_with(module(), Options { memory_limit: 96 << 20, instances: 2, ..Options::default() }).unwrap();
    let full = parse(&roomy.call(HEAVY_OP, &input).unwrap());
    assert_eq!(full["outcome"], "ready", "{}", &full.to_string()[..300]);
    // The same runtime serves the next call.
    assert_eq!(parse(&rt.call("validateRequestOut", &ready()).unwrap())["outcome"], "ready");
}

#[test]
fn epoch_deadline_exceeded_by_a_slow_input_is_an_answer_and_the_next_call_works() {
    let mut rt = Runtime::load(module()).unwrap();
    let input = heavy(100);
    let started = Instant::now();
    let full = parse(&rt.call(HEAVY_OP, &input).unwrap());
    let needed = started.elapsed();
    assert_ne!(first_code(&full), "HOST-003", "under the default 2 s the slow input is answered");
    // One epoch tick (10 ms): the input needs several, so the call is stopped, whatever the phase.
    rt.set_time_limit(Duration::from_millis(1));
    assert!(needed > Duration::from_millis(30), "the slow input took only {needed:?}; make it slower");
    let started = Instant::now();
    let a = parse(&rt.call(HEAVY_OP, &input).unwrap());
    let stopped_after = started.elapsed();
    assert_eq!(a["outcome"], "unusable", "{a}");
    assert_eq!(first_code(&a), "HOST-003", "{a}");
    assert_eq!(a["diagnostics"][0]["name"], "time-limit");
    assert!(stopped_after < needed, "stopped after {stopped_after:?}, the full call takes {needed:?}");
    rt.set_time_limit(Duration::from_secs(2));
    assert_eq!(parse(&rt.call("validateRequestOut", &ready()).unwrap())["outcome"], "ready");
    println!("slow input: {} bytes, {needed:?} in full; stopped after {stopped_after:?}", input.len());
}

#[test]
fn every_instance_slot_runs_a_call_at_once() {
    // Each instance needs two slots of wasmtime's memory pool (its memory and its GC heap); with
    // one each, a runtime of one instance could not load and half the slots failed under load.
    let one = Runtime::load_with(module(), Options { instances: 1, ..Options::default() }).expect("one instance loads");
    assert_eq!(parse(&one.call("validateRequestOut", &ready()).unwrap())["outcome"], "ready");
    let n = 4;
    let rt = Arc::new(Runtime::load_with(module(), Options { instances: n, ..Options::default() }).unwrap());
    let barrier = Arc::new(std::sync::Barrier::new(n as usize));
    let input = Arc::new(heavy(10));
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let (rt, barrier, input) = (Arc::clone(&rt), Arc::clone(&barrier), Arc::clone(&input));
            std::thread::spawn(move || {
                barrier.wait();
                rt.call(HEAVY_OP, &input)
            })
        })
        .collect();
    for t in threads {
        let answer = t.join().unwrap().expect("every slot instantiates");
        assert_eq!(parse(&answer)["outcome"], "ready", "{answer}");
    }
}

#[test]
fn a_module_with_another_hash_is_refused() {
    let m = module();
    let actual = Runtime::load(&m).unwrap().module_hash().to_owned();
    let wrong = "0".repeat(64);
    let err = Runtime::load_with(&m, Options { expect_sha256: Some(wrong.clone()), ..Options::default() }).unwrap_err();
    assert!(matches!(err, HostError::ModuleHash { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("refusing to run") && msg.contains(&actual) && msg.contains(&wrong), "{msg}");
    // The right hash, in capitals and with spaces around it, is accepted.
    let ok = Runtime::load_with(&m, Options { expect_sha256: Some(format!(" {} ", actual.to_uppercase())), ..Options::default() });
    assert!(ok.is_ok(), "{:?}", ok.err());
    let bad = Runtime::load_with(&m, Options { expect_sha256: Some("abc".into()), ..Options::default() }).unwrap_err();
    assert!(matches!(bad, HostError::BadExpectedHash(_)), "{bad:?}");

    // The CLI and the server refuse it too, with the message, exit code 2, and nothing served.
    let out = std::process::Command::new(icce_bin())
        .args(["--expect-module-sha256", &wrong, "version"])
        .env("ICCE_MODULE", &m)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to run the module") && stderr.contains(&actual), "{stderr}");
    let out = std::process::Command::new(icce_bin())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("ICCE_MODULE", &m)
        .env("ICCE_EXPECT_MODULE_SHA256", &wrong)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to run the module") && !stderr.contains("listening"), "{stderr}");
    let out = std::process::Command::new(icce_bin())
        .args(["version"])
        .env("ICCE_MODULE", &m)
        .env("ICCE_EXPECT_MODULE_SHA256", &actual)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_module_without_the_c_abi_is_refused_at_load() {
    const HEADER: &[u8] = b"\0asm\x01\0\0\0";
    // One memory of one page, exported as `memory`; no functions.
    const MEMORY_ONLY: &[u8] = b"\x05\x03\x01\x00\x01\x07\x0a\x01\x06memory\x02\x00";
    let dir = std::env::temp_dir().join(format!("icce-abi-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, body, missing) in [("empty", &b""[..], "no memory `memory`"), ("memory-only", MEMORY_ONLY, "no function `icce_alloc`")] {
        let path = dir.join(format!("{name}.wasm"));
        std::fs::write(&path, [HEADER, body].concat()).unwrap();
        let err = Runtime::load_with(&path, Options { cache_dir: None, ..Options::default() }).unwrap_err();
        assert!(matches!(err, HostError::Abi { .. }), "{name}: {err:?}");
        let msg = err.to_string();
        assert!(msg.contains("is not an icce module") && msg.contains(missing), "{name}: {msg}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
