//! A log with 600 stages whose frequencies follow a long tail — five stages in every
//! case, one slow stage in 3% of the cases written in the middle of the file, and 594
//! stages seen once or twice — through `procdiag report` and `analyze`: the slow stage
//! leads the stage chart, the stage table and the exports; the 594 rare stages are one
//! "other stages" bar with their events; the table shows 25 rows and folds the rest;
//! the JSON and the CSV keep all 600; the data-quality appendix counts the rare ones;
//! the report stays under 3 MB.

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const CASES: usize = 2000;
const FREQUENT: [&str; 5] = ["Intake", "Triage", "Treatment", "Check", "Discharge"];
/// The cases (by number) with the slow stage: the middle of the file.
const SLOW: std::ops::Range<usize> = 970..1030;
const RARE: usize = 594;

/// One event row: case, stage, department, start and end in hours from 2024-01-01.
fn row(o: &mut String, case: usize, stage: &str, dept: &str, start: f64, end: f64) {
    let t = |h: f64| {
        let base = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        (base + chrono::Duration::minutes((h * 60.0).round() as i64))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let _ = writeln!(o, "C{case:05},{stage},{dept},{},{}", t(start), t(end));
}

/// Events of one case: the five frequent stages an hour apart, the slow stage 40 days
/// after "Treatment" in the slow cases, and rare stages 594 + 297 times (stages 0–296
/// twice, 297–593 once) spread over the cases.
fn case_rows(o: &mut String, case: usize, rare: &mut impl Iterator<Item = usize>) {
    let mut at = (case % 300) as f64 * 24.0;
    for (k, stage) in stages_of(case).iter().enumerate() {
        let wait = if *stage == "Slow review" {
            40.0 * 24.0
        } else {
            1.0 + (k % 2) as f64
        };
        at += wait;
        row(
            o,
            case,
            stage,
            if k < 2 { "Front" } else { "Care" },
            at,
            at + 0.5,
        );
        at += 0.5;
    }
    if case.is_multiple_of(2) {
        if let Some(r) = rare.next() {
            at += 1.0;
            row(
                o,
                case,
                &format!("Rare activity {r:03}"),
                "Care",
                at,
                at + 0.25,
            );
        }
    }
}

fn stages_of(case: usize) -> Vec<&'static str> {
    let mut v = FREQUENT.to_vec();
    if SLOW.contains(&case) {
        v.insert(3, "Slow review");
    }
    v
}

/// The log as CSV.
fn log() -> String {
    let mut o = String::from("case,stage,department,start,end\n");
    // Rare stage r occurs twice for r < 297, once otherwise: 891 events.
    let mut rare = (0..RARE).flat_map(|r| if r < RARE / 2 { vec![r, r] } else { vec![r] });
    for case in 0..CASES {
        case_rows(&mut o, case, &mut rare);
    }
    o
}

fn procdiag(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("procdiag").unwrap();
    c.current_dir(dir);
    c
}

/// The text of the `<section id="…">` of the report.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\"")).expect(id);
    &html[start..start + html[start..].find("</section>").unwrap()]
}

/// The row labels of an hbar chart (right-aligned texts), top to bottom.
fn bar_labels(svg: &str) -> Vec<String> {
    svg.split("text-anchor=\"end\"")
        .skip(1)
        .map(|p| {
            let text = &p[p.find('>').unwrap() + 1..p.find("</text>").unwrap()];
            let text = text.rsplit("</title>").next().unwrap();
            text.to_string()
        })
        .collect()
}

/// The first cell of each body row of the first table in `html`.
fn first_cells(html: &str) -> Vec<String> {
    let table = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    table
        .split("<tr><td class=\"name\">")
        .skip(1)
        .map(|p| p[..p.find("</td>").unwrap()].to_string())
        .collect()
}

#[test]
fn the_slow_stage_leads_and_the_long_tail_is_one_bar_and_a_folded_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("log.csv"), log()).unwrap();
    procdiag(dir.path())
        .args([
            "report", "--tasks", "log.csv", "--out", "r.html", "--lang", "en",
        ])
        .args(["--json", "r.json", "--csv-dir", "tables"])
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.len() < 3_000_000, "report of {} bytes", html.len());

    let stages = section(&html, "stages");
    let chart = &stages[stages.find("<svg").unwrap()..stages.find("</svg>").unwrap()];
    let labels = bar_labels(chart);
    // Six stages are not rare (the slow one in 60 of 2,000 cases is 3%); 594 are.
    assert_eq!(labels.len(), 7, "{labels:?}");
    assert_eq!(labels[0], "Slow review");
    assert_eq!(labels[6], "Other 594 stages");
    // Rare events: 297 stages twice and 297 once.
    assert!(
        stages.contains("the other 594 stages (891 events,"),
        "{}",
        &stages[..2000.min(stages.len())]
    );
    assert!(stages.contains("594 of them each seen in fewer than 1% of cases"));

    let rows = first_cells(stages);
    assert_eq!(rows.len(), 25, "25 rows shown");
    assert_eq!(rows[0], "Slow review");
    assert!(stages.contains("<details class=\"more\"><summary>The other 575 stages ("));
    assert_eq!(
        stages.matches("<tr><td class=\"name\">").count(),
        600,
        "every stage in the page"
    );

    let bottlenecks = section(&html, "bottlenecks");
    let chart =
        &bottlenecks[bottlenecks.find("<svg").unwrap()..bottlenecks.find("</svg>").unwrap()];
    let labels = bar_labels(chart);
    assert_eq!(labels[0], "Slow review");
    assert!(labels.last().unwrap().starts_with("Other "), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l.starts_with("Rare")),
        "rare stages are grouped: {labels:?}"
    );

    let quality = section(&html, "quality");
    assert!(quality.contains("594 stages are each seen in fewer than 1% of cases (891 events"));
    assert!(quality.contains("genuine long tail"));

    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(json["tasklog"]["stages"].as_array().unwrap().len(), 600);
    let codes: Vec<&str> = json["tasklog"]["data_quality"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"rare_stages"), "{codes:?}");

    let csv_name = std::fs::read_dir(dir.path().join("tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("-stages.csv"))
        .unwrap();
    let csv = std::fs::read_to_string(dir.path().join("tables").join(csv_name)).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 601, "header and all 600 stages");
    assert!(lines[1].starts_with("Slow review,60,60,"), "{}", lines[1]);
}

#[test]
fn the_terminal_table_ranks_and_counts_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("log.csv"), log()).unwrap();
    let out = procdiag(dir.path())
        .args(["analyze", "--tasks", "log.csv"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let at = text
        .find("stages (most total waiting first)")
        .expect("stage lines");
    let first = text[at..].lines().nth(1).unwrap();
    assert!(first.trim_start().starts_with("Slow review"), "{first}");
    assert!(text.contains("… 575 more stages ("), "{text}");
}

/// `&amp;` and the other entities minijinja writes, back to text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Every stage of each real log is in its report's stage table (shown or folded), in
/// the order of total waiting, then events.
#[test]
fn each_real_log_shows_every_stage_ranked_by_impact() {
    let Ok(real) = std::env::var("PROCDIAG_REAL_DATA") else {
        eprintln!("PROCDIAG_REAL_DATA is not set: skipping the real logs");
        return;
    };
    for file in [
        "pm4py_receipt.csv",
        "bpic2013_closed_problems.csv",
        "simod_production.csv",
        "uci_incident_event_log_first6k.csv",
    ] {
        let path = Path::new(&real).join(file);
        assert!(path.exists(), "{} is missing", path.display());
        let dir = tempfile::tempdir().unwrap();
        procdiag(dir.path())
            .arg("report")
            .arg("--tasks")
            .arg(&path)
            .args(["--out", "r.html", "--json", "r.json", "--lang", "en"])
            .assert()
            .success();
        let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
        let json: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
        let stages = json["tasklog"]["stages"].as_array().unwrap();
        let total = |s: &Value| {
            s["wait_hours"]["mean"].as_f64().unwrap_or(0.0) * s["wait_hours"]["n"].as_f64().unwrap()
        };
        let mut expected: Vec<&Value> = stages.iter().collect();
        expected.sort_by(|a, b| {
            total(b)
                .total_cmp(&total(a))
                .then(b["events"].as_u64().cmp(&a["events"].as_u64()))
        });
        let section = section(&html, "stages");
        let shown: Vec<String> = section
            .split("<tr><td class=\"name\">")
            .skip(1)
            .map(|p| unescape(&p[..p.find("</td>").unwrap()]))
            .collect();
        let names: Vec<&str> = expected
            .iter()
            .map(|s| s["stage"].as_str().unwrap())
            .collect();
        assert_eq!(
            shown, names,
            "{file}: every stage, by total waiting then events"
        );
    }
}
