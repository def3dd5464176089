//! The values a drop-down list offers, each taken from where the checker takes it: the
//! catalogue's indicators and dimensions, the table reader's `state` and `qualifier` words, the
//! model's task statuses. Nothing here spells a value out.
//!
//! Every list is also written to the hidden sheet `Danh sách` (one column each). A list whose
//! values fit Excel's 255 characters is given inline; a longer one (the indicator ids, the
//! members of a large breakdown) refers to its range on that sheet.

use crate::model::{Site, Slug, TaskStatus};
use rust_xlsxwriter::{DataValidation, Formula, XlsxError};

/// The hidden sheet that holds the lists.
pub const LISTS_SHEET: &str = "Danh sách";

/// Excel's limit for an inline list, its commas included (in UTF-16 units).
const INLINE_LIMIT: usize = 255;

/// One list of allowed values, with its column on the lists sheet.
#[derive(Debug, Clone)]
pub struct List {
    /// The header of its column on the lists sheet.
    pub title: String,
    pub values: Vec<String>,
    /// Its column on the lists sheet (from 0).
    pub column: u16,
}

impl List {
    /// Whether the values, joined by commas, fit Excel's limit for an inline list.
    pub fn fits_inline(&self) -> bool {
        let joined: usize = self
            .values
            .iter()
            .map(|v| v.encode_utf16().count() + 1)
            .sum();
        joined.saturating_sub(1) <= INLINE_LIMIT
    }

    /// A list validation of these values: inline when short enough, else the range on the
    /// lists sheet.
    pub fn validation(&self) -> Result<DataValidation, XlsxError> {
        if self.fits_inline() {
            return DataValidation::new().allow_list_strings(&self.values);
        }
        let col = column_letters(self.column);
        let last = self.values.len() + 1;
        Ok(
            DataValidation::new().allow_list_formula(Formula::new(format!(
                "='{LISTS_SHEET}'!${col}$2:${col}${last}"
            ))),
        )
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a column index from 0.
fn column_letters(column: u16) -> String {
    let mut n = u32::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Every list of the template.
#[derive(Debug, Clone)]
pub struct Lists {
    pub indicators: List,
    pub dimensions: List,
    pub states: List,
    pub qualifiers: List,
    pub statuses: List,
    /// The members of each breakdown the catalogue's indicators use, by dimension id.
    pub members: Vec<(Slug, List)>,
}

impl Lists {
    pub fn new(site: &Site) -> Lists {
        let mut column = 0;
        let mut next = |title: &str, values: Vec<String>| {
            let list = List {
                title: title.to_string(),
                values,
                column,
            };
            column += 1;
            list
        };
        let indicators = next(
            "Mã chỉ tiêu",
            site.indicators.keys().map(Slug::to_string).collect(),
        );
        let used: Vec<&Slug> = site
            .dimensions
            .keys()
            .filter(|d| site.indicators.values().any(|i| i.dimensions.contains(d)))
            .collect();
        let dimensions = next("Cách phân tổ", used.iter().map(|d| d.to_string()).collect());
        let states = next(
            "Tình trạng số liệu",
            crate::import::state_words().map(str::to_string).collect(),
        );
        let qualifiers = next(
            "Mức độ chính xác",
            crate::import::QUALIFIERS
                .iter()
                .map(|(word, _)| word.to_string())
                .collect(),
        );
        let statuses = next(
            "Tình trạng nhiệm vụ",
            TaskStatus::ALL.iter().map(|s| s.id().to_string()).collect(),
        );
        let members = used
            .into_iter()
            .filter_map(|d| site.dimensions.get(d))
            .map(|d| {
                let values = d.members.iter().map(|m| m.id.to_string()).collect();
                (d.id.clone(), next(&format!("Nhóm của «{}»", d.id), values))
            })
            .collect();
        Lists {
            indicators,
            dimensions,
            states,
            qualifiers,
            statuses,
            members,
        }
    }

    /// Every list, in column order.
    pub fn all(&self) -> impl Iterator<Item = &List> {
        [
            &self.indicators,
            &self.dimensions,
            &self.states,
            &self.qualifiers,
            &self.statuses,
        ]
        .into_iter()
        .chain(self.members.iter().map(|(_, l)| l))
    }

    /// The members list of the dimension `id`.
    pub fn members_of(&self, id: &Slug) -> Option<&List> {
        self.members.iter().find(|(d, _)| d == id).map(|(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn a_list_longer_than_excel_allows_inline_goes_through_the_lists_sheet() {
        let list = |n: usize| List {
            title: "t".into(),
            values: (0..n).map(|i| format!("value-{i:03}")).collect(),
            column: 2,
        };
        // 9 characters and a comma each: 25 values make 249, 26 make 259.
        assert!(list(25).fits_inline());
        assert!(!list(26).fits_inline());
        // The limit is rust_xlsxwriter's (Excel's): what fits is accepted inline, what does
        // not is refused, so it must go through the lists sheet.
        assert!(DataValidation::new()
            .allow_list_strings(&list(25).values)
            .is_ok());
        assert!(DataValidation::new()
            .allow_list_strings(&list(26).values)
            .is_err());
        assert!(list(26).validation().is_ok());
    }
}
