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

/// A Parquet log's typed times are read as milliseconds, its other columns as text: the
/// figures, the rejections (with their values spelled as text) and the planned dates
/// are those of the same file read wholly as text.
#[test]
fn typed_times_give_the_figures_and_rejections_of_their_text() {
    let day = 86_400_000i64;
    let t0 = 1_704_186_000_000i64; // 2024-01-02 09:00:00 UTC
    let mut df = df!(
        "case" => ["A", "A", "B", "B", "C", "C"],
        "stage" => ["x", "y", "x", "y", "x", "y"],
        "start" => [Some(t0), Some(t0 + 3_600_000), Some(t0), Some(t0 + 1_500), Some(t0), Some(t0)],
        "end" => [Some(t0 + 60_000), Some(t0 + 7_200_000), Some(t0 - 1_000), None, Some(t0 + 2_000), Some(t0 + day)],
        "due" => [Some(19_725i32), Some(19_725), None, Some(19_726), Some(19_724), Some(19_730)],
    )
    .unwrap()
    .lazy()
    .with_columns([
        col("start").cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
        col("end").cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
        col("due").cast(DataType::Date),
    ])
    .collect()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("log.parquet");
    ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut df)
        .unwrap();
    let opts = TasklogOptions::default();
    let (typed_log, typed) = load(&pq, &opts).unwrap();
    let raw = procdiag::ingest::read::read_table(&pq, &Default::default()).unwrap();
    let (text_log, text) =
        procdiag::ingest::tasklog::from_raw(raw, &pq.display().to_string(), &opts).unwrap();
    assert_eq!(typed.rows_rejected, 2);
    assert_eq!(
        serde_json::to_string(&typed.rejections).unwrap(),
        serde_json::to_string(&text.rejections).unwrap()
    );
    assert_eq!(typed.rejections[0].value, "2024-01-02 08:59:59");
    assert_eq!(typed_log.open_cases, ["B"]);
    let a = serde_json::to_string(&analyze_tasklog(&typed_log).unwrap()).unwrap();
    let b = serde_json::to_string(&analyze_tasklog(&text_log).unwrap()).unwrap();
    assert_eq!(a, b);
    assert!(typed_log.has_planned);
}

/// Date columns and times with milliseconds are shown in rejections as their text would
/// be: `YYYY-MM-DD`, and `.mmm` on every value of a column where one has it.
#[test]
fn typed_dates_are_shown_as_their_text_in_rejections() {
    let mut df = df!(
        "case" => ["A", "B", "C"],
        "stage" => ["x", "y", "x"],
        "start" => [19_725i32, 19_725, 19_724],
        "end" => [19_724i32, 19_726, 19_724],
    )
    .unwrap()
    .lazy()
    .with_columns([
        col("start").cast(DataType::Date),
        col("end").cast(DataType::Date),
    ])
    .collect()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("dates.parquet");
    ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut df)
        .unwrap();
    let opts = TasklogOptions::default();
    let (_, typed) = load(&pq, &opts).unwrap();
    let raw = procdiag::ingest::read::read_table(&pq, &Default::default()).unwrap();
    let (_, text) =
        procdiag::ingest::tasklog::from_raw(raw, &pq.display().to_string(), &opts).unwrap();
    assert_eq!(typed.rejections.len(), 1);
    assert_eq!(typed.rejections[0].value, "2024-01-02");
    assert_eq!(
        serde_json::to_string(&typed.rejections).unwrap(),
        serde_json::to_string(&text.rejections).unwrap()
    );
}
