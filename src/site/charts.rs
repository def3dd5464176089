//! Which chart each page shows, in the page's words, with the table of its numbers.
//!
//! A chart is drawn once per language and kept in a [`ChartStore`]: the page inlines it and
//! the build also writes it as `charts/<name>.<lang>.svg` for people to download or embed.

use super::cells::{cell, current_target, Index};
use super::urls::Urls;
use crate::charts::{
    self, BarRow, BarsSpec, Bullet, ChartError, StackRow, StackSpec, TargetStep, TrendPoint,
    TrendSpec,
};
use crate::format;
use crate::model::TaskStatus;
use crate::model::{Figure, Indicator, Lang, Observation, Slug, Target, Unit};
use crate::theme::Strings;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A chart as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub svg: String,
    pub href: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Charts drawn so far, by output path; and what failed. Pages are planned in parallel, so
/// the store is shared between threads: each chart is drawn once, by the first page that
/// needs it, while other pages that need it wait for that drawing.
#[derive(Default)]
pub struct ChartStore {
    files: Mutex<BTreeMap<String, Arc<OnceLock<Option<String>>>>>,
    errors: Mutex<Vec<(String, ChartError)>>,
}

impl ChartStore {
    /// The charts drawn so far, by output path, and the charts that could not be drawn.
    pub fn parts(&self) -> (BTreeMap<String, String>, Vec<(String, ChartError)>) {
        let files = self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter_map(|(path, cell)| Some((path.clone(), cell.get()?.clone()?)))
            .collect();
        let mut errors = self
            .errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        errors.sort_by(|a, b| a.0.cmp(&b.0));
        (files, errors)
    }

    /// The finished SVG at `path`, drawing it the first time.
    fn get_or_draw(
        &self,
        path: &str,
        draw: impl FnOnce() -> Result<String, ChartError>,
    ) -> Option<String> {
        let cell = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(files.entry(path.to_string()).or_default())
        };
        cell.get_or_init(|| match draw() {
            Ok(svg) => Some(svg),
            Err(e) => {
                self.errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path.to_string(), e));
                None
            }
        })
        .clone()
    }
}

/// Everything a chart needs from the page.
pub struct Charting<'a> {
    pub idx: &'a Index<'a>,
    pub lang: Lang,
    pub urls: &'a Urls,
    pub t: &'a Strings,
    pub store: &'a ChartStore,
}

struct Finished {
    name: String,
    title: String,
    desc: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Charting<'_> {
    fn view(
        &self,
        f: Finished,
        raw: impl FnOnce() -> Result<String, ChartError>,
    ) -> Option<ChartView> {
        let path = format!("charts/{}.{}.svg", f.name, self.lang.code());
        let id = format!("ch-{}", f.name);
        let svg = self.store.get_or_draw(&path, || {
            raw().map(|r| charts::finish(&r, &id, &f.title, &f.desc))
        })?;
        Some(ChartView {
            id,
            svg,
            href: self.urls.href(&path),
            title: f.title,
            headers: f.headers,
            rows: f.rows,
        })
    }

    fn province_name(&self, slug: &Slug) -> String {
        self.idx.site.province_name(slug, self.lang)
    }

    fn target_label(&self, target: &Target, ind: &Indicator) -> String {
        super::cells::target_text(target, ind, self.lang, self.t)
    }

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
        let bars = rows
            .iter()
            .map(|(name, o)| {
                let c = cell(o, ind, self.lang, t);
                BarRow {
                    label: name.clone(),
                    value: format::figure_number(&o.figure, ind.unit),
                    value_label: c.figure.headline,
                    note: c.period,
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
        let ranked: Vec<&BarRow> = {
            let mut v: Vec<&BarRow> = bars.iter().filter(|b| b.value.is_some()).collect();
            v.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
            v
        };
        let mut desc = t.fill(
            "chart_compare_desc",
            &[("indicator", label), ("count", &bars.len().to_string())],
        );
        if let (Some(hi), Some(lo)) = (ranked.first(), ranked.last()) {
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
        let spec = BarsSpec {
            rows: bars.clone(),
            percent: ind.unit == Unit::Percent,
            target,
        };
        self.view(
            Finished {
                name: format!("compare-{}", ind.id),
                title: t.fill("chart_compare_title", &[("indicator", label)]),
                desc,
                headers: vec![
                    t.get("col_province").into(),
                    t.get("col_value").into(),
                    t.get("col_period").into(),
                ],
                rows: bars
                    .iter()
                    .map(|b| vec![b.label.clone(), b.value_label.clone(), b.note.clone()])
                    .collect(),
            },
            move || charts::bars(&spec),
        )
    }

    /// One indicator in one province over time, with its targets.
    pub fn trend(&self, province: &Slug, ind: &Indicator) -> Option<ChartView> {
        let t = self.t;
        let series = self.idx.series(province, &ind.id);
        let targets = self.idx.targets(&ind.id, Some(province));
        if series.is_empty() && targets.is_empty() {
            return None;
        }
        let points: Vec<TrendPoint> = series
            .iter()
            .map(|o| TrendPoint {
                start: o.period.start().day_number(),
                end: o.period.end().day_number(),
                value: format::figure_number(&o.figure, ind.unit),
                x_label: o.period.label(self.lang),
                value_label: cell(o, ind, self.lang, t).figure.headline,
            })
            .collect();
        let steps: Vec<TargetStep> = targets
            .iter()
            .filter_map(|x| {
                Some(TargetStep {
                    day: x.by?.day_number(),
                    value: x.value,
                    label: self.target_label(x, ind),
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
        let mut desc = match (points.last(), series.last()) {
            (Some(p), Some(_)) => t.fill(
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
        let mut rows: Vec<Vec<String>> = points
            .iter()
            .map(|p| vec![p.x_label.clone(), p.value_label.clone(), String::new()])
            .collect();
        rows.extend(targets.iter().map(|x| {
            vec![
                x.by.map(|d| format::date(d, self.lang)).unwrap_or_default(),
                String::new(),
                self.target_label(x, ind),
            ]
        }));
        let spec = TrendSpec {
            points,
            targets: steps,
            percent: ind.unit == Unit::Percent,
            tick_label: format::axis_tick,
            lang: self.lang,
        };
        self.view(
            Finished {
                name: format!("trend-{province}-{}", ind.id),
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

    /// Task counts by status, one bar per province that has tasks.
    pub fn tasks(&self, provinces: &[&Slug], name: &str) -> Option<ChartView> {
        let t = self.t;
        let statuses: Vec<String> = TaskStatus::ALL
            .iter()
            .map(|s| {
                t.get(&format!("status_{}", s.id().replace('-', "_")))
                    .to_string()
            })
            .collect();
        let rows: Vec<StackRow> = provinces
            .iter()
            .map(|p| {
                let tasks: Vec<_> = self
                    .idx
                    .site
                    .tasks
                    .iter()
                    .filter(|x| &&x.province == p)
                    .collect();
                StackRow {
                    label: self.province_name(p),
                    counts: TaskStatus::ALL
                        .iter()
                        .map(|s| tasks.iter().filter(|x| x.status == *s).count() as u32)
                        .collect(),
                    total_label: t
                        .fill("chart_tasks_total", &[("count", &tasks.len().to_string())]),
                }
            })
            .filter(|r| r.counts.iter().sum::<u32>() > 0)
            .collect();
        if rows.is_empty() {
            return None;
        }
        let describe = |r: &StackRow| {
            let parts: Vec<String> = r
                .counts
                .iter()
                .zip(&statuses)
                .filter(|(c, _)| **c > 0)
                .map(|(c, s)| format!("{c} {}", s.to_lowercase()))
                .collect();
            format!("{}: {} ({})", r.label, r.total_label, parts.join(", "))
        };
        let desc = format!(
            "{}.",
            rows.iter().map(describe).collect::<Vec<_>>().join("; ")
        );
        let mut headers = vec![t.get("col_province").to_string()];
        headers.extend(statuses.iter().cloned());
        let table = rows
            .iter()
            .map(|r| {
                std::iter::once(r.label.clone())
                    .chain(r.counts.iter().map(u32::to_string))
                    .collect()
            })
            .collect();
        let spec = StackSpec { statuses, rows };
        self.view(
            Finished {
                name: format!("tasks-{name}"),
                title: t.get("chart_tasks_title").to_string(),
                desc,
                headers,
                rows: table,
            },
            move || charts::stacked(&spec),
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
        let bars: Vec<BarRow> = cells
            .iter()
            .filter(|o| o.period == period)
            .filter_map(|o| {
                let (d, m) = o.breakdown.as_ref()?;
                let c = cell(o, ind, self.lang, t);
                Some(BarRow {
                    label: self.idx.site.member_label(d, m, self.lang),
                    value: format::figure_number(&o.figure, ind.unit),
                    value_label: c.figure.headline,
                    note: c.figure.detail.unwrap_or_default(),
                })
            })
            .collect();
        let name = self.province_name(province);
        let ranked: Vec<&BarRow> = {
            let mut v: Vec<&BarRow> = bars.iter().filter(|b| b.value.is_some()).collect();
            v.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
            v
        };
        let mut desc = t.fill(
            "chart_services_desc",
            &[
                ("province", &name),
                ("count", &bars.len().to_string()),
                ("period", &period.label(self.lang)),
            ],
        );
        if let (Some(hi), Some(lo)) = (ranked.first(), ranked.last()) {
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
        let spec = BarsSpec {
            rows: bars,
            percent: true,
            target: None,
        };
        self.view(
            Finished {
                name: format!("services-{province}"),
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

    /// A sparkline of a province's series, when it has two periods or more.
    pub fn sparkline(&self, province: &Slug, ind: &Indicator) -> Option<String> {
        let series = self.idx.series(province, &ind.id);
        if series.len() < 2 {
            return None;
        }
        let values: Vec<Option<f64>> = series
            .iter()
            .map(|o| format::figure_number(&o.figure, ind.unit))
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
