//! The figure tables of province and report pages, and the figure cell, written in Rust and
//! called by the built-in templates: `partials/observations.html` is
//! `{{ figure_tables(tables=groups) }}` and `partials/figure.html` is `{{ figure_cell(cell=c) }}`.
//!
//! Input: the [`GroupTable`]s of a page and the interface strings of its language. Output:
//! the tables' HTML. A national report page has 150 rows of a dozen fields each; turned into
//! Tera values and interpreted row by row by a template, they were the largest single cost of
//! a national build, so their markup lives here, once. A theme that wants other markup
//! overrides `partials/observations.html` and lays the tables out itself from
//! `figure_groups(tables=groups)` (the same rows as data); the templates call whichever
//! they contain, so an edited or overridden partial always takes effect.

use crate::model::Lang;
use crate::site::cells::{Cell, LocalText};
use crate::site::province::{GroupTable, Row};
use crate::theme::Strings;

/// The figure tables of a page: a `<section>` per group; empty without tables.
pub fn write(groups: &[GroupTable], strings: &Strings, lang: Lang) -> String {
    let t = &TableLabels::of(strings, lang);
    let mut out = String::new();
    if groups.is_empty() {
        return out;
    }
    let rows: usize = groups.iter().map(|g| g.rows.len()).sum();
    out.reserve(600 * rows + 800 * groups.len());
    // The first group is open, the others closed behind a summary that says how many
    // indicators they hold: a province's 200 rows made a phone page 70 screens long.
    for (i, group) in groups.iter().enumerate() {
        group_table(&mut out, group, i == 0, t);
    }
    out
}

/// The interface strings the tables print, looked up once per page rather than per row.
struct TableLabels<'a> {
    col_indicator: &'a str,
    col_value: &'a str,
    col_period: &'a str,
    col_source: &'a str,
    target: &'a str,
    no_total: &'a str,
    stated_differs: &'a str,
    official_copy: &'a str,
    /// The page's language: a source as written in Vietnamese is marked on an English page.
    lang: Lang,
    strings: &'a Strings,
}

impl<'a> TableLabels<'a> {
    fn of(t: &'a Strings, lang: Lang) -> TableLabels<'a> {
        TableLabels {
            col_indicator: t.get("col_indicator"),
            col_value: t.get("col_value"),
            col_period: t.get("col_period"),
            col_source: t.get("col_source"),
            target: t.get("target"),
            no_total: t.get("no_total"),
            stated_differs: t.get("stated_differs"),
            official_copy: t.get("cite_official_copy"),
            lang,
            strings: t,
        }
    }
}

fn group_table(out: &mut String, group: &GroupTable, open: bool, t: &TableLabels) {
    out.push_str("\n<section class=\"group\" aria-labelledby=\"g-");
    text(out, &group.id);
    out.push_str(if open {
        "\">\n<details open>\n<summary><h3 id=\"g-"
    } else {
        "\">\n<details>\n<summary><h3 id=\"g-"
    });
    text(out, &group.id);
    out.push_str("\">");
    text(out, &group.label);
    out.push_str("</h3> <span class=\"count\">");
    let n = group.rows.len();
    text(
        out,
        &crate::site::indicator::count(t.strings, "data_indicator_count", n),
    );
    out.push_str(
        "</span></summary>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"g-",
    );
    text(out, &group.id);
    out.push_str(
        "\" tabindex=\"0\">\n<table class=\"figures stack\">\n<caption class=\"visually-hidden\">",
    );
    text(out, &group.label);
    out.push_str("</caption>\n<thead><tr><th scope=\"col\">");
    text(out, t.col_indicator);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_value);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_period);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_source);
    out.push_str("</th></tr></thead>\n<tbody>");
    for row in &group.rows {
        table_row(out, row, t);
    }
    out.push_str("\n</tbody>\n</table>\n</div>\n</details>\n</section>\n");
}

fn table_row(out: &mut String, row: &Row, t: &TableLabels) {
    out.push_str("\n<tr id=\"");
    text(out, &row.anchor);
    out.push_str("\">\n<th scope=\"row\"><a href=\"");
    text(out, &row.indicator.href);
    out.push_str("\">");
    text(out, &row.indicator.label);
    out.push_str("</a>");
    for tg in &row.targets {
        out.push_str("<div class=\"target target-");
        text(out, tg.status);
        out.push_str("\">");
        text(out, t.target);
        out.push_str(": ");
        text(out, &tg.text);
        if let Some(issuer) = &tg.issuer {
            in_lang(out, " (<span lang=\"", issuer, "</span>)");
        }
        out.push_str(" — <strong>");
        text(out, &tg.status_label);
        out.push_str("</strong>");
        if let Some(detail) = &tg.detail {
            out.push_str(": ");
            text(out, detail);
        }
        out.push_str("</div>");
    }
    out.push_str("\n</th>\n<td class=\"num\" data-label=\"");
    text(out, t.col_value);
    out.push_str("\">");
    match &row.value {
        Some(c) => {
            figure(out, c, t);
            if let Some(change) = truthy(&c.change) {
                out.push_str("<div class=\"change\">");
                text(out, change);
                out.push_str("</div>");
            }
            if let Some(as_of) = truthy(&c.as_of) {
                out.push_str("<div class=\"asof\">");
                text(out, as_of);
                out.push_str("</div>");
            }
        }
        None => {
            out.push_str("<span class=\"muted\">");
            text(out, t.no_total);
            out.push_str("</span>");
        }
    }
    if !row.breakdown.is_empty() {
        out.push_str("<ul class=\"breakdown\">");
        for (member, c) in &row.breakdown {
            out.push_str("<li><span class=\"member\">");
            text(out, member);
            out.push_str("</span> ");
            figure(out, c, t);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("\n</td>\n<td data-label=\"");
    text(out, t.col_period);
    out.push_str("\">");
    let first = row.breakdown.first().map(|(_, c)| c);
    match (&row.value, first) {
        (Some(c), _) | (None, Some(c)) => text(out, &c.period),
        (None, None) => {}
    }
    out.push_str("</td>\n<td class=\"source\" data-label=\"");
    text(out, t.col_source);
    out.push_str("\">");
    match (&row.value, first) {
        (Some(c), _) => {
            source(out, c, t);
            if let Some(note) = &c.note {
                in_lang(out, "<div class=\"note\" lang=\"", note, "</div>");
            }
            if let Some(over) = truthy(&c.over_100) {
                out.push_str("<div class=\"note\" lang=\"vi\">");
                text(out, over);
                out.push_str("</div>");
            }
        }
        (None, Some(c)) => source(out, c, t),
        (None, None) => {}
    }
    out.push_str("</td>\n</tr>");
}

/// A cell's source: its citation, or the text as written when the cell was not cited.
fn source(out: &mut String, c: &Cell, t: &TableLabels) {
    match (&c.citation, c.source.as_deref()) {
        (Some(cite), _) if !cite.html.is_empty() => out.push_str(&cite.html),
        (Some(cite), _) => crate::site::citation::write_html(
            out,
            &cite.text,
            cite.href.as_deref(),
            cite.url.as_deref(),
            t.official_copy,
            t.lang,
        ),
        (None, Some(source)) => crate::site::citation::write_as_written(out, source, t.lang),
        (None, None) => {}
    }
}

/// A figure cell inside the tables, on a line of its own.
fn figure(out: &mut String, c: &Cell, t: &TableLabels) {
    let f = &c.figure;
    let differs = truthy(&f.stated_differs);
    cell(
        out,
        &f.headline,
        truthy(&f.detail),
        truthy(&c.since),
        differs,
        t.stated_differs,
    );
    out.push('\n');
}

/// The markup of one figure: its headline, its detail (counts behind a rate), where a
/// cumulative count starts and, when the report printed another rate than its counts give, a
/// flag with the printed rate.
pub(super) fn cell(
    out: &mut String,
    headline: &str,
    detail: Option<&str>,
    since: Option<&str>,
    stated_differs: Option<&str>,
    stated_label: &str,
) {
    out.push_str("<span class=\"value\">");
    text(out, headline);
    out.push_str("</span>");
    if let Some(detail) = detail {
        out.push_str(" <span class=\"detail\">");
        text(out, detail);
        out.push_str("</span>");
    }
    if let Some(since) = since {
        out.push_str(" <span class=\"since\">");
        text(out, since);
        out.push_str("</span>");
    }
    if let Some(stated) = stated_differs {
        out.push_str(
            " <span class=\"flag\"><span class=\"flag-mark\" aria-hidden=\"true\">!</span> ",
        );
        text(out, stated_label);
        out.push(' ');
        text(out, stated);
        out.push_str("</span>");
    }
}

/// An element whose text is in its own language: `open` ends with `lang="`.
fn in_lang(out: &mut String, open: &str, local: &LocalText, close: &str) {
    out.push_str(open);
    text(out, local.lang);
    out.push_str("\">");
    text(out, &local.text);
    out.push_str(close);
}

/// A text that Tera's `{% if %}` takes as true: present and not empty.
fn truthy(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// Escaped text, as Tera escapes the templates around the tables.
fn text(out: &mut String, s: &str) {
    crate::escape::escape_into(out, s);
}
