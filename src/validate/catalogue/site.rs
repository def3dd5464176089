//! The settings of `site.yaml`: the site's own (title, address, languages, theme, output
//! folder), then the parts that name indicators and dimensions (`services:`,
//! `key_indicators:`), which are checked once the catalogue is known.

use super::Catalogue;
use crate::diagnostics::Diagnostics;
use crate::load::raw::RawSite;
use crate::load::Located;
use crate::model::{BaseUrl, Lang, SiteConfig, Slug};
use crate::validate::Ctx;

/// The settings of site.yaml; `None` when the base URL is unusable (its error is reported,
/// and so is every other problem of the file).
pub(crate) fn site_config(doc: &Located<RawSite>, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let mut ctx = Ctx {
        file: &doc.file,
        index: &doc.index,
        diags,
    };
    let raw = &doc.value;
    let title = ctx.label(&raw.title, "title");
    let description = raw
        .description
        .as_ref()
        .map(|d| ctx.label(d, "description"));

    // One parser for site.yaml and for `--base-url` (model::BaseUrl): the address is copied
    // into robots.txt, the sitemap and the feeds, where a line break would start a new line.
    let base_url = match BaseUrl::parse(&raw.base_url) {
        Ok(url) => Some(url),
        Err(e) => {
            let d = ctx
                .error("invalid-base-url", e.message(Lang::En))
                .help(e.help(Lang::En))
                .vi(e.message(Lang::Vi))
                .vi_help(e.help(Lang::Vi));
            ctx.at_value("base_url", d);
            None
        }
    };

    let mut languages = Vec::new();
    for (i, code) in raw.languages.iter().enumerate() {
        let path = format!("languages[{i}]");
        if let Some(lang) = ctx.choice(
            code,
            &path,
            "language",
            &[("vi", Lang::Vi), ("en", Lang::En)],
        ) {
            if languages.contains(&lang) {
                let d = ctx
                    .error("duplicate-id", format!("language `{code}` is listed twice"))
                    .help("list each language once")
                    .vi(format!("ngôn ngữ `{code}` được liệt kê hai lần"))
                    .vi_help("hãy chỉ liệt kê mỗi ngôn ngữ một lần");
                ctx.at_value(&path, d);
            }
            languages.push(lang);
        }
    }
    if languages.first() != Some(&Lang::Vi) {
        let d = ctx
            .error(
                "invalid-value",
                "the first language must be Vietnamese (`vi`)",
            )
            .help("write `languages: [vi, en]`: Vietnamese is served at `/`, English under `/en/`")
            .vi("ngôn ngữ đầu tiên phải là tiếng Việt (`vi`)")
            .vi_help("hãy viết `languages: [vi, en]`: trang tiếng Việt nằm ở `/`, trang tiếng Anh nằm dưới `/en/`");
        ctx.at_value("languages", d);
    }

    let theme = raw.theme.clone().unwrap_or_else(|| "default".to_string());
    if Slug::parse(&theme).is_none() {
        let d = ctx
            .error(
                "invalid-id",
                format!("theme `{theme}` is not a valid folder name"),
            )
            .help("name a folder under `themes/` with lowercase letters, digits and hyphens")
            .vi(format!("tên giao diện `{theme}` không phải là tên thư mục hợp lệ"))
            .vi_help("hãy ghi tên một thư mục nằm trong `themes/`, chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang");
        ctx.at_value("theme", d);
    }
    let output_dir = raw
        .output_dir
        .clone()
        .unwrap_or_else(|| "public".to_string());
    let safe_output = !output_dir.is_empty()
        && !output_dir.starts_with('/')
        && !output_dir.contains('\\')
        && output_dir
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..");
    if !safe_output {
        let d = ctx
            .error("invalid-output-dir", format!("output folder `{output_dir}` is not a plain folder inside the site"))
            .help("use a relative folder name such as `public`; use `minhbach build --output DIR` to write elsewhere")
            .vi(format!("thư mục xuất `{output_dir}` phải là một thư mục nằm bên trong trang web"))
            .vi_help("hãy dùng tên một thư mục con, ví dụ `public`; muốn ghi ra nơi khác thì dùng `minhbach build --output THƯ_MỤC`");
        ctx.at_value("output_dir", d);
    }
    let info = super::site_info::site_info(&mut ctx, raw);
    Some(SiteConfig {
        title,
        description,
        base_url: base_url?,
        languages,
        theme,
        output_dir,
        key_indicators: Vec::new(),
        services: None,
        publisher: info.publisher,
        corrections: info.corrections,
        licence: info.licence,
    })
}

/// `services:` of site.yaml, checked against the catalogue and the dimensions.
pub(crate) fn services(
    doc: &Located<RawSite>,
    cat: &Catalogue,
    diags: &mut Diagnostics,
) -> Option<crate::model::Services> {
    let raw = doc.value.services.as_ref()?;
    let mut ctx = Ctx {
        file: &doc.file,
        index: &doc.index,
        diags,
    };
    let indicator = ctx.slug(&raw.indicator, "services.indicator", "indicator id");
    let dimension = ctx.slug(&raw.by, "services.by", "dimension id");
    if let Some(id) = indicator
        .as_ref()
        .filter(|i| !cat.indicators.contains_key(*i))
    {
        let d = crate::validate::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
        ctx.at_value("services.indicator", d);
        return None;
    }
    if let Some(id) = dimension
        .as_ref()
        .filter(|d| !cat.dimensions.contains_key(*d))
    {
        let known = cat.dimensions.keys().map(Slug::as_str);
        let d = crate::validate::unknown_dimension(ctx.file, id.as_str(), known);
        ctx.at_value("services.by", d);
        return None;
    }
    Some(crate::model::Services {
        indicator: indicator?,
        dimension: dimension?,
    })
}

/// `key_indicators:` of site.yaml, checked against the catalogue.
pub(crate) fn key_indicators(
    doc: &Located<RawSite>,
    cat: &Catalogue,
    diags: &mut Diagnostics,
) -> Vec<Slug> {
    let mut ctx = Ctx {
        file: &doc.file,
        index: &doc.index,
        diags,
    };
    let mut out = Vec::new();
    for (i, raw) in doc.value.key_indicators.iter().flatten().enumerate() {
        let path = format!("key_indicators[{i}]");
        let Some(id) = ctx.slug(raw, &path, "indicator id") else {
            continue;
        };
        if !cat.indicators.contains_key(&id) {
            let d = crate::validate::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
            ctx.at_value(&path, d);
            continue;
        }
        out.push(id);
    }
    out
}
