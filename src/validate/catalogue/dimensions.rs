//! `data/dimensions.yaml`: the dimensions a figure can be broken down by, and their members.
//! Read before the indicators, which name them.

use crate::diagnostics::Diagnostics;
use crate::load::raw::RawDimensionFile;
use crate::load::Located;
use crate::model::{Dimension, Member, Slug};
use crate::validate::Ctx;
use std::collections::BTreeMap;

pub(super) fn dimension_list(
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
