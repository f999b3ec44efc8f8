//! The report's glossary: the definitions of DESIGN.md in English and Chinese. Each term
//! carries its name in both languages (offices mix them), the definition is in the
//! report language.

use serde::Serialize;

use super::i18n::Lang;

/// One glossary line as the template shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub term: String,
    pub other: String,
    pub definition: String,
}

/// (English term, Chinese term, English definition, Chinese definition).
type Raw = (&'static str, &'static str, &'static str, &'static str);

const ENTRIES: &[Raw] = &[
    (
        "Lead time",
        "交付周期",
        "Per case: last end − first start (max f − min s). With one timestamp per event: \
         last − first.",
        "每个案例：最晚完成时间 − 最早开始时间（max f − min s）。每个事件只有一个时间戳时：\
         最后一个 − 第一个。",
    ),
    (
        "Service (touch) time",
        "作业时间",
        "Of an event: end − start (f − s). Of a case: the length of the union of its \
         events' intervals, so parallel work is counted once.",
        "单个事件：完成 − 开始（f − s）。单个案例：其所有事件时间区间并集的长度，\
         并行的工作只计一次。",
    ),
    (
        "Waiting time",
        "等待时间",
        "Before an event: its start minus the latest end of an earlier event of the same \
         case that ended by then, never below 0; the first event of a case has none. \
         Events are ordered by start, then end, then file row.",
        "某事件之前的等待：该事件开始时间减去同一案例中在此之前已完成的较早事件的\
         最晚完成时间，最小为 0；案例的第一个事件没有等待。事件按开始时间、完成时间、\
         文件行号排序。",
    ),
    (
        "Transition time",
        "间隔时间",
        "With one timestamp per event: ts(b) − ts(a) between consecutive events of a case. \
         It includes the work done in between, because working time is unknown.",
        "每个事件只有一个时间戳时：同一案例相邻事件之间的 ts(b) − ts(a)。\
         由于作业时间未知，它包含两事件之间完成的工作。",
    ),
    (
        "Flow efficiency",
        "流动效率",
        "Σ case touch time ÷ Σ lead time over cases with a positive lead time. Not \
         available with one timestamp per event.",
        "所有交付周期大于 0 的案例：作业时间之和 ÷ 交付周期之和。每个事件只有一个时间戳时\
         无法计算。",
    ),
    (
        "Directly-follows edge",
        "直接跟随关系",
        "a → b when b directly follows a in a case; its time is start(b) − end(a), at \
         least 0 (one timestamp: ts(b) − ts(a)). Counts and times match PM4Py's frequency \
         and performance DFG on single-timestamp logs.",
        "同一案例中 b 紧接在 a 之后，记为 a → b；其时间为 b 的开始 − a 的完成，最小为 0\
         （单一时间戳：ts(b) − ts(a)）。在单一时间戳日志上，次数与时间和 PM4Py 的\
         频率与性能 DFG 一致。",
    ),
    (
        "Handoff",
        "部门交接",
        "Two consecutive events of a case in different departments; its delay is measured \
         as for edges.",
        "同一案例中相邻两个事件属于不同部门；其延迟的计算方法与直接跟随关系相同。",
    ),
    (
        "Ping-pong",
        "来回交接（乒乓）",
        "A case goes from department A to B and straight back to A (A → B → A).",
        "案例从部门 A 交到 B 后又直接回到 A（A → B → A）。",
    ),
    (
        "Rework",
        "返工",
        "A stage visited two or more times in one case; repeated visits = visits − 1. In a \
         status history a reassignment within a status continues the visit.",
        "同一案例中某环节被访问两次或以上；重复次数 = 访问次数 − 1。在状态变更记录中，\
         同一状态内的转派属于同一次访问。",
    ),
    (
        "Stay (status histories)",
        "停留（状态变更记录）",
        "Consecutive rows of a case with the same status, department and owner: one event. \
         A change of department or owner within a status starts a new stay of the same \
         visit; a change of department there is a handoff.",
        "同一案例中状态、部门和处理人都相同的相邻记录：一个事件。同一状态内部门或处理人变化时，\
         开始同一次访问的新停留；其中部门变化计为一次交接。",
    ),
    (
        "First-time-right",
        "一次通过率",
        "Share of cases with no rework and no returned/rejected status.",
        "既无返工、也没有退回/驳回状态的案例所占比例。",
    ),
    (
        "Bottleneck score",
        "瓶颈得分",
        "A stage's share of all waiting time in the log, shown with its median and p90 \
         wait, total wait and the cases in which it waited.",
        "某环节占日志中全部等待时间的比例，并给出其等待时间的中位数、P90、等待总时长\
         以及发生等待的案例数。",
    ),
    (
        "Variant",
        "流程变体",
        "The sequence of stages of a case; cases with the same sequence share a variant.",
        "一个案例依次经过的环节序列；序列相同的案例属于同一变体。",
    ),
    (
        "Percentiles (median, p90)",
        "百分位数（中位数、P90）",
        "Linear interpolation between the closest ranks (numpy's default). Median = p50; \
         p90: nine in ten values are at or below it.",
        "在最接近的两个秩之间线性插值（numpy 的默认方法）。中位数 = P50；\
         P90：十分之九的数值小于或等于它。",
    ),
    (
        "Rating scale",
        "量表",
        "The levels an item's answers are scored on, 1 (lowest) to k. A column's labels \
         belong to one family (agreement, satisfaction, frequency …); its length is the one \
         whose levels are exactly those answered, so a 4-point scale is never scored as 5 \
         points. When answers leave a level unchosen, the rows of the same question, the \
         same item in other files or the neighbouring items settle it; otherwise the item \
         is not scored.",
        "题目作答计分所用的各级，从 1（最低）到 k。一列的选项属于同一量表类别（同意程度、满意度、频率等）；\
         级数取与作答选项完全一致的那一种，因此 4 级量表绝不按 5 级计分。若有某级无人选择，由同一题的其他行、\
         其他文件中的同一题或相邻题目确定；仍无法确定的题目不计分。",
    ),
    (
        "Top-2-box, NPS, Cronbach's α",
        "前两项占比、净推荐值、克朗巴哈 α",
        "Top-2-box: share of an item's answers in its two highest levels (Wilson 95% \
         interval). NPS: % answering 9–10 minus % answering 0–6 on a 0–10 item. α: how \
         consistently a dimension's items measure one thing (reverse-worded items flipped); \
         groups under the minimum size are never scored.",
        "前两项占比：某题作答落在最高两个等级的比例（Wilson 95% 区间）。净推荐值：0–10 分题中 \
         9–10 分的比例减去 0–6 分的比例。α：一个维度的各题测量同一事物的一致程度（反向题已翻转）；\
         人数低于最小分组人数的分组不计分。",
    ),
    (
        "Anonymity",
        "匿名规则",
        "A group (a department, a wave, a period) with fewer respondents than the minimum \
         group size (default 5, --min-group), or a score resting on fewer answers, is not \
         shown, and further groups are hidden, smallest first, until for every score the \
         respondents outside the groups shown number 0 or at least the minimum, so that no \
         hidden group can be derived by subtracting the shown ones from the total.",
        "人数少于最小分组人数（默认 5，--min-group）的分组（部门、批次、期间），或作答不足该人数的得分，不予显示；\
         并从最小的分组起继续隐藏，直到对每个得分而言、未显示分组中的答卷者为 0 或不少于该人数，\
         使任何被隐藏的分组都无法用总数减去已显示分组推算出来。",
    ),
    (
        "Periods and censored cases",
        "对比期与删失案例",
        "A case belongs to the baseline or the comparison period by its first start. A case \
         still open at its period's end (it ends later, or an activity has no end yet) is \
         censored: counted, but left out of that period's figures.",
        "案例按其最早开始时间归入基线期或对比期。在所属期末仍未完成的案例（完成得更晚，或仍有活动没有完成时间）\
         为删失案例：计数，但不计入该期的指标。",
    ),
    (
        "Verdict",
        "结论",
        "Met: the goal is reached and the change is significant (p < 0.05). Met, not \
         significant: reached on the figures, but chance is not ruled out. Not met. The \
         95% interval of the change is a percentile bootstrap (1,000 resamples, fixed seed).",
        "达成：目标已实现且变化显著（p < 0.05）。达成但不显著：数字上已达到，但不能排除偶然因素。\
         未达成。变化的 95% 区间为百分位自助法（1,000 次重抽样，固定种子）。",
    ),
    (
        "Tests and effect sizes",
        "检验与效应量",
        "Durations: Mann–Whitney U with the rank-biserial r = 2U/(n₁n₂) − 1 (−1: every \
         comparison-period value smaller). Scores: Welch's t with Cohen's d. Rates: the \
         two-proportion z test with Cohen's h.",
        "时长：Mann–Whitney U 检验，秩二列相关 r = 2U/(n₁n₂) − 1（−1 表示对比期的每个值都更小）。\
         得分：Welch t 检验与 Cohen's d。比例：双比例 z 检验与 Cohen's h。",
    ),
    (
        "WIP at period end",
        "期末在制",
        "Cases started before the period's end and not closed by it.",
        "在期末之前开始、到期末仍未完成的案例数。",
    ),
    (
        "Process map",
        "泳道流程图",
        "Boxes are stages in the lane of the department that performed them; arrows are \
         directly-follows edges between consecutive events of a case (count, median wait \
         s(next) − f(this) clamped at 0). Dashed arrows run against the flow: returns and \
         repeats. The map draws the most frequent paths up to its coverage.",
        "方框是环节，位于执行它的部门所在泳道；箭头是同一案例相邻事件之间的直接跟随关系（次数、\
         等待中位数 s(后) − f(前)，小于 0 记为 0）。虚线箭头逆流程方向：退回与重复。图中按覆盖率画出最常见的路径。",
    ),
    (
        "Work in progress (WIP)",
        "在制品",
        "Cases started and not yet completed (first start to last end), counted at the end \
         of each day and averaged per ISO week.",
        "已开始但尚未完成的案例数（从最早开始到最晚完成），在每天结束时计数，按 ISO 周取平均。",
    ),
    (
        "Little's law",
        "利特尔法则",
        "Over the middle 80% of the log: time-average WIP = throughput × mean lead time of \
         the cases completed in that window. A gap above 20% means the process is not in a \
         steady state or cases are cut off at the edges of the data.",
        "在日志中间 80% 的时段内：按时间平均的在制品 = 吞吐量 × 该时段内完成案例的平均交付周期。\
         相差超过 20% 表示流程未处于稳定状态，或有案例在数据边缘被截断。",
    ),
    (
        "Hours lost (problem list)",
        "损失工时（问题清单）",
        "Waiting: Σ of each event's wait above its stage's p25. Slow handoff: Σ handoff delay. \
         Rework: Σ wait + working time of a stage's second and later visits in a case. \
         Ping-pong: Σ of the detour A → B → A, from leaving A to being back at A. Problems \
         under 1% of all lead time are left out. A survey dimension whose mean is below its \
         scale's midpoint is listed too (no hours). Per period: each occurrence counts in the \
         period in which the event that bears it started.",
        "环节前等待：各事件等待时间超出该环节 P25 的部分之和。交接缓慢：交接延迟之和。返工：\
         同一案例中某环节第二次及以后访问时的等待与作业时间之和。来回交接：A → B → A 的绕行时间\
         （从离开 A 到回到 A）之和。占全部交付周期不足 1% 的问题不列出。\
         问卷维度均值低于量表中点时列为问题（不计工时）。各期间：每次发生计入承担该损失的事件开始的期间。",
    ),
    (
        "Working time",
        "工作时间",
        "The time between two instants that falls in the calendar's working hours on its \
         workdays: public holidays are off, make-up workdays (调休) are worked. A working \
         day is one day's working hours (7.5 h for 09:00–12:00 and 13:30–18:00), never 24 h.",
        "两个时刻之间落在日历工作日的工作时段内的时间：法定节假日不计，调休上班日照常计入。\
         一个工作日等于一天的工作时长（09:00–12:00、13:30–18:00 为 7.5 小时），而不是 24 小时。",
    ),
    (
        "Service level (SLA) clock",
        "服务时限时钟",
        "Per case: from the start point to the first stop point after it, less time in \
         paused statuses, in working time (targets in wh, wd, wmin) or elapsed time (h, d, \
         min, or calendar = \"24x7\"). Met: stopped within the target. Breached: stopped \
         later, or the target had passed at the end of the data without a stop. Open: not \
         stopped yet; at risk beyond 80% of the target. Compliance = met / (met + \
         breached), with Wilson's 95% interval. A case that ends on a stage from which no \
         case of the log reaches the stop took a path without it and is not counted. \
         Weekly updates: each case running across a deadline has an event since the \
         previous one.",
        "每个案例：从起点到其后第一个终点，扣除暂停状态的时间；目标以 wh、wd、wmin 表示时按工作时间计，\
         以 h、d、min 表示（或 calendar = \"24x7\"）时按自然时间计。达成：在目标内停止；\
         超时：停止晚于目标，或到数据结束时已超过目标仍未停止；未结：尚未停止，超过目标 80% 为有超时风险。\
         达成率 = 达成 /（达成 + 超时），附 Wilson 95% 区间。案例结束于一个从未通向终点的环节时，\
         视为所走路径不经过终点，不计入。每周更新：跨越截止时间的案例须在上一截止时间之后有事件。",
    ),
    (
        "Units",
        "单位",
        "Durations are calendar hours: shown in hours (h) below 48 h and in days (d, 24 h) \
         from 48 h on. Working time is shown in working hours and working days. Shares are \
         percentages.",
        "时长均为日历小时：小于 48 小时以“小时”显示，48 小时及以上以“天”（24 小时）显示。\
         工作时间以“工作小时”和“工作日”显示。比例以百分比显示。",
    ),
];

/// The glossary in `lang`.
pub fn entries(lang: Lang) -> Vec<Entry> {
    ENTRIES
        .iter()
        .map(|(en, zh, def_en, def_zh)| Entry {
            term: lang.pick(*en, *zh).to_owned(),
            other: lang.pick(*zh, *en).to_owned(),
            definition: lang.pick(*def_en, *def_zh).to_owned(),
        })
        .collect()
}

/// How procdiag's definitions relate to PM4Py's.
pub fn pm4py_note(lang: Lang) -> String {
    lang.pick(
        "PM4Py's own case duration and performance DFG use complete timestamps only: case \
         duration = last end − first end, and edge times run end → end. procdiag uses start \
         and end when the log has both (lead time = last end − first start; edge time = next \
         start − previous end). On logs with one timestamp per event the two agree.",
        "PM4Py 自身的案例持续时间和性能 DFG 只使用完成时间戳：案例持续时间 = 最后完成 − \
         最早完成，关系时间按“完成 → 完成”计算。procdiag 在日志同时有开始和完成时间时\
         两者都用（交付周期 = 最后完成 − 最早开始；关系时间 = 后一事件开始 − 前一事件完成）。\
         在每个事件只有一个时间戳的日志上，两者结果一致。",
    )
    .to_owned()
}
