//! Data-quality findings about a task log (daqapo-style checks): duplicate events,
//! end before start, events after the case was closed, activities with no end,
//! timestamps in the future, overlapping work of one owner, stages seen once, mixed
//! UTC offsets. Shown by `procdiag inspect` and in the report's appendix.

use polars::prelude::*;
use serde::Serialize;

use crate::analysis::stats::{bounds, get_i64, get_str, group_running_max};
use crate::model::{col_names as c, InputSummary, TaskLog, TimestampShape};

/// How many example rows or names a finding lists.
const EXAMPLES: usize = 5;
/// Status words that close a case (compared lower-cased, as substrings).
pub const CLOSE_WORDS: &[&str] = &["closed", "关闭", "办结", "已结案", "结案", "cancel", "取消"];

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Figures are affected.
    Warning,
    Info,
}

impl Severity {
    /// The contract's name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One data-quality finding.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Stable identifier, e.g. `duplicate_events`.
    pub code: &'static str,
    pub severity: Severity,
    /// How many rows, events, cases or stages are concerned.
    pub count: usize,
    /// One sentence, in English.
    pub message: String,
    /// A few examples: row numbers, case ids or stage names.
    pub examples: Vec<String>,
}

fn finding(
    code: &'static str,
    severity: Severity,
    count: usize,
    message: String,
    examples: Vec<String>,
) -> Finding {
    Finding {
        code,
        severity,
        count,
        message,
        examples,
    }
}

/// Example values of column `name` (first rows of `df`).
fn examples(df: &DataFrame, name: &str, prefix: &str) -> PolarsResult<Vec<String>> {
    (0..df.height().min(EXAMPLES))
        .map(|i| {
            Ok(match df.column(name)?.dtype() {
                DataType::String => {
                    format!("{prefix}{}", get_str(df, name, i)?.unwrap_or_default())
                }
                _ => format!("{prefix}{}", get_i64(df, name, i)?.unwrap_or_default()),
            })
        })
        .collect()
}

/// Events that repeat another event exactly (case, stage, owner, start, end).
fn duplicates(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    let keys = [c::CASE_IDX, c::STAGE, c::OWNER, c::START, c::END].map(col);
    let dup = log
        .lazy()
        .group_by(keys)
        .agg([len().alias("n"), col(c::ROW).max().alias(c::ROW)])
        .filter(col("n").gt(lit(1)))
        .sort([c::ROW], SortMultipleOptions::default())
        .collect()?;
    if dup.height() == 0 {
        return Ok(None);
    }
    let extra = dup
        .clone()
        .lazy()
        .select([(col("n").cast(DataType::Int64) - lit(1i64))
            .sum()
            .alias("x")])
        .collect()?;
    let extra = get_i64(&extra, "x", 0)?.unwrap_or(0) as usize;
    Ok(Some(finding(
        "duplicate_events",
        Severity::Warning,
        extra,
        format!(
            "{extra} events repeat an earlier event exactly (same case, stage, owner and times); they count twice in every figure"
        ),
        examples(&dup, c::ROW, "row ")?,
    )))
}

/// A finding made of rejections: code, severity, the reasons it counts, its sentence.
type RejectionKind = (
    &'static str,
    Severity,
    [&'static str; 2],
    fn(usize) -> String,
);

/// Findings that come from the row accounting.
fn from_rejections(summary: &InputSummary) -> Vec<Finding> {
    let n = |prefix: &str| -> usize {
        summary
            .rejection_reasons
            .iter()
            .filter(|(r, _)| r.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    };
    let rows = |prefix: &str| -> Vec<String> {
        summary
            .rejections
            .iter()
            .filter(|r| r.reason.starts_with(prefix))
            .take(EXAMPLES)
            .map(|r| format!("row {}", r.row))
            .collect()
    };
    let kinds: [RejectionKind; 2] = [
        (
            "end_before_start",
            Severity::Warning,
            ["end is before start", "complete is before its start"],
            |k| format!("{k} rows end before they start; they were rejected"),
        ),
        (
            "no_end",
            Severity::Info,
            ["end time is empty", "start without a matching complete"],
            |k| format!("{k} activities have no end (still open?); they were not analysed"),
        ),
    ];
    kinds
        .into_iter()
        .filter_map(|(code, severity, reasons, sentence)| {
            let count: usize = reasons.iter().map(|r| n(r)).sum();
            let examples = reasons.iter().flat_map(|r| rows(r)).collect();
            (count > 0).then(|| finding(code, severity, count, sentence(count), examples))
        })
        .collect()
}

/// Events that start after a closing status (关闭, closed, 办结, …) of their case.
fn after_close(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    if !log.has_status {
        return Ok(None);
    }
    let closing = crate::analysis::flow::status_matches(log, CLOSE_WORDS)?;
    let df = log
        .lazy()
        .with_column(
            col(c::END)
                .filter(closing)
                .min()
                .over([col(c::CASE_IDX)])?
                .alias("closed_at"),
        )
        .filter(col(c::START).gt(col("closed_at")))
        .select([col(c::ROW), col(c::CASE)])
        .collect()?;
    Ok((df.height() > 0).then(|| {
        finding(
            "events_after_close",
            Severity::Warning,
            df.height(),
            format!("{} events start after their case was closed", df.height()),
            examples(&df, c::ROW, "row ").unwrap_or_default(),
        )
    }))
}

/// Events with a start or end later than `now_ms`.
fn future(log: &TaskLog, now_ms: i64) -> PolarsResult<Option<Finding>> {
    let df = log
        .lazy()
        .filter(
            col(c::START)
                .gt(lit(now_ms))
                .or(col(c::END).gt(lit(now_ms))),
        )
        .select([col(c::ROW)])
        .collect()?;
    Ok((df.height() > 0).then(|| {
        finding(
            "future_timestamps",
            Severity::Warning,
            df.height(),
            format!("{} events have times in the future", df.height()),
            examples(&df, c::ROW, "row ").unwrap_or_default(),
        )
    }))
}

/// Events of one owner that start before the owner's previous work ended.
fn owner_overlaps(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    if log.shape != TimestampShape::StartEnd || log.states {
        return Ok(None);
    }
    let by_owner = log
        .lazy()
        .filter(col(c::OWNER).is_not_null())
        .sort(
            [c::OWNER, c::START, c::END, c::ROW],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_column(
            (col(c::OWNER)
                .neq_missing(col(c::OWNER).shift(lit(1)))
                .cast(DataType::Int64)
                .cum_sum(false)
                - lit(1i64))
            .alias("owner_idx"),
        )
        .collect()?;
    let b = bounds(by_owner.clone().lazy(), c::END, "owner_idx")?;
    let prev_end = group_running_max(c::END, "owner_idx", b, true)?;
    let df = by_owner
        .lazy()
        .filter(col(c::START).lt(prev_end))
        .select([col(c::ROW), col(c::OWNER)])
        .collect()?;
    if df.height() == 0 {
        return Ok(None);
    }
    let owners = df.column(c::OWNER)?.n_unique()?;
    Ok(Some(finding(
        "owner_overlaps",
        Severity::Info,
        df.height(),
        format!(
            "{} events start while the same owner is still busy with earlier work ({owners} owners): multitasking, or times recorded late",
            df.height()
        ),
        examples(&df, c::ROW, "row ")?,
    )))
}

/// Stages that occur only once in the whole log (often typos or test entries).
fn single_event_stages(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    let df = log
        .lazy()
        .group_by([col(c::STAGE)])
        .agg([len().alias("n")])
        .filter(col("n").eq(lit(1)))
        .sort([c::STAGE], SortMultipleOptions::default())
        .collect()?;
    Ok((df.height() > 0).then(|| {
        finding(
            "single_event_stages",
            Severity::Info,
            df.height(),
            format!(
                "{} stages occur only once in the whole log (typos or test entries?)",
                df.height()
            ),
            examples(&df, c::STAGE, "").unwrap_or_default(),
        )
    }))
}

/// Time columns that mix UTC offsets.
fn mixed_offsets(summary: &InputSummary) -> Vec<Finding> {
    summary
        .time_offsets
        .iter()
        .filter(|(_, offsets)| offsets.len() > 1)
        .map(|(column, offsets)| {
            finding(
                "mixed_offsets",
                Severity::Info,
                offsets.len(),
                format!(
                    "column '{column}' mixes UTC offsets ({}): daylight saving time or several time zones; all times were converted to UTC",
                    offsets.join(", ")
                ),
                offsets.iter().take(EXAMPLES).cloned().collect(),
            )
        })
        .collect()
}

/// All findings, most serious first.
pub fn findings(log: &TaskLog, summary: &InputSummary, now_ms: i64) -> PolarsResult<Vec<Finding>> {
    let mut t = crate::timing::Timer::new();
    let mut out = Vec::new();
    out.extend(duplicates(log)?);
    t.phase("quality: duplicates");
    out.extend(from_rejections(summary));
    out.extend(after_close(log)?);
    t.phase("quality: after close");
    out.extend(future(log, now_ms)?);
    out.extend(owner_overlaps(log)?);
    t.phase("quality: owner overlaps");
    out.extend(single_event_stages(log)?);
    out.extend(mixed_offsets(summary));
    out.sort_by_key(|f| f.severity);
    Ok(out)
}
