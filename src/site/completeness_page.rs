//! The completeness page (`/completeness/`): a row per unit with its reports by year, then the
//! reporting periods with the units that reported. At national scale (97 units, five years of
//! months) both stay readable on a phone: a year's cell counts the reports and the months they
//! cover instead of naming each, and the periods are grouped by quarter, each listing the
//! units that did not report behind a disclosure (the province pages give the drill-down).

use super::cells::{Index, Link};
use super::completeness::{months, row, FiledRow, Filings};
use super::urls::{self, Urls};
use crate::model::{Lang, Period, Province, Slug};
use crate::theme::Strings;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The completeness page: a row per unit with its reports by year, then a row per period.
#[derive(Debug, Serialize)]
pub struct PageView {
    pub lede: String,
    pub years: Vec<i32>,
    pub units: Vec<UnitRow>,
    /// The periods are grouped by quarter (a site with many periods).
    pub by_quarter: bool,
    pub periods: Vec<PeriodRow>,
    /// Units with no report at all.
    pub silent: Vec<Link>,
    pub csv: String,
}

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub link: Link,
    pub code: Option<String>,
    /// "đến 30/06/2025" / "từ 01/07/2025": when the unit existed, if not always.
    pub lifetime: Option<String>,
    /// Per year of [`PageView::years`]: the periods reported that year ("01/2024, 02/2024"),
    /// or, past a few, how many reports and months ("12 báo cáo, 12 tháng"); in a year without
    /// a report, whether the unit existed then ("Không có báo cáo", "Chưa thành lập", "Không
    /// còn tồn tại").
    pub by_year: Vec<YearCell>,
    /// The latest report and what it gives.
    pub latest: Option<FiledRow>,
}

/// A unit's reports in one year.
#[derive(Debug, Serialize)]
pub struct YearCell {
    pub text: String,
    /// The unit did not exist that year: not a gap in its reporting (shown muted).
    pub absent: bool,
}

/// A year without a report: a gap, unless the unit did not exist that year, which is said
/// (and shown muted).
fn no_report(p: &Province, year: i32, t: &Strings) -> YearCell {
    let (key, absent) = if p.valid_from.is_some_and(|from| from.year() > year) {
        ("completeness_year_not_formed", true)
    } else if p.valid_to.is_some_and(|to| to.year() < year) {
        ("completeness_year_ended", true)
    } else {
        ("completeness_year_none", false)
    };
    YearCell {
        text: t.get(key).to_string(),
        absent,
    }
}

/// The reports of one period (or, on a site with many periods, one quarter).
#[derive(Debug, Serialize)]
pub struct PeriodRow {
    pub period: String,
    /// "1 trong 5 đơn vị của trang" (of the site's units that existed then).
    pub count: String,
    /// The units that reported (listed when the site has few periods).
    pub units: Vec<Link>,
    /// The units that existed then and did not report (listed by quarter, behind a
    /// disclosure, when the site has many periods).
    pub silent: Vec<Link>,
}

/// Above this many reporting periods, the periods are grouped by quarter.
const BY_QUARTER_ABOVE: usize = 12;
/// Above this many reports in a year, a unit's cell counts them instead of naming each.
const NAMED_PER_YEAR: usize = 3;

pub fn page(filings: &Filings, idx: &Index, lang: Lang, urls: &Urls, t: &Strings) -> PageView {
    let site = idx.site;
    let years: Vec<i32> = filings
        .units
        .values()
        .flat_map(|f| f.iter().map(|f| f.period.end().year()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let link = |slug: &Slug| Link {
        label: site.province_name(slug, lang).to_string(),
        href: urls.href(&urls::province(lang, slug)),
    };
    let mut units = Vec::new();
    let mut silent = Vec::new();
    for (slug, filed) in &filings.units {
        let Some(p) = site.provinces.get(slug) else {
            continue;
        };
        if filed.is_empty() {
            silent.push(link(slug));
        }
        let by_year = years
            .iter()
            .map(|y| {
                let mine: Vec<_> = filed
                    .iter()
                    .filter(|f| f.period.end().year() == *y)
                    .collect();
                if mine.is_empty() {
                    return no_report(p, *y, t);
                }
                let text = if mine.len() <= NAMED_PER_YEAR {
                    let labels: Vec<String> = mine.iter().map(|f| f.period.label(lang)).collect();
                    labels.join(", ")
                } else {
                    let covered: BTreeSet<(i32, u32)> = mine
                        .iter()
                        .flat_map(|f| months(&f.period))
                        .filter(|(year, _)| year == y)
                        .collect();
                    t.fill(
                        "completeness_year_count",
                        &[
                            ("reports", &mine.len().to_string()),
                            ("months", &covered.len().to_string()),
                        ],
                    )
                };
                YearCell {
                    text,
                    absent: false,
                }
            })
            .collect();
        let lifetime = match (p.valid_from, p.valid_to) {
            (Some(from), _) => Some(t.fill("completeness_from", &[("date", &from.label(lang))])),
            (None, Some(to)) => Some(t.fill("completeness_until", &[("date", &to.label(lang))])),
            (None, None) => None,
        };
        units.push(UnitRow {
            link: Link {
                href: format!("{}#reporting", link(slug).href),
                label: link(slug).label,
            },
            code: p.code.clone(),
            lifetime,
            by_year,
            latest: filed.last().map(|f| row(f, slug, filings, lang, urls, t)),
        });
    }
    let mut by_period: BTreeMap<Period, Vec<&Slug>> = BTreeMap::new();
    for (slug, filed) in &filings.units {
        for f in filed {
            by_period.entry(f.period).or_default().push(slug);
        }
    }
    let by_quarter = by_period.len() > BY_QUARTER_ABOVE;
    if by_quarter {
        let mut quarters: BTreeMap<Period, BTreeSet<&Slug>> = BTreeMap::new();
        for (period, slugs) in by_period {
            let end = period.end();
            let quarter = Period::Quarter {
                year: end.year(),
                quarter: (end.month() - 1) / 3 + 1,
            };
            quarters.entry(quarter).or_default().extend(slugs);
        }
        by_period = quarters
            .into_iter()
            .map(|(q, slugs)| (q, slugs.into_iter().collect()))
            .collect();
    }
    let periods = by_period
        .into_iter()
        .rev()
        .map(|(period, slugs)| {
            let existing: Vec<&Slug> = site
                .provinces
                .values()
                .filter(|p| !p.lifetime_excludes(&period))
                .map(|p| &p.slug)
                .collect();
            let quiet = existing
                .iter()
                .filter(|s| !slugs.contains(s))
                .map(|s| link(s))
                .collect();
            PeriodRow {
                period: period.label(lang),
                count: t.fill(
                    "completeness_period_count",
                    &[
                        ("n", &slugs.len().to_string()),
                        ("all", &existing.len().to_string()),
                    ],
                ),
                units: if by_quarter {
                    Vec::new()
                } else {
                    slugs.into_iter().map(link).collect()
                },
                silent: if by_quarter { quiet } else { Vec::new() },
            }
        })
        .collect();
    PageView {
        lede: t.fill(
            "completeness_lede",
            &[
                ("catalogue", &filings.catalogue.to_string()),
                ("key", &filings.key.to_string()),
            ],
        ),
        years,
        units,
        by_quarter,
        periods,
        silent,
        csv: urls.href(super::completeness::CSV),
    }
}
