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
         status. A visit of a status may be handed on: when the department or the owner \
         changes within a status, the visit goes on as a new stay (an event) in the new \
         department, and that change is a handoff; stage figures count visits, not \
         stays.",
        "该日志是状态变更记录：每个状态从设置它的那一行持续到该案例下一次状态变更。\
         状态之间没有间隔，因此“作业时间”即在该状态停留的时间，状态之间没有等待；\
         瓶颈排名按各状态占全部状态停留时间的比例排序。\
         同一状态内更换部门或处理人时，该次停留在新部门继续（记为一个新事件），部门变化计为一次交接；\
         环节数字按停留次数（访问）计，而非按事件计。",
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

/// What the stage chart leaves to its "other stages" bar.
pub struct ChartRest {
    /// Stages drawn and their share of all waiting time.
    pub drawn: usize,
    pub share: String,
    /// Stages in the bar, their events and share, and how many of them are rare.
    pub rest: usize,
    pub events: usize,
    pub rest_share: String,
    pub rare: usize,
    pub rare_share: String,
    pub single: bool,
}

/// Note under the stage chart when one bar stands for the other stages.
pub fn stage_chart_rest(lang: Lang, c: ChartRest) -> String {
    let (drawn, rest, events) = (count(c.drawn), count(c.rest), count(c.events));
    let (share, rest_share, rare_share) = (&c.share, &c.rest_share, &c.rare_share);
    match lang {
        Lang::En => {
            let time = if c.single {
                "transition time"
            } else {
                "waiting time"
            };
            let rare = if c.rare > 0 {
                format!(
                    ", {} of them each seen in fewer than {rare_share} of cases",
                    count(c.rare)
                )
            } else {
                String::new()
            };
            format!(
                "Stages ranked by total {time}. The {drawn} drawn hold {share} of it; the other \
                 {rest} stages ({events} events, {rest_share}) are one bar{rare}. The table lists every stage."
            )
        }
        Lang::Zh => {
            let time = if c.single {
                "间隔时间"
            } else {
                "等待时间"
            };
            let rare = if c.rare > 0 {
                format!(
                    "，其中 {} 个各自出现在不到 {rare_share} 的案例中",
                    count(c.rare)
                )
            } else {
                String::new()
            };
            format!(
                "环节按{time}总量排序。图中 {drawn} 个环节占{time}的 {share}；其余 {rest} 个环节\
                 （{events} 个事件，占 {rest_share}）合为一根柱子{rare}。下表列出全部环节。"
            )
        }
    }
}

/// The `<summary>` of the folded stage rows.
pub fn folded_stages(
    lang: Lang,
    stages: usize,
    events: usize,
    share: &str,
    single: bool,
) -> String {
    let (stages, events) = (count(stages), count(events));
    match (lang, single) {
        (Lang::En, false) => {
            format!("The other {stages} stages ({events} events, {share} of the waiting time)")
        }
        (Lang::En, true) => {
            format!("The other {stages} stages ({events} events, {share} of the transition time)")
        }
        (Lang::Zh, false) => {
            format!("其余 {stages} 个环节（{events} 个事件，占等待时间的 {share}）")
        }
        (Lang::Zh, true) => {
            format!("其余 {stages} 个环节（{events} 个事件，占间隔时间的 {share}）")
        }
    }
}

/// The `<summary>` of folded rows, with their share of all waiting when given.
pub fn folded_rows(lang: Lang, rows: usize, share: Option<&str>) -> String {
    let rows = count(rows);
    match (lang, share) {
        (Lang::En, Some(s)) => format!("{rows} more rows ({s} of all waiting)"),
        (Lang::En, None) => format!("{rows} more rows"),
        (Lang::Zh, Some(s)) => format!("其余 {rows} 行（占全部等待的 {s}）"),
        (Lang::Zh, None) => format!("其余 {rows} 行"),
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
        (Lang::En, true) => format!(
            "{all} edges, most total delay first (count × mean), then most frequent; the first {shown} here, the rest folded below."
        ),
        (Lang::En, false) => format!("All {all} edges, most total delay first (count × mean), then most frequent."),
        (Lang::Zh, true) => format!(
            "共 {all} 条直接跟随关系，按总耗时（次数 × 平均）排序，其次按次数；此处列出前 {shown} 条，其余折叠在下方。"
        ),
        (Lang::Zh, false) => format!("全部 {all} 条直接跟随关系，按总耗时（次数 × 平均）排序，其次按次数。"),
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

/// What the process map covers and leaves out.
pub fn map_caption(lang: Lang, c: &crate::analysis::map::MapCoverage) -> String {
    use crate::analysis::map::{DEFAULT_COVERAGE, MAX_EDGES, MAX_NODES};
    let (shown, all) = (count(c.variants_shown), count(c.variants));
    let (cases, total, share) = (count(c.cases_shown), count(c.cases), pct(c.share));
    let (nodes, edges) = (count(c.nodes_left_out), count(c.edges_left_out));
    let default = pct(DEFAULT_COVERAGE);
    match lang {
        Lang::En => {
            let rule = match c.requested {
                Some(x) => format!("--map-coverage {}", pct(x)),
                None => format!(
                    "default: up to {default} of cases, at most {MAX_NODES} boxes and \
                     {MAX_EDGES} arrows; --map-coverage changes it"
                ),
            };
            if c.variants_shown == c.variants {
                return format!("All {all} paths of the {total} cases are drawn.");
            }
            let rare = match c.rare_paths_skipped {
                0 => String::new(),
                n => format!(
                    " {} paths through stages seen in fewer than {} of cases were skipped.",
                    count(n),
                    pct(c.rare_stage_share)
                ),
            };
            format!(
                "The {shown} most frequent of {all} paths, covering {share} of cases \
                 ({cases} of {total}; {rule}). Left out: {nodes} boxes and {edges} arrows \
                 seen only in the other cases.{rare}"
            )
        }
        Lang::Zh => {
            let rule = match c.requested {
                Some(x) => format!("--map-coverage {}", pct(x)),
                None => format!(
                    "默认：最多覆盖 {default} 的案例、{MAX_NODES} 个方框和 {MAX_EDGES} 条箭头；\
                     可用 --map-coverage 调整"
                ),
            };
            if c.variants_shown == c.variants {
                return format!("图中画出了 {total} 个案例的全部 {all} 条路径。");
            }
            let rare = match c.rare_paths_skipped {
                0 => String::new(),
                n => format!(
                    "经过低频环节（出现在不到 {} 的案例中）的 {} 条路径未画出。",
                    pct(c.rare_stage_share),
                    count(n)
                ),
            };
            format!(
                "图中画出 {all} 条路径中最常见的 {shown} 条，覆盖 {share} 的案例（{total} 个中的 \
                 {cases} 个；{rule}）。仅出现在其余案例中的 {nodes} 个方框和 {edges} 条箭头未画出。{rare}"
            )
        }
    }
}

/// The Little's-law check in one sentence.
pub fn littles_law(lang: Lang, l: &crate::analysis::wip::LittlesLaw) -> String {
    let agree = l.difference <= crate::analysis::wip::LITTLE_TOLERANCE;
    let (wip, tp, lead, exp) = (
        l.mean_wip,
        l.throughput_per_day,
        l.mean_lead_days,
        l.expected_wip,
    );
    let diff = pct(l.difference);
    let (from, to) = (
        &l.window_from[..10.min(l.window_from.len())],
        &l.window_to[..10.min(l.window_to.len())],
    );
    match (lang, agree) {
        (Lang::En, true) => format!(
            "Little's law holds ({from} to {to}): {wip:.1} cases in progress on average, and \
             throughput {tp:.2} a day × mean lead time {lead:.1} days = {exp:.1} (differ by {diff})."
        ),
        (Lang::En, false) => format!(
            "Little's law does not hold ({from} to {to}): {wip:.1} cases in progress on \
             average, but throughput {tp:.2} a day × mean lead time {lead:.1} days = {exp:.1} \
             (differ by {diff}). The process is not in a steady state, or cases are cut off at \
             the edges of the data; see the data-quality appendix."
        ),
        (Lang::Zh, true) => format!(
            "利特尔法则成立（{from} 至 {to}）：平均在制 {wip:.1} 个案例，吞吐量每天 {tp:.2} 个 × 平均交付周期 \
             {lead:.1} 天 = {exp:.1}（相差 {diff}）。"
        ),
        (Lang::Zh, false) => format!(
            "利特尔法则不成立（{from} 至 {to}）：平均在制 {wip:.1} 个案例，而吞吐量每天 {tp:.2} 个 × 平均交付周期 \
             {lead:.1} 天 = {exp:.1}（相差 {diff}）。流程未处于稳定状态，或有案例在数据边缘被截断；见数据质量附录。"
        ),
    }
}

/// The figures behind a problem, in a few words.
pub fn problem_evidence(lang: Lang, p: &crate::analysis::problems::Problem) -> String {
    use crate::analysis::problems::ProblemKind as K;
    let e = &p.evidence;
    let n = count(e.occurrences);
    let median = e.median_hours.map(|h| hours(h, lang)).unwrap_or_default();
    let p90 = e.p90_hours.map(|h| hours(h, lang)).unwrap_or_default();
    if let Some(s) = &e.score {
        let (m, lo, hi) = (s.mean, s.scale_min, s.scale_max);
        return match lang {
            Lang::En => format!("mean {m:.2} on {lo}–{hi}, n = {n}"),
            Lang::Zh => format!("均值 {m:.2}（{lo}–{hi} 分），n = {n}"),
        };
    }
    if p.kind == K::SharedStage {
        let parts: Vec<String> = e
            .departments
            .iter()
            .map(|d| format!("{} {}", d.department, pct(d.share)))
            .collect();
        return parts.join(lang.pick(", ", "，"));
    }
    let what = match (lang, p.kind) {
        (Lang::En, K::Waiting | K::TimeInStatus) => "events",
        (Lang::En, K::Handoff) => "handoffs",
        (Lang::En, K::Rework) => "repeats",
        (Lang::En, _) => "detours",
        (Lang::Zh, K::Waiting | K::TimeInStatus) => "个事件",
        (Lang::Zh, K::Handoff) => "次交接",
        (Lang::Zh, K::Rework) => "次重复",
        (Lang::Zh, _) => "次来回",
    };
    let via = e.handoff.as_ref().map(crate::words::problem_where);
    match (lang, via) {
        (Lang::En, None) => format!("{n} {what}; median {median}, p90 {p90}"),
        (Lang::Zh, None) => format!("{n} {what}；中位数 {median}，P90 {p90}"),
        (Lang::En, Some(v)) => {
            format!("{n} {what}; median {median}, p90 {p90}; the wait is the handoff {v}")
        }
        (Lang::Zh, Some(v)) => format!("{n} {what}；中位数 {median}，P90 {p90}；即 {v} 的交接"),
    }
}

/// How many problems the list shows.
pub fn problems_note(lang: Lang, shown: usize, total: usize) -> String {
    match (lang, shown < total) {
        (Lang::En, true) => format!(
            "The {shown} costliest of {total} problems (the JSON and the workbook list all). \
             Hours lost are defined per kind (see the glossary); kinds overlap, so their \
             shares are not to be added up."
        ),
        (Lang::En, false) => "Ranked by hours lost, defined per kind (see the glossary); kinds \
             overlap, so their shares are not to be added up."
            .to_owned(),
        (Lang::Zh, true) => format!(
            "{total} 个问题中损失最大的 {shown} 个（JSON 与工作簿列出全部）。损失工时按问题类型定义（见术语表）；\
             类型之间有重叠，占比不可相加。"
        ),
        (Lang::Zh, false) => {
            "按损失工时排序，损失工时按问题类型定义（见术语表）；类型之间有重叠，占比不可相加。".to_owned()
        }
    }
}

/// What the per-period column of the problem list shows.
pub fn problems_by_period_note(lang: Lang) -> String {
    lang.pick(
        "Hours lost per period count each occurrence in the period in which the event that \
         bears it started; hollow bars are periods the data covers only in part.",
        "各期间损失工时按承担该损失的事件的开始时间归入期间；空心柱表示数据只覆盖了该期间的一部分。",
    )
    .to_owned()
}

/// Why Little's law could not be checked.
pub fn littles_law_unchecked(lang: Lang) -> String {
    lang.pick(
        "Little's law cannot be checked: no case was completed in the middle 80% of the \
         log's span. All cases end near its end, as in an extract of cases closed in a \
         short window; such a log shows fewer long-running cases than the process had.",
        "无法检验利特尔法则：日志时间跨度中间 80% 的时段内没有完成的案例。所有案例都在末尾附近结束，\
         像是只抽取了某段时间内关闭的案例；这样的日志中长周期案例比实际更少。",
    )
    .to_owned()
}
