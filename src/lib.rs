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
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod serve;
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
    pub timings: Timings,
}

/// Time spent in each step of a build, for progress lines and benchmarks.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// A site rendered in memory.
#[derive(Debug)]
pub struct Rendered {
    pub files: output::Files,
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
    data: BTreeMap<String, String>,
    /// Each Markdown file's text and its front matter (title, summary, province, period, draft).
    content: BTreeMap<String, (String, String)>,
    anchors: output::Anchors,
    base_url: String,
}

/// Render the whole site in memory: every page, static file and feed.
pub fn render(root: &Path, options: &BuildOptions) -> Result<Rendered, BuildError> {
    render_with_cache(root, options, None)
}

/// What the previous build left: its cache and its output (pages and charts are reused from
/// the output itself, so the cache holds no copy of them).
pub type Previous<'a> = (&'a Cache, &'a output::Files);

/// Render the site, reusing what `previous` allows.
pub fn render_with_cache(
    root: &Path,
    options: &BuildOptions,
    previous: Option<Previous<'_>>,
) -> Result<Rendered, BuildError> {
    let mut timings: Timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let mut checked = check(root).map_err(BuildError::Read)?;
    lap("load and validate", &mut timings);
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
    lap("theme", &mut timings);

    // What changed since the previous build, if there was one.
    let data: BTreeMap<String, String> = checked
        .sources
        .iter()
        .filter(|(p, _)| !p.starts_with("content/"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    let content: BTreeMap<String, (String, String)> = site
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
    let reusable = previous.filter(|(c, _)| c.data == data && c.base_url == site.config.base_url);
    // Pages whose Markdown body alone changed; any other content change renders everything.
    let changed_bodies: Option<Vec<String>> = reusable.and_then(|(c, _)| {
        let same_files = c.content.keys().eq(content.keys());
        let fronts_same = c
            .content
            .iter()
            .all(|(k, (_, f))| content.get(k).is_some_and(|(_, g)| g == f));
        (same_files && fronts_same).then(|| {
            content
                .iter()
                .filter(|(k, (t, _))| c.content.get(*k).is_none_or(|(old, _)| old != t))
                .map(|(k, _)| k.trim_start_matches("content/").to_string())
                .collect()
        })
    });

    let urls = site::urls::Urls::new(&site.config.base_url);
    let plan = site::plan(&site, &theme, &urls, reusable.map(|(_, files)| files));
    lap("plan pages and draw charts", &mut timings);
    for e in &plan.chart_errors {
        // "charts/<name>.<lang>.svg: <why>", the why from the drawing library.
        let (chart, why) = e.split_once(": ").unwrap_or(("", e));
        let why = why.trim_start_matches("chart drawing failed: ");
        diags.push(
            diagnostics::Diagnostic::error("chart", "charts", e.clone())
                .help("this is a fault of minhbach, not of the data; please report it with the data that caused it")
                .vi(format!("không vẽ được biểu đồ `{chart}`: {why}"))
                .vi_help("đây là lỗi của minhbach, không phải của dữ liệu; xin hãy báo lại cho nhóm phát triển, kèm tệp dữ liệu đã gây ra lỗi"),
        );
    }
    let jobs = plan.jobs;
    let mut files = output::Files::new();
    let mut rendered_pages = 0;
    let mut fresh: std::collections::HashSet<String> = std::collections::HashSet::new();
    if let Some(renderer) = &renderer {
        // Pages the previous build can give unchanged; the rest are rendered in parallel.
        let mut to_render = Vec::new();
        for job in &jobs {
            let file = site::urls::file_for(&job.path);
            if let (Some(changed), Some((_, old_files))) = (&changed_bodies, reusable) {
                let affected = job.content.iter().any(|p| changed.contains(p));
                if let (false, Some(old)) = (affected, old_files.get(&file)) {
                    files.insert(file, old.clone());
                    continue;
                }
            }
            to_render.push((file, job));
        }
        let results: Vec<_> = {
            use rayon::prelude::*;
            to_render
                .into_par_iter()
                .map(|(file, job)| (file, renderer.render(job, theme.strings(job.lang))))
                .collect()
        };
        for (file, result) in results {
            rendered_pages += 1;
            fresh.insert(file.clone());
            match result {
                Ok(html) => {
                    files.insert(file, html.into_bytes());
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
    lap("render templates", &mut timings);
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
    // Links of re-rendered pages only, when the others are unchanged from a checked build.
    let partial = changed_bodies.is_some();
    let anchors = output::anchors(
        &files,
        reusable.map(|(c, _)| &c.anchors),
        partial.then_some(&fresh),
    );
    if !diags.has_errors() {
        for d in
            output::check_links_of(&files, &anchors, &urls.base_path, partial.then_some(&fresh))
        {
            diags.push(d);
        }
    }
    lap("check links", &mut timings);
    let pages = jobs.len();
    let cache = Cache {
        data,
        content,
        anchors,
        base_url: site.config.base_url.clone(),
    };
    checked.site = Some(site);
    if checked.diagnostics.has_errors() {
        return Err(BuildError::Invalid(Box::new(checked)));
    }
    Ok(Rendered {
        files,
        checked,
        pages,
        rendered_pages,
        timings,
        cache,
    })
}

/// Check, render and write the site under `root`. Nothing is written unless everything
/// succeeded; the previous output stays in place otherwise.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let rendered = render(root, options)?;
    let started = std::time::Instant::now();
    let out_dir = match &options.output {
        Some(p) => p.clone(),
        None => root.join(
            rendered
                .checked
                .site
                .as_ref()
                .map_or("public", |s| s.config.output_dir.as_str()),
        ),
    };
    if options.output.is_none() {
        // `output_dir` comes from site.yaml: it must stay inside the site, links resolved.
        let existing = out_dir.ancestors().find(|p| p.exists()).unwrap_or(root);
        if !load::inside(root, existing) {
            return Err(BuildError::Write(output::WriteError::OutsideSite(out_dir)));
        }
    }
    output::write_site(&out_dir, &rendered.files).map_err(BuildError::Write)?;
    let mut timings = rendered.timings;
    timings.push(("write", started.elapsed()));
    Ok(Built {
        checked: rendered.checked,
        output: out_dir,
        pages: rendered.pages,
        files: rendered.files.len(),
        timings,
    })
}
