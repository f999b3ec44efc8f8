//! Every row of a task log typed: the roles' cells cleaned, times parsed in their
//! detected formats and converted to UTC, planned dates as deadlines, and on rows that
//! cannot be used the reason, the column and the value (checked in a fixed order).

use polars::prelude::*;

use super::cells::clean_in;
use super::columns::Role;
use super::read::{RawTable, ROW_COL};
use super::tasklog::{attribute_column, Columns, Sources, TasklogOptions};
use super::time;
use crate::model::facts::RejectReason;
use crate::model::{col_names as c, TimestampShape};

/// The planned date in ms (UTC); a date without a time of day is due by the end of it.
fn planned_ms(src: &Sources, tz: Option<&TimeZone>) -> Expr {
    match &src.planned {
        Some(p) => {
            let naive = time::parse_expr(p.raw.clone(), &p.fmt);
            let ms = time::to_utc_expr(naive.clone(), &p.fmt, tz);
            let day = lit(86_400_000i64);
            when((naive % day.clone()).eq(lit(0i64)))
                .then(ms.clone() + day - lit(1i64))
                .otherwise(ms)
        }
        None => lit(NULL).cast(DataType::Int64),
    }
}

/// The columns kept, cleaned and named.
fn selected(raw: &RawTable, cols: &Columns, src: &Sources, opts: &TasklogOptions) -> Vec<Expr> {
    let na = &opts.na;
    let clean = |h: Option<&str>, na| clean_in(&raw.df, h, na);
    let opt = |r: Role| cols.mapping.get(&r).map(String::as_str);
    let t = &src.times;
    let mut out = vec![
        clean(Some(&cols.case), na).alias(c::CASE),
        clean(Some(&cols.stage), na).alias(c::STAGE),
        clean(opt(Role::Department), na).alias(c::DEPT),
        clean(opt(Role::Owner), na).alias(c::OWNER),
        clean(opt(Role::Status), na).alias(c::STATUS),
        clean(cols.lifecycle.as_deref(), na).alias("lifecycle"),
        t.start.raw.clone().alias("start_raw"),
        t.end.raw.clone().alias("end_raw"),
        planned_ms(src, cols.tz.as_ref()).alias(c::PLANNED),
        col(ROW_COL).alias(c::ROW),
    ];
    for a in &opts.attributes {
        out.push(clean(Some(a), na).alias(attribute_column(a)));
    }
    out
}

/// (condition, reason, column, value) in the order rows are checked.
fn checks<'a>(cols: &'a Columns, src: &'a Sources) -> Vec<(Expr, RejectReason, &'a str, Expr)> {
    let t = &src.times;
    let single = t.shape == TimestampShape::Single;
    let not_understood = RejectReason::TimeNotUnderstood;
    let dst = RejectReason::LocalTimeInvalid;
    let empty_start = if single {
        RejectReason::TimeEmpty
    } else {
        RejectReason::StartEmpty
    };
    let (start, end) = (t.start.header.as_str(), t.end.header.as_str());
    vec![
        (
            col(c::CASE).is_null(),
            RejectReason::CaseEmpty,
            cols.case.as_str(),
            lit(""),
        ),
        (
            col(c::STAGE).is_null(),
            RejectReason::StageEmpty,
            cols.stage.as_str(),
            lit(""),
        ),
        (col("start_raw").is_null(), empty_start, start, lit("")),
        (
            col("start_naive").is_null(),
            not_understood,
            start,
            col("start_raw"),
        ),
        (col(c::START).is_null(), dst, start, col("start_raw")),
        (
            col("end_raw").is_null(),
            RejectReason::EndEmpty,
            end,
            lit(""),
        ),
        (
            col("end_naive").is_null(),
            not_understood,
            end,
            col("end_raw"),
        ),
        (col(c::END).is_null(), dst, end, col("end_raw")),
        (
            col(c::END).lt(col(c::START)),
            RejectReason::EndBeforeStart,
            end,
            col("end_raw"),
        ),
    ]
}

/// Every row typed, with `reason_idx` set on rows that cannot be used: the index of
/// the first check the row fails (see [`reasons`] for its words). Only the rejected
/// rows get the reason's text, column and value, so that a clean log of millions of
/// rows builds no text columns for them.
pub(super) fn typed_frame(
    raw: &RawTable,
    cols: &Columns,
    src: &Sources,
    opts: &TasklogOptions,
) -> LazyFrame {
    let t = &src.times;
    let tz = cols.tz.as_ref();
    let typed = raw
        .df
        .clone()
        .lazy()
        .select(selected(raw, cols, src, opts))
        .with_columns([
            time::parse_expr(col("start_raw"), &t.start.fmt).alias("start_naive"),
            time::parse_expr(col("end_raw"), &t.end.fmt).alias("end_naive"),
        ])
        .with_columns([
            time::to_utc_expr(col("start_naive"), &t.start.fmt, tz).alias(c::START),
            time::to_utc_expr(col("end_naive"), &t.end.fmt, tz).alias(c::END),
        ]);
    let mut idx = lit(NULL).cast(DataType::UInt32);
    for (i, (cond, ..)) in checks(cols, src).into_iter().enumerate().rev() {
        idx = when(cond).then(lit(i as u32)).otherwise(idx);
    }
    typed.with_column(idx.alias(REASON_IDX))
}

/// The column of the typed frame with the index of the failed check.
pub(super) const REASON_IDX: &str = "reason_idx";

/// `reason` (the code), `reason_column` and `reason_value` of rejected typed rows, from
/// their `reason_idx`.
pub(super) fn reasons(cols: &Columns, src: &Sources) -> [Expr; 3] {
    let mut reason = lit(NULL).cast(DataType::String);
    let mut column = lit(NULL).cast(DataType::String);
    let mut value = lit(NULL).cast(DataType::String);
    for (i, (_, r, h, v)) in checks(cols, src).into_iter().enumerate().rev() {
        let hit = col(REASON_IDX).eq(lit(i as u32));
        reason = when(hit.clone()).then(lit(r.code())).otherwise(reason);
        column = when(hit.clone()).then(lit(h.to_string())).otherwise(column);
        value = when(hit).then(v).otherwise(value);
    }
    [
        reason.alias("reason"),
        column.alias("reason_column"),
        value.alias("reason_value"),
    ]
}
