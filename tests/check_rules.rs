//! Every validation rule, proven on a fixture: the base site (valid) with one overlay that
//! breaks exactly one thing. Each test asserts what the author sees — the rule fires, at the
//! right severity, with the right exit code — and snapshots the whole `check` output (file,
//! line, column, source line, caret, help) so that a change in wording is reviewed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{check, check_default_lang, site_with};

#[test]
fn base_fixture_is_valid() {
    let site = site_with(None);
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "0 errors, 0 warnings in 0 files; 6 files checked\n");
}

/// `rule!(fixture, "code", "error"|"warning", exit_code)`
macro_rules! rule {
    ($name:ident, $code:literal, $severity:literal, $exit:literal) => {
        #[test]
        fn $name() {
            let site = site_with(Some(stringify!($name)));
            let (out, err, code) = check(site.path(), &[]);
            let tag = format!("{}[{}]", $severity, $code);
            assert!(out.contains(&tag), "expected {tag} in:\n{out}{err}");
            assert_eq!(code, $exit, "exit code for:\n{out}");
            insta::assert_snapshot!(stringify!($name), out);
        }
    };
}

// YAML and structure
rule!(yaml_syntax, "yaml-syntax", "error", 1);
rule!(unknown_field, "unknown-field", "error", 1);
rule!(missing_field, "missing-field", "error", 1);
rule!(duplicate_key, "duplicate-key", "error", 1);
rule!(invalid_utf8, "invalid-utf8", "error", 1);
rule!(invalid_file_name, "invalid-id", "error", 1);
// Numbers
rule!(text_in_number, "invalid-number", "error", 1);
rule!(vietnamese_number, "number-format", "error", 1);
rule!(fractional_count, "fractional-count", "error", 1);
rule!(negative_value, "negative-value", "error", 1);
rule!(invalid_word, "invalid-value", "error", 1);
// References
rule!(unknown_indicator, "unknown-indicator", "error", 1);
rule!(unknown_province, "unknown-province", "error", 1);
rule!(unknown_member, "unknown-member", "error", 1);
rule!(unknown_dimension, "unknown-dimension", "error", 1);
rule!(undeclared_dimension, "undeclared-dimension", "error", 1);
// Duplicates
rule!(duplicate_observation, "duplicate-observation", "error", 1);
rule!(duplicate_task_id, "duplicate-id", "error", 1);
rule!(duplicate_target, "duplicate-target", "error", 1);
rule!(duplicate_page, "duplicate-page", "error", 1);
// Rates
rule!(over_100, "over-100", "error", 1);
rule!(percent_out_of_range, "percent-out-of-range", "error", 1);
rule!(zero_denominator, "zero-denominator", "error", 1);
rule!(rate_mismatch, "rate-mismatch", "warning", 0);
// Shapes of a value
rule!(conflicting_value, "conflicting-value", "error", 1);
rule!(incomplete_ratio, "incomplete-ratio", "error", 1);
rule!(stated_without_counts, "stated-without-counts", "error", 1);
rule!(nested_breakdown, "nested-breakdown", "error", 1);
rule!(empty_value, "empty-value", "error", 1);
// Periods, dates, deadlines, enumerations
rule!(invalid_period, "invalid-period", "error", 1);
rule!(invalid_date, "invalid-date", "error", 1);
rule!(invalid_deadline, "invalid-deadline", "error", 1);
rule!(invalid_status, "invalid-value", "error", 1);
rule!(as_of_after_period, "as-of-after-period", "warning", 0);
rule!(missing_source, "missing-source", "warning", 0);
// Site and catalogue
rule!(invalid_base_url, "invalid-base-url", "error", 1);
rule!(catalogue_errors, "duplicate-id", "error", 1);
// Content
rule!(missing_front_matter, "missing-front-matter", "error", 1);
rule!(report_without_province, "missing-field", "error", 1);
rule!(shortcode_unknown_indicator, "unknown-indicator", "error", 1);
rule!(shortcode_missing_figure, "missing-figure", "error", 1);
rule!(shortcode_syntax, "invalid-shortcode", "error", 1);

#[test]
fn catalogue_errors_are_all_reported_in_one_run() {
    let site = site_with(Some("catalogue_errors"));
    let (out, _, _) = check(site.path(), &[]);
    for code in [
        "duplicate-id",
        "unknown-group",
        "invalid-value",
        "invalid-aggregate",
        "unknown-dimension",
        "empty-label",
        "invalid-id",
        "percent-out-of-range",
    ] {
        assert!(
            out.contains(&format!("error[{code}]")),
            "missing {code} in:\n{out}"
        );
    }
}

#[test]
fn strict_turns_warnings_into_failure() {
    let site = site_with(Some("rate_mismatch"));
    let (_, _, relaxed) = check(site.path(), &[]);
    let (_, _, strict) = check(site.path(), &["--strict"]);
    assert_eq!((relaxed, strict), (0, 1));
}

#[test]
fn json_format_is_machine_readable() {
    let site = site_with(Some("vietnamese_number"));
    let (out, _, code) = check(site.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["errors"], 2);
    let first = &v["diagnostics"][0];
    assert_eq!(first["file"], "data/provinces/gamma.yaml");
    assert_eq!(first["code"], "number-format");
    assert_eq!(first["line"], 7);
    assert!(
        first["help"].as_str().unwrap_or("").contains("1563652"),
        "{first}"
    );
}

/// `(location, severity, code)` of each headline, `file:line:col: error[code]: …`, in either
/// language (`lỗi` is error, `cảnh báo` is warning).
fn headlines(out: &str) -> Vec<(String, &'static str, String)> {
    let mut found = Vec::new();
    for line in out.lines() {
        for (word, severity) in [
            ("error", "error"),
            ("warning", "warning"),
            ("lỗi", "error"),
            ("cảnh báo", "warning"),
        ] {
            let tag = format!(": {word}[");
            if let Some(i) = line.find(&tag) {
                let rest = &line[i + tag.len()..];
                let code = rest.split(']').next().unwrap_or("").to_string();
                found.push((line[..i].to_string(), severity, code));
                break;
            }
        }
    }
    found
}

/// Without `--lang`, messages are Vietnamese; the file, line, column, severity and `[code]` are
/// the same as in English, so tools that grep either keep working.
#[test]
fn vietnamese_is_the_default() {
    for fixture in ["unknown_field", "vietnamese_number", "over_100"] {
        let site = site_with(Some(fixture));
        let (vi, err, code) = check_default_lang(site.path(), &[]);
        let (en, _, en_code) = check(site.path(), &[]);
        assert_eq!(code, en_code, "{vi}{err}");
        assert!(!headlines(&vi).is_empty(), "{vi}");
        assert_eq!(headlines(&vi), headlines(&en), "{vi}\n{en}");
        assert!(vi.contains("  gợi ý: ") && !vi.contains("  help: "), "{vi}");
        assert!(
            vi.contains(" cảnh báo trong ") && vi.contains("; đã kiểm tra "),
            "{vi}"
        );
        insta::assert_snapshot!(format!("vi_{fixture}"), vi);
    }
}

/// Every diagnostic the invalid fixtures produce has its own Vietnamese message and help:
/// the JSON output gives both languages, and they must differ.
#[test]
fn every_fixture_diagnostic_has_vietnamese() {
    let dir = common::fixtures().join("invalid");
    let mut fixtures: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    fixtures.sort();
    assert_eq!(fixtures.len(), 46, "{fixtures:?}");
    let mut codes = std::collections::BTreeSet::new();
    for fixture in &fixtures {
        let site = site_with(Some(fixture));
        let (out, err, _) = check_default_lang(site.path(), &["--format", "json"]);
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{fixture}: {e}: {out}{err}"));
        let diagnostics = v["diagnostics"].as_array().unwrap();
        assert!(!diagnostics.is_empty(), "{fixture}: {out}");
        for d in diagnostics {
            let message = d["message"].as_str().unwrap();
            let message_en = d["message_en"].as_str().unwrap();
            assert_ne!(
                message, message_en,
                "{fixture}: untranslated message in {d}"
            );
            let help = d["help"].as_str();
            let help_en = d["help_en"].as_str();
            assert!(
                help.is_some() && help_en.is_some(),
                "{fixture}: no help in {d}"
            );
            assert_ne!(help, help_en, "{fixture}: untranslated help in {d}");
            codes.insert(d["code"].as_str().unwrap().to_string());
        }
        let (human, _, _) = check_default_lang(site.path(), &[]);
        for english in ["error[", "warning[", "  help: ", " files checked"] {
            assert!(
                !human.contains(english),
                "{fixture}: `{english}` in:\n{human}"
            );
        }
    }
    assert!(codes.len() >= 35, "only {} codes: {codes:?}", codes.len());
}

#[test]
fn json_gives_the_chosen_language_and_english() {
    let site = site_with(Some("vietnamese_number"));
    let (out, _, code) = check_default_lang(site.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let first = &v["diagnostics"][0];
    assert_eq!(first["code"], "number-format");
    assert_eq!(first["line"], 7);
    assert!(
        first["message"].as_str().unwrap().contains("không phải số"),
        "{first}"
    );
    assert!(
        first["message_en"]
            .as_str()
            .unwrap()
            .contains("is written as text"),
        "{first}"
    );
    assert!(
        first["help"].as_str().unwrap().contains("1563652")
            && first["help_en"]
                .as_str()
                .unwrap()
                .starts_with("write the number"),
        "{first}"
    );
    let (en, _, _) = check(site.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&en).unwrap_or_else(|e| panic!("{e}: {en}"));
    assert_eq!(
        v["diagnostics"][0]["message"],
        v["diagnostics"][0]["message_en"]
    );
}

#[test]
fn missing_root_is_an_io_failure() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (_, err, code) = check(&dir.path().join("nope"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (_, err, code) = check_default_lang(&dir.path().join("nope"), &[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("lỗi: không đọc được "), "{err}");
}

#[test]
fn empty_folder_reports_missing_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (out, _, code) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(out.contains("site.yaml: error[missing-file]"), "{out}");
    assert!(
        out.contains("data/indicators.yaml: error[missing-file]"),
        "{out}"
    );
}
