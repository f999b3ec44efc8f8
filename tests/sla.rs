//! Service-level clocks on China's business calendar, on a generated log across the
//! 2024 Spring Festival (Feb 10–17 off, Sundays Feb 4 and Feb 18 worked) and National
//! Day (Oct 1–7 off, Sunday Sep 29 and Saturday Oct 12 worked). Every figure below is
//! computed by hand in the comments (working hours 09:00–12:00 and 13:30–18:00, 7.5 h a
//! day, Asia/Shanghai).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Eight cases. 受理 → 评审 → 处理 (C5 waits for the customer between 评审 and 处理);
/// C6 and C7 are still waiting for 评审 at the end of the data (Mon Oct 14 17:00); C8
/// needs no 评审 (受理 → 处理).
const LOG: &str = "\
工单号,环节,责任部门,开始时间,完成时间,优先级
C1,受理,客服部,2024-09-27 15:00,2024-09-27 16:00,普通
C1,评审,产品部,2024-10-08 10:00,2024-10-08 11:00,普通
C1,处理,研发部,2024-10-08 13:30,2024-10-12 12:00,普通
C2,受理,客服部,2024-10-11 16:00,2024-10-11 17:00,普通
C2,评审,产品部,2024-10-12 10:00,2024-10-12 11:00,普通
C2,处理,研发部,2024-10-14 09:00,2024-10-14 17:00,普通
C3,受理,客服部,2024-10-03 10:00,2024-10-03 10:05,紧急
C3,评审,产品部,2024-10-03 10:12,2024-10-03 10:20,紧急
C3,处理,研发部,2024-10-03 10:30,2024-10-03 20:00,紧急
C4,受理,客服部,2024-10-08 09:00,2024-10-08 09:01,紧急
C4,评审,产品部,2024-10-08 09:30,2024-10-08 10:00,紧急
C4,处理,研发部,2024-10-08 10:00,2024-10-08 11:00,紧急
C5,受理,客服部,2024-02-08 15:00,2024-02-08 16:00,普通
C5,评审,产品部,2024-02-18 11:00,2024-02-18 12:00,普通
C5,等待客户,客服部,2024-02-19 09:00,2024-02-20 18:00,普通
C5,处理,研发部,2024-02-21 09:00,2024-02-21 12:00,普通
C6,受理,客服部,2024-10-14 13:30,2024-10-14 13:45,普通
C7,受理,客服部,2024-10-14 15:30,2024-10-14 16:00,普通
C8,受理,客服部,2024-04-08 09:00,2024-04-08 10:00,普通
C8,处理,研发部,2024-04-08 13:30,2024-04-08 15:30,普通
";

const CONFIG: &str = r#"
[tasks]
file = "log.csv"
tz = "Asia/Shanghai"

[calendar]
workdays = "mon-fri"
hours = ["09:00-12:00", "13:30-18:00"]
holidays = "cn"

[report]
durations = "working"

[periods]
split = "2024-07-01"

[[targets]]
metric = "sla_compliance[name=首次响应]"
goal = ">= 95%"

[[sla]]
name = "首次响应"
start = "受理.end"
stop = "评审.start"
target = "4wh"
by = "优先级"
targets = { "紧急" = "10min" }

[[sla]]
name = "处理时限"
start = "受理.start"
stop = "处理.end"
target = "3wd"
pause = ["等待客户"]

[[sla]]
name = "首次响应（自然时间）"
start = "受理.end"
stop = "评审.start"
target = "3wh"
calendar = "24x7"

[[sla]]
name = "每周进度更新"
weekly = "fri 17:00"
"#;

fn run(dir: &Path, config: &str) -> std::process::Output {
    run_log(dir, LOG, config)
}

/// `analyze --format json` on `log` under `config`, in `dir`.
fn run_log(dir: &Path, log: &str, config: &str) -> std::process::Output {
    std::fs::write(dir.join("log.csv"), log).unwrap();
    std::fs::write(dir.join("procdiag.toml"), config).unwrap();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args(["analyze", "--format", "json", "--config", "procdiag.toml"])
        .current_dir(dir)
        .output()
        .unwrap()
}

fn analyze(config: &str) -> Value {
    analyze_log(LOG, config).0
}

/// The JSON document of `log` under `config`, and what was said on stderr.
fn analyze_log(log: &str, config: &str) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = run_log(dir.path(), log, config);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (json, String::from_utf8_lossy(&out.stderr).to_string())
}

fn clock<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["tasklog"]["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no clock {name}"))
}

fn close(v: &Value, want: f64, what: &str) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{what}: {v}"));
    assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");
}

fn tally(c: &Value) -> [u64; 5] {
    ["cases", "met", "breached", "open", "at_risk"].map(|k| c[k].as_u64().unwrap())
}

fn breach_hours(c: &Value, case: &str) -> f64 {
    c["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["case"] == case)
        .unwrap_or_else(|| panic!("{case} is not listed as a breach: {c}"))["hours"]
        .as_f64()
        .unwrap()
}

/// 受理.end → 评审.start, 4 working hours, 紧急 10 minutes elapsed:
/// C1 Fri Sep 27 16:00 → Tue Oct 8 10:00 = Fri 2 + Sun Sep 29 7.5 + Mon Sep 30 7.5 +
///    (Oct 1–7 off) + Tue 1 = 18 h, breached;
/// C2 Fri Oct 11 17:00 → Sat Oct 12 10:00 = 1 + 1 = 2 h (Saturday is worked), met;
/// C3 紧急, 10:05 → 10:12 on a holiday = 7 min elapsed, met;
/// C4 紧急, 09:01 → 09:30 = 29 min, breached;
/// C5 Thu Feb 8 16:00 → Sun Feb 18 11:00 = Thu 2 + Fri Feb 9 7.5 + (Feb 10–17 off) +
///    Sun 2 = 11.5 h, breached;
/// C6 open: 13:45 → 17:00 Mon = 3.25 h, 81% of 4 h: at risk;
/// C7 open: 16:00 → 17:00 = 1 h;
/// C8 went on to 处理, which never comes before 评审: a path without the stop, not
/// counted.
fn first_response(json: &Value) {
    let c = clock(json, "首次响应");
    assert_eq!(tally(c), [7, 2, 3, 2, 1]);
    assert_eq!(c["skipped"], 1);
    close(&c["compliance"], 0.4, "compliance");
    assert_eq!(c["working"], true);
    assert_eq!(c["target"], "紧急 10min · 4wh");
    close(&c["hours"]["max"], 18.0, "C1");
    close(
        &c["hours"]["median"],
        2.0,
        "median of 18, 2, 7/60, 29/60, 11.5",
    );
    close(&json!(breach_hours(c, "C1")), 18.0, "C1");
    close(&json!(breach_hours(c, "C5")), 11.5, "C5");
    close(&json!(breach_hours(c, "C4")), 29.0 / 60.0, "C4");
    let risk = &c["at_risk_cases"][0];
    assert_eq!(risk["case"], "C6");
    close(&risk["hours"], 3.25, "C6");
    let group = |by: &str, value: &str| {
        c["by"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["by"] == by && g["value"] == value)
            .unwrap_or_else(|| panic!("no group {by}={value}"))
            .clone()
    };
    assert_eq!(tally(&group("优先级", "紧急")), [2, 1, 1, 0, 0]);
    assert_eq!(tally(&group("优先级", "普通")), [5, 1, 2, 2, 1]);
    // The department that stopped the clock (产品部) or holds the open case (客服部).
    assert_eq!(tally(&group("department", "产品部")), [5, 2, 3, 0, 0]);
    assert_eq!(tally(&group("department", "客服部")), [2, 0, 0, 2, 1]);
}

/// 受理.start → 处理.end, 3 working days (22.5 h), 等待客户 paused:
/// C1 Fri Sep 27 15:00 → Sat Oct 12 12:00 = 3 + 7.5 (Sep 29) + 7.5 (Sep 30) +
///    4 × 7.5 (Oct 8–11) + 3 (Sat Oct 12) = 51 h, breached;
/// C2 Fri 16:00 → Mon Oct 14 17:00 = 2 + 7.5 + 6.5 = 16 h, met;
/// C3 on a holiday: 0 h, met; C4 09:00 → 11:00 = 2 h, met;
/// C5 Thu Feb 8 15:00 → Wed Feb 21 12:00 = 3 + 7.5 + 7.5 (Sun Feb 18) + 7.5 + 7.5 + 3
///    = 36 h, less the pause Mon Feb 19 09:00 → Tue 18:00 (15 h) = 21 h, met;
/// C6 and C7 open (3.5 h and 1.5 h of 22.5);
/// C8 Mon Apr 8 09:00 → 15:30 = 3 + 2 = 5 h, met.
fn resolution(json: &Value) {
    let c = clock(json, "处理时限");
    assert_eq!(tally(c), [8, 5, 1, 2, 0]);
    close(&c["compliance"], 5.0 / 6.0, "compliance");
    close(&json!(breach_hours(c, "C1")), 51.0, "C1");
    close(&c["hours"]["min"], 0.0, "C3 on a holiday");
    // Stopped: 51, 16, 0, 2, 21, 5 → median (5 + 16) / 2.
    close(&c["hours"]["median"], 10.5, "median");
    close(&c["hours"]["mean"], 95.0 / 6.0, "mean");
}

/// The same first response around the clock, 3 h: C1 258 h and C5 235 h breached, C2
/// 17 h breached, C3 and C4 met, C6 3.25 h without a stop is already breached, C7 open.
fn around_the_clock(json: &Value) {
    let c = clock(json, "首次响应（自然时间）");
    assert_eq!(tally(c), [7, 2, 4, 1, 0]);
    assert_eq!(c["working"], false);
    close(&json!(breach_hours(c, "C1")), 258.0, "C1");
    close(&json!(breach_hours(c, "C5")), 235.0, "C5");
    close(&json!(breach_hours(c, "C6")), 3.25, "C6");
    assert_eq!(c["breaches"][0]["case"], "C1", "worst first");
}

/// Deadlines: Fri Sep 27, Mon Sep 30 (Oct 1–4 are off), Fri Oct 11. C1 (started Sep 27
/// 15:00, before the Sep 27 deadline) is due on Sep 30 with no event since Sep 27 17:00
/// (breached), and on Oct 11 with 评审 on Oct 8 (met). No other case runs across two
/// deadlines.
fn weekly(json: &Value) {
    let c = clock(json, "每周进度更新");
    assert_eq!(tally(c), [2, 1, 1, 0, 0]);
    let weeks = c["weeks"].as_array().unwrap();
    let w: Vec<(&str, &str, u64, u64)> = weeks
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap(),
                w["deadline"].as_str().unwrap(),
                w["due"].as_u64().unwrap(),
                w["met"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        w,
        [
            ("2024-W40", "2024-09-30 17:00", 1, 0),
            ("2024-W41", "2024-10-11 17:00", 1, 1)
        ]
    );
    assert_eq!(c["breaches"][0]["week"], "2024-W40");
}

use serde_json::json;

#[test]
fn clocks_on_chinas_calendar_equal_a_hand_computation() {
    let json = analyze(CONFIG);
    first_response(&json);
    resolution(&json);
    around_the_clock(&json);
    weekly(&json);
    let cal = &json["tasklog"]["calendar"];
    assert_eq!(cal["assumed"], false);
    assert_eq!(cal["tz"], "Asia/Shanghai");
    let days = cal["special_days"].as_array().unwrap();
    assert!(days
        .iter()
        .any(|d| d["date"] == "2024-10-12" && d["workday"] == true));
    assert!(days
        .iter()
        .any(|d| d["date"] == "2024-02-18" && d["workday"] == true));
    assert_eq!(
        days.iter().filter(|d| d["workday"] == false).count(),
        8 + 3 + 5 + 1 + 3 + 7,
        "Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day"
    );
}

/// Working lead times: C1 51 h (the longest), C5 36 h (no pause here).
#[test]
fn working_durations_and_the_compliance_target() {
    let json = analyze(CONFIG);
    let w = &json["tasklog"]["working"];
    close(&w["lead_time_hours"]["max"], 51.0, "C1");
    close(&w["day_hours"], 7.5, "a working day");
    assert_eq!(w["lead_time_hours"]["n"], 8);
    // Baseline (before Jul 1): C5 breached, C8 not counted → 0 of 1. After: C1, C4 breached, C2, C3 met
    // (C6, C7 still open) → 2 of 4.
    let t = json["improvement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["metric"] == "sla_compliance[name=首次响应]")
        .expect("the target");
    close(&t["baseline"], 0.0, "baseline");
    close(&t["current"], 0.5, "current");
    assert_eq!(
        (t["n_baseline"].as_u64(), t["n_current"].as_u64()),
        (Some(1), Some(4))
    );
    let problems = json["tasklog"]["problems"].as_array().unwrap();
    let p = problems
        .iter()
        .find(|p| p["kind"] == "sla_breach" && p["where"]["clock"] == "首次响应")
        .expect("the breaches are a problem");
    assert_eq!(p["evidence"]["occurrences"], 3);
    assert!(p["hours_lost"].is_null());
}

#[test]
fn clocks_that_do_not_fit_the_log_name_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = CONFIG.replace("stop = \"处理.end\"", "stop = \"办理.end\"");
    let err = String::from_utf8_lossy(&run(dir.path(), &bad).stderr).to_string();
    assert!(
        err.contains("procdiag.toml line 29") && err.contains("办理") && err.contains("受理, 处理"),
        "{err}"
    );
    let bad = CONFIG.replace("pause = [\"等待客户\"]", "pause = [\"挂起\"]");
    let err = String::from_utf8_lossy(&run(dir.path(), &bad).stderr).to_string();
    assert!(err.contains("挂起") && err.contains("line 29"), "{err}");
    let bad = CONFIG.replace("target = \"3wd\"", "target = \"2 hours?\"");
    let err = String::from_utf8_lossy(&run(dir.path(), &bad).stderr).to_string();
    assert!(err.contains("2 hours?") && err.contains("line 29"), "{err}");
    let bad = CONFIG.replace("holidays = \"cn\"", "holidays = \"cn2\"");
    let err = String::from_utf8_lossy(&run(dir.path(), &bad).stderr).to_string();
    assert!(
        err.contains("line 9") && err.contains("holiday list"),
        "{err}"
    );
}

/// Without `[calendar]`, China's office calendar is assumed and the JSON says so.
#[test]
fn an_assumed_calendar_is_stated() {
    let cfg = CONFIG.replace(
        "[calendar]\nworkdays = \"mon-fri\"\nhours = [\"09:00-12:00\", \"13:30-18:00\"]\nholidays = \"cn\"\n",
        "",
    );
    let json = analyze(&cfg);
    assert_eq!(json["tasklog"]["calendar"]["assumed"], true);
    assert_eq!(tally(clock(&json, "首次响应")), [7, 2, 3, 2, 1]);
}

/// The report's section shows each clock, in working hours and days, escaped.
#[test]
fn the_report_shows_the_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = CONFIG.replace("name = \"处理时限\"", "name = \"<b>处理</b>时限\"");
    std::fs::write(dir.path().join("log.csv"), LOG).unwrap();
    std::fs::write(dir.path().join("procdiag.toml"), cfg).unwrap();
    let out = Command::cargo_bin("procdiag")
        .unwrap()
        .args(["report", "--config", "procdiag.toml", "--lang", "zh"])
        .args(["--out", "r.html"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    for want in [
        "<section id=\"sla\">",
        "首次响应 (受理.end → 评审.start)",
        "&lt;b&gt;处理&lt;&#x2f;b&gt;时限",
        "51.0 工作小时（6.8 个工作日）",
        "18.0 工作小时（2.4 个工作日）",
        "有超时风险的未结案例",
        "2024-W40",
        "服务时限未达成",
    ] {
        assert!(html.contains(want), "{want} not in the report");
    }
    assert!(!html.contains("<b>处理</b>"), "the clock's name is escaped");
}

/// A log past the holiday table's last year: its days go by weekday, the JSON and the
/// report say which years, nothing fails. 2027-10-01 is a Friday: a workday here.
#[test]
fn years_past_the_holiday_table_go_by_weekday_and_are_named() {
    let log = "工单号,环节,责任部门,开始时间,完成时间,优先级\n\
               D1,受理,客服部,2027-09-30 17:00,2027-09-30 17:30,普通\n\
               D1,评审,产品部,2027-10-01 10:00,2027-10-01 11:00,普通\n";
    let cfg = CONFIG.split("[[sla]]\nname = \"处理时限\"").next().unwrap();
    let (json, err) = analyze_log(log, cfg);
    assert_eq!(
        json["tasklog"]["calendar"]["years_beyond_table"],
        json!([2027])
    );
    // Thu 17:30 → Fri 10:00 = 0.5 + 1 = 1.5 working hours.
    let c = clock(&json, "首次响应");
    assert_eq!(tally(c), [1, 1, 0, 0, 0]);
    close(&c["hours"]["max"], 1.5, "by weekday");
    assert!(
        err.contains("2027") && err.contains("extra_holidays"),
        "{err}"
    );
}

/// An open case (its last activity has no end, so that row is rejected) still has its
/// finished events: a clock that starts at the end of one of them runs.
#[test]
fn an_open_case_starts_its_clock_at_a_finished_stage() {
    let log = "工单号,环节,责任部门,开始时间,完成时间,优先级\n\
               D1,受理,客服部,2024-10-14 09:00,2024-10-14 10:00,普通\n\
               D1,评审,产品部,2024-10-14 10:30,,普通\n\
               D2,受理,客服部,2024-10-14 08:00,2024-10-14 16:00,普通\n\
               D3,受理,客服部,2024-10-14 08:00,2024-10-14 09:00,普通\n\
               D3,评审,产品部,2024-10-14 09:30,2024-10-14 10:00,普通\n";
    let cfg = CONFIG.split("[[sla]]\nname = \"处理时限\"").next().unwrap();
    let (json, _) = analyze_log(log, cfg);
    let c = clock(&json, "首次响应");
    // D1 waits from 10:00 to the end of the data (16:00): 2 + 2.5 = 4.5 working hours
    // > 4: breached without a stop. D2 ends 受理 at the end of the data: open, 0 h.
    // D3: 09:00 → 09:30, met.
    assert_eq!(c["not_started"], 0, "{c}");
    assert_eq!(tally(c), [3, 1, 1, 1, 0]);
    close(&json!(breach_hours(c, "D1")), 4.5, "D1");
    assert_eq!(c["breaches"][0]["open"], true);
}
