//! Data-quality findings about a task log (daqapo-style checks): duplicate events,
//! end before start, events after the case was closed, activities with no end,
//! timestamps in the future, overlapping work of one owner, stages seen once, mixed
//! UTC offsets. Shown by `procdiag inspect` and in the report's appendix.

use polars::prelude::*;
use serde::Serialize;

use super::groups::Groups;
use crate::analysis::stats::get_i64;
use crate::model::facts::RejectReason;
use crate::model::{col_names as c, InputSummary, TaskLog, TimestampShape};
use crate::words::Lang;

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

/// What a finding is about, with the figures its sentence needs
/// ([`crate::words::finding`] words it).
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    DuplicateEvents,
    EndBeforeStart,
    NoEnd,
    EventsAfterClose,
    FutureTimestamps,
    OwnerOverlaps {
        owners: usize,
    },
    SingleEventStages,
    MixedOffsets {
        column: String,
        offsets: Vec<String>,
    },
    /// Mean WIP and throughput × mean lead time disagree (Little's law).
    LittlesLaw {
        mean_wip: f64,
        expected_wip: f64,
        difference: f64,
    },
}

impl Fact {
    /// Stable identifier (contract `findings[].code`).
    pub fn code(&self) -> &'static str {
        match self {
            Fact::DuplicateEvents => "duplicate_events",
            Fact::EndBeforeStart => "end_before_start",
            Fact::NoEnd => "no_end",
            Fact::EventsAfterClose => "events_after_close",
            Fact::FutureTimestamps => "future_timestamps",
            Fact::OwnerOverlaps { .. } => "owner_overlaps",
            Fact::SingleEventStages => "single_event_stages",
            Fact::MixedOffsets { .. } => "mixed_offsets",
            Fact::LittlesLaw { .. } => "littles_law",
        }
    }
}

/// One data-quality finding (contract `tasklog.quality[]`: code, severity, count,
/// message in English, examples).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub fact: Fact,
    pub severity: Severity,
    /// How many rows, events, cases or stages are concerned.
    pub count: usize,
    /// A few examples: row numbers or stage names.
    pub examples: Vec<Example>,
}

/// An example of what a finding is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Example {
    /// A row of the input file (1-based, as a spreadsheet numbers it).
    Row(usize),
    /// A value as read (a stage name, a UTC offset).
    Value(String),
}

impl Serialize for Example {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::words::example(Lang::En, self))
    }
}

impl Finding {
    /// Stable identifier, e.g. `duplicate_events`.
    pub fn code(&self) -> &'static str {
        self.fact.code()
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 5)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("message", &crate::words::finding(Lang::En, self))?;
        st.serialize_field("examples", &self.examples)?;
        st.end()
    }
}

fn finding(fact: Fact, severity: Severity, count: usize, examples: Vec<Example>) -> Finding {
    Finding {
        fact,
        severity,
        count,
        examples,
    }
}

/// Example row numbers (column `row` of the first rows of `df`).
fn example_rows(df: &DataFrame) -> PolarsResult<Vec<Example>> {
    (0..df.height().min(EXAMPLES))
        .map(|i| {
            Ok(Example::Row(
                get_i64(df, c::ROW, i)?.unwrap_or_default() as usize
            ))
        })
        .collect()
}

/// Events that repeat another event exactly (case, stage, owner, start, end).
///
/// The log is sorted by case, start and end, so a repeat sits next to a row with the
/// same case and times: only those rows (few) are grouped on the text columns.
fn duplicates(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    let same = |n: i64| {
        let eq = |k: &str| col(k).eq(col(k).shift(lit(n))).fill_null(lit(false));
        eq(c::CASE_IDX).and(eq(c::START)).and(eq(c::END))
    };
    let keys = [c::CASE_IDX, c::STAGE, c::DEPT, c::OWNER, c::START, c::END].map(col);
    let dup = log
        .lazy()
        .filter(same(1).or(same(-1)))
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
        Fact::DuplicateEvents,
        Severity::Warning,
        extra,
        example_rows(&dup)?,
    )))
}

/// Findings that come from the row accounting: rows that end before they start, and
/// activities with no end.
fn from_rejections(summary: &InputSummary) -> Vec<Finding> {
    type Counts = fn(RejectReason) -> bool;
    let kinds: [(Fact, Severity, Counts); 2] = [
        (Fact::EndBeforeStart, Severity::Warning, |r| {
            matches!(
                r,
                RejectReason::EndBeforeStart | RejectReason::CompleteBeforeStart
            )
        }),
        (Fact::NoEnd, Severity::Info, RejectReason::still_open),
    ];
    kinds
        .into_iter()
        .filter_map(|(fact, severity, is)| {
            let count: usize = summary
                .rejection_reasons
                .iter()
                .filter(|(r, _)| is(**r))
                .map(|(_, n)| n)
                .sum();
            let examples = summary
                .rejections
                .iter()
                .filter(|r| is(r.reason))
                .take(EXAMPLES)
                .map(|r| Example::Row(r.row))
                .collect();
            (count > 0).then(|| finding(fact, severity, count, examples))
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
        .select([col(c::ROW), col(c::CASE_IDX)])
        .collect()?;
    Ok((df.height() > 0).then(|| {
        finding(
            Fact::EventsAfterClose,
            Severity::Warning,
            df.height(),
            example_rows(&df).unwrap_or_default(),
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
            Fact::FutureTimestamps,
            Severity::Warning,
            df.height(),
            example_rows(&df).unwrap_or_default(),
        )
    }))
}

/// Events of one owner that start before the owner's previous work ended: per owner,
/// events in order of start, end and row, each against the latest end before it. The
/// events are grouped by owner code with a counting sort, then each owner's few events
/// sorted.
fn owner_overlaps(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    if log.shape != TimestampShape::StartEnd || log.states {
        return Ok(None);
    }
    let ev = &log.events;
    if ev.column(c::OWNER)?.null_count() == ev.height() {
        // No owners (the column may be a single null repeated: leave it unbuilt).
        return Ok(None);
    }
    use crate::analysis::stats::{i64_values, u32_values};
    const NONE: u32 = u32::MAX;
    let owners = u32_values(ev.column(c::OWNER)?, NONE)?;
    let (start, end) = (i64_values(ev.column(c::START)?, 0)?, i64_values(ev.column(c::END)?, 0)?);
    let row = u32_values(ev.column(c::ROW)?, 0)?;
    let by_owner = Groups::new(log.names.owners.len(), owners.len(), |i| {
        (owners[i] != NONE).then_some(owners[i] as usize)
    });
    let mut hits: Vec<(i64, u32)> = Vec::new();
    let mut work: Vec<(i64, i64, u32)> = Vec::new();
    for o in 0..by_owner.keys() {
        work.clear();
        work.extend(by_owner.of(o).iter().map(|&i| {
            let i = i as usize;
            (start[i], end[i], row[i])
        }));
        work.sort_unstable();
        let mut latest: Option<i64> = None;
        for &(s, e, r) in &work {
            if latest.is_some_and(|l| s < l) {
                hits.push((i64::from(r), o as u32));
            }
            latest = Some(latest.map_or(e, |l| l.max(e)));
        }
    }
    if hits.is_empty() {
        return Ok(None);
    }
    // The hits come by owner (then time): the distinct owners are runs.
    let mut distinct: Vec<u32> = hits.iter().map(|h| h.1).collect();
    distinct.dedup();
    let rows = DataFrame::new(
        hits.len(),
        vec![Column::new(
            c::ROW.into(),
            hits.iter().map(|h| h.0).collect::<Vec<i64>>(),
        )],
    )?;
    Ok(Some(finding(
        Fact::OwnerOverlaps {
            owners: distinct.len(),
        },
        Severity::Info,
        hits.len(),
        example_rows(&rows)?,
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
    let examples = (0..df.height().min(EXAMPLES))
        .map(|i| {
            let code = get_i64(&df, c::STAGE, i)?.unwrap_or(0).max(0) as usize;
            let name = log.names.stages.get(code).cloned().unwrap_or_default();
            Ok(Example::Value(name))
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((df.height() > 0).then(|| {
        finding(
            Fact::SingleEventStages,
            Severity::Info,
            df.height(),
            examples,
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
                Fact::MixedOffsets {
                    column: column.clone(),
                    offsets: offsets.clone(),
                },
                Severity::Info,
                offsets.len(),
                offsets
                    .iter()
                    .take(EXAMPLES)
                    .cloned()
                    .map(Example::Value)
                    .collect(),
            )
        })
        .collect()
}

/// The Little's-law finding when the check differs by more than the tolerance; `count`
/// is the log's cases.
pub fn littles_law(
    check: Option<&crate::analysis::wip::LittlesLaw>,
    cases: usize,
) -> Option<Finding> {
    let l = check.filter(|l| l.difference > crate::analysis::wip::LITTLE_TOLERANCE)?;
    Some(finding(
        Fact::LittlesLaw {
            mean_wip: l.mean_wip,
            expected_wip: l.expected_wip,
            difference: l.difference,
        },
        Severity::Info,
        cases,
        Vec::new(),
    ))
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
