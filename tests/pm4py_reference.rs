//! procdiag's process figures equal PM4Py's on real third-party logs.
//!
//! The expected figures live in tests/reference/pm4py/*.json, condensed from PM4Py's
//! output by tests/reference/pm4py_figures.py and expected_from_pm4py.py. The logs
//! themselves are read from `$PROCDIAG_REAL_DATA` (CI points it at
//! ../shared/data/real); when the variable is unset the tests say so and pass, when it
//! is set and a file is missing they fail.

use std::collections::BTreeMap;
use std::path::PathBuf;

use procdiag::analysis::{analyze_tasklog, TasklogAnalysis};
use procdiag::ingest::columns::Role;
use procdiag::ingest::tasklog::{load, TasklogOptions};
use serde_json::Value;

fn real_file(name: &str) -> Option<PathBuf> {
    let Ok(dir) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the PM4Py comparison on {name}");
        return None;
    };
    let p = PathBuf::from(dir).join(name);
    assert!(p.exists(), "{} is missing", p.display());
    Some(p)
}

fn expected(stem: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/pm4py")
        .join(format!("{stem}.json"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    let tol = 1e-9 * b.abs().max(1.0);
    assert!((a - b).abs() <= tol, "{what}: procdiag {a} vs PM4Py {b}");
}

fn analyse(stem: &str, map: Vec<(Role, String)>) -> Option<TasklogAnalysis> {
    let path = real_file(&format!("{stem}.csv"))?;
    let opts = TasklogOptions {
        map,
        ..Default::default()
    };
    let (log, summary) = load(&path, &opts).unwrap();
    assert_eq!(summary.rows_rejected, 0, "{:?}", summary.rejection_reasons);
    Some(analyze_tasklog(&log).unwrap())
}

fn counts(v: &Value) -> BTreeMap<String, usize> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap() as usize))
        .collect()
}

fn compare(stem: &str, a: &TasklogAnalysis) {
    let e = expected(stem);
    assert_eq!(a.events as u64, e["events"].as_u64().unwrap(), "events");
    assert_eq!(a.cases as u64, e["cases"].as_u64().unwrap(), "cases");
    assert_eq!(
        a.variants as u64,
        e["variants"].as_u64().unwrap(),
        "variants"
    );

    let lt = &e["lead_time_hours"];
    assert_eq!(a.lead_time_hours.n as u64, lt["n"].as_u64().unwrap());
    for (got, key) in [
        (a.lead_time_hours.mean, "mean"),
        (a.lead_time_hours.median, "median"),
        (a.lead_time_hours.p90, "p90"),
        (a.lead_time_hours.min, "min"),
        (a.lead_time_hours.max, "max"),
    ] {
        close(
            got.unwrap(),
            lt[key].as_f64().unwrap(),
            &format!("lead time {key}"),
        );
    }

    let top: Vec<(Vec<String>, u64)> = e["top_variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let stages = v["stages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            (stages, v["cases"].as_u64().unwrap())
        })
        .collect();
    let ours: Vec<(Vec<String>, u64)> = a
        .top_variants
        .iter()
        .map(|v| (v.stages.clone(), v.cases as u64))
        .collect();
    assert_eq!(ours, top, "top variants");

    assert_eq!(a.start_stages, counts(&e["start_stages"]), "start stages");
    assert_eq!(a.end_stages, counts(&e["end_stages"]), "end stages");

    let edges = e["edges"].as_array().unwrap();
    assert_eq!(a.edges.len(), edges.len(), "number of edges");
    for x in edges {
        let (from, to) = (x["from"].as_str().unwrap(), x["to"].as_str().unwrap());
        let ours = a
            .edges
            .iter()
            .find(|g| g.from == from && g.to == to)
            .unwrap_or_else(|| panic!("edge {from} → {to} missing"));
        assert_eq!(
            ours.count as u64,
            x["count"].as_u64().unwrap(),
            "{from} → {to}"
        );
        let h = &ours.hours;
        for (got, key) in [
            (h.mean, "mean"),
            (h.median, "median"),
            (h.min, "min"),
            (h.max, "max"),
            (h.p90, "p90"),
        ] {
            if let Some(want) = x.get(key).and_then(Value::as_f64) {
                close(got.unwrap(), want, &format!("{from} → {to} {key}"));
            }
        }
    }

    let rework: BTreeMap<String, usize> = a
        .stages
        .iter()
        .filter(|s| s.rework_cases > 0)
        .map(|s| (s.stage.clone(), s.rework_cases))
        .collect();
    assert_eq!(rework, counts(&e["rework_cases"]), "rework cases per stage");
    assert_eq!(a.rework_events as u64, e["rework_events"].as_u64().unwrap());
}

#[test]
fn receipt_log_matches_pm4py_with_automatic_columns() {
    if let Some(a) = analyse("pm4py_receipt", vec![]) {
        compare("pm4py_receipt", &a);
    }
}

#[test]
fn bpic2013_closed_problems_match_pm4py_with_automatic_columns() {
    if let Some(a) = analyse("bpic2013_closed_problems", vec![]) {
        compare("bpic2013_closed_problems", &a);
    }
}

#[test]
fn simod_production_with_start_and_end_matches_pm4py() {
    // The columns are found automatically; --map names the same ones PM4Py was given.
    let map = vec![
        (Role::Case, "Case ID".to_string()),
        (Role::Stage, "Activity".to_string()),
        (Role::Start, "Start Timestamp".to_string()),
        (Role::End, "Complete Timestamp".to_string()),
    ];
    if let Some(a) = analyse("simod_production", map) {
        compare("simod_production", &a);
    }
}
