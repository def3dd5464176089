//! Quoting the author's text on a terminal: the source line under a diagnostic, file names and
//! messages.
//!
//! Two hazards come with quoting text that anyone could have written. Size: a generated file
//! may hold one line of 20 MB, and a diagnostic must show where the problem is, not the whole
//! line, so only the characters around the caret are quoted ([`QUOTE_CONTEXT`] on each side,
//! `…` marking a cut). Control: a file name or a value can carry control characters (an ESC
//! sequence that clears or recolours the screen) or bidirectional overrides (U+202E makes
//! `gpj.exe` read `exe.jpg`), so they are shown as `\u{202e}` escapes ([`terminal_safe`]).
//!
//! Lines are found through [`LineStarts`], built once per file, so quoting the lines of ten
//! thousand diagnostics in one file costs ten thousand lookups, not ten thousand scans.

use std::borrow::Cow;

/// Characters quoted on each side of the caret in a source line.
pub const QUOTE_CONTEXT: usize = 60;

/// True for a character that a terminal would act on or hide rather than show: control
/// characters other than tab, bidirectional controls, zero-width and line separators, and a
/// byte-order mark inside the text.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `text` with every character a terminal would act on written as a `\u{…}` escape (the text
/// itself when there is none, which is nearly always).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Append `c`, escaped if needed; returns how many columns it takes.
fn push_safe(out: &mut String, c: char) -> usize {
    if needs_escape(c) {
        let before = out.len();
        out.extend(c.escape_unicode());
        out.len() - before
    } else {
        out.push(c);
        1
    }
}

/// The byte offset where each line of a text starts, found once.
#[derive(Debug)]
pub struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    pub fn new(text: &'a str) -> LineStarts<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts { text, starts }
    }

    /// Line `number` (1-based) without its line break, as `str::lines` gives it.
    pub fn line(&self, number: usize) -> Option<&'a str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let end = self.starts.get(number).map_or(self.text.len(), |e| e - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Line `number` (1-based) of `text`, found without indexing the whole text: for a single
/// diagnostic.
pub fn one_line(text: &str, number: usize) -> Option<&str> {
    let start = match number.checked_sub(2) {
        None if number == 1 => 0,
        None => return None,
        Some(breaks) => memchr::memchr_iter(b'\n', text.as_bytes()).nth(breaks)? + 1,
    };
    let rest = text.get(start..).filter(|r| !r.is_empty())?;
    let line = rest.split('\n').next().unwrap_or(rest);
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// A place in a line already walked to: its index in characters and its offset in bytes, and
/// which line (its address and length) it belongs to.
#[derive(Debug, Default, Clone, Copy)]
pub struct Cursor {
    line: (usize, usize),
    chars: usize,
    bytes: usize,
}

/// A source line as quoted under a diagnostic, and the padding that puts a caret under
/// `column` (1-based, in characters) of the original line. A line longer than
/// `2 × QUOTE_CONTEXT + 1` characters is cut to [`QUOTE_CONTEXT`] characters on each side of
/// the caret, with `…` where it was cut. Every character a terminal would act on is escaped,
/// and the padding is as wide as the escapes, so the caret still points at the same character.
///
/// The walk to the window starts at `cursor` when it is not past the window, and leaves
/// `cursor` at the window's start: diagnostics come sorted by column, so quoting ten thousand
/// places in one 20 MB line walks the line once, not ten thousand times.
pub fn quote_from(line: &str, column: usize, cursor: &mut Cursor) -> (String, String) {
    const WINDOW: usize = 2 * QUOTE_CONTEXT + 1;
    let caret = column.saturating_sub(1);
    let long = line.len() > WINDOW && line.chars().nth(WINDOW).is_some();
    let (first, end) = if long {
        let first = caret.saturating_sub(QUOTE_CONTEXT);
        (first, first.saturating_add(WINDOW))
    } else {
        (0, usize::MAX)
    };
    let this_line = (line.as_ptr() as usize, line.len());
    if cursor.line != this_line || cursor.chars > first {
        *cursor = Cursor {
            line: this_line,
            chars: 0,
            bytes: 0,
        };
    }
    let from = line.get(cursor.bytes..).unwrap_or_default();
    let window = match from.char_indices().nth(first - cursor.chars) {
        Some((at, _)) => {
            cursor.chars = first;
            cursor.bytes += at;
            line.get(cursor.bytes..).unwrap_or_default()
        }
        None => "",
    };
    let mut quoted = String::new();
    let mut pad = String::new();
    if first > 0 {
        quoted.push('…');
        pad.push(' ');
    }
    let mut index = first;
    for c in window.chars() {
        if index == end {
            quoted.push('…');
            break;
        }
        let width = push_safe(&mut quoted, c);
        if index < caret {
            if c == '\t' {
                pad.push('\t');
            } else {
                pad.extend(std::iter::repeat_n(' ', width));
            }
        }
        index += 1;
    }
    // A caret past the end of the line (a missing value at its end).
    pad.extend(std::iter::repeat_n(' ', caret.saturating_sub(index)));
    (quoted, pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(line: &str, column: usize) -> (String, String) {
        quote_from(line, column, &mut Cursor::default())
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let (q, pad) = quote("name: { vi: x }", 9);
        assert_eq!((q.as_str(), pad.as_str()), ("name: { vi: x }", "        "));
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret_on_character_boundaries() {
        let line = format!("{}zz{}", "Đồng Tháp ".repeat(50), "ở".repeat(500));
        let column = 501;
        let (q, pad) = quote(&line, column);
        assert!(q.starts_with('…') && q.ends_with('…'), "{q}");
        assert_eq!(q.chars().count(), 2 * QUOTE_CONTEXT + 1 + 2);
        let under: String = q.chars().skip(pad.chars().count()).take(2).collect();
        assert_eq!(under, "zz");
        // At the start of the line, nothing is cut on the left.
        let (q, pad) = quote(&line, 1);
        assert!(
            q.starts_with("Đồng") && q.ends_with('…') && pad.is_empty(),
            "{q}"
        );
        // Walking on from a cursor gives the same quote; going back restarts the walk.
        let mut cursor = Cursor::default();
        for column in [300, 501, 501, 900, 2, 501] {
            assert_eq!(quote_from(&line, column, &mut cursor), quote(&line, column));
        }
    }

    #[test]
    fn escapes_keep_the_caret_on_its_character() {
        let (q, pad) = quote("a\u{202e}b\tc\u{1b}[2Jd", 7);
        assert_eq!(q, "a\\u{202e}b\tc\\u{1b}[2Jd");
        assert_eq!(pad, format!("{}\t{}", " ".repeat(10), " ".repeat(7)));
        assert_eq!(&q[pad.len()..pad.len() + 1], "[");
        assert_eq!(terminal_safe("plain Tiếng Việt"), "plain Tiếng Việt");
        assert_eq!(terminal_safe("a\nb\u{2066}"), "a\\u{a}b\\u{2066}");
    }

    #[test]
    fn finds_lines_as_str_lines_does() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nc", "\n"] {
            let starts = LineStarts::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let found: Vec<&str> = (1..=expected.len() + 1)
                .filter_map(|n| starts.line(n))
                .collect();
            assert_eq!(found, expected, "{text:?}");
            let one: Vec<&str> = (1..=expected.len() + 1)
                .filter_map(|n| one_line(text, n))
                .collect();
            assert_eq!(one, expected, "{text:?}");
            assert_eq!(starts.line(0), None);
        }
    }
}
