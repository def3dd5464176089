//! `since`: where a cumulative count starts, on a value or as its indicator's default.
//!
//! Read from a day (`2024-07-01`) or a month (`2024-02`, "lũy kế từ tháng 02"). Only a
//! cumulative indicator has a starting point: a period figure starts with its period and a
//! snapshot is a stock at one date, so a `since` on them is an error (`since-not-cumulative`)
//! rather than a warning, because the page would print "cumulative since …" beside a figure
//! that is not a running total. A start after the day the figure is measured
//! (`since-after-end`) cannot be right either.

use super::Ctx;
use crate::load::raw::RawScalar;
use crate::model::{Date, Indicator, Scope, Since};

impl Ctx<'_> {
    /// The `since` at `path` of a figure of `indicator`, or `None` (with an error) when it is
    /// malformed or the indicator is not cumulative.
    pub fn since(&mut self, raw: &RawScalar, path: &str, indicator: &Indicator) -> Option<Since> {
        let text = raw.0.trim();
        if indicator.scope != Scope::Cumulative {
            let scope = indicator.scope.id();
            let d = self
                .error(
                    "since-not-cumulative",
                    format!("`since` is a starting point of a running total, but `{}` has `scope: {scope}`", indicator.id),
                )
                .help("remove `since`; if the report gives a running total, record it under a cumulative indicator (e.g. one whose id ends in `-cum`)")
                .vi(format!("`since` là mốc bắt đầu của số lũy kế, nhưng chỉ tiêu `{}` có `scope: {scope}` (không phải lũy kế)", indicator.id))
                .vi_help("hãy xóa `since`; nếu báo cáo nêu số lũy kế, hãy ghi vào một chỉ tiêu lũy kế (ví dụ chỉ tiêu có mã kết thúc bằng `-cum`)");
            self.at_key(path, d);
            return None;
        }
        if let Some(s) = Since::parse(text) {
            return Some(s);
        }
        let (help, help_vi) = match Date::parse_dmy(text) {
            Some(d) => (
                format!("dates are written year-month-day: {d}"),
                format!("ngày được viết theo thứ tự năm-tháng-ngày: {d}"),
            ),
            None => (
                "write the first day counted as year-month-day (2024-07-01), or year-month (2024-02) when the report names only the month".to_string(),
                "hãy viết ngày bắt đầu tính theo thứ tự năm-tháng-ngày (2024-07-01), hoặc năm-tháng (2024-02) khi báo cáo chỉ nêu tháng".to_string(),
            ),
        };
        let d = self
            .error("invalid-since", format!("`{text}` is not a starting date"))
            .help(help)
            .vi(format!("`{text}` không phải là một mốc bắt đầu hợp lệ"))
            .vi_help(help_vi);
        self.at_value(path, d);
        None
    }

    /// An error at `path` when the count starts after `end`, the day it is measured.
    pub fn since_not_after(&mut self, since: Since, end: Date, path: &str, inherited: bool) {
        if since.start() <= end {
            return;
        }
        let start = since.start();
        let (whose, whose_vi) = if inherited {
            (
                " (the indicator's default in data/indicators.yaml)",
                " (mốc mặc định của chỉ tiêu trong data/indicators.yaml)",
            )
        } else {
            ("", "")
        };
        let d = self
            .error(
                "since-after-end",
                format!("the count starts on {start}{whose}, after the day it is measured ({end})"),
            )
            .help("check `since`, `as_of` and the period: a running total cannot start after the day it is counted to")
            .vi(format!("số lũy kế bắt đầu tính từ {start}{whose_vi}, sau ngày chốt số liệu ({end})"))
            .vi_help("hãy kiểm tra lại `since`, `as_of` và kỳ báo cáo: số lũy kế không thể bắt đầu sau ngày chốt số");
        if inherited {
            self.at_key(path, d);
        } else {
            self.at_value(path, d);
        }
    }
}
