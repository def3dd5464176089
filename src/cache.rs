//! The build cache: files an earlier build made, found again by the digest of everything
//! that made them.
//!
//! Only what is costly to make and a pure function of inputs the caller can name is cached:
//! each workbook of the downloads (keyed by the digests of its cells) and each compressed
//! entry of the zip of all data (keyed by its path and bytes). A key is the BLAKE3 digest of
//! the running minhbach binary's own bytes and of those inputs, so a different minhbach never
//! reuses what another one made. A cached file carries the digest of its own bytes and is
//! used only when they match: a truncated or altered file is made again. Any doubt is a
//! miss, and a cache that cannot be read or written never fails a build; it only makes it
//! slower.
//!
//! The cache lives beside the output, never inside the published site: `build` with the
//! output `public/` keeps it in `.minhbach-cache/public/` next to it. After a build, the files
//! that build did not use are removed, so the cache holds one build's files.
//!
//! The site's own `.minhbach-cache/` also keeps the memo of parsed files ([`site_memo`],
//! [`crate::load::memo`]): what `check`, `build` and `serve` parsed, so that the next run
//! parses only the files that changed.

use crate::load::memo::Memo;
use crate::FastSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The folder, beside the output folder, that holds the caches of the outputs written there.
pub const FOLDER: &str = ".minhbach-cache";

/// Cached files end so; nothing else in the folder is ever read or removed.
const SUFFIX: &str = ".bin";

/// The length of a digest, in bytes.
const DIGEST: usize = 32;

/// The files an earlier build made, or no cache at all ([`Cache::none`]).
#[derive(Debug, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    used: Mutex<FastSet<String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

/// What a key is made of, added to piece by piece ([`Cache::key`]).
pub struct Key(blake3::Hasher);

impl Key {
    /// A key of its own, without the binary: for a digest that is part of other keys.
    pub fn plain() -> Key {
        Key(blake3::Hasher::new())
    }

    /// Add bytes, with their length (so that `"ab" "c"` and `"a" "bc"` differ).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Key {
        self.pieces(&[bytes])
    }

    /// Add the bytes of `pieces`, one after another, with their length: the same as
    /// [`Key::bytes`] of them joined.
    pub fn pieces(&mut self, pieces: &[&[u8]]) -> &mut Key {
        let size: usize = pieces.iter().map(|p| p.len()).sum();
        self.0.update(&(size as u64).to_le_bytes());
        for piece in pieces {
            self.0.update(piece);
        }
        self
    }

    /// Add a number.
    pub fn number(&mut self, n: u64) -> &mut Key {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Add raw bytes of a fixed length (a digest), without their length.
    pub fn fixed(&mut self, bytes: &[u8]) -> &mut Key {
        self.0.update(bytes);
        self
    }

    /// The key's digest.
    pub fn finish(&self) -> blake3::Hash {
        self.0.finalize()
    }
}

/// The digest of the running binary: what every key starts with. `None` when the binary
/// cannot be read, and then nothing is cached.
fn binary() -> Option<&'static [u8; DIGEST]> {
    static BINARY: OnceLock<Option<[u8; DIGEST]>> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            // Hashed as it is read, 64 KiB at a time, not read whole first: the binary is
            // 25 MB, and fresh memory is what costs (BENCHMARKS.md, session of 2026-12-04,
            // third). Not mapped either: a binary replaced in place under a mapping would
            // stop the process (SIGBUS) instead of only missing the cache.
            let exe = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
            let mut hasher = blake3::Hasher::new();
            hasher.update_reader(exe).ok()?;
            Some(*hasher.finalize().as_bytes())
        })
        .as_ref()
}

/// The name of the memo of parsed files in the site's own `.minhbach-cache/`.
const MEMO: &str = "parsed-files.memo";

/// The memo of parsed files of the site under `root` ([`crate::load::memo`]), kept in
/// `.minhbach-cache/` at the site's root (the folder of the default output's cache): what the
/// last run parsed, or an empty memo when there is none, when it is not whole, or when
/// another minhbach wrote it. No memo at all when this binary cannot be read.
pub fn site_memo(root: &Path) -> Memo {
    let Some(version) = binary() else {
        return Memo::none();
    };
    let Some(dir) = site_folder(root) else {
        return Memo::none();
    };
    match read_whole(&dir.join(MEMO)) {
        Some(content) => Memo::from_bytes_after(content, DIGEST, version),
        None => Memo::empty(),
    }
}

/// Keep `memo` for the next run, when it holds anything this run did not find there. Like
/// every cached file, it is written whole or not at all, and a failure only costs time.
pub fn keep_site_memo(root: &Path, memo: &Memo) {
    if !memo.is_on() || !memo.changed() {
        return;
    }
    if let (Some(version), Some(dir)) = (binary(), site_folder(root)) {
        keep(&dir, &dir.join(MEMO), &memo.to_bytes(version));
        // The folder says itself that it is not the site's to publish or keep in version
        // control, wherever the site is.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(ignore, "# minhbach's cache: made again when removed\n*\n");
        }
    }
}

/// The site's own `.minhbach-cache/`, unless it is a symbolic link: a site's files (a pull
/// request) must not make minhbach read or write a folder outside the site.
fn site_folder(root: &Path) -> Option<PathBuf> {
    let dir = root.join(FOLDER);
    match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.file_type().is_symlink() => None,
        _ => Some(dir),
    }
}

impl Cache {
    /// No cache: everything is made.
    pub fn none() -> Cache {
        Cache::default()
    }

    /// The cache of the output folder `output`: `.minhbach-cache/<name>/` in its parent.
    /// No cache when the output has no parent or no name. The binary is read and hashed when
    /// the first key is made (a site without downloads never pays for it); when it cannot be
    /// read, there is no key and nothing is cached.
    pub fn beside(output: &Path) -> Cache {
        let dir = match (output.parent(), output.file_name()) {
            (Some(parent), Some(name)) => Some(parent.join(FOLDER).join(name)),
            _ => None,
        };
        Cache {
            dir,
            ..Cache::default()
        }
    }

    /// Whether files are cached at all.
    pub fn is_on(&self) -> bool {
        self.dir.is_some()
    }

    /// Keep `bytes` as the file `name` of the cache, whole or not at all, with their digest
    /// ([`Cache::read_file`] gives them back only while they match it).
    pub fn keep_file(&self, name: &str, bytes: &[u8]) {
        if let Some(dir) = &self.dir {
            keep(dir, &dir.join(name), bytes);
        }
    }

    /// The bytes [`Cache::keep_file`] kept as `name`, when they are whole.
    pub fn read_file(&self, name: &str) -> Option<Vec<u8>> {
        read(&self.dir.as_ref()?.join(name))
    }

    /// A new key for a file of `kind`, `None` without a cache.
    pub fn key(&self, kind: &str) -> Option<Key> {
        self.dir.as_ref()?;
        let mut key = Key(blake3::Hasher::new());
        key.fixed(binary()?).bytes(kind.as_bytes());
        Some(key)
    }

    /// The file of `key` as an earlier build made it, or else `make`'s, kept for the next
    /// build. Without a key, `make`'s.
    pub fn made<E>(
        &self,
        key: Option<blake3::Hash>,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        let (Some(dir), Some(key)) = (&self.dir, key) else {
            return make();
        };
        let name = format!("{}{SUFFIX}", key.to_hex());
        let path = dir.join(&name);
        crate::lock(&self.used).insert(name);
        if let Some(bytes) = read(&path) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(bytes);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let bytes = make()?;
        keep(dir, &path, &bytes);
        Ok(bytes)
    }

    /// How many files were found in the cache, and how many were made.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Remove the cached files this build did not use, and any temporary file left by a
    /// build that stopped half-way. Files of other names are left alone.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let used = crate::lock(&self.used);
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            let cached = name.ends_with(SUFFIX) && name.len() == 64 + SUFFIX.len();
            let temporary = name.starts_with('.') && name.ends_with(".tmp");
            if (cached && !used.contains(name)) || temporary {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A cached file's bytes, when its digest says they are whole.
fn read(path: &Path) -> Option<Vec<u8>> {
    let mut content = read_whole(path)?;
    Some(content.split_off(DIGEST))
}

/// The content of a file [`Cache::keep`] wrote, its digest and then its bytes, when the
/// bytes are whole.
fn read_whole(path: &Path) -> Option<Vec<u8>> {
    let content = std::fs::read(path).ok()?;
    let (stored, bytes) = content.split_at_checked(DIGEST)?;
    (digest(bytes).as_bytes().as_slice() == stored).then_some(content)
}

/// Write `bytes` to `path` in `dir`, after their digest, whole or not at all (a temporary
/// file, then a rename); a failure only means the next run makes the file again.
fn keep(dir: &Path, path: &Path, bytes: &[u8]) {
    use std::io::Write;
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // A temporary file's number, so that two files written at once (by two threads, or two
    // caches of the same folder) never share one.
    static TEMP: AtomicUsize = AtomicUsize::new(0);
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{}-{n}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(digest(bytes).as_bytes())?;
            file.write_all(bytes)
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// The digest of a cached file's bytes, on every core when they are large enough to gain
/// from it (blake3's advice: 128 KiB).
fn digest(bytes: &[u8]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    match bytes.len() >= 128 * 1024 {
        true => hasher.update_rayon(bytes),
        false => hasher.update(bytes),
    };
    hasher.finalize()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(cache: &Cache, text: &str) -> Option<blake3::Hash> {
        cache
            .key("test")
            .map(|mut k| k.bytes(text.as_bytes()).finish())
    }

    #[test]
    fn a_file_is_made_once_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let made = |text: &'static str| move || Ok::<_, ()>(text.as_bytes().to_vec());
        let first = Cache::beside(&out);
        assert_eq!(first.made(key(&first, "a"), made("A")).unwrap(), b"A");
        assert_eq!(first.counts(), (0, 1));
        let second = Cache::beside(&out);
        // Found again: `make` is not called (it would give other bytes).
        assert_eq!(second.made(key(&second, "a"), made("other")).unwrap(), b"A");
        assert_eq!(second.made(key(&second, "b"), made("B")).unwrap(), b"B");
        assert_eq!(second.counts(), (1, 1));
        assert!(dir.path().join(FOLDER).join("public").is_dir());
        assert!(!out.exists(), "nothing is written in the output");
    }

    #[test]
    fn a_damaged_file_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let cache = Cache::beside(&out);
        let k = key(&cache, "a");
        cache.made(k, || Ok::<_, ()>(b"AAAA".to_vec())).unwrap();
        let file = dir
            .path()
            .join(FOLDER)
            .join("public")
            .join(format!("{}{SUFFIX}", k.unwrap().to_hex()));
        let mut bytes = std::fs::read(&file).unwrap();
        *bytes.last_mut().unwrap() = b'B';
        std::fs::write(&file, &bytes).unwrap();
        let again = Cache::beside(&out);
        assert_eq!(
            again.made(k, || Ok::<_, ()>(b"AAAA".to_vec())).unwrap(),
            b"AAAA"
        );
        assert_eq!(again.counts(), (0, 1));
        std::fs::write(&file, b"short").unwrap();
        let again = Cache::beside(&out);
        assert_eq!(
            again.made(k, || Ok::<_, ()>(b"AAAA".to_vec())).unwrap(),
            b"AAAA"
        );
        assert_eq!(again.counts(), (0, 1));
    }

    #[test]
    fn prune_keeps_what_the_build_used_and_nothing_else_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Cache::beside(&out);
        for text in ["a", "b"] {
            first
                .made(key(&first, text), || Ok::<_, ()>(vec![1]))
                .unwrap();
        }
        let folder = dir.path().join(FOLDER).join("public");
        std::fs::write(folder.join("notes.txt"), "mine").unwrap();
        std::fs::write(folder.join(".1-0.tmp"), "half").unwrap();
        let second = Cache::beside(&out);
        second
            .made(key(&second, "a"), || Ok::<_, ()>(vec![1]))
            .unwrap();
        second.prune();
        let mut left: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let a = format!("{}{SUFFIX}", key(&second, "a").unwrap().to_hex());
        assert_eq!(left, [a, "notes.txt".to_string()]);
    }

    #[test]
    fn without_a_cache_everything_is_made() {
        let cache = Cache::none();
        assert!(cache.key("test").is_none());
        assert_eq!(cache.made(None, || Ok::<_, ()>(vec![2])).unwrap(), [2]);
        assert_eq!(cache.counts(), (0, 0));
        cache.prune();
    }
}
