//! Progress: bullet bars of a value against its target. The track runs to the axis maximum,
//! the value is a solid bar, the target a tall vermillion tick; the status is written out
//! ("Đạt", "Chưa đến hạn" …), never left to colour. What the track stands for is written under
//! the label: the whole of a ratio ("16 trên 1.166 hồ sơ"), else the scale it is drawn to.

use super::canvas::{measure, wrap, Anchor, Canvas};
use super::palette::{INK, MARK, MUTED, TARGET, TRACK};
use super::{axis_max, ChartError, SMALL, TEXT, WIDTH};

#[derive(Debug, Clone)]
pub struct Bullet {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    /// The figure's period, then what the track stands for: the whole of a ratio ("16 trên
    /// 1.166 hồ sơ"), else the scale it is drawn to ("thang đo 0–100 %", see [`bullet_max`]).
    pub whole: String,
    pub target: f64,
    pub target_label: String,
    /// "Đạt", "Chưa đến hạn" …
    pub status_label: String,
    pub percent: bool,
}

/// The value at the end of a bullet's track.
pub fn bullet_max(value: f64, target: f64, percent: bool) -> f64 {
    axis_max(value.max(target), percent)
}

const TRACK_H: f64 = 18.0;
const LINE: f64 = 17.0;

pub fn progress(bullets: &[Bullet]) -> Result<String, ChartError> {
    let statuses: Vec<String> = bullets
        .iter()
        .map(|b| format!("{} · {}", b.value_label, b.status_label))
        .collect();
    // Value and status sit after the track when the widest fits in under half the width; else
    // each goes on its own line above its track, which then runs the full width.
    let widest = statuses
        .iter()
        .map(|s| measure(s, TEXT) + 12.0)
        .fold(80.0, f64::max);
    let beside = widest <= WIDTH * 0.45;
    let track_w = if beside { WIDTH - widest } else { WIDTH - 4.0 };
    let labels: Vec<Vec<String>> = bullets
        .iter()
        .zip(&statuses)
        .map(|(b, status)| {
            let mut lines = wrap(&b.label, TEXT, WIDTH - 4.0, 5);
            if !beside {
                lines.extend(wrap(status, TEXT, WIDTH - 4.0, 2));
            }
            // A muted line over the track, marked so the loop below draws it smaller.
            for line in wrap(&b.whole, SMALL, WIDTH - 4.0, 2) {
                lines.push(format!("\u{1}{line}"));
            }
            lines
        })
        .collect();
    // The target's label under the track, on as many lines as it needs.
    let target_lines: Vec<Vec<String>> = bullets
        .iter()
        .map(|b| wrap(&b.target_label, SMALL, WIDTH - 4.0, 3))
        .collect();
    let row_h = |lines: usize, targets: usize| {
        lines as f64 * LINE + TRACK_H + 19.0 + targets.max(1) as f64 * 15.0
    };
    let height = 6.0
        + labels
            .iter()
            .zip(&target_lines)
            .map(|(l, t)| row_h(l.len(), t.len()))
            .sum::<f64>();

    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, WIDTH as u32, height.ceil() as u32);
    let mut y = 6.0;
    for (((b, lines), targets), status) in bullets
        .iter()
        .zip(&labels)
        .zip(&target_lines)
        .zip(&statuses)
    {
        for (i, line) in lines.iter().enumerate() {
            let ly = y + 9.0 + i as f64 * LINE;
            match line.strip_prefix('\u{1}') {
                Some(whole) => canvas.text(whole, 0.0, ly, SMALL, MUTED, Anchor::Start)?,
                None => canvas.text(line, 0.0, ly, TEXT, INK, Anchor::Start)?,
            }
        }
        let top = y + lines.len() as f64 * LINE + 4.0;
        let max = bullet_max(b.value, b.target, b.percent);
        let x_of = |v: f64| track_w * (v / max).clamp(0.0, 1.0);
        canvas.rect(0.0, top, track_w, top + TRACK_H, TRACK)?;
        canvas.rect(0.0, top + 4.0, x_of(b.value), top + TRACK_H - 4.0, MARK)?;
        let tx = x_of(b.target);
        canvas.line(&[(tx, top - 3.0), (tx, top + TRACK_H + 3.0)], TARGET, 3)?;
        if beside {
            canvas.text(
                status,
                track_w + 8.0,
                top + TRACK_H / 2.0,
                TEXT,
                INK,
                Anchor::Start,
            )?;
        }
        // Each line starts at the tick, or ends there when it would run past the right edge;
        // never past either edge.
        for (i, line) in targets.iter().enumerate() {
            let w = measure(line, SMALL);
            let start = if tx - 2.0 + w <= WIDTH {
                tx - 2.0
            } else {
                tx + 2.0 - w
            };
            canvas.text(
                line,
                start.clamp(0.0, (WIDTH - w).max(0.0)).floor(),
                top + TRACK_H + 13.0 + i as f64 * 15.0,
                SMALL,
                TARGET,
                Anchor::Start,
            )?;
        }
        y += row_h(lines.len(), targets.len());
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}
