//! The workbook download (the site's and each province's), with `rust_xlsxwriter`.
//!
//! Three sheets: "Số liệu (figures)", the tidy table (numbers as numbers, dates as dates shown
//! `yyyy-mm-dd`, a printed rate with its printed decimals as its number format); "Chỉ tiêu
//! (indicators)", the definition of each indicator the figures use; "Nguồn (sources)", each
//! report document of the provinces in the file. Text is always written as a string, never
//! as a formula, whatever it starts with. A sheet holds at most 1,048,576 rows: more figures
//! go on "Số liệu 2 (figures 2)" and so on, each with the header row.
//!
//! The document's creation date is fixed (1980-01-01), so two builds give the same bytes.
//!
//! The figures sheets are written in rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file (in the system's temporary folder) as soon as it is written, strings inline
//! instead of in a shared table. On the synthetic national site (700,000 rows) that took the
//! site's workbook from 18.5 s to 12.7 s and the build's peak memory from 4.6 GB to 2.6 GB.

use super::columns::{since_text, Cell, COLUMNS};
use super::rows::Row;
use super::write::Downloads;
use crate::model::{Date, ReportDocument, Slug};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The most rows a sheet can hold (Excel's limit), the header included.
pub const SHEET_ROWS: usize = 1_048_576;

/// The name of the `n`th figures sheet (from 1).
pub fn figures_sheet(n: usize) -> String {
    match n {
        1 => "Số liệu (figures)".to_string(),
        n => format!("Số liệu {n} (figures {n})"),
    }
}

pub const INDICATORS_SHEET: &str = "Chỉ tiêu (indicators)";
pub const SOURCES_SHEET: &str = "Nguồn (sources)";

/// The workbook of `rows`.
pub fn workbook(d: &Downloads, rows: &[&Row]) -> Result<Vec<u8>, XlsxError> {
    workbook_with(d, rows, SHEET_ROWS)
}

/// Formats shared by the cells.
struct Formats {
    header: Format,
    date: Format,
    /// A printed rate with 0, 1, 2… decimals.
    decimals: Vec<Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            decimals: (0..=6)
                .map(|n| match n {
                    0 => Format::new().set_num_format("0"),
                    n => Format::new().set_num_format(format!("0.{}", "0".repeat(n))),
                })
                .collect(),
        }
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    let part = |x: u32| u8::try_from(x).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()));
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, part(d.month())?, part(d.day())?)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(t) => {
            sheet.write_string(row, col, t.as_ref())?;
        }
        Cell::Number(x) => {
            sheet.write_number(row, col, *x)?;
        }
        Cell::Decimal { value, decimals } => {
            let format = f.decimals.get(*decimals as usize);
            match format {
                Some(format) => sheet.write_number_with_format(row, col, *value, format)?,
                None => sheet.write_number(row, col, *value)?,
            };
        }
        Cell::Integer(i) => {
            sheet.write_number(row, col, *i as f64)?;
        }
        Cell::Date(d) => {
            sheet.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
        }
        Cell::Boolean(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

fn header(sheet: &mut Worksheet, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook of `rows`, with at most `sheet_rows` rows a sheet (tests use a small one).
pub fn workbook_with(
    d: &Downloads,
    rows: &[&Row],
    sheet_rows: usize,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    // A fast deflate level: at the default (6) compressing a national site's workbooks took a
    // fifth of its build's CPU; level 2 saves most of that (site workbook 77 MB instead of 64;
    // level 1 saved no more time and made it 104 MB).
    book.set_zip_compression_level(2);
    let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    let per_sheet = sheet_rows.saturating_sub(1).max(1);
    let mut chunks = rows.chunks(per_sheet).enumerate().peekable();
    if chunks.peek().is_none() {
        let sheet = book.add_worksheet();
        sheet.set_name(figures_sheet(1))?;
        header(sheet, &names, &f)?;
    }
    for (n, chunk) in chunks {
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(figures_sheet(n + 1))?;
        header(sheet, &names, &f)?;
        for (i, row) in chunk.iter().enumerate() {
            let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (col, c) in COLUMNS.iter().enumerate() {
                write_cell(sheet, r, col as u16, &(c.get)(row), &f)?;
            }
        }
    }
    indicators(book.add_worksheet(), d, rows, &f)?;
    sources(book.add_worksheet(), d, rows, &f)?;
    book.save_to_buffer()
}

fn text_cells(sheet: &mut Worksheet, r: u32, cells: &[Option<&str>]) -> Result<(), XlsxError> {
    for (col, text) in cells.iter().enumerate() {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            sheet.write_string(r, col as u16, text)?;
        }
    }
    Ok(())
}

/// The indicators the figures use, in catalogue order.
fn indicators(
    sheet: &mut Worksheet,
    d: &Downloads,
    rows: &[&Row],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(INDICATORS_SHEET)?;
    header(
        sheet,
        &[
            "indicator",
            "label_vi",
            "label_en",
            "description_vi",
            "description_en",
            "unit",
            "scope",
            "group",
            "dimensions",
            "since",
        ],
        f,
    )?;
    let order = d.source.catalogue_order();
    let mut present: Vec<&Slug> = rows.iter().map(|r| &r.indicator.id).collect();
    present.sort_by_key(|id| (order.get(id).copied().unwrap_or(usize::MAX), *id));
    present.dedup();
    for (i, id) in present.iter().enumerate() {
        let Some(ind) = d.source.site.indicators.get(*id) else {
            continue;
        };
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let dimensions: Vec<&str> = ind.dimensions.iter().map(|d| d.as_str()).collect();
        let dimensions = dimensions.join(", ");
        let since = ind.since.map(since_text);
        text_cells(
            sheet,
            r,
            &[
                Some(ind.id.as_str()),
                Some(&ind.label.vi),
                Some(&ind.label.en),
                Some(&ind.description.vi),
                Some(&ind.description.en),
                Some(ind.unit.id()),
                Some(ind.scope.id()),
                Some(ind.group.as_str()),
                Some(&dimensions),
                since.as_deref(),
            ],
        )?;
    }
    Ok(())
}

/// Each report document of the provinces the figures come from, by province and period.
fn sources(
    sheet: &mut Worksheet,
    d: &Downloads,
    rows: &[&Row],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(SOURCES_SHEET)?;
    header(
        sheet,
        &[
            "province",
            "period",
            "file",
            "number",
            "issued",
            "draft",
            "url",
            "issuer_vi",
            "issuer_en",
            "note_vi",
            "note_en",
        ],
        f,
    )?;
    let provinces: crate::FastSet<&Slug> = rows.iter().map(|r| &r.province.slug).collect();
    let mut documents: Vec<&ReportDocument> = d
        .source
        .site
        .reports
        .iter()
        .filter(|r| provinces.contains(&r.province))
        .collect();
    documents
        .sort_by(|a, b| (&a.province, a.period, &a.file).cmp(&(&b.province, b.period, &b.file)));
    for (i, doc) in documents.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let period = doc.period.key();
        let note = doc.note.as_ref();
        text_cells(
            sheet,
            r,
            &[
                Some(doc.province.as_str()),
                Some(&period),
                Some(&doc.file),
                doc.number.as_deref(),
                None,
                None,
                doc.url.as_deref(),
                Some(&doc.issuer.vi),
                doc.issuer.en.as_deref(),
                note.map(|n| n.vi.as_str()),
                note.and_then(|n| n.en.as_deref()),
            ],
        )?;
        if let Some(issued) = doc.issued {
            sheet.write_datetime_with_format(r, 4, excel_date(issued)?, &f.date)?;
        }
        sheet.write_boolean(r, 5, doc.draft)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::opendata::files::Scope;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn figures_past_a_sheet_go_on_the_next_sheet_with_the_header() {
        crate::site::opendata::write::with_fixture("base", |rows| {
            let d = Downloads::new(rows).unwrap();
            let all = d.rows_of(Scope::Site);
            assert_eq!(all.len(), 4);
            // Three rows a sheet: the header and two figures.
            let bytes = workbook_with(&d, &all, 3).unwrap();
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(
                book.sheet_names(),
                [
                    "Số liệu (figures)",
                    "Số liệu 2 (figures 2)",
                    INDICATORS_SHEET,
                    SOURCES_SHEET
                ]
            );
            let mut members = Vec::new();
            for sheet in ["Số liệu (figures)", "Số liệu 2 (figures 2)"] {
                let range = book.worksheet_range(sheet).unwrap();
                assert_eq!(range.get_size(), (3, COLUMNS.len()), "{sheet}");
                assert_eq!(range.get((0, 0)), Some(&Data::String("province".into())));
                let member_at = COLUMNS.iter().position(|c| c.name == "member").unwrap();
                members.extend((1..3).map(|r| range.get((r, member_at)).cloned()));
            }
            // The four rows in table order: two totals, then the two members.
            assert_eq!(
                members,
                [
                    Some(Data::Empty),
                    Some(Data::Empty),
                    Some(Data::String("passport".into())),
                    Some(Data::String("birth-registration".into())),
                ]
            );
        });
    }
}
