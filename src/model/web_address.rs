//! Addresses outside the site that a page links to: a publisher's home page, a licence, where
//! to report an error. Checked once, where they come in (`site.yaml`), so a page can put them
//! in an `href` without a second thought.

use std::fmt;

/// An absolute `http://` or `https://` address with a host, without spaces, control
/// characters or the characters that cannot appear unescaped in an address (`"`, `<`, `>`,
/// `\`, `` ` ``, `{`, `}`, `|`, `^`). A query and a fragment are allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAddress(String);

/// An e-mail address as far as a page needs it: one `@`, something before it, a domain with a
/// dot after it, nothing that would break out of a `mailto:` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

const FORBIDDEN: &[char] = &['"', '<', '>', '\\', '`', '{', '}', '|', '^', '\''];

impl WebAddress {
    pub fn parse(text: &str) -> Option<WebAddress> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))?;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        let clean = |c: char| !c.is_whitespace() && !c.is_control() && !FORBIDDEN.contains(&c);
        let host_ok = !host.is_empty()
            && !host.contains('@')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        (host_ok && text.chars().all(clean)).then(|| WebAddress(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Email {
    pub fn parse(text: &str) -> Option<Email> {
        let text = text.trim();
        let (local, domain) = text.split_once('@')?;
        let clean = |c: char| {
            !c.is_whitespace()
                && !c.is_control()
                && !FORBIDDEN.contains(&c)
                && !matches!(c, '@' | '?' | '#' | '&' | '/' | ':' | ',' | ';')
        };
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && local.chars().all(clean)
            && domain.chars().all(clean);
        ok.then(|| Email(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `mailto:` link to this address.
    pub fn href(&self) -> String {
        format!("mailto:{}", self.0)
    }
}

impl fmt::Display for WebAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        for ok in [
            "https://creativecommons.org/licenses/by/4.0/",
            "http://example.org",
            "https://vanban.chinhphu.vn/?pageid=27160&docid=213960#top",
            "https://[::1]:8080/x",
        ] {
            assert!(WebAddress::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "example.org",
            "ftp://example.org/",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://user@example.org/",
            "https://example.org/a b",
            "https://example.org/\"onmouseover=",
            "https://example.org/\nx",
            "https://exa mple.org/",
        ] {
            assert!(WebAddress::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn emails() {
        let e = Email::parse(" sai-sot@example.gov.vn ");
        assert_eq!(
            e.as_ref().map(Email::href).as_deref(),
            Some("mailto:sai-sot@example.gov.vn")
        );
        for bad in [
            "",
            "no-at-sign",
            "@example.org",
            "a@localhost",
            "a@b@example.org",
            "a b@example.org",
            "a@example.org?subject=x",
            "a@example.org\"",
            "a@.org",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad:?}");
        }
    }
}
