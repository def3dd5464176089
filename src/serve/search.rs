//! The search index in `serve`: made when a request first asks for one of its files.
//!
//! Pagefind indexes on one thread: on the synthetic national site that took about 5 s of
//! each rebuild, an edit to one Markdown body included, while the search page asks for the
//! bundle only when a reader types a query. Like the downloads, the index is made from the
//! model of the build it belongs to (with the Markdown bodies edited since, which a report's
//! record quotes), by the code `build` uses ([`crate::search::records`],
//! [`crate::search::bundle::bundle`]), so the bytes served are the bytes `build` writes.

use crate::lock;
use crate::output::{Bytes, Files};
use crate::render::Model;
use crate::search::bundle;
use crate::site::cells::Index;
use std::sync::{Arc, Mutex};

/// The search index of one build of the site, with the edits of the fast rebuilds since.
pub struct SearchOnDemand {
    model: Arc<Model>,
    /// The Markdown bodies edited since the model was read: path under `content/`, body.
    bodies: Vec<(String, String)>,
    /// The bundle once made, or why it could not be (a fault of minhbach or of Pagefind, not
    /// of the data). Held while it is made: a second request waits for the first one's.
    made: Mutex<Option<Result<Arc<Files>, String>>>,
}

impl SearchOnDemand {
    /// The search index of `model` with the edited `bodies`, made when asked for.
    pub(crate) fn new(model: Arc<Model>, bodies: Vec<(String, String)>) -> SearchOnDemand {
        SearchOnDemand {
            model,
            bodies,
            made: Mutex::new(None),
        }
    }

    /// Whether `path` (site-relative) is under the bundle's folder, where only the bundle's
    /// files can be.
    pub fn holds(path: &str) -> bool {
        path.starts_with(bundle::FOLDER)
    }

    /// Every file of the bundle, made now unless made already.
    pub fn files(&self) -> Result<Arc<Files>, String> {
        let mut made = lock(&self.made);
        if let Some(done) = made.as_ref() {
            return done.clone();
        }
        let model = &*self.model;
        let mut idx = Index::new(&model.site);
        for (path, body) in &self.bodies {
            idx.set_body(path, Some(body.clone()));
        }
        let records = crate::search::records(&model.site, &idx, &model.theme);
        let done = bundle::bundle(records)
            .map(|files| {
                let files = files.into_iter().map(|(p, b)| (p, Bytes::from(b)));
                Arc::new(files.collect())
            })
            .map_err(|e| e.0);
        *made = Some(done.clone());
        done
    }

    /// The file of the bundle at `path`; `None` when the bundle has no such file.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, String>> {
        if !Self::holds(path) {
            return None;
        }
        match self.files() {
            Ok(files) => files.get(path).cloned().map(Ok),
            Err(why) => Some(Err(why)),
        }
    }

    /// Whether the bundle has been made (for tests of when it is made).
    pub fn is_made(&self) -> bool {
        lock(&self.made).is_some()
    }
}
