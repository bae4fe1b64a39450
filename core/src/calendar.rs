//! Legal deadlines on an injected working-day calendar (`docs/domain/deadlines.md`).
//!
//! A *working day* is, in the words of the European Union (Future Relationship) Act 2020 s.5, a
//! day that is not a Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday in England
//! and Wales. Bank holidays change by proclamation, so their list comes in the input with today's
//! date; Good Friday is computed (Easter Sunday by the Gregorian computus, less two days), so a
//! caller who forgets it in the list still gets it right. Nothing here reads a clock.
//!
//! The rules, each named so that an answer can say which one gave its deadline:
//! - FD 2009/315 Art 8(1): reply within 10 working days for criminal proceedings;
//! - FD 2009/315 Art 8(2): within 20 working days for other purposes;
//! - EUFRA 2020 s.5(4): UK replies within 20 working days beginning with the day of receipt;
//! - EUFRA 2020 s.1(5) and (7): UK notifications (and amendments) within the period of 28 days beginning with the day the
//!   conviction is recorded (calendar days).
//!
//! Under the framework decision, where more identification data had to be asked for, the period
//! runs again from the day it was received (FD Art 8(1) as transposed, Irish Act s.9(2)). Nothing
//! in the Act restarts the UK's own 20 working days: s.5(4) counts them from receipt.

use serde::Serialize;

use crate::date::Date;

/// A deadline as an answer states it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// The last day, `YYYY-MM-DD`.
    pub date: String,
    /// The rule that gives it, for example `eufra-2020-s1`.
    pub rule: &'static str,
    pub explanation: &'static str,
    /// The day the period starts (here: the day the conviction was recorded).
    pub starts: String,
    /// Days from today to the deadline (negative when it has passed).
    pub days_left: i64,
}

/// A deadline rule, with where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineRule {
    /// 10 working days: a request for criminal proceedings (FD 2009/315 Art 8(1)).
    FdCriminalProceedings,
    /// 20 working days: a request for another purpose (FD 2009/315 Art 8(2)).
    FdOtherPurposes,
    /// 20 working days: a UK reply to a member state (EUFRA 2020 s.5).
    UkReply,
    /// 28 calendar days, beginning with the day the conviction is recorded (EUFRA 2020 s.1(5)).
    UkNotification,
    /// 28 calendar days, beginning with the day the record is amended (s.1(7), applying s.1(5)):
    /// an amendment or a deletion of the conviction's items.
    UkAmendment,
}

impl DeadlineRule {
    pub fn key(self) -> &'static str {
        match self {
            DeadlineRule::FdCriminalProceedings => "fd-2009-315-art-8-1",
            DeadlineRule::FdOtherPurposes => "fd-2009-315-art-8-2",
            DeadlineRule::UkReply => "eufra-2020-s5",
            DeadlineRule::UkNotification => "eufra-2020-s1",
            DeadlineRule::UkAmendment => "eufra-2020-s1-7",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            DeadlineRule::FdCriminalProceedings => {
                "10 working days from receipt, for criminal proceedings (Council Framework Decision 2009/315/JHA, Art 8(1): https://eur-lex.europa.eu/eli/dec_framw/2009/315/oj; docs/domain/deadlines.md#framework-decision-article-8)"
            }
            DeadlineRule::FdOtherPurposes => {
                "20 working days from receipt, for purposes other than criminal proceedings (Council Framework Decision 2009/315/JHA, Art 8(2): https://eur-lex.europa.eu/eli/dec_framw/2009/315/oj; docs/domain/deadlines.md#framework-decision-article-8)"
            }
            DeadlineRule::UkReply => {
                "as soon as practicable and within 20 working days of receipt (European Union (Future Relationship) Act 2020, s.5(1) and (4): https://www.legislation.gov.uk/ukpga/2020/29/section/5; docs/domain/deadlines.md#uk-replies)"
            }
            DeadlineRule::UkNotification => {
                "within the period of 28 days beginning with the day the conviction is recorded (European Union (Future Relationship) Act 2020, s.1(5): https://www.legislation.gov.uk/ukpga/2020/29/section/1; docs/domain/deadlines.md#uk-notifications)"
            }
            DeadlineRule::UkAmendment => {
                "within the period of 28 days beginning with the day the record is amended (European Union (Future Relationship) Act 2020, s.1(7), applying s.1(5): https://www.legislation.gov.uk/ukpga/2020/29/section/1; docs/domain/deadlines.md#uk-notifications)"
            }
        }
    }

    /// The length of the period, and whether it counts working days.
    pub fn period(self) -> (u32, bool) {
        match self {
            DeadlineRule::FdCriminalProceedings => (10, true),
            DeadlineRule::FdOtherPurposes | DeadlineRule::UkReply => (20, true),
            DeadlineRule::UkNotification | DeadlineRule::UkAmendment => (28, false),
        }
    }
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm, also known as Meeus/Jones/Butcher).
pub fn easter_sunday(year: u16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Some(Date { year, month: u8::try_from(month).ok()?, day: u8::try_from(day).ok()? })
}

pub fn good_friday(year: u16) -> Option<Date> {
    easter_sunday(year).and_then(|e| Date::from_days(e.to_days() - 2))
}

/// The working-day calendar: the statutory exclusions plus the injected bank holidays.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    bank_holidays: Vec<Date>,
}

impl Calendar {
    pub fn new(mut bank_holidays: Vec<Date>) -> Self {
        bank_holidays.sort_unstable();
        bank_holidays.dedup();
        Calendar { bank_holidays }
    }

    /// Why `d` is not a working day, or `None` if it is one.
    pub fn non_working_reason(&self, d: Date) -> Option<&'static str> {
        match d.weekday() {
            6 => return Some("Saturday"),
            7 => return Some("Sunday"),
            _ => {}
        }
        if d.month == 12 && d.day == 25 {
            return Some("Christmas Day");
        }
        if good_friday(d.year) == Some(d) {
            return Some("Good Friday");
        }
        if self.bank_holidays.binary_search(&d).is_ok() {
            return Some("bank holiday in England and Wales");
        }
        None
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        self.non_working_reason(d).is_none()
    }

    /// The `n`th working day after `start` (the day of receipt itself does not count).
    pub fn add_working_days(&self, start: Date, n: u32) -> Option<Date> {
        let mut day = start.to_days();
        let mut left = n;
        // Bounded: at most 4 non-working days in a row in practice; the guard stops a calendar
        // that (wrongly) lists every day as a holiday from looping for ever.
        let mut guard = 0u32;
        while left > 0 {
            day += 1;
            guard += 1;
            if guard > n.saturating_mul(4).saturating_add(366) {
                return None;
            }
            if self.is_working_day(Date::from_days(day)?) {
                left -= 1;
            }
        }
        Date::from_days(day)
    }

    /// The last day of a rule's period that starts on `start` (receipt, or the day the conviction
    /// was recorded).
    ///
    /// The Act's periods *begin with* the day (s.1(5), s.5(4)): that day is the first of the
    /// period when it counts. The framework decision's run *from* receipt (Irish Act s.9): the
    /// day of receipt does not count.
    pub fn deadline(&self, rule: DeadlineRule, start: Date) -> Option<Date> {
        let day_before = Date::from_days(start.to_days() - 1)?;
        match (rule, rule.period()) {
            (DeadlineRule::UkReply, (n, _)) => self.add_working_days(day_before, n),
            (_, (n, true)) => self.add_working_days(start, n),
            (_, (n, false)) => Date::from_days(start.to_days() + i64::from(n) - 1),
        }
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    pub fn working_days_between(&self, from: Date, to: Date) -> Option<i64> {
        let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let mut count = 0i64;
        let mut day = a.to_days();
        while day < b.to_days() {
            day += 1;
            if self.is_working_day(Date::from_days(day)?) {
                count += 1;
            }
        }
        Some(sign * count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// England and Wales bank holidays of 2026 and 2027 as the caller would inject them
    /// (synthetic test data in the published pattern; the engine never hard-codes them).
    fn ew() -> Calendar {
        Calendar::new(
            [
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
                "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
            ]
            .iter()
            .map(|s| d(s))
            .collect(),
        )
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2026), Some(d("2026-04-05")));
        assert_eq!(easter_sunday(2027), Some(d("2027-03-28")));
        assert_eq!(easter_sunday(2000), Some(d("2000-04-23")));
        assert_eq!(easter_sunday(2038), Some(d("2038-04-25")));
        assert_eq!(good_friday(2026), Some(d("2026-04-03")));
    }

    #[test]
    fn weekdays_are_right() {
        assert_eq!(d("2026-11-28").weekday(), 6); // a Saturday
        assert_eq!(d("1970-01-01").weekday(), 4);
    }

    #[test]
    fn ten_working_days_over_christmas() {
        // Received Monday 21 Dec 2026: 22, 23, 24 (1-3), 25 Christmas, 26-27 weekend,
        // 28 bank holiday (Boxing Day substitute), 29, 30, 31 (4-6), 1 Jan bank holiday,
        // 2-3 weekend, 4, 5, 6, 7 (7-10).
        assert_eq!(ew().deadline(DeadlineRule::FdCriminalProceedings, d("2026-12-21")), Some(d("2027-01-07")));
    }

    #[test]
    fn good_friday_counts_even_when_not_listed() {
        let empty = Calendar::new(vec![]);
        assert_eq!(empty.non_working_reason(d("2027-03-26")), Some("Good Friday"));
        // Received Wednesday 24 Mar 2027: 25 (1), 26 Good Friday, weekend, 29 Easter Monday (listed),
        // 30, 31, 1, 2 (2-5), weekend, 5-9 (6-10).
        assert_eq!(ew().deadline(DeadlineRule::FdCriminalProceedings, d("2027-03-24")), Some(d("2027-04-09")));
    }

    #[test]
    fn twenty_working_days_and_28_calendar_days() {
        // Received Monday 2 November: it is day 1 of the 20 (s.5(4) "beginning with the day").
        assert_eq!(ew().deadline(DeadlineRule::UkReply, d("2026-11-02")), Some(d("2026-11-27")));
        // Received on a Saturday: the first working day is the Monday.
        assert_eq!(ew().deadline(DeadlineRule::UkReply, d("2026-10-31")), Some(d("2026-11-27")));
        assert_eq!(ew().deadline(DeadlineRule::FdOtherPurposes, d("2026-11-02")), Some(d("2026-11-30")));
        assert_eq!(ew().deadline(DeadlineRule::UkNotification, d("2026-11-02")), Some(d("2026-11-29")));
        assert_eq!(ew().working_days_between(d("2026-11-02"), d("2026-11-30")), Some(20));
    }

    #[test]
    fn a_calendar_of_only_holidays_does_not_hang() {
        let all: Vec<Date> = (0..800).filter_map(|i| Date::from_days(d("2026-01-01").to_days() + i)).collect();
        assert_eq!(Calendar::new(all).add_working_days(d("2026-01-01"), 10), None);
    }
}
