//! Share SVG → PNG, rendered at build time with resvg for the apps that show no SVG (chat
//! apps, social previews).
//!
//! Only the embedded DejaVu Sans is known to the renderer (no system font is ever looked up),
//! so a chart gives the same bytes on every machine. The only module that uses resvg.

use super::canvas::FONT;
use super::ChartError;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Every PNG is this many pixels wide: sharp as a large link preview (1200 × 630 is what the
/// big social sites ask for), whatever the SVG's own width.
pub const PNG_WIDTH: u32 = 1200;

/// The font database with the embedded font alone, every generic family mapped to it.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.set_sans_serif_family("DejaVu Sans");
            db.set_serif_family("DejaVu Sans");
            db.set_monospace_family("DejaVu Sans");
            db.set_cursive_family("DejaVu Sans");
            db.set_fantasy_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// Parse `svg` as the renderer sees it, with the embedded font only.
pub fn parse(svg: &str) -> Result<usvg::Tree, ChartError> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        languages: vec!["vi".into(), "en".into()],
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Raster(e.to_string()))
}

/// `svg` as a PNG [`PNG_WIDTH`] pixels wide on a white background, and its height.
pub fn png(svg: &str) -> Result<(Vec<u8>, u32), ChartError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let scale = PNG_WIDTH as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(PNG_WIDTH, height)
        .ok_or_else(|| ChartError::Raster(format!("no image of {PNG_WIDTH} × {height} px")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = encode(&pixmap).map_err(|e| ChartError::Raster(e.to_string()))?;
    Ok((bytes, height))
}

/// The pixels as an 8-bit RGB PNG: the background is opaque, so the alpha channel says
/// nothing, and premultiplied colours are the colours. png's `Fast` level (fdeflate) costs a
/// fraction of the default one for files a little larger.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
