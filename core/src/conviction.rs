//! The conviction model, after ECRIS `ConvictionType`, `OffenceType` and `SanctionType`
//! (`docs/domain/ecris-message-model.md`), with its checks and its ECRIS XML. A floor: notifications
//! out send a UK conviction, and replies to requests in send the convictions found.
//!
//! Codes follow the ECRIS formats, which are always checked: offence category `NNNN NN` (Annex A),
//! penalty category 4–5 digits (Annex B). A well-formed code that the bundled (partial) tables do not
//! list gets a warning that the table is incomplete, never an error, and no code or name is
//! invented. Where ECRIS needs a reference the UK data cannot give (the nature of a sanction, say),
//! the schema's own default is sent (`N-00-Z`, `S-00-012000`, `O-00-270000`).

use serde::{Deserialize, Serialize};
use crate::decode::{decode_names, decode_struct};

use crate::date::{Date, PartialDate};
use crate::diag::{Code, Diagnostic};
use crate::ecris::ids::{OffenceReference, is_decision_change_code, is_offence_code};
use crate::ecris::{CountryRef, Xml};
use crate::rulebook;
use crate::text::{self, shorten};

/// A conviction as the UK records it, for a notification.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConvictionInput {
    /// The court (or other body) that convicted (Schedule 1 para 14).
    pub court: Option<Court>,
    /// Date of conviction, `YYYY-MM-DD` (Schedule 1 para 13).
    pub decision_date: Option<String>,
    /// Date the decision became final; the decision date when absent.
    pub final_date: Option<String>,
    /// Reference number of the conviction, if recorded (Schedule 1 para 15).
    pub reference: Option<String>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub offences: Vec<OffenceInput>,
    #[serde(default, deserialize_with = "crate::strict::at_most::<50, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub sanctions: Vec<SanctionInput>,
    /// ECRIS decision-change references (`DCH-nn-X`) of the decision, such as `DCH-00-R`
    /// (rehabilitation): sent as `DecisionChangeTypeReference`. The format is always checked; a
    /// well-formed code missing from the bundled table (partial, translated) is a warning.
    #[serde(default, deserialize_with = "crate::strict::at_most::<20, _, _>")]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub decision_changes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Court {
    pub name: String,
    pub code: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Completion {
    /// `C`: completed act.
    Completed,
    /// `A`: attempt or preparation.
    Attempt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Participation {
    /// `M`: perpetrator.
    Perpetrator,
    /// `H`: aider and abettor, instigator or organiser, conspirator.
    Accessory,
}

impl Completion {
    pub fn key(self) -> &'static str {
        match self {
            Completion::Completed => "completed",
            Completion::Attempt => "attempt",
        }
    }
}

impl Participation {
    pub fn key(self) -> &'static str {
        match self {
            Participation::Perpetrator => "perpetrator",
            Participation::Accessory => "accessory",
        }
    }
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OffenceInput {
    /// ECRIS Annex A category, `NNNN NN`, when known.
    pub category: Option<String>,
    /// The UK offence code (for example the CJS code).
    pub national_code: Option<String>,
    /// The offence as the UK names it (Schedule 1 para 16).
    pub title: Option<String>,
    pub legal_provisions: Option<String>,
    /// Date of the offence, or the first day of a period (Schedule 1 para 17); partial allowed.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// Place of the offence, if recorded (Schedule 1 para 18).
    pub place: Option<OffencePlace>,
    pub occurrences: Option<u16>,
    pub completion: Option<Completion>,
    pub participation: Option<Participation>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OffencePlace {
    pub town: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SanctionInput {
    /// ECRIS Annex B category, 4 or 5 digits, when known.
    pub category: Option<String>,
    /// The sentence or order as the UK names it (Schedule 1 paras 19, 20).
    pub title: Option<String>,
    /// Length, as an ISO 8601 duration (`P2Y6M`, `P120D`, `PT0S` not allowed).
    pub duration: Option<String>,
    pub fine: Option<Fine>,
    /// The sentence is suspended.
    #[serde(default)]
    pub suspended: bool,
    /// A penalty or measure specific to minors (Annex B parameter "s").
    #[serde(default)]
    pub specific_to_minors: bool,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fine {
    /// The amount, as a decimal string such as `250.00`.
    pub amount: String,
    /// ISO 4217 currency code.
    pub currency: String,
}

/// A checked conviction, ready to render.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Conviction {
    /// `GB-C-000000000000123`, from the injected sequence.
    pub conviction_id: Option<String>,
    pub convicting_country: &'static str,
    pub file_number: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(serialize_with = "ser_date")]
    pub decision_date: Option<Date>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(serialize_with = "ser_date")]
    pub final_date: Option<Date>,
    pub court_name: Option<String>,
    pub court_code: Option<String>,
    pub offences: Vec<Offence>,
    pub sanctions: Vec<Sanction>,
    /// The decision's change types (`DecisionChangeTypeReference`), well-formed ones only.
    pub decision_changes: Vec<DecisionChange>,
}

/// An ECRIS decision-change type (`DCH-nn-X`) and its name in the bundled table, when it is there.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DecisionChange {
    pub code: String,
    /// Translated from a Bulgarian label (tables/ecris-decision-change-codes.tsv), not an official
    /// ECRIS label; `None` when the bundled table lacks the code.
    pub name: Option<&'static str>,
}

/// Check decision-change references: the format always (an error), the bundled table (a warning
/// that it is incomplete, never an error). Returns the well-formed ones, in order.
pub fn check_decision_changes(codes: &[String], base: &str, push: &mut dyn FnMut(Diagnostic)) -> Vec<DecisionChange> {
    let mut out = Vec::new();
    for (i, raw) in codes.iter().enumerate() {
        let code = raw.trim();
        let pointer = format!("{base}/{i}");
        if !is_decision_change_code(code) {
            push(Diagnostic::new(
                Code::DecisionChangeMalformed,
                pointer,
                format!("`{}` is not an ECRIS decision-change reference", shorten(raw)),
                "a decision-change reference is DCH-, two digits, - and one capital letter, for example DCH-00-R",
            ));
            continue;
        }
        let name = rulebook::decision_change(code);
        if name.is_none() {
            push(Diagnostic::new(
                Code::DecisionChangeNotInTable,
                pointer,
                format!("`{code}` is well formed but not in icce's bundled decision-change table, which is incomplete"),
                "look the code up in the official ECRIS reference tables",
            ));
        }
        out.push(DecisionChange { code: code.to_owned(), name });
    }
    out
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Offence {
    pub offence_id: String,
    /// `O-00-NNNNNN`, or the schema's default `O-00-270000` when no category is known.
    pub category_reference: String,
    /// The category's name in the bundled table, when it is there.
    pub category_name: Option<&'static str>,
    pub national_code: Option<String>,
    pub title: Option<String>,
    pub legal_provisions: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(serialize_with = "ser_partial")]
    pub start_date: Option<PartialDate>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(serialize_with = "ser_partial")]
    pub end_date: Option<PartialDate>,
    pub place_town: Option<String>,
    pub place_country: Option<CountryRef>,
    pub occurrences: Option<u16>,
    pub completion: Option<Completion>,
    pub participation: Option<Participation>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Sanction {
    pub sanction_id: String,
    /// `S-00-NNNNNN`, or the schema's default `S-00-012000` when no category is known.
    pub category_reference: String,
    pub title: Option<String>,
    pub duration: Option<String>,
    pub fine_amount: Option<String>,
    pub fine_currency: Option<String>,
    pub suspended: bool,
    pub specific_to_minors: bool,
}

fn ser_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

fn ser_partial<S: serde::Serializer>(d: &Option<PartialDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// `P1Y2M3D`, `P6M`, `P120D`, `P2W`, with optional time part; not `P` alone.
pub fn is_iso_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    if rest.is_empty() {
        return false;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let units_ok = |part: &str, units: &str| -> bool {
        let mut num = false;
        let mut last_unit: Option<usize> = None;
        for c in part.chars() {
            if c.is_ascii_digit() {
                num = true;
            } else if let Some(pos) = units.find(c) {
                if !num || last_unit.is_some_and(|l| pos <= l) {
                    return false;
                }
                last_unit = Some(pos);
                num = false;
            } else {
                return false;
            }
        }
        !num
    };
    units_ok(date, "YMWD") && time.is_none_or(|t| !t.is_empty() && units_ok(t, "HMS"))
}

/// `P2Y6M` → "2 years 6 months", for people; the ISO form stays in the data.
pub fn duration_in_words(d: &str) -> String {
    let mut out = Vec::new();
    let mut num = String::new();
    let mut in_time = false;
    for c in d.chars().skip(1) {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            unit => {
                let word = match (unit, in_time) {
                    ('Y', _) => "year",
                    ('M', false) => "month",
                    ('W', _) => "week",
                    ('D', _) => "day",
                    ('H', _) => "hour",
                    ('M', true) => "minute",
                    _ => "second",
                };
                let plural = if num == "1" { "" } else { "s" };
                out.push(format!("{num} {word}{plural}"));
                num.clear();
            }
        }
    }
    out.join(" ")
}

fn is_decimal_amount(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    !int.is_empty()
        && int.len() <= 12
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_digit() && c != '0')
}

/// Check a conviction and build its ECRIS form. `base` is the JSON Pointer of the input.
///
/// The free texts are checked first (court, reference, then each offence's and each sentence's
/// texts), then the dates, then each offence and each sentence in turn, then the decision changes.
pub fn check(
    c: &ConvictionInput,
    base: &str,
    conviction_id: Option<String>,
    today: Option<Date>,
    push: &mut dyn FnMut(Diagnostic),
) -> Conviction {
    let texts = texts(c, base, push);
    let date = |push: &mut dyn FnMut(Diagnostic), v: Option<&String>, pointer: String, label: &str| full_date(v, pointer, label, today, push);
    let decision_date = date(push, c.decision_date.as_ref(), format!("{base}/decisionDate"), "the date of conviction");
    let final_date = date(push, c.final_date.as_ref(), format!("{base}/finalDate"), "the date the decision became final");
    if let (Some(d), Some(f)) = (decision_date, final_date)
        && f < d
    {
        push(Diagnostic::new(Code::ConvictionDatesOutOfOrder, format!("{base}/finalDate"), format!("the decision became final ({f}) before it was made ({d})"), "check both dates"));
    }
    let offences = c.offences.iter().zip(texts.offences).enumerate().map(|(i, (o, t))| offence(o, t, &format!("{base}/offences/{i}"), i, decision_date, push)).collect();
    let sanctions = c.sanctions.iter().zip(texts.sanction_titles).enumerate().map(|(i, (s, title))| sanction(s, title, &format!("{base}/sanctions/{i}"), i, push)).collect();
    let decision_changes = check_decision_changes(&c.decision_changes, &format!("{base}/decisionChanges"), push);
    Conviction {
        conviction_id,
        convicting_country: "GB",
        file_number: texts.file_number,
        decision_date,
        final_date: final_date.or(decision_date),
        court_name: texts.court_name,
        court_code: texts.court_code,
        offences,
        sanctions,
        decision_changes,
    }
}

/// A free text of a conviction: present, within the ECRIS length, one line of allowed characters.
fn text_field(v: Option<&String>, pointer: String, label: &str, max: usize, push: &mut dyn FnMut(Diagnostic)) -> Option<String> {
    let raw = v?;
    let Some(t) = text::clean(raw) else {
        push(Diagnostic::new(Code::EmptyValue, pointer, format!("{label} is empty"), "leave the field out, or fill it in"));
        return None;
    };
    if text::char_len(t) > max {
        push(Diagnostic::new(Code::TextTooLong, pointer, format!("{label} is longer than the {max} characters ECRIS allows"), "shorten it"));
        return None;
    }
    if let Some((pos, ch, why)) = text::first_forbidden(t) {
        push(Diagnostic::new(
            Code::TextInvalidCharacter,
            pointer,
            format!("{label} contains {why} ({}) at character {}", text::codepoint(ch), pos + 1),
            "remove it; ECRIS text cannot carry it",
        ));
        return None;
    }
    Some(t.to_owned())
}

/// A full date of the conviction, not after today.
fn full_date(v: Option<&String>, pointer: String, label: &str, today: Option<Date>, push: &mut dyn FnMut(Diagnostic)) -> Option<Date> {
    let raw = v?;
    match Date::parse(raw.trim()) {
        None => {
            push(Diagnostic::new(Code::DateInvalid, pointer, format!("{label} `{}` is not a full date", shorten(raw)), "write YYYY-MM-DD"));
            None
        }
        Some(d) if today.is_some_and(|t| d > t) => {
            push(Diagnostic::new(Code::ConvictionDateInFuture, pointer, format!("{label} {d} is after today"), "check the date"));
            None
        }
        Some(d) => Some(d),
    }
}

/// The free texts of a conviction, checked.
struct Texts {
    court_name: Option<String>,
    court_code: Option<String>,
    file_number: Option<String>,
    offences: Vec<OffenceTexts>,
    sanction_titles: Vec<Option<String>>,
}

/// An offence's title, national code, legal provisions and town.
struct OffenceTexts {
    title: Option<String>,
    national_code: Option<String>,
    legal_provisions: Option<String>,
    place_town: Option<String>,
}

fn texts(c: &ConvictionInput, base: &str, push: &mut dyn FnMut(Diagnostic)) -> Texts {
    let court_name = c.court.as_ref().and_then(|ct| text_field(Some(&ct.name), format!("{base}/court/name"), "the court", 400, push));
    let court_code = c.court.as_ref().and_then(|ct| text_field(ct.code.as_ref(), format!("{base}/court/code"), "the court code", 50, push));
    let file_number = text_field(c.reference.as_ref(), format!("{base}/reference"), "the conviction reference", 50, push);
    let offences = c
        .offences
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let p = format!("{base}/offences/{i}");
            OffenceTexts {
                title: text_field(o.title.as_ref(), format!("{p}/title"), "the offence title", 400, push),
                national_code: text_field(o.national_code.as_ref(), format!("{p}/nationalCode"), "the national offence code", 50, push),
                legal_provisions: text_field(o.legal_provisions.as_ref(), format!("{p}/legalProvisions"), "the legal provisions", 400, push),
                place_town: o.place.as_ref().and_then(|pl| text_field(pl.town.as_ref(), format!("{p}/place/town"), "the place of the offence", 200, push)),
            }
        })
        .collect();
    let sanction_titles = c
        .sanctions
        .iter()
        .enumerate()
        .map(|(i, s)| text_field(s.title.as_ref(), format!("{base}/sanctions/{i}/title"), "the sentence or order", 400, push))
        .collect();
    Texts { court_name, court_code, file_number, offences, sanction_titles }
}

/// One offence: its Annex A category (the schema's default `O-00-270000` when none is known),
/// dates, occurrences, place and levels.
fn offence(o: &OffenceInput, t: OffenceTexts, p: &str, i: usize, decision_date: Option<Date>, push: &mut dyn FnMut(Diagnostic)) -> Offence {
    let (category_reference, category_name) = match o.category.as_deref().map(str::trim) {
        None => {
            push(Diagnostic::new(
                Code::OffenceCategoryDefaulted,
                format!("{p}/category"),
                "the offence has no ECRIS category: the message carries the schema's default O-00-270000 (other offences)",
                "give the Annex A category (for example `0401 00`) if it is known; the receiving register classifies the offence by it",
            ));
            ("O-00-270000".to_owned(), None)
        }
        Some(code) if is_offence_code(code) => {
            let name = rulebook::offence_category(code).map(|(n, _)| n).filter(|n| !n.is_empty());
            if rulebook::offence_category(code).is_none() {
                push(Diagnostic::new(
                    Code::OffenceCodeNotInTable,
                    format!("{p}/category"),
                    format!("`{code}` is well formed but not in icce's bundled offence table, which is incomplete"),
                    "the code is sent as given; check it against the official ECRIS Annex A",
                ));
            }
            (OffenceReference::format(code), name)
        }
        Some(code) => {
            push(Diagnostic::new(Code::OffenceCodeMalformed, format!("{p}/category"), format!("`{}` is not an ECRIS offence category code", shorten(code)), "write four digits, a space and two digits, for example `0401 00`"));
            ("O-00-270000".to_owned(), None)
        }
    };
    let partial = |push: &mut dyn FnMut(Diagnostic), v: Option<&String>, leaf: &str, label: &str| {
        v.and_then(|s| {
            let d = PartialDate::parse(s.trim());
            if d.is_none() {
                push(Diagnostic::new(Code::DateInvalid, format!("{p}/{leaf}"), format!("{label} `{}` is not a date", shorten(s)), "write YYYY-MM-DD, YYYY-MM or YYYY"));
            }
            d
        })
    };
    let start_date = partial(push, o.start_date.as_ref(), "startDate", "the date of the offence");
    let end_date = partial(push, o.end_date.as_ref(), "endDate", "the end of the offence period");
    if let (Some(s), Some(d)) = (start_date, decision_date)
        && s.range().0 > d
    {
        push(Diagnostic::new(Code::OffenceAfterConviction, format!("{p}/startDate"), format!("the offence ({s}) is dated after the conviction ({d})"), "check the dates"));
    }
    if o.occurrences.is_some_and(|n| n == 0 || n > 999) {
        push(Diagnostic::new(Code::NumberOutOfRange, format!("{p}/occurrences"), "ECRIS counts occurrences from 1 to 999", "give the number of times the offence was committed"));
    }
    let place_country = o.place.as_ref().and_then(|pl| pl.country.as_ref()).and_then(|cc| {
        let code = cc.trim();
        let found = rulebook::iso_country(code).map(CountryRef::current);
        if found.is_none() {
            push(Diagnostic::new(Code::CountryCodeUnknown, format!("{p}/place/country"), format!("`{}` is not an ISO 3166-1 alpha-2 country code", shorten(code)), "use the two-letter code, for example `GB`"));
        }
        found
    });
    let levels = [o.completion.map(Completion::key), o.participation.map(Participation::key)];
    for key in levels.into_iter().flatten() {
        if rulebook::offence_level(key).is_none() {
            push(Diagnostic::new(
                Code::LevelCodeNotInTable,
                format!("{p}/{}", if key == "attempt" { "completion" } else { "participation" }),
                format!("the ECRIS code for `{key}` is not in icce's table: it was never seen in a real message, and icce does not invent it"),
                "the level is left out of the ECRIS message (it is optional there); state it in the offence title or remarks",
            ));
        }
    }
    Offence {
        offence_id: format!("O-{:05}", i + 1),
        category_reference,
        category_name,
        national_code: t.national_code,
        title: t.title,
        legal_provisions: t.legal_provisions,
        start_date,
        end_date,
        place_town: t.place_town,
        place_country,
        occurrences: o.occurrences.filter(|n| (1..=999).contains(n)),
        completion: o.completion,
        participation: o.participation,
    }
}

/// One sentence or order: its Annex B category (the schema's default `S-00-012000` when none is
/// known), length and fine.
fn sanction(s: &SanctionInput, title: Option<String>, p: &str, i: usize, push: &mut dyn FnMut(Diagnostic)) -> Sanction {
    let category_reference = match s.category.as_deref().map(str::trim) {
        None => {
            push(Diagnostic::new(
                Code::SanctionCategoryDefaulted,
                format!("{p}/category"),
                "the sentence or order has no ECRIS category: the message carries the schema's default S-00-012000",
                "give the Annex B category (4 or 5 digits) if it is known; the receiving register classifies the sentence by it",
            ));
            "S-00-012000".to_owned()
        }
        Some(code) if (4..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) => {
            if !rulebook::PENALTY_CATEGORIES.iter().any(|(c, ..)| *c == code) {
                push(Diagnostic::new(
                    Code::PenaltyCodeNotInTable,
                    format!("{p}/category"),
                    format!("`{code}` is well formed but not in icce's bundled penalty table, which is incomplete"),
                    "the code is sent as given; check it against the official ECRIS Annex B",
                ));
            }
            format!("S-00-{code:0>6}")
        }
        Some(code) => {
            push(Diagnostic::new(Code::PenaltyCodeMalformed, format!("{p}/category"), format!("`{}` is not an ECRIS penalty category code", shorten(code)), "an Annex B code has 4 or 5 digits, for example `12000`"));
            "S-00-012000".to_owned()
        }
    };
    let duration = s.duration.as_ref().and_then(|d| {
        let d = d.trim();
        if is_iso_duration(d) {
            Some(d.to_owned())
        } else {
            push(Diagnostic::new(Code::DurationInvalid, format!("{p}/duration"), format!("`{}` is not an ISO 8601 duration", shorten(d)), "write for example P2Y6M (2 years 6 months) or P120D (120 days)"));
            None
        }
    });
    let (fine_amount, fine_currency) = match &s.fine {
        None => (None, None),
        Some(f) => {
            let amount_ok = is_decimal_amount(f.amount.trim());
            let currency_ok = rulebook::currency(f.currency.trim()).is_some();
            if !amount_ok {
                push(Diagnostic::new(Code::NumberOutOfRange, format!("{p}/fine/amount"), format!("`{}` is not an amount", shorten(&f.amount)), "write the amount with at most two decimals, for example 250.00"));
            }
            if !currency_ok {
                push(Diagnostic::new(Code::CurrencyUnknown, format!("{p}/fine/currency"), format!("`{}` is not an ISO 4217 currency code", shorten(&f.currency)), "use the three-letter code, for example GBP"));
            }
            (amount_ok.then(|| f.amount.trim().to_owned()), currency_ok.then(|| f.currency.trim().to_owned()))
        }
    };
    Sanction {
        sanction_id: format!("S-{:05}", i + 1),
        category_reference,
        title,
        duration,
        fine_amount,
        fine_currency,
        suspended: s.suspended,
        specific_to_minors: s.specific_to_minors,
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Write `dm:ConvictionType`; `None` when a mandatory element cannot be filled.
pub fn conviction_xml(x: &mut Xml, name: &str, c: &Conviction, delete: bool) -> Option<()> {
    x.open(name);
    x.leaf("dm:ConvictionID", c.conviction_id.as_deref()?);
    x.leaf("dm:ConvictionConvictingCountryReference", "CO-00-826-GBR");
    x.leaf("dm:ConvictionFileNumber", c.file_number.as_deref().unwrap_or("UNKNOWN"));
    let decision = c.decision_date?;
    x.leaf("dm:ConvictionDecisionDate", &decision.to_string());
    x.leaf("dm:ConvictionDecisionFinalDate", &c.final_date.unwrap_or(decision).to_string());
    x.open("dm:ConvictionDecidingAuthority");
    x.opt_leaf("dm:DecidingAuthorityCode", c.court_code.as_deref());
    x.english("dm:DecidingAuthorityName", c.court_name.as_deref()?);
    x.close("dm:ConvictionDecidingAuthority");
    x.leaf("dm:ConvictionNonCriminalRuling", "No");
    x.leaf("dm:ConvictionIsTransmittable", "UNKNOWN");
    x.open("dm:ConvictionDecision");
    x.leaf("dm:DecisionID", "D-00001");
    for d in &c.decision_changes {
        x.leaf("dm:DecisionChangeTypeReference", &d.code);
    }
    x.leaf("dm:DecisionDate", &decision.to_string());
    x.leaf("dm:DecisionDeleteConvictionFromRegister", yes_no(delete));
    x.close("dm:ConvictionDecision");
    for o in &c.offences {
        x.open("dm:ConvictionOffence");
        x.opt_leaf("dm:NationalCategoryCode", o.national_code.as_deref());
        x.english("dm:NationalCategoryTitle", o.title.as_deref()?);
        x.leaf("dm:OffenceID", &o.offence_id);
        x.leaf("dm:OffenceCommonCategoryReference", &o.category_reference);
        x.leaf("dm:OffenceApplicableLegalProvisions", o.legal_provisions.as_deref().unwrap_or("UNKNOWN"));
        if let Some(d) = o.start_date {
            x.date("dm:OffenceStartDate", d);
        }
        if let Some(d) = o.end_date {
            x.date("dm:OffenceEndDate", d);
        }
        if o.place_town.is_some() || o.place_country.is_some() {
            x.open("dm:OffencePlace");
            x.leaf("dm:PlaceCountryReference", o.place_country.as_ref().map_or(crate::ecris::UNKNOWN_COUNTRY, |c| c.ecris_reference.as_ref()));
            x.multilingual("dm:PlaceTownName", o.place_town.as_deref().unwrap_or("UNKNOWN"));
            x.close("dm:OffencePlace");
        }
        if let Some(n) = o.occurrences {
            x.leaf("dm:OffenceNumberOfOccurrences", &n.to_string());
        }
        x.leaf("dm:OffenceIsContinuous", if o.end_date.is_some() { "Yes" } else { "UNKNOWN" });
        // Optional in ECRIS: left out when the code for the level is not in the table.
        x.opt_leaf("dm:OffenceLevelOfCompletionReference", o.completion.and_then(|c| rulebook::offence_level(c.key())));
        x.opt_leaf("dm:OffenceLevelOfParticipationReference", o.participation.and_then(|p| rulebook::offence_level(p.key())));
        x.leaf("dm:OffenceResponsibilityExemption", "UNKNOWN");
        x.leaf("dm:OffenceRecidivism", "UNKNOWN");
        x.close("dm:ConvictionOffence");
    }
    for s in &c.sanctions {
        x.open("dm:ConvictionSanction");
        x.english("dm:NationalCategoryTitle", s.title.as_deref()?);
        x.leaf("dm:SanctionID", &s.sanction_id);
        x.leaf("dm:SanctionTypeReference", "N-00-Z");
        x.leaf("dm:SanctionCommonCategoryReference", &s.category_reference);
        x.leaf("dm:SanctionMultiplier", "1");
        x.leaf("dm:SanctionIsSpecificToMinor", yes_no(s.specific_to_minors));
        if let Some(d) = &s.duration {
            x.open("dm:SanctionSentencedPeriod");
            x.leaf("dm:PeriodDuration", d);
            x.leaf("dm:DurationExact", "Yes");
            x.close("dm:SanctionSentencedPeriod");
        }
        if let (Some(a), Some(cur)) = (&s.fine_amount, &s.fine_currency) {
            x.leaf("dm:SanctionNumberOfFines", "1");
            let (unit, fraction) = a.split_once('.').unwrap_or((a.as_str(), ""));
            x.open("dm:SanctionAmountOfIndividualFine");
            let unit = unit.trim_start_matches('0');
            x.leaf("commons:PositiveDecimalUnit", if unit.is_empty() { "0" } else { unit });
            // Hundredths: ".5" is 50, ".05" is 5; none for a whole amount.
            let hundredths: u32 = format!("{fraction:0<2}").parse().unwrap_or(0);
            if hundredths > 0 {
                x.leaf("commons:PositiveDecimalFraction", &hundredths.to_string());
            }
            x.close("dm:SanctionAmountOfIndividualFine");
            // Derived like the country references: CX-00-<numeric>-<alpha-3> (the official
            // ECRIS currency table was not found).
            let numeric = rulebook::currency(cur).map_or("999", |(n, _)| n);
            x.leaf("dm:SanctionCurrencyOfFineReference", &format!("CX-00-{numeric}-{cur}"));
        }
        if s.suspended {
            // The type of suspension is not recorded in the UK data: the schema's default.
            x.open("dm:SanctionSuspension");
            x.leaf("dm:SanctionSuspensionTypeReference", "S-00-Z");
            x.close("dm:SanctionSuspension");
        }
        x.close("dm:ConvictionSanction");
    }
    x.close(name);
    Some(())
}

// The decoder ([`crate::decode`]): each type as its derived `Deserialize` reads it.

decode_struct!(ConvictionInput {
    "court" => court: opt,
    "decisionDate" => decision_date: opt,
    "finalDate" => final_date: opt,
    "reference" => reference: opt,
    "offences" => offences: list 50,
    "sanctions" => sanctions: list 50,
    "decisionChanges" => decision_changes: list 20,
});

decode_struct!(Court { "name" => name: req, "code" => code: opt });

decode_names!(Completion { "completed" => Completed, "attempt" => Attempt });
decode_names!(Participation { "perpetrator" => Perpetrator, "accessory" => Accessory });

decode_struct!(OffenceInput {
    "category" => category: opt,
    "nationalCode" => national_code: opt,
    "title" => title: opt,
    "legalProvisions" => legal_provisions: opt,
    "startDate" => start_date: opt,
    "endDate" => end_date: opt,
    "place" => place: opt,
    "occurrences" => occurrences: opt,
    "completion" => completion: opt,
    "participation" => participation: opt,
});

decode_struct!(OffencePlace { "town" => town: opt, "country" => country: opt });

decode_struct!(SanctionInput {
    "category" => category: opt,
    "title" => title: opt,
    "duration" => duration: opt,
    "fine" => fine: opt,
    "suspended" => suspended: def,
    "specificToMinors" => specific_to_minors: def,
});

decode_struct!(Fine { "amount" => amount: req, "currency" => currency: req });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in ["P2Y6M", "P120D", "P2W", "P1Y2M3DT4H", "PT12H"] {
            assert!(is_iso_duration(ok), "{ok}");
        }
        for bad in ["P", "2Y", "P6M2Y", "PT", "P1.5Y", "P1Y2", "PxD"] {
            assert!(!is_iso_duration(bad), "{bad}");
        }
    }

    #[test]
    fn amounts() {
        for ok in ["250", "250.5", "250.50", "0.01"] {
            assert!(is_decimal_amount(ok), "{ok}");
        }
        for bad in ["", "0", "0.00", "-1", "1.005", "1,00", ".5"] {
            assert!(!is_decimal_amount(bad), "{bad}");
        }
    }
}
