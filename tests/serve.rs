//! `minhbach serve` as an author uses it: start it, open a page, edit, break and fix files,
//! and try to read outside the site. Talks plain HTTP/1.1 over a socket (no client library).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `minhbach serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    _site: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let site = common::site_from(&["build"]);
    let root = site.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        // As an author runs it: in the site folder, where its source files are at hand.
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving <root> at http://127.0.0.1:PORT/test/"
    let url = line
        .split_whitespace()
        .last()
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    Server {
        child,
        address,
        _site: site,
        root,
    }
}

/// GET `path` exactly as written (no normalisation): status, headers, body.
fn get(address: &str, path: &str) -> (u16, String, String) {
    let (status, head, body) = get_bytes(address, path);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// GET `path`: status, headers, and the body's bytes.
fn get_bytes(address: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let body = raw.get(end + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, body)
}

/// Poll until the page satisfies `ok`, or fail after a few seconds with the last response.
fn wait_until(address: &str, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let start = Instant::now();
    loop {
        let (status, _, body) = get(address, path);
        if ok(status, &body) {
            return (status, body);
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out on {path}: {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const REPORT: &str = "/test/reports/alpha/2025-04/";

#[test]
fn an_edit_is_served_and_a_broken_file_shows_every_problem_until_fixed() {
    let server = start();
    let (status, _, body) = get(&server.address, REPORT);
    assert_eq!(status, 200);
    assert!(body.contains("Tỷ lệ trực tuyến"), "{body}");
    assert!(
        body.contains("/__minhbach/wait"),
        "the live-reload script is injected in serve mode"
    );

    // An author edits the narrative: the new text is served.
    let md = server.root.join("content/reports/alpha/2025-04.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replace("Tỷ lệ trực tuyến", "Câu mới vừa sửa")).unwrap();
    wait_until(&server.address, REPORT, |s, b| {
        s == 200 && b.contains("Câu mới vừa sửa")
    });

    // A typo in the data: every page shows the error page with file, line, column and help.
    let data = server.root.join("data/provinces/alpha.yaml");
    let good = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, good.replace("numerator: 300", "numeratr: 300")).unwrap();
    let (status, body) = wait_until(&server.address, REPORT, |s, _| s == 500);
    assert_eq!(status, 500);
    assert!(body.contains("data/provinces/alpha.yaml:13:"), "{body}");
    assert!(
        !body.contains("unknown-province"),
        "one typo, one error:\n{body}"
    );
    assert!(
        body.contains("[unknown-field]") && body.contains("numeratr"),
        "{body}"
    );
    assert!(
        body.contains("/__minhbach/wait"),
        "the error page reloads itself too"
    );
    // In plain words, the root error first, and the narrative's citation of the broken figure
    // folded under it as a knock-on error.
    assert!(body.contains("<h1>Dữ liệu có lỗi</h1>"), "{body}");
    let root = body.find("[unknown-field]").unwrap();
    let knock_on = body
        .find("<details><summary>→ ")
        .unwrap_or_else(|| panic!("{body}"));
    assert!(root < knock_on, "{body}");
    assert!(body[knock_on..].contains("[missing-figure]"), "{body}");
    // Set in the embedded font, which the preview serves itself.
    assert!(body.contains("src:url(\"/__minhbach/font.ttf\")"), "{body}");
    let (status, head, font) = get_bytes(&server.address, "/__minhbach/font.ttf");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("font/ttf"), "{head}");
    assert_eq!(&font[..4], &[0, 1, 0, 0], "a TrueType font");

    // Fixed: the page comes back by itself, with the edit still there.
    std::fs::write(&data, good).unwrap();
    wait_until(&server.address, REPORT, |s, b| {
        s == 200 && b.contains("Câu mới vừa sửa")
    });
}

/// The site is served from memory: a request can only return a file the build produced. Each
/// input names a real file of the site folder (its settings, data or Markdown) in a spelling
/// a naive file server would resolve; each must get the site's own "not found" page. The
/// path-cleaning rules cannot show here (a path that slipped through them would still miss
/// the in-memory table): `request_paths_are_decoded_and_every_way_out_is_refused` tests them.
#[test]
fn nothing_outside_the_built_site_can_be_read() {
    let server = start();
    // The control: a built page is served, also through percent-encoding.
    let (status, _, body) = get(&server.address, "/test/provinces/%61lpha/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Tỉnh Alpha"), "{body}");
    let (status, _, not_found) = get(&server.address, "/test/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        not_found.contains("<title>Không tìm thấy trang"),
        "the site's own 404 page: {not_found}"
    );
    for path in [
        "/site.yaml",
        "/test/site.yaml",
        "/test/data/provinces/alpha.yaml",
        "/data/provinces/alpha.yaml",
        "/test/content/reports/alpha/2025-04.md",
        "/content/about.md",
        "/test/../site.yaml",
        "/test/%2e%2e/site.yaml",
        "/test/..%2fdata/provinces/alpha.yaml",
        "/../../etc/passwd",
    ] {
        let (status, _, body) = get(&server.address, path);
        assert_eq!((status, &body), (404, &not_found), "{path}");
    }
}

/// `clean_path` decides what a request path means before the server looks it up. Every rule
/// has inputs that only it refuses, so deleting any one rule fails an assertion; the accepted
/// inputs show the path comes out decoded exactly once and that the rules refuse no more than
/// they should (`..data` is a name, not `..`).
#[test]
fn request_paths_are_decoded_and_every_way_out_is_refused() {
    use minhbach::serve::clean_path;
    let accepted = [
        ("/test/provinces/alpha/", "/test/provinces/alpha/"),
        ("/test/provinces/%C4%91%C3%B4ng/", "/test/provinces/đông/"),
        ("/test/a%20b/", "/test/a b/"),
        ("/test/100%25/", "/test/100%/"),
        ("/test/%2541/", "/test/%41/"),
        ("/test/..data/.well-known", "/test/..data/.well-known"),
        ("/", "/"),
    ];
    let mut wrong: Vec<String> = accepted
        .iter()
        .filter(|(raw, cleaned)| clean_path(raw).as_deref() != Some(*cleaned))
        .map(|(raw, cleaned)| format!("{raw}: {:?}, expected {cleaned:?}", clean_path(raw)))
        .collect();
    // (input, the one rule that refuses it)
    let refused = [
        ("/test/%zz/", "a malformed escape"),
        ("/test/%2", "a malformed escape"),
        ("/test/style.css%", "a malformed escape"),
        ("/test/%c3%28", "bytes that are not UTF-8"),
        ("/test/%ff/", "bytes that are not UTF-8"),
        ("test/index.html", "a path that does not start with /"),
        ("/test/a%5cb", "a backslash"),
        ("/test/..\\site.yaml", "a backslash"),
        ("/test/%2e%2e%5c%2e%2e%5csite.yaml", "a backslash"),
        ("/test/index.html%00", "NUL"),
        ("/test/provinces/alpha/..%00/index.html", "NUL"),
        ("/test/../site.yaml", "a `..` segment"),
        ("/test/%2e%2e/site.yaml", "a `..` segment"),
        ("/test/%2E%2E%2Fsite.yaml", "a `..` segment"),
        ("/test/..", "a `..` segment"),
        ("/test/./index.html", "a `.` segment"),
        ("/test/%2e/index.html", "a `.` segment"),
        ("/test/provinces/alpha/.", "a `.` segment"),
    ];
    wrong.extend(
        refused
            .iter()
            .filter(|(raw, _)| clean_path(raw).is_some())
            .map(|(raw, rule)| format!("{raw}: {:?}, must be refused ({rule})", clean_path(raw))),
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_base_path_is_served_like_the_real_host() {
    let server = start();
    let (status, head, _) = get(&server.address, "/");
    assert_eq!(status, 302);
    assert!(
        head.contains("Location: /test/") || head.contains("location: /test/"),
        "{head}"
    );
    let (status, _, body) = get(&server.address, "/test/provinces/alpha/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/test/style.css\""));
    let (status, _, _) = get(&server.address, "/provinces/alpha/");
    assert_eq!(status, 404, "pages live under the base path only");
    let (status, head, _) = get(&server.address, "/test/provinces/alpha");
    assert_eq!(status, 302, "a folder without its slash redirects");
    assert!(head
        .to_ascii_lowercase()
        .contains("location: /test/provinces/alpha/"));
    let (status, head, _) = get(&server.address, "/test/style.css");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/css"));
}

#[test]
fn the_reload_script_never_reaches_a_built_site() {
    let site = common::site_from(&["build"]);
    let out = site.path().join("public");
    assert_eq!(common::build(site.path(), &out, &[]).2, 0);
    for (path, bytes) in common::read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__minhbach"),
            "{path}"
        );
    }
}

/// The preview renders a share image's PNG only when asked for it (the build writes them all):
/// the page links it, and it is served as a PNG; a PNG of nothing is not found.
#[test]
fn a_share_png_is_rendered_when_asked_for() {
    let server = start();
    let (status, _, page) = get(&server.address, "/test/provinces/alpha/");
    assert_eq!(status, 200);
    let png = "/test/charts/progress-alpha.vi.share.png";
    assert!(page.contains(png), "{page}");
    let (status, head, body) = get(&server.address, png);
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: image/png"),
        "{head}"
    );
    // The signature (0x89 "PNG" CR LF …) and the header chunk, read through lossy UTF-8.
    assert!(body.starts_with("\u{fffd}PNG\r\n"), "not a PNG");
    assert!(body.contains("IHDR"), "not a PNG");
    let (status, _, _) = get(&server.address, "/test/charts/nothing.vi.share.png");
    assert_eq!(status, 404);
}

/// The preview makes a data download when it is asked for: the same bytes as `build` writes,
/// with the type of the file; a `data/` path that names no download is not found.
#[test]
fn a_download_is_made_when_asked_for_with_the_bytes_build_writes() {
    let server = start();
    let out = tempfile::tempdir().unwrap();
    let (_, stderr, code) = common::build(&server.root, out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let built = common::read_tree(out.path());
    for (file, content_type) in [
        ("data/figures.csv", "text/csv; charset=utf-8"),
        (
            "data/provinces/alpha.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("data/reports/alpha/2025-04.json", "application/json"),
        ("data/datapackage.json", "application/json"),
        ("data/all-data.zip", "application/zip"),
    ] {
        let (status, head, body) = get_bytes(&server.address, &format!("/test/{file}"));
        assert_eq!(status, 200, "{file}: {head}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-type: {content_type}\r\n")),
            "{file}: {head}"
        );
        assert!(built[file] == body, "{file} is not what build writes");
        // Asked again (kept this time): the same bytes.
        let (_, _, again) = get_bytes(&server.address, &format!("/test/{file}"));
        assert!(again == body, "{file} changed when asked again");
    }
    for missing in [
        "/test/data/provinces/nowhere.csv",
        "/test/data/figures.xml",
        "/test/data/provinces/beta.csv",
    ] {
        let (status, _, _) = get(&server.address, missing);
        assert_eq!(status, 404, "{missing}");
    }
    // The Data page itself lives under `data/` too, and is served.
    let (status, _, page) = get(&server.address, "/test/data/");
    assert_eq!(status, 200);
    assert!(page.contains("figures.csv"), "{page}");
}

/// The preview makes the search index when the search page first asks for a file of it: the
/// same bytes as `build` writes; a `pagefind/` path the bundle does not have is not found.
#[test]
fn the_search_index_is_made_when_asked_for_with_the_bytes_build_writes() {
    let server = start();
    let out = tempfile::tempdir().unwrap();
    let (_, stderr, code) = common::build(&server.root, out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let built = common::read_tree(out.path());
    let bundle: Vec<&String> = built
        .keys()
        .filter(|f| f.starts_with("pagefind/"))
        .collect();
    assert!(
        bundle.iter().any(|f| f.as_str() == "pagefind/pagefind.js"),
        "{bundle:?}"
    );
    for file in bundle {
        let (status, head, body) = get_bytes(&server.address, &format!("/test/{file}"));
        assert_eq!(status, 200, "{file}: {head}");
        assert!(built[file] == body, "{file} is not what build writes");
    }
    let (status, _, _) = get(&server.address, "/test/pagefind/nothing.pf_meta");
    assert_eq!(status, 404);
}
