//! Words for the analysis' facts: data-quality findings and the bottleneck rank line of
//! the JSON contract.

use super::Lang;
use crate::analysis::quality::{Example, Fact, Finding};
use crate::analysis::{Bottleneck, WaitMeasure};
use crate::report::format::count;

/// A data-quality finding in one sentence. English keeps the contract's wording (plain
/// numbers), Chinese groups thousands.
pub fn finding(lang: Lang, f: &Finding) -> String {
    match lang {
        Lang::En => finding_en(f),
        Lang::Zh => finding_zh(f),
    }
}

fn finding_en(f: &Finding) -> String {
    let n = f.count;
    match &f.fact {
        Fact::DuplicateEvents => format!(
            "{n} events repeat an earlier event exactly (same case, stage, owner and times); \
             they count twice in every figure"
        ),
        Fact::EndBeforeStart => format!("{n} rows end before they start; they were rejected"),
        Fact::NoEnd => {
            format!("{n} activities have no end (still open?); they were not analysed")
        }
        Fact::EventsAfterClose => format!("{n} events start after their case was closed"),
        Fact::FutureTimestamps => format!("{n} events have times in the future"),
        Fact::OwnerOverlaps { owners } => format!(
            "{n} events start while the same owner is still busy with earlier work \
             ({owners} owners): multitasking, or times recorded late"
        ),
        Fact::SingleEventStages => {
            format!("{n} stages occur only once in the whole log (typos or test entries?)")
        }
        Fact::RareStages { .. } => rare_en(f),
        Fact::LittlesLaw {
            mean_wip,
            expected_wip,
            difference,
        } => format!(
            "mean work in progress ({mean_wip:.1} cases) and throughput × mean lead time \
             ({expected_wip:.1} cases) differ by {:.0}% over the middle 80% of the log: \
             the process is not in a steady state, or cases are cut off at the edges of \
             the data",
            difference * 100.0
        ),
        Fact::MixedOffsets { column, offsets } => format!(
            "column '{column}' mixes UTC offsets ({}): daylight saving time or several time \
             zones; all times were converted to UTC",
            offsets.join(", ")
        ),
    }
}

fn finding_zh(f: &Finding) -> String {
    let n = count(f.count);
    match &f.fact {
        Fact::DuplicateEvents => format!(
            "{n} 个事件与之前的事件完全重复（同一案例、环节、处理人和时间），会在所有指标中重复计算"
        ),
        Fact::EndBeforeStart => format!("{n} 行的结束时间早于开始时间，已剔除"),
        Fact::NoEnd => format!("{n} 个活动没有结束时间（仍在进行？），未纳入分析"),
        Fact::EventsAfterClose => format!("{n} 个事件发生在案例关闭之后"),
        Fact::FutureTimestamps => format!("{n} 个事件的时间晚于当前时间"),
        Fact::OwnerOverlaps { owners } => format!(
            "{n} 个事件开始时同一处理人仍在处理之前的工作（涉及 {} 名处理人）：并行处理，或时间登记滞后",
            count(*owners)
        ),
        Fact::SingleEventStages => {
            format!("{n} 个环节在整个日志中只出现一次（录入错误或测试数据？）")
        }
        Fact::RareStages { .. } => rare_zh(f),
        Fact::LittlesLaw {
            mean_wip,
            expected_wip,
            difference,
        } => format!(
            "日志中间 80% 时段的平均在制品（{mean_wip:.1} 个案例）与吞吐量 × 平均交付周期\
             （{expected_wip:.1} 个案例）相差 {:.0}%：流程未处于稳定状态，或有案例在数据边缘被截断",
            difference * 100.0
        ),
        Fact::MixedOffsets { column, offsets } => format!(
            "时间列“{column}”混用了 {n} 种 UTC 时差（{}）：夏令时或多个时区；所有时间已换算为 UTC",
            offsets.join(", ")
        ),
    }
}

/// The rare-stage finding's parts: share of cases, events, share of events, variants,
/// test entries, and whether they look mostly like entry errors.
fn rare_parts(f: &Finding) -> (String, usize, String, usize, usize, bool) {
    let Fact::RareStages {
        share,
        events,
        all_events,
        variants,
        tests,
    } = f.fact
    else {
        return (String::new(), 0, String::new(), 0, 0, false);
    };
    let of_all = crate::report::format::pct(events as f64 / all_events.max(1) as f64);
    let errors = 2 * (variants + tests) > f.count;
    (
        crate::report::format::pct(share),
        events,
        of_all,
        variants,
        tests,
        errors,
    )
}

fn rare_en(f: &Finding) -> String {
    let (share, events, of_all, variants, tests, errors) = rare_parts(f);
    let verdict = if errors {
        "mostly entry errors: correct the names at the source"
    } else {
        "the rest look like a genuine long tail of rare activities; charts group them \
         as \"other stages\", tables list them all"
    };
    format!(
        "{} stages are each seen in fewer than {share} of cases ({events} events, {of_all} \
         of all); {variants} look like spelling or spacing variants of frequent stages, \
         {tests} like test entries; {verdict}",
        f.count
    )
}

fn rare_zh(f: &Finding) -> String {
    let (share, events, of_all, variants, tests, errors) = rare_parts(f);
    let verdict = if errors {
        "多为录入错误：请在源头更正名称"
    } else {
        "其余看起来是真实存在的长尾低频活动；图表将其合并为“其他环节”，表格全部列出"
    };
    format!(
        "{} 个环节各自出现在不到 {share} 的案例中（共 {} 个事件，占全部的 {of_all}）；\
         其中 {variants} 个像是高频环节名称的拼写或空格变体，{tests} 个像是测试数据；{verdict}",
        count(f.count),
        count(events)
    )
}

/// The contract's one-line `reason` of a bottleneck (English, plain figures).
pub fn bottleneck_contract_reason(b: &Bottleneck) -> String {
    let (what, per) = match b.measure {
        WaitMeasure::Status => ("time in status", "time"),
        WaitMeasure::Waiting => ("waiting time", "wait"),
        WaitMeasure::Transition => ("transition time", "wait"),
    };
    format!(
        "#{}: {:.0}% of all {what} ({:.0} h in {} cases); median {per} {:.1} h, p90 {:.1} h",
        b.rank,
        b.wait_share * 100.0,
        b.total_wait_hours,
        b.cases,
        b.median_wait_hours,
        b.p90_wait_hours
    )
}

/// An example of a finding: "row 12" / "第 12 行", or the value as read.
pub fn example(lang: Lang, e: &Example) -> String {
    match (lang, e) {
        (Lang::En, Example::Row(r)) => format!("row {r}"),
        (Lang::Zh, Example::Row(r)) => format!("第 {r} 行"),
        (_, Example::Value(v)) => v.clone(),
    }
}
