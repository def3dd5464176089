//! Settings of site.yaml that decide which pages exist: `services:`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, check, site_with};

fn set_services(root: &std::path::Path, line: Option<&str>) {
    let path = root.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("services:"))
        .collect();
    let mut text = kept.join("\n") + "\n";
    if let Some(line) = line {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
}

#[test]
fn without_services_there_is_no_services_page_nor_link_to_it() {
    let site = site_with(None);
    set_services(site.path(), None);
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!out.join("services/index.html").exists());
    assert!(!out.join("en/services/index.html").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("/services/"), "{home}");
    let province = std::fs::read_to_string(out.join("provinces/alpha/index.html")).unwrap();
    assert!(!province.contains("id=\"services\""), "{province}");
}

#[test]
fn services_name_a_known_indicator_and_dimension() {
    let site = site_with(None);
    set_services(
        site.path(),
        Some("services: { indicator: online-rte, by: servce }"),
    );
    let (stdout, stderr, code) = check(site.path(), &[]);
    let out = stdout + &stderr;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("site.yaml:8:24: error[unknown-indicator]: indicator `online-rte` is not in the catalogue"),
        "{out}"
    );
    assert!(out.contains("did you mean `online-rate`"), "{out}");

    set_services(
        site.path(),
        Some("services: { indicator: online-rate, by: servce }"),
    );
    let (stdout, stderr, code) = check(site.path(), &[]);
    let out = stdout + &stderr;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("site.yaml:8:41: error[unknown-dimension]: dimension `servce` is not defined"),
        "{out}"
    );
    assert!(out.contains("did you mean `service`"), "{out}");
}

/// The footer of every page and the end of the about page say who publishes the site, how to
/// report an error, the data licence (site.yaml) and how recent the data is (the end of the
/// latest reporting period, taken from the data, not the build clock).
#[test]
fn the_colophon_comes_from_site_yaml_and_the_data() {
    let site = site_with(None);
    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: \"Phương pháp\"\n---\nTrang thử nghiệm.\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    for (page, words) in [
        (
            "index.html",
            [
                "Đơn vị công bố",
                "Báo lỗi số liệu",
                "Giấy phép dữ liệu",
                "Số liệu mới nhất</dt><dd>đến ngày 30/04/2025",
            ],
        ),
        (
            "en/provinces/alpha/index.html",
            [
                "Published by",
                "Report an error in a figure",
                "Data licence",
                "Latest figures</dt><dd>up to 30 April 2025",
            ],
        ),
    ] {
        let html = read(page);
        let footer = &html[html.find("<footer").unwrap()..];
        for w in words {
            assert!(footer.contains(w), "{page}: {w} in {footer}");
        }
        assert!(
            footer.contains(r#"<a href="https://example.org/test/publisher/">"#),
            "{footer}"
        );
        assert!(
            footer.contains(r#"<a href="mailto:sai-sot@example.org">sai-sot@example.org</a>"#),
            "{footer}"
        );
        assert!(
            footer.contains(
                r#"<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>"#
            ),
            "{footer}"
        );
    }
    let about = read("about/index.html");
    let main = common::main_of(&about);
    assert!(main.contains("colophon-full"), "{main}");
    assert!(main.contains("không phải ngày trang được tạo"), "{main}");
    // Only the about page repeats it in the main content.
    assert!(!common::main_of(&read("index.html")).contains("colophon-full"));
}

#[test]
fn without_the_colophon_settings_check_warns_and_pages_say_nothing_false() {
    let site = site_with(Some("site_info_missing"));
    let (stdout, stderr, code) = check(site.path(), &["--lang", "en"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout.matches("warning[missing-site-info]").count(),
        3,
        "{stdout}"
    );
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let footer = &home[home.find("<footer").unwrap()..];
    assert!(!footer.contains("Đơn vị công bố"), "{footer}");
    assert!(!footer.contains("Giấy phép"), "{footer}");
    // How recent the data is comes from the data, so it is there all the same.
    assert!(footer.contains("Số liệu mới nhất"), "{footer}");
}
