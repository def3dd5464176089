//! The one resolver of live figures: which figure a `{{ value(…) }}` call names, or why it
//! names none.
//!
//! `check` (through `validate::pages`), the renderer (`site::report`) and `serve`'s fast
//! rebuild all call [`resolve`], so a call that `check` accepts is exactly a call that renders
//! a figure: they cannot disagree on which argument wins or what counts as known. Each caller
//! answers "does this figure exist?" from what it has at hand (`check` from a set of the
//! observations it validated, the renderer from its index), through [`FigureScope::exists`].

use super::unknown_help;
use crate::diagnostics::Diagnostic;
use crate::load::shortcode::Call;
use crate::model::{Dimension, Indicator, Period, Province, Slug};
use std::collections::{BTreeMap, BTreeSet};

/// The figure a call names: a total, or one cell of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureRef {
    pub province: Slug,
    pub indicator: Slug,
    pub period: Period,
    /// Dimension and member, when the call names one (`service="cap-ho-chieu"`).
    pub breakdown: Option<(Slug, Slug)>,
}

/// What a call is resolved against: the catalogue, the provinces, and the figures.
pub struct FigureScope<'a> {
    pub indicators: &'a BTreeMap<Slug, Indicator>,
    pub dimensions: &'a BTreeMap<Slug, Dimension>,
    pub provinces: &'a BTreeMap<Slug, Province>,
    /// Provinces whose file did not parse: a call naming one is not judged (its file's own
    /// errors come first), and is checked again once the file is fixed.
    pub unreadable: Option<&'a BTreeSet<Slug>>,
    /// Whether the figure is in the data.
    pub exists: &'a (dyn Fn(&FigureRef) -> bool + Sync),
}

/// What a call resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Figure(FigureRef),
    /// It names a province whose file has errors of its own: not judged now.
    NotJudged,
}

/// The figure named by `call` on a page of `page_province` and `page_period` (each argument
/// the call omits is the page's), or the error `check` reports, located by the caller.
pub fn resolve(
    file: &str,
    call: &Call,
    page_province: Option<&Slug>,
    page_period: Option<Period>,
    scope: &FigureScope<'_>,
) -> Result<Resolved, Box<Diagnostic>> {
    // (code, English message, English help, Vietnamese message, Vietnamese help)
    let err = |code, msg: String, help: String, msg_vi: String, help_vi: String| {
        Box::new(
            Diagnostic::error(code, file, msg)
                .help(help)
                .vi(msg_vi)
                .vi_help(help_vi),
        )
    };
    if call.name != "value" {
        return Err(err(
            "unknown-shortcode",
            format!("`{}` is not a known function", call.name),
            "the available function is `value(indicator=\"…\", province=\"…\", period=\"…\")`"
                .into(),
            format!("`{}` không phải là một hàm có sẵn", call.name),
            "hàm có sẵn là `value(indicator=\"…\", province=\"…\", period=\"…\")`".into(),
        ));
    }
    let get = |k: &str| {
        call.args
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    };

    let Some(ind_text) = get("indicator") else {
        return Err(err(
            "invalid-shortcode",
            "`value` needs an `indicator`".into(),
            "add indicator=\"<id>\"".into(),
            "`value` cần có `indicator`".into(),
            "hãy thêm indicator=\"<mã chỉ tiêu>\"".into(),
        ));
    };
    let Some(indicator) = Slug::parse(ind_text).and_then(|s| scope.indicators.get(&s)) else {
        let known = scope.indicators.keys().map(Slug::as_str);
        return Err(Box::new(super::unknown_indicator(file, ind_text, known)));
    };
    let province = match get("province") {
        Some(p) => match Slug::parse(p) {
            Some(s) if scope.provinces.contains_key(&s) => s,
            Some(s) if scope.unreadable.is_some_and(|u| u.contains(&s)) => {
                return Ok(Resolved::NotJudged)
            }
            _ => {
                let (help, help_vi) = unknown_help(
                    p,
                    scope.provinces.keys().map(Slug::as_str),
                    "data/provinces/",
                );
                return Err(err(
                    "unknown-province",
                    format!("province `{p}` has no file in data/provinces/"),
                    help,
                    format!("tỉnh `{p}` không có tệp trong data/provinces/"),
                    help_vi,
                ));
            }
        },
        None => match page_province {
            Some(p) => p.clone(),
            None => {
                return Err(err(
                    "invalid-shortcode",
                    "this page has no province, so the figure must name one".into(),
                    "add province=\"<id>\" to the call".into(),
                    "trang này không gắn với tỉnh nào, nên lệnh chèn số liệu phải ghi rõ tỉnh"
                        .into(),
                    "hãy thêm province=\"<mã tỉnh>\" vào lệnh".into(),
                ))
            }
        },
    };
    let period = match get("period") {
        Some(p) => Period::parse(p).map_err(|_| {
            err(
                "invalid-period",
                format!("`{p}` is not a period"),
                "write a period such as \"2025-04\", \"2024-H1\" or \"2023-12-16..2024-01-15\""
                    .into(),
                format!("`{p}` không phải là một kỳ báo cáo"),
                "hãy viết kỳ như \"2025-04\", \"2024-H1\" hoặc \"2023-12-16..2024-01-15\"".into(),
            )
        })?,
        None => page_period.ok_or_else(|| {
            err(
                "invalid-shortcode",
                "this page has no period, so the figure must name one".into(),
                "add period=\"…\" to the call".into(),
                "trang này không gắn với kỳ nào, nên lệnh chèn số liệu phải ghi rõ kỳ".into(),
                "hãy thêm period=\"…\" vào lệnh".into(),
            )
        })?,
    };
    let dimension_args: Vec<&(String, String)> = call
        .args
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "indicator" | "province" | "period"))
        .collect();
    if let [first, second, ..] = dimension_args.as_slice() {
        return Err(err(
            "invalid-shortcode",
            format!(
                "a figure has at most one breakdown, but `{}` and `{}` are both given",
                first.0, second.0
            ),
            "keep one dimension argument, e.g. service=\"…\"".into(),
            format!(
                "một số liệu chỉ thuộc một phân tổ, nhưng lệnh ghi cả `{}` lẫn `{}`",
                first.0, second.0
            ),
            "hãy chỉ giữ một tham số phân tổ, ví dụ service=\"…\"".into(),
        ));
    }
    let breakdown = match dimension_args.first() {
        None => None,
        Some((key, value)) => {
            let Some(dim) = Slug::parse(key).and_then(|k| scope.dimensions.get(&k)) else {
                return Err(err(
                    "invalid-shortcode",
                    format!("`{key}` is not an argument of `value`"),
                    "the arguments are indicator, province, period, and a dimension name such as service=\"…\"".into(),
                    format!("`{key}` không phải là một tham số của `value`"),
                    "các tham số là indicator, province, period và tên một phân tổ, ví dụ service=\"…\"".into(),
                ));
            };
            let Some(member) =
                Slug::parse(value).filter(|m| dim.members.iter().any(|x| &x.id == m))
            else {
                let (help, help_vi) = super::unknown_member_help(value, dim);
                let member = crate::diagnostics::Subject::Member {
                    dimension: dim.id.as_str().to_string(),
                    member: value.to_string(),
                };
                return Err(Box::new(
                    (*err(
                        "unknown-member",
                        format!("`{value}` is not a member of `{}`", dim.id),
                        help,
                        format!("phân tổ `{}` không có mục `{value}`", dim.id),
                        help_vi,
                    ))
                    .about(member),
                ));
            };
            Some((dim.id.clone(), member))
        }
    };
    let figure = FigureRef {
        province,
        indicator: indicator.id.clone(),
        period,
        breakdown,
    };
    if !(scope.exists)(&figure) && figure.breakdown.is_none() {
        if let Some((dim, member)) = breakdown_only(&figure, indicator, scope) {
            return Err(err(
                "missing-member",
                format!(
                    "`{}` is given only by `{dim}` in `{}` for {}: the call must name a member",
                    figure.indicator, figure.province, figure.period
                ),
                format!("add the member to the call, e.g. {dim}=\"{member}\""),
                format!(
                    "`{}` của `{}` kỳ {} chỉ có số liệu theo từng mục của phân tổ `{dim}`: lệnh chèn số liệu phải ghi rõ mục nào",
                    figure.indicator, figure.province, figure.period
                ),
                format!("hãy thêm mục vào lệnh, ví dụ {dim}=\"{member}\""),
            ));
        }
    }
    if !(scope.exists)(&figure) {
        let (member, member_vi) = figure
            .breakdown
            .as_ref()
            .map(|(d, m)| {
                (
                    format!(" ({d} `{m}`)"),
                    format!(" (phân tổ {d}, mục `{m}`)"),
                )
            })
            .unwrap_or_default();
        let FigureRef {
            province,
            indicator,
            period,
            ..
        } = &figure;
        let subject = crate::diagnostics::Subject::Figure {
            province: province.as_str().to_string(),
            indicator: indicator.as_str().to_string(),
            period: *period,
        };
        return Err(Box::new(
            (*err(
            "missing-figure",
            format!("there is no figure for `{indicator}`{member} in `{province}` for {period}"),
            "add the observation to the province's data file, or cite another indicator or period"
                .into(),
            format!("không có số liệu `{indicator}`{member_vi} của `{province}` cho kỳ {period}"),
            "hãy thêm số liệu này vào tệp dữ liệu của tỉnh, hoặc dẫn một chỉ tiêu hay một kỳ khác"
                .into(),
        ))
            .about(subject),
        ));
    }
    Ok(Resolved::Figure(figure))
}

/// For a total that is not in the data: the first dimension of the indicator, and its first
/// member, that has a figure for the same province and period. A call naming the total of an
/// indicator given only by members is then told which argument to add.
fn breakdown_only(
    total: &FigureRef,
    indicator: &Indicator,
    scope: &FigureScope<'_>,
) -> Option<(Slug, Slug)> {
    indicator.dimensions.iter().find_map(|d| {
        let dim = scope.dimensions.get(d)?;
        dim.members.iter().find_map(|m| {
            let cell = FigureRef {
                breakdown: Some((dim.id.clone(), m.id.clone())),
                ..total.clone()
            };
            (scope.exists)(&cell).then(|| (dim.id.clone(), m.id.clone()))
        })
    })
}
