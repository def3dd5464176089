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
//! The figures sheets are written in rust_xlsxwriter's low-memory mode: each row goes to a
//! temporary file (in the system's temporary folder) as soon as it is written, and each text
//! once into the workbook's table of shared strings (as Excel writes its own files), the cell
//! holding its number there. On the synthetic national site (700,000 rows) writing rows to
//! a file instead of holding them took the site's workbook from 18.5 s to 12.7 s and the
//! build's peak memory from 4.6 GB to 2.6 GB; shared strings instead of strings written in
//! each cell (the constant-memory mode) then made the workbooks 6 % cheaper in instructions
//! and 9 % smaller (the site's 77.9 MB → 70.9 MB), the table holding only the distinct texts
//! (names, labels, citations).

use super::caught;
use super::columns::{cells, since_text, Cell, COLUMNS};
use super::rows::Row;
use super::write::Downloads;
use crate::cache::{Cache, Key};
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

/// The workbook of the rows at `at` (positions in [`Downloads::rows`]), from the cache when
/// an earlier build made the same one, and its key in the cache (`None` without a cache): the
/// same key, the same bytes.
pub fn workbook(
    d: &Downloads,
    at: &[usize],
    cache: &Cache,
) -> Result<(Vec<u8>, Option<blake3::Hash>), String> {
    let rows: Vec<&Row> = at.iter().filter_map(|i| d.rows.get(*i)).collect();
    let tables = [indicators(d, &rows), sources(d, &rows)];
    let key = key(d, at, &[&tables[0], &tables[1]], SHEET_ROWS, cache);
    let bytes = cache.made(key, || workbook_of(&rows, &tables, SHEET_ROWS))?;
    Ok((bytes, key))
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
pub fn workbook_with(d: &Downloads, rows: &[&Row], sheet_rows: usize) -> Result<Vec<u8>, String> {
    let tables = [indicators(d, rows), sources(d, rows)];
    workbook_of(rows, &tables, sheet_rows)
}

/// rust_xlsxwriter's message when a write to a sheet's temporary file fails: it panics with
/// it rather than return the error.
const TEMPORARY_WRITE: &str = "Couldn't write to xml file";

/// The workbook of `rows` and its two small sheets, or why it could not be made. A failure
/// of the temporary files (the figures sheets' rows, written to the system's temporary
/// folder: a full disk there, a folder that does not exist) names that folder, where the
/// user must make room or which `TMPDIR` can change. An `IoError` comes only from those
/// files here: the workbook itself is laid out in memory.
fn workbook_of(rows: &[&Row], tables: &[Table], sheet_rows: usize) -> Result<Vec<u8>, String> {
    let in_temporary =
        |e: &dyn std::fmt::Display| format!("{}: {e}", std::env::temp_dir().display());
    match caught::write_failure(TEMPORARY_WRITE, || book_of(rows, tables, sheet_rows)) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(XlsxError::IoError(e))) | Err(e) => Err(in_temporary(&e)),
        Ok(Err(e)) => Err(e.to_string()),
    }
}

fn book_of(rows: &[&Row], tables: &[Table], sheet_rows: usize) -> Result<Vec<u8>, XlsxError> {
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
        let sheet = book.add_worksheet_with_low_memory()?;
        sheet.set_name(figures_sheet(n + 1))?;
        header(sheet, &names, &f)?;
        for (i, row) in chunk.iter().enumerate() {
            let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (col, cell) in cells(row).enumerate() {
                write_cell(sheet, r, col as u16, &cell, &f)?;
            }
        }
    }
    for table in tables {
        write_table(book.add_worksheet(), table, &f)?;
    }
    book.save_to_buffer()
}

/// A small sheet (indicators, sources): its header and its rows of cells.
struct Table<'a> {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<Cell<'a>>>,
}

fn write_table(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    header(sheet, table.header, f)?;
    for (i, cells) in table.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (col, cell) in cells.iter().enumerate() {
            write_cell(sheet, r, col as u16, cell, f)?;
        }
    }
    Ok(())
}

/// The indicators the figures use, in catalogue order.
fn indicators<'d>(d: &'d Downloads, rows: &[&Row]) -> Table<'d> {
    let order = d.source.catalogue_order();
    let mut present: Vec<&Slug> = rows.iter().map(|r| &r.indicator.id).collect();
    present.sort_by_key(|id| (order.get(id).copied().unwrap_or(usize::MAX), *id));
    present.dedup();
    let rows = present
        .iter()
        .filter_map(|id| d.source.site.indicators.get(*id))
        .map(|ind| {
            let dimensions: Vec<&str> = ind.dimensions.iter().map(|d| d.as_str()).collect();
            vec![
                Cell::text(ind.id.as_str()),
                Cell::text(&ind.label.vi),
                Cell::text(&ind.label.en),
                Cell::text(&ind.description.vi),
                Cell::text(&ind.description.en),
                Cell::text(ind.unit.id()),
                Cell::text(ind.scope.id()),
                Cell::text(ind.group.as_str()),
                Cell::text_owned(dimensions.join(", ")),
                ind.since
                    .map(since_text)
                    .map_or(Cell::Empty, Cell::text_owned),
            ]
        })
        .collect();
    Table {
        name: INDICATORS_SHEET,
        header: &[
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
        rows,
    }
}

/// Each report document of the provinces the figures come from, by province and period.
fn sources<'d>(d: &'d Downloads, rows: &[&Row]) -> Table<'d> {
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
    let rows = documents
        .iter()
        .map(|doc| {
            let note = doc.note.as_ref();
            vec![
                Cell::text(doc.province.as_str()),
                Cell::text_owned(doc.period.key()),
                Cell::text(&doc.file),
                Cell::opt(doc.number.as_deref()),
                doc.issued.map_or(Cell::Empty, Cell::Date),
                Cell::Boolean(doc.draft),
                Cell::opt(doc.url.as_deref()),
                Cell::text(&doc.issuer.vi),
                Cell::opt(doc.issuer.en.as_deref()),
                Cell::opt(note.map(|n| n.vi.as_str())),
                Cell::opt(note.and_then(|n| n.en.as_deref())),
            ]
        })
        .collect();
    Table {
        name: SOURCES_SHEET,
        header: &[
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
        rows,
    }
}

/// Add a cell to a key: its kind and its content, so that two keys are equal only when
/// [`write_cell`] writes the same thing.
fn hash_cell(key: &mut Key, cell: &Cell) {
    match cell {
        Cell::Empty => key.number(0),
        Cell::Text(t) => key.number(1).bytes(t.as_bytes()),
        Cell::Number(x) => key.number(2).number(x.to_bits()),
        Cell::Decimal { value, decimals } => key
            .number(3)
            .number(value.to_bits())
            .number(u64::from(*decimals)),
        Cell::Integer(i) => key.number(4).number(*i as u64),
        Cell::Date(d) => key
            .number(5)
            .number(d.year() as u64)
            .number(u64::from(d.month()))
            .number(u64::from(d.day())),
        Cell::Boolean(b) => key.number(6).number(u64::from(*b)),
    };
}

/// The digest of a figure row's cells ([`cells`], as the figures sheet writes them): computed
/// once per row, and part of the key of every workbook that holds the row.
pub fn row_digest(cells: &[Cell]) -> [u8; 32] {
    let mut key = Key::plain();
    for cell in cells {
        hash_cell(&mut key, cell);
    }
    *key.finish().as_bytes()
}

/// The key of the workbook of `rows` ([`workbook_with`]), from the rows' digests: `None`
/// without a cache.
fn key(
    d: &Downloads,
    rows: &[usize],
    tables: &[&Table],
    sheet_rows: usize,
    cache: &Cache,
) -> Option<blake3::Hash> {
    let mut key = cache.key("xlsx")?;
    key.number(sheet_rows as u64);
    key.number(rows.len() as u64);
    for i in rows {
        key.fixed(d.digest(*i)?);
    }
    for table in tables {
        key.bytes(table.name.as_bytes());
        for name in table.header {
            key.bytes(name.as_bytes());
        }
        key.number(table.rows.len() as u64);
        for cells in &table.rows {
            key.number(cells.len() as u64);
            for cell in cells {
                hash_cell(&mut key, cell);
            }
        }
    }
    Some(key.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::opendata::files::Scope;
    use calamine::{Data, Reader, Xlsx};

    /// The figures sheets' rows go through a temporary file; a write to it that fails (here
    /// past a file size limit, as on a full disk) is an error naming the temporary folder, not
    /// a panic. The workbook is made in a child process of this test binary, run with
    /// `ulimit -f` (and the signal of that limit ignored, so that the write fails instead).
    #[cfg(unix)]
    #[test]
    fn a_failed_write_to_the_temporary_file_is_an_error_not_a_panic() {
        const CHILD: &str = "MINHBACH_TEST_XLSX_LIMITED";
        const NAME: &str = "site::opendata::xlsx::tests::a_failed_write_to_the_temporary_file_is_an_error_not_a_panic";
        if std::env::var_os(CHILD).is_some() {
            crate::site::opendata::write::with_fixture("base", |rows| {
                let none = Cache::none();
                let d = Downloads::new(rows, &none).unwrap();
                let all = d.rows_of(Scope::Site);
                // About 60 MB of sheet XML, far past the 64 KB limit.
                let many: Vec<&Row> = all.iter().copied().cycle().take(40_000).collect();
                match workbook_with(&d, &many, SHEET_ROWS) {
                    Err(why) => println!("workbook refused: {why}"),
                    Ok(bytes) => println!("workbook made: {} bytes", bytes.len()),
                }
            });
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
            .arg(exe)
            .args(["--exact", NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        let temp = std::env::temp_dir().display().to_string();
        let expected = format!(
            "workbook refused: {temp}: {}",
            std::io::Error::from_raw_os_error(27)
        );
        assert!(stdout.contains(&expected), "{stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.status.success(), "{stdout}\n{stderr}");
    }

    #[test]
    fn figures_past_a_sheet_go_on_the_next_sheet_with_the_header() {
        crate::site::opendata::write::with_fixture("base", |rows| {
            let none = Cache::none();
            let d = Downloads::new(rows, &none).unwrap();
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
