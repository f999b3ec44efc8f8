//! A small inline bar chart of one figure per KPI period (a problem's hours lost per
//! quarter): one bar per period on a common zero baseline, the first and last period
//! labelled under it, and each bar's exact value in its tooltip. Hand-written SVG; every
//! label is escaped.

use super::process_map::esc;
use crate::report::format::{count, hours};
use crate::words::Lang;

/// Bar width and gap, px.
const BAR: f64 = 10.0;
const GAP: f64 = 3.0;
/// Bar area height and label band, px.
const HEIGHT: f64 = 28.0;
const LABEL: f64 = 13.0;
const MIN_WIDTH: f64 = 90.0;

/// One period: label, hours, cases, whether the data covers all of it.
pub type PeriodValue = (String, f64, usize, bool);

/// The chart, or `None` when there are no periods.
pub fn period_bars(values: &[PeriodValue], lang: Lang) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let max = values.iter().map(|v| v.1).fold(0.0, f64::max);
    // Room for the first and last labels side by side.
    let width = (values.len() as f64 * (BAR + GAP) - GAP).max(MIN_WIDTH);
    let step = (width + GAP) / values.len() as f64;
    let bar_w = (step - GAP).min(2.0 * BAR);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"{width:.0}\" \
         height=\"{:.0}\" viewBox=\"0 0 {width:.0} {:.0}\" role=\"img\">",
        HEIGHT + LABEL,
        HEIGHT + LABEL
    );
    for (i, (label, h, cases, complete)) in values.iter().enumerate() {
        let bar = if max > 0.0 { h / max * HEIGHT } else { 0.0 };
        let x = i as f64 * step;
        let partial = match (lang, complete) {
            (_, true) => "",
            (Lang::En, false) => " (the data covers part of this period)",
            (Lang::Zh, false) => "（数据只覆盖该期间的一部分）",
        };
        let tip = match lang {
            Lang::En => format!("{label}: {}, {} cases", hours(*h, lang), count(*cases)),
            Lang::Zh => format!("{label}：{}，{} 个案例", hours(*h, lang), count(*cases)),
        } + partial;
        // A period the data does not cover completely is drawn hollow.
        let paint = if *complete {
            "fill=\"#0072B2\""
        } else {
            "fill=\"#fff\" stroke=\"#0072B2\" stroke-width=\"1\""
        };
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" {paint}>\
             <title>{}</title></rect>",
            HEIGHT - bar.max(0.5),
            bar.max(0.5),
            esc(&tip)
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"0\" y1=\"{HEIGHT}\" x2=\"{width:.0}\" y2=\"{HEIGHT}\" stroke=\"#888\"/>"
    ));
    let first = &values[0].0;
    let last = &values[values.len() - 1].0;
    let text = |x: f64, anchor: &str, s: &str| {
        format!(
            "<text x=\"{x:.0}\" y=\"{:.0}\" font-size=\"10\" text-anchor=\"{anchor}\" \
             fill=\"#444\">{}</text>",
            HEIGHT + LABEL - 2.0,
            esc(s)
        )
    };
    svg.push_str(&text(0.0, "start", first));
    if values.len() > 1 {
        svg.push_str(&text(width, "end", last));
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_period_and_tooltips_say_the_values() {
        let v = vec![
            ("2024Q1".to_string(), 10.0, 2, true),
            ("2024Q2".to_string(), 0.0, 0, true),
            ("<b>".to_string(), 5.0, 1, false),
        ];
        let svg = period_bars(&v, Lang::En).unwrap();
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(
            svg.contains("height=\"28.0\""),
            "the largest bar is full height"
        );
        assert!(
            svg.contains("height=\"14.0\""),
            "half the hours, half the height"
        );
        assert!(svg.contains("2024Q1: 10.0 h, 2 cases"), "{svg}");
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert_eq!(
            svg.matches("fill=\"#fff\"").count(),
            1,
            "the partial period"
        );
        assert!(svg.contains("covers part of this period"));
        assert!(period_bars(&[], Lang::En).is_none());
    }
}
