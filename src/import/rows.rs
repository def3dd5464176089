//! Rows of the table → figures checked against the target site's catalogue, every problem of
//! every row reported, each at its cell.

mod cells;
mod forms;

use forms::form_mismatch;

pub use cells::is_machine_number;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::table::columns::{Column, Columns};
use crate::load::table::{Cell, CellValue, Place, Table};
use crate::model::{Date, Figure, Label, Period, Qualifier, Since, Site, Slug, Text};

/// One row of the table, read and checked: a figure, or one member of a breakdown.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// The row's first cell: where "given twice" points.
    pub place: Place,
    pub province: Slug,
    /// The province's code and names, for a province the site does not have yet.
    pub province_code: Option<String>,
    pub province_name: Option<Label>,
    pub indicator: Slug,
    pub breakdown: Option<(Slug, Slug)>,
    pub period: Period,
    pub figure: Figure,
    pub qualifier: Option<Qualifier>,
    pub change: Option<f64>,
    pub as_of: Option<Date>,
    pub since: Option<Since>,
    pub source: Option<String>,
    pub note: Option<Text>,
    pub over_100: Option<String>,
    /// Other printings, each with its source.
    pub also_printed: Vec<(Figure, String)>,
    pub report: Option<ReportRow>,
}

/// The report document a row's `source_file` names.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The `source_file` cell, where a problem with the document is shown.
    pub place: Place,
    pub file: String,
    pub number: Option<String>,
    pub issued: Option<Date>,
    pub draft: bool,
    pub url: Option<String>,
    /// Required to add the document to a province's `reports:`.
    pub issuer: Option<Text>,
}

/// How the report printed the figure: the `form` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Value,
    Ratio,
    Rate,
    CountWithRate,
    NoCases,
    NotApplicable,
}

const FORMS: [(&str, Form); 6] = [
    ("value", Form::Value),
    ("ratio", Form::Ratio),
    ("rate", Form::Rate),
    ("count_with_rate", Form::CountWithRate),
    ("no_cases", Form::NoCases),
    ("not_applicable", Form::NotApplicable),
];

/// The words of the `state` column: the forms that are a state rather than a number.
const STATES: [(&str, Form); 2] = [FORMS[4], FORMS[5]];

/// The words the `state` column accepts (`template` offers them as a drop-down list).
pub(crate) fn state_words() -> impl Iterator<Item = &'static str> {
    STATES.iter().map(|(word, _)| *word)
}

/// The words of the `qualifier` column.
pub(crate) const QUALIFIERS: [(&str, Qualifier); 2] = [
    ("approx", Qualifier::Approx),
    ("at_least", Qualifier::AtLeast),
];

/// Reads the cells of one row, collecting every problem.
struct RowReader<'a> {
    table: &'a Table,
    columns: &'a Columns,
    row: &'a [Cell],
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

/// Read every row of `table`; rows with a problem are reported and left out.
pub fn read_rows(
    table: &Table,
    columns: &Columns,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Vec<FigureRow> {
    let mut out = Vec::new();
    for row in &table.rows {
        // A cell beyond the header belongs to no column: most often a text with a comma that
        // was not quoted, which has shifted every cell after it.
        let extra = row
            .iter()
            .skip(table.header.len())
            .find(|c| c.value != CellValue::Empty);
        if let Some(cell) = extra {
            let columns = table.header.len();
            let d = Diagnostic::error("import-unknown-column", "", format!("this row has more cells than the header has columns ({columns})"))
                .help("put a text that holds a comma between double quotes, or name the extra column in the header")
                .vi(format!("hàng này có nhiều ô hơn số cột của hàng tiêu đề ({columns})"))
                .vi_help("hãy đặt đoạn chữ có dấu phẩy trong dấu ngoặc kép, hoặc đặt tên cho cột thừa ở hàng tiêu đề");
            diags.push(cell.place.locate(&table.file, d));
            continue;
        }
        let mut reader = RowReader {
            table,
            columns,
            row,
            diags,
            failed: false,
        };
        if let Some(figure) = reader.figure_row(site) {
            if !reader.failed {
                out.push(figure);
            }
        }
    }
    out
}

impl RowReader<'_> {
    fn figure_row(&mut self, site: &Site) -> Option<FigureRow> {
        let first = self.row.first()?.clone();
        let province = self.slug(Column::Province, ("province", "tỉnh"));
        let indicator = self.slug(Column::Indicator, ("indicator", "chỉ tiêu"));
        let indicator = indicator.and_then(|(id, cell)| {
            if site.indicators.contains_key(&id) {
                return Some(id);
            }
            let (help, help_vi) = proposal(
                id.as_str(),
                site.indicators.keys().map(Slug::as_str),
                "data/indicators.yaml",
            );
            let d = Diagnostic::error(
                "import-unknown-indicator",
                "",
                format!("unknown indicator `{id}`"),
            )
            .help(help)
            .vi(format!("không có chỉ tiêu `{id}` trong danh mục"))
            .vi_help(help_vi);
            self.report(&cell, d);
            None
        });
        let breakdown = self.breakdown(site, indicator.as_ref());
        let period = self.period();
        let form = self.choice(Column::Form, "form", &FORMS);
        for (column, name) in [
            (Column::Province, "province"),
            (Column::Indicator, "indicator"),
            (Column::Period, "period"),
            (Column::Form, "form"),
        ] {
            let empty = self
                .cell(column)
                .filter(|c| c.value == CellValue::Empty)
                .cloned();
            if let Some(at) = empty {
                self.missing(
                    &at,
                    name,
                    ("every figure needs it", "số liệu nào cũng cần ô này"),
                );
            }
        }
        let figure = form.and_then(|f| self.figure(f));
        if let (Some(state), Some(form)) = (self.choice(Column::State, "state", &STATES), form) {
            if state != form {
                if let Some(cell) = self.cell(Column::State).cloned() {
                    let d = form_mismatch(
                        "`state` says otherwise than `form`",
                        "`state` khác với `form`",
                    );
                    self.report(&cell, d);
                }
            }
        }
        let qualifier = self.choice(Column::Qualifier, "qualifier", &QUALIFIERS);
        let change = self.number(Column::Change, "change").map(|(n, _)| n);
        let as_of = self.date(Column::AsOf, "as_of");
        let since = self.since();
        let note = self.text_pair(Column::NoteVi, Column::NoteEn, "note_vi", "note_en");
        let also_printed = self.also_printed();
        let report = self.report_row();
        let province_name = match (
            self.plain(Column::ProvinceNameVi),
            self.plain(Column::ProvinceNameEn),
        ) {
            (Some(vi), Some(en)) => Some(Label { vi, en }),
            _ => None,
        };
        Some(FigureRow {
            place: first.place,
            province: province?.0,
            province_code: self.plain(Column::ProvinceCode),
            province_name,
            indicator: indicator?,
            breakdown: breakdown?,
            period: period?,
            figure: figure?,
            qualifier,
            change,
            as_of,
            since,
            source: self.plain(Column::Source),
            note,
            over_100: self.plain(Column::Over100),
            also_printed,
            report,
        })
    }

    /// `Some(None)` for a total, `Some(Some(..))` for a member, `None` after a problem.
    fn breakdown(&mut self, site: &Site, indicator: Option<&Slug>) -> Option<Option<(Slug, Slug)>> {
        let dimension = self.slug(Column::Dimension, ("dimension", "phân tổ"));
        let member = self.slug(Column::Member, ("member", "mục"));
        let ((dim, dim_cell), member) = match (dimension, member) {
            (None, None) => {
                let filled = self.text(Column::Dimension).or(self.text(Column::Member));
                return if filled.is_some() { None } else { Some(None) };
            }
            (Some(d), m) => (d, m),
            (None, Some((_, cell))) => {
                self.missing(
                    &cell,
                    "dimension",
                    (
                        "a member belongs to a dimension",
                        "mục nào cũng thuộc một phân tổ",
                    ),
                );
                return None;
            }
        };
        let Some(dimension) = site.dimensions.get(&dim) else {
            let (help, help_vi) = proposal(
                dim.as_str(),
                site.dimensions.keys().map(Slug::as_str),
                "data/dimensions.yaml",
            );
            let d = Diagnostic::error(
                "import-unknown-dimension",
                "",
                format!("unknown dimension `{dim}`"),
            )
            .help(help)
            .vi(format!("không có phân tổ `{dim}`"))
            .vi_help(help_vi);
            self.report(&dim_cell, d);
            return None;
        };
        if let Some(ind) = indicator.and_then(|i| site.indicators.get(i)) {
            if !ind.dimensions.contains(&dim) {
                let d = Diagnostic::error("import-unknown-dimension", "", format!("`{}` is not broken down by `{dim}` in the catalogue", ind.id))
                    .help(format!("add `{dim}` to the indicator's `dimensions:` in data/indicators.yaml, or correct the row"))
                    .vi(format!("trong danh mục, chỉ tiêu `{}` không được chia theo phân tổ `{dim}`", ind.id))
                    .vi_help(format!("hãy thêm `{dim}` vào `dimensions:` của chỉ tiêu trong data/indicators.yaml, hoặc sửa hàng này"));
                self.report(&dim_cell, d);
                return None;
            }
        }
        let Some((member, member_cell)) = member else {
            self.missing(
                &dim_cell,
                "member",
                (
                    "a breakdown row names its member",
                    "hàng của phân tổ phải ghi mục",
                ),
            );
            return None;
        };
        if dimension.members.iter().any(|m| m.id == member) {
            return Some(Some((dim, member)));
        }
        let where_ = format!("dimension `{dim}` in data/dimensions.yaml");
        let (help, help_vi) = proposal(
            member.as_str(),
            dimension.members.iter().map(|m| m.id.as_str()),
            &where_,
        );
        let d = Diagnostic::error(
            "import-unknown-member",
            "",
            format!("`{member}` is not a member of `{dim}`"),
        )
        .help(help)
        .vi(format!("phân tổ `{dim}` không có mục `{member}`"))
        .vi_help(help_vi);
        self.report(&member_cell, d);
        None
    }

    fn period(&mut self) -> Option<Period> {
        let (text, cell) = self.text(Column::Period)?;
        if let Ok(p) = Period::parse(&text) {
            return Some(p);
        }
        let d = Diagnostic::error(
            "import-invalid-period",
            "",
            format!("`{text}` is not a period"),
        )
        .help("write 2025-04 (month), 2024-Q2, 2024-H1, 2024 or 2023-12-16..2024-01-15")
        .vi(format!("`{text}` không phải kỳ báo cáo"))
        .vi_help("hãy ghi 2025-04 (tháng), 2024-Q2, 2024-H1, 2024 hoặc 2023-12-16..2024-01-15");
        self.report(&cell, d);
        None
    }

    fn since(&mut self) -> Option<Since> {
        let cell = self.cell(Column::Since)?.clone();
        if let CellValue::Date(d) = cell.value {
            return Some(Since::Day(d));
        }
        let (text, _) = self.text(Column::Since)?;
        if let Some(s) = Since::parse(&text) {
            return Some(s);
        }
        let d = Diagnostic::error("import-invalid-date", "", format!("`since` is not a day or a month: `{text}`"))
            .help("write the day as 2024-07-01, or the month as 2024-02 when the report names only the month")
            .vi(format!("`since` không phải ngày hay tháng: `{text}`"))
            .vi_help("hãy ghi ngày theo dạng 2024-07-01, hoặc tháng theo dạng 2024-02 khi báo cáo chỉ ghi tháng");
        self.report(&cell, d);
        None
    }

    /// The figure the `form` names, from the cells it needs; a filled cell it does not use is
    /// an error (the row says two things).
    fn report_row(&mut self) -> Option<ReportRow> {
        let (file, file_cell) = self.text(Column::SourceFile)?;
        let draft = match self.text(Column::SourceDraft) {
            None => false,
            Some((t, cell)) => match t.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    let d = Diagnostic::error(
                        "import-invalid-choice",
                        "",
                        format!("`source_draft` cannot be `{t}`"),
                    )
                    .help("write `true` for a draft, `false` or nothing otherwise")
                    .vi(format!("`source_draft` không thể là `{t}`"))
                    .vi_help("hãy ghi `true` nếu là bản dự thảo, `false` hoặc để trống nếu không");
                    self.report(&cell, d);
                    false
                }
            },
        };
        Some(ReportRow {
            place: file_cell.place,
            file,
            number: self.plain(Column::SourceNumber),
            issued: self.date(Column::SourceIssued, "source_issued"),
            draft,
            url: self.plain(Column::SourceUrl),
            issuer: self.text_pair(
                Column::SourceIssuerVi,
                Column::SourceIssuerEn,
                "source_issuer_vi",
                "source_issuer_en",
            ),
        })
    }

    fn also_printed(&mut self) -> Vec<(Figure, String)> {
        let Some((text, cell)) = self.text(Column::AlsoPrinted) else {
            return Vec::new();
        };
        match super::printings::parse(&text) {
            Ok(list) => list,
            Err(item) => {
                let d = Diagnostic::error("import-invalid-number", "", format!("`also_printed` cannot be read at `{item}`"))
                    .help("write each printing as value@source, numerator/denominator@source, numerator/denominator=stated@source or =stated@source, separated by `;`")
                    .vi(format!("không đọc được `also_printed` ở `{item}`"))
                    .vi_help("hãy ghi mỗi lần in theo dạng giá_trị@nguồn, tử_số/mẫu_số@nguồn, tử_số/mẫu_số=tỷ_lệ@nguồn hoặc =tỷ_lệ@nguồn, cách nhau bằng `;`");
                self.report(&cell, d);
                Vec::new()
            }
        }
    }
}

/// The help for an unknown id: the nearest known one, or where the known ones are.
fn proposal<'a>(
    word: &str,
    known: impl IntoIterator<Item = &'a str>,
    place: &str,
) -> (String, String) {
    match did_you_mean(word, known) {
        Some(near) => (
            format!("did you mean `{near}`?"),
            format!("có phải là `{near}`?"),
        ),
        None => (
            format!("use an id declared in {place}"),
            format!("hãy dùng một mã đã khai báo trong {place}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_words_are_the_forms_without_a_number() {
        assert_eq!(
            STATES.map(|(_, form)| form),
            [Form::NoCases, Form::NotApplicable]
        );
        assert_eq!(
            state_words().collect::<Vec<_>>(),
            ["no_cases", "not_applicable"]
        );
    }
}
