//! Dates and periods as Vietnamese reports write them, read from folded text (see
//! [`super::numbers::fold_line`]): days (`15/5/2022`, `ngày 05 tháng 7 năm 2024`), months
//! (`tháng 4/2025`, `tháng 4 năm 2025`), quarters (`Quý II/2024`), halves (`6 tháng đầu năm
//! 2024`), the first months of a year (`5 tháng đầu năm 2024`), years (`năm 2024`) and ranges
//! (`từ ngày 16/12/2023 đến ngày 15/01/2024`); and the anchors of a figure: an as-of day
//! (`tính đến ngày …`), a start (`từ ngày … đến nay`, `lũy kế từ …`, `từ đầu năm …`) and the
//! cumulative markers (`lũy kế`, `đến nay`).
//!
//! Output: machine forms, the ones `Period::parse` and the tables read (`2025-04`, `2024-Q2`,
//! `2024-H1`, `2024`, `2023-12-16..2024-01-15`, days `2024-03-20`).

use crate::model::Date;
use regex::Regex;
use std::sync::LazyLock;

/// A compiled pattern. The patterns are constants, compiled once; a test compiles every one
/// of them, so `None` (a pattern that does not compile) never reaches a user.
type Pattern = LazyLock<Option<Regex>>;

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        pub(super) static $name: Pattern = LazyLock::new(|| Regex::new($re).ok());
    };
}

pattern!(
    DAY_SLASH,
    r"\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})\b"
);
pattern!(
    DAY_WORDS,
    r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"
);
pattern!(
    HALF,
    r"\b(?:6|06|sau)\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?"
);
pattern!(
    FIRST_MONTHS,
    r"\b(\d{1,2})\s+thang\s+dau\s+nam(?:\s+(\d{4}))?"
);
pattern!(
    QUARTER,
    r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})"
);
pattern!(MONTH, r"\bthang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})");
pattern!(YEAR, r"\bnam\s+(\d{4})\b");
pattern!(
    RANGE_LINK,
    r"^\s*(?:den|-|–)\s*(?:ngay\s+)?(?:den\s+ngay\s+)?$"
);
pattern!(RANGE_OPEN, r"(?:\btu|\btinh)\s+(?:ngay\s+)?$");
pattern!(AS_OF_BEFORE, r"(?:\bden|\btai)\s+(?:het\s+)?(?:ngay\s+)?$");
pattern!(SINCE_BEFORE, r"(?:\btu|luy\s+ke\s+tu)\s+(?:ngay\s+)?$");
pattern!(SINCE_AFTER, r"^\s*(?:den\s+nay|den\s+thoi\s+diem)");
pattern!(SINCE_YEAR, r"\btu\s+dau\s+nam\s+(\d{4})");
pattern!(
    SINCE_MONTH,
    r"luy\s+ke\s+tu\s+thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?"
);
pattern!(
    CUMULATIVE,
    r"\bluy\s+ke\b|\bden\s+nay\b|\bden\s+thoi\s+diem\s+hien\s+tai\b"
);
pattern!(IN_PERIOD, r"\btrong\s+(?:thang|ky|quy|tuan)\b");

/// Every pattern of the module, for the test that compiles them.
#[cfg(test)]
pub(super) fn all() -> Vec<&'static Pattern> {
    vec![
        &DAY_SLASH,
        &DAY_WORDS,
        &HALF,
        &FIRST_MONTHS,
        &QUARTER,
        &MONTH,
        &YEAR,
        &RANGE_LINK,
        &RANGE_OPEN,
        &AS_OF_BEFORE,
        &SINCE_BEFORE,
        &SINCE_AFTER,
        &SINCE_YEAR,
        &SINCE_MONTH,
        &CUMULATIVE,
        &IN_PERIOD,
    ]
}

/// The pattern, when it compiled.
pub(super) fn re(p: &'static Pattern) -> Option<&'static Regex> {
    p.as_ref()
}

/// Whether `p` matches `text`.
pub(super) fn matches(p: &'static Pattern, text: &str) -> bool {
    re(p).is_some_and(|r| r.is_match(text))
}

fn num<T: std::str::FromStr>(m: Option<regex::Match>) -> Option<T> {
    m.and_then(|m| m.as_str().parse().ok())
}

/// A day written in the text, with its byte span in the folded line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySpan {
    pub start: usize,
    pub end: usize,
    pub date: Date,
}

/// The days of a folded line, in order.
pub fn days(folded: &str) -> Vec<DaySpan> {
    let mut out = Vec::new();
    for p in [&DAY_SLASH, &DAY_WORDS] {
        let Some(r) = re(p) else { continue };
        for c in r.captures_iter(folded) {
            let (Some(d), Some(m), Some(y)) = (num(c.get(1)), num(c.get(2)), num(c.get(3))) else {
                continue;
            };
            let Some(whole) = c.get(0) else { continue };
            if let Some(date) = Date::new(y, m, d) {
                out.push(DaySpan {
                    start: whole.start(),
                    end: whole.end(),
                    date,
                });
            }
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

/// A period found in the text and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// The machine form (`2024-H1`).
    pub key: String,
}

fn roman(q: &str) -> Option<u32> {
    match q {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// Every period written in a folded line, most specific first where two overlap (a range
/// before the days it is made of), then in order of appearance. `year` fills in a half
/// written without its year (`6 tháng đầu năm`).
pub fn periods(folded: &str, year: Option<i32>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let days = days(folded);
    for pair in days.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let between = folded.get(a.end..b.start).unwrap_or("x");
        let before = folded.get(..a.start).unwrap_or("");
        if matches(&RANGE_LINK, between) && (matches(&RANGE_OPEN, before) || between.contains('-'))
        {
            out.push(Found {
                start: a.start,
                end: b.end,
                key: format!("{}..{}", a.date, b.date),
            });
        }
    }
    let mut push = |p: &'static Pattern, make: &dyn Fn(&regex::Captures) -> Option<String>| {
        let Some(r) = re(p) else { return };
        for c in r.captures_iter(folded) {
            let Some(whole) = c.get(0) else { continue };
            if let Some(key) = make(&c) {
                out.push(Found {
                    start: whole.start(),
                    end: whole.end(),
                    key,
                });
            }
        }
    };
    push(&HALF, &|c| {
        let y: i32 = num(c.get(2)).or(year)?;
        let half = if c.get(1)?.as_str() == "dau" { 1 } else { 2 };
        Some(format!("{y}-H{half}"))
    });
    push(&FIRST_MONTHS, &|c| {
        let n: u32 = num(c.get(1))?;
        let y: i32 = num(c.get(2)).or(year)?;
        match n {
            6 => None,
            3 => Some(format!("{y}-Q1")),
            1..=11 => Some(format!("{y}-01-01..{}", Date::end_of_month(y, n)?)),
            _ => None,
        }
    });
    push(&QUARTER, &|c| {
        Some(format!(
            "{}-Q{}",
            num::<i32>(c.get(2))?,
            roman(c.get(1)?.as_str())?
        ))
    });
    push(&MONTH, &|c| {
        let m: u32 = num(c.get(1))?;
        let y: i32 = num(c.get(2))?;
        (1..=12).contains(&m).then(|| format!("{y}-{m:02}"))
    });
    push(&YEAR, &|c| {
        let y: i32 = num(c.get(1))?;
        (1990..=2100).contains(&y).then(|| y.to_string())
    });
    // Drop a period inside a larger one found earlier (the year of `tháng 4 năm 2025`).
    let mut kept: Vec<Found> = Vec::new();
    for f in out {
        if !kept.iter().any(|k| k.start <= f.start && f.end <= k.end) {
            kept.push(f);
        }
    }
    kept
}

/// The anchors of a figure, read in the words of its sentence before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    /// `tính đến ngày …`, `đến ngày …`.
    pub as_of: Option<Date>,
    /// `từ ngày … đến nay`, `lũy kế từ …`, `từ đầu năm …`: a day or a month (`2024-02`).
    pub since: Option<String>,
    /// `lũy kế`, `đến nay`.
    pub cumulative: bool,
    /// `trong tháng`, `trong kỳ`.
    pub in_period: bool,
}

/// The anchors stated in `before` (the folded sentence up to the figure); `year` completes a
/// month written alone (`lũy kế từ tháng 02`).
pub fn anchors(before: &str, year: Option<i32>) -> Anchors {
    let mut a = Anchors {
        cumulative: matches(&CUMULATIVE, before),
        in_period: matches(&IN_PERIOD, before),
        ..Anchors::default()
    };
    for d in days(before) {
        let head = before.get(..d.start).unwrap_or("");
        let tail = before.get(d.end..).unwrap_or("");
        if matches(&SINCE_BEFORE, head) && matches(&SINCE_AFTER, tail) {
            a.since = Some(d.date.to_string());
            a.cumulative = true;
        } else if head.ends_with("luy ke tu ") || head.ends_with("luy ke tu ngay ") {
            a.since = Some(d.date.to_string());
        } else if matches(&AS_OF_BEFORE, head) {
            a.as_of = Some(d.date);
        }
    }
    if let Some(c) = re(&SINCE_YEAR).and_then(|r| r.captures(before)) {
        if let Some(y) = num::<i32>(c.get(1)) {
            a.since = Some(format!("{y}-01-01"));
        }
    }
    if let Some(c) = re(&SINCE_MONTH).and_then(|r| r.captures(before)) {
        let y = num::<i32>(c.get(2)).or(a.as_of.map(|d| d.year())).or(year);
        if let (Some(m), Some(y)) = (num::<u32>(c.get(1)), y) {
            if (1..=12).contains(&m) {
                a.since = Some(format!("{y}-{m:02}"));
            }
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for p in all() {
            assert!(p.is_some());
        }
    }
}
