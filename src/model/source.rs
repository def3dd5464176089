//! A figure's `source` as written in the data (`002_c644fca4e10ebbf9.txt §II.6 (L120)`), read
//! into its parts: the report file it names, where in the report, and the transcript lines.
//!
//! The file and lines are for the checker and for downloads; a page cites the report document
//! the file belongs to, and the place in it (see `site::citation`). The text stays as written
//! in the model (`Observation::source`): this is a view of it, made where it is needed.

/// The parts of a `source` text. Borrowed from it: nothing is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRef<'a> {
    /// The report file the source names (`002_c644fca4e10ebbf9.txt`), when it starts with one.
    pub file: Option<&'a str>,
    /// What follows the file: the place in the report and the transcript lines, as written
    /// (`§II.6 (L120)`, `Phụ lục, dòng 10 (L241)`).
    pub rest: &'a str,
}

impl<'a> SourceRef<'a> {
    pub fn parse(source: &'a str) -> SourceRef<'a> {
        let text = source.trim();
        let (first, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let first_clean = first.trim_end_matches([',', ';', ':']);
        if looks_like_file(first_clean) {
            SourceRef {
                file: Some(first_clean),
                rest: rest.trim_start_matches([',', ';', ' ']).trim(),
            }
        } else {
            SourceRef {
                file: None,
                rest: text,
            }
        }
    }

    /// The transcript line references (`L120`, `L80-82`), in order.
    pub fn lines(&self) -> Vec<&'a str> {
        groups(self.rest)
            .into_iter()
            .filter_map(|g| match g {
                Piece::Group(inner) => Some(inner),
                Piece::Text(_) => None,
            })
            .flat_map(|inner| inner.split([';', ',']).map(str::trim))
            .filter(|s| is_line_ref(s))
            .collect()
    }

    /// The place in the report, as a reader cites it: `§II.6 (L120)` → `mục II.6` /
    /// `section II.6`. Line references (which count lines of the transcript, not of the
    /// document) are left out; anything else in brackets (a footnote) stays.
    pub fn place(&self, lang: super::Lang) -> String {
        let out = self.section();
        let words: &[(&str, &str)] = match lang {
            super::Lang::Vi => &[("§", "mục ")],
            super::Lang::En => &[
                ("§", "section "),
                ("Phụ lục", "appendix"),
                ("dòng", "row"),
                ("chú thích", "footnote"),
            ],
        };
        words.iter().fold(out, |s, (from, to)| s.replace(from, to))
    }

    /// The place in the report as written in the data, without the transcript lines:
    /// `§II.6 (L120)` → `§II.6` (the downloads' `source_section`).
    pub fn section(&self) -> String {
        let mut out = String::new();
        for piece in groups(self.rest) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Group(inner) => {
                    let kept: Vec<&str> = inner
                        .split([';', ','])
                        .map(str::trim)
                        .filter(|s| !s.is_empty() && !is_line_ref(s))
                        .collect();
                    if kept.is_empty() {
                        let trimmed = out.trim_end().len();
                        out.truncate(trimmed);
                    } else {
                        out.push('(');
                        out.push_str(&kept.join(", "));
                        out.push(')');
                    }
                }
            }
        }
        out.trim().trim_end_matches([';', ',']).trim().to_string()
    }
}

/// `001_119edbf7d88bd97e.txt`, `bao-cao.pdf`: a name, a dot, a short extension of letters and
/// digits, and no `§`.
fn looks_like_file(word: &str) -> bool {
    let Some((stem, ext)) = word.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && !word.contains('§')
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `L120`, `L80-82`, `L32–L34`: a reference to lines of the transcript.
fn is_line_ref(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next() == Some('L')
        && chars.clone().next().is_some_and(|c| c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | 'L' | ' '))
}

enum Piece<'a> {
    Text(&'a str),
    /// The inside of a `(…)`.
    Group(&'a str),
}

/// The text split into plain runs and bracketed groups (one level; an unclosed bracket is
/// text).
fn groups(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(len) = rest[open..].find(')') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Group(&rest[open + 1..open + len]));
        rest = &rest[open + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn reads_the_forms_of_the_example_data() {
        let s = SourceRef::parse("002_c644fca4e10ebbf9.txt §II.6 (L120)");
        assert_eq!(s.file, Some("002_c644fca4e10ebbf9.txt"));
        assert_eq!(s.lines(), ["L120"]);
        assert_eq!(s.place(Lang::Vi), "mục II.6");
        assert_eq!(s.place(Lang::En), "section II.6");

        let s = SourceRef::parse("002_c644fca4e10ebbf9.txt Phụ lục, dòng 10 (L241–L243)");
        assert_eq!(s.place(Lang::Vi), "Phụ lục, dòng 10");
        assert_eq!(s.place(Lang::En), "appendix, row 10");
        assert_eq!(s.lines(), ["L241–L243"]);

        let s = SourceRef::parse("001_119edbf7d88bd97e.txt §II.2.1 (L29; chú thích 3, L140–L141)");
        assert_eq!(s.place(Lang::Vi), "mục II.2.1 (chú thích 3)");
        assert_eq!(s.place(Lang::En), "section II.2.1 (footnote 3)");
        assert_eq!(s.lines(), ["L29", "L140–L141"]);

        let s = SourceRef::parse("synthetic.txt, dòng 1");
        assert_eq!(s.file, Some("synthetic.txt"));
        assert_eq!(s.place(Lang::Vi), "dòng 1");

        let s = SourceRef::parse("003_1fa459019333d3b8.txt §II.2.1 (L40); §II.5 (L90)");
        assert_eq!(s.place(Lang::Vi), "mục II.2.1; mục II.5");
    }

    #[test]
    fn a_source_without_a_file_is_kept_whole() {
        let s = SourceRef::parse("Nghị quyết số 202/2025/QH15 (điều 1)");
        assert_eq!(s.file, None);
        assert_eq!(s.place(Lang::Vi), "Nghị quyết số 202/2025/QH15 (điều 1)");
        let s = SourceRef::parse("§II.6 (L12)");
        assert_eq!(s.file, None);
        assert_eq!(s.place(Lang::Vi), "mục II.6");
        assert_eq!(SourceRef::parse("a.txt").place(Lang::Vi), "");
    }
}
