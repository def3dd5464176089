//! `minhbach template`: the workbook a publisher fills, made for provinces of the example site
//! (the repository's own `data/`, read-only; the workbook goes to a temporary folder) and read
//! back with calamine as any spreadsheet program would: its sheets, the header the site reads,
//! one row per indicator of the catalogue and per breakdown member, the province's tasks, the
//! drop-down lists inside the file, the same bytes twice, and the refusals a user meets.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Range, Reader, Xlsx};
use minhbach::model::Site;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example site, validated once.
fn example() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| minhbach::check(example_root()).unwrap().site.unwrap())
}

/// `minhbach template <args>` run in `dir`; stdout, stderr, exit code.
fn template_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(dir)
        .arg("template")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The template of an example-site province, written under a temporary folder.
fn made(province: &str, period: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = example_root().to_string_lossy().into_owned();
    let mut args = vec![province, "--root", root.as_str(), "--out", "t.xlsx"];
    if let Some(p) = period {
        args.extend(["--period", p]);
    }
    let (stdout, stderr, code) = template_in(dir.path(), &args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = dir.path().join("t.xlsx");
    (dir, path)
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("expected text, found {other:?}"),
    }
}

/// The rows under the header, as text by column name.
fn records(range: &Range<Data>) -> (Vec<String>, Vec<Vec<Data>>) {
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| text(Some(c))).collect();
    let body: Vec<Vec<Data>> = rows
        .map(|r| r.to_vec())
        .filter(|r| r.iter().any(|c| *c != Data::Empty))
        .collect();
    (header, body)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The text of the file `name` inside the workbook (an XLSX is a zip of XML files).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Each `<dataValidation …>…</dataValidation>` of a sheet's XML: (cells, rule).
fn validations(xml: &str) -> Vec<(String, String)> {
    xml.split("<dataValidation ")
        .skip(1)
        .map(|v| {
            let v = &v[..v.find("</dataValidation>").unwrap()];
            let sqref = v.split("sqref=\"").nth(1).unwrap();
            let sqref = sqref[..sqref.find('"').unwrap()].to_string();
            let rule = v.split("<formula1>").nth(1).map_or(String::new(), |f| {
                f[..f.find("</formula1>").unwrap()].to_string()
            });
            (sqref, format!("{} {rule}", &v[..v.find('>').unwrap()]))
        })
        .collect()
}

#[test]
fn the_figures_sheet_has_a_row_per_indicator_and_breakdown_member_of_the_catalogue() {
    let site = example();
    let (_dir, path) = made("binh-dinh", Some("2024-H1"));
    let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Số liệu", "Nhiệm vụ", "Hướng dẫn", "Danh sách"]
    );
    let (header, rows) = records(&sheet(&path, "Số liệu"));
    // The columns the site reads, prefilled ones first (the contract of issue 17).
    assert_eq!(
        header,
        [
            "province",
            "indicator",
            "indicator_label_vi",
            "unit",
            "scope",
            "group",
            "dimension",
            "member",
            "member_label_vi",
            "period",
            "value",
            "numerator",
            "denominator",
            "stated_rate",
            "stated_decimals",
            "state",
            "qualifier",
            "change",
            "as_of",
            "since",
            "source",
            "source_file",
            "source_number",
            "source_issued",
            "source_issuer_vi",
            "source_url",
            "note_vi",
            "note_en",
            "over_100",
            "also_printed",
        ]
    );
    // Every indicator applies to a province (the catalogue has no national-only one): a
    // total row each, and a row per member of each of its breakdowns.
    let expected: usize = site
        .indicators
        .values()
        .map(|i| {
            1 + i
                .dimensions
                .iter()
                .map(|d| site.dimensions[d].members.len())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(
        expected > site.indicators.len(),
        "the example has breakdowns"
    );
    let at = |name| column(&header, name);
    let mut totals = std::collections::BTreeSet::new();
    let mut last_total = String::new();
    for row in &rows {
        assert_eq!(text(row.get(at("province"))), "binh-dinh");
        assert_eq!(text(row.get(at("period"))), "2024-H1");
        let id = text(row.get(at("indicator")));
        let indicator = site
            .indicators
            .values()
            .find(|i| i.id.as_str() == id)
            .unwrap();
        assert_eq!(text(row.get(at("indicator_label_vi"))), indicator.label.vi);
        assert_eq!(text(row.get(at("unit"))), indicator.unit.id());
        assert_eq!(text(row.get(at("scope"))), indicator.scope.id());
        assert_eq!(text(row.get(at("group"))), indicator.group.as_str());
        // Nothing of the figure is typed yet.
        for name in ["value", "numerator", "denominator", "stated_rate", "state"] {
            assert_eq!(row.get(at(name)), Some(&Data::Empty), "{id} {name}");
        }
        let dimension = text(row.get(at("dimension")));
        let member = text(row.get(at("member")));
        if dimension.is_empty() {
            assert!(member.is_empty());
            assert!(totals.insert(id.clone()), "{id} has two total rows");
            last_total = id;
        } else {
            // A member row follows its indicator's total, and names a member of a breakdown
            // of the indicator, labelled as the catalogue labels it.
            assert_eq!(id, last_total);
            assert!(indicator.dimensions.iter().any(|d| d.as_str() == dimension));
            let m = site
                .dimensions
                .values()
                .find(|d| d.id.as_str() == dimension)
                .and_then(|d| d.members.iter().find(|m| m.id.as_str() == member))
                .unwrap_or_else(|| panic!("{dimension}: {member}"));
            assert_eq!(text(row.get(at("member_label_vi"))), m.label.vi);
        }
    }
    assert_eq!(totals.len(), site.indicators.len());
}

#[test]
fn the_tasks_sheet_lists_the_provinces_tasks_by_id() {
    let site = example();
    let (_dir, path) = made("binh-dinh", Some("2024-H1"));
    let (header, rows) = records(&sheet(&path, "Nhiệm vụ"));
    let mut expected_header = [
        "province",
        "task",
        "title_vi",
        "title_en",
        "directive_vi",
        "directive_en",
        "owner_vi",
        "owner_en",
        "due",
        "due_date",
        "status",
        "result_vi",
        "result_en",
        "as_of",
        "source",
        "note_vi",
        "note_en",
    ];
    let mut got: Vec<&str> = header.iter().map(String::as_str).collect();
    got.sort_unstable();
    expected_header.sort_unstable();
    assert_eq!(got, expected_header);
    let known: Vec<_> = site
        .tasks
        .iter()
        .filter(|t| t.province.as_str() == "binh-dinh")
        .collect();
    assert!(!known.is_empty());
    assert_eq!(rows.len(), known.len());
    let at = |name| column(&header, name);
    for row in &rows {
        let id = text(row.get(at("task")));
        let task = known.iter().find(|t| t.id.as_str() == id).unwrap();
        assert_eq!(text(row.get(at("province"))), "binh-dinh");
        assert_eq!(text(row.get(at("title_vi"))), task.title.vi);
        assert_eq!(text(row.get(at("owner_vi"))), task.owner.vi);
        assert_eq!(text(row.get(at("as_of"))), "2024-H1");
        // The status of this report is the publisher's to give.
        assert_eq!(row.get(at("status")), Some(&Data::Empty));
    }
    // In the plan's order: 1, 2, …, 10, not 1, 10, 2.
    let ids: Vec<String> = rows.iter().map(|r| text(r.get(at("task")))).collect();
    let numbers: Vec<u32> = ids.iter().filter_map(|i| i.parse().ok()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

#[test]
fn the_drop_down_lists_are_in_the_file() {
    let site = example();
    let (_dir, path) = made("binh-dinh", Some("2024-H1"));
    let figures = validations(&part(&path, "xl/worksheets/sheet1.xml"));
    let on = |vs: &[(String, String)], cells: &str| -> String {
        vs.iter()
            .find(|(sqref, _)| sqref == cells)
            .map(|(_, rule)| rule.clone())
            .unwrap_or_else(|| panic!("no validation on {cells}: {vs:?}"))
    };
    // 206 indicator ids are far more than Excel's 255 characters: a range of the hidden sheet.
    let n = site.indicators.len();
    assert!(on(&figures, "B2:B10000").ends_with(&format!("'Danh sách'!$A$2:$A${}", n + 1)));
    // The table reader's words, inline.
    assert!(on(&figures, "P2:P10000").ends_with("\"no_cases,not_applicable\""));
    assert!(on(&figures, "Q2:Q10000").ends_with("\"approx,at_least\""));
    // The figure's numbers refuse text ("1.078.935").
    for cells in ["K2:K10000", "L2:L10000", "M2:M10000", "N2:N10000"] {
        assert!(on(&figures, cells).contains("type=\"decimal\""), "{cells}");
    }
    // The members of a breakdown, block by block: a short list inline, the 25 services
    // through the hidden sheet.
    let members: Vec<&(String, String)> =
        figures.iter().filter(|(s, _)| s.starts_with('H')).collect();
    assert!(members
        .iter()
        .any(|(_, r)| r.ends_with("\"province,district,commune\"")));
    assert!(members.iter().any(|(_, r)| r.contains("'Danh sách'!$")));
    let tasks = validations(&part(&path, "xl/worksheets/sheet2.xml"));
    assert!(tasks
        .iter()
        .any(|(_, r)| r.ends_with("\"done,in-progress,recurring,awaiting-guidance,not-done\"")));
    // The lists sheet is hidden and holds the catalogue's ids.
    assert!(part(&path, "xl/workbook.xml")
        .contains("<sheet name=\"Danh sách\" sheetId=\"4\" state=\"hidden\""));
    let lists = sheet(&path, "Danh sách");
    let ids: Vec<String> = lists
        .rows()
        .skip(1)
        .map(|r| text(r.first()))
        .filter(|t| !t.is_empty())
        .collect();
    let catalogue: Vec<String> = site.indicators.keys().map(|k| k.to_string()).collect();
    assert_eq!(ids, catalogue);
}

#[test]
fn the_instructions_explain_every_column_and_where_to_save() {
    let (_dir, path) = made("binh-dinh", Some("2024-H1"));
    let guide = sheet(&path, "Hướng dẫn");
    let cells: Vec<String> = guide
        .rows()
        .flat_map(|r| r.iter().map(|c| text(Some(c))).collect::<Vec<_>>())
        .collect();
    let all = cells.join("\n");
    for c in minhbach::template::FIGURE_COLUMNS
        .iter()
        .chain(minhbach::template::TASK_COLUMNS)
    {
        assert!(
            cells.iter().any(|x| x == c.name),
            "{} is not explained",
            c.name
        );
        assert!(all.contains(c.about_vi()), "{}", c.name);
    }
    // The downloads' own words where the column means the same.
    let numerator = minhbach::site::opendata::COLUMNS
        .iter()
        .find(|c| c.name == "numerator")
        .unwrap();
    assert!(all.contains(numerator.about_vi));
    assert!(all.contains("data/binh-dinh-2024-h1.xlsx"));
    assert!(all.contains("minhbach check"));
    assert!(all.contains("1078935, không gõ «1.078.935»"));
    assert!(all.contains("done (Hoàn thành)"));
}

#[test]
fn the_same_request_gives_the_same_bytes() {
    let (_a, first) = made("an-giang", Some("2024-Q2"));
    let (_b, second) = made("an-giang", Some("2024-Q2"));
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
    // And through the library, as the integrator's end-to-end test will call it.
    let site = example();
    let province = &site
        .provinces
        .values()
        .find(|p| p.slug.as_str() == "an-giang")
        .unwrap();
    let period = minhbach::model::Period::parse("2024-Q2").unwrap();
    let request = minhbach::template::Request {
        site,
        province,
        period: Some(&period),
    };
    let (one, _) = minhbach::template::workbook(request).unwrap();
    let (two, _) = minhbach::template::workbook(request).unwrap();
    assert_eq!(one, two);
}

#[test]
fn without_a_period_the_period_is_left_to_fill_and_the_file_named_after_the_province() {
    let site = common::site_from(&[]);
    let (stdout, stderr, code) = template_in(site.path(), &["alpha"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = site.path().join("data/alpha.xlsx");
    assert!(stdout.contains("data/alpha.xlsx"), "{stdout}");
    let (header, rows) = records(&sheet(&path, "Số liệu"));
    let period = column(&header, "period");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.get(period) == Some(&Data::Empty)));
    // With a period, the default file is named after both, under data/.
    let (stdout, stderr, code) = template_in(site.path(), &["alpha", "--period", "2024-H1"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(site.path().join("data/alpha-2024-h1.xlsx").is_file());
}

#[test]
fn refusals_say_why_in_vietnamese_then_english() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_root().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--root", root.as_str(), "--out", "t.xlsx"]);
        let (stdout, stderr, code) = template_in(dir.path(), &all);
        assert_eq!(code, 2, "{stdout}{stderr}");
        assert!(stdout.is_empty());
        stderr
    };
    let mut shown = String::new();
    for args in [
        &["an-gaing"][..],
        &["An Giang", "--lang", "en"],
        &["binh-dinh", "--period", "2025-Q3"],
        &["binh-dinh", "--period", "2025-Q3", "--lang", "en"],
        &["gia-lai-2025", "--period", "2025-H1"],
        &["an-giang", "--period", "2024-13"],
    ] {
        shown.push_str(&format!(
            "$ minhbach template {}\n{}\n",
            args.join(" "),
            run(args)
        ));
    }
    assert!(!dir.path().join("t.xlsx").exists(), "nothing is written");
    // An existing file is kept unless --force.
    std::fs::write(dir.path().join("t.xlsx"), "typed figures").unwrap();
    shown.push_str(&format!(
        "$ minhbach template an-giang\n{}",
        run(&["an-giang"])
    ));
    assert_eq!(
        std::fs::read(dir.path().join("t.xlsx")).unwrap(),
        b"typed figures"
    );
    insta::assert_snapshot!(shown);
    let (stdout, stderr, code) = template_in(
        dir.path(),
        &["an-giang", "--root", &root, "--out", "t.xlsx", "--force"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(std::fs::read(dir.path().join("t.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
}

#[test]
fn a_site_with_errors_is_reported_and_no_template_made() {
    // The template is made from the catalogue: a broken one is shown, nothing is written.
    let site = common::site_with(Some("catalogue_errors"));
    let (stdout, stderr, code) = template_in(site.path(), &["alpha", "--lang", "en"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("data/indicators.yaml:"), "{stderr}");
    assert!(
        stderr
            .contains("the template is made from the site's catalogue: fix the errors above first"),
        "{stderr}"
    );
    assert!(!site.path().join("data/alpha.xlsx").exists());
}

#[test]
fn the_reader_can_tell_which_columns_the_template_fills() {
    // What the table reader needs to skip a row left as the template wrote it.
    let figures: Vec<&str> =
        minhbach::template::prefilled_names(minhbach::template::FIGURE_COLUMNS).collect();
    assert_eq!(
        figures,
        [
            "province",
            "indicator",
            "indicator_label_vi",
            "unit",
            "scope",
            "group",
            "dimension",
            "member",
            "member_label_vi",
            "period"
        ]
    );
    let tasks: Vec<&str> =
        minhbach::template::prefilled_names(minhbach::template::TASK_COLUMNS).collect();
    assert!(tasks.contains(&"title_vi") && !tasks.contains(&"status"));
}

/// The workbook and the reader of `data/` agree on every column: the template writes only
/// columns the reader knows, the tasks sheet has exactly the reader's task columns, and a row
/// left as the template wrote it is one the reader skips.
#[test]
fn the_template_writes_the_columns_the_reader_reads() {
    use minhbach::load::table::columns::{IGNORED, READ};
    use minhbach::load::tables::{FIGURE_PREFILLED, TASK_COLUMNS, TASK_PREFILLED};
    let template = minhbach::template::FIGURE_COLUMNS;
    for c in template {
        assert!(
            READ.iter().any(|(n, _)| *n == c.name) || IGNORED.contains(&c.name),
            "the reader does not know the template's column `{}`",
            c.name
        );
    }
    for name in minhbach::template::prefilled_names(template) {
        assert!(
            FIGURE_PREFILLED.contains(&name) || IGNORED.contains(&name),
            "a template row left empty would not be skipped: `{name}` is not pre-filled for the reader"
        );
    }
    let mut tasks: Vec<&str> = minhbach::template::TASK_COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    let mut read = TASK_COLUMNS.to_vec();
    tasks.sort_unstable();
    read.sort_unstable();
    assert_eq!(tasks, read, "the tasks sheet's columns, in any order");
    for name in minhbach::template::prefilled_names(minhbach::template::TASK_COLUMNS) {
        assert!(TASK_PREFILLED.contains(&name), "`{name}`");
    }
}
