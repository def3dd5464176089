//! `data/provinces/<slug>.yaml`: metadata, succession, source documents and targets; the
//! observations and tasks of each file are checked by their own modules.

use super::catalogue::{target, Catalogue};
use super::{observations, succession, tasks, text, unknown_help, Ctx};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::locate::LocationIndex;
use crate::load::raw::RawProvince;
use crate::load::Located;
use crate::model::{
    Figures, Observation, Province, ReportDocument, Slug, Succession, Target, Task,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything the province files hold, as far as it is valid.
#[derive(Debug, Default)]
pub(crate) struct Provinces {
    pub provinces: BTreeMap<Slug, Province>,
    pub reports: Vec<ReportDocument>,
    pub observations: Figures,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    /// Provinces whose file failed to parse: references to them are not errors of their own.
    pub unparsed: std::collections::BTreeSet<Slug>,
}

pub(crate) fn provinces(
    files: &[(String, Located<Arc<RawProvince>>)],
    unparsed: &[String],
    cat: &Catalogue,
    reusing: Reusing,
    diags: &mut Diagnostics,
) -> Provinces {
    let mut out = Provinces::default();
    // First pass: every province's identity, so that successors can refer to any file.
    let mut valid: Vec<(Slug, &Located<Arc<RawProvince>>)> = Vec::new();
    for (stem, doc) in files {
        let Some(slug) = Slug::parse(stem) else {
            diags.push(
                Diagnostic::error(
                    "invalid-id",
                    &doc.file,
                    format!("file name `{stem}` is not a valid province id"),
                )
                .at(Some(Position { line: 1, column: 1 }))
                .help(format!(
                    "the file name becomes the province's web address: rename it to `{}.yaml`",
                    Slug::suggest(stem)
                ))
                .vi(format!("tên tệp `{stem}` không phải là mã tỉnh hợp lệ"))
                .vi_help(format!(
                    "tên tệp được dùng làm địa chỉ trang của tỉnh: hãy đổi tên tệp thành `{}.yaml`",
                    Slug::suggest(stem)
                )),
            );
            continue;
        };
        valid.push((slug, doc));
    }
    for (slug, doc) in &valid {
        let mut ctx = Ctx {
            file: &doc.file,
            index: &doc.index,
            diags,
        };
        if let Some(p) = metadata(&mut ctx, slug, &doc.value) {
            out.provinces.insert(slug.clone(), p);
        }
    }
    let mut known: Vec<&str> = valid.iter().map(|(s, _)| s.as_str()).collect();
    known.extend(unparsed.iter().map(String::as_str));
    out.unparsed = unparsed.iter().filter_map(|s| Slug::parse(s)).collect();
    // The contents of each file are checked in parallel, each with its own diagnostics, then
    // merged in file order: the result is the same as checking the files one by one.
    use rayon::prelude::*;
    // Or taken from `serve`'s rebuild before, when made from the same text and catalogue.
    let contents: Vec<Arc<Contents>> = valid
        .par_iter()
        .map(|(slug, doc)| {
            let text = reusing.sources.get(&doc.file);
            reusing
                .reuse
                .contents(reusing.catalogue, &doc.file, text, || {
                    contents(slug, doc, cat, out.provinces.get(slug))
                })
        })
        .collect();
    for ((slug, doc), c) in valid.iter().zip(contents) {
        let mut ctx = Ctx {
            file: &doc.file,
            index: &doc.index,
            diags,
        };
        check_successor(&mut ctx, slug, &doc.value, &known, &mut out.provinces);
        // Moved out when nothing else holds them (`check`, `build`), copied when `serve` keeps
        // them for its next rebuild; the figures are shared either way, where they were made
        // ([`Figures`]).
        let c = Arc::try_unwrap(c).unwrap_or_else(|kept| (*kept).clone());
        diags.extend(c.diags);
        out.reports.extend(c.reports);
        out.targets.extend(c.targets);
        out.observations.push_shared(c.observations);
        out.tasks.extend(c.tasks);
    }
    succession::formations(&valid, &known, &out.unparsed, &mut out.provinces, diags);
    out
}

/// What one province file holds besides its identity, and the problems found in it: made
/// from the file's text and the catalogue alone ([`super::reuse`]).
#[derive(Default, Clone)]
pub struct Contents {
    reports: Vec<ReportDocument>,
    targets: Vec<Target>,
    observations: Arc<Vec<Observation>>,
    tasks: Vec<Task>,
    diags: Diagnostics,
}

/// What [`provinces`] may take from the validation before: `reuse`'s contents, found by the
/// texts in `sources` and the `catalogue`'s digest ([`super::reuse::Reuse::catalogue_key`]).
#[derive(Clone, Copy)]
pub(super) struct Reusing<'a> {
    pub reuse: &'a super::reuse::Reuse,
    pub catalogue: Option<&'a blake3::Hash>,
    pub sources: &'a BTreeMap<String, Arc<str>>,
}

fn contents(
    slug: &Slug,
    doc: &Located<Arc<RawProvince>>,
    cat: &Catalogue,
    province: Option<&Province>,
) -> Contents {
    let (file, index, raw) = (&doc.file, &doc.index, &doc.value);
    let mut c = Contents::default();
    let mut ctx = Ctx {
        file,
        index,
        diags: &mut c.diags,
    };
    reports(&mut ctx, slug, raw, &mut c.reports);
    province_targets(&mut ctx, slug, raw, cat, &mut c.targets);
    c.observations = Arc::new(observations::observations(
        &mut ctx,
        slug,
        &raw.observations,
        cat,
    ));
    c.tasks = tasks::tasks(&mut ctx, slug, &raw.tasks);
    let files: Vec<&str> = c.reports.iter().map(|r| r.file.as_str()).collect();
    super::sources::check(&mut ctx, raw, &files);
    if let Some(p) = province {
        lifetime(&mut ctx, &succession::lifetime(p, raw), raw);
    }
    c
}

/// What a table gives a province (see [`crate::load::tables`]): its figures and tasks,
/// checked by the rules of a province file's, with the province file's `reports:` (`listed`)
/// as the documents they may cite. Diagnostics are at key paths, for the table to place.
pub(crate) fn table_contents(
    slug: &Slug,
    file: &str,
    index: &LocationIndex,
    raw: &RawProvince,
    cat: &Catalogue,
    province: &Province,
    listed: &[&str],
) -> (Vec<Observation>, Vec<Task>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut ctx = Ctx {
        file,
        index,
        diags: &mut diags,
    };
    let observations = observations::observations(&mut ctx, slug, &raw.observations, cat);
    let tasks = tasks::tasks(&mut ctx, slug, &raw.tasks);
    super::sources::check(&mut ctx, raw, listed);
    lifetime(&mut ctx, &succession::lifetime(province, raw), raw);
    (observations, tasks, diags)
}

/// Reports, observations and task statuses dated outside the unit's lifetime. Targets and
/// task deadlines may fall after it: they are what the old unit's plan said, not a figure.
fn lifetime(ctx: &mut Ctx, life: &succession::Lifetime, raw: &RawProvince) {
    let dated = raw
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                &r.period,
                format!("reports[{i}].period"),
                succession::Dated::Report,
            )
        })
        .chain(raw.observations.iter().enumerate().map(|(i, o)| {
            (
                &o.period,
                format!("observations[{i}].period"),
                succession::Dated::Figures,
            )
        }))
        .chain(raw.tasks.iter().enumerate().map(|(i, t)| {
            (
                &t.as_of,
                format!("tasks[{i}].as_of"),
                succession::Dated::TaskStatus,
            )
        }));
    for (period, path, what) in dated {
        // A period that does not parse is reported by its own check.
        if let Ok(period) = crate::model::Period::parse(&period.0) {
            life.check(ctx, &period, &path, what);
        }
    }
}

fn metadata(ctx: &mut Ctx, slug: &Slug, raw: &RawProvince) -> Option<Province> {
    let name = ctx.label(&raw.name, "name");
    let region = raw.region.as_ref().map(|r| ctx.label(r, "region"));
    let valid_from = raw
        .valid_from
        .as_ref()
        .and_then(|d| ctx.date(d, "valid_from"));
    let valid_to = raw.valid_to.as_ref().and_then(|d| ctx.date(d, "valid_to"));
    if let (Some(from), Some(to)) = (valid_from, valid_to) {
        if to < from {
            let d = ctx
                .error(
                    "invalid-date",
                    format!("`valid_to` ({to}) is before `valid_from` ({from})"),
                )
                .help("swap the two dates, or correct one of them")
                .vi(format!(
                    "ngày kết thúc `valid_to` ({to}) sớm hơn ngày bắt đầu `valid_from` ({from})"
                ))
                .vi_help("hãy đổi chỗ hai ngày, hoặc sửa lại một trong hai");
            ctx.at_value("valid_to", d);
        }
    }
    let code = raw.code.as_ref().map(|c| {
        ctx.code(c, "code");
        c.0.trim().to_string()
    });
    Some(Province {
        slug: slug.clone(),
        name,
        code,
        region,
        valid_from,
        valid_to,
        successor: None,
        formed_from: None,
    })
}

fn check_successor(
    ctx: &mut Ctx,
    slug: &Slug,
    raw: &RawProvince,
    known: &[&str],
    provinces: &mut BTreeMap<Slug, Province>,
) {
    let Some(s) = &raw.successor else {
        return;
    };
    let target = ctx.slug(&s.province, "successor.province", "province id");
    let from = ctx.date(&s.from, "successor.from");
    let (Some(target), Some(from)) = (target, from) else {
        return;
    };
    if &target == slug {
        let d = ctx
            .error(
                "invalid-successor",
                "a province cannot be its own successor",
            )
            .help("name the province this one became part of")
            .vi("một tỉnh không thể là đơn vị kế thừa của chính nó")
            .vi_help("hãy ghi mã của tỉnh mà tỉnh này được sáp nhập vào");
        ctx.at_value("successor.province", d);
        return;
    }
    if !known.contains(&target.as_str()) {
        let (help, help_vi) = unknown_help(
            target.as_str(),
            known.iter().copied(),
            "a file data/provinces/<id>.yaml",
        );
        let d = ctx
            .error(
                "unknown-province",
                format!("successor `{target}` has no file in data/provinces/"),
            )
            .help(help)
            .vi(format!(
                "tỉnh kế thừa `{target}` không có tệp trong data/provinces/"
            ))
            .vi_help(help_vi);
        ctx.at_value("successor.province", d);
        return;
    }
    if let Some(p) = provinces.get_mut(slug) {
        succession_date(ctx, p.valid_to, from);
        p.successor = Some(Succession {
            province: target,
            from,
            source: s.source.clone(),
        });
    }
}

/// A merged unit ends the day before its successor takes over: no day belongs to both, and
/// none to neither.
fn succession_date(ctx: &mut Ctx, valid_to: Option<crate::model::Date>, from: crate::model::Date) {
    let Some(to) = valid_to else {
        let d = ctx
            .error(
                "missing-field",
                "a unit with a `successor` needs `valid_to`, its last day",
            )
            .help("add `valid_to:` with the day before `successor.from`")
            .vi("đơn vị có `successor` cần có `valid_to`, ngày cuối cùng tồn tại")
            .vi_help("hãy thêm `valid_to:` là ngày liền trước `successor.from`");
        ctx.at_key("successor", d);
        return;
    };
    let gap = from.day_number() - to.day_number();
    if gap == 1 {
        return;
    }
    let d = if gap < 1 {
        ctx.error(
            "succession-overlap",
            format!("`valid_to` ({to}) is not before the succession date ({from})"),
        )
        .help("a merged unit ends the day before its successor takes over: set `valid_to` to the day before `successor.from`")
        .vi(format!("ngày kết thúc `valid_to` ({to}) không sớm hơn ngày sáp nhập ({from})"))
        .vi_help("đơn vị bị sáp nhập kết thúc vào ngày liền trước ngày đơn vị mới bắt đầu: hãy đặt `valid_to` là ngày liền trước `successor.from`")
    } else {
        ctx.error(
            "succession-gap",
            format!("`valid_to` ({to}) leaves {} days before the succession date ({from}) that belong to no unit", gap - 1),
        )
        .help("a merged unit ends the day before its successor takes over: set `valid_to` to the day before `successor.from`")
        .vi(format!("giữa ngày kết thúc `valid_to` ({to}) và ngày sáp nhập ({from}) còn {} ngày không thuộc đơn vị nào", gap - 1))
        .vi_help("đơn vị bị sáp nhập kết thúc vào ngày liền trước ngày đơn vị mới bắt đầu: hãy đặt `valid_to` là ngày liền trước `successor.from`")
    };
    ctx.at_value("valid_to", d);
}

fn reports(ctx: &mut Ctx, slug: &Slug, raw: &RawProvince, out: &mut Vec<ReportDocument>) {
    let mut seen: Vec<crate::model::Period> = Vec::new();
    for (i, r) in raw.reports.iter().enumerate() {
        let path = format!("reports[{i}]");
        let period = ctx.period(&r.period, &format!("{path}.period"));
        let issued = r
            .issued
            .as_ref()
            .and_then(|d| ctx.date(d, &format!("{path}.issued")));
        let Some(period) = period else {
            continue;
        };
        if seen.contains(&period) {
            let d = ctx
                .error(
                    "duplicate-report",
                    format!("a report for {period} is listed twice"),
                )
                .help("keep one entry per period")
                .vi(format!("báo cáo kỳ {period} được liệt kê hai lần"))
                .vi_help("mỗi kỳ chỉ ghi một mục");
            ctx.at_value(&format!("{path}.period"), d);
            continue;
        }
        seen.push(period);
        if let Some(issued) = issued {
            if issued < period.start() {
                let d = ctx
                    .warning(
                        "issued-before-period",
                        format!("issued {issued}, before the period it reports on starts"),
                    )
                    .help("check the issue date and the period")
                    .vi(format!(
                        "ngày ban hành {issued} sớm hơn ngày bắt đầu của kỳ báo cáo"
                    ))
                    .vi_help("hãy kiểm tra lại ngày ban hành và kỳ báo cáo");
                ctx.at_value(&format!("{path}.issued"), d);
            }
        }
        out.push(ReportDocument {
            province: slug.clone(),
            period,
            file: r.file.trim().to_string(),
            number: r
                .number
                .as_ref()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            issued,
            draft: r.draft.unwrap_or(false),
            url: r
                .url
                .as_deref()
                .and_then(|u| official_url(ctx, u, &format!("{path}.url"))),
            issuer: text(&r.issuer),
            note: r.note.as_ref().map(text),
        });
    }
}

fn province_targets(
    ctx: &mut Ctx,
    slug: &Slug,
    raw: &RawProvince,
    cat: &Catalogue,
    out: &mut Vec<Target>,
) {
    for (i, t) in raw.targets.iter().enumerate() {
        let path = format!("targets[{i}]");
        let Some(ind_raw) = &t.indicator else {
            let d = ctx
                .error(
                    "missing-field",
                    "this target does not say which indicator it is for",
                )
                .help("add `indicator: <id>` to the target")
                .vi("mục tiêu này chưa ghi thuộc chỉ tiêu nào")
                .vi_help("hãy thêm `indicator: <mã chỉ tiêu>` vào mục tiêu");
            ctx.at_key(&path, d);
            continue;
        };
        let Some(id) = ctx.slug(ind_raw, &format!("{path}.indicator"), "indicator id") else {
            continue;
        };
        let Some(indicator) = cat.indicators.get(&id) else {
            let d = super::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
            ctx.at_value(&format!("{path}.indicator"), d);
            continue;
        };
        let Some(target) = target(ctx, t, &path, indicator, Some(slug)) else {
            continue;
        };
        let duplicate = out.iter().any(|o| {
            o.indicator == target.indicator
                && o.province == target.province
                && o.by == target.by
                && o.issuer == target.issuer
        });
        if duplicate {
            let d = ctx
                .error(
                    "duplicate-target",
                    format!("a target for `{id}` with the same deadline and issuer is given twice"),
                )
                .help(
                    "a roadmap has one target per deadline and issuing body; remove or correct one",
                )
                .vi(format!("mục tiêu cho `{id}` với cùng thời hạn và cùng cơ quan ban hành được ghi hai lần"))
                .vi_help("một lộ trình chỉ có một mục tiêu cho mỗi thời hạn và mỗi cơ quan ban hành; hãy xóa hoặc sửa một mục");
            ctx.at_key(&path, d);
            continue;
        }
        out.push(target);
    }
}

/// A report's official address: an `https://` [`WebAddress`](crate::model::WebAddress) (the one
/// checker of addresses a page links to), since it is written into a link on every page that
/// cites the report.
fn official_url(ctx: &mut Ctx, url: &str, path: &str) -> Option<String> {
    let url = url.trim();
    if let Some(address) =
        crate::model::WebAddress::parse(url).filter(|u| u.as_str().starts_with("https://"))
    {
        return Some(address.to_string());
    }
    let d = ctx
        .error("invalid-url", format!("`{url}` is not an https:// address of a document"))
        .help("write the full address of the official document as published, starting with https:// (e.g. https://vanban.chinhphu.vn/…), without spaces")
        .vi(format!("`{url}` không phải là địa chỉ https:// của một văn bản"))
        .vi_help("hãy ghi đầy đủ địa chỉ văn bản chính thức như được công bố, bắt đầu bằng https:// (ví dụ https://vanban.chinhphu.vn/…), không có khoảng trắng");
    ctx.at_value(path, d);
    None
}
