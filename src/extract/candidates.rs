//! The figures of a report, line by line: counts, rates, fractions `X/Y`, sums of money,
//! "no cases", each with the words that anchor it (as-of day, start, cumulative, period),
//! its qualifier (`khoảng`, `hơn`, `trên`), a change (`tăng`, `giảm`), the rate printed beside
//! it and whether that rate agrees with X/Y.
//!
//! Input: the lines of a report. Output: [`Candidate`]s in line order. What is not a figure is
//! left out by general rules, not by sentence: days and periods (they anchor figures instead),
//! document numbers (`331/BC-UBND`, `06/QĐ-TTg`, `61/2018/NĐ-CP`), section and list numbers
//! at the start of a line (`4.1.`, `(3)`), numbers that name rather than count (`Quyết định số
//! 540`, `Đề án 06`, `mô hình 2`), years, and digits glued to letters (`C06`, `xong1`).

use super::numbers::{clean, fold_line, scan, Number};
use super::periods::{anchors, days, periods, Anchors};
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

/// Words before a number that make it a name, a reference or a time rather than a figure.
const NAMING: &[&str] = &[
    "so",
    "so:",
    "de an",
    "dieu",
    "khoan",
    "muc",
    "mo hinh",
    "phu luc",
    "quy",
    "thang",
    "nam",
    "ngay",
    "khu vuc",
    "lan thu",
    "thu",
    "giai doan",
    "nghi dinh",
    "quyet dinh",
    "ke hoach",
    "chi thi",
    "cong van",
    "thong tu",
    "nghi quyet",
    "hang",
    "top",
    "phong",
    "doi",
    "to",
    "cap do",
    "phien ban",
    "version",
    "luc",
    "gio",
    "dien",
    "tuan",
];

/// Whether `folded_before` (the text before a number) ends with a naming word.
fn named(folded_before: &str) -> bool {
    let t = folded_before.trim_end();
    NAMING.iter().any(|w| {
        t.strip_suffix(w)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', ',', '"', '“']))
    })
}

/// One line being read: the cleaned text, its folded twin and the map between them.
struct LineText {
    chars: Vec<char>,
    folded: String,
    /// Byte offset of each character of `folded`.
    offsets: Vec<usize>,
}

impl LineText {
    fn new(raw: &str) -> LineText {
        let cleaned = clean(raw);
        let folded = fold_line(&cleaned);
        let offsets = folded.char_indices().map(|(b, _)| b).collect();
        LineText {
            chars: cleaned.chars().collect(),
            folded,
            offsets,
        }
    }

    /// The original (cleaned) text of the folded byte span.
    fn original(&self, start: usize, end: usize) -> String {
        let (a, b) = (self.char_at(start), self.char_at(end));
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }

    fn char_at(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }

    fn f(&self, start: usize, end: usize) -> &str {
        self.folded.get(start..end).unwrap_or("")
    }
}

/// Sentence bounds (folded byte offsets) around `at`: a full stop followed by a space ends a
/// sentence (the dots of numbers are followed by digits).
fn sentence_bounds(folded: &str, at: usize) -> (usize, usize) {
    let bytes = folded.as_bytes();
    let is_end = |i: usize| {
        matches!(bytes.get(i), Some(b'.' | b'!' | b'?'))
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
    };
    let start = (0..at.min(bytes.len()))
        .rev()
        .find(|&i| is_end(i))
        .map_or(0, |i| i + 1);
    let end = (at..bytes.len())
        .find(|&i| is_end(i))
        .map_or(bytes.len(), |i| i + 1);
    (start, end)
}

/// The start of the clause holding `at` (after the last `;`: the items of a list), within the
/// sentence starting at `sentence_start`.
fn clause_start(folded: &str, sentence_start: usize, at: usize) -> usize {
    folded
        .get(sentence_start..at)
        .and_then(|s| s.rfind(';'))
        .map_or(sentence_start, |i| sentence_start + i + 1)
}

/// The last `n` words of `text`.
fn last_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

/// The first `n` words of `text`, up to the end of its clause or the next number (whose
/// words are its own).
fn first_words(text: &str, n: usize) -> String {
    let clause = text.split([';', '(', ')']).next().unwrap_or("");
    clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that end a unit noun: what follows is a verb, a preposition or a new clause.
const NOT_NOUN: &[&str] = &[
    "dat", "chiem", "tren", "trong", "cua", "va", "voi", "da", "duoc", "la", "tai", "tu", "den",
    "con", "tang", "giam", "theo", "cho", "thuoc", "tuong", "bang", "o", "khi", "de",
];

/// One-syllable nouns: the unit is that word alone (`lượt tra cứu` counts `lượt`).
const SHORT_NOUNS: &[&str] = &[
    "luot", "nguoi", "the", "xa", "xe", "tin", "bai", "diem", "thua", "phieu", "lop", "gio",
    "ngay", "thang", "nam", "buoi", "cuoc", "khoa",
];

/// The unit noun after a figure (at most two words), as the report writes it.
fn unit_noun(line: &LineText, from: usize) -> String {
    let rest = line.f(from, line.folded.len());
    let lead = rest.len() - rest.trim_start().len();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut at = from + lead;
    for w in rest.trim_start().split(' ') {
        let word = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let alphabetic = !word.is_empty() && word.chars().all(char::is_alphabetic);
        if !alphabetic || NOT_NOUN.contains(&word) || words.len() == 2 {
            break;
        }
        words.push((at, at + word.len()));
        if (words.len() == 1 && SHORT_NOUNS.contains(&word)) || word.len() != w.len() {
            break;
        }
        at += w.len() + 1;
    }
    match (words.first(), words.last()) {
        (Some(a), Some(b)) => line.original(a.0, b.1),
        _ => String::new(),
    }
}

/// A token of a line after the rules: a figure, or nothing.
enum Token {
    Ratio(Number, Number),
    Percent(Number),
    Money(Number, f64),
    Count(Number),
}

impl Token {
    fn start(&self) -> usize {
        match self {
            Token::Ratio(n, _) | Token::Percent(n) | Token::Money(n, _) | Token::Count(n) => {
                n.start
            }
        }
    }
}

/// Multiplier of a sum of money written after a number (`triệu đồng`), if it is one.
fn money_scale(after: &str) -> Option<(f64, usize)> {
    let t = after.trim_start();
    let lead = after.len() - t.len();
    for (word, scale) in [
        ("trieu dong", 1e6),
        ("ty dong", 1e9),
        ("nghin dong", 1e3),
        ("ngan dong", 1e3),
        ("dong", 1.0),
        ("trieu", 1e6),
        ("ty", 1e9),
    ] {
        if let Some(rest) = t.strip_prefix(word) {
            if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                return Some((scale, lead + word.len()));
            }
        }
    }
    None
}

/// The figures of one line, by the rules of the module.
fn tokens(line: &LineText, skip: &[(usize, usize)]) -> Vec<Token> {
    let f = &line.folded;
    let numbers = scan(f);
    let mut out = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let n = &numbers[i];
        i += 1;
        if skip.iter().any(|&(a, b)| a <= n.start && n.end <= b) {
            continue;
        }
        let before = line.f(0, n.start);
        let after = line.f(n.end, f.len());
        let at_line_start = before
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '+' | '(' | '•'));
        let numbering = (n.decimals == 0 && after.starts_with(['.', ')', '\t', '/']))
            || (n.unusual && after.starts_with('.'));
        if at_line_start && numbering {
            continue;
        }
        if before.ends_with('(') && after.starts_with(')') && n.value < 100.0 {
            continue;
        }
        if before.trim_end().ends_with('/') || named(before) {
            continue;
        }
        let year_like = n.decimals == 0 && !n.text.contains(['.', ',']) && n.text.len() == 4;
        if year_like
            && (1990.0..=2100.0).contains(&n.value)
            && (before.trim_end().ends_with(['-', '–'])
                || after.trim_start().starts_with(['-', '–'])
                || before.trim_end().ends_with("den")
                || before.trim_end().ends_with("tu")
                || after.trim_start().is_empty())
        {
            continue;
        }
        // X/Y: a fraction when both are numbers and nothing but the slash is between them.
        if let Some(next) = numbers.get(i) {
            if line.f(n.end, next.start) == "/" {
                i += 1;
                let tail = line.f(next.end, f.len());
                if tail.starts_with('/') {
                    continue;
                }
                out.push(Token::Ratio(n.clone(), next.clone()));
                continue;
            }
        }
        if after.trim_start().starts_with('/') {
            // A document number (`331 /BC-UBND`) or a code.
            continue;
        }
        let compact = after.trim_start().trim_start_matches(',').trim_start();
        if compact.starts_with('%') {
            out.push(Token::Percent(n.clone()));
            continue;
        }
        if let Some((scale, _)) = money_scale(after) {
            out.push(Token::Money(n.clone(), scale));
            continue;
        }
        out.push(Token::Count(n.clone()));
    }
    out
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

/// Whether a line is a section heading (`II. KẾT QUẢ`, `3.2. Kết quả thực hiện`).
fn heading(folded: &str) -> bool {
    let t = folded.trim_start();
    if t.len() > 220 || t.ends_with([';', ',']) {
        return false;
    }
    let roman = t
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| "ivxl".contains(c)));
    let numbered = t.split_once(' ').is_some_and(|(n, _)| {
        n.ends_with('.')
            && n.len() > 1
            && n.trim_end_matches('.')
                .split('.')
                .all(|g| !g.is_empty() && g.len() <= 2 && g.chars().all(|c| c.is_ascii_digit()))
    });
    roman || numbered
}

/// The lead of a paragraph, before its first colon, when it is short enough to be a topic
/// (`- Công tác cấp CCCD:`).
fn topic_of(folded: &str) -> String {
    let Some((lead, _)) = folded.split_once(':') else {
        return String::new();
    };
    let words = lead.split_whitespace().count();
    match words {
        1..=12 => last_words(lead, 12),
        _ => String::new(),
    }
}

/// A paragraph of the report: one line, or several when the text was hard-wrapped (a PDF
/// copy, a page break in mid-sentence), with the line each part starts on.
struct Paragraph {
    text: String,
    /// (first character of the part in `text`, 1-based line).
    starts: Vec<(usize, usize)>,
}

impl Paragraph {
    /// The line of the character at `index` of the paragraph.
    fn line_of(&self, index: usize) -> usize {
        let i = self.starts.partition_point(|&(start, _)| start <= index);
        self.starts[i.saturating_sub(1)].1
    }
}

/// Whether the line after `previous` continues its sentence: `previous` is long (wrapped
/// near a page's width), ends without a sentence's punctuation, and `next` does not open a
/// list item or a table row.
fn continues(previous: &str, next: &str) -> bool {
    let p = previous.trim_end();
    let n = next.trim_start();
    // `3.1. `, `2) `: a numbered item (a number `6.132 trường hợp` is not).
    let numbering: String = n
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ')')
        .collect();
    let numbered = numbering.len() <= 8
        && numbering.ends_with(['.', ')'])
        && numbering.starts_with(|c: char| c.is_ascii_digit())
        && n[numbering.len()..].starts_with(char::is_whitespace);
    let opens_item = n.starts_with(['-', '+', '•', '*', '\u{F076}']) || numbered;
    p.chars().count() >= 60
        && !p.ends_with(['.', ':', ';', '!', '?'])
        && !previous.contains('\t')
        && !next.contains('\t')
        && !n.is_empty()
        && !opens_item
        && !heading(&fold_line(previous))
}

/// The paragraphs of the report, joining lines that continue a sentence (blank lines between
/// them are skipped).
fn paragraphs(lines: &[String]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut last: Option<&str> = None;
    for (i, raw) in lines.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let joined = last.is_some_and(|prev| continues(prev, raw));
        match out.last_mut().filter(|_| joined) {
            Some(p) => {
                p.text.push(' ');
                p.starts.push((p.text.chars().count(), i + 1));
                p.text.push_str(raw.trim_start());
            }
            None => out.push(Paragraph {
                text: raw.clone(),
                starts: vec![(0, i + 1)],
            }),
        }
        last = Some(raw);
    }
    out
}

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
