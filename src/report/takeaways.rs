//! One sentence under each chart saying what it shows, computed from the figures the
//! chart draws (the trends have theirs in `trends.rs`). Names from the input (stages,
//! departments, items, options) appear as they were read; the template escapes them.
//! A chart with nothing to say (no data, a tie of nothing) has no sentence.

use super::format::{count, hours, pct};
use super::i18n::Lang;
use crate::analysis::process::wip::WipWeek;
use crate::analysis::sla::SlaResult;
use crate::analysis::survey::{ItemResult, MultiResult};
use crate::analysis::{Bottleneck, Handoff, StageStats, Stats};

/// "Half the cases took up to 6.4 d; one in ten took longer than 11.2 d."
pub fn lead_time(lang: Lang, lead: &Stats) -> Option<String> {
    let (median, p90) = (hours(lead.median?, lang), hours(lead.p90?, lang));
    Some(match lang {
        Lang::En => {
            format!("Half the cases took up to {median}; one in ten took longer than {p90}.")
        }
        Lang::Zh => format!("一半案例的交付周期不超过 {median}；十分之一超过 {p90}。"),
    })
}

/// The stage whose events take longest on average and how much of the mean time per
/// event is waiting, over the stages shown.
pub fn stages(lang: Lang, stages: &[&StageStats], single: bool) -> Option<String> {
    let mean = |s: &Stats| s.mean.filter(|m| m.is_finite()).unwrap_or(0.0);
    let total =
        |s: &StageStats| mean(&s.wait_hours) + if single { 0.0 } else { mean(&s.service_hours) };
    let top = stages
        .iter()
        .copied()
        .max_by(|a, b| total(a).total_cmp(&total(b)))?;
    if total(top) <= 0.0 {
        return None;
    }
    let longest = hours(total(top), lang);
    let name = top.stage.trim();
    if single {
        return Some(match lang {
            Lang::En => {
                format!("{name} has the longest mean transition time per event ({longest}).")
            }
            Lang::Zh => format!("“{name}”每个事件的平均间隔时间最长（{longest}）。"),
        });
    }
    let waiting: f64 = stages.iter().map(|s| mean(&s.wait_hours)).sum();
    let all: f64 = stages.iter().copied().map(total).sum();
    let share = pct(waiting / all);
    Some(match lang {
        Lang::En => format!(
            "{name} takes longest per event ({longest} on average); across the stages, waiting is {share} of the mean time per event."
        ),
        Lang::Zh => format!(
            "“{name}”每个事件平均耗时最长（{longest}）；各环节合计，等待占每个事件平均时间的 {share}。"
        ),
    })
}

/// The largest bottleneck's share and the top three's together.
pub fn bottlenecks(lang: Lang, ranked: &[Bottleneck], single: bool) -> Option<String> {
    let top = ranked.first()?;
    let three: f64 = ranked.iter().take(3).map(|b| b.wait_share).sum();
    let (share, three, name) = (pct(top.wait_share), pct(three), top.stage.trim());
    let n = ranked.len().min(3);
    Some(match (lang, single) {
        (Lang::En, false) => {
            format!("{name} alone holds {share} of all waiting; the top {n} hold {three}.")
        }
        (Lang::En, true) => {
            format!("{name} alone holds {share} of all transition time; the top {n} hold {three}.")
        }
        (Lang::Zh, false) => {
            format!("“{name}”一个环节就占全部等待时间的 {share}；前 {n} 个合计 {three}。")
        }
        (Lang::Zh, true) => {
            format!("“{name}”一个环节就占全部间隔时间的 {share}；前 {n} 个合计 {three}。")
        }
    })
}

/// The clock with the lowest compliance and its breaches.
pub fn sla(lang: Lang, clocks: &[SlaResult]) -> Option<String> {
    let worst = clocks
        .iter()
        .filter(|c| c.tally.compliance.is_some())
        .min_by(|a, b| {
            a.tally
                .compliance
                .unwrap_or(1.0)
                .total_cmp(&b.tally.compliance.unwrap_or(1.0))
        })?;
    let t = &worst.tally;
    let (compliance, breached, due) = (
        pct(t.compliance?),
        count(t.breached),
        count(t.met + t.breached),
    );
    let name = worst.name.trim();
    let lowest = clocks.len() > 1;
    Some(match (lang, lowest) {
        (Lang::En, true) => format!(
            "Lowest compliance: {name}, {compliance} ({breached} of {due} decided breached)."
        ),
        (Lang::En, false) => {
            format!("{name}: {compliance} compliance ({breached} of {due} decided breached).")
        }
        (Lang::Zh, true) => {
            format!("达成率最低的是“{name}”：{compliance}（{due} 个已判定中 {breached} 个超时）。")
        }
        (Lang::Zh, false) => {
            format!("“{name}”达成率 {compliance}（{due} 个已判定中 {breached} 个超时）。")
        }
    })
}

/// The peak of work in progress over whole weeks, and the arrivals and completions of
/// every week drawn.
pub fn wip(lang: Lang, weeks: &[WipWeek]) -> Option<String> {
    let peak = weeks
        .iter()
        .filter(|w| w.days >= 7 && w.wip.is_finite())
        .max_by(|a, b| a.wip.total_cmp(&b.wip))?;
    let arrived = count(weeks.iter().map(|w| w.arrivals).sum());
    let done = count(weeks.iter().map(|w| w.completions).sum());
    let (level, period, n) = (format!("{:.1}", peak.wip), &peak.period, count(weeks.len()));
    Some(match lang {
        Lang::En => format!(
            "Work in progress peaked at {level} cases (week {period}); {arrived} cases arrived and {done} were completed over the {n} weeks."
        ),
        Lang::Zh => format!(
            "在制品最多时为 {level} 个案例（{period}）；这 {n} 周共到达 {arrived} 个、完成 {done} 个案例。"
        ),
    })
}

/// The busiest and the slowest handoff between departments.
pub fn handoffs(lang: Lang, handoffs: &[Handoff]) -> Option<String> {
    let busiest = handoffs.iter().max_by_key(|h| h.count)?;
    let slowest = handoffs
        .iter()
        .filter(|h| h.hours.median.is_some_and(f64::is_finite))
        .max_by(|a, b| {
            a.hours
                .median
                .unwrap_or(0.0)
                .total_cmp(&b.hours.median.unwrap_or(0.0))
        })?;
    let pair = |h: &Handoff| format!("{} → {}", h.from_department.trim(), h.to_department.trim());
    let (b, n) = (pair(busiest), count(busiest.count));
    let (s, m) = (
        pair(slowest),
        hours(slowest.hours.median.unwrap_or(0.0), lang),
    );
    Some(match lang {
        Lang::En => {
            format!("The busiest handoff is {b} ({n} times); the slowest is {s} (median {m}).")
        }
        Lang::Zh => format!("交接最多的是 {b}（{n} 次）；最慢的是 {s}（中位数 {m}）。"),
    })
}

/// The rating items with the highest and the lowest top-2-box share.
pub fn likert(lang: Lang, items: &[ItemResult]) -> Option<String> {
    let scored: Vec<(&ItemResult, f64)> =
        items.iter().filter_map(|i| Some((i, i.top2box?))).collect();
    let hi = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let name = |i: &ItemResult| {
        if i.text.trim().is_empty() {
            i.item.clone()
        } else {
            i.text.trim().to_string()
        }
    };
    let (h, hs, l, ls) = (name(hi.0), pct(hi.1), name(lo.0), pct(lo.1));
    if scored.len() < 2 {
        return Some(match lang {
            Lang::En => format!("{h}: {hs} in the top two levels."),
            Lang::Zh => format!("“{h}”：{hs} 的回答落在最高两档。"),
        });
    }
    Some(match lang {
        Lang::En => format!("Most answers in the top two levels: {h} ({hs}); fewest: {l} ({ls})."),
        Lang::Zh => format!("最高两档占比最高的是“{h}”（{hs}），最低的是“{l}”（{ls}）。"),
    })
}

/// Per dimension, the group scoring highest and lowest, for the first dimension with
/// two or more groups scored. `rows` are (group label, scores per dimension).
pub fn group_scores(
    lang: Lang,
    rows: &[(String, Vec<Option<f64>>)],
    dimensions: &[String],
) -> Option<String> {
    let (d, scored) = dimensions.iter().enumerate().find_map(|(i, d)| {
        let s: Vec<(&str, f64)> = rows
            .iter()
            .filter_map(|(g, sc)| Some((g.as_str(), (*sc.get(i)?)?)))
            .collect();
        (s.len() >= 2).then_some((d, s))
    })?;
    let hi = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let d = d.trim();
    Some(match lang {
        Lang::En => format!(
            "{d}: {} scores highest ({:.2}), {} lowest ({:.2}).",
            hi.0.trim(),
            hi.1,
            lo.0.trim(),
            lo.1
        ),
        Lang::Zh => format!(
            "“{d}”：{} 得分最高（{:.2}），{} 最低（{:.2}）。",
            hi.0.trim(),
            hi.1,
            lo.0.trim(),
            lo.1
        ),
    })
}

/// The most chosen option of a multi-select question.
pub fn multi(lang: Lang, m: &MultiResult) -> Option<String> {
    let top = m.options.iter().max_by_key(|o| o.count)?;
    let (o, s, n) = (top.option.trim(), pct(top.share), count(m.n));
    Some(match lang {
        Lang::En => format!("Chosen most: {o}, by {s} of the {n} who answered."),
        Lang::Zh => format!("选择最多的是“{o}”，占 {n} 位作答者的 {s}。"),
    })
}

/// The NPS item with the lowest score (the only one, usually).
pub fn nps(lang: Lang, items: &[ItemResult]) -> Option<String> {
    let (item, n) = items
        .iter()
        .filter_map(|i| Some((i, i.nps?)))
        .min_by(|a, b| a.1.nps.total_cmp(&b.1.nps))?;
    let name = if item.text.trim().is_empty() {
        item.item.trim()
    } else {
        item.text.trim()
    };
    let (score, p, d) = (
        format!("{:+.1}", n.nps),
        pct(n.promoters),
        pct(n.detractors),
    );
    Some(match lang {
        Lang::En => format!(
            "{name}: NPS {score} ({p} promoters, {d} detractors, n = {}).",
            count(n.n)
        ),
        Lang::Zh => format!(
            "“{name}”：NPS {score}（推荐者 {p}，贬损者 {d}，n = {}）。",
            count(n.n)
        ),
    })
}

#[cfg(test)]
mod tests;
