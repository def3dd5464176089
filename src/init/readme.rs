//! The README.md that `minhbach init` writes, in Vietnamese (the default) or English: what to
//! edit, how to change one part of the built-in theme, and the commands.

use super::starter::Starter;
use crate::model::Lang;

/// The README of a new `starter` site, in `lang`.
pub fn readme(starter: Starter, lang: Lang) -> String {
    // The starter's own province, for the `new report` example.
    let (province, period) = match starter {
        Starter::OneFigure => ("dong-thap", "2025-05"),
        Starter::SingleProvince => ("bac-giang", "2024-02"),
    };
    let one_province = starter == Starter::SingleProvince;
    match lang {
        Lang::Vi => format!(
            "{VI_FILES}{}{VI_THEME}{}{VI_RULES}",
            if one_province { VI_ONE_PROVINCE } else { "" },
            VI_COMMANDS
                .replace("{province}", province)
                .replace("{period}", period)
        ),
        Lang::En => format!(
            "{EN_FILES}{}{EN_THEME}{}{EN_RULES}",
            if one_province { EN_ONE_PROVINCE } else { "" },
            EN_COMMANDS
                .replace("{province}", province)
                .replace("{period}", period)
        ),
    }
}

const VI_FILES: &str = r#"# Biên tập trang theo dõi này

Mọi thứ bạn sửa đều là văn bản:

- `site.yaml`: tên trang, địa chỉ web, các ngôn ngữ, và thông tin về đơn vị công bố trang,
  cách người đọc báo lỗi số liệu, giấy phép dữ liệu (hãy điền các mục này: `minhbach check`
  sẽ nhắc cho đến khi bạn điền xong).
- `data/indicators.yaml`: danh mục chỉ tiêu, tức những gì được đo (mỗi chỉ tiêu một mục).
- `data/provinces/<mã tỉnh>.yaml`: mỗi tỉnh một tệp, gồm báo cáo, số liệu, mục tiêu và nhiệm vụ.
- `content/`: các bài viết, bằng Markdown. Bài viết về một báo cáo nằm ở
  `content/reports/<mã tỉnh>/<kỳ>.md`; bản tiếng Anh có đuôi `.en.md`.
"#;

const VI_ONE_PROVINCE: &str = r#"
Trang này chỉ có số liệu của một tỉnh, nên không trang nào so sánh, xếp hạng các tỉnh hay
liệt kê số liệu "theo tỉnh". Khi có số liệu của từ hai tỉnh trở lên, các phần so sánh tự hiện ra.
"#;

const VI_THEME: &str = r#"
## Giao diện

Trang dùng giao diện có sẵn trong minhbach (`theme: default` trong `site.yaml`). Không tệp nào
của giao diện được chép vào đây, nên mỗi khi minhbach sửa lỗi hay cải tiến giao diện, trang của
bạn được hưởng ngay ở lần dựng sau.

Muốn đổi một phần, hãy đặt một tệp cùng tên vào thư mục `themes/default/` của trang này. Chỉ
những tệp bạn đặt vào mới thay cho tệp có sẵn, mọi tệp khác vẫn theo giao diện có sẵn:

- Một mẫu trang: chép tệp cùng tên trong thư mục `themes/default/templates/` của mã nguồn
  minhbach (đúng phiên bản bạn đang dùng) vào `themes/default/templates/` của trang này, ví dụ
  `themes/default/templates/home.html`, rồi sửa. Lưu ý: mẫu đã chép sẽ không nhận các bản sửa
  sau này của mẫu có sẵn, vì vậy chỉ chép những mẫu thật sự cần đổi.
- Chữ trên giao diện: tạo `themes/default/i18n/vi.yaml` (và `en.yaml`) chỉ với những khóa muốn
  đổi, ví dụ `home_kicker: "Cổng thông tin Đề án 06"`; các khóa khác giữ nguyên.
- Kiểu trình bày: `themes/default/static/style.css` thay cho toàn bộ tệp CSS có sẵn.
"#;

const VI_COMMANDS: &str = r#"
## Các lệnh

Chạy trong thư mục này:

- `minhbach serve`: xem trước trang tại http://127.0.0.1:1111/, tự tải lại mỗi khi bạn sửa.
- `minhbach check`: liệt kê mọi lỗi, kèm tệp, dòng, cột và cách sửa.
- `minhbach build`: dựng trang hoàn chỉnh vào thư mục `public/`, sẵn sàng chép lên bất kỳ
  máy chủ web nào.
- `minhbach new report <mã tỉnh> <kỳ>`: tạo bài viết cho một báo cáo mới, ví dụ
  `minhbach new report {province} {period}`.

Thêm `--lang en` vào cuối lệnh để nhận thông báo bằng tiếng Anh.
"#;

const VI_RULES: &str = r#"
## Quy tắc giữ cho số liệu đáng tin

Viết số theo kiểu máy đọc (`1563652`, `47.41`), ghi `source` cho mọi số liệu, giữ nguyên tỷ lệ
in trong báo cáo ở `stated` kể cả khi nó không khớp với các số đếm, và dẫn số liệu trong bài
viết bằng `{{ value(indicator="…") }}` thay vì gõ lại.
"#;

const EN_FILES: &str = r#"# Writing this dashboard

Everything you edit is text:

- `site.yaml`: the title, the web address, the languages, and who publishes the site, how
  readers report an error and the data licence (fill these in: `minhbach check` warns until
  you do).
- `data/indicators.yaml`: what is measured (one entry per indicator).
- `data/provinces/<id>.yaml`: one file per province: its reports, figures, targets and tasks.
- `content/`: the narratives, in Markdown. A report's narrative is
  `content/reports/<province>/<period>.md`; its English version ends in `.en.md`.
"#;

const EN_ONE_PROVINCE: &str = r#"
This site has the figures of one province only, so no page compares or ranks provinces or
lists figures "by province". Once two provinces or more have figures, the comparisons appear
by themselves.
"#;

const EN_THEME: &str = r#"
## The theme

The site uses the theme built into minhbach (`theme: default` in `site.yaml`). None of its files
is copied here, so every fix or improvement to the theme in a new minhbach reaches your site at
its next build.

To change one part, put a file of the same name in this site's `themes/default/` folder. Only
the files you put there replace the built-in ones; every other file stays the built-in one:

- A template: copy the file of the same name from `themes/default/templates/` in minhbach's
  source (the version you use) into this site's `themes/default/templates/`, for example
  `themes/default/templates/home.html`, and edit it. A copied template no longer receives the
  fixes made to the built-in one, so copy only the templates you need to change.
- Interface strings: create `themes/default/i18n/en.yaml` (and `vi.yaml`) with only the keys
  you want to change, for example `home_kicker: "Project 06 portal"`; the other keys stay.
- The style: `themes/default/static/style.css` replaces the whole built-in stylesheet.
"#;

const EN_COMMANDS: &str = r#"
## Commands

Run in this folder:

- `minhbach serve`: a preview at http://127.0.0.1:1111/ that reloads as you type.
- `minhbach check`: every problem, with the file, line and column, and how to fix it.
- `minhbach build`: the finished site in `public/`, ready to copy to any web host.
- `minhbach new report <province> <period>`: a new narrative, e.g.
  `minhbach new report {province} {period}`.

Add `--lang en` to a command for its messages in English (Vietnamese is the default).
"#;

const EN_RULES: &str = r#"
## Rules that keep the figures trustworthy

Write numbers the machine way (`1563652`, `47.41`), give every figure its `source`, keep a
report's printed rate in `stated` even when it does not match its counts, and cite figures in
narratives with `{{ value(indicator="…") }}` instead of typing them.
"#;
