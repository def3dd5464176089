//! Starting points of cumulative counts: whether the figures of one indicator from several
//! provinces count from the same day, and so may be ranked side by side.
//!
//! Input: the figures a comparison would show. Output: their distinct starting points. Two
//! running totals that start on different days (Đồng Tháp counts ID-card applications from
//! 01/07/2024, Bắc Giang does not say) are different quantities, as two periods are: the
//! pages say so and do not rank them. A start the report does not state is a starting point of
//! its own ("not stated"), never assumed equal to a known one.

use crate::format;
use crate::model::{Date, Indicator, Lang, Observation, Scope, Since};
use crate::theme::Strings;

/// The distinct starting points of `figures`, earliest first and "not stated" (`None`) last.
/// Empty for an indicator that is not cumulative. A month and its first day are one start.
pub fn starting_points<'a>(
    indicator: &Indicator,
    figures: impl IntoIterator<Item = &'a Observation>,
) -> Vec<Option<Since>> {
    if indicator.scope != Scope::Cumulative {
        return Vec::new();
    }
    let mut seen: std::collections::BTreeMap<(bool, Option<Date>), Option<Since>> =
        std::collections::BTreeMap::new();
    for o in figures {
        let start = o.since.map(Since::start);
        seen.entry((start.is_none(), start)).or_insert(o.since);
    }
    seen.into_values().collect()
}

/// A starting point as the page writes it: "01/07/2024", "tháng 2/2024", or "not stated".
pub fn start_label(since: Option<Since>, lang: Lang, t: &Strings) -> String {
    match since {
        Some(s) => format::since(s, lang),
        None => t.get("since_unknown").to_string(),
    }
}

/// What a figure adds after its period in a comparison: its starting point when there is
/// one, and "not stated" too when the figures compared do not all start alike.
pub fn since_note(since: Option<Since>, mixed: bool, lang: Lang, t: &Strings) -> Option<String> {
    match since {
        Some(s) => Some(t.fill("figure_since", &[("date", &format::since(s, lang))])),
        None if mixed => Some(t.get("since_unknown").to_string()),
        None => None,
    }
}
