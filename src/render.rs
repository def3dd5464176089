//! Steps 4 to 6 in one pass: each page is planned, rendered and handed to its destination
//! (memory for `serve`, the staging folder for `build`) by one worker, and only what the link
//! check needs (its `id`s and the links not yet known to resolve) is kept. The views and the
//! HTML of thousands of pages therefore never exist at once.

use crate::diagnostics::{self, Diagnostic};
use crate::model::Site;
use crate::output::{self, Bytes, Files, PageLinks, Staging, WriteError};
use crate::site::{self, urls, PageKey, Pages};
use crate::templates::Renderer;
use crate::theme::Theme;
use crate::{BuildError, BuildOptions, Cache, Previous, Rendered, Timings};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The validated site with what rendering it takes; owned by [`Planned`].
pub(crate) struct Model {
    pub site: Site,
    pub theme: Theme,
    pub urls: urls::Urls,
    pub renderer: Renderer,
}

self_cell::self_cell!(
    /// A site ready to plan any page: the model and the [`Pages`] index built over it.
    /// `serve` keeps it between rebuilds, so an edit to one Markdown body re-plans only the
    /// pages that show it, without reading, validating or indexing the site again.
    pub(crate) struct Planned {
        owner: Model,
        #[covariant]
        dependent: Pages,
    }
);

impl std::fmt::Debug for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Planned { .. }")
    }
}

/// Where rendered files go.
pub(crate) enum Destination {
    /// Kept in [`Rendered::files`] (serve, tests).
    Memory,
    /// Written to the staging folder of the output (`--output`, or `output_dir` of site.yaml).
    Disk(Option<PathBuf>),
}

/// Where files are going once the site is known to be valid.
enum Sink {
    Memory,
    Disk(Staging, PathBuf),
}

/// What one page left after it was rendered.
struct PageOut {
    file: String,
    /// The page itself, when it stays in memory.
    html: Option<Bytes>,
    /// Ids and pending links of a freshly rendered page; `None` for a page reused as it was.
    links: Option<PageLinks>,
    error: Option<Box<Diagnostic>>,
}

/// Render the site, reusing what `previous` allows, into `destination`. For the disk, the
/// staging folder and the output folder are returned: the caller commits.
pub(crate) fn render(
    root: &Path,
    options: &BuildOptions,
    previous: Option<Previous<'_>>,
    destination: Destination,
) -> Result<(Rendered, Option<(Staging, PathBuf)>), BuildError> {
    let mut timings: Timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let mut checked = crate::check(root).map_err(BuildError::Read)?;
    lap("load and validate", &mut timings);
    let Some(mut site) = checked.site.take() else {
        return Err(BuildError::Invalid(Box::new(checked)));
    };
    if let Some(url) = &options.base_url {
        site.config.base_url = url.clone();
    }
    // Only serve compares the next build's sources with these (a key per page: 25 ms on
    // 10,000 pages); a build to disk has no next build.
    let (data, content) = match destination {
        Destination::Memory => crate::cache_keys(&checked, &site),
        Destination::Disk(_) => Default::default(),
    };
    let diags = &mut checked.diagnostics;
    let theme =
        crate::theme::load_theme(root, &site.config.theme, diags).map_err(BuildError::Read)?;
    for (origin, text) in theme.templates.values() {
        checked
            .sources
            .insert(origin.clone(), std::sync::Arc::from(text.as_str()));
    }
    let renderer = Renderer::new(&theme, diags);
    let Some(renderer) = renderer.filter(|_| !diags.has_errors()) else {
        return Err(BuildError::Invalid(Box::new(checked)));
    };
    let sink = match destination {
        Destination::Memory => Sink::Memory,
        Destination::Disk(output) => {
            let out_dir = output_dir(root, output, &site.config.output_dir)?;
            Sink::Disk(Staging::new(&out_dir).map_err(BuildError::Write)?, out_dir)
        }
    };
    lap("theme", &mut timings);

    let reusable = previous.filter(|(c, _)| c.data == data && c.base_url == *site.config.base_url);
    let changed_bodies = reusable.and_then(|(c, _)| c.changed_bodies(&content));
    let model = Model {
        urls: urls::Urls::new(&site.config.base_url),
        site,
        theme,
        renderer,
    };
    let reuse = reusable.map(|(_, files)| std::sync::Arc::clone(files));
    let mut planned = Planned::new(model, |m| Pages::new(&m.site, &m.theme, &m.urls, reuse));
    lap("index the figures", &mut timings);
    let (site, theme, urls, renderer) = {
        let m = planned.borrow_owner();
        (&m.site, &m.theme, &m.urls, &m.renderer)
    };
    let pages = planned.borrow_dependent();
    let keys = pages.keys();
    let paths: Vec<String> = keys.iter().map(|k| pages.path(k)).collect();
    let languages = site.config.languages.clone();
    let mut extra: BTreeMap<String, Bytes> = theme
        .static_files
        .iter()
        .map(|(path, bytes)| (path.clone(), Bytes::from(bytes.as_slice())))
        .collect();
    let in_sitemap: Vec<String> = keys
        .iter()
        .zip(&paths)
        .filter(|(k, _)| k.kind != site::PageKind::NotFound)
        .map(|(_, p)| p.clone())
        .collect();
    let sitemap = site::feeds::sitemap(&in_sitemap, urls, &languages);
    extra.insert("sitemap.xml".into(), Bytes::from(sitemap.into_bytes()));
    for lang in &languages {
        let atom = site::feeds::atom(site, theme, urls, *lang);
        extra.insert(urls::feed(*lang), Bytes::from(atom.into_bytes()));
    }
    let robots = site::feeds::robots(urls);
    extra.insert("robots.txt".into(), Bytes::from(robots.into_bytes()));
    let files_of_pages: crate::FastSet<String> = paths.iter().map(|p| urls::file_for(p)).collect();
    let known = |f: &str| files_of_pages.contains(f) || extra.contains_key(f);
    // The URL of every page, as templates write links to it (only those that resolve to the
    // page itself: the link check then skips them).
    let page_urls: crate::FastSet<String> = paths
        .iter()
        .map(|p| ([urls.base_path.as_str(), p].concat(), urls::file_for(p)))
        .filter(|(url, file)| output::leads_to(url, &urls.base_path, file))
        .map(|(url, _)| url)
        .collect();
    let linked = |link: &str| page_urls.contains(link);

    // Plan, render and hand over each page; the results come back in page order.
    let staging = match &sink {
        Sink::Disk(staging, _) => Some(staging),
        Sink::Memory => None,
    };
    let outs: Vec<Result<PageOut, WriteError>> = keys
        .par_iter()
        .zip(&paths)
        .filter_map(|(key, path): (&PageKey, &String)| {
            let file = urls::file_for(path);
            if let (Some(changed), Some((_, old_files))) = (&changed_bodies, reusable) {
                let affected = pages.content_of(key).iter().any(|p| changed.contains(p));
                if let (false, Some(old)) = (affected, old_files.get(&file)) {
                    let html = Some(Bytes::clone(old));
                    let kept = staging.map_or(Ok(()), |s| s.write(&file, old));
                    let out = PageOut {
                        file,
                        html,
                        links: None,
                        error: None,
                    };
                    return Some(kept.map(|()| out));
                }
            }
            let job = pages.job(key)?;
            let html = match renderer.render(job) {
                Ok(html) => html,
                Err(e) => {
                    let out = PageOut {
                        file,
                        html: None,
                        links: None,
                        error: Some(e),
                    };
                    return Some(Ok(out));
                }
            };
            let links = PageLinks::of(&html, &file, &urls.base_path, &known, &linked);
            let kept = match staging {
                Some(s) => s.write(&file, &html).map(|()| None),
                None => Ok(Some(Bytes::from(html))),
            };
            Some(kept.map(|html| PageOut {
                file,
                html,
                links: Some(links),
                error: None,
            }))
        })
        .collect();
    lap("plan, render and write pages", &mut timings);

    let mut files = Files::new();
    let mut fresh: Vec<(String, Vec<String>)> = Vec::new();
    let mut anchors = output::Anchors::new();
    let mut rendered_pages = 0;
    for out in outs {
        let out = out.map_err(BuildError::Write)?;
        if let Some(d) = out.error {
            rendered_pages += 1;
            let first = !diags
                .iter()
                .any(|x| x.message == d.message && x.file == d.file);
            if first {
                diags.push(*d);
            }
            continue;
        }
        match out.links {
            Some(links) => {
                rendered_pages += 1;
                anchors.insert(out.file.clone(), links.ids);
                fresh.push((out.file.clone(), links.pending));
            }
            None => {
                let ids = reusable
                    .and_then(|(c, _)| c.anchors.get(&out.file))
                    .cloned()
                    .unwrap_or_default();
                anchors.insert(out.file.clone(), ids);
            }
        }
        if let Some(html) = out.html {
            files.insert(out.file, html);
        }
    }
    let pages_count = keys.len();
    drop(keys);
    let (charts, chart_errors) = pages.charts();
    for e in &chart_errors {
        diags.push(chart_diagnostic(e));
    }
    let mut chart_files: HashSet<String> = HashSet::new();
    let mut others: Vec<(String, Bytes)> = Vec::new();
    for (path, svg) in charts {
        chart_files.insert(path.clone());
        others.push((path, Bytes::from(svg.into_bytes())));
    }
    others.extend(extra.iter().map(|(p, b)| (p.clone(), Bytes::clone(b))));
    if let Some(s) = staging {
        others
            .par_iter()
            .try_for_each(|(path, bytes)| s.write(path, bytes))
            .map_err(BuildError::Write)?;
    }
    let file_count = files_of_pages.len() + others.len();
    if matches!(sink, Sink::Memory) {
        files.extend(others);
    }
    lap("charts and other files", &mut timings);

    if !diags.has_errors() {
        let exists = |f: &str| known(f) || chart_files.contains(f);
        let has_id = |file: &str, id: &str| anchors.get(file).is_some_and(|ids| ids.contains(id));
        let broken = output::check_pending(&fresh, &exists, &has_id, &urls.base_path);
        for d in broken {
            diags.push(d);
        }
    }
    lap("check links", &mut timings);
    if checked.diagnostics.has_errors() {
        return Err(BuildError::Invalid(Box::new(checked)));
    }
    let base_url = site.config.base_url.to_string();
    // Only serve reuses the model; a build frees it with everything else.
    let planned = match &sink {
        Sink::Memory => {
            planned.with_dependent_mut(|_, pages| pages.forget_previous());
            Some(std::sync::Arc::new(std::sync::Mutex::new(planned)))
        }
        Sink::Disk(..) => None,
    };
    let cache = Cache {
        data,
        content,
        anchors,
        base_url,
        warnings: checked.diagnostics.clone(),
        planned,
    };
    let rendered = Rendered {
        files,
        file_count,
        checked,
        pages: pages_count,
        rendered_pages,
        timings,
        cache,
    };
    Ok(match sink {
        Sink::Memory => (rendered, None),
        Sink::Disk(staging, out_dir) => (rendered, Some((staging, out_dir))),
    })
}

/// The output folder: `--output`, or `output_dir` of site.yaml, which must stay inside the
/// site once symbolic links are resolved.
fn output_dir(
    root: &Path,
    explicit: Option<PathBuf>,
    configured: &str,
) -> Result<PathBuf, BuildError> {
    if let Some(p) = explicit {
        return Ok(p);
    }
    let out_dir = root.join(configured);
    let existing = out_dir.ancestors().find(|p| p.exists()).unwrap_or(root);
    if !crate::load::inside(root, existing) {
        return Err(BuildError::Write(WriteError::OutsideSite(out_dir)));
    }
    Ok(out_dir)
}

/// A chart that could not be drawn: "charts/<name>.<lang>.svg: <why>".
fn chart_diagnostic(e: &str) -> Diagnostic {
    let (chart, why) = e.split_once(": ").unwrap_or(("", e));
    let why = why.trim_start_matches("chart drawing failed: ");
    diagnostics::Diagnostic::error("chart", "charts", e.to_string())
        .help("this is a fault of minhbach, not of the data; please report it with the data that caused it")
        .vi(format!("không vẽ được biểu đồ `{chart}`: {why}"))
        .vi_help("đây là lỗi của minhbach, không phải của dữ liệu; xin hãy báo lại cho nhóm phát triển, kèm tệp dữ liệu đã gây ra lỗi")
}
