//! Writes SYNTHETIC sites for benchmarks: nothing it writes is real data, and every name,
//! title and page says so. The output is the same for the same arguments on every machine.
//!
//! ```text
//! cargo run --release --example synthetic -- national OUT [--scale 4] [--indicators 150] [--months 60]
//! cargo run --release --example synthetic -- markdown OUT [--pages 10000] [--hugo HUGO_OUT] [--zola ZOLA_OUT]
//! ```
//!
//! `scripts/bench` uses both; see BENCHMARKS.md.

mod markdown_only;
mod national;
mod text;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(about = "Write a SYNTHETIC site for benchmarks (not real data)")]
struct Cli {
    #[command(subcommand)]
    kind: Kind,
}

#[derive(Subcommand)]
enum Kind {
    /// A national dashboard: 63 pre-2025 provinces merged into 34 current ones (times --scale).
    National {
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        scale: usize,
        #[arg(long, default_value_t = 150)]
        indicators: usize,
        /// Monthly periods up to June 2026.
        #[arg(long, default_value_t = 60)]
        months: usize,
        /// Share of the catalogue in each monthly report (the six key indicators always are).
        #[arg(long, default_value_t = 1.0)]
        coverage: f64,
        /// Words of narrative per report.
        #[arg(long, default_value_t = 600)]
        words: usize,
        #[arg(long, default_value_t = 20)]
        tasks: usize,
        #[arg(long, default_value_t = 6)]
        seed: u64,
    },
    /// Markdown pages only (no data), optionally also as a Hugo site and a Zola site with the
    /// same pages.
    Markdown {
        out: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        pages: usize,
        #[arg(long, default_value_t = 600)]
        words: usize,
        /// Rows of the table on each page.
        #[arg(long, default_value_t = 20)]
        rows: usize,
        #[arg(long)]
        hugo: Option<PathBuf>,
        #[arg(long)]
        zola: Option<PathBuf>,
        #[arg(long, default_value_t = 6)]
        seed: u64,
    },
}

/// Writes files under a root that must not exist yet (so nothing of the user's is touched).
pub struct Writer {
    root: PathBuf,
    files: usize,
    bytes: usize,
}

impl Writer {
    fn create(root: &Path) -> std::io::Result<Writer> {
        if root.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists; give a new folder", root.display()),
            ));
        }
        std::fs::create_dir_all(root)?;
        Ok(Writer {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
        })
    }

    pub fn file(&mut self, path: &str, text: &str) -> std::io::Result<()> {
        let full = self.root.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(full, text)?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }

    fn report(&self) {
        println!(
            "wrote {} files, {:.1} MB, under {} (SYNTHETIC)",
            self.files,
            self.bytes as f64 / 1e6,
            self.root.display()
        );
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.kind {
        Kind::National {
            out,
            scale,
            indicators,
            months,
            coverage,
            words,
            tasks,
            seed,
        } => Writer::create(&out).and_then(|mut w| {
            national::National {
                scale: scale.max(1),
                indicators: indicators.max(1),
                months,
                coverage,
                words,
                tasks,
                seed,
            }
            .write(&mut w)?;
            w.report();
            Ok(())
        }),
        Kind::Markdown {
            out,
            pages,
            words,
            rows,
            hugo,
            zola,
            seed,
        } => Writer::create(&out).and_then(|mut w| {
            let mut h = hugo.as_deref().map(Writer::create).transpose()?;
            let mut z = zola.as_deref().map(Writer::create).transpose()?;
            markdown_only::MarkdownOnly {
                pages,
                words,
                rows,
                seed,
            }
            .write(&mut w, h.as_mut(), z.as_mut())?;
            w.report();
            for other in [&h, &z].into_iter().flatten() {
                other.report();
            }
            Ok(())
        }),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
