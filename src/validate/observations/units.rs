//! Units: a count typed into a percent indicator must not reach a page as a percentage
//! without a word. A bare `value:` of a percent indicator is the rate; when its own note
//! writes that number as a count ("70 cơ sở") and never as a rate ("70 %"), the value is most
//! likely a count, and a page would print it as "70 %".
//!
//! On the example data the rule is quiet: printed rates are recorded as `stated:` or with
//! their counts, and the one bare percent value (Bình Định's GRDP growth, 7,6 %) has a note
//! that does not write 7,6 as a count.

use super::Site;
use crate::load::raw::RawText;
use crate::model::{Figure, Unit};
use crate::validate::numbers::{show, spell};
use crate::validate::Ctx;

/// Words after a number that name a time span, not a count of things ("6 tháng đầu năm").
const TIME_WORDS: [&str; 12] = [
    "tháng", "năm", "ngày", "quý", "tuần", "giờ", "month", "year", "day", "quarter", "week", "hour",
];
/// Words after a number that make it a rate.
const RATE_WORDS: [&str; 3] = ["%", "phần trăm", "percent"];

impl Site<'_> {
    pub(super) fn check_unit(
        &self,
        ctx: &mut Ctx,
        figure: &Figure,
        note: Option<&RawText>,
        path: &str,
    ) {
        let (Figure::Value(v), Unit::Percent, Some(note)) = (figure, self.indicator.unit, note)
        else {
            return;
        };
        let texts = [Some(note.vi.as_str()), note.en.as_deref()];
        let mut as_count = None;
        for text in texts.into_iter().flatten() {
            for (word, rate) in mentions(text, *v) {
                if rate {
                    return;
                }
                as_count.get_or_insert(word);
            }
        }
        let Some(written) = as_count else {
            return;
        };
        let (id, v) = (&self.indicator.id, show(*v));
        let d = ctx
            .warning(
                "count-as-percent",
                format!("`{id}` is a percentage, but the note writes {v} as a count (\"{written}\"): a page would show it as {v} %"),
            )
            .help(format!("this indicator is a percentage; is {v} a count? Record a count under a count indicator, or with its denominator as `numerator` and `denominator`; if {v} % is the rate the report prints, say so in the note (\"{v} %\")"))
            .vi(format!("`{id}` là chỉ tiêu tỷ lệ, nhưng phần ghi chú viết {v} như một số đếm (\"{written}\"): trang web sẽ hiển thị thành {v} %"))
            .vi_help(format!("chỉ tiêu này tính bằng tỷ lệ phần trăm; {v} có phải là số đếm không? Số đếm thì ghi vào một chỉ tiêu số đếm, hoặc ghi kèm mẫu số bằng `numerator` và `denominator`; nếu báo cáo in đúng tỷ lệ {v} % thì hãy ghi rõ trong phần ghi chú (\"{v} %\")"));
        ctx.at_value(path, d);
    }
}

/// Each place `text` writes the number `v` (machine, Vietnamese or English spelling) as a
/// token of its own, with the words after it and whether they make it a rate. A number followed
/// by a time word or by nothing is left out.
fn mentions(text: &str, v: f64) -> Vec<(String, bool)> {
    let mut spellings = vec![show(v)];
    for lang in [crate::model::Lang::Vi, crate::model::Lang::En] {
        let s = spell(v, lang);
        if !spellings.contains(&s) {
            spellings.push(s);
        }
    }
    let mut found = Vec::new();
    for spelled in &spellings {
        for (at, _) in text.match_indices(spelled.as_str()) {
            let before = text[..at].chars().next_back();
            let after_number = &text[at + spelled.len()..];
            let touches =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
            let next = after_number.chars().next();
            // "1.706" in "1.706,5" or "70" in "170" is not this number.
            if touches(before)
                || next.is_some_and(|c| c.is_ascii_digit())
                || (matches!(next, Some('.' | ','))
                    && after_number[1..].starts_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            let rest = after_number.trim_start_matches([' ', '\u{a0}']);
            // The words right after the number are enough (and keep a long note linear).
            let lower: String = rest.chars().take(16).collect::<String>().to_lowercase();
            if RATE_WORDS.iter().any(|w| lower.starts_with(w)) {
                found.push((format!("{spelled} {}", RATE_WORDS[0]), true));
                continue;
            }
            if !rest.starts_with(char::is_alphabetic)
                || TIME_WORDS.iter().any(|w| lower.starts_with(w))
            {
                continue;
            }
            let head: String = rest.chars().take(60).collect();
            let words: String = head
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            let words = words.trim_end_matches(|c: char| !c.is_alphanumeric());
            found.push((format!("{spelled} {words}"), false));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_number_in_a_note_is_a_count_or_a_rate() {
        assert_eq!(
            mentions("Có 70 cơ sở KCB triển khai.", 70.0),
            vec![("70 cơ sở".to_string(), false)]
        );
        assert_eq!(mentions("đạt 70 %", 70.0), vec![("70 %".to_string(), true)]);
        assert_eq!(mentions("đạt 70%.", 70.0), vec![("70 %".to_string(), true)]);
        assert!(mentions("6 tháng đầu năm, 170 cơ sở", 6.0).is_empty());
        assert!(mentions("170 cơ sở, 1.706,5 tỷ", 70.0).is_empty());
        assert_eq!(
            mentions("tăng 7,6 lần", 7.6),
            vec![("7,6 lần".to_string(), false)]
        );
    }
}
