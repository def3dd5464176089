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

pub use crate::load::table::codec::{read_printings as read, ReadPrinting};

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
        let pairs: Vec<(&str, &str)> = read
            .iter()
            .map(|p| (p.numbers.as_str(), p.source.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "1423251/1451929=98.00",
                    "002.txt Phụ lục; dòng 25 @ (L368) \\"
                ),
                ("=80.10", "x.txt"),
                ("-3.5", "=cmd@x"),
            ]
        );
        assert_eq!(super::read("5@a @b").unwrap()[0].source, "a @b");
        assert!(super::read("5@").is_err());
        assert!(super::read("12 without a source").is_err());
    }
}
