//! The values section(s) of an indicator page: each province's latest value.
//!
//! On a site without a merger, one table. On a site where provinces were merged (see
//! [`super::merged`]), two, so that a reader can compare the provinces as they are today or as
//! they were before the merger, without JavaScript: today's provinces with their own latest
//! value or, failing that, their latest value computed from their predecessors (labelled); and
//! the former provinces with their own. Each table warns about its own mixed periods and
//! starting points.

use super::cells::{cell, cited_cell, Index, Link};
use super::indicator::{MissingValue, ProvinceValue, ValueTable};
use super::merged::{Merged, Outcome};
use super::merged_view::{gap_text, part_names};
use super::starts::{start_label, starting_points};
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Indicator, Lang, Observation, Slug};
use crate::theme::Strings;
use std::collections::BTreeSet;

/// The tables for `latest` (each province's figures of its latest period, breakdown cells
/// included), in the order the page shows them.
#[allow(clippy::too_many_arguments)]
pub fn tables<'s>(
    idx: &Index<'s>,
    merged: &Merged<'s>,
    ind: &Indicator,
    latest: &[&Observation],
    compares: bool,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Vec<ValueTable> {
    let site = idx.site;
    let totals: Vec<&Observation> = latest
        .iter()
        .copied()
        .filter(|o| o.breakdown.is_none())
        .collect();
    let mut cite = super::citation::Citations::new(idx, lang, urls, t);
    let mut own = |o: &Observation| ProvinceValue {
        province: province_link(idx, &o.province, lang, urls),
        source_href: format!(
            "{}#i-{}",
            urls.href(&urls::province(lang, &o.province)),
            ind.id
        ),
        value: cited_cell(o, ind, &mut cite, lang, t),
        computed_from: None,
    };
    // One province with figures compares nothing: one table, as on a site without a merger.
    if !merged.any() || !compares {
        let rows = totals.iter().map(|o| own(o)).collect();
        let heading = t.get(if compares {
            "indicator_values"
        } else {
            "indicator_latest"
        });
        return vec![table(
            "values",
            heading,
            None,
            rows,
            &totals,
            Vec::new(),
            ind,
            lang,
            t,
        )];
    }
    let former = |slug: &Slug| {
        site.provinces
            .get(slug)
            .is_some_and(|p| p.valid_to.is_some())
    };
    let (then, now): (Vec<&Observation>, Vec<&Observation>) =
        totals.iter().copied().partition(|o| former(&o.province));

    // Today's provinces: their own value, else the latest one computed before the merger.
    let mut rows: Vec<ProvinceValue> = now.iter().map(|o| own(o)).collect();
    let mut shown: Vec<&Observation> = now.clone();
    let mut missing = Vec::new();
    let reported: BTreeSet<&Slug> = now.iter().map(|o| &o.province).collect();
    for p in site.provinces.values() {
        if p.valid_to.is_some() || reported.contains(&p.slug) {
            continue;
        }
        let series = merged.series(idx, &p.slug, &ind.id);
        let computed = series.iter().rev().find_map(|c| match &c.outcome {
            Outcome::Value { figure, .. } => Some(&**figure),
            Outcome::Gap(_) => None,
        });
        match (computed, merged.of(&p.slug)) {
            (Some(figure), Some(successor)) => {
                rows.push(ProvinceValue {
                    province: province_link(idx, &p.slug, lang, urls),
                    source_href: format!("{}#before", urls.href(&urls::province(lang, &p.slug))),
                    value: cell(figure, ind, lang, t),
                    computed_from: Some(t.fill(
                        "merger_computed_from",
                        &[("units", &part_names(idx, successor, lang, t))],
                    )),
                });
                shown.push(figure);
            }
            _ => missing.push(MissingValue {
                province: province_link(idx, &p.slug, lang, urls),
                reason: match series.last() {
                    Some(c) => match &c.outcome {
                        Outcome::Gap(g) => Some(gap_text(idx, g, lang, t)),
                        Outcome::Value { .. } => None,
                    },
                    // Formed from units none of which gave a figure of the indicator: say so
                    // rather than leave the reader to guess.
                    None => merged
                        .of(&p.slug)
                        .map(|_| t.get("merger_gap_no_part_figures").to_string()),
                },
            }),
        }
    }
    let today = table(
        "values-today",
        t.get("indicator_current_units"),
        Some(t.get("indicator_current_lede").to_string()),
        rows,
        &shown,
        missing,
        ind,
        lang,
        t,
    );
    // The day the former provinces ended: one date on a site of one merger.
    let ends: BTreeSet<_> = site
        .provinces
        .values()
        .filter_map(|p| p.successor.as_ref().map(|s| s.from))
        .collect();
    let heading = match ends.iter().collect::<Vec<_>>().as_slice() {
        [one] => t.fill(
            "indicator_former_units",
            &[("date", &format::date(**one, lang))],
        ),
        _ => t.get("indicator_former_units_any").to_string(),
    };
    let rows = then.iter().map(|o| own(o)).collect();
    let before = table(
        "values",
        &heading,
        Some(t.get("indicator_former_lede").to_string()),
        rows,
        &then,
        Vec::new(),
        ind,
        lang,
        t,
    );
    // The table with values first: on a site whose data all predate the merger, the former
    // provinces.
    if today.rows.is_empty() && !before.rows.is_empty() {
        vec![before, today]
    } else {
        vec![today, before]
    }
}

#[allow(clippy::too_many_arguments)]
fn table(
    id: &'static str,
    heading: &str,
    lede: Option<String>,
    mut rows: Vec<ProvinceValue>,
    figures: &[&Observation],
    missing: Vec<MissingValue>,
    ind: &Indicator,
    lang: Lang,
    t: &Strings,
) -> ValueTable {
    rows.sort_by(|a, b| {
        a.province
            .label
            .cmp(&b.province.label)
            .then(a.value.period_key.cmp(&b.value.period_key))
    });
    let periods: BTreeSet<_> = figures.iter().map(|o| o.period).collect();
    let starts = starting_points(ind, figures.iter().copied());
    ValueTable {
        id,
        heading: heading.to_string(),
        lede,
        rows,
        mixed_periods: periods.len() > 1,
        periods: periods.iter().map(|p| p.label(lang)).collect(),
        mixed_starts: starts.len() > 1,
        starts: starts.iter().map(|s| start_label(*s, lang, t)).collect(),
        missing,
    }
}

fn province_link(idx: &Index, slug: &Slug, lang: Lang, urls: &Urls) -> Link {
    Link {
        href: urls.href(&urls::province(lang, slug)),
        label: idx.site.province_name(slug, lang),
    }
}
