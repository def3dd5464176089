//! For each file of the preview, the pages whose pending links lead to it, with the link:
//! after an edit to a Markdown body, only these and the pages rendered again can change
//! verdict ([`super::fast_rebuild`]).
//!
//! A whole rebuild's map is made by a worker once the rebuild has returned, beside the
//! author's next edit, not before the page reloads: on the national site it reads every
//! unresolved link of every page (19 ms of CPU on the main thread, by the profile of
//! BENCHMARKS.md, "Session of 2026-12-07 (second)"). The next edit to a Markdown body waits for it if it is not
//! done yet (or makes it, if no worker has started it).

use crate::output::PageLinks;
use crate::FastMap;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The pages whose links lead to each file, by file.
type Map = FastMap<String, Vec<(String, String)>>;

/// The links leading to each file: a whole rebuild's, and those fast rebuilds added since.
/// May hold links a page no longer has (checked against the pages' links before use).
pub(super) struct Incoming {
    made: Arc<Made>,
    added: Map,
}

/// A whole rebuild's map, made once, from the pending links of its pages.
struct Made {
    map: OnceLock<Map>,
    pages: Vec<(String, Arc<[String]>)>,
    base_path: String,
}

impl Made {
    fn map(&self) -> &Map {
        self.map.get_or_init(|| {
            let mut map = Map::default();
            for (page, pending) in &self.pages {
                add(&mut map, page, pending, &self.base_path);
            }
            map
        })
    }
}

impl Incoming {
    /// The map of the links of `pages` (shared, not copied), made by a worker.
    pub(super) fn of(pages: &BTreeMap<String, PageLinks>, base_path: &str) -> Incoming {
        let made = Arc::new(Made {
            map: OnceLock::new(),
            pages: pages
                .iter()
                .map(|(page, links)| (page.clone(), Arc::clone(&links.pending)))
                .collect(),
            base_path: base_path.to_string(),
        });
        let worker = Arc::clone(&made);
        rayon::spawn(move || {
            worker.map();
        });
        Incoming {
            made,
            added: Map::default(),
        }
    }

    /// The pages (and their links) that lead to `file`.
    pub(super) fn leading_to<'a>(
        &'a self,
        file: &str,
    ) -> impl Iterator<Item = &'a (String, String)> + 'a {
        let made = self.made.map().get(file).into_iter().flatten();
        made.chain(self.added.get(file).into_iter().flatten())
    }

    /// Note each of `pending`, new links of `page` after a fast rebuild.
    pub(super) fn add(&mut self, page: &str, pending: &[String], base_path: &str) {
        add(&mut self.added, page, pending, base_path);
    }
}

/// Note each of `pending`, links of `page`, under the file it leads to.
fn add(map: &mut Map, page: &str, pending: &[String], base_path: &str) {
    for link in pending {
        if let Some(file) = crate::output::file_linked(link, page, base_path) {
            map.entry(file)
                .or_default()
                .push((page.to_string(), link.clone()));
        }
    }
}
