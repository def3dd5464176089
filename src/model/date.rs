//! Calendar dates (`2025-02-28`): as-of dates, deadlines, validity.
//!
//! Only what the data needs: parse ISO dates, check them, order them, find the last day of a
//! month. A full date-time library would add weight and time zones we never use.

use std::fmt;

/// A valid proleptic Gregorian date. Fields are private so an invalid date cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, if the day exists in that month.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The last day of a month.
    pub fn end_of_month(year: i32, month: u32) -> Option<Date> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Date::new(year, month, days_in_month(year, month))
    }

    /// The first day of a month. Periods validate their month when parsed; the clamp only
    /// keeps this total.
    pub(crate) fn first_of(year: i32, month: u32) -> Date {
        Date {
            year: year.clamp(1, 9999),
            month: month.clamp(1, 12) as u8,
            day: 1,
        }
    }

    /// The last day of a month, clamped like [`Date::first_of`].
    pub(crate) fn last_of(year: i32, month: u32) -> Date {
        let year = year.clamp(1, 9999);
        let month = month.clamp(1, 12);
        Date {
            year,
            month: month as u8,
            day: days_in_month(year, month) as u8,
        }
    }

    /// Parse `YYYY-MM-DD` (exactly that form).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&text[0..4])?;
        let month = digits(&text[5..7])?;
        let day = digits(&text[8..10])?;
        Date::new(year as i32, month, day)
    }

    /// Parse a Vietnamese-style `d/m/yyyy` date (`30/6/2024`, `08/01/2024`).
    pub fn parse_dmy(text: &str) -> Option<Date> {
        let mut parts = text.split('/');
        let day = digits(parts.next()?)?;
        let month = digits(parts.next()?)?;
        let year = digits(parts.next()?)?;
        if parts.next().is_some() || year < 1000 {
            return None;
        }
        Date::new(year as i32, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 0001-01-01: a number line for time axes.
    pub fn day_number(self) -> i64 {
        // Days before the year, then before the month, then the day (Gregorian calendar).
        let y = i64::from(self.year) - 1;
        let before_year = y * 365 + y / 4 - y / 100 + y / 400;
        let before_month: i64 = (1..u32::from(self.month))
            .map(|m| i64::from(days_in_month(self.year, m)))
            .sum();
        before_year + before_month + i64::from(self.day) - 1
    }

    /// The first day of the month this date is in.
    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    /// The day as a reader of `lang` writes it: `01/07/2025` (two-digit day and month) /
    /// `1 July 2025`. The one place a day is written for people (pages, charts, citations,
    /// periods that run between two days), so the two languages each keep a single form;
    /// machine forms (CSV, JSON, feeds, `datetime=`) use the ISO [`fmt::Display`] instead.
    pub fn label(self, lang: super::Lang) -> String {
        match lang {
            super::Lang::Vi => format!("{:02}/{:02}/{}", self.day, self.month, self.year),
            super::Lang::En => format!(
                "{} {} {}",
                self.day,
                super::period::MONTHS_EN[(usize::from(self.month) + 11) % 12],
                self.year
            ),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parse 1–4 ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            Date::parse_iso("2025-02-28").map(|d| d.to_string()),
            Some("2025-02-28".into())
        );
        assert_eq!(Date::parse_iso("2025-02-29"), None);
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert_eq!(Date::parse_iso("2025-13-01"), None);
        assert_eq!(Date::parse_iso("2025-2-01"), None);
        assert_eq!(Date::parse_dmy("30/6/2024"), Date::new(2024, 6, 30));
        assert_eq!(Date::parse_dmy("31/6/2024"), None);
    }

    #[test]
    fn day_numbers_count_days() {
        let d = |s: &str| Date::parse_iso(s).map(Date::day_number).unwrap_or(-1);
        assert_eq!(d("0001-01-01"), 0);
        assert_eq!(d("2024-03-01") - d("2024-02-28"), 2, "2024 is a leap year");
        assert_eq!(d("2025-01-01") - d("2024-01-01"), 366);
    }

    #[test]
    fn orders_chronologically() {
        let a = Date::parse_iso("2023-12-16");
        let b = Date::parse_iso("2024-01-15");
        assert!(a < b);
        assert_eq!(Date::end_of_month(2024, 2), Date::new(2024, 2, 29));
    }
}
