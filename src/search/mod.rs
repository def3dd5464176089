//! Step 4, the search index: the validated model → one search record per province (current
//! and former), indicator, report, task and essential service, in each language → the files
//! of a Pagefind bundle (`pagefind/`), which the search page (`search.html`, `search.js`)
//! queries in the browser.
//!
//! Records are made from the model, not by re-reading the written HTML: cheaper, and the
//! site decides what each record says. Pagefind (≥ 1.5) folds tones but not `đ`, so a reader
//! typing `dong thap` would miss `Đồng Tháp`: each word with `đ` is followed in the record's
//! text by its folded twin (`Đồng Tháp Dong`, `Định Dinh`), and only those words, so that
//! the excerpts a reader sees stay close to the page. The bundle itself is made in
//! [`bundle`], the one module that knows Pagefind.
//!
//! No two records of a language share an address: Pagefind keeps one record per address, so
//! the tasks of a province are one record (`/provinces/<id>/#tasks`), and the essential
//! services one (the services page).

pub mod bundle;

use crate::model::{fold, FormerUnit, Lang, Province, Site};
use crate::site::cells::Index;
use crate::site::urls;
use crate::theme::Theme;
use std::collections::BTreeMap;

/// The most narrative text a report's record carries: the opening of a report says what it
/// is about, and a national site has thousands of reports (see BENCHMARKS.md, "Search").
const NARRATIVE_CHARS: usize = 500;

/// One thing a reader can find: where it is, what it says, and what the result shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Its page under the site's root (`/provinces/dong-thap/`): pagefind.js puts the base
    /// path it is served under in front (`/dash/provinces/dong-thap/`), so the index does not
    /// depend on the base URL.
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
pub fn records(site: &Site, idx: &Index, theme: &Theme) -> Vec<Record> {
    let mut out = Vec::new();
    for &lang in &site.config.languages {
        let make = Maker { site, theme, lang };
        out.extend(site.provinces.values().map(|p| make.province(p)));
        out.extend(site.indicators.values().map(|i| make.indicator(i)));
        out.extend(make.reports(idx));
        out.extend(make.tasks());
        out.extend(make.services());
    }
    out
}

/// The mark before the folded twins of a text: `search.js` leaves out of an excerpt what
/// follows it up to the end of the text (the next full stop), so a reader sees the text as
/// written. A character no author types, and not a word to Pagefind.
pub const TWINS: char = '¦';

/// `text` followed by [`TWINS`] and the folded twins (case kept, tones dropped, `đ` read as
/// `d`) of its words with `đ`, each once: `Đồng Tháp` → `Đồng Tháp ¦ Dong`; nothing is added
/// to a text without `đ`. Pagefind folds the tones of the other words itself, query and
/// index alike.
pub fn with_folded(text: &str) -> String {
    let mut out = text.to_string();
    let mut twins: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.contains(['đ', 'Đ']) {
            let twin: String = word.chars().filter_map(fold::fold_char).collect();
            if !twins.contains(&twin) {
                twins.push(twin);
            }
        }
    }
    if !twins.is_empty() {
        out.push(' ');
        out.push(TWINS);
    }
    for twin in twins {
        out.push(' ');
        out.push_str(&twin);
    }
    out
}

/// Makes the records of one language.
struct Maker<'a> {
    site: &'a Site,
    theme: &'a Theme,
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
            url: ["/", path].concat(),
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
        let mut r = self.record(
            &urls::province(lang, &p.slug),
            &texts,
            title,
            "search_kind_province",
        );
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
        self.record(
            &urls::indicator(lang, &ind.id),
            &texts,
            title,
            "search_kind_indicator",
        )
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

    /// The tasks of each province with tasks, one record: titles, owners and results, on its
    /// page (`#tasks`), as of the latest report of them.
    fn tasks(&self) -> Vec<Record> {
        let lang = self.lang;
        let t = self.theme.strings(lang);
        let mut by_province: BTreeMap<&crate::model::Slug, Vec<&crate::model::Task>> =
            BTreeMap::new();
        for task in &self.site.tasks {
            by_province.entry(&task.province).or_default().push(task);
        }
        by_province
            .into_iter()
            .map(|(province, tasks)| {
                let name = self.site.province_name(province, lang);
                let mut texts: Vec<&str> = vec![name.as_str()];
                for task in &tasks {
                    texts.push(task.title.get(lang).0);
                    texts.push(task.owner.get(lang).0);
                    texts.extend(task.result.as_ref().map(|r| r.get(lang).0));
                }
                let title = t.fill("search_tasks_of", &[("province", &name)]);
                let path = [urls::province(lang, province).as_str(), "#tasks"].concat();
                let mut r = self.record(&path, &texts, title, "search_kind_task");
                if let Some(latest) = tasks.iter().map(|x| x.as_of).max() {
                    r.meta.insert("period".into(), latest.label(lang));
                }
                r
            })
            .collect()
    }

    /// The essential services (the members of the services' dimension), one record for
    /// the services page.
    fn services(&self) -> Option<Record> {
        let lang = self.lang;
        let services = self.site.config.services.as_ref()?;
        let dimension = self.site.dimensions.get(&services.dimension)?;
        let texts: Vec<&str> = dimension
            .members
            .iter()
            .flat_map(|m| [m.label.get(lang), m.label.get(other(lang))])
            .collect();
        let title = self.theme.strings(lang).get("nav_services").to_string();
        Some(self.record(&urls::services(lang), &texts, title, "search_kind_service"))
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    }
}

/// The text of a Markdown body, up to about `limit` characters (cut after a word): what a
/// reader would read, without markup or shortcodes (`{{< figure … >}}`).
fn plain_text(markdown: &str, limit: usize) -> String {
    use pulldown_cmark::{Event, Parser};
    // Only the opening is read: a long narrative is not parsed to its end for a few hundred characters
    // (UTF-8 Vietnamese takes up to 3 bytes a letter, markup a few more).
    let mut cut = markdown.len().min(8 * limit);
    while !markdown.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut source = String::with_capacity(cut);
    let mut rest = &markdown[..cut];
    while let Some(open) = rest.find("{{") {
        source.push_str(&rest[..open]);
        rest = rest[open..]
            .find("}}")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    source.push_str(rest);
    let mut out = String::new();
    let mut chars = 0;
    for event in Parser::new(&source) {
        let text = match event {
            Event::Text(t) | Event::Code(t) => t,
            _ => continue,
        };
        for word in text.split_whitespace() {
            if chars >= limit {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            chars += word.chars().count() + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
