//! A minimal HTTP/1.1 client for tests against `icce serve` on loopback: one request per
//! connection (`Connection: close`), the whole reply read until the server closes. Raw sockets,
//! so that a test can also send what a real client would not (a body that never arrives, a
//! declared length over the limit, chunks).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

use crate::parse;

/// A reply: status, headers in order, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics, quoting it, when it is not.
    pub fn json(&self) -> Value {
        parse(&self.text())
    }
}

/// A connection with a read timeout (a server that never answers fails the test, after a minute).
pub fn connect(addr: &str) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("cannot connect to {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s
}

/// Read a whole reply, until the server closes the connection.
pub fn read_reply(s: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete response head: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    Reply { status, headers, body: raw[split + 4..].to_vec() }
}

/// One request with a body of `content_type`, and its reply.
pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut s = connect(addr);
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body and close; that is fine.
    let _ = s.write_all(body);
    read_reply(&mut s)
}

/// One request with exactly these headers (besides `Host`, `Content-Length` and `Connection`),
/// and its reply: for what a test must send or leave out (no `Content-Type`, an `Origin`).
pub fn request_with(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = connect(addr);
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    read_reply(&mut s)
}

/// One request with a JSON body, and its reply.
pub fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    request(addr, method, path, "application/json", body)
}

/// `POST /v1/<op>` (the operation as it goes into the URL: percent-encoded if need be).
pub fn post(addr: &str, op: &str, body: &[u8]) -> Reply {
    http(addr, "POST", &format!("/v1/{op}"), body)
}

/// `GET path`.
pub fn get(addr: &str, path: &str) -> Reply {
    http(addr, "GET", path, b"")
}

/// `GET /metrics`, as text.
pub fn metrics(addr: &str) -> String {
    get(addr, "/metrics").text()
}
