//! `minhbach new report <province> <period>`: a report's narratives, in Vietnamese
//! (`<period>.md`) and in English (`<period>.en.md`, when the site is published in English),
//! and the report's entry in the province's `reports:` (appended after the last one; the
//! rest of the file is left byte for byte).
//!
//! A period the province did not live through is refused with the validator's own lifetime
//! check (`validate::succession`), which names the unit the report belongs to.

use super::{ask_missing, check_and_write, Ask, Created, Field, Flags, NewError};
use crate::diagnostics::{Diagnostic, Position};
use crate::edits::Edit;
use crate::import::emit::{quote, Node};
use crate::import::insert;
use crate::model::{Lang, Period, Province, Slug};
use crate::validate::succession::{self, Dated};
use std::borrow::Cow;
use std::path::Path;

/// What `new report` was given (every value as typed; `None` when not given).
#[derive(Debug, Clone, Default)]
pub struct ReportFlags {
    pub province: String,
    pub period: String,
    pub file: Option<String>,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub issuer_vi: Option<String>,
    pub issuer_en: Option<String>,
    pub url: Option<String>,
    pub draft: bool,
}

impl ReportFlags {
    /// The flags of the `reports:` entry that were given.
    fn entry_flags(&self) -> Vec<&'static str> {
        [
            ("--file", self.file.is_some()),
            ("--number", self.number.is_some()),
            ("--issued", self.issued.is_some()),
            ("--issuer-vi", self.issuer_vi.is_some()),
            ("--issuer-en", self.issuer_en.is_some()),
            ("--url", self.url.is_some()),
            ("--draft", self.draft),
        ]
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(flag, _)| flag)
        .collect()
    }
}

const FILE: Field = Field {
    flag: "--file",
    en: "the report's file (the document its figures are read from)",
    vi: "tệp của báo cáo (văn bản chứa các số liệu)",
    example: Cow::Borrowed("001_119edbf7d88bd97e.txt"),
};
/// The issuer's flag, with the usual issuer of a provincial report as its example.
fn issuer_vi(province: &Province) -> Field {
    // "An Giang (từ 01/07/2025)" is named "An Giang" in its documents.
    let name = province.name.vi.split(" (").next().unwrap_or_default();
    Field {
        flag: "--issuer-vi",
        en: "the issuing body's name in Vietnamese",
        vi: "tên cơ quan ban hành bằng tiếng Việt",
        example: Cow::Owned(format!("Ủy ban nhân dân tỉnh {name}")),
    }
}

/// Create the narratives of `province`'s report for `period` in the site under `root`, and
/// list the report in the province's file when it is not listed yet.
pub fn new_report(
    root: &Path,
    given: ReportFlags,
    ask: Option<Ask>,
    lang: Lang,
) -> Result<Created, NewError> {
    let mut flags = Flags::new();
    let slug = flags.slug("<province>", &given.province, "province id");
    let period = flags.period("<period>", &given.period);
    flags.refuse_if_wrong()?;
    let (Some(slug), Some(period)) = (slug, period) else {
        return Err(NewError::Invalid(Box::default()));
    };
    let (site, before) = super::site_without_errors(root)?;
    flags.sources = before.sources.clone();
    let Some(province) = site.provinces.get(&slug) else {
        flags.diags.push(unknown_province(&site, &slug));
        return Err(flags.refuse());
    };
    succession::linked(province).check(
        &mut flags.ctx("<period>"),
        &period,
        "<period>",
        Dated::Report,
    );
    let base = format!("content/reports/{slug}/{}", period.slug());
    let mut narratives = vec![(format!("{base}.md"), Lang::Vi)];
    if site.config.languages.contains(&Lang::En) {
        narratives.push((format!("{base}.en.md"), Lang::En));
    }
    for (file, _) in &narratives {
        if root.join(file).exists() {
            flags.diags.push(
                Diagnostic::error(
                    "file-exists",
                    file,
                    "this narrative already exists: nothing was overwritten",
                )
                .vi("bài viết này đã có: không ghi đè tệp nào")
                .help("edit it, or remove it first to start again")
                .vi_help("hãy sửa trực tiếp tệp đó, hoặc xóa nó trước nếu muốn viết lại từ đầu"),
            );
        }
    }
    let Some(province_file) = super::province_file(&before, &slug) else {
        return Err(NewError::Invalid(Box::default()));
    };
    let listed = site
        .reports
        .iter()
        .any(|r| r.province == slug && r.period == period);
    let entry_flags = given.entry_flags();
    if listed && !entry_flags.is_empty() {
        let flags_given = entry_flags.join(", ");
        let d = Diagnostic::error(
            "report-listed",
            &province_file,
            format!("the report for {period} is already in `reports:`, so {flags_given} would not be used"),
        );
        flags.diags.push(
            d.vi(format!("báo cáo kỳ {period} đã có trong `reports:`, nên {flags_given} sẽ không được dùng"))
            .at(listed_at(&before, &province_file, &period))
            .help("edit the entry in the file itself, or leave out those flags to write only the narratives")
            .vi_help("hãy sửa trực tiếp mục đó trong tệp, hoặc bỏ các cờ này để chỉ tạo bài viết"),
        );
    }
    flags.refuse_if_wrong()?;
    let mut edits_text: Vec<(String, String)> = Vec::new();
    let mut changed = Vec::new();
    if !listed {
        let text = before
            .sources
            .get(&province_file)
            .map(|t| t.to_string())
            .unwrap_or_default();
        let command = format!("minhbach new report {slug} {}", period.key());
        let asked = Asked { ask, command, lang };
        let listed = with_entry(
            &text,
            &province_file,
            province,
            &period,
            given,
            asked,
            flags,
        )?;
        edits_text.push((province_file.clone(), listed));
        changed.push(province_file.clone());
    }
    let created: Vec<String> = narratives.iter().map(|(f, _)| f.clone()).collect();
    for (file, lang) in narratives {
        edits_text.push((file, narrative(province, &period, lang)));
    }
    let edits: Vec<Edit> = edits_text
        .iter()
        .map(|(file, text)| Edit { file, text })
        .collect();
    check_and_write(root, &before, &edits, created, changed)
}

/// How missing values are asked for.
struct Asked<'a> {
    ask: Option<Ask<'a>>,
    command: String,
    lang: Lang,
}

/// `text`, the province file, with the report's entry appended to `reports:`, the missing
/// values asked for; every problem of the values otherwise.
fn with_entry(
    text: &str,
    file: &str,
    province: &Province,
    period: &Period,
    mut given: ReportFlags,
    mut asked: Asked,
    mut flags: Flags,
) -> Result<String, NewError> {
    ask_missing(
        &mut [
            (FILE, &mut given.file),
            (issuer_vi(province), &mut given.issuer_vi),
        ],
        &mut asked.ask,
        &asked.command,
        asked.lang,
        &mut flags.diags,
    );
    let issued = given
        .issued
        .as_ref()
        .and_then(|d| flags.date("--issued", d));
    flags.refuse_if_wrong()?;
    let entry = entry(&given, period, issued);
    match insert::append(text, "reports", &[entry]) {
        Ok(insertion) => Ok(insert::apply(text, vec![insertion])),
        Err(at) => {
            flags.diags.push(
                Diagnostic::error("list-form", file, "`reports:` is not a block list, so a report cannot be added to it without rewriting it")
                    .at(Some(Position { line: at.line, column: at.column }))
                    .help("write `reports:` as a list of `- ` items, one per line, then run the command again")
                    .vi("`reports:` không phải danh sách dạng khối, nên không thể thêm báo cáo mà không viết lại nó")
                    .vi_help("hãy viết `reports:` thành danh sách các mục `- `, mỗi mục một dòng, rồi chạy lại lệnh"),
            );
            Err(flags.refuse())
        }
    }
}

/// A province the site does not have, with the closest id or how to add it.
fn unknown_province(site: &crate::model::Site, slug: &Slug) -> Diagnostic {
    let (help, help_vi) = crate::validate::unknown_help(
        slug.as_str(),
        site.provinces.keys().map(Slug::as_str),
        "a file data/provinces/<id>.yaml (`minhbach new province` writes one)",
    );
    Diagnostic::error(
        "unknown-province",
        "<province>",
        format!("there is no province `{slug}` in data/provinces/"),
    )
    .vi(format!("chưa có tỉnh `{slug}` trong data/provinces/"))
    .help(help)
    .vi_help(help_vi)
}

/// The `reports:` entry, in the order of the example site's entries.
fn entry(given: &ReportFlags, period: &Period, issued: Option<crate::model::Date>) -> Node {
    let text = |s: &Option<String>| s.as_deref().map(|s| Node::text(s.trim()));
    let mut entries = vec![("period".to_string(), Node::text(&period.key()))];
    entries.extend(text(&given.file).map(|n| ("file".to_string(), n)));
    entries.extend(text(&given.number).map(|n| ("number".to_string(), n)));
    entries.extend(issued.map(|d| ("issued".to_string(), Node::Scalar(d.to_string()))));
    if given.draft {
        entries.push(("draft".into(), Node::Scalar("true".into())));
    }
    entries.extend(text(&given.url).map(|n| ("url".to_string(), n)));
    let issuer = match (&given.issuer_vi, &given.issuer_en) {
        (Some(vi), Some(en)) => Node::Map(vec![
            ("vi".into(), Node::text(vi.trim())),
            ("en".into(), Node::text(en.trim())),
        ]),
        (vi, _) => Node::text(vi.as_deref().unwrap_or("").trim()),
    };
    entries.push(("issuer".into(), issuer));
    Node::Map(entries)
}

/// Where the province file lists the report for `period`.
fn listed_at(before: &crate::Checked, file: &str, period: &Period) -> Option<Position> {
    let text = before.sources.get(file)?;
    let mut scratch = crate::diagnostics::Diagnostics::default();
    let raw = crate::load::province_file(file, text, &mut scratch)?;
    let i = raw
        .reports
        .iter()
        .position(|r| Period::parse(&r.period.0).ok() == Some(*period))?;
    crate::load::locate::LocationIndex::new(std::sync::Arc::clone(text), 0)
        .key(&format!("reports[{i}].period"))
}

/// A narrative with its front matter filled in and the usual sections of a report, as a
/// draft (checked, not published).
fn narrative(province: &Province, period: &Period, lang: Lang) -> String {
    let title = format!("{}, {}", province.name.get(lang), period.label(lang));
    let (draft, sections) = match lang {
        Lang::Vi => (
            "# Bản nháp được kiểm tra nhưng chưa đăng; khi bài viết xong, hãy đổi thành false.",
            [
                "Chỉ đạo, điều hành",
                "Kết quả",
                "Khó khăn, vướng mắc",
                "Nhiệm vụ tiếp theo",
            ],
        ),
        Lang::En => (
            "# A draft is checked but not published; set it to false when the narrative is ready.",
            ["Direction", "Results", "Difficulties", "Next steps"],
        ),
    };
    let mut out = format!(
        "---\ntitle: {}\nprovince: {}\nperiod: \"{}\"\nsummary: \"\"\n{draft}\ndraft: true\n---\n",
        quote(&title),
        province.slug,
        period.key()
    );
    for (i, s) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("## {s}\n"));
    }
    out
}
