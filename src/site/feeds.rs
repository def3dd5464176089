//! `sitemap.xml` (every page, with its language alternates), an Atom feed of reports per
//! language, and `robots.txt`. Written directly: the formats are small and fixed, and a theme
//! has no reason to change them. No build time is written anywhere, so output stays
//! byte-identical; a feed's `updated` is the newest report's issue date or period end.

use super::report::report_keys;
use super::urls::{self, Urls};
use crate::escape::escape;
use crate::model::{Lang, Site};
use crate::theme::Theme;
use std::fmt::Write as _;

/// The sitemap of the pages at `paths` (site-relative, as [`super::Pages::path`] gives
/// them), each with the same page in every language.
pub fn sitemap(paths: &[String], urls: &Urls, languages: &[Lang]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in paths {
        let _ = writeln!(
            out,
            "  <url>\n    <loc>{}</loc>",
            escape(&urls.absolute(path))
        );
        for lang in languages {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                lang.code(),
                escape(&urls.absolute(&urls::in_language(path, *lang)))
            );
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn atom(site: &Site, theme: &Theme, urls: &Urls, lang: Lang) -> String {
    let t = theme.strings(lang);
    let mut keys = report_keys(site);
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let issued: std::collections::HashMap<_, _> = site
        .reports
        .iter()
        .map(|r| ((&r.province, r.period), r.issued))
        .collect();
    let entry_date = |province: &crate::model::Slug, period: &crate::model::Period| {
        issued
            .get(&(province, *period))
            .copied()
            .flatten()
            .unwrap_or_else(|| period.end())
    };
    let updated = keys.iter().map(|(p, per)| entry_date(p, per)).max();
    let feed_url = urls.absolute(&urls::feed(lang));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(out, " xml:lang=\"{}\">", lang.code());
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        escape(&format!(
            "{} — {}",
            site.config.title.get(lang),
            t.get("nav_reports")
        ))
    );
    let _ = writeln!(out, "  <id>{}</id>", escape(&feed_url));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", escape(&feed_url));
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&urls.absolute(&urls::home(lang)))
    );
    if let Some(d) = updated {
        let _ = writeln!(out, "  <updated>{d}T00:00:00Z</updated>");
    }
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(site.config.title.get(lang))
    );
    // Each report's narrative in this language, the first in file order: looked up, not
    // searched for among all the pages (the national benchmark has 3,432 reports and 3,434
    // pages).
    let mut narratives: std::collections::HashMap<_, &crate::model::Page> =
        std::collections::HashMap::new();
    for p in site.pages.iter().filter(|p| !p.draft && p.lang == lang) {
        if let (Some(province), Some(period)) = (&p.province, p.period) {
            narratives.entry((province, period)).or_insert(p);
        }
    }
    for (province, period) in &keys {
        let name = site.province_name(province, lang);
        let page = narratives.get(&(province, *period));
        let title = page.map_or_else(
            || format!("{name}, {}", period.label(lang)),
            |p| p.title.clone(),
        );
        let url = urls.absolute(&urls::report(lang, province, period));
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", escape(&title));
        let _ = writeln!(out, "    <id>{}</id>", escape(&url));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&url)
        );
        let _ = writeln!(
            out,
            "    <updated>{}T00:00:00Z</updated>",
            entry_date(province, period)
        );
        if let Some(summary) = page.and_then(|p| p.summary.as_ref()) {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(summary));
        }
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute("sitemap.xml")
    )
}
