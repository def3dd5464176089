//! Knock-on errors, tied to their cause.
//!
//! Input: the diagnostics of a run, and the entries `load` left out of their files because
//! they could not be read ([`Dropped`]). An indicator reported unknown because its catalogue
//! entry is broken, or a figure reported missing because its value is, follows from that
//! entry's own error: it is given the entry as its [`Cause`], and the output shows it under
//! that error rather than among the root causes. Linear: the left-out entries are indexed
//! once, and each diagnostic looked up once.

use crate::diagnostics::{Cause, Diagnostics, Subject};
use crate::load::Dropped;
use crate::model::Period;
use std::collections::HashMap;

/// The catalogue's file: when it cannot be read at all, every indicator is "unknown".
const CATALOGUE: &str = "data/indicators.yaml";
/// The file of the dimensions and their members.
const DIMENSIONS: &str = "data/dimensions.yaml";

/// Give each diagnostic whose subject was left out of its file that entry as its cause; when
/// the catalogue could not be read at all (`catalogue_unread`), the catalogue file is the
/// cause of every unknown indicator.
pub(super) fn link(diags: &mut Diagnostics, dropped: &[Dropped], catalogue_unread: bool) {
    if catalogue_unread {
        for diag in diags.iter_mut() {
            if matches!(diag.subject, Some(Subject::Indicator(_))) && diag.file != CATALOGUE {
                diag.cause = Some(Cause {
                    file: CATALOGUE.to_string(),
                    key_path: String::new(),
                });
            }
        }
        return;
    }
    if dropped.is_empty() {
        return;
    }
    let mut indicators: HashMap<&str, &Dropped> = HashMap::new();
    let mut figures: HashMap<(&str, &str, Period), &Dropped> = HashMap::new();
    let mut dimensions: HashMap<&str, &Dropped> = HashMap::new();
    let mut members: HashMap<(&str, &str), &Dropped> = HashMap::new();
    for d in dropped {
        if d.file == DIMENSIONS {
            match (&d.within, d.path.contains(".members[")) {
                (Some(dimension), true) => {
                    for id in &d.ids {
                        members.entry((dimension, id)).or_insert(d);
                    }
                }
                (_, false) => {
                    for id in &d.ids {
                        dimensions.entry(id).or_insert(d);
                    }
                }
                (None, true) => {}
            }
            continue;
        }
        if d.file == CATALOGUE && d.path.starts_with("indicators[") {
            for id in &d.ids {
                indicators.entry(id).or_insert(d);
            }
            continue;
        }
        let province = d
            .file
            .strip_prefix("data/provinces/")
            .and_then(|f| f.rsplit_once('.'))
            .map(|(stem, _)| stem);
        let period = d.period.as_deref().and_then(|p| Period::parse(p).ok());
        if let (Some(province), Some(period), true) =
            (province, period, d.path.starts_with("observations["))
        {
            for id in &d.ids {
                figures.entry((province, id, period)).or_insert(d);
            }
        }
    }
    for diag in diags.iter_mut() {
        let entry = match &diag.subject {
            Some(Subject::Indicator(id)) => indicators.get(id.as_str()),
            Some(Subject::Dimension(id)) => dimensions.get(id.as_str()),
            Some(Subject::Member { dimension, member }) => members
                .get(&(dimension.as_str(), member.as_str()))
                .or_else(|| dimensions.get(dimension.as_str())),
            Some(Subject::Figure {
                province,
                indicator,
                period,
            }) => figures
                .get(&(province.as_str(), indicator.as_str(), *period))
                .or_else(|| indicators.get(indicator.as_str())),
            None => None,
        };
        if let Some(entry) = entry {
            diag.cause = Some(Cause {
                file: entry.file.clone(),
                key_path: entry.path.clone(),
            });
        }
    }
}
