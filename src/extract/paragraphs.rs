//! Paragraphs, sentences and clauses of a report: lines hard-wrapped (a PDF copy, a page break
//! in mid-sentence) are joined into their paragraph, with the line each part starts on; a
//! sentence ends at a full stop followed by a space, a clause at a semicolon (the items of a
//! list); a paragraph's lead before its colon (`- Công tác cấp CCCD:`) is its topic; a line like
//! `II. KẾT QUẢ` or `3.2. Kết quả` is a section heading.

use super::numbers::fold_line;

/// Sentence bounds (folded byte offsets) around `at`: a full stop followed by a space ends a
/// sentence (the dots of numbers are followed by digits).
pub(super) fn sentence_bounds(folded: &str, at: usize) -> (usize, usize) {
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
pub(super) fn clause_start(folded: &str, sentence_start: usize, at: usize) -> usize {
    folded
        .get(sentence_start..at)
        .and_then(|s| s.rfind(';'))
        .map_or(sentence_start, |i| sentence_start + i + 1)
}

/// The last `n` words of `text`.
pub(super) fn last_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

/// The first `n` words of `text`, up to the end of its clause or the next number (whose
/// words are its own).
pub(super) fn first_words(text: &str, n: usize) -> String {
    let clause = text.split([';', '(', ')']).next().unwrap_or("");
    clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line is a section heading (`II. KẾT QUẢ`, `3.2. Kết quả thực hiện`).
pub(super) fn heading(folded: &str) -> bool {
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
pub(super) fn topic_of(folded: &str) -> String {
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
pub(super) struct Paragraph {
    pub(super) text: String,
    /// (first character of the part in `text`, 1-based line).
    starts: Vec<(usize, usize)>,
}

impl Paragraph {
    /// The line of the character at `index` of the paragraph.
    pub(super) fn line_of(&self, index: usize) -> usize {
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
pub(super) fn paragraphs(lines: &[String]) -> Vec<Paragraph> {
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
