//! The missing-information email to the requesting officer.
//!
//! Plain English after the GOV.UK style: say what is needed, who needs it and why, and what to
//! do next; short lines, no jargon, no codes in the body. It carries the case reference but no
//! personal data about the detainee: the officer knows who the case is about, and an email can
//! travel further than it should. The same input gives the same bytes.

use std::borrow::Cow;

use serde::Serialize;

use super::Destination;
use crate::diag::{Diagnostic, Diagnostics, Kind, Outcome};
use crate::json::JsonText;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Email {
    /// The officer's address; `None` when the input gave no usable one.
    pub to: Option<String>,
    pub subject: String,
    /// Plain text, lines joined by `\n`.
    // Kept in the form the answer's JSON carries it (`JsonText`): written once, copied whole.
    pub body: JsonText,
}

pub struct EmailInput<'a> {
    pub outcome: Outcome,
    pub to: Option<&'a str>,
    pub officer_name: Option<&'a str>,
    pub case_reference: Option<&'a str>,
    pub custody_record: Option<String>,
    pub sender: &'a str,
    pub destinations: &'a [Destination<'a>],
    pub diagnostics: &'a Diagnostics,
}

/// `s` with its first character in capitals, appended.
fn capitalised(b: &mut JsonText, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let mut buffer = [0; 4];
        for c in first.to_uppercase() {
            b.push_str(c.encode_utf8(&mut buffer));
        }
        b.push_str(chars.as_str());
    }
}

/// `items` joined by `separator`, appended.
fn joined<S: AsRef<str>>(b: &mut JsonText, items: &[S], separator: &str) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            b.push_str(separator);
        }
        b.push_str(item.as_ref());
    }
}

fn country_names(d: &Diagnostic, destinations: &[Destination]) -> String {
    let names: Vec<&str> = d
        .countries
        .iter()
        .map(|c| destinations.iter().find(|x| &x.country == c).map_or(c.as_ref(), |x| x.name))
        .collect();
    names.join(", ")
}

/// What is missing, grouped by item: one entry per item, naming every country that needs it.
struct Need<'a> {
    what: &'a str,
    countries: Vec<Cow<'a, str>>,
    reasons: Vec<&'a Diagnostic>,
}

fn group<'a>(ds: impl Iterator<Item = &'a Diagnostic>, destinations: &[Destination]) -> Vec<Need<'a>> {
    let mut needs: Vec<Need<'a>> = Vec::new();
    for d in ds {
        let what: &'a str = match d.item {
            Some(key) => label_for_item(key),
            None => &d.message,
        };
        let country = if d.countries.is_empty() { Cow::Borrowed("every country") } else { Cow::Owned(country_names(d, destinations)) };
        if let Some(n) = needs.iter_mut().find(|n| n.what == what) {
            if !n.countries.contains(&country) {
                n.countries.push(country);
            }
            n.reasons.push(d);
        } else {
            needs.push(Need { what, countries: vec![country], reasons: vec![d] });
        }
    }
    needs
}

fn label_for_item(key: &'static str) -> &'static str {
    use crate::rulebook::Item;
    if let Some(item) = Item::ALL.iter().find(|i| i.key() == key) {
        return item.label();
    }
    match key {
        "forename" => "first name (all forenames)",
        "surname" => "surname",
        "sex" => "sex",
        "date-of-birth" => "date of birth",
        "town-of-birth" => "town of birth",
        "country-of-birth" => "country of birth",
        "nationality" => "nationality",
        other => other,
    }
}

/// One line of the body: the parts, then a line break (`writeln!` costs several times more, and
/// an email is written on every incomplete answer).
fn line(b: &mut JsonText, parts: &[&str]) {
    for p in parts {
        b.push_str(p);
    }
    b.push_escaped(r"\n");
}

/// A line break: the end of a line, or an empty line.
fn newline(b: &mut JsonText) {
    b.push_escaped(r"\n");
}

pub fn missing_information(input: &EmailInput<'_>) -> Email {
    let case = input.case_reference.unwrap_or("(no case reference given)");
    let subject = match input.outcome {
        Outcome::Invalid => ["Overseas conviction request ", case, ": some details need correcting"].concat(),
        _ => ["Overseas conviction request ", case, ": we need more information"].concat(),
    };
    let mut b = JsonText::with_capacity(2048);
    line(&mut b, &["Dear ", input.officer_name.unwrap_or("officer"), ","]);
    newline(&mut b);
    line(&mut b, &["We cannot send your request for overseas conviction information yet."]);
    newline(&mut b);
    line(&mut b, &["Case reference: ", case]);
    if let Some(c) = &input.custody_record {
        line(&mut b, &["Custody record: ", c]);
    }
    if !input.destinations.is_empty() {
        let names: Vec<&str> = input.destinations.iter().map(|d| d.name).collect();
        b.push_str("Countries we will ask: ");
        joined(&mut b, &names, ", ");
        newline(&mut b);
    }

    let mut number = itoa::Buffer::new();
    let missing = group(input.diagnostics.iter().filter(|d| d.kind == Kind::Missing), input.destinations);
    if !missing.is_empty() {
        newline(&mut b);
        line(&mut b, &["What we need from you"]);
        newline(&mut b);
        for (i, n) in missing.iter().enumerate() {
            b.push_str(number.format(i + 1));
            b.push_str(". ");
            capitalised(&mut b, n.what);
            newline(&mut b);
            b.push_str("   Needed for: ");
            joined(&mut b, &n.countries, "; ");
            newline(&mut b);
            for d in &n.reasons {
                line(&mut b, &["   Why: ", &d.help]);
                if let Some(rule) = &d.rule {
                    for s in rule.sources.iter() {
                        line(&mut b, &["   Source: ", s.title, " (", s.url, ")"]);
                    }
                }
            }
        }
    }

    let wrong: Vec<&Diagnostic> = input.diagnostics.iter().filter(|d| d.kind == Kind::Invalid).collect();
    if !wrong.is_empty() {
        newline(&mut b);
        line(&mut b, &["What needs correcting"]);
        newline(&mut b);
        for (i, d) in wrong.iter().enumerate() {
            b.push_str(number.format(i + 1));
            b.push_str(". ");
            capitalised(&mut b, &d.message);
            newline(&mut b);
            b.push_str("   ");
            capitalised(&mut b, &d.help);
            newline(&mut b);
        }
    }

    let helpful = group(
        input.diagnostics.iter().filter(|d| d.kind == Kind::Advice && d.item.is_some()),
        input.destinations,
    );
    if !helpful.is_empty() {
        newline(&mut b);
        line(&mut b, &["It would also help to have (not required)"]);
        newline(&mut b);
        for n in &helpful {
            b.push_str("- ");
            capitalised(&mut b, n.what);
            b.push_str(" (for ");
            joined(&mut b, &n.countries, "; ");
            line(&mut b, &[")"]);
        }
    }

    if input.diagnostics.dropped() > 0 {
        newline(&mut b);
        line(&mut b, &["There are ", number.format(input.diagnostics.dropped()), " more points than this email lists. Check the request in full."]);
    }
    newline(&mut b);
    line(&mut b, &["Reply to this email with the information, quoting case reference ", case, "."]);
    line(&mut b, &["If the person does not know something we ask for, say so: the request records it as not known, and the country is told."]);
    newline(&mut b);
    line(&mut b, &[input.sender]);
    Email { to: input.to.map(str::to_owned), subject, body: b }
}
