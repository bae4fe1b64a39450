//! Answers as text for people. These read the module's JSON answers (`serde_json::Value`) and
//! never decide anything: the outcome, the statuses and the messages are the module's.

// `serde_json::Value`'s `Index` returns `Null` for a missing key or index; reads never panic.
#![expect(clippy::indexing_slicing, reason = "reads through serde_json::Value's Index, which never panic")]

use std::fmt::Write as _;

use serde_json::Value;

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn list(v: &Value) -> String {
    let items: Vec<&str> = v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if items.is_empty() { "-".to_owned() } else { items.join(", ") }
}

fn rulebook_line(answer: &Value) -> String {
    format!("rule book {} ({})", s(&answer["rulebook"]["version"]), s(&answer["rulebook"]["hash"]))
}

/// `CODE name: message (pointer)`, then the help line indented.
pub fn diagnostics(out: &mut String, answer: &Value) {
    let Some(list) = answer["diagnostics"].as_array() else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\ndiagnostics:");
    for d in list {
        let pointer = s(&d["pointer"]);
        let at = if pointer.is_empty() { String::new() } else { format!(" ({pointer})") };
        let _ = writeln!(out, "  {} {}: {}{at}", s(&d["code"]), s(&d["name"]), s(&d["message"]));
        if !s(&d["help"]).is_empty() {
            let _ = writeln!(out, "      help: {}", s(&d["help"]));
        }
    }
    if let Some(n) = answer["diagnosticsDropped"].as_u64().filter(|n| *n > 0) {
        let _ = writeln!(out, "  … and {n} more not listed");
    }
}

/// The `validateRequestOut` answer: outcome, destinations, diagnostics, the email.
pub fn validation(answer: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "outcome: {}", s(&answer["outcome"]));
    let _ = writeln!(out, "{}", rulebook_line(answer));
    if let Some(dests) = answer["destinations"].as_array().filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "\ndestinations:");
        for d in dests {
            // A destination on ECRIS has a message (with an id once the sequence fits); one on the
            // NCA's Interpol channel has `ncaRequest` and no ECRIS message, id or XML.
            let how = if d["ncaRequest"].is_object() {
                "  through the NCA (Interpol channels): no ECRIS message".to_owned()
            } else {
                let id = s(&d["message"]["messageId"]);
                if id.is_empty() { String::new() } else { format!("  message {id}") }
            };
            let _ = writeln!(out, "  {} {}: {}{how}", s(&d["country"]), s(&d["name"]), s(&d["status"]));
            if let Some(language) = d["translateTo"].as_str() {
                let _ = writeln!(out, "      request language: {language} (the free texts are in English)");
            }
            if d["missing"].as_array().is_some_and(|m| !m.is_empty()) {
                let _ = writeln!(out, "      missing: {}", list(&d["missing"]));
            }
            if d["recommendedMissing"].as_array().is_some_and(|m| !m.is_empty()) {
                let _ = writeln!(out, "      recommended, missing: {}", list(&d["recommendedMissing"]));
            }
        }
    }
    diagnostics(&mut out, answer);
    if answer["email"].is_object() {
        let e = &answer["email"];
        let _ = writeln!(out, "\nemail:\n  To: {}\n  Subject: {}\n", s(&e["to"]), s(&e["subject"]));
        for line in s(&e["body"]).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Any unusable answer (or one this module cannot render): outcome and diagnostics.
pub fn generic(answer: &Value) -> String {
    let mut out = format!("{}: outcome {}\n{}\n", s(&answer["operation"]), s(&answer["outcome"]), rulebook_line(answer));
    diagnostics(&mut out, answer);
    out
}

/// The `listRules` answer as a table.
pub fn rules_list(answer: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", rulebook_line(answer));
    let _ = writeln!(out, "every destination needs (ECRIS baseline): {}\n", list(&answer["baseline"]));
    let _ = writeln!(out, "{:<4} {:<28} {:<10} {:<14} needs beyond the baseline", "code", "country", "region", "channel");
    for c in answer["countries"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "{:<4} {:<28} {:<10} {:<14} required: {}; recommended: {}",
            s(&c["code"]),
            s(&c["name"]),
            s(&c["region"]),
            s(&c["channel"]),
            list(&c["required"]),
            list(&c["recommended"]),
        );
    }
    let _ = writeln!(out, "\n`icce rules show CODE` shows a country's rules with their sources");
    out
}

fn sources(out: &mut String, indent: &str, v: &Value) {
    for src in v.as_array().into_iter().flatten() {
        let weak = if src["weak"].as_bool() == Some(true) { " (weak source)" } else { "" };
        let _ = writeln!(out, "{indent}source: {} <{}>{weak}", s(&src["title"]), s(&src["url"]));
    }
}

/// The `showRules` answer: one country's requirements with levels, notes and sources.
pub fn rules_show(answer: &Value) -> String {
    let c = &answer["country"];
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}), rules from {}", s(&c["name"]), s(&c["code"]), s(&c["file"]));
    if s(&answer["asked"]) != s(&c["code"]) {
        let _ = writeln!(out, "asked for `{}`: it has no file of its own, so the default rules apply", s(&answer["asked"]));
    }
    let _ = writeln!(out, "{}", rulebook_line(answer));
    let _ = writeln!(out, "region: {}   channel: {}", s(&c["region"]), s(&c["channel"]));
    sources(&mut out, "  ", &c["channelSources"]);
    if let Some(a) = c["authority"].as_str() {
        let _ = writeln!(out, "authority: {a}");
        sources(&mut out, "  ", &c["authoritySources"]);
    }
    let _ = writeln!(out, "request language: {}", s(&c["requestLanguage"]));
    let d = &c["replyDeadline"];
    if let (Some(cp), Some(other)) = (d["criminalProceedingsWorkingDays"].as_u64(), d["otherPurposesWorkingDays"].as_u64()) {
        let _ = writeln!(
            out,
            "reply deadline: {cp} working days (criminal proceedings), {other} (other purposes); basis: {}",
            s(&d["basis"])
        );
    }
    let _ = writeln!(out, "every destination needs (ECRIS baseline): {}", list(&answer["baseline"]));
    if let Some(n) = c["noPublishedRequirements"].as_str() {
        let _ = writeln!(out, "no published requirements: {n}");
    }
    let reqs = c["requirements"].as_array().map(Vec::as_slice).unwrap_or_default();
    if reqs.is_empty() {
        let _ = writeln!(out, "\nrequirements beyond the baseline: none");
    } else {
        let _ = writeln!(out, "\nrequirements beyond the baseline:");
        for r in reqs {
            let _ = writeln!(
                out,
                "  {:<11} {} ({}), for {}  [{}]",
                s(&r["level"]),
                s(&r["label"]),
                s(&r["item"]),
                s(&r["appliesTo"]),
                s(&r["file"])
            );
            if !s(&r["note"]).is_empty() {
                let _ = writeln!(out, "              {}", s(&r["note"]));
            }
            sources(&mut out, "              ", &r["sources"]);
        }
    }
    if let Some(notes) = c["notes"].as_array().filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "\nnotes:");
        for n in notes {
            let _ = writeln!(out, "  - {}", s(n));
        }
    }
    out
}
