//! Report pages (one per province and period: the narrative with its figures) and the other
//! Markdown pages (about, the home introduction).
//!
//! Live figures in Markdown become a link to the figure's row on the province page, followed
//! by a numbered note mark; the page ends with the list of its figures and their citations. An English page without an English narrative shows the Vietnamese
//! text, marked as such, rather than nothing.

use super::cells::{Index, Link};
use super::contents::Section;
use super::province::{group_tables, GroupTable, ReportLink, Tables};
use super::urls::{self, Urls};
use crate::escape::escape;
use crate::format;
use crate::load::shortcode::Call;
use crate::markdown;
use crate::model::{Lang, Page, Period, Site, Slug};
use crate::theme::{Strings, Theme};
use crate::validate::live_figures::{self, FigureRef, FigureScope, Resolved};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Serialize)]
pub struct ReportView {
    pub title: String,
    pub title_lang: &'static str,
    pub summary: Option<String>,
    pub province: Link,
    pub period: String,
    pub document: Option<DocumentView>,
    pub body: Option<String>,
    pub body_lang: &'static str,
    pub translation_missing: bool,
    /// The contents: the narrative's sections, then the figures and their groups.
    pub sections: Vec<Section>,
    pub figures: Tables,
}

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub file: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    /// How every figure of this report cites it ("Báo cáo 117/BC-UBND ngày 05/07/2024"), with
    /// the official document when there is one (no link to the page: this is it).
    pub cited_as: super::citation::Citation,
    pub draft: bool,
    pub url: Option<String>,
    pub issuer: super::cells::LocalText,
    pub note: Option<super::cells::LocalText>,
}

#[derive(Debug, Serialize)]
pub struct ContentView {
    pub title: String,
    pub title_lang: &'static str,
    pub body: String,
    pub body_lang: &'static str,
    pub translation_missing: bool,
    pub toc: Vec<Section>,
    /// The about page ends with the colophon (publisher, corrections, licence, latest data).
    pub colophon: bool,
}

/// Every (province, period) that has a source document or a narrative, in order.
pub fn report_keys(site: &Site) -> Vec<(Slug, Period)> {
    let mut keys: BTreeSet<(Slug, Period)> = site
        .reports
        .iter()
        .map(|r| (r.province.clone(), r.period))
        .collect();
    for p in site
        .pages
        .iter()
        .filter(|p| !p.draft && p.path.starts_with("reports/"))
    {
        if let (Some(prov), Some(per)) = (&p.province, p.period) {
            keys.insert((prov.clone(), per));
        }
    }
    keys.into_iter().collect()
}

/// Links to every report, newest period first.
pub fn report_links(idx: &Index, lang: Lang, urls: &Urls) -> Vec<ReportLink> {
    let site = idx.site;
    let mut keys = report_keys(site);
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // In parallel, in order (a national site has 3,400 reports).
    use rayon::prelude::*;
    keys.into_par_iter()
        .map(|(province, period)| {
            let name = site.province_name(&province, lang);
            let page = idx.narrative(&province, period, lang);
            let title = page.map_or_else(
                || format!("{name}, {}", period.label(lang)),
                |(p, _)| p.title.clone(),
            );
            ReportLink {
                href: urls.href(&urls::report(lang, &province, &period)),
                title,
                title_lang: page.map_or(lang.code(), |(p, _)| p.lang.code()),
                period: period.label(lang),
                province: province.to_string(),
                summary: page.and_then(|(p, _)| p.summary.clone()),
            }
        })
        .collect()
}

pub fn report_view(
    idx: &Index,
    province: &Slug,
    period: Period,
    lang: Lang,
    urls: &Urls,
    theme: &Theme,
) -> ReportView {
    let t = theme.strings(lang);
    let site = idx.site;
    let name = site.province_name(province, lang);
    let page = idx.narrative(province, period, lang);
    let (body, toc) = page.map_or((None, vec![]), |(p, _)| {
        let (html, toc) = markdown_html(idx, p, lang, urls, theme);
        (Some(html), toc)
    });
    let figures = group_tables(idx, province, Some(period), lang, urls, t);
    let document = idx.document(province, period).map(|r| DocumentView {
        file: r.file.clone(),
        number: r.number.clone(),
        issued: r.issued.map(|d| format::date(d, lang)),
        cited_as: super::citation::Citation {
            text: super::citation::document_name(r, lang, t),
            href: None,
            url: r.url.clone(),
            html: String::new(),
        },
        draft: r.draft,
        url: r.url.clone(),
        issuer: super::cells::local(&r.issuer, lang),
        note: r.note.as_ref().map(|n| super::cells::local(n, lang)),
    });
    ReportView {
        title_lang: page.map_or(lang.code(), |(p, _)| p.lang.code()),
        title: page.map_or_else(
            || format!("{name}, {}", period.label(lang)),
            |(p, _)| p.title.clone(),
        ),
        summary: page.and_then(|(p, _)| p.summary.clone()),
        province: Link {
            href: urls.href(&urls::province(lang, province)),
            label: name,
        },
        period: period.label(lang),
        document,
        body,
        body_lang: page.map_or(lang.code(), |(p, _)| p.lang.code()),
        translation_missing: page.is_some_and(|(_, translated)| !translated),
        sections: report_sections(toc, &figures, t),
        figures: Tables::Data(figures),
    }
}

/// A report's contents: its narrative's sections, then its figures with their groups.
fn report_sections(mut toc: Vec<Section>, figures: &[GroupTable], t: &Strings) -> Vec<Section> {
    if !figures.is_empty() {
        let mut all = Section::new("figures", t.get("report_figures"));
        all.children = figures
            .iter()
            .map(|g| Section::new(&["g-", g.id.as_str()].concat(), &g.label))
            .collect();
        toc.push(all);
    }
    toc
}

/// The stand-alone page `content/<name>.md` (`<name>.en.md` in English) in `lang`, or the
/// Vietnamese one as a fallback.
pub fn content_view(
    idx: &Index,
    name: &str,
    lang: Lang,
    urls: &Urls,
    theme: &Theme,
) -> Option<ContentView> {
    let (page, translated) = idx.content_page(name, lang)?;
    let (body, toc) = markdown_html(idx, page, lang, urls, theme);
    Some(ContentView {
        title: page.title.clone(),
        title_lang: page.lang.code(),
        body,
        body_lang: page.lang.code(),
        translation_missing: !translated,
        toc,
        colophon: name == "about",
    })
}

/// A page's Markdown as HTML, with live figures, and its level-2 headings. Each live figure
/// is followed by a numbered note mark, and the page ends with the list of its figures, each
/// with its citation ([`figure_notes`]): a phone cannot hover over a link title.
pub fn markdown_html(
    idx: &Index,
    page: &Page,
    lang: Lang,
    urls: &Urls,
    theme: &Theme,
) -> (String, Vec<Section>) {
    let t = theme.strings(lang);
    let body_t = theme.strings(page.lang);
    let mut notes = FigureNotes::default();
    let mut figure = |call: &Call| live_figure(idx, page, call, lang, urls, t, body_t, &mut notes);
    let rendered = markdown::render(idx.body(page), &urls.base_path, &mut figure);
    let toc = rendered
        .headings
        .into_iter()
        .filter(|(level, _, _)| *level == 2)
        .map(|(_, id, text)| Section::new(&id, &text))
        .collect();
    let mut html = rendered.html;
    let mut list = String::new();
    figure_notes(&mut list, &notes, &html, lang, t);
    html.push_str(&list);
    (html, toc)
}

/// The distinct figures a page cites, numbered in the order they first appear.
#[derive(Default)]
struct FigureNotes {
    /// (the observation, as its address in the model: one per figure) → its number - 1
    numbers: crate::FastMap<usize, usize>,
    notes: Vec<FigureNote>,
}

struct FigureNote {
    /// The figure as the text shows it, linked to its row on the province page.
    figure: String,
    href: String,
    /// "Indicator, Province, period"
    what: String,
    citation: Option<super::citation::Citation>,
    /// How many marks point at this note so far.
    marks: usize,
}

/// The ids of the note marks the page has (`fig-ref-1`, `fig-ref-1-2`), found in one pass: a
/// figure inside a link's text or an attribute is shown as text, without its mark.
fn marks_in(html: &str) -> crate::FastSet<&str> {
    const OPEN: &str = "id=\"fig-ref-";
    let mut out = crate::FastSet::default();
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), OPEN.as_bytes()) {
        let id_start = at + "id=\"".len();
        let Some(len) = rest[id_start..].find('"') else {
            break;
        };
        out.insert(&rest[id_start..id_start + len]);
        rest = &rest[id_start + len..];
    }
    out
}

/// The list at the end of a page with live figures: each figure, what it measures, and its
/// source cited; each entry links back to the figure's first mark in the text (when every
/// occurrence is inside a link, where no mark can go, there is none to go back to).
fn figure_notes(out: &mut String, notes: &FigureNotes, html: &str, lang: Lang, t: &Strings) {
    if notes.notes.is_empty() {
        return;
    }
    let marks = marks_in(html);
    // In the page's language, also inside a narrative shown in Vietnamese as a fallback.
    out.push_str("<section class=\"figure-notes\" lang=\"");
    out.push_str(lang.code());
    out.push_str("\" aria-labelledby=\"fig-notes\">\n<h2 id=\"fig-notes\">");
    out.push_str(&escape(t.get("figure_notes_heading")));
    out.push_str("</h2>\n<ol>\n");
    for (i, n) in notes.notes.iter().enumerate() {
        let number = i + 1;
        out.push_str(&format!(
            "<li id=\"fig-{number}\"><a class=\"figure\" href=\"{}\">{}</a> — {}",
            escape(&n.href),
            escape(&n.figure),
            escape(&n.what)
        ));
        if let Some(c) = &n.citation {
            out.push_str(": ");
            super::citation::write_html(
                out,
                &c.text,
                c.href.as_deref(),
                c.url.as_deref(),
                t.get("cite_official_copy"),
                lang,
            );
        }
        let first = (1..=n.marks)
            .map(|k| mark_id(number, k))
            .find(|id| marks.contains(id.as_str()));
        if let Some(id) = first {
            out.push_str(&format!(
                " <a class=\"figure-back\" href=\"#{id}\" aria-label=\"{}\">↩</a>",
                escape(&t.fill("figure_note_back", &[("n", &number.to_string())]))
            ));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// The figure a `{{ value(…) }}` call names (its province and period default to the
/// page's), with its indicator, found by the resolver `check` uses.
fn resolve_call<'s>(
    idx: &Index<'s>,
    page: &Page,
    call: &Call,
) -> Option<(
    &'s crate::model::Observation,
    &'s crate::model::Indicator,
    Slug,
)> {
    let file = format!("content/{}", page.path);
    let Ok(Resolved::Figure(f)) = resolve_in(idx, &file, page, call) else {
        return None;
    };
    let o = idx.figure(&f.province, &f.indicator, f.period, f.breakdown.as_ref())?;
    let ind = idx.indicator(&f.indicator)?;
    Some((o, ind, f.province))
}

/// [`live_figures::resolve`] against the validated site: what `check` says of `call` on
/// `page`. `serve` re-checks an edited body with this; a call it does not accept sends the
/// edit through the whole build, for its diagnostics.
pub fn resolve_in(
    idx: &Index,
    file: &str,
    page: &Page,
    call: &Call,
) -> Result<Resolved, Box<crate::diagnostics::Diagnostic>> {
    let site = idx.site;
    let exists = |f: &FigureRef| {
        idx.figure(&f.province, &f.indicator, f.period, f.breakdown.as_ref())
            .is_some()
    };
    let scope = FigureScope {
        indicators: &site.indicators,
        dimensions: &site.dimensions,
        provinces: &site.provinces,
        unreadable: None,
        exists: &exists,
    };
    live_figures::resolve(file, call, page.province.as_ref(), page.period, &scope)
}

/// The HTML of one `{{ value(…) }}`: the figure, linked to its row on the province page, and
/// its note mark. `check` has proven every call resolves; a call that does not (impossible
/// after a successful check) is shown as its source text.
#[allow(clippy::too_many_arguments)]
fn live_figure(
    idx: &Index,
    page: &Page,
    call: &Call,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
    body_t: &Strings,
    notes: &mut FigureNotes,
) -> String {
    let found = resolve_call(idx, page, call);
    let Some((o, ind, province)) = found else {
        return escape(&format!("{{{{ {}(…) }}}}", call.name));
    };
    // The figure reads in the language of the text around it (a Vietnamese fallback on an
    // English page keeps Vietnamese numbers); the link goes to the page's own language.
    let text = format::figure(&o.figure, ind.unit, o.qualifier, page.lang, || {
        format::FigureWords::from_strings(body_t)
    });
    let href = format!(
        "{}#i-{}",
        urls.href(&urls::province(lang, &province)),
        indicator_anchor(ind)
    );
    // A rate printed differently from its counts reads with the printed one beside it.
    let shown = match &text.stated_differs {
        Some(stated) => body_t.fill(
            "value_with_stated",
            &[("value", &text.headline), ("stated", stated)],
        ),
        None => text.headline.clone(),
    };
    let key = std::ptr::from_ref(o) as usize;
    let index = *notes.numbers.entry(key).or_insert_with(|| {
        let mut what = format!(
            "{}, {}, {}",
            ind.label.get(lang),
            idx.site.province_name(&province, lang),
            o.period.label(lang)
        );
        if let Some((d, m)) = &o.breakdown {
            what = format!("{what} ({})", idx.site.member_label(d, m, lang));
        }
        notes.notes.push(FigureNote {
            figure: shown.clone(),
            href: href.clone(),
            what,
            citation: o
                .source
                .as_deref()
                .map(|s| super::citation::citation(s, &o.province, idx, lang, urls, t)),
            marks: 0,
        });
        notes.notes.len() - 1
    });
    let number = index + 1;
    let (source, mark_id) = match notes.notes.get_mut(index) {
        Some(n) => {
            n.marks += 1;
            let id = mark_id(number, n.marks);
            let source = n
                .citation
                .as_ref()
                .map(|c| t.fill("figure_source", &[("source", &c.text)]))
                .unwrap_or_default();
            (source, id)
        }
        None => (String::new(), format!("fig-ref-{number}")),
    };
    format!(
        "<a class=\"figure\" href=\"{}\" title=\"{}\">{}</a>{}><a href=\"#fig-{number}\" id=\"{mark_id}\" aria-label=\"{}\">{number}</a></sup>",
        escape(&href),
        escape(&source),
        escape(&shown),
        markdown::MARKUP_ONLY,
        escape(&t.fill("figure_note_mark", &[("n", &number.to_string())]))
    )
}

/// The id of the `k`-th mark (from 1) of note `number`.
fn mark_id(number: usize, k: usize) -> String {
    if k == 1 {
        format!("fig-ref-{number}")
    } else {
        format!("fig-ref-{number}-{k}")
    }
}

fn indicator_anchor(ind: &crate::model::Indicator) -> &str {
    ind.id.as_str()
}
