//! One indicator in one province over time, and the same as a sparkline.
//!
//! The x axis is time (each point at the end of its period), so uneven reporting windows keep
//! their true spacing. A line joins two points only when their periods touch: a missing period
//! is a gap, never a zero. Targets are dashed steps with their own labels; without any value
//! they are separate marks, and the chart says there is no figure yet.

use super::canvas::{measure, Anchor, Canvas};
use super::palette::{GRID, INK, MARK, MUTED, TARGET};
use super::{axis_max, ticks, ChartError};

#[derive(Debug, Clone)]
pub struct TrendPoint {
    /// Day numbers (see `Date::day_number`) of the period's first and last day.
    pub start: i64,
    pub end: i64,
    /// `None` for a reported state without a number ("not applicable"): no mark.
    pub value: Option<f64>,
    pub x_label: String,
    pub value_label: String,
    /// Computed from other units' figures (a merged province before the merger), not
    /// reported: a hollow mark, joined by a dashed line.
    pub computed: bool,
}

#[derive(Debug, Clone)]
pub struct TargetStep {
    pub day: i64,
    pub value: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct TrendSpec {
    /// Oldest first.
    pub points: Vec<TrendPoint>,
    pub targets: Vec<TargetStep>,
    /// "Chưa có số liệu": set when no point has a value. The targets are then drawn as
    /// separate marks, not joined, so a roadmap never reads as progress, and this is written
    /// across the plot.
    pub no_figure: Option<String>,
    pub percent: bool,
    /// The day a merger took effect and its label, drawn as a dashed rule when the series
    /// has computed points before it.
    pub merger: Option<(i64, String)>,
    /// Formats a tick value in the page's language.
    pub tick_label: fn(f64, bool, crate::model::Lang) -> String,
    pub lang: crate::model::Lang,
}

use super::{SMALL, TEXT, WIDTH};
const HEIGHT: f64 = 250.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 48.0;

pub fn trend(spec: &TrendSpec) -> Result<String, ChartError> {
    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, WIDTH as u32, HEIGHT as u32);
    let values = spec.points.iter().filter_map(|p| p.value);
    let targets = spec.targets.iter().map(|t| t.value);
    let max = axis_max(values.chain(targets).fold(0.0, f64::max), spec.percent);
    // The left margin fits the widest tick label ("2.000.000", "100 %").
    let tick_labels: Vec<(f64, String)> = ticks(max)
        .into_iter()
        .map(|v| (v, (spec.tick_label)(v, spec.percent, spec.lang)))
        .collect();
    let left = tick_labels
        .iter()
        .map(|(_, l)| measure(l, SMALL))
        .fold(0.0, f64::max)
        + 12.0;
    let days: Vec<i64> = spec
        .points
        .iter()
        .map(|p| p.end)
        .chain(spec.targets.iter().map(|t| t.day))
        .collect();
    let (d0, d1) = (
        days.iter().copied().min().unwrap_or(0),
        days.iter().copied().max().unwrap_or(0),
    );
    let plot_w = WIDTH - left - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_of = |day: i64| {
        if d1 == d0 {
            left + plot_w / 2.0
        } else {
            left + 16.0 + (plot_w - 32.0) * (day - d0) as f64 / (d1 - d0) as f64
        }
    };
    let y_of = |v: f64| TOP + plot_h * (1.0 - (v / max).clamp(0.0, 1.05));

    // Light horizontal guides with their values; no vertical grid, no box. The values are
    // kept clear of the labels placed after them.
    let mut placed = Placer::default();
    for (tick, label) in &tick_labels {
        let y = y_of(*tick);
        canvas.line(&[(left, y), (WIDTH - RIGHT, y)], GRID, 1)?;
        canvas.text(label, left - 8.0, y, SMALL, MUTED, Anchor::End)?;
        placed.place(label, SMALL, &[(left - 8.0, y, Anchor::End)], WIDTH);
    }

    // The merger: a thin dashed rule with its word at the top, placed before the values so
    // they keep clear of the word.
    if let Some((day, label)) = &spec.merger {
        let x = x_of(*day);
        canvas.dashed(&[(x, TOP), (x, HEIGHT - BOTTOM)], MUTED, 1)?;
        let candidates = [
            (x + 4.0, TOP - 12.0, Anchor::Start),
            (x - 4.0, TOP - 12.0, Anchor::End),
            (x, TOP - 12.0, Anchor::Middle),
        ];
        if let Some((lx, ly, anchor)) = placed.place(label, SMALL, &candidates, WIDTH) {
            canvas.text(label, lx, ly, SMALL, MUTED, anchor)?;
        }
    }

    let mut steps: Vec<&TargetStep> = spec.targets.iter().collect();
    steps.sort_by_key(|t| t.day);
    // Targets: a dashed step line through the roadmap (one target: a level line), each step
    // marked; the series is drawn over it.
    if spec.no_figure.is_some() {
        for t in &steps {
            let (x, y) = (x_of(t.day), y_of(t.value));
            canvas.dashed(&[(x - 14.0, y), (x + 14.0, y)], TARGET, 2)?;
            // The mark itself is kept clear of labels, like a label.
            placed.boxes.push((x - 15.0, y - 2.0, x + 15.0, y + 2.0));
        }
    } else if !steps.is_empty() {
        let pts: Vec<(f64, f64)> = if steps.len() == 1 {
            vec![
                (left, y_of(steps[0].value)),
                (WIDTH - RIGHT, y_of(steps[0].value)),
            ]
        } else {
            steps.iter().map(|t| (x_of(t.day), y_of(t.value))).collect()
        };
        canvas.dashed(&pts, TARGET, 2)?;
    }

    // The series: segments only between touching periods.
    for pair in spec.points.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].value, pair[1].value) {
            if pair[1].start <= pair[0].end + 1 {
                let ends = [(x_of(pair[0].end), y_of(a)), (x_of(pair[1].end), y_of(b))];
                if pair[0].computed || pair[1].computed {
                    canvas.dashed(&ends, MARK, 2)?;
                } else {
                    canvas.line(&ends, MARK, 3)?;
                }
            }
        }
    }
    // Labels in order of importance: the latest value, the other values, the targets, then the
    // periods along the axis; a label that would overlap one already placed moves or is left
    // out (every number is also in the table beside the chart).
    let last = spec.points.len().saturating_sub(1);
    let mut order: Vec<usize> = (0..spec.points.len()).rev().collect();
    order.sort_by_key(|i| *i != last);
    for i in order {
        let p = &spec.points[i];
        let Some(v) = p.value else { continue };
        let (x, y) = (x_of(p.end), y_of(v));
        if p.computed {
            canvas.ring(x, y, 4, MARK)?;
        } else {
            canvas.dot(x, y, 4, MARK)?;
        }
        let candidates = [
            (x, y - 14.0, Anchor::Middle),
            (x, y + 16.0, Anchor::Middle),
            (x + 8.0, y - 12.0, Anchor::Start),
            (x - 8.0, y - 12.0, Anchor::End),
        ];
        if let Some((lx, ly, anchor)) = placed.place(&p.value_label, TEXT, &candidates, WIDTH) {
            canvas.text(&p.value_label, lx, ly, TEXT, INK, anchor)?;
        }
    }
    for t in &steps {
        let x = if steps.len() == 1 && spec.no_figure.is_none() {
            WIDTH - RIGHT
        } else {
            x_of(t.day)
        };
        let y = y_of(t.value);
        canvas.dot(x, y, 3, TARGET)?;
        // Beside the mark when it fits, else centred on it but shifted inside the chart: a
        // label is never drawn past the edge, even when it has to overlap another.
        let half = measure(&t.label, SMALL) / 2.0 + 3.0;
        let inside = x.clamp(half, (WIDTH - half).max(half));
        let candidates = [
            (x + 6.0, y - 10.0, Anchor::Start),
            (x + 6.0, y + 12.0, Anchor::Start),
            (x - 6.0, y - 10.0, Anchor::End),
            (x - 6.0, y + 12.0, Anchor::End),
            (inside, y - 10.0, Anchor::Middle),
            (inside, y + 12.0, Anchor::Middle),
        ];
        let (lx, ly, anchor) = placed
            .place(&t.label, SMALL, &candidates, WIDTH)
            .unwrap_or(candidates[4]);
        canvas.text(&t.label, lx, ly, SMALL, TARGET, anchor)?;
    }
    // "No figure yet", where it overlaps no target: in the middle of the plot, near its top or
    // its foot, or else under the axis (which has no periods to show).
    if let Some(words) = &spec.no_figure {
        let x = left + plot_w / 2.0;
        let candidates = [
            (x, TOP + plot_h / 2.0, Anchor::Middle),
            (x, TOP + plot_h * 0.25, Anchor::Middle),
            (x, TOP + plot_h * 0.75, Anchor::Middle),
            (x, TOP + 8.0, Anchor::Middle),
            (x, HEIGHT - BOTTOM - 10.0, Anchor::Middle),
        ];
        let under_axis = (x, HEIGHT - BOTTOM + 18.0, Anchor::Middle);
        let (lx, ly, anchor) = placed
            .place(words, TEXT, &candidates, WIDTH)
            .unwrap_or(under_axis);
        canvas.text(words, lx, ly, TEXT, MUTED, anchor)?;
    }
    let axis_y = HEIGHT - BOTTOM + 18.0;
    let mut axis = Placer::default();
    let mut axis_order: Vec<usize> = (0..spec.points.len()).collect();
    axis_order.sort_by_key(|i| (*i != last, *i != 0));
    for i in axis_order {
        let p = &spec.points[i];
        let x = x_of(p.end);
        let candidates = [
            (x, axis_y, Anchor::Middle),
            (x + 4.0, axis_y, Anchor::End),
            (x - 4.0, axis_y, Anchor::Start),
            (x, axis_y + 16.0, Anchor::Middle),
            (x + 4.0, axis_y + 16.0, Anchor::End),
        ];
        if let Some((lx, ly, anchor)) = axis.place(&p.x_label, SMALL, &candidates, WIDTH) {
            canvas.text(&p.x_label, lx, ly, SMALL, MUTED, anchor)?;
        }
    }
    canvas.line(&[(left, y_of(0.0)), (WIDTH - RIGHT, y_of(0.0))], MUTED, 1)?;
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}

/// A tiny line of the values, for a table cell: no axes, no text, the last point marked.
pub fn sparkline(values: &[Option<f64>], percent: bool) -> Result<String, ChartError> {
    const W: f64 = 96.0;
    const H: f64 = 24.0;
    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, W as u32, H as u32);
    let max = axis_max(
        values.iter().flatten().copied().fold(0.0, f64::max),
        percent,
    );
    let n = values.len().max(1);
    let x_of = |i: usize| {
        if n == 1 {
            W / 2.0
        } else {
            4.0 + (W - 8.0) * i as f64 / (n - 1) as f64
        }
    };
    let y_of = |v: f64| H - 3.0 - (H - 6.0) * (v / max).clamp(0.0, 1.0);
    canvas.line(&[(2.0, H - 2.0), (W - 2.0, H - 2.0)], GRID, 1)?;
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((x_of(i), y_of(*v))),
            None => {
                if run.len() > 1 {
                    canvas.line(&run, MARK, 2)?;
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        canvas.line(&run, MARK, 2)?;
    }
    if let Some((i, Some(v))) = values.iter().enumerate().rev().find(|(_, v)| v.is_some()) {
        canvas.dot(x_of(i), y_of(*v), 3, MARK)?;
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}

/// Boxes of the labels placed so far, to keep new ones clear of them.
#[derive(Default)]
struct Placer {
    boxes: Vec<(f64, f64, f64, f64)>,
}

impl Placer {
    /// The first candidate position where `text` overlaps nothing and stays inside the width.
    fn place(
        &mut self,
        text: &str,
        size: f64,
        candidates: &[(f64, f64, Anchor)],
        width: f64,
    ) -> Option<(f64, f64, Anchor)> {
        let w = measure(text, size);
        let h = size * 1.25;
        for &(x, y, anchor) in candidates {
            let x0 = match anchor {
                Anchor::Start => x,
                Anchor::Middle => x - w / 2.0,
                Anchor::End => x - w,
            };
            let b = (x0 - 2.0, y - h / 2.0, x0 + w + 2.0, y + h / 2.0);
            let inside = b.0 >= 0.0 && b.2 <= width;
            let clear = self
                .boxes
                .iter()
                .all(|o| b.2 <= o.0 || o.2 <= b.0 || b.3 <= o.1 || o.3 <= b.1);
            if inside && clear {
                self.boxes.push(b);
                return Some((x, y, anchor));
            }
        }
        None
    }
}
