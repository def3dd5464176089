//! Finding the site's files: sorted walks that never leave the site's folder, and the
//! failures that are not the author's (a missing root, an unreadable disk).
//!
//! Everything minhbach reads must be inside the site: a symbolic link pointing elsewhere is
//! reported, not followed, so that building a pull request cannot read the builder's files.
//! Walks are sorted by file name, so every later step sees the files in the same order on
//! every machine.

use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use std::path::{Path, PathBuf};

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

pub(super) fn outside_error(rel: &str) -> Diagnostic {
    Diagnostic::error("outside-site", rel, format!("`{rel}` is a symbolic link to a place outside the site"))
        .help("copy the file or folder into the site instead: minhbach reads nothing outside the site's folder")
        .vi(format!("`{rel}` là một liên kết tắt (symbolic link) trỏ ra ngoài thư mục của trang web"))
        .vi_help("hãy chép tệp hoặc thư mục đó vào trong trang web: minhbach không đọc gì nằm ngoài thư mục của trang web")
}

/// Files under `root/dir` with one of `exts`, as sorted `/`-separated relative paths.
/// Symbolic links are not followed: content must live inside the site.
pub(super) fn sorted_files(
    root: &Path,
    dir: &str,
    exts: &[&str],
) -> Result<Vec<String>, IoFailure> {
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
