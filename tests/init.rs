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
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    // The theme is the built-in one, referenced rather than copied: its fixes reach the site.
    assert!(!site.join("themes").exists(), "the theme was copied");
    let readme = std::fs::read_to_string(site.join("README.md")).unwrap();
    assert!(
        readme.starts_with("# Biên tập trang theo dõi này"),
        "{readme}"
    );
    assert!(
        readme.contains("`themes/default/templates/home.html`"),
        "the README says how to override one template: {readme}"
    );
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
        report.contains("73,72\u{a0}%"),
        "the starter's live figure is rendered"
    );
    // With the theme's own stylesheet.
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    let built_in = minhbach::theme::DEFAULT_FILES
        .iter()
        .find(|(path, _)| *path == "static/style.css")
        .map(|(_, text)| *text);
    assert_eq!(Some(css.as_str()), built_in);
}

/// What `init` prints and the README it writes follow `--lang`.
#[test]
fn init_speaks_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let vi = dir.path().join("vi");
    let en = dir.path().join("en");
    let (out, err, code) = run(&["init", &vi.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let vi_s = vi.to_string_lossy();
    assert_eq!(
        out,
        format!(
            "đã tạo trang web mới trong {vi_s} (7 tệp)\ntiếp theo: cd {vi_s} && minhbach serve\n"
        )
    );
    let (out, err, code) = run(&["init", &en.to_string_lossy(), "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let en_s = en.to_string_lossy();
    assert_eq!(
        out,
        format!(
            "created a new site in {en_s} (7 files)\nnext: cd {en_s} && minhbach serve --lang en\n"
        )
    );
    let readme = std::fs::read_to_string(en.join("README.md")).unwrap();
    assert!(readme.starts_with("# Writing this dashboard"), "{readme}");
    assert!(!readme.contains("Biên tập"), "{readme}");
    // Both READMEs say the same things: the same sections, the same commands.
    let vi_readme = std::fs::read_to_string(vi.join("README.md")).unwrap();
    let code_spans = |text: &str| text.matches('`').count();
    assert_eq!(code_spans(&readme), code_spans(&vi_readme));
    assert_eq!(
        readme.matches("\n## ").count(),
        vi_readme.matches("\n## ").count()
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let (_, err, code) = run(&["init", &dir.path().to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.starts_with("lỗi: thư mục "), "{err}");
    assert!(err.contains("không trống"), "{err}");
    let (_, err, code) = run(&["init", &dir.path().to_string_lossy(), "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(!dir.path().join("site.yaml").exists());
}

/// `init --single-province`: the example site's Bắc Giang (real figures, each with its source),
/// which checks and builds, and whose pages compare the province with no other: a site with
/// figures of one province never ranks it against nothing.
#[test]
fn the_single_province_starter_builds_and_compares_no_provinces() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("bac-giang");
    let (out, err, code) = run(&["init", &site.to_string_lossy(), "--single-province"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!site.join("themes").exists(), "the theme was copied");
    // The figures are the example site's, source and all.
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "data/provinces/bac-giang.yaml",
        "content/reports/bac-giang/2023-12-16--2024-01-15.md",
    ] {
        assert_eq!(
            std::fs::read_to_string(site.join(file)).unwrap(),
            std::fs::read_to_string(example.join(file)).unwrap(),
            "{file}"
        );
    }
    let (out, err, code) = common::check(&site, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(common::summary(&out).errors, 0, "{out}");
    let public = site.join("public");
    let (_, err, code) = common::build(&site, &public, &[]);
    assert_eq!(code, 0, "{err}");

    let page = |path: &str| common::main_of(&std::fs::read_to_string(public.join(path)).unwrap());
    let home = page("index.html");
    // The report's figure: "54.958/57.274 hồ sơ … đạt 95,96%".
    assert!(home.contains("95,96\u{a0}%"), "{home}");
    assert!(
        home.contains("<h2 id=\"overview\">Số liệu chính</h2>"),
        "{home}"
    );
    let home_en = page("en/index.html");
    assert!(
        home_en.contains("<h2 id=\"overview\">Key figures</h2>"),
        "{home_en}"
    );
    let indicator = page("indicators/dvcty-online-rate/index.html");
    assert!(indicator.contains("Giá trị mới nhất"), "{indicator}");
    let services = page("services/index.html");
    for (name, html) in [
        ("home", &home),
        ("home (en)", &home_en),
        ("indicator", &indicator),
        ("services", &services),
    ] {
        for comparison in [
            "So sánh giữa các tỉnh",
            "Provinces compared",
            "so sánh",
            "theo tỉnh",
            "by province",
            "Cộng gộp giữa các tỉnh",
            "mọi tỉnh",
        ] {
            assert!(
                !html.contains(comparison),
                "{name}: {comparison:?} in {html}"
            );
        }
    }
    let compare_charts: Vec<String> = common::read_tree(&public)
        .into_keys()
        .filter(|path| path.contains("charts/compare-") || path.contains("charts/progress-"))
        .filter(|path| !path.contains("bac-giang"))
        .collect();
    assert!(
        compare_charts.is_empty(),
        "charts across provinces: {compare_charts:?}"
    );
}

/// A site of exactly one province has no list of provinces: the menu leads to the province.
#[test]
fn a_site_of_one_province_has_no_list_of_provinces() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let (_, err, code) = run(&["init", &site.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let public = site.join("public");
    let (_, err, code) = common::build(&site, &public, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!public.join("provinces/index.html").exists());
    assert!(public.join("provinces/dong-thap/index.html").is_file());
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("<li><a href=\"/provinces/dong-thap/\">Đồng Tháp</a></li>"),
        "{home}"
    );
    assert!(!home.contains("So sánh giữa các tỉnh"), "{home}");
}
