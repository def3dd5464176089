//! Task counts by status as stacked bars, one bar per province: the only chart drawn from tasks
//! rather than observations.

use super::{ChartView, Charting, Finished, Provenance};
use crate::charts::{self, StackRow, StackSpec};
use crate::model::{Slug, TaskStatus};
use crate::site::urls;

impl Charting<'_> {
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
                let tasks = self.idx.tasks_of(p);
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
                .map(|(c, s)| format!("{c} {}", crate::format::mid_sentence(s)))
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
        let mut provenance = Provenance::default();
        // In the site's order, as the sources are cited.
        match provinces {
            [one] => self
                .idx
                .tasks_of(one)
                .iter()
                .for_each(|x| provenance.task(x)),
            _ => {
                let shown: crate::FastSet<&Slug> = provinces.iter().copied().collect();
                self.idx
                    .site
                    .tasks
                    .iter()
                    .filter(|x| shown.contains(&x.province))
                    .for_each(|x| provenance.task(x));
            }
        }
        // One province's tasks belong to its page; every province's, to the tasks page, whose
        // preview image this chart is.
        let page = match provinces {
            [one] if name != "all" => urls::province(self.lang, one),
            _ => urls::tasks(self.lang),
        };
        let spec = StackSpec { statuses, rows };
        self.view(
            Finished {
                name: format!("tasks-{name}"),
                provenance,
                png: page == urls::tasks(self.lang),
                page,
                title: t.get("chart_tasks_title").to_string(),
                desc,
                headers,
                rows: table,
            },
            move || charts::stacked(&spec),
        )
    }
}
