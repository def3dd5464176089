//! `serve`'s fast path: after an edit that changed only the body of Markdown files, the
//! pages that show those bodies are planned and rendered again from the model the previous
//! build kept, without reading, validating or indexing the rest of the site.
//!
//! The fast path is taken only when it is certain to give what a whole rebuild gives: every
//! changed path is a Markdown file the previous build read, its front matter is unchanged
//! (byte for byte), every live figure in the new body resolves, and neither the old nor the new
//! body holds anything the renderer works around (`markdown::inspect`: stray HTML, nesting).
//! Anything else (a new or removed file, a data file, a figure `check` would reject) goes
//! through the whole build, which also produces the diagnostics. A broken link or a template error found here is
//! reported directly, and the kept model is left as it was.

use crate::diagnostics::Diagnostics;
use crate::output::{self, Bytes, Files, PageLinks};
use crate::site::{report, urls};
use crate::{BuildError, BuildOptions, Cache, Checked, Rendered};
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
/// edit needs a whole rebuild; `cache` is then unchanged.
pub(crate) fn rebuild(
    root: &Path,
    options: &BuildOptions,
    cache: &mut Cache,
    files: &Arc<Files>,
    changed: &[String],
) -> Option<Result<Rendered, BuildError>> {
    let started = std::time::Instant::now();
    if let Some(url) = &options.base_url {
        if crate::with_trailing_slash(url) != cache.base_url {
            return None;
        }
    }
    let edits = edits(root, cache, changed)?;
    let planned = Arc::clone(cache.planned.as_ref()?);
    let mut planned = planned.lock().ok()?;

    // Every live figure of the new bodies must resolve, as `check` demands.
    let figures_resolve = planned.with_dependent(|_, pages| {
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
            crate::shortcode::scan(&e.body).iter().all(|call| {
                call.as_ref()
                    .is_ok_and(|c| report::call_resolves(pages.index(), page, c))
            })
        })
    });
    if !figures_resolve {
        return None;
    }
    let before: Vec<(String, Option<String>)> = planned.with_dependent_mut(|_, pages| {
        edits
            .iter()
            .map(|e| (e.rel.clone(), pages.set_body(&e.rel, Some(e.body.clone()))))
            .collect()
    });
    let restore = |planned: &mut crate::render::Planned| {
        planned.with_dependent_mut(|_, pages| {
            for (rel, body) in &before {
                pages.set_body(rel, body.clone());
            }
        })
    };

    // Plan and render the pages that show an edited body.
    let edited: HashSet<&str> = edits.iter().map(|e| e.rel.as_str()).collect();
    let (pages_count, rendered) = planned.with_dependent(|model, pages| {
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
        let rendered: Vec<(String, crate::templates::Rendered)> = affected
            .par_iter()
            .filter_map(|k| {
                let job = pages.job(k)?;
                let file = urls::file_for(&job.path);
                Some((file, model.renderer.render(job)))
            })
            .collect();
        (keys.len(), rendered)
    });
    let base_path = urls::Urls::new(&cache.base_url).base_path;
    let mut errors = Diagnostics::default();
    let mut new_pages: BTreeMap<String, Bytes> = BTreeMap::new();
    let mut anchors: Vec<(String, crate::FastSet<String>)> = Vec::new();
    let mut pending: Vec<(String, Vec<String>)> = Vec::new();
    for (file, result) in rendered {
        match result {
            Ok(html) => {
                let links = PageLinks::of(
                    &html,
                    &file,
                    &base_path,
                    &|f| files.contains_key(f),
                    &|_| false,
                );
                anchors.push((file.clone(), links.ids));
                pending.push((file.clone(), links.pending));
                new_pages.insert(file, Bytes::from(html));
            }
            Err(d) => errors.push(*d),
        }
    }
    if !errors.has_errors() {
        let fresh: std::collections::HashMap<&str, &crate::FastSet<String>> =
            anchors.iter().map(|(f, ids)| (f.as_str(), ids)).collect();
        let has_id = |file: &str, id: &str| match fresh.get(file) {
            Some(ids) => ids.contains(id),
            None => cache.anchors.get(file).is_some_and(|ids| ids.contains(id)),
        };
        let exists = |f: &str| files.contains_key(f);
        for d in output::check_pending(&pending, &exists, &has_id, &base_path) {
            errors.push(d);
        }
    }
    if errors.has_errors() {
        restore(&mut planned);
        let mut diagnostics = cache.warnings.clone();
        for d in errors.iter() {
            diagnostics.push(d.clone());
        }
        let sources = edits.into_iter().map(|e| (e.path, e.text)).collect();
        let checked = Checked {
            site: None,
            diagnostics,
            sources,
        };
        return Some(Err(BuildError::Invalid(Box::new(checked))));
    }
    drop(planned);

    // Everything else is the previous build's, shared rather than copied.
    let mut out: Files = (**files).clone();
    let rendered_pages = new_pages.len();
    out.extend(new_pages);
    let mut content = std::mem::take(&mut cache.content);
    for e in edits {
        if let Some((text, _)) = content.get_mut(&e.path) {
            *text = e.text;
        }
    }
    let mut all_anchors = std::mem::take(&mut cache.anchors);
    all_anchors.extend(anchors);
    let next = Cache {
        data: std::mem::take(&mut cache.data),
        content,
        anchors: all_anchors,
        base_url: cache.base_url.clone(),
        warnings: cache.warnings.clone(),
        planned: cache.planned.clone(),
    };
    Some(Ok(Rendered {
        file_count: out.len(),
        files: out,
        checked: Checked {
            site: None,
            diagnostics: cache.warnings.clone(),
            sources: BTreeMap::new(),
        },
        pages: pages_count,
        rendered_pages,
        timings: vec![("re-render the edited pages", started.elapsed())],
        cache: next,
    }))
}

/// The edited Markdown files, each with its new body; `None` when anything else changed.
fn edits(root: &Path, cache: &Cache, changed: &[String]) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for path in changed {
        let known = cache.content.get(path);
        let on_disk = root.join(path);
        if known.is_none() && !on_disk.exists() {
            // An editor's temporary file, created and removed while saving.
            continue;
        }
        let (old_text, _) = known?;
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
