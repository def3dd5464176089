//! Step 1 of the pipeline: disk → raw structs.
//!
//! Input: the site root. Output: [`Loaded`], every file's text and its raw structs, plus the
//! diagnostics of files that could not be read or parsed. This is the only module that knows
//! the data is YAML read by `serde_yaml` (deprecated upstream, so it stays confined here).
//! Walks are sorted, so the order of everything downstream is the same on every machine.

pub mod locate;
pub mod raw;
pub mod shortcode;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::model::Lang;
use locate::LocationIndex;
use raw::{RawDimensionFile, RawFrontMatter, RawIndicatorFile, RawProvince, RawSite};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    pub body: String,
    pub body_line: usize,
}

/// Everything read from disk.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Located<RawSite>>,
    pub indicators: Option<Located<RawIndicatorFile>>,
    pub dimensions: Option<Located<RawDimensionFile>>,
    /// By file stem (the province slug as written), in file-name order.
    pub provinces: Vec<(String, Located<RawProvince>)>,
    /// Province files that exist but could not be read or parsed (already reported): other
    /// files may still refer to them without a second, misleading error.
    pub unparsed_provinces: Vec<String>,
    pub pages: Vec<RawPage>,
    /// The text of every file read, for diagnostics that quote a line.
    pub sources: BTreeMap<String, Arc<str>>,
}

/// A failure that is not the author's: the root is missing or a file cannot be read.
#[derive(Debug)]
pub struct IoFailure {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.error)
    }
}

impl IoFailure {
    /// The failure in `lang` (an unusual error keeps the operating system's wording).
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Vi => {
                let why = match self.error.kind() {
                    std::io::ErrorKind::NotFound => {
                        "không tìm thấy thư mục hoặc tệp này".to_string()
                    }
                    std::io::ErrorKind::PermissionDenied => {
                        "không có quyền đọc (hãy hỏi người quản trị máy)".to_string()
                    }
                    _ => self.error.to_string(),
                };
                format!("không đọc được {}: {why}", self.path.display())
            }
        }
    }
}

/// Read the site under `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Loaded, IoFailure> {
    if !root.is_dir() {
        return Err(IoFailure {
            path: root.to_path_buf(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        });
    }
    let mut loaded = Loaded::default();
    let mut reader = Reader {
        root,
        sources: &mut loaded.sources,
        diags,
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
        &sorted_files(root, "data/provinces", &["yaml", "yml"])?,
        |r, rel| r.yaml_file::<RawProvince>(rel, true),
    );
    for (rel, doc, sources, diags) in provinces {
        reader.sources.extend(sources);
        reader.diags.extend(diags);
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
    let pages = in_parallel(root, &sorted_files(root, "content", &["md"])?, |r, rel| {
        r.markdown_file(rel)
    });
    for (_, page, sources, diags) in pages {
        reader.sources.extend(sources);
        reader.diags.extend(diags);
        if let Some(page) = page? {
            loaded.pages.push(page);
        }
    }
    Ok(loaded)
}

/// What reading one file gave: its path, the result, the text read and its diagnostics.
type ReadOne<T> = (
    String,
    Result<T, IoFailure>,
    BTreeMap<String, Arc<str>>,
    Diagnostics,
);

/// Read `files` in parallel with `read`, returning the results in the order of `files`.
fn in_parallel<T: Send>(
    root: &Path,
    files: &[String],
    read: impl Fn(&mut Reader, &str) -> Result<T, IoFailure> + Sync,
) -> Vec<ReadOne<T>> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|rel| {
            let mut sources = BTreeMap::new();
            let mut diags = Diagnostics::default();
            let mut reader = Reader {
                root,
                sources: &mut sources,
                diags: &mut diags,
            };
            let result = read(&mut reader, rel);
            (rel.clone(), result, sources, diags)
        })
        .collect()
}

/// A failed step of a folder walk under `base`, as an I/O failure naming the path.
pub fn walk_failure(e: walkdir::Error, base: &Path) -> IoFailure {
    IoFailure {
        path: e
            .path()
            .map_or_else(|| base.to_path_buf(), Path::to_path_buf),
        error: e
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("file system loop")),
    }
}

/// True when `path`, with every symbolic link resolved, is inside `root`.
pub fn inside(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

fn outside_error(rel: &str) -> Diagnostic {
    Diagnostic::error("outside-site", rel, format!("`{rel}` is a symbolic link to a place outside the site"))
        .help("copy the file or folder into the site instead: minhbach reads nothing outside the site's folder")
        .vi(format!("`{rel}` là một liên kết tắt (symbolic link) trỏ ra ngoài thư mục của trang web"))
        .vi_help("hãy chép tệp hoặc thư mục đó vào trong trang web: minhbach không đọc gì nằm ngoài thư mục của trang web")
}

/// Files under `root/dir` with one of `exts`, as sorted `/`-separated relative paths.
/// Symbolic links are not followed: content must live inside the site.
fn sorted_files(root: &Path, dir: &str, exts: &[&str]) -> Result<Vec<String>, IoFailure> {
    let base = root.join(dir);
    // A folder that is a link out of the site is reported by `load` and not read.
    if !base.is_dir() || !inside(root, &base) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|e| walk_failure(e, &base))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let ext = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if !exts.contains(&ext) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(out)
}

struct Reader<'a> {
    root: &'a Path,
    sources: &'a mut BTreeMap<String, Arc<str>>,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    /// Read a file as UTF-8 text. Invalid UTF-8 is the author's problem (a diagnostic); an
    /// unreadable file is not (an `IoFailure`).
    /// The text is shared with the table of sources (for diagnostics) and the location index.
    fn text(&mut self, rel: &str, required: bool) -> Result<Option<Arc<str>>, IoFailure> {
        let path = self.root.join(rel);
        if path.exists() && !inside(self.root, &path) {
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
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                let text: Arc<str> = Arc::from(text);
                self.sources.insert(rel.to_string(), Arc::clone(&text));
                Ok(Some(text))
            }
            Err(e) => {
                self.sources.insert(
                    rel.to_string(),
                    Arc::from(String::from_utf8_lossy(e.as_bytes())),
                );
                let offset = e.utf8_error().valid_up_to();
                let before = &e.as_bytes()[..offset];
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

    fn yaml_file<T: DeserializeOwned>(
        &mut self,
        rel: &str,
        required: bool,
    ) -> Result<Option<Located<T>>, IoFailure> {
        let Some(text) = self.text(rel, required)? else {
            return Ok(None);
        };
        Ok(parse_yaml(rel, text, 0, self.diags))
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
        Ok(
            parse_yaml::<RawFrontMatter>(rel, Arc::from(yaml), 1, self.diags).map(|front| {
                RawPage {
                    front,
                    body: body.to_string(),
                    body_line,
                }
            }),
        )
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
fn parse_yaml<T: DeserializeOwned>(
    rel: &str,
    text: Arc<str>,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Located<T>> {
    let parsed = serde_yaml::from_str::<T>(&text);
    let index = LocationIndex::new(text, line_offset);
    match parsed {
        // Every mapping of the raw types refuses a duplicate key (structs by serde, maps by
        // `UniqueMap`), so a document that deserializes has none and needs no index yet.
        Ok(value) => Some(Located {
            file: rel.to_string(),
            value,
            index,
        }),
        Err(e) => {
            for d in index.duplicates() {
                diags.push(duplicate_key(rel, d));
            }
            let d = serde_diagnostic(rel, &e, line_offset);
            // The index has reported every duplicate key with both positions.
            if d.code != "duplicate-key" || index.duplicates().is_empty() {
                diags.push(d);
            }
            None
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

/// A serde_yaml error as a diagnostic: location, key path, message and a fix.
fn serde_diagnostic(rel: &str, e: &serde_yaml::Error, line_offset: usize) -> Diagnostic {
    // "path.to.key: message at line 3 column 5" → path and message; the position is shown
    // separately, so every "at line N column M" fragment is dropped from the text.
    let full = strip_positions(&e.to_string());
    let without_location = full.as_str();
    let (path, message) = match without_location.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (Some(p), m),
        _ => (None, without_location),
    };
    let position = e.location().map(|l| Position {
        line: l.line() + line_offset,
        column: l.column(),
    });
    let explained = explain_serde_message(message);
    let mut d = Diagnostic::error(explained.code, rel, message.to_string())
        .at(position)
        .vi(explained.message_vi);
    if let Some(p) = path {
        d = d.key_path(p);
    }
    if let Some(h) = explained.help {
        d = d.help(h);
    }
    match explained.help_vi {
        Some(h) => d.vi_help(h),
        None => d,
    }
}

/// Remove every ` at line N column M` fragment from a parser message.
fn strip_positions(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip_number = |t: &str| {
            t.trim_start_matches(|c: char| c.is_ascii_digit())
                .to_string()
        };
        let after_line = skip_number(tail);
        rest = match after_line.strip_prefix(" column ") {
            Some(col) => &rest[rest.len() - skip_number(col).len()..],
            None => &rest[rest.len() - after_line.len()..],
        };
    }
    out.push_str(rest);
    out
}

/// A serde message, classified, with a fix and its Vietnamese wording.
struct Explained {
    code: &'static str,
    help: Option<String>,
    message_vi: String,
    help_vi: Option<String>,
}

/// Classify a serde message and propose a fix, in English and in Vietnamese. The Vietnamese
/// message is built from the parts of the English one (field names, the value found, the form
/// expected); parser messages it does not know keep their English detail.
fn explain_serde_message(message: &str) -> Explained {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    let ticks = |names: &[String]| -> String {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if message.starts_with("unknown field") {
        let names = quoted(message);
        let Some((typo, expected)) = names.split_first() else {
            return Explained {
                code: "unknown-field",
                help: None,
                message_vi: "có một trường không hợp lệ ở đây".to_string(),
                help_vi: None,
            };
        };
        let message_vi = if expected.is_empty() {
            format!("trường `{typo}` không hợp lệ ở đây")
        } else {
            format!(
                "trường `{typo}` không hợp lệ ở đây; các trường có thể dùng là {}",
                ticks(expected)
            )
        };
        let (help, help_vi) = match did_you_mean(typo, expected.iter().map(String::as_str)) {
            Some(s) => (
                format!("did you mean `{s}`?"),
                format!("có phải bạn định viết `{s}`?"),
            ),
            None => (
                "remove this key, or rename it to one of the expected fields".to_string(),
                "hãy xóa trường này, hoặc đổi tên cho đúng một trong các trường được dùng"
                    .to_string(),
            ),
        };
        return Explained {
            code: "unknown-field",
            help: Some(help),
            message_vi,
            help_vi: Some(help_vi),
        };
    }
    if message.starts_with("missing field") {
        let names = quoted(message);
        let field = names.first().map(String::as_str).unwrap_or("the field");
        let field_vi = names.first().map(String::as_str).unwrap_or("…");
        return Explained {
            code: "missing-field",
            help: Some(format!(
                "add `{field}:` to this entry (see docs/data-format.md)"
            )),
            message_vi: format!("thiếu trường `{field_vi}`"),
            help_vi: Some(format!(
                "hãy thêm `{field_vi}:` vào mục này (xem docs/data-format.md)"
            )),
        };
    }
    if message.starts_with("duplicate field") || message.starts_with("duplicate entry") {
        let name = quoted(message)
            .into_iter()
            .next()
            .or_else(|| message.split('"').nth(1).map(str::to_string));
        return Explained {
            code: "duplicate-key",
            help: Some("keep only one of the two keys".to_string()),
            message_vi: match name {
                Some(n) => format!("trường `{n}` được viết hai lần"),
                None => "một trường được viết hai lần".to_string(),
            },
            help_vi: Some("hãy chỉ giữ lại một trong hai".to_string()),
        };
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let (help, help_vi) = if message.contains("expected a sequence") {
            (
                "this key holds a list: write each item on its own line starting with `- `",
                "trường này chứa một danh sách: hãy viết mỗi mục trên một dòng riêng, bắt đầu bằng `- `",
            )
        } else if message.contains("expected struct") || message.contains("map") {
            (
                "this key holds a map of `key: value` lines, indented under it",
                "trường này chứa các dòng `tên: giá trị`, viết thụt vào bên dưới nó",
            )
        } else {
            (
                "check the value's form in docs/data-format.md",
                "hãy xem cách viết giá trị này trong docs/data-format.md",
            )
        };
        return Explained {
            code: "invalid-type",
            help: Some(help.to_string()),
            message_vi: invalid_type_vi(message),
            help_vi: Some(help_vi.to_string()),
        };
    }
    Explained {
        code: "yaml-syntax",
        help: Some(
            "check the indentation and quoting on this line and the one before it".to_string(),
        ),
        message_vi: yaml_syntax_vi(message),
        help_vi: Some(
            "hãy kiểm tra cách thụt lề (chỉ dùng dấu cách, không dùng tab) và các dấu ngoặc kép ở dòng này và dòng ngay trước nó"
                .to_string(),
        ),
    }
}

/// "invalid type: string \"abc\", expected a number" in Vietnamese.
fn invalid_type_vi(message: &str) -> String {
    let rest = message
        .split_once(": ")
        .map_or(message, |(_, r)| r)
        .trim_end();
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return format!("giá trị không đúng dạng ({message})");
    };
    format!(
        "giá trị không đúng dạng: ở đây cần {}, nhưng lại là {}",
        expected_vi(expected),
        found_vi(found)
    )
}

/// What serde found (its `Unexpected`), in Vietnamese.
fn found_vi(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    match kind {
        "string" => format!("chữ {value}"),
        "integer" | "floating" => format!("số {}", value.trim_start_matches("point").trim_start()),
        "boolean" => format!("giá trị đúng/sai {value}"),
        "sequence" => "một danh sách".to_string(),
        "map" => "các dòng `tên: giá trị`".to_string(),
        "unit" | "null" => "một ô để trống".to_string(),
        _ => format!("`{found}`"),
    }
}

/// The form serde expected, in Vietnamese (as written by `raw.rs` and by serde itself).
fn expected_vi(expected: &str) -> String {
    let known = [
        ("a sequence", "một danh sách"),
        ("a string", "chữ"),
        ("a borrowed string", "chữ"),
        ("field identifier", "tên một trường"),
        ("a number", "một số"),
        ("a boolean", "`true` hoặc `false`"),
        ("a map", "các dòng `tên: giá trị`"),
        ("a YAML mapping", "các dòng `tên: giá trị`"),
        (
            "a single value (text, number or date)",
            "một giá trị đơn (chữ, số hoặc ngày)",
        ),
        (
            "text, or a map `{ vi: …, en: … }`",
            "chữ, hoặc một nhóm `{ vi: …, en: … }`",
        ),
        (
            "a number, `no-cases`, `not-applicable`, or a map such as `{ numerator: …, denominator: … }`",
            "một số, `no-cases`, `not-applicable`, hoặc một nhóm như `{ numerator: …, denominator: … }`",
        ),
    ];
    if let Some((_, vi)) = known.iter().find(|(en, _)| *en == expected) {
        return (*vi).to_string();
    }
    if expected.starts_with("struct ") || expected.starts_with("a map") {
        return "các dòng `tên: giá trị`".to_string();
    }
    // u32, i64, f64: Rust's number types.
    let numeric = expected.len() > 1
        && expected.starts_with(['u', 'i', 'f'])
        && expected[1..].bytes().all(|b| b.is_ascii_digit());
    if numeric {
        return "một số".to_string();
    }
    format!("`{expected}`")
}

/// A YAML parser message ("did not find expected ',' or '}', while parsing a flow mapping")
/// in Vietnamese: the problem, then where the parser was. Unknown problems keep their English.
fn yaml_syntax_vi(message: &str) -> String {
    const PROBLEMS: [(&str, &str); 16] = [
        (
            "did not find expected key",
            "không tìm thấy tên trường ở chỗ cần có (thường do thụt lề không đều)",
        ),
        ("did not find expected ',' or '}'", "thiếu dấu `,` hoặc `}`"),
        ("did not find expected ',' or ']'", "thiếu dấu `,` hoặc `]`"),
        (
            "did not find expected '-' indicator",
            "thiếu dấu `-` ở đầu mục của danh sách",
        ),
        (
            "did not find expected node content",
            "thiếu giá trị ở chỗ cần có",
        ),
        (
            "mapping values are not allowed in this context",
            "dấu `:` không được dùng ở chỗ này (nếu giá trị có dấu `:`, hãy đặt nó trong dấu ngoặc kép)",
        ),
        (
            "found character that cannot start any token",
            "có ký tự không được đứng ở đầu một giá trị (ví dụ @, dấu ` hoặc dấu tab)",
        ),
        (
            "found unexpected end of stream",
            "tệp kết thúc giữa chừng: còn một dấu ngoặc kép hoặc một dấu ngoặc chưa được đóng",
        ),
        ("could not find expected ':'", "thiếu dấu `:` sau tên trường"),
        (
            "found a tab character that violates indentation",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found a tab character where an indentation space is expected",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found unknown escape character",
            "có ký tự thoát (`\\…`) không hợp lệ trong dấu ngoặc kép",
        ),
        (
            "block sequence entries are not allowed in this context",
            "mục danh sách (`- `) không được dùng ở chỗ này (thường do thụt lề không đều)",
        ),
        (
            "did not find expected comment or line break",
            "có chữ thừa sau giá trị ở cuối dòng",
        ),
        (
            "found undefined tag handle",
            "có thẻ `!…` không hợp lệ",
        ),
        (
            "found unexpected document indicator",
            "dòng `---` hoặc `...` không được dùng ở chỗ này",
        ),
    ];
    // Where the parser was, when it helps: inside brackets. Other contexts ("while parsing a
    // block mapping") only repeat the problem in other words and are left out.
    const CONTEXTS: [(&str, &str); 2] = [
        ("while parsing a flow mapping", "trong một nhóm `{ … }`"),
        (
            "while parsing a flow sequence",
            "trong một danh sách `[ … ]`",
        ),
    ];
    let mut parts = message.split(", while ");
    let problem = parts.next().unwrap_or("").trim();
    let Some((_, problem_vi)) = PROBLEMS.iter().find(|(en, _)| *en == problem) else {
        return format!("tệp YAML viết sai cú pháp: {message}");
    };
    let contexts: Vec<&str> = parts
        .filter_map(|c| {
            let c = format!("while {}", c.trim());
            CONTEXTS.iter().find(|(en, _)| *en == c).map(|(_, vi)| *vi)
        })
        .collect();
    // An explanation in parentheses goes last, after where the parser was.
    let (what, note) = match problem_vi.split_once(" (") {
        Some((w, n)) => (w, format!(" ({n}")),
        None => (*problem_vi, String::new()),
    };
    match contexts.first() {
        Some(c) => format!("YAML viết sai: {what} {c}{note}"),
        None => format!("YAML viết sai: {what}{note}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn strips_parser_positions_from_messages() {
        assert_eq!(
            strip_positions("did not find expected ',' at line 3 column 1, while parsing a flow mapping at line 2 column 7"),
            "did not find expected ',', while parsing a flow mapping"
        );
        assert_eq!(strip_positions("no position here"), "no position here");
    }

    #[test]
    fn unknown_field_gets_location_and_suggestion() {
        let mut diags = Diagnostics::default();
        let text =
            "title: { vi: a, en: b }\nbase_url: \"https://x.org/\"\nlanguages: [vi]\nthme: x\n";
        let parsed = parse_yaml::<RawSite>("site.yaml", Arc::from(text), 0, &mut diags);
        assert!(parsed.is_none());
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

    #[test]
    fn parser_messages_in_vietnamese() {
        let cases = [
            (
                "did not find expected ',' or '}', while parsing a flow mapping",
                "YAML viết sai: thiếu dấu `,` hoặc `}` trong một nhóm `{ … }`",
            ),
            (
                "did not find expected key, while parsing a block mapping",
                "YAML viết sai: không tìm thấy tên trường ở chỗ cần có (thường do thụt lề không đều)",
            ),
            (
                "invalid type: string \"abc\", expected a number",
                "giá trị không đúng dạng: ở đây cần một số, nhưng lại là chữ \"abc\"",
            ),
            (
                "invalid type: map, expected a sequence",
                "giá trị không đúng dạng: ở đây cần một danh sách, nhưng lại là các dòng `tên: giá trị`",
            ),
            ("missing field `name`", "thiếu trường `name`"),
            ("something new", "tệp YAML viết sai cú pháp: something new"),
        ];
        for (en, vi) in cases {
            assert_eq!(explain_serde_message(en).message_vi, vi);
        }
    }
}
