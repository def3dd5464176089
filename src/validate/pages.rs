//! Markdown pages: front matter, and every live figure they cite.
//!
//! A report narrative (`content/reports/…`) must name its province and period; an English
//! version is `<name>.en.md`. Each `{{ value(…) }}` must point at a figure that exists, so a
//! typo in an indicator id is caught by `check`, with the line in the Markdown file. A report
//! narrative's typed numbers are held against its report's figures (`typed_numbers`).

use super::catalogue::Catalogue;
use super::live_figures::{self, FigureRef, FigureScope};
use super::province::Provinces;
use super::{unknown_help, Ctx};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::shortcode;
use crate::load::RawPage;
use crate::model::{Lang, Observation, Page, Period, Slug};
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// The observations of each province and period.
type Reports<'a> = crate::FastMap<(&'a Slug, Period), Report<'a>>;

/// The indicator and breakdown cell of a figure.
type Cell<'a> = (&'a Slug, Option<&'a (Slug, Slug)>);

/// The observations of one province and period, and (made when a live figure first cites
/// the period) the indicator and breakdown cell of each.
#[derive(Default)]
struct Report<'a> {
    figures: Vec<&'a Observation>,
    cells: std::sync::OnceLock<crate::FastSet<Cell<'a>>>,
}

impl<'a> Report<'a> {
    /// Whether the period has a figure of `indicator` and `breakdown`.
    fn has(&self, indicator: &Slug, breakdown: Option<&(Slug, Slug)>) -> bool {
        self.cells
            .get_or_init(|| {
                self.figures
                    .iter()
                    .map(|o| (&o.indicator, o.breakdown.as_ref()))
                    .collect()
            })
            .contains(&(indicator, breakdown))
    }
}

/// Check every page. What a narrative's typed numbers and a page's live figures gave is
/// taken from the validation before this one when made from the same inputs (`checks`).
pub(crate) fn pages(
    raw: &mut [RawPage],
    provinces: &Provinces,
    cat: &Catalogue,
    checks: &super::reuse::PageChecks,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    // Every source document, and (below) the figures of each province and period: looked up,
    // not searched, since a national site has thousands of pages and half a million figures.
    let documents: crate::FastSet<(&Slug, Period)> = provinces
        .reports
        .iter()
        .map(|r| (&r.province, r.period))
        .collect();
    // The figures of each province and period: what a live figure cites, and the numbers a
    // report's narrative types instead of citing. A report's figures come one after another
    // (a block of its period): looked up once a run, not once a figure.
    let mut reports = Reports::default();
    if !raw.is_empty() {
        let same_report =
            |a: &Observation, b: &Observation| a.period == b.period && a.province == b.province;
        // A run cut where one part of the figures ends adds to the same entry.
        let runs = provinces
            .observations
            .parts()
            .flat_map(|p| p.chunk_by(same_report));
        for run in runs {
            if let Some(first) = run.first() {
                reports
                    .entry((&first.province, first.period))
                    .or_default()
                    .figures
                    .extend(run);
            }
        }
    }
    let percent = super::typed_numbers::Percent::new(&cat.indicators);
    // Each page is checked on its own, in parallel and with its own diagnostics; a second
    // narrative of the same province, period and language is found afterwards, in file order.
    let checked: Vec<(Page, Diagnostics)> = raw
        .par_iter_mut()
        .map(|page| {
            let looked_up = (&reports, &percent, checks);
            one_page(page, provinces, cat, looked_up, &documents)
        })
        .collect();
    let mut out: Vec<Page> = Vec::with_capacity(checked.len());
    let mut narratives: HashMap<(Slug, Period, Lang), usize> = HashMap::new();
    for ((page, page_diags), raw_page) in checked.into_iter().zip(raw.iter()) {
        diags.extend(page_diags);
        if let (true, Some(p), Some(per)) = (
            page.path.starts_with("reports/"),
            page.province.clone(),
            page.period,
        ) {
            match narratives.entry((p.clone(), per, page.lang)) {
                Entry::Vacant(first) => {
                    first.insert(out.len());
                }
                Entry::Occupied(first) => {
                    let mut ctx = Ctx {
                        file: &raw_page.front.file,
                        index: &raw_page.front.index,
                        diags,
                    };
                    let first = &out[*first.get()];
                    let d = ctx
                        .error(
                            "duplicate-page",
                            format!(
                                "content/{} already covers {p} {per} in this language",
                                first.path
                            ),
                        )
                        .help("keep one narrative per province, period and language")
                        .vi(format!(
                            "content/{} đã viết về `{p}` kỳ {per} bằng ngôn ngữ này",
                            first.path
                        ))
                        .vi_help("mỗi tỉnh, mỗi kỳ, mỗi ngôn ngữ chỉ có một bài viết");
                    ctx.at_value("period", d);
                }
            }
        }
        out.push(page);
    }
    out
}

/// One page, checked, and the problems found in it.
fn one_page(
    page: &mut RawPage,
    provinces: &Provinces,
    cat: &Catalogue,
    (reports, percent, checks): (
        &Reports,
        &super::typed_numbers::Percent,
        &super::reuse::PageChecks,
    ),
    documents: &crate::FastSet<(&Slug, Period)>,
) -> (Page, Diagnostics) {
    let mut page_diags = Diagnostics::default();
    let diags = &mut page_diags;
    let doc = &page.front;
    let mut ctx = Ctx {
        file: &doc.file,
        index: &doc.index,
        diags,
    };
    let fm = &doc.value;
    let path = doc
        .file
        .strip_prefix("content/")
        .unwrap_or(&doc.file)
        .to_string();
    // A stand-alone page's file name becomes its address (`content/about.md` → `/about/`).
    if !path.contains('/') {
        let name = path.trim_end_matches(".md").trim_end_matches(".en");
        if name != "_index" && Slug::parse(name).is_none() {
            ctx.diags.push(
                Diagnostic::error("invalid-id", &doc.file, format!("page name `{name}` cannot be a web address"))
                    .at(Some(Position { line: 1, column: 1 }))
                    .help(format!(
                        "rename the file with lowercase letters a–z, digits and hyphens, e.g. `content/{}.md`",
                        Slug::suggest(name)
                    ))
                    .vi(format!("tên trang `{name}` không dùng được làm địa chỉ web"))
                    .vi_help(format!(
                        "hãy đổi tên tệp, chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang, ví dụ `content/{}.md`",
                        Slug::suggest(name)
                    )),
            );
        }
    }
    let lang = if path.ends_with(".en.md") {
        Lang::En
    } else {
        Lang::Vi
    };
    if fm.title.trim().is_empty() {
        let d = ctx
            .error("empty-label", "the page title is empty")
            .help("write a title for the page")
            .vi("tiêu đề trang đang để trống")
            .vi_help("hãy viết tiêu đề cho trang");
        ctx.at_value("title", d);
    }
    let mut refers_to_unparsed = false;
    let province = fm.province.as_ref().and_then(|p| {
        let slug = ctx.slug(p, "province", "province id")?;
        if provinces.provinces.contains_key(&slug) {
            Some(slug)
        } else if provinces.unparsed.contains(&slug) {
            refers_to_unparsed = true;
            None
        } else {
            let (help, help_vi) = unknown_help(
                slug.as_str(),
                provinces.provinces.keys().map(Slug::as_str),
                "data/provinces/",
            );
            let d = ctx
                .error(
                    "unknown-province",
                    format!("province `{slug}` has no file in data/provinces/"),
                )
                .help(help)
                .vi(format!("tỉnh `{slug}` không có tệp trong data/provinces/"))
                .vi_help(help_vi);
            ctx.at_value("province", d);
            None
        }
    });
    let period = fm.period.as_ref().and_then(|p| ctx.period(p, "period"));
    let is_report = path.starts_with("reports/");
    if is_report && (fm.province.is_none() || fm.period.is_none()) {
        let d = ctx
            .error("missing-field", "a report narrative needs `province:` and `period:`")
            .help("add the province id and the period the report covers, e.g. province: dong-thap and period: \"2025-04\"")
            .vi("bài viết về một báo cáo cần có `province:` và `period:`")
            .vi_help("hãy thêm mã tỉnh và kỳ mà báo cáo đề cập, ví dụ province: dong-thap và period: \"2025-04\"");
        ctx.at_key("title", d);
    }
    if let (Some(p), Some(per)) = (
        province.as_ref().and_then(|p| provinces.provinces.get(p)),
        period,
    ) {
        super::succession::linked(p).check(
            &mut ctx,
            &per,
            "period",
            super::succession::Dated::Narrative,
        );
    }
    if let (true, Some(p), Some(per)) = (is_report, &province, period) {
        if !documents.contains(&(p, per)) {
            let d = ctx
                .warning(
                    "no-source-document",
                    format!("`{p}` has no source document listed for {per}"),
                )
                .help("add the report to `reports:` in the province's data file")
                .vi(format!(
                    "tỉnh `{p}` chưa có văn bản báo cáo nguồn nào cho kỳ {per}"
                ))
                .vi_help("hãy thêm báo cáo vào `reports:` trong tệp dữ liệu của tỉnh");
            ctx.at_value("period", d);
        }
    }
    super::narrative::check_body(ctx.diags, &doc.file, page);
    if let (true, Some(p), Some(per)) = (is_report, &province, period) {
        if let Some(report) = reports.get(&(p, per)) {
            let found = checks.typed(&doc.file, page, &report.figures, || {
                let mut found = Diagnostics::default();
                super::typed_numbers::check(
                    &mut found,
                    &doc.file,
                    page,
                    lang,
                    &report.figures,
                    percent,
                );
                found
            });
            ctx.diags.extend(found);
        }
    }
    // A page of a province whose file does not parse is checked again once it does.
    if !refers_to_unparsed {
        let front = (province.as_ref(), period);
        let report = |p: &Slug, per: Period| {
            let report = reports.get(&(p, per))?;
            Some(crate::model::figures::places(&report.figures))
        };
        let found = checks.calls(&doc.file, page, front, report, || {
            let mut found = Diagnostics::default();
            let asked = check_calls(
                &mut found,
                &doc.file,
                page,
                province.as_ref(),
                period,
                provinces,
                (cat, reports),
            );
            (found, asked)
        });
        ctx.diags.extend(found);
    }
    let page = Page {
        path,
        lang,
        title: fm.title.trim().to_string(),
        summary: fm.summary.clone(),
        province,
        period,
        draft: fm.draft.unwrap_or(false),
        // Moved, not copied: the raw page is not needed after this.
        body: std::mem::take(&mut page.body),
        body_line: page.body_line,
    };
    (page, page_diags)
}

fn check_calls(
    diags: &mut Diagnostics,
    file: &str,
    page: &RawPage,
    page_province: Option<&Slug>,
    page_period: Option<Period>,
    provinces: &Provinces,
    (cat, reports): (&Catalogue, &Reports),
) -> Vec<(Slug, Period)> {
    // Each province and period asked about, for `serve`'s next rebuild to know what the
    // result depends on (`PageChecks::calls`).
    let asked = std::sync::Mutex::new(Vec::new());
    let exists = |f: &FigureRef| {
        crate::lock(&asked).push((f.province.clone(), f.period));
        reports
            .get(&(&f.province, f.period))
            .is_some_and(|r| r.has(&f.indicator, f.breakdown.as_ref()))
    };
    let scope = FigureScope {
        indicators: &cat.indicators,
        dimensions: &cat.dimensions,
        provinces: &provinces.provinces,
        unreadable: Some(&provinces.unparsed),
        exists: &exists,
    };
    for call in shortcode::scan(&page.body) {
        let (line, column) = match &call {
            Ok(c) => (c.line, c.column),
            Err(e) => (e.line, e.column),
        };
        let at = Some(Position {
            line: line + page.body_line - 1,
            column,
        });
        let problem = match call {
            Ok(call) => live_figures::resolve(file, &call, page_province, page_period, &scope).err(),
            Err(e) => Some(Box::new(
                Diagnostic::error("invalid-shortcode", file, e.message)
                    .help("write a live figure as {{ value(indicator=\"<id>\") }}")
                    .vi(e.message_vi)
                    .vi_help("hãy viết lệnh chèn số liệu theo dạng {{ value(indicator=\"<mã chỉ tiêu>\") }}"),
            )),
        };
        if let Some(d) = problem {
            diags.push(d.at(at));
        }
    }
    asked
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
