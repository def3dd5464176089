//! `minhbach init`: a new site that builds as is (`minhbach new` adds to a site: see
//! [`crate::new`]).
//!
//! The default starter carries one real figure from a real report, with its source, so a new
//! author sees every part of the format working: a province, an indicator, an observation and
//! a report narrative citing the figure live. `--single-province` starts from a whole real
//! report of one province instead (see `starter`). Both use the built-in theme, uncopied.

use crate::model::Lang;
use std::path::{Path, PathBuf};

mod readme;
mod starter;

pub use starter::Starter;

/// Why `init` or `new report` refused, in both languages.
#[derive(Debug)]
pub struct InitError {
    vi: String,
    en: String,
}

impl InitError {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> InitError {
        InitError {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    fn cannot_create(dir: &Path, e: &std::io::Error) -> InitError {
        let dir = dir.display();
        InitError::new(
            format!("không tạo được thư mục {dir}: {e}"),
            format!("cannot create {dir}: {e}"),
        )
    }

    fn cannot_write(file: &Path, e: &std::io::Error) -> InitError {
        let file = file.display();
        InitError::new(
            format!("không ghi được tệp {file}: {e}"),
            format!("cannot write {file}: {e}"),
        )
    }
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// Create the `starter` site in `dir`, which must be empty or absent, with its README in
/// `lang`. The theme is not copied: the site uses the built-in one.
pub fn init(dir: &Path, starter: Starter, lang: Lang) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() && !is_empty_dir(dir) {
        let shown = dir.display();
        return Err(InitError::new(
            format!("thư mục {shown} không trống; minhbach init chỉ tạo trang web trong một thư mục trống hoặc chưa có"),
            format!("{shown} is not empty; minhbach init only creates a site in an empty or new folder"),
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in starter::files(starter, lang) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::cannot_create(parent, &e))?;
        }
        std::fs::write(&path, text.as_bytes()).map_err(|e| InitError::cannot_write(&path, &e))?;
        written.push(path);
    }
    Ok(written)
}

/// The folder is empty or does not exist.
fn is_empty_dir(path: &Path) -> bool {
    !path.exists()
        || std::fs::read_dir(path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}
