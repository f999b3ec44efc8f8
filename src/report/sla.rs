//! View model of the service-level section: each clock's compliance against its
//! target (a stacked bar of met, breached and open cases, and a table), breaches by
//! department and by the clock's `by` column (priority), the worst breaches, the open
//! cases at risk, weekly-update compliance per week, and the calendar the clocks ran
//! on, with what was assumed. Words are built here; the template escapes every value.

use anyhow::Result;
use serde::Serialize;

use super::format::{count, hours, pct, MISSING};
use super::i18n::Lang;
use crate::analysis::sla::{CalendarInfo, CaseClock, SlaResult, Tally};
use crate::analysis::TasklogAnalysis;

/// Breaches and cases at risk listed per clock (the JSON has up to 100).
const CASES_SHOWN: usize = 10;

/// The section, formatted.
#[derive(Debug, Serialize)]
pub struct SlaView {
    pub labels: SlaLabels,
    pub chart: String,
    /// The chart's sentence: the clock with the lowest compliance.
    pub chart_takeaway: Option<String>,
    pub clocks: Vec<ClockRow>,
    pub groups: Vec<GroupRow>,
    pub breaches: Vec<CaseRow>,
    pub at_risk: Vec<CaseRow>,
    pub weeks: Vec<WeekRow>,
    /// The calendar the clocks ran on, and what was assumed.
    pub calendar_note: String,
    /// Lead and waiting times in working hours (`[report] durations = "working"`).
    pub working: Option<WorkingView>,
}

/// Lead time and each stage's waiting in working hours beside the elapsed ones.
#[derive(Debug, Serialize)]
pub struct WorkingView {
    pub note: String,
    pub header: [&'static str; 5],
    /// The lead time, then each stage's waiting by impact; long lists folded.
    pub rows: super::ranked::Fold<[String; 5]>,
}

/// The section's fixed words.
#[derive(Debug, Serialize)]
pub struct SlaLabels {
    pub title: &'static str,
    pub intro: &'static str,
    pub clock: &'static str,
    pub target: &'static str,
    pub cases: &'static str,
    pub met: &'static str,
    pub breached: &'static str,
    pub open: &'static str,
    pub at_risk: &'static str,
    pub compliance: &'static str,
    pub ci: &'static str,
    pub median: &'static str,
    pub p90: &'static str,
    pub by: &'static str,
    pub group: &'static str,
    pub breaches: &'static str,
    pub at_risk_cases: &'static str,
    pub case: &'static str,
    pub department: &'static str,
    pub measured: &'static str,
    pub weeks: &'static str,
    pub week: &'static str,
    pub deadline: &'static str,
    pub due: &'static str,
    pub working: &'static str,
}

pub fn labels(lang: Lang) -> SlaLabels {
    let p = |en, zh| lang.pick(en, zh);
    SlaLabels {
        title: p("Service levels", "服务时限（SLA）"),
        intro: p(
            "Each clock runs from its start to the first stop after it, in working time on the calendar below unless it counts elapsed time. Met: stopped within the target; breached: stopped later, or the target had passed at the end of the data; open: not stopped yet (at risk beyond 80% of the target). Compliance = met / (met + breached).",
            "每个时钟从起点计到其后的第一个终点；除按自然时间计的时钟外，均按下方日历的工作时间计算。达成：在目标内停止；超时：停止晚于目标，或到数据结束时已超过目标仍未停止；未结：尚未停止（超过目标 80% 即为“有超时风险”）。达成率 = 达成 /（达成 + 超时）。",
        ),
        clock: p("Clock", "时钟"),
        target: p("Target", "目标"),
        cases: p("Cases", "案例数"),
        met: p("Met", "达成"),
        breached: p("Breached", "超时"),
        open: p("Open", "未结"),
        at_risk: p("At risk", "有超时风险"),
        compliance: p("Compliance", "达成率"),
        ci: p("95% interval", "95% 区间"),
        median: p("Median", "中位数"),
        p90: p("P90", "P90"),
        by: p("By", "维度"),
        group: p("Group", "分组"),
        breaches: p("Worst breaches", "超时最严重的案例"),
        at_risk_cases: p("Open cases at risk", "有超时风险的未结案例"),
        case: p("Case", "案例"),
        department: p("Department", "部门"),
        measured: p("Time so far / taken", "已用时间"),
        weeks: p("Weekly updates", "每周进度更新"),
        week: p("Week", "周"),
        deadline: p("Deadline", "截止时间"),
        due: p("Cases due", "应更新案例"),
        working: p("Working time", "按工作时间计"),
    }
}

#[derive(Debug, Serialize)]
pub struct ClockRow {
    pub name: String,
    pub target: String,
    pub basis: String,
    pub cases: String,
    pub met: String,
    pub breached: String,
    pub open: String,
    pub at_risk: String,
    pub compliance: String,
    pub ci: String,
    pub median: String,
    pub p90: String,
    /// Cases left out (no target for their value, or never started), when any.
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub clock: String,
    pub by: String,
    pub value: String,
    pub cases: String,
    pub met: String,
    pub breached: String,
    pub open: String,
    pub at_risk: String,
    pub compliance: String,
}

#[derive(Debug, Serialize)]
pub struct CaseRow {
    pub clock: String,
    pub case: String,
    pub department: String,
    pub value: String,
    pub measured: String,
    pub target: String,
}

#[derive(Debug, Serialize)]
pub struct WeekRow {
    pub clock: String,
    pub week: String,
    pub deadline: String,
    pub due: String,
    pub met: String,
    pub compliance: String,
}

/// The section, when the log has clocks.
pub fn sla_view(t: &TasklogAnalysis, lang: Lang) -> Result<Option<SlaView>> {
    if t.business.sla.is_empty() && t.business.working.is_none() {
        return Ok(None);
    }
    let day = t.business.calendar.as_ref().map_or(0.0, |c| c.day_hours);
    let mut view = SlaView {
        labels: labels(lang),
        chart: if t.business.sla.is_empty() {
            String::new()
        } else {
            super::charts::sla_bars::compliance_chart(&t.business.sla, lang)?
        },
        chart_takeaway: super::takeaways::sla(lang, &t.business.sla),
        working: t
            .business
            .working
            .as_ref()
            .map(|w| working_view(t, w, lang)),
        clocks: t
            .business
            .sla
            .iter()
            .map(|r| clock_row(r, day, lang))
            .collect(),
        groups: Vec::new(),
        breaches: Vec::new(),
        at_risk: Vec::new(),
        weeks: Vec::new(),
        calendar_note: t
            .business
            .calendar
            .as_ref()
            .map(|c| calendar_note(c, lang))
            .unwrap_or_default(),
    };
    for r in &t.business.sla {
        view.groups.extend(r.by.iter().map(|g| GroupRow {
            clock: r.name.clone(),
            by: if g.by == "department" {
                lang.pick("department", "部门").to_string()
            } else {
                g.by.clone()
            },
            value: g.value.clone(),
            cases: count(g.tally.cases),
            met: count(g.tally.met),
            breached: count(g.tally.breached),
            open: count(g.tally.open),
            at_risk: count(g.tally.at_risk),
            compliance: compliance(&g.tally),
        }));
        let rows = |v: &[CaseClock]| -> Vec<CaseRow> {
            v.iter()
                .take(CASES_SHOWN)
                .map(|c| case_row(r, c, day, lang))
                .collect()
        };
        view.breaches.extend(rows(&r.breaches));
        view.at_risk.extend(rows(&r.at_risk_cases));
        view.weeks
            .extend(r.weeks.iter().rev().take(12).rev().map(|w| WeekRow {
                clock: r.name.clone(),
                week: w.week.clone(),
                deadline: w.deadline.clone(),
                due: count(w.due),
                met: count(w.met),
                compliance: w.compliance.map(pct).unwrap_or_else(|| MISSING.into()),
            }));
    }
    Ok(Some(view))
}

/// The working-hour table: lead time, then each stage's waiting, elapsed beside working.
fn working_view(
    t: &TasklogAnalysis,
    w: &crate::analysis::sla::working::WorkingDurations,
    lang: Lang,
) -> WorkingView {
    let h = |x: Option<f64>| x.map_or_else(|| MISSING.into(), |v| hours(v, lang));
    let wh = |x: Option<f64>| x.map_or_else(|| MISSING.into(), |v| clock_hours(v, true, 0.0, lang));
    let days = |x: Option<f64>| {
        x.map_or_else(
            || MISSING.into(),
            |v| format!("{:.1}", v / w.day_hours.max(1e-9)),
        )
    };
    let mut rows = vec![[
        lang.pick("Lead time (per case)", "交付周期（每案例）")
            .to_string(),
        h(t.lead_time_hours.median),
        wh(w.lead_time_hours.median),
        days(w.lead_time_hours.median),
        wh(w.lead_time_hours.p90),
    ]];
    for s in crate::analysis::rank::stages_by_impact(&t.stages) {
        let Some(ws) = w.stages.iter().find(|x| x.stage == s.stage) else {
            continue;
        };
        rows.push([
            format!("{} {}", lang.pick("Waiting before", "等待："), s.stage),
            h(s.wait_hours.median),
            wh(ws.wait_hours.median),
            days(ws.wait_hours.median),
            wh(ws.wait_hours.p90),
        ]);
    }
    WorkingView {
        note: match lang {
            Lang::En => format!(
                "Medians in elapsed hours and in working hours of the calendar (one working day = {}).",
                hours(w.day_hours, lang)
            ),
            Lang::Zh => format!(
                "中位数：自然时间与日历工作时间（一个工作日 = {}）。",
                hours(w.day_hours, lang)
            ),
        },
        header: [
            lang.pick("Figure", "指标"),
            lang.pick("Median, elapsed", "中位数（自然时间）"),
            lang.pick("Median, working", "中位数（工作时间）"),
            lang.pick("Working days", "工作日"),
            lang.pick("P90, working", "P90（工作时间）"),
        ],
        rows: super::ranked::Fold::new(rows, lang, |n| super::sentences::folded_rows(lang, n, None)),
    }
}

pub fn compliance(t: &Tally) -> String {
    t.compliance.map(pct).unwrap_or_else(|| MISSING.into())
}

/// Hours as the clock counts them: working hours in working hours and, from one
/// working day on, working days (`day` hours each), never 24-hour days.
fn clock_hours(h: f64, working: bool, day: f64, lang: Lang) -> String {
    if !working {
        return hours(h, lang);
    }
    let wh = match lang {
        Lang::En => format!("{h:.1} working h"),
        Lang::Zh => format!("{h:.1} 工作小时"),
    };
    if day <= 0.0 || h < day {
        return wh;
    }
    match lang {
        Lang::En => format!("{wh} ({:.1} working days)", h / day),
        Lang::Zh => format!("{wh}（{:.1} 个工作日）", h / day),
    }
}

fn clock_row(r: &SlaResult, day: f64, lang: Lang) -> ClockRow {
    let t = &r.tally;
    let basis = match (r.kind, r.working) {
        ("weekly", _) => lang.pick("weekly deadline", "每周截止"),
        (_, true) => lang.pick("working time", "工作时间"),
        _ => lang.pick("elapsed time", "自然时间"),
    };
    let weekly = r.kind == "weekly";
    let stat = |x: Option<f64>| match x {
        Some(h) if !weekly => clock_hours(h, r.working, day, lang),
        _ => MISSING.into(),
    };
    let note = not_counted(r, lang);
    let span = match (&r.start, &r.stop) {
        (Some(a), Some(b)) => format!("{} ({a} → {b})", r.name),
        _ => r.name.clone(),
    };
    ClockRow {
        name: span,
        target: r.target.clone(),
        basis: basis.to_string(),
        cases: count(t.cases),
        met: count(t.met),
        breached: count(t.breached),
        open: count(t.open),
        at_risk: count(t.at_risk),
        compliance: compliance(t),
        ci: t
            .compliance_ci
            .map(|[a, b]| format!("{}–{}", pct(a), pct(b)))
            .unwrap_or_else(|| MISSING.into()),
        median: stat(r.hours.median),
        p90: stat(r.hours.p90),
        note,
    }
}

/// Cases the clock leaves out, with why (only the reasons that occur).
fn not_counted(r: &SlaResult, lang: Lang) -> Option<String> {
    let parts: Vec<String> = [
        (
            r.no_target,
            "whose value has no target",
            "个案例的取值没有目标",
        ),
        (r.not_started, "never reach the start", "个案例未到达起点"),
        (
            r.skipped,
            "took a path without the stop",
            "个案例所走路径不经过终点",
        ),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, en, zh)| match lang {
        Lang::En => format!("{} cases {en}", count(*n)),
        Lang::Zh => format!("{} {zh}", count(*n)),
    })
    .collect();
    (!parts.is_empty()).then(|| match lang {
        Lang::En => format!("Not counted: {}.", parts.join(", ")),
        Lang::Zh => format!("未计入：{}。", parts.join("，")),
    })
}

fn case_row(r: &SlaResult, c: &CaseClock, day: f64, lang: Lang) -> CaseRow {
    let measured = if r.kind == "weekly" {
        c.week.clone().unwrap_or_default()
    } else {
        let h = clock_hours(c.hours, c.working, day, lang);
        if c.open {
            format!("{h} {}", lang.pick("(not stopped)", "（未停止）"))
        } else {
            h
        }
    };
    CaseRow {
        clock: r.name.clone(),
        case: c.case.clone(),
        department: c.department.clone().unwrap_or_else(|| MISSING.into()),
        value: c.value.clone().unwrap_or_default(),
        measured,
        target: if r.kind == "weekly" {
            r.target.clone()
        } else {
            clock_hours(c.target_hours, c.working, day, lang)
        },
    }
}

/// The calendar in one sentence, with what was assumed and the years beyond the table.
fn calendar_note(c: &CalendarInfo, lang: Lang) -> String {
    let holidays = match (c.holidays, lang) {
        (crate::model::calendar::Holidays::Cn, Lang::En) => {
            "China's public holidays and make-up workdays"
        }
        (crate::model::calendar::Holidays::Cn, Lang::Zh) => "中国法定节假日及调休上班日",
        (_, Lang::En) => "no public holidays",
        (_, Lang::Zh) => "不含法定节假日",
    };
    let special = c.special_days.len();
    let days: Vec<&str> = c.workdays.iter().map(|d| weekday(d, lang)).collect();
    let mut s = match lang {
        Lang::En => format!(
            "Calendar: {} working, {} ({} zone), {holidays}; the data spans {special} such days.",
            days.join(", "),
            c.hours.join(", "),
            c.tz
        ),
        Lang::Zh => format!(
            "日历：工作日 {}，工作时间 {}（时区 {}），{holidays}；数据期间共有 {special} 个此类日期。",
            days.join("、"),
            c.hours.join("、"),
            c.tz
        ),
    };
    if c.assumed {
        s.push_str(lang.pick(
            " No [calendar] was given in procdiag.toml: this is China's usual office calendar, assumed. Add a [calendar] section if yours differs.",
            " procdiag.toml 中没有 [calendar]：以上为假定的中国常用办公日历。如与贵单位不同，请添加 [calendar]。",
        ));
    }
    if let (false, Some((_, last))) = (c.years_beyond_table.is_empty(), c.table_years) {
        let years: Vec<String> = c.years_beyond_table.iter().map(i32::to_string).collect();
        s.push_str(&match lang {
            Lang::En => format!(
                " The holiday table ends in {last}: days of {} go by weekday only; list their holidays in extra_holidays and extra_workdays.",
                years.join(", ")
            ),
            Lang::Zh => format!(
                " 节假日表截至 {last} 年：{} 年的日期仅按星期判断；请在 extra_holidays 和 extra_workdays 中补充。",
                years.join("、")
            ),
        });
    }
    s
}

/// A weekday's name (`mon` → Mon, 周一).
fn weekday(d: &str, lang: Lang) -> &'static str {
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let i = KEYS.iter().position(|k| *k == d).unwrap_or(0);
    lang.pick(EN[i], ZH[i])
}
