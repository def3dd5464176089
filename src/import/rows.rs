//! Rows of the table → figures checked against the target site's catalogue, every problem of
//! every row reported, each at its cell.

use super::columns::{Column, Columns};
use super::table::{Cell, CellValue, Place, Table};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::{Date, Figure, Label, Period, Qualifier, Since, Site, Slug, StatedRate, Text};

/// One row of the table, read and checked: a figure, or one member of a breakdown.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// The row's first cell: where "given twice" points.
    pub place: Place,
    pub province: Slug,
    /// The province's code and names, for a province the site does not have yet.
    pub province_code: Option<String>,
    pub province_name: Option<Label>,
    pub indicator: Slug,
    pub breakdown: Option<(Slug, Slug)>,
    pub period: Period,
    pub figure: Figure,
    pub qualifier: Option<Qualifier>,
    pub change: Option<f64>,
    pub as_of: Option<Date>,
    pub since: Option<Since>,
    pub source: Option<String>,
    pub note: Option<Text>,
    pub over_100: Option<String>,
    /// Other printings, each with its source.
    pub also_printed: Vec<(Figure, String)>,
    pub report: Option<ReportRow>,
}

/// The report document a row's `source_file` names.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub file: String,
    pub number: Option<String>,
    pub issued: Option<Date>,
    pub draft: bool,
    pub url: Option<String>,
    /// Required to add the document to a province's `reports:`.
    pub issuer: Option<Text>,
}

/// How the report printed the figure: the `form` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Value,
    Ratio,
    Rate,
    CountWithRate,
    NoCases,
    NotApplicable,
}

const FORMS: [(&str, Form); 6] = [
    ("value", Form::Value),
    ("ratio", Form::Ratio),
    ("rate", Form::Rate),
    ("count_with_rate", Form::CountWithRate),
    ("no_cases", Form::NoCases),
    ("not_applicable", Form::NotApplicable),
];

/// Reads the cells of one row, collecting every problem.
struct RowReader<'a> {
    table: &'a Table,
    columns: &'a Columns,
    row: &'a [Cell],
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

/// Read every row of `table`; rows with a problem are reported and left out.
pub fn read_rows(
    table: &Table,
    columns: &Columns,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Vec<FigureRow> {
    let mut out = Vec::new();
    for row in &table.rows {
        let mut reader = RowReader {
            table,
            columns,
            row,
            diags,
            failed: false,
        };
        if let Some(figure) = reader.figure_row(site) {
            if !reader.failed {
                out.push(figure);
            }
        }
    }
    out
}

impl RowReader<'_> {
    fn cell(&self, column: Column) -> Option<&Cell> {
        self.columns.get(column).and_then(|i| self.row.get(i))
    }

    fn report(&mut self, cell: &Cell, d: Diagnostic) {
        self.failed = true;
        let d = cell.place.locate(&self.table.file, d);
        self.diags.push(d);
    }

    /// The cell's text, trimmed; a number cell is written the machine way.
    fn text(&self, column: Column) -> Option<(String, Cell)> {
        let cell = self.cell(column)?;
        let text = match &cell.value {
            CellValue::Empty => return None,
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Number(n) => format!("{n}"),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Other(o) => o.clone(),
        };
        Some((text, cell.clone()))
    }

    fn plain(&self, column: Column) -> Option<String> {
        self.text(column).map(|(t, _)| t)
    }

    fn slug(&mut self, column: Column, what: (&str, &str)) -> Option<(Slug, Cell)> {
        let (text, cell) = self.text(column)?;
        match Slug::parse(&text) {
            Some(s) => Some((s, cell)),
            None => {
                let proposal = Slug::suggest(&text);
                let d = Diagnostic::error(
                    "import-invalid-id",
                    "",
                    format!("`{text}` is not a valid {} id", what.0),
                )
                .help(format!(
                    "ids are lowercase ASCII letters, digits and hyphens, e.g. `{proposal}`"
                ))
                .vi(format!("`{text}` không phải mã {} hợp lệ", what.1))
                .vi_help(format!(
                    "mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ `{proposal}`"
                ));
                self.report(&cell, d);
                None
            }
        }
    }

    /// A machine number: `1078946`, `73.72`, `-3.5`. Returns the number and the decimals it
    /// was written with (a number cell: those of its shortest form).
    fn number(&mut self, column: Column, name: &str) -> Option<(f64, u32)> {
        let cell = self.cell(column)?.clone();
        match &cell.value {
            CellValue::Empty => None,
            CellValue::Number(n) if n.is_finite() => Some((*n, decimals(&format!("{n}")))),
            CellValue::Text(t) if is_machine_number(t.trim()) => {
                let t = t.trim();
                t.parse::<f64>().ok().map(|n| (n, decimals(t)))
            }
            other => {
                let shown = match other {
                    CellValue::Text(t) => t.trim().to_string(),
                    CellValue::Date(d) => d.to_string(),
                    CellValue::Bool(b) => b.to_string(),
                    CellValue::Other(o) => o.clone(),
                    CellValue::Number(n) => format!("{n}"),
                    CellValue::Empty => String::new(),
                };
                let d = match crate::validate::numbers::propose(&shown) {
                    Some(p) => Diagnostic::error("import-number-format", "", format!("`{name}` is text, not a number: `{shown}` has {}", p.reading))
                        .help(format!("write the number the machine way: {} (dot decimal, no thousands separator, no %)", p.spelled))
                        .vi(format!("`{name}` là chữ, không phải số: `{shown}` {}", p.reading_vi))
                        .vi_help(format!("hãy ghi số theo cách máy đọc: {} (dấu chấm thập phân, không ngăn cách hàng nghìn, không có %)", p.spelled)),
                    None => Diagnostic::error("import-invalid-number", "", format!("`{name}` must be a number, found `{shown}`"))
                        .help("write a machine number such as 1078946 or 73.72, or leave the cell empty")
                        .vi(format!("`{name}` phải là số, nhưng ô ghi `{shown}`"))
                        .vi_help("hãy ghi số theo cách máy đọc, như 1078946 hoặc 73.72, hoặc để trống ô"),
                };
                self.report(&cell, d);
                None
            }
        }
    }

    fn date(&mut self, column: Column, name: &str) -> Option<Date> {
        let cell = self.cell(column)?.clone();
        let text = match &cell.value {
            CellValue::Empty => return None,
            CellValue::Date(d) => return Some(*d),
            CellValue::Text(t) => t.trim().to_string(),
            _ => self.plain(column).unwrap_or_default(),
        };
        if let Some(d) = Date::parse_iso(&text) {
            return Some(d);
        }
        let (help, help_vi) = match Date::parse_dmy(&text) {
            Some(d) => (
                format!("write the date as {d} (year-month-day)"),
                format!("hãy ghi ngày theo dạng {d} (năm-tháng-ngày)"),
            ),
            None => (
                "write the date as YYYY-MM-DD, e.g. 2024-07-05".to_string(),
                "hãy ghi ngày theo dạng YYYY-MM-DD, ví dụ 2024-07-05".to_string(),
            ),
        };
        let d = Diagnostic::error(
            "import-invalid-date",
            "",
            format!("`{name}` is not a date: `{text}`"),
        )
        .help(help)
        .vi(format!("`{name}` không phải ngày: `{text}`"))
        .vi_help(help_vi);
        self.report(&cell, d);
        None
    }

    /// One of a few words; `None` when empty, reported when unknown.
    fn choice<T: Copy>(&mut self, column: Column, name: &str, words: &[(&str, T)]) -> Option<T> {
        let (text, cell) = self.text(column)?;
        if let Some((_, v)) = words.iter().find(|(w, _)| *w == text) {
            return Some(*v);
        }
        let list = words
            .iter()
            .map(|(w, _)| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let near = did_you_mean(&text, words.iter().map(|(w, _)| *w));
        let (help, help_vi) = match near {
            Some(n) => (
                format!("did you mean `{n}`? (one of {list})"),
                format!("có phải là `{n}`? (một trong {list})"),
            ),
            None => (
                format!("write one of {list}"),
                format!("hãy ghi một trong {list}"),
            ),
        };
        let d = Diagnostic::error(
            "import-invalid-choice",
            "",
            format!("`{name}` cannot be `{text}`"),
        )
        .help(help)
        .vi(format!("`{name}` không thể là `{text}`"))
        .vi_help(help_vi);
        self.report(&cell, d);
        None
    }

    fn missing(&mut self, at: &Cell, column: &str, why: (&str, &str)) {
        let d = Diagnostic::error(
            "import-missing-cell",
            "",
            format!("`{column}` is empty: {}", why.0),
        )
        .help(format!("fill the `{column}` cell of this row"))
        .vi(format!("ô `{column}` đang trống: {}", why.1))
        .vi_help(format!("hãy điền ô `{column}` của hàng này"));
        self.report(at, d);
    }

    fn figure_row(&mut self, site: &Site) -> Option<FigureRow> {
        let first = self.row.first()?.clone();
        let province = self.slug(Column::Province, ("province", "tỉnh"));
        let indicator = self.slug(Column::Indicator, ("indicator", "chỉ tiêu"));
        let indicator = indicator.and_then(|(id, cell)| {
            if site.indicators.contains_key(&id) {
                return Some(id);
            }
            let (help, help_vi) = proposal(
                id.as_str(),
                site.indicators.keys().map(Slug::as_str),
                "data/indicators.yaml",
            );
            let d = Diagnostic::error(
                "import-unknown-indicator",
                "",
                format!("unknown indicator `{id}`"),
            )
            .help(help)
            .vi(format!("không có chỉ tiêu `{id}` trong danh mục"))
            .vi_help(help_vi);
            self.report(&cell, d);
            None
        });
        let breakdown = self.breakdown(site, indicator.as_ref());
        let period = self.period();
        let form = self.choice(Column::Form, "form", &FORMS);
        for (column, name) in [
            (Column::Province, "province"),
            (Column::Indicator, "indicator"),
            (Column::Period, "period"),
            (Column::Form, "form"),
        ] {
            let empty = self
                .cell(column)
                .filter(|c| c.value == CellValue::Empty)
                .cloned();
            if let Some(at) = empty {
                self.missing(
                    &at,
                    name,
                    ("every figure needs it", "số liệu nào cũng cần ô này"),
                );
            }
        }
        let figure = form.and_then(|f| self.figure(f));
        let state_words = [
            ("no_cases", Form::NoCases),
            ("not_applicable", Form::NotApplicable),
        ];
        if let (Some(state), Some(form)) = (self.choice(Column::State, "state", &state_words), form)
        {
            if state != form {
                if let Some(cell) = self.cell(Column::State).cloned() {
                    let d = form_mismatch(
                        "`state` says otherwise than `form`",
                        "`state` khác với `form`",
                    );
                    self.report(&cell, d);
                }
            }
        }
        let qualifier = self.choice(
            Column::Qualifier,
            "qualifier",
            &[
                ("approx", Qualifier::Approx),
                ("at_least", Qualifier::AtLeast),
            ],
        );
        let change = self.number(Column::Change, "change").map(|(n, _)| n);
        let as_of = self.date(Column::AsOf, "as_of");
        let since = self.since();
        let note = self.text_pair(Column::NoteVi, Column::NoteEn, "note_vi", "note_en");
        let also_printed = self.also_printed();
        let report = self.report_row();
        let province_name = match (
            self.plain(Column::ProvinceNameVi),
            self.plain(Column::ProvinceNameEn),
        ) {
            (Some(vi), Some(en)) => Some(Label { vi, en }),
            _ => None,
        };
        Some(FigureRow {
            place: first.place,
            province: province?.0,
            province_code: self.plain(Column::ProvinceCode),
            province_name,
            indicator: indicator?,
            breakdown: breakdown?,
            period: period?,
            figure: figure?,
            qualifier,
            change,
            as_of,
            since,
            source: self.plain(Column::Source),
            note,
            over_100: self.plain(Column::Over100),
            also_printed,
            report,
        })
    }

    /// `Some(None)` for a total, `Some(Some(..))` for a member, `None` after a problem.
    fn breakdown(&mut self, site: &Site, indicator: Option<&Slug>) -> Option<Option<(Slug, Slug)>> {
        let dimension = self.slug(Column::Dimension, ("dimension", "phân tổ"));
        let member = self.slug(Column::Member, ("member", "mục"));
        let ((dim, dim_cell), member) = match (dimension, member) {
            (None, None) => {
                let filled = self.text(Column::Dimension).or(self.text(Column::Member));
                return if filled.is_some() { None } else { Some(None) };
            }
            (Some(d), m) => (d, m),
            (None, Some((_, cell))) => {
                self.missing(
                    &cell,
                    "dimension",
                    (
                        "a member belongs to a dimension",
                        "mục nào cũng thuộc một phân tổ",
                    ),
                );
                return None;
            }
        };
        let Some(dimension) = site.dimensions.get(&dim) else {
            let (help, help_vi) = proposal(
                dim.as_str(),
                site.dimensions.keys().map(Slug::as_str),
                "data/dimensions.yaml",
            );
            let d = Diagnostic::error(
                "import-unknown-dimension",
                "",
                format!("unknown dimension `{dim}`"),
            )
            .help(help)
            .vi(format!("không có phân tổ `{dim}`"))
            .vi_help(help_vi);
            self.report(&dim_cell, d);
            return None;
        };
        if let Some(ind) = indicator.and_then(|i| site.indicators.get(i)) {
            if !ind.dimensions.contains(&dim) {
                let d = Diagnostic::error("import-unknown-dimension", "", format!("`{}` is not broken down by `{dim}` in the catalogue", ind.id))
                    .help(format!("add `{dim}` to the indicator's `dimensions:` in data/indicators.yaml, or correct the row"))
                    .vi(format!("trong danh mục, chỉ tiêu `{}` không được chia theo phân tổ `{dim}`", ind.id))
                    .vi_help(format!("hãy thêm `{dim}` vào `dimensions:` của chỉ tiêu trong data/indicators.yaml, hoặc sửa hàng này"));
                self.report(&dim_cell, d);
                return None;
            }
        }
        let Some((member, member_cell)) = member else {
            self.missing(
                &dim_cell,
                "member",
                (
                    "a breakdown row names its member",
                    "hàng của phân tổ phải ghi mục",
                ),
            );
            return None;
        };
        if dimension.members.iter().any(|m| m.id == member) {
            return Some(Some((dim, member)));
        }
        let where_ = format!("dimension `{dim}` in data/dimensions.yaml");
        let (help, help_vi) = proposal(
            member.as_str(),
            dimension.members.iter().map(|m| m.id.as_str()),
            &where_,
        );
        let d = Diagnostic::error(
            "import-unknown-member",
            "",
            format!("`{member}` is not a member of `{dim}`"),
        )
        .help(help)
        .vi(format!("phân tổ `{dim}` không có mục `{member}`"))
        .vi_help(help_vi);
        self.report(&member_cell, d);
        None
    }

    fn period(&mut self) -> Option<Period> {
        let (text, cell) = self.text(Column::Period)?;
        if let Ok(p) = Period::parse(&text) {
            return Some(p);
        }
        let d = Diagnostic::error(
            "import-invalid-period",
            "",
            format!("`{text}` is not a period"),
        )
        .help("write 2025-04 (month), 2024-Q2, 2024-H1, 2024 or 2023-12-16..2024-01-15")
        .vi(format!("`{text}` không phải kỳ báo cáo"))
        .vi_help("hãy ghi 2025-04 (tháng), 2024-Q2, 2024-H1, 2024 hoặc 2023-12-16..2024-01-15");
        self.report(&cell, d);
        None
    }

    fn since(&mut self) -> Option<Since> {
        let cell = self.cell(Column::Since)?.clone();
        if let CellValue::Date(d) = cell.value {
            return Some(Since::Day(d));
        }
        let (text, _) = self.text(Column::Since)?;
        if let Some(s) = Since::parse(&text) {
            return Some(s);
        }
        let d = Diagnostic::error("import-invalid-date", "", format!("`since` is not a day or a month: `{text}`"))
            .help("write the day as 2024-07-01, or the month as 2024-02 when the report names only the month")
            .vi(format!("`since` không phải ngày hay tháng: `{text}`"))
            .vi_help("hãy ghi ngày theo dạng 2024-07-01, hoặc tháng theo dạng 2024-02 khi báo cáo chỉ ghi tháng");
        self.report(&cell, d);
        None
    }

    /// The figure the `form` names, from the cells it needs; a filled cell it does not use is
    /// an error (the row says two things).
    fn figure(&mut self, form: Form) -> Option<Figure> {
        let value = self.number(Column::Value, "value");
        let numerator = self.number(Column::Numerator, "numerator");
        let denominator = self.number(Column::Denominator, "denominator");
        let stated = self.stated();
        let form_cell = self.cell(Column::Form).cloned()?;
        // What the row fills, read or not (a number that could not be read is reported once,
        // as such, not again as missing).
        let present = |c: Column| self.cell(c).is_some_and(|c| c.value != CellValue::Empty);
        let has = [
            Column::Value,
            Column::Numerator,
            Column::Denominator,
            Column::StatedRate,
        ]
        .map(present);
        let unread = [
            value.is_none(),
            numerator.is_none(),
            denominator.is_none(),
            stated.is_none(),
        ];
        if has.iter().zip(unread).any(|(h, u)| *h && u) {
            return None;
        }
        let [value_in, numerator_in, denominator_in, stated_in] = has;
        let when = |name: &'static str, cond: bool| cond.then_some(name);
        let (needs, unused): (Vec<&str>, Vec<&str>) = match form {
            Form::Value => (
                [when("value", !value_in)].into_iter().flatten().collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                    when("stated_rate", stated_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            // `value` of a ratio is the rate the site derives: not read.
            Form::Ratio => (
                [
                    when("numerator", !numerator_in),
                    when("denominator", !denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
                Vec::new(),
            ),
            Form::Rate => (
                [when("stated_rate", !stated_in)]
                    .into_iter()
                    .flatten()
                    .collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            Form::CountWithRate => (
                [when("value", !value_in), when("stated_rate", !stated_in)]
                    .into_iter()
                    .flatten()
                    .collect(),
                [
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
            Form::NoCases | Form::NotApplicable => (
                Vec::new(),
                [
                    when("value", value_in),
                    when("numerator", numerator_in),
                    when("denominator", denominator_in),
                    when("stated_rate", stated_in),
                ]
                .into_iter()
                .flatten()
                .collect(),
            ),
        };
        let form_name = FORMS
            .iter()
            .find(|(_, f)| *f == form)
            .map_or("", |(n, _)| *n);
        if !needs.is_empty() || !unused.is_empty() {
            let mut en = Vec::new();
            let mut vi = Vec::new();
            if !needs.is_empty() {
                en.push(format!("needs {}", quoted(&needs)));
                vi.push(format!("cần ô {}", quoted(&needs)));
            }
            if !unused.is_empty() {
                en.push(format!("does not use {}", quoted(&unused)));
                vi.push(format!("không dùng ô {}", quoted(&unused)));
            }
            let d = form_mismatch(
                &format!("a `{form_name}` figure {}", en.join(" and ")),
                &format!("số liệu dạng `{form_name}` {}", vi.join(" và ")),
            );
            self.report(&form_cell, d);
            return None;
        }
        if form == Form::Rate {
            if let (Some((v, _)), Some(s)) = (value, stated) {
                if v != s.value {
                    let d = form_mismatch(
                        &format!("`value` {v} is not the printed rate {}", s.value),
                        &format!("`value` {v} khác tỷ lệ đã in {}", s.value),
                    );
                    self.report(&form_cell, d);
                    return None;
                }
            }
        }
        Some(match form {
            Form::Value => Figure::Value(value?.0),
            Form::Ratio => Figure::Ratio {
                numerator: numerator?.0,
                denominator: denominator?.0,
                stated,
            },
            Form::Rate => Figure::Stated(stated?),
            Form::CountWithRate => Figure::CountWithRate {
                value: value?.0,
                stated: stated?,
            },
            Form::NoCases => Figure::NoCases,
            Form::NotApplicable => Figure::NotApplicable,
        })
    }

    /// The printed rate, with the decimals of `stated_decimals` when given (so that `80.10`
    /// stays `80.10`), else those it was written with.
    fn stated(&mut self) -> Option<StatedRate> {
        let (value, shown) = self.number(Column::StatedRate, "stated_rate")?;
        let Some((places, _)) = self.number(Column::StatedDecimals, "stated_decimals") else {
            return Some(StatedRate {
                value,
                decimals: shown,
            });
        };
        let cell = self.cell(Column::StatedDecimals).cloned()?;
        let fits = places.fract() == 0.0 && (0.0..=10.0).contains(&places) && {
            let d = places as usize;
            format!("{value:.d$}").parse::<f64>().ok() == Some(value)
        };
        if !fits {
            let d = Diagnostic::error(
                "import-invalid-number",
                "",
                format!("`stated_decimals` {places} does not fit the rate {value}"),
            )
            .help(format!(
                "write the number of decimals the rate was printed with, at least {shown}"
            ))
            .vi(format!(
                "`stated_decimals` {places} không khớp tỷ lệ {value}"
            ))
            .vi_help(format!(
                "hãy ghi số chữ số thập phân của tỷ lệ như đã in, ít nhất là {shown}"
            ));
            self.report(&cell, d);
            return None;
        }
        Some(StatedRate {
            value,
            decimals: places as u32,
        })
    }

    fn text_pair(&mut self, vi: Column, en: Column, vi_name: &str, en_name: &str) -> Option<Text> {
        match (self.plain(vi), self.plain(en)) {
            (Some(vi), en) => Some(Text { vi, en }),
            (None, Some(_)) => {
                let cell = self.cell(en).cloned()?;
                let d = Diagnostic::error(
                    "import-missing-cell",
                    "",
                    format!("`{en_name}` is given without `{vi_name}`"),
                )
                .help(format!(
                    "fill `{vi_name}`: the Vietnamese text is the one the report printed"
                ))
                .vi(format!("có `{en_name}` nhưng thiếu `{vi_name}`"))
                .vi_help(format!(
                    "hãy điền `{vi_name}`: bản tiếng Việt là câu chữ báo cáo đã in"
                ));
                self.report(&cell, d);
                None
            }
            (None, None) => None,
        }
    }

    fn report_row(&mut self) -> Option<ReportRow> {
        let file = self.plain(Column::SourceFile)?;
        let draft = match self.text(Column::SourceDraft) {
            None => false,
            Some((t, cell)) => match t.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    let d = Diagnostic::error(
                        "import-invalid-choice",
                        "",
                        format!("`source_draft` cannot be `{t}`"),
                    )
                    .help("write `true` for a draft, `false` or nothing otherwise")
                    .vi(format!("`source_draft` không thể là `{t}`"))
                    .vi_help("hãy ghi `true` nếu là bản dự thảo, `false` hoặc để trống nếu không");
                    self.report(&cell, d);
                    false
                }
            },
        };
        Some(ReportRow {
            file,
            number: self.plain(Column::SourceNumber),
            issued: self.date(Column::SourceIssued, "source_issued"),
            draft,
            url: self.plain(Column::SourceUrl),
            issuer: self.text_pair(
                Column::SourceIssuerVi,
                Column::SourceIssuerEn,
                "source_issuer_vi",
                "source_issuer_en",
            ),
        })
    }

    fn also_printed(&mut self) -> Vec<(Figure, String)> {
        let Some((text, cell)) = self.text(Column::AlsoPrinted) else {
            return Vec::new();
        };
        match super::printings::parse(&text) {
            Ok(list) => list,
            Err(item) => {
                let d = Diagnostic::error("import-invalid-number", "", format!("`also_printed` cannot be read at `{item}`"))
                    .help("write each printing as value@source, numerator/denominator@source, numerator/denominator=stated@source or =stated@source, separated by `;`")
                    .vi(format!("không đọc được `also_printed` ở `{item}`"))
                    .vi_help("hãy ghi mỗi lần in theo dạng giá_trị@nguồn, tử_số/mẫu_số@nguồn, tử_số/mẫu_số=tỷ_lệ@nguồn hoặc =tỷ_lệ@nguồn, cách nhau bằng `;`");
                self.report(&cell, d);
                Vec::new()
            }
        }
    }
}

fn form_mismatch(en: &str, vi: &str) -> Diagnostic {
    Diagnostic::error("import-form-mismatch", "", en.to_string())
        .help("`form` says how the report printed the figure: value (value), ratio (numerator, denominator, maybe stated_rate), rate (stated_rate), count_with_rate (value, stated_rate), no_cases and not_applicable (no number)")
        .vi(vi.to_string())
        .vi_help("`form` cho biết báo cáo in số liệu thế nào: value (value), ratio (numerator, denominator, có thể thêm stated_rate), rate (stated_rate), count_with_rate (value, stated_rate), no_cases và not_applicable (không có số)")
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The help for an unknown id: the nearest known one, or where the known ones are.
fn proposal<'a>(
    word: &str,
    known: impl IntoIterator<Item = &'a str>,
    place: &str,
) -> (String, String) {
    match did_you_mean(word, known) {
        Some(near) => (
            format!("did you mean `{near}`?"),
            format!("có phải là `{near}`?"),
        ),
        None => (
            format!("use an id declared in {place}"),
            format!("hãy dùng một mã đã khai báo trong {place}"),
        ),
    }
}

/// `-3.5`, `1078946`, `73.72`: digits, an optional minus and decimal dot.
pub fn is_machine_number(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn decimals(t: &str) -> u32 {
    crate::validate::numbers::decimals_shown(t)
}
