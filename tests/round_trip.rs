//! The round trip of the open data: the example site's whole-site download, imported into a
//! fresh site that has the same catalogue, gives the same figures. Every data file the fresh
//! site builds (the site's, each province's, indicator's and report's CSV) is byte-identical
//! to the example site's, so every figure, its period, its source document and its notes
//! survived the trip. The same download kept as a table under `data/` (the publishers' route,
//! read by every build) in place of the province files' figures gives the same files too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

fn build(root: &Path, out: &Path) {
    let (stdout, stderr, code) = common::build(root, out, &[]);
    assert_eq!(
        code,
        0,
        "build of {} failed:\n{stdout}\n{stderr}",
        root.display()
    );
}

/// Every CSV file under `data/` of a built site, by path.
fn csv_files(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out.join("data"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn the_whole_site_download_imports_into_a_fresh_site_with_the_same_figures() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("example-public");
    build(example, &out);

    // A fresh site: the example's settings and catalogue, no province, no narrative.
    let fresh = work.path().join("fresh");
    std::fs::create_dir_all(fresh.join("data/provinces")).unwrap();
    for file in ["site.yaml", "data/indicators.yaml", "data/dimensions.yaml"] {
        std::fs::copy(example.join(file), fresh.join(file)).unwrap();
    }
    let imported = minhbach::import::import(&fresh, &out.join("data/figures.csv"));
    if let Err(e) = imported {
        let text = format!("{e:?}");
        panic!("the import failed: {}", &text[..text.len().min(1500)]);
    }

    let fresh_out = work.path().join("fresh-public");
    build(&fresh, &fresh_out);
    let before = csv_files(&out);
    assert!(before.len() > 20, "{:?}", before.keys().collect::<Vec<_>>());
    same_files(&before, &csv_files(&fresh_out), "the import");

    // The publishers' route: the same download kept as a table under `data/` of a copy of the
    // example whose province files keep their identity, documents and tasks but no figure.
    let tabled = work.path().join("tabled");
    common::filling::copy_example(&tabled);
    let mut emptied = 0;
    for entry in std::fs::read_dir(tabled.join("data/provinces")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept = common::filling::without_observations(&text);
        emptied += usize::from(kept.len() < text.len());
        std::fs::write(&path, kept).unwrap();
    }
    assert!(emptied >= 4, "province files without figures: {emptied}");
    std::fs::copy(
        out.join("data/figures.csv"),
        tabled.join("data/figures.csv"),
    )
    .unwrap();
    let tabled_out = work.path().join("tabled-public");
    build(&tabled, &tabled_out);
    same_files(&before, &csv_files(&tabled_out), "the table route");
}

fn same_files(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
    route: &str,
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files after {route}"
    );
    for (path, bytes) in before {
        if after[path] != *bytes {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&after[path]),
            );
            let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            panic!("{path} differs after {route}: {first:?}");
        }
    }
}
