//! What a report page is made from, as one digest: a page whose digest is the one of the last
//! build is taken from that build instead of being planned and rendered again (`serve`, after
//! an edit to data: [`crate::render::Earlier`]).
//!
//! Report pages are most of a national site (6,860 of 7,200 pages, 650 MB of HTML) and each
//! shows one province: its figures, targets and source documents for one period, and the
//! narrative of that report. A province's new monthly report leaves the other provinces'
//! reports as they were. The digest of a report page covers everything its view, its page
//! frame and its template may read:
//! - what every page shares ([`Inputs::common`]): the settings, the catalogue (groups,
//!   indicators, dimensions), every province's name, dates and merger, the national targets,
//!   whether the site compares provinces, the last month any report covers, the theme's
//!   templates and strings; and, per
//!   language, the footer's colophon (which names the site's latest report), whether there is
//!   an about page, and the site's preview image;
//! - the province's own figures of the report's period (its tables show those alone:
//!   [`super::province::group_tables`] with a period), and its targets, tasks and source
//!   documents (in the site's order);
//! - the figures of the same period of the provinces its merger links it to (the units it was
//!   formed from, its successor), with their targets, tasks and documents;
//! - its narratives (both languages, drafts too, as `serve` shows them), and for each live
//!   figure they show, the figures of its province and period, with that province's targets,
//!   tasks and documents (its citation); a call that does not resolve to one figure makes
//!   the page depend on every figure of every province.
//!
//! Province and indicator pages show charts, and a page taken from the last build must be
//! taken with its charts' files (`serve` does: [`crate::serve`]; `build` does not, and asks
//! for report pages only). The digest of a province page covers what every page shares, the
//! figures, targets, tasks and documents of the province and of every unit its merger links
//! it to, directly or through others (its figures before the merger are computed from
//! theirs), and the front matter and bodies of their narratives (its list of reports names
//! them). The digest of an indicator page covers what every page shares, every figure of the
//! indicator in every province (each province's digest of them, [`province_digests`]), every
//! target set for it, and the source documents of each province those name (its citations).
//!
//! The list of tasks (in `serve` too, for its chart) reads every province's tasks and names,
//! and none of the figures: its digest covers what every page shares and every province's
//! targets, tasks and source documents. An edit to a figure leaves it as it was.
//!
//! Other pages (lists, the home page) read the figures of many provinces and indicators: they
//! have no digest and are always made again. Any doubt is a page made again.

use super::cells::Index;
use super::figure_digests::{self, period_digest, KeptDigests, ProvinceFigures};
use super::plan::{PageKey, PageKind};
use crate::load::shortcode;
use crate::model::kept::Kept;
use crate::model::{Lang, Page, Period, Site, Slug};
use crate::theme::Theme;
use crate::validate::live_figures::Resolved;
use crate::FastMap;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::sync::Arc;

/// What `serve` keeps of one build's digests for the next: each part's figure digests
/// ([`KeptDigests`]), and each narrative's digest with the page it was made from (its front
/// matter and body, compared field by field and byte for byte: a narrative that did not
/// change is not hashed again).
#[derive(Debug, Default)]
pub struct KeptInputs {
    figures: KeptDigests,
    narratives: Kept<String, Arc<(Page, blake3::Hash)>>,
}

impl KeptInputs {
    /// Nothing kept, nothing taken (`build`).
    pub fn none() -> KeptInputs {
        KeptInputs::default()
    }

    /// Nothing to take yet; keeps what is made (`serve`'s first build).
    pub fn empty() -> KeptInputs {
        KeptInputs {
            figures: KeptDigests::empty(),
            narratives: Kept::empty(),
        }
    }

    /// What the build after this one starts from: what this one made or took.
    pub fn next(&self) -> KeptInputs {
        KeptInputs {
            figures: self.figures.next(),
            narratives: self.narratives.next(),
        }
    }
}

/// A BLAKE3 hasher fed through a buffer: `Debug` forms are written a few bytes at a time,
/// and BLAKE3 is fast only on long runs of bytes (hashing 700,000 figures a few bytes at a
/// time took a second of a national build).
pub(super) struct Feed {
    hasher: blake3::Hasher,
    buffer: Vec<u8>,
}

impl Feed {
    fn new() -> Feed {
        Feed::with_capacity(1 << 16)
    }

    /// A feed whose buffer holds `n` bytes (a page's narratives, without growing).
    pub(super) fn with_capacity(n: usize) -> Feed {
        Feed {
            hasher: blake3::Hasher::new(),
            buffer: Vec::with_capacity(n),
        }
    }

    /// Add `bytes` as they are.
    pub(super) fn raw(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > self.buffer.capacity() {
            self.hasher.update(&self.buffer);
            self.buffer.clear();
        }
        if bytes.len() >= self.buffer.capacity() {
            self.hasher.update(bytes);
        } else {
            self.buffer.extend_from_slice(bytes);
        }
    }

    /// Add `bytes` with their length.
    pub(super) fn bytes(&mut self, bytes: &[u8]) {
        self.raw(&(bytes.len() as u64).to_le_bytes());
        self.raw(bytes);
    }

    /// Add the `Debug` form of `value`, then a separator that no `Debug` form writes alone.
    pub(super) fn debug(&mut self, value: &(impl std::fmt::Debug + ?Sized)) {
        let _ = write!(self, "{value:?}");
        self.raw(b"\x00");
    }

    pub(super) fn finish(mut self) -> blake3::Hash {
        self.hasher.update(&self.buffer);
        self.hasher.finalize()
    }
}

impl std::fmt::Write for Feed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.raw(s.as_bytes());
        Ok(())
    }
}

/// The digests report pages are made of, computed once per site.
pub struct Inputs {
    /// What every page shares, in each language.
    common: FastMap<Lang, blake3::Hash>,
    /// Each province's own figures, targets, tasks and source documents.
    provinces: FastMap<Slug, blake3::Hash>,
    /// Each province's figures of each period: a report page's.
    periods: FastMap<Slug, FastMap<Period, blake3::Hash>>,
    /// Each province's targets, tasks and source documents.
    rest: FastMap<Slug, blake3::Hash>,
    /// Every province's, for a narrative whose figures cannot all be named.
    every: blake3::Hash,
    /// Every province's targets, tasks and source documents, provinces in slug order: the
    /// list of tasks.
    every_rest: blake3::Hash,
    /// The units each province's merger links it to (both ways).
    related: FastMap<Slug, Vec<Slug>>,
    /// Each narrative (a page of a province) as its report page reads it, by path.
    narratives: FastMap<String, Narrative>,
    /// What only province and indicator pages read: made only for a build that takes them
    /// (`build` does not: [`Inputs::new`]).
    charted: Option<Charted>,
}

/// The digests only province and indicator pages are made of.
struct Charted {
    /// Each province's narratives (front matter and body), for the list of its reports.
    narratives: FastMap<Slug, blake3::Hash>,
    /// Each indicator's figures, targets and documents ([`indicator_digests`]).
    indicators: FastMap<Slug, blake3::Hash>,
}

/// What every page shares in one language, as [`Inputs::new`] needs it from the planner.
pub struct Shared<'a> {
    pub lang: Lang,
    pub has_about: bool,
    pub colophon: &'a dyn std::fmt::Debug,
    pub site_image: &'a dyn std::fmt::Debug,
}

impl Inputs {
    /// `latest_month` is the last month any report covers, figures or narrative (the end
    /// of every province's twelve months on its page, [`super::completeness`]). Without
    /// `with_charts`, only report pages get a digest ([`Inputs::page`]). The digests of the
    /// figures are taken from `kept` for the parts it has, and those of the narratives that
    /// did not change ([`KeptInputs`]).
    pub fn new(
        idx: &Index,
        theme: &Theme,
        languages: &[Shared],
        latest_month: Option<(i32, u32)>,
        with_charts: bool,
        kept: &KeptInputs,
    ) -> Inputs {
        let site = idx.site;
        let mut base = Feed::new();
        // Changed whenever what a page reads, or how its digest is made, changes shape.
        base.raw(b"minhbach page inputs 2");
        base.debug(&site.config);
        base.debug(&site.groups);
        base.debug(&site.indicators);
        base.debug(&site.dimensions);
        base.debug(&site.provinces);
        base.debug(&idx.compares_provinces());
        for t in site.targets.iter().filter(|t| t.province.is_none()) {
            base.debug(t);
        }
        base.debug(&latest_month);
        // The province digests are made one way or the other (below).
        base.debug(&with_charts);
        base.debug(&theme.templates);
        base.debug(&theme.strings);
        let base = base.finish();
        let common = languages
            .iter()
            .map(|l| {
                let mut h = Feed::new();
                h.raw(base.as_bytes());
                h.debug(&l.lang);
                h.debug(&l.has_about);
                h.debug(l.colophon);
                h.debug(l.site_image);
                (l.lang, h.finish())
            })
            .collect();
        let by_province = province_digests(site, with_charts, &kept.figures);
        let indicators = with_charts.then(|| indicator_digests(site, &by_province));
        let mut provinces: FastMap<Slug, blake3::Hash> = FastMap::default();
        let mut periods = FastMap::default();
        let mut rest = FastMap::default();
        for (p, d) in by_province {
            provinces.insert(p.clone(), d.all);
            rest.insert(p.clone(), d.rest);
            periods.insert(p, d.figures.periods);
        }
        let mut every = Feed::new();
        for (slug, digest) in &site
            .provinces
            .keys()
            .filter_map(|p| Some((p, provinces.get(p)?)))
            .collect::<Vec<_>>()
        {
            every.bytes(slug.as_str().as_bytes());
            every.raw(digest.as_bytes());
        }
        let mut every_rest = Feed::new();
        for (slug, digest) in site
            .provinces
            .keys()
            .filter_map(|p| Some((p, rest.get(p)?)))
        {
            every_rest.bytes(slug.as_str().as_bytes());
            every_rest.raw(digest.as_bytes());
        }
        let mut related: FastMap<Slug, Vec<Slug>> = FastMap::default();
        for p in site.provinces.values() {
            let mut link = |a: &Slug, b: &Slug| {
                related.entry(a.clone()).or_default().push(b.clone());
                related.entry(b.clone()).or_default().push(a.clone());
            };
            if let Some(s) = &p.successor {
                link(&p.slug, &s.province);
            }
            for unit in p.formed_from.iter().flat_map(|f| &f.units) {
                if let crate::model::FormerUnit::Province(u) = unit {
                    link(&p.slug, u);
                }
            }
        }
        let narratives = narratives(idx, &kept.narratives);
        let charted = indicators.map(|indicators| Charted {
            narratives: narrative_digests(idx, &narratives),
            indicators,
        });
        Inputs {
            common,
            provinces,
            periods,
            rest,
            every: every.finish(),
            every_rest: every_rest.finish(),
            related,
            narratives,
            charted,
        }
    }

    /// The digest of what the page `key` is made from; `None` for a page that is always made
    /// again: every page but a report's, a province's, an indicator's and the list of tasks,
    /// and with `with_charts` false (or inputs made without it) every page but a report's.
    pub fn page<'s>(
        &self,
        idx: &Index<'s>,
        key: &PageKey,
        with_charts: bool,
    ) -> Option<blake3::Hash> {
        match &key.kind {
            PageKind::Report(province, period) => self.report(idx, key, province, *period),
            PageKind::Province(p) if with_charts => self.province(key, p),
            PageKind::Indicator(i) if with_charts => self.indicator(key, i),
            PageKind::Tasks if with_charts => self.tasks(key),
            _ => None,
        }
    }

    /// A province page: its own and its merger's units' figures and narratives.
    fn province(&self, key: &PageKey, province: &Slug) -> Option<blake3::Hash> {
        let charted = self.charted.as_ref()?;
        let mut h = Feed::with_capacity(1 << 10);
        h.raw(self.common.get(&key.lang)?.as_bytes());
        h.debug(key);
        for p in self.merger_of(province) {
            h.bytes(p.as_str().as_bytes());
            for part in [&self.provinces, &charted.narratives] {
                match part.get(p) {
                    Some(d) => h.raw(d.as_bytes()),
                    None => h.raw(b"none"),
                }
            }
        }
        Some(h.finish())
    }

    /// `province` and every unit its merger links it to, directly or through others, sorted.
    fn merger_of<'a>(&'a self, province: &'a Slug) -> Vec<&'a Slug> {
        let mut found: Vec<&Slug> = vec![province];
        let mut next = 0;
        while let Some(p) = found.get(next).copied() {
            for q in self.related.get(p).into_iter().flatten() {
                if !found.contains(&q) {
                    found.push(q);
                }
            }
            next += 1;
        }
        found.sort();
        found
    }

    /// An indicator page: the indicator's figures, targets and documents.
    fn indicator(&self, key: &PageKey, indicator: &Slug) -> Option<blake3::Hash> {
        let mut h = Feed::with_capacity(1 << 10);
        h.raw(self.common.get(&key.lang)?.as_bytes());
        h.debug(key);
        let digest = self.charted.as_ref()?.indicators.get(indicator)?;
        h.raw(digest.as_bytes());
        Some(h.finish())
    }

    /// The list of tasks: every province's tasks, with its targets and source documents (the
    /// digest that holds them), and none of the figures.
    fn tasks(&self, key: &PageKey) -> Option<blake3::Hash> {
        let mut h = Feed::with_capacity(1 << 6);
        h.raw(self.common.get(&key.lang)?.as_bytes());
        h.debug(key);
        h.raw(self.every_rest.as_bytes());
        Some(h.finish())
    }

    /// A report page ([the module's notes](self)).
    fn report<'s>(
        &self,
        idx: &Index<'s>,
        key: &PageKey,
        province: &'s Slug,
        period: Period,
    ) -> Option<blake3::Hash> {
        let mut h = Feed::with_capacity(1 << 14);
        h.raw(self.common.get(&key.lang)?.as_bytes());
        h.debug(key);
        let narratives = idx.narrative_pages(province, period);
        let mut shown: Vec<(&Slug, Period)> = vec![(province, period)];
        let related = self.related.get(province).into_iter().flatten();
        shown.extend(related.map(|p| (p, period)));
        let mut every = false;
        for page in narratives {
            let narrative = self.narratives.get(&page.path)?;
            h.raw(narrative.digest.as_bytes());
            match &narrative.named {
                Some(named) => shown.extend(named.iter().map(|(p, period)| (p, *period))),
                None => every = true,
            }
        }
        if every {
            h.raw(b"every");
            h.raw(self.every.as_bytes());
            return Some(h.finish());
        }
        shown.sort_unstable();
        shown.dedup();
        for (p, per) in &shown {
            h.bytes(p.as_str().as_bytes());
            period_digest(&mut h, per);
            match self.periods.get(*p).and_then(|periods| periods.get(per)) {
                Some(d) => h.raw(d.as_bytes()),
                None => h.raw(b"none"),
            }
        }
        let mut provinces: Vec<&Slug> = shown.iter().map(|(p, _)| *p).collect();
        provinces.dedup();
        h.raw(b"rest");
        for p in provinces {
            h.bytes(p.as_str().as_bytes());
            match self.rest.get(p) {
                Some(d) => h.raw(d.as_bytes()),
                None => h.raw(b"none"),
            }
        }
        Some(h.finish())
    }
}

/// A narrative as a report page reads it.
struct Narrative {
    /// Its front matter and body ([`page_digest`]).
    digest: blake3::Hash,
    /// The province and period of each figure its live figures show; `None` when a call
    /// does not resolve to one figure (the page then depends on every province).
    named: Option<Vec<(Slug, Period)>>,
}

/// Every narrative of a province, each read once (a report page in each language reads the
/// narratives of both), in parallel (a national site has 27 MB of narratives). A narrative
/// whose page is the one `kept` has, body included, takes its digest from there.
fn narratives(
    idx: &Index,
    kept: &Kept<String, Arc<(Page, blake3::Hash)>>,
) -> FastMap<String, Narrative> {
    let pages: Vec<&Page> = idx
        .site
        .pages
        .iter()
        .filter(|p| p.province.is_some())
        .collect();
    pages
        .into_par_iter()
        .map(|page| {
            // A body edited in `serve` is not the page's own: made, not kept.
            let own = std::ptr::eq(idx.body(page), page.body.as_str());
            let digest = match kept.earlier(&page.path) {
                Some(k) if own && same_page(&k.0, page) => k.1,
                _ => {
                    // A body longer than the buffer goes to the hasher as it is, not copied.
                    let mut h = Feed::with_capacity(1 << 10);
                    page_digest(&mut h, idx, page);
                    h.finish()
                }
            };
            if own {
                kept.keep(page.path.clone(), Arc::new((page.clone(), digest)));
            }
            let narrative = Narrative {
                digest,
                named: named_figures(idx, page),
            };
            (page.path.clone(), narrative)
        })
        .collect()
}

/// The province and period of each figure the live figures of `page` show; `None` when a
/// call does not resolve to one figure.
fn named_figures(idx: &Index, page: &Page) -> Option<Vec<(Slug, Period)>> {
    let file = ["content/", page.path.as_str()].concat();
    let mut named = Vec::new();
    for call in shortcode::scan(idx.body(page)) {
        let call = call.ok()?;
        match super::report::resolve_in(idx, &file, page, &call) {
            Ok(Resolved::Figure(f)) => {
                let (slug, _) = idx.site.provinces.get_key_value(&f.province)?;
                named.push((slug.clone(), f.period));
            }
            _ => return None,
        }
    }
    Some(named)
}

/// Every field of a narrative's front matter, as [`page_digest`] reads it and
/// [`same_page`] compares it.
type Front<'p> = (
    &'p String,
    &'p Lang,
    &'p String,
    &'p Option<String>,
    &'p Option<Slug>,
    &'p Option<Period>,
    &'p bool,
    &'p usize,
);

/// The front matter of `page`: every field but the body (a new field is a compile error here
/// until it is placed).
fn front(page: &Page) -> Front<'_> {
    let Page {
        path,
        lang,
        title,
        summary,
        province,
        period,
        draft,
        body: _,
        body_line,
    } = page;
    (
        path, lang, title, summary, province, period, draft, body_line,
    )
}

/// Whether `a` and `b` are the same page: its front matter, and the body byte for byte
/// (what [`page_digest`] reads).
fn same_page(a: &Page, b: &Page) -> bool {
    front(a) == front(b) && a.body == b.body
}

/// A narrative as the page shows it: its front matter and its body (an edited one in `serve`).
fn page_digest(h: &mut Feed, idx: &Index, page: &Page) {
    h.debug(&front(page));
    h.bytes(idx.body(page).as_bytes());
}

/// Each province's narratives (front matter and body, in the site's order), from each
/// narrative's digest.
fn narrative_digests(
    idx: &Index,
    narratives: &FastMap<String, Narrative>,
) -> FastMap<Slug, blake3::Hash> {
    let mut feeds: FastMap<&Slug, Feed> = FastMap::default();
    for page in &idx.site.pages {
        let Some(p) = &page.province else {
            continue;
        };
        let feed = feeds
            .entry(p)
            .or_insert_with(|| Feed::with_capacity(1 << 12));
        match narratives.get(&page.path) {
            Some(n) => feed.raw(n.digest.as_bytes()),
            None => feed.raw(b"none"),
        }
    }
    feeds
        .into_iter()
        .map(|(p, feed)| (p.clone(), feed.finish()))
        .collect()
}

/// What [`province_digests`] makes of one province.
struct ProvinceDigests {
    /// Its figures, targets, tasks and source documents.
    all: blake3::Hash,
    /// Its targets, tasks and source documents.
    rest: blake3::Hash,
    /// Its source documents.
    documents: blake3::Hash,
    /// Its figures: all of them, of each period, of each indicator (made only
    /// `per_indicator`).
    figures: ProvinceFigures,
}

/// Each province's figures ([`figure_digests::provinces`], part by part), targets, tasks and
/// source documents (in the site's order), provinces in parallel.
fn province_digests(
    site: &Site,
    per_indicator: bool,
    kept: &KeptDigests,
) -> FastMap<Slug, ProvinceDigests> {
    let mut figures = figure_digests::provinces(&site.observations, per_indicator, kept);
    let mut targets: FastMap<&Slug, Vec<&crate::model::Target>> = FastMap::default();
    for t in &site.targets {
        if let Some(p) = &t.province {
            targets.entry(p).or_default().push(t);
        }
    }
    let mut tasks: FastMap<&Slug, Vec<&crate::model::Task>> = FastMap::default();
    for t in &site.tasks {
        tasks.entry(&t.province).or_default().push(t);
    }
    let mut documents: FastMap<&Slug, Vec<&crate::model::ReportDocument>> = FastMap::default();
    for d in &site.reports {
        documents.entry(&d.province).or_default().push(d);
    }
    site.provinces
        .keys()
        .map(|p| (p, figures.remove(p).unwrap_or_else(ProvinceFigures::none)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(p, figures)| {
            let mut h = Feed::with_capacity(1 << 12);
            h.raw(b"targets");
            for t in targets.get(p).into_iter().flatten() {
                h.debug(t);
            }
            h.raw(b"tasks");
            for t in tasks.get(p).into_iter().flatten() {
                h.debug(t);
            }
            let mut docs = Feed::with_capacity(1 << 12);
            for d in documents.get(p).into_iter().flatten() {
                docs.debug(d);
            }
            let docs = docs.finish();
            h.raw(b"documents");
            h.raw(docs.as_bytes());
            let rest = h.finish();
            let mut all = Feed::with_capacity(1 << 6);
            all.raw(figures.all.as_bytes());
            all.raw(rest.as_bytes());
            let digests = ProvinceDigests {
                all: all.finish(),
                rest,
                documents: docs,
                figures,
            };
            (p.clone(), digests)
        })
        .collect()
}

/// Each indicator's figures in every province (each province's digest of them, provinces in
/// slug order), the targets set for it (in the site's order) and the source documents of
/// every province those name.
fn indicator_digests(
    site: &Site,
    provinces: &FastMap<Slug, ProvinceDigests>,
) -> FastMap<Slug, blake3::Hash> {
    let mut targets: FastMap<&Slug, Vec<&crate::model::Target>> = FastMap::default();
    for t in &site.targets {
        targets.entry(&t.indicator).or_default().push(t);
    }
    site.indicators
        .keys()
        .map(|i| {
            let mut h = Feed::with_capacity(1 << 12);
            let mut named: Vec<&Slug> = Vec::new();
            for p in site.provinces.keys() {
                if let Some(d) = provinces.get(p).and_then(|d| d.figures.indicators.get(i)) {
                    h.bytes(p.as_str().as_bytes());
                    h.raw(d.as_bytes());
                    named.push(p);
                }
            }
            h.raw(b"targets");
            for t in targets.get(i).into_iter().flatten() {
                h.debug(t);
                named.extend(t.province.as_ref());
            }
            h.raw(b"documents");
            named.sort();
            named.dedup();
            for p in named {
                h.bytes(p.as_str().as_bytes());
                match provinces.get(p) {
                    Some(d) => h.raw(d.documents.as_bytes()),
                    None => h.raw(b"none"),
                }
            }
            (i.clone(), h.finish())
        })
        .collect()
}
