//! Across the 2025 merger (issue 20): a merged province's figures before the merger, computed
//! from its predecessors, checked against values worked out by hand.
//!
//! The fixture (`tests/fixtures/merged`, SYNTHETIC): Beta was formed on 01/07/2025 from Alpha
//! and Epsilon, both with files; Lambda from Kappa (a file) and Mu (no file).
//!
//! | indicator (aggregate) | period | Alpha | Epsilon | Beta before the merger |
//! |---|---|---|---|---|
//! | online-rate (ratio of sums) | 2025-04 | 300/400 | 100/200 | 400/600 = 66.67 % |
//! | | 2025-05 | 80 % printed without counts | 90/100 | none: Alpha gave no counts |
//! | | 2025-06 | 500/600 | — | none: Epsilon has no figure |
//! | accounts-activated (sum, cumulative) | 2025-04 | 1,100 (from 06/01/2022) | 900 (same) | 2,000 |
//! | | 2025-05 | 1,200 (from 01/07/2024) | 1,000 (from 06/01/2022) | none: different starts |
//! | | 2025-06 | 1,300 | about 950 | about 2,250 |
//! | pin-errors (sum, period) | 2025-04 | 10 | 5 | 15 |
//! | | 2025-05 | no cases (0) | 4 | 4 |
//! | | 2025-06 | 7 | — (Epsilon gave Q2) | none |
//! | | 2025-Q2 | — | 12 | none: Alpha gave months |
//! | satisfaction (none) | 2025-04 | 80 | 70 | none: not added up |
//!
//! Beta's own July 2025 figures (online-rate 700/1,000, accounts 2,500) follow; it gave no
//! pin-errors figure, so its value "today" on the indicator page is the one computed for May.
//! Lambda: Mu has no figures, so nothing is computed (a partial sum is never shown).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, decode_entities, main_of, read_tree, site_from};
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn built() -> &'static BTreeMap<String, Vec<u8>> {
    static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = site_from(&["build", "merged"]);
        let out = site.path().join("out");
        let (stdout, stderr, code) = build(site.path(), &out, &[]);
        assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
        read_tree(&out)
    })
}

fn page(path: &str) -> String {
    let bytes = built()
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// Markup as words, tags removed and entities decoded.
fn words(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The `<section>` whose heading has id `id`, as words.
fn section(path: &str, id: &str) -> String {
    let main = main_of(&page(path));
    let start = main
        .find(&format!("<section aria-labelledby=\"{id}\">"))
        .unwrap_or_else(|| panic!("{path} has no section {id}"));
    let end = main[start..].find("</section>").unwrap() + start;
    words(&main[start..end])
}

/// The rows of the "before the merger" table: indicator → (value and parts, period cell).
fn before_rows(path: &str) -> Vec<String> {
    let main = main_of(&page(path));
    let start = main.find("<section aria-labelledby=\"before\">").unwrap();
    let end = main[start..].find("</section>").unwrap() + start;
    main[start..end]
        .split("<tr>")
        .skip(2)
        .map(|row| words(row.split("</tr>").next().unwrap()))
        .collect()
}

/// The data table of the trend chart of one indicator on a province page: "period value" rows.
fn trend_rows(path: &str, indicator_label: &str) -> Vec<String> {
    let main = main_of(&page(path));
    let caption = format!("Beta Province: {indicator_label} over time");
    let at = main
        .find(&format!("<caption>{caption}</caption>"))
        .or_else(|| main.find(&caption))
        .unwrap_or_else(|| panic!("no trend chart for {indicator_label}"));
    let table = &main[at..at + main[at..].find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| words(row.split("</tr>").next().unwrap()))
        .collect()
}

#[test]
fn counts_are_summed_and_rates_are_ratios_of_sums() {
    let rows = before_rows("en/provinces/beta/index.html");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    // Accounts: 1,300 + about 950 in June (both counting from 06/01/2022).
    assert!(
        rows[0].starts_with("Accounts activated about 2,250 cumulative since 6 January 2022 Computed from Alpha Province and Epsilon Province"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("Alpha Province : 1,300"), "{}", rows[0]);
    assert!(
        rows[0].contains("Epsilon Province : about 950"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].ends_with("June 2025 Computed for 2 of 3 periods"),
        "{}",
        rows[0]
    );
    // Online: (300 + 100) / (400 + 200), never the mean of 75 % and 50 %.
    assert!(
        rows[1].starts_with("Applications filed online 66.67% 400/600 Computed from"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].ends_with(
            "April 2025 Computed for 1 of 3 periods June 2025: Epsilon Province: no figure for this period."
        ),
        "{}",
        rows[1]
    );
    // "No cases" counts as 0 in a sum: 0 + 4.
    assert!(
        rows[2].starts_with("Malformed ID numbers 4 Computed from"),
        "{}",
        rows[2]
    );
    assert!(rows[2].contains("Alpha Province : No cases"), "{}", rows[2]);
    assert!(
        rows[2].ends_with("May 2025 Computed for 2 of 4 periods Q2 2025: Alpha Province: no figure for this period (it has figures for: April 2025; May 2025; June 2025).")
            || rows[2].ends_with("May 2025 Computed for 2 of 4 periods June 2025: Epsilon Province: no figure for this period (it has figures for: Q2 2025)."),
        "{}",
        rows[2]
    );
    let before = section("en/provinces/beta/index.html", "before");
    assert!(
        before.contains("Indicators not computed This indicator is not added up across provinces. Indicators: Satisfaction score ."),
        "{before}"
    );
}

#[test]
fn the_trend_runs_across_the_merger_with_only_sound_periods_computed() {
    let path = "en/provinces/beta/index.html";
    assert_eq!(
        trend_rows(path, "Accounts activated"),
        [
            "April 2025 2,000 (computed from Alpha Province and Epsilon Province)",
            // May is left out: Alpha counts from 01/07/2024, Epsilon from 06/01/2022.
            "June 2025 about 2,250 (computed from Alpha Province and Epsilon Province)",
            "July 2025 2,500",
        ]
    );
    assert_eq!(
        trend_rows(path, "Applications filed online"),
        [
            // May: Alpha printed 80 % without counts; June: Epsilon gave nothing.
            "April 2025 66.67% (computed from Alpha Province and Epsilon Province)",
            "July 2025 70%",
        ]
    );
    assert_eq!(
        trend_rows(path, "Malformed ID numbers"),
        [
            "April 2025 15 (computed from Alpha Province and Epsilon Province)",
            "May 2025 4 (computed from Alpha Province and Epsilon Province)",
        ]
    );
    let main = main_of(&page(path));
    assert!(
        main.contains("The points before 1 July 2025 (hollow) are computed from Alpha Province and Epsilon Province."),
        "the chart descriptions say which points are computed"
    );
}

#[test]
fn a_predecessor_without_figures_means_no_value_not_a_partial_one() {
    let before = section("en/provinces/lambda/index.html", "before");
    assert!(
        before.contains("No figure for the time before the merger can be computed yet."),
        "{before}"
    );
    assert!(
        before
            .contains("Mu Province: no figures in this dataset. Indicators: Malformed ID numbers"),
        "{before}"
    );
    // Kappa's 3 is not shown as Lambda's.
    assert!(!before.contains(" 3 "), "{before}");
    assert!(
        !main_of(&page("en/provinces/lambda/index.html")).contains("aria-labelledby=\"trends\""),
        "no trend drawn from a partial sum"
    );
}

#[test]
fn indicator_pages_compare_provinces_today_and_before() {
    let path = "en/indicators/pin-errors/index.html";
    let today = section(path, "values-today");
    assert!(
        today
            .contains("Beta Province 4 Computed from Alpha Province and Epsilon Province May 2025"),
        "{today}"
    );
    assert!(
        today.contains("No value yet: Lambda Province : Mu Province: no figures in this dataset."),
        "{today}"
    );
    let then = section(path, "values");
    assert!(then.starts_with("By province before 1 July 2025"), "{then}");
    for row in [
        "Alpha Province 7 June 2025",
        "Epsilon Province 12 Q2 2025",
        "Kappa Province 3 April 2025",
    ] {
        assert!(then.contains(row), "{row}: {then}");
    }
    assert!(!then.contains("Beta Province 4"), "{then}");
    // Each view warns about its own periods.
    assert!(then.contains("different reporting periods"), "{then}");
    assert!(!today.contains("different reporting periods"), "{today}");
}

#[test]
fn vietnamese_pages_say_the_same() {
    let rows = before_rows("provinces/beta/index.html");
    assert!(
        rows[1].starts_with(
            "Tỷ lệ hồ sơ trực tuyến 66,67 % 400/600 Tính từ Tỉnh Alpha và Tỉnh Epsilon"
        ),
        "{}",
        rows[1]
    );
    let today = section("indicators/pin-errors/index.html", "values-today");
    assert!(
        today.contains("Tỉnh Beta 4 Tính từ Tỉnh Alpha và Tỉnh Epsilon"),
        "{today}"
    );
}

/// A small SYNTHETIC national site (`examples/synthetic`, 14 months to June 2026): a province
/// formed on 01/07/2025 has its trend run across the merger, its May and June 2025 points
/// computed from its two predecessors' figures, which the test reads from their data files and
/// adds up itself. The completeness page groups its 14 periods by quarter.
#[test]
fn a_national_site_runs_each_merged_series_across_the_merger() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("national");
    let status = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "-j", "1", "--example", "synthetic", "--"])
        .arg("national")
        .arg(&root)
        .args([
            "--indicators",
            "4",
            "--months",
            "14",
            "--words",
            "20",
            "--tasks",
            "0",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "the synthetic site could not be written");
    let out = dir.path().join("out");
    let (stdout, stderr, code) = build(&root, &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");

    // tinh-moi-001 was formed from tinh-cu-001 and tinh-cu-035 (see examples/synthetic).
    let figure = |unit: &str, period: &str, indicator: &str| -> serde_yaml::Value {
        let file = root.join(format!("data/provinces/{unit}.yaml"));
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let block = doc["observations"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|b| b["period"].as_str() == Some(period))
            .unwrap_or_else(|| panic!("{unit} has no {period} block"));
        block["values"][indicator].clone()
    };
    let number = |v: &serde_yaml::Value| v.as_f64().unwrap_or_else(|| panic!("{v:?}"));
    let grouped = |n: f64| {
        let digits = format!("{}", n as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let html = std::fs::read_to_string(out.join("en/provinces/tinh-moi-001/index.html")).unwrap();
    let main = main_of(&html);
    let chart_rows = |label: &str| -> Vec<String> {
        let caption = format!("New province 001 (synthetic): {label} over time");
        let at = main
            .find(&caption)
            .unwrap_or_else(|| panic!("no trend chart for {label}"));
        let table = &main[at..at + main[at..].find("</table>").unwrap()];
        table
            .split("<tr>")
            .skip(2)
            .map(|row| words(row.split("</tr>").next().unwrap()))
            .collect()
    };
    let from =
        "(computed from Former province 001 (synthetic) and Former province 035 (synthetic))";
    for (period, label) in [("2025-05", "May 2025"), ("2025-06", "June 2025")] {
        // A count: the sum of the two.
        let sum = number(&figure("tinh-cu-001", period, "syn-004"))
            + number(&figure("tinh-cu-035", period, "syn-004"));
        let rows = chart_rows("Synthetic indicator 4");
        let want = format!("{label} {} {from}", grouped(sum));
        assert!(rows.contains(&want), "{want} not in {rows:#?}");
        // A rate: the sum of the numerators over the sum of the denominators.
        let (a, b) = (
            figure("tinh-cu-001", period, "syn-002"),
            figure("tinh-cu-035", period, "syn-002"),
        );
        let numerator = number(&a["numerator"]) + number(&b["numerator"]);
        let denominator = number(&a["denominator"]) + number(&b["denominator"]);
        let rows = chart_rows("Synthetic indicator 2");
        // Two decimals, trailing zeros dropped ("40%", "42.5%"), as the pages print rates.
        let rate = format!("{:.2}", numerator / denominator * 100.0);
        let rate = rate.trim_end_matches('0').trim_end_matches('.');
        let want = format!("{label} {rate}% {from}");
        assert!(rows.contains(&want), "{want} not in {rows:#?}");
    }
    let rows = chart_rows("Synthetic indicator 4");
    assert_eq!(
        rows.len(),
        14,
        "two computed months and twelve of its own: {rows:#?}"
    );
    assert!(
        rows[2].starts_with("July 2025 ") && !rows[2].contains("computed"),
        "{rows:#?}"
    );

    let completeness = words(&main_of(
        &std::fs::read_to_string(out.join("en/completeness/index.html")).unwrap(),
    ));
    assert!(
        completeness.contains("By quarter, newest first"),
        "{completeness}"
    );
    assert!(
        completeness.contains("Q2 2026 — 34 of the site's 34 units that existed then reported"),
        "{completeness}"
    );
    assert!(
        completeness.contains("6 reports, 6 months"),
        "{completeness}"
    );
    // A year a unit did not exist in is not a gap in its reporting: the 63 former units no
    // longer existed in 2026. Those cells say so and are muted; a year without a report while
    // the unit existed is not (tests/build_site.rs checks "not yet formed").
    let html = std::fs::read_to_string(out.join("en/completeness/index.html")).unwrap();
    assert_eq!(
        html.matches(" class=\"muted\">No longer existed</td>")
            .count(),
        63,
        "{completeness}"
    );
    assert!(!html.contains("muted\">No report</td>"), "{completeness}");
}
