//! A thin drawing surface over plotters, drawing into the charts' SVG backend ([`Svg`]):
//! rectangles, lines, dashed lines, circles and text with an anchor, plus text measurement
//! with the embedded font.

use super::svg::Svg;
use super::ChartError;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

/// DejaVu Sans, compiled in: it only measures text (see assets/fonts/LICENSE-DejaVu.txt).
/// plotters never sees it: its text elements only carry the family's name, size and anchor
/// to the backend ([`Svg`]), which writes them into the SVG without measuring anything.
pub(super) static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Width of `s` at CSS font size `size` (pixels per em): the sum of the glyphs' advance
/// widths and kerning, in em units. ab_glyph's `PxScale` is the ascent-to-descent height, not
/// the em, so plotters' own estimate runs about 15 % short of what a browser draws.
pub fn measure(s: &str, size: f64) -> f64 {
    let mut width = Measure::default();
    width.push(s);
    width.at(size)
}

/// The parsed font and, for the first [`CACHED`] code points (Latin, Vietnamese,
/// punctuation), each one's glyph and advance: charts measure every label they place.
struct Metrics {
    font: ab_glyph::FontRef<'static>,
    per_em: f64,
    glyphs: Vec<(ab_glyph::GlyphId, f32)>,
}

const CACHED: u32 = 0x2100;

fn metrics() -> Option<&'static Metrics> {
    use ab_glyph::{Font, FontRef, GlyphId};
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let font = FontRef::try_from_slice(FONT).ok()?;
            let glyphs = (0..CACHED)
                .map(|u| {
                    let id = char::from_u32(u).map_or(GlyphId(0), |c| font.glyph_id(c));
                    (id, font.h_advance_unscaled(id))
                })
                .collect();
            Some(Metrics {
                per_em: f64::from(font.units_per_em().unwrap_or(2048.0)),
                font,
                glyphs,
            })
        })
        .as_ref()
}

/// The width of a text measured piece by piece, as [`measure`] gives it for the whole: the
/// same sum in the same order, so a line grown a word at a time ([`wrap`]) is measured once
/// rather than again from its start for every word.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// Font units so far (or, without the font, characters).
    units: f64,
    previous: Option<ab_glyph::GlyphId>,
}

impl Measure {
    fn push(&mut self, s: &str) {
        use ab_glyph::Font;
        let Some(m) = metrics() else {
            self.units += s.chars().count() as f64;
            return;
        };
        KERNING.with(|kerning| {
            let mut kerning = kerning.borrow_mut();
            for c in s.chars() {
                let (id, advance) = match m.glyphs.get(c as usize) {
                    Some(&cached) => cached,
                    None => {
                        let id = m.font.glyph_id(c);
                        (id, m.font.h_advance_unscaled(id))
                    }
                };
                if let Some(p) = self.previous {
                    let kern = kerning.of(p, id, || m.font.kern_unscaled(p, id));
                    self.units += f64::from(kern);
                }
                self.units += f64::from(advance);
                self.previous = Some(id);
            }
        });
    }

    fn at(&self, size: f64) -> f64 {
        match metrics() {
            Some(m) => self.units / m.per_em * size,
            None => self.units * size * 0.62,
        }
    }
}

thread_local! {
    /// Each thread's kerning of the pairs of glyphs it measured last.
    static KERNING: std::cell::RefCell<Kerning> = std::cell::RefCell::new(Kerning::new());
}

/// The kerning of recently measured pairs of glyphs, one pair a slot (a newer pair takes the
/// slot of an older one). Looking a pair up in the font's kerning table was the largest
/// single cost of drawing the charts; labels repeat the same few hundred pairs.
struct Kerning {
    slots: Vec<(u32, f32)>,
}

impl Kerning {
    /// Slots: a power of two.
    const SLOTS: usize = 4096;
    /// A slot that holds no pair (the pair of glyph 65535 with itself is never kept).
    const EMPTY: u32 = u32::MAX;

    fn new() -> Kerning {
        Kerning {
            slots: vec![(Kerning::EMPTY, 0.0); Kerning::SLOTS],
        }
    }

    /// The kerning of `first` then `second`: kept, or found by `look_up` and kept.
    fn of(
        &mut self,
        first: ab_glyph::GlyphId,
        second: ab_glyph::GlyphId,
        look_up: impl FnOnce() -> f32,
    ) -> f32 {
        let key = (u32::from(first.0) << 16) | u32::from(second.0);
        // Fibonacci hashing: the top bits of the key times 2^32 / φ, as many as name a slot.
        let bits = Kerning::SLOTS.trailing_zeros();
        let at = (key.wrapping_mul(0x9E37_79B9) >> (u32::BITS - bits)) as usize;
        match self.slots.get_mut(at) {
            Some((kept, kern)) if *kept == key && key != Kerning::EMPTY => *kern,
            Some(slot) => {
                let kern = look_up();
                *slot = (key, kern);
                kern
            }
            None => look_up(),
        }
    }
}

/// Where a line of text puts ink, in em of its font size: above the baseline (the ascent),
/// below it (the descent), and the height of a lowercase x (what SVG's `ex` unit is).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerticalMetrics {
    pub ascent: f64,
    pub descent: f64,
    pub x_height: f64,
}

/// The embedded font's vertical metrics (its hhea ascent and descent, its x's height).
pub fn vertical_metrics() -> VerticalMetrics {
    use ab_glyph::{Font, FontRef};
    let fallback = VerticalMetrics {
        ascent: 0.93,
        descent: 0.24,
        x_height: 0.55,
    };
    let Ok(font) = FontRef::try_from_slice(FONT) else {
        return fallback;
    };
    let em = f64::from(font.units_per_em().unwrap_or(2048.0));
    let x_height = font
        .outline(font.glyph_id('x'))
        // ab_glyph puts the top of the outline (y grows upwards in the font) in `min`.
        .map_or(fallback.x_height * em, |o| f64::from(o.bounds.min.y));
    VerticalMetrics {
        ascent: f64::from(font.ascent_unscaled()) / em,
        descent: -f64::from(font.descent_unscaled()) / em,
        x_height: x_height / em,
    }
}

/// The backend writes `font-size` as the font's size / 1.24, as plotters-svg did: this gives
/// the size to ask for so that the text is `px` SVG pixels.
fn font_px(px: f64) -> f64 {
    px * 1.24
}

#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

pub struct Canvas<'a> {
    area: DrawingArea<Svg<'a>, Shift>,
    /// Elements the SVG backend cannot express (dashed strokes), written after it finishes.
    extra: std::cell::RefCell<Vec<String>>,
    /// The font of each text size drawn so far, by the size's bits: making one looks the
    /// family up in plotters' registry of fonts (a lock, a lowercased copy of the name and
    /// hash look-ups, which find nothing: no font is registered), and a chart draws dozens of
    /// texts in two or three sizes.
    fonts: std::cell::RefCell<Vec<(u64, FontDesc<'static>)>>,
}

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Backend(format!("{e:?}"))
}

impl<'a> Canvas<'a> {
    pub fn new(buf: &'a mut String, width: u32, height: u32) -> Canvas<'a> {
        Canvas {
            area: Svg::new(buf, (width, height)).into_drawing_area(),
            extra: std::cell::RefCell::new(Vec::new()),
            fonts: std::cell::RefCell::new(Vec::new()),
        }
    }

    pub fn rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        let (x0, x1) = (x0.round() as i32, x1.round() as i32);
        if x1 <= x0 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new(
                [(x0, y0.round() as i32), (x1, y1.round() as i32)],
                color.filled(),
            ))
            .map_err(err)
    }

    pub fn line(
        &self,
        points: &[(f64, f64)],
        color: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        self.area
            .draw(&PathElement::new(pts, color.stroke_width(width)))
            .map_err(err)
    }

    /// A dashed line. plotters' backend draws dashes as one path each (kilobytes for a long
    /// line), so this is one SVG element with `stroke-dasharray`, added after the rest.
    pub fn dashed(
        &self,
        points: &[(f64, f64)],
        color: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", x.round() as i32, y.round() as i32))
            .collect();
        // A width of 1 is SVG's default, left out as the backend leaves it out.
        let width = match width {
            1 => String::new(),
            w => format!(" stroke-width=\"{w}\""),
        };
        self.extra.borrow_mut().push(format!(
            "<polyline fill=\"none\" stroke=\"#{:02X}{:02X}{:02X}\"{width} stroke-dasharray=\"6 4\" points=\"{}\"/>",
            color.0,
            color.1,
            color.2,
            pts.join(" ")
        ));
        Ok(())
    }

    pub fn dot(&self, x: f64, y: f64, radius: i32, color: RGBColor) -> Result<(), ChartError> {
        self.area
            .draw(&Circle::new(
                (x.round() as i32, y.round() as i32),
                radius,
                color.filled(),
            ))
            .map_err(err)
    }

    /// A hollow circle: a white disc with a ring (a computed value, not a reported one).
    pub fn ring(&self, x: f64, y: f64, radius: i32, color: RGBColor) -> Result<(), ChartError> {
        let centre = (x.round() as i32, y.round() as i32);
        self.area
            .draw(&Circle::new(centre, radius, WHITE.filled()))
            .map_err(err)?;
        self.area
            .draw(&Circle::new(centre, radius, color.stroke_width(2)))
            .map_err(err)
    }

    fn style(&self, size: f64, color: RGBColor, anchor: Anchor) -> TextStyle<'static> {
        let h = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let px = font_px(size);
        let mut fonts = self.fonts.borrow_mut();
        let font = match fonts.iter().find(|(bits, _)| *bits == px.to_bits()) {
            Some((_, font)) => font.clone(),
            None => {
                let font = (super::svg::FAMILY, px).into_font();
                fonts.push((px.to_bits(), font.clone()));
                font
            }
        };
        TextStyle {
            font,
            color: color.to_backend_color(),
            pos: Pos::new(h, VPos::Center),
        }
    }

    /// Text whose vertical centre is at `y`.
    pub fn text(
        &self,
        s: &str,
        x: f64,
        y: f64,
        size: f64,
        color: RGBColor,
        anchor: Anchor,
    ) -> Result<(), ChartError> {
        if s.is_empty() {
            return Ok(());
        }
        self.area
            .draw(&Text::new(
                s,
                (x.round() as i32, y.round() as i32),
                self.style(size, color, anchor),
            ))
            .map_err(err)
    }

    pub fn present(self) -> Result<Vec<String>, ChartError> {
        self.area.present().map_err(err)?;
        Ok(self.extra.into_inner())
    }
}

/// Split `s` into lines no wider than `width`, breaking between words; a word longer than the
/// line is cut with an ellipsis. At most `max_lines` lines (the last ends with "…").
pub fn wrap(s: &str, size: f64, width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    // The width of `current`, kept as it grows (the same figure `measure` gives for it).
    let mut measured = Measure::default();
    for word in s.split_whitespace() {
        if current.is_empty() {
            current.push_str(word);
            measured.push(word);
            continue;
        }
        let mut candidate = measured;
        candidate.push(" ");
        candidate.push(word);
        if candidate.at(size) <= width {
            current.push(' ');
            current.push_str(word);
            measured = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current.push_str(word);
            measured = Measure::default();
            measured.push(word);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let truncated = lines.len() > max_lines;
    lines.truncate(max_lines.max(1));
    for (i, line) in lines.iter_mut().enumerate() {
        let last = i + 1 == max_lines.max(1);
        if measure(line, size) > width || (last && truncated) {
            *line = ellipsize(line, size, width);
        }
    }
    lines
}

pub(super) fn ellipsize(s: &str, size: f64, width: f64) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    while !chars.is_empty() {
        let candidate: String = chars.iter().collect::<String>() + "…";
        if measure(&candidate, size) <= width {
            return candidate;
        }
        chars.pop();
    }
    "…".to_string()
}

/// Put the extra elements into a finished chart's SVG, first after the opening tag, so that
/// reference lines lie behind the marks and their labels.
pub fn insert_extra(mut svg: String, extra: Vec<String>) -> String {
    if extra.is_empty() {
        return svg;
    }
    let at = svg.find(">\n").map_or(0, |i| i + 2);
    let mut block = String::new();
    for e in extra {
        block.push_str(&e);
        block.push('\n');
    }
    svg.insert_str(at, &block);
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as `wrap` made them before it kept the width of the line as it grew: each
    /// candidate line measured again from its start.
    fn wrapped_by_remeasuring(s: &str, size: f64, width: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in s.split_whitespace() {
            let candidate = match current.is_empty() {
                true => word.to_string(),
                false => format!("{current} {word}"),
            };
            if measure(&candidate, size) <= width || current.is_empty() {
                current = candidate;
            } else {
                lines.push(std::mem::take(&mut current));
                current = word.to_string();
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        for line in lines.iter_mut() {
            if measure(line, size) > width {
                *line = ellipsize(line, size, width);
            }
        }
        lines
    }

    /// The width with every pair's kerning looked up in the font, as before pairs were kept.
    fn measured_from_the_font(s: &str, size: f64) -> f64 {
        use ab_glyph::Font;
        let m = metrics().expect("the embedded font");
        let mut units = 0.0;
        let mut previous = None;
        for c in s.chars() {
            let id = m.font.glyph_id(c);
            if let Some(p) = previous {
                units += f64::from(m.font.kern_unscaled(p, id));
            }
            units += f64::from(m.font.h_advance_unscaled(id));
            previous = Some(id);
        }
        units / m.per_em * size
    }

    /// Every pair of these letters, twice (the second time from the kept pairs): the widths
    /// are the font's to the bit, and some pairs are kerned, so a wrong pair would show.
    #[test]
    fn kept_kerning_is_the_font_s() {
        use ab_glyph::Font;
        let letters: Vec<char> = "AVTWYLPFaoyerv.,ĐđƯưỷếộ -".chars().collect();
        let m = metrics().expect("the embedded font");
        let kerned = letters
            .iter()
            .flat_map(|a| letters.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| {
                m.font
                    .kern_unscaled(m.font.glyph_id(*a), m.font.glyph_id(*b))
                    != 0.0
            })
            .count();
        assert!(kerned > 10, "{kerned} kerned pairs");
        for _ in 0..2 {
            for a in &letters {
                let text: String = letters.iter().flat_map(|b| [*a, *b]).collect();
                assert_eq!(
                    measure(&text, 12.0).to_bits(),
                    measured_from_the_font(&text, 12.0).to_bits(),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn a_line_measured_word_by_word_breaks_where_measuring_it_whole_does() {
        let texts = [
            "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình",
            "Share of administrative procedures received and settled fully online, AVA WAVE To Ty",
            "Đồng Tháp  \t An Giang\nCần Thơ — Vĩnh Long (hợp nhất 2025)",
            "x",
            "",
        ];
        for text in texts {
            for (size, width) in [(12.0, 60.0), (12.0, 118.0), (10.5, 200.0), (14.0, 8.0)] {
                let lines = wrap(text, size, width, 100);
                assert_eq!(
                    lines,
                    wrapped_by_remeasuring(text, size, width),
                    "{text:?} at {width}"
                );
                let mut piecewise = Measure::default();
                piecewise.push(text.get(..5).unwrap_or(text));
                piecewise.push(text.get(5..).unwrap_or(""));
                assert_eq!(piecewise.at(size).to_bits(), measure(text, size).to_bits());
            }
        }
    }
}
