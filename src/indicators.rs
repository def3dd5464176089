//! `minhbach indicators [QUERY]`: the site's indicator catalogue as an author looks it up
//! (which id do I write for "hồ sơ trực tuyến"?), in the terminal.
//!
//! Input: the site's files, read by `load` and checked by the catalogue's own validator (the
//! same functions as `check`), so a broken province file does not hide the catalogue. Output:
//! the indicators by group, in the order of `data/indicators.yaml`'s groups, each with its
//! id, unit, scope and label in the language asked for, wrapped to 80 columns; with a query,
//! only those whose id, labels (both languages) or group label hold every word of it, folded
//! (see [`crate::model::fold`]).

use crate::diagnostics::Diagnostics;
use crate::load::IoFailure;
use crate::model::fold::Query;
use crate::model::{Group, Indicator, Lang, Scope, Slug, Unit};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// Width of the listing: a terminal's default.
const WIDTH: usize = 80;

/// The catalogue as far as it is valid, and the problems of its files.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub groups: Vec<Group>,
    pub indicators: BTreeMap<Slug, Indicator>,
    /// The problems of the catalogue's files only (the site's other problems are `check`'s).
    pub diagnostics: Diagnostics,
    /// The text of the files read, for quoting the lines of the diagnostics.
    pub sources: BTreeMap<String, Arc<str>>,
}

/// Read the catalogue of the site under `root`.
pub fn read(root: &Path) -> Result<Catalogue, IoFailure> {
    let mut all = Diagnostics::default();
    let loaded = crate::load::load(root, &mut all)?;
    let (groups, indicators) = crate::validate::catalogue_only(&loaded, &mut all);
    let mut diagnostics = Diagnostics::default();
    for d in all.iter() {
        if d.file.starts_with("data/indicators.") || d.file.starts_with("data/dimensions.") {
            diagnostics.push(d.clone());
        }
    }
    Ok(Catalogue {
        groups,
        indicators,
        diagnostics,
        sources: loaded.sources,
    })
}

impl Catalogue {
    /// The indicators `query` finds, by group in the catalogue's order, then by id.
    pub fn find(&self, query: &Query) -> Vec<(&Group, Vec<&Indicator>)> {
        self.groups
            .iter()
            .map(|group| {
                let found = self
                    .indicators
                    .values()
                    .filter(|i| i.group == group.id)
                    .filter(|i| {
                        query.matches([
                            i.id.as_str(),
                            &i.label.vi,
                            &i.label.en,
                            &group.label.vi,
                            &group.label.en,
                        ])
                    })
                    .collect::<Vec<_>>();
                (group, found)
            })
            .filter(|(_, found)| !found.is_empty())
            .collect()
    }
}

/// The listing of what `query` finds, in `lang`; a sentence saying so when nothing matches.
pub fn listing(catalogue: &Catalogue, query: &Query, lang: Lang) -> String {
    let found = catalogue.find(query);
    let total: usize = found.iter().map(|(_, i)| i.len()).sum();
    let mut out = String::new();
    if total == 0 {
        let _ = writeln!(out, "{}", nothing_found(catalogue, query, lang));
        return out;
    }
    for (group, indicators) in &found {
        for line in wrap(group.label.get(lang), 0) {
            let _ = writeln!(out, "{line}");
        }
        let count = match lang {
            Lang::Vi => format!("{} chỉ tiêu", indicators.len()),
            Lang::En => plural(indicators.len(), "indicator"),
        };
        let _ = writeln!(out, "[{}] {count}", group.id);
        for i in indicators {
            let _ = writeln!(
                out,
                "  {}  ({}, {})",
                i.id,
                unit(i.unit, lang),
                scope(i.scope, lang)
            );
            for line in wrap(i.label.get(lang), 6) {
                let _ = writeln!(out, "{line}");
            }
        }
        out.push('\n');
    }
    let shown = match (lang, query.is_empty()) {
        (Lang::Vi, true) => format!("{total} chỉ tiêu trong {} nhóm", found.len()),
        (Lang::Vi, false) => format!(
            "tìm thấy {total} trong {} chỉ tiêu",
            catalogue.indicators.len()
        ),
        (Lang::En, true) => format!(
            "{} in {}",
            plural(total, "indicator"),
            plural(found.len(), "group")
        ),
        (Lang::En, false) => format!(
            "{total} of {} found",
            plural(catalogue.indicators.len(), "indicator")
        ),
    };
    let _ = writeln!(out, "{shown}");
    out
}

fn nothing_found(catalogue: &Catalogue, query: &Query, lang: Lang) -> String {
    match (lang, query.is_empty(), catalogue.indicators.is_empty()) {
        (Lang::Vi, _, true) => "danh mục chưa có chỉ tiêu nào (data/indicators.yaml)".into(),
        (Lang::En, _, true) => "the catalogue has no indicator yet (data/indicators.yaml)".into(),
        (Lang::Vi, _, false) => format!(
            "không có chỉ tiêu nào khớp với mọi từ của \"{}\" trong {} chỉ tiêu (tìm theo mã, tên tiếng Việt, tên tiếng Anh và tên nhóm; có dấu hay không dấu đều được)",
            query.text(),
            catalogue.indicators.len()
        ),
        (Lang::En, _, false) => format!(
            "no indicator matches every word of \"{}\" among {} (ids, Vietnamese and English labels and group labels are searched, with or without diacritics)",
            query.text(),
            plural(catalogue.indicators.len(), "indicator")
        ),
    }
}

/// The unit, short.
fn unit(unit: Unit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (Unit::Percent, _) => "%",
        (Unit::Count, Lang::Vi) => "số lượng",
        (Unit::Count, Lang::En) => "count",
        (Unit::Persons, Lang::Vi) => "số người",
        (Unit::Persons, Lang::En) => "people",
        (Unit::Vnd, Lang::Vi) => "đồng",
        (Unit::Vnd, Lang::En) => "VND",
        (Unit::Points, Lang::Vi) => "điểm",
        (Unit::Points, Lang::En) => "points",
    }
}

/// What a figure of the indicator covers, short.
fn scope(scope: Scope, lang: Lang) -> &'static str {
    match (scope, lang) {
        (Scope::Period, Lang::Vi) => "phát sinh trong kỳ",
        (Scope::Period, Lang::En) => "during the period",
        (Scope::Cumulative, Lang::Vi) => "lũy kế",
        (Scope::Cumulative, Lang::En) => "running total",
        (Scope::Snapshot, Lang::Vi) => "hiện trạng",
        (Scope::Snapshot, Lang::En) => "status at report date",
    }
}

/// `text` in lines of at most [`WIDTH`] characters, each indented by `indent` spaces (a word
/// longer than a line stands alone on its line).
fn wrap(text: &str, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if width > 0 && indent + width + 1 + n > WIDTH {
            lines.push(format!("{pad}{line}"));
            line.clear();
            width = 0;
        }
        if width > 0 {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += n;
    }
    if width > 0 {
        lines.push(format!("{pad}{line}"));
    }
    lines
}

fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_to_the_width_and_keeps_every_word() {
        let label = "Tỷ lệ hồ sơ dịch vụ công thiết yếu nộp trực tuyến trên tổng số hồ sơ tiếp nhận trong kỳ của các sở, ban, ngành";
        let lines = wrap(label, 6);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(line.chars().count() <= WIDTH, "{line}");
            assert!(line.starts_with("      ") && !line.starts_with("       "));
        }
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, label.split_whitespace().collect::<Vec<_>>());
    }
}
