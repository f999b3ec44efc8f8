//! The diagnosis on the sample: the problem list starts with the queue before 合规审批
//! (the generator's bottleneck), the map's lanes are the six departments, and the report
//! shows the map, the heatmap, WIP, ownership and the problem list.

use assert_cmd::Command;
use serde_json::Value;

fn sample() -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    procdiag::sample::write_sample(&dir.path().join("data"), "sample_tasklog", 600, 5, false)
        .unwrap();
    let out = Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--tasks",
            "data/sample_tasklog.csv",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let json = serde_json::from_slice(&out.get_output().stdout).unwrap();
    (dir, json)
}

#[test]
fn the_problem_list_starts_with_the_queue_before_compliance_approval() {
    let (_dir, json) = sample();
    let p = &json["tasklog"]["problems"][0];
    assert_eq!(p["kind"], "waiting", "{p}");
    assert_eq!(p["where"]["stage"], "合规审批");
    assert_eq!(p["evidence"]["handoff"]["to_department"], "法务部", "{p}");
    assert!(p["hours_lost"].as_f64().unwrap() > 0.0);
    assert!(p["question"].as_str().unwrap().contains("合规审批"));
    let ranks: Vec<u64> = json["tasklog"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, (1..=ranks.len() as u64).collect::<Vec<_>>());
}

#[test]
fn the_map_has_the_six_departments_as_lanes() {
    let (_dir, json) = sample();
    let m = &json["tasklog"]["process_map"];
    let mut lanes: Vec<&str> = m["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(lanes[0], "客服部", "work starts at customer service");
    lanes.sort();
    assert_eq!(
        lanes,
        ["产品部", "客服部", "法务部", "测试部", "研发部", "运维部"]
    );
    assert!(m["coverage"]["share"].as_f64().unwrap() >= 0.9);
    assert!(!json["tasklog"]["wip"].as_array().unwrap().is_empty());
    assert!(
        json["tasklog"]["littles_law"]["difference"]
            .as_f64()
            .unwrap()
            < 0.2
    );
}

#[test]
fn the_report_shows_every_diagnosis_part() {
    let (dir, _) = sample();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report",
            "--tasks",
            "data/sample_tasklog.csv",
            "--out",
            "r.html",
            "--lang",
            "zh",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    for part in [
        "id=\"problems\"",
        "class=\"process-map\"",
        "class=\"heatmap\"",
        "class=\"wip\"",
        "id=\"ownership\"",
        "现状问题清单",
        "利特尔法则",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    let problems = html.find("id=\"problems\"").unwrap();
    assert!(
        problems < html.find("id=\"kpis\"").unwrap(),
        "the list comes first"
    );
}

#[test]
fn the_survey_sits_beside_the_log_by_department_and_by_perceived_bottleneck() {
    let dir = tempfile::tempdir().unwrap();
    procdiag::sample::write_full_sample(&dir.path().join("data"), "sample_tasklog", 600, 5)
        .unwrap();
    let analyze = |extra: &[&str]| -> Value {
        let out = Command::cargo_bin("procdiag")
            .unwrap()
            .args([
                "analyze",
                "--config",
                "data/procdiag.toml",
                "--format",
                "json",
            ])
            .args(extra)
            .current_dir(dir.path())
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let departments = |json: &Value| -> Vec<String> {
        json["survey_log"]["departments"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["department"].as_str().unwrap().to_string())
            .collect()
    };
    // 法务部 (3) is hidden, and 产品部, the smallest other department, so that 法务部
    // cannot be derived from the total: neither is shown beside the log, and 4
    // departments are too few for Spearman's ρ.
    let json = analyze(&[]);
    let s = &json["survey_log"];
    let names = departments(&json);
    for hidden in ["法务部", "产品部"] {
        assert!(
            !names.iter().any(|n| n == hidden),
            "a suppressed group is never shown beside the log: {names:?}"
        );
    }
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(s["departments"]["suppressed_groups"], 2);
    assert!(s["departments"]["correlations"]
        .as_array()
        .unwrap()
        .is_empty());
    // With a minimum of 3 every department is shown, with ρ.
    let three = analyze(&["--min-group", "3"]);
    let rows = three["survey_log"]["departments"]["rows"]
        .as_array()
        .unwrap();
    assert!(rows.len() >= 5, "{:?}", departments(&three));
    assert!(rows.iter().all(|r| r["respondents"].as_u64().unwrap() >= 3));
    assert!(!three["survey_log"]["departments"]["correlations"]
        .as_array()
        .unwrap()
        .is_empty());
    let p = &s["perceived"];
    assert_eq!(p["stages"][0]["stage"], "合规审批", "most votes: {p}");
    assert_eq!(p["stages"][0]["measured_rank"], 1);
    // 流程效率 scores below the middle of its 1–5 scale: a problem without hours.
    let problems = json["tasklog"]["problems"].as_array().unwrap();
    let low = problems
        .iter()
        .find(|p| p["kind"] == "survey_dimension")
        .unwrap();
    assert_eq!(low["where"]["dimension"], "流程效率");
    assert!(low["hours_lost"].is_null());
    assert!(low["evidence"]["score"]["mean"].as_f64().unwrap() < 3.0);
    let last_timed = problems
        .iter()
        .rposition(|p| !p["hours_lost"].is_null())
        .unwrap();
    assert!(
        low["rank"].as_u64().unwrap() as usize > last_timed,
        "after the time problems"
    );
}

#[test]
fn with_targets_the_problem_list_follows_the_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    procdiag::sample::write_full_sample(&dir.path().join("data"), "sample_tasklog", 600, 5)
        .unwrap();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report",
            "--config",
            "data/procdiag.toml",
            "--out",
            "r.html",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let at = |id: &str| {
        html.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert!(at("scorecard") < at("problems"));
    assert!(
        at("problems") < at("scorecard-detail"),
        "before the attribution and trends"
    );
    assert!(at("scorecard-detail") < at("kpis"));
}
