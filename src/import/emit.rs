//! Figures → YAML text, written by hand so that the user's file is appended to, never
//! re-serialised: numbers in their shortest form that reads back as the same number, texts
//! always double-quoted with every character YAML could read otherwise escaped.

use crate::model::{Figure, Qualifier, Since, StatedRate, Text};
use std::fmt::Write as _;

/// A YAML node to write in block style.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Written as is: a number, a slug, a date, a quoted string.
    Scalar(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
}

impl Node {
    pub fn text(s: &str) -> Node {
        Node::Scalar(quote(s))
    }

    pub fn number(x: f64) -> Node {
        Node::Scalar(number(x))
    }

    /// Write `self` as the value of `key` at `indent` spaces.
    pub fn write_entry(&self, out: &mut String, indent: usize, key: &str) {
        let pad = " ".repeat(indent);
        match self {
            Node::Scalar(s) => {
                let _ = writeln!(out, "{pad}{key}: {s}");
            }
            Node::Map(entries) if entries.is_empty() => {
                let _ = writeln!(out, "{pad}{key}: {{}}");
            }
            Node::List(items) if items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}: []");
            }
            Node::Map(entries) => {
                let _ = writeln!(out, "{pad}{key}:");
                for (k, v) in entries {
                    v.write_entry(out, indent + 2, k);
                }
            }
            Node::List(items) => {
                let _ = writeln!(out, "{pad}{key}:");
                for item in items {
                    item.write_item(out, indent + 2);
                }
            }
        }
    }

    /// Write `self` as an item of a block list whose dashes stand at `indent`.
    pub fn write_item(&self, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent);
        match self {
            Node::Map(entries) if !entries.is_empty() => {
                let mut first = String::new();
                let mut rest = String::new();
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i == 0 {
                        v.write_entry(&mut first, indent + 2, k);
                    } else {
                        v.write_entry(&mut rest, indent + 2, k);
                    }
                }
                // The first entry goes on the dash's line: `- period: "2024"`.
                let _ = write!(out, "{pad}- {}", first.get(indent + 2..).unwrap_or(""));
                out.push_str(&rest);
            }
            Node::Scalar(s) => {
                let _ = writeln!(out, "{pad}- {s}");
            }
            other => {
                let mut inner = String::new();
                other.write_entry(&mut inner, indent + 2, "x");
                let _ = write!(out, "{pad}- {}", inner.get(indent + 5..).unwrap_or(""));
            }
        }
    }
}

/// The shortest text that reads back as `x` (Rust's `Display` of `f64` is exactly that and
/// never uses an exponent); a whole number has no `.0`.
pub fn number(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    format!("{x}")
}

/// A printed rate with the decimals it was printed with: `80.10`.
pub fn stated(rate: StatedRate) -> String {
    let d = rate.decimals as usize;
    format!("{:.d$}", rate.value)
}

/// `text` as a YAML double-quoted scalar. Quotes and backslashes are escaped, and so is every
/// character YAML would not keep as it is (line breaks, tabs, other controls, the byte-order
/// mark, the line and paragraph separators); everything else, Vietnamese letters included, is
/// written as is. A leading `-`, `*`, `&`, `!`, `#`, `=` or `: ` inside means nothing in quotes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `2024-07-01` for a day, `2024-02` for a month.
pub fn since(s: Since) -> String {
    match s {
        Since::Day(d) => d.to_string(),
        Since::Month(d) => format!("{:04}-{:02}", d.year(), d.month()),
    }
}

/// A free text: a plain string when it has no English, `{ vi, en }` otherwise.
pub fn text(t: &Text) -> Node {
    match &t.en {
        None => Node::text(&t.vi),
        Some(en) => Node::Map(vec![
            ("vi".into(), Node::text(&t.vi)),
            ("en".into(), Node::text(en)),
        ]),
    }
}

/// The keys of a figure's shape (`value`, `numerator`…, or `state`).
pub fn figure_entries(figure: &Figure) -> Vec<(String, Node)> {
    let scalar = |s: String| Node::Scalar(s);
    match *figure {
        Figure::Value(v) => vec![("value".into(), Node::number(v))],
        Figure::Ratio {
            numerator,
            denominator,
            stated: rate,
        } => {
            let mut v = vec![
                ("numerator".into(), Node::number(numerator)),
                ("denominator".into(), Node::number(denominator)),
            ];
            v.extend(rate.map(|r| ("stated".to_string(), scalar(stated(r)))));
            v
        }
        Figure::Stated(r) => vec![("stated".into(), scalar(stated(r)))],
        Figure::CountWithRate { value, stated: r } => vec![
            ("value".into(), Node::number(value)),
            ("stated".into(), scalar(stated(r))),
        ],
        Figure::NoCases => vec![("state".into(), scalar("no-cases".into()))],
        Figure::NotApplicable => vec![("state".into(), scalar("not-applicable".into()))],
    }
}

pub fn qualifier(q: Qualifier) -> Node {
    Node::Scalar(
        match q {
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at-least",
        }
        .to_string(),
    )
}

/// A map of only `value` or only `state` is written the short way: `1681`, `no-cases`.
pub fn shorten(entries: Vec<(String, Node)>) -> Node {
    match entries.as_slice() {
        [(key, Node::Scalar(s))] if key == "value" || key == "state" => Node::Scalar(s.clone()),
        _ => Node::Map(entries),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_as_themselves() {
        for x in [1078946.0, 73.72, -3.5, 0.1 + 0.2, 1e21, 18535000000.0, 5e-7] {
            let written = number(x);
            assert_eq!(written.parse::<f64>().ok(), Some(x), "{written}");
        }
        assert_eq!(number(1681.0), "1681");
        assert_eq!(number(-0.0), "0");
        assert_eq!(
            stated(StatedRate {
                value: 80.1,
                decimals: 2
            }),
            "80.10"
        );
    }

    #[test]
    fn lists_of_maps_put_the_first_key_on_the_dash() {
        let node = Node::Map(vec![
            ("period".into(), Node::Scalar("\"2024\"".into())),
            (
                "values".into(),
                Node::Map(vec![("a".into(), Node::number(1.0))]),
            ),
        ]);
        let mut out = String::new();
        node.write_item(&mut out, 2);
        assert_eq!(out, "  - period: \"2024\"\n    values:\n      a: 1\n");
    }
}
