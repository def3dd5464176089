//! Diagnostics: every problem found in a site, reported like a compiler does.
//!
//! Each step of the pipeline pushes [`Diagnostic`]s into a [`Diagnostics`] list instead of
//! stopping at the first problem, so that `minhbach check` shows everything in one run. A
//! diagnostic names the file (relative to the site root), the line and column, a one-line
//! message and, when there is one, a `help:` line that says how to fix it.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a problem is: errors stop a build, warnings do not (unless `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A position in a file, 1-based like every editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the rule, e.g. `unknown-field` or `rate-mismatch`.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The key path inside a YAML file (`observations[0].values.tthc-total`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            position: None,
            key_path: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn key_path(mut self, path: impl Into<String>) -> Self {
        self.key_path = Some(path.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The first line, `file:line:col: error[code]: message`.
    pub fn headline(&self) -> String {
        let mut out = self.file.clone();
        if let Some(p) = self.position {
            let _ = write!(out, ":{}:{}", p.line, p.column);
        }
        let _ = write!(
            out,
            ": {}[{}]: {}",
            self.severity.word(),
            self.code,
            self.message
        );
        out
    }

    /// The full human rendering: headline, the source line with a caret when the text is
    /// available, then the help line.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let (Some(p), Some(src)) = (self.position, source) {
            if let Some(text) = src.lines().nth(p.line.saturating_sub(1)) {
                let number = p.line.to_string();
                let pad = " ".repeat(number.len());
                let caret_pad: String = text
                    .chars()
                    .take(p.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{number} | {text}");
                let _ = writeln!(out, "{pad} | {caret_pad}^");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  help: {help}");
        }
        out
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, then severity and message: the order a reader expects,
    /// and the same on every run.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.message)
                .cmp(&(&b.file, b.position, b.severity, &b.message))
        });
        v
    }

    /// Number of distinct files that have at least one diagnostic.
    pub fn files_with_problems(&self) -> usize {
        let mut files: Vec<&str> = self.items.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    /// `2 errors, 5 warnings in 6 files`
    pub fn summary(&self) -> String {
        let errors = self.count(Severity::Error);
        let warnings = self.count(Severity::Warning);
        let files = self.files_with_problems();
        format!(
            "{}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Edit distance over characters where swapping two neighbours counts as one edit
/// (optimal string alignment), since "vaule" for "value" is the commonest typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["period", "value", "source"];
        assert_eq!(did_you_mean("vaule", fields), Some("value"));
        assert_eq!(did_you_mean("sorce", fields), Some("source"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn renders_caret_under_column() {
        let d = Diagnostic::error("x", "a.yaml", "bad")
            .at(Some(Position { line: 2, column: 3 }))
            .help("fix it");
        let text = d.render(Some("first\n  second\n"));
        assert_eq!(
            text,
            "a.yaml:2:3: error[x]: bad\n  |\n2 |   second\n  |   ^\n  help: fix it\n"
        );
    }
}
