//! The rows the template prefills: one per indicator of the catalogue, then one per member of
//! each of its breakdowns (as a province file's `by:` gives them, next to the total), and one
//! per task the province already has.
//!
//! Every indicator applies to every province: the catalogue's `scope` says what a figure counts
//! (the period, a running total, a stock), not who reports it, and the site has no
//! national-only indicator. The rows follow the catalogue's groups in their order, and the
//! indicators of a group by id (ids share a prefix per topic: `tthc-`, `dvctt-`).

use crate::model::{
    Deadline, DeadlineKind, Dimension, Indicator, Member, Period, Site, Slug, Task,
};

/// One row of the figures sheet: a total, or one member of a breakdown.
#[derive(Debug, Clone, Copy)]
pub struct FigureRow<'a> {
    pub indicator: &'a Indicator,
    pub member: Option<(&'a Dimension, &'a Member)>,
}

/// The figures rows of the template, in sheet order.
pub fn figure_rows(site: &Site) -> Vec<FigureRow<'_>> {
    let mut out = Vec::new();
    let group_rank = |id: &Slug| site.groups.iter().position(|g| &g.id == id);
    let mut indicators: Vec<&Indicator> = site.indicators.values().collect();
    // Stable: a group the catalogue does not list (it cannot, once validated) goes last.
    indicators.sort_by_key(|i| group_rank(&i.group).unwrap_or(usize::MAX));
    for indicator in indicators {
        out.push(FigureRow {
            indicator,
            member: None,
        });
        for dimension in indicator
            .dimensions
            .iter()
            .filter_map(|d| site.dimensions.get(d))
        {
            for member in &dimension.members {
                out.push(FigureRow {
                    indicator,
                    member: Some((dimension, member)),
                });
            }
        }
    }
    out
}

/// The tasks the province already has, by id as the plan numbers them (`2` before `10`).
pub fn known_tasks<'a>(site: &'a Site, province: &Slug) -> Vec<&'a Task> {
    let mut tasks: Vec<&Task> = site
        .tasks
        .iter()
        .filter(|t| &t.province == province)
        .collect();
    tasks.sort_by_key(|t| natural(t.id.as_str()));
    tasks.dedup_by(|a, b| a.id == b.id);
    tasks
}

/// A sort key that orders the digits of an id as a number.
fn natural(id: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((u64::MAX, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    digits.parse().unwrap_or(u64::MAX),
                    std::mem::take(&mut digits),
                ));
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((digits.parse().unwrap_or(u64::MAX), digits));
    }
    if !text.is_empty() {
        key.push((u64::MAX, text));
    }
    key
}

/// The date of a deadline written with an explicit date, which the `due_date` column keeps
/// (the wording alone may not say it).
pub fn due_date(due: &Deadline) -> Option<crate::model::Date> {
    match due.kind {
        DeadlineKind::By(date) => Some(date),
        _ => None,
    }
}

/// The file name the instructions and the default output use: `data/<province>-<period>.xlsx`.
pub fn file_name(province: &Slug, period: Option<&Period>) -> String {
    match period {
        Some(p) => format!("{province}-{}.xlsx", p.slug()),
        None => format!("{province}.xlsx"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_sort_as_the_plan_numbers_them() {
        let mut ids = vec!["10", "2", "1", "2b", "a"];
        ids.sort_by_key(|id| natural(id));
        assert_eq!(ids, ["1", "2", "2b", "10", "a"]);
    }
}
