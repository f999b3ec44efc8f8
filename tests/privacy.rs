//! The one anonymity rule on every path that shows a group of respondents: survey
//! breakdowns, satisfaction per KPI period, and survey targets, each at n = 0 (where the
//! path can have it), n = min − 1 and n = min; and the minimum is never below 3.

use std::path::Path;

use serde_json::Value;

fn procdiag() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("procdiag").unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = procdiag().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A plain survey with two five-point items and a department: 研发部 has `big`
/// respondents, 法务部 `small`.
fn write_groups(dir: &Path, big: usize, small: usize) {
    let levels = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
    let mut text = String::from("部门,Q1.1,Q1.2\n");
    for r in 0..big + small {
        let dept = if r < big { "研发部" } else { "法务部" };
        text.push_str(&format!(
            "{dept},{},{}\n",
            levels[r % 5],
            levels[(r + 2) % 5]
        ));
    }
    std::fs::write(dir.join("s.csv"), text).unwrap();
}

fn group<'a>(j: &'a Value, value: &str) -> &'a Value {
    j["survey"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["value"] == value)
        .unwrap()
}

#[test]
fn survey_groups_show_scores_from_the_minimum_on() {
    let dir = tempfile::tempdir().unwrap();
    write_groups(dir.path(), 5, 4);
    let args = [
        "analyze", "--survey", "s.csv", "--group", "部门", "--format", "json",
    ];
    let j = json(dir.path(), &args);
    let (rd, legal) = (group(&j, "研发部"), group(&j, "法务部"));
    assert_eq!(
        (rd["n"].as_u64(), rd["suppressed"].as_bool()),
        (Some(5), Some(false))
    );
    assert!(!rd["dimensions"].as_object().unwrap().is_empty());
    assert_eq!(
        (legal["n"].as_u64(), legal["suppressed"].as_bool()),
        (Some(4), Some(true))
    );
    assert!(legal["dimensions"].as_object().unwrap().is_empty());
    assert!(legal["items"].as_object().unwrap().is_empty());
    // With a minimum of 4, the group of 4 is shown.
    let mut four = args.to_vec();
    four.extend(["--min-group", "4"]);
    assert_eq!(
        group(&json(dir.path(), &four), "法务部")["suppressed"],
        false
    );
}

#[test]
fn a_minimum_below_three_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_groups(dir.path(), 5, 4);
    let out = procdiag()
        .current_dir(dir.path())
        .args(["analyze", "--survey", "s.csv", "--min-group", "2"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--min-group") && err.contains("use 3 or more"),
        "{err}"
    );
}

/// Two waves of a plain survey with `n1` and `n2` respondents.
fn write_waves(dir: &Path, n1: usize, n2: usize) {
    for (name, n) in [("wave1.csv", n1), ("wave2.csv", n2)] {
        let mut text = String::from("id,q1,q2\n");
        for r in 0..n {
            text.push_str(&format!("{r},{},{}\n", r % 5 + 1, (r + 1) % 5 + 1));
        }
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn survey_target(dir: &Path) -> Value {
    let j = json(
        dir,
        &[
            "analyze",
            "--survey",
            "wave1.csv",
            "--survey",
            "wave2.csv",
            "--dimension",
            "D=q1,q2",
            "--target",
            "survey.mean[dimension=D]=+0.3pt",
            "--split",
            "2024-07-01",
            "--format",
            "json",
        ],
    );
    j["improvement"][0].clone()
}

#[test]
fn survey_targets_need_the_minimum_in_both_periods() {
    let dir = tempfile::tempdir().unwrap();
    write_waves(dir.path(), 4, 5);
    let t = survey_target(dir.path());
    assert!(t["baseline"].is_null() && t["current"].is_null(), "{t}");
    assert!(
        t["note"]
            .as_str()
            .unwrap()
            .contains("fewer than 5 respondents"),
        "{t}"
    );
    write_waves(dir.path(), 5, 5);
    let t = survey_target(dir.path());
    assert!(t["baseline"].is_number() && t["current"].is_number(), "{t}");
}

/// A task log with one case closing in each quarter of 2024, and a 问卷星 survey
/// submitted in Q2 by 4 and in Q3 by 5 respondents (none in Q1).
fn write_kpi_inputs(dir: &Path) {
    let mut log = String::from("工单号,环节,开始时间,完成时间\n");
    for (i, m) in ["02", "05", "08", "11"].iter().enumerate() {
        log.push_str(&format!("C{i},受理,2024-{m}-01 09:00,2024-{m}-01 10:00\n"));
        log.push_str(&format!("C{i},处理,2024-{m}-02 09:00,2024-{m}-03 10:00\n"));
    }
    std::fs::write(dir.join("log.csv"), log).unwrap();
    let levels = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
    let mut s = String::from(
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、(沟通顺畅),1、(信息及时)\n",
    );
    let dates = ["2024/05/10 10:00:00"; 4]
        .iter()
        .chain(["2024/08/10 10:00:00"; 5].iter());
    for (r, d) in dates.enumerate() {
        s.push_str(&format!(
            "{},{d},100秒,链接,直接访问,10.0.0.{r},{},{}\n",
            r + 1,
            levels[r % 5],
            levels[(r + 3) % 5]
        ));
    }
    std::fs::write(dir.join("survey.csv"), s).unwrap();
}

#[test]
fn kpi_satisfaction_shows_periods_from_the_minimum_on() {
    let dir = tempfile::tempdir().unwrap();
    write_kpi_inputs(dir.path());
    let j = json(
        dir.path(),
        &[
            "kpi",
            "--tasks",
            "log.csv",
            "--survey",
            "survey.csv",
            "--format",
            "json",
        ],
    );
    let rows = j["kpi_periods"].as_array().unwrap();
    let row = |p: &str| {
        rows.iter()
            .find(|r| r["period"] == p && r["by"].is_null())
            .unwrap()
    };
    let (q1, q2, q3) = (row("2024Q1"), row("2024Q2"), row("2024Q3"));
    // n = 0: nothing to hide, nothing to show.
    assert_eq!(
        (
            q1["respondents"].as_u64(),
            q1["satisfaction_suppressed"].as_bool()
        ),
        (Some(0), Some(false))
    );
    assert!(q1["satisfaction"].as_object().unwrap().is_empty());
    // n = min − 1: hidden.
    assert_eq!(
        (
            q2["respondents"].as_u64(),
            q2["satisfaction_suppressed"].as_bool()
        ),
        (Some(4), Some(true))
    );
    assert!(q2["satisfaction"].as_object().unwrap().is_empty());
    // n = min: shown.
    assert_eq!(
        (
            q3["respondents"].as_u64(),
            q3["satisfaction_suppressed"].as_bool()
        ),
        (Some(5), Some(false))
    );
    assert!(!q3["satisfaction"].as_object().unwrap().is_empty());
}
