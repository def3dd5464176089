//! Progress towards targets as bullets: every indicator of one province, or every province for
//! one indicator. Both go through `Charting::progress`, which picks the latest value and the
//! target in force.

use super::{ChartView, Charting, Finished};
use crate::charts::{self, Bullet};
use crate::format;
use crate::model::{Figure, Indicator, Slug, Unit};
use crate::site::cells::{cell, current_target};

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
        self.progress(format!("progress-{province}"), title, pairs)
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
        self.progress(format!("progress-{}", ind.id), title, pairs)
    }

    fn progress(
        &self,
        name: String,
        title: String,
        pairs: Vec<(String, &Slug, &Indicator)>,
    ) -> Option<ChartView> {
        let t = self.t;
        let mut bullets = Vec::new();
        for (label, province, ind) in pairs {
            let Some(latest) = self.idx.series(province, &ind.id).last().copied() else {
                continue;
            };
            let Some(value) = format::figure_number(&latest.figure, ind.unit) else {
                continue;
            };
            if matches!(latest.figure, Figure::NotApplicable) {
                continue;
            }
            let targets = self.idx.targets(&ind.id, Some(province));
            let Some(target) = current_target(&targets, latest.period.end()) else {
                continue;
            };
            let met = target.is_met_by(value);
            bullets.push(Bullet {
                label,
                value,
                value_label: cell(latest, ind, self.lang, t).figure.headline,
                target: target.value,
                target_label: format!("{} {}", t.get("target"), self.target_label(target, ind)),
                status_label: t
                    .get(if met { "target_met" } else { "target_not_met" })
                    .to_string(),
                percent: ind.unit == Unit::Percent,
            });
        }
        if bullets.is_empty() {
            return None;
        }
        let items: Vec<String> = bullets
            .iter()
            .map(|b| {
                format!(
                    "{}: {}, {}: {}",
                    b.label, b.value_label, b.target_label, b.status_label
                )
            })
            .collect();
        let rows = bullets
            .iter()
            .map(|b| {
                vec![
                    b.label.clone(),
                    b.value_label.clone(),
                    b.target_label.clone(),
                    b.status_label.clone(),
                ]
            })
            .collect();
        self.view(
            Finished {
                name,
                title,
                desc: format!("{}.", items.join("; ")),
                headers: vec![
                    t.get("col_indicator").into(),
                    t.get("col_value").into(),
                    t.get("target").into(),
                    t.get("col_status").into(),
                ],
                rows,
            },
            move || charts::progress(&bullets),
        )
    }
}
