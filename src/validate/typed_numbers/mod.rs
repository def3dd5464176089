//! Numbers typed in a report narrative instead of cited live.
//!
//! A number in the prose of `content/reports/…` that is a figure of the report the page is
//! about should be a live figure (`{{ value(…) }}`), so that it follows the data: a warning
//! (`typed-figure`) says which call to write. One that is a digit away from a figure (two
//! adjacent digits swapped, or one digit different: "1.006.215" for 1.006.251) is most likely a
//! slip, and the warning (`typed-figure-differs`) shows both.
//!
//! A report may print one figure several ways, and the data record the other printings
//! (`also_printed`). A typed number that is one of them is a quote of the report, which no live
//! figure can print: it is neither a slip nor a part to cite, unless it is the very number the
//! figure's live citation prints (a count's value, a rate's rate), which is still asked for.
//! The hint names a call that prints the number it replaces; for parts a live figure does not
//! print (a denominator, a rate's counts, the rate of a count) it says so.
//!
//! Read in the page's language (`1.006.251` and `73,72 %` in Vietnamese, `1,006,251` and
//! `73.72%` in English). Left out, to avoid false alarms: years (1900–2100 written without a
//! separator), dates (`05/7/2024`), document numbers (`117/BC-UBND`), section and version
//! numbers (`II.4.1`, `4.2`: not a number in the page's spelling), numbers glued to letters
//! (`L120`, file names), whole numbers below 100 that are not percentages (list items, "Đề án
//! 06", counts of units that match a figure by chance), numbers inside code and inside live
//! figures. A percentage typed with more decimals than a computed rate is rounded to (two) is
//! not that rate. Only whole counts of five digits or more are compared for a slip, and the
//! leading digit is never taken for one: with fewer digits, or with rates (each known rounded
//! several ways), too many numbers lie one digit from some figure by chance (measured on the
//! synthetic national site, whose narratives hold tables of random numbers).
//!
//! Linear: the report's figures are indexed once per page, and each typed number is looked up
//! with each of its one-digit variants.

mod reading;

use super::narrative::Lines;
use super::numbers::{rate, spell};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::RawPage;
use crate::markdown;
use crate::model::{Figure, Lang, Observation, Slug, Unit};
use crate::{FastMap, FastSet};
use reading::{numbers, Key, Typed};
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

/// Which figure a number is, for a message and for the call that cites it.
#[derive(Clone, Copy)]
struct Named<'a> {
    obs: &'a Observation,
    /// `numerator` or `denominator` of a ratio, or the `rate` printed with a count; none for
    /// the figure itself.
    part: Option<&'static str>,
    value: f64,
    /// Whether the live figure `{{ value(…) }}` shows this number: a percent indicator's rate,
    /// any other indicator's count (a ratio's numerator). A denominator, the numerator of a
    /// rate and the rate of a count are parts it does not show.
    live: bool,
}

/// A rate as a key: its value to the fourth decimal (as `numbers::show` prints it), without
/// formatting a string for each of a report's figures.
fn rate_key(x: f64) -> i64 {
    (x * 10_000.0).round() as i64
}

/// The catalogue's percent indicators, by id: looked up for every figure of every report
/// narrative, so made once.
pub struct Percent<'c>(FastSet<&'c str>);

impl<'c> Percent<'c> {
    pub fn new(indicators: &'c BTreeMap<Slug, crate::model::Indicator>) -> Self {
        Percent(
            indicators
                .values()
                .filter(|i| i.unit == Unit::Percent)
                .map(|i| i.id.as_str())
                .collect(),
        )
    }

    fn has(&self, id: &Slug) -> bool {
        self.0.contains(id.as_str())
    }
}

/// A report's figures by value: counts by their whole value, rates by their shown value; and
/// the numbers of the report's other printings of them (`also_printed`).
#[derive(Default)]
struct Figures<'a> {
    counts: FastMap<u64, Named<'a>>,
    rates: FastMap<i64, Named<'a>>,
    printed_counts: FastSet<u64>,
    printed_rates: FastSet<i64>,
}

/// Whether `v` is a count the rule reads: a whole number of three digits or more.
fn is_count(v: f64) -> bool {
    v.fract() == 0.0 && (100.0..9e15).contains(&v)
}

/// The ways a rate computed from counts may be printed: rounded or truncated to 0–2 decimals.
fn printed_forms(computed: f64) -> impl Iterator<Item = f64> {
    (0..=2).flat_map(move |d| {
        let scale = 10f64.powi(d);
        [
            (computed * scale).round() / scale,
            (computed * scale + 1e-7).floor() / scale,
        ]
    })
}

/// Keep the first figure found for a number, unless a later one is one a live figure shows
/// and the first is not: the hint then names a call that prints the number.
fn put<'a, K: std::hash::Hash + Eq>(map: &mut FastMap<K, Named<'a>>, key: K, named: Named<'a>) {
    match map.entry(key) {
        Entry::Vacant(e) => {
            e.insert(named);
        }
        Entry::Occupied(mut e) => {
            if named.live && !e.get().live {
                e.insert(named);
            }
        }
    }
}

impl<'a> Figures<'a> {
    fn new(obs: &[&'a Observation], percent: &Percent) -> Self {
        // Sized once: a figure gives a count or a rate, a computed rate up to six printings.
        let mut f = Figures {
            counts: FastMap::with_capacity_and_hasher(obs.len() * 2, Default::default()),
            rates: FastMap::with_capacity_and_hasher(obs.len() * 2, Default::default()),
            ..Figures::default()
        };
        for o in obs {
            let percent = percent.has(&o.indicator);
            let named = |part, value, live| Named {
                obs: o,
                part,
                value,
                live,
            };
            let count = |f: &mut Figures<'a>, v: f64, part, live| {
                if is_count(v) {
                    put(&mut f.counts, v as u64, named(part, v, live));
                }
            };
            let as_rate = |f: &mut Figures<'a>, v: f64, part, live| {
                put(&mut f.rates, rate_key(v), named(part, v, live));
            };
            match &o.figure {
                Figure::Value(v) if percent => as_rate(&mut f, *v, None, true),
                Figure::Value(v) => count(&mut f, *v, None, true),
                Figure::Ratio {
                    numerator,
                    denominator,
                    stated,
                } => {
                    count(&mut f, *numerator, Some("numerator"), !percent);
                    count(&mut f, *denominator, Some("denominator"), false);
                    let part = if percent { None } else { Some("rate") };
                    match stated {
                        Some(s) => as_rate(&mut f, s.value, part, percent),
                        None if *denominator > 0.0 => {
                            let computed = rate(*numerator, *denominator);
                            for r in printed_forms(computed) {
                                put(&mut f.rates, rate_key(r), named(part, computed, percent));
                            }
                        }
                        None => {}
                    }
                }
                Figure::Stated(s) => as_rate(&mut f, s.value, None, true),
                Figure::CountWithRate { value, stated } => {
                    count(&mut f, *value, None, true);
                    as_rate(&mut f, stated.value, Some("rate"), false);
                }
                Figure::NoCases | Figure::NotApplicable => {}
            }
            for p in o.also_printed() {
                f.add_printing(&p.figure, percent);
            }
        }
        f
    }

    /// Record the numbers of another printing of a figure.
    fn add_printing(&mut self, p: &Figure, percent: bool) {
        let mut count = |v: f64| {
            if is_count(v) {
                self.printed_counts.insert(v as u64);
            }
        };
        let mut rates = Vec::new();
        match p {
            Figure::Value(v) if percent => rates.push(*v),
            Figure::Value(v) => count(*v),
            Figure::Ratio {
                numerator,
                denominator,
                stated,
            } => {
                count(*numerator);
                count(*denominator);
                match stated {
                    Some(s) => rates.push(s.value),
                    None if *denominator > 0.0 => {
                        rates.extend(printed_forms(rate(*numerator, *denominator)))
                    }
                    None => {}
                }
            }
            Figure::Stated(s) => rates.push(s.value),
            Figure::CountWithRate { value, stated } => {
                count(*value);
                rates.push(stated.value);
            }
            Figure::NoCases | Figure::NotApplicable => {}
        }
        self.printed_rates.extend(rates.into_iter().map(rate_key));
    }

    /// Whether `n` is a number of one of the report's other printings.
    fn printed(&self, n: &Key) -> bool {
        if n.percent {
            self.printed_rates.contains(&rate_key(n.value))
        } else {
            n.value.fract() == 0.0 && self.printed_counts.contains(&(n.value as u64))
        }
    }

    fn find(&self, n: &Key) -> Option<Named<'a>> {
        if n.percent {
            // A rate computed from counts is known only as far as it is rounded (to at most
            // two decimals): a number typed with more decimals is not that figure.
            self.rates
                .get(&rate_key(n.value))
                .copied()
                .filter(|hit| (hit.value - n.value).abs() < 1e-9 || n.decimals <= 2)
        } else if n.value.fract() == 0.0 {
            self.counts.get(&(n.value as u64)).copied()
        } else {
            None
        }
    }

    /// A figure one digit away from `n`: two adjacent digits swapped, or one digit changed.
    fn near(&self, n: &Key) -> Option<(Named<'a>, bool)> {
        // Beyond 17 digits no figure is exact in a float: nothing to compare, and a hostile
        // run of digits costs nothing.
        // Fewer than five digits, a report's few dozen figures leave too many numbers one
        // digit from some figure by chance (measured on the synthetic national site: a table
        // of random two-decimal rates had a "near" figure for most rows).
        // Rates are left out: a report's dozens of rates, each known rounded several ways,
        // leave most percentages one digit from some figure by chance.
        let digits = n.digits.as_ref()?.as_bytes();
        if n.percent || n.decimals > 0 || digits.len() < 5 {
            return None;
        }
        // A whole number (no decimals, checked above): its variant's value is the variant.
        let lookup = |variant: &[u8]| {
            let whole = variant
                .iter()
                .fold(0u64, |acc, d| acc * 10 + u64::from(d.saturating_sub(b'0')));
            self.find(&Key {
                value: whole as f64,
                ..*n
            })
        };
        let mut buffer = [0u8; reading::Digits::MAX];
        let v = &mut buffer[..digits.len()];
        v.copy_from_slice(digits);
        for i in 0..digits.len() - 1 {
            if digits[i] != digits[i + 1] && !(i == 0 && digits[1] == b'0') {
                v.swap(i, i + 1);
                if let Some(hit) = lookup(v) {
                    return Some((hit, true));
                }
                v.swap(i, i + 1);
            }
        }
        // A changed leading digit is a different order of figure (83,30 against 23,3), not a
        // slip of the pen: only the digits after it are tried.
        for i in 1..digits.len() {
            for d in b'0'..=b'9' {
                if d == digits[i] {
                    continue;
                }
                v[i] = d;
                if let Some(hit) = lookup(v) {
                    return Some((hit, false));
                }
            }
            v[i] = digits[i];
        }
        None
    }
}

/// A number of the prose that is a figure (`slip` None) or a digit away from one (`slip`:
/// whether two digits are swapped), at its byte offset in the body.
struct Hit<'a> {
    typed: Typed,
    figure: Named<'a>,
    slip: Option<bool>,
    body_at: usize,
}

/// Every number of `body`'s prose that is, or nearly is, a figure of `report`, in order.
fn hits<'a>(
    body: &str,
    lang: Lang,
    report: &[&'a Observation],
    indicators: &Percent,
) -> Vec<Hit<'a>> {
    let mut out = Vec::new();
    if report.is_empty() || reading::next_digit(body.as_bytes(), 0).is_none() {
        return out;
    }
    let figures = Figures::new(report, indicators);
    // Most narratives type no figure: a read of the raw text, cheaper than parsing the
    // Markdown, proves it for them.
    let maybe =
        |n: &Key| figures.find(n).is_some() || figures.printed(n) || figures.near(n).is_some();
    if reading::candidates(body, lang).is_some_and(|all| !all.iter().any(maybe)) {
        return out;
    }
    for (text, offsets) in markdown::prose(body) {
        for n in numbers(&text, lang) {
            // A number a live figure shows is asked to be one; else a number the report prints
            // elsewhere (`also_printed`) is a quote of that printing, which no live figure
            // shows: neither a part to cite nor a slip.
            let (figure, slip) = match figures.find(&n.key) {
                Some(hit) if hit.live => (hit, None),
                _ if figures.printed(&n.key) => continue,
                Some(hit) => (hit, None),
                None => match figures.near(&n.key) {
                    Some((hit, swapped)) => (hit, Some(swapped)),
                    None => continue,
                },
            };
            if let Some(&body_at) = offsets.get(n.at) {
                out.push(Hit {
                    typed: n,
                    figure,
                    slip,
                    body_at,
                });
            }
        }
    }
    out
}

/// Whether `check` has something to say about the numbers typed in `body`, a narrative of
/// the report whose figures are `report`: `serve`'s fast path, which keeps the warnings of
/// the last whole build, leaves such an edit to a whole build.
pub fn any_typed_figure(
    body: &str,
    lang: Lang,
    report: &[&Observation],
    indicators: &Percent,
) -> bool {
    !hits(body, lang, report, indicators).is_empty()
}

/// Warn about each number of `page`'s prose that is, or nearly is, a figure of its report.
pub(crate) fn check(
    diags: &mut Diagnostics,
    file: &str,
    page: &RawPage,
    lang: Lang,
    report: &[&Observation],
    indicators: &Percent,
) {
    let mut lines = Lines::new(&page.body);
    let mut typed = Vec::new();
    for hit in hits(&page.body, lang, report, indicators) {
        let (line, column) = lines.position(hit.body_at);
        let at = Position {
            line: line + page.body_line - 1,
            column,
        };
        match hit.slip {
            Some(swapped) => {
                diags.push(differs(file, &hit.typed, &hit.figure, swapped).at(Some(at)))
            }
            None => typed.push((hit.typed, hit.figure, at)),
        }
    }
    if let Some((_, _, first)) = typed.first() {
        diags.push(typed_by_hand(file, &typed).at(Some(*first)));
    }
}

/// How many typed figures one warning lists by name.
const LISTED: usize = 12;

/// The figures of a report typed by hand in one narrative: one warning for the page, at the
/// first, listing each (up to [`LISTED`]) with its line and column.
fn typed_by_hand(file: &str, typed: &[(Typed, Named, Position)]) -> Diagnostic {
    let list = |vi: bool| {
        let mut items: Vec<String> = typed
            .iter()
            .take(LISTED)
            .map(|(n, hit, at)| {
                let (what, _) = describe(hit);
                let what = if vi { describe(hit).1 } else { what };
                format!("\"{}\" ({}:{}, {what})", n.text, at.line, at.column)
            })
            .collect();
        if typed.len() > LISTED {
            let more = typed.len() - LISTED;
            items.push(if vi {
                format!("và {more} số khác")
            } else {
                format!("and {more} more")
            });
        }
        items.join(", ")
    };
    let count = typed.len();
    // The example names a call that prints the number it replaces, if there is one.
    let (help, help_vi) = match typed.iter().find(|(_, hit, _)| hit.live) {
        Some((_, hit, _)) => {
            let call = call(hit);
            (
                format!("cite each live, so that it follows the data, e.g. {call}"),
                format!("hãy chèn từng số trực tiếp từ dữ liệu để chúng luôn khớp, ví dụ {call}"),
            )
        }
        None => {
            let call = call(&typed[0].1);
            (
                format!("a live figure does not print these parts (a numerator, a denominator, or the rate printed with a count): cite the figure itself live, e.g. {call}, and leave its parts to the page's table of figures"),
                format!("lệnh chèn số liệu không in các thành phần này (tử số, mẫu số, hay tỷ lệ in kèm một số đếm): hãy chèn chính số liệu đó, ví dụ {call}, và để bảng số liệu của trang nêu các thành phần"),
            )
        }
    };
    let (these, these_vi) = if count == 1 {
        (
            "1 number typed by hand is a figure of this report".to_string(),
            "1 số được gõ tay là số liệu của báo cáo này".to_string(),
        )
    } else {
        (
            format!("{count} numbers typed by hand are figures of this report"),
            format!("{count} số được gõ tay là số liệu của báo cáo này"),
        )
    };
    Diagnostic::warning(
        "typed-figure",
        file,
        format!(
            "{these}, and would not follow a correction of the data: {}",
            list(false)
        ),
    )
    .help(help)
    .vi(format!(
        "{these_vi}, và sẽ không được cập nhật khi dữ liệu được sửa: {}",
        list(true)
    ))
    .vi_help(help_vi)
}

/// Which figure `hit` is, in English and in Vietnamese: "the numerator of `x`, service y".
fn describe(hit: &Named) -> (String, String) {
    let id = &hit.obs.indicator;
    let (what, what_vi) = match hit.part {
        Some("numerator") => (
            format!("the numerator of `{id}`"),
            format!("tử số của `{id}`"),
        ),
        Some("rate") => (
            format!("the printed rate of `{id}`"),
            format!("tỷ lệ in kèm của `{id}`"),
        ),
        Some(_) => (
            format!("the denominator of `{id}`"),
            format!("mẫu số của `{id}`"),
        ),
        None => (format!("`{id}`"), format!("`{id}`")),
    };
    match &hit.obs.breakdown {
        Some((d, m)) => (format!("{what}, {d} {m}"), format!("{what_vi}, {d} {m}")),
        None => (what, what_vi),
    }
}

/// The live figure that cites `hit`.
fn call(hit: &Named) -> String {
    let id = &hit.obs.indicator;
    match &hit.obs.breakdown {
        Some((d, m)) => format!("{{{{ value(indicator=\"{id}\", {d}=\"{m}\") }}}}"),
        None => format!("{{{{ value(indicator=\"{id}\") }}}}"),
    }
}

fn differs(file: &str, n: &Typed, hit: &Named, swapped: bool) -> Diagnostic {
    let (what, what_vi) = describe(hit);
    let call = call(hit);
    let typed = &n.text;
    // The figure in the spelling of the typed number, a printed rate with its decimals.
    let figure = |lang| {
        let printed = match hit.obs.figure {
            Figure::Stated(s)
            | Figure::Ratio {
                stated: Some(s), ..
            } if n.key.percent => {
                let fixed = format!("{:.d$}", s.value, d = s.decimals.min(6) as usize);
                Some(match lang {
                    Lang::Vi => fixed.replace('.', ","),
                    Lang::En => fixed,
                })
            }
            _ => None,
        };
        let spelled = printed.unwrap_or_else(|| spell(hit.value, lang));
        if n.key.percent {
            format!("{spelled} %")
        } else {
            spelled
        }
    };
    let figure = figure(n.lang);
    let (how, how_vi) = if swapped {
        (
            "two adjacent digits swapped",
            "hai chữ số liền nhau bị đảo chỗ",
        )
    } else {
        ("one digit different", "khác một chữ số")
    };
    Diagnostic::warning(
        "typed-figure-differs",
        file,
        format!("\"{typed}\" is typed, but {what} of this report is {figure} ({how})"),
    )
    .help(format!("if the sentence means the report's figure, cite it live: {call}; if it quotes a different number on purpose, check it against the report"))
    .vi(format!("\"{typed}\" được gõ tay, nhưng số liệu {what_vi} của báo cáo này là {figure} ({how_vi})"))
    .vi_help(format!("nếu câu văn nói về số liệu của báo cáo, hãy chèn trực tiếp từ dữ liệu: {call}; nếu câu văn cố ý dẫn một số khác, hãy đối chiếu lại với báo cáo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1.006.251 / 1.256.188 printed "80,10 %" (Bình Định's e-ID activations), with the
    /// report's other printings of it.
    fn activations(also_printed: Vec<Figure>) -> Observation {
        Observation::bare("x", "y", "2024-H1", ratio(1_006_251.0, 80.10)).with_rare(
            crate::model::Rare {
                also_printed: also_printed
                    .into_iter()
                    .map(|figure| crate::model::Printing {
                        figure,
                        source: "x.txt".into(),
                        note: None,
                    })
                    .collect(),
                ..Default::default()
            },
        )
    }

    fn ratio(numerator: f64, stated: f64) -> Figure {
        Figure::Ratio {
            numerator,
            denominator: 1_256_188.0,
            stated: Some(crate::model::StatedRate {
                value: stated,
                decimals: 2,
            }),
        }
    }

    #[test]
    fn finds_a_swapped_or_changed_digit() {
        let obs = activations(Vec::new());
        let none = BTreeMap::new();
        let figures = Figures::new(&[&obs], &Percent::new(&none));
        let typed = |t: &str| numbers(t, Lang::Vi).into_iter().next().unwrap();
        assert!(figures.find(&typed("1.006.251 người").key).is_some());
        assert!(figures.find(&typed("80,1 %").key).is_some());
        let near = |t: &str| figures.near(&typed(t).key).map(|(_, swapped)| swapped);
        assert_eq!(near("1.006.215 người"), Some(true));
        assert_eq!(near("1.006.351 người"), Some(false));
        // Four digits are too few to tell a slip from chance; the leading digit is never a slip.
        assert_eq!(near("80,01 %"), None);
        assert_eq!(near("2.006.251 người"), None);
        assert_eq!(near("2.006.999 người"), None);
    }

    #[test]
    fn a_quoted_printing_is_left_alone_but_the_figure_is_not() {
        let obs = activations(vec![
            Figure::Stated(crate::model::StatedRate {
                value: 80.01,
                decimals: 2,
            }),
            ratio(1_006_215.0, 80.10),
            // The appendix reprints the figure's own counts (Bình Định's row 25).
            ratio(1_006_251.0, 80.1),
        ]);
        let found = |body: &str| {
            hits(body, Lang::Vi, &[&obs], &Percent::new(&BTreeMap::new()))
                .into_iter()
                .map(|h| (h.typed.text, h.figure.part, h.slip))
                .collect::<Vec<_>>()
        };
        // Another printing, a digit away from the figure: a quote, not a slip.
        assert!(found("mục III in 80,01 %").is_empty());
        assert!(found("phụ lục ghi 1.006.215 người").is_empty());
        // The figure's own numerator, printed alike in the appendix, is still a figure (a
        // count indicator's live figure prints it); a slip beside no printing is still one.
        assert_eq!(
            found("đã kích hoạt 1.006.251 tài khoản"),
            vec![("1.006.251".to_string(), Some("numerator"), None)]
        );
        assert_eq!(found("1.006.521 tài khoản").len(), 1);
        // A part no live figure prints, printed again elsewhere: a quote of the report.
        assert!(found("trên 1.256.188 người").is_empty());
    }
}
