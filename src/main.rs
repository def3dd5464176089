//! The `minhbach` command: parses arguments, calls the library, chooses the exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 problems in the site (or warnings with
//! `--strict`), 2 the site could not be read or written, a wrong command line (clap's own
//! code for a bad argument, which `--base-url` shares), or an internal failure.

use clap::{Parser, Subcommand, ValueEnum};
use minhbach::diagnostics::{terminal_safe, Severity};
use minhbach::model::{BaseUrl, Lang};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Static site generator for public transparency dashboards"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the site's data and content and print every problem, like a compiler.
    Check {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Check the site, render every page in every language, and write it atomically.
    Build {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: `output_dir` of site.yaml, usually `public/`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Preview the site: build in memory, serve it on 127.0.0.1, rebuild and reload on every edit.
    Serve {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Only change it on purpose: the preview is for this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Use this base URL instead of the one in site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Open the preview in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Language of the error page and of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        /// How long a connection may take to send a request, in milliseconds (default 15 s).
        /// Hidden: the tests shorten it rather than wait.
        #[arg(long, hide = true)]
        idle_timeout_ms: Option<u64>,
    },
    /// Add the figures of a table (CSV, XLSX or ODS, in the downloads' tidy form) to the site's
    /// province files, after checking the table and the site it would make.
    Import {
        /// The table: a .csv file, or a workbook whose figures sheet has `province` and
        /// `indicator` in its header row.
        file: PathBuf,
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Create a new site in DIR (default: the current folder), which must be empty.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new file from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A report narrative for a province and period, with its front matter filled in.
    Report {
        /// The province id (its file name in data/provinces/).
        province: String,
        /// The period: 2025-04, 2024-Q2, 2024-H1, 2024 or 2023-12-16..2024-01-15.
        period: String,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

impl Command {
    /// The language asked for (Vietnamese for the commands that have no `--lang`).
    fn lang(&self) -> Lang {
        match self {
            Command::Check { lang, .. }
            | Command::Build { lang, .. }
            | Command::Serve { lang, .. }
            | Command::Import { lang, .. } => lang.lang(),
            Command::Init { .. } | Command::New { .. } => Lang::Vi,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.command.lang();
    // A panic is a bug, never the author's fault: report it as an internal failure (exit 2)
    // rather than a crash dump.
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(code) => code,
        Err(_) => {
            match lang {
                Lang::Vi => eprintln!("lỗi nội bộ: minhbach dừng đột ngột. Đây là lỗi của chương trình, không phải của dữ liệu; xin hãy báo lại cho nhóm phát triển, kèm tệp đã gây ra lỗi"),
                Lang::En => eprintln!("internal error: minhbach stopped unexpectedly; please report this with the input that caused it"),
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            root,
            strict,
            format,
            lang,
        } => check(&root, strict, format, lang.lang()),
        Command::Build {
            root,
            output,
            base_url,
            lang,
        } => match base_url_arg(base_url, lang.lang()) {
            Ok(base_url) => build(
                &root,
                minhbach::BuildOptions { output, base_url },
                lang.lang(),
            ),
            Err(code) => code,
        },
        Command::Serve {
            root,
            port,
            bind,
            base_url,
            open,
            lang,
            idle_timeout_ms,
        } => match base_url_arg(base_url, lang.lang()) {
            Ok(base_url) => serve(
                minhbach::serve::ServeOptions {
                    root,
                    bind,
                    port,
                    base_url,
                    lang: lang.lang(),
                    limits: {
                        let mut limits = minhbach::serve::Limits::default();
                        if let Some(ms) = idle_timeout_ms {
                            limits.idle_timeout = std::time::Duration::from_millis(ms);
                        }
                        limits
                    },
                },
                open,
            ),
            Err(code) => code,
        },
        Command::Import { file, root, lang } => import(&root, &file, lang.lang()),
        Command::Init { dir } => match minhbach::init::init(&dir) {
            Ok(files) => {
                let dir = safe(dir.display());
                println!("created a new site in {dir} ({} files)", files.len());
                println!("next: cd {dir} && minhbach serve");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", safe(e));
                ExitCode::from(1)
            }
        },
        Command::New {
            what:
                NewCommand::Report {
                    province,
                    period,
                    root,
                },
        } => match minhbach::init::new_report(&root, &province, &period) {
            Ok(path) => {
                println!(
                    "created {} (a draft: set `draft: false` when it is ready)",
                    safe(path.display())
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", safe(e));
                ExitCode::from(1)
            }
        },
    }
}

fn serve(options: minhbach::serve::ServeOptions, open: bool) -> ExitCode {
    let result = minhbach::serve::serve(&options, |running| {
        // The first line of standard output is the address: tools and tests read it.
        println!(
            "serving {} at {}",
            safe(options.root.display()),
            running.url
        );
        let _ = std::io::stdout().flush();
        if open {
            minhbach::serve::open_browser(&running.url);
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", safe(e));
            ExitCode::from(2)
        }
    }
}

/// `--base-url`, checked by the parser of `base_url` in site.yaml. A bad one is reported once,
/// before anything is read, as a command-line error (exit 2, like clap's): built anyway, every
/// link of the site would fail the link check instead.
fn base_url_arg(given: Option<String>, lang: Lang) -> Result<Option<BaseUrl>, ExitCode> {
    let Some(text) = given else {
        return Ok(None);
    };
    match BaseUrl::parse(&text) {
        Ok(url) => Ok(Some(url)),
        Err(e) => {
            print_failure(&format!("--base-url: {}", e.message(lang)), lang);
            match lang {
                Lang::Vi => eprintln!("  gợi ý: {}", e.help(lang)),
                Lang::En => eprintln!("  help: {}", e.help(lang)),
            }
            Err(ExitCode::from(2))
        }
    }
}

/// `text` as it may reach the terminal: a path or an error message can hold any character a
/// file name can, and control or bidi characters are shown as `\u{…}` escapes rather than
/// acted on (see `minhbach::diagnostics::terminal_safe`).
fn safe(text: impl std::fmt::Display) -> String {
    terminal_safe(&text.to_string()).into_owned()
}

/// `error: …` for a failure that is not the site's fault (a missing folder, a disk error).
fn print_failure(message: &str, lang: Lang) {
    let message = safe(message);
    match lang {
        Lang::Vi => eprintln!("lỗi: {message}"),
        Lang::En => eprintln!("error: {message}"),
    }
}

fn check(root: &std::path::Path, strict: bool, format: Format, lang: Lang) -> ExitCode {
    let checked = match minhbach::check(root) {
        Ok(c) => c,
        Err(e) => {
            print_failure(&e.message(lang), lang);
            return ExitCode::from(2);
        }
    };
    let diags = &checked.diagnostics;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        Format::Human => {
            let mut text = diags.render_grouped(&checked.sources, lang);
            let files = checked.files_read();
            text.push_str(&match lang {
                Lang::Vi => format!("{}; đã kiểm tra {files} tệp\n", diags.summary(lang)),
                Lang::En => format!("{}; {files} files checked\n", diags.summary(lang)),
            });
            out.write_all(text.as_bytes())
        }
        Format::Json => {
            let report = serde_json::json!({
                "diagnostics": diags.sorted().into_iter().map(|d| d.json(lang)).collect::<Vec<_>>(),
                "errors": diags.count(Severity::Error),
                "warnings": diags.count(Severity::Warning),
                "files_checked": checked.files_read(),
            });
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n"))
        }
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    let failed = diags.has_errors() || (strict && diags.count(Severity::Warning) > 0);
    // The process ends here: freeing half a million figures one by one would only add time
    // (a tenth of `check` on the national dataset); the system takes the memory back at exit.
    std::mem::forget(checked);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn import(root: &std::path::Path, file: &std::path::Path, lang: Lang) -> ExitCode {
    use minhbach::import::ImportError;
    match minhbach::import::import(root, file) {
        Ok(imported) => {
            // The warnings of the files written (the site's other warnings are `check`'s).
            let mut warnings = minhbach::diagnostics::Diagnostics::default();
            for d in imported.checked.diagnostics.iter() {
                if imported.changes.iter().any(|c| c.file == d.file) {
                    warnings.push(d.clone());
                }
            }
            eprint!("{}", warnings.render_all(&imported.checked.sources, lang));
            let mut total = 0;
            for change in &imported.changes {
                total += change.figures;
                let file = safe(&change.file);
                let (new, reports) = (change.before.is_none(), change.reports_added);
                println!(
                    "{}",
                    match lang {
                        Lang::Vi => format!(
                            "{}: {} số liệu → {file}{}{}",
                            change.province,
                            change.figures,
                            if new { " (tỉnh mới)" } else { "" },
                            if reports > 0 {
                                format!(", thêm {reports} báo cáo")
                            } else {
                                String::new()
                            }
                        ),
                        Lang::En => format!(
                            "{}: {} → {file}{}{}",
                            change.province,
                            plural(change.figures, "figure"),
                            if new { " (new province)" } else { "" },
                            if reports > 0 {
                                format!(", {} added", plural(reports, "report"))
                            } else {
                                String::new()
                            }
                        ),
                    }
                );
            }
            let provinces = imported.changes.len();
            println!(
                "{}",
                match lang {
                    Lang::Vi => format!("đã nhập {total} số liệu của {provinces} tỉnh"),
                    Lang::En => format!(
                        "imported {} of {}",
                        plural(total, "figure"),
                        plural(provinces, "province")
                    ),
                }
            );
            ExitCode::SUCCESS
        }
        Err(ImportError::SiteInvalid(checked)) => {
            print_diagnostics(&checked, lang);
            let summary = checked.diagnostics.summary(lang);
            match lang {
                Lang::Vi => eprintln!("{summary}; trang đang có lỗi: hãy sửa trước khi nhập (chưa ghi tệp nào)"),
                Lang::En => eprintln!("{summary}; the site has errors: fix them before importing (nothing was written)"),
            }
            ExitCode::from(1)
        }
        Err(ImportError::Invalid(checked)) => {
            print_diagnostics(&checked, lang);
            let summary = checked.diagnostics.summary(lang);
            match lang {
                Lang::Vi => eprintln!("{summary}; chưa ghi tệp nào"),
                Lang::En => eprintln!("{summary}; nothing was written"),
            }
            ExitCode::from(1)
        }
        Err(e) => {
            print_failure(&e.message(lang), lang);
            ExitCode::from(2)
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

fn print_diagnostics(checked: &minhbach::Checked, lang: Lang) {
    eprint!(
        "{}",
        checked.diagnostics.render_grouped(&checked.sources, lang)
    );
}

fn build(root: &std::path::Path, options: minhbach::BuildOptions, lang: Lang) -> ExitCode {
    let started = std::time::Instant::now();
    match minhbach::build(root, &options) {
        Ok(built) => {
            print_diagnostics(&built.checked, lang);
            // Phase lines help on a terminal; CI logs stay quiet (set MINHBACH_TIMINGS=1 to force).
            if std::io::stderr().is_terminal() || std::env::var_os("MINHBACH_TIMINGS").is_some() {
                for (phase, took) in &built.timings {
                    eprintln!("  {phase:<28} {:>7.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            let (pages, files, ms) = (built.pages, built.files, started.elapsed().as_millis());
            let output = safe(built.output.display());
            match lang {
                Lang::Vi => {
                    eprintln!("đã tạo {pages} trang ({files} tệp) trong {ms} ms → {output}")
                }
                Lang::En => eprintln!("built {pages} pages ({files} files) in {ms} ms → {output}"),
            }
            ExitCode::SUCCESS
        }
        Err(minhbach::BuildError::Invalid(checked)) => {
            print_diagnostics(&checked, lang);
            let summary = checked.diagnostics.summary(lang);
            match lang {
                Lang::Vi => {
                    eprintln!("{summary}; chưa ghi tệp nào, trang web cũ (nếu có) vẫn giữ nguyên")
                }
                Lang::En => eprintln!("{summary}; nothing was written"),
            }
            ExitCode::from(1)
        }
        Err(minhbach::BuildError::Read(e)) => {
            print_failure(&e.message(lang), lang);
            ExitCode::from(2)
        }
        Err(minhbach::BuildError::Write(e)) => {
            print_failure(&e.message(lang), lang);
            ExitCode::from(2)
        }
    }
}
