//! Reading one cell of a row as a slug, a number, a date, one of a few words or a text,
//! each problem reported at the cell.

use super::RowReader;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::table::columns::Column;
use crate::load::table::{Cell, CellValue};
use crate::model::{Date, Slug, Text};

impl RowReader<'_> {
    pub(super) fn cell(&self, column: Column) -> Option<&Cell> {
        self.columns.get(column).and_then(|i| self.row.get(i))
    }

    pub(super) fn report(&mut self, cell: &Cell, d: Diagnostic) {
        self.failed = true;
        let d = cell.place.locate(&self.table.file, d);
        self.diags.push(d);
    }

    /// The cell's text, trimmed; a number cell is written the machine way.
    pub(super) fn text(&self, column: Column) -> Option<(String, Cell)> {
        let cell = self.cell(column)?;
        let text = match &cell.value {
            CellValue::Empty => return None,
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Number(n) => format!("{n}"),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Other(o) => o.clone(),
        };
        Some((text, cell.clone()))
    }

    pub(super) fn plain(&self, column: Column) -> Option<String> {
        self.text(column).map(|(t, _)| t)
    }

    pub(super) fn slug(&mut self, column: Column, what: (&str, &str)) -> Option<(Slug, Cell)> {
        let (text, cell) = self.text(column)?;
        match Slug::parse(&text) {
            Some(s) => Some((s, cell)),
            None => {
                let proposal = Slug::suggest(&text);
                let d = Diagnostic::error(
                    "import-invalid-id",
                    "",
                    format!("`{text}` is not a valid {} id", what.0),
                )
                .help(format!(
                    "ids are lowercase ASCII letters, digits and hyphens, e.g. `{proposal}`"
                ))
                .vi(format!("`{text}` không phải mã {} hợp lệ", what.1))
                .vi_help(format!(
                    "mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ `{proposal}`"
                ));
                self.report(&cell, d);
                None
            }
        }
    }

    /// A machine number: `1078946`, `73.72`, `-3.5`. Returns the number and the decimals it
    /// was written with (a number cell: those of its shortest form).
    pub(super) fn number(&mut self, column: Column, name: &str) -> Option<(f64, u32)> {
        let cell = self.cell(column)?.clone();
        match &cell.value {
            CellValue::Empty => None,
            CellValue::Number(n) if n.is_finite() => Some((*n, decimals(&format!("{n}")))),
            CellValue::Text(t) if is_machine_number(t.trim()) => {
                let t = t.trim();
                t.parse::<f64>().ok().map(|n| (n, decimals(t)))
            }
            other => {
                let shown = match other {
                    CellValue::Text(t) => t.trim().to_string(),
                    CellValue::Date(d) => d.to_string(),
                    CellValue::Bool(b) => b.to_string(),
                    CellValue::Other(o) => o.clone(),
                    CellValue::Number(n) => format!("{n}"),
                    CellValue::Empty => String::new(),
                };
                let d = match crate::validate::numbers::propose(&shown) {
                    Some(p) => Diagnostic::error("import-number-format", "", format!("`{name}` is text, not a number: `{shown}` has {}", p.reading))
                        .help(format!("write the number the machine way: {} (dot decimal, no thousands separator, no %)", p.spelled))
                        .vi(format!("`{name}` là chữ, không phải số: `{shown}` {}", p.reading_vi))
                        .vi_help(format!("hãy ghi số theo cách máy đọc: {} (dấu chấm thập phân, không ngăn cách hàng nghìn, không có %)", p.spelled)),
                    None => Diagnostic::error("import-invalid-number", "", format!("`{name}` must be a number, found `{shown}`"))
                        .help("write a machine number such as 1078946 or 73.72, or leave the cell empty")
                        .vi(format!("`{name}` phải là số, nhưng ô ghi `{shown}`"))
                        .vi_help("hãy ghi số theo cách máy đọc, như 1078946 hoặc 73.72, hoặc để trống ô"),
                };
                self.report(&cell, d);
                None
            }
        }
    }

    pub(super) fn date(&mut self, column: Column, name: &str) -> Option<Date> {
        let cell = self.cell(column)?.clone();
        let text = match &cell.value {
            CellValue::Empty => return None,
            CellValue::Date(d) => return Some(*d),
            CellValue::Text(t) => t.trim().to_string(),
            _ => self.plain(column).unwrap_or_default(),
        };
        if let Some(d) = Date::parse_iso(&text) {
            return Some(d);
        }
        let (help, help_vi) = match Date::parse_dmy(&text) {
            Some(d) => (
                format!("write the date as {d} (year-month-day)"),
                format!("hãy ghi ngày theo dạng {d} (năm-tháng-ngày)"),
            ),
            None => (
                "write the date as YYYY-MM-DD, e.g. 2024-07-05".to_string(),
                "hãy ghi ngày theo dạng YYYY-MM-DD, ví dụ 2024-07-05".to_string(),
            ),
        };
        let d = Diagnostic::error(
            "import-invalid-date",
            "",
            format!("`{name}` is not a date: `{text}`"),
        )
        .help(help)
        .vi(format!("`{name}` không phải ngày: `{text}`"))
        .vi_help(help_vi);
        self.report(&cell, d);
        None
    }

    /// One of a few words; `None` when empty, reported when unknown.
    pub(super) fn choice<T: Copy>(
        &mut self,
        column: Column,
        name: &str,
        words: &[(&str, T)],
    ) -> Option<T> {
        let (text, cell) = self.text(column)?;
        if let Some((_, v)) = words.iter().find(|(w, _)| *w == text) {
            return Some(*v);
        }
        let list = words
            .iter()
            .map(|(w, _)| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let near = did_you_mean(&text, words.iter().map(|(w, _)| *w));
        let (help, help_vi) = match near {
            Some(n) => (
                format!("did you mean `{n}`? (one of {list})"),
                format!("có phải là `{n}`? (một trong {list})"),
            ),
            None => (
                format!("write one of {list}"),
                format!("hãy ghi một trong {list}"),
            ),
        };
        let d = Diagnostic::error(
            "import-invalid-choice",
            "",
            format!("`{name}` cannot be `{text}`"),
        )
        .help(help)
        .vi(format!("`{name}` không thể là `{text}`"))
        .vi_help(help_vi);
        self.report(&cell, d);
        None
    }

    pub(super) fn missing(&mut self, at: &Cell, column: &str, why: (&str, &str)) {
        let d = Diagnostic::error(
            "import-missing-cell",
            "",
            format!("`{column}` is empty: {}", why.0),
        )
        .help(format!("fill the `{column}` cell of this row"))
        .vi(format!("ô `{column}` đang trống: {}", why.1))
        .vi_help(format!("hãy điền ô `{column}` của hàng này"));
        self.report(at, d);
    }

    pub(super) fn text_pair(
        &mut self,
        vi: Column,
        en: Column,
        vi_name: &str,
        en_name: &str,
    ) -> Option<Text> {
        match (self.plain(vi), self.plain(en)) {
            (Some(vi), en) => Some(Text { vi, en }),
            (None, Some(_)) => {
                let cell = self.cell(en).cloned()?;
                let d = Diagnostic::error(
                    "import-missing-cell",
                    "",
                    format!("`{en_name}` is given without `{vi_name}`"),
                )
                .help(format!(
                    "fill `{vi_name}`: the Vietnamese text is the one the report printed"
                ))
                .vi(format!("có `{en_name}` nhưng thiếu `{vi_name}`"))
                .vi_help(format!(
                    "hãy điền `{vi_name}`: bản tiếng Việt là câu chữ báo cáo đã in"
                ));
                self.report(&cell, d);
                None
            }
            (None, None) => None,
        }
    }
}

pub use crate::load::table::is_machine_number;

fn decimals(t: &str) -> u32 {
    crate::validate::numbers::decimals_shown(t)
}
