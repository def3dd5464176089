//! What `serve` keeps of one validation for the next: each province file's validated contents
//! (its figures, targets, tasks, source documents and the problems found in them), by file,
//! with the text and the catalogue's digest they were made from.
//!
//! A province file's contents are made from its own text and the catalogue alone
//! ([`super::province`]): the same text, path and catalogue files give the same contents,
//! with the same diagnostics. After an author saves one province file, the other files'
//! contents are taken from the rebuild before (their figures shared, not copied) instead of
//! being checked again: on the synthetic national site, "load and validate" went from
//! 0.30–0.58 s to 0.18–0.34 s a rebuild (BENCHMARKS.md, "Session of 2026-12-06 (sixth)").
//! The checks across files (successions, tables, narratives) run every time. Anything else
//! is a miss: the contents are made again.
//!
//! A report narrative's typed numbers ([`super::typed_numbers`]) are held against its
//! report's figures on every rebuild, and reading every narrative's numbers was the largest
//! part of what a rebuild's checks still did. What that check found is kept too, by file,
//! and taken when the narrative's body (compared byte for byte), its first line, the
//! catalogue's texts and its report's figures are the same. The figures are the same when
//! they are the same figures in memory, in the same order: a part of the figures is never
//! changed once made, and each kept check holds the parts of its build ([`Pinned`]), so no new
//! figure can take the place of one it read.
//!
//! So are the live figures of every page ([`super::live_figures`]): what resolving them found
//! is taken when the page's body, its first line, its front matter's province and period, the
//! catalogue's texts and the ids of the provinces (and of those whose file did not parse) are
//! the same, and each province and period a call asked about has the same figures (or still
//! none). A figure of another province a narrative quotes is asked about like its own.

use super::province::Contents;
use crate::diagnostics::Diagnostics;
use crate::load::{Loaded, RawPage};
use crate::model::figures::{places, Pinned};
use crate::model::kept::Kept;
use crate::model::{Observation, Period, SharedText, Slug};
use std::sync::Arc;

/// What one validation kept for the next one ([`Kept`]): each province file's contents, by
/// file; what each report narrative's typed numbers and each page's live figures gave, by
/// file.
#[derive(Debug, Default)]
pub struct Reuse {
    contents: Kept<String, Arc<Made>>,
    typed: Kept<String, Arc<Typed>>,
    calls: Kept<String, Arc<Calls>>,
}

/// One province file's contents, with the text and the catalogue they were made from.
struct Made {
    text: Arc<str>,
    catalogue: blake3::Hash,
    contents: Arc<Contents>,
}

/// A province and period a call asked about, with where the figures of its report lie
/// (none: no report).
type Asked = ((Slug, Period), Option<Vec<usize>>);

/// What the live figures of one page were resolved against, and what was found.
#[derive(Debug)]
struct Calls {
    against: Against,
    /// The page's own province and period (from its front matter), which a call may leave out.
    front: (Option<Slug>, Option<Period>),
    /// The ids of the provinces, and of those whose file did not parse.
    provinces: blake3::Hash,
    /// Each province and period a call asked about.
    asked: Vec<Asked>,
    found: Diagnostics,
}

/// What the typed numbers of one narrative were checked against, and what was found.
#[derive(Debug)]
struct Typed {
    against: Against,
    /// Where each of its report's figures lies, in order.
    figures: Vec<usize>,
    found: Diagnostics,
}

/// What every kept check of a page was made against: its body and first line, the catalogue's
/// texts, and the parts of the figures of its build (alive as long as the check is kept).
#[derive(Debug)]
struct Against {
    body: SharedText,
    body_line: usize,
    catalogue: blake3::Hash,
    _pins: Arc<Pinned>,
}

impl Against {
    /// The same body (byte for byte), first line and catalogue.
    fn same(&self, other: &Against) -> bool {
        self.catalogue == other.catalogue
            && self.body_line == other.body_line
            && self.body == other.body
    }
}

/// What a validation needs to take or keep the pages' checks (typed numbers, live figures):
/// `kept` is `None` when nothing is kept.
pub(super) struct PageChecks<'a> {
    reuse: &'a Reuse,
    kept: Option<(blake3::Hash, Arc<Pinned>)>,
    /// The digest of the provinces' ids and of those whose file did not parse.
    provinces: blake3::Hash,
}

impl Reuse {
    /// Nothing kept, nothing taken (`check`, `build`: one validation a run).
    pub fn none() -> Reuse {
        Reuse::default()
    }

    /// Nothing to take yet; keeps what is made (`serve`'s first build).
    pub fn empty() -> Reuse {
        Reuse {
            contents: Kept::empty(),
            typed: Kept::empty(),
            calls: Kept::empty(),
        }
    }

    /// What the validation after this one starts from: what this one made or took.
    pub fn next(&self) -> Reuse {
        Reuse {
            contents: self.contents.next(),
            typed: self.typed.next(),
            calls: self.calls.next(),
        }
    }

    /// How many province files' contents this validation made or took.
    pub fn kept(&self) -> usize {
        self.contents.kept()
    }

    /// How many narratives' checks of typed numbers, and how many pages' checks of live
    /// figures, this validation made or took.
    pub fn kept_checks(&self) -> (usize, usize) {
        (self.typed.kept(), self.calls.kept())
    }

    /// What the pages' checks of a validation whose catalogue is `catalogue`
    /// ([`Reuse::catalogue_key`]) and whose provinces are `provinces` take and keep.
    pub(super) fn page_checks(
        &self,
        catalogue: Option<&blake3::Hash>,
        provinces: &super::province::Provinces,
    ) -> PageChecks<'_> {
        let kept = catalogue
            .filter(|_| self.typed.is_on())
            .map(|c| (*c, Arc::new(provinces.observations.pinned())));
        let mut ids = blake3::Hasher::new();
        if kept.is_some() {
            for (set, slugs) in [
                (b"provinces", provinces.provinces.keys().collect::<Vec<_>>()),
                (b"unparsed\0", provinces.unparsed.iter().collect()),
            ] {
                ids.update(set);
                for slug in slugs {
                    ids.update(&(slug.as_str().len() as u64).to_le_bytes());
                    ids.update(slug.as_str().as_bytes());
                }
            }
        }
        PageChecks {
            reuse: self,
            kept,
            provinces: ids.finalize(),
        }
    }

    /// The digest of what the catalogue is made from: the texts of its files.
    pub(super) fn catalogue_key(&self, loaded: &Loaded) -> Option<blake3::Hash> {
        if !self.contents.is_on() {
            return None;
        }
        let mut hasher = blake3::Hasher::new();
        for file in ["data/indicators.yaml", "data/dimensions.yaml"] {
            match loaded.sources.get(file) {
                Some(text) => {
                    hasher.update(&[1]);
                    hasher.update(&(text.len() as u64).to_le_bytes());
                    hasher.update(text.as_bytes());
                }
                None => {
                    hasher.update(&[0]);
                }
            }
        }
        Some(hasher.finalize())
    }

    /// The contents of the province file `file` (whose text is `text`), made by `make` unless
    /// the validation before this one made them from the same text (compared byte for byte:
    /// a text `serve` did not read again is the same in memory, and not read at all) and
    /// catalogue.
    pub(super) fn contents(
        &self,
        catalogue: Option<&blake3::Hash>,
        file: &str,
        text: Option<&Arc<str>>,
        make: impl FnOnce() -> Contents,
    ) -> Arc<Contents> {
        let (Some(catalogue), Some(text)) = (catalogue, text) else {
            return Arc::new(make());
        };
        let same = |m: &Made| {
            m.catalogue == *catalogue && (Arc::ptr_eq(&m.text, text) || *m.text == **text)
        };
        let made = match self.contents.earlier(&file.to_string()) {
            Some(kept) if same(kept) => Arc::clone(kept),
            _ => Arc::new(Made {
                text: Arc::clone(text),
                catalogue: *catalogue,
                contents: Arc::new(make()),
            }),
        };
        let contents = Arc::clone(&made.contents);
        self.contents.keep(file.to_string(), made);
        contents
    }
}

impl PageChecks<'_> {
    /// What the checks of `page` are made against in this build: `None` when nothing is kept.
    fn against(&self, page: &RawPage) -> Option<Against> {
        let (catalogue, pins) = self.kept.as_ref()?;
        Some(Against {
            body: page.body.clone(),
            body_line: page.body_line,
            catalogue: *catalogue,
            _pins: Arc::clone(pins),
        })
    }

    /// What the typed numbers of the narrative `page` (the file `file`), whose report's
    /// figures are `figures`, give: found by `check` unless the validation before this one
    /// checked the same body against the same figures and catalogue.
    pub(super) fn typed(
        &self,
        file: &str,
        page: &RawPage,
        figures: &[&Observation],
        check: impl FnOnce() -> Diagnostics,
    ) -> Diagnostics {
        let Some(against) = self.against(page) else {
            return check();
        };
        let figures = places(figures);
        let file = file.to_string();
        let found = match self.reuse.typed.earlier(&file) {
            Some(t) if t.figures == figures && t.against.same(&against) => t.found.clone(),
            _ => check(),
        };
        // Kept with this build's text and parts, so that no earlier build's stay alive.
        let typed = Typed {
            against,
            figures,
            found: found.clone(),
        };
        self.reuse.typed.keep(file, Arc::new(typed));
        found
    }

    /// What the live figures of the page `page` (the file `file`, whose front matter names
    /// the province and period `front`) give: found by `check` unless the validation before
    /// this one resolved the same body against the same catalogue, provinces and, for each
    /// province and period a call asked about, the same figures. `check` says which it asked
    /// about; `report` gives where the figures of one lie ([`places`]).
    pub(super) fn calls(
        &self,
        file: &str,
        page: &RawPage,
        front: (Option<&Slug>, Option<Period>),
        report: impl Fn(&Slug, Period) -> Option<Vec<usize>>,
        check: impl FnOnce() -> (Diagnostics, Vec<(Slug, Period)>),
    ) -> Diagnostics {
        let Some(against) = self.against(page) else {
            return check().0;
        };
        let front = (front.0.cloned(), front.1);
        let same = |c: &Calls| {
            c.provinces == self.provinces
                && c.front == front
                && c.asked
                    .iter()
                    .all(|((p, period), kept)| report(p, *period).as_ref() == kept.as_ref())
                && c.against.same(&against)
        };
        let file = file.to_string();
        let (found, asked) = match self.reuse.calls.earlier(&file) {
            Some(c) if same(c) => (c.found.clone(), c.asked.clone()),
            _ => {
                let (found, mut asked) = check();
                asked.sort();
                asked.dedup();
                let asked = asked
                    .into_iter()
                    .map(|(p, period)| {
                        let figures = report(&p, period);
                        ((p, period), figures)
                    })
                    .collect();
                (found, asked)
            }
        };
        let calls = Calls {
            against,
            front,
            provinces: self.provinces,
            asked,
            found: found.clone(),
        };
        self.reuse.calls.keep(file, Arc::new(calls));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::load::memo::Memo;
    use crate::model::Site;
    use std::path::Path;

    /// The base fixture, with a second province that gives figures (SYNTHETIC).
    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            match entry.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).unwrap(),
                false => {
                    std::fs::copy(entry.path(), &to).unwrap();
                }
            }
        }
        let gamma = "# SYNTHETIC test fixture.\n\
                     name: { vi: \"Tỉnh Gamma\", en: \"Gamma Province\" }\n\
                     reports:\n  - { period: \"2025-04\", file: \"gamma.txt\", url: \"https://example.org/gamma.pdf\", issuer: \"UBND tỉnh Gamma\" }\n\
                     observations:\n  - period: \"2025-04\"\n    source: \"gamma.txt §1\"\n    values:\n      accounts-activated: 1200\n";
        std::fs::write(dir.path().join("data/provinces/gamma.yaml"), gamma).unwrap();
        dir
    }

    /// The site validated with `reuse`, its diagnostics, and where each part of its figures
    /// lies.
    fn validated(root: &Path, reuse: &Reuse) -> (String, String, Vec<usize>) {
        let mut diags = Diagnostics::default();
        let mut loaded = crate::load::load_with(root, &Memo::none(), &mut diags).unwrap();
        let site: Option<Site> = super::super::validate_reusing(&mut loaded, reuse, &mut diags);
        let parts = site
            .as_ref()
            .map(|s| {
                let parts = s.observations.parts();
                parts.map(|p| p.as_ptr() as usize).collect()
            })
            .unwrap_or_default();
        (format!("{site:?}"), format!("{diags:?}"), parts)
    }

    /// Gamma's narrative of April 2025, with `body`; returns its path under `root`.
    fn gamma_narrative(root: &Path, body: &str) -> &'static str {
        let narrative = "content/reports/gamma/2025-04.md";
        std::fs::create_dir_all(root.join("content/reports/gamma")).unwrap();
        let front = "---\ntitle: \"Tỉnh Gamma, tháng 4/2025 (giả lập)\"\nprovince: gamma\nperiod: \"2025-04\"\n---\n";
        std::fs::write(root.join(narrative), format!("{front}{body}")).unwrap();
        narrative
    }

    fn replace(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn a_province_file_that_did_not_change_is_taken_and_the_result_is_a_validation_from_scratch() {
        let dir = fixture();
        let root = dir.path();
        let first = Reuse::empty();
        let (site, diags, parts) = validated(root, &first);
        assert_eq!(parts.len(), 2, "alpha's and gamma's figures: {diags}");
        assert_eq!(first.kept(), 3, "every province file's contents are kept");

        // Nothing changed: every part is the one made before, and the site is the same.
        let second = first.next();
        let again = validated(root, &second);
        assert_eq!((&again.0, &again.1), (&site, &diags));
        assert_eq!(again.2, parts, "the figures are shared, not made again");

        // One figure of alpha: alpha's contents are made again, gamma's taken.
        replace(
            root,
            "data/provinces/alpha.yaml",
            "numerator: 300",
            "numerator: 301",
        );
        let third = second.next();
        let edited = validated(root, &third);
        let scratch = validated(root, &Reuse::none());
        assert_eq!((&edited.0, &edited.1), (&scratch.0, &scratch.1));
        assert_ne!(edited.0, site, "the edit shows");
        assert_ne!(edited.2[0], parts[0], "alpha's figures are made again");
        assert_eq!(edited.2[1], parts[1], "gamma's are taken");

        // The catalogue: an indicator gamma gives is renamed (to a name of the same length),
        // so gamma's figure is an error that only checking gamma's contents again finds.
        replace(
            root,
            "data/indicators.yaml",
            "id: accounts-activated",
            "id: accounts-confirmed",
        );
        let renamed = validated(root, &third.next());
        let scratch = validated(root, &Reuse::none());
        assert!(scratch.1.contains("gamma.yaml"), "{}", scratch.1);
        assert_eq!((&renamed.0, &renamed.1), (&scratch.0, &scratch.1));

        // Nothing is taken by a validation that keeps nothing.
        let none = Reuse::none();
        validated(root, &none);
        assert_eq!((none.kept(), none.next().kept()), (0, 0));
        assert_eq!(none.kept_checks(), (0, 0));
        assert_eq!(none.next().kept_checks(), (0, 0));
    }

    /// A narrative's typed numbers, taken from the validation before when its body, its
    /// report's figures and the catalogue are the same, and found again when one changes:
    /// each time as a validation from scratch finds them.
    #[test]
    fn a_narrative_s_typed_numbers_are_checked_again_when_its_figures_or_its_body_change() {
        let dir = fixture();
        let root = dir.path();
        let narrative = gamma_narrative(root, "Đã kích hoạt 1.200 tài khoản.\n");
        let typed = |diags: &str| diags.matches("typed-figure").count();
        let mut reuse = Reuse::empty();
        let step = |what: &str, reuse: &mut Reuse| {
            let (site, diags, _) = validated(root, reuse);
            let scratch = validated(root, &Reuse::none());
            assert_eq!((&site, &diags), (&scratch.0, &scratch.1), "{what}");
            assert_eq!(
                reuse.kept_checks(),
                (2, 2),
                "alpha's and gamma's narratives: {what}"
            );
            *reuse = reuse.next();
            diags
        };
        let first = step("the first validation", &mut reuse);
        assert_eq!(typed(&first), 1, "{first}");
        assert_eq!(step("nothing changed", &mut reuse), first);

        // Gamma's figure: the narrative, unchanged, no longer types it.
        replace(
            root,
            "data/provinces/gamma.yaml",
            "activated: 1200",
            "activated: 5000",
        );
        let figure = step("gamma's figure edited", &mut reuse);
        assert_eq!(typed(&figure), 0, "{figure}");

        // The narrative types the new figure.
        replace(root, narrative, "1.200 tài", "5.000 tài");
        let body = step("gamma's narrative edited", &mut reuse);
        assert_eq!(typed(&body), 1, "{body}");

        // The same body a line lower (a longer front matter): found at the new line.
        replace(root, narrative, "period:", "summary: \"Tóm tắt\"\nperiod:");
        let moved = step("a line added above the body", &mut reuse);
        assert_ne!(moved, body, "the warning moved one line down");
    }

    /// A page's live figures, taken from the validation before when its body, its front
    /// matter, the catalogue, the provinces and the figures of each report a call asked about
    /// are the same, and resolved again when one changes: each time as a validation from
    /// scratch resolves them.
    #[test]
    fn a_page_s_live_figures_are_resolved_again_when_what_they_asked_about_changes() {
        let dir = fixture();
        let root = dir.path();
        let body = "Alpha: {{ value(indicator=\"online-rate\", province=\"alpha\", period=\"2025-04\", service=\"passport\") }}. \
                    Zeta: {{ value(indicator=\"accounts-activated\", province=\"zeta\", period=\"2025-04\") }}. \
                    Gamma: {{ value(indicator=\"accounts-activated\") }}.\n";
        let narrative = gamma_narrative(root, body);
        let reuse = std::cell::RefCell::new(Reuse::empty());
        let step = |what: &str| {
            let (site, diags, _) = validated(root, &reuse.borrow());
            let scratch = validated(root, &Reuse::none());
            assert_eq!((&site, &diags), (&scratch.0, &scratch.1), "{what}");
            assert_eq!(reuse.borrow().kept_checks().1, 2, "both narratives: {what}");
            let next = reuse.borrow().next();
            *reuse.borrow_mut() = next;
            diags
        };
        let count = |diags: &str, code: &str| diags.matches(code).count();
        let first = step("the first validation");
        assert_eq!(count(&first, "unknown-province"), 1, "{first}");
        assert_eq!(step("nothing changed"), first);

        // Alpha's passport figure is gone: the call that asked about it no longer resolves.
        let passport = "            passport: { numerator: 10, denominator: 20, stated: 50 }\n";
        replace(root, "data/provinces/alpha.yaml", passport, "");
        let alpha = step("alpha's figure removed");
        assert_ne!(alpha, first, "the call to alpha's figure is an error now");

        // A province file for Zeta: its call names a known province, without that figure.
        let zeta =
            "# SYNTHETIC test fixture.\nname: { vi: \"Tỉnh Zeta\", en: \"Zeta Province\" }\n";
        std::fs::write(root.join("data/provinces/zeta.yaml"), zeta).unwrap();
        let known = step("a file for zeta");
        assert_eq!(count(&known, "unknown-province"), 0, "{known}");

        // The narrative's own period, which its last call leaves out: May has no figures.
        replace(
            root,
            narrative,
            "period: \"2025-04\"",
            "period: \"2025-05\"",
        );
        let may = step("the narrative's period");
        assert_ne!(may, known, "its own figure is asked about in May now");

        // The body: the call to Zeta's figure removed.
        let call = "Zeta: {{ value(indicator=\"accounts-activated\", province=\"zeta\", period=\"2025-04\") }}. ";
        replace(root, narrative, call, "");
        let body = step("a call removed");
        assert_ne!(body, may, "one error fewer");

        // The same body a line lower: its errors are found at the new line.
        replace(root, narrative, "period:", "summary: \"Tóm tắt\"\nperiod:");
        let moved = step("a line added above the body");
        assert_ne!(moved, body, "the errors moved one line down");
    }
}
