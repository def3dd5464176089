//! The consistency rules an indicator declares in `data/indicators.yaml`: `sum_of` (its figure
//! is the sum of other indicators' figures) and `average_of` (its rate is an average of the
//! members of one of its dimensions). Checked once every indicator is known, since a part may
//! be defined after its total; the rules themselves run on the observations.

use super::Catalogue;
use crate::load::raw::RawIndicatorFile;
use crate::model::{Slug, Unit};
use crate::validate::Ctx;

/// What one indicator's figures must agree with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Consistency {
    /// The indicators whose figures add up to this one's.
    pub sum_of: Vec<Slug>,
    /// The dimension whose members' rates this rate lies between.
    pub average_of: Option<Slug>,
}

pub(super) fn consistency_rules(ctx: &mut Ctx, raw: &RawIndicatorFile, cat: &mut Catalogue) {
    for (i, r) in raw.indicators.iter().enumerate() {
        if r.sum_of.is_none() && r.average_of.is_none() {
            continue;
        }
        let path = format!("indicators[{i}]");
        // An indicator that is itself invalid has its own errors; its rules are not judged.
        let Some(total) = Slug::parse(r.id.0.trim()).and_then(|id| cat.indicators.get(&id)) else {
            continue;
        };
        let total = total.clone();
        let mut rule = Consistency::default();
        for (j, part) in r.sum_of.iter().flatten().enumerate() {
            let ppath = format!("{path}.sum_of[{j}]");
            let Some(id) = ctx.slug(part, &ppath, "indicator id") else {
                continue;
            };
            let Some(part) = cat.indicators.get(&id) else {
                let d =
                    crate::validate::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
                ctx.at_value(&ppath, d);
                continue;
            };
            let problem = if part.id == total.id {
                Some((
                    "an indicator cannot be one of its own parts".to_string(),
                    "một chỉ tiêu không thể là một phần của chính nó".to_string(),
                ))
            } else if part.unit != total.unit || matches!(total.unit, Unit::Percent | Unit::Points)
            {
                Some((
                    format!("only counts and amounts add up: `{}` is in `{}`, `{}` in `{}`", total.id, total.unit.id(), part.id, part.unit.id()),
                    format!("chỉ số đếm và số tiền mới cộng được với nhau: `{}` có đơn vị `{}`, `{}` có đơn vị `{}`", total.id, total.unit.id(), part.id, part.unit.id()),
                ))
            } else if rule.sum_of.contains(&id) {
                Some((
                    format!("`{id}` is listed twice"),
                    format!("`{id}` được ghi hai lần"),
                ))
            } else {
                None
            };
            if let Some((msg, msg_vi)) = problem {
                let d = ctx
                    .error("invalid-rule", format!("`sum_of`: {msg}"))
                    .help("list in `sum_of` the indicators, in the same unit, whose figures add up to this one's")
                    .vi(format!("`sum_of`: {msg_vi}"))
                    .vi_help("hãy liệt kê trong `sum_of` các chỉ tiêu cùng đơn vị tính có tổng bằng số liệu của chỉ tiêu này");
                ctx.at_value(&ppath, d);
                continue;
            }
            rule.sum_of.push(id);
        }
        if let Some(dim) = &r.average_of {
            let dpath = format!("{path}.average_of");
            if let Some(dim) = ctx.slug(dim, &dpath, "dimension id") {
                let problem = if total.unit != Unit::Percent {
                    Some((
                        format!(
                            "only a rate is an average of its parts; `{}` is in `{}`",
                            total.id,
                            total.unit.id()
                        ),
                        format!(
                            "chỉ tỷ lệ mới là bình quân của các phần; `{}` có đơn vị `{}`",
                            total.id,
                            total.unit.id()
                        ),
                    ))
                } else if !total.dimensions.contains(&dim) {
                    Some((
                        format!("`{dim}` is not one of this indicator's `dimensions`"),
                        format!("`{dim}` không nằm trong `dimensions` của chỉ tiêu này"),
                    ))
                } else {
                    None
                };
                match problem {
                    Some((msg, msg_vi)) => {
                        let dims: Vec<&str> = total.dimensions.iter().map(Slug::as_str).collect();
                        let (help, help_vi) = if total.unit == Unit::Percent && !dims.is_empty() {
                            (
                                format!(
                                    "name one of this indicator's dimensions: {}",
                                    dims.join(", ")
                                ),
                                format!(
                                    "hãy ghi một trong các phân tổ của chỉ tiêu này: {}",
                                    dims.join(", ")
                                ),
                            )
                        } else {
                            (
                                "remove `average_of`, or declare it on a `percent` indicator broken down by that dimension".to_string(),
                                "hãy xóa `average_of`, hoặc khai báo nó cho một chỉ tiêu tỷ lệ (`percent`) có phân tổ đó".to_string(),
                            )
                        };
                        let d = ctx
                            .error("invalid-rule", format!("`average_of`: {msg}"))
                            .help(help)
                            .vi(format!("`average_of`: {msg_vi}"))
                            .vi_help(help_vi);
                        ctx.at_value(&dpath, d);
                    }
                    None => rule.average_of = Some(dim),
                }
            }
        }
        if !rule.sum_of.is_empty() || rule.average_of.is_some() {
            cat.rules.insert(total.id.clone(), rule);
        }
    }
}
