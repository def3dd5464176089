//! The built-in figure tables (`partials/observations.html` with `partials/figure.html`),
//! written directly rather than interpreted by Tera.
//!
//! Input: the [`GroupTable`]s of a province or report page and the interface strings of its
//! language. Output: the exact bytes Tera writes for the built-in partials. A national report
//! page has 150 rows of a dozen fields each; turning them into Tera values, interpreting the
//! partial row by row and freeing the values was over a quarter of a national build.
//!
//! The renderer takes this path only while the theme uses the built-in `report.html`,
//! `province.html` and both partials (byte for byte). A theme that changes any of them gets
//! the tables as data, rendered by its own templates, as before. Tests render every page of
//! the example site and of a synthetic site both ways and require identical bytes.

use crate::site::cells::{Cell, LocalText};
use crate::site::province::{GroupTable, Row, Tables};
use crate::theme::Strings;
use serde::Serialize;

/// The templates whose built-in versions this module writes, or whose use of `view.figures`
/// and `view.groups` it relies on.
pub const REPLACES: [&str; 4] = [
    "partials/observations.html",
    "partials/figure.html",
    "report.html",
    "province.html",
];

/// The figure tables, as `partials/observations.html` writes them; empty without tables
/// (the built-in templates do not include the partial then).
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
    out.push('\n');
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

/// `partials/figure.html`.
fn figure(out: &mut String, c: &Cell, t: &Labels) {
    out.push_str("<span class=\"value\">");
    text(out, &c.figure.headline);
    out.push_str("</span>");
    if let Some(detail) = truthy(&c.figure.detail) {
        out.push_str(" <span class=\"detail\">");
        text(out, detail);
        out.push_str("</span>");
    }
    if let Some(stated) = truthy(&c.figure.stated_differs) {
        out.push_str(
            " <span class=\"flag\"><span class=\"flag-mark\" aria-hidden=\"true\">!</span> ",
        );
        text(out, t.stated_differs);
        out.push(' ');
        text(out, stated);
        out.push_str("</span>");
    }
    out.push('\n');
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

/// `{{ s }}` in an autoescaped template: Tera's own escaping (the same function, as Tera is
/// built with `fast_escape`).
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

/// What the template sees: the tables as data, or the written partial as a safe string
/// (`{{ groups }}` prints it unescaped; an empty one is false in `{% if view.figures %}`).
impl Serialize for Tables {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tables::Data(groups) => groups.serialize(s),
            Tables::Written(html) => tera::Value::safe_string(html).serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Renderer;
    use crate::diagnostics::Diagnostics;
    use crate::site::{urls::Urls, Pages};
    use std::path::Path;

    /// Every page of the site at `root`, rendered with the tables written here and with
    /// Tera interpreting the built-in partials: the bytes must be the same. Returns the
    /// figure tables compared, as written by Tera.
    fn both_ways(root: &Path) -> String {
        let mut checked = crate::check(root).expect("the site reads");
        let site = checked.site.take().expect("the site is valid");
        let mut diags = Diagnostics::default();
        let theme = crate::theme::load_theme(root, &site.config.theme, &mut diags)
            .expect("the theme reads");
        let native = Renderer::new(&theme, &mut diags).expect("templates parse");
        assert!(
            native.native_tables,
            "the built-in theme takes the fast path"
        );
        let tera = Renderer::with_tables(&theme, false, &mut diags).expect("templates parse");
        let urls = Urls::new(&site.config.base_url);
        let pages = Pages::new(&site, &theme, &urls, None);
        let mut tables = String::new();
        for key in pages.keys() {
            let (Some(a), Some(b)) = (pages.job(&key), pages.job(&key)) else {
                continue;
            };
            let path = a.path.clone();
            let written = native.render(a).expect("renders");
            let interpreted = tera.render(b).expect("renders");
            if written != interpreted {
                let at = written
                    .iter()
                    .zip(&interpreted)
                    .position(|(x, y)| x != y)
                    .unwrap_or(written.len().min(interpreted.len()));
                let show = |h: &[u8]| {
                    String::from_utf8_lossy(&h[at.saturating_sub(200)..(at + 200).min(h.len())])
                        .into_owned()
                };
                panic!(
                    "{path}: the written tables differ from Tera's at byte {at}\n--- written:\n{}\n--- Tera:\n{}",
                    show(&written),
                    show(&interpreted)
                );
            }
            let html = String::from_utf8(interpreted).expect("UTF-8");
            tables.extend(
                html.split("<section class=\"group\"")
                    .skip(1)
                    .map(|s| s.split("</section>").next().unwrap_or("").to_string()),
            );
        }
        tables
    }

    #[test]
    fn the_example_site_renders_the_same_with_its_tables_written() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tables = both_ways(root);
        // The example's tables hold every branch of the partials, so each was compared.
        for part in [
            "<ul class=\"breakdown\">",
            "<span class=\"flag\">",
            "<span class=\"detail\">",
            "<div class=\"change\">",
            "<div class=\"asof\">",
            "<div class=\"note\" lang=",
            "<span class=\"muted\">",
            " (<span lang=",
            "target target-met",
            "&amp;",
        ] {
            assert!(tables.contains(part), "no {part} in the example's tables");
        }
    }

    /// Every field of a row holding markup, and the branches the example lacks (a row with
    /// only a breakdown, a row with neither value nor breakdown, empty optional texts).
    #[test]
    fn markup_in_every_field_is_escaped_as_tera_escapes_it() {
        use crate::format::FigureText;
        use crate::site::cells::{Cell, Link, LocalText, TargetView};
        use crate::site::province::{GroupTable, Row, Tables};
        let nasty = "<b class=\"x\">'a' & \"b\"</b>";
        let s = || nasty.to_string();
        let local = || {
            Some(LocalText {
                text: s(),
                lang: "vi",
            })
        };
        // `empty`: every optional text present but empty, which Tera's `if` takes as false.
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
        let groups = vec![
            GroupTable {
                id: s(),
                label: s(),
                rows: vec![
                    row(
                        Some(cell(Some(nasty), false)),
                        vec![(s(), cell(None, false))],
                        vec![target.clone(), target],
                    ),
                    row(Some(cell(Some(""), true)), vec![], vec![]),
                    row(
                        None,
                        vec![(s(), cell(Some(nasty), true)), (s(), cell(None, false))],
                        vec![],
                    ),
                    row(None, vec![(s(), cell(None, true))], vec![]),
                    row(None, vec![], vec![]),
                ],
            },
            GroupTable {
                id: "g2".into(),
                label: "G2".into(),
                rows: vec![],
            },
        ];
        let mut diags = Diagnostics::default();
        let theme = crate::theme::load_theme(Path::new("/nonexistent"), "default", &mut diags)
            .expect("the built-in theme");
        let t = theme.strings(crate::model::Lang::En);
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        let partial = |n: &str| crate::theme::built_in(n).expect("built in");
        tera.add_raw_templates([
            (
                "partials/observations.html",
                partial("partials/observations.html"),
            ),
            ("partials/figure.html", partial("partials/figure.html")),
            ("page.html", "{% include \"partials/observations.html\" %}"),
        ])
        .expect("templates parse");
        let mut ctx = tera::Context::new();
        ctx.insert("t", t);
        ctx.insert("groups", &groups);
        let interpreted = tera.render("page.html", &ctx).expect("renders");
        assert_eq!(super::write(&groups, t), interpreted);
        assert!(!interpreted.contains("<b "), "the markup was escaped");
        // And the written tables reach the template unescaped.
        ctx.insert("groups", &Tables::Written(super::write(&groups, t)));
        let mut plain = tera::Tera::new();
        plain.autoescape_on(vec![".html"]);
        plain
            .add_raw_template("page.html", "{{ groups }}")
            .expect("parses");
        assert_eq!(
            plain.render("page.html", &ctx).expect("renders"),
            interpreted
        );
    }

    #[test]
    fn the_synthetic_test_site_renders_the_same_with_its_tables_written() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let tables = both_ways(&root);
        assert!(
            tables.contains("<tr id="),
            "the test site has figure tables"
        );
    }

    #[test]
    fn a_theme_that_changes_a_template_of_the_tables_keeps_its_own() {
        let mut diags = Diagnostics::default();
        let mut theme = crate::theme::load_theme(Path::new("/nonexistent"), "default", &mut diags)
            .expect("the built-in theme");
        assert!(super::super::writes_tables(&theme));
        for name in super::REPLACES {
            let mut changed = theme.clone();
            if let Some((_, source)) = changed.templates.get_mut(name) {
                source.push_str("<!-- mine -->");
            }
            assert!(!super::super::writes_tables(&changed), "{name} changed");
        }
        // A template of the theme's own that includes the partial.
        theme.templates.insert(
            "mine.html".into(),
            (
                "themes/x/templates/mine.html".into(),
                "{% include \"partials/observations.html\" %}".into(),
            ),
        );
        assert!(!super::super::writes_tables(&theme));
    }
}
