//! Tests of the report grids on real analyses (the full sample through the library's
//! own pipeline, and a task log whose names are hostile): ids, headers and row shapes,
//! numbers typed, the report's rows and limits, small survey groups suppressed, and
//! CSV files and workbooks that hold hostile text inert and literally.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use clap::Parser;

use super::*;
use crate::export::csv_dir::{write_csv_dir, BOM};
use crate::export::xlsx::write_workbook;

/// The analysis `procdiag report ARGS` computes.
fn analyse(args: &[&str]) -> Analysis {
    let mut argv = vec!["procdiag", "report"];
    argv.extend_from_slice(args);
    let cli = crate::cli::Cli::try_parse_from(argv).expect("arguments parse");
    let c = crate::config::resolve(&cli).expect("configuration resolves");
    crate::commands::load_and_analyse(&c, false).expect("inputs analyse")
}

/// The full sample (task log, two survey waves, procdiag.toml) with 300 cases.
fn sample() -> &'static Analysis {
    static SAMPLE: OnceLock<Analysis> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        crate::sample::write_full_sample(dir.path(), "sample_tasklog", 300, 5)
            .expect("sample written");
        let config = dir.path().join("procdiag.toml");
        analyse(&["--config", config.to_str().expect("UTF-8 path")])
    })
}

fn find<'a>(grids: &'a [Grid], id: &str) -> &'a Grid {
    grids
        .iter()
        .find(|g| g.id == id)
        .unwrap_or_else(|| panic!("grid {id} is there"))
}

/// The cells of a grid's column, by header.
fn column<'a>(g: &'a Grid, header: &str) -> Vec<&'a Cell> {
    let j = g
        .header
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("{} has a column {header}: {:?}", g.id, g.header));
    g.rows.iter().map(|r| &r[j]).collect()
}

#[test]
fn every_grid_has_a_unique_listed_id_a_header_and_full_rows() {
    for lang in [Lang::En, Lang::Zh] {
        let grids = report_grids(sample(), lang);
        let positions: Vec<usize> = grids
            .iter()
            .map(|g| IDS.iter().position(|id| *id == g.id).expect("listed id"))
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "unique ids in report order: {positions:?}"
        );
        for g in &grids {
            assert!(!g.header.is_empty() && !g.title.is_empty(), "{}", g.id);
            assert!(g.header.iter().all(|h| !h.is_empty()), "{}", g.id);
            assert!(!g.rows.is_empty(), "{} has rows", g.id);
            for r in &g.rows {
                assert_eq!(r.len(), g.header.len(), "{} row {r:?}", g.id);
            }
        }
    }
}

#[test]
fn the_sample_gives_every_table_of_its_report() {
    let grids = report_grids(sample(), Lang::En);
    let ids: BTreeSet<&str> = grids.iter().map(|g| g.id).collect();
    for id in [
        "scorecard",
        "problems",
        "attribution",
        "kpis",
        "sla_clocks",
        "sla_groups",
        "sla_weeks",
        "sla_working",
        "stages",
        "bottlenecks",
        "variants",
        "handoffs",
        "workload_departments",
        "workload_owners",
        "edges",
        "kpi_periods",
        "breakdown",
        "survey_dimensions",
        "survey_groups",
        "survey_choices",
        "survey_scales",
        "survey_items",
        "survey_reliability",
        "inputs",
        "input_columns",
    ] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
}

/// The `data-table` ids of an HTML report, in page order, each once.
fn html_table_ids(html: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for part in html.split("data-table=\"").skip(1) {
        let id = part.split('"').next().unwrap_or_default().to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[test]
fn every_table_of_the_html_report_has_its_export_and_every_export_its_table() {
    for lang in [Lang::En, Lang::Zh] {
        let a = sample();
        let html = crate::report::render_html(a, lang).expect("report renders");
        let tables = html.matches("<table").count();
        let tagged = html.matches("<table data-table=\"").count()
            + html
                .matches("<table class=\"compact\" data-table=\"")
                .count()
            + html.matches("<table class=\"kv\" data-table=\"").count()
            + html
                .matches("<table class=\"scorecard\" data-table=\"")
                .count();
        assert_eq!(tagged, tables, "every <table> names its export");
        let in_html = html_table_ids(&html);
        let exported: Vec<String> = report_grids(a, lang)
            .iter()
            .map(|g| g.id.to_string())
            .collect();
        for id in &in_html {
            assert!(IDS.contains(&id.as_str()), "{id} is an export id");
        }
        let mut html_sorted = in_html.clone();
        html_sorted.sort();
        let mut grids_sorted = exported.clone();
        grids_sorted.sort();
        assert_eq!(
            html_sorted, grids_sorted,
            "HTML {in_html:?}\nexports {exported:?}"
        );
    }
}

#[test]
fn numbers_are_typed_hours_shares_and_counts() {
    let a = sample();
    let t = a.tasklog.as_ref().expect("task log");
    let grids = report_grids(a, Lang::En);
    let stages = find(&grids, "stages");
    // Stages as the report ranks them: most total waiting first.
    let s = crate::analysis::rank::stages_by_impact(&t.stages)[0];
    assert_eq!(stages.rows[0][0], Cell::Text(s.stage.clone()));
    assert_eq!(stages.rows[0][1], Cell::Count(s.events as u64));
    let wait = column(stages, "Waiting time median (h)");
    assert_eq!(*wait[0], hours(s.wait_hours.median));
    assert!(matches!(wait[0], Cell::Hours(_)));
    let b = find(&grids, "bottlenecks");
    assert_eq!(b.rows[0][2], Cell::Pct(t.bottlenecks[0].wait_share));
    let kpis = find(&grids, "kpis");
    assert_eq!(kpis.rows[0][1], Cell::Count(t.cases as u64));
    let verdicts = column(find(&grids, "scorecard"), "Verdict");
    assert!(verdicts.iter().all(|c| matches!(c, Cell::Verdict(_, _))));
}

#[test]
fn lists_the_report_cuts_are_complete_and_in_its_order() {
    let a = sample();
    let t = a.tasklog.as_ref().expect("task log");
    let grids = report_grids(a, Lang::En);
    assert_eq!(find(&grids, "problems").rows.len(), t.problems.len());
    assert_eq!(find(&grids, "edges").rows.len(), t.edges.len());
    assert_eq!(find(&grids, "stages").rows.len(), t.stages.len());
    let owners = find(&grids, "workload_owners");
    assert_eq!(owners.rows.len(), t.workload.owners.len());
    // Edges by total delay (count × mean), as the report ranks them.
    let ranked = crate::analysis::rank::edges_by_delay(&t.edges);
    let rows = &find(&grids, "edges").rows;
    for (row, e) in rows.iter().zip(&ranked) {
        assert_eq!((&row[0], &row[1]), (&text(&e.from), &text(&e.to)));
    }
    let totals: Vec<f64> = ranked
        .iter()
        .map(|e| crate::analysis::rank::total_hours(&e.hours))
        .collect();
    assert!(
        totals.windows(2).all(|w| w[0] >= w[1]),
        "most total delay first"
    );
    // The KPI table shows the totals only; the breakdown has every group.
    let totals = a.kpi_periods.iter().filter(|p| p.by.is_none()).count();
    assert_eq!(find(&grids, "kpi_periods").rows.len(), totals);
    assert_eq!(find(&grids, "breakdown").rows.len(), a.breakdowns.len());
}

#[test]
fn suppressed_survey_groups_keep_their_count_and_never_a_score() {
    let a = sample();
    let s = a.survey.as_ref().expect("survey");
    let hidden: Vec<_> = s.groups.iter().filter(|g| g.suppressed).collect();
    assert!(
        !hidden.is_empty(),
        "the sample has a group below the minimum"
    );
    let grids = report_grids(a, Lang::Zh);
    let g = find(&grids, "survey_groups");
    let dims = s.dimensions.len();
    for h in hidden {
        let row = g
            .rows
            .iter()
            .find(|r| r[0] == Cell::Text(h.by.clone()) && r[1] == Cell::Text(h.value.clone()))
            .expect("the suppressed group is listed");
        assert_eq!(row[2], Cell::Count(h.n as u64));
        assert!(
            row[3..3 + dims].iter().all(|c| *c == Cell::Empty),
            "{row:?}"
        );
        // Nowhere else does the group appear with figures.
        if let Some(d) = grids.iter().find(|g| g.id == "survey_log_departments") {
            assert!(d.rows.iter().all(|r| r[0] != Cell::Text(h.value.clone())));
        }
    }
}

#[test]
fn chinese_headers_reach_the_csv_with_a_bom() -> anyhow::Result<()> {
    let grids = report_grids(sample(), Lang::Zh);
    let stages = find(&grids, "stages");
    assert_eq!(stages.header[0], "环节");
    assert!(stages.header.iter().any(|h| h.ends_with("（小时）")));
    let dir = tempfile::tempdir()?;
    let paths = write_csv_dir(dir.path(), &grids)?;
    assert_eq!(paths.len(), grids.len());
    assert!(paths[0].ends_with("01-scorecard.csv"));
    for p in &paths {
        let bytes = std::fs::read(p)?;
        assert!(bytes.starts_with(BOM.as_bytes()), "{}", p.display());
        let text = String::from_utf8(bytes)?;
        assert!(
            text.ends_with('\n') && !text.contains("\r\n"),
            "LF line ends"
        );
    }
    let stages_csv = paths
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-stages.csv"))
        .expect("stages file");
    let text = std::fs::read_to_string(stages_csv)?;
    assert!(text.starts_with(&format!("{BOM}环节,事件数,案例数,作业时间中位数（小时）")));
    Ok(())
}

/// Names a spreadsheet or a browser could take for code.
const HOSTILE: [&str; 8] = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2-3",
    "@SUM(A1)",
    "\tx",
    "<script>alert(1)</script>",
    "\"quoted\"",
    "</style>",
];

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A task log whose stages, departments and owners are the hostile names.
fn hostile_log(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from("case,stage,department,owner,start,end\n");
    for case in 0..6 {
        for (k, name) in HOSTILE.iter().enumerate() {
            let dept = HOSTILE[(k + case) % HOSTILE.len()];
            let owner = HOSTILE[(k + 2 * case) % HOSTILE.len()];
            let day = 1 + case;
            let (from, to) = (8 + k, 9 + k);
            csv.push_str(&format!(
                "C{case},{},{},{},2024-03-{day:02} {from:02}:00:00,2024-03-{day:02} {to:02}:30:00\n",
                quote(name),
                quote(dept),
                quote(owner)
            ));
        }
    }
    let path = dir.join("hostile.csv");
    std::fs::write(&path, csv).expect("log written");
    path
}

/// The fields of a CSV text (RFC 4180), without the BOM.
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let (mut field, mut quoted, mut chars) = (String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',' | '\n', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields
}

/// Whether a spreadsheet could read the text as a formula.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err()
}

#[test]
fn hostile_names_stay_inert_and_literal_in_csv_files() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let log = hostile_log(dir.path());
    let a = analyse(&["--tasks", log.to_str().expect("UTF-8 path")]);
    let stages: Vec<String> = a
        .tasklog
        .as_ref()
        .expect("log")
        .stages
        .iter()
        .map(|s| s.stage.clone())
        .collect();
    assert!(
        stages.len() >= 7,
        "the names are read as stages: {stages:?}"
    );
    let paths = write_csv_dir(&dir.path().join("csv"), &report_grids(&a, Lang::En))?;
    let mut all = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p)?;
        all.extend(csv_fields(text.trim_start_matches(BOM)));
    }
    assert!(
        all.iter().all(|f| !formula_like(f)),
        "no field is formula-like"
    );
    for name in &stages {
        let shown = if formula_like(name) {
            format!("'{name}")
        } else {
            name.clone()
        };
        assert!(all.contains(&shown), "{shown:?} is written literally");
    }
    Ok(())
}

#[test]
fn hostile_names_are_string_cells_never_formulas_in_the_workbook() -> anyhow::Result<()> {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir()?;
    let log = hostile_log(dir.path());
    let a = analyse(&["--tasks", log.to_str().expect("UTF-8 path")]);
    let names: Vec<String> = a
        .tasklog
        .as_ref()
        .expect("log")
        .stages
        .iter()
        .map(|s| s.stage.clone())
        .collect();
    let grids = report_grids(&a, Lang::Zh);
    let path = dir.path().join("tables.xlsx");
    write_workbook(&path, &grids)?;
    let mut wb = open_workbook_auto(&path)?;
    let sheets = wb.sheet_names();
    assert_eq!(sheets.len(), grids.len());
    let mut strings = BTreeSet::new();
    for sheet in &sheets {
        let formulas = wb.worksheet_formula(sheet)?;
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has no formula"
        );
        let range = wb.worksheet_range(sheet)?;
        for c in range.used_cells().map(|(_, _, c)| c) {
            if let Data::String(s) = c {
                strings.insert(s.clone());
            }
        }
    }
    for name in &names {
        assert!(
            strings.contains(name),
            "{name:?} is a string cell as written"
        );
    }
    Ok(())
}

#[test]
fn the_workbook_has_named_sheets_text_headers_and_typed_numbers() -> anyhow::Result<()> {
    use calamine::{open_workbook_auto, Data, Reader};
    let grids = report_grids(sample(), Lang::En);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.xlsx");
    write_workbook(&path, &grids)?;
    let mut wb = open_workbook_auto(&path)?;
    let stages = grids.iter().position(|g| g.id == "stages").expect("stages");
    let name = wb.sheet_names()[stages].clone();
    assert_eq!(name, "Working vs waiting by stage");
    let range = wb.worksheet_range(&name)?;
    assert_eq!(range.get((0, 0)), Some(&Data::String("Stage".into())));
    assert!(matches!(range.get((1, 1)), Some(Data::Float(_))));
    assert!(matches!(range.get((1, 5)), Some(Data::Float(_))));
    Ok(())
}

#[test]
fn hostile_text_in_headers_and_cells_is_inert_in_both_formats() -> anyhow::Result<()> {
    use calamine::{open_workbook_auto, Data, Reader};
    let g = Grid {
        id: "stages",
        title: "=Stages".into(),
        header: HOSTILE.iter().map(|h| h.to_string()).collect(),
        rows: vec![HOSTILE.iter().map(|h| text(*h)).collect()],
    };
    let dir = tempfile::tempdir()?;
    let paths = write_csv_dir(dir.path(), std::slice::from_ref(&g))?;
    let fields = csv_fields(std::fs::read_to_string(&paths[0])?.trim_start_matches(BOM));
    assert_eq!(fields.len(), 2 * HOSTILE.len());
    assert!(fields.iter().all(|f| !formula_like(f)), "{fields:?}");
    assert!(fields.contains(&"'\tx".to_string()));
    assert!(fields.contains(&"\"quoted\"".to_string()));
    let path = dir.path().join("t.xlsx");
    write_workbook(&path, &[g])?;
    let mut wb = open_workbook_auto(&path)?;
    assert_eq!(wb.sheet_names(), ["=Stages"]);
    let formulas = wb.worksheet_formula("=Stages")?;
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let range = wb.worksheet_range("=Stages")?;
    for (j, h) in HOSTILE.iter().enumerate() {
        assert_eq!(range.get((0, j)), Some(&Data::String(h.to_string())));
        assert_eq!(range.get((1, j)), Some(&Data::String(h.to_string())));
    }
    Ok(())
}
