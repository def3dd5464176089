//! Tasks of a provincial plan: ids, statuses, and deadlines as written in Vietnamese reports.
//!
//! A deadline keeps its wording ("Quý II/2024") and gains a meaning: a date, a recurrence, or
//! a dependency on another body's roadmap. Unrecognised wording is an error unless the author
//! gives the date explicitly with `due_date`.

use super::{text, Ctx};
use crate::load::raw::RawTask;
use crate::model::{
    Date, Deadline, DeadlineKind, Period, Recurrence, Slug, Task, TaskStatus, Wording,
};

/// The statuses a data file may write, in the order a message lists them.
const STATUSES: [(&str, TaskStatus); 5] = {
    use TaskStatus::{AwaitingGuidance, Done, InProgress, NotDone, Recurring};
    let [a, b, c, d, e] = [Done, InProgress, NotDone, Recurring, AwaitingGuidance];
    [
        (a.id(), a),
        (b.id(), b),
        (c.id(), c),
        (d.id(), d),
        (e.id(), e),
    ]
};

pub(crate) fn tasks(ctx: &mut Ctx, province: &Slug, raw: &[RawTask]) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let path = format!("tasks[{i}]");
        let id = ctx.slug(&t.id, &format!("{path}.id"), "task id");
        let status = ctx.choice(
            &t.status,
            &format!("{path}.status"),
            "task status",
            &STATUSES,
        );
        let as_of = ctx.period(&t.as_of, &format!("{path}.as_of"));
        let explicit = t
            .due_date
            .as_ref()
            .and_then(|d| ctx.date(d, &format!("{path}.due_date")));
        let due = match (&t.due, explicit) {
            (Some(w), Some(date)) => Some(Deadline {
                written: w.0.trim().to_string(),
                kind: DeadlineKind::By(date),
                wording: Wording::AsWritten,
            }),
            (Some(w), None) if t.due_date.is_none() => deadline(ctx, &w.0, &format!("{path}.due")),
            (None, Some(date)) => Some(Deadline {
                written: date.to_string(),
                kind: DeadlineKind::By(date),
                wording: Wording::Day(date),
            }),
            _ => None,
        };
        let (Some(id), Some(status), Some(as_of)) = (id, status, as_of) else {
            continue;
        };
        if out.iter().any(|x| x.id == id) {
            let d = ctx
                .error(
                    "duplicate-id",
                    format!("task `{id}` appears twice in this file"),
                )
                .help("give each task its own id (the row number of the plan works well)")
                .vi(format!("nhiệm vụ `{id}` xuất hiện hai lần trong tệp này"))
                .vi_help("hãy đặt cho mỗi nhiệm vụ một mã riêng (có thể dùng số thứ tự của nhiệm vụ trong kế hoạch)");
            ctx.at_value(&format!("{path}.id"), d);
            continue;
        }
        if t.title.vi.trim().is_empty() {
            let d = ctx
                .error("empty-label", "the task has no title")
                .help("write what the task is")
                .vi("nhiệm vụ chưa có tên")
                .vi_help("hãy ghi nội dung của nhiệm vụ");
            ctx.at_value(&format!("{path}.title"), d);
            continue;
        }
        out.push(Task {
            province: province.clone(),
            id,
            title: text(&t.title),
            directive: t.directive.as_ref().map(text),
            owner: text(&t.owner),
            due,
            status,
            result: t.result.as_ref().map(text),
            as_of,
            source: t.source.clone(),
            note: t.note.as_ref().map(text),
        });
    }
    out
}

fn deadline(ctx: &mut Ctx, written: &str, path: &str) -> Option<Deadline> {
    let written = written.trim();
    if written.is_empty() {
        return None;
    }
    match read_deadline(written) {
        Some((kind, wording)) => Some(Deadline {
            written: written.to_string(),
            kind,
            wording,
        }),
        None => {
            let d = ctx
                .error("invalid-deadline", format!("deadline \"{written}\" is not a form minhbach understands"))
                .help("write it as \"Tháng 6/2024\", \"Quý II/2024\", \"Trong năm 2024\", \"30/6/2024\" or \"Thực hiện thường xuyên\"; or keep the wording and add `due_date: YYYY-MM-DD`")
                .vi(format!("minhbach chưa hiểu được cách ghi thời hạn \"{written}\""))
                .vi_help("hãy viết theo một trong các dạng \"Tháng 6/2024\", \"Quý II/2024\", \"Trong năm 2024\", \"30/6/2024\" hoặc \"Thực hiện thường xuyên\"; hoặc giữ nguyên cách ghi và thêm ngày cụ thể `due_date: YYYY-MM-DD` (năm-tháng-ngày)");
            ctx.at_value(path, d);
            None
        }
    }
}

/// Understand a deadline as Vietnamese plans write it. Case, spacing and a final full stop do
/// not matter.
#[cfg(test)]
pub(crate) fn parse_deadline(written: &str) -> Option<DeadlineKind> {
    read_deadline(written).map(|(kind, _)| kind)
}

/// What a deadline means, and the shape of its words when every word is understood (a page in
/// English can then say it in English); [`Wording::AsWritten`] when some words are the
/// author's own.
pub(crate) fn read_deadline(written: &str) -> Option<(DeadlineKind, Wording)> {
    let lower = written.trim().trim_end_matches('.').trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let text = words.join(" ");

    if text.starts_with("theo lộ trình") {
        return Some((DeadlineKind::External, Wording::AsWritten));
    }
    if text.contains("hàng tháng") || text.contains("hằng tháng") {
        let wording = match words.as_slice() {
            [_, "tháng"] => Wording::Monthly(None),
            ["ngày", day, _, "tháng"] => match day.parse::<u32>() {
                Ok(day) if (1..=31).contains(&day) => Wording::Monthly(Some(day)),
                _ => Wording::AsWritten,
            },
            _ => Wording::AsWritten,
        };
        return Some((DeadlineKind::Recurring(Recurrence::Monthly), wording));
    }
    if text.ends_with("thường xuyên") {
        let wording = match text.as_str() {
            "thường xuyên" | "thực hiện thường xuyên" => Wording::Ongoing,
            _ => Wording::AsWritten,
        };
        return Some((DeadlineKind::Recurring(Recurrence::Continuous), wording));
    }
    let by = |date: Date, wording: Wording| Some((DeadlineKind::By(date), wording));
    if let Some(rest) = text.strip_prefix("tháng ") {
        let (m, y) = rest.split_once('/')?;
        let (year, month) = (year(y)?, m.trim().parse().ok()?);
        return by(
            Date::end_of_month(year, month)?,
            Wording::Period(Period::Month { year, month }),
        );
    }
    if let Some(rest) = text.strip_prefix("quý ") {
        let (q, y) = rest.split_once('/')?;
        let quarter = match q.trim() {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            "iv" | "4" => 4,
            _ => return None,
        };
        let year = year(y)?;
        return by(
            Date::end_of_month(year, quarter * 3)?,
            Wording::Period(Period::Quarter { year, quarter }),
        );
    }
    for (prefix, half) in [("6 tháng đầu năm ", 1), ("6 tháng cuối năm ", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let year = year(rest)?;
            return by(
                Date::end_of_month(year, half * 6)?,
                Wording::Period(Period::Half { year, half }),
            );
        }
    }
    type Shape = fn(i32) -> Wording;
    let years: [(&str, Shape); 3] = [
        ("trong năm ", Wording::During),
        ("năm ", |year| Wording::Period(Period::Year { year })),
        ("cuối năm ", Wording::EndOf),
    ];
    for (prefix, shape) in years {
        if let Some(rest) = text.strip_prefix(prefix) {
            let year = year(rest)?;
            return by(Date::end_of_month(year, 12)?, shape(year));
        }
    }
    let date_text = text.strip_prefix("ngày ").unwrap_or(&text);
    let date = Date::parse_dmy(date_text)?;
    by(date, Wording::Day(date))
}

fn year(text: &str) -> Option<i32> {
    let t = text.trim();
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(s: &str) -> Option<String> {
        match parse_deadline(s) {
            Some(DeadlineKind::By(d)) => Some(d.to_string()),
            _ => None,
        }
    }

    #[test]
    fn reads_every_form_of_the_binh_dinh_appendix() {
        assert_eq!(by("Tháng 6/2024"), Some("2024-06-30".into()));
        assert_eq!(by("Tháng 12/2024"), Some("2024-12-31".into()));
        assert_eq!(by("Quý II/2024"), Some("2024-06-30".into()));
        assert_eq!(by("Quý IV/2024"), Some("2024-12-31".into()));
        assert_eq!(by("Trong năm 2024"), Some("2024-12-31".into()));
        assert_eq!(by("Năm 2024."), Some("2024-12-31".into()));
        assert_eq!(by("30/6/2024"), Some("2024-06-30".into()));
        assert_eq!(by("6 tháng đầu năm 2024"), Some("2024-06-30".into()));
        assert_eq!(
            parse_deadline("Thực hiện thường xuyên"),
            Some(DeadlineKind::Recurring(Recurrence::Continuous))
        );
        assert_eq!(
            parse_deadline("Thường xuyên"),
            Some(DeadlineKind::Recurring(Recurrence::Continuous))
        );
        assert_eq!(
            parse_deadline("Ngày 22 hàng tháng"),
            Some(DeadlineKind::Recurring(Recurrence::Monthly))
        );
        assert_eq!(
            parse_deadline("Theo lộ trình hướng dẫn Cục C06"),
            Some(DeadlineKind::External)
        );
        assert_eq!(
            parse_deadline("Theo Lộ trình của Chính phủ"),
            Some(DeadlineKind::External)
        );
    }

    #[test]
    fn keeps_the_shape_of_wording_it_fully_understands() {
        let wording = |s: &str| read_deadline(s).map(|(_, w)| w);
        let period = |s: &str| Period::parse(s).ok().map(Wording::Period);
        assert_eq!(wording("Tháng 6/2024"), period("2024-06"));
        assert_eq!(wording("Quý I/2024"), period("2024-Q1"));
        assert_eq!(wording("6 tháng cuối năm 2024"), period("2024-H2"));
        assert_eq!(wording("Năm 2024."), period("2024"));
        assert_eq!(wording("Trong năm 2024"), Some(Wording::During(2024)));
        assert_eq!(wording("Cuối năm 2024"), Some(Wording::EndOf(2024)));
        let day = Date::parse_dmy("30/6/2024").map(Wording::Day);
        assert_eq!(wording("Ngày 30/6/2024"), day);
        assert_eq!(wording("Thực hiện thường xuyên"), Some(Wording::Ongoing));
        assert_eq!(wording("Hằng tháng"), Some(Wording::Monthly(None)));
        assert_eq!(
            wording("Ngày 22 hàng tháng"),
            Some(Wording::Monthly(Some(22)))
        );
        // Words of the author's own are never put in other words.
        let own = Some(Wording::AsWritten);
        assert_eq!(wording("Báo cáo định kỳ thường xuyên"), own);
        assert_eq!(wording("Ngày 40 hàng tháng"), own);
        assert_eq!(wording("Trước ngày 5 hàng tháng"), own);
        assert_eq!(wording("Theo lộ trình của Chính phủ"), own);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(parse_deadline("Sớm nhất có thể"), None);
        assert_eq!(parse_deadline("Tháng 13/2024"), None);
        assert_eq!(parse_deadline("Quý V/2024"), None);
    }
}
