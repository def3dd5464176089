//! Step 5: page views → HTML with the theme's Tera templates.
//!
//! Input: the [`Theme`] and the planned [`PageJob`]s. Output: `(path, HTML)` pairs, or the
//! template errors as diagnostics with the template's file, line and column. Templates are
//! parsed once; pages render in parallel-safe, shared-nothing calls.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::Lang;
use crate::site::PageJob;
use crate::theme::{Strings, Theme};
use std::collections::BTreeMap;
use std::sync::Arc;

mod functions;
pub mod tables;

pub struct Renderer {
    tera: tera::Tera,
    /// The interface strings of each language as a Tera value, made once and shared by every
    /// page (Tera values are reference-counted).
    strings: BTreeMap<Lang, tera::Value>,
    /// Template name → the file it came from, for diagnostics.
    origins: BTreeMap<String, String>,
    /// The figure tables of the pages being rendered (see [`functions`]).
    lent: Arc<functions::LentTables>,
}

/// A page's HTML, or the template error that stopped it.
pub type PageHtml = Result<Vec<u8>, Box<Diagnostic>>;

impl Renderer {
    /// Parse every template of the theme. `None` (with diagnostics) when one does not parse.
    pub fn new(theme: &Theme, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let origins: BTreeMap<String, String> = theme
            .templates
            .iter()
            .map(|(n, (o, _))| (n.clone(), o.clone()))
            .collect();
        let plain: Arc<BTreeMap<Lang, Strings>> = Arc::new(
            [Lang::Vi, Lang::En]
                .into_iter()
                .map(|l| (l, theme.strings(l).clone()))
                .collect(),
        );
        let lent = Arc::new(functions::LentTables::default());
        functions::register(&mut tera, &lent, &plain);
        let sources = theme
            .templates
            .iter()
            .map(|(n, (_, s))| (n.as_str(), s.as_str()));
        if let Err(e) = tera.add_raw_templates(sources) {
            for d in template_diagnostics(&e, &origins) {
                diags.push(d);
            }
            return None;
        }
        let strings = plain
            .iter()
            .map(|(l, t)| (*l, tera::Value::from_serializable(t)))
            .collect();
        Some(Renderer {
            tera,
            strings,
            origins,
            lent,
        })
    }

    /// Render one page: the page's HTML as the template engine writes it, as bytes (every
    /// piece is a Rust string, so the whole is valid UTF-8 without checking it again).
    pub fn render(&self, mut job: PageJob) -> PageHtml {
        let lent = job
            .view
            .tables_mut()
            .and_then(|tables| self.lent.lend(tables, job.lang));
        let mut ctx = tera::Context::new();
        ctx.insert("meta", &job.meta);
        ctx.insert("view", &job.view);
        if let Some(t) = self.strings.get(&job.lang) {
            ctx.insert_value("t", t.clone());
        }
        let mut html = Vec::with_capacity(16 * 1024);
        let result = self.tera.render_to(job.template, &ctx, &mut html);
        if let Some(key) = lent {
            self.lent.give_back(&key);
        }
        result.map_err(|e| Box::new(template_diagnostic(&e, &self.origins)))?;
        Ok(html)
    }
}

const TEMPLATE_HELP: &str =
    "fix the template; a variable that may be missing is written `{{ x or \"\" }}` or `a?.b`";
const TEMPLATE_HELP_VI: &str =
    "hãy sửa mẫu giao diện; một biến có thể không có giá trị thì viết `{{ x or \"\" }}` hoặc `a?.b`";

/// A template diagnostic with its Vietnamese text (Tera's message, translated when known).
fn template_error(file: String, message: String) -> Diagnostic {
    let vi = format!("mẫu giao diện có lỗi: {}", tera_message_vi(&message));
    Diagnostic::error("template", file, message)
        .help(TEMPLATE_HELP)
        .vi(vi)
        .vi_help(TEMPLATE_HELP_VI)
}

/// Tera's most common messages in Vietnamese; names stay in backticks, and a message not
/// known here keeps Tera's English wording.
fn tera_message_vi(message: &str) -> String {
    let tick = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    let after = |s: &str, label: &str| {
        s.split_once(label)
            .map(|(_, rest)| rest.trim().to_string())
            .unwrap_or_default()
    };
    let list = |rest: String, label: &str| {
        if rest.is_empty() {
            String::new()
        } else {
            format!("; {label}: {rest}")
        }
    };
    let m = message.trim();
    if m.starts_with("Unknown filter `") {
        format!("không có bộ lọc (filter) `{}`", tick(m))
    } else if m.starts_with("Unknown function `") {
        format!("không có hàm `{}`", tick(m))
    } else if m.starts_with("Unknown test `") {
        format!("không có phép kiểm tra (test) `{}`", tick(m))
    } else if m.starts_with("Unknown template `") {
        format!("không có mẫu `{}`", tick(m))
    } else if m.starts_with("Variable `") && m.contains("exists but its value is undefined") {
        format!("biến `{}` có tên nhưng chưa có giá trị", tick(m))
    } else if m.starts_with("Variable `") && m.contains("is not defined") {
        let rest = after(m, "Available variables:");
        format!(
            "không có biến `{}`{}",
            tick(m),
            list(rest, "các biến có sẵn")
        )
    } else if m.starts_with("Field `") && m.contains("is not defined") {
        let rest = after(m, "Available fields:");
        format!(
            "không có trường `{}`{}",
            tick(m),
            list(rest, "các trường có sẵn")
        )
    } else if m.starts_with("Block `") && m.contains("is not defined in any parent template") {
        format!("khối `{}` không có trong mẫu cha nào", tick(m))
    } else if m.starts_with("Template already contains a block named `") {
        format!("mẫu đã có một khối tên `{}`", tick(m))
    } else if m.starts_with("Iteration not possible on type `") {
        format!("không thể lặp qua một giá trị kiểu `{}`", tick(m))
    } else if let Some(rest) = m.strip_prefix("Closing tag '") {
        match rest.split_once("' doesn't match opening tag '") {
            Some((close, open)) => format!(
                "thẻ đóng '{close}' không khớp với thẻ mở '{}'",
                open.trim_end_matches('\'')
            ),
            None => m.to_string(),
        }
    } else if let Some(rest) = m.strip_prefix("Found ") {
        match rest.trim_end_matches('.').split_once(" but expected ") {
            Some((found, expected)) => format!("gặp {found} trong khi cần {expected}"),
            None => match rest.trim_end_matches('.').split_once(" but was expecting ") {
                Some((found, expected)) => format!("gặp {found} trong khi cần {expected}"),
                None => m.to_string(),
            },
        }
    } else if m.starts_with("Block `") && m.contains("` not found in template `") {
        let names: Vec<&str> = m.split('`').collect();
        format!(
            "mẫu `{}` không có khối `{}`",
            names.get(3).unwrap_or(&""),
            names.get(1).unwrap_or(&"")
        )
    } else if let Some(kw) = m.strip_suffix(" can only be used in a for loop") {
        format!("{kw} chỉ dùng được bên trong vòng lặp `for`")
    } else if m.starts_with("This content would be ignored") {
        "nội dung này sẽ bị bỏ qua: ở ngoài cùng của một mẫu con chỉ được dùng `extends`, `block` và `component`".to_string()
    } else {
        let fixed = [
            ("Unexpected character", "có ký tự không hợp lệ ở đây"),
            (
                "Unknown tag",
                "thẻ không hợp lệ (Tera không có thẻ này ở đây)",
            ),
            (
                "`extends` needs to be the first tag of the template",
                "`extends` phải là thẻ đầu tiên của mẫu",
            ),
            (
                "Tried to escape an undefined value",
                "đang hiển thị một giá trị không tồn tại",
            ),
        ];
        fixed
            .iter()
            .find(|(en, _)| *en == m)
            .map_or_else(|| m.to_string(), |(_, vi)| (*vi).to_string())
    }
}

/// One diagnostic per problem in a Tera error (never empty).
fn template_diagnostics(e: &tera::Error, origins: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = e.kind() {
        // Unknown filters, tests and functions arrive as rustc-style reports joined in one
        // message: "error: Unknown filter `x`" then " --> page.html:3:17".
        let reports = parse_reports(text);
        if !reports.is_empty() {
            return reports
                .into_iter()
                .map(|(message, name, line, column)| {
                    template_error(origin(origins, &name), message)
                        .at(Some(Position { line, column }))
                })
                .collect();
        }
    }
    vec![template_diagnostic(e, origins)]
}

fn origin(origins: &BTreeMap<String, String>, name: &str) -> String {
    origins
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// `(message, template, line, column)` of each "error: …" / "--> name:line:col" pair.
fn parse_reports(text: &str) -> Vec<(String, String, usize, usize)> {
    let mut out = Vec::new();
    let mut message: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(m) = trimmed.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let (Some(place), Some(m)) = (trimmed.strip_prefix("--> "), message.as_ref()) {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(column), Some(line_no), Some(name)) = (column, line_no, parts.next()) {
                out.push((m.clone(), name.to_string(), line_no, column));
                message = None;
            }
        }
    }
    out
}

fn template_diagnostic(e: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            template_error(origin(origins, r.filename()), r.message().to_string()).at(Some(
                Position {
                    line: span.start_line,
                    column: span.start_col + 1,
                },
            ))
        }
        other => Diagnostic::error("template", "themes", other.to_string())
            .help("check the theme's templates")
            .vi(format!(
                "mẫu giao diện có lỗi: {}",
                tera_message_vi(&other.to_string())
            ))
            .vi_help("hãy kiểm tra các mẫu trong thư mục giao diện (themes/)"),
    }
}

#[cfg(test)]
mod tests {
    use super::tera_message_vi;

    #[test]
    fn common_tera_messages_in_vietnamese() {
        assert_eq!(
            tera_message_vi("Unknown filter `no_such_filter`"),
            "không có bộ lọc (filter) `no_such_filter`"
        );
        assert_eq!(
            tera_message_vi("Variable `x` is not defined. Available variables: meta, view, t"),
            "không có biến `x`; các biến có sẵn: meta, view, t"
        );
        assert_eq!(
            tera_message_vi("Field `y` is not defined."),
            "không có trường `y`"
        );
        assert_eq!(
            tera_message_vi("Closing tag 'for' doesn't match opening tag 'if'"),
            "thẻ đóng 'for' không khớp với thẻ mở 'if'"
        );
        assert_eq!(tera_message_vi("Something else"), "Something else");
    }
}
