//! Step 3: Markdown narratives → safe HTML, with live figures.
//!
//! Input: a page body and a function that renders one `{{ value(…) }}` call. Output: HTML.
//! pulldown-cmark renders tables, footnotes and headings (each heading gets an `id` for
//! anchors); ammonia then removes anything executable that an author pasted (`<script>`,
//! event attributes, `javascript:` links). Live figures are swapped in only *after*
//! sanitising, through placeholders, so their markup is ours and never touched by content.
//! Links written as `/provinces/…` are prefixed with the site's base path.

use crate::shortcode::{self, Call};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
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
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<Event> = Parser::new_ext(&source, options).collect();
    let (events, headings) = add_heading_ids(events);
    let events = events.into_iter().map(|e| rebase_link(e, base_path));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);

    // 3. Sanitise, then put the figures in.
    let mut clean = unique_ids(&sanitizer().clean(&html).to_string());
    for (i, fig) in figures.iter().enumerate() {
        clean = clean.replacen(&placeholder(i), fig, 1);
    }
    Rendered {
        html: clean,
        headings,
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
fn add_heading_ids(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<(u8, String, String)>) {
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
                id: Some(CowStr::from(unique)),
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

    #[test]
    fn figures_are_inserted_after_sanitising() {
        let html = render_plain(
            "Rate {{ value(indicator=\"x\") }} and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(html.contains("Rate <b>value</b>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }
}
