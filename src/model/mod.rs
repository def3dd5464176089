//! The validated model: what the rest of the pipeline (pages, charts, downloads) reads.
//!
//! Input: nothing (these are plain types); `validate` builds them from the raw structs of
//! `load`. Every type here is already checked: ids are slugs, periods and dates exist,
//! references point at real indicators, provinces and dimension members, and a figure is one of
//! the shapes a report can print. Code downstream never re-checks.

pub mod base_url;
pub mod date;
pub mod figures;
pub mod fold;
pub mod kept;
pub mod period;
pub mod rules;
pub mod shared_text;
pub mod source;
pub mod web_address;

pub use base_url::{BaseUrl, BaseUrlError};
pub use date::Date;
pub use figures::Figures;
pub use period::Period;
pub use shared_text::SharedText;
pub use source::SourceRef;
pub use web_address::{Email, WebAddress};

use std::collections::BTreeMap;
use std::fmt;

/// The languages the site is written in. Vietnamese comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// The language's thousands separator and decimal mark: `1.563.652` and `47,41` in
    /// Vietnamese, `1,563,652` and `47.41` in English. What writes numbers (`format`) and what
    /// reads the numbers authors type (`validate`) both take them from here.
    pub fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// An identifier that is safe as a URL segment and a file name: lowercase ASCII letters,
/// digits and single hyphens, not starting or ending with a hyphen.
///
/// Shared, not copied: every observation names its province and indicator, so a national site
/// holds a million of them, and cloning one only counts a reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(std::sync::Arc<str>);

impl Slug {
    pub fn parse(text: &str) -> Option<Slug> {
        let ok = !text.is_empty()
            && text.len() <= 100
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        ok.then(|| Slug(std::sync::Arc::from(text)))
    }

    /// A slug proposal for a rejected id: lowercase, Vietnamese letters folded to ASCII,
    /// everything else turned into single hyphens.
    pub fn suggest(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars().filter_map(fold::fold_char) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Looked up by its text: a slug's order, equality and hash are its text's.
impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A label required in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub vi: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Free text that may exist in Vietnamese only (copied from a report) or in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub vi: String,
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, or the Vietnamese text when there is no translation (the caller can
    /// tell from the second value and say so on the page).
    pub fn get(&self, lang: Lang) -> (&str, bool) {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => (en, true),
            (Lang::En, None) => (&self.vi, false),
            (Lang::Vi, _) => (&self.vi, true),
        }
    }
}

/// `site.yaml`.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: Label,
    pub description: Option<Label>,
    /// Absolute, always ending with `/`; replaced by `--base-url` when given.
    pub base_url: BaseUrl,
    /// The first is the default language.
    pub languages: Vec<Lang>,
    pub theme: String,
    pub output_dir: String,
    /// Indicators shown on the home page and as each province's key figures.
    pub key_indicators: Vec<Slug>,
    /// The services page and the services of each province page, when the site has them.
    pub services: Option<Services>,
    /// Who publishes the site, how to report an error, under which terms the data may be
    /// reused: shown in every page's footer and on the about page.
    pub publisher: Option<Publisher>,
    pub corrections: Option<Corrections>,
    pub licence: Option<Licence>,
}

/// The body that publishes the site.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: Label,
    pub url: Option<WebAddress>,
}

/// Where a reader reports an error in a figure: an address, a page, or both.
#[derive(Debug, Clone)]
pub struct Corrections {
    pub email: Option<Email>,
    pub url: Option<WebAddress>,
    pub note: Option<Text>,
}

/// The terms under which the site's data may be reused.
#[derive(Debug, Clone)]
pub struct Licence {
    pub name: String,
    pub url: Option<WebAddress>,
    pub note: Option<Text>,
}

/// An indicator broken down by a dimension, shown member by member across provinces: for
/// Đề án 06, the online share of applications by essential public service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Services {
    pub indicator: Slug,
    pub dimension: Slug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// One of the programme's five utility groups.
    Utility,
    /// Direction, communication, budget and other cross-cutting work.
    CrossCutting,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: Slug,
    pub kind: GroupKind,
    pub label: Label,
    pub description: Option<Label>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Count,
    Persons,
    Vnd,
    Points,
}

impl Unit {
    /// The unit as `data/indicators.yaml` and the downloads write it.
    pub fn id(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Persons => "persons",
            Unit::Vnd => "vnd",
            Unit::Points => "points",
        }
    }

    /// Counts of things and money are whole numbers.
    pub fn is_whole(self) -> bool {
        matches!(self, Unit::Count | Unit::Persons | Unit::Vnd)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    Neutral,
}

/// How values of several provinces combine into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    RatioOfSums,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// For the reporting period only.
    Period,
    /// A running total as of a date.
    Cumulative,
    /// A stock or structure at report time.
    Snapshot,
}

impl Scope {
    /// The scope as `data/indicators.yaml` and the downloads write it.
    pub fn id(self) -> &'static str {
        match self {
            Scope::Period => "period",
            Scope::Cumulative => "cumulative",
            Scope::Snapshot => "snapshot",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: Slug,
    pub group: Slug,
    pub label: Label,
    pub description: Label,
    pub unit: Unit,
    pub count_noun: Option<Label>,
    pub direction: Direction,
    pub aggregate: Aggregate,
    pub scope: Scope,
    pub dimensions: Vec<Slug>,
    /// Where the running total of a cumulative indicator starts, when it is the same for every
    /// province (a value's own `since` overrides it).
    pub since: Option<Since>,
}

/// Where a cumulative count starts counting ("lũy kế từ 01/07/2024"). A report names a day, or
/// only a month ("lũy kế từ tháng 02"): the month is kept as written, and counts from its
/// first day when starting points are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Since {
    Day(Date),
    /// The first day of the month named.
    Month(Date),
}

impl Since {
    /// `2024-07-01` (a day) or `2024-02` (a month).
    pub fn parse(text: &str) -> Option<Since> {
        if let Some(d) = Date::parse_iso(text) {
            return Some(Since::Day(d));
        }
        match Period::parse(text) {
            Ok(p @ Period::Month { .. }) => Some(Since::Month(p.start())),
            _ => None,
        }
    }

    /// The first day counted.
    pub fn start(self) -> Date {
        match self {
            Since::Day(d) | Since::Month(d) => d,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: Slug,
    pub label: Label,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub id: Slug,
    pub label: Label,
}

/// A province, current or historical.
#[derive(Debug, Clone)]
pub struct Province {
    pub slug: Slug,
    pub name: Label,
    pub code: Option<String>,
    pub region: Option<Label>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub successor: Option<Succession>,
    /// For a unit created by a merger: every unit it was formed from, with or without a file.
    pub formed_from: Option<Formation>,
}

impl Province {
    /// Whether `period` lies in the unit's lifetime. A period that ends after the unit ended
    /// is outside (the old unit cannot report on it); a period that started before the unit
    /// began but ends inside it is inside (a new unit's first year, or a running total).
    pub fn lifetime_excludes(&self, period: &Period) -> bool {
        lifetime_excludes(self.valid_from, self.valid_to, period)
    }
}

/// The rule of [`Province::lifetime_excludes`] on the bare dates (`new report` applies it to a
/// file it has not validated).
pub fn lifetime_excludes(
    valid_from: Option<Date>,
    valid_to: Option<Date>,
    period: &Period,
) -> bool {
    valid_to.is_some_and(|to| period.end() > to)
        || valid_from.is_some_and(|from| period.end() < from)
}

/// The units a merged province was formed from, and the decision that formed it.
#[derive(Debug, Clone)]
pub struct Formation {
    pub units: Vec<FormerUnit>,
    pub source: Option<String>,
}

/// One unit a province was formed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormerUnit {
    /// A unit with its own file in `data/provinces/` (whose `successor` names this province).
    Province(Slug),
    /// A unit without a file: its name and official code.
    Unlisted { name: Label, code: Option<String> },
}

#[derive(Debug, Clone)]
pub struct Succession {
    pub province: Slug,
    pub from: Date,
    pub source: Option<String>,
}

/// A source document: one province's report for one period.
#[derive(Debug, Clone)]
pub struct ReportDocument {
    pub province: Slug,
    pub period: Period,
    pub file: String,
    pub number: Option<String>,
    pub issued: Option<Date>,
    /// The copy is a draft (no number or date yet): said so wherever it is cited.
    pub draft: bool,
    /// The official document online (https).
    pub url: Option<String>,
    pub issuer: Text,
    pub note: Option<Text>,
}

/// A rate as printed, with the number of decimals it was printed with (needed to tell a
/// rounding or truncation from a real disagreement).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatedRate {
    pub value: f64,
    pub decimals: u32,
}

/// The shapes a figure takes in a report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A single number (for a percent indicator, the rate).
    Value(f64),
    /// "X/Y", with the rate as printed when there is one.
    Ratio {
        numerator: f64,
        denominator: f64,
        stated: Option<StatedRate>,
    },
    /// A rate printed without its counts.
    Stated(StatedRate),
    /// A count printed with a rate but without the denominator ("947.684 … đạt 99,2 %"): the
    /// value is the count, the rate is shown as printed and never stands for the figure.
    CountWithRate { value: f64, stated: StatedRate },
    /// "Không phát sinh": nothing happened in the period.
    NoCases,
    /// Not applicable in this period, or outside the province's competence.
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Approx,
    AtLeast,
}

/// One figure for one province, indicator, period and (optionally) breakdown member.
#[derive(Debug, Clone)]
pub struct Observation {
    pub province: Slug,
    pub indicator: Slug,
    pub period: Period,
    /// `(dimension, member)` for one cell of a breakdown; `None` for the total.
    pub breakdown: Option<(Slug, Slug)>,
    pub figure: Figure,
    pub qualifier: Option<Qualifier>,
    /// Where a cumulative count starts: the value's own `since`, else its indicator's.
    pub since: Option<Since>,
    /// Shared by the figures of one block of a report.
    pub source: Option<std::sync::Arc<str>>,
    /// What few figures state, in a box of its own (`None` when the figure states none of
    /// it): a site holds hundreds of thousands of figures, and each without these is
    /// [`Rare`]'s size smaller.
    pub rare: Option<Box<Rare>>,
}

/// The parts of a figure that few figures state.
#[derive(Debug, Clone, Default)]
pub struct Rare {
    pub change: Option<f64>,
    pub as_of: Option<Date>,
    pub note: Option<Text>,
    /// Why this rate may exceed 100 %.
    pub over_100: Option<String>,
    /// The report's other printings of this figure (`also_printed`), as printed: a narrative
    /// quoting one is quoting the report, not mistyping the figure.
    pub also_printed: Vec<Printing>,
}

impl Rare {
    /// `None` when nothing is stated, so that a figure without any of it holds no box.
    pub fn boxed(self) -> Option<Box<Rare>> {
        let empty = self.change.is_none()
            && self.as_of.is_none()
            && self.note.is_none()
            && self.over_100.is_none()
            && self.also_printed.is_empty();
        (!empty).then(|| Box::new(self))
    }
}

impl Observation {
    /// The change from the previous period, as stated.
    pub fn change(&self) -> Option<f64> {
        self.rare.as_ref().and_then(|r| r.change)
    }

    /// The day the figure was measured, when stated.
    pub fn as_of(&self) -> Option<Date> {
        self.rare.as_ref().and_then(|r| r.as_of)
    }

    /// The note on the figure, when the report or the publisher gives one.
    pub fn note(&self) -> Option<&Text> {
        self.rare.as_ref().and_then(|r| r.note.as_ref())
    }

    /// Why this rate may exceed 100 %.
    pub fn over_100(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.over_100.as_deref())
    }

    /// The report's other printings of this figure.
    pub fn also_printed(&self) -> &[Printing] {
        self.rare
            .as_ref()
            .map_or(&[], |r| r.also_printed.as_slice())
    }
}

#[cfg(test)]
impl Observation {
    /// A figure for tests: its names and period as written, and nothing else stated.
    #[allow(clippy::unwrap_used)]
    pub fn bare(province: &str, indicator: &str, period: &str, figure: Figure) -> Observation {
        Observation {
            province: Slug::parse(province).unwrap(),
            indicator: Slug::parse(indicator).unwrap(),
            period: Period::parse(period).unwrap(),
            breakdown: None,
            figure,
            qualifier: None,
            since: None,
            source: None,
            rare: None,
        }
    }

    /// The figure with its rare parts set to `rare` (boxed only when any is stated).
    pub fn with_rare(mut self, rare: Rare) -> Observation {
        self.rare = rare.boxed();
        self
    }
}

/// Another printing of a figure in the same report (an appendix row, a summary).
#[derive(Debug, Clone, PartialEq)]
pub struct Printing {
    pub figure: Figure,
    pub source: String,
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    Above,
    AtMost,
    Below,
    Exactly,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub indicator: Slug,
    /// `None` for a national target from the indicator catalogue.
    pub province: Option<Slug>,
    pub value: f64,
    pub by: Option<Date>,
    pub comparator: Comparator,
    pub issuer: Option<Text>,
    pub source: Option<String>,
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskStatus {
    Done,
    InProgress,
    NotDone,
    Recurring,
    AwaitingGuidance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    Continuous,
    Monthly,
}

/// What a deadline, as written, means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    By(Date),
    Recurring(Recurrence),
    /// Set by another body's roadmap ("Theo lộ trình …").
    External,
}

/// The shape a deadline is written in, when minhbach recognises all of its words: what lets a
/// page in another language say the same thing in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// "Tháng 6/2024", "Quý II/2024", "6 tháng đầu năm 2024", "Năm 2024".
    Period(Period),
    /// "Trong năm 2024".
    During(i32),
    /// "Cuối năm 2024".
    EndOf(i32),
    /// "30/6/2024", "Ngày 30/6/2024".
    Day(Date),
    /// "Thường xuyên", "Thực hiện thường xuyên".
    Ongoing,
    /// "Hàng tháng", and "Ngày 22 hàng tháng" with its day.
    Monthly(Option<u32>),
    /// Anything else ("Theo lộ trình của Chính phủ", a wording with `due_date`): only the
    /// words as written say it.
    AsWritten,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub written: String,
    pub kind: DeadlineKind,
    pub wording: Wording,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub province: Slug,
    pub id: Slug,
    pub title: Text,
    pub directive: Option<Text>,
    pub owner: Text,
    pub due: Option<Deadline>,
    pub status: TaskStatus,
    pub result: Option<Text>,
    pub as_of: Period,
    pub source: Option<String>,
    pub note: Option<Text>,
}

/// A Markdown page with its front matter. The body is kept as written; rendering is a later
/// step.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, with `/` separators.
    pub path: String,
    pub lang: Lang,
    pub title: String,
    pub summary: Option<String>,
    pub province: Option<Slug>,
    pub period: Option<Period>,
    pub draft: bool,
    /// The text after the front matter, sharing the file's text kept for diagnostics.
    pub body: SharedText,
    /// Line in the file where the body starts (1-based), for diagnostics inside the body.
    pub body_line: usize,
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub groups: Vec<Group>,
    pub indicators: BTreeMap<Slug, Indicator>,
    pub dimensions: BTreeMap<Slug, Dimension>,
    pub provinces: BTreeMap<Slug, Province>,
    pub reports: Vec<ReportDocument>,
    pub observations: Figures,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub pages: Vec<Page>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_in_a_lifetime_when_it_ends_inside_it() {
        let d = |y, m, day| Date::new(y, m, day);
        let p = |t: &str| Period::parse(t).ok();
        let (from, to) = (d(2025, 7, 1), d(2025, 6, 30));
        let cases = [
            // A former unit (ends 30/06/2025).
            (None, to, "2025-06", false),
            (None, to, "2025-H1", false),
            (None, to, "2025-07", true),
            (None, to, "2025", true),
            // A new unit (from 01/07/2025): its first year is accepted, earlier periods not.
            (from, None, "2025", false),
            (from, None, "2025-07", false),
            (from, None, "2025-06", true),
            (from, None, "2025-05-01..2025-07-01", false),
        ];
        for (from, to, period, excluded) in cases {
            let period = p(period).unwrap_or_else(|| panic!("{period}"));
            assert_eq!(lifetime_excludes(from, to, &period), excluded, "{period}");
        }
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(Slug::parse("dong-thap").is_some());
        assert!(Slug::parse("2024-h1").is_some());
        for bad in [
            "Dong-Thap",
            "dong_thap",
            "-a",
            "a-",
            "a--b",
            "đồng",
            "../x",
            "",
        ] {
            assert!(Slug::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Slug::suggest("Đồng Tháp"), "dong-thap");
        assert_eq!(Slug::suggest("../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn a_figure_holds_a_box_only_when_it_states_something_rare() {
        assert!(Rare::default().boxed().is_none());
        let note = Text {
            vi: "ghi chú".into(),
            en: None,
        };
        let printing = Printing {
            figure: Figure::NoCases,
            source: "x.txt".into(),
            note: None,
        };
        let each: [Rare; 5] = [
            Rare {
                change: Some(0.0),
                ..Rare::default()
            },
            Rare {
                as_of: Date::parse_iso("2024-06-15"),
                ..Rare::default()
            },
            Rare {
                note: Some(note),
                ..Rare::default()
            },
            Rare {
                over_100: Some(String::new()),
                ..Rare::default()
            },
            Rare {
                also_printed: vec![printing],
                ..Rare::default()
            },
        ];
        for (i, rare) in each.into_iter().enumerate() {
            let o = Observation::bare("a", "b", "2024-06", Figure::Value(1.0)).with_rare(rare);
            assert!(o.rare.is_some(), "part {i} lost");
        }
        // What the box is for: hundreds of thousands of figures on a national site, each of
        // them this size (280 bytes with the rare parts inline).
        let size = std::mem::size_of::<Observation>();
        assert!(size <= 168, "an Observation takes {size} bytes");
    }
}
