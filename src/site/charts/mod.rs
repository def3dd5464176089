//! Which chart each page shows, in the page's words, with the table of its numbers.
//!
//! A chart is drawn once per language and kept in a [`ChartStore`]: the page inlines it and
//! the build also writes it as `charts/<name>.<lang>.svg` for people to download or embed.
//!
//! Each chart is also shared: `charts/<name>.<lang>.share.svg` (the chart with its title,
//! period, source and page address around it, see [`crate::charts::share`]), a PNG of that
//! for the charts that are a page's preview image, and an embed page `embed/<name>/`. What
//! those say is gathered here, while the chart is planned, as a [`DrawnChart`].
//!
//! This file holds the store and what every chart view shares (naming, the table, drawing
//! once, where its figures come from); each kind of chart lives in its own file beside it.

mod bars;
mod progress;
mod tasks;
mod trend;

use super::cells::{Cell, Index};
use super::citation;
use super::urls::Urls;
use crate::charts::{self, ChartError};
use crate::format;
use crate::model::{Figure, Indicator, Lang, Observation, Period, Slug, Target, Task, Unit};
use crate::theme::Strings;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Its share files and embed page, for the "Share" disclosure beside it.
    pub share: ShareLinks,
    /// Its PNG as a page's preview image, when the build renders one.
    #[serde(skip)]
    pub preview: Option<super::preview::PreviewImage>,
}

/// Where a chart can be taken from, as links of the page.
#[derive(Debug, Clone, Serialize)]
pub struct ShareLinks {
    /// The share SVG (the chart with its title, period, source and address).
    pub svg: String,
    /// The PNG of the share SVG, for the charts that are a page's preview image.
    pub png: Option<String>,
    /// The embed page.
    pub embed: String,
    /// The `<iframe>` to paste into another site, with the embed page's absolute address.
    pub iframe: String,
}

/// A chart as drawn, with what its share SVG, PNG and embed page say around it.
#[derive(Debug)]
pub struct DrawnChart {
    /// `compare-dvcty-online-rate`: the name in its files and its embed page's address.
    pub name: String,
    pub lang: Lang,
    /// The chart as the page inlines it.
    pub svg: String,
    /// The chart with its header and footer bands ([`crate::charts::share::share_svg`]).
    pub share_svg: String,
    pub title: String,
    /// "Số liệu kỳ: 04/2025"; empty when the chart shows no period (targets only).
    pub period: String,
    /// "Nguồn: …", as cited.
    pub source: String,
    /// The site-relative path of the page the chart belongs to.
    pub page: String,
    /// Whether the build renders a PNG of it: it is a page's preview image, and no taller
    /// than [`PREVIEW_MAX_HEIGHT`].
    pub png: bool,
}

impl DrawnChart {
    /// `charts/<name>.<lang>.svg`
    pub fn svg_file(&self) -> String {
        format!("charts/{}.{}.svg", self.name, self.lang.code())
    }

    /// `charts/<name>.<lang>.share.svg`
    pub fn share_file(&self) -> String {
        format!("charts/{}.{}.share.svg", self.name, self.lang.code())
    }

    /// `charts/<name>.<lang>.share.png`
    pub fn png_file(&self) -> String {
        format!("charts/{}.{}.share.png", self.name, self.lang.code())
    }

    /// Its PNG as a page's preview image (whether the build renders it is [`Self::png`]).
    pub fn preview_image(&self) -> super::preview::PreviewImage {
        super::preview::PreviewImage {
            file: self.png_file(),
            height: charts::share::height(&self.share_svg) * charts::raster::PNG_WIDTH
                / charts::share::SHARE_WIDTH as u32,
            alt: self.title.clone(),
        }
    }

    /// The embed page's path: `embed/<name>/`, `en/embed/<name>/`.
    pub fn embed_page(&self) -> String {
        super::urls::embed(self.lang, &self.name)
    }
}

/// The charts drawn, by the path of their SVG.
pub type DrawnCharts = BTreeMap<String, Arc<DrawnChart>>;
/// Each chart's drawing, done once by the first page that needs it (`None`: it failed).
type Drawing = Arc<OnceLock<Option<Arc<DrawnChart>>>>;

/// Charts drawn so far, by output path; and what failed. Pages are planned in parallel, so
/// the store is shared between threads: each chart is drawn once, by the first page that
/// needs it, while other pages that need it wait for that drawing.
#[derive(Default)]
pub struct ChartStore {
    files: Mutex<BTreeMap<String, Drawing>>,
    errors: Mutex<Vec<(String, ChartError)>>,
    /// Each chart a page shows, as (the page's path, the chart's path), each once (`serve`
    /// plans a page again after an edit to its Markdown): `serve` takes a page's charts with
    /// the page when it takes the page from its last build.
    shown: Mutex<BTreeSet<(String, String)>>,
}

impl ChartStore {
    /// The charts drawn so far, by output path, and the charts that could not be drawn.
    pub fn parts(&self) -> (DrawnCharts, Vec<(String, ChartError)>) {
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

    /// The charts each page showed, by the page's path (each page's in path order; the
    /// charts that could not be drawn are not shown).
    pub fn shown(&self) -> BTreeMap<String, Vec<String>> {
        let mut by_page: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (page, chart) in self.shown.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            by_page.entry(page.clone()).or_default().push(chart.clone());
        }
        by_page
    }

    /// The finished chart at `path`, drawing it the first time.
    fn get_or_draw(
        &self,
        path: &str,
        draw: impl FnOnce() -> Result<DrawnChart, ChartError>,
    ) -> Option<Arc<DrawnChart>> {
        let cell = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(files.entry(path.to_string()).or_default())
        };
        cell.get_or_init(|| match draw() {
            Ok(drawn) => Some(Arc::new(drawn)),
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
    /// The path of the page that shows the charts.
    pub page: &'a str,
}

struct Finished<'m> {
    name: String,
    title: String,
    desc: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Where its figures come from.
    provenance: Provenance<'m>,
    /// The site-relative path of the page the chart belongs to.
    page: String,
    /// A page's preview image: the build renders its PNG.
    png: bool,
}

/// The provinces, periods and sources of what a chart shows, gathered as it is planned.
#[derive(Default)]
struct Provenance<'m> {
    provinces: BTreeSet<&'m Slug>,
    periods: BTreeSet<Period>,
    /// Each source text once, with its province, in the order met.
    sources: Vec<(&'m Slug, &'m str)>,
    /// The same, to tell in one step whether a source was met (a chart of every province
    /// meets thousands).
    met: crate::FastSet<(&'m Slug, &'m str)>,
}

impl<'m> Provenance<'m> {
    fn observed(&mut self, o: &'m Observation) {
        self.add(&o.province, o.period, o.source.as_deref());
    }

    fn task(&mut self, task: &'m Task) {
        self.add(&task.province, task.as_of, task.source.as_deref());
    }

    fn add(&mut self, province: &'m Slug, period: Period, source: Option<&'m str>) {
        self.provinces.insert(province);
        self.periods.insert(period);
        if let Some(source) = source {
            if self.met.insert((province, source)) {
                self.sources.push((province, source));
            }
        }
    }
}

/// The tallest share SVG (in its units, 600 wide) that gets a PNG: 1.5 times its width.
const PREVIEW_MAX_HEIGHT: u32 = 900;

/// At most this many citations are written out in a share image's footer; more, and it names
/// the province's reports and the page that lists them.
const CITED_IN_FULL: usize = 2;

impl Charting<'_> {
    fn view(
        &self,
        f: Finished,
        raw: impl FnOnce() -> Result<String, ChartError>,
    ) -> Option<ChartView> {
        let path = format!("charts/{}.{}.svg", f.name, self.lang.code());
        let id = format!("ch-{}", f.name);
        let drawn = self.store.get_or_draw(&path, || {
            let svg = charts::finish(&raw()?, &id, &f.title, &f.desc);
            Ok(self.drawn(&f, svg))
        })?;
        self.store
            .shown
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((self.page.to_string(), path.clone()));
        let share = self.share_links(&drawn);
        let preview = drawn.png.then(|| drawn.preview_image());
        Some(ChartView {
            id,
            svg: drawn.svg.clone(),
            href: self.urls.href(&path),
            title: f.title,
            headers: f.headers,
            rows: f.rows,
            share,
            preview,
        })
    }

    /// The chart with what its share files say: its period(s) and source, as cited.
    fn drawn(&self, f: &Finished, svg: String) -> DrawnChart {
        let (t, lang) = (self.t, self.lang);
        let address = self.urls.absolute(&f.page);
        let labels: Vec<String> = f.provenance.periods.iter().map(|p| p.label(lang)).collect();
        let period = match labels.as_slice() {
            [] => String::new(),
            [_] | [_, _] | [_, _, _] => t.fill("share_period", &[("periods", &labels.join("; "))]),
            [first, .., last] => t.fill(
                "share_period",
                &[(
                    "periods",
                    &t.fill("share_period_range", &[("first", first), ("last", last)]),
                )],
            ),
        };
        let provinces: Vec<&&Slug> = f.provenance.provinces.iter().collect();
        // The distinct citations, written out only for a chart of one province, and only up
        // to one more than are written in full: a chart of several provinces names its page,
        // and one with more citations names the province's reports.
        let mut cited: Vec<String> = Vec::new();
        if provinces.len() == 1 {
            for (province, source) in &f.provenance.sources {
                let text = citation::citation(source, province, self.idx, lang, self.urls, t).text;
                if !cited.contains(&text) {
                    cited.push(text);
                }
                if cited.len() > CITED_IN_FULL {
                    break;
                }
            }
        }
        let source = match provinces.as_slice() {
            [province] if cited.len() > CITED_IN_FULL => t.fill(
                "share_sources_province",
                &[
                    ("province", &self.province_name(province)),
                    ("address", &address),
                ],
            ),
            [_] if !cited.is_empty() => t.fill("share_source", &[("sources", &cited.join("; "))]),
            [] | [_] => t.fill("share_source_page", &[("address", &address)]),
            _ => t.fill("share_sources_many", &[("address", &address)]),
        };
        let site = self.idx.site.config.title.get(lang);
        let text = charts::share::ShareText {
            site,
            title: &f.title,
            period: &period,
            source: &source,
            address: &address,
        };
        let share_svg = charts::share::share_svg(&svg, &text, &format!("ch-{}-share", f.name));
        // A chart taller than this is no link preview (the apps crop it to a strip) and its
        // PNG runs to megabytes: its page shows the site image instead.
        let png = f.png && charts::share::height(&share_svg) <= PREVIEW_MAX_HEIGHT;
        DrawnChart {
            name: f.name.clone(),
            lang,
            svg,
            share_svg,
            title: f.title.clone(),
            period,
            source,
            page: f.page.clone(),
            png,
        }
    }

    fn share_links(&self, drawn: &DrawnChart) -> ShareLinks {
        let embed = drawn.embed_page();
        let height = charts::share::height(&drawn.share_svg) + EMBED_LINK_HEIGHT;
        let iframe = format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"600\" height=\"{height}\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
            crate::escape::escape(&self.urls.absolute(&embed)),
            crate::escape::escape(&drawn.title),
        );
        ShareLinks {
            svg: self.urls.href(&drawn.share_file()),
            png: drawn.png.then(|| self.urls.href(&drawn.png_file())),
            embed: self.urls.href(&embed),
            iframe,
        }
    }

    fn province_name(&self, slug: &Slug) -> String {
        self.idx.site.province_name(slug, self.lang)
    }

    fn target_label(&self, target: &Target, ind: &Indicator) -> String {
        super::cells::target_text(target, ind, self.lang, self.t)
    }
}

/// What an embed page adds below the share image's height: the link back to the full page.
const EMBED_LINK_HEIGHT: u32 = 40;

/// A value as a chart writes it: the headline and, when the report prints a different rate
/// than the one computed from its counts, the printed one beside it ("80,1 % (báo cáo ghi
/// 80,2 %)"), so a chart never shows only the computed rate.
fn chart_value(c: &Cell, t: &Strings) -> String {
    match &c.figure.stated_differs {
        Some(stated) => t.fill(
            "value_with_stated",
            &[("value", &c.figure.headline), ("stated", stated)],
        ),
        None => c.figure.headline.clone(),
    }
}

/// What the whole of a ratio is, in words: "trên 1.256.188 tài khoản" / "of 1,256,188
/// accounts" after a count (the count is the headline), "16 trên 1.166 hồ sơ" / "16 of 1,166
/// applications" after a rate. The noun is the indicator's `count_noun`, left out when it has
/// none rather than guessed.
fn of_whole(figure: &Figure, ind: &Indicator, lang: Lang, t: &Strings) -> Option<String> {
    let Figure::Ratio {
        numerator,
        denominator,
        ..
    } = figure
    else {
        return None;
    };
    let denominator = format::number(*denominator, 0, lang);
    let whole = match &ind.count_noun {
        Some(noun) => t.fill(
            "chart_of_whole_noun",
            &[("denominator", &denominator), ("noun", noun.get(lang))],
        ),
        None => t.fill("chart_of_whole", &[("denominator", &denominator)]),
    };
    Some(if ind.unit == Unit::Percent {
        format!("{} {whole}", format::number(*numerator, 0, lang))
    } else {
        whole
    })
}
