//! The department × department handoff heatmap as hand-written SVG: one row per sending
//! department, one column per receiving one, each cell coloured by the median delay of
//! its handoffs (the process map's viridis scale) and showing their count; empty cells
//! stay blank. The exact figures (count, median and p90 delay, share of lead time,
//! ping-pong cases) are in each cell's `<title>`. Input text is escaped
//! ([`super::process_map::esc`]).

use std::fmt::Write;

use super::process_map::{esc, wrap, SCALE};
use super::FONT_STACK;
use crate::analysis::Handoff;
use crate::report::format::{count, hours, pct};
use crate::words::Lang;

const CELL: f64 = 64.0;
const LABEL: f64 = 150.0;
const HEAD: f64 = 110.0;

fn cell_title(h: &Handoff, lang: Lang) -> String {
    let median = h.hours.median.map(|x| hours(x, lang)).unwrap_or_default();
    let p90 = h.hours.p90.map(|x| hours(x, lang)).unwrap_or_default();
    let (n, share, pp) = (
        count(h.count),
        pct(h.share_of_lead_time),
        count(h.ping_pong_cases),
    );
    match lang {
        Lang::En => format!(
            "{} → {}: {n} handoffs, median delay {median}, p90 {p90}, {share} of all lead \
             time; {pp} cases went straight back (ping-pong)",
            h.from_department, h.to_department
        ),
        Lang::Zh => format!(
            "{} → {}：交接 {n} 次，延迟中位数 {median}，P90 {p90}，占全部交付周期的 {share}；\
             {pp} 个案例随即被退回（来回交接）",
            h.from_department, h.to_department
        ),
    }
}

/// Colour bin of a median delay among all cells' medians (quintiles).
fn colour(medians: &[f64], x: f64) -> &'static str {
    let below = medians.iter().filter(|m| **m < x).count();
    let k = (below * SCALE.len()) / medians.len().max(1);
    SCALE[k.min(SCALE.len() - 1)]
}

fn labels(o: &mut String, departments: &[String]) {
    for (i, d) in departments.iter().enumerate() {
        let y = HEAD + i as f64 * CELL + CELL / 2.0;
        let line = wrap(d, 18, 1).join("");
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="hl"><title>{}</title>{}</text>"#,
            LABEL - 8.0,
            y + 4.0,
            esc(d),
            esc(&line)
        );
        let x = LABEL + i as f64 * CELL + CELL / 2.0;
        let _ = write!(
            o,
            r#"<text transform="translate({x:.1},{:.1}) rotate(-40)" class="hl"><title>{}</title>{}</text>"#,
            HEAD - 8.0,
            esc(d),
            esc(&wrap(d, 14, 1).join(""))
        );
    }
}

/// The label colour on a cell of `fill`: near-black on the two lightest colours of the
/// scale and on grey, white on the darker ones (both reach 4.5:1).
pub fn text_on(fill: &str) -> &'static str {
    if fill == SCALE[0] || fill == SCALE[1] || fill == "#cccccc" {
        "#111111"
    } else {
        "#ffffff"
    }
}

/// The heatmap of `handoffs` over `departments` (rows and columns in this order).
pub fn handoff_heatmap(handoffs: &[Handoff], departments: &[String], lang: Lang) -> String {
    let n = departments.len();
    let size = LABEL + n as f64 * CELL + 20.0;
    let height = HEAD + n as f64 * CELL + 36.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="{size:.0}" height="{height:.0}" viewBox="0 0 {size:.0} {height:.0}" role="img" font-family='{}'>"#,
        FONT_STACK.replace('\'', "")
    );
    o.push_str(
        "<style>.hl{font-size:12px;fill:#22303c}.hc{font-size:12px;font-weight:600}</style>",
    );
    labels(&mut o, departments);
    let medians: Vec<f64> = handoffs.iter().filter_map(|h| h.hours.median).collect();
    let at = |name: &str| departments.iter().position(|d| d == name);
    for h in handoffs {
        let (Some(r), Some(c)) = (at(&h.from_department), at(&h.to_department)) else {
            continue;
        };
        let (x, y) = (LABEL + c as f64 * CELL, HEAD + r as f64 * CELL);
        let fill = h.hours.median.map_or("#cccccc", |m| colour(&medians, m));
        let text = text_on(fill);
        let _ = write!(
            o,
            r##"<g><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#ffffff" stroke-width="2"/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="hc" fill="{text}">{}</text></g>"##,
            esc(&cell_title(h, lang)),
            x + CELL / 2.0,
            y + CELL / 2.0 + 4.0,
            count(h.count)
        );
    }
    let note = lang.pick(
        "Rows hand over to columns. Number: handoffs; colour: median delay (darker is longer).",
        "行交给列。数字：交接次数；颜色：延迟中位数（越深越长）。",
    );
    let _ = write!(
        o,
        r#"<text x="8" y="{:.1}" class="hl">{note}</text>"#,
        height - 12.0
    );
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::Stats;

    fn handoff(from: &str, to: &str, count: usize, median: f64) -> Handoff {
        Handoff {
            from_department: from.into(),
            to_department: to.into(),
            count,
            hours: Stats {
                n: count,
                mean: Some(median),
                median: Some(median),
                p90: Some(median * 2.0),
                min: Some(0.0),
                max: Some(median * 3.0),
            },
            share_of_lead_time: 0.1,
            ping_pong_cases: 1,
        }
    }

    #[test]
    fn cells_show_counts_with_the_figures_in_tooltips_and_escaped_names() {
        let d = vec!["<i>客服</i>".to_string(), "技术".to_string()];
        let h = [
            handoff("<i>客服</i>", "技术", 12, 5.0),
            handoff("技术", "<i>客服</i>", 3, 50.0),
        ];
        let svg = handoff_heatmap(&h, &d, Lang::Zh);
        assert!(!svg.contains("<i>"));
        assert!(svg.contains("&lt;i&gt;客服&lt;/i&gt; → 技术：交接 12 次"));
        assert!(svg.contains(">12</text>") && svg.contains(">3</text>"));
        assert_eq!(svg.matches("<rect").count(), 2, "empty cells stay blank");
        assert!(
            svg.contains(SCALE[0]) && svg.contains(SCALE[2]),
            "short and long differ"
        );
    }
}
