//! Every process metric pinned on tiny logs computed by hand: ties, a single-event case,
//! rework, parallel work, department handoffs, single-timestamp logs, rejected rows.

use std::path::PathBuf;

use procdiag::analysis::{analyze_tasklog, TasklogAnalysis, WaitMeasure};
use procdiag::ingest::tasklog::{load, TasklogOptions};
use procdiag::model::facts::RejectReason;
use procdiag::model::{InputSummary, TimestampShape};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(text: &str) -> (TasklogAnalysis, InputSummary) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "log.csv", text);
    let (log, summary) = load(&p, &TasklogOptions::default()).unwrap();
    (analyze_tasklog(&log).unwrap(), summary)
}

fn approx(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// c1: A 8–9 (D1), B 10–12 (D2), C 11–13 (D1, parallel with B), B 15–16 (D2, rework).
/// c2: one event. c3: A and B with identical times (file order decides), then C; one
/// row says 退回.
const START_END: &str = "\
工单号,环节,部门,开始时间,完成时间,状态
c1,A,D1,2024-03-01 08:00,2024-03-01 09:00,已完成
c1,B,D2,2024-03-01 10:00,2024-03-01 12:00,已完成
c1,C,D1,2024-03-01 11:00,2024-03-01 13:00,已完成
c1,B,D2,2024-03-01 15:00,2024-03-01 16:00,已完成
c3,A,D1,2024-03-02 09:00,2024-03-02 10:00,已完成
c3,B,D1,2024-03-02 09:00,2024-03-02 10:00,退回
c3,C,D2,2024-03-02 11:00,2024-03-02 11:30,已完成
c2,A,D1,2024-03-01 08:00,2024-03-01 08:30,已完成
";

#[test]
fn lead_time_touch_time_and_flow_efficiency_are_computed_by_hand() {
    let (a, _) = run(START_END);
    assert_eq!(a.timestamps, TimestampShape::StartEnd);
    assert_eq!((a.cases, a.events), (3, 8));
    // Lead times 8, 0.5, 2.5 h.
    let lt = a.lead_time_hours;
    assert_eq!(lt.n, 3);
    approx(lt.mean, 11.0 / 3.0);
    approx(lt.median, 2.5);
    approx(lt.p90, 2.5 + 0.8 * (8.0 - 2.5)); // linear interpolation
    approx(lt.min, 0.5);
    approx(lt.max, 8.0);
    // Touch: c1 = [8,9] ∪ [10,13] ∪ [15,16] = 5 h (parallel work counted once),
    // c2 = 0.5 h, c3 = [9,10] ∪ [11,11.5] = 1.5 h.
    approx(a.touch_time_hours.max, 5.0);
    approx(a.flow_efficiency, 7.0 / 11.0);
    assert_eq!(a.period.from, "2024-03-01T08:00:00Z");
    assert_eq!(a.period.to, "2024-03-02T11:30:00Z");
}

#[test]
fn waiting_counts_only_finished_predecessors() {
    let (a, _) = run(START_END);
    let stage = |n: &str| a.stages.iter().find(|s| s.stage == n).unwrap().clone();
    // A is always first (or tied first): no waiting.
    let st_a = stage("A");
    assert_eq!((st_a.events, st_a.cases, st_a.wait_hours.n), (3, 3, 0));
    approx(st_a.service_hours.mean, 2.5 / 3.0);
    // B: 1 h after A in c1; 2 h after C (13:00) in c1; none in c3 (A still running).
    let st_b = stage("B");
    assert_eq!((st_b.events, st_b.cases, st_b.rework_cases), (3, 2, 1));
    assert_eq!(st_b.wait_hours.n, 2);
    approx(st_b.wait_hours.mean, 1.5);
    approx(st_b.wait_hours.max, 2.0);
    // C in c1 starts while B runs: it waited since A finished at 9:00 → 2 h; c3: 1 h.
    let st_c = stage("C");
    approx(st_c.wait_hours.min, 1.0);
    approx(st_c.wait_hours.max, 2.0);
    // Stages in process order.
    let order: Vec<&str> = a.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(order, ["A", "B", "C"]);
}

#[test]
fn edges_variants_and_boundaries_follow_the_event_order() {
    let (a, _) = run(START_END);
    let edge = |f: &str, t: &str| a.edges.iter().find(|e| e.from == f && e.to == t).unwrap();
    // A→B: 1 h in c1, 9:00 − 10:00 clamped to 0 in c3.
    assert_eq!(edge("A", "B").count, 2);
    approx(edge("A", "B").hours.mean, 0.5);
    approx(edge("A", "B").hours.min, 0.0);
    // B→C: c1 overlaps (0), c3 1 h. C→B: 2 h.
    approx(edge("B", "C").hours.max, 1.0);
    assert_eq!(edge("C", "B").count, 1);
    approx(edge("C", "B").hours.median, 2.0);
    assert_eq!(a.edges.len(), 3);
    assert_eq!(a.variants, 3);
    let v: Vec<String> = a.top_variants.iter().map(|v| v.stages.join(",")).collect();
    assert_eq!(v, ["A", "A,B,C", "A,B,C,B"]);
    assert_eq!(a.start_stages.get("A"), Some(&3));
    assert_eq!(a.end_stages.get("B"), Some(&1));
    assert_eq!(a.end_stages.get("C"), Some(&1));
    assert_eq!(a.end_stages.get("A"), Some(&1));
}

#[test]
fn rework_returns_and_first_time_right() {
    let (a, _) = run(START_END);
    assert_eq!(a.rework_events, 1);
    assert_eq!(a.rework_cases, 1);
    assert_eq!(a.returned_cases, Some(1));
    // c1 has rework, c3 was returned: only c2 is first-time-right.
    approx(Some(a.first_time_right), 1.0 / 3.0);
}

#[test]
fn handoffs_ping_pong_and_bottlenecks() {
    let (a, _) = run(START_END);
    let h = &a.handoffs;
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].from_department.as_str(), h[0].to_department.as_str()),
        ("D1", "D2")
    );
    assert_eq!(h[0].count, 3); // c1 A→B, c1 C→B, c3 B→C
    approx(h[0].hours.mean, 4.0 / 3.0);
    approx(Some(h[0].share_of_lead_time), 4.0 / 11.0);
    assert_eq!((h[1].from_department.as_str(), h[1].count), ("D2", 1));
    assert_eq!(a.ping_pong_cases, 1); // c1: D1 → D2 → D1
                                      // Waiting: B 3 h, C 3 h: equal shares, ties by name.
    let b: Vec<(&str, f64)> = a
        .bottlenecks
        .iter()
        .map(|b| (b.stage.as_str(), b.wait_share))
        .collect();
    assert_eq!(b, [("B", 0.5), ("C", 0.5)]);
    assert_eq!(a.bottlenecks[0].cases, 1);
    assert_eq!(a.bottlenecks[0].measure, WaitMeasure::Waiting);
    let reason = procdiag::words::bottleneck_contract_reason(&a.bottlenecks[0]);
    assert!(reason.contains("50% of all waiting time"), "{reason}");
}

#[test]
fn single_timestamp_logs_use_transition_times() {
    let (a, _) = run("\
case:concept:name,concept:name,time:timestamp
c1,A,2024-03-01T00:00:00+08:00
c1,B,2024-03-01T02:00:00+08:00
c1,C,2024-03-01T05:00:00+08:00
c2,A,2024-03-01T00:00:00Z
c2,C,2024-03-01T01:00:00Z
");
    assert_eq!(a.timestamps, TimestampShape::Single);
    assert_eq!(a.flow_efficiency, None);
    approx(a.lead_time_hours.mean, 3.0);
    assert_eq!(
        a.period.from, "2024-02-29T16:00:00Z",
        "offset converted to UTC"
    );
    let edge = |f: &str, t: &str| a.edges.iter().find(|e| e.from == f && e.to == t).unwrap();
    approx(edge("A", "B").hours.mean, 2.0);
    approx(edge("B", "C").hours.mean, 3.0);
    approx(edge("A", "C").hours.mean, 1.0);
    assert_eq!(a.bottlenecks[0].stage, "C"); // 3 h + 1 h of transition time
    assert_eq!(a.bottlenecks[0].measure, WaitMeasure::Transition);
    let reason = procdiag::words::bottleneck_contract_reason(&a.bottlenecks[0]);
    assert!(reason.contains("transition time"), "{reason}");
    assert_eq!(a.returned_cases, None);
}

#[test]
fn every_row_is_used_or_rejected_with_a_reason() {
    let (_, s) = run("\
Case ID,Activity,Start Timestamp,Complete Timestamp
c1,A,2024/3/1 8:00,2024/3/1 9:00
,A,2024/3/1 8:00,2024/3/1 9:00
c1,,2024/3/1 8:00,2024/3/1 9:00
c1,B,someday,2024/3/1 9:00
c1,B,2024/3/1 10:00,
c1,B,2024/3/1 10:00,2024/3/1 09:00
c1,C,2024/3/1 10:00,2024/3/1 11:00
");
    assert_eq!((s.rows_read, s.rows_used, s.rows_rejected), (7, 2, 5));
    let r: Vec<(usize, &str, &str)> = s
        .rejections
        .iter()
        .map(|r| (r.row, r.column.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(
        r,
        [
            (3, "Case ID", ""),
            (4, "Activity", ""),
            (5, "Start Timestamp", "someday"),
            (6, "Complete Timestamp", ""),
            (7, "Complete Timestamp", "2024/3/1 09:00"),
        ]
    );
    assert_eq!(
        s.rejection_reasons.get(&RejectReason::EndBeforeStart),
        Some(&1)
    );
    assert_eq!(s.rejection_reasons.values().sum::<usize>(), 5);
}

#[test]
fn a_missing_role_names_the_headers_and_the_closest_match() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "log.csv", "Ticket No,Phase,When\n1,a,2024-01-01\n");
    let err = load(&p, &TasklogOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("case id"), "{err}");
    assert!(err.contains("'Ticket No', 'Phase', 'When'"), "{err}");
    assert!(err.contains("--map case="), "{err}");
}

#[test]
fn the_same_log_as_csv_and_xlsx_gives_identical_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let files = procdiag::sample::write_sample(dir.path(), "s", 200, 11, false).unwrap();
    let json = |p: &PathBuf| {
        let (log, _) = load(p, &TasklogOptions::default()).unwrap();
        serde_json::to_string(&analyze_tasklog(&log).unwrap()).unwrap()
    };
    assert_eq!(json(&files[0]), json(&files[1]));
}

#[test]
fn gbk_csv_from_chinese_excel_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::GBK.encode(START_END);
    let p = dir.path().join("gbk.csv");
    std::fs::write(&p, &bytes).unwrap();
    let (log, s) = load(&p, &TasklogOptions::default()).unwrap();
    assert_eq!(s.encoding.as_deref(), Some("GBK/GB18030"));
    assert_eq!(analyze_tasklog(&log).unwrap().cases, 3);
}
