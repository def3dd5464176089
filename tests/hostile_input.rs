//! Hostile input through the whole build, as a site author (or a pull request to one) could
//! write it: markup and script in every kind of text, `javascript:` links in every spelling,
//! `</svg>` in chart labels, spreadsheet formula prefixes, `..` in ids, slugs and file names,
//! symbolic links out of the site, invalid UTF-8, a byte-order mark and CRLF line endings.
//!
//! Every build that succeeds must come out with no executable markup (`common::assert_inert`),
//! and no build may read a file outside the site folder or write outside its output folder.
//! `build_site.rs` (`hostile_content_comes_out_inert`) covers the first, simple case.
//!
//! There are no CSV (or other spreadsheet) downloads yet: `formula_prefixes_stay_text` fails as
//! soon as one is written, so that whoever adds them also neutralises `=`, `+`, `-`, `@`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{assert_inert, build, copy_tree, fixtures, read_tree, run};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A temporary folder holding the site (`site/`, the base and build fixtures) and, beside it,
/// `outside/`: files the build must never read, in a folder it must never write to.
struct Sandbox {
    tmp: tempfile::TempDir,
}

const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        copy_tree(&fixtures().join("base"), &site);
        copy_tree(&fixtures().join("build"), &site);
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(outside.join("folder/reports")).unwrap();
        let page = format!("---\ntitle: \"{SECRET} title\"\n---\n{SECRET} body\n");
        std::fs::write(outside.join("secret.md"), &page).unwrap();
        std::fs::write(outside.join("folder/secret.md"), &page).unwrap();
        std::fs::write(outside.join("folder/reports/secret.md"), &page).unwrap();
        std::fs::write(outside.join("secret.txt"), format!("{SECRET}\n")).unwrap();
        std::fs::write(
            outside.join("page.html"),
            format!("{{% extends \"base.html\" %}}{{% block main %}}{SECRET}{{% endblock main %}}"),
        )
        .unwrap();
        std::fs::write(
            outside.join("en.yaml"),
            format!("nav_tasks: \"{SECRET}\"\n"),
        )
        .unwrap();
        let province = std::fs::read_to_string(site.join("data/provinces/beta.yaml"))
            .unwrap()
            .replace("Tỉnh Beta", SECRET)
            .replace("Beta Province", SECRET);
        std::fs::write(outside.join("gamma.yaml"), province).unwrap();
        Sandbox { tmp }
    }

    fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    fn out(&self) -> PathBuf {
        self.site().join("public")
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let path = self.site().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, f(text)).unwrap();
    }

    #[cfg(unix)]
    fn link(&self, rel: &str, target: &Path) {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(&path).unwrap();
        } else if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    /// Every path in the sandbox outside the site folder, plus the site's own top level.
    fn footprint(&self) -> BTreeSet<String> {
        walkdir::WalkDir::new(self.tmp.path())
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                e.path()
                    .strip_prefix(self.tmp.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|p| !p.starts_with("site/") || p.matches('/').count() == 1)
            .collect()
    }

    /// `minhbach build --output site/public`; returns stdout + stderr and the exit code, after
    /// asserting that nothing appeared outside the site and nothing but `public` inside it.
    fn build(&self) -> (String, i32) {
        let before = self.footprint();
        let (stdout, stderr, code) = build(&self.site(), &self.out(), &[]);
        self.assert_footprint(&before, code);
        (format!("{stdout}{stderr}"), code)
    }

    fn assert_footprint(&self, before: &BTreeSet<String>, code: i32) {
        let after = self.footprint();
        let mut new: Vec<&String> = after.difference(before).collect();
        if code == 0 {
            // The output, and the build cache beside it (README, "The build cache").
            let cache = format!("site/{}", minhbach::cache::FOLDER);
            new.retain(|p| p.as_str() != "site/public" && *p != &cache);
        }
        assert!(
            new.is_empty(),
            "the build wrote outside its output folder: {new:?}"
        );
        assert!(
            code == 0 || !self.out().exists(),
            "a failed build left an output folder"
        );
    }

    /// The built site as text, every file concatenated with its path.
    fn output_text(&self) -> String {
        read_tree(&self.out())
            .into_iter()
            .map(|(p, b)| format!("== {p}\n{}\n", String::from_utf8_lossy(&b)))
            .collect()
    }
}

const TAG_SOUP: &str =
    "</svg></title></text><script>alert(1)</script><img src=x onerror=alert(2)>]]><!-- \"'&";

#[test]
fn script_and_markup_in_labels_and_narratives_come_out_inert() {
    let sb = Sandbox::new();
    // Every kind of label that reaches a page, a chart (inline and standalone SVG) or a feed.
    sb.edit("data/provinces/alpha.yaml", |t| {
        t.replace(
            "Tỉnh Alpha\"",
            &format!("Alpha {}\"", TAG_SOUP.replace('"', "\\\"")),
        )
        .replace(
            "Alpha Province\"",
            &format!("Alpha {}\"", TAG_SOUP.replace('"', "\\\"")),
        )
        .replace("synthetic.txt §1", "javascript:alert(3) </svg>")
        .replace("Nhiệm vụ giả lập", "<b onclick=alert(4)>task</b>")
        .replace("Văn phòng UBND tỉnh", "<script>alert(5)</script>")
    });
    sb.edit("data/indicators.yaml", |t| {
        t.replace(
            "Tỷ lệ hồ sơ trực tuyến",
            "Rate </svg><script>alert(6)</script>",
        )
        .replace("Applications filed online", "Rate <svg onload=alert(7)>")
        .replace(
            "Online applications over all applications.",
            "<iframe src=javascript:alert(8)>",
        )
    });
    sb.edit("data/dimensions.yaml", |t| {
        t.replace("Hộ chiếu", "</svg><a href=javascript:alert(9)>x</a>")
    });
    sb.write(
        "content/reports/alpha/2025-04.md",
        format!(
            "---\ntitle: \"Report {}\"\nsummary: \"Summary ]]> <!-- <script>alert(10)</script>\"\nprovince: alpha\nperiod: \"2025-04\"\n---\n{}\n",
            TAG_SOUP.replace('"', "\\\""),
            MARKDOWN_VECTORS
        ),
    );
    sb.write(
        "content/about.md",
        format!(
            "---\ntitle: \"{}\"\n---\n{MARKDOWN_VECTORS}\n",
            TAG_SOUP.replace('"', "\\\"")
        ),
    );
    let (log, code) = sb.build();
    assert_eq!(code, 0, "{log}");
    assert_inert(&sb.out());

    let files = read_tree(&sb.out());
    for (path, bytes) in &files {
        // The CSV downloads (the completeness table too) hold the labels as data, byte for byte; workbooks and the zip are
        // compressed (tests/downloads.rs holds them to their own formats).
        // (The Data page, `data/index.html`, is a page: it is scanned like the others.)
        let page = path.ends_with(".html");
        if (path.starts_with("data/") || path.ends_with(".csv"))
            && !path.ends_with(".json")
            && !page
        {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        // A label's `</svg>` must not close a chart: every <svg> closes exactly once.
        assert_eq!(
            text.matches("<svg").count(),
            text.matches("</svg>").count(),
            "{path}: unbalanced <svg>"
        );
        if path.ends_with(".svg") {
            assert!(
                text.trim_end().ends_with("</svg>"),
                "{path}: text after the chart"
            );
            // A share image nests the chart, unchanged, in its frame: two, never more.
            let expected = if path.ends_with(".share.svg") { 2 } else { 1 };
            assert_eq!(text.matches("<svg").count(), expected, "{path}");
        }
        // XML may not hold a literal `]]>` in text, and a comment opener would hide content.
        if path.ends_with(".xml") || path.ends_with(".svg") {
            assert!(!text.contains("]]>"), "{path}: literal ]]>");
            assert!(!text.contains("<!--"), "{path}: a comment from a label");
        }
    }
    // The text is kept, escaped, everywhere it goes.
    let chart = String::from_utf8_lossy(&files["charts/progress-alpha.vi.svg"]).into_owned();
    assert!(chart.contains("&lt;/svg&gt;&lt;/title&gt;"), "{chart}");
    let feed = String::from_utf8_lossy(&files["atom.xml"]).into_owned();
    assert!(
        feed.contains("Summary ]]&gt; &lt;!-- &lt;script&gt;alert(10)"),
        "{feed}"
    );
    let about = String::from_utf8_lossy(&files["about/index.html"]).into_owned();
    assert!(
        about.contains("overlay text"),
        "sanitising dropped the text too"
    );
}

/// Markdown and raw HTML an author could paste: every way to spell a script link, elements that
/// load documents or run code, event attributes, a known mutation-XSS shape, a style with a URL.
const MARKDOWN_VECTORS: &str = r#"## Links

[md](javascript:alert(11)) [upper](JaVaScRiPt:alert(12)) [entity](jav&#x61;script:alert(13))
[vb](vbscript:msgbox(14)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNSk8L3NjcmlwdD4=)
<javascript:alert(16)> [ref][r] ![img](javascript:alert(17)) [ws]( javascript:alert(18))

[r]: javascript:alert(19)

<a href=" javascript:alert(20)">sp</a> <a href="&#106;avascript:alert(21)">ent</a>
<A HREF="JAVASCRIPT:alert(22)">up</A> <a href="java&#x09;script:alert(23)">tab</a>
<svg onload="alert(24)"><script>alert(25)</script><a xlink:href="javascript:alert(26)">s</a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(27)></style></mglyph></table></mtext></math>
<iframe srcdoc="<script>alert(28)</script>"></iframe><object data="javascript:alert(29)"></object>
<embed src="javascript:alert(30)"><meta http-equiv="refresh" content="0;url=javascript:alert(31)">
<base href="https://evil.example/"><form action="javascript:alert(32)"><button formaction="javascript:alert(33)">b</button></form>
<style>body{background:url(javascript:alert(34))}</style><link rel="stylesheet" href="https://evil.example/x.css">
<div onclick="alert(35)" style="background:url(javascript:alert(36))">overlay text</div>
<details open ontoggle="alert(37)"><summary>s</summary></details>

| a | b |
|---|---|
| <span onmouseover="alert(39)">c</span> | d |
"#;

#[test]
fn formula_prefixes_stay_text() {
    let sb = Sandbox::new();
    let formula = "=cmd|' /C calc'!A0";
    sb.edit("data/provinces/alpha.yaml", |t| {
        t.replace("Nhiệm vụ giả lập", &format!("{formula} task"))
            .replace("synthetic.txt §1", "+SUM(1+1)*cmd|' /C calc'!A0")
            .replace("Văn phòng UBND tỉnh", "@SUM(1+1)")
            .replace("UBND tỉnh Alpha", "-2+3 issuer")
    });
    let (log, code) = sb.build();
    assert_eq!(code, 0, "{log}");
    assert_inert(&sb.out());
    let text = common::decode_references(&sb.output_text());
    for shown in [
        ">=cmd|' /C calc'!A0 task<",
        "+SUM(1+1)*cmd|' /C calc'!A0",
        ">@SUM(1+1)<",
        ">-2+3 issuer",
    ] {
        assert!(text.contains(shown), "{shown} is not shown as text");
    }
    // The downloads: a CSV text cell that starts a formula gets a `'`, a workbook's text is a
    // string cell, never a formula (more in tests/downloads.rs).
    let files = read_tree(&sb.out());
    let spreadsheets: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with(".csv") || p.ends_with(".xlsx"))
        .collect();
    assert!(spreadsheets.len() >= 7, "{spreadsheets:?}");
    let mut seen = BTreeSet::new();
    for path in spreadsheets {
        let bytes = &files[path];
        if path.ends_with(".xlsx") {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            for sheet in book.sheet_names() {
                let formulas = book.worksheet_formula(&sheet).unwrap();
                assert!(
                    formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                    "{path} {sheet}"
                );
                let cells = book.worksheet_range(&sheet).unwrap();
                for (_, _, cell) in cells.used_cells() {
                    if let calamine::Data::String(s) = cell {
                        seen.insert(s.clone());
                    }
                }
            }
            continue;
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(body);
        for record in reader.records() {
            let record = record.unwrap();
            for (column, cell) in minhbach::site::opendata::COLUMNS.iter().zip(record.iter()) {
                let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!runs, "{path}: {} = {cell:?}", column.name);
                seen.insert(cell.to_string());
            }
        }
    }
    // The source, guarded in the CSV and a string in the workbook; the issuer (a source that
    // names no report file is matched to no report, so only the sources sheet has it).
    for cell in [
        "'+SUM(1+1)*cmd|' /C calc'!A0",
        "+SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3 issuer",
    ] {
        assert!(seen.contains(cell), "{cell:?} is not in the downloads");
    }
}

/// Each `..` (or `.`) is refused by the rule meant for it: exit 1, an error at the place it was
/// written that quotes it, and nothing written. A crash, or a failure for another reason (a
/// missing page, an unsafe output path), does not pass.
#[test]
fn dot_dot_in_ids_slugs_and_file_names_is_refused() {
    type Setup = fn(&Sandbox);
    // (what, setup, `file:line:col: error[code]` of the refusal, the value it quotes)
    let cases: [(&str, Setup, &str, &str); 10] = [
        (
            "province file `...yaml` (id `..`)",
            |sb| {
                sb.write(
                    "data/provinces/...yaml",
                    std::fs::read(sb.site().join("data/provinces/beta.yaml")).unwrap(),
                );
            },
            "data/provinces/...yaml:1:1: error[invalid-id]",
            "`..`",
        ),
        (
            "province file `..yaml` (id `.`)",
            |sb| {
                sb.write(
                    "data/provinces/..yaml",
                    std::fs::read(sb.site().join("data/provinces/beta.yaml")).unwrap(),
                );
            },
            "data/provinces/..yaml:1:1: error[invalid-id]",
            "`.`",
        ),
        (
            "indicator id",
            |sb| {
                sb.edit("data/indicators.yaml", |t| {
                    t.replace("id: accounts-activated", "id: ../../escape")
                });
            },
            "data/indicators.yaml:18:9: error[invalid-id]",
            "`../../escape`",
        ),
        (
            "dimension member id",
            |sb| {
                sb.edit("data/dimensions.yaml", |t| {
                    t.replace("id: passport", "id: ../../escape")
                });
            },
            "data/dimensions.yaml:6:15: error[invalid-id]",
            "`../../escape`",
        ),
        (
            "report period",
            |sb| {
                sb.edit("data/provinces/alpha.yaml", |t| {
                    t.replace("{ period: \"2025-04\"", "{ period: \"../../escape\"")
                });
            },
            "data/provinces/alpha.yaml:7:15: error[invalid-period]",
            "`../../escape`",
        ),
        (
            "province of a narrative",
            |sb| {
                sb.edit("content/reports/alpha/2025-04.md", |t| {
                    t.replace("province: alpha", "province: \"../../escape\"")
                });
            },
            "content/reports/alpha/2025-04.md:3:11: error[invalid-id]",
            "`../../escape`",
        ),
        (
            "indicator of a live figure",
            |sb| {
                sb.edit("content/reports/alpha/2025-04.md", |t| {
                    t.replace(
                        "indicator=\"online-rate\")",
                        "indicator=\"../../../etc/passwd\")",
                    )
                });
            },
            "content/reports/alpha/2025-04.md:6:19: error[unknown-indicator]",
            "`../../../etc/passwd`",
        ),
        (
            "theme name",
            |sb| {
                // themes/../../outside is the sandbox's outside/ folder, with a template in it.
                std::fs::create_dir_all(sb.site().join("themes")).unwrap();
                std::fs::create_dir_all(sb.outside().join("templates")).unwrap();
                std::fs::copy(
                    sb.outside().join("page.html"),
                    sb.outside().join("templates/page.html"),
                )
                .unwrap();
                sb.edit("site.yaml", |t| format!("{t}theme: \"../../outside\"\n"));
            },
            "site.yaml:9:8: error[invalid-id]",
            "`../../outside`",
        ),
        (
            "page file `content/...md` (name `..`)",
            |sb| {
                sb.write("content/...md", "---\ntitle: \"dots\"\n---\nx\n");
            },
            "content/...md:1:1: error[invalid-id]",
            "`..`",
        ),
        (
            "page file `content/..en.md` (name `.`)",
            |sb| {
                sb.write("content/..en.md", "---\ntitle: \"dot\"\n---\nx\n");
            },
            "content/..en.md:1:1: error[invalid-id]",
            "`.`",
        ),
    ];
    for (what, setup, place, quoted) in cases {
        let sb = Sandbox::new();
        setup(&sb);
        // `Sandbox::build` also asserts that nothing was written, inside or outside the site.
        let (log, code) = sb.build();
        assert_eq!(code, 1, "{what}: exit code\n{log}");
        let headline = format!("{place}: ");
        assert!(
            log.lines()
                .any(|l| l.starts_with(&headline) && l.contains(quoted)),
            "{what}: no `{place}` quoting {quoted} in\n{log}"
        );
    }

    // site.yaml's `output_dir` may not leave the site either (the build without --output).
    for dir in [
        "../escape",
        "/tmp/minhbach-escape",
        "public/../../escape",
        ".",
    ] {
        let sb = Sandbox::new();
        sb.edit("site.yaml", |t| format!("{t}output_dir: \"{dir}\"\n"));
        let before = sb.footprint();
        let root = sb.site().to_string_lossy().into_owned();
        let (_, stderr, code) = run(&["build", "--root", root.as_str(), "--lang", "en"]);
        assert_eq!(code, 1, "output_dir {dir}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "site.yaml:9:13: error[invalid-output-dir]: output folder `{dir}` is not"
            )),
            "{stderr}"
        );
        sb.assert_footprint(&before, code);
        assert!(!Path::new("/tmp/minhbach-escape").exists());
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_data_and_theme_pointing_outside_are_not_followed() {
    let sb = Sandbox::new();
    let outside = sb.outside();
    sb.link("content/secret.md", &outside.join("secret.md"));
    sb.link("content/linked", &outside.join("folder"));
    sb.link(
        "content/reports/alpha/2025-05.md",
        &outside.join("secret.md"),
    );
    sb.link("data/provinces/gamma.yaml", &outside.join("gamma.yaml"));
    sb.link("data/provinces/linked", &outside.join("folder"));
    sb.link(
        "themes/default/templates/page.html",
        &outside.join("page.html"),
    );
    sb.link(
        "themes/default/static/secret.txt",
        &outside.join("secret.txt"),
    );
    sb.link("themes/default/i18n/en.yaml", &outside.join("en.yaml"));
    let (log, code) = sb.build();
    assert_eq!(code, 0, "{log}");
    assert_inert(&sb.out());
    let text = sb.output_text();
    assert!(
        !text.contains(SECRET),
        "a file outside the site reached the output"
    );
    assert!(!sb.out().join("secret").exists() && !sb.out().join("provinces/gamma").exists());
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): the walks of `content/`,
/// `data/provinces/` and the theme folder followed the folder itself when it was a symbolic
/// link, and `site.yaml` and `data/*.yaml` were read through links: files outside the site
/// reached the output. Now each link is refused by name (`outside-site`, exit 1) and nothing is
/// written; skipping it silently would hide half a site from its author.
#[cfg(unix)]
#[test]
fn symlinked_site_folders_and_files_are_not_followed() {
    type Setup = fn(&Sandbox);
    // (what, setup, the link as the error names it)
    let cases: [(&str, Setup, &str); 4] = [
        (
            "content/ is a link",
            |sb| {
                let target = sb.outside().join("content");
                copy_tree(&sb.site().join("content"), &target);
                std::fs::copy(sb.outside().join("secret.md"), target.join("secret.md")).unwrap();
                sb.link("content", &target);
            },
            "content",
        ),
        (
            "data/provinces/ is a link",
            |sb| {
                let target = sb.outside().join("provinces");
                copy_tree(&sb.site().join("data/provinces"), &target);
                std::fs::copy(sb.outside().join("gamma.yaml"), target.join("gamma.yaml")).unwrap();
                sb.link("data/provinces", &target);
            },
            "data/provinces",
        ),
        (
            "data/dimensions.yaml is a link",
            |sb| {
                let text = std::fs::read_to_string(sb.site().join("data/dimensions.yaml"))
                    .unwrap()
                    .replace("Passport", SECRET);
                std::fs::write(sb.outside().join("dimensions.yaml"), text).unwrap();
                sb.link(
                    "data/dimensions.yaml",
                    &sb.outside().join("dimensions.yaml"),
                );
            },
            "data/dimensions.yaml",
        ),
        (
            "themes/default/ is a link",
            |sb| {
                let target = sb.outside().join("theme");
                std::fs::create_dir_all(target.join("templates")).unwrap();
                std::fs::copy(
                    sb.outside().join("page.html"),
                    target.join("templates/page.html"),
                )
                .unwrap();
                sb.link("themes/default", &target);
            },
            "themes/default",
        ),
    ];
    for (what, setup, link) in cases {
        let sb = Sandbox::new();
        setup(&sb);
        // `Sandbox::build` also asserts that nothing was written, inside or outside the site.
        let (log, code) = sb.build();
        assert_eq!(code, 1, "{what}: exit code\n{log}");
        let refusal = format!("{link}: error[outside-site]: `{link}` is a symbolic link");
        assert!(
            log.lines().any(|l| l.starts_with(&refusal)),
            "{what}: no `{refusal}` in\n{log}"
        );
        assert!(
            !log.contains(SECRET),
            "{what}: the log quotes the outside file\n{log}"
        );
    }
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): with `output_dir: out/site` and
/// `out` a symbolic link to a folder outside the site, the build wrote the site there.
#[cfg(unix)]
#[test]
fn output_dir_below_a_symlinked_folder_stays_inside_the_site() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.outside().join("www")).unwrap();
    sb.link("out", &sb.outside().join("www"));
    sb.edit("site.yaml", |t| format!("{t}output_dir: \"out/site\"\n"));
    let root = sb.site().to_string_lossy().into_owned();
    let before = sb.footprint();
    let (_, stderr, code) = run(&["build", "--root", root.as_str(), "--lang", "en"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: {} leads outside the site through a symbolic link; refusing to write there",
            sb.site().join("out/site").display()
        )),
        "{stderr}"
    );
    sb.assert_footprint(&before, code);
    assert!(
        std::fs::read_dir(sb.outside().join("www"))
            .unwrap()
            .next()
            .is_none(),
        "something was written to outside/www"
    );
}

#[test]
fn invalid_utf8_is_a_located_error_and_nothing_is_written() {
    let bad: &[u8] = b"\xff\xfe\xc3\x28 \xe2\x82";
    type Setup = fn(&Sandbox, &[u8]);
    let cases: [(&str, &str, Setup); 5] = [
        ("site.yaml", "site.yaml:", |sb, bad| {
            let mut t = std::fs::read(sb.site().join("site.yaml")).unwrap();
            t.extend_from_slice(b"# ");
            t.extend_from_slice(bad);
            sb.write("site.yaml", t);
        }),
        (
            "a province file",
            "data/provinces/alpha.yaml:2:",
            |sb, bad| {
                let t =
                    std::fs::read_to_string(sb.site().join("data/provinces/alpha.yaml")).unwrap();
                let (first, rest) = t.split_once('\n').unwrap();
                let mut bytes = format!("{first}\n# ").into_bytes();
                bytes.extend_from_slice(bad);
                bytes.extend_from_slice(format!("\n{rest}").as_bytes());
                sb.write("data/provinces/alpha.yaml", bytes);
            },
        ),
        (
            "the indicator catalogue",
            "data/indicators.yaml:",
            |sb, bad| {
                let mut t = std::fs::read(sb.site().join("data/indicators.yaml")).unwrap();
                t.extend_from_slice(bad);
                sb.write("data/indicators.yaml", t);
            },
        ),
        ("a Markdown page", "content/about.md:4:", |sb, bad| {
            let mut t = b"---\ntitle: \"x\"\n---\n".to_vec();
            t.extend_from_slice(bad);
            sb.write("content/about.md", t);
        }),
        (
            "a theme template",
            "themes/default/templates/page.html",
            |sb, bad| {
                sb.write("themes/default/templates/page.html", bad);
            },
        ),
    ];
    for (what, location, setup) in cases {
        let sb = Sandbox::new();
        setup(&sb, bad);
        let (log, code) = sb.build();
        assert_eq!(code, 1, "{what}: {log}");
        assert!(log.contains("error[invalid-utf8]"), "{what}: {log}");
        assert!(log.contains(location), "{what}: no `{location}` in\n{log}");
        assert!(!sb.out().exists(), "{what}: output written");
    }
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): invalid UTF-8 in a site's
/// `i18n/*.yaml` override became U+FFFD on every page, silently, where a template with the same
/// bytes is an `invalid-utf8` error.
#[test]
fn invalid_utf8_in_theme_strings_is_an_error() {
    let sb = Sandbox::new();
    let mut t = b"nav_tasks: \"Tasks \xff\xfe\"\n".to_vec();
    t.extend_from_slice(b"# end\n");
    sb.write("themes/default/i18n/en.yaml", t);
    let (log, code) = sb.build();
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("error[invalid-utf8]") && log.contains("themes/default/i18n/en.yaml"),
        "{log}"
    );
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): the Markdown sanitiser allowed
/// any `style` on `td` and `th` (meant for table alignment), so a pasted table cell could cover
/// the page (`position: fixed`) or load from another origin (`url(…)`).
#[test]
fn table_cell_styles_are_limited_to_alignment() {
    let sb = Sandbox::new();
    sb.write(
        "content/about.md",
        "---\ntitle: \"About\"\n---\n<table><tr><td style=\"position:fixed;inset:0;background:url(https://evil.example/t.png)\">cell</td></tr></table>\n\n| a | b |\n|:--|--:|\n| c | d |\n",
    );
    let (log, code) = sb.build();
    assert_eq!(code, 0, "{log}");
    let about = std::fs::read_to_string(sb.out().join("about/index.html")).unwrap();
    let styles: Vec<String> = common::start_tags(&about)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|(n, _)| n == "style")
        .map(|(_, v)| v)
        .collect();
    assert!(
        !styles.is_empty(),
        "the alignment of the Markdown table is gone"
    );
    for style in styles {
        assert!(
            style
                .trim_end_matches(';')
                .split(';')
                .all(|d| d.trim().starts_with("text-align")),
            "style=\"{style}\" reaches the page"
        );
    }
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): a stand-alone page is named by
/// its file (`content/<name>.md` → `/<name>/`), and the name was not checked like an id:
/// `content/About Us.md` built a link with a space, `content/<b>.md` failed the build with a
/// broken link, `content/...md` with "unsafe output path" (exit 2), and `check` passed all.
#[test]
fn page_file_names_are_checked_like_ids() {
    for name in ["About Us", "<b>", "..", "Giới-thiệu"] {
        let sb = Sandbox::new();
        sb.write(&format!("content/{name}.md"), "---\ntitle: \"x\"\n---\nx\n");
        let (out, err, code) = common::check(&sb.site(), &[]);
        assert_eq!(code, 1, "content/{name}.md passes check:\n{out}{err}");
        let refusal = format!(
            "content/{name}.md:1:1: error[invalid-id]: page name `{name}` cannot be a web address"
        );
        assert!(out.contains(&refusal), "no `{refusal}` in\n{out}");
        assert_eq!(
            (common::summary(&out).errors, common::summary(&out).warnings),
            (1, 0),
            "{out}"
        );
    }
}

/// Regression test (bug found with issue 6, fixed in 6c47ba4): heading ids made from the
/// heading text, and `id` on pasted HTML, could repeat an id of the page around the narrative:
/// `## Main` gave a second `id="main"` (the skip link's target), which is invalid HTML.
#[test]
fn narrative_ids_do_not_repeat_the_theme_ids() {
    let sb = Sandbox::new();
    sb.write(
        "content/about.md",
        "---\ntitle: \"About\"\n---\n## Main\n\n<p id=\"main\">x</p>\n",
    );
    let (log, code) = sb.build();
    assert_eq!(code, 0, "{log}");
    let about = std::fs::read_to_string(sb.out().join("about/index.html")).unwrap();
    let mut ids: Vec<String> = common::start_tags(&about)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|(n, _)| n == "id")
        .map(|(_, v)| v)
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "repeated ids in {about}");
}

#[test]
fn a_bom_and_crlf_line_endings_build_the_same_site() {
    let plain = Sandbox::new();
    copy_tree(&fixtures().join("theme_override"), &plain.site());
    let (log, code) = plain.build();
    assert_eq!(code, 0, "{log}");

    let dos = Sandbox::new();
    copy_tree(&fixtures().join("theme_override"), &dos.site());
    let mut converted = 0;
    for entry in walkdir::WalkDir::new(dos.site()) {
        let entry = entry.unwrap();
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() || !["yaml", "md", "html"].contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Templates keep their line endings (they are markup an author controls); data and
        // Markdown get a byte-order mark and CRLF, as a Windows editor saves them.
        let text = if ext == "html" {
            text.replace('\n', "\r\n")
        } else {
            format!("\u{feff}{}", text.replace('\n', "\r\n"))
        };
        std::fs::write(path, text).unwrap();
        converted += 1;
    }
    assert!(converted > 8, "only {converted} files converted");
    let (log, code) = dos.build();
    assert_eq!(code, 0, "{log}");

    let (a, b) = (read_tree(&plain.out()), read_tree(&dos.out()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &b {
        if path.ends_with(".png") {
            // Binary: its bytes may hold anything; the image must still be the same.
            assert!(bytes == &a[path], "{path} differs from the LF build");
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        // A CSV download starts with its own byte-order mark and ends its lines with CRLF, by
        // design; the workbooks and the zip are binary. All are the same as the LF build's.
        // The search index's chunks are gzip (pagefind/*/…, *.pf_meta, the wasm).
        let gzip =
            path.starts_with("pagefind/") && !path.ends_with(".js") && !path.ends_with(".json");
        let data = gzip || [".csv", ".xlsx", ".zip"].iter().any(|e| path.ends_with(e));
        if data {
            assert!(bytes == &a[path], "{path} differs from the LF build");
            continue;
        }
        assert!(
            !text.contains('\u{feff}'),
            "{path}: a byte-order mark in the output"
        );
        if path.ends_with(".html") {
            continue; // templates with CRLF give CRLF markup, which is valid HTML
        }

        assert!(
            !text.contains('\r'),
            "{path}: a carriage return in the output"
        );
        assert!(bytes == &a[path], "{path} differs from the LF build");
    }
    // The text of every page is the same; only the template's own line endings differ.
    for (path, bytes) in &b {
        if path.ends_with(".html") {
            let dos_text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
            assert_eq!(dos_text, String::from_utf8_lossy(&a[path]), "{path}");
        }
    }
}

#[test]
fn the_example_site_has_no_executable_markup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (_, stderr, code) = build(root, &tmp.path().join("public"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_inert(&tmp.path().join("public"));
}

#[test]
fn the_inertness_check_finds_what_it_looks_for() {
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">",
        "<a href=\" jAvA&#x09;script&colon;x\">",
        "<a href='&#106;avascript:x'>",
        "<svg><a xlink:href=\"javascript:x\">",
        "<iframe srcdoc=\"x\">",
        "<meta http-equiv=\"Refresh\" content=\"0\">",
        "<div style=\"background:url(javascript:x)\">",
        "<a title=\"a > b\" onmouseover=x>",
        "<set attributeName=\"href\" to=\"javascript:x\">",
    ] {
        assert!(
            !common::executable_markup(bad).is_empty(),
            "not caught: {bad}"
        );
    }
    for fine in [
        "<p title=\"onclick=x\">on&lt;script&gt;</p>",
        "<a href=\"/x/\">javascript: a word</a>",
        "<!-- <script> -->",
        "<td style=\"text-align: right\">",
        "<text>&lt;/svg&gt;&lt;script&gt;</text>",
    ] {
        assert!(
            common::executable_markup(fine).is_empty(),
            "false alarm: {fine}: {:?}",
            common::executable_markup(fine)
        );
    }
    // The theme's own scripts are allowed byte for byte, and only they: a changed one, or
    // another beside them, is still found.
    let scripts = common::theme_scripts();
    assert!(scripts.len() >= 2, "{scripts:?}");
    let page = format!("<p>{}</p>", scripts.join(""));
    assert!(common::executable_markup(&common::without_theme_scripts(&page, &scripts)).is_empty());
    for bad in [
        format!("{}<script>x</script>", scripts[0]),
        scripts[0].replace("(function () {", "(function () { x();"),
    ] {
        let left = common::without_theme_scripts(&bad, &scripts);
        assert!(
            !common::executable_markup(&left).is_empty(),
            "not caught: {bad}"
        );
    }
}
