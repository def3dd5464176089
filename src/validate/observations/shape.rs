//! The shape of one value: a bare number, a word (`no-cases`, `not-applicable`) or a map
//! giving exactly one of `value`, a ratio, `stated` alone, `value` with `stated` (a count
//! printed with its rate) or `state`. Only the form is read here; whether the numbers make
//! sense is `checks.rs`'s job.

use super::Site;
use crate::load::raw::{RawNumber, RawValueMap};
use crate::model::{Figure, StatedRate, Unit};
use crate::validate::numbers::{self, decimals_shown};
use crate::validate::Ctx;

impl Site<'_> {
    pub(super) fn word(&self, ctx: &mut Ctx, word: &str, path: &str) -> Option<Figure> {
        match word.trim() {
            "no-cases" => Some(Figure::NoCases),
            "not-applicable" => Some(Figure::NotApplicable),
            other if numbers::propose(other).is_some() => {
                ctx.not_a_number(other, path);
                None
            }
            other => {
                let (help, help_vi) =
                    match crate::diagnostics::did_you_mean(other, ["no-cases", "not-applicable"]) {
                        Some(s) => (
                            format!("did you mean `{s}`?"),
                            format!("có phải bạn định viết `{s}`?"),
                        ),
                        None => (
                            "write a number, `no-cases` (không phát sinh) or `not-applicable`"
                                .to_string(),
                            "hãy viết một số, `no-cases` (không phát sinh) hoặc `not-applicable` (không áp dụng)"
                                .to_string(),
                        ),
                    };
                let d = ctx
                    .error("invalid-value", format!("`{other}` is not a value"))
                    .help(help)
                    .vi(format!("`{other}` không phải là một giá trị hợp lệ"))
                    .vi_help(help_vi);
                ctx.at_value(path, d);
                None
            }
        }
    }

    /// The figure of a map value: exactly one of its shapes.
    pub(super) fn figure(&self, ctx: &mut Ctx, m: &RawValueMap, path: &str) -> Option<Figure> {
        let num = |ctx: &mut Ctx, raw: &Option<RawNumber>, field: &str| -> Option<Option<f64>> {
            match raw {
                None => Some(None),
                Some(RawNumber::Number(n)) => Some(Some(*n)),
                Some(r) => ctx.number(r, &format!("{path}.{field}")).map(Some),
            }
        };
        let value = num(ctx, &m.value, "value");
        let numerator = num(ctx, &m.numerator, "numerator");
        let denominator = num(ctx, &m.denominator, "denominator");
        let stated = num(ctx, &m.stated, "stated");
        let state = match &m.state {
            None => Some(None),
            Some(s) => ctx
                .choice(
                    s,
                    &format!("{path}.state"),
                    "state",
                    &[
                        ("no-cases", Figure::NoCases),
                        ("not-applicable", Figure::NotApplicable),
                    ],
                )
                .map(Some),
        };
        let (Some(value), Some(numerator), Some(denominator), Some(stated), Some(state)) =
            (value, numerator, denominator, stated, state)
        else {
            return None;
        };
        let stated = stated.map(|v| StatedRate {
            value: v,
            decimals: ctx
                .index
                .scalar(&format!("{path}.stated"))
                .map(decimals_shown)
                .unwrap_or_else(|| decimals_shown(&v.to_string())),
        });
        if let (Some(v), Some(s), None, None, None) = (value, stated, numerator, denominator, state)
        {
            return self.count_with_rate(ctx, v, s, path);
        }
        let shapes = [
            value.is_some(),
            numerator.is_some() || denominator.is_some(),
            stated.is_some() && numerator.is_none() && denominator.is_none(),
            state.is_some(),
        ];
        let count = shapes.iter().filter(|s| **s).count();
        if count > 1 || (value.is_some() && stated.is_some()) {
            let d = ctx
                .error("conflicting-value", "this value mixes several forms")
                .help("give exactly one of: `value`; `numerator` with `denominator` (and optionally `stated`); `stated` alone; or `state`")
                .vi("giá trị này trộn lẫn nhiều cách ghi")
                .vi_help("hãy chỉ dùng một trong các cách: `value`; `numerator` cùng `denominator` (có thể thêm `stated`); chỉ `stated`; hoặc `state`");
            ctx.at_key(path, d);
            return None;
        }
        match (value, numerator, denominator, stated, state) {
            (Some(v), ..) => Some(Figure::Value(v)),
            (_, Some(n), Some(d), stated, _) => Some(Figure::Ratio {
                numerator: n,
                denominator: d,
                stated,
            }),
            (_, Some(_), None, ..) | (_, None, Some(_), ..) => {
                let (missing, missing_vi) = if numerator.is_none() {
                    ("numerator", "tử số")
                } else {
                    ("denominator", "mẫu số")
                };
                let d = ctx
                    .error("incomplete-ratio", format!("`{missing}` is missing"))
                    .help("a ratio needs both `numerator` and `denominator`; for a single number use `value`")
                    .vi(format!("thiếu `{missing}` ({missing_vi})"))
                    .vi_help("một tỷ lệ cần có cả `numerator` (tử số) và `denominator` (mẫu số); nếu chỉ có một con số thì dùng `value`");
                ctx.at_key(path, d);
                None
            }
            (_, _, _, Some(s), _) => {
                if self.indicator.unit != Unit::Percent {
                    let d = ctx
                        .error("stated-without-counts", format!("`stated` alone is a rate, but `{}` is not a percent indicator", self.indicator.id))
                        .help("for a count, write `value`; `stated` is the percentage printed next to counts")
                        .vi(format!("khi chỉ có `stated`, giá trị được hiểu là một tỷ lệ, nhưng `{}` không phải là chỉ tiêu tính bằng phần trăm", self.indicator.id))
                        .vi_help("với số đếm, hãy viết `value`; `stated` là tỷ lệ phần trăm được in bên cạnh các số đếm");
                    ctx.at_key(&format!("{path}.stated"), d);
                    return None;
                }
                Some(Figure::Stated(s))
            }
            (_, _, _, _, Some(f)) => Some(f),
            _ => {
                if m.by.is_none() {
                    let d = ctx
                        .error("empty-value", "this value has no figure")
                        .help("give `value`, `numerator` and `denominator`, `stated`, `state`, or a breakdown under `by`")
                        .vi("giá trị này chưa có số liệu")
                        .vi_help("hãy ghi `value`, hoặc `numerator` và `denominator`, hoặc `stated`, hoặc `state`, hoặc chia theo phân tổ trong `by`");
                    ctx.at_key(path, d);
                }
                None
            }
        }
    }

    /// `value` with `stated`: a count printed with a rate but no denominator ("947.684 …
    /// đạt 99,2 %"). Only for an indicator that counts: on a percent indicator `value` is
    /// itself the rate, and two rates for one figure is a conflict.
    fn count_with_rate(
        &self,
        ctx: &mut Ctx,
        value: f64,
        stated: StatedRate,
        path: &str,
    ) -> Option<Figure> {
        if self.indicator.unit == Unit::Percent {
            let d = ctx
                .error("conflicting-value", format!("`{}` is a percentage, so `value` is already its rate and `stated` would be a second one", self.indicator.id))
                .help("keep the rate as printed in `stated` alone; a count printed beside it goes in `note`, or under a count indicator as `value` with `stated`")
                .vi(format!("`{}` là chỉ tiêu tính bằng phần trăm, nên `value` đã là tỷ lệ và `stated` sẽ là tỷ lệ thứ hai", self.indicator.id))
                .vi_help("hãy chỉ giữ tỷ lệ như báo cáo in trong `stated`; số đếm in bên cạnh thì ghi vào `note`, hoặc ghi vào một chỉ tiêu số đếm dưới dạng `value` cùng `stated`");
            ctx.at_key(path, d);
            return None;
        }
        Some(Figure::CountWithRate { value, stated })
    }
}
