//! procdiag.toml from the command line: the sample's config is what `procdiag report`
//! with no arguments reads (so the default report has the survey section), a config
//! file sets inputs, scales and dimensions, flags win over it, and mistakes in it are
//! named with their line.

use assert_cmd::Command;
use serde_json::Value;

fn procdiag() -> Command {
    Command::cargo_bin("procdiag").unwrap()
}

fn full_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    procdiag::sample::write_full_sample(&dir.path().join("data"), "sample_tasklog", 200, 5)
        .unwrap();
    dir
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn report_without_arguments_reads_data_procdiag_toml_and_shows_the_survey() {
    let dir = full_sample();
    procdiag()
        .arg("report")
        .current_dir(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("reports/diagnosis.html")).unwrap();
    for want in [
        "流程效率",
        "沟通满意度",
        "职责清晰度",
        "问卷星",
        "合规审批",
        "已隐藏",
    ] {
        assert!(html.contains(want), "the default report shows {want}");
    }
    let json = json_of(
        &procdiag()
            .args(["analyze", "--format", "json"])
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    let s = &json["survey"];
    assert_eq!(s["respondents"], 360);
    let dims: Vec<&str> = s["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(dims, ["流程效率", "沟通满意度", "职责清晰度"]);
    assert_eq!(s["dimensions"][0]["reversed"][0], "Q3_4");
    assert_eq!(s["dimensions"][0]["items"].as_array().unwrap().len(), 4);
    let groups = s["groups"].as_array().unwrap();
    let legal = groups.iter().find(|g| g["value"] == "法务部").unwrap();
    assert_eq!(
        legal["suppressed"], true,
        "法务部 has fewer than 5 respondents"
    );
    assert!(
        groups.iter().any(|g| g["by"] == "file"),
        "each file is a wave"
    );
    // Wave 2 was built better on 流程效率.
    let wave = |w: &str| {
        groups.iter().find(|g| g["value"] == w).unwrap()["dimensions"]["流程效率"]
            .as_f64()
            .unwrap()
    };
    assert!(wave("sample_survey_wave2") > wave("sample_survey_wave1") + 0.4);
    // Personal data (IP addresses, phone numbers) never reaches the output.
    let text = serde_json::to_string(&json).unwrap();
    assert!(!text.contains("(上海-上海)"), "IP addresses are left out");
    assert!(
        s["personal_columns_left_out"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("手机号")),
        "the phone question is recognised as personal"
    );
    assert_eq!(json["inputs"].as_array().unwrap().len(), 3);
}

#[test]
fn a_config_file_sets_the_survey_its_scale_and_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/speed.csv"),
        "id,审批速度,流转速度,备注\n1,很慢,较慢,a\n2,较快,很快,b\n3,一般,没接触过,c\n4,很快,较快,d\n",
    )
    .unwrap();
    let config = dir.path().join("in/procdiag.toml");
    std::fs::write(
        &config,
        "# a survey on its own\n[survey]\nfiles = \"speed.csv\"\nnot_applicable = [\"没接触过\"]\n\n[[survey.scales]]\nname = \"速度\"\nlevels = [\"很慢\", \"较慢\", \"一般\", \"较快\", \"很快\"]\n\n[survey.dimensions]\n\"速度\" = [\"审批速度\", \"流转速度\"]\n",
    )
    .unwrap();
    let json = json_of(
        &procdiag()
            .args(["analyze", "--format", "json", "--config"])
            .arg(&config)
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    let items = json["survey"]["items"].as_array().unwrap();
    let a = items.iter().find(|i| i["item"] == "审批速度").unwrap();
    assert_eq!(a["mean"].as_f64().unwrap(), 3.25); // 1, 4, 3, 5
    let b = items.iter().find(|i| i["item"] == "流转速度").unwrap();
    assert_eq!(
        (b["n"].as_u64(), b["not_applicable"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(json["survey"]["dimensions"][0]["name"], "速度");
    assert!(json["tasklog"].is_null(), "no task log was named");
}

#[test]
fn flags_win_over_the_config_file() {
    let dir = full_sample();
    std::fs::write(
        dir.path().join("other.csv"),
        "id,q1,q2\n1,1,2\n2,3,4\n3,5,5\n4,2,2\n",
    )
    .unwrap();
    let json = json_of(
        &procdiag()
            .args([
                "analyze",
                "--format",
                "json",
                "--config",
                "data/procdiag.toml",
            ])
            .args(["--survey", "other.csv", "--dimension", "Q=q1,q2"])
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(json["survey"]["respondents"], 4);
    assert_eq!(json["survey"]["dimensions"][0]["name"], "Q");
    assert!(
        json["tasklog"].is_object(),
        "the config's task log still applies"
    );
}

#[test]
fn mistakes_in_the_config_file_are_named_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("procdiag.toml");
    std::fs::write(&config, "[survey]\nfiles = \"s.csv\"\nscael = \"1-5\"\n").unwrap();
    let out = procdiag()
        .args(["analyze", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("procdiag.toml") && err.contains("line 3") && err.contains("scael"),
        "{err}"
    );
    std::fs::write(
        &config,
        "[survey]\nfiles = \"s.csv\"\nmin_group = \"five\"\n",
    )
    .unwrap();
    let out = procdiag()
        .args(["analyze", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("min_group"), "{err}");
}

#[test]
fn a_dimension_naming_an_unknown_item_lists_the_items() {
    let dir = full_sample();
    let out = procdiag()
        .args(["analyze", "--survey", "data/sample_survey_wave1.xlsx"])
        .args(["--dimension", "X=Q3_1,Q99"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no item 'Q99'") && err.contains("Q3_1, Q3_2"),
        "{err}"
    );
}

#[test]
fn inspect_honours_procdiag_toml_as_report_does() {
    let dir = tempfile::tempdir().unwrap();
    let log = "ref_no,what,t0,t1\n\
               A1,intake,2024-03-01 09:00,2024-03-01 10:00\n\
               A1,review,2024-03-01 11:00,2024-03-02 10:00\n\
               A2,intake,2024-03-04 09:00,2024-03-04 09:30\n";
    std::fs::write(dir.path().join("log.csv"), log).unwrap();
    std::fs::write(dir.path().join("other.csv"), log).unwrap();
    std::fs::write(
        dir.path().join("procdiag.toml"),
        "[tasks]\nfile = \"log.csv\"\n\n[tasks.columns]\ncase = \"ref_no\"\nstage = \"what\"\n\
         start = \"t0\"\nend = \"t1\"\n",
    )
    .unwrap();
    let report = json_of(
        &procdiag()
            .current_dir(dir.path())
            .args(["analyze", "--format", "json"])
            .output()
            .unwrap(),
    );
    let mapped = &report["inputs"][0]["columns"];
    assert_eq!(
        (mapped["case"].as_str(), mapped["stage"].as_str()),
        (Some("ref_no"), Some("what"))
    );
    let inspect = json_of(
        &procdiag()
            .current_dir(dir.path())
            .args(["inspect", "log.csv", "--format", "json"])
            .output()
            .unwrap(),
    );
    let role = |header: &str| -> Value {
        inspect["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["header"] == header)
            .unwrap()["role"]
            .clone()
    };
    assert_eq!(
        (role("ref_no"), role("what"), role("t0"), role("t1")),
        ("case".into(), "stage".into(), "start".into(), "end".into())
    );
    assert_eq!(
        inspect["input"]["rows_used"],
        report["inputs"][0]["rows_used"]
    );
    assert_eq!(inspect["error"], Value::Null);
    // Another file is not described by the config's [tasks] section: inspect says it
    // cannot be read as a task log without a mapping.
    let other = procdiag()
        .current_dir(dir.path())
        .args(["inspect", "other.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(!other.status.success());
    let other: Value = serde_json::from_slice(&other.stdout).unwrap();
    assert!(other["error"].as_str().unwrap().contains("--map case="));
}
