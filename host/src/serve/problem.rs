//! RFC 9457 problem+json, and the one mapping from answers to HTTP statuses.
//!
//! The module answers every input; HTTP only says whether that answer is one a client can use.
//! [`answer_status`] decides it from the answer's head (outcome and first diagnostic code), and
//! both handlers (`POST /v1/<operation>`, `POST /stats/chart.svg`) use it:
//!
//! | answer | status | why |
//! | --- | --- | --- |
//! | outcome `ready`, `incomplete`, `invalid`, `ok` (or none the host knows) | 200, the answer as JSON | the module answered: an incomplete or invalid request is an answer about the request (what is missing, what is wrong), not a failed HTTP call |
//! | `unusable`, `INP-004` (no such operation) | 404 problem, with the module's list of operations as `help` | the URL names nothing; counted as the refusal `unknown-operation`, never as a call, so that the caller's text never becomes a metrics label |
//! | `unusable`, `HOST-001` (module trap) or `HOST-004` (answer not UTF-8) | 500 problem | a fault in icce, not in the input |
//! | `unusable`, `HOST-003` (time limit) | 503 problem | the call ran out of time, which a less busy server may not; trying again may work |
//! | `unusable`, `HOST-002` (memory limit) | 422 problem | the input needs more memory than a call may use: only a smaller input helps |
//! | `unusable`, any other code (`INP-001` not JSON, `INP-002` wrong shape, …) | 422 problem | the input's fault: it is well-formed HTTP that icce cannot use |
//!
//! An unusable answer's problem carries the answer's own members (operation, outcome, rule book,
//! diagnostics) after the standard ones, so a client loses nothing.
//!
//! Requests refused before the module answers get a problem too, decided where the refusal is:
//!
//! | refusal | status | why |
//! | --- | --- | --- |
//! | body declared as another media type than the route reads (`unsupported-media-type`), before it is read; or not declared | 415 | `application/json` (JSON Lines for the chart) is the contract; a form or text body is a client's mistake |
//! | body empty (`body-missing`) | 400 | the document says a body is required; answered before the module, which would read nothing |
//! | body declared or grown over 1 MiB (`body-too-large`) | 413 | the module refuses larger inputs anyway; refused before reading it |
//! | body not arrived within `--read-timeout-ms` (`body-timeout`) | 408 | a slow client must not hold a connection and a task |
//! | body unreadable (`body-unreadable`) | 400 | the HTTP framing broke |
//! | queue full (`overloaded`) or no instance within `--queue-timeout-ms` (`queue-timeout`) | 503, `Retry-After: 1` | load, not content: the same request will work later |
//! | shutting down, or no instance could be started (`host-error`) | 503 | the server, not the request; try again |
//! | the blocking task failed, or the chart could not be drawn | 500 | a fault in icce |
//! | one connection over `--max-connections` (`connections-refused`) | bare 503, `Retry-After: 1`, closed | answered before HTTP is parsed, so no problem body |
//! | a route with another method (`Allow` lists its own); static files: not GET or HEAD / nothing there | 405 / 404 | |

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use icce_host::answer::{Head, Outcome};
use serde_json::Value;

/// The HTTP status of an answer: the table in this module's doc.
pub(super) fn answer_status(head: &Head<'_>) -> StatusCode {
    if head.outcome() != Outcome::Unusable {
        return StatusCode::OK;
    }
    match head.first_code() {
        Some("INP-004") => StatusCode::NOT_FOUND,
        Some("HOST-001" | "HOST-004") => StatusCode::INTERNAL_SERVER_ERROR,
        Some("HOST-003") => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// An RFC 9457 problem document. The standard members come first; an unusable answer's own
/// members (operation, outcome, rule book, diagnostics) follow as extensions.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Problem<'a> {
    r#type: &'static str,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a Value>,
    #[serde(flatten)]
    answer: Option<AnswerMembers<'a>>,
}

/// An unusable answer's members, as they are in the answer (`null` for one it lacks).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct AnswerMembers<'a> {
    operation: &'a Value,
    outcome: &'a Value,
    rulebook: &'a Value,
    diagnostics: &'a Value,
    diagnostics_dropped: &'a Value,
}

impl<'a> AnswerMembers<'a> {
    /// The members of the answer `v`.
    fn of(v: &'a Value) -> Self {
        let at = |pointer: &str| v.pointer(pointer).unwrap_or(&Value::Null);
        AnswerMembers {
            operation: at("/operation"),
            outcome: at("/outcome"),
            rulebook: at("/rulebook"),
            diagnostics: at("/diagnostics"),
            diagnostics_dropped: at("/diagnosticsDropped"),
        }
    }
}

impl<'a> Problem<'a> {
    fn new(status: StatusCode, detail: &'a str) -> Self {
        Problem { r#type: "about:blank", title: status.canonical_reason().unwrap_or("Error"), status: status.as_u16(), detail, help: None, answer: None }
    }

    fn response(&self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(self).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

/// A problem with only the standard members.
pub(super) fn problem(status: StatusCode, detail: &str) -> Response {
    Problem::new(status, detail).response()
}

/// 503 with `Retry-After: 1`: the call was refused for load, not for its content.
pub(super) fn busy(detail: &str) -> Response {
    let mut r = problem(StatusCode::SERVICE_UNAVAILABLE, detail);
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

/// An unusable answer (read in full, as `v`) as a problem with the status [`answer_status`] gave
/// it: the first diagnostic's message as `detail`, the answer's members as extensions.
pub(super) fn unusable_problem(status: StatusCode, v: &Value) -> Response {
    let detail = v.pointer("/diagnostics/0/message").and_then(Value::as_str).unwrap_or("the input could not be used");
    Problem { answer: Some(AnswerMembers::of(v)), ..Problem::new(status, detail) }.response()
}

/// The 404 for an operation the module does not have: its message, and its list of operations
/// as `help`; nothing else of the answer (the operation named is the caller's text).
pub(super) fn unknown_operation(v: &Value) -> Response {
    let first = |key: &str| v.pointer(&format!("/diagnostics/0/{key}")).unwrap_or(&Value::Null);
    let detail = first("message").as_str().unwrap_or("there is no such operation");
    Problem { help: Some(first("help")), ..Problem::new(StatusCode::NOT_FOUND, detail) }.response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The members and their order, as clients have them: standard members, then `help` or the
    /// answer's own members.
    #[test]
    fn problem_documents_keep_their_members_in_order() {
        let v: Value = serde_json::json!({"operation": "x", "outcome": "unusable", "diagnostics": [{"code": "INP-001", "help": "h"}]});
        let unusable = Problem { answer: Some(AnswerMembers::of(&v)), ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "d") };
        assert_eq!(
            serde_json::to_string(&unusable).ok().as_deref(),
            Some(concat!(
                r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"d","#,
                r#""operation":"x","outcome":"unusable","rulebook":null,"diagnostics":[{"code":"INP-001","help":"h"}],"diagnosticsDropped":null}"#
            ))
        );
        let help = Problem { help: v.pointer("/diagnostics/0/help"), ..Problem::new(StatusCode::NOT_FOUND, "n") };
        assert_eq!(
            serde_json::to_string(&help).ok().as_deref(),
            Some(r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"n","help":"h"}"#)
        );
        assert_eq!(
            serde_json::to_string(&Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "big")).ok().as_deref(),
            Some(r#"{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"big"}"#)
        );
    }
}
