//! Each province's figures by indicator ([`Pair`]), and where they lie in the province's
//! sorted list ([`PairPlaces`]): kept with each part's order by `serve`, so that a rebuild
//! makes the pairs of an unchanged province from the places alone.
//!
//! Making a province's pairs reads each of its figures' indicator and period: on the synthetic
//! national site, 515,000 figures each read elsewhere in memory, about 20 ms of both cores at
//! every rebuild. From the places, a rebuild reads the province's list in order and copies
//! the periods.

use super::Pair;
use crate::model::{Observation, Period, Slug};
use crate::FastMap;

/// Where one indicator's figures lie in a province's sorted list, and their periods.
#[derive(Debug)]
pub struct PairPlaces {
    periods: Vec<Period>,
    at: Vec<u32>,
}

/// Where each indicator's figures lie in `list`, a province's figures: indicators in the
/// order they first come, each one's figures in the list's order. An indicator's cells of
/// one period lie together (the list is sorted by period, indicator and breakdown): each run
/// is looked up once. Each indicator has room at once for a figure a period.
pub(super) fn places(list: &[&Observation]) -> Vec<PairPlaces> {
    let periods = 1 + list
        .windows(2)
        .filter(|w| w[0].period != w[1].period)
        .count();
    let mut found: Vec<PairPlaces> = Vec::new();
    let mut of: FastMap<&Slug, usize> = FastMap::default();
    let mut start = 0u32;
    for run in list.chunk_by(|a, b| a.indicator == b.indicator) {
        let Some(first) = run.first() else {
            continue;
        };
        let k = *of.entry(&first.indicator).or_insert_with(|| {
            found.push(PairPlaces {
                periods: Vec::with_capacity(periods),
                at: Vec::with_capacity(periods),
            });
            found.len() - 1
        });
        if let Some(places) = found.get_mut(k) {
            places.periods.extend(run.iter().map(|o| o.period));
            places.at.extend(start..start + run.len() as u32);
        }
        start += run.len() as u32;
    }
    found
}

/// A province's figures (`list`) by indicator, each keeping the list's order.
pub(super) fn pairs<'s>(list: &[&'s Observation]) -> FastMap<&'s Slug, Pair<'s>> {
    places(list)
        .into_iter()
        .filter_map(|p| p.into_pair(list))
        .collect()
}

/// The pairs of `list` laid out by `places` (made from a list in the same order: the same
/// part's): `None` when a place is not in the list.
pub(super) fn pairs_at<'s>(
    places: &[PairPlaces],
    list: &[&'s Observation],
) -> Option<FastMap<&'s Slug, Pair<'s>>> {
    places
        .iter()
        .map(|p| {
            let all = p.figures(list)?;
            let indicator = &all.first()?.indicator;
            Some((
                indicator,
                Pair {
                    periods: p.periods.clone(),
                    all,
                },
            ))
        })
        .collect()
}

impl PairPlaces {
    /// The figures of `list` at these places.
    fn figures<'s>(&self, list: &[&'s Observation]) -> Option<Vec<&'s Observation>> {
        self.at
            .iter()
            .map(|i| list.get(*i as usize).copied())
            .collect()
    }

    fn into_pair<'s>(self, list: &[&'s Observation]) -> Option<(&'s Slug, Pair<'s>)> {
        let all = self.figures(list)?;
        let indicator = &all.first()?.indicator;
        let periods = self.periods;
        Some((indicator, Pair { periods, all }))
    }
}
