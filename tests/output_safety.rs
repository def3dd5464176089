//! What `build` leaves on disk and where its addresses point, as a user meets them: the output
//! folder is replaced in one step and never lost; folders of killed builds do not stay beside
//! it (they hold withdrawn pages, and the parent folder is often served); two builds of one
//! output do not interleave; a link or a file in the output's place is refused; and a base URL,
//! from site.yaml or `--base-url`, is checked once, by one parser, before anything is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, site_from};
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};

fn set_base_url(site: &Path, line: &str) {
    let path = site.join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let old = "base_url: \"https://example.org/test/\"";
    assert!(yaml.contains(old), "{yaml}");
    std::fs::write(&path, yaml.replace(old, line)).unwrap();
}

// Issue 16, item 7: the base URL.

#[test]
fn a_line_break_in_base_url_is_a_located_error_and_nothing_is_written() {
    // The base site: no Markdown link that a broken base path would catch by chance.
    let site = site_from(&[]);
    // Without a space it passed the old check, and robots.txt told every crawler to go away.
    set_base_url(
        site.path(),
        "base_url: \"https://example.org/test/\\nDisallow:/\"",
    );
    let out = site.path().join("public");
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!out.exists(), "something was written");
    insta::assert_snapshot!("base_url_line_break_en", stderr);
    let (_, stderr, code) = build(site.path(), &out, &["--lang", "vi"]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!("base_url_line_break_vi", stderr);
}

#[test]
fn an_invalid_base_url_flag_is_one_clear_error_before_anything_is_read() {
    let site = site_from(&["build"]);
    let out = site.path().join("public");
    let (_, stderr, code) = build(site.path(), &out, &["--base-url", "not a url"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: --base-url: `not a url` is not an absolute web address\n  \
         help: write the address the site will be served at, e.g. \"https://example.org/dashboards/\"\n"
    );
    let (_, stderr, code) = build(
        site.path(),
        &out,
        &["--base-url", "not a url", "--lang", "vi"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "lỗi: --base-url: `not a url` không phải là một địa chỉ web đầy đủ\n  \
         gợi ý: hãy viết địa chỉ mà trang web sẽ được đăng lên, bắt đầu bằng https://, ví dụ \"https://example.org/dashboards/\"\n"
    );
    let (_, stderr, code) = build(
        site.path(),
        &out,
        &["--base-url", "https://example.org/\nDisallow:/"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: --base-url: `https://example.org/\\nDisallow:/` contains a space, a line break or another invisible character\n"),
        "{stderr}"
    );
    assert!(!out.exists(), "something was written");
}

#[test]
fn serve_refuses_an_invalid_base_url_before_listening() {
    let site = site_from(&["build"]);
    let mut serve = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--lang", "en", "--base-url", "not a url"])
        .arg("--root")
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A server that started prints its address first; one that refused prints nothing.
    let mut first_line = String::new();
    let stdout = serve.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .read_line(&mut first_line)
        .unwrap();
    if !first_line.is_empty() {
        let _ = serve.kill();
        let _ = serve.wait();
        panic!("serve started with an invalid --base-url: {first_line}");
    }
    let done = serve.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: --base-url: `not a url` is not an absolute web address\n"),
        "{stderr}"
    );
}

#[test]
fn a_base_url_with_a_subpath_and_no_final_slash_still_builds() {
    let site = site_from(&["build"]);
    set_base_url(site.path(), "base_url: \"https://example.org/dash/board\"");
    let out = site.path().join("public");
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/dash/board/sitemap.xml\n"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/dash/board/provinces/alpha/</loc>"),
        "{sitemap}"
    );
    let (_, stderr, code) = build(
        site.path(),
        &out,
        &["--base-url", "http://localhost:8000/preview"],
    );
    assert_eq!(code, 0, "{stderr}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"/preview/provinces/\""), "{home}");
}
