//! `publisher:`, `corrections:` and `licence:` of site.yaml: who publishes the site, how a
//! reader reports an error, under which terms the data may be reused. A transparency site
//! owes its readers all three, so a missing one is a warning (with what to write), not an
//! error: a site still builds while its publisher settles the wording.

use crate::diagnostics::Position;
use crate::load::raw::RawSite;
use crate::model::{Corrections, Email, Licence, Publisher, WebAddress};
use crate::validate::{text, Ctx};

pub(crate) struct SiteInfo {
    pub publisher: Option<Publisher>,
    pub corrections: Option<Corrections>,
    pub licence: Option<Licence>,
}

pub(crate) fn site_info(ctx: &mut Ctx, raw: &RawSite) -> SiteInfo {
    let publisher = raw.publisher.as_ref().map(|p| Publisher {
        name: ctx.label(&p.name, "publisher.name"),
        url: p
            .url
            .as_ref()
            .and_then(|u| web_address(ctx, u, "publisher.url")),
    });
    let corrections = raw.corrections.as_ref().and_then(|c| {
        let email = c
            .email
            .as_ref()
            .and_then(|e| email(ctx, e, "corrections.email"));
        let url = c
            .url
            .as_ref()
            .and_then(|u| web_address(ctx, u, "corrections.url"));
        let note = c.note.as_ref().map(text).filter(|n| !n.vi.is_empty());
        if c.email.is_none() && c.url.is_none() && note.is_none() {
            let d = ctx
                .error("invalid-value", "`corrections` gives no `email`, `url` or `note`")
                .help("write where a reader reports an error in a figure: `email: …` (an address that is read), `url: https://…` (a form or an issue tracker), or a `note` saying how")
                .vi("`corrections` chưa ghi `email`, `url` hay `note`")
                .vi_help("hãy ghi nơi người đọc báo lỗi số liệu: `email: …` (hộp thư có người đọc), `url: https://…` (biểu mẫu hoặc trang tiếp nhận phản ánh), hoặc `note` nói cách báo");
            ctx.at_key("corrections", d);
        }
        (email.is_some() || url.is_some() || note.is_some()).then_some(Corrections {
            email,
            url,
            note,
        })
    });
    let licence = raw.licence.as_ref().and_then(|l| {
        if l.name.trim().is_empty() {
            let d = ctx
                .error("invalid-value", "the licence has no name")
                .help("name the terms the data is published under, e.g. `name: \"CC BY 4.0\"`")
                .vi("giấy phép chưa có tên")
                .vi_help("hãy ghi tên điều kiện sử dụng dữ liệu, ví dụ `name: \"CC BY 4.0\"`");
            ctx.at_value("licence.name", d);
            return None;
        }
        Some(Licence {
            name: l.name.trim().to_string(),
            url: l
                .url
                .as_ref()
                .and_then(|u| web_address(ctx, u, "licence.url")),
            note: l.note.as_ref().map(text),
        })
    });
    let missing = [
        (
            raw.publisher.is_none(),
            "publisher",
            r#"publisher: { name: { vi: "Ủy ban nhân dân tỉnh …", en: "… Provincial People's Committee" }, url: "https://…" }"#,
            "who publishes the site",
            "đơn vị công bố trang",
        ),
        (
            raw.corrections.is_none(),
            "corrections",
            r#"corrections: { email: "…" }"#,
            "how a reader reports an error in a figure",
            "cách người đọc báo lỗi số liệu",
        ),
        (
            raw.licence.is_none(),
            "licence",
            r#"licence: { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" }"#,
            "the terms the data may be reused under",
            "điều kiện sử dụng lại dữ liệu",
        ),
    ];
    for (absent, key, example, what_en, what_vi) in missing {
        if absent {
            let d = ctx
                .warning("missing-site-info", format!("site.yaml does not say {what_en} (`{key}:`); the footer and the about page will not either"))
                .help(format!("add to site.yaml: `{example}`"))
                .vi(format!("site.yaml chưa ghi {what_vi} (`{key}:`), nên chân trang và trang giới thiệu cũng không có"))
                .vi_help(format!("hãy thêm vào site.yaml: `{example}`"))
                .at(Some(Position { line: 1, column: 1 }));
            ctx.diags.push(d);
        }
    }
    SiteInfo {
        publisher,
        corrections,
        licence,
    }
}

fn web_address(ctx: &mut Ctx, raw: &str, path: &str) -> Option<WebAddress> {
    let parsed = WebAddress::parse(raw);
    if parsed.is_none() {
        let d = ctx
            .error("invalid-url", format!("`{}` is not a web address a page can link to", raw.trim()))
            .help("write a full address starting with `https://` (or `http://`), without spaces or quotes")
            .vi(format!("`{}` không phải địa chỉ web mà trang có thể liên kết tới", raw.trim()))
            .vi_help("hãy ghi đầy đủ địa chỉ bắt đầu bằng `https://` (hoặc `http://`), không có dấu cách hay dấu nháy");
        ctx.at_value(path, d);
    }
    parsed
}

fn email(ctx: &mut Ctx, raw: &str, path: &str) -> Option<Email> {
    let parsed = Email::parse(raw);
    if parsed.is_none() {
        let d = ctx
            .error("invalid-email", format!("`{}` is not an e-mail address", raw.trim()))
            .help("write one address such as `phananh@example.gov.vn`, without `mailto:`, spaces or a subject")
            .vi(format!("`{}` không phải địa chỉ thư điện tử", raw.trim()))
            .vi_help("hãy ghi một địa chỉ như `phananh@example.gov.vn`, không kèm `mailto:`, dấu cách hay tiêu đề thư");
        ctx.at_value(path, d);
    }
    parsed
}
