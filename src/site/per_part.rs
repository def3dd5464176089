//! What `serve` keeps of one build for the next, part by part of the figures
//! ([`crate::model::Figures`]): a province file that did not change is validated into the same
//! list in memory as before ([`crate::validate::reuse`]), and what was made from that list
//! (its digests, [`super::figure_digests`]; its order, [`super::index`]) is taken with it
//! instead of being made again.
//!
//! Each kept value is held beside its part (an `Arc`), so that the part's place in memory,
//! by which it is found, names no other list while the value is kept.

use crate::model::kept::Kept;
use crate::model::Observation;
use std::sync::Arc;

/// Values made from parts of the figures, by the address of their part.
pub type PerPart<T> = Kept<usize, Entry<T>>;

/// A part and the value made from it.
type Entry<T> = (Arc<Vec<Observation>>, Arc<T>);

impl<T> PerPart<T> {
    /// The value of `part`: taken when the build before this one made one from the same
    /// list that `fits`, else made by `make` (and kept for the next build).
    pub fn get(
        &self,
        part: &Arc<Vec<Observation>>,
        fits: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        if !self.is_on() {
            return Arc::new(make());
        }
        let address = Arc::as_ptr(part) as usize;
        let taken = self
            .earlier(&address)
            .filter(|(list, value)| Arc::ptr_eq(list, part) && fits(value));
        let value = match taken {
            Some((_, value)) => Arc::clone(value),
            None => Arc::new(make()),
        };
        self.keep(address, (Arc::clone(part), Arc::clone(&value)));
        value
    }
}
