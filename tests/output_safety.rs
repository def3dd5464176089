//! What `build` leaves on disk and where its addresses point, as a user meets them: the output
//! folder is replaced in one step and never lost; folders of killed builds do not stay beside
//! it (they hold withdrawn pages, and the parent folder is often served); two builds of one
//! output do not interleave; a link or a file in the output's place is refused; and a base URL,
//! from site.yaml or `--base-url`, is checked once, by one parser, before anything is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, copy_tree, read_tree, site_from};
use minhbach::output::Staging;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};

/// Every entry of `parent` but the build cache (`.minhbach-cache`, meant to stay beside the
/// output: `tests/build_cache.rs`).
fn entries(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != minhbach::cache::FOLDER)
        .collect();
    names.sort();
    names
}

/// A site built once into `<tmp>/public`: the site, the folder holding the output, and what
/// the build wrote.
fn built_once() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let site = site_from(&["build"]);
    let parent = tempfile::tempdir().unwrap();
    let (out, err, code) = build(site.path(), &parent.path().join("public"), &[]);
    assert_eq!(code, 0, "{out}{err}");
    let files = read_tree(&parent.path().join("public"));
    (site, parent, files)
}

fn set_base_url(site: &Path, line: &str) {
    let path = site.join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let old = "base_url: \"https://example.org/test/\"";
    assert!(yaml.contains(old), "{yaml}");
    std::fs::write(&path, yaml.replace(old, line)).unwrap();
}

// Issue 16, item 5: the output folder.

#[test]
fn folders_left_by_killed_builds_are_removed_by_the_next_build() {
    let (site, parent, first) = built_once();
    let out = parent.path().join("public");
    // A build killed while writing left its staging folder; one killed in the middle of the
    // switch left the previous site under its temporary name. Both hold a withdrawn page.
    for name in [
        ".public.minhbach-new-4194304",
        ".public.minhbach-old-4194305",
    ] {
        copy_tree(&out, &parent.path().join(name));
        std::fs::write(parent.path().join(name).join("withdrawn.html"), "x").unwrap();
    }
    // Its lock file stays too, unlocked: the system released the lock with the process.
    std::fs::write(parent.path().join(".public.minhbach.lock"), "").unwrap();
    // Not this output's debris: another output's folder, and names that only look alike.
    std::fs::create_dir(parent.path().join(".other.minhbach-new-7")).unwrap();
    std::fs::write(parent.path().join(".public.minhbach-notes"), "mine").unwrap();
    std::fs::write(parent.path().join("notes.txt"), "mine").unwrap();

    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        entries(parent.path()),
        [
            ".other.minhbach-new-7",
            ".public.minhbach-notes",
            "notes.txt",
            "public"
        ]
    );
    assert_eq!(read_tree(&out), first, "the site changed");
}

#[test]
fn a_build_killed_between_the_two_renames_is_repaired_by_the_next_build() {
    let (site, parent, first) = built_once();
    let out = parent.path().join("public");
    // Where the filesystem cannot exchange folders, the previous site is renamed away before
    // the new one comes in; a kill in between leaves no output, only this.
    std::fs::rename(&out, parent.path().join(".public.minhbach-old-4194305")).unwrap();
    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(entries(parent.path()), ["public"]);
    assert_eq!(read_tree(&out), first);
}

#[test]
fn the_new_site_takes_the_place_of_the_old_one_and_nothing_is_left_beside_it() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let first = Staging::new(&out).unwrap();
    first.write("index.html", b"old").unwrap();
    first.commit().unwrap();
    let second = Staging::new(&out).unwrap();
    second.write("index.html", b"new").unwrap();
    second.write("en/index.html", b"new").unwrap();
    // While a build writes, readers still get the previous site.
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "old"
    );
    second.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "new"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("en/index.html")).unwrap(),
        "new"
    );
    assert_eq!(entries(parent.path()), ["public"]);
}

#[test]
fn a_build_while_another_is_writing_stops_and_touches_nothing() {
    let (site, parent, first) = built_once();
    let out = parent.path().join("public");
    // A build in progress, through the library: it holds the output until it commits.
    let live = Staging::new(&out).unwrap();
    live.write("index.html", b"in progress").unwrap();

    let (_, stderr, code) = build(site.path(), &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error: another minhbach build is writing")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    let (_, stderr, code) = build(site.path(), &out, &["--lang", "vi"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("lỗi: một lần chạy minhbach build khác đang ghi vào"),
        "{stderr}"
    );
    assert_eq!(
        read_tree(&out),
        first,
        "the site changed under a live build"
    );

    // The live build's staging folder was not taken for debris: it commits.
    live.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "in progress"
    );
    assert_eq!(entries(parent.path()), ["public"]);
}

#[test]
fn two_builds_at_once_end_with_one_complete_site_and_no_debris() {
    let (site, parent, first) = built_once();
    let out = parent.path().join("public");
    for _round in 0..3 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_minhbach"))
                    .args(["build", "--lang", "en", "--root"])
                    .arg(site.path())
                    .arg("--output")
                    .arg(&out)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut succeeded = 0;
        for child in builds {
            let done = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&done.stderr);
            match done.status.code() {
                Some(0) => succeeded += 1,
                // The one that found the other writing says so.
                Some(2) if stderr.contains("another minhbach build is writing") => {}
                other => panic!("build ended with {other:?}:\n{stderr}"),
            }
        }
        assert!(succeeded >= 1, "neither build wrote the site");
        assert_eq!(entries(parent.path()), ["public"]);
        assert_eq!(read_tree(&out), first, "the site is not the complete build");
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_is_refused_and_left_alone() {
    let (site, parent, first) = built_once();
    let link = parent.path().join("current");
    std::os::unix::fs::symlink(parent.path().join("public"), &link).unwrap();
    let (_, stderr, code) = build(site.path(), &link, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read_tree(&link), first);
    assert_eq!(entries(parent.path()), ["current", "public"]);
}

#[test]
fn an_output_that_is_a_file_is_refused_and_left_alone() {
    let site = site_from(&["build"]);
    let parent = tempfile::tempdir().unwrap();
    let file = parent.path().join("public");
    std::fs::write(&file, "mine").unwrap();
    let (_, stderr, code) = build(site.path(), &file, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a file, not a folder"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(entries(parent.path()), ["public"]);
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
        .args([
            "serve",
            "--port",
            "0",
            "--lang",
            "en",
            "--base-url",
            "not a url",
        ])
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
