//! The tables under `data/` (see [`crate::load::tables`]): each province's part checked by the
//! rules of a province file, its diagnostics moved to their cells, then its figures and tasks
//! added to the site's. A figure or task given both in a table and elsewhere (a province file,
//! another table) is an error naming both places.

use super::catalogue::Catalogue;
use super::province::{table_contents, Provinces};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::load::raw::{RawLabel, RawProvince};
use crate::load::tables::{CitedDocument, TablePart, TableSource};
use crate::load::Located;
use crate::model::{Period, ReportDocument, Slug};
use crate::FastMap;
use std::sync::Arc;

type FigureKey = (Slug, Slug, Period, Option<(Slug, Slug)>);

/// Check every table and add what it gives to `out`.
pub(crate) fn tables(
    tables: Vec<TableSource>,
    files: &[(String, Located<Arc<RawProvince>>)],
    cat: &Catalogue,
    out: &mut Provinces,
    diags: &mut Diagnostics,
) {
    if tables.is_empty() {
        return;
    }
    // Every figure given so far: by a province file (`None`: found again only when a table
    // gives it too), or by a table's cell.
    let mut given: FastMap<FigureKey, Option<String>> = out
        .observations
        .iter()
        .map(|o| {
            let key = (
                o.province.clone(),
                o.indicator.clone(),
                o.period,
                o.breakdown.clone(),
            );
            (key, None)
        })
        .collect();
    let file_of: FastMap<&str, &str> = files
        .iter()
        .map(|(stem, doc)| (stem.as_str(), doc.file.as_str()))
        .collect();
    let mut task_ids: FastMap<(Slug, Slug), String> = out
        .tasks
        .iter()
        .map(|t| {
            let file = file_of
                .get(t.province.as_str())
                .copied()
                .unwrap_or_default();
            ((t.province.clone(), t.id.clone()), file.to_string())
        })
        .collect();
    for table in tables {
        for mut part in table.parts {
            let part = &mut part;
            let Some(slug) = province(part, &table.file, out, diags) else {
                continue;
            };
            let Some(province) = out.provinces.get(&slug) else {
                continue;
            };
            let identity = files
                .iter()
                .find(|(stem, _)| stem == slug.as_str())
                .map(|(_, doc)| &doc.value);
            let raw = RawProvince {
                observations: std::mem::take(&mut part.observations),
                tasks: std::mem::take(&mut part.tasks),
                ..identity
                    .map(|raw| identity_of(raw))
                    .unwrap_or_else(|| empty(&slug))
            };
            let reports: Vec<&ReportDocument> =
                out.reports.iter().filter(|r| r.province == slug).collect();
            let listed: Vec<&str> = reports.iter().map(|r| r.file.as_str()).collect();
            let (observations, tasks, found) = table_contents(
                &slug,
                &table.file,
                &part.index,
                &raw,
                cat,
                province,
                &listed,
            );
            diags.extend(part.relocate(&table.file, found));
            documents(part, &table.file, &reports, diags);
            for ((period, indicator, member), place) in &part.figures {
                let key = figure_key(&slug, period, indicator, member.as_ref());
                let Some(key) = key else { continue };
                let here = place.display(&table.file);
                match given.get(&key) {
                    Some(first) => {
                        let first = match first {
                            Some(cell) => cell.clone(),
                            None => yaml_place(files, &key),
                        };
                        diags.push(place.locate(&table.file, twice(&key, &first)));
                    }
                    None => {
                        given.insert(key, Some(here));
                    }
                }
            }
            for (task, place) in raw.tasks.iter().zip(&part.task_places) {
                let Some(id) = Slug::parse(task.id.0.trim()) else {
                    continue;
                };
                let key = (slug.clone(), id);
                match task_ids.get(&key) {
                    Some(first) => diags.push(place.locate(&table.file, task_twice(&key.1, first))),
                    None => {
                        task_ids.insert(key, table.file.clone());
                    }
                }
            }
            out.observations.push(observations);
            out.tasks.extend(tasks);
        }
    }
}

/// The province a part names, when the site has it; an error at its cell otherwise.
fn province(
    part: &TablePart,
    file: &str,
    out: &Provinces,
    diags: &mut Diagnostics,
) -> Option<Slug> {
    let written = part.province.trim();
    if let Some(slug) = Slug::parse(written) {
        if out.provinces.contains_key(&slug) {
            return Some(slug);
        }
        if out.unparsed.contains(&slug) {
            // Its file is already reported as unreadable: no second error.
            return None;
        }
    }
    let known = out.provinces.keys().map(Slug::as_str);
    let (help, help_vi) = match did_you_mean(written, known) {
        Some(near) => (
            format!("did you mean `{near}`? A province is created with `minhbach new province {written}`"),
            format!("có phải là `{near}`? Tỉnh mới được tạo bằng lệnh `minhbach new province {written}`"),
        ),
        None => (
            format!("create the province first: `minhbach new province {written}` writes data/provinces/{written}.yaml"),
            format!("hãy tạo tỉnh trước: lệnh `minhbach new province {written}` tạo tệp data/provinces/{written}.yaml"),
        ),
    };
    let d = Diagnostic::error(
        "unknown-province",
        "",
        format!("the site has no province `{written}` (data/provinces/{written}.yaml)"),
    )
    .help(help)
    .vi(format!(
        "trang không có tỉnh `{written}` (data/provinces/{written}.yaml)"
    ))
    .vi_help(help_vi);
    if let Some(place) = &part.place {
        diags.push(place.locate(file, d));
    }
    None
}

/// The `source_*` cells that describe a cited document must say what its `reports:` entry
/// says; a document described in a table but listed nowhere would lose its description.
fn documents(part: &TablePart, file: &str, reports: &[&ReportDocument], diags: &mut Diagnostics) {
    let mut said: Vec<(String, &str, String)> = Vec::new();
    for CitedDocument {
        file: doc,
        place,
        described,
    } in &part.documents
    {
        let Some(entry) = reports.iter().find(|r| r.file == *doc) else {
            if !described.is_empty() && !said.iter().any(|(f, c, _)| f == doc && c.is_empty()) {
                said.push((doc.clone(), "", String::new()));
                let d = Diagnostic::error(
                    "table-unlisted-document",
                    "",
                    format!("the document `{doc}` is described here but is not among the province's `reports:`"),
                )
                .help(format!("add it to the province file with `minhbach new report {} <period> --file \"{doc}\"` (number, date, issuer), so that every page can cite it", part.province))
                .vi(format!("văn bản `{doc}` được mô tả ở đây nhưng không có trong `reports:` của tỉnh"))
                .vi_help(format!("hãy thêm văn bản vào tệp của tỉnh bằng lệnh `minhbach new report {} <kỳ> --file \"{doc}\"` (số, ngày, cơ quan ban hành) để mọi trang dẫn được nguồn", part.province));
                diags.push(place.locate(file, d));
            }
            continue;
        };
        for (column, text, cell) in described {
            let listed = match *column {
                "source_number" => entry.number.clone().unwrap_or_default(),
                "source_issued" => entry.issued.map(|d| d.to_string()).unwrap_or_default(),
                "source_draft" => entry.draft.to_string(),
                "source_url" => entry.url.clone().unwrap_or_default(),
                "source_issuer_vi" => entry.issuer.vi.clone(),
                "source_issuer_en" => entry.issuer.en.clone().unwrap_or_default(),
                _ => continue,
            };
            let same = listed.trim() == text.trim()
                || (*column == "source_draft" && bool_word(text) == Some(entry.draft));
            if same
                || said
                    .iter()
                    .any(|(f, c, t)| f == doc && c == column && t == text)
            {
                continue;
            }
            said.push((doc.clone(), column, text.clone()));
            let d = Diagnostic::error(
                "table-document-mismatch",
                "",
                format!("`{column}` says \"{text}\" but the province's `reports:` entry for `{doc}` says \"{listed}\""),
            )
            .help("empty the cell (the entry in the province file describes the document), or correct one of the two")
            .vi(format!("ô `{column}` ghi \"{text}\" nhưng mục `reports:` của tỉnh cho `{doc}` ghi \"{listed}\""))
            .vi_help("hãy để trống ô này (mục trong tệp của tỉnh đã mô tả văn bản), hoặc sửa một trong hai cho đúng");
            diags.push(cell.locate(file, d));
        }
    }
}

fn bool_word(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "có" => Some(true),
        "false" | "0" | "no" | "không" => Some(false),
        _ => None,
    }
}

fn figure_key(
    province: &Slug,
    period: &str,
    indicator: &str,
    member: Option<&(String, String)>,
) -> Option<FigureKey> {
    let breakdown = match member {
        None => None,
        Some((d, m)) => Some((Slug::parse(d.trim())?, Slug::parse(m.trim())?)),
    };
    Some((
        province.clone(),
        Slug::parse(indicator.trim())?,
        Period::parse(period.trim()).ok()?,
        breakdown,
    ))
}

/// `data/provinces/kg.yaml:12:7`: where a province file gives the figure `key` (the file alone
/// when the place cannot be found).
fn yaml_place(files: &[(String, Located<Arc<RawProvince>>)], key: &FigureKey) -> String {
    let (province, indicator, period, breakdown) = key;
    let Some((_, doc)) = files.iter().find(|(stem, _)| stem == province.as_str()) else {
        return String::new();
    };
    for (i, block) in doc.value.observations.iter().enumerate() {
        if Period::parse(block.period.0.trim()).ok() != Some(*period)
            || !block.values.contains_key(indicator.as_str())
        {
            continue;
        }
        let mut path = format!("observations[{i}].values.{indicator}");
        if let Some((d, m)) = breakdown {
            path.push_str(&format!(".by.{d}.{m}"));
        }
        if let Some(p) = doc.index.key(&path) {
            return format!("{}:{}:{}", doc.file, p.line, p.column);
        }
    }
    doc.file.clone()
}

/// A province file's identity (names, lifetime, succession) without its entries.
fn identity_of(raw: &RawProvince) -> RawProvince {
    RawProvince {
        name: raw.name.clone(),
        code: raw.code.clone(),
        region: raw.region.clone(),
        valid_from: raw.valid_from.clone(),
        valid_to: raw.valid_to.clone(),
        successor: raw.successor.clone(),
        formed_from: raw.formed_from.clone(),
        reports: Vec::new(),
        observations: Vec::new(),
        targets: Vec::new(),
        tasks: Vec::new(),
    }
}

fn empty(slug: &Slug) -> RawProvince {
    RawProvince {
        name: RawLabel {
            vi: slug.to_string(),
            en: slug.to_string(),
        },
        code: None,
        region: None,
        valid_from: None,
        valid_to: None,
        successor: None,
        formed_from: None,
        reports: Vec::new(),
        observations: Vec::new(),
        targets: Vec::new(),
        tasks: Vec::new(),
    }
}

fn twice(key: &FigureKey, first: &str) -> Diagnostic {
    let (_, indicator, period, member) = key;
    let what = match member {
        None => format!("`{indicator}` for {period}"),
        Some((d, m)) => format!("`{indicator}` ({d}: {m}) for {period}"),
    };
    let what_vi = match member {
        None => format!("`{indicator}` kỳ {period}"),
        Some((d, m)) => format!("`{indicator}` ({d}: {m}) kỳ {period}"),
    };
    Diagnostic::error(
        "duplicate-observation",
        "",
        format!("{what} is given twice: here and at {first}"),
    )
    .help("keep the figure in one place: the table or the other file")
    .vi(format!(
        "số liệu {what_vi} được ghi hai lần: ở đây và ở {first}"
    ))
    .vi_help("chỉ giữ số liệu ở một nơi: trong bảng này hoặc trong tệp kia")
}

fn task_twice(id: &Slug, first: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-id",
        "",
        format!("the task `{id}` is given twice: here and in {first}"),
    )
    .help("a task and its status are kept in one place: update the status where the task is, or move the task here (delete it there); a different task needs another id")
    .vi(format!("nhiệm vụ `{id}` được ghi hai lần: ở đây và trong {first}"))
    .vi_help("mỗi nhiệm vụ và tình trạng của nó chỉ ghi ở một nơi: hãy cập nhật tình trạng ở nơi đang ghi nhiệm vụ, hoặc chuyển nhiệm vụ về đây (xóa ở nơi kia); nhiệm vụ khác thì đặt mã khác")
}
