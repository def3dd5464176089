//! Appending items to a top-level list of a YAML file (`observations:`, `reports:`) without
//! touching a byte of what is there: the file is read as events (yaml-rust2, through
//! `load::nesting::walk`) only to find where the list's last item ends and how far its dashes
//! are indented; the new items are then inserted as text at that place.

use super::emit::Node;
use crate::load::nesting::walk;
use std::ops::ControlFlow;
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::TScalarStyle;

/// Where and how new items go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// Byte offset in the original text.
    pub at: usize,
    /// Bytes of the original text replaced (only an empty flow list `[]`).
    pub replaced: usize,
    /// The text inserted.
    pub text: String,
}

/// The list cannot be appended to as text: it is written inline (`[a, b]`) or is not a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotABlockList {
    /// 1-based line of the value.
    pub line: usize,
    pub column: usize,
}

/// What the events tell about the top-level key `key`.
#[derive(Debug, Default)]
struct Found {
    /// The key's line (1-based).
    key_line: Option<usize>,
    /// The value's first event: line, 0-based column (in characters), kind.
    value: Option<(usize, usize, ValueKind)>,
    /// The last line an event of the value starts on.
    last_line: usize,
    /// The last scalar of the value is a block scalar (`|`, `>`): its lines may start with `#`.
    last_is_block: bool,
    /// The line of the next top-level key, if any.
    next_key_line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Sequence,
    /// An empty value (`observations:` and nothing else).
    Nothing,
    Other,
}

/// The insertion that adds `items` at the end of the top-level list `key` of `text` (the key
/// is created at the end of the file when absent).
pub fn append(text: &str, key: &str, items: &[Node]) -> Result<Insertion, NotABlockList> {
    let found = scan(text, key);
    let lines = line_starts(text);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let crlf = |s: String| {
        if newline == "\n" {
            s
        } else {
            s.replace('\n', "\r\n")
        }
    };
    let ends_with_newline = text.is_empty() || text.ends_with('\n');
    let lead = if ends_with_newline { "" } else { newline };
    let Some((line, col, kind)) = found.value else {
        let mut out = format!("{lead}{key}:\n");
        for item in items {
            item.write_item(&mut out, 2);
        }
        return Ok(Insertion {
            at: text.len(),
            replaced: 0,
            text: crlf(out),
        });
    };
    let char_at = |line: usize, col: usize| {
        let start = lines.get(line - 1).copied().unwrap_or(text.len());
        text.get(start..).and_then(|rest| rest.chars().nth(col))
    };
    let items_text = |indent: usize| {
        let mut out = String::new();
        for item in items {
            item.write_item(&mut out, indent);
        }
        crlf(out)
    };
    // yaml-rust2 marks a block list where its first item's content starts: its dash is the
    // first character of that line.
    let dash = line_text(text, &lines, line)
        .map(|l| {
            (
                l.len() - l.trim_start().len(),
                l.trim_start().starts_with('-'),
            )
        })
        .filter(|(_, is_dash)| *is_dash)
        .map(|(indent, _)| indent);
    match kind {
        ValueKind::Sequence if dash.is_some() && char_at(line, col) != Some('[') => {
            let col = dash.unwrap_or(col);
            let end = found.next_key_line.unwrap_or(lines.len() + 1);
            let mut last = found.last_line;
            for l in found.last_line..end {
                let Some(content) = line_text(text, &lines, l) else {
                    continue;
                };
                let trimmed = content.trim_start();
                let indent = content.len() - trimmed.len();
                let is_content = !trimmed.is_empty()
                    && (!trimmed.starts_with('#') || (found.last_is_block && indent > col));
                if is_content {
                    last = l;
                }
            }
            let at = lines.get(last).copied().unwrap_or(text.len());
            let lead = if at == text.len() { lead } else { "" };
            Ok(Insertion {
                at,
                replaced: 0,
                text: format!("{lead}{}", items_text(col)),
            })
        }
        ValueKind::Sequence if char_at(line, col) == Some('[') => {
            // `observations: []`: the brackets give way to the block list.
            let start = lines.get(line - 1).copied().unwrap_or(0);
            let from = text
                .get(start..)
                .and_then(|rest| rest.char_indices().nth(col))
                .map(|(i, _)| start + i)
                .unwrap_or(text.len());
            let inner = text.get(from + 1..).unwrap_or("");
            let close = inner.find(']').filter(|i| inner[..*i].trim().is_empty());
            match close {
                Some(i) => Ok(Insertion {
                    at: from,
                    replaced: i + 2,
                    text: format!("{newline}{}", items_text(2))
                        .trim_end_matches(['\n', '\r'])
                        .to_string(),
                }),
                None => Err(NotABlockList {
                    line,
                    column: col + 1,
                }),
            }
        }
        ValueKind::Nothing => {
            let key_line = found.key_line.unwrap_or(line);
            let at = lines.get(key_line).copied().unwrap_or(text.len());
            let lead = if at == text.len() { lead } else { "" };
            Ok(Insertion {
                at,
                replaced: 0,
                text: format!("{lead}{}", items_text(2)),
            })
        }
        _ => Err(NotABlockList {
            line,
            column: col + 1,
        }),
    }
}

/// Apply insertions (at distinct places) to `text`.
pub fn apply(text: &str, mut insertions: Vec<Insertion>) -> String {
    insertions.sort_by_key(|i| std::cmp::Reverse(i.at));
    let mut out = text.to_string();
    for i in insertions {
        out.replace_range(i.at..i.at + i.replaced, &i.text);
    }
    out
}

fn scan(text: &str, key: &str) -> Found {
    let mut found = Found::default();
    let mut depth = 0usize;
    // In the top-level mapping: whether the next scalar or collection is a key.
    let mut expect_key = true;
    let mut in_value = false;
    let starts = line_starts(text);
    walk(text, |event, mark| {
        let line = mark.line();
        let col = mark.col();
        let top = depth == 1;
        match &event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if top && !expect_key && in_value && found.value.is_none() {
                    found.value = Some((
                        line,
                        col,
                        match event {
                            Event::SequenceStart(..) => ValueKind::Sequence,
                            _ => ValueKind::Other,
                        },
                    ));
                }
                if in_value {
                    found.last_line = found.last_line.max(line);
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // A block collection ends where the next thing starts (often the next key);
                // only a flow bracket is part of the value.
                if in_value {
                    let closing = line_text(text, &starts, line).and_then(|l| l.chars().nth(col));
                    if matches!(closing, Some(']' | '}')) {
                        found.last_line = found.last_line.max(line);
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    expect_key = true;
                    in_value = false;
                } else if depth == 0 {
                    return ControlFlow::Break(());
                }
            }
            Event::Scalar(value, style, ..) => {
                if top && expect_key {
                    if found.value.is_some() && found.next_key_line.is_none() {
                        found.next_key_line = Some(line);
                        return ControlFlow::Break(());
                    }
                    in_value = value == key;
                    if in_value {
                        found.key_line = Some(line);
                    }
                    expect_key = false;
                } else if top {
                    if in_value {
                        let nothing = value.is_empty() && *style == TScalarStyle::Plain;
                        found.value = Some((
                            line,
                            col,
                            if nothing {
                                ValueKind::Nothing
                            } else {
                                ValueKind::Other
                            },
                        ));
                        found.last_line = line;
                    }
                    expect_key = true;
                    in_value = false;
                } else if in_value {
                    found.last_line = found.last_line.max(line);
                    found.last_is_block =
                        matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    });
    found
}

/// Byte offset of the start of each line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|i| *i < text.len() || *i == 0)
        .collect()
}

/// Line `line` (1-based) without its line break.
fn line_text<'t>(text: &'t str, starts: &[usize], line: usize) -> Option<&'t str> {
    let start = *starts.get(line.checked_sub(1)?)?;
    let end = starts.get(line).copied().unwrap_or(text.len());
    text.get(start..end)
        .map(|l| l.trim_end_matches(['\n', '\r']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<Node> {
        vec![Node::Map(vec![
            ("period".into(), Node::Scalar("\"2024\"".into())),
            (
                "values".into(),
                Node::Map(vec![("a".into(), Node::number(1.0))]),
            ),
        ])]
    }

    fn add(text: &str) -> String {
        match append(text, "observations", &items()) {
            Ok(i) => apply(text, vec![i]),
            Err(e) => format!("error at {}:{}", e.line, e.column),
        }
    }

    #[test]
    fn appends_after_the_last_item_before_the_next_key() {
        let text = "name: x\nobservations:\n  # first\n  - period: \"2023\"\n    values:\n      a: |\n        # text\n        more\n\n# about targets\ntargets: []\n";
        assert_eq!(
            add(text),
            "name: x\nobservations:\n  # first\n  - period: \"2023\"\n    values:\n      a: |\n        # text\n        more\n  - period: \"2024\"\n    values:\n      a: 1\n\n# about targets\ntargets: []\n"
        );
    }

    #[test]
    fn appends_at_the_end_and_keeps_the_dash_column() {
        let text = "name: x\nobservations:\n- period: \"2023\"\n  values: { a: 2,\n    b: 3 }\n# trailing\n";
        assert_eq!(
            add(text),
            "name: x\nobservations:\n- period: \"2023\"\n  values: { a: 2,\n    b: 3 }\n- period: \"2024\"\n  values:\n    a: 1\n# trailing\n"
        );
    }

    #[test]
    fn creates_the_key_or_fills_an_empty_one() {
        assert_eq!(
            add("name: x"),
            "name: x\nobservations:\n  - period: \"2024\"\n    values:\n      a: 1\n"
        );
        assert_eq!(
            add("observations:\nname: x\n"),
            "observations:\n  - period: \"2024\"\n    values:\n      a: 1\nname: x\n"
        );
        assert_eq!(
            add("observations: []  # none yet\nname: x\n"),
            "observations: \n  - period: \"2024\"\n    values:\n      a: 1  # none yet\nname: x\n"
        );
        assert_eq!(add("observations: [{period: \"2023\"}]\n"), "error at 1:15");
        assert_eq!(add("name: x\r\nobservations:\r\n  - a: 1\r\n"), "name: x\r\nobservations:\r\n  - a: 1\r\n  - period: \"2024\"\r\n    values:\r\n      a: 1\r\n");
    }
}
