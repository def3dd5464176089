//! The indicator page (definition, targets, every province's value with its period) and the
//! catalogue page that lists indicators by group.

use super::cells::{breakdown_matrix, target_view, Cell, Index, Link, TargetView};
use super::contents::Section;
use super::province::indicator_link;
use super::urls::{self, Urls};
use crate::model::{Aggregate, Direction, GroupKind, Indicator, Lang, Scope, Unit};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub label: String,
    pub description: String,
    pub group: Link,
    pub facts: Vec<(String, String)>,
    /// Two provinces or more have figures (see [`Index::compares_provinces`]): the values are
    /// shown as each province's.
    pub compares: bool,
    pub targets: Vec<NamedTarget>,
    /// Each province's latest value: one table, or on a site with a merger two (the provinces
    /// as they are today, and as they were before), each a section of its own.
    pub tables: Vec<ValueTable>,
    pub breakdowns: Vec<Breakdown>,
    pub comparison_chart: Option<super::charts::ChartView>,
    pub progress_chart: Option<super::charts::ChartView>,
    /// The sections the page renders, in order (see [`indicator_sections`]).
    pub sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
pub struct NamedTarget {
    /// The province a target was set for, or `None` for a national target.
    pub province: Option<Link>,
    pub target: TargetView,
    /// The target's source, cited.
    pub source: Option<super::citation::Citation>,
}

/// Provinces' latest values, as one table.
#[derive(Debug, Serialize)]
pub struct ValueTable {
    pub id: &'static str,
    pub heading: String,
    /// Which provinces the table holds, when there are two tables.
    pub lede: Option<String>,
    pub rows: Vec<ProvinceValue>,
    /// The values come from more than one period: the page warns before anyone compares them.
    pub mixed_periods: bool,
    pub periods: Vec<String>,
    /// The running totals start on different days (or some do not say): the page warns that
    /// they cannot be compared, as it does for periods.
    pub mixed_starts: bool,
    pub starts: Vec<String>,
    /// Provinces of the table without a value, with why none was computed when that is known.
    pub missing: Vec<MissingValue>,
}

#[derive(Debug, Serialize)]
pub struct ProvinceValue {
    pub province: Link,
    pub source_href: String,
    pub value: Cell,
    /// "Tính từ An Giang và Kiên Giang": computed from the units the province was formed
    /// from, not reported by it.
    pub computed_from: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MissingValue {
    pub province: Link,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Breakdown {
    pub dimension: String,
    pub provinces: Vec<Link>,
    pub periods: Vec<String>,
    /// One row per member; one cell per province (None where that province has no figure).
    pub rows: Vec<(String, Vec<Option<Cell>>)>,
    /// Per province column, the sources its members cite, each once.
    pub sources: Vec<Vec<std::sync::Arc<super::citation::Citation>>>,
}

fn unit_key(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "unit_percent",
        Unit::Count => "unit_count",
        Unit::Persons => "unit_persons",
        Unit::Vnd => "unit_vnd",
        Unit::Points => "unit_points",
    }
}

pub fn indicator_view<'s>(
    idx: &Index<'s>,
    merged: &super::merged::Merged<'s>,
    ind: &Indicator,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> IndicatorView {
    let site = idx.site;
    let group = site.groups.iter().find(|g| g.id == ind.group);
    let mut facts = vec![(t.get("indicator_unit").to_string(), {
        let unit = t.get(unit_key(ind.unit)).to_string();
        match &ind.count_noun {
            Some(n) => format!("{unit} ({})", n.get(lang)),
            None => unit,
        }
    })];
    facts.push((
        t.get("indicator_scope").to_string(),
        t.get(match ind.scope {
            Scope::Period => "scope_period",
            Scope::Cumulative => "scope_cumulative",
            Scope::Snapshot => "scope_snapshot",
        })
        .to_string(),
    ));
    facts.push((
        t.get("indicator_direction").to_string(),
        t.get(match ind.direction {
            Direction::HigherIsBetter => "direction_higher",
            Direction::LowerIsBetter => "direction_lower",
            Direction::Neutral => "direction_neutral",
        })
        .to_string(),
    ));
    // How figures add up across provinces means nothing where there is one.
    let compares = idx.compares_provinces();
    if compares {
        facts.push((
            t.get("indicator_aggregate").to_string(),
            t.get(match ind.aggregate {
                Aggregate::Sum => "aggregate_sum",
                Aggregate::RatioOfSums => "aggregate_ratio",
                Aggregate::None => "aggregate_none",
            })
            .to_string(),
        ));
    }
    facts.push((t.get("indicator_id").to_string(), ind.id.to_string()));

    let province_link = |slug: &crate::model::Slug| {
        let name = site.province_name(slug, lang);
        Link {
            href: urls.href(&urls::province(lang, slug)),
            label: name,
        }
    };
    let targets: Vec<NamedTarget> = site
        .targets
        .iter()
        .filter(|tg| tg.indicator == ind.id)
        .map(|tg| NamedTarget {
            province: tg.province.as_ref().map(province_link),
            target: target_view(tg, ind, None, lang, t),
            source: super::citation::target_citation(tg, idx, lang, urls, t),
        })
        .collect();

    // Each province's latest period only: the history is on the province's page and in its
    // reports (a national site has five years of months for every province).
    let every = idx.by_indicator.get(&ind.id).map_or(&[][..], Vec::as_slice);
    let mut latest: crate::FastMap<&crate::model::Slug, crate::model::Period> =
        crate::FastMap::default();
    for o in every {
        latest.insert(&o.province, o.period);
    }
    let all: Vec<&crate::model::Observation> = every
        .iter()
        .copied()
        .filter(|o| latest.get(&o.province) == Some(&o.period))
        .collect();
    let tables = super::indicator_values::tables(idx, merged, ind, &all, compares, lang, urls, t);

    let mut breakdowns = Vec::new();
    let mut cite = super::citation::Citations::new(idx, lang, urls, t);
    for dim_id in &ind.dimensions {
        let Some(dim) = site.dimensions.get(dim_id) else {
            continue;
        };
        let cells: Vec<_> = all
            .iter()
            .filter(|o| o.breakdown.as_ref().is_some_and(|(d, _)| d == dim_id))
            .copied()
            .collect();
        if cells.is_empty() {
            continue;
        }
        let (columns, rows) = breakdown_matrix(idx, &cells, dim_id, ind, lang, t);
        let sources = columns
            .iter()
            .map(|(p, per)| {
                let mut cited: Vec<std::sync::Arc<super::citation::Citation>> = Vec::new();
                for o in cells
                    .iter()
                    .filter(|o| &o.province == *p && o.period == *per)
                {
                    if let Some(c) = cite.of(o) {
                        if !cited.iter().any(|seen| seen.text == c.text) {
                            cited.push(c);
                        }
                    }
                }
                cited
            })
            .collect();
        breakdowns.push(Breakdown {
            dimension: dim.label.get(lang).to_string(),
            provinces: columns.iter().map(|(p, _)| province_link(p)).collect(),
            periods: columns.iter().map(|(_, per)| per.label(lang)).collect(),
            rows,
            sources,
        });
    }
    let sections = indicator_sections(&tables, &breakdowns, !targets.is_empty(), t);
    IndicatorView {
        label: ind.label.get(lang).to_string(),
        description: ind.description.get(lang).to_string(),
        group: Link {
            href: format!("{}#{}", urls.href(&urls::indicators(lang)), ind.group),
            label: group.map_or(ind.group.to_string(), |g| g.label.get(lang).to_string()),
        },
        facts,
        compares,
        targets,
        tables,
        breakdowns,
        comparison_chart: None,
        progress_chart: None,
        sections,
    }
}

/// The sections of an indicator page: its values (one table, or two on a site with a
/// merger), each breakdown, its targets.
fn indicator_sections(
    tables: &[ValueTable],
    breakdowns: &[Breakdown],
    targets: bool,
    t: &Strings,
) -> Vec<Section> {
    let mut out: Vec<Section> = tables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut s = Section::new(v.id, &v.heading);
            s.item = Some(i);
            s
        })
        .collect();
    for (i, b) in breakdowns.iter().enumerate() {
        let label = [
            t.get("indicator_by"),
            " ",
            &crate::format::mid_sentence(&b.dimension),
        ]
        .concat();
        let mut s = Section::new(&format!("b-{}", i + 1), &label);
        s.item = Some(i);
        out.push(s);
    }
    if targets {
        out.push(Section::new("targets", t.get("indicator_targets")));
    }
    out
}

#[derive(Debug, Serialize)]
pub struct CatalogueGroup {
    pub id: String,
    pub label: String,
    pub utility: bool,
    pub indicators: Vec<CatalogueEntry>,
}

#[derive(Debug, Serialize)]
pub struct CatalogueEntry {
    pub link: Link,
    pub description: String,
    /// How many provinces report it.
    pub provinces: usize,
}

pub fn catalogue(idx: &Index, lang: Lang, urls: &Urls) -> Vec<CatalogueGroup> {
    idx.site
        .groups
        .iter()
        .map(|g| CatalogueGroup {
            id: g.id.to_string(),
            label: g.label.get(lang).to_string(),
            utility: g.kind == GroupKind::Utility,
            indicators: idx
                .site
                .indicators
                .values()
                .filter(|i| i.group == g.id)
                .map(|i| CatalogueEntry {
                    link: indicator_link(i, lang, urls),
                    description: i.description.get(lang).to_string(),
                    provinces: idx.provinces_with(&i.id),
                })
                .collect(),
        })
        .collect()
}

/// The contents of the indicators list: a link to each group, with how many indicators it has.
pub fn catalogue_sections(groups: &[CatalogueGroup], t: &Strings) -> Vec<Section> {
    groups
        .iter()
        .map(|g| {
            let mut s = Section::new(&g.id, &g.label);
            s.note = Some(count(t, "data_indicator_count", g.indicators.len()));
            s
        })
        .collect()
}

/// "{count} things", or its `_one` form for a single thing.
pub fn count(t: &Strings, key: &str, n: usize) -> String {
    let one = [key, "_one"].concat();
    t.fill(
        if n == 1 { &one } else { key },
        &[("count", &n.to_string())],
    )
}
