//! `minhbach extract`: each kind of figure on short SYNTHETIC sentences (invented for the
//! tests, not taken from any report), the header, the appendix of tasks, the reading of a Word
//! document built here, the indicator proposals against the example site's catalogue, and the
//! command itself writing its draft (workbook, YAML) from a synthetic report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data, Reader, Xlsx};
use minhbach::extract::candidates::{candidates, Candidate, Kind, Qualifier};
use minhbach::extract::header::header;
use minhbach::extract::matching::Matcher;
use minhbach::extract::{reader, tasks::tasks};
use minhbach::model::{Date, Province, Site};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| minhbach::check(example_root()).unwrap().site.unwrap())
}

/// The candidates of synthetic lines (the report's year 2024).
fn read(lines: &[&str]) -> Vec<Candidate> {
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    candidates(&lines, Some(2024))
}

/// The only candidate of one synthetic sentence.
fn one(line: &str) -> Candidate {
    let all = read(&[line]);
    assert_eq!(all.len(), 1, "{line}: {all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn a_count_is_read_the_vietnamese_way_with_its_noun() {
    // Synthetic.
    let c = one("Trong tháng đã tiếp nhận 1.234.567 hồ sơ trực tuyến.");
    assert_eq!((c.kind, c.value), (Kind::Count, Some(1234567.0)));
    assert_eq!(c.unit_noun, "hồ sơ");
    assert_eq!(c.line, 1);
    assert!(c.in_sentence("tiếp nhận"));
    let c = one("Có 25 lượt tra cứu thành công.");
    assert_eq!((c.value, c.unit_noun.as_str()), (Some(25.0), "lượt"));
}

trait Sentence {
    fn in_sentence(&self, words: &str) -> bool;
}

impl Sentence for Candidate {
    fn in_sentence(&self, words: &str) -> bool {
        self.sentence.contains(words)
    }
}

#[test]
fn a_rate_keeps_its_printed_decimals() {
    // Synthetic.
    let c = one("Tỷ lệ hồ sơ trực tuyến đạt 56,70%.");
    assert_eq!(c.kind, Kind::Rate);
    let s = c.stated.unwrap();
    assert_eq!((s.value, s.decimals), (56.7, 2));
    // A space or a stray comma before the sign: still a rate.
    assert_eq!(one("đạt 100 %.").kind, Kind::Rate);
    assert_eq!(one("đạt (100,%).").kind, Kind::Rate);
    // A dot before two digits is read as decimals, and flagged.
    let c = one("đạt 97.25%.");
    assert_eq!(c.value, Some(97.25));
    assert!(c.unusual);
}

#[test]
fn a_fraction_carries_its_stated_rate_and_whether_it_agrees() {
    // Synthetic.
    let c = one("Đã giải quyết 1.200/1.500 hồ sơ, đạt tỷ lệ 80,00%.");
    assert_eq!(c.kind, Kind::Ratio);
    assert_eq!((c.numerator, c.denominator), (Some(1200.0), Some(1500.0)));
    assert_eq!(c.stated.map(|s| (s.value, s.decimals)), Some((80.0, 2)));
    assert_eq!(c.agrees, Some(true));
    assert_eq!(c.unit_noun, "hồ sơ");
    // A rate truncated rather than rounded agrees; one off by a tenfold does not.
    assert_eq!(
        one("xác thực 2/3 trường hợp (đạt 66,66%).").agrees,
        Some(true)
    );
    assert_eq!(
        one("tiếp nhận 30/400 hồ sơ, đạt tỷ lệ 0,75%.").agrees,
        Some(false)
    );
    // A count followed by its rate: one figure.
    let c = one("đã số hóa 4.321 hồ sơ (đạt tỷ lệ 43,21%).");
    assert_eq!((c.kind, c.value), (Kind::Count, Some(4321.0)));
    assert_eq!(c.stated.map(|s| s.value), Some(43.21));
}

#[test]
fn money_is_written_in_dong() {
    // Synthetic.
    let c = one("Năm nay đã bố trí 12.345 triệu đồng cho dự án.");
    assert_eq!((c.kind, c.value), (Kind::Money, Some(12_345_000_000.0)));
    assert_eq!(c.unit_noun, "triệu đồng");
    assert_eq!(one("tổng cộng 1,5 tỷ đồng.").value, Some(1_500_000_000.0));
    assert_eq!(one("chi trả 2.000.000 đồng.").value, Some(2_000_000.0));
}

#[test]
fn dates_document_numbers_and_section_numbers_are_not_figures() {
    // Synthetic.
    for line in [
        "Thực hiện Công văn số 123/UBND-KT ngày 15/5/2022 của Ủy ban nhân dân tỉnh.",
        "Số: 45 /BC-UBND",
        "4.1. Kết quả thực hiện",
        "II. KẾT QUẢ",
        "Theo Nghị định số 61/2018/NĐ-CP và Đề án 06.",
        "Báo cáo tháng 4/2025 và Quý II/2024, giai đoạn 2022 - 2025.",
        "Khai thác dữ liệu ở Trung tâm C06 và Mô hình 2: hoàn thành1",
    ] {
        assert!(read(&[line]).is_empty(), "{line}: {:#?}", read(&[line]));
    }
}

#[test]
fn as_of_since_and_cumulative_markers_anchor_a_figure() {
    // Synthetic.
    let c = one("Tính đến ngày 20/3/2024, toàn tỉnh có 5.000 tài khoản được kích hoạt.");
    assert_eq!(c.as_of, Date::new(2024, 3, 20));
    let c = one("Từ ngày 01/7/2024 đến nay, đã thu nhận 2.000 hồ sơ.");
    assert_eq!(c.since.as_deref(), Some("2024-07-01"));
    assert!(c.cumulative);
    let c = one("Lũy kế từ tháng 02 đến ngày 22/5/2024, có 300 tài khoản.");
    assert_eq!(c.since.as_deref(), Some("2024-02"));
    assert_eq!(c.as_of, Date::new(2024, 5, 22));
    let c = one("Lũy kế đến nay, có 3.000 đối tượng.");
    assert!(c.cumulative && c.since.is_none());
    let c = one("Trong tháng có 3.000 đối tượng.");
    assert!(!c.cumulative);
}

#[test]
fn periods_are_read_into_their_machine_form() {
    // Synthetic.
    let cases = [
        ("Trong 6 tháng đầu năm 2024, đã cấp 10 thẻ.", "2024-H1"),
        ("Trong tháng 4/2025, đã cấp 10 thẻ.", "2025-04"),
        ("Trong tháng 4 năm 2025, đã cấp 10 thẻ.", "2025-04"),
        ("Trong Quý II/2024, đã cấp 10 thẻ.", "2024-Q2"),
        (
            "Từ ngày 16/12/2023 đến ngày 15/01/2024, đã cấp 10 thẻ.",
            "2023-12-16..2024-01-15",
        ),
        (
            "Trong 5 tháng đầu năm 2024, đã cấp 10 thẻ.",
            "2024-01-01..2024-05-31",
        ),
    ];
    for (line, key) in cases {
        assert_eq!(one(line).period.as_deref(), Some(key), "{line}");
    }
}

#[test]
fn no_cases_approximations_and_changes() {
    // Synthetic.
    let all = read(&["Dịch vụ cấp đổi giấy phép: trong tháng không phát sinh hồ sơ."]);
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].kind, all[0].value), (Kind::NoCases, None));
    assert_eq!(
        one("có khoảng 1.200 trường hợp").qualifier,
        Some(Qualifier::Approx)
    );
    assert_eq!(
        one("phát hơn 3.000 tờ rơi").qualifier,
        Some(Qualifier::AtLeast)
    );
    assert_eq!(
        one("trên 500 người tham gia").qualifier,
        Some(Qualifier::AtLeast)
    );
    let c = one("cấp cho 5.000 trường hợp (tăng 120 trường hợp so với kỳ trước).");
    assert_eq!((c.value, c.change), (Some(5000.0), Some(120.0)));
    let c = one("còn 800 hồ sơ (giảm 15 hồ sơ).");
    assert_eq!(c.change, Some(-15.0));
    let c = one("Trong tháng tăng 42 đối tượng có tài khoản.");
    assert!(c.is_change);
    assert_eq!(c.value, Some(42.0));
}

#[test]
fn footnote_markers_never_join_a_number() {
    // Synthetic: a superscript after a denominator, a marker glued to a word.
    let c = one("đáp ứng 14/16⁴ tiêu chí.");
    assert_eq!((c.numerator, c.denominator), (Some(14.0), Some(16.0)));
    let c = one("hoàn thành 06⁽¹⁾ nhiệm vụ");
    assert_eq!(c.value, Some(6.0));
}

fn provinces() -> Vec<&'static Province> {
    example().provinces.values().collect()
}

#[test]
fn the_header_gives_province_number_date_and_period() {
    // Synthetic header naming a province of the example site.
    let lines: Vec<String> = [
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
        "Số: 12/BC-UBND",
        "Bình Định, ngày 05 tháng 7 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện Đề án trong 6 tháng đầu năm 2024",
        "Trong kỳ đã tiếp nhận 10 hồ sơ.",
    ]
    .map(String::from)
    .to_vec();
    let h = header(&lines, &provinces());
    assert_eq!(h.province.as_ref().map(|p| p.as_str()), Some("binh-dinh"));
    assert_eq!(h.number.as_deref(), Some("12/BC-UBND"));
    assert_eq!(h.issued, Date::new(2024, 7, 5));
    assert_eq!(h.period.as_deref(), Some("2024-H1"));
    // A draft: number and day left blank.
    let draft: Vec<String> = [
        "Số: /BC-UBND",
        "Đồng Tháp, ngày tháng năm 2025",
        "BÁO CÁO",
        "Kết quả thực hiện trên địa bàn tỉnh Đồng Tháp tháng 4 năm 2025",
    ]
    .map(String::from)
    .to_vec();
    let h = header(&draft, &provinces());
    assert_eq!((h.number, h.issued), (None, None));
    assert_eq!(h.period.as_deref(), Some("2025-04"));
    // Two units of that name (before and after the merger): the one alive in 2025-04.
    assert_eq!(h.province.as_ref().map(|p| p.as_str()), Some("dong-thap"));
    // No number line, the title wrapped over blank lines, a horizon before the period.
    let wrapped: Vec<String> = [
        " BÁO CÁO ",
        "",
        "Kết quả thực hiện Đề án phát triển dữ liệu, ",
        "",
        "giai đoạn 2022 - 2025, tầm nhìn đến năm 2030” ",
        "",
        "(Từ ngày 16/12/2023 đến 15/01/2024) ",
    ]
    .map(String::from)
    .to_vec();
    let h = header(&wrapped, &provinces());
    assert_eq!(h.period.as_deref(), Some("2023-12-16..2024-01-15"));
    assert_eq!((h.number, h.issued), (None, None));
}

#[test]
fn the_appendix_of_tasks_is_read_across_page_breaks() {
    // Synthetic appendix: a two-line header repeated after a page break, a row continued on
    // the next page, a group row, the status as the column the result stands in.
    let lines: Vec<String> = [
        "Phụ lục",
        "STT\tNội dung nhiệm vụ\tVăn bản chỉ đạo\tĐơn vị thực hiện\tThời gian hoàn thành\tKết quả\t\t\t",
        "\t\t\t\t\tHoàn thành\tChưa hoàn thành\tThực hiện thường xuyên\tĐang triển khai",
        "NHIỆM VỤ CHUNG\t\t\t\t\t\t\t\t",
        "1\tLập kế hoạch kiểm tra\tQuyết định số 1/QĐ-UBND\tSở A\tQuý I/2024\tX\t\t\t",
        "2\tXây dựng kho dữ liệu\tnt\tSở B\tTrong năm 2024\t\t\t\tĐã lắp đặt",
        "",
        "STT\tNội dung nhiệm vụ\tVăn bản chỉ đạo\tĐơn vị thực hiện\tThời gian hoàn thành\tKết quả\t\t\t",
        "\t\t\t\t\tHoàn thành\tChưa hoàn thành\tThực hiện thường xuyên\tĐang triển khai",
        "\t\t\t\t\t\t\t\tmáy chủ",
        "3\tPhân tích dữ liệu\tnt\tSở C\tTháng 6/2024\t\tChờ hướng dẫn\t\t",
    ]
    .map(String::from)
    .to_vec();
    let t = tasks(&lines);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert_eq!((t[0].number.as_str(), t[0].status), ("1", Some("done")));
    assert_eq!(t[0].due, "Quý I/2024");
    assert_eq!(t[0].owner, "Sở A");
    assert_eq!(t[1].status, Some("in-progress"));
    assert_eq!(t[1].result, "Đã lắp đặt máy chủ");
    assert_eq!(t[2].status, Some("awaiting-guidance"));
    assert_eq!(t[2].line, 11);
}

/// A minimal Word document (synthetic): two paragraphs, then a table of two rows.
fn docx() -> Vec<u8> {
    let document = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>BÁO CÁO</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Đã tiếp nhận </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1.234</w:t></w:r><w:r><w:t xml:space="preserve"> hồ sơ.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Việc một</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:sectPr/></w:body></w:document>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_word_document_reads_as_numbered_paragraphs_and_table_rows() {
    let lines = reader::docx_lines(&docx()).unwrap();
    assert_eq!(
        lines,
        [
            "BÁO CÁO",
            "Đã tiếp nhận 1.234 hồ sơ.",
            "STT\tNội dung",
            "1\tViệc một"
        ]
    );
    let c = candidates(&lines, None);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].line, c[0].value), (2, Some(1234.0)));
    // Not a zip: refused with a reason, not read as text.
    assert!(matches!(
        reader::docx_lines(b"plain text"),
        Err(reader::ReadError::NotDocx(_))
    ));
}

#[test]
fn indicators_are_proposed_from_the_words_around_a_figure() {
    // Synthetic sentences, matched against the example site's catalogue.
    let matcher = Matcher::new(example().indicators.values(), &example().dimensions);
    let cases = [
        (
            "Lũy kế đến nay đã kích hoạt 12.345 tài khoản định danh điện tử.",
            "id-eid-activated",
        ),
        (
            "Hội Nông dân tỉnh đã cập nhật 4.321 hội viên vào cơ sở dữ liệu.",
            "data-assoc-farmers",
        ),
        (
            "Tổng số thủ tục hành chính của tỉnh là 1.234 thủ tục.",
            "tthc-total",
        ),
    ];
    for (line, prefix) in cases {
        let c = one(line);
        let proposed = matcher.propose(&c, 3);
        assert!(
            proposed
                .iter()
                .any(|p| p.indicator.as_str().starts_with(prefix)),
            "{line}: {proposed:?}"
        );
        assert!(proposed.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

/// A synthetic report for the command.
const REPORT: &str = "Số: 7/BC-UBND
Bình Định, ngày 05 tháng 7 năm 2024
BÁO CÁO
Kết quả 6 tháng đầu năm 2024
Lũy kế đến nay đã kích hoạt 12.345 tài khoản định danh điện tử.
Dịch vụ cấp phép X: trong kỳ không phát sinh hồ sơ.
Có 17 con mèo trong sân.
Lũy kế đến nay đã kích hoạt 12.300 tài khoản định danh điện tử.
";

fn run_extract(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(dir)
        .arg("extract")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_command_writes_a_workbook_in_the_templates_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    let root = example_root().to_string_lossy().into_owned();
    let (stdout, stderr, code) =
        run_extract(dir.path(), &["r.txt", "--root", &root, "--out", "d.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("binh-dinh") && stdout.contains("2024-H1"),
        "{stdout}"
    );
    let mut book: Xlsx<_> = calamine::open_workbook(dir.path().join("d.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Số liệu", "Nhiệm vụ", "Đề xuất", "Chưa khớp"]
    );
    let figures = book.worksheet_range("Số liệu").unwrap();
    let header: Vec<String> = figures
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let expected: Vec<&str> = minhbach::template::FIGURE_COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(header, expected);
    let rows: Vec<Vec<String>> = figures
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let at = |name: &str| expected.iter().position(|c| *c == name).unwrap();
    let eid = rows
        .iter()
        .find(|r| r[at("value")] == "12345")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert!(
        eid[at("indicator")].starts_with("id-eid-activated"),
        "{eid:?}"
    );
    assert_eq!(eid[at("province")], "binh-dinh");
    assert_eq!(eid[at("period")], "2024-H1");
    assert_eq!(eid[at("source")], "r.txt (L5)");
    // One row per indicator: the second printing of the activated accounts (line 8) stays on
    // the proposals sheet, marked.
    let mut keys: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[at("indicator")].clone(), r[at("member")].clone()))
        .collect();
    let before = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), before, "{rows:?}");
    let proposals = book.worksheet_range("Đề xuất").unwrap();
    let second = proposals
        .rows()
        .find(|r| r.first() == Some(&Data::Float(8.0)))
        .unwrap_or_else(|| panic!("line 8 is not on the proposals sheet"));
    assert_eq!(second[1], Data::String("không (trùng chỉ tiêu)".into()));
    // Nothing dropped: the cats are on the unmatched sheet, with their line.
    let unmatched = book.worksheet_range("Chưa khớp").unwrap();
    let cats = unmatched
        .rows()
        .skip(1)
        .find(|r| r.contains(&Data::Float(17.0)))
        .unwrap_or_else(|| panic!("the figure of line 7 is not kept"));
    assert_eq!(cats[0], Data::Float(7.0));
    // The same report gives the same bytes.
    let (_, _, code) = run_extract(dir.path(), &["r.txt", "--root", &root, "--out", "e.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(dir.path().join("d.xlsx")).unwrap(),
        std::fs::read(dir.path().join("e.xlsx")).unwrap()
    );
    // An existing draft is kept unless --force.
    let (_, stderr, code) = run_extract(dir.path(), &["r.txt", "--root", &root, "--out", "d.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
}

#[test]
fn the_command_writes_yaml_and_speaks_english_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    let root = example_root().to_string_lossy().into_owned();
    let (stdout, stderr, code) = run_extract(
        dir.path(),
        &["r.txt", "--root", &root, "--format", "yaml", "--lang", "en"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("created ") && stdout.contains("unmatched"),
        "{stdout}"
    );
    let yaml = std::fs::read_to_string(dir.path().join("r-draft.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let figures = doc["figures"].as_sequence().unwrap();
    assert!(figures
        .iter()
        .any(|f| f["kind"] == "no_cases" && f["source"] == "r.txt (L6)"));
    assert_eq!(doc["report"]["number"], "7/BC-UBND");
    // A Word report: read by its extension, the figure at its paragraph's number.
    std::fs::write(dir.path().join("w.docx"), docx()).unwrap();
    let (stdout, stderr, code) = run_extract(
        dir.path(),
        &[
            "w.docx",
            "--root",
            &root,
            "--format",
            "json",
            "--province",
            "bac-giang",
            "--period",
            "2024-01",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("w-draft.json")).unwrap())
            .unwrap();
    assert_eq!(json["report"]["province"], "bac-giang");
    assert_eq!(json["figures"][0]["source"], "w.docx (L2)");
    assert_eq!(json["figures"][0]["value"], 1234);
    // A report that cannot be read: exit 2 with the reason.
    let (_, stderr, code) = run_extract(dir.path(), &["missing.docx", "--root", &root]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.docx"), "{stderr}");
}
