//! The one anonymity rule on every path that shows a group of respondents: survey
//! breakdowns, satisfaction per KPI period, and survey targets, each at n = 0 (where the
//! path can have it), n = min − 1 and n = min, and with a group hidden so that a
//! smaller one cannot be derived by subtraction; and the minimum is never below 3.

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

/// A plain survey with two five-point items and a department, `(department, n)` each.
fn write_departments(dir: &Path, departments: &[(&str, usize)]) {
    let levels = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
    let mut text = String::from("部门,Q1.1,Q1.2\n");
    let mut r = 0;
    for (dept, n) in departments {
        for _ in 0..*n {
            text.push_str(&format!(
                "{dept},{},{}\n",
                levels[r % 5],
                levels[(r + 2) % 5]
            ));
            r += 1;
        }
    }
    std::fs::write(dir.join("s.csv"), text).unwrap();
}

/// 研发部 has `big` respondents, 法务部 `small`.
fn write_groups(dir: &Path, big: usize, small: usize) {
    write_departments(dir, &[("研发部", big), ("法务部", small)]);
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
    let args = [
        "analyze", "--survey", "s.csv", "--group", "部门", "--format", "json",
    ];
    // 5 + 5 + 5: every group has the minimum, nothing is left to subtract.
    write_departments(dir.path(), &[("研发部", 5), ("测试部", 5), ("法务部", 5)]);
    let j = json(dir.path(), &args);
    for d in ["研发部", "测试部", "法务部"] {
        let g = group(&j, d);
        assert_eq!(
            (g["n"].as_u64(), g["suppressed"].as_bool()),
            (Some(5), Some(false)),
            "{g}"
        );
        assert!(!g["dimensions"].as_object().unwrap().is_empty());
        assert_eq!(g["item_n"]["Q1.1"], 5, "{g}");
    }
    // 10 + 5 + 4: 法务部 (4) is hidden; 19 − 10 − 5 = 4 would be 法务部 again, so the
    // smallest shown group, 测试部 (5), is hidden too and says why.
    write_departments(dir.path(), &[("研发部", 10), ("测试部", 5), ("法务部", 4)]);
    let j = json(dir.path(), &args);
    let (rd, test, legal) = (
        group(&j, "研发部"),
        group(&j, "测试部"),
        group(&j, "法务部"),
    );
    assert_eq!(rd["suppressed"], false);
    assert_eq!(
        (legal["n"].as_u64(), legal["suppressed"].as_bool()),
        (Some(4), Some(true))
    );
    assert_eq!(legal["suppressed_reason"], "below_minimum");
    assert!(legal["dimensions"].as_object().unwrap().is_empty());
    assert!(legal["items"].as_object().unwrap().is_empty());
    assert_eq!(
        (test["suppressed"].as_bool(), &test["suppressed_reason"]),
        (Some(true), &Value::from("protects"))
    );
    assert_eq!(test["protects"], serde_json::json!(["法务部"]));
    assert!(test["items"].as_object().unwrap().is_empty());
    // With a minimum of 4, every group is shown.
    let mut four = args.to_vec();
    four.extend(["--min-group", "4"]);
    let j = json(dir.path(), &four);
    assert_eq!(group(&j, "法务部")["suppressed"], false);
    assert_eq!(group(&j, "测试部")["suppressed"], false);
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
/// submitted in Q2 by `q2` and in Q3 by `q3` respondents (none in Q1).
fn write_kpi_inputs(dir: &Path, q2: usize, q3: usize) {
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
    let dates = std::iter::repeat_n("2024/05/10 10:00:00", q2)
        .chain(std::iter::repeat_n("2024/08/10 10:00:00", q3));
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

fn kpi_rows(dir: &Path) -> Vec<Value> {
    let j = json(
        dir,
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
    j["kpi_periods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["by"].is_null())
        .cloned()
        .collect()
}

fn period<'a>(rows: &'a [Value], p: &str) -> &'a Value {
    rows.iter().find(|r| r["period"] == p).unwrap()
}

#[test]
fn kpi_satisfaction_shows_periods_from_the_minimum_on() {
    let dir = tempfile::tempdir().unwrap();
    write_kpi_inputs(dir.path(), 5, 5);
    let rows = kpi_rows(dir.path());
    // n = 0: nothing to hide, nothing to show.
    let q1 = period(&rows, "2024Q1");
    assert_eq!(
        (
            q1["respondents"].as_u64(),
            q1["satisfaction_suppressed"].as_bool()
        ),
        (Some(0), Some(false))
    );
    assert!(q1["satisfaction"].as_object().unwrap().is_empty());
    // n = min in both periods that have respondents: both shown, with their n.
    for p in ["2024Q2", "2024Q3"] {
        let q = period(&rows, p);
        assert_eq!(q["satisfaction_suppressed"], false, "{q}");
        assert!(!q["satisfaction"].as_object().unwrap().is_empty(), "{q}");
        let n = q["satisfaction_n"].as_object().unwrap();
        assert!(n.values().all(|v| v == 5), "{q}");
    }
}

#[test]
fn a_kpi_period_is_hidden_when_the_total_would_give_away_a_small_one() {
    // Q2 has 4 respondents (hidden), Q3 5: the overall score (9 respondents) minus
    // Q3's would be Q2's, so Q3 is hidden too and says whom it protects.
    let dir = tempfile::tempdir().unwrap();
    write_kpi_inputs(dir.path(), 4, 5);
    let rows = kpi_rows(dir.path());
    let (q2, q3) = (period(&rows, "2024Q2"), period(&rows, "2024Q3"));
    assert_eq!(
        (
            q2["respondents"].as_u64(),
            q2["satisfaction_suppressed"].as_bool()
        ),
        (Some(4), Some(true))
    );
    assert!(q2["satisfaction"].as_object().unwrap().is_empty());
    assert_eq!(
        (
            q3["respondents"].as_u64(),
            q3["satisfaction_suppressed"].as_bool()
        ),
        (Some(5), Some(true))
    );
    assert!(q3["satisfaction"].as_object().unwrap().is_empty());
    assert_eq!(q3["satisfaction_protects"], serde_json::json!(["2024Q2"]));
}
