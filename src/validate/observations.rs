//! Observations: the figures of a province, checked one by one and against each other.
//!
//! Rules (each has a fixture under `tests/fixtures/invalid/`): the indicator, dimension and
//! member exist; a value has exactly one shape; counts are whole and not negative; a
//! numerator does not exceed its denominator and a percentage stays in 0–100 unless
//! `over_100` says why; a printed rate that is neither the rounded nor the truncated rate of
//! its counts is a warning showing both; one figure per province, indicator, period and
//! breakdown member; every figure has a source.

use super::catalogue::Catalogue;
use super::numbers::{decimals_shown, rate, show, stated_agrees};
use super::{text, unknown_help, Ctx};
use crate::load::raw::{RawNumber, RawObservationBlock, RawValue, RawValueMap, UniqueMap};
use crate::model::{Figure, Indicator, Observation, Period, Qualifier, Slug, StatedRate, Unit};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

type ObservationKey = (Slug, Period, Option<(Slug, Slug)>);

pub(crate) fn observations(
    ctx: &mut Ctx,
    province: &Slug,
    blocks: &[RawObservationBlock],
    cat: &Catalogue,
) -> Vec<Observation> {
    let periods: Vec<Option<Period>> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| ctx.period(&b.period, &format!("observations[{i}].period")))
        .collect();
    // Within one block a figure cannot be given twice (its keys are unique: see `UniqueMap`),
    // so only blocks that share their period with another block are checked for duplicates.
    let mut blocks_of: HashMap<Period, usize> = HashMap::new();
    for p in periods.iter().flatten() {
        *blocks_of.entry(*p).or_default() += 1;
    }
    let mut out = Vec::new();
    let mut seen: HashMap<ObservationKey, String> = HashMap::new();
    let mut vpath = String::new();
    let mut found = Vec::new();
    for (i, (block, period)) in blocks.iter().zip(&periods).enumerate() {
        let Some(period) = *period else {
            continue;
        };
        let shared_period = blocks_of.get(&period).is_some_and(|n| *n > 1);
        // One source string per block, shared by its figures.
        let block_source: Option<Arc<str>> = block
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Arc::from);
        for (key, raw) in &block.values {
            vpath.clear();
            let _ = write!(vpath, "observations[{i}].values.{key}");
            let Some(indicator) = lookup_indicator(ctx, key, &vpath, cat) else {
                continue;
            };
            let site = Site {
                province,
                period,
                indicator,
                block_source: block_source.as_ref(),
                cat,
            };
            found.clear();
            site.value(ctx, raw, &vpath, None, &mut found);
            if !shared_period {
                out.append(&mut found);
                continue;
            }
            for obs in found.drain(..) {
                let opath = match &obs.breakdown {
                    None => vpath.clone(),
                    Some((d, m)) => format!("{vpath}.by.{d}.{m}"),
                };
                let k = (obs.indicator.clone(), obs.period, obs.breakdown.clone());
                if let Some(first) = seen.get(&k) {
                    let first_line = ctx.position(first).map(|p| p.line).unwrap_or(0);
                    let d = ctx
                        .error(
                            "duplicate-observation",
                            format!("`{}` for {} is given twice", obs.indicator, obs.period),
                        )
                        .help(format!(
                            "the first is on line {first_line}; keep one figure per period (put the other printing in `note`)"
                        ))
                        .vi(format!("số liệu `{}` của kỳ {} được ghi hai lần", obs.indicator, obs.period))
                        .vi_help(format!(
                            "số liệu thứ nhất ở dòng {first_line}; mỗi kỳ chỉ ghi một số liệu (cách ghi khác của báo cáo thì đưa vào `note`)"
                        ));
                    ctx.at_key(&opath, d);
                    continue;
                }
                seen.insert(k, opath);
                out.push(obs);
            }
        }
    }
    out
}

fn lookup_indicator<'c>(
    ctx: &mut Ctx,
    key: &str,
    path: &str,
    cat: &'c Catalogue,
) -> Option<&'c Indicator> {
    let found = Slug::parse(key).and_then(|s| cat.indicators.get(&s));
    if found.is_none() {
        let d = super::unknown_indicator(ctx.file, key, cat.indicator_ids());
        ctx.at_key(path, d);
    }
    found
}

/// What every value of one indicator in one block shares.
struct Site<'a> {
    province: &'a Slug,
    period: Period,
    indicator: &'a Indicator,
    block_source: Option<&'a Arc<str>>,
    cat: &'a Catalogue,
}

impl Site<'_> {
    /// Check one value (a total, or a member of a breakdown) and push the observations it
    /// yields with their key paths.
    fn value(
        &self,
        ctx: &mut Ctx,
        raw: &RawValue,
        path: &str,
        breakdown: Option<(Slug, Slug)>,
        out: &mut Vec<Observation>,
    ) {
        let empty = RawValueMap::default();
        let (figure, map) = match raw {
            RawValue::Number(n) => (Some(Figure::Value(*n)), &empty),
            RawValue::Word(w) => (self.word(ctx, w, path), &empty),
            RawValue::Full(m) => (self.figure(ctx, m, path), m.as_ref()),
        };
        if let Some(by) = &map.by {
            if breakdown.is_some() {
                let d = ctx
                    .error("nested-breakdown", "a breakdown member cannot have its own breakdown")
                    .help("give each combination its own indicator, or break down by one dimension only")
                    .vi("một mục của phân tổ không thể có phân tổ riêng bên trong")
                    .vi_help("hãy tạo một chỉ tiêu riêng cho mỗi tổ hợp, hoặc chỉ chia số liệu theo một phân tổ");
                ctx.at_key(&format!("{path}.by"), d);
            } else {
                self.breakdown(ctx, by, path, out);
            }
        }
        let Some(figure) = figure else {
            return;
        };
        let over_100 = map
            .over_100
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if !self.check_figure(ctx, &figure, path, over_100.is_some()) {
            return;
        }
        let as_of = map
            .as_of
            .as_ref()
            .and_then(|d| ctx.date(d, &format!("{path}.as_of")));
        if let Some(date) = as_of {
            if date > self.period.end() {
                let d = ctx
                    .warning(
                        "as-of-after-period",
                        format!("measured on {date}, after the period {} ends ({})", self.period, self.period.end()),
                    )
                    .help("this is allowed (reports sometimes quote later figures), but check the date and the period")
                    .vi(format!("số liệu tính đến ngày {date}, sau khi kỳ {} đã kết thúc ({})", self.period, self.period.end()))
                    .vi_help("điều này được phép (báo cáo đôi khi dẫn số liệu muộn hơn kỳ báo cáo), nhưng hãy kiểm tra lại ngày và kỳ");
                ctx.at_value(&format!("{path}.as_of"), d);
            }
        }
        let source = map
            .source
            .as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(Arc::from)
            .or_else(|| self.block_source.cloned());
        if source.is_none() {
            let d = ctx
                .warning("missing-source", format!("`{}` for {} has no source", self.indicator.id, self.period))
                .help("add `source:` with the report file and section, e.g. \"000_713668bcec0a0089.txt §II.4.1\"")
                .vi(format!("số liệu `{}` của kỳ {} chưa ghi nguồn", self.indicator.id, self.period))
                .vi_help("hãy thêm `source:` ghi tên tệp báo cáo và mục trong báo cáo, ví dụ \"000_713668bcec0a0089.txt §II.4.1\"");
            ctx.at_key(path, d);
        }
        let qualifier = map.qualifier.as_ref().and_then(|q| {
            ctx.choice(
                q,
                &format!("{path}.qualifier"),
                "qualifier",
                &[
                    ("approx", Qualifier::Approx),
                    ("at-least", Qualifier::AtLeast),
                ],
            )
        });
        let change = map
            .change
            .as_ref()
            .and_then(|c| ctx.number(c, &format!("{path}.change")));
        out.push(Observation {
            province: self.province.clone(),
            indicator: self.indicator.id.clone(),
            period: self.period,
            breakdown,
            figure,
            qualifier,
            change,
            as_of,
            source,
            note: map.note.as_ref().map(text),
            over_100,
        });
    }

    fn word(&self, ctx: &mut Ctx, word: &str, path: &str) -> Option<Figure> {
        match word.trim() {
            "no-cases" => Some(Figure::NoCases),
            "not-applicable" => Some(Figure::NotApplicable),
            other if super::numbers::propose(other).is_some() => {
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
    fn figure(&self, ctx: &mut Ctx, m: &RawValueMap, path: &str) -> Option<Figure> {
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

    /// Range, wholeness and consistency checks. Returns false when the figure is rejected.
    fn check_figure(&self, ctx: &mut Ctx, figure: &Figure, path: &str, over_100: bool) -> bool {
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
            Figure::NoCases | Figure::NotApplicable => {}
        }
        if !ok {
            return false;
        }
        // Whole numbers: counts of things, money, and the two sides of any ratio.
        let whole = |x: f64| x.fract() == 0.0;
        let fractional = match figure {
            Figure::Value(v) if unit.is_whole() && !whole(*v) => Some(("value", *v)),
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
                    self.percent_out_of_range(ctx, *v, &field_path(path, "value"));
                    return false;
                }
                self.check_unneeded_flag(ctx, path, over_100, *v > 100.0);
            }
            Figure::Stated(s) => {
                if s.value > 100.0 && !over_100 {
                    self.percent_out_of_range(ctx, s.value, &field_path(path, "stated"));
                    return false;
                }
                self.check_unneeded_flag(ctx, path, over_100, s.value > 100.0);
            }
            _ => self.check_unneeded_flag(ctx, path, over_100, false),
        }
        true
    }

    fn percent_out_of_range(&self, ctx: &mut Ctx, v: f64, path: &str) {
        let d = ctx
            .error("percent-out-of-range", format!("{} % is above 100 %", show(v)))
            .help("if the report really says so, add `over_100: \"<why>\"`; a rate against a quota is better written as `numerator` and `denominator`")
            .vi(format!("{} % lớn hơn 100 %", show(v)))
            .vi_help("nếu báo cáo đúng là như vậy, hãy thêm `over_100: \"<lý do>\"`; tỷ lệ so với chỉ tiêu được giao nên ghi bằng `numerator` và `denominator`");
        ctx.at_value(path, d);
    }

    fn check_unneeded_flag(&self, ctx: &mut Ctx, path: &str, flagged: bool, exceeds: bool) {
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

    fn breakdown(
        &self,
        ctx: &mut Ctx,
        by: &UniqueMap<UniqueMap<RawValue>>,
        path: &str,
        out: &mut Vec<Observation>,
    ) {
        for (dim_key, members) in by {
            let dpath = format!("{path}.by.{dim_key}");
            let Some(dim) = Slug::parse(dim_key).and_then(|s| self.cat.dimensions.get(&s)) else {
                let (help, help_vi) = unknown_help(
                    dim_key,
                    self.cat.dimensions.keys().map(Slug::as_str),
                    "data/dimensions.yaml",
                );
                let d = ctx
                    .error(
                        "unknown-dimension",
                        format!("dimension `{dim_key}` is not defined"),
                    )
                    .help(help)
                    .vi(format!("phân tổ `{dim_key}` chưa được khai báo"))
                    .vi_help(help_vi);
                ctx.at_key(&dpath, d);
                continue;
            };
            if !self.indicator.dimensions.contains(&dim.id) {
                let d = ctx
                    .error(
                        "undeclared-dimension",
                        format!(
                            "`{}` is not broken down by `{}` in the catalogue",
                            self.indicator.id, dim.id
                        ),
                    )
                    .help(format!(
                        "add `{}` to the indicator's `dimensions:` in data/indicators.yaml",
                        dim.id
                    ))
                    .vi(format!(
                        "trong danh mục, chỉ tiêu `{}` không được chia theo phân tổ `{}`",
                        self.indicator.id, dim.id
                    ))
                    .vi_help(format!(
                        "hãy thêm `{}` vào `dimensions:` của chỉ tiêu này trong data/indicators.yaml",
                        dim.id
                    ));
                ctx.at_key(&dpath, d);
                continue;
            }
            for (member_key, raw) in members {
                let mpath = format!("{dpath}.{member_key}");
                let member =
                    Slug::parse(member_key).filter(|m| dim.members.iter().any(|x| &x.id == m));
                let Some(member) = member else {
                    let (help, help_vi) = unknown_help(
                        member_key,
                        dim.members.iter().map(|m| m.id.as_str()),
                        &format!("dimension `{}` in data/dimensions.yaml", dim.id),
                    );
                    let d = ctx
                        .error(
                            "unknown-member",
                            format!("`{member_key}` is not a member of `{}`", dim.id),
                        )
                        .help(help)
                        .vi(format!("phân tổ `{}` không có mục `{member_key}`", dim.id))
                        .vi_help(help_vi);
                    ctx.at_key(&mpath, d);
                    continue;
                };
                self.value(ctx, raw, &mpath, Some((dim.id.clone(), member)), out);
            }
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
