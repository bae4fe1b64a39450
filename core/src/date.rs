//! Calendar dates, full and partial, without a clock.
//!
//! ECRIS dates of birth may be known to the year, or to the year and month (`DateType`), while
//! decision dates are full (`StrictDateType`). Today's date always comes from the input.

use std::cmp::Ordering;
use std::fmt;

/// A full calendar date (proleptic Gregorian, years 1..=9999).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A date known to the year, the month, or the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

pub fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else or an impossible date.
    /// Byte patterns, not a split of the text: a request has several dates, and splitting and
    /// parsing each part had cost about 400 instructions a date.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let digit = |b: u8| b.is_ascii_digit().then(|| u16::from(b - b'0'));
        let number = |bytes: &[u8]| bytes.iter().try_fold(0u16, |n, &b| Some(n * 10 + digit(b)?));
        let (year, month, day) = match *s.as_bytes() {
            [y0, y1, y2, y3] => (number(&[y0, y1, y2, y3])?, None, None),
            [y0, y1, y2, y3, b'-', m0, m1] => (number(&[y0, y1, y2, y3])?, Some(number(&[m0, m1])?), None),
            [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => (number(&[y0, y1, y2, y3])?, Some(number(&[m0, m1])?), Some(number(&[d0, d1])?)),
            _ => return None,
        };
        if year == 0 {
            return None;
        }
        let month = match month.map(u8::try_from) {
            None => return Some(PartialDate { year, month: None, day: None }),
            Some(m) => m.ok().filter(|m| (1..=12).contains(m))?,
        };
        let day = match day.map(u8::try_from) {
            None => return Some(PartialDate { year, month: Some(month), day: None }),
            Some(d) => d.ok().filter(|&d| d != 0 && d <= days_in_month(year, month))?,
        };
        Some(PartialDate { year, month: Some(month), day: Some(day) })
    }

    pub fn full(self) -> Option<Date> {
        Some(Date { year: self.year, month: self.month?, day: self.day? })
    }

    /// The earliest and latest full dates this partial date can stand for.
    pub fn range(self) -> (Date, Date) {
        let (m0, m1) = self.month.map_or((1, 12), |m| (m, m));
        let d0 = self.day.unwrap_or(1);
        let d1 = self.day.unwrap_or_else(|| days_in_month(self.year, m1));
        (Date { year: self.year, month: m0, day: d0 }, Date { year: self.year, month: m1, day: d1 })
    }

    pub fn precision(self) -> &'static str {
        match (self.month, self.day) {
            (None, _) => "year",
            (Some(_), None) => "yearMonth",
            (Some(_), Some(_)) => "full",
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        iso(f, self.year, self.month, self.day)
    }
}

/// `YYYY`, then `-MM` and `-DD` for the parts present, as `{:04}` and `{:02}` write them: digit
/// by digit into a buffer when each part fits its width (always, for a parsed date), else by
/// `write!`. Dates are written into every message and answer, and the formatting machinery costs
/// several times more than the digits.
fn iso(f: &mut fmt::Formatter<'_>, year: u16, month: Option<u8>, day: Option<u8>) -> fmt::Result {
    if year > 9999 || month.is_some_and(|m| m > 99) || day.is_some_and(|d| d > 99) {
        write!(f, "{year:04}")?;
        for part in [month, day].into_iter().flatten() {
            write!(f, "-{part:02}")?;
        }
        return Ok(());
    }
    let mut buf = [b'-'; 10];
    let mut len = 4;
    put(buf.get_mut(..4), u32::from(year));
    for part in [month, day].into_iter().flatten() {
        put(buf.get_mut(len + 1..len + 3), u32::from(part));
        len += 3;
    }
    f.write_str(std::str::from_utf8(buf.get(..len).unwrap_or_default()).unwrap_or_default())
}

/// `n` in the digits of `out`, with leading zeros.
fn put(out: Option<&mut [u8]>, mut n: u32) {
    for b in out.into_iter().flatten().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        PartialDate::parse(s)?.full()
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`]; `None` outside years 1..=9999.
    pub fn from_days(z: i64) -> Option<Date> {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date { year: u16::try_from(year).ok().filter(|y| (1..=9999).contains(y))?, month: u8::try_from(month).ok()?, day: u8::try_from(day).ok()? })
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        u8::try_from((self.to_days() + 3).rem_euclid(7) + 1).unwrap_or(1)
    }

    /// Whole years from `self` to `later` (an age).
    pub fn years_until(self, later: Date) -> i32 {
        let mut years = i32::from(later.year) - i32::from(self.year);
        if (later.month, later.day).cmp(&(self.month, self.day)) == Ordering::Less {
            years -= 1;
        }
        years
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        iso(f, self.year, Some(self.month), Some(self.day))
    }
}

/// `hh:mm:ss` of a 24-hour clock (no leap second), as ECRIS timestamps write the time of day.
pub fn is_time_of_day(t: &str) -> bool {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>, max: u32| {
        t.get(r).and_then(|s| if s.bytes().all(|c| c.is_ascii_digit()) { s.parse::<u32>().ok() } else { None }).is_some_and(|n| n <= max)
    };
    b.len() == 8 && b.get(2) == Some(&b':') && b.get(5) == Some(&b':') && num(0..2, 23) && num(3..5, 59) && num(6..8, 59)
}

/// A date in words for people: "12 April 1985", "April 1985", "1985".
pub fn in_words(d: PartialDate) -> String {
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];
    let month = d.month.and_then(|m| MONTHS.get(usize::from(m).wrapping_sub(1)));
    match (d.day, month) {
        (Some(day), Some(m)) => format!("{day} {m} {}", d.year),
        (None, Some(m)) => format!("{m} {}", d.year),
        _ => format!("{}", d.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse as it was written before (a split on `-`, each part's digits counted): the
    /// reference for the byte patterns of [`PartialDate::parse`].
    fn parse_by_parts(s: &str) -> Option<PartialDate> {
        fn digits(s: &str, n: usize) -> Option<u16> {
            if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        let mut parts = s.split('-');
        let year = digits(parts.next()?, 4)?;
        if year == 0 {
            return None;
        }
        let month = match parts.next() {
            None => return Some(PartialDate { year, month: None, day: None }),
            Some(m) => u8::try_from(digits(m, 2)?).ok()?,
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        let day = match parts.next() {
            None => return Some(PartialDate { year, month: Some(month), day: None }),
            Some(d) => u8::try_from(digits(d, 2)?).ok()?,
        };
        if parts.next().is_some() || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// The byte patterns accept and read exactly what the split did: every date of four
    /// years (leap and not, century and not), every text of up to 11 characters a generator
    /// makes from digits, `-`, a space, a letter and a non-ASCII digit, and texts around them.
    #[test]
    fn a_date_is_parsed_as_the_split_parsed_it() {
        let mut texts: Vec<String> = Vec::new();
        for year in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            texts.push(year.to_owned());
            for month in 0..=13 {
                texts.push(format!("{year}-{month:02}"));
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        let alphabet = ['0', '1', '2', '9', '-', ' ', 'a', '٣'];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            crate::xorshift(&mut seed);
            let len = (seed % 12) as usize;
            texts.push((0..len).map(|i| alphabet[((seed >> (4 + 3 * i)) % 8) as usize]).collect());
        }
        for t in ["", "2024-02-29", "2023-02-29", "2024-2-9", "2024-02-29-", "+2024", "2024-02-29 ", "２０２４"] {
            texts.push(t.to_owned());
        }
        for t in &texts {
            assert_eq!(PartialDate::parse(t), parse_by_parts(t), "{t:?}");
        }
    }

    /// Dates are written exactly as `{:04}` and `{:02}` write their parts, in and out of range.
    #[test]
    fn dates_are_written_as_the_format_machinery_writes_them() {
        let years = [0u16, 7, 99, 999, 1985, 2026, 9999, 10_000, u16::MAX];
        let parts = [None, Some(0u8), Some(1), Some(9), Some(12), Some(31), Some(99), Some(100), Some(u8::MAX)];
        for year in years {
            for month in parts {
                for day in parts {
                    let mut old = format!("{year:04}");
                    for p in [month, day].into_iter().flatten() {
                        old.push_str(&format!("-{p:02}"));
                    }
                    assert_eq!(PartialDate { year, month, day }.to_string(), old);
                    if let (Some(month), Some(day)) = (month, day) {
                        assert_eq!(Date { year, month, day }.to_string(), old);
                    }
                }
            }
        }
    }
}
