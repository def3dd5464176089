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
//! `render` runs the last three steps page by page (plan, render, write), in parallel, so a
//! national site never holds every page's view or HTML at once.
//!
//! `main.rs` only parses the command line, calls [`check`] or [`build`] and chooses the exit
//! code. There is no global state: `serve` will call the same functions.

pub mod charts;
pub mod diagnostics;
pub mod format;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;

mod render;
pub mod serve;

pub mod site;
pub mod templates;
pub mod theme;
pub mod validate;

/// A hash set with a fixed, fast hasher (foldhash) for the build's hot paths, which
/// hash millions of short keys: ids, links, slugs. Fixed, so nothing depends on a random seed;
/// the keys are the site's own files, not requests from strangers.
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;
/// A hash map with the same fast, fixed-seed hash as [`FastSet`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

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
    pub sources: BTreeMap<String, std::sync::Arc<str>>,
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
    let mut loaded = load::load(root, &mut diagnostics)?;
    let site = validate::validate(&mut loaded, &mut diagnostics);
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
    /// Replaces `base_url` of site.yaml (e.g. for a staging host); checked like it.
    pub base_url: Option<model::BaseUrl>,
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
    pub timings: Timings,
}

/// Time spent in each step of a build, for progress lines and benchmarks.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// A site rendered in memory.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file (empty when the build wrote them to disk as it went).
    pub files: output::Files,
    /// Number of output files.
    pub file_count: usize,
    pub checked: Checked,
    pub pages: usize,
    /// Pages actually rendered (fewer than `pages` when a cache made the rest reusable).
    pub rendered_pages: usize,
    pub timings: Timings,
    /// What the next build can reuse.
    pub cache: Cache,
}

/// What one build leaves for the next one (used by `serve`): when only Markdown bodies
/// changed, charts are reused and only the pages that show those bodies are rendered again.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    /// Every source except `content/`, with the theme: if these are unchanged, every chart is.
    data: BTreeMap<String, std::sync::Arc<str>>,
    /// Each Markdown file's text and its front matter (title, summary, province, period, draft).
    content: BTreeMap<String, (std::sync::Arc<str>, String)>,
    anchors: output::Anchors,
    base_url: String,
    /// The warnings of that build (an edit to a Markdown body alone cannot change them).
    warnings: Diagnostics,
    /// The validated site, indexed and ready to plan any page (serve only).
    planned: Option<std::sync::Arc<std::sync::Mutex<render::Planned>>>,
}

/// Render the whole site in memory: every page, static file and feed.
pub fn render(root: &Path, options: &BuildOptions) -> Result<Rendered, BuildError> {
    render_with_cache(root, options, None)
}

/// What the previous build left: its cache and its output (pages and charts are reused from
/// the output itself, so the cache holds no copy of them).
pub type Previous<'a> = (&'a Cache, &'a std::sync::Arc<output::Files>);

/// Render the site in memory, reusing what `previous` allows.
pub fn render_with_cache(
    root: &Path,
    options: &BuildOptions,
    previous: Option<Previous<'_>>,
) -> Result<Rendered, BuildError> {
    render::render(root, options, previous, render::Destination::Memory).map(|(r, _)| r)
}

/// Rebuild in memory after the files `changed` (paths under the root) changed, as `serve`
/// does: when only Markdown bodies changed, only the pages that show them are planned and
/// rendered again, from the model `previous` kept; otherwise the whole site, reusing what
/// `previous` allows. On error, `previous` is left as it was.
pub fn render_after_edit(
    root: &Path,
    options: &BuildOptions,
    previous: Option<(&mut Cache, &std::sync::Arc<output::Files>)>,
    changed: &[String],
) -> Result<Rendered, BuildError> {
    match previous {
        Some((cache, files)) => match serve::quick::rebuild(root, options, cache, files, changed) {
            Some(result) => result,
            None => render_with_cache(root, options, Some((&*cache, files))),
        },
        None => render_with_cache(root, options, None),
    }
}

/// What the cache compares: every source but `content/` (with the theme's templates), and
/// each Markdown file's text with its front matter.
/// The text of each data file, and of each page with its front matter as read (shared with
/// the table of sources, not copied).
type CacheKeys = (
    BTreeMap<String, std::sync::Arc<str>>,
    BTreeMap<String, (std::sync::Arc<str>, String)>,
);

fn cache_keys(checked: &Checked, site: &model::Site) -> CacheKeys {
    let data = checked
        .sources
        .iter()
        .filter(|(p, _)| !p.starts_with("content/"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    let content = site
        .pages
        .iter()
        .map(|p| {
            let path = format!("content/{}", p.path);
            let text = checked.sources.get(&path).cloned().unwrap_or_default();
            let front = format!(
                "{}|{:?}|{:?}|{:?}|{}",
                p.title,
                p.summary,
                p.province,
                p.period.map(|x| x.key()),
                p.draft
            );
            (path, (text, front))
        })
        .collect();
    (data, content)
}

impl Cache {
    /// The base URL the site was built for.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The Markdown files (under `content/`) whose body alone changed since this cache was
    /// made; `None` when any other content changed (a file added or removed, front matter).
    fn changed_bodies(
        &self,
        content: &BTreeMap<String, (std::sync::Arc<str>, String)>,
    ) -> Option<Vec<String>> {
        let same_files = self.content.keys().eq(content.keys());
        let fronts_same = self
            .content
            .iter()
            .all(|(k, (_, f))| content.get(k).is_some_and(|(_, g)| g == f));
        (same_files && fronts_same).then(|| {
            content
                .iter()
                .filter(|(k, (t, _))| self.content.get(*k).is_none_or(|(old, _)| old != t))
                .map(|(k, _)| k.trim_start_matches("content/").to_string())
                .collect()
        })
    }
}

/// Check, render and write the site under `root`. Nothing is written unless everything
/// succeeded; the previous output stays in place otherwise.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let destination = render::Destination::Disk(options.output.clone());
    let (rendered, staging) = render::render(root, options, None, destination)?;
    let started = std::time::Instant::now();
    let Some((staging, out_dir)) = staging else {
        return Err(BuildError::Write(output::WriteError::Io(
            PathBuf::from("."),
            std::io::Error::other("the site was rendered without an output folder"),
        )));
    };
    staging.commit().map_err(BuildError::Write)?;
    let mut timings = rendered.timings;
    timings.push(("swap in the new site", started.elapsed()));
    Ok(Built {
        checked: rendered.checked,
        output: out_dir,
        pages: rendered.pages,
        files: rendered.file_count,
        timings,
    })
}
