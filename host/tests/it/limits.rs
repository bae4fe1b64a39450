//! `icce serve`'s limits, proven by exceeding them (FUZZING.md, section "Limits"): the hostile
//! corpus over HTTP (each input's status from `tests/hostile/expected.tsv`), the body limit
//! (declared and chunked), the body read timeout (408), the admission queue (503 with
//! `Retry-After`), the time and memory limits over HTTP, the connection cap, and graceful
//! shutdown (calls in flight finish; the process exits; a stuck client cannot hold it past the
//! grace period).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use icce_parity::hostile::{self, percent_decode};
use icce_parity::http::{Reply, connect, metrics, post, read_reply};

use crate::{HEAVY_OP, heavy, ready, serve};

#[test]
fn serve_answers_the_hostile_corpus_with_the_expected_statuses() {
    let server = serve(&[]);
    let mut failures = Vec::new();
    let mut n = 0;
    for case in hostile::manifest() {
        let (file, expected) = (&case.file, case.http_status);
        // The operation goes into the URL as it is in the manifest: percent-encoded.
        assert!(percent_decode(&case.op_encoded).iter().all(|b| *b != b'/'));
        let r = post(&server.addr, &case.op_encoded, &hostile::input(file));
        n += 1;
        // A known finding may still get today's status.
        let today = case.finding.as_ref().and_then(|f| f.http_status);
        if today == Some(r.status) && r.status != expected {
            continue;
        }
        if r.status != expected {
            failures.push(format!("{file}: status {}, expected {expected}: {}", r.status, r.text().chars().take(300).collect::<String>()));
            continue;
        }
        match r.status {
            200 => {
                let a = r.json();
                if a["outcome"] != case.outcome.as_str() {
                    failures.push(format!("{file}: outcome {}, expected {}", a["outcome"], case.outcome));
                }
            }
            // The module's unusable answers, as problem+json carrying its diagnostic.
            422 => {
                let p = r.json();
                let first = case.codes.first().map_or("-", String::as_str);
                if r.header("content-type") != Some("application/problem+json") || p["diagnostics"][0]["code"] != first {
                    failures.push(format!("{file}: 422 without {first}: {p}"));
                }
            }
            _ => {
                if r.header("content-type") != Some("application/problem+json") {
                    failures.push(format!("{file}: {} is not problem+json", r.status));
                }
            }
        }
    }
    assert!(n >= 50);
    // The server is still there and well.
    assert_eq!(post(&server.addr, "validateRequestOut", ready().as_bytes()).status, 200);
    assert!(failures.is_empty(), "{} of {n}:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn serve_body_limit_declared_and_chunked() {
    let server = serve(&[]);
    // Declared too large: refused before the body is read.
    let mut s = connect(&server.addr);
    s.write_all(format!("POST /v1/validateRequestOut HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", 64 << 20).as_bytes()).unwrap();
    let r = read_reply(&mut s);
    assert_eq!(r.status, 413);
    // Chunked, no length: refused once 1 MiB has arrived.
    let mut s = connect(&server.addr);
    s.write_all(b"POST /v1/validateRequestOut HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").unwrap();
    let chunk = vec![b' '; 64 << 10];
    for _ in 0..17 {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err() || s.write_all(&chunk).is_err() || s.write_all(b"\r\n").is_err() {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let r = read_reply(&mut s);
    assert_eq!(r.status, 413, "{r:?}");
    // Exactly at the limit is fine (the module answers: not JSON).
    let r = post(&server.addr, "validateRequestOut", &vec![b' '; 1 << 20]);
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["diagnostics"][0]["code"], "INP-001");
}

#[test]
fn serve_times_out_a_body_that_never_arrives() {
    let server = serve(&["--read-timeout-ms", "300"]);
    let mut s = connect(&server.addr);
    s.write_all(b"POST /v1/validateRequestOut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"con").unwrap();
    let started = Instant::now();
    let r = read_reply(&mut s);
    assert_eq!(r.status, 408, "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(post(&server.addr, "validateRequestOut", ready().as_bytes()).status, 200);
    let m = metrics(&server.addr);
    assert!(m.contains(r#"icce_rejected_total{reason="body-timeout"} 1"#), "{m}");
}

#[test]
fn serve_concurrency_limit_answers_503_with_retry_after_and_recovers() {
    // One instance, one place in the queue, a short wait: eight slow calls at once cannot all run.
    let server = serve(&["--instances", "1", "--max-queue", "1", "--queue-timeout-ms", "50"]);
    let slow = Arc::new(heavy(30).into_bytes());
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (addr, body) = (server.addr.clone(), Arc::clone(&slow));
            std::thread::spawn(move || post(&addr, HEAVY_OP, &body))
        })
        .collect();
    let replies: Vec<Reply> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    let busy: Vec<&Reply> = replies.iter().filter(|r| r.status == 503).collect();
    assert!(!busy.is_empty(), "no call was refused: {statuses:?}");
    assert!(statuses.contains(&200), "no call was answered: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503), "{statuses:?}");
    for r in &busy {
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert!(r.json()["detail"].as_str().unwrap().contains("busy"), "{:?}", r.json());
    }
    // Load gone, service back.
    assert_eq!(post(&server.addr, "validateRequestOut", ready().as_bytes()).status, 200);
    let m = metrics(&server.addr);
    assert!(m.contains(r#"reason="overloaded""#) || m.contains(r#"reason="queue-timeout""#), "{m}");
    println!("8 slow calls on 1 instance: {statuses:?}");
}

#[test]
fn serve_time_and_memory_limits_over_http_then_the_next_call() {
    let server = serve(&["--time-limit-ms", "1", "--memory-limit-mib", "16"]);
    let r = post(&server.addr, HEAVY_OP, heavy(100).as_bytes());
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(r.json()["diagnostics"][0]["code"], "HOST-003");
    let r = post(&server.addr, HEAVY_OP, heavy(100).as_bytes());
    assert!(r.status == 422 || r.status == 503, "{r:?}");
    let c = r.json()["diagnostics"][0]["code"].as_str().unwrap().to_owned();
    assert!(c == "HOST-002" || c == "HOST-003", "{c}");
    // A light call fits in one tick unless the tick happens to fall inside it: allow one retry.
    let ok = (0..3).any(|_| post(&server.addr, "showRules", br#"{"country":"PL"}"#).status == 200);
    assert!(ok, "the server did not answer a light call after the limits were hit");

    let server = serve(&["--memory-limit-mib", "16"]);
    let r = post(&server.addr, HEAVY_OP, heavy(100).as_bytes());
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.json()["diagnostics"][0]["code"], "HOST-002");
    assert_eq!(post(&server.addr, "validateRequestOut", ready().as_bytes()).status, 200);
}

/// A connection on which one `GET /livez` has been answered, and kept open: the server holds it
/// (not merely the kernel's backlog).
fn held_connection(addr: &str) -> TcpStream {
    let mut s = connect(addr);
    s.write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\nok\n") {
        assert_eq!(s.read(&mut byte).unwrap(), 1, "the server closed the connection: {:?}", String::from_utf8_lossy(&seen));
        seen.push(byte[0]);
    }
    s
}

/// `GET path` on a new connection, retried while the server refuses it (it may still be closing a
/// connection the client has dropped): the whole reply, once it is a 200. Raw, because a refused
/// connection is closed before the request is read, which a client may see as a reset.
fn get_once_a_slot_is_free(addr: &str, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut s = connect(addr);
        let mut reply = Vec::new();
        let _ = s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).and_then(|()| s.read_to_end(&mut reply));
        let reply = String::from_utf8_lossy(&reply).into_owned();
        if reply.starts_with("HTTP/1.1 200 ") {
            return reply;
        }
        assert!(Instant::now() < deadline, "no slot came free for {path}: {reply}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_caps_open_connections_and_recovers() {
    let server = serve(&["--max-connections", "2"]);
    // Two idle keep-alive connections hold both slots (each has been answered once, so the
    // server has them, not merely the kernel's backlog).
    let mut held: Vec<TcpStream> = (0..2).map(|_| held_connection(&server.addr)).collect();
    // A third gets a bare 503 and is closed, before any request of its own is read.
    let mut third = connect(&server.addr);
    let mut reply = Vec::new();
    third.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 503 "), "{reply}");
    assert!(reply.contains("Retry-After: 1"), "{reply}");
    // One slot freed: a new connection is served.
    drop(held.pop());
    assert!(get_once_a_slot_is_free(&server.addr, "/livez").ends_with("\r\n\r\nok\n"));
    // The metrics count the refusal. Both slots may still be taken for a moment (the connection
    // just answered and the one held are being closed by the server), so this waits too.
    drop(held);
    let m = get_once_a_slot_is_free(&server.addr, "/metrics");
    assert!(m.contains(r#"icce_rejected_total{reason="connections-refused"}"#), "{m}");
}

#[test]
fn serve_shuts_down_gracefully() {
    let mut server = serve(&["--shutdown-grace-ms", "5000"]);
    // A call in flight when the signal comes is answered. To be sure the server has the
    // connection (not merely the kernel's backlog), one request is answered on it first; the call
    // is then half sent when the signal comes, and finished after it.
    let mut s = held_connection(&server.addr);
    let slow = heavy(20);
    let (first, rest) = slow.as_bytes().split_at(slow.len() / 2);
    s.write_all(format!("POST /v1/{HEAVY_OP} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", slow.len()).as_bytes()).unwrap();
    s.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    server.terminate();
    std::thread::sleep(Duration::from_millis(200));
    s.write_all(rest).unwrap();
    let r = read_reply(&mut s);
    assert_eq!(r.status, 200, "the call in flight was not answered: {r:?}");
    assert_eq!(server.wait_exit(Duration::from_secs(10)), Some(0));
    let addr = server.addr.clone();
    let log = server.stop().log;
    assert!(log.contains("icce serve: stopped"), "{log}");
    assert!(TcpStream::connect(&addr).is_err(), "still accepting after shutdown");

    // A client that never finishes its body cannot hold the process past the grace period.
    let mut server = serve(&["--shutdown-grace-ms", "300", "--read-timeout-ms", "60000"]);
    let mut stuck = connect(&server.addr);
    stuck.write_all(b"POST /v1/validateRequestOut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    server.terminate();
    let code = server.wait_exit(Duration::from_secs(10));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(code, Some(0));
    let log = server.stop().log;
    assert!(log.contains("stopping anyway"), "{log}");

    // Nor can a file's brotli form being made in the background: a 2 MiB text takes brotli
    // several seconds at its best setting, far past this grace period.
    let root = std::env::temp_dir().join(format!("icce-grace-web-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let mut text = String::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while text.len() < (2 << 20) - 64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(&format!("{:x} {} ", x % 100_000, ["ready", "incomplete", "invalid"][(x % 3) as usize]));
    }
    std::fs::write(root.join("big.txt"), &text).unwrap();
    let web_root = root.to_string_lossy().into_owned();
    let mut server = serve(&["--shutdown-grace-ms", "300", "--web-root", &web_root]);
    let r = icce_parity::http::request_with(&server.addr, "GET", "/big.txt", &[("accept-encoding", "br")], b"");
    assert_eq!((r.status, r.header("content-encoding"), r.body.len()), (200, None, text.len()), "brotli is not ready at once");
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    server.terminate();
    let code = server.wait_exit(Duration::from_secs(30));
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(3), "took {took:?} to stop");
}
