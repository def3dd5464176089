//! Filling the workbook `minhbach template` writes, as a publisher would: the figures of a
//! site's model typed into their rows, tasks into the tasks sheet.

use calamine::{Data, Reader};
use minhbach::model::{Figure, Observation, Qualifier};
use minhbach::site::opendata::columns::{machine_number, since_text};
use minhbach::site::opendata::printings;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// The cells a publisher types for `o`, by column name.
pub fn cells(o: &Observation) -> Vec<(&'static str, String)> {
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
    if let Some(c) = o.change() {
        out.push(("change", num(c)));
    }
    if let Some(d) = o.as_of() {
        out.push(("as_of", d.to_string()));
    }
    if let Some(s) = o.since {
        out.push(("since", since_text(s)));
    }
    if let Some(s) = &o.source {
        out.push(("source", s.to_string()));
    }
    if let Some(n) = o.note() {
        out.push(("note_vi", n.vi.clone()));
        if let Some(en) = &n.en {
            out.push(("note_en", en.clone()));
        }
    }
    if let Some(why) = o.over_100() {
        out.push(("over_100", why.to_string()));
    }
    if !o.also_printed().is_empty() {
        out.push(("also_printed", printings::write(o.also_printed())));
    }
    out
}

/// Fill the template at `path` with `figures` and `tasks` (each task as the cells of its row,
/// by column name), as a publisher would, cell by cell: numbers in number cells, the rest as
/// text. When given, `broken` = (indicator, column, text) types `text` in that cell of the
/// indicator's row. Returns the number of figure rows filled.
pub fn fill(
    path: &Path,
    figures: &[Observation],
    tasks: &[Vec<(String, String)>],
    broken: Option<(&str, &str, &str)>,
) -> usize {
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
    if !tasks.is_empty() {
        let range = book
            .worksheet_range(minhbach::template::TASKS_SHEET)
            .unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let sheet = out.add_worksheet();
        sheet.set_name(minhbach::template::TASKS_SHEET).unwrap();
        for (c, name) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, name).unwrap();
        }
        for (r, task) in tasks.iter().enumerate() {
            for (name, value) in task {
                let c = header
                    .iter()
                    .position(|h| h == name)
                    .unwrap_or_else(|| panic!("no column {name}"));
                sheet.write_string(r as u32 + 1, c as u16, value).unwrap();
            }
        }
    }
    out.save(path).unwrap();
    filled
}

/// The province file of `province` without its figures.
pub fn strip_figures(root: &Path, province: &str) {
    let path = root.join(format!("data/provinces/{province}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let out = without_observations(&text);
    assert!(out.len() < text.len());
    std::fs::write(&path, out).unwrap();
}

/// `text` (a province file) without its `observations:` section.
pub fn without_observations(text: &str) -> String {
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
    out
}

/// `minhbach::check` of `root`, which must find no error (the errors listed otherwise).
pub fn checked_without_errors(root: &Path) -> minhbach::Checked {
    let checked = minhbach::check(root).unwrap();
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == minhbach::diagnostics::Severity::Error)
        .map(|d| format!("{}: {}", d.file, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked
}

/// The workbook `minhbach template` writes for `province` and `period` under `root`.
pub fn template(root: &Path, province: &str, period: &str) -> std::path::PathBuf {
    minhbach::template::template(
        root,
        &minhbach::template::Options {
            province: province.into(),
            period: Some(period.into()),
            out: None,
            force: false,
        },
    )
    .unwrap()
    .path
}

/// Copy the example site (settings, data, narratives) into `to`.
pub fn copy_example(to: &Path) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(example.join("site.yaml"), to.join("site.yaml")).unwrap();
    for part in ["data", "content"] {
        super::copy_tree(&example.join(part), &to.join(part));
    }
}

/// The figures of `province` in a validated site, as sorted comparable texts.
pub fn figures_of(site: &minhbach::model::Site, province: &str) -> Vec<String> {
    let mut out: Vec<String> = site
        .observations
        .iter()
        .filter(|o| o.province.as_str() == province)
        .map(|o| format!("{o:?}"))
        .collect();
    out.sort();
    out
}

/// `new report` for Bình Định's report 117/BC-UBND of 5 July 2024 (seed 002), as the example
/// site lists it.
pub const BINH_DINH_H1: &[&str] = &[
    "binh-dinh",
    "2024-H1",
    "--file",
    "002_c644fca4e10ebbf9.txt",
    "--number",
    "117/BC-UBND",
    "--issued",
    "2024-07-05",
    "--issuer-vi",
    "Ủy ban nhân dân tỉnh Bình Định",
    "--issuer-en",
    "Binh Dinh Provincial People's Committee",
];
