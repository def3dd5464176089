//! A map from YAML key paths to their line and column, and the duplicate keys of a file.
//!
//! serde gives a location only for the first structural error it meets. Semantic errors found
//! later ("unknown indicator", "numerator above denominator") must still point at a line, so
//! a file with something to report is read a second time as a stream of marked events
//! (yaml-rust2) and each node is indexed by its key path, e.g.
//! `observations[0].values.tthc-total`. The same pass finds every duplicate key, which
//! serde_yaml reports one at a time and without a location. A file without problems is never
//! indexed: on the synthetic national dataset this halved the time of `check`.
//!
//! The events come from [`nesting::walk`], one at a time and without recursion, so a file
//! nested thousands of levels deep is indexed down to [`nesting::MAX_DEPTH`] and the place
//! where it goes deeper is kept ([`LocationIndex::too_deep`]) instead of overflowing the stack.

use super::nesting::{self, position as pos, Walk};
use crate::diagnostics::Position;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

/// Where a node is: the key that introduces it (in a mapping) and the value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub key: Option<Position>,
    pub value: Position,
    /// The scalar's source text when the node is a scalar (`41.10` keeps its trailing zero).
    pub scalar: Option<String>,
}

/// A key that appears twice in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub path: String,
    pub key: String,
    pub first: Position,
    pub second: Position,
}

/// The index of one YAML document, built the first time it is asked for.
///
/// A file that parses and holds no mistake never needs it (serde has already read the values,
/// and duplicate keys make serde fail: see [`crate::load::raw::UniqueMap`]), so the second
/// parse is paid only by files with a problem to locate or a `stated` rate to read as written.
#[derive(Debug, Default, Clone)]
pub struct LocationIndex {
    text: Arc<str>,
    /// Added to every line: the front matter of a Markdown file starts below its `---`.
    line_offset: usize,
    built: OnceLock<Built>,
    /// The nodes are a table's cells (see [`LocationIndex::from_nodes`]), not YAML text.
    tabular: bool,
}

#[derive(Debug, Default, Clone)]
struct Built {
    nodes: HashMap<String, Location>,
    duplicates: Vec<DuplicateKey>,
    /// Where a collection starts more than `MAX_DEPTH` levels deep (nothing below is indexed).
    too_deep: Option<Position>,
    /// The first alias (`*name`), where a file whose aliases expand too far is shown.
    first_alias: Option<Position>,
}

impl LocationIndex {
    /// The index of `text`, whose first line is line `line_offset + 1` of its file. Nothing is
    /// parsed yet.
    pub fn new(text: Arc<str>, line_offset: usize) -> LocationIndex {
        LocationIndex {
            text,
            line_offset,
            built: OnceLock::new(),
            tabular: false,
        }
    }

    /// An index of nodes that were not read from YAML text: the cells of a table, each under
    /// the key path of the entry it became (see [`crate::load::tables`]).
    pub fn from_nodes(nodes: HashMap<String, Location>) -> LocationIndex {
        let built = OnceLock::new();
        let _ = built.set(Built {
            nodes,
            ..Built::default()
        });
        LocationIndex {
            text: Arc::from(""),
            line_offset: 0,
            built,
            tabular: true,
        }
    }

    /// True when the index is of a table's cells: a fix is then said in a spreadsheet's terms.
    pub fn is_tabular(&self) -> bool {
        self.tabular
    }

    fn built(&self) -> &Built {
        self.built
            .get_or_init(|| Built::parse(&self.text, self.line_offset))
    }

    /// The keys written twice in one mapping, in the order they appear.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.built().duplicates
    }

    /// Where the file nests more than [`nesting::MAX_DEPTH`] levels deep, if it does.
    pub fn too_deep(&self) -> Option<Position> {
        self.built().too_deep
    }

    /// The position of the file's first alias (`*name`), if it has one.
    pub fn first_alias(&self) -> Option<Position> {
        self.built().first_alias
    }

    /// The node at `path`, or the nearest indexed ancestor when the path is not in the file
    /// (a default value, a key that was never written).
    pub fn find(&self, path: &str) -> Option<&Location> {
        let nodes = &self.built().nodes;
        let mut p = path;
        loop {
            if let Some(loc) = nodes.get(p) {
                return Some(loc);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// Position of the value at `path` (or its nearest ancestor).
    pub fn value(&self, path: &str) -> Option<Position> {
        self.find(path).map(|l| l.value)
    }

    /// Position of the key that introduces `path`, falling back to the value.
    pub fn key(&self, path: &str) -> Option<Position> {
        self.find(path).map(|l| l.key.unwrap_or(l.value))
    }

    /// The scalar text at exactly `path`.
    pub fn scalar(&self, path: &str) -> Option<&str> {
        self.built()
            .nodes
            .get(path)
            .and_then(|l| l.scalar.as_deref())
    }
}

impl Built {
    /// Index the first document of `text`. A file that does not parse gives an empty index
    /// (serde reports the syntax error with its own location), except for the place where it
    /// nests too deep.
    fn parse(text: &str, line_offset: usize) -> Built {
        let mut builder = Builder::default();
        let mut built = match nesting::walk(text, |event, mark| builder.on_event(event, mark)) {
            Walk::Complete => Built {
                nodes: builder.nodes,
                duplicates: builder.duplicates,
                too_deep: None,
                first_alias: builder.first_alias,
            },
            Walk::TooDeep(at) => Built {
                too_deep: Some(at),
                ..Built::default()
            },
            Walk::Invalid(_) => Built::default(),
        };
        if line_offset > 0 {
            let shift = |p: &mut Position| p.line += line_offset;
            for loc in built.nodes.values_mut() {
                if let Some(k) = loc.key.as_mut() {
                    shift(k);
                }
                shift(&mut loc.value);
            }
            for d in &mut built.duplicates {
                shift(&mut d.first);
                shift(&mut d.second);
            }
            built.too_deep.iter_mut().for_each(shift);
            built.first_alias.iter_mut().for_each(shift);
        }
        built
    }
}

/// The longest key written whole into a path. Ids and field names are short; a longer key is
/// written `…`, since every path below a key repeats it (a 200 KB key over a list of 20,000
/// items made 4 GB of paths). Nothing is looked up by such a key: it is no id.
pub const PATH_KEY_MAX: usize = 256;

/// The longest path indexed. Real paths are short (`observations[12].values.dvcty-online-rate
/// .by.service.passport`); a node whose path would be longer is not indexed, nor anything
/// below it, so the index stays in proportion to the file however keys and levels combine.
/// A lookup below it finds the nearest indexed ancestor.
pub const PATH_MAX: usize = 1024;

/// Joins a parent path and a mapping key: `a` + `b` → `a.b`, root + `b` → `b`.
pub fn join_key(parent: &str, key: &str) -> String {
    let key = if key.len() > PATH_KEY_MAX { "…" } else { key };
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Joins a parent path and a sequence index: `a` + 3 → `a[3]`.
pub fn join_index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

enum Frame {
    Mapping {
        path: String,
        pending_key: Option<(String, Position)>,
        seen: HashMap<String, Position>,
    },
    Sequence {
        path: String,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: skipped, it has no path.
    Ignored,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    nodes: HashMap<String, Location>,
    duplicates: Vec<DuplicateKey>,
    first_alias: Option<Position>,
}

impl Builder {
    /// Called at the start of every node. Returns the node's path, or `None` when the node is
    /// a mapping key (recorded as pending), inside an ignored key, or at a path longer than
    /// [`PATH_MAX`] (then nothing below it is indexed either).
    fn enter(&mut self, mark: Marker, scalar: Option<&str>) -> Option<(String, Option<Position>)> {
        self.path_of(mark, scalar)
            .filter(|(path, _)| path.len() <= PATH_MAX)
    }

    fn path_of(
        &mut self,
        mark: Marker,
        scalar: Option<&str>,
    ) -> Option<(String, Option<Position>)> {
        let here = pos(mark);
        match self.stack.last_mut() {
            None => Some((String::new(), None)),
            Some(Frame::Ignored) => None,
            Some(Frame::Sequence { path, next }) => {
                let p = join_index(path, *next);
                *next += 1;
                Some((p, None))
            }
            Some(Frame::Mapping {
                path,
                pending_key,
                seen,
            }) => match pending_key.take() {
                Some((key, key_pos)) => Some((join_key(path, &key), Some(key_pos))),
                None => {
                    let key = scalar.unwrap_or_default().to_string();
                    if let Some(first) = seen.get(&key) {
                        self.duplicates.push(DuplicateKey {
                            path: path.clone(),
                            key: key.clone(),
                            first: *first,
                            second: here,
                        });
                    } else {
                        seen.insert(key.clone(), here);
                    }
                    *pending_key = Some((key, here));
                    None
                }
            },
        }
    }

    fn is_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Mapping {
                pending_key: None,
                ..
            })
        )
    }
}

impl Builder {
    /// Index one event; stops at the end of the first document (serde reads only one).
    fn on_event(&mut self, ev: Event, mark: Marker) -> ControlFlow<()> {
        match ev {
            Event::Scalar(text, ..) => {
                if let Some((path, key)) = self.enter(mark, Some(&text)) {
                    self.nodes.insert(
                        path,
                        Location {
                            key,
                            value: pos(mark),
                            scalar: Some(text),
                        },
                    );
                }
            }
            Event::Alias(_) => {
                self.first_alias.get_or_insert(pos(mark));
                if let Some((path, key)) = self.enter(mark, None) {
                    self.nodes.insert(
                        path,
                        Location {
                            key,
                            value: pos(mark),
                            scalar: None,
                        },
                    );
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(ev, Event::MappingStart(..));
                if self.is_key_position() {
                    // A complex key: index nothing inside it, and give the mapping a key so
                    // that its value still gets a path.
                    if let Some(Frame::Mapping { pending_key, .. }) = self.stack.last_mut() {
                        *pending_key = Some(("?".to_string(), pos(mark)));
                    }
                    self.stack.push(Frame::Ignored);
                    return ControlFlow::Continue(());
                }
                let Some((path, key)) = self.enter(mark, None) else {
                    self.stack.push(Frame::Ignored);
                    return ControlFlow::Continue(());
                };
                self.nodes.insert(
                    path.clone(),
                    Location {
                        key,
                        value: pos(mark),
                        scalar: None,
                    },
                );
                self.stack.push(if is_mapping {
                    Frame::Mapping {
                        path,
                        pending_key: None,
                        seen: HashMap::new(),
                    }
                } else {
                    Frame::Sequence { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::DocumentEnd => return ControlFlow::Break(()),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: x\nobservations:\n  - period: \"2025-04\"\n    values:\n      tthc-total: 1681\n      rate: { numerator: 3, stated: 41.10 }\n";

    #[test]
    fn indexes_nested_paths() {
        let idx = LocationIndex::new(Arc::from(DOC), 0);
        assert_eq!(idx.value("name"), Some(Position { line: 1, column: 7 }));
        assert_eq!(
            idx.key("observations[0].values.tthc-total"),
            Some(Position { line: 5, column: 7 })
        );
        assert_eq!(
            idx.value("observations[0].values.tthc-total"),
            Some(Position {
                line: 5,
                column: 19
            })
        );
        assert_eq!(
            idx.scalar("observations[0].values.rate.stated"),
            Some("41.10")
        );
        // A path that is not written falls back to its parent.
        assert_eq!(
            idx.key("observations[0].values.rate.denominator"),
            Some(Position { line: 6, column: 7 })
        );
    }

    #[test]
    fn finds_duplicate_keys_with_both_positions() {
        let idx = LocationIndex::new(Arc::from("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n"), 2);
        let found: Vec<(String, String, usize, usize)> = idx
            .duplicates()
            .iter()
            .map(|d| (d.path.clone(), d.key.clone(), d.first.line, d.second.line))
            .collect();
        assert_eq!(
            found,
            [
                ("b".into(), "c".into(), 5, 6),
                ("".into(), "a".into(), 3, 7)
            ]
        );
    }

    #[test]
    fn a_deep_file_is_indexed_without_recursion_and_its_depth_located() {
        let deep = format!("a: 1\nb:\n  {}x\n", "- ".repeat(20_000));
        let idx = LocationIndex::new(Arc::from(deep), 1);
        // `b`'s list is level 2 at column 3: level 129 is 127 `- ` further.
        assert_eq!(
            idx.too_deep(),
            Some(Position {
                line: 4,
                column: 257
            })
        );
        assert_eq!(
            idx.value("a"),
            None,
            "nothing of a file too deep is trusted"
        );
        let shallow = LocationIndex::new(Arc::from("a: &x 1\nb: *x\n"), 0);
        assert_eq!(shallow.too_deep(), None);
        assert_eq!(shallow.first_alias(), Some(Position { line: 2, column: 4 }));
    }

    #[test]
    fn a_long_key_is_not_repeated_in_every_path_below_it() {
        let long = "k".repeat(PATH_KEY_MAX + 1);
        let text = format!("short: 1\n? {long}\n: [a, b]\n");
        let idx = LocationIndex::new(Arc::from(text), 0);
        assert_eq!(idx.value("…[1]"), Some(Position { line: 3, column: 7 }));
        assert_eq!(idx.value("short"), Some(Position { line: 1, column: 8 }));
        assert_eq!(
            join_key("a", &"k".repeat(PATH_KEY_MAX)).len(),
            PATH_KEY_MAX + 2
        );
    }
}
