//! Horizontal bars: one indicator across provinces (comparison), or the online share of each
//! essential service. Sorted (unless the values may not be ranked), each bar labelled with its value and its period; a target as a
//! dashed reference line. Short labels sit beside their bar; long ones (service names) go above
//! it, wrapped, so they never overlap a bar or each other.

use super::canvas::{measure, wrap, Anchor, Canvas};
use super::palette::{INK, MARK, MUTED, TARGET, TRACK};
use super::{axis_max, ChartError};

/// One bar.
#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    /// `None`: nothing to draw (not applicable); `Some(0)` draws an empty bar.
    pub value: Option<f64>,
    /// The value as the page writes it ("73,72 %", "Không phát sinh").
    pub value_label: String,
    /// Shown after the value, muted: usually the period.
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct BarsSpec {
    pub rows: Vec<BarRow>,
    pub percent: bool,
    /// A reference value and its label ("Mục tiêu ≥ 80 %").
    pub target: Option<(f64, String)>,
    /// Sort the bars by value. `false` keeps the rows' order: values that are not comparable
    /// (running totals from different starting points) are not ranked.
    pub ranked: bool,
}

use super::{SMALL, TEXT, WIDTH};
const BAR: f64 = 14.0;
const LINE: f64 = 17.0;

/// Draw the bars; returns the SVG as drawn, before [`super::finish`] names it. Each row is the
/// label (wrapped) and the period, then the bar with its value at its end.
pub fn bars(spec: &BarsSpec) -> Result<String, ChartError> {
    let mut rows: Vec<&BarRow> = spec.rows.iter().collect();
    if spec.ranked {
        rows.sort_by(|a, b| match (a.value, b.value) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    // Values sit after their bars, in a column as wide as the widest of them up to under half
    // the chart; a value wider than that goes on its own line above its bar. All bars share
    // one length, so they stay comparable.
    let value_width = |r: &BarRow| measure(&r.value_label, TEXT) + 10.0;
    let reserve = rows
        .iter()
        .map(|r| value_width(r))
        .filter(|w| *w <= WIDTH * 0.45)
        .fold(40.0, f64::max);
    let bar_width = WIDTH - reserve - 2.0;
    let probe_canvas_free = |r: &BarRow| -> Vec<String> {
        let beside = value_width(r) <= reserve;
        // The period follows the label on the same line when both fit.
        let both = format!("{} · {}", r.label, r.note);
        let mut lines = if r.note.is_empty() || measure(&both, TEXT) > WIDTH - 2.0 {
            let mut lines = wrap(&r.label, TEXT, WIDTH - 2.0, 5);
            // The note (period, whole, starting point) wraps in its own smaller lines: every
            // word stays inside the chart.
            if !r.note.is_empty() {
                for line in wrap(&r.note, SMALL, WIDTH - 2.0, 4) {
                    lines.push(format!("\u{1}{line}"));
                }
            }
            lines
        } else {
            vec![format!("{}\u{2}{}", r.label, r.note)]
        };
        if !beside {
            lines.extend(
                wrap(&r.value_label, TEXT, WIDTH - 2.0, 2)
                    .into_iter()
                    .map(|l| format!("\u{3}{l}")),
            );
        }
        lines
    };
    let labels: Vec<Vec<String>> = rows.iter().map(|r| probe_canvas_free(r)).collect();
    let row_height = |lines: usize| lines as f64 * LINE + BAR + 12.0;
    // A target's label runs along the top, on as many lines as it needs.
    let target_lines = spec
        .target
        .as_ref()
        .map(|(_, label)| wrap(label, SMALL, WIDTH - 4.0, 3))
        .unwrap_or_default();
    let top = if target_lines.is_empty() {
        4.0
    } else {
        9.0 + target_lines.len() as f64 * 15.0
    };
    let height = top + labels.iter().map(|l| row_height(l.len())).sum::<f64>() + 4.0;

    let max_value = rows.iter().filter_map(|r| r.value).fold(0.0, f64::max);
    let max = axis_max(
        max_value.max(spec.target.as_ref().map_or(0.0, |t| t.0)),
        spec.percent,
    );
    let x_of = |v: f64| bar_width * (v / max).clamp(0.0, 1.0);

    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, WIDTH as u32, height.ceil() as u32);
    let mut y = top;
    for (row, lines) in rows.iter().zip(&labels) {
        for (i, line) in lines.iter().enumerate() {
            let ly = y + 9.0 + i as f64 * LINE;
            if let Some(note) = line.strip_prefix('\u{1}') {
                canvas.text(note, 0.0, ly, SMALL, MUTED, Anchor::Start)?;
            } else if let Some(value) = line.strip_prefix('\u{3}') {
                canvas.text(value, 0.0, ly, TEXT, INK, Anchor::Start)?;
            } else if let Some((label, note)) = line.split_once('\u{2}') {
                canvas.text(label, 0.0, ly, TEXT, INK, Anchor::Start)?;
                let x = measure(label, TEXT) + 6.0;
                canvas.text(&format!("· {note}"), x, ly, SMALL, MUTED, Anchor::Start)?;
            } else {
                canvas.text(line, 0.0, ly, TEXT, INK, Anchor::Start)?;
            }
        }
        let bar_top = y + lines.len() as f64 * LINE + 3.0;
        canvas.rect(0.0, bar_top, bar_width, bar_top + BAR, TRACK)?;
        if let Some(v) = row.value {
            canvas.rect(0.0, bar_top, x_of(v), bar_top + BAR, MARK)?;
        }
        if !lines.iter().any(|l| l.starts_with('\u{3}')) {
            canvas.text(
                &row.value_label,
                bar_width + 8.0,
                bar_top + BAR / 2.0,
                TEXT,
                INK,
                Anchor::Start,
            )?;
        }
        y += row_height(lines.len());
    }
    if let Some((value, _)) = &spec.target {
        let x = x_of(*value);
        canvas.dashed(&[(x, top - 6.0), (x, height - 4.0)], TARGET, 2)?;
        // Centred on the line where it fits, else against the nearer edge.
        for (i, line) in target_lines.iter().enumerate() {
            let width = measure(line, SMALL);
            let (tx, anchor) = if x + width / 2.0 > WIDTH - 2.0 {
                (WIDTH - 2.0, Anchor::End)
            } else if x - width / 2.0 < 2.0 {
                (2.0, Anchor::Start)
            } else {
                (x, Anchor::Middle)
            };
            canvas.text(line, tx, 10.0 + i as f64 * 15.0, SMALL, TARGET, anchor)?;
        }
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}
