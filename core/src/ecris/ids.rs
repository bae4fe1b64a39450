//! ECRIS identifiers and reference codes: one strict parser each, after the patterns of the
//! official v1.0 schemas (`schemas/ecris-v1.0/`; `docs/domain/ecris-message-model.md#reference-codes`).
//!
//! | what | pattern (XSD) | parser |
//! | --- | --- | --- |
//! | message id | `[A-Z]{2}-[A-Z]{2}-(REQ\|RRS\|NOT\|…)-[0-9]{15}` (`BaseMessageIDType`) | [`MessageId::parse`] |
//! | conviction id | `[A-Z]{2}-C-[0-9]{15}` (`ConvictionIDType`) | [`ConvictionId::parse`] |
//! | country reference | `CO-[0-9]{2}-[0-9]{3}-[A-Z]{3}` (`CountryExternalReferenceType`) | [`CountryReference::parse`] |
//! | currency reference | `CX-[0-9]{2}-[0-9]{3}-[A-Z]{3}` (`CurrencyExternalReferenceType`) | [`CurrencyReference::parse`] |
//! | offence category code | `[0-9]{4} [0-9]{2}` (`OffenceCategoryCodeType`) | [`is_offence_code`] |
//! | offence category reference | `O-[0-9]{2}-[0-9]{6}` | [`OffenceReference::parse`] |
//! | penalty category reference | `S-[0-9]{2}-[0-9]{6}` | [`PenaltyReference::parse`] |
//! | decision-change reference | `DCH-[0-9]{2}-[A-Z]` | [`is_decision_change_code`] |
//!
//! Every parser takes the value as given (callers trim it first) and accepts exactly what the
//! pattern accepts: the same id is never read loosely in one process and strictly in another.

/// The largest sequence number the 15 digits of an ECRIS id hold.
pub const MAX_SEQUENCE: u64 = 999_999_999_999_999;

fn all(b: Option<&[u8]>, f: fn(&u8) -> bool) -> bool {
    b.is_some_and(|p| !p.is_empty() && p.iter().all(f))
}

/// A message id: sender, receiver, message type and sequence, `PL-GB-REQ-000000000000055`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageId<'a> {
    pub sender: &'a str,
    pub receiver: &'a str,
    pub kind: &'a str,
    pub sequence: u64,
}

impl<'a> MessageId<'a> {
    /// The message types `BaseMessageIDType` allows.
    pub const KINDS: [&'static str; 10] = ["REQ", "RDL", "RRS", "NOT", "NRS", "RAI", "RAR", "IAL", "CAN", "FEM"];

    pub fn parse(id: &'a str) -> Option<Self> {
        let b = id.as_bytes();
        let ok = b.len() == 25
            && all(b.get(..2), u8::is_ascii_uppercase)
            && b.get(2) == Some(&b'-')
            && all(b.get(3..5), u8::is_ascii_uppercase)
            && b.get(5) == Some(&b'-')
            && b.get(9) == Some(&b'-')
            && all(b.get(10..), u8::is_ascii_digit);
        let kind = id.get(6..9).filter(|k| Self::KINDS.contains(k))?;
        if !ok {
            return None;
        }
        Some(MessageId { sender: id.get(..2)?, receiver: id.get(3..5)?, kind, sequence: id.get(10..)?.parse().ok()? })
    }

    /// Write a message id; `None` when the sequence does not fit 15 digits.
    pub fn format(sender: &str, receiver: &str, kind: &str, sequence: u64) -> Option<String> {
        (sequence <= MAX_SEQUENCE).then(|| with_sequence(&[sender, "-", receiver, "-", kind, "-"], sequence))
    }
}

/// A conviction id: the convicting state and a sequence, `PL-C-000000000000042`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvictionId<'a> {
    pub country: &'a str,
    pub sequence: u64,
}

impl<'a> ConvictionId<'a> {
    pub fn parse(id: &'a str) -> Option<Self> {
        let b = id.as_bytes();
        let ok = b.len() == 20 && all(b.get(..2), u8::is_ascii_uppercase) && b.get(2..5) == Some(b"-C-") && all(b.get(5..), u8::is_ascii_digit);
        if !ok {
            return None;
        }
        Some(ConvictionId { country: id.get(..2)?, sequence: id.get(5..)?.parse().ok()? })
    }

    /// Write a conviction id; `None` when the sequence does not fit 15 digits.
    pub fn format(country: &str, sequence: u64) -> Option<String> {
        (sequence <= MAX_SEQUENCE).then(|| with_sequence(&[country, "-C-"], sequence))
    }
}

/// `parts`, then `sequence` in 15 digits with leading zeros (`format!`'s `{:015}` costs about ten
/// times as much; a message id is written for every destination of every request).
fn with_sequence(parts: &[&str], sequence: u64) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(sequence);
    let mut id = parts.concat();
    id.reserve(15);
    id.extend(std::iter::repeat_n('0', 15_usize.saturating_sub(digits.len())));
    id.push_str(digits);
    id
}

/// A country reference, `CO-00-616-POL`: a table number, the ISO numeric and alpha-3 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountryReference<'a> {
    pub numeric: &'a str,
    pub alpha3: &'a str,
}

impl<'a> CountryReference<'a> {
    pub fn parse(r: &'a str) -> Option<Self> {
        let (numeric, alpha3) = table_reference(r, b"CO-")?;
        Some(CountryReference { numeric, alpha3 })
    }
}

/// A currency reference, `CX-00-978-EUR`: a table number, the ISO 4217 numeric and alpha-3 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencyReference<'a> {
    pub numeric: &'a str,
    pub alpha3: &'a str,
}

impl<'a> CurrencyReference<'a> {
    pub fn parse(r: &'a str) -> Option<Self> {
        let (numeric, alpha3) = table_reference(r, b"CX-")?;
        Some(CurrencyReference { numeric, alpha3 })
    }
}

/// `PP-nn-nnn-AAA` with the prefix `PP-`: the numeric and alpha-3 parts, or `None`.
fn table_reference<'a>(r: &'a str, prefix: &[u8; 3]) -> Option<(&'a str, &'a str)> {
    let b = r.as_bytes();
    let ok = b.len() == 13
        && b.get(..3) == Some(prefix.as_slice())
        && all(b.get(3..5), u8::is_ascii_digit)
        && b.get(5) == Some(&b'-')
        && all(b.get(6..9), u8::is_ascii_digit)
        && b.get(9) == Some(&b'-')
        && all(b.get(10..), u8::is_ascii_uppercase);
    if ok { Some((r.get(6..9)?, r.get(10..)?)) } else { None }
}

/// `NNNN NN`: an offence category code of Annex A, as the UK input and the tables write it.
pub fn is_offence_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b.iter().enumerate().all(|(i, c)| if i == 4 { *c == b' ' } else { c.is_ascii_digit() })
}

/// `X-nn-nnnnnn` with the letter `X`: the six digits, or `None`.
fn category_digits(r: &str, letter: u8) -> Option<&str> {
    let b = r.as_bytes();
    let ok = b.len() == 11
        && b.first() == Some(&letter)
        && b.get(1) == Some(&b'-')
        && all(b.get(2..4), u8::is_ascii_digit)
        && b.get(4) == Some(&b'-')
        && all(b.get(5..), u8::is_ascii_digit);
    if ok { r.get(5..) } else { None }
}

/// An offence category reference, `O-00-040100`: the six digits of the Annex A code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffenceReference<'a> {
    pub digits: &'a str,
}

impl<'a> OffenceReference<'a> {
    pub fn parse(r: &'a str) -> Option<Self> {
        category_digits(r, b'O').map(|digits| OffenceReference { digits })
    }

    /// The Annex A code as the tables write it: `0401 00`.
    pub fn code(&self) -> String {
        format!("{} {}", self.digits.get(..4).unwrap_or(""), self.digits.get(4..).unwrap_or(""))
    }

    /// The reference of an Annex A code as the tables write it: `0401 00` is `O-00-040100`.
    pub fn format(code: &str) -> String {
        let mut r = String::with_capacity(5 + code.len());
        r.push_str("O-00-");
        r.extend(code.chars().filter(|c| *c != ' '));
        r
    }
}

/// A penalty category reference, `S-00-012000`: the Annex B code in six digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PenaltyReference<'a> {
    pub digits: &'a str,
}

impl<'a> PenaltyReference<'a> {
    pub fn parse(r: &'a str) -> Option<Self> {
        category_digits(r, b'S').map(|digits| PenaltyReference { digits })
    }

    /// The Annex B code as the tables write it: leading zeros dropped, at least four digits.
    pub fn code(&self) -> String {
        let code = self.digits.trim_start_matches('0');
        if code.len() < 4 { format!("{code:0>4}") } else { code.to_owned() }
    }
}

/// `DCH-nn-X` (X a capital letter): the format every decision-change reference must have.
pub fn is_decision_change_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b.get(..4) == Some(b"DCH-")
        && all(b.get(4..6), u8::is_ascii_digit)
        && b.get(6) == Some(&b'-')
        && b.get(7).is_some_and(u8::is_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids() {
        let m = MessageId::parse("PL-GB-REQ-000000000000055").unwrap();
        assert_eq!((m.sender, m.receiver, m.kind, m.sequence), ("PL", "GB", "REQ", 55));
        for bad in ["PL-GB-REQ-00000000000005", "pl-GB-REQ-000000000000055", "PL-GB-XXX-000000000000055", "PL-GB-REQ-00000000000005X", "PL_GB-REQ-000000000000055", ""] {
            assert!(MessageId::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(MessageId::format("GB", "PL", "NRS", 7).as_deref(), Some("GB-PL-NRS-000000000000007"));
        assert_eq!(MessageId::format("GB", "PL", "NRS", MAX_SEQUENCE + 1), None);
        // Every width of sequence, as `{:015}` writes it, and each id reads back.
        for seq in (0..16).map(|d| 10u64.pow(d) - 1).chain((0..15).map(|d| 10u64.pow(d))).chain([123_456_789_012_345]) {
            let id = MessageId::format("GB", "FR", "REQ", seq);
            assert_eq!(id.as_deref().map(|i| i.to_owned()), (seq <= MAX_SEQUENCE).then(|| format!("GB-FR-REQ-{seq:015}")), "{seq}");
            assert_eq!(id.as_deref().and_then(MessageId::parse).map(|m| m.sequence), (seq <= MAX_SEQUENCE).then_some(seq));
            let c = ConvictionId::format("PL", seq);
            assert_eq!(c.as_deref().and_then(ConvictionId::parse).map(|c| c.sequence), (seq <= MAX_SEQUENCE).then_some(seq));
        }
    }

    #[test]
    fn conviction_ids() {
        assert_eq!(ConvictionId::parse("PL-C-000000000000042"), Some(ConvictionId { country: "PL", sequence: 42 }));
        for bad in ["PL-C-00000000000004X", "PLC-000000000000042", "pl-C-000000000000042", "PL-C-0000000000000421"] {
            assert!(ConvictionId::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn references() {
        assert_eq!(CountryReference::parse("CO-00-616-POL"), Some(CountryReference { numeric: "616", alpha3: "POL" }));
        for bad in ["CO-0A-616-POL", "CO-00-616-pol", "CX-00-616-POL", "CO-00-616-POLX"] {
            assert!(CountryReference::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(CurrencyReference::parse("CX-00-978-EUR"), Some(CurrencyReference { numeric: "978", alpha3: "EUR" }));
        assert!(CurrencyReference::parse("CX-ab-978-EUR").is_none() && CurrencyReference::parse("CO-00-978-EUR").is_none());
        assert_eq!(OffenceReference::parse("O-00-040100").unwrap().code(), "0401 00");
        assert_eq!(OffenceReference::format("0401 00"), "O-00-040100");
        assert!(OffenceReference::parse("O-ab-040100").is_none());
        assert!(OffenceReference::parse("O-00X040100").is_none());
        assert_eq!(PenaltyReference::parse("S-00-012000").unwrap().code(), "12000");
        assert_eq!(PenaltyReference::parse("S-00-001001").unwrap().code(), "1001");
        assert_eq!(PenaltyReference::parse("S-00-000080").unwrap().code(), "0080");
        assert!(PenaltyReference::parse("S-0-0120000").is_none());
        assert!(is_offence_code("0401 00") && !is_offence_code("040100") && !is_offence_code("0401-00"));
        assert!(is_decision_change_code("DCH-00-R") && !is_decision_change_code("DCH-0A-R") && !is_decision_change_code("DCH-00-r"));
    }
}
