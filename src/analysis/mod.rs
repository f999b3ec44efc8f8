//! Analysis: pure functions over the model that produce one serializable [`Analysis`]
//! ([`run`]): the process ([`process`]), the survey ([`survey`]) and the plan
//! ([`plan`]: periods, targets, KPI), on one numeric toolkit ([`stats`]) and one
//! anonymity rule ([`privacy`]).
//!
//! Every number shown in any output (HTML, JSON, terminal table) lives in these structs,
//! so the outputs can never disagree. Field names marked "contract" are part of the
//! `procdiag/1` machine contract (DESIGN.md) and must never be renamed.

pub mod plan;
pub mod privacy;
pub mod process;
pub mod sla;
pub mod stats;
pub mod survey;
pub mod survey_log;

pub use plan::{improvement, inference, kpi, metrics, periods};
pub use process::{
    bottleneck, cycle_time, flow, handoffs, map, observations, ownership, problems, quality, rank,
    rare, wip,
};
pub use survey::{keywords, reliability, satisfaction};

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::model::{InputSummary, TaskLog, TimestampShape};
pub use stats::Stats;

/// The whole diagnosis: what every output renders.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Contract: always `procdiag/1`.
    pub schema: &'static str,
    /// Contract: one entry per input file, with its row accounting.
    pub inputs: Vec<InputSummary>,
    /// Contract: the process part.
    pub tasklog: Option<TasklogAnalysis>,
    /// Contract: the questionnaire part.
    pub survey: Option<survey::SurveyAnalysis>,
    /// The survey beside the task log (contract `survey_log`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey_log: Option<survey_log::SurveyLog>,
    /// The baseline and comparison periods, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods: Option<periods::Periods>,
    /// Contract: each target, baseline → current, change, test and verdict.
    pub improvement: Vec<improvement::TargetResult>,
    /// The length of the KPI periods below.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi_grain: Option<kpi::Grain>,
    /// Contract: the KPI review table.
    pub kpi_periods: Vec<kpi::KpiPeriod>,
    /// The case figures by each `--by` attribute.
    pub breakdowns: Vec<kpi::Breakdown>,
}

impl Analysis {
    /// An analysis with no parts yet.
    pub fn empty() -> Analysis {
        Analysis {
            schema: "procdiag/1",
            inputs: Vec::new(),
            tasklog: None,
            survey: None,
            survey_log: None,
            periods: None,
            improvement: Vec::new(),
            kpi_grain: None,
            kpi_periods: Vec::new(),
            breakdowns: Vec::new(),
        }
    }
}

/// A loaded questionnaire and how to score it.
#[derive(Debug, Clone, Copy)]
pub struct SurveyInput<'a> {
    pub survey: &'a crate::model::survey::Survey,
    /// One per file read.
    pub summaries: &'a [InputSummary],
    pub missing: reliability::Missing,
    pub anonymity: privacy::Anonymity,
}

/// What the analysis reads: the loaded inputs.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub tasklog: Option<(&'a TaskLog, &'a InputSummary)>,
    pub survey: Option<SurveyInput<'a>>,
    /// "Now", for the data-quality checks of times in the future.
    pub now_ms: i64,
    /// The KPI table even without targets (`procdiag kpi`).
    pub kpi: bool,
}

/// The whole analysis of loaded inputs under a plan: the task log's figures, the
/// survey's, then the before/after comparison, the KPI table and the breakdowns. Pure:
/// no files are read or written.
pub fn run(inputs: &Inputs, plan: &crate::model::plan::Plan) -> Result<Analysis> {
    let (mut analysis, obs) = match inputs.tasklog {
        Some((log, summary)) => {
            let (analysis, obs) =
                analyze_with_observations(log, summary.clone(), inputs.now_ms, plan, inputs.kpi)?;
            (analysis, Some(obs))
        }
        None => (Analysis::empty(), None),
    };
    let mut t = crate::timing::Timer::new();
    if let Some(s) = inputs.survey {
        analysis.survey = Some(survey::analyze_survey(s.survey, s.missing, s.anonymity));
        analysis.inputs.extend(s.summaries.iter().cloned());
        t.phase("survey");
    }
    if let (Some(t), Some(o), Some(s)) = (&analysis.tasklog, &obs, &analysis.survey) {
        analysis.survey_log = survey_log::compare(t, o, s);
    }
    if let (Some(t), Some(s)) = (analysis.tasklog.as_mut(), &analysis.survey) {
        problems::add_survey(&mut t.problems, s);
    }
    let survey = inputs.survey.map(|s| (s.survey, s.anonymity));
    apply_plan(&mut analysis, obs.as_ref(), survey, plan, inputs.kpi)?;
    Ok(analysis)
}

/// The first start and the last end of the log's cases (ms).
pub(crate) fn log_span(c: &observations::CaseObs) -> (i64, i64) {
    let first = c.start_ms.iter().copied().min().unwrap_or(0);
    (first, c.end_ms.iter().copied().max().unwrap_or(first))
}

/// Whether the run has a KPI review (its table per period): asked for (`procdiag kpi`),
/// or the plan has targets or periods.
fn kpi_review(plan: &crate::model::plan::Plan, kpi: bool) -> bool {
    kpi || !plan.targets.is_empty() || plan.periods.is_some()
}

/// Adds the before/after comparison, the KPI table (`kpi`: even without targets) and
/// the breakdowns to an analysis; `obs` are the task log's observations.
fn apply_plan(
    analysis: &mut Analysis,
    obs: Option<&observations::Observations>,
    survey: Option<(&crate::model::survey::Survey, privacy::Anonymity)>,
    plan: &crate::model::plan::Plan,
    kpi: bool,
) -> Result<()> {
    if plan.is_empty() && !kpi {
        return Ok(());
    }
    let mut t = crate::timing::Timer::new();
    let periods = match &plan.periods {
        Some(spec) => {
            let empty = observations::Observations::default();
            Some(periods::assign(
                spec,
                obs.unwrap_or(&empty),
                survey.map(|s| s.0),
            )?)
        }
        None if !plan.targets.is_empty() => anyhow::bail!(
            "targets need a baseline and a comparison period: give --split DATE, \
             --baseline FROM..TO --after FROM..TO, --period-column COLUMN, or [periods] \
             in procdiag.toml"
        ),
        None => None,
    };
    let calendar = match obs {
        Some(o) if kpi_review(plan, kpi) => kpi::calendar(o, plan.grain, &plan.tz),
        _ => Vec::new(),
    };
    let disclosure = disclosure(analysis, survey, plan, periods.as_ref(), &calendar);
    let survey = survey.map(|s| (s.0, &disclosure));
    if let Some(periods) = periods {
        for (target, text) in &plan.targets {
            let mut r = improvement::evaluate(target, text, obs, survey, &periods, true)?;
            if let Some(o) = obs {
                for by in &plan.by {
                    r.by_group
                        .extend(improvement::by_group(target, o, &periods, by)?);
                }
            }
            analysis.improvement.push(r);
        }
        analysis.periods = Some(periods);
        t.phase("before/after");
    }
    if let Some(o) = obs {
        if kpi_review(plan, kpi) {
            analysis.kpi_periods = kpi::kpi_table(
                o,
                &kpi::KpiInputs {
                    grain: plan.grain,
                    tz: &plan.tz,
                    survey: survey.map(|s| s.0),
                    disclosure: &disclosure,
                    targets: &plan.targets,
                    improvement: &analysis.improvement,
                    by: &plan.by,
                },
            )?;
            analysis.kpi_grain = Some(plan.grain);
            t.phase("kpi");
        }
        for by in &plan.by {
            analysis.breakdowns.extend(kpi::breakdown(o, by)?);
        }
    }
    Ok(())
}

/// Which periods may show the survey's figures: the anonymity rule over the KPI
/// periods, the baseline and the comparison period together.
fn disclosure(
    analysis: &Analysis,
    survey: Option<(&crate::model::survey::Survey, privacy::Anonymity)>,
    plan: &crate::model::plan::Plan,
    periods: Option<&periods::Periods>,
    calendar: &[(String, i64, i64)],
) -> plan::disclosure::Disclosure {
    let (Some((survey, anonymity)), Some(shown)) = (survey, &analysis.survey) else {
        return plan::disclosure::Disclosure::default();
    };
    let period_column = match &plan.periods {
        Some(crate::model::plan::PeriodSpec::Column(c)) => Some(c.as_str()),
        _ => None,
    };
    plan::disclosure::disclose(&plan::disclosure::DisclosureInputs {
        survey,
        groups: &shown.groups,
        anonymity,
        kpi: calendar,
        periods,
        period_column,
        targets: &plan.targets,
    })
}

/// Process metrics of one task log (contract section `tasklog`).
#[derive(Debug, Clone, Serialize)]
pub struct TasklogAnalysis {
    pub events: usize,
    pub cases: usize,
    /// `start_end` or `single`.
    pub timestamps: TimestampShape,
    /// Events are status intervals (a status history): bottlenecks rank time in status.
    pub status_history: bool,
    /// First start and last end in the log, ISO 8601 UTC.
    pub period: Period,
    pub lead_time_hours: Stats,
    /// Equal-width histogram of lead times (hours) for the distribution chart.
    pub lead_time_histogram: Vec<HistogramBin>,
    /// Case touch time (union of the case's activity intervals), hours.
    pub touch_time_hours: Stats,
    /// Σ touch time / Σ lead time over cases with a positive lead time; `None` for
    /// single-timestamp logs (no working time is known).
    pub flow_efficiency: Option<f64>,
    pub stages: Vec<StageStats>,
    pub edges: Vec<Edge>,
    pub variants: usize,
    pub top_variants: Vec<Variant>,
    /// The share of cases the top variants cover.
    pub top_variants_coverage: f64,
    pub start_stages: BTreeMap<String, usize>,
    pub end_stages: BTreeMap<String, usize>,
    pub handoffs: Vec<Handoff>,
    /// The log has a department column (handoffs and ping-pong are defined).
    pub has_department: bool,
    /// Cases with a department ping-pong A→B→A.
    pub ping_pong_cases: usize,
    pub bottlenecks: Vec<Bottleneck>,
    /// Repeated occurrences: Σ over (case, stage) of (occurrences − 1).
    pub rework_events: usize,
    /// Cases with at least one repeated stage.
    pub rework_cases: usize,
    /// Cases with a returned/rejected status (only when a status column exists).
    pub returned_cases: Option<usize>,
    /// Share of cases with no rework and no returned/rejected status.
    pub first_time_right: f64,
    /// Data-quality findings (filled by [`analyze`]; empty from [`analyze_tasklog`]).
    pub data_quality: Vec<quality::Finding>,
    /// What the swimlane process map shows (contract `process_map`).
    pub process_map: map::ProcessMap,
    /// Work in progress, arrivals and completions per ISO week (contract `wip[]`).
    pub wip: Vec<wip::WipWeek>,
    /// Earlier weeks left out of `wip` (at most [`wip::MAX_WEEKS`] are kept).
    pub wip_weeks_left_out: usize,
    /// Mean WIP against throughput × mean lead time (contract `littles_law`).
    pub littles_law: Option<wip::LittlesLaw>,
    /// The ranked problem list (contract `problems[]`).
    pub problems: Vec<problems::Problem>,
    /// Who performs each stage, owner changes, events without owner (contract
    /// `ownership`).
    pub ownership: ownership::Ownership,
    /// Events, cases and cases held at once per department and owner (contract
    /// `workload`).
    pub workload: ownership::Workload,
    /// Service levels, the calendar and working durations (contract `sla[]`,
    /// `calendar`, `working`).
    #[serde(flatten)]
    pub business: sla::BusinessTime,
    /// Stages seen in fewer than this share of cases are grouped in charts
    /// (`[diagnosis] rare_stage_share`; the data-quality finding `rare_stages` says how
    /// many there are).
    #[serde(skip)]
    pub rare_stage_share: f64,
}

/// Time span the log covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    pub from: String,
    pub to: String,
    /// The time the log spans, from the first start to the last end.
    pub hours: Option<f64>,
}

/// One bar of a histogram: `[from, to)` hours (the last bin includes `to`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistogramBin {
    pub from: f64,
    pub to: f64,
    pub cases: usize,
}

/// Per-stage service and waiting time (contract `stages[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageStats {
    pub stage: String,
    pub events: usize,
    pub cases: usize,
    /// Working time f − s of the stage's events (all zero on single-timestamp logs).
    pub service_hours: Stats,
    /// Waiting before the stage's events (transition time on single-timestamp logs).
    pub wait_hours: Stats,
    /// Cases in which the stage occurs two or more times.
    pub rework_cases: usize,
    /// Distinct departments that performed the stage (more than one hints at unclear
    /// responsibility).
    pub departments: usize,
}

/// A directly-follows edge (contract `edges[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub count: usize,
    pub hours: Stats,
}

/// A variant: the sequence of stages of a case (contract `top_variants[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Variant {
    pub stages: Vec<String>,
    pub cases: usize,
    /// Share of all cases.
    pub share: f64,
}

/// Consecutive events in different departments (contract `handoffs[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Handoff {
    pub from_department: String,
    pub to_department: String,
    pub count: usize,
    pub hours: Stats,
    /// Σ handoff delay / Σ lead time of all cases.
    pub share_of_lead_time: f64,
    /// Cases in which this handoff was answered straight back (A → B → A).
    pub ping_pong_cases: usize,
}

/// What a bottleneck ranking measures.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WaitMeasure {
    /// Waiting before each event (logs with start and end).
    Waiting,
    /// Time between consecutive events (one timestamp per event).
    Transition,
    /// Time spent in a status (status histories).
    Status,
}

/// A stage ranked by its share of all waiting (contract `bottlenecks[]`; its `reason`
/// line is worded by [`crate::words::bottleneck_contract_reason`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bottleneck {
    pub stage: String,
    /// 1 for the largest share.
    pub rank: usize,
    pub measure: WaitMeasure,
    pub wait_share: f64,
    pub total_wait_hours: f64,
    pub median_wait_hours: f64,
    pub p90_wait_hours: f64,
    /// Cases in which the stage waited (W > 0).
    pub cases: usize,
}

impl Serialize for Bottleneck {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Bottleneck", 9)?;
        st.serialize_field("stage", &self.stage)?;
        st.serialize_field("wait_share", &self.wait_share)?;
        st.serialize_field("total_wait_hours", &self.total_wait_hours)?;
        st.serialize_field("median_wait_hours", &self.median_wait_hours)?;
        st.serialize_field("p90_wait_hours", &self.p90_wait_hours)?;
        st.serialize_field("cases", &self.cases)?;
        st.serialize_field("reason", &crate::words::bottleneck_contract_reason(self))?;
        st.serialize_field("rank", &self.rank)?;
        st.serialize_field("measure", &self.measure)?;
        st.end()
    }
}

/// Runs every analysis of one task log.
pub fn analyze_tasklog(log: &TaskLog) -> Result<TasklogAnalysis> {
    let plan = crate::model::plan::Plan::default();
    Ok(tasklog_and_observations(log, &plan, false, None)?.0)
}

/// Every analysis of one task log and the observations the plan works on; the per-case
/// frame and the event times are computed once, turned into the observations and
/// freed. The plan's display
/// settings (map coverage, zone of weeks and months, owner-change limit, problems'
/// minimum share) apply; defaults when it names none. With a KPI review (`kpi`), the
/// problems are split by its periods.
fn tasklog_and_observations<'a>(
    log: &'a TaskLog,
    plan: &crate::model::plan::Plan,
    kpi: bool,
    quality_of: Option<(&InputSummary, i64)>,
) -> Result<(TasklogAnalysis, observations::Observations<'a>)> {
    let mut t = crate::timing::Timer::new();
    let spans = cycle_time::case_spans(log)?;
    let cases = cycle_time::case_times(log, &spans)?;
    let events = cycle_time::event_times(log)?;
    t.phase("case and event times");
    // Every later step works on the observations' vectors.
    let mut obs = observations::observe(log, spans, events)?;
    t.phase("observations");
    let business = business_time(&mut obs, plan)?;
    t.phase("sla");
    let periods = if kpi_review(plan, kpi) {
        kpi::calendar(&obs, plan.grain, &plan.tz)
    } else {
        Vec::new()
    };
    // Two independent halves on the machine's cores: the problem list, ownership and
    // workload beside the flow, handoffs and the map.
    let (side, flow_part) = std::thread::scope(|s| {
        let side = s.spawn(|| side_analyses(&obs, log, plan, &periods, quality_of));
        let flow_part = flow_analyses(&obs, log, plan, (cases.cases, cases.total_lead_ms));
        let side = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (side, flow_part)
    });
    let FlowPart {
        stages,
        flow,
        handoffs: (handoffs, ping_pong_cases),
        bottlenecks,
        weeks,
        process_map,
    } = flow_part?;
    let SidePart {
        problems,
        workload,
        ownership,
        data_quality,
    } = side;
    let mut analysis = TasklogAnalysis {
        events: log.events(),
        cases: cases.cases,
        timestamps: log.shape,
        status_history: log.states,
        period: cases.period,
        lead_time_hours: cases.lead_time,
        lead_time_histogram: cases.histogram,
        touch_time_hours: cases.touch_time,
        flow_efficiency: cases.flow_efficiency,
        stages,
        edges: flow.edges,
        variants: flow.variants,
        top_variants_coverage: flow.top_variants.iter().map(|v| v.share).sum(),
        top_variants: flow.top_variants,
        start_stages: flow.start_stages,
        end_stages: flow.end_stages,
        handoffs,
        has_department: log.has_department,
        ping_pong_cases,
        bottlenecks,
        rework_events: flow.rework_events,
        rework_cases: flow.rework_cases,
        returned_cases: flow.returned_cases,
        first_time_right: flow.first_time_right,
        data_quality: data_quality?,
        process_map,
        wip: weeks.0,
        wip_weeks_left_out: weeks.1,
        littles_law: wip::littles_law(&obs.cases),
        problems,
        ownership,
        workload,
        business: business.0,
        rare_stage_share: plan.rare_stage_share.unwrap_or(rank::DEFAULT_RARE_SHARE),
    };
    let b = &analysis.business;
    sla::problems::add(&mut analysis.problems, &b.sla, &business.1);
    Ok((analysis, obs))
}

/// The analyses that follow the flow of the cases.
struct FlowPart {
    stages: Vec<StageStats>,
    flow: flow::Flow,
    handoffs: (Vec<Handoff>, usize),
    bottlenecks: Vec<Bottleneck>,
    weeks: (Vec<wip::WipWeek>, usize),
    process_map: map::ProcessMap,
}

fn flow_analyses(
    obs: &observations::Observations,
    log: &TaskLog,
    plan: &crate::model::plan::Plan,
    (cases, total_lead_ms): (usize, i64),
) -> Result<FlowPart> {
    let mut t = crate::timing::Timer::new();
    let stages = process::stages::stage_stats(&obs.events);
    t.phase("stage stats");
    let flow = flow::flow(&obs.events, log)?;
    t.phase("flow");
    let handoffs = handoffs::table(obs, total_lead_ms);
    t.phase("handoffs");
    let bottlenecks = bottleneck::rank(&obs.events, log.shape, log.states);
    t.phase("bottlenecks");
    let weeks = wip::weekly(&obs.cases, &plan.tz);
    t.phase("wip");
    let single = log.shape == TimestampShape::Single;
    let rare = plan.rare_stage_share.unwrap_or(rank::DEFAULT_RARE_SHARE);
    let process_map = map::process_map(&obs.events, cases, (plan.map_coverage, rare), single);
    t.phase("process map");
    Ok(FlowPart {
        stages,
        flow,
        handoffs,
        bottlenecks,
        weeks,
        process_map,
    })
}

/// The problem list, ownership and workload.
struct SidePart {
    problems: Vec<problems::Problem>,
    workload: ownership::Workload,
    ownership: ownership::Ownership,
    data_quality: PolarsResultFindings,
}

type PolarsResultFindings = polars::prelude::PolarsResult<Vec<quality::Finding>>;

fn side_analyses(
    obs: &observations::Observations,
    log: &TaskLog,
    plan: &crate::model::plan::Plan,
    periods: &[(String, i64, i64)],
    quality_of: Option<(&InputSummary, i64)>,
) -> SidePart {
    let mut t = crate::timing::Timer::new();
    let min_share = plan
        .problems_min_share
        .unwrap_or(problems::DEFAULT_MIN_SHARE);
    let calendar = problems::Calendar {
        periods,
        span: log_span(&obs.cases),
    };
    let problems = problems::problems(obs, log.states, min_share, calendar);
    t.phase("problems");
    let workload = ownership::workload(&obs.events, &plan.tz);
    t.phase("workload");
    let limit = plan
        .owner_changes
        .unwrap_or(ownership::DEFAULT_OWNER_CHANGES);
    let ownership = ownership::ownership(&obs.events, limit);
    t.phase("ownership");
    // The data-quality findings, when the input's accounting is given.
    let data_quality = match quality_of {
        Some((summary, now_ms)) => quality::findings(log, summary, now_ms),
        None => Ok(Vec::new()),
    };
    t.phase("data quality");
    SidePart {
        problems,
        workload,
        data_quality,
        ownership,
    }
}

/// The clocks (their per-case outcomes kept in `obs` for metrics) and the working
/// durations, on the plan's calendar.
fn business_time(
    obs: &mut observations::Observations,
    plan: &crate::model::plan::Plan,
) -> Result<(sla::BusinessTime, Vec<Vec<sla::Outcome>>)> {
    let Some(cal) = &plan.calendar else {
        return Ok(Default::default());
    };
    let mut out = sla::SlaOutput::default();
    if !plan.sla.is_empty() {
        out = sla::evaluate(obs, &plan.sla, cal, plan.calendar_assumed)?;
        obs.sla = std::mem::take(&mut out.per_case);
    }
    let working = plan
        .working_durations
        .then(|| sla::working::durations(obs, cal));
    if working.is_some() && out.calendar.is_none() {
        out.calendar = Some(sla::calendar_info(obs, cal, plan.calendar_assumed));
    }
    let business = sla::BusinessTime {
        sla: out.results,
        calendar: out.calendar,
        working,
    };
    Ok((business, out.outcomes))
}

/// The whole analysis of one task log and its input accounting; `now_ms` (milliseconds
/// since the epoch) is the moment after which times count as "in the future".
pub fn analyze(log: &TaskLog, summary: InputSummary, now_ms: i64) -> Result<Analysis> {
    let plan = crate::model::plan::Plan::default();
    Ok(analyze_with_observations(log, summary, now_ms, &plan, false)?.0)
}

/// [`analyze`], with the log's observations.
fn analyze_with_observations<'a>(
    log: &'a TaskLog,
    summary: InputSummary,
    now_ms: i64,
    plan: &crate::model::plan::Plan,
    kpi: bool,
) -> Result<(Analysis, observations::Observations<'a>)> {
    let (mut tasklog, obs) = tasklog_and_observations(log, plan, kpi, Some((&summary, now_ms)))?;
    tasklog.data_quality.extend(quality::littles_law(
        tasklog.littles_law.as_ref(),
        tasklog.cases,
    ));
    let rare = rare::finding(&tasklog.stages, tasklog.cases, tasklog.rare_stage_share);
    tasklog.data_quality.extend(rare);
    let analysis = Analysis {
        inputs: vec![summary],
        tasklog: Some(tasklog),
        ..Analysis::empty()
    };
    Ok((analysis, obs))
}
