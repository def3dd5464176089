//! Markdown pages: front matter, and every live figure they cite.
//!
//! A report narrative (`content/reports/…`) must name its province and period; an English
//! version is `<name>.en.md`. Each `{{ value(…) }}` must point at a figure that exists, so a
//! typo in an indicator id is caught by `check`, with the line in the Markdown file.

use super::catalogue::Catalogue;
use super::province::Provinces;
use super::{unknown_help, Ctx};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::RawPage;
use crate::model::{Lang, Page, Period, Slug};
use crate::shortcode;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Province, indicator, period and breakdown cell of every observation.
type Figures<'a> = crate::FastSet<(&'a Slug, &'a Slug, Period, Option<&'a (Slug, Slug)>)>;

pub(crate) fn pages(
    raw: &mut [RawPage],
    provinces: &Provinces,
    cat: &Catalogue,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    // Every figure a shortcode may cite, and every source document: looked up, not
    // searched, since a national site has thousands of pages and half a million figures.
    let figures: Figures = provinces
        .observations
        .iter()
        .map(|o| (&o.province, &o.indicator, o.period, o.breakdown.as_ref()))
        .collect();
    let documents: crate::FastSet<(&Slug, Period)> = provinces
        .reports
        .iter()
        .map(|r| (&r.province, r.period))
        .collect();
    // Each page is checked on its own, in parallel and with its own diagnostics; a second
    // narrative of the same province, period and language is found afterwards, in file order.
    let checked: Vec<(Page, Diagnostics)> = raw
        .par_iter_mut()
        .map(|page| one_page(page, provinces, cat, &figures, &documents))
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
    figures: &Figures,
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
    // A page of a province whose file does not parse is checked again once it does.
    if !refers_to_unparsed {
        check_calls(
            ctx.diags,
            &doc.file,
            page,
            province.as_ref(),
            period,
            provinces,
            (cat, figures),
        );
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
    known: (&Catalogue, &Figures),
) {
    for call in shortcode::scan(&page.body) {
        let (line, column) = match &call {
            Ok(c) => (c.line, c.column),
            Err(e) => (e.line, e.column),
        };
        let at = Some(Position {
            line: line + page.body_line - 1,
            column,
        });
        let mut report = |d: Diagnostic| diags.push(d.at(at));
        let call = match call {
            Ok(c) => c,
            Err(e) => {
                report(
                    Diagnostic::error("invalid-shortcode", file, e.message)
                        .help("write a live figure as {{ value(indicator=\"<id>\") }}")
                        .vi(e.message_vi)
                        .vi_help("hãy viết lệnh chèn số liệu theo dạng {{ value(indicator=\"<mã chỉ tiêu>\") }}"),
                );
                continue;
            }
        };
        if call.name != "value" {
            report(
                Diagnostic::error("unknown-shortcode", file, format!("`{}` is not a known function", call.name))
                    .help("the available function is `value(indicator=\"…\", province=\"…\", period=\"…\")`")
                    .vi(format!("`{}` không phải là một hàm có sẵn", call.name))
                    .vi_help("hàm có sẵn là `value(indicator=\"…\", province=\"…\", period=\"…\")`"),
            );
            continue;
        }
        if let Err(d) = check_value_call(
            file,
            &call.args,
            page_province,
            page_period,
            provinces,
            known,
        ) {
            report(*d);
        }
    }
}

/// Check one `value(…)` call and that the figure it names exists.
fn check_value_call(
    file: &str,
    args: &[(String, String)],
    page_province: Option<&Slug>,
    page_period: Option<Period>,
    provinces: &Provinces,
    (cat, figures): (&Catalogue, &Figures),
) -> Result<(), Box<Diagnostic>> {
    // (code, English message, English help, Vietnamese message, Vietnamese help)
    let err = |code, msg: String, help: String, msg_vi: String, help_vi: String| {
        Box::new(
            Diagnostic::error(code, file, msg)
                .help(help)
                .vi(msg_vi)
                .vi_help(help_vi),
        )
    };
    let get = |k: &str| args.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());

    let Some(ind_text) = get("indicator") else {
        return Err(err(
            "invalid-shortcode",
            "`value` needs an `indicator`".into(),
            "add indicator=\"<id>\"".into(),
            "`value` cần có `indicator`".into(),
            "hãy thêm indicator=\"<mã chỉ tiêu>\"".into(),
        ));
    };
    let Some(indicator) = Slug::parse(ind_text).and_then(|s| cat.indicators.get(&s)) else {
        return Err(Box::new(super::unknown_indicator(file, ind_text, cat)));
    };
    let province = match get("province") {
        Some(p) => match Slug::parse(p).filter(|s| provinces.provinces.contains_key(s)) {
            Some(s) => s,
            None if Slug::parse(p).is_some_and(|s| provinces.unparsed.contains(&s)) => {
                return Ok(())
            }
            None => {
                let (help, help_vi) = unknown_help(
                    p,
                    provinces.provinces.keys().map(Slug::as_str),
                    "data/provinces/",
                );
                return Err(err(
                    "unknown-province",
                    format!("province `{p}` has no file in data/provinces/"),
                    help,
                    format!("tỉnh `{p}` không có tệp trong data/provinces/"),
                    help_vi,
                ));
            }
        },
        None => match page_province {
            Some(p) => p.clone(),
            None => {
                return Err(err(
                    "invalid-shortcode",
                    "this page has no province, so the figure must name one".into(),
                    "add province=\"<id>\" to the call".into(),
                    "trang này không gắn với tỉnh nào, nên lệnh chèn số liệu phải ghi rõ tỉnh"
                        .into(),
                    "hãy thêm province=\"<mã tỉnh>\" vào lệnh".into(),
                ))
            }
        },
    };
    let period = match get("period") {
        Some(p) => Period::parse(p).map_err(|_| {
            err(
                "invalid-period",
                format!("`{p}` is not a period"),
                "write a period such as \"2025-04\", \"2024-H1\" or \"2023-12-16..2024-01-15\""
                    .into(),
                format!("`{p}` không phải là một kỳ báo cáo"),
                "hãy viết kỳ như \"2025-04\", \"2024-H1\" hoặc \"2023-12-16..2024-01-15\"".into(),
            )
        })?,
        None => page_period.ok_or_else(|| {
            err(
                "invalid-shortcode",
                "this page has no period, so the figure must name one".into(),
                "add period=\"…\" to the call".into(),
                "trang này không gắn với kỳ nào, nên lệnh chèn số liệu phải ghi rõ kỳ".into(),
                "hãy thêm period=\"…\" vào lệnh".into(),
            )
        })?,
    };
    let mut breakdown = None;
    for (key, value) in args {
        if matches!(key.as_str(), "indicator" | "province" | "period") {
            continue;
        }
        let Some(dim) = Slug::parse(key).and_then(|k| cat.dimensions.get(&k)) else {
            return Err(err(
                "invalid-shortcode",
                format!("`{key}` is not an argument of `value`"),
                "the arguments are indicator, province, period, and a dimension name such as service=\"…\"".into(),
                format!("`{key}` không phải là một tham số của `value`"),
                "các tham số là indicator, province, period và tên một phân tổ, ví dụ service=\"…\"".into(),
            ));
        };
        let Some(member) = Slug::parse(value).filter(|m| dim.members.iter().any(|x| &x.id == m))
        else {
            let (help, help_vi) = unknown_help(
                value,
                dim.members.iter().map(|m| m.id.as_str()),
                "data/dimensions.yaml",
            );
            return Err(err(
                "unknown-member",
                format!("`{value}` is not a member of `{}`", dim.id),
                help,
                format!("phân tổ `{}` không có mục `{value}`", dim.id),
                help_vi,
            ));
        };
        breakdown = Some((dim.id.clone(), member));
    }
    let exists = figures.contains(&(&province, &indicator.id, period, breakdown.as_ref()));
    if !exists {
        let (member, member_vi) = breakdown
            .map(|(d, m)| {
                (
                    format!(" ({d} `{m}`)"),
                    format!(" (phân tổ {d}, mục `{m}`)"),
                )
            })
            .unwrap_or_default();
        return Err(err(
            "missing-figure",
            format!(
                "there is no figure for `{}`{member} in `{province}` for {period}",
                indicator.id
            ),
            "add the observation to the province's data file, or cite another indicator or period"
                .into(),
            format!(
                "không có số liệu `{}`{member_vi} của `{province}` cho kỳ {period}",
                indicator.id
            ),
            "hãy thêm số liệu này vào tệp dữ liệu của tỉnh, hoặc dẫn một chỉ tiêu hay một kỳ khác"
                .into(),
        ));
    }
    Ok(())
}
