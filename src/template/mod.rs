//! `minhbach template <province> [--period P]`: the workbook a province's publisher fills in
//! instead of writing YAML.
//!
//! Input: the validated site (its catalogue, breakdowns, the province and its tasks), a
//! province and an optional period. Output: an XLSX file in the downloads' tidy form, which
//! `check` and `build` read from `data/` once it is filled: the figures sheet `Số liệu` with
//! one row per indicator of the catalogue (and per breakdown member), everything the catalogue
//! knows already written in grey; the tasks sheet `Nhiệm vụ`; the instructions `Hướng dẫn`;
//! and a hidden `Danh sách` with the long drop-down lists.
//!
//! Steps, each in its file: `rows` chooses the rows, `columns` the columns (described in the
//! downloads' words where they mean the same), `lists` takes the allowed values from where the
//! checker takes them, `rules` makes the sheets refuse what the checker would, `guide` writes
//! the instructions and `workbook` the sheets. The same site and request give the same bytes.

mod columns;
mod guide;
mod lists;
mod rows;
mod rules;
mod workbook;

pub use columns::{prefilled_names, TemplateColumn, FIGURE_COLUMNS, TASK_COLUMNS};
pub use lists::LISTS_SHEET;
pub use workbook::{workbook, Contents, Request, FIGURES_SHEET, GUIDE_SHEET, TASKS_SHEET};

use crate::diagnostics::did_you_mean;
use crate::load::IoFailure;
use crate::model::period::PeriodError;
use crate::model::{Date, FormerUnit, Lang, Period, Province, Slug};
use crate::Checked;
use std::path::{Path, PathBuf};

/// What `template` is asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub province: String,
    pub period: Option<String>,
    /// Where to write; defaults to `data/<province>-<period>.xlsx` under the site's root.
    pub out: Option<PathBuf>,
    /// Replace the file if it exists.
    pub force: bool,
}

/// The file written and what it holds.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub contents: Contents,
}

/// Why no workbook was written.
#[derive(Debug)]
pub enum TemplateError {
    /// The site could not be read.
    Read(IoFailure),
    /// The site has errors: the template is made from its catalogue, which must be sound.
    SiteInvalid(Box<Checked>),
    UnknownProvince {
        given: String,
        near: Option<String>,
        known: Vec<String>,
    },
    BadPeriod {
        given: String,
        error: PeriodError,
    },
    /// The period ends after the province ended, or before it began.
    OutsideLifetime {
        province: Slug,
        period: Period,
        /// The end of the province, and the province it became (from which day).
        ended: Option<(Date, Option<(Slug, Date)>)>,
        /// The start of the province, and the provinces (with a file) it was formed from.
        began: Option<(Date, Vec<Slug>)>,
    },
    /// The output exists and `--force` was not given.
    Exists(PathBuf),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The workbook could not be made (a limit of the format; a bug if it ever happens).
    Workbook(rust_xlsxwriter::XlsxError),
}

impl TemplateError {
    /// The one-line message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            TemplateError::Read(e) => e.message(lang),
            TemplateError::SiteInvalid(c) => c.diagnostics.summary(lang),
            TemplateError::UnknownProvince { given, .. } => match vi {
                true => format!("không có tỉnh `{given}` trong data/provinces/"),
                false => format!("there is no province `{given}` in data/provinces/"),
            },
            TemplateError::BadPeriod { given, error } => {
                let (en, vi_why) = match error {
                    PeriodError::Form => ("is not a period", "không phải là một kỳ báo cáo"),
                    PeriodError::OutOfRange => (
                        "names a month, quarter or day that does not exist",
                        "có tháng, quý hoặc ngày không tồn tại",
                    ),
                    PeriodError::Reversed => (
                        "ends before it starts",
                        "có ngày kết thúc trước ngày bắt đầu",
                    ),
                };
                match vi {
                    true => format!("--period `{given}` {vi_why}"),
                    false => format!("--period `{given}` {en}"),
                }
            }
            TemplateError::OutsideLifetime {
                province,
                period,
                ended,
                began,
            } => {
                let key = period.key();
                match (ended, began, vi) {
                    (Some((to, _)), _, true) => format!(
                        "`{province}` chỉ tồn tại đến hết ngày {to} (`valid_to`), trước khi kỳ {key} kết thúc"
                    ),
                    (Some((to, _)), _, false) => format!(
                        "`{province}` ended on {to} (`valid_to`), before the end of {key}"
                    ),
                    (None, Some((from, _)), true) => format!(
                        "`{province}` chỉ có từ ngày {from} (`valid_from`), sau khi kỳ {key} đã kết thúc"
                    ),
                    (None, Some((from, _)), false) => format!(
                        "`{province}` began on {from} (`valid_from`), after the end of {key}"
                    ),
                    (None, None, true) => {
                        format!("kỳ {key} nằm ngoài thời gian tồn tại của `{province}`")
                    }
                    (None, None, false) => {
                        format!("{key} is outside the lifetime of `{province}`")
                    }
                }
            }
            TemplateError::Exists(path) => match vi {
                true => format!("tệp {} đã có", path.display()),
                false => format!("{} already exists", path.display()),
            },
            TemplateError::Write { path, error } => match vi {
                true => format!("không ghi được {}: {error}", path.display()),
                false => format!("cannot write {}: {error}", path.display()),
            },
            TemplateError::Workbook(e) => match vi {
                true => format!("không tạo được bảng tính: {e}"),
                false => format!("cannot make the workbook: {e}"),
            },
        }
    }

    /// What to do about it, in `lang`, when there is something to say.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let vi = lang == Lang::Vi;
        match self {
            TemplateError::UnknownProvince { near, known, .. } => Some(match (near, vi) {
                (Some(near), true) => format!("có phải là `{near}`?"),
                (Some(near), false) => format!("did you mean `{near}`?"),
                (None, true) if known.is_empty() => {
                    "trang chưa có tỉnh nào: hãy tạo tệp data/provinces/<mã-tỉnh>.yaml trước"
                        .to_string()
                }
                (None, false) if known.is_empty() => {
                    "the site has no province yet: create data/provinces/<slug>.yaml first"
                        .to_string()
                }
                (None, true) => format!("các tỉnh của trang: {}", listed(known)),
                (None, false) => format!("the site's provinces: {}", listed(known)),
            }),
            TemplateError::BadPeriod { .. } => Some(match vi {
                true => "hãy viết kỳ là một tháng `2025-04`, một quý `2024-Q2`, nửa năm `2024-H1`, một năm `2024` hoặc một khoảng ngày `2023-12-16..2024-01-15`".to_string(),
                false => "write a month `2025-04`, a quarter `2024-Q2`, a half year `2024-H1`, a year `2024` or a range `2023-12-16..2024-01-15`".to_string(),
            }),
            TemplateError::OutsideLifetime {
                period,
                ended,
                began,
                ..
            } => {
                let key = period.key();
                match (ended, began) {
                    (Some((_, Some((next, from)))), _) => Some(match vi {
                        true => format!("từ ngày {from}, địa bàn này thuộc `{next}`: minhbach template {next} --period {key}"),
                        false => format!("from {from} it is part of `{next}`: minhbach template {next} --period {key}"),
                    }),
                    (None, Some((_, earlier))) if !earlier.is_empty() => {
                        let earlier = listed(&earlier.iter().map(Slug::to_string).collect::<Vec<_>>());
                        Some(match vi {
                            true => format!("báo cáo các kỳ trước thuộc về các đơn vị đã hợp nhất thành tỉnh này: {earlier}"),
                            false => format!("earlier reports belong to the units it was formed from: {earlier}"),
                        })
                    }
                    _ => None,
                }
            }
            TemplateError::Exists(_) => Some(match vi {
                true => "hãy chọn tệp khác bằng --out, hoặc ghi đè bằng --force (những gì đã điền trong tệp cũ sẽ mất)".to_string(),
                false => "choose another file with --out, or replace it with --force (what was typed into it is lost)".to_string(),
            }),
            TemplateError::SiteInvalid(_) => Some(match vi {
                true => "mẫu được lập từ danh mục chỉ tiêu của trang: hãy sửa các lỗi trên trước (chưa ghi tệp nào)".to_string(),
                false => "the template is made from the site's catalogue: fix the errors above first (nothing was written)".to_string(),
            }),
            TemplateError::Read(_) | TemplateError::Write { .. } | TemplateError::Workbook(_) => {
                None
            }
        }
    }
}

/// At most 20 ids, then how many more.
fn listed(ids: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" (+{})", ids.len() - SHOWN));
    }
    text
}

/// Make the template of `options.province` from the site under `root` and write it.
pub fn template(root: &Path, options: &Options) -> Result<Written, TemplateError> {
    let mut checked = crate::load_and_validate(root, &crate::load::memo::Memo::none())
        .map_err(TemplateError::Read)?;
    let Some(site) = checked
        .site
        .take()
        .filter(|_| !checked.diagnostics.has_errors())
    else {
        return Err(TemplateError::SiteInvalid(Box::new(checked)));
    };
    let province = find_province(&site, &options.province)?;
    let period = match &options.period {
        Some(text) => Some(period_of(province, text)?),
        None => None,
    };
    let path = match &options.out {
        Some(out) => out.clone(),
        None => root
            .join("data")
            .join(rows::file_name(&province.slug, period.as_ref())),
    };
    if path.exists() && !options.force {
        return Err(TemplateError::Exists(path));
    }
    let request = Request {
        site: &site,
        province,
        period: period.as_ref(),
    };
    let (bytes, contents) = workbook(request).map_err(TemplateError::Workbook)?;
    write(&path, &bytes)?;
    Ok(Written { path, contents })
}

fn find_province<'a>(
    site: &'a crate::model::Site,
    given: &str,
) -> Result<&'a Province, TemplateError> {
    if let Some(p) = Slug::parse(given).and_then(|s| site.provinces.get(&s)) {
        return Ok(p);
    }
    let known: Vec<String> = site.provinces.keys().map(Slug::to_string).collect();
    // A name typed as it reads ("An Giang") is tried as the id it would make.
    let as_slug = Slug::suggest(given);
    let near = match site.provinces.keys().find(|k| k.as_str() == as_slug) {
        Some(k) => Some(k.to_string()),
        None => did_you_mean(&as_slug, known.iter().map(String::as_str)).map(str::to_string),
    };
    Err(TemplateError::UnknownProvince {
        given: given.to_string(),
        near,
        known,
    })
}

/// The period of `text`, refused outside the province's lifetime (the site would refuse its
/// figures).
fn period_of(province: &Province, text: &str) -> Result<Period, TemplateError> {
    let period = Period::parse(text).map_err(|error| TemplateError::BadPeriod {
        given: text.to_string(),
        error,
    })?;
    if !province.lifetime_excludes(&period) {
        return Ok(period);
    }
    let ended = province.valid_to.filter(|to| period.end() > *to).map(|to| {
        let next = province.successor.as_ref();
        (to, next.map(|s| (s.province.clone(), s.from)))
    });
    let began = match ended {
        Some(_) => None,
        None => province.valid_from.map(|from| {
            let earlier = province
                .formed_from
                .iter()
                .flat_map(|f| &f.units)
                .filter_map(|u| match u {
                    FormerUnit::Province(slug) => Some(slug.clone()),
                    FormerUnit::Unlisted { .. } => None,
                })
                .collect();
            (from, earlier)
        }),
    };
    Err(TemplateError::OutsideLifetime {
        province: province.slug.clone(),
        period,
        ended,
        began,
    })
}

/// Write through a temporary file beside the target, so that a failure never leaves half a
/// workbook where the publisher's file was.
fn write(path: &Path, bytes: &[u8]) -> Result<(), TemplateError> {
    let failed = |error| TemplateError::Write {
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
