//! What `serve` keeps of one validation for the next: each province file's validated contents
//! (its figures, targets, tasks, source documents and the problems found in them), under the
//! digest of everything they were made from.
//!
//! A province file's contents are made from its own text and the catalogue alone
//! ([`super::province`]): the same text, path and catalogue files give the same contents,
//! with the same diagnostics. After an author saves one province file, the other files'
//! contents are taken from the rebuild before (their figures shared, not copied) instead of
//! being checked again: on the synthetic national site, "load and validate" went from
//! 0.30–0.58 s to 0.18–0.34 s a rebuild (BENCHMARKS.md, "Session of 2026-12-06 (sixth)").
//! The checks across files (successions, tables, narratives) run every time. Anything else
//! is a miss: the contents are made again.

use super::province::Contents;
use crate::load::Loaded;
use crate::model::kept::Kept;
use std::sync::Arc;

/// The contents kept by one validation for the next one, by digest ([`Kept`]).
pub type Reuse = Kept<blake3::Hash, Arc<Contents>>;

impl Reuse {
    /// The digest of what the catalogue is made from: the texts of its files.
    pub(super) fn catalogue_key(&self, loaded: &Loaded) -> Option<blake3::Hash> {
        if !self.is_on() {
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
    /// the validation before this one made them from the same text and catalogue.
    pub(super) fn contents(
        &self,
        catalogue: Option<&blake3::Hash>,
        file: &str,
        text: Option<&str>,
        make: impl FnOnce() -> Contents,
    ) -> Arc<Contents> {
        let (Some(catalogue), Some(text)) = (catalogue, text) else {
            return Arc::new(make());
        };
        let mut hasher = blake3::Hasher::new();
        hasher.update(catalogue.as_bytes());
        hasher.update(&(file.len() as u64).to_le_bytes());
        hasher.update(file.as_bytes());
        hasher.update(text.as_bytes());
        let key = hasher.finalize();
        let contents = match self.earlier(&key) {
            Some(kept) => Arc::clone(kept),
            None => Arc::new(make()),
        };
        self.keep(key, Arc::clone(&contents));
        contents
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
    }
}
