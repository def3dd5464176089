//! Reporting periods: a month, a quarter, a half year, a year or an explicit date range.
//!
//! Provinces report on different calendars (a month, the 16th-to-15th window, a half year), so a
//! period is a first-class value: parsed from the data (`2025-04`, `2024-Q2`, `2024-H1`, `2024`,
//! `2023-12-16..2024-01-15`), ordered by when it ends, and written out in each language.

use super::date::Date;
use super::Lang;
use std::cmp::Ordering;
use std::fmt;

/// A reporting period. Build one with [`Period::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year { year: i32 },
    Range { start: Date, end: Date },
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not one of the recognised forms.
    Form,
    /// The right form, but a month, quarter or date that does not exist.
    OutOfRange,
    /// A range whose end is before its start.
    Reversed,
}

impl Period {
    /// Parse the data form of a period.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        if let Some((a, b)) = text.split_once("..") {
            let start = parse_date_part(a)?;
            let end = parse_date_part(b)?;
            if end < start {
                return Err(PeriodError::Reversed);
            }
            return Ok(Period::Range { start, end });
        }
        let (year_text, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        let year = parse_year(year_text)?;
        let Some(rest) = rest else {
            return Ok(Period::Year { year });
        };
        let upper = rest.to_ascii_uppercase();
        if let Some(q) = upper.strip_prefix('Q') {
            let quarter = small_number(q)?;
            return if (1..=4).contains(&quarter) {
                Ok(Period::Quarter { year, quarter })
            } else {
                Err(PeriodError::OutOfRange)
            };
        }
        if let Some(h) = upper.strip_prefix('H') {
            let half = small_number(h)?;
            return if (1..=2).contains(&half) {
                Ok(Period::Half { year, half })
            } else {
                Err(PeriodError::OutOfRange)
            };
        }
        if rest.len() != 2 {
            return Err(PeriodError::Form);
        }
        let month = small_number(rest)?;
        if (1..=12).contains(&month) {
            Ok(Period::Month { year, month })
        } else {
            Err(PeriodError::OutOfRange)
        }
    }

    /// First day covered.
    pub fn start(&self) -> Date {
        let (year, month) = match *self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3 - 2),
            Period::Half { year, half } => (year, half * 6 - 5),
            Period::Year { year } => (year, 1),
            Period::Range { start, .. } => return start,
        };
        Date::first_of(year, month)
    }

    /// Last day covered.
    pub fn end(&self) -> Date {
        let (year, month) = match *self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3),
            Period::Half { year, half } => (year, half * 6),
            Period::Year { year } => (year, 12),
            Period::Range { end, .. } => return end,
        };
        Date::last_of(year, month)
    }

    /// The canonical data form, as written in YAML: `2024-H1`, `2023-12-16..2024-01-15`.
    pub fn key(&self) -> String {
        match *self {
            // The most common period, written without the formatting machinery (a national
            // build writes a million of them).
            Period::Month { year, month } if (1000..=9999).contains(&year) && month <= 99 => {
                let mut key = String::with_capacity(7);
                push_digits(&mut key, year.unsigned_abs(), 4);
                key.push('-');
                push_digits(&mut key, month, 2);
                key
            }
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            Period::Half { year, half } => format!("{year:04}-H{half}"),
            Period::Year { year } => format!("{year:04}"),
            Period::Range { start, end } => format!("{start}..{end}"),
        }
    }

    /// [`Period::key`] and [`Period::label`], made once per thread and shared: every cell of
    /// a national site's tables carries both (a million and a half of each), for a few dozen
    /// periods.
    pub fn key_shared(&self) -> std::sync::Arc<str> {
        self.shared(None)
    }

    pub fn label_shared(&self, lang: Lang) -> std::sync::Arc<str> {
        self.shared(Some(lang))
    }

    fn shared(&self, lang: Option<Lang>) -> std::sync::Arc<str> {
        use std::sync::Arc;
        /// Every text made so far, and the last one of each kind (key, Vietnamese label,
        /// English label): a page's cells mostly repeat one period, which is then found
        /// without hashing it.
        #[derive(Default)]
        struct Made {
            all: crate::FastMap<(Period, Option<Lang>), Arc<str>>,
            last: [Option<(Period, Arc<str>)>; 3],
        }
        thread_local! {
            static MADE: std::cell::RefCell<Made> = std::cell::RefCell::default();
        }
        let kind = match lang {
            None => 0,
            Some(Lang::Vi) => 1,
            Some(Lang::En) => 2,
        };
        MADE.with_borrow_mut(|made| {
            if let Some((period, text)) = &made.last[kind] {
                if period == self {
                    return text.clone();
                }
            }
            let text = made
                .all
                .entry((*self, lang))
                .or_insert_with(|| match lang {
                    None => self.key().into(),
                    Some(lang) => self.label(lang).into(),
                })
                .clone();
            made.last[kind] = Some((*self, text.clone()));
            text
        })
    }

    /// A form safe in URLs and file names: lowercase, `..` written as `--`.
    pub fn slug(&self) -> String {
        let mut slug = self.key();
        slug.make_ascii_lowercase();
        // Only a range's key has `..`: the others are not searched for it.
        match self {
            Period::Range { .. } => slug.replace("..", "--"),
            _ => slug,
        }
    }

    /// The period as a reader would say it.
    pub fn label(&self, lang: Lang) -> String {
        match (lang, *self) {
            // The most common label, built without the formatting machinery (a national
            // build writes a million of them).
            (Lang::Vi, Period::Month { year, month }) if (1000..=9999).contains(&year) => {
                let mut label = String::with_capacity(16);
                label.push_str("tháng ");
                push_digits(&mut label, month, 1);
                label.push('/');
                push_digits(&mut label, year.unsigned_abs(), 4);
                label
            }
            (Lang::En, Period::Month { year, month }) if (1000..=9999).contains(&year) => {
                let mut label = String::with_capacity(16);
                label.push_str(MONTHS_EN[(month as usize).saturating_sub(1) % 12]);
                label.push(' ');
                push_digits(&mut label, year.unsigned_abs(), 4);
                label
            }
            (Lang::Vi, Period::Month { year, month }) => format!("tháng {month}/{year}"),
            (Lang::En, Period::Month { year, month }) => {
                format!(
                    "{} {year}",
                    MONTHS_EN[(month as usize).saturating_sub(1) % 12]
                )
            }
            (Lang::Vi, Period::Quarter { year, quarter }) => {
                format!(
                    "quý {}/{year}",
                    ROMAN[(quarter as usize).saturating_sub(1) % 4]
                )
            }
            (Lang::En, Period::Quarter { year, quarter }) => format!("Q{quarter} {year}"),
            (Lang::Vi, Period::Half { year, half: 1 }) => format!("6 tháng đầu năm {year}"),
            (Lang::Vi, Period::Half { year, .. }) => format!("6 tháng cuối năm {year}"),
            (Lang::En, Period::Half { year, half: 1 }) => format!("first half of {year}"),
            (Lang::En, Period::Half { year, .. }) => format!("second half of {year}"),
            (Lang::Vi, Period::Year { year }) => format!("năm {year}"),
            (Lang::En, Period::Year { year }) => year.to_string(),
            // A period between two days writes each day as every other day is written.
            (Lang::Vi, Period::Range { start, end }) => {
                format!("{}–{}", start.label(lang), end.label(lang))
            }
            (Lang::En, Period::Range { start, end }) => {
                format!("{} – {}", start.label(lang), end.label(lang))
            }
        }
    }

    /// True when `date` falls inside the period.
    pub fn contains(&self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }
}

/// Push the decimal digits of `n`, at least `width` of them (zeros in front).
fn push_digits(out: &mut String, n: u32, width: usize) {
    let mut buf = [0u8; 10];
    let mut start = buf.len();
    let mut n = n;
    while n > 0 || buf.len() - start < width.max(1) {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(buf[start..].iter().map(|&d| char::from(d)));
}

impl Ord for Period {
    /// Later end first decides; then later start (a shorter, more recent window); then the key,
    /// so the order is total and stable.
    ///
    /// Inlined for its common case (two months): as a call, the comparison was 1.5 % of a
    /// national build's samples in `perf`, most of them from searches of sorted periods.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // Two months (most periods) compare as their year and month, which is what their end
        // dates, start dates and rank together give.
        if let (
            Period::Month { year, month },
            Period::Month {
                year: other_year,
                month: other_month,
            },
        ) = (self, other)
        {
            return (year, month).cmp(&(other_year, other_month));
        }
        self.cmp_by_dates(other)
    }
}

impl Period {
    /// [`Ord::cmp`] for any two periods.
    #[inline(never)]
    fn cmp_by_dates(&self, other: &Self) -> Ordering {
        self.end()
            .cmp(&other.end())
            .then_with(|| self.start().cmp(&other.start()))
            .then_with(|| self.rank().cmp(&other.rank()))
    }

    /// Breaks ties between different forms of the same dates (`2024` and
    /// `2024-01-01..2024-12-31`) in the order of their keys, without writing the keys out.
    fn rank(&self) -> u8 {
        match self {
            Period::Year { .. } => 0,
            Period::Month { .. } => 1,
            Period::Range { .. } => 2,
            Period::Quarter { .. } => 3,
            Period::Half { .. } => 4,
        }
    }
}

impl PartialOrd for Period {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn parse_year(text: &str) -> Result<i32, PeriodError> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PeriodError::Form);
    }
    let year: i32 = text.parse().map_err(|_| PeriodError::Form)?;
    if year < 1900 {
        return Err(PeriodError::OutOfRange);
    }
    Ok(year)
}

fn small_number(text: &str) -> Result<u32, PeriodError> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PeriodError::Form);
    }
    text.parse().map_err(|_| PeriodError::Form)
}

fn parse_date_part(text: &str) -> Result<Date, PeriodError> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(PeriodError::Form);
    }
    Date::parse_iso(text).ok_or(PeriodError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        match Period::parse(s) {
            Ok(p) => p,
            Err(e) => panic!("{s}: {e:?}"),
        }
    }

    /// The shared texts are each period's own key and labels, whatever was asked before them
    /// on the thread: the same period twice, another period, another language, the key.
    #[test]
    fn shared_texts_are_the_periods_own_in_any_order() {
        let periods = [
            p("2024-03"),
            p("2024-03"),
            p("2024-04"),
            p("2024"),
            p("2024-Q2"),
            p("2024-03"),
            p("2024-01-01..2024-06-30"),
            p("2024-H1"),
        ];
        for (i, period) in periods.iter().chain(periods.iter().rev()).enumerate() {
            // The kinds in turn, so that each follows each other kind and each period.
            let asked = [(i % 3), (i + 1) % 3, (i + 2) % 3];
            for kind in asked {
                let (shared, own) = match kind {
                    0 => (period.key_shared(), period.key()),
                    1 => (period.label_shared(Lang::Vi), period.label(Lang::Vi)),
                    _ => (period.label_shared(Lang::En), period.label(Lang::En)),
                };
                assert_eq!(&*shared, own.as_str(), "{period:?}, kind {kind}");
            }
        }
    }

    #[test]
    fn parses_every_form() {
        for s in [
            "2025-04",
            "2024-Q2",
            "2024-H1",
            "2024",
            "2023-12-16..2024-01-15",
        ] {
            assert_eq!(p(s).key(), s);
        }
        assert_eq!(p("2024-q2").key(), "2024-Q2");
        assert_eq!(p("2023-12-16..2024-01-15").slug(), "2023-12-16--2024-01-15");
        for (s, slug) in [
            ("2025-04", "2025-04"),
            ("2024-Q2", "2024-q2"),
            ("2024-H1", "2024-h1"),
            ("2024", "2024"),
        ] {
            assert_eq!(p(s).slug(), slug);
        }
    }

    #[test]
    fn rejects_bad_forms() {
        assert_eq!(Period::parse("2025-13"), Err(PeriodError::OutOfRange));
        assert_eq!(Period::parse("2024-Q5"), Err(PeriodError::OutOfRange));
        assert_eq!(Period::parse("04/2025"), Err(PeriodError::Form));
        assert_eq!(Period::parse("2025-4"), Err(PeriodError::Form));
        assert_eq!(
            Period::parse("2024-01-15..2023-12-16"),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::parse("2024-02-30..2024-03-01"),
            Err(PeriodError::OutOfRange)
        );
    }

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(p("2025-04").label(Lang::Vi), "tháng 4/2025");
        assert_eq!(p("2025-04").label(Lang::En), "April 2025");
        assert_eq!(p("2024-H1").label(Lang::Vi), "6 tháng đầu năm 2024");
        assert_eq!(p("2024-H1").label(Lang::En), "first half of 2024");
        assert_eq!(p("2024-Q2").label(Lang::Vi), "quý II/2024");
        assert_eq!(
            p("2023-12-16..2024-01-15").label(Lang::Vi),
            "16/12/2023–15/01/2024"
        );
        assert_eq!(
            p("2023-12-16..2024-01-15").label(Lang::En),
            "16 December 2023 – 15 January 2024"
        );
    }

    /// The fast month forms give what the general formatting gives, for every month.
    #[test]
    fn month_labels_and_keys_match_the_general_form() {
        for year in (1000..=9999).step_by(7).chain([2021, 2025, 9999]) {
            for month in 1..=12 {
                let m = Period::Month { year, month };
                assert_eq!(m.key(), format!("{year:04}-{month:02}"));
                assert_eq!(m.label(Lang::Vi), format!("tháng {month}/{year}"));
                assert_eq!(
                    m.label(Lang::En),
                    format!("{} {year}", MONTHS_EN[month as usize - 1])
                );
            }
        }
        let m = Period::Month {
            year: 2024,
            month: 2,
        };
        let mut all = [
            m,
            Period::Month {
                year: 2023,
                month: 12,
            },
            p("2024-Q1"),
            p("2024-02-01..2024-02-29"),
        ];
        all.sort();
        assert_eq!(
            all[0],
            Period::Month {
                year: 2023,
                month: 12
            }
        );
        assert!(
            m < p("2024-Q1") && m.cmp(&p("2024-02-01..2024-02-29")) != std::cmp::Ordering::Equal
        );
    }

    #[test]
    fn orders_by_end_then_start() {
        let mut v = [
            p("2025-04"),
            p("2024"),
            p("2024-H1"),
            p("2023-12-16..2024-01-15"),
            p("2024-03"),
        ];
        v.sort();
        let keys: Vec<String> = v.iter().map(Period::key).collect();
        assert_eq!(
            keys,
            [
                "2023-12-16..2024-01-15",
                "2024-03",
                "2024-H1",
                "2024",
                "2025-04"
            ]
        );
        assert!(
            p("2024-06") > p("2024-H1"),
            "a month ending the same day is more recent"
        );
    }
}
