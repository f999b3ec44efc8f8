//! The executive summary that opens the report — sentences with numbers: what the log
//! covers, which targets are met, the three biggest problems, the survey's weakest
//! dimension and how many input rows were left out — and the table of contents.
//!
//! Every sentence is built from figures of the `Analysis`; user text (stage, target and
//! dimension names) is inserted as plain strings that the template escapes.

use serde::Serialize;

use super::format::{count, hours, opt_hours, pct, verdict_words};
use super::i18n::{labels, Lang};
use crate::analysis::improvement::Verdict;
use crate::analysis::problems::{Problem, ProblemKind};
use crate::analysis::{Analysis, TasklogAnalysis};

/// Problems named in the summary.
const TOP_PROBLEMS: usize = 3;

/// One line of the table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub id: &'static str,
    pub label: String,
}

/// The summary's sentences, in order.
pub fn sentences(a: &Analysis, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &a.tasklog {
        out.push(scope(t, lang));
    }
    out.extend(targets(a, lang));
    if let Some(t) = &a.tasklog {
        out.extend(
            t.problems
                .iter()
                .take(TOP_PROBLEMS)
                .map(|p| problem(t, p, lang)),
        );
    }
    out.extend(survey(a, lang));
    out.extend(rejected(a, lang));
    out
}

/// "3,000 cases and 24,966 events, …: median lead time …, flow efficiency …".
fn scope(t: &TasklogAnalysis, lang: Lang) -> String {
    let (cases, events) = (count(t.cases), count(t.events));
    let (from, to) = (day(&t.period.from), day(&t.period.to));
    let median = opt_hours(t.lead_time_hours.median, lang);
    let p90 = opt_hours(t.lead_time_hours.p90, lang);
    let flow = t.flow_efficiency.map(pct);
    match lang {
        Lang::En => {
            let mut s = format!(
                "{cases} cases and {events} events from {from} to {to}: half the cases took \
                 at most {median} from start to end, nine in ten at most {p90}"
            );
            if let Some(f) = flow {
                s.push_str(&format!("; {f} of that time was work, the rest waiting"));
            }
            s + "."
        }
        Lang::Zh => {
            let mut s = format!(
                "{from} 至 {to} 共 {cases} 个案例、{events} 条事件：一半案例的交付周期不超过 \
                 {median}，九成不超过 {p90}"
            );
            if let Some(f) = flow {
                s.push_str(&format!("；其中 {f} 的时间在处理，其余在等待"));
            }
            s + "。"
        }
    }
}

/// The date of an ISO timestamp.
fn day(iso: &str) -> String {
    iso.get(..10).unwrap_or(iso).to_string()
}

/// "Targets: 5 of 9 met (…); 2 met but not significant (…); 2 not met (…)."
fn targets(a: &Analysis, lang: Lang) -> Option<String> {
    if a.improvement.is_empty() {
        return None;
    }
    let total = a.improvement.len();
    let parts: Vec<String> = [
        Verdict::Met,
        Verdict::MetNotSignificant,
        Verdict::NotMet,
        Verdict::NoData,
    ]
    .into_iter()
    .filter_map(|v| {
        let names: Vec<String> = a
            .improvement
            .iter()
            .filter(|r| r.verdict == v)
            .map(|r| r.label.clone().unwrap_or_else(|| r.metric.clone()))
            .collect();
        (!names.is_empty()).then(|| {
            let k = names.len();
            let word = verdict_words(v, lang).0;
            let list = names.join(lang.pick("; ", "；"));
            lang.pick(
                format!("{k} {word} ({list})"),
                format!("{k} 项{word}（{list}）"),
            )
        })
    })
    .collect();
    Some(match lang {
        Lang::En => format!("Of {total} targets: {}.", parts.join("; ")),
        Lang::Zh => format!("{total} 项目标中：{}。", parts.join("；")),
    })
}

/// One of the biggest problems, with its size.
fn problem(t: &TasklogAnalysis, p: &Problem, lang: Lang) -> String {
    let place = crate::words::problem_where(&p.place);
    let cases = count(p.cases);
    let waiting = matches!(p.kind, ProblemKind::Waiting | ProblemKind::TimeInStatus);
    let bottleneck = t
        .bottlenecks
        .iter()
        .find(|b| waiting && p.place.stage.as_deref() == Some(b.stage.as_str()));
    if let Some(b) = bottleneck {
        let (share, total) = (pct(b.wait_share), hours(b.total_wait_hours, lang));
        let cases = count(b.cases);
        return match (lang, t.status_history) {
            (Lang::En, false) => format!(
                "Waiting before {place} is {share} of all waiting time ({total} across {cases} cases)."
            ),
            (Lang::En, true) => format!(
                "Time in {place} is {share} of all time in statuses ({total} across {cases} cases)."
            ),
            (Lang::Zh, false) => {
                format!("{place}前的排队占全部等待时间的 {share}（{cases} 个案例共 {total}）。")
            }
            (Lang::Zh, true) => {
                format!("停留在“{place}”的时间占全部状态时间的 {share}（{cases} 个案例共 {total}）。")
            }
        };
    }
    let kind = crate::words::problem_kind(lang, p.kind);
    match (p.hours_lost, lang) {
        (Some(h), Lang::En) => {
            let share = p
                .share_of_lead_time
                .map(|s| format!(", {} of all lead time", pct(s)))
                .unwrap_or_default();
            format!(
                "{kind} — {place}: {} lost across {cases} cases{share}.",
                hours(h, lang)
            )
        }
        (Some(h), Lang::Zh) => {
            let share = p
                .share_of_lead_time
                .map(|s| format!("，占全部交付周期的 {}", pct(s)))
                .unwrap_or_default();
            format!(
                "{kind}——{place}：{cases} 个案例共损失 {}{share}。",
                hours(h, lang)
            )
        }
        (None, _) => {
            let evidence = super::sentences::problem_evidence(lang, p);
            lang.pick(
                format!("{kind} — {place}: {evidence}."),
                format!("{kind}——{place}：{evidence}。"),
            )
        }
    }
}

/// The survey's weakest dimension (and its strongest, when there are several).
fn survey(a: &Analysis, lang: Lang) -> Option<String> {
    let s = a.survey.as_ref()?;
    let mut dims: Vec<(&str, f64, usize)> = s
        .dimensions
        .iter()
        .filter_map(|d| d.mean.map(|m| (d.name.as_str(), m, d.n)))
        .collect();
    dims.sort_by(|x, y| x.1.total_cmp(&y.1));
    let respondents = count(s.respondents);
    let (weak, strong) = (dims.first()?, dims.last()?);
    let mut out = match lang {
        Lang::En => format!(
            "Survey ({respondents} respondents): the weakest dimension is {} (mean {:.2}, n = {})",
            weak.0,
            weak.1,
            count(weak.2)
        ),
        Lang::Zh => format!(
            "问卷（{respondents} 人作答）：得分最低的维度是“{}”（均值 {:.2}，n = {}）",
            weak.0,
            weak.1,
            count(weak.2)
        ),
    };
    if dims.len() > 1 {
        out.push_str(&match lang {
            Lang::En => format!(", the strongest {} ({:.2})", strong.0, strong.1),
            Lang::Zh => format!("，最高的是“{}”（{:.2}）", strong.0, strong.1),
        });
    }
    out.push_str(lang.pick(".", "。"));
    Some(out)
}

/// Rows left out of the inputs, when any were.
fn rejected(a: &Analysis, lang: Lang) -> Option<String> {
    let read: usize = a.inputs.iter().map(|i| i.rows_read).sum();
    let left: usize = a.inputs.iter().map(|i| i.rows_rejected).sum();
    (left > 0).then(|| match lang {
        Lang::En => format!(
            "{} of {} input rows were left out; the reasons are under Inputs.",
            count(left),
            count(read)
        ),
        Lang::Zh => format!(
            "输入的 {} 行中有 {} 行未采用，原因见“输入文件”一节。",
            count(read),
            count(left)
        ),
    })
}

/// The contents: every section the report shows, in order, decided from the view
/// model with the template's own conditions.
pub fn toc(r: &super::context::Report, lang: Lang) -> Vec<TocEntry> {
    let l = labels(lang);
    let plan = r.plan.as_ref();
    let scorecard = plan.is_some_and(|p| !p.lines.is_empty());
    let detail = scorecard && plan.is_some_and(|p| !p.attribution.is_empty() || p.trends.is_some());
    let t = r.tasklog.is_some();
    let sla = r.tasklog.as_ref().is_some_and(|t| t.sla.is_some());
    let entry = |b: bool, id: &'static str, label: &str| {
        b.then(|| TocEntry {
            id,
            label: label.to_string(),
        })
    };
    [
        entry(scorecard, "scorecard", l.sec_scorecard),
        entry(t, "problems", l.sec_problems),
        entry(detail, "scorecard-detail", l.sec_scorecard_detail),
        entry(t, "kpis", l.sec_kpis),
        entry(sla, "sla", super::sla::labels(lang).title),
        entry(t, "lead-time", l.sec_lead),
        entry(t, "process-map", l.sec_map),
        entry(t, "stages", l.sec_stages),
        entry(t, "bottlenecks", l.sec_bottlenecks),
        entry(t, "wip", l.sec_wip),
        entry(t, "variants", l.sec_variants),
        entry(t, "handoffs", l.sec_handoffs),
        entry(t, "ownership", l.sec_ownership),
        entry(t, "edges", l.sec_edges),
        entry(
            plan.is_some_and(|p| !p.kpi_rows.is_empty()),
            "kpi",
            l.sec_kpi,
        ),
        entry(
            plan.is_some_and(|p| !p.breakdown_rows.is_empty()),
            "breakdown",
            l.sec_breakdown,
        ),
        entry(r.survey.is_some(), "survey", l.sec_survey),
        entry(r.survey_log.is_some(), "survey-log", l.sec_survey_log),
        entry(t, "quality", l.sec_quality),
        entry(true, "inputs", l.sec_inputs),
        entry(true, "glossary", l.sec_glossary),
    ]
    .into_iter()
    .flatten()
    .collect()
}
