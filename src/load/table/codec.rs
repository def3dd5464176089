//! The two text codecs a table shares with the downloads that write it: the guard against
//! spreadsheet formulas (a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
//! leading `'`), and the `also_printed` cell (see `site::opendata::printings`, its writer).
//! Here, below both the reader and the writer, so that each reads what the other writes.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text that would start a formula gets a leading `'`. So that [`unguard`] gives back exactly
/// the text, a text that already starts with `'`s followed by such a character gets one more.
pub fn guard(text: &str) -> Cow<'_, str> {
    match text.trim_start_matches('\'').starts_with(FORMULA_START) {
        true => Cow::Owned(format!("'{text}")),
        false => Cow::Borrowed(text),
    }
}

/// The text [`guard`] was given: one leading `'` removed when the `'`s are followed by a
/// character that starts a formula.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_START) => rest,
        _ => text,
    }
}

/// One printing read back: its numbers as written (`1423251/1451929=98.00`), and its source
/// unescaped. `minhbach import` reads the numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPrinting {
    pub numbers: String,
    pub source: String,
}

/// The printings of a cell, or the text of the item that does not read (no `@source`, or a
/// backslash at the very end). An item is cut at its first unescaped `@` (numbers never hold
/// one), so an unescaped `@` later in a source reads as itself.
pub fn read_printings(cell: &str) -> Result<Vec<ReadPrinting>, String> {
    let mut items: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        let Some((numbers, source)) = items.last_mut() else {
            break;
        };
        match (c, source) {
            (';', _) => items.push((String::new(), None)),
            ('@', source @ None) => *source = Some(String::new()),
            (c, source) => {
                let target = source.as_mut().unwrap_or(numbers);
                match c {
                    '\\' => match chars.next() {
                        Some(next) => target.push(next),
                        None => return Err(cell.trim().to_string()),
                    },
                    c => target.push(c),
                }
            }
        }
    }
    let mut out = Vec::new();
    for (numbers, source) in items {
        let (numbers, source) = (numbers.trim(), source.as_deref().map(str::trim));
        match source {
            None if numbers.is_empty() => continue,
            Some(source) if !source.is_empty() => out.push(ReadPrinting {
                numbers: numbers.to_string(),
                source: source.to_string(),
            }),
            Some(_) => return Err(format!("{numbers}@")),
            None => return Err(numbers.to_string()),
        }
    }
    Ok(out)
}
