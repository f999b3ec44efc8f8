//! Tests of the HTML report on hand-built analyses: sections in both languages,
//! escaping of hostile names (HTML and SVG), charts present and well-formed, empty and
//! single-timestamp logs.

use std::collections::BTreeMap;

use super::*;
use crate::analysis::{
    Bottleneck, Edge, Handoff, HistogramBin, Period, StageStats, Stats, TasklogAnalysis, Variant,
    WaitMeasure,
};
use crate::model::facts::{RejectReason, TimeLayout, TimeReading, TimeZoneNote};
use crate::model::{InputSummary, Rejection, TimestampShape};

const EVIL: &str = "<script>alert(1)</script>";
const LONG: &str = "Requirements review and technical solution design with all stakeholders";

fn st(n: usize, mean: f64, median: f64, p90: f64) -> Stats {
    Stats {
        n,
        mean: Some(mean),
        median: Some(median),
        p90: Some(p90),
        min: Some(0.0),
        max: Some(p90 * 1.5),
    }
}

fn stage(name: &str, service: f64, wait: f64, departments: usize) -> StageStats {
    StageStats {
        stage: name.to_owned(),
        events: 12,
        cases: 10,
        service_hours: st(12, service, service, service * 2.0),
        wait_hours: st(11, wait, wait * 0.8, wait * 3.0),
        rework_cases: 2,
        departments,
    }
}

fn input() -> InputSummary {
    InputSummary {
        path: "data/任务跟踪 & log.csv".to_owned(),
        kind: crate::model::InputKind::Tasklog,
        format: "csv".to_owned(),
        encoding: Some("GBK".to_owned()),
        sheet: None,
        other_sheets: Vec::new(),
        shape: crate::model::InputShape::Activity,
        platform: None,
        header_row: 1,
        rows_read: 41,
        blank_rows: 0,
        rows_used: 40,
        rows_rejected: 1,
        rejections: vec![Rejection {
            row: 7,
            column: "开始时间".to_owned(),
            value: "<img src=x onerror=alert(2)>".to_owned(),
            reason: RejectReason::TimeNotUnderstood,
        }],
        rejection_reasons: BTreeMap::from([(RejectReason::TimeNotUnderstood, 1)]),
        columns: BTreeMap::from([
            ("case".to_owned(), "工单号".to_owned()),
            ("department".to_owned(), "部门".to_owned()),
        ]),
        timestamp_formats: BTreeMap::from([(
            "开始时间".to_owned(),
            TimeReading::Read {
                layout: TimeLayout::Pattern("YYYY/M/D HH:MM"),
                order: None,
                zone: TimeZoneNote::AssumedUtc,
            },
        )]),
        time_offsets: BTreeMap::new(),
    }
}

/// A small log: three stages (one hostile, one long), edges, handoffs, bottlenecks.
fn bottleneck(name: &str, share: f64) -> Bottleneck {
    Bottleneck {
        stage: name.to_owned(),
        wait_share: share,
        total_wait_hours: 200.0 * share,
        median_wait_hours: 4.0,
        p90_wait_hours: 30.0,
        cases: 8,
        rank: 1,
        measure: WaitMeasure::Waiting,
    }
}

fn sample() -> Analysis {
    let tasklog = TasklogAnalysis {
        events: 40,
        cases: 10,
        timestamps: TimestampShape::StartEnd,
        status_history: false,
        period: Period {
            from: "2024-03-01T08:00:00Z".to_owned(),
            to: "2024-04-15T17:30:00Z".to_owned(),
            hours: Some(1089.5),
        },
        lead_time_hours: st(10, 80.0, 70.0, 150.0),
        lead_time_histogram: [(0.0, 50.0, 3), (50.0, 100.0, 5), (100.0, 180.0, 2)]
            .map(|(from, to, cases)| HistogramBin { from, to, cases })
            .to_vec(),
        touch_time_hours: st(10, 20.0, 18.0, 40.0),
        flow_efficiency: Some(0.25),
        stages: vec![
            stage("需求评审", 3.0, 10.0, 1),
            stage(EVIL, 5.0, 30.0, 2),
            stage(LONG, 1.0, 2.0, 1),
        ],
        edges: vec![Edge {
            from: "需求评审".to_owned(),
            to: EVIL.to_owned(),
            count: 10,
            hours: st(10, 30.0, 24.0, 90.0),
        }],
        variants: 2,
        top_variants: vec![Variant {
            stages: vec!["需求评审".to_owned(), EVIL.to_owned()],
            cases: 7,
            share: 0.7,
        }],
        top_variants_coverage: 0.7,
        start_stages: BTreeMap::from([("需求评审".to_owned(), 10)]),
        end_stages: BTreeMap::from([(EVIL.to_owned(), 10)]),
        handoffs: vec![Handoff {
            from_department: "R&D".to_owned(),
            to_department: "<b>QA</b>".to_owned(),
            count: 9,
            hours: st(9, 20.0, 12.0, 60.0),
            share_of_lead_time: 0.22,
            ping_pong_cases: 1,
        }],
        has_department: true,
        ping_pong_cases: 2,
        bottlenecks: vec![bottleneck(EVIL, 0.6), bottleneck("需求评审", 0.4)],
        rework_events: 3,
        rework_cases: 2,
        returned_cases: Some(1),
        first_time_right: 0.7,
        data_quality: Vec::new(),
        process_map: crate::analysis::map::process_map(&Default::default(), 0, (None, 0.01), false),
        wip: Vec::new(),
        wip_weeks_left_out: 0,
        littles_law: None,
        problems: Vec::new(),
        ownership: crate::analysis::ownership::ownership(&Default::default(), 2),
        workload: Default::default(),
        business: Default::default(),
        rare_stage_share: 0.01,
    };
    Analysis {
        inputs: vec![input()],
        tasklog: Some(tasklog),
        ..Analysis::empty()
    }
}

/// One case, one event: nothing to list anywhere.
fn empty() -> Analysis {
    let mut a = sample();
    if let Some(t) = a.tasklog.as_mut() {
        t.events = 1;
        t.cases = 1;
        t.lead_time_hours = st(1, 0.0, 0.0, 0.0);
        t.lead_time_histogram = vec![HistogramBin {
            from: 0.0,
            to: 1.0,
            cases: 1,
        }];
        t.stages = vec![stage("Intake", 0.0, 0.0, 1)];
        t.stages[0].wait_hours = Stats::default();
        t.edges.clear();
        t.handoffs.clear();
        t.bottlenecks.clear();
        t.top_variants.clear();
        t.variants = 1;
        t.ping_pong_cases = 0;
        t.rework_cases = 0;
        t.rework_events = 0;
    }
    a
}

fn single() -> Analysis {
    let mut a = sample();
    if let Some(t) = a.tasklog.as_mut() {
        t.timestamps = TimestampShape::Single;
        t.flow_efficiency = None;
    }
    a
}

/// The `<svg …>…</svg>` documents in `html`.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .filter_map(|(at, _)| html[at..].find("</svg>").map(|end| &html[at..at + end + 6]))
        .collect()
}

/// Every tag opened in `xml` is closed in order (a cheap well-formedness check that
/// also fails when text contains an unescaped `<`).
fn assert_balanced(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    for piece in xml.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        if tag.starts_with('/') {
            assert_eq!(stack.pop(), Some(name), "unbalanced </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

#[test]
fn report_has_every_section_in_english_and_in_chinese() -> anyhow::Result<()> {
    let a = sample();
    for (lang, headings) in [
        (
            Lang::En,
            [
                "Process diagnosis",
                "Key figures",
                "Lead-time distribution",
                "Working vs waiting by stage",
                "Bottlenecks",
                "Top variants",
                "Handoffs between departments",
                "Top directly-follows edges",
                "Input accounting",
                "Glossary",
            ],
        ),
        (
            Lang::Zh,
            [
                "流程诊断报告",
                "关键指标",
                "交付周期分布",
                "各环节作业与等待时间",
                "瓶颈环节",
                "主要流程变体",
                "部门间交接",
                "主要直接跟随关系",
                "输入数据核算",
                "术语与定义",
            ],
        ),
    ] {
        let html = render_html(&a, lang)?;
        let mut last = 0;
        for h in headings {
            let at = html[last..]
                .find(&format!(">{h}<"))
                .unwrap_or_else(|| panic!("{lang:?}: heading {h} missing or out of order"));
            last += at;
        }
        assert!(html.contains(&format!("lang=\"{}\"", lang.html_code())));
    }
    Ok(())
}

#[test]
fn hostile_names_appear_only_escaped_in_html_and_svg() -> anyhow::Result<()> {
    for lang in [Lang::En, Lang::Zh] {
        let html = render_html(&sample(), lang)?;
        let lower = html.to_lowercase();
        assert_eq!(
            lower.matches("<script").count(),
            1,
            "a <script> besides the report's own"
        );
        assert!(
            !lower.contains("<script>alert"),
            "raw <script> in the report"
        );
        assert!(!lower.contains("<img"), "raw <img> in the report");
        assert!(
            !lower.contains("<b>qa"),
            "raw department markup in the report"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;"),
            "escaped stage missing"
        );
        assert!(html.contains("R&amp;D"));
        // Inside the SVGs the chart writer escapes exactly once.
        let charts = svgs(&html).concat();
        assert!(charts.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!charts.contains("&amp;lt;"), "double-escaped chart label");
    }
    Ok(())
}

#[test]
fn charts_are_inline_well_formed_svgs_with_cjk_fonts() -> anyhow::Result<()> {
    let html = render_html(&sample(), Lang::Zh)?;
    let charts = svgs(&html);
    assert_eq!(
        charts.len(),
        6,
        "lead time, process map, stages, bottlenecks, WIP, handoff heatmap"
    );
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    for svg in &charts {
        assert_balanced(svg);
        assert!(svg.contains("Microsoft YaHei"));
    }
    assert!(charts[0].contains("≥ 4.2 天"), "tail bin label");
    assert!(charts[2].contains("Requirements review"));
    assert!(
        charts[2].contains('…'),
        "long stage name truncated in the chart"
    );
    assert!(html.contains(LONG), "full stage name in the table");
    // Offline: the only URLs are the SVG namespace.
    assert!(!html.contains("<link") && !html.contains("https://"));
    assert_eq!(
        html.matches("http://").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    Ok(())
}

#[test]
fn empty_lists_render_with_explanations() -> anyhow::Result<()> {
    let html = render_html(&empty(), Lang::En)?;
    assert!(html.contains("No directly-follows edges"));
    assert!(html.contains("No handoffs"));
    assert!(html.contains("no stage ranks as a bottleneck"));
    assert!(html.contains("No variants"));
    assert_eq!(
        svgs(&html).len(),
        4,
        "lead time, map, stage and WIP charts only"
    );
    let zh = render_html(&empty(), Lang::Zh)?;
    assert!(zh.contains("没有直接跟随关系"));
    Ok(())
}

#[test]
fn single_timestamp_logs_say_waiting_is_transition_time() -> anyhow::Result<()> {
    let html = render_html(&single(), Lang::En)?;
    assert!(html.contains("transition time between consecutive events"));
    assert!(html.contains("Working time is therefore unknown"));
    assert!(
        html.contains("n&#x2f;a – one timestamp per event"),
        "minijinja escapes /"
    );
    assert!(html.contains("Transition time"));
    let zh = render_html(&single(), Lang::Zh)?;
    assert!(zh.contains("间隔时间"));
    assert!(zh.contains("不适用——每个事件只有一个时间戳"));
    Ok(())
}

#[test]
fn report_without_tasklog_or_departments_says_so() -> anyhow::Result<()> {
    let mut a = sample();
    a.tasklog = None;
    let html = render_html(&a, Lang::En)?;
    assert!(html.contains("No task log among the inputs"));
    assert!(html.contains("Input accounting"));

    let mut a = empty();
    a.inputs[0].columns.remove("department");
    if let Some(t) = a.tasklog.as_mut() {
        t.stages[0].departments = 0;
        t.has_department = false;
    }
    let html = render_html(&a, Lang::En)?;
    assert!(html.contains("no department column"));
    Ok(())
}

#[test]
fn figures_are_formatted_and_output_is_deterministic() -> anyhow::Result<()> {
    let html = render_html(&sample(), Lang::En)?;
    assert!(html.contains("2.9 d"), "median lead time 70 h in days");
    assert!(html.contains("25%"), "flow efficiency");
    assert!(html.contains("unclear ownership"));
    assert!(html.contains("Largest share of all waiting: 60%"));
    assert!(html.contains("2024-03-01 08:00 → 2024-04-15 17:30 UTC"));
    assert_eq!(html, render_html(&sample(), Lang::En)?);
    Ok(())
}

#[test]
fn missing_and_non_finite_figures_render_as_dashes() -> anyhow::Result<()> {
    let mut a = sample();
    if let Some(t) = a.tasklog.as_mut() {
        t.lead_time_hours = Stats::default();
        t.lead_time_histogram = vec![HistogramBin {
            from: f64::NAN,
            to: f64::NAN,
            cases: 3,
        }];
        t.stages[0].wait_hours.mean = Some(f64::INFINITY);
        t.bottlenecks[0].wait_share = f64::NAN;
        t.period.from = "not a date".to_owned();
    }
    let html = render_html(&a, Lang::Zh)?;
    assert!(html.contains("<td class=\"num\">–</td>"));
    assert_eq!(svgs(&html).len(), 6);
    Ok(())
}

fn waiting_problem(stage: &str, rank: usize) -> crate::analysis::problems::Problem {
    use crate::analysis::problems::{Evidence, Problem, ProblemKind, Where};
    Problem {
        rank,
        kind: ProblemKind::Waiting,
        place: Where {
            stage: Some(stage.to_owned()),
            ..Where::default()
        },
        hours_lost: Some(100.0),
        cases: 8,
        share_of_lead_time: Some(0.12),
        evidence: Evidence {
            occurrences: 9,
            median_hours: Some(4.0),
            p90_hours: Some(30.0),
            total_hours: 120.0,
            section: "bottlenecks",
            handoff: None,
            score: None,
            departments: Vec::new(),
            sla: None,
        },
        by_period: Vec::new(),
    }
}

/// The `href="#…"` targets inside the table of contents.
fn toc_targets(html: &str) -> Vec<String> {
    let Some(start) = html.find("<nav id=\"toc\"") else {
        return Vec::new();
    };
    let nav = &html[start..start + html[start..].find("</nav>").unwrap_or(0)];
    nav.split("href=\"#")
        .skip(1)
        .map(|p| p.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn contents_link_every_section_and_every_link_has_its_anchor() -> anyhow::Result<()> {
    for a in [sample(), empty(), single(), Analysis::empty()] {
        for lang in [Lang::En, Lang::Zh] {
            let html = render_html(&a, lang)?;
            let toc = toc_targets(&html);
            assert!(!toc.is_empty(), "a table of contents");
            for id in &toc {
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "#{id} has no anchor"
                );
            }
            for piece in html.split("<section id=\"").skip(1) {
                let id = piece.split('"').next().unwrap_or_default();
                assert!(
                    id == "summary" || toc.iter().any(|t| t == id),
                    "#{id} is not in the contents"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn summary_opens_the_report_with_scope_and_the_biggest_problems() -> anyhow::Result<()> {
    let mut a = sample();
    if let Some(t) = a.tasklog.as_mut() {
        t.problems = vec![waiting_problem(EVIL, 1), waiting_problem("需求评审", 2)];
    }
    let zh = super::summary::sentences(&a, Lang::Zh);
    assert_eq!(
        zh[0],
        "2024-03-01 至 2024-04-15 共 10 个案例、40 条事件：一半案例的交付周期不超过 \
                       2.9 天，九成不超过 6.2 天；其中 25% 的时间在处理，其余在等待。"
    );
    // The bottleneck's share of all waiting, its total and its cases.
    assert_eq!(
        zh[1],
        format!("{EVIL}前的排队占全部等待时间的 60%（8 个案例共 5.0 天）。")
    );
    let en = super::summary::sentences(&a, Lang::En);
    assert_eq!(
        en[2],
        "Waiting before 需求评审 is 40% of all waiting time (3.3 d across 8 cases)."
    );
    assert!(
        en[3].starts_with("1 of 41 input rows were left out"),
        "{}",
        en[3]
    );
    let html = render_html(&a, Lang::En)?;
    let summary = html.find("id=\"summary\"").expect("summary");
    assert!(summary < html.find("id=\"toc\"").expect("toc"));
    assert!(
        !html.contains("<script>alert"),
        "names stay escaped in the summary"
    );
    Ok(())
}
