//! A YAML file that serde could not read as a whole, read again entry by entry.
//!
//! serde stops at the first problem of a file: a task missing `owner` and `as_of` reports only
//! `owner`, and the file's other entries are never checked, so their warnings stay hidden until
//! the error is fixed. When a file does not deserialize, it is read again here as a YAML tree:
//! each entry of its lists (tasks, reports, observation blocks, catalogue entries…) and each
//! figure under `values:` is deserialized on its own, and an entry that fails reports every
//! unknown and every missing field it has, located from the YAML tree. Entries that fail are
//! left out and recorded as [`Dropped`]; the file made of the others goes on to `validate`,
//! so its other diagnostics are reported in the same run.
//!
//! The field names and which of them are required come from the raw types' own `Deserialize`
//! (see [`Shape`]), so `raw.rs` stays the one description of what an author may write. Every
//! entry is read once and each list's shape is learnt once: linear in the file.

use super::locate::{join_index, join_key, LocationIndex};
use super::raw::{
    RawDimension, RawDimensionFile, RawFrontMatter, RawGroup, RawIndicator, RawIndicatorFile,
    RawMember, RawObservationBlock, RawProvince, RawReport, RawSite, RawTarget, RawTask, RawValue,
};
use super::serde_messages;
use super::shape::Shape;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

/// An entry of a file left out because it could not be read (its problems are reported).
/// Later steps use it to name the cause of a knock-on error: an indicator that is "unknown"
/// because its catalogue entry is broken, a figure "missing" because its value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The file, relative to the site root.
    pub file: String,
    /// The entry's key path (`tasks[3]`, `observations[0].values.tthc-total`).
    pub path: String,
    /// Where the entry starts.
    pub position: Option<Position>,
    /// What the entry defines, as far as can be read: its `id:`, or the ids of the figures it
    /// holds (an observation block: every key under its `values:`; a figure: its own key).
    pub ids: Vec<String>,
    /// The entry's `period:` (its block's, for a figure), as written.
    pub period: Option<String>,
    /// The `id:` of the entry this one is inside (a member's dimension), as written.
    pub within: Option<String>,
}

/// The lists and maps of a file type whose entries are read one by one.
pub(crate) trait Recover: DeserializeOwned + serde::Serialize {
    /// `(key, how its entries are laid out, the check of one entry)`.
    fn parts() -> Vec<Part> {
        Vec::new()
    }
}

/// One collection of entries inside a type.
pub(crate) struct Part {
    key: &'static str,
    layout: Layout,
    /// The shape of its entries, learnt once per collection.
    shape: fn() -> Shape,
    check: fn(&mut Value, &str, &Shape, &mut Recovery) -> bool,
}

#[derive(Clone, Copy)]
enum Layout {
    /// `- …` items.
    List,
    /// `name: …` entries (the figures under `values:`).
    Map,
}

fn part<E: Recover>(key: &'static str, layout: Layout) -> Part {
    Part {
        key,
        layout,
        shape: Shape::of::<E>,
        check: |value, path, shape, r| r.entry::<E>(value, path, shape),
    }
}

impl Recover for RawProvince {
    fn parts() -> Vec<Part> {
        vec![
            part::<RawReport>("reports", Layout::List),
            part::<RawObservationBlock>("observations", Layout::List),
            part::<RawTarget>("targets", Layout::List),
            part::<RawTask>("tasks", Layout::List),
        ]
    }
}
impl Recover for RawIndicatorFile {
    fn parts() -> Vec<Part> {
        vec![
            part::<RawGroup>("groups", Layout::List),
            part::<RawIndicator>("indicators", Layout::List),
        ]
    }
}
impl Recover for RawDimensionFile {
    fn parts() -> Vec<Part> {
        vec![part::<RawDimension>("dimensions", Layout::List)]
    }
}
impl Recover for RawDimension {
    fn parts() -> Vec<Part> {
        vec![part::<RawMember>("members", Layout::List)]
    }
}
impl Recover for RawObservationBlock {
    fn parts() -> Vec<Part> {
        vec![part::<RawValue>("values", Layout::Map)]
    }
}
impl Recover for RawSite {}
impl Recover for RawFrontMatter {}
impl Recover for RawReport {}
impl Recover for RawTarget {}
impl Recover for RawTask {}
impl Recover for RawGroup {}
impl Recover for RawIndicator {}
impl Recover for RawMember {}
impl Recover for RawValue {}
impl Recover for BTreeMap<String, String> {}

/// The state of one file's second reading.
pub(crate) struct Recovery<'a> {
    rel: &'a str,
    index: &'a LocationIndex,
    /// serde's own first error, with the exact place it was found: used for the entry that
    /// holds it, whose problem is deeper than a field of the entry itself.
    original: Diagnostic,
    original_path: String,
    original_used: bool,
    diags: Diagnostics,
    /// How many diagnostics `diags` holds.
    reported: usize,
    dropped: Vec<Dropped>,
}

/// What the second reading gave: the value made of the readable entries (none when the file's
/// own fields are missing or wrong), its diagnostics, and the entries left out.
pub(super) struct Recovered<T> {
    pub value: Option<T>,
    pub diags: Diagnostics,
    pub dropped: Vec<Dropped>,
}

/// Read `text` again entry by entry, after serde failed on it with `original` (its error as
/// a diagnostic). `None` when it is not even a YAML tree (a syntax error: serde's message is
/// then the whole story).
pub(super) fn recover<T: Recover>(
    rel: &str,
    text: &str,
    index: &LocationIndex,
    original: Diagnostic,
) -> Option<Recovered<T>> {
    let mut tree: Value = serde_yaml::from_str(text).ok()?;
    let original_path = original.key_path.clone().unwrap_or_default();
    let mut r = Recovery {
        rel,
        index,
        original,
        original_path,
        original_used: false,
        diags: Diagnostics::default(),
        reported: 0,
        dropped: Vec::new(),
    };
    let shape = Shape::of::<T>();
    let value = if r.entry::<T>(&mut tree, "", &shape) {
        T::deserialize(&tree).ok()
    } else {
        None
    };
    Some(Recovered {
        value,
        diags: r.diags,
        dropped: r.dropped,
    })
}

impl Recovery<'_> {
    /// Check one entry of type `E` at `path`, report its problems, and say whether it can be
    /// kept (its unknown keys, reported, are removed from it).
    fn entry<E: Recover>(&mut self, value: &mut Value, path: &str, shape: &Shape) -> bool {
        if E::deserialize(&*value).is_ok() {
            return true;
        }
        let reported_before = self.reported;
        // The entries of its own lists first, each on its own.
        if let Value::Mapping(map) = value {
            for part in E::parts() {
                self.part(map, path, &part);
            }
        }
        let mut missing_any = false;
        if let (Value::Mapping(map), false) = (&mut *value, shape.fields.is_empty()) {
            let mut suggested = Vec::new();
            let unknown: Vec<Value> = map
                .keys()
                .filter(|k| k.as_str().is_none_or(|k| !shape.fields.contains(&k)))
                .cloned()
                .collect();
            for key in &unknown {
                let name = key_text(key);
                let suggestion = did_you_mean(&name, shape.fields.iter().copied());
                suggested.extend(suggestion);
                let key_path = join_key(path, &name);
                let d = serde_messages::unknown_field(self.rel, &name, shape.fields, suggestion)
                    .at(self.index.key(&key_path))
                    .key_path(key_path);
                self.push(d);
                map.remove(key);
            }
            for field in &shape.required {
                let present = map.contains_key(*field);
                if present || suggested.contains(field) {
                    // Misspelt: reported as the unknown key it was written as.
                    missing_any |= !present;
                    continue;
                }
                missing_any = true;
                // At the entry's first key (`- id: "1"`): where the entry starts to a reader.
                let first_key = map
                    .keys()
                    .next()
                    .filter(|_| !path.is_empty())
                    .and_then(|k| self.index.key(&join_key(path, &key_text(k))));
                let d = serde_messages::missing_field(self.rel, field, shape.holds(field))
                    .at(first_key.or_else(|| self.entry_position(path)))
                    .key_path(path.to_string());
                self.push(d);
            }
        }
        if self.reported > reported_before {
            self.claim_original(path);
        }
        if !missing_any {
            match E::deserialize(&*value) {
                Ok(_) => return true,
                Err(e) => self.deeper(value, path, &e),
            }
        }
        self.drop_entry(value, path);
        false
    }

    /// Check every entry of `map[part.key]`, leaving out those that cannot be read.
    fn part(&mut self, map: &mut Mapping, path: &str, part: &Part) {
        let key_path = join_key(path, part.key);
        let shape = (part.shape)();
        match (map.get_mut(part.key), part.layout) {
            (Some(Value::Sequence(items)), Layout::List) => {
                let mut i = 0;
                items.retain_mut(|item| {
                    let keep = (part.check)(item, &join_index(&key_path, i), &shape, self);
                    i += 1;
                    keep
                });
            }
            (Some(Value::Mapping(entries)), Layout::Map) => {
                let keys: Vec<Value> = entries.keys().cloned().collect();
                for key in keys {
                    let entry_path = join_key(&key_path, &key_text(&key));
                    let keep = match entries.get_mut(&key) {
                        Some(entry) => (part.check)(entry, &entry_path, &shape, self),
                        None => true,
                    };
                    if !keep {
                        entries.remove(&key);
                    }
                }
            }
            _ => {}
        }
    }

    /// The entry's problem is inside one of its fields: serde's own message, located at the
    /// exact place when it is serde's first error, else at the key it names or the entry.
    fn deeper(&mut self, value: &Value, path: &str, e: &serde_yaml::Error) {
        if !self.original_used && within(&self.original_path, path) {
            self.original_used = true;
            self.push(self.original.clone());
            return;
        }
        let message = e.to_string();
        let named = serde_messages::unknown_name(&message)
            .and_then(|name| find_key(value, path, &name, 0))
            .unwrap_or_else(|| path.to_string());
        let position = self.index.key(&named).or_else(|| self.entry_position(path));
        let mut d = serde_messages::message_diagnostic(self.rel, &message, position, Some(&named));
        if !named.is_empty() {
            d = d.key_path(named);
        }
        self.push(d);
    }

    fn push(&mut self, d: Diagnostic) {
        self.reported += 1;
        self.diags.push(d);
    }

    /// serde's first error lies in an entry that has now been reported in full: do not report
    /// it a second time.
    fn claim_original(&mut self, path: &str) {
        if within(&self.original_path, path) && !path.is_empty() {
            self.original_used = true;
        }
    }

    fn entry_position(&self, path: &str) -> Option<Position> {
        // The file itself: where serde placed its own complaint about it, when it had one.
        if path.is_empty() && self.original_path.is_empty() {
            return self.original.position.or_else(|| self.index.value(path));
        }
        // The file itself otherwise: the start of its first line.
        if path.is_empty() {
            return self.index.value(path).map(|p| Position { column: 1, ..p });
        }
        self.index.value(path)
    }

    /// Record an entry left out (the file itself is not recorded: it is simply unread).
    fn drop_entry(&mut self, value: &Value, path: &str) {
        if path.is_empty() {
            return;
        }
        let text = |v: Option<&Value>| v.and_then(scalar_text);
        let (ids, period) = match value {
            Value::Mapping(map) => {
                let mut ids: Vec<String> = text(map.get("id")).into_iter().collect();
                if let Some(Value::Mapping(values)) = map.get("values") {
                    ids.extend(values.keys().map(key_text));
                }
                (ids, text(map.get("period")))
            }
            _ => (Vec::new(), None),
        };
        // A figure under `values:` is named by its key, and dated by its block.
        let (ids, period) = match path.rsplit_once(".values.") {
            Some((block, id)) if ids.is_empty() => (
                vec![id.to_string()],
                self.index
                    .scalar(&join_key(block, "period"))
                    .map(str::to_string),
            ),
            _ => (ids, period),
        };
        // An entry of a list inside an entry (`dimensions[0].members[2]`): its parent's id.
        let within = path
            .rsplit_once('.')
            .filter(|(parent, _)| parent.ends_with(']'))
            .and_then(|(parent, _)| self.index.scalar(&join_key(parent, "id")))
            .map(str::to_string);
        self.dropped.push(Dropped {
            file: self.rel.to_string(),
            path: path.to_string(),
            position: self.entry_position(path),
            ids,
            period,
            within,
        });
    }
}

/// True when `inner` is `outer` or lies inside it (`tasks[3].title` inside `tasks[3]`).
fn within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The path of the first key `name` under `value` (at `path`), looked for a few levels deep
/// only: the place of a misspelt key inside a label or a figure.
fn find_key(value: &Value, path: &str, name: &str, depth: usize) -> Option<String> {
    const DEPTH: usize = 4;
    if depth > DEPTH {
        return None;
    }
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let key = key_text(k);
                if key == name {
                    return Some(join_key(path, &key));
                }
                if let Some(p) = find_key(v, &join_key(path, &key), name, depth + 1) {
                    return Some(p);
                }
            }
            None
        }
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_key(v, &join_index(path, i), name, depth + 1)),
        _ => None,
    }
}

fn key_text(key: &Value) -> String {
    scalar_text(key).unwrap_or_else(|| "…".to_string())
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_within() {
        assert!(within("tasks[3].title", "tasks[3]"));
        assert!(within("tasks[3]", "tasks[3]"));
        assert!(!within("tasks[31]", "tasks[3]"));
        assert!(within("anything", ""));
    }
}
