//! One target, national or for a province: shared by the catalogue and the province files,
//! so it has its own file.

use crate::load::raw::RawTarget;
use crate::model::{Comparator, Indicator, Slug, Target, Unit};
use crate::validate::Ctx;

const COMPARATORS: [(&str, Comparator); 5] = [
    ("at-least", Comparator::AtLeast),
    ("above", Comparator::Above),
    ("at-most", Comparator::AtMost),
    ("below", Comparator::Below),
    ("exactly", Comparator::Exactly),
];

/// A target for `indicator`, national (`province: None`) or for one province.
pub(crate) fn target(
    ctx: &mut Ctx,
    raw: &RawTarget,
    path: &str,
    indicator: &Indicator,
    province: Option<&Slug>,
) -> Option<Target> {
    let value = ctx.number(&raw.value, &format!("{path}.value"));
    let by = raw
        .by
        .as_ref()
        .and_then(|b| ctx.date(b, &format!("{path}.by")));
    let comparator = match &raw.comparator {
        Some(c) => ctx.choice(c, &format!("{path}.comparator"), "comparator", &COMPARATORS),
        None => Some(Comparator::AtLeast),
    };
    let value = value?;
    if indicator.unit == Unit::Percent && !(0.0..=100.0).contains(&value) {
        let d = ctx
            .error(
                "percent-out-of-range",
                format!("a target of {value} % is outside 0–100 %"),
            )
            .help("percent targets are written as 0–100 (80 means 80 %)")
            .vi(format!("mục tiêu {value} % nằm ngoài khoảng 0–100 %"))
            .vi_help("mục tiêu phần trăm được viết từ 0 đến 100 (80 nghĩa là 80 %)");
        ctx.at_value(&format!("{path}.value"), d);
        return None;
    }
    if value < 0.0 {
        let d = ctx
            .error("negative-value", format!("a target of {value} is negative"))
            .help("a target cannot be negative; check the minus sign")
            .vi(format!("mục tiêu {value} là số âm"))
            .vi_help("mục tiêu không thể là số âm; hãy kiểm tra lại dấu trừ");
        ctx.at_value(&format!("{path}.value"), d);
        return None;
    }
    Some(Target {
        indicator: indicator.id.clone(),
        province: province.cloned(),
        value,
        by,
        comparator: comparator?,
        issuer: raw.issuer.as_ref().map(crate::validate::text),
        source: raw.source.clone(),
        note: raw.note.as_ref().map(crate::validate::text),
    })
}
