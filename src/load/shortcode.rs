//! Live figures in Markdown: `{{ value(indicator="dvcty-online-rate", period="2025-04") }}`.
//!
//! Authors cite figures instead of retyping them. This module only finds and parses the calls
//! (with their line and column, for diagnostics); `validate` checks what they refer to and the
//! rendering step replaces them. Calls inside fenced code blocks and inline code are left
//! alone, so documentation can show the syntax.

/// One call found in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, String)>,
    /// Byte range of the whole `{{ … }}` in the body.
    pub span: std::ops::Range<usize>,
    /// 1-based line and column inside the body.
    pub line: usize,
    pub column: usize,
}

/// A `{{ … }}` that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    /// The same message in Vietnamese.
    pub message_vi: String,
    pub line: usize,
    pub column: usize,
}

/// Why a call could not be parsed, in English and in Vietnamese.
type Why = (String, String);

/// Find every call in `body`.
pub fn scan(body: &str) -> Vec<Result<Call, CallError>> {
    let mut out = Vec::new();
    // Every call, even one that does not parse, starts with `{{`: a body without one (most
    // of them) holds none, and one search of the whole body says so.
    if memchr::memmem::find(body.as_bytes(), b"{{").is_none() {
        return out;
    }
    let mut in_fence = false;
    let mut offset = 0;
    for (line_no, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            scan_line(line, offset, line_no + 1, &mut out);
        }
        offset += line.len();
    }
    out
}

fn scan_line(line: &str, offset: usize, line_no: usize, out: &mut Vec<Result<Call, CallError>>) {
    let mut pos = 0;
    let mut in_code = false;
    // The column of the last call, counted on from there: counting from the line's start for
    // each call would make a line of many calls quadratic.
    let (mut counted_to, mut counted) = (0, 0);
    // Only a backtick or a brace can start anything: jump from one to the next.
    while let Some(skip) = memchr::memchr2(b'`', b'{', &line.as_bytes()[pos..]) {
        pos += skip;
        let rest = &line[pos..];
        if rest.starts_with('`') {
            in_code = !in_code;
            pos += 1;
            continue;
        }
        if !in_code && rest.starts_with("{{") {
            counted += line[counted_to..pos].chars().count();
            counted_to = pos;
            let column = counted + 1;
            let Some(end) = rest.find("}}") else {
                out.push(Err(CallError {
                    message: "`{{` is not closed with `}}` on the same line".to_string(),
                    message_vi: "`{{` chưa được đóng bằng `}}` trên cùng một dòng".to_string(),
                    line: line_no,
                    column,
                }));
                return;
            };
            let inner = &rest[2..end];
            out.push(parse_call(inner).map_or_else(
                |(message, message_vi)| {
                    Err(CallError {
                        message,
                        message_vi,
                        line: line_no,
                        column,
                    })
                },
                |(name, args)| {
                    Ok(Call {
                        name,
                        args,
                        span: offset + pos..offset + pos + end + 2,
                        line: line_no,
                        column,
                    })
                },
            ));
            pos += end + 2;
            continue;
        }
        // A single `{`: one byte.
        pos += 1;
    }
}

/// Parse `name(key="value", …)`.
fn parse_call(inner: &str) -> Result<(String, Vec<(String, String)>), Why> {
    let inner = inner.trim();
    let open = inner.find('(').ok_or_else(|| {
        (
            format!("expected a call such as value(indicator=\"…\"), found `{inner}`"),
            format!("cần một lệnh như value(indicator=\"…\"), nhưng lại là `{inner}`"),
        )
    })?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err((
            format!("`{name}` is not a function name"),
            format!("`{name}` không phải là tên một hàm"),
        ));
    }
    let rest = inner[open + 1..].trim_end();
    let body = rest.strip_suffix(')').ok_or_else(|| {
        (
            "the argument list is not closed with `)`".to_string(),
            "danh sách tham số chưa được đóng bằng `)`".to_string(),
        )
    })?;
    let mut args = Vec::new();
    let mut s = body.trim();
    while !s.is_empty() {
        let eq = s.find('=').ok_or_else(|| {
            (
                format!("expected `name=\"value\"` in `{s}`"),
                format!("cần viết theo dạng `tên=\"giá trị\"` ở `{s}`"),
            )
        })?;
        let key = s[..eq].trim().to_string();
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err((
                format!("`{key}` is not an argument name"),
                format!("`{key}` không phải là tên một tham số"),
            ));
        }
        let after = s[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(q) = quote else {
            return Err((
                format!("the value of `{key}` must be in quotes"),
                format!("giá trị của `{key}` phải được đặt trong dấu ngoặc kép"),
            ));
        };
        let close = after[1..].find(q).ok_or_else(|| {
            (
                format!("the value of `{key}` is missing its closing quote"),
                format!("giá trị của `{key}` thiếu dấu ngoặc kép đóng"),
            )
        })?;
        let value = after[1..1 + close].to_string();
        if args.iter().any(|(k, _)| k == &key) {
            return Err((
                format!("`{key}` is given twice"),
                format!("`{key}` được ghi hai lần"),
            ));
        }
        args.push((key, value));
        s = after[close + 2..].trim_start();
        if let Some(next) = s.strip_prefix(',') {
            s = next.trim_start();
        } else if !s.is_empty() {
            return Err((
                format!("expected `,` between arguments, found `{s}`"),
                format!("cần dấu `,` giữa các tham số, nhưng lại là `{s}`"),
            ));
        }
    }
    Ok((name.to_string(), args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_positions() {
        let body =
            "Intro\nRate: {{ value(indicator=\"dvcty-online-rate\", service='passport') }} done.\n";
        let calls = scan(body);
        assert_eq!(calls.len(), 1);
        let Ok(c) = &calls[0] else {
            panic!("{:?}", calls[0])
        };
        assert_eq!(c.name, "value");
        assert_eq!(
            c.args,
            vec![
                ("indicator".into(), "dvcty-online-rate".into()),
                ("service".into(), "passport".into())
            ]
        );
        assert_eq!((c.line, c.column), (2, 7));
        assert!(body[c.span.clone()].starts_with("{{") && body[c.span.clone()].ends_with("}}"));
    }

    #[test]
    fn skips_code_and_reports_bad_calls() {
        let body = "```\n{{ value(x=\"1\") }}\n```\n`{{ value() }}` and {{ value(indicator=x) }}\n";
        let calls = scan(body);
        assert_eq!(calls.len(), 1);
        assert_eq!(
            calls[0],
            Err(CallError {
                message: "the value of `indicator` must be in quotes".into(),
                message_vi: "giá trị của `indicator` phải được đặt trong dấu ngoặc kép".into(),
                line: 4,
                column: 21
            })
        );
    }

    #[test]
    fn columns_of_many_calls_on_one_line_count_characters() {
        let call = "{{ value(indicator=\"x\") }}";
        let line = format!("Đồng {call} và {call}, rồi `{{{{ no }}}}` {call}\n");
        let columns: Vec<usize> = scan(&line)
            .into_iter()
            .map(|c| c.map(|c| c.column).unwrap_or(0))
            .collect();
        let expected: Vec<usize> = line
            .match_indices("{{ value")
            .map(|(at, _)| line[..at].chars().count() + 1)
            .collect();
        assert_eq!(columns, expected);
        assert_eq!(columns.len(), 3);
    }
}
