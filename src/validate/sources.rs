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
    let mut found: Vec<(String, &str)> = Vec::new();
    for (i, block) in raw.observations.iter().enumerate() {
        if let Some(s) = &block.source {
            found.push((format!("observations[{i}].source"), s));
        }
        for (key, value) in &block.values {
            value_sources(
                value,
                &format!("observations[{i}].values.{key}"),
                &mut found,
            );
        }
    }
    for (i, t) in raw.targets.iter().enumerate() {
        if let Some(s) = &t.source {
            found.push((format!("targets[{i}].source"), s));
        }
    }
    for (i, t) in raw.tasks.iter().enumerate() {
        if let Some(s) = &t.source {
            found.push((format!("tasks[{i}].source"), s));
        }
    }
    for (path, source) in found {
        let Some(file) = SourceRef::parse(source).file else {
            continue;
        };
        if files.contains(&file) {
            continue;
        }
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

/// The sources of one value and of its breakdown cells, with their key paths.
fn value_sources<'a>(value: &'a RawValue, path: &str, out: &mut Vec<(String, &'a str)>) {
    let RawValue::Full(map) = value else {
        return;
    };
    if let Some(s) = &map.source {
        out.push((format!("{path}.source"), s));
    }
    for (dim, members) in map.by.iter().flat_map(|b| b.iter()) {
        for (member, v) in members {
            value_sources(v, &format!("{path}.by.{dim}.{member}"), out);
        }
    }
}
