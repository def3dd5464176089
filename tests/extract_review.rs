//! Issue 18's last test: Bình Định's report (`../shared/seeds/002_…txt`) through `minhbach
//! extract`, reviewed, saved under `data/`, passes `check` and builds.
//!
//! The review is the one a publisher does, with the example site's hand transcription of the
//! same report (`data/provinces/binh-dinh.yaml`, every value citing its line) standing in for
//! the publisher's reading of it:
//! - a row of the draft's `Số liệu` sheet is **kept unchanged** when it is entirely right: the
//!   indicator the hand transcription files the figure under, on a line it cites, with the same
//!   numbers, as-of day, start and qualifier, and nothing the workbook row cannot say (a
//!   breakdown, a rate over 100 % explained);
//! - every other row is **deleted**;
//! - the figures the draft did not give right are the ones the publisher types: here they stay
//!   in the province file, as the hand transcription wrote them, and the kept ones leave it
//!   (each figure is in one place only, or `check` refuses the site);
//! - the appendix's tasks come from the draft's `Nhiệm vụ` sheet, a status the hand
//!   transcription reads differently corrected in its cell; the province file's tasks leave it.
//!
//! The test prints the tally (rows kept, deleted, typed; statuses corrected) and fails when the
//! reviewed site does not check or build, or when the draft gives right fewer than half of the
//! report's figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Reader, Xlsx};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const REPORT: &str = "002_c644fca4e10ebbf9.txt";
const HAND: &str = "data/provinces/binh-dinh.yaml";
const PERIOD: &str = "2024-H1";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> PathBuf {
    match std::env::var_os("MINHBACH_SEEDS") {
        Some(dir) => PathBuf::from(dir),
        None => repo().join("../shared/seeds"),
    }
}

/// A sheet as read back: its header and its rows, each cell as calamine gives it.
struct Sheet {
    name: String,
    rows: Vec<Vec<Data>>,
}

impl Sheet {
    fn column(&self, name: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no column {name} on {}", self.name))
    }
}

fn text(cell: Option<&Data>) -> String {
    cell.map(|c| c.to_string()).unwrap_or_default()
}

fn number(cell: Option<&Data>) -> Option<f64> {
    match cell? {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::String(s) if !s.trim().is_empty() => Some(
            s.trim()
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {s}")),
        ),
        _ => None,
    }
}

/// The report lines a `source` cites: `(L66)`, `(L32–L34)`, several per source.
fn cited_lines(source: &str) -> BTreeSet<u32> {
    let mut lines = BTreeSet::new();
    for part in source.split("(L").skip(1) {
        let inside = part.split(')').next().unwrap_or("");
        let ends: Vec<u32> = inside
            .split(['–', '-'])
            .filter_map(|e| e.trim().trim_start_matches('L').parse().ok())
            .collect();
        match ends[..] {
            [one] => {
                lines.insert(one);
            }
            [from, to] => lines.extend(from..=to),
            _ => {}
        }
    }
    lines
}

/// One figure of the hand transcription.
#[derive(Debug)]
struct Hand {
    numbers: [Option<f64>; 4],
    anchors: [Option<String>; 3],
    lines: BTreeSet<u32>,
    /// A breakdown or an explained rate over 100 %: more than one workbook row says.
    beyond_a_row: bool,
}

fn field(v: &Value, key: &str) -> Option<Value> {
    v.as_mapping()?.get(key).cloned()
}

fn as_text(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn hand_figures(province: &Value) -> BTreeMap<String, Hand> {
    let mut out = BTreeMap::new();
    for block in field(province, "observations")
        .and_then(|o| o.as_sequence().cloned())
        .unwrap()
    {
        assert_eq!(as_text(field(&block, "period")).as_deref(), Some(PERIOD));
        let block_source = as_text(field(&block, "source")).unwrap_or_default();
        for (indicator, v) in field(&block, "values").unwrap().as_mapping().unwrap() {
            let indicator = indicator.as_str().unwrap().to_string();
            let num = |key: &str| match key {
                "value" if v.is_number() => v.as_f64(),
                _ => field(v, key).and_then(|n| n.as_f64()),
            };
            let source = as_text(field(v, "source")).unwrap_or_else(|| block_source.clone());
            let hand = Hand {
                numbers: [
                    num("value"),
                    num("numerator"),
                    num("denominator"),
                    num("stated"),
                ],
                anchors: [
                    as_text(field(v, "as_of")),
                    as_text(field(v, "since")),
                    as_text(field(v, "qualifier")),
                ],
                lines: cited_lines(&source),
                beyond_a_row: field(v, "by").is_some() || field(v, "over_100").is_some(),
            };
            assert!(out.insert(indicator, hand).is_none());
        }
    }
    out
}

/// The draft row is what the hand transcription says, entirely.
fn entirely_right(figures: &Sheet, row: &[Data], hand: &Hand) -> bool {
    let cell = |name: &str| row.get(figures.column(name));
    let line = cited_lines(&text(cell("source")));
    let numbers = ["value", "numerator", "denominator", "stated_rate"].map(|c| number(cell(c)));
    // A workbook may write `at_least` for `at-least`, as the downloads do.
    let anchors = ["as_of", "since", "qualifier"]
        .map(|c| Some(text(cell(c)).replace('_', "-")).filter(|t| !t.is_empty()));
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    !hand.beyond_a_row
        && text(cell("member")).is_empty()
        && text(cell("period")) == PERIOD
        && !line.is_empty()
        && line.is_subset(&hand.lines)
        && numbers.iter().zip(&hand.numbers).all(|(a, b)| same(*a, *b))
        && anchors == hand.anchors
}

/// The province file without the values of `moved` (and without a block left empty) and
/// without its tasks.
fn without(yaml: &str, moved: &BTreeSet<String>) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let significant = |l: &str| !l.trim().is_empty();
    // Drop each moved value: its line and every deeper line after it.
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let name = l.trim_start().split(':').next().unwrap_or("");
        if indent(l) == 6 && significant(l) && moved.contains(name) {
            i += 1;
            while i < lines.len() && (!significant(lines[i]) || indent(lines[i]) > 6) {
                i += 1;
            }
            continue;
        }
        if l == "tasks:" {
            break;
        }
        kept.push(l);
        i += 1;
    }
    // Drop the blocks whose `values:` are now empty.
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        if kept[i].starts_with("  - period:") {
            let end = (i + 1..kept.len())
                .find(|&j| significant(kept[j]) && indent(kept[j]) <= 2)
                .unwrap_or(kept.len());
            let has_values = kept[i..end]
                .iter()
                .any(|l| significant(l) && indent(l) == 6 && !l.trim_start().starts_with('#'));
            if !has_values {
                i = end;
                continue;
            }
        }
        out.push(kept[i]);
        i += 1;
    }
    out.join("\n") + "\n"
}

fn read_sheets(path: &Path) -> Vec<Sheet> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            Sheet { name, rows }
        })
        .collect()
}

fn write_sheets(path: &Path, sheets: &[Sheet]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    other => {
                        ws.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn the_binh_dinh_draft_once_reviewed_builds() {
    let report = seeds().join(REPORT);
    assert!(
        report.is_file(),
        "{} is missing: the seeds sit beside the project",
        report.display()
    );
    let site = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    for part in ["data", "content", "themes"] {
        common::copy_tree(&repo().join(part), &site.path().join(part));
    }
    let root = site.path().to_string_lossy().into_owned();
    let draft = site.path().join("draft.xlsx");
    let (out, err, code) = common::run(&[
        "extract",
        &report.to_string_lossy(),
        "--root",
        &root,
        "--out",
        &draft.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("binh-dinh") && out.contains(PERIOD), "{out}");

    let hand_text = std::fs::read_to_string(repo().join(HAND)).unwrap();
    let province: Value = serde_yaml::from_str(&hand_text).unwrap();
    let hand = hand_figures(&province);

    let mut sheets = read_sheets(&draft);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Số liệu", "Nhiệm vụ", "Đề xuất", "Chưa khớp"]);

    // The figures: keep the rows that are entirely right, delete the others.
    let figures = &sheets[0];
    let indicator = figures.column("indicator");
    let drafted = figures.rows.len() - 1;
    let mut moved = BTreeSet::new();
    let mut rows = vec![figures.rows[0].clone()];
    for row in &figures.rows[1..] {
        let id = text(row.get(indicator));
        if let Some(h) = hand.get(&id) {
            if entirely_right(figures, row, h) {
                moved.insert(id);
                rows.push(row.clone());
            }
        }
    }
    sheets[0].rows = rows;

    // The tasks: the draft's, a status read differently corrected.
    let hand_tasks: BTreeMap<String, String> = field(&province, "tasks")
        .and_then(|t| t.as_sequence().cloned())
        .unwrap()
        .iter()
        .map(|t| {
            (
                as_text(field(t, "id")).unwrap(),
                as_text(field(t, "status")).unwrap(),
            )
        })
        .collect();
    let tasks = &mut sheets[1];
    let (task, status) = (tasks.column("task"), tasks.column("status"));
    let mut corrected = Vec::new();
    let mut ids = BTreeSet::new();
    for row in tasks.rows.iter_mut().skip(1) {
        let id = text(row.get(task));
        let right = hand_tasks
            .get(&id)
            .unwrap_or_else(|| panic!("the draft has a task {id} the report does not"));
        if text(row.get(status)) != *right {
            corrected.push(format!("{id}: {} → {right}", text(row.get(status))));
            row[status] = Data::String(right.clone());
        }
        ids.insert(id);
    }
    assert_eq!(
        ids.len(),
        hand_tasks.len(),
        "the draft misses tasks of the appendix"
    );

    let reviewed = site.path().join("data/binh-dinh-2024-h1.xlsx");
    write_sheets(&reviewed, &sheets);
    std::fs::remove_file(&draft).unwrap();
    std::fs::write(site.path().join(HAND), without(&hand_text, &moved)).unwrap();

    let typed: Vec<&String> = hand.keys().filter(|k| !moved.contains(*k)).collect();
    println!(
        "Bình Định 2024-H1, reviewed: of {drafted} rows on `Số liệu`, {} kept unchanged and {} deleted; \
         of the report's {} figures, {} typed by the reviewer ({}); {} tasks, {} statuses corrected ({})",
        moved.len(),
        drafted - moved.len(),
        hand.len(),
        typed.len(),
        typed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        ids.len(),
        corrected.len(),
        corrected.join("; "),
    );

    let (out, err, code) = common::run(&["check", "--root", &root, "--lang", "en"]);
    assert_eq!(code, 0, "the reviewed draft does not check:\n{out}{err}");
    let dest = site.path().join("public");
    let (out, err, code) = common::run(&[
        "build",
        "--root",
        &root,
        "--output",
        &dest.to_string_lossy(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "the reviewed draft does not build:\n{out}{err}");
    // The page cites the reviewed workbook's figures by the report's line.
    let page = std::fs::read_to_string(dest.join("en/provinces/binh-dinh/index.html")).unwrap();
    assert!(page.contains("(L"), "no figure cites its line");
    assert!(
        2 * moved.len() >= hand.len(),
        "the draft gives right only {} of the report's {} figures",
        moved.len(),
        hand.len()
    );
}
