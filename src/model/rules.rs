//! The programme's rules about the data, in one place for every step that needs them:
//! whether a value meets a target, what a printed rate must agree with, the ids and order of
//! task statuses, and the name a province or a breakdown member is shown by.
//!
//! `validate` judges the data with them, `site` and `format` present their verdicts, so a
//! page can never say something `check` would not.

use super::{Comparator, Dimension, Lang, Site, Slug, Target, TaskStatus};

impl Target {
    /// Whether `value` meets the target.
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

    #[test]
    fn every_status_has_its_own_id() {
        let ids: std::collections::BTreeSet<&str> =
            TaskStatus::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(ids.len(), TaskStatus::ALL.len());
    }
}
