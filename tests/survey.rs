//! Survey statistics equal pingouin's and pandas' on the real bfi data (psych), and the
//! survey input works from the command line. Reference figures:
//! tests/reference/survey_figures.py → tests/reference/survey/*.json.

use std::path::PathBuf;

use procdiag::analysis::privacy::Anonymity;
use procdiag::analysis::reliability::Missing;
use procdiag::analysis::survey::{analyze_survey, SurveyAnalysis};
use procdiag::ingest::survey::{load, SurveyOptions};
use serde_json::Value;

fn reference(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/survey")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() < 1e-6,
        "{what}: procdiag {a} vs reference {b}"
    );
}

fn bfi(missing: Missing) -> Option<SurveyAnalysis> {
    let Ok(dir) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the bfi comparison");
        return None;
    };
    let p = PathBuf::from(dir).join("psych_bfi_pydataset.csv");
    assert!(p.exists(), "{} is missing", p.display());
    let dims = ["A", "C", "E", "N", "O"]
        .iter()
        .map(|d| (d.to_string(), (1..=5).map(|i| format!("{d}{i}")).collect()))
        .collect();
    let opts = SurveyOptions {
        scale: Some((1.0, 6.0)),
        dimensions: dims,
        reverse: ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]
            .map(String::from)
            .to_vec(),
        ..Default::default()
    };
    let (survey, _) = load(&p, &opts).unwrap();
    Some(analyze_survey(&survey, missing, Anonymity::default()))
}

#[test]
fn bfi_alpha_and_feldt_interval_equal_pingouin_pairwise_and_listwise() {
    let r = reference("psych_bfi.json");
    for (missing, key) in [
        (Missing::Pairwise, "pairwise"),
        (Missing::Listwise, "listwise"),
    ] {
        let Some(a) = bfi(missing) else { return };
        assert_eq!(a.respondents, 2800);
        for d in &a.dimensions {
            let want = &r["dimensions"][&d.name][key];
            close(
                d.alpha.unwrap(),
                want["alpha"].as_f64().unwrap(),
                &format!("{} α {key}", d.name),
            );
            let ci = d.alpha_ci95.unwrap();
            close(
                ci[0],
                want["ci_feldt_unrounded"][0].as_f64().unwrap(),
                "CI low",
            );
            close(
                ci[1],
                want["ci_feldt_unrounded"][1].as_f64().unwrap(),
                "CI high",
            );
            if missing == Missing::Listwise {
                let c = d.alpha_ci95_complete.unwrap();
                close(
                    c[0],
                    want["ci_feldt_unrounded_n_complete"][0].as_f64().unwrap(),
                    "CI(n complete)",
                );
                assert_eq!(d.n_complete as u64, want["n_alpha_rows"].as_u64().unwrap());
            }
            for it in &d.item_stats {
                let w = &r["dimensions"][&d.name]["item_stats"][&it.item];
                close(
                    it.r_drop.unwrap(),
                    w["r_drop"].as_f64().unwrap(),
                    &format!("{} r.drop", it.item),
                );
                assert!(!it.probably_reversed, "{} is declared reversed", it.item);
                if missing == Missing::Pairwise {
                    close(
                        it.alpha_if_dropped.unwrap(),
                        w["alpha_if_dropped"].as_f64().unwrap(),
                        "α if dropped",
                    );
                }
            }
        }
    }
}

#[test]
fn bfi_item_means_and_top2box_equal_pandas() {
    let r = reference("psych_bfi.json");
    let Some(a) = bfi(Missing::Pairwise) else {
        return;
    };
    assert_eq!(
        a.items.len(),
        25,
        "gender, education and age are attributes, not items"
    );
    for it in &a.items {
        let w = &r["items"][&it.item];
        assert_eq!(it.n as u64, w["n"].as_u64().unwrap(), "{}", it.item);
        close(it.mean.unwrap(), w["mean"].as_f64().unwrap(), "mean");
        close(it.sd.unwrap(), w["sd"].as_f64().unwrap(), "sd");
        close(
            it.ci95.unwrap()[0],
            w["mean_ci95"][0].as_f64().unwrap(),
            "mean CI",
        );
        close(
            it.top2box.unwrap(),
            w["top2_share"].as_f64().unwrap(),
            "top-2-box",
        );
        close(
            it.top2box_ci95.unwrap()[1],
            w["top2_wilson95"][1].as_f64().unwrap(),
            "Wilson",
        );
        let count6 = it.distribution.get("6").copied().unwrap_or(0) as u64;
        assert_eq!(count6, w["counts"]["6"].as_u64().unwrap());
    }
    let a1 = a.items.iter().find(|i| i.item == "A1").unwrap();
    assert!(a1.reversed, "reversed items are flagged, not flipped");
}

#[test]
fn a_reverse_keyed_item_left_undeclared_is_flagged() {
    let Some(_) = bfi(Missing::Pairwise) else {
        return;
    };
    let dir = std::env::var("PROCDIAG_REAL_DATA").unwrap();
    let p = PathBuf::from(dir).join("psych_bfi_pydataset.csv");
    let opts = SurveyOptions {
        scale: Some((1.0, 6.0)),
        dimensions: vec![("A".into(), (1..=5).map(|i| format!("A{i}")).collect())],
        ..Default::default()
    };
    let (survey, _) = load(&p, &opts).unwrap();
    let a = analyze_survey(&survey, Missing::Pairwise, Anonymity::default());
    let flagged: Vec<&str> = a.dimensions[0]
        .item_stats
        .iter()
        .filter(|i| i.probably_reversed)
        .map(|i| i.item.as_str())
        .collect();
    assert_eq!(flagged, ["A1"]);
}

#[test]
fn likert_labels_in_chinese_personal_columns_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("staff.csv");
    std::fs::write(
        &p,
        "序号,姓名,部门,流程效率,沟通满意度,推荐意愿\n\
         1,张三,研发部,非常满意,满意,9\n\
         2,李四,测试部,一般,不满意,6\n\
         3,王五,研发部,满意,不适用,10\n\
         4,赵六,法务部,不满意,一般,7\n\
         5,钱七,测试部,非常不满意,满意,8\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--survey",
            p.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &json["survey"];
    assert_eq!(s["respondents"], 5);
    assert_eq!(s["personal_columns_left_out"][0], "姓名");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("张三"),
        "names never reach outputs"
    );
    let items = s["items"].as_array().unwrap();
    let eff = items.iter().find(|i| i["item"] == "流程效率").unwrap();
    assert_eq!(eff["mean"].as_f64().unwrap(), 3.0); // 5, 3, 4, 2, 1
    assert_eq!(eff["scale_family"], "satisfaction (zh)");
    assert_eq!(eff["scale_levels"][0]["label"], "非常不满意");
    let comm = items.iter().find(|i| i["item"] == "沟通满意度").unwrap();
    assert_eq!(
        (comm["n"].as_u64(), comm["not_applicable"].as_u64()),
        (Some(4), Some(1))
    );
    // Its four answers fit 5 or 7 points; the settled column beside it has 5.
    assert_eq!(comm["scale_points"], 5);
    assert_eq!(comm["assumptions"][0]["kind"], "shared_scale");
    assert_eq!(comm["assumptions"][0]["with"][0], "流程效率");
    let nps = items.iter().find(|i| i["item"] == "推荐意愿").unwrap();
    // 9, 6, 10, 7, 8 → promoters 2, detractors 1 of 5 → NPS 20.
    assert_eq!(nps["nps"]["nps"].as_f64().unwrap(), 20.0);
}

#[test]
fn toronto_windows_1252_survey_has_both_likert_matrices_with_manual_counts() {
    let Ok(dir) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the Toronto survey");
        return;
    };
    let p = PathBuf::from(dir).join("toronto_public_engagement_survey.csv");
    assert!(p.exists(), "{} is missing", p.display());
    let (survey, summary) = load(&p, &SurveyOptions::default()).unwrap();
    assert_eq!(summary.encoding.as_deref(), Some("windows-1252"));
    let a = analyze_survey(&survey, Missing::Pairwise, Anonymity::default());
    assert_eq!(a.respondents, 962);
    let dims: Vec<(&str, usize)> = a
        .dimensions
        .iter()
        .map(|d| (d.name.as_str(), d.items.len()))
        .collect();
    assert_eq!(
        dims,
        [("Q3", 12), ("Q7", 11)],
        "matrices 3.1–3.12 and 7.1–7.11"
    );
    // Manual counts (tests/reference/survey/toronto.json): strongly disagree … strongly agree.
    let counts = |prefix: &str| -> Vec<usize> {
        let it = a.items.iter().find(|i| i.item.starts_with(prefix)).unwrap();
        it.distribution.values().copied().collect()
    };
    assert_eq!(counts("3.1. "), [111, 170, 250, 163, 13]);
    assert_eq!(counts("7.1. "), [433, 179, 63, 38, 31]);
    // Checkbox blocks (a 1 when ticked) are not rating items but multi-select questions.
    assert!(a.items.iter().all(|i| !i.item.starts_with("1.1. ")));
    let q1 = a.multi_selects.iter().find(|m| m.question == "Q1").unwrap();
    let survey_opt = q1
        .options
        .iter()
        .find(|o| o.option.starts_with("Completed a City survey"))
        .unwrap();
    assert_eq!(survey_opt.count, 533, "column 1.6 holds 533 ticks");
    assert!(
        q1.other_texts > 0,
        "1.x \"Other, please specify\" texts are kept"
    );
}

#[test]
fn the_report_shows_the_survey_and_escapes_what_came_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.csv");
    std::fs::write(
        &p,
        "ID,<script>alert(1)</script>,Q2,Comment\n\
         1,Agree,Strongly agree,<script>alert(2)</script>\n\
         2,Disagree,Agree,fine\n\
         3,Strongly agree,Neutral,ok so far\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report",
            "--survey",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("Survey"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "item names are escaped"
    );
    assert!(
        html.contains("&lt;script&gt;alert(2)&lt;&#x2f;script&gt;"),
        "an answer is shown as text"
    );
    assert_eq!(
        html.matches("<script").count(),
        1,
        "the report's own script only"
    );
    assert!(
        !html.contains("<script>alert"),
        "nothing from the input runs"
    );
}

#[test]
fn r_missing_markers_are_missing_not_no_opinion() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.csv");
    std::fs::write(&p, "id,q1,q2\n1,1,NA\n2,3,N/A\n3,5,4\n4,2,2\n5,4,5\n").unwrap();
    let (survey, _) = load(&p, &SurveyOptions::default()).unwrap();
    let q2 = survey.items.iter().find(|i| i.code == "q2").unwrap();
    assert_eq!(
        (q2.not_applicable, q2.invalid),
        (1, 0),
        "N/A is no opinion; NA is just missing"
    );
}

#[test]
fn a_chinese_survey_alone_gets_a_chinese_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.csv");
    std::fs::write(
        &p,
        "序号,流程效率,沟通满意度\n1,满意,一般\n2,非常满意,满意\n3,一般,不满意\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report",
            "--survey",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("问卷") && html.contains("流程效率"));
}

#[test]
fn groups_smaller_than_five_are_suppressed_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.csv");
    let mut text = String::from("部门,Q1.1,Q1.2\n");
    for (dept, a, b) in [
        ("研发部", "满意", "满意"),
        ("研发部", "非常满意", "满意"),
        ("研发部", "一般", "不满意"),
        ("研发部", "满意", "一般"),
        ("研发部", "满意", "满意"),
        ("法务部", "非常不满意", "不满意"),
        ("法务部", "不满意", "非常不满意"),
    ] {
        text.push_str(&format!("{dept},{a},{b}\n"));
    }
    // 测试部 (5) is shown; 客服部 (3) is hidden, and with 法务部 (2) leaves 5 outside
    // the groups shown: exactly the minimum, so nothing more is hidden.
    for (dept, n) in [("测试部", 5), ("客服部", 3)] {
        for _ in 0..n {
            text.push_str(&format!("{dept},满意,一般\n"));
        }
    }
    std::fs::write(&p, text).unwrap();
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--survey",
            p.to_str().unwrap(),
            "--group",
            "部门",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = json["survey"]["groups"].as_array().unwrap();
    let g = |v: &str| groups.iter().find(|g| g["value"] == v).unwrap().clone();
    let rd = g("研发部");
    assert_eq!(
        (rd["n"].as_u64(), rd["suppressed"].as_bool()),
        (Some(5), Some(false))
    );
    // Q1 (matrix of Q1.1, Q1.2): respondent means 4, 4.5, 2.5, 3.5, 4 → 3.7.
    assert!((rd["dimensions"]["Q1"].as_f64().unwrap() - 3.7).abs() < 1e-12);
    let legal = g("法务部");
    assert_eq!(
        (legal["n"].as_u64(), legal["suppressed"].as_bool()),
        (Some(2), Some(true))
    );
    assert!(legal["dimensions"].as_object().unwrap().is_empty());
    assert!(legal["items"].as_object().unwrap().is_empty());
    let bad = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--survey",
            p.to_str().unwrap(),
            "--group",
            "科室",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("there is no column '科室'"));
}

#[test]
fn personal_columns_appear_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.csv");
    std::fs::write(
        &p,
        "序号,姓名,流程效率,意见\n1,张三,满意,审批太慢\n2,李四,一般,流程复杂\n3,王五,满意,\n",
    )
    .unwrap();
    let run = |extra: &[&str]| -> Value {
        let out = assert_cmd::Command::cargo_bin("procdiag")
            .unwrap()
            .args([
                "analyze",
                "--format",
                "json",
                "--survey",
                p.to_str().unwrap(),
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let plain = run(&[]);
    assert!(!plain.to_string().contains("张三"));
    let open = &plain["survey"]["open_text"][0];
    assert_eq!(open["answers"], serde_json::json!(["审批太慢", "流程复杂"]));
    assert!(open.get("answered_by").is_none());
    let kept = run(&["--include-personal"]);
    let open = &kept["survey"]["open_text"][0];
    assert_eq!(open["answered_by"], serde_json::json!(["张三", "李四"]));
}
