//! The index of a site's figures and pages: observations grouped by province, indicator and
//! both, targets by indicator, pages by path, narratives by report. Built once per build
//! (and kept by `serve`); every view looks figures up here rather than searching the site.

mod lists;
mod pairs;

use crate::model::{Indicator, Lang, Observation, Page, Period, Site, Slug, Target};
use crate::FastMap;
use lists::{province_lists, province_pairs};
pub use lists::{KeptOrders, PartOrder};
use std::collections::{BTreeMap, HashMap};

/// Observations of the site, grouped the ways pages need them. Each list is sorted by
/// period, then breakdown. Pages look figures up here rather than searching the site: a
/// national site has half a million observations and thousands of pages.
pub struct Index<'s> {
    pub site: &'s Site,
    pub by_province: BTreeMap<&'s Slug, Vec<&'s Observation>>,
    pub by_indicator: BTreeMap<&'s Slug, Vec<&'s Observation>>,
    /// Every observation of one indicator in one province, breakdown cells included (looked
    /// up for each row of every report: a fast hash).
    by_pair: FastMap<&'s Slug, FastMap<&'s Slug, Pair<'s>>>,
    /// The indicators of each group, in catalogue order.
    by_group: HashMap<&'s Slug, Vec<&'s Indicator>>,
    /// Targets of each indicator, in the order of [`Index::targets`].
    targets: HashMap<&'s Slug, Vec<&'s Target>>,
    /// The tasks of each province, in the site's order.
    tasks: FastMap<&'s Slug, Vec<&'s crate::model::Task>>,
    /// Every page (drafts too: serve's cache must see their edits), by path under `content/`.
    pages: HashMap<&'s str, &'s Page>,
    /// Source documents by province and period.
    documents: HashMap<(&'s Slug, Period), &'s crate::model::ReportDocument>,
    /// Source documents by province and file (what a figure's `source` names).
    documents_by_file: HashMap<(&'s Slug, &'s str), &'s crate::model::ReportDocument>,
    /// Report narratives (drafts too), by province and period, in file order.
    narratives: HashMap<(&'s Slug, Period), Vec<&'s Page>>,
    /// Markdown bodies edited since the site was read (path under `content/` → body), shown
    /// instead of the page's own: `serve` after an edit that changed only a body.
    bodies: HashMap<String, String>,
    /// Every province's periods with figures ([`Index::periods_of`]), made when first asked
    /// for: the data page in each language and the list of the download files each ask.
    periods: std::sync::OnceLock<FastMap<Slug, Vec<Period>>>,
}

impl<'s> Index<'s> {
    pub fn new(site: &'s Site) -> Index<'s> {
        Index::with_kept(site, &KeptOrders::none())
    }

    /// [`Index::new`], taking each part's order of its figures from `kept` when it has the
    /// same part (`serve`, after an edit to one province file: [`super::per_part`]).
    pub fn with_kept(site: &'s Site, kept: &KeptOrders) -> Index<'s> {
        let (by_province, laid) = province_lists(&site.observations, kept);
        let by_pair = province_pairs(&by_province, &laid);
        let by_indicator = indicator_lists(&by_province, &by_pair);
        let mut by_group: HashMap<&Slug, Vec<&Indicator>> = HashMap::new();
        for ind in site.indicators.values() {
            by_group.entry(&ind.group).or_default().push(ind);
        }
        let mut targets: HashMap<&Slug, Vec<&Target>> = HashMap::new();
        for t in &site.targets {
            targets.entry(&t.indicator).or_default().push(t);
        }
        targets.values_mut().for_each(|v| {
            v.sort_by(|a, b| {
                let key = |t: &Target| (t.by.is_none(), t.by, t.province.is_none());
                key(a).cmp(&key(b)).then(a.value.total_cmp(&b.value))
            })
        });
        let mut tasks: FastMap<&Slug, Vec<&crate::model::Task>> = FastMap::default();
        for task in &site.tasks {
            tasks.entry(&task.province).or_default().push(task);
        }
        let pages = site.pages.iter().map(|p| (p.path.as_str(), p)).collect();
        let mut narratives: HashMap<(&Slug, Period), Vec<&Page>> = HashMap::new();
        for p in site.pages.iter().filter(|p| p.path.starts_with("reports/")) {
            if let (Some(province), Some(period)) = (&p.province, p.period) {
                narratives.entry((province, period)).or_default().push(p);
            }
        }
        let documents = site
            .reports
            .iter()
            .map(|r| ((&r.province, r.period), r))
            .collect();
        let documents_by_file = site
            .reports
            .iter()
            .map(|r| ((&r.province, r.file.as_str()), r))
            .collect();
        Index {
            documents,
            documents_by_file,
            site,
            by_province,
            by_indicator,
            by_pair,
            by_group,
            targets,
            tasks,
            pages,
            narratives,
            bodies: HashMap::new(),
            periods: std::sync::OnceLock::new(),
        }
    }

    /// Whether pages compare provinces: only when two provinces or more have figures. A site
    /// of one province (or whose other units have no figures yet, like the province a merger
    /// formed) never ranks it against nothing: no comparison charts, no "by province"
    /// framing of its figures. A rule of the site, not of a starter or a theme.
    pub fn compares_provinces(&self) -> bool {
        self.by_province.len() > 1
    }

    /// The tasks of `province`, in the site's order (looked up once per page and chart that
    /// shows them, instead of going through every task of the site each time).
    pub fn tasks_of(&self, province: &Slug) -> &[&'s crate::model::Task] {
        self.tasks.get(province).map_or(&[], Vec::as_slice)
    }

    /// The Markdown body of `page`, as last edited.
    pub fn body<'a>(&'a self, page: &'a Page) -> &'a str {
        self.bodies
            .get(&page.path)
            .map_or(&page.body, String::as_str)
    }

    /// The bodies shown instead of the pages' own ([`Self::set_body`]), by path.
    pub fn edited_bodies(&self) -> Vec<(String, String)> {
        let mut bodies: Vec<(String, String)> = self
            .bodies
            .iter()
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        bodies.sort();
        bodies
    }

    /// Show `body` instead of the body of the page at `path` (`None`: its own again). Returns
    /// the replacement shown before.
    pub fn set_body(&mut self, path: &str, body: Option<String>) -> Option<String> {
        match body {
            Some(b) => self.bodies.insert(path.to_string(), b),
            None => self.bodies.remove(path),
        }
    }

    /// The page at `path` under `content/`, drafts included.
    pub fn page(&self, path: &str) -> Option<&'s Page> {
        self.pages.get(path).copied()
    }

    /// The stand-alone page `content/<name>.md` in `lang` (`<name>.en.md` in English), or
    /// the Vietnamese one as a fallback; `true` when it is in `lang`.
    pub fn content_page(&self, name: &str, lang: Lang) -> Option<(&'s Page, bool)> {
        let own = match lang {
            Lang::Vi => format!("{name}.md"),
            Lang::En => format!("{name}.en.md"),
        };
        let published = |path: &str| self.pages.get(path).copied().filter(|p| !p.draft);
        published(&own)
            .map(|p| (p, true))
            .or_else(|| published(&format!("{name}.md")).map(|p| (p, false)))
    }

    /// The source document of a report.
    /// The report of `province` whose file is `file`.
    pub fn document_by_file(
        &self,
        province: &Slug,
        file: &str,
    ) -> Option<&'s crate::model::ReportDocument> {
        // The map is covariant in its keys: looked up with the caller's shorter borrows.
        let map: &HashMap<(&Slug, &str), &'s crate::model::ReportDocument> =
            &self.documents_by_file;
        map.get(&(province, file)).copied()
    }

    pub fn document(
        &self,
        province: &'s Slug,
        period: Period,
    ) -> Option<&'s crate::model::ReportDocument> {
        self.documents.get(&(province, period)).copied()
    }

    /// The narrative of a report in `lang`, or the Vietnamese one as a fallback.
    pub fn narrative(
        &self,
        province: &'s Slug,
        period: Period,
        lang: Lang,
    ) -> Option<(&'s Page, bool)> {
        let pages = self.narratives.get(&(province, period))?;
        let published = |l: Lang| pages.iter().copied().find(|p| !p.draft && p.lang == l);
        published(lang)
            .map(|p| (p, true))
            .or_else(|| published(Lang::Vi).map(|p| (p, false)))
    }

    /// A report's narratives, drafts included, in file order.
    pub fn narrative_pages(&self, province: &'s Slug, period: Period) -> &[&'s Page] {
        self.narratives
            .get(&(province, period))
            .map_or(&[], Vec::as_slice)
    }

    /// The Markdown files (paths under `content/`, drafts included) of a report's narratives.
    pub fn narrative_files(&self, province: &'s Slug, period: Period) -> Vec<String> {
        self.narratives
            .get(&(province, period))
            .map(|v| v.iter().map(|p| p.path.clone()).collect())
            .unwrap_or_default()
    }

    /// The paths among `names` that are Markdown files of the site (drafts included).
    pub fn files_named(&self, names: [&str; 2]) -> Vec<String> {
        names
            .into_iter()
            .filter(|n| self.pages.contains_key(n))
            .map(str::to_string)
            .collect()
    }

    /// The indicators of a group, in catalogue order.
    pub fn indicators_in(&self, group: &Slug) -> &[&'s Indicator] {
        self.by_group.get(group).map_or(&[], Vec::as_slice)
    }

    pub fn indicator(&self, id: &Slug) -> Option<&'s Indicator> {
        self.site.indicators.get(id)
    }

    /// Every observation of an indicator in a province (breakdown cells too), oldest first.
    pub fn of(&self, province: &Slug, indicator: &Slug) -> &[&'s Observation] {
        self.by_pair
            .get(province)
            .and_then(|m| m.get(indicator))
            .map_or(&[], |p| p.all.as_slice())
    }

    /// How many provinces have figures of `indicator`.
    pub fn provinces_with(&self, indicator: &Slug) -> usize {
        self.by_pair
            .values()
            .filter(|pairs| pairs.contains_key(indicator))
            .count()
    }

    /// Each indicator a province has figures of, with every figure of it (breakdown cells
    /// too), oldest first; indicators in no fixed order.
    pub fn pairs<'a>(
        &'a self,
        province: &Slug,
    ) -> impl Iterator<Item = (&'s Slug, &'a [&'s Observation])> + 'a {
        self.by_pair
            .get(province)
            .into_iter()
            .flatten()
            .map(|(i, pair)| (*i, pair.all.as_slice()))
    }

    /// Every period `province` has figures of, oldest first, each once. Read from each
    /// indicator's periods, which lie side by side, not through the figures (a national
    /// province has thousands, each a read elsewhere in memory).
    /// Made for every province at once, in parallel, on the first call.
    pub fn periods_of(&self, province: &Slug) -> &[Period] {
        use rayon::prelude::*;
        let all = self.periods.get_or_init(|| {
            self.by_pair
                .par_iter()
                .map(|(p, pairs)| ((*p).clone(), periods_in(pairs)))
                .collect()
        });
        all.get(province).map_or(&[], Vec::as_slice)
    }

    /// The figures of one province, for looking up many indicators.
    pub fn in_province(&self, province: &Slug) -> ProvinceFigures<'_, 's> {
        ProvinceFigures(self.by_pair.get(province))
    }

    /// One figure: a total (`breakdown` None) or one cell of a breakdown.
    pub fn figure(
        &self,
        province: &Slug,
        indicator: &Slug,
        period: crate::model::Period,
        breakdown: Option<&(Slug, Slug)>,
    ) -> Option<&'s Observation> {
        self.in_province(province)
            .at(indicator, Some(period))
            .iter()
            .copied()
            .find(|o| o.breakdown.as_ref() == breakdown)
    }

    /// Totals (no breakdown) of one indicator in one province, oldest first.
    pub fn series(&self, province: &Slug, indicator: &Slug) -> Vec<&'s Observation> {
        self.of(province, indicator)
            .iter()
            .copied()
            .filter(|o| o.breakdown.is_none())
            .collect()
    }

    /// Targets that apply to an indicator in a province: the province's own, then national
    /// ones; sorted by deadline (undated last), then value.
    pub fn targets(&self, indicator: &Slug, province: Option<&Slug>) -> Vec<&'s Target> {
        self.targets
            .get(indicator)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|t| t.province.is_none() || t.province.as_ref() == province)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Each indicator's figures, sorted by period, province and breakdown: each province's
/// (already by period and breakdown) one after the other in province order, then sorted by
/// period alone, keeping that order within a period; indicators in parallel.
fn indicator_lists<'s>(
    by_province: &BTreeMap<&'s Slug, Vec<&'s Observation>>,
    by_pair: &FastMap<&'s Slug, FastMap<&'s Slug, Pair<'s>>>,
) -> BTreeMap<&'s Slug, Vec<&'s Observation>> {
    use rayon::prelude::*;
    // Each figure with its period beside it: sorted by the periods alone, which lie together
    // in memory (reading each figure's period through its reference made this sort most of
    // the index's time on a national site).
    type Keyed<'s> = Vec<(Period, &'s Observation)>;
    // Each indicator's list in parallel, from each province's in the provinces' order.
    let indicators: std::collections::BTreeSet<&'s Slug> = by_pair
        .values()
        .flat_map(|pairs| pairs.keys().copied())
        .collect();
    indicators
        .into_par_iter()
        .map(|indicator| {
            let mut list: Keyed<'s> = Vec::new();
            for province in by_province.keys() {
                if let Some(pair) = by_pair.get(province).and_then(|p| p.get(indicator)) {
                    let keyed = pair.periods.iter().copied().zip(pair.all.iter().copied());
                    list.extend(keyed);
                }
            }
            list.sort_by_key(|(period, _)| *period);
            (indicator, list.into_iter().map(|(_, o)| o).collect())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Every period of a province's `pairs`, oldest first, each once: each indicator's periods
/// (sorted) merged into those of the ones before. Most indicators of a province have the
/// same periods, which a comparison of the two lists finds without merging (sorting a
/// national province's 5,000 periods, for each of the callers, cost more than reading each
/// figure's period).
fn periods_in(pairs: &FastMap<&Slug, Pair>) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    for pair in pairs.values() {
        if pair.periods.len() >= periods.len() && pair.periods.starts_with(&periods) {
            // Equal, or the same with later periods: the list grows by its tail.
            periods.extend(pair.periods[periods.len()..].iter().copied());
            periods.dedup();
            continue;
        }
        let mut merged = Vec::with_capacity(periods.len() + pair.periods.len());
        let (mut a, mut b) = (periods.iter().peekable(), pair.periods.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x <= y => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            if let Some(p) = next {
                if merged.last() != Some(p) {
                    merged.push(*p);
                }
            }
        }
        periods = merged;
    }
    periods
}

/// The figures of one province (see [`Index::in_province`]).
pub struct ProvinceFigures<'i, 's>(Option<&'i FastMap<&'s Slug, Pair<'s>>>);

impl<'i, 's> ProvinceFigures<'i, 's> {
    /// The observations of `indicator` (breakdown cells too) in `period`, or in the latest
    /// period it has when `None`.
    pub fn at(&self, indicator: &Slug, period: Option<Period>) -> &'i [&'s Observation] {
        let Some(pair) = self.0.and_then(|m| m.get(indicator)) else {
            return &[];
        };
        let Some(period) = period.or_else(|| pair.periods.last().copied()) else {
            return &[];
        };
        // Searched in the periods alone, which lie together in memory: reading the period
        // of each observation instead costs a cache miss per step on a national site.
        let from = pair.periods.partition_point(|p| *p < period);
        let to = from + pair.periods[from..].partition_point(|p| *p == period);
        &pair.all[from..to]
    }
}

/// The observations of one indicator in one province, oldest first, with their periods
/// beside them for searching.
#[derive(Default)]
struct Pair<'s> {
    periods: Vec<Period>,
    all: Vec<&'s Observation>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::pairs::pairs;
    use super::*;
    use crate::model::Figure;

    fn observation(
        province: &str,
        indicator: &str,
        period: &str,
        cell: Option<(&str, &str)>,
    ) -> Observation {
        let slug = |s: &str| Slug::parse(s).unwrap();
        Observation {
            breakdown: cell.map(|(d, m)| (slug(d), slug(m))),
            ..Observation::bare(province, indicator, period, Figure::Value(1.0))
        }
    }

    /// The numeric keys give the order of the fields themselves: periods of every kind,
    /// names that are prefixes of others, one name parsed twice (two copies of its text),
    /// breakdown cells after their total. Each province's list is in the order of period,
    /// indicator and breakdown, and each indicator's in the order of period, province and
    /// breakdown, whether a province's figures come in one part or in many, and whether the
    /// parts' orders are made or taken from the build before.
    #[test]
    fn lists_are_in_the_order_of_period_province_indicator_and_breakdown() {
        let mut all = Vec::new();
        for period in [
            "2024-06",
            "2024-Q2",
            "2024-H1",
            "2024",
            "2024-05",
            "2023-12-16..2024-01-15",
        ] {
            for province in ["b", "a", "ab", "a-b"] {
                for indicator in ["y", "x", "xy"] {
                    all.push(observation(province, indicator, period, None));
                    let cells = [
                        ("level", "district"),
                        ("level", "commune"),
                        ("area", "commune"),
                        ("area", "zone"),
                    ];
                    for cell in cells {
                        all.push(observation(province, indicator, period, Some(cell)));
                    }
                }
            }
        }
        all.reverse();
        let mut expected: Vec<&Observation> = all.iter().collect();
        expected.sort_by(|a, b| {
            (a.period, &a.province, &a.indicator, &a.breakdown).cmp(&(
                b.period,
                &b.province,
                &b.indicator,
                &b.breakdown,
            ))
        });
        let key = |o: &Observation| {
            (
                o.period,
                o.province.to_string(),
                o.indicator.to_string(),
                o.breakdown.clone(),
            )
        };
        let want = |keep: &dyn Fn(&Observation) -> bool| -> Vec<_> {
            expected
                .iter()
                .copied()
                .filter(|o| keep(o))
                .map(key)
                .collect()
        };
        // In parts of several provinces each (a table's), then a part per province (files').
        let mut mixed = crate::model::Figures::default();
        for part in all.chunks(7) {
            mixed.push(part.to_vec());
        }
        let mut by_file = crate::model::Figures::default();
        for province in ["a-b", "b", "a", "ab"] {
            let mine = all.iter().filter(|o| o.province.as_str() == province);
            by_file.push(mine.cloned().collect());
        }
        let kept = KeptOrders::empty();
        let (once, _) = province_lists(&by_file, &kept);
        let next = kept.next();
        for (figures, kept) in [(&mixed, &KeptOrders::none()), (&by_file, &next)] {
            let (by_province, laid) = province_lists(figures, kept);
            assert_eq!(by_province.len(), 4);
            for (province, list) in &by_province {
                let got: Vec<_> = list.iter().copied().map(key).collect();
                assert_eq!(got, want(&|o| o.province == **province), "{province}");
            }
            let by_pair = province_pairs(&by_province, &laid);
            // Laid out by each part's order or made from the list: the same pairs.
            for (province, list) in &by_province {
                let made = pairs(list);
                let laid_out = &by_pair[province];
                assert_eq!(made.len(), laid_out.len());
                for (indicator, pair) in made {
                    let other = &laid_out[indicator];
                    assert_eq!(pair.periods, other.periods, "{province} {indicator}");
                    let at = |p: &Pair| p.all.iter().map(|o| *o as *const _).collect::<Vec<_>>();
                    assert_eq!(at(&pair), at(other), "{province} {indicator}");
                }
            }
            let by_indicator = indicator_lists(&by_province, &by_pair);
            assert_eq!(by_indicator.len(), 3);
            for (indicator, list) in &by_indicator {
                let got: Vec<_> = list.iter().copied().map(key).collect();
                assert_eq!(got, want(&|o| o.indicator == **indicator), "{indicator}");
            }
        }
        // The second build took every part's order from the first, and each province's pairs
        // were laid out by its part's.
        assert_eq!(next.kept(), 4);
        assert_eq!(province_lists(&by_file, &next).1.len(), 4);
        assert_eq!(once.len(), 4);
    }

    /// A province's periods: each of its indicators' periods, those of its breakdown cells
    /// too, oldest first, each once.
    #[test]
    fn a_province_s_periods_are_those_of_its_figures() {
        let all = [
            observation("a", "x", "2024-05", None),
            observation("a", "x", "2024-01", None),
            observation("a", "y", "2024-01", None),
            observation("a", "y", "2024-03", Some(("level", "commune"))),
            observation("a", "z", "2023-12-16..2024-01-15", None),
            observation("a", "z", "2024-Q1", None),
        ];
        let mut list: Vec<&Observation> = all.iter().collect();
        list.sort_by_key(|o| (o.period, o.indicator.clone()));
        let got: Vec<String> = periods_in(&pairs(&list))
            .iter()
            .map(|p| p.to_string())
            .collect();
        let mut want: Vec<Period> = all.iter().map(|o| o.period).collect();
        want.sort();
        want.dedup();
        assert_eq!(want.len(), 5);
        let want: Vec<String> = want.iter().map(|p| p.to_string()).collect();
        assert_eq!(got, want);
        // One indicator whose breakdown cells repeat its periods.
        let one = [
            observation("a", "w", "2024-02", None),
            observation("a", "w", "2024-02", Some(("level", "commune"))),
            observation("a", "w", "2024-02", Some(("level", "district"))),
            observation("a", "w", "2024-04", None),
        ];
        let list: Vec<&Observation> = one.iter().collect();
        let got: Vec<String> = periods_in(&pairs(&list))
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(got, ["2024-02", "2024-04"]);
    }
}
