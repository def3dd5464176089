//! Escaping text for HTML and XML: pages, SVG charts, feeds, the sitemap, the preview's error
//! page. One function everywhere, the one Tera escapes templates with (`pulldown-cmark-escape`,
//! as Tera is built with `fast_escape`), so a text reads alike wherever it is written.
//! `& < > " '` become references, which is safe in element content and in quoted attributes
//! of both HTML and XML.

/// `s` escaped, appended to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let Ok(()) = pulldown_cmark_escape::escape_html(Sink(out), s);
}

/// `s` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// A `String` as the escaper's output, with the error type saying that pushing to a
/// `String` cannot fail.
struct Sink<'a>(&'a mut String);

impl pulldown_cmark_escape::StrWrite for Sink<'_> {
    type Error = std::convert::Infallible;

    fn write_str(&mut self, s: &str) -> Result<(), Self::Error> {
        self.0.push_str(s);
        Ok(())
    }

    fn write_fmt(&mut self, args: std::fmt::Arguments) -> Result<(), Self::Error> {
        // Formatting into a `String` fails only if a `Display` impl lies; the escaper
        // passes plain string pieces.
        self.0.push_str(&args.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_become_references() {
        assert_eq!(
            super::escape(r#"<a href="x" title='y'>Đồng & Tháp</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Đồng &amp; Tháp&lt;/a&gt;"
        );
    }
}
