//! The Pagefind bundle of the search records: `pagefind.js`, its worker and wasm, and the
//! index files, as (path under the site, bytes). The only module that knows Pagefind, whose
//! interface is async: it runs on a tokio runtime of the current thread made for this step
//! (Pagefind's own blocking work goes to tokio's blocking pool).
//!
//! Pagefind names its index files by the hash of their content, so the bundle is the same
//! from build to build as long as the records come in the same order ([`super::records`]).

use super::Record;
use std::collections::BTreeMap;

/// The folder of the bundle, under the site's root.
pub const FOLDER: &str = crate::site::urls::SEARCH_BUNDLE;

/// Why the bundle could not be made (a fault of minhbach or of Pagefind, not of the data).
#[derive(Debug)]
pub struct BundleError(pub String);

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the search index could not be made: {}", self.0)
    }
}

/// The files of the bundle, by path under the site's root (`pagefind/pagefind.js`), in
/// order. Pagefind's ready-made interfaces (`pagefind-ui.js` and the like) are left out: the
/// search page has its own small script.
pub fn bundle(records: Vec<Record>) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| BundleError(e.to_string()))?;
    let files = runtime.block_on(index(records))?;
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            wanted(&name).then(|| ([FOLDER, name.as_str()].concat(), f.contents))
        })
        .collect())
}

async fn index(records: Vec<Record>) -> Result<Vec<pagefind::api::SyntheticFile>, BundleError> {
    // Pagefind's errors (anyhow's) are kept as their text.
    fn fail(e: impl std::fmt::Display) -> BundleError {
        BundleError(e.to_string())
    }
    let options = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(true)
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(fail)?;
    for r in records {
        let kind = r.meta.get("kind").cloned().unwrap_or_default();
        let filters = BTreeMap::from([("kind".to_string(), vec![kind])]);
        index
            .add_custom_record(
                r.url,
                r.content,
                r.lang.code().to_string(),
                Some(r.meta),
                Some(filters),
                None,
            )
            .await
            .map_err(fail)?;
    }
    index.get_files().await.map_err(fail)
}

/// Whether the search page needs `file` of Pagefind's output.
fn wanted(file: &str) -> bool {
    let ui = [
        "pagefind-ui",
        "pagefind-modular-ui",
        "pagefind-component-ui",
        "pagefind-highlight",
    ];
    !ui.iter().any(|p| file.starts_with(p)) && !file.starts_with("playground")
}
