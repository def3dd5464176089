//! A value broken down `by` a dimension: the dimension and each member must exist and the
//! indicator must declare the dimension; each member's value is then checked like a total.

use super::Site;
use crate::load::raw::{RawValue, UniqueMap};
use crate::model::{Observation, Since, Slug};
use crate::validate::Ctx;

impl Site<'_> {
    pub(super) fn breakdown(
        &self,
        ctx: &mut Ctx,
        by: &UniqueMap<UniqueMap<RawValue>>,
        path: &str,
        since: Option<Since>,
        out: &mut Vec<Observation>,
    ) {
        for (dim_key, members) in by {
            let dpath = format!("{path}.by.{dim_key}");
            // Every id of the catalogue is a slug: a key that is not one is found in none.
            let Some(dim) = self.cat.dimensions.get(dim_key.as_str()) else {
                let known = self.cat.dimensions.keys().map(Slug::as_str);
                let d = crate::validate::unknown_dimension(ctx.file, dim_key, known);
                ctx.at_key(&dpath, d);
                continue;
            };
            if !self.indicator.dimensions.contains(&dim.id) {
                let d = ctx
                    .error(
                        "undeclared-dimension",
                        format!(
                            "`{}` is not broken down by `{}` in the catalogue",
                            self.indicator.id, dim.id
                        ),
                    )
                    .help(format!(
                        "add `{}` to the indicator's `dimensions:` in data/indicators.yaml",
                        dim.id
                    ))
                    .vi(format!(
                        "trong danh mục, chỉ tiêu `{}` không được chia theo phân tổ `{}`",
                        self.indicator.id, dim.id
                    ))
                    .vi_help(format!(
                        "hãy thêm `{}` vào `dimensions:` của chỉ tiêu này trong data/indicators.yaml",
                        dim.id
                    ));
                ctx.at_key(&dpath, d);
                continue;
            }
            // `….by.dimension.`, then each member in turn.
            let mut mpath = dpath.clone();
            mpath.push('.');
            let prefix = mpath.len();
            for (member_key, raw) in members {
                mpath.truncate(prefix);
                mpath.push_str(member_key);
                // The catalogue's own slug, shared rather than made again for each figure.
                let member = dim
                    .members
                    .iter()
                    .find(|x| x.id.as_str() == member_key.as_str())
                    .map(|x| x.id.clone());
                let Some(member) = member else {
                    let (help, help_vi) = crate::validate::unknown_member_help(member_key, dim);
                    let d = ctx
                        .error(
                            "unknown-member",
                            format!("`{member_key}` is not a member of `{}`", dim.id),
                        )
                        .help(help)
                        .vi(format!("phân tổ `{}` không có mục `{member_key}`", dim.id))
                        .vi_help(help_vi)
                        .about(crate::diagnostics::Subject::Member {
                            dimension: dim.id.as_str().to_string(),
                            member: member_key.to_string(),
                        });
                    ctx.at_key(&mpath, d);
                    continue;
                };
                self.value(ctx, raw, &mpath, Some((dim.id.clone(), member)), since, out);
            }
        }
    }
}
