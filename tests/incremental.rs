//! `serve`'s rebuild after an edit (`Preview::rebuild`): an edit to a Markdown body alone
//! re-renders only the pages that show it, and gives exactly what a whole build gives; any
//! problem gets the same diagnostics as `check`; anything else rebuilds the whole site.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::site_from;
use minhbach::output::Files;
use minhbach::serve::{Outcome, Preview};
use minhbach::{BuildError, BuildOptions};
use std::path::Path;

const REPORT: &str = "content/reports/alpha/2025-04.md";

fn first_build(root: &Path) -> (Preview, usize) {
    let (preview, outcome) =
        Preview::build(root, &BuildOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
    (preview, outcome.pages)
}

fn append(root: &Path, rel: &str, text: &str) -> String {
    let path = root.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{original}\n{text}\n")).unwrap();
    original
}

/// The files of a whole build from scratch, downloads included, for comparison.
fn whole_build(root: &Path) -> Files {
    let (preview, _) =
        Preview::build(root, &BuildOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
    with_downloads(&preview)
}

/// The preview's files, its data downloads and its search index, each made as a request
/// would make it.
fn with_downloads(preview: &Preview) -> Files {
    let mut files = (**preview.files()).clone();
    let search = preview.search().files().unwrap_or_else(|e| panic!("{e}"));
    assert!(!search.is_empty(), "no search index");
    for (name, bytes) in search.iter() {
        let held = files.insert(name.clone(), bytes.clone());
        assert!(held.is_none(), "{name} is held in memory");
    }
    let downloads = preview.downloads();
    for name in downloads.all_names() {
        assert!(!files.contains_key(&name), "{name} is held in memory");
        let bytes = downloads
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is named but not made"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        files.insert(name, bytes);
    }
    files
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

/// Whether `outcome` is a whole rebuild (the site read and checked again), not the fast path.
/// A whole rebuild still takes the pages made from unchanged inputs from the last build.
fn whole(outcome: &Outcome) -> bool {
    outcome
        .timings
        .iter()
        .any(|(step, _)| *step == "load and validate")
}

/// serve's rebuild after `changed` was edited.
fn after_edit(root: &Path, preview: &mut Preview, changed: &[&str]) -> Result<Outcome, BuildError> {
    let changed: Vec<String> = changed.iter().map(|c| c.to_string()).collect();
    preview.rebuild(root, &BuildOptions::default(), &changed)
}

fn invalid(result: Result<Outcome, BuildError>) -> minhbach::Checked {
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
    let (mut preview, pages) = first_build(root);
    append(
        root,
        REPORT,
        "## Cập nhật\n\nThêm một câu, với số liệu {{ value(indicator=\"online-rate\") }}.",
    );
    let changed = [REPORT];
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    // The report in both languages (the English page falls back to this narrative).
    assert_eq!(next.rendered_pages, 2, "{} of {pages}", next.rendered_pages);
    assert_eq!(next.pages, pages);
    let html =
        String::from_utf8(preview.files()["reports/alpha/2025-04/index.html"].to_vec()).unwrap();
    assert!(html.contains("Cập nhật"), "the edit is not on the page");
    assert_same_files(&with_downloads(&preview), &whole_build(root));
}

#[test]
fn an_unknown_figure_in_an_edit_gets_the_diagnostic_of_check() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    let original = append(root, REPORT, "Sai: {{ value(indicator=\"khong-co\") }}");
    let changed = [REPORT];
    let checked = invalid(after_edit(root, &mut preview, &changed));
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("khong-co"))
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    assert_eq!(d.file, REPORT);
    assert_eq!(d.position.map(|p| p.line), Some(8), "{d:?}");

    // Fixed: the cache the failed rebuild left still serves the fast path.
    std::fs::write(root.join(REPORT), format!("{original}\nĐã sửa.\n")).unwrap();
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(next.rendered_pages, 2);
    assert_same_files(&with_downloads(&preview), &whole_build(root));
}

/// A figure of the report typed by hand is a warning of `check` (`typed-figure`): the fast path,
/// which keeps the last whole build's warnings, leaves the edit that adds it, and the one that
/// removes it, to a whole build, so that serve warns exactly as `check` does.
#[test]
fn a_typed_figure_in_an_edit_gets_the_warning_of_check() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    let original = append(root, REPORT, "Có 300 hồ sơ nộp trực tuyến.");
    let changed = [REPORT];
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(whole(&next), "the fast path kept the old warnings");
    assert!(
        next.warnings.iter().any(|d| d.code == "typed-figure"),
        "{:?}",
        next.warnings.iter().map(|d| d.code).collect::<Vec<_>>()
    );
    std::fs::write(root.join(REPORT), &original).unwrap();
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(whole(&next));
    assert!(!next.warnings.iter().any(|d| d.code == "typed-figure"));
}

#[test]
fn a_broken_link_in_an_edit_is_reported_and_undoing_it_restores_the_site() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    let files = std::sync::Arc::clone(preview.files());
    let original = append(root, REPORT, "[Trang không có](/test/khong-co/)");
    let changed = [REPORT];
    let checked = invalid(after_edit(root, &mut preview, &changed));
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == "broken-link" && d.message.contains("/test/khong-co/")),
        "{:?}",
        checked.diagnostics
    );

    std::fs::write(root.join(REPORT), &original).unwrap();
    after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_same_files(preview.files(), &files);
}

#[test]
fn a_front_matter_edit_rebuilds_the_whole_site() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    let path = root.join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("tháng 4/2025", "tháng Tư năm 2025")).unwrap();
    let changed = [REPORT];
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(whole(&next));
    assert_same_files(&with_downloads(&preview), &whole_build(root));
}

#[test]
fn an_editor_s_temporary_file_does_not_stop_the_fast_path() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    append(root, REPORT, "Một câu nữa.");
    // Created and removed while saving: named by the watcher, gone from the disk.
    let changed = ["content/reports/alpha/.2025-04.md.swp", REPORT];
    let next = after_edit(root, &mut preview, &changed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(next.rendered_pages, 2);
    assert_same_files(&with_downloads(&preview), &whole_build(root));
}

/// Another page links to a heading of the edited page: renaming the heading breaks that
/// link, which a whole build reports, so the fast rebuild must report it too (it re-checked
/// only the pages it rendered again).
#[test]
fn renaming_a_heading_another_page_links_to_is_refused_as_by_build() {
    let site = site_from(&["build"]);
    let root = site.path();
    append(
        root,
        "content/about.md",
        "Xem [phần cập nhật](/reports/alpha/2025-04/#h-cap-nhat).",
    );
    append(root, REPORT, "## Cập nhật\n\nMột đoạn.");
    let (mut preview, _) = first_build(root);
    let path = root.join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Cập nhật", "## Đã đổi tên")).unwrap();

    let out = tempfile::tempdir().unwrap();
    let built = minhbach::build(
        root,
        &BuildOptions {
            output: Some(out.path().join("public")),
            base_url: None,
            no_cache: false,
        },
    );
    let by_build = invalid(built.map(|_| Outcome {
        pages: 0,
        rendered_pages: 0,
        taken_pages: Vec::new(),
        timings: Vec::new(),
        warnings: Default::default(),
    }));
    let fast = invalid(after_edit(root, &mut preview, &[REPORT]));
    for checked in [&by_build, &fast] {
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.code == "broken-link" && d.message.contains("#h-cap-nhat")),
            "{:?}",
            checked.diagnostics
        );
    }
}

/// A link that an edit to a Markdown body added is noted too: renaming, in a later edit, the
/// heading it points at is refused as `build` refuses it.
#[test]
fn renaming_a_heading_that_an_earlier_edit_linked_to_is_refused() {
    let site = site_from(&["build"]);
    let root = site.path();
    append(root, REPORT, "## Cập nhật\n\nMột đoạn.");
    let (mut preview, _) = first_build(root);
    append(
        root,
        "content/about.md",
        "Xem [phần cập nhật](/reports/alpha/2025-04/#h-cap-nhat).",
    );
    let added = after_edit(root, &mut preview, &["content/about.md"]).unwrap();
    assert!(!whole(&added), "a body edit takes the fast path");
    let path = root.join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Cập nhật", "## Đã đổi tên")).unwrap();
    let fast = invalid(after_edit(root, &mut preview, &[REPORT]));
    assert!(
        fast.diagnostics
            .iter()
            .any(|d| d.code == "broken-link" && d.message.contains("#h-cap-nhat")),
        "{:?}",
        fast.diagnostics
    );
}

/// The preview holds no data download after a build, and makes each one, when asked, with
/// the bytes `build` writes: every file `build` writes under `data/` is either a download the
/// preview names or a page it holds.
#[test]
fn the_preview_holds_no_download_and_makes_each_as_build_writes_it() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (preview, _) = first_build(root);
    let names = preview.downloads().all_names();
    assert!(
        names.contains(&"data/all-data.zip".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"data/provinces/alpha.xlsx".to_string()),
        "{names:?}"
    );
    let held: Vec<&String> = preview
        .files()
        .keys()
        .filter(|f| names.contains(f) || f.ends_with(".csv") || f.ends_with(".zip"))
        .collect();
    assert!(held.is_empty(), "the preview holds downloads: {held:?}");

    let out = tempfile::tempdir().unwrap();
    minhbach::build(
        root,
        &BuildOptions {
            output: Some(out.path().join("public")),
            base_url: None,
            no_cache: false,
        },
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let built = common::read_tree(&out.path().join("public"));
    let served = with_downloads(&preview);
    for (file, bytes) in built.iter().filter(|(f, _)| f.starts_with("data/")) {
        let made = served
            .get(file)
            .unwrap_or_else(|| panic!("{file} is built but not served"));
        assert!(**made == **bytes, "{file} served differs from build");
    }
    for name in &names {
        assert!(built.contains_key(name), "{name} is named but not built");
    }
    assert!(preview.downloads().get("data/nothing.csv").is_none());
}

#[test]
fn the_search_index_is_made_when_asked_for_as_build_writes_it_and_again_after_an_edit() {
    let site = site_from(&["build"]);
    let root = site.path();
    let (mut preview, _) = first_build(root);
    let held: Vec<&String> = preview
        .files()
        .keys()
        .filter(|f| minhbach::serve::SearchOnDemand::holds(f))
        .collect();
    assert!(
        held.is_empty(),
        "the preview holds the search index: {held:?}"
    );
    assert!(!preview.search().is_made(), "made before anyone asked");

    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    minhbach::build(root, &options).unwrap_or_else(|e| panic!("{e:?}"));
    let built = common::read_tree(&out.path().join("public"));
    let bundle: Vec<&String> = built
        .keys()
        .filter(|f| f.starts_with("pagefind/"))
        .collect();
    assert!(bundle.len() > 3, "{bundle:?}");
    for file in &bundle {
        let served = preview
            .search()
            .get(file)
            .unwrap_or_else(|| panic!("{file} is built but not served"))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(*served == *built[*file], "{file} served differs from build");
    }
    assert_eq!(preview.search().files().unwrap().len(), bundle.len());
    assert!(preview.search().get("pagefind/nothing.js").is_none());

    // A report's record quotes the opening of its narrative: after an edit to one, the
    // search index is made again when asked for, the same as a whole build's.
    let first = std::sync::Arc::clone(preview.search());
    append(root, REPORT, "Một câu mới: tìm-thấy-tôi.");
    after_edit(root, &mut preview, &[REPORT]).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!std::sync::Arc::ptr_eq(&first, preview.search()));
    assert!(!preview.search().is_made());
    let served = preview.search().files().unwrap();
    assert!(
        served
            .iter()
            .zip(first.files().unwrap().iter())
            .any(|(a, b)| a != b),
        "the edit changed nothing in the search index"
    );
    assert_same_files(&with_downloads(&preview), &whole_build(root));
}
