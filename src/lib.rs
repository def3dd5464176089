//! minhbach: a static site generator for public transparency dashboards.
//!
//! The pipeline reads top to bottom, each step a module that depends only on earlier ones:
//!
//! ```text
//! load (disk → raw structs) → validate (raw → model, every diagnostic at once) → model
//! ```
//!
//! Later steps (Markdown, charts, templates, atomic output) build on the validated model.
//! `main.rs` only parses the command line, calls [`check`] and chooses the exit code.

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod shortcode;
pub mod validate;

use diagnostics::Diagnostics;
use load::IoFailure;
use std::collections::BTreeMap;
use std::path::Path;

/// The result of reading and validating a site.
#[derive(Debug)]
pub struct Checked {
    /// The validated site, when there is no error.
    pub site: Option<model::Site>,
    pub diagnostics: Diagnostics,
    /// The text of every file read, by path relative to the root, for quoting lines.
    pub sources: BTreeMap<String, String>,
}

impl Checked {
    /// Number of files read.
    pub fn files_read(&self) -> usize {
        self.sources.len()
    }
}

/// Load and validate the site under `root`, collecting every problem.
///
/// Errors only when the site cannot be read at all (the root is missing, a file is
/// unreadable); problems in the content are diagnostics.
pub fn check(root: &Path) -> Result<Checked, IoFailure> {
    let mut diagnostics = Diagnostics::default();
    let loaded = load::load(root, &mut diagnostics)?;
    let site = validate::validate(&loaded, &mut diagnostics);
    Ok(Checked {
        site,
        diagnostics,
        sources: loaded.sources,
    })
}
