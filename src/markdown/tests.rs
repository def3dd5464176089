//! Tests of the whole of step 3: a body rendered and inspected as pages and `check` see it.
//! In their own file because they outgrew the steps they test.

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

#[test]
fn the_depth_bound_counts_as_a_walk_of_every_line_and_byte() {
    // The plain reading of the bound: `str::lines`, then every byte.
    fn by_lines(body: &str) -> usize {
        let prefix = body
            .lines()
            .map(|line| {
                line.bytes()
                    .take_while(|b| {
                        matches!(b, b' ' | b'\t' | b'>' | b'-' | b'+' | b'*' | b'.' | b')')
                            || b.is_ascii_digit()
                    })
                    .map(|b| if b == b'\t' { 4 } else { 1 })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        let inline = body
            .bytes()
            .filter(|b| matches!(b, b'*' | b'_' | b'~' | b'[' | b'!'))
            .count();
        2 * prefix + inline + 4
    }
    let bodies = [
        "",
        "\n",
        "x",
        "\t- a\r\n  > b\r\n\r\n\t\t1. c",
        "a\r- b\n>>> *c* _d_ ~e~ [f](/g) ![h](i)\n   \n",
        "text\n\n- a\n  - b\n    - c\n      12. d\n",
        "| a | b |\n|---|---:|\n| *x* | [y](/z) |\n",
        "> > > > >\n> quote\nlast line without end",
    ];
    for body in bodies {
        assert_eq!(depth_bound(body), by_lines(body), "{body:?}");
    }
}
