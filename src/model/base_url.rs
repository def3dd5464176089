//! The address the site is served at: one checked type for `base_url` of site.yaml and for
//! `--base-url` of `build` and `serve`.
//!
//! The base URL is copied as it is into every page's links, the sitemap, the feeds and
//! `robots.txt`, where a line break starts a new directive, a quote ends an attribute and a
//! path that starts with `//` names another host. So it is checked once, where it comes in,
//! and everything after holds a [`BaseUrl`], which only [`BaseUrl::parse`] makes.

use super::Lang;
use std::fmt;

/// An absolute `http://` or `https://` address with a host, made of the characters an address
/// may carry unescaped, without a query or fragment, ending with `/`:
/// `https://example.org/dashboards/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// What is wrong with a base URL. The variants are ordered as the checks run: the first
/// problem found is the one reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseUrlProblem {
    /// Not `http://` or `https://` followed by something.
    NotAbsolute,
    /// A space, line break or other control character inside the address.
    Invisible,
    /// A `?` or `#`: links are made by appending paths, which would land in the query.
    QueryOrFragment,
    /// No host, a malformed host or port, or a `user@` part (which every page would publish).
    Host,
    /// A character that must be percent-encoded (a quote, `&`, a Vietnamese letter, a `%` not
    /// followed by two hexadecimal digits).
    Character(char),
    /// An empty, `.` or `..` segment: `https://example.org//` would make every link `//…`, a
    /// link to another host.
    Segment,
}

/// A rejected base URL: the text as given (shortened for display) and its first problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    shown: String,
    pub problem: BaseUrlProblem,
}

impl BaseUrl {
    /// Check `text` (surrounding whitespace is ignored) and add the trailing `/` if missing.
    pub fn parse(text: &str) -> Result<BaseUrl, BaseUrlError> {
        let text = text.trim();
        let fail = |problem| {
            Err(BaseUrlError {
                shown: shown(text),
                problem,
            })
        };
        let rest = match text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        {
            Some(rest) if !rest.is_empty() => rest,
            _ => return fail(BaseUrlProblem::NotAbsolute),
        };
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return fail(BaseUrlProblem::Invisible);
        }
        if rest.contains(['?', '#']) {
            return fail(BaseUrlProblem::QueryOrFragment);
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !valid_authority(authority) {
            return fail(BaseUrlProblem::Host);
        }
        if let Some(c) = unescaped(path) {
            return fail(BaseUrlProblem::Character(c));
        }
        let inner = path.trim_start_matches('/').trim_end_matches('/');
        let bad_segment = |s: &str| s.is_empty() || s == "." || s == "..";
        if path.starts_with("//") || (!inner.is_empty() && inner.split('/').any(bad_segment)) {
            return fail(BaseUrlProblem::Segment);
        }
        let mut url = text.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read-only access to the text, so that code taking a `&str` takes a `&BaseUrl` unchanged.
impl std::ops::Deref for BaseUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `host` or `host:port`; the host a DNS name (ASCII letters, digits, hyphens, dots) or an IP
/// address, IPv6 in brackets.
fn valid_authority(authority: &str) -> bool {
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let Some((address, port)) = v6.split_once(']') else {
                return false;
            };
            let hex = |b: u8| b.is_ascii_hexdigit() || b == b':' || b == b'.';
            (!address.is_empty() && address.bytes().all(hex), port)
        }
        None => {
            let (host, port) = authority.split_at(authority.find(':').unwrap_or(authority.len()));
            (host.split('.').all(dns_label), port)
        }
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => {
            (1..=5).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u32>().is_ok_and(|n| n <= 65535)
        }
    };
    host_ok && port_ok
}

fn dns_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// The first character of `path` that an address cannot carry as it is (RFC 3986 `pchar`
/// and `/`, less `'` and `&`, which would need escaping in the HTML and XML that quote it).
fn unescaped(path: &str) -> Option<char> {
    let bytes = path.as_bytes();
    for (i, c) in path.char_indices() {
        let ok = match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => true,
            '-' | '.' | '_' | '~' | '/' | '!' | '$' | '(' | ')' | '*' | '+' | ',' | ';' | '='
            | ':' | '@' => true,
            '%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            _ => false,
        };
        if !ok {
            return Some(c);
        }
    }
    None
}

/// The text for a message: control characters written as escapes (`\n`), never raw, so
/// the message itself stays on its line; at most 100 characters.
fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 100 {
            out.push('…');
            break;
        }
        if c.is_control() || (c.is_whitespace() && c != ' ') {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// `c` percent-encoded, as the help proposes it (`ệ` → `%E1%BB%87`).
fn percent_encoded(c: char) -> String {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

const EXAMPLE: &str = "\"https://example.org/dashboards/\"";

impl BaseUrlError {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let u = &self.shown;
        match (self.problem, lang) {
            (BaseUrlProblem::Invisible, Lang::En) => format!("`{u}` contains a space, a line break or another invisible character"),
            (BaseUrlProblem::Invisible, Lang::Vi) => format!("`{u}` có dấu cách, dấu xuống dòng hoặc một ký tự không nhìn thấy"),
            (BaseUrlProblem::NotAbsolute, Lang::En) => format!("`{u}` is not an absolute web address"),
            (BaseUrlProblem::NotAbsolute, Lang::Vi) => format!("`{u}` không phải là một địa chỉ web đầy đủ"),
            (BaseUrlProblem::QueryOrFragment, Lang::En) => format!("`{u}` has a query (`?`) or a fragment (`#`), which a base address cannot have"),
            (BaseUrlProblem::QueryOrFragment, Lang::Vi) => format!("`{u}` có phần truy vấn (`?`) hoặc phần neo (`#`), điều mà địa chỉ gốc không được có"),
            (BaseUrlProblem::Host, Lang::En) => format!("`{u}` has no valid host name after `://`"),
            (BaseUrlProblem::Host, Lang::Vi) => format!("`{u}` không có tên miền hợp lệ sau `://`"),
            (BaseUrlProblem::Character(c), Lang::En) => format!("`{u}` contains `{c}`, which a web address must write percent-encoded"),
            (BaseUrlProblem::Character(c), Lang::Vi) => format!("`{u}` có ký tự `{c}`, ký tự này phải được mã hoá phần trăm trong địa chỉ web"),
            (BaseUrlProblem::Segment, Lang::En) => format!("`{u}` has an empty, `.` or `..` part in its path"),
            (BaseUrlProblem::Segment, Lang::Vi) => format!("`{u}` có một đoạn rỗng, `.` hoặc `..` trong đường dẫn"),
        }
    }

    /// How to correct it, in `lang`.
    pub fn help(&self, lang: Lang) -> String {
        match (self.problem, lang) {
            (BaseUrlProblem::Invisible, Lang::En) => "write the address on one line, without spaces (a space inside a path is written `%20`)".into(),
            (BaseUrlProblem::Invisible, Lang::Vi) => "hãy viết địa chỉ trên một dòng, không có dấu cách (dấu cách trong đường dẫn được viết là `%20`)".into(),
            (BaseUrlProblem::NotAbsolute, Lang::En) => format!("write the address the site will be served at, e.g. {EXAMPLE}"),
            (BaseUrlProblem::NotAbsolute, Lang::Vi) => format!("hãy viết địa chỉ mà trang web sẽ được đăng lên, bắt đầu bằng https://, ví dụ {EXAMPLE}"),
            (BaseUrlProblem::QueryOrFragment, Lang::En) => format!("remove everything from the `?` or `#` on, e.g. {EXAMPLE}"),
            (BaseUrlProblem::QueryOrFragment, Lang::Vi) => format!("hãy bỏ mọi thứ từ dấu `?` hoặc `#` trở đi, ví dụ {EXAMPLE}"),
            (BaseUrlProblem::Host, Lang::En) => "write the host name (and a port if needed) right after `https://`, e.g. \"https://example.org/\" or \"http://localhost:8000/\"; a name with Vietnamese letters is written in its `xn--` form".into(),
            (BaseUrlProblem::Host, Lang::Vi) => "hãy viết tên miền (và cổng nếu cần) ngay sau `https://`, ví dụ \"https://example.org/\" hoặc \"http://localhost:8000/\"; tên miền có dấu tiếng Việt phải viết ở dạng `xn--`".into(),
            (BaseUrlProblem::Character(c), Lang::En) => format!("write `{c}` as `{}`", percent_encoded(c)),
            (BaseUrlProblem::Character(c), Lang::Vi) => format!("hãy viết `{c}` thành `{}`", percent_encoded(c)),
            (BaseUrlProblem::Segment, Lang::En) => format!("write the path as a browser shows it, without `//`, `/./` or `/../`, e.g. {EXAMPLE}"),
            (BaseUrlProblem::Segment, Lang::Vi) => format!("hãy viết đường dẫn như trình duyệt hiển thị, không có `//`, `/./` hay `/../`, ví dụ {EXAMPLE}"),
        }
    }
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for BaseUrlError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<BaseUrlProblem> {
        BaseUrl::parse(text).err().map(|e| e.problem)
    }

    #[test]
    fn accepts_hosts_ports_and_subpaths_and_adds_the_slash() {
        for (given, kept) in [
            ("https://example.org", "https://example.org/"),
            ("https://example.org/", "https://example.org/"),
            (
                "http://localhost:8000/preview",
                "http://localhost:8000/preview/",
            ),
            (
                "https://a.example.org/dash/board/",
                "https://a.example.org/dash/board/",
            ),
            ("https://127.0.0.1/d%C3%A2n/", "https://127.0.0.1/d%C3%A2n/"),
            ("http://[::1]:1111/", "http://[::1]:1111/"),
            ("  https://example.org/x\n", "https://example.org/x/"),
        ] {
            let url = BaseUrl::parse(given).map(|u| u.to_string());
            assert_eq!(url.as_deref(), Ok(kept), "{given:?}");
        }
    }

    #[test]
    fn names_the_first_problem() {
        use BaseUrlProblem::*;
        for (given, expected) in [
            ("https://example.org/\nDisallow: /", Invisible),
            ("https://example.org/a b/", Invisible),
            ("https://example.org/\u{85}x/", Invisible),
            ("https://example.org/a\u{2028}b/", Invisible),
            ("not a url", NotAbsolute),
            ("example.org/test", NotAbsolute),
            ("ftp://example.org/", NotAbsolute),
            ("https://", NotAbsolute),
            ("https://example.org/?x=1", QueryOrFragment),
            ("https://example.org/#top", QueryOrFragment),
            ("https:///path/", Host),
            ("https://user:secret@example.org/", Host),
            ("https://example..org/", Host),
            ("https://example.org:99999/", Host),
            ("https://example.org:/", Host),
            ("https://bộcôngan.vn/", Host),
            ("https://example.org/\"onload=/", Character('"')),
            ("https://example.org/a&b/", Character('&')),
            ("https://example.org/dân/", Character('â')),
            ("https://example.org/100%/", Character('%')),
            ("https://example.org//", Segment),
            ("https://example.org/a//b/", Segment),
            ("https://example.org/a/../b/", Segment),
        ] {
            assert_eq!(problem(given), Some(expected), "{given:?}");
        }
    }

    #[test]
    fn a_message_never_carries_a_raw_line_break() {
        let e = BaseUrl::parse("https://x.org/\nDisallow: /").err();
        let m = e.map(|e| e.message(Lang::En)).unwrap_or_default();
        assert_eq!(
            m,
            "`https://x.org/\\nDisallow: /` contains a space, a line break or another invisible character"
        );
    }

    #[test]
    fn the_help_spells_the_escape() {
        let e = BaseUrl::parse("https://example.org/dân/").err();
        assert_eq!(
            e.map(|e| e.help(Lang::En)).as_deref(),
            Some("write `â` as `%C3%A2`")
        );
    }
}
