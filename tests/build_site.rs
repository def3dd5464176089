//! `minhbach build` on fixture sites: every page type in both languages, snapshots of what a
//! reader sees (`<main>`), byte-identical rebuilds, a base URL with a subpath, atomic writes,
//! and hostile content that must come out inert.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, main_of, read_tree, site_from};
use std::path::Path;

fn built_site(
    overlays: &[&str],
    extra: &[&str],
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let site = site_from(overlays);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, extra);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let files = read_tree(&out);
    (site, files)
}

fn page(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files.get(path).unwrap_or_else(|| {
        panic!(
            "{path} was not built; built: {:?}",
            files.keys().collect::<Vec<_>>()
        )
    });
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn writes_every_page_type_in_both_languages() {
    let (_site, files) = built_site(&["build"], &[]);
    for path in [
        "index.html",
        "provinces/index.html",
        "provinces/alpha/index.html",
        "provinces/beta/index.html",
        "indicators/index.html",
        "indicators/online-rate/index.html",
        "indicators/accounts-activated/index.html",
        "reports/index.html",
        "reports/alpha/2025-04/index.html",
        "tasks/index.html",
        "services/index.html",
        "about/index.html",
    ] {
        assert!(files.contains_key(path), "missing {path}");
        let en = format!("en/{path}");
        assert!(files.contains_key(&en), "missing {en}");
    }
    for path in [
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "en/atom.xml",
        "robots.txt",
        "style.css",
        ".minhbach-output",
    ] {
        assert!(files.contains_key(path), "missing {path}");
    }
}

macro_rules! main_snapshot {
    ($name:ident, $path:literal) => {
        #[test]
        fn $name() {
            let (_site, files) = built_site(&["build"], &[]);
            insta::assert_snapshot!(stringify!($name), main_of(&page(&files, $path)));
        }
    };
}

main_snapshot!(home_vi, "index.html");
main_snapshot!(home_en, "en/index.html");
main_snapshot!(province_vi, "provinces/alpha/index.html");
main_snapshot!(province_en, "en/provinces/alpha/index.html");
main_snapshot!(merged_province_vi, "provinces/beta/index.html");
main_snapshot!(report_vi, "reports/alpha/2025-04/index.html");
main_snapshot!(
    report_en_falls_back_to_vietnamese,
    "en/reports/alpha/2025-04/index.html"
);
main_snapshot!(indicator_vi, "indicators/online-rate/index.html");
main_snapshot!(indicator_en, "en/indicators/online-rate/index.html");
main_snapshot!(tasks_vi, "tasks/index.html");
main_snapshot!(services_en, "en/services/index.html");
main_snapshot!(about_en, "en/about/index.html");

#[test]
fn numbers_and_periods_follow_the_page_language() {
    let (_site, files) = built_site(&["build"], &[]);
    let vi = page(&files, "provinces/alpha/index.html");
    let en = page(&files, "en/provinces/alpha/index.html");
    assert!(
        vi.contains("75\u{a0}%") && vi.contains("300/400") && vi.contains("tháng 4/2025"),
        "{}",
        main_of(&vi)
    );
    assert!(vi.contains("1.100"), "Vietnamese thousands separator");
    assert!(
        en.contains("75%") && en.contains("April 2025") && en.contains("1,100"),
        "{}",
        main_of(&en)
    );
    assert!(vi.contains("<html lang=\"vi\">") && en.contains("<html lang=\"en\">"));
    assert!(vi.contains("hreflang=\"en\" href=\"https://example.org/test/en/provinces/alpha/\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = site_from(&["build"]);
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    assert_eq!(build(site.path(), &a, &[]).2, 0);
    assert_eq!(build(site.path(), &b, &[]).2, 0);
    let (fa, fb) = (read_tree(&a), read_tree(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
}

#[test]
fn a_base_url_with_a_subpath_prefixes_every_link() {
    let (_site, files) = built_site(
        &["build"],
        &["--base-url", "https://example.org/dashboards/"],
    );
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attr in [" href=\"/", " src=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                assert!(
                    rest.starts_with("/dashboards/"),
                    "{path}: link not under the subpath: {}",
                    &rest[..rest.len().min(60)]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let sitemap = page(&files, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/dashboards/provinces/alpha/</loc>"),
        "{sitemap}"
    );
    // The Markdown link `/provinces/alpha/` in about.md is rebased too.
    assert!(page(&files, "about/index.html").contains("href=\"/dashboards/provinces/alpha/\""));
}

/// No staging or previous-site folder of a build is left beside the output (the build cache
/// is meant to stay: `tests/build_cache.rs`).
fn assert_no_temporary_folders(dir: &Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("minhbach-") && n != minhbach::cache::FOLDER)
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = site_from(&["build"]);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).2, 0);
    let before = read_tree(&out);
    common::copy_tree(&common::fixtures().join("invalid/over_100"), site.path());
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[over-100]"), "{stderr}");
    assert_eq!(
        common::summary(&stderr),
        common::Summary {
            errors: 1,
            warnings: 0,
            files: 1,
            rest: "nothing was written".into()
        },
        "{stderr}"
    );
    assert_eq!(read_tree(&out), before, "the previous site changed");
    assert_no_temporary_folders(site.path());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = site_from(&["build"]);
    let out = site.path().join("precious");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not written by minhbach"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(!out.join("index.html").exists());
}

#[test]
fn a_broken_internal_link_fails_the_build() {
    let site = site_from(&["build"]);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).2, 0);
    let before = read_tree(&out);
    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: \"About\"\n---\nSee [a page that does not exist](/provinces/nowhere/).\n",
    )
    .unwrap();
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[broken-link]") && stderr.contains("/test/provinces/nowhere/"),
        "{stderr}"
    );
    // Only the Vietnamese page has the link (the English one has its own `about.en.md`).
    assert_eq!(
        common::summary(&stderr),
        common::Summary {
            errors: 1,
            warnings: 0,
            files: 1,
            rest: "nothing was written".into()
        },
        "{stderr}"
    );
    // Pages were already written to the staging folder when the link check failed: it is
    // removed, and the previous site stays as it was.
    assert_eq!(read_tree(&out), before, "the previous site changed");
    assert_no_temporary_folders(site.path());
}

#[test]
fn hostile_content_comes_out_inert() {
    let site = site_from(&["build"]);
    let evil = "<script>alert(1)</script>\\\" onmouseover=\\\"x";
    let province = std::fs::read_to_string(site.path().join("data/provinces/alpha.yaml")).unwrap();
    std::fs::write(
        site.path().join("data/provinces/alpha.yaml"),
        province
            .replace("Alpha Province", evil)
            .replace("Tỉnh Alpha\"", &format!("{evil}\"")),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\nHi <script>alert(2)</script> <a href=\"javascript:alert(3)\">x</a> <b onclick=\"alert(4)\">b</b>\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // More vectors, symlinks, `..`, encodings: tests/hostile_input.rs.
    common::assert_inert(&out);
    let scripts = common::theme_scripts();
    for (path, bytes) in read_tree(&out) {
        // A CSV download holds the text as data, byte for byte (a browser shows it as text);
        // workbooks and the zip are compressed. Their own test: tests/downloads.rs.
        if path.ends_with(".csv") || path.ends_with(".xlsx") || path.ends_with(".zip") {
            continue;
        }
        // The theme's own scripts (common::theme_scripts) are the only ones allowed.
        let text = common::without_theme_scripts(&String::from_utf8_lossy(&bytes), &scripts);
        for tag in tags(&text) {
            let lower = tag.to_ascii_lowercase();
            if common::is_search_page_own(&path, &format!("<script> element: {tag}")) {
                continue;
            }
            assert!(
                !lower.starts_with("<script") && !lower.starts_with("<img"),
                "{path}: {tag}"
            );
            assert!(!lower.contains("javascript:"), "{path}: {tag}");
            // A real attribute is `name="…"`; `on…=&quot;` inside a value is escaped text.
            let handler = lower.split_whitespace().skip(1).any(|a| {
                a.split_once('=').is_some_and(|(name, rest)| {
                    name.starts_with("on")
                        && name.chars().all(|c| c.is_ascii_alphabetic())
                        && (rest.starts_with('"') || rest.starts_with('\''))
                })
            });
            assert!(!handler, "{path}: event handler in {tag}");
        }
    }
    let chart = std::fs::read_to_string(out.join("charts/progress-alpha.en.svg")).unwrap();
    assert!(
        chart.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{chart}"
    );
    let province = std::fs::read_to_string(out.join("en/provinces/alpha/index.html")).unwrap();
    assert!(
        province.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x"),
        "{}",
        main_of(&province)
    );
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(
        about.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        main_of(&about)
    );
}

#[test]
fn the_example_site_checks_with_its_real_warnings_and_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, err, code) = common::check(root, &[]);
    assert_eq!(code, 0, "{out}{err}");
    // The README promises 13 warnings and no error; the summary counts what is printed.
    let summary = common::summary(&out);
    assert_eq!((summary.errors, summary.warnings), (0, 13), "{out}");
    let warned: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once(": warning[").map(|(place, _)| place))
        .collect();
    let mut files: Vec<&str> = warned
        .iter()
        .map(|place| place.split(':').next().unwrap_or(place))
        .collect();
    files.dedup();
    assert_eq!((warned.len(), files.len()), (13, summary.files), "{out}");
    // The narratives cite their report's figures live; the numbers they quote on purpose are
    // the report's other printings (Bình Định's 80,01 %), which the data record.
    assert!(!out.contains("typed-figure"), "{out}");
    // Real disagreements printed in the reports (CATALOG §6.4), kept as warnings.
    for expected in [
        "the report states 0.14 % but 16 / 1166 = 1.37 %",
        "the report states 77.7 % but 670661 / 874087 = 76.73 %",
        "the report states 99.40 % but 4293 / 4842 = 88.66 %",
        "the report states 41.10 % but 6128 / 14927 = 41.05 %",
        "the report states 98.34 % but 33211 / 33751 = 98.40 %",
        // Figures of one report against each other, as the catalogue declares.
        "`dvcty-resolved` is 88161, but its parts add up to 87161: `dvcty-resolved-on-time` 86576 + `dvcty-resolved-overdue` 585 = 87161 (a difference of 1000)",
        "`digi-dossier-rate` is 98.7 %, lower than every rate it averages (99.7 % to 99.79 % by `level`: province 99.79 %, district 99.7 %, commune 99.7 %)",
        "the report prints `id-cccd-applications-cum` twice with different numbers: 1423297 / 1451929 (98.02 %) here, 1423251 / 1451929 (98.02 %)",
        "the report prints `id-eid-activated-cum` twice with different numbers: 1006251 / 1256188 (80.10 %) here, 80.01 %",
    ] {
        assert!(out.contains(expected), "missing warning: {expected}\n{out}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let (_, stderr, code) = build(root, &tmp.path().join("public"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let files = read_tree(&tmp.path().join("public"));
    for province in ["dong-thap", "an-giang", "binh-dinh", "bac-giang"] {
        assert!(files.contains_key(&format!("provinces/{province}/index.html")));
        assert!(files.contains_key(&format!("en/provinces/{province}/index.html")));
    }
    let bd = page(&files, "provinces/binh-dinh/index.html");
    assert_eq!(
        bd.matches("<td class=\"num\" data-label=\"STT\">").count(),
        40,
        "40 tasks of Bình Định"
    );
    assert_eq!(
        bd.matches("<details class=\"task-group\"").count(),
        4,
        "one group per status"
    );
    // In English, a deadline whose words are all understood is said in English; the only
    // one left as written is another body's roadmap, marked as Vietnamese.
    let en = page(&files, "en/provinces/binh-dinh/index.html");
    for said in [
        "<span lang=\"en\">Q1 2024</span><div class=\"muted\">31 March 2024</div>",
        "<span lang=\"en\">During 2024</span>",
        "<span lang=\"en\">Ongoing</span>",
        "<span lang=\"en\">Monthly, on day 22</span>",
        "<span lang=\"vi\">Theo lộ trình hướng dẫn Cục C06</span>",
    ] {
        assert!(en.contains(said), "missing {said}");
    }
    assert!(
        !en.contains("<span lang=\"vi\">Quý"),
        "a quarter left in Vietnamese"
    );
    // A breakdown cites where each province's members come from.
    let dossier = page(&files, "indicators/digi-dossier-rate/index.html");
    let foot = &dossier[dossier
        .find("<tfoot>")
        .expect("no source row under the breakdown")..];
    let foot = &foot[..foot.find("</tfoot>").unwrap()];
    assert!(foot.contains("<th scope=\"row\">Nguồn</th>"), "{foot}");
    assert!(
        foot.contains("Báo cáo 117/BC-UBND ngày 05/07/2024, mục II.3.2"),
        "{foot}"
    );
    // The progress chart of an indicator lists provinces, each with the period of its figure.
    let data = &dossier[dossier.find("id=\"ch-progress-").unwrap()..];
    assert!(
        data.contains("<thead><tr><th scope=\"col\">Tỉnh, thành phố</th><th scope=\"col\">Giá trị</th><th scope=\"col\">Kỳ</th>"),
        "{data}"
    );
    // A province formed from units none of which has a figure says why it has none.
    let online = page(&files, "en/indicators/dvcty-online-rate/index.html");
    let missing = &online[online.find("class=\"missing-values\"").unwrap()..];
    let missing = &missing[..missing.find("</ul>").unwrap()];
    assert!(
        missing.contains("An Giang (from 1 July 2025)</a>: None of the units it was formed from has a figure of this indicator to combine."),
        "{missing}"
    );
    // The completeness table: the four provinces formed on 01/07/2025 did not exist in 2024,
    // which is not a gap in their reporting (a muted cell, not "Không có báo cáo").
    let completeness = page(&files, "completeness/index.html");
    assert_eq!(
        completeness
            .matches("<td data-label=\"2024\" class=\"muted\">Chưa thành lập</td>")
            .count(),
        4,
        "{completeness}"
    );
    assert!(
        completeness.contains("<td data-label=\"2024\">Không có báo cáo</td>"),
        "Đồng Tháp existed in 2024 and filed no report for it: {completeness}"
    );
}

/// Every markup tag of a document, `<…>`, as written (text is not included).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let Some(end) = rest[i..].find('>') else {
            break;
        };
        out.push(&rest[i..i + end + 1]);
        rest = &rest[i + end + 1..];
    }
    out
}

#[test]
fn a_site_overrides_a_template_and_a_string_of_the_default_theme() {
    let (_site, files) = built_site(&["build", "theme_override"], &[]);
    assert!(page(&files, "404.html").contains("<p class=\"site-override\">"));
    let en = page(&files, "en/index.html");
    assert!(
        en.contains(">Plan tasks (site wording)</a>"),
        "overridden string missing"
    );
    assert!(
        en.contains(">Provinces</a>"),
        "the other strings stay the built-in ones"
    );
    assert!(
        page(&files, "index.html").contains(">Nhiệm vụ</a>"),
        "Vietnamese is untouched"
    );
}

#[test]
fn a_template_error_names_the_file_line_and_column() {
    let site = site_from(&["build"]);
    let dir = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.html"), "{% extends \"base.html\" %}\n{% block main %}\n{{ view.title | no_such_filter }}\n{% endblock main %}\n").unwrap();
    let (_, stderr, code) = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("themes/default/templates/page.html:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("error[template]"), "{stderr}");
}

/// Without `--lang`, `build` speaks Vietnamese: the problems found after rendering (a broken
/// link, a template error) as well as the result line.
#[test]
fn build_messages_are_vietnamese_by_default() {
    let site = site_from(&["build"]);
    let root = site.path().to_string_lossy().into_owned();
    let out = site.path().join("public").to_string_lossy().into_owned();
    let args = ["build", "--root", root.as_str(), "--output", out.as_str()];
    let (_, stderr, code) = common::run(&args);
    assert_eq!(code, 0, "{stderr}");
    // `đã tạo N trang (M tệp) …`: the pages and files that are really there.
    let written = read_tree(&site.path().join("public"));
    let pages = written.keys().filter(|p| p.ends_with(".html")).count();
    let files = written.keys().filter(|p| *p != ".minhbach-output").count();
    assert_eq!(common::built_counts(&stderr), (pages, files), "{stderr}");

    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: \"About\"\n---\nSee [a page that does not exist](/provinces/nowhere/).\n",
    )
    .unwrap();
    let (_, stderr, code) = common::run(&args);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("lỗi[broken-link]: liên kết `/test/provinces/nowhere/` trỏ tới `provinces/nowhere/index.html`, nhưng không có trang nào như vậy được tạo ra"),
        "{stderr}"
    );
    assert!(stderr.contains("  gợi ý: "), "{stderr}");
    assert_eq!(
        common::summary(&stderr),
        common::Summary {
            errors: 1,
            warnings: 0,
            files: 1,
            rest: "chưa ghi tệp nào, trang web cũ (nếu có) vẫn giữ nguyên".into()
        },
        "{stderr}"
    );

    let dir = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.html"), "{% extends \"base.html\" %}\n{% block main %}\n{{ view.title | no_such_filter }}\n{% endblock main %}\n").unwrap();
    let (_, stderr, code) = common::run(&args);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("themes/default/templates/page.html:3:")
            && stderr.contains(
                "lỗi[template]: mẫu giao diện có lỗi: không có bộ lọc (filter) `no_such_filter`"
            ),
        "{stderr}"
    );
    for english in ["error[", "  help: ", "nothing was written"] {
        assert!(!stderr.contains(english), "`{english}` in:\n{stderr}");
    }
}

/// The catalogue says, for each indicator, how many provinces have figures of it (any
/// period, breakdown cells included), each province once: counted here from the fixture's
/// files (Alpha, Epsilon and Kappa before the merger, Beta after it, Lambda without figures).
#[test]
fn the_catalogue_counts_the_provinces_with_figures_of_each_indicator() {
    let (_site, files) = built_site(&["build", "merged"], &[]);
    let catalogue = page(&files, "en/indicators/index.html");
    for (indicator, count) in [
        ("online-rate", 3),
        ("accounts-activated", 3),
        ("pin-errors", 3),
        ("satisfaction", 2),
    ] {
        let link = format!("/indicators/{indicator}/\"");
        let at = catalogue
            .find(&link)
            .unwrap_or_else(|| panic!("no link to {indicator}"));
        let rest = &catalogue[at..];
        let item = &rest[..rest.find("</li>").unwrap()];
        assert!(
            item.contains(&format!("provinces reporting: {count})")),
            "{indicator}: {item}"
        );
    }
}
