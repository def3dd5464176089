//! Step 2 of the pipeline: raw structs → the validated [`Site`] model.
//!
//! Input: [`Loaded`] from `load`. Output: a [`Site`] when there is no error, and in every case
//! the complete list of diagnostics: each file is checked as far as it can be, and references
//! between files (indicator, province, dimension member) are checked once all are known. A
//! semantic problem points at its YAML key path; the location index turns that into a line.

mod catalogue;
mod causes;
pub mod live_figures;
mod narrative;
pub mod numbers;
mod observations;
mod pages;
mod province;
pub mod reuse;
mod since;
mod sources;
pub(crate) mod succession;
mod tables;
mod tasks;
pub mod typed_numbers;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::load::locate::LocationIndex;
use crate::load::raw::{RawLabel, RawNumber, RawScalar, RawText};
use crate::load::Loaded;
use crate::model::{Date, Label, Period, Site, Slug, Text};
use numbers::propose;

/// Validate everything that was loaded. Returns the model only when there is no error. The
/// Markdown bodies are moved into the model's pages (the raw pages keep their front matter).
pub fn validate(loaded: &mut Loaded, diags: &mut Diagnostics) -> Option<Site> {
    validate_reusing(loaded, &reuse::Reuse::none(), diags)
}

/// [`validate`], taking from `reuse` the contents of each province file that the validation
/// before this one made from the same text and catalogue (`serve`), and keeping there those
/// of this one.
pub fn validate_reusing(
    loaded: &mut Loaded,
    reuse: &reuse::Reuse,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let mut config = loaded
        .site
        .as_ref()
        .and_then(|s| catalogue::site_config(s, diags));
    let catalogue = catalogue::catalogue(
        loaded.indicators.as_ref(),
        loaded.dimensions.as_ref(),
        diags,
    );
    // Checked even when the settings are unusable (a bad base URL), to report every problem.
    if let Some(doc) = loaded.site.as_ref() {
        let keys = catalogue::key_indicators(doc, &catalogue, diags);
        let services = catalogue::services(doc, &catalogue, diags);
        if let Some(c) = config.as_mut() {
            c.key_indicators = keys;
            c.services = services;
        }
    }
    let catalogue_key = reuse.catalogue_key(loaded);
    let reusing = province::Reusing {
        reuse,
        catalogue: catalogue_key.as_ref(),
        sources: &loaded.sources,
    };
    let mut provinces = province::provinces(
        &loaded.provinces,
        &loaded.unparsed_provinces,
        &catalogue,
        reusing,
        diags,
    );
    tables::tables(
        std::mem::take(&mut loaded.tables),
        &loaded.provinces,
        &catalogue,
        &mut provinces,
        diags,
    );
    let checks = reuse.page_checks(catalogue_key.as_ref(), &provinces);
    let pages = pages::pages(&mut loaded.pages, &provinces, &catalogue, &checks, diags);
    causes::link(diags, &loaded.dropped, loaded.indicators.is_none());

    if diags.has_errors() {
        return None;
    }
    Some(Site {
        config: config?,
        groups: catalogue.groups,
        indicators: catalogue.indicators,
        dimensions: catalogue.dimensions,
        provinces: provinces.provinces,
        reports: provinces.reports,
        observations: provinces.observations,
        targets: catalogue
            .targets
            .into_iter()
            .chain(provinces.targets)
            .collect(),
        tasks: provinces.tasks,
        pages,
    })
}

/// The catalogue alone, checked as [`validate`] checks it: its groups, and the indicators
/// that are valid (those with an error are left out and reported in `diags`). For the commands
/// that only read the catalogue (`minhbach indicators`), which should still answer while a
/// province file is broken.
pub fn catalogue_only(
    loaded: &Loaded,
    diags: &mut Diagnostics,
) -> (
    Vec<crate::model::Group>,
    std::collections::BTreeMap<Slug, crate::model::Indicator>,
) {
    let catalogue = catalogue::catalogue(
        loaded.indicators.as_ref(),
        loaded.dimensions.as_ref(),
        diags,
    );
    (catalogue.groups, catalogue.indicators)
}

/// Where diagnostics of one file go, and how key paths become positions.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub index: &'a LocationIndex,
    pub diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// Report `d` at the value found at `path`.
    pub fn at_value(&mut self, path: &str, d: Diagnostic) {
        let pos = self.index.value(path);
        self.diags.push(d.at(pos).key_path(path));
    }

    /// Report `d` at the key that introduces `path`.
    pub fn at_key(&mut self, path: &str, d: Diagnostic) {
        let pos = self.index.key(path);
        self.diags.push(d.at(pos).key_path(path));
    }

    pub fn error(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.file, message)
    }

    pub fn warning(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, self.file, message)
    }

    pub fn position(&self, path: &str) -> Option<Position> {
        self.index.value(path)
    }

    /// A province's official code: digits (kept as text: `"01"` is not `1`). False, with an
    /// error at `path`, when it is not.
    pub fn code(&mut self, raw: &RawScalar, path: &str) -> bool {
        let c = raw.0.trim();
        if !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        let d = self
            .error(
                "invalid-code",
                format!("province code `{c}` is not a number"),
            )
            .help("write the official code as digits in quotes, e.g. code: \"87\"")
            .vi(format!("mã tỉnh `{c}` không phải là một số"))
            .vi_help(
                "hãy viết mã chính thức bằng chữ số, đặt trong dấu ngoặc kép, ví dụ code: \"87\"",
            );
        self.at_value(path, d);
        false
    }

    /// An id that must be a slug.
    pub fn slug(&mut self, raw: &RawScalar, path: &str, what: &str) -> Option<Slug> {
        match Slug::parse(raw.0.trim()) {
            Some(s) => Some(s),
            None => {
                let d = self
                    .error("invalid-id", format!("{what} `{}` is not a valid id", raw.0))
                    .help(format!(
                        "ids become web addresses: use lowercase letters a–z, digits and single hyphens, e.g. `{}`",
                        Slug::suggest(&raw.0)
                    ))
                    .vi(format!("{} `{}` không hợp lệ", noun_vi(what), raw.0))
                    .vi_help(format!(
                        "mã được dùng làm địa chỉ trang web: chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang `-` (không đặt hai dấu liền nhau), ví dụ `{}`",
                        Slug::suggest(&raw.0)
                    ));
                self.at_value(path, d);
                None
            }
        }
    }

    /// A number field, with a proposal when it was written the Vietnamese way.
    pub fn number(&mut self, raw: &RawNumber, path: &str) -> Option<f64> {
        match raw {
            RawNumber::Number(n) => Some(*n),
            RawNumber::Text(t) => {
                self.not_a_number(t, path);
                None
            }
        }
    }

    pub fn not_a_number(&mut self, text: &str, path: &str) {
        let d = match propose(text) {
            // In a table the fix is a number cell (a CSV's cell without separators).
            Some(p) if self.index.is_tabular() => self
                .error(
                    "number-format",
                    format!("\"{text}\" is written as text, with {}", p.reading),
                )
                .help(format!(
                    "type the number without separators, as a number cell: {}",
                    p.spelled
                ))
                .vi(format!(
                    "máy đọc \"{text}\" là chữ, không phải số, vì {}",
                    p.reading_vi
                ))
                .vi_help(format!(
                    "hãy gõ số không có dấu ngăn cách hàng nghìn, dùng dấu chấm cho phần thập phân, để ô là ô số: {}",
                    p.spelled
                )),
            Some(p) => self
                .error(
                    "number-format",
                    format!("\"{text}\" is written as text, with {}", p.reading),
                )
                .help(format!(
                    "write the number the machine way, without quotes: {}",
                    p.spelled
                ))
                .vi(format!(
                    "máy đọc \"{text}\" là chữ, không phải số, vì {}",
                    p.reading_vi
                ))
                .vi_help(if p.spelled.contains('.') {
                    format!(
                        "hãy viết số theo kiểu máy đọc được, bỏ dấu ngoặc kép và dùng dấu chấm cho phần thập phân: {}",
                        p.spelled
                    )
                } else if text.contains(['.', ',']) {
                    format!(
                        "hãy viết số theo kiểu máy đọc được, bỏ dấu ngoặc kép và dấu ngăn cách hàng nghìn: {}",
                        p.spelled
                    )
                } else {
                    format!(
                        "hãy viết số theo kiểu máy đọc được, bỏ dấu ngoặc kép: {}",
                        p.spelled
                    )
                }),
            None => self
                .error(
                    "invalid-number",
                    format!("expected a number, found \"{text}\""),
                )
                .help("write digits only, with `.` as the decimal mark: 1563652 or 47.41")
                .vi(format!("ở đây cần một số, nhưng lại là \"{text}\""))
                .vi_help("hãy chỉ viết chữ số, dùng dấu chấm `.` cho phần thập phân, ví dụ 1563652 hoặc 47.41"),
        };
        self.at_value(path, d);
    }

    pub fn period(&mut self, raw: &RawScalar, path: &str) -> Option<Period> {
        match Period::parse(&raw.0) {
            Ok(p) => Some(p),
            Err(e) => {
                let (why, why_vi) = match e {
                    crate::model::period::PeriodError::Form => {
                        ("is not a period", "không phải là một kỳ báo cáo")
                    }
                    crate::model::period::PeriodError::OutOfRange => (
                        "names a month, quarter or day that does not exist",
                        "có tháng, quý hoặc ngày không tồn tại",
                    ),
                    crate::model::period::PeriodError::Reversed => (
                        "ends before it starts",
                        "có ngày kết thúc trước ngày bắt đầu",
                    ),
                };
                let d = self
                    .error("invalid-period", format!("`{}` {why}", raw.0))
                    .help("write a month `2025-04`, a quarter `2024-Q2`, a half year `2024-H1`, a year `2024` or a range `2023-12-16..2024-01-15`, in quotes")
                    .vi(format!("`{}` {why_vi}", raw.0))
                    .vi_help("hãy viết kỳ là một tháng `2025-04`, một quý `2024-Q2`, nửa năm `2024-H1`, một năm `2024` hoặc một khoảng ngày `2023-12-16..2024-01-15`, đặt trong dấu ngoặc kép");
                self.at_value(path, d);
                None
            }
        }
    }

    pub fn date(&mut self, raw: &RawScalar, path: &str) -> Option<Date> {
        let text = raw.0.trim();
        if let Some(d) = Date::parse_iso(text) {
            return Some(d);
        }
        let (help, help_vi) = match Date::parse_dmy(text) {
            Some(d) => (
                format!("dates are written year-month-day: {d}"),
                format!("ngày được viết theo thứ tự năm-tháng-ngày: {d}"),
            ),
            None => (
                "write the date as year-month-day, e.g. 2025-02-28".to_string(),
                "hãy viết ngày theo thứ tự năm-tháng-ngày, ví dụ 2025-02-28".to_string(),
            ),
        };
        let d = self
            .error("invalid-date", format!("`{text}` is not a valid date"))
            .help(help)
            .vi(format!("`{text}` không phải là một ngày hợp lệ"))
            .vi_help(help_vi);
        self.at_value(path, d);
        None
    }

    /// Parse one of a fixed set of words, suggesting the closest on a typo.
    pub fn choice<T: Copy>(
        &mut self,
        text: &str,
        path: &str,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == text.trim()) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let (help, help_vi) = match did_you_mean(text.trim(), names.iter().copied()) {
            Some(s) => (
                format!("did you mean `{s}`?"),
                format!("có phải bạn định viết `{s}`?"),
            ),
            None => (
                format!("use one of: {}", names.join(", ")),
                format!("hãy dùng một trong các giá trị: {}", names.join(", ")),
            ),
        };
        let d = self
            .error("invalid-value", format!("`{text}` is not a valid {what}"))
            .help(help)
            .vi(format!("`{text}` không phải là {} hợp lệ", noun_vi(what)))
            .vi_help(help_vi);
        self.at_value(path, d);
        None
    }

    /// Labels must say something in both languages.
    pub fn label(&mut self, raw: &RawLabel, path: &str) -> Label {
        for (lang, language_vi, text) in
            [("vi", "tiếng Việt", &raw.vi), ("en", "tiếng Anh", &raw.en)]
        {
            if text.trim().is_empty() {
                let d = self
                    .error("empty-label", format!("the `{lang}` label is empty"))
                    .help("every label needs Vietnamese and English text")
                    .vi(format!("nhãn {language_vi} (`{lang}`) đang để trống"))
                    .vi_help("mỗi nhãn cần có cả phần tiếng Việt và phần tiếng Anh");
                self.at_value(&format!("{path}.{lang}"), d);
            }
        }
        Label {
            vi: raw.vi.trim().to_string(),
            en: raw.en.trim().to_string(),
        }
    }
}

pub(crate) fn text(raw: &RawText) -> Text {
    Text {
        vi: raw.vi.trim().to_string(),
        en: raw
            .en
            .as_ref()
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
    }
}

/// "did you mean" help for a reference to an unknown id, in English and in Vietnamese.
/// "indicator `x` is not in the catalogue", with a suggestion, in both languages.
/// "dimension `x` is not defined", with a suggestion, in both languages.
pub(crate) fn unknown_dimension<'a>(
    file: &str,
    id: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let (help, help_vi) = unknown_help(id, known, "data/dimensions.yaml");
    Diagnostic::error(
        "unknown-dimension",
        file,
        format!("dimension `{id}` is not defined"),
    )
    .help(help)
    .vi(format!("phân tổ `{id}` chưa được khai báo"))
    .vi_help(help_vi)
    .about(crate::diagnostics::Subject::Dimension(id.to_string()))
}

pub(crate) fn unknown_indicator<'a>(
    file: &str,
    id: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let (help, help_vi) = unknown_help(id, known, "data/indicators.yaml");
    Diagnostic::error(
        "unknown-indicator",
        file,
        format!("indicator `{id}` is not in the catalogue"),
    )
    .help(help)
    .vi(format!("chỉ tiêu `{id}` không có trong danh mục chỉ tiêu"))
    .vi_help(help_vi)
    .about(crate::diagnostics::Subject::Indicator(id.to_string()))
}

pub(crate) fn unknown_help<'a>(
    word: &str,
    known: impl IntoIterator<Item = &'a str>,
    where_defined: &str,
) -> (String, String) {
    let where_vi = place_vi(where_defined);
    match did_you_mean(word, known) {
        Some(s) => (
            format!("did you mean `{s}`? Otherwise, define it in {where_defined}"),
            format!("có phải bạn định viết `{s}`? Nếu không, hãy khai báo mã này trong {where_vi}"),
        ),
        None => (
            format!("define it in {where_defined}, or correct the id"),
            format!("hãy khai báo mã này trong {where_vi}, hoặc sửa lại mã cho đúng"),
        ),
    }
}

/// The help for a member id that is not in its dimension: the likely typo, and the members the
/// dimension has (the first [`MEMBERS_LISTED`] of them), so the author need not open
/// data/dimensions.yaml to find the right one.
pub(crate) fn unknown_member_help(
    word: &str,
    dimension: &crate::model::Dimension,
) -> (String, String) {
    let ids: Vec<&str> = dimension.members.iter().map(|m| m.id.as_str()).collect();
    let mut listed = ids
        .iter()
        .take(MEMBERS_LISTED)
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = ids.len().saturating_sub(MEMBERS_LISTED);
    let mut listed_vi = listed.clone();
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
        listed_vi.push_str(&format!(" và {more} mục khác"));
    }
    let dim = &dimension.id;
    match did_you_mean(word, ids.iter().copied()) {
        Some(s) => (
            format!("did you mean `{s}`? The members of `{dim}` are {listed}"),
            format!("có phải bạn định viết `{s}`? Phân tổ `{dim}` gồm các mục {listed_vi}"),
        ),
        None => (
            format!("the members of `{dim}` are {listed}; a new member is declared in data/dimensions.yaml"),
            format!("phân tổ `{dim}` gồm các mục {listed_vi}; mục mới cần được khai báo trong data/dimensions.yaml"),
        ),
    }
}

/// How many members an unknown-member help lists (a dimension of 53 services is listed in part).
pub(crate) const MEMBERS_LISTED: usize = 12;

/// Where an id is defined (as `unknown_help` receives it), in Vietnamese. File paths stay.
fn place_vi(where_defined: &str) -> String {
    if where_defined == "`groups:` at the top of this file" {
        return "`groups:` ở đầu tệp này".to_string();
    }
    if let Some(rest) = where_defined.strip_prefix("a file ") {
        return format!("một tệp {}", rest.replace("<id>", "<mã>"));
    }
    if let Some(rest) = where_defined.strip_prefix("dimension ") {
        if let Some((name, file)) = rest.split_once(" in ") {
            return format!("phân tổ {name} của {file}");
        }
    }
    where_defined.to_string()
}

/// The Vietnamese for the kinds of ids and values that `Ctx::slug` and `Ctx::choice` name.
fn noun_vi(what: &str) -> String {
    let vi = match what {
        "indicator id" => "mã chỉ tiêu",
        "dimension id" => "mã phân tổ",
        "member id" => "mã mục của phân tổ",
        "group id" => "mã nhóm",
        "province id" => "mã tỉnh",
        "task id" => "mã nhiệm vụ",
        "language" => "ngôn ngữ",
        "group kind" => "loại nhóm",
        "unit" => "đơn vị tính",
        "direction" => "chiều đánh giá",
        "aggregation" => "cách cộng gộp",
        "scope" => "phạm vi số liệu",
        "comparator" => "phép so sánh",
        "qualifier" => "mức độ chính xác",
        "state" => "trạng thái số liệu",
        "task status" => "tình trạng nhiệm vụ",
        other => return format!("`{other}`"),
    };
    vi.to_string()
}
