//! Tables under `data/` as a source of figures and tasks (issue 17): what they give reaches the
//! site, and every problem is reported at its cell as a spreadsheet user names it. The sites
//! are the SYNTHETIC base fixture (`tests/fixtures/base`), with tables written here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use rust_xlsxwriter::Workbook;
use std::path::Path;

/// A cell to write: text, number or nothing.
enum C {
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}
use C::{D, E, N, T};

/// Write a workbook with the sheets given (name, rows; the first row is the header).
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T(t) => {
                        sheet.write_string(r, c, *t).unwrap();
                    }
                    N(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    D(y, m, d) => {
                        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                        sheet
                            .write_datetime_with_format(r, c, &date, &format)
                            .unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn check(root: &Path) -> String {
    let (stdout, stderr, _) = common::check(root, &[]);
    format!("{stdout}{stderr}")
}

fn header() -> Vec<C> {
    [
        "province",
        "indicator",
        "period",
        "value",
        "numerator",
        "denominator",
        "stated_rate",
        "note_vi",
    ]
    .into_iter()
    .map(T)
    .collect()
}

#[test]
fn problems_in_a_workbook_are_reported_at_their_cells() {
    let site = common::site_with(None);
    let root = site.path();
    workbook(
        &root.join("data/alpha-2025-05.xlsx"),
        &[
            ("Hướng dẫn", vec![vec![T("Điền số liệu vào trang Số liệu")]]),
            (
                "Số liệu",
                vec![
                    header(),
                    // A count typed the Vietnamese way, as text.
                    vec![
                        T("alpha"),
                        T("accounts-activated"),
                        T("2025-05"),
                        E,
                        T("1.078.935"),
                        N(1256188.0),
                    ],
                    // A province the site does not have.
                    vec![T("alfa"), T("accounts-activated"), T("2025-05"), N(5.0)],
                    // A figure the province file already gives.
                    vec![
                        T("alpha"),
                        T("online-rate"),
                        T("2025-04"),
                        E,
                        N(300.0),
                        N(400.0),
                    ],
                    // A template row left empty: not a figure, not a problem.
                    vec![T("alpha"), T("online-rate"), T("2025-05")],
                    // A note without a figure.
                    vec![
                        T("alpha"),
                        T("online-rate"),
                        T("2025-06"),
                        E,
                        E,
                        E,
                        E,
                        T("chưa có số"),
                    ],
                    // A month that the spreadsheet made a day.
                    vec![T("alpha"), T("accounts-activated"), D(2025, 7, 1), N(5.0)],
                ],
            ),
        ],
    );
    let out = check(root);
    let f = "data/alpha-2025-05.xlsx [Số liệu]";
    for expected in [
        format!("{f} E2: error[number-format]"),
        format!("{f} A3: error[unknown-province]"),
        format!("{f} B4: error[duplicate-observation]"),
        format!("{f} A6: error[table-missing-cell]"),
        format!("{f} C7: error[table-period-date]"),
    ] {
        assert!(out.contains(&expected), "no `{expected}` in:\n{out}");
    }
    assert!(
        out.contains("1078935"),
        "the proposal names the machine number:\n{out}"
    );
    assert!(out.contains("minhbach new province alfa"), "{out}");
    assert!(out.contains("as a number cell: 1078935"), "{out}");
    assert!(
        out.contains("data/provinces/alpha.yaml:"),
        "both places named:\n{out}"
    );
    assert!(
        !out.contains(&format!("{f} A5")),
        "the empty template row is skipped:\n{out}"
    );
    assert!(
        !out.contains("Hướng dẫn"),
        "the instructions sheet is not data:\n{out}"
    );
    // In Vietnamese too.
    let (stdout, stderr, _) = common::check_default_lang(root, &[]);
    let vi = format!("{stdout}{stderr}");
    assert!(vi.contains(&format!("{f} E2: lỗi[number-format]")), "{vi}");
}

#[test]
fn figures_and_tasks_of_tables_reach_the_site() {
    let site = common::site_with(None);
    let root = site.path();
    std::fs::write(
        root.join("data/alpha-2025-05.csv"),
        "\u{feff}province,indicator,period,value,numerator,denominator,stated_rate,stated_decimals,source,note_vi,note_en\r\n\
         alpha,online-rate,2025-05,,310,400,77.50,2,synthetic.txt §2,Số liệu thử nghiệm,Test figure\r\n\
         alpha,accounts-activated,2025-05,1200,,,,,synthetic.txt §3,,\r\n",
    )
    .unwrap();
    workbook(
        &root.join("data/alpha-tasks.xlsx"),
        &[(
            "Nhiệm vụ",
            vec![
                [
                    "province", "task", "title_vi", "owner_vi", "status", "as_of", "source",
                ]
                .into_iter()
                .map(T)
                .collect(),
                vec![
                    T("alpha"),
                    T("2"),
                    T("Nhiệm vụ giả lập thứ hai"),
                    T("Công an tỉnh"),
                    T("done"),
                    T("2025-04"),
                    T("synthetic.txt, dòng 2"),
                ],
            ],
        )],
    );
    let checked = minhbach::check(root).unwrap();
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == minhbach::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let site = checked.site.unwrap();
    let may = minhbach::model::Period::parse("2025-05").unwrap();
    let of_may: Vec<_> = site
        .observations
        .iter()
        .filter(|o| o.period == may)
        .collect();
    assert_eq!(of_may.len(), 2, "{of_may:#?}");
    let rate = of_may
        .iter()
        .find(|o| o.indicator.as_str() == "online-rate")
        .unwrap();
    assert_eq!(
        format!("{:?}", rate.figure),
        "Ratio { numerator: 310.0, denominator: 400.0, stated: Some(StatedRate { value: 77.5, decimals: 2 }) }"
    );
    assert_eq!(
        rate.note().map(|n| n.vi.as_str()),
        Some("Số liệu thử nghiệm")
    );
    assert!(site
        .tasks
        .iter()
        .any(|t| t.id.as_str() == "2" && t.owner.vi == "Công an tỉnh"));

    // The same figure again in a second table: both places named.
    std::fs::write(
        root.join("data/again.csv"),
        "province,indicator,period,value\nalpha,accounts-activated,2025-05,1200\n",
    )
    .unwrap();
    let out = check(root);
    // Tables are read in file-name order: the second place is in the later file.
    assert!(
        out.contains("data/alpha-2025-05.csv:3:7: error[duplicate-observation]"),
        "{out}"
    );
    assert!(out.contains("here and at data/again.csv:2:7"), "{out}");
}

#[test]
fn a_broken_task_row_and_unreadable_files() {
    let site = common::site_with(None);
    let root = site.path();
    workbook(
        &root.join("data/tasks.xlsx"),
        &[(
            "Nhiệm vụ",
            vec![
                [
                    "province", "task", "title_vi", "owner_vi", "status", "as_of", "deadline",
                ]
                .into_iter()
                .map(T)
                .collect(),
                vec![
                    T("alpha"),
                    T("1"),
                    T("Nhiệm vụ trùng mã"),
                    T("Sở Tư pháp"),
                    T("done"),
                    T("2025-04"),
                ],
                vec![
                    T("alpha"),
                    T("3"),
                    T("Nhiệm vụ thiếu đơn vị"),
                    E,
                    T("done"),
                    T("2025-04"),
                ],
            ],
        )],
    );
    // A spreadsheet program's lock file is not a table; a damaged workbook is reported.
    std::fs::write(root.join("data/~$tasks.xlsx"), b"lock").unwrap();
    std::fs::write(root.join("data/damaged.xlsx"), b"not a workbook").unwrap();
    let out = check(root);
    let f = "data/tasks.xlsx [Nhiệm vụ]";
    for expected in [
        format!("{f} G1: error[import-unknown-column]"),
        format!("{f} B2: error[duplicate-id]"),
        format!("{f} A3: error[table-missing-cell]"),
        "data/damaged.xlsx: error[import-unreadable]".to_string(),
    ] {
        assert!(out.contains(&expected), "no `{expected}` in:\n{out}");
    }
    assert!(
        out.contains("the columns of a tasks sheet are province, task,"),
        "{out}"
    );
    assert!(out.contains("`owner_vi`"), "{out}");
    assert!(!out.contains("~$tasks"), "{out}");
}
