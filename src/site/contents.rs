//! The contents list of a long page: the sections it renders, in order, each with the id of
//! its heading and, for a section made of groups, the groups inside it.
//!
//! A page's template renders its sections by walking this same list, and
//! `partials/contents.html` links to them from it: the contents cannot name a section the
//! page lacks, nor miss one it has.

use serde::Serialize;

/// One section of a page: its heading's id and text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub label: String,
    /// A word on what the section holds ("12 tasks"), shown beside the link.
    pub note: Option<String>,
    /// Which item of the view's list the section shows (the N-th breakdown of an indicator),
    /// for a page with several sections of one kind.
    pub item: Option<usize>,
    /// The groups inside the section (the indicator groups of "All indicators").
    pub children: Vec<Section>,
}

impl Section {
    pub fn new(id: &str, label: &str) -> Section {
        Section {
            id: id.to_string(),
            label: label.to_string(),
            note: None,
            item: None,
            children: Vec::new(),
        }
    }
}
