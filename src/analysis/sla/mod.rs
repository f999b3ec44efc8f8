//! Service levels (contract `sla[]`): each `[[sla]]` clock evaluated on every case,
//! on the business calendar ([`worktime`]) or around the clock. Per clock: cases met,
//! breached, open and at risk, compliance with its Wilson interval, the measured hours,
//! the same by department and by the clock's `by` column, the breaches (worst first)
//! and the open cases at risk; weekly-update clocks per week ([`weekly`]).
//!
//! A case is *met* when the clock stopped within the target, *breached* when it stopped
//! later or the target had already passed at the end of the data without a stop,
//! *open* when it has not stopped and the target has not passed yet (*at risk* beyond
//! [`AT_RISK`] of it). Compliance is met / (met + breached).

pub mod interval;
pub mod problems;
pub mod weekly;
pub mod working;
pub mod worktime;

use serde::Serialize;

use crate::analysis::observations::Observations;
use crate::analysis::stats::Stats;
use crate::model::calendar::Calendar;
use crate::model::sla::{Clock, ClockKind};

/// Elapsed share of the target beyond which an open case is at risk.
pub const AT_RISK: f64 = 0.8;

/// Breaches and cases at risk listed per clock (the counts cover all).
pub const LISTED: usize = 100;

/// Met, breached, open, at risk.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Tally {
    pub cases: usize,
    pub met: usize,
    pub breached: usize,
    pub open: usize,
    pub at_risk: usize,
    /// met / (met + breached); none when nothing is decided yet.
    pub compliance: Option<f64>,
    /// Wilson 95% interval of the compliance.
    pub compliance_ci: Option<[f64; 2]>,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.cases += 1;
        match o.state {
            State::Met => self.met += 1,
            State::Breached => self.breached += 1,
            State::Open { at_risk } => {
                self.open += 1;
                self.at_risk += usize::from(at_risk);
            }
        }
    }

    fn finish(mut self) -> Tally {
        let decided = self.met + self.breached;
        self.compliance = (decided > 0).then(|| self.met as f64 / decided as f64);
        self.compliance_ci = crate::analysis::satisfaction::wilson(self.met, decided);
        self
    }
}

/// A clock's figures for one department or one value of its `by` column.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaGroup {
    /// `department`, or the `by` column's name.
    pub by: String,
    pub value: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// A breached case (contract `sla[].breaches[]`), or an open one at risk.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseClock {
    pub case: String,
    pub department: Option<String>,
    /// The case's value of the `by` column.
    pub value: Option<String>,
    /// Measured hours (working hours for working targets), to the stop or to the end
    /// of the data.
    pub hours: f64,
    pub target_hours: f64,
    /// Hours and target are working hours (the case's target is in working units).
    pub working: bool,
    /// The clock has not stopped (the figure runs to the end of the data).
    pub open: bool,
    /// For weekly clocks: the week whose update was missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week: Option<String>,
}

/// One clock evaluated (contract `sla[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaResult {
    pub name: String,
    /// `interval` or `weekly`.
    pub kind: &'static str,
    pub start: Option<String>,
    pub stop: Option<String>,
    /// As written: `2wh`, `紧急 10min · 高 2wh`, `fri 17:00`.
    pub target: String,
    /// Measured in the calendar's working time.
    pub working: bool,
    #[serde(flatten)]
    pub tally: Tally,
    /// Cases where the clock started but their `by` value has no target.
    pub no_target: usize,
    /// Cases where the start point never occurs.
    pub not_started: usize,
    /// Cases that went on without the stop and ended where no case reaches it (a path
    /// without the stop stage).
    pub skipped: usize,
    /// Hours of the stopped clocks (working hours for working targets).
    pub hours: Stats,
    /// By department (that stopped the clock, or held the case last) and by `by`.
    pub by: Vec<SlaGroup>,
    /// Worst first, at most [`LISTED`].
    pub breaches: Vec<CaseClock>,
    /// Open cases past [`AT_RISK`] of the target, closest to it first.
    pub at_risk_cases: Vec<CaseClock>,
    /// Weekly clocks: compliance per week.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub weeks: Vec<weekly::SlaWeek>,
}

/// How one case did on one clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State {
    Met,
    Breached,
    Open { at_risk: bool },
}

/// One case on one clock (one case-week on weekly clocks).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Measured in working time (the case's target is in working units).
    pub working: bool,
    pub case: usize,
    pub state: State,
    pub ms: i64,
    pub target_ms: i64,
    pub stopped: bool,
    pub department: Option<usize>,
    pub week: Option<String>,
}

/// The calendar as the outputs state it (contract `calendar`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CalendarInfo {
    pub tz: String,
    pub workdays: Vec<&'static str>,
    pub hours: Vec<String>,
    /// One working day, hours.
    pub day_hours: f64,
    pub holidays: crate::model::calendar::Holidays,
    /// The years the holiday table covers.
    pub table_years: Option<(i32, i32)>,
    /// Years of the log beyond the table: their days go by weekday (plus `extra_*`).
    pub years_beyond_table: Vec<i32>,
    /// No `[calendar]` was given: China's usual office calendar was assumed.
    pub assumed: bool,
    /// Holidays and make-up workdays within the log's span.
    pub special_days: Vec<SpecialDay>,
}

/// A holiday or make-up workday the log spans.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpecialDay {
    pub date: String,
    pub name: String,
    /// Worked (a make-up or company workday) rather than off.
    pub workday: bool,
}

/// The business-time part of the task log's analysis.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct BusinessTime {
    /// The service-level clocks of `[[sla]]` (contract `sla[]`).
    pub sla: Vec<SlaResult>,
    /// The business calendar the clocks and working durations ran on (contract
    /// `calendar`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarInfo>,
    /// Lead and waiting times in working hours (`[report] durations = "working"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working: Option<working::WorkingDurations>,
}

/// What the clocks give: the results, and per clock the per-case outcome (met = true,
/// breached = false, none = open or not counted) for metrics and KPI periods.
#[derive(Debug, Clone, Default)]
pub struct SlaOutput {
    pub results: Vec<SlaResult>,
    pub per_case: Vec<(String, Vec<Option<bool>>)>,
    /// Per clock, every case's (or case-week's) outcome.
    pub outcomes: Vec<Vec<Outcome>>,
    pub calendar: Option<CalendarInfo>,
}

/// Every clock on the observations; `assumed`: the calendar was not given.
pub fn evaluate(
    obs: &Observations,
    clocks: &[Clock],
    cal: &Calendar,
    assumed: bool,
) -> Result<SlaOutput, crate::model::sla::SlaError> {
    let (first, last) = span(obs);
    let work = worktime::WorkClock::new(cal, first, last);
    let mut out = SlaOutput {
        calendar: Some(calendar_info(obs, cal, assumed)),
        ..SlaOutput::default()
    };
    for clock in clocks {
        let (mut result, outcomes) = match &clock.kind {
            ClockKind::Interval { .. } => interval::run(obs, clock, &work, last)?,
            ClockKind::Weekly(w) => weekly::run(obs, clock, *w, &work, last),
        };
        let mut per_case = vec![None; obs.cases.len()];
        for o in &outcomes {
            per_case[o.case] = match o.state {
                State::Met => Some(per_case[o.case].unwrap_or(true)),
                State::Breached => Some(false),
                State::Open { .. } => per_case[o.case],
            };
        }
        summarise(&mut result, &outcomes, obs, clock);
        out.results.push(result);
        out.per_case.push((clock.name.clone(), per_case));
        out.outcomes.push(outcomes);
    }
    Ok(out)
}

/// The first start and the last end of the data.
fn span(obs: &Observations) -> (i64, i64) {
    let e = &obs.events;
    let first = e.start_ms.iter().copied().min().unwrap_or(0);
    let last = e.end_ms.iter().copied().max().unwrap_or(first).max(first);
    (first, last)
}

/// Tallies, groups, breaches and cases at risk from the outcomes.
fn summarise(r: &mut SlaResult, outcomes: &[Outcome], obs: &Observations, clock: &Clock) {
    let mut tally = Tally::default();
    outcomes.iter().for_each(|o| tally.add(o));
    r.tally = tally.finish();
    let stopped: Vec<i64> = outcomes
        .iter()
        .filter(|o| o.stopped)
        .map(|o| o.ms)
        .collect();
    r.hours = crate::analysis::stats::stats_of_ms(&stopped);
    r.by = groups(outcomes, obs, clock);
    let listed = |keep: &dyn Fn(&Outcome) -> bool, key: &dyn Fn(&Outcome) -> f64| {
        let mut v: Vec<&Outcome> = outcomes.iter().filter(|o| keep(o)).collect();
        v.sort_by(|a, b| key(b).total_cmp(&key(a)));
        v.iter()
            .take(LISTED)
            .map(|o| case_clock(o, obs, clock))
            .collect()
    };
    r.breaches = listed(&|o| o.state == State::Breached, &|o| {
        (o.ms - o.target_ms) as f64
    });
    r.at_risk_cases = listed(&|o| o.state == State::Open { at_risk: true }, &|o| {
        o.ms as f64 / o.target_ms.max(1) as f64
    });
}

/// The clock's `by` column value of a case.
fn by_value<'a>(obs: &'a Observations, clock: &Clock, case: usize) -> Option<&'a str> {
    let ClockKind::Interval { by: Some(by), .. } = &clock.kind else {
        return None;
    };
    obs.cases.attribute(by)?.get(case)?.as_deref()
}

fn case_clock(o: &Outcome, obs: &Observations, clock: &Clock) -> CaseClock {
    let h = crate::analysis::stats::hours;
    CaseClock {
        case: obs.cases.id[o.case].clone(),
        department: o.department.map(|d| obs.events.departments[d].clone()),
        value: by_value(obs, clock, o.case).map(str::to_string),
        hours: h(o.ms),
        target_hours: h(o.target_ms),
        working: o.working,
        open: !o.stopped,
        week: o.week.clone(),
    }
}

/// Tallies by department, then by the `by` column's values.
fn groups(outcomes: &[Outcome], obs: &Observations, clock: &Clock) -> Vec<SlaGroup> {
    let mut out = Vec::new();
    let mut add = |by: &str, key: &dyn Fn(&Outcome) -> Option<String>| {
        let mut map: std::collections::BTreeMap<String, Tally> = Default::default();
        for o in outcomes {
            if let Some(k) = key(o) {
                map.entry(k).or_default().add(o);
            }
        }
        out.extend(map.into_iter().map(|(value, t)| SlaGroup {
            by: by.to_string(),
            value,
            tally: t.finish(),
        }));
    };
    if !obs.events.departments.is_empty() {
        add("department", &|o| {
            o.department.map(|d| obs.events.departments[d].clone())
        });
    }
    if let ClockKind::Interval { by: Some(by), .. } = &clock.kind {
        add(by, &|o| by_value(obs, clock, o.case).map(str::to_string));
    }
    out
}

/// The calendar's settings and the special days of the data's span.
pub fn calendar_info(obs: &Observations, cal: &Calendar, assumed: bool) -> CalendarInfo {
    use chrono::Datelike;
    let (first, last) = span(obs);
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let (a, b) = (worktime::local(cal, first).0, worktime::local(cal, last).0);
    let mut special_days = Vec::new();
    let mut d = a;
    while d <= b {
        if let Some(s) = special(cal, d) {
            special_days.push(s);
        }
        d = d.succ_opt().unwrap_or(b + chrono::Days::new(1));
    }
    CalendarInfo {
        tz: cal.tz.name().to_string(),
        workdays: (0..7)
            .filter(|&i| cal.workdays[i])
            .map(|i| NAMES[i])
            .collect(),
        hours: cal.hours_text(),
        day_hours: crate::analysis::stats::hours(cal.day_ms()),
        holidays: cal.holidays,
        table_years: cal.holidays.years(),
        years_beyond_table: (a.year()..=b.year())
            .filter(|y| cal.beyond_table(*y))
            .collect(),
        assumed,
        special_days,
    }
}

fn special(cal: &Calendar, d: chrono::NaiveDate) -> Option<SpecialDay> {
    use crate::model::calendar::DayKind;
    let (name, workday) = match cal.day_kind(d) {
        DayKind::Holiday(n) => (n.to_string(), false),
        DayKind::MakeUpWorkday(n) => (n.to_string(), true),
        DayKind::CompanyHoliday => ("company".to_string(), false),
        DayKind::CompanyWorkday => ("company".to_string(), true),
        DayKind::Workday | DayKind::Weekend => return None,
    };
    Some(SpecialDay {
        date: d.format("%Y-%m-%d").to_string(),
        name,
        workday,
    })
}
