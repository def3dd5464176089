//! Horizontal bars: one indicator across provinces (comparison), or the online share of each
//! essential service. Sorted, each bar labelled with its value and its period; a target as a
//! dashed reference line. Short labels sit beside their bar; long ones (service names) go above
//! it, wrapped, so they never overlap a bar or each other.

use super::canvas::{Anchor, Canvas};
use super::palette::{GRID, INK, MARK, MUTED, TARGET};
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
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 12.5;
const SMALL: f64 = 11.0;
const BAR: f64 = 14.0;
const LABEL_COLUMN: f64 = 168.0;

/// Draw the bars; returns raw plotters SVG (see [`super::finish`]).
pub fn bars(spec: &BarsSpec) -> Result<String, ChartError> {
    let mut rows: Vec<&BarRow> = spec.rows.iter().collect();
    rows.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut buf = String::new();
    // A first canvas only measures text; the real one needs the final height.
    let mut probe = String::new();
    let measure = Canvas::new(&mut probe, 10, 10)?;
    let beside = rows
        .iter()
        .all(|r| measure.measure(&r.label, LABEL) <= LABEL_COLUMN - 10.0);
    let reserve = rows
        .iter()
        .map(|r| measure.measure(&r.value_label, LABEL) + measure.measure(&r.note, SMALL) + 16.0)
        .fold(60.0, f64::max)
        .min(280.0);
    let bar_x0 = if beside { LABEL_COLUMN } else { 0.0 };
    let bar_width = WIDTH - bar_x0 - reserve - 4.0;
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            if beside {
                vec![r.label.clone()]
            } else {
                measure.wrap(&r.label, LABEL, WIDTH - 4.0, 3)
            }
        })
        .collect();
    let row_height = |lines: usize| {
        if beside {
            28.0
        } else {
            lines as f64 * 16.0 + BAR + 14.0
        }
    };
    let top = if spec.target.is_some() { 28.0 } else { 6.0 };
    let height = top + labels.iter().map(|l| row_height(l.len())).sum::<f64>() + 6.0;
    drop(measure);

    let max_value = rows.iter().filter_map(|r| r.value).fold(0.0, f64::max);
    let max = axis_max(
        max_value.max(spec.target.as_ref().map_or(0.0, |t| t.0)),
        spec.percent,
    );
    let x_of = |v: f64| bar_x0 + bar_width * (v / max).clamp(0.0, 1.0);

    let canvas = Canvas::new(&mut buf, WIDTH as u32, height.ceil() as u32)?;
    canvas.line(&[(bar_x0, top - 2.0), (bar_x0, height - 4.0)], GRID, 1)?;
    let mut y = top;
    for (row, lines) in rows.iter().zip(&labels) {
        let bar_top = if beside {
            canvas.text(
                &lines[0],
                0.0,
                y + BAR / 2.0 + 4.0,
                LABEL,
                INK,
                Anchor::Start,
            )?;
            y + 4.0
        } else {
            for (i, line) in lines.iter().enumerate() {
                canvas.text(
                    line,
                    0.0,
                    y + 8.0 + i as f64 * 16.0,
                    LABEL,
                    INK,
                    Anchor::Start,
                )?;
            }
            y + lines.len() as f64 * 16.0 + 4.0
        };
        let end = match row.value {
            Some(v) => {
                canvas.rect(bar_x0, bar_top, x_of(v), bar_top + BAR, MARK)?;
                x_of(v)
            }
            None => bar_x0,
        };
        let text_y = bar_top + BAR / 2.0;
        canvas.text(
            &row.value_label,
            end + 6.0,
            text_y,
            LABEL,
            INK,
            Anchor::Start,
        )?;
        let note_x = end + 6.0 + canvas.measure(&row.value_label, LABEL) + 6.0;
        canvas.text(&row.note, note_x, text_y, SMALL, MUTED, Anchor::Start)?;
        y += row_height(lines.len());
    }
    if let Some((value, label)) = &spec.target {
        let x = x_of(*value);
        canvas.dashed(&[(x, top - 6.0), (x, height - 4.0)], TARGET, 2)?;
        let width = canvas.measure(label, SMALL);
        let (tx, anchor) = if x + width / 2.0 > WIDTH {
            (WIDTH - 2.0, Anchor::End)
        } else if x - width / 2.0 < 0.0 {
            (2.0, Anchor::Start)
        } else {
            (x, Anchor::Middle)
        };
        canvas.text(label, tx, 10.0, SMALL, TARGET, anchor)?;
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}
