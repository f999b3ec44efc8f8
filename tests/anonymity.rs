//! Anonymity that survives subtraction: from the figures of the JSON document alone, no
//! hidden group's score can be computed. For every breakdown (waves included), every
//! KPI period and the before/after comparison, and for every dimension and item, the
//! overall n·mean minus the shown parts' n·mean leaves the respondents outside the parts
//! shown; they must number 0 or at least the minimum group size. Checked on the sample,
//! on hand-made surveys with skipped questions and unnamed departments, and the checker
//! itself on a document that leaks. Also: filtered survey targets, open-text answers,
//! and the report's sentence.

use std::path::Path;

use serde_json::{json, Value};

fn procdiag() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("procdiag").unwrap()
}

fn run_json(dir: &Path, args: &[&str]) -> Value {
    let out = procdiag()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sample() -> Value {
    run_json(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["analyze", "--config", "data/procdiag.toml"],
    )
}

/// A figure's n and value, when both are there.
fn part(n: &Value, x: &Value) -> Option<(f64, f64)> {
    Some((n.as_f64()?, x.as_f64()?))
}

/// What subtraction leaves of `total` once the `parts` shown are taken away; a message
/// when it is derivable (1 to min − 1 respondents) or the n do not add up.
fn remainder(what: &str, total: (f64, f64), parts: &[(f64, f64)], min: f64) -> Option<String> {
    let n = total.0 - parts.iter().map(|p| p.0).sum::<f64>();
    let sum = total.0 * total.1 - parts.iter().map(|p| p.0 * p.1).sum::<f64>();
    if n.abs() < 0.5 {
        return (sum.abs() > 1e-6).then(|| format!("{what}: no one left, yet Σ = {sum}"));
    }
    if n < 0.0 {
        return Some(format!("{what}: the parts hold more than the total ({n})"));
    }
    (n < min).then(|| {
        format!(
            "{what}: {n} respondents outside the parts shown, their mean {:.4} derivable",
            sum / n
        )
    })
}

/// Overall (n, value) of every dimension and item: `dimension:NAME`, `item:CODE`, and
/// `top2box:CODE`, `nps:CODE` for the targets' other statistics.
fn totals(j: &Value) -> Vec<(String, (f64, f64))> {
    let s = &j["survey"];
    let mut out = Vec::new();
    for d in s["dimensions"].as_array().into_iter().flatten() {
        if let Some(p) = part(&d["n"], &d["mean"]) {
            out.push((format!("dimension:{}", d["name"].as_str().unwrap()), p));
        }
    }
    for i in s["items"].as_array().into_iter().flatten() {
        let code = i["item"].as_str().unwrap();
        for (kind, x) in [
            ("item", &i["mean"]),
            ("top2box", &i["top2box"]),
            ("nps", &i["nps"]["nps"]),
        ] {
            if let Some(p) = part(&i["n"], x) {
                out.push((format!("{kind}:{code}"), p));
            }
        }
    }
    out
}

/// The figure key of a survey target with no group filter (`survey.mean[dimension=D]`
/// → `dimension:D`); `None` for others.
fn target_key(metric: &str) -> Option<String> {
    let rest = metric.strip_prefix("survey.")?;
    let (stat, filter) = rest.split_once('[')?;
    let (k, v) = filter.strip_suffix(']')?.split_once('=')?;
    if v.contains(',') {
        return None;
    }
    Some(match (stat, k) {
        ("mean", "dimension") => format!("dimension:{v}"),
        ("mean", "item") => format!("item:{v}"),
        ("top2box", "item") => format!("top2box:{v}"),
        ("nps", "item") => format!("nps:{v}"),
        _ => return None,
    })
}

/// The parts of one figure (`key`) one partition (`by`) shows, as (n, value).
struct Partition {
    by: String,
    key: String,
    parts: Vec<(f64, f64)>,
}

/// Per figure key, the parts each partition shows: breakdowns by column, the KPI
/// periods, and the before/after pair.
fn partitions(j: &Value) -> Vec<Partition> {
    let mut out: Vec<Partition> = Vec::new();
    let mut add = |by: String, key: String, p: Option<(f64, f64)>| {
        let i = match out.iter().position(|x| x.by == by && x.key == key) {
            Some(i) => i,
            None => {
                out.push(Partition {
                    by,
                    key,
                    parts: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[i].parts.extend(p);
    };
    for g in j["survey"]["groups"].as_array().into_iter().flatten() {
        let by = format!("breakdown {}", g["by"].as_str().unwrap());
        for (kind, means, ns) in [
            ("dimension", "dimensions", "dimension_n"),
            ("item", "items", "item_n"),
        ] {
            for (k, x) in g[means].as_object().into_iter().flatten() {
                add(by.clone(), format!("{kind}:{k}"), part(&g[ns][k], x));
            }
        }
    }
    for p in j["kpi_periods"].as_array().into_iter().flatten() {
        if !p["by"].is_null() {
            continue;
        }
        for (d, x) in p["satisfaction"].as_object().into_iter().flatten() {
            add(
                "KPI periods".into(),
                format!("dimension:{d}"),
                part(&p["satisfaction_n"][d], x),
            );
        }
        for t in p["targets"].as_array().into_iter().flatten() {
            if let Some(key) = target_key(t["metric"].as_str().unwrap()) {
                add(
                    format!("KPI periods ({})", t["metric"]),
                    key,
                    part(&t["n"], &t["value"]),
                );
            }
        }
    }
    for t in j["improvement"].as_array().into_iter().flatten() {
        if let Some(key) = target_key(t["metric"].as_str().unwrap()) {
            let by = format!("before/after ({})", t["metric"]);
            add(
                by.clone(),
                key.clone(),
                part(&t["n_baseline"], &t["baseline"]),
            );
            add(by, key, part(&t["n_current"], &t["current"]));
        }
    }
    out
}

/// Every way the document lets a hidden group's score be computed, and every shown part
/// resting on fewer than the minimum.
fn derivable(j: &Value) -> Vec<String> {
    let min = j["survey"]["min_group"].as_f64().unwrap();
    let totals = totals(j);
    let mut found = Vec::new();
    for Partition { by, key, parts } in partitions(j) {
        let Some((_, total)) = totals.iter().find(|(k, _)| *k == key) else {
            found.push(format!("{by} {key}: no overall figure"));
            continue;
        };
        let what = format!("{by} {key}");
        found.extend(
            parts
                .iter()
                .filter(|p| p.0 < min)
                .map(|p| format!("{what}: a part of {}", p.0)),
        );
        found.extend(remainder(&what, *total, &parts, min));
    }
    found
}

#[test]
fn the_checker_finds_a_group_given_away_by_subtraction() {
    // Overall 9 respondents, mean 3; 研发部 (5, mean 3.4) shown, 法务部 (4) hidden:
    // 9·3 − 5·3.4 = 10 over 4 respondents, mean 2.5 — 法务部's.
    let leaky = json!({
        "survey": {
            "min_group": 5,
            "dimensions": [{"name": "D", "n": 9, "mean": 3.0}],
            "items": [],
            "groups": [
                {"by": "部门", "value": "研发部", "n": 5, "suppressed": false,
                 "dimensions": {"D": 3.4}, "dimension_n": {"D": 5}, "items": {}, "item_n": {}},
                {"by": "部门", "value": "法务部", "n": 4, "suppressed": true,
                 "dimensions": {}, "dimension_n": {}, "items": {}, "item_n": {}}
            ]
        },
        "kpi_periods": [], "improvement": []
    });
    let found = derivable(&leaky);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("mean 2.5000 derivable"), "{found:?}");
}

#[test]
fn the_sample_gives_no_hidden_group_away_by_subtraction() {
    let j = sample();
    let found = derivable(&j);
    assert!(found.is_empty(), "{found:#?}");
    // What is checked: two breakdowns (department, wave), the KPI periods and the
    // before/after targets.
    let parts = partitions(&j);
    for by in [
        "breakdown Q1",
        "breakdown file",
        "KPI periods",
        "before/after",
    ] {
        assert!(
            parts.iter().any(|p| p.by.starts_with(by)),
            "{by} not checked"
        );
    }
    // 法务部 (3) is hidden for its size, and 产品部 (57), the smallest other
    // department, so that 法务部 cannot be derived from the total.
    let groups = j["survey"]["groups"].as_array().unwrap();
    let g = |v: &str| groups.iter().find(|g| g["value"] == v).unwrap();
    assert_eq!(g("法务部")["suppressed_reason"], "below_minimum");
    assert_eq!(g("产品部")["suppressed_reason"], "protects");
    assert_eq!(g("产品部")["protects"], json!(["法务部"]));
    let shown: Vec<&str> = groups
        .iter()
        .filter(|g| g["by"] == "Q1" && g["suppressed"] == false)
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["客服部", "测试部", "研发部", "运维部"]);
}

#[test]
fn the_report_says_which_group_is_hidden_to_protect_which() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (lang, sentence, rule) in [
        (
            "en",
            "产品部 also hidden so that 法务部 cannot be derived",
            "so that no hidden group can be derived",
        ),
        (
            "zh",
            "为防止推算出法务部，产品部也已隐藏",
            "使任何被隐藏的分组都无法用总数减去已显示分组推算出来",
        ),
    ] {
        let out = dir.path().join(format!("{lang}.html"));
        procdiag()
            .current_dir(root)
            .args([
                "report",
                "--config",
                "data/procdiag.toml",
                "--lang",
                lang,
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.contains(sentence), "{lang}: no “{sentence}”");
        assert!(html.contains(rule), "{lang}: the rule is not explained");
    }
}

/// A plain survey: a department (empty for some), a two-item matrix Q1 whose second
/// row some skip, and an open question. `(department, n, skip Q1.2)` per block.
fn write_survey(dir: &Path, blocks: &[(&str, usize, bool)]) {
    let levels = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
    let mut text = String::from("部门,Q1.1,Q1.2,意见\n");
    let mut r = 0;
    for (dept, n, skip) in blocks {
        for _ in 0..*n {
            let second = if *skip { "" } else { levels[(r + 2) % 5] };
            let remark = format!("第{r}条意见：审批环节太慢");
            text.push_str(&format!("{dept},{},{second},{remark}\n", levels[r % 5]));
            r += 1;
        }
    }
    std::fs::write(dir.join("s.csv"), text).unwrap();
}

#[test]
fn skipped_questions_and_unnamed_departments_give_nothing_away() {
    let dir = tempfile::tempdir().unwrap();
    // 研发部 10, 测试部 8 (3 of them skip Q1.2), 客服部 6, and 2 respondents with no
    // department: 26 in all. By respondents, 26 − 10 − 8 − 6 = 2 are outside every
    // group → the smallest group, 客服部 (6), is hidden too: 8 outside.
    // Q1.2: 研发部 10, 测试部 5, 客服部 6 (hidden), none 2: 26 − 3 = 23 answered;
    // outside the groups shown 23 − 10 − 5 = 8 ≥ 5.
    write_survey(
        dir.path(),
        &[
            ("研发部", 10, false),
            ("测试部", 5, false),
            ("测试部", 3, true),
            ("客服部", 6, false),
            ("", 2, false),
        ],
    );
    let j = run_json(
        dir.path(),
        &["analyze", "--survey", "s.csv", "--group", "部门"],
    );
    assert!(derivable(&j).is_empty(), "{:#?}", derivable(&j));
    let groups = j["survey"]["groups"].as_array().unwrap();
    let g = |v: &str| groups.iter().find(|g| g["value"] == v).unwrap();
    assert_eq!(
        g("客服部")["suppressed_reason"],
        "protects",
        "{}",
        g("客服部")
    );
    assert_eq!(g("客服部")["protects_no_value"], true);
    assert_eq!(g("测试部")["item_n"], json!({"Q1.1": 8, "Q1.2": 5}));
    // With 4 of 测试部 skipping Q1.2, its Q1.2 rests on 4 answers: left out of 测试部
    // alone; Q1.2 outside the groups shown is then 4 + 6 + 2 = 12.
    write_survey(
        dir.path(),
        &[
            ("研发部", 10, false),
            ("测试部", 4, false),
            ("测试部", 4, true),
            ("客服部", 6, false),
            ("", 2, false),
        ],
    );
    let j = run_json(
        dir.path(),
        &["analyze", "--survey", "s.csv", "--group", "部门"],
    );
    assert!(derivable(&j).is_empty(), "{:#?}", derivable(&j));
    let groups = j["survey"]["groups"].as_array().unwrap();
    let test = groups.iter().find(|g| g["value"] == "测试部").unwrap();
    assert_eq!(test["suppressed"], false);
    assert_eq!(test["too_few_answers"], json!(["Q1.2"]));
    assert_eq!(test["item_n"], json!({"Q1.1": 8}));
}

#[test]
fn open_answers_never_name_a_hidden_group() {
    let dir = tempfile::tempdir().unwrap();
    write_survey(dir.path(), &[("研发部", 6, false), ("法务部", 2, false)]);
    let j = run_json(
        dir.path(),
        &["analyze", "--survey", "s.csv", "--group", "部门"],
    );
    let open = &j["survey"]["open_text"][0];
    assert_eq!(open["n"], 8);
    assert!(open.get("answered_by").is_none(), "{open}");
    // A kept personal column used as a breakdown names only groups that are shown:
    // every name is a group of one, hidden.
    let mut text = String::from("姓名,Q1.1,意见\n");
    for (r, name) in ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("{name},同意,第{r}条意见：流程太复杂\n"));
    }
    std::fs::write(dir.path().join("p.csv"), text).unwrap();
    let j = run_json(
        dir.path(),
        &[
            "analyze",
            "--survey",
            "p.csv",
            "--include-personal",
            "--group",
            "姓名",
        ],
    );
    assert!(
        !j["survey"]["open_text"].to_string().contains("张三"),
        "{}",
        j["survey"]["open_text"]
    );
}

/// A one-case-per-quarter task log, and a 问卷星 survey whose department question (Q2)
/// has 研发部 3 in May and 7 in August, 测试部 6 in each.
fn write_kpi_inputs(dir: &Path) {
    let mut log = String::from("工单号,环节,开始时间,完成时间\n");
    for (i, m) in ["02", "05", "08", "11"].iter().enumerate() {
        log.push_str(&format!("C{i},受理,2024-{m}-01 09:00,2024-{m}-01 10:00\n"));
        log.push_str(&format!("C{i},处理,2024-{m}-02 09:00,2024-{m}-03 10:00\n"));
    }
    std::fs::write(dir.join("log.csv"), log).unwrap();
    let levels = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
    let mut s = String::from(
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、(沟通顺畅),1、(信息及时),2、您所在的部门\n",
    );
    let blocks = [
        ("05", "研发部", 3),
        ("05", "测试部", 6),
        ("08", "研发部", 7),
        ("08", "测试部", 6),
    ];
    let mut r = 0;
    for (month, dept, n) in blocks {
        for _ in 0..n {
            s.push_str(&format!(
                "{},2024/{month}/10 10:00:00,100秒,链接,直接访问,10.0.0.{r},{},{},{dept}\n",
                r + 1,
                levels[r % 5],
                levels[(r + 3) % 5]
            ));
            r += 1;
        }
    }
    std::fs::write(dir.join("survey.csv"), s).unwrap();
}

fn kpi_target<'a>(j: &'a Value, period: &str, metric: &str) -> &'a Value {
    j["kpi_periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == period && p["by"].is_null())
        .and_then(|p| {
            p["targets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["metric"] == metric)
        })
        .unwrap()
}

#[test]
fn a_target_filtered_on_a_group_hides_the_periods_that_would_give_one_away() {
    let dir = tempfile::tempdir().unwrap();
    write_kpi_inputs(dir.path());
    let rd = "survey.mean[item=Q1_1,Q2=研发部]";
    let all = "survey.mean[item=Q1_1]";
    let j = run_json(
        dir.path(),
        &[
            "analyze",
            "--tasks",
            "log.csv",
            "--survey",
            "survey.csv",
            "--group",
            "Q2",
            "--split",
            "2024-07-01",
            "--target",
            &format!("{rd}=+0.3pt"),
            "--target",
            &format!("{all}=+0.3pt"),
        ],
    );
    assert!(derivable(&j).is_empty(), "{:#?}", derivable(&j));
    // 研发部 is shown in the breakdown (10), but in Q2 it has 3 respondents: hidden;
    // Q3's 7 are then 研发部's 10 minus Q2's 3, so Q3 is hidden too.
    for q in ["2024Q2", "2024Q3"] {
        let t = kpi_target(&j, q, rd);
        assert!(t["value"].is_null() && t["n"] == 0, "{q}: {t}");
    }
    // Everyone's Q1_1 is shown in both quarters (9 and 13 answers).
    assert_eq!(kpi_target(&j, "2024Q2", all)["n"], 9);
    assert_eq!(kpi_target(&j, "2024Q3", all)["n"], 13);
    let imp = j["improvement"].as_array().unwrap();
    let target = imp.iter().find(|t| t["metric"] == rd).unwrap();
    assert!(
        target["baseline"].is_null() && target["current"].is_null(),
        "{target}"
    );
    assert_eq!(target["no_data"]["reason"], "suppressed", "{target}");
}

/// Two waves of a plain survey: per wave 研发部 6, 测试部 5, 法务部 2.
fn write_waves(dir: &Path) {
    for wave in ["wave1", "wave2"] {
        let mut text = String::from("部门,q1,q2\n");
        for (r, dept) in ["研发部"; 6]
            .iter()
            .chain(&["测试部"; 5])
            .chain(&["法务部"; 2])
            .enumerate()
        {
            text.push_str(&format!("{dept},{},{}\n", r % 5 + 1, (r + 1) % 5 + 1));
        }
        std::fs::write(dir.join(format!("{wave}.csv")), text).unwrap();
    }
}

#[test]
fn a_target_on_a_group_hidden_to_protect_another_shows_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_waves(dir.path());
    let targets = [
        "survey.mean[dimension=D,部门=测试部]",
        "survey.mean[dimension=D,部门=研发部]",
        "survey.mean[dimension=D,部门=研发部,file=wave1]",
    ];
    let mut args = vec![
        "analyze",
        "--survey",
        "wave1.csv",
        "--survey",
        "wave2.csv",
        "--dimension",
        "D=q1,q2",
        "--group",
        "部门",
        "--split",
        "2024-07-01",
    ];
    let goals: Vec<String> = targets.iter().map(|t| format!("{t}=+0.3pt")).collect();
    for g in &goals {
        args.extend(["--target", g]);
    }
    let j = run_json(dir.path(), &args);
    assert!(derivable(&j).is_empty(), "{:#?}", derivable(&j));
    let imp = j["improvement"].as_array().unwrap();
    let target = |m: &str| imp.iter().find(|t| t["metric"] == m).unwrap();
    // 法务部 (4) is hidden; 26 − 12 − 10 = 4 → 测试部 (10) is hidden to protect it, and
    // so is any target on 测试部.
    let test = target(targets[0]);
    assert!(test["baseline"].is_null(), "{test}");
    assert_eq!(test["no_data"]["reason"], "derivable", "{test}");
    // 研发部 (12: 6 per wave) is shown, before and after.
    let rd = target(targets[1]);
    assert_eq!(
        (rd["n_baseline"].as_u64(), rd["n_current"].as_u64()),
        (Some(6), Some(6)),
        "{rd}"
    );
    // Filtered on two breakdowns at once: never shown.
    let crossed = target(targets[2]);
    assert_eq!(crossed["no_data"]["reason"], "crossed_groups", "{crossed}");
}
