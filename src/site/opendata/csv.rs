//! The CSV download: rows of the tidy table → CSV bytes, with the `csv` crate.
//!
//! UTF-8 with a byte order mark (Excel on Windows reads a CSV without one in the system's
//! code page and garbles Vietnamese; LibreOffice and Python's `encoding="utf-8-sig"` read
//! it), comma separated, lines ended by CRLF (RFC 4180, what Excel writes), a header row of
//! the column names. A field is quoted only when it must be (a comma, a quote, a line break).
//!
//! Each row is encoded once ([`encode`]) and its bytes are shared by every file that holds
//! it: the site's, its province's, its indicator's and its report's.
//!
//! A text cell that a spreadsheet would run as a formula (one starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) is written with a `'` in front, as OWASP advises
//! ([`guard`]); numbers are never touched (`-3.5` stays a number). [`unguard`] reads it back.

use super::columns::{Cell, COLUMNS};
use super::write::Encoded;
use std::borrow::Cow;

/// The byte order mark that tells a spreadsheet the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub use crate::load::table::codec::{guard, unguard};

/// A field of the CSV: text guarded, everything else in its machine form.
pub fn field<'c>(cell: &'c Cell<'_>) -> Cow<'c, str> {
    match cell {
        Cell::Text(t) => guard(t),
        cell => cell.plain(),
    }
}

fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The byte order mark and the header row.
pub fn header() -> Result<Vec<u8>, ::csv::Error> {
    let mut w = writer();
    w.write_record(COLUMNS.iter().map(|c| c.name))?;
    let mut out = BOM.to_vec();
    out.extend(w.into_inner().map_err(|e| e.into_error())?);
    Ok(out)
}

/// Rows encoded one by one from their cells (each row's cells are made once for every
/// format: `write::Downloads::new`).
pub struct Encoder {
    w: ::csv::Writer<Vec<u8>>,
    ends: Vec<usize>,
}

impl Encoder {
    pub fn new(rows: usize) -> Encoder {
        Encoder {
            w: writer(),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Add a row, its cells in the order of [`COLUMNS`].
    pub fn push(&mut self, cells: &[Cell]) -> Result<(), ::csv::Error> {
        self.w.write_record(
            cells
                .iter()
                .map(field)
                .collect::<Vec<_>>()
                .iter()
                .map(|f| f.as_bytes()),
        )?;
        self.w.flush()?;
        self.ends.push(self.w.get_ref().len());
        Ok(())
    }

    pub fn finish(self) -> Result<Encoded, ::csv::Error> {
        let bytes = self.w.into_inner().map_err(|e| e.into_error())?;
        Ok(Encoded {
            bytes,
            ends: self.ends,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_read_back() {
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("+84 90", "'+84 90"),
            ("-", "'-"),
            ("-abc", "'-abc"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-1", "'''-1"),
            ("'quoted'", "'quoted'"),
            ("Đồng Tháp", "Đồng Tháp"),
            ("2024-H1", "2024-H1"),
            ("", ""),
        ] {
            assert_eq!(guard(text), written, "{text:?}");
            assert_eq!(unguard(&guard(text)), text, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_never_guarded() {
        assert_eq!(field(&Cell::Number(-3.5)), "-3.5");
        assert_eq!(field(&Cell::Text(Cow::Borrowed("-3.5"))), "'-3.5");
    }
}
