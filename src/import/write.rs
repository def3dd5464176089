//! Checked rows → the new text of each province file: the figures grouped into observation
//! blocks (one per period), the report documents the site lacks, and for a province the site
//! does not have, a whole new file.

use super::emit::{self, Node};
use super::insert::{self, Insertion};
use super::rows::{FigureRow, ReportRow};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{Site, Slug};

/// What the import does to one province file.
#[derive(Debug, Clone)]
pub struct ProvinceChange {
    pub province: Slug,
    /// Path relative to the site root.
    pub file: String,
    /// The file's text before (`None` for a new province) and after.
    pub before: Option<String>,
    pub after: String,
    pub figures: usize,
    pub reports_added: usize,
}

/// The new text of the province file `file` (its current text `before`, or a new file) with
/// `rows` added. Problems (a new province without names, a report without issuer, a list
/// written inline) are pushed to `diags`.
pub fn province_change(
    site: &Site,
    province: &Slug,
    file: &str,
    before: Option<&str>,
    rows: &[&FigureRow],
    table_file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<ProvinceChange> {
    let reports = new_reports(site, province, rows, table_file, diags)?;
    let blocks = blocks(site, rows);
    let after = match before {
        Some(text) => {
            let mut insertions: Vec<Insertion> = Vec::new();
            for (key, items) in [("reports", &reports), ("observations", &blocks)] {
                if items.is_empty() {
                    continue;
                }
                match insert::append(text, key, items) {
                    Ok(i) => insertions.push(i),
                    Err(at) => {
                        diags.push(
                            Diagnostic::error("import-list-form", file, format!("`{key}:` is not a block list, so figures cannot be added to it without rewriting it"))
                                .at(Some(Position { line: at.line, column: at.column }))
                                .help(format!("write `{key}:` as a list of `- ` items, one per line (as `minhbach init` does), then import again"))
                                .vi(format!("`{key}:` không phải danh sách dạng khối, nên không thể thêm số liệu mà không viết lại nó"))
                                .vi_help(format!("hãy viết `{key}:` thành danh sách các mục `- `, mỗi mục một dòng (như `minhbach init`), rồi nhập lại")),
                        );
                        return None;
                    }
                }
            }
            // Two insertions at the same place (both keys absent): reports first.
            if let [a, b] = insertions.as_mut_slice() {
                if a.at == b.at {
                    a.text.push_str(&std::mem::take(&mut b.text));
                    insertions.truncate(1);
                }
            }
            insert::apply(text, insertions)
        }
        None => new_file(province, rows, &reports, &blocks, table_file, diags)?,
    };
    Some(ProvinceChange {
        province: province.clone(),
        file: file.to_string(),
        before: before.map(str::to_string),
        after,
        figures: rows.len(),
        reports_added: reports.len(),
    })
}

fn new_file(
    province: &Slug,
    rows: &[&FigureRow],
    reports: &[Node],
    blocks: &[Node],
    table_file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Some(name) = rows.iter().find_map(|r| r.province_name.clone()) else {
        let at = rows.first().map(|r| r.place.clone())?;
        let d = Diagnostic::error("import-missing-cell", "", format!("the site has no province `{province}`, and the table does not name it"))
            .help("fill `province_name_vi` and `province_name_en` (and `province_code` when it has one) on its rows, or correct `province`")
            .vi(format!("trang chưa có tỉnh `{province}`, và bảng không ghi tên tỉnh này"))
            .vi_help("hãy điền `province_name_vi` và `province_name_en` (và `province_code` nếu có) ở các hàng của tỉnh, hoặc sửa `province`");
        diags.push(at.locate(table_file, d));
        return None;
    };
    let mut out = String::new();
    Node::Map(vec![
        ("vi".into(), Node::text(&name.vi)),
        ("en".into(), Node::text(&name.en)),
    ])
    .write_entry(&mut out, 0, "name");
    if let Some(code) = rows.iter().find_map(|r| r.province_code.as_deref()) {
        Node::text(code).write_entry(&mut out, 0, "code");
    }
    if !reports.is_empty() {
        Node::List(reports.to_vec()).write_entry(&mut out, 0, "reports");
    }
    Node::List(blocks.to_vec()).write_entry(&mut out, 0, "observations");
    Some(out)
}

/// The documents the rows cite (`source_file`) that the province's `reports:` lacks, each
/// with the period of the first row citing it.
fn new_reports(
    site: &Site,
    province: &Slug,
    rows: &[&FigureRow],
    table_file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Node>> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut ok = true;
    for row in rows {
        let Some(report) = &row.report else { continue };
        let known = site
            .reports
            .iter()
            .any(|r| &r.province == province && r.file == report.file);
        if known || seen.contains(&report.file.as_str()) {
            continue;
        }
        seen.push(&report.file);
        match report_node(row, report) {
            Some(node) => out.push(node),
            None => {
                ok = false;
                let d = Diagnostic::error("import-missing-cell", "", format!("the report `{}` is not in the province's `reports:`, and the table does not name its issuer", report.file))
                    .help("fill `source_issuer_vi` (and `source_issuer_en`) on the rows that cite it, or add the report to the province file first")
                    .vi(format!("báo cáo `{}` chưa có trong `reports:` của tỉnh, và bảng không ghi cơ quan ban hành", report.file))
                    .vi_help("hãy điền `source_issuer_vi` (và `source_issuer_en`) ở các hàng dẫn báo cáo này, hoặc thêm báo cáo vào tệp của tỉnh trước");
                diags.push(report.place.locate(table_file, d));
            }
        }
    }
    ok.then_some(out)
}

fn report_node(row: &FigureRow, report: &ReportRow) -> Option<Node> {
    let issuer = report.issuer.as_ref()?;
    let mut entries = vec![
        ("period".to_string(), Node::text(&row.period.key())),
        ("file".to_string(), Node::text(&report.file)),
    ];
    if let Some(n) = &report.number {
        entries.push(("number".into(), Node::text(n)));
    }
    if let Some(d) = report.issued {
        entries.push(("issued".into(), Node::Scalar(d.to_string())));
    }
    if report.draft {
        entries.push(("draft".into(), Node::Scalar("true".into())));
    }
    if let Some(u) = &report.url {
        entries.push(("url".into(), Node::text(u)));
    }
    entries.push(("issuer".into(), emit::text(issuer)));
    Some(Node::Map(entries))
}

/// One observation block per period, in the order the periods first appear.
fn blocks(site: &Site, rows: &[&FigureRow]) -> Vec<Node> {
    let mut periods = Vec::new();
    for row in rows {
        if !periods.contains(&row.period) {
            periods.push(row.period);
        }
    }
    periods
        .into_iter()
        .map(|period| {
            let in_block: Vec<&FigureRow> = rows
                .iter()
                .copied()
                .filter(|r| r.period == period)
                .collect();
            let source = block_source(&in_block);
            let mut indicators: Vec<&Slug> = Vec::new();
            for row in &in_block {
                if !indicators.contains(&&row.indicator) {
                    indicators.push(&row.indicator);
                }
            }
            let values = indicators
                .into_iter()
                .map(|id| {
                    let of: Vec<&FigureRow> = in_block
                        .iter()
                        .copied()
                        .filter(|r| &r.indicator == id)
                        .collect();
                    (id.to_string(), value_node(site, &of, source.as_deref()))
                })
                .collect();
            let mut entries = vec![("period".to_string(), Node::text(&period.key()))];
            if let Some(s) = &source {
                entries.push(("source".into(), Node::text(s)));
            }
            entries.push(("values".into(), Node::Map(values)));
            Node::Map(entries)
        })
        .collect()
}

/// The source most rows of the block give (the first of the most given): written once on
/// the block, and on a value only when it differs. None when a row has no source: the block's
/// would become its source.
fn block_source(rows: &[&FigureRow]) -> Option<String> {
    if rows.iter().any(|r| r.source.is_none()) {
        return None;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in rows.iter().filter_map(|r| r.source.as_deref()) {
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(s, _)| s.to_string())
}

/// The value of one indicator in a block: its total (if given) with its members under `by:`.
fn value_node(site: &Site, rows: &[&FigureRow], block_source: Option<&str>) -> Node {
    let total = rows.iter().find(|r| r.breakdown.is_none());
    let default_since = rows
        .first()
        .and_then(|r| site.indicators.get(&r.indicator))
        .and_then(|i| i.since);
    let mut entries = match total {
        Some(row) => figure_entries(row, block_source, default_since),
        None => Vec::new(),
    };
    // A member takes its total's starting point (the total's own, else the indicator's).
    let member_since = total.and_then(|t| t.since).or(default_since);
    let mut dimensions: Vec<(String, Vec<(String, Node)>)> = Vec::new();
    for row in rows {
        let Some((dim, member)) = &row.breakdown else {
            continue;
        };
        let node = emit::shorten(figure_entries(row, block_source, member_since));
        match dimensions.iter_mut().find(|(d, _)| d == dim.as_str()) {
            Some((_, members)) => members.push((member.to_string(), node)),
            None => dimensions.push((dim.to_string(), vec![(member.to_string(), node)])),
        }
    }
    if !dimensions.is_empty() {
        let by = dimensions
            .into_iter()
            .map(|(d, members)| (d, Node::Map(members)))
            .collect();
        entries.push(("by".into(), Node::Map(by)));
    }
    emit::shorten(entries)
}

/// The keys of one figure: its shape, then what qualifies it.
fn figure_entries(
    row: &FigureRow,
    block_source: Option<&str>,
    inherited_since: Option<crate::model::Since>,
) -> Vec<(String, Node)> {
    let mut e = emit::figure_entries(&row.figure);
    if let Some(q) = row.qualifier {
        e.push(("qualifier".into(), emit::qualifier(q)));
    }
    if let Some(c) = row.change {
        e.push(("change".into(), Node::number(c)));
    }
    if let Some(d) = row.as_of {
        e.push(("as_of".into(), Node::Scalar(d.to_string())));
    }
    if let Some(s) = row.since.filter(|s| Some(*s) != inherited_since) {
        e.push(("since".into(), Node::Scalar(emit::since(s))));
    }
    if let Some(s) = row.source.as_deref().filter(|s| Some(*s) != block_source) {
        e.push(("source".into(), Node::text(s)));
    }
    if let Some(n) = &row.note {
        e.push(("note".into(), emit::text(n)));
    }
    if let Some(o) = &row.over_100 {
        e.push(("over_100".into(), Node::text(o)));
    }
    if !row.also_printed.is_empty() {
        let list = row
            .also_printed
            .iter()
            .map(|(figure, source)| {
                let mut p = emit::figure_entries(figure);
                p.push(("source".into(), Node::text(source)));
                Node::Map(p)
            })
            .collect();
        e.push(("also_printed".into(), Node::List(list)));
    }
    e
}
