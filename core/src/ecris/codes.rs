//! The reference codes a rendered ECRIS message carries, and which of them are not from a
//! sourced table: a schema's default, a reference icce derives, or a local placeholder. A "ready"
//! message can be sent as it is, so every such code is named in the answer
//! (`docs/domain/ecris-message-model.md#reference-codes`, `docs/domain/code-tables.md`).

use super::UNKNOWN_COUNTRY;
use super::ids::{OffenceReference, PenaltyReference};
use crate::json::JsonText;
use crate::rulebook;

/// Why a code is not from a sourced table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// The schema's own default, sent where the UK data has no value.
    SchemaDefault,
    /// A country reference derived from the ISO codes: the official ECRIS table was not found.
    DerivedCountry,
    /// A currency reference derived from the ISO codes: the official ECRIS table was not found.
    DerivedCurrency,
    /// A local placeholder (`tables/local-reference-codes.tsv`), not an official value.
    LocalPlaceholder,
    /// Well formed, but in no table icce has.
    NotInTable,
}

impl Why {
    /// Every reason, in its order (the order groups are said in).
    pub const ALL: [Why; 5] = [Why::SchemaDefault, Why::DerivedCountry, Why::DerivedCurrency, Why::LocalPlaceholder, Why::NotInTable];

    pub fn words(self) -> &'static str {
        match self {
            Why::SchemaDefault => "the schema's default, sent where the UK data has no value",
            Why::DerivedCountry => "country references derived as CO-00-<ISO numeric>-<ISO alpha-3>, the official ECRIS country table not being found",
            Why::DerivedCurrency => "currency references derived as CX-00-<ISO 4217 numeric>-<alpha-3>, the official ECRIS currency table not being found",
            Why::LocalPlaceholder => "a local placeholder (core/tables/local-reference-codes.tsv), not an official ECRIS value",
            Why::NotInTable => "in no table icce has",
        }
    }
}

/// The schema defaults icce may send.
const DEFAULTS: &[&str] = &[UNKNOWN_COUNTRY, "O-00-270000", "S-00-012000", "N-00-Z", "S-00-Z"];

/// How a reference code stands: `None` when it is from a sourced table.
pub fn classify(code: &str) -> Option<Why> {
    if DEFAULTS.contains(&code) {
        return Some(Why::SchemaDefault);
    }
    if code.starts_with("CO-") {
        return Some(Why::DerivedCountry);
    }
    if code.starts_with("CX-") {
        return Some(Why::DerivedCurrency);
    }
    if rulebook::LOCAL_REFERENCE_CODES.iter().any(|(_, _, c, _)| *c == code) {
        return Some(Why::LocalPlaceholder);
    }
    let sourced = if let Some(o) = OffenceReference::parse(code) {
        rulebook::offence_category(&o.code()).is_some()
    } else if let Some(p) = PenaltyReference::parse(code) {
        rulebook::PENALTY_CATEGORIES.iter().any(|(c, ..)| *c == p.code())
    } else {
        rulebook::ID_DOCUMENT_CATEGORIES.iter().any(|(c, ..)| *c == code)
            || rulebook::RESPONSE_CODES.iter().any(|(c, ..)| *c == code)
            || rulebook::OFFENCE_LEVELS.iter().any(|(c, ..)| *c == code)
            || rulebook::decision_change(code).is_some()
    };
    (!sourced).then_some(Why::NotInTable)
}

/// Every code of a message icce rendered that is not from a sourced table, once each, in the
/// order of first appearance. A reference code is the text of an element whose name ends in
/// `Reference` (`ECRISConvictionReference` holds a conviction id, not a code). The message is
/// icce's own XML (`super::xml`: no attributes on these elements, no comments or CDATA), so a
/// scan of the text finds them without parsing it again; the tests check every vector's XML with
/// a real parser. The scan reads the message in the form the answer carries it (a line end is
/// `\n` there), in which a code, having nothing JSON escapes, is written as it is.
pub fn not_from_a_table(xml: &JsonText) -> Vec<(String, Why)> {
    let xml = xml.as_json();
    let mut out: Vec<(String, Why)> = Vec::new();
    for (end, _) in xml.match_indices("Reference>") {
        let Some(open) = xml.get(..end).and_then(|before| before.rfind('<')) else { continue };
        let name = xml.get(open + 1..end).unwrap_or("");
        // A closing tag, or a name that is not one element name (`</…`, spaces, another tag).
        if name.starts_with('/') || name.contains(|c: char| c == '<' || c == '>' || c.is_whitespace()) || name.ends_with("ECRISConviction") {
            continue;
        }
        let rest = xml.get(end + "Reference>".len()..).unwrap_or("");
        let code = rest.get(..rest.find('<').unwrap_or(0)).unwrap_or("").trim();
        // An element with children (`…Reference>` then a line end, `\n`) holds no code of its own.
        if code.is_empty() || code.starts_with('\\') {
            continue;
        }
        if let Some(why) = classify(code)
            && !out.iter().any(|(c, _)| c == code)
        {
            out.push((code.to_owned(), why));
        }
    }
    out
}

/// The codes in words, grouped by why: "N-00-Z, S-00-012000: the schema's default, …; …", the
/// groups in the order of [`Why`], the codes of a group in the order given. Written into one
/// string (the check of every form change says it).
pub fn in_words<S: AsRef<str>>(codes: &[(S, Why)]) -> String {
    let mut out = String::with_capacity(256);
    write_in_words(&mut out, codes);
    out
}

/// [`in_words`], appended to `out` (after a message's fixed start, say).
pub fn write_in_words<S: AsRef<str>>(out: &mut String, codes: &[(S, Why)]) {
    let start = out.len();
    for why in Why::ALL {
        let mut group = codes.iter().filter(|(_, w)| *w == why).map(|(c, _)| c.as_ref());
        let Some(first) = group.next() else { continue };
        if out.len() > start {
            out.push_str("; ");
        }
        out.push_str(first);
        for code in group {
            out.push_str(", ");
            out.push_str(code);
        }
        out.push_str(": ");
        out.push_str(why.words());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        assert_eq!(classify("CO-00-616-POL"), Some(Why::DerivedCountry));
        assert_eq!(classify("CX-00-978-EUR"), Some(Why::DerivedCurrency));
        assert_eq!(classify(UNKNOWN_COUNTRY), Some(Why::SchemaDefault));
        assert_eq!(classify("S-00-012000"), Some(Why::SchemaDefault));
        assert_eq!(classify("P-99-000001"), Some(Why::LocalPlaceholder));
        assert_eq!(classify("NRT-00-00"), None);
        assert_eq!(classify("O-00-040100"), None);
        assert_eq!(classify("O-00-999999"), Some(Why::NotInTable));
        let xml = "<a>\n  <dm:PersonNationalityReference>CO-00-616-POL</dm:PersonNationalityReference>\n  <b><c>CO-00-826-GBR</c></b>\n  <msg:MessageDataUpdatedConvictionReference>\n    <msg:ECRISConvictionReference>PL-C-000000000000001</msg:ECRISConvictionReference>\n  </msg:MessageDataUpdatedConvictionReference>\n  <dm:PersonNationalityReference>CO-00-616-POL</dm:PersonNationalityReference>\n</a>";
        let mut text = JsonText::default();
        text.push_str(xml);
        assert_eq!(not_from_a_table(&text), vec![("CO-00-616-POL".to_owned(), Why::DerivedCountry)]);
    }

    #[test]
    fn codes_are_said_grouped_by_why_in_its_order() {
        let mut sorted = Why::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, Why::ALL, "ALL is in the enum's order");
        // A new reason fails to compile here until it is added to ALL.
        let listed = |w: Why| match w {
            Why::SchemaDefault | Why::DerivedCountry | Why::DerivedCurrency | Why::LocalPlaceholder | Why::NotInTable => Why::ALL.contains(&w),
        };
        assert!(Why::ALL.iter().all(|w| listed(*w)));
        let codes = [("P-99-1", Why::LocalPlaceholder), ("CO-1", Why::DerivedCountry), ("N-00-Z", Why::SchemaDefault), ("CO-2", Why::DerivedCountry)];
        let codes: Vec<(String, Why)> = codes.iter().map(|(c, w)| ((*c).to_owned(), *w)).collect();
        assert_eq!(
            in_words(&codes),
            format!("N-00-Z: {}; CO-1, CO-2: {}; P-99-1: {}", Why::SchemaDefault.words(), Why::DerivedCountry.words(), Why::LocalPlaceholder.words())
        );
        assert_eq!(in_words::<&str>(&[]), "");
        let mut after = String::from("start: ");
        write_in_words(&mut after, &codes);
        assert_eq!(after, format!("start: {}", in_words(&codes)));
    }
}
