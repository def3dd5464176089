//! What says that a file is the one read or written before, without reading it: its size,
//! modification and change times, inode and device (what `git` trusts to say a file is
//! untouched). The change time cannot be set by a program: any write or rename sets it.
//!
//! A stamp is trusted only when its times are older than the moment it is taken by a margin
//! ([`Stamp::settled`]): a file written in the same tick of the file system's clock as an
//! earlier write of the same size can keep its stamp (the "racy" file of `git`).

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How old a stamp's times must be to be trusted: the coarsest clock of a common file system
/// (FAT's two seconds), with room to spare.
const SETTLED: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: (i64, i64),
    pub changed: (i64, i64),
    pub inode: u64,
    pub device: u64,
}

impl Stamp {
    /// The stamp of the regular file at `path`, never following a symbolic link.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.file_type().is_file() {
            return None;
        }
        stamp(&meta)
    }

    /// Whether both times are older than `now` by three seconds: no write since can have left
    /// the stamp as it is. A time in the future (a clock set back) is not settled.
    pub fn settled(&self, now: SystemTime) -> bool {
        let Some(limit) = now
            .checked_sub(SETTLED)
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        else {
            return false;
        };
        let before = |(secs, nanos): (i64, i64)| {
            let limit = (limit.as_secs() as i64, i64::from(limit.subsec_nanos()));
            (secs, nanos) < limit
        };
        before(self.modified) && before(self.changed)
    }
}

#[cfg(unix)]
fn stamp(meta: &std::fs::Metadata) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    Some(Stamp {
        len: meta.len(),
        modified: (meta.mtime(), meta.mtime_nsec()),
        changed: (meta.ctime(), meta.ctime_nsec()),
        inode: meta.ino(),
        device: meta.dev(),
    })
}

/// Elsewhere a file has no stamp that can be trusted.
#[cfg(not(unix))]
fn stamp(_: &std::fs::Metadata) -> Option<Stamp> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Stamp {
        Stamp {
            len: 1,
            modified: (secs, 0),
            changed: (secs, 0),
            inode: 1,
            device: 1,
        }
    }

    #[test]
    fn a_stamp_is_settled_only_when_both_times_are_old_enough() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(at(1_000_000 - 10).settled(now));
        assert!(!at(1_000_000 - 1).settled(now));
        assert!(!at(1_000_000 + 5).settled(now), "a time in the future");
        let mut recent_change = at(1_000_000 - 10);
        recent_change.changed = (1_000_000, 0);
        assert!(!recent_change.settled(now));
        let mut recent_write = at(1_000_000 - 10);
        recent_write.modified = (999_999, 500);
        assert!(!recent_write.settled(now));
    }
}
