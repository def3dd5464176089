//! What the commands print on the terminal besides diagnostics, in Vietnamese (the default)
//! and English (`--lang en`).
//!
//! Every line `minhbach` prints of its own (start-up, progress, results, failures that are
//! not the site's fault) is one variant of [`Line`], and its two texts sit side by side in
//! [`Line::text`]: a message cannot be translated for one command and forgotten in another,
//! and its wording is changed in one place. Diagnostics carry their own two texts.

use crate::model::Lang;

/// One line printed by a command.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    /// A panic: a bug in minhbach, never the author's fault.
    InternalError,
    /// A failure that is not the site's fault (a missing folder, a disk error, a refusal).
    Failure(&'a str),
    /// How to fix the failure printed just before.
    Help(&'a str),
    /// A problem that does not stop the command.
    Warning(&'a str),
    /// `check`'s last line: the summary of the diagnostics and the files read.
    Checked { summary: &'a str, files: usize },
    /// `build` succeeded.
    Built {
        pages: usize,
        files: usize,
        ms: u128,
        output: &'a str,
    },
    /// `build` found errors and wrote nothing.
    NotBuilt { summary: &'a str },
    /// One province file written by `import`.
    ImportedProvince {
        province: &'a str,
        figures: usize,
        file: &'a str,
        new: bool,
        reports: usize,
    },
    /// `import`'s last line.
    Imported { figures: usize, provinces: usize },
    /// `import` refused: the site had errors before the table was read.
    ImportSiteInvalid { summary: &'a str },
    /// `import` refused: the table, or the site it would make, has errors.
    ImportInvalid { summary: &'a str },
    /// `new` wrote a file.
    FileCreated { file: &'a str },
    /// `new` changed a file.
    FileUpdated { file: &'a str },
    /// `new report` wrote its narratives as drafts.
    NarrativesAreDrafts,
    /// A command refused: the site has errors to fix first.
    SiteInvalidFixFirst { summary: &'a str },
    /// A command refused with errors: nothing was written.
    NothingWritten { summary: &'a str },
    /// A count of errors outside any file (a command line's).
    Errors { count: usize },
    /// `indicators` listed what it could of a catalogue with errors.
    CatalogueHasErrors { summary: &'a str },
    /// `template` wrote a workbook.
    TemplateWritten {
        path: &'a str,
        figure_rows: usize,
        indicators: usize,
        tasks: usize,
    },
    /// What to do with the workbook `template` wrote.
    TemplateNext,
    /// `extract` wrote a draft.
    ExtractWritten {
        path: &'a str,
        figures: usize,
        matched: usize,
        tasks: usize,
    },
    /// What `extract` read in the report's header.
    ExtractHeader {
        province: &'a str,
        period: &'a str,
        number: &'a str,
    },
    /// What to do with the draft `extract` wrote.
    ExtractNext,
    /// `init` wrote a new site.
    SiteCreated { dir: &'a str, files: usize },
    /// What to do after `init`: preview the site, in the language the user chose.
    NextStep { dir: &'a str, lang_flag: &'a str },
    /// `new report` wrote a narrative.
    ReportCreated { path: &'a str },
    /// `serve` listens: the first line of standard output, which tools and tests read.
    Serving { root: &'a str, url: &'a str },
    /// `serve` built or rebuilt the site in memory.
    ServeBuilt {
        pages: usize,
        rendered: usize,
        ms: f64,
        warnings: usize,
        /// The files whose change caused the rebuild (none for the first build).
        changed: &'a [String],
    },
    /// `serve`'s build has errors: the browser shows them.
    ServeInvalid { summary: &'a str },
    /// `serve` could not make a download asked for.
    DownloadFailed { file: &'a str, why: &'a str },
    /// `serve` could not make the search index when asked for it.
    SearchFailed { why: &'a str },
    /// How long one step of a build took (the step names are the code's own).
    Timing { phase: &'a str, ms: f64 },
    /// The build cache's share of the downloads (shown with the timings).
    Cached {
        reused: usize,
        made: usize,
        pages: usize,
        /// Data files linked from the last build's output.
        data: usize,
    },
}

impl Line<'_> {
    /// The line in `lang`, safe to print: control and bidi characters that a path or a
    /// message may hold are shown as `\u{…}` escapes rather than acted on.
    pub fn text(&self, lang: Lang) -> String {
        let text = match lang {
            Lang::Vi => self.vietnamese(),
            Lang::En => self.english(),
        };
        crate::diagnostics::terminal_safe(&text).into_owned()
    }

    fn vietnamese(&self) -> String {
        match *self {
            Line::InternalError => "lỗi nội bộ: minhbach dừng đột ngột. Đây là lỗi của chương trình, không phải của dữ liệu; xin hãy báo lại cho nhóm phát triển, kèm tệp đã gây ra lỗi".into(),
            Line::Failure(message) => format!("lỗi: {message}"),
            Line::Help(help) => format!("  gợi ý: {help}"),
            Line::Warning(message) => format!("cảnh báo: {message}"),
            Line::Checked { summary, files } => format!("{summary}; đã kiểm tra {files} tệp"),
            Line::Built { pages, files, ms, output } => {
                format!("đã tạo {pages} trang ({files} tệp) trong {ms} ms → {output}")
            }
            Line::NotBuilt { summary } => {
                format!("{summary}; chưa ghi tệp nào, trang web cũ (nếu có) vẫn giữ nguyên")
            }
            Line::ImportedProvince { province, figures, file, new, reports } => format!(
                "{province}: {figures} số liệu → {file}{}{}",
                if new { " (tỉnh mới)" } else { "" },
                if reports > 0 { format!(", thêm {reports} báo cáo") } else { String::new() }
            ),
            Line::Imported { figures, provinces } => {
                format!("đã nhập {figures} số liệu của {provinces} tỉnh")
            }
            Line::ImportSiteInvalid { summary } => format!(
                "{summary}; trang đang có lỗi: hãy sửa trước khi nhập (chưa ghi tệp nào)"
            ),
            Line::ImportInvalid { summary } => format!("{summary}; chưa ghi tệp nào"),
            Line::TemplateWritten { path, figure_rows, indicators, tasks } => format!(
                "đã tạo {path}: {figure_rows} hàng số liệu ({indicators} chỉ tiêu), {tasks} nhiệm vụ có sẵn"
            ),
            Line::FileCreated { file } => format!("đã tạo {file}"),
            Line::FileUpdated { file } => format!("đã cập nhật {file}"),
            Line::NarrativesAreDrafts => "bài viết là bản nháp: khi viết xong, hãy đổi `draft: true` thành `draft: false`".into(),
            Line::SiteInvalidFixFirst { summary } => {
                format!("{summary}; trang đang có lỗi: hãy sửa trước (chưa ghi tệp nào)")
            }
            Line::NothingWritten { summary } => format!("{summary}; chưa ghi tệp nào"),
            Line::Errors { count } => format!("{count} lỗi"),
            Line::CatalogueHasErrors { summary } => {
                format!("{summary}; danh mục có lỗi: chỉ liệt kê các chỉ tiêu hợp lệ")
            }
            Line::TemplateNext => {
                "tiếp theo: điền các ô trắng, lưu trong thư mục data/, rồi chạy minhbach check".into()
            }
            Line::ExtractWritten { path, figures, matched, tasks } => format!(
                "đã tạo {path}: {figures} số liệu, {matched} đã gợi ý chỉ tiêu, {} chưa khớp (vẫn giữ lại, trang «Chưa khớp» của bảng tính), {tasks} nhiệm vụ",
                figures - matched
            ),
            Line::ExtractHeader { province, period, number } => format!(
                "báo cáo: tỉnh {province}, kỳ {period}, số {number}"
            ),
            Line::ExtractNext => "tiếp theo: đối chiếu từng dòng với báo cáo (cột source ghi số dòng), sửa chỉ tiêu và kỳ nếu cần, xóa dòng thừa, lưu trong thư mục data/, rồi chạy minhbach check".into(),
            Line::SiteCreated { dir, files } => {
                format!("đã tạo trang web mới trong {dir} ({files} tệp)")
            }
            Line::NextStep { dir, lang_flag } => {
                format!("tiếp theo: cd {dir} && minhbach serve{lang_flag}")
            }
            Line::ReportCreated { path } => format!(
                "đã tạo {path} (bản nháp: khi bài đã hoàn chỉnh, hãy đặt `draft: false`)"
            ),
            Line::Serving { root, url } => format!("đang xem trước {root} tại {url}"),
            Line::ServeBuilt { pages, rendered, ms, warnings, changed } => format!(
                "{} {pages} trang ({rendered} trang vừa tạo) trong {} ms{}{}",
                if changed.is_empty() { "đã dựng" } else { "đã dựng lại" },
                // A decimal comma, as Vietnamese writes numbers.
                format!("{ms:.1}").replace('.', ","),
                if warnings > 0 { format!(", {warnings} cảnh báo") } else { String::new() },
                if changed.is_empty() {
                    String::new()
                } else {
                    format!(" sau khi {} thay đổi", changed.join(", "))
                }
            ),
            Line::ServeInvalid { summary } => {
                format!("{summary}; trình duyệt hiển thị các lỗi cho đến khi chúng được sửa")
            }
            Line::DownloadFailed { file, why } => {
                format!("lỗi: không tạo được tệp tải về {file}: {why}")
            }
            Line::SearchFailed { why } => {
                format!("lỗi: không tạo được chỉ mục tìm kiếm: {why}")
            }
            Line::Timing { phase, ms } => format!("  {phase:<28} {ms:>7.1} ms"),
            Line::Cached { reused, made, pages, data } => format!(
                "  bộ nhớ đệm: dùng lại {reused} tệp tải về, tạo mới {made} tệp; giữ nguyên {pages} trang báo cáo và {data} tệp dữ liệu của lần dựng trước"
            ),
        }
    }

    fn english(&self) -> String {
        match *self {
            Line::InternalError => "internal error: minhbach stopped unexpectedly; please report this with the input that caused it".into(),
            Line::Failure(message) => format!("error: {message}"),
            Line::Help(help) => format!("  help: {help}"),
            Line::Warning(message) => format!("warning: {message}"),
            Line::Checked { summary, files } => format!("{summary}; {files} files checked"),
            Line::Built { pages, files, ms, output } => {
                format!("built {pages} pages ({files} files) in {ms} ms → {output}")
            }
            Line::NotBuilt { summary } => format!("{summary}; nothing was written"),
            Line::ImportedProvince { province, figures, file, new, reports } => format!(
                "{province}: {} → {file}{}{}",
                plural(figures, "figure"),
                if new { " (new province)" } else { "" },
                if reports > 0 {
                    format!(", {} added", plural(reports, "report"))
                } else {
                    String::new()
                }
            ),
            Line::Imported { figures, provinces } => format!(
                "imported {} of {}",
                plural(figures, "figure"),
                plural(provinces, "province")
            ),
            Line::ImportSiteInvalid { summary } => format!(
                "{summary}; the site has errors: fix them before importing (nothing was written)"
            ),
            Line::ImportInvalid { summary } => format!("{summary}; nothing was written"),
            Line::TemplateWritten { path, figure_rows, indicators, tasks } => format!(
                "created {path}: {} ({}), {} listed",
                plural(figure_rows, "figure row"),
                plural(indicators, "indicator"),
                plural(tasks, "task")
            ),
            Line::FileCreated { file } => format!("created {file}"),
            Line::FileUpdated { file } => format!("updated {file}"),
            Line::NarrativesAreDrafts => {
                "the narratives are drafts: set `draft: false` when they are ready".into()
            }
            Line::SiteInvalidFixFirst { summary } => {
                format!("{summary}; the site has errors: fix them first (nothing was written)")
            }
            Line::NothingWritten { summary } => format!("{summary}; nothing was written"),
            Line::Errors { count } => plural(count, "error"),
            Line::CatalogueHasErrors { summary } => {
                format!("{summary}; the catalogue has errors: only the valid indicators are listed")
            }
            Line::TemplateNext => {
                "next: fill in the white cells, save it under data/, then run minhbach check".into()
            }
            Line::ExtractWritten { path, figures, matched, tasks } => format!(
                "created {path}: {}, {matched} with a proposed indicator, {} unmatched (kept: the workbook's «Chưa khớp» sheet), {}",
                plural(figures, "figure"),
                figures - matched,
                plural(tasks, "task")
            ),
            Line::ExtractHeader { province, period, number } => format!(
                "report: province {province}, period {period}, number {number}"
            ),
            Line::ExtractNext => "next: check every row against the report (the source column gives the line), fix indicators and periods where needed, delete the rows that are not figures, save it in data/, then run minhbach check".into(),
            Line::SiteCreated { dir, files } => {
                format!("created a new site in {dir} ({})", plural(files, "file"))
            }
            Line::NextStep { dir, lang_flag } => {
                format!("next: cd {dir} && minhbach serve{lang_flag}")
            }
            Line::ReportCreated { path } => {
                format!("created {path} (a draft: set `draft: false` when it is ready)")
            }
            Line::Serving { root, url } => format!("serving {root} at {url}"),
            Line::ServeBuilt { pages, rendered, ms, warnings, changed } => format!(
                "{} {} ({rendered} rendered) in {ms:.1} ms{}{}",
                if changed.is_empty() { "built" } else { "rebuilt" },
                plural(pages, "page"),
                if warnings > 0 {
                    format!(", {}", plural(warnings, "warning"))
                } else {
                    String::new()
                },
                if changed.is_empty() {
                    String::new()
                } else {
                    format!(" after a change to {}", changed.join(", "))
                }
            ),
            Line::ServeInvalid { summary } => {
                format!("{summary}; the browser shows the errors until they are fixed")
            }
            Line::DownloadFailed { file, why } => {
                format!("error: cannot make the download {file}: {why}")
            }
            Line::SearchFailed { why } => format!("error: cannot make the search index: {why}"),
            Line::Timing { phase, ms } => format!("  {phase:<28} {ms:>7.1} ms"),
            Line::Cached { reused, made, pages, data } => format!(
                "  build cache: {reused} download files reused, {made} made; {pages} report pages taken from the last build, and {data} data files"
            ),
        }
    }
}

/// `1 figure`, `2 figures`.
fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

/// Writes to standard output (`newline`: then ends the line). A reader who closes the pipe
/// early (`minhbach indicators | head`) or a terminal that is gone is not a failure of the
/// command: what cannot be printed is dropped, where `print!` would panic.
pub fn write_stdout(args: std::fmt::Arguments<'_>, newline: bool) {
    write_or_drop(std::io::stdout().lock(), args, newline);
}

/// [`write_stdout`] for standard error.
pub fn write_stderr(args: std::fmt::Arguments<'_>, newline: bool) {
    write_or_drop(std::io::stderr().lock(), args, newline);
}

fn write_or_drop(mut to: impl std::io::Write, args: std::fmt::Arguments<'_>, newline: bool) {
    let end: &[u8] = if newline { b"\n" } else { b"" };
    let _ = to.write_fmt(args).and_then(|()| to.write_all(end));
    let _ = to.flush();
}

/// `print!` that never panics on a closed pipe: see [`write_stdout`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::console::write_stdout(::std::format_args!($($arg)*), false) };
}

/// `println!` that never panics on a closed pipe: see [`write_stdout`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::write_stdout(::std::format_args!($($arg)*), true) };
}

/// `eprint!` that never panics on a closed standard error.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::console::write_stderr(::std::format_args!($($arg)*), false) };
}

/// `eprintln!` that never panics on a closed standard error.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::write_stderr(::std::format_args!($($arg)*), true) };
}

#[cfg(test)]
mod tests {
    use super::Line;
    use crate::model::Lang;

    #[test]
    fn a_line_reads_in_each_language_and_cannot_move_the_cursor() {
        let line = Line::Built {
            pages: 25,
            files: 42,
            ms: 9,
            output: "pub\u{1b}[2Jlic",
        };
        assert_eq!(
            line.text(Lang::Vi),
            "đã tạo 25 trang (42 tệp) trong 9 ms → pub\\u{1b}[2Jlic"
        );
        assert_eq!(
            line.text(Lang::En),
            "built 25 pages (42 files) in 9 ms → pub\\u{1b}[2Jlic"
        );
        let changed = ["data/provinces/bac-giang.yaml".to_string()];
        let rebuilt = Line::ServeBuilt {
            pages: 1,
            rendered: 1,
            ms: 12.34,
            warnings: 1,
            changed: &changed,
        };
        assert_eq!(
            rebuilt.text(Lang::En),
            "rebuilt 1 page (1 rendered) in 12.3 ms, 1 warning after a change to data/provinces/bac-giang.yaml"
        );
        assert_eq!(
            rebuilt.text(Lang::Vi),
            "đã dựng lại 1 trang (1 trang vừa tạo) trong 12,3 ms, 1 cảnh báo sau khi data/provinces/bac-giang.yaml thay đổi"
        );
    }
}
