//! Task status: one stacked bar of task counts by status per province. A legend of words and
//! counts above the bars; counts inside the segments where they fit; thin white gaps between
//! segments so neighbours stay apart for every reader.

use super::canvas::{Anchor, Canvas};
use super::palette::{INK, MUTED, STATUS};
use super::ChartError;
use plotters::style::RGBColor;

#[derive(Debug, Clone)]
pub struct StackRow {
    pub label: String,
    /// Count per status, in the order of [`StackSpec::statuses`].
    pub counts: Vec<u32>,
    /// Written after the bar: "40 nhiệm vụ".
    pub total_label: String,
}

#[derive(Debug, Clone)]
pub struct StackSpec {
    /// Status names, in the order of the palette (done, in progress, recurring, awaiting
    /// guidance, not done).
    pub statuses: Vec<String>,
    pub rows: Vec<StackRow>,
}

use super::canvas::{measure, wrap};
use super::{SMALL, TEXT, WIDTH};
const BAR: f64 = 22.0;
const LINE: f64 = 17.0;
const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

pub fn stacked(spec: &StackSpec) -> Result<String, ChartError> {
    // Legend rows: the status names flow like words in a paragraph.
    let mut legend_rows = 1;
    let mut lx = 0.0;
    for name in &spec.statuses {
        let w = measure(name, SMALL) + 30.0;
        if lx + w > WIDTH {
            legend_rows += 1;
            lx = 0.0;
        }
        lx += w;
    }
    let top = legend_rows as f64 * 20.0 + 10.0;
    // Names in a column before the bars when the longest takes at most a third of the width;
    // else each name on its own lines above its bar, which then starts at the left edge.
    let widest = spec
        .rows
        .iter()
        .map(|r| measure(&r.label, TEXT) + 12.0)
        .fold(60.0, f64::max);
    // The totals follow their bars when the widest takes at most a third of the width; else
    // each is written under its name.
    let totals = spec
        .rows
        .iter()
        .map(|r| measure(&r.total_label, SMALL) + 10.0)
        .fold(40.0, f64::max);
    let totals_after = totals <= WIDTH / 3.0;
    let totals = if totals_after { totals } else { 0.0 };
    let column = widest <= WIDTH * 0.35 && totals_after;
    let label_column = if column { widest } else { 0.0 };
    let names: Vec<Vec<String>> = spec
        .rows
        .iter()
        .map(|r| {
            if column {
                return vec![r.label.clone()];
            }
            let mut lines = wrap(&r.label, TEXT, WIDTH - 2.0, 2);
            if !totals_after {
                for line in wrap(&r.total_label, SMALL, WIDTH - 2.0, 2) {
                    lines.push(format!("\u{1}{line}"));
                }
            }
            lines
        })
        .collect();
    let above = |lines: &Vec<String>| {
        if column {
            0.0
        } else {
            lines.len() as f64 * LINE
        }
    };
    let height = top + names.iter().map(|n| above(n) + BAR + 14.0).sum::<f64>() + 4.0;
    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, WIDTH as u32, height.ceil() as u32);

    // Legend: swatch, name — words carry the meaning.
    let (mut lx, mut ly) = (0.0, 10.0);
    for (i, name) in spec.statuses.iter().enumerate() {
        let w = measure(name, SMALL) + 30.0;
        if lx + w > WIDTH {
            lx = 0.0;
            ly += 20.0;
        }
        canvas.rect(lx, ly - 6.0, lx + 12.0, ly + 6.0, color(i))?;
        canvas.text(name, lx + 17.0, ly, SMALL, INK, Anchor::Start)?;
        lx += w;
    }

    let max_total = spec
        .rows
        .iter()
        .map(|r| r.counts.iter().sum::<u32>())
        .max()
        .unwrap_or(1)
        .max(1);
    let bar_w = WIDTH - label_column - totals;
    let mut y = top;
    for (row, name) in spec.rows.iter().zip(&names) {
        if column {
            canvas.text(&row.label, 0.0, y + BAR / 2.0, TEXT, INK, Anchor::Start)?;
        } else {
            for (i, line) in name.iter().enumerate() {
                let ly = y + 8.0 + i as f64 * LINE;
                match line.strip_prefix('\u{1}') {
                    Some(total) => canvas.text(total, 0.0, ly, SMALL, MUTED, Anchor::Start)?,
                    None => canvas.text(line, 0.0, ly, TEXT, INK, Anchor::Start)?,
                }
            }
            y += above(name);
        }
        let mut x = label_column;
        for (i, count) in row.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let w = bar_w * f64::from(*count) / f64::from(max_total);
            canvas.rect(x, y, x + w - 1.0, y + BAR, color(i))?;
            let text = count.to_string();
            if measure(&text, SMALL) + 6.0 < w {
                canvas.text(
                    &text,
                    x + w / 2.0,
                    y + BAR / 2.0,
                    SMALL,
                    WHITE,
                    Anchor::Middle,
                )?;
            }
            x += w;
        }
        if totals_after {
            canvas.text(
                &row.total_label,
                x + 6.0,
                y + BAR / 2.0,
                SMALL,
                MUTED,
                Anchor::Start,
            )?;
        }
        y += BAR + 14.0;
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}

fn color(i: usize) -> RGBColor {
    STATUS[i % STATUS.len()]
}
