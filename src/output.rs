//! Step 6: the rendered site → disk, only if every internal link resolves, in one step.
//!
//! Input: each rendered file as it comes. Output: the folder. Files are written to a
//! staging folder beside the target ([`Staging`], in `staging.rs`); every `href` and `src`
//! under the base path is checked against the files and `id`s the build produced (here), and
//! only when every link resolves does the staging folder take the output's place, in one
//! rename. A broken link, or any other error, removes the staging folder and leaves the
//! previous site untouched. A non-empty folder that minhbach did not create, a file or a
//! symbolic link is never replaced.

use crate::diagnostics::Diagnostic;
use crate::FastSet;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

mod staging;
pub use staging::{Staging, WriteError};

/// The name of the marker file that says a folder was written by minhbach.
pub const MARKER: &str = ".minhbach-output";

/// The bytes of one output file, shared: `serve` keeps unchanged files from one build to the
/// next without copying them.
pub type Bytes = std::sync::Arc<[u8]>;

/// Every file of the site: path relative to the output folder → bytes.
pub type Files = BTreeMap<String, Bytes>;

/// The `id`s of each HTML page: the anchors a link may point at.
pub type Anchors = HashMap<String, FastSet<String>>;

/// What the link check needs of one HTML page, taken as soon as it is rendered so that the
/// page itself need not be kept. Shared, not copied, by a rebuild that takes the page from the
/// build before (`serve` takes some 7,000 pages of a national site at each rebuild).
#[derive(Debug, Default, Clone)]
pub struct PageLinks {
    /// The page's `id`s.
    pub ids: Arc<FastSet<String>>,
    /// The page's links in order of appearance (`href`s, then `src`s), each once, except those
    /// already known to resolve (a page or static file of this build, without a fragment).
    pub pending: Arc<[String]>,
}

impl PageLinks {
    /// The links and ids of the page `path`; `known` says whether a file is certainly part of
    /// the build (links to it need no second look unless they name an anchor).
    ///
    /// The page is taken as bytes (as the template engine wrote it): only the values of
    /// `id`, `href` and `src` are read as text.
    ///
    /// `linked` says whether a link is, as written, the URL of a page of the build (see
    /// [`leads_to`]): most links of a large site are, and need no resolving at all.
    pub fn of<'a>(
        html: &'a [u8],
        path: &str,
        base_path: &str,
        known: &dyn Fn(&str) -> bool,
        linked: &dyn Fn(&str) -> bool,
    ) -> PageLinks {
        let text = |v: &&'a [u8]| std::str::from_utf8(v).ok();
        let values = Values::of(html);
        // Sized once for every id found (a filtered iterator promises none, so collecting
        // grew the set by doubling, hashing every id again at each step).
        let mut ids: FastSet<String> =
            FastSet::with_capacity_and_hasher(values.ids.len(), Default::default());
        ids.extend(values.ids.iter().filter_map(text).map(str::to_string));
        let hrefs = values.hrefs.iter().filter_map(text);
        let srcs = values.srcs.iter().filter_map(text);
        let mut seen = FastSet::default();
        // Most links lead to a page as written: set aside before the rest are made unique.
        let pending = hrefs
            .chain(srcs)
            .filter(|link| !linked(link))
            .filter(|link| seen.insert(*link))
            .filter(|link| match target(link, path, base_path) {
                Target::Internal(file, None) => !known(&file),
                Target::Internal(file, Some(f)) if file == path => !ids.contains(&f),
                Target::External => false,
                _ => true,
            })
            .map(str::to_string)
            .collect();
        PageLinks {
            ids: Arc::new(ids),
            pending,
        }
    }
}

/// Check every internal link of the HTML files. Returns one diagnostic per broken link.
pub fn check_links(files: &Files, base_path: &str) -> Vec<Diagnostic> {
    let mut anchors = Anchors::new();
    let mut pages = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let links = PageLinks::of(bytes, path, base_path, &|_| false, &|_| false);
        anchors.insert(path.clone(), Arc::unwrap_or_clone(links.ids));
        pages.push((path.as_str(), links.pending));
    }
    let has_id = |file: &str, id: &str| anchors.get(file).is_some_and(|ids| ids.contains(id));
    let pending: Vec<(&str, &[String])> = pages.iter().map(|(p, l)| (*p, &l[..])).collect();
    check_pending(&pending, &|f| files.contains_key(f), &has_id, base_path)
}

/// Check the links still pending on each page, in page order. The diagnostic names the page
/// of the output that holds the link; the link itself usually comes from a Markdown file or
/// a template.
pub fn check_pending(
    pages: &[(&str, &[String])],
    exists: &(dyn Fn(&str) -> bool + Sync),
    has_id: &(dyn Fn(&str, &str) -> bool + Sync),
    base_path: &str,
) -> Vec<Diagnostic> {
    let per_page: Vec<Vec<Diagnostic>> = pages.par_iter().map(|(path, links)| {
        links.iter().filter_map(|link| {
            let (problem, problem_vi) = resolve(link, path, base_path, exists, has_id)?;
            Some(Diagnostic::error("broken-link", path.to_string(), format!("link `{link}` {problem}"))
                .help("a template or a Markdown link points at a page that is not built; correct the link")
                .vi(format!("liên kết `{link}` {problem_vi}"))
                .vi_help("một mẫu giao diện hoặc một liên kết trong tệp Markdown trỏ tới trang không được tạo ra; hãy sửa lại liên kết"))
        }).collect()
    }).collect();
    per_page.into_iter().flatten().collect()
}

/// Where a link leads.
enum Target {
    /// Off the site (another host, `mailto:`).
    External,
    /// A file of the output, and a fragment.
    Internal(String, Option<String>),
    /// A path under `/` outside the base path.
    OutsideBase,
    /// A relative path.
    Relative,
}

/// Whether `link`, found on any page, leads to `file` without an anchor.
pub fn leads_to(link: &str, base_path: &str, file: &str) -> bool {
    matches!(target(link, "", base_path), Target::Internal(f, None) if f == file)
}

/// The output file an internal link on page `from` leads to (`from` itself for `#…` alone);
/// `None` for a link off the site, or one that cannot lead to a file of the site.
pub fn file_linked(link: &str, from: &str, base_path: &str) -> Option<String> {
    match target(link, from, base_path) {
        Target::Internal(file, _) => Some(file),
        _ => None,
    }
}

fn target(link: &str, from: &str, base_path: &str) -> Target {
    let link = decode_entities(link);
    if link.starts_with("http://")
        || link.starts_with("https://")
        || link.starts_with("mailto:")
        || link.starts_with("//")
    {
        return Target::External;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((t, f)) => (t, Some(f.to_string()).filter(|f| !f.is_empty())),
        None => (link.as_ref(), None),
    };
    if path.is_empty() {
        return Target::Internal(from.to_string(), fragment);
    }
    match path.strip_prefix(base_path) {
        Some(rest) => {
            let rest = rest.split('?').next().unwrap_or("");
            let file = if rest.is_empty() || rest.ends_with('/') {
                [rest, "index.html"].concat()
            } else {
                rest.to_string()
            };
            Target::Internal(file, fragment)
        }
        None if path.starts_with('/') => Target::OutsideBase,
        None => Target::Relative,
    }
}

/// Why `link` is broken, in English and in Vietnamese; `None` when it resolves.
fn resolve(
    link: &str,
    from: &str,
    base_path: &str,
    exists: &dyn Fn(&str) -> bool,
    has_id: &dyn Fn(&str, &str) -> bool,
) -> Option<(String, String)> {
    let (file, fragment) =
        match target(link, from, base_path) {
            Target::External => return None,
            Target::Internal(file, fragment) => (file, fragment),
            Target::OutsideBase => {
                return Some((
                    format!("is outside the base path `{base_path}`"),
                    format!("nằm ngoài đường dẫn gốc `{base_path}` của trang web"),
                ))
            }
            Target::Relative => return Some((
                "is relative; links must start with the base path".to_string(),
                "là đường dẫn tương đối; liên kết phải bắt đầu bằng đường dẫn gốc của trang web"
                    .to_string(),
            )),
        };
    if !exists(&file) {
        return Some((
            format!("points at `{file}`, which the build does not produce"),
            format!("trỏ tới `{file}`, nhưng không có trang nào như vậy được tạo ra"),
        ));
    }
    if let Some(f) = fragment {
        if !has_id(&file, &f) {
            return Some((
                format!("points at `#{f}`, which `{file}` does not have"),
                format!("trỏ tới mục `#{f}`, nhưng trang `{file}` không có mục này"),
            ));
        }
    }
    None
}

/// The value of every `id`, `href` and `src` attribute of an HTML document (our own output:
/// always quoted, the name after a space or line break), each name's in order.
#[derive(Default)]
struct Values<'a> {
    ids: Vec<&'a [u8]>,
    hrefs: Vec<&'a [u8]>,
    srcs: Vec<&'a [u8]>,
}

impl<'a> Values<'a> {
    /// One SIMD search for `=` (a Markdown page has about a hundred), kept where `"` follows
    /// and one of the names and a space precede: three searches for `id="`, `href="` and
    /// `src="` took a thousand instructions for each value found (callgrind, 10,000 pages).
    fn of(html: &'a [u8]) -> Values<'a> {
        // Sized for a national site's pages (about one id and one link in every 600 bytes
        // of a report page): growing the lists one doubling at a time was 1.5 % of a build.
        let mut out = Values {
            ids: Vec::with_capacity(html.len() / 512),
            hrefs: Vec::with_capacity(html.len() / 512),
            srcs: Vec::new(),
        };
        for eq in memchr::memchr_iter(b'=', html) {
            if html.get(eq + 1) != Some(&b'"') {
                continue;
            }
            let before = &html[..eq];
            let named = |name: &[u8]| {
                before.ends_with(name)
                    && eq > name.len()
                    && html[eq - name.len() - 1].is_ascii_whitespace()
            };
            let list = if named(b"id") {
                &mut out.ids
            } else if named(b"href") {
                &mut out.hrefs
            } else if named(b"src") {
                &mut out.srcs
            } else {
                continue;
            };
            let from = eq + 2;
            // Without a closing quote, no later `="` exists either.
            let Some(len) = memchr::memchr(b'"', &html[from..]) else {
                break;
            };
            list.push(&html[from..from + len]);
        }
        out
    }
}

fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.replace("&amp;", "&")
            .replace("&#x2F;", "/")
            .replace("&#47;", "/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), Bytes::from(c.as_bytes())))
            .collect()
    }

    #[test]
    fn values_are_read_after_a_space_and_each_name_in_order() {
        let html = b"id=\"0\"<p id=\"a\">x</p>\n<a\nhref=\"/b/\" data-id=\"no\" xsrc=\"no\" \
            title=\"t\"><img src=\"c.png\"></a> id=\"d\"\thref=\"/f/\" href=\"/e/";
        let values = Values::of(html);
        let text = |v: &[&[u8]]| -> Vec<String> {
            v.iter()
                .map(|v| String::from_utf8_lossy(v).into())
                .collect()
        };
        assert_eq!(text(&values.ids), ["a", "d"]);
        // The last `href` has no closing quote: it and anything after it are not values.
        assert_eq!(text(&values.hrefs), ["/b/", "/f/"]);
        assert_eq!(text(&values.srcs), ["c.png"]);
    }

    /// The one pass finds what a search for each name finds (the reading of earlier versions,
    /// kept here as the reference).
    #[test]
    fn reads_the_attributes_a_search_per_name_finds() {
        fn searched<'a>(html: &'a [u8], name: &[u8]) -> Vec<&'a [u8]> {
            let needle = [name, b"=\""].concat();
            let mut out = Vec::new();
            let mut from = 0;
            while let Some(found) = memchr::memmem::find(&html[from..], &needle) {
                let at = from + found;
                from = at + needle.len();
                if at == 0 || !html[at - 1].is_ascii_whitespace() {
                    continue;
                }
                let Some(len) = memchr::memchr(b'"', &html[from..]) else {
                    break;
                };
                out.push(&html[from..from + len]);
            }
            out
        }
        let pages = [
            r#"<a href="/a/">a</a><img src="x.png" alt="y"><h2 id="h">t</h2>"#,
            "<div\n id=\"n\"\thref=\"/t/\"></div>",
            r#"<p title="a=" id="x" data-id="no" grid="no" srcset="no" href="">"#,
            r#"id="first" <a href="/b/#c" class="k">"#,
            r#"<a href="/unclosed"#,
            r#"<a href="/one/" href="/two/"><script src="s.js"></script><p>=" id="</p>"#,
            "",
        ];
        for page in pages {
            let html = page.as_bytes();
            let values = Values::of(html);
            assert_eq!(values.ids, searched(html, b"id"), "{page}");
            assert_eq!(values.hrefs, searched(html, b"href"), "{page}");
            assert_eq!(values.srcs, searched(html, b"src"), "{page}");
        }
        let values = Values::of(pages[2].as_bytes());
        assert_eq!(values.ids, vec![b"x".as_slice()]);
    }

    #[test]
    fn finds_broken_pages_and_anchors() {
        let f = files(&[
            ("index.html", "<a href=\"/sub/a/\">a</a> <a href=\"/sub/a/#x\">x</a> <a href=\"/sub/b/\">b</a> <a href=\"/sub/a/#nope\">n</a>"),
            ("a/index.html", "<h2 id=\"x\">X</h2><link href=\"/sub/style.css\">"),
            ("style.css", ""),
        ]);
        let broken: Vec<String> = check_links(&f, "/sub/")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken[0].contains("/sub/b/"), "{broken:?}");
        assert!(broken[1].contains("#nope"), "{broken:?}");
    }

    #[test]
    fn links_outside_the_base_path_are_broken() {
        let f = files(&[(
            "index.html",
            "<a href=\"/other/\">o</a><a href=\"https://x.org/\">ok</a>",
        )]);
        let broken = check_links(&f, "/sub/");
        assert_eq!(broken.len(), 1);
        assert!(broken[0].message.contains("outside the base path"));
        assert_eq!(
            broken[0].message_in(Lang::Vi),
            "liên kết `/other/` nằm ngoài đường dẫn gốc `/sub/` của trang web"
        );
    }
}
