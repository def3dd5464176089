//! The data downloads `build` writes (`data/`): on the example site, a file of each format for
//! every scope with figures, each CSV read back by the `csv` crate with one row per figure,
//! the JSON and the workbook (read by calamine) holding the same rows, the same bytes on a
//! second build; on a SYNTHETIC site of hostile strings, every text inert in every format
//! while negative numbers stay numbers; snapshots of a small CSV and of the data package.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{build, read_tree, site_from};
use minhbach::site::opendata::csv::{unguard, BOM};
use minhbach::site::opendata::{Kind, COLUMNS};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

type Tree = BTreeMap<String, Vec<u8>>;

/// The example site built once into a temporary folder: its files, and the validated site.
fn example() -> &'static (Tree, minhbach::model::Site) {
    static BUILT: OnceLock<(Tree, minhbach::model::Site)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        let (stdout, stderr, code) = build(root, &out.path().join("site"), &[]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        let files = read_tree(&out.path().join("site"));
        let site = minhbach::check(root).unwrap().site.unwrap();
        (files, site)
    })
}

fn built(overlays: &[&str]) -> (tempfile::TempDir, Tree) {
    let site = site_from(overlays);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let files = read_tree(&out);
    (site, files)
}

fn file<'a>(files: &'a Tree, path: &str) -> &'a [u8] {
    files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not written"))
}

/// The records of a CSV download, header first; fails unless it starts with the BOM.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(BOM).expect("the CSV starts with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn names() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_string()).collect()
}

/// Days from 1899-12-30 (Excel's day 0) to an ISO date.
fn excel_serial(iso: &str) -> f64 {
    let parts: Vec<i64> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    // Days from the civil date (Howard Hinnant's algorithm), relative to 1970-01-01.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 25_569) as f64
}

/// Each CSV row equals its JSON object: the same keys where the cell is not empty, text equal
/// once the CSV's formula guard is taken off, numbers equal as numbers.
fn assert_json_matches_csv(path: &str, csv: &[Vec<String>], json: &Value) {
    let figures = json["figures"].as_array().unwrap();
    assert_eq!(figures.len() + 1, csv.len(), "{path}: rows");
    for (i, (record, object)) in csv[1..].iter().zip(figures).enumerate() {
        let object = object.as_object().unwrap();
        for (column, cell) in COLUMNS.iter().zip(record) {
            let value = object.get(column.name);
            let at = format!("{path}: row {} column {}", i + 1, column.name);
            match (column.kind, value) {
                (_, None) => assert_eq!(cell, "", "{at}: absent from the JSON"),
                (Kind::Text | Kind::Date, Some(Value::String(s))) => {
                    assert_eq!(unguard(cell), s, "{at}")
                }
                (Kind::Number | Kind::Integer, Some(Value::Number(n))) => {
                    // serde_json's reader may round the last digit (without `float_roundtrip`).
                    let (a, b) = (cell.parse::<f64>().unwrap(), n.as_f64().unwrap());
                    assert!((a - b).abs() <= f64::EPSILON * a.abs(), "{at}: {a} ≠ {b}")
                }
                (Kind::Boolean, Some(Value::Bool(b))) => assert_eq!(cell, &b.to_string(), "{at}"),
                (_, Some(other)) => panic!("{at}: {other} for a {:?} cell", column.kind),
            }
        }
        assert!(
            object.keys().all(|k| COLUMNS.iter().any(|c| c.name == k)),
            "{path}: a key that is no column"
        );
    }
}

/// The first figures sheet of a workbook equals the CSV: strings for text (never a formula),
/// numbers for numbers, dates for dates.
fn assert_xlsx_matches_csv(path: &str, csv: &[Vec<String>], bytes: &[u8]) {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(
        sheets,
        [
            "Số liệu (figures)",
            "Chỉ tiêu (indicators)",
            "Nguồn (sources)"
        ],
        "{path}"
    );
    let formulas = book.worksheet_formula("Số liệu (figures)").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{path}: a formula"
    );
    let sheet = book.worksheet_range("Số liệu (figures)").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), csv.len(), "{path}: rows");
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header, names(), "{path}: header");
    for (i, (record, row)) in csv[1..].iter().zip(&rows[1..]).enumerate() {
        for (c, (column, cell)) in COLUMNS.iter().zip(record).enumerate() {
            let at = format!("{path}: row {} column {}", i + 1, column.name);
            let data = row.get(c).cloned().unwrap_or(Data::Empty);
            match (column.kind, &data) {
                (_, Data::Empty) => assert_eq!(cell, "", "{at}: empty in the workbook"),
                (Kind::Text, Data::String(s)) => assert_eq!(unguard(cell), s, "{at}"),
                (Kind::Number | Kind::Integer, Data::Float(x)) => {
                    assert_eq!(cell.parse::<f64>().ok(), Some(*x), "{at}")
                }
                (Kind::Date, Data::DateTime(d)) => {
                    assert_eq!(d.as_f64(), excel_serial(cell), "{at}")
                }
                (Kind::Boolean, Data::Bool(b)) => assert_eq!(cell, &b.to_string(), "{at}"),
                (kind, other) => panic!("{at}: {other:?} for a {kind:?} cell"),
            }
        }
    }
}

#[test]
fn the_example_site_has_every_download_with_one_row_per_figure() {
    let (files, site) = example();
    // The scopes, counted from the validated site rather than from the writer's own list.
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    *expected.entry("figures".into()).or_default() += 0;
    for o in &site.observations {
        *expected.entry("figures".into()).or_default() += 1;
        *expected
            .entry(format!("provinces/{}", o.province))
            .or_default() += 1;
        *expected
            .entry(format!("indicators/{}", o.indicator))
            .or_default() += 1;
        *expected
            .entry(format!("reports/{}/{}", o.province, o.period.slug()))
            .or_default() += 1;
    }
    let reports = expected
        .keys()
        .filter(|k| k.starts_with("reports/"))
        .count();
    let provinces = expected
        .keys()
        .filter(|k| k.starts_with("provinces/"))
        .count();
    let indicators = expected
        .keys()
        .filter(|k| k.starts_with("indicators/"))
        .count();
    assert_eq!(
        (reports, provinces),
        (4, 4),
        "the four reports, the four units with figures"
    );
    assert!(indicators > 150, "{indicators} indicators with figures");
    let mut want: BTreeSet<String> = BTreeSet::new();
    for (scope, rows) in &expected {
        let workbook = scope == "figures" || scope.starts_with("provinces/");
        let formats: &[&str] = if workbook {
            &["csv", "json", "xlsx"]
        } else {
            &["csv", "json"]
        };
        for ext in formats {
            want.insert(format!("data/{scope}.{ext}"));
        }
        let path = format!("data/{scope}.csv");
        let records = csv_records(file(files, &path));
        assert_eq!(records[0], names(), "{path}: header");
        assert_eq!(records.len() - 1, *rows, "{path}: one row per figure");
        assert!(records.iter().all(|r| r.len() == COLUMNS.len()), "{path}");
        let json_path = format!("data/{scope}.json");
        let json: Value = serde_json::from_slice(file(files, &json_path)).unwrap();
        assert_json_matches_csv(&json_path, &records, &json);
        // `about` names the page that shows the scope, in each language, and it is built.
        for lang in ["vi", "en"] {
            let url = json["about"]["pages"][lang].as_str().unwrap();
            let page = url.strip_prefix("https://example.org/").unwrap();
            let index = format!("{page}index.html");
            assert!(files.contains_key(&index), "{json_path}: {url}");
            let expected = match scope.split_once('/') {
                None => "",
                Some(("provinces", p)) => &format!("provinces/{p}/"),
                Some(("indicators", i)) => &format!("indicators/{i}/"),
                Some((_, r)) => &format!("reports/{r}/"),
            };
            let expected = if lang == "en" {
                format!("en/{expected}")
            } else {
                expected.to_string()
            };
            assert_eq!(page, expected, "{json_path}");
        }
        if workbook {
            let xlsx = format!("data/{scope}.xlsx");
            assert_xlsx_matches_csv(&xlsx, &records, file(files, &xlsx));
        }
    }
    for extra in ["datapackage.json", "figures.schema.json", "all-data.zip"] {
        want.insert(format!("data/{extra}"));
    }
    let written: BTreeSet<String> = files
        .keys()
        // The Data page (`data/index.html`) lives beside the files; it is a page, not a download.
        .filter(|p| p.starts_with("data/") && !p.ends_with(".html"))
        .cloned()
        .collect();
    assert_eq!(written, want, "the data files");
    // The units formed in 2025 report no figure yet: no file, no empty file.
    assert!(!files.contains_key("data/provinces/dong-thap-2025.csv"));
}

#[test]
fn the_zip_holds_every_data_file_byte_for_byte() {
    let (files, _) = example();
    let zip = file(files, "data/all-data.zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut inside = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let method = match entry.name().unwrap().ends_with(".xlsx") {
            true => zip::CompressionMethod::Stored,
            false => zip::CompressionMethod::Deflated,
        };
        assert_eq!(entry.compression(), method);
        assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
        assert_eq!(entry.unix_mode(), Some(0o100644));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        inside.insert(entry.name().unwrap().to_string(), bytes);
    }
    let names: Vec<&String> = inside.keys().collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let data: BTreeMap<String, Vec<u8>> = files
        .iter()
        .filter(|(p, _)| p.starts_with("data/") && !p.ends_with(".html"))
        .filter(|(p, _)| p.as_str() != "data/all-data.zip")
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    assert_eq!(inside, data);
}

#[test]
fn two_builds_write_the_same_data_bytes() {
    let (files, _) = example();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = build(root, &out.path().join("again"), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let again = read_tree(&out.path().join("again"));
    let data = |t: &Tree| -> Tree {
        t.iter()
            .filter(|(p, _)| p.starts_with("data/") && !p.ends_with(".html"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let (first, second) = (data(files), data(&again));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second.get(path) == Some(bytes), "{path} differs");
    }
}

/// The starts of text that a spreadsheet runs.
fn runs_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn hostile_text_comes_out_inert_in_every_format() {
    let (_site, files) = built(&["downloads_hostile"]);
    let path = "data/provinces/gamma.csv";
    let records = csv_records(file(&files, path));
    assert_eq!(records.len(), 3, "{records:?}");
    let mut guarded = 0;
    for record in &records[1..] {
        for (column, cell) in COLUMNS.iter().zip(record) {
            match column.kind {
                Kind::Text => {
                    assert!(!runs_as_formula(cell), "{}: {cell:?} runs", column.name);
                    guarded += usize::from(cell.starts_with('\''));
                }
                _ => assert!(!cell.starts_with('\''), "{}: {cell:?}", column.name),
            }
        }
    }
    assert!(guarded >= 14, "{guarded} guarded cells");
    // The name with a comma, quotes and a line break is one field, read back whole.
    assert_eq!(records[1][3], "'+Gamma, \"quoted\"\nsecond line");
    // Negative numbers stay numbers; a text "-1/BC-UBND" does not.
    let at = |name: &str| COLUMNS.iter().position(|c| c.name == name).unwrap();
    assert_eq!(records[1][at("change")], "-12");
    assert_eq!(records[2][at("change")], "-3.5");
    assert_eq!(records[2][at("source_number")], "'-1/BC-UBND");
    assert_eq!(records[1][at("note_vi")], "''=already quoted");

    let json_path = "data/provinces/gamma.json";
    let raw = std::str::from_utf8(file(&files, json_path)).unwrap();
    for bad in ["<", ">", "\u{2028}", "\u{2029}"] {
        assert!(!raw.contains(bad), "{json_path}: raw {bad:?}");
    }
    let json: Value = serde_json::from_str(raw).unwrap();
    assert_json_matches_csv(json_path, &records, &json);
    assert_eq!(
        json["figures"][1]["source_issuer_vi"],
        "UBND </script><script>alert(1)</script>"
    );
    assert_eq!(json["figures"][1]["change"], -3.5);
    assert_eq!(
        json["indicators"]["online-rate"]["label"]["en"],
        "-Applications filed online </script>"
    );

    let xlsx = "data/provinces/gamma.xlsx";
    assert_xlsx_matches_csv(xlsx, &records, file(&files, xlsx));
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(file(&files, xlsx))).unwrap();
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}"
        );
    }
    let figures = book.worksheet_range("Số liệu (figures)").unwrap();
    assert_eq!(
        figures.get((1, at("province_name_vi"))),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"Gamma\")".into()
        ))
    );
    assert_eq!(figures.get((2, at("change"))), Some(&Data::Float(-3.5)));
}

#[test]
fn a_small_csv_and_the_data_package_are_as_reviewed() {
    let (_site, files) = built(&[]);
    let csv = String::from_utf8(file(&files, "data/reports/alpha/2025-04.csv").to_vec()).unwrap();
    insta::assert_snapshot!("report_csv", csv);
    let package = String::from_utf8(file(&files, "data/datapackage.json").to_vec()).unwrap();
    insta::assert_snapshot!("datapackage", package);
    let schema: Value = serde_json::from_slice(file(&files, "data/figures.schema.json")).unwrap();
    let fields: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields, names());
}
