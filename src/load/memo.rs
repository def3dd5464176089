//! The memo of parsed files: what serde read from a YAML text, kept between runs under the
//! digest of that text, so that a file that has not changed is not parsed again.
//!
//! Reading YAML is most of `check` (serde_yaml over libyaml reads about 20 MB a second on one
//! core), and a monthly report changes one province file of many. The memo keeps each raw
//! value in MessagePack, which reads back an order of magnitude faster, under the BLAKE3
//! digest of the value's type and of the exact text it was read from. Only a text that parsed
//! whole, with nothing to report, is kept: a file with a problem is always read again, so its
//! diagnostics are made by the same code every time. The location index is never kept; it is
//! made from the text when a later step asks for a position, as for a parsed file.
//!
//! Any doubt is a miss: an entry that does not read back as its type is parsed again, and a
//! memo that another minhbach wrote (its header names the binary) or that is cut short is not
//! read at all. Where the memo is kept is the caller's business ([`crate::cache`] keeps it
//! beside the site's own cache, whole or not at all).

use super::kept_reads::KeptReads;
use crate::model::kept::Kept;
use crate::{lock, FastMap, FastSet};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::any::Any;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The first bytes of a memo's file; the number changes with the layout of the file.
const MAGIC: &[u8] = b"minhbach parsed files 1\n";

/// The length of a digest, in bytes.
const DIGEST: usize = 32;

/// Raw values parsed by an earlier run, and those parsed by this one.
#[derive(Debug, Default)]
pub struct Memo {
    on: bool,
    /// The earlier run's entries: where each one's bytes are in `bytes`.
    earlier: FastMap<blake3::Hash, Range<usize>>,
    bytes: Vec<u8>,
    /// The earlier entries read back in this run.
    taken: Mutex<FastSet<blake3::Hash>>,
    /// The values parsed in this run, in MessagePack.
    fresh: Mutex<Vec<(blake3::Hash, Vec<u8>)>>,
    /// The values read, also kept as they are for the next run in memory (`serve`:
    /// [`Memo::sharing`], [`Memo::get_shared`]), each an `Arc` of its raw type.
    shared: Kept<blake3::Hash, Arc<dyn Any + Send + Sync>>,
    /// What reading each province and Markdown file gave, by path and stamp (`serve`:
    /// [`Memo::sharing`]): a file that did not change is not read again.
    pub(super) reads: KeptReads,
}

/// What the memo had for a text: its value, or the key to keep the value under once parsed.
pub(super) enum Lookup<T> {
    Found(T),
    Missing(Option<blake3::Hash>),
}

impl Memo {
    /// No memo: every file is parsed, and nothing is kept.
    pub fn none() -> Memo {
        Memo::default()
    }

    /// A memo with nothing in it yet, which keeps what is parsed.
    pub fn empty() -> Memo {
        Memo {
            on: true,
            ..Memo::default()
        }
    }

    /// The memo written by [`Memo::to_bytes`] with the same `version` (the digest of the
    /// binary that wrote it). Anything else reads as an empty memo.
    pub fn from_bytes(bytes: Vec<u8>, version: &[u8]) -> Memo {
        Memo::from_bytes_after(bytes, 0, version)
    }

    /// [`Memo::from_bytes`] of `bytes` after the first `start` (a file's own header, left in
    /// place rather than copied out).
    pub fn from_bytes_after(bytes: Vec<u8>, start: usize, version: &[u8]) -> Memo {
        match entries(&bytes, start, version) {
            Some(earlier) => Memo {
                on: true,
                earlier,
                bytes,
                ..Memo::default()
            },
            None => Memo::empty(),
        }
    }

    /// Whether this memo is used at all.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// How many values were read back, and how many were parsed and kept, in this run.
    pub fn counts(&self) -> (usize, usize) {
        (lock(&self.taken).len(), lock(&self.fresh).len())
    }

    /// Whether the next run's memo differs from the earlier one: a value was parsed, or an
    /// earlier one was not asked for (its file changed or is gone).
    pub fn changed(&self) -> bool {
        let (taken, fresh) = self.counts();
        fresh > 0 || taken != self.earlier.len()
    }

    /// The memo for the next run: the entries read back and those parsed in this one, in the
    /// order of their digests, after a header naming `version`.
    pub fn to_bytes(&self, version: &[u8]) -> Vec<u8> {
        let taken = lock(&self.taken);
        let fresh = lock(&self.fresh);
        let mut all: Vec<(&blake3::Hash, &[u8])> = Vec::with_capacity(taken.len() + fresh.len());
        for key in taken.iter() {
            if let Some(bytes) = self
                .earlier
                .get(key)
                .and_then(|r| self.bytes.get(r.clone()))
            {
                all.push((key, bytes));
            }
        }
        all.extend(fresh.iter().map(|(key, bytes)| (key, bytes.as_slice())));
        all.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        all.dedup_by(|a, b| a.0 == b.0);
        let size: usize = all.iter().map(|(_, b)| DIGEST + 8 + b.len()).sum();
        let mut out = Vec::with_capacity(MAGIC.len() + 8 + version.len() + size);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(version.len() as u64).to_le_bytes());
        out.extend_from_slice(version);
        for (key, bytes) in all {
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        out
    }

    /// The memo a run after this one starts from, kept in memory (`serve`): with the values
    /// this one read, as they are, when it keeps them ([`Memo::sharing`]).
    pub fn next(&self) -> Memo {
        Memo {
            shared: self.shared.next(),
            reads: self.reads.next(),
            ..Memo::from_bytes(self.to_bytes(&[]), &[])
        }
    }

    /// This memo, keeping the values [`Memo::get_shared`] reads as they are for the next run
    /// in memory ([`Memo::next`]): `serve`, whose rebuilds then share the raw values of the
    /// files that did not change instead of decoding them again (a national site's province
    /// files hold 700,000 raw figures).
    pub fn sharing(self) -> Memo {
        Memo {
            shared: Kept::empty(),
            reads: KeptReads::empty(),
            ..self
        }
    }

    /// The key of the value of type `T` read from `text`.
    fn key<T>(text: &str) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        hasher.update(std::any::type_name::<T>().as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        hasher.finalize()
    }

    /// [`Memo::get`], shared: the value the run before this one read from the same text,
    /// when it kept it ([`Memo::sharing`]), else decoded (and kept for the next run).
    pub(super) fn get_shared<T>(&self, text: &str) -> Lookup<Arc<T>>
    where
        T: DeserializeOwned + Send + Sync + 'static,
    {
        if !self.on {
            return Lookup::Missing(None);
        }
        let key = Memo::key::<T>(text);
        let kept = self.shared.earlier(&key);
        if let Some(value) = kept.and_then(|v| Arc::clone(v).downcast::<T>().ok()) {
            lock(&self.taken).insert(key);
            self.keep_shared(Some(key), &value);
            return Lookup::Found(value);
        }
        match self.decode::<T>(key) {
            Lookup::Found(value) => {
                let value = Arc::new(value);
                self.keep_shared(Some(key), &value);
                Lookup::Found(value)
            }
            Lookup::Missing(key) => Lookup::Missing(key),
        }
    }

    /// Keep `value`, read whole from the text of `key`, as it is for the next run in memory
    /// (when this memo keeps values: [`Memo::sharing`]).
    pub(super) fn keep_shared<T: Send + Sync + 'static>(
        &self,
        key: Option<blake3::Hash>,
        value: &Arc<T>,
    ) {
        if let Some(key) = key {
            let value: Arc<dyn Any + Send + Sync> = Arc::clone(value) as _;
            self.shared.keep(key, value);
        }
    }

    /// The value of type `T` read from `text` by an earlier run.
    pub(super) fn get<T: DeserializeOwned>(&self, text: &str) -> Lookup<T> {
        if !self.on {
            return Lookup::Missing(None);
        }
        self.decode(Memo::key::<T>(text))
    }

    /// The value kept under `key`, decoded.
    fn decode<T: DeserializeOwned>(&self, key: blake3::Hash) -> Lookup<T> {
        let found = self
            .earlier
            .get(&key)
            .and_then(|range| self.bytes.get(range.clone()))
            .and_then(|bytes| rmp_serde::from_slice::<T>(bytes).ok());
        match found {
            Some(value) => {
                lock(&self.taken).insert(key);
                Lookup::Found(value)
            }
            None => Lookup::Missing(Some(key)),
        }
    }

    /// Keep `value`, parsed whole from the text of `key`.
    pub(super) fn keep<T: Serialize>(&self, key: Option<blake3::Hash>, value: &T) {
        let Some(key) = key else {
            return;
        };
        if let Ok(bytes) = rmp_serde::to_vec_named(value) {
            lock(&self.fresh).push((key, bytes));
        }
    }
}

/// The entries of a memo's bytes, or `None` when they are not a whole memo of `version`.
fn entries(
    bytes: &[u8],
    start: usize,
    version: &[u8],
) -> Option<FastMap<blake3::Hash, Range<usize>>> {
    let mut at = start.checked_add(MAGIC.len())?;
    if bytes.get(start..at)? != MAGIC {
        return None;
    }
    let length = |at: usize| -> Option<usize> {
        let raw: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
        usize::try_from(u64::from_le_bytes(raw)).ok()
    };
    let size = length(at)?;
    at += 8;
    if bytes.get(at..at.checked_add(size)?)? != version {
        return None;
    }
    at += size;
    let mut out = FastMap::default();
    while at < bytes.len() {
        let key: [u8; DIGEST] = bytes.get(at..at + DIGEST)?.try_into().ok()?;
        let size = length(at + DIGEST)?;
        let start = at + DIGEST + 8;
        let end = start.checked_add(size)?;
        bytes.get(start..end)?;
        out.insert(blake3::Hash::from_bytes(key), start..end);
        at = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawProvince;

    const PROVINCE: &str = "name: { vi: Tỉnh A, en: A Province }\ncode: \"01\"\nobservations:\n  - period: 2025-04\n    source: r1\n    values:\n      tthc-total: 1563652\n      rate: { numerator: 41.10, denominator: \"1.563.652\", note: chú thích, also_printed: [ { stated: 41.1, source: p2, note: { vi: a } } ] }\n      words: no-cases\n      split: { value: 3, by: { sex: { male: 1, female: { value: 2, note: { vi: a, en: b } } } } }\ntasks:\n  - { id: 7, title: Việc, owner: CA, status: done, as_of: 2025-04-30, due: 2025 }\nreports:\n  - { period: 2025-04, file: r1.pdf, issuer: { vi: UBND, en: People's Committee }, draft: true }\ntargets:\n  - { indicator: rate, value: \"95,5\", by: 2025-12-31, comparator: at-least }\nsuccessor: { province: b, from: 2025-07-01 }\nformed_from: { units: [ { province: c }, { name: { vi: Xã, en: Commune }, code: 7 } ] }\n";

    fn parsed() -> RawProvince {
        serde_yaml::from_str(PROVINCE).expect("the example parses")
    }

    #[test]
    fn a_value_reads_back_as_it_was_parsed() {
        let memo = Memo::empty();
        let Lookup::Missing(key) = memo.get::<RawProvince>(PROVINCE) else {
            panic!("an empty memo has nothing");
        };
        memo.keep(key, &parsed());
        let version = b"v1";
        let next = Memo::from_bytes(memo.to_bytes(version), version);
        let Lookup::Found(back) = next.get::<RawProvince>(PROVINCE) else {
            panic!("the kept value is found");
        };
        assert_eq!(format!("{back:?}"), format!("{:?}", parsed()));
        assert_eq!(next.counts(), (1, 0));
        assert!(!next.changed());
    }

    #[test]
    fn another_text_type_or_version_is_a_miss() {
        let memo = Memo::empty();
        if let Lookup::Missing(key) = memo.get::<RawProvince>(PROVINCE) {
            memo.keep(key, &parsed());
        }
        let bytes = memo.to_bytes(b"v1");
        let next = Memo::from_bytes(bytes.clone(), b"v1");
        let other_text = PROVINCE.replace("1563652", "1563653");
        assert!(matches!(
            next.get::<RawProvince>(&other_text),
            Lookup::Missing(Some(_))
        ));
        assert!(matches!(
            next.get::<crate::load::raw::RawSite>(PROVINCE),
            Lookup::Missing(Some(_))
        ));
        assert!(next.changed(), "the entry not asked for is dropped");
        let other_binary = Memo::from_bytes(bytes.clone(), b"v2");
        assert!(matches!(
            other_binary.get::<RawProvince>(PROVINCE),
            Lookup::Missing(Some(_))
        ));
        for cut in [1, MAGIC.len() + 3, bytes.len() - 1] {
            let short = Memo::from_bytes(bytes[..cut].to_vec(), b"v1");
            assert!(
                matches!(short.get::<RawProvince>(PROVINCE), Lookup::Missing(Some(_))),
                "a memo cut at {cut} bytes is not read"
            );
        }
        let off = Memo::none();
        assert!(matches!(
            off.get::<RawProvince>(PROVINCE),
            Lookup::Missing(None)
        ));
    }

    /// `serve`'s memo shares a value from one run to the next, for the same text and type
    /// only; a memo that does not keep values decodes a new one each time.
    #[test]
    fn a_sharing_memo_gives_the_next_run_the_same_value() {
        let get = |memo: &Memo, text: &str| match memo.get_shared::<RawProvince>(text) {
            Lookup::Found(value) => Some(value),
            Lookup::Missing(key) => {
                memo.keep(key, &parsed());
                memo.keep_shared(key, &Arc::new(parsed()));
                None
            }
        };
        let first = Memo::empty().sharing();
        assert!(get(&first, PROVINCE).is_none(), "nothing kept yet");
        let second = first.next();
        let a = get(&second, PROVINCE).expect("kept by the first run");
        let third = second.next();
        let b = get(&third, PROVINCE).expect("kept by the second run");
        assert!(Arc::ptr_eq(&a, &b), "the same value, not decoded again");
        assert_eq!(format!("{b:?}"), format!("{:?}", parsed()));
        assert!(matches!(
            third.get_shared::<crate::load::raw::RawSite>(PROVINCE),
            Lookup::Missing(Some(_))
        ));
        let other_text = PROVINCE.replace("1563652", "1563653");
        assert!(get(&third, &other_text).is_none());
        // Not asked for in a run: not kept for the one after it.
        let fourth = third.next();
        let fifth = fourth.next();
        assert!(matches!(
            fifth.get_shared::<RawProvince>(PROVINCE),
            Lookup::Missing(Some(_))
        ));
        // Without sharing, each run decodes its own.
        let plain = Memo::empty();
        get(&plain, PROVINCE);
        let (c, d) = (plain.next(), plain.next());
        let (c, d) = (get(&c, PROVINCE).unwrap(), get(&d, PROVINCE).unwrap());
        assert!(!Arc::ptr_eq(&c, &d));
    }
}
