//! Step 4: the validated model → the list of pages to render, each with its view.
//!
//! Input: the [`Site`], the theme's interface strings and the base URL. Output: [`PageJob`]s
//! (a path, a template name and a serialisable view) plus the feeds. All formatting happens
//! here, per language, so templates only place ready-made text. Pages are planned in a fixed
//! order, so output is identical from run to run.

pub mod cells;
pub mod charts;
pub mod feeds;
pub mod indicator;
pub mod overview;
pub mod province;
mod report;
pub mod urls;

use crate::model::{Lang, Site, Slug};
use crate::theme::Theme;
use cells::{Index, Link};
use rayon::prelude::*;
use serde::Serialize;
use urls::Urls;

/// One page to render.
#[derive(Debug, Serialize)]
pub struct PageJob {
    /// Site-relative path (`provinces/dong-thap/`, `404.html`).
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub template: &'static str,
    #[serde(skip)]
    pub lang: Lang,
    /// Listed in the sitemap (everything but the 404 page).
    #[serde(skip)]
    pub in_sitemap: bool,
    /// Markdown files (paths under `content/`) whose body this page shows.
    #[serde(skip)]
    pub content: Vec<String>,
    pub meta: PageMeta,
    pub view: View,
}

/// What every page knows about itself and the site around it.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub lang: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub site_title: String,
    pub canonical: String,
    pub home: String,
    pub css: String,
    pub feed: String,
    pub nav: Vec<NavItem>,
    pub breadcrumbs: Vec<Link>,
    /// The same page in each language, for `hreflang` and the language switch.
    pub alternates: Vec<Alternate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: &'static str,
    pub href: String,
    pub absolute: String,
    pub label: String,
    pub current: bool,
}

/// The view of each kind of page.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum View {
    Home(overview::HomeView),
    Provinces(overview::ProvinceListView),
    Province(Box<province::ProvinceView>),
    Indicators {
        groups: Vec<indicator::CatalogueGroup>,
    },
    Indicator(Box<indicator::IndicatorView>),
    Reports {
        reports: Vec<province::ReportLink>,
    },
    Report(Box<report::ReportView>),
    Tasks(overview::TasksView),
    Services(overview::ServicesView),
    Content(report::ContentView),
    NotFound {
        languages: Vec<(String, String, String)>,
    },
}

/// Every page, and the charts they show (standalone SVG files by output path).
pub struct Plan {
    pub jobs: Vec<PageJob>,
    pub charts: std::collections::BTreeMap<String, String>,
    /// Charts that could not be drawn.
    pub chart_errors: Vec<String>,
}

/// Plan every page of the site in every language.
pub fn plan(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    previous_output: Option<&std::collections::BTreeMap<String, Vec<u8>>>,
) -> Plan {
    let idx = Index::new(site);
    let key = key_indicators(site);
    let store = charts::ChartStore::reusing(previous_output);
    let mut jobs = Vec::new();
    for &lang in &site.config.languages {
        let t = theme.strings(lang);
        let charting = charts::Charting {
            idx: &idx,
            lang,
            urls,
            t,
            store: &store,
        };
        let with_tasks: Vec<&Slug> = site
            .provinces
            .keys()
            .filter(|p| site.tasks.iter().any(|x| &x.province == *p))
            .collect();
        let planner = Planner {
            site,
            theme,
            urls,
            lang,
            has_about: idx.content_page("about", lang).is_some(),
        };
        let reports = report::report_links(&idx, lang, urls);
        let intro = idx
            .content_page("_index", lang)
            .map(|(p, _)| report::markdown_html(&idx, p, lang, urls, theme).0);

        jobs.push(planner.job(
            urls::home(lang),
            "home.html",
            site.config.title.get(lang).to_string(),
            vec![],
            View::Home({
                let mut home = overview::home_view(
                    &idx,
                    &key,
                    intro,
                    reports.iter().take(10).cloned().collect(),
                    lang,
                    urls,
                    t,
                );
                home.comparison_charts = key
                    .iter()
                    .filter_map(|id| idx.indicator(id))
                    .take(4)
                    .filter_map(|ind| charting.comparison(ind))
                    .collect();
                home.tasks_chart = charting.tasks(&with_tasks, "all");
                for row in &mut home.rows {
                    let slug = site
                        .provinces
                        .values()
                        .find(|p| urls.href(&urls::province(lang, &p.slug)) == row.province.href)
                        .map(|p| p.slug.clone());
                    row.sparks = key
                        .iter()
                        .map(|id| charting.sparkline(slug.as_ref()?, idx.indicator(id)?))
                        .collect();
                }
                home
            }),
        ));
        if let Some(job) = jobs.last_mut() {
            job.content = idx.files_named(["_index.md", "_index.en.md"]);
        }
        jobs.push(planner.job(
            urls::provinces(lang),
            "provinces.html",
            t.get("nav_provinces").to_string(),
            vec![],
            View::Provinces(overview::province_list(&idx, lang, urls, t)),
        ));
        let provinces: Vec<_> = site.provinces.values().collect();
        jobs.par_extend(provinces.into_par_iter().map(|p| {
            let mine: Vec<_> = reports
                .iter()
                .filter(|r| r.province == p.slug.as_str())
                .cloned()
                .collect();
            let mut view = province::province_view(&idx, p, &key, mine, lang, urls, t);
            view.progress_chart = charting.province_progress(&p.slug);
            view.services_chart = charting.services(&p.slug);
            view.tasks_chart = charting.tasks(&[&p.slug], p.slug.as_str());
            view.trend_charts = trend_indicators(site, &idx, &p.slug, &key)
                .into_iter()
                .filter_map(|ind| charting.trend(&p.slug, ind))
                .collect();
            planner.job(
                urls::province(lang, &p.slug),
                "province.html",
                view.name.clone(),
                vec![planner.crumb(urls::provinces(lang), "nav_provinces")],
                View::Province(Box::new(view)),
            )
        }));
        jobs.push(planner.job(
            urls::indicators(lang),
            "indicators.html",
            t.get("nav_indicators").to_string(),
            vec![],
            View::Indicators {
                groups: indicator::catalogue(&idx, lang, urls),
            },
        ));
        let indicators: Vec<_> = site.indicators.values().collect();
        jobs.par_extend(indicators.into_par_iter().map(|ind| {
            let mut view = indicator::indicator_view(&idx, ind, lang, urls, t);
            view.comparison_chart = charting.comparison(ind);
            view.progress_chart = charting.indicator_progress(ind);
            planner.job(
                urls::indicator(lang, &ind.id),
                "indicator.html",
                view.label.clone(),
                vec![planner.crumb(urls::indicators(lang), "nav_indicators")],
                View::Indicator(Box::new(view)),
            )
        }));
        jobs.push(planner.job(
            urls::reports(lang),
            "reports.html",
            t.get("nav_reports").to_string(),
            vec![],
            View::Reports {
                reports: reports.clone(),
            },
        ));
        let keys: Vec<_> = report::report_keys(site).into_iter().collect();
        jobs.par_extend(keys.into_par_iter().map(|(province, period)| {
            let view = report::report_view(&idx, &province, period, lang, urls, theme);
            let mut job = planner.job(
                urls::report(lang, &province, &period),
                "report.html",
                view.title.clone(),
                vec![planner.crumb(urls::reports(lang), "nav_reports")],
                View::Report(Box::new(view)),
            );
            job.content = idx.narrative_files(&province, period);
            job
        }));
        jobs.push(planner.job(
            urls::tasks(lang),
            "tasks.html",
            t.get("nav_tasks").to_string(),
            vec![],
            View::Tasks({
                let mut v = overview::tasks_view(&idx, lang, urls, t);
                v.chart = charting.tasks(&with_tasks, "all");
                v
            }),
        ));
        jobs.push(planner.job(
            urls::services(lang),
            "services.html",
            t.get("nav_services").to_string(),
            vec![],
            View::Services({
                let mut v = overview::services_view(&idx, lang, urls, t);
                v.charts = site
                    .provinces
                    .keys()
                    .filter_map(|p| charting.services(p))
                    .collect();
                v
            }),
        ));
        for (name, view) in report::content_views(&idx, lang, urls, theme) {
            let path = format!("{}{name}/", urls::home(lang));
            let title = view.title.clone();
            jobs.push(planner.job(path, "page.html", title, vec![], View::Content(view)));
            if let Some(job) = jobs.last_mut() {
                let (vi, en) = (format!("{name}.md"), format!("{name}.en.md"));
                job.content = idx.files_named([&vi, &en]);
            }
        }
    }
    let default = site.config.languages.first().copied().unwrap_or(Lang::Vi);
    let planner = Planner {
        site,
        theme,
        urls,
        lang: default,
        has_about: idx.content_page("about", default).is_some(),
    };
    let languages = site
        .config
        .languages
        .iter()
        .map(|l| {
            let t = theme.strings(*l);
            (
                l.code().to_string(),
                t.get("notfound_text").to_string(),
                urls.href(&urls::home(*l)),
            )
        })
        .collect();
    let mut not_found = planner.job(
        urls::not_found(),
        "404.html",
        theme.strings(default).get("notfound_title").to_string(),
        vec![],
        View::NotFound { languages },
    );
    not_found.in_sitemap = false;
    not_found.meta.alternates.clear();
    jobs.push(not_found);
    let (charts, chart_errors) = store.into_parts();
    Plan {
        jobs,
        charts,
        chart_errors,
    }
}

/// The indicators that get a trend chart on a province page: key indicators reported for two
/// periods or more, and any indicator with a roadmap (the province's targets on two dates or more).
fn trend_indicators<'s>(
    site: &'s Site,
    idx: &Index<'s>,
    province: &Slug,
    key: &[Slug],
) -> Vec<&'s crate::model::Indicator> {
    site.indicators
        .values()
        .filter(|ind| {
            let periods = idx.series(province, &ind.id).len();
            let dates: std::collections::BTreeSet<_> = idx
                .targets(&ind.id, Some(province))
                .iter()
                .filter(|t| t.province.is_some())
                .filter_map(|t| t.by)
                .collect();
            (key.contains(&ind.id) && periods >= 2) || dates.len() >= 2
        })
        .collect()
}

/// The indicators shown on the home page and as key figures: those named in `site.yaml`, or
/// else the six reported by the most provinces.
fn key_indicators(site: &Site) -> Vec<Slug> {
    if !site.config.key_indicators.is_empty() {
        return site.config.key_indicators.clone();
    }
    let mut counts: Vec<(usize, &Slug)> = site
        .indicators
        .keys()
        .map(|id| {
            let n = site
                .observations
                .iter()
                .filter(|o| &o.indicator == id && o.breakdown.is_none())
                .map(|o| &o.province)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            (n, id)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts
        .into_iter()
        .take(6)
        .map(|(_, id)| id.clone())
        .collect()
}

struct Planner<'a> {
    site: &'a Site,
    theme: &'a Theme,
    urls: &'a Urls,
    lang: Lang,
    /// Whether there is an about page to link to from the navigation.
    has_about: bool,
}

impl Planner<'_> {
    fn crumb(&self, path: String, key: &str) -> Link {
        Link {
            href: self.urls.href(&path),
            label: self.theme.strings(self.lang).get(key).to_string(),
        }
    }

    fn job(
        &self,
        path: String,
        template: &'static str,
        title: String,
        breadcrumbs: Vec<Link>,
        view: View,
    ) -> PageJob {
        let lang = self.lang;
        let t = self.theme.strings(lang);
        let section = |p: &str| path == p || (p != urls::home(lang) && path.starts_with(p));
        let nav = [
            (urls::home(lang), "nav_home"),
            (urls::provinces(lang), "nav_provinces"),
            (urls::indicators(lang), "nav_indicators"),
            (urls::reports(lang), "nav_reports"),
            (urls::tasks(lang), "nav_tasks"),
            (urls::services(lang), "nav_services"),
            (urls::about(lang), "nav_about"),
        ]
        .into_iter()
        .filter(|(p, _)| p != &urls::about(lang) || self.has_about)
        .map(|(p, key)| NavItem {
            current: section(&p),
            href: self.urls.href(&p),
            label: t.get(key).to_string(),
        })
        .collect();
        let alternates = self
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                let p = urls::in_language(&path, *l);
                Alternate {
                    lang: l.code(),
                    href: self.urls.href(&p),
                    absolute: self.urls.absolute(&p),
                    label: self.theme.strings(*l).get("language_name").to_string(),
                    current: *l == lang,
                }
            })
            .collect();
        let site_title = self.site.config.title.get(lang).to_string();
        PageMeta {
            lang: lang.code(),
            description: self
                .site
                .config
                .description
                .as_ref()
                .map(|d| d.get(lang).to_string()),
            title,
            site_title,
            canonical: self.urls.absolute(&path),
            home: self.urls.href(&urls::home(lang)),
            css: self.urls.href(&urls::stylesheet()),
            feed: self.urls.href(&urls::feed(lang)),
            nav,
            breadcrumbs,
            alternates,
        }
        .into_job(path, template, lang, view)
    }
}

impl PageMeta {
    fn into_job(self, path: String, template: &'static str, lang: Lang, view: View) -> PageJob {
        PageJob {
            path,
            template,
            lang,
            in_sitemap: true,
            content: Vec::new(),
            meta: self,
            view,
        }
    }
}
