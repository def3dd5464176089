//! Each province's figures in the index's order (by period, indicator and breakdown), each
//! part's order kept by `serve` for the next build with where each indicator's figures lie
//! ([`PartOrder`]), and each province's figures by indicator ([`province_pairs`]).

use super::pairs::{self, pairs, PairPlaces};
use super::Pair;
use crate::model::{Observation, Period, Slug};
use crate::site::per_part::PerPart;
use crate::FastMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What `serve` keeps of each part's order for the next build ([`PerPart`]).
pub type KeptOrders = PerPart<PartOrder>;

/// One part's figures of each province it gives, in the index's order: by period, indicator
/// and breakdown, each as its place in the part.
pub struct PartOrder {
    groups: Vec<Vec<u32>>,
    /// Where each indicator's figures lie in each group, once sorted.
    pairs: Vec<Vec<PairPlaces>>,
}

impl PartOrder {
    /// The order of `part`'s figures. No two figures of a province share their period,
    /// indicator and breakdown (validation rejects duplicates), so an unstable sort gives the
    /// one order.
    ///
    /// Each gets its key as numbers first: the rank of its period among the part's periods
    /// and of each name among the part's names (names compare in the same order as their
    /// ranks). A national site's 700,000 observations compared field by field (dates, then
    /// names byte by byte) took about 0.1 s of both cores in `perf` (BENCHMARKS.md).
    fn of(part: &[Observation]) -> PartOrder {
        // The figures of each province, in the order the provinces come (a part is mostly
        // one province file).
        let mut groups: Vec<(&Slug, Vec<u32>)> = Vec::new();
        let mut at = 0;
        for (i, o) in (0u32..).zip(part) {
            if groups.get(at).is_none_or(|(p, _)| **p != o.province) {
                at = match groups.iter().position(|(p, _)| **p == o.province) {
                    Some(k) => k,
                    None => {
                        groups.push((&o.province, Vec::new()));
                        groups.len() - 1
                    }
                };
            }
            if let Some((_, places)) = groups.get_mut(at) {
                places.push(i);
            }
        }
        let at = |i: &u32| part.get(*i as usize);
        let groups = groups
            .into_iter()
            .map(|(_, places)| {
                let figures: Vec<&Observation> = places.iter().filter_map(at).collect();
                let keys = ranked_keys(&figures);
                let mut keyed: Vec<([u32; 4], u32)> = keys.into_iter().zip(places).collect();
                keyed.sort_unstable();
                let places: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
                let sorted: Vec<&Observation> = places.iter().filter_map(at).collect();
                (pairs::places(&sorted), places)
            })
            .collect::<Vec<_>>();
        let (pairs, groups) = groups.into_iter().unzip();
        PartOrder { groups, pairs }
    }
}

/// Each figure's key as numbers: its period's rank among the periods of `figures`, its
/// indicator's, and for a breakdown cell its dimension's (after the total's 0) and member's,
/// among their names.
fn ranked_keys(figures: &[&Observation]) -> Vec<[u32; 4]> {
    // A name is shared by the observations that give it: its text is found once per copy.
    let mut texts: FastMap<usize, &str> = FastMap::default();
    let mut periods: crate::FastSet<Period> = crate::FastSet::default();
    for o in figures {
        periods.insert(o.period);
        for slug in names(o) {
            texts.entry(address(slug)).or_insert(slug.as_str());
        }
    }
    let mut order: Vec<&str> = texts.values().copied().collect();
    order.sort_unstable();
    order.dedup();
    let place: FastMap<&str, u32> = order.iter().zip(0u32..).map(|(t, i)| (*t, i)).collect();
    let rank: FastMap<usize, u32> = texts
        .iter()
        .filter_map(|(p, t)| Some((*p, *place.get(t)?)))
        .collect();
    let mut periods: Vec<Period> = periods.into_iter().collect();
    periods.sort_unstable();
    let when: FastMap<Period, u32> = periods.iter().zip(0u32..).map(|(p, i)| (*p, i)).collect();
    // Every name and period was ranked above: the fallback is never taken.
    let of = |slug: &Slug| rank.get(&address(slug)).copied().unwrap_or(u32::MAX);
    figures
        .iter()
        .map(|o| {
            // Without a breakdown first, as `None` sorts before `Some`.
            let (dimension, member) = match &o.breakdown {
                None => (0, 0),
                Some((d, m)) => (of(d).saturating_add(1), of(m)),
            };
            let period = when.get(&o.period).copied().unwrap_or(u32::MAX);
            [period, of(&o.indicator), dimension, member]
        })
        .collect()
}

/// Each province's figures, sorted by period, indicator and breakdown: each part's order
/// (taken from `kept`, or made), parts in parallel; a province given by several parts (a
/// province file and a table) has theirs merged.
/// With each province's list, for a province given by one part, that part's order and the
/// place of the province's group in it (where its pairs lie: [`province_pairs`]).
pub(super) fn province_lists<'s>(
    figures: &'s crate::model::Figures,
    kept: &KeptOrders,
) -> (BTreeMap<&'s Slug, Vec<&'s Observation>>, Laid<'s>) {
    use rayon::prelude::*;
    let parts: Vec<&Arc<Vec<Observation>>> = figures.shared_parts().collect();
    let orders: Vec<Arc<PartOrder>> = parts
        .par_iter()
        .map(|part| kept.get(part, |_| true, || PartOrder::of(part)))
        .collect();
    // Each part's lists in parallel (a national site's parts hold 700,000 figures), then
    // gathered by province in the parts' order.
    // Each list with its part's order and its group's place there.
    let lists: Vec<(Vec<&'s Observation>, &Arc<PartOrder>, usize)> = parts
        .par_iter()
        .zip(&orders)
        .flat_map_iter(|(part, order)| {
            order.groups.iter().enumerate().map(move |(g, places)| {
                let list = places
                    .iter()
                    .filter_map(|i| part.get(*i as usize))
                    .collect::<Vec<&'s Observation>>();
                (list, order, g)
            })
        })
        .collect();
    let mut sources: BTreeMap<&'s Slug, Vec<Vec<&'s Observation>>> = BTreeMap::new();
    let mut laid: Laid = FastMap::default();
    for (list, order, g) in lists {
        if let Some(first) = list.first() {
            let lists = sources.entry(&first.province).or_default();
            match lists.is_empty() {
                true => laid.insert(&first.province, (Arc::clone(order), g)),
                false => laid.remove(&first.province),
            };
            lists.push(list);
        }
    }
    let lists = sources
        .into_par_iter()
        .map(|(province, mut lists)| {
            let list = match lists.len() {
                1 => lists.pop().unwrap_or_default(),
                _ => {
                    let mut all: Vec<&Observation> = lists.into_iter().flatten().collect();
                    all.sort_unstable_by(|a, b| {
                        (a.period, &a.indicator, &a.breakdown).cmp(&(
                            b.period,
                            &b.indicator,
                            &b.breakdown,
                        ))
                    });
                    all
                }
            };
            (province, list)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    (lists, laid)
}

/// For each province given by one part: that part's order, and its group's place in it.
pub(super) type Laid<'s> = FastMap<&'s Slug, (Arc<PartOrder>, usize)>;

/// Each province's pairs, provinces in parallel: laid out as its part's order says when it
/// has one ([`pairs::pairs_at`]), else made from its list; each keeps the sorted order.
pub(super) fn province_pairs<'s>(
    by_province: &BTreeMap<&'s Slug, Vec<&'s Observation>>,
    laid: &Laid<'s>,
) -> FastMap<&'s Slug, FastMap<&'s Slug, Pair<'s>>> {
    use rayon::prelude::*;
    by_province
        .par_iter()
        .map(|(province, list)| {
            let places = laid.get(province).and_then(|(o, g)| o.pairs.get(*g));
            let taken = places.and_then(|places| pairs::pairs_at(places, list));
            (*province, taken.unwrap_or_else(|| pairs(list)))
        })
        .collect()
}

/// Where a name's text lies: the same for every copy of one name.
fn address(slug: &Slug) -> usize {
    slug.as_str().as_ptr() as usize
}

/// The names an observation's place in its province's order depends on.
fn names(o: &Observation) -> impl Iterator<Item = &Slug> {
    let breakdown = o.breakdown.iter().flat_map(|(d, m)| [d, m]);
    [&o.indicator].into_iter().chain(breakdown)
}
