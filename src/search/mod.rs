//! Step 4, the search index: the validated model → one search record per province (current
//! and former), indicator, report, task and essential service, in each language → the files
//! of a Pagefind bundle (`pagefind/`), which the search page (`search.html`, `search.js`)
//! queries in the browser.
//!
//! Records are made from the model, not by re-reading the written HTML: cheaper, and the
//! site decides what each record says. Each record's text carries its names twice, as written
//! and folded (`Đồng Tháp Dong Thap`): Pagefind folds tones but not `đ`, so without the folded
//! form a reader typing `dong thap` would miss `Đồng Tháp`. The bundle itself is made in
//! [`bundle`], the one module that knows Pagefind.

pub mod bundle;

use crate::model::{fold, FormerUnit, Lang, Province, Site};
use crate::site::cells::Index;
use crate::site::urls::{self, Urls};
use crate::theme::Theme;
use std::collections::BTreeMap;

/// The most narrative text a report's record carries: the opening of a report says what it
/// is about, and a national site has thousands of reports (see BENCHMARKS.md, "Search").
const NARRATIVE_CHARS: usize = 2_000;

/// One thing a reader can find: where it is, what it says, and what the result shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The link of its page, base path included (`/dash/provinces/dong-thap/`).
    pub url: String,
    /// The text searched: names as written and folded, ids, codes, narrative text.
    pub content: String,
    pub lang: Lang,
    /// `title`, `kind` ("Tỉnh", "Indicator"…) and, when it has one, `period`.
    pub meta: BTreeMap<String, String>,
}

/// Every record of the site, in a fixed order: for each language, provinces, indicators,
/// reports, tasks and services (the bundle is the same from build to build only if its
/// records come in the same order).
pub fn records(site: &Site, idx: &Index, theme: &Theme, urls: &Urls) -> Vec<Record> {
    let mut out = Vec::new();
    for &lang in &site.config.languages {
        let make = Maker { site, theme, urls, lang };
        out.extend(site.provinces.values().map(|p| make.province(p)));
        out.extend(site.indicators.values().map(|i| make.indicator(i)));
        out.extend(make.reports(idx));
        out.extend(site.tasks.iter().map(|t| make.task(t)));
        out.extend(make.services());
    }
    out
}

/// `text` followed by its folded form when folding changes it (`Đồng Tháp Dong Thap`), with
/// the case kept, so a query with or without diacritics matches.
pub fn with_folded(text: &str) -> String {
    let folded: String = text.chars().filter_map(fold::fold_char).collect();
    if folded == text {
        text.to_string()
    } else {
        format!("{text} {folded}")
    }
}

/// Makes the records of one language.
struct Maker<'a> {
    site: &'a Site,
    theme: &'a Theme,
    urls: &'a Urls,
    lang: Lang,
}

impl Maker<'_> {
    fn record(&self, path: &str, texts: &[&str], title: String, kind: &str) -> Record {
        let content = texts
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| with_folded(t))
            .collect::<Vec<_>>()
            .join(". ");
        let t = self.theme.strings(self.lang);
        let meta = BTreeMap::from([
            ("title".to_string(), title),
            ("kind".to_string(), t.get(kind).to_string()),
        ]);
        Record {
            url: self.urls.href(path),
            content,
            lang: self.lang,
            meta,
        }
    }

    /// A province: both names, its code and region; a merged unit the names of the units it
    /// was formed from, a former one the name of its successor. Its period is its lifetime.
    fn province(&self, p: &Province) -> Record {
        let lang = self.lang;
        let mut texts: Vec<String> = vec![p.name.vi.clone(), p.name.en.clone()];
        texts.extend(p.code.clone());
        texts.extend(p.region.as_ref().map(|r| r.get(lang).to_string()));
        for unit in p.formed_from.iter().flat_map(|f| &f.units) {
            match unit {
                FormerUnit::Province(slug) => {
                    texts.push(self.site.province_name(slug, Lang::Vi));
                    texts.push(self.site.province_name(slug, Lang::En));
                }
                FormerUnit::Unlisted { name, code } => {
                    texts.push(name.vi.clone());
                    texts.push(name.en.clone());
                    texts.extend(code.clone());
                }
            }
        }
        if let Some(s) = &p.successor {
            texts.push(self.site.province_name(&s.province, lang));
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let title = p.name.get(lang).to_string();
        let mut r = self.record(&urls::province(lang, &p.slug), &texts, title, "search_kind_province");
        let t = self.theme.strings(lang);
        let period = match (p.valid_from, p.valid_to) {
            (Some(from), Some(to)) => Some(format!("{} – {}", from.label(lang), to.label(lang))),
            (Some(from), None) => Some(t.fill("search_from", &[("date", &from.label(lang))])),
            (None, Some(to)) => Some(t.fill("search_until", &[("date", &to.label(lang))])),
            (None, None) => None,
        };
        if let Some(period) = period {
            r.meta.insert("period".into(), period);
        }
        r
    }

    /// An indicator: its id, labels in both languages and its group's label.
    fn indicator(&self, ind: &crate::model::Indicator) -> Record {
        let lang = self.lang;
        let group = self
            .site
            .groups
            .iter()
            .find(|g| g.id == ind.group)
            .map(|g| g.label.get(lang).to_string())
            .unwrap_or_default();
        let texts = [
            ind.label.get(lang),
            ind.label.get(other(lang)),
            ind.id.as_str(),
            group.as_str(),
        ];
        let title = ind.label.get(lang).to_string();
        self.record(&urls::indicator(lang, &ind.id), &texts, title, "search_kind_indicator")
    }

    /// Every report: its title, period, province and the opening of its narrative.
    fn reports(&self, idx: &Index) -> Vec<Record> {
        let lang = self.lang;
        crate::site::report::report_keys(self.site)
            .into_iter()
            .map(|(province, period)| {
                let name = self.site.province_name(&province, lang);
                let narrative = idx.narrative(&province, period, lang);
                let title = narrative.map_or_else(
                    || format!("{name}, {}", period.label(lang)),
                    |(p, _)| p.title.clone(),
                );
                let body = narrative
                    .map(|(p, _)| plain_text(idx.body(p), NARRATIVE_CHARS))
                    .unwrap_or_default();
                let label = period.label(lang);
                let texts = [title.as_str(), name.as_str(), label.as_str(), body.as_str()];
                let path = urls::report(lang, &province, &period);
                let mut r = self.record(&path, &texts, title.clone(), "search_kind_report");
                r.meta.insert("period".into(), label);
                r
            })
            .collect()
    }

    /// A task: its title, owner and result, found on its province's page.
    fn task(&self, task: &crate::model::Task) -> Record {
        let lang = self.lang;
        let (title, _) = task.title.get(lang);
        let (owner, _) = task.owner.get(lang);
        let result = task.result.as_ref().map_or("", |r| r.get(lang).0);
        let province = self.site.province_name(&task.province, lang);
        let texts = [title, owner, result, province.as_str()];
        let path = urls::province(lang, &task.province);
        let mut r = self.record(&path, &texts, title.to_string(), "search_kind_task");
        r.meta
            .insert("period".into(), format!("{province}, {}", task.as_of.label(lang)));
        r
    }

    /// Each essential service (a member of the services' dimension), on the services page.
    fn services(&self) -> Vec<Record> {
        let lang = self.lang;
        let Some(services) = &self.site.config.services else {
            return Vec::new();
        };
        let Some(dimension) = self.site.dimensions.get(&services.dimension) else {
            return Vec::new();
        };
        dimension
            .members
            .iter()
            .map(|m| {
                let texts = [m.label.get(lang), m.label.get(other(lang)), m.id.as_str()];
                let title = m.label.get(lang).to_string();
                self.record(&urls::services(lang), &texts, title, "search_kind_service")
            })
            .collect()
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    }
}

/// The text of a Markdown body, up to about `limit` characters (cut at a word): what a
/// reader would read, without markup or shortcodes.
fn plain_text(markdown: &str, limit: usize) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        let text = match event {
            Event::Text(t) | Event::Code(t) => t,
            Event::SoftBreak | Event::HardBreak | Event::End(_) => " ".into(),
            _ => continue,
        };
        for word in text.split_whitespace() {
            if word.starts_with("{{") || word.ends_with("}}") {
                continue;
            }
            if out.chars().count() >= limit {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}
