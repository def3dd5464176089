//! The search page's view: the form, what its script needs (the bundle's address and its
//! words), and an A–Z index of provinces (current and former names, and the units a merged
//! province was formed from) and indicators, which serves a reader without JavaScript.
//! Reports and tasks, thousands on a national site, are not listed: the page links to their
//! lists.

use super::cells::Link;
use super::urls::{self, Urls};
use crate::model::{fold, FormerUnit, Lang, Site};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SearchView {
    /// Where the form sends the query: this page.
    pub action: String,
    /// `pagefind.js`, which the script imports.
    pub bundle: String,
    /// The page's script (`search.js`).
    pub script: String,
    pub letters: Vec<Letter>,
    /// The lists of what the index does not list one by one (reports, tasks, services).
    pub lists: Vec<Link>,
}

/// The entries of the A–Z index under one letter.
#[derive(Debug, Serialize)]
pub struct Letter {
    pub letter: String,
    /// The id of its heading (`az-d`).
    pub id: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub href: String,
    pub label: String,
    pub kind: String,
    /// What else the reader should know: "now part of …" for a former unit.
    pub note: Option<String>,
}

pub fn search_view(site: &Site, lang: Lang, urls: &Urls, t: &Strings) -> SearchView {
    let mut entries: Vec<Entry> = Vec::new();
    let province_kind = t.get("search_kind_province").to_string();
    for p in site.provinces.values() {
        let href = urls.href(&urls::province(lang, &p.slug));
        let note = p.successor.as_ref().map(|s| {
            let name = site.province_name(&s.province, lang);
            t.fill("search_now_part_of", &[("name", &name)])
        });
        entries.push(Entry {
            href: href.clone(),
            label: p.name.get(lang).to_string(),
            kind: province_kind.clone(),
            note,
        });
        // A unit without a file of its own is found under its name, leading to the province
        // it became.
        for unit in p.formed_from.iter().flat_map(|f| &f.units) {
            if let FormerUnit::Unlisted { name, .. } = unit {
                let now = p.name.get(lang);
                entries.push(Entry {
                    href: href.clone(),
                    label: name.get(lang).to_string(),
                    kind: province_kind.clone(),
                    note: Some(t.fill("search_now_part_of", &[("name", now)])),
                });
            }
        }
    }
    let indicator_kind = t.get("search_kind_indicator").to_string();
    entries.extend(site.indicators.values().map(|i| Entry {
        href: urls.href(&urls::indicator(lang, &i.id)),
        label: i.label.get(lang).to_string(),
        kind: indicator_kind.clone(),
        note: None,
    }));
    entries.sort_by(|a, b| {
        let key = |e: &Entry| fold::fold(&e.label);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.href.cmp(&b.href))
    });
    let mut letters: Vec<Letter> = Vec::new();
    for entry in entries {
        let first = fold::fold(&entry.label)
            .chars()
            .next()
            .filter(char::is_ascii_alphabetic)
            .map_or_else(|| "#".to_string(), |c| c.to_ascii_uppercase().to_string());
        match letters.last_mut() {
            Some(l) if l.letter == first => l.entries.push(entry),
            _ => letters.push(Letter {
                id: format!(
                    "az-{}",
                    if first == "#" {
                        "0".into()
                    } else {
                        first.to_ascii_lowercase()
                    }
                ),
                letter: first,
                entries: vec![entry],
            }),
        }
    }
    let mut lists = vec![
        Link {
            href: urls.href(&urls::reports(lang)),
            label: t.get("nav_reports").to_string(),
        },
        Link {
            href: urls.href(&urls::tasks(lang)),
            label: t.get("nav_tasks").to_string(),
        },
    ];
    if site.config.services.is_some() {
        lists.push(Link {
            href: urls.href(&urls::services(lang)),
            label: t.get("nav_services").to_string(),
        });
    }
    SearchView {
        action: urls.href(&urls::search(lang)),
        bundle: urls.href(&[urls::SEARCH_BUNDLE, "pagefind.js"].concat()),
        script: urls.href("search.js"),
        letters,
        lists,
    }
}
