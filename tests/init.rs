//! `minhbach init` and `minhbach new report`, as a new publisher would use them.

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

#[test]
fn new_report_fills_in_the_front_matter_and_refuses_mistakes() {
    let site = common::site_from(&["build"]);
    let root = site.path().to_string_lossy().into_owned();
    let (out, err, code) = run(&["new", "report", "alpha", "2025-05", "--root", &root]);
    assert_eq!(code, 0, "{out}{err}");
    let text =
        std::fs::read_to_string(site.path().join("content/reports/alpha/2025-05.md")).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle: \"Tỉnh Alpha, tháng 5/2025\"\nprovince: alpha\nperiod: \"2025-05\"\n"
        ),
        "{text}"
    );
    assert!(text.contains("draft: true"));
    // The draft is checked (its front matter is valid) but not published.
    let (out, _, code) = common::check(site.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let (_, _, code) = run(&["new", "report", "alpha", "2025-05", "--root", &root]);
    assert_eq!(code, 1, "an existing narrative is never overwritten");

    let (_, err, code) = run(&["new", "report", "alpah", "2025-05", "--root", &root]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `alpha`?"), "{err}");
    let (_, err, code) = run(&["new", "report", "alpha", "05/2025", "--root", &root]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a period"), "{err}");
}

/// A narrative for a period the unit did not live through is refused, naming the unit to
/// write it for; a period inside the lifetime is accepted (the test above).
#[test]
fn new_report_refuses_a_period_outside_the_units_lifetime() {
    let site = common::site_from(&["build"]);
    let root = site.path().to_string_lossy().into_owned();
    let (out, err, code) = run(&["new", "report", "alpha", "2025-07", "--root", &root]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("`alpha` ended on 2025-06-30 (`valid_to`), before the end of 2025-07; from 2025-07-01 it is part of `beta`: minhbach new report beta 2025-07"),
        "{err}"
    );
    assert!(!site
        .path()
        .join("content/reports/alpha/2025-07.md")
        .exists());
    let (out, err, code) = run(&["new", "report", "beta", "2025-06", "--root", &root]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("`beta` began on 2025-07-01 (`valid_from`), after the end of 2025-06; earlier reports belong to the units it was formed from: alpha"),
        "{err}"
    );
    let (out, err, code) = run(&["new", "report", "beta", "2025-07", "--root", &root]);
    assert_eq!(code, 0, "{out}{err}");
}
