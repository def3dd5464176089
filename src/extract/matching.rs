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

/// A word of the catalogue's vocabulary.
type Word = u32;

/// One indicator, as the matcher sees it: its words as ids of the vocabulary.
#[derive(Debug)]
struct Entry {
    id: Slug,
    /// The label's words, in order, with repeats removed.
    label: Vec<Word>,
    noun: Vec<Word>,
    /// Sorted.
    description: Vec<Word>,
    unit: Unit,
    scope: Scope,
    /// The weight of the whole label (sum of its words' weights).
    label_weight: f64,
    /// The members of its breakdowns: (dimension, member, words of the label).
    members: Vec<(Slug, Slug, Vec<Word>)>,
}

/// The catalogue, indexed for matching.
#[derive(Debug)]
pub struct Matcher {
    entries: Vec<Entry>,
    vocabulary: BTreeMap<String, Word>,
    /// Weight of each word (inverse document frequency over labels and count nouns).
    idf: Vec<f64>,
    /// For each word of a label, count noun or member: the entries holding it. Only the
    /// entries sharing a word with a figure's context are scored.
    holding: Vec<Vec<usize>>,
}

/// Words too common in reports to tell indicators apart.
const COMMON: &[&str] = &[
    "cua", "va", "cac", "duoc", "tren", "trong", "cho", "voi", "la", "co", "da", "theo", "tai",
    "den", "tu", "so", "nhung", "mot", "khi", "de", "ve", "thuc", "hien",
];

/// The abbreviations of Vietnamese administration, spelled out (folded): a report writes
/// `CCCD`, `ĐDĐT`, `TTHC` where the catalogue's labels write the words, or the reverse.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("asxh", "an sinh xa hoi"),
    ("attt", "an toan thong tin"),
    ("bhxh", "bao hiem xa hoi"),
    ("bhyt", "bao hiem y te"),
    ("cccd", "can cuoc cong dan"),
    ("cds", "chuyen doi so"),
    ("cmnd", "chung minh nhan dan"),
    ("cntt", "cong nghe thong tin"),
    ("csdl", "co so du lieu"),
    ("csdlqg", "co so du lieu quoc gia"),
    ("dddt", "dinh danh dien tu"),
    ("dvc", "dich vu cong"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("dvcty", "dich vu cong thiet yeu"),
    ("gcn", "giay chung nhan"),
    ("gplx", "giay phep lai xe"),
    ("httt", "he thong thong tin"),
    ("kcb", "kham chua benh"),
    ("lltp", "ly lich tu phap"),
    ("qsdd", "quyen su dung dat"),
    ("tthc", "thu tuc hanh chinh"),
    ("ubnd", "uy ban nhan dan"),
];

fn content_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in words(text) {
        if COMMON.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        match ABBREVIATIONS.binary_search_by_key(&w.as_str(), |(a, _)| a) {
            Ok(i) => out.extend(ABBREVIATIONS[i].1.split(' ').map(str::to_string)),
            Err(_) => out.push(w),
        }
    }
    out
}

/// Where a word stands in a figure's context (the closest place wins).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Absent,
    /// In the figure's clause, at this many words from it.
    Near(usize),
    Topic,
    Wider,
}

impl Matcher {
    pub fn new<'a>(
        indicators: impl IntoIterator<Item = &'a Indicator>,
        dimensions: &BTreeMap<Slug, Dimension>,
    ) -> Matcher {
        let mut vocabulary: BTreeMap<String, Word> = BTreeMap::new();
        let mut ids = |text: &str| -> Vec<Word> {
            content_words(text)
                .into_iter()
                .map(|w| {
                    let next = vocabulary.len() as Word;
                    *vocabulary.entry(w).or_insert(next)
                })
                .collect()
        };
        let mut entries: Vec<Entry> = Vec::new();
        for i in indicators {
            let mut label = ids(&i.label.vi);
            let mut seen = BTreeSet::new();
            label.retain(|w| seen.insert(*w));
            let noun = i
                .count_noun
                .as_ref()
                .map(|n| ids(&n.vi))
                .unwrap_or_default();
            let mut description = ids(&i.description.vi);
            description.sort_unstable();
            description.dedup();
            let members = i
                .dimensions
                .iter()
                .filter_map(|d| dimensions.get(d))
                .flat_map(|d| d.members.iter().map(move |m| (d, m)))
                .map(|(d, m)| (d.id.clone(), m.id.clone(), ids(&m.label.vi)))
                .collect();
            entries.push(Entry {
                id: i.id.clone(),
                label,
                noun,
                description,
                unit: i.unit,
                scope: i.scope,
                label_weight: 0.0,
                members,
            });
        }
        let size = vocabulary.len();
        let mut df = vec![0usize; size];
        for e in &entries {
            let set: BTreeSet<Word> = e.label.iter().chain(&e.noun).copied().collect();
            for w in set {
                df[w as usize] += 1;
            }
        }
        let n = entries.len().max(1) as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| match d {
                0 => 0.0,
                d => (1.0 + n / d as f64).ln(),
            })
            .collect();
        let mut holding: Vec<Vec<usize>> = vec![Vec::new(); size];
        for (i, e) in entries.iter_mut().enumerate() {
            e.label_weight = e.label.iter().map(|&w| idf[w as usize]).sum();
            let members = e.members.iter().flat_map(|(_, _, words)| words);
            for &w in e.label.iter().chain(&e.noun).chain(members) {
                let list = &mut holding[w as usize];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Matcher {
            entries,
            vocabulary,
            idf,
            holding,
        }
    }

    /// The ids of the words of `text` that the catalogue knows.
    fn known(&self, text: &str) -> Vec<Word> {
        content_words(text)
            .iter()
            .filter_map(|w| self.vocabulary.get(w).copied())
            .collect()
    }

    /// The `n` best indicators for `c`, best first (ties by id), those scoring above zero.
    pub fn propose(&self, c: &Candidate, n: usize) -> Vec<Proposal> {
        let mut place = vec![Place::Absent; self.idf.len()];
        for w in self.known(&c.wider) {
            place[w as usize] = Place::Wider;
        }
        for w in self
            .known(&c.topic)
            .into_iter()
            .chain(self.known(&c.earlier))
        {
            place[w as usize] = Place::Topic;
        }
        let before = self.known(&c.near_before);
        let after = self.known(&c.near_after);
        let mut near_at = |w: Word, d: usize| {
            let slot = &mut place[w as usize];
            *slot = match *slot {
                Place::Near(e) if e <= d => Place::Near(e),
                _ => Place::Near(d),
            };
        };
        for (i, &w) in before.iter().enumerate() {
            near_at(w, before.len() - i);
        }
        for (i, &w) in after.iter().enumerate() {
            near_at(w, i + 1);
        }
        let near: Vec<Word> = before.iter().chain(&after).copied().collect();
        let near_pairs: BTreeSet<(Word, Word)> = near.windows(2).map(|p| (p[0], p[1])).collect();
        let noun = self.known(&c.unit_noun);
        let is_near = |w: Word| matches!(place[w as usize], Place::Near(_));
        let mut sharing: Vec<usize> = place
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != Place::Absent)
            .flat_map(|(w, _)| &self.holding[w])
            .copied()
            .collect();
        sharing.sort_unstable();
        sharing.dedup();
        let mut scored: Vec<Proposal> = sharing
            .into_iter()
            .filter_map(|i| self.entries.get(i))
            .filter_map(|e| {
                let total = e.label_weight.max(1e-9);
                let found: f64 = e
                    .label
                    .iter()
                    .map(|&w| {
                        let weight = self.idf[w as usize];
                        weight
                            * match place[w as usize] {
                                Place::Near(d) => closeness(d),
                                Place::Topic => 0.6,
                                Place::Wider => 0.35,
                                Place::Absent => 0.0,
                            }
                    })
                    .sum();
                let pairs = e
                    .label
                    .windows(2)
                    .filter(|p| near_pairs.contains(&(p[0], p[1])))
                    .map(|p| self.idf[p[0] as usize] + self.idf[p[1] as usize])
                    .sum::<f64>();
                let mut score = found / total + 0.25 * pairs / total;
                if !e.noun.is_empty() && e.noun.iter().all(|w| noun.contains(w)) {
                    score += 0.15;
                }
                let described = near
                    .iter()
                    .filter(|w| e.description.binary_search(w).is_ok())
                    .map(|&w| self.idf[w as usize])
                    .sum::<f64>();
                score += 0.03 * described;
                // A breakdown member named next to the figure: the indicator broken down by it.
                let member = e
                    .members
                    .iter()
                    .filter(|(_, _, words)| words.len() >= 2)
                    .map(|(d, m, words)| {
                        let hit = words.iter().filter(|&&w| is_near(w)).count();
                        (hit as f64 / words.len() as f64, d, m)
                    })
                    .filter(|(coverage, _, _)| *coverage >= 0.75)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((coverage, _, _)) = member {
                    score += 0.6 * coverage;
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

/// The weight of a word at `d` words from the figure.
fn closeness(d: usize) -> f64 {
    match d {
        0..=4 => 1.0,
        d => (1.0 - 0.06 * (d - 4) as f64).max(0.4),
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
        Scope::Period if c.in_period => 1.1,
        Scope::Cumulative if c.in_period => 0.9,
        _ => 1.0,
    }
}
