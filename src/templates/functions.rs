//! The Tera functions minhbach gives templates: the figure tables of a page
//! (`figure_tables`, `figure_groups`), one figure cell (`figure_cell`) and one source
//! (`source_citation`).
//!
//! A page's figure tables are not put into the template context as Tera values (150 rows of
//! a dozen fields on a national report page): the renderer lends them to these functions for
//! the time the page renders, and the context holds only a key naming them
//! ([`Tables::Lent`]). `figure_tables` writes them with [`super::tables`]; `figure_groups`
//! turns them into data only for a theme that lays them out itself.

use super::tables;
use crate::model::Lang;
use crate::site::province::{GroupTable, Tables};
use crate::theme::Strings;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use tera::{Kwargs, State, Value};

/// A page's figure tables and the language they are written in.
type PageTables = Arc<(Vec<GroupTable>, Lang)>;

/// The tables of the pages being rendered, by key.
#[derive(Default)]
pub(super) struct LentTables {
    next: AtomicU64,
    pages: RwLock<crate::FastMap<String, PageTables>>,
}

/// The prefix of every key, so that a key cannot be mistaken for another string.
const KEY_PREFIX: &str = "figure-tables:";

impl LentTables {
    /// Lend `tables` of a page in `lang`: they become a key until [`Self::give_back`].
    pub fn lend(&self, tables: &mut Tables, lang: Lang) -> Option<String> {
        let Tables::Data(groups) = tables else {
            return None;
        };
        if groups.is_empty() {
            return None;
        }
        let key = format!("{KEY_PREFIX}{}", self.next.fetch_add(1, Ordering::Relaxed));
        let groups = std::mem::take(groups);
        // A writer that panicked cannot leave the map half-updated (each update is one insert
        // or remove), so a poisoned lock is still sound to use.
        self.pages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone(), Arc::new((groups, lang)));
        *tables = Tables::Lent(key.clone());
        Some(key)
    }

    /// The page is rendered: its tables are no longer needed.
    pub fn give_back(&self, key: &str) {
        self.pages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    fn get(&self, key: &str) -> Option<PageTables> {
        self.pages
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }
}

/// Register the functions on `tera`.
pub(super) fn register(
    tera: &mut tera::Tera,
    lent: &Arc<LentTables>,
    strings: &Arc<BTreeMap<Lang, Strings>>,
) {
    let (from, labels) = (Arc::clone(lent), Arc::clone(strings));
    tera.register_function("figure_tables", move |kwargs: Kwargs, _: &State| {
        let (groups, lang) = &*tables_of(&from, &kwargs)?;
        let strings = labels.get(lang).ok_or_else(|| {
            tera::Error::message(format!("no interface strings for {}", lang.code()))
        })?;
        Ok::<Value, tera::Error>(Value::safe_string(&tables::write(groups, strings, *lang)))
    });
    let from = Arc::clone(lent);
    tera.register_function("figure_groups", move |kwargs: Kwargs, _: &State| {
        let page = tables_of(&from, &kwargs)?;
        Ok::<Value, tera::Error>(Value::from_serializable(&page.0))
    });
    tera.register_function("figure_cell", |kwargs: Kwargs, state: &State| {
        let cell: Value = kwargs.must_get("cell")?;
        let field = |name: &'static str| {
            cell.get_from_path(name)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let t: Option<Value> = state.get("t")?;
        let label = t
            .as_ref()
            .and_then(|t| t.get_from_path("stated_differs"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut out = String::new();
        tables::cell(
            &mut out,
            field("headline").unwrap_or(""),
            field("detail"),
            field("since"),
            field("stated_differs"),
            label,
        );
        Ok::<Value, tera::Error>(Value::safe_string(&out))
    });
    tera.register_function("source_citation", source_citation);
}

/// `{{ source_citation(c=cell.citation) }}`: a citation (see `site::citation`) as the tables
/// write it; nothing for a cell without one.
fn source_citation(kwargs: Kwargs, state: &State) -> Result<Value, tera::Error> {
    let cite: Option<Value> = kwargs.get("c")?;
    let Some(cite) = cite.filter(|c| !c.is_none()) else {
        return Ok(Value::safe_string(""));
    };
    let field = |name: &'static str| {
        cite.get_from_path(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let t: Option<Value> = state.get("t")?;
    let official = t
        .as_ref()
        .and_then(|t| t.get_from_path("cite_official_copy"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let lang = state
        .get::<Value>("meta")?
        .and_then(|m| {
            m.get_from_path("lang")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .and_then(|code| Lang::parse(&code))
        .unwrap_or(Lang::Vi);
    let mut out = String::new();
    crate::site::citation::write_html(
        &mut out,
        field("text").unwrap_or(""),
        field("href"),
        field("url"),
        official,
        lang,
    );
    Ok(Value::safe_string(&out))
}

/// The lent tables named by the `tables` argument (`view.groups` or `view.figures`).
fn tables_of(lent: &LentTables, kwargs: &Kwargs) -> Result<PageTables, tera::Error> {
    let key: &str = kwargs.must_get("tables")?;
    if !key.starts_with(KEY_PREFIX) {
        return Err(tera::Error::message(
            "`tables` must be a page's figure tables: `view.groups` on a province page, `view.figures` on a report page",
        ));
    }
    lent.get(key).ok_or_else(|| {
        tera::Error::message("these figure tables belong to another page, which is already written")
    })
}
