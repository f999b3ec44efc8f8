//! Ownership and workload (contract `ownership`, `workload`). The users' rule is one
//! accountable owner per stage, and the first receiver owns a request until it is
//! closed; the figures that test it:
//!
//! - per stage, the departments that perform it and each one's share of its events;
//! - per stage, the cases whose owner (the person) changes more than `limit` times
//!   between consecutive events of that stage in the case;
//! - events without an owner or without a department.
//!
//! Workload per department and per owner: events and cases per month (by the event's
//! start, UTC unless the plan names a zone), and the largest number of cases held open
//! at once, a case being held from the start of its first event there to the end of its
//! last.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, TimeZone};
use serde::Serialize;

use crate::analysis::observations::{Codes, EventObs};

/// Default: owner changes within one stage of one case above this are listed.
pub const DEFAULT_OWNER_CHANGES: usize = 2;

/// A department's part in a stage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageDepartment {
    pub department: String,
    pub events: usize,
    pub share: f64,
}

/// One stage's ownership.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageOwnership {
    pub stage: String,
    /// Most events first.
    pub departments: Vec<StageDepartment>,
    /// Cases whose owner changed more than the limit within this stage.
    pub cases_over_limit: usize,
    /// The most owner changes within this stage in one case.
    pub max_owner_changes: usize,
}

/// Ownership of every stage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ownership {
    pub owner_change_limit: usize,
    pub stages: Vec<StageOwnership>,
    pub events_without_owner: usize,
    pub events_without_department: usize,
}

/// One month of one department or owner.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthLoad {
    /// `2024-03`.
    pub month: String,
    pub events: usize,
    pub cases: usize,
}

/// The workload of one department or owner.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Load {
    pub name: String,
    pub events: usize,
    pub cases: usize,
    pub months: Vec<MonthLoad>,
    /// The most cases held open at once.
    pub max_open_cases: usize,
}

/// Workload by department and by owner, most events first.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Workload {
    pub departments: Vec<Load>,
    pub owners: Vec<Load>,
}

/// The largest number of the intervals open at once (an interval ending when another
/// starts does not overlap it).
fn max_overlap(spans: &[(i64, i64)]) -> usize {
    let mut starts: Vec<i64> = spans.iter().map(|s| s.0).collect();
    let mut ends: Vec<i64> = spans.iter().map(|s| s.1).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    // Walk the starts in time order; the ends up to each start close first.
    let (mut closed, mut top) = (0usize, 0usize);
    for (opened, &s) in starts.iter().enumerate() {
        while closed < ends.len() && ends[closed] <= s {
            closed += 1;
        }
        top = top.max((opened + 1).saturating_sub(closed));
    }
    top
}

/// Owner changes between consecutive events of each (case, stage). Events are in case
/// order, so the last owner per stage is kept for the current case only.
fn owner_changes(e: &EventObs) -> BTreeMap<(usize, usize), usize> {
    let mut last: std::collections::HashMap<usize, Option<usize>> = Default::default();
    let mut changes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for i in 0..e.len() {
        if i > 0 && e.case[i] != e.case[i - 1] {
            last.clear();
        }
        let key = ((e.stage[i] as usize), (e.case[i] as usize));
        if let Some(prev) = last.insert(e.stage[i] as usize, e.owner.at(i)) {
            if prev.is_some() && e.owner.at(i).is_some() && prev != e.owner.at(i) {
                *changes.entry(key).or_default() += 1;
            }
        }
    }
    changes
}

/// Ownership of the stages of `e`.
pub fn ownership(e: &EventObs, limit: usize) -> Ownership {
    let mut by: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for i in (0..e.len()).filter(|&i| !e.stays_in_node(i)) {
        if let Some(d) = e.department.at(i) {
            *by.entry(e.stage[i] as usize)
                .or_default()
                .entry(d)
                .or_default() += 1;
        }
    }
    let changes = owner_changes(e);
    let stages = (0..e.stages.len())
        .map(|s| {
            let depts = by.remove(&s).unwrap_or_default();
            let n: usize = depts.values().sum();
            let mut departments: Vec<StageDepartment> = depts
                .into_iter()
                .map(|(d, events)| StageDepartment {
                    department: e.departments[d].clone(),
                    events,
                    share: events as f64 / n.max(1) as f64,
                })
                .collect();
            departments.sort_by(|a, b| {
                b.events
                    .cmp(&a.events)
                    .then_with(|| a.department.cmp(&b.department))
            });
            let mine = changes.range((s, 0)..(s + 1, 0)).map(|(_, n)| *n);
            let (over, max) = mine.fold((0, 0), |(o, m), n| (o + usize::from(n > limit), m.max(n)));
            StageOwnership {
                stage: e.stages[s].clone(),
                departments,
                cases_over_limit: over,
                max_owner_changes: max,
            }
        })
        .collect();
    Ownership {
        owner_change_limit: limit,
        stages,
        events_without_owner: e.owner.count_none(e.len()),
        events_without_department: e.department.count_none(e.len()),
    }
}

/// The months (in `tz`) of a span of instants: their starts and labels (`2024-03`), so
/// that an event's month is a binary search instead of a time-zone conversion.
struct Months {
    starts: Vec<i64>,
    labels: Vec<String>,
}

impl Months {
    /// Spans longer than this many months (bad dates far apart) list only the months
    /// that occur.
    const MAX_RANGE: i32 = 1200;

    fn new(e: &EventObs, tz: &chrono_tz::Tz) -> Months {
        let day = |ms: i64| {
            tz.timestamp_millis_opt(ms)
                .single()
                .map(|t| t.date_naive())
                .unwrap_or_default()
        };
        let (Some(&lo), Some(&hi)) = (e.start_ms.iter().min(), e.start_ms.iter().max()) else {
            return Months::of_firsts(Vec::new(), tz);
        };
        let (first, last) = (day(lo), day(hi));
        let span = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32;
        let firsts: Vec<chrono::NaiveDate> = if span <= Self::MAX_RANGE {
            let first = first.with_day(1).unwrap_or(first);
            (0..=span.max(0) as u32)
                .filter_map(|k| first.checked_add_months(chrono::Months::new(k)))
                .collect()
        } else {
            let seen: BTreeSet<chrono::NaiveDate> = e
                .start_ms
                .iter()
                .map(|&ms| day(ms))
                .map(|d| d.with_day(1).unwrap_or(d))
                .collect();
            seen.into_iter().collect()
        };
        Months::of_firsts(firsts, tz)
    }

    /// From the first days of the months, in order.
    fn of_firsts(firsts: Vec<chrono::NaiveDate>, tz: &chrono_tz::Tz) -> Months {
        Months {
            starts: firsts
                .iter()
                .map(|m| crate::model::plan::local_midnight_ms(*m, tz))
                .collect(),
            labels: firsts
                .iter()
                .map(|m| m.format("%Y-%m").to_string())
                .collect(),
        }
    }

    /// The index of the month an instant falls in.
    fn of(&self, ms: i64) -> usize {
        self.starts.partition_point(|s| *s <= ms).saturating_sub(1)
    }
}

/// One department's (or owner's) workload as the events are read.
#[derive(Default)]
struct LoadAcc {
    /// Month index → (events, distinct cases, the last case counted).
    months: BTreeMap<usize, (usize, usize, usize)>,
    /// The span it held each case, first start to last end, in case order.
    spans: Vec<(i64, i64)>,
}

impl LoadAcc {
    fn into_load(self, name: &str, calendar: &Months) -> Load {
        Load {
            name: name.to_string(),
            events: self.months.values().map(|m| m.0).sum(),
            cases: self.spans.len(),
            max_open_cases: max_overlap(&self.spans),
            months: self
                .months
                .into_iter()
                .map(|(month, (events, cases, _))| MonthLoad {
                    month: calendar.labels[month].clone(),
                    events,
                    cases,
                })
                .collect(),
        }
    }
}

/// The workload of each value of `who` (a department or owner index per event). The
/// events are in case order, so one pass counts each case once per month (a case never
/// comes back once the next has started) and closes each case's spans when it ends.
fn loads(e: &EventObs, who: &Codes, names: &[String], tz: &chrono_tz::Tz) -> Vec<Load> {
    let calendar = Months::new(e, tz);
    let mut acc: Vec<LoadAcc> = (0..names.len()).map(|_| LoadAcc::default()).collect();
    // The span each value holds in the current case, and which values hold one.
    let mut held: Vec<Option<(i64, i64)>> = vec![None; names.len()];
    let mut holding: Vec<usize> = Vec::new();
    let close = |held: &mut [Option<(i64, i64)>], holding: &mut Vec<usize>, acc: &mut [LoadAcc]| {
        for w in holding.drain(..) {
            acc[w].spans.extend(held[w].take());
        }
    };
    for i in 0..e.len() {
        if i > 0 && e.case[i] != e.case[i - 1] {
            close(&mut held, &mut holding, &mut acc);
        }
        let Some(w) = who.at(i).filter(|&w| w < names.len()) else {
            continue;
        };
        // A continuation with the same department (or owner) is the same piece of work.
        let new_work = !(i > 0 && e.continues[i] && who.at(i - 1) == Some(w));
        let (case, start, end) = ((e.case[i] as usize), e.start_ms[i], e.end_ms[i]);
        let month = acc[w]
            .months
            .entry(calendar.of(start))
            .or_insert((0, 0, usize::MAX));
        month.0 += usize::from(new_work);
        if month.2 != case {
            (month.1, month.2) = (month.1 + 1, case);
        }
        let span = held[w].get_or_insert_with(|| {
            holding.push(w);
            (start, end)
        });
        *span = (span.0.min(start), span.1.max(end));
    }
    close(&mut held, &mut holding, &mut acc);
    let mut out: Vec<Load> = acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| !a.months.is_empty())
        .map(|(w, a)| a.into_load(&names[w], &calendar))
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Workload by department and by owner.
pub fn workload(e: &EventObs, tz: &chrono_tz::Tz) -> Workload {
    Workload {
        departments: loads(e, &e.department, &e.departments, tz),
        owners: loads(e, &e.owner, &e.owners, tz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;
    /// 2024-03-31 22:00 UTC.
    const T0: i64 = 1_711_922_400_000;

    /// (case, stage, department, owner, start h, end h) after T0.
    type Row = (usize, usize, Option<usize>, Option<usize>, i64, i64);

    fn obs(rows: &[Row]) -> EventObs<'static> {
        EventObs {
            case: rows.iter().map(|r| r.0 as u32).collect(),
            stage: rows.iter().map(|r| r.1 as u32).collect(),
            stages: vec!["受理".into(), "处理".into()],
            department: rows.iter().map(|r| r.2).collect(),
            departments: vec!["客服".into(), "技术".into()],
            owner: rows.iter().map(|r| r.3).collect(),
            owners: vec!["王".into(), "李".into(), "张".into()],
            start_ms: rows.iter().map(|r| T0 + r.4 * H).collect(),
            end_ms: rows.iter().map(|r| T0 + r.5 * H).collect(),
            continues: vec![false; rows.len()],
            ..Default::default()
        }
    }

    /// Case 0: 受理 by 客服/王, then 处理 passed 李 → 张 → 李 → 张 (three changes).
    /// Case 1: 受理 by 客服/王, 处理 once by 客服 (no owner), one event with no department.
    fn log() -> EventObs<'static> {
        obs(&[
            (0, 0, Some(0), Some(0), 0, 1),
            (0, 1, Some(1), Some(1), 1, 2),
            (0, 1, Some(1), Some(2), 2, 3),
            (0, 1, Some(1), Some(1), 3, 4),
            (0, 1, Some(1), Some(2), 4, 5),
            (1, 0, Some(0), Some(0), 0, 3),
            (1, 1, Some(0), None, 3, 4),
            (1, 1, None, Some(1), 4, 5),
        ])
    }

    #[test]
    fn stages_with_several_departments_and_owner_changes_are_counted() {
        let o = ownership(&log(), 2);
        let work = &o.stages[1];
        assert_eq!(work.stage, "处理");
        let d: Vec<(&str, usize)> = work
            .departments
            .iter()
            .map(|d| (d.department.as_str(), d.events))
            .collect();
        assert_eq!(d, [("技术", 4), ("客服", 1)]);
        assert!((work.departments[0].share - 0.8).abs() < 1e-12);
        assert_eq!((work.cases_over_limit, work.max_owner_changes), (1, 3));
        assert_eq!(
            (o.stages[0].cases_over_limit, o.stages[0].max_owner_changes),
            (0, 0)
        );
        assert_eq!(
            (o.events_without_owner, o.events_without_department),
            (1, 1)
        );
        assert_eq!(ownership(&log(), 3).stages[1].cases_over_limit, 0);
    }

    #[test]
    fn workload_counts_months_and_the_most_cases_held_at_once() {
        let w = workload(&log(), &chrono_tz::Tz::UTC);
        let cs = &w.departments.iter().find(|l| l.name == "客服").unwrap();
        // 客服 holds case 0 for 0–1 h and case 1 for 0–4 h: two at once.
        assert_eq!((cs.events, cs.cases, cs.max_open_cases), (3, 2, 2));
        // Times from 22:00 on 31 March: the first two hours are March, the rest April.
        let months: Vec<(&str, usize, usize)> = cs
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.events, m.cases))
            .collect();
        assert_eq!(months, [("2024-03", 2, 2), ("2024-04", 1, 1)]);
        let sh: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let local = workload(&log(), &sh);
        assert!(local.departments[0]
            .months
            .iter()
            .all(|m| m.month == "2024-04"));
        let li = w.owners.iter().find(|l| l.name == "李").unwrap();
        // 李 holds case 0 from 1 h to 4 h and case 1 from 4 h to 5 h: never both.
        assert_eq!((li.events, li.cases, li.max_open_cases), (3, 2, 1));
        assert_eq!(max_overlap(&[(0, 2), (1, 3), (2, 4)]), 2);
    }
}
