//! The checks the sheets make as the publisher types, so that a mistake is refused at the cell
//! rather than reported by `check` later: a word not in its list, text in a number column (the
//! «1.078.935» of a Vietnamese report), a date that is not one. The messages are Vietnamese,
//! as the workbook is; Excel limits a title to 32 characters and a message to 255.

use super::columns::{position, Entry, TemplateColumn};
use super::lists::List;
use super::workbook::col;
use crate::model::Period;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Worksheet,
    XlsxError,
};

/// The last row (from 0) that the column-wide validations and formats reach: room for the
/// rows a publisher adds below the prefilled ones.
const LAST_ROW: u32 = 9_999;

/// Validate the column `name` of `columns` from row 1 to [`LAST_ROW`].
pub(super) fn validate_column(
    sheet: &mut Worksheet,
    columns: &[TemplateColumn],
    name: &str,
    validation: &DataValidation,
) -> Result<(), XlsxError> {
    if let Some(i) = position(columns, name) {
        sheet.add_data_validation(1, col(i)?, LAST_ROW, col(i)?, validation)?;
    }
    Ok(())
}

/// A list validation that refuses anything else, and says where the values come from.
pub(super) fn list_rule(list: &List) -> Result<DataValidation, XlsxError> {
    let shown = list.values.join(", ");
    let message = match shown.chars().count() < 180 {
        true => format!("Hãy chọn một giá trị trong danh sách: {shown}."),
        false => "Hãy chọn một giá trị trong danh sách thả xuống (xem sheet Hướng dẫn).".into(),
    };
    list.validation()?
        .set_error_title("Giá trị không có trong danh sách")?
        .set_error_message(message)
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

fn number_rule(whole: bool) -> Result<DataValidation, XlsxError> {
    let rule = match whole {
        true => DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 10)),
        false => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        }
    };
    let message = match whole {
        true => "Hãy gõ một số nguyên từ 0 đến 10.",
        false => "Hãy gõ một con số (ô số được căn phải), không kèm dấu % và không gõ dấu ngăn cách hàng nghìn: 1078935, không phải «1.078.935».",
    };
    rule.set_error_title("Ô này cần một con số")?
        .set_error_message(message)
}

pub(super) fn date_rule() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1990, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_title("Ô này cần một ngày")?
        .set_error_message("Hãy gõ một ngày theo thứ tự năm-tháng-ngày, ví dụ 2024-06-30.")
}

/// The validations every typed column of a kind gets.
pub(super) fn entry_rules(
    sheet: &mut Worksheet,
    columns: &[TemplateColumn],
    period: Option<&Period>,
) -> Result<(), XlsxError> {
    for c in columns.iter().filter(|c| !c.is_prefilled(period)) {
        let rule = match c.entry {
            Entry::Number => number_rule(false)?,
            Entry::Whole => number_rule(true)?,
            Entry::Date => date_rule()?,
            Entry::Text | Entry::Code => continue,
        };
        validate_column(sheet, columns, c.name, &rule)?;
    }
    Ok(())
}
