//! minhbach: a static site generator for public transparency dashboards.
//!
//! [`build`] reads top to bottom as the pipeline, each step a module that depends only on
//! earlier ones:
//!
//! ```text
//! load (disk → raw structs) → validate (raw → model, every diagnostic at once)
//!   → render: plan (theme, index) → layout → pages (site views → templates) → other files
//!     → link check → output (atomic swap)
//! ```
//!
//! `site` builds each page's view (with `markdown` for narratives and `charts` for SVGs),
//! `templates` turns a view into HTML, `output` checks links and writes the folder.
//! `main.rs` only parses the command line, calls [`check`] or [`build`] (or `serve`) and
//! chooses the exit code. There is no global state: `serve` calls the same steps into memory,
//! and keeps what its fast rebuild needs in `serve/`.
//! `import` is the way back from the downloads: a figure table into the province files;
//! `template` the way there for a publisher: the workbook of a province's report, to fill in.

pub mod cache;
pub mod charts;
pub mod console;
pub mod diagnostics;
pub mod edits;
pub mod escape;
pub mod extract;
pub mod format;
pub mod import;
pub mod indicators;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;

mod render;
pub mod search;
pub mod serve;

pub mod site;
pub mod template;
pub mod templates;
pub mod theme;
pub mod validate;

#[doc(hidden)]
pub mod fuzzing;

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
#[derive(Debug, Default)]
pub struct Checked {
    /// The validated site, when there is no error.
    pub site: Option<model::Site>,
    pub diagnostics: Diagnostics,
    /// The text of every file read, by path relative to the root, for quoting lines.
    pub sources: BTreeMap<String, std::sync::Arc<str>>,
}

impl Checked {
    /// Number of the site's own files read (the built-in theme, checked too, is not counted).
    pub fn files_read(&self) -> usize {
        self.sources
            .keys()
            .filter(|path| !path.starts_with(crate::theme::BUILT_IN))
            .count()
    }

    /// The validated site with the options applied, or every problem found.
    fn take_site(&mut self, options: &BuildOptions) -> Result<model::Site, BuildError> {
        let Some(mut site) = self.site.take() else {
            return Err(BuildError::Invalid(Box::new(std::mem::take(self))));
        };
        if let Some(url) = &options.base_url {
            site.config.base_url = url.clone();
        }
        Ok(site)
    }

    /// The problems found so far, if any is an error.
    fn errors(&mut self) -> Result<(), BuildError> {
        match self.diagnostics.has_errors() {
            true => Err(BuildError::Invalid(Box::new(std::mem::take(self)))),
            false => Ok(()),
        }
    }
}

/// Load and validate the site under `root` and its theme, collecting every problem: what
/// `build` would refuse before rendering (data, content, settings, templates, interface
/// strings), with the same functions.
///
/// Errors only when the site cannot be read at all (the root is missing, a file is
/// unreadable); problems in the content are diagnostics.
pub fn check(root: &Path) -> Result<Checked, IoFailure> {
    check_with(root, &load::memo::Memo::none())
}

/// [`check`], taking from `memo` the files an earlier run parsed ([`load::memo`]); the
/// diagnostics are the same.
pub fn check_with(root: &Path, memo: &load::memo::Memo) -> Result<Checked, IoFailure> {
    let mut checked = load_and_validate(root, memo)?;
    let Some(site) = checked.site.take() else {
        return Ok(checked);
    };
    // Links from the site's root in narratives are checked against the site's pages, which
    // takes the index; the theme alone is enough when no narrative has one.
    let has_site_links = site
        .pages
        .iter()
        .any(|p| !markdown::site_links(&p.body).is_empty());
    let outcome = if has_site_links {
        let none = site::plan::KeptPlan::none();
        render::plan(root, site, &mut checked, &none).map(|planned| {
            let layout = render::layout(&planned);
            render::check_narrative_links(&planned, &layout, &mut checked.diagnostics);
            // Nothing else holds the model here: taken back without a copy (cloned if it
            // ever were shared).
            match std::sync::Arc::try_unwrap(planned.into_owner()) {
                Ok(model) => model.site,
                Err(shared) => shared.site.clone(),
            }
        })
    } else {
        render::theme(root, &site, &mut checked).map(|_| site)
    };
    match outcome {
        Ok(site) => checked.site = Some(site),
        Err(BuildError::Invalid(with_errors)) => checked = *with_errors,
        Err(BuildError::Read(e)) => return Err(e),
        Err(BuildError::Write(_)) => {}
    }
    Ok(checked)
}

/// Steps 1 and 2: read every file (each text `memo` holds without parsing it again) and
/// validate it into the model.
pub(crate) fn load_and_validate(
    root: &Path,
    memo: &load::memo::Memo,
) -> Result<Checked, IoFailure> {
    load_and_validate_reusing(root, memo, &validate::reuse::Reuse::none())
}

/// [`load_and_validate`], taking from `reuse` what the validation before made of the province
/// files that did not change (`serve`), and keeping there what this one makes.
pub(crate) fn load_and_validate_reusing(
    root: &Path,
    memo: &load::memo::Memo,
    reuse: &validate::reuse::Reuse,
) -> Result<Checked, IoFailure> {
    let mut diagnostics = Diagnostics::default();
    let mut loaded = load::load_with(root, memo, &mut diagnostics)?;
    let site = validate::validate_reusing(&mut loaded, reuse, &mut diagnostics);
    let sources = std::mem::take(&mut loaded.sources);
    // The raw files are not needed any more: freeing them (700,000 raw figures on the
    // synthetic national site, about 0.06 s of one core) is left to a worker of the pool,
    // beside the steps that follow.
    rayon::spawn(move || drop(loaded));
    Ok(Checked {
        site,
        diagnostics,
        sources,
    })
}

/// What `build` needs to know beyond the site itself.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where to write; defaults to `output_dir` of site.yaml under the root.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of site.yaml (e.g. for a staging host); checked like it.
    pub base_url: Option<model::BaseUrl>,
    /// Make every file anew, without the build cache ([`cache`]) beside the output.
    pub no_cache: bool,
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
    /// Files of the downloads taken from the build cache, and files made and kept in it.
    pub cached: (usize, usize),
    /// Report pages taken from the last build (their inputs unchanged) instead of made.
    pub pages_taken: usize,
    /// Data files taken from the last build's output (made from the same) instead of
    /// written.
    pub data_taken: usize,
}

/// Time spent in each step of a build, for progress lines and benchmarks.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// Lock `mutex`, also after a thread panicked while holding it. Every mutex of the crate
/// guards a value that each update leaves whole (an entry added to a map or a list, a field
/// assigned, a file kept once made), so what a panicking thread left is still usable.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Times the steps of a build, each under its name.
#[derive(Debug, Default)]
pub struct Steps(Timings);

impl Steps {
    /// Run one step and note how long it took.
    pub fn run<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let result = step();
        self.0.push((name, started.elapsed()));
        result
    }

    /// Run two steps at the same time, `b` on a thread of its own, and note how long each
    /// took. `a` keeps the thread pool's workers; `b` is one long task on one core (the search
    /// index), which would otherwise leave the other core idle while `a` waits for it or it
    /// waits for `a`.
    ///
    /// What `b` does in parallel runs on a pool of its own, of that one thread: on the
    /// global pool it would wait behind `a`'s tasks. Pagefind builds its index with rayon,
    /// and on a national site that part waited about 11 s for the downloads to finish.
    pub fn run_beside<A: Send, B: Send>(
        &mut self,
        (name_a, a): (&'static str, impl FnOnce() -> A + Send),
        (name_b, b): (&'static str, impl FnOnce() -> B + Send),
    ) -> (A, B) {
        fn timed<T>(step: impl FnOnce() -> T) -> (T, std::time::Duration) {
            let started = std::time::Instant::now();
            let result = step();
            (result, started.elapsed())
        }
        let ((ra, ta), (rb, tb)) = std::thread::scope(|scope| {
            let beside = scope.spawn(|| {
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "beside".to_string())
                    .build()
                {
                    Ok(own) => own.install(|| timed(b)),
                    // No thread for a pool: `b`'s parallel work shares the global pool.
                    Err(_) => timed(b),
                }
            });
            let a = timed(a);
            // A panic in `b` goes on as if `b` had run here.
            (
                a,
                beside
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        });
        self.0.push((name_a, ta));
        self.0.push((name_b, tb));
        (ra, rb)
    }

    pub fn into_timings(self) -> Timings {
        self.0
    }
}

/// Check, render and write the site under `root`. Nothing is written unless everything
/// succeeded; the previous output stays in place otherwise.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    use render::Destination;
    let mut steps = Steps::default();
    let memo = match options.no_cache {
        true => load::memo::Memo::none(),
        false => cache::site_memo(root),
    };
    let mut checked = steps
        .run("load and validate", || load_and_validate(root, &memo))
        .map_err(BuildError::Read)?;
    let site = checked.take_site(options)?;
    let out_dir = render::output_dir(root, options.output.clone(), &site.config.output_dir)?;
    let none = site::plan::KeptPlan::none();
    let planned = steps.run("theme and index", || {
        render::plan(root, site, &mut checked, &none)
    })?;
    let layout = steps.run("list the pages", || render::layout(&planned));
    let staging = output::Staging::new(&out_dir).map_err(BuildError::Write)?;
    let to_disk = Destination::Disk(&staging);
    let cache = match options.no_cache {
        true => cache::Cache::none(),
        false => cache::Cache::beside(&out_dir),
    };
    // The report pages of the last build whose inputs are unchanged are taken from it.
    let base_url = planned.site().config.base_url.to_string();
    let known = layout.known_files();
    let last = render::last_pages::LastPages::read(&cache, &out_dir);
    let taking = last
        .as_ref()
        .map(|last| last.taking(&staging, &base_url, &known));
    let digests = match cache.is_on() {
        true => steps.run("digests of the report pages", || {
            let none = site::inputs::KeptInputs::none();
            render::input_digests(&planned, &layout, false, &none)
        }),
        false => render::Digests::default(),
    };
    let reuse = taking
        .as_ref()
        .map(|taking| (&digests, taking as &dyn render::Earlier));
    let diags = &mut checked.diagnostics;
    let mut pages = steps.run("plan, render and write pages", || {
        render::pages(&planned, &layout, &to_disk, reuse, diags)
    })?;
    let (_, charts) = steps.run("charts and other files", || {
        render::other_files(&planned, &layout, &to_disk, &mut pages, diags)
    })?;
    let (downloads, search) = steps.run_beside(
        ("data downloads", || {
            render::downloads(&planned, &staging, &cache, taking.as_ref())
        }),
        ("search index", || render::search_index(&planned, &to_disk)),
    );
    let data_files = downloads?;
    let (_, search_files) = search?;
    steps.run("check links", || {
        render::check_links(&planned, &layout, &pages, &charts, diags)
    });
    checked.errors()?;
    steps
        .run("swap in the new site", || staging.commit())
        .map_err(BuildError::Write)?;
    cache.prune();
    steps.run("note pages and data files", || {
        // A data file has no links of its own to note.
        let no_links = output::PageLinks::default();
        let data = data_files
            .made
            .iter()
            .map(|(f, made)| (f.as_str(), made, &no_links));
        let noted: Vec<_> = pages
            .links
            .iter()
            .filter_map(|(file, links)| Some((file.as_str(), digests.get(file)?, links)))
            .chain(data)
            .collect();
        render::last_pages::write(&cache, &out_dir, &base_url, &known, &noted);
    });
    // Like the rest of the cache, only once the site is in place: a build that fails writes
    // nothing outside its output.
    steps.run("keep the parsed files", || {
        cache::keep_site_memo(root, &memo)
    });
    let built = Built {
        checked,
        output: out_dir,
        pages: pages.links.len(),
        files: layout.pages.len() + charts.len() + layout.downloads.len() + search_files,
        timings: steps.into_timings(),
        cached: cache.counts(),
        pages_taken: pages.taken.len(),
        data_taken: data_files.taken,
    };
    // The model, its index and every page's links are freed by a worker of the pool: on the
    // synthetic national site that is about 0.1 s of one core at the end of the build,
    // which the command's exit (or `serve`'s next request) need not wait for.
    rayon::spawn(move || drop((planned, layout, pages, charts, memo)));
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::Steps;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    /// `a` holds every worker of the global pool until `b` says it is done; `b` does some
    /// parallel work first, once `a` holds them all. On the global pool that work would wait
    /// for `a`, which gives up after a while: `b` must not need the global pool.
    #[test]
    fn the_step_beside_does_its_parallel_work_without_waiting_for_the_other() {
        let workers = rayon::current_num_threads();
        let holding = AtomicUsize::new(0);
        let done = AtomicBool::new(false);
        let hold = |_| {
            holding.fetch_add(1, Ordering::SeqCst);
            let until = Instant::now() + Duration::from_secs(10);
            while !done.load(Ordering::SeqCst) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(1));
            }
            done.load(Ordering::SeqCst)
        };
        let a = || -> Vec<bool> {
            (0..workers)
                .into_par_iter()
                .with_max_len(1)
                .map(hold)
                .collect()
        };
        let b = || {
            let until = Instant::now() + Duration::from_secs(10);
            while holding.load(Ordering::SeqCst) < workers && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(1));
            }
            let sum: u32 = (0..100u32).into_par_iter().sum();
            done.store(true, Ordering::SeqCst);
            sum
        };
        let (held, sum) = Steps::default().run_beside(("a", a), ("b", b));
        assert_eq!(sum, 4950);
        assert!(
            held.iter().all(|&saw| saw),
            "the workers gave up before the step beside was done: {held:?}"
        );
    }
}
