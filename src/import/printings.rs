//! The `also_printed` cell: the report's other printings of a figure, `;`-separated, each as
//! `value@source`, `numerator/denominator@source`, `numerator/denominator=stated@source` or
//! `=stated@source`, with machine numbers (a stated rate with its printed decimals).
//!
//! The cell's codec (escapes, splitting) is [`crate::site::opendata::printings`], shared with the
//! downloads that write it; this module reads the numbers of each printing.

use super::rows::is_machine_number;
use crate::model::{Figure, StatedRate};

/// The printings of a cell (split and unescaped by [`crate::site::opendata::printings::read`],
/// the reader of what the downloads write), or the item that cannot be read.
pub fn parse(cell: &str) -> Result<Vec<(Figure, String)>, String> {
    crate::site::opendata::printings::read(cell)?
        .into_iter()
        .map(|p| match figure(&p.numbers) {
            Some(f) => Ok((f, p.source)),
            None => Err(format!("{}@{}", p.numbers, p.source)),
        })
        .collect()
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
