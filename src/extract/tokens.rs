//! The numbers of a line that are figures, by general rules: days and periods are left to
//! `periods`, document numbers (`331/BC-UBND`, `61/2018/NĐ-CP`), section and list numbers at
//! the start of a line (`4.1.`, `(3)`), numbers that name rather than count (`Quyết định số
//! 540`, `Đề án 06`, `mô hình 2`) and years are not figures; `X/Y`, a percentage and a sum of
//! money are told apart; and the noun after a figure is its unit (`hồ sơ`, `lượt`).
//!
//! Input: a line (or a paragraph of joined lines), cleaned and folded. Output: its tokens.

use super::numbers::{clean, fold_line, scan, Number};

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
pub(super) struct LineText {
    chars: Vec<char>,
    pub(super) folded: String,
    /// Byte offset of each character of `folded`.
    offsets: Vec<usize>,
}

impl LineText {
    pub(super) fn new(raw: &str) -> LineText {
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
    pub(super) fn original(&self, start: usize, end: usize) -> String {
        let (a, b) = (self.char_at(start), self.char_at(end));
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }

    pub(super) fn char_at(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }

    pub(super) fn f(&self, start: usize, end: usize) -> &str {
        self.folded.get(start..end).unwrap_or("")
    }
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
pub(super) fn unit_noun(line: &LineText, from: usize) -> String {
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
pub(super) enum Token {
    Ratio(Number, Number),
    Percent(Number),
    Money(Number, f64),
    Count(Number),
}

impl Token {
    pub(super) fn start(&self) -> usize {
        match self {
            Token::Ratio(n, _) | Token::Percent(n) | Token::Money(n, _) | Token::Count(n) => {
                n.start
            }
        }
    }
}

/// Multiplier of a sum of money written after a number (`triệu đồng`), if it is one.
pub(super) fn money_scale(after: &str) -> Option<(f64, usize)> {
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
pub(super) fn tokens(line: &LineText, skip: &[(usize, usize)]) -> Vec<Token> {
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
