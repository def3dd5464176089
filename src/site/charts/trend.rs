//! One indicator in one province over time: the full trend chart with its targets, and the
//! sparkline drawn beside a table row. Separate from the store because only series draw these.

use super::{chart_value, ChartView, Charting, Finished, Provenance};
use crate::charts::{self, TargetStep, TrendPoint, TrendSpec};
use crate::format;
use crate::model::{Indicator, Observation, Slug, Unit};
use crate::site::cells::{cell, current_target, measured, observed_value, verdict};
use crate::site::merged::{Combined, Outcome, Successor};
use crate::site::urls;

impl Charting<'_> {
    /// One indicator in one province over time, with its targets. A province formed by a
    /// merger (`merged`: how it was formed, and this indicator's series computed from its
    /// predecessors) has its series start with the computed values, drawn as hollow marks and
    /// said so in the description and the table.
    pub fn trend(
        &self,
        province: &Slug,
        ind: &Indicator,
        merged: Option<(&Successor, &[Combined])>,
    ) -> Option<ChartView> {
        let t = self.t;
        let series = self.idx.series(province, &ind.id);
        let targets = self.idx.targets(&ind.id, Some(province));
        // Computed values, each with the figures it was computed from.
        let computed: Vec<(&Observation, &[&Observation])> = merged
            .map_or(&[][..], |(_, series)| series)
            .iter()
            .filter_map(|c| match &c.outcome {
                Outcome::Value { figure, parts } => Some((&**figure, parts.as_slice())),
                Outcome::Gap(_) => None,
            })
            .collect();
        if series.is_empty() && targets.is_empty() && computed.is_empty() {
            return None;
        }
        let units =
            merged.map(|(m, _)| crate::site::merged_view::part_names(self.idx, m, self.lang, t));
        let point = |o: &Observation, computed: bool| TrendPoint {
            start: o.period.start().day_number(),
            end: o.period.end().day_number(),
            value: observed_value(&o.figure, ind.unit),
            x_label: o.period.label(self.lang),
            value_label: chart_value(&cell(o, ind, self.lang, t), t),
            computed,
        };
        let points: Vec<TrendPoint> = computed
            .iter()
            .map(|(o, _)| point(o, true))
            .chain(series.iter().map(|o| point(o, false)))
            .collect();
        // A roadmap without one observed value is drawn as its targets only, each marked
        // and labelled as a target, with the words "no figure yet": never as a line.
        let observed = points.iter().any(|p| p.value.is_some());
        let steps: Vec<TargetStep> = targets
            .iter()
            .filter_map(|x| {
                Some(TargetStep {
                    day: x.by?.day_number(),
                    value: x.value,
                    label: if observed {
                        self.target_label(x, ind)
                    } else {
                        format!("{} {}", t.get("target"), self.target_label(x, ind))
                    },
                })
            })
            .collect();
        let name = self.province_name(province);
        let label = ind.label.get(self.lang);
        let target_text = targets
            .iter()
            .map(|x| self.target_label(x, ind))
            .collect::<Vec<_>>()
            .join("; ");
        let mut desc = match points.last().filter(|_| observed) {
            Some(p) => t.fill(
                "chart_trend_desc",
                &[
                    ("province", &name),
                    ("indicator", label),
                    ("value", &p.value_label),
                    ("period", &p.x_label),
                    ("count", &points.len().to_string()),
                ],
            ),
            _ => t.fill(
                "chart_trend_no_value",
                &[("province", &name), ("indicator", label)],
            ),
        };
        if !target_text.is_empty() {
            desc.push(' ');
            desc.push_str(&t.fill("chart_targets", &[("targets", &target_text)]));
        }
        let merger = match (merged.and_then(|(m, _)| m.from), &units) {
            (Some(from), Some(units)) if !computed.is_empty() => {
                let date = format::date(from, self.lang);
                desc.push(' ');
                desc.push_str(
                    &t.fill("chart_trend_computed", &[("date", &date), ("units", units)]),
                );
                Some((from.day_number(), t.get("chart_merger").to_string()))
            }
            _ => None,
        };
        // The latest value against the target in force, in the words of the tables.
        let judged = series.last().and_then(|o| measured(o, ind)).and_then(|m| {
            let target = current_target(&targets, m.at())?;
            Some((target, verdict(target, ind, Some(m), self.lang, t)))
        });
        if let Some((target, v)) = judged {
            let said = match v.detail {
                Some(d) => format!("{}: {d}", v.label),
                None => v.label,
            };
            desc.push(' ');
            desc.push_str(&t.fill(
                "chart_trend_verdict",
                &[
                    ("target", &self.target_label(target, ind)),
                    ("verdict", &said),
                ],
            ));
        }
        let computed_row = units
            .as_ref()
            .map(|u| t.fill("chart_computed_row", &[("units", u)]))
            .unwrap_or_default();
        let mut rows: Vec<Vec<String>> = points
            .iter()
            .map(|p| {
                let value = if p.computed {
                    format!("{} ({computed_row})", p.value_label)
                } else {
                    p.value_label.clone()
                };
                vec![p.x_label.clone(), value, String::new()]
            })
            .collect();
        rows.extend(targets.iter().map(|x| {
            vec![
                x.by.map(|d| format::date(d, self.lang)).unwrap_or_default(),
                String::new(),
                self.target_label(x, ind),
            ]
        }));
        let mut provenance = Provenance::default();
        computed
            .iter()
            .flat_map(|(_, parts)| parts.iter())
            .for_each(|o| provenance.observed(o));
        series.iter().for_each(|o| provenance.observed(o));
        let spec = TrendSpec {
            points,
            targets: steps,
            no_figure: (!observed).then(|| t.get("chart_no_figure").to_string()),
            percent: ind.unit == Unit::Percent,
            merger,
            tick_label: format::axis_tick,
            lang: self.lang,
        };
        self.view(
            Finished {
                name: format!("trend-{province}-{}", ind.id),
                provenance,
                page: urls::province(self.lang, province),
                png: false,
                title: t.fill(
                    "chart_trend_title",
                    &[("province", &name), ("indicator", label)],
                ),
                desc,
                headers: vec![
                    t.get("col_period").into(),
                    t.get("col_value").into(),
                    t.get("target").into(),
                ],
                rows,
            },
            move || charts::trend(&spec),
        )
    }

    /// A sparkline of a province's series, when it has two periods or more.
    pub fn sparkline(&self, province: &Slug, ind: &Indicator) -> Option<String> {
        let series = self.idx.series(province, &ind.id);
        if series.len() < 2 {
            return None;
        }
        let values: Vec<Option<f64>> = series
            .iter()
            .map(|o| observed_value(&o.figure, ind.unit))
            .collect();
        let label = self
            .t
            .fill("chart_sparkline", &[("count", &series.len().to_string())]);
        match charts::sparkline(&values, ind.unit == Unit::Percent) {
            Ok(raw) => Some(charts::finish_small(&raw, &label)),
            Err(e) => {
                self.store
                    .errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((format!("sparkline {province} {}", ind.id), e));
                None
            }
        }
    }
}
