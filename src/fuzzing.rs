//! The entry points of the fuzz targets in `fuzz/` (see `fuzz/README.md`); not an API.
//!
//! Each function takes the bytes of one file and runs them through the code `check` runs on
//! that file, without touching the disk: a data file through `load` (serde_yaml and the
//! location index) and `validate`, with the rest of a real site around it; a Markdown page
//! through the front matter split, its YAML and the page checks (live figures included); a
//! Markdown body through the shortcode scanner and the renderer. The diagnostics are then
//! rendered as `check` prints them (both languages, and JSON), since a position outside its
//! line would fail there. A broken promise that is not a panic comes back as a [`Finding`],
//! which the fuzz target turns into a crash. The regression tests (`tests/fuzz_regressions.rs`)
//! call the same functions, so a finding reproduces under `cargo test`.
//!
//! Bytes that are not UTF-8 are read with `U+FFFD` in their place: `check` stops at the first
//! such byte with one diagnostic, so the fuzzer would learn nothing from them.

use crate::diagnostics::{Diagnostics, Position};
use crate::load::raw::{RawFrontMatter, RawIndicatorFile, RawProvince};
use crate::load::shortcode::{self, Call};
use crate::load::{self, IoFailure, Loaded, RawPage};
use crate::model::Lang;
use std::path::Path;
use std::sync::Arc;

/// A promise broken without a panic: wrong HTML, a diagnostic that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding(pub String);

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A site read once, into which each input is put as one of its files.
#[derive(Debug)]
pub struct Fixture {
    loaded: Loaded,
    /// The bodies of the site's pages: `validate` moves them into the model, so they are put
    /// back after each input.
    bodies: Vec<crate::model::SharedText>,
}

impl Fixture {
    /// Read the site under `root` (as `check` would).
    pub fn read(root: &Path) -> Result<Fixture, IoFailure> {
        let loaded = load::load(root, &mut Diagnostics::default())?;
        let bodies = loaded.pages.iter().map(|p| p.body.clone()).collect();
        Ok(Fixture { loaded, bodies })
    }

    /// What the fuzz target `data` does with `bytes`: check them as the catalogue
    /// (`data/indicators.yaml`) when they have a top-level `groups:` or `indicators:` key, as
    /// the new province file `data/provinces/gamma.yaml` otherwise.
    pub fn data(&mut self, bytes: &[u8]) -> Result<String, Finding> {
        let catalogue = bytes
            .split(|b| *b == b'\n')
            .any(|line| line.starts_with(b"indicators:") || line.starts_with(b"groups:"));
        if catalogue {
            self.catalogue(bytes)
        } else {
            self.province("gamma", bytes)
        }
    }

    /// What the fuzz target `front_matter` does with `bytes`: check them as the English
    /// report narrative `content/reports/alpha/2025-04.en.md`.
    pub fn front_matter(&mut self, bytes: &[u8]) -> Result<String, Finding> {
        self.page("reports/alpha/2025-04.en.md", bytes)
    }

    /// Check `bytes` as `data/provinces/<stem>.yaml`, in place of the site's file of that name.
    /// Returns what `check` prints in English.
    pub fn province(&mut self, stem: &str, bytes: &[u8]) -> Result<String, Finding> {
        let rel = format!("data/provinces/{stem}.yaml");
        let text = decode(bytes);
        let mut diags = Diagnostics::default();
        let parsed = load::parse_yaml::<RawProvince>(&rel, Arc::clone(&text), 0, &mut diags);
        let at = self.loaded.provinces.iter().position(|(s, _)| s == stem);
        let removed = at.map(|i| self.loaded.provinces.remove(i));
        let inserted = parsed.map(|doc| {
            let i = self
                .loaded
                .provinces
                .partition_point(|(s, _)| s.as_str() < stem);
            let doc = load::Located {
                file: doc.file,
                value: Arc::new(doc.value),
                index: doc.index,
            };
            self.loaded.provinces.insert(i, (stem.to_string(), doc));
            i
        });
        if inserted.is_none() {
            self.loaded.unparsed_provinces.push(stem.to_string());
        }
        let report = self.validate(&rel, text, diags);
        match inserted {
            Some(i) => {
                self.loaded.provinces.remove(i);
            }
            None => {
                self.loaded.unparsed_provinces.pop();
            }
        }
        if let (Some(i), Some(old)) = (at, removed) {
            self.loaded.provinces.insert(i, old);
        }
        report
    }

    /// Check `bytes` as `data/indicators.yaml`, in place of the site's catalogue.
    pub fn catalogue(&mut self, bytes: &[u8]) -> Result<String, Finding> {
        let rel = "data/indicators.yaml";
        let text = decode(bytes);
        let mut diags = Diagnostics::default();
        let parsed = load::parse_yaml::<RawIndicatorFile>(rel, Arc::clone(&text), 0, &mut diags);
        let old = std::mem::replace(&mut self.loaded.indicators, parsed);
        let report = self.validate(rel, text, diags);
        self.loaded.indicators = old;
        report
    }

    /// Check `bytes` as the Markdown page `content/<rel>` (front matter and body), beside the
    /// site's own pages.
    pub fn page(&mut self, rel: &str, bytes: &[u8]) -> Result<String, Finding> {
        let rel = format!("content/{rel}");
        let text = decode(bytes);
        let mut diags = Diagnostics::default();
        // As `load` reads a Markdown file: a page without front matter is only a diagnostic.
        let page = load::split_front_matter(&text).and_then(|(yaml, body, body_line)| {
            load::parse_yaml::<RawFrontMatter>(&rel, Arc::from(yaml), 1, &mut diags).map(|front| {
                RawPage {
                    front,
                    body: body.into(),
                    body_line,
                }
            })
        });
        let added = page.is_some();
        self.loaded.pages.extend(page);
        let report = self.validate(&rel, text, diags);
        if added {
            self.loaded.pages.pop();
        }
        report
    }

    /// Validate the site with the input `rel` in it, render every diagnostic, and put back
    /// what validation moved out of the site.
    fn validate(
        &mut self,
        rel: &str,
        text: Arc<str>,
        mut diags: Diagnostics,
    ) -> Result<String, Finding> {
        let old = self.loaded.sources.insert(rel.to_string(), text);
        let site = crate::validate::validate(&mut self.loaded, &mut diags);
        let report = render_diagnostics(&diags, &self.loaded);
        drop(site);
        match old {
            Some(t) => self.loaded.sources.insert(rel.to_string(), t),
            None => self.loaded.sources.remove(rel),
        };
        for (page, body) in self.loaded.pages.iter_mut().zip(&self.bodies) {
            page.body.clone_from(body);
        }
        report
    }
}

fn decode(bytes: &[u8]) -> Arc<str> {
    let text = String::from_utf8_lossy(bytes);
    // `load` drops a byte order mark.
    Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// Every diagnostic as `check` prints it, in both languages and as JSON; the English text is
/// returned. A diagnostic whose position is not in its file is a finding.
fn render_diagnostics(diags: &Diagnostics, loaded: &Loaded) -> Result<String, Finding> {
    for d in diags.iter() {
        let (Some(p), Some(text)) = (d.position, loaded.sources.get(&d.file)) else {
            continue;
        };
        if !inside(text, p) {
            return Err(Finding(format!(
                "diagnostic outside its file ({} lines): {}",
                text.lines().count(),
                d.headline(Lang::En)
            )));
        }
    }
    let vi = diags.render_all(&loaded.sources, Lang::Vi);
    let json = serde_json::to_string(
        &diags
            .sorted()
            .iter()
            .map(|d| d.json(Lang::Vi))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| Finding(format!("diagnostics not serialisable: {e}")))?;
    std::hint::black_box((vi, json));
    Ok(diags.render_all(&loaded.sources, Lang::En) + &diags.summary(Lang::En))
}

/// True when `p` is a line of `text` (or the line just after its end, where an unexpected end
/// of file is reported) and a column of that line or just after it. Lines may be counted as
/// Rust and the shortcode scanner count them (`\n`, `\r\n`) or as the YAML parsers do (a
/// lone `\r`, U+0085, U+2028 and U+2029 end a line too): the two disagree on such a file, a
/// known finding of its own (see `fuzz/README.md`).
fn inside(text: &str, p: Position) -> bool {
    let within = |lines: &[&str]| {
        p.line >= 1
            && p.column >= 1
            && p.line <= lines.len() + 1
            && p.column <= lines.get(p.line - 1).map_or(0, |l| l.chars().count()) + 1
    };
    within(&text.lines().collect::<Vec<_>>()) || within(&yaml_lines(text))
}

fn yaml_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        lines.push(&rest[..at]);
        let width = if rest[at..].starts_with("\r\n") {
            2
        } else {
            rest[at..].chars().next().map_or(1, char::len_utf8)
        };
        rest = &rest[at + width..];
    }
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines
}

/// Scan and render a Markdown body as a page does, and hold the result to its promises: each
/// call is where the scanner says, nothing executable survives, each live figure lands at most
/// once, in text, and no mark of the renderer's own (its NUL and U+0080 placeholders) shows in
/// the page or its table of contents.
pub fn markdown(bytes: &[u8]) -> Result<String, Finding> {
    let text = decode(bytes);
    let body: &str = &text;
    let calls = shortcode::scan(body);
    let mut last_end = 0;
    for call in calls.iter().flatten() {
        let within = body.get(call.span.clone()).is_some_and(|s| {
            s.starts_with("{{") && s.ends_with("}}") && call.span.start >= last_end
        });
        if !within {
            return Err(Finding(format!(
                "call {call:?} is not a `{{{{ … }}}}` in order"
            )));
        }
        last_end = call.span.end;
    }
    // Each figure is marked with the place of its call, to find where it lands.
    let mark = |at: usize| format!("<span class=\"fuzz-figure\">{at}</span>");
    let mut figure = |call: &Call| mark(call.span.start);
    let rendered = crate::markdown::render(body, "/dash/", &mut figure);
    let html = rendered.html;
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") || lower.contains("href=\"javascript:") {
        return Err(Finding(format!("executable markup survived: {html}")));
    }
    // The renderer's placeholders are its own business: a reader must never see one.
    let leaked =
        |text: &str| text.contains('\0') || (text.contains('\u{80}') && !body.contains('\u{80}'));
    if leaked(&html)
        || rendered
            .headings
            .iter()
            .any(|(_, id, text)| leaked(id) || leaked(text))
    {
        return Err(Finding(format!(
            "a placeholder shows: {html:?}\nheadings: {:?}",
            rendered.headings
        )));
    }
    for call in calls.iter().flatten() {
        let found: Vec<usize> = html
            .match_indices(&mark(call.span.start))
            .map(|(at, _)| at)
            .collect();
        // A figure may go with the markup that held it (an HTML comment, a `<script>` shown
        // as text), but never twice, nor inside a tag, where its markup would break the
        // attribute.
        let in_text = |at: usize| html[..at].rfind('<') <= html[..at].rfind('>');
        if found.len() > 1 || !found.iter().all(|at| in_text(*at)) {
            return Err(Finding(format!(
                "the live figure of line {} is found {} times, not once in text: {html}",
                call.line,
                found.len()
            )));
        }
    }
    Ok(html)
}
