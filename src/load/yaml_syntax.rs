//! libyaml's parser messages in plain English and in Vietnamese.
//!
//! "did not find expected ',' or '}', while parsing a flow mapping" is the parser's view; the
//! author needs the problem in their words and where it is ("a `,` or `}` is missing inside a
//! `{ … }` group"). Kept apart from `serde_messages` so that the table can grow on its own.

/// A YAML parser message ("did not find expected ',' or '}', while parsing a flow mapping")
/// in plain English and in Vietnamese: the problem, then where the parser was. A problem not
/// in the table keeps the parser's words, after a plain lead.
pub(super) fn yaml_syntax(message: &str) -> (String, String) {
    // (libyaml's words, plain English, Vietnamese)
    const PROBLEMS: [(&str, &str, &str); 16] = [
        (
            "did not find expected key",
            "a field name is missing where one should be (often uneven indentation)",
            "không tìm thấy tên trường ở chỗ cần có (thường do thụt lề không đều)",
        ),
        ("did not find expected ',' or '}'", "a `,` or `}` is missing", "thiếu dấu `,` hoặc `}`"),
        ("did not find expected ',' or ']'", "a `,` or `]` is missing", "thiếu dấu `,` hoặc `]`"),
        (
            "did not find expected '-' indicator",
            "a `-` is missing at the start of a list item",
            "thiếu dấu `-` ở đầu mục của danh sách",
        ),
        (
            "did not find expected node content",
            "a value is missing where one should be",
            "thiếu giá trị ở chỗ cần có",
        ),
        (
            "mapping values are not allowed in this context",
            "a `:` cannot be used here (if the value contains `:`, put it in double quotes)",
            "dấu `:` không được dùng ở chỗ này (nếu giá trị có dấu `:`, hãy đặt nó trong dấu ngoặc kép)",
        ),
        (
            "found character that cannot start any token",
            "a value starts with a character that cannot begin one (such as @, ` or a tab)",
            "có ký tự không được đứng ở đầu một giá trị (ví dụ @, dấu ` hoặc dấu tab)",
        ),
        (
            "found unexpected end of stream",
            "the file ends too early: a quote or a bracket is not closed",
            "tệp kết thúc giữa chừng: còn một dấu ngoặc kép hoặc một dấu ngoặc chưa được đóng",
        ),
        ("could not find expected ':'", "a `:` is missing after the field name", "thiếu dấu `:` sau tên trường"),
        (
            "found a tab character that violates indentation",
            "a tab is used for indentation; YAML only accepts spaces",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found a tab character where an indentation space is expected",
            "a tab is used for indentation; YAML only accepts spaces",
            "có dấu tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách",
        ),
        (
            "found unknown escape character",
            "an escape (`\\…`) inside double quotes is not valid",
            "có ký tự thoát (`\\…`) không hợp lệ trong dấu ngoặc kép",
        ),
        (
            "block sequence entries are not allowed in this context",
            "a list item (`- `) cannot be used here (often uneven indentation)",
            "mục danh sách (`- `) không được dùng ở chỗ này (thường do thụt lề không đều)",
        ),
        (
            "did not find expected comment or line break",
            "there is extra text after the value at the end of the line",
            "có chữ thừa sau giá trị ở cuối dòng",
        ),
        (
            "found undefined tag handle",
            "a `!…` tag is not valid",
            "có thẻ `!…` không hợp lệ",
        ),
        (
            "found unexpected document indicator",
            "a `---` or `...` line cannot be used here",
            "dòng `---` hoặc `...` không được dùng ở chỗ này",
        ),
    ];
    // Where the parser was, when it helps: inside brackets. Other contexts ("while parsing a
    // block mapping") only repeat the problem in other words and are left out.
    const CONTEXTS: [(&str, &str, &str); 2] = [
        (
            "while parsing a flow mapping",
            "inside a `{ … }` group",
            "trong một nhóm `{ … }`",
        ),
        (
            "while parsing a flow sequence",
            "inside a `[ … ]` list",
            "trong một danh sách `[ … ]`",
        ),
    ];
    let mut parts = message.split(", while ");
    let problem = parts.next().unwrap_or("").trim();
    let Some((_, problem_en, problem_vi)) = PROBLEMS.iter().find(|(p, _, _)| *p == problem) else {
        return (
            format!("the YAML is not written correctly: {message}"),
            format!("tệp YAML viết sai cú pháp: {message}"),
        );
    };
    let context = parts
        .filter_map(|c| {
            let c = format!("while {}", c.trim());
            CONTEXTS.iter().find(|(p, _, _)| *p == c)
        })
        .next();
    // An explanation in parentheses goes last, after where the parser was.
    let place = |problem: &str, lead: &str, context: Option<&str>| {
        let (what, note) = match problem.split_once(" (") {
            Some((w, n)) => (w.to_string(), format!(" ({n}")),
            None => (problem.to_string(), String::new()),
        };
        match context {
            Some(c) => format!("{lead}{what} {c}{note}"),
            None => format!("{lead}{what}{note}"),
        }
    };
    (
        place(problem_en, "YAML: ", context.map(|c| c.1)),
        place(problem_vi, "YAML viết sai: ", context.map(|c| c.2)),
    )
}
