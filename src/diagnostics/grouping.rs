//! Root causes first: each error with the knock-on errors that follow from it, then the
//! warnings, collapsed while there are errors.
//!
//! A knock-on error names the entry it follows from ([`super::Cause`]); it is placed under the
//! first error reported at that entry (or inside it), found in one ordered lookup, so grouping
//! is linear in the number of diagnostics. `check`, `build` and `serve`'s error page all show
//! this order.

use super::{plural, Diagnostic, Diagnostics, Severity};
use crate::model::Lang;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

impl Diagnostics {
    /// The diagnostics as a reader should meet them: each root error (sorted) with the
    /// knock-on errors that follow from it, then the warnings. A knock-on error whose cause
    /// has no error of its own stays a root.
    pub fn grouped(&self) -> Grouped<'_> {
        let sorted = self.sorted();
        let mut roots: Vec<(&Diagnostic, Vec<&Diagnostic>)> = Vec::new();
        let mut followers = Vec::new();
        let mut warnings = Vec::new();
        // The first error of each file and key path, to find a cause's error in one lookup
        // per ancestor of its path.
        let mut first_error: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for d in sorted {
            match (d.severity, &d.cause) {
                (Severity::Warning, _) => warnings.push(d),
                (Severity::Error, Some(_)) => followers.push(d),
                (Severity::Error, None) => {
                    let path = d.key_path.as_deref().unwrap_or("");
                    first_error.entry((&d.file, path)).or_insert(roots.len());
                    roots.push((d, Vec::new()));
                }
            }
        }
        let mut orphans = Vec::new();
        for d in followers {
            let parent = d
                .cause
                .as_ref()
                .and_then(|c| first_error_within(&first_error, &c.file, &c.key_path));
            match parent {
                Some(i) => roots[i].1.push(d),
                None => orphans.push(d),
            }
        }
        roots.extend(orphans.into_iter().map(|d| (d, Vec::new())));
        Grouped { roots, warnings }
    }

    /// Every diagnostic, grouped (see [`Diagnostics::grouped`]): each root error in full with
    /// its knock-on errors listed under it by their first line, then the warnings. When there
    /// are errors, the warnings are collapsed into a count by rule: the errors come first.
    pub fn render_grouped(&self, sources: &BTreeMap<String, Arc<str>>, lang: Lang) -> String {
        let grouped = self.grouped();
        if grouped.roots.is_empty() {
            return self.render_all(sources, lang);
        }
        let rendered: BTreeMap<*const Diagnostic, String> = self
            .render_each(sources, lang)
            .into_iter()
            .map(|(d, text)| (d as *const Diagnostic, text))
            .collect();
        let mut text = String::new();
        for (root, followers) in &grouped.roots {
            if let Some(r) = rendered.get(&(*root as *const Diagnostic)) {
                text.push_str(r);
            }
            if !followers.is_empty() {
                let _ = writeln!(text, "  {}", knock_on_heading(followers.len(), lang));
                for f in followers {
                    let _ = writeln!(text, "    {}", f.headline(lang));
                }
            }
            text.push('\n');
        }
        if !grouped.warnings.is_empty() {
            let _ = writeln!(text, "{}\n", collapsed_warnings(&grouped.warnings, lang));
        }
        text
    }
}

/// The diagnostics in the order a reader should meet them.
pub struct Grouped<'a> {
    /// Each root error, and the knock-on errors that follow from it.
    pub roots: Vec<(&'a Diagnostic, Vec<&'a Diagnostic>)>,
    pub warnings: Vec<&'a Diagnostic>,
}

/// A root error at `path` in `file` or inside it (`tasks[3].owner` inside `tasks[3]`): the one
/// at `path` itself when there is one, found in one ordered lookup.
fn first_error_within(
    first_error: &BTreeMap<(&str, &str), usize>,
    file: &str,
    path: &str,
) -> Option<usize> {
    first_error
        .range((file, path)..)
        .take_while(|((f, p), _)| {
            *f == file
                && p.strip_prefix(path).is_some_and(|rest| {
                    path.is_empty() || rest.is_empty() || rest.starts_with(['.', '['])
                })
        })
        .map(|(_, i)| *i)
        .next()
}

/// `2 knock-on errors, gone once this is fixed:`.
pub fn knock_on_heading(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "→ {} that follow from this one (gone once it is fixed):",
            plural(n, "more error")
        ),
        Lang::Vi => format!("→ {n} lỗi khác do lỗi này gây ra (sẽ hết khi sửa lỗi này):"),
    }
}

/// The warnings of a run that has errors, as one count by rule: `13 warnings as well
/// (rate-mismatch ×6, …); they are shown once the errors are fixed`.
pub fn collapsed_warnings(warnings: &[&Diagnostic], lang: Lang) -> String {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for w in warnings {
        *by_code.entry(w.code).or_default() += 1;
    }
    let mut codes: Vec<(&str, usize)> = by_code.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list = codes
        .iter()
        .map(|(code, n)| format!("{code} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    match lang {
        Lang::En => format!(
            "{} as well ({list}): shown in full once the errors above are fixed",
            plural(warnings.len(), "warning")
        ),
        Lang::Vi => format!(
            "Còn {} cảnh báo ({list}): sẽ hiện đầy đủ khi các lỗi trên được sửa",
            warnings.len()
        ),
    }
}
