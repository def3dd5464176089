//! The records of the example site (this repository's own `data/` and `content/`) and the
//! bundle made from them.

use super::*;
use std::path::Path;

fn example_records() -> Vec<Record> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = crate::load_and_validate(root, &crate::load::memo::Memo::none())
        .expect("the example site reads");
    let site = checked.site.take().expect("the example site is valid");
    let theme = crate::theme::load_theme(root, &site.config.theme, &mut checked.diagnostics)
        .expect("its theme loads");
    records(&site, &Index::new(&site), &theme)
}

fn find<'a>(records: &'a [Record], url_end: &str, lang: Lang) -> &'a Record {
    records
        .iter()
        .find(|r| r.lang == lang && r.url.ends_with(url_end))
        .unwrap_or_else(|| panic!("no {lang:?} record for {url_end}"))
}

#[test]
fn names_are_searchable_without_diacritics_and_with_d_for_d_bar() {
    let records = example_records();
    let dong_thap = find(&records, "/provinces/dong-thap/", Lang::Vi);
    assert!(
        dong_thap.content.contains("Đồng Tháp"),
        "{}",
        dong_thap.content
    );
    assert!(
        dong_thap.content.contains("Đồng Tháp ¦ Dong"),
        "{}",
        dong_thap.content
    );
    assert_eq!(dong_thap.meta["kind"], "Tỉnh");
    assert_eq!(dong_thap.meta["period"], "đến 30/06/2025");
    let binh_dinh = find(&records, "/en/provinces/binh-dinh/", Lang::En);
    assert!(
        binh_dinh.content.contains("Binh Dinh"),
        "{}",
        binh_dinh.content
    );
    assert_eq!(binh_dinh.meta["kind"], "Province");
    // The merged unit is found under the names of the units it was formed from, a unit
    // without a file of its own (Tiền Giang) included.
    let merged = find(&records, "/provinces/dong-thap-2025/", Lang::Vi);
    assert!(
        merged.content.contains("Tiền Giang") && merged.content.contains("Tien Giang"),
        "{}",
        merged.content
    );
    let indicator = find(&records, "/indicators/dvctt-full-count/", Lang::Vi);
    assert_eq!(indicator.meta["kind"], "Chỉ tiêu");
    let eid = find(&records, "/indicators/id-eid-accounts-issued/", Lang::Vi);
    assert!(eid.content.contains("định danh điện tử"), "{}", eid.content);
    assert!(
        eid.content.contains("dinh") && eid.content.contains("dien"),
        "{}",
        eid.content
    );
    let report = records
        .iter()
        .find(|r| r.lang == Lang::En && r.url.contains("/en/reports/binh-dinh/"))
        .expect("a report of Bình Định");
    assert_eq!(report.meta["kind"], "Report");
    assert!(report.meta.contains_key("period"), "{:?}", report.meta);
}

#[test]
fn no_two_records_of_a_language_share_an_address() {
    // Pagefind keeps one record per address: a second one would hide the first.
    let records = example_records();
    let mut seen = std::collections::BTreeSet::new();
    for r in &records {
        assert!(
            seen.insert((r.lang, &r.url)),
            "two {:?} records for {}",
            r.lang,
            r.url
        );
    }
    let tasks = find(&records, "/en/provinces/binh-dinh/#tasks", Lang::En);
    assert_eq!(tasks.meta["kind"], "Task");
}

#[test]
fn every_kind_is_indexed_in_each_language() {
    let records = example_records();
    for (lang, kinds) in [
        (
            Lang::Vi,
            ["Tỉnh", "Chỉ tiêu", "Báo cáo", "Nhiệm vụ", "Dịch vụ công"],
        ),
        (
            Lang::En,
            ["Province", "Indicator", "Report", "Task", "Public service"],
        ),
    ] {
        for kind in kinds {
            assert!(
                records
                    .iter()
                    .any(|r| r.lang == lang && r.meta["kind"] == kind),
                "no {kind} in {lang:?}"
            );
        }
    }
}

#[test]
fn the_bundle_is_the_same_twice_and_holds_only_what_the_page_loads() {
    let first = bundle::bundle(example_records()).expect("a bundle");
    let second = bundle::bundle(example_records()).expect("a bundle");
    assert!(first == second, "two bundles of the same records differ");
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".pf_meta")), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("pagefind/wasm.")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
}

#[test]
fn folding_keeps_case_and_adds_nothing_to_plain_text() {
    assert_eq!(with_folded("Đồng Tháp"), "Đồng Tháp ¦ Dong");
    assert_eq!(
        with_folded("Bình Định, định danh điện tử"),
        "Bình Định, định danh điện tử ¦ Dinh dinh dien"
    );
    // The same mark as search.js looks for.
    let script = include_str!("../../themes/default/static/search.js");
    assert!(
        script.contains(&format!("\"{}\"", super::TWINS)),
        "search.js"
    );
    assert_eq!(with_folded("Binh Dinh"), "Binh Dinh");
    assert_eq!(
        plain_text("# Title\n\nSome *text* {{< figure x >}} here.", 100),
        "Title Some text here."
    );
}
