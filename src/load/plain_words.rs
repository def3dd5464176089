//! Every raw type given the wrong shape: what the author reads names no internal type and
//! uses no parser jargon, in either language.

use super::parse_yaml;
use super::raw::{RawDimensionFile, RawFrontMatter, RawIndicatorFile, RawProvince, RawSite};
use crate::diagnostics::Diagnostics;
use crate::model::Lang;
use std::sync::Arc;

/// Words that belong to the code or to the parser, not to the author.
const JARGON: [&str; 14] = [
    "Raw",
    "struct",
    "enum",
    "variant",
    "invalid type",
    "invalid value",
    "sequence",
    "mapping",
    "borrowed",
    "identifier",
    "unit value",
    "Option",
    "Both",
    "expected a",
];

/// (what is planted, the file, its text)
const PLANTED: &[(&str, &str, &str)] = &[
    ("the site itself", "site.yaml", "just text\n"),
    ("RawLabel", "site.yaml", "title: \"Bảng số liệu\"\nbase_url: \"https://x.vn/\"\nlanguages: [vi]\n"),
    ("RawPublisher", "site.yaml", "title: { vi: a, en: b }\nbase_url: \"https://x.vn/\"\nlanguages: [vi]\npublisher: \"UBND tỉnh\"\n"),
    ("RawCorrections", "site.yaml", "title: { vi: a, en: b }\nbase_url: \"https://x.vn/\"\nlanguages: [vi]\ncorrections: [a]\n"),
    ("RawLicence", "site.yaml", "title: { vi: a, en: b }\nbase_url: \"https://x.vn/\"\nlanguages: [vi]\nlicence: 5\n"),
    ("RawServices", "site.yaml", "title: { vi: a, en: b }\nbase_url: \"https://x.vn/\"\nlanguages: [vi]\nservices: yes\n"),
    ("Vec", "site.yaml", "title: { vi: a, en: b }\nbase_url: \"https://x.vn/\"\nlanguages: vi\n"),
    ("RawIndicatorFile", "data/indicators.yaml", "- a\n"),
    ("RawGroup", "data/indicators.yaml", "groups: [a]\nindicators: []\n"),
    ("RawIndicator", "data/indicators.yaml", "groups: []\nindicators: [[1]]\n"),
    ("RawDimensionFile", "data/dimensions.yaml", "dimensions: { a: 1 }\n"),
    ("RawDimension", "data/dimensions.yaml", "dimensions: [a]\n"),
    ("RawMember", "data/dimensions.yaml", "dimensions:\n  - { id: level, label: { vi: a, en: b }, members: [x] }\n"),
    ("RawProvince", "data/provinces/a.yaml", "[1, 2]\n"),
    ("RawSuccessor", "data/provinces/a.yaml", "name: { vi: a, en: b }\nsuccessor: gia-lai-2025\n"),
    ("RawFormation", "data/provinces/a.yaml", "name: { vi: a, en: b }\nformed_from: [a]\n"),
    ("RawFormerUnit", "data/provinces/a.yaml", "name: { vi: a, en: b }\nformed_from: { units: [a] }\n"),
    ("RawReport", "data/provinces/a.yaml", "name: { vi: a, en: b }\nreports: [\"2024-H1\"]\n"),
    ("RawObservationBlock", "data/provinces/a.yaml", "name: { vi: a, en: b }\nobservations: [\"2024-H1\"]\n"),
    ("UniqueMap", "data/provinces/a.yaml", "name: { vi: a, en: b }\nobservations:\n  - { period: \"2024-H1\", values: [1] }\n"),
    ("RawValue", "data/provinces/a.yaml", "name: { vi: a, en: b }\nobservations:\n  - { period: \"2024-H1\", values: { x: [1] } }\n"),
    ("RawValueMap", "data/provinces/a.yaml", "name: { vi: a, en: b }\nobservations:\n  - { period: \"2024-H1\", values: { x: { value: [1] } } }\n"),
    ("RawPrinting", "data/provinces/a.yaml", "name: { vi: a, en: b }\nobservations:\n  - { period: \"2024-H1\", values: { x: { value: 1, also_printed: [2] } } }\n"),
    ("RawTarget", "data/provinces/a.yaml", "name: { vi: a, en: b }\ntargets: [100]\n"),
    ("RawTask", "data/provinces/a.yaml", "name: { vi: a, en: b }\ntasks: [\"1\"]\n"),
    ("RawText", "data/provinces/a.yaml", "name: { vi: a, en: b }\ntasks:\n  - { id: \"1\", title: [a], owner: a, status: done, as_of: \"2024-H1\" }\n"),
    ("RawText's map", "data/provinces/a.yaml", "name: { vi: a, en: b }\ntasks:\n  - { id: \"1\", title: { vi: 1, fr: a }, owner: a, status: done, as_of: \"2024-H1\" }\n"),
    ("RawNumber", "data/provinces/a.yaml", "name: { vi: a, en: b }\ntargets:\n  - { indicator: x, value: [1] }\n"),
    ("RawScalar", "data/provinces/a.yaml", "name: { vi: a, en: b }\ncode: [52]\n"),
    ("bool", "data/provinces/a.yaml", "name: { vi: a, en: b }\nreports:\n  - { period: \"2024-H1\", file: a.txt, issuer: a, draft: [x] }\n"),
    ("RawFrontMatter", "content/a.md", "[a]\n"),
    // The parser's own messages, met before any type.
    ("an unclosed group", "data/provinces/a.yaml", "name: { vi: a, en: b\ncode: \"52\"\n"),
    ("an unclosed list", "data/provinces/a.yaml", "name: { vi: a, en: b }\nreports: [a, b\n"),
    ("a bad indentation", "data/provinces/a.yaml", "name:\n  vi: a\n en: b\n"),
    ("a colon in a value", "data/provinces/a.yaml", "name: { vi: a, en: b }\ncode: a: b\n"),
];

fn messages(rel: &str, text: &str) -> Vec<String> {
    let mut diags = Diagnostics::default();
    let text: Arc<str> = Arc::from(text);
    match rel {
        "site.yaml" => drop(parse_yaml::<RawSite>(rel, text, 0, &mut diags)),
        "data/indicators.yaml" => drop(parse_yaml::<RawIndicatorFile>(rel, text, 0, &mut diags)),
        "data/dimensions.yaml" => drop(parse_yaml::<RawDimensionFile>(rel, text, 0, &mut diags)),
        "content/a.md" => drop(parse_yaml::<RawFrontMatter>(rel, text, 0, &mut diags)),
        _ => drop(parse_yaml::<RawProvince>(rel, text, 0, &mut diags)),
    }
    diags
        .iter()
        .flat_map(|d| {
            [Lang::Vi, Lang::En].map(|lang| {
                format!(
                    "{} | {}",
                    d.message_in(lang),
                    d.help_in(lang).unwrap_or_default()
                )
            })
        })
        .collect()
}

#[test]
fn no_message_names_an_internal_type_or_parser_term() {
    for (planted, rel, text) in PLANTED {
        let said = messages(rel, text);
        assert!(!said.is_empty(), "{planted}: nothing reported for {text:?}");
        for message in &said {
            for word in JARGON {
                assert!(
                    !message.contains(word),
                    "{planted}: `{word}` in {message:?}"
                );
            }
        }
    }
}

#[test]
fn a_label_written_as_text_says_what_to_write() {
    let said = messages(
        "data/provinces/a.yaml",
        "name: \"Bình Định\"\ncode: \"52\"\n",
    );
    assert_eq!(
        said,
        [
            "`name` cần được viết là `{ vi: \"…\", en: \"…\" }`, nhưng ở đây lại là chữ \"Bình Định\" | hãy viết `name: { vi: \"…\", en: \"…\" }`",
            "`name` needs `{ vi: \"…\", en: \"…\" }`, but here it is the text \"Bình Định\" | write it as `name: { vi: \"…\", en: \"…\" }`",
        ]
    );
}
