//! Every data file of the site, handed to a sink as it is made: each scope's CSV, JSON and
//! XLSX ([`super::files`] names them), the data package, and the zip of them all.
//!
//! Made for a national site (700,000 rows, thousands of files): the rows are built once
//! ([`Rows::all`], in parallel by province) and grouped by scope; each row is encoded to CSV
//! and to JSON once, and the files of every scope that holds it are the concatenation of
//! those bytes, handed over as the runs of rows they are made of ([`Pieces`]), never joined
//! into a buffer of their own (on a national site the site's CSV and JSON alone are 850 MB).
//! Files are made, handed over and compressed for the zip in parallel; the zip then copies
//! the compressed entries without compressing them again, written out as it is laid out.

use super::files::{self, Format, Scope};
use super::rows::{Row, Rows};
use super::{columns, csv, datapackage, json, xlsx, zip};
use crate::cache::Cache;
use crate::model::{Lang, Period, Slug};
use crate::site::completeness;
use crate::site::urls;
use crate::FastMap;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::ops::Range;

/// Rows encoded one after another in one buffer; `ends[i]` is where row `i` ends.
#[derive(Debug, Default)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub ends: Vec<usize>,
}

impl Encoded {
    /// Where row `i` starts.
    fn start(&self, i: usize) -> usize {
        match i {
            0 => 0,
            i => self.ends.get(i - 1).copied().unwrap_or(0),
        }
    }
}

/// A file as the slices of bytes it is made of, one after another: the rows of a scope are
/// not copied into a buffer of their own to be written.
pub type Pieces<'a> = Vec<&'a [u8]>;

/// Rows are encoded in chunks of this many, one chunk per task.
const CHUNK: usize = 4096;

/// Every row's bytes in one format, chunk by chunk.
struct Chunked(Vec<Encoded>);

impl Chunked {
    /// The bytes of the rows at `rows` (ascending), as few slices as they lie in: rows next
    /// to each other in one chunk are one slice.
    fn runs(&self, rows: impl Iterator<Item = usize>) -> Vec<&[u8]> {
        let mut runs = Vec::new();
        let mut run: Option<(usize, usize, usize)> = None; // chunk, first, last
        for i in rows {
            let (chunk, at) = (i / CHUNK, i % CHUNK);
            match &mut run {
                Some((c, _, last)) if *c == chunk && *last + 1 == at => *last = at,
                _ => {
                    runs.extend(run.and_then(|r| self.run(r)));
                    run = Some((chunk, at, at));
                }
            }
        }
        runs.extend(run.and_then(|r| self.run(r)));
        runs
    }

    fn run(&self, (chunk, first, last): (usize, usize, usize)) -> Option<&[u8]> {
        let encoded = self.0.get(chunk)?;
        let start = encoded.start(first);
        let end = encoded.ends.get(last).copied()?;
        encoded.bytes.get(start..end)
    }
}

/// Rows encoded to CSV and to JSON, and their digests when `digest` (for the build cache):
/// each row's cells are made once for the three.
fn encode(rows: &[Row], digest: bool) -> Result<(Encoded, Encoded, Vec<[u8; 32]>), String> {
    let mut csv = csv::Encoder::new(rows.len());
    let mut json = Encoded {
        bytes: Vec::with_capacity(rows.len() * 600),
        ends: Vec::with_capacity(rows.len()),
    };
    let mut digests = Vec::with_capacity(if digest { rows.len() } else { 0 });
    for row in rows {
        let cells: Vec<_> = columns::cells(row).collect();
        csv.push(&cells).map_err(|e| e.to_string())?;
        json::push(&mut json, &cells).map_err(|e| e.to_string())?;
        if digest {
            digests.push(xlsx::row_digest(&cells));
        }
    }
    Ok((csv.finish().map_err(|e| e.to_string())?, json, digests))
}

/// The digest of what made a data file's bytes: the same digest, the same bytes (for one
/// binary). The zip's entry of the file is found in the build cache under it, instead of
/// under the digest of the file's bytes (on a national site, 4 GB to read at every build).
#[derive(Debug, Clone, Copy)]
pub struct Made(pub blake3::Hash);

/// Why a data file could not be made or handed over.
#[derive(Debug)]
pub enum Failure<E> {
    /// A writer failed (a fault of minhbach: nothing in the data can cause it).
    Encode { path: String, why: String },
    /// The sink refused the file.
    Sink(E),
}

fn encode_failure<E>(path: &str) -> impl Fn(String) -> Failure<E> + '_ {
    move |why| Failure::Encode {
        path: path.to_string(),
        why,
    }
}

/// The rows of a scope: positions in the site's rows.
enum Selection<'a> {
    Range(Range<usize>),
    List(&'a [usize]),
}

impl Selection<'_> {
    fn iter(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        match self {
            Selection::Range(r) => Box::new(r.clone()),
            Selection::List(l) => Box::new(l.iter().copied()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Selection::Range(r) => r.len(),
            Selection::List(l) => l.len(),
        }
    }
}

/// The site's rows, encoded and grouped by scope.
pub struct Downloads<'a, 's> {
    pub source: &'a Rows<'a, 's>,
    pub rows: Vec<Row<'s>>,
    csv_header: Vec<u8>,
    csv: Chunked,
    json: Chunked,
    /// Each indicator's metadata, encoded, and its place in the catalogue.
    indicators: FastMap<&'s Slug, (usize, Vec<u8>)>,
    /// `about` without the scope.
    about: serde_json::Map<String, Value>,
    provinces: FastMap<&'s Slug, Range<usize>>,
    by_indicator: FastMap<&'s Slug, Vec<usize>>,
    by_report: FastMap<(&'s Slug, Period), Vec<usize>>,
    /// Each row's [`xlsx::row_digest`], for the workbooks' cache keys (empty without a
    /// cache).
    digests: Vec<[u8; 32]>,
    cache: &'a Cache,
}

impl<'a, 's> Downloads<'a, 's> {
    /// Build, encode and group the rows of the site; the error is the CSV writer's.
    /// Workbooks an earlier build made are taken from `cache`.
    pub fn new(source: &'a Rows<'a, 's>, cache: &'a Cache) -> Result<Self, String> {
        let rows = source.all();
        let parts = rows
            .par_chunks(CHUNK)
            .map(|chunk| encode(chunk, cache.is_on()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut csv_parts = Vec::with_capacity(parts.len());
        let mut json_parts = Vec::with_capacity(parts.len());
        let mut digests = Vec::new();
        for (csv, json, digest) in parts {
            csv_parts.push(csv);
            json_parts.push(json);
            digests.extend(digest);
        }
        let csv_header = csv::header().map_err(|e| e.to_string())?;
        let mut provinces: FastMap<&'s Slug, Range<usize>> = FastMap::default();
        let mut by_indicator: FastMap<&'s Slug, Vec<usize>> = FastMap::default();
        let mut by_report: FastMap<(&'s Slug, Period), Vec<usize>> = FastMap::default();
        for (i, row) in rows.iter().enumerate() {
            let o = row.observation;
            provinces
                .entry(&row.province.slug)
                .and_modify(|r| r.end = i + 1)
                .or_insert(i..i + 1);
            by_indicator.entry(&row.indicator.id).or_default().push(i);
            by_report
                .entry((&row.province.slug, o.period))
                .or_default()
                .push(i);
        }
        let site = source.site;
        let order = source.catalogue_order();
        let indicators = by_indicator
            .keys()
            .filter_map(|id| {
                let indicator = site.indicators.get(*id)?;
                let mut meta = Vec::new();
                json::write_value(&mut meta, &json::indicator(site, indicator)).ok()?;
                let at = order.get(id).copied().unwrap_or(usize::MAX);
                Some((*id, (at, meta)))
            })
            .collect();
        Ok(Downloads {
            source,
            csv_header,
            csv: Chunked(csv_parts),
            json: Chunked(json_parts),
            indicators,
            about: json::site_about(site),
            provinces,
            by_indicator,
            by_report,
            rows,
            digests,
            cache,
        })
    }

    /// Row `i`'s digest, `None` without a cache.
    pub fn digest(&self, i: usize) -> Option<&[u8; 32]> {
        self.digests.get(i)
    }

    fn selection<'d>(&'d self, scope: Scope<'_>) -> Selection<'d> {
        match scope {
            Scope::Site => Selection::Range(0..self.rows.len()),
            Scope::Province(p) => Selection::Range(self.provinces.get(p).cloned().unwrap_or(0..0)),
            Scope::Indicator(i) => {
                Selection::List(self.by_indicator.get(i).map_or(&[], Vec::as_slice))
            }
            Scope::Report(p, period) => {
                // The key holds the site's own slug: found through the provinces' map.
                let rows = self
                    .provinces
                    .get_key_value(p)
                    .and_then(|(p, _)| self.by_report.get(&(*p, period)));
                Selection::List(rows.map_or(&[], Vec::as_slice))
            }
        }
    }

    /// The rows of a scope, in table order.
    #[cfg(test)]
    pub fn rows_of(&self, scope: Scope) -> Vec<&Row<'s>> {
        let selection = self.selection(scope);
        selection.iter().filter_map(|i| self.rows.get(i)).collect()
    }

    /// The CSV file of a scope.
    fn csv(&self, scope: Scope) -> Pieces<'_> {
        let mut pieces = vec![self.csv_header.as_slice()];
        pieces.extend(self.csv.runs(self.selection(scope).iter()));
        pieces
    }

    /// What `about` says of a scope: the site's part, the scope and the pages that show it.
    fn about(&self, scope: Scope) -> Value {
        let site = self.source.site;
        let mut about = self.about.clone();
        let kind = match scope {
            Scope::Site => "site",
            Scope::Province(_) => "province",
            Scope::Indicator(_) => "indicator",
            Scope::Report(..) => "report",
        };
        let page_of = |lang: Lang| match scope {
            Scope::Site => urls::home(lang),
            Scope::Province(p) => urls::province(lang, p),
            Scope::Indicator(i) => urls::indicator(lang, i),
            Scope::Report(p, period) => {
                // A report has a page when a document or a narrative names it.
                let idx = self.source.idx;
                let has_page = self.provinces.get_key_value(p).is_some_and(|(p, _)| {
                    idx.document(p, period).is_some() || !idx.narrative_files(p, period).is_empty()
                });
                match has_page {
                    true => urls::report(lang, p, &period),
                    false => urls::province(lang, p),
                }
            }
        };
        let mut described = json!({ "kind": kind });
        match scope {
            Scope::Site => {}
            Scope::Province(p) => described["province"] = json!(p.as_str()),
            Scope::Indicator(i) => described["indicator"] = json!(i.as_str()),
            Scope::Report(p, period) => {
                described["province"] = json!(p.as_str());
                described["period"] = json!(period.key());
            }
        }
        about.insert("scope".into(), described);
        let pages: serde_json::Map<String, Value> = site
            .config
            .languages
            .iter()
            .map(|lang| {
                let url = self.source.urls.absolute(&page_of(*lang));
                (lang.code().to_string(), json!(url))
            })
            .collect();
        about.insert("pages".into(), Value::Object(pages));
        about.insert("columns".into(), json::columns());
        Value::Object(about)
    }

    /// The JSON file of a scope: its head (owned) and the pieces of its rows; the file is
    /// the head, then the pieces, then [`json::TAIL`].
    fn json(&self, scope: Scope) -> std::io::Result<(Vec<u8>, Pieces<'_>)> {
        let selection = self.selection(scope);
        let mut present: Vec<(&str, &(usize, Vec<u8>))> = Vec::new();
        let mut seen: crate::FastSet<&Slug> = crate::FastSet::default();
        for i in selection.iter() {
            if let Some(row) = self.rows.get(i) {
                let id = &row.indicator.id;
                if seen.insert(id) {
                    if let Some(meta) = self.indicators.get(id) {
                        present.push((id.as_str(), meta));
                    }
                }
            }
        }
        present.sort_by_key(|(id, (at, _))| (*at, *id));
        let indicators = present
            .into_iter()
            .map(|(id, (_, meta))| (id, meta.as_slice()));
        let head = json::head(&self.about(scope), indicators)?;
        let mut rows = self.json.runs(selection.iter());
        // Each row is encoded with the separator that goes before it (`json::push`); the
        // first row of a file goes without the comma.
        if let Some(first) = rows.first_mut() {
            *first = first.get(1..).unwrap_or_default();
        }
        Ok((head, rows))
    }

    /// A scope's file in `format`, handed to `put` as its pieces, with the digest of what
    /// made them (`None` without a cache; see [`Made`]).
    pub fn file<T>(
        &self,
        scope: Scope,
        format: Format,
        put: impl FnOnce(&[&[u8]], Option<Made>) -> T,
    ) -> Result<T, String> {
        Ok(match format {
            Format::Csv => {
                let made = self.made(format, &[&self.csv_header], scope);
                put(&self.csv(scope), made)
            }
            Format::Json => {
                let (head, rows) = self.json(scope).map_err(|e| e.to_string())?;
                let made = self.made(format, &[&head, json::TAIL], scope);
                let mut pieces = Vec::with_capacity(rows.len() + 2);
                pieces.push(head.as_slice());
                pieces.extend(rows);
                pieces.push(json::TAIL);
                put(&pieces, made)
            }
            Format::Xlsx => {
                let at: Vec<usize> = self.selection(scope).iter().collect();
                let (bytes, key) = xlsx::workbook(self, &at, self.cache)?;
                put(&[&bytes], key.map(Made))
            }
        })
    }

    /// What makes a scope's CSV or JSON file: its format, the bytes that are not rows
    /// (`own`), and its rows' digests, in order. A row's bytes in either format are made from
    /// the cells its digest is of; where they go is fixed by the format (the header first;
    /// the head, the rows with the first one's comma left out, the tail). `None` without a
    /// cache.
    fn made(&self, format: Format, own: &[&[u8]], scope: Scope) -> Option<Made> {
        let mut key = crate::cache::Key::plain();
        key.bytes(format.extension().as_bytes());
        key.number(own.len() as u64);
        for bytes in own {
            key.bytes(bytes);
        }
        let selection = self.selection(scope);
        key.number(selection.len() as u64);
        for i in selection.iter() {
            key.fixed(self.digest(i)?);
        }
        Some(Made(key.finish()))
    }

    /// The number of rows of a scope.
    pub fn count(&self, scope: Scope) -> usize {
        self.selection(scope).len()
    }
}

/// Where the files go. Any `Fn(&str, &[&[u8]]) -> Result<(), E>` is one that takes the zip
/// as one buffer too.
pub trait Sink: Sync {
    type Error: Send;

    /// The file `path` (site-relative), whose bytes are those of `pieces` one after another.
    fn put(&self, path: &str, pieces: &[&[u8]]) -> Result<(), Self::Error>;

    /// Hand over a file of which `made` (when known) says what made its bytes: a sink may
    /// take the file an earlier build made from the same instead of writing the bytes again.
    /// By default, [`Sink::put`].
    fn put_made(
        &self,
        path: &str,
        pieces: &[&[u8]],
        made: Option<Made>,
    ) -> Result<(), Self::Error> {
        let _ = made;
        self.put(path, pieces)
    }

    /// The zip `path` of `entries` ([`zip::archive`]): by default laid out in memory and
    /// handed to [`Sink::put`]; a sink that writes files can write it out as it is laid out.
    fn put_zip(&self, path: &str, entries: Vec<zip::Entry>) -> Result<(), Failure<Self::Error>> {
        let archive = zip::in_memory(entries).map_err(encode_failure(path))?;
        self.put(path, &[&archive]).map_err(Failure::Sink)
    }
}

impl<E: Send, F: Fn(&str, &[&[u8]]) -> Result<(), E> + Sync> Sink for F {
    type Error = E;

    fn put(&self, path: &str, pieces: &[&[u8]]) -> Result<(), E> {
        self(path, pieces)
    }
}

/// Make every data file of the site and hand each to `sink` (in parallel, in no set order),
/// the zip last. Workbooks and compressed zip entries that an earlier build made from the
/// same inputs are taken from `cache`.
pub fn write_all<S: Sink>(rows: &Rows, sink: &S, cache: &Cache) -> Result<(), Failure<S::Error>> {
    let completeness = completeness_csv(rows).map_err(encode_failure(completeness::CSV))?;
    sink.put(completeness::CSV, &[&completeness])
        .map_err(Failure::Sink)?;
    let scopes = files::scopes(rows.idx);
    if scopes.is_empty() {
        return Ok(());
    }
    let downloads = Downloads::new(rows, cache)
        .map_err(encode_failure(&files::path(Scope::Site, Format::Csv)))?;
    // The costliest files first (workbooks, then the files of many rows), so that the last
    // file to be made is a small one: on a national site the site's workbook alone is about a
    // third of the step's work.
    let mut jobs: Vec<(Scope, Format)> = scopes
        .iter()
        .flat_map(|s| files::formats(*s).iter().map(|f| (*s, *f)))
        .collect();
    jobs.sort_by_key(|(scope, format)| {
        let workbook = *format == Format::Xlsx;
        (!workbook, std::cmp::Reverse(downloads.count(*scope)))
    });
    let hand_over = |path: &str,
                     pieces: &[&[u8]],
                     made: Option<Made>|
     -> Result<zip::Entry, Failure<S::Error>> {
        let entry =
            zip::Entry::compress(path, pieces, made, cache).map_err(encode_failure(path))?;
        sink.put_made(path, pieces, made).map_err(Failure::Sink)?;
        Ok(entry)
    };
    // One file a task: rayon would otherwise hand each thread a long run of files to make in
    // turn (a quarter of the list to the first), which on a national site left one core
    // making every workbook while the other, its run of small files done, waited.
    let mut entries: Vec<zip::Entry> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|(scope, format)| {
            let path = files::path(*scope, *format);
            downloads
                .file(*scope, *format, |pieces, made| {
                    hand_over(&path, pieces, made)
                })
                .map_err(encode_failure(&path))?
        })
        .collect::<Result<_, _>>()?;
    let package = datapackage::package(&downloads, &scopes)
        .map_err(|e| encode_failure(files::DATAPACKAGE)(e.to_string()))?;
    // The rows and their encodings (on a national site about a gigabyte) are not needed to
    // lay out the zip: freed before it is, they are not held beside it.
    drop(downloads);
    entries.push(hand_over(files::DATAPACKAGE, &[&package], None)?);
    let schema =
        datapackage::schema_file().map_err(|e| encode_failure(files::SCHEMA)(e.to_string()))?;
    entries.push(hand_over(files::SCHEMA, &[&schema], None)?);
    sink.put_zip(files::ZIP, entries)
}

/// The one data file at `path` (site-relative, as [`files::all_paths`] names it), made alone
/// with the same code as [`write_all`], so its bytes are those `build` writes; `None` when
/// the site has no such file. The zip holds every other file, so it takes them all.
pub fn one_file(rows: &Rows, path: &str) -> Option<Result<Vec<u8>, String>> {
    if path == completeness::CSV {
        return Some(completeness_csv(rows));
    }
    let scopes = files::scopes(rows.idx);
    if path == files::ZIP {
        if scopes.is_empty() {
            return None;
        }
        let zip = std::sync::Mutex::new(None);
        let keep = |p: &str, pieces: &[&[u8]]| -> Result<(), String> {
            if p == files::ZIP {
                *zip.lock().unwrap_or_else(|e| e.into_inner()) = Some(pieces.concat());
            }
            Ok(())
        };
        let made = write_all(rows, &keep, &Cache::none()).map_err(|e| match e {
            Failure::Encode { path, why } => format!("{path}: {why}"),
            Failure::Sink(why) => why,
        });
        let zip = zip.into_inner().unwrap_or_else(|e| e.into_inner());
        return Some(made.and_then(|()| zip.ok_or_else(|| "no zip was made".to_string())));
    }
    if path == files::SCHEMA {
        let schema = datapackage::schema_file().map_err(|e| e.to_string());
        return (!scopes.is_empty()).then_some(schema);
    }
    let scope_file = scopes.iter().find_map(|scope| {
        files::formats(*scope)
            .iter()
            .find(|format| files::path(*scope, **format) == path)
            .map(|format| (*scope, *format))
    });
    if scope_file.is_none() && path != files::DATAPACKAGE {
        return None;
    }
    if scopes.is_empty() {
        return None;
    }
    let none = Cache::none();
    let downloads = match Downloads::new(rows, &none) {
        Ok(downloads) => downloads,
        Err(why) => return Some(Err(why)),
    };
    Some(match scope_file {
        Some((scope, format)) => downloads.file(scope, format, |p, _| p.concat()),
        None => datapackage::package(&downloads, &scopes).map_err(|e| e.to_string()),
    })
}

/// Who reported what, when ([`completeness::csv`]).
fn completeness_csv(rows: &Rows) -> Result<Vec<u8>, String> {
    let key = crate::site::key_indicators(rows.site);
    let filings = completeness::Filings::new(rows.idx, &key);
    completeness::csv(&filings, rows.site).map_err(|e| e.to_string())
}

/// A fixture site's downloads, for unit tests.
#[cfg(test)]
pub(crate) fn with_fixture<T>(fixture: &str, f: impl FnOnce(&Rows) -> T) -> T {
    #![allow(clippy::unwrap_used)]
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let site = crate::check(&root).unwrap().site.unwrap();
    let mut diags = crate::diagnostics::Diagnostics::default();
    let theme = crate::theme::load_theme(&root, &site.config.theme, &mut diags).unwrap();
    let idx = crate::site::cells::Index::new(&site);
    let urls = urls::Urls::new(&site.config.base_url);
    f(&Rows {
        site: &site,
        idx: &idx,
        urls: &urls,
        theme: &theme,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    #[test]
    fn the_files_written_are_the_files_named() {
        with_fixture("base", |rows| {
            let written = Mutex::new(BTreeSet::new());
            let sink = |path: &str, _: &[&[u8]]| -> Result<(), ()> {
                written.lock().unwrap().insert(path.to_string());
                Ok(())
            };
            assert!(write_all(rows, &sink, &Cache::none()).is_ok());
            let named: BTreeSet<String> = files::all_paths(rows.idx).into_iter().collect();
            assert_eq!(written.into_inner().unwrap(), named);
            assert!(named.contains("data/reports/alpha/2025-04.csv"));
            assert!(named.contains("data/provinces/alpha.xlsx"));
            // Beta has no figure of its own: no file.
            assert!(!named.iter().any(|p| p.contains("beta")), "{named:?}");
        });
    }

    /// Rows next to each other in one chunk are one run; a gap or a chunk's end starts
    /// another; the runs are the rows' bytes in order.
    #[test]
    fn the_runs_of_rows_are_their_bytes_joined() {
        let mut chunks = Vec::new();
        for c in 0..2 {
            let mut encoded = Encoded::default();
            for i in 0..CHUNK {
                encoded
                    .bytes
                    .extend_from_slice(format!("r{};", c * CHUNK + i).as_bytes());
                encoded.ends.push(encoded.bytes.len());
            }
            chunks.push(encoded);
        }
        let chunked = Chunked(chunks);
        let rows = [0, 1, 2, 4, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 3];
        let runs = chunked.runs(rows.iter().copied());
        let want: String = rows.iter().map(|i| format!("r{i};")).collect();
        assert_eq!(runs.concat(), want.as_bytes());
        // 0-2 | 4 | the first chunk's last | CHUNK, CHUNK+1 | CHUNK+3
        assert_eq!(runs.len(), 5, "{runs:?}");
        assert!(chunked.runs(std::iter::empty()).is_empty());
    }

    /// Every scope's JSON, joined from its pieces, is one JSON document with a figure per row.
    #[test]
    fn each_scope_s_json_is_a_document_of_its_rows() {
        with_fixture("base", |rows| {
            let none = Cache::none();
            let downloads = Downloads::new(rows, &none).unwrap();
            let scopes = files::scopes(rows.idx);
            assert!(scopes.len() > 3, "{}", scopes.len());
            for scope in scopes {
                let bytes = downloads
                    .file(scope, Format::Json, |p, _| p.concat())
                    .unwrap();
                let value: Value = serde_json::from_slice(&bytes).unwrap();
                let figures = value["figures"].as_array().unwrap();
                assert_eq!(figures.len(), downloads.count(scope), "{scope:?}");
                assert!(figures.iter().all(Value::is_object));
            }
        });
    }

    #[test]
    fn a_file_made_alone_is_the_file_written() {
        with_fixture("base", |rows| {
            let written = Mutex::new(std::collections::BTreeMap::new());
            let sink = |path: &str, pieces: &[&[u8]]| -> Result<(), ()> {
                written
                    .lock()
                    .unwrap()
                    .insert(path.to_string(), pieces.concat());
                Ok(())
            };
            assert!(write_all(rows, &sink, &Cache::none()).is_ok());
            let written = written.into_inner().unwrap();
            assert!(written.len() > 10, "{:?}", written.keys());
            for (path, bytes) in &written {
                let alone = one_file(rows, path).unwrap().unwrap();
                assert!(alone == *bytes, "{path} made alone differs");
            }
            for unknown in [
                "data/provinces/beta.csv",
                "data/figures.xml",
                "data/index.html",
            ] {
                assert!(one_file(rows, unknown).is_none(), "{unknown}");
            }
        });
    }
}
