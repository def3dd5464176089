//! Reading the figure table: a CSV file (the `csv` crate) or the figures sheet of an XLSX or
//! ODS workbook (`calamine`) → a header and rows of typed cells, each with the place a reader
//! finds it at (`file.csv:14:3`, `file.xlsx [figures] C14`).
//!
//! Nothing is interpreted here beyond the cell's type: a spreadsheet's number cell is a
//! number, its date cell a date, everything in a CSV is text.

pub mod codec;
pub mod columns;

use crate::diagnostics::{Diagnostic, Position};
use crate::model::Date;
use std::path::Path;
use std::sync::Arc;

/// What a cell holds, as the file typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// A date cell with a time of day, a formula error or a duration: never a figure.
    Other(String),
}

/// Where a cell is, as a reader of the file finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Line and column (in characters) of the cell's first character in a CSV file.
    Text(Position),
    /// A cell of a workbook's sheet, 0-based row and column.
    Sheet { sheet: Arc<str>, row: u32, col: u32 },
}

impl Place {
    /// `C14`: the cell's name in a spreadsheet.
    pub fn cell_name(row: u32, col: u32) -> String {
        let mut letters = Vec::new();
        let mut n = col + 1;
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect::<String>() + &(row + 1).to_string()
    }

    /// Where the cell is, in words (English, Vietnamese): `line 9, column 3` or `cell C9`.
    pub fn describe(&self) -> (String, String) {
        match self {
            Place::Text(p) => (
                format!("line {}, column {}", p.line, p.column),
                format!("dòng {}, cột {}", p.line, p.column),
            ),
            Place::Sheet { row, col, .. } => {
                let name = Place::cell_name(*row, *col);
                (format!("cell {name}"), format!("ô {name}"))
            }
        }
    }

    /// The row, in words (English, Vietnamese): `line 9` or `row 9`.
    pub fn row(&self) -> (String, String) {
        match self {
            Place::Text(p) => (format!("line {}", p.line), format!("dòng {}", p.line)),
            Place::Sheet { row, .. } => (format!("row {}", row + 1), format!("hàng {}", row + 1)),
        }
    }

    /// Where the cell is, as a reader names it: `file.csv:14:3` or `file.xlsx [Sheet] C14`.
    pub fn display(&self, file: &str) -> String {
        match self {
            Place::Text(p) => format!("{file}:{}:{}", p.line, p.column),
            Place::Sheet { sheet, row, col } => {
                format!("{file} [{sheet}] {}", Place::cell_name(*row, *col))
            }
        }
    }

    /// `d` placed at this cell of `file`: `file.csv:14:3`, or `file.xlsx [Sheet] C14` (a
    /// workbook has no lines to quote, so the place is part of the file name).
    pub fn locate(&self, file: &str, mut d: Diagnostic) -> Diagnostic {
        match self {
            Place::Text(p) => {
                d.file = file.to_string();
                d.position = Some(*p);
            }
            Place::Sheet { sheet, row, col } => {
                d.file = format!("{file} [{sheet}] {}", Place::cell_name(*row, *col));
                d.position = None;
            }
        }
        d
    }
}

/// True for a number written the machine way: digits, an optional leading `-`, an optional
/// `.` with decimals (`1078935`, `-3`, `97.53`), nothing else.
pub fn is_machine_number(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One cell and where it is.
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: CellValue,
    pub place: Place,
}

/// The whole table: the header row, then every row that has a cell filled.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it, for messages.
    pub file: String,
    /// The CSV's text, to quote its lines (a workbook has none).
    pub text: Option<Arc<str>>,
    pub header: Vec<Cell>,
    /// Each row as long as the header (missing cells are empty, placed where they would be).
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// True when the header row names every one of `columns`.
    pub fn names(&self, columns: &[&str]) -> bool {
        columns.iter().all(|n| {
            self.header
                .iter()
                .any(|c| matches!(&c.value, CellValue::Text(t) if t.trim() == *n))
        })
    }

    /// The sheet the table is on (`None` for a CSV file).
    pub fn sheet(&self) -> Option<&str> {
        self.header.first().and_then(|c| match &c.place {
            Place::Sheet { sheet, .. } => Some(&**sheet),
            Place::Text(_) => None,
        })
    }
}

/// Why the file could not be read as a table at all.
#[derive(Debug)]
pub struct Unreadable(pub Box<Diagnostic>);

impl From<Diagnostic> for Unreadable {
    fn from(d: Diagnostic) -> Unreadable {
        Unreadable(Box::new(d))
    }
}

/// Read `path` by its extension: `.csv`, or a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`).
pub fn read(path: &Path, file: &str) -> Result<Table, Unreadable> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(path, file),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, file),
        _ => Err(Unreadable::from(
            Diagnostic::error(
                "import-file-type",
                file,
                "the table must be a .csv, .xlsx or .ods file",
            )
            .help("save the figures table as CSV (UTF-8) or as an Excel or OpenDocument workbook")
            .vi("bảng số liệu phải là tệp .csv, .xlsx hoặc .ods")
            .vi_help("hãy lưu bảng số liệu dưới dạng CSV (UTF-8) hoặc sổ tính Excel, OpenDocument"),
        )),
    }
}

fn unreadable(file: &str, why: impl std::fmt::Display) -> Unreadable {
    Unreadable::from(
        Diagnostic::error("import-unreadable", file, format!("cannot read the table: {why}"))
            .help("check that the file exists and is a table written by minhbach or a spreadsheet program")
            .vi(format!("không đọc được bảng số liệu: {why}"))
            .vi_help("hãy kiểm tra tệp có tồn tại và là bảng do minhbach hoặc chương trình bảng tính ghi ra"),
    )
}

fn read_csv(path: &Path, file: &str) -> Result<Table, Unreadable> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(file, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        unreadable(file, format!("it is not UTF-8 text (byte {at})"))
    })?;
    // Excel writes a byte-order mark before UTF-8 CSV; it is not part of the first column's name.
    let text: Arc<str> = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines: Vec<Vec<Cell>> = Vec::new();
    // The derived columns (labels, citations, …) are never read: their cells are left empty
    // rather than copied, a good part of a download's bytes.
    let mut derived: Vec<bool> = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| unreadable(file, e))?
    {
        let (line, byte) = record
            .position()
            .map(|p| (p.line() as usize, p.byte() as usize))
            .unwrap_or((1, 0));
        let starts = field_starts(&text, byte, line, record.len());
        let cells: Vec<Cell> = record
            .iter()
            .zip(starts)
            .enumerate()
            .map(|(i, (field, at))| Cell {
                value: if field.trim().is_empty() || derived.get(i).copied().unwrap_or(false) {
                    CellValue::Empty
                } else {
                    // The downloads guard a text that a spreadsheet would run as a formula
                    // with a leading `'`: taken off here, so the text reads back as written.
                    CellValue::Text(codec::unguard(field).to_string())
                },
                place: Place::Text(at),
            })
            .collect();
        if cells.iter().all(|c| c.value == CellValue::Empty) && !lines.is_empty() {
            continue;
        }
        if lines.is_empty() {
            derived = record
                .iter()
                .map(|name| columns::IGNORED.contains(&name.trim()))
                .collect();
        }
        lines.push(cells);
    }
    let mut lines = lines.into_iter();
    let header = lines.next().unwrap_or_default();
    let rows = lines
        .map(|mut row| {
            let last = row.last().map(|c| c.place.clone());
            while row.len() < header.len() {
                // A short row: its missing cells are placed at the end of the line.
                let place = last
                    .clone()
                    .unwrap_or(Place::Text(Position { line: 1, column: 1 }));
                row.push(Cell {
                    value: CellValue::Empty,
                    place,
                });
            }
            row
        })
        .collect();
    Ok(Table {
        file: file.to_string(),
        text: Some(text),
        header,
        rows,
    })
}

/// Line and column of the first character of each of the `count` fields of the record that
/// starts at byte `start` on line `line` (a quoted field may hold commas and line breaks).
pub(crate) fn field_starts(text: &str, start: usize, line: usize, count: usize) -> Vec<Position> {
    // After a CRLF line end the record's position is at its `\n`, still counted on the line
    // before: the record starts after it.
    let (mut start, mut line) = (start, line);
    while let Some(c @ (b'\r' | b'\n')) = text.as_bytes().get(start).copied() {
        if c == b'\n' {
            line += 1;
        }
        start += 1;
    }
    let before = text.get(..start).unwrap_or("");
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, rest)| rest)
        .chars()
        .count()
        + 1;
    let mut at = Position { line, column };
    let mut out = vec![at];
    let mut quoted = false;
    for c in text.get(start..).unwrap_or("").chars() {
        if out.len() >= count {
            break;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                at.column += 1;
                out.push(at);
                continue;
            }
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
        if c == '\n' {
            at.line += 1;
            at.column = 1;
        } else {
            at.column += 1;
        }
    }
    while out.len() < count {
        out.push(at);
    }
    out
}

fn read_workbook(path: &Path, file: &str) -> Result<Table, Unreadable> {
    if let Some(table) = read_sheets(path, file)?
        .into_iter()
        .find(|t| t.names(&["province", "indicator"]))
    {
        return Ok(table);
    }
    Err(Unreadable::from(
        Diagnostic::error(
            "import-no-figures-sheet",
            file,
            "no sheet of this workbook has a header row with `province` and `indicator`",
        )
        .help("the figures sheet's first row names the columns (`province`, `indicator`, `period`, …), as in the downloads")
        .vi("không trang tính nào của sổ tính này có hàng tiêu đề chứa `province` và `indicator`")
        .vi_help("hàng đầu tiên của trang số liệu ghi tên các cột (`province`, `indicator`, `period`, …) như trong tệp tải về"),
    ))
}

/// Every sheet of the workbook at `path` that has a cell filled, in the workbook's order: its
/// first row (the first one with a cell filled) is the header.
pub fn read_sheets(path: &Path, file: &str) -> Result<Vec<Table>, Unreadable> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(file, e))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(file, e))?;
        let sheet: Arc<str> = Arc::from(name.as_str());
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = range.rows().enumerate().map(|(r, cells)| {
            cells
                .iter()
                .enumerate()
                .map(|(c, data)| Cell {
                    value: cell_value(data),
                    place: Place::Sheet {
                        sheet: Arc::clone(&sheet),
                        row: top + r as u32,
                        col: left + c as u32,
                    },
                })
                .collect::<Vec<Cell>>()
        });
        let Some(header) = rows.next() else {
            continue;
        };
        let rows = rows
            .filter(|row| row.iter().any(|c| c.value != CellValue::Empty))
            .collect();
        out.push(Table {
            file: file.to_string(),
            text: None,
            header,
            rows,
        });
    }
    Ok(out)
}

fn cell_value(data: &calamine::Data) -> CellValue {
    use calamine::Data;
    match data {
        Data::Empty => CellValue::Empty,
        Data::String(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, min, s, ms) = dt.to_ymd_hms_milli();
            match Date::new(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) if (h, min, s, ms) == (0, 0, 0, 0) => CellValue::Date(date),
                _ => CellValue::Other(format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}")),
            }
        }
        Data::DateTimeIso(s) => match Date::parse_iso(s.get(..10).unwrap_or(s)) {
            Some(date)
                if s.len() == 10
                    || s.get(10..).is_some_and(|t| {
                        t.trim_start_matches('T')
                            .trim_matches(['0', ':'])
                            .is_empty()
                    }) =>
            {
                CellValue::Date(date)
            }
            _ => CellValue::Other(s.clone()),
        },
        Data::DateTime(dt) => CellValue::Other(format!("{}", dt.as_f64())),
        Data::DurationIso(s) => CellValue::Other(s.clone()),
        Data::Error(e) => CellValue::Other(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        assert_eq!(Place::cell_name(0, 0), "A1");
        assert_eq!(Place::cell_name(13, 2), "C14");
        assert_eq!(Place::cell_name(0, 26), "AA1");
        assert_eq!(Place::cell_name(0, 701), "ZZ1");
        assert_eq!(Place::cell_name(0, 702), "AAA1");
    }

    #[test]
    fn fields_are_found_on_their_line_and_column() {
        let crlf = "a,b\r\n1,2\r\n";
        let at = field_starts(crlf, crlf.find('\n').unwrap_or(0), 1, 2);
        let p = |line, column| Position { line, column };
        assert_eq!(at, vec![p(2, 1), p(2, 3)], "after a CRLF line end");
        let text = "a,b,c\n1,\"x,\ny\",ế,4\n";
        let second = text.find('1').unwrap_or(0);
        let at = field_starts(text, second, 2, 4);
        let p = |line, column| Position { line, column };
        assert_eq!(at, vec![p(2, 1), p(2, 3), p(3, 4), p(3, 6)]);
    }
}
