//! The files a command adds to or changes in a site (`import`, `new province`, `new report`):
//! checked first on a copy of the site with the new texts, then each written beside its place
//! and renamed over it. Nothing is written unless the site as it would be has been checked,
//! and a failure while writing leaves every file as it was.

use crate::load::IoFailure;
use crate::Checked;
use std::path::{Path, PathBuf};

/// One file's new text.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    /// Path relative to the site's root, with `/` separators.
    pub file: &'a str,
    pub text: &'a str,
}

/// Why the site with the edits could not be checked.
#[derive(Debug)]
pub enum CheckFailure {
    /// The copy could not be made.
    Write(IoFailure),
    /// The copy could not be read.
    Read(IoFailure),
}

/// Check the site as the edits would leave it: a copy of its files with the new texts.
pub fn check_with(root: &Path, edits: &[Edit]) -> Result<Checked, CheckFailure> {
    let copy = Scratch::new().map_err(CheckFailure::Write)?;
    for part in ["site.yaml", "data", "content", "themes"] {
        copy_tree(&root.join(part), &copy.0.join(part)).map_err(CheckFailure::Write)?;
    }
    for edit in edits {
        let path = copy.0.join(edit.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| {
                CheckFailure::Write(IoFailure {
                    path: parent.to_path_buf(),
                    error,
                })
            })?;
        }
        std::fs::write(&path, edit.text)
            .map_err(|error| CheckFailure::Write(IoFailure { path, error }))?;
    }
    crate::check(&copy.0).map_err(CheckFailure::Read)
}

/// Write every edit beside its file (creating the folders a new file needs), then rename each
/// over the old one: a failure while writing leaves every file as it was.
pub fn write_all(root: &Path, edits: &[Edit]) -> Result<(), IoFailure> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, PathBuf)]| {
        for (temp, _) in staged {
            let _ = std::fs::remove_file(temp);
        }
    };
    for edit in edits {
        let path = root.join(edit.file);
        if let Some(parent) = path.parent() {
            if let Err(error) = std::fs::create_dir_all(parent) {
                cleanup(&staged);
                return Err(IoFailure {
                    path: parent.to_path_buf(),
                    error,
                });
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.minhbach-{}", std::process::id()));
        if let Err(error) = std::fs::write(&temp, edit.text) {
            cleanup(&staged);
            let _ = std::fs::remove_file(&temp);
            return Err(IoFailure { path: temp, error });
        }
        staged.push((temp, path));
    }
    for (i, (temp, path)) in staged.iter().enumerate() {
        if let Err(error) = std::fs::rename(temp, path) {
            cleanup(&staged[i..]);
            return Err(IoFailure {
                path: path.clone(),
                error,
            });
        }
    }
    Ok(())
}

/// A temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, IoFailure> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("minhbach-check-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|error| IoFailure {
            path: path.clone(),
            error,
        })?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copy `from` (a file or a folder; nothing if missing) to `to`. Symbolic links are left out:
/// `check` refuses the ones that matter, on the site itself.
fn copy_tree(from: &Path, to: &Path) -> Result<(), IoFailure> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |error| IoFailure { path, error }
    };
    if from.is_file() {
        return std::fs::copy(from, to).map(|_| ()).map_err(fail(from));
    }
    if !from.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| IoFailure {
            path: from.to_path_buf(),
            error: std::io::Error::other(e.to_string()),
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(fail(&dest))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).map_err(fail(&dest))?;
        }
    }
    Ok(())
}
