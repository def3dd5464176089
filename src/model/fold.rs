//! Vietnamese text folded for matching: lowercase, tones and vowel marks dropped, `đ` read as
//! `d`, so that a reader who types without diacritics (`ho so truc tuyen`, `dinh danh`) finds
//! `hồ sơ … trực tuyến` and `định danh`.
//!
//! One place for it: slug suggestions (`Slug::suggest`), `minhbach indicators QUERY` and the
//! site search use these functions, so a word folds the same way everywhere. Both composed
//! (NFC, as the reports are written) and decomposed letters (a base letter followed by
//! combining marks, as some keyboards and PDF copies give) fold alike.

/// `c` without its marks: a Vietnamese letter becomes its ASCII base letter, keeping its case
/// (`Đ` → `D`, `ữ` → `u`); a combining mark (U+0300–U+036F) becomes nothing; any other
/// character is kept as it is.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if ('\u{0300}'..='\u{036f}').contains(&c) {
        return None;
    }
    // Every heading of every page is slugged: a binary search of the letters of `GROUPS`,
    // sorted once, rather than a search of each group's text in turn.
    static LETTERS: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let letters = LETTERS.get_or_init(|| {
        let mut letters = std::collections::BTreeMap::new();
        for (set, base) in GROUPS {
            for letter in set.chars() {
                // The first group that holds a letter decides, as a search in order would.
                letters.entry(letter).or_insert(base);
            }
        }
        letters.into_iter().collect()
    });
    Some(
        letters
            .binary_search_by_key(&c, |(letter, _)| *letter)
            .map_or(c, |i| letters[i].1),
    )
}

/// Each Vietnamese letter with marks, grouped by the ASCII letter it folds to.
const GROUPS: [(&str, char); 14] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
    ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
    ("èéẻẽẹêềếểễệ", 'e'),
    ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
    ("ìíỉĩị", 'i'),
    ("ÌÍỈĨỊ", 'I'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
    ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
    ("ùúủũụưừứửữự", 'u'),
    ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
    ("ỳýỷỹỵ", 'y'),
    ("ỲÝỶỸỴ", 'Y'),
    ("đ", 'd'),
    ("Đ", 'D'),
];

/// `text` folded for comparison: marks dropped (see [`fold_char`]) and lowercase.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter_map(fold_char)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`, folded: runs of letters and digits (a hyphen, a slash or a space
/// separates words, so `dvcty-online-rate` is three words).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A search: every word of the query must begin a word of the text searched (`truc` finds
/// `trực tuyến`, `tuyen` does not find `xuyên`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
    words: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Query {
        Query {
            text: query.trim().to_string(),
            words: words(query),
        }
    }

    /// The query as typed (without surrounding spaces).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The query has no word (empty, or only punctuation): it matches everything.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every word of the query begins a word of one of `texts` (not necessarily the same one:
    /// an indicator's id, labels and group label are searched together).
    pub fn matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        let searched: Vec<String> = texts.into_iter().flat_map(words).collect();
        self.words
            .iter()
            .all(|q| searched.iter().any(|w| w.starts_with(q.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_letter_folds_to_its_group_and_other_characters_stay() {
        for (set, base) in GROUPS {
            for letter in set.chars() {
                assert_eq!(fold_char(letter), Some(base), "{letter}");
            }
        }
        for c in [
            'a', 'Z', '7', '-', 'ß', 'ü', 'ñ', '€', '\u{a0}', 'ơ', 'Ư', '中',
        ] {
            let expected = GROUPS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |(_, base)| *base);
            assert_eq!(fold_char(c), Some(expected), "{c}");
        }
        assert_eq!(fold_char('\u{0301}'), None);
    }

    #[test]
    fn drops_tones_and_marks_and_reads_d_bar_as_d() {
        assert_eq!(
            fold("Tỷ lệ HỒ SƠ nộp Trực Tuyến"),
            "ty le ho so nop truc tuyen"
        );
        assert_eq!(fold("Định danh điện tử"), "dinh danh dien tu");
        assert_eq!(fold("ĐỒNG THÁP"), "dong thap");
        // Decomposed: `e` + circumflex + dot below, `đ` is never decomposed.
        assert_eq!(fold("Đe\u{0302}\u{0323}"), "de");
        // Other characters stay (lowercased), so a query cannot match on them by accident.
        assert_eq!(fold("CCCD – 25%"), "cccd – 25%");
    }

    #[test]
    fn every_word_must_begin_a_word_of_the_text() {
        let label = "Tỷ lệ hồ sơ dịch vụ công thiết yếu nộp trực tuyến";
        assert!(Query::new("ho so truc tuyen").matches([label]));
        assert!(Query::new("HỒ SƠ trực").matches([label]));
        assert!(!Query::new("ho so ngoai tuyen").matches([label]));
        assert!(!Query::new("uyen").matches([label]), "not inside a word");
        assert!(Query::new("dinh danh").matches(["Tài khoản định danh điện tử"]));
        assert!(Query::new("Định").matches(["dinh danh"]));
        // Words may come from different texts: an id, a label, a group label.
        assert!(Query::new("online dich vu").matches(["dvcty-online-rate", label]));
        assert!(Query::new("dvcty-online").matches(["dvcty-online-rate"]));
        assert!(Query::new(" ").is_empty());
        assert!(Query::new("").matches(["anything"]));
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        assert_eq!(
            words("dvcty-online-rate, 2024/H1"),
            ["dvcty", "online", "rate", "2024", "h1"]
        );
    }
}
