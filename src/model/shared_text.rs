//! A part of a file's text that shares the file's bytes instead of copying them.
//!
//! Every file read is kept whole for diagnostics (to quote its lines); a page's body is the
//! file after its front matter. Holding the body as a second `String` kept each narrative
//! twice: on 10,000 Markdown pages that was 73 MB of a 171 MB heap.

use std::ops::{Deref, Range};
use std::sync::Arc;

/// `text[range]`, sharing `text`.
#[derive(Clone, Default)]
pub struct SharedText {
    text: Arc<str>,
    range: Range<usize>,
}

impl SharedText {
    /// The part `part` of `text`, which must be a slice of `text` itself (as `split_front_matter`
    /// returns); otherwise a copy of `part`.
    pub fn within(text: &Arc<str>, part: &str) -> SharedText {
        let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let range = start..start.wrapping_add(part.len());
        match text.get(range.clone()) {
            Some(slice) if std::ptr::eq(slice.as_ptr(), part.as_ptr()) => SharedText {
                text: Arc::clone(text),
                range,
            },
            _ => SharedText::from(part),
        }
    }

    /// The text as a `str`.
    pub fn as_str(&self) -> &str {
        self.text.get(self.range.clone()).unwrap_or("")
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> SharedText {
        SharedText {
            text: Arc::from(s),
            range: 0..s.len(),
        }
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The same text, byte for byte. The same part of the same shared text is that without
/// reading it (`serve` takes an unchanged file's text from the rebuild before: its bodies are
/// compared with those of that rebuild's pages).
impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        (Arc::ptr_eq(&self.text, &other.text) && self.range == other.range)
            || self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_the_text_shares_it_and_reads_the_same() {
        let text: Arc<str> = Arc::from("---\ntitle: Bài viết\n---\nThân bài, đủ dấu.\n");
        let body = &text[text.find("Thân").unwrap()..];
        let shared = SharedText::within(&text, body);
        assert_eq!(shared.as_str(), body);
        assert!(
            std::ptr::eq(shared.as_str().as_ptr(), body.as_ptr()),
            "copied, not shared"
        );
        assert_eq!(Arc::strong_count(&text), 2);
    }

    #[test]
    fn parts_are_equal_when_their_bytes_are() {
        let text: Arc<str> = Arc::from("abcabd");
        let part = |r: std::ops::Range<usize>| SharedText::within(&text, &text[r]);
        assert_eq!(part(0..2), part(0..2));
        assert_eq!(
            part(0..2),
            part(3..5),
            "the same bytes elsewhere in the text"
        );
        assert_ne!(part(0..3), part(3..6));
        assert_eq!(part(3..6), SharedText::from("abd"));
        assert_ne!(part(0..3), SharedText::from("abd"));
    }

    #[test]
    fn text_from_elsewhere_is_copied_whole() {
        let text: Arc<str> = Arc::from("abcdef");
        let other = String::from("cd");
        let shared = SharedText::within(&text, &other);
        assert_eq!(shared.as_str(), "cd");
        assert_eq!(Arc::strong_count(&text), 1, "kept a file it is not part of");
        assert_eq!(SharedText::within(&text, ""), SharedText::from(""));
    }
}
