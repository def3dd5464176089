//! The `minhbach` command: parses arguments, calls the library, chooses the exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 problems in the site (or warnings with
//! `--strict`), 2 the site could not be read or written, a wrong command line (clap's own
//! code for a bad argument, which `--base-url` shares), or an internal failure.

mod cli_help;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use minhbach::console::Line;
use minhbach::diagnostics::Severity;
use minhbach::model::{BaseUrl, Lang};
use minhbach::{err, errln, out, outln};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc, not glibc's malloc: a build allocates and frees millions of small values (each
/// page's Markdown events, its Tera context, its HTML) from every core at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Parse every file anew instead of taking the files that have not changed from the
        /// last run (kept in `.minhbach-cache/` in the site's folder).
        #[arg(long)]
        no_cache: bool,
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
        /// Make every download and page anew, and parse every file, instead of reusing what
        /// the last build made and parsed (kept in `.minhbach-cache/` beside the output folder
        /// and in the site's folder).
        #[arg(long)]
        no_cache: bool,
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
    /// Write the workbook a province's publisher fills in: one row per indicator of the
    /// catalogue, a sheet for the tasks, instructions in Vietnamese. Saved under `data/`, it builds.
    Template {
        /// The province id (its file name in data/provinces/).
        province: String,
        /// The report's period: 2025-04, 2024-Q2, 2024-H1, 2024 or 2023-12-16..2024-01-15.
        #[arg(long)]
        period: Option<String>,
        /// Where to write (default: data/<province>-<period>.xlsx in the site's folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Read a province's report (.txt or .docx) and write a draft of its data for review: every
    /// figure with its line, the catalogue indicators it most likely belongs to, the header and
    /// the appendix of tasks, in the workbook form `template` writes (or YAML, JSON).
    Extract {
        /// The report: a plain-text (.txt) or Word (.docx) file.
        report: PathBuf,
        /// The province id, when the report's header does not name it (or to override it).
        #[arg(long)]
        province: Option<String>,
        /// The report's period, when the header does not say it: 2025-04, 2024-Q2, 2024-H1,
        /// 2024 or 2023-12-16..2024-01-15.
        #[arg(long)]
        period: Option<String>,
        /// The draft's format.
        #[arg(long, value_enum, default_value_t = DraftFormat::Xlsx)]
        format: DraftFormat,
        /// Where to write (default: <report>-draft.<format> beside the report).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Create a new site in DIR (default: the current folder), which must be empty. The site
    /// uses the built-in theme, so theme fixes reach it with each new minhbach.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Start from a site of one province (the example's Bắc Giang report, every figure with
        /// its source), whose pages compare it with no other.
        #[arg(long)]
        single_province: bool,
        /// Language of the messages and of the README written: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// List the site's indicators by group, or those matching QUERY (every word of it, with or
    /// without diacritics, in ids, labels and group labels).
    Indicators {
        /// Words to look for, e.g. "ho so truc tuyen" or "định danh".
        query: Vec<String>,
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the labels and messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Create a new file from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A report: its narratives (Vietnamese and English) with their front matter filled in,
    /// and its entry in the province's `reports:` when it is not listed yet.
    Report {
        /// The province id (its file name in data/provinces/).
        province: String,
        /// The period: 2025-04, 2024-Q2, 2024-H1, 2024 or 2023-12-16..2024-01-15.
        period: String,
        /// The report's file, as sources cite it (required unless the report is listed).
        #[arg(long)]
        file: Option<String>,
        /// The document's number, e.g. "331/BC-UBND".
        #[arg(long)]
        number: Option<String>,
        /// The day it was issued: 2024-03-29.
        #[arg(long)]
        issued: Option<String>,
        /// The issuing body in Vietnamese (required unless the report is listed).
        #[arg(long)]
        issuer_vi: Option<String>,
        /// The issuing body in English.
        #[arg(long)]
        issuer_en: Option<String>,
        /// The official document's https:// address.
        #[arg(long)]
        url: Option<String>,
        /// The document is a draft (no number or date yet).
        #[arg(long)]
        draft: bool,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// A province: data/provinces/<SLUG>.yaml with its names, code, region and lifetime. On a
    /// terminal, the required values not given are asked for.
    Province {
        /// The province id: its file name and web address, e.g. kien-giang.
        slug: String,
        /// The name in Vietnamese, e.g. "Kiên Giang" (required).
        #[arg(long)]
        name_vi: Option<String>,
        /// The name in English, e.g. "Kien Giang" (required).
        #[arg(long)]
        name_en: Option<String>,
        /// The official code, e.g. 91.
        #[arg(long)]
        code: Option<String>,
        /// The region in Vietnamese, e.g. "Đồng bằng sông Cửu Long".
        #[arg(long)]
        region_vi: Option<String>,
        /// The region in English, e.g. "Mekong River Delta".
        #[arg(long)]
        region_en: Option<String>,
        /// The first day of the unit (a province formed by a merger).
        #[arg(long)]
        valid_from: Option<String>,
        /// The last day of the unit (default: the day before --successor-from).
        #[arg(long)]
        valid_to: Option<String>,
        /// The id of the province it became part of.
        #[arg(long)]
        successor: Option<String>,
        /// The day the successor took over, e.g. 2025-07-01.
        #[arg(long)]
        successor_from: Option<String>,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the messages: Vietnamese (default) or English.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
}

impl NewCommand {
    fn lang(&self) -> Lang {
        match self {
            NewCommand::Report { lang, .. } | NewCommand::Province { lang, .. } => lang.lang(),
        }
    }
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
enum DraftFormat {
    Xlsx,
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

impl Command {
    /// The language asked for with `--lang` (Vietnamese by default).
    fn lang(&self) -> Lang {
        match self {
            Command::Check { lang, .. }
            | Command::Build { lang, .. }
            | Command::Serve { lang, .. }
            | Command::Import { lang, .. }
            | Command::Template { lang, .. }
            | Command::Extract { lang, .. }
            | Command::Init { lang, .. }
            | Command::Indicators { lang, .. } => lang.lang(),
            Command::New { what } => what.lang(),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    if !cli_help::asks_for_english(&args) {
        command = cli_help::vietnamese(command);
    }
    let cli = match command
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let lang = cli.command.lang();
    // A panic is a bug, never the author's fault: report it as an internal failure (exit 2)
    // rather than a crash dump.
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(code) => code,
        Err(_) => {
            errln!("{}", Line::InternalError.text(lang));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            root,
            strict,
            no_cache,
            format,
            lang,
        } => check(&root, strict, no_cache, format, lang.lang()),
        Command::Build {
            root,
            output,
            base_url,
            no_cache,
            lang,
        } => match base_url_arg(base_url, lang.lang()) {
            Ok(base_url) => build(
                &root,
                minhbach::BuildOptions {
                    output,
                    base_url,
                    no_cache,
                },
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
        Command::Template {
            province,
            period,
            out,
            force,
            root,
            lang,
        } => template(
            &root,
            &minhbach::template::Options {
                province,
                period,
                out,
                force,
            },
            lang.lang(),
        ),
        Command::Extract {
            report,
            province,
            period,
            format,
            out,
            force,
            root,
            lang,
        } => extract(
            &root,
            &minhbach::extract::Options {
                report,
                province,
                period,
                format: match format {
                    DraftFormat::Xlsx => minhbach::extract::Format::Xlsx,
                    DraftFormat::Yaml => minhbach::extract::Format::Yaml,
                    DraftFormat::Json => minhbach::extract::Format::Json,
                },
                out,
                force,
            },
            lang.lang(),
        ),
        Command::Init {
            dir,
            single_province,
            lang,
        } => {
            let lang = lang.lang();
            let starter = match single_province {
                true => minhbach::init::Starter::SingleProvince,
                false => minhbach::init::Starter::OneFigure,
            };
            match minhbach::init::init(&dir, starter, lang) {
                Ok(files) => {
                    let dir = dir.display().to_string();
                    let files = files.len();
                    outln!("{}", Line::SiteCreated { dir: &dir, files }.text(lang));
                    let lang_flag = if lang == Lang::En { " --lang en" } else { "" };
                    outln!(
                        "{}",
                        Line::NextStep {
                            dir: &dir,
                            lang_flag
                        }
                        .text(lang)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    print_failure(e.message(lang), lang);
                    ExitCode::from(1)
                }
            }
        }
        Command::Indicators { query, root, lang } => {
            indicators(&root, &query.join(" "), lang.lang())
        }
        Command::New { what } => new(what),
    }
}

fn serve(options: minhbach::serve::ServeOptions, open: bool) -> ExitCode {
    let result = minhbach::serve::serve(&options, |running| {
        // The first line of standard output ends with the address: tools and tests read it.
        let root = options.root.display().to_string();
        let url = &running.url;
        outln!("{}", Line::Serving { root: &root, url }.text(options.lang));
        if open {
            minhbach::serve::open_browser(&running.url);
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_failure(&e.message(options.lang), options.lang);
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
            errln!("{}", Line::Help(&e.help(lang)).text(lang));
            Err(ExitCode::from(2))
        }
    }
}

/// `lỗi: …` (`error: …`) for a failure that is not the site's fault (a missing folder, a
/// disk error).
fn print_failure(message: &str, lang: Lang) {
    errln!("{}", Line::Failure(message).text(lang));
}

fn check(
    root: &std::path::Path,
    strict: bool,
    no_cache: bool,
    format: Format,
    lang: Lang,
) -> ExitCode {
    let memo = match no_cache {
        true => minhbach::load::memo::Memo::none(),
        false => minhbach::cache::site_memo(root),
    };
    let checked = match minhbach::check_with(root, &memo) {
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
            let (summary, files) = (diags.summary(lang), checked.files_read());
            text.push_str(
                &Line::Checked {
                    summary: &summary,
                    files,
                }
                .text(lang),
            );
            text.push('\n');
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
    // Kept once the verdict is out: the next `check` parses only the files that changed.
    minhbach::cache::keep_site_memo(root, &memo);
    let failed = diags.has_errors() || (strict && diags.count(Severity::Warning) > 0);
    // The process ends here: freeing half a million figures one by one would only add time
    // (a tenth of `check` on the national dataset); the system takes the memory back at exit.
    std::mem::forget(checked);
    std::mem::forget(memo);
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
            err!("{}", warnings.render_all(&imported.checked.sources, lang));
            let mut total = 0;
            for change in &imported.changes {
                total += change.figures;
                let province = change.province.to_string();
                let line = Line::ImportedProvince {
                    province: &province,
                    figures: change.figures,
                    file: &change.file,
                    new: change.before.is_none(),
                    reports: change.reports_added,
                };
                outln!("{}", line.text(lang));
            }
            let provinces = imported.changes.len();
            let line = Line::Imported {
                figures: total,
                provinces,
            };
            outln!("{}", line.text(lang));
            ExitCode::SUCCESS
        }
        Err(ImportError::SiteInvalid(checked)) => refused(&checked, lang, |summary| {
            Line::ImportSiteInvalid { summary }
        }),
        Err(ImportError::Invalid(checked)) => {
            refused(&checked, lang, |summary| Line::ImportInvalid { summary })
        }
        Err(e) => {
            print_failure(&e.message(lang), lang);
            ExitCode::from(2)
        }
    }
}

fn template(root: &std::path::Path, options: &minhbach::template::Options, lang: Lang) -> ExitCode {
    use minhbach::template::TemplateError;
    match minhbach::template::template(root, options) {
        Ok(written) => {
            let (path, c) = (written.path.display().to_string(), written.contents);
            let line = Line::TemplateWritten {
                path: &path,
                figure_rows: c.figure_rows,
                indicators: c.indicators,
                tasks: c.tasks,
            };
            outln!("{}", line.text(lang));
            outln!("{}", Line::TemplateNext.text(lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let TemplateError::SiteInvalid(checked) = &e {
                print_diagnostics(checked, lang);
            }
            print_failure(&e.message(lang), lang);
            if let Some(help) = e.help(lang) {
                errln!("{}", Line::Help(&help).text(lang));
            }
            match e {
                TemplateError::SiteInvalid(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn extract(root: &std::path::Path, options: &minhbach::extract::Options, lang: Lang) -> ExitCode {
    use minhbach::extract::ExtractError;
    match minhbach::extract::extract(root, options) {
        Ok(written) => {
            let d = &written.draft;
            // A header field not found: the draft's cells are empty, the line says `?`.
            let unknown = "?";
            let province = d.province.as_ref().map_or(unknown, |p| p.as_str());
            let period = d.period.as_deref().unwrap_or(unknown);
            let number = d.header.number.as_deref().unwrap_or(unknown);
            outln!(
                "{}",
                Line::ExtractHeader {
                    province,
                    period,
                    number
                }
                .text(lang)
            );
            let path = written.path.display().to_string();
            let line = Line::ExtractWritten {
                path: &path,
                figures: d.figures.len(),
                matched: d.matched(),
                tasks: d.tasks.len(),
            };
            outln!("{}", line.text(lang));
            outln!("{}", Line::ExtractNext.text(lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let ExtractError::SiteInvalid(checked) = &e {
                print_diagnostics(checked, lang);
            }
            print_failure(&e.message(lang), lang);
            match e {
                ExtractError::SiteInvalid(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// A command that refused because of problems: every diagnostic, then its summary line.
fn refused(
    checked: &minhbach::Checked,
    lang: Lang,
    line: impl for<'s> Fn(&'s str) -> Line<'s>,
) -> ExitCode {
    print_diagnostics(checked, lang);
    let summary = checked.diagnostics.summary(lang);
    errln!("{}", line(&summary).text(lang));
    ExitCode::from(1)
}

fn print_diagnostics(checked: &minhbach::Checked, lang: Lang) {
    err!(
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
                    let ms = took.as_secs_f64() * 1000.0;
                    errln!("{}", Line::Timing { phase, ms }.text(lang));
                }
                let (reused, made) = built.cached;
                let pages = built.pages_taken;
                errln!(
                    "{}",
                    Line::Cached {
                        reused,
                        made,
                        pages,
                        data: built.data_taken,
                    }
                    .text(lang)
                );
            }
            let output = built.output.display().to_string();
            let line = Line::Built {
                pages: built.pages,
                files: built.files,
                ms: started.elapsed().as_millis(),
                output: &output,
            };
            errln!("{}", line.text(lang));
            // The process ends next: the validated site is left to the exit instead of being
            // freed allocation by allocation on one thread (about 1 % of the CPU of a
            // 10,000-page build). Nothing in it has a `Drop` that does more than free memory.
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(minhbach::BuildError::Invalid(checked)) => {
            print_diagnostics(&checked, lang);
            let summary = checked.diagnostics.summary(lang);
            errln!("{}", Line::NotBuilt { summary: &summary }.text(lang));
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

fn indicators(root: &std::path::Path, query: &str, lang: Lang) -> ExitCode {
    let catalogue = match minhbach::indicators::read(root) {
        Ok(c) => c,
        Err(e) => {
            print_failure(&e.message(lang), lang);
            return ExitCode::from(2);
        }
    };
    let query = minhbach::model::fold::Query::new(query);
    out!(
        "{}",
        minhbach::indicators::listing(&catalogue, &query, lang)
    );
    if catalogue.diagnostics.has_errors() {
        err!(
            "{}",
            catalogue.diagnostics.render_all(&catalogue.sources, lang)
        );
        let summary = catalogue.diagnostics.summary(lang);
        errln!(
            "{}",
            Line::CatalogueHasErrors { summary: &summary }.text(lang)
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn new(what: NewCommand) -> ExitCode {
    let lang = what.lang();
    // On a terminal, a required value not given is asked for; otherwise every missing flag is
    // reported at once.
    let mut asker = |question: &str| -> Option<String> {
        err!("{question}: ");
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        Some(line.trim().to_string()).filter(|l| !l.is_empty())
    };
    let ask: Option<minhbach::new::Ask> = if std::io::stdin().is_terminal() {
        Some(&mut asker)
    } else {
        None
    };
    let result = match what {
        NewCommand::Report {
            province,
            period,
            file,
            number,
            issued,
            issuer_vi,
            issuer_en,
            url,
            draft,
            root,
            lang,
        } => minhbach::new::new_report(
            &root,
            minhbach::new::ReportFlags {
                province,
                period,
                file,
                number,
                issued,
                issuer_vi,
                issuer_en,
                url,
                draft,
            },
            ask,
            lang.lang(),
        ),
        NewCommand::Province {
            slug,
            name_vi,
            name_en,
            code,
            region_vi,
            region_en,
            valid_from,
            valid_to,
            successor,
            successor_from,
            root,
            lang,
        } => minhbach::new::new_province(
            &root,
            minhbach::new::ProvinceFlags {
                slug,
                name_vi,
                name_en,
                code,
                region_vi,
                region_en,
                valid_from,
                valid_to,
                successor,
                successor_from,
            },
            ask,
            lang.lang(),
        ),
    };
    use minhbach::new::NewError;
    match result {
        Ok(done) => {
            err!("{}", done.warnings.render_all(&done.checked.sources, lang));
            for file in &done.created {
                outln!("{}", Line::FileCreated { file }.text(lang));
            }
            for file in &done.changed {
                outln!("{}", Line::FileUpdated { file }.text(lang));
            }
            if done.created.iter().any(|f| f.ends_with(".md")) {
                outln!("{}", Line::NarrativesAreDrafts.text(lang));
            }
            ExitCode::SUCCESS
        }
        Err(NewError::SiteInvalid(checked)) => refused(&checked, lang, |summary| {
            Line::SiteInvalidFixFirst { summary }
        }),
        Err(NewError::Invalid(checked)) => {
            print_diagnostics(&checked, lang);
            // Problems of the command line are in no file: no count of files then.
            let errors = checked.diagnostics.count(Severity::Error);
            let in_files = checked
                .diagnostics
                .iter()
                .all(|d| checked.sources.contains_key(&d.file));
            let summary = match in_files {
                true => checked.diagnostics.summary(lang),
                false => Line::Errors { count: errors }.text(lang),
            };
            errln!("{}", Line::NothingWritten { summary: &summary }.text(lang));
            ExitCode::from(1)
        }
        Err(e) => {
            print_failure(&e.message(lang), lang);
            ExitCode::from(2)
        }
    }
}
