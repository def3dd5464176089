//! Hostile YAML and hostile text, through the real binary: input a site author could write by
//! mistake, or a pull request to a site could write on purpose, must give located diagnostics
//! in a bounded time and space — never a crash, never minutes, never raw control characters on
//! the author's terminal.
//!
//! Nesting thousands of levels deep is tried in each kind of YAML file minhbach reads: a
//! province file, a page's front matter, `site.yaml` and a theme's interface strings. The
//! growth of time with the size of such input is measured by `scripts/bench` (tests hold no
//! timings); here only what an author sees is asserted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, check, check_default_lang, run, site_from, site_with};
use std::path::Path;

/// Deeper than anything minhbach accepts (128 levels), deep enough to overflow a recursive
/// parser's stack.
const DEEP: usize = 5_000;

/// `- - - … x` on one line: a block sequence `DEEP` levels deep.
fn deep_block() -> String {
    format!("{}x", "- ".repeat(DEEP))
}

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `check` and `build` both refuse the site with exit code 1 (not a crash, exit 134) and name
/// the place where the nesting passes 128 levels, with the rule's code.
fn assert_too_deep(root: &Path, location: &str) {
    assert_check_too_deep(root, location);
    assert_build_too_deep(root, location);
}

fn assert_check_too_deep(root: &Path, location: &str) {
    let (out, err, code) = check(root, &[]);
    assert_eq!(code, 1, "check: exit {code}\n{err}");
    let headline = format!("{location}: error[nesting-too-deep]: ");
    assert!(
        out.contains(&headline),
        "check: no `{headline}` in:\n{out}{err}"
    );
    assert!(out.contains("help: "), "{out}");
    // The Vietnamese text is the default.
    let (vi, _, code) = check_default_lang(root, &[]);
    assert_eq!(code, 1);
    assert!(
        vi.contains(&format!(
            "{location}: lỗi[nesting-too-deep]: dữ liệu lồng nhau"
        )),
        "{vi}"
    );
}

fn assert_build_too_deep(root: &Path, location: &str) {
    let headline = format!("{location}: error[nesting-too-deep]: ");
    let output = tempfile::tempdir().unwrap();
    let (_, err, code) = build(root, &output.path().join("public"), &[]);
    assert_eq!(code, 1, "build: exit {code}\n{err}");
    assert!(err.contains(&headline), "build: no `{headline}` in:\n{err}");
    assert!(err.contains("help: "), "{err}");
    assert!(!output.path().join("public").exists(), "nothing is written");
}

#[test]
fn deep_block_nesting_in_a_province_file_is_a_located_error() {
    let site = site_with(None);
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        format!(
            "# SYNTHETIC\nname: {{ vi: \"Gamma\", en: \"Gamma\" }}\nobservations:\n  {}\n",
            deep_block()
        ),
    );
    // Level 1 is the file's mapping, level 2 the list at column 3; each `- ` adds a level.
    assert_too_deep(site.path(), "data/provinces/gamma.yaml:4:257");
}

#[test]
fn a_province_file_that_is_only_a_deep_list_is_a_located_error() {
    let site = site_with(None);
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        deep_block() + "\n",
    );
    assert_too_deep(site.path(), "data/provinces/gamma.yaml:1:257");
}

#[test]
fn deep_block_nesting_in_front_matter_is_a_located_error() {
    let site = site_with(None);
    write(
        site.path(),
        "content/deep.md",
        format!(
            "---\ntitle: \"Deep\"\nsummary:\n  {}\n---\nBody\n",
            deep_block()
        ),
    );
    assert_too_deep(site.path(), "content/deep.md:4:257");
}

#[test]
fn deep_block_nesting_in_site_yaml_is_a_located_error() {
    let site = site_with(None);
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let line = settings.lines().count() + 2;
    write(
        site.path(),
        "site.yaml",
        format!("{settings}key_indicators:\n  {}\n", deep_block()),
    );
    assert_too_deep(site.path(), &format!("site.yaml:{line}:257"));
}

#[test]
fn deep_block_nesting_in_theme_strings_is_a_located_error() {
    let site = site_with(None);
    write(
        site.path(),
        "themes/default/i18n/en.yaml",
        format!("nav_home:\n  {}\n", deep_block()),
    );
    // `check` reads the theme as `build` does: both refuse it, at the same place.
    assert_too_deep(site.path(), "themes/default/i18n/en.yaml:2:257");
}

#[test]
fn forty_thousand_levels_of_flow_nesting_are_a_located_error() {
    let site = site_with(None);
    let n = 40_000;
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        format!(
            "name: {{ vi: \"Gamma\", en: \"Gamma\" }}\n\nobservations: {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    // The first `[` (column 15) is level 2; the 128th after it is level 129.
    assert_too_deep(site.path(), "data/provinces/gamma.yaml:3:142");
}

#[test]
fn flow_nesting_inside_front_matter_and_behind_quotes_is_caught() {
    // Closing brackets inside quoted text do not close anything: a naive bracket count would
    // be fooled into letting the YAML parser meet all the levels.
    let site = site_with(None);
    let n = 20_000;
    write(
        site.path(),
        "content/deep.md",
        format!(
            "---\ntitle: \"Deep\"\nsummary: {}x{}\n---\nBody\n",
            "[ \"]\", ".repeat(n),
            "]".repeat(n)
        ),
    );
    // `summary:`'s list is level 2 at column 10; each `[ "]", ` is 7 characters.
    assert_too_deep(site.path(), &format!("content/deep.md:3:{}", 10 + 7 * 127));
}

/// A running `minhbach serve`, stopped when dropped (also when a test fails).
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_stays_up_on_a_deep_file_and_recovers_when_it_is_fixed() {
    use std::io::{BufRead, BufReader, Read, Write};
    let site = site_from(&["build"]);
    let mut server = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(["serve", "--port", "0", "--lang", "en", "--root"])
            .arg(site.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.split_whitespace().last().unwrap().to_string();
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let get = |path: &str| -> String {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        let _ = stream.read_to_string(&mut body);
        body
    };
    let wait_for = |child: &mut std::process::Child, what: &str, ok: &dyn Fn(&str) -> bool| {
        for _ in 0..300 {
            assert!(child.try_wait().unwrap().is_none(), "serve stopped");
            if ok(&get("/test/")) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the preview never showed {what}:\n{}", get("/test/"));
    };
    let home = |page: &str| page.contains("<main") && !page.contains("error[");
    wait_for(child, "the home page", &home);
    let province = site.path().join("data/provinces/gamma.yaml");
    std::fs::write(&province, deep_block() + "\n").unwrap();
    wait_for(child, "the error", &|page| {
        page.contains("gamma.yaml:1:257: error[nesting-too-deep]")
    });
    std::fs::remove_file(&province).unwrap();
    wait_for(child, "the home page again", &home);
}

/// Run `minhbach check` with its data segment limited to `kilobytes` (Linux `ulimit -d`).
fn check_within_memory(root: &Path, kilobytes: u64) -> (String, String, i32) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -d {kilobytes} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_minhbach"))
        .args(["check", "--lang", "en", "--root"])
        .arg(root)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_megabyte_long_unknown_id_or_field_is_reported_within_100_mb() {
    // The "did you mean" search compared the whole megabyte against every indicator id with a
    // full edit-distance table (350 MB on the example site); the site itself needs about 10.
    let site = site_with(None);
    let long = "x".repeat(1_000_000);
    let report = site.path().join("content/reports/alpha/2025-04.md");
    let mut text = std::fs::read_to_string(&report).unwrap();
    text.push_str(&format!("\n{{{{ value(indicator=\"{long}\") }}}}\n"));
    std::fs::write(&report, text).unwrap();
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        // An explicit key (`? `): YAML allows no longer implicit key than 1,024 characters.
        format!("name: {{ vi: \"Gamma\", en: \"Gamma\" }}\n? {long}\n: 1\n"),
    );
    let (out, err, code) = check_within_memory(site.path(), 100_000);
    assert_eq!(code, 1, "exit {code}: {err}");
    assert!(out.contains("error[unknown-indicator]"), "{err}");
    assert!(out.contains("error[unknown-field]"), "{err}");
    assert!(
        !out.contains("did you mean"),
        "nothing is close to a megabyte of x"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_long_key_over_a_long_list_is_located_within_100_mb() {
    // The locator wrote the key into the path of every item below it: 4 GB for this 280 KB file.
    let site = site_with(None);
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        format!(
            "name: {{ vi: \"Gamma\", en: \"Gamma\" }}\n? {}\n: [{}]\n",
            "k".repeat(200_000),
            vec!["a"; 20_000].join(", ")
        ),
    );
    let (out, err, code) = check_within_memory(site.path(), 100_000);
    assert_eq!(code, 1, "exit {code}: {err}");
    assert!(
        out.contains("data/provinces/gamma.yaml:2:3: error[unknown-field]"),
        "{err}"
    );
}

#[test]
fn ten_thousand_diagnostics_in_one_file_each_quote_their_own_line() {
    let site = site_with(None);
    let mut text = String::from(
        "name: { vi: \"Gamma\", en: \"Gamma\" }\r\nobservations:\r\n  - period: \"2025-04\"\r\n    source: \"s\"\r\n    values:\r\n",
    );
    for i in 0..10_000 {
        text.push_str(&format!("      unknown-{i}: 1\r\n"));
    }
    write(site.path(), "data/provinces/gamma.yaml", text.trim_end());
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    let mut seen = 0;
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.strip_prefix("data/provinces/gamma.yaml:") else {
            continue;
        };
        let line: usize = rest.split(':').next().unwrap().parse().unwrap();
        let id = line - 6;
        assert!(l.contains(&format!("`unknown-{id}`")), "{l}");
        assert_eq!(lines[i + 2], format!("{line} |       unknown-{id}: 1"));
        seen += 1;
    }
    assert_eq!(seen, 10_000);
}

#[test]
fn a_very_long_line_is_quoted_around_the_caret_only() {
    let site = site_with(None);
    let long = "Tỉnh Đồng Tháp, ".repeat(100_000);
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        format!("# SYNTHETIC\nname: {{ vi: \"{long}\", en: \"x\", zz: 1 }}\n"),
    );
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.len() < 2_000, "{} bytes of output", out.len());
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("error[unknown-field]"))
        .unwrap();
    let quoted = lines[at + 2].strip_prefix("2 | ").unwrap();
    let caret = lines[at + 3].strip_prefix("  | ").unwrap();
    assert!(
        quoted.starts_with('…') && quoted.contains("Đồng Tháp"),
        "{quoted}"
    );
    assert!(quoted.ends_with("en: \"x\", zz: 1 }"), "{quoted}");
    assert_eq!(caret.trim_start(), "^");
    let column = caret.chars().count() - 1;
    let under: String = quoted.chars().skip(column).take(2).collect();
    assert_eq!(
        under, "zz",
        "the caret points at the unknown field:\n{quoted}\n{caret}"
    );
}

#[test]
fn a_nul_byte_is_located_where_it_is() {
    let site = site_with(None);
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        "# SYNTHETIC\nname: { vi: \"Gamma\", en: \"Gamma\" }\ncode: \"9\u{0}9\"\n",
    );
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("data/provinces/gamma.yaml:3:9: error[control-character]: "),
        "{out}"
    );
    // The character itself is shown escaped, and the caret is under it.
    assert!(
        out.contains("3 | code: \"9\\u{0}9\"\n  |         ^\n"),
        "{out}"
    );
}

#[test]
fn control_and_bidi_characters_reach_the_terminal_escaped() {
    let site = site_with(None);
    // A file name that would colour the terminal red, and one that reverses the text after it.
    write(
        site.path(),
        "content/a\u{1b}[31mred.md",
        "---\ntitle: \"x\"\n---\n",
    );
    write(
        site.path(),
        "data/provinces/gamma.yaml",
        "name: { vi: \"G\u{202e}amma\", en: \"x\", zz: 1 }\n",
    );
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("content/a\\u{1b}[31mred.md"), "{out}");
    assert!(
        out.contains("1 | name: { vi: \"G\\u{202e}amma\", en: \"x\", zz: 1 }\n"),
        "{out}"
    );
    // The caret still points at `zz`.
    assert!(
        out.contains(&format!("\n  | {}^\n", " ".repeat(38))),
        "{out}"
    );
    // Paths the command line prints are escaped too.
    let missing = site.path().join("no\u{202e}where");
    let (_, err, code) = run(&["check", "--lang", "en", "--root", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        !err.contains('\u{202e}') && err.contains("no\\u{202e}where"),
        "{err:?}"
    );
}

#[test]
fn a_page_in_a_folder_that_is_not_published_is_a_warning() {
    let site = site_with(None);
    write(
        site.path(),
        "content/notes/draft.md",
        "---\ntitle: \"Notes\"\n---\nText\n",
    );
    let (out, err, code) = check(site.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("content/notes/draft.md: warning[unpublished-page]: "),
        "{out}"
    );
    assert!(
        out.contains("content/reports/"),
        "the help names the published folders: {out}"
    );
}

/// `rule!(fixture, "code", "error"|"warning", exit_code)`: the fixture under
/// `tests/fixtures/invalid/` gives the rule, and the whole `check` output is snapshotted (as
/// `tests/check_rules.rs` does for the other rules).
macro_rules! rule {
    ($name:ident, $code:literal, $severity:literal, $exit:literal) => {
        #[test]
        fn $name() {
            let site = site_with(Some(stringify!($name)));
            let (out, err, code) = check(site.path(), &[]);
            let tag = format!("{}[{}]", $severity, $code);
            assert!(out.contains(&tag), "expected {tag} in:\n{out}{err}");
            assert_eq!(code, $exit, "exit code for:\n{out}");
            insta::assert_snapshot!(stringify!($name), out);
            let (vi, _, _) = check_default_lang(site.path(), &[]);
            insta::assert_snapshot!(concat!("vi_", stringify!($name)), vi);
        }
    };
}

rule!(nesting_too_deep, "nesting-too-deep", "error", 1);
rule!(alias_expansion, "alias-expansion", "error", 1);
rule!(control_character, "control-character", "error", 1);
rule!(unpublished_page, "unpublished-page", "warning", 0);
