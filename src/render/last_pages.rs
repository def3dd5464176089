//! The report pages and data files of the last build, for the next one to take again: a
//! manifest in the build cache names, for each report page the last build wrote, the digest of
//! what it was made from ([`crate::site::inputs`]), the file's stamp in the output, and its
//! `id`s and links; for each data file made from the site's figures, the digest of what made
//! its bytes ([`crate::site::opendata::Made`]) and its stamp, without `id`s or links.
//!
//! A page whose digest is unchanged and whose file in the output still has its stamp (size,
//! modification and change times, inode and device: what `git` trusts to say a file is
//! untouched) is hard-linked from the previous output into the new one instead of being
//! planned, rendered and written; when anything differs, or the link cannot be made, the page
//! is made as usual. The manifest starts with the digest of the running binary: another
//! minhbach never takes what this one made. A manifest that cannot be read is no manifest.

use super::{Earlier, Found};
use crate::cache::Cache;
use crate::load::stamp::Stamp;
use crate::output::{PageLinks, Staging};
use crate::{FastMap, FastSet};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest's name in the cache folder (never pruned: not a cached file's name).
const MANIFEST: &str = "pages.manifest";

/// What a manifest starts with; changed with its layout.
const MAGIC: &[u8] = b"minhbach report pages 1\n";

/// One report page of the last build.
struct Entry {
    digest: [u8; 32],
    stamp: Stamp,
    links: PageLinks,
}

/// The report pages the last build wrote into `output`, as its manifest names them.
pub struct LastPages {
    output: PathBuf,
    base_url: String,
    /// The files the pages' links were found against.
    known: FastSet<String>,
    entries: FastMap<String, Entry>,
}

impl LastPages {
    /// The pages the last build into `output` left, by the manifest in `cache`; `None`
    /// without a cache or a manifest this binary wrote.
    pub fn read(cache: &Cache, output: &Path) -> Option<LastPages> {
        let bytes = cache.read_file(MANIFEST)?;
        let mut r = Reader(&bytes);
        if r.take(MAGIC.len())? != MAGIC || r.take(32)? != binary_key(cache)?.as_bytes() {
            return None;
        }
        let base_url = r.text()?;
        let known = (0..r.number()?)
            .map(|_| r.text())
            .collect::<Option<FastSet<_>>>()?;
        let mut entries = FastMap::default();
        for _ in 0..r.number()? {
            let file = r.text()?;
            let digest: [u8; 32] = r.take(32)?.try_into().ok()?;
            let n = |r: &mut Reader| r.number();
            let i = |r: &mut Reader| r.number().map(|v| v as i64);
            let stamp = Stamp {
                len: n(&mut r)?,
                modified: (i(&mut r)?, i(&mut r)?),
                changed: (i(&mut r)?, i(&mut r)?),
                inode: n(&mut r)?,
                device: n(&mut r)?,
            };
            let ids = (0..r.number()?)
                .map(|_| r.text())
                .collect::<Option<FastSet<_>>>()?;
            let pending = (0..r.number()?).map(|_| r.text()).collect::<Option<_>>()?;
            let links = PageLinks {
                ids: Arc::new(ids),
                pending,
            };
            entries.insert(
                file,
                Entry {
                    digest,
                    stamp,
                    links,
                },
            );
        }
        r.0.is_empty().then(|| LastPages {
            output: output.to_path_buf(),
            base_url,
            known,
            entries,
        })
    }

    /// What the build writing into `staging` may take: the pages whose digest is unchanged,
    /// linked from the output; their links when every file they were found against is one
    /// this build makes too (`known`), with the same base URL.
    pub fn taking<'a>(
        &'a self,
        staging: &'a Staging,
        base_url: &str,
        known: &FastSet<String>,
    ) -> Taking<'a> {
        Taking {
            last: self,
            staging,
            links_hold: self.base_url == base_url && self.known.iter().all(|f| known.contains(f)),
        }
    }
}

/// The pages of the last build, taken into the build writing into `staging`.
pub struct Taking<'a> {
    last: &'a LastPages,
    staging: &'a Staging,
    links_hold: bool,
}

impl Taking<'_> {
    /// Link `file` from the previous output into the new one when the last build made it from
    /// inputs of digest `digest` and it is untouched since; whether it did.
    pub fn file(&self, file: &str, digest: &blake3::Hash) -> bool {
        self.linked(file, digest).is_some()
    }

    fn linked(&self, file: &str, digest: &blake3::Hash) -> Option<&Entry> {
        let entry = self.last.entries.get(file)?;
        if entry.digest != *digest.as_bytes() {
            return None;
        }
        let from = self.last.output.join(file);
        if Stamp::of(&from)? != entry.stamp {
            return None;
        }
        self.staging.link_from(file, &from).ok()?;
        Some(entry)
    }
}

impl Earlier for Taking<'_> {
    fn page(&self, file: &str, digest: &blake3::Hash) -> Option<(Found, Option<PageLinks>)> {
        let entry = self.linked(file, digest)?;
        let links = self.links_hold.then(|| entry.links.clone());
        Some((Found::Placed, links))
    }
}

/// The key the manifest is for: the running binary's.
fn binary_key(cache: &Cache) -> Option<blake3::Hash> {
    cache.key("report pages").map(|k| k.finish())
}

/// Write the manifest of the pages just written into `output` (each with its digest and
/// links), found against `known`. Nothing when there is no cache; a failure only means the
/// next build makes every page.
pub fn write(
    cache: &Cache,
    output: &Path,
    base_url: &str,
    known: &FastSet<String>,
    pages: &[(&str, &blake3::Hash, &PageLinks)],
) {
    let Some(key) = binary_key(cache) else {
        return;
    };
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key.as_bytes());
    text(&mut out, base_url);
    let mut known: Vec<&String> = known.iter().collect();
    known.sort();
    number(&mut out, known.len() as u64);
    known.iter().for_each(|f| text(&mut out, f));
    // Each page's entry is made on its own, pages in parallel (a stat call each).
    let entries: Vec<Vec<u8>> = pages
        .par_iter()
        .filter_map(|(file, digest, links)| {
            let stamp = Stamp::of(&output.join(file))?;
            Some(entry(file, digest, links, stamp))
        })
        .collect();
    number(&mut out, entries.len() as u64);
    entries.iter().for_each(|e| out.extend_from_slice(e));
    cache.keep_file(MANIFEST, &out);
}

/// One page's entry: its file, digest, stamp, `id`s (sorted) and links.
fn entry(file: &str, digest: &blake3::Hash, links: &PageLinks, stamp: Stamp) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    text(&mut out, file);
    out.extend_from_slice(digest.as_bytes());
    for n in [
        stamp.len,
        stamp.modified.0 as u64,
        stamp.modified.1 as u64,
        stamp.changed.0 as u64,
        stamp.changed.1 as u64,
        stamp.inode,
        stamp.device,
    ] {
        number(&mut out, n);
    }
    let mut ids: Vec<&String> = links.ids.iter().collect();
    ids.sort();
    number(&mut out, ids.len() as u64);
    ids.iter().for_each(|id| text(&mut out, id));
    number(&mut out, links.pending.len() as u64);
    links.pending.iter().for_each(|l| text(&mut out, l));
    out
}

fn number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn text(out: &mut Vec<u8>, s: &str) {
    number(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Reads what [`write`] wrote; `None` at anything else.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn number(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let n = usize::try_from(self.number()?).ok()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}
