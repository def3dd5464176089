//! `check` must never panic, whatever the input: the real example files are truncated and
//! corrupted at many places, and every variant must come back as diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

/// Copy the example site's inputs (not its output or the code) into a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["data", "content"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        common::copy_tree(&root.join(sub), &dir.path().join(sub));
    }
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

#[test]
fn corrupted_real_files_give_diagnostics_never_a_panic() {
    let site = example_copy();
    let targets = [
        "site.yaml",
        "data/dimensions.yaml",
        "data/provinces/an-giang.yaml",
        "content/reports/dong-thap/2025-04.md",
    ];
    let mut variants = 0;
    for rel in targets {
        let path = site.path().join(rel);
        let original = std::fs::read(&path).unwrap();
        let step = (original.len() / 16).max(1);
        for cut in (0..original.len()).step_by(step) {
            let mutations: [Vec<u8>; 4] = [
                original[..cut].to_vec(),
                splice(&original, cut, b":"),
                splice(&original, cut, b"\n- [\"{{"),
                splice(&original, cut, &[0xff, 0xfe, b'\t']),
            ];
            for (kind, bytes) in mutations.iter().enumerate() {
                std::fs::write(&path, bytes).unwrap();
                let checked =
                    minhbach::check(site.path()).unwrap_or_else(|e| panic!("{rel} at {cut}: {e}"));
                // An intact prefix may be valid; bytes that are not UTF-8 never are, and the
                // error names this file. Whatever is said is said in Vietnamese too.
                if kind == 3 {
                    assert!(
                        checked.diagnostics.iter().any(|d| d.code == "invalid-utf8"
                            && d.file == rel
                            && d.position.is_some()),
                        "{rel} at {cut}: no located invalid-utf8 error"
                    );
                }
                for d in checked.diagnostics.iter() {
                    assert!(
                        d.message_vi.is_some() && (d.help.is_none() || d.help_vi.is_some()),
                        "{rel} at {cut}: no Vietnamese for {d:?}"
                    );
                }
                variants += 1;
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
    assert!(variants > 200, "only {variants} variants");
    assert!(
        !minhbach::check(site.path())
            .unwrap()
            .diagnostics
            .has_errors(),
        "restored site must be valid again"
    );
}

fn splice(original: &[u8], at: usize, insert: &[u8]) -> Vec<u8> {
    let mut v = original[..at].to_vec();
    v.extend_from_slice(insert);
    v.extend_from_slice(&original[at..]);
    v
}
