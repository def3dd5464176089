//! Anchors inside a narrative: an `id` for every heading (for the table of contents) and a
//! number, an `id` and a link for every footnote.
//!
//! Every id inside a narrative starts with [`ID_PREFIX`], so that none repeats an id of the
//! page around it. ammonia adds the prefix to the ids of pasted HTML (and leaves an id that
//! has it already); the ids made here are written with it, and so are the links that point at
//! them: a footnote's `href="#h-fn-1"` reaches its `id="h-fn-1"`, whether or not the narrative
//! is sanitised (ammonia prefixes ids, never links).

use super::splice::{self, Figure};
use super::{slugify, Headings, ID_PREFIX};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Heading ids and footnotes written into `events` (each event stays in its place), and the
/// headings found.
pub(super) fn outline<'a>(events: &mut [Event<'a>], figures: &[Figure]) -> Headings {
    let mut ids = UniqueIds::default();
    let mut notes = Footnotes::default();
    let mut headings = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr<'a>>, usize)> = None;
    let mut text = String::new();
    for i in 0..events.len() {
        let event = &mut events[i];
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Its id is known at its end: keep a place for the start.
                heading = Some((*level, id.take(), i));
                text.clear();
                *event = Event::Start(Tag::Paragraph);
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                text.push_str(&splice::with_figure_text(t, figures));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, at)) = heading.take() {
                    let base = id.map_or_else(|| slugify(&text), |id| id.to_string());
                    let unique = ids.unique(if base.is_empty() {
                        "section".to_string()
                    } else {
                        base
                    });
                    let id = format!("{ID_PREFIX}{unique}");
                    headings.push((level_number(level), id.clone(), text.clone()));
                    events[at] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                }
            }
            Event::FootnoteReference(label) => {
                let n = notes.number(label);
                *event = Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{ID_PREFIX}fn-{n}\">{n}</a></sup>"
                )));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = notes.number(label);
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{ID_PREFIX}fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                )));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                *event = Event::Html(CowStr::Borrowed("</div>\n"));
            }
            _ => {}
        }
    }
    headings
}

/// Ids made unique within a page: `ket-qua`, `ket-qua-2`, `ket-qua-3`… Each stem remembers
/// its next number, so 20,000 equal headings take 20,000 steps, not 200 million.
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UniqueIds {
    fn unique(&mut self, stem: String) -> String {
        if self.used.insert(stem.clone()) {
            return stem;
        }
        let next = self.next.entry(stem.clone()).or_insert(2);
        // A number is skipped only when a heading took it as written (`## A 2` after two `## A`):
        // each id is skipped at most once, so the whole page stays linear.
        loop {
            let candidate = format!("{stem}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Footnote numbers in the order they first appear (cited or defined), labels compared
/// regardless of case as CommonMark compares them (`[^A]` cites `[^a]:`).
#[derive(Default)]
struct Footnotes {
    numbers: HashMap<String, usize>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_lowercase()).or_insert(next)
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
