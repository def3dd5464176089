//! Parser and deserializer messages of serde_yaml, read as diagnostics in English and Vietnamese.
//!
//! serde_yaml reports one problem per file as an English sentence ("unknown field `vaule`,
//! expected one of …", "did not find expected ',' or '}' at line 3 column 1, while parsing a
//! flow mapping"). Authors read Vietnamese first, so each known message is classified into a
//! diagnostic code, given a fix, and rebuilt in Vietnamese from its parts (the field names, the
//! value found, the form expected). Kept apart from the loading itself so that `load` reads as
//! the walk over the site's files, and so that the wording can grow without touching it.

use super::locate::LocationIndex;
use super::nesting;
use super::shape::{Form, Holds, Written};
use crate::diagnostics::{did_you_mean, Diagnostic, Position};

/// A serde_yaml error as a diagnostic: location, key path, message and a fix. `text` is the
/// YAML that was read (its first line is line `line_offset + 1` of the file), and `index`
/// places what serde_yaml does not (the aliases, a control character).
pub(super) fn serde_diagnostic(
    rel: &str,
    e: &serde_yaml::Error,
    text: &str,
    index: &LocationIndex,
    line_offset: usize,
) -> Diagnostic {
    // "path.to.key: message at line 3 column 5" → path and message; the position is shown
    // separately, so every "at line N column M" fragment is dropped from the text.
    let full = strip_positions(&e.to_string());
    let without_location = full.as_str();
    let (path, message) = match without_location.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (Some(p), m),
        _ => (None, without_location),
    };
    let position = e.location().map(|l| Position {
        line: l.line() + line_offset,
        column: l.column(),
    });
    // Messages that come from serde_yaml's own limits or libyaml's reader rather than from the
    // shape of the data: each has its own rule, and serde_yaml's position is missing or wrong.
    if message.starts_with("repetition limit exceeded") {
        return alias_expansion(rel, index.first_alias());
    }
    if message.starts_with("recursion limit exceeded") {
        return nesting::too_deep(rel, position);
    }
    if message.starts_with("control characters are not allowed") {
        if let Some(d) = control_character(rel, text, line_offset) {
            return d;
        }
    }
    let mut d = message_diagnostic(rel, message, position, path);
    if let Some(p) = path {
        d = d.key_path(p);
    }
    d
}

/// A serde message without its path (the reading of one entry of a file), as a diagnostic
/// at `position`. `path` names the value the message is about, for the wording.
pub(super) fn message_diagnostic(
    rel: &str,
    message: &str,
    position: Option<Position>,
    path: Option<&str>,
) -> Diagnostic {
    let explained = explain_serde_message(message, path.map(last_key));
    let mut d = Diagnostic::error(explained.code, rel, explained.message)
        .at(position)
        .vi(explained.message_vi);
    if let Some(h) = explained.help {
        d = d.help(h);
    }
    match explained.help_vi {
        Some(h) => d.vi_help(h),
        None => d,
    }
}

/// The name a path ends with: `tasks[3].owner` → `owner`; an entry of a list has none.
fn last_key(path: &str) -> &str {
    if path.ends_with(']') {
        return "";
    }
    path.rsplit('.').next().unwrap_or(path)
}

/// The name serde says is unknown (`unknown field `fr`, expected …`), to find where it is.
pub(super) fn unknown_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

/// A key that is not a field of its entry; `suggestion` is the field it is likely a typo of.
pub(super) fn unknown_field(
    rel: &str,
    name: &str,
    fields: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    let list = fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (help, help_vi) = match suggestion {
        Some(s) => (
            format!("did you mean `{s}`?"),
            format!("có phải bạn định viết `{s}`?"),
        ),
        None => (
            "remove this key, or rename it to one of the expected fields".to_string(),
            "hãy xóa trường này, hoặc đổi tên cho đúng một trong các trường được dùng".to_string(),
        ),
    };
    Diagnostic::error(
        "unknown-field",
        rel,
        format!("unknown field `{name}`, expected one of {list}"),
    )
    .help(help)
    .vi(format!(
        "trường `{name}` không hợp lệ ở đây; các trường có thể dùng là {list}"
    ))
    .vi_help(help_vi)
}

/// A required field that an entry does not have; `holds` (what its type holds) shows how to
/// write it: `add `name: { vi: "…", en: "…" }` to this entry`.
pub(super) fn missing_field(rel: &str, field: &str, holds: Option<Holds>) -> Diagnostic {
    let explained = explain_serde_message(&format!("missing field `{field}`"), None);
    let (help, help_vi) = match holds {
        Some(Holds::Group(name)) => match super::shape::written_as(name) {
            Some(Written {
                flow: Some(flow), ..
            }) => (
                format!("add `{field}: {flow}` to this entry"),
                format!("hãy thêm `{field}: {flow}` vào mục này"),
            ),
            Some(written) => (
                format!("add `{field}:` to this entry, followed by {}", written.en),
                format!("hãy thêm `{field}:` vào mục này, tiếp theo là {}", written.vi),
            ),
            None => (
                explained.help.unwrap_or_default(),
                explained.help_vi.unwrap_or_default(),
            ),
        },
        Some(Holds::List) => (
            format!("add `{field}:` to this entry, then one `- ` line per item under it"),
            format!("hãy thêm `{field}:` vào mục này, rồi viết mỗi mục bên dưới trên một dòng bắt đầu bằng `- `"),
        ),
        Some(Holds::Text | Holds::Value) => (
            format!("add `{field}: \"…\"` to this entry"),
            format!("hãy thêm `{field}: \"…\"` vào mục này"),
        ),
        Some(Holds::YesNo) => (
            format!("add `{field}: true` (or `false`) to this entry"),
            format!("hãy thêm `{field}: true` (hoặc `false`) vào mục này"),
        ),
        None => (
            explained.help.unwrap_or_default(),
            explained.help_vi.unwrap_or_default(),
        ),
    };
    Diagnostic::error(explained.code, rel, explained.message)
        .vi(explained.message_vi)
        .help(help)
        .vi_help(help_vi)
}

/// A yaml-rust2 error, met before serde_yaml read the file (see `nesting::check`).
pub(super) fn scan_error(
    rel: &str,
    e: &yaml_rust2::scanner::ScanError,
    line_offset: usize,
) -> Diagnostic {
    let mut at = nesting::position(*e.marker());
    at.line += line_offset;
    let explained = explain_serde_message(e.info(), None);
    let mut d = Diagnostic::error(explained.code, rel, explained.message)
        .at(Some(at))
        .vi(explained.message_vi);
    if let Some(h) = explained.help {
        d = d.help(h);
    }
    match explained.help_vi {
        Some(h) => d.vi_help(h),
        None => d,
    }
}

/// serde_yaml follows each alias (`*name`) and stops when they make it read the file a hundred
/// times over: a "billion laughs" file, nine anchors each repeating the one before nine times.
fn alias_expansion(rel: &str, first_alias: Option<Position>) -> Diagnostic {
    Diagnostic::error(
        "alias-expansion",
        rel,
        "the aliases (`*name`) of this file repeat its anchors (`&name`) so often that it would grow more than a hundredfold",
    )
    .at(first_alias)
    .help("write the repeated values out instead of repeating anchors inside anchors; minhbach refuses a file that its aliases make a hundred times larger")
    .vi("các bí danh (`*tên`) trong tệp này lặp lại các neo (`&tên`) nhiều đến mức tệp sẽ phình ra hơn một trăm lần")
    .vi_help("hãy viết thẳng các giá trị được lặp lại, thay vì lặp lại neo bên trong neo; minhbach không đọc tệp mà các bí danh làm nó lớn lên cả trăm lần")
}

/// libyaml refuses control characters but places the error at the start of the file: the
/// first character YAML does not allow is found here instead, with its line and column.
fn control_character(rel: &str, text: &str, line_offset: usize) -> Option<Diagnostic> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let (offset, c) = text.char_indices().find(|(_, c)| !allowed(*c))?;
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let at = Position {
        line: line_offset + 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count(),
        column: before[line_start..].chars().count() + 1,
    };
    let code = format!("U+{:04X}", u32::from(c));
    Some(
        Diagnostic::error(
            "control-character",
            rel,
            format!("the file contains the character {code}, which YAML does not allow"),
        )
        .at(Some(at))
        .help("delete it: it is invisible in most editors, and usually comes from copying text out of another program")
        .vi(format!("tệp có ký tự {code}, YAML không cho phép ký tự này"))
        .vi_help("hãy xóa ký tự này: hầu hết trình soạn thảo không hiển thị nó, nó thường lẫn vào khi chép chữ từ một chương trình khác"),
    )
}

/// Remove every ` at line N column M` fragment from a parser message, in one pass (the
/// message quotes the author's key, which may hold the fragment a hundred thousand times).
fn strip_positions(message: &str) -> String {
    let digits = |t: &'_ str| t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let after_line = &tail[tail.len() - digits(tail)..];
        rest = match after_line.strip_prefix(" column ") {
            Some(column) => &column[column.len() - digits(column)..],
            None => after_line,
        };
    }
    out.push_str(rest);
    out
}

/// A serde message, classified, with a fix, rewritten in plain English and in Vietnamese.
struct Explained {
    code: &'static str,
    message: String,
    help: Option<String>,
    message_vi: String,
    help_vi: Option<String>,
}

/// Classify a serde message and propose a fix, in English and in Vietnamese. Both messages
/// are rebuilt from the parts of serde's (field names, the value found, the form expected),
/// so that no internal type name (`struct RawLabel`) or parser term reaches the author.
/// `field` is the key the value was written under (empty for an entry of a list), if known.
fn explain_serde_message(message: &str, field: Option<&str>) -> Explained {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    let ticks = |names: &[String]| -> String {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if message.starts_with("unknown field") {
        let names = quoted(message);
        let Some((typo, expected)) = names.split_first() else {
            return Explained {
                code: "unknown-field",
                message: "a field here is not allowed".to_string(),
                help: None,
                message_vi: "có một trường không hợp lệ ở đây".to_string(),
                help_vi: None,
            };
        };
        let (message, message_vi) = if expected.is_empty() {
            (
                format!("unknown field `{typo}`: this entry has no fields"),
                format!("trường `{typo}` không hợp lệ ở đây"),
            )
        } else {
            (
                format!(
                    "unknown field `{typo}`, expected one of {}",
                    ticks(expected)
                ),
                format!(
                    "trường `{typo}` không hợp lệ ở đây; các trường có thể dùng là {}",
                    ticks(expected)
                ),
            )
        };
        let (help, help_vi) = match did_you_mean(typo, expected.iter().map(String::as_str)) {
            Some(s) => (
                format!("did you mean `{s}`?"),
                format!("có phải bạn định viết `{s}`?"),
            ),
            None => (
                "remove this key, or rename it to one of the expected fields".to_string(),
                "hãy xóa trường này, hoặc đổi tên cho đúng một trong các trường được dùng"
                    .to_string(),
            ),
        };
        return Explained {
            code: "unknown-field",
            message,
            help: Some(help),
            message_vi,
            help_vi: Some(help_vi),
        };
    }
    if message.starts_with("missing field") {
        let names = quoted(message);
        let field = names.first().map(String::as_str).unwrap_or("…");
        return Explained {
            code: "missing-field",
            message: format!("missing field `{field}`"),
            help: Some(format!(
                "add `{field}:` to this entry (see docs/data-format.md)"
            )),
            message_vi: format!("thiếu trường `{field}`"),
            help_vi: Some(format!(
                "hãy thêm `{field}:` vào mục này (xem docs/data-format.md)"
            )),
        };
    }
    if message.starts_with("duplicate field") || message.starts_with("duplicate entry") {
        let name = quoted(message)
            .into_iter()
            .next()
            .or_else(|| message.split('"').nth(1).map(str::to_string));
        return Explained {
            code: "duplicate-key",
            message: match &name {
                Some(n) => format!("key `{n}` is written twice"),
                None => "a key is written twice".to_string(),
            },
            help: Some("keep only one of the two keys".to_string()),
            message_vi: match name {
                Some(n) => format!("trường `{n}` được viết hai lần"),
                None => "một trường được viết hai lần".to_string(),
            },
            help_vi: Some("hãy chỉ giữ lại một trong hai".to_string()),
        };
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return invalid_type(message, field);
    }
    let (message, message_vi) = super::yaml_syntax::yaml_syntax(message);
    Explained {
        code: "yaml-syntax",
        message,
        help: Some(
            "check the indentation and quoting on this line and the one before it".to_string(),
        ),
        message_vi,
        help_vi: Some(
            "hãy kiểm tra cách thụt lề (chỉ dùng dấu cách, không dùng tab) và các dấu ngoặc kép ở dòng này và dòng ngay trước nó"
                .to_string(),
        ),
    }
}

/// "invalid type: string \"abc\", expected struct RawLabel", said as what to write:
/// "`name` needs `{ vi: "…", en: "…" }`, but here it is the text "abc"".
fn invalid_type(message: &str, field: Option<&str>) -> Explained {
    let rest = message
        .split_once(": ")
        .map_or(message, |(_, r)| r)
        .trim_end();
    let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
    let form = Form::of(expected);
    let (found_en, found_vi) = found_words(found);
    let (whose, whose_vi) = match field {
        Some("") => ("this entry".to_string(), "mục này".to_string()),
        Some(f) => (format!("`{f}`"), format!("`{f}`")),
        None => ("this value".to_string(), "giá trị này".to_string()),
    };
    let (help, help_vi) = match (&form.flow, field) {
        (Some(flow), Some(f)) if !f.is_empty() => (
            format!("write it as `{f}: {flow}`"),
            format!("hãy viết `{f}: {flow}`"),
        ),
        _ if form.list => (
            "this key holds a list: write each item on its own line starting with `- `".to_string(),
            "trường này chứa một danh sách: hãy viết mỗi mục trên một dòng riêng, bắt đầu bằng `- `".to_string(),
        ),
        _ if form.lines => (
            "write the `key: value` lines indented under it, one per line".to_string(),
            "hãy viết các dòng `tên: giá trị` thụt vào bên dưới, mỗi dòng một trường".to_string(),
        ),
        _ => (
            "check the value's form in docs/data-format.md".to_string(),
            "hãy xem cách viết giá trị này trong docs/data-format.md".to_string(),
        ),
    };
    Explained {
        code: "invalid-type",
        message: format!("{whose} needs {}, but here it is {found_en}", form.en),
        help: Some(help),
        message_vi: format!(
            "{whose_vi} cần được viết là {}, nhưng ở đây lại là {found_vi}",
            form.vi
        ),
        help_vi: Some(help_vi),
    }
}

/// What serde found (its `Unexpected`), in plain English and in Vietnamese.
fn found_words(found: &str) -> (String, String) {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let number = value
        .trim_start_matches("point")
        .trim_start()
        .trim_matches('`');
    match kind {
        "string" => (format!("the text {value}"), format!("chữ {value}")),
        "integer" | "floating" => (format!("the number {number}"), format!("số {number}")),
        "boolean" => (value.to_string(), format!("giá trị đúng/sai {value}")),
        "sequence" => ("a list".to_string(), "một danh sách".to_string()),
        "map" => (
            "a group of `key: value` lines".to_string(),
            "một nhóm các dòng `tên: giá trị`".to_string(),
        ),
        "unit" | "null" => (
            "an empty value".to_string(),
            "một giá trị để trống".to_string(),
        ),
        _ => (
            "another kind of value".to_string(),
            "một kiểu giá trị khác".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_parser_positions_from_messages() {
        assert_eq!(
            strip_positions("did not find expected ',' at line 3 column 1, while parsing a flow mapping at line 2 column 7"),
            "did not find expected ',', while parsing a flow mapping"
        );
        assert_eq!(strip_positions("no position here"), "no position here");
        assert_eq!(
            strip_positions(&"`x at line 1 column 2y".repeat(3)),
            "`xy`xy`xy"
        );
    }

    #[test]
    fn parser_messages_in_vietnamese() {
        let cases = [
            (
                "did not find expected ',' or '}', while parsing a flow mapping",
                "YAML viết sai: thiếu dấu `,` hoặc `}` trong một nhóm `{ … }`",
            ),
            (
                "did not find expected key, while parsing a block mapping",
                "YAML viết sai: không tìm thấy tên trường ở chỗ cần có (thường do thụt lề không đều)",
            ),
            (
                "invalid type: string \"abc\", expected a number",
                "giá trị này cần được viết là một số, nhưng ở đây lại là chữ \"abc\"",
            ),
            (
                "invalid type: map, expected a sequence",
                "giá trị này cần được viết là một danh sách (mỗi mục một dòng bắt đầu bằng `- `), nhưng ở đây lại là một nhóm các dòng `tên: giá trị`",
            ),
            ("missing field `name`", "thiếu trường `name`"),
            ("something new", "tệp YAML viết sai cú pháp: something new"),
        ];
        for (en, vi) in cases {
            assert_eq!(explain_serde_message(en, None).message_vi, vi);
        }
    }
}
