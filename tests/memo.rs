//! The memo of parsed files (`src/load/memo.rs`): a file taken from the memo gives the same
//! site and the same diagnostics as the file parsed, and a file that changed is parsed again.
//!
//! Every fixture site is checked three ways: without a memo, filling an empty one, and from
//! the memo that filled (every file that parsed whole then comes from the memo). The validated
//! site and every diagnostic, in both languages, must be the same. Through the binary, an
//! edit after a `check` must be seen by the next one, and a damaged memo must be ignored.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use minhbach::load::memo::Memo;
use minhbach::model::Lang;
use std::path::Path;

/// What a check said and made, as text: the site's debug form and every diagnostic.
fn outcome(root: &Path, memo: &Memo) -> (String, String, String) {
    let checked = minhbach::check_with(root, memo).expect("the site reads");
    (
        format!("{:?}", checked.site),
        checked.diagnostics.render_all(&checked.sources, Lang::En),
        checked.diagnostics.render_all(&checked.sources, Lang::Vi),
    )
}

fn assert_same_from_memo(root: &Path, name: &str) -> usize {
    let plain = outcome(root, &Memo::none());
    let filling = Memo::empty();
    let first = outcome(root, &filling);
    let (_, kept) = filling.counts();
    let warm = Memo::from_bytes(filling.to_bytes(b"test"), b"test");
    let second = outcome(root, &warm);
    let (taken, parsed) = warm.counts();
    assert_eq!(
        (taken, parsed),
        (kept, 0),
        "{name}: every file kept is taken back, none parsed again"
    );
    assert!(
        first == plain,
        "{name}: filling the memo changed the outcome"
    );
    assert!(
        second.1 == plain.1,
        "{name}: diagnostics from the memo differ:\n{}\n---\n{}",
        second.1,
        plain.1
    );
    assert!(second.2 == plain.2, "{name}: Vietnamese diagnostics differ");
    assert!(
        second.0 == plain.0,
        "{name}: the site from the memo differs"
    );
    taken
}

#[test]
fn every_fixture_site_is_the_same_from_the_memo() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let taken = assert_same_from_memo(example, "example");
    assert!(
        taken > 10,
        "the example site's files came from the memo: {taken}"
    );
    let fixtures = common::fixtures();
    let mut overlays: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "invalid" {
            for inner in std::fs::read_dir(fixtures.join("invalid")).unwrap() {
                let inner = inner.unwrap().file_name().to_string_lossy().into_owned();
                overlays.push(format!("invalid/{inner}"));
            }
        } else if name != "base" {
            overlays.push(name);
        }
    }
    overlays.sort();
    assert!(overlays.len() > 90, "{overlays:?}");
    let base = common::site_from(&[]);
    let mut taken = assert_same_from_memo(base.path(), "base");
    for overlay in &overlays {
        let site = common::site_from(&[overlay]);
        taken += assert_same_from_memo(site.path(), overlay);
    }
    assert!(
        taken > 100,
        "the fixtures' files came from the memo: {taken}"
    );
}

#[test]
fn an_edit_after_check_is_seen_and_a_damaged_memo_is_ignored() {
    let site = common::site_from(&[]);
    let root = site.path();
    let (clean, _, code) = common::check(root, &[]);
    assert_eq!(code, 0, "{clean}");
    let memo = root.join(".minhbach-cache/parsed-files.memo");
    assert!(memo.is_file(), "check keeps its memo");
    let ignore = std::fs::read_to_string(root.join(".minhbach-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    // The same answer from the memo, which was read whole: a memo that could not be read
    // would be written again (a new file, by a rename).
    let written = std::fs::read(&memo).unwrap();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&memo).unwrap());
    assert_eq!(common::check(root, &[]).0, clean);
    assert_eq!(std::fs::read(&memo).unwrap(), written);
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&memo).unwrap()),
        inode,
        "a memo read back whole is not written again"
    );

    // A figure made negative in one province file: the next check reads that file again.
    let provinces = root.join("data/provinces");
    let mut edited = false;
    for entry in walkdir::WalkDir::new(&provinces).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || edited {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let Some(at) = text.find("value: ") else {
            continue;
        };
        let mut changed = text.clone();
        changed.insert(at + "value: ".len(), '-');
        std::fs::write(entry.path(), changed).unwrap();
        edited = true;
    }
    assert!(edited, "a province file has a `value:`");
    let (after, _, code) = common::check(root, &[]);
    let (plain, _, plain_code) = common::check(root, &["--no-cache"]);
    assert_eq!(after, plain);
    assert_eq!(code, plain_code);
    assert_ne!(after, clean, "the edit is seen");

    // A memo with one byte changed is not read; the answer is the same.
    let mut bytes = std::fs::read(&memo).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&memo, &bytes).unwrap();
    assert_eq!(common::check(root, &[]).0, plain);
    // `--no-cache` neither reads nor writes it.
    std::fs::remove_dir_all(root.join(".minhbach-cache")).unwrap();
    common::check(root, &["--no-cache"]);
    assert!(!root.join(".minhbach-cache").exists());
}

/// A `.minhbach-cache` that is a symbolic link (a site's files can hold one) is neither read
/// nor written: the folder it leads to stays as it was.
#[cfg(unix)]
#[test]
fn a_linked_cache_folder_is_not_followed() {
    let site = common::site_from(&[]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join(".minhbach-cache")).unwrap();
    let (out, _, code) = common::check(site.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let written: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
    assert!(written.is_empty(), "{written:?}");
}
