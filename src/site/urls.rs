//! Every address the site writes, in one place.
//!
//! A page has a site-relative path (`provinces/dong-thap/`, `en/indicators/tthc-total/`,
//! `404.html`). The link in a page is the base path plus that (`/dashboards/provinces/…`), so a
//! site served under a subpath works; canonical and `hreflang` links use the absolute base URL.
//! Vietnamese lives at the root, English under `en/`.

use crate::model::{Lang, Period, Slug};

#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute, ends with `/`: `https://example.org/dashboards/`.
    pub base_url: String,
    /// The path part of the base URL, starts and ends with `/`: `/dashboards/`.
    pub base_path: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let base_url = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url.as_str(), |(_, r)| r);
        let base_path = after_scheme
            .find('/')
            .map_or("/".to_string(), |i| after_scheme[i..].to_string());
        Urls {
            base_url,
            base_path,
        }
    }

    /// A link to a site-relative path.
    pub fn href(&self, path: &str) -> String {
        [self.base_path.as_str(), path].concat()
    }

    /// The absolute URL of a site-relative path.
    pub fn absolute(&self, path: &str) -> String {
        [self.base_url.as_str(), path].concat()
    }
}

fn prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "",
        Lang::En => "en/",
    }
}

/// Site-relative paths of each kind of page.
pub fn home(lang: Lang) -> String {
    prefix(lang).to_string()
}

pub fn provinces(lang: Lang) -> String {
    format!("{}provinces/", prefix(lang))
}

pub fn province(lang: Lang, slug: &Slug) -> String {
    [prefix(lang), "provinces/", slug.as_str(), "/"].concat()
}

pub fn indicators(lang: Lang) -> String {
    format!("{}indicators/", prefix(lang))
}

pub fn indicator(lang: Lang, id: &Slug) -> String {
    [prefix(lang), "indicators/", id.as_str(), "/"].concat()
}

pub fn report(lang: Lang, province: &Slug, period: &Period) -> String {
    [
        prefix(lang),
        "reports/",
        province.as_str(),
        "/",
        &period.slug(),
        "/",
    ]
    .concat()
}

pub fn reports(lang: Lang) -> String {
    format!("{}reports/", prefix(lang))
}

pub fn tasks(lang: Lang) -> String {
    format!("{}tasks/", prefix(lang))
}

pub fn services(lang: Lang) -> String {
    format!("{}services/", prefix(lang))
}

/// The Data page: every download, and what its columns mean.
/// Who reported what, when.
pub fn completeness(lang: Lang) -> String {
    format!("{}completeness/", prefix(lang))
}

pub fn data(lang: Lang) -> String {
    format!("{}data/", prefix(lang))
}

/// The folder of the search index (Pagefind's bundle), under the site's root.
pub const SEARCH_BUNDLE: &str = "pagefind/";

/// The search page (its query in `?q=`).
pub fn search(lang: Lang) -> String {
    format!("{}search/", prefix(lang))
}

pub fn about(lang: Lang) -> String {
    format!("{}about/", prefix(lang))
}

pub fn feed(lang: Lang) -> String {
    format!("{}atom.xml", prefix(lang))
}

/// A chart's embed page: the chart alone, for an `<iframe>` on another site.
pub fn embed(lang: Lang, chart: &str) -> String {
    [prefix(lang), "embed/", chart, "/"].concat()
}

pub fn not_found() -> String {
    "404.html".to_string()
}

pub fn stylesheet() -> String {
    "style.css".to_string()
}

/// The file a site-relative path is written to: `a/b/` → `a/b/index.html`.
pub fn file_for(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        [path, "index.html"].concat()
    } else {
        path.to_string()
    }
}

/// The same page in the other language.
pub fn in_language(path: &str, lang: Lang) -> String {
    let bare = path.strip_prefix("en/").unwrap_or(path);
    format!("{}{bare}", prefix(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subpath_base_urls() {
        let u = Urls::new("https://example.org/dashboards");
        assert_eq!(u.base_path, "/dashboards/");
        assert_eq!(u.href("provinces/"), "/dashboards/provinces/");
        assert_eq!(u.absolute("en/"), "https://example.org/dashboards/en/");
        assert_eq!(Urls::new("https://example.org/").base_path, "/");
    }

    #[test]
    fn files_and_languages() {
        assert_eq!(file_for(""), "index.html");
        assert_eq!(file_for("en/tasks/"), "en/tasks/index.html");
        assert_eq!(file_for("404.html"), "404.html");
        assert_eq!(in_language("en/tasks/", Lang::Vi), "tasks/");
        assert_eq!(in_language("tasks/", Lang::En), "en/tasks/");
    }
}
