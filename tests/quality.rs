//! Data-quality findings on a small log built to contain each problem once, and the
//! `inspect` command that shows them.

use assert_cmd::Command;
use predicates::str::contains;
use procdiag::analysis::analyze;
use procdiag::ingest::tasklog::{load, TasklogOptions};

const LOG: &str = "\
工单号,环节,处理人,开始时间,完成时间,状态
1,受理,王芳,2024-03-01 08:00+08:00,2024-03-01 09:00+08:00,已完成
1,受理,王芳,2024-03-01 08:00+08:00,2024-03-01 09:00+08:00,已完成
1,审批,王芳,2024-03-01 08:30+08:00,2024-03-01 10:00+08:00,已关闭
1,归档,李娜,2024-03-01 11:00+08:00,2024-03-01 12:00+08:00,已完成
2,受理,李娜,2024-03-02 08:00Z,2024-03-02 09:00Z,已完成
2,审批,张伟,2024-03-02 10:00Z,2024-03-02 09:00Z,已完成
2,审批,张伟,2024-03-02 10:00Z,,进行中
3,受理,张伟,2099-01-01 08:00Z,2099-01-01 09:00Z,已完成
";

fn findings() -> Vec<(String, usize)> {
    findings_of(LOG)
}

fn findings_of(text: &str) -> Vec<(String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("log.csv");
    std::fs::write(&p, text).unwrap();
    let (log, summary) = load(&p, &TasklogOptions::default()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .timestamp_millis();
    let a = analyze(&log, summary, now).unwrap();
    a.tasklog
        .unwrap()
        .data_quality
        .iter()
        .map(|f| (f.code().to_string(), f.count))
        .collect()
}

#[test]
fn each_planted_problem_is_found_once() {
    let f = findings();
    let get = |code: &str| f.iter().find(|(c, _)| c == code).map(|(_, n)| *n);
    assert_eq!(get("duplicate_events"), Some(1));
    assert_eq!(get("end_before_start"), Some(1));
    assert_eq!(get("no_end"), Some(1));
    assert_eq!(
        get("events_after_close"),
        Some(1),
        "归档 starts after 审批 closed case 1"
    );
    assert_eq!(get("future_timestamps"), Some(1));
    // 王芳: 审批 starts at 8:30 while 受理 runs until 9:00 (the duplicate too).
    assert_eq!(get("owner_overlaps"), Some(2));
    // 归档, and 审批 (its other two rows were rejected).
    assert_eq!(get("single_event_stages"), Some(2));
    assert_eq!(get("mixed_offsets"), Some(2), "+08:00 and Z");
    // Warnings come first.
    let first_info = f.iter().position(|(c, _)| c == "owner_overlaps").unwrap();
    assert!(f.iter().position(|(c, _)| c == "duplicate_events").unwrap() < first_info);
}

#[test]
fn repeats_are_found_when_other_events_share_their_times() {
    // Case 1: 受理, 审批, 受理 at the same times (the repeat is not next to the row it
    // repeats once sorted); case 2 has 受理 at those times too but is another case; case
    // 3's last row repeats its first.
    let log = "\
case,stage,owner,start,end
1,受理,王芳,2024-03-01 08:00,2024-03-01 09:00
1,审批,王芳,2024-03-01 08:00,2024-03-01 09:00
1,受理,王芳,2024-03-01 08:00,2024-03-01 09:00
2,受理,王芳,2024-03-01 08:00,2024-03-01 09:00
3,受理,李娜,2024-03-05 08:00,2024-03-05 09:00
3,受理,李娜,2024-03-05 08:00,2024-03-05 09:00
";
    let f = findings_of(log);
    let get = |code: &str| f.iter().find(|(c, _)| c == code).map(|(_, n)| *n);
    assert_eq!(get("duplicate_events"), Some(2));
}

#[test]
fn inspect_shows_columns_roles_accounting_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("log.csv");
    std::fs::write(&p, LOG).unwrap();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args(["inspect", p.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("[case] 工单号: integer"))
        .stdout(contains(
            "[start] 开始时间: time · ISO 8601 with offset (converted to UTC)",
        ))
        .stdout(contains("8 read, 6 used, 2 rejected"))
        .stdout(contains("repeat an earlier event exactly"));
    let out = Command::cargo_bin("procdiag")
        .unwrap()
        .args(["inspect", p.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["header_row"], 1);
    assert_eq!(json["columns"][0]["role"], "case");
    assert_eq!(json["input"]["rows_rejected"], 2);
    assert!(json["findings"].as_array().unwrap().len() >= 8);
}

#[test]
fn inspect_explains_why_a_file_is_not_a_task_log() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("other.csv");
    std::fs::write(&p, "Name,Amount\nA,1\n").unwrap();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args(["inspect", p.to_str().unwrap()])
        .assert()
        .failure()
        .stdout(contains("Name: text"))
        .stdout(contains("not usable as a task log"));
}
