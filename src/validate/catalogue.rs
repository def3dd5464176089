//! `site.yaml`, `data/indicators.yaml`, `data/dimensions.yaml`, and the targets they share
//! with the province files.

use super::{unknown_help, Ctx};
use crate::diagnostics::Diagnostics;
use crate::load::raw::{RawDimensionFile, RawIndicatorFile, RawSite, RawTarget};
use crate::load::Located;
use crate::model::{
    Aggregate, BaseUrl, Comparator, Dimension, Direction, Group, GroupKind, Indicator, Lang,
    Member, Scope, SiteConfig, Slug, Target, Unit,
};
use std::collections::BTreeMap;

/// The indicator catalogue and its dimensions, as far as they are valid.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    pub groups: Vec<Group>,
    pub indicators: BTreeMap<Slug, Indicator>,
    pub dimensions: BTreeMap<Slug, Dimension>,
    pub targets: Vec<Target>,
}

impl Catalogue {
    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.keys().map(Slug::as_str)
    }
}

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
    Some(SiteConfig {
        title,
        description,
        base_url: base_url?,
        languages,
        theme,
        output_dir,
        key_indicators: Vec::new(),
        services: None,
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
        let d = super::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
        ctx.at_value("services.indicator", d);
        return None;
    }
    if let Some(id) = dimension
        .as_ref()
        .filter(|d| !cat.dimensions.contains_key(*d))
    {
        let (help, help_vi) = unknown_help(
            id.as_str(),
            cat.dimensions.keys().map(Slug::as_str),
            "data/dimensions.yaml",
        );
        let d = ctx
            .error(
                "unknown-dimension",
                format!("dimension `{id}` is not defined"),
            )
            .help(help)
            .vi(format!("phân tổ `{id}` chưa được khai báo"))
            .vi_help(help_vi);
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
            let d = super::unknown_indicator(ctx.file, id.as_str(), cat.indicator_ids());
            ctx.at_value(&path, d);
            continue;
        }
        out.push(id);
    }
    out
}

pub(crate) fn catalogue(
    indicators: Option<&Located<RawIndicatorFile>>,
    dimensions: Option<&Located<RawDimensionFile>>,
    diags: &mut Diagnostics,
) -> Catalogue {
    let mut cat = Catalogue::default();
    if let Some(doc) = dimensions {
        cat.dimensions = dimension_list(doc, diags);
    }
    if let Some(doc) = indicators {
        let mut ctx = Ctx {
            file: &doc.file,
            index: &doc.index,
            diags,
        };
        cat.groups = groups(&mut ctx, &doc.value);
        indicator_list(&mut ctx, &doc.value, &mut cat);
    }
    cat
}

fn dimension_list(
    doc: &Located<RawDimensionFile>,
    diags: &mut Diagnostics,
) -> BTreeMap<Slug, Dimension> {
    let mut ctx = Ctx {
        file: &doc.file,
        index: &doc.index,
        diags,
    };
    let mut out = BTreeMap::new();
    for (i, raw) in doc.value.dimensions.iter().enumerate() {
        let path = format!("dimensions[{i}]");
        let Some(id) = ctx.slug(&raw.id, &format!("{path}.id"), "dimension id") else {
            continue;
        };
        let label = ctx.label(&raw.label, &format!("{path}.label"));
        let mut members: Vec<Member> = Vec::new();
        for (j, m) in raw.members.iter().enumerate() {
            let mpath = format!("{path}.members[{j}]");
            let Some(mid) = ctx.slug(&m.id, &format!("{mpath}.id"), "member id") else {
                continue;
            };
            if members.iter().any(|x| x.id == mid) {
                let d = ctx
                    .error(
                        "duplicate-id",
                        format!("member `{mid}` appears twice in dimension `{id}`"),
                    )
                    .help("give each member its own id")
                    .vi(format!(
                        "mục `{mid}` xuất hiện hai lần trong phân tổ `{id}`"
                    ))
                    .vi_help("hãy đặt cho mỗi mục một mã riêng");
                ctx.at_value(&format!("{mpath}.id"), d);
                continue;
            }
            let label = ctx.label(&m.label, &format!("{mpath}.label"));
            members.push(Member { id: mid, label });
        }
        if out.contains_key(&id) {
            let d = ctx
                .error("duplicate-id", format!("dimension `{id}` is defined twice"))
                .help("merge the two definitions into one")
                .vi(format!("phân tổ `{id}` được khai báo hai lần"))
                .vi_help("hãy gộp hai phần khai báo thành một");
            ctx.at_value(&format!("{path}.id"), d);
            continue;
        }
        out.insert(id.clone(), Dimension { id, label, members });
    }
    out
}

fn groups(ctx: &mut Ctx, raw: &RawIndicatorFile) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, g) in raw.groups.iter().enumerate() {
        let path = format!("groups[{i}]");
        let id = ctx.slug(&g.id, &format!("{path}.id"), "group id");
        let kind = ctx.choice(
            &g.kind,
            &format!("{path}.kind"),
            "group kind",
            &[
                ("utility", GroupKind::Utility),
                ("cross-cutting", GroupKind::CrossCutting),
            ],
        );
        let label = ctx.label(&g.label, &format!("{path}.label"));
        let description = g
            .description
            .as_ref()
            .map(|d| ctx.label(d, &format!("{path}.description")));
        let (Some(id), Some(kind)) = (id, kind) else {
            continue;
        };
        if out.iter().any(|x| x.id == id) {
            let d = ctx
                .error("duplicate-id", format!("group `{id}` is defined twice"))
                .help("give each group its own id")
                .vi(format!("nhóm `{id}` được khai báo hai lần"))
                .vi_help("hãy đặt cho mỗi nhóm một mã riêng");
            ctx.at_value(&format!("{path}.id"), d);
            continue;
        }
        out.push(Group {
            id,
            kind,
            label,
            description,
        });
    }
    out
}

const UNITS: [(&str, Unit); 5] = [
    ("percent", Unit::Percent),
    ("count", Unit::Count),
    ("persons", Unit::Persons),
    ("vnd", Unit::Vnd),
    ("points", Unit::Points),
];
const DIRECTIONS: [(&str, Direction); 3] = [
    ("higher-is-better", Direction::HigherIsBetter),
    ("lower-is-better", Direction::LowerIsBetter),
    ("neutral", Direction::Neutral),
];
const AGGREGATES: [(&str, Aggregate); 3] = [
    ("sum", Aggregate::Sum),
    ("ratio-of-sums", Aggregate::RatioOfSums),
    ("none", Aggregate::None),
];
const SCOPES: [(&str, Scope); 3] = [
    ("period", Scope::Period),
    ("cumulative", Scope::Cumulative),
    ("snapshot", Scope::Snapshot),
];

fn indicator_list(ctx: &mut Ctx, raw: &RawIndicatorFile, cat: &mut Catalogue) {
    for (i, r) in raw.indicators.iter().enumerate() {
        let path = format!("indicators[{i}]");
        let id = ctx.slug(&r.id, &format!("{path}.id"), "indicator id");
        let group = ctx.slug(&r.group, &format!("{path}.group"), "group id");
        if let Some(g) = &group {
            if !cat.groups.iter().any(|x| &x.id == g) {
                let (help, help_vi) = unknown_help(
                    g.as_str(),
                    cat.groups.iter().map(|x| x.id.as_str()),
                    "`groups:` at the top of this file",
                );
                let d = ctx
                    .error("unknown-group", format!("group `{g}` is not defined"))
                    .help(help)
                    .vi(format!("nhóm `{g}` chưa được khai báo"))
                    .vi_help(help_vi);
                ctx.at_value(&format!("{path}.group"), d);
            }
        }
        let label = ctx.label(&r.label, &format!("{path}.label"));
        let description = ctx.label(&r.description, &format!("{path}.description"));
        let unit = ctx.choice(&r.unit, &format!("{path}.unit"), "unit", &UNITS);
        let count_noun = r
            .count_noun
            .as_ref()
            .map(|c| ctx.label(c, &format!("{path}.count_noun")));
        let direction = ctx.choice(
            &r.direction,
            &format!("{path}.direction"),
            "direction",
            &DIRECTIONS,
        );
        let aggregate = ctx.choice(
            &r.aggregate,
            &format!("{path}.aggregate"),
            "aggregation",
            &AGGREGATES,
        );
        let scope = ctx.choice(&r.scope, &format!("{path}.scope"), "scope", &SCOPES);
        if let (Some(unit), Some(agg)) = (unit, aggregate) {
            let bad = match agg {
                Aggregate::RatioOfSums => unit != Unit::Percent,
                Aggregate::Sum => matches!(unit, Unit::Percent | Unit::Points),
                Aggregate::None => false,
            };
            if bad {
                let d = ctx
                    .error("invalid-aggregate", format!("`{}` cannot combine `{}` values", r.aggregate, r.unit))
                    .help("rates combine with `ratio-of-sums`, counts with `sum`; use `none` when values must not be combined")
                    .vi(format!("cách cộng gộp `{}` không dùng được cho giá trị có đơn vị `{}`", r.aggregate, r.unit))
                    .vi_help("tỷ lệ thì cộng gộp bằng `ratio-of-sums`, số đếm thì bằng `sum`; dùng `none` khi các giá trị không được phép cộng gộp");
                ctx.at_value(&format!("{path}.aggregate"), d);
            }
        }
        let mut dimensions = Vec::new();
        for (j, dim) in r.dimensions.iter().flatten().enumerate() {
            let dpath = format!("{path}.dimensions[{j}]");
            let Some(d_id) = ctx.slug(dim, &dpath, "dimension id") else {
                continue;
            };
            if !cat.dimensions.contains_key(&d_id) {
                let (help, help_vi) = unknown_help(
                    d_id.as_str(),
                    cat.dimensions.keys().map(Slug::as_str),
                    "data/dimensions.yaml",
                );
                let d = ctx
                    .error(
                        "unknown-dimension",
                        format!("dimension `{d_id}` is not defined"),
                    )
                    .help(help)
                    .vi(format!("phân tổ `{d_id}` chưa được khai báo"))
                    .vi_help(help_vi);
                ctx.at_value(&dpath, d);
                continue;
            }
            dimensions.push(d_id);
        }
        let (Some(id), Some(group), Some(unit), Some(direction), Some(aggregate), Some(scope)) =
            (id, group, unit, direction, aggregate, scope)
        else {
            continue;
        };
        if cat.indicators.contains_key(&id) {
            let d = ctx
                .error("duplicate-id", format!("indicator `{id}` is defined twice"))
                .help("each indicator id must be unique; rename or remove one of them")
                .vi(format!("chỉ tiêu `{id}` được khai báo hai lần"))
                .vi_help(
                    "mỗi mã chỉ tiêu chỉ được dùng một lần; hãy đổi mã hoặc xóa một trong hai",
                );
            ctx.at_value(&format!("{path}.id"), d);
            continue;
        }
        let indicator = Indicator {
            id: id.clone(),
            group,
            label,
            description,
            unit,
            count_noun,
            direction,
            aggregate,
            scope,
            dimensions,
        };
        for (k, t) in r.targets.iter().flatten().enumerate() {
            let tpath = format!("{path}.targets[{k}]");
            if t.indicator.is_some() {
                let d = ctx
                    .error(
                        "unexpected-field",
                        "a target in the catalogue belongs to the indicator it is written under",
                    )
                    .help("remove `indicator:` here")
                    .vi("mục tiêu viết trong danh mục đã thuộc về chỉ tiêu chứa nó, không cần `indicator:`")
                    .vi_help("hãy xóa `indicator:` ở đây");
                ctx.at_key(&format!("{tpath}.indicator"), d);
            }
            if let Some(target) = target(ctx, t, &tpath, &indicator, None) {
                cat.targets.push(target);
            }
        }
        cat.indicators.insert(id, indicator);
    }
}

const COMPARATORS: [(&str, Comparator); 5] = [
    ("at-least", Comparator::AtLeast),
    ("above", Comparator::Above),
    ("at-most", Comparator::AtMost),
    ("below", Comparator::Below),
    ("exactly", Comparator::Exactly),
];

/// A target for `indicator`, national (`province: None`) or for one province.
pub(crate) fn target(
    ctx: &mut Ctx,
    raw: &RawTarget,
    path: &str,
    indicator: &Indicator,
    province: Option<&Slug>,
) -> Option<Target> {
    let value = ctx.number(&raw.value, &format!("{path}.value"));
    let by = raw
        .by
        .as_ref()
        .and_then(|b| ctx.date(b, &format!("{path}.by")));
    let comparator = match &raw.comparator {
        Some(c) => ctx.choice(c, &format!("{path}.comparator"), "comparator", &COMPARATORS),
        None => Some(Comparator::AtLeast),
    };
    let value = value?;
    if indicator.unit == Unit::Percent && !(0.0..=100.0).contains(&value) {
        let d = ctx
            .error(
                "percent-out-of-range",
                format!("a target of {value} % is outside 0–100 %"),
            )
            .help("percent targets are written as 0–100 (80 means 80 %)")
            .vi(format!("mục tiêu {value} % nằm ngoài khoảng 0–100 %"))
            .vi_help("mục tiêu phần trăm được viết từ 0 đến 100 (80 nghĩa là 80 %)");
        ctx.at_value(&format!("{path}.value"), d);
        return None;
    }
    if value < 0.0 {
        let d = ctx
            .error("negative-value", format!("a target of {value} is negative"))
            .help("a target cannot be negative; check the minus sign")
            .vi(format!("mục tiêu {value} là số âm"))
            .vi_help("mục tiêu không thể là số âm; hãy kiểm tra lại dấu trừ");
        ctx.at_value(&format!("{path}.value"), d);
        return None;
    }
    Some(Target {
        indicator: indicator.id.clone(),
        province: province.cloned(),
        value,
        by,
        comparator: comparator?,
        issuer: raw.issuer.as_ref().map(super::text),
        source: raw.source.clone(),
        note: raw.note.as_ref().map(super::text),
    })
}
