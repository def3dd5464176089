//! `minhbach serve`: build in memory, serve on 127.0.0.1, rebuild on change, reload the browser.
//!
//! The site lives in memory, so a request can only ever return a file the build produced:
//! there is no disk access per request and nothing for `../` to reach. Pages are served under
//! the base URL's path, as the real host will. A broken edit never stops the server: pages are
//! replaced by an error page listing every diagnostic until the file is fixed. Open pages wait
//! on a long-poll request (`/__minhbach/wait`) injected only here, never into `build` output.

use crate::diagnostics::Severity;
use crate::{BuildError, BuildOptions, Cache};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub base_url: Option<String>,
    pub lang: crate::model::Lang,
}

/// The current state of the site being served.
struct State {
    version: u64,
    /// Shared with a running rebuild, which reuses unchanged pages and charts from it.
    files: Arc<crate::output::Files>,
    base_path: String,
    /// The error page shown instead of every page while the last build failed.
    error: Option<String>,
    cache: Option<Cache>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// What the caller learns once the server listens.
pub struct Running {
    pub address: SocketAddr,
    pub url: String,
}

/// Build, then serve until the process ends. `on_ready` gets the address once listening.
pub fn serve(options: &ServeOptions, on_ready: impl FnOnce(&Running)) -> Result<(), String> {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            version: 0,
            files: Arc::new(BTreeMap::new()),
            base_path: "/".into(),
            error: None,
            cache: None,
        }),
        changed: Condvar::new(),
    });
    rebuild(&shared, options, &[]);
    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
    let base_path = lock(&shared).base_path.clone();
    let running = Running {
        address,
        url: format!("http://{address}{base_path}"),
    };
    on_ready(&running);

    // Watch the inputs; rebuild once edits settle. Reads (access events) are ignored: the
    // build itself reads every file and must not trigger another build.
    let watcher_shared = Arc::clone(&shared);
    let watch_options = options.clone();
    let (tx, rx) = std::sync::mpsc::channel::<notify::Event>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(event);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for entry in ["site.yaml", "data", "content", "themes"] {
        let path = options.root.join(entry);
        if path.exists() {
            let mode = if path.is_dir() {
                notify::RecursiveMode::Recursive
            } else {
                notify::RecursiveMode::NonRecursive
            };
            notify::Watcher::watch(&mut watcher, &path, mode)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Debounce: editors write a file in several steps; wait until 30 ms pass quietly.
            let mut paths: Vec<PathBuf> = first.paths;
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(30)) {
                paths.extend(more.paths);
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

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(&shared, request));
    }
    drop(watcher);
    Ok(())
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A handler thread that panicked cannot leave the state half-written (every update is a
    // whole assignment), so a poisoned lock is still safe to use.
    shared
        .state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Rebuild in memory and publish the result (or the error page) to every open page.
fn rebuild(shared: &Shared, options: &ServeOptions, changed: &[String]) {
    let started = Instant::now();
    let (mut previous, old_files) = {
        let mut state = lock(shared);
        (state.cache.take(), Arc::clone(&state.files))
    };
    let build_options = BuildOptions {
        output: None,
        base_url: options.base_url.clone(),
    };
    let result = crate::render_after_edit(
        &options.root,
        &build_options,
        previous.as_mut().map(|c| (c, &old_files)),
        changed,
    );
    let took = started.elapsed();
    let mut state = lock(shared);
    state.version += 1;
    match result {
        Ok(rendered) => {
            let base = crate::site::urls::Urls::new(rendered.cache.base_url()).base_path;
            let warnings = rendered.checked.diagnostics.count(Severity::Warning);
            eprintln!(
                "{} {} pages ({} rendered) in {:.1} ms{}{}",
                if changed.is_empty() {
                    "built"
                } else {
                    "rebuilt"
                },
                rendered.pages,
                rendered.rendered_pages,
                took.as_secs_f64() * 1000.0,
                if warnings > 0 {
                    format!(", {warnings} warnings")
                } else {
                    String::new()
                },
                if changed.is_empty() {
                    String::new()
                } else {
                    format!(" after a change to {}", changed.join(", "))
                }
            );
            if std::env::var_os("MINHBACH_TIMINGS").is_some() {
                for (phase, t) in &rendered.timings {
                    eprintln!("  {phase:<28} {:>7.1} ms", t.as_secs_f64() * 1000.0);
                }
            }
            state.files = Arc::new(rendered.files);
            state.base_path = base;
            state.error = None;
            state.cache = Some(rendered.cache);
        }
        Err(BuildError::Invalid(checked)) => {
            eprintln!(
                "{}; the browser shows the errors until they are fixed",
                checked.diagnostics.summary(options.lang)
            );
            state.error = Some(error_page(&checked, options.lang));
            state.cache = previous;
        }
        Err(BuildError::Read(e)) => {
            eprintln!("error: {e}");
            state.error = Some(simple_page("minhbach", &e.to_string()));
            state.cache = previous;
        }
        Err(BuildError::Write(e)) => {
            state.error = Some(simple_page("minhbach", &e.to_string()));
            state.cache = previous;
        }
    }
    drop(state);
    shared.changed.notify_all();
}

fn handle(shared: &Shared, request: tiny_http::Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let response = if path == "/__minhbach/wait" {
        wait_for_change(shared, query)
    } else {
        respond(shared, path)
    };
    let _ = request.respond(response);
}

/// Hold the request until the site changes from version `v` (or 25 s pass).
fn wait_for_change(shared: &Shared, query: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let seen: u64 = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let state = lock(shared);
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, Duration::from_secs(25), |s| s.version == seen)
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    text(
        200,
        "text/plain; charset=utf-8",
        state.version.to_string().into_bytes(),
    )
}

fn respond(shared: &Shared, raw_path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let state = lock(shared);
    let Some(path) = clean_path(raw_path) else {
        return not_found(&state);
    };
    let base = state.base_path.clone();
    let Some(rel) = path
        .strip_prefix(&base)
        .or_else(|| (path.clone() + "/" == base).then_some(""))
    else {
        if path == "/" {
            return redirect(&base);
        }
        return not_found(&state);
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(error) = &state.error {
        if file.ends_with(".html") {
            return html(500, &inject_reload(error, state.version));
        }
    }
    match state.files.get(&file) {
        Some(bytes) if file.ends_with(".html") => html(
            200,
            &inject_reload(&String::from_utf8_lossy(bytes), state.version),
        ),
        Some(bytes) => text(200, content_type(&file), bytes.to_vec()),
        None if state.files.contains_key(&format!("{file}/index.html")) => {
            redirect(&format!("{base}{file}/"))
        }
        None => not_found(&state),
    }
}

/// Decode percent-escapes and refuse anything that could climb out of the site: `..`
/// segments, backslashes, NUL. The site is in memory anyway; this keeps URLs unambiguous.
pub fn clean_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else if bytes[i] == b'%' {
            return None;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let unsafe_path = !path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path.split('/').any(|seg| seg == ".." || seg == ".");
    (!unsafe_path).then_some(path)
}

fn not_found(state: &State) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let page = state
        .files
        .get("404.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_else(|| simple_page("404", "Not found"));
    html(404, &inject_reload(&page, state.version))
}

fn redirect(to: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = text(302, "text/plain; charset=utf-8", Vec::new());
    if let Ok(h) = tiny_http::Header::from_bytes("Location", to.as_bytes()) {
        r.add_header(h);
    }
    r
}

fn html(status: u16, body: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    text(status, "text/html; charset=utf-8", body.as_bytes().to_vec())
}

fn text(
    status: u16,
    content_type: &str,
    body: Vec<u8>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(h) = tiny_http::Header::from_bytes(name, value) {
            r.add_header(h);
        }
    }
    r
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The live-reload script: wait for the next version, then reload. Serve mode only.
fn inject_reload(page: &str, version: u64) -> String {
    let script = format!(
        "<script>(function(){{var v={version};function w(){{fetch('/__minhbach/wait?v='+v,{{cache:'no-store'}}).then(function(r){{return r.text()}}).then(function(t){{if(t!==String(v)){{location.reload()}}else{{w()}}}}).catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>"
    );
    match page.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &page[..i], &page[i..]),
        None => format!("{page}{script}"),
    }
}

/// Every diagnostic of a failed build, as a page.
fn error_page(checked: &crate::Checked, lang: crate::model::Lang) -> String {
    let mut items = String::new();
    for d in checked.diagnostics.sorted() {
        let text = d.render(checked.sources.get(&d.file).map(|t| &**t), lang);
        items.push_str(&format!(
            "<li class=\"{}\"><pre>{}</pre></li>\n",
            if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            },
            crate::charts::escape(&text)
        ));
    }
    let (title, lede) = match lang {
        crate::model::Lang::Vi => (
            "Bản dựng có lỗi",
            "Trang sẽ tự tải lại khi các lỗi dưới đây được sửa.",
        ),
        crate::model::Lang::En => (
            "The build has errors",
            "This page reloads by itself once the problems below are fixed.",
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} — minhbach</title>\
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;color:#17212b}}h1{{color:#a31d24}}ol{{padding-left:1.2rem}}li{{margin:0 0 1rem}}pre{{white-space:pre-wrap;background:#f4f6f8;border-left:4px solid #a31d24;padding:.6rem .8rem;overflow-x:auto}}li.warning pre{{border-color:#9a5200}}</style>\
</head><body><main><h1>{title}</h1><p>{lede}</p><p><strong>{}</strong></p><ol>\n{items}</ol></main></body></html>",
        lang.code(),
        crate::charts::escape(&checked.diagnostics.summary(lang))
    )
}

fn simple_page(title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><main><h1>{}</h1><p>{}</p></main></body></html>",
        crate::charts::escape(title),
        crate::charts::escape(title),
        crate::charts::escape(message)
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

/// Used by `init`: the folder is empty or does not exist.
pub fn is_empty_dir(path: &Path) -> bool {
    !path.exists()
        || std::fs::read_dir(path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::clean_path;

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a%5c..%5cb",
            "/x%00",
            "/%zz",
            "/%2",
        ] {
            let cleaned = clean_path(bad);
            assert!(
                cleaned
                    .as_deref()
                    .is_none_or(|p| !p.split('/').any(|s| s == "..")),
                "{bad} → {cleaned:?}"
            );
        }
        assert_eq!(
            clean_path("/dash/provinces/%C4%91%C3%B4ng/").as_deref(),
            Some("/dash/provinces/đông/")
        );
    }
}
