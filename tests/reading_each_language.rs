//! What a reader of each language sees on every page of the example site.
//!
//! One way to write a day per language: Vietnamese pages write `01/07/2025` (never `01/7/2025`
//! or `1/7/2025`), English pages `1 July 2025` (never `16 Dec 2023`, `July 1, 2025` or a
//! numeric `1/7/2025`). What a report says in its own words is shown as written: on English
//! pages it sits inside `lang="vi"`, on Vietnamese pages it is text found word for word in the
//! site's `data/` files. On English pages the task tables mark the report's Vietnamese words
//! `lang="vi"` and say once, in their caption, that they are not translated; no English page
//! has a phrase in Vietnamese outside `lang="vi"` (a citation of a decision, say).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The example site (the repository's own `content/`, `data/` and theme), built once for the
/// tests of this file: every file's path and bytes.
fn example_site() -> &'static BTreeMap<String, Vec<u8>> {
    static BUILT: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let (_, stderr, code) = common::build(root, &out, &[]);
        assert_eq!(code, 0, "{stderr}");
        common::read_tree(&out)
    })
}

fn page(path: &str) -> String {
    let bytes = example_site()
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8_lossy(bytes).into_owned()
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The text of a page a reader sees, as (text, written in Vietnamese source words) runs: text
/// inside an element with `lang="vi"` is flagged; `<script>` and `<style>` are left out.
fn text_runs(html: &str) -> Vec<(String, bool)> {
    const VOID: [&str; 9] = [
        "br", "img", "meta", "link", "input", "hr", "source", "wbr", "col",
    ];
    let mut runs = Vec::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            runs.push((
                common::decode_entities(rest),
                stack.last().is_some_and(|s| s.1),
            ));
            break;
        };
        if open > 0 {
            let inside = stack.last().map(|s| s.0.as_str());
            if !matches!(inside, Some("script" | "style")) {
                runs.push((
                    common::decode_entities(&rest[..open]),
                    stack.last().is_some_and(|s| s.1),
                ));
            }
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|s| s.0 == name) {
                stack.truncate(at);
            }
            continue;
        }
        if tag.starts_with('!') || tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let vi = if tag.contains(" lang=\"vi\"") {
            true
        } else if tag.contains(" lang=\"") {
            false
        } else {
            stack.last().is_some_and(|s| s.1)
        };
        stack.push((name, vi));
    }
    runs
}

/// Every `d/m/yyyy` in `text` with its byte range.
fn numeric_days(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'/';
        if !starts_word || !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let d = run(i);
        let m_at = i + d + 1;
        if (1..=2).contains(&d) && b.get(i + d) == Some(&b'/') {
            let m = run(m_at);
            let y_at = m_at + m + 1;
            if (1..=2).contains(&m) && b.get(m_at + m) == Some(&b'/') {
                let y = run(y_at);
                let end = y_at + y;
                let ends_word = end == b.len() || !b[end].is_ascii_alphanumeric() && b[end] != b'/';
                if y == 4 && ends_word {
                    out.push((i, end));
                    i = end;
                    continue;
                }
            }
        }
        i += d.max(1);
    }
    out
}

/// The days in a Vietnamese text written with a one-digit day or month (`01/7/2025`).
fn bad_vietnamese_days(text: &str) -> Vec<String> {
    numeric_days(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .filter(|d| d.split('/').take(2).any(|part| part.len() != 2))
        .map(str::to_string)
        .collect()
}

/// The days in an English text not written as `1 July 2025`: numeric ones, abbreviated months
/// (`16 Dec 2023`) and month-first ones (`July 1, 2025`).
fn bad_english_days(text: &str) -> Vec<String> {
    let mut bad: Vec<String> = numeric_days(text)
        .into_iter()
        .map(|(s, e)| text[s..e].to_string())
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(3) {
        let day = w[0].trim_start_matches(['(', '[']);
        let month = w[1].trim_end_matches(['.', ',']);
        let year = w[2].trim_end_matches([',', '.', ')', ';', ':']);
        let is_day = (1..=2).contains(&day.len()) && day.bytes().all(|c| c.is_ascii_digit());
        let is_year = year.len() == 4 && year.bytes().all(|c| c.is_ascii_digit());
        let abbreviated = month.len() >= 3
            && !MONTHS.contains(&month)
            && MONTHS.iter().any(|m| m.starts_with(month));
        if is_day && is_year && abbreviated {
            bad.push(w.join(" "));
        }
        let month_first = MONTHS.contains(&w[0])
            && w[1].ends_with(',')
            && w[1]
                .trim_end_matches(',')
                .bytes()
                .all(|c| c.is_ascii_digit());
        if month_first && is_year {
            bad.push(w.join(" "));
        }
    }
    bad
}

/// Every text file under `dir`, one string: what the site's data says in its own words.
fn data_words(dir: &Path) -> String {
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            all.push_str(&text);
            all.push('\n');
        }
    }
    all
}

/// Whether the words around `day` in `run` are quoted from the data as written.
fn quoted_from_data(run: &str, day: &str, data: &str) -> bool {
    let Some(at) = run.find(day) else {
        return false;
    };
    let mut from = at.saturating_sub(24);
    while !run.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + day.len() + 24).min(run.len());
    while !run.is_char_boundary(to) {
        to -= 1;
    }
    data.contains(run[from..to].trim())
}

/// The days on one page that break its language's rule, with the page's path.
fn page_faults(path: &str, html: &str, data: &str) -> Vec<String> {
    let english = path.starts_with("en/");
    let mut faults = Vec::new();
    for (run, source_words) in text_runs(html) {
        if english {
            if !source_words {
                faults.extend(
                    bad_english_days(&run)
                        .into_iter()
                        .map(|d| format!("{path}: {d}")),
                );
            }
        } else {
            for day in bad_vietnamese_days(&run) {
                if !quoted_from_data(&run, &day, data) {
                    faults.push(format!("{path}: {day} in “{}”", run.trim()));
                }
            }
        }
    }
    faults
}

#[test]
fn every_page_of_the_example_site_writes_days_one_way_per_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = data_words(&root.join("data"));
    let mut pages = 0;
    let mut faults = Vec::new();
    for (path, bytes) in example_site() {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        faults.extend(page_faults(path, &String::from_utf8_lossy(bytes), &data));
    }
    assert!(pages > 100, "only {pages} pages built");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // The days the site writes itself are there, in each language's form.
    assert!(page("provinces/index.html").contains("từ ngày 01/07/2025"));
    assert!(
        page("en/provinces/bac-giang/index.html").contains("16 December 2023 – 15 January 2024")
    );
}

#[test]
fn the_scanner_catches_a_planted_vietnamese_day() {
    // Synthetic page text, planted faults.
    let page = "<main><p>Sáp nhập từ ngày 01/7/2025, số liệu đến 1/07/2024 và 30/06/2024.</p>\
                <p>Mã 202/2025/QH15 và tỷ số 31/12/20245 không phải ngày.</p></main>";
    assert_eq!(
        page_faults("provinces/index.html", page, ""),
        [
            "provinces/index.html: 01/7/2025 in “Sáp nhập từ ngày 01/7/2025, số liệu đến 1/07/2024 và 30/06/2024.”",
            "provinces/index.html: 1/07/2024 in “Sáp nhập từ ngày 01/7/2025, số liệu đến 1/07/2024 và 30/06/2024.”",
        ]
    );
    // Quoted word for word from the data, it stays as the report wrote it.
    let data = "title: \"Sáp nhập từ ngày 01/7/2025, số liệu\"";
    let quoted = "<p>Sáp nhập từ ngày 01/7/2025, số liệu</p>";
    assert!(page_faults("provinces/index.html", quoted, data).is_empty());
}

#[test]
fn the_scanner_catches_planted_english_days() {
    // Synthetic page text, planted faults.
    let page = "<main><p>Merged on 1/7/2025, figures to 16 Dec 2023 and July 1, 2025; \
                fine: 1 July 2025.</p><p lang=\"vi\">ngày 01/7/2025</p></main>";
    assert_eq!(
        page_faults("en/provinces/index.html", page, ""),
        [
            "en/provinces/index.html: 1/7/2025",
            "en/provinces/index.html: 16 Dec 2023",
            "en/provinces/index.html: July 1, 2025;",
        ]
    );
}

/// Letters only Vietnamese writes (English text on these pages has none of them, except the
/// report's words, which are what this looks for).
fn has_vietnamese_letters(text: &str) -> bool {
    text.chars().any(|c| {
        "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
            .contains(c.to_lowercase().next().unwrap_or(c))
    })
}

/// What is wrong with the task tables of an English page: a table whose caption does not say
/// its Vietnamese words are untranslated, or a Vietnamese phrase outside `lang="vi"` (a code
/// such as "1027/QĐ-UBND" in an English title is not one).
fn task_table_faults(html: &str) -> Vec<String> {
    let mut faults = Vec::new();
    for (n, table) in html.split("<table class=\"tasks").skip(1).enumerate() {
        let table = table.split("</table>").next().unwrap_or(table);
        let caption = table.split("</caption>").next().unwrap_or("");
        if !caption.contains("class=\"as-written\"") {
            faults.push(format!(
                "table {}: no note that the words are untranslated",
                n + 1
            ));
        }
        for (run, source_words) in text_runs(table) {
            if !source_words && vietnamese_phrase(&run) {
                faults.push(format!(
                    "table {}: “{}” without lang=\"vi\"",
                    n + 1,
                    run.trim()
                ));
            }
        }
    }
    faults
}

#[test]
fn english_task_tables_mark_the_reports_vietnamese_words() {
    let tasks = page("en/tasks/index.html");
    let province = page("en/provinces/binh-dinh/index.html");
    for html in [&tasks, &province] {
        assert!(html.contains("<table class=\"tasks"));
        assert_eq!(task_table_faults(html), Vec::<String>::new());
        // Bình Định's 40 tasks have English titles in the data: each title carries its
        // language. One deadline is another body's roadmap, left in the report's words.
        assert_eq!(html.matches("<th scope=\"row\" lang=\"en\">").count(), 40);
        assert!(html.contains("<span lang=\"vi\">Theo lộ trình hướng dẫn Cục C06</span>"));
    }
    assert!(tasks.contains("shown in Vietnamese, as written in the report (not translated)"));
    // The Vietnamese pages need no such note.
    assert!(!page("tasks/index.html").contains("as-written"));
}

#[test]
fn the_task_table_check_fails_when_the_marks_are_removed() {
    let tasks = page("en/tasks/index.html");
    let no_lang = tasks.replacen("<span lang=\"vi\">Theo lộ trình", "<span>Theo lộ trình", 1);
    assert_ne!(no_lang, tasks);
    let faults = task_table_faults(&no_lang);
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(
        faults[0].contains("Theo lộ trình hướng dẫn Cục C06"),
        "{faults:?}"
    );
    let no_note = tasks.replacen("class=\"as-written\"", "class=\"note\"", 1);
    assert_eq!(
        task_table_faults(&no_note),
        ["table 1: no note that the words are untranslated"]
    );
}

/// Vietnamese words on an English page outside `lang="vi"`: a run of three or more words in a
/// row with Vietnamese letters is a phrase written in Vietnamese ("Quyết định số 235"), not a
/// place name inside English prose ("in Châu Đốc and Tịnh Biên").
fn unmarked_vietnamese(html: &str) -> Vec<String> {
    text_runs(html)
        .into_iter()
        .filter(|(run, marked)| !marked && vietnamese_phrase(run))
        .map(|(run, _)| run.trim().to_string())
        .collect()
}

/// Whether `run` holds three or more words in a row with Vietnamese letters.
fn vietnamese_phrase(run: &str) -> bool {
    let mut in_a_row = 0;
    for word in run.split_whitespace() {
        in_a_row = if has_vietnamese_letters(word) {
            in_a_row + 1
        } else {
            0
        };
        if in_a_row == 3 {
            return true;
        }
    }
    false
}

#[test]
fn english_pages_mark_every_vietnamese_phrase() {
    let faults: Vec<String> = example_site()
        .iter()
        .filter(|(path, _)| path.starts_with("en/") && path.ends_with(".html"))
        .flat_map(|(path, bytes)| {
            unmarked_vietnamese(&String::from_utf8_lossy(bytes))
                .into_iter()
                .map(move |run| format!("{path}: “{run}”"))
        })
        .collect();
    assert_eq!(faults, Vec::<String>::new());
}

#[test]
fn the_phrase_check_catches_a_citation_written_in_vietnamese() {
    let html = page("en/indicators/digi-dossier-rate/index.html");
    assert!(unmarked_vietnamese(&html).is_empty());
    // The citation before English pages marked it: the decision's name among English words.
    let planted = html.replacen(
        "<span lang=\"vi\">Quyết định số 235/QĐ-UBND",
        "<span>Quyết định số 235/QĐ-UBND",
        1,
    );
    assert_ne!(planted, html);
    assert_eq!(unmarked_vietnamese(&planted).len(), 1);
    // A place name inside English prose is not a phrase in Vietnamese.
    assert!(unmarked_vietnamese("<p>introduced in Châu Đốc and Tịnh Biên</p>").is_empty());
}
