//! Live figures, put in after sanitising, where their placeholders are.
//!
//! A figure's markup is ours (a link to the indicator, the source in its title) and ammonia
//! would strip it, so it is put in afterwards, in one pass over the clean HTML. Its
//! placeholder must survive pulldown-cmark and ammonia, and no author may be able to forge
//! one. Before parsing a placeholder is `NUL index NUL` (see `source`); before sanitising
//! [`guard`] makes it `U+0080 f index U+0080`, and every U+0080 of the author's text
//! `U+0080 c U+0080`. So every U+0080 left in ammonia's output was written by [`guard`]:
//! pulldown-cmark decodes its references (`&#128;`) before [`guard`] runs, and html5ever turns
//! `&#128;` in pasted HTML into `€`, as the HTML standard maps C1 references to windows-1252.
//!
//! The pass knows where it is: in text a figure is its markup; inside a tag (an attribute such
//! as a link title) or inside a link, where its markup cannot go, it is its text. The same
//! pass keeps the first element with each `id` and drops the attribute from later repeats
//! (pasted HTML may reuse an id that a heading got), reading attributes as ammonia writes them
//! (`name="value"`, with `"` escaped inside).

use pulldown_cmark::{CowStr, Event};
use std::borrow::Cow;

/// Starts and ends every marker in the HTML given to ammonia.
const GUARD: char = '\u{80}';
const GUARD_BYTES: [u8; 2] = [0xC2, 0x80];

/// In a figure's markup, where the part that has no text form begins (see [`Figure::new`]).
pub const MARKUP_ONLY: &str = "<sup class=\"figure-note\"";

/// A live figure: its markup, and its text for places where markup cannot go.
pub(super) struct Figure {
    html: String,
    /// The markup without its tags: text still escaped for HTML.
    text: String,
    /// The text as a reader sees it (for the table of contents and heading ids).
    plain: String,
}

impl Figure {
    /// `html` is trusted, well-formed markup whose text is escaped (so `<` starts a tag). A
    /// part that exists only as markup (the note mark after a figure, `<sup …>1</sup>`) starts
    /// at [`MARKUP_ONLY`]: the figure's text, where markup cannot go, stops before it.
    pub fn new(html: String) -> Figure {
        let mut text = String::with_capacity(html.len());
        let mut rest = html
            .find(MARKUP_ONLY)
            .map_or(html.as_str(), |at| &html[..at]);
        while let Some(lt) = rest.find('<') {
            text.push_str(&rest[..lt]);
            rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
        }
        text.push_str(rest);
        let plain = if text.contains('&') {
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        } else {
            text.clone()
        };
        Figure { html, text, plain }
    }
}

/// `text` (before sanitising) with each placeholder replaced by its figure's plain text.
pub(super) fn with_figure_text<'t>(text: &'t str, figures: &[Figure]) -> Cow<'t, str> {
    if !text.contains('\0') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('\0').enumerate() {
        // Parts alternate: text, index, text…
        if i % 2 == 0 {
            out.push_str(part);
        } else if let Some(f) = part.parse::<usize>().ok().and_then(|n| figures.get(n)) {
            out.push_str(&f.plain);
        }
    }
    Cow::Owned(out)
}

/// The event with its placeholders as markers and its U+0080 escaped (module documentation).
pub(super) fn guard(event: &mut Event<'_>) {
    let text = match event {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => t,
        // A link's address never holds a placeholder (pulldown-cmark refuses a NUL there) and
        // `push_html` percent-encodes a U+0080 in it: only its title is guarded.
        other => match super::link_parts(other) {
            Some((_, title)) => title,
            None => return,
        },
    };
    *text = guarded(std::mem::replace(text, CowStr::Borrowed("")));
}

fn guarded(text: CowStr<'_>) -> CowStr<'_> {
    let bytes = text.as_bytes();
    let plain = memchr::memchr2(0, GUARD_BYTES[0], bytes).is_none();
    if plain {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(['\0', GUARD]) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with(GUARD) {
            out.push(GUARD);
            out.push('c');
            out.push(GUARD);
            rest = &rest[i + GUARD.len_utf8()..];
            continue;
        }
        let after = &rest[i + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&0) {
            out.push(GUARD);
            out.push('f');
            out.push_str(&after[..digits]);
            out.push(GUARD);
            rest = &after[digits + 1..];
        } else {
            // Not a placeholder (cannot happen: `source` made every NUL one).
            out.push('\u{FFFD}');
            rest = after;
        }
    }
    out.push_str(rest);
    CowStr::from(out)
}

/// What a marker in the clean HTML stands for.
enum Marker {
    Author,
    Figure(usize),
}

/// The marker at the start of `s` (which starts with [`GUARD`]) and its length.
fn marker(s: &[u8]) -> (usize, Option<Marker>) {
    match s.get(2) {
        Some(b'c') if s.get(3..5) == Some(&GUARD_BYTES) => (5, Some(Marker::Author)),
        Some(b'f') => {
            let digits = s[3..].iter().take_while(|b| b.is_ascii_digit()).count();
            let number = std::str::from_utf8(&s[3..3 + digits])
                .ok()
                .and_then(|d| d.parse().ok());
            match number {
                Some(n) if s.get(3 + digits..5 + digits) == Some(&GUARD_BYTES) => {
                    (5 + digits, Some(Marker::Figure(n)))
                }
                _ => (2, None),
            }
        }
        _ => (2, None),
    }
}

/// Where the pass is in the HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Text,
    Tag,
    Value,
}

/// `html` (ammonia's output) with its markers replaced and repeated ids dropped.
pub(super) fn splice(html: String, figures: &[Figure]) -> String {
    if unchanged(&html) {
        return html;
    }
    walk(&html, figures)
}

/// Whether [`walk`] would give `html` back as it is, told by two searches instead of the walk
/// (most narratives have no figure, and their ids are the headings', already unique): the
/// walk changes only a marker, which starts with [`GUARD`], and an `id` whose value it has
/// seen before. Every ` id="` the walk reads as an attribute is one of those found here,
/// with the same value (up to the next `"`), so if these values are all different, the walk
/// meets no repeat.
fn unchanged(html: &str) -> bool {
    let bytes = html.as_bytes();
    if memchr::memmem::find(bytes, &GUARD_BYTES).is_some() {
        return false;
    }
    let mut ids: crate::FastSet<&str> = crate::FastSet::default();
    for at in memchr::memmem::find_iter(bytes, b" id=\"") {
        let start = at + " id=\"".len();
        let end = memchr::memchr(b'"', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        if !ids.insert(&html[start..end]) {
            return false;
        }
    }
    true
}

/// The pass of the module documentation over `html`.
fn walk(html: &str, figures: &[Figure]) -> String {
    let bytes = html.as_bytes();
    let extra: usize = figures.iter().map(|f| f.html.len()).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut ids: crate::FastSet<&str> = crate::FastSet::default();
    let mut place = Place::Text;
    let mut links = 0usize;
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let next = match place {
            Place::Text => memchr::memchr2(b'<', GUARD_BYTES[0], &bytes[i..]),
            Place::Tag => memchr::memchr3(b'>', b'"', GUARD_BYTES[0], &bytes[i..]),
            Place::Value => memchr::memchr2(b'"', GUARD_BYTES[0], &bytes[i..]),
        };
        let Some(skip) = next else {
            break;
        };
        i += skip;
        match bytes[i] {
            0xC2 if bytes.get(i + 1) == Some(&GUARD_BYTES[1]) => {
                out.push_str(&html[done..i]);
                let (len, what) = marker(&bytes[i..]);
                match what {
                    Some(Marker::Author) => out.push(GUARD),
                    Some(Marker::Figure(n)) => {
                        if let Some(f) = figures.get(n) {
                            let markup_fits = place == Place::Text && links == 0;
                            out.push_str(if markup_fits { &f.html } else { &f.text });
                        }
                    }
                    None => {}
                }
                i += len;
                done = i;
            }
            b'<' => {
                let rest = &html[i..];
                if rest.starts_with("<a ") || rest.starts_with("<a>") {
                    links += 1;
                } else if rest.starts_with("</a>") {
                    links = links.saturating_sub(1);
                }
                place = Place::Tag;
                i += 1;
            }
            b'>' => {
                place = Place::Text;
                i += 1;
            }
            b'"' if place == Place::Value => {
                place = Place::Tag;
                i += 1;
            }
            b'"' => {
                place = Place::Value;
                if html[..i].ends_with(" id=") {
                    let start = i + 1;
                    let end =
                        memchr::memchr(b'"', &bytes[start..]).map_or(bytes.len(), |p| start + p);
                    if !ids.insert(&html[start..end]) {
                        // A repeat: leave out ` id="…"`.
                        out.push_str(&html[done..i - " id=".len()]);
                        done = (end + 1).min(bytes.len());
                        i = done;
                        place = Place::Tag;
                        continue;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&html[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_kept_as_it_is_only_when_the_walk_would_keep_it() {
        let figures = [Figure::new("<a href=\"/i/\">12</a>".to_string())];
        let marker = format!("{GUARD}f0{GUARD}");
        let author = format!("{GUARD}c{GUARD}");
        let cases = [
            "<h2 id=\"h-a\">A</h2><p>x \"id\" y</p><h2 id=\"h-b\">B</h2>".to_string(),
            "<p>text only, and a NBSP\u{a0} and \u{20ac}</p>".to_string(),
            "<h2 id=\"h-a\">A</h2><p>x</p><div id=\"h-a\">B</div>".to_string(),
            "<p>id=\"h-a\" <span title=\" id=\"h-a\">t</span></p>".to_string(),
            format!("<p>{marker} and {author}</p>"),
            format!("<p title=\"{marker}\">x</p>"),
        ];
        for html in cases {
            let walked = walk(&html, &figures);
            if unchanged(&html) {
                assert_eq!(walked, html);
            }
            assert_eq!(splice(html.clone(), &figures), walked, "{html}");
        }
        assert!(unchanged("<h2 id=\"h-a\">A</h2><h2 id=\"h-b\">B</h2>"));
        assert!(!unchanged("<h2 id=\"h-a\">A</h2><div id=\"h-a\">B</div>"));
        assert!(!unchanged(&format!("<p>{author}</p>")));
    }
}
