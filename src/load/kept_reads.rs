//! What reading each province file and each Markdown file gave, kept by `serve` from one
//! rebuild to the next with the file's stamp ([`Stamp`]): a file whose stamp has not changed
//! is not read, checked as UTF-8, hashed or parsed again.
//!
//! On the synthetic national site a rebuild read 3,500 files (47 MB) to find the one an
//! author edited: about 40 ms of the rebuild's wall time on two cores, most of it copying and
//! allocating. A stat call a file replaces that.
//!
//! Any doubt is a read: only a file read whole, with nothing to report, is kept; a stamp is
//! trusted only when its times had settled when it was taken ([`Stamp::settled`]), so a
//! file written just before or while it was read is read again at the next rebuild; a file
//! that cannot be stamped is always read.

use super::stamp::Stamp;
use crate::model::kept::Kept;
use std::any::Any;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

/// The texts of the sources a read added (for diagnostics that quote a line).
pub(super) type Sources = BTreeMap<String, Arc<str>>;

/// Each file's read, by path, for the next rebuild.
#[derive(Debug, Default)]
pub(super) struct KeptReads {
    /// Paths shared, not copied, from one rebuild to the next.
    reads: Kept<Arc<str>, Arc<dyn Any + Send + Sync>>,
}

/// One file's read: its stamp before it was read, and what reading it gave.
struct Read<T> {
    stamp: Stamp,
    value: T,
    sources: Sources,
}

/// A file's stamp, taken before it is read, and whether it can be trusted later.
pub(super) struct Stamped {
    stamp: Stamp,
    settled: bool,
}

impl KeptReads {
    /// Nothing to take yet; keeps what is read (`serve`'s first build).
    pub(super) fn empty() -> KeptReads {
        KeptReads {
            reads: Kept::empty(),
        }
    }

    /// What the rebuild after this one starts from: what this one read or took.
    pub(super) fn next(&self) -> KeptReads {
        KeptReads {
            reads: self.reads.next(),
        }
    }

    /// The stamp of the file `rel` under `root`, before it is read: `None` when reads are not
    /// kept (`check`, `build`: no path is even made), or the file has none.
    pub(super) fn stamp(&self, root: &Path, rel: &str) -> Option<Stamped> {
        if !self.reads.is_on() {
            return None;
        }
        let now = SystemTime::now();
        let stamp = Stamp::of(&root.join(rel))?;
        Some(Stamped {
            stamp,
            settled: stamp.settled(now),
        })
    }

    /// What the rebuild before this one read from the file `rel`, when its stamp then was
    /// `stamped`'s; kept again for the next rebuild.
    pub(super) fn take<T>(&self, rel: &str, stamped: &Stamped) -> Option<(T, Sources)>
    where
        T: Clone + Send + Sync + 'static,
    {
        let (path, kept) = self.reads.earlier_entry(rel)?;
        let read = Arc::clone(kept).downcast::<Read<T>>().ok()?;
        if read.stamp != stamped.stamp || !stamped.settled {
            return None;
        }
        self.reads.keep(Arc::clone(path), Arc::clone(kept));
        Some((read.value.clone(), read.sources.clone()))
    }

    /// Keep what reading `rel` gave (`value`, adding `sources`), read whole with nothing to
    /// report, for the next rebuild, when its stamp can be trusted then.
    pub(super) fn keep<T>(&self, rel: &str, stamped: Stamped, value: &T, sources: &Sources)
    where
        T: Clone + Send + Sync + 'static,
    {
        if !stamped.settled {
            return;
        }
        let read = Read {
            stamp: stamped.stamp,
            value: value.clone(),
            sources: sources.clone(),
        };
        self.reads.keep(Arc::from(rel), Arc::new(read));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::load::memo::Memo;

    fn stamped(len: u64, settled: bool) -> Stamped {
        Stamped {
            stamp: Stamp {
                len,
                modified: (1, 0),
                changed: (1, 0),
                inode: 7,
                device: 1,
            },
            settled,
        }
    }

    fn sources(text: &str) -> Sources {
        BTreeMap::from([("a.md".to_string(), Arc::from(text))])
    }

    #[test]
    fn a_read_is_taken_only_with_the_same_settled_stamp_and_type() {
        let reads = KeptReads::empty();
        reads.keep(
            "a.md",
            stamped(3, true),
            &"one".to_string(),
            &sources("one"),
        );
        reads.keep(
            "b.md",
            stamped(3, false),
            &"two".to_string(),
            &sources("two"),
        );
        let next = reads.next();
        let taken = next.take::<String>("a.md", &stamped(3, true));
        assert_eq!(taken.map(|(v, _)| v), Some("one".to_string()));
        assert!(next.take::<String>("a.md", &stamped(4, true)).is_none());
        assert!(next.take::<u32>("a.md", &stamped(3, true)).is_none());
        assert!(
            next.take::<String>("b.md", &stamped(3, true)).is_none(),
            "a read whose stamp had not settled is not kept"
        );
        // What a rebuild took is kept for the one after it; what it did not ask for is not.
        let after = next.next();
        let skipping = after.next();
        assert!(after.take::<String>("a.md", &stamped(3, true)).is_some());
        assert!(skipping.take::<String>("a.md", &stamped(3, true)).is_none());
    }

    #[test]
    fn nothing_is_stamped_when_reads_are_not_kept() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("a.md");
        std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(KeptReads::default().stamp(dir.path(), "a.md").is_none());
        let fresh = KeptReads::empty().stamp(dir.path(), "a.md");
        assert!(fresh.is_some_and(|s| !s.settled), "a file just written");
    }

    /// Loads the site at `root` with `memo`: the text of each file read, by path. The file
    /// without front matter is reported at every load.
    fn texts(root: &Path, memo: &Memo) -> BTreeMap<String, Arc<str>> {
        let mut diags = Diagnostics::default();
        let loaded = crate::load::load_with(root, memo, &mut diags);
        let reported = diags.iter().any(|d| d.file == "content/c.md");
        assert!(
            reported,
            "a file with a problem is read (and reported) again"
        );
        loaded.unwrap_or_else(|e| panic!("{e:?}")).sources
    }

    #[test]
    fn a_rebuild_reads_again_only_the_files_whose_stamp_changed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let page = |name: &str, body: &str| {
            let text = format!("---\ntitle: {name}\n---\n{body}\n");
            std::fs::write(root.join("content").join(name), text).unwrap_or_else(|e| panic!("{e}"));
        };
        std::fs::create_dir_all(root.join("content")).unwrap_or_else(|e| panic!("{e}"));
        page("a.md", "first");
        page("b.md", "second");
        std::fs::write(root.join("content/c.md"), "no front matter\n")
            .unwrap_or_else(|e| panic!("{e}"));
        // Let the files' stamps settle.
        std::thread::sleep(std::time::Duration::from_millis(3300));
        let memo = Memo::empty().sharing();
        let first = texts(root, &memo);
        page("b.md", "other!");
        let memo = memo.next();
        let second = texts(root, &memo);
        let same = |file: &str| Arc::ptr_eq(&first[file], &second[file]);
        assert!(same("content/a.md"), "an unchanged file is taken");
        assert!(!same("content/b.md"));
        assert!(
            second["content/b.md"].contains("other!"),
            "an edit of the same size"
        );
        // The file just written is read again at every rebuild until its stamp settles.
        let third = texts(root, &memo.next());
        assert!(Arc::ptr_eq(&first["content/a.md"], &third["content/a.md"]));
        assert!(!Arc::ptr_eq(
            &second["content/b.md"],
            &third["content/b.md"]
        ));
    }
}
