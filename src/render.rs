//! The steps after validation, each a function that [`crate::build`] calls in turn (and that
//! `serve` calls the same way, into memory):
//!
//! 1. [`plan`]: the theme, its templates parsed ([`theme`], which `check` runs too), and the index of the site's figures
//!    ([`Planned`]), from which any page can be planned;
//! 2. [`layout`]: every page's address, and the files that list them (sitemap, feeds,
//!    `robots.txt`) with the theme's static files;
//! 3. [`pages`]: each page planned, rendered and handed to its [`Destination`] by one worker,
//!    in parallel, keeping only what the link check needs (its `id`s and the links not yet
//!    known to resolve), so the views and HTML of thousands of pages never exist at once; a
//!    report page whose inputs are unchanged is taken from the last build instead ([`Earlier`],
//!    [`last_pages`] for `build`, `serve`'s preview for `serve`, which takes province and
//!    indicator pages too);
//! 4. [`other_files`]: the charts the pages drew, and the files of the layout; in `serve`,
//!    [`take_charts`]: the charts of the pages taken;
//!    [`downloads`]: the data files of every scope with figures (`crate::site::opendata`);
//! 5. [`check_links`]: every link and anchor against the files and ids the build produced.
//!
//! Committing the staging folder (step 6) is [`crate::output::Staging::commit`].

pub mod last_pages;

use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{self, Bytes, Files, PageLinks, Staging, WriteError};
use crate::site::{self, opendata, urls, PageKey, Pages};
use crate::templates::Renderer;
use crate::theme::Theme;
use crate::{BuildError, Checked, FastSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
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
        // Shared, so that `serve` can make a download on request from the model of the site
        // it shows while a fast rebuild changes the pages' index.
        owner: std::sync::Arc<Model>,
        // Not covariant: the pages' index fills some of its parts when first asked for
        // (a merged province's series), so it is reached through `with_dependent`.
        #[not_covariant]
        dependent: Pages,
    }
);

impl std::fmt::Debug for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Planned { .. }")
    }
}

/// Where rendered files go.
pub(crate) enum Destination<'a> {
    /// Kept in memory and returned (serve, tests).
    Memory,
    /// Written to the staging folder of the output.
    Disk(&'a Staging),
}

impl Destination<'_> {
    /// Hand `bytes` over as `file`; they come back, shared, when they stay in memory. Only
    /// then are they made [`Bytes`]: a page or download written to disk is written from the
    /// buffer it was made in, not copied first.
    fn keep(
        &self,
        file: &str,
        bytes: impl AsRef<[u8]> + Into<Bytes>,
    ) -> Result<Option<Bytes>, WriteError> {
        match self {
            Destination::Memory => Ok(Some(bytes.into())),
            Destination::Disk(staging) => staging.write(file, bytes.as_ref()).map(|()| None),
        }
    }
}

/// Step 1: load the theme, parse its templates and index the site. The templates' text joins
/// `checked.sources`, so that a template error can quote its line.
/// Each part's order of its figures, and each unit's counts of its reports, are taken from
/// `kept` when made from the same figures (`serve`).
pub(crate) fn plan(
    root: &Path,
    site: Site,
    checked: &mut Checked,
    kept: &site::plan::KeptPlan,
) -> Result<Planned, BuildError> {
    let (theme, renderer) = theme(root, &site, checked)?;
    let model = Model {
        urls: urls::Urls::new(&site.config.base_url),
        site,
        theme,
        renderer,
    };
    Ok(Planned::new(std::sync::Arc::new(model), |m| {
        Pages::new(&m.site, &m.theme, &m.urls, kept)
    }))
}

/// The site's theme with its templates parsed: every problem in them (a missing theme, a
/// template that does not parse, a missing interface string) is a diagnostic of `check` as of
/// `build`. The templates' text joins `checked.sources`, so that an error can quote its line.
pub(crate) fn theme(
    root: &Path,
    site: &Site,
    checked: &mut Checked,
) -> Result<(Theme, Renderer), BuildError> {
    let diags = &mut checked.diagnostics;
    let theme =
        crate::theme::load_theme(root, &site.config.theme, diags).map_err(BuildError::Read)?;
    for (origin, text) in theme.templates.values() {
        checked
            .sources
            .insert(origin.clone(), std::sync::Arc::from(text.as_str()));
    }
    let diags = &mut checked.diagnostics;
    let renderer = Renderer::new(&theme, diags);
    match renderer.filter(|_| !diags.has_errors()) {
        Some(renderer) => Ok((theme, renderer)),
        None => Err(BuildError::Invalid(Box::new(std::mem::take(checked)))),
    }
}

impl Planned {
    pub fn site(&self) -> &Site {
        &self.borrow_owner().site
    }

    pub fn urls(&self) -> &urls::Urls {
        &self.borrow_owner().urls
    }

    /// The model, shared: what the data downloads are made from (`serve` makes them on
    /// request, after the pages).
    pub fn model(&self) -> std::sync::Arc<Model> {
        std::sync::Arc::clone(self.borrow_owner())
    }
}

/// Every page of the site and the files that list them.
pub(crate) struct Layout {
    /// Each page and its address, in sitemap order.
    pub pages: Vec<(PageKey, String)>,
    /// The output file of each page.
    pub page_files: FastSet<String>,
    /// The sitemap, the feeds, `robots.txt` and the theme's static files.
    pub files: BTreeMap<String, Bytes>,
    /// The data files that [`downloads`] writes (named here, so that links to them are known
    /// before they are made).
    pub downloads: FastSet<String>,
}

impl Layout {
    /// The files a page's links are found against ([`PageLinks::of`]): the pages, the
    /// layout's files and the downloads. A page's links still hold for a build that makes all
    /// of these.
    pub fn known_files(&self) -> FastSet<String> {
        let mut known = self.page_files.clone();
        known.extend(self.files.keys().cloned());
        known.extend(self.downloads.iter().cloned());
        known
    }
}

/// Step 2: the address of every page, the sitemap, feeds and `robots.txt`, and the theme's
/// static files.
pub(crate) fn layout(planned: &Planned) -> Layout {
    planned.with_dependent(|model, index| {
        let (site, theme, urls) = (&model.site, &model.theme, &model.urls);
        let pages: Vec<(PageKey, String)> = index
            .keys()
            .into_iter()
            .map(|k| {
                let path = index.path(&k);
                (k, path)
            })
            .collect();
        let mut files: BTreeMap<String, Bytes> = theme
            .static_files
            .iter()
            .map(|(path, bytes)| (path.clone(), Bytes::from(bytes.as_slice())))
            .collect();
        let languages = &site.config.languages;
        // Each feed reads every report of the site, as do the names of the downloads: side by
        // side (the national benchmark has 3,432 reports), and beside the sitemap, which names
        // every page.
        let sitemap = || {
            let in_sitemap: Vec<String> = pages
                .iter()
                .filter(|(k, _)| k.kind != site::PageKind::NotFound)
                .map(|(_, p)| p.clone())
                .collect();
            site::feeds::sitemap(&in_sitemap, urls, languages)
        };
        let ((feeds, sitemap), downloads) = rayon::join(
            || {
                rayon::join(
                    || {
                        languages
                            .par_iter()
                            .map(|lang| {
                                (
                                    urls::feed(*lang),
                                    site::feeds::atom(site, theme, urls, *lang),
                                )
                            })
                            .collect::<Vec<_>>()
                    },
                    sitemap,
                )
            },
            || {
                opendata::files::all_paths(index.index())
                    .into_iter()
                    .collect()
            },
        );
        files.insert("sitemap.xml".into(), Bytes::from(sitemap.into_bytes()));
        for (path, atom) in feeds {
            files.insert(path, Bytes::from(atom.into_bytes()));
        }
        let robots = site::feeds::robots(urls);
        files.insert("robots.txt".into(), Bytes::from(robots.into_bytes()));
        let page_files = pages.iter().map(|(_, p)| urls::file_for(p)).collect();
        Layout {
            pages,
            page_files,
            files,
            downloads,
        }
    })
}

/// What the page step leaves.
#[derive(Default)]
pub(crate) struct RenderedPages {
    /// The pages, when the destination is memory.
    pub files: Files,
    /// The `id`s and pending links of each page, in page order.
    pub links: Vec<(String, PageLinks)>,
    /// The pages taken from an earlier build, by output file.
    pub taken: Vec<String>,
}

/// Pages an earlier build made, found by the digest of what each was made from
/// ([`site::Pages::input_digest`]).
pub(crate) trait Earlier: Sync {
    /// The page `file` as the earlier build made it from inputs of digest `digest`, with its
    /// `id`s and links when they still hold for this build's files (else they are looked for
    /// again); `None` when that build made it from other inputs, or did not make it.
    fn page(&self, file: &str, digest: &blake3::Hash) -> Option<(Found, Option<PageLinks>)>;
}

/// A page taken from an earlier build.
pub(crate) enum Found {
    /// Its bytes, to hand to the destination.
    Bytes(Bytes),
    /// Already in the staging folder (linked from the previous output).
    Placed,
}

/// The digests of what the pages of `layout` are made from ([`site::Pages::input_digest`]),
/// by output file; a page without one is always made again. The digests of every province's
/// figures are made first, provinces in parallel, then the pages'.
pub(crate) type Digests = crate::FastMap<String, blake3::Hash>;

/// The digests of the pages of `layout` that have one. With `with_charts`, province and
/// indicator pages get digests too: only for a build that takes the files of a page's charts
/// along with the page (`serve`, [`take_charts`]). The digests of the figures are taken from
/// `kept` for the parts it has, and those of the narratives that did not change (`serve`'s,
/// from the rebuild before).
pub(crate) fn input_digests(
    planned: &Planned,
    layout: &Layout,
    with_charts: bool,
    kept: &site::inputs::KeptInputs,
) -> Digests {
    planned.with_dependent(|_, pages| {
        pages.prepare_inputs(with_charts, kept);
        layout
            .pages
            .par_iter()
            .filter_map(|(key, path)| {
                let digest = pages.input_digest(key, with_charts)?;
                Some((urls::file_for(path), digest))
            })
            .collect()
    })
}

/// Step 3: plan, render and hand over each page of `layout`. A template error is reported
/// once (the first page it stops), and the pages go on.
pub(crate) fn pages(
    planned: &Planned,
    layout: &Layout,
    destination: &Destination,
    reuse: Option<(&Digests, &dyn Earlier)>,
    diags: &mut Diagnostics,
) -> Result<RenderedPages, BuildError> {
    planned.with_dependent(|model, pages| {
        let (renderer, urls) = (&model.renderer, &model.urls);
        let known = |f: &str| {
            layout.page_files.contains(f)
                || layout.files.contains_key(f)
                || layout.downloads.contains(f)
        };
        // The URL of every page, as templates write links to it (only those that resolve to the
        // page itself: the link check then skips them).
        let page_urls: FastSet<String> = layout
            .pages
            .iter()
            .map(|(_, p)| ([urls.base_path.as_str(), p].concat(), urls::file_for(p)))
            .filter(|(url, file)| output::leads_to(url, &urls.base_path, file))
            .map(|(url, _)| url)
            .collect();
        let linked = |link: &str| page_urls.contains(link);
        /// A page handed over: its bytes (in memory), its links, the digest of its inputs, and
        /// whether it was taken from an earlier build.
        type Made = (Option<Bytes>, PageLinks, bool);
        type Page = (String, Result<Made, Box<Diagnostic>>);
        let results: Vec<Result<Page, WriteError>> = layout
            .pages
            .par_iter()
            .filter_map(|(key, path)| {
                let file = urls::file_for(path);
                let found =
                    reuse.and_then(|(digests, earlier)| earlier.page(&file, digests.get(&file)?));
                if let Some((found, links)) = found {
                    let find =
                        |html: &[u8]| PageLinks::of(html, &file, &urls.base_path, &known, &linked);
                    let kept = match (found, links) {
                        (Found::Bytes(html), links) => {
                            let links = links.unwrap_or_else(|| find(&html));
                            destination.keep(&file, html).map(|html| (html, links))
                        }
                        (Found::Placed, Some(links)) => Ok((None, links)),
                        // Read back only when its links must be found again.
                        (Found::Placed, None) => {
                            read_placed(destination, &file).map(|html| (None, find(&html)))
                        }
                    };
                    return Some(kept.map(|(html, links)| (file, Ok((html, links, true)))));
                }
                let job = pages.job(key)?;
                let html = match renderer.render(job) {
                    Ok(html) => html,
                    Err(e) => return Some(Ok((file, Err(e)))),
                };
                let links = PageLinks::of(&html, &file, &urls.base_path, &known, &linked);
                let kept = destination.keep(&file, html);
                Some(kept.map(|html| (file, Ok((html, links, false)))))
            })
            .collect();
        let mut out = RenderedPages::default();
        for result in results {
            match result.map_err(BuildError::Write)? {
                (file, Ok((html, links, reused))) => {
                    if let Some(html) = html {
                        out.files.insert(file.clone(), html);
                    }
                    if reused {
                        out.taken.push(file.clone());
                    }
                    out.links.push((file, links));
                }
                (_, Err(d)) => {
                    let first = !diags
                        .iter()
                        .any(|x| x.message == d.message && x.file == d.file);
                    if first {
                        diags.push(*d);
                    }
                }
            }
        }
        Ok(out)
    })
}

/// The bytes of a page placed in the staging folder by an earlier build, read back only when
/// its links must be found again (the files they were found against are not all made now).
fn read_placed(destination: &Destination, file: &str) -> Result<Vec<u8>, WriteError> {
    match destination {
        Destination::Disk(staging) => staging.read(file),
        Destination::Memory => Err(WriteError::Io(
            PathBuf::from(file),
            std::io::Error::other("a page placed on disk for a build in memory"),
        )),
    }
}

/// The bytes of one file of [`other_files`]: borrowed from the model (the charts), made by
/// the step (PNGs, embed pages) or shared (the layout's files). Written to disk as they are:
/// only a build in memory makes them [`Bytes`]. Copying every chart first (66 MB on the
/// synthetic national site) kept one core busy while the other waited: the step took 135–970 ms
/// against 89–116 ms without the copy (4 runs each), most of it the kernel giving fresh memory.
enum Body<'a> {
    Borrowed(&'a [u8]),
    Made(Vec<u8>),
    Shared(Bytes),
}

impl AsRef<[u8]> for Body<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Borrowed(b) => b,
            Body::Made(v) => v,
            Body::Shared(b) => b,
        }
    }
}

impl From<Body<'_>> for Bytes {
    fn from(body: Body<'_>) -> Bytes {
        match body {
            Body::Borrowed(b) => Bytes::from(b),
            Body::Made(v) => Bytes::from(v),
            Body::Shared(b) => b,
        }
    }
}

/// Step 4: the charts the pages drew, each with its share SVG, its PNG when it is a page's
/// preview image, and its embed page; the site's preview image; and the files of the layout,
/// handed over. Returns the files kept in memory (none for the disk) and the names of the
/// chart files and embed pages; the embed pages' links join `pages` for the link check.
pub(crate) fn other_files(
    planned: &Planned,
    layout: &Layout,
    destination: &Destination,
    pages: &mut RenderedPages,
    diags: &mut Diagnostics,
) -> Result<(Files, FastSet<String>), BuildError> {
    planned.with_dependent(|model, index| {
        let (renderer, urls) = (&model.renderer, &model.urls);
        let (charts, chart_errors) = index.charts();
        for (chart, e) in &chart_errors {
            diags.push(chart_diagnostic(chart, e));
        }
        let site_images: Vec<&site::preview::SiteImage> = index.site_images().collect();
        /// One piece of work of this step, done in parallel with the others.
        enum Job<'a> {
            Copy(String, Body<'a>),
            Png(String, &'a str),
            Embed(&'a site::charts::DrawnChart),
        }
        // PNGs cost far more than everything else here (10–70 ms each): in memory (`serve`) they
        // are left out, and the preview server renders one from its share SVG when it is asked
        // for (`serve::http`); their names still count for the link check.
        let rasterise = matches!(destination, Destination::Disk(_));
        let mut names: FastSet<String> = FastSet::default();
        let mut jobs: Vec<Job> = Vec::new();
        let pngs = charts
            .values()
            .filter(|d| d.png)
            .map(|d| (d.png_file(), d.share_svg.as_str()))
            .chain(site_images.iter().map(|i| (i.png_file(), i.svg.as_str())));
        for (file, svg) in pngs {
            if rasterise {
                jobs.push(Job::Png(file, svg));
            } else {
                names.insert(file);
            }
        }
        for (path, drawn) in &charts {
            jobs.push(Job::Copy(
                path.clone(),
                Body::Borrowed(drawn.svg.as_bytes()),
            ));
            jobs.push(Job::Copy(
                drawn.share_file(),
                Body::Borrowed(drawn.share_svg.as_bytes()),
            ));
            jobs.push(Job::Embed(drawn));
        }
        for image in &site_images {
            jobs.push(Job::Copy(
                image.svg_file(),
                Body::Borrowed(image.svg.as_bytes()),
            ));
        }
        jobs.extend(
            layout
                .files
                .iter()
                .map(|(p, b)| Job::Copy(p.clone(), Body::Shared(Bytes::clone(b)))),
        );
        for job in &jobs {
            match job {
                Job::Copy(path, _) | Job::Png(path, _) => names.insert(path.clone()),
                Job::Embed(drawn) => names.insert(urls::file_for(&drawn.embed_page())),
            };
        }
        let known = |f: &str| {
            layout.page_files.contains(f) || layout.files.contains_key(f) || names.contains(f)
        };
        let linked = |_: &str| false;
        type Done = Result<(String, Option<Bytes>, Option<PageLinks>), Box<Diagnostic>>;
        let made = |job| {
            Ok::<_, Box<Diagnostic>>(match job {
                Job::Copy(path, bytes) => (path, bytes, None),
                Job::Png(path, svg) => {
                    let (png, _) = crate::charts::raster::png(svg)
                        .map_err(|e| Box::new(chart_diagnostic(&path, &e)))?;
                    (path, Body::Made(png), None)
                }
                Job::Embed(drawn) => {
                    let path = urls::file_for(&drawn.embed_page());
                    let html = renderer.render(index.embed_job(drawn))?;
                    let links = PageLinks::of(&html, &path, &urls.base_path, &known, &linked);
                    (path, Body::Made(html), Some(links))
                }
            })
        };
        let results: Vec<Result<Done, WriteError>> = jobs
            .into_par_iter()
            .map(|job| match made(job) {
                Ok((path, bytes, links)) => destination
                    .keep(&path, bytes)
                    .map(|kept| Ok((path, kept, links))),
                Err(d) => Ok(Err(d)),
            })
            .collect();
        let mut in_memory = Files::new();
        for result in results {
            match result.map_err(BuildError::Write)? {
                Ok((path, kept, links)) => {
                    if let Some(links) = links {
                        pages.links.push((path.clone(), links));
                    }
                    if let Some(bytes) = kept {
                        in_memory.insert(path, bytes);
                    }
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
        Ok((in_memory, names))
    })
}

/// The files of the charts each page of an earlier build showed, by the page's output file
/// ([`site::Pages::chart_files`]), and those files as that build made them.
pub(crate) struct EarlierCharts<'a> {
    pub by_page: &'a crate::FastMap<String, Vec<String>>,
    pub files: &'a Files,
}

/// Step 4 for a build in memory that took pages from an earlier one (`serve`): the files of
/// the charts those pages show, taken with them (the pages were not planned, so they drew
/// nothing), but for those a page made again drew already. Their names join `names`, the
/// embed pages' links join `pages`, as [`other_files`] does for the charts it writes. Returns
/// the files of the charts of every page of this build, by page, for the next one.
pub(crate) fn take_charts(
    planned: &Planned,
    layout: &Layout,
    earlier: Option<EarlierCharts>,
    pages: &mut RenderedPages,
    files: &mut Files,
    names: &mut FastSet<String>,
) -> crate::FastMap<String, Vec<String>> {
    planned.with_dependent(|model, index| {
        let mut by_page = index.chart_files();
        let Some(earlier) = earlier else {
            return by_page;
        };
        let mut embeds = Vec::new();
        for page in &pages.taken {
            let Some(charts) = earlier.by_page.get(page) else {
                continue;
            };
            for file in charts {
                names.insert(file.clone());
                if files.contains_key(file) {
                    continue;
                }
                // A PNG is not among the files in memory (`serve` makes it when asked).
                if let Some(bytes) = earlier.files.get(file) {
                    files.insert(file.clone(), Bytes::clone(bytes));
                    if file.ends_with(".html") {
                        embeds.push(file.clone());
                    }
                }
            }
            by_page.insert(page.clone(), charts.clone());
        }
        let base_path = &model.urls.base_path;
        let known = |f: &str| {
            layout.page_files.contains(f) || layout.files.contains_key(f) || names.contains(f)
        };
        // Each embed's links, in parallel (a rebuild takes a few hundred), in embed order.
        let files = &*files;
        let found: Vec<(String, PageLinks)> = embeds
            .into_par_iter()
            .filter_map(|file| {
                let html = files.get(&file)?;
                let links = PageLinks::of(html, &file, base_path, &known, &|_| false);
                Some((file, links))
            })
            .collect();
        pages.links.extend(found);
        by_page
    })
}

/// Step 4, the data: every data file of the site (each scope's CSV, JSON and XLSX, the data
/// package and the zip; [`Layout::downloads`] names them), handed over as each is made, or
/// taken from the last build's output when `taking` has the same one. Returns the digest of
/// what made each file that has one ([`DataFiles`]).
pub(crate) fn downloads(
    planned: &Planned,
    staging: &Staging,
    cache: &crate::cache::Cache,
    taking: Option<&last_pages::Taking>,
) -> Result<DataFiles, BuildError> {
    planned.with_dependent(|model, pages| {
        let rows = opendata::Rows {
            site: &model.site,
            idx: pages.index(),
            urls: &model.urls,
            theme: &model.theme,
        };
        let sink = DataSink {
            staging,
            taking,
            made: std::sync::Mutex::new(Vec::new()),
            taken: std::sync::atomic::AtomicUsize::new(0),
        };
        opendata::write_all(&rows, &sink, cache).map_err(|e| match e {
            opendata::Failure::Sink(e) => BuildError::Write(e),
            // A writer that fails on rows of a valid site is a fault of minhbach: reported as a
            // file that could not be written, with the writer's reason.
            opendata::Failure::Encode { path, why } => BuildError::Write(WriteError::Io(
                PathBuf::from(path),
                std::io::Error::other(why),
            )),
        })?;
        let unpoison = |e: std::sync::PoisonError<_>| e.into_inner();
        let mut made = sink.made.into_inner().unwrap_or_else(unpoison);
        made.sort_by(|a, b| a.0.cmp(&b.0));
        let taken = sink.taken.into_inner();
        Ok(DataFiles { made, taken })
    })
}

/// The data files of a build that have a digest of what made them.
pub(crate) struct DataFiles {
    /// The digest of each, by path: for the next build to take the file again.
    pub made: Vec<(String, blake3::Hash)>,
    /// How many were taken from the last build's output.
    pub taken: usize,
}

/// The data files written into the staging folder as they are made; a file the last build
/// made from the same is linked from its output instead. (`serve` makes a data file only when
/// it is asked for: `crate::serve`'s downloads on demand.)
struct DataSink<'d> {
    staging: &'d Staging,
    taking: Option<&'d last_pages::Taking<'d>>,
    made: std::sync::Mutex<Vec<(String, blake3::Hash)>>,
    taken: std::sync::atomic::AtomicUsize,
}

impl opendata::write::Sink for DataSink<'_> {
    type Error = WriteError;

    fn put_made(
        &self,
        path: &str,
        pieces: &[&[u8]],
        made: Option<opendata::Made>,
    ) -> Result<(), WriteError> {
        let Some(opendata::Made(made)) = made else {
            return self.put(path, pieces);
        };
        match self.taking.is_some_and(|t| t.file(path, &made)) {
            true => {
                self.taken
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            false => self.put(path, pieces)?,
        }
        let mut noted = self.made.lock().unwrap_or_else(|e| e.into_inner());
        noted.push((path.to_string(), made));
        Ok(())
    }

    fn put(&self, path: &str, pieces: &[&[u8]]) -> Result<(), WriteError> {
        self.staging.write_pieces(path, pieces)
    }

    /// The zip is written as it is laid out, never held whole in memory.
    fn put_zip(
        &self,
        path: &str,
        entries: Vec<opendata::zip::Entry>,
    ) -> Result<(), opendata::Failure<WriteError>> {
        self.staging
            .write_with(path, |file| {
                let out = std::io::BufWriter::with_capacity(1 << 16, file);
                let mut out =
                    opendata::zip::archive(entries, out).map_err(std::io::Error::other)?;
                std::io::Write::flush(&mut out)
            })
            .map_err(opendata::Failure::Sink)
    }
}

/// Step 4, the search: the records of every province, indicator, report, task and service
/// (`crate::search`), indexed into Pagefind's bundle under `pagefind/` and handed over.
/// Returns the files kept in memory (none for the disk) and how many files it made.
pub(crate) fn search_index(
    planned: &Planned,
    destination: &Destination,
) -> Result<(Files, usize), BuildError> {
    planned.with_dependent(|model, pages| {
        let records = crate::search::records(&model.site, pages.index(), &model.theme);
        let files = crate::search::bundle::bundle(records).map_err(|e| {
            BuildError::Write(WriteError::Io(
                PathBuf::from(crate::search::bundle::FOLDER),
                std::io::Error::other(e.to_string()),
            ))
        })?;
        let mut kept = Files::new();
        let made = files.len();
        for (path, bytes) in files {
            if let Some(bytes) = destination.keep(&path, bytes).map_err(BuildError::Write)? {
                kept.insert(path, bytes);
            }
        }
        Ok((kept, made))
    })
}

/// Step 5: every link still pending on a page must lead to a file of the build, and every
/// anchor to an `id` of its page. Skipped when there are errors already (a page that failed
/// to render would make its links look broken).
pub(crate) fn check_links(
    planned: &Planned,
    layout: &Layout,
    pages: &RenderedPages,
    charts: &FastSet<String>,
    diags: &mut Diagnostics,
) {
    if diags.has_errors() {
        return;
    }
    let exists = |f: &str| {
        layout.page_files.contains(f)
            || layout.files.contains_key(f)
            || layout.downloads.contains(f)
            || charts.contains(f)
    };
    let anchors: crate::FastMap<&str, &FastSet<String>> = pages
        .links
        .iter()
        .map(|(f, l)| (f.as_str(), &*l.ids))
        .collect();
    let has_id = |file: &str, id: &str| anchors.get(file).is_some_and(|ids| ids.contains(id));
    let pending: Vec<(&str, &[String])> = pages
        .links
        .iter()
        .map(|(f, l)| (f.as_str(), &l.pending[..]))
        .collect();
    for d in output::check_pending(&pending, &exists, &has_id, &planned.urls().base_path) {
        diags.push(d);
    }
}

/// For `check`: every link a narrative writes from the site's root (`/provinces/…`) must lead
/// to a page or file of the site, as the build's link check will demand after rendering.
/// (Anchors and charts are known only once the pages are rendered: the build checks those.)
pub(crate) fn check_narrative_links(planned: &Planned, layout: &Layout, diags: &mut Diagnostics) {
    for page in planned.site().pages.iter().filter(|p| !p.draft) {
        for (link, offset) in crate::markdown::site_links(&page.body) {
            let path = link.split(['#', '?']).next().unwrap_or("");
            let rel = path.trim_start_matches('/');
            let file = if rel.is_empty() || rel.ends_with('/') {
                [rel, "index.html"].concat()
            } else {
                rel.to_string()
            };
            let known = layout.page_files.contains(&file)
                || layout.files.contains_key(&file)
                || layout.downloads.contains(&file)
                || file.starts_with("charts/");
            if known {
                continue;
            }
            let before = &page.body[..offset.min(page.body.len())];
            let line = before.matches('\n').count() + page.body_line;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let d = Diagnostic::error(
                "broken-link",
                format!("content/{}", page.path),
                format!("link `{link}` points at `{file}`, which the build does not produce"),
            )
            .at(Some(diagnostics::Position { line, column }))
            .help("correct the link: pages are /provinces/<id>/, /indicators/<id>/, /reports/<province>/<period>/, /<page>/ (and /en/… in English)")
            .vi(format!("liên kết `{link}` trỏ tới `{file}`, nhưng không có trang nào như vậy được tạo ra"))
            .vi_help("hãy sửa lại liên kết: các trang có dạng /provinces/<mã>/, /indicators/<mã>/, /reports/<tỉnh>/<kỳ>/, /<trang>/ (và /en/… bằng tiếng Anh)");
            diags.push(d);
        }
    }
}

/// The output folder: `--output`, or `output_dir` of site.yaml, which must stay inside the
/// site once symbolic links are resolved.
pub(crate) fn output_dir(
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

/// A chart that could not be drawn.
fn chart_diagnostic(chart: &str, why: &crate::charts::ChartError) -> Diagnostic {
    diagnostics::Diagnostic::error("chart", "charts", format!("chart `{chart}` could not be drawn: {why}"))
        .help("this is a fault of minhbach, not of the data; please report it with the data that caused it")
        .vi(format!("không vẽ được biểu đồ `{chart}`: {why}"))
        .vi_help("đây là lỗi của minhbach, không phải của dữ liệu; xin hãy báo lại cho nhóm phát triển, kèm tệp dữ liệu đã gây ra lỗi")
}
