//! The files of the two starter sites `minhbach init` writes: a site with one figure (the
//! default), and a site of one province (`--single-province`).
//!
//! Neither copies the theme: `theme: default` with no `themes/default/` folder is the
//! built-in theme, so a fix to it reaches every site at its next build. The one-province
//! starter is the example site's Bắc Giang, taken from the repository's own files (compiled
//! in), so its figures are real, carry their sources, and stay the ones this repository checks.

use super::readme::readme;
use crate::model::Lang;
use std::borrow::Cow;

/// Which site `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// One province, one indicator, one figure with its source, one report narrative.
    OneFigure,
    /// The example site's Bắc Giang: its whole report (every figure with its source), its
    /// narratives in both languages, the full catalogue, and the province it became part of.
    SingleProvince,
}

/// A file to write: its path inside the site, and its text.
pub type StarterFile = (&'static str, Cow<'static, str>);

/// Every file of the `starter` site, with its README in `lang`.
pub fn files(starter: Starter, lang: Lang) -> Vec<StarterFile> {
    let mut files: Vec<StarterFile> = match starter {
        Starter::OneFigure => vec![
            ("site.yaml", site_yaml(starter, lang).into()),
            ("data/indicators.yaml", ONE_FIGURE_INDICATORS.into()),
            ("data/provinces/dong-thap.yaml", ONE_FIGURE_PROVINCE.into()),
            ("content/_index.md", ONE_FIGURE_HOME.into()),
            (
                "content/reports/dong-thap/2025-04.md",
                ONE_FIGURE_REPORT.into(),
            ),
        ],
        Starter::SingleProvince => vec![
            ("site.yaml", site_yaml(starter, lang).into()),
            ("data/indicators.yaml", EXAMPLE_INDICATORS.into()),
            ("data/dimensions.yaml", EXAMPLE_DIMENSIONS.into()),
            ("data/provinces/bac-giang.yaml", EXAMPLE_BAC_GIANG.into()),
            ("data/provinces/bac-ninh-2025.yaml", EXAMPLE_BAC_NINH.into()),
            ("content/_index.md", SINGLE_PROVINCE_HOME_VI.into()),
            ("content/_index.en.md", SINGLE_PROVINCE_HOME_EN.into()),
            (
                "content/reports/bac-giang/2023-12-16--2024-01-15.md",
                EXAMPLE_BAC_GIANG_REPORT_VI.into(),
            ),
            (
                "content/reports/bac-giang/2023-12-16--2024-01-15.en.md",
                EXAMPLE_BAC_GIANG_REPORT_EN.into(),
            ),
        ],
    };
    files.push(("README.md", readme(starter, lang).into()));
    files.push((".gitignore", "/public\n/.minhbach-cache\n".into()));
    files
}

/// The starter's `site.yaml`, its comments in `lang`.
fn site_yaml(starter: Starter, lang: Lang) -> String {
    let comment = match (starter, lang) {
        (Starter::OneFigure, Lang::Vi) => ONE_FIGURE_COMMENT_VI,
        (Starter::OneFigure, Lang::En) => ONE_FIGURE_COMMENT_EN,
        (Starter::SingleProvince, Lang::Vi) => SINGLE_PROVINCE_COMMENT_VI,
        (Starter::SingleProvince, Lang::En) => SINGLE_PROVINCE_COMMENT_EN,
    };
    let head = match starter {
        Starter::OneFigure => ONE_FIGURE_SITE,
        Starter::SingleProvince => SINGLE_PROVINCE_SITE,
    };
    let settings = match lang {
        Lang::Vi => SETTINGS_VI,
        Lang::En => SETTINGS_EN,
    };
    [comment, head, settings].concat()
}

/// The part of `site.yaml` both starters share: where it is published, the theme, and what
/// readers are owed.
const SETTINGS_VI: &str = r#"base_url: "https://example.org/"
languages: [vi, en]
# Giao diện có sẵn trong minhbach: không tệp nào của giao diện được chép vào đây, nên mỗi bản
# minhbach mới sửa lỗi giao diện thì trang này được hưởng ngay. Muốn đổi một mẫu trang, xem README.md.
theme: default
output_dir: public
# Người đọc cần biết ba điều, hiện ở chân mọi trang và trên trang giới thiệu: ai công bố trang,
# cách báo lỗi một số liệu, và điều kiện sử dụng lại dữ liệu. `minhbach check` sẽ nhắc cho đến
# khi các mục này được điền. Hãy bỏ dấu `#` ở đầu dòng và điền thông tin của bạn:
# publisher:
#   name: { vi: "Ủy ban nhân dân tỉnh …", en: "… Provincial People's Committee" }
#   url: "https://…"
# corrections:
#   email: "…"                 # hoặc url: "https://…" (một biểu mẫu), và/hoặc note: "cách báo lỗi"
# licence:
#   name: "CC BY 4.0"
#   url: "https://creativecommons.org/licenses/by/4.0/"
"#;

const SETTINGS_EN: &str = r#"base_url: "https://example.org/"
languages: [vi, en]
# The theme built into minhbach: nothing of it is copied here, so theme fixes reach this site
# with each new minhbach. To change one template, see README.md.
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

const ONE_FIGURE_COMMENT_VI: &str =
    "# Cài đặt của trang. Xem docs/data-format.md trong kho mã nguồn minhbach.\n";
const ONE_FIGURE_COMMENT_EN: &str =
    "# The site's settings. See docs/data-format.md in the minhbach repository.\n";

const ONE_FIGURE_SITE: &str = r#"title: { vi: "Minh bạch Đề án 06", en: "Project 06 transparency dashboard" }
description:
  vi: "Số liệu thực hiện Đề án 06 của tỉnh, mỗi con số kèm nguồn."
  en: "Progress of Project 06 in the province, every figure with its source."
"#;

const ONE_FIGURE_INDICATORS: &str = r#"# The indicator catalogue: one entry per indicator, in groups.
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

const ONE_FIGURE_PROVINCE: &str = r#"# One file per province; the file name is the province's id in web addresses.
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

const ONE_FIGURE_HOME: &str = r#"---
title: "Giới thiệu"
---
Trang này công bố số liệu thực hiện Đề án 06 của tỉnh. Mỗi con số ghi rõ kỳ báo cáo và nguồn.
"#;

const ONE_FIGURE_REPORT: &str = r#"---
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

const SINGLE_PROVINCE_COMMENT_VI: &str = r#"# Cài đặt của trang. Xem docs/data-format.md trong kho mã nguồn minhbach.
# Trang theo dõi một tỉnh: báo cáo Đề án 06 của tỉnh Bắc Giang kỳ 16/12/2023–15/01/2024, mỗi con
# số kèm nguồn. Từ ngày 01/07/2025, Bắc Giang thuộc tỉnh Bắc Ninh (data/provinces/bac-ninh-2025.yaml).
# Khi chỉ có số liệu của một tỉnh, không trang nào so sánh các tỉnh; các phần so sánh tự hiện ra
# khi có số liệu của từ hai tỉnh trở lên.
"#;
const SINGLE_PROVINCE_COMMENT_EN: &str = r#"# The site's settings. See docs/data-format.md in the minhbach repository.
# A dashboard of one province: the Đề án 06 report of Bắc Giang for 16/12/2023–15/01/2024,
# every figure with its source. Bắc Giang became part of Bắc Ninh on 1 July 2025
# (data/provinces/bac-ninh-2025.yaml). With figures of one province only, no page compares
# provinces: the comparisons appear by themselves once two provinces have figures.
"#;

const SINGLE_PROVINCE_SITE: &str = r#"title: { vi: "Minh bạch Đề án 06 tỉnh Bắc Giang", en: "Project 06 transparency dashboard: Bac Giang" }
description:
  vi: "Số liệu thực hiện Đề án 06 của tỉnh Bắc Giang, mỗi con số kèm nguồn."
  en: "Progress of Project 06 in Bac Giang province, every figure with its source."
key_indicators:
  - dvcty-online-rate
  - health-kcb-cccd-facilities
  - health-kcb-cccd-lookup-success-cum
  - id-eid-activated-cum
  - id-cccd-applications-cum
  - ss-bhxh-synced-popdb
services: { indicator: dvcty-online-rate, by: service }
"#;

const SINGLE_PROVINCE_HOME_VI: &str = r#"---
title: "Giới thiệu"
---
Trang này công bố số liệu thực hiện Đề án 06 (dữ liệu dân cư, định danh và xác thực điện tử) của tỉnh Bắc Giang, chép từ báo cáo của Tổ công tác Đề án 06 tỉnh cho kỳ 16/12/2023–15/01/2024. Mỗi con số ghi rõ kỳ báo cáo và nguồn (mục và dòng trong báo cáo).

Từ ngày 01/07/2025, tỉnh Bắc Giang hợp nhất với tỉnh Bắc Ninh thành tỉnh Bắc Ninh mới; số liệu trước ngày đó vẫn là của tỉnh Bắc Giang.
"#;

const SINGLE_PROVINCE_HOME_EN: &str = r#"---
title: "About"
---
This site publishes the progress of Project 06 (population data, electronic identification and authentication) in Bac Giang province, transcribed from the report of the province's Project 06 working group for 16 December 2023 to 15 January 2024. Every figure gives its period and its source (the section and line of the report).

On 1 July 2025 Bac Giang and Bac Ninh merged into the new Bac Ninh province; figures before that date remain Bac Giang's.
"#;

const EXAMPLE_INDICATORS: &str = include_str!("../../data/indicators.yaml");
const EXAMPLE_DIMENSIONS: &str = include_str!("../../data/dimensions.yaml");
const EXAMPLE_BAC_GIANG: &str = include_str!("../../data/provinces/bac-giang.yaml");
const EXAMPLE_BAC_NINH: &str = include_str!("../../data/provinces/bac-ninh-2025.yaml");
const EXAMPLE_BAC_GIANG_REPORT_VI: &str =
    include_str!("../../content/reports/bac-giang/2023-12-16--2024-01-15.md");
const EXAMPLE_BAC_GIANG_REPORT_EN: &str =
    include_str!("../../content/reports/bac-giang/2023-12-16--2024-01-15.en.md");
