//! Every figure of the `procdiag/1` document stays as recorded, on the sample and on
//! each real file in `../shared/data/real`: a guard for restructuring. A document is
//! flattened to its figures (numbers, booleans, nulls) keyed by their path, array
//! elements named by their stage, item, metric … where they have one; texts are left
//! out (the real files' answers are not copied into the project). Fields may be added,
//! never renamed or changed: every recorded figure must still be there, equal.
//!
//! Record after an intended change: `PROCDIAG_GOLDEN=record cargo test --test golden`
//! (with `PROCDIAG_REAL_DATA` set to record the real files too), and say in the commit
//! which figures moved and why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Keys that name an array element, tried in order (pairs joined with →).
const NAMES: &[&[&str]] = &[
    &["stage"],
    &["item"],
    &["metric"],
    &["period"],
    &["from_department", "to_department"],
    &["from", "to"],
    &["by", "value"],
    &["name"],
    &["question"],
    &["option"],
    &["code"],
    &["path"],
    &["word"],
];

fn element_name(v: &Value, i: usize) -> String {
    for keys in NAMES {
        let parts: Option<Vec<String>> = keys
            .iter()
            .map(|k| match v.get(k)? {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => Some(format!("{a:?}")),
                _ => None,
            })
            .collect();
        if let Some(p) = parts {
            return p.join("→");
        }
    }
    i.to_string()
}

fn flatten(v: &Value, at: String, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flatten(x, format!("{at}.{k}"), out);
            }
        }
        Value::Array(a) => {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for (i, x) in a.iter().enumerate() {
                let mut name = element_name(x, i);
                let n = seen.entry(name.clone()).or_default();
                if *n > 0 {
                    name = format!("{name}#{n}");
                }
                *n += 1;
                flatten(x, format!("{at}[{name}]"), out);
            }
        }
        Value::String(_) => {}
        other => {
            out.insert(at, other.clone());
        }
    }
}

fn figures(args: &[&str], dir: &Path) -> BTreeMap<String, Value> {
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
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
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut flat = BTreeMap::new();
    flatten(&doc, String::new(), &mut flat);
    flat
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
        _ => a == b,
    }
}

/// Compares (or records) one document's figures with `tests/golden/NAME.json`.
fn check(name: &str, args: &[&str], dir: &Path) {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.json"));
    let now = figures(args, dir);
    if std::env::var("PROCDIAG_GOLDEN").as_deref() == Ok("record") {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        let text = serde_json::to_string_pretty(&now).unwrap();
        std::fs::write(&golden, text + "\n").unwrap();
        return;
    }
    let text = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (record it first)", golden.display()));
    let was: BTreeMap<String, Value> = serde_json::from_str(&text).unwrap();
    let mut changed = Vec::new();
    for (k, v) in &was {
        match now.get(k) {
            None => changed.push(format!("{k}: gone (was {v})")),
            Some(x) if !same(v, x) => changed.push(format!("{k}: {v} → {x}")),
            _ => {}
        }
    }
    assert!(
        changed.is_empty(),
        "{name}: {} of {} figures changed:\n{}",
        changed.len(),
        was.len(),
        changed
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_sample_document_keeps_every_figure() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    check(
        "sample",
        &["analyze", "--config", "data/procdiag.toml"],
        &root,
    );
}

#[test]
fn each_real_file_keeps_every_figure() {
    let Ok(dir) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the real files");
        return;
    };
    let dir = PathBuf::from(dir);
    for (name, flag, file) in [
        ("pm4py_receipt", "--tasks", "pm4py_receipt.csv"),
        ("bpic2013", "--tasks", "bpic2013_closed_problems.csv"),
        ("simod_production", "--tasks", "simod_production.csv"),
        (
            "uci_incident",
            "--tasks",
            "uci_incident_event_log_first6k.csv",
        ),
        ("psych_bfi", "--survey", "psych_bfi_pydataset.csv"),
        (
            "toronto_survey",
            "--survey",
            "toronto_public_engagement_survey.csv",
        ),
    ] {
        assert!(
            dir.join(file).exists(),
            "{file} is missing from {}",
            dir.display()
        );
        check(name, &["analyze", flag, file], &dir);
    }
}
