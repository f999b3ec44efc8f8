//! A target's trend over the KPI periods, small enough to sit two or three to a row:
//! the period values as a line with points (hollow, on a dashed line, where the period
//! is not fully covered by the log or rests on few observations), each point's n under
//! its period, the goal level as a dashed vermillion line and the baseline as a dotted
//! grey one. Exact values are in each point's `<title>` tooltip.

use super::svg::{ticks, Svg};

/// Size in user units (the page scales it).
const W: f64 = 380.0;
const H: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 46.0;

/// Colours (Okabe–Ito: distinguishable with colour-blindness) and dash patterns, which
/// tell the lines apart without colour too.
pub const SERIES: &str = "#0072B2";
pub const GOAL: &str = "#D55E00";
pub const BASELINE: &str = "#6B6B6B";
pub const GOAL_DASH: &str = "7 4";
pub const BASELINE_DASH: &str = "2 3";
const GRID: &str = "#E3E7EB";
const MUTED: &str = "#5B6773";

/// One period.
pub struct Point {
    /// `2024Q1`.
    pub label: String,
    pub value: Option<f64>,
    /// Observations behind the value.
    pub n: usize,
    /// Drawn hollow: the period is partial or has few observations.
    pub hollow: bool,
    /// The tooltip ("2024Q1: 6.3 d, n = 750").
    pub tip: String,
}

/// What to draw.
pub struct Trend<'a> {
    pub points: &'a [Point],
    /// The level the goal asks for.
    pub goal: Option<f64>,
    pub baseline: Option<f64>,
    /// Accessible name of the chart.
    pub title: &'a str,
    /// The unit, written above the y axis.
    pub unit: &'a str,
    /// Formats a y tick.
    pub y_format: &'a dyn Fn(f64) -> String,
}

/// The y range: every value, the goal and the baseline, padded (not below zero when
/// nothing is negative); `None` when there is no value.
fn y_range(t: &Trend) -> Option<(f64, f64)> {
    let values: Vec<f64> = t
        .points
        .iter()
        .filter_map(|p| p.value)
        .chain(t.goal)
        .chain(t.baseline)
        .filter(|v| v.is_finite())
        .collect();
    if !t.points.iter().any(|p| p.value.is_some()) {
        return None;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.05).max(1e-6);
    let bottom = if lo >= 0.0 {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    Some((bottom, hi + pad))
}

/// Maps values to the plot area.
struct Scale {
    y0: f64,
    y1: f64,
    n: usize,
}

impl Scale {
    fn x(&self, i: usize) -> f64 {
        let inner = W - LEFT - RIGHT;
        LEFT + inner * (i as f64 + 0.5) / self.n as f64
    }
    fn y(&self, v: f64) -> f64 {
        let inner = H - TOP - BOTTOM;
        TOP + inner * (1.0 - (v - self.y0) / (self.y1 - self.y0))
    }
}

/// The chart, or `None` when no period has a value.
pub fn trend_chart(t: &Trend) -> Option<String> {
    let (y0, y1) = y_range(t)?;
    let s = Scale {
        y0,
        y1,
        n: t.points.len(),
    };
    let mut svg = Svg::new(W, H, t.title);
    axes(&mut svg, &s, t);
    for (level, color, dash) in [
        (t.baseline, BASELINE, BASELINE_DASH),
        (t.goal, GOAL, GOAL_DASH),
    ] {
        if let Some(v) = level.filter(|v| v.is_finite()) {
            svg.line((LEFT, s.y(v)), (W - RIGHT, s.y(v)), color, 2.0, dash);
        }
    }
    series(&mut svg, &s, t.points);
    Some(svg.finish())
}

/// Grid lines with y ticks, the unit, period labels and each period's n.
fn axes(svg: &mut Svg, s: &Scale, t: &Trend) {
    for v in ticks(s.y0, s.y1) {
        let y = s.y(v);
        svg.line((LEFT, y), (W - RIGHT, y), GRID, 1.0, "");
        svg.text((LEFT - 6.0, y + 4.0), &(t.y_format)(v), "end", MUTED, 11.0);
    }
    svg.text((4.0, TOP - 2.0), t.unit, "start", MUTED, 11.0);
    svg.line((LEFT, H - BOTTOM), (W - RIGHT, H - BOTTOM), MUTED, 1.0, "");
    // At most about eight labels fit; the others are thinned out.
    let every = t.points.len().div_ceil(8).max(1);
    for (i, p) in t.points.iter().enumerate() {
        if i % every != 0 && i + 1 != t.points.len() {
            continue;
        }
        let x = s.x(i);
        svg.text((x, H - BOTTOM + 16.0), &p.label, "middle", "#1D2733", 11.0);
        if p.value.is_some() {
            let n = crate::report::format::count(p.n);
            svg.text(
                (x, H - BOTTOM + 31.0),
                &format!("n={n}"),
                "middle",
                MUTED,
                10.0,
            );
        }
    }
}

/// The line (dashed into and out of hollow points) and the points with tooltips.
fn series(svg: &mut Svg, s: &Scale, points: &[Point]) {
    let shown: Vec<(usize, &Point, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.value.filter(|v| v.is_finite()).map(|v| (i, p, v)))
        .collect();
    for w in shown.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dash = if a.1.hollow || b.1.hollow { "4 3" } else { "" };
        svg.line(
            (s.x(a.0), s.y(a.2)),
            (s.x(b.0), s.y(b.2)),
            SERIES,
            2.0,
            dash,
        );
    }
    for (i, p, v) in shown {
        svg.point((s.x(i), s.y(v)), 4.5, SERIES, p.hollow, &p.tip);
    }
}

/// A short line sample for the legend (an inline SVG).
pub fn legend_swatch(color: &str, dash: &str, hollow: Option<bool>) -> String {
    let mut svg = Svg::new(34.0, 12.0, "");
    svg.line((1.0, 6.0), (33.0, 6.0), color, 2.0, dash);
    if let Some(h) = hollow {
        svg.point((17.0, 6.0), 4.0, color, h, "");
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: Option<f64>, hollow: bool) -> Point {
        Point {
            label: label.to_string(),
            value,
            n: 40,
            hollow,
            tip: format!("{label}: {value:?}"),
        }
    }

    #[test]
    fn draws_values_levels_and_hollow_partial_periods() {
        let pts = vec![
            point("2024Q1", Some(170.0), false),
            point("2024Q2", Some(165.0), false),
            point("<b>", Some(120.0), true),
            point("2024Q4", None, false),
        ];
        let svg = trend_chart(&Trend {
            points: &pts,
            goal: Some(136.0),
            baseline: Some(168.0),
            title: "t",
            unit: "h",
            y_format: &|y| format!("{y:.0}"),
        })
        .unwrap();
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("fill=\"#fff\"").count(), 1, "one hollow point");
        assert!(svg.contains(GOAL) && svg.contains(BASELINE));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("<title>2024Q1: Some(170.0)</title>"));
        assert_eq!(
            svg.matches("n=40").count(),
            3,
            "n under each period with a value"
        );
    }

    #[test]
    fn nothing_to_draw_without_values() {
        let pts = vec![point("2024Q1", None, false)];
        let t = Trend {
            points: &pts,
            goal: Some(1.0),
            baseline: None,
            title: "t",
            unit: "h",
            y_format: &|y| format!("{y}"),
        };
        assert!(trend_chart(&t).is_none());
    }

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        let round = |v: Vec<f64>| {
            v.iter()
                .map(|x| (x * 1e6).round() / 1e6)
                .collect::<Vec<_>>()
        };
        assert_eq!(round(ticks(0.0, 100.0)), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(round(ticks(12.0, 17.0)), vec![12.0, 14.0, 16.0]);
        assert_eq!(round(ticks(0.55, 0.85)), vec![0.6, 0.7, 0.8]);
    }
}
