//! Log shapes: turning the rows of a file into activity instances.
//!
//! - **activity**: one row per activity (start and end, or one timestamp): rows are
//!   events as they are.
//! - **lifecycle**: `start` and `complete` rows (`lifecycle:transition`, or a status
//!   column saying 开始/完成) paired per case and stage, first start with first
//!   complete; unmatched rows are rejected with a reason.
//! - **status history**: one row per status change (ServiceNow, Jira): each status lasts
//!   from its first row until the case's next change of status.
//!
//! Input: the valid typed rows (columns of [`crate::model::col_names`], with the case
//! code in `case`, plus the `lifecycle` text). Output: events with the same columns, and
//! rejected rows with `case`, `row`, `reason`, `reason_column`, `reason_value`.

use polars::prelude::*;
use serde::Serialize;

use crate::model::col_names as c;
use crate::model::facts::RejectReason;

/// How rows map to activity instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogShape {
    /// One row per activity or event.
    #[default]
    Activity,
    /// Start and complete rows paired.
    Lifecycle,
    /// One row per status change.
    StatusHistory,
}

impl LogShape {
    /// The input accounting's shape.
    pub fn input_shape(self) -> crate::model::InputShape {
        use crate::model::InputShape;
        match self {
            LogShape::Activity => InputShape::Activity,
            LogShape::Lifecycle => InputShape::Lifecycle,
            LogShape::StatusHistory => InputShape::StatusHistory,
        }
    }
}

/// Lifecycle words meaning "started" (compared lower-cased).
pub const START_WORDS: &[&str] = &["start", "started", "begin", "开始", "启动", "开始处理"];
/// Lifecycle words meaning "completed".
pub const COMPLETE_WORDS: &[&str] = &[
    "complete",
    "completed",
    "end",
    "ended",
    "finish",
    "finished",
    "完成",
    "结束",
    "办结",
    "已完成",
];

fn is_one_of(e: Expr, words: &[&str]) -> Expr {
    let lower = e.str().strip_chars(lit(NULL)).str().to_lowercase();
    words
        .iter()
        .map(|w| lower.clone().eq(lit(*w)))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
}

/// Whether a column of lifecycle/status values holds both start and complete words and
/// little else (at least 80% of its values). The distinct values are counted once and
/// only they are compared (a status column has a handful of them, however long).
pub fn looks_like_lifecycle(values: &Column) -> PolarsResult<bool> {
    let counts = DataFrame::new(values.len(), vec![values.clone().with_name("v".into())])?
        .lazy()
        .filter(col("v").is_not_null())
        .group_by([col("v")])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let vals = counts.column("v")?.cast(&DataType::String)?;
    let vals = vals.str()?;
    let ns = counts.column("n")?.u64()?;
    let (mut s, mut c, mut n) = (0u64, 0u64, 0u64);
    for (v, k) in vals.iter().zip(ns.iter()) {
        let (Some(v), Some(k)) = (v, k) else { continue };
        let lower = v.trim().to_lowercase();
        n += k;
        if START_WORDS.contains(&lower.as_str()) {
            s += k;
        } else if COMPLETE_WORDS.contains(&lower.as_str()) {
            c += k;
        }
    }
    Ok(s > 0 && c > 0 && (s + c) * 5 >= n * 4)
}

/// The event columns, in order.
pub(super) fn event_columns() -> [Expr; 10] {
    [
        col(c::CONT),
        col(c::CASE),
        col(c::STAGE),
        col(c::DEPT),
        col(c::OWNER),
        col(c::STATUS),
        col(c::START),
        col(c::END),
        col(c::PLANNED),
        col(c::ROW),
    ]
}

/// Rejected rows: case, row, reason, its column and the value.
fn rejected(lf: LazyFrame, reason: RejectReason, column: &str, value: Expr) -> LazyFrame {
    lf.select([
        col(c::CASE),
        col(c::ROW),
        lit(reason.code()).alias("reason"),
        lit(column.to_string()).alias("reason_column"),
        value.cast(DataType::String).alias("reason_value"),
    ])
}

/// The complete rows, renamed to be joined beside their starts.
fn completes(sorted: LazyFrame, is_complete: Expr, nth: Expr) -> LazyFrame {
    sorted
        .filter(is_complete)
        .select([
            col(c::CASE),
            col(c::STAGE),
            col(c::START).alias("c_time"),
            col(c::ROW).alias("c_row"),
            col(c::DEPT).alias("c_dept"),
            col(c::OWNER).alias("c_owner"),
            col(c::PLANNED).alias("c_planned"),
            col("lifecycle").alias("c_raw"),
        ])
        .with_column(nth.alias("k"))
}

/// Rows of the joined pairs that cannot be used: a start without a complete, a
/// complete without a start, a complete before its start (both rows).
fn unpaired(joined: LazyFrame, ordered: Expr, matched: Expr, header: &str) -> [LazyFrame; 4] {
    let no_complete = rejected(
        joined.clone().filter(col("c_row").is_null()),
        RejectReason::StartWithoutComplete,
        header,
        col("lifecycle"),
    );
    let no_start = rejected(
        joined
            .clone()
            .filter(col(c::ROW).is_null())
            .with_column(col("c_row").alias(c::ROW)),
        RejectReason::CompleteWithoutStart,
        header,
        col("c_raw"),
    );
    let reversed = joined.filter(matched.and(ordered.not()));
    let reversed_starts = rejected(
        reversed.clone(),
        RejectReason::CompleteBeforeStart,
        header,
        col("lifecycle"),
    );
    let reversed_completes = rejected(
        reversed.with_column(col("c_row").alias(c::ROW)),
        RejectReason::CompleteBeforeStart,
        header,
        col("c_raw"),
    );
    [no_complete, no_start, reversed_starts, reversed_completes]
}

/// Pairs start and complete rows per case and stage (the k-th start with the k-th
/// complete, both in time order). Returns events and rejected rows.
pub fn pair_lifecycle(
    valid: LazyFrame,
    lifecycle_header: &str,
) -> PolarsResult<(LazyFrame, LazyFrame)> {
    let sorted = valid.sort(
        [c::CASE, c::STAGE, c::START, c::ROW],
        SortMultipleOptions::default().with_maintain_order(true),
    );
    let is_start = is_one_of(col("lifecycle"), START_WORDS);
    let is_complete = is_one_of(col("lifecycle"), COMPLETE_WORDS);
    let nth = |row: &str| {
        col(row)
            .cum_count(false)
            .over([col(c::CASE), col(c::STAGE)])
    };
    let starts = sorted
        .clone()
        .filter(is_start.clone())
        .with_column(nth(c::ROW)?.alias("k"));
    let completes = completes(sorted.clone(), is_complete.clone(), nth("c_row")?);
    let other = rejected(
        sorted.filter(is_start.or(is_complete).not()),
        RejectReason::LifecycleOther,
        lifecycle_header,
        col("lifecycle"),
    );
    let joined = starts
        .join(
            completes,
            [col(c::CASE), col(c::STAGE), col("k")],
            [col(c::CASE), col(c::STAGE), col("k")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .cache();
    let matched = col(c::ROW).is_not_null().and(col("c_row").is_not_null());
    let ordered = col("c_time").gt_eq(col(c::START));
    let events = joined
        .clone()
        .filter(matched.clone().and(ordered.clone()))
        .with_columns([
            lit(false).alias(c::CONT),
            col("c_time").alias(c::END),
            col(c::DEPT).fill_null(col("c_dept")).alias(c::DEPT),
            col(c::OWNER).fill_null(col("c_owner")).alias(c::OWNER),
            col(c::PLANNED)
                .fill_null(col("c_planned"))
                .alias(c::PLANNED),
        ])
        .select(event_columns());
    let [a, b, c2, d] = unpaired(joined, ordered, matched, lifecycle_header);
    let rejects = concat([other, a, b, c2, d], UnionArgs::default())?;
    Ok((events, rejects))
}

/// A rejection frame with no rows.
pub fn empty_rejections() -> LazyFrame {
    DataFrame::new(
        0,
        vec![
            Column::new_empty(c::CASE.into(), &DataType::UInt32),
            Column::new_empty(c::ROW.into(), &DataType::Int64),
            Column::new_empty("reason".into(), &DataType::String),
            Column::new_empty("reason_column".into(), &DataType::String),
            Column::new_empty("reason_value".into(), &DataType::String),
        ],
    )
    .map(IntoLazy::lazy)
    .unwrap_or_default()
}

/// Status-change rows → one event per stay: a run of a case's rows in the same status,
/// department and owner, from its first row to the case's next stay (the last ends at
/// its own last row). A stay that keeps the previous one's status `continues` it: the
/// status was handed to another department or owner, the stage was not visited again.
pub fn status_runs(valid: LazyFrame) -> LazyFrame {
    let sorted = valid.sort(
        [c::CASE, c::START, c::ROW],
        SortMultipleOptions::default().with_maintain_order(true),
    );
    let changed = |name: &str| col(name).neq_missing(col(name).shift(lit(1)));
    let new_case = changed(c::CASE);
    let new_status = new_case.clone().or(changed(c::STAGE));
    let new_run = new_status
        .clone()
        .or(changed(c::DEPT))
        .or(changed(c::OWNER));
    sorted
        .with_columns([
            new_run.cast(DataType::Int64).cum_sum(false).alias("run"),
            new_status.not().alias(c::CONT),
        ])
        .group_by_stable([col("run")])
        .agg([
            col(c::CONT).first(),
            col(c::CASE).first(),
            col(c::STAGE).first(),
            col(c::DEPT).first(),
            col(c::OWNER).first(),
            col(c::STATUS).first(),
            col(c::PLANNED).first(),
            col(c::START).first().alias(c::START),
            col(c::START).last().alias("last_ts"),
            col(c::ROW).first(),
        ])
        .with_column(
            when(col(c::CASE).shift(lit(-1)).eq(col(c::CASE)))
                .then(col(c::START).shift(lit(-1)))
                .otherwise(col("last_ts"))
                .alias(c::END),
        )
        .select(event_columns())
}
