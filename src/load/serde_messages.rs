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
    let explained = explain_serde_message(message);
    let mut d = Diagnostic::error(explained.code, rel, message.to_string())
        .at(position)
        .vi(explained.message_vi);
    if let Some(p) = path {
        d = d.key_path(p);
    }
    if let Some(h) = explained.help {
        d = d.help(h);
    }
    match explained.help_vi {
        Some(h) => d.vi_help(h),
        None => d,
    }
}

/// A yaml-rust2 error, met before serde_yaml read the file (see `nesting::check`).
pub(super) fn scan_error(
    rel: &str,
    e: &yaml_rust2::scanner::ScanError,
    line_offset: usize,
) -> Diagnostic {
    let mut at = nesting::position(*e.marker());
    at.line += line_offset;
    let explained = explain_serde_message(e.info());
    let mut d = Diagnostic::error(explained.code, rel, e.info().to_string())
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

/// A serde message, classified, with a fix and its Vietnamese wording.
struct Explained {
    code: &'static str,
    help: Option<String>,
    message_vi: String,
    help_vi: Option<String>,
}

/// Classify a serde message and propose a fix, in English and in Vietnamese. The Vietnamese
/// message is built from the parts of the English one (field names, the value found, the form
/// expected); parser messages it does not know keep their English detail.
fn explain_serde_message(message: &str) -> Explained {
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
                help: None,
                message_vi: "có một trường không hợp lệ ở đây".to_string(),
                help_vi: None,
            };
        };
        let message_vi = if expected.is_empty() {
            format!("trường `{typo}` không hợp lệ ở đây")
        } else {
            format!(
                "trường `{typo}` không hợp lệ ở đây; các trường có thể dùng là {}",
                ticks(expected)
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
            help: Some(help),
            message_vi,
            help_vi: Some(help_vi),
        };
    }
    if message.starts_with("missing field") {
        let names = quoted(message);
        let field = names.first().map(String::as_str).unwrap_or("the field");
        let field_vi = names.first().map(String::as_str).unwrap_or("…");
        return Explained {
            code: "missing-field",
            help: Some(format!(
                "add `{field}:` to this entry (see docs/data-format.md)"
            )),
            message_vi: format!("thiếu trường `{field_vi}`"),
            help_vi: Some(format!(
                "hãy thêm `{field_vi}:` vào mục này (xem docs/data-format.md)"
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
            help: Some("keep only one of the two keys".to_string()),
            message_vi: match name {
                Some(n) => format!("trường `{n}` được viết hai lần"),
                None => "một trường được viết hai lần".to_string(),
            },
            help_vi: Some("hãy chỉ giữ lại một trong hai".to_string()),
        };
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let (help, help_vi) = if message.contains("expected a sequence") {
            (
                "this key holds a list: write each item on its own line starting with `- `",
                "trường này chứa một danh sách: hãy viết mỗi mục trên một dòng riêng, bắt đầu bằng `- `",
            )
        } else if message.contains("expected struct") || message.contains("map") {
            (
                "this key holds a map of `key: value` lines, indented under it",
                "trường này chứa các dòng `tên: giá trị`, viết thụt vào bên dưới nó",
            )
        } else {
            (
                "check the value's form in docs/data-format.md",
                "hãy xem cách viết giá trị này trong docs/data-format.md",
            )
        };
        return Explained {
            code: "invalid-type",
            help: Some(help.to_string()),
            message_vi: invalid_type_vi(message),
            help_vi: Some(help_vi.to_string()),
        };
    }
    Explained {
        code: "yaml-syntax",
        help: Some(
            "check the indentation and quoting on this line and the one before it".to_string(),
        ),
        message_vi: yaml_syntax_vi(message),
        help_vi: Some(
            "hãy kiểm tra cách thụt lề (chỉ dùng dấu cách, không dùng tab) và các dấu ngoặc kép ở dòng này và dòng ngay trước nó"
                .to_string(),
        ),
    }
}

/// "invalid type: string \"abc\", expected a number" in Vietnamese.
fn invalid_type_vi(message: &str) -> String {
    let rest = message
        .split_once(": ")
        .map_or(message, |(_, r)| r)
        .trim_end();
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return format!("giá trị không đúng dạng ({message})");
    };
    format!(
        "giá trị không đúng dạng: ở đây cần {}, nhưng lại là {}",
        expected_vi(expected),
        found_vi(found)
    )
}

/// What serde found (its `Unexpected`), in Vietnamese.
fn found_vi(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    match kind {
        "string" => format!("chữ {value}"),
        "integer" | "floating" => format!("số {}", value.trim_start_matches("point").trim_start()),
        "boolean" => format!("giá trị đúng/sai {value}"),
        "sequence" => "một danh sách".to_string(),
        "map" => "các dòng `tên: giá trị`".to_string(),
        "unit" | "null" => "một ô để trống".to_string(),
        _ => format!("`{found}`"),
    }
}

/// The form serde expected, in Vietnamese (as written by `raw.rs` and by serde itself).
fn expected_vi(expected: &str) -> String {
    let known = [
        ("a sequence", "một danh sách"),
        ("a string", "chữ"),
        ("a borrowed string", "chữ"),
        ("field identifier", "tên một trường"),
        ("a number", "một số"),
        ("a boolean", "`true` hoặc `false`"),
        ("a map", "các dòng `tên: giá trị`"),
        ("a YAML mapping", "các dòng `tên: giá trị`"),
        (
            "a single value (text, number or date)",
            "một giá trị đơn (chữ, số hoặc ngày)",
        ),
        (
            "text, or a map `{ vi: …, en: … }`",
            "chữ, hoặc một nhóm `{ vi: …, en: … }`",
        ),
        (
            "a number, `no-cases`, `not-applicable`, or a map such as `{ numerator: …, denominator: … }`",
            "một số, `no-cases`, `not-applicable`, hoặc một nhóm như `{ numerator: …, denominator: … }`",
        ),
    ];
    if let Some((_, vi)) = known.iter().find(|(en, _)| *en == expected) {
        return (*vi).to_string();
    }
    if expected.starts_with("struct ") || expected.starts_with("a map") {
        return "các dòng `tên: giá trị`".to_string();
    }
    // u32, i64, f64: Rust's number types.
    let numeric = expected.len() > 1
        && expected.starts_with(['u', 'i', 'f'])
        && expected[1..].bytes().all(|b| b.is_ascii_digit());
    if numeric {
        return "một số".to_string();
    }
    format!("`{expected}`")
}

/// A YAML parser message ("did not find expected ',' or '}', while parsing a flow mapping")
/// in Vietnamese: the problem, then where the parser was. Unknown problems keep their English.
fn yaml_syntax_vi(message: &str) -> String {
    const PROBLEMS: [(&str, &str); 16] = [
        (
            "did not find expected key",
            "không tìm thấy tên trường ở chỗ cần có (thường do thụt lề không đều)",
        ),
        ("did not find expected ',' or '}'", "thiếu dấu `,` hoặc `}`"),
        ("did not find expected ',' or ']'", "thiếu dấu `,` hoặc `]`"),
        (
            "did not find expected '-' indicator",
            "thiếu dấu `-` ở đầu mục của danh sách",
        ),
        (
            "did not find expected node content",
            "thiếu giá trị ở chỗ cần có",
        ),
        (
            "mapping values are not allowed in this context",
            "dấu `:` không được dùng ở chỗ này (nếu giá trị có dấu `:`, hãy đặt nó trong dấu ngoặc kép)",
        ),
        (
            "found character that cannot start any token",
            "có ký tự không được đứng ở đầu một giá trị (ví dụ @, dấu ` hoặc dấu tab)",
        ),
        (
            "found unexpected end of stream",
            "tệp kết thúc giữa chừng: còn một dấu ngoặc kép hoặc một dấu ngoặc chưa được đóng",
        ),
        ("could not find expected ':'", "thiếu dấu `:` sau tên trường"),
        (
            "found a tab character that violates indentation",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found a tab character where an indentation space is expected",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found unknown escape character",
            "có ký tự thoát (`\\…`) không hợp lệ trong dấu ngoặc kép",
        ),
        (
            "block sequence entries are not allowed in this context",
            "mục danh sách (`- `) không được dùng ở chỗ này (thường do thụt lề không đều)",
        ),
        (
            "did not find expected comment or line break",
            "có chữ thừa sau giá trị ở cuối dòng",
        ),
        (
            "found undefined tag handle",
            "có thẻ `!…` không hợp lệ",
        ),
        (
            "found unexpected document indicator",
            "dòng `---` hoặc `...` không được dùng ở chỗ này",
        ),
    ];
    // Where the parser was, when it helps: inside brackets. Other contexts ("while parsing a
    // block mapping") only repeat the problem in other words and are left out.
    const CONTEXTS: [(&str, &str); 2] = [
        ("while parsing a flow mapping", "trong một nhóm `{ … }`"),
        (
            "while parsing a flow sequence",
            "trong một danh sách `[ … ]`",
        ),
    ];
    let mut parts = message.split(", while ");
    let problem = parts.next().unwrap_or("").trim();
    let Some((_, problem_vi)) = PROBLEMS.iter().find(|(en, _)| *en == problem) else {
        return format!("tệp YAML viết sai cú pháp: {message}");
    };
    let contexts: Vec<&str> = parts
        .filter_map(|c| {
            let c = format!("while {}", c.trim());
            CONTEXTS.iter().find(|(en, _)| *en == c).map(|(_, vi)| *vi)
        })
        .collect();
    // An explanation in parentheses goes last, after where the parser was.
    let (what, note) = match problem_vi.split_once(" (") {
        Some((w, n)) => (w, format!(" ({n}")),
        None => (*problem_vi, String::new()),
    };
    match contexts.first() {
        Some(c) => format!("YAML viết sai: {what} {c}{note}"),
        None => format!("YAML viết sai: {what}{note}"),
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
                "giá trị không đúng dạng: ở đây cần một số, nhưng lại là chữ \"abc\"",
            ),
            (
                "invalid type: map, expected a sequence",
                "giá trị không đúng dạng: ở đây cần một danh sách, nhưng lại là các dòng `tên: giá trị`",
            ),
            ("missing field `name`", "thiếu trường `name`"),
            ("something new", "tệp YAML viết sai cú pháp: something new"),
        ];
        for (en, vi) in cases {
            assert_eq!(explain_serde_message(en).message_vi, vi);
        }
    }
}
