//! UK identifiers and their check letters (`docs/domain/uk-identifiers.md`).
//!
//! The algorithms follow the Ministry of Justice's own validators:
//! - PNC ID and CRO number: `ministryofjustice/hmpps-person-record`, `PNCIdentifier.kt` and
//!   `CROIdentifier.kt`;
//! - arrest/summons number: `ministryofjustice/bichard7-next-tests`, `utils/asn.js`.
//!
//! All three use the 23-letter alphabet below (I, O and S are left out) and a remainder mod 23.

/// The check alphabet: index = remainder mod 23.
const CHECK_LETTERS: &[u8; 23] = b"ZABCDEFGHJKLMNPQRTUVWXY";

fn check_letter(digits: &str) -> Option<char> {
    // Up to 2 + 11 + 2 + 2 digits: fits a u128 with room to spare.
    if digits.is_empty() || digits.len() > 38 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u128 = digits.parse().ok()?;
    Some(check_of((n % 23) as u64))
}

#[derive(Debug, PartialEq, Eq)]
pub enum IdError {
    /// Not of the documented form; the string says what the form is.
    Malformed(&'static str),
    /// Well-formed, but the check letter is wrong; carries the expected letter.
    CheckLetter { expected: char },
    /// Well-formed, but the check letter cannot be computed (letters where digits are needed).
    NotVerifiable,
}

/// Validate a PNC ID: `YYYY/NNNNNNNA`, or the short form `YY/NNNNNNNA`; the slash is optional and
/// the serial may be shorter than 7 digits. Returns the canonical `YYYY/NNNNNNNA`.
///
/// A two-digit year is read in the century that makes it no later than `this_year`, as the MoJ
/// validator does with its clock; icce takes the year from the input's date of today instead.
pub fn pnc_id(input: &str, this_year: u16) -> Result<String, IdError> {
    pnc(input, this_year).map(|p| p.canonical())
}

/// A PNC ID that checks: its year in four digits, its serial and its check letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pnc {
    pub year: u16,
    pub serial: u32,
    pub check: char,
}

impl Pnc {
    /// `YYYY/NNNNNNNA`.
    pub fn canonical(&self) -> String {
        format!("{:04}/{:07}{}", self.year, self.serial, self.check)
    }
}

/// [`pnc_id`] without writing the canonical form: what a check needs, with no allocation.
pub fn pnc(input: &str, this_year: u16) -> Result<Pnc, IdError> {
    const FORM: &str = "YYYY/NNNNNNNA: a 4-digit (or 2-digit) year, a slash, up to 7 digits and a check letter";
    let malformed = || IdError::Malformed(FORM);
    let s = input.trim();
    // The longest PNC ID is 13 bytes (a 4-digit year, a slash, 7 digits, a letter).
    if s.len() > 13 || s.bytes().filter(|&b| b == b'/').count() > 1 {
        return Err(malformed());
    }
    let mut buf = [0u8; 13];
    let mut n = 0;
    for b in s.bytes().filter(|&b| b != b'/') {
        if let Some(slot) = buf.get_mut(n) {
            *slot = b;
        }
        n += 1;
    }
    let compact = buf.get(..n).unwrap_or_default();
    let Some((&letter, body)) = compact.split_last() else {
        return Err(malformed());
    };
    if !letter.is_ascii_alphabetic() || !body.iter().all(u8::is_ascii_digit) {
        return Err(malformed());
    }
    let check = char::from(letter.to_ascii_uppercase());
    // With a slash, it separates the year (2 or 4 digits) from the serial. Without one, the MoJ
    // rule applies: fewer than 10 characters is the short (2-digit year) form.
    let (year_part, serial) = match s.find('/') {
        Some(slash) => (body.get(..slash).unwrap_or_default(), body.get(slash..).unwrap_or_default()),
        None if n < 10 => (body.get(..2).unwrap_or_default(), body.get(2..).unwrap_or_default()),
        None => (body.get(..4).unwrap_or_default(), body.get(4..).unwrap_or_default()),
    };
    // Digits only by now, and at most 7 of them where they are read.
    let number = |d: &[u8]| d.iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
    let year = match year_part.len() {
        2 => {
            let yy = number(year_part) as u16;
            let base = this_year - this_year % 100;
            let century = if yy <= this_year % 100 { base } else { base.saturating_sub(100) };
            century + yy
        }
        4 => number(year_part) as u16,
        _ => return Err(malformed()),
    };
    if serial.is_empty() || serial.len() > 7 {
        return Err(malformed());
    }
    let serial = number(serial);
    // The check is over the two-digit year and the serial padded to 7 digits, as one number.
    let expected = check_of(u64::from(year % 100) * 10_000_000 + u64::from(serial));
    if expected != check {
        return Err(IdError::CheckLetter { expected });
    }
    Ok(Pnc { year, serial, check })
}

/// The check letter of a number: the alphabet's letter at its remainder mod 23.
fn check_of(n: u64) -> char {
    CHECK_LETTERS.get((n % 23) as usize).map_or('?', |b| char::from(*b))
}

/// Validate a CRO number: `NNNNNN/YYA` (serial up to 6 digits) or `SFYY/NNNNNNA`.
/// Returns the canonical form (standard form zero-padded to 6 digits).
pub fn cro_number(input: &str) -> Result<String, IdError> {
    const FORM: &str = "NNNNNN/YYA (up to 6 digits, a slash, a 2-digit year and a check letter) or SFYY/NNNNNNA";
    let s = input.trim().to_ascii_uppercase();
    let Some(check) = s.chars().last().filter(char::is_ascii_uppercase) else {
        return Err(IdError::Malformed(FORM));
    };
    let body = s.get(..s.len() - 1).unwrap_or("");
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = body.strip_prefix("SF") {
        let (yy, serial) = rest.split_once('/').ok_or(IdError::Malformed(FORM))?;
        if yy.len() != 2 || !all_digits(yy) || !all_digits(serial) || serial.len() > 6 {
            return Err(IdError::Malformed(FORM));
        }
        // The MoJ validator uses the serial as written (not padded) for the SF form.
        let expected = check_letter(&format!("{yy}{serial}")).ok_or(IdError::Malformed(FORM))?;
        if expected != check {
            return Err(IdError::CheckLetter { expected });
        }
        return Ok(format!("SF{yy}/{serial}{check}"));
    }
    let (serial, yy) = body.split_once('/').ok_or(IdError::Malformed(FORM))?;
    if !all_digits(serial) || serial.len() > 6 || yy.len() != 2 || !all_digits(yy) {
        return Err(IdError::Malformed(FORM));
    }
    let serial6 = format!("{serial:0>6}");
    let expected = check_letter(&format!("{yy}{serial6}")).ok_or(IdError::Malformed(FORM))?;
    if expected != check {
        return Err(IdError::CheckLetter { expected });
    }
    Ok(format!("{serial6}/{yy}{check}"))
}

/// A parsed arrest/summons number.
#[derive(Debug, PartialEq, Eq)]
pub struct Asn {
    pub canonical: String,
    pub force: String,
}

/// What an arrest/summons number looks like, for the message that says it does not.
const ASN_FORM: &str = "YY, a 2-character force code, 2-character unit, 2-character system, an 11-digit sequence and a check letter (20 characters; slashes are ignored)";

/// Whether `b` (without slashes, in capitals) has the form of an arrest/summons number.
fn asn_form(b: &[u8]) -> bool {
    let alnum = |t: &[u8]| t.iter().all(u8::is_ascii_alphanumeric);
    let digits = |t: &[u8]| t.iter().all(u8::is_ascii_digit);
    b.len() == 20
        && b.get(0..2).is_some_and(digits)
        && b.get(2..8).is_some_and(alnum)
        && b.get(8..19).is_some_and(digits)
        && b.get(19).is_some_and(|c| c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'S'))
}

/// Validate an arrest/summons number: `YY` + force (2) + unit (2) + system (2) + an 11-digit
/// sequence + a check letter, 20 characters; slashes in the display form are ignored.
/// The check letter is `alphabet[int(force + system + YY + sequence) mod 23]`.
pub fn asn(input: &str) -> Result<Asn, (IdError, Option<String>)> {
    let mut s = String::with_capacity(20);
    s.extend(input.trim().chars().filter(|c| *c != '/').map(|c| c.to_ascii_uppercase()));
    let b = s.as_bytes();
    if !asn_form(b) {
        return Err((IdError::Malformed(ASN_FORM), None));
    }
    let force = s.get(2..4).unwrap_or("").to_owned();
    // force + system + YY + sequence, 17 ASCII bytes, on the stack.
    let mut key = [0u8; 17];
    for (to, from) in [(0..2, 2..4), (2..4, 6..8), (4..6, 0..2), (6..17, 8..19)] {
        if let (Some(to), Some(from)) = (key.get_mut(to), b.get(from)) {
            to.copy_from_slice(from);
        }
    }
    let check = b.get(19).map(|c| char::from(*c)).unwrap_or('?');
    let Some(expected) = std::str::from_utf8(&key).ok().and_then(check_letter) else {
        return Err((IdError::NotVerifiable, Some(force)));
    };
    if expected != check {
        return Err((IdError::CheckLetter { expected }, Some(force)));
    }
    Ok(Asn { canonical: s, force })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(prefix: &str, digits: &str) -> String {
        format!("{prefix}{}", check_letter(digits).unwrap_or('?'))
    }

    /// The first implementation, kept as the reference the allocation-free [`pnc`] must agree with.
    fn original_pnc_id(input: &str, this_year: u16) -> Result<String, IdError> {
        const FORM: &str = "YYYY/NNNNNNNA: a 4-digit (or 2-digit) year, a slash, up to 7 digits and a check letter";
        let s = input.trim().to_ascii_uppercase();
        let compact: String = s.chars().filter(|c| *c != '/').collect();
        if s.matches('/').count() > 1 {
            return Err(IdError::Malformed(FORM));
        }
        let Some(check) = compact.chars().last().filter(char::is_ascii_uppercase) else {
            return Err(IdError::Malformed(FORM));
        };
        let body = compact.get(..compact.len() - 1).unwrap_or("");
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Malformed(FORM));
        }
        // With a slash, it separates the year (2 or 4 digits) from the serial. Without one, the MoJ
        // rule applies: fewer than 10 characters is the short (2-digit year) form.
        let (year_part, serial) = match s.find('/') {
            Some(slash) => (body.get(..slash).unwrap_or(""), body.get(slash..).unwrap_or("")),
            None if compact.len() < 10 => (body.get(..2).unwrap_or(""), body.get(2..).unwrap_or("")),
            None => (body.get(..4).unwrap_or(""), body.get(4..).unwrap_or("")),
        };
        let year = match year_part.len() {
            2 => {
                let yy: u16 = year_part.parse().map_err(|_| IdError::Malformed(FORM))?;
                let base = this_year - this_year % 100;
                let century = if yy <= this_year % 100 { base } else { base.saturating_sub(100) };
                format!("{:04}", century + yy)
            }
            4 => year_part.to_owned(),
            _ => return Err(IdError::Malformed(FORM)),
        };
        if serial.is_empty() || serial.len() > 7 {
            return Err(IdError::Malformed(FORM));
        }
        let serial7 = format!("{serial:0>7}");
        let yy = year.get(2..).unwrap_or("");
        let expected = check_letter(&format!("{yy}{serial7}")).ok_or(IdError::Malformed(FORM))?;
        if expected != check {
            return Err(IdError::CheckLetter { expected });
        }
        Ok(format!("{year}/{serial7}{check}"))
    }

    /// [`pnc_id`] and the first implementation agree on every input of a large generated set:
    /// valid IDs in every form (2- and 4-digit years, with and without the slash, short serials,
    /// lower-case letters), each with its right and a wrong letter, and arbitrary strings over
    /// digits, slashes, letters, spaces and a non-ASCII letter; for several years of today.
    #[test]
    fn pnc_agrees_with_the_first_implementation() {
        let mut seed: u64 = 0x1cce_2026;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % m
        };
        let alphabet = ['0', '1', '2', '7', '9', '/', 'A', 'z', 'Z', ' ', 'é', 'I'];
        let mut inputs: Vec<String> = Vec::new();
        for _ in 0..40_000 {
            let len = next(16);
            inputs.push((0..len).map(|_| alphabet[next(alphabet.len() as u64) as usize]).collect());
        }
        for _ in 0..40_000 {
            let year = next(10_000);
            let digits: usize = if next(2) == 0 { 2 } else { 4 };
            let year_text = if digits == 2 { format!("{:02}", year % 100) } else { format!("{year:04}") };
            let serial_len = 1 + next(7) as usize;
            let serial: String = (0..serial_len).map(|_| char::from(b'0' + next(10) as u8)).collect();
            let yy = if digits == 2 { year_text.clone() } else { year_text.get(2..).unwrap_or("").to_owned() };
            let right = check_letter(&format!("{yy}{serial:0>7}")).unwrap_or('A');
            let letter = match next(3) {
                0 => right,
                1 => right.to_ascii_lowercase(),
                _ => char::from(b'A' + next(26) as u8),
            };
            let slash = if next(3) == 0 { "" } else { "/" };
            inputs.push(format!("{}{year_text}{slash}{serial}{letter}{}", if next(5) == 0 { " " } else { "" }, if next(5) == 0 { "\t" } else { "" }));
        }
        for input in &inputs {
            for this_year in [2026, 2000, 1999, 26] {
                assert_eq!(pnc_id(input, this_year), original_pnc_id(input, this_year), "{input:?} in {this_year}");
            }
        }
    }

    #[test]
    fn pnc_long_short_and_slashless_agree() {
        let good = with_check("2003/0011985", "030011985");
        let canonical = pnc_id(&good, 2026);
        assert_eq!(canonical.as_deref(), Ok(good.as_str()));
        let check = good.chars().last().unwrap_or('?');
        assert_eq!(pnc_id(&format!("03/11985{check}"), 2026).as_deref(), Ok(good.as_str()));
        assert_eq!(pnc_id(&format!("2003{}", good.get(5..).unwrap_or("")), 2026).as_deref(), Ok(good.as_str()));
    }

    #[test]
    fn pnc_short_year_century_follows_today() {
        let in_1900s = pnc_id(&with_check("79/1234567", "791234567"), 2026);
        assert!(in_1900s.as_deref().is_ok_and(|s| s.starts_with("1979/")), "{in_1900s:?}");
        let in_2000s = pnc_id(&with_check("26/0000001", "260000001"), 2026);
        assert!(in_2000s.as_deref().is_ok_and(|s| s.starts_with("2026/")), "{in_2000s:?}");
    }

    #[test]
    fn pnc_wrong_letter_names_the_right_one() {
        let good = with_check("2003/0011985", "030011985");
        let right = good.chars().last().unwrap_or('?');
        let wrong = if right == 'A' { 'B' } else { 'A' };
        let bad = format!("{}{wrong}", good.get(..good.len() - 1).unwrap_or(""));
        assert_eq!(pnc_id(&bad, 2026), Err(IdError::CheckLetter { expected: right }));
        assert!(matches!(pnc_id("2003/001198", 2026), Err(IdError::Malformed(_))));
        assert!(matches!(pnc_id("20/03/0011985A", 2026), Err(IdError::Malformed(_))));
        assert!(matches!(pnc_id("", 2026), Err(IdError::Malformed(_))));
    }

    #[test]
    fn cro_standard_and_sf() {
        let std = with_check("012345/99", "99012345");
        assert_eq!(cro_number(&std).as_deref(), Ok(std.as_str()));
        let short = format!("12345/99{}", std.chars().last().unwrap_or('?'));
        assert_eq!(cro_number(&short).as_deref(), Ok(std.as_str()));
        let sf = with_check("SF05/1234", "051234");
        assert_eq!(cro_number(&sf).as_deref(), Ok(sf.as_str()));
        assert!(matches!(cro_number("1234567/99A"), Err(IdError::Malformed(_))));
    }

    #[test]
    fn asn_check_letter() {
        // force 01, unit 00, system 00, year 26, sequence 00000000001
        let good = with_check("2601000000000000001", "01002600000000001");
        assert_eq!(asn(&good).map(|a| a.force), Ok("01".to_owned()));
        let slashed = format!("26/01/00/00/{}", good.get(8..).unwrap_or(""));
        assert!(asn(&slashed).is_ok());
        let letters = "2601AB00000000000001A";
        assert!(matches!(asn(letters), Err((IdError::Malformed(_), None))));
        let unverifiable = with_check("2601ABCD00000000001", "0");
        assert!(matches!(asn(&unverifiable), Err((IdError::NotVerifiable, Some(_)))));
    }

    /// The first implementation (its form check, which did not change, shared), kept as the
    /// reference the fewer-allocation [`asn`] must agree with.
    fn original_asn(input: &str) -> Result<Asn, (IdError, Option<String>)> {
        let s: String = input.trim().to_ascii_uppercase().chars().filter(|c| *c != '/').collect();
        let b = s.as_bytes();
        if !asn_form(b) {
            return Err((IdError::Malformed(ASN_FORM), None));
        }
        let part = |r: std::ops::Range<usize>| s.get(r).unwrap_or("").to_owned();
        let (yy, force, system, seq) = (part(0..2), part(2..4), part(6..8), part(8..19));
        let check = b.get(19).map(|c| char::from(*c)).unwrap_or('?');
        let Some(expected) = check_letter(&format!("{force}{system}{yy}{seq}")) else {
            return Err((IdError::NotVerifiable, Some(force)));
        };
        if expected != check {
            return Err((IdError::CheckLetter { expected }, Some(force)));
        }
        Ok(Asn { canonical: s, force })
    }

    /// Every check letter, forces of digits and of letters, slashes, spaces, lower case, wrong
    /// lengths and non-ASCII text: the same answer as the first implementation.
    #[test]
    fn asn_agrees_with_its_first_implementation() {
        let mut inputs = vec![String::new(), "é".repeat(20), "2601000000000000001ä".to_owned()];
        for force in ["01", "90", "AB", "0Z", "zz"] {
            for letter in 'A'..='Z' {
                let seq = "00000000123";
                for form in [format!("26{force}0000{seq}{letter}"), format!("26/{force}/00/00/{seq}{letter}"), format!(" 26{force}0000{seq}{} ", letter.to_ascii_lowercase())] {
                    inputs.push(form.clone());
                    inputs.push(format!("{form}1"));
                    inputs.push(form.chars().skip(1).collect());
                }
            }
        }
        let mut verdicts = [0; 4];
        for i in &inputs {
            let ours = asn(i);
            assert_eq!(ours, original_asn(i), "{i:?}");
            verdicts[match ours {
                Ok(_) => 0,
                Err((IdError::CheckLetter { .. }, _)) => 1,
                Err((IdError::NotVerifiable, _)) => 2,
                Err(_) => 3,
            }] += 1;
        }
        assert!(verdicts.iter().all(|n| *n > 0), "every verdict comes up: {verdicts:?}");
    }
}
