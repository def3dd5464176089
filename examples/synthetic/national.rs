//! The synthetic national dashboard: pre-2025 provinces merged into current ones on
//! 1 July 2025, a catalogue of indicators, monthly observations and a narrative per report.

use crate::text::{markdown_body, Rng};
use crate::Writer;
use std::fmt::Write as _;

pub struct National {
    /// Multiplies the 63 pre-2025 and 34 current provinces.
    pub scale: usize,
    pub indicators: usize,
    /// Monthly periods, ending June 2026 (the merger falls a year before the end).
    pub months: usize,
    /// Share of the catalogue each monthly report gives (0–1).
    pub coverage: f64,
    pub words: usize,
    pub tasks: usize,
    pub seed: u64,
}

const OLD: usize = 63;
const NEW: usize = 34;
/// Units in turn: a rate, a rate from counts, a count, persons, money.
const UNITS: [&str; 5] = ["percent", "percent", "count", "persons", "vnd"];
const STATUSES: [&str; 5] = ["done", "in-progress", "done", "not-done", "recurring"];
const DUES: [&str; 5] = [
    "Quý II/2024",
    "Tháng 6/2025",
    "Trong năm 2023",
    "Thực hiện thường xuyên",
    "Quý IV/2025",
];

struct Month {
    year: usize,
    month: usize,
}

impl Month {
    fn key(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
    fn merged(&self) -> bool {
        (self.year, self.month) >= (2025, 7)
    }
}

impl National {
    pub fn write(&self, w: &mut Writer) -> std::io::Result<()> {
        let key: Vec<String> = (1..=self.indicators.min(6)).map(id).collect();
        w.file(
            "site.yaml",
            &format!(
                "# SYNTHETIC benchmark site written by `cargo run --release --example synthetic`: not real data.\n\
                 title: {{ vi: \"Bảng số liệu TỔNG HỢP (không phải số liệu thật)\", en: \"SYNTHETIC dashboard (not real data)\" }}\n\
                 description: {{ vi: \"Dữ liệu tổng hợp để đo hiệu năng của minhbach.\", en: \"Synthetic data for measuring minhbach's performance.\" }}\n\
                 base_url: \"https://example.org/synthetic/\"\nlanguages: [vi, en]\ntheme: default\noutput_dir: public\n\
                 key_indicators: [{}]\n\
                 publisher: {{ name: {{ vi: \"Dữ liệu TỔNG HỢP (không phải cơ quan thật)\", en: \"SYNTHETIC data (not a real publisher)\" }} }}\n\
                 corrections: {{ note: \"Dữ liệu tổng hợp: không có lỗi thật nào để báo.\" }}\n\
                 licence: {{ name: \"CC0 1.0\", url: \"https://creativecommons.org/publicdomain/zero/1.0/\" }}\n",
                key.join(", ")
            ),
        )?;
        w.file("data/dimensions.yaml", DIMENSIONS)?;
        w.file("data/indicators.yaml", &self.catalogue())?;
        let months = self.months();
        let (old, new) = (OLD * self.scale, NEW * self.scale);
        let mut rng = Rng::new(self.seed);
        for p in 1..=old + new {
            let is_old = p <= old;
            let slug = province(p, old);
            let mine: Vec<&Month> = months.iter().filter(|m| m.merged() != is_old).collect();
            let successor = (p - 1) % new + old + 1;
            w.file(
                &format!("data/provinces/{slug}.yaml"),
                &self.province(&mut rng, p, &slug, is_old, &province(successor, old), &mine),
            )?;
            for m in &mine {
                let body = markdown_body(
                    &mut rng,
                    self.words,
                    20,
                    &format!(
                        "Tỷ lệ của chỉ tiêu 1 là {{{{ value(indicator=\"{}\") }}}}, chỉ tiêu 3 là {{{{ value(indicator=\"{}\") }}}}.",
                        id(1),
                        id(3.min(self.indicators))
                    ),
                );
                w.file(
                    &format!("content/reports/{slug}/{}.md", m.key()),
                    &format!(
                        "---\ntitle: \"[Tổng hợp] {} tháng {}/{}\"\nprovince: {slug}\nperiod: \"{}\"\nsummary: \"Báo cáo tổng hợp (không phải số liệu thật).\"\n---\n\n{body}",
                        name(p, old),
                        m.month,
                        m.year,
                        m.key()
                    ),
                )?;
            }
        }
        w.file(
            "content/_index.md",
            "---\ntitle: \"Bảng số liệu tổng hợp\"\n---\n\nMọi con số trên trang này là **dữ liệu tổng hợp** để đo hiệu năng, không phải số liệu thật.\n",
        )?;
        w.file(
            "content/_index.en.md",
            "---\ntitle: \"Synthetic dashboard\"\n---\n\nEvery figure on this site is **synthetic**, generated to measure performance; none is real.\n",
        )
    }

    fn months(&self) -> Vec<Month> {
        // The last month is June 2026; count back.
        let last = 2026 * 12 + 5;
        (0..self.months)
            .rev()
            .map(|back| {
                let n = last - back;
                Month {
                    year: n / 12,
                    month: n % 12 + 1,
                }
            })
            .collect()
    }

    fn catalogue(&self) -> String {
        let mut s = String::from("# SYNTHETIC catalogue: not real indicators.\ngroups:\n");
        for g in 1..=10 {
            let kind = if g <= 5 { "utility" } else { "cross-cutting" };
            let _ = writeln!(
                s,
                "  - {{ id: g{g:02}, kind: {kind}, label: {{ vi: \"Nhóm tổng hợp {g}\", en: \"Synthetic group {g}\" }} }}"
            );
        }
        s.push_str("indicators:\n");
        let start = self
            .months()
            .first()
            .map_or("2021-01-01".to_string(), |m| format!("{}-01", m.key()));
        for i in 1..=self.indicators {
            let unit = UNITS[(i - 1) % UNITS.len()];
            let percent = unit == "percent";
            let cumulative = !percent && i % 3 == 0;
            let _ = write!(
                s,
                "  - id: {}\n    group: g{:02}\n    label: {{ vi: \"Chỉ tiêu tổng hợp {i}\", en: \"Synthetic indicator {i}\" }}\n    description: {{ vi: \"Chỉ tiêu tổng hợp số {i}, không phải chỉ tiêu thật.\", en: \"Synthetic indicator number {i}; not a real indicator.\" }}\n    unit: {unit}\n    count_noun: {{ vi: \"hồ sơ\", en: \"applications\" }}\n    direction: higher-is-better\n    aggregate: {}\n    scope: {}\n",
                id(i),
                (i - 1) % 10 + 1,
                if percent { "ratio-of-sums" } else { "sum" },
                if cumulative { "cumulative" } else { "period" },
            );
            if cumulative {
                // Every unit counts from the first day of the data: running totals of merged
                // units can be added up (see `site::merged`).
                let _ = writeln!(s, "    since: {start}");
            }
            if has_breakdown(i) {
                s.push_str("    dimensions: [level]\n");
            }
            if percent && i % 10 == 1 {
                s.push_str("    targets:\n");
                for (value, by) in [(50, "2022-12-31"), (70, "2024-12-31"), (90, "2026-06-30")] {
                    let _ = writeln!(
                        s,
                        "      - {{ value: {value}, by: {by}, issuer: \"Cơ quan tổng hợp\", source: \"synthetic\" }}"
                    );
                }
            }
        }
        s
    }

    fn province(
        &self,
        rng: &mut Rng,
        p: usize,
        slug: &str,
        is_old: bool,
        successor: &str,
        months: &[&Month],
    ) -> String {
        let old = OLD * self.scale;
        let mut s = format!(
            "# SYNTHETIC province: not real data.\nname: {{ vi: \"{}\", en: \"{}\" }}\ncode: \"{p:03}\"\n",
            name(p, old),
            name(p, old).replace("Tỉnh cũ", "Former province").replace("Tỉnh mới", "New province").replace("tổng hợp", "synthetic"),
        );
        if is_old {
            let _ = write!(
                s,
                "valid_to: 2025-06-30\nsuccessor: {{ province: {successor}, from: 2025-07-01, source: \"synthetic\" }}\n"
            );
        } else {
            s.push_str("valid_from: 2025-07-01\n");
            // Every old unit whose successor is this one (as `successor` above assigns them).
            let new = NEW * self.scale;
            s.push_str("formed_from:\n  source: \"synthetic\"\n  units:\n");
            for q in (1..=old).filter(|q| (q - 1) % new + old + 1 == p) {
                let _ = writeln!(s, "    - province: {}", province(q, old));
            }
        }
        s.push_str("reports:\n");
        for m in months {
            let _ = writeln!(
                s,
                "  - {{ period: \"{}\", file: \"synthetic-{slug}-{}.txt\", number: null, issued: null, issuer: {{ vi: \"UBND {}\", en: \"People's Committee (synthetic)\" }} }}",
                m.key(),
                m.key(),
                name(p, old)
            );
        }
        s.push_str("observations:\n");
        let base: Vec<u64> = (0..=self.indicators)
            .map(|_| rng.between(1_000, 90_000))
            .collect();
        for (t, m) in months.iter().enumerate() {
            let _ = write!(
                s,
                "  - period: \"{}\"\n    source: \"synthetic-{slug}-{}.txt\"\n    values:\n",
                m.key(),
                m.key()
            );
            for (i, &base) in base.iter().enumerate().skip(1) {
                // Indicators 1 to 6 (the key ones) are in every report; the rest by coverage.
                if i > 6 && (rng.below(1000) as f64) >= self.coverage * 1000.0 {
                    continue;
                }
                let _ = writeln!(s, "      {}: {}", id(i), value(rng, i, t, base));
            }
        }
        if self.tasks > 0 {
            s.push_str("tasks:\n");
            let as_of = months
                .last()
                .map(|m| m.key())
                .unwrap_or_else(|| "2025-06".into());
            for k in 1..=self.tasks {
                let _ = writeln!(
                    s,
                    "  - {{ id: \"{k}\", title: \"Nhiệm vụ tổng hợp số {k}\", owner: \"Sở tổng hợp\", due: \"{}\", status: {}, as_of: \"{as_of}\", source: \"synthetic\" }}",
                    DUES[k % DUES.len()],
                    STATUSES[(k + p) % STATUSES.len()]
                );
            }
        }
        s
    }
}

fn has_breakdown(i: usize) -> bool {
    UNITS[(i - 1) % UNITS.len()] == "count" && i % 2 == 1
}

/// One value in the data-file syntax, drifting upwards month by month.
fn value(rng: &mut Rng, i: usize, t: usize, base: u64) -> String {
    let t = t as u64;
    match (i - 1) % UNITS.len() {
        0 => {
            let v = (base % 5_000 + t * 80 + rng.below(300)).min(10_000);
            format!("{}.{:02}", v / 100, v % 100)
        }
        1 => {
            let den = base + rng.below(500);
            let num = den * (40 + (t * 2).min(59) + rng.below(2)) / 100;
            format!("{{ numerator: {num}, denominator: {den} }}")
        }
        _ if has_breakdown(i) => {
            let (a, b, c) = (rng.below(base) + t, rng.below(base), rng.below(base));
            format!("{{ value: {}, by: {{ level: {{ province: {a}, district: {b}, commune: {c} }} }} }}", a + b + c)
        }
        4 => format!("{}", (base + t * 100 + rng.below(50)) * 1_000_000),
        _ if i.is_multiple_of(3) => format!("{}", base * 10 + t * (base / 10 + 1) + rng.below(10)),
        _ => format!("{}", base + rng.below(base / 4 + 1)),
    }
}

fn id(i: usize) -> String {
    format!("syn-{i:03}")
}

fn province(p: usize, old: usize) -> String {
    if p <= old {
        format!("tinh-cu-{p:03}")
    } else {
        format!("tinh-moi-{:03}", p - old)
    }
}

fn name(p: usize, old: usize) -> String {
    if p <= old {
        format!("Tỉnh cũ {p:03} (tổng hợp)")
    } else {
        format!("Tỉnh mới {:03} (tổng hợp)", p - old)
    }
}

const DIMENSIONS: &str = "# SYNTHETIC dimensions.\ndimensions:\n  - id: level\n    label: { vi: \"Cấp hành chính\", en: \"Administrative level\" }\n    members:\n      - { id: province, label: { vi: \"Cấp tỉnh\", en: \"Province level\" } }\n      - { id: district, label: { vi: \"Cấp huyện\", en: \"District level\" } }\n      - { id: commune, label: { vi: \"Cấp xã\", en: \"Commune level\" } }\n";
