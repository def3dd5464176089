//! The preview server's answers to HTTP requests: a page or file of the site in memory, the
//! error page while the last build failed, and the long-poll that tells open pages to reload.

use super::{lock, simple_page, Shared, State};
use std::time::Duration;

pub(super) fn handle(shared: &Shared, request: tiny_http::Request) {
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
