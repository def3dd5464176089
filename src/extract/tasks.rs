//! The appendix of tasks: a table whose rows are numbered (`STT`), with the task, its owner,
//! its deadline as written and the result, where the status is the column the result stands
//! in (`Hoàn thành`, `Chưa hoàn thành`, `Thực hiện thường xuyên`, `Đang triển khai`).
//!
//! Input: the report's lines (a table row is a line of tab-separated cells, as both the
//! plain-text reports and the Word reader give them). Output: [`TaskRow`]s. The header may be
//! repeated at every page break (it is skipped), a row cut by a page break continues on lines
//! whose first cell is empty (their cells are appended to the row's), and a row with text in
//! its first cell and nothing else is a group heading.

use super::numbers::{clean, fold_line};

/// One task of the appendix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    /// The row number as written (`STT`).
    pub number: String,
    /// 1-based line of the row's first line.
    pub line: usize,
    pub title: String,
    pub owner: String,
    pub directive: String,
    /// As written (`Quý II/2024`, `Thường xuyên`).
    pub due: String,
    /// `done`, `in-progress`, `not-done`, `recurring` or `awaiting-guidance`, when a status
    /// column or word says it.
    pub status: Option<&'static str>,
    /// The result as written (the text of the status columns that is not a mere `X`).
    pub result: String,
}

/// What a column of the table holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Title,
    Owner,
    Directive,
    Due,
    Status(&'static str),
    Other,
}

fn column(header: &str) -> Column {
    let h = header.trim();
    if h == "stt" || h == "tt" {
        Column::Number
    } else if h.contains("chua hoan thanh") {
        Column::Status("not-done")
    } else if h.contains("thuong xuyen") {
        Column::Status("recurring")
    } else if h.contains("dang trien khai") || h.contains("dang thuc hien") {
        Column::Status("in-progress")
    } else if h.contains("hoan thanh") && !h.contains("thoi gian") && !h.contains("thoi han") {
        Column::Status("done")
    } else if h.contains("thoi gian") || h.contains("thoi han") || h.contains("tien do") {
        Column::Due
    } else if h.contains("don vi") || h.contains("chu tri") || h.contains("co quan") {
        Column::Owner
    } else if h.contains("van ban") || h.contains("can cu") {
        Column::Directive
    } else if h.contains("noi dung") || h.contains("nhiem vu") || h.contains("ten ") {
        Column::Title
    } else {
        Column::Other
    }
}

/// The status of a row from the words of its result, when no column says it.
fn status_in_words(result: &str) -> Option<&'static str> {
    let f = fold_line(result);
    if f.contains("cho huong dan") {
        Some("awaiting-guidance")
    } else if f.contains("chua hoan thanh") || f.contains("chua trien khai") {
        Some("not-done")
    } else if f.contains("dang trien khai") || f.contains("dang thuc hien") {
        Some("in-progress")
    } else if f.contains("thuong xuyen") {
        Some("recurring")
    } else if f.contains("hoan thanh") || f.contains("da trien khai xong") {
        Some("done")
    } else {
        None
    }
}

/// The tasks of the report's appendix (empty when it has none).
pub fn tasks(lines: &[String]) -> Vec<TaskRow> {
    let mut columns: Vec<Column> = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut in_header = false;
    for (i, raw) in lines.iter().enumerate() {
        if !raw.contains('\t') {
            in_header = false;
            continue;
        }
        let cells: Vec<String> = raw
            .split('\t')
            .map(|c| clean(c).trim().to_string())
            .collect();
        let folded: Vec<String> = cells.iter().map(|c| fold_line(c)).collect();
        if folded.first().is_some_and(|c| column(c) == Column::Number) {
            columns = folded.iter().map(|c| column(c)).collect();
            in_header = true;
            continue;
        }
        if columns.is_empty() {
            continue;
        }
        let first_empty = cells.first().is_none_or(String::is_empty);
        let names_columns = folded
            .iter()
            .any(|c| !c.is_empty() && column(c) != Column::Other);
        if in_header && first_empty && names_columns {
            // The second line of a two-line header: its names refine the first line's.
            in_header = false;
            for (j, c) in folded.iter().enumerate() {
                if c.is_empty() {
                    continue;
                }
                let kind = column(c);
                match columns.get_mut(j) {
                    Some(slot) => *slot = kind,
                    None => {
                        columns.resize(j, Column::Other);
                        columns.push(kind);
                    }
                }
            }
            continue;
        }
        in_header = false;
        let numbered = cells
            .first()
            .is_some_and(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()));
        if numbered {
            rows.push((i + 1, cells));
        } else if first_empty {
            if let Some((_, row)) = rows.last_mut() {
                for (j, c) in cells.into_iter().enumerate() {
                    if c.is_empty() {
                        continue;
                    }
                    if row.len() <= j {
                        row.resize(j + 1, String::new());
                    }
                    if !row[j].is_empty() {
                        row[j].push(' ');
                    }
                    row[j].push_str(&c);
                }
            }
        }
    }
    rows.into_iter()
        .map(|(line, cells)| task(line, &cells, &columns))
        .collect()
}

fn task(line: usize, cells: &[String], columns: &[Column]) -> TaskRow {
    let mut t = TaskRow {
        number: cells.first().cloned().unwrap_or_default(),
        line,
        title: String::new(),
        owner: String::new(),
        directive: String::new(),
        due: String::new(),
        status: None,
        result: String::new(),
    };
    let mut statuses: Vec<&'static str> = Vec::new();
    let mut results: Vec<&str> = Vec::new();
    for (j, cell) in cells.iter().enumerate().skip(1) {
        if cell.is_empty() {
            continue;
        }
        match columns.get(j).copied().unwrap_or(Column::Other) {
            Column::Title => t.title = cell.clone(),
            Column::Owner => t.owner = cell.clone(),
            Column::Directive => t.directive = cell.clone(),
            Column::Due => t.due = cell.clone(),
            Column::Status(s) => {
                statuses.push(s);
                if !cell.eq_ignore_ascii_case("x") {
                    results.push(cell);
                }
            }
            Column::Number | Column::Other => {}
        }
    }
    t.result = results.join(" ");
    let worded = status_in_words(&t.result);
    t.status = match (statuses.as_slice(), worded) {
        // "Chờ hướng dẫn" as the whole outcome (in the not-done column, or in none): waiting,
        // not abandoned. Beside a done or in-progress column it qualifies a partial result.
        ([] | ["not-done"], Some("awaiting-guidance")) => Some("awaiting-guidance"),
        ([one], _) => Some(one),
        // Several columns used: the row is partly done and still going on.
        ([_, ..], _) if statuses.contains(&"in-progress") => Some("in-progress"),
        ([first, ..], _) => Some(first),
        ([], w) => w,
    };
    t
}
