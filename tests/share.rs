//! Charts you can share: the share SVG around each chart (its texts inside the image), the
//! PNG of a page's preview chart (the same bytes every time, the size the page announces),
//! the embed page of each chart, and the Open Graph tags of every page of the example site,
//! whose images must be files of the build.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, read_tree, site_from, start_tags};
use minhbach::charts::raster;
use minhbach::charts::share::{share_svg, ShareText};
use resvg::usvg;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

type Files = BTreeMap<String, Vec<u8>>;

const BASE: &str = "https://example.org/dash/";

/// The example site, built once for the tests of this file, under a base URL with a subpath.
fn example() -> &'static Files {
    static BUILT: OnceLock<Files> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let (_, stderr, code) = build(root, &out, &["--base-url", BASE]);
        assert_eq!(code, 0, "{stderr}");
        read_tree(&out)
    })
}

/// The fixture site, built once.
fn fixture() -> &'static Files {
    static BUILT: OnceLock<Files> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = site_from(&["build"]);
        let out = site.path().join("out");
        let (_, stderr, code) = build(site.path(), &out, &[]);
        assert_eq!(code, 0, "{stderr}");
        read_tree(&out)
    })
}

fn text(files: &Files, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// Width and height of a PNG, decoded.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height)
}

/// The share SVG's own texts (the header and footer bands, not the nested chart's) that leave
/// its viewBox, as laid out by resvg with the embedded font; and how many texts it has.
fn texts_outside(svg: &str) -> (Vec<String>, usize) {
    let tree = raster::parse(svg).unwrap();
    let (w, h) = (tree.size().width(), tree.size().height());
    let mut outside = Vec::new();
    let mut count = 0;
    for node in tree.root().children() {
        if let usvg::Node::Text(t) = node {
            count += 1;
            let b = t.abs_bounding_box();
            let inside = b.left() >= 0.0 && b.top() >= 0.0 && b.right() <= w && b.bottom() <= h;
            if !inside {
                let words: String = t.chunks().iter().map(|c| c.text()).collect();
                outside.push(format!("{words:?}: {b:?} outside 0 0 {w} {h}"));
            }
        }
    }
    (outside, count)
}

#[test]
fn share_svg_snapshots() {
    let files = fixture();
    insta::assert_snapshot!(
        "share_svg_vi",
        text(files, "charts/progress-alpha.vi.share.svg")
    );
    insta::assert_snapshot!(
        "share_svg_en",
        text(files, "charts/progress-alpha.en.share.svg")
    );
}

#[test]
fn embed_page_snapshot() {
    let files = fixture();
    insta::assert_snapshot!(
        "embed_page_vi",
        text(files, "embed/progress-alpha/index.html")
    );
    insta::assert_snapshot!(
        "embed_page_en",
        text(files, "en/embed/progress-alpha/index.html")
    );
}

#[test]
fn every_share_image_keeps_its_texts_inside_its_viewbox() {
    let files = example();
    let mut checked = 0;
    for (path, bytes) in files {
        let share = path.ends_with(".share.svg") || path.starts_with("share/site.");
        if !share || !path.ends_with(".svg") {
            continue;
        }
        let (outside, count) = texts_outside(std::str::from_utf8(bytes).unwrap());
        assert!(count >= 3, "{path}: only {count} texts");
        assert!(outside.is_empty(), "{path}:\n{}", outside.join("\n"));
        checked += 1;
    }
    assert!(checked > 100, "only {checked} share images");
}

#[test]
fn long_titles_sources_and_addresses_are_wrapped_inside_the_image() {
    // SYNTHETIC texts, far longer than any real one.
    let chart = text(fixture(), "charts/tasks-alpha.vi.svg");
    let long = "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình "
        .repeat(4);
    let address = format!(
        "https://example.org/{}/provinces/alpha/",
        "rất-dài".repeat(30)
    );
    let source = format!("Nguồn: {long}");
    let text = ShareText {
        site: &long,
        title: &long,
        period: &long,
        source: &source,
        address: &address,
    };
    let (outside, count) = texts_outside(&share_svg(&chart, &text, "t"));
    assert!(
        count >= 10,
        "the long texts were not wrapped: {count} lines"
    );
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

#[test]
fn pngs_are_the_same_bytes_every_time_and_the_size_pages_announce() {
    let files = example();
    let pngs: Vec<&String> = files.keys().filter(|p| p.ends_with(".png")).collect();
    assert!(pngs.len() >= 4, "only {} PNGs: {pngs:?}", pngs.len());
    // Each PNG is its SVG scaled to PNG_WIDTH: 1200 × (2 × the SVG's 600-unit-wide height).
    for path in &pngs {
        let svg = raster::parse(&text(files, &path.replace(".png", ".svg"))).unwrap();
        let scale = raster::PNG_WIDTH as f32 / svg.size().width();
        let height = (svg.size().height() * scale).round() as u32;
        assert_eq!(
            png_size(&files[*path]),
            (raster::PNG_WIDTH, height),
            "{path}"
        );
    }
    // Rendered again from the share SVG in the build: the same bytes.
    for path in pngs.iter().take(3) {
        let svg_path = path.replace(".png", ".svg");
        let svg = text(files, &svg_path);
        let (again, height) = raster::png(&svg).unwrap();
        assert!(
            again == files[*path],
            "{path}: another rendering, other bytes"
        );
        assert_eq!(png_size(&again), (raster::PNG_WIDTH, height));
    }
}

/// The `property`/`name` → `content` of a page's `<meta>` tags, and its canonical link.
fn meta_of(html: &str) -> (BTreeMap<String, Vec<String>>, String) {
    let mut meta: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut canonical = String::new();
    for tag in start_tags(html) {
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        if tag.name == "meta" {
            if let (Some(key), Some(content)) = (attr("property").or(attr("name")), attr("content"))
            {
                meta.entry(key).or_default().push(content);
            }
        }
        if tag.name == "link" && attr("rel").as_deref() == Some("canonical") {
            canonical = attr("href").unwrap_or_default();
        }
    }
    (meta, canonical)
}

#[test]
fn every_page_has_a_link_preview_with_an_image_of_the_build() {
    let files = example();
    let one = |m: &BTreeMap<String, Vec<String>>, k: &str, page: &str| -> String {
        let values = m.get(k).unwrap_or_else(|| panic!("{page}: no {k}"));
        assert_eq!(values.len(), 1, "{page}: {k} {values:?}");
        values[0].clone()
    };
    let mut sizes: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut images: BTreeMap<String, String> = BTreeMap::new();
    let mut pages = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let (meta, canonical) = meta_of(html);
        assert!(!one(&meta, "og:title", path).is_empty(), "{path}");
        assert!(!one(&meta, "og:description", path).is_empty(), "{path}");
        assert!(!one(&meta, "og:site_name", path).is_empty(), "{path}");
        assert_eq!(one(&meta, "og:url", path), canonical, "{path}");
        assert!(canonical.starts_with(BASE), "{path}: {canonical}");
        assert_eq!(
            one(&meta, "twitter:card", path),
            "summary_large_image",
            "{path}"
        );
        let english = path.starts_with("en/");
        let (locale, other) = if english {
            ("en_US", "vi_VN")
        } else {
            ("vi_VN", "en_US")
        };
        if path != "404.html" {
            assert_eq!(one(&meta, "og:locale", path), locale, "{path}");
            assert_eq!(one(&meta, "og:locale:alternate", path), other, "{path}");
        }
        let image = one(&meta, "og:image", path);
        let file = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{path}: og:image {image} is not under {BASE}"));
        let bytes = files
            .get(file)
            .unwrap_or_else(|| panic!("{path}: og:image {image} is not a file of the build"));
        let size = *sizes
            .entry(file.to_string())
            .or_insert_with(|| png_size(bytes));
        let announced = (
            one(&meta, "og:image:width", path).parse::<u32>().unwrap(),
            one(&meta, "og:image:height", path).parse::<u32>().unwrap(),
        );
        assert_eq!(announced, size, "{path}: {image}");
        assert!(!one(&meta, "og:image:alt", path).is_empty(), "{path}");
        images.insert(path.clone(), file.to_string());
        pages += 1;
    }
    assert!(pages > 400, "only {pages} pages");
    // Each kind of page and its image.
    let image = |page: &str| images.get(page).map(String::as_str).unwrap_or("");
    assert_eq!(image("index.html"), "share/site.vi.png");
    assert_eq!(image("en/index.html"), "share/site.en.png");
    assert_eq!(
        image("provinces/binh-dinh/index.html"),
        "charts/progress-binh-dinh.vi.share.png"
    );
    assert_eq!(
        image("en/indicators/dvcty-online-rate/index.html"),
        "charts/compare-dvcty-online-rate.en.share.png"
    );
    assert_eq!(image("tasks/index.html"), "charts/tasks-all.vi.share.png");
    let report = images
        .keys()
        .find(|p| p.starts_with("reports/") && p.matches('/').count() == 3)
        .unwrap();
    assert_eq!(image(report), "share/site.vi.png", "{report}");
    let (meta, _) = meta_of(&text(files, report));
    assert_eq!(meta["og:type"], ["article"], "{report}");
    // An indicator page whose comparison chart has a PNG shows it; one without, the site's.
    for (page, file) in images.iter().filter(|(p, _)| p.starts_with("indicators/")) {
        let html = text(files, page);
        let id = page
            .trim_start_matches("indicators/")
            .trim_end_matches("/index.html");
        let png = format!("charts/compare-{id}.vi.share.png");
        let expected = if files.contains_key(&png) && html.contains(&png) {
            png
        } else {
            "share/site.vi.png".to_string()
        };
        assert_eq!(file, &expected, "{page}");
    }
}

#[test]
fn every_chart_has_a_share_svg_and_an_embed_page_outside_the_sitemap() {
    let files = example();
    let sitemap = text(files, "sitemap.xml");
    assert!(
        !sitemap.contains("/embed/"),
        "embed pages are not for search engines"
    );
    let mut charts = 0;
    for path in files.keys() {
        let Some(stem) = path
            .strip_prefix("charts/")
            .and_then(|p| p.strip_suffix(".svg"))
        else {
            continue;
        };
        let Some((name, lang)) = stem
            .rsplit_once('.')
            .filter(|(_, l)| *l == "vi" || *l == "en")
        else {
            continue;
        };
        charts += 1;
        assert!(
            files.contains_key(&format!("charts/{name}.{lang}.share.svg")),
            "{path}"
        );
        let prefix = if lang == "en" { "en/" } else { "" };
        let embed = text(files, &format!("{prefix}embed/{name}/index.html"));
        assert!(
            embed.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{name}"
        );
        assert!(
            !embed.contains("<nav"),
            "{name}: an embed page has no site navigation"
        );
        assert!(!embed.contains("<script"), "{name}");
        // The link back leads to a page of the build.
        let back = start_tags(&embed)
            .into_iter()
            .filter(|t| t.name == "a")
            .filter_map(|t| {
                t.attrs
                    .into_iter()
                    .find(|(k, _)| k == "href")
                    .map(|(_, v)| v)
            })
            .find(|href| href.starts_with(BASE))
            .unwrap_or_else(|| panic!("{name}: no link back"));
        let page = format!("{}index.html", back.trim_start_matches(BASE));
        assert!(files.contains_key(&page), "{name}: {back}");
    }
    assert!(charts > 100, "only {charts} charts");
}
