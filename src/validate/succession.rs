//! The 2025 merger, checked both ways: a merged province's `formed_from:` lists every unit it
//! was formed from (with a file or without), and agrees with the `successor:` of the files;
//! and nothing is dated outside a unit's lifetime.
//!
//! Input: the raw province files and the provinces' identities (successors already set).
//! Output: each province's [`Formation`], and located errors.

use super::{unknown_help, Ctx};
use crate::diagnostics::Diagnostics;
use crate::load::raw::RawProvince;
use crate::load::Located;
use crate::model::{Formation, FormerUnit, Period, Province, Slug};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Read every `formed_from:`, then hold it and the `successor:` links to each other.
pub(super) fn formations(
    files: &[(Slug, &Located<Arc<RawProvince>>)],
    known: &[&str],
    unparsed: &std::collections::BTreeSet<Slug>,
    provinces: &mut BTreeMap<Slug, Province>,
    diags: &mut Diagnostics,
) {
    for (slug, doc) in files {
        let Some(raw) = &doc.value.formed_from else {
            continue;
        };
        let mut ctx = Ctx {
            file: &doc.file,
            index: &doc.index,
            diags,
        };
        let units = raw
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| unit(&mut ctx, slug, u, i, known, unparsed, provinces))
            .collect();
        if let Some(p) = provinces.get_mut(slug) {
            p.formed_from = Some(Formation {
                units,
                source: raw.source.clone(),
            });
        }
    }
    // Every unit that names a successor is listed by it.
    for (slug, doc) in files {
        let Some(successor) = provinces.get(slug).and_then(|p| p.successor.as_ref()) else {
            continue;
        };
        let Some(next) = provinces.get(&successor.province) else {
            continue;
        };
        let listed = next
            .formed_from
            .as_ref()
            .is_some_and(|f| f.units.contains(&FormerUnit::Province(slug.clone())));
        let mut ctx = Ctx {
            file: &doc.file,
            index: &doc.index,
            diags,
        };
        let to = &successor.province;
        // The successor begins the day this unit's successor link says it does.
        if let Some(begins) = next.valid_from.filter(|b| *b != successor.from) {
            let (from, begins) = (successor.from, begins);
            let d = ctx
                .error(
                    "succession-mismatch",
                    format!("`successor.from` is {from}, but data/provinces/{to}.yaml says `{to}` begins on {begins} (`valid_from`)"),
                )
                .help("write the day the successor begins in both places (the decision's effective date); then `valid_to` here is the day before it")
                .vi(format!("`successor.from` là {from}, nhưng data/provinces/{to}.yaml ghi `{to}` bắt đầu từ {begins} (`valid_from`)"))
                .vi_help("hãy ghi cùng một ngày đơn vị kế thừa bắt đầu ở cả hai nơi (ngày nghị quyết có hiệu lực); khi đó `valid_to` ở đây là ngày liền trước");
            ctx.at_value("successor.from", d);
        }
        if listed {
            continue;
        }
        let d = ctx
            .error(
                "missing-predecessor",
                format!("this unit names `{to}` as its successor, but `formed_from:` of data/provinces/{to}.yaml does not list it"),
            )
            .help(format!("add `- province: {slug}` under `formed_from: units:` in data/provinces/{to}.yaml, so that its page lists every unit it was formed from"))
            .vi(format!("đơn vị này ghi `{to}` là đơn vị kế thừa, nhưng `formed_from:` của data/provinces/{to}.yaml không liệt kê nó"))
            .vi_help(format!("hãy thêm `- province: {slug}` vào `formed_from: units:` trong data/provinces/{to}.yaml, để trang của tỉnh đó liệt kê đủ các đơn vị hợp thành"));
        ctx.at_value("successor.province", d);
    }
}

/// One entry of `formed_from.units`.
fn unit(
    ctx: &mut Ctx,
    slug: &Slug,
    raw: &crate::load::raw::RawFormerUnit,
    i: usize,
    known: &[&str],
    unparsed: &std::collections::BTreeSet<Slug>,
    provinces: &BTreeMap<Slug, Province>,
) -> Option<FormerUnit> {
    let path = format!("formed_from.units[{i}]");
    match (&raw.province, &raw.name) {
        (Some(_), Some(_)) | (None, None) => {
            let d = ctx
                .error(
                    "invalid-former-unit",
                    "a unit this province was formed from needs either `province:` (it has a file) or `name:` (it has none), not both or neither",
                )
                .help("write `- province: <id>` for a unit with a file in data/provinces/, or `- { name: { vi: \"…\", en: \"…\" }, code: \"91\" }` for one without")
                .vi("mỗi đơn vị hợp thành cần có `province:` (đơn vị có tệp dữ liệu) hoặc `name:` (đơn vị không có tệp), không được có cả hai hoặc thiếu cả hai")
                .vi_help("hãy viết `- province: <mã>` cho đơn vị có tệp trong data/provinces/, hoặc `- { name: { vi: \"…\", en: \"…\" }, code: \"91\" }` cho đơn vị không có tệp");
            ctx.at_key(&path, d);
            None
        }
        (Some(p), None) => {
            let former = ctx.slug(p, &format!("{path}.province"), "province id")?;
            if unparsed.contains(&former) {
                return Some(FormerUnit::Province(former));
            }
            if !known.contains(&former.as_str()) {
                let (help, help_vi) = unknown_help(
                    former.as_str(),
                    known.iter().copied(),
                    "a file data/provinces/<id>.yaml",
                );
                let d = ctx
                    .error(
                        "unknown-province",
                        format!("province `{former}` has no file in data/provinces/"),
                    )
                    .help(help)
                    .vi(format!(
                        "tỉnh `{former}` không có tệp trong data/provinces/"
                    ))
                    .vi_help(help_vi);
                ctx.at_value(&format!("{path}.province"), d);
                return None;
            }
            let names_us = provinces
                .get(&former)
                .and_then(|p| p.successor.as_ref())
                .is_some_and(|s| &s.province == slug);
            if !names_us {
                let d = ctx
                    .error(
                        "not-a-predecessor",
                        format!("`{former}` is listed as a unit this province was formed from, but data/provinces/{former}.yaml does not name `{slug}` as its successor"),
                    )
                    .help(format!("add `successor: {{ province: {slug}, from: <date> }}` and `valid_to:` (the day before) to data/provinces/{former}.yaml, or remove it from this list"))
                    .vi(format!("`{former}` được liệt kê là đơn vị hợp thành tỉnh này, nhưng data/provinces/{former}.yaml không ghi `{slug}` là đơn vị kế thừa"))
                    .vi_help(format!("hãy thêm `successor: {{ province: {slug}, from: <ngày> }}` và `valid_to:` (ngày liền trước) vào data/provinces/{former}.yaml, hoặc bỏ đơn vị này khỏi danh sách"));
                ctx.at_value(&format!("{path}.province"), d);
                return None;
            }
            Some(FormerUnit::Province(former))
        }
        (None, Some(name)) => {
            let name = ctx.label(name, &format!("{path}.name"));
            let code = raw.code.as_ref().map(|c| {
                ctx.code(c, &format!("{path}.code"));
                c.0.trim().to_string()
            });
            Some(FormerUnit::Unlisted { name, code })
        }
    }
}

/// The kinds of dated entries a unit's lifetime bounds.
#[derive(Clone, Copy)]
pub(crate) enum Dated {
    Report,
    Figures,
    TaskStatus,
    Narrative,
}

impl Dated {
    /// (English, Vietnamese)
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Dated::Report => ("report", "báo cáo"),
            Dated::Figures => ("block of figures", "nhóm số liệu"),
            Dated::TaskStatus => ("task status", "tình trạng nhiệm vụ"),
            Dated::Narrative => ("narrative", "bài viết"),
        }
    }

    /// Where the entry goes for the unit `slug`.
    fn home(self, slug: &str) -> String {
        match self {
            Dated::Narrative => format!("content/reports/{slug}/"),
            _ => format!("data/provinces/{slug}.yaml"),
        }
    }
}

/// The lifetime of one unit, as the checks of its entries need it.
pub(crate) struct Lifetime<'a> {
    pub province: &'a Province,
    /// The file of the unit it became part of.
    pub successor: Option<&'a str>,
    /// The files of the units it was formed from.
    pub predecessors: Vec<&'a str>,
}

impl Lifetime<'_> {
    /// An error at `path` when `period` lies outside the unit's lifetime.
    pub fn check(&self, ctx: &mut Ctx, period: &Period, path: &str, dated: Dated) {
        let what = dated.words();
        let p = self.province;
        if !p.lifetime_excludes(period) {
            return;
        }
        let key = period.key();
        let after = p.valid_to.filter(|to| period.end() > *to);
        let d = match after {
            Some(to) => {
                let (help, help_vi) = match self.successor {
                    Some(s) => (
                        format!("the unit ended on {to}: move this {} to {} if it is that unit's, or correct the period", what.0, dated.home(s)),
                        format!("đơn vị này đã kết thúc ngày {to}: hãy chuyển {} này sang {} nếu đó là của đơn vị kế thừa, hoặc sửa lại kỳ", what.1, dated.home(s)),
                    ),
                    None => (
                        format!("the unit ended on {to}: correct the period, or `valid_to`"),
                        format!("đơn vị này đã kết thúc ngày {to}: hãy sửa lại kỳ, hoặc `valid_to`"),
                    ),
                };
                ctx.error(
                    "outside-lifetime",
                    format!("this {} covers {key}, which ends after this unit ceased to exist (`valid_to: {to}`)", what.0),
                )
                .help(help)
                .vi(format!("{} này thuộc kỳ {key}, kết thúc sau ngày đơn vị này không còn tồn tại (`valid_to: {to}`)", what.1))
                .vi_help(help_vi)
            }
            None => {
                let from = p.valid_from.map(|d| d.to_string()).unwrap_or_default();
                let files: Vec<String> = self.predecessors.iter().map(|s| dated.home(s)).collect();
                let (help, help_vi) = if files.is_empty() {
                    (
                        format!("the unit began on {from}: correct the period, or `valid_from`"),
                        format!(
                            "đơn vị này bắt đầu từ ngày {from}: hãy sửa lại kỳ, hoặc `valid_from`"
                        ),
                    )
                } else {
                    (
                        format!("the unit began on {from}: earlier figures belong to the units it was formed from ({})", files.join(", ")),
                        format!("đơn vị này bắt đầu từ ngày {from}: số liệu trước đó thuộc các đơn vị hợp thành ({})", files.join(", ")),
                    )
                };
                ctx.error(
                    "outside-lifetime",
                    format!("this {} covers {key}, which ends before this unit began (`valid_from: {from}`)", what.0),
                )
                .help(help)
                .vi(format!("{} này thuộc kỳ {key}, kết thúc trước ngày đơn vị này được thành lập (`valid_from: {from}`)", what.1))
                .vi_help(help_vi)
            }
        };
        ctx.at_value(path, d);
    }
}

/// The lifetime of `province` as its raw file states it (used before successors are linked).
pub(crate) fn lifetime<'a>(province: &'a Province, raw: &'a RawProvince) -> Lifetime<'a> {
    Lifetime {
        province,
        successor: raw.successor.as_ref().map(|s| s.province.0.trim()),
        predecessors: raw
            .formed_from
            .iter()
            .flat_map(|f| &f.units)
            .filter_map(|u| u.province.as_ref().map(|p| p.0.trim()))
            .collect(),
    }
}

/// The lifetime of a validated province (successor and formation linked).
pub(crate) fn linked(province: &Province) -> Lifetime<'_> {
    Lifetime {
        province,
        successor: province.successor.as_ref().map(|s| s.province.as_str()),
        predecessors: province
            .formed_from
            .iter()
            .flat_map(|f| &f.units)
            .filter_map(|u| match u {
                FormerUnit::Province(s) => Some(s.as_str()),
                FormerUnit::Unlisted { .. } => None,
            })
            .collect(),
    }
}
