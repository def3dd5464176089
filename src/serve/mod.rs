//! `minhbach serve`: build in memory, serve on 127.0.0.1, rebuild on change, reload the browser.
//!
//! The site lives in memory, so a request can only ever return a file the build produced:
//! there is no disk access per request and nothing for `../` to reach. The data downloads
//! are only named by the build and made, in memory, when asked for (`downloads`), and so is
//! the search index (`search`). Pages are served under
//! the base URL's path, as the real host will. A broken edit never stops the server: pages are
//! replaced by an error page listing every diagnostic until the file is fixed. Open pages wait
//! on a long-poll request (`/__minhbach/wait`) injected only here, never into `build` output.
//! Requests are read within fixed limits and only for this machine's names (`connections`,
//! `http`), so neither a stray client nor a web page on another site can exhaust the server
//! or read the drafts it shows.

use crate::console::Line;
use crate::diagnostics::Severity;
use crate::errln;
use crate::{BuildError, BuildOptions};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

mod connections;
mod downloads;
mod fast_rebuild;
mod http;
mod incoming;
mod preview;
mod search;
pub use connections::Limits;
pub use downloads::OnDemand;
pub use http::clean_path;
pub use preview::{Outcome, Preview};
pub use search::SearchOnDemand;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub base_url: Option<crate::model::BaseUrl>,
    pub lang: crate::model::Lang,
    /// Request size, idle time and connection limits of the preview server.
    pub limits: Limits,
}

/// The current state of the site being served.
pub(super) struct State {
    version: u64,
    /// The files of the last good build, answered while the next one runs.
    files: Arc<crate::output::Files>,
    /// The data downloads of the last good build, made when asked for.
    downloads: Option<Arc<OnDemand>>,
    /// The search index of the last good build, made when asked for.
    search: Option<Arc<SearchOnDemand>>,
    base_path: String,
    /// The error page shown instead of every page while the last build failed.
    error: Option<String>,
    /// The last good build, kept for the fast rebuild (taken out while a rebuild runs).
    preview: Option<Preview>,
}

pub(super) struct Shared {
    /// The language of the log lines (`--lang`).
    lang: crate::model::Lang,
    state: Mutex<State>,
    changed: Condvar,
}

/// What the caller learns once the server listens.
pub struct Running {
    pub address: SocketAddr,
    pub url: String,
}

/// Why the preview server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address could not be bound (in use, not permitted).
    Listen(SocketAddr, std::io::Error),
    /// The site's folders could not be watched for changes.
    Watch(Option<PathBuf>, notify::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::model::Lang::En))
    }
}

impl ServeError {
    /// Why the server could not start, in `lang` (the system's own reason stays as it says it).
    pub fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang::{En, Vi};
        match (self, lang) {
            (ServeError::Listen(address, e), En) => format!(
                "cannot listen on {address}: {e} (is the port in use? `--port 0` picks a free one)"
            ),
            (ServeError::Listen(address, e), Vi) => format!(
                "không mở được địa chỉ {address} để xem trước: {e} (cổng đang bận? hãy thử `--port 0` để chọn một cổng trống)"
            ),
            (ServeError::Watch(None, e), En) => format!("cannot watch files: {e}"),
            (ServeError::Watch(None, e), Vi) => {
                format!("không theo dõi được thay đổi của các tệp: {e}")
            }
            (ServeError::Watch(Some(path), e), En) => {
                format!("cannot watch {}: {e}", path.display())
            }
            (ServeError::Watch(Some(path), e), Vi) => {
                format!("không theo dõi được thay đổi của {}: {e}", path.display())
            }
        }
    }
}

/// Build, then serve until the process ends. `on_ready` gets the address once listening.
pub fn serve(options: &ServeOptions, on_ready: impl FnOnce(&Running)) -> Result<(), ServeError> {
    let shared = Arc::new(Shared {
        lang: options.lang,
        state: Mutex::new(State {
            version: 0,
            files: Arc::new(BTreeMap::new()),
            downloads: None,
            search: None,
            base_path: "/".into(),
            error: None,
            preview: None,
        }),
        changed: Condvar::new(),
    });
    rebuild(&shared, options, &[]);
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| ServeError::Listen(SocketAddr::new(options.bind, options.port), e))?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Listen(SocketAddr::new(options.bind, options.port), e))?;
    // Watch the inputs; rebuild once edits settle. notify-debouncer-full (as Zola uses) holds
    // each path's events until it has been quiet for 30 ms, since editors write a file in
    // several steps, and merges a rename's two halves. Reads (access events) are ignored: the
    // build itself reads every file and must not trigger another build.
    let watcher_shared = Arc::clone(&shared);
    let watch_options = options.clone();
    let (tx, rx) = std::sync::mpsc::channel::<notify_debouncer_full::DebounceEventResult>();
    let mut watcher = notify_debouncer_full::new_debouncer(
        Duration::from_millis(30),
        Some(Duration::from_millis(15)),
        tx,
    )
    .map_err(|e| ServeError::Watch(None, e))?;
    for entry in ["site.yaml", "data", "content", "themes"] {
        let path = options.root.join(entry);
        if path.exists() {
            let mode = if path.is_dir() {
                notify::RecursiveMode::Recursive
            } else {
                notify::RecursiveMode::NonRecursive
            };
            watcher
                .watch(&path, mode)
                .map_err(|e| ServeError::Watch(Some(path.clone()), e))?;
        }
    }
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Batches that arrived during the previous rebuild are taken in one more rebuild.
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut changes = 0;
            for batch in std::iter::once(first).chain(rx.try_iter()) {
                match batch {
                    Ok(events) => {
                        for e in events {
                            if !matches!(e.event.kind, notify::EventKind::Access(_)) {
                                changes += 1;
                                paths.extend(e.event.paths);
                            }
                        }
                    }
                    Err(errors) => {
                        for e in errors {
                            let why = match watch_options.lang {
                                crate::model::Lang::Vi => {
                                    format!("không theo dõi được thay đổi của tệp: {e}")
                                }
                                crate::model::Lang::En => format!("watching files: {e}"),
                            };
                            errln!("{}", Line::Warning(&why).text(watch_options.lang));
                        }
                    }
                }
            }
            // A change without a path (the kernel's queue overflowed) rebuilds everything.
            if changes == 0 {
                continue;
            }
            let mut rel: Vec<String> = paths
                .iter()
                .filter_map(|p| {
                    p.strip_prefix(&root)
                        .ok()
                        .map(|r| r.to_string_lossy().into_owned())
                })
                .collect();
            rel.sort();
            rel.dedup();
            rebuild(&watcher_shared, &watch_options, &rel);
        }
    });

    // Ready only now that edits are watched: an edit made as soon as the address is printed
    // is not missed.
    let base_path = lock(&shared).base_path.clone();
    let running = Running {
        address,
        url: format!("http://{address}{base_path}"),
    };
    on_ready(&running);
    connections::run(&listener, address, shared, options.limits);
    drop(watcher);
    Ok(())
}

pub(super) fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A handler thread that panicked cannot leave the state half-written (every update is a
    // whole assignment), so a poisoned lock is still safe to use.
    crate::lock(&shared.state)
}

/// Rebuild in memory and publish the result (or the error page) to every open page.
fn rebuild(shared: &Shared, options: &ServeOptions, changed: &[String]) {
    let started = Instant::now();
    let previous = lock(shared).preview.take();
    let build_options = BuildOptions {
        output: None,
        base_url: options.base_url.clone(),
        // `serve` makes the downloads when asked for, never through the cache.
        no_cache: true,
    };
    let root = &options.root;
    // The preview comes back whatever happens: a failed rebuild leaves it as it was.
    let (preview, result) = match previous {
        Some(mut preview) => {
            let result = preview.rebuild(root, &build_options, changed);
            (Some(preview), result)
        }
        None => match Preview::build(root, &build_options) {
            Ok((preview, outcome)) => (Some(preview), Ok(outcome)),
            Err(e) => (None, Err(e)),
        },
    };
    let took = started.elapsed();
    let mut state = lock(shared);
    state.version += 1;
    match result {
        Ok(outcome) => {
            let line = Line::ServeBuilt {
                pages: outcome.pages,
                rendered: outcome.rendered_pages,
                ms: took.as_secs_f64() * 1000.0,
                warnings: outcome.warnings.count(Severity::Warning),
                changed,
            };
            errln!("{}", line.text(options.lang));
            if std::env::var_os("MINHBACH_TIMINGS").is_some() {
                for (phase, t) in &outcome.timings {
                    let ms = t.as_secs_f64() * 1000.0;
                    errln!("{}", Line::Timing { phase, ms }.text(options.lang));
                }
            }
            if let Some(p) = &preview {
                state.files = Arc::clone(p.files());
                state.downloads = Some(Arc::clone(p.downloads()));
                state.search = Some(Arc::clone(p.search()));
                state.base_path = crate::site::urls::Urls::new(p.base_url()).base_path;
            }
            state.error = None;
        }
        Err(BuildError::Invalid(checked)) => {
            let summary = checked.diagnostics.summary(options.lang);
            errln!(
                "{}",
                Line::ServeInvalid { summary: &summary }.text(options.lang)
            );
            state.error = Some(error_page(&checked, options.lang));
        }
        Err(BuildError::Read(e)) => {
            let message = e.message(options.lang);
            errln!("{}", Line::Failure(&message).text(options.lang));
            state.error = Some(simple_page("minhbach", &e.to_string()));
        }
        Err(BuildError::Write(e)) => {
            state.error = Some(simple_page("minhbach", &e.to_string()));
        }
    }
    state.preview = preview;
    drop(state);
    shared.changed.notify_all();
}

/// Every diagnostic of a failed build, as a page: the root errors first, each with the
/// knock-on errors that follow from it folded under it, then the warnings folded in one
/// `<details>`. Set in the font the site embeds (DejaVu Sans, served by the preview itself),
/// so Vietnamese shows with its marks whatever the reader's system has; in the quoted lines
/// only the Vietnamese letters take it (monospace fonts often lack them, or stack their marks
/// wrongly), so the caret still stands under its column in the ASCII around them.
fn error_page(checked: &crate::Checked, lang: crate::model::Lang) -> String {
    use crate::diagnostics::{collapsed_warnings, knock_on_heading};
    use crate::escape::escape;
    let rendered: std::collections::BTreeMap<*const crate::diagnostics::Diagnostic, String> =
        checked
            .diagnostics
            .render_each(&checked.sources, lang)
            .into_iter()
            .map(|(d, text)| (d as *const _, text))
            .collect();
    let text_of = |d: &crate::diagnostics::Diagnostic| {
        rendered
            .get(&(d as *const _))
            .map(|t| escape(t))
            .unwrap_or_default()
    };
    let grouped = checked.diagnostics.grouped();
    let mut items = String::new();
    for (root, followers) in &grouped.roots {
        items.push_str(&format!("<li class=\"error\"><pre>{}</pre>", text_of(root)));
        if !followers.is_empty() {
            items.push_str(&format!(
                "<details><summary>{}</summary><ul>",
                escape(&knock_on_heading(followers.len(), lang))
            ));
            for f in followers {
                items.push_str(&format!("<li><pre>{}</pre></li>", text_of(f)));
            }
            items.push_str("</ul></details>");
        }
        items.push_str("</li>\n");
    }
    let warnings = if grouped.warnings.is_empty() {
        String::new()
    } else {
        let mut list = String::new();
        for w in &grouped.warnings {
            list.push_str(&format!(
                "<li class=\"warning\"><pre>{}</pre></li>\n",
                text_of(w)
            ));
        }
        format!(
            "<details class=\"warnings\"><summary>{}</summary><ol>\n{list}</ol></details>",
            escape(&collapsed_warnings(&grouped.warnings, lang))
        )
    };
    let (title, lede) = match lang {
        crate::model::Lang::Vi => (
            "Dữ liệu có lỗi",
            "Trang web chưa được tạo lại. Hãy sửa các lỗi dưới đây, bắt đầu từ lỗi đầu tiên; trang sẽ tự tải lại khi sửa xong.",
        ),
        crate::model::Lang::En => (
            "The data has errors",
            "The site was not rebuilt. Fix the errors below, starting with the first; this page reloads by itself once they are fixed.",
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} — minhbach</title>\
<style>@font-face{{font-family:\"minhbach\";src:url(\"{FONT_PATH}\") format(\"truetype\")}}\
@font-face{{font-family:\"minhbach-vi\";src:url(\"{FONT_PATH}\") format(\"truetype\");unicode-range:U+00C0-024F,U+0300-0323,U+1EA0-1EF9}}\
body{{font-family:\"minhbach\",\"DejaVu Sans\",\"Noto Sans\",\"Segoe UI\",Roboto,Arial,sans-serif;margin:1.5rem;color:#17212b;line-height:1.45}}\
h1{{color:#a31d24}}ol,ul{{padding-left:1.2rem}}li{{margin:0 0 1rem}}\
pre{{font-family:\"minhbach-vi\",\"DejaVu Sans Mono\",Consolas,Menlo,\"Liberation Mono\",monospace;white-space:pre-wrap;background:#f4f6f8;border-left:4px solid #a31d24;padding:.6rem .8rem;overflow-x:auto}}\
details{{margin:.4rem 0 0 1rem}}summary{{cursor:pointer;color:#4a5560}}details ul pre{{border-color:#c98a8e}}li.warning pre{{border-color:#9a5200}}</style>\
</head><body><main><h1>{title}</h1><p>{lede}</p><p><strong>{}</strong></p><ol>\n{items}</ol>{warnings}</main></body></html>",
        lang.code(),
        escape(&checked.diagnostics.summary(lang))
    )
}

/// Where the preview serves the embedded font its error page is set in.
pub(super) const FONT_PATH: &str = "/__minhbach/font.ttf";

pub(super) fn simple_page(title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><main><h1>{}</h1><p>{}</p></main></body></html>",
        crate::escape::escape(title),
        crate::escape::escape(title),
        crate::escape::escape(message)
    )
}

/// Best effort: open the URL in the desktop's browser.
pub fn open_browser(url: &str) {
    for opener in ["xdg-open", "open"] {
        if std::process::Command::new(opener).arg(url).spawn().is_ok() {
            return;
        }
    }
}
