//! The bar charts: one indicator's latest total across provinces, and the online share of each
//! essential service in one province. Both rank their bars the same way, hence one file; a
//! comparison of running totals that start on different days is not ranked.

use super::{chart_value, of_whole, ChartView, Charting, Finished, Provenance};
use crate::charts::{self, BarRow, BarsSpec};
use crate::model::{Figure, Indicator, Observation, Slug, Target, Unit};
use crate::site::cells::{cell, observed_value};
use crate::site::starts::{since_note, start_label, starting_points};
use crate::site::urls;
use std::collections::BTreeMap;

impl Charting<'_> {
    /// One indicator across provinces: each province's latest total.
    pub fn comparison(&self, ind: &Indicator) -> Option<ChartView> {
        let mut latest: BTreeMap<&Slug, &Observation> = BTreeMap::new();
        for o in self
            .idx
            .by_indicator
            .get(&ind.id)?
            .iter()
            .filter(|o| o.breakdown.is_none())
        {
            latest.insert(&o.province, o);
        }
        if latest.is_empty() {
            return None;
        }
        let t = self.t;
        let rows: Vec<(String, &Observation)> = latest
            .iter()
            .map(|(p, o)| (self.province_name(p), *o))
            .collect();
        // Running totals from different starting points are not ranked (see `site::starts`).
        let starts = starting_points(ind, rows.iter().map(|(_, o)| *o));
        let mixed = starts.len() > 1;
        let bars = rows
            .iter()
            .map(|(name, o)| {
                let c = cell(o, ind, self.lang, t);
                let mut note = match of_whole(&o.figure, ind, self.lang, t) {
                    Some(whole) => format!("{} · {whole}", c.period),
                    None => c.period.to_string(),
                };
                if let Some(since) = since_note(o.since, mixed, self.lang, t) {
                    note.push_str(" · ");
                    note.push_str(&since);
                }
                BarRow {
                    label: name.clone(),
                    value: observed_value(&o.figure, ind.unit),
                    value_label: chart_value(&c, t),
                    note,
                }
            })
            .collect::<Vec<_>>();
        let national: Vec<&Target> = self
            .idx
            .site
            .targets
            .iter()
            .filter(|x| x.indicator == ind.id && x.province.is_none())
            .collect();
        let target = national.iter().max_by_key(|x| x.by).map(|x| {
            (
                x.value,
                format!("{} {}", t.get("target"), self.target_label(x, ind)),
            )
        });
        let label = ind.label.get(self.lang);
        let figures = rows.iter().map(|(_, o)| &o.figure);
        let ranked = ranked(&bars, figures, ind.unit);
        let mut desc = t.fill(
            "chart_compare_desc",
            &[("indicator", label), ("count", &bars.len().to_string())],
        );
        if mixed {
            let labels: Vec<String> = starts
                .iter()
                .map(|s| start_label(*s, self.lang, t))
                .collect();
            desc.push(' ');
            desc.push_str(&t.fill(
                "chart_compare_since_differ",
                &[("starts", &labels.join("; "))],
            ));
        } else if let (Some(hi), Some(lo), true) = (ranked.first(), ranked.last(), ranked.len() > 1)
        {
            desc.push(' ');
            desc.push_str(&t.fill(
                "chart_compare_range",
                &[
                    (
                        "max",
                        &format!("{} {} ({})", hi.label, hi.value_label, hi.note),
                    ),
                    (
                        "min",
                        &format!("{} {} ({})", lo.label, lo.value_label, lo.note),
                    ),
                ],
            ));
        }
        if let Some((_, tl)) = &target {
            desc.push_str(&format!(" {tl}."));
        }
        let mut provenance = Provenance::default();
        rows.iter().for_each(|(_, o)| provenance.observed(o));
        let spec = BarsSpec {
            rows: bars.clone(),
            percent: ind.unit == Unit::Percent,
            target,
            ranked: !mixed,
        };
        self.view(
            Finished {
                name: format!("compare-{}", ind.id),
                provenance,
                page: urls::indicator(self.lang, &ind.id),
                png: true,
                title: t.fill("chart_compare_title", &[("indicator", label)]),
                desc,
                headers: vec![
                    t.get("col_province").into(),
                    t.get("col_value").into(),
                    t.get("col_period").into(),
                ],
                rows: bars
                    .iter()
                    .zip(&rows)
                    .map(|(b, (_, o))| {
                        let value = match of_whole(&o.figure, ind, self.lang, t) {
                            Some(whole) => format!("{} ({whole})", b.value_label),
                            None => b.value_label.clone(),
                        };
                        vec![b.label.clone(), value, o.period.label(self.lang)]
                    })
                    .collect(),
            },
            move || charts::bars(&spec),
        )
    }

    /// The online share of each essential service in one province, latest period.
    pub fn services(&self, province: &Slug) -> Option<ChartView> {
        let t = self.t;
        let services = self.idx.site.config.services.as_ref()?;
        let (rate, service) = (&services.indicator, &services.dimension);
        let ind = self.idx.indicator(rate)?;
        let cells: Vec<&Observation> = self
            .idx
            .by_province
            .get(province)?
            .iter()
            .copied()
            .filter(|o| {
                o.indicator == *rate && o.breakdown.as_ref().is_some_and(|(d, _)| d == service)
            })
            .collect();
        let period = cells.iter().map(|o| o.period).max()?;
        let shown: Vec<&&Observation> = cells
            .iter()
            .filter(|o| o.period == period && o.breakdown.is_some())
            .collect();
        let bars: Vec<BarRow> = shown
            .iter()
            .filter_map(|o| {
                let (d, m) = o.breakdown.as_ref()?;
                let c = cell(o, ind, self.lang, t);
                Some(BarRow {
                    label: self.idx.site.member_label(d, m, self.lang),
                    value: observed_value(&o.figure, ind.unit),
                    value_label: chart_value(&c, t),
                    note: of_whole(&o.figure, ind, self.lang, t).unwrap_or_default(),
                })
            })
            .collect();
        let name = self.province_name(province);
        let ranked = ranked(&bars, shown.iter().map(|o| &o.figure), ind.unit);
        let mut desc = t.fill(
            "chart_services_desc",
            &[
                ("province", &name),
                ("count", &bars.len().to_string()),
                ("period", &period.label(self.lang)),
            ],
        );
        if let (Some(hi), Some(lo), true) = (ranked.first(), ranked.last(), ranked.len() > 1) {
            desc.push(' ');
            desc.push_str(&t.fill(
                "chart_compare_range",
                &[
                    ("max", &format!("{} {}", hi.label, hi.value_label)),
                    ("min", &format!("{} {}", lo.label, lo.value_label)),
                ],
            ));
        }
        let rows = bars
            .iter()
            .map(|b| vec![b.label.clone(), b.value_label.clone(), b.note.clone()])
            .collect();
        let mut provenance = Provenance::default();
        shown.iter().for_each(|o| provenance.observed(o));
        let spec = BarsSpec {
            rows: bars,
            percent: true,
            target: None,
            ranked: true,
        };
        self.view(
            Finished {
                name: format!("services-{province}"),
                provenance,
                page: urls::province(self.lang, province),
                png: false,
                title: t.fill(
                    "chart_services_title",
                    &[("province", &name), ("period", &period.label(self.lang))],
                ),
                desc,
                headers: vec![
                    t.get("col_service").into(),
                    t.get("col_online_share").into(),
                    t.get("col_counts").into(),
                ],
                rows,
            },
            move || charts::bars(&spec),
        )
    }
}

/// The bars that can be ranked, highest first: those with a value, except a rate over no
/// cases at all ("không phát sinh" of a percentage is not 0 %: nothing was counted).
fn ranked<'a, 'f>(
    bars: &'a [BarRow],
    figures: impl Iterator<Item = &'f Figure>,
    unit: Unit,
) -> Vec<&'a BarRow> {
    let mut v: Vec<&BarRow> = bars
        .iter()
        .zip(figures)
        .filter(|(b, f)| b.value.is_some() && !(unit == Unit::Percent && **f == Figure::NoCases))
        .map(|(b, _)| b)
        .collect();
    v.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
    v
}
