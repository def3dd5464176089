//! The publishers' route end to end (issue 17): the workbook `minhbach template` writes for a
//! province, filled in as a publisher would and saved under `data/`, checks — with no figure
//! left in the province file — and gives the very figures the province file gave (the build and
//! its pages: tests/publisher_scenario.rs). The figures
//! are the example site's real ones (Đồng Tháp's April 2025 report); a broken cell of the
//! filled workbook is reported at its sheet and cell.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::filling::{fill, strip_figures};
use minhbach::model::Observation;

const PROVINCE: &str = "dong-thap";
const PERIOD: &str = "2025-04";

/// A copy of the example site.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::filling::copy_example(dir.path());
    dir
}

fn figures_of(checked: &minhbach::Checked) -> Vec<String> {
    common::filling::figures_of(checked.site.as_ref().unwrap(), PROVINCE)
}

#[test]
fn a_filled_template_gives_the_same_figures_as_the_province_file() {
    let site = example_copy();
    let root = site.path();
    let before = minhbach::check(root).unwrap();
    let figures: Vec<Observation> = before
        .site
        .as_ref()
        .unwrap()
        .observations
        .iter()
        .filter(|o| o.province.as_str() == PROVINCE)
        .cloned()
        .collect();
    assert!(figures.len() > 30, "{}", figures.len());

    let workbook = common::filling::template(root, PROVINCE, PERIOD);
    strip_figures(root, PROVINCE);
    let filled = fill(&workbook, &figures, &[], None);
    assert_eq!(filled, figures.len(), "every figure has its template row");

    let after = common::filling::checked_without_errors(root);
    assert_eq!(figures_of(&before), figures_of(&after));

    // The build of a site from a filled workbook, its pages read: tests/publisher_scenario.rs.
}

#[test]
fn a_broken_cell_of_a_filled_template_is_reported_at_its_sheet_and_cell() {
    let site = example_copy();
    let root = site.path();
    let figures: Vec<Observation> = minhbach::check(root)
        .unwrap()
        .site
        .unwrap()
        .observations
        .into_iter()
        .filter(|o| o.province.as_str() == PROVINCE)
        .collect();
    let workbook = common::filling::template(root, PROVINCE, PERIOD);
    strip_figures(root, PROVINCE);
    // The count of procedures typed the Vietnamese way, as text.
    fill(
        &workbook,
        &figures,
        &[],
        Some(("tthc-total", "value", "1.681")),
    );
    let (stdout, stderr, code) = common::check(root, &[]);
    let out = format!("{stdout}{stderr}");
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("error[") && l.contains("[Số liệu]"))
        .unwrap_or_else(|| panic!("no cell named in:\n{out}"));
    assert!(
        line.starts_with("data/dong-thap-2025-04.xlsx [Số liệu] ")
            && line.contains("error[fractional-count]")
            || line.contains("error[number-format]"),
        "{line}"
    );
}
