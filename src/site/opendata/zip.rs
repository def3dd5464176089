//! The zip of every data file (`data/all-data.zip`), with the `zip` crate.
//!
//! Each file is compressed on its own as soon as it is made ([`Entry::compress`], in
//! parallel with the others), and [`archive`] only lays the compressed entries out, sorted by
//! path, without compressing them again. Workbooks, zips themselves, are stored as they are;
//! everything else is deflated at level 1 (the fastest: the data repeat a
//! lot, so it still shrinks them several times), every entry dated 1980-01-01 00:00 (the
//! earliest date a zip can hold: never the clock), Unix permissions 0644: the same bytes
//! every build.

use ::zip::write::{PreparedZipFile, SimpleFileOptions};
use ::zip::{CompressionMethod, DateTime, System, ZipWriter};

/// One file, compressed, with its path inside the zip.
pub struct Entry {
    path: String,
    prepared: PreparedZipFile,
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644)
        .large_file(false)
}

impl Entry {
    /// Compress `bytes` as the entry `path` (site-relative: `data/figures.csv`).
    pub fn compress(path: &str, bytes: &[u8]) -> Result<Entry, String> {
        // A file over 4 GiB needs the zip64 fields.
        let mut options = options().large_file(bytes.len() as u64 >= u64::from(u32::MAX));
        // A workbook is a zip already: stored as it is, not compressed a second time.
        if path.ends_with(".xlsx") {
            options = options
                .compression_method(CompressionMethod::Stored)
                .compression_level(None);
        }
        let prepared =
            PreparedZipFile::from_data(path, options, bytes).map_err(|e| e.to_string())?;
        Ok(Entry {
            path: path.to_string(),
            prepared,
        })
    }
}

/// The zip of `entries`, sorted by path.
pub fn archive(mut entries: Vec<Entry>) -> Result<Vec<u8>, String> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for entry in entries {
        zip.add_prepared_file(entry.prepared)
            .map_err(|e| e.to_string())?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| e.to_string())
}
