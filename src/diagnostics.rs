//! Diagnostics: every problem found in a site, reported like a compiler does.
//!
//! Each step of the pipeline pushes [`Diagnostic`]s into a [`Diagnostics`] list instead of
//! stopping at the first problem, so that `minhbach check` shows everything in one run. A
//! diagnostic names the file (relative to the site root), the line and column, a one-line
//! message and, when there is one, a `help:` line that says how to fix it.
//!
//! The message and help are written in English (the base text, always present) and, at every
//! place a diagnostic is made, in Vietnamese with [`Diagnostic::vi`] and
//! [`Diagnostic::vi_help`]. The command line shows Vietnamese by default and English with
//! `--lang en`; a text that has no Vietnamese falls back to English. The `[code]` tag is the
//! same in both languages, so tools can search for it.
//!
//! The human rendering quotes the author's text, so it goes through the `quote` module: long
//! lines are cut around the caret and characters a terminal would act on are escaped.

mod grouping;
mod quote;

use crate::model::Lang;
use quote::{Cursor, LineStarts};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

pub use grouping::{collapsed_warnings, knock_on_heading, Grouped};
pub use quote::{terminal_safe, QUOTE_CONTEXT};

/// How bad a problem is: errors stop a build, warnings do not (unless `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
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
    /// The message in English.
    pub message: String,
    /// How to fix it, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The message in Vietnamese, shown by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_vi: Option<String>,
    /// The help in Vietnamese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_vi: Option<String>,
    /// What the diagnostic is about, when it may follow from another error (an indicator
    /// that is unknown because its catalogue entry is broken): see [`Diagnostic::about`].
    #[serde(skip)]
    pub subject: Option<Subject>,
    /// The entry whose own error this one follows from (a knock-on error). Shown under that
    /// error, and gone once it is fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

/// What a knock-on-prone diagnostic refers to, to be matched with the entries left out of
/// their files ([`crate::load::Dropped`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// An indicator id of the catalogue.
    Indicator(String),
    /// A dimension id.
    Dimension(String),
    /// A member of a dimension: dimension id, member id.
    Member { dimension: String, member: String },
    /// One figure: province slug, indicator id, period.
    Figure {
        province: String,
        indicator: String,
        period: crate::model::Period,
    },
}

/// The entry a knock-on error follows from: its file and key path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub file: String,
    pub key_path: String,
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
            message_vi: None,
            help_vi: None,
            subject: None,
            cause: None,
        }
    }

    /// Say what the diagnostic refers to, so that the cause of a knock-on error can be found.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
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

    /// The Vietnamese message (the English one stays the base text).
    pub fn vi(mut self, message: impl Into<String>) -> Self {
        self.message_vi = Some(message.into());
        self
    }

    /// The Vietnamese help line.
    pub fn vi_help(mut self, help: impl Into<String>) -> Self {
        self.help_vi = Some(help.into());
        self
    }

    /// The message in `lang`, or in English when it has no translation.
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, &self.message_vi) {
            (Lang::Vi, Some(m)) => m,
            _ => &self.message,
        }
    }

    /// The help in `lang`, or in English when it has no translation.
    pub fn help_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.help_vi) {
            (Lang::Vi, Some(h)) => Some(h),
            _ => self.help.as_deref(),
        }
    }

    /// The first line, `file:line:col: error[code]: message` (`lỗi[code]` in Vietnamese), with
    /// the characters a terminal would act on escaped.
    pub fn headline(&self, lang: Lang) -> String {
        let mut out = terminal_safe(&self.file).into_owned();
        if let Some(p) = self.position {
            let _ = write!(out, ":{}:{}", p.line, p.column);
        }
        let _ = write!(
            out,
            ": {}[{}]: {}",
            self.severity.word(lang),
            self.code,
            terminal_safe(self.message_in(lang))
        );
        out
    }

    /// The full human rendering: headline, the source line with a caret when the text is
    /// available, then the help line. Finds the line by reading `source` up to it: to render
    /// many diagnostics, use [`Diagnostics::render_each`], which indexes each file once.
    pub fn render(&self, source: Option<&str>, lang: Lang) -> String {
        let line = match (self.position, source) {
            (Some(p), Some(src)) => quote::one_line(src, p.line),
            _ => None,
        };
        self.render_line(line, &mut Cursor::default(), lang)
    }

    /// [`Diagnostic::render`] given the text of the diagnostic's line.
    fn render_line(&self, line: Option<&str>, cursor: &mut Cursor, lang: Lang) -> String {
        let mut out = self.headline(lang);
        out.push('\n');
        if let (Some(p), Some(text)) = (self.position, line) {
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            let (quoted, caret_pad) = quote::quote_from(text, p.column, cursor);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {quoted}");
            let _ = writeln!(out, "{pad} | {caret_pad}^");
        }
        if let Some(help) = self.help_in(lang) {
            let word = match lang {
                Lang::Vi => "gợi ý",
                Lang::En => "help",
            };
            let _ = writeln!(out, "  {word}: {}", terminal_safe(help));
        }
        out
    }

    /// What `--format json` prints: the text in `lang`, and the English text in any case.
    pub fn json(&self, lang: Lang) -> JsonDiagnostic<'_> {
        JsonDiagnostic {
            severity: self.severity,
            code: self.code,
            file: &self.file,
            position: self.position,
            key_path: self.key_path.as_deref(),
            message: self.message_in(lang),
            help: self.help_in(lang),
            message_en: &self.message,
            help_en: self.help.as_deref(),
            caused_by: self.cause.as_ref(),
        }
    }
}

/// One diagnostic as `--format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'static str,
    pub file: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_path: Option<&'a str>,
    /// In the language asked for (English when there is no translation).
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    /// Always English, whatever the language asked for.
    pub message_en: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_en: Option<&'a str>,
    /// The entry whose own error this one follows from, for a knock-on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<&'a Cause>,
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

    /// `2 errors, 5 warnings in 6 files`, or `2 lỗi, 5 cảnh báo trong 6 tệp`.
    pub fn summary(&self, lang: Lang) -> String {
        let errors = self.count(Severity::Error);
        let warnings = self.count(Severity::Warning);
        let files = self.files_with_problems();
        match lang {
            Lang::En => format!(
                "{}, {} in {}",
                plural(errors, "error"),
                plural(warnings, "warning"),
                plural(files, "file")
            ),
            Lang::Vi => format!("{errors} lỗi, {warnings} cảnh báo trong {files} tệp"),
        }
    }

    /// Every diagnostic rendered in `lang`, sorted, each followed by a blank line; `sources`
    /// gives the text of a file for quoting its line.
    pub fn render_all(&self, sources: &BTreeMap<String, Arc<str>>, lang: Lang) -> String {
        let mut text = String::new();
        for (_, rendered) in self.render_each(sources, lang) {
            text.push_str(&rendered);
            text.push('\n');
        }
        text
    }

    /// Each diagnostic, sorted, with its rendering in `lang` (as [`Diagnostic::render`]). The
    /// lines of each file are indexed once, so the time grows with the number of diagnostics
    /// and the size of the files, not with their product.
    pub fn render_each<'a>(
        &'a self,
        sources: &BTreeMap<String, Arc<str>>,
        lang: Lang,
    ) -> Vec<(&'a Diagnostic, String)> {
        let mut lines: Option<(&str, LineStarts)> = None;
        let mut cursor = Cursor::default();
        let mut out = Vec::with_capacity(self.items.len());
        for d in self.sorted() {
            let source = sources.get(&d.file).map(|t| &**t);
            let line = match (d.position, source) {
                (Some(p), Some(text)) => {
                    if lines.as_ref().is_none_or(|(file, _)| *file != d.file) {
                        lines = Some((d.file.as_str(), LineStarts::new(text)));
                    }
                    lines.as_ref().and_then(|(_, starts)| starts.line(p.line))
                }
                _ => None,
            };
            out.push((d, d.render_line(line, &mut cursor, lang)));
        }
        out
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Longest word (in characters) for which a suggestion is looked for: ids and field names are
/// short, and a longer word is no typo of one.
pub const SUGGEST_MAX_CHARS: usize = 64;

/// The closest candidate to `word`, if it is close enough to be a likely typo: within a third
/// of its length in edits, where swapping two neighbours counts as one edit (optimal string
/// alignment, `strsim`), since "vaule" for "value" is the commonest typo.
///
/// What is compared is bounded, whatever the input: a word longer than [`SUGGEST_MAX_CHARS`]
/// gets no suggestion, and a candidate whose length differs by more than the edits allowed is
/// skipped before any table is built (its characters are counted only that far).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().take(SUGGEST_MAX_CHARS + 1).count();
    if length > SUGGEST_MAX_CHARS {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| {
            let n = c.chars().take(length + limit + 1).count();
            n.abs_diff(length) <= limit
        })
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
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
        // Nothing is suggested for a word no id could be a typo of, however long.
        let long = "value".repeat(200_000);
        assert_eq!(did_you_mean(&long, [long.as_str(), "value"]), None);
        let near = format!("{}x", "v".repeat(SUGGEST_MAX_CHARS - 1));
        assert_eq!(did_you_mean(&near, [&near[1..]]), Some(&near[1..]));
    }

    #[test]
    fn render_each_quotes_the_same_lines_as_render() {
        let mut all = Diagnostics::default();
        let text: Arc<str> = Arc::from("a: 1\r\nbb: 2\r\n\nccc: 3");
        for (line, column) in [(4, 2), (1, 1), (2, 3), (9, 1), (2, 1)] {
            all.push(Diagnostic::error("x", "f.yaml", "m").at(Some(Position { line, column })));
        }
        all.push(
            Diagnostic::error("x", "g.yaml", "no source").at(Some(Position { line: 1, column: 1 })),
        );
        let sources = BTreeMap::from([("f.yaml".to_string(), Arc::clone(&text))]);
        let each = all.render_each(&sources, Lang::En);
        assert_eq!(each.len(), 6);
        for (d, rendered) in &each {
            assert_eq!(
                *rendered,
                d.render(sources.get(&d.file).map(|t| &**t), Lang::En)
            );
        }
        // Sorted by position: 1:1, 2:1, 2:3, 4:2, then 9:1 (past the end: no quoted line).
        assert!(each[2].1.contains("2 | bb: 2\n  |   ^\n"), "{}", each[2].1);
        assert!(each[3].1.contains("4 | ccc: 3\n  |  ^\n"), "{}", each[3].1);
        assert_eq!(each[4].1, "f.yaml:9:1: error[x]: m\n");
    }

    #[test]
    fn renders_caret_under_column() {
        let d = Diagnostic::error("x", "a.yaml", "bad")
            .at(Some(Position { line: 2, column: 3 }))
            .help("fix it");
        let text = d.render(Some("first\n  second\n"), Lang::En);
        assert_eq!(
            text,
            "a.yaml:2:3: error[x]: bad\n  |\n2 |   second\n  |   ^\n  help: fix it\n"
        );
    }

    #[test]
    fn renders_vietnamese_and_falls_back_to_english() {
        let d = Diagnostic::warning("x", "a.yaml", "bad")
            .at(Some(Position { line: 1, column: 1 }))
            .help("fix it")
            .vi("sai")
            .vi_help("hãy sửa");
        assert_eq!(
            d.render(None, Lang::Vi),
            "a.yaml:1:1: cảnh báo[x]: sai\n  gợi ý: hãy sửa\n"
        );
        assert_eq!(
            d.render(None, Lang::En),
            "a.yaml:1:1: warning[x]: bad\n  help: fix it\n"
        );
        let untranslated = Diagnostic::error("x", "a.yaml", "bad").help("fix it");
        assert_eq!(
            untranslated.render(None, Lang::Vi),
            "a.yaml: lỗi[x]: bad\n  gợi ý: fix it\n"
        );
        let json = serde_json::to_value(d.json(Lang::Vi)).unwrap_or_default();
        assert_eq!(json["message"], "sai");
        assert_eq!(json["message_en"], "bad");
        assert_eq!(json["help_en"], "fix it");
        assert_eq!(json["line"], 1);
    }

    #[test]
    fn summary_in_both_languages() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("x", "a", "m"));
        all.push(Diagnostic::warning("y", "b", "m"));
        all.push(Diagnostic::warning("y", "b", "n"));
        assert_eq!(all.summary(Lang::En), "1 error, 2 warnings in 2 files");
        assert_eq!(all.summary(Lang::Vi), "1 lỗi, 2 cảnh báo trong 2 tệp");
    }
}
