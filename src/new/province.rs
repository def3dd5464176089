//! `minhbach new province <slug>`: `data/provinces/<slug>.yaml` with the province's identity
//! (names, code, region, lifetime, successor), ready for its reports and figures.
//!
//! A unit that becomes part of a merged province is listed by it (`formed_from:`); when the
//! successor's file lists this unit without a file (`- { name: …, code: "91" }`, as the
//! example site does for Kiên Giang), that entry (and its line's comment) becomes
//! `- province: <slug>`, so that both files agree and `check` passes.

use super::{ask_missing, check_and_write, Ask, Created, Field, Flags, NewError};
use crate::diagnostics::Diagnostic;
use crate::edits::Edit;
use crate::import::emit::quote;
use crate::load::locate::LocationIndex;
use crate::model::{fold, Date, Lang, Slug};
use crate::Checked;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// What `new province` was given (every value as typed; `None` when not given).
#[derive(Debug, Clone, Default)]
pub struct ProvinceFlags {
    pub slug: String,
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub code: Option<String>,
    pub region_vi: Option<String>,
    pub region_en: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub successor: Option<String>,
    pub successor_from: Option<String>,
}

const NAME_VI: Field = Field {
    flag: "--name-vi",
    en: "the province's name in Vietnamese",
    vi: "tên tỉnh bằng tiếng Việt",
    example: Cow::Borrowed("Kiên Giang"),
};
const NAME_EN: Field = Field {
    flag: "--name-en",
    en: "the province's name in English",
    vi: "tên tỉnh bằng tiếng Anh",
    example: Cow::Borrowed("Kien Giang"),
};
const REGION_VI: Field = Field {
    flag: "--region-vi",
    en: "the region's name in Vietnamese",
    vi: "tên vùng bằng tiếng Việt",
    example: Cow::Borrowed("Đồng bằng sông Cửu Long"),
};
const REGION_EN: Field = Field {
    flag: "--region-en",
    en: "the region's name in English",
    vi: "tên vùng bằng tiếng Anh",
    example: Cow::Borrowed("Mekong River Delta"),
};
const SUCCESSOR_FROM: Field = Field {
    flag: "--successor-from",
    en: "the day the successor takes over",
    vi: "ngày đơn vị kế thừa bắt đầu",
    example: Cow::Borrowed("2025-07-01"),
};

/// Create `data/provinces/<slug>.yaml` in the site under `root`.
pub fn new_province(
    root: &Path,
    mut given: ProvinceFlags,
    mut ask: Option<Ask>,
    lang: Lang,
) -> Result<Created, NewError> {
    let mut flags = Flags::new();
    let slug = flags.slug("<slug>", &given.slug, "province id");
    if let Some(slug) = &slug {
        for ext in ["yaml", "yml"] {
            let file = format!("data/provinces/{slug}.{ext}");
            if root.join(&file).exists() {
                flags.diags.push(
                    Diagnostic::error(
                        "file-exists",
                        &file,
                        format!(
                            "the province `{slug}` already has a file: nothing was overwritten"
                        ),
                    )
                    .vi(format!("tỉnh `{slug}` đã có tệp: không ghi đè tệp nào"))
                    .help("edit the file itself, or choose another id")
                    .vi_help("hãy sửa trực tiếp tệp đó, hoặc chọn một mã khác"),
                );
            }
        }
    }
    flags.refuse_if_wrong()?;
    let command = format!("minhbach new province {}", given.slug);
    // Both languages of a label, and a successor's date, go together.
    let region = given.region_vi.is_some() || given.region_en.is_some();
    let successor = given.successor.is_some();
    let mut required: Vec<(Field, &mut Option<String>)> =
        vec![(NAME_VI, &mut given.name_vi), (NAME_EN, &mut given.name_en)];
    if region {
        required.push((REGION_VI, &mut given.region_vi));
        required.push((REGION_EN, &mut given.region_en));
    }
    if successor {
        required.push((SUCCESSOR_FROM, &mut given.successor_from));
    }
    ask_missing(&mut required, &mut ask, &command, lang, &mut flags.diags);
    if given.successor_from.is_some() && !successor {
        flags.diags.push(
            Diagnostic::error("missing-flag", "--successor-from", "--successor-from is the day the successor takes over: it needs --successor, the successor's id").vi("--successor-from là ngày đơn vị kế thừa bắt đầu: cần ghi kèm --successor, mã của đơn vị kế thừa")
            .help(format!("e.g. {command} --successor an-giang-2025 --successor-from 2025-07-01"))
            .vi_help(format!("ví dụ {command} --successor an-giang-2025 --successor-from 2025-07-01")),
        );
    }
    if let Some(code) = &given.code {
        flags
            .ctx("--code")
            .code(&crate::load::raw::RawScalar(code.clone()), "--code");
    }
    let mut date =
        |flag: &str, text: &Option<String>| text.as_ref().and_then(|t| flags.date(flag, t));
    let valid_from = date("--valid-from", &given.valid_from);
    let mut valid_to = date("--valid-to", &given.valid_to);
    let successor_from = date("--successor-from", &given.successor_from);
    let successor = given
        .successor
        .as_ref()
        .and_then(|s| flags.slug("--successor", s, "province id"));
    flags.refuse_if_wrong()?;
    // A merged unit ends the day before its successor takes over (what `check` requires).
    if valid_to.is_none() {
        valid_to = successor_from.and_then(day_before);
    }
    let (_, before) = super::site_without_errors(root)?;
    let slug = slug.ok_or_else(|| NewError::Invalid(Box::default()))?;
    let file = format!("data/provinces/{slug}.yaml");
    let text = province_text(
        &slug,
        &given,
        valid_from,
        valid_to,
        successor.as_ref().zip(successor_from),
    );
    let listed = successor
        .as_ref()
        .and_then(|s| list_in_successor(&before, s, &slug, &given));
    let mut edits = vec![Edit {
        file: &file,
        text: &text,
    }];
    let mut changed = Vec::new();
    if let Some((successor_file, successor_text)) = &listed {
        edits.push(Edit {
            file: successor_file,
            text: successor_text,
        });
        changed.push(successor_file.clone());
    }
    check_and_write(root, &before, &edits, vec![file.clone()], changed)
}

/// The text of the new file, laid out as the example site's province files are.
fn province_text(
    slug: &Slug,
    given: &ProvinceFlags,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
    successor: Option<(&Slug, Date)>,
) -> String {
    let label = |vi: &Option<String>, en: &Option<String>| {
        format!(
            "{{ vi: {}, en: {} }}",
            quote(vi.as_deref().unwrap_or("").trim()),
            quote(en.as_deref().unwrap_or("").trim())
        )
    };
    let mut out = String::new();
    let name = given.name_vi.as_deref().unwrap_or("").trim();
    let _ = writeln!(
        out,
        "# {}: one file per province; its name, `{slug}`, is the province's id in web addresses.",
        name.replace(['\n', '\r'], " ")
    );
    let _ = writeln!(out, "name: {}", label(&given.name_vi, &given.name_en));
    if let Some(code) = &given.code {
        let _ = writeln!(out, "code: {}", quote(code.trim()));
    }
    if given.region_vi.is_some() {
        let _ = writeln!(out, "region: {}", label(&given.region_vi, &given.region_en));
    }
    if let Some(d) = valid_from {
        let _ = writeln!(out, "valid_from: {d}");
    }
    if let Some(d) = valid_to {
        let _ = writeln!(out, "valid_to: {d}");
    }
    if let Some((province, from)) = successor {
        let _ = writeln!(out, "successor:\n  province: {province}\n  from: {from}");
    }
    let _ = writeln!(
        out,
        "\n# Reports: `minhbach new report {slug} <period>` adds one, with its narratives.\n# Figures and tasks: `minhbach template {slug} --period <period>` writes a workbook to fill\n# and save under data/ (every build reads it); or write them here (docs/data-format.md)."
    );
    out
}

/// The successor's file with this unit listed in `formed_from:` by its file, when the
/// successor lists it without one (same code, or same name without diacritics) on a line of
/// its own: `- { name: { vi: "Kiên Giang", en: "Kien Giang" }, code: "91" }` becomes
/// `- province: kien-giang`. `None` when there is nothing to change there (`check` then says
/// what the successor's file lacks, if anything).
fn list_in_successor(
    before: &Checked,
    successor: &Slug,
    slug: &Slug,
    given: &ProvinceFlags,
) -> Option<(String, String)> {
    let file = super::province_file(before, successor)?;
    let text = before.sources.get(&file)?;
    let mut scratch = crate::diagnostics::Diagnostics::default();
    let raw = crate::load::province_file(&file, text, &mut scratch)?;
    let units = &raw.formed_from.as_ref()?.units;
    if units.iter().any(|u| {
        u.province
            .as_ref()
            .is_some_and(|p| p.0.trim() == slug.as_str())
    }) {
        return None;
    }
    let code = given.code.as_deref().map(str::trim);
    let name = given.name_vi.as_deref().map(fold::fold);
    let i = units.iter().position(|u| {
        let same_code = code.is_some() && u.code.as_ref().map(|c| c.0.trim()) == code;
        let same_name = u.name.as_ref().map(|n| fold::fold(n.vi.trim())) == name;
        u.province.is_none() && (same_code || same_name)
    })?;
    let index = LocationIndex::new(std::sync::Arc::clone(text), 0);
    let at = index.value(&format!("formed_from.units[{i}]"))?;
    let start = text
        .split_inclusive('\n')
        .take(at.line - 1)
        .map(str::len)
        .sum::<usize>();
    let line = text.get(start..)?.lines().next()?;
    let open = line.find("- {")? + 2;
    let close = open + flow_end(line.get(open..)?)?;
    let rest = line.get(close + 1..)?.trim_start();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    // The entry's own comment (often "no file in this dataset") described the entry replaced.
    let mut changed = String::with_capacity(text.len());
    changed.push_str(text.get(..start + open)?);
    let _ = write!(changed, "province: {slug}");
    changed.push_str(text.get(start + line.len()..)?);
    Some((file, changed))
}

/// The byte offset of the `}` closing the flow mapping that `text` starts with, outside
/// quoted strings; `None` when it does not close on this line.
fn flow_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '{' => depth += 1,
                '}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

/// The day before `date`.
fn day_before(date: Date) -> Option<Date> {
    if date.day() > 1 {
        return Date::new(date.year(), date.month(), date.day() - 1);
    }
    match date.month() {
        1 => Date::new(date.year() - 1, 12, 31),
        m => Date::end_of_month(date.year(), m - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_before_crosses_months_and_years() {
        let d = |y, m, day| Date::new(y, m, day);
        assert_eq!(day_before(d(2025, 7, 1).unwrap()), d(2025, 6, 30));
        assert_eq!(day_before(d(2024, 3, 1).unwrap()), d(2024, 2, 29));
        assert_eq!(day_before(d(2025, 1, 1).unwrap()), d(2024, 12, 31));
        assert_eq!(day_before(d(2025, 7, 15).unwrap()), d(2025, 7, 14));
    }

    #[test]
    fn a_flow_mapping_ends_at_its_own_brace() {
        let line = r#"{ name: { vi: "Kiên } Giang", en: "Kien Giang" }, code: "91" }   # x"#;
        assert_eq!(flow_end(line), line.rfind('}'));
        assert_eq!(flow_end("{ name: { vi: \"a\""), None);
    }
}
