//! No input makes the readers panic: property tests over what users (and broken
//! exports) can hand to `procdiag::ingest::tasklog::load`.
//!
//! Each property writes a file and loads it. `load` must return `Ok` or `Err`, never
//! panic; when it is `Ok`, the row accounting must add up (used + rejected = read, one
//! event per used row, at most 100 listed rejections) and `analyze_tasklog` must
//! return `Ok` and serialise to JSON.
//!
//! Cases per property (proptest `Config::cases`; fixed RNG seed, so every run tries the
//! same inputs; no failure-persistence files are written). "Loaded" is how many cases
//! `load` accepted when this was written (run with `--nocapture` to see the current
//! figures); the structured and xlsx properties assert a floor so they cannot turn
//! vacuous.
//!
//! | property                                              | cases | loaded |
//! |-------------------------------------------------------|-------|--------|
//! | arbitrary bytes as a .csv file                        |   256 |      0 |
//! | token soup under a plausible header, six encodings    |   256 |      0 |
//! | structured rows: odd times, ragged rows, title rows   |   256 |    124 |
//! | arbitrary and log-like cell grids as .xlsx            |    64 |     33 |
//! | random bytes as .xlsx/.xlsm/.xlsb/.xls/.ods (→ Err)   |    64 |      0 |
//! | valid .xlsx and .xls with flipped or cut-off bytes    |    64 |     11 |
//!
//! 960 cases in all: 23 s in a debug build on 2 cores (38 s while another build ran).
//! Two regression tests at the end pin the panics these properties found.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use procdiag::analysis::analyze_tasklog;
use procdiag::ingest::tasklog::{load, TasklogOptions};
use procdiag::model::InputSummary;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rust_xlsxwriter::{Format, Workbook};

/// A proptest configuration with `cases` cases, a fixed seed and no persistence.
fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x70_72_6f_63),
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    }
}

/// Loads `path`; on `Ok` checks the accounting and that the analysis succeeds.
/// Returns the input summary when the load succeeded.
fn load_checked(path: &Path) -> Result<Option<InputSummary>, TestCaseError> {
    match load(path, &TasklogOptions::default()) {
        Err(e) => {
            // The message must be printable.
            prop_assert!(!e.to_string().is_empty());
            Ok(None)
        }
        Ok((log, s)) => {
            prop_assert_eq!(s.rows_used + s.rows_rejected, s.rows_read, "{:?}", s);
            prop_assert_eq!(log.events(), s.rows_used);
            prop_assert_eq!(s.rejections.len(), s.rows_rejected.min(100));
            prop_assert_eq!(s.rejection_reasons.values().sum::<usize>(), s.rows_rejected);
            let a = analyze_tasklog(&log);
            prop_assert!(a.is_ok(), "analysis failed: {:#}", a.unwrap_err());
            let a = a.unwrap();
            prop_assert_eq!(a.events, s.rows_used);
            prop_assert!(serde_json::to_string(&a).is_ok());
            Ok(Some(s))
        }
    }
}

/// Writes `bytes` as `name` in a fresh temp dir and runs [`load_checked`].
fn load_bytes(name: &str, bytes: &[u8]) -> Result<Option<InputSummary>, TestCaseError> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("a writable temp dir");
    load_checked(&p)
}

/// Runs `cases` cases of `strategy` through `check` (which returns the summary of a
/// file that loaded), panicking with the minimal failing input on a failure or a
/// panic. Returns how many cases loaded, and prints it (`--nocapture` shows it).
fn run_property<S>(
    name: &str,
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<Option<InputSummary>, TestCaseError>,
) -> u32
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let loaded = AtomicU32::new(0);
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |v| {
        if check(v)?.is_some() {
            loaded.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let loaded = loaded.into_inner();
    eprintln!("{name}: {cases} cases, {loaded} loaded");
    loaded
}

// ---------------------------------------------------------------- text

/// Pieces of CSV-like text: delimiters, quotes, line breaks, CJK, BOMs, NUL, header
/// words, times in many layouts, sentinels and formula-like cells.
const TOKENS: &[&str] = &[
    ",",
    ",",
    ";",
    "\t",
    "|",
    "\"",
    "\"\"",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "",
    "\u{FEFF}",
    "\0",
    "\u{3000}",
    "工单号",
    "环节",
    "开始时间",
    "完成时间",
    "需求评审",
    "合规审批",
    "退回",
    "c1",
    "c2",
    "A",
    "B",
    "2024/3/1 14:05",
    "2024-03-01 14:05:00",
    "2024-03-01T14:05:00+08:00",
    "2024-03-01T06:05:00Z",
    "2024年3月1日 14时05分",
    "2024/3/1 下午2:05",
    "13-03-2024 14:05",
    "03/13/2024 2:05 PM",
    "45352.5868055556",
    "1709301900000",
    "1709301900",
    "9999-12-31 23:59:59",
    "0001-01-01 00:00:00",
    "+262143-12-31 23:59:59",
    "-262143-01-01 00:00:00",
    "2024-02-30 10:00",
    "24:00",
    "NaN",
    "inf",
    "-1e308",
    "#N/A",
    "-",
    "=HYPERLINK(\"x\")",
    "é",
    "\u{1F600}",
    "\u{202E}",
];

/// One piece of text: mostly a token, sometimes any character, a number-like run, a
/// very long field, or a run of quotes, delimiters or line breaks.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => prop::sample::select(TOKENS).prop_map(String::from),
        2 => any::<char>().prop_map(String::from),
        2 => "[0-9.:/ -]{1,20}",
        1 => (prop::sample::select(vec!["x", "工", "9"]), 1000usize..20_000)
            .prop_map(|(s, n)| s.repeat(n)),
        1 => (prop::sample::select(vec!["\"", ",", "\t", "\n", "\r\n", "\u{FEFF}"]), 2usize..300)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// How the text is turned into bytes.
#[derive(Debug, Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Gbk,
    Windows1252,
    Utf16LeBom,
    Utf16BeNoBom,
}

fn encoding() -> impl Strategy<Value = Enc> {
    prop::sample::select(vec![
        Enc::Utf8,
        Enc::Utf8Bom,
        Enc::Gbk,
        Enc::Windows1252,
        Enc::Utf16LeBom,
        Enc::Utf16BeNoBom,
    ])
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        // Unmappable characters become numeric character references; fine here.
        Enc::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Enc::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
        Enc::Utf16LeBom => common::utf16le_bom(text),
        Enc::Utf16BeNoBom => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    }
}

const DELIMITERS: [char; 4] = [',', ';', '\t', '|'];

#[test]
fn arbitrary_bytes_as_a_csv_file_never_panic() {
    let bytes = prop::collection::vec(any::<u8>(), 0..4096);
    run_property("arbitrary bytes", 256, bytes, |b| load_bytes("log.csv", &b));
}

#[test]
fn csv_like_token_soup_under_a_plausible_header_never_panics() {
    let soup = (
        prop::sample::select(DELIMITERS.to_vec()),
        encoding(),
        prop::collection::vec(token(), 0..200),
    );
    run_property("token soup", 256, soup, |(sep, enc, body)| {
        let header = ["工单号", "环节", "开始时间", "完成时间"].join(&sep.to_string());
        let text = format!("{header}\n{}", body.concat());
        load_bytes("log.csv", &encode(&text, enc))
    });
}

// ---------------------------------------------------------------- structured rows

/// Header sets: the brief's four columns, the sample's seven, XES single timestamp,
/// and date and time in separate columns.
const HEADER_SETS: &[&[&str]] = &[
    &["工单号", "环节", "开始时间", "完成时间"],
    &[
        "工单号",
        "环节",
        "责任部门",
        "处理人",
        "开始时间",
        "完成时间",
        "状态",
    ],
    &[
        "case:concept:name",
        "concept:name",
        "time:timestamp",
        "org:group",
    ],
    &[
        "工单号",
        "环节",
        "开始日期",
        "开始时间",
        "完成日期",
        "完成时间",
    ],
];

type Layout = fn(&NaiveDateTime) -> String;

/// Time layouts a file may use throughout.
const LAYOUTS: &[Layout] = &[
    |t| t.format("%Y-%m-%d %H:%M:%S").to_string(),
    |t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    |t| t.format("%Y-%m-%dT%H:%M:%S+08:00").to_string(),
    |t| t.format("%Y/%-m/%-d %H:%M").to_string(),
    |t| t.format("%Y年%-m月%-d日 %H时%M分").to_string(),
    |t| t.format("%d-%m-%Y %H:%M").to_string(),
    |t| t.format("%m/%d/%Y %I:%M %p").to_string(),
    |t| {
        t.format("%Y/%-m/%-d %p%-I:%M")
            .to_string()
            .replace("AM", "上午")
            .replace("PM", "下午")
    },
    |t| format!("{:.10}", common::excel_serial(t)),
    |t| t.and_utc().timestamp_millis().to_string(),
    |t| t.and_utc().timestamp().to_string(),
    |t| t.format("%Y-%m-%d").to_string(),
];

/// Odd values for any column: sentinels, impossible dates, extreme numbers, other
/// scripts. None holds a delimiter, a quote or a line break.
const ODD: &[&str] = &[
    "",
    " ",
    "NA",
    "#N/A",
    "null",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "0",
    "-1",
    "1e15",
    "99999999999999",
    "2024-02-30 10:00:00",
    "2023-02-29 10:00",
    "2024/13/1 14:05",
    "24:00",
    "上午",
    "9999-12-31 23:59:59",
    "+262143-12-31 23:59:59",
    "-262143-01-01 00:00:00",
    "２０２４/３/１ １４:０５",
    "٢٠٢٤-٠٣-٠١",
    "=1+1",
];

fn base_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 3, 1)
        .and_then(|d| d.and_hms_opt(14, 5, 0))
        .expect("a valid time")
}

/// An instant: mostly within a few years of 2024, sometimes at the ends of time.
fn instant() -> impl Strategy<Value = NaiveDateTime> {
    prop_oneof![
        9 => (-2_000_000i64..2_000_000).prop_map(|m| base_time() + Duration::minutes(m)),
        1 => prop::sample::select(vec![
            NaiveDateTime::MIN,
            NaiveDateTime::MAX,
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap().and_hms_opt(23, 59, 59).unwrap(),
        ]),
    ]
}

/// A value for column `header` of a file written in time layout `layout`; `split`
/// when dates and times of day are in separate columns.
fn value(header: &'static str, layout: usize, split: bool) -> BoxedStrategy<String> {
    let odd = prop::sample::select(ODD).prop_map(String::from);
    let normal: BoxedStrategy<String> = match header {
        "工单号" | "case:concept:name" => {
            prop::sample::select(vec!["c1", "c2", "c3", "XQ2024001", " c1 ", "工单1"])
                .prop_map(String::from)
                .boxed()
        }
        "环节" | "concept:name" => {
            prop::sample::select(vec!["A", "B", "C", "需求评审", "测试验证"])
                .prop_map(String::from)
                .boxed()
        }
        "开始日期" | "完成日期" => instant()
            .prop_map(|t| t.format("%Y-%m-%d").to_string())
            .boxed(),
        "开始时间" | "完成时间" if split => instant()
            .prop_map(|t| t.format("%H:%M").to_string())
            .boxed(),
        "开始时间" | "完成时间" | "time:timestamp" => {
            instant().prop_map(move |t| LAYOUTS[layout](&t)).boxed()
        }
        _ => prop::sample::select(vec!["研发部", "测试部", "王芳", "已完成", "退回"])
            .prop_map(String::from)
            .boxed(),
    };
    prop_oneof![6 => normal, 1 => odd].boxed()
}

/// A row for `headers`, sometimes cut short or with extra fields.
fn row(headers: &'static [&'static str], layout: usize) -> impl Strategy<Value = Vec<String>> {
    let split = headers.contains(&"开始日期");
    let cells: Vec<BoxedStrategy<String>> =
        headers.iter().map(|h| value(h, layout, split)).collect();
    (cells, 0usize..10).prop_map(|(mut r, shape)| {
        match shape {
            0 => r.truncate(2),
            1 => r.push("多余".into()),
            2 => r.extend(["".to_string(), "x".to_string()]),
            _ => {}
        }
        r
    })
}

/// A whole file: delimiter, encoding, optional title rows, header and rows.
#[derive(Debug, Clone)]
struct TextLog {
    sep: char,
    enc: Enc,
    title: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn text_log() -> impl Strategy<Value = TextLog> {
    (
        prop::sample::select(HEADER_SETS.to_vec()),
        0..LAYOUTS.len(),
        prop::sample::select(DELIMITERS.to_vec()),
        encoding(),
        any::<bool>(),
    )
        .prop_flat_map(|(headers, layout, sep, enc, title)| {
            prop::collection::vec(row(headers, layout), 0..30).prop_map(move |rows| TextLog {
                sep,
                enc,
                title,
                header: headers.iter().map(|h| h.to_string()).collect(),
                rows,
            })
        })
}

#[test]
fn structured_rows_with_odd_times_and_ragged_lines_never_panic() {
    let loaded = run_property("structured rows", 256, text_log(), |log| {
        let sep = log.sep.to_string();
        let mut text = String::new();
        if log.title {
            text.push_str("客户需求交付 任务进度跟踪表\n\n");
        }
        text.push_str(&log.header.join(&sep));
        text.push('\n');
        for r in &log.rows {
            text.push_str(&r.join(&sep));
            text.push('\n');
        }
        let summary = load_bytes("log.csv", &encode(&text, log.enc))?;
        if let Some(s) = &summary {
            // Every data line is a row: none is dropped in silence.
            prop_assert_eq!(s.rows_read, log.rows.len(), "{}", text);
        }
        Ok(summary)
    });
    // The generator must reach the analysis often (124 of 256 when written).
    assert!(loaded >= 64, "only {loaded} of 256 cases loaded");
}

// ---------------------------------------------------------------- xlsx grids

/// A cell of a generated worksheet.
#[derive(Debug, Clone)]
enum XCell {
    Empty,
    Text(String),
    Number(f64),
    /// A number under a date format (Excel shows it as a date whatever its value).
    DateNumber(f64),
    Date(NaiveDateTime),
    Bool(bool),
}

fn special_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<f64>(),
        2 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            -1.0,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            2_958_465.999_99,
            2_958_466.0,
            60.0,
            45352.5868055556,
            -45352.5,
        ]),
        3 => 20_000.0f64..80_000.0,
    ]
}

fn xcell() -> impl Strategy<Value = XCell> {
    prop_oneof![
        3 => Just(XCell::Empty),
        3 => prop_oneof![
            4 => prop::sample::select(TOKENS).prop_map(String::from),
            2 => prop::sample::select(ODD).prop_map(String::from),
            1 => ".{0,40}",
            1 => (1usize..5000).prop_map(|n| "长".repeat(n)),
        ]
        .prop_map(XCell::Text),
        2 => special_f64().prop_map(XCell::Number),
        2 => special_f64().prop_map(XCell::DateNumber),
        3 => (-40_000_000i64..40_000_000)
            .prop_map(|m| XCell::Date(base_time() + Duration::minutes(m))),
        1 => any::<bool>().prop_map(XCell::Bool),
    ]
}

/// A worksheet: an optional plausible header at a random row, then a grid.
#[derive(Debug, Clone)]
struct Grid {
    header_at: Option<u32>,
    cells: Vec<Vec<XCell>>,
}

fn grid() -> impl Strategy<Value = Grid> {
    (
        prop::option::weighted(0.7, 0u32..3),
        prop::collection::vec(prop::collection::vec(xcell(), 0..7), 0..25),
    )
        .prop_map(|(header_at, cells)| Grid { header_at, cells })
}

/// A log-like worksheet: the plausible header, then rows of case, stage and two times
/// (mostly date cells, sometimes date-formatted numbers, text or any cell), and now and
/// then a stray cell.
fn log_grid() -> impl Strategy<Value = Grid> {
    let case = prop_oneof![
        8 => prop::sample::select(vec!["c1", "c2", "c3", "工单1"]).prop_map(|s| XCell::Text(s.into())),
        1 => xcell(),
    ];
    let stage = prop_oneof![
        8 => prop::sample::select(vec!["A", "B", "需求评审"]).prop_map(|s| XCell::Text(s.into())),
        1 => xcell(),
    ];
    let time = || {
        prop_oneof![
            12 => instant()
                .prop_filter("a date Excel can hold", |t| (1900..=9999).contains(&t.year()))
                .prop_map(XCell::Date),
            1 => special_f64().prop_map(XCell::DateNumber),
            1 => instant().prop_map(|t| XCell::Text(t.format("%Y/%-m/%-d %H:%M").to_string())),
            1 => xcell(),
        ]
    };
    let row = (
        case,
        stage,
        time(),
        time(),
        prop::option::weighted(0.1, xcell()),
    )
        .prop_map(|(c, s, a, b, extra)| {
            let mut r = vec![c, s, a, b];
            r.extend(extra);
            r
        });
    (0u32..3, prop::collection::vec(row, 1..25)).prop_map(|(at, cells)| Grid {
        header_at: Some(at),
        cells,
    })
}

fn xlsx_of(sheets: &[Grid]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d hh:mm");
    for g in sheets {
        let ws = wb.add_worksheet();
        let mut first = 0;
        if let Some(at) = g.header_at {
            for (j, h) in ["工单号", "环节", "开始时间", "完成时间"]
                .iter()
                .enumerate()
            {
                let _ = ws.write_string(at, j as u16, *h);
            }
            first = at + 1;
        }
        for (i, r) in g.cells.iter().enumerate() {
            let i = first + i as u32;
            for (j, c) in r.iter().enumerate() {
                let j = j as u16;
                // Values Excel cannot hold are skipped: the writer refuses them.
                let _ = match c {
                    XCell::Empty => continue,
                    XCell::Text(s) => ws.write_string(i, j, s),
                    XCell::Number(x) => ws.write_number(i, j, *x),
                    XCell::DateNumber(x) => ws.write_number_with_format(i, j, *x, &date),
                    XCell::Date(t) => ws.write_datetime_with_format(i, j, *t, &date),
                    XCell::Bool(b) => ws.write_boolean(i, j, *b),
                };
            }
        }
    }
    wb.save_to_buffer().expect("an xlsx buffer")
}

/// A small valid workbook and the XLS fixture, for the byte-flipping property.
fn valid_workbooks() -> &'static [(&'static str, Vec<u8>); 2] {
    static BOOKS: std::sync::OnceLock<[(&'static str, Vec<u8>); 2]> = std::sync::OnceLock::new();
    BOOKS.get_or_init(read_valid_workbooks)
}

fn read_valid_workbooks() -> [(&'static str, Vec<u8>); 2] {
    let rows = procdiag::sample::generate(3, 1);
    let xlsx = common::xlsx_bytes(&[common::Sheet {
        name: "任务".into(),
        rows: common::date_cells(&rows),
    }]);
    let xls =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats_small.xls"))
            .expect("the XLS fixture");
    [("log.xlsx", xlsx), ("log.xls", xls)]
}

/// A change to a valid file: cut it at a fraction of its length, or set bytes at
/// fractions of its length.
#[derive(Debug, Clone)]
enum Damage {
    Cut(f64),
    Set(Vec<(f64, u8)>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        1 => (0.0f64..1.0).prop_map(Damage::Cut),
        3 => prop::collection::vec((0.0f64..1.0, any::<u8>()), 1..16).prop_map(Damage::Set),
    ]
}

#[test]
fn arbitrary_cell_grids_as_xlsx_never_panic() {
    let sheets = prop::collection::vec(prop_oneof![grid(), log_grid()], 1..3);
    let loaded = run_property("xlsx grids", 64, sheets, |sheets| {
        load_bytes("log.xlsx", &xlsx_of(&sheets))
    });
    // Log-like sheets must reach the analysis now and then.
    assert!(loaded >= 8, "only {loaded} of 64 cases loaded");
}

#[test]
fn random_bytes_named_as_a_workbook_are_a_clean_error() {
    let files = (
        prop::sample::select(vec!["xlsx", "xlsm", "xlsb", "xls", "ods"]),
        prop::sample::select(vec![
            &b""[..],
            &b"PK\x03\x04"[..],
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..],
        ]),
        prop::collection::vec(any::<u8>(), 0..4096),
    );
    run_property("random workbooks", 64, files, |(ext, magic, tail)| {
        let bytes = [magic, &tail].concat();
        let loaded = load_bytes(&format!("log.{ext}"), &bytes)?;
        prop_assert!(loaded.is_none(), "random bytes were read as a task log");
        Ok(loaded)
    });
}

#[test]
fn valid_workbooks_with_damaged_bytes_never_panic() {
    let cases = (0usize..2, damage());
    run_property("damaged workbooks", 64, cases, |(which, damage)| {
        let (name, bytes) = &valid_workbooks()[which];
        let mut bytes = bytes.clone();
        match damage {
            Damage::Cut(f) => bytes.truncate((f * bytes.len() as f64) as usize),
            Damage::Set(edits) => {
                let n = bytes.len();
                for (f, v) in edits {
                    bytes[((f * n as f64) as usize).min(n - 1)] = v;
                }
            }
        }
        load_bytes(name, &bytes)
    });
}

// ---------------------------------------------------------------- found by the above

/// Found by `arbitrary_cell_grids_as_xlsx_never_panic`: a number under a date format
/// far before year 1 made `excel_serial_to_text` panic in chrono
/// (`TimeDelta::milliseconds out of bounds`).
#[test]
fn a_date_formatted_cell_holding_minus_1e300_is_no_panic() {
    let sheet = Grid {
        header_at: Some(0),
        cells: vec![vec![
            XCell::Text("c1".into()),
            XCell::Text("A".into()),
            XCell::DateNumber(-1e300),
            XCell::DateNumber(45352.5),
        ]],
    };
    let bytes = xlsx_of(&[sheet]);
    load_bytes("log.xlsx", &bytes).expect("the checks hold");
    let alone = xlsx_of(&[Grid {
        header_at: None,
        cells: vec![vec![XCell::DateNumber(-1e300)]],
    }]);
    load_bytes("alone.xlsx", &alone).expect("the checks hold");
}

/// Found by `valid_workbooks_with_damaged_bytes_never_panic`: calamine's CFB reader
/// panics (slice index out of range) on an .xls cut off at 16,496 of its 17,920 bytes.
#[test]
fn an_xls_cut_short_is_a_clean_error() {
    let (_, xls) = &valid_workbooks()[1];
    let loaded = load_bytes("cut.xls", &xls[..16_496]).expect("the checks hold");
    assert!(loaded.is_none(), "a cut-off workbook was read");
}
