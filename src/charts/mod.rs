//! Step 4b: figures → accessible SVG charts, drawn at build time with plotters.
//!
//! Input: chart specifications (numbers plus labels already written in the page's language).
//! Output: SVG text. Every chart carries `role="img"`, a `<title>` and a plain-language
//! `<desc>`, and the page puts a table with the same numbers beside it. Text is measured with
//! DejaVu Sans compiled into the binary, never a system font, so the same input gives the same
//! bytes on every machine; the SVG itself names the generic `sans-serif` family.
//!
//! The look is deliberate: no boxed legends or heavy grids, direct labels, a palette that
//! stays distinct for colour-blind readers, marks with at least 3:1 contrast, and words next
//! to every colour.

mod bars;
mod canvas;

/// Text measured as the charts measure it: width with the embedded font, and its vertical
/// metrics (what a test needs to check that every label stays inside its chart).
pub use canvas::{measure, vertical_metrics, VerticalMetrics};

/// The font the charts are drawn in, embedded in the binary (DejaVu Sans: it has every
/// Vietnamese letter). `serve` sets its error page in it.
pub(crate) fn embedded_font() -> &'static [u8] {
    canvas::FONT
}
mod progress;
pub mod raster;
pub mod share;
mod stacked;
mod svg;
mod trend;

pub use bars::{bars, BarRow, BarsSpec};
pub use progress::{bullet_max, progress, Bullet};
pub use stacked::{stacked, StackRow, StackSpec};
pub use trend::{sparkline, trend, TargetStep, TrendPoint, TrendSpec};

use std::fmt;

/// Every chart is this wide (SVG units): the width it has on a 360 px phone (the page less
/// `.wrap`'s 1 rem padding each side), so there one unit is one CSS pixel and the 12.5-unit
/// text is 12.5 px. Larger screens cap the chart at `.chart-figure`'s max-width (23 rem), a
/// scale of 1.12, so text stays about body size. Layouts are drawn for this width: long labels
/// wrap, values and targets move to their own lines, axis labels thin out.
/// `tests/chart_text_bounds.rs` ties this to the CSS.
pub const WIDTH: f64 = 328.0;
/// Text sizes, in SVG units.
pub const TEXT: f64 = 14.0;
pub const SMALL: f64 = 12.5;

/// A chart could not be drawn: only a fault of minhbach can cause this, never the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// plotters refused to draw (its message); the charts' own backend never fails.
    Backend(String),
    /// resvg could not turn a share SVG into a PNG (its message).
    Raster(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Backend(why) => write!(f, "plotters could not draw: {why}"),
            ChartError::Raster(why) => write!(f, "resvg could not render the PNG: {why}"),
        }
    }
}

/// Colours, each at least 3:1 against white and paired with a word wherever it carries meaning.
pub mod palette {
    use plotters::style::RGBColor;
    pub const INK: RGBColor = RGBColor(0x17, 0x21, 0x2b);
    pub const MUTED: RGBColor = RGBColor(0x4a, 0x57, 0x63);
    pub const GRID: RGBColor = RGBColor(0xdd, 0xe3, 0xe9);
    pub const TRACK: RGBColor = RGBColor(0xe3, 0xe8, 0xee);
    pub const MARK: RGBColor = RGBColor(0x0b, 0x4a, 0x6f);
    pub const TARGET: RGBColor = RGBColor(0xb3, 0x3c, 0x00);
    /// Task statuses: done, in progress, recurring, awaiting guidance, not done. Dark enough
    /// for white labels inside the segments.
    pub const STATUS: [RGBColor; 5] = [
        RGBColor(0x0b, 0x4a, 0x6f),
        RGBColor(0x2b, 0x6e, 0xa6),
        RGBColor(0x5f, 0x6b, 0x76),
        RGBColor(0x9a, 0x52, 0x00),
        RGBColor(0xa3, 0x1d, 0x24),
    ];
}

/// Give an SVG drawn by a chart its accessible name and description. The root names the
/// family that the texts then leave out ([`svg`] writes each element without what it would
/// repeat), which keeps charts small.
pub fn finish(raw: &str, id: &str, title: &str, desc: &str) -> String {
    let body = match raw.find('>') {
        Some(end) if raw.starts_with("<svg") => &raw[end + 1..],
        _ => raw,
    };
    let open = raw.get(..raw.find('>').unwrap_or(0)).unwrap_or("");
    let attr = |name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let start = open.find(&key)? + key.len();
        let end = open[start..].find('"')? + start;
        Some(format!("{name}=\"{}\"", &open[start..end]))
    };
    let size_attrs = ["width", "height", "viewBox"]
        .iter()
        .filter_map(|n| attr(n))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" {size_attrs} role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"{}\" class=\"chart\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>{body}",
        svg::FAMILY,
        escape(title),
        escape(desc)
    )
}

/// A small chart with an accessible name only (sparklines inside tables).
pub fn finish_small(raw: &str, label: &str) -> String {
    finish(raw, "s", label, "")
        .replacen(
            " aria-labelledby=\"s-t s-d\"",
            &format!(" aria-label=\"{}\"", escape(label)),
            1,
        )
        .replacen("<title id=\"s-t\">", "<title>", 1)
        .replacen("\n<desc id=\"s-d\"></desc>", "", 1)
}

use crate::escape::escape;

/// Axis range and ticks: percentages run 0–100 unless a value exceeds 100; other scales start
/// at zero and end at a round number above the largest value.
pub fn axis_max(max_value: f64, percent: bool) -> f64 {
    if percent && max_value <= 100.0 {
        return 100.0;
    }
    // Counts near zero keep whole-number ticks (0–4) rather than 0.25 steps.
    nice_ceiling(max_value).max(if percent { 0.0 } else { 4.0 })
}

/// The smallest "nice" number (1, 2, 2.5, 5 × 10ⁿ) at or above `x`; 1 for zero or less.
pub fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= x - 1e-9 {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// Four or five evenly spaced ticks from 0 to `max`.
pub fn ticks(max: f64) -> Vec<f64> {
    let step = if max % 4.0 == 0.0 || (max / 4.0).fract() == 0.0 {
        max / 4.0
    } else {
        max / 5.0
    };
    (0..=((max / step).round() as usize))
        .map(|i| i as f64 * step)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ranges() {
        assert_eq!(axis_max(73.7, true), 100.0);
        assert_eq!(axis_max(154.36, true), 200.0);
        assert_eq!(axis_max(0.0, false), 4.0);
        assert_eq!(axis_max(1_078_946.0, false), 2_000_000.0);
        assert_eq!(nice_ceiling(2150.0), 2500.0);
        assert_eq!(ticks(100.0), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
    }

    #[test]
    fn finish_adds_name_and_description_and_escapes() {
        let raw = "<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" xmlns=\"http://www.w3.org/2000/svg\">\n<text x=\"1\">a</text>\n</svg>\n";
        let svg = finish(raw, "c1", "A <b>", "x & y");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" role=\"img\" aria-labelledby=\"c1-t c1-d\""), "{svg}");
        assert!(
            svg.contains("<title id=\"c1-t\">A &lt;b&gt;</title>"),
            "{svg}"
        );
        assert!(svg.contains("<desc id=\"c1-d\">x &amp; y</desc>"), "{svg}");
        assert!(svg.contains("<text x=\"1\">a</text>"), "{svg}");
    }
}
