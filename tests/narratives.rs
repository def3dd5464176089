//! Markdown narratives as an author sees them: what `check` says about a body, what the built
//! page shows, and that `check` and `build` reach the same verdict on every fixture site.
//!
//! Fixtures: `tests/fixtures/narratives/<case>/`, each copied over the base site.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, check, check_default_lang, fixtures, main_of, site_from};
use minhbach::BuildOptions;

/// Every fixture site: the base, the base with each overlay, and the combinations the other
/// tests build.
fn fixture_sites() -> Vec<Vec<String>> {
    let mut sites = vec![
        vec![],
        vec!["build".to_string()],
        vec!["build".to_string(), "theme_override".to_string()],
    ];
    for group in ["invalid", "invalid_build", "narratives"] {
        let mut names: Vec<String> = std::fs::read_dir(fixtures().join(group))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        sites.extend(names.into_iter().map(|n| vec![format!("{group}/{n}")]));
    }
    sites
}

/// Inputs on which `check` and `build` still disagree, each for a reason `check` cannot see
/// without rendering every page: a link in a narrative to an anchor the page does not have
/// (`check` knows the pages' addresses, not the ids their templates write). The test fails
/// if one of them comes to agree, so that the list only ever shrinks.
const KNOWN_GAPS: [&str; 1] = ["narratives/missing_anchor"];

/// What a command decided: accepted, rejected (with the first error), or unreadable.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Accepted,
    Rejected,
    Unreadable,
}

fn first_error(diags: &minhbach::diagnostics::Diagnostics) -> String {
    diags
        .sorted()
        .into_iter()
        .find(|d| d.severity == minhbach::diagnostics::Severity::Error)
        .map(|d| d.headline(minhbach::model::Lang::En))
        .unwrap_or_default()
}

#[test]
fn check_and_build_agree_on_every_fixture() {
    let mut disagreements = Vec::new();
    let sites = fixture_sites();
    assert!(sites.len() > 40, "fixtures not found: {sites:?}");
    for overlays in &sites {
        let names: Vec<&str> = overlays.iter().map(String::as_str).collect();
        let site = site_from(&names);
        let (checked, check_says) = match minhbach::check(site.path()) {
            Ok(c) if c.diagnostics.has_errors() => (Verdict::Rejected, first_error(&c.diagnostics)),
            Ok(_) => (Verdict::Accepted, String::new()),
            Err(e) => (Verdict::Unreadable, format!("{e:?}")),
        };
        let options = BuildOptions {
            output: Some(site.path().join("public")),
            base_url: None,
            no_cache: false,
        };
        let (built, build_says) = match minhbach::build(site.path(), &options) {
            Ok(_) => (Verdict::Accepted, String::new()),
            Err(minhbach::BuildError::Invalid(c)) => {
                (Verdict::Rejected, first_error(&c.diagnostics))
            }
            Err(minhbach::BuildError::Read(e)) => (Verdict::Unreadable, format!("{e:?}")),
            Err(minhbach::BuildError::Write(e)) => (Verdict::Unreadable, format!("{e:?}")),
        };
        let name = names.join(" + ");
        if KNOWN_GAPS.contains(&name.as_str()) {
            assert_ne!(
                checked, built,
                "{name} now agrees: remove it from KNOWN_GAPS"
            );
            continue;
        }
        if checked != built {
            disagreements.push(format!(
                "{}: check {checked:?} {check_says}\n    build {built:?} {build_says}",
                if names.is_empty() {
                    "base".to_string()
                } else {
                    names.join(" + ")
                }
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "check and build disagree on:\n{}",
        disagreements.join("\n")
    );
}

/// A narratives fixture, built; the `<main>` of the page written at `path`.
fn built_page(case: &str, path: &str) -> (tempfile::TempDir, String) {
    let site = site_from(&[&format!("narratives/{case}")]);
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let html = std::fs::read_to_string(out.join(path)).unwrap();
    (site, main_of(&html))
}

#[test]
fn a_footnote_links_to_its_note() {
    let (_site, main) = built_page("footnote", "notes/index.html");
    // Two notes, numbered in the order they are cited; the second is cited as `Tra-lai` and
    // defined as `tra-lai` (labels ignore case, as in CommonMark).
    for n in 1..=2 {
        assert!(main.contains(&format!("href=\"#h-fn-{n}\"")), "{main}");
        assert!(main.contains(&format!("id=\"h-fn-{n}\"")), "{main}");
    }
    insta::assert_snapshot!("footnote_main", main);
}

#[test]
fn stray_html_is_reported_where_it_is_and_the_rest_of_the_narrative_is_kept() {
    let site = site_from(&["narratives/stray_html"]);
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 0, "warnings only:\n{out}{err}");
    for at in [
        "content/notes.md:6:1: warning[stray-html]",
        "content/notes.md:11:37: warning[stray-html]",
        "content/notes.md:13:1: warning[unclosed-html]",
    ] {
        assert!(out.contains(at), "expected {at} in:\n{out}");
    }
    insta::assert_snapshot!("stray_html_check", out);
    let (vi, _, _) = check_default_lang(site.path(), &[]);
    assert!(
        vi.contains("content/notes.md:6:1: cảnh báo[stray-html]"),
        "{vi}"
    );

    let (_site, main) = built_page("stray_html", "notes/index.html");
    // The tags are shown as text, and nothing after them is lost.
    for kept in [
        "&lt;script&gt;",
        "<h2 id=\"h-ket-qua\">Kết quả</h2>",
        "Đoạn này phải còn trên trang",
        "&lt;style&gt;p { color: red }&lt;/style&gt; ở giữa dòng.",
        "&lt;!-- ghi chú chưa đóng",
        "<p>Đoạn cuối cùng cũng phải còn.</p>",
    ] {
        assert!(main.contains(kept), "missing {kept} in:\n{main}");
    }
    insta::assert_snapshot!("stray_html_main", main);
}

#[test]
fn html_nested_too_deep_is_an_error_at_the_element() {
    let site = site_from(&["narratives/deep_nesting"]);
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{out}{err}");
    // The 101st `<div>` of line 6 starts at column 501.
    assert!(
        out.contains("content/notes.md:6:501: error[nested-too-deep]"),
        "{out}"
    );
    let out_dir = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out_dir, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(!out_dir.exists(), "a rejected site was written");
}

#[test]
fn a_typed_placeholder_stays_text_and_a_figure_in_a_link_title_is_text() {
    let (_site, main) = built_page("figures", "reports/alpha/2025-04/index.html");
    let prose = main
        .split("<div class=\"prose\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no narrative in:\n{main}"));
    // What the author typed is shown as typed, and the figure is where the call is.
    let typed = prose
        .find("Tác giả gõ MINHBACHFIGURE00000X rồi")
        .unwrap_or_else(|| {
            panic!("the typed text moved or changed:\n{prose}");
        });
    let figure = prose
        .find("dẫn số liệu: <a class=\"figure\"")
        .unwrap_or_else(|| panic!("the figure is not after its text:\n{prose}"));
    assert!(typed < figure, "{prose}");
    // In a link title the figure is its text: the attribute stays one attribute.
    let link = common::start_tags(prose)
        .into_iter()
        .find(|t| {
            t.name == "a"
                && t.attrs
                    .iter()
                    .any(|(k, v)| k == "href" && v.ends_with("/provinces/alpha/"))
        })
        .unwrap_or_else(|| panic!("no link to the province in:\n{prose}"));
    let title = link
        .attrs
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.as_str());
    assert_eq!(title, Some("Tỷ lệ 75\u{a0}%"), "{}", link.raw);
    assert_eq!(link.attrs.len(), 3, "href, title, rel: {}", link.raw);
}

const REPORT: &str = "content/reports/alpha/2025-04.md";

/// `serve`'s rebuild after `REPORT` was edited.
fn serve_after_edit(
    root: &std::path::Path,
    preview: &mut minhbach::serve::Preview,
) -> Result<minhbach::serve::Outcome, minhbach::BuildError> {
    preview.rebuild(root, &BuildOptions::default(), &[REPORT.to_string()])
}

fn codes(diags: &minhbach::diagnostics::Diagnostics) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn serve_reports_what_check_reports_after_a_body_edit() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = minhbach::serve::Preview::build(root, &BuildOptions::default()).unwrap();
    let path = root.join(REPORT);
    let original = std::fs::read_to_string(&path).unwrap();

    // A stray tag: the page is rebuilt with the tag as text, and the warning is shown.
    std::fs::write(&path, format!("{original}\n<script>\n\nSau đó.\n")).unwrap();
    let stray = serve_after_edit(root, &mut preview).unwrap();
    assert_eq!(codes(&stray.warnings), ["stray-html"]);
    let page =
        String::from_utf8(preview.files()["reports/alpha/2025-04/index.html"].to_vec()).unwrap();
    assert!(page.contains("<p>Sau đó.</p>"), "{}", main_of(&page));

    // Fixed: the warning goes.
    std::fs::write(&path, format!("{original}\nSau đó.\n")).unwrap();
    let fixed = serve_after_edit(root, &mut preview).unwrap();
    assert_eq!(codes(&fixed.warnings), Vec::<&str>::new());

    // Too deep: the error of `check`.
    std::fs::write(&path, format!("{original}\n{}x\n", "<div>".repeat(101))).unwrap();
    match serve_after_edit(root, &mut preview) {
        Err(minhbach::BuildError::Invalid(checked)) => {
            assert_eq!(codes(&checked.diagnostics), ["nested-too-deep"]);
        }
        other => panic!("expected nested-too-deep, got {other:?}"),
    }
}

/// A live figure shows its source without hovering: a numbered mark after it links to its
/// entry in "Số liệu trên trang này" at the end, which cites the report and links back. One
/// entry per distinct figure; a figure inside a link's text (where no mark can go) is text.
#[test]
fn a_live_figure_has_a_numbered_note_with_its_citation() {
    let (_site, main) = built_page("figure_notes", "reports/alpha/2025-04/index.html");
    let prose = main
        .split("<div class=\"prose\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no narrative in:\n{main}"));
    // Inside the link the figure is its text, with no mark number glued to it.
    assert!(prose.contains(">hộ chiếu 50\u{a0}%</a>"), "{prose}");
    // Each figure in the text has its mark; the same figure cited again gets the same number.
    assert!(
        prose.contains("75\u{a0}%</a><sup class=\"figure-note\"><a href=\"#fig-2\" id=\"fig-ref-2\" aria-label=\"Nguồn của số liệu 2\">2</a></sup>"),
        "{prose}"
    );
    assert!(prose.contains("id=\"fig-ref-2-2\""), "{prose}");
    assert!(
        prose.contains(
            "50\u{a0}%</a><sup class=\"figure-note\"><a href=\"#fig-1\" id=\"fig-ref-1-2\""
        ),
        "{prose}"
    );
    // The list: one entry per distinct figure, each with its citation and a way back to the
    // first mark that exists.
    let list = prose
        .split("<section class=\"figure-notes\" lang=\"vi\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no list of figures in:\n{prose}"));
    assert!(
        list.contains("<h2 id=\"fig-notes\">Số liệu trên trang này</h2>"),
        "{list}"
    );
    assert_eq!(list.matches("<li id=\"fig-").count(), 2, "{list}");
    assert!(
        list.contains("<li id=\"fig-2\"><a class=\"figure\" href=\"/test/provinces/alpha/#i-online-rate\">75\u{a0}%</a> — Tỷ lệ hồ sơ trực tuyến, Tỉnh Alpha, tháng 4/2025: <span class=\"citation\"><a href=\"/test/reports/alpha/2025-04/\">Báo cáo tháng 4/2025 (không có số, không ghi ngày), mục 1</a>"),
        "{list}"
    );
    assert!(
        list.contains("href=\"#fig-ref-2\" aria-label=\"Quay lại số liệu 2 trong bài\">↩</a>"),
        "{list}"
    );
    assert!(list.contains("href=\"#fig-ref-1-2\""), "{list}");
    assert!(
        !list.contains("href=\"#fig-ref-1\""),
        "no mark fig-ref-1 exists: {list}"
    );

    // In English, the same list in English words.
    let (_site, en) = built_page("figure_notes", "en/reports/alpha/2025-04/index.html");
    assert!(
        en.contains("<h2 id=\"fig-notes\">Figures on this page</h2>"),
        "{en}"
    );
    assert!(
        en.contains("Report for April 2025 (unnumbered, undated), section 1</a>"),
        "{en}"
    );
    assert!(en.contains("aria-label=\"Source of figure 1\""), "{en}");
}

/// A page without live figures has no list of figures.
#[test]
fn a_page_without_live_figures_has_no_list_of_figures() {
    let (_site, main) = built_page("footnote", "notes/index.html");
    assert!(!main.contains("figure-notes"), "{main}");
    assert!(!main.contains("fig-ref"), "{main}");
}
