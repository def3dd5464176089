//! Shared helpers for the integration tests: copy a fixture site to a temporary folder and run
//! the real `minhbach` binary on it, as a user would.

#![allow(dead_code)]

pub mod filling;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copy `from` into `to`, overwriting files that exist (fixtures overlay the base site).
pub fn copy_tree(from: &Path, to: &Path) {
    // A `check` run by hand on a fixture leaves its memo there: not part of the fixture.
    let walk = walkdir::WalkDir::new(from).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.file_name() != ".minhbach-cache") {
        let entry = entry.unwrap_or_else(|e| panic!("walking {}: {e}", from.display()));
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or_else(|e| panic!("{e}"));
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        }
    }
}

/// A temporary site made of the base fixture with `overlay` (a folder under
/// `tests/fixtures/invalid/`) copied over it.
pub fn site_with(overlay: Option<&str>) -> tempfile::TempDir {
    let overlays: Vec<String> = overlay
        .map(|o| format!("invalid/{o}"))
        .into_iter()
        .collect();
    site_from(&overlays.iter().map(String::as_str).collect::<Vec<_>>())
}

/// A temporary site: the base fixture with each overlay (a folder under `tests/fixtures/`)
/// copied over it in order.
pub fn site_from(overlays: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    copy_tree(&fixtures().join("base"), dir.path());
    for name in overlays {
        let path = fixtures().join(name);
        assert!(path.is_dir(), "missing fixture {}", path.display());
        copy_tree(&path, dir.path());
    }
    dir
}

/// `minhbach build --root <root> --output <out> <extra> --lang en`: the tests read the
/// English messages unless `extra` asks for a language.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["build", "--root", root.as_str(), "--output", out.as_str()];
    args.extend_from_slice(extra);
    run(&in_english(args))
}

/// Append `--lang en` unless the arguments already choose a language.
fn in_english(mut args: Vec<&str>) -> Vec<&str> {
    if !args.contains(&"--lang") {
        args.extend_from_slice(&["--lang", "en"]);
    }
    args
}

/// Every file under `dir`, path → bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or_else(|err| panic!("{err}"));
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (rel.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// The `<main>…</main>` of an HTML page: what a reader came for, without the shared chrome.
/// Text of an HTML or SVG file with the entities minhbach writes turned back into characters
/// (`&amp;` last, so `&amp;lt;` stays `&lt;`).
pub fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn main_of(html: &str) -> String {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in:\n{html}"));
    let end = html
        .find("</main>")
        .map(|e| e + "</main>".len())
        .unwrap_or(html.len());
    html[start..end].to_string()
}

/// Run `minhbach <args>`; returns stdout, stderr and the exit code.
pub fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running minhbach: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `minhbach check --root <root> <extra> --lang en`: the tests read the English messages
/// unless `extra` asks for a language.
pub fn check(root: &Path, extra: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", root.as_str()];
    args.extend_from_slice(extra);
    run(&in_english(args))
}

/// `minhbach check --root <root> <extra>` with no `--lang`: what a user sees (Vietnamese).
pub fn check_default_lang(root: &Path, extra: &[&str]) -> (String, String, i32) {
    let root = root.to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", root.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}

/// The counts of the summary line that ends the output of `check` and of a failed `build`:
/// `2 errors, 1 warning in 3 files; …` or `2 lỗi, 1 cảnh báo trong 3 tệp; …`, and what follows
/// the `; ` (`23 files checked`, `nothing was written`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub rest: String,
}

/// The summary line of `output`: its last non-empty line, which must be exactly the summary
/// for the counts it gives (in English with correct plurals, or in Vietnamese); anything else
/// (`10 errors` misread as `0 errors`, a missing line, a stray word) panics.
pub fn summary(output: &str) -> Summary {
    let line = output
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_else(|| panic!("no summary line in {output:?}"));
    let (counts, rest) = line
        .split_once("; ")
        .unwrap_or_else(|| panic!("not a summary line: {line:?}\n{output}"));
    let numbers: Vec<usize> = counts
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap_or_else(|e| panic!("{n}: {e}")))
        .collect();
    let [errors, warnings, files] = numbers[..] else {
        panic!("not a summary line: {line:?}\n{output}");
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let english = format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    );
    let vietnamese = format!("{errors} lỗi, {warnings} cảnh báo trong {files} tệp");
    assert!(
        counts == english || counts == vietnamese,
        "not a summary line: {line:?} (expected {english:?} or {vietnamese:?})\n{output}"
    );
    Summary {
        errors,
        warnings,
        files,
        rest: rest.to_string(),
    }
}

/// The pages and files a successful `build` says it wrote: `built 25 pages (42 files) in 9 ms
/// → out` or `đã tạo 25 trang (42 tệp) trong 9 ms → out`. The time is not read.
pub fn built_counts(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("built ") || l.starts_with("đã tạo "))
        .unwrap_or_else(|| panic!("no `built` line in:\n{stderr}"));
    let words: Vec<&str> = line.split(' ').collect();
    let counts = match words[..] {
        ["built", pages, "pages", files, "files)", "in", _, "ms", "→", ..] => (pages, files),
        ["đã", "tạo", pages, "trang", files, "tệp)", "trong", _, "ms", "→", ..] => {
            (pages, files)
        }
        _ => panic!("not a `built` line: {line:?}"),
    };
    let number = |n: &str| {
        n.parse::<usize>()
            .unwrap_or_else(|e| panic!("{n} in {line:?}: {e}"))
    };
    let files = counts
        .1
        .strip_prefix('(')
        .unwrap_or_else(|| panic!("not a `built` line: {line:?}"));
    (number(counts.0), number(files))
}

/// One start tag of a document: its lowercase name and its attributes (lowercase names, values
/// with character references decoded), as a browser's tokenizer would read them.
#[derive(Debug, Clone)]
pub struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub raw: String,
}

/// Every start tag of an HTML, SVG or XML document. Quoted attribute values may hold `>`;
/// comments, `<!…>` declarations, CDATA sections and processing instructions are skipped, and
/// so is the text inside `<script>`, `<style>`, `<title>` and `<textarea>`.
pub fn start_tags(doc: &str) -> Vec<StartTag> {
    let bytes = doc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = doc[i..].find('<') {
        let start = i + off;
        let rest = &doc[start..];
        let skip_to = |from: usize, end: &str| {
            doc[from..]
                .find(end)
                .map_or(doc.len(), |e| from + e + end.len())
        };
        if rest.starts_with("<!--") {
            i = skip_to(start + 4, "-->");
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = skip_to(start + 9, "]]>");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = skip_to(start + 2, ">");
            continue;
        }
        let mut j = start + 1;
        if j >= bytes.len() || !bytes[j].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        while j < bytes.len()
            && !bytes[j].is_ascii_whitespace()
            && bytes[j] != b'>'
            && bytes[j] != b'/'
        {
            j += 1;
        }
        let name = doc[start + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let a = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'>' | b'/' | b'=')
            {
                j += 1;
            }
            let attr = doc[a..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let v = j + 1;
                    j = doc[v..].find(quote as char).map_or(doc.len(), |e| v + e);
                    value = doc[v..j].to_string();
                    j = (j + 1).min(doc.len());
                } else {
                    let v = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = doc[v..j].to_string();
                }
            }
            if attr.is_empty() {
                j += 1;
                continue;
            }
            attrs.push((attr, decode_references(&value)));
        }
        let end = (j + 1).min(doc.len());
        out.push(StartTag {
            name: name.clone(),
            attrs,
            raw: doc[start..end].to_string(),
        });
        i = end;
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            i = doc[i..]
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .map_or(doc.len(), |e| i + e);
        }
    }
    out
}

/// Decode the character references that can hide a URL scheme (`&#106;`, `&#x6A;`, `&colon;`…).
pub fn decode_references(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let name = &after[..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after[end..].strip_prefix(';').unwrap_or(&after[end..]);
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Elements that run code, load another document or send the reader elsewhere on their own.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "foreignobject",
    "handler",
    "listener",
    "portal",
    "style",
];
/// Attributes whose value a browser treats as a URL (or, for SVG animation, may set one).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "codebase",
    "cite",
    "to",
    "from",
    "values",
    "by",
    "ping",
    "manifest",
];

/// What in a document could run in a browser: active elements, event-handler attributes,
/// `javascript:`-like URLs (however they are cased, spaced or encoded), `srcdoc`, a meta
/// refresh and script in `style`. One line per finding, naming the tag.
pub fn executable_markup(doc: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(doc) {
        let raw = if tag.raw.len() > 160 {
            format!(
                "{}…",
                &tag.raw[..tag
                    .raw
                    .char_indices()
                    .nth(160)
                    .map_or(tag.raw.len(), |(i, _)| i)]
            )
        } else {
            tag.raw.clone()
        };
        if ACTIVE_ELEMENTS.contains(&tag.name.as_str()) {
            found.push(format!("<{}> element: {raw}", tag.name));
        }
        for (name, value) in &tag.attrs {
            let is_handler = name.len() > 2
                && name.starts_with("on")
                && name.chars().all(|c| c.is_ascii_alphabetic());
            if is_handler {
                found.push(format!("event handler `{name}`: {raw}"));
            }
            if name == "srcdoc" {
                found.push(format!("srcdoc: {raw}"));
            }
            // Browsers drop ASCII whitespace and control characters inside a URL's scheme.
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let script_url = [
                "javascript:",
                "vbscript:",
                "livescript:",
                "data:text/html",
                "data:image/svg",
                "data:application",
            ]
            .iter()
            .any(|s| squeezed.starts_with(s) || squeezed.contains(&format!(",{s}")));
            if URL_ATTRIBUTES.contains(&name.as_str()) && script_url {
                found.push(format!("script URL in `{name}`: {raw}"));
            }
            if name == "style"
                && [
                    "expression(",
                    "javascript:",
                    "behavior:",
                    "-moz-binding",
                    "url(",
                ]
                .iter()
                .any(|s| squeezed.contains(s))
            {
                found.push(format!("active style: {raw}"));
            }
        }
        let refresh = tag.name == "meta"
            && tag
                .attrs
                .iter()
                .any(|(n, v)| n == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
        if refresh {
            found.push(format!("meta refresh: {raw}"));
        }
    }
    found
}

/// The built-in theme's own scripts, each `<script>…</script>` block exactly as its template
/// writes it (progressive: opening a closed group a link points into, the indicator filter).
/// They are fixed text, so a page may hold them byte for byte and nothing else executable.
pub fn theme_scripts() -> Vec<String> {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut out = Vec::new();
    for (path, bytes) in read_tree(&templates) {
        let text = String::from_utf8_lossy(&bytes);
        let mut rest = &*text;
        while let Some(start) = rest.find("<script>") {
            let len = rest[start..].find("</script>").expect("a closed script") + "</script>".len();
            let script = &rest[start..start + len];
            assert!(
                !script.contains("{{") && !script.contains("{%"),
                "{path}: a theme script must be fixed text"
            );
            out.push(script.to_string());
            rest = &rest[start + len..];
        }
    }
    out
}

/// `doc` with every exact copy of one of `scripts` taken out.
pub fn without_theme_scripts(doc: &str, scripts: &[String]) -> String {
    let mut text = doc.to_string();
    for script in scripts {
        text = text.replace(script.as_str(), "");
    }
    text
}

/// Whether `finding` of [`executable_markup`] in the file `path` is the search page's own form
/// or script (`search.html`): the one page with either, and only these two tags, exactly as
/// the theme writes them (a site's text cannot add one: it would be another finding).
pub fn is_search_page_own(path: &str, finding: &str) -> bool {
    let on_search_page = path == "search/index.html" || path == "en/search/index.html";
    let form = finding
        .strip_prefix("<form> element: <form class=\"search-form\" role=\"search\" action=\"");
    let script = finding.strip_prefix("<script> element: <script type=\"module\" src=\"");
    let own = form.is_some_and(|rest| {
        rest.ends_with("search/\" method=\"get\">")
            && !rest[..rest.len() - 22].contains(['"', '<', '>'])
    }) || script.is_some_and(|rest| {
        rest.ends_with("search.js\">") && !rest[..rest.len() - 11].contains(['"', '<', '>'])
    });
    on_search_page && own
}

/// Panic with every finding of [`executable_markup`] in the HTML, SVG and XML files under `dir`,
/// but for the theme's own scripts ([`theme_scripts`]) and the search page's own form and
/// script ([`is_search_page_own`]).
pub fn assert_inert(dir: &Path) {
    let scripts = theme_scripts();
    let mut found = Vec::new();
    let mut checked = 0;
    for (path, bytes) in read_tree(dir) {
        if !(path.ends_with(".html") || path.ends_with(".svg") || path.ends_with(".xml")) {
            continue;
        }
        checked += 1;
        let text = without_theme_scripts(&String::from_utf8_lossy(&bytes), &scripts);
        found.extend(
            executable_markup(&text)
                .into_iter()
                .filter(|f| !is_search_page_own(&path, f))
                .map(|f| format!("{path}: {f}")),
        );
    }
    assert!(
        checked > 0,
        "no HTML, SVG or XML file under {}",
        dir.display()
    );
    assert!(
        found.is_empty(),
        "executable markup in the output:\n{}",
        found.join("\n")
    );
}
