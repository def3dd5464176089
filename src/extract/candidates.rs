//! The figures of a report, line by line: counts, rates, fractions `X/Y`, sums of money,
//! "no cases", each with the words that anchor it (as-of day, start, cumulative, period),
//! its qualifier (`khoảng`, `hơn`, `trên`), a change (`tăng`, `giảm`), the rate printed beside
//! it and whether that rate agrees with X/Y.
//!
//! Input: the lines of a report. Output: [`Candidate`]s in line order. The lines are read as
//! paragraphs (`paragraphs`), whose numbers `tokens` sorts into figures and the rest by
//! general rules, not by sentence: days and periods anchor figures instead, document numbers,
//! section numbers, naming numbers and years are left out. Here each figure gets its anchors,
//! its qualifier and change, the rate printed beside it, and the words it is matched by.

use super::paragraphs::{
    clause_start, first_words, heading, last_words, paragraphs, sentence_bounds, topic_of,
};
use super::periods::{anchors, days, periods, Anchors};
use super::tokens::{money_scale, tokens, unit_noun, LineText, Token};
use crate::model::Date;

/// What kind of figure a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A count of things or people (`31.136 hồ sơ`).
    Count,
    /// A percentage printed alone (`đạt 47,41%`).
    Rate,
    /// `X/Y`, perhaps with its printed rate.
    Ratio,
    /// A sum of money, in đồng (`18.535 triệu đồng` is 18 535 000 000).
    Money,
    /// `không phát sinh`: no cases in the period.
    NoCases,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Rate => "rate",
            Kind::Ratio => "ratio",
            Kind::Money => "money",
            Kind::NoCases => "no_cases",
        }
    }
}

/// `khoảng` (about) or `hơn`, `trên` (more than).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Approx,
    AtLeast,
}

impl Qualifier {
    /// As the tables write it.
    pub fn id(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
        }
    }
}

/// A printed rate: its value and decimals as printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Printed {
    pub value: f64,
    pub decimals: u32,
}

/// One figure found in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// 1-based line (a paragraph of a Word document).
    pub line: usize,
    /// The sentence it was found in, as written (footnote markers blanked).
    pub sentence: String,
    /// The figure as printed (`31.136/42.237`, `47,41%`).
    pub printed: String,
    pub kind: Kind,
    /// The count, rate (Rate) or sum in đồng (Money).
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The rate printed beside a count or a ratio.
    pub stated: Option<Printed>,
    /// Whether the stated rate agrees with X/Y (within the last printed decimal, rounded or
    /// truncated).
    pub agrees: Option<bool>,
    /// The noun after the figure (`hồ sơ`, `tài khoản`, `%`, `triệu đồng`).
    pub unit_noun: String,
    pub qualifier: Option<Qualifier>,
    /// A change printed with the figure (`tăng 1.819`), negative for `giảm`.
    pub change: Option<f64>,
    /// The figure itself is a change (`trong tháng tăng 1.717 đối tượng`).
    pub is_change: bool,
    pub as_of: Option<Date>,
    /// A day (`2024-07-01`) or a month (`2024-02`).
    pub since: Option<String>,
    pub cumulative: bool,
    /// `trong tháng`, `trong kỳ` before it: a figure of the period.
    pub in_period: bool,
    /// A period named in the sentence before the figure (`trong 6 tháng đầu năm 2024`).
    pub period: Option<String>,
    /// The number was written in an unusual form (`98.01%`, `1,300,879`).
    pub unusual: bool,
    /// Folded words of the figure's clause before it, in reading order, for matching.
    pub near_before: String,
    /// Folded words after the figure, to the end of its clause.
    pub near_after: String,
    /// Folded words of its clause before the previous figure (they describe that one first).
    pub earlier: String,
    /// The lead of its paragraph (`- Công tác cấp CCCD:`), folded, when short: the topic of
    /// every figure of the paragraph.
    pub topic: String,
    /// Folded words of the whole sentence and of the section heading, for matching.
    pub wider: String,
}

/// Whether `stated` agrees with `numerator / denominator`: within one unit of the last
/// printed decimal (a rate may be truncated rather than rounded), plus half a hundredth.
pub fn agrees(numerator: f64, denominator: f64, stated: Printed) -> Option<bool> {
    if denominator == 0.0 {
        return None;
    }
    let computed = numerator / denominator * 100.0;
    let tolerance = 10f64.powi(-(stated.decimals as i32)) + 0.005;
    Some((computed - stated.value).abs() <= tolerance)
}

/// Cues that a percentage qualifies the figure before it.
const RATE_CUES: &[&str] = &["dat", "chiem", "tuong ung", "ty le", "bang", "("];

/// The figures of a report, in line order. `year` is the report's year, for periods written
/// without one.
pub fn candidates(lines: &[String], year: Option<i32>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut section = String::new();
    for paragraph in paragraphs(lines) {
        let line = LineText::new(&paragraph.text);
        let line_at = |byte: usize| paragraph.line_of(line.char_at(byte));
        let topic = topic_of(&line.folded);
        let f = line.folded.as_str();
        if heading(f) {
            section = f.trim().to_string();
        }
        let found_periods = periods(f, year);
        let mut skip: Vec<(usize, usize)> = days(f).iter().map(|d| (d.start, d.end)).collect();
        skip.extend(found_periods.iter().map(|p| (p.start, p.end)));
        let mut here: Vec<(usize, Candidate)> = Vec::new();
        // Where the previous figure of the paragraph ends.
        let mut previous_end = 0;
        for token in tokens(&line, &skip) {
            let start = token.start();
            let (s_start, s_end) = sentence_bounds(f, start);
            let c_start = clause_start(f, s_start, start);
            let before = line.f(s_start, start);
            let anchors = anchors(before, year);
            let period = found_periods
                .iter()
                .filter(|p| p.start >= s_start && p.end <= start && !p.key.contains(".."))
                .map(|p| p.key.clone())
                .next_back()
                .or_else(|| {
                    found_periods
                        .iter()
                        .filter(|p| p.start >= s_start && p.end <= start)
                        .map(|p| p.key.clone())
                        .next_back()
                });
            let lead = before.trim_end();
            let qualifier = if lead.ends_with("khoang") || lead.ends_with("gan") {
                Some(Qualifier::Approx)
            } else if lead.ends_with("hon") || lead.ends_with("tren") || lead.ends_with("it nhat") {
                Some(Qualifier::AtLeast)
            } else {
                None
            };
            let lead_change = lead.trim_end_matches(" hon");
            let change_sign = if lead_change.ends_with("tang") {
                Some(1.0)
            } else if lead_change.ends_with("giam") {
                Some(-1.0)
            } else {
                None
            };
            let (end, mut candidate) = build(&line, &token, &anchors, qualifier);
            candidate.line = line_at(start);
            candidate.period = period;
            candidate.sentence = line.original(s_start, s_end).trim().to_string();
            let own_start = c_start.max(previous_end.min(start));
            candidate.near_before = last_words(line.f(own_start, start), 14);
            candidate.earlier = last_words(line.f(c_start, own_start), 10);
            previous_end = end;
            candidate.near_after = first_words(line.f(end, s_end), 8);
            candidate.topic = topic.clone();
            candidate.wider = format!("{} {}", line.f(s_start, s_end), section);
            // A rate or a change printed right after a figure of the same sentence qualifies it.
            if let Some((prev_end, prev)) = here.last_mut() {
                let between = line.f(*prev_end, start);
                let same_sentence = *prev_end >= s_start && !between.contains(';');
                let words = between.split_whitespace().count();
                if same_sentence && words <= 14 {
                    if let (Token::Percent(n), None, Kind::Count | Kind::Ratio) =
                        (&token, prev.stated, prev.kind)
                    {
                        if RATE_CUES.iter().any(|c| between.contains(c)) {
                            let stated = Printed {
                                value: n.value,
                                decimals: n.decimals,
                            };
                            prev.stated = Some(stated);
                            if let (Some(x), Some(y)) = (prev.numerator, prev.denominator) {
                                prev.agrees = agrees(x, y, stated);
                            }
                            prev.printed = format!("{} … {}", prev.printed, candidate.printed);
                            *prev_end = end;
                            continue;
                        }
                    }
                    if let (Some(sign), None, true) =
                        (change_sign, prev.change, between.contains('('))
                    {
                        prev.change = candidate.value.map(|v| v * sign);
                        *prev_end = end;
                        continue;
                    }
                }
            }
            candidate.is_change = change_sign.is_some();
            here.push((end, candidate));
        }
        out.extend(here.into_iter().map(|(_, c)| c));
        // "Không phát sinh": no cases, once per clause.
        let mut from = 0;
        while let Some(i) = f.get(from..).and_then(|t| t.find("khong phat sinh")) {
            let at = from + i;
            from = at + "khong phat sinh".len();
            let (s_start, s_end) = sentence_bounds(f, at);
            let c_start = clause_start(f, s_start, at);
            out.push(Candidate {
                line: line_at(at),
                sentence: line.original(s_start, s_end).trim().to_string(),
                printed: line.original(at, from),
                kind: Kind::NoCases,
                near_before: last_words(line.f(c_start, at), 14),
                near_after: first_words(line.f(from, s_end), 8),
                topic: topic.clone(),
                wider: format!("{} {}", line.f(s_start, s_end), section),
                ..empty(&anchors(line.f(s_start, at), year))
            });
        }
    }
    out
}

fn empty(anchors: &Anchors) -> Candidate {
    Candidate {
        line: 0,
        sentence: String::new(),
        printed: String::new(),
        kind: Kind::Count,
        value: None,
        numerator: None,
        denominator: None,
        stated: None,
        agrees: None,
        unit_noun: String::new(),
        qualifier: None,
        change: None,
        is_change: false,
        as_of: anchors.as_of,
        since: anchors.since.clone(),
        cumulative: anchors.cumulative || anchors.since.is_some(),
        in_period: anchors.in_period,
        period: None,
        unusual: false,
        near_before: String::new(),
        near_after: String::new(),
        earlier: String::new(),
        topic: String::new(),
        wider: String::new(),
    }
}

/// The candidate of one token, and where its printed form ends.
fn build(
    line: &LineText,
    token: &Token,
    anchors: &Anchors,
    qualifier: Option<Qualifier>,
) -> (usize, Candidate) {
    let mut c = Candidate {
        qualifier,
        ..empty(anchors)
    };
    let end = match token {
        Token::Ratio(x, y) => {
            c.kind = Kind::Ratio;
            c.numerator = Some(x.value);
            c.denominator = Some(y.value);
            c.unusual = x.unusual || y.unusual;
            c.unit_noun = unit_noun(line, y.end);
            c.printed = line.original(x.start, y.end);
            y.end
        }
        Token::Percent(n) => {
            c.kind = Kind::Rate;
            c.value = Some(n.value);
            c.stated = Some(Printed {
                value: n.value,
                decimals: n.decimals,
            });
            c.unusual = n.unusual;
            c.unit_noun = "%".to_string();
            let end = line.folded[n.end..]
                .find('%')
                .map_or(n.end, |i| n.end + i + 1);
            c.printed = line.original(n.start, end);
            end
        }
        Token::Money(n, scale) => {
            c.kind = Kind::Money;
            c.value = Some((n.value * scale).round());
            c.unusual = n.unusual;
            let (_, len) = money_scale(line.f(n.end, line.folded.len())).unwrap_or((1.0, 0));
            c.unit_noun = line.original(n.end, n.end + len).trim().to_string();
            c.printed = line.original(n.start, n.end + len);
            n.end + len
        }
        Token::Count(n) => {
            c.kind = Kind::Count;
            c.value = Some(n.value);
            c.unusual = n.unusual;
            c.unit_noun = unit_noun(line, n.end);
            c.printed = line.original(n.start, n.end);
            n.end
        }
    };
    (end, c)
}
