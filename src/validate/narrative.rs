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

/// Line and column (1-based, in characters) of increasing byte offsets, in one pass.
pub(super) struct Lines<'a> {
    text: &'a str,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines {
            text,
            line: 1,
            line_start: 0,
        }
    }

    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.line_start {
            // Offsets come in order; start over if one does not.
            *self = Lines::new(self.text);
        }
        let start = self.line_start;
        let between = self.text.as_bytes().get(start..offset).unwrap_or_default();
        for newline in memchr::memchr_iter(b'\n', between) {
            self.line += 1;
            self.line_start = start + newline + 1;
        }
        let column = self
            .text
            .get(self.line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (self.line, column)
    }
}
