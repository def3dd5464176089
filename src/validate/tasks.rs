//! Tasks of a provincial plan: ids, statuses, and deadlines as written in Vietnamese reports.
//!
//! A deadline keeps its wording ("Quý II/2024") and gains a meaning: a date, a recurrence, or
//! a dependency on another body's roadmap. Unrecognised wording is an error unless the author
//! gives the date explicitly with `due_date`.

use super::{text, Ctx};
use crate::load::raw::RawTask;
use crate::model::{Date, Deadline, DeadlineKind, Recurrence, Slug, Task, TaskStatus};

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
            }),
            (Some(w), None) if t.due_date.is_none() => deadline(ctx, &w.0, &format!("{path}.due")),
            (None, Some(date)) => Some(Deadline {
                written: date.to_string(),
                kind: DeadlineKind::By(date),
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
    match parse_deadline(written) {
        Some(kind) => Some(Deadline {
            written: written.to_string(),
            kind,
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
pub(crate) fn parse_deadline(written: &str) -> Option<DeadlineKind> {
    let lower = written.trim().trim_end_matches('.').trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let text = words.join(" ");

    if text.starts_with("theo lộ trình") {
        return Some(DeadlineKind::External);
    }
    if text.contains("hàng tháng") || text.contains("hằng tháng") {
        return Some(DeadlineKind::Recurring(Recurrence::Monthly));
    }
    if text.ends_with("thường xuyên") {
        return Some(DeadlineKind::Recurring(Recurrence::Continuous));
    }
    if let Some(rest) = text.strip_prefix("tháng ") {
        let (m, y) = rest.split_once('/')?;
        return Date::end_of_month(year(y)?, m.trim().parse().ok()?).map(DeadlineKind::By);
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
        return Date::end_of_month(year(y)?, quarter * 3).map(DeadlineKind::By);
    }
    if let Some(rest) = text.strip_prefix("6 tháng đầu năm ") {
        return Date::end_of_month(year(rest)?, 6).map(DeadlineKind::By);
    }
    if let Some(rest) = text.strip_prefix("6 tháng cuối năm ") {
        return Date::end_of_month(year(rest)?, 12).map(DeadlineKind::By);
    }
    for prefix in ["trong năm ", "năm ", "cuối năm "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Date::end_of_month(year(rest)?, 12).map(DeadlineKind::By);
        }
    }
    let date_text = text.strip_prefix("ngày ").unwrap_or(&text);
    Date::parse_dmy(date_text).map(DeadlineKind::By)
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
    fn refuses_what_it_cannot_read() {
        assert_eq!(parse_deadline("Sớm nhất có thể"), None);
        assert_eq!(parse_deadline("Tháng 13/2024"), None);
        assert_eq!(parse_deadline("Quý V/2024"), None);
    }
}
