//! Numbers, money, dates and figures written the way each language writes them.
//!
//! Vietnamese: `1.563.652`, `47,41 %`, `28/02/2025`; English: `1,563,652`, `47.41%`,
//! `28 February 2025`. Everything a reader sees goes through here, so the two languages never
//! drift apart. Pure functions: no locale database, no system settings, same output everywhere.

use crate::model::{Date, Figure, Lang, Period, Qualifier, Since, Unit};

/// Push the digits of a non-negative integer grouped by three: `1563652` → `1.563.652` /
/// `1,563,652`.
fn push_grouped(out: &mut String, digits: &str, lang: Lang) {
    let (sep, _) = lang.separators();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

/// The decimal digits of `n`, at least `width` of them (zeros in front), in `buf`.
fn digits(mut n: u64, width: usize, buf: &mut [u8; 20]) -> &str {
    let mut start = buf.len();
    while n > 0 || buf.len() - start < width.max(1) {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[start..]).unwrap_or("0")
}

/// A number with at most `max_decimals` decimals (trailing zeros dropped), grouped and with the
/// language's decimal mark.
pub fn number(x: f64, max_decimals: usize, lang: Lang) -> String {
    let abs = x.abs();
    // Whole numbers (most counts) are written as integers, which is exact below 2^53, and
    // most others are rounded by integers (see `rounded`): both give the digits of Rust's
    // formatting, much faster (a national build writes a million numbers).
    let parts = if abs.fract() == 0.0 && abs < 9_007_199_254_740_992.0 {
        Some((abs as u64, 0, 0))
    } else {
        rounded(abs, max_decimals)
    };
    let Some((int, mut frac, mut decimals)) = parts else {
        return number_exact(x, max_decimals, lang);
    };
    while decimals > 0 && frac % 10 == 0 {
        frac /= 10;
        decimals -= 1;
    }
    let mut out = String::with_capacity(24);
    if x < 0.0 && (int != 0 || decimals > 0) {
        out.push('-');
    }
    let mut buf = [0u8; 20];
    push_grouped(&mut out, digits(int, 1, &mut buf), lang);
    if decimals > 0 {
        out.push(decimal_mark(lang));
        out.push_str(digits(frac, decimals, &mut buf));
    }
    out
}

fn decimal_mark(lang: Lang) -> char {
    lang.separators().1
}

/// [`number`] through Rust's formatting of the exact value.
fn number_exact(x: f64, max_decimals: usize, lang: Lang) -> String {
    let abs = x.abs();
    let text = format!("{abs:.max_decimals$}");
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if x < 0.0 && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    push_grouped(&mut out, int, lang);
    if !frac.is_empty() {
        out.push(decimal_mark(lang));
        out.push_str(frac);
    }
    out
}

/// `{abs:.decimals$}` by integer arithmetic, as (whole part, fraction, decimals), when that
/// is certain to give the same digits: `abs × 10^decimals` below 10^12 (its rounding error is
/// then under 0.00013) and not within 0.001 of a half, where the exact value decides. `None`
/// otherwise: the caller formats the exact value.
fn rounded(abs: f64, decimals: usize) -> Option<(u64, u64, usize)> {
    const POWERS: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];
    let scale = *POWERS.get(decimals)?;
    let scaled = abs * scale;
    if !(0.0..1e12).contains(&scaled) || (scaled.fract() - 0.5).abs() <= 0.001 {
        return None;
    }
    let n = scaled.round() as u64;
    let unit = scale as u64;
    Some((n / unit, n % unit, decimals))
}

/// A percentage: `47,41 %` / `47.41%`. The Vietnamese space is a no-break space (U+00A0),
/// so that a narrow screen never puts the `%` alone at the start of a line.
pub fn percent(x: f64, lang: Lang) -> String {
    let mut n = number(x, 2, lang);
    n.push_str(match lang {
        Lang::Vi => "\u{a0}%",
        Lang::En => "%",
    });
    n
}

/// `text` with its first letter in upper case: a label that starts a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A label placed after other words ("By essential public service", "3 hoàn thành"): its
/// first letter in lower case, unless it starts an abbreviation or a name ("UBND", "VNeID":
/// the second letter is not a lower-case one).
pub fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => label.to_string(),
    }
}

/// Money in đồng, scaled to the words readers use: `18,535 tỷ đồng` / `VND 18.535 billion`.
pub fn vnd(x: f64, lang: Lang) -> String {
    let (scaled, vi_word, en_word) = if x.abs() >= 1e9 {
        (x / 1e9, "tỷ đồng", "billion")
    } else if x.abs() >= 1e6 {
        (x / 1e6, "triệu đồng", "million")
    } else {
        (x, "đồng", "")
    };
    let n = number(scaled, 3, lang);
    match lang {
        Lang::Vi => format!("{n} {vi_word}"),
        Lang::En if en_word.is_empty() => format!("VND {n}"),
        Lang::En => format!("VND {n} {en_word}"),
    }
}

/// A value in an indicator's unit.
pub fn in_unit(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => percent(x, lang),
        Unit::Vnd => vnd(x, lang),
        Unit::Count | Unit::Persons | Unit::Points => number(x, 2, lang),
    }
}

/// An axis tick: a percentage, or a number with at most one decimal.
pub fn axis_tick(v: f64, is_percent: bool, lang: Lang) -> String {
    if is_percent {
        percent(v, lang)
    } else {
        number(v, 1, lang)
    }
}

/// A date: `28/02/2025` / `28 February 2025`, as [`Date::label`] writes every day a reader sees.
pub fn date(d: Date, lang: Lang) -> String {
    d.label(lang)
}

/// Where a cumulative count starts: a day as [`date`] writes it, or a month as a period
/// label (`tháng 2/2024` / `February 2024`) when the report names only the month.
pub fn since(s: Since, lang: Lang) -> String {
    match s {
        Since::Day(d) => date(d, lang),
        Since::Month(d) => Period::Month {
            year: d.year(),
            month: d.month(),
        }
        .label(lang),
    }
}

/// How a figure reads: the headline and, for a ratio, the detail ("31.136/42.237").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FigureText {
    pub headline: String,
    pub detail: Option<String>,
    /// The rate as printed, when it differs from the one computed from the counts.
    pub stated_differs: Option<String>,
}

/// The words a figure may need, from the theme's interface strings.
#[derive(Debug, Clone, Copy)]
pub struct FigureWords<'a> {
    pub no_cases: &'a str,
    pub not_applicable: &'a str,
    pub approx: &'a str,
    pub at_least: &'a str,
    /// A rate printed beside a count without its denominator: "(đạt {rate})".
    pub printed_rate: &'a str,
}

impl<'a> FigureWords<'a> {
    pub fn from_strings(t: &'a crate::theme::Strings) -> FigureWords<'a> {
        FigureWords {
            no_cases: t.get("figure_no_cases"),
            not_applicable: t.get("figure_not_applicable"),
            approx: t.get("qualifier_approx"),
            at_least: t.get("qualifier_at_least"),
            printed_rate: t.get("figure_printed_rate"),
        }
    }
}

/// Write a figure of an indicator with `unit`. `words` are looked up only for a figure that
/// needs them (most are plain numbers).
pub fn figure<'w>(
    f: &Figure,
    unit: Unit,
    qualifier: Option<Qualifier>,
    lang: Lang,
    words: impl Fn() -> FigureWords<'w>,
) -> FigureText {
    let mut text = match f {
        Figure::Value(v) => FigureText {
            headline: in_unit(*v, unit, lang),
            detail: None,
            stated_differs: None,
        },
        Figure::Stated(s) => FigureText {
            headline: percent(s.value, lang),
            detail: None,
            stated_differs: None,
        },
        Figure::CountWithRate { value, stated } => FigureText {
            headline: in_unit(*value, unit, lang),
            detail: Some(
                words()
                    .printed_rate
                    .replace("{rate}", &percent(stated.value, lang)),
            ),
            stated_differs: None,
        },
        Figure::Ratio {
            numerator,
            denominator,
            stated,
        } => {
            let computed = numerator / denominator * 100.0;
            let counts = format!(
                "{}/{}",
                number(*numerator, 0, lang),
                number(*denominator, 0, lang)
            );
            let differs = stated
                .filter(|s| !crate::model::rules::stated_agrees(computed, s.value, s.decimals))
                .map(|s| percent(s.value, lang));
            if unit == Unit::Percent {
                FigureText {
                    headline: percent(computed, lang),
                    detail: Some(counts),
                    stated_differs: differs,
                }
            } else {
                FigureText {
                    headline: in_unit(*numerator, unit, lang),
                    detail: Some(format!("{counts} ({})", percent(computed, lang))),
                    stated_differs: differs,
                }
            }
        }
        Figure::NoCases => FigureText {
            headline: words().no_cases.to_string(),
            detail: None,
            stated_differs: None,
        },
        Figure::NotApplicable => FigureText {
            headline: words().not_applicable.to_string(),
            detail: None,
            stated_differs: None,
        },
    };
    if let Some(q) = qualifier {
        let words = words();
        let word = match q {
            Qualifier::Approx => words.approx,
            Qualifier::AtLeast => words.at_least,
        };
        text.headline = format!("{word} {}", text.headline);
    }
    text
}

/// The number a figure stands for, for sorting and comparing with targets: the rate for a
/// percent indicator, the count otherwise. `None` for "no cases" and "not applicable".
pub fn figure_number(f: &Figure, unit: Unit) -> Option<f64> {
    match f {
        Figure::Value(v) => Some(*v),
        Figure::Stated(s) => Some(s.value),
        // The count: the printed rate has no denominator to stand on.
        Figure::CountWithRate { value, .. } => Some(*value),
        Figure::Ratio {
            numerator,
            denominator,
            ..
        } => Some(if unit == Unit::Percent {
            numerator / denominator * 100.0
        } else {
            *numerator
        }),
        Figure::NoCases => Some(0.0),
        Figure::NotApplicable => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatedRate;

    const VI: FigureWords = FigureWords {
        no_cases: "Không phát sinh",
        not_applicable: "Không áp dụng",
        approx: "khoảng",
        at_least: "hơn",
        printed_rate: "(đạt {rate})",
    };

    /// The integer paths give the digits of Rust's own formatting, on 200,000 values of every
    /// magnitude a dashboard prints, whole numbers, ties and near-ties included.
    #[test]
    fn rounding_by_integers_matches_rusts_formatting() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut fast = 0;
        for i in 0..200_000u64 {
            let r = next();
            let magnitude = 10f64.powi((r % 13) as i32 - 3);
            let x = match i % 5 {
                // Exact ties and near-ties in binary (x.xx5, x.xxx5).
                0 => (r % 100_000) as f64 / 1000.0 + 0.0005,
                1 => (r % 1_000_000) as f64 / 200.0,
                2 => (r % 10_000_000_000) as f64,
                _ => (r >> 11) as f64 / (1u64 << 53) as f64 * magnitude,
            };
            for decimals in 0..=3 {
                if let Some((int, frac, d)) = rounded(x, decimals) {
                    fast += 1;
                    let got = match d {
                        0 => int.to_string(),
                        _ => format!("{int}.{frac:0d$}"),
                    };
                    assert_eq!(got, format!("{x:.decimals$}"), "{x} to {decimals} decimals");
                }
                let lang = if i % 2 == 0 { Lang::Vi } else { Lang::En };
                let y = if i % 3 == 0 { -x } else { x };
                assert_eq!(
                    number(y, decimals, lang),
                    number_exact(y, decimals, lang),
                    "{y}"
                );
            }
        }
        assert!(fast > 400_000, "the integer path was taken {fast} times");
        for (x, d) in [
            (0.125, 2),
            (2.675, 2),
            (1.005, 2),
            (0.5, 0),
            (1.5, 0),
            (1e12, 2),
        ] {
            assert_eq!(rounded(x, d), None, "{x} is left to the exact formatting");
        }
    }

    #[test]
    fn a_label_after_other_words_starts_in_lower_case_unless_it_is_an_abbreviation() {
        assert_eq!(
            mid_sentence("Dịch vụ công thiết yếu"),
            "dịch vụ công thiết yếu"
        );
        assert_eq!(
            mid_sentence("Essential public service"),
            "essential public service"
        );
        assert_eq!(mid_sentence("Đơn vị"), "đơn vị");
        assert_eq!(mid_sentence("UBND cấp xã"), "UBND cấp xã");
        assert_eq!(mid_sentence("VNeID"), "VNeID");
        assert_eq!(mid_sentence("X"), "X");
        assert_eq!(mid_sentence(""), "");
        assert_eq!(capitalised("đơn vị"), "Đơn vị");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(number(1563652.0, 0, Lang::Vi), "1.563.652");
        assert_eq!(number(1563652.0, 0, Lang::En), "1,563,652");
        assert_eq!(percent(47.41, Lang::Vi), "47,41\u{a0}%");
        assert_eq!(percent(47.41, Lang::En), "47.41%");
        assert_eq!(percent(100.0, Lang::Vi), "100\u{a0}%");
        assert_eq!(number(999.0, 0, Lang::Vi), "999");
        assert_eq!(number(1000.0, 0, Lang::Vi), "1.000");
        assert_eq!(number(0.14, 2, Lang::En), "0.14");
        assert_eq!(number(-1819.0, 0, Lang::Vi), "-1.819");
        assert_eq!(number(-0.001, 2, Lang::Vi), "0");
        assert_eq!(number(2.0, 2, Lang::Vi), "2");
        assert_eq!(number(12.5, 0, Lang::En), "12");
        assert_eq!(number(1e20, 0, Lang::En), "100,000,000,000,000,000,000");
        assert_eq!(number(1234.5678, 3, Lang::Vi), "1.234,568");
    }

    #[test]
    fn money_and_dates() {
        assert_eq!(vnd(18_535_000_000.0, Lang::Vi), "18,535 tỷ đồng");
        assert_eq!(vnd(18_535_000_000.0, Lang::En), "VND 18.535 billion");
        assert_eq!(vnd(44_000_000.0, Lang::Vi), "44 triệu đồng");
        let d = Date::new(2025, 2, 28).unwrap_or_else(|| panic!("valid date"));
        assert_eq!(date(d, Lang::Vi), "28/02/2025");
        assert_eq!(date(d, Lang::En), "28 February 2025");
        let day = Date::new(2024, 7, 1).unwrap_or_else(|| panic!("valid date"));
        assert_eq!(since(Since::Day(day), Lang::Vi), "01/07/2024");
        assert_eq!(since(Since::Day(day), Lang::En), "1 July 2024");
        let month = Date::new(2024, 2, 1).unwrap_or_else(|| panic!("valid date"));
        assert_eq!(since(Since::Month(month), Lang::Vi), "tháng 2/2024");
        assert_eq!(since(Since::Month(month), Lang::En), "February 2024");
    }

    #[test]
    fn figures_show_counts_and_flag_misprinted_rates() {
        let f = Figure::Ratio {
            numerator: 16.0,
            denominator: 1166.0,
            stated: Some(StatedRate {
                value: 0.14,
                decimals: 2,
            }),
        };
        let t = figure(&f, Unit::Percent, None, Lang::Vi, || VI);
        assert_eq!(t.headline, "1,37\u{a0}%");
        assert_eq!(t.detail.as_deref(), Some("16/1.166"));
        assert_eq!(t.stated_differs.as_deref(), Some("0,14\u{a0}%"));
        let c = figure(
            &Figure::Ratio {
                numerator: 1_006_251.0,
                denominator: 1_256_188.0,
                stated: None,
            },
            Unit::Count,
            None,
            Lang::En,
            || VI,
        );
        assert_eq!(c.headline, "1,006,251");
        assert_eq!(c.detail.as_deref(), Some("1,006,251/1,256,188 (80.1%)"));
        let q = figure(
            &Figure::Value(160_000.0),
            Unit::Persons,
            Some(Qualifier::AtLeast),
            Lang::Vi,
            || VI,
        );
        assert_eq!(q.headline, "hơn 160.000");
        let printed = Figure::CountWithRate {
            value: 947_684.0,
            stated: StatedRate {
                value: 99.2,
                decimals: 1,
            },
        };
        let p = figure(&printed, Unit::Count, None, Lang::Vi, || VI);
        assert_eq!(p.headline, "947.684");
        assert_eq!(p.detail.as_deref(), Some("(đạt 99,2\u{a0}%)"));
        assert_eq!(figure_number(&printed, Unit::Count), Some(947_684.0));
    }
}
