//! The swimlane process map (泳道图) as hand-written SVG: departments as horizontal lanes,
//! stages as boxes in the lane of the department that performs them (dashed border when
//! several departments do), directly-follows edges as arrows whose width grows with
//! their count and whose colour shows their median wait (a colour-blind-safe viridis
//! scale, legend below), returns and rework loops as dashed back arrows, where cases
//! start (●) and end (■). Every input text is escaped here ([`esc`]); exact figures are
//! in `<title>` tooltips. Layout: [`super::map_layout`].

use std::fmt::Write;

use super::map_layout::{layout, Layout};
use super::{display_units, FONT_STACK};
use crate::analysis::map::{MapEdge, MapNode, ProcessMap};
use crate::analysis::stats::quantile_linear;
use crate::report::format::{count, hours, pct};
use crate::words::Lang;

const COL_W: f64 = 230.0;
const BOX_W: f64 = 150.0;
const BOX_H: f64 = 58.0;
const ROW_H: f64 = 88.0;
const LANE_PAD: f64 = 28.0;
const MARGIN: f64 = 36.0;
const LEGEND_H: f64 = 64.0;
/// Room for the legend.
const MIN_WIDTH: f64 = 900.0;
/// Colour-blind-safe sequential scale (viridis without its palest end), short → long.
pub const SCALE: [&str; 5] = ["#7ad151", "#22a884", "#2a788e", "#414487", "#440154"];

/// `s` safe inside SVG text and attributes; control characters become spaces and runs
/// of spaces one.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && space {
            continue;
        }
        space = c == ' ';
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// `s` in at most `lines` lines of `units` half-width units, cut with "…"; breaks at
/// the line's last space when it has one.
pub fn wrap(s: &str, units: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for c in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if display_units(&line) + display_units(&c.to_string()) > units {
            let keep = match line.rfind(' ') {
                Some(i) if i > 0 => line.split_off(i + 1),
                _ => String::new(),
            };
            out.push(line.trim_end().to_owned());
            line = keep;
        }
        line.push(c);
    }
    out.push(line);
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().expect("at least one line");
        while !last.is_empty() && display_units(last) + 1 > units {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    out
}

/// Positions in pixels.
struct Geometry {
    label_w: f64,
    lane_top: Vec<f64>,
    lane_h: Vec<f64>,
    width: f64,
    height: f64,
}

impl Geometry {
    fn new(l: &Layout, labelled: bool) -> Geometry {
        let label_w = if labelled { 132.0 } else { 8.0 };
        let mut top = 0.0;
        let (mut lane_top, mut lane_h) = (Vec::new(), Vec::new());
        for rows in &l.lane_rows {
            let h = *rows as f64 * ROW_H + 2.0 * LANE_PAD - (ROW_H - BOX_H) + 16.0;
            lane_top.push(top);
            lane_h.push(h);
            top += h;
        }
        Geometry {
            label_w,
            width: (label_w + MARGIN + l.columns.max(1) as f64 * COL_W + MARGIN).max(MIN_WIDTH),
            height: top + LEGEND_H,
            lane_top,
            lane_h,
        }
    }

    /// Top-left corner of node `v`'s box.
    fn at(&self, l: &Layout, v: usize) -> (f64, f64) {
        let x = self.label_w + MARGIN + l.column[v] as f64 * COL_W;
        let y = self.lane_top[l.lane[v]] + LANE_PAD + l.slot[v] as f64 * ROW_H;
        (x, y)
    }
}

/// Colour bins of the edges' median waits: up to four thresholds (quantiles).
fn thresholds(edges: &[MapEdge]) -> Vec<f64> {
    let mut w: Vec<f64> = edges.iter().map(|e| e.wait_hours).collect();
    let mut t: Vec<f64> = [0.2, 0.4, 0.6, 0.8]
        .iter()
        .map(|q| quantile_linear(&mut w, *q))
        .filter(|x| x.is_finite())
        .collect();
    t.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    t
}

fn bin(t: &[f64], wait: f64) -> usize {
    let k = t.iter().filter(|x| wait > **x).count();
    // Fewer thresholds use the scale's darker half as well as its ends.
    if t.is_empty() {
        2
    } else {
        k * (SCALE.len() - 1) / t.len()
    }
}

fn lane_name(lane: &Option<String>, lang: Lang) -> String {
    match lane {
        Some(l) => l.clone(),
        None => lang.pick("(no department)", "（无部门）").to_owned(),
    }
}

fn lanes_svg(o: &mut String, map: &ProcessMap, g: &Geometry, lang: Lang) {
    for (i, lane) in map.lanes.iter().enumerate() {
        let fill = if i % 2 == 0 { "#f4f6f8" } else { "#ffffff" };
        let (y, h) = (g.lane_top[i], g.lane_h[i]);
        let _ = write!(
            o,
            r##"<rect x="0" y="{y:.1}" width="{:.1}" height="{h:.1}" fill="{fill}" stroke="#d0d5da"/>"##,
            g.width
        );
        if g.label_w < 20.0 {
            continue;
        }
        let name = lane_name(lane, lang);
        let lines = wrap(&name, 14, 3);
        let y0 = y + h / 2.0 - (lines.len() as f64 - 1.0) * 8.0;
        let _ = write!(o, r#"<text class="lane"><title>{}</title>"#, esc(&name));
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                o,
                r#"<tspan x="10" y="{:.1}">{}</tspan>"#,
                y0 + k as f64 * 16.0 + 5.0,
                esc(line)
            );
        }
        o.push_str("</text>");
    }
}

fn node_title(n: &MapNode, lang: Lang) -> String {
    let lane = lane_name(&n.lane, lang);
    let service = n.service_hours.map(|h| hours(h, lang));
    let (events, cases) = (count(n.events), count(n.cases));
    match lang {
        Lang::En => format!(
            "{} ({lane}): {events} events in {cases} cases{}; {} cases start and {} end here{}",
            n.stage,
            service
                .map(|s| format!(", median working time {s}"))
                .unwrap_or_default(),
            count(n.starts),
            count(n.ends),
            if n.shared {
                "; also done by other departments"
            } else {
                ""
            }
        ),
        Lang::Zh => {
            format!(
            "{}（{lane}）：{cases} 个案例中 {events} 个事件{}；{} 个案例从此开始，{} 个在此结束{}",
            n.stage,
            service.map(|s| format!("，作业时间中位数 {s}")).unwrap_or_default(),
            count(n.starts),
            count(n.ends),
            if n.shared { "；其他部门也执行此环节" } else { "" }
        )
        }
    }
}

fn node_svg(o: &mut String, n: &MapNode, (x, y): (f64, f64), lang: Lang) {
    let dash = if n.shared {
        r#" stroke-dasharray="5 3""#
    } else {
        ""
    };
    let _ = write!(
        o,
        r##"<g class="node"><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#ffffff" stroke="#3a4a5a" stroke-width="1.4"{dash}/>"##,
        esc(&node_title(n, lang))
    );
    let lines = wrap(&n.stage, 20, 2);
    for (k, line) in lines.iter().enumerate() {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="stage">{}</text>"#,
            x + BOX_W / 2.0,
            y + 18.0 + k as f64 * 15.0,
            esc(line)
        );
    }
    let figures = match (n.service_hours, lang) {
        (Some(h), Lang::En) => format!("{} ev · {}", count(n.events), hours(h, lang)),
        (Some(h), Lang::Zh) => format!("{} 次 · {}", count(n.events), hours(h, lang)),
        (None, Lang::En) => format!("{} events", count(n.events)),
        (None, Lang::Zh) => format!("{} 次", count(n.events)),
    };
    let _ = write!(
        o,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="fig">{}</text>"##,
        x + BOX_W / 2.0,
        y + BOX_H - 8.0,
        esc(&figures)
    );
    if n.starts > 0 {
        let _ = write!(
            o,
            r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="#1b7837"/>"##,
            x - 9.0,
            y + BOX_H / 2.0
        );
    }
    if n.ends > 0 {
        let _ = write!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="#3a4a5a"/>"##,
            x + BOX_W + 4.0,
            y + BOX_H / 2.0 - 4.5
        );
    }
    o.push_str("</g>");
}

/// A cubic Bézier curve's four points.
type Curve = [(f64, f64); 4];

/// The point at `t` (0–1) of a curve.
fn point_at(p: &Curve, t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    let f = |k: fn(&(f64, f64)) -> f64| p.iter().zip(w).map(|(q, w)| k(q) * w).sum();
    (f(|q| q.0), f(|q| q.1))
}

/// A box: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Where an edge's label goes: the first point along the curve, from its middle
/// outwards, where the label covers no box and no label placed before; the middle when
/// there is none.
fn label_spot(curve: &Curve, text: &str, taken: &[Rect], below: bool) -> (f64, f64, Rect) {
    // The text's baseline: just above the line, or (under an arc) just below it.
    let shift = if below { 11.0 } else { -3.0 };
    let w = super::display_units(text) as f64 * 5.6 + 4.0;
    let rect = |(x, y): (f64, f64)| (x - w / 2.0, y - 12.0, x + w / 2.0, y + 1.0);
    let spots = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];
    let best = spots
        .iter()
        .map(|t| {
            let (x, y) = point_at(curve, *t);
            (x, y + shift)
        })
        .find(|p| !taken.iter().any(|r| overlaps(r, &rect(*p))))
        .unwrap_or_else(|| {
            let (x, y) = point_at(curve, 0.5);
            (x, y + shift)
        });
    (best.0, best.1, rect(best))
}

/// A forward edge whose straight line would run through another box of its row.
fn jumps_a_box(l: &Layout, e: usize) -> bool {
    let (f, t) = (l.from[e], l.to[e]);
    let row = |v: usize| (l.lane[v], l.slot[v]);
    row(f) == row(t)
        && (0..l.lane.len())
            .any(|v| row(v) == row(f) && l.column[v] > l.column[f] && l.column[v] < l.column[t])
}

/// The path of edge `e` as SVG path data and as a curve.
fn edge_path(l: &Layout, g: &Geometry, e: usize) -> (String, Curve) {
    let (a, b) = (g.at(l, l.from[e]), g.at(l, l.to[e]));
    let pts = if l.from[e] == l.to[e] {
        let (x1, x2, y) = (a.0 + BOX_W * 0.68, a.0 + BOX_W * 0.32, a.1);
        [
            (x1, y),
            (x1 + 14.0, y - 24.0),
            (x2 - 14.0, y - 24.0),
            (x2, y),
        ]
    } else if l.back[e] {
        let (x1, y1, x2, y2) = (
            a.0 + BOX_W * 0.4,
            a.1 + BOX_H,
            b.0 + BOX_W * 0.6,
            b.1 + BOX_H,
        );
        let depth = y1.max(y2) + 20.0 + (e % 3) as f64 * 5.0;
        [(x1, y1), (x1, depth), (x2, depth), (x2, y2)]
    } else if jumps_a_box(l, e) {
        // Over the boxes it would run through, from top to top.
        let (x1, x2, y) = (a.0 + BOX_W * 0.75, b.0 + BOX_W * 0.25, a.1);
        // The apex (¾ of the lift) stays inside the lane's top padding.
        let lift = y - 26.0 - (e % 3) as f64 * 4.0;
        [(x1, y), (x1 + 30.0, lift), (x2 - 30.0, lift), (x2, y)]
    } else {
        let (x1, y1, x2, y2) = (a.0 + BOX_W, a.1 + BOX_H / 2.0, b.0, b.1 + BOX_H / 2.0);
        let dx = ((x2 - x1) / 2.0).max(24.0);
        [(x1, y1), (x1 + dx, y1), (x2 - dx, y2), (x2, y2)]
    };
    let d = format!(
        "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        pts[0].0, pts[0].1, pts[1].0, pts[1].1, pts[2].0, pts[2].1, pts[3].0, pts[3].1
    );
    (d, pts)
}

fn edge_title(m: &MapEdge, lang: Lang) -> String {
    let from = format!("{} ({})", m.from, lane_name(&m.from_lane, lang));
    let to = format!("{} ({})", m.to, lane_name(&m.to_lane, lang));
    let (n, wait, share) = (
        count(m.count),
        hours(m.wait_hours, lang),
        pct(m.share_of_cases),
    );
    match lang {
        Lang::En => format!("{from} → {to}: {n} times, median wait {wait}, {share} of cases"),
        Lang::Zh => format!("{from} → {to}：{n} 次，等待中位数 {wait}，涉及 {share} 的案例"),
    }
}

/// The edges, and their labels (drawn last, over the boxes, where they cover none if
/// they can).
fn edges_svg(o: &mut String, map: &ProcessMap, l: &Layout, g: &Geometry, lang: Lang) -> String {
    let t = thresholds(&map.edges);
    let max = map.edges.iter().map(|e| e.count).max().unwrap_or(1).max(1) as f64;
    let mut labels = String::new();
    let mut taken: Vec<Rect> = (0..map.nodes.len())
        .map(|v| {
            let (x, y) = g.at(l, v);
            (x - 14.0, y, x + BOX_W + 14.0, y + BOX_H)
        })
        .collect();
    for (e, m) in map.edges.iter().enumerate() {
        let (d, curve) = edge_path(l, g, e);
        let k = bin(&t, m.wait_hours);
        let width = 1.2 + 6.0 * (m.count as f64 / max).sqrt();
        let dash = if l.back[e] {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            o,
            r##"<path d="{d}" fill="none" stroke="{}" stroke-width="{width:.1}" stroke-opacity="0.85" marker-end="url(#pm-a{k})"{dash}><title>{}</title></path>"##,
            SCALE[k],
            esc(&edge_title(m, lang))
        );
        let text = format!("{} · {}", count(m.count), hours(m.wait_hours, lang));
        let below = !l.back[e] && jumps_a_box(l, e);
        let (lx, ly, rect) = label_spot(&curve, &text, &taken, below);
        taken.push(rect);
        let _ = write!(
            labels,
            r#"<text x="{lx:.1}" y="{ly:.1}" text-anchor="middle" class="elab">{}</text>"#,
            esc(&text)
        );
    }
    labels
}

fn defs(o: &mut String) {
    o.push_str("<defs>");
    for (k, c) in SCALE.iter().enumerate() {
        let _ = write!(
            o,
            r#"<marker id="pm-a{k}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto"><path d="M0,0L10,5L0,10z" fill="{c}"/></marker>"#
        );
    }
    o.push_str("</defs>");
}

fn legend_svg(o: &mut String, map: &ProcessMap, g: &Geometry, lang: Lang) {
    let t = thresholds(&map.edges);
    let y = g.height - LEGEND_H + 20.0;
    let title = lang.pick("Median wait:", "等待中位数：");
    let _ = write!(o, r#"<text x="10" y="{y:.1}" class="leg">{title}</text>"#);
    let mut x = 110.0;
    for k in 0..=t.len() {
        let colour = if t.is_empty() {
            2
        } else {
            k * (SCALE.len() - 1) / t.len()
        };
        let label = match (k, t.len()) {
            (_, 0) => lang.pick("all", "全部").to_owned(),
            (0, _) => format!("≤ {}", hours(t[0], lang)),
            (k, n) if k == n => format!("> {}", hours(t[n - 1], lang)),
            (k, _) => format!("{}–{}", hours(t[k - 1], lang), hours(t[k], lang)),
        };
        let _ = write!(
            o,
            r#"<rect x="{x:.1}" y="{:.1}" width="22" height="8" fill="{}"/><text x="{:.1}" y="{y:.1}" class="leg">{}</text>"#,
            y - 8.0,
            SCALE[colour],
            x + 26.0,
            esc(&label)
        );
        x += 36.0 + display_units(&label) as f64 * 6.5;
    }
    let keys = lang.pick(
        "Thicker arrows: more cases. Dashed arrows: returns and repeats. Dashed box: stage done by several departments. ● cases start · ■ cases end.",
        "箭头越粗案例越多；虚线箭头：退回与重复；虚线框：多个部门执行的环节；● 案例开始 · ■ 案例结束。",
    );
    let _ = write!(
        o,
        r#"<text x="10" y="{:.1}" class="leg">{keys}</text>"#,
        y + 24.0
    );
}

/// The map as an SVG document.
pub fn process_map_chart(map: &ProcessMap, lang: Lang) -> String {
    if map.nodes.is_empty() {
        let none = lang.pick("No paths to draw", "没有可画的路径");
        return super::message_chart(none).unwrap_or_default();
    }
    let l = layout(map);
    let labelled = map.lanes.iter().any(Option::is_some);
    let g = Geometry::new(&l, labelled);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="process-map" width="{:.0}" height="{:.0}" viewBox="0 0 {:.0} {:.0}" role="img" font-family='{}'>"#,
        g.width,
        g.height,
        g.width,
        g.height,
        FONT_STACK.replace('\'', "")
    );
    o.push_str("<style>.lane{font-size:13px;font-weight:600;fill:#22303c}.stage{font-size:12px;fill:#111}.fig{font-size:11px;fill:#4a5a6a}.elab{font-size:10px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px}.leg{font-size:11px;fill:#333}</style>");
    defs(&mut o);
    lanes_svg(&mut o, map, &g, lang);
    let labels = edges_svg(&mut o, map, &l, &g, lang);
    for (v, n) in map.nodes.iter().enumerate() {
        node_svg(&mut o, n, g.at(&l, v), lang);
    }
    o.push_str(&labels);
    legend_svg(&mut o, map, &g, lang);
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::map::{MapCoverage, MapNode};

    fn hostile_map() -> ProcessMap {
        let node = |stage: &str, lane: Option<&str>| MapNode {
            stage: stage.into(),
            lane: lane.map(Into::into),
            events: 1234,
            cases: 100,
            service_hours: Some(2.5),
            starts: 100,
            ends: 100,
            shared: true,
        };
        ProcessMap {
            lanes: vec![Some("<b>法务部</b>".into()), None],
            nodes: vec![
                node("<script>alert(1)</script>", Some("<b>法务部</b>")),
                node("需求评审与技术方案设计以及跨部门联合审批会签流程", None),
            ],
            edges: vec![MapEdge {
                from: "<script>alert(1)</script>".into(),
                from_lane: Some("<b>法务部</b>".into()),
                to: "需求评审与技术方案设计以及跨部门联合审批会签流程".into(),
                to_lane: None,
                count: 7,
                wait_hours: 30.0,
                share_of_cases: 0.07,
            }],
            coverage: MapCoverage {
                requested: None,
                cases: 100,
                cases_shown: 100,
                share: 1.0,
                variants: 1,
                variants_shown: 1,
                nodes_left_out: 0,
                edges_left_out: 0,
                rare_stage_share: 0.01,
                rare_paths_skipped: 0,
            },
        }
    }

    #[test]
    fn input_text_is_escaped_everywhere() {
        let svg = process_map_chart(&hostile_map(), Lang::Zh);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            svg.contains("（无部门）"),
            "the lane without a department is named"
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn long_names_wrap_and_keep_the_full_name_in_the_tooltip() {
        let svg = process_map_chart(&hostile_map(), Lang::En);
        assert!(svg
            .contains("<title>需求评审与技术方案设计以及跨部门联合审批会签流程 ((no department))"));
        let lines = wrap("需求评审与技术方案设计以及跨部门联合审批会签流程", 20, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "需求评审与技术方案设");
        assert!(lines[1].ends_with('…'));
        assert_eq!(
            wrap("Approve the purchase order", 14, 3),
            ["Approve the", "purchase order"]
        );
    }

    #[test]
    fn the_legend_explains_colours_widths_and_marks() {
        let svg = process_map_chart(&super::super::map_layout::tests::sample(), Lang::En);
        assert!(svg.contains("Median wait:"));
        assert!(svg.contains("Dashed arrows: returns and repeats"));
        assert_eq!(
            svg.matches("stroke-dasharray=\"6 4\"").count(),
            2,
            "two back edges"
        );
        assert_eq!(svg.matches("<circle").count(), 1, "one start");
    }

    #[test]
    fn labels_move_along_their_arrow_off_boxes_and_other_labels() {
        let curve: Curve = [(0.0, 50.0), (100.0, 50.0), (200.0, 50.0), (300.0, 50.0)];
        let free = label_spot(&curve, "3 · 2.0 h", &[], false);
        assert!(
            (free.0 - 150.0).abs() < 1e-9,
            "the middle when nothing is in the way"
        );
        let boxed = [(110.0, 20.0, 190.0, 80.0)];
        let moved = label_spot(&curve, "3 · 2.0 h", &boxed, false);
        assert!(!overlaps(&moved.2, &boxed[0]), "{moved:?}");
        let again = label_spot(&curve, "3 · 2.0 h", &[boxed[0], moved.2], false);
        assert!(
            !overlaps(&again.2, &moved.2),
            "not on the label placed before"
        );
    }

    #[test]
    fn an_arrow_that_would_run_through_a_box_of_its_row_goes_over_it() {
        let l = Layout {
            lane: vec![0, 0, 0, 1],
            column: vec![0, 1, 2, 1],
            slot: vec![0, 0, 0, 0],
            lane_rows: vec![1, 1],
            columns: 3,
            from: vec![0, 0, 1, 0],
            to: vec![2, 1, 2, 3],
            back: vec![false; 4],
        };
        assert!(jumps_a_box(&l, 0), "A → C passes through B");
        assert!(!jumps_a_box(&l, 1) && !jumps_a_box(&l, 2), "neighbours");
        assert!(!jumps_a_box(&l, 3), "another lane");
        let g = Geometry::new(&l, true);
        let (_, curve) = edge_path(&l, &g, 0);
        let top = g.at(&l, 1).1;
        assert!(point_at(&curve, 0.5).1 < top, "the arc runs above B's box");
    }
}
