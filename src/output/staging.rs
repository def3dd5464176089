//! Writing the site beside the output folder, then putting it in place in one step.
//!
//! Input: the rendered files, one by one. Output: the output folder, replaced as a whole.
//! Files go to a staging folder beside the output (`.NAME.minhbach-new-PID`: the same
//! filesystem, so the switch is a rename). The staging folder and the output then change
//! places in one system call (`renameat2` with `RENAME_EXCHANGE` on Linux, `RENAME_SWAP` on
//! macOS), so a web server reading the output finds the old site or the new one and never a
//! missing folder, whatever happens to the build; the old site, now in the staging folder's
//! place, is then removed. Where the filesystem cannot exchange (NFS, other systems), the old
//! site is renamed away first and the new one renamed in: a moment without output, as before.
//!
//! The output's parent is often served too, and a build that is killed leaves its staging
//! folder (or, mid-switch, the old site) there: a complete copy of a site, retracted pages
//! included. So every build, before writing, removes those folders of earlier builds. It may,
//! because it holds a lock (`.NAME.minhbach.lock`, released by the system when the process
//! ends, however it ends) from then until the switch is done: no live build's folder is ever
//! taken for debris, and two builds of one output cannot interleave. A second build stops at
//! once with a clear message rather than waiting: a build that cannot write says so instead of
//! hanging behind a stuck one, and the library prints nothing of its own. The lock file exists
//! only while a build runs (it would otherwise show in `git status` beside `public/`).
//!
//! Beside the output, nothing is created or removed but the entries named `.NAME.minhbach-…`
//! and `.NAME.minhbach.lock` (and the parent folder itself, created if missing).

use super::MARKER;
use crate::model::Lang;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists, is not empty, and was not written by minhbach.
    NotOurs(PathBuf),
    /// `output_dir` of site.yaml leads out of the site through a symbolic link.
    OutsideSite(PathBuf),
    /// The target is a symbolic link: replacing the folder would replace the link.
    Symlink(PathBuf),
    /// The target is a file.
    NotAFolder(PathBuf),
    /// The target does not end with a folder name (`.`, `..`, `/`), or not one in UTF-8.
    NoFolderName(PathBuf),
    /// Another build holds the lock (the output, the lock file).
    Busy(PathBuf, PathBuf),
    /// A folder left by an earlier, killed build cannot be removed.
    Debris(PathBuf, io::Error),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(p) => write!(
                f,
                "{} is not empty and was not written by minhbach; refusing to replace it (empty it or choose another --output)",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            WriteError::OutsideSite(p) => write!(
                f,
                "{} leads outside the site through a symbolic link; refusing to write there (use --output to write elsewhere on purpose)",
                p.display()
            ),
            WriteError::Symlink(p) => write!(
                f,
                "{} is a symbolic link; minhbach replaces the output folder as a whole and would replace the link, so it refuses (give the folder it points to with --output)",
                p.display()
            ),
            WriteError::NotAFolder(p) => write!(
                f,
                "{} is a file, not a folder; refusing to replace it (remove it or choose another --output)",
                p.display()
            ),
            WriteError::NoFolderName(p) => write!(
                f,
                "{} does not end with a folder name; name the output folder (e.g. --output public)",
                p.display()
            ),
            WriteError::Busy(p, lock) => write!(
                f,
                "another minhbach build is writing {} (it holds {}); nothing was written: build again once it has finished",
                p.display(),
                lock.display()
            ),
            WriteError::Debris(p, e) => write!(
                f,
                "cannot remove {}, left by an earlier build that was stopped: {e} (remove it by hand; it may hold pages that were withdrawn)",
                p.display()
            ),
        }
    }
}

impl WriteError {
    /// The failure in `lang` (the operating system's own wording stays as it comes).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (WriteError::NotOurs(p), Lang::Vi) => format!(
                "thư mục {} không trống và không do minhbach tạo ra, nên minhbach không ghi đè lên nó (hãy làm trống thư mục, hoặc chọn thư mục khác bằng --output)",
                p.display()
            ),
            (WriteError::OutsideSite(p), Lang::Vi) => format!(
                "{} dẫn ra ngoài trang web qua một liên kết tắt (symbolic link), nên minhbach không ghi vào đó (nếu thật sự muốn ghi ra nơi khác, hãy dùng --output)",
                p.display()
            ),
            (WriteError::Symlink(p), Lang::Vi) => format!(
                "{} là một liên kết tắt (symbolic link); minhbach thay cả thư mục xuất mỗi lần tạo trang nên sẽ thay mất liên kết này, vì vậy không ghi (hãy đưa thư mục mà nó trỏ tới bằng --output)",
                p.display()
            ),
            (WriteError::NotAFolder(p), Lang::Vi) => format!(
                "{} là một tệp, không phải thư mục, nên minhbach không thay thế nó (hãy xoá tệp đó, hoặc chọn thư mục khác bằng --output)",
                p.display()
            ),
            (WriteError::NoFolderName(p), Lang::Vi) => format!(
                "{} không kết thúc bằng tên một thư mục; hãy ghi rõ tên thư mục xuất (ví dụ --output public)",
                p.display()
            ),
            (WriteError::Busy(p, lock), Lang::Vi) => format!(
                "một lần chạy minhbach build khác đang ghi vào {} (đang giữ {}); chưa ghi tệp nào: hãy chạy lại khi lần kia đã xong",
                p.display(),
                lock.display()
            ),
            (WriteError::Debris(p, e), Lang::Vi) => format!(
                "không xoá được {}, do một lần tạo trang trước bị dừng giữa chừng để lại: {e} (hãy tự xoá nó; trong đó có thể còn những trang đã được gỡ xuống)",
                p.display()
            ),
            (WriteError::Io(p, e), Lang::Vi) => format!("không ghi được {}: {e}", p.display()),
        }
    }
}

/// A site being written: files go to a staging folder beside the target as they are
/// rendered; [`Staging::commit`] puts it in place. Dropped without a commit, the staging
/// folder is removed and the previous site stays as it was. Holds the output's lock while it
/// lives.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// Where the previous site goes when the filesystem cannot exchange.
    previous: PathBuf,
    /// Folders already created (each page has its own).
    folders: std::sync::Mutex<HashSet<PathBuf>>,
    /// The staging folder is gone (renamed into place), or holds nothing to keep.
    committed: bool,
    /// Dropped last: the staging folder is gone by then.
    _lock: Lock,
}

fn io_error(p: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let p = p.to_path_buf();
    move |e| WriteError::Io(p, e)
}

impl Staging {
    /// Take the output's lock, refuse a target minhbach cannot replace, remove what killed
    /// builds left, then create the staging folder.
    pub fn new(target: &Path) -> Result<Staging, WriteError> {
        let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
            return Err(WriteError::NoFolderName(target.to_path_buf()));
        };
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        let lock = lock(parent, name, target)?;
        let target = parent.join(name);
        check_target(&target)?;
        remove_debris(parent, name)?;
        let id = std::process::id();
        let dir = parent.join(format!(".{name}.minhbach-new-{id}"));
        fs::create_dir(&dir).map_err(io_error(&dir))?;
        let staging = Staging {
            target,
            previous: parent.join(format!(".{name}.minhbach-old-{id}")),
            folders: Default::default(),
            committed: false,
            dir,
            _lock: lock,
        };
        staging.write(
            MARKER,
            b"This folder is written by minhbach build and replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Write one file (`rel` as built by minhbach: `/`-separated, inside the folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.write_pieces(rel, &[bytes])
    }

    /// Write the bytes of `pieces`, one after another, as the file `rel`: handed to the
    /// system as they are, never copied into one buffer first.
    pub fn write_pieces(&self, rel: &str, pieces: &[&[u8]]) -> Result<(), WriteError> {
        self.write_with(rel, |file| write_all_vectored(file, pieces))
    }

    /// The bytes of the file `rel` written (or linked) so far.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, WriteError> {
        let path = self.safe_path(rel)?;
        fs::read(&path).map_err(io_error(&path))
    }

    /// Make `from` (a file of the previous output) the file `rel` too, by a hard link: the
    /// bytes are not copied. An error when the system cannot link them (another device, a
    /// file system without links); the caller then writes the file.
    pub fn link_from(&self, rel: &str, from: &Path) -> Result<(), WriteError> {
        let path = self.safe_path(rel)?;
        fs::hard_link(from, &path).map_err(io_error(&path))
    }

    /// Create the file `rel` and have `write` write it.
    pub fn write_with(
        &self,
        rel: &str,
        write: impl FnOnce(&mut fs::File) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        let path = self.safe_path(rel)?;
        let mut file = fs::File::create(&path).map_err(io_error(&path))?;
        write(&mut file).map_err(io_error(&path))
    }

    /// The path of the file `rel` in the staging folder, with its folder made.
    fn safe_path(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let path = self.dir.join(rel);
        // Paths are built by minhbach from slugs; refuse anything that could leave the folder.
        let unsafe_path = rel.starts_with('/')
            || rel
                .split('/')
                .any(|c| c.is_empty() || c == "." || c == "..");
        if unsafe_path {
            return Err(WriteError::Io(path, io::Error::other("unsafe output path")));
        }
        if let Some(folder) = path.parent() {
            let mut folders = crate::lock(&self.folders);
            if !folders.contains(folder) {
                fs::create_dir_all(folder).map_err(io_error(folder))?;
                folders.insert(folder.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Put the written site in place of the previous one, then remove the previous one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let target = self.target.clone();
        if fs::symlink_metadata(&target).is_err() {
            fs::rename(&self.dir, &target).map_err(io_error(&target))?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.dir, &target).map_err(io_error(&target))? {
            // The staging folder's name now holds the previous site. Should removing it fail,
            // the next build removes it (or says why it cannot).
            let _ = remove_tree(&self.dir);
            self.committed = true;
            return Ok(());
        }
        two_renames(&self.dir, &target, &self.previous).map_err(io_error(&target))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// The output's lock: `.NAME.minhbach.lock`, locked. Released by the system when the file is
/// closed, or the process ends, however it ends.
#[derive(Debug)]
struct Lock {
    file: fs::File,
    path: PathBuf,
}

/// Lock `.NAME.minhbach.lock` beside the output, without waiting.
///
/// A finishing build removes the file while it still holds it, so a lock taken on a file that
/// is no longer at `path` locks nothing: then try again on the file that is there now.
fn lock(parent: &Path, name: &str, target: &Path) -> Result<Lock, WriteError> {
    let path = parent.join(format!(".{name}.minhbach.lock"));
    let busy = || WriteError::Busy(target.to_path_buf(), path.clone());
    // Each new attempt means another build finished meanwhile; three in a row is a crowd.
    for _ in 0..3 {
        let file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(busy()),
            // A filesystem without locks (some network shares): build as before, unlocked,
            // rather than never.
            Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(fs::TryLockError::Error(e)) => return Err(WriteError::Io(path, e)),
        }
        if still_at(&file, &path) {
            return Ok(Lock { file, path });
        }
    }
    Err(busy())
}

/// Whether `file` is the file now at `path`.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Whether `file` is the file now at `path`: always, as the file is never removed here.
#[cfg(not(unix))]
fn still_at(_: &fs::File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    /// Remove the file while still holding it (see [`lock`]); elsewhere than on Unix, where
    /// `lock` cannot tell the file from a new one, it stays.
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Refuse a target that is a link, a file, or a folder with content minhbach did not write.
fn check_target(target: &Path) -> Result<(), WriteError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::Io(target.to_path_buf(), e)),
    };
    if meta.file_type().is_symlink() {
        return Err(WriteError::Symlink(target.to_path_buf()));
    }
    if !meta.is_dir() {
        return Err(WriteError::NotAFolder(target.to_path_buf()));
    }
    let is_empty = fs::read_dir(target)
        .map_err(io_error(target))?
        .next()
        .is_none();
    if !is_empty && !target.join(MARKER).is_file() {
        return Err(WriteError::NotOurs(target.to_path_buf()));
    }
    Ok(())
}

/// Whether `entry` is the staging or previous-site folder of a build of `name`:
/// `.NAME.minhbach-new-PID` or `.NAME.minhbach-old-PID`, the PID in digits.
fn is_debris(entry: &str, name: &str) -> bool {
    let Some(rest) = entry
        .strip_prefix('.')
        .and_then(|e| e.strip_prefix(name))
        .and_then(|e| e.strip_prefix(".minhbach-"))
    else {
        return false;
    };
    let Some(pid) = rest
        .strip_prefix("new-")
        .or_else(|| rest.strip_prefix("old-"))
    else {
        return false;
    };
    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
}

/// Remove the folders killed builds of `name` left in `parent`. Called with the lock held: no
/// build that is still running has one.
fn remove_debris(parent: &Path, name: &str) -> Result<(), WriteError> {
    let entries = fs::read_dir(parent).map_err(io_error(parent))?;
    for entry in entries {
        let entry = entry.map_err(io_error(parent))?;
        let matches = entry
            .file_name()
            .to_str()
            .is_some_and(|e| is_debris(e, name));
        if !matches {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow links: a link named like debris is removed, not followed.
        let removed = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
            Ok(_) => fs::remove_file(&path),
            Err(e) => Err(e),
        };
        match removed {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(WriteError::Debris(path, e)),
        }
    }
    Ok(())
}

/// Swap the folders `a` and `b` in one step. `Ok(false)` when the system or filesystem cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Old kernels (ENOSYS), filesystems without exchange (EINVAL, e.g. NFS; ENOTSUP).
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&e) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Swap the folders `a` and `b` in one step. `Ok(false)` when the system or filesystem cannot.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The switch where there is no exchange: the previous site to `previous`, the new one in,
/// the previous one removed. On failure the previous site is put back.
fn two_renames(staging: &Path, target: &Path, previous: &Path) -> io::Result<()> {
    fs::rename(target, previous)?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(previous, target);
        return Err(e);
    }
    let _ = remove_tree(previous);
    Ok(())
}

/// Remove the folder `dir` and everything in it, as `fs::remove_dir_all` does (a link is
/// removed, never followed), its files by the pool's workers at once: removing a previous
/// national site (28,000 files, 4.9 GB in tmpfs) one file after another took 0.8–1 s of one
/// core, most of it the system freeing the files' memory.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut folders = Vec::new();
    // Each folder after what it holds; links are not followed.
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        match entry.file_type().is_dir() {
            true => folders.push(entry.into_path()),
            false => files.push(entry.into_path()),
        }
    }
    files
        .par_iter()
        .try_for_each(|f| match fs::remove_file(f) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        })?;
    folders.iter().try_for_each(fs::remove_dir)
}

/// Write every byte of `pieces` to `file`, as many pieces a call as the system takes.
fn write_all_vectored(file: &mut fs::File, pieces: &[&[u8]]) -> io::Result<()> {
    use io::{IoSlice, Write};
    // At most this many slices a call (Linux's IOV_MAX).
    const AT_ONCE: usize = 1024;
    for batch in pieces.chunks(AT_ONCE) {
        let mut slices: Vec<IoSlice> = batch
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| IoSlice::new(p))
            .collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match file.write_vectored(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of folders, files and links, one of them to a file outside it and one to a
    /// folder outside it: all of it goes, and what the links lead to stays.
    #[test]
    #[cfg(unix)]
    fn a_tree_is_removed_without_following_its_links() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let outside = tmp.path().join("outside");
        fs::create_dir_all(outside.join("kept"))?;
        fs::write(outside.join("kept/file"), "kept")?;
        let tree = tmp.path().join("tree");
        for i in 0..50 {
            let folder = tree.join(format!("a{}/b{}", i % 5, i % 3));
            fs::create_dir_all(&folder)?;
            fs::write(folder.join(format!("f{i}.html")), format!("file {i}"))?;
        }
        fs::create_dir_all(tree.join("empty/inner"))?;
        std::os::unix::fs::symlink(outside.join("kept/file"), tree.join("a1/to-file"))?;
        std::os::unix::fs::symlink(outside.join("kept"), tree.join("a2/to-folder"))?;
        remove_tree(&tree)?;
        assert!(
            fs::symlink_metadata(&tree).is_err(),
            "the tree is still there"
        );
        assert_eq!(fs::read_to_string(outside.join("kept/file"))?, "kept");
        Ok(())
    }

    /// More pieces than one system call takes, empty ones among them: the file is every byte
    /// of them in order.
    #[test]
    fn a_file_of_many_pieces_is_their_bytes_in_order() -> io::Result<()> {
        let texts: Vec<String> = (0..3000)
            .map(|i| match i % 7 {
                0 => String::new(),
                _ => format!("piece {i};"),
            })
            .collect();
        let pieces: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("file");
        let mut file = fs::File::create(&path)?;
        write_all_vectored(&mut file, &pieces)?;
        drop(file);
        assert_eq!(fs::read(&path)?, pieces.concat());
        Ok(())
    }

    #[test]
    fn only_staging_and_previous_folders_of_this_output_are_debris() {
        for (entry, debris) in [
            (".public.minhbach-new-123", true),
            (".public.minhbach-old-9", true),
            (".public.minhbach.lock", false),
            (".public.minhbach-new-", false),
            (".public.minhbach-new-12x", false),
            (".public.minhbach-newer-1", false),
            (".public-2.minhbach-new-1", false),
            (".other.minhbach-new-1", false),
            ("public", false),
            ("public.minhbach-new-1", false),
        ] {
            assert_eq!(is_debris(entry, "public"), debris, "{entry}");
        }
    }

    /// On Linux the switch is the exchange itself, not the two-rename fallback: the output is
    /// never missing. (A filesystem without it, e.g. NFS, would fail here, not in use.)
    #[cfg(target_os = "linux")]
    #[test]
    fn the_switch_is_one_exchange_on_linux() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a)?;
        fs::write(a.join("index.html"), "new")?;
        fs::create_dir(&b)?;
        fs::write(b.join("index.html"), "old")?;
        assert!(
            exchange(&a, &b)?,
            "renameat2(RENAME_EXCHANGE) was not available"
        );
        assert_eq!(fs::read_to_string(b.join("index.html"))?, "new");
        assert_eq!(fs::read_to_string(a.join("index.html"))?, "old");
        Ok(())
    }

    /// The switch used where the filesystem cannot exchange still replaces the site and
    /// leaves nothing behind.
    #[test]
    fn two_renames_replace_the_site() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let (staging, target, previous) = (
            tmp.path().join(".out.minhbach-new-1"),
            tmp.path().join("out"),
            tmp.path().join(".out.minhbach-old-1"),
        );
        fs::create_dir(&staging)?;
        fs::write(staging.join("index.html"), "new")?;
        fs::create_dir(&target)?;
        fs::write(target.join("index.html"), "old")?;
        two_renames(&staging, &target, &previous)?;
        assert_eq!(fs::read_to_string(target.join("index.html"))?, "new");
        let left: Vec<_> = fs::read_dir(tmp.path())?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?;
        assert_eq!(left, ["out"]);
        Ok(())
    }
}
