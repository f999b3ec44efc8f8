//! Working vs waiting per stage: horizontal stacked bars of the mean service hours and
//! the mean wait hours of each stage's events, stages in the given order (the report
//! gives them by impact), and one last bar for the other stages together (their mean
//! per event). On single-timestamp logs working time is unknown: only the transition
//! time is drawn.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{message_chart, BLUE, ORANGE};
use crate::analysis::rank::Rest;
use crate::analysis::StageStats;
use crate::report::format::Unit;
use crate::report::i18n::{chart_text, Lang};

/// At most this many stages are drawn besides the bar for the others; the table below
/// the chart lists all.
pub const MAX_STAGES: usize = 25;

/// The stage chart of `stages` (the caller picks at most [`MAX_STAGES`]) and, when it
/// holds any, a bar for the `rest`.
pub fn stage_time_chart(
    stages: &[&StageStats],
    rest: Rest,
    single: bool,
    lang: Lang,
) -> Result<String> {
    let text = chart_text(lang);
    if stages.is_empty() && rest.stages == 0 {
        return message_chart(text.no_data);
    }
    let mut rows: Vec<(String, Vec<f64>)> = stages
        .iter()
        .map(|s| (s.stage.clone(), hours(s, single)))
        .collect();
    if rest.stages > 0 {
        rows.push((other_stages(rest, lang), rest_hours(rest, single)));
    }
    let longest = rows
        .iter()
        .map(|(_, h)| h.iter().sum::<f64>())
        .filter(|h| h.is_finite())
        .fold(0.0, f64::max);
    let unit = Unit::for_hours(longest);
    let bars: Vec<Bar> = rows
        .into_iter()
        .map(|(label, h)| Bar {
            label,
            values: h.into_iter().map(|h| unit.scale(h)).collect(),
            note: None,
        })
        .collect();
    let x_format = move |v: f64| unit.tick(v, lang);
    let tip_format = move |v: f64| format!("{v:.1} {}", unit.symbol(lang));
    let x_desc = match lang {
        Lang::En => format!("{} ({})", text.mean_hours, unit.symbol(lang)),
        Lang::Zh => format!("{}（{}）", text.mean_hours, unit.symbol(lang)),
    };
    hbar::draw(&HBars {
        bars: &bars,
        series: &series(single, lang),
        x_desc: &x_desc,
        x_format: &x_format,
        tip_format: &tip_format,
    })
}

/// The stacked segments of a stage in hours: mean service then mean wait, or only the
/// mean transition time when `single`.
fn hours(stage: &StageStats, single: bool) -> Vec<f64> {
    let wait = stage.wait_hours.mean.unwrap_or(0.0);
    if single {
        vec![wait]
    } else {
        vec![stage.service_hours.mean.unwrap_or(0.0), wait]
    }
}

/// The other stages' mean hours per event, as [`hours`].
fn rest_hours(rest: Rest, single: bool) -> Vec<f64> {
    if single {
        vec![rest.mean_wait()]
    } else {
        vec![rest.mean_work(), rest.mean_wait()]
    }
}

/// "Other 599 stages" (its events are in the note under the chart).
pub fn other_stages(rest: Rest, lang: Lang) -> String {
    let n = crate::report::format::count(rest.stages);
    match lang {
        Lang::En => format!("Other {n} stages"),
        Lang::Zh => format!("其他 {n} 个环节"),
    }
}

/// Legend entries matching [`hours`].
fn series(single: bool, lang: Lang) -> Vec<Series> {
    let text = chart_text(lang);
    if single {
        return vec![Series {
            name: text.transition.to_owned(),
            color: ORANGE,
        }];
    }
    vec![
        Series {
            name: text.working.to_owned(),
            color: BLUE,
        },
        Series {
            name: text.waiting.to_owned(),
            color: ORANGE,
        },
    ]
}
