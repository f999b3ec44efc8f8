//! Sentences of the report that carry numbers, worded in the report language from the
//! figures in `Analysis` (never by translating the English `reason` strings).
//!
//! Inputs that may contain user text (stage names) are not used here: every sentence is
//! built from numbers, so nothing user-supplied hides inside a label.

use super::format::{count, hours, pct, pct_of};
use super::i18n::Lang;
use crate::analysis::Bottleneck;

/// A p90 at least this many times the median is called "widely varying".
const SPREAD_RATIO: f64 = 3.0;

/// Why a stage ranks where it does in the bottleneck table.
pub fn bottleneck_reason(
    lang: Lang,
    rank: usize,
    b: &Bottleneck,
    single: bool,
    states: bool,
) -> String {
    let share = pct(b.wait_share);
    let total = hours(b.total_wait_hours, lang);
    let median = hours(b.median_wait_hours, lang);
    let p90 = hours(b.p90_wait_hours, lang);
    let cases = count(b.cases);
    let spread = spread_ratio(b);
    match lang {
        Lang::En => {
            let what = match (states, single) {
                (true, _) => "time spent in a status",
                (false, true) => "transition time",
                (false, false) => "waiting",
            };
            let waits = if states { "stays" } else { "waits" };
            let lead = if rank == 1 {
                format!("Largest share of all {what}: {share}")
            } else {
                format!("Ranks #{rank} by share of all {what}: {share}")
            };
            let mut s = format!(
                "{lead} ({total} across {cases} cases). Half of its {waits} last at least \
                 {median}, one in ten at least {p90}."
            );
            if let Some(r) = spread {
                s.push_str(&format!(" They vary widely (p90 is {r:.0}× the median)."));
            }
            s
        }
        Lang::Zh => {
            let what = match (states, single) {
                (true, _) => "状态停留时间",
                (false, true) => "间隔时间",
                (false, false) => "等待时间",
            };
            let mut s = format!(
                "占全部{what}的 {share}，排第 {rank} 位（{cases} 个案例共 {total}）。\
                 一半至少 {median}，十分之一至少 {p90}。"
            );
            if let Some(r) = spread {
                s.push_str(&format!("时长波动大（P90 是中位数的 {r:.0} 倍）。"));
            }
            s
        }
    }
}

/// p90 ÷ median when it is large enough to mention.
fn spread_ratio(b: &Bottleneck) -> Option<f64> {
    (b.median_wait_hours > 0.0)
        .then(|| b.p90_wait_hours / b.median_wait_hours)
        .filter(|r| r.is_finite() && *r >= SPREAD_RATIO)
}

/// The prominent note for status histories.
pub fn status_history_note(lang: Lang) -> String {
    lang.pick(
        "This log is a status history: each status lasts from the row that set it until \
         the case's next change of status. Statuses follow each other without gaps, so \
         \"service time\" is the time spent in a status, nothing waits between statuses, \
         and the bottleneck ranking ranks statuses by their share of all time spent in a \
         status.",
        "该日志是状态变更记录：每个状态从设置它的那一行持续到该案例下一次状态变更。\
         状态之间没有间隔，因此“作业时间”即在该状态停留的时间，状态之间没有等待；\
         瓶颈排名按各状态占全部状态停留时间的比例排序。",
    )
    .to_owned()
}

/// The prominent note for logs with one timestamp per event.
pub fn single_timestamp_note(lang: Lang) -> String {
    lang.pick(
        "Each event in this log has one timestamp. Working time is therefore unknown: \
         service times and flow efficiency cannot be measured. Every \"waiting\" figure in \
         this report is the transition time between consecutive events of a case \
         (ts(b) − ts(a)), which includes the work done in between.",
        "该日志中每个事件只有一个时间戳，因此作业时间未知，无法计算作业时间和流动效率。\
         本报告中所有“等待”数字均为同一案例相邻事件之间的间隔时间（ts(b) − ts(a)），\
         其中包含两事件之间完成的工作。",
    )
    .to_owned()
}

/// Caption of the lead-time histogram; `tail_from` is the last bar's lower edge.
pub fn lead_caption(lang: Lang, tail_from: Option<f64>) -> String {
    let base = lang.pick(
        "Number of cases by lead time (last end − first start).",
        "按交付周期（最后完成 − 最早开始）统计的案例数。",
    );
    match tail_from {
        Some(x) => {
            let x = hours(x, lang);
            match lang {
                Lang::En => format!("{base} The last bar collects every case of {x} or more."),
                Lang::Zh => format!("{base}最后一根柱子汇总了所有 ≥ {x} 的案例。"),
            }
        }
        None => base.to_owned(),
    }
}

/// Note under the stage chart when it shows only the first stages.
pub fn stage_chart_cut(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::En => {
            format!("The chart shows the first {shown} of {total} stages; the table lists all.")
        }
        Lang::Zh => format!("图中只显示 {total} 个环节中的前 {shown} 个，下表列出全部环节。"),
    }
}

/// How many variants exist and how many cases the listed ones cover.
pub fn variants_note(lang: Lang, shown: usize, variants: usize, covered: f64) -> String {
    let variants = count(variants);
    let covered = pct(covered);
    match lang {
        Lang::En => format!(
            "{variants} variants in total; the {shown} listed here cover {covered} of all cases."
        ),
        Lang::Zh => {
            format!("共 {variants} 个流程变体；下表列出的 {shown} 个覆盖全部案例的 {covered}。")
        }
    }
}

/// How many edges the table shows.
pub fn edges_note(lang: Lang, shown: usize, total: usize) -> String {
    let all = count(total);
    match (lang, shown < total) {
        (Lang::En, true) => format!("The {shown} most frequent of {all} edges."),
        (Lang::En, false) => format!("All {all} edges, most frequent first."),
        (Lang::Zh, true) => format!("{all} 条直接跟随关系中出现次数最多的 {shown} 条。"),
        (Lang::Zh, false) => format!("全部 {all} 条直接跟随关系，按出现次数排序。"),
    }
}

/// Cases with a department ping-pong A→B→A.
pub fn ping_pong(lang: Lang, ping_pong_cases: usize, cases: usize) -> String {
    let n = count(ping_pong_cases);
    let share = pct_of(ping_pong_cases, cases);
    match lang {
        Lang::En => format!(
            "Ping-pong: {n} cases ({share}) go back to a department they had just handed over \
             to another (A → B → A)."
        ),
        Lang::Zh => format!(
            "来回交接（乒乓）：{n} 个案例（{share}）在交给另一部门后又回到原部门（A → B → A）。"
        ),
    }
}

/// Note when only the first rejected rows are listed.
pub fn rejections_shown(lang: Lang, shown: usize, rejected: usize) -> String {
    let rejected = count(rejected);
    match lang {
        Lang::En => format!(
            "The first {shown} of {rejected} rejected rows; the JSON output lists up to 100."
        ),
        Lang::Zh => format!("{rejected} 个被拒绝行中的前 {shown} 个；JSON 输出最多列出 100 个。"),
    }
}

/// Flow efficiency when `Analysis` has none.
pub fn flow_efficiency_na(lang: Lang, single: bool) -> String {
    if single {
        lang.pick(
            "n/a – one timestamp per event",
            "不适用——每个事件只有一个时间戳",
        )
    } else {
        lang.pick("n/a", "不适用")
    }
    .to_owned()
}

/// Sub-line of the rework KPI card.
pub fn rework_sub(lang: Lang, rework_cases: usize, cases: usize, rework_events: usize) -> String {
    let share = pct_of(rework_cases, cases);
    let events = count(rework_events);
    match lang {
        Lang::En => format!("{share} of cases · {events} repeated events"),
        Lang::Zh => format!("占案例 {share} · 重复事件 {events} 个"),
    }
}

/// Sub-line of the first-time-right KPI card.
pub fn ftr_sub(lang: Lang, returned_cases: Option<usize>) -> String {
    match (lang, returned_cases) {
        (Lang::En, Some(n)) => format!("no rework, not returned ({} returned/rejected)", count(n)),
        (Lang::Zh, Some(n)) => format!("无返工且未退回（退回/驳回 {} 个）", count(n)),
        (Lang::En, None) => "no rework (no status column)".to_owned(),
        (Lang::Zh, None) => "无返工（无状态列）".to_owned(),
    }
}

/// Sub-line of the lead-time KPI cards.
pub fn lead_sub(lang: Lang, mean: Option<f64>) -> String {
    let mean = super::format::opt_hours(mean, lang);
    lang.pick(format!("mean {mean}"), format!("平均 {mean}"))
}
