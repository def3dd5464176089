//! Which chart each page shows, in the page's words, with the table of its numbers.
//!
//! A chart is drawn once per language and kept in a [`ChartStore`]: the page inlines it and
//! the build also writes it as `charts/<name>.<lang>.svg` for people to download or embed.
//!
//! This file holds the store and what every chart view shares (naming, the table, drawing
//! once); each kind of chart lives in its own file beside it.

mod bars;
mod progress;
mod tasks;
mod trend;

use super::cells::{Cell, Index};
use super::urls::Urls;
use crate::charts::{self, ChartError};
use crate::format;
use crate::model::{Figure, Indicator, Lang, Slug, Target, Unit};
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
}

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
