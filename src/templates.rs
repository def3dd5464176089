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
            diags.push(template_diagnostic(&e, &origins));
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

fn template_diagnostic(e: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error("template", origin(r.filename()), r.message().to_string())
                .at(Some(Position {
                    line: span.start_line,
                    column: span.start_col + 1,
                }))
                .help("fix the template; a variable that may be missing is written `{{ x or \"\" }}` or `a?.b`")
        }
        other => Diagnostic::error("template", "themes", other.to_string())
            .help("check the theme's templates"),
    }
}
