//! How long `serve` takes to rebuild after one file is edited: the same call serve makes
//! (`Preview::rebuild` on the previous build, with the path that changed), timed in-process.
//!
//! `cargo run --release --example bench_serve -- SITE_ROOT FILE [RUNS]`
//!
//! A Markdown file (`content/….md`, the fast path) gets one sentence appended for each run; a
//! data file (`data/….yaml`, a whole rebuild) has one figure changed: the last plain count
//! in it (`      syn-149: 48958`, a province's latest month) gets `run + 1` added (a comment
//! line when it has none). Each edit is made a second after the last rebuild, as an author
//! saves. The file is restored afterwards. Prints the median and the slowest of RUNS rebuilds,
//! how many pages each one rendered, and the median CPU time of a rebuild (every thread, from
//! `/proc/self/stat`).

use minhbach::serve::Preview;
use minhbach::BuildOptions;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator of the `minhbach` binary (src/main.rs), so that the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The time between two saves.
const PAUSE: Duration = Duration::from_secs(1);

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_serve SITE_ROOT FILE [RUNS]");
        return std::process::ExitCode::FAILURE;
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let root = PathBuf::from(root);
    let path = root.join(file);
    let Ok(original) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {}", path.display());
        return std::process::ExitCode::FAILURE;
    };
    let options = BuildOptions::default();
    let started = Instant::now();
    let Ok((mut preview, first)) = Preview::build(&root, &options) else {
        eprintln!("the site does not build; run `minhbach check` on it");
        return std::process::ExitCode::FAILURE;
    };
    println!(
        "first build (in memory): {} pages in {:.0} ms",
        first.pages,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let changed = vec![file.clone()];
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut outcome = std::process::ExitCode::SUCCESS;
    for run in 0..runs {
        // An author saves a file seconds apart, not back to back: what `serve` leaves to the
        // pool after a rebuild (freeing the site it replaced) is done by the next save, as it
        // is when a person edits.
        std::thread::sleep(PAUSE);
        let edited = match file.ends_with(".md") {
            true => format!("{original}\nMột câu sửa thử số {run} (tổng hợp).\n"),
            false => edit_figure(&original, run + 1)
                .unwrap_or_else(|| format!("{original}\n# edit {run} (synthetic)\n")),
        };
        if std::fs::write(&path, edited).is_err() {
            outcome = std::process::ExitCode::FAILURE;
            break;
        }
        let started = Instant::now();
        let cpu_before = cpu_ms();
        match preview.rebuild(&root, &options, &changed) {
            Ok(next) => {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                let cpu = cpu_ms()
                    .zip(cpu_before)
                    .map(|(after, before)| after - before);
                println!(
                    "edit {}: {} pages re-rendered in {ms:.1} ms{}",
                    run + 1,
                    next.rendered_pages,
                    cpu.map_or(String::new(), |c| format!(" ({c:.0} ms of CPU)"))
                );
                cpu_times.extend(cpu);
                for (phase, t) in &next.timings {
                    println!("    {phase:<28} {:>7.1} ms", t.as_secs_f64() * 1000.0);
                }
                times.push(ms);
            }
            Err(_) => {
                eprintln!("the edited site did not build");
                outcome = std::process::ExitCode::FAILURE;
                break;
            }
        }
    }
    if std::fs::write(&path, &original).is_err() {
        eprintln!("could not restore {}", path.display());
        outcome = std::process::ExitCode::FAILURE;
    }
    times.sort_by(f64::total_cmp);
    if let (Some(median), Some(max)) = (times.get(times.len() / 2), times.last()) {
        println!(
            "serve edit rebuild: median {median:.1} ms, slowest {max:.1} ms over {} edits",
            times.len()
        );
    }
    cpu_times.sort_by(f64::total_cmp);
    if let Some(median) = cpu_times.get(cpu_times.len() / 2) {
        // Less swayed than the wall time by what else the machine runs (10 ms steps).
        println!("serve edit rebuild CPU: median {median:.0} ms (user and system, every thread)");
    }
    outcome
}

/// The CPU time the process has used so far (user and system, every thread), from
/// `/proc/self/stat` in clock ticks of 10 ms; `None` where there is no such file.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): state is the first, utime and
    // stime the 12th and 13th.
    let mut after = stat.rsplit_once(')')?.1.split_whitespace();
    let user: f64 = after.nth(11)?.parse().ok()?;
    let system: f64 = after.next()?.parse().ok()?;
    Some((user + system) * 10.0)
}

/// `text` with its last `key: count` line's count increased by `add`.
fn edit_figure(text: &str, add: usize) -> Option<String> {
    let is_count = |line: &str| {
        let (key, value) = line.trim_start().split_once(": ")?;
        let key_ok = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let count: usize = value.parse().ok()?;
        key_ok.then_some(count)
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let at = lines.iter().rposition(|l| is_count(l).is_some())?;
    let count = is_count(lines[at])?;
    let (key, _) = lines[at].rsplit_once(": ")?;
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[at] = format!("{key}: {}", count + add);
    Some(edited.join("\n"))
}
