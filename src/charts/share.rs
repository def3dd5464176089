//! A chart as it is shared: the page's SVG nested, unchanged, in an outer SVG with a header
//! band (the site, the chart's title, the period it shows) and a footer band (its source and
//! the address of its page), so the file still says what it is once it is far from the site.
//!
//! Input: a finished chart SVG and its texts, already written in the page's language.
//! Output: SVG text. Every line is measured with the embedded font and wrapped to the width,
//! so no text leaves the viewBox (browsers' own sans-serif fonts run narrower than DejaVu).

use super::canvas::{ellipsize, measure, wrap};
use super::palette::{GRID, INK, MARK, MUTED};
use crate::escape::escape;
use plotters::style::RGBColor;

/// The share SVG's width (SVG units). The chart keeps its own size in it (it is drawn for a
/// phone, [`super::WIDTH`] wide), left-aligned with the bands, and shrinks only if it is
/// wider than the space between the margins: enlarged to fill it, a tall chart would make an
/// image too tall to be a link preview.
pub const SHARE_WIDTH: f64 = 600.0;
const MARGIN: f64 = 24.0;
const INNER: f64 = SHARE_WIDTH - 2.0 * MARGIN;
/// DejaVu Sans' ascent and descent, in em: where a line's ink starts and ends.
const ASCENT: f64 = 0.93;
const DESCENT: f64 = 0.24;

/// What the bands around a chart say, in the chart's language.
#[derive(Debug, Clone)]
pub struct ShareText<'a> {
    /// The site's title.
    pub site: &'a str,
    pub title: &'a str,
    /// "Kỳ số liệu: 04/2025" / "Period: April 2025".
    pub period: &'a str,
    /// "Nguồn: Báo cáo 117/BC-UBND …" / "Source: …".
    pub source: &'a str,
    /// The absolute address of the chart's page.
    pub address: &'a str,
}

/// The lines placed so far, and where the next one goes.
struct Bands {
    y: f64,
    texts: String,
}

impl Bands {
    fn lines(&mut self, lines: &[String], size: f64, color: RGBColor) {
        for line in lines {
            let baseline = self.y + ASCENT * size;
            let RGBColor(r, g, b) = color;
            self.texts.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#{r:02x}{g:02x}{b:02x}\">{}</text>\n",
                num(MARGIN),
                num(baseline),
                num(size),
                escape(line)
            ));
            self.y += (ASCENT + DESCENT) * size * 1.15;
        }
    }
}

/// `chart` (a finished chart SVG) with its header and footer bands around it; `id` names the
/// outer SVG's title.
pub fn share_svg(chart: &str, text: &ShareText, id: &str) -> String {
    let (width, height) = chart_size(chart);
    let scale = (INNER / width).min(1.0);
    let mut bands = Bands {
        y: MARGIN,
        texts: String::new(),
    };
    bands.lines(&wrap(text.site, 13.0, INNER, 1), 13.0, MUTED);
    bands.y += 4.0;
    bands.lines(&wrap(text.title, 20.0, INNER, 3), 20.0, INK);
    bands.y += 2.0;
    bands.lines(&wrap(text.period, 14.0, INNER, 2), 14.0, MUTED);
    let chart_top = bands.y + 10.0;
    let rule = chart_top + height * scale + 12.0;
    bands.y = rule + 10.0;
    bands.lines(&wrap(text.source, 12.5, INNER, 4), 12.5, MUTED);
    // A source that already names the page ("…, xem <address>") is not followed by it again.
    if !text.source.contains(text.address) {
        bands.lines(&wrap_address(text.address, 12.5, INNER, 2), 12.5, MARK);
    }
    let total = (bands.y + MARGIN - 4.0).ceil();
    let RGBColor(r, g, b) = GRID;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}\" font-family=\"sans-serif\">\n<title id=\"{id}\">{title}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n{texts}<line x1=\"{m}\" y1=\"{rule}\" x2=\"{right}\" y2=\"{rule}\" stroke=\"#{r:02x}{g:02x}{b:02x}\"/>\n<g transform=\"translate({m} {top}) scale({scale})\">\n{chart}</g>\n</svg>\n",
        w = num(SHARE_WIDTH),
        h = num(total),
        title = escape(text.title),
        texts = bands.texts,
        m = num(MARGIN),
        right = num(SHARE_WIDTH - MARGIN),
        rule = num(rule),
        top = num(chart_top),
        scale = num4(scale),
        chart = chart.trim_end(),
    )
}

/// The site's preview image, in SVG units: 1.91 : 1, what link previews show uncropped.
pub const SITE_IMAGE_WIDTH: u32 = 600;
pub const SITE_IMAGE_HEIGHT: u32 = 315;

/// The site's own preview image: its title and description on a band of the site's colour,
/// its address at the foot. Long texts are wrapped and, past their lines, cut.
pub fn site_svg(title: &str, description: &str, address: &str) -> String {
    let (w, h) = (f64::from(SITE_IMAGE_WIDTH), f64::from(SITE_IMAGE_HEIGHT));
    let mut bands = Bands {
        y: 48.0,
        texts: String::new(),
    };
    bands.lines(&wrap(title, 30.0, INNER, 3), 30.0, INK);
    bands.y += 10.0;
    bands.lines(&wrap(description, 16.0, INNER, 4), 16.0, MUTED);
    let mut foot = Bands {
        y: h - MARGIN - (ASCENT + DESCENT) * 13.0,
        texts: String::new(),
    };
    foot.lines(&wrap_address(address, 13.0, INNER, 1), 13.0, MARK);
    let RGBColor(r, g, b) = MARK;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"site-t\" font-family=\"sans-serif\">\n<title id=\"site-t\">{title}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n<rect width=\"{w}\" height=\"12\" fill=\"#{r:02x}{g:02x}{b:02x}\"/>\n{texts}{foot}</svg>\n",
        w = num(w),
        h = num(h),
        title = escape(title),
        texts = bands.texts,
        foot = foot.texts,
    )
}

/// The height a share SVG declares, in whole units (0 if it declares none).
pub fn height(share_svg: &str) -> u32 {
    chart_size(share_svg).1.ceil() as u32
}

/// The width and height a finished chart declares on its root (440 × 300 if it says nothing).
fn chart_size(chart: &str) -> (f64, f64) {
    let open = chart.get(..chart.find('>').unwrap_or(0)).unwrap_or("");
    let attr = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let start = open.find(&key)? + key.len();
        let end = open[start..].find('"')? + start;
        open[start..end].parse().ok().filter(|v: &f64| *v > 0.0)
    };
    (
        attr("width").unwrap_or(super::WIDTH),
        attr("height").unwrap_or(300.0),
    )
}

/// An address split after its slashes into lines no wider than `width` (it has no spaces to
/// break at); a part longer than a line is cut with an ellipsis.
fn wrap_address(address: &str, size: f64, width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in address.split_inclusive('/') {
        let candidate = format!("{current}{part}");
        if measure(&candidate, size) <= width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = part.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let truncated = lines.len() > max_lines;
    lines.truncate(max_lines.max(1));
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter_mut().enumerate() {
        if measure(line, size) > width || (i == last && truncated) {
            *line = ellipsize(line, size, width);
        }
    }
    lines
}

/// A coordinate with at most two decimals, without trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn num4(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
