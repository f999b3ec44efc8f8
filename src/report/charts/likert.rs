//! Diverging stacked bars of Likert items: each item's answers as shares of the answered
//! ones, disagreeing levels to the left of zero and agreeing ones to the right, the
//! neutral level centred on zero; "don't know"/N/A shown apart at the right edge.

use anyhow::Result;

use super::svg::Svg;
use super::{display_units, message_chart, FONT, GREY, INK, MUTED, WIDTH};
use crate::analysis::survey::ItemResult;

/// At most this many items are drawn (the table lists all).
pub const MAX_ITEMS: usize = 40;
const ROW: f64 = 26.0;
const LABEL_W: f64 = 250.0;
const NA_W: f64 = 60.0;
const LEGEND: f64 = 26.0;

/// An (r, g, b) colour.
type Rgb = (f64, f64, f64);
/// The ends of the scale (Okabe–Ito vermillion and blue), their light tints next to the
/// middle, and the middle's grey.
const DISAGREE: (Rgb, Rgb) = ((244.0, 199.0, 161.0), (213.0, 94.0, 0.0));
const AGREE: (Rgb, Rgb) = ((166.0, 206.0, 232.0), (0.0, 114.0, 178.0));
const MIDDLE: &str = "#CCCCCC";

/// Colour of level `i` of `k`: vermillions below the middle (darker further out), grey
/// in it, blues above.
fn level_colour(i: usize, k: usize) -> String {
    let mid = (k as f64 - 1.0) / 2.0;
    let d = (i as f64 - mid) / mid.max(1.0);
    if d.abs() < 1e-9 {
        return MIDDLE.to_string();
    }
    let ((light, dark), t) = if d < 0.0 { (DISAGREE, -d) } else { (AGREE, d) };
    // From the light tint at the level next to the middle to the end colour.
    let t = if mid > 1.0 {
        (t * mid - 1.0) / (mid - 1.0)
    } else {
        1.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t.clamp(0.0, 1.0)).round() as u8;
    format!(
        "#{:02X}{:02X}{:02X}",
        mix(light.0, dark.0),
        mix(light.1, dark.1),
        mix(light.2, dark.2)
    )
}

/// "5 非常同意" → "非常同意"; numeric levels stay numbers.
fn level_name(l: &str) -> &str {
    l.split_once(' ').map_or(l, |(_, t)| t)
}

/// The levels' colours and names in a row on top.
fn draw_legend(svg: &mut Svg, levels: &[String]) {
    let k = levels.len();
    let mut x = 10.0;
    for (i, l) in levels.iter().enumerate() {
        let name = level_name(l);
        svg.rect((x, 8.0), (14.0, 12.0), &level_colour(i, k), "", "");
        svg.text((x + 19.0, 18.5), name, "start", INK, FONT);
        x += 30.0 + 7.0 * display_units(name) as f64;
    }
}

/// Where the bars go: the zero line's x and the pixels per 100 %.
#[derive(Clone, Copy)]
struct Plot {
    zero: f64,
    scale: f64,
}

/// The share of answers left of zero: the disagreeing levels and half the middle one.
fn left_share(shares: &[f64]) -> f64 {
    let k = shares.len();
    let mid = (k as f64 - 1.0) / 2.0;
    let below: f64 = (0..k)
        .filter(|i| (*i as f64) < mid)
        .map(|i| shares[i])
        .sum();
    below + if k % 2 == 1 { shares[k / 2] / 2.0 } else { 0.0 }
}

/// One item's bar (disagreeing levels left of zero, the middle level centred), its
/// label, and its no-opinion share at the right; every segment's share and count in
/// its tooltip.
fn draw_item(svg: &mut Svg, item: &ItemResult, y: f64, p: Plot) {
    let k = item.levels.len();
    let n: usize = item.level_counts.iter().sum();
    let shares: Vec<f64> = item
        .level_counts
        .iter()
        .map(|c| *c as f64 / n.max(1) as f64)
        .collect();
    let label = if item.text.is_empty() {
        &item.item
    } else {
        &item.text
    };
    let mut x = p.zero - left_share(&shares) * p.scale;
    for (i, s) in shares.iter().enumerate() {
        let w = s * p.scale;
        let level = level_name(&item.levels[i]);
        let tip = format!(
            "{} · {level}{}{:.1}% ({})",
            label.trim(),
            super::colon(level),
            s * 100.0,
            item.level_counts[i]
        );
        svg.rect((x, y + 3.0), (w, ROW - 8.0), &level_colour(i, k), "", &tip);
        x += w;
    }
    svg.label((LABEL_W - 8.0, y + ROW / 2.0), label, 34, "end", INK, FONT);
    let answered = n + item.not_applicable;
    if item.not_applicable > 0 && answered > 0 {
        let na = item.not_applicable as f64 / answered as f64;
        let tip = format!(
            "{} · N/A: {:.1}% ({})",
            label.trim(),
            na * 100.0,
            item.not_applicable
        );
        let x0 = f64::from(WIDTH) - NA_W;
        svg.rect((x0, y + 3.0), (na * NA_W, ROW - 8.0), GREY, "", &tip);
    }
}

/// The zero line and the share axis below the bars (`bottom`: the labels' y).
fn draw_axis(svg: &mut Svg, p: Plot, top: f64, bottom: f64) {
    svg.line((p.zero, top + 5.0), (p.zero, bottom - 13.0), INK, 1.0, "");
    for (pct, label) in [
        (-1.0, "100%"),
        (-0.5, "50%"),
        (0.0, "0"),
        (0.5, "50%"),
        (1.0, "100%"),
    ] {
        svg.text(
            (p.zero + pct * p.scale, bottom),
            label,
            "middle",
            MUTED,
            FONT,
        );
    }
    let na_x = f64::from(WIDTH) - NA_W / 2.0;
    svg.text((na_x, bottom), "N/A", "middle", MUTED, FONT);
}

/// The items the chart draws: those on a 2–7 level scale with answers, at most
/// [`MAX_ITEMS`].
pub fn drawn_items(items: &[ItemResult]) -> impl Iterator<Item = &ItemResult> {
    items
        .iter()
        .filter(|i| (2..=7).contains(&i.levels.len()) && i.n > 0)
        .filter(|i| i.level_counts.len() == i.levels.len())
        .take(MAX_ITEMS)
}

/// The chart, or a "no data" message when no item is on a labelled 2–7 level scale.
pub fn likert_chart(items: &[ItemResult], no_data: &str) -> Result<String> {
    let shown: Vec<&ItemResult> = drawn_items(items).collect();
    if shown.is_empty() {
        return message_chart(no_data);
    }
    // A legend of the levels when every item shown has the same ones.
    let legend: Option<&Vec<String>> = shown
        .iter()
        .all(|i| i.levels == shown[0].levels)
        .then(|| &shown[0].levels);
    let top = if legend.is_some() { LEGEND } else { 0.0 };
    let height = top + shown.len() as f64 * ROW + 40.0;
    let mut svg = Svg::new(f64::from(WIDTH), height, no_data);
    if let Some(levels) = legend {
        draw_legend(&mut svg, levels);
    }
    let plot_w = f64::from(WIDTH) - LABEL_W - NA_W - 20.0;
    let plot = Plot {
        zero: LABEL_W + plot_w / 2.0,
        scale: plot_w / 2.0,
    };
    for (row, item) in shown.iter().enumerate() {
        draw_item(&mut svg, item, top + 10.0 + row as f64 * ROW, plot);
    }
    draw_axis(&mut svg, plot, top, height - 12.0);
    Ok(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_red_through_grey_to_blue() {
        let c = (0..5).map(|i| level_colour(i, 5)).collect::<Vec<_>>();
        assert_eq!(c[2], MIDDLE);
        assert_eq!((c[0].as_str(), c[4].as_str()), ("#D55E00", "#0072B2"));
        assert_eq!((c[1].as_str(), c[3].as_str()), ("#F4C7A1", "#A6CEE8"));
        let three: Vec<String> = (0..3).map(|i| level_colour(i, 3)).collect();
        assert_eq!(three, ["#D55E00", MIDDLE, "#0072B2"]);
    }
}
