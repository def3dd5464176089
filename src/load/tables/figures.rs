//! A figures sheet (or CSV file): one row per figure or breakdown member, in the columns of the
//! downloads' figure table → observation blocks, one per period, of each province's part.

use super::cells::{text, Row};
use super::{CitedDocument, PartBuilder, Parts};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::locate::{join_index, join_key};
use crate::load::raw::{
    RawNumber, RawObservationBlock, RawPrinting, RawScalar, RawValue, RawValueMap, UniqueMap,
};
use crate::load::table::columns::{Column, Columns, READ};
use crate::load::table::{Cell, CellValue, Place, Table};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The columns a figures table cannot do without (`form` is derived from the cells filled).
const REQUIRED: [Column; 3] = [Column::Province, Column::Indicator, Column::Period];

/// The cells that hold the figure itself: a row with none of them is not a figure.
const FIGURE: [&str; 5] = ["value", "numerator", "denominator", "stated_rate", "state"];

/// The cells a template fills before the publisher does (with the derived columns, which are
/// never read): a row with only these is a template row left empty, not a figure.
pub const PREFILLED: [&str; 5] = ["province", "indicator", "period", "dimension", "member"];

/// The document columns besides `source_file`, which describe it as the reports entry does.
const DESCRIBED: [&str; 6] = [
    "source_number",
    "source_issued",
    "source_draft",
    "source_url",
    "source_issuer_vi",
    "source_issuer_en",
];

pub(super) fn read(table: &Table, parts: &mut Parts, diags: &mut Vec<Diagnostic>) {
    let before = diags.len();
    Columns::match_header_with(table, &REQUIRED, diags);
    let missing = diags[before..]
        .iter()
        .any(|d| d.code == "import-missing-column");
    if missing {
        return;
    }
    let header: Arc<[(&'static str, usize)]> = table
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.value {
            CellValue::Text(t) => READ
                .iter()
                .find(|(n, _)| *n == t.trim())
                .map(|(n, _)| (*n, i)),
            _ => None,
        })
        .collect();
    let by_name = super::cells::index(&header);
    for cells in &table.rows {
        if let Some(extra) = cells
            .iter()
            .skip(table.header.len())
            .find(|c| c.value != CellValue::Empty)
        {
            diags.push(extra_cell(&table.file, extra, table.header.len()));
            continue;
        }
        let row = Row {
            file: &table.file,
            header: &header,
            index: &by_name,
            cells,
        };
        figure(&row, parts, diags);
    }
}

/// One row → one entry of its province's block for its period.
fn figure(row: &Row, parts: &mut Parts, diags: &mut Vec<Diagnostic>) {
    let has_figure = FIGURE.iter().any(|n| row.get(n).is_some());
    let filled_beyond_template = row
        .header
        .iter()
        .filter(|(n, _)| !PREFILLED.contains(n) && !FIGURE.contains(n))
        .any(|(n, _)| row.get(n).is_some());
    if !has_figure && !filled_beyond_template {
        return;
    }
    let mut missing = Vec::new();
    let mut need = |name: &'static str| {
        let cell = row.get(name);
        if cell.is_none() {
            missing.push(name);
        }
        cell
    };
    let (province, indicator, period) = (need("province"), need("indicator"), need("period"));
    if !has_figure {
        missing.push("value");
    }
    let (Some(province), Some(indicator), Some(period), true) =
        (province, indicator, period, missing.is_empty())
    else {
        if let Some(place) = row.first() {
            diags.push(place.locate(row.file, missing_cells(&missing)));
        }
        return;
    };
    if let CellValue::Date(d) = &period.value {
        // A spreadsheet turns `2025-04` typed in a cell into the day 2025-04-01: which period
        // was meant cannot be known.
        diags.push(
            period
                .place
                .locate(row.file, period_is_a_date(&d.to_string())),
        );
        return;
    }
    let member = match (row.get("dimension"), row.get("member")) {
        (None, None) => None,
        (Some(d), Some(m)) => Some((text(&d.value), text(&m.value), d, m)),
        (Some(cell), None) | (None, Some(cell)) => {
            diags.push(cell.place.locate(row.file, half_breakdown()));
            return;
        }
    };
    let b = parts.of(&text(&province.value), &province.place);
    let period_text = text(&period.value);
    let block = match b.blocks.get(&period_text) {
        Some(i) => *i,
        None => {
            let i = b.part.observations.len();
            b.part.observations.push(RawObservationBlock {
                period: RawScalar(period_text.clone()),
                source: None,
                values: UniqueMap(BTreeMap::new()),
            });
            b.blocks.insert(period_text.clone(), i);
            if let Some(at) = row.at() {
                b.row(join_index("observations", i), at);
            }
            i
        }
    };
    let indicator_id = text(&indicator.value);
    let key = (
        period_text,
        indicator_id.clone(),
        member.as_ref().map(|(d, m, _, _)| (d.clone(), m.clone())),
    );
    if let Some(first) = b.figures.get(&key) {
        diags.push(indicator.place.locate(row.file, given_twice(first)));
        return;
    }
    b.figures.insert(key.clone(), indicator.place.clone());
    b.part.figures.push((key, indicator.place.clone()));
    let vpath = join_key(
        &format!("{}.values", join_index("observations", block)),
        &indicator_id,
    );
    let path = match &member {
        None => vpath.clone(),
        Some((d, m, _, _)) => join_key(&join_key(&join_key(&vpath, "by"), d), m),
    };
    if let Some(at) = row.at() {
        if member.is_some() {
            b.row(vpath, at.clone());
        }
        b.row(path.clone(), at);
    }
    let map = value_map(row, b, &path, diags);
    if let Some(doc) = document(row) {
        // One entry per document and description: the rows of a report cite it alike.
        let key = (
            doc.file.clone(),
            doc.described
                .iter()
                .map(|(c, t, _)| (*c, t.clone()))
                .collect(),
        );
        if b.documents.insert(key) {
            b.part.documents.push(doc);
        }
    }
    if let Some(form) = row.get("form") {
        // A row whose form and cells disagree is not a figure yet: one error, no knock-on.
        if !check_form(row, form, &map, diags) {
            return;
        }
    }
    let values = &mut b.part.observations[block].values.0;
    let entry = values
        .entry(indicator_id)
        .or_insert_with(|| RawValue::Full(Box::default()));
    let RawValue::Full(parent) = entry else {
        return;
    };
    match member {
        None => {
            // A breakdown row may have come first: the figure keeps its members.
            let by = parent.by.take();
            **parent = RawValueMap { by, ..map };
        }
        Some((d, m, _, _)) => {
            let by = parent.by.get_or_insert_with(|| UniqueMap(BTreeMap::new()));
            by.0.entry(d)
                .or_insert_with(|| UniqueMap(BTreeMap::new()))
                .0
                .insert(m, RawValue::Full(Box::new(map)));
        }
    }
}

/// The figure's cells as the map a YAML entry would be.
fn value_map(
    row: &Row,
    b: &mut PartBuilder,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> RawValueMap {
    let at = |field: &str| join_key(path, field);
    let stated = row.number(b, "stated_rate", &at("stated"));
    // The rate as printed: `stated_decimals` keeps the zeros a number cell cannot (80.10).
    if let (Some(RawNumber::Number(v)), Some(places)) = (&stated, row.get("stated_decimals")) {
        let k = match &places.value {
            CellValue::Number(k) => Some(*k),
            other => text(other).parse::<f64>().ok(),
        };
        if let Some(k) = k.filter(|k| k.fract() == 0.0 && (0.0..=10.0).contains(k)) {
            let typed = format!("{v:.*}", k as usize);
            if let Some(cell) = row.get("stated_rate") {
                b.at(at("stated"), &cell.place, Some(typed));
            }
        }
    }
    // With a `form` (as the downloads write), `value` of a ratio or a rate is the rate the
    // site derived: not a figure of its own. A rate's must be the printed rate.
    let form = row.get("form").map(|c| text(&c.value).replace('-', "_"));
    let value_read = !matches!(
        form.as_deref(),
        Some("ratio" | "rate" | "no_cases" | "not_applicable")
    );
    let value = if value_read {
        row.number(b, "value", &at("value"))
    } else {
        None
    };
    if let (Some("rate"), Some(cell), Some(RawNumber::Number(s))) =
        (form.as_deref(), row.get("value"), &stated)
    {
        if !matches!(cell.value, CellValue::Number(v) if v == *s)
            && text(&cell.value).parse::<f64>().ok() != Some(*s)
        {
            diags.push(
                cell.place
                    .locate(row.file, derived_value_differs(&text(&cell.value), *s)),
            );
        }
    }
    let state = row
        .text(b, "state", &at("state"))
        .or_else(|| match form.as_deref() {
            Some(f @ ("no_cases" | "not_applicable")) => Some(f.to_string()),
            _ => None,
        })
        .map(|s| s.replace('_', "-"));
    let source = row
        .text(b, "source", &at("source"))
        .or_else(|| row.text(b, "source_file", &at("source")));
    RawValueMap {
        value,
        numerator: row.number(b, "numerator", &at("numerator")),
        denominator: row.number(b, "denominator", &at("denominator")),
        stated,
        state,
        qualifier: row
            .text(b, "qualifier", &at("qualifier"))
            .map(|q| q.replace('_', "-")),
        change: row.number(b, "change", &at("change")),
        as_of: row.scalar(b, "as_of", &at("as_of")),
        since: row.scalar(b, "since", &at("since")),
        source,
        note: row.bilingual(b, "note", &at("note"), diags),
        over_100: row.text(b, "over_100", &at("over_100")),
        by: None,
        also_printed: printings(row, b, &at("also_printed"), diags),
    }
}

/// The `also_printed` cell (the downloads' codec) → the printings a YAML entry would list.
fn printings(
    row: &Row,
    b: &mut PartBuilder,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<RawPrinting>> {
    let cell = row.get("also_printed")?;
    let read = match crate::load::table::codec::read_printings(&text(&cell.value)) {
        Ok(r) => r,
        Err(item) => {
            diags.push(cell.place.locate(row.file, unreadable_printing(&item)));
            return None;
        }
    };
    let mut out = Vec::new();
    for (k, p) in read.into_iter().enumerate() {
        let ppath = join_index(path, k);
        let (counts, rate) = match p.numbers.split_once('=') {
            Some((c, r)) => (c.trim(), Some(r.trim())),
            None => (p.numbers.trim(), None),
        };
        let (value, numerator, denominator) = match counts.split_once('/') {
            Some((n, d)) => (None, Some(n.trim()), Some(d.trim())),
            None if counts.is_empty() => (None, None, None),
            None => (Some(counts), None, None),
        };
        let mut number = |t: Option<&str>, field: &str| {
            let t = t?;
            let fpath = join_key(&ppath, field);
            b.at(fpath, &cell.place, Some(t.to_string()));
            Some(match t.parse::<f64>() {
                Ok(n) if crate::load::table::is_machine_number(t) => RawNumber::Number(n),
                _ => RawNumber::Text(t.to_string()),
            })
        };
        out.push(RawPrinting {
            value: number(value, "value"),
            numerator: number(numerator, "numerator"),
            denominator: number(denominator, "denominator"),
            stated: number(rate, "stated"),
            source: p.source,
            note: None,
        });
    }
    Some(out)
}

/// The row's `source_file` and the cells that describe the document.
fn document(row: &Row) -> Option<CitedDocument> {
    let file = row.get("source_file")?;
    Some(CitedDocument {
        file: text(&file.value),
        place: file.place.clone(),
        described: DESCRIBED
            .iter()
            .filter_map(|n| row.get(n).map(|c| (*n, text(&c.value), c.place.clone())))
            .collect(),
    })
}

/// A `form` cell must name the form the row's cells make (it is derived, never a second truth).
/// The forms of a figure and the cells each needs (as the downloads write them).
const FORMS: [(&str, &[&str]); 6] = [
    ("value", &["value"]),
    ("ratio", &["numerator", "denominator"]),
    ("rate", &["stated_rate"]),
    ("count_with_rate", &["value", "stated_rate"]),
    ("no_cases", &[]),
    ("not_applicable", &[]),
];

fn check_form(row: &Row, form: &Cell, map: &RawValueMap, diags: &mut Vec<Diagnostic>) -> bool {
    let written = text(&form.value);
    let Some((name, needs)) = FORMS.iter().find(|(n, _)| *n == written.replace('-', "_")) else {
        let forms = FORMS.iter().map(|(n, _)| *n);
        let near = did_you_mean(&written, forms)
            .map(|n| format!("`{n}`"))
            .unwrap_or_else(|| FORMS.map(|(n, _)| format!("`{n}`")).join(", "));
        let d = Diagnostic::error(
            "table-form",
            "",
            format!("`{written}` is not a form of figure"),
        )
        .help(format!(
            "write {near}, or empty the cell (it is worked out from the cells filled)"
        ))
        .vi(format!("`{written}` không phải là một dạng số liệu"))
        .vi_help(format!(
            "hãy ghi {near}, hoặc để trống ô (máy tự suy ra từ các ô đã điền)"
        ));
        diags.push(form.place.locate(row.file, d));
        return false;
    };
    let missing: Vec<String> = needs
        .iter()
        .filter(|c| row.get(c).is_none())
        .map(|c| format!("`{c}`"))
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        let d = Diagnostic::error("table-form", "", format!("a `{name}` figure needs {list}"))
            .help("fill the cells of the form, or empty the `form` cell (it is worked out from the cells filled)")
            .vi(format!("số liệu dạng `{name}` cần ô {list}"))
            .vi_help("hãy điền các ô của dạng này, hoặc để trống ô `form` (máy tự suy ra từ các ô đã điền)");
        diags.push(form.place.locate(row.file, d));
        return false;
    }
    let derived = match (
        map.value.is_some(),
        map.numerator.is_some() || map.denominator.is_some(),
        map.stated.is_some(),
        map.state.as_deref(),
    ) {
        (_, _, _, Some("no-cases")) => "no_cases",
        (_, _, _, Some("not-applicable")) => "not_applicable",
        (true, false, true, None) => "count_with_rate",
        (true, false, false, None) => "value",
        (false, true, _, None) => "ratio",
        (false, false, true, None) => "rate",
        _ => return true,
    };
    if *name != derived {
        let d = Diagnostic::error(
            "table-form",
            "",
            format!("`form` says `{written}` but the row's cells make a `{derived}` figure"),
        )
        .help("empty the `form` cell (it is worked out from the cells filled), or fill the cells of the form you meant")
        .vi(format!("ô `form` ghi `{written}` nhưng các ô đã điền tạo thành số liệu dạng `{derived}`"))
        .vi_help("hãy để trống ô `form` (máy tự suy ra từ các ô đã điền), hoặc điền đúng các ô của dạng bạn muốn");
        diags.push(form.place.locate(row.file, d));
        return false;
    }
    true
}

fn period_is_a_date(day: &str) -> Diagnostic {
    Diagnostic::error(
        "table-period-date",
        "",
        format!("the period is a date cell ({day}): a spreadsheet makes a day of a month typed as `2025-04`"),
    )
    .help("format the `period` column as text and type the period again (`2025-04`, `2024-H1`, `2024`), or type it with a leading apostrophe: '2025-04")
    .vi(format!("kỳ báo cáo là một ô ngày ({day}): chương trình bảng tính đổi tháng gõ dạng `2025-04` thành một ngày"))
    .vi_help("hãy định dạng cột `period` là văn bản (Text) rồi gõ lại kỳ (`2025-04`, `2024-H1`, `2024`), hoặc gõ thêm dấu nháy đơn ở đầu: '2025-04")
}

fn derived_value_differs(value: &str, stated: f64) -> Diagnostic {
    Diagnostic::error(
        "table-form",
        "",
        format!("`value` {value} is not the printed rate {stated} of this `rate` figure"),
    )
    .help("a rate's `value` is the printed rate (`stated_rate`): empty the cell or correct one of the two")
    .vi(format!("`value` {value} khác tỷ lệ đã in {stated} của số liệu dạng `rate`"))
    .vi_help("với số liệu dạng `rate`, `value` là tỷ lệ đã in (`stated_rate`): hãy để trống ô này hoặc sửa một trong hai")
}

fn missing_cells(missing: &[&str]) -> Diagnostic {
    let list = missing
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::error("table-missing-cell", "", format!("this row has no {list}"))
        .help("every figure row names its province, indicator and period, and gives the figure: `value`, or `numerator` and `denominator`, or `stated_rate`, or `state`")
        .vi(format!("hàng này thiếu {list}"))
        .vi_help("mỗi hàng số liệu ghi tỉnh (`province`), chỉ tiêu (`indicator`), kỳ (`period`) và số liệu: `value`, hoặc `numerator` và `denominator`, hoặc `stated_rate`, hoặc `state`")
}

fn half_breakdown() -> Diagnostic {
    Diagnostic::error(
        "table-missing-cell",
        "",
        "a breakdown row needs both `dimension` and `member`",
    )
    .help("fill both (e.g. `service` and `passport`), or empty both for the indicator's figure as a whole")
    .vi("hàng số liệu theo nhóm cần cả `dimension` và `member`")
    .vi_help("hãy điền cả hai (ví dụ `service` và `passport`), hoặc để trống cả hai nếu là số liệu chung của chỉ tiêu")
}

fn given_twice(first: &Place) -> Diagnostic {
    let (en, vi) = first.describe();
    Diagnostic::error(
        "duplicate-observation",
        "",
        format!("this figure is given twice in the table (first at {en})"),
    )
    .help("keep one row per figure and period; another printing of the same figure goes in `also_printed`")
    .vi(format!("số liệu này có hai lần trong bảng (lần đầu ở {vi})"))
    .vi_help("mỗi số liệu của một kỳ chỉ một hàng; lần in khác của cùng số liệu ghi vào `also_printed`")
}

fn extra_cell(file: &str, cell: &Cell, columns: usize) -> Diagnostic {
    let d = Diagnostic::error("import-unknown-column", "", format!("this row has more cells than the header has columns ({columns})"))
        .help("put a text that holds a comma between double quotes, or name the extra column in the header")
        .vi(format!("hàng này có nhiều ô hơn số cột của hàng tiêu đề ({columns})"))
        .vi_help("hãy đặt đoạn chữ có dấu phẩy trong dấu ngoặc kép, hoặc đặt tên cho cột thừa ở hàng tiêu đề");
    cell.place.locate(file, d)
}

fn unreadable_printing(item: &str) -> Diagnostic {
    Diagnostic::error(
        "table-also-printed",
        "",
        format!("cannot read the printing `{item}` of `also_printed`"),
    )
    .help("write each other printing as `value@source`, `numerator/denominator@source` or `=rate@source`, separated by `;`")
    .vi(format!("không đọc được lần in `{item}` trong ô `also_printed`"))
    .vi_help("mỗi lần in khác ghi dạng `số@nguồn`, `tử/mẫu@nguồn` hoặc `=tỷ lệ@nguồn`, cách nhau bằng `;`")
}
