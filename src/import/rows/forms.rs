//! The `form` column: which cells a figure of each form fills, and the figure they make.

use super::{Form, RowReader, FORMS};
use crate::diagnostics::Diagnostic;
use crate::load::table::columns::Column;
use crate::load::table::CellValue;
use crate::model::{Figure, StatedRate};

impl RowReader<'_> {
    pub(super) fn figure(&mut self, form: Form) -> Option<Figure> {
        let value = self.number(Column::Value, "value");
        let numerator = self.number(Column::Numerator, "numerator");
        let denominator = self.number(Column::Denominator, "denominator");
        let stated = self.stated();
        let form_cell = self.cell(Column::Form).cloned()?;
        // What the row fills, read or not (a number that could not be read is reported once,
        // as such, not again as missing).
        let present = |c: Column| self.cell(c).is_some_and(|c| c.value != CellValue::Empty);
        let has = [
            Column::Value,
            Column::Numerator,
            Column::Denominator,
            Column::StatedRate,
        ]
        .map(present);
        let unread = [
            value.is_none(),
            numerator.is_none(),
            denominator.is_none(),
            stated.is_none(),
        ];
        if has.iter().zip(unread).any(|(h, u)| *h && u) {
            return None;
        }
        let [value_in, numerator_in, denominator_in, stated_in] = has;
        let when = |name: &'static str, cond: bool| cond.then_some(name);
        let (needs, unused): (Vec<&str>, Vec<&str>) = match form {
            Form::Value => (
                [when("value", !value_in)].into_iter().flatten().collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                    when("stated_rate", stated_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            // `value` of a ratio is the rate the site derives: not read.
            Form::Ratio => (
                [
                    when("numerator", !numerator_in),
                    when("denominator", !denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
                Vec::new(),
            ),
            Form::Rate => (
                [when("stated_rate", !stated_in)]
                    .into_iter()
                    .flatten()
                    .collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            Form::CountWithRate => (
                [when("value", !value_in), when("stated_rate", !stated_in)]
                    .into_iter()
                    .flatten()
                    .collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            Form::NoCases | Form::NotApplicable => (
                Vec::new(),
                [
                    when("value", value_in),
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                    when("stated_rate", stated_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
        };
        let form_name = FORMS
            .iter()
            .find(|(_, f)| *f == form)
            .map_or("", |(n, _)| *n);
        if !needs.is_empty() || !unused.is_empty() {
            let mut en = Vec::new();
            let mut vi = Vec::new();
            if !needs.is_empty() {
                en.push(format!("needs {}", quoted(&needs)));
                vi.push(format!("cần ô {}", quoted(&needs)));
            }
            if !unused.is_empty() {
                en.push(format!("does not use {}", quoted(&unused)));
                vi.push(format!("không dùng ô {}", quoted(&unused)));
            }
            let d = form_mismatch(
                &format!("a `{form_name}` figure {}", en.join(" and ")),
                &format!("số liệu dạng `{form_name}` {}", vi.join(" và ")),
            );
            self.report(&form_cell, d);
            return None;
        }
        if form == Form::Rate {
            if let (Some((v, _)), Some(s)) = (value, stated) {
                if v != s.value {
                    let d = form_mismatch(
                        &format!("`value` {v} is not the printed rate {}", s.value),
                        &format!("`value` {v} khác tỷ lệ đã in {}", s.value),
                    );
                    self.report(&form_cell, d);
                    return None;
                }
            }
        }
        Some(match form {
            Form::Value => Figure::Value(value?.0),
            Form::Ratio => Figure::Ratio {
                numerator: numerator?.0,
                denominator: denominator?.0,
                stated,
            },
            Form::Rate => Figure::Stated(stated?),
            Form::CountWithRate => Figure::CountWithRate {
                value: value?.0,
                stated: stated?,
            },
            Form::NoCases => Figure::NoCases,
            Form::NotApplicable => Figure::NotApplicable,
        })
    }

    /// The printed rate, with the decimals of `stated_decimals` when given (so that `80.10`
    /// stays `80.10`), else those it was written with.
    pub(super) fn stated(&mut self) -> Option<StatedRate> {
        let (value, shown) = self.number(Column::StatedRate, "stated_rate")?;
        let Some((places, _)) = self.number(Column::StatedDecimals, "stated_decimals") else {
            return Some(StatedRate {
                value,
                decimals: shown,
            });
        };
        let cell = self.cell(Column::StatedDecimals).cloned()?;
        let fits = places.fract() == 0.0 && (0.0..=10.0).contains(&places) && {
            let d = places as usize;
            format!("{value:.d$}").parse::<f64>().ok() == Some(value)
        };
        if !fits {
            let d = Diagnostic::error(
                "import-invalid-number",
                "",
                format!("`stated_decimals` {places} does not fit the rate {value}"),
            )
            .help(format!(
                "write the number of decimals the rate was printed with, at least {shown}"
            ))
            .vi(format!(
                "`stated_decimals` {places} không khớp tỷ lệ {value}"
            ))
            .vi_help(format!(
                "hãy ghi số chữ số thập phân của tỷ lệ như đã in, ít nhất là {shown}"
            ));
            self.report(&cell, d);
            return None;
        }
        Some(StatedRate {
            value,
            decimals: places as u32,
        })
    }
}

pub(super) fn form_mismatch(en: &str, vi: &str) -> Diagnostic {
    Diagnostic::error("import-form-mismatch", "", en.to_string())
        .help("`form` says how the report printed the figure: value (value), ratio (numerator, denominator, maybe stated_rate), rate (stated_rate), count_with_rate (value, stated_rate), no_cases and not_applicable (no number)")
        .vi(vi.to_string())
        .vi_help("`form` cho biết báo cáo in số liệu thế nào: value (value), ratio (numerator, denominator, có thể thêm stated_rate), rate (stated_rate), count_with_rate (value, stated_rate), no_cases và not_applicable (không có số)")
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
