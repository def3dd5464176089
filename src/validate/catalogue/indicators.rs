//! `data/indicators.yaml`: the groups, then each indicator with its unit, direction,
//! aggregation, scope, dimensions and the national targets written under it.

use super::targets::target;
use super::Catalogue;
use crate::load::raw::RawIndicatorFile;
use crate::model::{Aggregate, Direction, Group, GroupKind, Indicator, Scope, Slug, Unit};
use crate::validate::{unknown_help, Ctx};

pub(super) fn groups(ctx: &mut Ctx, raw: &RawIndicatorFile) -> Vec<Group> {
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

pub(super) fn indicator_list(ctx: &mut Ctx, raw: &RawIndicatorFile, cat: &mut Catalogue) {
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
                let known = cat.dimensions.keys().map(Slug::as_str);
                let d = crate::validate::unknown_dimension(ctx.file, d_id.as_str(), known);
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
        let mut indicator = Indicator {
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
            since: None,
        };
        indicator.since = r
            .since
            .as_ref()
            .and_then(|s| ctx.since(s, &format!("{path}.since"), &indicator));
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
