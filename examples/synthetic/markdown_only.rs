//! A site of Markdown pages and nothing else, written twice: as a minhbach site and as a Hugo
//! site with the same pages, so both tools can be timed on the same input.

use crate::text::{markdown_body, Rng};
use crate::Writer;

pub struct MarkdownOnly {
    pub pages: usize,
    pub words: usize,
    pub rows: usize,
    pub seed: u64,
}

impl MarkdownOnly {
    /// Writes the minhbach site to `w` and, if given, the Hugo site to `hugo`.
    pub fn write(&self, w: &mut Writer, mut hugo: Option<&mut Writer>) -> std::io::Result<()> {
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
        let mut rng = Rng::new(self.seed);
        for n in 1..=self.pages {
            let body = markdown_body(&mut rng, self.words, self.rows, "");
            let text = format!(
                "---\ntitle: \"Trang tổng hợp số {n}\"\nsummary: \"Trang tổng hợp để đo hiệu năng (không phải nội dung thật).\"\n---\n\n{body}"
            );
            let path = format!("content/page-{n:05}.md");
            w.file(&path, &text)?;
            if let Some(h) = hugo.as_deref_mut() {
                h.file(&path, &text)?;
            }
        }
        Ok(())
    }
}

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
