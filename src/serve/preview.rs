//! The site `serve` shows: built in memory by the same steps as `build`, and kept with what
//! its fast rebuild needs.
//!
//! A [`Preview`] owns its model (the validated, indexed site), every file of the site, and
//! each page's anchors and unresolved links; the data downloads are only named, and made
//! when a request asks for one ([`OnDemand`]); the search index is made when a request first
//! asks for one of its files ([`SearchOnDemand`]). After an edit, [`Preview::rebuild`] takes the
//! fast path of `fast_rebuild.rs` when only Markdown bodies changed, and otherwise builds the whole
//! site again; nothing of this lives in the build itself.

use super::downloads::OnDemand;
use super::fast_rebuild;
use super::incoming::Incoming;
use super::search::SearchOnDemand;
use crate::diagnostics::Diagnostics;
use crate::load::memo::Memo;
use crate::output::{Files, PageLinks};
use crate::render::{self, Destination, Planned};
use crate::site::inputs::KeptInputs;
use crate::site::plan::KeptPlan;
use crate::validate::reuse::Reuse;
use crate::{BuildError, BuildOptions, Checked, Steps, Timings};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A site built in memory, ready for a fast rebuild.
pub struct Preview {
    /// Every file of the site but the data downloads and the search index, shared with the
    /// requests being answered.
    pub(super) files: Arc<Files>,
    /// The data downloads, made when asked for (shared with the requests too).
    pub(super) downloads: Arc<OnDemand>,
    /// The search index, made when asked for (shared with the requests too).
    pub(super) search: Arc<SearchOnDemand>,
    /// The validated site, indexed and ready to plan any page.
    pub(super) planned: Planned,
    /// The text of each Markdown file the site was built from, by path under the root.
    pub(super) content: BTreeMap<String, Arc<str>>,
    /// Each page's `id`s and the links not known to resolve, by output file.
    pub(super) links: BTreeMap<String, PageLinks>,
    /// The digest of what each report, province and indicator page was made from, by output
    /// file: a whole rebuild takes the pages whose digest is unchanged from
    /// [`Preview::files`] ([`Kept`]).
    pub(super) digests: crate::FastMap<String, blake3::Hash>,
    /// The files of the charts each page shows, by the page's output file: taken with the
    /// page when a whole rebuild takes it ([`render::take_charts`]).
    pub(super) chart_files: crate::FastMap<String, Vec<String>>,
    /// The files the pages' links were found against (the layout's pages, files and
    /// downloads): a page's links still hold for a build that makes all of these.
    pub(super) known: crate::FastSet<String>,
    /// For each file, the pages whose pending links lead to it, with the link: after an edit,
    /// only these and the pages rendered again can change verdict ([`Incoming`]).
    pub(super) incoming: Incoming,
    /// The warnings of the build (an edit to a Markdown body that the fast path takes cannot
    /// change them: it leaves bodies with anything `check` warns about to a whole build).
    pub(super) warnings: Diagnostics,
    /// The base URL the site was built for.
    pub(super) base_url: String,
    /// The raw values of the files this build parsed or took from the memo, and what reading
    /// each province and Markdown file gave with its stamp: the next whole rebuild reads only
    /// the files whose stamp changed, and parses only those whose text changed.
    pub(super) memo: Memo,
    /// Each province file's validated contents: the next whole rebuild checks again only the
    /// files that changed ([`Reuse`]).
    pub(super) reuse: Reuse,
    /// The digests of each part of the figures, beside the part, and of each narrative: the
    /// next whole rebuild reads again only the figures of the files that changed, and hashes
    /// again only the narratives that changed ([`KeptInputs`]).
    pub(super) kept_inputs: KeptInputs,
    /// The order of each part of the figures, beside the part: the next whole rebuild sorts
    /// again only the figures of the files that changed, and counts again only the reports of
    /// the units whose figures changed ([`KeptPlan`]).
    pub(super) plan: KeptPlan,
}

/// What a build or a rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// Pages of the site.
    pub pages: usize,
    /// Pages actually rendered (all of them, unless the fast path was taken).
    pub rendered_pages: usize,
    /// The pages a whole rebuild took from the build before, their digest unchanged, by
    /// output file (none on the fast path, which keeps every page it does not render).
    pub taken_pages: Vec<String>,
    pub timings: Timings,
    /// The warnings of the site.
    pub warnings: Diagnostics,
}

impl std::fmt::Debug for Preview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Preview {{ {} files }}", self.files.len())
    }
}

impl Preview {
    /// Build the whole site into memory: the steps of [`crate::build`], without the disk.
    pub fn build(root: &Path, options: &BuildOptions) -> Result<(Preview, Outcome), BuildError> {
        Preview::build_after(root, options, None)
    }

    /// [`Preview::build`], taking from `earlier` the report, province and indicator pages made
    /// from the same inputs, with their charts.
    fn build_after(
        root: &Path,
        options: &BuildOptions,
        earlier: Option<&Preview>,
    ) -> Result<(Preview, Outcome), BuildError> {
        let mut steps = Steps::default();
        // The first build starts from the memo a `check` or `build` kept, and keeps its own
        // there when it succeeds; each rebuild after it starts from the one before it, in
        // memory.
        // Each keeps the raw values it read, shared with the next rebuild.
        let memo = match earlier {
            Some(e) => e.memo.next(),
            None => crate::cache::site_memo(root).sharing(),
        };
        let validated = match earlier {
            Some(e) => e.reuse.next(),
            None => Reuse::empty(),
        };
        let kept_inputs = match earlier {
            Some(e) => e.kept_inputs.next(),
            None => KeptInputs::empty(),
        };
        let mut checked = steps
            .run("load and validate", || {
                crate::load_and_validate_reusing(root, &memo, &validated)
            })
            .map_err(BuildError::Read)?;
        let site = checked.take_site(options)?;
        let plan = match earlier {
            Some(e) => e.plan.next(),
            None => KeptPlan::empty(),
        };
        let planned = steps.run("theme and index", || {
            render::plan(root, site, &mut checked, &plan)
        })?;
        let layout = steps.run("list the pages", || render::layout(&planned));
        let known = layout.known_files();
        let kept = earlier.map(|e| Kept {
            files: &e.files,
            digests: &e.digests,
            links: &e.links,
            links_hold: e.base_url == planned.site().config.base_url.to_string()
                && e.known.iter().all(|f| known.contains(f)),
        });
        let digests = steps.run("digests of the pages", || {
            render::input_digests(&planned, &layout, true, &kept_inputs)
        });
        let reuse = kept
            .as_ref()
            .map(|kept| (&digests, kept as &dyn render::Earlier));
        let diags = &mut checked.diagnostics;
        let mut pages = steps.run("plan and render pages", || {
            render::pages(&planned, &layout, &Destination::Memory, reuse, diags)
        })?;
        let (mut others, mut charts) = steps.run("charts and other files", || {
            render::other_files(&planned, &layout, &Destination::Memory, &mut pages, diags)
        })?;
        let chart_files = steps.run("charts of the pages taken", || {
            let earlier = earlier.map(|e| render::EarlierCharts {
                by_page: &e.chart_files,
                files: &e.files,
            });
            let (pages, files) = (&mut pages, &mut others);
            render::take_charts(&planned, &layout, earlier, pages, files, &mut charts)
        });
        steps.run("check links", || {
            render::check_links(&planned, &layout, &pages, &charts, diags)
        });
        checked.errors()?;
        let mut files = pages.files;
        files.extend(others);
        let content = checked
            .sources
            .iter()
            .filter(|(path, _)| path.starts_with("content/"))
            .map(|(path, text)| (path.clone(), Arc::clone(text)))
            .collect();
        let base_url = planned.site().config.base_url.to_string();
        // As `build` does, once the site is made.
        if earlier.is_none() {
            crate::cache::keep_site_memo(root, &memo);
        }
        let outcome = Outcome {
            pages: layout.pages.len(),
            rendered_pages: layout.pages.len() - pages.taken.len(),
            taken_pages: pages.taken,
            timings: steps.into_timings(),
            warnings: checked.diagnostics.clone(),
        };
        let links: BTreeMap<String, PageLinks> = pages.links.into_iter().collect();
        let incoming = Incoming::of(&links, &planned.urls().base_path);
        let downloads = Arc::new(OnDemand::new(planned.model(), layout.downloads));
        let preview = Preview {
            files: Arc::new(files),
            downloads,
            // The search index is made when a request asks for it.
            search: Arc::new(SearchOnDemand::new(planned.model(), Vec::new())),
            planned,
            content,
            links,
            digests,
            chart_files,
            known,
            incoming,
            warnings: checked.diagnostics,
            base_url,
            memo,
            reuse: validated,
            kept_inputs,
            plan,
        };
        Ok((preview, outcome))
    }

    /// Bring the site up to date after the files `changed` (paths under the root) changed:
    /// only the pages that show an edited Markdown body when nothing else changed, the whole
    /// site otherwise. On error the preview stays as it was.
    pub fn rebuild(
        &mut self,
        root: &Path,
        options: &BuildOptions,
        changed: &[String],
    ) -> Result<Outcome, BuildError> {
        if let Some(result) = fast_rebuild::rebuild(self, root, options, changed) {
            return result;
        }
        let (next, outcome) = Preview::build_after(root, options, Some(self))?;
        // The preview replaced holds the whole site a second time (a national site's model
        // and pages: 0.13–0.2 s to free): freed by a worker of the pool, beside what the
        // author does next, as the raw files are after loading.
        let replaced = std::mem::replace(self, next);
        rayon::spawn(move || drop(replaced));
        Ok(outcome)
    }

    /// Every file of the site.
    pub fn files(&self) -> &Arc<Files> {
        &self.files
    }

    /// The data downloads: named, made when asked for.
    pub fn downloads(&self) -> &Arc<OnDemand> {
        &self.downloads
    }

    /// The search index: made when asked for.
    pub fn search(&self) -> &Arc<SearchOnDemand> {
        &self.search
    }

    /// The base URL the site was built for.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The problems of a failed fast rebuild, with the sources they quote.
    pub(super) fn invalid(
        &self,
        errors: Diagnostics,
        sources: BTreeMap<String, Arc<str>>,
    ) -> BuildError {
        let mut diagnostics = self.warnings.clone();
        for d in errors.iter() {
            diagnostics.push(d.clone());
        }
        BuildError::Invalid(Box::new(Checked {
            site: None,
            diagnostics,
            sources,
        }))
    }
}

/// The pages of the preview being replaced, for the whole rebuild that replaces it.
struct Kept<'a> {
    files: &'a Files,
    digests: &'a crate::FastMap<String, blake3::Hash>,
    links: &'a BTreeMap<String, PageLinks>,
    /// Whether every file the pages' links were found against is one the rebuild makes too
    /// (and the base URL is the same): then a link known to resolve still does.
    links_hold: bool,
}

impl render::Earlier for Kept<'_> {
    fn page(
        &self,
        file: &str,
        digest: &blake3::Hash,
    ) -> Option<(render::Found, Option<PageLinks>)> {
        if self.digests.get(file) != Some(digest) {
            return None;
        }
        let bytes = self.files.get(file)?.clone();
        let links = self
            .links_hold
            .then(|| self.links.get(file).cloned())
            .flatten();
        Some((render::Found::Bytes(bytes), links))
    }
}
