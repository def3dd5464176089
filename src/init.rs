//! `minhbach init`: a new site that builds as is (`minhbach new` adds to a site: see
//! [`crate::new`]).
//!
//! The starter site carries one real figure from a real report, with its source, so a new
//! author sees every part of the format working: a province, an indicator, an observation, a
//! report narrative citing the figure live, and the default theme to edit.

use std::path::{Path, PathBuf};

/// Why `init` refused.
#[derive(Debug)]
pub struct InitError(pub String);

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const SITE: &str = r#"# The site's settings. See docs/data-format.md in the minhbach repository.
title: { vi: "Minh bạch Đề án 06", en: "Project 06 transparency dashboard" }
description:
  vi: "Số liệu thực hiện Đề án 06 của tỉnh, mỗi con số kèm nguồn."
  en: "Progress of Project 06 in the province, every figure with its source."
base_url: "https://example.org/"
languages: [vi, en]
theme: default
output_dir: public
# Readers are owed three things, shown in every page's footer and on the about page:
# who publishes the site, how to report an error in a figure, and the terms the data may be
# reused under. `minhbach check` warns until they are filled in. Remove the `#` and write yours:
# publisher:
#   name: { vi: "Ủy ban nhân dân tỉnh …", en: "… Provincial People's Committee" }
#   url: "https://…"
# corrections:
#   email: "…"                 # or url: "https://…" (a form), and/or note: "how to report"
# licence:
#   name: "CC BY 4.0"
#   url: "https://creativecommons.org/licenses/by/4.0/"
"#;

const INDICATORS: &str = r#"# The indicator catalogue: one entry per indicator, in groups.
groups:
  - id: g1-admin-procedures
    kind: utility
    label: { vi: "Tiện ích giải quyết thủ tục hành chính, cung cấp dịch vụ công trực tuyến", en: "Administrative procedures and online public services" }
indicators:
  - id: dvcty-online-rate
    group: g1-admin-procedures
    label: { vi: "Tỷ lệ hồ sơ dịch vụ công thiết yếu nộp trực tuyến", en: "Essential-service applications filed online" }
    description:
      vi: "Số hồ sơ dịch vụ công thiết yếu nộp trực tuyến trên tổng số hồ sơ tiếp nhận trong kỳ."
      en: "Essential-service applications filed online out of all applications received in the period."
    unit: percent
    count_noun: { vi: "hồ sơ", en: "applications" }
    direction: higher-is-better
    aggregate: ratio-of-sums
    scope: period
"#;

const PROVINCE: &str = r#"# One file per province; the file name is the province's id in web addresses.
name: { vi: "Đồng Tháp", en: "Dong Thap" }
code: "87"
reports:
  - period: "2025-04"
    file: "000_713668bcec0a0089.txt"
    number: null
    issued: null
    issuer: "Ủy ban nhân dân tỉnh Đồng Tháp"
    note: "Bản dự thảo, chưa có số và ngày ban hành."
observations:
  - period: "2025-04"
    source: "000_713668bcec0a0089.txt §II.4.1 (L57)"
    values:
      # "31.136/42.237 hồ sơ trực tuyến … đạt tỷ lệ 73,72%": counts as printed, and the rate as printed.
      dvcty-online-rate: { numerator: 31136, denominator: 42237, stated: 73.72 }
"#;

const HOME: &str = r#"---
title: "Giới thiệu"
---
Trang này công bố số liệu thực hiện Đề án 06 của tỉnh. Mỗi con số ghi rõ kỳ báo cáo và nguồn.
"#;

const REPORT: &str = r#"---
title: "Đồng Tháp, tháng 4/2025"
province: dong-thap
period: "2025-04"
summary: "Kết quả tiếp nhận hồ sơ dịch vụ công thiết yếu trong tháng."
draft: false
---
## Kết quả

Trong tháng, tỷ lệ hồ sơ dịch vụ công thiết yếu nộp trực tuyến là {{ value(indicator="dvcty-online-rate") }}.
Con số được lấy trực tiếp từ dữ liệu, không gõ lại.
"#;

const AUTHORS: &str = r#"# Writing this dashboard

Everything you edit is text:

- `site.yaml`: the title, the web address, the languages, and who publishes the site, how
  readers report an error and the data licence (fill these in: `check` warns until you do).
- `data/indicators.yaml`: what is measured (one entry per indicator).
- `data/provinces/<id>.yaml`: one file per province: its reports, figures, targets and tasks.
- `content/`: the narratives, in Markdown. A report's narrative is
  `content/reports/<province>/<period>.md`; its English version ends in `.en.md`.
- `themes/default/`: the look (templates, `static/style.css`, interface strings in `i18n/`).

Commands, run in this folder:

- `minhbach serve`: a preview at http://127.0.0.1:1111/ that reloads as you type.
- `minhbach check`: every problem, with the file, line and column, and how to fix it.
- `minhbach build`: the finished site in `public/`, ready to copy to any web host.
- `minhbach new report <province> <period>`: a new report's narratives (Vietnamese and English)
  and its entry in the province file, e.g. `minhbach new report dong-thap 2025-05 --file <document>
  --issuer-vi "Ủy ban nhân dân tỉnh Đồng Tháp"` (on a terminal, what is missing is asked for).
- `minhbach new province <id>`: a new province file; `minhbach indicators <words>`: find an indicator.

Rules that keep the figures trustworthy: write numbers the machine way (`1563652`, `47.41`),
give every figure its `source`, keep a report's printed rate in `stated` even when it does not
match its counts, and cite figures in narratives with `{{ value(indicator="…") }}` instead of
typing them.
"#;

/// Create a new site in `dir`, which must be empty or absent.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() && !is_empty_dir(dir) {
        return Err(InitError(format!(
            "{} is not empty; minhbach init only creates a site in an empty or new folder",
            dir.display()
        )));
    }
    let mut files: Vec<(String, &str)> = vec![
        ("site.yaml".into(), SITE),
        ("data/indicators.yaml".into(), INDICATORS),
        ("data/provinces/dong-thap.yaml".into(), PROVINCE),
        ("content/_index.md".into(), HOME),
        ("content/reports/dong-thap/2025-04.md".into(), REPORT),
        ("README.md".into(), AUTHORS),
        (".gitignore".into(), "/public\n"),
    ];
    for (path, text) in crate::theme::DEFAULT_FILES {
        files.push((format!("themes/default/{path}"), text));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| InitError(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| InitError(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// The folder is empty or does not exist.
fn is_empty_dir(path: &Path) -> bool {
    !path.exists()
        || std::fs::read_dir(path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}
