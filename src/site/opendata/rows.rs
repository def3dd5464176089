//! The site's figures as the rows of the tidy table: one row per observation (a breakdown
//! member is an observation of its own), with what each column needs already looked up.
//!
//! A row borrows the model; nothing is copied but the two citations and the source's section,
//! which are shared by the rows that cite one source (a national site has a few thousand
//! sources for 700,000 rows).

use crate::model::{
    Dimension, Indicator, Lang, Member, Observation, Province, ReportDocument, Site, Slug,
    SourceRef,
};
use crate::site::cells::Index;
use crate::site::citation;
use crate::site::urls::Urls;
use crate::theme::Theme;
use std::sync::Arc;

/// One figure and everything its row shows.
#[derive(Debug, Clone)]
pub struct Row<'s> {
    pub province: &'s Province,
    pub indicator: &'s Indicator,
    pub observation: &'s Observation,
    /// The breakdown member this row gives, `None` for the total.
    pub member: Option<(&'s Dimension, &'s Member)>,
    /// The report document the source names, when the province lists it.
    pub document: Option<&'s ReportDocument>,
    /// The report file the source names ([`SourceRef::file`]), read once for the row's
    /// columns rather than once per column and per file written.
    pub source_file: Option<&'s str>,
    /// The source as the pages cite it, in Vietnamese and English.
    pub citation: Option<Arc<Cited>>,
}

/// A source as the pages cite it, in both languages, and its place in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub vi: String,
    pub en: String,
    /// [`SourceRef::section`]: the place in the report without the transcript's lines.
    pub section: String,
}

/// What rows are made with: the site, its index, and the theme's strings for citations.
pub struct Rows<'a, 's> {
    pub site: &'s Site,
    pub idx: &'a Index<'s>,
    pub urls: &'a Urls,
    pub theme: &'a Theme,
}

impl<'s> Rows<'_, 's> {
    /// The rows of one province, in table order: indicator (catalogue order), period,
    /// then the total before its members (in dimension order).
    pub fn of_province(&self, province: &'s Province) -> Vec<Row<'s>> {
        let Some(observations) = self.idx.by_province.get(&province.slug) else {
            return Vec::new();
        };
        let mut memo: crate::FastMap<usize, Arc<Cited>> = crate::FastMap::default();
        let mut rows: Vec<Row<'s>> = observations
            .iter()
            .filter_map(|o| {
                let indicator = self.site.indicators.get(&o.indicator)?;
                let member = match &o.breakdown {
                    None => None,
                    Some((dimension, member)) => {
                        let d = self.site.dimensions.get(dimension)?;
                        Some((d, d.members.iter().find(|m| &m.id == member)?))
                    }
                };
                let source_file = o.source.as_deref().and_then(|s| SourceRef::parse(s).file);
                let document =
                    source_file.and_then(|file| self.idx.document_by_file(&o.province, file));
                let citation = o.source.as_ref().map(|source| {
                    let key = Arc::as_ptr(source).cast::<u8>() as usize;
                    memo.entry(key)
                        .or_insert_with(|| Arc::new(self.cite(source, &o.province)))
                        .clone()
                });
                Some(Row {
                    province,
                    indicator,
                    observation: o,
                    member,
                    document,
                    source_file,
                    citation,
                })
            })
            .collect();
        let order = self.catalogue_order();
        rows.sort_by_cached_key(|r| {
            let o = r.observation;
            (
                order.get(&o.indicator).copied().unwrap_or(usize::MAX),
                o.period.start(),
                o.period,
                member_order(r),
            )
        });
        rows
    }

    /// The rows of a scope, in table order.
    pub fn of(&self, scope: super::Scope) -> Vec<Row<'s>> {
        use super::Scope;
        let province = |slug: &Slug| self.site.provinces.get(slug);
        match scope {
            Scope::Site => self.all(),
            Scope::Province(p) => province(p).map_or_else(Vec::new, |p| self.of_province(p)),
            Scope::Report(p, period) => province(p).map_or_else(Vec::new, |p| {
                let mut rows = self.of_province(p);
                rows.retain(|r| r.observation.period == period);
                rows
            }),
            Scope::Indicator(i) => {
                let mut rows = self.all();
                rows.retain(|r| &r.indicator.id == i);
                rows
            }
        }
    }

    /// Every row of the site, province by province (in the order of their ids).
    pub fn all(&self) -> Vec<Row<'s>> {
        use rayon::prelude::*;
        let provinces: Vec<&'s Province> = self.site.provinces.values().collect();
        let parts: Vec<Vec<Row<'s>>> = provinces.par_iter().map(|p| self.of_province(p)).collect();
        parts.into_iter().flatten().collect()
    }

    /// The position of each indicator in the catalogue: its groups in order, each group's
    /// indicators as the catalogue lists them.
    pub fn catalogue_order(&self) -> crate::FastMap<&'s Slug, usize> {
        self.site
            .groups
            .iter()
            .flat_map(|g| self.idx.indicators_in(&g.id).iter())
            .enumerate()
            .map(|(i, indicator)| (&indicator.id, i))
            .collect()
    }

    fn cite(&self, source: &str, province: &Slug) -> Cited {
        let text = |lang: Lang| {
            let t = self.theme.strings(lang);
            citation::citation(source, province, self.idx, lang, self.urls, t).text
        };
        Cited {
            vi: text(Lang::Vi),
            en: text(Lang::En),
            section: SourceRef::parse(source).section(),
        }
    }
}

/// The total first (`None`), then members by dimension (in the indicator's order) and by
/// their order in the dimension.
fn member_order(row: &Row) -> Option<(usize, usize)> {
    let (dimension, member) = row.member?;
    let dimension_at = row
        .indicator
        .dimensions
        .iter()
        .position(|d| d == &dimension.id);
    let member_at = dimension.members.iter().position(|m| m.id == member.id);
    Some((
        dimension_at.unwrap_or(usize::MAX),
        member_at.unwrap_or(usize::MAX),
    ))
}
