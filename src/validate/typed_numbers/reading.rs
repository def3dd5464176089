//! Reading the numbers of a narrative's prose in the page's spelling, and leaving out those
//! that are not figures (the parent module lists what is left out, and why).

use crate::model::Lang;

/// A number as typed in the prose.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Typed {
    /// Byte offset in its run of text, and the text as typed.
    pub at: usize,
    pub text: String,
    pub value: f64,
    /// Its digits without separators, and how many are decimals.
    pub digits: String,
    pub decimals: u32,
    pub percent: bool,
    /// The spelling it was read in.
    pub lang: Lang,
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
            let Some(mut typed) = parse(&text[start..stop], lang, percent) else {
                continue;
            };
            if percent {
                // As typed, with its spacing: "80,01%" or "80,01 %".
                let sign = rest.chars().next().map_or(0, char::len_utf8);
                let end = text.len() - rest.len() + sign;
                typed.text = text[start..end].to_string();
            }
            // A whole percentage ("100 %", "80 %") is most often a target or a manner of
            // speaking, and matches a figure by chance: only rates with decimals are compared.
            let keep = if percent {
                typed.decimals > 0 && typed.value <= 1000.0
            } else {
                typed.decimals == 0
                    && typed.value >= 100.0
                    && !(plain(&(start, stop)) && year(&(start, stop)))
            };
            if keep {
                out.push(Typed { at: start, ..typed });
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
pub(super) fn candidates(body: &str, lang: Lang) -> Option<Vec<Typed>> {
    if body.contains(['\\', '&']) {
        return None;
    }
    let mut out = Vec::new();
    for (i, j) in digit_runs(body) {
        // `numbers` keeps percentages with decimals and whole counts of 100 or more: a run
        // with the decimal mark can only be the first, one without it only the second.
        let token = &body[i..j];
        let percent = token.contains(match lang {
            Lang::Vi => ',',
            Lang::En => '.',
        });
        if percent || j - i >= 3 {
            if let Some(typed) = parse(token, lang, percent) {
                let keep = if percent {
                    typed.decimals > 0 && typed.value <= 1000.0
                } else {
                    typed.decimals == 0 && typed.value >= 100.0
                };
                if keep {
                    out.push(typed);
                }
            }
        }
    }
    Some(out)
}

/// The byte ranges of `text`'s runs of digits with inner separators (`1.006.251`, `73,72`), in
/// order: what [`numbers`] and [`candidates`] both read.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let is_sep = |b: u8| b == b'.' || b == b',';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
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

/// A number in the page's spelling: `1.006.251` or `73,72` in Vietnamese, `1,006,251` or
/// `73.72` in English. `None` for anything else (`4.2` in Vietnamese is a section number).
fn parse(token: &str, lang: Lang, percent: bool) -> Option<Typed> {
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
    let well_grouped = groups.len() == 1
        || (groups
            .first()
            .is_some_and(|g| (1..=3).contains(&g.len()) && !g.starts_with('0'))
            && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped {
        return None;
    }
    let digits: String = groups.concat();
    let whole = format!("{digits}{frac}");
    let value: f64 = if frac.is_empty() {
        digits.parse().ok()?
    } else {
        format!("{digits}.{frac}").parse().ok()?
    };
    Some(Typed {
        at: 0,
        text: token.to_string(),
        value,
        digits: whole.trim_start_matches('0').to_string(),
        decimals: frac.len() as u32,
        percent,
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<(f64, bool)> {
        numbers(text, lang)
            .iter()
            .map(|n| (n.value, n.percent))
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
                        .any(|c| c.value == n.value && c.percent == n.percent),
                    "{} in {text}",
                    n.text
                );
            }
            // Markdown's markers taken out, as the prose reading sees the text.
            let prose = text.replace(['*', '_'], "");
            for n in numbers(&prose, lang) {
                assert!(
                    raw.iter()
                        .any(|c| c.value == n.value && c.percent == n.percent),
                    "{} in {prose}",
                    n.text
                );
            }
        }
        assert!(candidates("a \\_1.006.251", Lang::Vi).is_none());
        assert!(candidates("1&nbsp;006", Lang::Vi).is_none());
    }
}
