//! Checking input values: the one place where a name, a free text, a date, a country code, an
//! email address and the injected context (today, the timestamp, the sending authority) are judged,
//! for every process. Each check pushes its diagnostic (with the value's JSON Pointer) and returns
//! the cleaned value when it can be used.

use std::borrow::Cow;

use crate::date::{Date, PartialDate, is_time_of_day};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ecris::codes;
use crate::ecris::ids::MAX_SEQUENCE;
use crate::ecris::{self, CountryRef};
use crate::json::JsonText;
use crate::model::Context;
use crate::rulebook;
use crate::text::{self, shorten};

/// The injected world, as checked.
pub struct World<'i> {
    pub today: Option<Date>,
    /// The message timestamp: as given, or midnight of today.
    pub timestamp: Cow<'i, str>,
    pub contact: Option<ecris::Contact<'i>>,
}

/// Checks values and collects what is wrong with them. Every process checks its input through
/// one `Checker`, so that a name, a text, a date or a country code is judged the same way in
/// every answer.
pub struct Checker<'a> {
    pub d: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    pub fn new(d: &'a mut Diagnostics) -> Self {
        Checker { d }
    }

    /// The injected world, checked: today, the message timestamp and the sending authority's
    /// contact (its name is checked by the room that sends it).
    pub fn world<'i>(&mut self, ctx: &'i Context<'_>) -> World<'i> {
        let today = self.today(&ctx.today);
        let timestamp = self.timestamp(ctx.timestamp.as_deref(), today);
        let contact = self.contact(&ctx.sending_authority);
        World { today, timestamp, contact }
    }

    /// Whether the injected sequence leaves room for `count` consecutive 15-digit message ids.
    pub fn message_sequence(&mut self, seq: u64, count: usize) -> bool {
        let n = u64::try_from(count).unwrap_or(u64::MAX);
        let ok = seq.checked_add(n.saturating_sub(1)).is_some_and(|last| last <= MAX_SEQUENCE);
        if !ok {
            self.push(Diagnostic::new(
                Code::SequenceOutOfRange,
                "/context/messageSequence",
                format!("the message sequence {seq} does not leave room for {count} message ids of 15 digits"),
                "the calling system must supply a sequence below 10^15",
            ));
        }
        ok
    }

    /// Name every code of the rendered messages that is not from a sourced table (a schema
    /// default, a derived reference, a local placeholder), so that a ready answer hides none.
    pub fn codes_not_from_a_table<'x>(&mut self, xmls: impl Iterator<Item = &'x JsonText>, pointer: &str) {
        let mut all: Vec<(String, codes::Why)> = Vec::new();
        for xml in xmls {
            for (code, why) in codes::not_from_a_table(xml) {
                if !all.iter().any(|(c, _)| *c == code) {
                    all.push((code, why));
                }
            }
        }
        if !all.is_empty() {
            self.push(Diagnostic::new(
                Code::CodesNotFromATable,
                pointer.to_owned(),
                format!("the ECRIS message carries codes that are not from an official table: {}", codes::in_words(&all)),
                "where the UK knows the value a default stands for, give it; replace the derived and local codes with the official ECRIS tables when they are available",
            ));
        }
    }

    /// Today's date from the context; the engine reads no clock.
    pub fn today(&mut self, raw: &str) -> Option<Date> {
        let today = Date::parse(raw.trim());
        if today.is_none() {
            self.push(Diagnostic::new(
                Code::TodayInvalid,
                "/context/today",
                format!("`{}` is not a full date", shorten(raw)),
                "the calling system supplies today's date as YYYY-MM-DD",
            ));
        }
        today
    }

    /// The message timestamp from the context: a UTC time on `today`, or its midnight.
    pub fn timestamp<'v>(&mut self, raw: Option<&'v str>, today: Option<Date>) -> Cow<'v, str> {
        match (raw, today) {
            (Some(ts), Some(t)) => {
                let ok = ts.len() == 20
                    && ts.get(..10).is_some_and(|d| Date::parse(d) == Some(t) && d.len() == 10)
                    && ts.get(10..11) == Some("T")
                    && ts.get(19..) == Some("Z")
                    && is_time_of_day(ts.get(11..19).unwrap_or(""));
                if !ok {
                    self.push(Diagnostic::new(
                        Code::TimestampInvalid,
                        "/context/timestamp",
                        format!("`{}` is not a UTC timestamp on {t}", shorten(ts)),
                        "write YYYY-MM-DDThh:mm:ssZ, on the same day as `today`",
                    ));
                }
                Cow::Borrowed(ts)
            }
            (None, Some(t)) => Cow::Owned(format!("{t}T00:00:00Z")),
            (_, None) => Cow::Borrowed("1800-01-01T00:00:00Z"),
        }
    }

    /// The sending authority's contact for the ECRIS message, when it has a usable email.
    pub fn contact<'i>(&mut self, a: &'i crate::model::SendingAuthority<'_>) -> Option<ecris::Contact<'i>> {
        let phone = self.text(a.phone.as_deref(), "/context/sendingAuthority/phone", "the sending authority's phone", 30).map(Cow::Borrowed);
        match &a.email {
            Some(e) if !text::plausible_email(e.trim()) => {
                self.push(Diagnostic::new(
                    Code::EmailInvalid,
                    "/context/sendingAuthority/email",
                    format!("`{}` is not an email address", shorten(e)),
                    "give an address like name@example.police.uk",
                ));
                None
            }
            Some(e) => Some(ecris::Contact { email: Cow::Borrowed(e.trim()), phone }),
            None => None,
        }
    }

    pub fn push(&mut self, diag: Diagnostic) {
        self.d.push(diag);
    }

    /// Check a name part; returns the trimmed value when present and usable (borrowed from the
    /// value: the caller copies what it keeps).
    pub fn name<'v>(&mut self, value: Option<&'v str>, pointer: &str, label: &str) -> Option<&'v str> {
        let raw = value?;
        let Some(v) = text::clean(raw) else {
            self.push(Diagnostic::new(
                Code::EmptyValue,
                pointer.to_owned(),
                format!("{label} is empty"),
                "leave the field out when it is not known, or enter it",
            ));
            return None;
        };
        let len = text::char_len(v);
        let mut ok = true;
        if len > 200 {
            self.push(Diagnostic::new(
                Code::NameTooLong,
                pointer.to_owned(),
                format!("{label} has {len} characters; ECRIS allows 200"),
                "shorten it; put the name as written in full in `fullName` (up to 600 characters)",
            ));
            ok = false;
        }
        if let Some((pos, c, why)) = text::first_forbidden(v) {
            self.push(Diagnostic::new(
                Code::NameInvalidCharacter,
                pointer.to_owned(),
                format!("{label} contains {why} ({}) at character {}", text::codepoint(c), pos + 1),
                "names may be in any script, with accents and marks, but not control characters, direction overrides, markup or emoji; retype the name",
            ));
            ok = false;
        }
        if ok && text::mixes_scripts(v) {
            self.push(Diagnostic::new(
                Code::NameMixedScripts,
                pointer.to_owned(),
                format!("{label} mixes scripts within one word"),
                "check for a look-alike letter from another alphabet (for example Cyrillic `а` for Latin `a`)",
            ));
        }
        if ok && v.chars().any(|c| c.is_ascii_digit()) {
            self.push(Diagnostic::new(
                Code::NameHasDigits,
                pointer.to_owned(),
                format!("{label} contains a digit"),
                "check that the name was typed correctly",
            ));
        }
        ok.then_some(v)
    }

    /// Check a single-line free text with an ECRIS length limit; the trimmed value when usable.
    pub fn text<'v>(&mut self, value: Option<&'v str>, pointer: &str, label: &str, max: usize) -> Option<&'v str> {
        let raw = value?;
        let Some(v) = text::clean(raw) else {
            self.push(Diagnostic::new(Code::EmptyValue, pointer.to_owned(), format!("{label} is empty"), "leave the field out, or fill it in"));
            return None;
        };
        let mut ok = true;
        let len = text::char_len(v);
        if len > max {
            self.push(Diagnostic::new(
                Code::TextTooLong,
                pointer.to_owned(),
                format!("{label} has {len} characters; ECRIS allows {max}"),
                "shorten it",
            ));
            ok = false;
        }
        if let Some((pos, c, why)) = text::first_forbidden_multiline(v) {
            self.push(Diagnostic::new(
                Code::TextInvalidCharacter,
                pointer.to_owned(),
                format!("{label} contains {why} ({}) at character {}", text::codepoint(c), pos + 1),
                "remove it; ECRIS text cannot carry it",
            ));
            ok = false;
        }
        ok.then_some(v)
    }

    pub fn partial_date(&mut self, value: Option<&str>, pointer: &str, label: &str) -> Option<PartialDate> {
        let raw = value?;
        let parsed = PartialDate::parse(raw.trim());
        if parsed.is_none() {
            self.push(Diagnostic::new(
                Code::DateInvalid,
                pointer.to_owned(),
                format!("{label} `{}` is not a real date", shorten(raw)),
                "write YYYY-MM-DD, or YYYY-MM, or YYYY when only the year is known",
            ));
        }
        parsed
    }

    /// A nationality: a current country (ISO 3166-1 alpha-2), or a class of UK national
    /// (EUFRA 2020 s.6(1)) by its code in `tables/uk-national-classes.tsv`.
    pub fn nationality(&mut self, value: &str, pointer: &str) -> Option<CountryRef> {
        let code = value.trim();
        match (rulebook::uk_national(code), rulebook::iso_country("GB")) {
            (Some((code, class)), Some(uk)) => Some(CountryRef::uk_national(uk, code, class)),
            _ => self.country(value, pointer, "the nationality"),
        }
    }

    /// A current country (ISO 3166-1 alpha-2).
    pub fn country(&mut self, value: &str, pointer: &str, label: &str) -> Option<CountryRef> {
        let code = value.trim();
        if let Some(c) = rulebook::iso_country(code) {
            return Some(CountryRef::current(c));
        }
        let formers: Vec<String> =
            rulebook::former_countries_with_alpha2(code).map(|f| format!("{} ({})", f.alpha4, f.name)).collect();
        if !formers.is_empty() {
            self.push(Diagnostic::new(
                Code::FormerCountryNationality,
                pointer.to_owned(),
                format!("{label} `{}` is a former country: {}", shorten(code), formers.join(", ")),
                "give the current country of nationality; former countries are accepted only as a country of birth",
            ));
        } else if rulebook::former_country(code).is_some() {
            self.push(Diagnostic::new(
                Code::FormerCountryNationality,
                pointer.to_owned(),
                format!("{label} `{}` is a former country", shorten(code)),
                "give the current country of nationality; former countries are accepted only as a country of birth",
            ));
        } else {
            self.push(Diagnostic::new(
                Code::CountryCodeUnknown,
                pointer.to_owned(),
                format!("{label} `{}` is not an ISO 3166-1 alpha-2 country code", shorten(code)),
                "use the two-letter code, for example `PL` for Poland or `RO` for Romania",
            ));
        }
        None
    }

    /// A country of birth: current (alpha-2) or former (ISO 3166-3 alpha-4).
    pub fn birth_country(&mut self, value: &str, pointer: &str) -> Option<CountryRef> {
        let code = value.trim();
        if let Some(c) = rulebook::iso_country(code) {
            return Some(CountryRef::current(c));
        }
        if let Some(f) = rulebook::former_country(code) {
            self.push(Diagnostic::new(
                Code::PlaceOfBirthFormerCountry,
                pointer.to_owned(),
                format!("the country of birth is the former {} ({}, withdrawn {})", f.name, f.alpha4, f.withdrawn),
                "this is right for a person born there before it ceased to exist; the request carries the former country",
            ));
            return Some(CountryRef::former(f));
        }
        let formers: Vec<String> =
            rulebook::former_countries_with_alpha2(code).map(|f| format!("`{}` {}", f.alpha4, f.name)).collect();
        if formers.len() > 1 {
            self.push(Diagnostic::new(
                Code::CountryCodeAmbiguous,
                pointer.to_owned(),
                format!("`{}` has meant more than one former country: {}", shorten(code), formers.join(", ")),
                "use the four-letter ISO 3166-3 code of the country the person was born in",
            ));
        } else if let Some(one) = formers.first() {
            self.push(Diagnostic::new(
                Code::CountryCodeAmbiguous,
                pointer.to_owned(),
                format!("`{}` is a retired code ({one}); a two-letter code alone can be reused", shorten(code)),
                "use the four-letter ISO 3166-3 code of the former country",
            ));
        } else {
            self.push(Diagnostic::new(
                Code::CountryCodeUnknown,
                pointer.to_owned(),
                format!("`{}` is not a country code", shorten(code)),
                "use the two-letter ISO 3166-1 code, or for a former country its four-letter ISO 3166-3 code (for example `YUCS` for Yugoslavia, `SUHH` for the USSR)",
            ));
        }
        None
    }
}

