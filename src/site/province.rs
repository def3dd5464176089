//! The province page: key figures, every indicator by group, essential services, tasks,
//! reports, targets, and the province's place in the 2025 merger.

use super::cells::{
    cell, cited_cell, current_target, local, measured, target_view, Cell, Index, Link, LocalText,
    TargetView,
};
use super::contents::Section;
use super::urls::{self, Urls};
use crate::format;
use crate::model::{
    Deadline, Indicator, Lang, Observation, Period, Province, Slug, TaskStatus, Wording,
};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ProvinceView {
    pub name: String,
    pub code: Option<String>,
    pub region: Option<String>,
    pub validity: Option<String>,
    pub successor: Option<Link>,
    pub formed_from: Option<super::merger::FormationView>,
    /// For a province formed by a merger: its figures before it, computed from its
    /// predecessors (filled in by the planner).
    pub before: Option<super::merged_view::BeforeView>,
    pub key_figures: Vec<KeyFigure>,
    pub groups: Tables,
    pub services: Option<ServiceTable>,
    pub tasks: TaskSummary,
    pub reports: Vec<ReportLink>,
    /// How completely the province reported (filled in by the planner).
    pub completeness: Option<super::completeness::Summary>,
    pub targets: Vec<TargetRow>,
    pub has_data: bool,
    pub progress_chart: Option<super::charts::ChartView>,
    pub trend_charts: Vec<super::charts::ChartView>,
    pub services_chart: Option<super::charts::ChartView>,
    pub tasks_chart: Option<super::charts::ChartView>,
    /// The sections the page renders, in order (see [`sections`]); filled once the charts are.
    pub sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
pub struct KeyFigure {
    pub indicator: Link,
    pub anchor: String,
    pub value: Cell,
    pub previous: Option<Cell>,
    pub target: Option<TargetView>,
}

/// The figure tables of a page. While the page renders, the renderer lends the rows to the
/// template functions `figure_tables` and `figure_groups` (see `templates::functions`), and
/// the template sees `view.groups` (`view.figures`) as the key naming them; a page without
/// tables sees an empty list (false in `{% if %}`).
#[derive(Debug)]
pub enum Tables {
    Data(Vec<GroupTable>),
    /// The key under which the renderer lent the rows.
    Lent(String),
}

impl Serialize for Tables {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tables::Data(groups) => groups.serialize(s),
            Tables::Lent(key) => key.serialize(s),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct GroupTable {
    pub id: String,
    pub label: String,
    pub rows: Vec<Row>,
}

/// One indicator in one period (with its breakdown, if any).
#[derive(Debug, Serialize)]
pub struct Row {
    pub indicator: Link,
    pub anchor: String,
    pub value: Option<Cell>,
    pub breakdown: Vec<(String, Cell)>,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Serialize)]
pub struct ServiceTable {
    pub period: String,
    pub rows: Vec<(String, Cell)>,
}

#[derive(Debug, Serialize)]
pub struct TaskSummary {
    pub total: usize,
    pub counts: Vec<StatusCount>,
    pub rows: Vec<TaskRow>,
    /// Some row shows the report's Vietnamese words on a page in another language (the
    /// deadline is always as written), so the table says they are not translated.
    pub untranslated: bool,
}

#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub id: String,
    pub title: LocalText,
    pub owner: LocalText,
    pub directive: Option<LocalText>,
    /// The deadline in the page's language when its words are all understood, else as written.
    pub due: Option<LocalText>,
    /// The date it means, when it means one and the words do not already say the day.
    pub due_date: Option<String>,
    pub status: &'static str,
    pub status_label: String,
    pub result: Option<LocalText>,
    pub note: Option<LocalText>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportLink {
    pub href: String,
    pub title: String,
    /// The language of the title (a report without a translation keeps its Vietnamese title).
    pub title_lang: &'static str,
    pub period: String,
    pub province: String,
    /// The report's one-line summary, in the title's language.
    pub summary: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub indicator: Link,
    pub target: TargetView,
    /// The target's source, cited.
    pub source: Option<super::citation::Citation>,
}

pub fn province_view(
    idx: &Index,
    p: &Province,
    key_indicators: &[Slug],
    reports: Vec<ReportLink>,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> ProvinceView {
    let site = idx.site;
    let observations: &[&Observation] = idx.by_province.get(&p.slug).map_or(&[], Vec::as_slice);
    let name_of = |slug: &Slug| site.province_name(slug, lang);
    let successor = p.successor.as_ref().map(|s| {
        let (name, date) = (name_of(&s.province), format::date(s.from, lang));
        // A merged unit's name often carries its date ("Gia Lai (từ 01/07/2025)"): said once.
        let key = if name.contains(&date) {
            "province_successor_named"
        } else {
            "province_successor"
        };
        Link {
            href: urls.href(&urls::province(lang, &s.province)),
            label: t.fill(key, &[("name", &name), ("date", &date)]),
        }
    });
    let formed_from = super::merger::formation(site, p, lang, urls, t);
    let validity = match (p.valid_from, p.valid_to) {
        (Some(f), Some(to)) => Some(t.fill(
            "province_valid_from_to",
            &[
                ("from", &format::date(f, lang)),
                ("to", &format::date(to, lang)),
            ],
        )),
        (Some(f), None) => Some(t.fill("province_valid_from", &[("from", &format::date(f, lang))])),
        (None, Some(to)) => Some(t.fill("province_valid_to", &[("to", &format::date(to, lang))])),
        (None, None) => None,
    };

    let key_figures = key_indicators
        .iter()
        .filter_map(|id| {
            let ind = idx.indicator(id)?;
            let series = idx.series(&p.slug, id);
            let latest = *series.last()?;
            let previous = series
                .len()
                .checked_sub(2)
                .map(|i| cell(series[i], ind, lang, t));
            let targets = idx.targets(id, Some(&p.slug));
            let value = measured(latest, ind);
            let at = value.map_or_else(|| latest.period.end(), |m| m.at());
            let target =
                current_target(&targets, at).map(|tg| target_view(tg, ind, value, lang, t));
            Some(KeyFigure {
                indicator: indicator_link(ind, lang, urls),
                anchor: format!("i-{id}"),
                value: cell(latest, ind, lang, t),
                previous,
                target,
            })
        })
        .collect();

    let groups = Tables::Data(group_tables(idx, &p.slug, None, lang, urls, t));
    let services = service_table(idx, observations, lang, urls, t);
    let tasks = task_summary(idx, &p.slug, lang, t);
    let targets = site
        .targets
        .iter()
        .filter(|tg| tg.province.as_ref() == Some(&p.slug))
        .filter_map(|tg| {
            let ind = idx.indicator(&tg.indicator)?;
            Some(TargetRow {
                indicator: indicator_link(ind, lang, urls),
                target: target_view(tg, ind, None, lang, t),
                source: super::citation::target_citation(tg, idx, lang, urls, t),
            })
        })
        .collect();
    ProvinceView {
        name: p.name.get(lang).to_string(),
        code: p.code.clone(),
        region: p.region.as_ref().map(|r| r.get(lang).to_string()),
        validity,
        successor,
        formed_from,
        before: None,
        key_figures,
        has_data: !observations.is_empty(),
        groups,
        services,
        tasks,
        reports,
        completeness: None,
        targets,
        progress_chart: None,
        trend_charts: Vec::new(),
        services_chart: None,
        tasks_chart: None,
        sections: Vec::new(),
    }
}

/// The sections of a province page, in the order it shows them: what a reader looks for
/// first (key figures, progress) before the long tables. The template renders exactly these.
pub fn sections(view: &ProvinceView, t: &Strings) -> Vec<Section> {
    let groups = match &view.groups {
        Tables::Data(groups) => groups.as_slice(),
        Tables::Lent(_) => &[],
    };
    let section = |id: &str, key: &str| Section::new(id, t.get(key));
    let mut all = section("all", "province_all_indicators");
    all.children = groups
        .iter()
        .map(|g| Section::new(&["g-", g.id.as_str()].concat(), &g.label))
        .collect();
    [
        (
            !view.key_figures.is_empty(),
            section("key", "province_key_figures"),
        ),
        (
            view.progress_chart.is_some(),
            section("progress", "province_progress"),
        ),
        (
            !view.trend_charts.is_empty(),
            section("trends", "province_trends"),
        ),
        (!groups.is_empty(), all),
        (
            view.before.is_some(),
            section("before", "merger_before_heading"),
        ),
        (
            view.services.is_some(),
            section("services", "province_services"),
        ),
        (view.tasks.total > 0, section("tasks", "province_tasks")),
        (
            !view.targets.is_empty(),
            section("targets", "province_targets"),
        ),
        (
            !view.reports.is_empty(),
            section("reports", "province_reports"),
        ),
        (
            view.completeness.is_some(),
            section("reporting", "completeness_heading"),
        ),
    ]
    .into_iter()
    .filter_map(|(shown, s)| shown.then_some(s))
    .collect()
}

pub fn indicator_link(ind: &Indicator, lang: Lang, urls: &Urls) -> Link {
    Link {
        href: urls.href(&urls::indicator(lang, &ind.id)),
        label: ind.label.get(lang).to_string(),
    }
}

/// Tables of a province's figures by group: the latest period of each indicator, or only
/// `period` when given (the figures of one report).
pub fn group_tables(
    idx: &Index,
    province: &Slug,
    period: Option<Period>,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Vec<GroupTable> {
    let site = idx.site;
    let mut out = Vec::new();
    let figures = idx.in_province(province);
    let mut cite = super::citation::Citations::new(idx, lang, urls, t);
    for group in &site.groups {
        let mut rows = Vec::new();
        for ind in idx.indicators_in(&group.id) {
            let mine = figures.at(&ind.id, period);
            if mine.is_empty() {
                continue;
            }
            let mut value = None;
            let mut breakdown = Vec::new();
            for o in mine {
                match &o.breakdown {
                    None => value = Some(cited_cell(o, ind, &mut cite, lang, t)),
                    Some((dim, member)) => breakdown.push((
                        idx.site.member_label(dim, member, lang),
                        // Only the first cell's source is shown (for a row without a total).
                        if breakdown.is_empty() {
                            cited_cell(o, ind, &mut cite, lang, t)
                        } else {
                            cell(o, ind, lang, t)
                        },
                    )),
                }
            }
            let total = mine.iter().find(|o| o.breakdown.is_none());
            let judged = total.and_then(|o| measured(o, ind));
            // A report shows the target its period works toward; the province page, the
            // whole roadmap.
            let all = idx.targets(&ind.id, Some(province));
            let shown = match period {
                Some(p) => current_target(&all, p.end()).into_iter().collect(),
                None => all,
            };
            let targets = shown
                .into_iter()
                .map(|tg| target_view(tg, ind, judged, lang, t))
                .collect();
            rows.push(Row {
                indicator: indicator_link(ind, lang, urls),
                anchor: ["i-", ind.id.as_str()].concat(),
                value,
                breakdown,
                targets,
            });
        }
        if !rows.is_empty() {
            out.push(GroupTable {
                id: group.id.to_string(),
                label: group.label.get(lang).to_string(),
                rows,
            });
        }
    }
    out
}

/// Where a member stands in its dimension's list (the order authors chose).
pub fn member_position(idx: &Index, dim: &Slug, member: &Slug) -> usize {
    idx.site
        .dimensions
        .get(dim)
        .and_then(|d| d.members.iter().position(|m| &m.id == member))
        .unwrap_or(usize::MAX)
}

/// The essential-services breakdown of the latest period that has one.
fn service_table(
    idx: &Index,
    observations: &[&Observation],
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Option<ServiceTable> {
    let services = idx.site.config.services.as_ref()?;
    let (rate, service) = (&services.indicator, &services.dimension);
    let ind = idx.indicator(rate)?;
    let mut cite = super::citation::Citations::new(idx, lang, urls, t);
    let cells: Vec<&Observation> = observations
        .iter()
        .copied()
        .filter(|o| o.indicator == *rate && o.breakdown.as_ref().is_some_and(|(d, _)| d == service))
        .collect();
    let latest = cells.iter().map(|o| o.period).max()?;
    let mut rows: Vec<(String, Cell)> = cells
        .iter()
        .filter(|o| o.period == latest)
        .filter_map(|o| {
            o.breakdown.as_ref().map(|(d, m)| {
                (
                    idx.site.member_label(d, m, lang),
                    cited_cell(o, ind, &mut cite, lang, t),
                )
            })
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Some(ServiceTable {
        period: latest.label(lang),
        rows,
    })
}

/// A task's deadline as a page in `lang` shows it: in the page's words when every word of it
/// is understood (an English page reads "Q2 2024" for "Quý II/2024"), else as written, in
/// Vietnamese. A day is written as the site writes every day, in either language ("30/6/2024"
/// and `due_date: 2024-06-30` read "30/06/2024" / "30 June 2024").
fn deadline(d: &Deadline, lang: Lang, t: &Strings) -> LocalText {
    let year = |key: &str, y: i32| t.fill(key, &[("year", &y.to_string())]);
    let said = match (lang, d.wording) {
        (_, Wording::AsWritten) => None,
        (_, Wording::Day(date)) => Some(format::date(date, lang)),
        (Lang::Vi, _) => None,
        (_, Wording::Period(p)) => Some(format::capitalised(&p.label(lang))),
        (_, Wording::During(y)) => Some(year("deadline_during", y)),
        (_, Wording::EndOf(y)) => Some(year("deadline_end_of", y)),
        (_, Wording::Ongoing) => Some(t.get("deadline_ongoing").to_string()),
        (_, Wording::Monthly(None)) => Some(t.get("deadline_monthly").to_string()),
        (_, Wording::Monthly(Some(day))) => {
            Some(t.fill("deadline_monthly_day", &[("day", &day.to_string())]))
        }
    };
    match said {
        Some(text) => LocalText {
            text,
            lang: lang.code(),
        },
        None => LocalText {
            text: d.written.clone(),
            lang: Lang::Vi.code(),
        },
    }
}

pub fn task_summary(idx: &Index, province: &Slug, lang: Lang, t: &Strings) -> TaskSummary {
    let tasks = idx.tasks_of(province);
    let counts = TaskStatus::ALL
        .iter()
        .map(|s| StatusCount {
            status: s.id(),
            label: t
                .get(&format!("status_{}", s.id().replace('-', "_")))
                .to_string(),
            count: tasks.iter().filter(|x| x.status == *s).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let rows: Vec<TaskRow> = tasks
        .iter()
        .map(|x| TaskRow {
            id: x.id.to_string(),
            title: local(&x.title, lang),
            owner: local(&x.owner, lang),
            directive: x.directive.as_ref().map(|d| local(d, lang)),
            due: x.due.as_ref().map(|d| deadline(d, lang, t)),
            due_date: x.due.as_ref().and_then(|d| match d.kind {
                // "30/6/2024" needs no second line saying 30 June 2024.
                crate::model::DeadlineKind::By(_) if matches!(d.wording, Wording::Day(_)) => None,
                crate::model::DeadlineKind::By(date) => Some(format::date(date, lang)),
                // The wording already says it recurs; repeating it adds nothing.
                crate::model::DeadlineKind::Recurring(_) => None,
                crate::model::DeadlineKind::External => Some(t.get("task_external").to_string()),
            }),
            status: x.status.id(),
            status_label: t
                .get(&format!("status_{}", x.status.id().replace('-', "_")))
                .to_string(),
            result: x.result.as_ref().map(|r| local(r, lang)),
            note: x.note.as_ref().map(|n| local(n, lang)),
            source: x.source.clone(),
        })
        .collect();
    let untranslated = lang != Lang::Vi
        && rows.iter().any(|r| {
            let as_written = |x: &LocalText| x.lang == Lang::Vi.code();
            as_written(&r.title)
                || as_written(&r.owner)
                || r.due.as_ref().is_some_and(as_written)
                || r.result.as_ref().is_some_and(as_written)
                || r.note.as_ref().is_some_and(as_written)
        });
    TaskSummary {
        total: tasks.len(),
        counts,
        rows,
        untranslated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, DeadlineKind};

    fn shown(wording: Wording, written: &str, lang: Lang) -> (String, &'static str) {
        let date = Date::parse_dmy("30/6/2024").unwrap_or_else(|| panic!("a day"));
        let d = Deadline {
            written: written.to_string(),
            kind: DeadlineKind::By(date),
            wording,
        };
        let shown = deadline(&d, lang, &Strings::default());
        (shown.text, shown.lang)
    }

    #[test]
    fn a_deadline_reads_in_the_pages_language_only_when_every_word_is_understood() {
        let quarter = Wording::Period(Period::Quarter {
            year: 2024,
            quarter: 2,
        });
        assert_eq!(
            shown(quarter, "Quý II/2024", Lang::En),
            ("Q2 2024".into(), "en")
        );
        assert_eq!(
            shown(quarter, "Quý II/2024", Lang::Vi),
            ("Quý II/2024".into(), "vi")
        );
        let own = "Theo lộ trình của Chính phủ";
        assert_eq!(shown(Wording::AsWritten, own, Lang::En), (own.into(), "vi"));
        // A day in the site's own form in both languages, whether typed "30/6/2024" or given
        // as `due_date` alone (written then as 2024-06-30).
        let day = Date::parse_dmy("30/6/2024").map(Wording::Day);
        let day = day.unwrap_or_else(|| panic!("a day"));
        assert_eq!(
            shown(day, "30/6/2024", Lang::Vi),
            ("30/06/2024".into(), "vi")
        );
        assert_eq!(
            shown(day, "2024-06-30", Lang::En),
            ("30 June 2024".into(), "en")
        );
    }
}
