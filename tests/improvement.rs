//! Before/after against targets and the KPI review, on data whose truth is known by
//! construction: a two-period log in which only the queue before 合规审批 shrinks (by
//! 20 hours, from 40–64 to 20–44), and a survey in two waves. The figures are pinned
//! to numpy/scipy (tests/reference/improvement_figures.py, scipy 1.17.1).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::Value;

fn procdiag() -> Command {
    Command::cargo_bin("procdiag").unwrap()
}

fn t(x: &NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

/// The constructed log: 100 cases from 2024-01-01 and 100 from 2024-07-01, one a day.
/// Case k of a period: 需求开发 (研发部) 10 h; then it waits 40 + k % 25 hours
/// (baseline) or 20 + k % 25 (after) for 合规审批 (法务部) 2 h; then waits 5 + k % 3
/// for 客户确认 (客服部) 3 h. Planned: 75 hours after the start. Priority 高 for even k.
fn write_log(dir: &Path) -> PathBuf {
    let mut text = String::from("工单号,环节,责任部门,开始时间,完成时间,计划完成时间,优先级\n");
    for (period, base, wait) in [(0, (2024, 1, 1), 40), (1, (2024, 7, 1), 20)] {
        let day0 = NaiveDate::from_ymd_opt(base.0, base.1, base.2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        for k in 0..100i64 {
            let id = format!("C{period}{k:03}");
            let s = day0 + Duration::days(k);
            let planned = t(&(s + Duration::hours(75)));
            let prio = if k % 2 == 0 { "高" } else { "低" };
            let a_end = s + Duration::hours(10);
            let b_start = a_end + Duration::hours(wait + k % 25);
            let b_end = b_start + Duration::hours(2);
            let c_start = b_end + Duration::hours(5 + k % 3);
            let c_end = c_start + Duration::hours(3);
            for (stage, dept, from, to) in [
                ("需求开发", "研发部", s, a_end),
                ("合规审批", "法务部", b_start, b_end),
                ("客户确认", "客服部", c_start, c_end),
            ] {
                text.push_str(&format!(
                    "{id},{stage},{dept},{},{},{planned},{prio}\n",
                    t(&from),
                    t(&to)
                ));
            }
        }
    }
    let p = dir.join("log.csv");
    std::fs::write(&p, text).unwrap();
    p
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn close(a: &Value, b: f64, what: &str) {
    let a = a
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {a} is not a number"));
    assert!(
        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        "{what}: procdiag {a} vs reference {b}"
    );
}

fn target<'a>(json: &'a Value, metric: &str) -> &'a Value {
    json["improvement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == metric)
        .unwrap_or_else(|| panic!("no target {metric}"))
}

fn analyze(dir: &Path, extra: &[&str]) -> Value {
    json_of(
        &procdiag()
            .args(["analyze", "--format", "json", "--split", "2024-07-01"])
            .args(extra)
            .current_dir(dir)
            .output()
            .unwrap(),
    )
}

/// Lead time: the constructed change with scipy's test figures.
fn lead_time_figures(json: &Value) {
    // Lead time: every case 20 h shorter → median 73 → 53 h (scipy: U 212,
    // p 1.2584572575509991e-31, rank-biserial −0.9576).
    let lead = target(json, "lead_time.median");
    close(&lead["baseline"], 73.0, "baseline median");
    close(&lead["current"], 53.0, "current median");
    close(&lead["change_pct"], -0.273972602739726, "Δ%");
    close(&lead["change"], -20.0, "Δ");
    assert_eq!(lead["test"]["test"], "mann_whitney_u");
    close(&lead["test"]["statistic"], 212.0, "U");
    close(&lead["p_value"], 1.2584572575509991e-31, "p");
    close(&lead["test"]["effect_size"], -0.9576, "rank-biserial");
    assert_eq!(lead["verdict"], "met");
    let ci = lead["ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < -0.2739 && ci[1].as_f64().unwrap() > -0.2741);
}

/// The halved queue and the unchanged one.
fn queue_figures(json: &Value) {
    // The halved queue: 52 → 32 h is −38.5%, short of −50%.
    let wait = target(json, "wait_time.median[stage=合规审批]");
    close(&wait["baseline"], 52.0, "wait baseline");
    close(&wait["current"], 32.0, "wait current");
    close(&wait["change_pct"], -0.38461538461538464, "wait Δ%");
    close(&wait["test"]["statistic"], 200.0, "wait U");
    close(&wait["p_value"], 8.877140145219271e-32, "wait p");
    close(&wait["test"]["effect_size"], -0.96, "wait rank-biserial");
    assert_eq!(wait["verdict"], "not_met");

    // The unchanged queue meets an absolute goal, but nothing changed: not significant.
    let same = target(json, "wait_time.median[stage=客户确认]");
    close(&same["baseline"], 6.0, "unchanged baseline");
    close(&same["current"], 6.0, "unchanged current");
    assert_eq!(same["verdict"], "met_not_significant");
}

/// On-time rate, schedule slip and the handoff that is the queue.
fn schedule_figures(json: &Value) {
    // On time (75 h planned): 60% before, all after.
    let on_time = target(json, "on_time_rate");
    close(&on_time["baseline"], 0.6, "on-time baseline");
    close(&on_time["current"], 1.0, "on-time current");
    assert_eq!(on_time["test"]["test"], "two_proportion_z");
    assert_eq!(on_time["verdict"], "met");

    // Slip = lead time − 75 h planned; the 研发部 → 法务部 handoff is the queue itself.
    let slip = target(json, "schedule_slip.median");
    close(&slip["baseline"], -2.0, "slip baseline");
    close(&slip["current"], -22.0, "slip current");
    let handoff = target(json, "handoff_delay.mean[from=研发部,to=法务部]");
    close(
        &handoff["baseline"],
        52.0,
        "handoff baseline (mean of 40 + k % 25)",
    );
    close(&handoff["current"], 32.0, "handoff current");
}

/// Attribution: where the mean lead time's change came from.
fn attribution_figures(json: &Value) {
    // Attribution: all 20 hours came from waiting for 合规审批.
    let at = &target(json, "lead_time.mean")["attribution"];
    close(&at["mean_lead_hours_change"], -20.0, "mean lead change");
    let stages = at["stages"].as_array().unwrap();
    let approval = stages.iter().find(|s| s["stage"] == "合规审批").unwrap();
    close(
        &approval["wait_hours_change"],
        -20.0,
        "合规审批 wait change",
    );
    close(
        &approval["service_hours_change"],
        0.0,
        "合规审批 work change",
    );
    close(&approval["share_of_change"], 1.0, "合规审批 share");
    for s in stages.iter().filter(|s| s["stage"] != "合规审批") {
        close(&s["wait_hours_change"], 0.0, "other stages' waiting");
        close(&s["service_hours_change"], 0.0, "other stages' work");
    }
    close(&at["other_hours_change"], 0.0, "unexplained");
}

#[test]
fn a_halved_queue_comes_out_as_constructed_with_scipys_figures() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let json = analyze(
        dir.path(),
        &[
            "--tasks",
            log.to_str().unwrap(),
            "--target",
            "lead_time.median=-20%",
            "--target",
            "wait_time.median[stage=合规审批]=-50%",
            "--target",
            "wait_time.median[stage=客户确认]<=7h",
            "--target",
            "on_time_rate>=95%",
            "--target",
            "lead_time.mean=-20%",
            "--target",
            "schedule_slip.median<=0h",
            "--target",
            "handoff_delay.mean[from=研发部,to=法务部]=-30%",
        ],
    );
    let p = &json["periods"];
    assert_eq!(
        (
            p["baseline"]["cases"].as_u64(),
            p["after"]["cases"].as_u64()
        ),
        (Some(100), Some(100))
    );
    assert_eq!(p["baseline"]["censored"], 0);

    lead_time_figures(&json);
    queue_figures(&json);
    schedule_figures(&json);
    attribution_figures(&json);
}

#[test]
fn targets_break_down_by_a_case_attribute_and_the_kpi_table_marks_them() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let json = analyze(
        dir.path(),
        &[
            "--tasks",
            log.to_str().unwrap(),
            "--target",
            "wait_time.median[stage=合规审批]<=40h",
            "--by",
            "优先级",
        ],
    );
    let r = target(&json, "wait_time.median[stage=合规审批]");
    let groups = r["by_group"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "高 and 低");
    // Even k (高): 40 + {0, 2, …, 24} → median 52; after 32.
    let high = groups.iter().find(|g| g["value"] == "高").unwrap();
    close(&high["baseline"], 52.0, "高 baseline");
    close(&high["current"], 32.0, "高 current");
    let breakdowns = json["breakdowns"].as_array().unwrap();
    assert_eq!(breakdowns.len(), 2);
    assert!(breakdowns.iter().all(|b| b["cases"] == 100));
    // KPI periods by quarter: Q1 has 91 starts (Jan 1 – Mar 31), Q3 92.
    let kpi = json["kpi_periods"].as_array().unwrap();
    let q = |name: &str| {
        kpi.iter()
            .find(|k| k["period"] == name && k["group"].is_null())
            .unwrap()
    };
    assert_eq!(q("2024Q1")["cases_started"], 91);
    assert_eq!(q("2024Q3")["cases_started"], 92);
    assert_eq!(
        q("2024Q3")["targets"][0]["met"],
        true,
        "after: 20–44 h, median ≤ 40"
    );
    assert_eq!(
        q("2024Q1")["targets"][0]["met"],
        false,
        "before: median 52 h"
    );
}

#[test]
fn kpi_writes_table_csv_markdown_json_and_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let args = [
        "kpi",
        "--tasks",
        log.to_str().unwrap(),
        "--split",
        "2024-07-01",
        "--target",
        "lead_time.median=-20%",
        "--by",
        "quarter",
    ];
    for (format, want) in [
        ("table", "Scorecard"),
        ("csv", "period,group,from,to,cases started"),
        ("markdown", "| period | group |"),
        ("json", "\"kpi_periods\""),
    ] {
        let out = procdiag()
            .args(args)
            .args(["--format", format])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(want), "{format}: {text}");
        assert!(text.contains("2024Q3"), "{format} lists the quarters");
    }
    let json: Value = serde_json::from_slice(
        &procdiag()
            .args(args)
            .args(["--format", "json"])
            .current_dir(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["kpi_grain"], "quarter");
    assert_eq!(json["improvement"][0]["verdict"], "met");
    let monthly: Value = serde_json::from_slice(
        &procdiag()
            .args([
                "kpi",
                "--tasks",
                log.to_str().unwrap(),
                "--by",
                "month",
                "--format",
                "json",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(monthly["kpi_periods"][0]["period"], "2024-01");
    assert_eq!(monthly["kpi_periods"][0]["cases_started"], 31);

    kpi_workbook(dir.path(), &args);
}

/// `--xlsx` writes the scorecard, the KPI table and the problem list, with number cells.
fn kpi_workbook(dir: &Path, args: &[&str]) {
    let xlsx = dir.join("kpi.xlsx");
    procdiag()
        .args(args)
        .args(["--xlsx", xlsx.to_str().unwrap()])
        .current_dir(dir)
        .assert()
        .success();
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["Scorecard", "KPI", "Problems"]);
    let problems = wb.worksheet_range("Problems").unwrap();
    assert_eq!(problems.get((0, 0)).unwrap().to_string(), "rank");
    assert_eq!(
        problems.get((0, 10)).unwrap().to_string(),
        "hours lost 2024Q1",
        "hours lost per KPI period"
    );
    assert!(matches!(
        problems.get((1, 3)),
        Some(calamine::Data::Float(h)) if *h > 0.0
    ));
    let kpi = wb.worksheet_range("KPI").unwrap();
    assert_eq!(kpi.get((0, 0)).unwrap().to_string(), "period");
    assert_eq!(kpi.get((1, 0)).unwrap().to_string(), "2024Q1");
    assert_eq!(
        kpi.get((1, 4)),
        Some(&calamine::Data::Float(91.0)),
        "a number cell"
    );
}

/// Two waves of a three-item survey (plain layout), as in the reference script.
fn write_waves(dir: &Path) -> (PathBuf, PathBuf) {
    let mut paths = Vec::new();
    for (n, shift) in [(1, 0), (2, 1)] {
        let mut text = String::from("id,q1,q2,q3\n");
        for r in 0..40 {
            let base = [(r % 5) + 1, ((r * 3) % 5) + 1, ((r * 2 + 1) % 5) + 1];
            let v: Vec<String> = base
                .iter()
                .map(|x| (x + shift * (r % 2)).min(5).to_string())
                .collect();
            text.push_str(&format!("{r},{}\n", v.join(",")));
        }
        let p = dir.join(format!("wave{n}.csv"));
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    (paths[0].clone(), paths[1].clone())
}

#[test]
fn two_survey_waves_give_item_and_dimension_changes_with_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let (w1, w2) = write_waves(dir.path());
    let json = analyze(
        dir.path(),
        &[
            "--survey",
            w1.to_str().unwrap(),
            "--survey",
            w2.to_str().unwrap(),
            "--dimension",
            "D=q1,q2,q3",
            "--target",
            "survey.mean[dimension=D]=+0.3pt",
            "--target",
            "survey.top2box[item=q1]=+5pt",
            "--target",
            "survey.mean[item=q1]>=4.0",
        ],
    );
    assert_eq!(json["periods"]["baseline"]["respondents_by"], "file");
    let d = target(&json, "survey.mean[dimension=D]");
    close(&d["baseline"], 3.0, "wave 1 dimension mean");
    close(&d["current"], 3.4, "wave 2 dimension mean");
    assert_eq!(d["test"]["test"], "welch_t");
    close(&d["test"]["statistic"], 1.5439239581193784, "Welch t");
    close(&d["p_value"], 0.1266558576031369, "Welch p");
    close(&d["test"]["effect_size"], 0.3452318922445468, "Cohen's d");
    assert_eq!(
        d["verdict"], "met_not_significant",
        "+0.4 ≥ +0.3 but p = 0.13"
    );
    let t2b = target(&json, "survey.top2box[item=q1]");
    close(&t2b["baseline"], 0.4, "top-2-box wave 1");
    close(&t2b["current"], 0.5, "top-2-box wave 2");
    assert_eq!(t2b["verdict"], "met_not_significant");
    let q1 = target(&json, "survey.mean[item=q1]");
    assert_eq!(q1["verdict"], "not_met");
}

#[test]
fn init_writes_a_starter_config_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let (w1, _) = write_waves(dir.path());
    procdiag()
        .args(["init", log.to_str().unwrap(), w1.to_str().unwrap()])
        .current_dir(dir.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("procdiag.toml")).unwrap();
    for want in [
        "[tasks.columns]",
        "case = \"工单号\"",
        "planned = \"计划完成时间\"",
        "[survey]",
        "# [[targets]]",
        "\"优先级\"",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    // It is used as is, and a second init does not overwrite it.
    procdiag()
        .args(["analyze", "--format", "json"])
        .current_dir(dir.path())
        .assert()
        .success();
    let again = procdiag()
        .args(["init", log.to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn mistakes_in_targets_and_periods_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let run = |extra: &[&str]| {
        let out = procdiag()
            .args(["analyze", "--tasks", log.to_str().unwrap()])
            .args(extra)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{extra:?} should fail");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    assert!(run(&["--target", "lead_time.median=-20%"]).contains("--split DATE"));
    assert!(run(&[
        "--split",
        "2024-07-01",
        "--target",
        "lead_time.median=faster"
    ])
    .contains("relative change"));
    assert!(run(&[
        "--split",
        "2024-07-01",
        "--target",
        "wait_time.median[stage=审批]=-50%"
    ])
    .contains("stages are"));
    assert!(run(&["--split", "July", "--target", "lead_time.median=-20%"]).contains("2024-07-01"));
    assert!(run(&["--split", "2024-07-01", "--by", "客户等级"]).contains("no column '客户等级'"));
}

#[test]
fn survey_answers_fall_in_periods_by_submission_date_without_a_task_log() {
    let dir = tempfile::tempdir().unwrap();
    let files = procdiag::sample::survey::write_sample_survey(dir.path(), 2024).unwrap();
    let json = analyze(
        dir.path(),
        &[
            "--survey",
            files[0].to_str().unwrap(),
            "--survey",
            files[1].to_str().unwrap(),
            "--target",
            "survey.mean[dimension=Q4]=+0.3pt",
        ],
    );
    let p = &json["periods"];
    assert_eq!(p["baseline"]["respondents_by"], "submitted");
    assert_eq!(
        (
            p["baseline"]["respondents"].as_u64(),
            p["after"]["respondents"].as_u64()
        ),
        (Some(186), Some(174)),
        "March answers before 2024-07-01, September answers after"
    );
    let r = target(&json, "survey.mean[dimension=Q4]");
    assert_eq!(
        (r["n_baseline"].as_u64(), r["n_current"].as_u64()),
        (Some(186), Some(174))
    );
    assert_eq!(
        r["verdict"], "met",
        "沟通满意度 was built to improve by about 0.6"
    );
}
