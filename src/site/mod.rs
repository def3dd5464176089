//! Step 4: the validated model → the list of pages to render, each with its view.
//!
//! Input: the [`Site`], the theme's interface strings and the base URL. Output: [`PageJob`]s
//! (a path, a template name and a serialisable view) plus the feeds. All formatting happens
//! here, per language, so templates only place ready-made text. Pages are planned in a fixed
//! order, so output is identical from run to run.

pub mod cells;
pub mod charts;
pub mod citation;
pub mod colophon;
pub mod completeness;
pub mod completeness_page;
pub mod contents;
pub mod data_page;
pub mod downloads;
pub mod feeds;
pub mod figure_digests;
pub mod index;
pub mod indicator;
pub mod indicator_values;
pub mod inputs;
pub mod merged;
pub mod merged_view;
pub mod merger;
pub mod opendata;
pub mod overview;
pub mod per_part;
pub mod plan;
pub mod preview;
pub mod province;
pub mod report;
pub mod search;
pub mod starts;
pub mod urls;

use crate::model::{Lang, Site, Slug};
use crate::theme::Theme;
use cells::{Index, Link};
pub use plan::{PageKey, PageKind, Pages};
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
    /// Publisher, error reporting, licence, latest data: the footer of every page.
    pub colophon: Option<std::sync::Arc<colophon::Colophon>>,
    /// The files of what the page shows, and the way to the Data page (`partials/downloads.html`).
    pub downloads: Option<downloads::Downloads>,
    /// What a shared link to the page shows (Open Graph, Twitter card).
    pub preview: Option<preview::Preview>,
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
        /// The contents: a link to each group (see [`indicator::catalogue_sections`]).
        sections: Vec<contents::Section>,
    },
    Indicator(Box<indicator::IndicatorView>),
    Reports {
        reports: Vec<province::ReportLink>,
        /// The completeness page.
        completeness: String,
    },
    Report(Box<report::ReportView>),
    Tasks(overview::TasksView),
    Services(overview::ServicesView),
    Content(report::ContentView),
    Data(Box<data_page::DataView>),
    Completeness(Box<completeness_page::PageView>),
    Search(search::SearchView),
    NotFound {
        languages: Vec<(String, String, String)>,
    },
    /// A chart alone, for an `<iframe>` on another site.
    Embed(EmbedView),
}

/// An embed page: one chart with its title, period and source, and a link to its page.
#[derive(Debug, Serialize)]
pub struct EmbedView {
    pub title: String,
    pub period: String,
    pub source: String,
    pub svg: String,
    /// The share SVG, to download.
    pub share_svg: String,
    /// The chart's page, absolute (the link opens outside the frame).
    pub page: String,
    /// The embed pages' own small stylesheet.
    pub css: String,
}

impl View {
    /// The figure tables of the page, if it has any (province and report pages).
    pub fn tables_mut(&mut self) -> Option<&mut province::Tables> {
        match self {
            View::Province(v) => Some(&mut v.groups),
            View::Report(v) => Some(&mut v.figures),
            _ => None,
        }
    }
}

/// The indicators that get a trend chart on a province page: key indicators reported for two
/// periods or more, and any indicator with a roadmap (the province's targets on two dates or more).
fn trend_indicators<'s>(
    site: &'s Site,
    idx: &Index<'s>,
    province: &Slug,
    key: &[Slug],
    merged: &merged::Merged<'s>,
) -> Vec<&'s crate::model::Indicator> {
    site.indicators
        .values()
        .filter(|ind| {
            // Periods before a merger count when a value was computed for them.
            let computed = merged
                .series(idx, province, &ind.id)
                .iter()
                .filter(|c| c.outcome.value().is_some())
                .count();
            let periods = idx.series(province, &ind.id).len() + computed;
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
pub(crate) fn key_indicators(site: &Site) -> Vec<Slug> {
    if !site.config.key_indicators.is_empty() {
        return site.config.key_indicators.clone();
    }
    // The provinces reporting each indicator, in one pass over the observations.
    let mut reporting: crate::FastMap<&Slug, crate::FastSet<&Slug>> = crate::FastMap::default();
    for o in site.observations.iter().filter(|o| o.breakdown.is_none()) {
        reporting
            .entry(&o.indicator)
            .or_default()
            .insert(&o.province);
    }
    let mut counts: Vec<(usize, &Slug)> = site
        .indicators
        .keys()
        .map(|id| (reporting.get(id).map_or(0, |p| p.len()), id))
        .filter(|(n, _)| *n > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts
        .into_iter()
        .take(6)
        .map(|(_, id)| id.clone())
        .collect()
}

/// The province of a site that has exactly one: it gets no list of provinces.
fn only_province(site: &Site) -> Option<&crate::model::Province> {
    let mut provinces = site.provinces.values();
    match (provinces.next(), provinces.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

struct Planner<'a> {
    site: &'a Site,
    theme: &'a Theme,
    urls: &'a Urls,
    lang: Lang,
    /// Whether there is an about page to link to from the navigation.
    has_about: bool,
    colophon: Option<std::sync::Arc<colophon::Colophon>>,
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
        let label = |key: &str| t.get(key).to_string();
        // A site of one province has no list of provinces: the menu leads to the province.
        let provinces = match only_province(self.site) {
            Some(p) => (urls::province(lang, &p.slug), p.name.get(lang).to_string()),
            None => (urls::provinces(lang), label("nav_provinces")),
        };
        let (about, services) = (urls::about(lang), urls::services(lang));
        let nav = [
            (urls::home(lang), label("nav_home")),
            provinces,
            (urls::indicators(lang), label("nav_indicators")),
            (urls::reports(lang), label("nav_reports")),
            (urls::tasks(lang), label("nav_tasks")),
            (urls::services(lang), label("nav_services")),
            (urls::data(lang), label("nav_data")),
            (urls::about(lang), label("nav_about")),
            (urls::search(lang), label("nav_search")),
        ]
        .into_iter()
        .filter(|(p, _)| *p != about || self.has_about)
        .filter(|(p, _)| *p != services || self.site.config.services.is_some())
        .map(|(p, label)| NavItem {
            current: section(&p),
            href: self.urls.href(&p),
            label,
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
            colophon: self.colophon.clone(),
            downloads: None,
            preview: None,
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
            meta: self,
            view,
        }
    }
}
