//! Errors a user can meet, each naming the file (and row, column, value) and saying what
//! to do, with a non-zero exit from the command line.

use assert_cmd::Command;
use predicates::str::contains;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn analyze(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("procdiag")
        .unwrap()
        .arg("analyze")
        .args(args)
        .assert()
}

const LOG: &[u8] = "工单号,环节,开始时间,完成时间\n1,受理,2024/3/1 8:00,2024/3/1 9:00\n1,审批,2024/3/1 10:00,2024/3/1 9:30\n".as_bytes();

#[test]
fn strict_turns_a_rejected_row_into_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "log.csv", LOG);
    analyze(&["--tasks", &f]).success();
    analyze(&["--tasks", &f, "--strict"])
        .failure()
        .stderr(contains("--strict: 1 rows were rejected"))
        .stderr(contains(
            "row 3, column '完成时间', value '2024/3/1 9:30': end is before start",
        ));
}

#[test]
fn a_survey_export_is_recognised_and_refused_as_a_task_log() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "wjx.csv",
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的部门,2、流程效率\n1,2024/3/1 10:00,135秒,手机提交,直接访问,1.2.3.4,研发部,非常满意\n".as_bytes(),
    );
    analyze(&["--tasks", &f])
        .failure()
        .stderr(contains("looks like a questionnaire export (问卷星 (wjx))"));
}

#[test]
fn a_broken_workbook_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "broken.xlsx",
        b"PK\x03\x04 this is not really a workbook",
    );
    analyze(&["--tasks", &f])
        .failure()
        .stderr(contains("broken.xlsx: cannot be read"))
        .stderr(contains("password-protected"));
}

#[test]
fn an_empty_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "empty.csv", b"");
    analyze(&["--tasks", &f])
        .failure()
        .stderr(contains("empty.csv: no data"));
}

#[test]
fn ambiguous_day_month_order_asks_for_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "log.csv",
        b"case,activity,timestamp\n1,a,01/02/2024 08:00\n1,b,03/04/2024 09:00\n",
    );
    analyze(&["--tasks", &f])
        .failure()
        .stderr(contains("--date-order dmy"));
    analyze(&["--tasks", &f, "--date-order", "dmy", "--format", "json"])
        .success()
        .stdout(contains("\"from\": \"2024-02-01T08:00:00Z\""));
}

#[test]
fn an_unknown_time_zone_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "log.csv", LOG);
    analyze(&["--tasks", &f, "--tz", "Asia/Beijing"])
        .failure()
        .stderr(contains("--tz Asia/Beijing: unknown time zone"));
    analyze(&["--tasks", &f, "--tz", "Asia/Shanghai", "--format", "json"])
        .success()
        .stdout(contains("local time in Asia/Shanghai"));
}

#[test]
fn an_unreadable_time_column_shows_examples() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "log.csv",
        b"case,activity,timestamp\n1,a,soon\n1,b,later\n",
    );
    analyze(&["--tasks", &f]).failure().stderr(contains(
        "column 'timestamp': cannot read the times; the first values are 'soon', 'later'",
    ));
}

#[test]
fn month_first_dates_are_read_only_when_the_user_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "log.csv",
        b"case,activity,timestamp\n1,a,12/31/2024 8:00 PM\n1,b,01/02/2025 9:00 AM\n",
    );
    analyze(&["--tasks", &f])
        .failure()
        .stderr(contains("month-first (e.g. '12/31/2024 8:00 PM'"))
        .stderr(contains("--date-order mdy"));
    analyze(&["--tasks", &f, "--date-order", "mdy", "--format", "json"])
        .success()
        .stdout(contains("\"from\": \"2024-12-31T20:00:00Z\""));
}
