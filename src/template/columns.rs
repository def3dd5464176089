//! The columns of the template's two data sheets: which the template fills from the catalogue
//! (grey) and which the publisher types, how a typed cell is kept, and what each one means.
//!
//! The names are those of the downloads' figure table (`site::opendata::COLUMNS`), which
//! `import` and the site's table reader match; so are the descriptions, wherever a column means
//! the same to the one who fills it as to the one who downloads it.

use crate::site::opendata::COLUMNS;

/// How a cell of the column is written and kept when typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Free text.
    Text,
    /// Text that a spreadsheet would turn into a date or a number if it could (`2025-04`,
    /// `2024`): the column is formatted as text, so it stays as typed.
    Code,
    /// A number (checked by the sheet: "1.078.935" typed as text is refused).
    Number,
    /// A whole number.
    Whole,
    /// A date (shown `yyyy-mm-dd`).
    Date,
}

/// One column of a sheet of the template.
#[derive(Debug, Clone, Copy)]
pub struct TemplateColumn {
    pub name: &'static str,
    /// Filled by the template from the catalogue or the province (a grey cell).
    pub prefilled: bool,
    pub entry: Entry,
    /// What the publisher reads about the column, when the downloads' description of the
    /// column would mislead someone filling it in (or the downloads have no such column).
    own_about: Option<&'static str>,
}

impl TemplateColumn {
    const fn new(name: &'static str, prefilled: bool, entry: Entry) -> TemplateColumn {
        TemplateColumn {
            name,
            prefilled,
            entry,
            own_about: None,
        }
    }

    const fn about(mut self, text: &'static str) -> TemplateColumn {
        self.own_about = Some(text);
        self
    }

    /// Whether the template fills the column in this workbook: `period` and a task's `as_of`
    /// only when it is made for a period.
    pub fn is_prefilled(&self, period: Option<&crate::model::Period>) -> bool {
        self.prefilled && (period.is_some() || !matches!(self.name, "period" | "as_of"))
    }

    /// What the column means, in Vietnamese: the template's own words, else the downloads'.
    pub fn about_vi(&self) -> &'static str {
        self.own_about
            .or_else(|| {
                COLUMNS
                    .iter()
                    .find(|c| c.name == self.name)
                    .map(|c| c.about_vi)
            })
            .unwrap_or("")
    }
}

use Entry::{Code, Date, Number, Text, Whole};

/// The figures sheet: the prefilled columns first, then the figure, then where it comes from.
/// `period` is prefilled when the template is made for a period.
pub static FIGURE_COLUMNS: &[TemplateColumn] = &[
    TemplateColumn::new("province", true, Code),
    TemplateColumn::new("indicator", true, Code),
    TemplateColumn::new("indicator_label_vi", true, Text),
    TemplateColumn::new("unit", true, Code),
    TemplateColumn::new("scope", true, Code).about(
        "Phạm vi của chỉ tiêu: period (chỉ trong kỳ báo cáo), cumulative (lũy kế đến một ngày), snapshot (hiện trạng tại thời điểm báo cáo)",
    ),
    TemplateColumn::new("group", true, Code)
        .about("Mã nhóm của chỉ tiêu trong danh mục (để lọc theo nhóm)"),
    TemplateColumn::new("dimension", true, Code),
    TemplateColumn::new("member", true, Code),
    TemplateColumn::new("member_label_vi", true, Text),
    TemplateColumn::new("period", true, Code),
    TemplateColumn::new("value", false, Number).about(
        "Con số báo cáo ghi (số lượng, số tiền, hoặc tỷ lệ % khi báo cáo chỉ ghi một con số); với số liệu dạng X/Y thì để trống và điền numerator, denominator",
    ),
    TemplateColumn::new("numerator", false, Number),
    TemplateColumn::new("denominator", false, Number),
    TemplateColumn::new("stated_rate", false, Number),
    TemplateColumn::new("stated_decimals", false, Whole).about(
        "Chỉ điền khi tỷ lệ in có số 0 ở cuối phần thập phân (80,10 là 2), vì ô số không giữ số 0 đó",
    ),
    TemplateColumn::new("state", false, Code),
    TemplateColumn::new("qualifier", false, Code),
    TemplateColumn::new("change", false, Number),
    TemplateColumn::new("as_of", false, Date),
    TemplateColumn::new("since", false, Code),
    TemplateColumn::new("source", false, Text),
    TemplateColumn::new("source_file", false, Text),
    TemplateColumn::new("source_number", false, Text),
    TemplateColumn::new("source_issued", false, Date),
    TemplateColumn::new("source_issuer_vi", false, Text),
    TemplateColumn::new("source_url", false, Text),
    TemplateColumn::new("note_vi", false, Text),
    TemplateColumn::new("note_en", false, Text),
    TemplateColumn::new("over_100", false, Text),
    TemplateColumn::new("also_printed", false, Text),
];

/// The tasks sheet: a task of the plan (prefilled for the province's known tasks), then its
/// state at this report.
pub static TASK_COLUMNS: &[TemplateColumn] = &[
    TemplateColumn::new("province", true, Code),
    TemplateColumn::new("task", true, Code).about(
        "Mã nhiệm vụ, duy nhất trong tỉnh (chữ thường không dấu, số và dấu gạch ngang; có thể dùng số thứ tự của nhiệm vụ trong kế hoạch)",
    ),
    TemplateColumn::new("title_vi", true, Text).about("Nội dung nhiệm vụ, bằng tiếng Việt"),
    TemplateColumn::new("title_en", true, Text)
        .about("Nội dung nhiệm vụ, bằng tiếng Anh (để trống khi chưa dịch)"),
    TemplateColumn::new("owner_vi", true, Text).about("Cơ quan, đơn vị chủ trì, bằng tiếng Việt"),
    TemplateColumn::new("owner_en", true, Text)
        .about("Cơ quan, đơn vị chủ trì, bằng tiếng Anh (để trống khi chưa dịch)"),
    TemplateColumn::new("directive_vi", true, Text)
        .about("Văn bản giao nhiệm vụ (kế hoạch, quyết định), bằng tiếng Việt; không bắt buộc"),
    TemplateColumn::new("directive_en", true, Text)
        .about("Văn bản giao nhiệm vụ, bằng tiếng Anh; không bắt buộc"),
    TemplateColumn::new("due", true, Code)
        .about("Thời hạn như kế hoạch ghi: «Tháng 6/2024», «Quý II/2024», «Thường xuyên»…"),
    TemplateColumn::new("due_date", true, Date).about(
        "Ngày hết hạn, chỉ cần khi cách ghi ở cột due không phải một cách ghi thời hạn thông dụng",
    ),
    TemplateColumn::new("as_of", true, Code).about(
        "Kỳ báo cáo mà tình trạng của nhiệm vụ được tính đến: 2025-04, 2024-Q2, 2024-H1, 2024",
    ),
    TemplateColumn::new("status", false, Code).about(
        "Tình trạng của nhiệm vụ tại kỳ báo cáo, chọn trong danh sách thả xuống (các giá trị và ý nghĩa: mục «Giá trị cho phép» bên dưới)",
    ),
    TemplateColumn::new("result_vi", false, Text)
        .about("Kết quả thực hiện như báo cáo ghi, bằng tiếng Việt; không bắt buộc"),
    TemplateColumn::new("result_en", false, Text)
        .about("Kết quả thực hiện, bằng tiếng Anh (để trống khi chưa dịch)"),
    TemplateColumn::new("source", false, Text).about(
        "Nguồn: tệp báo cáo và vị trí trong báo cáo (ví dụ «002_c644fca4e10ebbf9.txt Phụ lục, dòng 10»)",
    ),
    TemplateColumn::new("note_vi", false, Text).about("Ghi chú, bằng tiếng Việt; không bắt buộc"),
    TemplateColumn::new("note_en", false, Text).about("Ghi chú, bằng tiếng Anh; không bắt buộc"),
];

/// The names of the columns the template may fill in `columns`: a row with nothing else typed
/// is a row left as the template wrote it (the table reader skips it rather than call it a
/// figure without a number).
pub fn prefilled_names(columns: &[TemplateColumn]) -> impl Iterator<Item = &'static str> + '_ {
    columns.iter().filter(|c| c.prefilled).map(|c| c.name)
}

/// The index of the column `name` in `columns`.
pub fn position(columns: &[TemplateColumn], name: &str) -> Option<usize> {
    columns.iter().position(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_described() {
        for c in FIGURE_COLUMNS.iter().chain(TASK_COLUMNS) {
            assert!(!c.about_vi().is_empty(), "{} has no description", c.name);
        }
    }

    #[test]
    fn figure_columns_are_the_downloads_columns_or_the_new_scope_and_group() {
        for c in FIGURE_COLUMNS {
            assert!(
                COLUMNS.iter().any(|d| d.name == c.name) || ["scope", "group"].contains(&c.name),
                "{} is not a column of the figure table",
                c.name
            );
        }
    }
}
