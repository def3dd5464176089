//! Every `source` that names a report file names one of the province's own `reports:`: that
//! is how a page finds the document to cite (its number, date and page on the site).
//!
//! Input: one raw province file and the files of its valid report entries. Output: a warning
//! at each source whose file is not among them (the page then shows the source as written).
//! A file that lists no `reports:` at all is not checked: its sources cannot be cited either
//! way, and a province whose reports are not transcribed yet (a synthetic test file, a first
//! draft of the data) is not wrong for it; the mistake caught is a file name that does not
//! match the documents the province does list.

use super::Ctx;
use crate::load::raw::{RawProvince, RawValue};
use crate::model::SourceRef;

pub(super) fn check(ctx: &mut Ctx, raw: &RawProvince, files: &[&str]) {
    if files.is_empty() {
        return;
    }
    // Key paths are written out only for the sources that are reported: a national file has
    // thousands of values and nearly all of them cite a listed report.
    let unknown = |source: &str| {
        SourceRef::parse(source)
            .file
            .filter(|file| !files.contains(file))
            .map(str::to_string)
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for (i, block) in raw.observations.iter().enumerate() {
        if let Some(file) = block.source.as_deref().and_then(unknown) {
            found.push((format!("observations[{i}].source"), file));
        }
        for (key, value) in &block.values {
            value_sources(value, &unknown, &mut found, &|| {
                format!("observations[{i}].values.{key}")
            });
        }
    }
    for (i, t) in raw.targets.iter().enumerate() {
        if let Some(file) = t.source.as_deref().and_then(unknown) {
            found.push((format!("targets[{i}].source"), file));
        }
    }
    for (i, t) in raw.tasks.iter().enumerate() {
        if let Some(file) = t.source.as_deref().and_then(unknown) {
            found.push((format!("tasks[{i}].source"), file));
        }
    }
    for (path, file) in found {
        let listed = (
            format!("the reports of this file are {}", files.join(", ")),
            format!("các báo cáo của tệp này là {}", files.join(", ")),
        );
        let d = ctx
            .warning(
                "unknown-source-document",
                format!("source `{file}` is not one of this province's reports, so the page cannot cite its number and date ({})", listed.0),
            )
            .help(format!("add the document to `reports:` (period, file: \"{file}\", number, issued), or correct the file name"))
            .vi(format!("nguồn `{file}` không thuộc các báo cáo của tỉnh này, nên trang không thể dẫn số và ngày của văn bản ({})", listed.1))
            .vi_help(format!("hãy thêm văn bản vào `reports:` (period, file: \"{file}\", number, issued), hoặc sửa lại tên tệp"));
        ctx.at_value(&path, d);
    }
}

/// The unknown source files of one value and of its breakdown cells, with their key paths
/// (written only for those).
fn value_sources(
    value: &RawValue,
    unknown: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<(String, String)>,
    path: &dyn Fn() -> String,
) {
    let RawValue::Full(map) = value else {
        return;
    };
    if let Some(file) = map.source.as_deref().and_then(unknown) {
        out.push((format!("{}.source", path()), file));
    }
    for (dim, members) in map.by.iter().flat_map(|b| b.iter()) {
        for (member, v) in members {
            value_sources(v, unknown, out, &|| format!("{}.by.{dim}.{member}", path()));
        }
    }
}
