//! Pages that look across provinces: home, the province list, tasks and essential services.

use super::cells::{breakdown_matrix, cell, Cell, Index, Link};
use super::indicator::{catalogue, CatalogueGroup};
use super::province::{indicator_link, task_summary, ReportLink, TaskSummary};
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Lang, Slug};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub intro: Option<String>,
    /// Two provinces or more have figures (see [`Index::compares_provinces`]): the key figures
    /// are framed as a comparison, with the warning that periods differ.
    pub compares: bool,
    pub columns: Vec<Link>,
    pub rows: Vec<OverviewRow>,
    pub groups: Vec<CatalogueGroup>,
    pub indicators_href: String,
    pub reports: Vec<ReportLink>,
    pub comparison_charts: Vec<super::charts::ChartView>,
    pub tasks_chart: Option<super::charts::ChartView>,
}

#[derive(Debug, Serialize)]
pub struct OverviewRow {
    pub province: Link,
    pub cells: Vec<Option<Cell>>,
    /// A sparkline per cell, where the province has two periods or more.
    pub sparks: Vec<Option<String>>,
}

/// Provinces that have figures, with the latest value of each key indicator.
pub fn home_view(
    idx: &Index,
    key: &[Slug],
    intro: Option<String>,
    reports: Vec<ReportLink>,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> HomeView {
    let site = idx.site;
    let columns = key
        .iter()
        .filter_map(|id| idx.indicator(id))
        .map(|i| indicator_link(i, lang, urls))
        .collect();
    let rows = site
        .provinces
        .values()
        .filter(|p| idx.by_province.contains_key(&p.slug))
        .map(|p| OverviewRow {
            province: Link {
                href: urls.href(&urls::province(lang, &p.slug)),
                label: p.name.get(lang).to_string(),
            },
            cells: key
                .iter()
                .map(|id| {
                    let ind = idx.indicator(id)?;
                    idx.series(&p.slug, id)
                        .last()
                        .map(|o| cell(o, ind, lang, t))
                })
                .collect(),
            sparks: Vec::new(),
        })
        .collect();
    HomeView {
        intro,
        compares: idx.compares_provinces(),
        columns,
        rows,
        groups: catalogue(idx, lang, urls)
            .into_iter()
            .filter(|g| g.utility)
            .collect(),
        indicators_href: urls.href(&urls::indicators(lang)),
        reports,
        comparison_charts: Vec::new(),
        tasks_chart: None,
    }
}

#[derive(Debug, Serialize)]
pub struct ProvinceListView {
    pub rows: Vec<ProvinceListRow>,
}

#[derive(Debug, Serialize)]
pub struct ProvinceListRow {
    pub link: Link,
    pub code: Option<String>,
    pub validity: String,
    pub successor: Option<Link>,
    pub formed_from: Option<super::merger::FormationView>,
    pub indicators: usize,
    pub latest_period: Option<String>,
}

pub fn province_list(idx: &Index, lang: Lang, urls: &Urls, t: &Strings) -> ProvinceListView {
    let site = idx.site;
    let link = |slug: &Slug| Link {
        href: urls.href(&urls::province(lang, slug)),
        label: site.province_name(slug, lang),
    };
    let rows = site
        .provinces
        .values()
        .map(|p| {
            let obs = idx.by_province.get(&p.slug);
            ProvinceListRow {
                link: link(&p.slug),
                code: p.code.clone(),
                validity: match (p.valid_from, p.valid_to) {
                    (_, Some(to)) => t.fill("province_until", &[("date", &format::date(to, lang))]),
                    (Some(from), None) => {
                        t.fill("province_since", &[("date", &format::date(from, lang))])
                    }
                    (None, None) => t.get("province_current").to_string(),
                },
                successor: p.successor.as_ref().map(|s| link(&s.province)),
                formed_from: super::merger::formation(site, p, lang, urls, t),
                // The indicators it has figures of, and the last period of its figures (each
                // province's list is sorted by period).
                indicators: idx.pairs(&p.slug).count(),
                latest_period: obs.and_then(|v| v.last()).map(|o| o.period.label(lang)),
            }
        })
        .collect();
    ProvinceListView { rows }
}

#[derive(Debug, Serialize)]
pub struct TasksView {
    pub provinces: Vec<ProvinceTasks>,
    pub totals: Vec<(String, &'static str, usize)>,
    pub chart: Option<super::charts::ChartView>,
    /// The contents: a link to each province's list, with its number of tasks.
    pub sections: Vec<super::contents::Section>,
}

#[derive(Debug, Serialize)]
pub struct ProvinceTasks {
    pub province: Link,
    pub summary: TaskSummary,
}

pub fn tasks_view(idx: &Index, lang: Lang, urls: &Urls, t: &Strings) -> TasksView {
    let site = idx.site;
    let provinces: Vec<ProvinceTasks> = site
        .provinces
        .values()
        .filter(|p| !idx.tasks_of(&p.slug).is_empty())
        .map(|p| ProvinceTasks {
            province: Link {
                href: urls.href(&urls::province(lang, &p.slug)),
                label: p.name.get(lang).to_string(),
            },
            summary: task_summary(idx, &p.slug, lang, t),
        })
        .collect();
    let totals = crate::model::TaskStatus::ALL
        .iter()
        .map(|s| {
            let id = s.id();
            (
                t.get(&format!("status_{}", id.replace('-', "_")))
                    .to_string(),
                id,
                site.tasks.iter().filter(|x| x.status == *s).count(),
            )
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let sections = provinces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = super::contents::Section::new(&format!("tp-{}", i + 1), &p.province.label);
            s.note = Some(super::indicator::count(t, "tasks_count", p.summary.total));
            s
        })
        .collect();
    TasksView {
        provinces,
        totals,
        chart: None,
        sections,
    }
}

#[derive(Debug, Serialize)]
pub struct ServicesView {
    /// Two provinces or more have figures (see [`Index::compares_provinces`]).
    pub compares: bool,
    pub columns: Vec<ServiceColumn>,
    pub rows: Vec<(String, Vec<Option<Cell>>)>,
    pub charts: Vec<super::charts::ChartView>,
}

#[derive(Debug, Serialize)]
pub struct ServiceColumn {
    pub province: Link,
    pub period: String,
}

/// Each essential service across provinces: the online share of applications, per period.
pub fn services_view(idx: &Index, lang: Lang, urls: &Urls, t: &Strings) -> ServicesView {
    let Some(crate::model::Services {
        indicator: rate,
        dimension: service,
    }) = idx.site.config.services.clone()
    else {
        return ServicesView {
            compares: idx.compares_provinces(),
            columns: vec![],
            rows: vec![],
            charts: vec![],
        };
    };
    let Some(ind) = idx.indicator(&rate) else {
        return ServicesView {
            compares: idx.compares_provinces(),
            columns: vec![],
            rows: vec![],
            charts: vec![],
        };
    };
    let cells: Vec<_> = idx
        .by_indicator
        .get(&rate)
        .map(|v| {
            v.iter()
                .filter(|o| o.breakdown.as_ref().is_some_and(|(d, _)| d == &service))
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let (keys, rows) = breakdown_matrix(idx, &cells, &service, ind, lang, t);
    let columns = keys
        .iter()
        .map(|(p, per)| ServiceColumn {
            province: Link {
                href: urls.href(&urls::province(lang, p)),
                label: idx.site.province_name(p, lang),
            },
            period: per.label(lang),
        })
        .collect();
    ServicesView {
        compares: idx.compares_provinces(),
        columns,
        rows,
        charts: Vec::new(),
    }
}
