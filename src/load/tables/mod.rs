//! Tables of figures and tasks under `data/` (CSV, XLSX, ODS): the publishers' route, read as
//! a first-class source beside the province files.
//!
//! Each table becomes, per province it names, the raw entries a province file would hold
//! (observation blocks, tasks, the documents it cites) and an index from their key paths to
//! the cells they came from. The validator checks them with the very rules of the YAML files,
//! then [`TablePart::relocate`] moves each diagnostic from its key path to its cell
//! (`data/kg.xlsx [Số liệu] C14`, `data/kg.csv:14:3`).
//!
//! Which sheets are read: a sheet (or a CSV file) whose header row names `province` and
//! `indicator` holds figures (`figures`); one that names `province` and `task` holds tasks
//! (`tasks`). Other sheets (instructions, lists) are not data.

mod cells;
mod figures;
mod tasks;

pub use figures::PREFILLED as FIGURE_PREFILLED;
pub use tasks::{COLUMNS as TASK_COLUMNS, PREFILLED as TASK_PREFILLED};

use super::locate::{Location, LocationIndex};
use super::raw::{RawObservationBlock, RawTask};
use super::table::{self, Place, Table};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::{FastMap, FastSet};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The extensions of the tables read under `data/`, as a spreadsheet program may write them.
pub const EXTENSIONS_ANY_CASE: [&str; 6] = ["csv", "xlsx", "ods", "CSV", "XLSX", "ODS"];

/// True for a table of the site's data: not a spreadsheet program's lock file (`~$kg.xlsx`,
/// `.~lock.kg.ods#`) nor a hidden file.
pub fn is_table(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    !name.starts_with("~$") && !name.starts_with('.')
}

/// A figure as a table row names it: (period, indicator, breakdown dimension and member), as
/// written.
pub type FigureName = (String, String, Option<(String, String)>);

/// One table file, split per province.
#[derive(Debug, Default)]
pub struct TableSource {
    /// Path relative to the site root.
    pub file: String,
    pub parts: Vec<TablePart>,
}

/// What a table gives one province: raw entries, with the cells they came from.
#[derive(Debug, Default)]
pub struct TablePart {
    /// The province as written in the first row that names it, and that cell.
    pub province: String,
    pub place: Option<Place>,
    pub observations: Vec<RawObservationBlock>,
    pub tasks: Vec<RawTask>,
    /// Every figure and the cell of its indicator: (period, indicator, breakdown) as written.
    pub figures: Vec<(FigureName, Place)>,
    /// The cell of each task's id, in the order of `tasks`.
    pub task_places: Vec<Place>,
    /// Every report document the rows cite by file, each with the row's description of it.
    pub documents: Vec<CitedDocument>,
    /// The printed rates typed as text or with `stated_decimals` (`observations[0].values.x
    /// .stated` → `80.10`), so that the validator reads them as typed.
    pub index: LocationIndex,
    /// The row behind each figure, breakdown member, block and task: `observations[0]
    /// .values.x`, `observations[0].values.x.by.service.passport`, `observations[0]`,
    /// `tasks[2]`. A key path below one of them names a cell of its row.
    rows: FastMap<String, RowAt>,
    /// A CSV file's text, to find a cell's column (a workbook's cells are named directly).
    text: Option<Arc<str>>,
    /// Where each line of `text` starts, found the first time a cell is placed.
    line_starts: OnceLock<Vec<usize>>,
}

/// Where a row is: its first cell, and the columns of its table.
#[derive(Debug, Clone)]
pub(super) struct RowAt {
    pub first: Place,
    pub header: Arc<[(&'static str, usize)]>,
}

/// A document a row cites in `source_file`, and the other `source_*` cells that describe it:
/// they must agree with the province file's `reports:` entry.
#[derive(Debug, Clone)]
pub struct CitedDocument {
    pub file: String,
    pub place: Place,
    /// (column name, text as written, cell).
    pub described: Vec<(&'static str, String, Place)>,
}

impl TablePart {
    /// Move every diagnostic that has a key path to the cell the path came from.
    pub fn relocate(&self, file: &str, diags: Diagnostics) -> Diagnostics {
        let mut out = Diagnostics::default();
        for d in diags.iter() {
            let mut d = d.clone();
            if let Some(place) = d.key_path.as_deref().and_then(|p| self.place_of(p)) {
                d = place.locate(file, d);
                d.key_path = None;
            } else if let Some(place) = &self.place {
                // A problem of the whole part (no key path): shown at the province's cell.
                if d.position.is_none() && d.key_path.is_none() {
                    d = place.locate(file, d);
                }
            }
            out.push(d);
        }
        out
    }

    /// The cell of `path`: the row of its nearest registered ancestor, and the column its
    /// remaining key names (`.numerator`, `.note.en`, `.status`, none: the row's key cell).
    pub fn place_of(&self, path: &str) -> Option<Place> {
        let mut p = path;
        let row = loop {
            if let Some(row) = self.rows.get(p) {
                break row;
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        };
        let rest = &path[p.len()..];
        let mut keys = rest
            .trim_start_matches('.')
            .split(['.', '['])
            .filter(|k| !k.is_empty());
        let (field, sub) = (keys.next().unwrap_or(""), keys.next().unwrap_or(""));
        let columns = column_of(field, sub, p.starts_with("tasks"));
        let column = columns
            .iter()
            .find(|c| row.header.iter().any(|(n, _)| n == *c))
            .copied();
        Some(match column {
            Some(c) => self.cell(row, c).unwrap_or_else(|| row.first.clone()),
            None => row.first.clone(),
        })
    }

    /// The cell of `column` in `row`.
    fn cell(&self, row: &RowAt, column: &str) -> Option<Place> {
        let idx = row.header.iter().find(|(n, _)| *n == column)?.1;
        match &row.first {
            Place::Sheet { sheet, row, col } => Some(Place::Sheet {
                sheet: Arc::clone(sheet),
                row: *row,
                col: col + idx as u32,
            }),
            Place::Text(at) => {
                let text = self.text.as_deref()?;
                let starts = self.line_starts.get_or_init(|| {
                    std::iter::once(0)
                        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                        .collect()
                });
                let start = *starts.get(at.line.checked_sub(1)?)?;
                table::field_starts(text, start, at.line, idx + 1)
                    .last()
                    .map(|p| Place::Text(*p))
            }
        }
    }
}

/// The columns a key below a registered row names, in the order to try: a figure's fields
/// (`numerator`), a text's language (`note` + `en` → `note_en`), a task's fields (`title`,
/// `id` → `task`); none for the row's key (its indicator, period or task cell).
fn column_of(field: &str, sub: &str, task: bool) -> &'static [&'static str] {
    let en = sub == "en";
    match field {
        "" if task => &["task"],
        "" => &["indicator", "period"],
        "period" => &["period"],
        "value" => &["value"],
        "numerator" => &["numerator"],
        "denominator" => &["denominator"],
        "stated" => &["stated_rate"],
        "state" => &["state", "form"],
        "qualifier" => &["qualifier"],
        "change" => &["change"],
        "as_of" => &["as_of"],
        "since" => &["since"],
        "source" => &["source", "source_file"],
        "over_100" => &["over_100"],
        "also_printed" => &["also_printed"],
        "by" => &["dimension", "member"],
        "id" => &["task"],
        "due" => &["due"],
        "due_date" => &["due_date"],
        "status" => &["status"],
        "note" if en => &["note_en", "note_vi"],
        "note" => &["note_vi", "note_en"],
        "title" if en => &["title_en", "title_vi"],
        "title" => &["title_vi", "title_en"],
        "owner" if en => &["owner_en", "owner_vi"],
        "owner" => &["owner_vi", "owner_en"],
        "directive" if en => &["directive_en", "directive_vi"],
        "directive" => &["directive_vi", "directive_en"],
        "result" if en => &["result_en", "result_vi"],
        "result" => &["result_vi", "result_en"],
        _ => &[],
    }
}

/// Builds a part: its entries and the index of where each came from.
#[derive(Default)]
struct PartBuilder {
    part: TablePart,
    nodes: HashMap<String, Location>,
    /// The documents already cited, with the cells that describe them.
    documents: FastSet<(String, Vec<(&'static str, String)>)>,
    /// The block of each period (as written).
    blocks: FastMap<String, usize>,
    /// Each figure (period, indicator, breakdown member) and the row that gave it.
    figures: FastMap<FigureName, Place>,
    /// Each task id and the row that gave it.
    task_ids: FastMap<String, Place>,
}

impl PartBuilder {
    /// Record the scalar of `path` as typed (a printed rate's decimals).
    fn at(&mut self, path: String, place: &Place, scalar: Option<String>) {
        let Some(scalar) = scalar else {
            return;
        };
        let value = match place {
            Place::Text(p) => *p,
            Place::Sheet { row, col, .. } => Position {
                line: *row as usize + 1,
                column: *col as usize + 1,
            },
        };
        self.nodes.insert(
            path,
            Location {
                key: None,
                value,
                scalar: Some(scalar),
            },
        );
    }

    /// Record that the entry at `path` (and every key below it) came from `row`.
    fn row(&mut self, path: String, row: RowAt) {
        self.part.rows.entry(path).or_insert(row);
    }

    fn finish(mut self) -> TablePart {
        self.part.index = LocationIndex::from_nodes(self.nodes);
        self.part
    }
}

/// Read every table under `data/`: each file's figures and tasks, per province. Problems of
/// the table itself (a file that does not read, an unknown column, a row without province)
/// are reported here; what the rows say is checked by the validator.
pub fn read(
    root: &Path,
    files: &[String],
    sources: &mut BTreeMap<String, Arc<str>>,
    diags: &mut Diagnostics,
) -> Vec<TableSource> {
    // Each file is read on its own (in parallel), then the results are merged in file order:
    // the same as reading them one by one.
    use rayon::prelude::*;
    let read: Vec<(TableSource, Option<Arc<str>>, Vec<Diagnostic>)> =
        files.par_iter().map(|rel| read_one(root, rel)).collect();
    let mut out = Vec::new();
    for (source, text, found) in read {
        // A workbook has no lines to quote: it is listed with an empty text, so that it counts
        // among the files read.
        sources.insert(source.file.clone(), text.unwrap_or_else(|| Arc::from("")));
        for d in found {
            diags.push(d);
        }
        out.push(source);
    }
    out
}

/// One table file: what it gives each province, its text (a CSV file's) and its problems.
fn read_one(root: &Path, rel: &String) -> (TableSource, Option<Arc<str>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let path = root.join(rel);
    let is_csv = rel.to_ascii_lowercase().ends_with(".csv");
    let sheets = if is_csv {
        table::read(&path, rel).map(|t| vec![t])
    } else {
        table::read_sheets(&path, rel)
    };
    let sheets = match sheets {
        Ok(s) => s,
        Err(table::Unreadable(d)) => {
            diags.push(*d);
            let empty = TableSource {
                file: rel.clone(),
                parts: Vec::new(),
            };
            return (empty, None, diags);
        }
    };
    let text = sheets.first().and_then(|t| t.text.clone());
    let mut parts = Parts::default();
    let mut data = 0;
    for sheet in &sheets {
        if sheet.names(&["province", "indicator"]) {
            figures::read(sheet, &mut parts, &mut diags);
            data += 1;
        } else if sheet.names(&["province", "task"]) {
            tasks::read(sheet, &mut parts, &mut diags);
            data += 1;
        } else if is_csv {
            diags.push(no_data(rel, sheet));
        }
    }
    if data == 0 && !is_csv {
        diags.push(no_data_sheet(rel));
    }
    let source = TableSource {
        file: rel.clone(),
        parts: parts
            .list
            .into_iter()
            .map(|mut b| {
                b.part.text = text.clone();
                b.finish()
            })
            .collect(),
    };
    (source, text, diags)
}

/// The parts of one table, in the order the table first names each province.
#[derive(Default)]
struct Parts {
    list: Vec<PartBuilder>,
    by_province: FastMap<String, usize>,
}

impl Parts {
    /// The builder of `province`'s part, created at the first row that names it.
    fn of(&mut self, province: &str, place: &Place) -> &mut PartBuilder {
        let i = match self.by_province.get(province) {
            Some(i) => *i,
            None => {
                let mut b = PartBuilder::default();
                b.part.province = province.to_string();
                b.part.place = Some(place.clone());
                self.list.push(b);
                self.by_province
                    .insert(province.to_string(), self.list.len() - 1);
                self.list.len() - 1
            }
        };
        &mut self.list[i]
    }
}

/// A CSV file under `data/` whose header is neither a figures nor a tasks header.
fn no_data(file: &str, table: &Table) -> Diagnostic {
    let d = Diagnostic::error(
        "table-header",
        file,
        "this table's header row names neither `province` and `indicator` (figures) nor `province` and `task` (tasks)",
    )
    .help("the first row names the columns, as in the template (`minhbach template`) or the downloads; a table that is not data does not belong in `data/`")
    .vi("hàng tiêu đề của bảng này không có `province` và `indicator` (số liệu), cũng không có `province` và `task` (nhiệm vụ)")
    .vi_help("hàng đầu tiên ghi tên các cột như trong tệp mẫu (`minhbach template`) hoặc tệp tải về; bảng không phải dữ liệu thì không để trong `data/`");
    match table.header.first() {
        Some(c) => c.place.locate(file, d),
        None => d,
    }
}

/// A workbook under `data/` with no sheet of figures or tasks.
fn no_data_sheet(file: &str) -> Diagnostic {
    Diagnostic::error(
        "table-header",
        file,
        "no sheet of this workbook has a header row naming `province` and `indicator` (figures) or `province` and `task` (tasks)",
    )
    .help("the first row of a data sheet names the columns, as in the template (`minhbach template`); a workbook that is not data does not belong in `data/`")
    .vi("không trang tính nào của sổ tính này có hàng tiêu đề chứa `province` và `indicator` (số liệu) hoặc `province` và `task` (nhiệm vụ)")
    .vi_help("hàng đầu tiên của trang dữ liệu ghi tên các cột như trong tệp mẫu (`minhbach template`); sổ tính không phải dữ liệu thì không để trong `data/`")
}
