//! The build's steps depend only on earlier ones: a module of `src/` may name (`crate::x`)
//! only the modules listed before it here. Read from the source files themselves, so a new
//! import of a later step fails this test with the file that made it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

/// The modules of the crate in pipeline order: each may use those before it.
const ORDER: [&str; 25] = [
    "model",
    "diagnostics",
    // What the commands print besides diagnostics, in both languages.
    "console",
    "escape",
    "load",
    // Parsing Markdown needs nothing of the site: `validate` reads narratives with it.
    "markdown",
    "validate",
    "theme",
    "format",
    "charts",
    // The build cache: files kept between builds under the digest of what made them.
    "cache",
    "site",
    "search",
    "templates",
    "output",
    "render",
    "serve",
    "init",
    // Edits to a site's files: checked on a copy with `check`, then written atomically.
    "edits",
    // `minhbach import`: reads a table, writes province files, checks the site with `check`.
    "import",
    // `minhbach template`: the workbook a publisher fills, in the columns `import` and the
    // downloads share, with the table reader's own allowed words.
    "template",
    // `minhbach extract`: a report read into a draft in the template's workbook form (with
    // `import`'s YAML writer for `--format yaml`).
    "extract",
    // `minhbach indicators`: the catalogue, read and checked by `load` and `validate`.
    "indicators",
    // `minhbach new province|report`: new files, appended with `import`'s insertion.
    "new",
    // The fuzz targets' entry points: they drive every step.
    "fuzzing",
];

/// The modules named by `crate::…` in Rust source, comments left out.
fn modules_named(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name = item.trim().split("::").next().unwrap_or("").trim();
                    out.insert(name.to_string());
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
        }
    }
    out
}

fn sources_of(module: &str) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{module}.rs"));
    let dir = src.join(module);
    let mut out = Vec::new();
    if file.is_file() {
        out.push((
            file.display().to_string(),
            std::fs::read_to_string(&file).unwrap(),
        ));
    }
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                out.push((entry.path().display().to_string(), text));
            }
        }
    }
    assert!(!out.is_empty(), "no source for module `{module}`");
    out
}

#[test]
fn no_step_uses_a_later_one() {
    let mut wrong = Vec::new();
    for (i, module) in ORDER.iter().enumerate() {
        for (file, text) in sources_of(module) {
            for name in modules_named(&text) {
                match ORDER.iter().position(|m| *m == name) {
                    Some(j) if j > i => wrong.push(format!("{file}: `{module}` uses `{name}`")),
                    _ => {}
                }
            }
        }
    }
    assert!(wrong.is_empty(), "later steps used:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_of_the_crate_has_its_place() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
                .and_then(|r| r.strip_suffix(';'))
        })
        .collect();
    let placed: BTreeSet<&str> = ORDER.iter().copied().collect();
    assert_eq!(
        declared, placed,
        "src/lib.rs declares other modules than ORDER lists"
    );
}

#[test]
fn the_reader_sees_through_groups_and_comments() {
    let text = "use crate::{model::Slug, output::{Files}};\n// crate::serve\nlet x = crate::site::urls::href;";
    let names = modules_named(text);
    let expected: BTreeSet<String> = ["model", "output", "site"].map(String::from).into();
    assert_eq!(names, expected);
}
