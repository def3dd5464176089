//! The contents list of a long page (issue 19) names exactly the sections the page renders, in
//! their order: the province pages, the indicator pages and list, the tasks and Data pages of
//! the example site, in both languages. The pages render their sections from the same list
//! their contents link to; this checks the written pages, so a template that renders a section
//! outside that list, or a contents partial that drops one, fails here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, main_of, read_tree, start_tags};
use std::path::Path;

/// The link targets of the page's contents list, in order (nested groups after their section);
/// `None` without a contents list.
fn contents_of(main: &str) -> Option<Vec<String>> {
    let start = main.find("<nav class=\"contents\"")?;
    let end = start
        + main[start..]
            .find("</nav>")
            .expect("a closed contents list");
    let links = start_tags(&main[start..end])
        .into_iter()
        .filter(|t| t.name == "a")
        .map(|t| {
            let href = attr(&t, "href");
            href.strip_prefix('#')
                .unwrap_or_else(|| panic!("a contents link outside the page: {href}"))
                .to_string()
        })
        .collect();
    Some(links)
}

/// The headings of the sections the page renders (the `aria-labelledby` of each `<section>`
/// of `<main>`, nested ones included), in order, leaving out the contents list itself.
fn sections_of(main: &str) -> Vec<String> {
    let without_contents = match main.find("<nav class=\"contents\"") {
        Some(start) => {
            let end = start
                + main[start..]
                    .find("</nav>")
                    .expect("a closed contents list");
            [&main[..start], &main[end..]].concat()
        }
        None => main.to_string(),
    };
    start_tags(&without_contents)
        .into_iter()
        .filter(|t| t.name == "section")
        .map(|t| attr(&t, "aria-labelledby"))
        .collect()
}

fn attr(tag: &common::StartTag, name: &str) -> String {
    tag.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {name} in {}", tag.raw))
}

#[test]
fn each_long_page_lists_exactly_the_sections_it_renders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (_, stderr, code) = build(root, &tmp.path().join("public"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let files = read_tree(&tmp.path().join("public"));
    let long_page = |path: &str| {
        let bare = path.strip_prefix("en/").unwrap_or(path);
        bare.starts_with("indicators/")
            || bare == "tasks/index.html"
            || bare == "data/index.html"
            || (bare.starts_with("provinces/") && bare != "provinces/index.html")
    };
    let mut with_contents = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| long_page(p)) {
        let main = main_of(&String::from_utf8_lossy(bytes));
        let sections = sections_of(&main);
        match contents_of(&main) {
            Some(contents) => {
                assert_eq!(contents, sections, "{path}: contents ≠ sections");
                with_contents.push(path.clone());
            }
            // A page of one or two sections needs no contents.
            None => assert!(sections.len() < 3, "{path}: no contents for {sections:?}"),
        }
    }
    for path in [
        "provinces/binh-dinh/index.html",
        "en/provinces/binh-dinh/index.html",
        "provinces/dong-thap/index.html",
        "indicators/index.html",
        "en/indicators/index.html",
        "data/index.html",
        "en/data/index.html",
    ] {
        assert!(
            with_contents.iter().any(|p| p == path),
            "{path} has no contents list"
        );
    }
    // Bình Định's page: key figures first, every indicator group listed under "all".
    let bd = main_of(&String::from_utf8_lossy(
        &files["provinces/binh-dinh/index.html"],
    ));
    let contents = contents_of(&bd).unwrap();
    assert_eq!(contents[0], "key", "{contents:?}");
    let groups = contents.iter().filter(|id| id.starts_with("g-")).count();
    assert!(groups >= 5, "{contents:?}");
}
