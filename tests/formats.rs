//! The same task log in every form users bring gives byte-identical figures.
//!
//! One small generated log (`sample::generate(40, 3)`, whole-minute times) is written
//! as UTF-8 CSV (the base) and in each other form: encodings (UTF-8 with BOM, UTF-16 LE
//! and BE with BOM, GBK, Windows-1252), delimiters (comma, semicolon, tab, pipe), quoted
//! fields with delimiters, quotes and line breaks, title rows above the header,
//! timestamp layouts (offsets, Chinese dates, day-first, Excel serials, epoch
//! milliseconds, date and time in two columns, AM/PM) and spreadsheets (xlsx with date
//! cells or text, a log on the second sheet, ODS, legacy XLS). Each form must use every
//! row and give the same `serde_json` of `analyze_tasklog` as the base. A property test
//! (24 cases, fixed seed) does the same for random logs with millisecond times in CSV,
//! GBK and xlsx date cells.
//!
//! ODS and XLS have no writer among the test dependencies: `tests/fixtures/make_ods.py`
//! and `make_xls.py` wrote `tests/data/formats_small.{ods,xls}` from
//! `tests/data/formats_small.csv`, and the tests compare each with that CSV.

mod common;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use common::*;
use procdiag::ingest::read::{encoding_for_label, ReadOptions};
use procdiag::ingest::tasklog::TasklogOptions;
use procdiag::model::InputSummary;
use procdiag::sample::{self, Row};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// Writes `bytes` as file `name` and checks its figures against the base.
fn check_text(name: &str, bytes: &[u8]) -> InputSummary {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    check_file(&p, &TasklogOptions::default(), name)
}

/// Loads `path` and compares with the base figures.
fn check_file(path: &Path, opts: &TasklogOptions, form: &str) -> InputSummary {
    let rows = base_rows().len();
    let (json, summary) = figures(path, opts, rows);
    assert_same_figures(base_figures(), &json, form);
    summary
}

/// The base rows in UTF-8 CSV with comma, times in `layout`.
fn with_layout(layout: impl Fn(&NaiveDateTime) -> String) -> Vec<u8> {
    csv_text(&records(&base_rows(), layout), ',', "\n").into_bytes()
}

fn base_csv(sep: char) -> String {
    csv_text(&records(&base_rows(), iso_space), sep, "\n")
}

// ---------------------------------------------------------------- the base itself

#[test]
fn the_base_log_uses_every_row_and_has_something_to_find() {
    let json: serde_json::Value = serde_json::from_str(base_figures()).unwrap();
    assert_eq!(json["cases"], BASE_CASES);
    assert_eq!(json["events"], base_rows().len());
    assert_eq!(json["timestamps"], "start_end");
    assert!(
        json["rework_events"].as_u64().unwrap() > 0,
        "rework in the log"
    );
    assert!(
        json["returned_cases"].as_u64().unwrap() > 0,
        "退回 in the log"
    );
    assert!(base_rows()
        .iter()
        .all(|r| r.start.and_utc().timestamp() % 60 == 0));
}

#[test]
fn the_sample_writers_csv_and_xlsx_give_the_base_figures() {
    let dir = tempfile::tempdir().unwrap();
    let rows = base_rows();
    let csv = dir.path().join("sample.csv");
    let xlsx = dir.path().join("sample.xlsx");
    sample::write_csv(&rows, &csv).unwrap();
    sample::write_xlsx(&rows, &xlsx).unwrap();
    check_file(&csv, &TasklogOptions::default(), "sample::write_csv");
    check_file(&xlsx, &TasklogOptions::default(), "sample::write_xlsx");
}

// ---------------------------------------------------------------- encodings

#[test]
fn times_with_spaces_around_some_of_them_give_the_base_figures() {
    // Some cells padded, as pasted from a report: the column is trimmed before it is
    // parsed, so no time is lost as "not understood".
    let padded = |t: &NaiveDateTime| {
        let v = iso_space(t);
        if t.and_utc().timestamp() % 3 == 0 {
            format!("  {v} ")
        } else {
            v
        }
    };
    let recs = records(&base_rows(), padded);
    assert!(
        recs.iter().any(|r| r[4].starts_with(' ')),
        "some cells padded"
    );
    check_text("padded.csv", csv_text(&recs, ',', "\n").as_bytes());
}

#[test]
fn utf8_with_a_bom_gives_the_base_figures() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(base_csv(',').into_bytes());
    check_text("bom.csv", &bytes);
}

#[test]
fn utf16le_with_a_bom_and_tabs_as_excel_unicode_text_gives_the_base_figures() {
    let text = csv_text(&records(&base_rows(), iso_space), '\t', "\r\n");
    check_text("unicode.txt", &utf16le_bom(&text));
}

#[test]
fn utf16be_with_a_bom_gives_the_base_figures() {
    check_text("utf16be.csv", &utf16be_bom(&base_csv(',')));
}

#[test]
fn gbk_as_chinese_excel_saves_csv_gives_the_base_figures() {
    check_text("gbk.csv", &legacy(&base_csv(','), encoding_rs::GBK));
}

/// The base rows with English headers and Latin-1 names (accents in every text
/// column), for the Windows-1252 form.
fn latin_records(rows: &[Row]) -> Records {
    english_records(rows, |s| match s {
        "需求受理" => "Réception",
        "需求评审" => "Revue préalable",
        "方案设计" => "Conception",
        "开发实施" => "Développement",
        "测试验证" => "Vérification",
        "合规审批" => "Approbation conformité",
        "上线发布" => "Mise en production",
        "客户确认" => "Clôture client",
        "客服部" => "Service clientèle",
        "产品部" => "Comptabilité",
        "研发部" => "Ingénierie",
        "测试部" => "Qualité",
        "法务部" => "Affaires juridiques (Légal)",
        "运维部" => "Opérations",
        "王芳" => "Zoë Müller",
        "李娜" => "José Núñez",
        "陈静" => "Renée Dubois",
        "张伟" => "François Lefèvre",
        "刘洋" => "Björn Ångström",
        "赵磊" => "Søren Kierkegård",
        "孙强" => "Inês Gonçalves",
        "周杰" => "Chloé Gauthier",
        "吴昊" => "Jürgen Groß",
        "郑凯" => "Hélène Marchand",
        "冯雪" => "Noël Brontë",
        "蒋涛" => "Aurélie Côté",
        "韩梅" => "Mañuel Peña",
        "杨帆" => "Émile Zéphyr",
        "何军" => "Raphaël Thibault",
        "高峰" => "Ætla Þórsdóttir",
        "已完成" => "Terminé",
        "退回" => "Renvoyé",
        other => panic!("no Latin name for {other}"),
    })
}

/// The rows with English headers and every text column renamed by `name`.
fn english_records(rows: &[Row], name: impl Fn(&str) -> &'static str) -> Records {
    let mut out: Records = vec![[
        "Case ID",
        "Activity",
        "Department",
        "Resource",
        "Start Timestamp",
        "Complete Timestamp",
        "Status",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    out.extend(rows.iter().map(|r| {
        vec![
            r.case.clone(),
            name(r.stage).to_string(),
            name(r.department).to_string(),
            name(r.owner).to_string(),
            iso_space(&r.start),
            iso_space(&r.end),
            name(r.status).to_string(),
        ]
    }));
    out
}

#[test]
fn windows_1252_with_english_headers_gives_the_figures_of_its_utf8_twin() {
    let rows = base_rows();
    let text = csv_text(&latin_records(&rows), ',', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "latin-utf8.csv", text.as_bytes());
    let w1252 = write(
        dir.path(),
        "latin-1252.csv",
        &legacy(&text, encoding_rs::WINDOWS_1252),
    );
    let (expected, _) = figures(&utf8, &TasklogOptions::default(), rows.len());
    assert!(expected.contains("Comptabilité") && expected.contains("Vérification"));
    let (json, summary) = figures(&w1252, &TasklogOptions::default(), rows.len());
    assert_eq!(summary.encoding.as_deref(), Some("windows-1252"));
    assert_same_figures(&expected, &json, "Windows-1252");
}

/// English names, ASCII except departments whose accents sit inside words
/// (`Opérations`): in GBK every accented byte there starts a valid two-byte character.
fn inner_accent_records(rows: &[Row]) -> Records {
    english_records(rows, |s| match s {
        "客服部" => "Réception",
        "产品部" => "Opérations",
        "研发部" => "Développement",
        "测试部" => "Fédération",
        "法务部" => "Marchés publics",
        "运维部" => "Prévention",
        "需求受理" => "Intake",
        "需求评审" => "Review",
        "方案设计" => "Design",
        "开发实施" => "Build",
        "测试验证" => "Test",
        "合规审批" => "Approval",
        "上线发布" => "Release",
        "客户确认" => "Sign-off",
        "已完成" => "Done",
        "退回" => "Returned",
        _ => "Staff",
    })
}

/// Writes the records as UTF-8 and Windows-1252 CSV; returns the UTF-8 figures and the
/// Windows-1252 file.
fn latin_pair(dir: &Path, recs: &Records) -> (String, PathBuf) {
    let text = csv_text(recs, ',', "\r\n");
    let utf8 = write(dir, "utf8.csv", text.as_bytes());
    let w1252 = write(dir, "w1252.csv", &legacy(&text, encoding_rs::WINDOWS_1252));
    let (expected, _) = figures(&utf8, &TasklogOptions::default(), recs.len() - 1);
    (expected, w1252)
}

#[test]
fn windows_1252_with_accents_only_inside_words_is_not_read_as_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let recs = inner_accent_records(&base_rows());
    let (expected, w1252) = latin_pair(dir.path(), &recs);
    assert!(expected.contains("Opérations"));
    let (json, summary) = figures(&w1252, &TasklogOptions::default(), recs.len() - 1);
    assert_eq!(summary.encoding.as_deref(), Some("windows-1252"));
    assert_same_figures(&expected, &json, "Windows-1252, accents inside words");
}

#[test]
fn windows_1252_named_by_the_user_gives_the_figures_of_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let recs = inner_accent_records(&base_rows());
    let (expected, w1252) = latin_pair(dir.path(), &recs);
    let opts = TasklogOptions {
        read: ReadOptions {
            encoding: encoding_for_label("windows-1252"),
            ..ReadOptions::default()
        },
        ..TasklogOptions::default()
    };
    let (json, _) = figures(&w1252, &opts, recs.len() - 1);
    assert_same_figures(&expected, &json, "Windows-1252 named with --encoding");
}

// ---------------------------------------------------------------- delimiters

#[test]
fn semicolon_delimited_csv_gives_the_base_figures() {
    check_text("semicolon.csv", base_csv(';').as_bytes());
}

#[test]
fn tab_delimited_tsv_gives_the_base_figures() {
    check_text("tabs.tsv", base_csv('\t').as_bytes());
}

#[test]
fn pipe_delimited_text_gives_the_base_figures() {
    check_text("pipes.txt", base_csv('|').as_bytes());
}

/// The base rows with a 备注 comment column in the middle holding every delimiter,
/// doubled quotes and line breaks, every field quoted.
fn with_comments(sep: char) -> String {
    let mut recs = records(&base_rows(), iso_space);
    for (i, r) in recs.iter_mut().enumerate() {
        let comment = match (i, i % 4) {
            (0, _) => "备注".to_string(),
            (_, 0) => format!("客户来电,要求\"加急\";请尽快|处理\t第{i}行\n第二行说明"),
            (_, 1) => String::new(),
            (_, 2) => "已沟通\r\n已确认, 无异议".to_string(),
            _ => "\"\"".to_string(),
        };
        r.insert(4, comment);
    }
    csv_text_quoted(&recs, sep, "\r\n", true)
}

#[test]
fn quoted_comments_with_commas_quotes_and_line_breaks_give_the_base_figures() {
    check_text("quoted-comma.csv", with_comments(',').as_bytes());
}

#[test]
fn quoted_comments_in_semicolon_csv_give_the_base_figures() {
    check_text("quoted-semicolon.csv", with_comments(';').as_bytes());
}

#[test]
fn quoted_comments_in_tab_delimited_text_give_the_base_figures() {
    check_text("quoted-tab.tsv", with_comments('\t').as_bytes());
}

#[test]
fn quoted_comments_in_pipe_delimited_text_give_the_base_figures() {
    check_text("quoted-pipe.txt", with_comments('|').as_bytes());
}

/// A comma CSV whose unquoted 备注 column lists items with semicolons and pipes (more
/// of them on one line than the header has commas), as people type remarks.
#[test]
fn remarks_full_of_semicolons_do_not_change_the_delimiter() {
    let mut recs = records(&base_rows(), iso_space);
    for (i, r) in recs.iter_mut().enumerate() {
        let remark = match i {
            0 => "备注",
            3 => "电话;邮件;短信;微信;现场;传真;快递;其他;待定;无",
            5 => "a|b|c|d|e|f|g|h|i|j|k",
            _ => "",
        };
        r.push(remark.to_string());
    }
    check_text("remarks.csv", csv_text(&recs, ',', "\n").as_bytes());
}

// ---------------------------------------------------------------- header offset

const TITLE: &str = "客户需求交付 任务进度跟踪表（2024年度）";

#[test]
fn csv_saved_by_excel_with_a_title_row_and_a_blank_row_gives_the_base_figures() {
    // Excel pads every row of a CSV to the sheet's width.
    let pad = ",".repeat(sample::HEADERS.len() - 1);
    let text = format!("{TITLE}{pad}\n{pad}\n{}", base_csv(','));
    let summary = check_text("title-excel.csv", text.as_bytes());
    assert_eq!(summary.header_row, 3, "the header is the file's third row");
}

#[test]
fn csv_with_a_bare_title_line_and_an_empty_line_gives_the_base_figures() {
    let text = format!("{TITLE}\n\n{}", base_csv(','));
    let summary = check_text("title-bare.csv", text.as_bytes());
    assert_eq!(summary.header_row, 3, "the header is the file's third row");
}

#[test]
fn xlsx_with_a_title_row_and_a_blank_row_gives_the_base_figures() {
    let mut cells = vec![vec![Cell::Text(TITLE.into())], vec![Cell::Empty]];
    cells.extend(date_cells(&base_rows()));
    let bytes = xlsx_bytes(&[Sheet {
        name: "任务进度跟踪表".into(),
        rows: cells,
    }]);
    let summary = check_text("title.xlsx", &bytes);
    assert_eq!(summary.header_row, 3, "the header is the sheet's third row");
}

// ---------------------------------------------------------------- timestamp layouts

#[test]
fn iso_times_with_a_plus_eight_offset_give_the_same_utc_figures() {
    // Beijing wall-clock times 8 h later than the base's UTC times: the same instants.
    let bytes = with_layout(|t| {
        (*t + Duration::hours(8))
            .format("%Y-%m-%dT%H:%M:%S+08:00")
            .to_string()
    });
    check_text("offset.csv", &bytes);
}

#[test]
fn slashed_dates_without_padding_give_the_base_figures() {
    check_text("slashes.csv", &with_layout(sample::excel_cn_time));
}

#[test]
fn chinese_dates_with_a_colon_time_give_the_base_figures() {
    let bytes = with_layout(|t| t.format("%Y年%-m月%-d日 %H:%M").to_string());
    check_text("cn-colon.csv", &bytes);
}

#[test]
fn chinese_dates_with_hour_and_minute_characters_give_the_base_figures() {
    let bytes = with_layout(|t| t.format("%Y年%-m月%-d日 %H时%M分").to_string());
    check_text("cn-shifen.csv", &bytes);
}

#[test]
fn day_first_dates_proven_by_a_day_above_twelve_give_the_base_figures() {
    assert!(
        base_rows().iter().any(|r| r.start.day() > 12),
        "the data must prove the order"
    );
    let bytes = with_layout(|t| t.format("%d-%m-%Y %H:%M").to_string());
    check_text("day-first.csv", &bytes);
}

#[test]
fn excel_serial_numbers_as_text_give_the_base_figures() {
    let bytes = with_layout(|t| format!("{:.10}", excel_serial(t)));
    check_text("serials.csv", &bytes);
}

#[test]
fn epoch_milliseconds_give_the_base_figures() {
    let bytes = with_layout(|t| t.and_utc().timestamp_millis().to_string());
    check_text("epoch-ms.csv", &bytes);
}

#[test]
fn date_and_time_in_two_columns_give_the_base_figures() {
    let mut recs: Records = vec![[
        "工单号",
        "环节",
        "责任部门",
        "处理人",
        "开始日期",
        "开始时间",
        "完成日期",
        "完成时间",
        "状态",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    let date = |t: &NaiveDateTime| t.format("%Y-%m-%d").to_string();
    let time = |t: &NaiveDateTime| t.format("%H:%M").to_string();
    recs.extend(base_rows().iter().map(|r| {
        vec![
            r.case.clone(),
            r.stage.to_string(),
            r.department.to_string(),
            r.owner.to_string(),
            date(&r.start),
            time(&r.start),
            date(&r.end),
            time(&r.end),
            r.status.to_string(),
        ]
    }));
    check_text("two-columns.csv", csv_text(&recs, ',', "\n").as_bytes());
}

#[test]
fn am_pm_times_give_the_base_figures() {
    let rows = base_rows();
    assert!(rows
        .iter()
        .any(|r| r.start.format("%p").to_string() == "PM"));
    let bytes = with_layout(|t| t.format("%Y/%-m/%-d %-I:%M %p").to_string());
    check_text("ampm.csv", &bytes);
}

// ---------------------------------------------------------------- spreadsheets

#[test]
fn xlsx_with_real_date_cells_gives_the_base_figures() {
    let bytes = xlsx_bytes(&[Sheet {
        name: "任务进度跟踪表".into(),
        rows: date_cells(&base_rows()),
    }]);
    check_text("dates.xlsx", &bytes);
}

#[test]
fn xlsx_with_dates_as_text_gives_the_base_figures() {
    let bytes = xlsx_bytes(&[Sheet {
        name: "Sheet1".into(),
        rows: text_cells(&records(&base_rows(), iso_space)),
    }]);
    check_text("text-dates.xlsx", &bytes);
}

/// A workbook whose first sheet, 说明, explains the export (a few lines of text and a
/// small field dictionary) and whose second sheet, 任务明细, holds the log.
fn workbook_with_notes_first() -> Vec<u8> {
    let line = |s: &str| vec![Cell::Text(s.into())];
    let pair = |a: &str, b: &str| vec![Cell::Text(a.into()), Cell::Text(b.into())];
    let notes = vec![
        line("本工作簿由工单系统导出，仅供内部使用。"),
        line("时间均为系统时间，精确到分钟。"),
        vec![Cell::Empty],
        pair("字段", "含义"),
        pair("工单号", "需求单的唯一编号"),
        pair("环节", "流程中的处理环节"),
    ];
    xlsx_bytes(&[
        Sheet {
            name: "说明".into(),
            rows: notes,
        },
        Sheet {
            name: "任务明细".into(),
            rows: date_cells(&base_rows()),
        },
    ])
}

#[test]
fn xlsx_log_on_the_second_sheet_named_by_the_user_gives_the_base_figures() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "two-sheets.xlsx", &workbook_with_notes_first());
    let opts = TasklogOptions {
        read: ReadOptions {
            sheet: Some("任务明细".into()),
            ..ReadOptions::default()
        },
        ..TasklogOptions::default()
    };
    check_file(&p, &opts, "xlsx, --sheet 任务明细");
}

#[test]
fn xlsx_log_on_the_second_sheet_is_found_without_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "two-sheets.xlsx", &workbook_with_notes_first());
    let rows = base_rows().len();
    let (json, summary) = figures(&p, &TasklogOptions::default(), rows);
    assert_eq!(summary.sheet.as_deref(), Some("任务明细"));
    assert_same_figures(base_figures(), &json, "xlsx, sheet chosen by content");
}

// ---------------------------------------------------------------- ODS and XLS fixtures

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Rows of the small CSV fixture (without the header).
fn fixture_rows() -> usize {
    let text = std::fs::read_to_string(fixture("formats_small.csv")).unwrap();
    text.lines().count() - 1
}

/// The ODS or XLS fixture gives the figures of the CSV it was made from.
fn check_fixture(name: &str) {
    let rows = fixture_rows();
    let opts = TasklogOptions::default();
    let (expected, _) = figures(&fixture("formats_small.csv"), &opts, rows);
    let (json, summary) = figures(&fixture(name), &opts, rows);
    assert_eq!(summary.sheet.as_deref(), Some("任务进度跟踪表"));
    assert_same_figures(&expected, &json, name);
}

#[test]
fn ods_with_date_cells_gives_the_figures_of_its_csv() {
    check_fixture("formats_small.ods");
}

#[test]
fn legacy_xls_with_date_cells_gives_the_figures_of_its_csv() {
    check_fixture("formats_small.xls");
}

#[test]
fn the_ods_and_xls_fixtures_hold_real_date_cells() {
    use calamine::{open_workbook_auto, Data, Reader};
    for name in ["formats_small.ods", "formats_small.xls"] {
        let mut wb = open_workbook_auto(fixture(name)).unwrap();
        let range = wb.worksheet_range("任务进度跟踪表").unwrap();
        let cell = range.get((1, 4)).unwrap();
        assert!(
            matches!(cell, Data::DateTime(_) | Data::DateTimeIso(_)),
            "{name}: start time cell is {cell:?}"
        );
        assert_eq!(range.height(), fixture_rows() + 1, "{name}");
    }
}

/// Writes `tests/data/formats_small.csv`, the rows the ODS and XLS fixtures were made
/// from (then run `python3 tests/fixtures/make_ods.py` and `make_xls.py`).
#[test]
#[ignore = "regenerates tests/data/formats_small.csv; run by hand"]
fn regenerate_the_small_csv_fixture() {
    let rows = sample::generate(12, 5);
    let text = csv_text(&records(&rows, iso_space), ',', "\n");
    std::fs::write(fixture("formats_small.csv"), text).unwrap();
}

// ---------------------------------------------------------------- random logs

/// A random small log with millisecond times (zero durations and ties included).
fn random_log() -> impl Strategy<Value = Vec<Row>> {
    let event = (
        prop::sample::select(vec!["需求受理", "需求评审", "开发实施", "测试验证"]),
        prop::sample::select(vec!["客服部", "研发部", "测试部"]),
        prop::sample::select(vec!["已完成", "退回"]),
        0i64..30 * 86_400_000,
        prop_oneof![1 => Just(0i64), 4 => 0i64..3 * 86_400_000],
    );
    prop::collection::vec(prop::collection::vec(event, 1..6), 1..6).prop_map(|cases| {
        let t0 = NaiveDate::from_ymd_opt(2024, 3, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a valid time");
        let mut rows = Vec::new();
        for (i, events) in cases.into_iter().enumerate() {
            for (stage, department, status, at, dur) in events {
                let start = t0 + Duration::milliseconds(at);
                rows.push(Row {
                    case: format!("XQ{i}"),
                    stage,
                    department,
                    owner: "张伟",
                    start,
                    end: start + Duration::milliseconds(dur),
                    status,
                    priority: "中",
                    tier: "普通客户",
                    planned: None,
                });
            }
        }
        rows
    })
}

/// Times with milliseconds must survive Excel's floating-point date cells, a legacy
/// encoding and another layout: the figures stay byte-identical. 24 cases, fixed seed.
#[test]
fn random_logs_with_millisecond_times_give_the_same_figures_as_csv_gbk_and_xlsx() {
    let config = Config {
        cases: 24,
        rng_seed: RngSeed::Fixed(0x666f726d),
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&random_log(), |rows| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let opts = TasklogOptions::default();
        let ms = |t: &NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string();
        let csv = csv_text(&records(&rows, ms), ',', "\n");
        let csv = write(dir.path(), "log.csv", csv.as_bytes());
        let (expected, _) = figures(&csv, &opts, rows.len());
        let slashes = |t: &NaiveDateTime| t.format("%Y/%-m/%-d %H:%M:%S%.3f").to_string();
        let gbk = csv_text(&records(&rows, slashes), ';', "\r\n");
        let gbk = write(dir.path(), "gbk.csv", &legacy(&gbk, encoding_rs::GBK));
        let xlsx = xlsx_bytes(&[Sheet {
            name: "Sheet1".into(),
            rows: date_cells(&rows),
        }]);
        let xlsx = write(dir.path(), "log.xlsx", &xlsx);
        for p in [gbk, xlsx] {
            let (json, _) = figures(&p, &opts, rows.len());
            prop_assert_eq!(&json, &expected, "{}", p.display());
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
