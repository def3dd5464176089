//! Live figures are resolved by one function for `check`, `build` and `serve`: a call that
//! `check` accepts renders a figure, and a call that `build` cannot render is an error of
//! `check` too, with the same code. Each case runs both commands of the real binary on the
//! base fixture with one narrative.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, check, read_tree, site_with};

/// A breakdown-only figure (no total) for March, and a second dimension, beside the base data.
const EXTRA_DATA: &str = r#"  - period: "2025-03"
    source: "synthetic.txt §2"
    values:
      online-rate:
        by:
          service:
            passport: { numerator: 5, denominator: 10 }
"#;

const SECOND_DIMENSION: &str = r#"  - id: level
    label: { vi: "Cấp", en: "Level" }
    members:
      - { id: province, label: { vi: "Cấp tỉnh", en: "Province level" } }
"#;

/// `check` and `build` of the base site whose April narrative has `body`: their outputs, exit
/// codes, and the built pages.
struct Outcome {
    check_err: String,
    check_code: i32,
    build_err: String,
    build_code: i32,
    pages: Vec<String>,
}

fn run_with(body: &str) -> Outcome {
    let site = site_with(None);
    let root = site.path();
    let alpha = root.join("data/provinces/alpha.yaml");
    let data = std::fs::read_to_string(&alpha).unwrap_or_else(|e| panic!("{e}"));
    let data = data.replace("targets:\n", &format!("{EXTRA_DATA}targets:\n"));
    std::fs::write(&alpha, data).unwrap_or_else(|e| panic!("{e}"));
    let dims = root.join("data/dimensions.yaml");
    let mut text = std::fs::read_to_string(&dims).unwrap_or_else(|e| panic!("{e}"));
    text.push_str(SECOND_DIMENSION);
    std::fs::write(&dims, text).unwrap_or_else(|e| panic!("{e}"));
    let page = root.join("content/reports/alpha/2025-04.md");
    let front = "---\ntitle: \"Alpha\"\nprovince: alpha\nperiod: \"2025-04\"\n---\n";
    std::fs::write(&page, format!("{front}{body}\n")).unwrap_or_else(|e| panic!("{e}"));

    let (check_out, check_err, check_code) = check(root, &[]);
    let check_err = check_out + &check_err;
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = out.path().join("public");
    let (build_out, build_err, build_code) = build(root, &out, &[]);
    let build_err = build_out + &build_err;
    let pages = read_tree(&out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    Outcome {
        check_err,
        check_code,
        build_err,
        build_code,
        pages,
    }
}

/// Both commands refuse the narrative with `code`, at the call's line and column.
fn assert_refused(body: &str, code: &str, words: &str) {
    let o = run_with(body);
    assert_eq!(o.check_code, 1, "check must fail:\n{}", o.check_err);
    assert_eq!(
        o.build_code, 1,
        "build must fail as check does:\n{}",
        o.build_err
    );
    let located = format!("content/reports/alpha/2025-04.md:6:1: error[{code}]");
    for (command, err) in [("check", &o.check_err), ("build", &o.build_err)] {
        assert!(
            err.contains(&located),
            "{command} must say {located}:\n{err}"
        );
        assert!(err.contains(words), "{command} must say `{words}`:\n{err}");
    }
    assert!(o.pages.is_empty(), "a failed build writes nothing");
}

#[test]
fn two_dimension_arguments_are_refused_by_check_and_build() {
    assert_refused(
        r#"{{ value(indicator="online-rate", level="province", service="passport") }}"#,
        "invalid-shortcode",
        "at most one breakdown",
    );
}

#[test]
fn an_unknown_member_is_refused_by_check_and_build() {
    assert_refused(
        r#"{{ value(indicator="online-rate", service="pasport") }}"#,
        "unknown-member",
        "did you mean `passport`",
    );
}

#[test]
fn a_breakdown_only_figure_needs_its_member() {
    assert_refused(
        r#"{{ value(indicator="online-rate", period="2025-03") }}"#,
        "missing-member",
        "add the member to the call, e.g. service=\"passport\"",
    );
}

#[test]
fn every_call_check_accepts_is_rendered_as_a_figure() {
    let body = concat!(
        r#"{{ value(indicator="online-rate", period="2025-03", service="passport") }} and "#,
        r#"{{ value(indicator="online-rate") }} and "#,
        r#"{{ value(indicator="online-rate", province="alpha", service="passport") }}"#
    );
    let o = run_with(body);
    assert_eq!(o.check_code, 0, "{}", o.check_err);
    assert_eq!(o.build_code, 0, "{}", o.build_err);
    let report: Vec<&String> = o
        .pages
        .iter()
        .filter(|p| p.contains("<h1>Alpha</h1>") || p.contains(">Alpha</h1>"))
        .collect();
    assert!(!report.is_empty(), "the report page is built");
    for page in &o.pages {
        assert!(!page.contains("{{ value("), "a call left as text:\n{page}");
    }
    for page in report {
        // Each call is a figure followed by its note mark; the list of figures at the end
        // links each distinct figure once more.
        assert_eq!(
            page.matches("<sup class=\"figure-note\">").count(),
            3,
            "{page}"
        );
        assert_eq!(page.matches("class=\"figure\"").count(), 6, "{page}");
        // 5 of 10 for March's passport figure, 10 of 20 for April's.
        assert!(page.contains("5/10") || page.contains("50"), "{page}");
    }
}
