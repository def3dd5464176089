//! Numbers as authors write them, and rates as reports print them.
//!
//! Vietnamese reports write `1.563.652` and `47,41 %`. Typed into YAML, the first is a string
//! and the second a string too; `1.563` silently becomes the float 1.563. These helpers turn a
//! mistaken string into a precise proposal, and compare a printed rate with its counts the way
//! a reader would: a rate printed with two decimals may be rounded or truncated, nothing more.

/// What a string in a numeric field most likely meant.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub value: f64,
    /// The machine spelling to write instead (`1563652`, `47.41`).
    pub spelled: String,
    /// Why we read it that way.
    pub reading: &'static str,
    /// The same in Vietnamese, as the end of "… is text, not a number, because …".
    pub reading_vi: &'static str,
}

const QUOTED: (&str, &str) = ("a number written in quotes", "được đặt trong dấu ngoặc kép");

/// Propose the machine number for text such as `"1.563.652"`, `"47,41"`, `"47,41%"`,
/// `"1,300,879"`. `None` when the text is not a number in any common spelling.
pub fn propose(text: &str) -> Option<Proposal> {
    let t = text.trim().trim_end_matches('%').trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let groups_ok = |s: &str, sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
    };
    let (int_part, frac_part, reading) = if t.contains('.') && t.contains(',') {
        // 1.234,5 (Vietnamese) or 1,234.5 (English)
        let (a, b) = if t.rfind(',') > t.rfind('.') {
            (
                t.replace('.', ""),
                t.rsplit(',').next().unwrap_or("").to_string(),
            )
        } else {
            (
                t.replace(',', ""),
                t.rsplit('.').next().unwrap_or("").to_string(),
            )
        };
        let int = a.split([',', '.']).next().unwrap_or("").to_string();
        (
            int,
            Some(b),
            (
                "thousands separators and a decimal mark",
                "có cả dấu ngăn cách hàng nghìn và dấu thập phân",
            ),
        )
    } else if t.contains('.') {
        if t.matches('.').count() > 1
            || (groups_ok(t, '.') && t.rsplit('.').next().map(str::len) == Some(3))
        {
            if !groups_ok(t, '.') {
                return None;
            }
            (
                t.replace('.', ""),
                None,
                (
                    "dots as thousands separators (Vietnamese style)",
                    "có dấu chấm ngăn cách hàng nghìn (cách viết quen thuộc ở Việt Nam)",
                ),
            )
        } else {
            let (a, b) = t.split_once('.')?;
            (a.to_string(), Some(b.to_string()), QUOTED)
        }
    } else if t.contains(',') {
        if t.matches(',').count() > 1 {
            if !groups_ok(t, ',') {
                return None;
            }
            (
                t.replace(',', ""),
                None,
                (
                    "commas as thousands separators (English style)",
                    "có dấu phẩy ngăn cách hàng nghìn (cách viết của tiếng Anh)",
                ),
            )
        } else {
            let (a, b) = t.split_once(',')?;
            (
                a.to_string(),
                Some(b.to_string()),
                (
                    "a comma as the decimal mark (Vietnamese style)",
                    "có dấu phẩy thập phân (cách viết quen thuộc ở Việt Nam)",
                ),
            )
        }
    } else {
        (t.to_string(), None, QUOTED)
    };
    if int_part.is_empty() || frac_part.as_deref() == Some("") {
        return None;
    }
    let int_part = int_part.trim_start_matches('0');
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let spelled = match frac_part {
        Some(f) => format!("{int_part}.{f}"),
        None => int_part.to_string(),
    };
    let value = spelled.parse().ok()?;
    Some(Proposal {
        value,
        spelled,
        reading: reading.0,
        reading_vi: reading.1,
    })
}

/// Decimals shown in a number's source text (`41.10` → 2, `18` → 0).
pub fn decimals_shown(text: &str) -> u32 {
    text.split_once('.')
        .map(|(_, frac)| frac.bytes().take_while(u8::is_ascii_digit).count() as u32)
        .unwrap_or(0)
}

pub use crate::model::rules::{rate, stated_agrees};

/// A number for a message: no trailing `.0`, at most four decimals.
pub fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `x` as a report written in `lang` prints it: `1.006.251` and `73,72` in Vietnamese,
/// `1,006,251` and `73.72` in English (the decimals of [`show`]).
pub fn spell(x: f64, lang: crate::model::Lang) -> String {
    let shown = show(x);
    let (sign, shown) = match shown.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", shown.as_str()),
    };
    let (int, frac) = shown.split_once('.').unwrap_or((shown, ""));
    let (group, mark) = lang.separators();
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(mark);
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(t: &str) -> Option<String> {
        propose(t).map(|p| p.spelled)
    }

    #[test]
    fn proposes_machine_spelling() {
        assert_eq!(spelled("1.563.652"), Some("1563652".into()));
        assert_eq!(spelled("47,41"), Some("47.41".into()));
        assert_eq!(spelled("47,41%"), Some("47.41".into()));
        assert_eq!(spelled("1,300,879"), Some("1300879".into()));
        assert_eq!(spelled("1.234,5"), Some("1234.5".into()));
        assert_eq!(spelled("00"), Some("0".into()));
        assert_eq!(spelled("12.5"), Some("12.5".into()));
        assert_eq!(spelled("abc"), None);
        assert_eq!(spelled("1.23.4"), None);
    }

    #[test]
    fn accepts_rounding_and_truncation_only() {
        // Real cases from the seeds (CATALOG §6.4).
        assert!(stated_agrees(rate(11577.0, 11583.0), 99.94, 2)); // truncated
        assert!(stated_agrees(rate(1_693_520.0, 1_734_561.0), 98.0, 0)); // rounded to integer
        assert!(stated_agrees(rate(31136.0, 42237.0), 73.72, 2));
        assert!(!stated_agrees(rate(16.0, 1166.0), 0.14, 2)); // 1.37 %
        assert!(!stated_agrees(rate(6128.0, 14927.0), 41.10, 2)); // 41.05 %
        assert!(!stated_agrees(rate(670_661.0, 874_087.0), 77.7, 1)); // 76.73 %
        assert!(!stated_agrees(rate(33211.0, 33751.0), 98.34, 2)); // 98.40 %
    }

    #[test]
    fn counts_decimals_from_source_text() {
        assert_eq!(decimals_shown("41.10"), 2);
        assert_eq!(decimals_shown("18"), 0);
        assert_eq!(show(1563652.0), "1563652");
        assert_eq!(show(1.3722126929674099), "1.3722");
        assert_eq!(spell(1006251.0, crate::model::Lang::Vi), "1.006.251");
        assert_eq!(spell(73.72, crate::model::Lang::Vi), "73,72");
        assert_eq!(spell(1006251.5, crate::model::Lang::En), "1,006,251.5");
        assert_eq!(spell(100.0, crate::model::Lang::En), "100");
    }
}
