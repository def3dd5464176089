//! `serve`'s fast path: after an edit that changed only the body of Markdown files, the
//! pages that show those bodies are planned and rendered again from the model the
//! [`Preview`] kept, without reading, validating or indexing the rest of the site.
//!
//! The fast path is taken only when it gives what a whole build gives: every changed path is
//! a Markdown file the previous build read, its front matter is unchanged, every live figure
//! in the new body resolves (through the resolver `check` uses), and neither the old nor the
//! new body holds anything the renderer works around (`markdown::inspect`: stray HTML,
//! nesting), which only the whole build reports. Anything else (a new or removed file, a data
//! file, a figure `check` would reject) goes through the whole build, which also produces the
//! diagnostics. The link check covers every page, not only those rendered again: another page
//! may link to a heading the edit renamed. A broken link or a template error found here is
//! reported directly, and the preview is left as it was.

use super::preview::{Outcome, Preview};
use crate::diagnostics::Diagnostics;
use crate::output::{self, Bytes, Files, PageLinks};
use crate::site::{report, urls};
use crate::{BuildError, BuildOptions};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// One edited Markdown file.
struct Edit {
    /// Path under the site root (`content/reports/…`).
    path: String,
    /// Path under `content/`, as pages name their files.
    rel: String,
    text: Arc<str>,
    body: String,
}

/// Render only what the edit of `changed` (paths under the root) touched. `None` when the
/// edit needs a whole rebuild; the preview is then unchanged.
pub(super) fn rebuild(
    preview: &mut Preview,
    root: &Path,
    options: &BuildOptions,
    changed: &[String],
) -> Option<Result<Outcome, BuildError>> {
    let started = std::time::Instant::now();
    if let Some(url) = &options.base_url {
        if url.as_str() != preview.base_url {
            return None;
        }
    }
    let edits = edits(root, &preview.content, changed)?;

    // Every live figure of the new bodies must resolve, as `check` demands.
    let figures_resolve = preview.planned.with_dependent(|_, pages| {
        edits.iter().all(|e| {
            let Some(page) = pages.index().page(&e.rel) else {
                return false;
            };
            // What the renderer works around in a body is reported by `check` (as warnings the
            // cache would otherwise keep, or errors): only the whole build reports it.
            let index = pages.index();
            if !crate::markdown::inspect(&e.body).is_empty()
                || !crate::markdown::inspect(index.body(page)).is_empty()
            {
                return false;
            }
            // So are the numbers a report narrative types instead of citing its figures.
            if let (true, Some(province), Some(period)) = (
                page.path.starts_with("reports/"),
                &page.province,
                page.period,
            ) {
                let report: Vec<&crate::model::Observation> = index
                    .by_province
                    .get(province)
                    .map(|all| all.iter().copied().filter(|o| o.period == period).collect())
                    .unwrap_or_default();
                let percent = crate::validate::typed_numbers::Percent::new(&index.site.indicators);
                let typed = |body: &str| {
                    crate::validate::typed_numbers::any_typed_figure(
                        body, page.lang, &report, &percent,
                    )
                };
                if typed(&e.body) || typed(index.body(page)) {
                    return false;
                }
            }
            crate::load::shortcode::scan(&e.body).iter().all(|call| {
                call.as_ref()
                    .is_ok_and(|c| report::resolve_in(pages.index(), &e.path, page, c).is_ok())
            })
        })
    });
    if !figures_resolve {
        return None;
    }
    let before: Vec<(String, Option<String>)> = preview.planned.with_dependent_mut(|_, pages| {
        edits
            .iter()
            .map(|e| (e.rel.clone(), pages.set_body(&e.rel, Some(e.body.clone()))))
            .collect()
    });

    // Plan and render the pages that show an edited body.
    let edited: HashSet<&str> = edits.iter().map(|e| e.rel.as_str()).collect();
    let (pages_count, rendered) = preview.planned.with_dependent(|model, pages| {
        let keys = pages.keys();
        let affected: Vec<_> = keys
            .iter()
            .filter(|k| {
                pages
                    .content_of(k)
                    .iter()
                    .any(|c| edited.contains(c.as_str()))
            })
            .collect();
        let rendered: Vec<(String, crate::templates::PageHtml)> = affected
            .par_iter()
            .filter_map(|k| {
                let job = pages.job(k)?;
                let file = urls::file_for(&job.path);
                Some((file, model.renderer.render(job)))
            })
            .collect();
        (keys.len(), rendered)
    });
    let base_path = urls::Urls::new(&preview.base_url).base_path;
    let files = &preview.files;
    // The downloads are not among the files: made on request, known by name.
    let downloads = &preview.downloads;
    let mut errors = Diagnostics::default();
    let mut new_pages: BTreeMap<String, Bytes> = BTreeMap::new();
    let mut new_links: BTreeMap<String, PageLinks> = BTreeMap::new();
    for (file, result) in rendered {
        match result {
            Ok(html) => {
                let known = |f: &str| files.contains_key(f) || downloads.names(f);
                let links = PageLinks::of(&html, &file, &base_path, &known, &|_| false);
                new_links.insert(file.clone(), links);
                new_pages.insert(file, Bytes::from(html));
            }
            Err(d) => errors.push(*d),
        }
    }
    if !errors.has_errors() {
        let links_of = |file: &str| new_links.get(file).or_else(|| preview.links.get(file));
        let has_id = |file: &str, id: &str| links_of(file).is_some_and(|l| l.ids.contains(id));
        let exists = |f: &str| files.contains_key(f) || downloads.names(f);
        // The links of the pages rendered again, and every link of another page that leads
        // to one of them (a heading it points at may be gone): no other verdict can change.
        let mut to_check: BTreeMap<&str, Vec<String>> = new_links
            .iter()
            .map(|(f, l)| (f.as_str(), l.pending.to_vec()))
            .collect();
        for file in new_links.keys() {
            for (page, link) in preview.incoming.leading_to(file) {
                let still_there = preview
                    .links
                    .get(page)
                    .is_some_and(|l| l.pending.contains(link));
                if !new_links.contains_key(page) && still_there {
                    to_check
                        .entry(page.as_str())
                        .or_default()
                        .push(link.clone());
                }
            }
        }
        let pending: Vec<(&str, &[String])> =
            to_check.iter().map(|(f, l)| (*f, l.as_slice())).collect();
        for d in output::check_pending(&pending, &exists, &has_id, &base_path) {
            errors.push(d);
        }
    }
    if errors.has_errors() {
        preview.planned.with_dependent_mut(|_, pages| {
            for (rel, body) in &before {
                pages.set_body(rel, body.clone());
            }
        });
        let sources = edits.into_iter().map(|e| (e.path, e.text)).collect();
        return Some(Err(preview.invalid(errors, sources)));
    }

    // Everything else is the previous build's, shared rather than copied.
    let mut out: Files = (**files).clone();
    let rendered_pages = new_pages.len();
    out.extend(new_pages);
    // A report's record quotes the opening of its narrative: the search index is made
    // again, when asked for, with the bodies as edited.
    let bodies = preview
        .planned
        .with_dependent(|_, pages| pages.edited_bodies());
    let search = super::search::SearchOnDemand::new(preview.planned.model(), bodies);
    preview.search = Arc::new(search);
    preview.files = Arc::new(out);
    // Links a page already had are noted already: only new ones are added, so the map does
    // not grow with each edit of the same page.
    for (page, links) in &new_links {
        let before: crate::FastSet<&String> = preview
            .links
            .get(page)
            .map(|l| l.pending.iter().collect())
            .unwrap_or_default();
        let added: Vec<String> = links
            .pending
            .iter()
            .filter(|link| !before.contains(link))
            .cloned()
            .collect();
        preview.incoming.add(page, &added, &base_path);
    }
    // Their links were found against every file of the site, not a build's list of the
    // files it will make: the next whole rebuild makes these pages again.
    for page in new_links.keys() {
        preview.digests.remove(page);
    }
    preview.links.extend(new_links);
    for e in edits {
        preview.content.insert(e.path, e.text);
    }
    Some(Ok(Outcome {
        pages: pages_count,
        rendered_pages,
        taken_pages: Vec::new(),
        timings: vec![("re-render the edited pages", started.elapsed())],
        warnings: preview.warnings.clone(),
    }))
}

/// The edited Markdown files, each with its new body; `None` when anything else changed.
fn edits(
    root: &Path,
    content: &BTreeMap<String, Arc<str>>,
    changed: &[String],
) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for path in changed {
        let known = content.get(path);
        let on_disk = root.join(path);
        if known.is_none() && !on_disk.exists() {
            // An editor's temporary file, created and removed while saving.
            continue;
        }
        let old_text = known?;
        let rel = path.strip_prefix("content/")?.to_string();
        let text = std::fs::read_to_string(&on_disk).ok()?;
        let (old_front, _, _) = crate::load::split_front_matter(old_text)?;
        let (front, body, _) = crate::load::split_front_matter(&text)?;
        if front != old_front {
            return None;
        }
        let body = body.to_string();
        edits.push(Edit {
            path: path.clone(),
            rel,
            text: Arc::from(text),
            body,
        });
    }
    (!edits.is_empty()).then_some(edits)
}
