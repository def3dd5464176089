//! One report printing the same figure twice: `also_printed` records each other printing (an
//! appendix row, a summary) with its numbers and its source, and a printing whose numbers
//! differ from the figure's is a warning showing both. The page shows the figure; the other
//! printings stay in the data, and the warning keeps the disagreement in view. The printings
//! read are kept on the observation, for the narratives that quote them (`typed_numbers`).

use super::Site;
use crate::load::raw::{RawNumber, RawPrinting, RawValueMap};
use crate::model::{Figure, Printing, StatedRate};
use crate::validate::numbers::{decimals_shown, rate, show, stated_agrees};
use crate::validate::Ctx;

impl Site<'_> {
    pub(super) fn check_printings(
        &self,
        ctx: &mut Ctx,
        figure: &Figure,
        printings: &[RawPrinting],
        path: &str,
    ) -> Vec<Printing> {
        let mut read = Vec::with_capacity(printings.len());
        for (k, p) in printings.iter().enumerate() {
            let ppath = format!("{path}.also_printed[{k}]");
            let map = RawValueMap {
                value: p.value.clone(),
                numerator: p.numerator.clone(),
                denominator: p.denominator.clone(),
                stated: p.stated.clone(),
                ..RawValueMap::default()
            };
            // A rate printed alone is read as such even for a count indicator: the report
            // may reprint only the rate of counts it gave elsewhere.
            let rate_alone = match (&p.value, &p.numerator, &p.denominator, &p.stated) {
                (None, None, None, Some(RawNumber::Number(v))) => {
                    Some(Figure::Stated(StatedRate {
                        value: *v,
                        decimals: ctx
                            .index
                            .scalar(&format!("{ppath}.stated"))
                            .map(decimals_shown)
                            .unwrap_or_else(|| decimals_shown(&v.to_string())),
                    }))
                }
                _ => None,
            };
            let Some(other) = rate_alone.or_else(|| self.figure(ctx, &map, &ppath)) else {
                continue;
            };
            let agrees = same(figure, &other);
            read.push(Printing {
                figure: other,
                source: p.source.trim().to_string(),
                note: p.note.as_ref().map(crate::validate::text),
            });
            if agrees {
                continue;
            }
            let (id, here, there, source) = (
                &self.indicator.id,
                describe(figure),
                describe(&other),
                p.source.trim(),
            );
            let d = ctx
                .warning(
                    "printed-twice-differently",
                    format!("the report prints `{id}` twice with different numbers: {here} here, {there} in {source}"),
                )
                .help("keep both as printed if that is what the report says (this warning records the disagreement, and `note` can say which one the page shows and why); otherwise correct the transcription")
                .vi(format!("báo cáo in số liệu `{id}` hai lần với hai số khác nhau: {here} ở đây, {there} ở {source}"))
                .vi_help("nếu báo cáo in đúng như vậy thì giữ nguyên cả hai (cảnh báo này ghi nhận chỗ không khớp, và có thể ghi vào `note` trang web dùng số nào, vì sao); nếu không, hãy sửa lại số đã chép");
            ctx.at_key(&ppath, d);
        }
        read
    }
}

/// Whether two printings say the same: the same counts, and the same rate where both print one
/// (a rate printed without counts agrees with counts it rounds or truncates).
fn same(a: &Figure, b: &Figure) -> bool {
    match (a, b) {
        (Figure::Value(x), Figure::Value(y)) => x == y,
        (
            Figure::CountWithRate {
                value: x,
                stated: s,
            },
            Figure::CountWithRate {
                value: y,
                stated: t,
            },
        ) => x == y && s.value == t.value,
        (Figure::CountWithRate { value: x, .. }, Figure::Value(y))
        | (Figure::Value(y), Figure::CountWithRate { value: x, .. }) => x == y,
        (Figure::CountWithRate { stated: s, .. }, Figure::Stated(t))
        | (Figure::Stated(t), Figure::CountWithRate { stated: s, .. }) => s.value == t.value,
        (
            Figure::Ratio {
                numerator: n1,
                denominator: d1,
                stated: s1,
            },
            Figure::Ratio {
                numerator: n2,
                denominator: d2,
                stated: s2,
            },
        ) => {
            n1 == n2
                && d1 == d2
                && match (s1, s2) {
                    (Some(s1), Some(s2)) => s1.value == s2.value,
                    _ => true,
                }
        }
        (Figure::Stated(s), Figure::Stated(t)) => s.value == t.value,
        (
            Figure::Ratio {
                numerator,
                denominator,
                stated,
            },
            Figure::Stated(s),
        )
        | (
            Figure::Stated(s),
            Figure::Ratio {
                numerator,
                denominator,
                stated,
            },
        ) => match stated {
            Some(printed) => printed.value == s.value,
            None => stated_agrees(rate(*numerator, *denominator), s.value, s.decimals),
        },
        (Figure::Value(v), Figure::Stated(s)) | (Figure::Stated(s), Figure::Value(v)) => {
            *v == s.value
        }
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A figure's numbers for a message: `1423297 / 1451929 (98.02 %)`, `80.1 %`, `88161`.
fn describe(f: &Figure) -> String {
    match f {
        Figure::Value(v) => show(*v),
        Figure::Ratio {
            numerator,
            denominator,
            stated,
        } => {
            let counts = format!("{} / {}", show(*numerator), show(*denominator));
            match stated {
                Some(s) => format!("{counts} ({})", printed_rate(s)),
                None => counts,
            }
        }
        Figure::Stated(s) => printed_rate(s),
        Figure::CountWithRate { value, stated } => {
            format!("{} ({})", show(*value), printed_rate(stated))
        }
        Figure::NoCases => "no-cases".to_string(),
        Figure::NotApplicable => "not-applicable".to_string(),
    }
}

/// A printed rate with the decimals it was printed with: `80.10 %`.
fn printed_rate(s: &StatedRate) -> String {
    format!("{:.prec$} %", s.value, prec = s.decimals.min(6) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(n: f64, d: f64, s: Option<f64>) -> Figure {
        Figure::Ratio {
            numerator: n,
            denominator: d,
            stated: s.map(|value| StatedRate { value, decimals: 2 }),
        }
    }

    #[test]
    fn two_printings_agree_only_on_the_same_numbers() {
        // Bình Định: the body and the appendix print different numerators, each with its rate.
        let body = ratio(1_423_297.0, 1_451_929.0, Some(98.02));
        assert!(!same(&body, &ratio(1_423_251.0, 1_451_929.0, Some(98.02))));
        assert!(same(&body, &ratio(1_423_297.0, 1_451_929.0, None)));
        let printed = |value| Figure::Stated(StatedRate { value, decimals: 1 });
        assert!(same(&ratio(1_006_251.0, 1_256_188.0, None), &printed(80.1)));
        assert!(!same(
            &ratio(1_006_251.0, 1_256_188.0, Some(80.10)),
            &printed(80.3)
        ));
        assert_eq!(describe(&body), "1423297 / 1451929 (98.02 %)");
    }
}
