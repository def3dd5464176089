//! Observations: the figures of a province, checked one by one and against each other.
//!
//! Rules (each has a fixture under `tests/fixtures/invalid/`): the indicator, dimension and
//! member exist; a value has exactly one shape; counts are whole and not negative; a
//! numerator does not exceed its denominator and a percentage stays in 0–100 unless
//! `over_100` says why; a printed rate that is neither the rounded nor the truncated rate of
//! its counts is a warning showing both; one figure per province, indicator, period and
//! breakdown member; every figure has a source. Warnings, each showing every number: a total
//! that is not the sum of its declared parts and an average rate outside the range of its
//! members (`consistency.rs`), a second printing with other numbers (`printings.rs`), a count
//! typed into a percent indicator (`units.rs`).
//!
//! This file walks the blocks and assembles each observation; reading a value's shape, checking
//! its numbers and walking a breakdown each have their own file beside it.

mod breakdown;
mod checks;
mod consistency;
mod printings;
mod shape;
mod units;

use super::catalogue::Catalogue;
use super::{text, Ctx};
use crate::load::raw::{RawObservationBlock, RawValue, RawValueMap};
use crate::model::{Figure, Indicator, Observation, Period, Qualifier, Rare, Since, Slug};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

type ObservationKey = (Slug, Period, Option<(Slug, Slug)>);

pub(crate) fn observations(
    ctx: &mut Ctx,
    province: &Slug,
    blocks: &[RawObservationBlock],
    cat: &Catalogue,
) -> Vec<Observation> {
    let periods: Vec<Option<Period>> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| ctx.period(&b.period, &format!("observations[{i}].period")))
        .collect();
    // Within one block a figure cannot be given twice (its keys are unique: see `UniqueMap`),
    // so only blocks that share their period with another block are checked for duplicates.
    let mut blocks_of: HashMap<Period, usize> = HashMap::new();
    for p in periods.iter().flatten() {
        *blocks_of.entry(*p).or_default() += 1;
    }
    // About one observation a value (more with breakdowns): sized once, not grown by copying.
    let mut out = Vec::with_capacity(blocks.iter().map(|b| b.values.len()).sum());
    // Where each observation of `out` is written (block and key), for the rules that compare
    // figures: its key path is spelled only when one of them has something to say.
    let mut places: Vec<Place> = Vec::new();
    let mut seen: HashMap<ObservationKey, String> = HashMap::new();
    let mut vpath = String::new();
    let mut found = Vec::new();
    for (i, (block, period)) in blocks.iter().zip(&periods).enumerate() {
        let Some(period) = *period else {
            continue;
        };
        let shared_period = blocks_of.get(&period).is_some_and(|n| *n > 1);
        // One source string per block, shared by its figures.
        let block_source: Option<Arc<str>> = block
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Arc::from);
        // `observations[i].values.`, then each key in turn (a national site has half a
        // million values: the path is not formatted afresh for each).
        vpath.clear();
        let _ = write!(vpath, "observations[{i}].values.");
        let prefix = vpath.len();
        for (key, raw) in &block.values {
            vpath.truncate(prefix);
            vpath.push_str(key);
            let Some(indicator) = lookup_indicator(ctx, key, &vpath, cat) else {
                continue;
            };
            let site = Site {
                province,
                period,
                indicator,
                block_source: block_source.as_ref(),
                cat,
            };
            found.clear();
            site.value(ctx, raw, &vpath, None, None, &mut found);
            if !shared_period {
                places.extend(found.iter().map(|_| Place { block: i, key }));
                out.append(&mut found);
                continue;
            }
            for obs in found.drain(..) {
                let opath = match &obs.breakdown {
                    None => vpath.clone(),
                    Some((d, m)) => format!("{vpath}.by.{d}.{m}"),
                };
                let k = (obs.indicator.clone(), obs.period, obs.breakdown.clone());
                if let Some(first) = seen.get(&k) {
                    let first_line = ctx.position(first).map(|p| p.line).unwrap_or(0);
                    let d = ctx
                        .error(
                            "duplicate-observation",
                            format!("`{}` for {} is given twice", obs.indicator, obs.period),
                        )
                        .help(format!(
                            "the first is on line {first_line}; keep one figure per period (when the report prints it twice, record the other printing under `also_printed:` with its source)"
                        ))
                        .vi(format!("số liệu `{}` của kỳ {} được ghi hai lần", obs.indicator, obs.period))
                        .vi_help(format!(
                            "số liệu thứ nhất ở dòng {first_line}; mỗi kỳ chỉ ghi một số liệu (nếu báo cáo in số liệu này hai lần, hãy ghi lần in kia vào `also_printed:` kèm nguồn)"
                        ));
                    ctx.at_key(&opath, d);
                    continue;
                }
                seen.insert(k, opath);
                places.push(Place { block: i, key });
                out.push(obs);
            }
        }
    }
    consistency::check(ctx, &out, &places, cat);
    out
}

/// Where an observation is written: its block and its key there.
#[derive(Clone, Copy)]
struct Place<'a> {
    block: usize,
    key: &'a str,
}

impl Place<'_> {
    /// The key path of `obs`, written at this place.
    fn path(&self, obs: &Observation) -> String {
        let (i, key) = (self.block, self.key);
        match &obs.breakdown {
            None => format!("observations[{i}].values.{key}"),
            Some((d, m)) => format!("observations[{i}].values.{key}.by.{d}.{m}"),
        }
    }
}

fn lookup_indicator<'c>(
    ctx: &mut Ctx,
    key: &str,
    path: &str,
    cat: &'c Catalogue,
) -> Option<&'c Indicator> {
    // Every id of the catalogue is a slug: a key that is not one is found in none.
    let found = cat.indicators.get(key);
    if found.is_none() {
        let d = super::unknown_indicator(ctx.file, key, cat.indicator_ids());
        ctx.at_key(path, d);
    }
    found
}

/// What every value of one indicator in one block shares.
struct Site<'a> {
    province: &'a Slug,
    period: Period,
    indicator: &'a Indicator,
    block_source: Option<&'a Arc<str>>,
    cat: &'a Catalogue,
}

impl Site<'_> {
    /// Check one value (a total, or a member of a breakdown) and push the observations it
    /// yields with their key paths. `parent_since` is the starting point of the total a member
    /// belongs to.
    fn value(
        &self,
        ctx: &mut Ctx,
        raw: &RawValue,
        path: &str,
        breakdown: Option<(Slug, Slug)>,
        parent_since: Option<Since>,
        out: &mut Vec<Observation>,
    ) {
        let empty = RawValueMap::default();
        let (figure, map) = match raw {
            RawValue::Number(n) => (Some(Figure::Value(*n)), &empty),
            RawValue::Word(w) => (self.word(ctx, w, path), &empty),
            RawValue::Full(m) => (self.figure(ctx, m, path), m.as_ref()),
        };
        let own_since = map
            .since
            .as_ref()
            .and_then(|s| ctx.since(s, &format!("{path}.since"), self.indicator));
        if let Some(start) = own_since {
            // Measured at `as_of` when it is a date (a bad one is reported below), else at the
            // period's end.
            let end = map
                .as_of
                .as_ref()
                .and_then(|d| crate::model::Date::parse_iso(d.0.trim()))
                .unwrap_or(self.period.end());
            ctx.since_not_after(start, end, &format!("{path}.since"), false);
        }
        let since = own_since.or(parent_since);
        if let Some(by) = &map.by {
            if breakdown.is_some() {
                let d = ctx
                    .error("nested-breakdown", "a breakdown member cannot have its own breakdown")
                    .help("give each combination its own indicator, or break down by one dimension only")
                    .vi("một mục của phân tổ không thể có phân tổ riêng bên trong")
                    .vi_help("hãy tạo một chỉ tiêu riêng cho mỗi tổ hợp, hoặc chỉ chia số liệu theo một phân tổ");
                ctx.at_key(&format!("{path}.by"), d);
            } else {
                self.breakdown(ctx, by, path, since, out);
            }
        }
        let Some(figure) = figure else {
            return;
        };
        let over_100 = map
            .over_100
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if !self.check_figure(ctx, &figure, path, over_100.is_some()) {
            return;
        }
        self.check_unit(ctx, &figure, map.note.as_ref(), path);
        let also_printed = match &map.also_printed {
            Some(printings) => self.check_printings(ctx, &figure, printings, path),
            None => Vec::new(),
        };
        let as_of = map
            .as_of
            .as_ref()
            .and_then(|d| ctx.date(d, &format!("{path}.as_of")));
        if let Some(date) = as_of {
            if date > self.period.end() {
                let d = ctx
                    .warning(
                        "as-of-after-period",
                        format!("measured on {date}, after the period {} ends ({})", self.period, self.period.end()),
                    )
                    .help("this is allowed (reports sometimes quote later figures), but check the date and the period")
                    .vi(format!("số liệu tính đến ngày {date}, sau khi kỳ {} đã kết thúc ({})", self.period, self.period.end()))
                    .vi_help("điều này được phép (báo cáo đôi khi dẫn số liệu muộn hơn kỳ báo cáo), nhưng hãy kiểm tra lại ngày và kỳ");
                ctx.at_value(&format!("{path}.as_of"), d);
            }
        }
        let since = match since {
            Some(s) => Some(s),
            None => {
                // The indicator's default, checked against each figure that takes it.
                let default = self.indicator.since;
                if let Some(start) = default {
                    ctx.since_not_after(start, as_of.unwrap_or(self.period.end()), path, true);
                }
                default
            }
        };
        let source = map
            .source
            .as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(Arc::from)
            .or_else(|| self.block_source.cloned());
        if source.is_none() {
            let d = ctx
                .warning("missing-source", format!("`{}` for {} has no source", self.indicator.id, self.period))
                .help("add `source:` with the report file and section, e.g. \"000_713668bcec0a0089.txt §II.4.1\"")
                .vi(format!("số liệu `{}` của kỳ {} chưa ghi nguồn", self.indicator.id, self.period))
                .vi_help("hãy thêm `source:` ghi tên tệp báo cáo và mục trong báo cáo, ví dụ \"000_713668bcec0a0089.txt §II.4.1\"");
            ctx.at_key(path, d);
        }
        let qualifier = map.qualifier.as_ref().and_then(|q| {
            ctx.choice(
                q,
                &format!("{path}.qualifier"),
                "qualifier",
                &[
                    ("approx", Qualifier::Approx),
                    ("at-least", Qualifier::AtLeast),
                ],
            )
        });
        let change = map
            .change
            .as_ref()
            .and_then(|c| ctx.number(c, &format!("{path}.change")));
        out.push(Observation {
            province: self.province.clone(),
            indicator: self.indicator.id.clone(),
            period: self.period,
            breakdown,
            figure,
            qualifier,
            since,
            source,
            rare: Rare {
                change,
                as_of,
                note: map.note.as_ref().map(text),
                over_100,
                also_printed,
            }
            .boxed(),
        });
    }
}
