//! The `also_printed` column: a figure's other printings in one text cell, written so that
//! `minhbach import` reads back exactly what was written.
//!
//! Each printing is `numbers@source`, printings are separated by ` ; `. The numbers are
//! `value`, `numerator/denominator`, `numerator/denominator=stated` or `=stated` (machine
//! numbers, the rate with its printed decimals). In the source text, `\` is written `\\`,
//! `;` is written `\;` and `@` is written `\@`, so a source may hold any character. A printing's
//! note is not in the column (it is shown nowhere; the YAML keeps it).

use super::columns::machine_number;
use crate::model::{Figure, Printing, StatedRate};

/// The cell text of `printings`.
pub fn write(printings: &[Printing]) -> String {
    let mut out = String::new();
    for (i, p) in printings.iter().enumerate() {
        if i > 0 {
            out.push_str(" ; ");
        }
        numbers(&mut out, &p.figure);
        out.push('@');
        for c in p.source.chars() {
            if matches!(c, '\\' | ';' | '@') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn rate(out: &mut String, s: &StatedRate) {
    out.push('=');
    out.push_str(&format!("{:.prec$}", s.value, prec = s.decimals as usize));
}

fn numbers(out: &mut String, figure: &Figure) {
    match figure {
        Figure::Value(v) => out.push_str(&machine_number(*v)),
        Figure::Ratio {
            numerator,
            denominator,
            stated,
        } => {
            out.push_str(&machine_number(*numerator));
            out.push('/');
            out.push_str(&machine_number(*denominator));
            if let Some(s) = stated {
                rate(out, s);
            }
        }
        Figure::Stated(s) => rate(out, s),
        Figure::CountWithRate { value, stated } => {
            out.push_str(&machine_number(*value));
            rate(out, stated);
        }
        // Not printings a report can make twice; written as their state for completeness.
        Figure::NoCases => out.push_str("no_cases"),
        Figure::NotApplicable => out.push_str("not_applicable"),
    }
}

/// One printing read back: the numbers as written, and the source unescaped.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPrinting {
    pub value: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub stated: Option<String>,
    pub source: String,
}

/// The printings of a cell, or the text of the part that does not read.
pub fn read(cell: &str) -> Result<Vec<ReadPrinting>, String> {
    let mut out = Vec::new();
    if cell.trim().is_empty() {
        return Ok(out);
    }
    // Split on unescaped `;` and the first unescaped `@` of each part.
    let mut parts: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        let Some((numbers, source)) = parts.last_mut() else {
            break;
        };
        match (c, source) {
            (';', _) => parts.push((String::new(), None)),
            ('@', source @ None) => *source = Some(String::new()),
            (c, source) => {
                let target = source.as_mut().unwrap_or(numbers);
                match c {
                    '\\' => match chars.next() {
                        Some(next) => target.push(next),
                        None => return Err(cell.to_string()),
                    },
                    c => target.push(c),
                }
            }
        }
    }
    for (numbers, source) in parts {
        let Some(source) = source else {
            return Err(numbers.trim().to_string());
        };
        let numbers = numbers.trim();
        let (counts, stated) = match numbers.split_once('=') {
            Some((c, s)) => (c.trim(), Some(s.trim().to_string())),
            None => (numbers, None),
        };
        let (value, numerator, denominator) = match counts.split_once('/') {
            Some((n, d)) => (None, Some(n.trim().to_string()), Some(d.trim().to_string())),
            None if counts.is_empty() => (None, None, None),
            None => (Some(counts.to_string()), None, None),
        };
        out.push(ReadPrinting {
            value,
            numerator,
            denominator,
            stated,
            source: source.trim().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printings_read_back_whatever_their_source_holds() {
        let p = |figure, source: &str| Printing {
            figure,
            source: source.into(),
            note: None,
        };
        let printings = vec![
            p(
                Figure::Ratio {
                    numerator: 1_423_251.0,
                    denominator: 1_451_929.0,
                    stated: Some(StatedRate {
                        value: 98.0,
                        decimals: 2,
                    }),
                },
                "002.txt Phụ lục; dòng 25 @ (L368) \\",
            ),
            p(
                Figure::Stated(StatedRate {
                    value: 80.1,
                    decimals: 2,
                }),
                "x.txt",
            ),
            p(Figure::Value(-3.5), "=cmd@x"),
        ];
        let text = write(&printings);
        assert_eq!(
            text,
            "1423251/1451929=98.00@002.txt Phụ lục\\; dòng 25 \\@ (L368) \\\\ ; =80.10@x.txt ; -3.5@=cmd\\@x"
        );
        let read = read(&text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].source, "002.txt Phụ lục; dòng 25 @ (L368) \\");
        assert_eq!(read[0].numerator.as_deref(), Some("1423251"));
        assert_eq!(read[0].stated.as_deref(), Some("98.00"));
        assert_eq!(read[1].stated.as_deref(), Some("80.10"));
        assert_eq!(read[1].numerator, None);
        assert_eq!(read[2].value.as_deref(), Some("-3.5"));
        assert_eq!(read[2].source, "=cmd@x");
        assert!(super::read("12 without a source").is_err());
    }
}
