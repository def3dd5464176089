//! `minhbach new province` and `minhbach new report`: new files for a publisher, filled in
//! from flags (or from answers on a terminal), checked as `check` would check them, and
//! written only when the whole site, with them, passes.
//!
//! Steps of both commands: the values given are read with the validator's own functions (a
//! flag's problem names the flag); the site is checked as it is (it must have no error, as for
//! `import`); the new texts are made; the site is checked again on a copy with them
//! ([`crate::edits::check_with`]); then every file is written atomically
//! ([`crate::edits::write_all`]). A user's file is appended to, never re-serialised
//! ([`crate::import::insert`]).

mod province;
mod report;

pub use province::{new_province, ProvinceFlags};
pub use report::{new_report, ReportFlags};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::locate::LocationIndex;
use crate::load::raw::RawScalar;
use crate::load::IoFailure;
use crate::model::{Date, Lang, Period, Slug};
use crate::validate::Ctx;
use crate::Checked;
use std::path::Path;

/// Asks the user for a missing value, on a terminal: the question in the user's language;
/// `None` when nothing was answered.
pub type Ask<'a> = &'a mut dyn FnMut(&str) -> Option<String>;

/// What a command wrote.
#[derive(Debug)]
pub struct Created {
    /// Paths relative to the site's root: the files created.
    pub created: Vec<String>,
    /// The existing files that were appended to.
    pub changed: Vec<String>,
    /// The warnings the new texts brought (the site's other warnings are `check`'s), to show
    /// with `checked.sources`.
    pub warnings: Diagnostics,
    /// The check of the site as written (it has no error).
    pub checked: Checked,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum NewError {
    /// The site had errors before: they must be fixed first.
    SiteInvalid(Box<Checked>),
    /// What was given is missing or wrong, or the site would have errors with the new files:
    /// every problem, in one run.
    Invalid(Box<Checked>),
    /// The site could not be read.
    Read(IoFailure),
    /// A file could not be written (nothing was replaced).
    Write(IoFailure),
}

impl NewError {
    /// A one-line account for the terminal, for the failures that are not diagnostics.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NewError::Read(e), _) => e.message(lang),
            (NewError::Write(e), Lang::En) => {
                format!("cannot write {}: {}", e.path.display(), e.error)
            }
            (NewError::Write(e), Lang::Vi) => {
                format!("không ghi được {}: {}", e.path.display(), e.error)
            }
            (NewError::SiteInvalid(c) | NewError::Invalid(c), _) => c.diagnostics.summary(lang),
        }
    }
}

/// A value the command needs: its flag, what it is in both languages, and an example.
#[derive(Debug, Clone)]
pub struct Field {
    pub flag: &'static str,
    pub en: &'static str,
    pub vi: &'static str,
    pub example: std::borrow::Cow<'static, str>,
}

impl Field {
    /// The question asked on a terminal.
    fn question(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!(
                "{} (ví dụ: {})",
                crate::format::capitalised(self.vi),
                self.example
            ),
            Lang::En => format!(
                "{} (e.g. {})",
                crate::format::capitalised(self.en),
                self.example
            ),
        }
    }

    /// The error for a value that is still missing after asking (or without a terminal).
    fn missing(&self, command: &str) -> Diagnostic {
        let (flag, example) = (self.flag, &self.example);
        Diagnostic::error(
            "missing-flag",
            flag,
            format!("{} is required: give it with {flag}", self.en),
        )
        .help(format!(
            "e.g. {command} {flag} {}; run it on a terminal to be asked for every missing value",
            shell_word(example)
        ))
        .vi(format!("thiếu {}: hãy ghi bằng {flag}", self.vi))
        .vi_help(format!(
            "ví dụ {command} {flag} {}; chạy lệnh trong cửa sổ dòng lệnh để được hỏi lần lượt từng giá trị còn thiếu",
            shell_word(example)
        ))
    }
}

/// Fill the missing values among `fields` by asking (when a terminal can answer), and report
/// every value still missing, each naming its flag.
fn ask_missing(
    fields: &mut [(Field, &mut Option<String>)],
    ask: &mut Option<Ask>,
    command: &str,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    for (field, value) in fields.iter_mut() {
        if value.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            continue;
        }
        **value = ask
            .as_mut()
            .and_then(|ask| ask(&field.question(lang)))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if value.is_none() {
            diags.push(field.missing(command));
        }
    }
}

/// Where the diagnostics about a command-line value go: the value has no file and no line,
/// so a diagnostic names the flag (or argument) instead of a file.
struct Flags {
    index: LocationIndex,
    diags: Diagnostics,
    /// The site's files, once read, for quoting the lines of the problems found in them.
    sources: std::collections::BTreeMap<String, std::sync::Arc<str>>,
}

impl Flags {
    fn new() -> Flags {
        Flags {
            index: LocationIndex::new(std::sync::Arc::from(""), 0),
            diags: Diagnostics::default(),
            sources: Default::default(),
        }
    }

    /// The validator's context for the value of `flag`.
    fn ctx<'a>(&'a mut self, flag: &'a str) -> Ctx<'a> {
        Ctx {
            file: flag,
            index: &self.index,
            diags: &mut self.diags,
        }
    }

    /// `text`, a date, read as `check` reads one.
    fn date(&mut self, flag: &str, text: &str) -> Option<Date> {
        self.ctx(flag).date(&RawScalar(text.to_string()), flag)
    }

    /// `text`, an id, read as `check` reads one.
    fn slug(&mut self, flag: &str, text: &str, what: &str) -> Option<Slug> {
        self.ctx(flag)
            .slug(&RawScalar(text.to_string()), flag, what)
    }

    /// `text`, a period, read as `check` reads one.
    fn period(&mut self, flag: &str, text: &str) -> Option<Period> {
        self.ctx(flag).period(&RawScalar(text.to_string()), flag)
    }

    /// Refuse with every problem found, if any is an error.
    fn refuse_if_wrong(&mut self) -> Result<(), NewError> {
        match self.diags.has_errors() {
            true => Err(self.refuse()),
            false => Ok(()),
        }
    }

    /// Refuse with every problem found.
    fn refuse(&mut self) -> NewError {
        NewError::Invalid(Box::new(Checked {
            site: None,
            diagnostics: std::mem::take(&mut self.diags),
            sources: std::mem::take(&mut self.sources),
        }))
    }
}

/// The site under `root`, which must have no error.
fn site_without_errors(root: &Path) -> Result<(crate::model::Site, Checked), NewError> {
    let mut checked = crate::check(root).map_err(NewError::Read)?;
    match checked
        .site
        .take()
        .filter(|_| !checked.diagnostics.has_errors())
    {
        Some(site) => Ok((site, checked)),
        None => Err(NewError::SiteInvalid(Box::new(checked))),
    }
}

/// Check the site with `edits` on a copy; write them when it has no error.
fn check_and_write(
    root: &Path,
    before: &Checked,
    edits: &[crate::edits::Edit],
    created: Vec<String>,
    changed: Vec<String>,
) -> Result<Created, NewError> {
    let checked = crate::edits::check_with(root, edits).map_err(|e| match e {
        crate::edits::CheckFailure::Write(e) => NewError::Write(e),
        crate::edits::CheckFailure::Read(e) => NewError::Read(e),
    })?;
    if checked.diagnostics.has_errors() {
        return Err(NewError::Invalid(Box::new(checked)));
    }
    crate::edits::write_all(root, edits).map_err(NewError::Write)?;
    let mut warnings = Diagnostics::default();
    for d in checked.diagnostics.iter() {
        let edited = created.contains(&d.file) || changed.contains(&d.file);
        let new = !before
            .diagnostics
            .iter()
            .any(|b| b.file == d.file && b.code == d.code && b.message == d.message);
        if edited && new {
            warnings.push(d.clone());
        }
    }
    Ok(Created {
        created,
        changed,
        warnings,
        checked,
    })
}

/// The file of `province` among the site's sources (`.yaml` or `.yml`).
fn province_file(checked: &Checked, province: &Slug) -> Option<String> {
    ["yaml", "yml"]
        .iter()
        .map(|ext| format!("data/provinces/{province}.{ext}"))
        .find(|f| checked.sources.contains_key(f))
}

/// `text` as one word of a shell command line: in double quotes when it has a space.
fn shell_word(text: &str) -> String {
    if text.contains(' ') {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Field = Field {
        flag: "--name-vi",
        en: "the province's name in Vietnamese",
        vi: "tên tỉnh bằng tiếng Việt",
        example: std::borrow::Cow::Borrowed("Kiên Giang"),
    };
    const CODE: Field = Field {
        flag: "--code",
        en: "the province's code",
        vi: "mã tỉnh",
        example: std::borrow::Cow::Borrowed("91"),
    };

    /// On a terminal each missing value is asked for, in the user's language; what is still
    /// not answered is reported by its flag. A value given is never asked for.
    #[test]
    fn asks_for_each_missing_value_and_reports_the_unanswered() {
        let mut asked = Vec::new();
        let mut answer = |question: &str| {
            asked.push(question.to_string());
            question
                .starts_with("Tên tỉnh")
                .then(|| "  Kiên Giang ".to_string())
        };
        let (mut name, mut code, mut given) = (None, None, Some("An Giang".to_string()));
        let mut diags = Diagnostics::default();
        ask_missing(
            &mut [(NAME, &mut name), (CODE, &mut code), (NAME, &mut given)],
            &mut Some(&mut answer),
            "minhbach new province kien-giang",
            Lang::Vi,
            &mut diags,
        );
        assert_eq!(
            asked,
            [
                "Tên tỉnh bằng tiếng Việt (ví dụ: Kiên Giang)",
                "Mã tỉnh (ví dụ: 91)"
            ]
        );
        assert_eq!(name.as_deref(), Some("Kiên Giang"));
        assert_eq!(code, None);
        let missing: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(missing, ["--code"]);

        // Without a terminal: every missing value is an error at once, nothing is asked.
        let (mut name, mut code) = (None, None);
        let mut diags = Diagnostics::default();
        ask_missing(
            &mut [(NAME, &mut name), (CODE, &mut code)],
            &mut None,
            "minhbach new province kien-giang",
            Lang::En,
            &mut diags,
        );
        let missing: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(missing, ["--name-vi", "--code"]);
    }
}
