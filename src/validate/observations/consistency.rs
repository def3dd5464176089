//! The figures of one province file against each other, as the catalogue declares: a total
//! that is not the sum of its parts (`sum_of`), and an average rate outside the range of the
//! rates it averages (`average_of`). Each is a warning showing every number involved, at the
//! total's key: reports do print such figures, and the data keeps them as printed.
//!
//! Linear in the observations: one index of the file's figures, then one lookup per part.

use super::Place;
use crate::model::{Figure, Observation, Period, Slug};
use crate::validate::catalogue::Catalogue;
use crate::validate::numbers::{rate, show};
use crate::validate::Ctx;
use std::collections::HashMap;

type Cell<'a> = (&'a Slug, Period, Option<&'a (Slug, Slug)>);

pub(super) fn check(ctx: &mut Ctx, obs: &[Observation], places: &[Place], cat: &Catalogue) {
    if cat.rules.is_empty() {
        return;
    }
    let cells: HashMap<Cell, usize> = obs
        .iter()
        .enumerate()
        .map(|(i, o)| ((&o.indicator, o.period, o.breakdown.as_ref()), i))
        .collect();
    // The members of each averaged rate, in file order.
    let mut members: HashMap<(&Slug, Period), Vec<&Observation>> = HashMap::new();
    for o in obs {
        if let (Some(rule), Some((d, _))) = (cat.rules.get(&o.indicator), &o.breakdown) {
            if rule.average_of.as_ref() == Some(d) {
                members.entry((&o.indicator, o.period)).or_default().push(o);
            }
        }
    }
    for (total, place) in obs.iter().zip(places) {
        let Some(rule) = cat.rules.get(&total.indicator) else {
            continue;
        };
        if !rule.sum_of.is_empty() {
            sum(ctx, total, place, &rule.sum_of, obs, &cells);
        }
        if let (Some(dim), None) = (&rule.average_of, &total.breakdown) {
            if let Some(parts) = members.get(&(&total.indicator, total.period)) {
                average(ctx, total, place, dim, parts, cat);
            }
        }
    }
}

/// A count as the parts rule adds it: "không phát sinh" is zero; an approximate or minimum
/// figure, a rate or "not applicable" cannot be added.
fn count(o: &Observation) -> Option<f64> {
    if o.qualifier.is_some() {
        return None;
    }
    match o.figure {
        Figure::Value(v) => Some(v),
        Figure::NoCases => Some(0.0),
        _ => None,
    }
}

fn sum(
    ctx: &mut Ctx,
    total: &Observation,
    place: &Place,
    parts: &[Slug],
    obs: &[Observation],
    cells: &HashMap<Cell, usize>,
) {
    let Some(whole) = count(total) else {
        return;
    };
    let mut values = Vec::with_capacity(parts.len());
    for part in parts {
        // Only when every part is given for the same period and breakdown cell.
        let Some(&i) = cells.get(&(part, total.period, total.breakdown.as_ref())) else {
            return;
        };
        let Some(v) = count(&obs[i]) else {
            return;
        };
        values.push((part, v));
    }
    let added: f64 = values.iter().map(|(_, v)| v).sum();
    if (added - whole).abs() < 1e-6 {
        return;
    }
    let terms = values
        .iter()
        .map(|(id, v)| format!("`{id}` {}", show(*v)))
        .collect::<Vec<_>>()
        .join(" + ");
    let (id, difference) = (&total.indicator, show((whole - added).abs()));
    let (whole, added) = (show(whole), show(added));
    let d = ctx
        .warning(
            "parts-do-not-add-up",
            format!("`{id}` is {whole}, but its parts add up to {added}: {terms} = {added} (a difference of {difference})"),
        )
        .help("keep the figures as printed if that is what the report says (this warning records the disagreement, and `note` can say which figure is likely wrong); otherwise correct the transcription")
        .vi(format!("`{id}` là {whole}, nhưng tổng các phần là {added}: {terms} = {added} (chênh lệch {difference})"))
        .vi_help("nếu báo cáo in đúng như vậy thì giữ nguyên các số (cảnh báo này ghi nhận chỗ không khớp, và có thể ghi vào `note` số nào nhiều khả năng bị sai); nếu không, hãy sửa lại số đã chép");
    ctx.at_key(&place.path(total), d);
}

/// A rate and how far from it the true rate may be: a printed rate is rounded or truncated
/// to the decimals it shows; a rate computed from counts is exact.
fn rate_of(figure: &Figure) -> Option<(f64, f64)> {
    let precision = |decimals: u32| 10f64.powi(-(decimals.min(6) as i32));
    match figure {
        Figure::Ratio {
            numerator,
            denominator,
            ..
        } if *denominator > 0.0 => Some((rate(*numerator, *denominator), 0.0)),
        Figure::Stated(s) => Some((s.value, precision(s.decimals))),
        Figure::Value(v) => {
            let shown = show(*v);
            let decimals = shown.split_once('.').map_or(0, |(_, f)| f.len() as u32);
            Some((*v, precision(decimals)))
        }
        _ => None,
    }
}

fn average(
    ctx: &mut Ctx,
    total: &Observation,
    place: &Place,
    dim: &Slug,
    parts: &[&Observation],
    cat: &Catalogue,
) {
    let Some((overall, slack)) = rate_of(&total.figure) else {
        return;
    };
    let mut rates: Vec<(&Slug, f64, f64)> = parts
        .iter()
        .filter_map(|o| {
            let (_, member) = o.breakdown.as_ref()?;
            let (r, s) = rate_of(&o.figure)?;
            Some((member, r, s))
        })
        .collect();
    if rates.len() < 2 {
        return;
    }
    // Listed in the dimension's order, as pages list them.
    if let Some(d) = cat.dimensions.get(dim) {
        rates.sort_by_key(|(m, _, _)| d.members.iter().position(|x| &x.id == *m));
    }
    let lowest = rates
        .iter()
        .map(|(_, r, s)| r - s)
        .fold(f64::INFINITY, f64::min);
    let highest = rates
        .iter()
        .map(|(_, r, s)| r + s)
        .fold(f64::NEG_INFINITY, f64::max);
    let (below, above) = (
        overall + slack < lowest - 1e-9,
        overall - slack > highest + 1e-9,
    );
    if !below && !above {
        return;
    }
    let list = rates
        .iter()
        .map(|(m, r, _)| format!("{m} {} %", show(*r)))
        .collect::<Vec<_>>()
        .join(", ");
    let low = rates
        .iter()
        .map(|(_, r, _)| *r)
        .fold(f64::INFINITY, f64::min);
    let high = rates
        .iter()
        .map(|(_, r, _)| *r)
        .fold(f64::NEG_INFINITY, f64::max);
    let (id, overall, low, high) = (&total.indicator, show(overall), show(low), show(high));
    let (side, side_vi) = if below {
        ("lower than every", "thấp hơn mọi")
    } else {
        ("higher than every", "cao hơn mọi")
    };
    let d = ctx
        .warning(
            "average-out-of-range",
            format!("`{id}` is {overall} %, {side} rate it averages ({low} % to {high} % by `{dim}`: {list}); an average lies between its parts"),
        )
        .help("keep the figures as printed if that is what the report says (this warning records the disagreement); otherwise check the overall rate and the rates by member")
        .vi(format!("`{id}` là {overall} %, {side_vi} tỷ lệ thành phần ({low} % đến {high} % theo `{dim}`: {list}); tỷ lệ bình quân phải nằm giữa các tỷ lệ thành phần"))
        .vi_help("nếu báo cáo in đúng như vậy thì giữ nguyên các số (cảnh báo này ghi nhận chỗ không khớp); nếu không, hãy kiểm tra lại tỷ lệ chung và tỷ lệ của từng mục");
    ctx.at_key(&place.path(total), d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatedRate;

    #[test]
    fn a_printed_rate_may_be_off_by_its_last_decimal() {
        let stated = Figure::Stated(StatedRate {
            value: 98.7,
            decimals: 1,
        });
        let (r, s) = rate_of(&stated).unwrap_or_default();
        assert!((r - 98.7).abs() < 1e-9 && (s - 0.1).abs() < 1e-9);
        let (_, s) = rate_of(&Figure::Value(99.79)).unwrap_or_default();
        assert!((s - 0.01).abs() < 1e-9);
        let ratio = Figure::Ratio {
            numerator: 1.0,
            denominator: 4.0,
            stated: None,
        };
        assert_eq!(rate_of(&ratio), Some((25.0, 0.0)));
    }
}
