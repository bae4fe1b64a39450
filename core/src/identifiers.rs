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
    let i = usize::try_from(n % 23).ok()?;
    CHECK_LETTERS.get(i).map(|b| char::from(*b))
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

/// Validate an arrest/summons number: `YY` + force (2) + unit (2) + system (2) + an 11-digit
/// sequence + a check letter, 20 characters; slashes in the display form are ignored.
/// The check letter is `alphabet[int(force + system + YY + sequence) mod 23]`.
pub fn asn(input: &str) -> Result<Asn, (IdError, Option<String>)> {
    const FORM: &str = "YY, a 2-character force code, 2-character unit, 2-character system, an 11-digit sequence and a check letter (20 characters; slashes are ignored)";
    let s: String = input.trim().to_ascii_uppercase().chars().filter(|c| *c != '/').collect();
    let b = s.as_bytes();
    let alnum = |t: &[u8]| t.iter().all(u8::is_ascii_alphanumeric);
    let digits = |t: &[u8]| t.iter().all(u8::is_ascii_digit);
    let ok = b.len() == 20
        && b.get(0..2).is_some_and(digits)
        && b.get(2..8).is_some_and(alnum)
        && b.get(8..19).is_some_and(digits)
        && b.get(19).is_some_and(|c| c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'S'));
    if !ok {
        return Err((IdError::Malformed(FORM), None));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(prefix: &str, digits: &str) -> String {
        format!("{prefix}{}", check_letter(digits).unwrap_or('?'))
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
}
