//! Step 5: page views → HTML with the theme's Tera templates.
//!
//! Input: the [`Theme`] and the planned [`PageJob`]s. Output: `(path, HTML)` pairs, or the
//! template errors as diagnostics with the template's file, line and column. Templates are
//! parsed once; pages render in parallel-safe, shared-nothing calls.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::site::PageJob;
use crate::theme::Theme;
use std::collections::BTreeMap;

pub struct Renderer {
    tera: tera::Tera,
    /// Template name → the file it came from, for diagnostics.
    origins: BTreeMap<String, String>,
}

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
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, (_, s))| (n.as_str(), s.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            for d in template_diagnostics(&e, &origins) {
                diags.push(d);
            }
            return None;
        }
        Some(Renderer { tera, origins })
    }

    /// Render one page.
    pub fn render(
        &self,
        job: &PageJob,
        strings: &crate::theme::Strings,
    ) -> Result<String, Box<Diagnostic>> {
        let mut ctx = tera::Context::new();
        ctx.insert("meta", &job.meta);
        ctx.insert("view", &job.view);
        ctx.insert("t", strings);
        self.tera
            .render(job.template, &ctx)
            .map_err(|e| Box::new(template_diagnostic(&e, &self.origins)))
    }
}

const TEMPLATE_HELP: &str =
    "fix the template; a variable that may be missing is written `{{ x or \"\" }}` or `a?.b`";

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
                    Diagnostic::error("template", origin(origins, &name), message)
                        .at(Some(Position { line, column }))
                        .help(TEMPLATE_HELP)
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
            Diagnostic::error(
                "template",
                origin(origins, r.filename()),
                r.message().to_string(),
            )
            .at(Some(Position {
                line: span.start_line,
                column: span.start_col + 1,
            }))
            .help(TEMPLATE_HELP)
        }
        other => Diagnostic::error("template", "themes", other.to_string())
            .help("check the theme's templates"),
    }
}
