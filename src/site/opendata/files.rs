//! Which download files the site has, and where: the one place that names them, for the
//! writers, the pages that link to them and the Data page.
//!
//! ```text
//! data/figures.{csv,json,xlsx}                      every figure of the site
//! data/provinces/<province>.{csv,json,xlsx}         one province
//! data/indicators/<indicator>.{csv,json}            one indicator, every province
//! data/reports/<province>/<period>.{csv,json}       one report
//! data/datapackage.json                             the Frictionless data package
//! data/figures.schema.json                          the table schema of every CSV file
//! data/all-data.zip                                 every file above
//! ```
//!
//! A scope has files only when it has at least one figure ([`has_rows`]); the downloads
//! are the same in both languages (their text columns come in both), so the English pages
//! link to the same files.

use crate::model::{Period, Slug};
use crate::site::cells::Index;

/// What a download holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Site,
    Province(&'a Slug),
    Indicator(&'a Slug),
    Report(&'a Slug, Period),
}

/// A download's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The formats written for a scope: a workbook for the site and for each province (what a
/// publisher or a journalist opens in a spreadsheet), CSV and JSON for every scope.
pub fn formats(scope: Scope) -> &'static [Format] {
    match scope {
        Scope::Site | Scope::Province(_) => &[Format::Csv, Format::Json, Format::Xlsx],
        Scope::Indicator(_) | Scope::Report(..) => &[Format::Csv, Format::Json],
    }
}

/// The site-relative path of a scope's file in `format`.
pub fn path(scope: Scope, format: Format) -> String {
    let ext = format.extension();
    match scope {
        Scope::Site => format!("data/figures.{ext}"),
        Scope::Province(p) => format!("data/provinces/{p}.{ext}"),
        Scope::Indicator(i) => format!("data/indicators/{i}.{ext}"),
        Scope::Report(p, period) => format!("data/reports/{p}/{}.{ext}", period.slug()),
    }
}

/// The data package describing the site's CSV files.
pub const DATAPACKAGE: &str = "data/datapackage.json";

/// The table schema the data package names for every CSV file.
pub const SCHEMA: &str = "data/figures.schema.json";

/// The zip of every data file.
pub const ZIP: &str = "data/all-data.zip";

/// Every scope with figures, in the order its files are written: the site, each province
/// (in the order of their ids), each indicator (by id), each report (by province, then period).
pub fn scopes<'i>(idx: &'i Index) -> Vec<Scope<'i>> {
    if idx.site.observations.is_empty() {
        return Vec::new();
    }
    let mut scopes = vec![Scope::Site];
    scopes.extend(idx.by_province.keys().map(|p| Scope::Province(p)));
    scopes.extend(idx.by_indicator.keys().map(|i| Scope::Indicator(i)));
    for province in idx.by_province.keys() {
        let periods = idx.periods_of(province);
        scopes.extend(
            periods
                .iter()
                .map(|period| Scope::Report(province, *period)),
        );
    }
    scopes
}

/// The site-relative path of every data file the build writes: the completeness table, each
/// scope's files, the data package, its schema and the zip (what the link check knows before the files are written).
pub fn all_paths(idx: &Index) -> Vec<String> {
    // Who reported what, when: a site without figures has this table too.
    let mut paths = vec![crate::site::completeness::CSV.to_string()];
    let scopes = scopes(idx);
    if scopes.is_empty() {
        return paths;
    }
    paths.extend(
        scopes
            .iter()
            .flat_map(|s| formats(*s).iter().map(|f| path(*s, *f))),
    );
    paths.push(DATAPACKAGE.to_string());
    paths.push(SCHEMA.to_string());
    paths.push(ZIP.to_string());
    paths
}

/// Whether a scope has figures, and so files.
pub fn has_rows(idx: &Index, scope: Scope) -> bool {
    match scope {
        Scope::Site => !idx.site.observations.is_empty(),
        Scope::Province(p) => idx.by_province.get(p).is_some_and(|o| !o.is_empty()),
        Scope::Indicator(i) => idx.by_indicator.get(i).is_some_and(|o| !o.is_empty()),
        // A province's figures are sorted by period: searched, not scanned (the data page
        // asks this of each of the national benchmark's 3,432 reports).
        Scope::Report(p, period) => idx.by_province.get(p).is_some_and(|o| {
            let from = o.partition_point(|o| o.period < period);
            o[from..]
                .iter()
                .take_while(|o| o.period <= period)
                .any(|o| o.period == period)
        }),
    }
}

/// How many of `reports` have figures ([`has_rows`] of each), by province: each province's
/// periods with figures are found once ([`Index::periods_of`]) and searched for each of its
/// reports (the data page asks this of a national site's 3,432 reports).
pub fn reports_with_rows<'k>(
    idx: &Index,
    reports: &'k [(Slug, Period)],
) -> crate::FastMap<&'k Slug, usize> {
    let mut counts = crate::FastMap::default();
    for (province, period) in reports {
        if idx.periods_of(province).binary_search(period).is_ok() {
            *counts.entry(province).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example site, validated, for the tests below, with some of each province's figures
    /// given again for two more periods (each example province has figures of one report).
    fn example_site() -> crate::model::Site {
        #![allow(clippy::unwrap_used)]
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let checked = crate::load_and_validate(root, &crate::load::memo::Memo::none()).unwrap();
        let mut site = checked.site.unwrap();
        let mut more = Vec::new();
        for province in site.provinces.keys() {
            let mine = site.observations.iter().filter(|o| &o.province == province);
            for o in mine.take(3) {
                for period in ["2023-06", "2031-12"] {
                    let mut o = o.clone();
                    o.period = Period::parse(period).unwrap();
                    more.push(o);
                }
            }
        }
        site.observations.push(more);
        site
    }

    /// Counted as by asking `has_rows` of each report, in the order report_keys gives, in
    /// reverse and shuffled: the example site's reports, and periods before, between and
    /// after them that have no figures.
    #[test]
    fn reports_with_rows_counts_as_has_rows_does() {
        #![allow(clippy::unwrap_used)]
        let site = example_site();
        let idx = Index::new(&site);
        let mut keys = crate::site::report::report_keys(&site);
        for p in site.provinces.keys() {
            for month in [
                "2019-01", "2023-06", "2024-02", "2024-09", "2025-02", "2031-12",
            ] {
                keys.push((p.clone(), Period::parse(month).unwrap()));
            }
        }
        keys.sort();
        keys.dedup();
        let mut want: Vec<(Slug, usize)> = Vec::new();
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            let n = run
                .iter()
                .filter(|(p, period)| has_rows(&idx, Scope::Report(p, *period)))
                .count();
            if let (Some((p, _)), true) = (run.first(), n > 0) {
                want.push((p.clone(), n));
            }
        }
        assert!(!want.is_empty());
        assert!(want.iter().map(|(_, n)| n).sum::<usize>() < keys.len());
        let counted = |keys: &[(Slug, Period)]| {
            let mut counts: Vec<(Slug, usize)> = reports_with_rows(&idx, keys)
                .into_iter()
                .map(|(p, n)| (p.clone(), n))
                .collect();
            counts.sort();
            counts
        };
        assert_eq!(counted(&keys), want);
        keys.reverse();
        assert_eq!(counted(&keys), want);
        let mut shuffled: Vec<_> = keys.iter().step_by(3).cloned().collect();
        shuffled.extend(keys.iter().skip(1).step_by(3).cloned());
        shuffled.extend(keys.iter().skip(2).step_by(3).cloned());
        assert_eq!(counted(&shuffled), want);
    }

    /// The reports with download files are those of each province's periods with figures.
    #[test]
    fn each_period_with_figures_is_a_report_with_files() {
        let site = example_site();
        let idx = Index::new(&site);
        let mut with_files: Vec<(&Slug, Period)> = Vec::new();
        for (province, observations) in &idx.by_province {
            let mut periods: Vec<Period> = observations.iter().map(|o| o.period).collect();
            periods.sort();
            periods.dedup();
            with_files.extend(periods.into_iter().map(|period| (*province, period)));
        }
        let reports: Vec<(&Slug, Period)> = scopes(&idx)
            .into_iter()
            .filter_map(|s| match s {
                Scope::Report(p, period) => Some((p, period)),
                _ => None,
            })
            .collect();
        assert!(!reports.is_empty());
        assert_eq!(reports, with_files);
    }

    #[test]
    fn paths_are_site_relative_and_safe() {
        let p = Slug::parse("dong-thap").unwrap();
        let period = Period::parse("2023-12-16..2024-01-15").unwrap();
        assert_eq!(
            path(Scope::Report(&p, period), Format::Csv),
            "data/reports/dong-thap/2023-12-16--2024-01-15.csv"
        );
        assert_eq!(
            path(Scope::Province(&p), Format::Xlsx),
            "data/provinces/dong-thap.xlsx"
        );
        assert_eq!(path(Scope::Site, Format::Json), "data/figures.json");
    }
}
