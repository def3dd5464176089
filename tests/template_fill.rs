//! The publishers' route end to end (issue 17): the workbook `minhbach template` writes for a
//! province, filled in as a publisher would and saved under `data/`, builds — with no figure
//! left in the province file — and gives the very figures the province file gave. The figures
//! are the example site's real ones (Đồng Tháp's April 2025 report); a broken cell of the
//! filled workbook is reported at its sheet and cell.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Reader};
use minhbach::model::{Figure, Observation, Qualifier};
use minhbach::site::opendata::columns::{machine_number, since_text};
use minhbach::site::opendata::printings;
use rust_xlsxwriter::Workbook;
use std::path::Path;

const PROVINCE: &str = "dong-thap";
const PERIOD: &str = "2025-04";

/// A copy of the example site.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(example.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for part in ["data", "content"] {
        common::copy_tree(&example.join(part), &dir.path().join(part));
    }
    dir
}

/// The cells a publisher types for `o`, by column name.
fn cells(o: &Observation) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let num = |x: f64| machine_number(x);
    match &o.figure {
        Figure::Value(v) => out.push(("value", num(*v))),
        Figure::Ratio {
            numerator,
            denominator,
            stated,
        } => {
            out.push(("numerator", num(*numerator)));
            out.push(("denominator", num(*denominator)));
            if let Some(s) = stated {
                out.push(("stated_rate", num(s.value)));
                out.push(("stated_decimals", s.decimals.to_string()));
            }
        }
        Figure::Stated(s) => {
            out.push(("stated_rate", num(s.value)));
            out.push(("stated_decimals", s.decimals.to_string()));
        }
        Figure::CountWithRate { value, stated } => {
            out.push(("value", num(*value)));
            out.push(("stated_rate", num(stated.value)));
            out.push(("stated_decimals", stated.decimals.to_string()));
        }
        Figure::NoCases => out.push(("state", "no_cases".into())),
        Figure::NotApplicable => out.push(("state", "not_applicable".into())),
    }
    if let Some(q) = o.qualifier {
        let q = match q {
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
        };
        out.push(("qualifier", q.into()));
    }
    if let Some(c) = o.change {
        out.push(("change", num(c)));
    }
    if let Some(d) = o.as_of {
        out.push(("as_of", d.to_string()));
    }
    if let Some(s) = o.since {
        out.push(("since", since_text(s)));
    }
    if let Some(s) = &o.source {
        out.push(("source", s.to_string()));
    }
    if let Some(n) = &o.note {
        out.push(("note_vi", n.vi.clone()));
        if let Some(en) = &n.en {
            out.push(("note_en", en.clone()));
        }
    }
    if let Some(why) = &o.over_100 {
        out.push(("over_100", why.clone()));
    }
    if !o.also_printed.is_empty() {
        out.push(("also_printed", printings::write(&o.also_printed)));
    }
    out
}

/// Fill the template at `path` with `figures` (as a publisher would, cell by cell: numbers in
/// number cells, the rest as text) and, when given, break the cell (`row`, `column`) with the
/// text `broken`.
fn fill(path: &Path, figures: &[Observation], broken: Option<(&str, &str, &str)>) -> usize {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book
        .worksheet_range(minhbach::template::FIGURES_SHEET)
        .unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut out = Workbook::new();
    let sheet = out.add_worksheet();
    sheet.set_name(minhbach::template::FIGURES_SHEET).unwrap();
    let mut filled = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut values: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        if r > 0 {
            let text = |name: &str| values[col(name)].clone();
            let (indicator, dimension, member) =
                (text("indicator"), text("dimension"), text("member"));
            let found = figures.iter().find(|o| {
                o.indicator.as_str() == indicator
                    && match &o.breakdown {
                        None => dimension.is_empty(),
                        Some((d, m)) => d.as_str() == dimension && m.as_str() == member,
                    }
            });
            if let Some(o) = found {
                for (name, value) in cells(o) {
                    values[col(name)] = value;
                }
                filled += 1;
            }
            if let Some((ind, column, text)) = broken {
                if indicator == ind && dimension.is_empty() {
                    values[col(column)] = text.to_string();
                }
            }
        }
        for (c, v) in values.iter().enumerate() {
            let numeric = [
                "value",
                "numerator",
                "denominator",
                "stated_rate",
                "stated_decimals",
                "change",
            ]
            .contains(&header[c].as_str());
            match v.parse::<f64>() {
                Ok(n) if numeric && r > 0 => sheet.write_number(r as u32, c as u16, n).unwrap(),
                _ if v.is_empty() => sheet,
                _ => sheet.write_string(r as u32, c as u16, v).unwrap(),
            };
        }
    }
    out.save(path).unwrap();
    filled
}

/// The province file without its figures.
fn strip_figures(root: &Path) {
    let path = root.join(format!("data/provinces/{PROVINCE}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_lowercase()) {
            skipping = line.starts_with("observations:");
        }
        if !skipping {
            out.push_str(line);
        }
    }
    assert!(out.len() < text.len());
    std::fs::write(&path, out).unwrap();
}

fn figures_of(checked: &minhbach::Checked) -> Vec<String> {
    let site = checked.site.as_ref().unwrap();
    let mut out: Vec<String> = site
        .observations
        .iter()
        .filter(|o| o.province.as_str() == PROVINCE)
        .map(|o| format!("{o:?}"))
        .collect();
    out.sort();
    out
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

    let written = minhbach::template::template(
        root,
        &minhbach::template::Options {
            province: PROVINCE.into(),
            period: Some(PERIOD.into()),
            out: None,
            force: false,
        },
    )
    .unwrap();
    strip_figures(root);
    let filled = fill(&written.path, &figures, None);
    assert_eq!(filled, figures.len(), "every figure has its template row");

    let after = minhbach::check(root).unwrap();
    let errors: Vec<String> = after
        .diagnostics
        .iter()
        .filter(|d| d.severity == minhbach::diagnostics::Severity::Error)
        .map(|d| format!("{}: {}", d.file, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(figures_of(&before), figures_of(&after));

    // The build shows them: the province page names a figure of the workbook.
    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = common::build(root, out.path(), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = std::fs::read_to_string(out.path().join(format!("provinces/{PROVINCE}/index.html")))
        .unwrap();
    assert!(
        page.contains("1,681") || page.contains("1.681"),
        "the province page shows 1,681 procedures"
    );
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
    let written = minhbach::template::template(
        root,
        &minhbach::template::Options {
            province: PROVINCE.into(),
            period: Some(PERIOD.into()),
            out: None,
            force: false,
        },
    )
    .unwrap();
    strip_figures(root);
    // The count of procedures typed the Vietnamese way, as text.
    fill(
        &written.path,
        &figures,
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
