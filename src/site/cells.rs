//! What every table of figures shares: an index of observations, a formatted cell for one
//! observation, and the status of a value against its target.
//!
//! Views borrow from the model; nothing is cloned per page (a national site has tens of
//! thousands of observations).

use crate::format::{self, FigureText};
use crate::model::{
    Comparator, Date, Indicator, Lang, Observation, Page, Period, Site, Slug, Target, Text,
};
use crate::theme::Strings;
use crate::FastMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Observations of the site, grouped the ways pages need them. Each list is sorted by
/// period, then breakdown. Pages look figures up here rather than searching the site: a
/// national site has half a million observations and thousands of pages.
pub struct Index<'s> {
    pub site: &'s Site,
    pub by_province: BTreeMap<&'s Slug, Vec<&'s Observation>>,
    pub by_indicator: BTreeMap<&'s Slug, Vec<&'s Observation>>,
    /// Every observation of one indicator in one province, breakdown cells included (looked
    /// up for each row of every report: a fast hash).
    by_pair: FastMap<&'s Slug, FastMap<&'s Slug, Vec<&'s Observation>>>,
    /// The indicators of each group, in catalogue order.
    by_group: HashMap<&'s Slug, Vec<&'s Indicator>>,
    /// Targets of each indicator, in the order of [`Index::targets`].
    targets: HashMap<&'s Slug, Vec<&'s Target>>,
    /// Every page (drafts too: serve's cache must see their edits), by path under `content/`.
    pages: HashMap<&'s str, &'s Page>,
    /// Source documents by province and period.
    documents: HashMap<(&'s Slug, Period), &'s crate::model::ReportDocument>,
    /// Report narratives (drafts too), by province and period, in file order.
    narratives: HashMap<(&'s Slug, Period), Vec<&'s Page>>,
    /// Markdown bodies edited since the site was read (path under `content/` → body), shown
    /// instead of the page's own: `serve` after an edit that changed only a body.
    bodies: HashMap<String, String>,
}

impl<'s> Index<'s> {
    pub fn new(site: &'s Site) -> Index<'s> {
        // Sorted once; every list below is filled in this order, so each is sorted too. No two
        // observations share the key (validation rejects duplicates), so an unstable sort
        // gives the one order.
        let mut sorted: Vec<&Observation> = site.observations.iter().collect();
        use rayon::slice::ParallelSliceMut;
        sorted.par_sort_unstable_by(|a, b| {
            (a.period, &a.province, &a.indicator, &a.breakdown).cmp(&(
                b.period,
                &b.province,
                &b.indicator,
                &b.breakdown,
            ))
        });
        // The three groupings are built side by side (a national site has half a million
        // observations); each keeps the sorted order.
        let group_by = |key: fn(&Observation) -> &Slug| {
            let mut groups: FastMap<&Slug, Vec<&Observation>> = FastMap::default();
            for o in &sorted {
                groups.entry(key(o)).or_default().push(*o);
            }
            groups.into_iter().collect::<BTreeMap<_, _>>()
        };
        let ((by_province, by_indicator), by_pair) = rayon::join(
            || rayon::join(|| group_by(|o| &o.province), || group_by(|o| &o.indicator)),
            || {
                let mut pairs: FastMap<&Slug, FastMap<&Slug, Vec<&Observation>>> =
                    FastMap::default();
                for o in &sorted {
                    pairs
                        .entry(&o.province)
                        .or_default()
                        .entry(&o.indicator)
                        .or_default()
                        .push(*o);
                }
                pairs
            },
        );
        let mut by_group: HashMap<&Slug, Vec<&Indicator>> = HashMap::new();
        for ind in site.indicators.values() {
            by_group.entry(&ind.group).or_default().push(ind);
        }
        let mut targets: HashMap<&Slug, Vec<&Target>> = HashMap::new();
        for t in &site.targets {
            targets.entry(&t.indicator).or_default().push(t);
        }
        targets.values_mut().for_each(|v| {
            v.sort_by(|a, b| {
                let key = |t: &Target| (t.by.is_none(), t.by, t.province.is_none());
                key(a).cmp(&key(b)).then(a.value.total_cmp(&b.value))
            })
        });
        let pages = site.pages.iter().map(|p| (p.path.as_str(), p)).collect();
        let mut narratives: HashMap<(&Slug, Period), Vec<&Page>> = HashMap::new();
        for p in site.pages.iter().filter(|p| p.path.starts_with("reports/")) {
            if let (Some(province), Some(period)) = (&p.province, p.period) {
                narratives.entry((province, period)).or_default().push(p);
            }
        }
        let documents = site
            .reports
            .iter()
            .map(|r| ((&r.province, r.period), r))
            .collect();
        Index {
            documents,
            site,
            by_province,
            by_indicator,
            by_pair,
            by_group,
            targets,
            pages,
            narratives,
            bodies: HashMap::new(),
        }
    }

    /// The Markdown body of `page`, as last edited.
    pub fn body<'a>(&'a self, page: &'a Page) -> &'a str {
        self.bodies
            .get(&page.path)
            .map_or(&page.body, String::as_str)
    }

    /// Show `body` instead of the body of the page at `path` (`None`: its own again). Returns
    /// the replacement shown before.
    pub fn set_body(&mut self, path: &str, body: Option<String>) -> Option<String> {
        match body {
            Some(b) => self.bodies.insert(path.to_string(), b),
            None => self.bodies.remove(path),
        }
    }

    /// The page at `path` under `content/`, drafts included.
    pub fn page(&self, path: &str) -> Option<&'s Page> {
        self.pages.get(path).copied()
    }

    /// The stand-alone page `content/<name>.md` in `lang` (`<name>.en.md` in English), or
    /// the Vietnamese one as a fallback; `true` when it is in `lang`.
    pub fn content_page(&self, name: &str, lang: Lang) -> Option<(&'s Page, bool)> {
        let own = match lang {
            Lang::Vi => format!("{name}.md"),
            Lang::En => format!("{name}.en.md"),
        };
        let published = |path: &str| self.pages.get(path).copied().filter(|p| !p.draft);
        published(&own)
            .map(|p| (p, true))
            .or_else(|| published(&format!("{name}.md")).map(|p| (p, false)))
    }

    /// The source document of a report.
    pub fn document(
        &self,
        province: &'s Slug,
        period: Period,
    ) -> Option<&'s crate::model::ReportDocument> {
        self.documents.get(&(province, period)).copied()
    }

    /// The narrative of a report in `lang`, or the Vietnamese one as a fallback.
    pub fn narrative(
        &self,
        province: &'s Slug,
        period: Period,
        lang: Lang,
    ) -> Option<(&'s Page, bool)> {
        let pages = self.narratives.get(&(province, period))?;
        let published = |l: Lang| pages.iter().copied().find(|p| !p.draft && p.lang == l);
        published(lang)
            .map(|p| (p, true))
            .or_else(|| published(Lang::Vi).map(|p| (p, false)))
    }

    /// The Markdown files (paths under `content/`, drafts included) of a report's narratives.
    pub fn narrative_files(&self, province: &'s Slug, period: Period) -> Vec<String> {
        self.narratives
            .get(&(province, period))
            .map(|v| v.iter().map(|p| p.path.clone()).collect())
            .unwrap_or_default()
    }

    /// The paths among `names` that are Markdown files of the site (drafts included).
    pub fn files_named(&self, names: [&str; 2]) -> Vec<String> {
        names
            .into_iter()
            .filter(|n| self.pages.contains_key(n))
            .map(str::to_string)
            .collect()
    }

    /// The indicators of a group, in catalogue order.
    pub fn indicators_in(&self, group: &Slug) -> &[&'s Indicator] {
        self.by_group.get(group).map_or(&[], Vec::as_slice)
    }

    pub fn indicator(&self, id: &Slug) -> Option<&'s Indicator> {
        self.site.indicators.get(id)
    }

    /// Every observation of an indicator in a province (breakdown cells too), oldest first.
    pub fn of(&self, province: &Slug, indicator: &Slug) -> &[&'s Observation] {
        self.by_pair
            .get(province)
            .and_then(|m| m.get(indicator))
            .map_or(&[], Vec::as_slice)
    }

    /// One figure: a total (`breakdown` None) or one cell of a breakdown.
    pub fn figure(
        &self,
        province: &Slug,
        indicator: &Slug,
        period: crate::model::Period,
        breakdown: Option<&(Slug, Slug)>,
    ) -> Option<&'s Observation> {
        self.of(province, indicator)
            .iter()
            .copied()
            .find(|o| o.period == period && o.breakdown.as_ref() == breakdown)
    }

    /// Totals (no breakdown) of one indicator in one province, oldest first.
    pub fn series(&self, province: &Slug, indicator: &Slug) -> Vec<&'s Observation> {
        self.of(province, indicator)
            .iter()
            .copied()
            .filter(|o| o.breakdown.is_none())
            .collect()
    }

    /// Targets that apply to an indicator in a province: the province's own, then national
    /// ones; sorted by deadline (undated last), then value.
    pub fn targets(&self, indicator: &Slug, province: Option<&Slug>) -> Vec<&'s Target> {
        self.targets
            .get(indicator)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|t| t.province.is_none() || t.province.as_ref() == province)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Text in the page's language, and the language it is actually in (notes copied from a report
/// stay Vietnamese on English pages, and the page must say so for screen readers).
#[derive(Debug, Clone, Serialize)]
pub struct LocalText {
    pub text: String,
    pub lang: &'static str,
}

pub fn local(t: &Text, lang: Lang) -> LocalText {
    let (text, translated) = t.get(lang);
    LocalText {
        text: text.to_string(),
        lang: if translated { lang.code() } else { "vi" },
    }
}

/// One observation, ready to print. Templates see the fields of [`FigureText`] beside the
/// others (`c.headline`, `c.period`).
#[derive(Debug, Clone)]
pub struct Cell {
    pub figure: FigureText,
    pub period: String,
    pub period_key: String,
    pub as_of: Option<String>,
    pub change: Option<String>,
    pub source: Option<std::sync::Arc<str>>,
    pub note: Option<LocalText>,
    pub over_100: Option<String>,
}

/// Written by hand rather than with `#[serde(flatten)]`, which makes serde go through a map of
/// unknown size: a national build serializes a million cells (about 4 % of its instructions).
impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cell", 10)?;
        st.serialize_field("headline", &self.figure.headline)?;
        st.serialize_field("detail", &self.figure.detail)?;
        st.serialize_field("stated_differs", &self.figure.stated_differs)?;
        st.serialize_field("period", &self.period)?;
        st.serialize_field("period_key", &self.period_key)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("change", &self.change)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("note", &self.note)?;
        st.serialize_field("over_100", &self.over_100)?;
        st.end()
    }
}

pub fn cell(o: &Observation, indicator: &Indicator, lang: Lang, t: &Strings) -> Cell {
    let change = o.change.map(|c| {
        let sign = if c > 0.0 { "+" } else { "" };
        t.fill(
            "figure_change",
            &[(
                "change",
                &format!("{sign}{}", format::in_unit(c, indicator.unit, lang)),
            )],
        )
    });
    Cell {
        figure: format::figure(&o.figure, indicator.unit, o.qualifier, lang, || {
            format::Words::from_strings(t)
        }),
        period: o.period.label(lang),
        period_key: o.period.key(),
        as_of: o
            .as_of
            .map(|d| t.fill("figure_as_of", &[("date", &format::date(d, lang))])),
        change,
        source: o.source.clone(),
        note: o.note.as_ref().map(|n| local(n, lang)),
        over_100: o.over_100.clone(),
    }
}

/// A target, written out, with whether a value meets it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// "≥ 80 % by 31/12/2025"
    pub text: String,
    pub issuer: Option<LocalText>,
    pub source: Option<String>,
    pub note: Option<LocalText>,
    /// `met`, `not-met`, or `none` when there is no comparable value.
    pub status: &'static str,
    pub status_label: String,
}

/// A target in words: "≥ 80 % đến 31/12/2025".
pub fn target_text(target: &Target, indicator: &Indicator, lang: Lang, t: &Strings) -> String {
    let symbol = match target.comparator {
        Comparator::AtLeast => "≥",
        Comparator::Above => ">",
        Comparator::AtMost => "≤",
        Comparator::Below => "<",
        Comparator::Exactly => "=",
    };
    let amount = format!(
        "{symbol} {}",
        format::in_unit(target.value, indicator.unit, lang)
    );
    match target.by {
        Some(by) => t.fill(
            "target_by",
            &[("target", &amount), ("date", &format::date(by, lang))],
        ),
        None => amount,
    }
}

/// Whether `value` meets `target`.
pub fn meets(target: &Target, value: f64) -> bool {
    match target.comparator {
        Comparator::AtLeast => value >= target.value,
        Comparator::Above => value > target.value,
        Comparator::AtMost => value <= target.value,
        Comparator::Below => value < target.value,
        Comparator::Exactly => (value - target.value).abs() < 1e-9,
    }
}

pub fn target_view(
    target: &Target,
    indicator: &Indicator,
    value: Option<(f64, Date)>,
    lang: Lang,
    t: &Strings,
) -> TargetView {
    let text = target_text(target, indicator, lang, t);
    let status = value.map(|(v, _)| meets(target, v));
    let (status, key) = match status {
        Some(true) => ("met", "target_met"),
        Some(false) => ("not-met", "target_not_met"),
        None => ("none", "target_no_value"),
    };
    TargetView {
        text,
        issuer: target.issuer.as_ref().map(|i| local(i, lang)),
        source: target.source.clone(),
        note: target.note.as_ref().map(|n| local(n, lang)),
        status,
        status_label: t.get(key).to_string(),
    }
}

/// The target a value is judged against: the first whose deadline is on or after the value's
/// date, else the last one (all deadlines passed), else an undated one. When several share that
/// deadline (the Government's 80 % and the province's own 90 %), the most demanding one.
pub fn current_target<'a>(targets: &[&'a Target], at: Date) -> Option<&'a Target> {
    let upcoming = targets
        .iter()
        .filter_map(|t| t.by)
        .filter(|b| *b >= at)
        .min();
    let deadline = upcoming.or_else(|| targets.iter().filter_map(|t| t.by).max());
    let candidates: Vec<&Target> = match deadline {
        Some(d) => targets
            .iter()
            .copied()
            .filter(|t| t.by == Some(d))
            .collect(),
        None => targets.to_vec(),
    };
    candidates.into_iter().max_by(|a, b| {
        let demand = |t: &Target| match t.comparator {
            Comparator::AtMost | Comparator::Below => -t.value,
            _ => t.value,
        };
        demand(a).total_cmp(&demand(b))
    })
}

/// A breakdown as a table: one row per member (in the dimension's order) that has a figure,
/// one column per (province, period); `None` where that column has no figure.
#[allow(clippy::type_complexity)]
pub fn breakdown_matrix<'s>(
    idx: &Index<'s>,
    cells: &[&'s Observation],
    dimension: &Slug,
    indicator: &Indicator,
    lang: Lang,
    t: &Strings,
) -> (
    Vec<(&'s Slug, crate::model::Period)>,
    Vec<(String, Vec<Option<Cell>>)>,
) {
    let columns: Vec<(&Slug, crate::model::Period)> = cells
        .iter()
        .map(|o| (&o.province, o.period))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let members = idx
        .site
        .dimensions
        .get(dimension)
        .map(|d| d.members.as_slice())
        .unwrap_or_default();
    let of_member = |o: &Observation, m: &Slug| o.breakdown.as_ref().is_some_and(|(_, mm)| mm == m);
    let rows = members
        .iter()
        .filter(|m| cells.iter().any(|o| of_member(o, &m.id)))
        .map(|m| {
            let row = columns
                .iter()
                .map(|(p, per)| {
                    cells
                        .iter()
                        .find(|o| &o.province == *p && o.period == *per && of_member(o, &m.id))
                        .map(|o| cell(o, indicator, lang, t))
                })
                .collect();
            (m.label.get(lang).to_string(), row)
        })
        .collect();
    (columns, rows)
}

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written serialization shows every field of the figure beside the cell's own,
    /// as `#[serde(flatten)]` did: a field added to `FigureText` must be added here too.
    #[test]
    fn a_cell_shows_its_figure_fields_beside_its_own() {
        let figure = FigureText {
            headline: "1,37 %".into(),
            detail: Some("16/1.166".into()),
            stated_differs: None,
        };
        let cell = Cell {
            figure: figure.clone(),
            period: "tháng 4/2025".into(),
            period_key: "2025-04".into(),
            as_of: None,
            change: None,
            source: Some("a.txt".into()),
            note: None,
            over_100: None,
        };
        let json = serde_json::to_value(&cell).unwrap_or_default();
        let mut keys: Vec<&str> = json
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        let figure_json = serde_json::to_value(&figure).unwrap_or_default();
        let mut expected: Vec<&str> = figure_json
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        expected.extend([
            "period",
            "period_key",
            "as_of",
            "change",
            "source",
            "note",
            "over_100",
        ]);
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(json["headline"], "1,37 %");
        assert_eq!(json["source"], "a.txt");
    }
}
