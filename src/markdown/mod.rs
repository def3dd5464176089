//! Step 3: Markdown narratives → safe HTML, with live figures.
//!
//! Input: a page body and a function that renders one `{{ value(…) }}` call. Output: HTML,
//! and the headings for a table of contents. [`inspect`] gives what `check` reports about a
//! body: it runs steps 1 to 3 of [`render`] (skipping them when the body can hold nothing to
//! report), so both agree on every narrative.
//!
//! 1. `source`: each call becomes a placeholder no author can type, and an HTML block that
//!    would swallow the rest of the narrative is reopened as text.
//! 2. pulldown-cmark parses (tables, footnotes, strikethrough, smart punctuation).
//! 3. `raw`: pasted HTML is kept where it was written: tags of elements that would hide what
//!    follows are written as text, nesting is bounded.
//! 4. `outline`: headings get ids, footnotes numbers and links. Links written
//!    `/provinces/…` get the site's base path, code blocks lose their language.
//! 5. ammonia sanitises every narrative that holds something an author controls beyond text:
//!    pasted HTML, a link, an image, a footnote. It removes anything executable (`<script>`,
//!    event attributes, `javascript:` links) and prefixes the ids of pasted HTML. A narrative
//!    made only of text, headings, emphasis, lists, quotes, tables, code and rules skips it:
//!    for these pulldown-cmark writes only tags that ammonia's policy keeps, with no attribute
//!    but ids already prefixed, table alignments and list starts, all kept as they are
//!    (`needs_sanitising`). Sanitising such HTML is a no-op (html5ever would only respell
//!    `<br />` as `<br>` and U+00A0 as `&nbsp;`), and it took nearly two thirds of the CPU
//!    time of a site of narratives (`BENCHMARKS.md`). Nothing is written "as ammonia would".
//! 6. `splice`: the figures go in, in one pass, after sanitising, so their markup is ours.
//!
//! Every step is linear in the body (see `scripts/bench`, "hostile narratives").

mod outline;
mod raw;
mod source;
mod splice;

pub use raw::{Opener, MAX_DEPTH};

use crate::load::shortcode::Call;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag};

/// Rendered HTML and the headings found in it (for a table of contents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Level, id (as written in the HTML) and text of each heading.
    pub headings: Headings,
}

type Headings = Vec<(u8, String, String)>;

/// Something in a body that the renderer had to work around, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub problem: Problem,
}

/// What was worked around (see the module `raw`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A tag of an element whose content would not reach the page (`<script>`, `<style>`,
    /// `<textarea>`…), written as text. `end` for an end tag.
    Stray { name: String, end: bool },
    /// An opener left open (a comment, a tag without `>`, an HTML block such as `<pre>`
    /// without its end), written as text so that what follows stays on the page.
    Unclosed(Opener),
    /// The first element nested deeper than [`MAX_DEPTH`]; deeper elements are left out.
    TooDeep,
}

/// Render `body`. `figure` turns a parsed call into trusted HTML; calls that fail to parse were
/// already reported by `check` and are rendered as their source text.
pub fn render(body: &str, base_path: &str, figure: &mut dyn FnMut(&Call) -> String) -> Rendered {
    let (source, _) = source::settle(body);
    let figures: Vec<splice::Figure> = source
        .calls
        .iter()
        .map(|call| splice::Figure::new(figure(call)))
        .collect();
    let parsed = Parser::new_ext(&source.text, options()).into_offset_iter();
    let (mut events, _) = raw::contain(parsed, source.text.len() / EVENT_BYTES);
    let headings = outline::outline(&mut events, &figures);
    // Steps 4 and 6 change events in place, in one pass.
    let mut sanitise = false;
    for event in &mut events {
        sanitise |= needs_sanitising(event);
        rebase_link(event, base_path);
        without_code_language(event);
        splice::guard(event);
    }
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if sanitise {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered {
        html: splice::splice(html, &figures),
        headings,
    }
}

/// Whether the HTML pulldown-cmark writes for `event` may hold something ammonia's policy
/// changes. Everything else it writes (`p`, `h1`–`h6` with an id made by [`outline`], `em`,
/// `strong`, `del`, `code`, `pre`, `blockquote`, `ul`, `ol` with `start`, `li`, `table`,
/// `thead`, `tbody`, `tr`, `th` and `td` with a `text-align` style, `hr`, `br`, and escaped
/// text) is in the policy of [`configure_sanitizer`] as it stands.
fn needs_sanitising(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::Start(
                Tag::HtmlBlock | Tag::Link { .. } | Tag::Image { .. } | Tag::FootnoteDefinition(_)
            )
    )
}

/// About how many bytes of Markdown make one event (prose, tables): the events of a page are
/// collected once, without growing their vector again and again.
const EVENT_BYTES: usize = 16;

/// A code block without its language: it would be a `class`, which the policy removes.
fn without_code_language(event: &mut Event<'_>) {
    if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language))) = event {
        *language = CowStr::Borrowed("");
    }
}

/// What [`render`] works around in `body`, in order: the problems `check` reports.
pub fn inspect(body: &str) -> Vec<Finding> {
    if memchr::memchr(b'<', body.as_bytes()).is_none() && depth_bound(body) < MAX_DEPTH {
        // No raw HTML, and too few markers to nest deep: nothing to find, no need to parse.
        return Vec::new();
    }
    let (source, mut found) = source::settle(body);
    let parsed = Parser::new_ext(&source.text, options()).into_offset_iter();
    let (_, problems) = raw::contain(parsed, 0);
    found.extend(problems.into_iter().map(|(at, problem)| Finding {
        offset: source.to_body(at),
        problem,
    }));
    found.sort_by_key(|f| f.offset);
    found
}

/// The prose of `body` as the page shows it, each run of text with the body offset of each of
/// its bytes' start: text outside code, raw HTML and live figures (a live figure's place is a
/// NUL, which no author can type). What `check` reads for numbers typed instead of cited, so
/// only the runs that hold a digit are returned.
pub fn prose(body: &str) -> Vec<(String, Vec<usize>)> {
    let (source, _) = source::settle(body);
    let mut in_code = 0usize;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(&source.text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(_) if in_code == 0 => {
                // A run without a digit holds no number: most of a narrative, skipped before
                // its offsets are counted.
                let Some(raw) = source
                    .text
                    .get(range.clone())
                    .filter(|raw| raw.bytes().any(|b| b.is_ascii_digit()))
                else {
                    continue;
                };
                // A run the author typed in one piece (no live figure in it, no edit of the
                // source inside it) maps to the body by one shift.
                let first = source.to_body(range.start);
                let last = source.to_body(range.end.saturating_sub(1).max(range.start));
                if !raw.contains('\0') && last - first == raw.len().saturating_sub(1) {
                    out.push((raw.to_string(), (first..first + raw.len()).collect()));
                    continue;
                }
                // Each live figure's placeholder becomes one NUL; the rest is the author's.
                let mut text = String::with_capacity(raw.len());
                let mut offsets = Vec::with_capacity(raw.len());
                let mut in_placeholder = false;
                for (i, c) in raw.char_indices() {
                    if c == '\0' {
                        if !in_placeholder {
                            text.push('\0');
                            offsets.push(source.to_body(range.start + i));
                        }
                        in_placeholder = !in_placeholder;
                        continue;
                    }
                    if in_placeholder {
                        continue;
                    }
                    let at = source.to_body(range.start + i);
                    text.push(c);
                    offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
                }
                out.push((text, offsets));
            }
            _ => {}
        }
    }
    out
}

/// The links and images of `body` written from the site's root (`/provinces/…`, which
/// [`render`] puts under the base path), each with its byte offset in `body`: what `check`
/// can verify without rendering the site.
pub fn site_links(body: &str) -> Vec<(String, usize)> {
    if !body.contains("](/") && !body.contains("]: /") {
        return Vec::new();
    }
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// An upper bound on how deep the Markdown of `body` nests, counted as [`raw`] counts it.
///
/// A container (quote, list, list item) opens at the start of a line, after the markers of
/// every container around it (`>`, list markers, indentation): a line whose prefix of those
/// characters is `n` columns long opens at most `n` containers, two per list level (the list
/// and its item). Each inline element (emphasis, strikethrough, link, image, footnote) needs
/// one of `*_~[!` of its own. A leaf block adds one level, a table three.
///
/// `check` asks this of every body, so both counts jump with `memchr` (a line's prefix is read
/// from just after each `\n`; the markers are rare in prose) rather than look at every byte.
fn depth_bound(body: &str) -> usize {
    let bytes = body.as_bytes();
    let line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|n| n + 1));
    let mut prefix = 0;
    for start in line_starts {
        let columns: usize = bytes[start..]
            .iter()
            .take_while(|b| {
                matches!(b, b' ' | b'\t' | b'>' | b'-' | b'+' | b'*' | b'.' | b')')
                    || b.is_ascii_digit()
            })
            .map(|b| if *b == b'\t' { 4 } else { 1 })
            .sum();
        prefix = prefix.max(columns);
    }
    let inline = memchr::memchr3_iter(b'*', b'_', b'~', bytes).count()
        + memchr::memchr2_iter(b'[', b'!', bytes).count();
    2 * prefix + inline + 4
}

/// The Markdown extensions narratives may use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Prefix of every id inside a narrative.
pub const ID_PREFIX: &str = "h-";

pub use splice::MARKUP_ONLY;
const ALIGNMENTS: [&str; 6] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
    "text-align:left",
    "text-align:center",
    "text-align:right",
];

/// The sanitiser, configured once for every page.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(configure_sanitizer)
}

fn configure_sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id"])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        // Every id of pasted HTML gets this prefix (ids made by `outline` have it), so none can
        // repeat an id of the page around it (`main`, `tasks`, …).
        .id_prefix(Some(ID_PREFIX))
        // `style` survives only as the alignment of a Markdown table column.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("td" | "th", "style") => ALIGNMENTS.contains(&value.trim()).then(|| value.into()),
            _ => Some(value.into()),
        });
    b
}

/// An anchor id from heading text: Vietnamese folded to ASCII, lowercase, hyphens.
pub fn slugify(text: &str) -> String {
    crate::model::Slug::suggest(text)
}

/// A link or image written from the site's root (`/provinces/…`), under the site's base path.
fn rebase_link(event: &mut Event<'_>, base_path: &str) {
    if let Some((dest_url, _)) = link_parts(event) {
        if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            let rebased = format!("{}{}", base_path.trim_end_matches('/'), &**dest_url);
            *dest_url = CowStr::from(rebased);
        }
    }
}

/// The address and title of a link or image start; `None` for any other event. The one place
/// that takes a link or image tag apart.
fn link_parts<'e, 'a>(
    event: &'e mut Event<'a>,
) -> Option<(&'e mut CowStr<'a>, &'e mut CowStr<'a>)> {
    match event {
        Event::Start(
            Tag::Link {
                dest_url, title, ..
            }
            | Tag::Image {
                dest_url, title, ..
            },
        ) => Some((dest_url, title)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
