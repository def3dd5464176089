//! The download links of a page: the files of what the page shows (a province, an indicator,
//! a report, the whole site), as `opendata::files` names them, and the way to the Data page.
//!
//! One view for every page, shown by one partial (`partials/downloads.html`). A scope without
//! figures has no files ([`files::has_rows`]), so its page offers none: a link would lead
//! nowhere. The files are the same in both languages, so both link to the same addresses.

use super::cells::{Index, Link};
use super::urls::{self, Urls};
use crate::model::Lang;
use crate::site::opendata::files::{self, Format, Scope};
use crate::theme::Strings;
use serde::Serialize;

/// One file to download.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadLink {
    /// What a reader sees: "CSV", "Excel (XLSX)".
    pub label: String,
    pub href: String,
    /// The file's extension (`csv`), for the theme to mark the link.
    pub format: &'static str,
    /// The file's media type, for the link's `type`.
    pub media_type: &'static str,
}

/// What a page offers to download.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    /// "Tải số liệu của Đồng Tháp:", before the links; empty when there are none.
    pub label: String,
    pub links: Vec<DownloadLink>,
    /// For a unit formed by the 2025 merger that has no figures of its own yet: the files of
    /// the units it was formed from that have figures, so that its page still leads to the
    /// figures that cover its territory (labelled as theirs, never as its own).
    pub predecessors: Vec<PredecessorFiles>,
    /// The Data page, which lists every file and explains the columns.
    pub data_page: Link,
}

/// The files of one unit a province was formed from.
#[derive(Debug, Clone, Serialize)]
pub struct PredecessorFiles {
    pub name: Link,
    pub links: Vec<DownloadLink>,
}

/// The media type of a format, as the IANA registers it.
pub fn media_type(format: Format) -> &'static str {
    match format {
        Format::Csv => "text/csv",
        Format::Json => "application/json",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
}

/// A format as a reader knows it: "CSV", "JSON", "Excel (XLSX)".
pub fn format_label(format: Format, t: &Strings) -> String {
    match format {
        Format::Csv => "CSV".to_string(),
        Format::Json => "JSON".to_string(),
        Format::Xlsx => t.get("downloads_xlsx").to_string(),
    }
}

/// The files of `scope`, one per format; none when the scope has no figures.
pub fn files_of(idx: &Index, scope: Scope, urls: &Urls, t: &Strings) -> Vec<DownloadLink> {
    if !files::has_rows(idx, scope) {
        return Vec::new();
    }
    files::formats(scope)
        .iter()
        .map(|&format| DownloadLink {
            label: format_label(format, t),
            href: urls.href(&files::path(scope, format)),
            format: format.extension(),
            media_type: media_type(format),
        })
        .collect()
}

/// The link to the Data page.
pub fn data_page(lang: Lang, urls: &Urls, t: &Strings) -> Link {
    Link {
        href: urls.href(&urls::data(lang)),
        label: t.get("downloads_data_page").to_string(),
    }
}

/// The downloads of a page showing `scope`; `what` names it in the label ("Đồng Tháp").
pub fn of_scope(idx: &Index, scope: Scope, lang: Lang, urls: &Urls, t: &Strings) -> Downloads {
    let links = files_of(idx, scope, urls, t);
    let label = match (links.is_empty(), scope) {
        (true, _) => String::new(),
        (false, Scope::Site) => t.get("downloads_site").to_string(),
        (false, Scope::Province(p)) => {
            let name = idx.site.province_name(p, lang);
            t.fill("downloads_province", &[("name", &name)])
        }
        (false, Scope::Indicator(_)) if !idx.compares_provinces() => {
            t.get("downloads_indicator_one").to_string()
        }
        (false, Scope::Indicator(_)) => t.get("downloads_indicator").to_string(),
        (false, Scope::Report(..)) => t.get("downloads_report").to_string(),
    };
    let predecessors = match scope {
        Scope::Province(p) if links.is_empty() => predecessors(idx, p, lang, urls, t),
        _ => Vec::new(),
    };
    Downloads {
        label,
        links,
        predecessors,
        data_page: data_page(lang, urls, t),
    }
}

/// The files of the units `province` was formed from, those that have figures, in the order
/// its `formed_from` lists them.
fn predecessors(
    idx: &Index,
    province: &crate::model::Slug,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Vec<PredecessorFiles> {
    let Some(formation) = idx
        .site
        .provinces
        .get(province)
        .and_then(|p| p.formed_from.as_ref())
    else {
        return Vec::new();
    };
    formation
        .units
        .iter()
        .filter_map(|unit| match unit {
            crate::model::FormerUnit::Province(slug) => Some(slug),
            crate::model::FormerUnit::Unlisted { .. } => None,
        })
        .map(|slug| PredecessorFiles {
            name: Link {
                href: urls.href(&urls::province(lang, slug)),
                label: idx.site.province_name(slug, lang),
            },
            links: files_of(idx, Scope::Province(slug), urls, t),
        })
        .filter(|p| !p.links.is_empty())
        .collect()
}

/// The downloads of a list page (provinces, indicators, reports): the Data page only.
pub fn to_data_page(lang: Lang, urls: &Urls, t: &Strings) -> Downloads {
    Downloads {
        label: String::new(),
        links: Vec::new(),
        predecessors: Vec::new(),
        data_page: data_page(lang, urls, t),
    }
}
