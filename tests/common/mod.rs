//! Shared by the integration tests that write one task log in many file forms: the
//! rows as text tables, CSV text in any delimiter and encoding, xlsx workbooks with
//! date cells or text, and the check that a file gives the same figures as the base.
//!
//! The base is `procdiag::sample::generate(40, 3)` (times in whole minutes) written as
//! plain UTF-8 CSV with comma and `YYYY-MM-DD HH:MM:SS`; every other form must give
//! byte-identical `serde_json` of `analyze_tasklog` and use every row.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use procdiag::analysis::analyze_tasklog;
use procdiag::ingest::tasklog::{load, TasklogOptions};
use procdiag::model::InputSummary;
use procdiag::sample::{self, Row, HEADERS};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;

/// Cases and seed of the base log.
pub const BASE_CASES: usize = 40;
pub const BASE_SEED: u64 = 3;

/// The base rows (about 340 events over the year 2024).
pub fn base_rows() -> Vec<Row> {
    sample::generate(BASE_CASES, BASE_SEED)
}

/// A table of text cells; the first record is the header.
pub type Records = Vec<Vec<String>>;

/// `2024-03-01 14:05:00`, the base layout.
pub fn iso_space(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The rows with the sample's Chinese headers, times written by `layout`.
pub fn records(rows: &[Row], layout: impl Fn(&NaiveDateTime) -> String) -> Records {
    let mut out = vec![HEADERS.iter().map(|h| h.to_string()).collect()];
    out.extend(rows.iter().map(|r| {
        vec![
            r.case.clone(),
            r.stage.to_string(),
            r.department.to_string(),
            r.owner.to_string(),
            layout(&r.start),
            layout(&r.end),
            r.status.to_string(),
        ]
    }));
    out
}

/// Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180), or
/// always when `all` is set.
pub fn csv_field(s: &str, sep: char, all: bool) -> String {
    if all || s.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV text of the records with delimiter `sep` and line ending `eol`.
pub fn csv_text(records: &Records, sep: char, eol: &str) -> String {
    csv_text_quoted(records, sep, eol, false)
}

/// As [`csv_text`], quoting every field when `all` is set.
pub fn csv_text_quoted(records: &Records, sep: char, eol: &str, all: bool) -> String {
    let mut out = String::new();
    for r in records {
        let fields: Vec<String> = r.iter().map(|f| csv_field(f, sep, all)).collect();
        out.push_str(&fields.join(&sep.to_string()));
        out.push_str(eol);
    }
    out
}

/// UTF-16 little-endian bytes with a BOM.
pub fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// UTF-16 big-endian bytes with a BOM.
pub fn utf16be_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

/// Bytes in a legacy encoding; panics when a character has no mapping (the test data
/// would then not be what the test claims).
pub fn legacy(text: &str, enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "{} has an encoder of its own", enc.name());
    assert!(
        !unmappable,
        "the text has characters {} cannot hold",
        enc.name()
    );
    bytes.into_owned()
}

/// Writes `bytes` to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p
}

/// A cell of a workbook written by [`write_xlsx`].
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Date(NaiveDateTime),
    Empty,
}

/// One worksheet: name and rows of cells.
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// Text records as cells.
pub fn text_cells(records: &Records) -> Vec<Vec<Cell>> {
    records
        .iter()
        .map(|r| r.iter().map(|s| Cell::Text(s.clone())).collect())
        .collect()
}

/// The rows with real date cells for the start and end times.
pub fn date_cells(rows: &[Row]) -> Vec<Vec<Cell>> {
    let mut out = vec![HEADERS.iter().map(|h| Cell::Text(h.to_string())).collect()];
    out.extend(rows.iter().map(|r| {
        vec![
            Cell::Text(r.case.clone()),
            Cell::Text(r.stage.to_string()),
            Cell::Text(r.department.to_string()),
            Cell::Text(r.owner.to_string()),
            Cell::Date(r.start),
            Cell::Date(r.end),
            Cell::Text(r.status.to_string()),
        ]
    }));
    out
}

fn write_sheet(ws: &mut Worksheet, rows: &[Vec<Cell>]) -> Result<(), rust_xlsxwriter::XlsxError> {
    let date = Format::new().set_num_format("yyyy/m/d hh:mm");
    for (i, r) in rows.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            let (i, j) = (i as u32, j as u16);
            match c {
                Cell::Text(s) => {
                    ws.write_string(i, j, s)?;
                }
                Cell::Date(t) => {
                    ws.write_datetime_with_format(i, j, *t, &date)?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(())
}

/// An xlsx workbook holding `sheets` in order.
pub fn xlsx_bytes(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).expect("a valid sheet name");
        write_sheet(ws, &s.rows).expect("cells within Excel's limits");
    }
    wb.save_to_buffer().expect("an xlsx buffer")
}

/// Loads a task log, checks that all `rows` data rows were read and used, and returns
/// the analysis as JSON text.
pub fn figures(path: &Path, opts: &TasklogOptions, rows: usize) -> (String, InputSummary) {
    let (log, summary) =
        load(path, opts).unwrap_or_else(|e| panic!("{} cannot be loaded: {e}", path.display()));
    let shown: Vec<String> = summary
        .rejections
        .iter()
        .take(5)
        .map(|r| {
            format!(
                "row {} column {:?} value {:?}: {}",
                r.row, r.column, r.value, r.reason
            )
        })
        .collect();
    assert_eq!(
        (summary.rows_read, summary.rows_used, summary.rows_rejected),
        (rows, rows, 0),
        "{}: rows read/used/rejected; first rejections: {shown:#?}; columns {:?}; \
         formats {:?}",
        path.display(),
        summary.columns,
        summary.timestamp_formats
    );
    let analysis = analyze_tasklog(&log)
        .unwrap_or_else(|e| panic!("{} cannot be analysed: {e:#}", path.display()));
    let json = serde_json::to_string(&analysis).expect("the analysis serialises");
    (json, summary)
}

/// The figures of the base: plain UTF-8 CSV, comma, `YYYY-MM-DD HH:MM:SS`.
pub fn base_figures() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let rows = base_rows();
        let text = csv_text(&records(&rows, iso_space), ',', "\n");
        let p = write(dir.path(), "base.csv", text.as_bytes());
        figures(&p, &TasklogOptions::default(), rows.len()).0
    })
}

/// Asserts that two analyses serialise to the same bytes; on a difference, names the
/// first JSON path that differs and both values there.
pub fn assert_same_figures(expected: &str, actual: &str, form: &str) {
    if expected == actual {
        return;
    }
    let e: Value = serde_json::from_str(expected).expect("expected is JSON");
    let a: Value = serde_json::from_str(actual).expect("actual is JSON");
    let diff = first_difference(&e, &a, "$".to_string()).unwrap_or_else(|| {
        (
            "(same values, different bytes)".into(),
            e.clone(),
            a.clone(),
        )
    });
    panic!(
        "{form}: figures differ from the base at {}:\n  base: {}\n  this: {}",
        diff.0, diff.1, diff.2
    );
}

fn first_difference(e: &Value, a: &Value, path: String) -> Option<(String, Value, Value)> {
    match (e, a) {
        (Value::Object(eo), Value::Object(ao)) => {
            for (k, ev) in eo {
                let av = ao.get(k).cloned().unwrap_or(Value::Null);
                if let Some(d) = first_difference(ev, &av, format!("{path}.{k}")) {
                    return Some(d);
                }
            }
            ao.keys()
                .find(|k| !eo.contains_key(*k))
                .map(|k| (format!("{path}.{k}"), Value::Null, ao[k].clone()))
        }
        (Value::Array(ea), Value::Array(aa)) if ea.len() == aa.len() => ea
            .iter()
            .zip(aa)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{path}[{i}]"))),
        _ if e == a => None,
        _ => Some((path, e.clone(), a.clone())),
    }
}

/// The Excel serial day number (1900 system) of a time.
pub fn excel_serial(t: &NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date");
    (*t - epoch).num_milliseconds() as f64 / 86_400_000.0
}
