//! A narrative's body as its page will show it.
//!
//! The renderer works around HTML that would hide the rest of a narrative (a stray
//! `<script>`, a comment left open) by showing it as text, and leaves out what is nested too
//! deep to render in linear time. Each of these is reported here, where the author wrote it,
//! from the renderer's own analysis ([`markdown::inspect`]): `check` names exactly what
//! `build` works around. A tag shown as text is a warning (the page is whole, but shows it); a
//! nesting too deep is an error.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::RawPage;
use crate::markdown::{self, Opener, Problem, MAX_DEPTH};

/// Report what the renderer works around in `page`'s body, at its line and column in `file`.
pub(crate) fn check_body(diags: &mut Diagnostics, file: &str, page: &RawPage) {
    let findings = markdown::inspect(&page.body);
    let mut lines = Lines::new(&page.body);
    for finding in findings {
        let (line, column) = lines.position(finding.offset);
        let at = Position {
            line: line + page.body_line - 1,
            column,
        };
        diags.push(diagnostic(file, &finding.problem).at(Some(at)));
    }
}

fn diagnostic(file: &str, problem: &Problem) -> Diagnostic {
    match problem {
        Problem::Stray { name, end } => {
            let tag = if *end {
                format!("</{name}>")
            } else {
                format!("<{name}>")
            };
            Diagnostic::warning(
                "stray-html",
                file,
                format!("`{tag}` has no place in a narrative: it is shown as text, so that what follows it stays on the page"),
            )
            .help("remove the tag; to show it as code, put it between two lines of ```")
            .vi(format!("bài viết không dùng được thẻ `{tag}`: thẻ được hiển thị như chữ để phần phía sau vẫn còn trên trang"))
            .vi_help("hãy xóa thẻ này; nếu muốn trình bày nó như mã, hãy đặt nó giữa hai dòng ```")
        }
        Problem::Unclosed(opener) => {
            let (what, close) = match opener {
                Opener::Comment => ("`<!--`".to_string(), "`-->`".to_string()),
                Opener::Declaration => (
                    "`<!` or `<?`".to_string(),
                    "`>` (`?>` after `<?`)".to_string(),
                ),
                Opener::Cdata => ("`<![CDATA[`".to_string(), "`]]>`".to_string()),
                Opener::Element(name) => (format!("`<{name}>`"), format!("`</{name}>`")),
                Opener::Tag(name) => (format!("the tag `<{name}`"), "`>`".to_string()),
            };
            let what_vi = match opener {
                Opener::Declaration => "`<!` hoặc `<?`".to_string(),
                Opener::Tag(name) => format!("thẻ `<{name}`"),
                _ => what.clone(),
            };
            let close_vi = match opener {
                Opener::Declaration => "`>` (`?>` nếu mở bằng `<?`)".to_string(),
                _ => close.clone(),
            };
            Diagnostic::warning(
                "unclosed-html",
                file,
                format!("{what} is not closed with {close}: everything after it would be hidden or read as HTML, so it is shown as text"),
            )
            .help(format!("close it with {close}, or write `&lt;` to show a `<`"))
            .vi(format!("{what_vi} chưa được đóng bằng {close_vi}: mọi thứ phía sau sẽ bị ẩn hoặc bị đọc như HTML, nên nó được hiển thị như chữ"))
            .vi_help(format!("hãy đóng bằng {close_vi}, hoặc viết `&lt;` để hiển thị dấu `<`"))
        }
        Problem::TooDeep => Diagnostic::error(
            "nested-too-deep",
            file,
            format!("lists, quotes and HTML elements are nested more than {MAX_DEPTH} deep here"),
        )
        .help("nest less deeply, and close each HTML element you open")
        .vi(format!(
            "danh sách, trích dẫn và thẻ HTML lồng nhau quá {MAX_DEPTH} tầng ở đây"
        ))
        .vi_help("hãy giảm số tầng lồng nhau và đóng mọi thẻ HTML đã mở"),
    }
}

/// Line and column (1-based, in characters) of increasing byte offsets, in one pass: each
/// call reads only the text since the previous one, so many offsets on one long line cost
/// the line once.
pub(super) struct Lines<'a> {
    text: &'a str,
    line: usize,
    /// The previous offset, and its column.
    at: usize,
    column: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines {
            text,
            line: 1,
            at: 0,
            column: 1,
        }
    }

    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            // Offsets come in order; start over if one does not.
            *self = Lines::new(self.text);
        }
        let between = self
            .text
            .as_bytes()
            .get(self.at..offset)
            .unwrap_or_default();
        // Characters, counted as the bytes that start one.
        let chars = |bytes: &[u8]| bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', between).count();
                self.column = chars(&between[last + 1..]) + 1;
            }
            None => self.column += chars(between),
        }
        self.at = offset;
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "ab\nđc d\n\nx";
        let mut lines = Lines::new(text);
        assert_eq!(lines.position(1), (1, 2));
        assert_eq!(lines.position(3), (2, 1));
        // "đ" is two bytes, one character.
        assert_eq!(lines.position(6), (2, 3));
        assert_eq!(lines.position(8), (2, 5));
        assert_eq!(lines.position(text.len()), (4, 2));
        // Out of order: counted again from the start.
        assert_eq!(lines.position(3), (2, 1));
    }
}
