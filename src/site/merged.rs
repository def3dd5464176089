//! A merged province's figures before the merger, computed from the units it was formed from.
//!
//! Input: the index of the site's figures. Output: for each province formed by a merger and
//! each indicator its predecessors reported, one [`Combined`] per period: a value computed
//! from every predecessor's figure of that same period, or a [`Gap`] saying why none can be.
//!
//! The rule is the catalogue's `aggregate`: counts are summed, rates are the ratio of the
//! summed numerators and denominators. A value is computed only when it is sound:
//! - every unit the province was formed from has a figure for exactly that period (a unit
//!   without a file in the dataset never has one);
//! - a rate comes with its counts (a rate printed alone cannot be weighted);
//! - running totals start on the same, stated day, and figures stated "as of" a day state the
//!   same day;
//! - no part is "not applicable".
//!
//! Otherwise the period is a gap with its reason, never a partial sum. Totals only: the cells
//! of a breakdown are not combined.
//!
//! Each series is computed the first time a page asks for it ([`Successor::series`]): a
//! national site has dozens of merged provinces and hundreds of indicators (0.17 s of both
//! cores to compute them all), and a `serve` rebuild after one edit makes only the few pages
//! that show the edited figures.

use super::cells::Index;
use crate::model::{
    Aggregate, Date, Figure, FormerUnit, Indicator, Label, Observation, Period, Province,
    Qualifier, Scope, Since, Site, Slug, Unit,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every merged province's computed series, by province and indicator.
#[derive(Debug, Default)]
pub struct Merged<'s> {
    units: BTreeMap<&'s Slug, Successor<'s>>,
}

/// One province formed by a merger.
#[derive(Debug)]
pub struct Successor<'s> {
    /// The day it began (the day after its predecessors ended).
    pub from: Option<Date>,
    /// Every unit it was formed from, in the order its file lists them.
    pub parts: Vec<Part<'s>>,
    /// The province formed.
    province: &'s Slug,
    /// Per indicator of the catalogue, every period some predecessor reported, oldest first:
    /// computed when first asked for ([`Successor::series`]).
    series: BTreeMap<&'s Slug, (&'s Indicator, OnceLock<Vec<Combined<'s>>>)>,
}

/// A unit a province was formed from: one with its own file, or one named without a file.
#[derive(Debug, Clone)]
pub enum Part<'s> {
    Listed(&'s Slug),
    Unlisted(&'s Label),
}

/// One period of a merged province before the merger.
#[derive(Debug)]
pub struct Combined<'s> {
    pub period: Period,
    pub outcome: Outcome<'s>,
}

#[derive(Debug)]
pub enum Outcome<'s> {
    /// Computed from `parts` (one figure per predecessor, in the order of [`Successor::parts`]).
    Value {
        figure: Box<Observation>,
        parts: Vec<&'s Observation>,
    },
    Gap(Gap<'s>),
}

impl Outcome<'_> {
    pub fn value(&self) -> Option<&Observation> {
        match self {
            Outcome::Value { figure, .. } => Some(figure),
            Outcome::Gap(_) => None,
        }
    }
}

/// Why a period has no computed value. The units named are those that cause it.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap<'s> {
    /// The catalogue says the indicator is not added up across provinces.
    NotCombinable,
    /// Units without a file in the dataset: they have no figures at all.
    NoData(Vec<&'s Label>),
    /// Units with a file but no figure for this period; `other` are the periods of the same
    /// indicator they did report that overlap this one (a quarter for a month).
    Missing {
        units: Vec<&'s Slug>,
        other: Vec<Period>,
    },
    /// A rate printed without its counts cannot be weighted.
    NoCounts(Vec<&'s Slug>),
    /// "Not applicable" in these units.
    NotApplicable(Vec<&'s Slug>),
    /// Running totals that start on different days, or whose start is not stated.
    Starts,
    /// Figures stated as of different days.
    AsOf,
}

impl<'s> Merged<'s> {
    /// Every merged province with a unit on file (a province listing no unit with a file has
    /// no series: there is nothing to compute from). The series are computed when asked for.
    pub fn new(site: &'s Site) -> Merged<'s> {
        let units = site
            .provinces
            .values()
            .filter_map(|p| Some((&p.slug, successor(site, p)?)))
            .collect();
        Merged { units }
    }

    pub fn of(&self, province: &Slug) -> Option<&Successor<'s>> {
        self.units.get(province)
    }

    /// The computed series of one indicator in one province (empty when there is none).
    pub fn series(&self, idx: &Index<'s>, province: &Slug, indicator: &Slug) -> &[Combined<'s>] {
        self.units
            .get(province)
            .map_or(&[], |s| s.series(idx, indicator))
    }

    /// Whether the site has a province formed by a merger with a predecessor on file.
    pub fn any(&self) -> bool {
        !self.units.is_empty()
    }
}

fn successor<'s>(site: &'s Site, p: &'s Province) -> Option<Successor<'s>> {
    let formation = p.formed_from.as_ref()?;
    let parts: Vec<Part<'s>> = formation
        .units
        .iter()
        .map(|u| match u {
            FormerUnit::Province(slug) => Part::Listed(slug),
            FormerUnit::Unlisted { name, .. } => Part::Unlisted(name),
        })
        .collect();
    if !parts.iter().any(|u| matches!(u, Part::Listed(_))) {
        return None;
    }
    let series = site
        .indicators
        .iter()
        .map(|(id, ind)| (id, (ind, OnceLock::new())))
        .collect();
    Some(Successor {
        from: p.valid_from,
        parts,
        province: &p.slug,
        series,
    })
}

impl<'s> Successor<'s> {
    /// The computed series of one indicator (empty when no predecessor reported it before
    /// the merger), computed the first time it is asked for.
    pub fn series(&self, idx: &Index<'s>, indicator: &Slug) -> &[Combined<'s>] {
        match self.series.get(indicator) {
            Some((ind, cell)) => cell.get_or_init(|| self.compute(idx, ind)),
            None => &[],
        }
    }

    /// Every period some predecessor reported `ind` before the merger, each with its value
    /// or gap.
    fn compute(&self, idx: &Index<'s>, ind: &Indicator) -> Vec<Combined<'s>> {
        let listed = self.parts.iter().filter_map(|u| match u {
            Part::Listed(s) => Some(*s),
            Part::Unlisted(_) => None,
        });
        let mut periods: Vec<Period> = listed
            .flat_map(|u| idx.series(u, &ind.id))
            .map(|o| o.period)
            .filter(|period| self.from.is_none_or(|f| period.end() < f))
            .collect();
        periods.sort();
        periods.dedup();
        periods
            .iter()
            .map(|&period| Combined {
                period,
                outcome: combine(idx, self.province, ind, period, &self.parts),
            })
            .collect()
    }
}

/// The value of `ind` for `period` computed from `parts`, or why there is none.
fn combine<'s>(
    idx: &Index<'s>,
    province: &Slug,
    ind: &Indicator,
    period: Period,
    parts: &[Part<'s>],
) -> Outcome<'s> {
    if ind.aggregate == Aggregate::None {
        return Outcome::Gap(Gap::NotCombinable);
    }
    let unlisted: Vec<&Label> = parts
        .iter()
        .filter_map(|u| match u {
            Part::Unlisted(name) => Some(*name),
            Part::Listed(_) => None,
        })
        .collect();
    if !unlisted.is_empty() {
        return Outcome::Gap(Gap::NoData(unlisted));
    }
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut other = Vec::new();
    for u in parts {
        let Part::Listed(slug) = u else { continue };
        match idx.figure(slug, &ind.id, period, None) {
            Some(o) => found.push(o),
            None => {
                missing.push(*slug);
                other.extend(
                    idx.series(slug, &ind.id)
                        .iter()
                        .map(|o| o.period)
                        .filter(|q| q.start() <= period.end() && period.start() <= q.end()),
                );
            }
        }
    }
    if !missing.is_empty() {
        other.sort();
        other.dedup();
        return Outcome::Gap(Gap::Missing {
            units: missing,
            other,
        });
    }
    match figure(ind, &found) {
        Ok(f) => {
            let first = found.first().copied();
            Outcome::Value {
                figure: Box::new(Observation {
                    province: province.clone(),
                    indicator: ind.id.clone(),
                    period,
                    breakdown: None,
                    figure: f,
                    qualifier: qualifier(&found),
                    since: first.and_then(|o| o.since),
                    source: None,
                    rare: crate::model::Rare {
                        as_of: first.and_then(|o| o.as_of()),
                        over_100: found.iter().find_map(|o| o.over_100().map(String::from)),
                        ..Default::default()
                    }
                    .boxed(),
                }),
                parts: found,
            }
        }
        Err(gap) => Outcome::Gap(gap),
    }
}

/// The combined figure of `parts` (one per predecessor, same period), or why there is none.
fn figure<'s>(ind: &Indicator, parts: &[&'s Observation]) -> Result<Figure, Gap<'s>> {
    let units = |keep: fn(&Figure) -> bool| -> Vec<&'s Slug> {
        parts
            .iter()
            .filter(|o| keep(&o.figure))
            .map(|o| &o.province)
            .collect()
    };
    let not_applicable = units(|f| *f == Figure::NotApplicable);
    if !not_applicable.is_empty() {
        return Err(Gap::NotApplicable(not_applicable));
    }
    if ind.scope == Scope::Cumulative {
        let start = |o: &&Observation| o.since.map(Since::start);
        let first = parts.first().and_then(start);
        if first.is_none() || parts.iter().any(|o| start(o) != first) {
            return Err(Gap::Starts);
        }
    }
    let as_of = parts.first().and_then(|o| o.as_of());
    if parts.iter().any(|o| o.as_of() != as_of) {
        return Err(Gap::AsOf);
    }
    let all_ratios = parts
        .iter()
        .all(|o| matches!(o.figure, Figure::Ratio { .. }));
    let rate = ind.unit == Unit::Percent || ind.aggregate == Aggregate::RatioOfSums;
    if rate {
        let no_counts = units(|f| !matches!(f, Figure::Ratio { .. } | Figure::NoCases));
        if !no_counts.is_empty() {
            return Err(Gap::NoCounts(no_counts));
        }
    }
    if rate || all_ratios {
        let (mut numerator, mut denominator) = (0.0, 0.0);
        for o in parts {
            if let Figure::Ratio {
                numerator: n,
                denominator: d,
                ..
            } = o.figure
            {
                numerator += n;
                denominator += d;
            }
        }
        return Ok(if denominator == 0.0 {
            Figure::NoCases
        } else {
            Figure::Ratio {
                numerator,
                denominator,
                stated: None,
            }
        });
    }
    if parts.iter().all(|o| o.figure == Figure::NoCases) {
        return Ok(Figure::NoCases);
    }
    let mut sum = 0.0;
    for o in parts {
        match o.figure {
            Figure::Value(v) | Figure::CountWithRate { value: v, .. } => sum += v,
            Figure::Ratio { numerator, .. } => sum += numerator,
            Figure::NoCases => {}
            // A count printed as a bare rate has no count to add.
            Figure::Stated(_) | Figure::NotApplicable => {
                return Err(Gap::NoCounts(vec![&o.province]));
            }
        }
    }
    Ok(Figure::Value(sum))
}

/// An approximate part makes the sum approximate; a lower bound among exact parts makes it a
/// lower bound.
fn qualifier(parts: &[&Observation]) -> Option<Qualifier> {
    let has = |q| parts.iter().any(|o| o.qualifier == Some(q));
    if has(Qualifier::Approx) {
        Some(Qualifier::Approx)
    } else if has(Qualifier::AtLeast) {
        Some(Qualifier::AtLeast)
    } else {
        None
    }
}
