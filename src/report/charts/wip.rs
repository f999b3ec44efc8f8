//! Work in progress per week as hand-written SVG: arrivals and completions as paired
//! bars, the mean daily WIP as a line (hollow points for weeks only partly in the log),
//! one shared count axis, exact figures in each week's `<title>`.

use std::fmt::Write;

use super::process_map::esc;
use super::{FONT_STACK, WIDTH};
use crate::analysis::wip::WipWeek;
use crate::report::format::count;
use crate::words::Lang;

const H: f64 = 280.0;
const LEFT: f64 = 48.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 58.0;
const ARRIVALS: &str = super::BLUE;
const COMPLETIONS: &str = super::ORANGE;
const WIP: &str = "#222222";

/// A round axis maximum at or above `x`.
fn nice_max(x: f64) -> f64 {
    let x = x.max(1.0);
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|m| *m >= x)
        .unwrap_or(10.0 * p)
}

fn week_title(w: &WipWeek, lang: Lang) -> String {
    let partial = w.days < 7;
    match lang {
        Lang::En => format!(
            "{} (from {}): {:.1} cases in progress on average, {} arrived, {} completed{}",
            w.period,
            w.from,
            w.wip,
            count(w.arrivals),
            count(w.completions),
            if partial {
                format!("; only {} days in the log", w.days)
            } else {
                String::new()
            }
        ),
        Lang::Zh => format!(
            "{}（{} 起）：平均在制 {:.1} 个案例，到达 {} 个，完成 {} 个{}",
            w.period,
            w.from,
            w.wip,
            count(w.arrivals),
            count(w.completions),
            if partial {
                format!("；日志只覆盖其中 {} 天", w.days)
            } else {
                String::new()
            }
        ),
    }
}

fn axis(o: &mut String, max: f64) {
    let w = WIDTH as f64;
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let y = TOP + (H - TOP - BOTTOM) * (1.0 - k as f64 / 4.0);
        let _ = write!(
            o,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#e3e6ea"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="ax">{}</text>"##,
            w - 8.0,
            LEFT - 6.0,
            y + 4.0,
            count(v.round() as usize)
        );
    }
}

fn legend(o: &mut String, lang: Lang) {
    let y = H - 14.0;
    let items = [
        (ARRIVALS, lang.pick("Arrivals", "到达")),
        (COMPLETIONS, lang.pick("Completions", "完成")),
        (
            WIP,
            lang.pick(
                "Mean daily WIP (hollow: partial week)",
                "日均在制（空心：不完整的周）",
            ),
        ),
    ];
    let mut x = LEFT;
    for (c, label) in items {
        let _ = write!(
            o,
            r#"<rect x="{x:.1}" y="{:.1}" width="14" height="8" fill="{c}"/><text x="{:.1}" y="{y:.1}" class="ax">{label}</text>"#,
            y - 8.0,
            x + 18.0
        );
        x += 30.0 + super::display_units(label) as f64 * 6.5;
    }
}

/// The weekly WIP chart.
pub fn wip_chart(weeks: &[WipWeek], lang: Lang) -> String {
    if weeks.is_empty() {
        return super::message_chart(lang.pick("No completed cases", "没有已完成的案例"))
            .unwrap_or_default();
    }
    let w = WIDTH as f64;
    let top = weeks
        .iter()
        .map(|k| k.wip.max(k.arrivals as f64).max(k.completions as f64))
        .fold(0.0, f64::max);
    let max = nice_max(top);
    let plot_h = H - TOP - BOTTOM;
    let step = (w - LEFT - 8.0) / weeks.len() as f64;
    let y = |v: f64| TOP + plot_h * (1.0 - v / max);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="wip" width="{WIDTH}" height="{H}" viewBox="0 0 {WIDTH} {H}" role="img" font-family='{}'><style>.ax{{font-size:11px;fill:#333}}</style>"#,
        FONT_STACK.replace('\'', "")
    );
    axis(&mut o, max);
    let bar = (step * 0.38).max(0.6);
    let mut line = String::new();
    for (i, k) in weeks.iter().enumerate() {
        let x = LEFT + i as f64 * step;
        let _ = write!(
            o,
            r#"<g><title>{}</title><rect x="{:.2}" y="{:.2}" width="{bar:.2}" height="{:.2}" fill="{ARRIVALS}"/><rect x="{:.2}" y="{:.2}" width="{bar:.2}" height="{:.2}" fill="{COMPLETIONS}"/></g>"#,
            esc(&week_title(k, lang)),
            x + step * 0.1,
            y(k.arrivals as f64),
            plot_h * k.arrivals as f64 / max,
            x + step * 0.1 + bar,
            y(k.completions as f64),
            plot_h * k.completions as f64 / max
        );
        let (cx, cy) = (x + step / 2.0, y(k.wip));
        let _ = write!(line, "{}{cx:.2},{cy:.2}", if i == 0 { "M" } else { " L" });
        let fill = if k.days < 7 { "#ffffff" } else { WIP };
        let _ = write!(
            o,
            r#"<circle cx="{cx:.2}" cy="{cy:.2}" r="2.6" fill="{fill}" stroke="{WIP}"><title>{}</title></circle>"#,
            esc(&week_title(k, lang))
        );
    }
    let _ = write!(
        o,
        r#"<path d="{line}" fill="none" stroke="{WIP}" stroke-width="1.6"/>"#
    );
    for (i, k) in weeks.iter().enumerate().step_by((weeks.len() / 8).max(1)) {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="ax">{}</text>"#,
            LEFT + (i as f64 + 0.5) * step,
            H - BOTTOM + 16.0,
            esc(&k.period)
        );
    }
    legend(&mut o, lang);
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(period: &str, wip: f64, days: usize) -> WipWeek {
        WipWeek {
            period: period.into(),
            from: "2024-01-01".into(),
            wip,
            arrivals: 12,
            completions: 9,
            days,
        }
    }

    #[test]
    fn partial_weeks_are_hollow_and_figures_are_in_tooltips() {
        let svg = wip_chart(
            &[week("2024-W01", 3.5, 7), week("2024-W02", 2.0, 3)],
            Lang::En,
        );
        assert_eq!(svg.matches(r##"fill="#ffffff" stroke"##).count(), 1);
        assert!(svg.contains("2024-W02 (from 2024-01-01): 2.0 cases in progress on average, 12 arrived, 9 completed; only 3 days in the log"));
        assert_eq!(nice_max(13.0), 20.0);
        assert_eq!(nice_max(0.0), 1.0);
    }
}
