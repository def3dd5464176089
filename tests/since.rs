//! Starting points of cumulative counts (`since`) and counts printed with a rate (`value` with
//! `stated`), on a fixture site: what a reader sees in tables and chart descriptions, in both
//! languages, and that running totals from different starting points are not ranked while
//! totals from the same one still are. The errors each have their fixture in `check_rules.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, check, main_of, read_tree, site_from};
use std::collections::BTreeMap;

/// The base site with the `build` content and `overlays`: Alpha (1,100, start not stated),
/// Gamma (5,000 since 01/07/2024) and Delta (800 printed "đạt 99,2 %", start not stated).
fn built(overlays: &[&str]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let mut all = vec!["build", "since"];
    all.extend_from_slice(overlays);
    let site = site_from(&all);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let files = read_tree(&out);
    (site, files)
}

fn main_page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    main_of(&String::from_utf8_lossy(bytes))
}

/// The text of the comparison chart's description on an indicator page.
fn chart_description(main: &str) -> &str {
    let start = main
        .find("<desc id=\"ch-compare-")
        .unwrap_or_else(|| panic!("no comparison chart in:\n{main}"));
    let text = &main[start..];
    let open = text.find('>').unwrap_or(0) + 1;
    let close = text.find("</desc>").unwrap_or(text.len());
    &text[open..close]
}

/// The provinces in the order the chart draws their bars.
fn bar_order(main: &str) -> Vec<&str> {
    // The bars come after the title and description, which may name provinces too.
    let svg = &main[main.find("</desc>").unwrap_or(0)..main.find("</svg>").unwrap_or(0)];
    ["Alpha", "Gamma", "Delta"]
        .into_iter()
        .filter_map(|p| svg.find(p).map(|at| (at, p)))
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .collect()
}

#[test]
fn correct_starting_points_and_printed_rates_check_quietly() {
    for overlays in [&["since"][..], &["since", "since_default"][..]] {
        let site = site_from(overlays);
        let (out, err, code) = check(site.path(), &[]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.starts_with("0 errors, 0 warnings"), "{out}");
    }
}

#[test]
fn a_table_shows_where_a_running_total_starts_and_a_printed_rate_in_both_languages() {
    let (_site, files) = built(&[]);
    let vi = main_page(&files, "provinces/gamma/index.html");
    assert!(
        vi.contains(
            "<span class=\"value\">5.000</span> <span class=\"since\">lũy kế từ 01/07/2024</span>"
        ),
        "{vi}"
    );
    let en = main_page(&files, "en/provinces/gamma/index.html");
    assert!(
        en.contains("<span class=\"value\">5,000</span> <span class=\"since\">cumulative since 1 July 2024</span>"),
        "{en}"
    );
    let vi = main_page(&files, "provinces/delta/index.html");
    assert!(
        vi.contains(
            "<span class=\"value\">800</span> <span class=\"detail\">(đạt 99,2\u{a0}%)</span>"
        ),
        "{vi}"
    );
    let en = main_page(&files, "en/provinces/delta/index.html");
    assert!(
        en.contains("<span class=\"value\">800</span> <span class=\"detail\">(99.2%)</span>"),
        "{en}"
    );
    // The count stays the figure: the printed rate never becomes it.
    assert!(!en.contains("<span class=\"value\">99.2%"), "{en}");
}

#[test]
fn different_starting_points_are_not_ranked() {
    let (_site, files) = built(&[]);
    let vi = main_page(&files, "indicators/accounts-activated/index.html");
    assert!(vi.contains("bắt đầu tính từ những mốc khác nhau, nên không so sánh hay cộng gộp được với nhau: 01/07/2024; không nêu mốc bắt đầu."), "{vi}");
    let desc = chart_description(&vi);
    assert!(desc.contains("không được xếp hạng"), "{desc}");
    assert!(!desc.contains("Cao nhất"), "{desc}");
    assert_eq!(bar_order(&vi), ["Alpha", "Delta", "Gamma"], "{vi}");
    let en = main_page(&files, "en/indicators/accounts-activated/index.html");
    let desc = chart_description(&en);
    assert!(
        desc.contains("These running totals start on different dates (1 July 2024; start not stated), so they are not ranked"),
        "{desc}"
    );
    assert!(!desc.contains("Highest"), "{desc}");
    assert!(en.contains("· April 2025 · start not stated"), "{en}");
    insta::assert_snapshot!("indicator_mixed_starts_en", en);
}

#[test]
fn the_same_starting_point_still_ranks() {
    // The catalogue gives every running total of the indicator the start Gamma states.
    let (_site, files) = built(&["since_default"]);
    let en = main_page(&files, "en/indicators/accounts-activated/index.html");
    assert!(!en.contains("start counting on different dates"), "{en}");
    let desc = chart_description(&en);
    assert!(
        desc.contains("Highest: Gamma Province 5,000 (April 2025 · cumulative since 1 July 2024); lowest: Delta Province 800 (April 2025 · cumulative since 1 July 2024)."),
        "{desc}"
    );
    assert_eq!(bar_order(&en), ["Gamma", "Alpha", "Delta"], "{en}");
    // Alpha states no start of its own: it takes the indicator's.
    let vi = main_page(&files, "provinces/alpha/index.html");
    assert!(
        vi.contains("<span class=\"since\">lũy kế từ 01/07/2024</span>"),
        "{vi}"
    );
}

#[test]
fn the_catalogue_default_is_checked_where_it_is_written_and_where_it_is_used() {
    let site = site_from(&["since_catalogue"]);
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("data/indicators.yaml:16:5: error[since-not-cumulative]: `since` is a starting point of a running total, but `online-rate` has `scope: period`"),
        "{out}"
    );
    // Alpha's April 2025 total takes the default, which starts in May.
    assert!(
        out.contains("data/provinces/alpha.yaml:20:7: error[since-after-end]: the count starts on 2025-05-01 (the indicator's default in data/indicators.yaml), after the day it is measured (2025-04-30)"),
        "{out}"
    );
}
