//! The draft `extract` writes: a workbook in the form `minhbach template` writes and `check`
//! reads (the figures sheet `Số liệu` with the template's columns, the tasks sheet `Nhiệm vụ`),
//! plus two sheets for the review that the site does not read: `Đề xuất` (every figure matched,
//! its sentence and the three best indicators with their scores) and `Chưa khớp` (the figures
//! no indicator fits, so that nothing is dropped silently). Or the same content as YAML or JSON.
//!
//! Every row keeps its source: the report's file and line (`002_….txt (L66)`). The same
//! report and site give the same bytes (the workbook's date is fixed, as the template's).

use super::candidates::{Candidate, Kind};
use super::matching::Proposal;
use super::tasks::TaskRow;
use super::Draft;
use crate::import::emit::{quote, Node};
use crate::model::{Indicator, Slug, Unit};
use crate::template::{FIGURES_SHEET, FIGURE_COLUMNS, TASKS_SHEET, TASK_COLUMNS};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The sheet of the figures matched, with their sentence and proposals.
pub const PROPOSALS_SHEET: &str = "Đề xuất";
/// The sheet of the figures no indicator fits.
pub const UNMATCHED_SHEET: &str = "Chưa khớp";

/// A cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// `file (Lnn)`: where a figure was read.
pub fn source(file: &str, line: usize) -> String {
    format!("{file} (L{line})")
}

/// The decimals to keep in `stated_decimals`: only when the printed rate ends in a zero that
/// a number cell would drop (`80,10`).
fn trailing_zero_decimals(value: f64, decimals: u32) -> Option<f64> {
    let printed = format!("{value:.*}", decimals as usize);
    (decimals > 0 && printed.ends_with('0')).then_some(decimals as f64)
}

/// The cells of the figures sheet for a matched figure, by column name.
pub fn figure_cells(
    draft: &Draft,
    c: &Candidate,
    indicator: &Indicator,
    member: Option<&(Slug, Slug)>,
) -> BTreeMap<&'static str, Cell> {
    let mut row: BTreeMap<&'static str, Cell> = BTreeMap::new();
    let text = |s: &str| Cell::Text(s.to_string());
    if let Some(p) = &draft.province {
        row.insert("province", text(p.as_str()));
    }
    row.insert("indicator", text(indicator.id.as_str()));
    row.insert("indicator_label_vi", text(&indicator.label.vi));
    row.insert("unit", text(indicator.unit.id()));
    row.insert("scope", text(indicator.scope.id()));
    row.insert("group", text(indicator.group.as_str()));
    if let Some((dimension, member)) = member {
        row.insert("dimension", text(dimension.as_str()));
        row.insert("member", text(member.as_str()));
    }
    if let Some(p) = &draft.period {
        row.insert("period", text(p));
    }
    let percent = indicator.unit == Unit::Percent;
    match c.kind {
        Kind::Ratio => {
            if let (Some(x), Some(y)) = (c.numerator, c.denominator) {
                row.insert("numerator", Cell::Number(x));
                row.insert("denominator", Cell::Number(y));
            }
        }
        Kind::NoCases => {
            row.insert("state", text("no_cases"));
        }
        Kind::Rate => {}
        Kind::Count if percent && c.stated.is_some() => {}
        Kind::Count | Kind::Money => {
            if let Some(v) = c.value {
                row.insert("value", Cell::Number(v));
            }
        }
    }
    if let Some(s) = c.stated {
        row.insert("stated_rate", Cell::Number(s.value));
        if let Some(d) = trailing_zero_decimals(s.value, s.decimals) {
            row.insert("stated_decimals", Cell::Number(d));
        }
    }
    if let Some(q) = c.qualifier {
        row.insert("qualifier", text(q.id()));
    }
    if let Some(ch) = c.change {
        row.insert("change", Cell::Number(ch));
    }
    if let Some(d) = c.as_of {
        row.insert("as_of", text(&d.to_string()));
    }
    if let Some(s) = &c.since {
        row.insert("since", text(s));
    }
    row.insert("source", text(&source(&draft.file, c.line)));
    row
}

/// The columns of the review sheets (not data: no `province` nor `indicator` header, so the
/// site's table reader passes them by).
pub const REVIEW_COLUMNS: &[&str] = &[
    "dòng",
    "trên trang Số liệu",
    "số liệu in",
    "loại",
    "giá trị",
    "tử số",
    "mẫu số",
    "tỷ lệ ghi",
    "tỷ lệ khớp X/Y",
    "đơn vị",
    "tính đến",
    "từ",
    "lũy kế",
    "kỳ",
    "đề xuất 1",
    "điểm 1",
    "đề xuất 2",
    "điểm 2",
    "đề xuất 3",
    "điểm 3",
    "câu",
];

/// The cells of a review row, in [`REVIEW_COLUMNS`] order; `kept` says whether the figure is
/// the row of its indicator on the figures sheet (none for an unmatched figure).
pub fn review_cells(
    c: &Candidate,
    proposals: &[Proposal],
    kept: Option<bool>,
) -> Vec<Option<Cell>> {
    let text = |s: &str| Some(Cell::Text(s.to_string())).filter(|_| !s.is_empty());
    let number = |x: Option<f64>| x.map(Cell::Number);
    let proposal = |i: usize| proposals.get(i);
    let mut cells = vec![
        Some(Cell::Number(c.line as f64)),
        kept.and_then(|k| {
            text(if k {
                "có"
            } else {
                "không (trùng chỉ tiêu)"
            })
        }),
        text(&c.printed),
        text(c.kind.id()),
        number(c.value.filter(|_| c.kind != Kind::Rate)),
        number(c.numerator),
        number(c.denominator),
        number(c.stated.map(|s| s.value)),
        c.agrees
            .and_then(|a| text(if a { "khớp" } else { "KHÔNG KHỚP" })),
        text(&c.unit_noun),
        c.as_of.and_then(|d| text(&d.to_string())),
        c.since.as_deref().and_then(text),
        text(if c.cumulative { "có" } else { "" }),
        c.period.as_deref().and_then(text),
    ];
    for i in 0..3 {
        cells.push(proposal(i).and_then(|p| text(p.indicator.as_str())));
        cells.push(proposal(i).map(|p| Cell::Number((p.score * 100.0).round() / 100.0)));
    }
    cells.push(text(&c.sentence));
    cells
}

/// The cells of the tasks sheet for one row of the appendix.
pub fn task_cells(draft: &Draft, t: &TaskRow) -> BTreeMap<&'static str, Cell> {
    let mut row = BTreeMap::new();
    let mut put = |k: &'static str, v: &str| {
        if !v.is_empty() {
            row.insert(k, Cell::Text(v.to_string()));
        }
    };
    put("province", draft.province.as_ref().map_or("", Slug::as_str));
    put("task", &t.number);
    put("title_vi", &t.title);
    put("owner_vi", &t.owner);
    put("directive_vi", &t.directive);
    put("due", &t.due);
    put("as_of", draft.period.as_deref().unwrap_or(""));
    put("status", t.status.unwrap_or(""));
    put("result_vi", &t.result);
    put(
        "source",
        &format!("{} Phụ lục, dòng {} (L{})", draft.file, t.number, t.line),
    );
    row
}

fn col(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn row_index(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn write_cell(sheet: &mut Worksheet, r: u32, c: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
        Cell::Number(x) => sheet.write_number(r, c, *x).map(|_| ()),
    }
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col(i)?, *name, bold)?;
        sheet.set_column_width(col(i)?, (name.chars().count() + 4).max(10) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A sheet of rows keyed by column name, in the column order of `names`.
fn keyed_sheet(
    sheet: &mut Worksheet,
    names: &[&str],
    rows: &[BTreeMap<&'static str, Cell>],
    bold: &Format,
) -> Result<(), XlsxError> {
    header(sheet, names, bold)?;
    for (r, row) in rows.iter().enumerate() {
        for (i, name) in names.iter().enumerate() {
            if let Some(cell) = row.get(name) {
                write_cell(sheet, row_index(r + 1)?, col(i)?, cell)?;
            }
        }
    }
    Ok(())
}

fn review_sheet(
    sheet: &mut Worksheet,
    rows: &[Vec<Option<Cell>>],
    bold: &Format,
) -> Result<(), XlsxError> {
    header(sheet, REVIEW_COLUMNS, bold)?;
    for (r, row) in rows.iter().enumerate() {
        for (i, cell) in row.iter().enumerate() {
            if let Some(cell) = cell {
                write_cell(sheet, row_index(r + 1)?, col(i)?, cell)?;
            }
        }
    }
    sheet.set_column_width(col(REVIEW_COLUMNS.len() - 1)?, 100)?;
    Ok(())
}

/// A breakdown member: (dimension, member).
type MemberOf = (Slug, Slug);

/// The indicator (and member) a figure is put under, and how well it fits.
type Placed<'a> = (&'a Indicator, Option<&'a MemberOf>, f64);

/// The draft as a workbook.
pub fn workbook(
    draft: &Draft,
    indicators: &BTreeMap<Slug, Indicator>,
) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Bản nháp số liệu: {}", draft.file))
            .set_creation_datetime(&created),
    );
    let names: Vec<&str> = FIGURE_COLUMNS.iter().map(|c| c.name).collect();
    let chosen: Vec<Option<Placed>> = draft
        .figures
        .iter()
        .map(|f| {
            let best = f.matched.then(|| f.proposals.first()).flatten()?;
            Some((
                indicators.get(&best.indicator)?,
                best.member.as_ref(),
                best.score,
            ))
        })
        .collect();
    // One row per indicator (and member) on the figures sheet, as the site files one figure per
    // period: the figure it fits best; the others stay on the proposals sheet for the review.
    let mut best_of: BTreeMap<(&Slug, Option<&MemberOf>), (usize, f64)> = BTreeMap::new();
    for (i, c) in chosen.iter().enumerate() {
        if let Some((indicator, member, score)) = c {
            let slot = best_of
                .entry((&indicator.id, *member))
                .or_insert((i, *score));
            if *score > slot.1 {
                *slot = (i, *score);
            }
        }
    }
    let mut figures = Vec::new();
    let mut proposals = Vec::new();
    let mut unmatched = Vec::new();
    for (i, (f, c)) in draft.figures.iter().zip(&chosen).enumerate() {
        match c {
            Some((indicator, member, _)) => {
                let kept = best_of.get(&(&indicator.id, *member)).map(|b| b.0) == Some(i);
                if kept {
                    figures.push(figure_cells(draft, &f.candidate, indicator, *member));
                }
                proposals.push(review_cells(&f.candidate, &f.proposals, Some(kept)));
            }
            None => unmatched.push(review_cells(&f.candidate, &f.proposals, None)),
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(FIGURES_SHEET)?;
    keyed_sheet(sheet, &names, &figures, &bold)?;
    let task_names: Vec<&str> = TASK_COLUMNS.iter().map(|c| c.name).collect();
    let tasks: Vec<_> = draft.tasks.iter().map(|t| task_cells(draft, t)).collect();
    let sheet = book.add_worksheet();
    sheet.set_name(TASKS_SHEET)?;
    keyed_sheet(sheet, &task_names, &tasks, &bold)?;
    let sheet = book.add_worksheet();
    sheet.set_name(PROPOSALS_SHEET)?;
    review_sheet(sheet, &proposals, &bold)?;
    let sheet = book.add_worksheet();
    sheet.set_name(UNMATCHED_SHEET)?;
    review_sheet(sheet, &unmatched, &bold)?;
    book.save_to_buffer()
}

/// The draft as a tree: the header, the figures (each with its proposals and whether it is
/// matched) and the tasks. YAML and JSON write the same tree.
pub fn tree(draft: &Draft) -> Node {
    let text = |s: &str| Node::Scalar(quote(s));
    let num = |x: f64| Node::number(x);
    let opt = |entries: &mut Vec<(String, Node)>, k: &str, v: Option<Node>| {
        if let Some(v) = v {
            entries.push((k.to_string(), v));
        }
    };
    let h = &draft.header;
    let mut report = Vec::new();
    report.push(("file".to_string(), text(&draft.file)));
    opt(
        &mut report,
        "province",
        draft.province.as_ref().map(|p| text(p.as_str())),
    );
    opt(&mut report, "period", draft.period.as_deref().map(text));
    opt(&mut report, "number", h.number.as_deref().map(text));
    opt(
        &mut report,
        "issued",
        h.issued.map(|d| text(&d.to_string())),
    );
    let figures = draft
        .figures
        .iter()
        .map(|f| {
            let c = &f.candidate;
            let mut e = vec![
                ("line".to_string(), num(c.line as f64)),
                ("kind".to_string(), text(c.kind.id())),
                ("printed".to_string(), text(&c.printed)),
            ];
            opt(&mut e, "value", c.value.map(num));
            opt(&mut e, "numerator", c.numerator.map(num));
            opt(&mut e, "denominator", c.denominator.map(num));
            opt(
                &mut e,
                "stated",
                c.stated
                    .map(|s| Node::Scalar(format!("{:.*}", s.decimals as usize, s.value))),
            );
            opt(
                &mut e,
                "agrees",
                c.agrees.map(|a| Node::Scalar(a.to_string())),
            );
            opt(
                &mut e,
                "unit_noun",
                Some(&c.unit_noun)
                    .filter(|u| !u.is_empty())
                    .map(|u| text(u)),
            );
            opt(&mut e, "qualifier", c.qualifier.map(|q| text(q.id())));
            opt(&mut e, "change", c.change.map(num));
            opt(&mut e, "as_of", c.as_of.map(|d| text(&d.to_string())));
            opt(&mut e, "since", c.since.as_deref().map(text));
            if c.cumulative {
                e.push(("cumulative".to_string(), Node::Scalar("true".to_string())));
            }
            opt(&mut e, "period", c.period.as_deref().map(text));
            e.push(("matched".to_string(), Node::Scalar(f.matched.to_string())));
            let proposals = f
                .proposals
                .iter()
                .map(|p| {
                    Node::Map(vec![
                        ("indicator".to_string(), text(p.indicator.as_str())),
                        ("score".to_string(), Node::Scalar(format!("{:.2}", p.score))),
                    ])
                })
                .collect();
            e.push(("indicators".to_string(), Node::List(proposals)));
            e.push(("source".to_string(), text(&source(&draft.file, c.line))));
            e.push(("sentence".to_string(), text(&c.sentence)));
            Node::Map(e)
        })
        .collect();
    let tasks = draft
        .tasks
        .iter()
        .map(|t| {
            let mut e = vec![
                ("task".to_string(), text(&t.number)),
                ("line".to_string(), num(t.line as f64)),
                ("title".to_string(), text(&t.title)),
            ];
            for (k, v) in [
                ("owner", &t.owner),
                ("directive", &t.directive),
                ("due", &t.due),
                ("result", &t.result),
            ] {
                opt(
                    &mut e,
                    k,
                    Some(v).filter(|v| !v.is_empty()).map(|v| text(v)),
                );
            }
            opt(&mut e, "status", t.status.map(text));
            Node::Map(e)
        })
        .collect();
    Node::Map(vec![
        ("report".to_string(), Node::Map(report)),
        ("figures".to_string(), Node::List(figures)),
        ("tasks".to_string(), Node::List(tasks)),
    ])
}

/// The tree as YAML text.
pub fn yaml(draft: &Draft) -> String {
    let mut out =
        String::from("# Bản nháp của minhbach extract: hãy đối chiếu từng dòng với báo cáo.\n");
    if let Node::Map(entries) = tree(draft) {
        for (k, v) in entries {
            v.write_entry(&mut out, 0, &k);
        }
    }
    out
}

/// The tree as JSON text (numbers, booleans and quoted strings as the YAML writes them).
pub fn json(draft: &Draft) -> String {
    fn value(node: &Node) -> serde_json::Value {
        match node {
            Node::Scalar(s) => serde_json::from_str::<serde_json::Value>(s)
                .unwrap_or_else(|_| serde_json::Value::String(s.clone())),
            Node::Map(entries) => serde_json::Value::Object(
                entries.iter().map(|(k, v)| (k.clone(), value(v))).collect(),
            ),
            Node::List(items) => serde_json::Value::Array(items.iter().map(value).collect()),
        }
    }
    let mut text = serde_json::to_string_pretty(&value(&tree(draft))).unwrap_or_default();
    text.push('\n');
    text
}
