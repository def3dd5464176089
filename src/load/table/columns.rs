//! The columns of the tidy figure table that `import` knows, matched by header name in any
//! order: the ones it reads, and the derived ones it accepts and ignores (labels, names, the
//! period's days, the citations the pages make).

use super::{Cell, CellValue, Table};
use crate::diagnostics::{did_you_mean, Diagnostic};

/// A column `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Province,
    ProvinceCode,
    ProvinceNameVi,
    ProvinceNameEn,
    Indicator,
    Dimension,
    Member,
    Period,
    Form,
    Value,
    Numerator,
    Denominator,
    StatedRate,
    StatedDecimals,
    State,
    Qualifier,
    Change,
    AsOf,
    Since,
    Source,
    SourceFile,
    SourceNumber,
    SourceIssued,
    SourceDraft,
    SourceUrl,
    SourceIssuerVi,
    SourceIssuerEn,
    NoteVi,
    NoteEn,
    Over100,
    AlsoPrinted,
}

/// Every column read, with its header name.
pub const READ: [(&str, Column); 31] = [
    ("province", Column::Province),
    ("province_code", Column::ProvinceCode),
    ("province_name_vi", Column::ProvinceNameVi),
    ("province_name_en", Column::ProvinceNameEn),
    ("indicator", Column::Indicator),
    ("dimension", Column::Dimension),
    ("member", Column::Member),
    ("period", Column::Period),
    ("form", Column::Form),
    ("value", Column::Value),
    ("numerator", Column::Numerator),
    ("denominator", Column::Denominator),
    ("stated_rate", Column::StatedRate),
    ("stated_decimals", Column::StatedDecimals),
    ("state", Column::State),
    ("qualifier", Column::Qualifier),
    ("change", Column::Change),
    ("as_of", Column::AsOf),
    ("since", Column::Since),
    ("source", Column::Source),
    ("source_file", Column::SourceFile),
    ("source_number", Column::SourceNumber),
    ("source_issued", Column::SourceIssued),
    ("source_draft", Column::SourceDraft),
    ("source_url", Column::SourceUrl),
    ("source_issuer_vi", Column::SourceIssuerVi),
    ("source_issuer_en", Column::SourceIssuerEn),
    ("note_vi", Column::NoteVi),
    ("note_en", Column::NoteEn),
    ("over_100", Column::Over100),
    ("also_printed", Column::AlsoPrinted),
];

/// Columns derived from the others or from the catalogue: accepted, never read.
pub const IGNORED: [&str; 12] = [
    "indicator_label_vi",
    "indicator_label_en",
    "unit",
    "member_label_vi",
    "member_label_en",
    "period_start",
    "period_end",
    "source_citation_vi",
    "source_citation_en",
    "source_section",
    "scope",
    "group",
];

/// The columns a row to import cannot do without (`form` says how to read its numbers).
pub const REQUIRED: [Column; 4] = [
    Column::Province,
    Column::Indicator,
    Column::Period,
    Column::Form,
];

/// Which cell of a row holds each column read.
#[derive(Debug, Default)]
pub struct Columns {
    index: Vec<(Column, usize)>,
}

impl Columns {
    /// Match the header row of a table to import: see [`Columns::match_header_with`].
    pub fn match_header(table: &Table, diags: &mut Vec<Diagnostic>) -> Columns {
        Columns::match_header_with(table, &REQUIRED, diags)
    }

    /// Match the header row: every name must be known, none twice, the `required` ones present.
    pub fn match_header_with(
        table: &Table,
        required: &[Column],
        diags: &mut Vec<Diagnostic>,
    ) -> Columns {
        let mut columns = Columns::default();
        let mut seen: Vec<(&str, &Cell)> = Vec::new();
        for (i, cell) in table.header.iter().enumerate() {
            let name = match &cell.value {
                CellValue::Text(t) => t.trim(),
                CellValue::Empty => continue,
                _ => "",
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = first.place.describe();
                let d = Diagnostic::error(
                    "import-unknown-column",
                    "",
                    format!("the column `{name}` is named twice (first {})", first.0),
                )
                .help("keep one column of each name")
                .vi(format!("cột `{name}` có hai lần (lần đầu {})", first.1))
                .vi_help("mỗi tên cột chỉ giữ một cột");
                diags.push(cell.place.locate(&table.file, d));
                continue;
            }
            seen.push((name, cell));
            if let Some((_, column)) = READ.iter().find(|(n, _)| *n == name) {
                columns.index.push((*column, i));
            } else if !IGNORED.contains(&name) {
                let known = READ.iter().map(|(n, _)| *n).chain(IGNORED);
                let (help, help_vi) = match did_you_mean(name, known) {
                    Some(near) => (
                        format!("did you mean `{near}`? (the columns are those of the downloads' figure table)"),
                        format!("có phải là `{near}`? (các cột là các cột của bảng số liệu tải về)"),
                    ),
                    None => (
                        "remove the column, or name it as in the downloads' figure table (docs/data-format.md, `import`)".to_string(),
                        "hãy bỏ cột này, hoặc đặt tên như trong bảng số liệu tải về (docs/data-format.md, mục `import`)".to_string(),
                    ),
                };
                let d = Diagnostic::error(
                    "import-unknown-column",
                    "",
                    format!("unknown column `{name}`"),
                )
                .help(help)
                .vi(format!("không có cột nào tên `{name}`"))
                .vi_help(help_vi);
                diags.push(cell.place.locate(&table.file, d));
            }
        }
        for &required in required {
            if columns.get(required).is_none() {
                let name = READ
                    .iter()
                    .find(|(_, c)| *c == required)
                    .map_or("", |(n, _)| *n);
                let d = Diagnostic::error(
                    "import-missing-column",
                    "",
                    format!("the table has no `{name}` column"),
                )
                .help(format!(
                    "add a column named `{name}` to the header row: every figure needs it"
                ))
                .vi(format!("bảng không có cột `{name}`"))
                .vi_help(format!(
                    "hãy thêm cột `{name}` vào hàng tiêu đề: số liệu nào cũng cần cột này"
                ));
                let place = table.header.first().map(|c| c.place.clone());
                diags.push(match place {
                    Some(p) => p.locate(&table.file, d),
                    None => {
                        let mut d = d;
                        d.file = table.file.clone();
                        d
                    }
                });
            }
        }
        columns
    }

    /// The index of `column` in a row, if the table has it.
    pub fn get(&self, column: Column) -> Option<usize> {
        self.index
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, i)| *i)
    }
}
