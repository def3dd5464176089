//! What `serve` keeps of one build for the next, part by part of the figures
//! ([`crate::model::Figures`]): a province file that did not change is validated into the same
//! list in memory as before ([`crate::validate::reuse`]), and what was made from that list
//! (its digests, [`super::figure_digests`]; its order, [`super::index`]) is taken with it
//! instead of being made again.
//!
//! Each kept value is held beside its part (an `Arc`), so that the part's place in memory,
//! by which it is found, names no other list while the value is kept.

use crate::model::Observation;
use crate::{lock, FastMap};
use std::sync::{Arc, Mutex};

/// Values made from parts of the figures, by part.
pub struct PerPart<T> {
    on: bool,
    /// The values of the build before this one, by the address of their part.
    earlier: FastMap<usize, Entry<T>>,
    /// This build's: what the next one may take.
    fresh: Mutex<FastMap<usize, Entry<T>>>,
}

/// A part and the value made from it.
type Entry<T> = (Arc<Vec<Observation>>, Arc<T>);

impl<T> Default for PerPart<T> {
    fn default() -> Self {
        PerPart {
            on: false,
            earlier: FastMap::default(),
            fresh: Mutex::default(),
        }
    }
}

impl<T> std::fmt::Debug for PerPart<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PerPart {{ {} earlier }}", self.earlier.len())
    }
}

impl<T> PerPart<T> {
    /// Nothing kept, nothing taken (`build`, `check`).
    pub fn none() -> PerPart<T> {
        PerPart::default()
    }

    /// Nothing to take yet; keeps what is made (`serve`'s first build).
    pub fn empty() -> PerPart<T> {
        PerPart {
            on: true,
            ..PerPart::default()
        }
    }

    /// What the build after this one starts from: the values this one made or took.
    pub fn next(&self) -> PerPart<T> {
        PerPart {
            on: self.on,
            earlier: lock(&self.fresh).clone(),
            fresh: Mutex::default(),
        }
    }

    /// The number of parts whose values this build made or took.
    pub fn kept(&self) -> usize {
        lock(&self.fresh).len()
    }

    /// The value of `part`: taken when the build before this one made one from the same
    /// list that `fits`, else made by `make` (and kept for the next build).
    pub fn get(
        &self,
        part: &Arc<Vec<Observation>>,
        fits: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        if !self.on {
            return Arc::new(make());
        }
        let address = Arc::as_ptr(part) as usize;
        let taken = self
            .earlier
            .get(&address)
            .filter(|(list, value)| Arc::ptr_eq(list, part) && fits(value));
        let value = match taken {
            Some((_, value)) => Arc::clone(value),
            None => Arc::new(make()),
        };
        lock(&self.fresh).insert(address, (Arc::clone(part), Arc::clone(&value)));
        value
    }
}
