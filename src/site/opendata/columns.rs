//! The columns of the tidy figure table: the one definition that the CSV, JSON and XLSX
//! writers, the data package's schema, the Data page and `minhbach import` all read.
//!
//! Each column has a machine name (the CSV header, the JSON key), a type (the data package's
//! field type), a description in both languages, and the cell it gives for a [`Row`].

use super::rows::Row;
use crate::model::{Date, Figure, Qualifier, Since};
use crate::site::cells::observed_value;
use std::borrow::Cow;

/// A column's type, as the data package declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (ids, labels, codes: a code such as `"087"` keeps its leading zeros).
    Text,
    /// A machine number: `1078946`, `73.72`, `-3.5`.
    Number,
    /// A whole number.
    Integer,
    /// An ISO date, `2024-07-05`.
    Date,
    /// `true` or `false`.
    Boolean,
}

impl Kind {
    /// The Frictionless Table Schema type.
    pub fn schema_type(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Number => "number",
            Kind::Integer => "integer",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
        }
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    /// A rate as printed: written with exactly its decimals (`80.10`).
    Decimal {
        value: f64,
        decimals: u32,
    },
    Integer(i64),
    Date(Date),
    Boolean(bool),
}

impl<'a> Cell<'a> {
    /// Text written as it is (owned), nothing when empty.
    pub(super) fn text_owned(s: String) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    pub(super) fn text(s: &'a str) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    pub(super) fn opt(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Empty, Cell::text)
    }

    fn number(x: Option<f64>) -> Cell<'a> {
        x.map_or(Cell::Empty, Cell::Number)
    }

    /// The cell as a CSV field: machine numbers, ISO dates, the text as it is (the writer
    /// guards text that a spreadsheet would run as a formula).
    pub fn plain(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Number(x) => Cow::Owned(machine_number(*x)),
            Cell::Decimal { value, decimals } => {
                Cow::Owned(format!("{value:.prec$}", prec = *decimals as usize))
            }
            Cell::Integer(i) => Cow::Owned(i.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }
}

/// A number as a machine reads it: the shortest form that reads back as the same `f64`,
/// never in exponent notation, `-0` written `0`.
pub fn machine_number(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    // `Display` for f64 is the shortest round-trip form, without an exponent.
    x.to_string()
}

/// A column of the table.
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub about_vi: &'static str,
    pub about_en: &'static str,
    pub get: for<'r> fn(&'r Row<'_>) -> Cell<'r>,
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// How the report printed the figure.
pub fn form(figure: &Figure) -> &'static str {
    match figure {
        Figure::Value(_) => "value",
        Figure::Ratio { .. } => "ratio",
        Figure::Stated(_) => "rate",
        Figure::CountWithRate { .. } => "count_with_rate",
        Figure::NoCases => "no_cases",
        Figure::NotApplicable => "not_applicable",
    }
}

/// `2024-07-01` for a day, `2024-02` for a month.
pub fn since_text(since: Since) -> String {
    match since {
        Since::Day(d) => d.to_string(),
        Since::Month(d) => format!("{:04}-{:02}", d.year(), d.month()),
    }
}

fn stated(figure: &Figure) -> Option<crate::model::StatedRate> {
    match figure {
        Figure::Ratio { stated, .. } => *stated,
        Figure::Stated(s) | Figure::CountWithRate { stated: s, .. } => Some(*s),
        _ => None,
    }
}

fn ratio(figure: &Figure) -> Option<(f64, f64)> {
    match figure {
        Figure::Ratio {
            numerator,
            denominator,
            ..
        } => Some((*numerator, *denominator)),
        _ => None,
    }
}

fn note<'r>(row: &'r Row<'_>, en: bool) -> Cell<'r> {
    let note = row.observation.note();
    match en {
        false => Cell::opt(note.map(|n| n.vi.as_str())),
        true => Cell::opt(note.and_then(|n| n.en.as_deref())),
    }
}

/// The other printings of the figure: `value@source`, `n/d@source`, `n/d=stated@source`,
/// `=stated@source`, separated by ` ; ` (see [`super::printings`]).
fn also_printed<'r>(row: &'r Row<'_>) -> Cell<'r> {
    let o = row.observation;
    if o.also_printed().is_empty() {
        return Cell::Empty;
    }
    Cell::Text(Cow::Owned(super::printings::write(o.also_printed())))
}

/// A figure row's cells, column by column: what every format writes (CSV, JSON, the figures
/// sheet) and what a workbook's cache key reads (`xlsx::row_digest`).
pub fn cells<'r>(row: &'r Row) -> impl Iterator<Item = Cell<'r>> {
    COLUMNS.iter().map(move |c| (c.get)(row))
}

/// Every column, in table order.
pub static COLUMNS: &[Column] = &[
    Column {
        name: "province",
        kind: Kind::Text,
        about_vi: "Mã định danh của tỉnh trên trang (dùng trong địa chỉ trang)",
        about_en: "The province's id on the site (used in its page address)",
        get: |r| Cell::text(r.province.slug.as_str()),
    },
    Column {
        name: "province_code",
        kind: Kind::Text,
        about_vi: "Mã đơn vị hành chính chính thức của tỉnh (giữ số 0 ở đầu)",
        about_en: "The province's official administrative code (leading zeros kept)",
        get: |r| Cell::opt(r.province.code.as_deref()),
    },
    Column {
        name: "province_name_vi",
        kind: Kind::Text,
        about_vi: "Tên tỉnh bằng tiếng Việt",
        about_en: "The province's name in Vietnamese",
        get: |r| Cell::text(&r.province.name.vi),
    },
    Column {
        name: "province_name_en",
        kind: Kind::Text,
        about_vi: "Tên tỉnh bằng tiếng Anh",
        about_en: "The province's name in English",
        get: |r| Cell::text(&r.province.name.en),
    },
    Column {
        name: "indicator",
        kind: Kind::Text,
        about_vi: "Mã chỉ tiêu trong danh mục chỉ tiêu của trang",
        about_en: "The indicator's id in the site's catalogue",
        get: |r| Cell::text(r.indicator.id.as_str()),
    },
    Column {
        name: "indicator_label_vi",
        kind: Kind::Text,
        about_vi: "Tên chỉ tiêu bằng tiếng Việt",
        about_en: "The indicator's name in Vietnamese",
        get: |r| Cell::text(&r.indicator.label.vi),
    },
    Column {
        name: "indicator_label_en",
        kind: Kind::Text,
        about_vi: "Tên chỉ tiêu bằng tiếng Anh",
        about_en: "The indicator's name in English",
        get: |r| Cell::text(&r.indicator.label.en),
    },
    Column {
        name: "unit",
        kind: Kind::Text,
        about_vi: "Đơn vị: percent (tỷ lệ %), count (số lượng), persons (người), vnd (đồng), points (điểm)",
        about_en: "Unit: percent, count (things), persons, vnd (đồng), points",
        get: |r| Cell::text(r.indicator.unit.id()),
    },
    Column {
        name: "dimension",
        kind: Kind::Text,
        about_vi: "Với một ô của bảng phân tổ: mã của cách phân tổ; để trống ở dòng tổng",
        about_en: "For one cell of a breakdown: the breakdown's id; empty on the total",
        get: |r| Cell::opt(r.member.map(|(d, _)| d.id.as_str())),
    },
    Column {
        name: "member",
        kind: Kind::Text,
        about_vi: "Mã của nhóm trong cách phân tổ (ví dụ một dịch vụ công); để trống ở dòng tổng",
        about_en: "The id of the breakdown member (e.g. one public service); empty on the total",
        get: |r| Cell::opt(r.member.map(|(_, m)| m.id.as_str())),
    },
    Column {
        name: "member_label_vi",
        kind: Kind::Text,
        about_vi: "Tên nhóm phân tổ bằng tiếng Việt",
        about_en: "The breakdown member's name in Vietnamese",
        get: |r| Cell::opt(r.member.map(|(_, m)| m.label.vi.as_str())),
    },
    Column {
        name: "member_label_en",
        kind: Kind::Text,
        about_vi: "Tên nhóm phân tổ bằng tiếng Anh",
        about_en: "The breakdown member's name in English",
        get: |r| Cell::opt(r.member.map(|(_, m)| m.label.en.as_str())),
    },
    Column {
        name: "period",
        kind: Kind::Text,
        about_vi: "Kỳ báo cáo như trong dữ liệu: 2025-04 (tháng), 2024-Q2 (quý), 2024-H1 (6 tháng), 2024 (năm), 2023-12-16..2024-01-15 (khoảng ngày)",
        about_en: "The reporting period as in the data: 2025-04 (month), 2024-Q2 (quarter), 2024-H1 (half year), 2024 (year), 2023-12-16..2024-01-15 (date range)",
        get: |r| Cell::Text(Cow::Owned(r.observation.period.key())),
    },
    Column {
        name: "period_start",
        kind: Kind::Date,
        about_vi: "Ngày đầu của kỳ báo cáo",
        about_en: "The first day of the period",
        get: |r| Cell::Date(r.observation.period.start()),
    },
    Column {
        name: "period_end",
        kind: Kind::Date,
        about_vi: "Ngày cuối của kỳ báo cáo",
        about_en: "The last day of the period",
        get: |r| Cell::Date(r.observation.period.end()),
    },
    Column {
        name: "form",
        kind: Kind::Text,
        about_vi: "Cách báo cáo ghi số liệu: value (một con số), ratio (X/Y), rate (chỉ ghi tỷ lệ), count_with_rate (số lượng kèm tỷ lệ, không có mẫu số), no_cases (không phát sinh), not_applicable (không áp dụng)",
        about_en: "How the report printed the figure: value (one number), ratio (X/Y), rate (a rate without its counts), count_with_rate (a count with a rate but no denominator), no_cases (nothing happened), not_applicable",
        get: |r| Cell::text(form(&r.observation.figure)),
    },
    Column {
        name: "value",
        kind: Kind::Number,
        about_vi: "Con số mà trang hiển thị, vẽ biểu đồ và so với chỉ tiêu: với ratio của chỉ tiêu tỷ lệ là tỷ lệ tính từ X/Y; với count_with_rate là số lượng; 0 khi không phát sinh (để trống với chỉ tiêu tỷ lệ); để trống khi không áp dụng",
        about_en: "The number the site shows, charts and compares with targets: for a ratio of a percent indicator, the rate computed from X/Y; for count_with_rate, the count; 0 for no cases (empty for a percent indicator); empty when not applicable",
        get: |r| Cell::number(observed_value(&r.observation.figure, r.indicator.unit)),
    },
    Column {
        name: "numerator",
        kind: Kind::Number,
        about_vi: "Tử số X của số liệu dạng X/Y, như báo cáo ghi",
        about_en: "The numerator X of an X/Y figure, as printed",
        get: |r| Cell::number(ratio(&r.observation.figure).map(|(n, _)| n)),
    },
    Column {
        name: "denominator",
        kind: Kind::Number,
        about_vi: "Mẫu số Y của số liệu dạng X/Y, như báo cáo ghi",
        about_en: "The denominator Y of an X/Y figure, as printed",
        get: |r| Cell::number(ratio(&r.observation.figure).map(|(_, d)| d)),
    },
    Column {
        name: "stated_rate",
        kind: Kind::Number,
        about_vi: "Tỷ lệ (%) như báo cáo ghi, với đúng số chữ số thập phân đã in",
        about_en: "The rate (%) as the report printed it, with the decimals it was printed with",
        get: |r| {
            stated(&r.observation.figure).map_or(Cell::Empty, |s| Cell::Decimal {
                value: s.value,
                decimals: s.decimals,
            })
        },
    },
    Column {
        name: "stated_decimals",
        kind: Kind::Integer,
        about_vi: "Số chữ số thập phân của tỷ lệ đã in (80,10 là 2)",
        about_en: "The number of decimals of the printed rate (80.10 is 2)",
        get: |r| {
            stated(&r.observation.figure)
                .map_or(Cell::Empty, |s| Cell::Integer(i64::from(s.decimals)))
        },
    },
    Column {
        name: "state",
        kind: Kind::Text,
        about_vi: "no_cases (không phát sinh: số 0 thật) hoặc not_applicable (không áp dụng); để trống khi có số liệu",
        about_en: "no_cases (nothing happened: a real zero) or not_applicable; empty when there is a figure",
        get: |r| match r.observation.figure {
            Figure::NoCases => Cell::text("no_cases"),
            Figure::NotApplicable => Cell::text("not_applicable"),
            _ => Cell::Empty,
        },
    },
    Column {
        name: "qualifier",
        kind: Kind::Text,
        about_vi: "approx (khoảng) hoặc at_least (hơn, trên), như báo cáo ghi",
        about_en: "approx (about) or at_least (more than), as printed",
        get: |r| match r.observation.qualifier {
            Some(Qualifier::Approx) => Cell::text("approx"),
            Some(Qualifier::AtLeast) => Cell::text("at_least"),
            None => Cell::Empty,
        },
    },
    Column {
        name: "change",
        kind: Kind::Number,
        about_vi: "Mức tăng (số dương) hoặc giảm (số âm) so với kỳ trước, như báo cáo ghi",
        about_en: "The change from the previous period as printed (negative for a fall)",
        get: |r| Cell::number(r.observation.change()),
    },
    Column {
        name: "as_of",
        kind: Kind::Date,
        about_vi: "Ngày số liệu được tính đến, khi khác ngày cuối kỳ",
        about_en: "The date the figure is measured at, when it differs from the period's end",
        get: |r| r.observation.as_of().map_or(Cell::Empty, Cell::Date),
    },
    Column {
        name: "since",
        kind: Kind::Text,
        about_vi: "Với số lũy kế: ngày bắt đầu cộng dồn (2024-07-01), hoặc tháng (2024-02) khi báo cáo chỉ ghi tháng",
        about_en: "For a running total: the day it counts from (2024-07-01), or the month (2024-02) when the report names only the month",
        get: |r| {
            r.observation
                .since
                .map_or(Cell::Empty, |s| Cell::Text(Cow::Owned(since_text(s))))
        },
    },
    Column {
        name: "source",
        kind: Kind::Text,
        about_vi: "Nguồn như ghi trong dữ liệu: tệp báo cáo, mục, và dòng của bản chép lại",
        about_en: "The source as written in the data: the report's file, the section, and lines of the transcript",
        get: |r| Cell::opt(r.observation.source.as_deref()),
    },
    Column {
        name: "source_citation_vi",
        kind: Kind::Text,
        about_vi: "Nguồn như trang trích dẫn, bằng tiếng Việt",
        about_en: "The source as the pages cite it, in Vietnamese",
        get: |r| Cell::opt(r.citation.as_deref().map(|c| c.vi.as_str())),
    },
    Column {
        name: "source_citation_en",
        kind: Kind::Text,
        about_vi: "Nguồn như trang trích dẫn, bằng tiếng Anh",
        about_en: "The source as the pages cite it, in English",
        get: |r| Cell::opt(r.citation.as_deref().map(|c| c.en.as_str())),
    },
    Column {
        name: "source_file",
        kind: Kind::Text,
        about_vi: "Tệp của báo cáo nguồn",
        about_en: "The source report's file",
        get: |r| Cell::opt(r.source_file),
    },
    Column {
        name: "source_section",
        kind: Kind::Text,
        about_vi: "Vị trí trong báo cáo (mục, phụ lục), không kèm số dòng của bản chép lại",
        about_en: "The place in the report (section, appendix), without the transcript's line numbers",
        get: |r| Cell::opt(r.citation.as_deref().map(|c| c.section.as_str())),
    },
    Column {
        name: "source_number",
        kind: Kind::Text,
        about_vi: "Số hiệu của báo cáo (117/BC-UBND); để trống khi bản báo cáo không có số",
        about_en: "The report's number (117/BC-UBND); empty when the copy is unnumbered",
        get: |r| Cell::opt(r.document.and_then(|d| d.number.as_deref())),
    },
    Column {
        name: "source_issued",
        kind: Kind::Date,
        about_vi: "Ngày ban hành báo cáo",
        about_en: "The report's date of issue",
        get: |r| r.document.and_then(|d| d.issued).map_or(Cell::Empty, Cell::Date),
    },
    Column {
        name: "source_draft",
        kind: Kind::Boolean,
        about_vi: "true khi bản báo cáo là bản dự thảo",
        about_en: "true when the copy of the report is a draft",
        get: |r| r.document.map_or(Cell::Empty, |d| Cell::Boolean(d.draft)),
    },
    Column {
        name: "source_url",
        kind: Kind::Text,
        about_vi: "Địa chỉ của văn bản chính thức trên mạng",
        about_en: "The address of the official document online",
        get: |r| Cell::opt(r.document.and_then(|d| d.url.as_deref())),
    },
    Column {
        name: "source_issuer_vi",
        kind: Kind::Text,
        about_vi: "Cơ quan ban hành báo cáo, bằng tiếng Việt",
        about_en: "The body that issued the report, in Vietnamese",
        get: |r| Cell::opt(r.document.map(|d| d.issuer.vi.as_str())),
    },
    Column {
        name: "source_issuer_en",
        kind: Kind::Text,
        about_vi: "Cơ quan ban hành báo cáo, bằng tiếng Anh",
        about_en: "The body that issued the report, in English",
        get: |r| Cell::opt(r.document.and_then(|d| d.issuer.en.as_deref())),
    },
    Column {
        name: "note_vi",
        kind: Kind::Text,
        about_vi: "Ghi chú về số liệu, bằng tiếng Việt",
        about_en: "A note on the figure, in Vietnamese",
        get: |r| note(r, false),
    },
    Column {
        name: "note_en",
        kind: Kind::Text,
        about_vi: "Ghi chú về số liệu, bằng tiếng Anh (để trống khi chưa dịch)",
        about_en: "A note on the figure, in English (empty when untranslated)",
        get: |r| note(r, true),
    },
    Column {
        name: "over_100",
        kind: Kind::Text,
        about_vi: "Lý do tỷ lệ này có thể vượt 100 %",
        about_en: "Why this rate may exceed 100 %",
        get: |r| Cell::opt(r.observation.over_100()),
    },
    Column {
        name: "also_printed",
        kind: Kind::Text,
        about_vi: "Những lần khác báo cáo in cùng số liệu này, cách nhau bởi « ; »: giá trị@nguồn, X/Y@nguồn, X/Y=tỷ lệ@nguồn hoặc =tỷ lệ@nguồn",
        about_en: "The report's other printings of this figure, separated by \" ; \": value@source, X/Y@source, X/Y=rate@source or =rate@source",
        get: also_printed,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_numbers_read_back_and_have_no_exponent() {
        for x in [0.0, -0.0, 1078946.0, 73.72, -3.5, 0.1 + 0.2, 1e21, 1.5e-7] {
            let text = machine_number(x);
            assert!(!text.contains('e'), "{text}");
            assert_eq!(
                text.parse::<f64>().ok(),
                Some(if x == 0.0 { 0.0 } else { x })
            );
        }
        assert_eq!(machine_number(-0.0), "0");
        assert_eq!(
            Cell::Decimal {
                value: 80.1,
                decimals: 2
            }
            .plain(),
            "80.10"
        );
    }

    #[test]
    fn column_names_are_unique_machine_names() {
        let mut seen = std::collections::BTreeSet::new();
        for c in COLUMNS {
            assert!(seen.insert(c.name), "{} twice", c.name);
            assert!(c
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
    }
}
