//! Every figure of the site, kept in the parts they were validated in.
//!
//! A national site holds 700,000 figures. Each province file (and each part of a table) is
//! validated on its own, in parallel, into its own list; copying those lists into one took
//! 118 MB of fresh memory and about 0.05 s on both cores, for every `check`, `build` and
//! `serve` rebuild (BENCHMARKS.md, "Session of 2026-12-06 (fifth)"). The parts are kept as
//! they were made instead, each shared (`Arc`), and read as one list in the order they were
//! added: province files in file order, then tables in file order, as the single list was.

use super::Observation;
use std::sync::Arc;

/// The site's figures: the parts in the order they were added, each in its own order.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// None of them empty.
    parts: Vec<Arc<Vec<Observation>>>,
}

impl Figures {
    /// Add a part after the others (an empty one is not kept).
    pub fn push(&mut self, part: Vec<Observation>) {
        self.push_shared(Arc::new(part));
    }

    /// Add a part that another site may share (`serve` keeps a province's figures from one
    /// rebuild to the next when its file did not change).
    pub fn push_shared(&mut self, part: Arc<Vec<Observation>>) {
        if !part.is_empty() {
            self.parts.push(part);
        }
    }

    /// Every figure, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Observation> + Clone {
        self.into_iter()
    }

    /// The parts, in order: each can be read on its own (in parallel, say).
    pub fn parts(&self) -> impl Iterator<Item = &[Observation]> + Clone {
        self.parts.iter().map(|p| p.as_slice())
    }

    /// The parts as they are shared: the same list in memory is the same figures.
    pub fn shared_parts(&self) -> impl Iterator<Item = &Arc<Vec<Observation>>> + Clone {
        self.parts.iter()
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// Every part of one build's figures, held so that no other list can take their place in
/// memory: what `serve` keeps from a build, made from figures it knows by where they lie
/// ([`places`]), holds them while it is kept. A part is never changed once made, so the same
/// place is the same figure.
#[derive(Debug)]
pub struct Pinned(#[allow(dead_code)] Vec<Arc<Vec<Observation>>>);

impl Figures {
    /// Every part, held ([`Pinned`]).
    pub fn pinned(&self) -> Pinned {
        Pinned(self.parts.clone())
    }
}

/// Where each of `figures` lies, in order: the same places, while their parts are held
/// ([`Pinned`]), are the same figures.
pub fn places(figures: &[&Observation]) -> Vec<usize> {
    figures
        .iter()
        .map(|o| std::ptr::from_ref::<Observation>(o) as usize)
        .collect()
}

/// The figures of one part, as [`Figures::iter`] reads them.
type PartIter<'a> = std::slice::Iter<'a, Observation>;

impl<'a> IntoIterator for &'a Figures {
    type Item = &'a Observation;
    type IntoIter = std::iter::FlatMap<
        std::slice::Iter<'a, Arc<Vec<Observation>>>,
        PartIter<'a>,
        fn(&'a Arc<Vec<Observation>>) -> PartIter<'a>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        let part: fn(&'a Arc<Vec<Observation>>) -> PartIter<'a> = |p| p.iter();
        self.parts.iter().flat_map(part)
    }
}

impl IntoIterator for Figures {
    type Item = Observation;
    type IntoIter = std::vec::IntoIter<Observation>;

    /// Every figure, owned: a part no other site shares is moved, one that is shared is
    /// copied.
    fn into_iter(self) -> Self::IntoIter {
        let mut all = Vec::with_capacity(self.len());
        for part in self.parts {
            match Arc::try_unwrap(part) {
                Ok(owned) => all.extend(owned),
                Err(shared) => all.extend(shared.iter().cloned()),
            }
        }
        all.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;

    fn figure(province: &str, value: f64) -> Observation {
        Observation::bare(province, "x", "2025-06", Figure::Value(value))
    }

    #[test]
    fn the_parts_read_as_one_list_in_the_order_they_were_added() {
        let mut figures = Figures::default();
        figures.push(vec![figure("a", 1.0), figure("a", 2.0)]);
        figures.push(Vec::new());
        let shared = Arc::new(vec![figure("b", 3.0)]);
        figures.push_shared(Arc::clone(&shared));
        figures.push(vec![figure("c", 4.0)]);
        let values = |f: &Figures| -> Vec<String> {
            f.iter()
                .map(|o| format!("{}:{:?}", o.province, o.figure))
                .collect()
        };
        assert_eq!(
            values(&figures),
            [
                "a:Value(1.0)",
                "a:Value(2.0)",
                "b:Value(3.0)",
                "c:Value(4.0)"
            ]
        );
        assert_eq!(figures.len(), 4);
        assert_eq!(figures.parts().count(), 3, "the empty part is not kept");
        assert!(!figures.is_empty() && Figures::default().is_empty());
        // Owned: the shared part is copied, and stays whole for whoever shares it.
        let owned: Vec<f64> = figures
            .clone()
            .into_iter()
            .map(|o| match o.figure {
                Figure::Value(v) => v,
                _ => f64::NAN,
            })
            .collect();
        assert_eq!(owned, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(shared.len(), 1);
    }
}
