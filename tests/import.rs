//! `minhbach import`: a figure table in the downloads' tidy form, read into a copy of a small
//! SYNTHETIC site (`tests/fixtures/base` with `tests/fixtures/import/site` over it). Each test
//! asserts what the user sees: the figures the site holds afterwards (compared field by field
//! with the table), the bytes of the files that were there, and the located messages when the
//! table is wrong (snapshots), after which no file has changed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use minhbach::model::{Observation, Site};
use std::path::Path;
use std::process::Command;

/// The base site with the indicators the import fixtures use, plus `overlays`.
fn site(overlays: &[&str]) -> tempfile::TempDir {
    let mut all = vec!["import/site"];
    all.extend_from_slice(overlays);
    common::site_from(&all)
}

fn fixture(name: &str) -> std::path::PathBuf {
    common::fixtures().join("import").join(name)
}

/// `minhbach import <file> <args>` run inside `dir`; stdout, stderr, exit code.
fn import_in(dir: &Path, file: &str, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(dir)
        .arg("import")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn checked_site(root: &Path) -> Site {
    let mut checked = minhbach::check(root).unwrap();
    assert!(
        !checked.diagnostics.has_errors(),
        "{}",
        checked
            .diagnostics
            .render_all(&checked.sources, minhbach::model::Lang::En)
    );
    checked.site.take().unwrap()
}

/// One figure as a line: every field of the observation, in a fixed order.
fn describe(o: &Observation) -> String {
    let breakdown = o
        .breakdown
        .as_ref()
        .map(|(d, m)| format!(" {d}={m}"))
        .unwrap_or_default();
    let mut s = format!(
        "{} {} {}{breakdown}: {:?}",
        o.province, o.indicator, o.period, o.figure
    );
    if let Some(q) = o.qualifier {
        s += &format!(" qualifier={q:?}");
    }
    if let Some(c) = o.change() {
        s += &format!(" change={c}");
    }
    if let Some(d) = o.as_of() {
        s += &format!(" as_of={d}");
    }
    if let Some(since) = o.since {
        s += &format!(" since={since:?}");
    }
    if let Some(src) = &o.source {
        s += &format!(" source={src:?}");
    }
    if let Some(n) = o.note() {
        s += &format!(" note={:?}/{:?}", n.vi, n.en);
    }
    if let Some(why) = o.over_100() {
        s += &format!(" over_100={why:?}");
    }
    if !o.also_printed().is_empty() {
        let also: Vec<String> = o
            .also_printed()
            .iter()
            .map(|p| format!("{:?}@{}", p.figure, p.source))
            .collect();
        s += &format!(" also={also:?}");
    }
    s
}

fn figures_of(site: &Site, province: &str) -> Vec<String> {
    let mut v: Vec<String> = site
        .observations
        .iter()
        .filter(|o| o.province.as_str() == province)
        .map(describe)
        .collect();
    v.sort();
    v
}

/// What `tests/fixtures/import/figures.csv` says of the new province `gamma`, figure by figure.
const GAMMA: [&str; 11] = [
    r#"gamma accounts-activated 2024-H1: Ratio { numerator: 1100.0, denominator: 1000.0, stated: None } as_of=2024-06-15 since=Day(Date { year: 2024, month: 1, day: 1 }) source="gamma-01.txt §II.7 (L90)" over_100="Mẫu số là chỉ tiêu được giao.""#,
    r#"gamma apps-on-time 2024-H1: CountWithRate { value: 41883.0, stated: StatedRate { value: 98.4, decimals: 1 } } qualifier=AtLeast source="gamma-01.txt §II.5 (L70)""#,
    r#"gamma apps-received 2024-H1: Value(1078946.0) qualifier=Approx change=1819 source="gamma-01.txt §II.4 (L57)" note="Khoảng 1.078.946 hồ sơ"/None also=["Value(1078935.0)@gamma-01.txt Phụ lục; dòng 3 @ (L301)"]"#,
    r#"gamma complaints 2024-H1: NoCases source="gamma-01.txt §II.6 (L80)""#,
    r#"gamma fees-collected 2024-H1: NotApplicable source="gamma-01.txt §II.6 (L81)" note="Chưa thu phí: # miễn phí, - theo: quy định"/Some("Not charged yet")"#,
    r#"gamma online-rate 2024-H1 service=birth-registration: NoCases source="gamma-01.txt §II.4 (L59)" note="Không phát sinh hồ sơ; \"đăng ký\" chưa mở"/Some("No applications yet")"#,
    r#"gamma online-rate 2024-H1 service=passport: Ratio { numerator: 10.0, denominator: 20.0, stated: Some(StatedRate { value: 50.0, decimals: 2 }) } source="gamma-01.txt §II.4 (L58)""#,
    r#"gamma online-rate 2024-H1: Ratio { numerator: 31136.0, denominator: 42237.0, stated: Some(StatedRate { value: 73.72, decimals: 2 }) } source="gamma-01.txt §II.4 (L57)" also=["Ratio { numerator: 10.0, denominator: 20.0, stated: Some(StatedRate { value: 50.0, decimals: 2 }) }@gamma-01.txt Phụ lục (L300)"]"#,
    r#"gamma printed-rate 2024-H1: Stated(StatedRate { value: 80.1, decimals: 2 }) source="gamma-01.txt §II.5 (L71)" also=["Stated(StatedRate { value: 80.01, decimals: 2 })@gamma-01.txt Phụ lục (L305)"]"#,
    r#"gamma welfare-accounts-cum 2024-H1: Value(5230.0) as_of=2024-05-22 since=Month(Date { year: 2024, month: 2, day: 1 }) source="gamma-01.txt §II.8 (L95)" note="Lũy kế từ tháng 02 đến ngày 22/5/2024"/None"#,
    r#"gamma 2024-H1 report: gamma-01.txt 117/BC-UBND 2024-07-05 https://example.org/van-ban/117.pdf Ủy ban nhân dân tỉnh Gamma / Gamma Provincial People's Committee"#,
];

/// The figures and report documents of `gamma`, as [`GAMMA`] lists them.
fn gamma_now(site: &Site) -> Vec<String> {
    let mut v = figures_of(site, "gamma");
    for r in site
        .reports
        .iter()
        .filter(|r| r.province.as_str() == "gamma")
    {
        v.push(format!(
            "gamma {} report: {} {} {} {} {} / {}",
            r.period,
            r.file,
            r.number.as_deref().unwrap_or("-"),
            r.issued.map(|d| d.to_string()).unwrap_or_default(),
            r.url.as_deref().unwrap_or("-"),
            r.issuer.vi,
            r.issuer.en.as_deref().unwrap_or("-")
        ));
    }
    v
}

#[test]
fn a_csv_with_every_form_is_imported_as_the_same_figures() {
    let dir = site(&[]);
    let before = checked_site(dir.path());
    let imported = minhbach::import::import(dir.path(), &fixture("figures.csv")).unwrap();
    let counts: Vec<(String, usize, bool)> = imported
        .changes
        .iter()
        .map(|c| (c.file.clone(), c.figures, c.before.is_none()))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("data/provinces/gamma.yaml".to_string(), 10, true),
            ("data/provinces/alpha.yaml".to_string(), 1, false),
        ]
    );
    let after = checked_site(dir.path());
    assert_eq!(gamma_now(&after), GAMMA.map(String::from).to_vec());
    let gamma = &after.provinces[&minhbach::model::Slug::parse("gamma").unwrap()];
    assert_eq!(
        (gamma.name.vi.as_str(), gamma.name.en.as_str()),
        ("Tỉnh Gamma", "Gamma Province")
    );
    assert_eq!(gamma.code.as_deref(), Some("07"));
    // Alpha keeps what it had and gains one figure.
    let mut alpha = figures_of(&before, "alpha");
    alpha
        .push(r#"alpha apps-received 2025-04: Value(250.0) source="synthetic.txt §2""#.to_string());
    alpha.sort();
    assert_eq!(figures_of(&after, "alpha"), alpha);
    assert_eq!(after.observations.len(), before.observations.len() + 11);
}

#[test]
fn an_existing_province_file_keeps_every_byte_and_its_comments() {
    let dir = site(&[]);
    let path = dir.path().join("data/provinces/alpha.yaml");
    let old = std::fs::read_to_string(&path).unwrap();
    assert!(old.starts_with("# SYNTHETIC"), "the fixture has a comment");
    minhbach::import::import(dir.path(), &fixture("figures.csv")).unwrap();
    let new = std::fs::read_to_string(&path).unwrap();
    // The new text is the old one with one block inserted at a line start, after the last
    // observation and before `targets:`.
    let at = old.find("targets:").unwrap();
    let added = new.len() - old.len();
    assert_eq!(&new[..at], &old[..at]);
    assert_eq!(&new[at + added..], &old[at..]);
    assert_eq!(
        &new[at..at + added],
        "  - period: \"2025-04\"\n    source: \"synthetic.txt §2\"\n    values:\n      apps-received: 250\n"
    );
}

/// Every cell of the CSV fixture written into an XLSX workbook as a spreadsheet would type it:
/// numbers as number cells, dates as date cells, the rest as text; a first sheet without the
/// header shows that the figures sheet is found by its header.
fn workbook_from_csv(csv_path: &Path, xlsx: &Path, text_numbers: &[(usize, &str, &str)]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv_path)
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let header: Vec<String> = rows[0].iter().map(String::from).collect();
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("about").unwrap();
    notes
        .write_string(
            0,
            0,
            "SYNTHETIC test workbook: the figures are on the next sheet",
        )
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("figures").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let numbers = [
        "value",
        "numerator",
        "denominator",
        "stated_rate",
        "stated_decimals",
        "change",
    ];
    let dates = [
        "as_of",
        "since",
        "source_issued",
        "period_start",
        "period_end",
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r32, c16) = (r as u32, c as u16);
            let name = header[c].as_str();
            if let Some((_, _, typed)) = text_numbers
                .iter()
                .find(|(row, col, _)| *row == r && *col == name)
            {
                sheet.write_string(r32, c16, *typed).unwrap();
            } else if text.is_empty() {
                continue;
            } else if r > 0 && numbers.contains(&name) {
                sheet
                    .write_number(r32, c16, text.parse::<f64>().unwrap())
                    .unwrap();
            } else if r > 0 && dates.contains(&name) && text.len() == 10 {
                let date = ExcelDateTime::parse_from_str(text).unwrap();
                sheet
                    .write_datetime_with_format(r32, c16, &date, &date_format)
                    .unwrap();
            } else {
                sheet.write_string(r32, c16, text).unwrap();
            }
        }
    }
    book.save(xlsx).unwrap();
}

#[test]
fn an_xlsx_workbook_gives_the_same_figures_as_the_csv() {
    let dir = site(&[]);
    let xlsx = dir.path().join("figures.xlsx");
    workbook_from_csv(&fixture("figures.csv"), &xlsx, &[]);
    let (out, err, code) = import_in(dir.path(), "figures.xlsx", &["--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("gamma: 10 figures → data/provinces/gamma.yaml (new province)"),
        "{out}"
    );
    let after = checked_site(dir.path());
    assert_eq!(gamma_now(&after), GAMMA.map(String::from).to_vec());
    // The rate printed as 80.10 is written back with its two decimals.
    let gamma = std::fs::read_to_string(dir.path().join("data/provinces/gamma.yaml")).unwrap();
    assert!(gamma.contains("stated: 80.10\n"), "{gamma}");
}

#[test]
fn numbers_typed_as_text_in_a_workbook_are_located_by_cell() {
    let dir = site(&[]);
    let xlsx = dir.path().join("figures.xlsx");
    // Row 4 is apps-received (value in column Q), row 2 online-rate (stated_rate in T).
    workbook_from_csv(
        &fixture("figures.csv"),
        &xlsx,
        &[
            (4, "value", "1.078.935"),
            (2, "stated_rate", "97,53%"),
            (4, "as_of", "05/07/2024"),
        ],
    );
    let before = common::read_tree(dir.path());
    let (out, err, code) = import_in(dir.path(), "figures.xlsx", &["--lang", "en"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(common::read_tree(dir.path()), before, "nothing may change");
    insta::assert_snapshot!(err);
}

#[test]
fn a_workbook_without_a_figures_sheet_is_refused() {
    let dir = site(&[]);
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "SYNTHETIC: no table here")
        .unwrap();
    book.save(dir.path().join("empty.xlsx")).unwrap();
    let (_, err, code) = import_in(dir.path(), "empty.xlsx", &["--lang", "en"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("empty.xlsx: error[import-no-figures-sheet]"),
        "{err}"
    );
}

#[test]
fn hostile_texts_read_back_exactly() {
    let texts = [
        "\"quoted\" and 'single'",
        "# not a comment",
        "key: value",
        "- a list?",
        "* an alias?",
        "& an anchor?",
        "! a tag?",
        "=cmd|' /C calc'!A0",
        "line one\nline two",
        "tab\there",
        "back\\slash",
        "  spaces around  ",
        "{ flow: map }",
        "[1, 2]",
        "null",
        "~",
        "yes",
        "@ at; semicolon",
        "Ủy ban nhân dân – “Số: /BC-UBND”",
    ];
    let dir = site(&[]);
    let csv_path = dir.path().join("figures.csv");
    let mut writer = csv::Writer::from_path(&csv_path).unwrap();
    writer
        .write_record([
            "province",
            "indicator",
            "period",
            "form",
            "value",
            "source",
            "note_vi",
            "note_en",
            "over_100",
        ])
        .unwrap();
    for (i, text) in texts.iter().enumerate() {
        let period = format!("2024-{:02}", (i % 12) + 1);
        let indicator = if i < 12 {
            "apps-received"
        } else {
            "apps-on-time"
        };
        writer
            .write_record([
                "alpha",
                indicator,
                &period,
                "value",
                &i.to_string(),
                text,
                text,
                text,
                text,
            ])
            .unwrap();
    }
    writer.flush().unwrap();
    minhbach::import::import(dir.path(), &csv_path).unwrap();
    let after = checked_site(dir.path());
    for (i, text) in texts.iter().enumerate() {
        let o = after
            .observations
            .iter()
            .find(|o| {
                o.province.as_str() == "alpha"
                    && o.figure == minhbach::model::Figure::Value(i as f64)
            })
            .unwrap_or_else(|| panic!("figure {i} missing"));
        // Texts are read trimmed, as every text of the data is.
        let want = text.trim();
        let note = o.note().unwrap();
        assert_eq!(
            (note.vi.as_str(), note.en.as_deref()),
            (want, Some(want)),
            "{i}"
        );
        assert_eq!(o.source.as_deref(), Some(want), "{i}");
        assert_eq!(o.over_100(), Some(want), "{i}");
    }
}

#[test]
fn an_import_that_would_make_the_site_invalid_changes_nothing() {
    let dir = site(&[]);
    let csv_path = dir.path().join("figures.csv");
    std::fs::write(
        &csv_path,
        "province,indicator,period,form,stated_rate,source\n\
         alpha,printed-rate,2025-04,rate,150,synthetic.txt §2\n\
         gamma,printed-rate,2025-04,rate,50,gamma.txt\n",
    )
    .unwrap();
    // gamma has no names here: that alone stops the import, so give them.
    std::fs::write(
        &csv_path,
        "province,province_name_vi,province_name_en,indicator,period,form,stated_rate,source\n\
         alpha,,,printed-rate,2025-04,rate,150,synthetic.txt §2\n\
         gamma,Tỉnh Gamma,Gamma Province,printed-rate,2025-04,rate,50,gamma.txt\n",
    )
    .unwrap();
    let before = common::read_tree(dir.path());
    let (out, err, code) = import_in(dir.path(), "figures.csv", &["--lang", "en"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("data/provinces/alpha.yaml:"), "{err}");
    assert!(err.contains("error[percent-out-of-range]"), "{err}");
    assert!(err.ends_with("nothing was written\n"), "{err}");
    assert_eq!(common::read_tree(dir.path()), before, "nothing may change");
    assert!(!dir.path().join("data/provinces/gamma.yaml").exists());
}

#[test]
fn the_summary_names_each_province_and_file_in_vietnamese_by_default() {
    let dir = site(&[]);
    std::fs::copy(fixture("figures.csv"), dir.path().join("figures.csv")).unwrap();
    let (out, err, code) = import_in(dir.path(), "figures.csv", &[]);
    assert_eq!(code, 0, "{out}{err}");
    insta::assert_snapshot!(format!("{out}---\n{err}"));
    // Importing the same table again finds every figure already there.
    let (_, err, code) = import_in(dir.path(), "figures.csv", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err.matches("lỗi[import-duplicate-figure]").count(),
        11,
        "{err}"
    );
    assert!(err.contains("số liệu `online-rate` của `gamma` kỳ 2024-H1 đã có trong dữ liệu của trang (data/provinces/gamma.yaml, dòng 18)"), "{err}");
}

/// `import_rule!(fixture, "code")`: the table of `tests/fixtures/import/invalid/<fixture>/`
/// (the folder is copied over the site, so it may also change the site's files) is refused
/// with that error, every problem is shown (snapshot), and no file changes.
macro_rules! import_rule {
    ($name:ident, $code:literal) => {
        #[test]
        fn $name() {
            let dir = site(&[concat!("import/invalid/", stringify!($name))]);
            let table = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with("figures."))
                .unwrap();
            let before = common::read_tree(dir.path());
            let (out, err, code) = import_in(dir.path(), &table, &["--lang", "en"]);
            let tag = format!("error[{}]", $code);
            assert!(err.contains(&tag), "expected {tag} in:\n{out}{err}");
            assert_eq!(code, 1, "{out}{err}");
            assert!(out.is_empty(), "{out}");
            assert_eq!(common::read_tree(dir.path()), before, "nothing may change");
            insta::assert_snapshot!(stringify!($name), err);
        }
    };
}

import_rule!(unknown_column, "import-unknown-column");
import_rule!(extra_cells, "import-unknown-column");
import_rule!(missing_column, "import-missing-column");
import_rule!(invalid_id, "import-invalid-id");
import_rule!(number_format, "import-number-format");
import_rule!(invalid_number, "import-invalid-number");
import_rule!(invalid_date, "import-invalid-date");
import_rule!(invalid_period, "import-invalid-period");
import_rule!(invalid_choice, "import-invalid-choice");
import_rule!(form_mismatch, "import-form-mismatch");
import_rule!(unknown_indicator, "import-unknown-indicator");
import_rule!(unknown_dimension, "import-unknown-dimension");
import_rule!(unknown_member, "import-unknown-member");
import_rule!(missing_cell, "import-missing-cell");
import_rule!(duplicate_figure, "import-duplicate-figure");
import_rule!(list_form, "import-list-form");
import_rule!(file_type, "import-file-type");
import_rule!(unreadable, "import-unreadable");

/// The same problems in Vietnamese, the default language: no English left.
#[test]
fn errors_are_in_vietnamese_by_default() {
    let dir = site(&["import/invalid/number_format"]);
    let (_, err, code) = import_in(dir.path(), "figures.csv", &[]);
    assert_eq!(code, 1);
    for english in ["error[", "  help: ", "nothing was written"] {
        assert!(!err.contains(english), "`{english}` in:\n{err}");
    }
    insta::assert_snapshot!(err);
}

/// A table that imports cleanly stays quiet: no error, no warning of its own.
#[test]
fn a_correct_table_gives_no_diagnostic() {
    let dir = site(&[]);
    std::fs::write(
        dir.path().join("figures.csv"),
        "province,indicator,period,form,value,source\nalpha,apps-received,2025-04,value,250,synthetic.txt §2\n",
    )
    .unwrap();
    let (out, err, code) = import_in(dir.path(), "figures.csv", &["--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(err, "");
    assert_eq!(
        out,
        "alpha: 1 figure → data/provinces/alpha.yaml\nimported 1 figure of 1 province\n"
    );
}

/// A breakdown without a total, into a province file that has neither `reports:` nor
/// `observations:`: both keys are created at its end, after its last byte.
#[test]
fn members_without_a_total_and_a_file_without_the_lists() {
    let dir = site(&[]);
    let path = dir.path().join("data/provinces/beta.yaml");
    let old = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        dir.path().join("figures.csv"),
        "province,indicator,dimension,member,period,form,numerator,denominator,stated_rate,source,source_file,source_issuer_vi\n\
         beta,online-rate,service,passport,2025-08,ratio,5,10,50.0,beta-08.txt §1,beta-08.txt,UBND tỉnh Beta\n\
         beta,online-rate,service,birth-registration,2025-08,not_applicable,,,,beta-08.txt §2,beta-08.txt,UBND tỉnh Beta\n",
    )
    .unwrap();
    let (out, err, code) = import_in(dir.path(), "figures.csv", &["--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "beta: 2 figures → data/provinces/beta.yaml, 1 report added\nimported 2 figures of 1 province\n");
    let new = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        new.strip_prefix(old.as_str()).unwrap_or_else(|| panic!("old bytes not kept:\n{new}")),
        "reports:\n  - period: \"2025-08\"\n    file: \"beta-08.txt\"\n    issuer: \"UBND tỉnh Beta\"\n\
         observations:\n  - period: \"2025-08\"\n    source: \"beta-08.txt §1\"\n    values:\n      online-rate:\n        by:\n          service:\n            passport:\n              numerator: 5\n              denominator: 10\n              stated: 50.0\n            birth-registration:\n              state: not-applicable\n              source: \"beta-08.txt §2\"\n"
    );
    let after = checked_site(dir.path());
    assert_eq!(
        figures_of(&after, "beta"),
        vec![
            r#"beta online-rate 2025-08 service=birth-registration: NotApplicable source="beta-08.txt §2""#,
            r#"beta online-rate 2025-08 service=passport: Ratio { numerator: 5.0, denominator: 10.0, stated: Some(StatedRate { value: 50.0, decimals: 1 }) } source="beta-08.txt §1""#,
        ]
    );
}

/// A figure without a source stays without one (the checker's `missing-source` warning says
/// so), even beside figures that have one: the block then has no `source:` of its own.
#[test]
fn a_figure_without_source_does_not_take_its_neighbours() {
    let dir = site(&[]);
    std::fs::write(
        dir.path().join("figures.csv"),
        "province,indicator,period,form,value,source\n\
         alpha,apps-received,2025-03,value,1,synthetic.txt §3\n\
         alpha,apps-on-time,2025-03,value,2,synthetic.txt §3\n\
         alpha,complaints,2025-03,value,3,\n",
    )
    .unwrap();
    let (out, err, code) = import_in(dir.path(), "figures.csv", &["--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("warning[missing-source]: `complaints` for 2025-03 has no source"),
        "{err}"
    );
    let after = checked_site(dir.path());
    let sources: Vec<String> = figures_of(&after, "alpha")
        .into_iter()
        .filter(|f| f.contains(" 2025-03"))
        .collect();
    assert_eq!(
        sources,
        vec![
            r#"alpha apps-on-time 2025-03: Value(2.0) source="synthetic.txt §3""#,
            r#"alpha apps-received 2025-03: Value(1.0) source="synthetic.txt §3""#,
            "alpha complaints 2025-03: Value(3.0)",
        ]
    );
}
