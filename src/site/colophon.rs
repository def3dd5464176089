//! The colophon: who publishes the site, how to report an error, under which terms the data
//! may be reused, and how recent the data is. Set in `site.yaml` (the first three) or taken
//! from the data (the last: the end of the latest period a source document covers, so the
//! build stays deterministic). Every page's footer shows it, the about page in full.

use super::cells::Link;
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Lang, ReportDocument, Site, Text};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Colophon {
    pub publisher: Option<Linked>,
    pub corrections: Option<CorrectionsView>,
    pub licence: Option<LicenceView>,
    /// "Figures up to 30/04/2025 (Đồng Tháp, tháng 4/2025)", linking to that report.
    pub latest: Option<Latest>,
}

/// A name, linked when there is an address.
#[derive(Debug, Serialize)]
pub struct Linked {
    pub label: String,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CorrectionsView {
    /// `(address, mailto: link)`.
    pub email: Option<Linked>,
    pub url: Option<String>,
    pub note: Option<LocalText>,
}

#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub name: Linked,
    pub note: Option<LocalText>,
}

/// Text with the language it is written in (Vietnamese when it has no translation).
#[derive(Debug, Serialize)]
pub struct LocalText {
    pub text: String,
    pub lang: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Latest {
    /// The sentence, ready to show.
    pub text: String,
    pub report: Link,
}

/// The source document that covers the latest period: the date of the site's figures (the
/// footer, the Data page's citation), never the day of the build. Among documents ending the
/// same day, the first province in the site's order, so the choice never depends on the file walk.
pub fn latest_document(site: &Site) -> Option<&ReportDocument> {
    site.reports.iter().max_by(|a, b| {
        a.period
            .end()
            .cmp(&b.period.end())
            .then(b.province.cmp(&a.province))
    })
}

pub fn colophon(site: &Site, lang: Lang, urls: &Urls, t: &Strings) -> Colophon {
    let config = &site.config;
    let local = |text: &Text| {
        let (s, translated) = text.get(lang);
        LocalText {
            text: s.to_string(),
            lang: if translated { lang.code() } else { "vi" },
        }
    };
    let latest = latest_document(site).map(|r| {
        let name = site.province_name(&r.province, lang);
        let period = r.period.label(lang);
        Latest {
            text: t.fill(
                "colophon_latest",
                &[("date", &format::date(r.period.end(), lang))],
            ),
            report: Link {
                href: urls.href(&urls::report(lang, &r.province, &r.period)),
                label: format!("{name}, {period}"),
            },
        }
    });
    Colophon {
        publisher: config.publisher.as_ref().map(|p| Linked {
            label: p.name.get(lang).to_string(),
            href: p.url.as_ref().map(|u| u.to_string()),
        }),
        corrections: config.corrections.as_ref().map(|c| CorrectionsView {
            email: c.email.as_ref().map(|e| Linked {
                label: e.to_string(),
                href: Some(e.href()),
            }),
            url: c.url.as_ref().map(|u| u.to_string()),
            note: c.note.as_ref().map(local),
        }),
        licence: config.licence.as_ref().map(|l| LicenceView {
            name: Linked {
                label: l.name.clone(),
                href: l.url.as_ref().map(|u| u.to_string()),
            },
            note: l.note.as_ref().map(local),
        }),
        latest,
    }
}
