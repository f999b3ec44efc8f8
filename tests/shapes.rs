//! Log shapes: lifecycle start/complete rows paired into activities, status-change
//! histories turned into status intervals, and the real ServiceNow incident log.

use std::path::PathBuf;

use procdiag::analysis::analyze_tasklog;
use procdiag::ingest::shapes::LogShape;
use procdiag::ingest::tasklog::{load, TasklogOptions};
use procdiag::words::Lang;

fn load_text(
    text: &str,
    opts: &TasklogOptions,
) -> (procdiag::model::TaskLog, procdiag::model::InputSummary) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("log.csv");
    std::fs::write(&p, text).unwrap();
    load(&p, opts).unwrap()
}

#[test]
fn lifecycle_rows_are_paired_per_case_and_stage() {
    let (log, s) = load_text(
        "\
case:concept:name,concept:name,lifecycle:transition,time:timestamp,org:group
c1,A,start,2024-03-01 08:00,D1
c1,A,complete,2024-03-01 09:00,D1
c1,B,start,2024-03-01 10:00,D2
c1,A,start,2024-03-01 11:00,D1
c1,B,complete,2024-03-01 12:00,D2
c1,A,complete,2024-03-01 13:00,D1
c1,C,start,2024-03-01 14:00,D1
c2,A,complete,2024-03-01 08:00,D1
c2,A,schedule,2024-03-01 07:00,D1
c2,B,start,2024-03-01 09:00,D2
c2,B,complete,2024-03-01 10:30,D2
",
        &TasklogOptions::default(),
    );
    assert_eq!(s.shape.name(), "lifecycle");
    assert_eq!((s.rows_read, s.rows_used, s.rows_rejected), (11, 8, 3));
    let reasons: Vec<(usize, &str)> = s
        .rejections
        .iter()
        .map(|r| (r.row, procdiag::words::rejection(Lang::En, r.reason)))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                8,
                "start without a matching complete (activity still open?)"
            ),
            (9, "complete without a matching start"),
            (10, "lifecycle transition is neither start nor complete"),
        ]
    );
    let a = analyze_tasklog(&log).unwrap();
    assert_eq!((a.cases, a.events), (2, 4));
    // c1: A 8–9, B 10–12, A 11–13 → lead 5 h; c2: B 9–10:30 → 1.5 h.
    assert_eq!(a.lead_time_hours.max, Some(5.0));
    assert_eq!(a.lead_time_hours.min, Some(1.5));
    let st_a = a.stages.iter().find(|x| x.stage == "A").unwrap();
    assert_eq!((st_a.events, st_a.rework_cases), (2, 1));
    assert_eq!(st_a.service_hours.mean, Some(1.5));
}

#[test]
fn chinese_status_rows_saying_start_and_finish_are_lifecycle_rows() {
    let (log, s) = load_text(
        "\
工单号,环节,状态,时间
1,受理,开始,2024/3/1 8:00
1,受理,完成,2024/3/1 9:30
1,审批,开始,2024/3/1 10:00
1,审批,完成,2024/3/1 12:00
",
        &TasklogOptions::default(),
    );
    assert_eq!(s.shape.name(), "lifecycle");
    let a = analyze_tasklog(&log).unwrap();
    assert_eq!(a.events, 2);
    assert_eq!(a.flow_efficiency, Some(3.5 / 4.0));
}

#[test]
fn a_status_history_becomes_status_intervals() {
    let (log, s) = load_text(
        "\
number,incident_state,sys_updated_at,assignment_group
INC1,New,01-03-2024 08:00,G1
INC1,New,01-03-2024 08:30,G1
INC1,Active,01-03-2024 10:00,G2
INC1,Awaiting User Info,01-03-2024 11:00,G2
INC1,Active,02-03-2024 11:00,G2
INC1,Resolved,13-03-2024 09:00,G2
INC2,New,02-03-2024 09:00,?
INC2,Closed,02-03-2024 09:30,?
",
        &TasklogOptions::default(),
    );
    assert_eq!(s.shape.name(), "status_history");
    assert_eq!(s.rows_used, 8);
    assert!(
        procdiag::words::time_reading(Lang::En, &s.timestamp_formats["sys_updated_at"])
            .contains("day-first")
    );
    let a = analyze_tasklog(&log).unwrap();
    assert!(a.status_history);
    assert_eq!(a.events, 7, "the two New rows of INC1 are one interval");
    let st = |n: &str| a.stages.iter().find(|x| x.stage == n).unwrap().clone();
    assert_eq!(st("New").service_hours.max, Some(2.0));
    assert_eq!(st("Awaiting User Info").service_hours.max, Some(24.0));
    assert_eq!(st("Active").rework_cases, 1);
    assert_eq!(a.bottlenecks[0].stage, "Active");
    assert_eq!(
        a.bottlenecks[0].measure,
        procdiag::analysis::WaitMeasure::Status
    );
    let reason = procdiag::words::bottleneck_contract_reason(&a.bottlenecks[0]);
    assert!(reason.contains("time in status"), "{reason}");
    assert_eq!(a.flow_efficiency, None);
    // `?` is missing: INC2 has no department, so no handoff is invented.
    assert!(a.handoffs.iter().all(|h| h.from_department != "?"));
}

#[test]
fn the_shape_can_be_forced() {
    let opts = TasklogOptions {
        shape: Some(LogShape::Activity),
        ..Default::default()
    };
    let (_, s) = load_text(
        "case,activity,lifecycle,timestamp\n1,A,start,2024-03-01 08:00\n1,A,complete,2024-03-01 09:00\n",
        &opts,
    );
    assert_eq!((s.shape.name(), s.rows_used), ("activity", 2));
}

/// The real UCI incident log, when `PROCDIAG_REAL_DATA` names the folder (it must then
/// be there).
fn uci_log() -> Option<PathBuf> {
    let Ok(dir) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the UCI incident log");
        return None;
    };
    let p = PathBuf::from(dir).join("uci_incident_event_log_first6k.csv");
    assert!(p.exists(), "{} is missing", p.display());
    Some(p)
}

#[test]
fn the_uci_incident_log_reads_as_890_incidents_with_status_intervals() {
    let Some(p) = uci_log() else { return };
    let (log, s) = load(&p, &TasklogOptions::default()).unwrap();
    assert_eq!(s.shape.name(), "status_history");
    assert_eq!((s.rows_read, s.rows_used, s.rows_rejected), (5998, 5998, 0));
    assert_eq!(s.columns["case"], "number");
    assert_eq!(s.columns["status"], "incident_state");
    assert_eq!(s.columns["timestamp"], "sys_updated_at");
    assert!(
        procdiag::words::time_reading(Lang::En, &s.timestamp_formats["sys_updated_at"])
            .contains("day-first")
    );
    let a = analyze_tasklog(&log).unwrap();
    assert_eq!(a.cases, 890);
    assert_eq!(
        a.period.from, "2016-02-29T01:23:00Z",
        "29-02-2016 01:23 read day-first"
    );
    // `?` in assigned_to / assignment_group is missing, never a department or owner.
    assert!(a
        .handoffs
        .iter()
        .all(|h| h.from_department != "?" && h.to_department != "?"));
    assert!(a.stages.iter().any(|st| st.stage == "Awaiting User Info"));
}

#[test]
fn the_same_log_as_lifecycle_rows_gives_the_figures_of_its_activity_rows() {
    let rows = procdiag::sample::generate(40, 21);
    let dir = tempfile::tempdir().unwrap();
    let activity = dir.path().join("activity.csv");
    procdiag::sample::write_csv(&rows, &activity).unwrap();
    let mut text = String::from("工单号,环节,责任部门,处理人,事件类型,时间,状态\n");
    for r in &rows {
        for (kind, t) in [("start", r.start), ("complete", r.end)] {
            text.push_str(&format!(
                "{},{},{},{},{kind},{},{}\n",
                r.case,
                r.stage,
                r.department,
                r.owner,
                t.format("%Y-%m-%d %H:%M"),
                r.status
            ));
        }
    }
    let lifecycle = dir.path().join("lifecycle.csv");
    std::fs::write(&lifecycle, text).unwrap();
    let json = |p: &std::path::Path| {
        let (log, s) = load(p, &TasklogOptions::default()).unwrap();
        assert_eq!(s.rows_rejected, 0, "{:?}", s.rejection_reasons);
        serde_json::to_string(&analyze_tasklog(&log).unwrap()).unwrap()
    };
    assert_eq!(json(&lifecycle), json(&activity));
}

#[test]
fn long_numeric_case_ids_stay_exact_text() {
    let (log, _) = load_text(
        "case,activity,timestamp\n12345678901234567890,a,2024-03-01 08:00\n12345678901234567891,a,2024-03-01 09:00\n",
        &TasklogOptions::default(),
    );
    let a = analyze_tasklog(&log).unwrap();
    assert_eq!(a.cases, 2, "20-digit ids must not collapse into one float");
    assert_eq!(
        log.names.cases,
        ["12345678901234567890", "12345678901234567891"]
    );
}

/// The handoffs of a ServiceNow-style export, counted without procdiag: a case's rows in
/// `sys_updated_at` order (file order among equal times), and every two consecutive
/// rows whose assignment groups are both known (not `?`) and different.
fn independent_handoffs(text: &str) -> std::collections::BTreeMap<(String, String), usize> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (case, time, group) = (at("number"), at("sys_updated_at"), at("assignment_group"));
    let mut cases: std::collections::BTreeMap<String, Vec<(chrono::NaiveDateTime, String)>> =
        Default::default();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let t = chrono::NaiveDateTime::parse_from_str(f[time], "%d-%m-%Y %H:%M").unwrap();
        cases
            .entry(f[case].to_string())
            .or_default()
            .push((t, f[group].to_string()));
    }
    let mut pairs = std::collections::BTreeMap::new();
    for rows in cases.values_mut() {
        rows.sort_by_key(|r| r.0);
        for w in rows.windows(2) {
            let (a, b) = (&w[0].1, &w[1].1);
            if a != "?" && b != "?" && a != b {
                *pairs.entry((a.clone(), b.clone())).or_default() += 1;
            }
        }
    }
    pairs
}

fn handoff_pairs(
    a: &procdiag::analysis::TasklogAnalysis,
) -> std::collections::BTreeMap<(String, String), usize> {
    a.handoffs
        .iter()
        .map(|h| {
            (
                (h.from_department.clone(), h.to_department.clone()),
                h.count,
            )
        })
        .collect()
}

#[test]
fn a_reassignment_inside_a_status_is_a_handoff_not_a_new_visit() {
    let text = "\
number,incident_state,sys_updated_at,assignment_group,assigned_to
INC1,New,13-03-2024 08:00,G1,?
INC1,Active,13-03-2024 09:00,G1,R1
INC1,Active,13-03-2024 11:00,G2,R2
INC1,Active,13-03-2024 12:00,G2,R3
INC1,Resolved,13-03-2024 15:00,G2,R3
";
    let (log, _) = load_text(text, &TasklogOptions::default());
    let a = analyze_tasklog(&log).unwrap();
    // Stays: New/G1, Active/G1/R1, Active/G2/R2, Active/G2/R3, Resolved/G2/R3.
    assert_eq!(a.events, 5);
    let pairs = handoff_pairs(&a);
    assert_eq!(pairs, independent_handoffs(text));
    assert_eq!(pairs[&("G1".to_string(), "G2".to_string())], 1);
    let active = a.stages.iter().find(|s| s.stage == "Active").unwrap();
    // One visit of Active (09:00 → 15:00), done by two groups: not rework.
    assert_eq!((active.events, active.rework_cases), (1, 0));
    assert_eq!(active.service_hours.median, Some(6.0));
    assert_eq!(active.departments, 2);
    assert_eq!(a.rework_cases, 0);
    assert_eq!(a.top_variants[0].stages, ["New", "Active", "Resolved"]);
    assert!(a.edges.iter().all(|e| e.from != e.to), "{:?}", a.edges);
    let own = a
        .ownership
        .stages
        .iter()
        .find(|s| s.stage == "Active")
        .unwrap();
    assert_eq!(own.max_owner_changes, 2, "R1 → R2 → R3");
}

#[test]
fn the_uci_handoffs_equal_an_independent_count_of_reassignments() {
    let Some(p) = uci_log() else { return };
    let (log, _) = load(&p, &TasklogOptions::default()).unwrap();
    let a = analyze_tasklog(&log).unwrap();
    let expected = independent_handoffs(&std::fs::read_to_string(&p).unwrap());
    let got = handoff_pairs(&a);
    assert_eq!(got, expected);
    // Also counted with Python's csv module (2026-12-02): 822 handoffs in 253 group pairs.
    assert_eq!((got.values().sum::<usize>(), got.len()), (822, 253));
}
