//! `serve`'s rebuild after an edit (`render_after_edit`): an edit to a Markdown body alone
//! re-renders only the pages that show it, and gives exactly what a whole build gives; any
//! problem gets the same diagnostics as `check`; anything else rebuilds the whole site.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::site_from;
use minhbach::output::Files;
use minhbach::{render, render_after_edit, BuildError, BuildOptions, Cache};
use std::path::Path;
use std::sync::Arc;

const REPORT: &str = "content/reports/alpha/2025-04.md";

fn first_build(root: &Path) -> (Cache, Arc<Files>, usize) {
    let r = render(root, &BuildOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
    (r.cache, Arc::new(r.files), r.pages)
}

fn append(root: &Path, rel: &str, text: &str) -> String {
    let path = root.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{original}\n{text}\n")).unwrap();
    original
}

/// The files of a whole build from scratch, for comparison.
fn whole_build(root: &Path) -> Files {
    render(root, &BuildOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"))
        .files
}

fn assert_same_files(a: &Files, b: &Files) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "not the same files"
    );
    for (path, bytes) in a {
        assert!(b[path] == *bytes, "{path} differs from a whole build");
    }
}

/// serve's rebuild after `changed` was edited.
fn after_edit(
    root: &Path,
    cache: &mut Cache,
    files: &Arc<Files>,
    changed: &[&str],
) -> Result<minhbach::Rendered, BuildError> {
    let changed: Vec<String> = changed.iter().map(|c| c.to_string()).collect();
    render_after_edit(
        root,
        &BuildOptions::default(),
        Some((cache, files)),
        &changed,
    )
}

fn invalid(result: Result<minhbach::Rendered, BuildError>) -> minhbach::Checked {
    match result {
        Err(BuildError::Invalid(checked)) => *checked,
        Err(e) => panic!("expected diagnostics, got {e:?}"),
        Ok(_) => panic!("expected diagnostics, the build succeeded"),
    }
}

#[test]
fn a_body_edit_re_renders_only_its_pages_and_matches_a_whole_build() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut cache, files, pages) = first_build(root);
    append(
        root,
        REPORT,
        "## Cập nhật\n\nThêm một câu, với số liệu {{ value(indicator=\"online-rate\") }}.",
    );
    let changed = [REPORT];
    let next = after_edit(root, &mut cache, &files, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    // The report in both languages (the English page falls back to this narrative).
    assert_eq!(next.rendered_pages, 2, "{} of {pages}", next.rendered_pages);
    assert_eq!(next.pages, pages);
    let html = String::from_utf8(next.files["reports/alpha/2025-04/index.html"].to_vec()).unwrap();
    assert!(html.contains("Cập nhật"), "the edit is not on the page");
    assert_same_files(&next.files, &whole_build(root));
}

#[test]
fn an_unknown_figure_in_an_edit_gets_the_diagnostic_of_check() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut cache, files, _) = first_build(root);
    let original = append(root, REPORT, "Sai: {{ value(indicator=\"khong-co\") }}");
    let changed = [REPORT];
    let checked = invalid(after_edit(root, &mut cache, &files, &changed));
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("khong-co"))
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    assert_eq!(d.file, REPORT);
    assert_eq!(d.position.map(|p| p.line), Some(8), "{d:?}");

    // Fixed: the cache the failed rebuild left still serves the fast path.
    std::fs::write(root.join(REPORT), format!("{original}\nĐã sửa.\n")).unwrap();
    let next = after_edit(root, &mut cache, &files, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(next.rendered_pages, 2);
    assert_same_files(&next.files, &whole_build(root));
}

#[test]
fn a_broken_link_in_an_edit_is_reported_and_undoing_it_restores_the_site() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut cache, files, _) = first_build(root);
    let original = append(root, REPORT, "[Trang không có](/test/khong-co/)");
    let changed = [REPORT];
    let checked = invalid(after_edit(root, &mut cache, &files, &changed));
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == "broken-link" && d.message.contains("/test/khong-co/")),
        "{:?}",
        checked.diagnostics
    );

    std::fs::write(root.join(REPORT), &original).unwrap();
    let next = after_edit(root, &mut cache, &files, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_same_files(&next.files, &files);
}

#[test]
fn a_front_matter_edit_rebuilds_every_page() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut cache, files, pages) = first_build(root);
    let path = root.join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("tháng 4/2025", "tháng Tư năm 2025")).unwrap();
    let changed = [REPORT];
    let next = after_edit(root, &mut cache, &files, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(next.rendered_pages, pages);
    assert_same_files(&next.files, &whole_build(root));
}

#[test]
fn an_editor_s_temporary_file_does_not_stop_the_fast_path() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut cache, files, _) = first_build(root);
    append(root, REPORT, "Một câu nữa.");
    // Created and removed while saving: named by the watcher, gone from the disk.
    let changed = ["content/reports/alpha/.2025-04.md.swp", REPORT];
    let next = after_edit(root, &mut cache, &files, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(next.rendered_pages, 2);
    assert_same_files(&next.files, &whole_build(root));
}
