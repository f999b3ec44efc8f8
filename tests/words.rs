//! The Chinese report words every fact of the input in Chinese: rejection reasons, time
//! layouts and data-quality findings (the JSON keeps the contract's English).

use assert_cmd::Command;

/// A small log with a row that ends before it starts, an empty case id, a value that is
/// not a time, a duplicate event and ISO times with an offset.
const LOG: &str = "case,stage,department,start,end
A,受理,客服部,2024-03-01T09:00:00+08:00,2024-03-01T10:00:00+08:00
A,评审,技术部,2024-03-01T11:00:00+08:00,2024-03-01T12:00:00+08:00
A,评审,技术部,2024-03-01T11:00:00+08:00,2024-03-01T12:00:00+08:00
B,受理,客服部,2024-03-02T09:00:00+08:00,2024-03-02T08:00:00+08:00
,受理,客服部,2024-03-02T09:00:00+08:00,2024-03-02T10:00:00+08:00
C,受理,客服部,yesterday,2024-03-02T10:00:00+08:00
D,受理,客服部,2024-03-03T09:00:00+08:00,2024-03-03T10:00:00+08:00
D,评审,技术部,2024-03-03T11:00:00+08:00,2024-03-03T15:00:00+08:00
";

fn run(lang: &str) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("log.csv"), LOG).unwrap();
    Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report", "--tasks", "log.csv", "--out", "r.html", "--json", "r.json",
        ])
        .args(["--lang", lang])
        .current_dir(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let json = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    (html, serde_json::from_str(&json).unwrap())
}

#[test]
fn the_chinese_report_words_reasons_layouts_and_findings_in_chinese() {
    let (html, _) = run("zh");
    for zh in [
        "结束时间早于开始时间",
        "案例编号为空",
        "时间无法识别",
        "ISO 8601（含时差）（已换算为 UTC）",
        "1 个事件与之前的事件完全重复",
        "1 行的结束时间早于开始时间，已剔除",
        "第 4 行",
    ] {
        assert!(html.contains(zh), "missing {zh}");
    }
    for en in [
        "end is before start",
        "case id is empty",
        "time not understood",
        "converted to UTC",
        "ISO 8601 with offset",
        "repeat an earlier event",
        "row 4",
    ] {
        assert!(
            !html.contains(en),
            "English left in the Chinese report: {en}"
        );
    }
}

#[test]
fn the_json_keeps_the_contract_english_whatever_the_report_language() {
    let (_, json) = run("zh");
    let input = &json["inputs"][0];
    assert_eq!(input["rejection_reasons"]["end is before start"], 1);
    assert_eq!(input["rejection_reasons"]["case id is empty"], 1);
    assert_eq!(
        input["timestamp_formats"]["start"],
        "ISO 8601 with offset (converted to UTC)"
    );
    let quality = json["tasklog"]["data_quality"].as_array().unwrap();
    let dup = quality
        .iter()
        .find(|f| f["code"] == "duplicate_events")
        .unwrap();
    assert_eq!(
        dup["message"],
        "1 events repeat an earlier event exactly (same case, stage, owner and times); \
         they count twice in every figure"
    );
    assert_eq!(dup["examples"][0], "row 4");
    let b = &json["tasklog"]["bottlenecks"][0];
    assert!(b["reason"].as_str().unwrap().starts_with("#1: "), "{b}");
    assert_eq!(b["rank"], 1);
    assert_eq!(b["measure"], "waiting");
}

#[test]
fn the_english_report_has_the_english_words() {
    let (html, _) = run("en");
    assert!(html.contains("end is before start"));
    assert!(html.contains("ISO 8601 with offset (converted to UTC)"));
    assert!(!html.contains("结束时间早于开始时间"));
}
