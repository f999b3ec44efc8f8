//! Metric definitions: the names targets and KPI tables are written in, the same in
//! `procdiag.toml`, `--target` and the JSON (`lead_time.median`,
//! `wait_time.p90[stage=合规审批]`, `survey.mean[dimension=流程效率]`, …), their filters
//! and what kind of figure each is. [`crate::analysis::metrics`] computes them.

use serde::Serialize;

use super::spec_error::SpecError;

/// Which figure of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stat {
    Median,
    P90,
    Mean,
}

/// A metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Hours per case, first start to last end.
    LeadTime(Stat),
    /// Hours waited before events (of a stage, with `stage=`).
    WaitTime(Stat),
    /// Hours worked on events (of a stage, with `stage=`).
    ServiceTime(Stat),
    /// Hours between departments (`from=`, `to=`).
    HandoffDelay(Stat),
    /// Actual − planned end, hours (per case, or per event of a stage).
    ScheduleSlip(Stat),
    /// Share of cases with a repeated stage.
    ReworkRate,
    /// Share of cases with no rework and no return.
    FirstTimeRight,
    /// Share of cases (or a stage's events) finished by their planned end.
    OnTimeRate,
    /// Cases closed per week.
    Throughput,
    /// Σ touch time / Σ lead time.
    FlowEfficiency,
    /// Mean of an item's answers or a dimension's respondent scores.
    SurveyMean,
    /// Share of an item's answers in its top two levels.
    SurveyTop2Box,
    /// Net Promoter Score of a 0–10 item.
    SurveyNps,
    /// Share of a `[[sla]]` clock's decided cases that met it (`name=`).
    SlaCompliance,
}

/// What kind of figure a metric is, which decides its test and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Hours; Mann–Whitney U.
    Duration,
    /// A share 0–1; two-proportion z.
    Rate,
    /// A score (mean of answers, NPS); Welch's t.
    Score,
    /// Cases per week; Welch's t on weekly counts.
    PerWeek,
    /// A ratio of sums (flow efficiency); Mann–Whitney U on per-case ratios.
    Ratio,
}

/// A metric with its filters (`stage=…`, `department=…`, `from=…`, `to=…`, `item=…`,
/// `dimension=…`, or a case attribute or survey column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetricSpec {
    pub metric: Metric,
    pub filters: Vec<(String, String)>,
}

/// Names of every metric, for messages.
pub const NAMES: &[&str] = &[
    "lead_time.median",
    "lead_time.p90",
    "lead_time.mean",
    "wait_time.median|p90|mean",
    "service_time.median|p90|mean",
    "handoff_delay.median|p90|mean",
    "schedule_slip.median|p90|mean",
    "rework_rate",
    "first_time_right",
    "on_time_rate",
    "throughput",
    "flow_efficiency",
    "sla_compliance[name=CLOCK]",
    "survey.mean",
    "survey.top2box",
    "survey.nps",
];

fn stat(s: &str) -> Option<Stat> {
    match s {
        "median" => Some(Stat::Median),
        "p90" => Some(Stat::P90),
        "mean" => Some(Stat::Mean),
        _ => None,
    }
}

fn stat_name(s: Stat) -> &'static str {
    match s {
        Stat::Median => "median",
        Stat::P90 => "p90",
        Stat::Mean => "mean",
    }
}

impl MetricSpec {
    /// Parses `name[key=value,key=value]`.
    pub fn parse(text: &str) -> Result<MetricSpec, SpecError> {
        let t = text.trim();
        let (name, filters) = match t.split_once('[') {
            Some((n, rest)) => {
                let inner = rest
                    .strip_suffix(']')
                    .ok_or_else(|| SpecError::UnclosedFilters { spec: t.into() })?;
                let mut fs = Vec::new();
                for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let (k, v) =
                        part.split_once('=')
                            .ok_or_else(|| SpecError::FilterNotKeyValue {
                                spec: t.into(),
                                part: part.into(),
                            })?;
                    fs.push((k.trim().to_string(), v.trim().to_string()));
                }
                (n.trim(), fs)
            }
            None => (t, Vec::new()),
        };
        let unknown = || SpecError::UnknownMetric { name: name.into() };
        let metric = match name.split_once('.') {
            Some(("lead_time", s)) => Metric::LeadTime(stat(s).ok_or_else(unknown)?),
            Some(("wait_time", s)) => Metric::WaitTime(stat(s).ok_or_else(unknown)?),
            Some(("service_time", s)) => Metric::ServiceTime(stat(s).ok_or_else(unknown)?),
            Some(("handoff_delay", s)) => Metric::HandoffDelay(stat(s).ok_or_else(unknown)?),
            Some(("schedule_slip", s)) => Metric::ScheduleSlip(stat(s).ok_or_else(unknown)?),
            Some(("survey", "mean")) => Metric::SurveyMean,
            Some(("survey", "top2box")) => Metric::SurveyTop2Box,
            Some(("survey", "nps")) => Metric::SurveyNps,
            None => match name {
                "rework_rate" => Metric::ReworkRate,
                "first_time_right" => Metric::FirstTimeRight,
                "on_time_rate" => Metric::OnTimeRate,
                "throughput" => Metric::Throughput,
                "flow_efficiency" => Metric::FlowEfficiency,
                "sla_compliance" => Metric::SlaCompliance,
                _ => return Err(unknown()),
            },
            _ => return Err(unknown()),
        };
        let spec = MetricSpec { metric, filters };
        if spec.is_survey() && spec.filter("item").is_none() && spec.filter("dimension").is_none() {
            return Err(SpecError::SurveyNeedsItemOrDimension { spec: t.into() });
        }
        if spec.metric == Metric::SlaCompliance && spec.filter("name").is_none() {
            return Err(SpecError::SlaNeedsName { spec: t.into() });
        }
        if matches!(spec.metric, Metric::SurveyTop2Box | Metric::SurveyNps)
            && spec.filter("item").is_none()
        {
            return Err(SpecError::NeedsItem { spec: t.into() });
        }
        Ok(spec)
    }

    /// The canonical name, `name[key=value,…]`.
    pub fn name(&self) -> String {
        let base = match self.metric {
            Metric::LeadTime(s) => format!("lead_time.{}", stat_name(s)),
            Metric::WaitTime(s) => format!("wait_time.{}", stat_name(s)),
            Metric::ServiceTime(s) => format!("service_time.{}", stat_name(s)),
            Metric::HandoffDelay(s) => format!("handoff_delay.{}", stat_name(s)),
            Metric::ScheduleSlip(s) => format!("schedule_slip.{}", stat_name(s)),
            Metric::ReworkRate => "rework_rate".into(),
            Metric::FirstTimeRight => "first_time_right".into(),
            Metric::OnTimeRate => "on_time_rate".into(),
            Metric::Throughput => "throughput".into(),
            Metric::FlowEfficiency => "flow_efficiency".into(),
            Metric::SlaCompliance => "sla_compliance".into(),
            Metric::SurveyMean => "survey.mean".into(),
            Metric::SurveyTop2Box => "survey.top2box".into(),
            Metric::SurveyNps => "survey.nps".into(),
        };
        if self.filters.is_empty() {
            base
        } else {
            let f: Vec<String> = self
                .filters
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!("{base}[{}]", f.join(","))
        }
    }

    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_survey(&self) -> bool {
        matches!(
            self.metric,
            Metric::SurveyMean | Metric::SurveyTop2Box | Metric::SurveyNps
        )
    }

    pub fn kind(&self) -> Kind {
        match self.metric {
            Metric::LeadTime(_)
            | Metric::WaitTime(_)
            | Metric::ServiceTime(_)
            | Metric::HandoffDelay(_)
            | Metric::ScheduleSlip(_) => Kind::Duration,
            Metric::ReworkRate | Metric::FirstTimeRight | Metric::OnTimeRate => Kind::Rate,
            Metric::SlaCompliance => Kind::Rate,
            Metric::SurveyTop2Box => Kind::Rate,
            Metric::SurveyMean | Metric::SurveyNps => Kind::Score,
            Metric::Throughput => Kind::PerWeek,
            Metric::FlowEfficiency => Kind::Ratio,
        }
    }

    /// The duration figure, for duration metrics.
    pub fn stat(&self) -> Option<Stat> {
        match self.metric {
            Metric::LeadTime(s)
            | Metric::WaitTime(s)
            | Metric::ServiceTime(s)
            | Metric::HandoffDelay(s)
            | Metric::ScheduleSlip(s) => Some(s),
            _ => None,
        }
    }

    /// Case attribute filters (every key that is not a structural one).
    pub fn attribute_filters(&self) -> impl Iterator<Item = (&str, &str)> {
        self.filters
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "stage" | "department" | "from" | "to" | "item" | "dimension" | "name"
                )
            })
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
