//! Every data file of the site, handed to a sink as it is made: each scope's CSV, JSON and
//! XLSX ([`super::files`] names them), the data package, and the zip of them all.
//!
//! Made for a national site (700,000 rows, thousands of files): the rows are built once
//! ([`Rows::all`], in parallel by province) and grouped by scope; each row is encoded to CSV
//! and to JSON once, and the files of every scope that holds it are the concatenation of
//! those bytes. Files are made, handed over and compressed for the zip in parallel; the zip
//! then copies the compressed entries without compressing them again.

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
    /// The bytes of row `i` (empty past the end).
    pub fn row(&self, i: usize) -> &[u8] {
        let start = match i {
            0 => 0,
            i => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or(&[])
    }
}

/// Rows are encoded in chunks of this many, one chunk per task.
const CHUNK: usize = 4096;

/// Every row's bytes in one format, chunk by chunk.
struct Chunked(Vec<Encoded>);

impl Chunked {
    fn row(&self, i: usize) -> &[u8] {
        self.0.get(i / CHUNK).map_or(&[], |c| c.row(i % CHUNK))
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
    pub fn csv(&self, scope: Scope) -> Vec<u8> {
        let selection = self.selection(scope);
        let size: usize = selection.iter().map(|i| self.csv.row(i).len()).sum();
        let mut out = Vec::with_capacity(self.csv_header.len() + size);
        out.extend_from_slice(&self.csv_header);
        for i in selection.iter() {
            out.extend_from_slice(self.csv.row(i));
        }
        out
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

    /// The JSON file of a scope.
    pub fn json(&self, scope: Scope) -> std::io::Result<Vec<u8>> {
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
        json::file(
            &self.about(scope),
            indicators,
            selection.iter().map(|i| self.json.row(i)),
        )
    }

    /// A scope's file in `format`.
    pub fn file(&self, scope: Scope, format: Format) -> Result<Vec<u8>, String> {
        match format {
            Format::Csv => Ok(self.csv(scope)),
            Format::Json => self.json(scope).map_err(|e| e.to_string()),
            Format::Xlsx => {
                let at: Vec<usize> = self.selection(scope).iter().collect();
                xlsx::workbook(self, &at, self.cache)
            }
        }
    }

    /// The number of rows of a scope.
    pub fn count(&self, scope: Scope) -> usize {
        self.selection(scope).len()
    }
}

/// Where the files go: given each file's site-relative path and bytes.
pub type Sink<'a, E> = dyn Fn(&str, Vec<u8>) -> Result<(), E> + Sync + 'a;

/// Make every data file of the site and hand each to `sink` (in parallel, in no set order),
/// the zip last. Workbooks and compressed zip entries that an earlier build made from the
/// same inputs are taken from `cache`.
pub fn write_all<E: Send>(rows: &Rows, sink: &Sink<E>, cache: &Cache) -> Result<(), Failure<E>> {
    let completeness = completeness_csv(rows).map_err(encode_failure(completeness::CSV))?;
    sink(completeness::CSV, completeness).map_err(Failure::Sink)?;
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
    let hand_over = |path: String, bytes: Vec<u8>| -> Result<zip::Entry, Failure<E>> {
        let entry = zip::Entry::compress(&path, &bytes, cache).map_err(encode_failure(&path))?;
        sink(&path, bytes).map_err(Failure::Sink)?;
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
            let bytes = downloads
                .file(*scope, *format)
                .map_err(encode_failure(&path))?;
            hand_over(path, bytes)
        })
        .collect::<Result<_, _>>()?;
    let package = datapackage::package(&downloads, &scopes)
        .map_err(|e| encode_failure(files::DATAPACKAGE)(e.to_string()))?;
    // The rows and their encodings (on a national site about a gigabyte) are not needed to
    // lay out the zip: freed before it is, they are not held beside it.
    drop(downloads);
    entries.push(hand_over(files::DATAPACKAGE.to_string(), package)?);
    let schema =
        datapackage::schema_file().map_err(|e| encode_failure(files::SCHEMA)(e.to_string()))?;
    entries.push(hand_over(files::SCHEMA.to_string(), schema)?);
    let archive = zip::archive(entries).map_err(encode_failure(files::ZIP))?;
    sink(files::ZIP, archive).map_err(Failure::Sink)
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
        let keep = |p: &str, bytes: Vec<u8>| -> Result<(), String> {
            if p == files::ZIP {
                *zip.lock().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
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
        Some((scope, format)) => downloads.file(scope, format),
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
            let sink = |path: &str, _: Vec<u8>| -> Result<(), ()> {
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

    #[test]
    fn a_file_made_alone_is_the_file_written() {
        with_fixture("base", |rows| {
            let written = Mutex::new(std::collections::BTreeMap::new());
            let sink = |path: &str, bytes: Vec<u8>| -> Result<(), ()> {
                written.lock().unwrap().insert(path.to_string(), bytes);
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
