//! A site of Markdown pages and nothing else, written as a minhbach site and, if asked, as a
//! Hugo site and a Zola site with the same pages (the same body text; each tool's front matter),
//! so the tools can be timed on the same input.

use crate::text::{markdown_body, Rng};
use crate::Writer;

pub struct MarkdownOnly {
    pub pages: usize,
    pub words: usize,
    pub rows: usize,
    pub seed: u64,
}

impl MarkdownOnly {
    /// Writes the minhbach site to `w` and, if given, the Hugo site to `hugo` and the Zola site
    /// to `zola`.
    pub fn write(
        &self,
        w: &mut Writer,
        mut hugo: Option<&mut Writer>,
        mut zola: Option<&mut Writer>,
    ) -> std::io::Result<()> {
        w.file(
            "site.yaml",
            "# SYNTHETIC benchmark site: Markdown pages only, not real content.\n\
             title: { vi: \"Trang TỔNG HỢP\", en: \"SYNTHETIC pages\" }\n\
             base_url: \"https://example.org/\"\nlanguages: [vi]\ntheme: default\noutput_dir: public\n\
             publisher: { name: { vi: \"Trang TỔNG HỢP\", en: \"SYNTHETIC pages\" } }\n\
             corrections: { note: \"Nội dung tổng hợp.\" }\n\
             licence: { name: \"CC0 1.0\" }\n",
        )?;
        w.file("data/indicators.yaml", "groups: []\nindicators: []\n")?;
        w.file("data/dimensions.yaml", "dimensions: []\n")?;
        if let Some(h) = hugo.as_deref_mut() {
            h.file("hugo.toml", HUGO_CONFIG)?;
            h.file("layouts/baseof.html", HUGO_BASEOF)?;
            h.file("layouts/page.html", HUGO_PAGE)?;
            h.file("layouts/home.html", HUGO_HOME)?;
            h.file("layouts/list.html", HUGO_HOME)?;
        }
        if let Some(z) = zola.as_deref_mut() {
            z.file("config.toml", ZOLA_CONFIG)?;
            z.file("templates/base.html", ZOLA_BASE)?;
            z.file("templates/page.html", ZOLA_PAGE)?;
            z.file("templates/index.html", ZOLA_HOME)?;
            z.file("templates/section.html", ZOLA_HOME)?;
            z.file("content/_index.md", ZOLA_HOME_PAGE)?;
        }
        let mut rng = Rng::new(self.seed);
        for n in 1..=self.pages {
            let body = markdown_body(&mut rng, self.words, self.rows, "");
            let text = format!(
                "---\ntitle: \"{PAGE_TITLE} {n}\"\nsummary: \"{PAGE_SUMMARY}\"\n---\n\n{body}"
            );
            let path = format!("content/page-{n:05}.md");
            w.file(&path, &text)?;
            if let Some(h) = hugo.as_deref_mut() {
                h.file(&path, &text)?;
            }
            if let Some(z) = zola.as_deref_mut() {
                // Zola reads TOML front matter; the summary is its `description`.
                let text = format!(
                    "+++\ntitle = \"{PAGE_TITLE} {n}\"\ndescription = \"{PAGE_SUMMARY}\"\n+++\n\n{body}"
                );
                z.file(&path, &text)?;
            }
        }
        Ok(())
    }
}

/// The title of page n is this, then n.
const PAGE_TITLE: &str = "Trang tổng hợp số";
/// Every page's summary (Zola: description).
const PAGE_SUMMARY: &str = "Trang tổng hợp để đo hiệu năng (không phải nội dung thật).";

const HUGO_CONFIG: &str = "# SYNTHETIC benchmark site for comparison with minhbach.\n\
baseURL = \"https://example.org/\"\nlanguageCode = \"vi\"\ntitle = \"Trang TỔNG HỢP\"\n\
disableKinds = [\"taxonomy\", \"term\"]\n[markup.goldmark.renderer]\nunsafe = false\n";

const HUGO_BASEOF: &str = "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{{ .Title }} · {{ .Site.Title }}</title>\n<link rel=\"canonical\" href=\"{{ .Permalink }}\">\n\
<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header><a href=\"/\">{{ .Site.Title }}</a>\n\
<nav><ul><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/provinces/\">Tỉnh</a></li><li><a href=\"/indicators/\">Chỉ tiêu</a></li>\
<li><a href=\"/reports/\">Báo cáo</a></li></ul></nav></header>\n<main>{{ block \"main\" . }}{{ end }}</main>\n\
<footer><p>Trang tổng hợp.</p></footer>\n</body>\n</html>\n";

const HUGO_PAGE: &str =
    "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\n<p>{{ .Summary }}</p>\n\
<nav class=\"toc\">{{ .TableOfContents }}</nav>\n{{ .Content }}</article>{{ end }}\n";

const HUGO_HOME: &str = "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1>{{ end }}\n";

/// SYNTHETIC benchmark site for comparison with minhbach: no feeds, taxonomies, Sass or search
/// index, and no `[markdown.highlighting]` section (so code is not highlighted). The sitemap
/// and robots.txt are Zola's defaults, as Hugo makes its own.
const ZOLA_CONFIG: &str = "# SYNTHETIC benchmark site for comparison with minhbach.\n\
base_url = \"https://example.org/\"\ntitle = \"Trang TỔNG HỢP\"\ndefault_language = \"vi\"\n\
compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\ntaxonomies = []\n\
# No [markdown.highlighting] section: syntax highlighting is off.\n[markdown]\n";

/// The Hugo baseof in Tera: the same markup, `current_url` for the permalink.
const ZOLA_BASE: &str = "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{% block title %}{{ config.title }}{% endblock %} · {{ config.title }}</title>\n\
<link rel=\"canonical\" href=\"{{ current_url | safe }}\">\n\
<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header><a href=\"/\">{{ config.title }}</a>\n\
<nav><ul><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/provinces/\">Tỉnh</a></li><li><a href=\"/indicators/\">Chỉ tiêu</a></li>\
<li><a href=\"/reports/\">Báo cáo</a></li></ul></nav></header>\n<main>{% block main %}{% endblock %}</main>\n\
<footer><p>Trang tổng hợp.</p></footer>\n</body>\n</html>\n";

/// The Hugo page layout in Tera; the table of contents is written out as Hugo's is (a list of
/// the page's headings, nested by level).
const ZOLA_PAGE: &str = "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}\
{% block main %}<article><h1>{{ page.title }}</h1>\n<p>{{ page.description }}</p>\n\
<nav class=\"toc\"><ul>{% for h in page.toc %}<li><a href=\"#{{ h.id }}\">{{ h.title }}</a>\
{% if h.children %}<ul>{% for c in h.children %}<li><a href=\"#{{ c.id }}\">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}\
</li>{% endfor %}</ul></nav>\n{{ page.content | safe }}</article>{% endblock %}\n";

const ZOLA_HOME: &str =
    "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1>{% endblock %}\n";

/// The home page's section (Zola makes one without it; written so the site is explicit).
const ZOLA_HOME_PAGE: &str = "+++\ntitle = \"Trang TỔNG HỢP\"\n+++\n";
