//! The Data page and the download links of every page, on the fixture site (SYNTHETIC data):
//! what a reader sees (snapshots of `<main>`), that each page with figures links to the files
//! of what it shows and that every such link leads to a file the build wrote, that a unit
//! without figures offers none, and that the column table lists every column of the files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, main_of, read_tree, site_from};
use std::collections::BTreeMap;

type Files = BTreeMap<String, Vec<u8>>;

fn built() -> (tempfile::TempDir, Files) {
    let site = site_from(&["build"]);
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let files = read_tree(&out);
    (site, files)
}

fn page(files: &Files, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The `href`s of the data files a page offers (links marked `download`, of the partial that
/// writes file links), with their text. A chart's own SVG download is not one of them.
fn download_links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for piece in html.split("<a ").skip(1) {
        let Some((attrs, rest)) = piece.split_once('>') else {
            continue;
        };
        let marked = attrs.split_whitespace().any(|a| a == "download");
        if !marked || !attrs.contains("class=\"file ") {
            continue;
        }
        let href = attrs
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .unwrap_or_default();
        let text = rest.split("</a>").next().unwrap_or_default();
        out.push((href.to_string(), text.to_string()));
    }
    out
}

/// The file a link of the fixture site (base path `/test/`) leads to.
fn file_of(href: &str) -> &str {
    href.strip_prefix("/test/")
        .unwrap_or_else(|| panic!("{href} is not under the base path"))
}

#[test]
fn data_page_vi() {
    let (_site, files) = built();
    insta::assert_snapshot!("data_page_vi", main_of(&page(&files, "data/index.html")));
}

#[test]
fn data_page_en() {
    let (_site, files) = built();
    insta::assert_snapshot!("data_page_en", main_of(&page(&files, "en/data/index.html")));
}

#[test]
fn every_page_with_figures_links_to_the_files_of_what_it_shows() {
    let (_site, files) = built();
    let cases: [(&str, &[&str]); 10] = [
        (
            "index.html",
            &["data/figures.csv", "data/figures.json", "data/figures.xlsx"],
        ),
        (
            "en/index.html",
            &["data/figures.csv", "data/figures.json", "data/figures.xlsx"],
        ),
        (
            "provinces/alpha/index.html",
            &[
                "data/provinces/alpha.csv",
                "data/provinces/alpha.json",
                "data/provinces/alpha.xlsx",
            ],
        ),
        (
            "en/provinces/alpha/index.html",
            &[
                "data/provinces/alpha.csv",
                "data/provinces/alpha.json",
                "data/provinces/alpha.xlsx",
            ],
        ),
        (
            "indicators/online-rate/index.html",
            &[
                "data/indicators/online-rate.csv",
                "data/indicators/online-rate.json",
            ],
        ),
        (
            "en/indicators/accounts-activated/index.html",
            &[
                "data/indicators/accounts-activated.csv",
                "data/indicators/accounts-activated.json",
            ],
        ),
        (
            "reports/alpha/2025-04/index.html",
            &[
                "data/reports/alpha/2025-04.csv",
                "data/reports/alpha/2025-04.json",
            ],
        ),
        (
            "en/reports/alpha/2025-04/index.html",
            &[
                "data/reports/alpha/2025-04.csv",
                "data/reports/alpha/2025-04.json",
            ],
        ),
        (
            "services/index.html",
            &[
                "data/indicators/online-rate.csv",
                "data/indicators/online-rate.json",
            ],
        ),
        (
            "data/index.html",
            &[
                "data/figures.csv",
                "data/figures.json",
                "data/figures.xlsx",
                "data/datapackage.json",
                "data/all-data.zip",
                "data/provinces/alpha.csv",
                "data/provinces/alpha.xlsx",
                "data/indicators/online-rate.json",
            ],
        ),
    ];
    for (path, wanted) in cases {
        let html = page(&files, path);
        let linked: Vec<String> = download_links(&html)
            .iter()
            .map(|(href, _)| file_of(href).to_string())
            .collect();
        for file in wanted {
            assert!(
                linked.iter().any(|l| l == file),
                "{path} does not link to {file}; it links to {linked:?}"
            );
        }
        // The link says which format it is.
        for (href, text) in download_links(&html) {
            let ext = href.rsplit('.').next().unwrap().to_ascii_uppercase();
            let shown = text.to_ascii_uppercase();
            assert!(
                shown.contains(&ext),
                "{path}: link to {href} reads {text:?}"
            );
        }
    }
}

#[test]
fn every_download_link_leads_to_a_file_of_the_build() {
    let (_site, files) = built();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for (href, _) in download_links(&html) {
            let file = file_of(&href);
            assert!(
                files.get(file).is_some_and(|b| !b.is_empty()),
                "{path} links to {href}, which the build did not write"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} download links on the site");
}

#[test]
fn lists_lead_to_the_data_page_and_a_unit_without_figures_offers_its_predecessors_files() {
    let (_site, files) = built();
    for (path, data_page) in [
        ("provinces/index.html", "href=\"/test/data/\""),
        ("indicators/index.html", "href=\"/test/data/\""),
        ("reports/index.html", "href=\"/test/data/\""),
        ("en/reports/index.html", "href=\"/test/en/data/\""),
        ("provinces/beta/index.html", "href=\"/test/data/\""),
    ] {
        let main = main_of(&page(&files, path));
        assert!(
            main.contains(data_page),
            "{path} has no link to the Data page"
        );
    }
    // Beta has no figures: no file of its own, and no link to one; it was formed from Alpha,
    // whose files it offers under a label that says they are Alpha's.
    let beta = page(&files, "provinces/beta/index.html");
    let links = download_links(&beta);
    assert!(
        !links.is_empty()
            && links
                .iter()
                .all(|(href, _)| href.contains("data/provinces/alpha.")),
        "{links:?}"
    );
    assert!(beta.contains("Số liệu của các đơn vị đã hợp thành đơn vị này"));
    assert!(!files.keys().any(|f| f.starts_with("data/provinces/beta.")));
    // The lists link to the Data page only, not to files.
    assert!(download_links(&page(&files, "provinces/index.html")).is_empty());
}

#[test]
fn the_column_table_lists_every_column_of_the_files() {
    let (_site, files) = built();
    for (path, en) in [("data/index.html", false), ("en/data/index.html", true)] {
        let main = main_of(&page(&files, path));
        let rows: Vec<&str> = main
            .split("<th scope=\"row\"><code>")
            .skip(1)
            .map(|r| r.split('<').next().unwrap())
            .collect();
        let names: Vec<&str> = minhbach::site::opendata::COLUMNS
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(rows, names, "{path}: the column table is not COLUMNS");
        let text = main.replace("&#39;", "'").replace("&quot;", "\"");
        for c in minhbach::site::opendata::COLUMNS {
            let about = if en { c.about_en } else { c.about_vi };
            assert!(
                text.contains(about),
                "{path}: no description of {}: {about}",
                c.name
            );
        }
    }
    // The files have the same columns, in the same order.
    let csv = String::from_utf8(files["data/figures.csv"].clone()).unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    let names: Vec<&str> = minhbach::site::opendata::COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(header, names.join(","));
}

#[test]
fn the_data_page_is_in_the_sitemap_and_the_navigation() {
    let (_site, files) = built();
    let sitemap = page(&files, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/test/data/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/test/en/data/</loc>"));
    let home = page(&files, "index.html");
    let nav = home.split("<nav class=\"primary\"").nth(1).unwrap();
    let nav = nav.split("</nav>").next().unwrap();
    assert!(nav.contains("href=\"/test/data/\""), "{nav}");
    // The citation gives the date of the figures, not of the build.
    let data = main_of(&page(&files, "en/data/index.html"));
    assert!(data.contains("figures up to 30 April 2025"), "{data}");
}

#[test]
fn a_site_without_figures_offers_no_file_and_says_so() {
    let site = site_from(&["build"]);
    // Alpha without its observations (and without the narrative that cites them).
    let alpha = site.path().join("data/provinces/alpha.yaml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    let (head, rest) = text.split_once("observations:").unwrap();
    let targets = rest.split_once("targets:").unwrap().1;
    std::fs::write(&alpha, format!("{head}targets:{targets}")).unwrap();
    std::fs::remove_file(site.path().join("content/reports/alpha/2025-04.md")).unwrap();
    let out = site.path().join("out");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "build failed:\n{stdout}{stderr}");
    let files = read_tree(&out);
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let links = download_links(&String::from_utf8_lossy(bytes));
        assert!(links.is_empty(), "{path} offers {links:?}");
    }
    let data = main_of(&page(&files, "en/data/index.html"));
    assert!(
        data.contains("The site has no figures to download yet."),
        "{data}"
    );
    // The column table is there all the same: it documents the files' format.
    assert!(data.contains("<code>stated_rate</code>"));
}
