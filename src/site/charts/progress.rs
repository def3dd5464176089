//! Progress towards targets as bullets: every indicator of one province, or every province for
//! one indicator. Both go through `Charting::progress`, which picks the latest value and the
//! target in force, and says how the value stands against it with the same verdict as the
//! tables (a target not yet due is never "not met").

use super::{chart_value, of_whole};
use super::{ChartView, Charting, Finished, Provenance};
use crate::charts::{self, Bullet};
use crate::format;
use crate::model::{Indicator, Slug, Unit};
use crate::site::cells::{cell, current_target, measured, verdict};
use crate::site::urls;

/// What a progress chart's rows are: a province page's indicators (its chart is also the page's
/// preview image, so it gets a PNG) or an indicator page's provinces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Indicators,
    Provinces,
}

impl Charting<'_> {
    /// Each indicator of a province that has a value and a target, as a bullet.
    pub fn province_progress(&self, province: &Slug) -> Option<ChartView> {
        let pairs = self
            .idx
            .site
            .indicators
            .values()
            .map(|i| (i.label.get(self.lang).to_string(), province, i))
            .collect();
        let name = self.province_name(province);
        let title = self.t.fill("chart_progress_title", &[("province", &name)]);
        let page = urls::province(self.lang, province);
        // A province page's preview image: how it stands against its targets.
        self.progress(
            format!("progress-{province}"),
            title,
            pairs,
            page,
            Rows::Indicators,
        )
    }

    /// Each province that has a value and a target for an indicator, as a bullet.
    pub fn indicator_progress(&self, ind: &Indicator) -> Option<ChartView> {
        let pairs = self
            .idx
            .site
            .provinces
            .keys()
            .map(|p| (self.province_name(p), p, ind))
            .collect();
        let title = self.t.fill(
            "chart_progress_indicator_title",
            &[("indicator", ind.label.get(self.lang))],
        );
        let page = urls::indicator(self.lang, &ind.id);
        self.progress(
            format!("progress-{}", ind.id),
            title,
            pairs,
            page,
            Rows::Provinces,
        )
    }

    fn progress(
        &self,
        name: String,
        title: String,
        pairs: Vec<(String, &Slug, &Indicator)>,
        page: String,
        rows_are: Rows,
    ) -> Option<ChartView> {
        let t = self.t;
        let mut provenance = Provenance::default();
        let mut bullets = Vec::new();
        let mut details = Vec::new();
        for (label, province, ind) in pairs {
            let Some(latest) = self.idx.series(province, &ind.id).last().copied() else {
                continue;
            };
            let Some(measured) = measured(latest, ind) else {
                continue;
            };
            let targets = self.idx.targets(&ind.id, Some(province));
            let Some(target) = current_target(&targets, measured.at()) else {
                continue;
            };
            provenance.observed(latest);
            let verdict = verdict(target, ind, Some(measured), self.lang, t);
            let c = cell(latest, ind, self.lang, t);
            let percent = ind.unit == Unit::Percent;
            let ratio = of_whole(&latest.figure, ind, self.lang, t);
            details.push((verdict.detail, ratio.clone(), c.period.clone()));
            // The period leads the line under the value, as on the comparison chart: a
            // verdict is only as good as the date of the figure it judges.
            let whole = ratio.unwrap_or_else(|| {
                let max = charts::bullet_max(measured.value, target.value, percent);
                t.fill(
                    "chart_scale",
                    &[("max", &format::axis_tick(max, percent, self.lang))],
                )
            });
            bullets.push(Bullet {
                label,
                value: measured.value,
                value_label: chart_value(&c, t),
                whole: format!("{} · {whole}", c.period),
                target: target.value,
                target_label: format!("{} {}", t.get("target"), self.target_label(target, ind)),
                status_label: verdict.label,
                percent,
            });
        }
        if bullets.is_empty() {
            return None;
        }
        let items: Vec<String> = bullets
            .iter()
            .zip(&details)
            .map(|(b, (detail, _, period))| {
                let mut item = format!(
                    "{}: {} ({period}), {}: {}",
                    b.label, b.value_label, b.target_label, b.status_label
                );
                if let Some(d) = detail {
                    item.push_str(&format!(" ({d})"));
                }
                item
            })
            .collect();
        let rows = bullets
            .iter()
            .zip(&details)
            .map(|(b, (detail, ratio, period))| {
                let value = match ratio {
                    Some(r) => format!("{} ({r})", b.value_label),
                    None => b.value_label.clone(),
                };
                let status = match detail {
                    Some(d) => format!("{}: {d}", b.status_label),
                    None => b.status_label.clone(),
                };
                vec![
                    b.label.clone(),
                    value,
                    period.to_string(),
                    b.target_label.clone(),
                    status,
                ]
            })
            .collect();
        self.view(
            Finished {
                name,
                title,
                desc: format!("{}.", items.join("; ")),
                provenance,
                page,
                png: rows_are == Rows::Indicators,
                headers: vec![
                    t.get(match rows_are {
                        Rows::Indicators => "col_indicator",
                        Rows::Provinces => "col_province",
                    })
                    .into(),
                    t.get("col_value").into(),
                    t.get("col_period").into(),
                    t.get("target").into(),
                    t.get("col_status").into(),
                ],
                rows,
            },
            move || charts::progress(&bullets),
        )
    }
}
