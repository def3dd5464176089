//! Reading the numbers of a narrative's prose in the page's spelling, and leaving out those
//! that are not figures (the parent module lists what is left out, and why).

use crate::model::Lang;

/// A number as typed in the prose.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Typed {
    /// Byte offset in its run of text, and the text as typed.
    pub at: usize,
    pub text: String,
    pub key: Key,
    /// The spelling it was read in.
    pub lang: Lang,
}

/// What comparing a number with the figures needs, made without allocating (the pre-read of
/// a national site's narratives reads millions of numbers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Key {
    pub value: f64,
    /// How many of its digits are decimals.
    pub decimals: u32,
    pub percent: bool,
    /// Its digits without separators or leading zeros, when there are at most
    /// [`Digits::MAX`] (beyond, no float holds the number exactly).
    pub digits: Option<Digits>,
}

/// Up to [`Digits::MAX`] ASCII digits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Digits {
    bytes: [u8; Digits::MAX],
    len: u8,
}

impl Digits {
    pub const MAX: usize = 17;

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// The numbers of `text` worth comparing with figures (see the module's comment for what is
/// left out), in order.
pub(super) fn numbers(text: &str, lang: Lang) -> Vec<Typed> {
    let bytes = text.as_bytes();
    let glued = |c: Option<char>| {
        c.is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '.' | ',' | '§' | '_' | '-' | '\0' | '/')
        })
    };
    // Each run of digits and inner separators, with what is around it.
    let runs: Vec<(usize, usize)> = digit_runs(text).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        // A chain `a/b/c` of runs: a date when it ends with a year or has three parts.
        let mut end = k;
        while end + 1 < runs.len()
            && runs[end].1 + 1 == runs[end + 1].0
            && bytes[runs[end].1] == b'/'
        {
            end += 1;
        }
        let chain = &runs[k..=end];
        k = end + 1;
        let plain = |r: &(usize, usize)| text[r.0..r.1].bytes().all(|b| b.is_ascii_digit());
        let year = |r: &(usize, usize)| {
            plain(r)
                && text[r.0..r.1]
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2100).contains(&y))
        };
        if chain.len() >= 3
            || (chain.len() == 2
                && (chain.last().is_some_and(year)
                    || chain.iter().all(|r| plain(r) && r.1 - r.0 <= 2)))
        {
            continue;
        }
        let last_end = chain.last().map_or(0, |r| r.1);
        let after_chain = text[last_end..].chars().next();
        // `117/BC-UBND`, `06/QĐ-TTg`: a document number.
        if after_chain == Some('/') {
            continue;
        }
        for (n, &(start, stop)) in chain.iter().enumerate() {
            let before = text[..start].chars().next_back();
            let after = text[stop..].chars().next();
            let inner_slash = |c: Option<char>, edge: bool| c == Some('/') && !edge;
            let glued_before = glued(before) && !inner_slash(before, n == 0);
            let glued_after = after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '\0'))
                || (after == Some('-')
                    && text[stop + 1..].starts_with(|c: char| c.is_ascii_digit()));
            if glued_before || glued_after {
                continue;
            }
            let rest = text[stop..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
            let percent = rest.starts_with('%') || rest.starts_with('％');
            let Some(key) = read(&text[start..stop], lang, percent) else {
                continue;
            };
            // As typed, with its spacing for a percentage: "80,01%" or "80,01 %".
            let end = match percent {
                true => text.len() - rest.len() + rest.chars().next().map_or(0, char::len_utf8),
                false => stop,
            };
            // A whole percentage ("100 %", "80 %") is most often a target or a manner of
            // speaking, and matches a figure by chance: only rates with decimals are compared.
            if worth_comparing(&key) && !(!percent && plain(&(start, stop)) && year(&(start, stop)))
            {
                out.push(Typed {
                    at: start,
                    text: text[start..end].to_string(),
                    key,
                    lang,
                });
            }
        }
    }
    out
}

/// Every number of `body` that [`numbers`] could find in its prose, and more: each run of
/// digits and inner separators read in the page's spelling (a percentage when it has decimals,
/// else a count), whatever is around it (`numbers` then leaves out years, dates, glued
/// numbers). Read from the raw Markdown, without parsing it: when none of these can be a figure, the prose need not be
/// parsed at all. A body with a backslash or an entity is not pre-read (`None`): an escape can
/// join what the raw text splits.
pub(super) fn candidates(body: &str, lang: Lang) -> Option<Vec<Key>> {
    if memchr::memchr2(b'\\', b'&', body.as_bytes()).is_some() {
        return None;
    }
    let (_, mark) = lang.separators();
    let mut out = Vec::new();
    for (i, j) in digit_runs(body) {
        // `numbers` keeps percentages with decimals and whole counts of 100 or more: a run
        // with the decimal mark can only be the first, one without it only the second.
        let token = &body[i..j];
        let percent = token.as_bytes().contains(&(mark as u8));
        if percent || j - i >= 3 {
            if let Some(key) = read(token, lang, percent).filter(worth_comparing) {
                out.push(key);
            }
        }
    }
    Some(out)
}

/// Whether a number is compared with figures at all: a percentage with decimals (up to
/// 1000 %), or a whole count of 100 or more.
fn worth_comparing(key: &Key) -> bool {
    match key.percent {
        true => key.decimals > 0 && key.value <= 1000.0,
        false => key.decimals == 0 && key.value >= 100.0,
    }
}

/// The byte ranges of `text`'s runs of digits with inner separators (`1.006.251`, `73,72`), in
/// order: what [`numbers`] and [`candidates`] both read.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let is_sep = |b: u8| b == b'.' || b == b',';
    let mut i = 0;
    std::iter::from_fn(move || {
        i = next_digit(bytes, i)?;
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (is_sep(bytes[i]) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        Some((start, i))
    })
}

/// Where the first ASCII digit at or after `from` is. Narratives are mostly letters: sixteen
/// bytes are tested at a time (a test without an early exit, which the compiler turns into
/// vector instructions), then the one found is located.
pub(super) fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let is_digit = |b: &u8| b.wrapping_sub(b'0') < 10;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(16);
    let mut at = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, b| any | is_digit(b)) {
            return chunk.iter().position(is_digit).map(|k| at + k);
        }
        at += 16;
    }
    chunks.remainder().iter().position(is_digit).map(|k| at + k)
}

/// A number in the page's spelling: `1.006.251` or `73,72` in Vietnamese, `1,006,251` or
/// `73.72` in English. `None` for anything else (`4.2` in Vietnamese is a section number).
fn read(token: &str, lang: Lang, percent: bool) -> Option<Key> {
    let (group, mark) = lang.separators();
    let (int, frac) = match token.split_once(mark) {
        Some((i, f)) if !f.contains([group, mark]) => (i, f),
        Some(_) => return None,
        None => (token, ""),
    };
    let mut groups = int.split(group);
    let first = groups.next().unwrap_or_default();
    let mut rest = groups.peekable();
    let well_grouped = rest.peek().is_none()
        || ((1..=3).contains(&first.len())
            && !first.starts_with('0')
            && rest.all(|g| g.len() == 3));
    if !well_grouped {
        return None;
    }
    // The digits, then `.` and the decimals: the text the value is read from. A run too long
    // for the buffer is read the slow way (only hostile input has one).
    let mut buffer = [0u8; 64];
    let mut len = 0;
    let mut put = |bytes: &[u8]| -> Option<()> {
        buffer
            .get_mut(len..len + bytes.len())?
            .copy_from_slice(bytes);
        len += bytes.len();
        Some(())
    };
    let short = int
        .split(group)
        .try_for_each(|g| put(g.as_bytes()))
        .and_then(|()| match frac.is_empty() {
            true => Some(()),
            false => put(b".").and_then(|()| put(frac.as_bytes())),
        });
    let text: std::borrow::Cow<str> = match short {
        Some(()) => std::borrow::Cow::Borrowed(std::str::from_utf8(&buffer[..len]).ok()?),
        None => {
            let digits: String = int.split(group).collect();
            match frac.is_empty() {
                true => std::borrow::Cow::Owned(digits),
                false => std::borrow::Cow::Owned(format!("{digits}.{frac}")),
            }
        }
    };
    let value: f64 = text.parse().ok()?;
    // Every digit without the point, leading zeros left out.
    let mut kept = [0u8; Digits::MAX];
    let mut n = 0;
    let mut fits = true;
    for b in text
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|b| *b == b'0')
    {
        match kept.get_mut(n) {
            Some(slot) => *slot = b,
            None => {
                fits = false;
                break;
            }
        }
        n += 1;
    }
    let digits = fits.then_some(Digits {
        bytes: kept,
        len: n as u8,
    });
    Some(Key {
        value,
        decimals: frac.len() as u32,
        percent,
        digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<(f64, bool)> {
        numbers(text, lang)
            .iter()
            .map(|n| (n.key.value, n.key.percent))
            .collect()
    }

    #[test]
    fn reads_numbers_as_the_page_spells_them() {
        let vi = "đã giải quyết 88.161 hồ sơ, đạt 73,72 % và 16/1.166 hồ sơ.";
        assert_eq!(
            values(vi, Lang::Vi),
            vec![(88161.0, false), (73.72, true), (1166.0, false)]
        );
        let en = "88,161 applications, 73.72% online.";
        assert_eq!(values(en, Lang::En), vec![(88161.0, false), (73.72, true)]);
    }

    #[test]
    fn leaves_out_dates_years_documents_and_sections() {
        let vi = "Báo cáo 117/BC-UBND ngày 05/7/2024, năm 2024, mục II.4.1, mục 4.2, Đề án 06, tệp 000_713668bcec0a0089.txt, từ 2023-12-16, dòng L120.";
        assert_eq!(values(vi, Lang::Vi), vec![]);
        assert_eq!(values("1.234.5 và 12.34", Lang::Vi), vec![]);
    }

    /// The reading that allocates nothing gives what the plain reading of earlier versions
    /// gave: the value, the decimals and the digits without leading zeros.
    #[test]
    fn reads_as_the_plain_reading_did() {
        fn plain(token: &str, lang: Lang) -> Option<(f64, u32, Option<String>)> {
            let (group, mark) = match lang {
                Lang::Vi => ('.', ','),
                Lang::En => (',', '.'),
            };
            let (int, frac) = match token.split_once(mark) {
                Some((i, f)) if !f.contains([group, mark]) => (i, f),
                Some(_) => return None,
                None => (token, ""),
            };
            let groups: Vec<&str> = int.split(group).collect();
            let ok = groups.len() == 1
                || (groups[0].len() <= 3
                    && !groups[0].is_empty()
                    && !groups[0].starts_with('0')
                    && groups[1..].iter().all(|g| g.len() == 3));
            if !ok {
                return None;
            }
            let digits = groups.concat();
            let value: f64 = match frac.is_empty() {
                true => digits.parse().ok()?,
                false => format!("{digits}.{frac}").parse().ok()?,
            };
            let all = format!("{digits}{frac}")
                .trim_start_matches('0')
                .to_string();
            let kept = (all.len() <= Digits::MAX).then_some(all);
            Some((value, frac.len() as u32, kept))
        }
        let long = "9".repeat(70);
        let long_frac = format!("1,{}", "5".repeat(80));
        let tokens = [
            "1.006.251",
            "73,72",
            "00,05",
            "0,5",
            "007",
            "1.234.5",
            "12.34",
            "1.23",
            "100",
            "123456789012345678",
            "12345678901234567",
            "0000000000000000000001",
            "1,2,3",
            "1.006.251,5",
            &long,
            &long_frac,
            "0",
            "000",
        ];
        for lang in [Lang::Vi, Lang::En] {
            for token in tokens {
                let got = read(token, lang, false).map(|k| {
                    let digits = k
                        .digits
                        .map(|d| String::from_utf8_lossy(d.as_bytes()).into_owned());
                    (k.value, k.decimals, digits)
                });
                assert_eq!(got, plain(token, lang), "{token} ({lang:?})");
            }
        }
    }

    /// Digits are found wherever they stand, across the sixteen-byte steps of the scan.
    #[test]
    fn finds_the_next_digit_anywhere() {
        for len in 0..40 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'7';
                for from in 0..=len {
                    let want = (from <= at).then_some(at);
                    assert_eq!(
                        next_digit(&text, from),
                        want,
                        "len {len}, digit at {at}, from {from}"
                    );
                }
            }
            assert_eq!(next_digit(&vec![b'/'; len], 0), None);
            assert_eq!(next_digit(&vec![b':'; len], 0), None);
        }
        assert_eq!(next_digit(b"abc", 9), None);
    }

    /// The raw pre-read finds every number the prose reading finds (so skipping the parse
    /// when none of them is a figure never hides one), wherever Markdown puts it.
    #[test]
    fn the_raw_pre_read_finds_every_number_of_the_prose() {
        for (text, lang) in [
            (
                "đã giải quyết 88.161 hồ sơ, đạt 73,72 % và 16/1.166 hồ sơ.",
                Lang::Vi,
            ),
            (
                "*1.006.215* người, **80,01**%, _1.256.188_, | 2.050 | 43,49% |",
                Lang::Vi,
            ),
            ("88,161 applications, 73.72% online, (1,006,215).", Lang::En),
        ] {
            let raw = candidates(text, lang).unwrap_or_default();
            for n in numbers(text, lang) {
                assert!(
                    raw.iter()
                        .any(|c| c.value == n.key.value && c.percent == n.key.percent),
                    "{} in {text}",
                    n.text
                );
            }
            // Markdown's markers taken out, as the prose reading sees the text.
            let prose = text.replace(['*', '_'], "");
            for n in numbers(&prose, lang) {
                assert!(
                    raw.iter()
                        .any(|c| c.value == n.key.value && c.percent == n.key.percent),
                    "{} in {prose}",
                    n.text
                );
            }
        }
        assert!(candidates("a \\_1.006.251", Lang::Vi).is_none());
        assert!(candidates("1&nbsp;006", Lang::Vi).is_none());
    }
}
