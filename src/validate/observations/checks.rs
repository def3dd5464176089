//! The numbers of a figure once its shape is known: nothing negative, counts whole, a numerator
//! within its denominator and a percentage (a printed rate too) within 100 % unless `over_100`
//! says why, and a printed rate that agrees with its counts (a warning showing both when it
//! does not).

use super::Site;
use crate::model::{Figure, Unit};
use crate::validate::numbers::{rate, show, stated_agrees};
use crate::validate::Ctx;

impl Site<'_> {
    /// Range, wholeness and consistency checks. Returns false when the figure is rejected.
    pub(super) fn check_figure(
        &self,
        ctx: &mut Ctx,
        figure: &Figure,
        path: &str,
        over_100: bool,
    ) -> bool {
        let unit = self.indicator.unit;
        let id = &self.indicator.id;
        let mut ok = true;
        let mut nonnegative = |ctx: &mut Ctx, x: f64, field: &str| {
            if x < 0.0 {
                let d = ctx
                    .error("negative-value", format!("{} is negative", show(x)))
                    .help("counts and rates cannot be negative; a fall from the previous period goes in `change`")
                    .vi(format!("{} là số âm", show(x)))
                    .vi_help("số đếm và tỷ lệ không thể âm; mức giảm so với kỳ trước thì ghi vào `change`");
                ctx.at_value(&field_path(path, field), d);
                ok = false;
            }
        };
        match figure {
            Figure::Value(v) => nonnegative(ctx, *v, "value"),
            Figure::Ratio {
                numerator,
                denominator,
                ..
            } => {
                nonnegative(ctx, *numerator, "numerator");
                nonnegative(ctx, *denominator, "denominator");
            }
            Figure::Stated(s) => nonnegative(ctx, s.value, "stated"),
            Figure::CountWithRate { value, stated } => {
                nonnegative(ctx, *value, "value");
                nonnegative(ctx, stated.value, "stated");
            }
            Figure::NoCases | Figure::NotApplicable => {}
        }
        if !ok {
            return false;
        }
        // Whole numbers: counts of things, money, and the two sides of any ratio.
        let whole = |x: f64| x.fract() == 0.0;
        let fractional = match figure {
            Figure::Value(v) | Figure::CountWithRate { value: v, .. }
                if unit.is_whole() && !whole(*v) =>
            {
                Some(("value", *v))
            }
            Figure::Ratio { numerator, .. } if !whole(*numerator) => {
                Some(("numerator", *numerator))
            }
            Figure::Ratio { denominator, .. } if !whole(*denominator) => {
                Some(("denominator", *denominator))
            }
            _ => None,
        };
        if let Some((field, x)) = fractional {
            let spelled = show(x);
            let as_thousands = spelled.replace('.', "");
            let d = ctx
                .error("fractional-count", format!("{spelled} is not a whole number, but `{field}` counts things"))
                .help(format!(
                    "if the report prints {spelled} with a dot as the thousands separator, write {as_thousands}"
                ))
                .vi(format!("máy đọc {spelled} là số thập phân (dấu chấm là dấu thập phân), nhưng `{field}` là số đếm nên phải là số nguyên"))
                .vi_help(format!(
                    "nếu báo cáo in {spelled} với dấu chấm ngăn cách hàng nghìn, hãy viết {as_thousands}"
                ));
            ctx.at_value(&field_path(path, field), d);
            return false;
        }
        match figure {
            Figure::Ratio {
                numerator,
                denominator,
                stated,
            } => {
                if *denominator == 0.0 {
                    let d = ctx
                        .error("zero-denominator", "the denominator is 0")
                        .help("when nothing happened in the period, write `no-cases` instead")
                        .vi("mẫu số bằng 0")
                        .vi_help("nếu trong kỳ không phát sinh trường hợp nào, hãy viết `no-cases` thay cho tỷ lệ");
                    ctx.at_value(&field_path(path, "denominator"), d);
                    return false;
                }
                let computed = rate(*numerator, *denominator);
                if numerator > denominator && !over_100 {
                    let d = ctx
                        .error(
                            "over-100",
                            format!("numerator {} is greater than denominator {} ({} %)", show(*numerator), show(*denominator), show(computed)),
                        )
                        .help("if the report really says so (e.g. the denominator is an assigned quota), add `over_100: \"<why>\"`; otherwise check the two figures")
                        .vi(format!("tử số {} lớn hơn mẫu số {} ({} %)", show(*numerator), show(*denominator), show(computed)))
                        .vi_help("nếu báo cáo đúng là như vậy (ví dụ mẫu số là chỉ tiêu được giao), hãy thêm `over_100: \"<lý do>\"`; nếu không, hãy kiểm tra lại hai số này");
                    ctx.at_value(&field_path(path, "numerator"), d);
                    return false;
                }
                if let Some(s) = stated {
                    if !stated_agrees(computed, s.value, s.decimals) {
                        let d = ctx
                            .warning(
                                "rate-mismatch",
                                format!(
                                    "`{id}`: the report states {} % but {} / {} = {} %",
                                    format_rate(s.value, s.decimals),
                                    show(*numerator),
                                    show(*denominator),
                                    format_rate(computed, s.decimals.max(2))
                                ),
                            )
                            .help("keep both as printed if that is what the report says (this warning records the disagreement); otherwise correct the transcription")
                            .vi(format!(
                                "`{id}`: báo cáo ghi {} % nhưng {} / {} = {} %",
                                format_rate(s.value, s.decimals),
                                show(*numerator),
                                show(*denominator),
                                format_rate(computed, s.decimals.max(2))
                            ))
                            .vi_help("nếu báo cáo in đúng như vậy thì giữ nguyên cả hai (cảnh báo này ghi nhận chỗ không khớp); nếu không, hãy sửa lại số đã chép");
                        ctx.at_value(&field_path(path, "stated"), d);
                    }
                }
                self.check_unneeded_flag(ctx, path, over_100, computed > 100.0);
            }
            Figure::Value(v) if unit == Unit::Percent => {
                if *v > 100.0 && !over_100 {
                    self.percent_out_of_range(ctx, *v, &field_path(path, "value"), true);
                    return false;
                }
                self.check_unneeded_flag(ctx, path, over_100, *v > 100.0);
            }
            Figure::Stated(s) | Figure::CountWithRate { stated: s, .. } => {
                if s.value > 100.0 && !over_100 {
                    self.percent_out_of_range(ctx, s.value, &field_path(path, "stated"), false);
                    return false;
                }
                self.check_unneeded_flag(ctx, path, over_100, s.value > 100.0);
            }
            _ => self.check_unneeded_flag(ctx, path, over_100, false),
        }
        true
    }

    /// A rate above 100 % without `over_100`. A bare `value` on a percent indicator may be a
    /// count typed in the wrong place, so the hint asks that first; a `stated` rate is printed
    /// as a rate, so its hint goes straight to `over_100`.
    pub(super) fn percent_out_of_range(
        &self,
        ctx: &mut Ctx,
        v: f64,
        path: &str,
        maybe_count: bool,
    ) {
        let shown = show(v);
        let d = ctx.error("percent-out-of-range", format!("{shown} % is above 100 %"));
        let d = if maybe_count {
            d.help(format!("this indicator is a percentage; is {shown} a count? Record a count under a count indicator, or with its denominator as `numerator` and `denominator`. If the report really prints a rate above 100 %, add `over_100: \"<why>\"`"))
                .vi_help(format!("chỉ tiêu này tính bằng tỷ lệ phần trăm; {shown} có phải là số đếm không? Số đếm thì ghi vào một chỉ tiêu số đếm, hoặc ghi kèm mẫu số bằng `numerator` và `denominator`. Nếu báo cáo đúng là in tỷ lệ trên 100 %, hãy thêm `over_100: \"<lý do>\"`"))
        } else {
            d.help("if the report really prints this rate, add `over_100: \"<why>\"` (e.g. the rate is taken of an assigned quota); otherwise correct the transcription")
                .vi_help("nếu báo cáo đúng là in tỷ lệ này, hãy thêm `over_100: \"<lý do>\"` (ví dụ tỷ lệ tính trên chỉ tiêu được giao); nếu không, hãy sửa lại số đã chép")
        };
        ctx.at_value(path, d.vi(format!("{shown} % lớn hơn 100 %")));
    }

    pub(super) fn check_unneeded_flag(
        &self,
        ctx: &mut Ctx,
        path: &str,
        flagged: bool,
        exceeds: bool,
    ) {
        if flagged && !exceeds {
            let d = ctx
                .warning(
                    "unneeded-over-100",
                    "`over_100` is set but this rate does not exceed 100 %",
                )
                .help("remove `over_100`")
                .vi("có ghi `over_100` nhưng tỷ lệ này không vượt quá 100 %")
                .vi_help("hãy xóa `over_100`");
            ctx.at_key(&format!("{path}.over_100"), d);
        }
    }
}

/// The path of a field inside a value; a bare number's path is the value itself.
fn field_path(path: &str, field: &str) -> String {
    format!("{path}.{field}")
}

fn format_rate(x: f64, decimals: u32) -> String {
    format!("{x:.prec$}", prec = decimals as usize)
}
