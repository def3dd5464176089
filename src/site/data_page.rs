//! The Data page (`/data/`, `/en/data/`): every file a reader can download, how to open
//! them, the terms of reuse and how to cite them, and what each column means.
//!
//! The files come from `opendata::files`, the column table from `opendata::COLUMNS` (the
//! definition the writers use), so the page cannot drift from the files. Per-report files
//! are only counted here (a national site has thousands of reports): each report page links
//! to its own.

use super::cells::{Index, Link};
use super::contents::Section;
use super::downloads::{files_of, DownloadLink};
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Lang, Period, Site, Slug};
use crate::site::opendata::files::{self, Scope};
use crate::site::opendata::{Kind, COLUMNS};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct DataView {
    /// Every figure of the site, in each format; empty when the site has no figures.
    pub site_files: Vec<DownloadLink>,
    /// The Frictionless data package and the zip of every file.
    pub package: Option<DownloadLink>,
    pub zip: Option<DownloadLink>,
    /// Provinces with figures, each with its files and its number of report files.
    pub provinces: Vec<ScopeFiles>,
    /// Indicators with figures, by group.
    pub groups: Vec<GroupFiles>,
    /// How many reports have files of their own (listed on each report page), in words;
    /// `None` when none has.
    pub reports: Option<String>,
    /// The column table, in file order.
    pub columns: Vec<ColumnRow>,
    /// How to cite the data, ready to copy.
    pub cite: String,
    /// The sections the page renders, in order (see [`sections`]).
    pub sections: Vec<Section>,
}

/// One province or indicator and its files.
#[derive(Debug, Serialize)]
pub struct ScopeFiles {
    pub link: Link,
    pub files: Vec<DownloadLink>,
    /// "12 báo cáo": the province's reports with files (each listed on the report's page).
    pub reports: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GroupFiles {
    pub label: String,
    /// "8 chỉ tiêu".
    pub count: String,
    pub indicators: Vec<ScopeFiles>,
}

/// One column of the files.
#[derive(Debug, Serialize)]
pub struct ColumnRow {
    pub name: &'static str,
    /// The type in the page's language ("số", "number").
    pub kind: String,
    pub about: &'static str,
}

/// The column table, in the page's language.
pub fn column_rows(lang: Lang, t: &Strings) -> Vec<ColumnRow> {
    COLUMNS
        .iter()
        .map(|c| ColumnRow {
            name: c.name,
            kind: t.get(kind_key(c.kind)).to_string(),
            about: match lang {
                Lang::Vi => c.about_vi,
                Lang::En => c.about_en,
            },
        })
        .collect()
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "data_type_text",
        Kind::Number => "data_type_number",
        Kind::Integer => "data_type_integer",
        Kind::Date => "data_type_date",
        Kind::Boolean => "data_type_boolean",
    }
}

/// A file that is not a table of one scope (the package, the zip).
fn whole(
    site_has_rows: bool,
    path: &'static str,
    label: &str,
    media_type: &'static str,
    urls: &Urls,
    t: &Strings,
) -> Option<DownloadLink> {
    site_has_rows.then(|| DownloadLink {
        label: t.get(label).to_string(),
        href: urls.href(path),
        format: path.rsplit('.').next().unwrap_or(""),
        media_type,
    })
}

/// How to cite the data: the publisher (when the site names one), the site's title, the
/// Data page's address, and the end of the latest period the figures cover (not the day of
/// the build, which says nothing about the figures).
fn citation(site: &Site, lang: Lang, urls: &Urls, t: &Strings) -> String {
    let title = site.config.title.get(lang);
    let url = urls.absolute(&urls::data(lang));
    let cite = match super::colophon::latest_document(site) {
        Some(r) => {
            let date = format::date(r.period.end(), lang);
            t.fill(
                "data_cite",
                &[("title", title), ("url", &url), ("date", &date)],
            )
        }
        None => t.fill("data_cite_undated", &[("title", title), ("url", &url)]),
    };
    match &site.config.publisher {
        Some(p) => format!("{}. {cite}", p.name.get(lang)),
        None => cite,
    }
}

pub fn data_view(
    idx: &Index,
    report_keys: &[(Slug, Period)],
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> DataView {
    let site = idx.site;
    let site_has_rows = files::has_rows(idx, Scope::Site);
    // "1 report", "4 reports": each counted phrase has a `_one` form.
    let count = |key: &str, n: usize| {
        let key = match n {
            1 => format!("{key}_one"),
            _ => key.to_string(),
        };
        t.fill(&key, &[("count", &format::number(n as f64, 0, lang))])
    };
    let mut reports = 0;
    let reports_with_files = files::reports_with_rows(idx, report_keys);
    let provinces = site
        .provinces
        .values()
        .filter(|p| files::has_rows(idx, Scope::Province(&p.slug)))
        .map(|p| {
            let with_files = reports_with_files.get(&p.slug).copied().unwrap_or(0);
            reports += with_files;
            ScopeFiles {
                link: Link {
                    href: urls.href(&urls::province(lang, &p.slug)),
                    label: p.name.get(lang).to_string(),
                },
                files: files_of(idx, Scope::Province(&p.slug), urls, t),
                reports: (with_files > 0).then(|| count("data_province_reports", with_files)),
            }
        })
        .collect::<Vec<_>>();
    let groups = site
        .groups
        .iter()
        .map(|g| {
            let indicators: Vec<ScopeFiles> = idx
                .indicators_in(&g.id)
                .iter()
                .filter(|i| files::has_rows(idx, Scope::Indicator(&i.id)))
                .map(|i| ScopeFiles {
                    link: super::province::indicator_link(i, lang, urls),
                    files: files_of(idx, Scope::Indicator(&i.id), urls, t),
                    reports: None,
                })
                .collect();
            GroupFiles {
                label: g.label.get(lang).to_string(),
                count: count("data_indicator_count", indicators.len()),
                indicators,
            }
        })
        .filter(|g| !g.indicators.is_empty())
        .collect();
    let mut view = DataView {
        site_files: files_of(idx, Scope::Site, urls, t),
        package: whole(
            site_has_rows,
            files::DATAPACKAGE,
            "data_package",
            "application/json",
            urls,
            t,
        ),
        zip: whole(
            site_has_rows,
            files::ZIP,
            "data_zip",
            "application/zip",
            urls,
            t,
        ),
        reports: (reports > 0).then(|| count("data_reports_text", reports)),
        provinces,
        groups,
        columns: column_rows(lang, t),
        cite: citation(site, lang, urls, t),
        sections: Vec::new(),
    };
    view.sections = sections(&view, t);
    view
}

/// The sections of the Data page, in order: the files (when the site has figures), then how
/// to open, reuse and read them. The template renders exactly these.
fn sections(view: &DataView, t: &Strings) -> Vec<Section> {
    let files = !view.site_files.is_empty();
    [
        (files, "whole", "data_whole_heading"),
        (files, "by-province", "data_provinces_heading"),
        (files, "by-indicator", "data_indicators_heading"),
        (
            files && view.reports.is_some(),
            "by-report",
            "data_reports_heading",
        ),
        (true, "open", "data_open_heading"),
        (true, "reuse", "data_reuse_heading"),
        (true, "columns", "data_columns_heading"),
        (true, "import", "data_import_heading"),
    ]
    .into_iter()
    .filter(|(shown, _, _)| *shown)
    .map(|(_, id, key)| Section::new(id, t.get(key)))
    .collect()
}
