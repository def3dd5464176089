//! Shared helpers for the integration tests: copy a fixture site to a temporary folder and run
//! the real `minhbach` binary on it, as a user would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copy `from` into `to`, overwriting files that exist (fixtures overlay the base site).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("walking {}: {e}", from.display()));
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or_else(|e| panic!("{e}"));
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        }
    }
}

/// A temporary site made of the base fixture with `overlay` (a folder under
/// `tests/fixtures/invalid/`) copied over it.
pub fn site_with(overlay: Option<&str>) -> tempfile::TempDir {
    let overlays: Vec<String> = overlay
        .map(|o| format!("invalid/{o}"))
        .into_iter()
        .collect();
    site_from(&overlays.iter().map(String::as_str).collect::<Vec<_>>())
}

/// A temporary site: the base fixture with each overlay (a folder under `tests/fixtures/`)
/// copied over it in order.
pub fn site_from(overlays: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    copy_tree(&fixtures().join("base"), dir.path());
    for name in overlays {
        let path = fixtures().join(name);
        assert!(path.is_dir(), "missing fixture {}", path.display());
        copy_tree(&path, dir.path());
    }
    dir
}

/// `minhbach build --root <root> --output <out> <extra>`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["build", "--root", root.as_str(), "--output", out.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}

/// Every file under `dir`, path → bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or_else(|err| panic!("{err}"));
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (rel.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// The `<main>…</main>` of an HTML page: what a reader came for, without the shared chrome.
pub fn main_of(html: &str) -> String {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in:\n{html}"));
    let end = html
        .find("</main>")
        .map(|e| e + "</main>".len())
        .unwrap_or(html.len());
    html[start..end].to_string()
}

/// Run `minhbach <args>`; returns stdout, stderr and the exit code.
pub fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running minhbach: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `minhbach check --root <root> <extra>`.
pub fn check(root: &Path, extra: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", root.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}
