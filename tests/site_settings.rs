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
        out.contains("site.yaml:5:24: error[unknown-indicator]: indicator `online-rte` is not in the catalogue"),
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
        out.contains("site.yaml:5:41: error[unknown-dimension]: dimension `servce` is not defined"),
        "{out}"
    );
    assert!(out.contains("did you mean `service`"), "{out}");
}
