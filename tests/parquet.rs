//! Parquet input (warehouse extracts): typed datetime columns, zoned or naive, read to
//! the same figures as the CSV of the same rows.

use polars::prelude::*;
use procdiag::analysis::analyze_tasklog;
use procdiag::ingest::tasklog::{load, TasklogOptions};

fn json(path: &std::path::Path) -> String {
    let (log, summary) = load(path, &TasklogOptions::default()).unwrap();
    assert_eq!(summary.rows_rejected, 0, "{:?}", summary.rejection_reasons);
    serde_json::to_string(&analyze_tasklog(&log).unwrap()).unwrap()
}

#[test]
fn a_parquet_log_gives_the_figures_of_its_csv() {
    let rows = procdiag::sample::generate(30, 9);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("log.csv");
    procdiag::sample::write_csv(&rows, &csv).unwrap();

    let ms = |t: &chrono::NaiveDateTime| t.and_utc().timestamp_millis();
    let mut df = df!(
        "工单号" => rows.iter().map(|r| r.case.clone()).collect::<Vec<_>>(),
        "环节" => rows.iter().map(|r| r.stage).collect::<Vec<_>>(),
        "责任部门" => rows.iter().map(|r| r.department).collect::<Vec<_>>(),
        "处理人" => rows.iter().map(|r| r.owner).collect::<Vec<_>>(),
        "开始时间" => rows.iter().map(|r| ms(&r.start)).collect::<Vec<_>>(),
        "完成时间" => rows.iter().map(|r| ms(&r.end)).collect::<Vec<_>>(),
        "状态" => rows.iter().map(|r| r.status).collect::<Vec<_>>(),
    )
    .unwrap()
    .lazy()
    .with_columns([
        // A naive datetime column and a zoned one (converted to UTC on reading).
        col("开始时间").cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
        col("完成时间")
            .cast(DataType::Datetime(
                TimeUnit::Milliseconds,
                Some(TimeZone::UTC),
            ))
            .dt()
            .convert_time_zone(
                TimeZone::opt_try_new(Some("Asia/Shanghai"))
                    .unwrap()
                    .unwrap(),
            ),
    ])
    .collect()
    .unwrap();
    let pq = dir.path().join("log.parquet");
    let file = std::fs::File::create(&pq).unwrap();
    ParquetWriter::new(file).finish(&mut df).unwrap();

    assert_eq!(json(&pq), json(&csv));
    let (_, summary) = load(&pq, &TasklogOptions::default()).unwrap();
    assert_eq!(summary.format, "parquet");
    assert!(procdiag::words::time_reading(
        procdiag::words::Lang::En,
        &summary.timestamp_formats["完成时间"]
    )
    .contains("converted to UTC"));
}

#[test]
fn a_damaged_parquet_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.parquet");
    std::fs::write(&p, b"PAR1 not really").unwrap();
    let err = load(&p, &TasklogOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a readable Parquet file"), "{err}");
}
