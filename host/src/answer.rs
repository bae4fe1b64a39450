//! The head of an answer: its operation, its outcome and its diagnostic codes, read from the
//! module's JSON text. This is the one place the host reads them; the CLI's exit codes, the HTTP
//! statuses, the metrics labels and the stats chunker all decide from a [`Head`].
//!
//! Only the head is read, borrowing from the text where it can: an answer runs to kilobytes of
//! strings (messages, ECRIS XML, an email), and building it as a tree to learn one word would cost
//! more than the call. Everything the host does not decide from stays in the text.
//!
//! An answer whose head cannot be read (not JSON, or a head member of another type than the
//! module's contract gives it) has no head; its outcome is [`Outcome::Other`].

use std::borrow::Cow;

use serde::Deserialize;

/// The outcome of an answer, as the host tells them apart. The module names more kinds of answer
/// in the body (a reply's kind, a decision); at the top level its outcomes are these five.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every destination can be asked, or a message is ready to send.
    Ready,
    /// Something a destination needs is missing.
    Incomplete,
    /// Something is wrong and must be corrected.
    Invalid,
    /// The input (or the call, for a `HOST-00x` answer) could not be used at all.
    Unusable,
    /// A question answered (`listRules`, `showRules`).
    Ok,
    /// No outcome, or one this host does not know.
    Other,
}

impl Outcome {
    fn from_text(text: &str) -> Outcome {
        match text {
            "ready" => Outcome::Ready,
            "incomplete" => Outcome::Incomplete,
            "invalid" => Outcome::Invalid,
            "unusable" => Outcome::Unusable,
            "ok" => Outcome::Ok,
            _ => Outcome::Other,
        }
    }

    /// The outcome's name in answers; `other` for [`Outcome::Other`]. A small fixed set, so it is
    /// safe as a metrics label and a header value.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Ready => "ready",
            Outcome::Incomplete => "incomplete",
            Outcome::Invalid => "invalid",
            Outcome::Unusable => "unusable",
            Outcome::Ok => "ok",
            Outcome::Other => "other",
        }
    }
}

/// An answer's head, borrowed from its text.
#[derive(Debug, Default, Deserialize)]
pub struct Head<'a> {
    #[serde(borrow, default)]
    operation: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    outcome: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    diagnostics: Vec<Code<'a>>,
}

#[derive(Debug, Deserialize)]
struct Code<'a> {
    #[serde(borrow, default)]
    code: Option<Cow<'a, str>>,
}

/// Read the head of an answer (the module's JSON text). `None` when it cannot be read.
pub fn head(answer: &str) -> Option<Head<'_>> {
    serde_json::from_str(answer).ok()
}

/// The head an HTTP status is decided from (and `icce batch`'s count of outcomes). An answer of
/// the module starts `{"operation":"…","outcome":"…",`; when its outcome there is not
/// `unusable`, nothing further decides the status, so the rest (kilobytes of messages and XML)
/// is not read: that full read had been ~3 % of the server's time under wrk. Any other start (an escape in either string,
/// another order, an unusable answer, whose codes the status needs) is read in full by [`head`].
pub fn status_head(answer: &str) -> Option<Head<'_>> {
    leading(answer).filter(|(_, outcome)| *outcome != "unusable").map_or_else(
        || head(answer),
        |(operation, outcome)| Some(Head { operation: Some(Cow::Borrowed(operation)), outcome: Some(Cow::Borrowed(outcome)), diagnostics: Vec::new() }),
    )
}

/// The operation and outcome of an answer that starts `{"operation":"…","outcome":"…",`, each a
/// string with no escape; `None` for any other start.
fn leading(answer: &str) -> Option<(&str, &str)> {
    fn string<'a>(rest: &'a str, key: &str) -> Option<(&'a str, &'a str)> {
        let rest = rest.strip_prefix(key)?;
        let end = rest.find(['"', '\\'])?;
        let (text, after) = rest.split_at(end);
        Some((text, after.strip_prefix('"')?))
    }
    let (operation, rest) = string(answer, "{\"operation\":\"")?;
    let (outcome, rest) = string(rest, ",\"outcome\":\"")?;
    rest.starts_with(',').then_some((operation, outcome))
}

impl Head<'_> {
    /// The operation the answer names (`""` when it names none).
    pub fn operation(&self) -> &str {
        self.operation.as_deref().unwrap_or("")
    }

    /// The outcome, as the host tells them apart.
    pub fn outcome(&self) -> Outcome {
        self.outcome.as_deref().map_or(Outcome::Other, Outcome::from_text)
    }

    /// The outcome as the answer spells it, whatever it is; `None` when there is none.
    pub fn outcome_text(&self) -> Option<&str> {
        self.outcome.as_deref()
    }

    /// The code of the first diagnostic (an unusable answer has exactly one).
    pub fn first_code(&self) -> Option<&str> {
        self.diagnostics.first().and_then(|d| d.code.as_deref())
    }

    /// Every diagnostic code, in the answer's order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.diagnostics.iter().filter_map(|d| d.code.as_deref())
    }
}

/// The outcome of an answer's text: [`Outcome::Other`] when its head cannot be read.
pub fn outcome(answer: &str) -> Outcome {
    head(answer).map_or(Outcome::Other, |h| h.outcome())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_head_and_leaves_the_rest() {
        let text = r#"{"operation":"validateRequestOut","outcome":"unusable","rulebook":{"version":"x"},
            "diagnostics":[{"code":"INP-001","message":"not \"JSON\""},{"code":"REQ-1"}],"email":{"body":"…"}}"#;
        let h = head(text).unwrap_or_default();
        assert_eq!(h.operation(), "validateRequestOut");
        assert_eq!(h.outcome(), Outcome::Unusable);
        assert_eq!(h.first_code(), Some("INP-001"));
        assert_eq!(h.codes().collect::<Vec<_>>(), ["INP-001", "REQ-1"]);
    }

    #[test]
    fn an_unreadable_or_unknown_outcome_is_other() {
        assert_eq!(outcome("{"), Outcome::Other);
        assert_eq!(outcome("{}"), Outcome::Other);
        assert_eq!(outcome(r#"{"outcome":"recorded"}"#), Outcome::Other);
        assert_eq!(head(r#"{"outcome":"recorded"}"#).and_then(|h| h.outcome_text().map(str::to_owned)), Some("recorded".into()));
        assert_eq!(outcome(r#"{"outcome":"ok","diagnostics":[]}"#), Outcome::Ok);
        // An escaped string is read too (owned, not borrowed).
        assert_eq!(outcome(r#"{"outcome":"re\u0061dy"}"#), Outcome::Ready);
        for o in [Outcome::Ready, Outcome::Incomplete, Outcome::Invalid, Outcome::Unusable, Outcome::Ok] {
            assert_eq!(Outcome::from_text(o.label()), o);
        }
    }

    #[test]
    fn the_status_head_reads_the_start_and_the_whole_answer_when_it_must() {
        let ready = r#"{"operation":"validateRequestOut","outcome":"ready","rulebook":{},"diagnostics":[{"code":"REQ-1"}]}"#;
        let h = status_head(ready).unwrap_or_default();
        assert_eq!((h.operation(), h.outcome(), h.first_code()), ("validateRequestOut", Outcome::Ready, None));
        // Unusable: read in full, for the codes the status is decided from.
        let unusable = r#"{"operation":"x","outcome":"unusable","rulebook":{},"diagnostics":[{"code":"INP-004"}]}"#;
        assert_eq!(status_head(unusable).unwrap_or_default().first_code(), Some("INP-004"));
        // An escape, another order, a head with nothing after it: the full read decides.
        for text in [r#"{"operation":"a\"b","outcome":"ready","x":1}"#, r#"{"outcome":"ready","operation":"a","x":1}"#, r#"{"operation":"a","outcome":"re\u0061dy","x":1}"#] {
            assert_eq!(status_head(text).map(|h| h.outcome()), head(text).map(|h| h.outcome()), "{text}");
        }
        assert_eq!(status_head(r#"{"operation":"a","outcome":"ready"}"#).map(|h| h.outcome()), Some(Outcome::Ready));
        assert!(status_head(r#"{"operation":"a","outcome":"unusable""#).is_none());
        assert!(leading(r#"{"operation":"a","outcome":"ready"}"#).is_none());
    }
}
