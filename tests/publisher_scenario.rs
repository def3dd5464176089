//! The new publisher's month (issue 17), scripted: a province the site does not have is added
//! with `minhbach new province`, its report with `new report`, its figures and tasks typed into
//! the workbook `minhbach template` writes and saved under `data/` — and the site builds,
//! without a line of YAML written by hand. The province is Bình Định and the figures and tasks
//! are those of its real report 117/BC-UBND (first half of 2024, in `../shared/seeds/`), as the
//! example site transcribes them: taken out of the example, then put back by the commands and
//! the workbook, they must come back the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::filling::fill;
use std::path::Path;

const PROVINCE: &str = "binh-dinh";

fn run_in(root: &Path, args: &[&str]) {
    let root_s = root.to_string_lossy().into_owned();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root_s.as_str(), "--lang", "en"]);
    let (out, err, code) = common::run(&all);
    assert_eq!(code, 0, "minhbach {}:\n{out}{err}", args.join(" "));
}

/// The province's figures and tasks in the model, as comparable texts.
fn of_province(root: &Path) -> (Vec<String>, Vec<String>) {
    let site = common::filling::checked_without_errors(root).site.unwrap();
    let figures = common::filling::figures_of(&site, PROVINCE);
    let mut tasks: Vec<String> = site
        .tasks
        .iter()
        .filter(|t| t.province.as_str() == PROVINCE)
        .map(|t| format!("{t:?}"))
        .collect();
    tasks.sort();
    (figures, tasks)
}

/// The tasks of a province file as the cells of the tasks sheet (a text in two languages is
/// two columns).
fn task_rows(yaml: &str) -> Vec<Vec<(String, String)>> {
    let doc: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    let mut rows = Vec::new();
    for task in doc["tasks"].as_sequence().unwrap() {
        let mut row = vec![("province".to_string(), PROVINCE.to_string())];
        for (key, value) in task.as_mapping().unwrap() {
            let key = key.as_str().unwrap();
            let column = if key == "id" { "task" } else { key };
            match value {
                serde_yaml::Value::Null => {}
                serde_yaml::Value::String(s) => match column {
                    "title" | "directive" | "owner" | "result" | "note" => {
                        row.push((format!("{column}_vi"), s.clone()))
                    }
                    _ => row.push((column.to_string(), s.clone())),
                },
                serde_yaml::Value::Mapping(m) => {
                    for lang in ["vi", "en"] {
                        if let Some(text) = m.get(lang).and_then(|t| t.as_str()) {
                            row.push((format!("{column}_{lang}"), text.to_string()));
                        }
                    }
                }
                other => panic!("task field {key}: {other:?}"),
            }
        }
        rows.push(row);
    }
    rows
}

#[test]
fn a_new_province_is_published_from_commands_and_a_filled_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::filling::copy_example(root);
    let before = of_province(root);
    assert!(
        before.0.len() > 50 && before.1.len() == 40,
        "{} figures, {} tasks",
        before.0.len(),
        before.1.len()
    );
    let figures: Vec<minhbach::model::Observation> = minhbach::check(root)
        .unwrap()
        .site
        .unwrap()
        .observations
        .into_iter()
        .filter(|o| o.province.as_str() == PROVINCE)
        .collect();
    let yaml = std::fs::read_to_string(root.join("data/provinces/binh-dinh.yaml")).unwrap();
    let tasks = task_rows(&yaml);

    // The site as it was before Bình Định's publisher joined: no file, no narrative; Gia Lai
    // (2025) names it as a former unit without a file.
    std::fs::remove_file(root.join("data/provinces/binh-dinh.yaml")).unwrap();
    std::fs::remove_dir_all(root.join("content/reports/binh-dinh")).unwrap();
    let gia_lai = root.join("data/provinces/gia-lai-2025.yaml");
    let text = std::fs::read_to_string(&gia_lai).unwrap();
    let without = text.replace(
        "    - province: binh-dinh\n",
        "    - { name: { vi: \"Bình Định\", en: \"Binh Dinh\" }, code: \"52\" }\n",
    );
    assert_ne!(without, text);
    std::fs::write(&gia_lai, without).unwrap();

    // The publisher's commands.
    run_in(
        root,
        &[
            "new",
            "province",
            PROVINCE,
            "--name-vi",
            "Bình Định",
            "--name-en",
            "Binh Dinh",
            "--code",
            "52",
            "--region-vi",
            "Bắc Trung Bộ và duyên hải miền Trung",
            "--region-en",
            "North Central and Central Coast",
            "--successor",
            "gia-lai-2025",
            "--successor-from",
            "2025-07-01",
        ],
    );
    run_in(
        root,
        &[&["new", "report"][..], common::filling::BINH_DINH_H1].concat(),
    );
    run_in(root, &["template", PROVINCE, "--period", "2024-H1"]);
    let workbook = root.join("data/binh-dinh-2024-h1.xlsx");
    let filled = fill(&workbook, &figures, &tasks, None);
    assert_eq!(
        filled,
        figures.len(),
        "every figure has its row in the template"
    );

    // Every figure and task is back, as the example transcribed it.
    let after = of_province(root);
    assert_eq!(before.0, after.0, "the figures");
    assert_eq!(before.1, after.1, "the tasks");
    // No YAML was written by hand: the province file holds no figure and no task.
    let written = std::fs::read_to_string(root.join("data/provinces/binh-dinh.yaml")).unwrap();
    let sections = |name: &str| written.lines().any(|l| l.starts_with(name));
    assert!(
        !sections("observations:") && !sections("tasks:"),
        "{written}"
    );

    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = common::build(root, out.path(), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page =
        std::fs::read_to_string(out.path().join("en/provinces/binh-dinh/index.html")).unwrap();
    assert!(
        page.contains("117/BC-UBND"),
        "the province page cites the report"
    );
}
