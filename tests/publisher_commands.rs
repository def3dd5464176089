//! The commands a publisher types, run as the real binary on a copy of the example site:
//! `minhbach indicators` (the catalogue, searched with or without diacritics), `minhbach new
//! province` and `minhbach new report` (files filled in from flags, refused with every problem
//! at once, and a site that passes `check` afterwards).
//!
//! Standard input is not a terminal here, so a missing value is an error, never a question.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::run;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site (the repository's own dashboard).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for part in ["data", "content", "themes"] {
        common::copy_tree(&repo().join(part), &dir.path().join(part));
    }
    dir
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `check` passes: no error (the example site's warnings stay).
fn assert_checks(site: &Path) {
    let (out, err, code) = common::check(site, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(common::summary(&out).errors, 0, "{out}");
}

fn indicators(root: &Path, args: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let mut all = vec!["indicators", "--root", root.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn indicators_lists_every_indicator_once_by_group_within_80_columns() {
    let (out, err, code) = indicators(repo(), &[]);
    assert_eq!(code, 0, "{err}");
    let catalogue = minhbach::indicators::read(repo()).unwrap();
    assert!(catalogue.indicators.len() > 100);
    for id in catalogue.indicators.keys() {
        let line = format!("  {id}  (");
        assert_eq!(
            out.lines().filter(|l| l.starts_with(&line)).count(),
            1,
            "{id}"
        );
    }
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    // A group's label, its id and count, then its indicators with unit, scope and label.
    assert!(out.starts_with(
        "Nhóm tiện ích giải quyết thủ tục hành chính, cung cấp dịch vụ công trực tuyến\n[g1-admin-procedures] "
    ), "{out}");
    assert!(
        out.contains("  dvcty-online-rate  (%, phát sinh trong kỳ)\n      Tỷ lệ hồ sơ dịch vụ công thiết yếu nộp trực tuyến\n"),
        "{out}"
    );
    let groups = out.lines().filter(|l| l.starts_with('[')).count();
    assert_eq!(
        out.lines().last().unwrap(),
        format!(
            "{} chỉ tiêu trong {groups} nhóm",
            catalogue.indicators.len()
        )
    );
    let (en, _, _) = indicators(repo(), &["--lang", "en"]);
    assert!(
        en.contains("  dvcty-online-rate  (%, during the period)\n      Essential-service applications filed online\n"),
        "{en}"
    );
}

#[test]
fn indicators_finds_words_typed_without_diacritics() {
    let (out, err, code) = indicators(repo(), &["ho so truc tuyen"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  dvcty-online-rate  ("), "{out}");
    // Every indicator listed holds every word (AND), whatever its marks.
    let labels: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("      "))
        .map(str::trim)
        .collect();
    assert!(labels.len() > 3, "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("tìm thấy "), "{last}");

    // Several words as separate arguments, with capitals and marks: the same search.
    let (same, _, _) = indicators(repo(), &["HỒ", "Sơ", "trực", "tuyến"]);
    assert_eq!(same, out);

    let (eid, _, _) = indicators(repo(), &["dinh danh"]);
    assert!(eid.contains("Tài khoản định danh điện tử"), "{eid}");
    assert!(!eid.contains("dvcty-online-rate"), "{eid}");

    // English labels and ids are searched too, and the listing speaks English with --lang en.
    let (en, _, _) = indicators(repo(), &["filed online", "--lang", "en"]);
    assert!(
        en.contains("      Essential-service applications filed online\n"),
        "{en}"
    );
    let (by_id, _, _) = indicators(repo(), &["dvcty-online-rate"]);
    assert!(by_id.contains("  dvcty-online-rate  ("), "{by_id}");
}

/// What an author sees for a search, in English: groups, ids, units, scopes, labels.
#[test]
fn indicators_search_output() {
    let (out, err, code) = indicators(repo(), &["dinh danh dien tu", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn indicators_says_so_when_nothing_matches() {
    let (out, _, code) = indicators(repo(), &["dinh danh", "ngân sách xyz"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("không có chỉ tiêu nào khớp với mọi từ của \"dinh danh ngân sách xyz\""),
        "{out}"
    );
    let (en, _, _) = indicators(repo(), &["zzz", "--lang", "en"]);
    assert!(
        en.starts_with("no indicator matches every word of \"zzz\""),
        "{en}"
    );
}

/// `minhbach indicators | head`: a reader who stops reading early is not a failure. The pipe's
/// reading end is closed before the command writes a byte, so every write fails with a broken
/// pipe; the command still ends normally, without an internal error.
#[test]
fn indicators_into_a_closed_pipe_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["indicators", "--root"])
        .arg(repo())
        .stdout(writer)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("lỗi nội bộ"), "{err}");
}

#[test]
fn indicators_still_lists_what_it_can_when_the_site_has_errors() {
    let site = example_site();
    // A broken province file does not hide the catalogue.
    let province = site.path().join("data/provinces/an-giang.yaml");
    let text = read(province.clone());
    std::fs::write(&province, text.replace("code: \"89\"", "cdoe: \"89\"")).unwrap();
    let (out, err, code) = indicators(site.path(), &["truc tuyen"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  dvcty-online-rate  ("), "{out}");
    // A broken indicator is left out and reported; the others are listed.
    let catalogue = site.path().join("data/indicators.yaml");
    let text = read(catalogue.clone());
    let broken = text.replacen(
        "  - id: dvcty-online-rate\n    group: g1-admin-procedures\n",
        "  - id: dvcty-online-rate\n    group: g1-admin-procedure\n",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&catalogue, broken).unwrap();
    let (out, err, code) = indicators(site.path(), &["truc tuyen", "--lang", "en"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("  dvcty-online-rate  ("), "{out}");
    assert!(out.contains("  tthc-online-submission-rate  ("), "{out}");
    assert!(err.contains("data/indicators.yaml:"), "{err}");
    assert!(
        err.contains("the catalogue has errors: only the valid indicators are listed"),
        "{err}"
    );
}

fn new_province(site: &Path, args: &[&str]) -> (String, String, i32) {
    let root = site.to_string_lossy().into_owned();
    let mut all = vec!["new", "province"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.as_str()]);
    run(&all)
}

/// Kiên Giang (code 91), merged into An Giang from 1 July 2025: the example site lists it in
/// `an-giang-2025.yaml` as a unit without a file.
const KIEN_GIANG: &[&str] = &[
    "kien-giang",
    "--name-vi",
    "Kiên Giang",
    "--name-en",
    "Kien Giang",
    "--code",
    "91",
    "--region-vi",
    "Đồng bằng sông Cửu Long",
    "--region-en",
    "Mekong River Delta",
    "--successor",
    "an-giang-2025",
    "--successor-from",
    "2025-07-01",
];

#[test]
fn new_province_writes_a_file_that_check_accepts_and_links_the_successor() {
    let site = example_site();
    let successor = site.path().join("data/provinces/an-giang-2025.yaml");
    let successor_before = read(successor.clone());
    let (out, err, code) = new_province(site.path(), KIEN_GIANG);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "đã tạo data/provinces/kien-giang.yaml\nđã cập nhật data/provinces/an-giang-2025.yaml\n"
    );
    let text = read(site.path().join("data/provinces/kien-giang.yaml"));
    assert!(
        text.contains(
            "name: { vi: \"Kiên Giang\", en: \"Kien Giang\" }\ncode: \"91\"\nregion: { vi: \"Đồng bằng sông Cửu Long\", en: \"Mekong River Delta\" }\nvalid_to: 2025-06-30\nsuccessor:\n  province: an-giang-2025\n  from: 2025-07-01\n"
        ),
        "{text}"
    );
    // The successor lists the unit by its file now; nothing else of its file changed.
    assert_eq!(
        read(successor),
        successor_before.replace(
            "    - { name: { vi: \"Kiên Giang\", en: \"Kien Giang\" }, code: \"91\" }   # no file in this dataset\n",
            "    - province: kien-giang\n"
        )
    );
    assert_checks(site.path());
    // Never overwritten.
    let (_, err, code) = new_province(site.path(), KIEN_GIANG);
    assert_eq!(code, 1);
    assert!(
        err.contains("data/provinces/kien-giang.yaml: lỗi[file-exists]"),
        "{err}"
    );
}

#[test]
fn new_province_without_a_terminal_lists_every_missing_or_wrong_flag_at_once() {
    let site = example_site();
    let (out, err, code) = new_province(
        site.path(),
        &[
            "kien-giang",
            "--code",
            "9l",
            "--valid-to",
            "30/06/2025",
            "--successor",
            "an-giang-2025",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        "--name-vi: error[missing-flag]: the province's name in Vietnamese is required: give it with --name-vi",
        "  help: e.g. minhbach new province kien-giang --name-vi \"Kiên Giang\"",
        "--name-en: error[missing-flag]",
        "--successor-from: error[missing-flag]",
        "--code: error[invalid-code]: province code `9l` is not a number",
        "--valid-to: error[invalid-date]: `30/06/2025` is not a valid date",
        "  help: dates are written year-month-day: 2025-06-30",
        "5 errors; nothing was written",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(!site.path().join("data/provinces/kien-giang.yaml").exists());
    // In Vietnamese by default; a slug that is not an id is refused with a proposal.
    let (_, err, code) = new_province(site.path(), &["Kiên Giang"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("<slug>: lỗi[invalid-id]: mã tỉnh `Kiên Giang` không hợp lệ"),
        "{err}"
    );
    assert!(err.contains("ví dụ `kien-giang`"), "{err}");
    let (_, err, _) = new_province(site.path(), &["kien-giang", "--name-en", "Kien Giang"]);
    assert!(
        err.contains(
            "--name-vi: lỗi[missing-flag]: thiếu tên tỉnh bằng tiếng Việt: hãy ghi bằng --name-vi"
        ),
        "{err}"
    );
    assert!(!site.path().join("data/provinces/kien-giang.yaml").exists());
}

fn new_report(site: &Path, args: &[&str]) -> (String, String, i32) {
    let root = site.to_string_lossy().into_owned();
    let mut all = vec!["new", "report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.as_str()]);
    run(&all)
}

use common::filling::BINH_DINH_H1;

/// The example site without Bình Định's report: its entry and its narratives removed.
fn without_binh_dinh_report() -> (tempfile::TempDir, String, String) {
    let site = example_site();
    let file = site.path().join("data/provinces/binh-dinh.yaml");
    let original = read(file.clone());
    let start = original.find("reports:\n").unwrap() + "reports:\n".len();
    let end = start + original[start..].find("\n\nobservations:").unwrap() + 1;
    let entry = original[start..end].to_string();
    assert!(entry.starts_with("  - period: \"2024-H1\"\n"), "{entry}");
    let without = format!("{}{}", &original[..start], &original[end..]);
    std::fs::write(&file, &without).unwrap();
    for name in ["2024-h1.md", "2024-h1.en.md"] {
        std::fs::remove_file(site.path().join("content/reports/binh-dinh").join(name)).unwrap();
    }
    (site, without, original)
}

#[test]
fn new_report_writes_both_narratives_and_lists_the_report() {
    let (site, before, _) = without_binh_dinh_report();
    let (out, err, code) = new_report(site.path(), BINH_DINH_H1);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "đã tạo content/reports/binh-dinh/2024-h1.md\nđã tạo content/reports/binh-dinh/2024-h1.en.md\nđã cập nhật data/provinces/binh-dinh.yaml\nbài viết là bản nháp: khi viết xong, hãy đổi `draft: true` thành `draft: false`\n"
    );
    // The entry is inserted where the list was; every other byte is the user's.
    let entry = "  - period: \"2024-H1\"\n    file: \"002_c644fca4e10ebbf9.txt\"\n    number: \"117/BC-UBND\"\n    issued: 2024-07-05\n    issuer:\n      vi: \"Ủy ban nhân dân tỉnh Bình Định\"\n      en: \"Binh Dinh Provincial People's Committee\"\n";
    let at = before.find("reports:\n").unwrap() + "reports:\n".len();
    assert_eq!(
        read(site.path().join("data/provinces/binh-dinh.yaml")),
        format!("{}{entry}{}", &before[..at], &before[at..])
    );
    let vi = read(site.path().join("content/reports/binh-dinh/2024-h1.md"));
    assert!(
        vi.starts_with("---\ntitle: \"Bình Định, 6 tháng đầu năm 2024\"\nprovince: binh-dinh\nperiod: \"2024-H1\"\n"),
        "{vi}"
    );
    assert!(
        vi.contains("\ndraft: true\n---\n## Chỉ đạo, điều hành\n"),
        "{vi}"
    );
    let en = read(site.path().join("content/reports/binh-dinh/2024-h1.en.md"));
    assert!(
        en.starts_with("---\ntitle: \"Binh Dinh, first half of 2024\"\nprovince: binh-dinh\n"),
        "{en}"
    );
    assert!(en.contains("\ndraft: true\n---\n## Direction\n"), "{en}");
    assert_checks(site.path());
    // Never overwritten: both narratives are named.
    let (_, err, code) = new_report(site.path(), &["binh-dinh", "2024-H1"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("content/reports/binh-dinh/2024-h1.md: lỗi[file-exists]"),
        "{err}"
    );
    assert!(
        err.contains("content/reports/binh-dinh/2024-h1.en.md: lỗi[file-exists]"),
        "{err}"
    );
}

#[test]
fn new_report_for_a_listed_report_writes_only_the_narratives() {
    let site = example_site();
    let province = site.path().join("data/provinces/an-giang.yaml");
    let before = read(province.clone());
    for name in ["2024-03.md", "2024-03.en.md"] {
        std::fs::remove_file(site.path().join("content/reports/an-giang").join(name)).unwrap();
    }
    // Flags for an entry that is already there would be lost: refused, with its line.
    let (_, err, code) = new_report(
        site.path(),
        &[
            "an-giang",
            "2024-03",
            "--number",
            "331/BC-UBND",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("data/provinces/an-giang.yaml:13:5: error[report-listed]: the report for 2024-03 is already in `reports:`, so --number would not be used"),
        "{err}"
    );
    let (out, err, code) = new_report(site.path(), &["an-giang", "2024-03", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "created content/reports/an-giang/2024-03.md\ncreated content/reports/an-giang/2024-03.en.md\nthe narratives are drafts: set `draft: false` when they are ready\n"
    );
    assert_eq!(read(province), before);
    assert_checks(site.path());
}

#[test]
fn new_report_without_a_terminal_lists_every_missing_or_wrong_flag_at_once() {
    let (site, before, _) = without_binh_dinh_report();
    let (out, err, code) = new_report(
        site.path(),
        &[
            "binh-dinh",
            "2024-H1",
            "--issued",
            "05/07/2024",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        "--file: error[missing-flag]",
        "  help: e.g. minhbach new report binh-dinh 2024-H1 --file 001_119edbf7d88bd97e.txt",
        "--issuer-vi: error[missing-flag]",
        "--issued: error[invalid-date]: `05/07/2024` is not a valid date",
        "3 errors; nothing was written",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(
        read(site.path().join("data/provinces/binh-dinh.yaml")),
        before
    );
    assert!(!site
        .path()
        .join("content/reports/binh-dinh/2024-h1.md")
        .exists());

    let (_, err, code) = new_report(site.path(), &["binh-dinhh", "2024-H1"]);
    assert_eq!(code, 1);
    assert!(err.contains("có phải bạn định viết `binh-dinh`?"), "{err}");
    let (_, err, code) = new_report(site.path(), &["binh-dinh", "H1/2024"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("<period>: lỗi[invalid-period]: `H1/2024` không phải là một kỳ báo cáo"),
        "{err}"
    );
}

/// A report for a period the unit did not live through is refused by the validator's own
/// lifetime check, which names the unit it belongs to; nothing is written.
#[test]
fn new_report_refuses_a_period_outside_the_provinces_lifetime() {
    let site = example_site();
    let province = site.path().join("data/provinces/an-giang.yaml");
    let before = read(province.clone());
    let (out, err, code) = new_report(site.path(), &["an-giang", "2025-07", "--lang", "en"]);
    assert_eq!(code, 1, "{out}{err}");
    // Refused before any value is asked for.
    assert!(!err.contains("missing-flag"), "{err}");
    assert!(
        err.contains("<period>: error[outside-lifetime]: this report covers 2025-07, which ends after this unit ceased to exist (`valid_to: 2025-06-30`)"),
        "{err}"
    );
    assert!(
        err.contains("move this report to data/provinces/an-giang-2025.yaml"),
        "{err}"
    );
    assert_eq!(read(province), before);
    assert!(!site
        .path()
        .join("content/reports/an-giang/2025-07.md")
        .exists());

    let (_, err, code) = new_report(site.path(), &["an-giang-2025", "2025-06"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("<period>: lỗi[outside-lifetime]: báo cáo này thuộc kỳ 2025-06, kết thúc trước ngày đơn vị này được thành lập (`valid_from: 2025-07-01`)"),
        "{err}"
    );
    assert!(err.contains("data/provinces/an-giang.yaml"), "{err}");
}
