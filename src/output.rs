//! Step 6: the rendered site → disk, only if every internal link resolves, atomically.
//!
//! Input: every output file in memory. Output: the folder. Before anything is written, every
//! `href` and `src` under the base path is checked against the files and `id`s the build
//! produced; a broken link fails the build. The site is then written to a temporary folder
//! beside the target and swapped in, so a failed build leaves the previous site untouched.
//! A non-empty folder that minhbach did not create is never replaced.

use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The name of the marker file that says a folder was written by minhbach.
pub const MARKER: &str = ".minhbach-output";

/// Every file of the site: path relative to the output folder → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The `id`s of each HTML page: the anchors a link may point at.
pub type Anchors = HashMap<String, HashSet<String>>;

/// Anchors of the HTML files, reusing `known` for every page not in `fresh`.
pub fn anchors(files: &Files, known: Option<&Anchors>, fresh: Option<&HashSet<String>>) -> Anchors {
    let pages: Vec<(&String, &Vec<u8>)> =
        files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    pages
        .into_par_iter()
        .map(|(path, bytes)| {
            let reuse = known
                .filter(|_| fresh.is_some_and(|f| !f.contains(path)))
                .and_then(|k| k.get(path));
            let ids = match reuse {
                Some(ids) => ids.clone(),
                None => attribute_values(&String::from_utf8_lossy(bytes), "id")
                    .into_iter()
                    .collect(),
            };
            (path.clone(), ids)
        })
        .collect()
}

/// Check every internal link of the HTML files. Returns one diagnostic per broken link.
///
/// The diagnostic names the page of the output that holds the link; the link itself usually
/// comes from a Markdown file or a template.
pub fn check_links(files: &Files, base_path: &str) -> Vec<Diagnostic> {
    check_links_of(files, &anchors(files, None, None), base_path, None)
}

/// Check the links of the pages in `only` (all pages when `None`).
pub fn check_links_of(
    files: &Files,
    ids: &Anchors,
    base_path: &str,
    only: Option<&HashSet<String>>,
) -> Vec<Diagnostic> {
    let pages: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && only.is_none_or(|o| o.contains(*p)))
        .collect();
    // Pages are checked in parallel; the diagnostics come back in page order.
    let per_page: Vec<Vec<Diagnostic>> = pages.into_par_iter().map(|(path, bytes)| {
        let mut broken = Vec::new();
        let html = String::from_utf8_lossy(bytes);
        let mut seen = BTreeSet::new();
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if !seen.insert(link.clone()) {
                continue;
            }
            if let Some((problem, problem_vi)) = resolve(&link, path, base_path, files, ids) {
                broken.push(
                    Diagnostic::error("broken-link", path.clone(), format!("link `{link}` {problem}"))
                        .help("a template or a Markdown link points at a page that is not built; correct the link")
                        .vi(format!("liên kết `{link}` {problem_vi}"))
                        .vi_help("một mẫu giao diện hoặc một liên kết trong tệp Markdown trỏ tới trang không được tạo ra; hãy sửa lại liên kết"),
                );
            }
        }
        broken
    }).collect();
    per_page.into_iter().flatten().collect()
}

/// Why `link` is broken, in English and in Vietnamese; `None` when it resolves.
fn resolve(
    link: &str,
    from: &str,
    base_path: &str,
    files: &Files,
    ids: &Anchors,
) -> Option<(String, String)> {
    let link = decode_entities(link);
    if link.starts_with("http://")
        || link.starts_with("https://")
        || link.starts_with("mailto:")
        || link.starts_with("//")
    {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        Some((t, f)) => (t.to_string(), Some(f.to_string())),
        None => (link.clone(), None),
    };
    let file = if target.is_empty() {
        from.to_string()
    } else if let Some(rest) = target.strip_prefix(base_path) {
        let rest = rest.split('?').next().unwrap_or("");
        if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        }
    } else if target.starts_with('/') {
        return Some((
            format!("is outside the base path `{base_path}`"),
            format!("nằm ngoài đường dẫn gốc `{base_path}` của trang web"),
        ));
    } else {
        return Some((
            "is relative; links must start with the base path".to_string(),
            "là đường dẫn tương đối; liên kết phải bắt đầu bằng đường dẫn gốc của trang web"
                .to_string(),
        ));
    };
    if !files.contains_key(&file) {
        return Some((
            format!("points at `{file}`, which the build does not produce"),
            format!("trỏ tới `{file}`, nhưng không có trang nào như vậy được tạo ra"),
        ));
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        let found = ids.get(&file).is_some_and(|set| set.contains(&f));
        if !found {
            return Some((
                format!("points at `#{f}`, which `{file}` does not have"),
                format!("trỏ tới mục `#{f}`, nhưng trang `{file}` không có mục này"),
            ));
        }
    }
    None
}

/// The values of `name="…"` attributes in an HTML document (our own output: always quoted).
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let Some(end) = after.find('"') else {
            break;
        };
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

/// Why the site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists, is not empty, and was not written by minhbach.
    NotOurs(PathBuf),
    /// `output_dir` of site.yaml leads out of the site through a symbolic link.
    OutsideSite(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(p) => write!(
                f,
                "{} is not empty and was not written by minhbach; refusing to replace it (empty it or choose another --output)",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            WriteError::OutsideSite(p) => write!(
                f,
                "{} leads outside the site through a symbolic link; refusing to write there (use --output to write elsewhere on purpose)",
                p.display()
            ),
        }
    }
}

impl WriteError {
    /// The failure in `lang` (the operating system's own wording stays as it comes).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (WriteError::NotOurs(p), Lang::Vi) => format!(
                "thư mục {} không trống và không do minhbach tạo ra, nên minhbach không ghi đè lên nó (hãy làm trống thư mục, hoặc chọn thư mục khác bằng --output)",
                p.display()
            ),
            (WriteError::OutsideSite(p), Lang::Vi) => format!(
                "{} dẫn ra ngoài trang web qua một liên kết tắt (symbolic link), nên minhbach không ghi vào đó (nếu thật sự muốn ghi ra nơi khác, hãy dùng --output)",
                p.display()
            ),
            (WriteError::Io(p, e), Lang::Vi) => format!("không ghi được {}: {e}", p.display()),
        }
    }
}

/// Write `files` to `target` atomically: a sibling temporary folder, then a swap.
pub fn write_site(target: &Path, files: &Files) -> Result<(), WriteError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| WriteError::Io(p, e)
    };
    if target.exists() {
        let is_empty_dir = target.is_dir()
            && std::fs::read_dir(target)
                .map_err(io(target))?
                .next()
                .is_none();
        if !is_empty_dir && !target.join(MARKER).is_file() {
            return Err(WriteError::NotOurs(target.to_path_buf()));
        }
    }
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = target
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.minhbach-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.minhbach-old-{}", std::process::id()));

    let result = write_all(&staging, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if target.exists() {
        std::fs::rename(target, &previous).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            WriteError::Io(target.to_path_buf(), e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, target) {
        // Put the previous site back: a failed build must not lose it.
        let _ = std::fs::rename(&previous, target);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(WriteError::Io(target.to_path_buf(), e));
    }
    let _ = std::fs::remove_dir_all(&previous);
    Ok(())
}

fn write_all(dir: &Path, files: &Files) -> Result<(), WriteError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| WriteError::Io(p, e)
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    std::fs::write(
        dir.join(MARKER),
        b"This folder is written by minhbach build and replaced on every build.\n",
    )
    .map_err(io(dir))?;
    // Paths are built by minhbach from slugs; refuse anything that could leave the folder.
    for rel in files.keys() {
        if rel
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
            || rel.starts_with('/')
        {
            return Err(WriteError::Io(
                dir.join(rel),
                std::io::Error::other("unsafe output path"),
            ));
        }
    }
    // Folders first (each once), then the files in parallel: the disk is the slowest step.
    let folders: BTreeSet<&str> = files
        .keys()
        .filter_map(|rel| rel.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for folder in folders {
        let p = dir.join(folder);
        std::fs::create_dir_all(&p).map_err(io(&p))?;
    }
    let entries: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    entries.into_par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        std::fs::write(&path, bytes).map_err(io(&path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn finds_broken_pages_and_anchors() {
        let f = files(&[
            ("index.html", "<a href=\"/sub/a/\">a</a> <a href=\"/sub/a/#x\">x</a> <a href=\"/sub/b/\">b</a> <a href=\"/sub/a/#nope\">n</a>"),
            ("a/index.html", "<h2 id=\"x\">X</h2><link href=\"/sub/style.css\">"),
            ("style.css", ""),
        ]);
        let broken: Vec<String> = check_links(&f, "/sub/")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken[0].contains("/sub/b/"), "{broken:?}");
        assert!(broken[1].contains("#nope"), "{broken:?}");
    }

    #[test]
    fn links_outside_the_base_path_are_broken() {
        let f = files(&[(
            "index.html",
            "<a href=\"/other/\">o</a><a href=\"https://x.org/\">ok</a>",
        )]);
        let broken = check_links(&f, "/sub/");
        assert_eq!(broken.len(), 1);
        assert!(broken[0].message.contains("outside the base path"));
        assert_eq!(
            broken[0].message_in(Lang::Vi),
            "liên kết `/other/` nằm ngoài đường dẫn gốc `/sub/` của trang web"
        );
    }
}
