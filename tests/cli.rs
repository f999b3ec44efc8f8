//! The command line end to end: the README's main command on the sample, the JSON
//! contract on stdout, and the errors a user sees.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn procdiag() -> Command {
    Command::cargo_bin("procdiag").unwrap()
}

fn sample_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    procdiag::sample::write_sample(&dir.path().join("data"), "sample_tasklog", 300, 5, false)
        .unwrap();
    dir
}

#[test]
fn report_without_arguments_reads_the_sample_and_writes_the_html() {
    let dir = sample_dir();
    procdiag()
        .arg("report")
        .current_dir(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("reports/diagnosis.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(
        !html.contains("http://") || !html.contains("<link"),
        "no external resources"
    );
    assert!(html.contains("合规审批"));
}

#[test]
fn report_writes_the_json_document_too() {
    let dir = sample_dir();
    procdiag()
        .args([
            "report",
            "--tasks",
            "data/sample_tasklog.csv",
            "--out",
            "out/r.html",
            "--json",
            "out/r.json",
            "--lang",
            "en",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/r.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema"], "procdiag/1");
    assert_eq!(json["tasklog"]["cases"], 300);
    assert!(Path::new(&dir.path().join("out/r.html")).exists());
}

#[test]
fn analyze_prints_the_contract_as_json() {
    let dir = sample_dir();
    let out = procdiag()
        .args([
            "analyze",
            "--tasks",
            "data/sample_tasklog.xlsx",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "procdiag/1");
    let input = &json["inputs"][0];
    assert_eq!(input["kind"], "tasklog");
    assert_eq!(input["rows_read"], input["rows_used"]);
    assert_eq!(input["columns"]["case"], "工单号");
    for key in [
        "events",
        "cases",
        "timestamps",
        "lead_time_hours",
        "stages",
        "edges",
        "variants",
        "top_variants",
        "start_stages",
        "end_stages",
        "handoffs",
        "bottlenecks",
        "rework_events",
        "first_time_right",
    ] {
        assert!(!json["tasklog"][key].is_null(), "tasklog.{key} missing");
    }
    assert_eq!(json["tasklog"]["bottlenecks"][0]["stage"], "合规审批");
}

#[test]
fn analyze_table_is_readable() {
    let dir = sample_dir();
    procdiag()
        .args(["analyze", "--tasks", "data/sample_tasklog.csv"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout(contains("300 cases"))
        .stdout(contains("bottlenecks"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    procdiag()
        .args(["analyze", "--tasks", "nope.csv"])
        .assert()
        .failure()
        .stderr(contains("nope.csv: file not found"));
}

#[test]
fn a_map_to_an_unknown_header_lists_the_headers() {
    let dir = sample_dir();
    procdiag()
        .args([
            "analyze",
            "--tasks",
            "data/sample_tasklog.csv",
            "--map",
            "stage=Step",
        ])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("there is no column 'Step'"))
        .stderr(contains("工单号, 环节"));
}

#[test]
fn an_unknown_role_in_map_is_named() {
    procdiag()
        .args(["analyze", "--map", "colour=x"])
        .assert()
        .failure()
        .stderr(contains("unknown role 'colour'"));
}

#[test]
fn the_report_never_overwrites_its_input() {
    let dir = sample_dir();
    procdiag()
        .args([
            "report",
            "--tasks",
            "data/sample_tasklog.csv",
            "--out",
            "data/sample_tasklog.csv",
        ])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("refusing to overwrite an input file"));
}

#[test]
fn report_writes_every_table_as_csv_files_and_as_a_workbook() {
    use calamine::{open_workbook_auto, Reader};
    let dir = sample_dir();
    procdiag()
        .args([
            "report",
            "--tasks",
            "data/sample_tasklog.csv",
            "--out",
            "out/r.html",
            "--csv-dir",
            "out/tables",
            "--xlsx",
            "out/tables.xlsx",
            "--lang",
            "zh",
        ])
        .current_dir(dir.path())
        .assert()
        .success()
        .stderr(contains("tables as CSV files in out/tables"))
        .stderr(contains("wrote out/tables.xlsx"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out/tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for (i, n) in names.iter().enumerate() {
        assert!(
            n.starts_with(&format!("{:02}-", i + 1)) && n.ends_with(".csv"),
            "{n}"
        );
    }
    let stages = names.iter().find(|n| n.ends_with("-stages.csv")).unwrap();
    let text = std::fs::read_to_string(dir.path().join("out/tables").join(stages)).unwrap();
    assert!(text.starts_with("\u{feff}环节,"));
    assert!(text.contains("合规审批"));
    let wb = open_workbook_auto(dir.path().join("out/tables.xlsx")).unwrap();
    assert_eq!(wb.sheet_names().len(), names.len());
}

#[test]
fn the_tables_are_never_written_over_an_input() {
    let dir = sample_dir();
    std::fs::create_dir_all(dir.path().join("tables")).unwrap();
    std::fs::copy(
        dir.path().join("data/sample_tasklog.csv"),
        dir.path().join("tables/04-stages.csv"),
    )
    .unwrap();
    procdiag()
        .args(["report", "--tasks", "tables/04-stages.csv"])
        .args(["--out", "out/r.html", "--csv-dir", "tables"])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("--csv-dir would overwrite this input file"));
    procdiag()
        .args(["report", "--tasks", "data/sample_tasklog.csv"])
        .args(["--out", "out/r.html", "--xlsx", "data/sample_tasklog.csv"])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("refusing to overwrite an input file"));
    assert!(
        !dir.path().join("out/r.html").exists(),
        "nothing is written"
    );
}

#[test]
fn a_wrong_sheet_name_lists_the_sheets() {
    let dir = sample_dir();
    procdiag()
        .args([
            "analyze",
            "--tasks",
            "data/sample_tasklog.xlsx",
            "--sheet",
            "Sheet9",
        ])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("任务进度跟踪表"));
}

#[test]
fn without_tasks_and_without_the_sample_the_error_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    procdiag()
        .arg("report")
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(contains("procdiag sample"));
}

#[test]
fn a_bad_target_is_explained_once() {
    let dir = sample_dir();
    let out = procdiag()
        .args(["analyze", "--tasks", "data/sample_tasklog.csv"])
        .args([
            "--target",
            "lead_time.median=faster",
            "--split",
            "2024-06-01",
        ])
        .current_dir(dir.path())
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("--target lead_time.median=faster: goal 'faster': not understood"),
        "{err}"
    );
    assert_eq!(err.matches("not understood").count(), 1, "{err}");
}

#[test]
fn progress_never_reaches_a_pipe_and_quiet_drops_the_wrote_lines() {
    let dir = sample_dir();
    let out = procdiag()
        .arg("report")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("wrote"), "{stderr}");
    assert!(
        !stderr.contains('█') && !stderr.contains('\r'),
        "no bar when stderr is not a terminal: {stderr}"
    );
    let quiet = procdiag()
        .args(["report", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert!(quiet.status.success(), "{stderr}");
    assert!(!stderr.contains("wrote"), "{stderr}");
    assert!(dir.path().join("reports/diagnosis.html").exists());
}
