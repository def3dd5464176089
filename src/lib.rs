//! minhbach: a static site generator for public transparency dashboards.
//!
//! The pipeline reads top to bottom, each step a module that depends only on earlier ones:
//!
//! ```text
//! load (disk → raw structs) → validate (raw → model, every diagnostic at once) → model
//!   → markdown (narratives, live figures) → site (pages and views per language)
//!   → templates (Tera) → output (link check, atomic write)
//! ```
//!
//! `main.rs` only parses the command line, calls [`check`] or [`build`] and chooses the exit
//! code. There is no global state: `serve` will call the same functions.

pub mod charts;
pub mod diagnostics;
pub mod format;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod shortcode;
pub mod site;
pub mod templates;
pub mod theme;
pub mod validate;

use diagnostics::Diagnostics;
use load::IoFailure;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// What `build` needs to know beyond the site itself.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where to write; defaults to `output_dir` of site.yaml under the root.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of site.yaml (e.g. for a staging host).
    pub base_url: Option<String>,
}

/// Why a build produced nothing.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site (data, content, templates, links): every one of them.
    Invalid(Box<Checked>),
    /// The site could not be read.
    Read(IoFailure),
    /// The output could not be written (the previous site is untouched).
    Write(output::WriteError),
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub checked: Checked,
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
}

/// Render the whole site in memory: every page, static file and feed.
pub fn render(
    root: &Path,
    options: &BuildOptions,
) -> Result<(output::Files, Checked, usize), BuildError> {
    let mut checked = check(root).map_err(BuildError::Read)?;
    let Some(mut site) = checked.site.take() else {
        return Err(BuildError::Invalid(Box::new(checked)));
    };
    if let Some(url) = &options.base_url {
        site.config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let diags = &mut checked.diagnostics;
    let theme = theme::load_theme(root, &site.config.theme, diags).map_err(BuildError::Read)?;
    for (origin, text) in theme.templates.values() {
        checked.sources.insert(origin.clone(), text.clone());
    }
    let renderer = templates::Renderer::new(&theme, diags);
    let urls = site::urls::Urls::new(&site.config.base_url);
    let plan = site::plan(&site, &theme, &urls);
    for e in &plan.chart_errors {
        diags.push(diagnostics::Diagnostic::error("chart", "charts", e.clone()));
    }
    let jobs = plan.jobs;
    let mut files = output::Files::new();
    if let Some(renderer) = &renderer {
        for job in &jobs {
            match renderer.render(job, theme.strings(job.lang)) {
                Ok(html) => {
                    files.insert(site::urls::file_for(&job.path), html.into_bytes());
                }
                Err(d) => {
                    let first = !diags
                        .iter()
                        .any(|x| x.message == d.message && x.file == d.file);
                    if first {
                        diags.push(*d);
                    }
                }
            }
        }
    }
    for (path, svg) in plan.charts {
        files.insert(path, svg.into_bytes());
    }
    for (path, bytes) in &theme.static_files {
        files.insert(path.clone(), bytes.clone());
    }
    files.insert(
        "sitemap.xml".into(),
        site::feeds::sitemap(&jobs).into_bytes(),
    );
    for lang in &site.config.languages {
        files.insert(
            site::urls::feed(*lang),
            site::feeds::atom(&site, &theme, &urls, *lang).into_bytes(),
        );
    }
    files.insert("robots.txt".into(), site::feeds::robots(&urls).into_bytes());
    if !diags.has_errors() {
        for d in output::check_links(&files, &urls.base_path) {
            diags.push(d);
        }
    }
    let pages = jobs.len();
    checked.site = Some(site);
    if checked.diagnostics.has_errors() {
        return Err(BuildError::Invalid(Box::new(checked)));
    }
    Ok((files, checked, pages))
}

/// Check, render and write the site under `root`. Nothing is written unless everything
/// succeeded; the previous output stays in place otherwise.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let (files, checked, pages) = render(root, options)?;
    let out_dir = match &options.output {
        Some(p) => p.clone(),
        None => root.join(
            checked
                .site
                .as_ref()
                .map_or("public", |s| s.config.output_dir.as_str()),
        ),
    };
    output::write_site(&out_dir, &files).map_err(BuildError::Write)?;
    Ok(Built {
        checked,
        output: out_dir,
        pages,
        files: files.len(),
    })
}
