//! Who reported what, when (issue 20): the completeness page, its CSV and each province's
//! summary, on a small synthetic site whose counts are worked out by hand below.
//!
//! The fixture (`tests/fixtures/completeness`): Alpha filed two reports, March 2025
//! (`thang-3.txt`) and April 2025 (`synthetic.txt`); its April figures give both catalogue
//! indicators, its first-quarter figure cites the March file, so March gives one (a figure
//! belongs to the report whose file it names, whatever its own period); a February figure
//! that no report names counts for no report. Gamma filed nothing. Beta was formed from Alpha
//! on 01/07/2025, after the site's latest month (April 2025), so it is not yet expected to
//! report, and its page shows Alpha's reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, main_of, read_tree, site_from};
use std::collections::BTreeMap;

fn built(overlays: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let site = site_from(overlays);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    read_tree(&out)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// A page's main content as words, tags removed.
fn words(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let main = main_of(&text(files, path));
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
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
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_csv_counts_each_report_by_hand() {
    let files = built(&["build", "completeness"]);
    let csv = text(&files, "completeness/completeness.csv");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        rows,
        [
            "province_code,province,province_name_vi,province_name_en,period,period_start,period_end,report_number,report_issued,indicators_given,indicators_in_catalogue,key_indicators_given,key_indicators",
            // March: only the first-quarter figure, which cites the March file.
            "99,alpha,Tỉnh Alpha,Alpha Province,2025-03,2025-03-01,2025-03-31,,,1,2,1,2",
            // April: both indicators (the passport breakdown is online-rate again).
            "99,alpha,Tỉnh Alpha,Alpha Province,2025-04,2025-04-01,2025-04-30,,,2,2,2,2",
            ",beta,Tỉnh Beta,Beta Province,,,,,,0,2,0,2",
            "97,gamma,Tỉnh Gamma,Gamma Province,,,,,,0,2,0,2",
        ]
    );
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the byte-order mark"
    );
}

#[test]
fn the_page_lists_reports_by_unit_and_by_period_and_names_the_silent_units() {
    let files = built(&["build", "completeness"]);
    let vi = words(&files, "completeness/index.html");
    assert!(vi.contains("tháng 3/2025, tháng 4/2025"), "{vi}");
    assert!(
        vi.contains("Chưa có báo cáo nào của: Tỉnh Beta , Tỉnh Gamma ."),
        "{vi}"
    );
    // Two units existed in April 2025 (Alpha, Gamma); Beta did not yet.
    assert!(
        vi.contains("tháng 4/2025 — 1 trong 2 đơn vị của trang (đang tồn tại khi đó) có báo cáo: Tỉnh Alpha"),
        "{vi}"
    );
    let en = words(&files, "en/completeness/index.html");
    assert!(
        en.contains("April 2025 : 2/2 indicators · 2/2 key indicators"),
        "{en}"
    );
    assert!(
        en.contains("No report yet from: Beta Province , Gamma Province ."),
        "{en}"
    );
    // Linked from the reports list.
    assert!(text(&files, "en/reports/index.html").contains("/test/en/completeness/"));
}

#[test]
fn a_province_page_counts_the_months_of_the_last_year_and_a_merged_unit_its_predecessors() {
    let files = built(&["build", "completeness"]);
    let alpha = words(&files, "en/provinces/alpha/index.html");
    // May 2024 – April 2025: March and April covered.
    assert!(
        alpha.contains(
            "Reported for 2 of the last 12 months (May 2024 – April 2025); 2 reports in all."
        ),
        "{alpha}"
    );
    let beta = words(&files, "en/provinces/beta/index.html");
    assert!(
        beta.contains(
            "The unit exists from 1 July 2025; the site has no report for any time since"
        ),
        "{beta}"
    );
    assert!(
        beta.contains("Alpha Province : April 2025 (2/2 indicators · 2/2 key indicators); March 2025 (1/2 indicators · 1/2 key indicators)"),
        "{beta}"
    );
    let gamma = words(&files, "provinces/gamma/index.html");
    assert!(
        gamma.contains("Có báo cáo cho 0 trong 12 tháng gần nhất (tháng 5/2024 – tháng 4/2025); tổng cộng 0 báo cáo."),
        "{gamma}"
    );
}

#[test]
fn a_figure_belongs_to_the_report_its_source_names() {
    // The same figures with the first-quarter one citing no file: March then gives nothing,
    // which the counts must show (the rule is what the first test's "1" rests on).
    let site = site_from(&["build", "completeness"]);
    let alpha = site.path().join("data/provinces/alpha.yaml");
    let yaml = std::fs::read_to_string(&alpha).unwrap();
    let changed = yaml.replace("source: \"thang-3.txt §2\"", "source: \"ghi chép riêng\"");
    assert_ne!(changed, yaml);
    std::fs::write(&alpha, changed).unwrap();
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let csv = String::from_utf8(std::fs::read(out.join("completeness/completeness.csv")).unwrap())
        .unwrap();
    assert!(
        csv.contains("99,alpha,Tỉnh Alpha,Alpha Province,2025-03,2025-03-01,2025-03-31,,,0,2,0,2"),
        "{csv}"
    );
}
