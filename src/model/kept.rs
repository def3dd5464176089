//! What `serve` keeps of one build for the next, under a key: the memo's raw values
//! ([`crate::load::memo`]), each province file's validated contents
//! ([`crate::validate::reuse`]), each part of the figures' digests and order
//! ([`crate::site::per_part`]). A build takes what the build before it kept, and keeps what it
//! made or took for the build after it; what it does not ask for is dropped.

use crate::{lock, FastMap};
use std::hash::Hash;
use std::sync::Mutex;

/// The values one build kept for the next, and those the next one keeps in turn.
pub struct Kept<K, V> {
    on: bool,
    /// What the build before this one made or took.
    earlier: FastMap<K, V>,
    /// What this build made or took: what the next one may take.
    fresh: Mutex<FastMap<K, V>>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            on: false,
            earlier: FastMap::default(),
            fresh: Mutex::default(),
        }
    }
}

impl<K, V> std::fmt::Debug for Kept<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept {{ {} earlier }}", self.earlier.len())
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Kept<K, V> {
    /// Nothing kept, nothing taken (`check`, `build`: one build a run).
    pub fn none() -> Kept<K, V> {
        Kept::default()
    }

    /// Nothing to take yet; keeps what is made (`serve`'s first build).
    pub fn empty() -> Kept<K, V> {
        Kept {
            on: true,
            ..Kept::default()
        }
    }

    /// What the build after this one starts from: what this one made or took.
    pub fn next(&self) -> Kept<K, V> {
        let earlier = lock(&self.fresh).clone();
        // Most of what a build kept is kept again by the next: room for it at once, rather
        // than a table grown and copied again and again under the lock.
        let fresh = FastMap::with_capacity_and_hasher(earlier.len(), Default::default());
        Kept {
            on: self.on,
            earlier,
            fresh: Mutex::new(fresh),
        }
    }

    /// Whether anything is kept at all.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// How many values this build made or took.
    pub fn kept(&self) -> usize {
        lock(&self.fresh).len()
    }

    /// What the build before this one kept under `key`.
    pub fn earlier(&self, key: &K) -> Option<&V> {
        self.earlier.get(key)
    }

    /// [`Kept::earlier`] by a borrowed form of the key, with the key as kept.
    pub fn earlier_entry<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.earlier.get_key_value(key)
    }

    /// Keep `value` under `key` for the next build (nothing when nothing is kept).
    pub fn keep(&self, key: K, value: V) {
        if self.on {
            lock(&self.fresh).insert(key, value);
        }
    }
}
