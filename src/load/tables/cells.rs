//! One row of a table: its cells read as the raw values a YAML file would hold, so that the
//! validator applies the same rules ("1.078.935" typed as text gets the same proposal).

use super::{PartBuilder, RowAt};
use crate::diagnostics::Diagnostic;
use crate::load::raw::{RawNumber, RawScalar, RawText};
use crate::load::table::{is_machine_number, Cell, CellValue, Place};
use crate::FastMap;
use std::sync::Arc;

/// The cells of one row, by header name.
pub(super) struct Row<'a> {
    pub file: &'a str,
    pub header: &'a Arc<[(&'static str, usize)]>,
    /// The same columns by name, for the many lookups of each row.
    pub index: &'a FastMap<&'static str, usize>,
    pub cells: &'a [Cell],
}

/// The columns of `header` by name.
pub(super) fn index(header: &[(&'static str, usize)]) -> FastMap<&'static str, usize> {
    header.iter().copied().collect()
}

impl<'a> Row<'a> {
    /// The cell of column `name`, when the table has the column and the cell is filled.
    pub fn get(&self, name: &str) -> Option<&'a Cell> {
        let i = *self.index.get(name)?;
        self.cells.get(i).filter(|c| c.value != CellValue::Empty)
    }

    /// Where the row is, to name any of its cells later.
    pub fn at(&self) -> Option<RowAt> {
        Some(RowAt {
            first: self.first()?.clone(),
            header: Arc::clone(self.header),
        })
    }

    /// The first cell of the row (where a problem of the whole row is shown).
    pub fn first(&self) -> Option<&'a Place> {
        self.cells.first().map(|c| &c.place)
    }

    /// The text of column `name`, recorded at `path`.
    pub fn text(&self, b: &mut PartBuilder, name: &str, path: &str) -> Option<String> {
        let cell = self.get(name)?;
        let text = text(&cell.value);
        b.at(path.to_string(), &cell.place, Some(text.clone()));
        Some(text)
    }

    pub fn scalar(&self, b: &mut PartBuilder, name: &str, path: &str) -> Option<RawScalar> {
        self.text(b, name, path).map(RawScalar)
    }

    /// A number cell is a number; a text cell is one if written the machine way (a CSV holds
    /// only text), and otherwise stays text for the validator to propose a reading.
    pub fn number(&self, b: &mut PartBuilder, name: &str, path: &str) -> Option<RawNumber> {
        let cell = self.get(name)?;
        let (raw, typed) = number(&cell.value);
        b.at(path.to_string(), &cell.place, typed);
        Some(raw)
    }

    /// A text in both languages from the columns `<stem>_vi` and `<stem>_en`. An English text
    /// needs its Vietnamese one (the site's first language): reported, never dropped.
    pub fn bilingual(
        &self,
        b: &mut PartBuilder,
        stem: &str,
        path: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<RawText> {
        let vi = self.get(&format!("{stem}_vi"));
        let en = self.get(&format!("{stem}_en"));
        match (vi, en) {
            (None, None) => None,
            (None, Some(cell)) => {
                let d = Diagnostic::error(
                    "table-missing-cell",
                    "",
                    format!("`{stem}_en` is filled but `{stem}_vi` is empty"),
                )
                .help(format!(
                    "write the Vietnamese text in `{stem}_vi`: the English one translates it"
                ))
                .vi(format!("ô `{stem}_en` có chữ nhưng ô `{stem}_vi` để trống"))
                .vi_help(format!(
                    "hãy ghi nội dung tiếng Việt vào cột `{stem}_vi`: cột tiếng Anh là bản dịch"
                ));
                diags.push(cell.place.locate(self.file, d));
                None
            }
            (Some(vi), en) => {
                let _ = (b, path);
                Some(RawText {
                    vi: text(&vi.value),
                    en: en.map(|c| text(&c.value)),
                })
            }
        }
    }
}

/// A cell as text: numbers the machine way, dates as ISO dates.
pub(super) fn text(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Text(t) => t.trim().to_string(),
        CellValue::Number(n) => number_text(*n),
        CellValue::Date(d) => d.to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Other(o) => o.clone(),
    }
}

/// `1078935` for a whole number, `97.53` otherwise.
pub(super) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A cell as a number, and the text as typed when it was text.
fn number(value: &CellValue) -> (RawNumber, Option<String>) {
    match value {
        CellValue::Number(n) => (RawNumber::Number(*n), None),
        CellValue::Text(t) => {
            let t = t.trim();
            match t.parse::<f64>() {
                Ok(n) if is_machine_number(t) => (RawNumber::Number(n), Some(t.to_string())),
                _ => (RawNumber::Text(t.to_string()), Some(t.to_string())),
            }
        }
        other => {
            let t = text(other);
            (RawNumber::Text(t.clone()), Some(t))
        }
    }
}
