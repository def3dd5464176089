//! What a build or `serve` takes again from the last build gives the same bytes as a build
//! from scratch, after any edit: the build cache (`src/cache.rs`), and the report pages
//! `serve`'s whole rebuild takes from the site it replaces (`src/site/inputs.rs`). A SYNTHETIC
//! fixture site is edited at random (figures, report documents, the catalogue, narratives,
//! settings, the theme's strings, deleted files), and after each edit what was built again
//! and a build from scratch are compared file by file. The seed is printed;
//! `MINHBACH_CACHE_SEED=N` replays a run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{read_tree, site_from};
use minhbach::{BuildError, BuildOptions};
use regex::Regex;
use std::path::Path;

/// A small random number generator (xorshift64*): the same edits for the same seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn build(root: &Path, out: &Path, no_cache: bool) -> Result<minhbach::Built, BuildError> {
    minhbach::build(
        root,
        &BuildOptions {
            output: Some(out.to_path_buf()),
            base_url: None,
            no_cache,
        },
    )
}

/// Replace the `n`th match (modulo their number) of `pattern` in `file` with `with(match)`;
/// false when the file or a match is missing.
fn edit(root: &Path, file: &str, pattern: &str, n: usize, with: impl Fn(&str) -> String) -> bool {
    let path = root.join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return false;
    };
    let re = Regex::new(pattern).unwrap();
    let found: Vec<_> = re.find_iter(&text).collect();
    if found.is_empty() {
        return false;
    }
    let m = found[n % found.len()];
    let edited = format!(
        "{}{}{}",
        &text[..m.start()],
        with(m.as_str()),
        &text[m.end()..]
    );
    std::fs::write(&path, edited).unwrap();
    true
}

const PROVINCES: [&str; 5] = ["alpha", "beta", "epsilon", "kappa", "lambda"];

/// [`edit`] the first province file, from a random one on, where `pattern` is found; the
/// file edited, or "no file".
fn edit_some(
    root: &Path,
    random: &mut Random,
    pattern: &str,
    n: usize,
    with: impl Fn(&str) -> String,
) -> String {
    let start = random.below(PROVINCES.len());
    (0..PROVINCES.len())
        .map(|i| {
            format!(
                "data/provinces/{}.yaml",
                PROVINCES[(start + i) % PROVINCES.len()]
            )
        })
        .find(|file| edit(root, file, pattern, n, &with))
        .unwrap_or_else(|| "no file".to_string())
}

/// The kinds of edit ([`random_edit`]).
const KINDS: usize = 13;

/// One random edit of the site of `kind`; what it did, for the failure message.
fn random_edit(root: &Path, random: &mut Random, kind: usize, step: usize) -> String {
    let n = random.below(8);
    match kind {
        0 | 1 => {
            // A figure: a count or a plain value.
            let value = 1 + random.below(5000);
            let pattern = r"(accounts-activated|pin-errors|satisfaction): \d+";
            let done = edit_some(root, random, pattern, n, |m| {
                let name = m.split(':').next().unwrap_or_default();
                format!("{name}: {value}")
            });
            format!("{done}: figure {n} → {value}")
        }
        2 | 7 => {
            // A report document: its issuer (in the figures' rows too) or its note (only in
            // the workbooks' sources sheet).
            let issuer = kind == 2;
            let pattern = r#"issuer: "[^"]*"(, note: "[^"]*")?"#;
            let done = edit_some(root, random, pattern, n, |m| {
                let (first, _) = m.split_at(m[9..].find('"').map_or(m.len(), |i| i + 10));
                match issuer {
                    true => format!("{}, lần {step}\"", first.trim_end_matches('"')),
                    false => format!("{first}, note: \"Ghi chú lần {step}\""),
                }
            });
            let what = if issuer { "issuer" } else { "note" };
            format!("{done}: {what} of report {n}")
        }
        3 => {
            // The catalogue: a label.
            let done = edit(root, "data/indicators.yaml", r#"en: "[^"]*""#, n, |m| {
                format!("{} ({step})\"", m.trim_end_matches('"'))
            });
            format!("catalogue: English text {n} ({done})")
        }
        4 => {
            // A narrative.
            let path = root.join("content/reports/alpha/2025-04.md");
            let done = match std::fs::read_to_string(&path) {
                Ok(text) => {
                    std::fs::write(&path, format!("{text}\nĐoạn thêm lần {step}.\n")).unwrap();
                    true
                }
                Err(_) => false,
            };
            format!("narrative: a paragraph ({done})")
        }
        5 => {
            // The settings.
            let done = edit(root, "site.yaml", r#"en: "Test publisher[^"]*""#, 0, |_| {
                format!("en: \"Test publisher, edition {step} (synthetic)\"")
            });
            format!("site.yaml: publisher ({done})")
        }
        6 => {
            // The theme's strings, which the citations of every figure use.
            let dir = root.join("themes/default/i18n");
            std::fs::create_dir_all(&dir).unwrap();
            let text = format!(
                "# SYNTHETIC test fixture: the site's own wording (edit {step}).\n\
                 cite_dated_only: \"Report for {{period}} of {{date}} (unnumbered, {step})\"\n\
                 nav_tasks: \"Tasks ({step})\"\n"
            );
            std::fs::write(dir.join("en.yaml"), text).unwrap();
            format!("theme: English strings, edition {step}")
        }
        9 => {
            // A province's target: its value (the indicator page lists every target).
            let value = 1 + random.below(5000);
            let done = edit_some(root, random, r"value: \d+, by", n, |_| {
                format!("value: {value}, by")
            });
            format!("{done}: target {n} → {value}")
        }
        10 => {
            // A task: its status, never the one it had (the list of tasks shows it).
            let statuses = ["done", "in-progress", "not-done", "awaiting-guidance"];
            let skip = 1 + random.below(statuses.len() - 1);
            let pattern = r"status: [a-z-]+";
            let done = edit_some(root, random, pattern, n, |m| {
                let now = statuses.iter().position(|s| m.ends_with(s)).unwrap_or(0);
                format!("status: {}", statuses[(now + skip) % statuses.len()])
            });
            format!("{done}: task {n}, its status moved {skip} along")
        }
        11 => {
            // A report document: the address of its official copy, which every citation
            // of it links to (its figures' rows do not name it).
            let pattern = r#"file: "[^"]*"(, url: "[^"]*")?"#;
            let done = edit_some(root, random, pattern, n, |m| {
                let file = m.split(", url").next().unwrap_or(m);
                format!("{file}, url: \"https://example.org/van-ban/{step}.pdf\"")
            });
            format!("{done}: address of report {n}")
        }
        12 => {
            // A narrative's title, which the province's list of reports shows.
            let file = "content/reports/alpha/2025-04.md";
            let done = edit(root, file, r#"title: "[^"]*""#, 0, |m| {
                format!("{} (lần {step})\"", m.trim_end_matches('"'))
            });
            format!("narrative: its title ({done})")
        }
        _ => {
            // A deletion.
            let files = [
                "content/about.en.md",
                "content/reports/alpha/2025-04.md",
                "themes/default/i18n/en.yaml",
            ];
            let file = files[random.below(files.len())];
            let done = std::fs::remove_file(root.join(file)).is_ok();
            format!("deleted {file} ({done})")
        }
    }
}

/// The files that `a` and `b` do not both have with the same bytes.
fn differing<'a, V: PartialEq>(
    a: &'a std::collections::BTreeMap<String, V>,
    b: &'a std::collections::BTreeMap<String, V>,
) -> Vec<&'a String> {
    a.keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect()
}

/// The seed of the random edits, printed.
fn seed() -> u64 {
    let seed = std::env::var("MINHBACH_CACHE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6d69_6e68_6261_6368_u64);
    println!("seed {seed} (MINHBACH_CACHE_SEED={seed} replays it)");
    seed
}

/// Every kind of edit once, in a random order, then a few more of any kind.
fn kinds(random: &mut Random) -> Vec<usize> {
    let mut kinds: Vec<usize> = (0..KINDS).collect();
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, random.below(i + 1));
    }
    kinds.extend((0..3).map(|_| random.below(KINDS)));
    kinds
}

#[test]
fn a_build_with_the_cache_writes_what_a_build_from_scratch_writes() {
    let seed = seed();
    let mut random = Random(seed.max(1));
    let site = site_from(&["build", "merged"]);
    let root = site.path();
    add_quoting(root);
    add_targets_and_tasks(root);
    let out = tempfile::tempdir().unwrap();
    let (cached, clean) = (out.path().join("cached"), out.path().join("clean"));
    let first = build(root, &cached, false).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(first.cached.0, 0, "nothing to reuse on the first build");
    assert!(first.cached.1 > 5, "workbooks and zip entries are cached");
    let again = build(root, &cached, false).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        again.cached,
        (first.cached.1, 0),
        "an unchanged site: all reused"
    );
    assert_eq!(first.pages_taken, 0, "no page to take on the first build");
    assert!(
        again.pages_taken > 5,
        "an unchanged site: its reports are taken"
    );
    assert_eq!(
        first.data_taken, 0,
        "no data file to take on the first build"
    );
    assert!(
        again.data_taken > 5,
        "an unchanged site: its data files are taken"
    );
    // A page and a data file altered in the output since are made again, even with the same
    // size.
    for altered in [
        "reports/alpha/2025-05/index.html",
        "data/provinces/alpha.csv",
    ] {
        let altered = cached.join(altered);
        let bytes = std::fs::read(&altered).unwrap();
        std::fs::write(&altered, bytes.to_ascii_uppercase()).unwrap();
    }
    build(root, &cached, false).unwrap_or_else(|e| panic!("{e:?}"));
    build(root, &clean, true).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        read_tree(&cached) == read_tree(&clean),
        "a file altered in the output is taken as it is"
    );
    let (mut reused, mut made, mut built, mut taken) = (0, 0, 0, 0);
    let mut edits = Vec::new();
    for (step, kind) in kinds(&mut random).into_iter().enumerate() {
        edits.push(random_edit(root, &mut random, kind, step + 1));
        let with_cache = build(root, &cached, false);
        let without = build(root, &clean, true);
        match (with_cache, without) {
            (Ok(with_cache), Ok(_)) => {
                built += 1;
                reused += with_cache.cached.0;
                taken += with_cache.pages_taken;
                made += with_cache.cached.1;
                let (a, b) = (read_tree(&cached), read_tree(&clean));
                let differ = differing(&a, &b);
                assert!(
                    differ.is_empty(),
                    "seed {seed}, after {edits:?}: the cached build differs in {differ:?}"
                );
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "seed {seed}, after {edits:?}: with the cache {:?}, without {:?}",
                a.map(|_| ()),
                b.map(|_| ())
            ),
        }
    }
    println!(
        "{edits:#?}\n{built} builds compared; {reused} files reused, {made} made, {taken} report pages taken"
    );
    assert!(built >= 6, "most edits keep the site valid: {edits:?}");
    assert!(
        reused > 0 && made > 0,
        "the edits both reuse and remake files"
    );
    assert!(taken > 0, "report pages are taken from the last build");
    remove_questions(root);
    assert_eq!(
        broken_link(build(root, &cached, false)),
        broken_link(build(root, &clean, true))
    );
    let folder = out.path().join(minhbach::cache::FOLDER);
    assert!(folder.join("cached").is_dir());
    assert!(!folder.join("clean").exists(), "--no-cache keeps no cache");
}

/// A narrative of Kappa quoting one of Alpha's figures: its page shows a figure of another
/// province, which the edits of Alpha's figures change. It links to a page of questions
/// ([`QUESTIONS`]), which [`remove_questions`] removes.
const QUOTING: (&str, &str) = (
    "content/reports/kappa/2025-04.md",
    "---\ntitle: \"Tỉnh Kappa, tháng 4/2025 (dữ liệu giả lập)\"\nprovince: kappa\nperiod: \"2025-04\"\n---\n\
     Tài khoản đã kích hoạt ở tỉnh Alpha: {{ value(indicator=\"accounts-activated\", province=\"alpha\", period=\"2025-04\") }}. \
     Xem [hỏi đáp](/faq/).\n",
);

const QUESTIONS: (&str, &str) = (
    "content/faq.md",
    "---\ntitle: \"Hỏi đáp (giả lập)\"\n---\nSố liệu giả lập.\n",
);

/// Give two provinces (a predecessor of a merger and its successor) a target and a task of
/// their own, for the edits of kinds 9 and 10.
fn add_targets_and_tasks(root: &Path) {
    // Each with a report of its own to cite, and a month it existed in.
    let added = [
        ("alpha", 1500, "2025-04", "alpha-4.txt §1"),
        ("beta", 4000, "2025-07", "beta-7.txt §1"),
    ];
    for (province, value, as_of, source) in added {
        let path = root.join(format!("data/provinces/{province}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(source) && !text.contains("\ntargets:"));
        let added = format!(
            "targets:\n  - {{ indicator: accounts-activated, value: {value}, by: 2026-12-31, comparator: above }}\n\
             tasks:\n  - id: \"1\"\n    title: \"Nhiệm vụ giả lập\"\n    owner: \"Văn phòng UBND tỉnh\"\n    \
             due: \"Quý II/2025\"\n    status: in-progress\n    as_of: \"{as_of}\"\n    source: \"{source}\"\n"
        );
        std::fs::write(&path, format!("{}\n{added}", text.trim_end())).unwrap();
    }
}

/// Add the narrative that quotes another province and the page it links to.
fn add_quoting(root: &Path) {
    std::fs::create_dir_all(root.join("content/reports/kappa")).unwrap();
    for (file, text) in [QUOTING, QUESTIONS] {
        std::fs::write(root.join(file), text).unwrap();
    }
}

/// Remove the page of questions: Kappa's report, unchanged, now has a broken link, which a
/// page taken from the last build must still be checked for.
fn remove_questions(root: &Path) {
    std::fs::remove_file(root.join(QUESTIONS.0)).unwrap();
}

/// The diagnostics of a build that failed, for comparison.
fn broken_link(result: Result<impl std::any::Any, BuildError>) -> String {
    match result {
        Err(BuildError::Invalid(checked)) => {
            let message = checked
                .diagnostics
                .render_grouped(&checked.sources, minhbach::model::Lang::En);
            assert!(message.contains("/faq/"), "{message}");
            message
        }
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("a link to a removed page is not reported"),
    }
}

#[test]
fn serve_s_whole_rebuild_takes_unchanged_reports_and_gives_what_a_build_from_scratch_gives() {
    use minhbach::serve::Preview;
    let seed = seed();
    let mut random = Random(seed.max(1));
    let site = site_from(&["build", "merged"]);
    let root = site.path();
    add_quoting(root);
    add_targets_and_tasks(root);
    // Let the files' stamps settle, so that each rebuild takes the reads of the files no edit
    // touched (`src/load/kept_reads.rs`) and reads again those an edit wrote.
    std::thread::sleep(std::time::Duration::from_millis(3300));
    let options = BuildOptions::default();
    let (mut preview, _) = Preview::build(root, &options).unwrap_or_else(|e| panic!("{e:?}"));
    // Not a Markdown body: the whole site is built again, never the fast path.
    let changed = ["site.yaml".to_string()];
    let again = preview.rebuild(root, &options, &changed).unwrap();
    assert!(
        again.rendered_pages < again.pages,
        "an unchanged site: its reports are taken again ({} of {} made)",
        again.rendered_pages,
        again.pages
    );
    let (mut built, mut taken, mut made) = (0, 0, 0);
    let mut edits = Vec::new();
    for (step, kind) in kinds(&mut random).into_iter().enumerate() {
        edits.push(random_edit(root, &mut random, kind, step + 1));
        if step == 0 {
            // The first edit's stamps settle too: only their change says to read them again.
            std::thread::sleep(std::time::Duration::from_millis(3300));
        }
        let rebuilt = preview.rebuild(root, &options, &changed);
        let scratch = Preview::build(root, &options);
        match (rebuilt, scratch) {
            (Ok(outcome), Ok((scratch, _))) => {
                built += 1;
                taken += outcome.pages - outcome.rendered_pages;
                made += outcome.rendered_pages;
                let differ = differing(preview.files(), scratch.files());
                assert!(
                    differ.is_empty(),
                    "seed {seed}, after {edits:?}: the rebuilt site differs in {differ:?}"
                );
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "seed {seed}, after {edits:?}: rebuilt {:?}, from scratch {:?}",
                a.map(|_| ()),
                b.map(|_| ())
            ),
        }
    }
    println!("{edits:#?}\n{built} rebuilds compared; {taken} pages taken again, {made} made");
    assert!(built >= 6, "most edits keep the site valid: {edits:?}");
    assert!(taken > 0 && made > 0, "the edits both take and make pages");
    remove_questions(root);
    assert_eq!(
        broken_link(preview.rebuild(root, &options, &changed)),
        broken_link(Preview::build(root, &options))
    );
}

/// The merged fixture site built by `serve`, and the bytes of its page `page`.
fn merged_preview(page: &str) -> (tempfile::TempDir, minhbach::serve::Preview, Vec<u8>) {
    merged_preview_with(page, |_| {})
}

/// [`merged_preview`], after `setup` changed the site.
fn merged_preview_with(
    page: &str,
    setup: impl Fn(&Path),
) -> (tempfile::TempDir, minhbach::serve::Preview, Vec<u8>) {
    let site = site_from(&["build", "merged"]);
    setup(site.path());
    let (preview, _) = minhbach::serve::Preview::build(site.path(), &BuildOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let before = preview.files().get(page).unwrap().to_vec();
    (site, preview, before)
}

/// Rebuild `preview` after the files `changed`: it must give what a build from scratch gives,
/// and its page `page` must differ from `before` (`why`). Returns how many pages were made.
fn rebuilt_as_from_scratch(
    root: &Path,
    preview: &mut minhbach::serve::Preview,
    changed: &[String],
    (page, before, why): (&str, &[u8], &str),
) -> minhbach::serve::Outcome {
    let options = BuildOptions::default();
    let outcome = preview
        .rebuild(root, &options, changed)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let (scratch, _) = minhbach::serve::Preview::build(root, &options).unwrap();
    let differ = differing(preview.files(), scratch.files());
    assert!(differ.is_empty(), "the rebuilt site differs in {differ:?}");
    assert_ne!(
        preview.files().get(page).map(|b| b.to_vec()),
        Some(before.to_vec()),
        "{why}"
    );
    outcome
}

/// A province formed by a merger shows its figures before the merger, computed from its
/// predecessors': `serve` must make its page again after an edit to a predecessor's file
/// (the page's digest covers every unit of the merger, `src/site/inputs.rs`), and the pages
/// it takes must be what a build from scratch makes.
#[test]
fn serve_s_whole_rebuild_makes_a_successor_s_page_again_after_its_predecessor_s_edit() {
    let successor = "en/provinces/beta/index.html";
    let (site, mut preview, before) = merged_preview(successor);
    let root = site.path();
    let changed = ["data/provinces/epsilon.yaml".to_string()];
    // Epsilon's figures of both months, each summed into Beta's before the merger.
    for _ in 0..2 {
        let pattern = r"accounts-activated: (900|1000)\b";
        assert!(edit(root, &changed[0], pattern, 0, |m| format!("{m}7")));
    }
    let why = "Beta's page shows Epsilon's figures before the merger";
    let outcome = rebuilt_as_from_scratch(root, &mut preview, &changed, (successor, &before, why));
    assert!(outcome.rendered_pages < outcome.pages, "pages were taken");
}

/// Every province page counts its reports over the twelve months up to the last month any
/// report covers, figures or narrative: a new month from one province changes the other
/// provinces' pages (here without a source document, so the footer, which names the latest
/// document, stays as it was), which `serve` must make again.
/// A SYNTHETIC narrative of the merged fixture's province Beta for `month` of 2025: its path.
fn add_beta_narrative(root: &Path, month: u32) -> String {
    let file = format!("content/reports/beta/2025-{month:02}.md");
    std::fs::create_dir_all(root.join("content/reports/beta")).unwrap();
    let narrative = format!("---\ntitle: \"Tỉnh Beta, tháng {month}/2025 (giả lập)\"\nprovince: beta\nperiod: \"2025-{month:02}\"\n---\nBáo cáo giả lập.\n");
    std::fs::write(root.join(&file), narrative).unwrap();
    file
}

#[test]
fn serve_s_whole_rebuild_makes_every_province_page_again_after_a_new_month() {
    let other = "en/provinces/lambda/index.html";
    let (site, mut preview, before) = merged_preview(other);
    let root = site.path();
    let file = add_beta_narrative(root, 8);
    let why = "Lambda's page names the site's last month";
    rebuilt_as_from_scratch(root, &mut preview, &[file], (other, &before, why));
}

/// A report page shows its own period's figures: after an edit to Alpha's April figure,
/// `serve` makes Alpha's April report again and takes its May report, and makes again the
/// report of another province whose narrative quotes that figure (Kappa's April). The site
/// is what a build from scratch makes.
#[test]
fn serve_s_whole_rebuild_makes_again_the_reports_of_the_edited_period_and_those_quoting_it() {
    let quoting = "reports/kappa/2025-04/index.html";
    let site = site_from(&["build", "merged"]);
    let root = site.path();
    add_quoting(root);
    let options = BuildOptions::default();
    let (mut preview, _) = minhbach::serve::Preview::build(root, &options).unwrap();
    let before = preview.files().get(quoting).unwrap().to_vec();
    let changed = ["data/provinces/alpha.yaml".to_string()];
    let april = r"accounts-activated: 1100\b";
    assert!(edit(root, &changed[0], april, 0, |_| {
        "accounts-activated: 1170".into()
    }));
    let why = "Kappa's April narrative quotes Alpha's April figure";
    let outcome = rebuilt_as_from_scratch(root, &mut preview, &changed, (quoting, &before, why));
    let taken = |page: &str| outcome.taken_pages.iter().any(|p| p == page);
    for page in [
        "reports/alpha/2025-05/index.html",
        "en/reports/alpha/2025-06/index.html",
    ] {
        assert!(taken(page), "{page} shows none of April's figures: taken");
    }
    for page in ["reports/alpha/2025-04/index.html", quoting] {
        assert!(!taken(page), "{page} shows the edited figure: made again");
    }
}

/// The list of tasks shows every province's tasks and none of the figures: `serve` takes it
/// after an edit to a figure, and makes it again (with its chart) after an edit to a task's
/// status. Each time the site is what a build from scratch makes.
#[test]
fn serve_s_whole_rebuild_takes_the_list_of_tasks_after_a_figure_edit_and_not_after_a_task_edit() {
    let list = "en/tasks/index.html";
    let (site, mut preview, before) = merged_preview_with(list, add_targets_and_tasks);
    let root = site.path();
    let options = BuildOptions::default();
    let changed = ["data/provinces/alpha.yaml".to_string()];
    assert!(edit(
        root,
        &changed[0],
        r"accounts-activated: 1100\b",
        0,
        |_| { "accounts-activated: 1170".into() }
    ));
    let outcome = preview.rebuild(root, &options, &changed).unwrap();
    let (scratch, _) = minhbach::serve::Preview::build(root, &options).unwrap();
    let differ = differing(preview.files(), scratch.files());
    assert!(differ.is_empty(), "the rebuilt site differs in {differ:?}");
    let taken = |outcome: &minhbach::serve::Outcome, page: &str| {
        outcome.taken_pages.iter().any(|p| p == page)
    };
    for page in [list, "tasks/index.html"] {
        assert!(taken(&outcome, page), "{page} shows no figure: taken");
    }
    assert!(edit(root, &changed[0], r"status: in-progress", 0, |_| {
        "status: done".into()
    }));
    let why = "the list of tasks counts Alpha's task as done";
    let outcome = rebuilt_as_from_scratch(root, &mut preview, &changed, (list, &before, why));
    for page in [list, "tasks/index.html"] {
        assert!(
            !taken(&outcome, page),
            "{page} shows the edited task: made again"
        );
    }
}

/// Each unit's counts of its reports (the completeness page, each province page) are kept
/// between rebuilds: `serve` makes them again when the unit's figures change (an indicator
/// left out of a report), when the key indicators change (site.yaml) and when a report
/// without figures is added (a narrative), and the site is each time what a build from
/// scratch makes.
#[test]
fn serve_s_whole_rebuild_counts_a_unit_s_reports_again_when_its_figures_key_or_reports_change() {
    let page = "en/completeness/index.html";
    let (site, mut preview, before) = merged_preview(page);
    let root = site.path();
    let alpha = "data/provinces/alpha.yaml".to_string();
    assert!(edit(root, &alpha, r"      pin-errors: 7\n", 0, |_| {
        String::new()
    }));
    let why = "Alpha's June report, its latest, gives one indicator fewer";
    rebuilt_as_from_scratch(root, &mut preview, &[alpha], (page, &before, why));

    let before = preview.files().get(page).unwrap().to_vec();
    let settings = "site.yaml".to_string();
    assert!(edit(root, &settings, r"languages: \[vi, en\]", 0, |m| {
        format!("{m}\nkey_indicators: [pin-errors]")
    }));
    let why = "the key indicators are counted anew";
    rebuilt_as_from_scratch(root, &mut preview, &[settings], (page, &before, why));

    let before = preview.files().get(page).unwrap().to_vec();
    let file = add_beta_narrative(root, 9);
    let why = "Beta has a report more";
    rebuilt_as_from_scratch(root, &mut preview, &[file], (page, &before, why));
}
