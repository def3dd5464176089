//! A merged province's origin, as the province page and the provinces list show it: every unit
//! it was formed from (a link when the unit has a page, its name and code when it has none),
//! and the decision that formed it.

use super::urls::{self, Urls};
use crate::model::{FormerUnit, Lang, Province, Site};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FormationView {
    pub units: Vec<FormerUnitView>,
    /// The decision, as the data file cites it (Vietnamese: it names a Vietnamese document).
    pub source: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FormerUnitView {
    pub label: String,
    /// "mã 89" / "code 89"
    pub code: Option<String>,
    /// The unit's page, when it has a file.
    pub href: Option<String>,
}

/// The units `p` was formed from, in the order its file lists them.
pub fn formation(
    site: &Site,
    p: &Province,
    lang: Lang,
    urls: &Urls,
    t: &crate::theme::Strings,
) -> Option<FormationView> {
    let f = p.formed_from.as_ref()?;
    let code = |c: &Option<String>| {
        c.as_ref()
            .map(|c| t.fill("formed_from_code", &[("code", c)]))
    };
    let units = f
        .units
        .iter()
        .map(|u| match u {
            FormerUnit::Province(slug) => FormerUnitView {
                label: site.province_name(slug, lang),
                code: code(&site.provinces.get(slug).and_then(|q| q.code.clone())),
                href: Some(urls.href(&urls::province(lang, slug))),
            },
            FormerUnit::Unlisted { name, code: c } => FormerUnitView {
                label: name.get(lang).to_string(),
                code: code(c),
                href: None,
            },
        })
        .collect();
    Some(FormationView {
        units,
        source: f.source.clone(),
    })
}
