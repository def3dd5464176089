//! Step 1 of the pipeline: disk → raw structs.
//!
//! Input: the site root. Output: [`Loaded`], every file's text and its raw structs, plus the
//! diagnostics of files that could not be read or parsed. This is the only module that knows
//! the data is YAML read by `serde_yaml` (deprecated upstream, so it stays confined here).
//! Walks are sorted, so the order of everything downstream is the same on every machine.

mod files;
mod kept_reads;
pub mod locate;
pub mod memo;
pub mod nesting;
pub mod raw;
mod recover;
mod serde_messages;
mod shape;
pub mod shortcode;
pub mod stamp;
pub mod table;
pub mod tables;
mod yaml_syntax;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
pub use files::{inside, walk_failure, IoFailure};
use files::{outside_error, sorted_files};
use locate::LocationIndex;
use memo::{Lookup, Memo};
use raw::{RawDimensionFile, RawFrontMatter, RawIndicatorFile, RawProvince, RawSite};
pub use recover::Dropped;
use recover::Recover;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A parsed YAML document with the index that locates its keys.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// Path relative to the site root, `/`-separated.
    pub file: String,
    pub value: T,
    pub index: LocationIndex,
}

/// A Markdown file split into front matter and body.
#[derive(Debug, Clone)]
pub struct RawPage {
    pub front: Located<RawFrontMatter>,
    pub body: crate::model::SharedText,
    pub body_line: usize,
}

/// Everything read from disk.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Located<RawSite>>,
    pub indicators: Option<Located<RawIndicatorFile>>,
    pub dimensions: Option<Located<RawDimensionFile>>,
    /// By file stem (the province slug as written), in file-name order. Each raw value is
    /// shared with `serve`'s next rebuild when its file does not change
    /// ([`memo::Memo::sharing`]).
    pub provinces: Vec<(String, Located<Arc<RawProvince>>)>,
    /// Province files that exist but could not be read or parsed (already reported): other
    /// files may still refer to them without a second, misleading error.
    pub unparsed_provinces: Vec<String>,
    pub pages: Vec<RawPage>,
    /// The tables of figures and tasks under `data/` (CSV, XLSX, ODS), per province.
    pub tables: Vec<tables::TableSource>,
    /// Entries left out of files that were read entry by entry (see `recover`): their
    /// problems are reported, and they name the cause of knock-on errors.
    pub dropped: Vec<Dropped>,
    /// The text of every file read, for diagnostics that quote a line.
    pub sources: BTreeMap<String, Arc<str>>,
}

/// Read the site under `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Loaded, IoFailure> {
    load_with(root, &Memo::none(), diags)
}

/// [`load`], taking from `memo` the raw values of texts an earlier run parsed, and keeping
/// there those it parses.
pub fn load_with(root: &Path, memo: &Memo, diags: &mut Diagnostics) -> Result<Loaded, IoFailure> {
    if !root.is_dir() {
        return Err(IoFailure {
            path: root.to_path_buf(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        });
    }
    let mut loaded = Loaded::default();
    let mut reader = Reader {
        root,
        walked: false,
        memo,
        sources: &mut loaded.sources,
        diags,
        dropped: &mut loaded.dropped,
    };
    loaded.site = reader.yaml_file("site.yaml", true)?;
    loaded.indicators = reader.yaml_file("data/indicators.yaml", true)?;
    loaded.dimensions = reader.yaml_file("data/dimensions.yaml", false)?;

    for dir in ["data/provinces", "content"] {
        let path = root.join(dir);
        if path.exists() && !inside(root, &path) {
            reader.diags.push(outside_error(dir));
        }
    }
    // Files are read and parsed in parallel, each with its own diagnostics, then merged in
    // file order, so the result is the same as reading them one by one.
    let provinces = in_parallel(
        root,
        memo,
        &sorted_files(root, "data/provinces", &["yaml", "yml"])?,
        |r, rel| r.shared_yaml_file::<RawProvince>(rel),
    );
    for (rel, doc, sources, diags, dropped) in provinces {
        reader.sources.extend(sources);
        reader.diags.extend(diags);
        reader.dropped.extend(dropped);
        let stem = rel
            .rsplit('/')
            .next()
            .and_then(|n| n.rsplit_once('.'))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        match doc? {
            Some(doc) => loaded.provinces.push((stem, doc)),
            None => loaded.unparsed_provinces.push(stem),
        }
    }
    let table_files: Vec<String> = sorted_files(root, "data", &tables::EXTENSIONS_ANY_CASE)?
        .into_iter()
        .filter(|rel| tables::is_table(rel))
        .collect();
    loaded.tables = tables::read(root, &table_files, reader.sources, reader.diags);
    let markdown = sorted_files(root, "content", &["md"])?;
    for rel in markdown.iter().filter(|rel| !published(rel)) {
        reader.diags.push(unpublished_page(rel));
    }
    let pages = in_parallel(root, memo, &markdown, |r, rel| r.markdown_file(rel));
    for (_, page, sources, diags, dropped) in pages {
        reader.sources.extend(sources);
        reader.diags.extend(diags);
        reader.dropped.extend(dropped);
        if let Some(page) = page? {
            loaded.pages.push(page);
        }
    }
    Ok(loaded)
}

/// What reading one file gave: its path, the result, the text read, its diagnostics and the
/// entries left out of it.
type ReadOne<T> = (
    String,
    Result<T, IoFailure>,
    BTreeMap<String, Arc<str>>,
    Diagnostics,
    Vec<Dropped>,
);

/// Read `files` in parallel with `read`, returning the results in the order of `files`.
/// `files` come from [`sorted_files`] (see [`Reader::walked`]).
/// A file whose stamp is the one it had when `serve`'s rebuild before read it is not read
/// again ([`kept_reads`]).
fn in_parallel<T: Clone + Send + Sync + 'static>(
    root: &Path,
    memo: &Memo,
    files: &[String],
    read: impl Fn(&mut Reader, &str) -> Result<T, IoFailure> + Sync,
) -> Vec<ReadOne<T>> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|rel| {
            let stamped = memo.reads.stamp(root, rel);
            if let Some((value, sources)) = stamped.as_ref().and_then(|s| memo.reads.take(rel, s)) {
                return (
                    rel.clone(),
                    Ok(value),
                    sources,
                    Diagnostics::default(),
                    Vec::new(),
                );
            }
            let mut sources = BTreeMap::new();
            let mut diags = Diagnostics::default();
            let mut dropped = Vec::new();
            let mut reader = Reader {
                root,
                walked: true,
                memo,
                sources: &mut sources,
                diags: &mut diags,
                dropped: &mut dropped,
            };
            let result = read(&mut reader, rel);
            if let (Some(stamped), Ok(value)) = (stamped, &result) {
                if diags.is_empty() && dropped.is_empty() {
                    memo.reads.keep(rel, stamped, value, &sources);
                }
            }
            (rel.clone(), result, sources, diags, dropped)
        })
        .collect()
}

/// The folders under `content/` whose Markdown files the site publishes: besides the pages
/// of `content/` itself, only the report narratives, `content/reports/<province>/<period>.md`
/// (what `site::plan` and `site::report` render).
pub const PUBLISHED_FOLDERS: &[&str] = &["reports"];

/// True when the Markdown file `rel` (`content/…`) is in a folder the site publishes.
fn published(rel: &str) -> bool {
    let inside = rel.strip_prefix("content/").unwrap_or(rel);
    match inside.split_once('/') {
        None => true,
        Some((folder, _)) => PUBLISHED_FOLDERS.contains(&folder),
    }
}

/// A Markdown file that is read and checked but would never become a page.
fn unpublished_page(rel: &str) -> Diagnostic {
    Diagnostic::warning(
        "unpublished-page",
        rel,
        format!("`{rel}` is in a folder the site does not publish"),
    )
    .help("only `content/*.md` (pages) and `content/reports/<province>/*.md` (report narratives) are published: move the file there, or out of `content/`")
    .vi(format!("`{rel}` nằm trong một thư mục không được xuất bản"))
    .vi_help("chỉ các tệp `content/*.md` (trang riêng) và `content/reports/<tỉnh>/*.md` (bài viết về báo cáo) được xuất bản: hãy chuyển tệp vào đó, hoặc ra khỏi `content/`")
}

struct Reader<'a> {
    root: &'a Path,
    /// The files read were found by [`sorted_files`]: a walk that follows no link, under a
    /// folder checked to be inside the site. Each is then a plain file inside the site, and
    /// is not checked again (resolving each path's links cost 8 system calls a page).
    walked: bool,
    /// Raw values parsed by an earlier run, by the digest of their text.
    memo: &'a Memo,
    sources: &'a mut BTreeMap<String, Arc<str>>,
    diags: &'a mut Diagnostics,
    dropped: &'a mut Vec<Dropped>,
}

impl Reader<'_> {
    /// Read a file as UTF-8 text. Invalid UTF-8 is the author's problem (a diagnostic); an
    /// unreadable file is not (an `IoFailure`).
    /// The text is shared with the table of sources (for diagnostics) and the location index.
    fn text(&mut self, rel: &str, required: bool) -> Result<Option<Arc<str>>, IoFailure> {
        let path = self.root.join(rel);
        if !self.walked && path.exists() && !inside(self.root, &path) {
            self.diags.push(outside_error(rel));
            return Ok(None);
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if required {
                    self.diags.push(
                        Diagnostic::error("missing-file", rel, format!("`{rel}` is missing"))
                            .help(format!(
                                "create `{rel}`; docs/data-format.md shows what it holds"
                            ))
                            .vi(format!("thiếu tệp `{rel}`"))
                            .vi_help(format!(
                                "hãy tạo tệp `{rel}`; tài liệu docs/data-format.md mô tả những gì cần viết trong tệp"
                            )),
                    );
                }
                return Ok(None);
            }
            Err(error) => return Err(IoFailure { path, error }),
        };
        // simdutf8 checks the bytes several times faster than the standard library on
        // Vietnamese text (most letters take two or three bytes): on a site of 10,000 pages
        // the check was a tenth of the build's CPU. Its `compat` flavour also says where the
        // first bad byte is.
        match simdutf8::compat::from_utf8(&bytes) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(text));
                self.sources.insert(rel.to_string(), Arc::clone(&text));
                Ok(Some(text))
            }
            Err(e) => {
                self.sources
                    .insert(rel.to_string(), Arc::from(String::from_utf8_lossy(&bytes)));
                let offset = e.valid_up_to();
                let before = bytes.get(..offset).unwrap_or(&bytes);
                let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                let column = offset
                    - before
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |p| p + 1)
                    + 1;
                self.diags.push(
                    Diagnostic::error("invalid-utf8", rel, "the file is not valid UTF-8 text")
                        .at(Some(Position { line, column }))
                        .help("save the file as UTF-8 (Unicode) in your editor")
                        .vi("tệp không phải là văn bản UTF-8: từ chỗ này có ký tự không đọc được")
                        .vi_help("hãy mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8 (Unicode)"),
                );
                Ok(None)
            }
        }
    }

    fn yaml_file<T: Recover>(
        &mut self,
        rel: &str,
        required: bool,
    ) -> Result<Option<Located<T>>, IoFailure> {
        let Some(text) = self.text(rel, required)? else {
            return Ok(None);
        };
        Ok(parse_yaml_recovering(
            rel,
            text,
            0,
            self.memo,
            self.diags,
            self.dropped,
        ))
    }

    /// [`Reader::yaml_file`] (required), with the value shared ([`parse_yaml_shared`]).
    fn shared_yaml_file<T: Recover + Send + Sync + 'static>(
        &mut self,
        rel: &str,
    ) -> Result<Option<Located<Arc<T>>>, IoFailure> {
        let Some(text) = self.text(rel, true)? else {
            return Ok(None);
        };
        let (memo, diags, dropped) = (self.memo, &mut *self.diags, &mut *self.dropped);
        Ok(parse_yaml_shared(rel, text, memo, diags, dropped))
    }

    fn markdown_file(&mut self, rel: &str) -> Result<Option<RawPage>, IoFailure> {
        let Some(text) = self.text(rel, true)? else {
            return Ok(None);
        };
        let Some((yaml, body, body_line)) = split_front_matter(&text) else {
            self.diags.push(
                Diagnostic::error("missing-front-matter", rel, "the page has no front matter")
                    .at(Some(Position { line: 1, column: 1 }))
                    .help("start the file with a `---` line, the page's `title:` and other fields, then another `---` line")
                    .vi("trang thiếu phần thông tin đầu trang (front matter)")
                    .vi_help("hãy bắt đầu tệp bằng một dòng `---`, tiếp theo là `title:` (tiêu đề trang) và các trường khác, rồi thêm một dòng `---` nữa"),
            );
            return Ok(None);
        };
        Ok(parse_yaml_recovering::<RawFrontMatter>(
            rel,
            Arc::from(yaml),
            1,
            self.memo,
            self.diags,
            self.dropped,
        )
        .map(|front| RawPage {
            front,
            body: crate::model::SharedText::within(&text, body),
            body_line,
        }))
    }
}

/// Parse one province file on its own (used by `new report` to read the province's name).
pub fn province_file(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<RawProvince> {
    parse_yaml::<RawProvince>(rel, Arc::from(text), 0, diags).map(|l| l.value)
}

/// Parse a flat `key: "text"` table (a theme's interface strings).
pub fn string_table(
    rel: &str,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    parse_yaml::<BTreeMap<String, String>>(rel, Arc::from(text), 0, diags).map(|l| l.value)
}

/// Split `---\n<yaml>\n---\n<body>`; returns the YAML, the body and the body's first line.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = yaml.lines().count() + 3;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Deserialize one YAML document, turning every parse problem into diagnostics.
pub(crate) fn parse_yaml<T: Recover>(
    rel: &str,
    text: Arc<str>,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Located<T>> {
    parse_yaml_recovering(
        rel,
        text,
        line_offset,
        &Memo::none(),
        diags,
        &mut Vec::new(),
    )
}

/// [`parse_yaml`], recording in `dropped` the entries left out of a file that serde could not
/// read whole. Such a file is read again entry by entry ([`recover`]): every missing and
/// unknown field of every entry is reported, and the document made of the other entries is
/// returned, so that their own checks still run.
///
/// A text `memo` holds is not parsed: its value is taken from there (see [`memo`]). A text
/// that parses whole is kept there.
fn parse_yaml_recovering<T: Recover>(
    rel: &str,
    text: Arc<str>,
    line_offset: usize,
    memo: &Memo,
    diags: &mut Diagnostics,
    dropped: &mut Vec<Dropped>,
) -> Option<Located<T>> {
    let key = match memo.get::<T>(&text) {
        Lookup::Found(value) => {
            return Some(Located {
                file: rel.to_string(),
                value,
                index: LocationIndex::new(text, line_offset),
            })
        }
        Lookup::Missing(key) => key,
    };
    parse_missing(rel, text, line_offset, key, memo, diags, dropped).map(|(located, _)| located)
}

/// [`parse_yaml_recovering`] with the value shared: the one the run before read from the same
/// text, when the memo kept it ([`Memo::sharing`]).
fn parse_yaml_shared<T: Recover + Send + Sync + 'static>(
    rel: &str,
    text: Arc<str>,
    memo: &Memo,
    diags: &mut Diagnostics,
    dropped: &mut Vec<Dropped>,
) -> Option<Located<Arc<T>>> {
    let key = match memo.get_shared::<T>(&text) {
        Lookup::Found(value) => {
            return Some(Located {
                file: rel.to_string(),
                value,
                index: LocationIndex::new(text, 0),
            })
        }
        Lookup::Missing(key) => key,
    };
    let (located, kept) = parse_missing::<T>(rel, text, 0, key, memo, diags, dropped)?;
    let value = Arc::new(located.value);
    if kept {
        memo.keep_shared(key, &value);
    }
    Some(Located {
        file: located.file,
        value,
        index: located.index,
    })
}

/// Parse a text the memo does not have (kept under `key` when it parses whole, nothing to
/// report: then `true`).
fn parse_missing<T: Recover>(
    rel: &str,
    text: Arc<str>,
    line_offset: usize,
    key: Option<blake3::Hash>,
    memo: &Memo,
    diags: &mut Diagnostics,
    dropped: &mut Vec<Dropped>,
) -> Option<(Located<T>, bool)> {
    let shifted = |mut at: Position| {
        at.line += line_offset;
        at
    };
    // libyaml must not meet deep flow nesting: its time grows with the size times the depth.
    match nesting::check(&text) {
        Ok(()) => {}
        Err(nesting::Refusal::TooDeep(at)) => {
            diags.push(nesting::too_deep(rel, Some(shifted(at))));
            return None;
        }
        Err(nesting::Refusal::Invalid(e)) => {
            diags.push(serde_messages::scan_error(rel, &e, line_offset));
            return None;
        }
    }
    let parsed = serde_yaml::from_str::<T>(&text);
    let index = LocationIndex::new(Arc::clone(&text), line_offset);
    match parsed {
        // Every mapping of the raw types refuses a duplicate key (structs by serde, maps by
        // `UniqueMap`), so a document that deserializes has none and needs no index yet.
        Ok(value) => {
            memo.keep(key, &value);
            let located = Located {
                file: rel.to_string(),
                value,
                index,
            };
            Some((located, true))
        }
        Err(e) => {
            // Nesting too deep is the one thing said about such a file: serde's complaint
            // (a list where a mapping was expected, its recursion limit) only follows from it.
            if let Some(at) = index.too_deep() {
                diags.push(nesting::too_deep(rel, Some(at)));
                return None;
            }
            for d in index.duplicates() {
                diags.push(duplicate_key(rel, d));
            }
            let d = serde_messages::serde_diagnostic(rel, &e, &text, &index, line_offset);
            // The index has reported every duplicate key with both positions.
            if d.code == "duplicate-key" && !index.duplicates().is_empty() {
                return None;
            }
            // A syntax error or a file serde's limits refuse is one problem, said once.
            if d.code != "unknown-field" && d.code != "missing-field" && d.code != "invalid-type" {
                diags.push(d);
                return None;
            }
            match recover::recover::<T>(rel, &text, &index, d.clone()) {
                Some(recovered) => {
                    // The tree read whole where serde did not: say serde's word, keep nothing.
                    if recovered.diags.is_empty() {
                        diags.push(d);
                        return None;
                    }
                    diags.extend(recovered.diags);
                    dropped.extend(recovered.dropped);
                    let value = recovered.value?;
                    let located = Located {
                        file: rel.to_string(),
                        value,
                        index,
                    };
                    Some((located, false))
                }
                None => {
                    diags.push(d);
                    None
                }
            }
        }
    }
}

/// A key written twice in one mapping.
fn duplicate_key(rel: &str, d: &locate::DuplicateKey) -> Diagnostic {
    let (place, place_vi) = if d.path.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(" in `{}`", d.path), format!(" trong `{}`", d.path))
    };
    Diagnostic::error(
        "duplicate-key",
        rel,
        format!("key `{}` appears twice{place}", d.key),
    )
    .at(Some(d.second))
    .key_path(locate::join_key(&d.path, &d.key))
    .help(format!(
        "the first `{}` is on line {}; keep one of them (YAML would silently use only one)",
        d.key, d.first.line
    ))
    .vi(format!("trường `{}` được viết hai lần{place_vi}", d.key))
    .vi_help(format!(
        "trường `{}` thứ nhất ở dòng {}; hãy giữ lại một trong hai (nếu để cả hai, YAML sẽ lặng lẽ chỉ dùng một giá trị)",
        d.key, d.first.line
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let text = "---\ntitle: x\nprovince: a\n---\nBody\n";
        let (yaml, body, line) = split_front_matter(text).unwrap_or_default();
        assert_eq!(yaml, "title: x\nprovince: a\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("title: x\n").is_none());
    }

    #[test]
    fn unknown_field_gets_location_and_suggestion() {
        let mut diags = Diagnostics::default();
        let text =
            "title: { vi: a, en: b }\nbase_url: \"https://x.org/\"\nlanguages: [vi]\nthme: x\n";
        let parsed = parse_yaml::<RawSite>("site.yaml", Arc::from(text), 0, &mut diags);
        // The key is reported and left out; the rest of the file is still read and checked.
        assert!(parsed.is_some_and(|site| site.value.title.vi == "a"));
        let d: Vec<String> = diags.iter().map(|d| d.render(None, Lang::En)).collect();
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("site.yaml:4:1: error[unknown-field]: unknown field `thme`"),
            "{}",
            d[0]
        );
        assert!(d[0].contains("help: did you mean `theme`?"), "{}", d[0]);
        let vi: Vec<String> = diags.iter().map(|d| d.render(None, Lang::Vi)).collect();
        assert!(
            vi[0].starts_with("site.yaml:4:1: lỗi[unknown-field]: trường `thme` không hợp lệ ở đây; các trường có thể dùng là `title`,"),
            "{}",
            vi[0]
        );
        assert!(
            vi[0].contains("gợi ý: có phải bạn định viết `theme`?"),
            "{}",
            vi[0]
        );
    }

    #[test]
    fn a_key_written_twice_in_values_is_one_located_error() {
        let mut diags = Diagnostics::default();
        let text = "name: { vi: a, en: b }\nobservations:\n  - period: \"2025-04\"\n    values:\n      x: 1\n      x: 2\n";
        let parsed =
            parse_yaml::<RawProvince>("data/provinces/a.yaml", Arc::from(text), 0, &mut diags);
        assert!(
            parsed.is_none(),
            "a duplicate must not be read as the last value"
        );
        let d: Vec<String> = diags.iter().map(|d| d.render(None, Lang::En)).collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("data/provinces/a.yaml:6:7: error[duplicate-key]: key `x` appears twice in `observations[0].values`"),
            "{}",
            d[0]
        );
        assert!(d[0].contains("the first `x` is on line 5"), "{}", d[0]);
    }
}

// Last: `tests/check_rules.rs` reads the diagnostic codes of a file up to its test modules.
#[cfg(test)]
mod plain_words;
