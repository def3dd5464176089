//! `minhbach import FILE`: the way back from the downloads. A figure table in their tidy form
//! (CSV, XLSX or ODS) → figures checked against the target site's catalogue → observation
//! blocks appended to the site's province files.
//!
//! Steps, each in its file: `table` reads the cells with their places, `columns` matches the
//! header, `rows` checks every row into a figure, `write` groups the figures per province and
//! period into YAML (`emit` writes the values, `insert` finds where a list ends so that the
//! user's bytes stay as they were). Nothing is written unless the whole site, with the new
//! texts, passes `check` (run on a copy); then each file is replaced atomically.

pub(crate) mod emit;
pub(crate) mod insert;
mod printings;
mod rows;
mod write;

/// The words of the `state` and `qualifier` columns, for `template`'s drop-down lists.
pub(crate) use rows::{state_words, QUALIFIERS};
pub use write::ProvinceChange;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::table::{self, columns};
use crate::load::IoFailure;
use crate::model::{Figures, Lang, Period, Slug};
use crate::Checked;
use rows::FigureRow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// One entry per province file written, in the order the table first names them.
    pub changes: Vec<ProvinceChange>,
    /// The check of the site as written: its warnings (it has no error).
    pub checked: Checked,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// The site had errors before the import: they must be fixed first.
    SiteInvalid(Box<Checked>),
    /// Problems in the table, or in the site the import would make: every one of them.
    Invalid(Box<Checked>),
    /// The site or the table could not be read.
    Read(IoFailure),
    /// A file could not be written (nothing was replaced).
    Write(IoFailure),
}

impl ImportError {
    /// A one-line account for the terminal, for the failures that are not diagnostics.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::Read(e), _) => e.message(lang),
            (ImportError::Write(e), Lang::En) => {
                format!("cannot write {}: {}", e.path.display(), e.error)
            }
            (ImportError::Write(e), Lang::Vi) => {
                format!("không ghi được {}: {}", e.path.display(), e.error)
            }
            (ImportError::SiteInvalid(c) | ImportError::Invalid(c), _) => {
                c.diagnostics.summary(lang)
            }
        }
    }
}

/// Import the figure table `file` into the site under `root`: check the table against the
/// site's catalogue, add its figures to the province files (creating the provinces the site
/// lacks), check the whole site with them, and only then write the files.
pub fn import(root: &Path, file: &Path) -> Result<Imported, ImportError> {
    let mut before = crate::check(root).map_err(ImportError::Read)?;
    let Some(site) = before
        .site
        .take()
        .filter(|_| !before.diagnostics.has_errors())
    else {
        return Err(ImportError::SiteInvalid(Box::new(before)));
    };
    let shown = file.display().to_string();
    let mut diags = Vec::new();
    let table = match table::read(file, &shown) {
        Ok(t) => t,
        Err(table::Unreadable(d)) => return Err(invalid(vec![*d], None, &shown, &before.sources)),
    };
    let columns = columns::Columns::match_header(&table, &mut diags);
    let rows = if diags.is_empty() {
        rows::read_rows(&table, &columns, &site, &mut diags)
    } else {
        Vec::new()
    };
    duplicates(
        &rows,
        &site.observations,
        &before.sources,
        &shown,
        &mut diags,
    );
    // The rows that could be read go on to be written (in memory), so that what only writing
    // finds (a new province without names, a report without issuer) is reported in the same run.
    let mut changes = Vec::new();
    for (province, of) in per_province(&rows) {
        let existing = province_file(&before.sources, &province);
        let file = existing
            .clone()
            .unwrap_or_else(|| format!("data/provinces/{province}.yaml"));
        let text = existing
            .as_ref()
            .and_then(|f| before.sources.get(f))
            .map(|t| &**t);
        let text = text.filter(|_| site.provinces.contains_key(&province));
        if let Some(change) =
            write::province_change(&site, &province, &file, text, &of, &shown, &mut diags)
        {
            changes.push(change);
        }
    }
    if !diags.is_empty() {
        return Err(invalid(diags, table.text.clone(), &shown, &before.sources));
    }
    let checked = check_with(root, &changes)?;
    if checked.diagnostics.has_errors() {
        return Err(ImportError::Invalid(Box::new(checked)));
    }
    write_all(root, &changes)?;
    Ok(Imported { changes, checked })
}

/// The diagnostics of the table, with its text and the site's files for quoting lines.
fn invalid(
    diags: Vec<Diagnostic>,
    text: Option<Arc<str>>,
    file: &str,
    site_sources: &BTreeMap<String, Arc<str>>,
) -> ImportError {
    let mut diagnostics = Diagnostics::default();
    for d in diags {
        diagnostics.push(d);
    }
    let mut sources = site_sources.clone();
    sources.extend(text.map(|t| (file.to_string(), t)));
    ImportError::Invalid(Box::new(Checked {
        site: None,
        diagnostics,
        sources,
    }))
}

/// The rows grouped by province, in the order the table first names each.
fn per_province(rows: &[FigureRow]) -> Vec<(Slug, Vec<&FigureRow>)> {
    let mut out: Vec<(Slug, Vec<&FigureRow>)> = Vec::new();
    for row in rows {
        match out.iter_mut().find(|(p, _)| *p == row.province) {
            Some((_, of)) => of.push(row),
            None => out.push((row.province.clone(), vec![row])),
        }
    }
    out
}

/// The file of `province` among the site's sources (`.yaml` or `.yml`).
fn province_file(sources: &BTreeMap<String, Arc<str>>, province: &Slug) -> Option<String> {
    ["yaml", "yml"]
        .iter()
        .map(|ext| format!("data/provinces/{province}.{ext}"))
        .find(|f| sources.contains_key(f))
}

type FigureKey = (Slug, Slug, Period, Option<(Slug, Slug)>);

/// A figure given twice in the table (both rows named), or already in the site's data (its
/// file and line named).
fn duplicates(
    rows: &[FigureRow],
    existing: &Figures,
    sources: &BTreeMap<String, Arc<str>>,
    table_file: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let in_site: HashSet<FigureKey> = existing
        .iter()
        .map(|o| {
            (
                o.province.clone(),
                o.indicator.clone(),
                o.period,
                o.breakdown.clone(),
            )
        })
        .collect();
    let mut first: HashMap<FigureKey, &FigureRow> = HashMap::new();
    for row in rows {
        let key = (
            row.province.clone(),
            row.indicator.clone(),
            row.period,
            row.breakdown.clone(),
        );
        let (ind, prov, period) = (&row.indicator, &row.province, &row.period);
        let (what, what_vi) = match &row.breakdown {
            None => (
                format!("`{ind}` of `{prov}` for {period}"),
                format!("`{ind}` của `{prov}` kỳ {period}"),
            ),
            Some((d, m)) => (
                format!("`{ind}` ({d}: {m}) of `{prov}` for {period}"),
                format!("`{ind}` ({d}: {m}) của `{prov}` kỳ {period}"),
            ),
        };
        if let Some(earlier) = first.get(&key) {
            let (en, vi) = earlier.place.row();
            let d = Diagnostic::error("import-duplicate-figure", "", format!("{what} is given twice in the table (first on {en})"))
                .help("keep one row per figure; another printing of the same figure goes in `also_printed`")
                .vi(format!("số liệu {what_vi} có hai lần trong bảng (lần đầu ở {vi})"))
                .vi_help("mỗi số liệu chỉ một hàng; lần in khác của cùng số liệu ghi vào `also_printed`");
            diags.push(row.place.locate(table_file, d));
            continue;
        }
        first.insert(key.clone(), row);
        if in_site.contains(&key) {
            let (file, line) = locate_existing(sources, &key).unwrap_or_default();
            let d = Diagnostic::error(
                "import-duplicate-figure",
                "",
                format!("{what} is already in the site's data ({file}, line {line})"),
            )
            .help("remove the row, or remove or correct the figure in the province file first")
            .vi(format!(
                "số liệu {what_vi} đã có trong dữ liệu của trang ({file}, dòng {line})"
            ))
            .vi_help("hãy bỏ hàng này, hoặc xóa hay sửa số liệu trong tệp của tỉnh trước");
            diags.push(row.place.locate(table_file, d));
        }
    }
}

/// The file and line where the site's data gives the figure `key`.
fn locate_existing(
    sources: &BTreeMap<String, Arc<str>>,
    key: &FigureKey,
) -> Option<(String, usize)> {
    let (province, indicator, period, breakdown) = key;
    let file = province_file(sources, province)?;
    let text = sources.get(&file)?;
    let mut scratch = Diagnostics::default();
    let raw = crate::load::province_file(&file, text, &mut scratch)?;
    let index = crate::load::locate::LocationIndex::new(Arc::clone(text), 0);
    for (i, block) in raw.observations.iter().enumerate() {
        if Period::parse(&block.period.0).ok() != Some(*period) {
            continue;
        }
        if block.values.contains_key(indicator.as_str()) {
            let mut path = format!("observations[{i}].values.{indicator}");
            if let Some((d, m)) = breakdown {
                path.push_str(&format!(".by.{d}.{m}"));
            }
            return index.key(&path).map(|p| (file.clone(), p.line));
        }
    }
    None
}

/// Check the site as the import would leave it: a copy of its files with the new texts.
fn check_with(root: &Path, changes: &[ProvinceChange]) -> Result<Checked, ImportError> {
    crate::edits::check_with(root, &edits(changes)).map_err(|e| match e {
        crate::edits::CheckFailure::Write(e) => ImportError::Write(e),
        crate::edits::CheckFailure::Read(e) => ImportError::Read(e),
    })
}

/// Write every changed file atomically (see [`crate::edits::write_all`]).
fn write_all(root: &Path, changes: &[ProvinceChange]) -> Result<(), ImportError> {
    crate::edits::write_all(root, &edits(changes)).map_err(ImportError::Write)
}

fn edits(changes: &[ProvinceChange]) -> Vec<crate::edits::Edit<'_>> {
    changes
        .iter()
        .map(|c| crate::edits::Edit {
            file: &c.file,
            text: &c.after,
        })
        .collect()
}
