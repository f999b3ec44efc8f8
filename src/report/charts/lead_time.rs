//! Lead-time distribution: the equal-width bins of `lead_time_histogram` as vertical
//! bars on a time axis, each bar's range and cases in its tooltip. The last bin collects
//! every case from its lower edge on (the tail above the 95th percentile); it is drawn
//! one bin wide in grey and labelled "≥ x".

use anyhow::Result;

use super::svg::{ticks, Svg};
use super::{message_chart, BLUE, FONT, GREY, GRID, INK, MUTED, WIDTH};
use crate::analysis::HistogramBin;
use crate::report::format::{count, Unit};
use crate::report::i18n::{chart_text, Lang};

/// Height of the chart.
const HEIGHT: f64 = 320.0;
/// Plot margins: left (y labels and title), right, top, bottom (x labels and title).
const LEFT: f64 = 68.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 52.0;

/// The lower edge of the tail bar, when the histogram has one (two or more bins).
pub fn tail_from(bins: &[HistogramBin]) -> Option<f64> {
    match bins {
        [_, .., last] => Some(last.from),
        _ => None,
    }
}

/// Width of a regular bin in hours (the first bin's), at least a little above 0.
fn bin_width(bins: &[HistogramBin]) -> f64 {
    bins.first()
        .map(|b| b.to - b.from)
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(1.0)
}

/// Maps (time in the unit, cases) to pixels.
struct Frame {
    x_max: f64,
    y_max: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        LEFT + v / self.x_max * (f64::from(WIDTH) - LEFT - RIGHT)
    }
    fn y(&self, cases: f64) -> f64 {
        HEIGHT - BOTTOM - cases / self.y_max * (HEIGHT - BOTTOM - TOP)
    }
}

/// The histogram chart.
pub fn lead_time_chart(bins: &[HistogramBin], lang: Lang) -> Result<String> {
    let text = chart_text(lang);
    let Some(last) = bins.last() else {
        return message_chart(text.no_data);
    };
    let width_h = bin_width(bins);
    let unit = Unit::for_hours(last.from + width_h);
    let x_max = unit.scale(last.from + width_h);
    if !(x_max.is_finite() && x_max > 0.0) {
        return message_chart(text.no_data);
    }
    let most = bins.iter().map(|b| b.cases).max().unwrap_or(0) as f64;
    let f = Frame {
        x_max,
        y_max: (most * 1.12).max(1.0),
    };
    let title = axis_title(text.lead_time, unit, lang);
    let mut svg = Svg::new(f64::from(WIDTH), HEIGHT, &title);
    axes(&mut svg, &f, unit, lang, (&title, text.cases));
    let tail = tail_from(bins).is_some();
    for (i, b) in bins.iter().enumerate() {
        let is_tail = tail && i + 1 == bins.len();
        let (x0, x1) = (f.x(unit.scale(b.from)), f.x(unit.scale(b.from + width_h)));
        let y = f.y(b.cases as f64);
        let tip = bin_tip(b, is_tail, unit, lang);
        let colour = if is_tail { GREY } else { BLUE };
        svg.rect(
            (x0 + 1.0, y),
            (x1 - x0 - 2.0, HEIGHT - BOTTOM - y),
            colour,
            "",
            &tip,
        );
        if is_tail {
            let label = format!("≥ {}", unit.tick(unit.scale(b.from), lang));
            svg.text(((x0 + x1) / 2.0, y - 5.0), &label, "middle", INK, FONT);
        }
    }
    Ok(svg.finish())
}

/// "Lead time (d)", "交付周期（天）".
fn axis_title(name: &str, unit: Unit, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{name} ({})", unit.symbol(lang)),
        Lang::Zh => format!("{name}（{}）", unit.symbol(lang)),
    }
}

/// Grid lines, tick labels and both axis titles.
fn axes(svg: &mut Svg, f: &Frame, unit: Unit, lang: Lang, (x_title, y_title): (&str, &str)) {
    let base = HEIGHT - BOTTOM;
    for v in ticks(0.0, f.y_max) {
        let y = f.y(v);
        svg.line((LEFT, y), (f64::from(WIDTH) - RIGHT, y), GRID, 1.0, "");
        svg.text(
            (LEFT - 6.0, y + 4.0),
            &count(v as usize),
            "end",
            MUTED,
            FONT,
        );
    }
    for v in ticks(0.0, f.x_max) {
        svg.text(
            (f.x(v), base + 18.0),
            &unit.tick(v, lang),
            "middle",
            MUTED,
            FONT,
        );
    }
    svg.line(
        (LEFT, base),
        (f64::from(WIDTH) - RIGHT, base),
        MUTED,
        1.0,
        "",
    );
    let centre = (LEFT + f64::from(WIDTH) - RIGHT) / 2.0;
    svg.text((centre, HEIGHT - 8.0), x_title, "middle", INK, FONT);
    svg.text((8.0, TOP - 8.0), y_title, "start", INK, FONT);
}

/// "3.0–4.5 d: 120 cases", "≥ 30 d: 14 cases".
fn bin_tip(b: &HistogramBin, tail: bool, unit: Unit, lang: Lang) -> String {
    let range = if tail {
        format!("≥ {}", unit.format(b.from, lang))
    } else {
        format!("{}–{}", unit.format(b.from, lang), unit.format(b.to, lang))
    };
    match lang {
        Lang::En => format!("{range}: {} cases", count(b.cases)),
        Lang::Zh => format!("{range}：{} 个案例", count(b.cases)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(from: f64, to: f64, cases: usize) -> HistogramBin {
        HistogramBin { from, to, cases }
    }

    #[test]
    fn bars_carry_their_range_and_cases_and_the_tail_is_labelled() -> Result<()> {
        let bins = [bin(0.0, 24.0, 3), bin(24.0, 48.0, 5), bin(48.0, 500.0, 2)];
        let svg = lead_time_chart(&bins, Lang::En)?;
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("<title>1.0 d–2.0 d: 5 cases</title>"), "{svg}");
        assert!(svg.contains("<title>≥ 2.0 d: 2 cases</title>"));
        assert!(svg.contains(">≥ 2 d</text>"));
        assert!(svg.contains("Lead time (d)"));
        let zh = lead_time_chart(&bins, Lang::Zh)?;
        assert!(zh.contains("5 个案例") && zh.contains("交付周期（天）"));
        Ok(())
    }

    #[test]
    fn no_bins_is_a_message() -> Result<()> {
        assert!(lead_time_chart(&[], Lang::En)?.contains("No data"));
        Ok(())
    }
}
