//! `minhbach init`, as a new publisher would use it (`minhbach new`: tests/publisher_commands.rs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::run;

#[test]
fn init_then_build_works_in_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    let site_s = site.to_string_lossy().into_owned();
    let (out, err, code) = run(&["init", &site_s]);
    assert_eq!(code, 0, "{out}{err}");
    for file in [
        "site.yaml",
        "data/indicators.yaml",
        "data/provinces/dong-thap.yaml",
        "content/reports/dong-thap/2025-04.md",
        "README.md",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let (out, err, code) = common::check(&site, &[]);
    assert_eq!(code, 0, "{out}{err}");
    // The starter cannot know who publishes the site: check says so, once per missing part.
    assert_eq!(out.matches("[missing-site-info]").count(), 3, "{out}{err}");
    let public = site.join("public");
    let (_, err, code) = common::build(&site, &public, &[]);
    assert_eq!(code, 0, "{err}");
    let report =
        std::fs::read_to_string(public.join("reports/dong-thap/2025-04/index.html")).unwrap();
    assert!(
        report.contains("73,72 %"),
        "the starter's live figure is rendered"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let (_, err, code) = run(&["init", &dir.path().to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(!dir.path().join("site.yaml").exists());
}
