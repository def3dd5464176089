//! A tasks sheet: one row per task of a province's plan, in the columns of a task of a province
//! file (`tasks:`) → the raw tasks of each province's part.

use super::cells::{text, Row};
use super::{PartBuilder, Parts};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::locate::{join_index, join_key};
use crate::load::raw::{RawScalar, RawTask, RawText};
use crate::load::table::{CellValue, Table};

/// Every column of a tasks sheet, as `tasks:` in a province file names the fields (`task` is
/// the task's `id`; a text in both languages is two columns, `_vi` and `_en`).
pub const COLUMNS: [&str; 17] = [
    "province",
    "task",
    "title_vi",
    "title_en",
    "directive_vi",
    "directive_en",
    "owner_vi",
    "owner_en",
    "due",
    "due_date",
    "status",
    "result_vi",
    "result_en",
    "as_of",
    "source",
    "note_vi",
    "note_en",
];

/// The cells a task cannot do without.
const REQUIRED: [&str; 6] = [
    "province", "task", "title_vi", "owner_vi", "status", "as_of",
];

pub(super) fn read(table: &Table, parts: &mut Parts, diags: &mut Vec<Diagnostic>) {
    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    for (i, cell) in table.header.iter().enumerate() {
        let name = match &cell.value {
            CellValue::Empty => continue,
            other => text(other),
        };
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if columns.iter().any(|(n, _)| n == c) => {
                diags.push(cell.place.locate(&table.file, twice(c)));
            }
            Some(c) => columns.push((c, i)),
            None => diags.push(cell.place.locate(&table.file, unknown(&name))),
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !columns.iter().any(|(n, _)| n == r))
        .collect();
    if !missing.is_empty() {
        if let Some(first) = table.header.first() {
            diags.push(first.place.locate(&table.file, missing_columns(&missing)));
        }
        return;
    }
    let header: std::sync::Arc<[(&'static str, usize)]> = columns.into();
    let by_name = super::cells::index(&header);
    for cells in &table.rows {
        let row = Row {
            file: &table.file,
            header: &header,
            index: &by_name,
            cells,
        };
        task(&row, parts, diags);
    }
}

/// The cells a template fills for a task the province already has (everything but its
/// status and result): a row with only these is a template row left empty, not a task.
pub const PREFILLED: [&str; 11] = [
    "province",
    "task",
    "title_vi",
    "title_en",
    "directive_vi",
    "directive_en",
    "owner_vi",
    "owner_en",
    "due",
    "due_date",
    "as_of",
];

fn task(row: &Row, parts: &mut Parts, diags: &mut Vec<Diagnostic>) {
    let filled = row
        .header
        .iter()
        .filter(|(n, _)| !PREFILLED.contains(n))
        .any(|(n, _)| row.get(n).is_some());
    if !filled {
        return;
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|n| row.get(n).is_none())
        .collect();
    let (Some(province), Some(id), true) =
        (row.get("province"), row.get("task"), missing.is_empty())
    else {
        if let Some(place) = row.first() {
            diags.push(place.locate(row.file, missing_cells(&missing)));
        }
        return;
    };
    let b = parts.of(&text(&province.value), &province.place);
    let id_text = text(&id.value);
    if let Some(first) = b.task_ids.get(&id_text) {
        let (en, vi) = first.describe();
        let d = Diagnostic::error(
            "duplicate-id",
            "",
            format!("the task `{id_text}` is given twice in the table (first at {en})"),
        )
        .help("each task has one row; give the other task an id of its own")
        .vi(format!(
            "nhiệm vụ `{id_text}` có hai lần trong bảng (lần đầu ở {vi})"
        ))
        .vi_help("mỗi nhiệm vụ một hàng; hãy đặt mã khác cho nhiệm vụ kia");
        diags.push(id.place.locate(row.file, d));
        return;
    }
    b.task_ids.insert(id_text.clone(), id.place.clone());
    let path = join_index("tasks", b.part.tasks.len());
    if let Some(at) = row.at() {
        b.row(path.clone(), at);
    }
    let at = |f: &str| join_key(&path, f);
    let required_text = |b: &mut PartBuilder, stem: &str, diags: &mut Vec<Diagnostic>| {
        row.bilingual(b, stem, &at(stem), diags).unwrap_or(RawText {
            vi: String::new(),
            en: None,
        })
    };
    let task = RawTask {
        id: row
            .scalar(b, "task", &at("id"))
            .unwrap_or(RawScalar(id_text)),
        title: required_text(b, "title", diags),
        directive: row.bilingual(b, "directive", &at("directive"), diags),
        owner: required_text(b, "owner", diags),
        due: row.scalar(b, "due", &at("due")),
        due_date: row.scalar(b, "due_date", &at("due_date")),
        status: row.text(b, "status", &at("status")).unwrap_or_default(),
        result: row.bilingual(b, "result", &at("result"), diags),
        as_of: row
            .scalar(b, "as_of", &at("as_of"))
            .unwrap_or(RawScalar(String::new())),
        source: row.text(b, "source", &at("source")),
        note: row.bilingual(b, "note", &at("note"), diags),
    };
    b.part.tasks.push(task);
    b.part.task_places.push(id.place.clone());
}

fn twice(name: &str) -> Diagnostic {
    Diagnostic::error(
        "import-unknown-column",
        "",
        format!("the column `{name}` is named twice"),
    )
    .help("keep one column of each name")
    .vi(format!("cột `{name}` có hai lần"))
    .vi_help("mỗi tên cột chỉ giữ một cột")
}

fn unknown(name: &str) -> Diagnostic {
    let (help, help_vi) = match did_you_mean(name, COLUMNS) {
        Some(near) => (
            format!("did you mean `{near}`?"),
            format!("có phải là `{near}`?"),
        ),
        None => (
            format!("the columns of a tasks sheet are {}", COLUMNS.join(", ")),
            format!("các cột của trang nhiệm vụ là {}", COLUMNS.join(", ")),
        ),
    };
    Diagnostic::error(
        "import-unknown-column",
        "",
        format!("unknown column `{name}`"),
    )
    .help(help)
    .vi(format!("không có cột nào tên `{name}`"))
    .vi_help(help_vi)
}

fn missing_columns(missing: &[&str]) -> Diagnostic {
    let list = quoted(missing);
    Diagnostic::error(
        "import-missing-column",
        "",
        format!("the tasks sheet has no {list} column"),
    )
    .help("add the columns to the header row: every task needs them")
    .vi(format!("trang nhiệm vụ thiếu cột {list}"))
    .vi_help("hãy thêm các cột này vào hàng tiêu đề: nhiệm vụ nào cũng cần")
}

fn missing_cells(missing: &[&str]) -> Diagnostic {
    let list = quoted(missing);
    Diagnostic::error("table-missing-cell", "", format!("this task has no {list}"))
        .help("a task names its province and id, its title and owner in Vietnamese, its status and the date the status is known (`as_of`)")
        .vi(format!("nhiệm vụ này thiếu {list}"))
        .vi_help("mỗi nhiệm vụ ghi tỉnh, mã, tên và đơn vị chủ trì bằng tiếng Việt, tình trạng và ngày xác định tình trạng (`as_of`)")
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
