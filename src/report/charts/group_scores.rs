//! Dimension scores by group as a dot plot: one row per group (department, wave, …),
//! one coloured dot per dimension on the scale's axis, a legend of dimensions on top.
//! Suppressed groups are not drawn (the table beside it says why).

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{anchored, display_units, message_chart, text_style, truncate_label, WIDTH};

const ROW: i32 = 26;
const LEGEND: i32 = 30;
const LABEL_W: i32 = 230;
const AXIS: i32 = 34;

/// Colours of the dimensions, in order (repeating after eight).
const PALETTE: [RGBColor; 8] = [
    RGBColor(46, 114, 171),
    RGBColor(230, 140, 50),
    RGBColor(80, 160, 90),
    RGBColor(200, 70, 60),
    RGBColor(140, 100, 180),
    RGBColor(120, 120, 120),
    RGBColor(40, 170, 170),
    RGBColor(190, 150, 40),
];

/// One group: its label and each dimension's mean (`None`: no score).
pub struct GroupRow {
    pub label: String,
    pub scores: Vec<Option<f64>>,
}

/// The chart; `range` is the scale's (min, max); `dimensions` name the dots.
pub fn group_scores_chart(
    rows: &[GroupRow],
    dimensions: &[String],
    range: (f64, f64),
    no_data: &str,
) -> Result<String> {
    if rows.is_empty() || dimensions.is_empty() {
        return message_chart(no_data);
    }
    let height = (LEGEND + rows.len() as i32 * ROW + AXIS + 6) as u32;
    let (lo, hi) = range;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let plot_l = LABEL_W;
        let plot_r = WIDTH as i32 - 30;
        let x_of = |v: f64| plot_l + ((v - lo) / (hi - lo) * f64::from(plot_r - plot_l)) as i32;
        // Legend.
        let mut x = plot_l;
        for (i, d) in dimensions.iter().enumerate() {
            let c = PALETTE[i % PALETTE.len()];
            root.draw(&Circle::new((x + 6, 15), 5, c.filled()))?;
            let name = truncate_label(d, 20);
            root.draw(&Text::new(name.clone(), (x + 16, 15), anchored(HPos::Left)))?;
            x += 36 + 8 * display_units(&name) as i32;
        }
        let top = LEGEND;
        let bottom = LEGEND + rows.len() as i32 * ROW;
        // Grid lines at each scale point.
        let steps = (hi - lo).round().max(1.0) as i32;
        for s in 0..=steps {
            let v = lo + f64::from(s) * (hi - lo) / f64::from(steps);
            let xv = x_of(v);
            root.draw(&PathElement::new(
                vec![(xv, top), (xv, bottom)],
                RGBColor(225, 225, 225).stroke_width(1),
            ))?;
            root.draw(&Text::new(
                format!("{v}"),
                (xv, bottom + 14),
                text_style().pos(plotters::style::text_anchor::Pos::new(
                    HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                )),
            ))?;
        }
        for (r, row) in rows.iter().enumerate() {
            let y = top + r as i32 * ROW + ROW / 2;
            root.draw(&Text::new(
                truncate_label(&row.label, 28),
                (plot_l - 8, y),
                anchored(HPos::Right),
            ))?;
            let xs: Vec<i32> = row.scores.iter().flatten().map(|v| x_of(*v)).collect();
            if let (Some(a), Some(b)) = (xs.iter().min(), xs.iter().max()) {
                root.draw(&PathElement::new(
                    vec![(*a, y), (*b, y)],
                    RGBColor(190, 190, 190).stroke_width(2),
                ))?;
            }
            for (i, v) in row.scores.iter().enumerate() {
                if let Some(v) = v {
                    let c = PALETTE[i % PALETTE.len()];
                    root.draw(&Circle::new((x_of(*v), y), 6, c.filled()))?;
                }
            }
        }
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_escaped_labels() -> Result<()> {
        let rows = [
            GroupRow {
                label: "研发部".into(),
                scores: vec![Some(3.2), Some(4.1)],
            },
            GroupRow {
                label: "<b>".into(),
                scores: vec![None, Some(2.0)],
            },
        ];
        let svg = group_scores_chart(&rows, &["流程效率".into(), "沟通".into()], (1.0, 5.0), "-")?;
        assert!(svg.contains("研发部") && svg.contains("&lt;b&gt;"));
        assert_eq!(
            svg.matches("<circle").count(),
            2 + 3,
            "legend dots and scores"
        );
        Ok(())
    }
}
