//! Progress: bullet bars of a value against its target. The track runs to the axis maximum,
//! the value is a solid bar, the target a tall vermillion tick; the status is written out
//! ("Đạt" / "Chưa đạt"), never left to colour.

use super::canvas::{Anchor, Canvas};
use super::palette::{INK, MARK, TARGET, TRACK};
use super::{axis_max, ChartError};

#[derive(Debug, Clone)]
pub struct Bullet {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    pub target: f64,
    pub target_label: String,
    /// "Đạt", "Chưa đạt" …
    pub status_label: String,
    pub percent: bool,
}

const WIDTH: f64 = 640.0;
const TRACK_H: f64 = 18.0;

pub fn progress(bullets: &[Bullet]) -> Result<String, ChartError> {
    let mut probe = String::new();
    let measure = Canvas::new(&mut probe, 10, 10)?;
    let labels: Vec<Vec<String>> = bullets
        .iter()
        .map(|b| measure.wrap(&b.label, 12.5, WIDTH - 4.0, 2))
        .collect();
    drop(measure);
    let row_h = |lines: usize| lines as f64 * 16.0 + TRACK_H + 34.0;
    let height = 6.0 + labels.iter().map(|l| row_h(l.len())).sum::<f64>();

    let mut buf = String::new();
    let canvas = Canvas::new(&mut buf, WIDTH as u32, height.ceil() as u32)?;
    let right_text = 150.0;
    let track_w = WIDTH - right_text;
    let mut y = 6.0;
    for (b, lines) in bullets.iter().zip(&labels) {
        for (i, line) in lines.iter().enumerate() {
            canvas.text(
                line,
                0.0,
                y + 8.0 + i as f64 * 16.0,
                12.5,
                INK,
                Anchor::Start,
            )?;
        }
        let top = y + lines.len() as f64 * 16.0 + 4.0;
        let max = axis_max(b.value.max(b.target), b.percent);
        let x_of = |v: f64| track_w * (v / max).clamp(0.0, 1.0);
        canvas.rect(0.0, top, track_w, top + TRACK_H, TRACK)?;
        canvas.rect(0.0, top + 4.0, x_of(b.value), top + TRACK_H - 4.0, MARK)?;
        let tx = x_of(b.target);
        canvas.line(&[(tx, top - 3.0), (tx, top + TRACK_H + 3.0)], TARGET, 3)?;
        canvas.text(
            &format!("{} · {}", b.value_label, b.status_label),
            track_w + 8.0,
            top + TRACK_H / 2.0,
            12.0,
            INK,
            Anchor::Start,
        )?;
        let anchor = if tx > track_w - 80.0 {
            Anchor::End
        } else {
            Anchor::Start
        };
        canvas.text(
            &b.target_label,
            tx + if matches!(anchor, Anchor::End) {
                2.0
            } else {
                -2.0
            },
            top + TRACK_H + 12.0,
            11.0,
            TARGET,
            anchor,
        )?;
        y += row_h(lines.len());
    }
    let extra = canvas.present()?;
    Ok(super::canvas::insert_extra(buf, extra))
}
