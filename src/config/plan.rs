//! The improvement plan from flags and `procdiag.toml`: periods (`--baseline`/`--after`
//! ranges, `--split DATE`, `--period-column`, or `[periods]`), targets (`--target`, or
//! `[[targets]]`), the KPI period length and the `--by` breakdowns. Dates are days in
//! the log's time zone (`--tz`, UTC by default): a range runs from the first day's
//! midnight to the end of the last day.

use anyhow::{bail, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::file::{PeriodsSection, Range};
use super::layers::Layers;
use crate::model::plan::{Grain, PeriodSpec, Plan, Target};

/// The zone of times written without an offset: `--tz`, else `[tasks] tz`.
pub fn tz_name(l: &Layers) -> Option<String> {
    l.args
        .tz
        .clone()
        .or_else(|| l.tasks().and_then(|t| t.tz.clone()))
}

/// The time zone (UTC by default).
pub fn zone(l: &Layers) -> Result<Tz> {
    match tz_name(l) {
        None => Ok(Tz::UTC),
        Some(z) => z.parse::<Tz>().map_err(|_| {
            anyhow::anyhow!(
                "--tz {z}: unknown time zone. Use an IANA name such as Asia/Shanghai, \
                 Europe/Berlin or UTC."
            )
        }),
    }
}

/// A day (`2024-07-01`, `2024/7/1`, `2024年7月1日`) → ms of its start (or, with `end`,
/// of its last millisecond) in `tz`.
pub fn day_ms(text: &str, tz: &Tz, end: bool, what: &str) -> Result<i64> {
    let t = text.trim();
    let parsed = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok());
    let Some(d) = parsed else {
        bail!("{what} {t}: not a date; write it as 2024-07-01");
    };
    let day = if end { d.succ_opt().unwrap_or(d) } else { d };
    let ms = crate::model::plan::local_midnight_ms(day, tz);
    Ok(if end { ms - 1 } else { ms })
}

/// `FROM..TO` (either side may be empty).
fn range(text: &str, tz: &Tz, what: &str) -> Result<(Option<i64>, Option<i64>)> {
    let Some((a, b)) = text.split_once("..") else {
        bail!("{what} {text}: expected FROM..TO, e.g. 2024-01-01..2024-06-30");
    };
    let side = |s: &str, end: bool| -> Result<Option<i64>> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            day_ms(s, tz, end, what).map(Some)
        }
    };
    let (from, to) = (side(a, false)?, side(b, true)?);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            bail!("{what} {text}: the period ends before it starts");
        }
    }
    Ok((from, to))
}

fn file_range(r: &Range, tz: &Tz, what: &str) -> Result<(Option<i64>, Option<i64>)> {
    let side =
        |s: &Option<String>, end: bool| s.as_deref().map(|x| day_ms(x, tz, end, what)).transpose();
    Ok((side(&r.from, false)?, side(&r.to, true)?))
}

/// `[periods]` → a period spec.
pub fn file_periods(p: &PeriodsSection, tz: &Tz) -> Result<Option<PeriodSpec>> {
    let forms = [
        p.baseline.is_some() || p.after.is_some(),
        p.split.is_some(),
        p.column.is_some(),
    ];
    if forms.iter().filter(|x| **x).count() > 1 {
        bail!("[periods]: give baseline/after ranges, or split, or column — not several");
    }
    if let Some(s) = &p.split {
        return Ok(Some(PeriodSpec::Split(day_ms(
            s,
            tz,
            false,
            "[periods] split",
        )?)));
    }
    if let Some(c) = &p.column {
        return Ok(Some(PeriodSpec::Column(c.clone())));
    }
    match (&p.baseline, &p.after) {
        (Some(b), Some(a)) => Ok(Some(PeriodSpec::Ranges {
            baseline: file_range(b, tz, "[periods] baseline")?,
            after: file_range(a, tz, "[periods] after")?,
        })),
        (None, None) => Ok(None),
        _ => bail!("[periods]: give both baseline and after"),
    }
}

/// The periods: from the flags, else `[periods]`.
fn periods(l: &Layers, tz: &Tz) -> Result<Option<PeriodSpec>> {
    let args = l.args;
    let flag_forms = [
        args.baseline.is_some() || args.after.is_some(),
        args.split.is_some(),
        args.period_column.is_some(),
    ];
    if flag_forms.iter().filter(|x| **x).count() > 1 {
        bail!("give --baseline/--after, or --split, or --period-column — not several");
    }
    if let Some(s) = &args.split {
        return Ok(Some(PeriodSpec::Split(day_ms(s, tz, false, "--split")?)));
    }
    if let Some(c) = &args.period_column {
        return Ok(Some(PeriodSpec::Column(c.clone())));
    }
    if args.baseline.is_some() || args.after.is_some() {
        let (Some(b), Some(a)) = (&args.baseline, &args.after) else {
            bail!("--baseline and --after go together");
        };
        return Ok(Some(PeriodSpec::Ranges {
            baseline: range(b, tz, "--baseline")?,
            after: range(a, tz, "--after")?,
        }));
    }
    match l.file.as_ref().and_then(|f| f.file.periods.as_ref()) {
        Some(p) => file_periods(p, tz).map_err(|e| l.in_file(e)),
        None => Ok(None),
    }
}

/// The targets: `--target` flags, else `[[targets]]`.
fn targets(l: &Layers) -> Result<Vec<(Target, String)>> {
    if l.args.targets.is_empty() {
        return Ok(l
            .file
            .iter()
            .flat_map(|f| &f.file.targets)
            .map(|t| (t.target.clone(), t.goal.clone()))
            .collect());
    }
    l.args
        .targets
        .iter()
        .map(|t| Target::parse_flag_with_goal(t).map_err(|e| anyhow::anyhow!(e)))
        .collect()
}

/// The KPI period length and the breakdowns: `--by quarter|month|week` and `--by
/// COLUMN`, else `[kpi]`.
fn grain_and_by(l: &Layers) -> (Grain, Vec<String>) {
    let kpi = l.file.as_ref().and_then(|f| f.file.kpi.as_ref());
    let mut grain = kpi.and_then(|k| k.grain);
    let mut by = Vec::new();
    for b in &l.args.by {
        match b.as_str() {
            "quarter" => grain = Some(Grain::Quarter),
            "month" => grain = Some(Grain::Month),
            "week" => grain = Some(Grain::Week),
            other => by.push(other.to_string()),
        }
    }
    if by.is_empty() {
        by = kpi.map(|k| k.by.clone()).unwrap_or_default();
    }
    (grain.unwrap_or(Grain::Quarter), by)
}

/// `[diagnosis]` of procdiag.toml.
fn diagnosis<'a>(l: &'a Layers<'_>) -> Option<&'a super::file::DiagnosisSection> {
    l.file.as_ref().and_then(|f| f.file.diagnosis.as_ref())
}

/// `[diagnosis] problems_min_share` (checked: 0 ≤ x < 1).
fn problems_min_share(l: &Layers) -> Result<Option<f64>> {
    match diagnosis(l).and_then(|d| d.problems_min_share) {
        Some(x) if !(0.0..1.0).contains(&x) => {
            bail!("[diagnosis] problems_min_share = {x}: write a share between 0 and 1, e.g. 0.01")
        }
        x => Ok(x),
    }
}

/// `[diagnosis] rare_stage_share` (checked: 0 ≤ x < 1).
fn rare_stage_share(l: &Layers) -> Result<Option<f64>> {
    match diagnosis(l).and_then(|d| d.rare_stage_share) {
        Some(x) if !(0.0..1.0).contains(&x) => {
            bail!("[diagnosis] rare_stage_share = {x}: write a share between 0 and 1, e.g. 0.01")
        }
        x => Ok(x),
    }
}

/// `--map-coverage`, else `[diagnosis] map_coverage` (checked: 0 < x ≤ 1).
fn map_coverage(l: &Layers) -> Result<Option<f64>> {
    let file = diagnosis(l).and_then(|d| d.map_coverage);
    match (l.args.map_coverage, file) {
        (Some(x), _) => Ok(Some(x)),
        (None, Some(x)) if x > 0.0 && x <= 1.0 => Ok(Some(x)),
        (None, Some(x)) => {
            bail!("[diagnosis] map_coverage = {x}: write a share between 0 and 1, e.g. 0.9")
        }
        (None, None) => Ok(None),
    }
}

/// The calendar, whether it was assumed, the clocks and the working-durations switch.
type Business = (
    Option<crate::model::calendar::Calendar>,
    bool,
    Vec<crate::model::sla::Clock>,
    bool,
);

/// `[calendar]`, `[[sla]]` and `[report] durations`; China's office calendar in the
/// log's zone is assumed when clocks or working durations need one and none is given.
fn business(l: &Layers, tz: Tz) -> Result<Business> {
    let Some(f) = l.file.as_ref() else {
        return Ok((None, false, Vec::new(), false));
    };
    let working =
        f.file.report.as_ref().and_then(|r| r.durations) == Some(super::file::Durations::Working);
    let clocks = f.clocks.clone();
    let calendar = match &f.file.calendar {
        Some(c) => {
            let tz = match &c.tz {
                Some(z) => z.parse::<Tz>().map_err(|_| {
                    l.in_file(anyhow::anyhow!(
                        "[calendar] tz = '{z}': unknown time zone. Use an IANA name such as Asia/Shanghai."
                    ))
                })?,
                None => tz,
            };
            Some((c.calendar(tz), false))
        }
        None if working || !clocks.is_empty() => {
            Some((crate::model::calendar::Calendar::china(tz), true))
        }
        None => None,
    };
    let assumed = calendar.as_ref().is_some_and(|c| c.1);
    Ok((calendar.map(|c| c.0), assumed, clocks, working))
}

/// The plan: periods, targets, KPI period length and breakdowns, in the log's zone.
pub fn plan(l: &Layers) -> Result<Plan> {
    let tz = zone(l)?;
    let (grain, by) = grain_and_by(l);
    let (calendar, calendar_assumed, sla, working_durations) = business(l, tz)?;
    Ok(Plan {
        calendar,
        calendar_assumed,
        sla,
        working_durations,
        periods: periods(l, &tz)?,
        targets: targets(l)?,
        grain,
        tz,
        by,
        map_coverage: map_coverage(l)?,
        owner_changes: diagnosis(l).and_then(|d| d.owner_changes),
        problems_min_share: problems_min_share(l)?,
        rare_stage_share: rare_stage_share(l)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_a_zone() {
        let sh: Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(
            day_ms("2024-04-01", &sh, false, "x").unwrap(),
            1_711_900_800_000
        );
        assert_eq!(
            day_ms("2024/4/1", &Tz::UTC, true, "x").unwrap(),
            1_711_929_600_000 + 86_400_000 - 1
        );
        assert!(day_ms("soon", &Tz::UTC, false, "--split").is_err());
        assert_eq!(
            range("2024-01-01..", &Tz::UTC, "--after").unwrap(),
            (Some(1_704_067_200_000), None)
        );
    }
}
