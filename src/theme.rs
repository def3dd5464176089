//! The theme: Tera templates, static files (CSS) and interface strings in each language.
//!
//! The default theme is compiled into the binary (from `themes/default/`), so `minhbach`
//! works from any folder and a site needs no copy of it (`init` writes none: a fix to the
//! theme reaches every site at its next build). A site overrides any file by placing
//! one with the same name in its own `themes/<theme>/` folder; interface strings are
//! overridden key by key. Both languages must define the same keys.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, IoFailure};
use crate::model::Lang;
use std::collections::BTreeMap;
use std::path::Path;

/// How diagnostics name a file of the built-in theme (compiled into minhbach).
pub const BUILT_IN: &str = "(built-in theme)";

/// The default theme, file by file: (path inside the theme folder, contents).
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "templates/provinces.html",
        include_str!("../themes/default/templates/provinces.html"),
    ),
    (
        "templates/province.html",
        include_str!("../themes/default/templates/province.html"),
    ),
    (
        "templates/indicators.html",
        include_str!("../themes/default/templates/indicators.html"),
    ),
    (
        "templates/indicator.html",
        include_str!("../themes/default/templates/indicator.html"),
    ),
    (
        "templates/reports.html",
        include_str!("../themes/default/templates/reports.html"),
    ),
    (
        "templates/report.html",
        include_str!("../themes/default/templates/report.html"),
    ),
    (
        "templates/tasks.html",
        include_str!("../themes/default/templates/tasks.html"),
    ),
    (
        "templates/services.html",
        include_str!("../themes/default/templates/services.html"),
    ),
    (
        "templates/page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "templates/data.html",
        include_str!("../themes/default/templates/data.html"),
    ),
    (
        "templates/completeness.html",
        include_str!("../themes/default/templates/completeness.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/embed.html",
        include_str!("../themes/default/templates/embed.html"),
    ),
    (
        "templates/partials/figure.html",
        include_str!("../themes/default/templates/partials/figure.html"),
    ),
    (
        "templates/partials/before_merger.html",
        include_str!("../themes/default/templates/partials/before_merger.html"),
    ),
    (
        "templates/partials/formed_from.html",
        include_str!("../themes/default/templates/partials/formed_from.html"),
    ),
    (
        "templates/partials/observations.html",
        include_str!("../themes/default/templates/partials/observations.html"),
    ),
    (
        "templates/partials/tasks.html",
        include_str!("../themes/default/templates/partials/tasks.html"),
    ),
    (
        "templates/partials/contents.html",
        include_str!("../themes/default/templates/partials/contents.html"),
    ),
    (
        "templates/partials/reveal.html",
        include_str!("../themes/default/templates/partials/reveal.html"),
    ),
    (
        "templates/partials/as_written.html",
        include_str!("../themes/default/templates/partials/as_written.html"),
    ),
    (
        "templates/partials/completeness.html",
        include_str!("../themes/default/templates/partials/completeness.html"),
    ),
    (
        "templates/partials/chart.html",
        include_str!("../themes/default/templates/partials/chart.html"),
    ),
    (
        "templates/partials/colophon.html",
        include_str!("../themes/default/templates/partials/colophon.html"),
    ),
    (
        "templates/partials/downloads.html",
        include_str!("../themes/default/templates/partials/downloads.html"),
    ),
    (
        "templates/partials/file_links.html",
        include_str!("../themes/default/templates/partials/file_links.html"),
    ),
    (
        "templates/partials/share_meta.html",
        include_str!("../themes/default/templates/partials/share_meta.html"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "static/embed.css",
        include_str!("../themes/default/static/embed.css"),
    ),
    (
        "static/search.js",
        include_str!("../themes/default/static/search.js"),
    ),
    (
        "i18n/vi.yaml",
        include_str!("../themes/default/i18n/vi.yaml"),
    ),
    (
        "i18n/en.yaml",
        include_str!("../themes/default/i18n/en.yaml"),
    ),
];

/// The built-in source of the template `name` (`report.html`, `partials/figure.html`).
pub fn built_in(name: &str) -> Option<&'static str> {
    let path = ["templates/", name].concat();
    DEFAULT_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, source)| *source)
}

/// Interface strings of one language.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`; the key itself when missing (the theme check reports it).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// `key` with `{name}` placeholders filled, in one pass (a value is not searched for
    /// placeholders in turn).
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let template = self.get(key);
        let extra: usize = args.iter().map(|(_, v)| v.len()).sum();
        let mut out = String::with_capacity(template.len() + extra);
        let mut rest = template;
        // Braces are ASCII, so a byte search finds them at character boundaries (a `char`
        // search per placeholder was a third of this function's cost).
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = memchr::memchr(b'}', after.as_bytes()).and_then(|close| {
                let (name, tail) = (&after[..close], &after[close + 1..]);
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((value, tail))
            });
            match filled {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`province.html`, `partials/figure.html`) → source, and where it came from.
    pub templates: BTreeMap<String, (String, String)>,
    /// Path inside the output → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    pub strings: BTreeMap<Lang, Strings>,
}

impl Theme {
    pub fn strings(&self, lang: Lang) -> &Strings {
        static EMPTY: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        self.strings
            .get(&lang)
            .unwrap_or_else(|| EMPTY.get_or_init(Strings::default))
    }
}

/// Load the default theme with the site's overrides from `root/themes/<name>/`.
pub fn load_theme(root: &Path, name: &str, diags: &mut Diagnostics) -> Result<Theme, IoFailure> {
    let mut files: BTreeMap<String, (String, Vec<u8>)> = DEFAULT_FILES
        .iter()
        .map(|(p, c)| {
            (
                p.to_string(),
                (format!("{BUILT_IN} {p}"), c.as_bytes().to_vec()),
            )
        })
        .collect();
    let dir = root.join("themes").join(name);
    let linked_out = dir.exists() && !load::inside(root, &dir);
    if linked_out {
        diags.push(
            Diagnostic::error("outside-site", format!("themes/{name}"), format!("`themes/{name}` is a symbolic link to a place outside the site"))
                .help("copy the theme into the site instead: minhbach reads nothing outside the site's folder")
                .vi(format!("`themes/{name}` là một liên kết tắt (symbolic link) trỏ ra ngoài thư mục của trang web"))
                .vi_help("hãy chép giao diện vào trong trang web: minhbach không đọc gì nằm ngoài thư mục của trang web"),
        );
    }
    if dir.is_dir() && !linked_out {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| load::walk_failure(e, &dir))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            let bytes = std::fs::read(entry.path()).map_err(|error| IoFailure {
                path: entry.path().to_path_buf(),
                error,
            })?;
            // Interface strings are merged key by key, after the built-in ones: keep both.
            let key = if rel.starts_with("i18n/") {
                format!("{rel}#site")
            } else {
                rel.clone()
            };
            files.insert(key, (format!("themes/{name}/{rel}"), bytes));
        }
    } else if name != "default" {
        diags.push(
            Diagnostic::error(
                "missing-theme",
                "site.yaml",
                format!("theme `{name}` has no folder themes/{name}/"),
            )
            .help("create the folder, or use `theme: default`")
            .vi(format!(
                "giao diện `{name}` không có thư mục themes/{name}/"
            ))
            .vi_help("hãy tạo thư mục này, hoặc dùng giao diện có sẵn: `theme: default`"),
        );
    }

    let mut theme = Theme::default();
    let mut raw_strings: BTreeMap<Lang, (String, BTreeMap<String, String>)> = BTreeMap::new();
    for (rel, (origin, bytes)) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    theme.templates.insert(name.to_string(), (origin, text));
                }
                Err(_) => diags.push(
                    Diagnostic::error(
                        "invalid-utf8",
                        origin,
                        "the template is not valid UTF-8 text",
                    )
                    .help("save the file as UTF-8 (Unicode) in your editor")
                    .vi("mẫu giao diện không phải là văn bản UTF-8")
                    .vi_help(
                        "hãy mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8 (Unicode)",
                    ),
                ),
            }
        } else if let Some(static_rel) = rel.strip_prefix("static/") {
            theme.static_files.insert(static_rel.to_string(), bytes);
        } else if let Some(lang_file) = rel.strip_prefix("i18n/") {
            let lang_file = lang_file.trim_end_matches("#site");
            let Some(lang) = lang_file.strip_suffix(".yaml").and_then(Lang::parse) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                diags.push(
                    Diagnostic::error(
                        "invalid-utf8",
                        origin.clone(),
                        "the file is not valid UTF-8 text",
                    )
                    .help("save the file as UTF-8 (Unicode) in your editor")
                    .vi("tệp không phải là văn bản UTF-8")
                    .vi_help(
                        "hãy mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8 (Unicode)",
                    ),
                );
                continue;
            };
            if let Some(map) = load::string_table(&origin, &text, diags) {
                // Built-in strings first, then the site's, key by key.
                raw_strings
                    .entry(lang)
                    .or_insert_with(|| (origin.clone(), BTreeMap::new()))
                    .1
                    .extend(map);
            }
        }
    }
    check_string_keys(&raw_strings, diags);
    theme.strings = raw_strings
        .into_iter()
        .map(|(l, (_, m))| (l, Strings(m)))
        .collect();
    Ok(theme)
}

/// Every interface string must exist in both languages.
fn check_string_keys(
    tables: &BTreeMap<Lang, (String, BTreeMap<String, String>)>,
    diags: &mut Diagnostics,
) {
    for (lang, (origin, map)) in tables {
        for (other, (_, other_map)) in tables {
            if other == lang {
                continue;
            }
            for key in other_map.keys().filter(|k| !map.contains_key(*k)) {
                diags.push(
                    Diagnostic::error(
                        "missing-translation",
                        origin.clone(),
                        format!(
                            "interface string `{key}` has no `{}` translation",
                            lang.code()
                        ),
                    )
                    .help(format!("add `{key}: \"…\"` to i18n/{}.yaml", lang.code()))
                    .vi(format!(
                        "chuỗi giao diện `{key}` chưa có bản {}",
                        match lang {
                            Lang::Vi => "tiếng Việt (`vi`)",
                            Lang::En => "tiếng Anh (`en`)",
                        }
                    ))
                    .vi_help(format!(
                        "hãy thêm `{key}: \"…\"` vào i18n/{}.yaml",
                        lang.code()
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DEFAULT_FILES;

    #[test]
    fn placeholders_are_filled_once_each_and_the_rest_is_kept() {
        let t = super::Strings(
            [
                ("by".to_string(), "{target} đến {date}".to_string()),
                ("odd".to_string(), "{x} {unknown} {date} { open".to_string()),
            ]
            .into_iter()
            .collect(),
        );
        let args = [("target", "≥ 80 %"), ("date", "31/12/2025")];
        assert_eq!(t.fill("by", &args), "≥ 80 % đến 31/12/2025");
        assert_eq!(
            t.fill("odd", &[("x", "{date}"), ("date", "d")]),
            "{date} {unknown} d { open"
        );
        assert_eq!(t.fill("missing {date}", &args), "missing 31/12/2025");
    }

    /// The built-in theme must be the whole of `themes/default/`: a file added there but not
    /// compiled in would work for this repository's site and fail for every other.
    #[test]
    fn every_file_of_the_default_theme_is_compiled_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or_else(|e| panic!("{e}"))
                .to_string_lossy()
                .replace('\\', "/");
            let embedded = DEFAULT_FILES
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(_, c)| *c);
            let on_disk = std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                embedded,
                Some(on_disk.as_str()),
                "themes/default/{rel} is not in DEFAULT_FILES"
            );
        }
    }
}
