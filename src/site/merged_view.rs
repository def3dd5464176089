//! What a page shows of a merged province's computed figures (see [`super::merged`]): the
//! "before the merger" section of its page, the words of a gap, and the names of its parts.

use super::cells::{cell, cited_cell, Cell, Index, Link};
use super::merged::{Combined, Gap, Merged, Outcome, Part, Successor};
use super::province::indicator_link;
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Lang, Province, Slug};
use crate::theme::Strings;
use serde::Serialize;

/// The "before the merger" section of a merged province's page.
#[derive(Debug, Serialize)]
pub struct BeforeView {
    /// What the section computes, from which units, and how.
    pub intro: String,
    /// The indicators with a value computed for at least one period.
    pub rows: Vec<BeforeRow>,
    /// "No figure … can be computed yet", when no indicator has one.
    pub none: Option<String>,
    /// The indicators with no computed value, grouped by the reason of their latest period.
    pub gaps: Vec<GapGroup>,
}

/// One indicator: its latest computed value, and what became of the periods after it.
#[derive(Debug, Serialize)]
pub struct BeforeRow {
    pub indicator: Link,
    pub computed: ComputedView,
    /// "Tính được 2/3 kỳ", when the indicator has more than one period.
    pub coverage: Option<String>,
    /// The latest period, when it came after the computed one and could not be computed:
    /// "tháng 6/2025: Epsilon không có số liệu cho kỳ này."
    pub later: Option<String>,
}

/// Indicators that share the reason why none of their periods was computed.
#[derive(Debug, Serialize)]
pub struct GapGroup {
    pub reason: String,
    pub indicators: Vec<Link>,
}

/// A computed value, with its parts for the reader who wants to check it.
#[derive(Debug, Serialize)]
pub struct ComputedView {
    pub value: Cell,
    /// "Tính từ An Giang và Kiên Giang"
    pub from: String,
    pub parts: Vec<PartView>,
}

#[derive(Debug, Serialize)]
pub struct PartView {
    pub province: Link,
    pub value: Cell,
}

/// The section for province `p`, or `None` when it was not formed from a unit on file.
pub fn before_view<'s>(
    idx: &Index<'s>,
    merged: &Merged<'s>,
    p: &Province,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Option<BeforeView> {
    let successor = merged.of(&p.slug)?;
    let site = idx.site;
    let mut rows = Vec::new();
    let mut gaps: Vec<GapGroup> = Vec::new();
    for group in &site.groups {
        for ind in idx.indicators_in(&group.id) {
            let series = merged.series(idx, &p.slug, &ind.id);
            let Some(latest) = series.last() else {
                continue;
            };
            let link = indicator_link(ind, lang, urls);
            let last_value = series.iter().rev().find(|c| c.outcome.value().is_some());
            let Some(view) =
                last_value.and_then(|c| computed_view(idx, successor, c, lang, urls, t))
            else {
                if let Outcome::Gap(g) = &latest.outcome {
                    let reason = gap_text(idx, g, lang, t);
                    match gaps.iter_mut().find(|x| x.reason == reason) {
                        Some(x) => x.indicators.push(link),
                        None => gaps.push(GapGroup {
                            reason,
                            indicators: vec![link],
                        }),
                    }
                }
                continue;
            };
            let computed = series
                .iter()
                .filter(|c| c.outcome.value().is_some())
                .count();
            rows.push(BeforeRow {
                indicator: link,
                computed: view,
                coverage: (series.len() > 1).then(|| {
                    t.fill(
                        "merger_coverage",
                        &[
                            ("count", &computed.to_string()),
                            ("total", &series.len().to_string()),
                        ],
                    )
                }),
                later: match &latest.outcome {
                    Outcome::Gap(g) => Some(format!(
                        "{}: {}",
                        latest.period.label(lang),
                        gap_text(idx, g, lang, t)
                    )),
                    Outcome::Value { .. } => None,
                },
            });
        }
    }
    if rows.is_empty() && gaps.is_empty() {
        return None;
    }
    let date = successor.from.map(|d| format::date(d, lang));
    let intro = t.fill(
        "merger_before_intro",
        &[
            ("date", date.as_deref().unwrap_or("")),
            ("units", &part_names(idx, successor, lang, t)),
        ],
    );
    let none = rows.is_empty().then(|| t.get("merger_none").to_string());
    Some(BeforeView {
        intro,
        rows,
        none,
        gaps,
    })
}

/// A computed value as a page shows it (`None` for a gap).
pub fn computed_view(
    idx: &Index,
    successor: &Successor,
    c: &Combined,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Option<ComputedView> {
    let Outcome::Value { figure, parts } = &c.outcome else {
        return None;
    };
    let ind = idx.indicator(&figure.indicator)?;
    let mut cite = super::citation::Citations::new(idx, lang, urls, t);
    Some(ComputedView {
        value: cell(figure, ind, lang, t),
        from: t.fill(
            "merger_computed_from",
            &[("units", &part_names(idx, successor, lang, t))],
        ),
        parts: parts
            .iter()
            .map(|o| PartView {
                province: Link {
                    href: format!(
                        "{}#i-{}",
                        urls.href(&urls::province(lang, &o.province)),
                        o.indicator
                    ),
                    label: idx.site.province_name(&o.province, lang),
                },
                value: cited_cell(o, ind, &mut cite, lang, t),
            })
            .collect(),
    })
}

/// "An Giang và Kiên Giang": every unit the province was formed from.
pub fn part_names(idx: &Index, successor: &Successor, lang: Lang, t: &Strings) -> String {
    let names: Vec<String> = successor
        .parts
        .iter()
        .map(|u| match u {
            Part::Listed(slug) => idx.site.province_name(slug, lang),
            Part::Unlisted(name) => name.get(lang).to_string(),
        })
        .collect();
    and_list(&names, t)
}

/// Why a period has no computed value, in words.
pub fn gap_text(idx: &Index, gap: &Gap, lang: Lang, t: &Strings) -> String {
    let slugs = |units: &[&Slug]| {
        let names: Vec<String> = units
            .iter()
            .map(|s| idx.site.province_name(s, lang))
            .collect();
        and_list(&names, t)
    };
    match gap {
        Gap::NotCombinable => t.get("merger_gap_not_combinable").to_string(),
        Gap::NoData(names) => {
            let names: Vec<String> = names.iter().map(|n| n.get(lang).to_string()).collect();
            t.fill("merger_gap_no_data", &[("units", &and_list(&names, t))])
        }
        Gap::Missing { units, other } if other.is_empty() => {
            t.fill("merger_gap_missing", &[("units", &slugs(units))])
        }
        Gap::Missing { units, other } => {
            let periods: Vec<String> = other.iter().map(|q| q.label(lang)).collect();
            t.fill(
                "merger_gap_missing_other",
                &[("units", &slugs(units)), ("periods", &periods.join("; "))],
            )
        }
        Gap::NoCounts(units) => t.fill("merger_gap_no_counts", &[("units", &slugs(units))]),
        Gap::NotApplicable(units) => {
            t.fill("merger_gap_not_applicable", &[("units", &slugs(units))])
        }
        Gap::Starts => t.get("merger_gap_starts").to_string(),
        Gap::AsOf => t.get("merger_gap_as_of").to_string(),
    }
}

/// "A", "A và B", "A, B và C".
pub fn and_list(names: &[String], t: &Strings) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), t.get("list_and")),
    }
}
