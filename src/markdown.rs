//! Step 3: Markdown narratives → safe HTML, with live figures.
//!
//! Input: a page body and a function that renders one `{{ value(…) }}` call. Output: HTML.
//! pulldown-cmark renders tables, footnotes and headings (each heading gets an `id` for
//! anchors). A narrative holding raw HTML, footnotes, images or a link with another scheme
//! goes through ammonia, which removes anything executable that an author pasted (`<script>`,
//! event attributes, `javascript:` links); plain Markdown, whose every tag pulldown-cmark
//! writes and escapes, is written directly in the same form (see [`plain_html`]). Live
//! figures are swapped in only *after* sanitising, through placeholders, so their markup is
//! ours and never touched by content.
//! Links written as `/provinces/…` are prefixed with the site's base path.

use crate::load::shortcode::{self, Call};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::HashSet;

/// Rendered HTML and the headings found in it (for a table of contents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<(u8, String, String)>,
}

/// Render `body`. `figure` turns a parsed call into trusted HTML; calls that fail to parse were
/// already reported by `check` and are rendered as their source text.
pub fn render(body: &str, base_path: &str, figure: &mut dyn FnMut(&Call) -> String) -> Rendered {
    render_with(body, base_path, figure, false)
}

/// [`render`], with the choice of sanitising even plain Markdown (to compare both ways).
fn render_with(
    body: &str,
    base_path: &str,
    figure: &mut dyn FnMut(&Call) -> String,
    force_sanitiser: bool,
) -> Rendered {
    // 1. Replace each call by a placeholder that survives Markdown and sanitising unchanged.
    let mut source = String::with_capacity(body.len());
    let mut figures: Vec<String> = Vec::new();
    let mut last = 0;
    for call in shortcode::scan(body).into_iter().flatten() {
        source.push_str(&body[last..call.span.start]);
        source.push_str(&placeholder(figures.len()));
        figures.push(figure(&call));
        last = call.span.end;
    }
    source.push_str(&body[last..]);

    // 2. Markdown → HTML, with heading ids and base-path links.
    let events: Vec<Event> = Parser::new_ext(&source, options()).collect();
    let (mut clean, headings) = if !force_sanitiser && events.iter().all(is_plain_markdown) {
        plain_html(events, base_path)
    } else {
        sanitised_html(events, base_path)
    };

    // 3. Put the figures in.
    for (i, fig) in figures.iter().enumerate() {
        clean = clean.replacen(&placeholder(i), fig, 1);
    }
    Rendered {
        html: clean,
        headings,
    }
}

/// The Markdown extensions narratives may use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

type Headings = Vec<(u8, String, String)>;

/// Markdown that may hold anything: its HTML goes through ammonia, which removes what is
/// executable and prefixes every id.
fn sanitised_html(events: Vec<Event<'_>>, base_path: &str) -> (String, Headings) {
    let (events, headings) = add_heading_ids(events, "");
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        events.into_iter().map(|e| rebase_link(e, base_path)),
    );
    (unique_ids(&sanitizer().clean(&html).to_string()), headings)
}

/// Markdown without raw HTML, footnotes, images or link titles, whose links all use an allowed
/// scheme ([`is_plain_markdown`]): every tag is written by pulldown-cmark, which escapes text
/// and attributes, so there is nothing to remove. Its HTML is written directly, exactly as
/// ammonia would have written it (ids prefixed, `rel` on links, no code language class,
/// `<br>`, `<hr>`, `&nbsp;`; a test compares both ways), without ammonia parsing it again into
/// a document tree (a third of the CPU time of a site made of narratives).
fn plain_html(events: Vec<Event<'_>>, base_path: &str) -> (String, Headings) {
    let (events, headings) = add_heading_ids(events, ID_PREFIX);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        events
            .into_iter()
            .map(|e| as_sanitiser_writes(rebase_link(e, base_path))),
    );
    if html.contains('\u{a0}') {
        html = html.replace('\u{a0}', "&nbsp;");
    }
    (html, headings)
}

/// True when pulldown-cmark writes this event as ammonia would keep it.
fn is_plain_markdown(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => false,
        Event::Start(Tag::Image { .. } | Tag::FootnoteDefinition(_)) => false,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => {
            title.is_empty()
                && if *link_type == LinkType::Email {
                    plain_url_text(dest_url)
                } else {
                    allowed_url(dest_url)
                }
        }
        _ => true,
    }
}

/// No space, control character or quote: characters that escaping and sanitising treat
/// differently, or that a browser strips before reading a scheme.
fn plain_url_text(url: &str) -> bool {
    !url.bytes()
        .any(|b| b <= b' ' || b == 0x7f || b == b'\'' || b == b'"')
}

/// A relative URL, or one whose scheme is http, https or mailto (ammonia's list here).
fn allowed_url(url: &str) -> bool {
    if !plain_url_text(url) {
        return false;
    }
    let Some(colon) = url.find(':') else {
        return true;
    };
    let scheme = &url[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a/b:c` or `?x:y` has no scheme: it is relative.
    !is_scheme || ["http", "https", "mailto"].contains(&scheme.to_ascii_lowercase().as_str())
}

/// An event of plain Markdown, changed to what ammonia's serialisation would give.
fn as_sanitiser_writes(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => {
            let mut tag = String::from("<a href=\"");
            if link_type == LinkType::Email {
                tag.push_str("mailto:");
            }
            // Writing to a String cannot fail.
            let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest_url);
            tag.push_str("\" rel=\"noopener noreferrer\">");
            Event::InlineHtml(CowStr::from(tag))
        }
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
        }
        Event::HardBreak => Event::InlineHtml(CowStr::Borrowed("<br>\n")),
        Event::Rule => Event::Html(CowStr::Borrowed("<hr>\n")),
        other => other,
    }
}

/// Keep the first element with each `id` and drop the attribute from later repeats (pasted
/// HTML may reuse an id that a heading got), so the page's ids stay unique.
fn unique_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut seen: HashSet<&str> = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        let value_start = i + " id=\"".len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..i]);
        if seen.insert(value) {
            out.push_str(&rest[i..value_start + len + 1]);
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

fn placeholder(i: usize) -> String {
    format!("MINHBACHFIGURE{i:05}X")
}

/// Prefix of every id inside a narrative.
pub const ID_PREFIX: &str = "h-";
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
        // Every id of a narrative (headings, pasted HTML) gets this prefix, so none can repeat
        // an id of the page around it (`main`, `tasks`, …).
        .id_prefix(Some(ID_PREFIX))
        // `style` survives only as the alignment of a Markdown table column.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("td" | "th", "style") => ALIGNMENTS.contains(&value.trim()).then(|| value.into()),
            _ => Some(value.into()),
        });
    b
}

/// Give every heading an `id` made from its text, unique within the page, and collect them.
/// `prefix` goes before the id written in the HTML (ammonia adds [`ID_PREFIX`] itself); the
/// returned headings always carry [`ID_PREFIX`].
fn add_heading_ids<'a>(events: Vec<Event<'a>>, prefix: &str) -> (Vec<Event<'a>>, Headings) {
    let mut used: HashSet<String> = HashSet::new();
    let mut headings = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let base = id
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_else(|| slugify(&text));
            let mut unique = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let stem = unique.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{stem}-{n}");
                n += 1;
            }
            headings.push((level_number(*level), format!("{ID_PREFIX}{unique}"), text));
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(format!("{prefix}{unique}"))),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            i += 1;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    (out, headings)
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

/// An anchor id from heading text: Vietnamese folded to ASCII, lowercase, hyphens.
pub fn slugify(text: &str) -> String {
    crate::model::Slug::suggest(text)
}

fn rebase_link<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with('/') && !dest_url.starts_with("//") => {
            let url = format!("{}{}", base_path.trim_end_matches('/'), dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(url),
                title,
                id,
            })
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(body: &str) -> String {
        render(body, "/sub/", &mut |c: &Call| format!("<b>{}</b>", c.name)).html
    }

    #[test]
    fn strips_script_and_event_handlers() {
        let html = render_plain(
            "Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids_and_links_get_the_base_path() {
        let r = render(
            "## Kết quả\n\n## Kết quả\n\n[tỉnh](/provinces/dong-thap/)\n",
            "/sub/",
            &mut |_| String::new(),
        );
        assert!(
            r.html.contains("<h2 id=\"h-ket-qua\">Kết quả</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"h-ket-qua-2\">"), "{}", r.html);
        assert!(
            r.html.contains("href=\"/sub/provinces/dong-thap/\""),
            "{}",
            r.html
        );
    }

    /// Plain Markdown of every construct the options allow, each meant to take the direct way.
    const PLAIN: &[&str] = &[
        "# Kết quả\n\n## Kết quả\n\nĐoạn *nghiêng*, **đậm**, ~~gạch~~, `mã <b>`, \"ngoặc\" và 'đơn' -- ... & < >\n",
        "| Mục | Số | Tỷ lệ |\n|:--|--:|:-:|\n| a | 1 | 2 |\n| b | 3 | 4 |\n\n| x |\n|---|\n",
        "3. ba\n4. bốn\n\n- a\n\n  đoạn\n- b\n\n> trích\n> dẫn\n\n---\n\ndòng  \nngắt\\\ndòng\n",
        "```rust\nfn main() {}\n```\n\n```\n<script>\n```\n\n    thụt lề\n",
        "[tỉnh](/provinces/dong-thap/) [ngoài](https://example.org/a?b=1&c=2#d) [thư](mailto:a@b.vn)\n<https://example.org> <a@b.vn> [rel](../x) [q](?a:b) [neo](#h-ket-qua)\n",
        "Khoảng\u{a0}trắng không ngắt, &copy; &amp; &lt;, [ví dụ][r]\n\n[r]: /a/b \n",
        "MINHBACHFIGURE00000X giữa dòng; tiêu đề có `mã`:\n\n### Mục `một` và *hai*\n",
    ];

    fn both_ways(body: &str) -> (Rendered, Rendered) {
        let mut fig = |c: &Call| format!("<b>{}</b>", c.name);
        let direct = render_with(body, "/sub/", &mut fig, false);
        let sanitised = render_with(body, "/sub/", &mut fig, true);
        (direct, sanitised)
    }

    fn is_plain(body: &str) -> bool {
        Parser::new_ext(body, options()).all(|e| is_plain_markdown(&e))
    }

    #[test]
    fn plain_markdown_is_written_exactly_as_the_sanitiser_writes_it() {
        for body in PLAIN {
            assert!(is_plain(body), "meant to be plain: {body}");
            let (direct, sanitised) = both_ways(body);
            assert_eq!(direct, sanitised, "{body}");
        }
        // Every narrative of the example site (real content) too.
        let mut compared = 0;
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let (direct, sanitised) = both_ways(&text);
            assert_eq!(direct, sanitised, "{}", entry.path().display());
            compared += 1;
        }
        assert!(
            compared > 5,
            "the example content was not found under {root}"
        );
    }

    #[test]
    fn anything_else_goes_through_the_sanitiser() {
        for body in [
            "<b>raw</b>",
            "a <span onclick=x>b</span>",
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](javascript&colon;alert(1))",
            "[x](data:text/html,hi)",
            "[x](/a \"title\")",
            "![img](/a.png)",
            "note[^1]\n\n[^1]: foot\n",
            "[x](/it's)",
        ] {
            assert!(!is_plain(body), "must be sanitised: {body}");
            let html = render_plain(body);
            assert!(!html.contains("javascript"), "{html}");
            assert!(!html.contains("onclick"), "{html}");
            assert!(!html.contains("data:"), "{html}");
        }
    }

    #[test]
    fn figures_are_inserted_after_sanitising() {
        let html = render_plain(
            "Rate {{ value(indicator=\"x\") }} and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(html.contains("Rate <b>value</b>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }
}
