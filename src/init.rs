//! `minhbach init` (a new site that builds as is) and `minhbach new report` (a narrative file
//! with its front matter filled in).
//!
//! The default starter carries one real figure from a real report, with its source, so a new
//! author sees every part of the format working: a province, an indicator, an observation and
//! a report narrative citing the figure live. `--single-province` starts from a whole real
//! report of one province instead (see `starter`). Both use the built-in theme, uncopied.

use crate::model::{Lang, Period, Slug};
use std::path::{Path, PathBuf};

mod readme;
mod starter;

pub use starter::Starter;

/// Why `init` or `new report` refused, in both languages.
#[derive(Debug)]
pub struct InitError {
    vi: String,
    en: String,
}

impl InitError {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> InitError {
        InitError {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    fn cannot_create(dir: &Path, e: &std::io::Error) -> InitError {
        let dir = dir.display();
        InitError::new(
            format!("không tạo được thư mục {dir}: {e}"),
            format!("cannot create {dir}: {e}"),
        )
    }

    fn cannot_write(file: &Path, e: &std::io::Error) -> InitError {
        let file = file.display();
        InitError::new(
            format!("không ghi được tệp {file}: {e}"),
            format!("cannot write {file}: {e}"),
        )
    }
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// Create the `starter` site in `dir`, which must be empty or absent, with its README in
/// `lang`. The theme is not copied: the site uses the built-in one.
pub fn init(dir: &Path, starter: Starter, lang: Lang) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() && !is_empty_dir(dir) {
        let shown = dir.display();
        return Err(InitError::new(
            format!("thư mục {shown} không trống; minhbach init chỉ tạo trang web trong một thư mục trống hoặc chưa có"),
            format!("{shown} is not empty; minhbach init only creates a site in an empty or new folder"),
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in starter::files(starter, lang) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::cannot_create(parent, &e))?;
        }
        std::fs::write(&path, text.as_bytes()).map_err(|e| InitError::cannot_write(&path, &e))?;
        written.push(path);
    }
    Ok(written)
}

/// Create `content/reports/<province>/<period>.md` with its front matter, as a draft.
pub fn new_report(root: &Path, province: &str, period: &str) -> Result<PathBuf, InitError> {
    let slug = Slug::parse(province).ok_or_else(|| {
        InitError::new(
            format!("`{province}` không phải là mã tỉnh (mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang)"),
            format!("`{province}` is not a province id (lowercase letters, digits and hyphens)"),
        )
    })?;
    let period = Period::parse(period).map_err(|_| {
        InitError::new(
            format!("`{period}` không phải là một kỳ báo cáo; hãy viết tháng `2025-04`, quý `2024-Q2`, nửa năm `2024-H1`, năm `2024` hoặc một khoảng ngày `2023-12-16..2024-01-15`"),
            format!("`{period}` is not a period; write a month `2025-04`, a quarter `2024-Q2`, a half year `2024-H1`, a year `2024` or a range `2023-12-16..2024-01-15`"),
        )
    })?;
    let provinces_dir = root.join("data/provinces");
    let file = provinces_dir.join(format!("{slug}.yaml"));
    if !file.is_file() {
        let known: Vec<String> = std::fs::read_dir(&provinces_dir)
            .map(|d| {
                let mut v: Vec<String> = d
                    .filter_map(Result::ok)
                    .filter_map(|e| {
                        e.file_name()
                            .to_str()
                            .and_then(|n| n.strip_suffix(".yaml"))
                            .map(str::to_string)
                    })
                    .collect();
                v.sort();
                v
            })
            .unwrap_or_default();
        let (hint_vi, hint_en) =
            match crate::diagnostics::did_you_mean(slug.as_str(), known.iter().map(String::as_str))
            {
                Some(s) => (
                    format!("có phải ý bạn là `{s}`?"),
                    format!("did you mean `{s}`?"),
                ),
                None => (
                    format!("các tỉnh hiện có: {}", known.join(", ")),
                    format!("known provinces: {}", known.join(", ")),
                ),
            };
        return Err(InitError::new(
            format!("không có tỉnh `{slug}` trong data/provinces/; {hint_vi}"),
            format!("there is no province `{slug}` in data/provinces/; {hint_en}"),
        ));
    }
    let raw = read_province(&file);
    if let Some(raw) = &raw {
        refuse_outside_lifetime(raw, &slug, &period)?;
    }
    let name = raw.map_or_else(|| slug.to_string(), |r| r.name.vi);
    let target = root
        .join("content/reports")
        .join(slug.as_str())
        .join(format!("{}.md", period.slug()));
    if target.exists() {
        let shown = target.display();
        return Err(InitError::new(
            format!("{shown} đã có; minhbach không ghi đè lên bài đã viết"),
            format!("{shown} already exists"),
        ));
    }
    let text = format!(
        "---\ntitle: \"{name}, {}\"\nprovince: {slug}\nperiod: \"{}\"\nsummary: \"\"\n# A draft is checked but not published; set it to false when the narrative is ready.\ndraft: true\n---\n## Chỉ đạo, điều hành\n\n## Kết quả\n\n## Khó khăn, vướng mắc\n\n## Nhiệm vụ tiếp theo\n",
        period.label(Lang::Vi),
        period.key()
    );
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| InitError::cannot_create(parent, &e))?;
    }
    std::fs::write(&target, text).map_err(|e| InitError::cannot_write(&target, &e))?;
    Ok(target)
}

/// A province file, read without the full loader (`check` reports its problems).
fn read_province(file: &Path) -> Option<crate::load::raw::RawProvince> {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let text = std::fs::read_to_string(file).ok()?;
    crate::load::province_file(file.to_string_lossy().as_ref(), &text, &mut diags)
}

/// A narrative for a period the unit did not live through would be refused by `check`: say so
/// now, naming the unit to write it for.
fn refuse_outside_lifetime(
    raw: &crate::load::raw::RawProvince,
    slug: &Slug,
    period: &Period,
) -> Result<(), InitError> {
    let date = |d: &Option<crate::load::raw::RawScalar>| {
        d.as_ref()
            .and_then(|d| crate::model::Date::parse_iso(d.0.trim()))
    };
    let (from, to) = (date(&raw.valid_from), date(&raw.valid_to));
    if !crate::model::lifetime_excludes(from, to, period) {
        return Ok(());
    }
    if let Some(to) = to.filter(|to| period.end() > *to) {
        let (next_vi, next_en) = match &raw.successor {
            Some(s) => {
                let (from, to, key) = (s.from.0.trim(), s.province.0.trim(), period.key());
                (
                    format!("; từ {from}, đơn vị này thuộc `{to}`: minhbach new report {to} {key}"),
                    format!("; from {from} it is part of `{to}`: minhbach new report {to} {key}"),
                )
            }
            None => (String::new(), String::new()),
        };
        let key = period.key();
        return Err(InitError::new(
            format!("`{slug}` đã kết thúc ngày {to} (`valid_to`), trước khi hết kỳ {key}{next_vi}"),
            format!("`{slug}` ended on {to} (`valid_to`), before the end of {key}{next_en}"),
        ));
    }
    if let Some(from) = from {
        let earlier: Vec<&str> = raw
            .formed_from
            .iter()
            .flat_map(|f| &f.units)
            .filter_map(|u| u.province.as_ref().map(|p| p.0.trim()))
            .collect();
        let (hint_vi, hint_en) = if earlier.is_empty() {
            (String::new(), String::new())
        } else {
            let earlier = earlier.join(", ");
            (
                format!("; các báo cáo trước đó thuộc về những đơn vị đã hợp thành nó: {earlier}"),
                format!("; earlier reports belong to the units it was formed from: {earlier}"),
            )
        };
        let key = period.key();
        return Err(InitError::new(
            format!("`{slug}` bắt đầu từ ngày {from} (`valid_from`), sau khi kỳ {key} đã kết thúc{hint_vi}"),
            format!("`{slug}` began on {from} (`valid_from`), after the end of {key}{hint_en}"),
        ));
    }
    Ok(())
}

/// The folder is empty or does not exist.
fn is_empty_dir(path: &Path) -> bool {
    !path.exists()
        || std::fs::read_dir(path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}
