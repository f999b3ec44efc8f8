//! The service-level chart: one stacked bar per clock, the shares of its cases met,
//! breached and still open, with its compliance written after the bar.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{BLUE, GREY, RED};
use crate::analysis::sla::SlaResult;
use crate::report::i18n::Lang;

/// Met, breached and open cases of each clock as shares, one bar per clock.
pub fn compliance_chart(results: &[SlaResult], lang: Lang) -> Result<String> {
    let bars: Vec<Bar> = results
        .iter()
        .map(|r| {
            let t = &r.tally;
            let n = t.cases.max(1) as f64;
            Bar {
                label: r.name.clone(),
                values: vec![
                    t.met as f64 / n * 100.0,
                    t.breached as f64 / n * 100.0,
                    t.open as f64 / n * 100.0,
                ],
                note: Some(format!(
                    "{} {}",
                    lang.pick("compliance", "达成率"),
                    crate::report::sla::compliance(t)
                )),
            }
        })
        .collect();
    let l = crate::report::sla::labels(lang);
    let series = [
        Series {
            name: l.met.into(),
            color: BLUE,
        },
        Series {
            name: l.breached.into(),
            color: RED,
        },
        Series {
            name: l.open.into(),
            color: GREY,
        },
    ];
    hbar::draw(&HBars {
        bars: &bars,
        series: &series,
        x_desc: lang.pick("% of cases", "占案例 %"),
        x_format: &|x: f64| format!("{x:.0}%"),
        tip_format: &|x: f64| format!("{x:.1}%"),
    })
}
