//! Errors that lead to the cause (issue 17), on a copy of the example site with real figures:
//! every missing and unknown field of a file in one run, its other checks still made, knock-on
//! errors shown under the error they follow from, and the warnings collapsed while there are
//! errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{check, check_default_lang, copy_tree};
use std::path::Path;

/// A copy of the repository's own site (its data are the four seed reports).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for folder in ["data", "content"] {
        copy_tree(&root.join(folder), &dir.path().join(folder));
    }
    dir
}

/// Replace `from` (which must be there) with `to` in the site's file `rel`.
fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn json(site: &Path) -> serde_json::Value {
    let (out, err, code) = check(site, &["--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    serde_json::from_str(&out).unwrap()
}

/// Binh Dinh's first task loses `owner` and `as_of`, and `status` is misspelt.
fn break_first_task(site: &Path) {
    edit(
        site,
        "data/provinces/binh-dinh.yaml",
        "    owner: { vi: \"Công an tỉnh, UBND các huyện, thị xã, thành phố\", en: \"Provincial Police, People's Committees of the districts, towns and cities\" }\n    due: \"Trong năm 2024\"\n    status: \"in-progress\"\n    as_of: \"2024-H1\"\n",
        "    due: \"Trong năm 2024\"\n    staus: \"in-progress\"\n",
    );
}

#[test]
fn every_missing_and_unknown_field_in_one_run_and_the_file_is_still_checked() {
    let site = example_site();
    break_first_task(site.path());
    let report = json(site.path());
    let of_file: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "data/provinces/binh-dinh.yaml")
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["message_en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let errors: Vec<&str> = of_file
        .iter()
        .filter(|d| d.0 == "error")
        .map(|d| d.2.as_str())
        .collect();
    assert_eq!(
        errors,
        [
            "missing field `as_of`",
            "missing field `owner`",
            "unknown field `staus`, expected one of `id`, `title`, `directive`, `owner`, `due`, `due_date`, `status`, `result`, `as_of`, `source`, `note`",
        ],
        "{of_file:?}"
    );
    // `status` is misspelt, not missing: it is reported once, as the unknown key.
    // The rest of the file is checked: Binh Dinh's real warnings are all still there.
    let warnings = of_file.iter().filter(|d| d.0 == "warning").count();
    assert_eq!(warnings, 8, "{of_file:?}");
    assert!(of_file
        .iter()
        .any(|d| d.1 == "rate-mismatch" && d.2.contains("`ss-paid-via-account-unemployment`")));
}

#[test]
fn knock_on_errors_are_shown_under_their_cause_and_warnings_collapsed() {
    let site = example_site();
    // A catalogue entry whose label is plain text: every use of the indicator follows from it.
    edit(
        site.path(),
        "data/indicators.yaml",
        "  - id: ss-bhxh-synced-popdb\n    group: g4-data-ecosystem\n    label: { vi: \"Tỷ lệ người tham gia bảo hiểm xã hội, bảo hiểm y tế được đồng bộ với dữ liệu dân cư\", en: \"Social and health insurance members matched with population data\" }",
        "  - id: ss-bhxh-synced-popdb\n    group: g4-data-ecosystem\n    label: \"Tỷ lệ người tham gia bảo hiểm xã hội, bảo hiểm y tế được đồng bộ với dữ liệu dân cư\"",
    );
    // A figure with a misspelt key: the narratives that cite it follow from it.
    edit(
        site.path(),
        "data/provinces/bac-giang.yaml",
        "      health-cashless-txn:\n        numerator: 42686",
        "      health-cashless-txn:\n        numerater: 42686",
    );
    let (vi, _, code) = check_default_lang(site.path(), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("knock_on_vi", vi);
    let (en, _, _) = check(site.path(), &[]);
    insta::assert_snapshot!("knock_on_en", en);
    // The JSON keeps every diagnostic, and names the cause of each knock-on error.
    let report = json(site.path());
    let caused: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d.get("caused_by").is_some())
        .collect();
    assert_eq!(caused.len(), 12);
    assert!(caused
        .iter()
        .all(|d| d["caused_by"]["file"] == "data/indicators.yaml"
            || d["caused_by"]["key_path"]
                .as_str()
                .is_some_and(|p| p.ends_with("].values.health-cashless-txn"))));
}

#[test]
fn without_errors_the_warnings_are_shown_in_full() {
    let site = example_site();
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[rate-mismatch]"), "{out}");
    assert!(!out.contains("as well"), "{out}");
}

#[test]
fn a_catalogue_that_cannot_be_read_is_the_one_root_cause() {
    let site = example_site();
    edit(
        site.path(),
        "data/indicators.yaml",
        "\ngroups:\n",
        "\ngrups:\n",
    );
    let report = json(site.path());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let errors: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    // Every use of every indicator is "unknown"; each names the catalogue as its cause.
    let roots: Vec<&str> = errors
        .iter()
        .filter(|d| d.get("caused_by").is_none())
        .map(|d| d["message_en"].as_str().unwrap())
        .collect();
    assert_eq!(
        roots,
        ["unknown field `grups`, expected one of `groups`, `indicators`"]
    );
    assert!(errors.len() > 100, "{}", errors.len());
    let (out, _, _) = check(site.path(), &[]);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("data/indicators.yaml:") && first.contains("unknown field `grups`"),
        "{first}"
    );
}

#[test]
fn a_broken_member_is_the_cause_of_its_uses() {
    let site = example_site();
    edit(
        site.path(),
        "data/dimensions.yaml",
        "- { id: tax-first-registration, label: {",
        "- { id: tax-first-registration, labl: {",
    );
    let report = json(site.path());
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    let (caused, roots): (Vec<&&serde_json::Value>, Vec<&&serde_json::Value>) =
        errors.iter().partition(|d| d.get("caused_by").is_some());
    assert_eq!(roots.len(), 1, "{roots:?}");
    assert_eq!(roots[0]["code"], "unknown-field");
    // Two province files and both languages of Bac Giang's narrative use the member.
    assert_eq!(caused.len(), 4, "{caused:?}");
    assert!(
        caused
            .iter()
            .all(|d| d["code"] == "unknown-member"
                && d["caused_by"]["file"] == "data/dimensions.yaml")
    );
}
