//! Raw HTML in a narrative, kept to the place where it was written.
//!
//! Markdown lets an author paste HTML, which two readers then interpret: pulldown-cmark (where
//! an HTML block ends) and html5ever behind ammonia (where an element, comment or tag ends).
//! Some HTML makes them take everything after it: `<script>` and `<style>` (ammonia drops
//! their content), `<template>` (its content is not part of the page), `<textarea>`, `<title>`,
//! `<iframe>`, `<xmp>`, `<noembed>`, `<noframes>`, `<noscript>` and `<plaintext>` (their content
//! is read as text, so the Markdown after them shows as source), a comment or `<!…>` left open,
//! and a tag without its `>`. Left alone, the narrative after them silently disappears or
//! turns into source text while `check` and `build` succeed.
//!
//! This step walks the events once, keeping the stack of open elements, and:
//!
//! - writes the tags of those elements, and any opener left open at the end of its run of raw
//!   HTML, as text (`&lt;`), and reports each as a [`Finding`](super::Finding): the author sees the tag on the
//!   page, everything after it is kept, and `check` says where it is;
//! - closes the raw elements still open when the Markdown element around them ends, and drops
//!   an end tag that closes nothing opened inside the same Markdown element, so pasted HTML
//!   cannot reach outside the element it was written in (the parser's stack stays ours);
//! - bounds the depth of nesting at [`MAX_DEPTH`]: html5ever walks its stack of open elements
//!   for many tags, so `<div>` × 100,000 took 97 s. Deeper elements are written as text
//!   (raw tags) or left out (Markdown containers, their content kept), and `check` rejects the
//!   page. The stack counts an element open until it is certainly closed, so it is never
//!   shallower than the parser's.
//!
//! This file holds the walk; how the HTML tokenizer reads a run (`tokens`) and what the HTML
//! parser does by element name (`elements`) are in their own files beside it.

mod elements;
mod tokens;

pub(super) use elements::is_hidden_element;
use elements::{closed_by, VOID};
pub(super) use tokens::unclosed_block;
use tokens::{next_markup, Markup};

use super::Problem;
use pulldown_cmark::{CowStr, Event, Tag};
use std::ops::Range;

/// The deepest nesting of elements (Markdown and raw HTML together) a narrative may have. Real
/// narratives stay below 15 (a list in a quote in a table cell); html5ever stays fast at this
/// depth.
pub const MAX_DEPTH: usize = 100;

/// What makes a tag, comment or block swallow what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opener {
    /// `<!--` without `-->`.
    Comment,
    /// `<!…` or `<?…` without `>` (or an HTML block `<?…` without `?>`).
    Declaration,
    /// `<![CDATA[` without `]]>`.
    Cdata,
    /// An HTML block opened by this element (`pre`) without its end tag.
    Element(String),
    /// A tag without its `>`.
    Tag(String),
}

/// An element on the stack: made by Markdown, or by a raw tag (its lowercase name).
#[derive(Debug)]
enum Open {
    Markdown,
    Raw(String),
}

/// An edit of a run of raw HTML, at increasing offsets.
enum Edit {
    /// Write every `<` in the range as `&lt;`.
    AsText(Range<usize>),
    /// Leave the range out.
    Drop(Range<usize>),
    /// Write these end tags before the offset.
    Close(usize, String),
}

/// The walk over one narrative's events.
struct Walk<'a> {
    out: Vec<Event<'a>>,
    found: Vec<(usize, Problem)>,
    open: Vec<Open>,
    /// For each open Markdown element, its place on `open` (`None`: left out, too deep).
    markdown: Vec<Option<usize>>,
    too_deep: bool,
    /// Hidden elements whose start tag was reported and not yet their end tag.
    reported: Vec<String>,
    /// Open images: their raw HTML is written into the `alt` text, escaped, not as elements.
    images: usize,
}

/// `events` with their raw HTML contained (see the module documentation), and what had to
/// be changed, at offsets in the parsed text. `capacity`: how many events to make room for.
pub(super) fn contain<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    capacity: usize,
) -> (Vec<Event<'a>>, Vec<(usize, Problem)>) {
    let mut walk = Walk {
        out: Vec::with_capacity(capacity),
        found: Vec::new(),
        open: Vec::new(),
        markdown: Vec::new(),
        too_deep: false,
        reported: Vec::new(),
        images: 0,
    };
    let mut block: Vec<(CowStr<'a>, Range<usize>)> = Vec::new();
    let mut in_block = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                in_block = true;
                walk.out.push(Event::Start(Tag::HtmlBlock));
            }
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                walk.html(std::mem::take(&mut block), true);
                in_block = false;
                walk.out.push(event);
            }
            Event::Html(html) if in_block => block.push((html, range)),
            Event::Html(html) => walk.html(vec![(html, range)], true),
            Event::InlineHtml(html) => walk.html(vec![(html, range)], false),
            Event::Start(tag) => walk.start(tag, range.start),
            Event::End(end) => walk.end(end),
            Event::Rule => {
                walk.close_implied("hr");
                walk.out.push(Event::Rule);
            }
            other => walk.out.push(other),
        }
    }
    (walk.out, walk.found)
}

impl<'a> Walk<'a> {
    fn start(&mut self, tag: Tag<'a>, at: usize) {
        if matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
        ) {
            self.close_implied("p");
        }
        if self.open.len() >= MAX_DEPTH {
            self.report_too_deep(at);
            self.markdown.push(None);
            return;
        }
        if matches!(tag, Tag::Image { .. }) {
            self.images += 1;
        }
        self.markdown.push(Some(self.open.len()));
        self.open.push(Open::Markdown);
        self.out.push(Event::Start(tag));
    }

    fn end(&mut self, end: pulldown_cmark::TagEnd) {
        // Markdown elements nest, so this end belongs to the last Markdown start.
        let Some(Some(at)) = self.markdown.pop() else {
            return;
        };
        if end == pulldown_cmark::TagEnd::Image {
            self.images = self.images.saturating_sub(1);
        }
        let closes = self.end_tags_above(at);
        if !closes.is_empty() {
            self.out.push(Event::InlineHtml(CowStr::from(closes)));
        }
        self.open.truncate(at);
        self.out.push(Event::End(end));
    }

    /// End tags, innermost first, for the raw elements open above `open[at]`.
    fn end_tags_above(&self, at: usize) -> String {
        let mut tags = String::new();
        for open in self.open[at + 1..].iter().rev() {
            if let Open::Raw(name) = open {
                tags.push_str("</");
                tags.push_str(name);
                tags.push('>');
            }
        }
        tags
    }

    /// Before a start tag `name`: pop the elements it closes while they are current.
    fn close_implied(&mut self, name: &str) {
        let closes = closed_by(name);
        while let Some(Open::Raw(top)) = self.open.last() {
            if !closes.contains(&top.as_str()) {
                break;
            }
            self.open.pop();
        }
    }

    fn report_too_deep(&mut self, at: usize) {
        if !self.too_deep {
            self.too_deep = true;
            self.found.push((at, Problem::TooDeep));
        }
    }

    /// One run of raw HTML (an HTML block's lines, or one inline tag), written with its edits.
    fn html(&mut self, pieces: Vec<(CowStr<'a>, Range<usize>)>, is_block: bool) {
        if self.images > 0 {
            // Inside an image's alt text (see `images`).
            self.out
                .extend(pieces.into_iter().map(|(text, _)| Event::InlineHtml(text)));
            return;
        }
        let run: String = if pieces.len() == 1 {
            pieces[0].0.to_string()
        } else {
            pieces.iter().map(|(s, _)| s.as_ref()).collect()
        };
        // Where each piece starts in the run and in the source, to place findings.
        let mut starts = Vec::with_capacity(pieces.len());
        let mut offset = 0;
        for (text, range) in &pieces {
            starts.push((offset, range.start));
            offset += text.len();
        }
        let place = |at: usize| {
            let i = starts.partition_point(|(r, _)| *r <= at).saturating_sub(1);
            starts.get(i).map_or(0, |(r, s)| s + (at - r))
        };
        let mut edits = Vec::new();
        let mut from = 0;
        if is_block {
            let last = pieces.last().map_or("", |(s, _)| s.as_ref());
            if let Some((at, opener)) = unclosed_block(&run, last, pieces.len() == 1) {
                // Its end is in no later line: write the opener as text. A hidden element
                // is reported (and written as text) as one below.
                if !matches!(&opener, Opener::Element(n) if is_hidden_element(n)) {
                    edits.push(Edit::AsText(at..at + 1));
                    self.found.push((place(at), Problem::Unclosed(opener)));
                    from = at + 1;
                }
            }
        }
        while let Some((at, markup)) = next_markup(&run, from) {
            from = self.markup(&run, at, markup, &mut edits, &place);
        }
        if edits.is_empty() {
            let make = if is_block {
                Event::Html
            } else {
                Event::InlineHtml
            };
            self.out
                .extend(pieces.into_iter().map(|(text, _)| make(text)));
            return;
        }
        let text = CowStr::from(apply(&run, &edits));
        self.out.push(if is_block {
            Event::Html(text)
        } else {
            Event::InlineHtml(text)
        });
    }

    /// Handle one piece of markup at `at`; returns where to read on.
    fn markup(
        &mut self,
        run: &str,
        at: usize,
        markup: Markup,
        edits: &mut Vec<Edit>,
        place: &dyn Fn(usize) -> usize,
    ) -> usize {
        match markup {
            Markup::Start { name, end } | Markup::End { name, end } if is_hidden_element(&name) => {
                let is_end = run.as_bytes().get(at + 1) == Some(&b'/');
                edits.push(Edit::AsText(at..end));
                // An end tag is reported only when its start tag was not.
                let matched = is_end
                    && match self.reported.iter().rposition(|n| *n == name) {
                        Some(i) => {
                            self.reported.remove(i);
                            true
                        }
                        None => false,
                    };
                if !is_end {
                    self.reported.push(name.clone());
                }
                if !matched {
                    self.found
                        .push((place(at), Problem::Stray { name, end: is_end }));
                }
                end
            }
            Markup::Start { name, end } => {
                if VOID.contains(&name.as_str()) {
                    return end;
                }
                self.close_implied(&name);
                if self.open.len() >= MAX_DEPTH {
                    self.report_too_deep(place(at));
                    edits.push(Edit::AsText(at..end));
                } else {
                    self.open.push(Open::Raw(name));
                }
                end
            }
            Markup::End { name, end } => {
                // Only an element opened inside the current Markdown element may be closed.
                let floor = self
                    .open
                    .iter()
                    .rposition(|o| matches!(o, Open::Markdown))
                    .map_or(0, |m| m + 1);
                let found = self.open[floor..]
                    .iter()
                    .rposition(|o| matches!(o, Open::Raw(n) if *n == name));
                match found {
                    Some(i) => {
                        let closes = self.end_tags_above(floor + i);
                        if !closes.is_empty() {
                            edits.push(Edit::Close(at, closes));
                        }
                        self.open.truncate(floor + i);
                    }
                    None if VOID.contains(&name.as_str()) => {}
                    None => edits.push(Edit::Drop(at..end)),
                }
                end
            }
            Markup::Hidden { end } => end,
            Markup::Unclosed(opener) => {
                edits.push(Edit::AsText(at..at + 1));
                self.found.push((place(at), Problem::Unclosed(opener)));
                at + 1
            }
        }
    }
}

/// `run` with `edits` made.
fn apply(run: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(run.len() + 16);
    let mut done = 0;
    for edit in edits {
        match edit {
            Edit::AsText(range) => {
                out.push_str(&run[done..range.start]);
                out.push_str(&run[range.clone()].replace('<', "&lt;"));
                done = range.end;
            }
            Edit::Drop(range) => {
                out.push_str(&run[done..range.start]);
                done = range.end;
            }
            Edit::Close(at, tags) => {
                out.push_str(&run[done..*at]);
                out.push_str(tags);
                done = *at;
            }
        }
    }
    out.push_str(&run[done..]);
    out
}
