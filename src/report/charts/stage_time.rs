//! Working vs waiting per stage: horizontal stacked bars of the mean service hours and
//! the mean wait hours of each stage's events, stages in the given order. On
//! single-timestamp logs working time is unknown: only the transition time is drawn.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{message_chart, BLUE, ORANGE};
use crate::analysis::StageStats;
use crate::report::format::Unit;
use crate::report::i18n::{chart_text, Lang};

/// At most this many stages are drawn; the table below the chart lists all.
pub const MAX_STAGES: usize = 30;

/// The stage chart for the first [`MAX_STAGES`] of `stages`.
pub fn stage_time_chart(stages: &[StageStats], single: bool, lang: Lang) -> Result<String> {
    let text = chart_text(lang);
    if stages.is_empty() {
        return message_chart(text.no_data);
    }
    let shown = &stages[..stages.len().min(MAX_STAGES)];
    let longest = shown
        .iter()
        .map(|s| hours(s, single).iter().sum::<f64>())
        .filter(|h| h.is_finite())
        .fold(0.0, f64::max);
    let unit = Unit::for_hours(longest);
    let bars: Vec<Bar> = shown
        .iter()
        .map(|s| Bar {
            label: s.stage.clone(),
            values: hours(s, single)
                .into_iter()
                .map(|h| unit.scale(h))
                .collect(),
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
