//! `minhbach extract REPORT`: from a province's report (plain text or Word) to a draft of its
//! data, which the publisher reviews instead of typing.
//!
//! Input: the report and the site (its catalogue of indicators and its provinces). Output: a
//! workbook in the form `minhbach template` writes (or YAML, JSON) with one row per figure
//! found, each with its source line and the catalogue indicator it most likely belongs to.
//!
//! Steps, each in its file: `reader` turns the file into numbered lines, `header` finds the
//! province, number, date and period, `candidates` the figures (with `paragraphs` joining
//! wrapped lines, `tokens` telling figures from other numbers, `numbers` reading the
//! Vietnamese way and `periods` the dates and periods), `matching` proposes indicators,
//! `tasks` reads the appendix of tasks, and `draft` writes it all. [`analyse`] is the whole
//! reading without the site's files, for tests and the scorer.

pub mod candidates;
pub mod draft;
pub mod header;
pub mod matching;
pub mod numbers;
mod paragraphs;
pub mod periods;
pub mod reader;
pub mod tasks;
mod tokens;

use crate::load::IoFailure;
use crate::model::{Lang, Period, Province, Slug};
use crate::Checked;
use candidates::Candidate;
use header::Header;
use matching::{Matcher, Proposal};
use std::path::{Path, PathBuf};
use tasks::TaskRow;

/// A figure is put on the figures sheet when its best indicator scores at least this much;
/// below, it goes to the unmatched sheet with its proposals.
pub const MATCHED: f64 = 0.3;

/// How many indicators are proposed for each figure.
pub const PROPOSED: usize = 3;

/// The draft's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Xlsx,
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// What `extract` is asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub report: PathBuf,
    /// The province, when the header does not name it (or names it wrongly).
    pub province: Option<String>,
    /// The period, when the header does not say it.
    pub period: Option<String>,
    pub format: Format,
    /// Where to write; defaults to `<report>-draft.<ext>` beside the report.
    pub out: Option<PathBuf>,
    /// Replace the file if it exists.
    pub force: bool,
}

/// One figure of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFigure {
    pub candidate: Candidate,
    pub proposals: Vec<Proposal>,
    /// The best proposal is good enough for the figures sheet.
    pub matched: bool,
}

/// The draft of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The report's file name, as sources cite it.
    pub file: String,
    pub header: Header,
    pub province: Option<Slug>,
    pub period: Option<String>,
    pub figures: Vec<DraftFigure>,
    pub tasks: Vec<TaskRow>,
}

impl Draft {
    pub fn matched(&self) -> usize {
        self.figures.iter().filter(|f| f.matched).count()
    }
}

/// Read a report's lines into a draft. `province` and `period`, when given, replace what the
/// header says.
pub fn analyse(
    file: &str,
    lines: &[String],
    provinces: &[&Province],
    matcher: &Matcher,
    province: Option<Slug>,
    period: Option<String>,
) -> Draft {
    let header = header::header(lines, provinces);
    let period = period.or_else(|| header.period.clone());
    let year = period
        .as_deref()
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok())
        .or(header.issued.map(|d| d.year()));
    let figures = candidates::candidates(lines, year)
        .into_iter()
        .map(|candidate| {
            let proposals = matcher.propose(&candidate, PROPOSED);
            let matched = proposals.first().is_some_and(|p| p.score >= MATCHED);
            DraftFigure {
                candidate,
                proposals,
                matched,
            }
        })
        .collect();
    Draft {
        file: file.to_string(),
        province: province.or_else(|| header.province.clone()),
        header,
        period,
        figures,
        tasks: tasks::tasks(lines),
    }
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub draft: Draft,
}

/// Why no draft was written.
#[derive(Debug)]
pub enum ExtractError {
    /// The site could not be read.
    Site(IoFailure),
    /// The site has errors: the draft is made from its catalogue, which must be sound.
    SiteInvalid(Box<Checked>),
    Report {
        path: PathBuf,
        error: reader::ReadError,
    },
    UnknownProvince {
        given: String,
    },
    BadPeriod {
        given: String,
    },
    Exists(PathBuf),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    Workbook(rust_xlsxwriter::XlsxError),
}

impl ExtractError {
    /// The one-line message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ExtractError::Site(e) => e.message(lang),
            ExtractError::SiteInvalid(c) => c.diagnostics.summary(lang),
            ExtractError::Report { path, error } => {
                let p = path.display();
                let why = match (error, vi) {
                    (reader::ReadError::Io(e), _) => e.to_string(),
                    (reader::ReadError::NotText, true) => {
                        "không phải văn bản UTF-8 (.txt) hay Word (.docx)".to_string()
                    }
                    (reader::ReadError::NotText, false) => {
                        "is neither UTF-8 text (.txt) nor Word (.docx)".to_string()
                    }
                    (reader::ReadError::NotDocx(e), true) => {
                        format!("không phải tệp Word .docx hợp lệ ({e})")
                    }
                    (reader::ReadError::NotDocx(e), false) => {
                        format!("is not a valid Word .docx file ({e})")
                    }
                    (reader::ReadError::Xml(e), true) => {
                        format!("nội dung Word bị hỏng ({e})")
                    }
                    (reader::ReadError::Xml(e), false) => {
                        format!("its Word content is damaged ({e})")
                    }
                };
                match vi {
                    true => format!("không đọc được báo cáo {p}: {why}"),
                    false => format!("cannot read the report {p}: {why}"),
                }
            }
            ExtractError::UnknownProvince { given } => match vi {
                true => format!("không có tỉnh `{given}` trong data/provinces/"),
                false => format!("there is no province `{given}` in data/provinces/"),
            },
            ExtractError::BadPeriod { given } => match vi {
                true => format!("--period `{given}` không phải là một kỳ báo cáo"),
                false => format!("--period `{given}` is not a period"),
            },
            ExtractError::Exists(path) => match vi {
                true => format!(
                    "tệp {} đã có: chọn tệp khác bằng --out, hoặc ghi đè bằng --force",
                    path.display()
                ),
                false => format!(
                    "{} already exists: choose another file with --out, or replace it with --force",
                    path.display()
                ),
            },
            ExtractError::Write { path, error } => match vi {
                true => format!("không ghi được {}: {error}", path.display()),
                false => format!("cannot write {}: {error}", path.display()),
            },
            ExtractError::Workbook(e) => match vi {
                true => format!("không tạo được bảng tính: {e}"),
                false => format!("cannot make the workbook: {e}"),
            },
        }
    }
}

/// Read the site under `root` and the report, and write the draft.
pub fn extract(root: &Path, options: &Options) -> Result<Written, ExtractError> {
    let mut checked = crate::load_and_validate(root, &crate::load::memo::Memo::none())
        .map_err(ExtractError::Site)?;
    let Some(site) = checked
        .site
        .take()
        .filter(|_| !checked.diagnostics.has_errors())
    else {
        return Err(ExtractError::SiteInvalid(Box::new(checked)));
    };
    let province = match &options.province {
        Some(given) => match Slug::parse(given).filter(|s| site.provinces.contains_key(s)) {
            Some(s) => Some(s),
            None => {
                return Err(ExtractError::UnknownProvince {
                    given: given.clone(),
                })
            }
        },
        None => None,
    };
    if let Some(given) = &options.period {
        if Period::parse(given).is_err() {
            return Err(ExtractError::BadPeriod {
                given: given.clone(),
            });
        }
    }
    let lines = reader::read(&options.report).map_err(|error| ExtractError::Report {
        path: options.report.clone(),
        error,
    })?;
    let file = options
        .report
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let provinces: Vec<&Province> = site.provinces.values().collect();
    let matcher = Matcher::new(site.indicators.values(), &site.dimensions);
    let draft = analyse(
        &file,
        &lines,
        &provinces,
        &matcher,
        province,
        options.period.clone(),
    );
    let path = match &options.out {
        Some(out) => out.clone(),
        None => {
            let stem = options
                .report
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "report".to_string());
            options
                .report
                .with_file_name(format!("{stem}-draft.{}", options.format.extension()))
        }
    };
    if path.exists() && !options.force {
        return Err(ExtractError::Exists(path));
    }
    let bytes = match options.format {
        Format::Xlsx => {
            draft::workbook(&draft, &site.indicators).map_err(ExtractError::Workbook)?
        }
        Format::Yaml => draft::yaml(&draft).into_bytes(),
        Format::Json => draft::json(&draft).into_bytes(),
    };
    write(&path, &bytes)?;
    Ok(Written { path, draft })
}

/// Write through a temporary file beside the target (no half-written draft).
fn write(path: &Path, bytes: &[u8]) -> Result<(), ExtractError> {
    let failed = |error| ExtractError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".minhbach-tmp");
    let temporary = PathBuf::from(temporary);
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(e));
    }
    Ok(())
}
