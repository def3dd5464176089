//! The pages of a site, each named by a [`PageKey`] and planned on demand.
//!
//! [`Pages::keys`] lists every page in a fixed order without building any view; [`Pages::job`]
//! builds one page's view. A build plans, renders and writes each page in one step, so the
//! views of thousands of pages never exist at once; `serve` plans only the pages a Markdown
//! edit touches.

use super::cells::Index;
use super::charts::{ChartStore, Charting, DrawnChart};
use super::preview::{self, SiteImage};
use super::province::ReportLink;
use super::{
    data_page, downloads, indicator, overview, province, report, urls, PageJob, Planner, View,
};
use crate::model::{Lang, Period, Site, Slug};
use crate::site::opendata::Scope;
use crate::theme::Theme;
use urls::Urls;

/// Which page: its language and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub lang: Lang,
    pub kind: PageKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Provinces,
    Province(Slug),
    Indicators,
    Indicator(Slug),
    Reports,
    Report(Slug, Period),
    Tasks,
    Services,
    /// The Data page: every download and what its columns mean.
    Data,
    /// Who reported what, when.
    Completeness,
    /// The search page: the form, its results (in the browser) and an A–Z index.
    Search,
    /// A stand-alone page, `content/<name>.md`.
    Content(String),
    NotFound,
}

/// What pages of one language share.
struct Language {
    lang: Lang,
    /// Every report, newest first (the reports page, the home page, each province page).
    reports: Vec<ReportLink>,
    has_about: bool,
    /// The footer of every page (and the about page's colophon).
    colophon: std::sync::Arc<super::colophon::Colophon>,
    /// The preview image of pages without a chart of their own.
    site_image: SiteImage,
}

/// What `serve` keeps of one plan for the next ([`crate::model::kept::Kept`]): each part's
/// order of its figures ([`super::index::KeptOrders`]) and each unit's counts of its reports
/// ([`super::completeness::KeptFilings`]).
#[derive(Debug, Default)]
pub struct KeptPlan {
    orders: super::index::KeptOrders,
    filings: super::completeness::KeptFilings,
}

impl KeptPlan {
    /// Nothing kept, nothing taken (`check`, `build`).
    pub fn none() -> KeptPlan {
        KeptPlan::default()
    }

    /// Nothing to take yet; keeps what is made (`serve`'s first build).
    pub fn empty() -> KeptPlan {
        KeptPlan {
            orders: super::index::KeptOrders::empty(),
            filings: super::completeness::KeptFilings::empty(),
        }
    }

    /// What the plan after this one starts from: what this one made or took.
    pub fn next(&self) -> KeptPlan {
        KeptPlan {
            orders: self.orders.next(),
            filings: self.filings.next(),
        }
    }
}

/// Everything needed to plan any page of the site.
pub struct Pages<'s> {
    site: &'s Site,
    theme: &'s Theme,
    urls: &'s Urls,
    idx: Index<'s>,
    /// Key indicators (home page, province pages).
    key: Vec<Slug>,
    store: ChartStore,
    languages: Vec<Language>,
    /// Provinces with tasks.
    with_tasks: Vec<&'s Slug>,
    /// Every report (province, period), in order.
    report_keys: Vec<(Slug, Period)>,
    /// Names of stand-alone pages.
    content_names: Vec<String>,
    /// Every unit's reports and what each gives (the completeness page, province pages).
    filings: super::completeness::Filings,
    /// Merged provinces' figures before the merger, computed from their predecessors when a
    /// page first asks for them.
    merged: super::merged::Merged<'s>,
    /// The digests of what report pages are made from, computed when first asked for.
    inputs: std::sync::OnceLock<super::inputs::Inputs>,
}

impl<'s> Pages<'s> {
    /// Index the site's figures and list what every language shows.
    /// The index takes each part's order of its figures from `kept` when it has the part, and
    /// the counts of each unit's reports when they were made from the same figures.
    pub fn new(site: &'s Site, theme: &'s Theme, urls: &'s Urls, kept: &KeptPlan) -> Pages<'s> {
        let idx = Index::with_kept(site, &kept.orders);
        let key = super::key_indicators(site);
        // What each language lists, beside each unit's reports (each a few milliseconds on a
        // national site, on one core).
        let (languages, (filings, merged)) = rayon::join(
            || Self::languages(site, theme, urls, &idx),
            || {
                rayon::join(
                    || super::completeness::Filings::new_kept(&idx, &key, &kept.filings),
                    || super::merged::Merged::new(site),
                )
            },
        );
        let with_tasks = site
            .provinces
            .keys()
            .filter(|p| !idx.tasks_of(p).is_empty())
            .collect();
        let content_names = site
            .pages
            .iter()
            .filter(|p| !p.draft && !p.path.contains('/') && !p.path.starts_with('_'))
            .map(|p| {
                p.path
                    .trim_end_matches(".md")
                    .trim_end_matches(".en")
                    .to_string()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Pages {
            merged,
            filings,
            key,
            store: ChartStore::default(),
            inputs: std::sync::OnceLock::new(),
            report_keys: report::report_keys(site),
            site,
            theme,
            urls,
            idx,
            languages,
            with_tasks,
            content_names,
        }
    }

    /// What every page of each language shares: its list of reports, its footer, whether it
    /// has an about page, the site's preview image. Languages in parallel.
    fn languages(
        site: &'s Site,
        theme: &'s Theme,
        urls: &'s Urls,
        idx: &Index<'s>,
    ) -> Vec<Language> {
        use rayon::prelude::*;
        site.config
            .languages
            .par_iter()
            .map(|&lang| Language {
                lang,
                reports: report::report_links(idx, lang, urls),
                has_about: idx.content_page("about", lang).is_some(),
                colophon: std::sync::Arc::new(super::colophon::colophon(
                    site,
                    lang,
                    urls,
                    theme.strings(lang),
                )),
                site_image: SiteImage::new(site, lang, urls),
            })
            .collect()
    }

    /// Every page of the site, in the order pages are listed in the sitemap.
    pub fn keys(&self) -> Vec<PageKey> {
        let site = self.site;
        let mut keys = Vec::new();
        for &lang in &site.config.languages {
            let mut add = |kind| keys.push(PageKey { lang, kind });
            add(PageKind::Home);
            if super::only_province(site).is_none() {
                add(PageKind::Provinces);
            }
            site.provinces
                .keys()
                .for_each(|p| add(PageKind::Province(p.clone())));
            add(PageKind::Indicators);
            site.indicators
                .keys()
                .for_each(|i| add(PageKind::Indicator(i.clone())));
            add(PageKind::Reports);
            self.report_keys
                .iter()
                .for_each(|(p, per)| add(PageKind::Report(p.clone(), *per)));
            add(PageKind::Tasks);
            if site.config.services.is_some() {
                add(PageKind::Services);
            }
            add(PageKind::Data);
            add(PageKind::Completeness);
            add(PageKind::Search);
            self.content_names
                .iter()
                .filter(|name| self.idx.content_page(name, lang).is_some())
                .for_each(|name| add(PageKind::Content(name.clone())));
        }
        keys.push(PageKey {
            lang: self.default_lang(),
            kind: PageKind::NotFound,
        });
        keys
    }

    /// The Markdown files (paths under `content/`) whose body the page shows.
    pub fn content_of(&self, key: &PageKey) -> Vec<String> {
        match &key.kind {
            PageKind::Home => self.idx.files_named(["_index.md", "_index.en.md"]),
            PageKind::Report(province, period) => self.idx.narrative_files(province, *period),
            PageKind::Content(name) => self
                .idx
                .files_named([&format!("{name}.md"), &format!("{name}.en.md")]),
            _ => Vec::new(),
        }
    }

    /// The output path of a page (`provinces/dong-thap/`, `404.html`).
    pub fn path(&self, key: &PageKey) -> String {
        let lang = key.lang;
        match &key.kind {
            PageKind::Home => urls::home(lang),
            PageKind::Provinces => urls::provinces(lang),
            PageKind::Province(p) => urls::province(lang, p),
            PageKind::Indicators => urls::indicators(lang),
            PageKind::Indicator(i) => urls::indicator(lang, i),
            PageKind::Reports => urls::reports(lang),
            PageKind::Report(p, per) => urls::report(lang, p, per),
            PageKind::Tasks => urls::tasks(lang),
            PageKind::Services => urls::services(lang),
            PageKind::Data => urls::data(lang),
            PageKind::Completeness => urls::completeness(lang),
            PageKind::Search => urls::search(lang),
            PageKind::Content(name) => format!("{}{name}/", urls::home(lang)),
            PageKind::NotFound => urls::not_found(),
        }
    }

    fn default_lang(&self) -> Lang {
        self.site
            .config
            .languages
            .first()
            .copied()
            .unwrap_or(Lang::Vi)
    }

    /// The charts drawn so far, by output path, and the charts that could not be drawn.
    pub fn charts(
        &self,
    ) -> (
        super::charts::DrawnCharts,
        Vec<(String, crate::charts::ChartError)>,
    ) {
        self.store.parts()
    }

    /// The files of the charts each page showed (each chart's SVG, its share SVG, its PNG
    /// when the build renders one, and its embed page), by the page's output file: what goes
    /// with a page that `serve` takes from its last build.
    pub fn chart_files(&self) -> crate::FastMap<String, Vec<String>> {
        let (drawn, _) = self.store.parts();
        self.store
            .shown()
            .into_iter()
            .map(|(page, charts)| {
                let files = charts
                    .iter()
                    .filter_map(|c| drawn.get(c))
                    .flat_map(|d| {
                        let png = d.png.then(|| d.png_file());
                        [d.svg_file(), d.share_file()]
                            .into_iter()
                            .chain(png)
                            .chain([urls::file_for(&d.embed_page())])
                    })
                    .collect();
                (urls::file_for(&page), files)
            })
            .collect()
    }

    /// The site's preview image in each language.
    pub fn site_images(&self) -> impl Iterator<Item = &SiteImage> {
        self.languages.iter().map(|l| &l.site_image)
    }

    /// The embed page of a chart drawn for the pages: the chart alone, with its title,
    /// period, source and a link to its page; outside the sitemap, and `noindex`.
    pub fn embed_job(&self, drawn: &DrawnChart) -> PageJob {
        let lang = drawn.lang;
        let language = self.languages.iter().find(|l| l.lang == lang);
        let planner = Planner {
            site: self.site,
            theme: self.theme,
            urls: self.urls,
            lang,
            has_about: language.is_some_and(|l| l.has_about),
            colophon: None,
        };
        let view = super::EmbedView {
            title: drawn.title.clone(),
            period: drawn.period.clone(),
            source: drawn.source.clone(),
            svg: drawn.svg.clone(),
            share_svg: self.urls.href(&drawn.share_file()),
            page: self.urls.absolute(&drawn.page),
            css: self.urls.href("embed.css"),
        };
        let title = drawn.title.clone();
        let mut job = planner.job(
            drawn.embed_page(),
            "embed.html",
            title,
            vec![],
            View::Embed(view),
        );
        job.meta.nav.clear();
        let image = drawn.png.then(|| drawn.preview_image());
        job.meta.preview = preview::preview(
            self.site,
            lang,
            self.urls,
            language.map(|l| &l.site_image),
            image,
            None,
            false,
        );
        job
    }

    /// What a shared link to a page shows: the PNG of its main chart, else the site image.
    fn preview(&self, job: &PageJob, language: Option<&Language>) -> Option<preview::Preview> {
        let chart = match &job.view {
            View::Indicator(v) => v.comparison_chart.as_ref(),
            View::Province(v) => v.progress_chart.as_ref(),
            View::Tasks(v) => v.chart.as_ref(),
            _ => None,
        };
        let summary = match &job.view {
            View::Report(v) => v.summary.as_deref(),
            _ => None,
        };
        let article = matches!(job.view, View::Report(_));
        preview::preview(
            self.site,
            job.lang,
            self.urls,
            language.map(|l| &l.site_image),
            chart.and_then(|c| c.preview.clone()),
            summary,
            article,
        )
    }

    /// Show `body` as the Markdown of the page at `path` (under `content/`) from now on:
    /// `serve` after an edit that changed only the body. Returns the body shown before.
    pub fn set_body(&mut self, path: &str, body: Option<String>) -> Option<String> {
        self.idx.set_body(path, body)
    }

    /// The Markdown bodies edited since the site was read ([`Self::set_body`]), by path.
    pub fn edited_bodies(&self) -> Vec<(String, String)> {
        self.idx.edited_bodies()
    }

    /// The digest of everything the page `key` is made from ([`super::inputs`]): the same
    /// digest, the same page. `None` for a page that is always made again; with
    /// `with_charts` false, for every page that shows charts too (a build that cannot take
    /// a page's charts with it).
    pub fn input_digest(&self, key: &PageKey, with_charts: bool) -> Option<blake3::Hash> {
        let none = super::inputs::KeptInputs::none();
        self.inputs(with_charts, &none)
            .page(&self.idx, key, with_charts)
    }

    /// Make the digests of what every page shares and of every province's figures, before
    /// the pages' own are asked for in parallel (made inside the first page's request, they
    /// would keep the other workers waiting).
    /// The digests of the figures are taken from `kept` for the parts it has, those of the
    /// narratives for the narratives that did not change.
    pub fn prepare_inputs(&self, with_charts: bool, kept: &super::inputs::KeptInputs) {
        self.inputs(with_charts, kept);
    }

    /// The digests, made on the first call: with those of province and indicator pages when
    /// that call asks `with_charts` (a later call that asks for them gets none).
    fn inputs(
        &self,
        with_charts: bool,
        kept: &super::inputs::KeptInputs,
    ) -> &super::inputs::Inputs {
        self.inputs.get_or_init(|| {
            let shared: Vec<super::inputs::Shared> = self
                .languages
                .iter()
                .map(|l| super::inputs::Shared {
                    lang: l.lang,
                    has_about: l.has_about,
                    colophon: &*l.colophon,
                    site_image: &l.site_image,
                })
                .collect();
            let latest_month = self.filings.latest_month;
            let (idx, theme) = (&self.idx, self.theme);
            super::inputs::Inputs::new(idx, theme, &shared, latest_month, with_charts, kept)
        })
    }

    /// Every unit's reports and what each gives.
    pub fn filings(&self) -> &super::completeness::Filings {
        &self.filings
    }

    /// The index of the site's figures and pages.
    pub fn index(&self) -> &Index<'s> {
        &self.idx
    }

    /// Plan one page: its view, formatted in its language, and the charts it shows. `None`
    /// for a key that names nothing in the site (never for a key from [`Pages::keys`]).
    pub fn job(&self, key: &PageKey) -> Option<PageJob> {
        let (site, idx, urls, lang) = (self.site, &self.idx, self.urls, key.lang);
        let language = self.languages.iter().find(|l| l.lang == lang);
        let reports: &[ReportLink] = language.map_or(&[], |l| &l.reports);
        let t = self.theme.strings(lang);
        let path = self.path(key);
        let shown_on = path.clone();
        let charting = Charting {
            idx,
            lang,
            urls,
            t,
            store: &self.store,
            page: &shown_on,
        };
        let planner = Planner {
            site,
            theme: self.theme,
            urls,
            lang,
            has_about: language.is_some_and(|l| l.has_about),
            colophon: language.map(|l| l.colophon.clone()),
        };
        let label = |k: &str| t.get(k).to_string();
        let mut job = match &key.kind {
            PageKind::Home => {
                let intro = idx
                    .content_page("_index", lang)
                    .map(|(p, _)| report::markdown_html(idx, p, lang, urls, self.theme).0);
                let title = site.config.title.get(lang).to_string();
                let home = self.home(intro, reports, &charting);
                planner.job(path, "home.html", title, vec![], View::Home(home))
            }
            PageKind::Provinces => planner.job(
                path,
                "provinces.html",
                label("nav_provinces"),
                vec![],
                View::Provinces(overview::province_list(idx, lang, urls, t)),
            ),
            PageKind::Province(slug) => {
                let p = site.provinces.get(slug)?;
                let mine = reports
                    .iter()
                    .filter(|r| r.province == p.slug.as_str())
                    .cloned()
                    .collect();
                let mut view = province::province_view(idx, p, &self.key, mine, lang, urls, t);
                view.completeness =
                    super::completeness::summary(&self.filings, site, &p.slug, lang, urls, t);
                view.progress_chart = charting.province_progress(&p.slug);
                view.before = super::merged_view::before_view(idx, &self.merged, p, lang, urls, t);
                view.services_chart = charting.services(&p.slug);
                view.tasks_chart = charting.tasks(&[&p.slug], p.slug.as_str());
                let merged = self.merged.of(&p.slug);
                view.trend_charts =
                    super::trend_indicators(site, idx, &p.slug, &self.key, &self.merged)
                        .into_iter()
                        .filter_map(|ind| {
                            let computed = merged.map(|m| (m, m.series(idx, &ind.id)));
                            charting.trend(&p.slug, ind, computed)
                        })
                        .collect();
                view.sections = province::sections(&view, t);
                let title = view.name.clone();
                let crumbs = match super::only_province(site) {
                    Some(_) => vec![],
                    None => vec![planner.crumb(urls::provinces(lang), "nav_provinces")],
                };
                planner.job(
                    path,
                    "province.html",
                    title,
                    crumbs,
                    View::Province(view.into()),
                )
            }
            PageKind::Indicators => {
                planner.job(path, "indicators.html", label("nav_indicators"), vec![], {
                    let groups = indicator::catalogue(idx, lang, urls);
                    let sections = indicator::catalogue_sections(&groups, t);
                    View::Indicators { groups, sections }
                })
            }
            PageKind::Indicator(id) => {
                let ind = site.indicators.get(id)?;
                let mut view = indicator::indicator_view(idx, &self.merged, ind, lang, urls, t);
                // One province has its progress on its own page; nothing to compare it with.
                if idx.compares_provinces() {
                    view.comparison_chart = charting.comparison(ind);
                    view.progress_chart = charting.indicator_progress(ind);
                }
                let title = view.label.clone();
                let crumbs = vec![planner.crumb(urls::indicators(lang), "nav_indicators")];
                let view = View::Indicator(view.into());
                planner.job(path, "indicator.html", title, crumbs, view)
            }
            PageKind::Reports => planner.job(
                path,
                "reports.html",
                label("nav_reports"),
                vec![],
                View::Reports {
                    reports: reports.to_vec(),
                    completeness: urls.href(&urls::completeness(lang)),
                },
            ),
            PageKind::Report(province, period) => {
                let view = report::report_view(idx, province, *period, lang, urls, self.theme);
                let title = view.title.clone();
                let crumbs = vec![planner.crumb(urls::reports(lang), "nav_reports")];
                planner.job(
                    path,
                    "report.html",
                    title,
                    crumbs,
                    View::Report(view.into()),
                )
            }
            PageKind::Tasks => {
                let mut v = overview::tasks_view(idx, lang, urls, t);
                v.chart = charting.tasks(&self.with_tasks, "all");
                planner.job(
                    path,
                    "tasks.html",
                    label("nav_tasks"),
                    vec![],
                    View::Tasks(v),
                )
            }
            PageKind::Services => {
                let mut v = overview::services_view(idx, lang, urls, t);
                v.charts = site
                    .provinces
                    .keys()
                    .filter_map(|p| charting.services(p))
                    .collect();
                let title = label("nav_services");
                planner.job(path, "services.html", title, vec![], View::Services(v))
            }
            PageKind::Data => {
                let view = data_page::data_view(idx, &self.report_keys, lang, urls, t);
                let title = label("data_title");
                planner.job(path, "data.html", title, vec![], View::Data(view.into()))
            }
            PageKind::Completeness => {
                let view = super::completeness_page::page(&self.filings, idx, lang, urls, t);
                let title = label("completeness_title");
                let crumbs = vec![planner.crumb(urls::reports(lang), "nav_reports")];
                let view = View::Completeness(view.into());
                planner.job(path, "completeness.html", title, crumbs, view)
            }
            PageKind::Search => {
                let view = super::search::search_view(site, lang, urls, t);
                let title = label("nav_search");
                planner.job(path, "search.html", title, vec![], View::Search(view))
            }
            PageKind::Content(name) => {
                let view = report::content_view(idx, name, lang, urls, self.theme)?;
                let title = view.title.clone();
                planner.job(path, "page.html", title, vec![], View::Content(view))
            }
            PageKind::NotFound => {
                let languages = site
                    .config
                    .languages
                    .iter()
                    .map(|l| {
                        let t = self.theme.strings(*l);
                        (
                            l.code().to_string(),
                            t.get("notfound_text").to_string(),
                            urls.href(&urls::home(*l)),
                        )
                    })
                    .collect();
                let title = label("notfound_title");
                let mut job = planner.job(path, "404.html", title, vec![], {
                    View::NotFound { languages }
                });
                job.meta.alternates.clear();
                job
            }
        };
        job.meta.downloads = self.downloads(&key.kind, lang, t);
        job.meta.preview = self.preview(&job, language);
        Some(job)
    }

    /// What a page offers to download: the files of the province, indicator or report it
    /// shows (the whole site's on the home page), and the way to the Data page from the lists.
    fn downloads(
        &self,
        kind: &PageKind,
        lang: Lang,
        t: &crate::theme::Strings,
    ) -> Option<downloads::Downloads> {
        let of = |scope| downloads::of_scope(&self.idx, scope, lang, self.urls, t);
        match kind {
            PageKind::Home => Some(of(Scope::Site)),
            PageKind::Province(p) => Some(of(Scope::Province(p))),
            PageKind::Indicator(i) => Some(of(Scope::Indicator(i))),
            PageKind::Report(p, period) => Some(of(Scope::Report(p, *period))),
            PageKind::Provinces | PageKind::Indicators | PageKind::Reports => {
                Some(downloads::to_data_page(lang, self.urls, t))
            }
            // The essential-services page shows one indicator across provinces.
            PageKind::Services => {
                let services = self.site.config.services.as_ref()?;
                Some(of(Scope::Indicator(&services.indicator)))
            }
            PageKind::Tasks
            | PageKind::Data
            | PageKind::Completeness
            | PageKind::Search
            | PageKind::Content(_)
            | PageKind::NotFound => None,
        }
    }

    fn home(
        &self,
        intro: Option<String>,
        reports: &[ReportLink],
        charting: &Charting,
    ) -> overview::HomeView {
        let (site, idx, urls, lang) = (self.site, &self.idx, self.urls, charting.lang);
        let latest = reports.iter().take(10).cloned().collect();
        let mut home = overview::home_view(idx, &self.key, intro, latest, lang, urls, charting.t);
        if idx.compares_provinces() {
            home.comparison_charts = self
                .key
                .iter()
                .filter_map(|id| idx.indicator(id))
                .take(4)
                .filter_map(|ind| charting.comparison(ind))
                .collect();
        }
        home.tasks_chart = charting.tasks(&self.with_tasks, "all");
        for row in &mut home.rows {
            let slug = site
                .provinces
                .values()
                .find(|p| urls.href(&urls::province(lang, &p.slug)) == row.province.href)
                .map(|p| p.slug.clone());
            row.sparks = self
                .key
                .iter()
                .map(|id| charting.sparkline(slug.as_ref()?, idx.indicator(id)?))
                .collect();
        }
        home
    }
}
