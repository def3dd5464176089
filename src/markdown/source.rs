//! The narrative as pulldown-cmark reads it.
//!
//! Two things are changed before parsing, and both must be undone or accounted for exactly:
//!
//! - Each live figure `{{ value(…) }}` becomes a placeholder `NUL <index> NUL`. No author can
//!   type one: a NUL in the body is replaced by U+FFFD first (as CommonMark asks), and nothing
//!   pulldown-cmark decodes yields a NUL (`&#0;` gives U+FFFD; escapes are ASCII punctuation).
//!   So any NUL in an event is ours, wherever it lands (text, link title, raw HTML).
//! - An HTML block of CommonMark types 1–5 (`<script>`, `<pre>`, `<style>`, `<textarea>`, `<!--`,
//!   `<?`, `<!X`, `<![CDATA[`) that never meets its end runs to the end of the document (or of
//!   its list item or quote): everything after it would be raw HTML, its Markdown unread. Its
//!   opener gets a backslash before each of its punctuation characters (`\<script>`,
//!   `\<\!\-\-`), which pulldown-cmark reads as literal characters — always text, since the
//!   opener starts a block — and the document is parsed again, so the rest is Markdown. Up
//!   to eight rounds undo openers hidden inside the swallowed part; an opener hidden deeper
//!   is written as text by [`super::raw`], and what follows it stays on the page as text,
//!   unformatted.
//!
//! Offsets in the parsed text are mapped back to the body, for diagnostics.

use super::raw::{self, Opener};
use super::{Finding, Problem};
use crate::load::shortcode::{self, Call};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Parses after the first that may undo unclosed openers; each round is one linear parse.
const ROUNDS: usize = 8;

/// The text pulldown-cmark parses, and how its offsets map to the body.
pub(super) struct Source {
    pub text: String,
    /// The calls, in order: placeholder `i` stands for `calls[i]`.
    pub calls: Vec<Call>,
    /// `(offset in text, offset in body)` where an edit ends: text after it maps one to one.
    anchors: Vec<(usize, usize)>,
}

impl Source {
    /// `body` with each parsed call replaced by its placeholder (calls that do not parse were
    /// reported by `check` and stay as text).
    fn new(body: &str) -> Source {
        let mut source = Source {
            text: String::with_capacity(body.len() + 16),
            calls: Vec::new(),
            anchors: vec![(0, 0)],
        };
        let mut last = 0;
        for call in shortcode::scan(body).into_iter().flatten() {
            source.push_author(body, last, call.span.start);
            source.text.push('\0');
            source.text.push_str(&source.calls.len().to_string());
            source.text.push('\0');
            source.anchors.push((source.text.len(), call.span.end));
            last = call.span.end;
            source.calls.push(call);
        }
        source.push_author(body, last, body.len());
        source
    }

    /// The author's text `body[from..to]`, with any NUL made U+FFFD.
    fn push_author(&mut self, body: &str, from: usize, to: usize) {
        let part = &body[from..to];
        let mut done = 0;
        for nul in memchr::memchr_iter(0, part.as_bytes()) {
            self.text.push_str(&part[done..nul]);
            self.text.push('\u{FFFD}');
            done = nul + 1;
            self.anchors.push((self.text.len(), from + done));
        }
        self.text.push_str(&part[done..]);
    }

    /// The body offset of a text offset (inside a placeholder: the start of its call).
    pub fn to_body(&self, at: usize) -> usize {
        let i = self.anchors.partition_point(|(t, _)| *t <= at);
        // `anchors[0]` is (0, 0), so `i >= 1`.
        let (t, b) = self.anchors[i.saturating_sub(1)];
        let mapped = b + (at - t);
        match self.anchors.get(i) {
            // Inside an edit: the next anchor's text starts after it.
            Some(&(next_t, next_b)) if at < next_t => mapped.min(next_b),
            _ => mapped,
        }
    }

    /// This text with a backslash before each `<` at `openers` (sorted).
    fn escaped(&self, openers: &[usize]) -> Source {
        let mut text = String::with_capacity(self.text.len() + openers.len());
        let mut anchors = Vec::with_capacity(self.anchors.len() + openers.len());
        let mut done = 0;
        let mut old = self.anchors.iter().peekable();
        for &at in openers {
            // Anchors before this opener move by the backslashes written so far.
            while let Some(&&(t, b)) = old.peek() {
                if t > at {
                    break;
                }
                anchors.push((t + (text.len() - done), b));
                old.next();
            }
            text.push_str(&self.text[done..at]);
            text.push('\\');
            anchors.push((text.len(), self.to_body(at)));
            done = at;
        }
        let shift = text.len() - done;
        anchors.extend(old.map(|&(t, b)| (t + shift, b)));
        text.push_str(&self.text[done..]);
        Source {
            text,
            calls: self.calls.clone(),
            anchors,
        }
    }
}

/// The text to parse for `body`, and the openers that had to be neutralised on the way.
pub(super) fn settle(body: &str) -> (Source, Vec<Finding>) {
    let mut source = Source::new(body);
    let mut found = Vec::new();
    for _ in 0..ROUNDS {
        if memchr::memchr(b'<', source.text.as_bytes()).is_none() {
            break;
        }
        let openers = unclosed_openers(&source.text);
        if openers.is_empty() {
            break;
        }
        found.extend(openers.iter().map(|(at, opener)| Finding {
            offset: source.to_body(*at),
            problem: match opener {
                Opener::Element(name) if raw::is_hidden_element(name) => Problem::Stray {
                    name: name.clone(),
                    end: false,
                },
                other => Problem::Unclosed(other.clone()),
            },
        }));
        // Every punctuation character of the opener gets one, so that it shows as written
        // (`<!--` and not `<!–`, which smart punctuation would make of `<!\--`).
        let mut at = Vec::new();
        for (start, opener) in &openers {
            let len = match opener {
                Opener::Comment => "<!--".len(),
                Opener::Cdata => "<![CDATA[".len(),
                Opener::Declaration => "<!".len(),
                Opener::Element(_) | Opener::Tag(_) => 1,
            };
            let head = source
                .text
                .as_bytes()
                .get(*start..start + len)
                .unwrap_or_default();
            at.extend(
                head.iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_punctuation())
                    .map(|(i, _)| start + i),
            );
        }
        source = source.escaped(&at);
    }
    (source, found)
}

/// Where each HTML block that swallows the rest of its container starts (its `<`).
fn unclosed_openers(text: &str) -> Vec<(usize, Opener)> {
    let mut out = Vec::new();
    let mut block: Option<(usize, &str, &str, bool)> = None;
    for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block = None,
            Event::Html(_) => {
                let line = text.get(range.clone()).unwrap_or_default();
                block = Some(match block {
                    None => (range.start, line, line, true),
                    Some((at, first, _, _)) => (at, first, line, false),
                });
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((at, first, last, single)) = block.take() {
                    if let Some((pos, opener)) = raw::unclosed_block(first, last, single) {
                        out.push((at + pos, opener));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_placeholders_nuls_and_backslashes() {
        let body = "a {{ value(indicator=\"x\") }} b\0c\n<pre>\nd\n";
        let source = Source::new(body);
        assert_eq!(source.text, "a \u{0}0\u{0} b\u{FFFD}c\n<pre>\nd\n");
        let b = source.text.find('b').unwrap_or_default();
        assert_eq!(&body[source.to_body(b)..source.to_body(b) + 1], "b");
        let c = source.text.find('c').unwrap_or_default();
        assert_eq!(&body[source.to_body(c)..source.to_body(c) + 1], "c");
        let pre = source.text.find('<').unwrap_or_default();
        let escaped = source.escaped(&[pre]);
        assert!(escaped.text.contains("\n\\<pre>\nd"), "{}", escaped.text);
        let d = escaped.text.find('d').unwrap_or_default();
        assert_eq!(&body[escaped.to_body(d)..escaped.to_body(d) + 1], "d");
        let lt = escaped.text.find('<').unwrap_or_default();
        assert_eq!(&body[escaped.to_body(lt)..escaped.to_body(lt) + 1], "<");
        assert_eq!(escaped.to_body(lt - 1), escaped.to_body(lt));
    }
}
