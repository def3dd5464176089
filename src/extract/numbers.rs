//! Numbers read the Vietnamese way: a dot groups thousands (`1.563.652`), a comma marks the
//! decimals (`47,41`). The exceptions the reports hold are read too: commas grouping thousands
//! (`1,300,879`, several groups of three), a dot before one or two digits (`98.01`, read as
//! decimals and flagged), and a comma before three digits followed by a scale word (`40,795 tỷ`).
//!
//! Input: one line of a report. Output: its number tokens with their byte span, value and
//! printed decimals. Footnote markers are blanked first (`14/16⁴` is 14/16, never 14/164), and
//! digits glued to a letter (`xong1`, `C06`, `380V`) are not numbers of the text.

/// A number of the text, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Byte span in the cleaned line.
    pub start: usize,
    pub end: usize,
    /// As printed.
    pub text: String,
    pub value: f64,
    /// Decimals as printed (`80,10` has 2).
    pub decimals: u32,
    /// Written in a form the Vietnamese convention does not use (`98.01`, `1,300,879`).
    pub unusual: bool,
}

/// The line with footnote markers and decoration blanked (one space per character): the
/// superscript digits and parentheses, private-use glyphs (Wingdings bullets) and the
/// asterisks and underscores of Markdown emphasis.
pub fn clean(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2070}'..='\u{209F}' => ' ',
            '\u{E000}'..='\u{F8FF}' => ' ',
            '*' | '_' => ' ',
            '\u{00A0}' => ' ',
            c => c,
        })
        .collect()
}

/// The cleaned line folded for matching, one character for one (`Hồ sơ` → `ho so`): the
/// positions of a folded line are those of the cleaned line counted in characters, and its
/// digits, dots and commas are the same bytes.
pub fn fold_line(cleaned: &str) -> String {
    cleaned
        .chars()
        .map(|c| {
            let base = crate::model::fold::fold_char(c).unwrap_or(' ');
            let mut lower = base.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => base,
            }
        })
        .collect()
}

/// Read `text` (digits, dots and commas only) the Vietnamese way: the value, the printed
/// decimals, and whether the form is unusual.
pub fn read(text: &str) -> Option<(f64, u32, bool)> {
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    let groups_of_three = |sep: char| text.split(sep).skip(1).all(|g| g.len() == 3);
    let plain = |s: &str| s.parse::<f64>().ok();
    match (dots, commas) {
        (0, 0) => Some((plain(text)?, 0, false)),
        (_, 0) if groups_of_three('.') => Some((plain(&text.replace('.', ""))?, 0, false)),
        (1, 0) => {
            let decimals = text.split('.').nth(1).map_or(0, str::len) as u32;
            Some((plain(text)?, decimals, true))
        }
        // A single comma is a decimal comma, even before three digits (`40,795 tỷ`): the
        // Vietnamese convention.
        (0, 1) => {
            let decimals = text.split(',').nth(1).map_or(0, str::len) as u32;
            Some((plain(&text.replace(',', "."))?, decimals, false))
        }
        (0, _) if groups_of_three(',') => Some((plain(&text.replace(',', ""))?, 0, true)),
        (_, 1) => {
            let (whole, decimal) = text.split_once(',')?;
            if !whole.split('.').skip(1).all(|g| g.len() == 3) {
                return None;
            }
            let joined = format!("{}.{decimal}", whole.replace('.', ""));
            Some((plain(&joined)?, decimal.len() as u32, false))
        }
        _ => None,
    }
}

/// The number tokens of a cleaned line.
pub fn scan(line: &str) -> Vec<Number> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || ((bytes[end] == b'.' || bytes[end] == b',')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
        {
            end += 1;
        }
        i = end;
        let glued_before = line[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let glued_after = line[end..].chars().next().is_some_and(char::is_alphabetic);
        if glued_before || glued_after {
            continue;
        }
        let text = &line[start..end];
        if let Some((value, decimals, unusual)) = read(text) {
            out.push(Number {
                start,
                end,
                text: text.to_string(),
                value,
                decimals,
                unusual,
            });
        }
    }
    out
}

/// `value` written the machine way: `1563652`, `47.41`, `80.10` (the printed decimals kept).
pub fn machine(value: f64, decimals: u32) -> String {
    format!("{value:.*}", decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_unusual_forms() {
        let v = |t: &str| read(t).map(|(v, d, _)| (v, d));
        assert_eq!(v("1.563.652"), Some((1563652.0, 0)));
        assert_eq!(v("47,41"), Some((47.41, 2)));
        assert_eq!(v("18.535"), Some((18535.0, 0)));
        assert_eq!(v("98.01"), Some((98.01, 2)));
        assert_eq!(v("1,300,879"), Some((1300879.0, 0)));
        assert_eq!(v("1.234,5"), Some((1234.5, 1)));
        assert_eq!(v("40,795"), Some((40.795, 3)));
    }
}
