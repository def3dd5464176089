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

use crate::site::cells::{Cell, LocalText};
use crate::site::province::{GroupTable, Row};
use crate::theme::Strings;

/// The figure tables of a page: a `<section>` per group; empty without tables.
pub fn write(groups: &[GroupTable], strings: &Strings) -> String {
    let t = &Labels::of(strings);
    let mut out = String::new();
    if groups.is_empty() {
        return out;
    }
    let rows: usize = groups.iter().map(|g| g.rows.len()).sum();
    out.reserve(600 * rows + 800 * groups.len());
    for group in groups {
        group_table(&mut out, group, t);
    }
    out
}

/// The interface strings the tables print, looked up once per page rather than per row.
struct Labels<'a> {
    col_indicator: &'a str,
    col_value: &'a str,
    col_period: &'a str,
    col_source: &'a str,
    target: &'a str,
    no_total: &'a str,
    stated_differs: &'a str,
}

impl<'a> Labels<'a> {
    fn of(t: &'a Strings) -> Labels<'a> {
        Labels {
            col_indicator: t.get("col_indicator"),
            col_value: t.get("col_value"),
            col_period: t.get("col_period"),
            col_source: t.get("col_source"),
            target: t.get("target"),
            no_total: t.get("no_total"),
            stated_differs: t.get("stated_differs"),
        }
    }
}

fn group_table(out: &mut String, group: &GroupTable, t: &Labels) {
    out.push_str("\n<section class=\"group\" aria-labelledby=\"g-");
    text(out, &group.id);
    out.push_str("\">\n  <h3 id=\"g-");
    text(out, &group.id);
    out.push_str("\">");
    text(out, &group.label);
    out.push_str("</h3>\n  <div class=\"table-wrap\" role=\"region\" aria-labelledby=\"g-");
    text(out, &group.id);
    out.push_str(
        "\" tabindex=\"0\">\n  <table class=\"figures stack\">\n    <caption class=\"visually-hidden\">",
    );
    text(out, &group.label);
    out.push_str("</caption>\n    <thead><tr><th scope=\"col\">");
    text(out, t.col_indicator);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_value);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_period);
    out.push_str("</th><th scope=\"col\">");
    text(out, t.col_source);
    out.push_str("</th></tr></thead>\n    <tbody>\n    ");
    for row in &group.rows {
        table_row(out, row, t);
    }
    out.push_str("\n    </tbody>\n  </table>\n  </div>\n</section>\n");
}

fn table_row(out: &mut String, row: &Row, t: &Labels) {
    out.push_str("\n      <tr id=\"");
    text(out, &row.anchor);
    out.push_str("\">\n        <th scope=\"row\"><a href=\"");
    text(out, &row.indicator.href);
    out.push_str("\">");
    text(out, &row.indicator.label);
    out.push_str("</a>\n          ");
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
        out.push_str("</strong></div>");
    }
    out.push_str("\n        </th>\n        <td class=\"num\" data-label=\"");
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
    out.push_str("\n          ");
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
    out.push_str("\n        </td>\n        <td data-label=\"");
    text(out, t.col_period);
    out.push_str("\">");
    let first = row.breakdown.first().map(|(_, c)| c);
    match (&row.value, first) {
        (Some(c), _) | (None, Some(c)) => text(out, &c.period),
        (None, None) => {}
    }
    out.push_str("</td>\n        <td class=\"source\" data-label=\"");
    text(out, t.col_source);
    out.push_str("\">");
    match (&row.value, first) {
        (Some(c), _) => {
            if let Some(source) = c.source.as_deref() {
                text(out, source);
            }
            if let Some(note) = &c.note {
                in_lang(out, "<div class=\"note\" lang=\"", note, "</div>");
            }
            if let Some(over) = truthy(&c.over_100) {
                out.push_str("<div class=\"note\" lang=\"vi\">");
                text(out, over);
                out.push_str("</div>");
            }
        }
        (None, Some(c)) => text(out, c.source.as_deref().unwrap_or("")),
        (None, None) => {}
    }
    out.push_str("</td>\n      </tr>\n    ");
}

/// A figure cell inside the tables, on a line of its own.
fn figure(out: &mut String, c: &Cell, t: &Labels) {
    let f = &c.figure;
    let differs = truthy(&f.stated_differs);
    cell(
        out,
        &f.headline,
        truthy(&f.detail),
        differs,
        t.stated_differs,
    );
    out.push('\n');
}

/// The markup of one figure: its headline, its detail (counts behind a rate) and, when the
/// report printed another rate than its counts give, a flag with the printed rate.
pub(super) fn cell(
    out: &mut String,
    headline: &str,
    detail: Option<&str>,
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

/// Escaped text: the same function Tera escapes with (it is built with `fast_escape`), so
/// text reads alike in the tables and in the templates around them.
fn text(out: &mut String, s: &str) {
    let Ok(()) = pulldown_cmark_escape::escape_html(Html(out), s);
}

/// A `String` as the escaper's output, with the error type saying that pushing to a
/// `String` cannot fail.
struct Html<'a>(&'a mut String);

impl pulldown_cmark_escape::StrWrite for Html<'_> {
    type Error = std::convert::Infallible;

    fn write_str(&mut self, s: &str) -> Result<(), Self::Error> {
        self.0.push_str(s);
        Ok(())
    }

    fn write_fmt(&mut self, args: std::fmt::Arguments) -> Result<(), Self::Error> {
        // Formatting into a `String` fails only if a `Display` impl lies; the escaper
        // passes plain string pieces.
        self.0.push_str(&args.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::format::FigureText;
    use crate::site::cells::{Cell, Link, LocalText, TargetView};
    use crate::site::province::{GroupTable, Row};
    use std::path::Path;

    /// Every field of a row holding markup, every optional text present and empty, a row
    /// with only a breakdown and a row with nothing: no markup of the data survives.
    #[test]
    fn markup_in_every_field_is_escaped() {
        let nasty = "<b class=\"x\">'a' & \"b\"</b>";
        let s = || nasty.to_string();
        let local = || {
            Some(LocalText {
                text: s(),
                lang: "vi",
            })
        };
        let cell = |source: Option<&str>, empty: bool| {
            let text = || Some(if empty { String::new() } else { s() });
            Cell {
                figure: FigureText {
                    headline: s(),
                    detail: text(),
                    stated_differs: text(),
                },
                period: s(),
                period_key: "2025-01".into(),
                as_of: text(),
                change: text(),
                source: source.map(std::sync::Arc::from),
                note: (!empty).then(local).flatten(),
                over_100: text(),
            }
        };
        let target = TargetView {
            text: s(),
            issuer: local(),
            source: Some(s()),
            note: local(),
            status: "met",
            status_label: s(),
        };
        let row = |value, breakdown, targets| Row {
            indicator: Link {
                href: s(),
                label: s(),
            },
            anchor: s(),
            value,
            breakdown,
            targets,
        };
        let groups = vec![GroupTable {
            id: s(),
            label: s(),
            rows: vec![
                row(
                    Some(cell(Some(nasty), false)),
                    vec![(s(), cell(None, false))],
                    vec![target.clone(), target],
                ),
                row(Some(cell(Some(""), true)), vec![], vec![]),
                row(None, vec![(s(), cell(Some(nasty), true))], vec![]),
                row(None, vec![], vec![]),
            ],
        }];
        let mut diags = Diagnostics::default();
        let theme = crate::theme::load_theme(Path::new("/nonexistent"), "default", &mut diags)
            .expect("the built-in theme");
        let html = super::write(&groups, theme.strings(crate::model::Lang::En));
        assert!(
            !html.contains("<b "),
            "markup of the data survived:\n{html}"
        );
        assert!(!html.contains("'a'"), "quotes are escaped:\n{html}");
        // Each field of the first row, the breakdown and both targets, escaped.
        let escaped = "&lt;b class=&quot;x&quot;&gt;";
        assert!(html.matches(escaped).count() >= 20, "{html}");
        // Empty optional texts write no element; a row with nothing says so.
        assert_eq!(html.matches("<span class=\"detail\">").count(), 2, "{html}");
        assert_eq!(html.matches("<span class=\"muted\">").count(), 2, "{html}");
    }
}
