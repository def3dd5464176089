//! Every validation rule, proven on a fixture: the base site (valid) with one overlay that
//! breaks exactly one thing. Each test asserts what the author sees — the rule fires, at the
//! right severity, with the right exit code — and snapshots the whole `check` output (file,
//! line, column, source line, caret, help) so that a change in wording is reviewed. What only
//! `build` finds (templates, the theme, links) has its overlays in `fixtures/invalid_build/`.
//! `every_diagnostic_code_in_src_has_a_fixture` holds the fixtures to the source: a new
//! diagnostic code in `src/` needs an input here that produces it; the codes of
//! `minhbach import` are produced by the tables of `fixtures/import/invalid/` (each also has its
//! test in `tests/import.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{check, check_default_lang, site_with};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
rule!(count_over_100, "percent-out-of-range", "error", 1);
rule!(printed_rate_over_100, "percent-out-of-range", "error", 1);
rule!(zero_denominator, "zero-denominator", "error", 1);
rule!(rate_mismatch, "rate-mismatch", "warning", 0);
// Figures against each other, as the catalogue declares, and units
rule!(invalid_rule, "invalid-rule", "error", 1);
rule!(parts_do_not_add_up, "parts-do-not-add-up", "warning", 0);
rule!(average_out_of_range, "average-out-of-range", "warning", 0);
rule!(
    printed_twice_differently,
    "printed-twice-differently",
    "warning",
    0
);
rule!(count_as_percent, "count-as-percent", "warning", 0);
// Shapes of a value
rule!(conflicting_value, "conflicting-value", "error", 1);
rule!(incomplete_ratio, "incomplete-ratio", "error", 1);
rule!(stated_without_counts, "stated-without-counts", "error", 1);
rule!(rate_beside_percent, "conflicting-value", "error", 1);
rule!(nested_breakdown, "nested-breakdown", "error", 1);
rule!(empty_value, "empty-value", "error", 1);
// Periods, dates, deadlines, enumerations
rule!(invalid_period, "invalid-period", "error", 1);
rule!(invalid_date, "invalid-date", "error", 1);
rule!(invalid_deadline, "invalid-deadline", "error", 1);
rule!(invalid_status, "invalid-value", "error", 1);
rule!(as_of_after_period, "as-of-after-period", "warning", 0);
rule!(invalid_since, "invalid-since", "error", 1);
rule!(since_not_cumulative, "since-not-cumulative", "error", 1);
rule!(since_after_end, "since-after-end", "error", 1);
// Site settings readers are owed: publisher, corrections, licence
rule!(site_info_missing, "missing-site-info", "warning", 0);
rule!(invalid_site_url, "invalid-url", "error", 1);
rule!(invalid_email, "invalid-email", "error", 1);
rule!(missing_source, "missing-source", "warning", 0);
// Site and catalogue
rule!(invalid_base_url, "invalid-base-url", "error", 1);
rule!(catalogue_errors, "duplicate-id", "error", 1);
rule!(unexpected_field, "unexpected-field", "error", 1);
rule!(invalid_output_dir, "invalid-output-dir", "error", 1);
// Provinces: code, succession, reports
rule!(invalid_code, "invalid-code", "error", 1);
rule!(invalid_successor, "invalid-successor", "error", 1);
rule!(succession_overlap, "succession-overlap", "error", 1);
// The 2025 merger: formation lists and lifetimes
rule!(succession_gap, "succession-gap", "error", 1);
rule!(missing_predecessor, "missing-predecessor", "error", 1);
rule!(not_a_predecessor, "not-a-predecessor", "error", 1);
rule!(invalid_former_unit, "invalid-former-unit", "error", 1);
rule!(outside_lifetime, "outside-lifetime", "error", 1);
rule!(succession_mismatch, "succession-mismatch", "error", 1);
rule!(invalid_url, "invalid-url", "error", 1);
// Sources a reader can follow
rule!(
    unknown_source_document,
    "unknown-source-document",
    "warning",
    0
);
rule!(duplicate_report, "duplicate-report", "error", 1);
rule!(issued_before_period, "issued-before-period", "warning", 0);
rule!(invalid_type, "invalid-type", "error", 1);
rule!(unneeded_over_100, "unneeded-over-100", "warning", 0);
// Content
rule!(missing_front_matter, "missing-front-matter", "error", 1);
rule!(report_without_province, "missing-field", "error", 1);
rule!(shortcode_unknown_indicator, "unknown-indicator", "error", 1);
rule!(shortcode_missing_figure, "missing-figure", "error", 1);
rule!(missing_member, "missing-member", "error", 1);
rule!(shortcode_syntax, "invalid-shortcode", "error", 1);
// Narratives
rule!(stray_html, "stray-html", "warning", 0);
rule!(unclosed_html, "unclosed-html", "warning", 0);
rule!(nested_too_deep, "nested-too-deep", "error", 1);
rule!(no_source_document, "no-source-document", "warning", 0);
rule!(typed_figure, "typed-figure", "warning", 0);
rule!(typed_figure_differs, "typed-figure-differs", "warning", 0);
// Tables under data/ (the publishers' route)
rule!(table_header, "table-header", "error", 1);
rule!(table_missing_cell, "table-missing-cell", "error", 1);
rule!(table_form, "table-form", "error", 1);
rule!(table_also_printed, "table-also-printed", "error", 1);
rule!(
    table_document_mismatch,
    "table-document-mismatch",
    "error",
    1
);
rule!(
    table_unlisted_document,
    "table-unlisted-document",
    "error",
    1
);

/// `quiet!(fixture)`: the correct counterpart of a rule's fixture, from `tests/fixtures/quiet/`
/// over the base site, gives no diagnostic at all.
macro_rules! quiet {
    ($name:ident) => {
        #[test]
        fn $name() {
            let site = common::site_from(&[concat!("quiet/", stringify!($name))]);
            let (out, err, code) = check(site.path(), &[]);
            assert_eq!(code, 0, "{out}{err}");
            assert!(out.starts_with("0 errors, 0 warnings"), "{out}{err}");
        }
    };
}

quiet!(parts_add_up);
quiet!(average_in_range);
quiet!(printed_twice_alike);
quiet!(percent_as_rate);
quiet!(narrative_cites_live);

/// A narrative quoting another printing of a figure (`also_printed`: "80,01 %" and the
/// numerator "1.006.215" where the figure is 80,10 % of 1.006.251 / 1.256.188, each a digit
/// away) quotes the report: no `typed-figure-differs`, and no `typed-figure` either, since no
/// live figure prints another printing. The data's own warnings about the printings stay.
#[test]
fn narrative_quoting_a_printing() {
    let site = common::site_from(&["narratives/printings_quoted"]);
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("typed-figure"), "{out}");
    assert!(out.contains("warning[printed-twice-differently]"), "{out}");
    assert!(out.contains("0 errors, 2 warnings in 1 file"), "{out}");
}

/// `minhbach build` (English) on the base site with `tests/fixtures/invalid_build/<fixture>/`
/// over it: the output with the site's folder shown as `[site]`, the exit code, and whether
/// the output folder exists afterwards.
fn build_fixture(fixture: &str) -> (String, i32, bool) {
    let site = common::site_from(&[&format!("invalid_build/{fixture}")]);
    let out = site.path().join("public");
    let (stdout, stderr, code) = common::build(site.path(), &out, &[]);
    let text = format!("{stdout}{stderr}").replace(&site.path().display().to_string(), "[site]");
    (text, code, out.exists())
}

/// `build_rule!(test, fixture, "code")`: a problem that only `build` finds (it renders every
/// page, loads the theme and follows every link), from `tests/fixtures/invalid_build/`.
macro_rules! build_rule {
    ($name:ident, $fixture:literal, $code:literal) => {
        #[test]
        fn $name() {
            let (out, code, written) = build_fixture($fixture);
            let tag = format!("error[{}]", $code);
            assert!(out.contains(&tag), "expected {tag} in:\n{out}");
            assert_eq!(code, 1, "exit code for:\n{out}");
            assert!(!written, "a failed build wrote its output:\n{out}");
            insta::assert_snapshot!(stringify!($name), out);
        }
    };
}

build_rule!(build_broken_link, "broken_link", "broken-link");
build_rule!(build_template, "template", "template");
build_rule!(build_missing_theme, "missing_theme", "missing-theme");
build_rule!(
    build_missing_translation,
    "missing_translation",
    "missing-translation"
);

/// What `build` refuses before rendering (the theme, its templates, its strings), `check`
/// refuses too, with the same diagnostic: both run the same theme step.
#[test]
fn check_refuses_what_build_refuses_in_the_theme() {
    for (fixture, code) in [
        ("template", "template"),
        ("missing_theme", "missing-theme"),
        ("missing_translation", "missing-translation"),
    ] {
        let site = common::site_from(&[&format!("invalid_build/{fixture}")]);
        let (stdout, stderr, exit) = check(site.path(), &[]);
        let out = format!("{stdout}{stderr}");
        assert_eq!(exit, 1, "check must fail on {fixture}:\n{out}");
        let (built, _, _) = build_fixture(fixture);
        let tag = format!("error[{code}]");
        let first = |text: &str| {
            text.lines()
                .find(|l| l.contains(&tag))
                .map(|l| l.replace(&site.path().display().to_string(), "[site]"))
        };
        assert!(
            first(&out).is_some(),
            "check says no {tag} on {fixture}:\n{out}"
        );
        assert_eq!(
            first(&out).map(|l| l.split(": error").nth(1).map(str::to_string)),
            first(&built).map(|l| l.split(": error").nth(1).map(str::to_string)),
            "check and build word {fixture} differently"
        );
    }
}

/// A narrative's link to a page the site does not have fails `check`, at the link, as it
/// fails `build` after rendering.
#[test]
fn check_refuses_a_narrative_link_to_a_page_the_site_does_not_have() {
    let site = common::site_from(&["invalid_build/broken_link"]);
    let (stdout, stderr, exit) = check(site.path(), &[]);
    let out = format!("{stdout}{stderr}");
    assert_eq!(exit, 1, "{out}");
    assert!(
        out.contains("content/about.md:4:5: error[broken-link]: link `/provinces/nowhere/` points at `provinces/nowhere/index.html`"),
        "{out}"
    );
    let (built, code, _) = build_fixture("broken_link");
    assert_eq!(code, 1, "{built}");
    assert!(built.contains("error[broken-link]"), "{built}");
}

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
        let (vi_summary, en_summary) = (common::summary(&vi), common::summary(&en));
        assert_eq!(
            (vi_summary.errors, vi_summary.warnings, vi_summary.files),
            (en_summary.errors, en_summary.warnings, en_summary.files),
            "{vi}\n{en}"
        );
        let checked = en_summary.rest.trim_end_matches(" files checked");
        assert_eq!(
            vi_summary.rest,
            format!("đã kiểm tra {checked} tệp"),
            "{vi}"
        );
        insta::assert_snapshot!(format!("vi_{fixture}"), vi);
    }
}

/// The command that finds an input's problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Check,
    /// For what only rendering finds: templates, the theme, links.
    Build,
    /// `minhbach import <table>` of the table in the site's folder (`figures.*`).
    Import,
    /// `minhbach new <args> --root <site>`: what a publisher gave (or forgot) on the command line.
    New(&'static [&'static str]),
}

/// An input that must produce diagnostics: a site on disk and the command that reads it.
struct Producer {
    name: String,
    command: Command,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

/// The folders of `tests/fixtures/<folder>/`, sorted.
fn fixture_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(common::fixtures().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every input here that must produce diagnostics: each folder of `tests/fixtures/invalid/`
/// (read by `check`) and of `tests/fixtures/invalid_build/` (by `build`) over the base site,
/// and the two inputs that a folder copied over the base cannot express: an empty folder (no
/// `site.yaml`) and a `content/` that is a symbolic link out of the site.
fn producers() -> Vec<Producer> {
    let mut all = Vec::new();
    for (folder, command) in [
        ("invalid", Command::Check),
        ("invalid_build", Command::Build),
    ] {
        for name in fixture_names(folder) {
            let dir = common::site_from(&[&format!("{folder}/{name}")]);
            all.push(Producer {
                name: format!("{folder}/{name}"),
                command,
                root: dir.path().to_path_buf(),
                _dir: dir,
            });
        }
    }
    // `minhbach import`: each folder of `tests/fixtures/import/invalid/` holds a table
    // (`figures.*`, and may change the site), over the base site with the import indicators;
    // and a workbook without a figures sheet, written here (no binary fixture is committed).
    for name in fixture_names("import/invalid") {
        let dir = common::site_from(&["import/site", &format!("import/invalid/{name}")]);
        all.push(Producer {
            name: format!("import/invalid/{name}"),
            command: Command::Import,
            root: dir.path().to_path_buf(),
            _dir: dir,
        });
    }
    let dir = common::site_from(&["import/site"]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "SYNTHETIC: no figure table here")
        .unwrap();
    book.save(dir.path().join("figures.xlsx")).unwrap();
    all.push(Producer {
        name: "a workbook without a figures sheet".into(),
        command: Command::Import,
        root: dir.path().to_path_buf(),
        _dir: dir,
    });
    // A table under `data/` whose period a spreadsheet made a date (a workbook, written here).
    let dir = common::site_from(&[]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, name) in ["province", "indicator", "period", "value"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    sheet.write_string(1, 0, "alpha").unwrap();
    sheet.write_string(1, 1, "accounts-activated").unwrap();
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 5, 1).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 2, &day, &format)
        .unwrap();
    sheet.write_number(1, 3, 5.0).unwrap();
    book.save(dir.path().join("data/figures.xlsx")).unwrap();
    all.push(Producer {
        name: "a table whose period is a date cell".into(),
        command: Command::Check,
        root: dir.path().to_path_buf(),
        _dir: dir,
    });
    // `minhbach new`: flags missing, files that exist, a report already listed, a list that
    // cannot be appended to as text.
    let new: [(&str, &'static [&'static str]); 3] = [
        ("new province without its names", &["province", "gamma"]),
        ("new province over an existing file", &["province", "alpha"]),
        (
            "new report over an existing narrative and a listed report",
            &["report", "alpha", "2025-04", "--number", "1/BC-UBND"],
        ),
    ];
    for (name, args) in new {
        let dir = common::site_from(&["build"]);
        all.push(Producer {
            name: name.into(),
            command: Command::New(args),
            root: dir.path().to_path_buf(),
            _dir: dir,
        });
    }
    let dir = common::site_from(&["build"]);
    let alpha = dir.path().join("data/provinces/alpha.yaml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    let inline = text.replacen("reports:\n  - {", "reports: [{", 1).replacen(
        "issuer: \"UBND tỉnh Alpha\" }\n",
        "issuer: \"UBND tỉnh Alpha\" }]\n",
        1,
    );
    assert_ne!(inline, text);
    std::fs::write(&alpha, inline).unwrap();
    all.push(Producer {
        name: "new report into an inline `reports:` list".into(),
        command: Command::New(&[
            "report",
            "alpha",
            "2025-05",
            "--file",
            "synthetic-2.txt",
            "--issuer-vi",
            "UBND tỉnh Alpha",
        ]),
        root: dir.path().to_path_buf(),
        _dir: dir,
    });
    let dir = tempfile::tempdir().unwrap();
    all.push(Producer {
        name: "an empty folder".into(),
        command: Command::Check,
        root: dir.path().to_path_buf(),
        _dir: dir,
    });
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        common::copy_tree(&common::fixtures().join("base"), &site);
        let outside = dir.path().join("outside");
        std::fs::rename(site.join("content"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, site.join("content")).unwrap();
        all.push(Producer {
            name: "content/ is a symbolic link out of the site".into(),
            command: Command::Check,
            root: site,
            _dir: dir,
        });
    }
    all
}

/// `check --format json` on `root`, in English or in the default language: the diagnostics.
fn json_diagnostics(root: &Path, english: bool) -> Vec<serde_json::Value> {
    let args = ["--format", "json"];
    let (out, err, _) = if english {
        check(root, &args)
    } else {
        check_default_lang(root, &args)
    };
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    v["diagnostics"].as_array().unwrap().clone()
}

/// `build` on `root` into `root/public`, in English or in the default language; stdout and
/// stderr together.
fn build_output(root: &Path, english: bool) -> String {
    let out = root.join("public");
    let (stdout, stderr, _) = if english {
        common::build(root, &out, &[])
    } else {
        let (root, out) = (root.to_string_lossy(), out.to_string_lossy());
        common::run(&["build", "--root", &root, "--output", &out])
    };
    format!("{stdout}{stderr}")
}

/// `import` of the table in `root` (`figures.*`) into `root`, in English or in the default
/// language; stdout and stderr together.
/// What `minhbach new <args> --root <root>` prints (standard input is not a terminal).
fn new_output(root: &Path, args: &[&str], english: bool) -> String {
    let root = root.to_string_lossy();
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend(["--root", &*root]);
    if english {
        all.extend(["--lang", "en"]);
    }
    let (stdout, stderr, _) = common::run(&all);
    format!("{stdout}{stderr}")
}

fn import_output(root: &Path, english: bool) -> String {
    let table = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("figures."))
        })
        .unwrap();
    let (table, root) = (table.to_string_lossy(), root.to_string_lossy());
    let mut args = vec!["import", &*table, "--root", &*root];
    if english {
        args.extend(["--lang", "en"]);
    }
    let (stdout, stderr, _) = common::run(&args);
    format!("{stdout}{stderr}")
}

/// The codes `producer` reports.
fn produced_codes(producer: &Producer) -> BTreeSet<String> {
    match producer.command {
        Command::New(args) => headlines(&new_output(&producer.root, args, true))
            .into_iter()
            .map(|(_, _, code)| code)
            .collect(),
        Command::Import => headlines(&import_output(&producer.root, true))
            .into_iter()
            .map(|(_, _, code)| code)
            .collect(),
        Command::Check => json_diagnostics(&producer.root, true)
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect(),
        Command::Build => headlines(&build_output(&producer.root, true))
            .into_iter()
            .map(|(_, _, code)| code)
            .collect(),
    }
}

/// Every diagnostic the inputs produce has its own Vietnamese message and help: the JSON
/// output gives both languages, and they must differ; `build`'s output has no English left.
/// With `every_diagnostic_code_in_src_has_a_fixture`, that covers every code there is.
#[test]
fn every_fixture_diagnostic_has_vietnamese() {
    for producer in producers() {
        let name = &producer.name;
        if producer.command != Command::Check {
            let output = |english| match producer.command {
                Command::Import => import_output(&producer.root, english),
                Command::New(args) => new_output(&producer.root, args, english),
                _ => build_output(&producer.root, english),
            };
            let vi = output(false);
            let en = output(true);
            assert!(!headlines(&vi).is_empty(), "{name}: {vi}");
            assert_eq!(headlines(&vi), headlines(&en), "{name}:\n{vi}\n{en}");
            for english in ["error[", "warning[", "  help: ", "nothing was written"] {
                assert!(!vi.contains(english), "{name}: `{english}` in:\n{vi}");
            }
            continue;
        }
        let diagnostics = json_diagnostics(&producer.root, false);
        assert!(!diagnostics.is_empty(), "{name}: no diagnostic");
        for d in &diagnostics {
            let message = d["message"].as_str().unwrap();
            let message_en = d["message_en"].as_str().unwrap();
            assert_ne!(message, message_en, "{name}: untranslated message in {d}");
            let help = d["help"].as_str();
            let help_en = d["help_en"].as_str();
            assert!(
                help.is_some() && help_en.is_some(),
                "{name}: no help in {d}"
            );
            assert_ne!(help, help_en, "{name}: untranslated help in {d}");
        }
        let (human, _, _) = check_default_lang(&producer.root, &[]);
        for english in ["error[", "warning[", "  help: ", " files checked"] {
            assert!(!human.contains(english), "{name}: `{english}` in:\n{human}");
        }
    }
}

/// Codes written in `src/` that no input can produce, each with the reason. Each is checked:
/// it must still be in `src/`, and no input may produce it (then it needs a fixture instead).
const NO_INPUT_PRODUCES: &[(&str, &str)] = &[(
    "chart",
    "raised only when plotters fails to draw into a String with the compiled-in font, \
     which no data can cause (its help calls it a fault of minhbach)",
)];

/// Every diagnostic code written in `src/` (outside unit tests), with the files that write it:
/// a kebab-case string literal given first to a call named `error`, `warning` or `err`
/// (`Diagnostic::error`, `ctx.warning`, the closures that wrap them), or as a `code:` field.
fn codes_in_src() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let is_code = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    let mut codes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension() != Some(std::ffi::OsStr::new("rs")) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let file = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .display()
            .to_string();
        // Unit tests make diagnostics with made-up codes; they come last in a file.
        let code = text
            .find("#[cfg(test)]\nmod ")
            .map_or(text.as_str(), |i| &text[..i]);
        for opener in ["error(", "warning(", "err(", "code:"] {
            for (i, _) in code.match_indices(opener) {
                let whole_name = !code[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                let argument = code[i + opener.len()..].trim_start();
                let literal = argument
                    .strip_prefix('"')
                    .and_then(|l| l.split_once('"'))
                    .map(|(word, _)| word);
                if let Some(word) = literal.filter(|w| whole_name && is_code(w)) {
                    codes
                        .entry(word.to_string())
                        .or_default()
                        .insert(file.clone());
                }
            }
        }
    }
    codes
}

/// Every diagnostic code that exists in `src/` is produced by some input (see `producers`),
/// so every rule is proven to fire; and every code the inputs produce is found in `src/`, so
/// the scan of the source has not missed a way codes are written.
#[test]
fn every_diagnostic_code_in_src_has_a_fixture() {
    let in_src = codes_in_src();
    let mut produced: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for producer in producers() {
        let codes = produced_codes(&producer);
        assert!(
            !codes.is_empty(),
            "{} produces no diagnostic",
            producer.name
        );
        for code in codes {
            produced
                .entry(code)
                .or_default()
                .push(producer.name.clone());
        }
    }
    let exempt: BTreeMap<&str, &str> = NO_INPUT_PRODUCES.iter().copied().collect();
    let missing: Vec<String> = in_src
        .iter()
        .filter(|(code, _)| !produced.contains_key(*code) && !exempt.contains_key(code.as_str()))
        .map(|(code, files)| {
            format!(
                "{code} (in {})",
                files.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture produces these codes; add tests/fixtures/invalid/<name>/ (or \
         invalid_build/ for what only build finds) with a rule! line:\n{}",
        missing.join("\n")
    );
    let unseen: Vec<&String> = produced
        .keys()
        .filter(|c| !in_src.contains_key(*c))
        .collect();
    assert!(
        unseen.is_empty(),
        "produced but not found by the scan of src/ (codes_in_src misses how they are \
         written): {unseen:?}"
    );
    for (code, why) in NO_INPUT_PRODUCES {
        assert!(
            in_src.contains_key(*code),
            "{code} is no longer in src/: drop it from NO_INPUT_PRODUCES"
        );
        assert!(
            !produced.contains_key(*code),
            "{code} was listed as unreachable ({why}) but {:?} produce it",
            produced[*code]
        );
    }
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
