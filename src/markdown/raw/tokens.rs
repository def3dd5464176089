//! Reading a run of raw HTML as the HTML tokenizer reads it (tags, comments, declarations and
//! where each ends), and an HTML block as CommonMark ends it. Only reading: what to do with
//! what is read is the walk's, in `mod.rs`.

use super::Opener;

/// One piece of markup in a run of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Markup {
    /// `<name …>`, name in lowercase; `end` is the offset after `>`.
    Start { name: String, end: usize },
    /// `</name …>`.
    End { name: String, end: usize },
    /// A comment, `<!…>`, `<?…>`, CDATA section or `</>`, closed at `end`.
    Hidden { end: usize },
    /// An opener whose end is not in the run.
    Unclosed(Opener),
}

/// The next markup at or after `from` in `run`, with its offset, read as the HTML tokenizer
/// reads it (tag names end at a space, `/` or `>`; quoted attribute values may hold `>`).
pub(super) fn next_markup(run: &str, from: usize) -> Option<(usize, Markup)> {
    let bytes = run.as_bytes();
    let mut i = from;
    while let Some(skip) = memchr::memchr(b'<', bytes.get(i..)?) {
        let at = i + skip;
        let rest = &run[at..];
        let markup = match bytes.get(at + 1) {
            Some(b'!') if rest.starts_with("<!--") => Some(comment(run, at)),
            Some(b'!') if rest.starts_with("<![CDATA[") => {
                Some(ends_at(run, at + 9, "]]>", Opener::Cdata))
            }
            Some(b'!' | b'?') => Some(ends_at(run, at + 2, ">", Opener::Declaration)),
            Some(b'/') => match bytes.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => Some(tag(run, at + 2, true)),
                Some(b'>') => Some(Markup::Hidden { end: at + 3 }),
                _ => Some(ends_at(run, at + 2, ">", Opener::Declaration)),
            },
            Some(c) if c.is_ascii_alphabetic() => Some(tag(run, at + 1, false)),
            _ => None,
        };
        if let Some(markup) = markup {
            return Some((at, markup));
        }
        i = at + 1;
    }
    None
}

/// A comment starting at `at`: it ends at the first `-->` or `--!>` (or at once, `<!-->`).
fn comment(run: &str, at: usize) -> Markup {
    let body = &run[at + 4..];
    if body.starts_with('>') {
        return Markup::Hidden { end: at + 5 };
    }
    if body.starts_with("->") {
        return Markup::Hidden { end: at + 6 };
    }
    let close = [("-->", 3), ("--!>", 4)]
        .iter()
        .filter_map(|(s, len)| body.find(s).map(|p| p + len))
        .min();
    match close {
        Some(end) => Markup::Hidden { end: at + 4 + end },
        None => Markup::Unclosed(Opener::Comment),
    }
}

fn ends_at(run: &str, from: usize, close: &str, opener: Opener) -> Markup {
    match run.get(from..).and_then(|s| s.find(close)) {
        Some(p) => Markup::Hidden {
            end: from + p + close.len(),
        },
        None => Markup::Unclosed(opener),
    }
}

/// A start or end tag whose name starts at `name_at`.
fn tag(run: &str, name_at: usize, is_end: bool) -> Markup {
    let bytes = run.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut j = name_at;
    while j < bytes.len() && !space(bytes[j]) && bytes[j] != b'/' && bytes[j] != b'>' {
        j += 1;
    }
    let name = run[name_at..j].to_ascii_lowercase();
    // Attributes: a name, then `=` and a value, quoted or not; `>` outside quotes ends the tag.
    loop {
        while j < bytes.len() && (space(bytes[j]) || bytes[j] == b'/') {
            j += 1;
        }
        match bytes.get(j) {
            None => return Markup::Unclosed(Opener::Tag(name)),
            Some(b'>') => break,
            Some(_) => j += 1,
        }
        while j < bytes.len() && !space(bytes[j]) && !matches!(bytes[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        match bytes.get(j) {
            Some(&q) if q == b'"' || q == b'\'' => match memchr::memchr(q, &bytes[j + 1..]) {
                Some(p) => j += p + 2,
                None => return Markup::Unclosed(Opener::Tag(name)),
            },
            _ => {
                while j < bytes.len() && !space(bytes[j]) && bytes[j] != b'>' {
                    j += 1;
                }
            }
        }
    }
    let end = j + 1;
    if is_end {
        Markup::End { name, end }
    } else {
        Markup::Start { name, end }
    }
}

/// The offset of the `<` opening an HTML block of CommonMark types 1–5 whose end condition is
/// not met: `first` and `last` are its first and last lines (`single` when they are one).
/// Such a block ends only with its container, so its last line lacks the end.
pub(in crate::markdown) fn unclosed_block(
    first: &str,
    last: &str,
    single: bool,
) -> Option<(usize, Opener)> {
    let indent = first.len() - first.trim_start_matches(' ').len();
    let line = first.get(indent..)?;
    let head: Vec<u8> = line
        .bytes()
        .take(12)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let element = ["script", "pre", "style", "textarea"]
        .into_iter()
        .find(|name| {
            head.strip_prefix(b"<")
                .and_then(|h| h.strip_prefix(name.as_bytes()))
                .is_some_and(|after| {
                    after.is_empty() || matches!(after[0], b' ' | b'\t' | b'>' | b'\n' | b'\r')
                })
        });
    let (opener, end) = if let Some(name) = element {
        (Opener::Element(name.to_string()), format!("</{name}>"))
    } else if head.starts_with(b"<!--") {
        (Opener::Comment, "-->".to_string())
    } else if head.starts_with(b"<![cdata[") {
        (Opener::Cdata, "]]>".to_string())
    } else if head.starts_with(b"<!") && head.get(2).is_some_and(u8::is_ascii_alphabetic) {
        (Opener::Declaration, ">".to_string())
    } else if head.starts_with(b"<?") {
        (Opener::Declaration, "?>".to_string())
    } else {
        return None;
    };
    // On its first line the end may follow the opener (`<!-->` is a whole comment).
    let searched = if single { line.get(1..)? } else { last };
    let closed = searched.to_ascii_lowercase().contains(&end);
    (!closed).then_some((indent, opener))
}
