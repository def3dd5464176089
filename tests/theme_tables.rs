//! The figure tables are written by functions that the built-in partials call, so a theme
//! that edits or overrides `partials/observations.html` or `partials/figure.html` always
//! sees its change on the built pages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, site_with};
use std::path::Path;

/// Build the base fixture with `templates` (path under the theme's `templates/`, text)
/// overriding the default theme; returns the combined output, the exit code and a reader of
/// the built pages.
fn built_with(templates: &[(&str, &str)]) -> (String, i32, impl Fn(&str) -> String) {
    let site = site_with(None);
    for (name, text) in templates {
        let path = site.path().join("themes/default/templates").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let out = site.path().join("public");
    let (stdout, stderr, code) = build(site.path(), &out, &[]);
    let read = move |page: &str| {
        let _keep = &site;
        std::fs::read_to_string(Path::new(&out).join(page)).unwrap_or_default()
    };
    (stdout + &stderr, code, read)
}

#[test]
fn the_built_in_tables_are_written_through_the_partial() {
    let (out, code, page) = built_with(&[]);
    assert_eq!(code, 0, "{out}");
    for p in [
        "provinces/alpha/index.html",
        "reports/alpha/2025-04/index.html",
    ] {
        let html = page(p);
        assert_eq!(html.matches("<section class=\"group\"").count(), 1, "{p}");
        assert_eq!(html.matches("<tr id=\"i-").count(), 2, "{p}");
        assert!(html.contains("<span class=\"value\">"), "{p}");
    }
}

#[test]
fn an_edited_tables_partial_takes_effect() {
    let (out, code, page) = built_with(&[(
        "partials/observations.html",
        "<div class=\"edited\">{{ figure_tables(tables=groups) }}</div>\n",
    )]);
    assert_eq!(code, 0, "{out}");
    for p in [
        "provinces/alpha/index.html",
        "reports/alpha/2025-04/index.html",
    ] {
        let html = page(p);
        assert!(
            html.contains("<div class=\"edited\">\n<section class=\"group\""),
            "{p}"
        );
    }
}

#[test]
fn a_theme_lays_out_the_tables_itself_from_their_data() {
    let (out, code, page) = built_with(&[(
        "partials/observations.html",
        "{% for g in figure_groups(tables=groups) %}<ol class=\"mine\" id=\"g-{{ g.id }}\">{% for row in g.rows %}<li id=\"{{ row.anchor }}\">{{ row.indicator.label }}: {% if row.value %}{% set c = row.value %}{% include \"partials/figure.html\" %}{% endif %}</li>{% endfor %}</ol>{% endfor %}\n",
    )]);
    assert_eq!(code, 0, "{out}");
    let html = page("en/reports/alpha/2025-04/index.html");
    assert!(!html.contains("<section class=\"group\""), "{html}");
    assert_eq!(html.matches("<ol class=\"mine\"").count(), 1, "{html}");
    assert_eq!(html.matches("<li id=\"i-").count(), 2, "{html}");
    assert!(html.contains("<li id=\"i-online-rate\">"), "{html}");
    assert!(html.contains("<span class=\"value\">75"), "{html}");
}

#[test]
fn an_edited_figure_partial_takes_effect() {
    let (out, code, page) = built_with(&[(
        "partials/figure.html",
        "<b class=\"cell\">{{ c.headline }}</b>\n",
    )]);
    assert_eq!(code, 0, "{out}");
    // The home page's and the indicator pages' cells are drawn by the partial.
    let html = page("en/indicators/online-rate/index.html");
    assert!(html.contains("<b class=\"cell\">75"), "{html}");
    assert!(!html.contains("<span class=\"value\">"), "{html}");
}

#[test]
fn figure_tables_of_something_else_is_a_located_template_error() {
    let (out, code, _) = built_with(&[(
        "partials/observations.html",
        "{{ figure_tables(tables=\"x\") }}\n",
    )]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("themes/default/templates/partials/observations.html:1:"),
        "{out}"
    );
    assert!(
        out.contains("`tables` must be a page's figure tables"),
        "{out}"
    );
}
