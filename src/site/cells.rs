//! What every table of figures shares: a formatted cell for one observation, and the verdict
//! of a value against its target in the words every table, card and chart uses (the
//! observations themselves are found in [`Index`]).
//!
//! Views borrow from the model; nothing is cloned per page (a national site has tens of
//! thousands of observations).

pub use super::index::Index;
use crate::format::{self, FigureText};
use crate::model::rules::{Judgement, Measured, TimeLeft};
use crate::model::{
    Comparator, Date, Figure, Indicator, Lang, Observation, Slug, Target, Text, Unit,
};
use crate::theme::Strings;
use serde::Serialize;

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
    pub period: std::sync::Arc<str>,
    pub period_key: std::sync::Arc<str>,
    pub as_of: Option<String>,
    /// "lũy kế từ 01/07/2024": where a cumulative count starts, when known.
    pub since: Option<String>,
    pub change: Option<String>,
    /// The source as written in the data (file, place, transcript lines).
    pub source: Option<std::sync::Arc<str>>,
    /// The source as a reader cites it, on tables that show sources ([`cited_cell`]).
    pub citation: Option<std::sync::Arc<super::citation::Citation>>,
    pub note: Option<LocalText>,
    pub over_100: Option<String>,
}

/// Written by hand rather than with `#[serde(flatten)]`, which makes serde go through a map of
/// unknown size for each of the many cells of a national site.
impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cell", 11)?;
        st.serialize_field("headline", &self.figure.headline)?;
        st.serialize_field("detail", &self.figure.detail)?;
        st.serialize_field("stated_differs", &self.figure.stated_differs)?;
        st.serialize_field("period", &self.period)?;
        st.serialize_field("period_key", &self.period_key)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("since", &self.since)?;
        st.serialize_field("change", &self.change)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("citation", &self.citation)?;
        st.serialize_field("note", &self.note)?;
        st.serialize_field("over_100", &self.over_100)?;
        st.end()
    }
}

pub fn cell(o: &Observation, indicator: &Indicator, lang: Lang, t: &Strings) -> Cell {
    let change = o.change().map(|c| {
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
            format::FigureWords::from_strings(t)
        }),
        period: o.period.label_shared(lang),
        period_key: o.period.key_shared(),
        as_of: o
            .as_of()
            .map(|d| t.fill("figure_as_of", &[("date", &format::date(d, lang))])),
        since: o
            .since
            .map(|s| t.fill("figure_since", &[("date", &format::since(s, lang))])),
        change,
        source: o.source.clone(),
        citation: None,
        note: o.note().map(|n| local(n, lang)),
        over_100: o.over_100().map(String::from),
    }
}

/// [`cell`] with its source cited (for the tables and lists that show sources).
pub fn cited_cell(
    o: &Observation,
    indicator: &Indicator,
    cite: &mut super::citation::Citations,
    lang: Lang,
    t: &Strings,
) -> Cell {
    let mut c = cell(o, indicator, lang, t);
    c.citation = cite.of(o);
    c
}

/// A target, written out, with how a value stands against it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// "≥ 80 % by 31/12/2025"
    pub text: String,
    pub issuer: Option<LocalText>,
    pub source: Option<String>,
    pub note: Option<LocalText>,
    /// `met`, `not-met`, `not-yet-due`, `partial`, or `none` when there is no value.
    pub status: &'static str,
    pub status_label: String,
    /// For a target not yet due or a partial period: the progress so far and the time to the
    /// deadline, or why the figures are not compared.
    pub detail: Option<String>,
}

/// The number a chart draws and a target judges: none for a figure without one ("not
/// applicable"), nor for a rate over no cases ("không phát sinh" of a percentage is not 0 %:
/// nothing was counted).
pub fn observed_value(figure: &Figure, unit: Unit) -> Option<f64> {
    if unit == Unit::Percent && *figure == Figure::NoCases {
        return None;
    }
    format::figure_number(figure, unit)
}

/// An observation as a target judges it.
pub fn measured(o: &Observation, indicator: &Indicator) -> Option<Measured> {
    observed_value(&o.figure, indicator.unit).map(|value| Measured {
        value,
        period: o.period,
        as_of: o.as_of(),
    })
}

/// A target in words: "≥ 80 % đến 31/12/2025".
pub fn target_text(target: &Target, indicator: &Indicator, lang: Lang, t: &Strings) -> String {
    let amount = target_amount(target, indicator, lang);
    match target.by {
        Some(by) => t.fill(
            "target_by",
            &[("target", &amount), ("date", &format::date(by, lang))],
        ),
        None => amount,
    }
}

/// What a target asks, without its deadline: "≥ 80 %".
fn target_amount(target: &Target, indicator: &Indicator, lang: Lang) -> String {
    let symbol = match target.comparator {
        Comparator::AtLeast => "≥",
        Comparator::Above => ">",
        Comparator::AtMost => "≤",
        Comparator::Below => "<",
        Comparator::Exactly => "=",
    };
    format!(
        "{symbol} {}",
        format::in_unit(target.value, indicator.unit, lang)
    )
}

/// A value's standing against a target, in words: the class a page styles it by, the short
/// label, and for a target not yet due or a partial period, the sentence that says why.
/// Tables, cards, charts and chart descriptions all take their words from here.
pub struct Verdict {
    pub status: &'static str,
    pub label: String,
    pub detail: Option<String>,
}

pub fn verdict(
    target: &Target,
    indicator: &Indicator,
    measured: Option<Measured>,
    lang: Lang,
    t: &Strings,
) -> Verdict {
    let value = |m: &Measured| format::in_unit(m.value, indicator.unit, lang);
    match (target.judge(measured, indicator), measured) {
        (Judgement::Met { early: false }, _) => Verdict {
            status: "met",
            label: t.get("target_met").to_string(),
            detail: None,
        },
        (Judgement::Met { early: true }, _) => Verdict {
            status: "met",
            label: t.get("target_met_early").to_string(),
            detail: None,
        },
        (Judgement::NotMet, _) => Verdict {
            status: "not-met",
            label: t.get("target_not_met").to_string(),
            detail: None,
        },
        (Judgement::NotYetDue { deadline, left }, Some(m)) => {
            let left = match left {
                TimeLeft::Months(1) => t.get("target_month_left").to_string(),
                TimeLeft::Months(n) => t.fill("target_months_left", &[("n", &n.to_string())]),
                TimeLeft::Days(1) => t.get("target_day_left").to_string(),
                TimeLeft::Days(n) => t.fill("target_days_left", &[("n", &n.to_string())]),
            };
            Verdict {
                status: "not-yet-due",
                label: t.get("target_not_yet_due").to_string(),
                detail: Some(t.fill(
                    "target_not_yet_due_detail",
                    &[
                        ("value", &value(&m)),
                        ("target", &target_amount(target, indicator, lang)),
                        ("date", &format::date(m.at(), lang)),
                        ("left", &left),
                        ("deadline", &format::date(deadline, lang)),
                    ],
                )),
            }
        }
        (Judgement::PartialPeriod, Some(m)) => Verdict {
            status: "partial",
            label: t.get("target_partial_period").to_string(),
            detail: Some(t.fill(
                "target_partial_period_detail",
                &[
                    ("value", &value(&m)),
                    ("period", &m.period.label(lang)),
                    ("target", &target_amount(target, indicator, lang)),
                ],
            )),
        },
        // `judge` gives "not yet due" and "partial period" only for a value; without one the
        // target has nothing to be compared with.
        (Judgement::NoValue | Judgement::NotYetDue { .. } | Judgement::PartialPeriod, _) => {
            Verdict {
                status: "none",
                label: t.get("target_no_value").to_string(),
                detail: None,
            }
        }
    }
}

pub fn target_view(
    target: &Target,
    indicator: &Indicator,
    measured: Option<Measured>,
    lang: Lang,
    t: &Strings,
) -> TargetView {
    let Verdict {
        status,
        label,
        detail,
    } = verdict(target, indicator, measured, lang, t);
    TargetView {
        text: target_text(target, indicator, lang, t),
        issuer: target.issuer.as_ref().map(|i| local(i, lang)),
        source: target.source.clone(),
        note: target.note.as_ref().map(|n| local(n, lang)),
        status,
        status_label: label,
        detail,
    }
}

/// The target a value dated `at` is judged against (see [`Target::current`]).
pub fn current_target<'a>(targets: &[&'a Target], at: Date) -> Option<&'a Target> {
    Target::current(targets, at)
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
            since: None,
            change: None,
            source: Some("a.txt".into()),
            citation: None,
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
            "since",
            "change",
            "source",
            "citation",
            "note",
            "over_100",
        ]);
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(json["headline"], "1,37 %");
        assert_eq!(json["source"], "a.txt");
    }
}
