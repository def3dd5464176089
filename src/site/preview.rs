//! What a link to a page shows when it is shared (Open Graph and Twitter card): its title,
//! a description and a preview image, all with absolute addresses.
//!
//! The image is the PNG of the page's main chart (an indicator page: its comparison chart; a
//! province page: its progress against targets; the tasks page: its chart), else the site's
//! own image, drawn from the site's title and description: a report page shows the site image
//! too, since the province's charts show later periods than the report.

use super::urls::Urls;
use crate::charts::{raster, share};
use crate::model::{Lang, Site};
use serde::Serialize;

/// A page's link preview.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// `website`, or `article` for a report.
    pub kind: &'static str,
    /// `vi_VN`, `en_US`.
    pub locale: &'static str,
    /// The locales of the page's other languages.
    pub alternate_locales: Vec<&'static str>,
    pub description: String,
    /// The image's absolute address, its size in pixels and its text alternative.
    pub image: String,
    pub image_width: u32,
    pub image_height: u32,
    pub image_alt: String,
}

/// The preview image of a chart that has a PNG.
#[derive(Debug, Clone)]
pub struct PreviewImage {
    /// The PNG's site-relative path.
    pub file: String,
    pub height: u32,
    pub alt: String,
}

/// The site's own preview image in one language: an SVG drawn from its title and
/// description, rendered to PNG by the build.
#[derive(Debug, Clone)]
pub struct SiteImage {
    pub lang: Lang,
    pub svg: String,
    pub alt: String,
}

impl SiteImage {
    pub fn new(site: &Site, lang: Lang, urls: &Urls) -> SiteImage {
        let title = site.config.title.get(lang);
        let description = site.config.description.as_ref().map_or("", |d| d.get(lang));
        let home = urls.absolute(&super::urls::home(lang));
        SiteImage {
            lang,
            svg: share::site_svg(title, description, &home),
            alt: title.to_string(),
        }
    }

    /// `share/site.<lang>.png` (and `.svg`).
    pub fn png_file(&self) -> String {
        format!("share/site.{}.png", self.lang.code())
    }

    pub fn svg_file(&self) -> String {
        format!("share/site.{}.svg", self.lang.code())
    }

    fn image(&self) -> PreviewImage {
        PreviewImage {
            file: self.png_file(),
            height: share::SITE_IMAGE_HEIGHT * raster::PNG_WIDTH / share::SITE_IMAGE_WIDTH,
            alt: self.alt.clone(),
        }
    }
}

/// `vi_VN`, `en_US`: the Open Graph locale of a language.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi_VN",
        Lang::En => "en_US",
    }
}

/// The preview of a page in `lang`: its chart's PNG when it has one, else the site image.
pub fn preview(
    site: &Site,
    lang: Lang,
    urls: &Urls,
    site_image: Option<&SiteImage>,
    chart: Option<PreviewImage>,
    summary: Option<&str>,
    article: bool,
) -> Option<Preview> {
    let image = chart.or_else(|| site_image.map(SiteImage::image))?;
    let description = summary
        .map(str::to_string)
        .or_else(|| {
            site.config
                .description
                .as_ref()
                .map(|d| d.get(lang).to_string())
        })
        .unwrap_or_else(|| site.config.title.get(lang).to_string());
    Some(Preview {
        kind: if article { "article" } else { "website" },
        locale: locale(lang),
        alternate_locales: site
            .config
            .languages
            .iter()
            .filter(|l| **l != lang)
            .map(|l| locale(*l))
            .collect(),
        description,
        image: urls.absolute(&image.file),
        image_width: raster::PNG_WIDTH,
        image_height: image.height,
        image_alt: image.alt,
    })
}
