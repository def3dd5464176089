//! `site.yaml`, `data/indicators.yaml`, `data/dimensions.yaml`, and the targets they share
//! with the province files.
//!
//! This file holds the [`Catalogue`] and the order it is read in (dimensions before the
//! indicators that name them); each file of settings has its own module beside it.

mod consistency;
mod dimensions;
mod indicators;
mod site;
mod site_info;
mod targets;

pub(crate) use consistency::Consistency;
use dimensions::dimension_list;
use indicators::{groups, indicator_list};
pub(crate) use site::{key_indicators, services, site_config};
pub(crate) use targets::target;

use super::Ctx;
use crate::diagnostics::Diagnostics;
use crate::load::raw::{RawDimensionFile, RawIndicatorFile};
use crate::load::Located;
use crate::model::{Dimension, Group, Indicator, Slug, Target};
use std::collections::BTreeMap;

/// The indicator catalogue and its dimensions, as far as they are valid.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    pub groups: Vec<Group>,
    pub indicators: BTreeMap<Slug, Indicator>,
    pub dimensions: BTreeMap<Slug, Dimension>,
    pub targets: Vec<Target>,
    /// The consistency rules indicators declare (`sum_of`, `average_of`), by indicator.
    pub rules: BTreeMap<Slug, Consistency>,
}

impl Catalogue {
    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.keys().map(Slug::as_str)
    }
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
        consistency::consistency_rules(&mut ctx, &doc.value, &mut cat);
    }
    cat
}
