//! The preview server's answers to HTTP requests: a page or file of the site in memory, the
//! error page while the last build failed, the long-poll that tells open pages to reload, and
//! the refusal of requests that are not for this server. `connections` reads the requests and
//! writes these answers; nothing here touches a socket.

use super::SearchOnDemand;
use super::{lock, simple_page, Shared, State};
use crate::console::Line;
use crate::errln;
use crate::output::Bytes;
use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

/// The parts of a request head that decide its answer.
pub(super) struct Request<'a> {
    pub method: &'a str,
    /// As sent: a path with an optional query.
    pub target: &'a str,
    /// `None` when the request has no `Host` header, several, or one that is not text.
    pub host: Option<&'a str>,
    /// Whether the request announces a body (`Content-Length` other than 0, or
    /// `Transfer-Encoding`).
    pub has_body: bool,
}

/// What the connection offers a long-poll: one of the limited places for waiting pages, and
/// a way to notice that the page went away (reloaded or closed) so its place is not held.
pub(super) trait WaitPlace {
    /// Take a place; `false` when every place is taken.
    fn claim(&self) -> bool;
    /// Whether the client has closed the connection.
    fn client_gone(&self) -> bool;
}

/// Answer one request. A long-poll takes one of the `wait` places; when none is free, the
/// page's script is told to ask again a moment later instead of holding a thread.
pub(super) fn answer(
    shared: &Shared,
    hosts: &AllowedHosts,
    request: &Request,
    wait: &impl WaitPlace,
) -> Response {
    let Some(host) = request.host else {
        return Response::refusal(400, "A request needs exactly one Host header.");
    };
    if !hosts.allows(host) {
        return Response::refusal(403, &hosts.refusal(host));
    }
    if request.method != "GET" && request.method != "HEAD" {
        let mut refusal = Response::refusal(
            405,
            "The preview server only answers GET and HEAD requests.",
        );
        refusal.allow = true;
        return refusal;
    }
    if request.has_body {
        return Response::refusal(413, "The preview server accepts no request body.");
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));
    if !path.starts_with('/') {
        return Response::refusal(400, "The request target must be a path.");
    }
    if path == super::FONT_PATH {
        return text(200, "font/ttf", crate::charts::embedded_font().to_vec());
    }
    if path == "/__minhbach/wait" {
        if !wait.claim() {
            return Response::refusal(
                503,
                "Too many open pages are waiting for a reload; this one will ask again.",
            );
        }
        return wait_for_change(shared, query, wait);
    }
    respond(shared, path)
}

/// Hold the request until the site changes from version `v`, 25 s pass, or the page goes
/// away (checked every second).
fn wait_for_change(shared: &Shared, query: &str, wait: &impl WaitPlace) -> Response {
    let seen: u64 = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(25);
    let mut state = lock(shared);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if state.version != seen || left.is_zero() {
            break;
        }
        state = shared
            .changed
            .wait_timeout_while(state, left.min(Duration::from_secs(1)), |s| {
                s.version == seen
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0;
        if state.version == seen && wait.client_gone() {
            break;
        }
    }
    text(
        200,
        "text/plain; charset=utf-8",
        state.version.to_string().into_bytes(),
    )
}

fn respond(shared: &Shared, raw_path: &str) -> Response {
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
    // The build writes a PNG of some share images; the preview renders one when it is asked
    // for, from the share SVG it holds (see `render::other_files`).
    let svg_of_png = file
        .strip_suffix(".png")
        .filter(|_| !state.files.contains_key(&file))
        .and_then(|stem| state.files.get(&format!("{stem}.svg")).cloned());
    if let Some(svg) = svg_of_png {
        drop(state);
        let png = std::str::from_utf8(&svg)
            .ok()
            .and_then(|svg| crate::charts::raster::png(svg).ok());
        return match png {
            Some((bytes, _)) => text(200, "image/png", bytes),
            None => not_found(&lock(shared)),
        };
    }
    // The data downloads are made when asked for, outside the lock: a rebuild does not
    // wait for them (the one being made keeps the model of the build it belongs to).
    let download = state
        .downloads
        .clone()
        .filter(|d| !state.files.contains_key(&file) && d.names(&file));
    if let Some(downloads) = download {
        drop(state);
        let made = downloads.get(&file);
        return made_on_request(shared, &file, made, |why| {
            Line::DownloadFailed { file: &file, why }.text(shared.lang)
        });
    }
    // So is the search index, when the search page first asks for it.
    let search = state
        .search
        .clone()
        .filter(|_| !state.files.contains_key(&file) && SearchOnDemand::holds(&file));
    if let Some(search) = search {
        drop(state);
        let made = search.get(&file);
        return made_on_request(shared, &file, made, |why| {
            Line::SearchFailed { why }.text(shared.lang)
        });
    }
    match state.files.get(&file) {
        Some(bytes) if file.ends_with(".html") => html(
            200,
            &inject_reload(&String::from_utf8_lossy(bytes), state.version),
        ),
        Some(bytes) => text(200, &content_type(&file), bytes.to_vec()),
        None if state.files.contains_key(&format!("{file}/index.html")) => {
            redirect(&format!("{base}{file}/"))
        }
        None => not_found(&state),
    }
}

/// The answer for `file`, made on request (a download, a file of the search index): the
/// file; the failure, logged as `log` words it; or, when the site has no such file, 404.
fn made_on_request(
    shared: &Shared,
    file: &str,
    made: Option<Result<Bytes, String>>,
    log: impl FnOnce(&str) -> String,
) -> Response {
    match made {
        Some(Ok(bytes)) => text(200, &content_type(file), bytes.to_vec()),
        Some(Err(why)) => {
            errln!("{}", log(&why));
            let mut failed = Response::refusal(500, &format!("{file}: {why}"));
            failed.close = false;
            failed
        }
        None => not_found(&lock(shared)),
    }
}

/// Decode percent-escapes and refuse anything that could climb out of the site: `..` and `.`
/// segments, backslashes, NUL, malformed escapes, bytes that are not UTF-8. The site is in
/// memory anyway; this keeps URLs unambiguous.
pub fn clean_path(raw: &str) -> Option<String> {
    // `percent_decode_str` passes a malformed escape through as text; we refuse it instead,
    // so that `%2` or `%zz` cannot mean two different files.
    let well_formed = raw.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let path = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    let unsafe_path = !path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path.split('/').any(|seg| seg == ".." || seg == ".");
    (!unsafe_path).then_some(path)
}

fn not_found(state: &State) -> Response {
    let page = state
        .files
        .get("404.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_else(|| simple_page("404", "Not found"));
    html(404, &inject_reload(&page, state.version))
}

fn redirect(to: &str) -> Response {
    let mut r = text(302, "text/plain; charset=utf-8", Vec::new());
    r.location = Some(to.to_string());
    r
}

fn html(status: u16, body: &str) -> Response {
    text(status, "text/html; charset=utf-8", body.as_bytes().to_vec())
}

fn text(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    Response {
        status,
        content_type: content_type.to_string(),
        body,
        location: None,
        allow: false,
        close: false,
    }
}

/// The content type of a file of the site, from its extension; text is always UTF-8 here.
fn content_type(file: &str) -> String {
    let mime = mime_guess::from_path(file)
        .first_raw()
        .unwrap_or("application/octet-stream");
    if mime.starts_with("text/") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// An answer, written by `connections` as an HTTP/1.1 response.
pub(super) struct Response {
    status: u16,
    content_type: String,
    body: Vec<u8>,
    location: Option<String>,
    /// Says which methods are allowed (with 405).
    allow: bool,
    /// Close the connection after this answer: the request was refused, and what follows it
    /// on the connection (a body, the rest of a head) is not worth reading.
    pub close: bool,
}

impl Response {
    /// A refusal in plain text; the connection closes after it.
    pub fn refusal(status: u16, message: &str) -> Response {
        let mut r = text(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        );
        r.close = true;
        r
    }

    /// The status line and headers, with the length of the whole body (also for HEAD).
    pub fn head(&self, close: bool) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        if let Some(location) = &self.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        if self.allow {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The names a request may address this server by. A web page on another site can make its
/// own domain name resolve to 127.0.0.1 (DNS rebinding) and then read the preview as if it
/// were its own; its requests still carry its domain in `Host`, so only names that cannot be
/// rebound are accepted: `localhost` (browsers resolve it to this machine themselves), the
/// loopback addresses and the bound address, each with the port served. Bound to every
/// interface (`--bind 0.0.0.0` or `::`) on purpose, to preview from a phone, any IP address
/// with the port is accepted, since the machine's own addresses are not known in advance and
/// an address cannot be rebound; a domain name (`mymachine.local`) is still refused.
pub(super) struct AllowedHosts {
    bind: IpAddr,
    port: u16,
}

impl AllowedHosts {
    pub fn new(bind: IpAddr, port: u16) -> AllowedHosts {
        AllowedHosts { bind, port }
    }

    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.strip_prefix('[') {
            Some(bracketed) => match bracketed.split_once(']') {
                Some((ip, "")) => (ip, None),
                Some((ip, rest)) => match rest.strip_prefix(':') {
                    Some(port) => (ip, Some(port)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            },
        };
        // Without a port, a browser means 80.
        let port = match port {
            Some(port) => port.parse::<u16>().ok(),
            None => Some(80),
        };
        if port != Some(self.port) {
            return false;
        }
        if !host.starts_with('[') && name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = if host.starts_with('[') {
            name.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
        } else {
            name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
        };
        ip.is_some_and(|ip| ip.is_loopback() || ip == self.bind || self.bind.is_unspecified())
    }

    /// Why a request for `host` is refused, in both languages of the site.
    pub fn refusal(&self, host: &str) -> String {
        let port = self.port;
        let mut names = format!("localhost:{port}, 127.0.0.1:{port}, [::1]:{port}");
        if self.bind.is_unspecified() {
            names.push_str(&format!(", <any IP address>:{port}"));
        } else if !self.bind.is_loopback() {
            names.push_str(&format!(", {}", std::net::SocketAddr::new(self.bind, port)));
        }
        format!(
            "Máy chủ xem trước của minhbach chỉ trả lời các yêu cầu gửi tới {names}; \
yêu cầu này gửi tới {host:?}. Nhờ vậy, trang web của nơi khác không đọc được bản nháp của bạn.\n\
minhbach's preview server only answers requests addressed to {names}; this one was \
addressed to {host:?}. This keeps web pages from other sites from reading your drafts (DNS rebinding)."
        )
    }
}

/// The live-reload script: wait for the next version, then reload. Serve mode only.
fn inject_reload(page: &str, version: u64) -> String {
    let script = format!(
        "<script>(function(){{var v={version};function w(){{fetch('/__minhbach/wait?v='+v,{{cache:'no-store'}}).then(function(r){{if(!r.ok){{throw r}}return r.text()}}).then(function(t){{if(t!==String(v)){{location.reload()}}else{{w()}}}}).catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>"
    );
    match page.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &page[..i], &page[i..]),
        None => format!("{page}{script}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{clean_path, content_type, AllowedHosts};
    use std::net::IpAddr;

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a%5c..%5cb",
            "/a/./b",
            "/a/%2e/b",
            "/x%00",
            "/%zz",
            "/%2",
            "/a%",
            "/%c3%28",
            "relative/path",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(
            clean_path("/dash/provinces/%C4%91%C3%B4ng/").as_deref(),
            Some("/dash/provinces/đông/")
        );
        assert_eq!(clean_path("/a%20b/").as_deref(), Some("/a b/"));
    }

    #[test]
    fn text_files_are_utf8_and_charts_are_svg() {
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("charts/a.svg"), "image/svg+xml");
        assert_eq!(content_type("fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
        // The data downloads.
        assert_eq!(content_type("data/figures.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("data/figures.json"), "application/json");
        assert_eq!(
            content_type("data/provinces/a.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("data/all-data.zip"), "application/zip");
    }

    #[test]
    fn only_names_that_cannot_be_rebound_are_accepted() {
        let loopback = AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), 1111);
        for host in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "localhost",
            "localhost:1112",
            "127.0.0.1",
            "127.0.0.1:1111:1111",
            "[::1]",
            "::1:1111",
            "192.168.1.5:1111",
            "",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let lan = AllowedHosts::new(IpAddr::from([192, 168, 1, 5]), 1111);
        assert!(lan.allows("192.168.1.5:1111") && lan.allows("localhost:1111"));
        assert!(!lan.allows("192.168.1.6:1111"));
        let everywhere = AllowedHosts::new(IpAddr::from([0, 0, 0, 0]), 80);
        assert!(everywhere.allows("192.168.1.6") && everywhere.allows("[fe80::1]:80"));
        assert!(!everywhere.allows("mymachine.local"));
    }
}
