//! Targets judged at their deadline, the same way in every place a page shows a verdict: the
//! target lines of the figure tables, the progress chart's description (its `<desc>`) and the
//! chart's data table, in both languages. The fixture (`tests/fixtures/deadlines`, SYNTHETIC)
//! holds one figure per judgement: met, met ahead of the deadline, not met at the deadline,
//! not yet due, partial period and no value, and a roadmap without any figure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, main_of, read_tree, site_from};
use std::collections::BTreeMap;

fn built() -> (tempfile::TempDir, BTreeMap<String, String>) {
    let site = site_from(&["deadlines"]);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let files = read_tree(&out)
        .into_iter()
        .filter_map(|(k, v)| Some((k, String::from_utf8(v).ok()?)))
        .collect();
    (site, files)
}

fn file<'a>(files: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"))
}

/// The target lines of a page's figure tables: `(class, text)`, tags removed.
fn target_lines(html: &str) -> Vec<(String, String)> {
    html.split("<div class=\"target target-")
        .skip(1)
        .map(|rest| {
            let (class, rest) = rest.split_once('"').unwrap();
            let body = rest[1..].split("</div>").next().unwrap();
            (class.to_string(), strip_tags(body))
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&gt;", ">")
}

/// The `<desc>` of a chart file.
fn desc(svg: &str) -> String {
    let start = svg.find("<desc").unwrap();
    let body = &svg[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</desc>").unwrap()];
    body.replace("&gt;", ">")
}

/// One judgement as the reader sees it in each language: the class, the words in the table and
/// in the chart, and a piece of the sentence that says why.
struct Expected {
    target: &'static str,
    class: &'static str,
    vi: (&'static str, Option<&'static str>),
    en: (&'static str, Option<&'static str>),
}

const GAMMA: [Expected; 4] = [
    Expected {
        target: "5.000 đến 30/06/2025|5,000 by 30 June 2025",
        class: "not-met",
        vi: ("Chưa đạt", None),
        en: ("Not met", None),
    },
    Expected {
        target: "1.000 đến 31/12/2025|1,000 by 31 December 2025",
        class: "partial",
        vi: (
            "Số liệu một phần kỳ",
            Some("600 là số của riêng tháng 6/2025, chỉ một phần của kỳ mà mục tiêu ≥ 1.000 tính; chưa so sánh được"),
        ),
        en: (
            "Partial period",
            Some("600 counts June 2025 only, part of the period the target of ≥ 1,000 counts; not compared"),
        ),
    },
    Expected {
        target: "90\u{a0}% đến 31/12/2025|90% by 31 December 2025",
        class: "not-yet-due",
        vi: (
            "Chưa đến hạn",
            Some("mới ở mức 60\u{a0}% trên mục tiêu ≥ 90\u{a0}%; số liệu tính đến 30/06/2025, còn 6 tháng mới đến hạn 31/12/2025"),
        ),
        en: (
            "Not yet due",
            Some("60% so far against ≥ 90%; figures to 30 June 2025, 6 months before the deadline of 31 December 2025"),
        ),
    },
    Expected {
        target: "80\u{a0}% đến 31/12/2025|80% by 31 December 2025",
        class: "met",
        vi: ("Đạt trước hạn", None),
        en: ("Met ahead of the deadline", None),
    },
];

fn check_province(files: &BTreeMap<String, String>, slug: &str, expected: &[Expected]) {
    for (prefix, lang) in [("", "vi"), ("en/", "en")] {
        let page = file(files, &format!("{prefix}provinces/{slug}/index.html"));
        let lines = target_lines(page);
        let chart = desc(file(files, &format!("charts/progress-{slug}.{lang}.svg")));
        for e in expected {
            let target = if lang == "vi" {
                e.target.split('|').next().unwrap()
            } else {
                e.target.split('|').nth(1).unwrap()
            };
            let (label, why) = if lang == "vi" { e.vi } else { e.en };
            let line = lines
                .iter()
                .find(|(_, text)| text.contains(target))
                .unwrap_or_else(|| panic!("{slug} {lang}: no target line for {target}: {lines:?}"));
            assert_eq!(line.0, e.class, "{slug} {lang} {target}: {line:?}");
            let shown = match why {
                Some(w) => format!("— {label}: {w}"),
                None => format!("— {label}"),
            };
            assert!(
                line.1.ends_with(&shown),
                "{slug} {lang}: {line:?}, expected {shown}"
            );
            // The chart says the same, in its description and in its data table on the page.
            let said = match why {
                Some(w) => format!("{target}: {label} ({w})"),
                None => format!("{target}: {label}"),
            };
            assert!(
                chart.contains(&said),
                "{slug} {lang} chart: {chart}\nexpected {said}"
            );
            let cell = match why {
                Some(w) => format!("\">{label}: {w}</td>"),
                None => format!("\">{label}</td>"),
            };
            assert!(
                page.replace("&gt;", ">").contains(&cell),
                "{slug} {lang}: the chart's table lacks {cell}"
            );
        }
        for word in ["Chưa đạt", "Not met"] {
            let expected_not_met = expected.iter().filter(|e| e.class == "not-met").count();
            assert!(
                chart.matches(word).count() <= expected_not_met,
                "{slug} {lang}: {chart}"
            );
        }
    }
}

#[test]
fn every_judgement_reads_the_same_in_tables_and_chart_descriptions_in_both_languages() {
    let (_site, files) = built();
    check_province(&files, "gamma", &GAMMA);
    check_province(
        &files,
        "delta",
        &[Expected {
            target: "80\u{a0}% đến 31/12/2025|80% by 31 December 2025",
            class: "met",
            vi: ("Đạt", None),
            en: ("Met", None),
        }],
    );
}

#[test]
fn a_target_without_a_figure_to_judge_says_so() {
    let (_site, files) = built();
    for (path, words) in [
        ("provinces/delta/index.html", "Chưa có số liệu để so sánh"),
        ("en/provinces/delta/index.html", "No figure to compare"),
    ] {
        let lines = target_lines(file(&files, path));
        let line = lines
            .iter()
            .find(|(_, t)| t.contains("1.000") || t.contains("1,000"))
            .unwrap_or_else(|| panic!("{path}: {lines:?}"));
        assert_eq!(line.0, "none", "{path}: {line:?}");
        assert!(line.1.ends_with(words), "{path}: {line:?}");
    }
    // A figure that is not a number draws no bullet: the chart judges only what it shows.
    for lang in ["vi", "en"] {
        let chart = desc(file(&files, &format!("charts/progress-delta.{lang}.svg")));
        assert!(
            !chart.contains("1.000") && !chart.contains("1,000"),
            "{chart}"
        );
    }
}

#[test]
fn a_roadmap_without_a_figure_is_drawn_as_targets_with_no_figure_yet() {
    let (_site, files) = built();
    for (lang, words, target) in [
        (
            "vi",
            "Chưa có số liệu",
            "Mục tiêu ≥ 80\u{a0}% đến 31/12/2025",
        ),
        ("en", "No figure yet", "Target ≥ 80% by 31 December 2025"),
    ] {
        let svg = file(
            &files,
            &format!("charts/trend-delta-digitised-rate.{lang}.svg"),
        );
        assert!(svg.contains(&format!(">{words}</text>")), "{svg}");
        assert!(svg.contains(&format!(">{target}</text>")), "{svg}");
        let rising = svg
            .split("<polyline")
            .filter(|p| p.contains("stroke-dasharray"))
            .filter_map(|p| p.split("points=\"").nth(1)?.split('"').next())
            .any(|pts| {
                let ys: Vec<&str> = pts.split(' ').filter_map(|p| p.split(',').nth(1)).collect();
                ys.windows(2).any(|w| w[0] != w[1])
            });
        assert!(!rising, "the roadmap is drawn as a line: {svg}");
    }
    insta::assert_snapshot!(
        "roadmap_without_a_figure_en",
        file(&files, "charts/trend-delta-digitised-rate.en.svg")
    );
}

/// The trend chart's description judges the latest value against the target in force (the
/// next deadline), with the same words as the tables.
#[test]
fn the_trend_description_gives_the_same_verdict() {
    let (_site, files) = built();
    for (lang, said) in [
        (
            "vi",
            "So với mục tiêu ≥ 90\u{a0}% đến 31/12/2025: Chưa đến hạn: mới ở mức 60\u{a0}% trên mục tiêu ≥ 90\u{a0}%; số liệu tính đến 30/06/2025, còn 6 tháng mới đến hạn 31/12/2025.",
        ),
        (
            "en",
            "Against the target ≥ 90% by 31 December 2025: Not yet due: 60% so far against ≥ 90%; figures to 30 June 2025, 6 months before the deadline of 31 December 2025.",
        ),
    ] {
        let chart = desc(file(&files, &format!("charts/trend-gamma-digitised-rate.{lang}.svg")));
        assert!(chart.ends_with(said), "{lang}: {chart}");
    }
    // No value, no verdict: the roadmap chart only lists its targets.
    let roadmap = desc(file(&files, "charts/trend-delta-digitised-rate.en.svg"));
    assert!(!roadmap.contains("Against the target"), "{roadmap}");
}

#[test]
fn charts_show_the_printed_rate_and_what_a_ratio_is_of() {
    let (_site, files) = built();
    for (lang, stated, count_whole, rate_whole, scale) in [
        (
            "vi",
            "85\u{a0}% (báo cáo ghi 86\u{a0}%)",
            " · trên 5.000 tài khoản<",
            " · 850 trên 1.000<",
            " · thang đo 0–1.000<",
        ),
        (
            "en",
            "85% (report prints 86%)",
            " · of 5,000 accounts<",
            " · 850 of 1,000<",
            " · scale 0–1,000<",
        ),
    ] {
        // The bullets: the printed rate beside the computed one; under each label, the period
        // and what the track stands for (the denominator, with the catalogue's noun when there is one, or
        // the scale of a value that is not a ratio).
        let svg = file(&files, &format!("charts/progress-gamma.{lang}.svg"));
        for expected in [stated, count_whole, rate_whole, scale] {
            assert!(svg.contains(expected), "{lang}: no {expected} in {svg}");
        }
        let compare = file(&files, &format!("charts/compare-online-rate.{lang}.svg"));
        assert!(compare.contains(stated), "{lang}: {compare}");
    }
}

#[test]
fn gamma_province_page_snapshots() {
    let (_site, files) = built();
    insta::assert_snapshot!(
        "gamma_province_vi",
        main_of(file(&files, "provinces/gamma/index.html"))
    );
    insta::assert_snapshot!(
        "gamma_province_en",
        main_of(file(&files, "en/provinces/gamma/index.html"))
    );
}

/// The example site: Bình Định's first-half 2024 figures are not "not met" against targets due
/// 31/12/2024, and Đồng Tháp's 20 → 50 → 80 % roadmap, with no figure, is not a line.
#[test]
fn the_example_site_never_says_not_met_before_the_deadline() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (_, stderr, code) = build(root, &tmp.path().join("public"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let files: BTreeMap<String, String> = read_tree(&tmp.path().join("public"))
        .into_iter()
        .filter_map(|(k, v)| Some((k, String::from_utf8(v).ok()?)))
        .collect();
    for (prefix, lang, not_met, not_yet_due, partial) in [
        ("", "vi", "Chưa đạt", "Chưa đến hạn", "Số liệu một phần kỳ"),
        ("en/", "en", "Not met", "Not yet due", "Partial period"),
    ] {
        let page = file(&files, &format!("{prefix}provinces/binh-dinh/index.html"));
        let lines = target_lines(page);
        assert!(
            lines.iter().all(|(class, _)| class != "not-met"),
            "{lang}: {lines:?}"
        );
        assert!(lines.iter().any(|(_, t)| t.contains(not_yet_due)), "{lang}");
        assert!(lines.iter().any(|(_, t)| t.contains(partial)), "{lang}");
        let chart = desc(file(
            &files,
            &format!("charts/progress-binh-dinh.{lang}.svg"),
        ));
        assert!(!chart.contains(not_met), "{lang}: {chart}");
        // A verdict is only as good as the date of the figure it judges: the chart says it.
        let period = if lang == "vi" {
            "(6 tháng đầu năm 2024)"
        } else {
            "(first half of 2024)"
        };
        assert!(chart.contains(period), "{lang}: {chart}");
        let roadmap = file(
            &files,
            &format!("charts/trend-dong-thap-health-vneid-bhyt-integration-rate.{lang}.svg"),
        );
        let no_figure = if lang == "vi" {
            "Chưa có số liệu"
        } else {
            "No figure yet"
        };
        assert!(
            roadmap.contains(&format!(">{no_figure}</text>")),
            "{roadmap}"
        );
    }
}

/// The key-figure cards: the same verdict as the tables, and the printed rate beside the
/// computed one; a live figure in a narrative shows both rates too.
#[test]
fn cards_and_live_figures_show_the_verdict_and_the_printed_rate() {
    let (_site, files) = built();
    for (prefix, printed, not_yet_due, early) in [
        (
            "",
            "Báo cáo ghi 86\u{a0}%",
            "<strong>Chưa đến hạn</strong>: mới ở mức 60\u{a0}% trên mục tiêu ≥ 90\u{a0}%; số liệu tính đến 30/06/2025, còn 6 tháng mới đến hạn 31/12/2025</p>",
            "<strong>Đạt trước hạn</strong></p>",
        ),
        (
            "en/",
            "The report prints 86%",
            "<strong>Not yet due</strong>: 60% so far against ≥ 90%; figures to 30 June 2025, 6 months before the deadline of 31 December 2025</p>",
            "<strong>Met ahead of the deadline</strong></p>",
        ),
    ] {
        let page = file(&files, &format!("{prefix}provinces/gamma/index.html"));
        let cards = page
            .split("<ul class=\"key-figures\">")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap_or_else(|| panic!("{prefix}: no key figures"))
            .replace("&gt;", ">");
        assert!(cards.contains(printed), "{prefix}: {cards}");
        assert!(
            cards.contains("<p class=\"target target-not-yet-due\">") && cards.contains(not_yet_due),
            "{prefix}: {cards}"
        );
        assert!(cards.contains(early), "{prefix}: {cards}");
        assert!(cards.contains("<p class=\"target target-partial\">"), "{prefix}: {cards}");
        // Only the figure measured on its deadline is not met.
        assert_eq!(cards.matches("target-not-met").count(), 1, "{prefix}: {cards}");
    }
    let report = file(&files, "reports/gamma/2025-06/index.html");
    assert!(
        report.contains(">85\u{a0}% (báo cáo ghi 86\u{a0}%)</a>"),
        "the narrative's live figure hides the printed rate: {report}"
    );
}
