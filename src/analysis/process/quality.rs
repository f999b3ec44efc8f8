//! Data-quality findings about a task log (daqapo-style checks): duplicate events,
//! end before start, events after the case was closed, activities with no end,
//! timestamps in the future, overlapping work of one owner, stages seen once, mixed
//! UTC offsets. Shown by `procdiag inspect` and in the report's appendix.

use polars::prelude::*;
use serde::Serialize;

use super::groups::Groups;
use crate::analysis::stats::{get_i64, i64_values, u32_values};
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
    /// Stages each seen in fewer than `share` of the cases ([`super::rare`]).
    RareStages {
        share: f64,
        /// Their events, and all events of the log.
        events: usize,
        all_events: usize,
        /// How many look like spelling or spacing variants of a frequent stage, and
        /// how many like test entries.
        variants: usize,
        tests: usize,
    },
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
            Fact::RareStages { .. } => "rare_stages",
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

/// Events that start after a closing status (关闭, closed, 办结, …) of their case: per
/// case, the earliest end of a closing event, then its events starting later.
fn after_close(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    if !log.has_status {
        return Ok(None);
    }
    let closing = crate::analysis::flow::status_codes(log, CLOSE_WORDS);
    let ev = &log.events;
    let case = u32_values(ev.column(c::CASE_IDX)?, 0)?;
    let status = u32_values(ev.column(c::STATUS)?, u32::MAX)?;
    let (start, end) = (
        i64_values(ev.column(c::START)?, 0)?,
        i64_values(ev.column(c::END)?, 0)?,
    );
    let row = u32_values(ev.column(c::ROW)?, 0)?;
    let is_closing = |i: usize| closing.get(status[i] as usize).copied().unwrap_or(false);
    let mut found = Found::default();
    let mut a = 0;
    while a < case.len() {
        let b = a + case[a..].iter().take_while(|&&k| k == case[a]).count();
        let closed_at = (a..b).filter(|&i| is_closing(i)).map(|i| end[i]).min();
        if let Some(t) = closed_at {
            (a..b)
                .filter(|&i| start[i] > t)
                .for_each(|i| found.add(row[i]));
        }
        a = b;
    }
    Ok(found.finding(Fact::EventsAfterClose, Severity::Warning))
}

/// Rows found by a check: how many, and the first few as examples.
#[derive(Default)]
struct Found {
    count: usize,
    examples: Vec<Example>,
}

impl Found {
    fn add(&mut self, row: u32) {
        self.count += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(Example::Row(row as usize));
        }
    }

    fn finding(self, fact: Fact, severity: Severity) -> Option<Finding> {
        (self.count > 0).then(|| finding(fact, severity, self.count, self.examples))
    }
}

/// Events with a start or end later than `now_ms`.
fn future(log: &TaskLog, now_ms: i64) -> PolarsResult<Option<Finding>> {
    let ev = &log.events;
    let (start, end) = (
        i64_values(ev.column(c::START)?, 0)?,
        i64_values(ev.column(c::END)?, 0)?,
    );
    let row = u32_values(ev.column(c::ROW)?, 0)?;
    let mut found = Found::default();
    for i in 0..start.len() {
        if start[i] > now_ms || end[i] > now_ms {
            found.add(row[i]);
        }
    }
    Ok(found.finding(Fact::FutureTimestamps, Severity::Warning))
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
    const NONE: u32 = u32::MAX;
    let owners = u32_values(ev.column(c::OWNER)?, NONE)?;
    let (start, end) = (
        i64_values(ev.column(c::START)?, 0)?,
        i64_values(ev.column(c::END)?, 0)?,
    );
    let row = u32_values(ev.column(c::ROW)?, 0)?;
    let by_owner = Groups::new(log.names.owners.len(), owners.len(), |i| {
        (owners[i] != NONE).then_some(owners[i] as usize)
    });
    // Counted, with the first few as examples: nearly every event of a busy owner can
    // overlap another, and listing them all would hold one entry per event.
    let (mut hits, mut owners_hit) = (0usize, 0usize);
    let mut examples: Vec<Example> = Vec::new();
    let mut work: Vec<(i64, i64, u32)> = Vec::new();
    for o in 0..by_owner.keys() {
        work.clear();
        work.extend(by_owner.of(o).iter().map(|&i| {
            let i = i as usize;
            (start[i], end[i], row[i])
        }));
        work.sort_unstable();
        let (before, mut latest) = (hits, None::<i64>);
        for &(s, e, r) in &work {
            if latest.is_some_and(|l| s < l) {
                hits += 1;
                if examples.len() < EXAMPLES {
                    examples.push(Example::Row(r as usize));
                }
            }
            latest = Some(latest.map_or(e, |l| l.max(e)));
        }
        owners_hit += usize::from(hits > before);
    }
    Ok((hits > 0).then(|| {
        finding(
            Fact::OwnerOverlaps { owners: owners_hit },
            Severity::Info,
            hits,
            examples,
        )
    }))
}

/// Stages that occur only once in the whole log (often typos or test entries), in
/// name order.
fn single_event_stages(log: &TaskLog) -> PolarsResult<Option<Finding>> {
    let mut counts = vec![0usize; log.names.stages.len()];
    for &s in u32_values(log.events.column(c::STAGE)?, 0)?.iter() {
        counts[s as usize] += 1;
    }
    let once: Vec<usize> = (0..counts.len()).filter(|&s| counts[s] == 1).collect();
    let examples = once
        .iter()
        .take(EXAMPLES)
        .map(|&s| Example::Value(log.names.stages[s].clone()))
        .collect();
    Ok((!once.is_empty()).then(|| {
        finding(
            Fact::SingleEventStages,
            Severity::Info,
            once.len(),
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
