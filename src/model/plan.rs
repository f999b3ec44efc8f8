//! The improvement plan the user measures against: the baseline and comparison periods
//! and the targets (a metric, optional filters, a goal such as `-20%`, `<= 48h`,
//! `>= 95%` or `+5pt`), the KPI period length and the breakdowns. Parsed here from the
//! forms users write; evaluated by [`crate::analysis::improvement`] and
//! [`crate::analysis::kpi`].

use serde::Serialize;

use super::metric::{Kind, MetricSpec};
use super::spec_error::SpecError;

/// How cases and respondents are split into the baseline and the comparison period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodSpec {
    /// Date ranges (ms since the epoch, UTC, inclusive; `None` = open-ended).
    Ranges {
        baseline: (Option<i64>, Option<i64>),
        after: (Option<i64>, Option<i64>),
    },
    /// Before this instant is the baseline, from it on the comparison period.
    Split(i64),
    /// A column whose values name the periods (改进前/改进后, baseline/after, wave
    /// names): the first value (in the order below) is the baseline, the last the
    /// comparison period.
    Column(String),
}

/// A target's goal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Goal {
    /// Change relative to the baseline, as a fraction: −0.20 for "−20%".
    Relative(f64),
    /// The current value at most this (hours for durations, fraction for rates).
    AtMost(f64),
    /// The current value at least this.
    AtLeast(f64),
    /// Change in points: percentage points for rates, raw points for scores.
    Points(f64),
}

/// A target: a metric with its goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub metric: MetricSpec,
    pub goal: Goal,
    /// The user's own words for it ("项目平均交付周期 −20%").
    pub label: Option<String>,
}

/// The length of a KPI period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    Quarter,
    Month,
    Week,
}

/// What the before/after and KPI analyses need.
#[derive(Debug, Clone)]
pub struct Plan {
    pub periods: Option<PeriodSpec>,
    /// Each target with its goal as written.
    pub targets: Vec<(Target, String)>,
    pub grain: Grain,
    pub tz: chrono_tz::Tz,
    /// Case attributes to break down by.
    pub by: Vec<String>,
    /// Share of cases the process map covers (`--map-coverage`); `None`: the default
    /// rule ([`crate::analysis::map`]).
    pub map_coverage: Option<f64>,
    /// Owner changes within one stage of a case above which it is listed.
    pub owner_changes: Option<usize>,
    /// Time problems below this share of all lead time are left out of the list.
    pub problems_min_share: Option<f64>,
    /// Stages seen in fewer than this share of cases are rare (grouped in charts).
    pub rare_stage_share: Option<f64>,
    /// The business calendar (`[calendar]`; China's office calendar when clocks or
    /// working durations need one and none was given).
    pub calendar: Option<super::calendar::Calendar>,
    /// No `[calendar]` was given: the calendar above is assumed, and the outputs say so.
    pub calendar_assumed: bool,
    /// The `[[sla]]` clocks.
    pub sla: Vec<super::sla::Clock>,
    /// Lead and waiting times also in working hours (`[report] durations = "working"`).
    pub working_durations: bool,
}

impl Default for Plan {
    /// Nothing asked for: no periods or targets, quarters, UTC.
    fn default() -> Self {
        Plan {
            periods: None,
            targets: Vec::new(),
            grain: Grain::Quarter,
            tz: chrono_tz::Tz::UTC,
            by: Vec::new(),
            map_coverage: None,
            owner_changes: None,
            problems_min_share: None,
            rare_stage_share: None,
            calendar: None,
            calendar_assumed: false,
            sla: Vec::new(),
            working_durations: false,
        }
    }
}

impl Plan {
    /// Whether any of it was asked for.
    pub fn is_empty(&self) -> bool {
        self.periods.is_none() && self.targets.is_empty() && self.by.is_empty()
    }

    /// Task-log columns the plan needs kept: the `--by` attributes, target filters on
    /// case attributes, the period column.
    pub fn attributes(&self) -> Vec<String> {
        let mut out: Vec<String> = self.by.clone();
        for (t, _) in &self.targets {
            if !t.metric.is_survey() {
                out.extend(t.metric.attribute_filters().map(|(k, _)| k.to_string()));
            }
        }
        if let Some(PeriodSpec::Column(c)) = &self.periods {
            out.push(c.clone());
        }
        for clock in &self.sla {
            if let super::sla::ClockKind::Interval { by: Some(b), .. } = &clock.kind {
                out.push(b.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Survey columns the plan needs as breakdowns when the survey has them: the
    /// period column and survey target filters.
    pub fn survey_groups(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(PeriodSpec::Column(c)) = &self.periods {
            out.push(c.clone());
        }
        for (t, _) in &self.targets {
            if t.metric.is_survey() {
                out.extend(t.metric.attribute_filters().map(|(k, _)| k.to_string()));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// A number with an optional unit: `48h`, `2d`, `30min`, `95%`, `4.0`.
fn number_with_unit(s: &str, kind: Kind) -> Result<f64, SpecError> {
    let t = s.trim().replace(' ', "");
    let (num, scale) = if let Some(n) = t.strip_suffix('%') {
        (n.to_string(), 0.01)
    } else if let Some(n) = t.strip_suffix("min") {
        (n.to_string(), 1.0 / 60.0)
    } else if let Some(n) = t.strip_suffix("分钟") {
        (n.to_string(), 1.0 / 60.0)
    } else if let Some(n) = t
        .strip_suffix(['h', 'H'])
        .or_else(|| t.strip_suffix("小时"))
    {
        (n.to_string(), 1.0)
    } else if let Some(n) = t.strip_suffix(['d', 'D']).or_else(|| t.strip_suffix('天')) {
        (n.to_string(), 24.0)
    } else if let Some(n) = t.strip_suffix(['w', 'W']).or_else(|| t.strip_suffix('周')) {
        (n.to_string(), 24.0 * 7.0)
    } else {
        (t.clone(), 1.0)
    };
    let x: f64 = num
        .parse()
        .map_err(|_| SpecError::NotANumber { text: s.into() })?;
    if scale == 0.01 && kind != Kind::Rate {
        // "≥ 95%" of a score makes no sense; of a rate it is 0.95.
        return Err(SpecError::PercentNeedsRate { text: s.into() });
    }
    if scale != 1.0 && scale != 0.01 && kind != Kind::Duration {
        return Err(SpecError::UnitNeedsDuration { text: s.into() });
    }
    // x / 100 rather than x * 0.01: 95% is exactly 0.95.
    Ok(if scale == 0.01 { x / 100.0 } else { x * scale })
}

impl Goal {
    /// Parses a goal for a metric of `kind`: `-20%`, `+40%` (relative), `<= 48h`,
    /// `>= 95%`, `>= 4.0` (absolute), `+5pt`, `-0.3pt` (points).
    pub fn parse(text: &str, kind: Kind) -> Result<Goal, SpecError> {
        let t = text.trim();
        let fail = |why: SpecError| SpecError::Goal {
            goal: t.into(),
            why: Box::new(why),
        };
        if let Some(rest) = t.strip_prefix("<=").or_else(|| t.strip_prefix('≤')) {
            return number_with_unit(rest, kind).map(Goal::AtMost).map_err(fail);
        }
        if let Some(rest) = t.strip_prefix(">=").or_else(|| t.strip_prefix('≥')) {
            return number_with_unit(rest, kind)
                .map(Goal::AtLeast)
                .map_err(fail);
        }
        let signed = t.replace('−', "-");
        let lower = signed.to_lowercase();
        for suffix in ["points", "point", "pts", "pt", "个百分点", "分"] {
            if let Some(n) = lower.strip_suffix(suffix) {
                let x: f64 = n
                    .trim()
                    .parse()
                    .map_err(|_| fail(SpecError::GoalNotANumber))?;
                return Ok(Goal::Points(x));
            }
        }
        if let Some(n) = signed.strip_suffix('%') {
            if n.starts_with(['+', '-']) {
                let x: f64 = n
                    .trim()
                    .parse()
                    .map_err(|_| fail(SpecError::GoalNotANumber))?;
                return Ok(Goal::Relative(x / 100.0));
            }
        }
        Err(fail(SpecError::GoalNotUnderstood))
    }

    /// How the goal reads (`−20%`, `≤ 48 h`, `≥ 95%`, `+5 pt`).
    pub fn describe(&self, kind: Kind) -> String {
        let abs = |x: f64| match kind {
            Kind::Rate => format!("{:.0}%", x * 100.0),
            Kind::Duration => format!("{x} h"),
            _ => format!("{x}"),
        };
        match self {
            Goal::Relative(x) => format!("{:+.0}%", x * 100.0),
            Goal::AtMost(x) => format!("≤ {}", abs(*x)),
            Goal::AtLeast(x) => format!("≥ {}", abs(*x)),
            Goal::Points(x) => format!("{x:+} pt"),
        }
    }
}

impl Target {
    /// Parses the `--target` form `METRIC[FILTERS]GOAL`: `lead_time.median=-20%`,
    /// `on_time_rate>=95%`, `wait_time.median[stage=合规审批]<=24h`.
    pub fn parse_flag(text: &str) -> Result<Target, SpecError> {
        Self::parse_flag_with_goal(text).map(|(t, _)| t)
    }

    /// [`Target::parse_flag`], also returning the goal as written.
    pub fn parse_flag_with_goal(text: &str) -> Result<(Target, String), SpecError> {
        let t = text.trim();
        // The goal starts after the filter list, at the first of `<`, `>`, `=`, `≤`, `≥`.
        let search_from = t.find(']').map_or(0, |i| i + 1);
        let at = t[search_from..]
            .find(['<', '>', '=', '≤', '≥'])
            .map(|i| i + search_from)
            .ok_or_else(|| SpecError::TargetForm { flag: t.into() })?;
        let flag = |e| SpecError::Flag {
            flag: t.into(),
            inner: Box::new(e),
        };
        let metric = MetricSpec::parse(&t[..at]).map_err(flag)?;
        let goal_text = t[at..].strip_prefix('=').unwrap_or(&t[at..]);
        let goal = Goal::parse(goal_text, metric.kind()).map_err(flag)?;
        Ok((
            Target {
                metric,
                goal,
                label: None,
            },
            goal_text.trim().to_string(),
        ))
    }
}

/// Local midnight of `d` in `tz` as ms since the epoch (the earliest instant, across a
/// DST change; UTC midnight for a day the zone skips entirely).
pub fn local_midnight_ms(d: chrono::NaiveDate, tz: &chrono_tz::Tz) -> i64 {
    use chrono::TimeZone as _;
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&naive).earliest().map_or_else(
        || naive.and_utc().timestamp_millis(),
        |t| t.timestamp_millis(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_in_the_forms_users_write() {
        assert_eq!(
            Goal::parse("-20%", Kind::Duration),
            Ok(Goal::Relative(-0.2))
        );
        assert_eq!(Goal::parse("+40%", Kind::Score), Ok(Goal::Relative(0.4)));
        assert_eq!(
            Goal::parse("−30%", Kind::Duration),
            Ok(Goal::Relative(-0.3))
        );
        assert_eq!(
            Goal::parse("<= 48h", Kind::Duration),
            Ok(Goal::AtMost(48.0))
        );
        assert_eq!(Goal::parse("<=2d", Kind::Duration), Ok(Goal::AtMost(48.0)));
        assert_eq!(
            Goal::parse("<= 30min", Kind::Duration),
            Ok(Goal::AtMost(0.5))
        );
        assert_eq!(Goal::parse(">= 95%", Kind::Rate), Ok(Goal::AtLeast(0.95)));
        assert_eq!(Goal::parse(">= 4.0", Kind::Score), Ok(Goal::AtLeast(4.0)));
        assert_eq!(Goal::parse("+5pt", Kind::Rate), Ok(Goal::Points(5.0)));
        assert!(Goal::parse(">= 95%", Kind::Score).is_err());
        assert!(Goal::parse("faster", Kind::Duration).is_err());
    }

    #[test]
    fn target_flags() {
        let t = Target::parse_flag("lead_time.median=-20%").unwrap();
        assert_eq!(
            (t.metric.name(), t.goal),
            ("lead_time.median".into(), Goal::Relative(-0.2))
        );
        let t = Target::parse_flag("wait_time.median[stage=合规审批]<=24h").unwrap();
        assert_eq!(t.metric.filter("stage"), Some("合规审批"));
        assert_eq!(t.goal, Goal::AtMost(24.0));
        let t = Target::parse_flag("on_time_rate>=95%").unwrap();
        assert_eq!(t.goal, Goal::AtLeast(0.95));
        assert!(Target::parse_flag("lead_time.median").is_err());
    }
}
