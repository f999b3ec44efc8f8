//! Per-case and per-event figures as plain vectors, for comparing periods, testing
//! changes and bootstrapping them: per case its start, end, lead and touch time,
//! rework, returns, planned end and attributes; per event its stage, department,
//! times, waiting and working time and planned end; per handoff its delay. Computed
//! once ([`super::cycle_time::case_spans`], [`super::cycle_time::event_times`],
//! [`flow::rework_per_case`]) and shared by the before/after and KPI analyses.

use std::borrow::Cow;

use polars::prelude::*;

pub use super::compact::{Codes, OptMs};
use crate::analysis::cycle_time::{CaseSpans, EventTimes};
use crate::analysis::flow;
use crate::model::{col_names as c, TaskLog};

/// One entry per case, in case order (index = `case_idx`).
#[derive(Debug, Clone, Default)]
pub struct CaseObs {
    pub id: Vec<String>,
    pub start_ms: Vec<i64>,
    pub end_ms: Vec<i64>,
    pub lead_ms: Vec<i64>,
    pub touch_ms: Vec<i64>,
    /// A stage occurred twice or more.
    pub rework: Vec<bool>,
    /// A status said the case was sent back.
    pub returned: Vec<bool>,
    /// The case's planned end: the latest planned end of its events.
    pub planned_ms: Vec<Option<i64>>,
    /// Requested case attributes: header → one value per case.
    pub attributes: Vec<(String, Vec<Option<String>>)>,
    /// Work still open at the end of the data (an activity without an end).
    pub open: Vec<bool>,
}

impl CaseObs {
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// First-time-right: no rework and not sent back.
    pub fn first_time_right(&self, i: usize) -> bool {
        !self.rework[i] && !self.returned[i]
    }

    /// The distinct values of an attribute, sorted, if it was kept.
    pub fn attribute_values(&self, name: &str) -> Option<Vec<&String>> {
        let mut names: Vec<&String> = self.attribute(name)?.iter().flatten().collect();
        names.sort();
        names.dedup();
        Some(names)
    }

    /// The values of an attribute, if it was kept.
    pub fn attribute(&self, name: &str) -> Option<&[Option<String>]> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// One entry per event, in log order (case, start, end, row). Case and stage indexes
/// are 32-bit (as the log's codes are): at 50M events each such column is 200 MB
/// smaller.
#[derive(Debug, Clone, Default)]
pub struct EventObs<'a> {
    pub case: Cow<'a, [u32]>,
    /// Index into `stages`.
    pub stage: Cow<'a, [u32]>,
    pub stages: Vec<String>,
    /// Index into `departments`.
    pub department: Codes<'a>,
    pub departments: Vec<String>,
    /// Index into `owners` (none when the event names no owner).
    pub owner: Codes<'a>,
    pub owners: Vec<String>,
    /// Index into `statuses` (none when the log has no status or the cell is empty).
    pub status: Codes<'a>,
    pub statuses: Vec<String>,
    pub start_ms: Cow<'a, [i64]>,
    pub end_ms: Cow<'a, [i64]>,
    /// Waiting before the event (none for a case's first event).
    pub wait_ms: OptMs,
    pub service_ms: Vec<i64>,
    /// The time of the visit the event starts (its continuations included); none on a
    /// continuation. Read it with [`EventObs::visit`]: outside status histories it is
    /// not stored (`visit_is_service`), as it equals `service_ms`.
    pub visit_ms: OptMs,
    /// Each visit is its event's service time (no continuations): `visit_ms` is empty.
    pub visit_is_service: bool,
    pub planned_ms: OptMs,
    /// The event continues the previous one's status with another department or owner
    /// (status histories): the same visit of the stage, not a new one.
    pub continues: Vec<bool>,
}

impl EventObs<'_> {
    pub fn len(&self) -> usize {
        self.case.len()
    }

    pub fn is_empty(&self) -> bool {
        self.case.is_empty()
    }

    /// The time of the visit event `i` starts (see `visit_ms`).
    pub fn visit(&self, i: usize) -> Option<i64> {
        if self.visit_is_service {
            self.service_ms.get(i).copied()
        } else {
            self.visit_ms.at(i)
        }
    }

    /// Every A → B → A at consecutive events of a case: (index of the B event, A, B).
    pub fn ping_pongs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (1..self.len().saturating_sub(1)).filter_map(|i| {
            let same = self.case[i - 1] == self.case[i] && self.case[i + 1] == self.case[i];
            let d = &self.department;
            match (d.at(i - 1), d.at(i), d.at(i + 1)) {
                (Some(a), Some(b), Some(c)) if same && a != b && c == a => Some((i, a, b)),
                _ => None,
            }
        })
    }

    /// Per event: it belongs to the second or a later visit of its stage in its case
    /// (rework). A continuation belongs to the visit it continues.
    /// Events come in case order, so a visit repeats when its stage's last visit was in
    /// the same case.
    pub fn in_repeat_visit(&self) -> Vec<bool> {
        let stages = self.stage.iter().max().map_or(0, |&m| m as usize + 1);
        let mut last_case = vec![usize::MAX; stages];
        let mut out = vec![false; self.len()];
        for i in 0..self.len() {
            out[i] = if self.continues[i] && i > 0 {
                out[i - 1]
            } else {
                let last = last_case.get_mut(self.stage[i] as usize);
                last.is_some_and(|l| {
                    std::mem::replace(l, self.case[i] as usize) == (self.case[i] as usize)
                })
            };
        }
        out
    }

    /// The event continues the previous one in the same stage and department (only the
    /// owner changed): on a map it is the same node, not a move.
    pub fn stays_in_node(&self, i: usize) -> bool {
        i > 0 && self.continues[i] && self.department.at(i) == self.department.at(i - 1)
    }

    /// The index of a stage by name.
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s == name)
    }

    /// The index of a department by name.
    pub fn department_index(&self, name: &str) -> Option<usize> {
        self.departments.iter().position(|s| s == name)
    }
}

/// A handoff: consecutive events of a case in different departments. The indexes are
/// 32-bit (as the event codes are), so that millions of handoffs take 24 bytes each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HandoffObs {
    /// The case's index.
    pub case: u32,
    /// Department indexes.
    pub from: u32,
    pub to: u32,
    /// start(next) − end(previous), at least 0.
    pub delay_ms: i64,
}

/// Everything per case and per event; the per-event columns borrow the task log's
/// where they can.
#[derive(Debug, Clone, Default)]
pub struct Observations<'a> {
    pub cases: CaseObs,
    pub events: EventObs<'a>,
    pub handoffs: Vec<HandoffObs>,
    pub has_planned: bool,
    /// Per `[[sla]]` clock, per case: met (true), breached (false), or open or not
    /// counted (none).
    pub sla: Vec<(String, Vec<Option<bool>>)>,
}

/// An integer column in 8 bytes per value, collected straight from the column.
fn opt_ms(df: &DataFrame, name: &str) -> PolarsResult<OptMs> {
    let column = df.column(name)?;
    if column.null_count() == column.len() {
        return Ok(OptMs::default());
    }
    Ok(column.cast(&DataType::Int64)?.i64()?.iter().collect())
}

fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

/// The codes of a code column of the event frame (indexes into its names; the task
/// log's names are in byte order, so the codes are each value's rank).
fn codes<'a>(df: &'a DataFrame, name: &str) -> PolarsResult<Codes<'a>> {
    let column = df.column(name)?;
    if column.null_count() == column.len() {
        return Ok(Codes::default());
    }
    let ca = column.u32()?;
    if let Ok(all) = ca.cont_slice() {
        return Ok(Codes::borrowed(all));
    }
    let raw = ca.iter().map(|v| v.unwrap_or(Codes::NONE)).collect();
    Ok(Codes::from_raw(raw))
}

/// Each case attribute's values, in case order.
fn case_attributes(
    log: &TaskLog,
    ids: &[String],
) -> PolarsResult<Vec<(String, Vec<Option<String>>)>> {
    let mut attributes = Vec::new();
    let Some(attrs) = &log.case_attributes else {
        return Ok(attributes);
    };
    let order = DataFrame::new(ids.len(), vec![Column::new(c::CASE.into(), ids.to_vec())])?;
    let joined = order
        .lazy()
        .join(
            attrs.clone().lazy(),
            [col(c::CASE)],
            [col(c::CASE)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .collect()?;
    for name in joined.get_column_names() {
        if name.as_str() != c::CASE {
            attributes.push((name.to_string(), strings(&joined, name.as_str())?));
        }
    }
    Ok(attributes)
}

/// Per case, in case order: id, times, rework, returns, planned date, attributes.
fn case_obs(log: &TaskLog, spans: CaseSpans) -> PolarsResult<CaseObs> {
    let rework = flow::rework_per_case(log)?;
    let ids = log.names.cases.clone();
    let attributes = case_attributes(log, &ids)?;
    let open = ids
        .iter()
        .map(|id| log.open_cases.binary_search(id).is_ok())
        .collect();
    Ok(CaseObs {
        open,
        planned_ms: case_planned(log, ids.len())?,
        id: ids,
        start_ms: spans.start_ms,
        end_ms: spans.end_ms,
        lead_ms: spans.lead_ms,
        touch_ms: spans.touch_ms,
        rework: rework.repeats.iter().map(|&r| r > 0).collect(),
        returned: rework.returned,
        attributes,
    })
}

/// Per case, the latest planned end of its events (none without planned dates).
fn case_planned(log: &TaskLog, cases: usize) -> PolarsResult<Vec<Option<i64>>> {
    let mut out = vec![None; cases];
    if !log.has_planned {
        return Ok(out);
    }
    let ev = &log.events;
    let case = crate::analysis::stats::u32_values(ev.column(c::CASE_IDX)?, 0)?;
    let planned = ev.column(c::PLANNED)?.cast(&DataType::Int64)?;
    for (k, p) in case.iter().zip(planned.i64()?.iter()) {
        if let (Some(p), Some(slot)) = (p, out.get_mut(*k as usize)) {
            *slot = Some(slot.map_or(p, |q: i64| q.max(p)));
        }
    }
    Ok(out)
}

/// Per event, in case order: case, stage, department, times, wait and service.
fn event_obs(log: &TaskLog, times: EventTimes) -> PolarsResult<EventObs<'_>> {
    let ev = &log.events;
    let names = &log.names;
    fn some<'a>(codes: Codes<'a>, names: &[String]) -> (Codes<'a>, Vec<String>) {
        let names = if codes == Codes::default() {
            Vec::new()
        } else {
            names.to_vec()
        };
        (codes, names)
    }
    let (department, departments) = some(codes(ev, c::DEPT)?, &names.departments);
    let (owner, owners) = some(codes(ev, c::OWNER)?, &names.owners);
    let (status, statuses) = some(codes(ev, c::STATUS)?, &names.statuses);
    let codes_of = |name: &str| crate::analysis::stats::u32_values(ev.column(name)?, 0);
    let times_of = |name: &str| crate::analysis::stats::i64_values(ev.column(name)?, 0);
    Ok(EventObs {
        case: codes_of(c::CASE_IDX)?,
        stage: codes_of(c::STAGE)?,
        stages: names.stages.clone(),
        department,
        departments,
        owner,
        owners,
        status,
        statuses,
        start_ms: times_of(c::START)?,
        end_ms: times_of(c::END)?,
        wait_ms: times.wait_ms,
        service_ms: times.service_ms,
        visit_is_service: times.visit_ms.is_none(),
        visit_ms: times.visit_ms.unwrap_or_default(),
        planned_ms: opt_ms(ev, c::PLANNED)?,
        continues: crate::analysis::cycle_time::continues(log)?,
    })
}

/// Computes the observations of a task log from its [`CaseSpans`] and its
/// [`super::cycle_time::event_times`].
pub fn observe(
    log: &TaskLog,
    spans: CaseSpans,
    times: EventTimes,
) -> PolarsResult<Observations<'_>> {
    let cases = case_obs(log, spans)?;
    let events = event_obs(log, times)?;
    let handoffs = handoffs(&events);
    Ok(Observations {
        cases,
        events,
        handoffs,
        has_planned: log.has_planned,
        sla: Vec::new(),
    })
}

/// Consecutive events of a case in different departments (events are in case order).
fn handoffs(e: &EventObs) -> Vec<HandoffObs> {
    let at = |i: usize| {
        let (from, to) = (e.department.at(i - 1)?, e.department.at(i)?);
        (e.case[i] == e.case[i - 1] && from != to).then_some((from, to))
    };
    // Counted first: a vector grown by doubling would hold up to twice the memory.
    let mut out = Vec::with_capacity((1..e.len()).filter(|&i| at(i).is_some()).count());
    for i in 1..e.len() {
        if let Some((from, to)) = at(i) {
            out.push(HandoffObs {
                case: e.case[i],
                from: from as u32,
                to: to as u32,
                delay_ms: (e.start_ms[i] - e.end_ms[i - 1]).max(0),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_continuation_belongs_to_the_visit_it_continues() {
        // Case 0: A, B, A (repeat) continued by another department, then B (repeat).
        let e = EventObs {
            case: vec![0, 0, 0, 0, 0, 1].into(),
            stage: vec![0, 1, 0, 0, 1, 0].into(),
            department: vec![Some(0), Some(0), Some(0), Some(1), Some(1), Some(0)].into(),
            continues: vec![false, false, false, true, false, false],
            ..Default::default()
        };
        assert_eq!(e.in_repeat_visit(), [false, false, true, true, true, false]);
        assert!(!e.stays_in_node(3), "the department changed: a move");
    }
}
