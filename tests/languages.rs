//! Every command speaks one language: Vietnamese by default, English with `--lang en`. The
//! lines each command prints of its own (diagnostics have their own tests) are snapshotted in
//! both languages, as a publisher sees them from `init` to `build` and `serve`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::run;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// `text` without what changes from run to run: the temporary folder and the times.
fn normalised(text: &str, dir: &Path) -> String {
    let text = text.replace(&*dir.to_string_lossy(), "[dir]");
    // "in 95 ms", "trong 12,3 ms": the number before " ms".
    let mut out = String::new();
    for (i, part) in text.split(" ms").enumerate() {
        if i > 0 {
            out.push_str(" ms");
        }
        let kept = part.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        out.push_str(kept);
        if kept.len() < part.len() && kept.ends_with(' ') {
            out.push_str("[t]");
        } else {
            out.push_str(&part[kept.len()..]);
        }
    }
    out
}

/// What a publisher sees from `init` to `build`, in one language (`lang`: the extra arguments).
fn transcript(lang: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let site_s = site.to_string_lossy().into_owned();
    let mut text = String::new();
    let mut step = |args: &[&str]| {
        let args = [args, lang].concat();
        let (out, err, code) = run(&args);
        // The command's own last line; the diagnostics above it are the validation tests'.
        let last = err
            .lines()
            .last()
            .map(|l| format!("{l}\n"))
            .unwrap_or_default();
        let args = args.join(" ");
        text.push_str(&format!("$ minhbach {args}\n{out}{last}[exit {code}]\n\n"));
    };
    step(&["init", &site_s]);
    step(&["init", &site_s]);
    step(&["new", "report", "dong-thap", "2025-05", "--root", &site_s]);
    step(&["new", "report", "dong-thap", "2025-13", "--root", &site_s]);
    let output = site.join("public");
    step(&[
        "build",
        "--root",
        &site_s,
        "--output",
        &output.to_string_lossy(),
    ]);
    // A figure typed as a word: the build refuses and says nothing was written.
    let province = site.join("data/provinces/dong-thap.yaml");
    let yaml = std::fs::read_to_string(&province).unwrap();
    std::fs::write(
        &province,
        yaml.replace("numerator: 31136", "numerator: many"),
    )
    .unwrap();
    step(&[
        "build",
        "--root",
        &site_s,
        "--output",
        &output.to_string_lossy(),
    ]);
    // Only the summary of `check`: its diagnostics are the validation tests' business.
    let (out, _, code) = run(&[&["check", "--root", &site_s][..], lang].concat());
    let last = out.lines().last().unwrap_or_default();
    text.push_str(&format!(
        "$ minhbach check (last line)\n{last}\n[exit {code}]\n"
    ));
    normalised(&text, dir.path())
}

#[test]
fn init_new_build_and_check_speak_vietnamese_by_default() {
    let text = transcript(&[]);
    assert!(
        !text.contains("error:") && !text.contains("created"),
        "{text}"
    );
    insta::assert_snapshot!("commands_vi", text);
}

#[test]
fn init_new_build_and_check_speak_english_when_asked() {
    let text = transcript(&["--lang", "en"]);
    assert!(!text.contains("lỗi") && !text.contains("đã tạo"), "{text}");
    insta::assert_snapshot!("commands_en", text);
}

/// `serve`'s first lines: the address on standard output, the first build on standard error.
fn serve_start(lang: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let (_, err, code) = run(&["init", &site.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .args(lang)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut address, mut built) = (String::new(), String::new());
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    // The first build is logged before the server listens.
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut built)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let port = address.rsplit(':').next().unwrap_or_default().trim_end();
    let address = address.replace(port, "[port]/");
    (
        normalised(&address, dir.path()),
        normalised(&built, dir.path()),
    )
}

#[test]
fn serve_logs_in_the_language_asked_for() {
    let (address, built) = serve_start(&[]);
    assert_eq!(
        address,
        "đang xem trước [dir]/site tại http://127.0.0.1:[port]/\n"
    );
    // The starter's three warnings: who publishes it, how to report errors, the licence.
    assert_eq!(
        built,
        "đã dựng 21 trang (21 trang vừa tạo) trong [t] ms, 3 cảnh báo\n"
    );
    let (address, built) = serve_start(&["--lang", "en"]);
    assert_eq!(address, "serving [dir]/site at http://127.0.0.1:[port]/\n");
    assert_eq!(
        built,
        "built 21 pages (21 rendered) in [t] ms, 3 warnings\n"
    );
}

/// clap's own words in the help pages follow `--lang` too; the descriptions stay English.
#[test]
fn help_pages_speak_the_language_asked_for() {
    let (out, _, code) = run(&["new", "report", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Cách dùng: minhbach new report [OPTIONS] <PROVINCE> <PERIOD>"),
        "{out}"
    );
    // The arguments in the order they are typed.
    let (province, period) = (out.find("  <PROVINCE>"), out.find("  <PERIOD>"));
    assert!(province.is_some() && province < period, "{out}");
    assert!(
        out.contains("Tùy chọn:") && out.contains("In ra hướng dẫn sử dụng"),
        "{out}"
    );
    assert!(
        !out.contains("Usage:") && !out.contains("Print help"),
        "{out}"
    );
    let (out, _, code) = run(&["new", "report", "--help", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: minhbach new report"), "{out}");
    assert!(
        out.contains("Print help") && !out.contains("Cách dùng"),
        "{out}"
    );
}

/// A port already taken: `serve` says so in the language asked for, and how to get a free one.
#[test]
fn serve_reports_a_busy_port_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let site_s = site.to_string_lossy().into_owned();
    let (_, err, code) = run(&["init", &site_s]);
    assert_eq!(code, 0, "{err}");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let serve = ["serve", "--root", &site_s, "--port", &port];
    let (_, err, code) = run(&serve);
    assert_eq!(code, 2, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!(
            "lỗi: không mở được địa chỉ 127.0.0.1:{port} để xem trước: "
        )) && last.ends_with("(cổng đang bận? hãy thử `--port 0` để chọn một cổng trống)"),
        "{err}"
    );
    let (_, err, code) = run(&[&serve[..], &["--lang", "en"]].concat());
    assert_eq!(code, 2, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: "))
            && last.ends_with("(is the port in use? `--port 0` picks a free one)"),
        "{err}"
    );
}
