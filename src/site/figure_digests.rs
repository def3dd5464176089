//! The digests of the site's figures, made part by part ([`crate::model::Figures`]): for each
//! province a part gives figures of, the digest of its figures in each period (what one
//! report page shows) and, for a build that takes chart pages, of each indicator (what an
//! indicator page shows of it). A province's digests combine its parts' in the site's order.
//!
//! `serve` keeps each part's digests beside the part ([`KeptDigests`]): a province file that
//! did not change is validated into the same list in memory as before
//! ([`crate::validate::reuse`]), and its digests are taken with it instead of reading its
//! figures again. Made again from scratch, a national site's took 0.15–0.18 s of every
//! rebuild (BENCHMARKS.md, "Session of 2026-12-06 (sixth)").

use super::inputs::Feed;
use super::per_part::PerPart;
use crate::model::{Figure, Observation, Period, Slug};
use crate::FastMap;
use rayon::prelude::*;
use std::sync::Arc;

/// The digests of one part's figures of one province.
#[derive(Debug, PartialEq)]
struct Digests {
    /// Each period's figures, periods in order.
    periods: Vec<(Period, blake3::Hash)>,
    /// Each indicator's figures, indicators in slug order (made only `per_indicator`).
    indicators: Vec<(Slug, blake3::Hash)>,
}

/// The digests of one part: each province it gives figures of, in the order they come.
#[derive(Debug, PartialEq)]
pub struct PartDigests {
    provinces: Vec<(Slug, Digests)>,
    per_indicator: bool,
}

/// The figures fed into one digest, with the source of the last one (added once for a run of
/// figures that share it: [`observation`]).
struct Run<'o> {
    feed: Feed,
    last_source: Option<&'o Arc<str>>,
}

impl<'o> Run<'o> {
    fn new() -> Run<'o> {
        Run {
            feed: Feed::with_capacity(1 << 12),
            last_source: None,
        }
    }

    fn add(&mut self, o: &'o Observation) {
        observation(&mut self.feed, o, &mut self.last_source);
    }
}

/// The runs of one province of a part.
struct Runs<'o> {
    province: &'o Slug,
    periods: FastMap<Period, Run<'o>>,
    indicators: FastMap<&'o Slug, Run<'o>>,
}

impl PartDigests {
    /// Read `part` once, in its order: a report block's figures lie together (one period), the
    /// indicators are interleaved.
    pub fn of(part: &[Observation], per_indicator: bool) -> PartDigests {
        let mut provinces: Vec<Runs> = Vec::new();
        let mut at = 0;
        for o in part {
            if provinces.get(at).is_none_or(|r| *r.province != o.province) {
                at = match provinces.iter().position(|r| *r.province == o.province) {
                    Some(i) => i,
                    None => {
                        provinces.push(Runs {
                            province: &o.province,
                            periods: FastMap::default(),
                            indicators: FastMap::default(),
                        });
                        provinces.len() - 1
                    }
                };
            }
            let Some(runs) = provinces.get_mut(at) else {
                continue;
            };
            runs.periods.entry(o.period).or_insert_with(Run::new).add(o);
            if per_indicator {
                let run = runs.indicators.entry(&o.indicator).or_insert_with(Run::new);
                run.add(o);
            }
        }
        let provinces = provinces
            .into_iter()
            .map(|runs| {
                let mut periods: Vec<(Period, blake3::Hash)> = runs
                    .periods
                    .into_iter()
                    .map(|(p, run)| (p, run.feed.finish()))
                    .collect();
                periods.sort_unstable_by_key(|(p, _)| *p);
                let mut indicators: Vec<(Slug, blake3::Hash)> = runs
                    .indicators
                    .into_iter()
                    .map(|(i, run)| (i.clone(), run.feed.finish()))
                    .collect();
                indicators.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let digests = Digests {
                    periods,
                    indicators,
                };
                (runs.province.clone(), digests)
            })
            .collect();
        PartDigests {
            provinces,
            per_indicator,
        }
    }
}

/// What `serve` keeps of one build's digests for the next: each part's ([`PerPart`]).
pub type KeptDigests = PerPart<PartDigests>;

/// The digests of `part`, taken from `kept` when it has them (made with every digest asked
/// for), else made.
fn part_digests(
    kept: &KeptDigests,
    part: &Arc<Vec<Observation>>,
    per_indicator: bool,
) -> Arc<PartDigests> {
    let fits = |d: &PartDigests| d.per_indicator || !per_indicator;
    kept.get(part, fits, || PartDigests::of(part, per_indicator))
}

/// The digests of one province's figures, its parts' combined.
#[derive(Debug, PartialEq)]
pub struct ProvinceFigures {
    /// Every figure.
    pub all: blake3::Hash,
    /// The figures of each period (a report page's).
    pub periods: FastMap<Period, blake3::Hash>,
    /// The figures of each indicator (made only `per_indicator`).
    pub indicators: FastMap<Slug, blake3::Hash>,
}

impl ProvinceFigures {
    /// A province without figures.
    pub fn none() -> ProvinceFigures {
        ProvinceFigures {
            all: blake3::hash(b"no figures"),
            periods: FastMap::default(),
            indicators: FastMap::default(),
        }
    }
}

/// The digests of every province's figures, each part's made (or taken from `kept`) in
/// parallel, then combined in the site's order.
pub fn provinces(
    figures: &crate::model::Figures,
    per_indicator: bool,
    kept: &KeptDigests,
) -> FastMap<Slug, ProvinceFigures> {
    let parts: Vec<&Arc<Vec<Observation>>> = figures.shared_parts().collect();
    let digests: Vec<Arc<PartDigests>> = parts
        .par_iter()
        .map(|part| part_digests(kept, part, per_indicator))
        .collect();
    // Each period's and indicator's digests from each part, in the site's order.
    type Gathered<'a> = (
        FastMap<Period, Vec<&'a blake3::Hash>>,
        FastMap<&'a Slug, Vec<&'a blake3::Hash>>,
    );
    let mut gathered: FastMap<&Slug, Gathered> = FastMap::default();
    for part in &digests {
        for (province, d) in &part.provinces {
            let (periods, indicators) = gathered.entry(province).or_default();
            for (period, digest) in &d.periods {
                periods.entry(*period).or_default().push(digest);
            }
            for (indicator, digest) in &d.indicators {
                indicators.entry(indicator).or_default().push(digest);
            }
        }
    }
    let combine = |digests: &[&blake3::Hash]| {
        let mut h = blake3::Hasher::new();
        h.update(&(digests.len() as u64).to_le_bytes());
        for d in digests {
            h.update(d.as_bytes());
        }
        h.finalize()
    };
    // Provinces in parallel (on `serve`'s main thread, this was 5-8 ms of each rebuild).
    gathered
        .into_par_iter()
        .map(|(province, (periods, indicators))| {
            let periods: FastMap<Period, blake3::Hash> =
                periods.into_iter().map(|(p, d)| (p, combine(&d))).collect();
            let indicators = indicators
                .into_iter()
                .map(|(i, d)| (i.clone(), combine(&d)))
                .collect();
            let mut order: Vec<(&Period, &blake3::Hash)> = periods.iter().collect();
            order.sort_unstable_by_key(|(p, _)| **p);
            let mut all = Feed::with_capacity(1 << 12);
            for (period, digest) in order {
                period_digest(&mut all, period);
                all.raw(digest.as_bytes());
            }
            let figures = ProvinceFigures {
                all: all.finish(),
                periods,
                indicators,
            };
            (province.clone(), figures)
        })
        .collect()
}

/// One figure. Its source, shared by the figures of one block of a report, is added once per
/// run of figures that share it (two sites with the same figures but sources shared
/// differently get different digests: a page made again, never a stale one).
fn observation<'o>(h: &mut Feed, o: &'o Observation, last_source: &mut Option<&'o Arc<str>>) {
    let Observation {
        province,
        indicator,
        period,
        breakdown,
        figure,
        qualifier,
        since,
        source,
        rare,
    } = o;
    h.bytes(province.as_str().as_bytes());
    h.bytes(indicator.as_str().as_bytes());
    // The common parts in bytes of their own, each after a tag (formatting 700,000 figures'
    // `Debug` forms was most of the digests' time); the rare ones as `Debug`.
    period_digest(h, period);
    match breakdown {
        None => h.raw(b"-"),
        Some((dimension, member)) => {
            h.raw(b"b");
            h.bytes(dimension.as_str().as_bytes());
            h.bytes(member.as_str().as_bytes());
        }
    }
    match figure {
        Figure::Value(v) => {
            h.raw(b"v");
            h.raw(&v.to_bits().to_le_bytes());
        }
        Figure::Ratio { .. }
        | Figure::Stated(_)
        | Figure::CountWithRate { .. }
        | Figure::NoCases
        | Figure::NotApplicable => {
            h.raw(b"f");
            h.debug(figure);
        }
    }
    for (present, part) in [
        (qualifier.is_some(), qualifier as &dyn std::fmt::Debug),
        (since.is_some(), since),
        (rare.is_some(), rare),
    ] {
        match present {
            false => h.raw(b"-"),
            true => {
                h.raw(b"+");
                h.debug(part);
            }
        }
    }
    match (source, *last_source) {
        (Some(s), Some(last)) if Arc::ptr_eq(s, last) => h.raw(b"="),
        (Some(s), _) => {
            h.raw(b"s");
            h.bytes(s.as_bytes());
            *last_source = Some(s);
        }
        (None, _) => h.raw(b"-"),
    }
}

/// A period: its kind, then its numbers.
pub(super) fn period_digest(h: &mut Feed, period: &Period) {
    let mut numbers = |tag: &[u8], a: i32, b: u32| {
        h.raw(tag);
        h.raw(&a.to_le_bytes());
        h.raw(&b.to_le_bytes());
    };
    match *period {
        Period::Month { year, month } => numbers(b"m", year, month),
        Period::Quarter { year, quarter } => numbers(b"q", year, quarter),
        Period::Half { year, half } => numbers(b"h", year, half),
        Period::Year { year } => numbers(b"y", year, 0),
        Period::Range { .. } => {
            h.raw(b"r");
            h.debug(period);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::Figures;

    fn part(province: &str, values: &[(&str, &str, f64)]) -> Arc<Vec<Observation>> {
        let figures = values
            .iter()
            .map(|(indicator, period, v)| {
                Observation::bare(province, indicator, period, Figure::Value(*v))
            })
            .collect();
        Arc::new(figures)
    }

    fn site(parts: &[&Arc<Vec<Observation>>]) -> Figures {
        let mut figures = Figures::default();
        for p in parts {
            figures.push_shared(Arc::clone(p));
        }
        figures
    }

    /// SYNTHETIC figures. A part kept from the build before is taken with its digests; an
    /// edited one is read again, and only the period and indicator it changed differ; the
    /// digests are those made from scratch either way.
    #[test]
    fn kept_parts_are_taken_and_an_edit_changes_only_its_period_and_indicator() {
        let a = part("a", &[("x", "2025-04", 1.0), ("y", "2025-04", 2.0)]);
        let a_more = part("a", &[("x", "2025-05", 3.0)]);
        let b = part("b", &[("x", "2025-04", 4.0), ("x", "2025-05", 5.0)]);
        let kept = KeptDigests::empty();
        // The first build asks for no indicator's digests.
        let first = provinces(&site(&[&a, &a_more, &b]), false, &kept);
        assert_eq!(kept.kept(), 3);
        assert!(first.values().all(|p| p.indicators.is_empty()));
        let next = kept.next();
        let edited = part("b", &[("x", "2025-04", 4.0), ("x", "2025-05", 6.0)]);
        let figures = site(&[&a, &a_more, &edited]);
        let second = provinces(&figures, true, &next);
        assert_eq!(second, provinces(&figures, true, &KeptDigests::none()));
        // Asked for now: made again, not taken without them.
        assert_eq!(second["a"].indicators.len(), 2);
        let month = |m: &str| Period::parse(m).unwrap();
        let (april, may) = (month("2025-04"), month("2025-05"));
        assert_eq!(second["a"].periods, first["a"].periods);
        assert_eq!(second["a"].all, first["a"].all);
        assert_eq!(second["b"].periods[&april], first["b"].periods[&april]);
        assert_ne!(second["b"].periods[&may], first["b"].periods[&may]);
        assert_ne!(second["b"].all, first["b"].all);
        // Taken when nothing changed: the same digests, and the same parts kept.
        let third_kept = next.next();
        let third = provinces(&figures, true, &third_kept);
        assert_eq!(third, second);
        assert_eq!(third_kept.kept(), 3);
        // A's figures of April in one part and of May in another: each period from its own.
        assert_eq!(second["a"].periods.len(), 2);
        let x = Slug::parse("x").unwrap();
        let alone = provinces(&site(&[&a]), true, &KeptDigests::none());
        assert_ne!(alone["a"].indicators[&x], second["a"].indicators[&x]);
        assert_eq!(alone["a"].periods[&april], second["a"].periods[&april]);
    }
}
