//! The report's header: which province wrote it, its number and date, and the period it
//! covers.
//!
//! Input: the report's lines and the site's provinces (id, Vietnamese name, lifetime).
//! Output: a [`Header`]. The province is the one named most in the first lines (where the
//! issuing body, the place of issue and the title stand), then in the whole text; of two
//! provinces of the same name (a province before and after a merger), the one whose lifetime
//! holds the period. The number is read from `Số: 331/BC-UBND` (blank in a draft, `Số:
//! /BC-UBND`), the date from `…, ngày 29 tháng 3 năm 2024`, the period from the title (the
//! first period written in the first lines, a range of days or a half year before a month or a
//! year).

use super::numbers::{clean, fold_line};
use super::periods::{days, periods};
use crate::model::{Date, Period, Province, Slug};

/// What the header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub province: Option<Slug>,
    /// The line the province was recognised on.
    pub province_line: Option<usize>,
    /// `331/BC-UBND`; none for a draft or a report without a number.
    pub number: Option<String>,
    pub issued: Option<Date>,
    /// The period's machine form (`2024-H1`).
    pub period: Option<String>,
    pub period_line: Option<usize>,
}

/// Lines of the header: the title block of any administrative report fits in them.
const HEAD: usize = 25;

/// Read the header of `lines`, knowing the site's provinces.
pub fn header(lines: &[String], provinces: &[&Province]) -> Header {
    let folded: Vec<String> = lines.iter().map(|l| fold_line(&clean(l))).collect();
    let mut h = Header::default();
    let head = &folded[..folded.len().min(HEAD)];
    // Number: `so: 331 /bc-ubnd`, on a line of its own at the top.
    for (i, f) in head.iter().enumerate() {
        let t = f.trim_start();
        if let Some(rest) = t.strip_prefix("so:").or_else(|| t.strip_prefix("so ")) {
            let original = clean(&lines[i]);
            let start = original.chars().count() - rest.chars().count();
            let text: String = original.chars().skip(start).collect();
            // The number ends where a wide gap or a tab starts (a place and date may follow).
            let text = text.trim_start();
            let text = text.split("  ").next().unwrap_or("");
            let text = text.split('\t').next().unwrap_or("");
            let compact: String = text.split_whitespace().collect::<Vec<_>>().join("");
            let number = compact.split_once('/').filter(|(n, _)| !n.is_empty());
            if number.is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit())) {
                h.number = Some(compact);
            }
            break;
        }
    }
    // Date: `<place>, ngày 29 tháng 3 năm 2024`.
    for f in head {
        if f.contains(", ngay ") {
            if let Some(d) = days(f).first() {
                h.issued = Some(d.date);
                break;
            }
        }
    }
    let year = h.issued.map(|d| d.year()).or_else(|| {
        head.iter()
            .flat_map(|f| periods(f, None))
            .find_map(|p| p.key.get(..4).and_then(|y| y.parse().ok()))
    });
    // Period: the first written in the head after the title word, ranges and halves first.
    let title = head.iter().position(|f| f.trim() == "bao cao").unwrap_or(0);
    // A range of days or a half year says more than a month, a month more than a year.
    let rank = |key: &str| {
        if key.contains("..") {
            0
        } else if key.contains('H') || key.contains('Q') {
            1
        } else if key.len() == 7 {
            2
        } else {
            3
        }
    };
    let mut best: Option<(usize, usize, String)> = None;
    let mut read = 0;
    for (i, f) in head.iter().enumerate().skip(title) {
        // The place and date line, and body paragraphs, are not the title.
        if f.trim().is_empty() || f.contains(", ngay ") || f.chars().count() > 300 {
            continue;
        }
        read += 1;
        for p in periods(f, year) {
            // A horizon (`tầm nhìn đến năm 2030`, `giai đoạn …`) is not the report's period.
            let before = f.get(..p.start).unwrap_or("").trim_end();
            if Period::parse(&p.key).is_err()
                || before.ends_with("den")
                || before.ends_with("giai doan")
            {
                continue;
            }
            let r = rank(&p.key);
            if best.as_ref().is_none_or(|(br, _, _)| r < *br) {
                best = Some((r, i, p.key));
            }
        }
        // The title block: a few lines after `BÁO CÁO`.
        if best.is_some() && read >= 6 {
            break;
        }
    }
    if let Some((_, i, key)) = best {
        h.period = Some(key);
        h.period_line = Some(i + 1);
    }
    // Province: named most in the head (three times the weight), then in the text.
    let mut counts: Vec<(f64, usize, &Province)> = Vec::new();
    for p in provinces {
        let name = fold_line(&p.name.vi);
        if name.trim().is_empty() {
            continue;
        }
        let mut score = 0.0;
        let mut first = None;
        for (i, f) in folded.iter().enumerate() {
            let n = f.matches(name.as_str()).count();
            if n > 0 {
                first.get_or_insert(i + 1);
                score += n as f64 * if i < HEAD { 3.0 } else { 1.0 };
            }
        }
        if let Some(line) = first {
            counts.push((score, line, p));
        }
    }
    let period = h.period.as_deref().and_then(|k| Period::parse(k).ok());
    counts.sort_by(|a, b| {
        let fits = |p: &Province| period.as_ref().is_some_and(|k| !p.lifetime_excludes(k));
        b.0.total_cmp(&a.0)
            .then_with(|| fits(b.2).cmp(&fits(a.2)))
            .then_with(|| a.2.slug.cmp(&b.2.slug))
    });
    if let Some((_, line, p)) = counts.first() {
        h.province = Some(p.slug.clone());
        h.province_line = Some(*line);
    }
    h
}
