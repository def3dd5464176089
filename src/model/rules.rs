//! The programme's rules about the data, in one place for every step that needs them:
//! how a value stands against a target (judged at the target's deadline), what a printed rate must agree with, the ids and order of
//! task statuses, and the name a province or a breakdown member is shown by.
//!
//! `validate` judges the data with them, `site` and `format` present their verdicts, so a
//! page can never say something `check` would not.

use super::{
    Comparator, Date, Dimension, Indicator, Lang, Period, Scope, Site, Slug, Target, TaskStatus,
};

/// A value as it is judged against a target: the number and the dates it holds for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub value: f64,
    pub period: Period,
    /// The date the figure is stated at, when the report gives one inside its period.
    pub as_of: Option<Date>,
}

impl Measured {
    /// The date the figure speaks for: its `as_of` date, else the last day of its period.
    pub fn at(&self) -> Date {
        self.as_of.unwrap_or_else(|| self.period.end())
    }
}

/// The time between a figure's date and a deadline, in the unit the dates support: whole
/// months when both are month ends (a half-year report against a year-end deadline), days
/// otherwise. Never counted from a start date the data does not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    Months(i64),
    Days(i64),
}

impl TimeLeft {
    pub fn between(from: Date, to: Date) -> TimeLeft {
        let month_end = |d: Date| Date::last_of(d.year(), d.month()) == d;
        if month_end(from) && month_end(to) {
            TimeLeft::Months(
                i64::from(to.year() - from.year()) * 12 + i64::from(to.month())
                    - i64::from(from.month()),
            )
        } else {
            TimeLeft::Days(to.day_number() - from.day_number())
        }
    }
}

/// How a value stands against a target. Every page, chart, table and description shows this
/// one verdict, so no two places can disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// Met; `early` when the figure is dated before the deadline.
    Met { early: bool },
    /// Not met, and the figure's date has reached the deadline (or the target has none).
    NotMet,
    /// Not met yet, but the figure is dated before the deadline.
    NotYetDue { deadline: Date, left: TimeLeft },
    /// A count for part of the period the target counts (a half year against a year's
    /// amount): not comparable, so not judged.
    PartialPeriod,
    /// No value to judge.
    NoValue,
}

/// True when `period` is shorter than a year: a count over it is a part of a yearly amount.
fn shorter_than_a_year(period: Period) -> bool {
    match period {
        Period::Year { .. } => false,
        Period::Range { start, end } => {
            let a_year_on = Date::new(start.year() + 1, start.month(), start.day())
                .unwrap_or_else(|| Date::last_of(start.year() + 1, start.month()));
            end.day_number() + 1 < a_year_on.day_number()
        }
        Period::Month { .. } | Period::Quarter { .. } | Period::Half { .. } => true,
    }
}

impl Target {
    /// How `measured` (of `indicator`, the target's indicator) stands against this target.
    ///
    /// "Not met" only once the figure's date reaches the deadline; before it, a value that
    /// already meets the target is met early and one that does not is not yet due. A count
    /// for the period (`scope: period`) covering less than a year is a partial period: it can
    /// prove an "at least" target met, never a target missed.
    pub fn judge(&self, measured: Option<Measured>, indicator: &Indicator) -> Judgement {
        let Some(m) = measured else {
            return Judgement::NoValue;
        };
        let met = self.is_met_by(m.value);
        let at = m.at();
        let before_deadline = self.by.filter(|by| at < *by);
        let partial = indicator.scope == Scope::Period
            && indicator.unit.is_whole()
            && shorter_than_a_year(m.period);
        let grows = matches!(self.comparator, Comparator::AtLeast | Comparator::Above);
        if partial && !(met && grows) {
            return Judgement::PartialPeriod;
        }
        match (met, before_deadline) {
            (true, early) => Judgement::Met {
                early: early.is_some(),
            },
            (false, Some(deadline)) => Judgement::NotYetDue {
                deadline,
                left: TimeLeft::between(at, deadline),
            },
            (false, None) => Judgement::NotMet,
        }
    }

    /// The target a value dated `at` is judged against: the first whose deadline is on or
    /// after `at`, else the last one (all deadlines passed), else an undated one. When several
    /// share that deadline (the Government's 80 % and the province's own 90 %), the most
    /// demanding one.
    pub fn current<'a>(targets: &[&'a Target], at: Date) -> Option<&'a Target> {
        let upcoming = targets
            .iter()
            .filter_map(|t| t.by)
            .filter(|b| *b >= at)
            .min();
        let deadline = upcoming.or_else(|| targets.iter().filter_map(|t| t.by).max());
        let candidates = targets
            .iter()
            .copied()
            .filter(|t| deadline.is_none() || t.by == deadline);
        candidates.max_by(|a, b| {
            let demand = |t: &Target| match t.comparator {
                Comparator::AtMost | Comparator::Below => -t.value,
                _ => t.value,
            };
            demand(a).total_cmp(&demand(b))
        })
    }

    /// Whether `value` meets the target, whatever its date (see [`Target::judge`]).
    pub fn is_met_by(&self, value: f64) -> bool {
        match self.comparator {
            Comparator::AtLeast => value >= self.value,
            Comparator::Above => value > self.value,
            Comparator::AtMost => value <= self.value,
            Comparator::Below => value < self.value,
            Comparator::Exactly => (value - self.value).abs() < 1e-9,
        }
    }
}

/// A rate in percent from its counts.
pub fn rate(numerator: f64, denominator: f64) -> f64 {
    numerator / denominator * 100.0
}

/// True when a rate printed with `decimals` decimals is the computed rate rounded or truncated
/// to that many decimals: reports print either.
pub fn stated_agrees(computed: f64, stated: f64, decimals: u32) -> bool {
    let scale = 10f64.powi(decimals.min(6) as i32);
    let rounded = (computed * scale).round() / scale;
    // The small epsilon absorbs binary noise such as 0.1 * 3 = 0.30000000000000004.
    let truncated = (computed * scale + 1e-7).floor() / scale;
    let close = |x: f64| (x - stated).abs() < 1e-6;
    close(rounded) || close(truncated)
}

impl TaskStatus {
    /// Every status, in the order pages list them (done first).
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Done,
        TaskStatus::InProgress,
        TaskStatus::Recurring,
        TaskStatus::AwaitingGuidance,
        TaskStatus::NotDone,
    ];

    /// The id a data file writes, and pages use as a class name.
    pub const fn id(self) -> &'static str {
        match self {
            TaskStatus::Done => "done",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::NotDone => "not-done",
            TaskStatus::Recurring => "recurring",
            TaskStatus::AwaitingGuidance => "awaiting-guidance",
        }
    }
}

impl Site {
    /// The name of a province in `lang`; its id when the site has no such province.
    pub fn province_name(&self, slug: &Slug, lang: Lang) -> String {
        self.provinces
            .get(slug)
            .map_or_else(|| slug.to_string(), |p| p.name.get(lang).to_string())
    }

    /// The label of a member of a dimension in `lang`; the member's id when unknown.
    pub fn member_label(&self, dimension: &Slug, member: &Slug, lang: Lang) -> String {
        self.dimensions
            .get(dimension)
            .and_then(|d: &Dimension| d.members.iter().find(|m| &m.id == member))
            .map_or_else(|| member.to_string(), |m| m.label.get(lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_rate_may_be_rounded_or_truncated() {
        let computed = rate(2.0, 3.0);
        assert!(stated_agrees(computed, 66.67, 2));
        assert!(stated_agrees(computed, 66.66, 2));
        assert!(!stated_agrees(computed, 66.6, 2));
        assert!(stated_agrees(rate(1.0, 10.0) * 3.0, 30.0, 0));
    }

    fn indicator(unit: super::super::Unit, scope: Scope) -> Indicator {
        use super::super::{Aggregate, Direction, Label};
        let label = Label {
            vi: "x".into(),
            en: "x".into(),
        };
        Indicator {
            id: Slug::parse("x").unwrap_or_else(|| unreachable!()),
            group: Slug::parse("g").unwrap_or_else(|| unreachable!()),
            label: label.clone(),
            description: label,
            unit,
            count_noun: None,
            direction: Direction::HigherIsBetter,
            aggregate: Aggregate::None,
            scope,
            dimensions: Vec::new(),
            since: None,
        }
    }

    fn target(value: f64, by: Option<&str>) -> Target {
        Target {
            indicator: Slug::parse("x").unwrap_or_else(|| unreachable!()),
            province: None,
            value,
            by: by.and_then(Date::parse_iso),
            comparator: Comparator::AtLeast,
            issuer: None,
            source: None,
            note: None,
        }
    }

    fn at(value: f64, period: &str) -> Option<Measured> {
        Some(Measured {
            value,
            period: Period::parse(period).unwrap_or_else(|_| unreachable!()),
            as_of: None,
        })
    }

    /// SYNTHETIC values: every verdict, and the dates that decide between them.
    #[test]
    fn a_target_is_judged_at_its_deadline() {
        use super::super::Unit;
        let rate = indicator(Unit::Percent, Scope::Snapshot);
        let year_end = target(80.0, Some("2024-12-31"));
        assert_eq!(
            year_end.judge(at(60.0, "2024-H1"), &rate),
            Judgement::NotYetDue {
                deadline: Date::parse_iso("2024-12-31").unwrap_or_else(|| unreachable!()),
                left: TimeLeft::Months(6),
            }
        );
        assert_eq!(year_end.judge(at(60.0, "2024"), &rate), Judgement::NotMet);
        assert_eq!(
            year_end.judge(at(60.0, "2025-01"), &rate),
            Judgement::NotMet
        );
        assert_eq!(
            year_end.judge(at(85.0, "2024-H1"), &rate),
            Judgement::Met { early: true }
        );
        assert_eq!(
            year_end.judge(at(85.0, "2024"), &rate),
            Judgement::Met { early: false }
        );
        assert_eq!(year_end.judge(None, &rate), Judgement::NoValue);
        // Without a deadline a value is judged as it stands.
        assert_eq!(
            target(80.0, None).judge(at(60.0, "2024-H1"), &rate),
            Judgement::NotMet
        );
        // The `as_of` date decides, not the period's end.
        let mut early = at(60.0, "2024").unwrap_or_else(|| unreachable!());
        early.as_of = Date::parse_iso("2024-12-15");
        assert_eq!(
            year_end.judge(Some(early), &rate),
            Judgement::NotYetDue {
                deadline: Date::parse_iso("2024-12-31").unwrap_or_else(|| unreachable!()),
                left: TimeLeft::Days(16),
            }
        );
    }

    #[test]
    fn a_count_for_part_of_the_year_is_a_partial_period() {
        use super::super::Unit;
        let count = indicator(Unit::Count, Scope::Period);
        let yearly = target(1000.0, Some("2024-12-31"));
        assert_eq!(
            yearly.judge(at(600.0, "2024-H1"), &count),
            Judgement::PartialPeriod
        );
        // Even at the deadline, the second half alone is not the year.
        assert_eq!(
            yearly.judge(at(600.0, "2024-H2"), &count),
            Judgement::PartialPeriod
        );
        assert_eq!(yearly.judge(at(600.0, "2024"), &count), Judgement::NotMet);
        // A part that already reaches an "at least" amount proves it met.
        assert_eq!(
            yearly.judge(at(1200.0, "2024-H1"), &count),
            Judgement::Met { early: true }
        );
        // A running total is not a part of anything.
        let running = indicator(Unit::Count, Scope::Cumulative);
        assert!(matches!(
            yearly.judge(at(600.0, "2024-H1"), &running),
            Judgement::NotYetDue { .. }
        ));
    }

    #[test]
    fn the_current_target_is_the_next_deadline_or_the_last_one() {
        let a = target(20.0, Some("2025-02-28"));
        let b = target(50.0, Some("2025-06-30"));
        let c = target(80.0, Some("2025-12-31"));
        let all = [&a, &b, &c];
        let on = |d: &str| Date::parse_iso(d).unwrap_or_else(|| unreachable!());
        let value = |t: Option<&Target>| t.map(|t| t.value);
        assert_eq!(value(Target::current(&all, on("2025-04-30"))), Some(50.0));
        assert_eq!(value(Target::current(&all, on("2025-06-30"))), Some(50.0));
        assert_eq!(value(Target::current(&all, on("2026-01-31"))), Some(80.0));
    }

    #[test]
    fn every_status_has_its_own_id() {
        let ids: std::collections::BTreeSet<&str> =
            TaskStatus::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(ids.len(), TaskStatus::ALL.len());
    }
}
