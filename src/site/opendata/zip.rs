//! The zip of every data file (`data/all-data.zip`), with the `zip` crate.
//!
//! Each file is compressed on its own as soon as it is made ([`Entry::compress`], in
//! parallel with the others), into a zip of that one entry, which the build cache can keep
//! (an entry is a pure function of its path and bytes, found again by the digest of what made
//! the bytes when there is one: [`super::write::Made`]). [`archive`] only lays the compressed
//! entries out, sorted by path, copying each as it is (`raw_copy_file`), so an entry from the
//! cache and one made now give the same bytes. Workbooks, zips themselves, are stored as they
//! are; everything else is deflated at level 1 (the fastest: the data repeat a lot, so it
//! still shrinks them several times), every entry dated 1980-01-01 00:00 (the earliest date a
//! zip can hold: never the clock), Unix permissions 0644: the same bytes every build.

use super::write::Made;
use crate::cache::Cache;
use ::zip::write::{SimpleFileOptions, ZipFileBuilder};
use ::zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};
use std::io::{Cursor, Seek, Write};

/// One file, compressed, with its path inside the zip: a zip of that one entry.
pub struct Entry {
    path: String,
    zipped: Vec<u8>,
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

/// A zip of the one entry `path` holding the bytes of `pieces`, one after another.
fn zipped(path: &str, pieces: &[&[u8]]) -> Result<Vec<u8>, String> {
    let size: usize = pieces.iter().map(|p| p.len()).sum();
    // A file over 4 GiB needs the zip64 fields.
    let mut options = options().large_file(size as u64 >= u64::from(u32::MAX));
    // A workbook is a zip already: stored as it is, not compressed a second time.
    if path.ends_with(".xlsx") {
        options = options
            .compression_method(CompressionMethod::Stored)
            .compression_level(None);
    }
    let mut builder = ZipFileBuilder::new(path, options).map_err(|e| e.to_string())?;
    in_blocks(pieces, |block| builder.write_all(block)).map_err(|e| e.to_string())?;
    let prepared = builder.finish().map_err(|e| e.to_string())?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.add_prepared_file(prepared).map_err(|e| e.to_string())?;
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

/// The bytes handed to the compressor at a time.
const BLOCK: usize = 64 * 1024;

/// Hand the bytes of `pieces` to `write` in blocks of [`BLOCK`] bytes (the last one shorter).
///
/// Deflate's output depends on how its input is cut into writes, and the pieces of a data
/// file are cut where its rows lie in memory, which moves when another file's rows change:
/// cut into blocks of a fixed size, the same bytes give the same entry whether it is made now
/// or was made by an earlier build and kept in the cache.
fn in_blocks(
    pieces: &[&[u8]],
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut block: Vec<u8> = Vec::with_capacity(BLOCK);
    for piece in pieces {
        let mut rest: &[u8] = piece;
        while !rest.is_empty() {
            if block.is_empty() && rest.len() >= BLOCK {
                // A whole block inside one piece is handed over without being copied.
                let (whole, after) = rest.split_at(BLOCK);
                write(whole)?;
                rest = after;
                continue;
            }
            let take = (BLOCK - block.len()).min(rest.len());
            let (head, after) = rest.split_at(take);
            block.extend_from_slice(head);
            rest = after;
            if block.len() == BLOCK {
                write(&block)?;
                block.clear();
            }
        }
    }
    if block.is_empty() {
        return Ok(());
    }
    write(&block)
}

impl Entry {
    /// Compress the bytes of `pieces` as the entry `path` (site-relative:
    /// `data/figures.csv`), or take the entry from `cache` when an earlier build compressed
    /// the same bytes under that path: found by the digest of what `made` the bytes when
    /// there is one, else by the bytes' own digest.
    pub fn compress(
        path: &str,
        pieces: &[&[u8]],
        made: Option<Made>,
        cache: &Cache,
    ) -> Result<Entry, String> {
        let key = match made {
            Some(Made(made)) => cache
                .key("zip entry, made")
                .map(|mut k| k.bytes(path.as_bytes()).fixed(made.as_bytes()).finish()),
            None => cache
                .key("zip entry")
                .map(|mut k| k.bytes(path.as_bytes()).pieces(pieces).finish()),
        };
        let zipped = cache.made(key, || zipped(path, pieces))?;
        Ok(Entry {
            path: path.to_string(),
            zipped,
        })
    }
}

/// The zip of `entries`, sorted by path, written to `out` (returned when done).
pub fn archive<W: Write + Seek>(mut entries: Vec<Entry>, out: W) -> Result<W, String> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(out);
    for entry in entries {
        let mut one = ZipArchive::new(Cursor::new(entry.zipped)).map_err(|e| e.to_string())?;
        let file = one.by_index_raw(0).map_err(|e| e.to_string())?;
        zip.raw_copy_file(file).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())
}

/// The zip of `entries` in memory.
pub fn in_memory(entries: Vec<Entry>) -> Result<Vec<u8>, String> {
    // The archive is about the sum of its one-entry zips: room for it all at once, so that
    // the buffer is not copied each time it doubles.
    let size: usize = entries.iter().map(|e| e.zipped.len()).sum();
    archive(entries, Cursor::new(Vec::with_capacity(size))).map(Cursor::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn entries() -> Vec<Entry> {
        let none = Cache::none();
        ["data/b.csv", "data/a.json", "data/c.xlsx"]
            .iter()
            .map(|path| {
                let text = format!("{path},1\n").repeat(50);
                let (head, rest) = text.as_bytes().split_at(7);
                Entry::compress(path, &[head, rest], None, &none).unwrap()
            })
            .collect()
    }

    /// An entry is the same bytes however its pieces are cut (an entry kept by the build
    /// cache was made from pieces cut elsewhere): level-1 deflate over many rows, cut at no
    /// boundary, at small and odd ones, and at ones that straddle the compressor's blocks.
    #[test]
    fn an_entry_is_the_same_bytes_however_its_pieces_are_cut() {
        let text: String = (0..20_000)
            .map(|i| {
                format!(
                    "tinh-{:03},chi-tieu-{},{}.{},\"ghi chú {}\"\n",
                    i % 97,
                    i % 41,
                    i * 7919 % 100_003,
                    i % 10,
                    i % 13
                )
            })
            .collect();
        let bytes = text.as_bytes();
        assert!(bytes.len() > 5 * BLOCK);
        let cut = |sizes: &[usize]| -> Vec<&[u8]> {
            let mut out = Vec::new();
            let mut rest = bytes;
            for size in sizes.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (head, tail) = rest.split_at((*size).min(rest.len()));
                out.push(head);
                rest = tail;
            }
            out
        };
        let whole = zipped("data/a.csv", &[bytes]).unwrap();
        for sizes in [
            &[7][..],
            &[1000, 3],
            &[BLOCK - 1, 2],
            &[3 * BLOCK + 5, 17],
            &[250_001],
        ] {
            // Not `assert_eq!`: a difference would print two zips byte by byte.
            assert!(
                zipped("data/a.csv", &cut(sizes)).unwrap() == whole,
                "{sizes:?}"
            );
        }
        // And the entry holds the bytes.
        let mut one = ZipArchive::new(Cursor::new(whole)).unwrap();
        let mut read = Vec::new();
        std::io::Read::read_to_end(&mut one.by_index(0).unwrap(), &mut read).unwrap();
        assert_eq!(read, bytes);
    }

    /// The zip written out to a file as it is laid out (`build`) is the one laid out in
    /// memory (`serve`), and each entry holds its pieces joined.
    #[test]
    fn a_zip_written_out_is_the_zip_laid_out_in_memory() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("all.zip");
        let file = std::fs::File::create(&path).unwrap();
        let mut out = archive(entries(), std::io::BufWriter::new(file)).unwrap();
        out.flush().unwrap();
        drop(out);
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written, in_memory(entries()).unwrap());
        let mut zip = ZipArchive::new(Cursor::new(written)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut inside = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("data/b.csv").unwrap(), &mut inside)
            .unwrap();
        assert_eq!(inside, "data/b.csv,1\n".repeat(50));
    }
}
