//! The workbook itself, with `rust_xlsxwriter`: the figures sheet `Số liệu`, the tasks sheet
//! `Nhiệm vụ`, the instructions `Hướng dẫn`, and the hidden `Danh sách` that holds the long
//! drop-down lists.
//!
//! Prefilled cells are grey and their headers too, so that what to type stands out in white.
//! They are not locked: a publisher may still correct a period or copy a row, and a protected
//! sheet would also forbid the filter and the pasting of a block of figures. Every typed column
//! is formatted for what it holds (text stays text: `2025-04` does not become a date), and the
//! sheet refuses what the site would refuse anyway: a word not in a list, text in a number
//! column. Each header carries its description as a note.
//!
//! The document's creation date is fixed (1980-01-01, as the downloads'), so the same site
//! and request give the same bytes.

use super::columns::{position, Entry, TemplateColumn, FIGURE_COLUMNS, TASK_COLUMNS};
use super::guide::{guide, GuideRow, GuideStyle};
use super::lists::{Lists, LISTS_SHEET};
use super::rows::{due_date, figure_rows, known_tasks, FigureRow};
use super::rules::{date_rule, entry_rules, list_rule, validate_column};
use crate::model::{Date, Period, Province, Site, Task};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

pub const FIGURES_SHEET: &str = "Số liệu";
pub const TASKS_SHEET: &str = "Nhiệm vụ";
pub const GUIDE_SHEET: &str = "Hướng dẫn";

/// What the template is made for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub site: &'a Site,
    pub province: &'a Province,
    pub period: Option<&'a Period>,
}

/// What the workbook holds, for the command's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    /// Rows of the figures sheet (totals and breakdown members).
    pub figure_rows: usize,
    /// Of which, indicators (the totals).
    pub indicators: usize,
    /// Tasks pre-listed on the tasks sheet.
    pub tasks: usize,
}

/// The workbook's bytes and what it holds.
pub fn workbook(request: Request) -> Result<(Vec<u8>, Contents), XlsxError> {
    let f = Formats::new();
    let lists = Lists::new(request.site);
    let rows = figure_rows(request.site);
    let tasks = known_tasks(request.site, &request.province.slug);
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    let title = match request.period {
        Some(p) => format!(
            "Mẫu số liệu: {}, {}",
            request.province.name.vi,
            p.label(crate::model::Lang::Vi)
        ),
        None => format!("Mẫu số liệu: {}", request.province.name.vi),
    };
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&created),
    );
    figures_sheet(book.add_worksheet(), &request, &rows, &lists, &f)?;
    tasks_sheet(book.add_worksheet(), &request, &tasks, &lists, &f)?;
    guide_sheet(book.add_worksheet(), &request, &lists, &f)?;
    lists_sheet(book.add_worksheet(), &lists, &f)?;
    let contents = Contents {
        figure_rows: rows.len(),
        indicators: rows.iter().filter(|r| r.member.is_none()).count(),
        tasks: tasks.len(),
    };
    Ok((book.save_to_buffer()?, contents))
}

/// The formats the sheets share.
struct Formats {
    header_prefilled: Format,
    header_to_fill: Format,
    prefilled: Format,
    prefilled_date: Format,
    text: Format,
    number: Format,
    whole: Format,
    date: Format,
    bold: Format,
    title: Format,
    wrap: Format,
}

const GREY: u32 = 0xE7E6E6;
const HEADER_GREY: u32 = 0xBFBFBF;
const HEADER_YELLOW: u32 = 0xFFE699;

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            header_prefilled: header.clone().set_background_color(HEADER_GREY),
            header_to_fill: header.set_background_color(HEADER_YELLOW),
            prefilled: Format::new().set_background_color(GREY).set_num_format("@"),
            prefilled_date: Format::new()
                .set_background_color(GREY)
                .set_num_format("yyyy-mm-dd"),
            text: Format::new().set_num_format("@"),
            number: Format::new().set_num_format("General"),
            whole: Format::new().set_num_format("0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            wrap: Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
        }
    }

    fn column(&self, entry: Entry) -> &Format {
        match entry {
            Entry::Text | Entry::Code => &self.text,
            Entry::Number => &self.number,
            Entry::Whole => &self.whole,
            Entry::Date => &self.date,
        }
    }
}

/// A value of a prefilled cell.
enum Prefill {
    Text(String),
    Date(Date),
}

pub(super) fn col(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn row(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    let part = |x: u32| u8::try_from(x).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()));
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, part(d.month())?, part(d.day())?)
}

/// The header row (with each column's description as a note), the column formats and widths,
/// the frozen header and the filter.
fn frame(
    sheet: &mut Worksheet,
    columns: &[TemplateColumn],
    widths: &[usize],
    rows: usize,
    period: Option<&Period>,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, c) in columns.iter().enumerate() {
        let header = match c.is_prefilled(period) {
            true => &f.header_prefilled,
            false => &f.header_to_fill,
        };
        sheet.write_string_with_format(0, col(i)?, c.name, header)?;
        let note = Note::new(c.about_vi())
            .set_author("minhbach")
            .add_author_prefix(false)
            .set_width(360)
            .set_height(120);
        sheet.insert_note(0, col(i)?, &note)?;
        sheet.set_column_format(col(i)?, f.column(c.entry))?;
        let width = widths.get(i).copied().unwrap_or(10);
        sheet.set_column_width(col(i)?, width as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        row(rows.max(1))?,
        col(columns.len().saturating_sub(1))?,
    )?;
    Ok(())
}

/// A column's width: its header and prefilled values, within bounds; a typed column is as
/// wide as its kind of content needs.
fn widths(columns: &[TemplateColumn], cells: &[Vec<Option<Prefill>>]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let longest = cells
                .iter()
                .filter_map(|r| r.get(i).and_then(Option::as_ref))
                .map(|v| match v {
                    Prefill::Text(t) => t.chars().count(),
                    Prefill::Date(_) => 10,
                })
                .max()
                .unwrap_or(0);
            let typed = match c.entry {
                Entry::Text if !c.prefilled => 40,
                Entry::Number => 14,
                _ => 12,
            };
            (longest.max(c.name.len()) + 2).max(typed).min(60)
        })
        .collect()
}

/// Write one prefilled row: grey cells, even the empty ones of prefilled columns.
fn prefilled_row(
    sheet: &mut Worksheet,
    r: u32,
    columns: &[TemplateColumn],
    cells: &[Option<Prefill>],
    period: Option<&Period>,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, c) in columns.iter().enumerate() {
        if !c.is_prefilled(period) {
            continue;
        }
        match cells.get(i).and_then(Option::as_ref) {
            Some(Prefill::Text(t)) => {
                sheet.write_string_with_format(r, col(i)?, t, &f.prefilled)?;
            }
            Some(Prefill::Date(d)) => {
                sheet.write_datetime_with_format(r, col(i)?, excel_date(*d)?, &f.prefilled_date)?;
            }
            None => {
                sheet.write_blank(r, col(i)?, &f.prefilled)?;
            }
        }
    }
    Ok(())
}

fn figure_cells(request: &Request, row: &FigureRow) -> Vec<Option<Prefill>> {
    let text = |s: &str| Some(Prefill::Text(s.to_string()));
    FIGURE_COLUMNS
        .iter()
        .map(|c| match c.name {
            "province" => text(request.province.slug.as_str()),
            "indicator" => text(row.indicator.id.as_str()),
            "indicator_label_vi" => text(&row.indicator.label.vi),
            "unit" => text(row.indicator.unit.id()),
            "scope" => text(row.indicator.scope.id()),
            "group" => text(row.indicator.group.as_str()),
            "dimension" => row.member.and_then(|(d, _)| text(d.id.as_str())),
            "member" => row.member.and_then(|(_, m)| text(m.id.as_str())),
            "member_label_vi" => row.member.and_then(|(_, m)| text(&m.label.vi)),
            "period" => request.period.and_then(|p| text(&p.key())),
            _ => None,
        })
        .collect()
}

fn task_cells(request: &Request, task: &Task) -> Vec<Option<Prefill>> {
    let text = |s: &str| Some(Prefill::Text(s.to_string())).filter(|_| !s.is_empty());
    let en = |t: &crate::model::Text| t.en.as_deref().and_then(text);
    TASK_COLUMNS
        .iter()
        .map(|c| match c.name {
            "province" => text(request.province.slug.as_str()),
            "task" => text(task.id.as_str()),
            "title_vi" => text(&task.title.vi),
            "title_en" => en(&task.title),
            "owner_vi" => text(&task.owner.vi),
            "owner_en" => en(&task.owner),
            "directive_vi" => task.directive.as_ref().and_then(|d| text(&d.vi)),
            "directive_en" => task.directive.as_ref().and_then(en),
            "due" => task.due.as_ref().and_then(|d| text(&d.written)),
            "due_date" => task.due.as_ref().and_then(due_date).map(Prefill::Date),
            "as_of" => request.period.and_then(|p| text(&p.key())),
            _ => None,
        })
        .collect()
}

fn figures_sheet(
    sheet: &mut Worksheet,
    request: &Request,
    rows: &[FigureRow],
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(FIGURES_SHEET)?;
    sheet.set_active(true);
    let cells: Vec<Vec<Option<Prefill>>> = rows.iter().map(|r| figure_cells(request, r)).collect();
    frame(
        sheet,
        FIGURE_COLUMNS,
        &widths(FIGURE_COLUMNS, &cells),
        rows.len(),
        request.period,
        f,
    )?;
    for (i, of) in cells.iter().enumerate() {
        prefilled_row(sheet, row(i + 1)?, FIGURE_COLUMNS, of, request.period, f)?;
    }
    validate_column(
        sheet,
        FIGURE_COLUMNS,
        "indicator",
        &list_rule(&lists.indicators)?,
    )?;
    validate_column(
        sheet,
        FIGURE_COLUMNS,
        "dimension",
        &list_rule(&lists.dimensions)?,
    )?;
    validate_column(sheet, FIGURE_COLUMNS, "state", &list_rule(&lists.states)?)?;
    validate_column(
        sheet,
        FIGURE_COLUMNS,
        "qualifier",
        &list_rule(&lists.qualifiers)?,
    )?;
    entry_rules(sheet, FIGURE_COLUMNS, request.period)?;
    // The members of a breakdown: each block of rows offers its own dimension's members.
    if let Some(m) = position(FIGURE_COLUMNS, "member") {
        let mut start = 0;
        while start < rows.len() {
            let Some((dimension, _)) = rows[start].member else {
                start += 1;
                continue;
            };
            let same = |r: &FigureRow| {
                r.member.is_some_and(|(d, _)| d.id == dimension.id)
                    && r.indicator.id == rows[start].indicator.id
            };
            let end = start + rows[start..].iter().take_while(|r| same(r)).count();
            if let Some(list) = lists.members_of(&dimension.id) {
                let (first, last) = (row(start + 1)?, row(end)?);
                sheet.add_data_validation(first, col(m)?, last, col(m)?, &list_rule(list)?)?;
            }
            start = end;
        }
    }
    Ok(())
}

fn tasks_sheet(
    sheet: &mut Worksheet,
    request: &Request,
    tasks: &[&Task],
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(TASKS_SHEET)?;
    let cells: Vec<Vec<Option<Prefill>>> = tasks.iter().map(|t| task_cells(request, t)).collect();
    frame(
        sheet,
        TASK_COLUMNS,
        &widths(TASK_COLUMNS, &cells),
        tasks.len(),
        request.period,
        f,
    )?;
    for (i, of) in cells.iter().enumerate() {
        prefilled_row(sheet, row(i + 1)?, TASK_COLUMNS, of, request.period, f)?;
    }
    validate_column(sheet, TASK_COLUMNS, "status", &list_rule(&lists.statuses)?)?;
    validate_column(sheet, TASK_COLUMNS, "due_date", &date_rule()?)?;
    entry_rules(sheet, TASK_COLUMNS, request.period)?;
    Ok(())
}

fn guide_sheet(
    sheet: &mut Worksheet,
    request: &Request,
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(GUIDE_SHEET)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 110)?;
    for (i, GuideRow { a, b, c, style }) in guide(request, lists).into_iter().enumerate() {
        let r = row(i)?;
        let (first, rest) = match style {
            GuideStyle::Title => (&f.title, &f.title),
            GuideStyle::Heading => (&f.bold, &f.bold),
            GuideStyle::Text => (&f.bold, &f.wrap),
        };
        for (j, (text, format)) in [(a, first), (b, rest), (c, rest)].into_iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string_with_format(r, col(j)?, text, format)?;
            }
        }
    }
    Ok(())
}

fn lists_sheet(sheet: &mut Worksheet, lists: &Lists, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(LISTS_SHEET)?;
    sheet.set_hidden(true);
    for list in lists.all() {
        sheet.write_string_with_format(0, list.column, &list.title, &f.bold)?;
        for (i, value) in list.values.iter().enumerate() {
            sheet.write_string(row(i + 1)?, list.column, value)?;
        }
        let width = list
            .values
            .iter()
            .map(|v| v.chars().count())
            .chain([list.title.chars().count()])
            .max()
            .unwrap_or(10);
        sheet.set_column_width(list.column, (width + 2) as f64)?;
    }
    Ok(())
}
