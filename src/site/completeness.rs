//! Who reported what, when: the completeness of the data (`/completeness/`, each province's
//! summary, `completeness.csv`).
//!
//! Input: the site's reports (documents and narratives, [`super::report::report_keys`]) and
//! the index of its figures. Output, once per site ([`Filings::new`]): for every unit, each
//! report it filed and how many of the catalogue's indicators, and of the key indicators,
//! that report gives. A figure belongs to the report whose file its `source` names, else to
//! the report of its own period. The pages ([`page`], [`summary`]) and the CSV ([`csv`]) only
//! format these counts; a gap is a fact shown like any other.
//!
//! `serve` keeps each unit's counts for the next rebuild ([`KeptFilings`]): they are taken
//! when the unit's figures are the same figures in memory, in the same order (held by
//! [`Pinned`]), and its reports, its source documents and the key indicators are the same.
//! After an edit to one province file, the others' counts are not made again.

use super::cells::{Index, Link};
use super::urls::{self, Urls};
use crate::model::figures::{places, Pinned};
use crate::model::kept::Kept;
use crate::model::{Date, Lang, Period, Site, Slug, SourceRef};
use crate::theme::Strings;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What `serve` keeps of each unit's counts for the next rebuild, by unit.
pub type KeptFilings = Kept<Slug, Arc<KeptFiled>>;

/// One unit's counts, and what they were made from.
#[derive(Debug)]
pub struct KeptFiled {
    /// Where each of the unit's figures lies, in the index's order.
    figures: Vec<usize>,
    /// Its reports.
    periods: Vec<Period>,
    key: Vec<Slug>,
    /// Its source documents, in the site's order: their period, file, number and date. They
    /// are written in the same file as its figures today, whose edit makes its figures anew
    /// (other places): compared anyway, so that the counts never rest on that.
    documents: Vec<(Period, String, Option<String>, Option<Date>)>,
    _pinned: Arc<Pinned>,
    filed: Vec<Filed>,
}

/// One report a unit filed, and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub period: Period,
    /// The report's number and date, from its `reports:` entry when the data list it.
    pub number: Option<String>,
    pub issued: Option<crate::model::Date>,
    /// Catalogue indicators with at least one figure from this report.
    pub indicators: usize,
    /// Of those, the key indicators.
    pub key: usize,
}

/// Every unit's reports, oldest first, and the yardsticks they are counted against.
#[derive(Debug)]
pub struct Filings {
    /// Every unit of the site, in slug order, with its reports (possibly none).
    pub units: BTreeMap<Slug, Vec<Filed>>,
    /// Indicators in the catalogue.
    pub catalogue: usize,
    /// The key indicators (home page, key figures).
    pub key: usize,
    /// The last month any report covers: the end of every "last 12 months".
    pub latest_month: Option<(i32, u32)>,
}

impl Filings {
    pub fn new(idx: &Index, key: &[Slug]) -> Filings {
        Filings::new_kept(idx, key, &KeptFilings::none())
    }

    /// [`Filings::new`], taking from `kept` each unit's counts when they were made from the
    /// same figures, reports, documents and key indicators, and keeping there this build's.
    pub fn new_kept(idx: &Index, key: &[Slug], kept: &KeptFilings) -> Filings {
        let site = idx.site;
        let key: BTreeSet<&Slug> = key.iter().collect();
        let mut periods: BTreeMap<&Slug, BTreeSet<Period>> = BTreeMap::new();
        for (province, period) in super::report::report_keys(site) {
            if let Some((slug, _)) = site.provinces.get_key_value(&province) {
                periods.entry(slug).or_default().insert(period);
            }
        }
        use rayon::prelude::*;
        let pinned = kept.is_on().then(|| Arc::new(site.observations.pinned()));
        let mut documents: crate::FastMap<&Slug, Vec<_>> = crate::FastMap::default();
        if pinned.is_some() {
            for d in &site.reports {
                let document = (d.period, d.file.clone(), d.number.clone(), d.issued);
                documents.entry(&d.province).or_default().push(document);
            }
        }
        let key_ids: Vec<Slug> = key.iter().map(|k| (*k).clone()).collect();
        // Each province on its own (a national site has a hundred).
        let units = site
            .provinces
            .par_iter()
            .map(|(slug, _)| {
                let none = BTreeSet::new();
                let mine = periods.get(slug).unwrap_or(&none);
                let Some(pinned) = &pinned else {
                    return (slug.clone(), filed(idx, slug, mine, &key));
                };
                let figures = places(idx.by_province.get(slug).map_or(&[][..], Vec::as_slice));
                let made = KeptFiled {
                    figures,
                    periods: mine.iter().copied().collect(),
                    key: key_ids.clone(),
                    documents: documents.get(slug).cloned().unwrap_or_default(),
                    _pinned: Arc::clone(pinned),
                    filed: Vec::new(),
                };
                let same = |k: &KeptFiled| {
                    k.figures == made.figures
                        && k.periods == made.periods
                        && k.key == made.key
                        && k.documents == made.documents
                };
                let filed = match kept.earlier(slug) {
                    Some(k) if same(k) => k.filed.clone(),
                    _ => filed(idx, slug, mine, &key),
                };
                let made = KeptFiled {
                    filed: filed.clone(),
                    ..made
                };
                kept.keep(slug.clone(), Arc::new(made));
                (slug.clone(), filed)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<BTreeMap<_, _>>();
        let latest_month = units
            .values()
            .flat_map(|f| f.iter())
            .filter_map(|f| months(&f.period).last().copied())
            .max();
        Filings {
            units,
            catalogue: site.indicators.len(),
            key: key.len(),
            latest_month,
        }
    }

    pub fn of(&self, slug: &Slug) -> &[Filed] {
        self.units.get(slug).map_or(&[], Vec::as_slice)
    }
}

/// The reports of `slug` for `periods`, each with the indicators its figures give.
fn filed<'s>(
    idx: &Index<'s>,
    slug: &'s Slug,
    periods: &BTreeSet<Period>,
    key: &BTreeSet<&Slug>,
) -> Vec<Filed> {
    // The figures of a block share one source text: each is read once (a national province
    // has thousands of figures and a few dozen sources), and a run of figures of one source
    // looks it up once.
    let mut report_of_source: crate::FastMap<usize, Option<Period>> = crate::FastMap::default();
    let mut last_source: Option<(usize, Option<Period>)> = None;
    // Each report's indicators, sorted and without repeats once all are in (a national
    // province has thousands of figures: pushed, then sorted once, not inserted one by one);
    // a run of figures of one report finds its list once.
    let mut given: crate::FastMap<Period, Vec<&Slug>> = crate::FastMap::default();
    let mut runs: Vec<(Period, Vec<&Slug>)> = Vec::new();
    // A breakdown's cells follow their total (the list is sorted by period, indicator and
    // breakdown): a cell of the same period, indicator and source text adds nothing.
    let mut previous = None;
    for o in idx.by_province.get(slug).map_or(&[][..], Vec::as_slice) {
        // A source text is known by where it lies: shared, not copied, by its figures.
        let source = o
            .source
            .as_ref()
            .map(|s| (std::sync::Arc::as_ptr(s).cast::<u8>() as usize, s));
        let this = Some((o.period, &o.indicator, source.map(|(key, _)| key)));
        if previous == this {
            continue;
        }
        previous = this;
        let from_file = match (source, last_source) {
            (None, _) => None,
            (Some((key, _)), Some((last, report))) if key == last => report,
            (Some((key, source)), _) => {
                let report = *report_of_source.entry(key).or_insert_with(|| {
                    let file = SourceRef::parse(source).file?;
                    idx.document_by_file(slug, file).map(|d| d.period)
                });
                last_source = Some((key, report));
                report
            }
        };
        let report = from_file.or_else(|| periods.contains(&o.period).then_some(o.period));
        if let Some(period) = report {
            if runs.last().is_none_or(|(p, _)| *p != period) {
                runs.push((period, Vec::new()));
            }
            if let Some((_, indicators)) = runs.last_mut() {
                if indicators.last() != Some(&&o.indicator) {
                    indicators.push(&o.indicator);
                }
            }
        }
    }
    for (period, indicators) in runs {
        given.entry(period).or_default().extend(indicators);
    }
    for indicators in given.values_mut() {
        indicators.sort_unstable();
        indicators.dedup();
    }
    periods
        .iter()
        .map(|period| {
            let indicators = given.get(period);
            let document = idx.document(slug, *period);
            Filed {
                period: *period,
                number: document.and_then(|d| d.number.clone()),
                issued: document.and_then(|d| d.issued),
                indicators: indicators.map_or(0, Vec::len),
                key: indicators.map_or(0, |i| i.iter().filter(|id| key.contains(*id)).count()),
            }
        })
        .collect()
}

/// The months a period covers: each month whose 15th day lies in it (a report from 16
/// December to 15 January covers January).
pub fn months(period: &Period) -> Vec<(i32, u32)> {
    let (start, end) = (period.start(), period.end());
    let mut out = Vec::new();
    let (mut year, mut month) = (start.year(), start.month());
    while (year, month) <= (end.year(), end.month()) {
        if let Some(mid) = crate::model::Date::new(year, month, 15) {
            if start <= mid && mid <= end {
                out.push((year, month));
            }
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}

/// The twelve months up to `last`, oldest first.
fn last_twelve(last: (i32, u32)) -> Vec<(i32, u32)> {
    let index = last.0 * 12 + last.1 as i32 - 1;
    (index - 11..=index)
        .map(|i| (i.div_euclid(12), i.rem_euclid(12) as u32 + 1))
        .collect()
}

pub(super) fn month_label((year, month): (i32, u32), lang: Lang) -> String {
    Period::Month { year, month }.label(lang)
}

/// What a province page says of its reporting.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// "Có báo cáo cho 1 trong 12 tháng gần nhất (05/2024–04/2025)."
    pub line: String,
    /// Each report, newest first: its page and what it gives.
    pub reports: Vec<FiledRow>,
    /// For a merged unit: the units it was formed from that have pages, with their reports.
    pub before: Vec<Predecessor>,
    /// The completeness page.
    pub page: String,
}

#[derive(Debug, Serialize)]
pub struct FiledRow {
    pub link: Link,
    /// "42 / 206 chỉ tiêu"
    pub indicators: String,
    /// "5 / 6 chỉ tiêu chính"
    pub key: String,
}

pub(super) fn row(
    f: &Filed,
    slug: &Slug,
    filings: &Filings,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> FiledRow {
    FiledRow {
        link: Link {
            label: f.period.label(lang),
            href: urls.href(&urls::report(lang, slug, &f.period)),
        },
        indicators: t.fill(
            "completeness_indicators",
            &[
                ("given", &f.indicators.to_string()),
                ("all", &filings.catalogue.to_string()),
            ],
        ),
        key: t.fill(
            "completeness_key",
            &[
                ("given", &f.key.to_string()),
                ("all", &filings.key.to_string()),
            ],
        ),
    }
}

/// A unit's reporting: the months of the last twelve (up to the site's latest month, or the
/// unit's end when it ended before; from the unit's start when it began inside them) that its
/// reports cover, and each report; for a merged unit, the reports of the units it was formed
/// from, which cover the time before it.
pub fn summary(
    filings: &Filings,
    site: &Site,
    slug: &Slug,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Option<Summary> {
    let latest = filings.latest_month?;
    let province = site.provinces.get(slug)?;
    let last = match province.valid_to {
        Some(to) if (to.year(), to.month()) < latest => (to.year(), to.month()),
        _ => latest,
    };
    let window: Vec<(i32, u32)> = last_twelve(last)
        .into_iter()
        .filter(|&(year, month)| {
            let mid = crate::model::Date::new(year, month, 15);
            province
                .valid_from
                .is_none_or(|from| mid.is_some_and(|m| m >= from))
        })
        .collect();
    let mine = filings.of(slug);
    let covered: BTreeSet<(i32, u32)> = mine.iter().flat_map(|f| months(&f.period)).collect();
    let in_window = window.iter().filter(|m| covered.contains(m)).count();
    let line = match (window.first(), province.valid_from) {
        (Some(&first), _) => t.fill(
            "completeness_summary",
            &[
                ("covered", &in_window.to_string()),
                ("months", &window.len().to_string()),
                ("from", &month_label(first, lang)),
                ("to", &month_label(last, lang)),
                ("reports", &reports_count(mine.len(), lang, t)),
            ],
        ),
        (None, Some(from)) => t.fill(
            "completeness_not_yet",
            &[
                ("date", &from.label(lang)),
                ("latest", &month_label(latest, lang)),
            ],
        ),
        (None, None) => String::new(),
    };
    let before = province
        .formed_from
        .iter()
        .flat_map(|f| f.units.iter())
        .filter_map(|u| {
            let crate::model::FormerUnit::Province(unit) = u else {
                return None;
            };
            let name = site.province_name(unit, lang);
            let reports: Vec<FiledRow> = filings
                .of(unit)
                .iter()
                .rev()
                .map(|f| row(f, unit, filings, lang, urls, t))
                .collect();
            Some(Predecessor {
                link: Link {
                    label: name,
                    href: urls.href(&urls::province(lang, unit)),
                },
                reports,
            })
        })
        .collect();
    Some(Summary {
        line,
        reports: mine
            .iter()
            .rev()
            .map(|f| row(f, slug, filings, lang, urls, t))
            .collect(),
        before,
        page: urls.href(&urls::completeness(lang)),
    })
}

/// "1 report", "4 reports" (the Data page's counted phrase).
fn reports_count(n: usize, lang: Lang, t: &Strings) -> String {
    let key = if n == 1 {
        "data_province_reports_one"
    } else {
        "data_province_reports"
    };
    t.fill(key, &[("count", &crate::format::number(n as f64, 0, lang))])
}

/// A unit a merged province was formed from, and its reports.
#[derive(Debug, Serialize)]
pub struct Predecessor {
    pub link: Link,
    pub reports: Vec<FiledRow>,
}

/// The completeness table as a file, one row per report (and one per unit without any).
pub const CSV: &str = "completeness/completeness.csv";

/// The CSV: UTF-8 with a byte-order mark (Excel reads the Vietnamese names right), machine
/// numbers and dates.
pub fn csv(filings: &Filings, site: &Site) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record([
        "province_code",
        "province",
        "province_name_vi",
        "province_name_en",
        "period",
        "period_start",
        "period_end",
        "report_number",
        "report_issued",
        "indicators_given",
        "indicators_in_catalogue",
        "key_indicators_given",
        "key_indicators",
    ])?;
    for (slug, filed) in &filings.units {
        let Some(p) = site.provinces.get(slug) else {
            continue;
        };
        let unit = [
            p.code.clone().unwrap_or_default(),
            slug.to_string(),
            p.name.vi.clone(),
            p.name.en.clone(),
        ];
        if filed.is_empty() {
            let mut record = unit.to_vec();
            record.extend(std::iter::repeat_n(String::new(), 5));
            record.extend([
                "0".to_string(),
                filings.catalogue.to_string(),
                "0".to_string(),
                filings.key.to_string(),
            ]);
            w.write_record(&record)?;
        }
        for f in filed {
            let mut record = unit.to_vec();
            record.extend([
                f.period.to_string(),
                f.period.start().to_string(),
                f.period.end().to_string(),
                f.number.clone().unwrap_or_default(),
                f.issued.map(|d| d.to_string()).unwrap_or_default(),
                f.indicators.to_string(),
                filings.catalogue.to_string(),
                f.key.to_string(),
                filings.key.to_string(),
            ]);
            w.write_record(&record)?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_counts_when_a_report_covers_its_fifteenth() {
        let p = |s: &str| Period::parse(s).ok();
        assert_eq!(months(&p("2025-04").unwrap()), [(2025, 4)]);
        assert_eq!(
            months(&p("2024-H1").unwrap()),
            [
                (2024, 1),
                (2024, 2),
                (2024, 3),
                (2024, 4),
                (2024, 5),
                (2024, 6)
            ]
        );
        assert_eq!(months(&p("2023-12-16..2024-01-15").unwrap()), [(2024, 1)]);
        assert_eq!(last_twelve((2025, 4))[0], (2024, 5));
        assert_eq!(
            last_twelve((2025, 12)),
            (1..=12).map(|m| (2025, m)).collect::<Vec<_>>()
        );
    }
}
