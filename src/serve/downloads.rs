//! The data downloads in `serve`: named by the layout (so the link check knows them), made
//! one at a time when a request asks for one, from the model of the site being shown.
//!
//! `build` writes every download; a preview that held them all would keep gigabytes for a
//! national site (and spend most of each full rebuild making them) while nobody previewing a
//! page needs them. A file is made by [`crate::site::opendata::one_file`], the code `build`
//! uses, so the bytes served are the bytes `build` writes. [`OnDemand`] belongs to one full
//! build: a full rebuild makes a new one, and the files kept by the old one go with it. A
//! fast rebuild changes Markdown bodies only, which no download holds, and keeps it.

use crate::lock;
use crate::output::Bytes;
use crate::render::Model;
use crate::site::cells::Index;
use crate::site::opendata;
use crate::FastSet;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// At most this many bytes of made files are kept. The point of making downloads on request
/// is a preview that does not hold the ~4 GB of a national site's: 128 MiB keeps the files a
/// publisher checks one after another (a province's or a report's, a few MB each on the
/// national site, a few kB on a real one), while a site-wide file or the zip of a national
/// site (hundreds of MB) is made again on each request rather than held.
const KEPT_BYTES: usize = 128 << 20;

/// The downloads of one build of the site.
pub struct OnDemand {
    model: Arc<Model>,
    names: FastSet<String>,
    kept: Mutex<Kept>,
    /// Held while a file is made: one at a time, since making any file encodes every figure
    /// of the site (and the zip makes every file).
    making: Mutex<()>,
}

/// Made files, oldest first.
#[derive(Default)]
struct Kept {
    files: HashMap<String, Bytes>,
    order: VecDeque<String>,
    bytes: usize,
}

impl Kept {
    fn keep(&mut self, path: &str, file: &Bytes) {
        if file.len() > KEPT_BYTES || self.files.contains_key(path) {
            return;
        }
        while self.bytes + file.len() > KEPT_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.files.remove(&oldest) {
                self.bytes -= gone.len();
            }
        }
        self.bytes += file.len();
        self.order.push_back(path.to_string());
        self.files.insert(path.to_string(), Arc::clone(file));
    }
}

impl OnDemand {
    /// The downloads `names` (the layout's), made from `model` when asked for.
    pub(crate) fn new(model: Arc<Model>, names: FastSet<String>) -> OnDemand {
        OnDemand {
            model,
            names,
            kept: Mutex::new(Kept::default()),
            making: Mutex::new(()),
        }
    }

    /// Whether `path` (site-relative) is a download of the site.
    pub fn names(&self, path: &str) -> bool {
        self.names.contains(path)
    }

    /// Every download of the site, sorted.
    pub fn all_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.names.iter().cloned().collect();
        names.sort();
        names
    }

    /// The download at `path`, made now unless kept; `None` when the site has no such file,
    /// the writer's reason when it failed (a fault of minhbach: nothing in valid data can
    /// make a writer fail).
    pub fn get(&self, path: &str) -> Option<Result<Bytes, String>> {
        if !self.names(path) {
            return None;
        }
        if let Some(file) = lock(&self.kept).files.get(path) {
            return Some(Ok(Arc::clone(file)));
        }
        let _one_at_a_time = lock(&self.making);
        // Made by the request that held the lock before this one?
        if let Some(file) = lock(&self.kept).files.get(path) {
            return Some(Ok(Arc::clone(file)));
        }
        let model = &*self.model;
        let idx = Index::new(&model.site);
        let rows = opendata::Rows {
            site: &model.site,
            idx: &idx,
            urls: &model.urls,
            theme: &model.theme,
        };
        let file = match opendata::one_file(&rows, path)? {
            Ok(bytes) => Bytes::from(bytes),
            Err(why) => return Some(Err(why)),
        };
        lock(&self.kept).keep(path, &file);
        Some(Ok(file))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn kept_files_stay_under_the_bound_oldest_going_first() {
        let mut kept = Kept::default();
        let file = |n: usize| Bytes::from(vec![0u8; n]);
        kept.keep("a", &file(KEPT_BYTES / 2));
        kept.keep("b", &file(KEPT_BYTES / 4));
        kept.keep("c", &file(KEPT_BYTES / 2));
        assert!(!kept.files.contains_key("a"), "the oldest file goes first");
        assert!(kept.files.contains_key("b") && kept.files.contains_key("c"));
        assert_eq!(kept.bytes, KEPT_BYTES / 4 + KEPT_BYTES / 2);
        kept.keep("huge", &file(KEPT_BYTES + 1));
        assert!(
            !kept.files.contains_key("huge"),
            "a file over the bound is not kept"
        );
        assert!(kept.bytes <= KEPT_BYTES);
    }
}
