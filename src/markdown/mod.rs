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
    let (events, _) = raw::contain(parsed);
    let (events, headings) = outline::outline(events, &figures);
    let sanitise = events.iter().any(needs_sanitising);
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        events
            .into_iter()
            .map(|e| splice::guard(without_code_language(rebase_link(e, base_path)))),
    );
    if sanitise {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered {
        html: splice::splice(&html, &figures),
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

/// A code block without its language: it would be a `class`, which the policy removes.
fn without_code_language(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
        }
        other => other,
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
    let (_, problems) = raw::contain(parsed);
    found.extend(problems.into_iter().map(|(at, problem)| Finding {
        offset: source.to_body(at),
        problem,
    }));
    found.sort_by_key(|f| f.offset);
    found
}

/// An upper bound on how deep the Markdown of `body` nests, counted as [`raw`] counts it.
///
/// A container (quote, list, list item) opens at the start of a line, after the markers of
/// every container around it (`>`, list markers, indentation): a line whose prefix of those
/// characters is `n` columns long opens at most `n` containers, two per list level (the list
/// and its item). Each inline element (emphasis, strikethrough, link, image, footnote) needs
/// one of `*_~[!` of its own. A leaf block adds one level, a table three.
fn depth_bound(body: &str) -> usize {
    let mut prefix = 0;
    for line in body.lines() {
        let columns: usize = line
            .bytes()
            .take_while(|b| {
                matches!(b, b' ' | b'\t' | b'>' | b'-' | b'+' | b'*' | b'.' | b')')
                    || b.is_ascii_digit()
            })
            .map(|b| if b == b'\t' { 4 } else { 1 })
            .sum();
        prefix = prefix.max(columns);
    }
    let inline = body
        .bytes()
        .filter(|b| matches!(b, b'*' | b'_' | b'~' | b'[' | b'!'))
        .count();
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
fn rebase_link<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let rebased = |url: &str| {
        (url.starts_with('/') && !url.starts_with("//"))
            .then(|| CowStr::from(format!("{}{url}", base_path.trim_end_matches('/'))))
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebased(&dest_url).unwrap_or(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebased(&dest_url).unwrap_or(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each call renders as `<b>name</b>`.
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
            "## Kết quả\n\n## Kết quả\n\n[tỉnh](/provinces/dong-thap/) ![bản đồ](/static/map.png)\n",
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
        assert!(r.html.contains("src=\"/sub/static/map.png\""), "{}", r.html);
    }

    #[test]
    fn a_heading_whose_anchor_starts_like_the_prefix_is_where_its_link_points() {
        // Sanitised (pasted HTML below): ammonia leaves an id that starts with the prefix.
        let r = render("## H-1 kết quả\n\n<b>x</b>\n", "/", &mut |_| {
            String::new()
        });
        let (_, id, _) = &r.headings[0];
        assert_eq!(id, "h-h-1-ket-qua");
        assert!(r.html.contains(&format!("<h2 id=\"{id}\">")), "{}", r.html);
    }

    #[test]
    fn a_heading_numbered_by_hand_keeps_ids_unique() {
        let r = render("## A\n\n## A\n\n## A 2\n\n## A\n", "/", &mut |_| {
            String::new()
        });
        let ids: Vec<&str> = r.headings.iter().map(|(_, id, _)| id.as_str()).collect();
        assert_eq!(ids, ["h-a", "h-a-2", "h-a-2-2", "h-a-3"]);
    }

    #[test]
    fn footnote_links_reach_their_notes() {
        let html = render_plain("Một[^x], hai[^Y].\n\n[^x]: Ghi chú một.\n[^y]: Ghi chú hai.\n");
        for n in 1..=2 {
            assert!(html.contains(&format!("<a href=\"#h-fn-{n}\"")), "{html}");
            assert!(html.contains(&format!("id=\"h-fn-{n}\"")), "{html}");
        }
        assert!(html.contains("Ghi chú hai."), "{html}");
    }

    /// HTML that would hide or garble the rest of the narrative, each followed by Markdown
    /// that must still be rendered.
    const SWALLOWERS: &[&str] = &[
        "<script>\nalert(1)\n",
        "<style>\np { color: red }\n",
        "<textarea>\n",
        "<pre>\n",
        "<!-- ghi chú\n",
        "<?php echo 1;\n",
        "<![CDATA[ x\n",
        "<!DOCTYPE html\n",
        "Chữ <script> giữa dòng.\n",
        "Chữ <template>x</template> giữa dòng.\n",
        "Chữ <title>x giữa dòng.\n",
        "Chữ <xmp>x giữa dòng.\n",
        "Chữ <iframe>x giữa dòng.\n",
        "Chữ <noembed>x giữa dòng.\n",
        "Chữ <noframes>x giữa dòng.\n",
        "Chữ <noscript>x giữa dòng.\n",
        "Chữ <plaintext>x giữa dòng.\n",
        "<div>\n<title>\n</div>\n",
        "<div>\n<!-- mở\n",
        "<div title=\"mở\n",
        "<div>\n<span\n",
        "<script>\n<style>\n<!--\n<pre>\n<textarea>\n<?\n",
        "- <script>\n\n  trong mục\n",
        "> <pre>\n> trong trích dẫn\n",
    ];

    #[test]
    fn html_that_would_swallow_the_rest_is_shown_as_text_and_reported() {
        for opener in SWALLOWERS {
            let body = format!("Đầu.\n\n{opener}\n## Sau đó\n\nĐoạn *sau*.\n");
            let html = render_plain(&body);
            assert!(
                html.contains("<h2 id=\"h-sau-do\">Sau đó</h2>"),
                "{opener:?}:\n{html}"
            );
            assert!(
                html.contains("<p>Đoạn <em>sau</em>.</p>"),
                "{opener:?}:\n{html}"
            );
            let found = inspect(&body);
            let first = found
                .first()
                .unwrap_or_else(|| panic!("nothing reported for {opener:?}"));
            assert_eq!(body.as_bytes()[first.offset], b'<', "{opener:?}: {found:?}");
            assert!(
                found.iter().all(|f| f.problem != Problem::TooDeep),
                "{found:?}"
            );
        }
    }

    #[test]
    fn openers_hidden_deeper_than_the_reparses_keep_their_text() {
        let body = format!("{}\n## Sau đó\n\nĐoạn sau.\n", "<pre>\n".repeat(12));
        let html = render_plain(&body);
        assert!(html.contains("## Sau đó"), "{html}");
        assert!(html.contains("Đoạn sau."), "{html}");
        assert!(inspect(&body).len() >= 9, "{:?}", inspect(&body));
    }

    #[test]
    fn each_problem_is_placed_at_its_tag() {
        let body = "a\n\n<script>\nb\n\nc <style>x</style> d\n\n<!-- e\n";
        let found = inspect(body);
        let at: Vec<(usize, &Problem)> = found.iter().map(|f| (f.offset, &f.problem)).collect();
        let stray = |name: &str| Problem::Stray {
            name: name.into(),
            end: false,
        };
        assert_eq!(
            at,
            [
                (3, &stray("script")),
                (17, &stray("style")),
                (37, &Problem::Unclosed(Opener::Comment)),
            ]
        );
    }

    #[test]
    fn closed_comments_and_ordinary_html_are_silent() {
        for (body, shows) in [
            ("<!-- ghi chú -->\n\nĐoạn.\n", "<p>Đoạn.</p>"),
            (
                "<div class=\"note\">\n\n*a*\n\n</div>\n",
                "<div class=\"note\">\n<p><em>a</em></p>\n</div>",
            ),
            (
                "<details><summary>s</summary>\n\nx\n\n</details>\n",
                "<p>x</p>\n</details>",
            ),
            (
                "a <b>b</b> <span>c</span>\n",
                "<p>a <b>b</b> <span>c</span></p>",
            ),
            ("<table><tr><td>1<td>2<tr><td>3</table>\n", "<td>3</td>"),
            ("<ul><li>1<li>2</ul>\n", "<li>2</li></ul>"),
        ] {
            assert_eq!(inspect(body), [], "{body}");
            let html = render_plain(body);
            assert!(html.contains(shows), "{body}\n{html}");
        }
    }

    #[test]
    fn pasted_html_closes_inside_its_markdown_element() {
        let html = render_plain("*a <span>b* c</span> d </div> e\n");
        assert_eq!(html, "<p><em>a <span>b</span></em> c d  e</p>\n");
    }

    #[test]
    fn html_in_an_image_description_is_its_text() {
        let body = "![a <span>b</span> <script>c](/i.png)\n";
        assert_eq!(inspect(body), []);
        assert_eq!(
            render_plain(body),
            "<p><img src=\"/sub/i.png\" alt=\"a &lt;span&gt;b&lt;/span&gt; &lt;script&gt;c\"></p>\n"
        );
    }

    #[test]
    fn the_depth_bound_is_never_below_the_depth() {
        // Deepest shapes per marker: lists in quotes in lists, emphasis and links in a table.
        let shapes = [
            "- > - > 1. > * x\n".to_string(),
            (0..30)
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect(),
            format!("{}\n", ">".repeat(40)),
            format!(
                "| a |\n|---|\n| {}x{} |\n",
                "*_".repeat(10),
                "_*".repeat(10)
            ),
            format!("{}x{}\n", "[".repeat(30), "](/a)".repeat(30)),
            format!("{}x{}\n", "~~".repeat(30), "~~".repeat(30)),
            "- a\n\n  > b\n  >\n  > - c\n  >   - d\n".to_string(),
        ];
        for body in shapes {
            let mut depth: usize = 0;
            let mut deepest = 0;
            for event in Parser::new_ext(&body, options()) {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                deepest = deepest.max(depth);
            }
            assert!(
                depth_bound(&body) >= deepest,
                "{body:?}: {} < {deepest}",
                depth_bound(&body)
            );
        }
    }

    #[test]
    fn nesting_is_bounded_and_reported_once() {
        let quotes = format!("{} x\n", ">".repeat(150));
        let divs = format!("{}x{}\n", "<div>".repeat(150), "</div>".repeat(150));
        let mixed = format!("{}{} x\n", "- ".repeat(60), "<b>".repeat(60));
        for body in [&quotes, &divs, &mixed] {
            let found = inspect(body);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].problem, Problem::TooDeep);
            let html = render_plain(body);
            assert!(html.contains('x'), "{html}");
            let opened = html.matches("<blockquote>").count() + html.matches("<div>").count();
            assert!(opened <= MAX_DEPTH, "{opened} elements deep");
        }
        // The 101st `<div>`.
        assert_eq!(inspect(&divs)[0].offset, 500);
        // Deep, but not too deep.
        let fine = format!("{}x{}\n", "<div>".repeat(90), "</div>".repeat(90));
        assert_eq!(inspect(&fine), []);
    }

    #[test]
    fn a_typed_placeholder_or_marker_is_text_and_the_figure_stays_at_its_call() {
        // Typed, as a Markdown reference, as a reference in pasted HTML (which the HTML
        // parser reads as `€`), and a NUL (U+FFFD, as CommonMark asks).
        let body = "MINHBACHFIGURE00000X, \u{80}f0\u{80}, &#128;f0&#128;, <span title=\"&#128;f0&#128;\">s</span>, \0 và {{ value(indicator=\"x\") }}.\n";
        let html = render_plain(body);
        assert_eq!(
            html,
            "<p>MINHBACHFIGURE00000X, \u{80}f0\u{80}, \u{80}f0\u{80}, <span title=\"€f0€\">s</span>, \u{FFFD} và <b>value</b>.</p>\n"
        );
    }

    #[test]
    fn a_figure_where_markup_cannot_go_is_its_text() {
        let call = "{{ value(indicator=\"x\") }}";
        let html = render(
            &format!(
                "[a](/p \"tiêu đề {call}\") ![ảnh {call}](/i.png) <span title=\"{call}\">s</span> [xem {call}](/q)\n\n## Mục {call}\n"
            ),
            "/",
            &mut |_| "<a class=\"figure\" href=\"/x\" title=\"Nguồn: &quot;A&quot; &amp; B\">75 %</a>".to_string(),
        );
        for expected in [
            "title=\"tiêu đề 75 %\"",
            "alt=\"ảnh 75 %\"",
            "<span title=\"75 %\">s</span>",
            ">xem 75 %</a>",
            "<h2 id=\"h-muc-75\">Mục <a class=\"figure\"",
        ] {
            assert!(html.html.contains(expected), "{expected}\n{}", html.html);
        }
        assert_eq!(html.headings[0].2, "Mục 75 %");
    }

    #[test]
    fn text_that_looks_like_an_id_attribute_is_kept() {
        // HTML shown in a code block is text, whatever it holds.
        let html = render_plain(
            "    <a id=\"a\"> và <a id=\"a\">\n\n<span id=\"b\">1</span><span id=\"b\">2</span>\n",
        );
        assert!(
            html.contains("&lt;a id=\"a\"&gt; và &lt;a id=\"a\"&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<span id=\"h-b\">1</span><span>2</span>"),
            "{html}"
        );
    }

    /// Every construct a narrative may use without being sanitised.
    const NEEDS_NO_SANITISING: &str = "# Kết quả\n\n## Kết quả\n\nĐoạn *nghiêng*, **đậm**, ~~gạch~~, `mã <b>`, \"ngoặc\" và 'đơn' -- ... & < >, \u{a0}&copy;\n\n| Mục | Số | Tỷ lệ |\n|:--|--:|:-:|\n| a | 1 | 2 |\n\n3. ba\n4. bốn\n\n- a\n\n  đoạn\n- b\n\n> trích\n\n---\n\ndòng  \nngắt\n\n```rust\nfn main() {}\n```\n\n    thụt lề\n";

    #[test]
    fn the_policy_keeps_everything_a_narrative_that_skips_it_holds() {
        let events: Vec<Event> = Parser::new_ext(NEEDS_NO_SANITISING, options()).collect();
        assert!(
            !events.iter().any(needs_sanitising),
            "meant to skip ammonia"
        );
        let written = render_plain(NEEDS_NO_SANITISING);
        // What html5ever spells differently, and nothing else, differs.
        let respelled = written
            .replace("<br />", "<br>")
            .replace("<hr />", "<hr>")
            .replace('\u{a0}', "&nbsp;");
        assert_eq!(sanitizer().clean(&written).to_string(), respelled);
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
