//! A target's trend over the KPI periods: the period values as a line with points, the
//! level the goal asks for as a dashed red line, and the baseline as a grey one.

use anyhow::Result;
use plotters::prelude::*;

use super::{message_chart, text_style, BLUE, GREY, RED, WIDTH};

const HEIGHT: u32 = 260;

/// What to draw.
pub struct Trend<'a> {
    /// Period labels (`2024Q1`) and values.
    pub points: &'a [(String, Option<f64>)],
    /// The level the goal asks for.
    pub target: Option<f64>,
    pub baseline: Option<f64>,
    pub y_desc: &'a str,
    /// Formats a y tick.
    pub y_format: &'a dyn Fn(f64) -> String,
    pub no_data: &'a str,
}

/// The y range: every value, the goal and the baseline, padded (not below zero when
/// nothing is negative); `None` when there is nothing to draw.
fn y_range(t: &Trend) -> Option<(f64, f64)> {
    let values: Vec<f64> = t
        .points
        .iter()
        .filter_map(|(_, v)| *v)
        .chain(t.target)
        .chain(t.baseline)
        .filter(|v| v.is_finite())
        .collect();
    if t.points.is_empty() || values.is_empty() {
        return None;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.15).max(hi.abs() * 0.05).max(1e-6);
    let bottom = if lo >= 0.0 {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    Some((bottom, hi + pad))
}

/// A dashed horizontal line across `n` periods at `y`.
fn level(n: usize, y: f64, color: RGBColor) -> Vec<PathElement<(f64, f64)>> {
    (0..(n * 4))
        .step_by(2)
        .map(move |k| {
            let a = -0.5 + k as f64 / 4.0;
            PathElement::new(
                vec![(a, y), ((a + 0.25).min(n as f64 - 0.5), y)],
                color.stroke_width(2),
            )
        })
        .collect()
}

/// The chart.
pub fn trend_chart(t: &Trend) -> Result<String> {
    let Some((y0, y1)) = y_range(t) else {
        return message_chart(t.no_data);
    };
    let n = t.points.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y0..y1)?;
        let labels: Vec<String> = t.points.iter().map(|(l, _)| l.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(12))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_labels(5)
            .y_label_formatter(&|y| (t.y_format)(*y))
            .y_desc(t.y_desc)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        if let Some(b) = t.baseline {
            chart.draw_series(level(n, b, GREY))?;
        }
        if let Some(g) = t.target {
            chart.draw_series(level(n, g, RED))?;
        }
        let pts: Vec<(f64, f64)> = t
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, (_, v))| v.map(|v| (i as f64, v)))
            .collect();
        chart.draw_series(LineSeries::new(pts.clone(), BLUE.stroke_width(2)))?;
        chart.draw_series(pts.iter().map(|p| Circle::new(*p, 4, BLUE.filled())))?;
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_values_and_the_target_level() -> Result<()> {
        let pts = vec![
            ("2024Q1".to_string(), Some(170.0)),
            ("2024Q2".to_string(), Some(165.0)),
            ("<b>".to_string(), None),
        ];
        let svg = trend_chart(&Trend {
            points: &pts,
            target: Some(136.0),
            baseline: Some(168.0),
            y_desc: "h",
            y_format: &|y| format!("{y:.0}"),
            no_data: "-",
        })?;
        assert!(svg.contains("2024Q1"));
        assert!(
            svg.contains("#C8463C") || svg.contains("#c8463c"),
            "the target line is red"
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        Ok(())
    }
}
