//! The `also_printed` cell: the report's other printings of a figure, `;`-separated, each as
//! `value@source`, `numerator/denominator@source`, `numerator/denominator=stated@source` or
//! `=stated@source`, with machine numbers (a stated rate with its printed decimals).
//!
//! A source text may hold `;`, `@` or `\`: the cell writes them as `\;`, `\@` and `\\`. The
//! numbers never hold `@`, so an item is cut at its first unescaped `@`; an unescaped `@`
//! later in the source is read as itself.

use super::rows::is_machine_number;
use crate::model::{Figure, StatedRate};

/// The printings of a cell, or the item that cannot be read.
pub fn parse(cell: &str) -> Result<Vec<(Figure, String)>, String> {
    let mut out = Vec::new();
    for item in split_unescaped(cell, ';') {
        if item.trim().is_empty() {
            continue;
        }
        let mut parts = split_unescaped(&item, '@').into_iter();
        let numbers = parts.next().unwrap_or_default();
        let rest: Vec<String> = parts.collect();
        let source = unescape(&rest.join("@"));
        let source = source.trim();
        let figure = (!source.is_empty())
            .then(|| figure(numbers.trim()))
            .flatten()
            .ok_or_else(|| unescape(&item).trim().to_string())?;
        out.push((figure, source.to_string()));
    }
    Ok(out)
}

/// One printing's numbers.
fn figure(text: &str) -> Option<Figure> {
    let number = |t: &str| {
        let t = t.trim();
        is_machine_number(t)
            .then(|| t.parse::<f64>().ok())
            .flatten()
    };
    let stated = |t: &str| {
        number(t).map(|value| StatedRate {
            value,
            decimals: crate::validate::numbers::decimals_shown(t.trim()),
        })
    };
    let (counts, rate) = match text.split_once('=') {
        Some((c, r)) => (c, Some(stated(r)?)),
        None => (text, None),
    };
    if counts.trim().is_empty() {
        return rate.map(Figure::Stated);
    }
    match counts.split_once('/') {
        Some((n, d)) => Some(Figure::Ratio {
            numerator: number(n)?,
            denominator: number(d)?,
            stated: rate,
        }),
        None if rate.is_none() => number(counts).map(Figure::Value),
        None => None,
    }
}

/// `text` cut at each `sep` not preceded by a backslash; escapes are kept for the next cut.
fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let last = out.len() - 1;
        if c == '\\' {
            out[last].push(c);
            if let Some(next) = chars.next() {
                out[last].push(next);
            }
        } else if c == sep {
            out.push(String::new());
        } else {
            out[last].push(c);
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_printing() {
        let got = parse("5@a.txt §1; 10/20@b.txt; 10/20=50.00@c.txt;=80.10@d \\; x\\@y")
            .unwrap_or_default();
        let s = |value, decimals| StatedRate { value, decimals };
        assert_eq!(
            got,
            vec![
                (Figure::Value(5.0), "a.txt §1".to_string()),
                (
                    Figure::Ratio {
                        numerator: 10.0,
                        denominator: 20.0,
                        stated: None
                    },
                    "b.txt".into()
                ),
                (
                    Figure::Ratio {
                        numerator: 10.0,
                        denominator: 20.0,
                        stated: Some(s(50.0, 2))
                    },
                    "c.txt".into()
                ),
                (Figure::Stated(s(80.1, 2)), "d ; x@y".into()),
            ]
        );
        assert!(parse("1,5@x").is_err());
        assert!(parse("5").is_err());
        assert!(parse("5@").is_err());
    }
}
