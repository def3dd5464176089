//! Which catalogue indicator a figure most likely belongs to: the words around the figure,
//! folded (tones and marks dropped), against each indicator's Vietnamese label, count noun and
//! description.
//!
//! A word counts by how rare it is in the catalogue (inverse document frequency: `hồ sơ` says
//! little, `kích hoạt` much), a pair of label words found side by side counts again, and the
//! words of the figure's own clause count more than those of its sentence or section heading.
//! The kind of figure weighs in (a sum of money belongs to a money indicator, a percentage to
//! a rate), and so do the cumulative and in-period markers against the indicator's scope.
//! Input: the catalogue and a candidate. Output: the best indicators with a score in 0..1.

use super::candidates::{Candidate, Kind};
use crate::model::fold::words;
use crate::model::{Dimension, Indicator, Scope, Slug, Unit};
use std::collections::{BTreeMap, BTreeSet};

/// An indicator proposed for a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub indicator: Slug,
    /// The breakdown member named next to the figure, when the indicator has one
    /// (dimension, member).
    pub member: Option<(Slug, Slug)>,
    /// 0..1: the share of the indicator's label found near the figure, weighted.
    pub score: f64,
}

/// One indicator, as the matcher sees it.
#[derive(Debug)]
struct Entry {
    id: Slug,
    label: Vec<String>,
    noun: Vec<String>,
    description: BTreeSet<String>,
    unit: Unit,
    scope: Scope,
    /// The weight of the whole label (sum of its words' weights).
    label_weight: f64,
    /// The members of its breakdowns: (dimension, member, folded words of the label).
    members: Vec<(Slug, Slug, Vec<String>)>,
}

/// The catalogue, indexed for matching.
#[derive(Debug)]
pub struct Matcher {
    entries: Vec<Entry>,
    idf: BTreeMap<String, f64>,
}

/// Words too common in reports to tell indicators apart.
const COMMON: &[&str] = &[
    "cua", "va", "cac", "duoc", "tren", "trong", "cho", "voi", "la", "co", "da", "theo", "tai",
    "den", "tu", "so", "nhung", "mot", "khi", "de", "ve", "thuc", "hien",
];

fn content_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !COMMON.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

impl Matcher {
    pub fn new<'a>(
        indicators: impl IntoIterator<Item = &'a Indicator>,
        dimensions: &BTreeMap<Slug, Dimension>,
    ) -> Matcher {
        let mut entries: Vec<Entry> = indicators
            .into_iter()
            .map(|i| Entry {
                members: i
                    .dimensions
                    .iter()
                    .filter_map(|d| dimensions.get(d))
                    .flat_map(|d| {
                        d.members
                            .iter()
                            .map(|m| (d.id.clone(), m.id.clone(), content_words(&m.label.vi)))
                    })
                    .collect(),
                id: i.id.clone(),
                label: content_words(&i.label.vi),
                noun: i
                    .count_noun
                    .as_ref()
                    .map(|n| content_words(&n.vi))
                    .unwrap_or_default(),
                description: content_words(&i.description.vi).into_iter().collect(),
                unit: i.unit,
                scope: i.scope,
                label_weight: 0.0,
            })
            .collect();
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        for e in &entries {
            let set: BTreeSet<&String> = e.label.iter().chain(&e.noun).collect();
            for w in set {
                *df.entry(w.clone()).or_default() += 1;
            }
        }
        let n = entries.len().max(1) as f64;
        let idf: BTreeMap<String, f64> = df
            .into_iter()
            .map(|(w, d)| (w, (1.0 + n / d as f64).ln()))
            .collect();
        for e in &mut entries {
            let set: BTreeSet<&String> = e.label.iter().collect();
            e.label_weight = set
                .iter()
                .map(|w| idf.get(*w).copied().unwrap_or(0.0))
                .sum();
        }
        Matcher { entries, idf }
    }

    fn weight(&self, w: &str) -> f64 {
        self.idf.get(w).copied().unwrap_or(0.0)
    }

    /// The `n` best indicators for `c`, best first (ties by id), those scoring above zero.
    pub fn propose(&self, c: &Candidate, n: usize) -> Vec<Proposal> {
        // Each word near the figure with its distance to it (1: the word next to it).
        let before = content_words(&c.near_before);
        let after = content_words(&c.near_after);
        let mut distance: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, w) in before.iter().enumerate() {
            let d = before.len() - i;
            let e = distance.entry(w.as_str()).or_insert(d);
            *e = (*e).min(d);
        }
        for (i, w) in after.iter().enumerate() {
            let e = distance.entry(w.as_str()).or_insert(i + 1);
            *e = (*e).min(i + 1);
        }
        let near: Vec<&str> = before.iter().chain(&after).map(String::as_str).collect();
        let near_pairs: BTreeSet<(&str, &str)> = near.windows(2).map(|p| (p[0], p[1])).collect();
        let topic_words = content_words(&c.topic);
        let topic: BTreeSet<&str> = topic_words.iter().map(String::as_str).collect();
        let wider_words = content_words(&c.wider);
        let wider: BTreeSet<&str> = wider_words.iter().map(String::as_str).collect();
        let noun: BTreeSet<String> = content_words(&c.unit_noun).into_iter().collect();
        let closeness = |d: usize| match d {
            0..=4 => 1.0,
            d => (1.0 - 0.06 * (d - 4) as f64).max(0.4),
        };
        let mut scored: Vec<Proposal> = self
            .entries
            .iter()
            .filter_map(|e| {
                let total = e.label_weight.max(1e-9);
                let mut found = 0.0;
                let mut seen = BTreeSet::new();
                for w in &e.label {
                    if !seen.insert(w.as_str()) {
                        continue;
                    }
                    let weight = self.weight(w);
                    if let Some(&d) = distance.get(w.as_str()) {
                        found += weight * closeness(d);
                    } else if topic.contains(w.as_str()) {
                        found += 0.6 * weight;
                    } else if wider.contains(w.as_str()) {
                        found += 0.35 * weight;
                    }
                }
                let pairs = e
                    .label
                    .windows(2)
                    .filter(|p| near_pairs.contains(&(p[0].as_str(), p[1].as_str())))
                    .map(|p| self.weight(&p[0]) + self.weight(&p[1]))
                    .sum::<f64>();
                let mut score = found / total + 0.25 * pairs / total;
                if !e.noun.is_empty() && e.noun.iter().all(|w| noun.contains(w)) {
                    score += 0.15;
                }
                let described = distance
                    .keys()
                    .filter(|w| e.description.contains(**w))
                    .map(|w| self.weight(w))
                    .sum::<f64>();
                score += 0.03 * described;
                // A breakdown member named next to the figure: the indicator broken down by it.
                let member = e
                    .members
                    .iter()
                    .filter(|(_, _, words)| words.len() >= 2)
                    .map(|(d, m, words)| {
                        let hit = words
                            .iter()
                            .filter(|w| distance.contains_key(w.as_str()))
                            .count();
                        (hit as f64 / words.len() as f64, d, m)
                    })
                    .filter(|(coverage, _, _)| *coverage >= 0.75)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((coverage, _, _)) = member {
                    score += 0.4 * coverage;
                }
                score *= unit_fit(c, e.unit) * scope_fit(c, e.scope);
                (score > 0.0).then(|| Proposal {
                    indicator: e.id.clone(),
                    member: member.map(|(_, d, m)| (d.clone(), m.clone())),
                    score,
                })
            })
            .collect();
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.indicator.cmp(&b.indicator))
        });
        scored.truncate(n);
        for p in &mut scored {
            p.score = (p.score / 1.6).min(1.0);
        }
        scored
    }
}

/// How well a kind of figure fits a unit.
fn unit_fit(c: &Candidate, unit: Unit) -> f64 {
    match (c.kind, unit) {
        (Kind::Money, Unit::Vnd) => 1.3,
        (Kind::Money, _) | (_, Unit::Vnd) => 0.15,
        (Kind::Rate, Unit::Percent) => 1.2,
        (Kind::Rate, _) => 0.4,
        (Kind::Ratio, Unit::Percent) => 1.1,
        (Kind::Ratio, Unit::Points) => 0.9,
        (Kind::Ratio, _) => 0.8,
        (Kind::Count, Unit::Percent) if c.stated.is_some() => 0.9,
        (Kind::Count, Unit::Percent) => 0.5,
        (Kind::Count, Unit::Points) => 0.6,
        (Kind::NoCases, Unit::Percent) => 0.7,
        (Kind::Count | Kind::NoCases, _) => 1.0,
    }
}

/// How well the figure's markers fit the indicator's scope.
fn scope_fit(c: &Candidate, scope: Scope) -> f64 {
    let cumulative = c.cumulative || c.since.is_some() || c.as_of.is_some();
    match scope {
        Scope::Cumulative if cumulative => 1.15,
        Scope::Period if cumulative => 0.9,
        _ => 1.0,
    }
}
