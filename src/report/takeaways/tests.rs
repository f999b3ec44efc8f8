//! The chart sentences on tiny figures worked out by hand.

use std::collections::BTreeMap;

use super::*;
use crate::analysis::survey::satisfaction::Nps;
use crate::analysis::survey::OptionCount;
use crate::analysis::WaitMeasure;

fn st(mean: f64) -> Stats {
    Stats {
        n: 4,
        mean: Some(mean),
        median: Some(mean),
        p90: Some(mean * 2.0),
        min: Some(0.0),
        max: Some(mean * 3.0),
    }
}

fn stage(name: &str, service: f64, wait: f64) -> StageStats {
    StageStats {
        stage: name.into(),
        events: 4,
        cases: 4,
        service_hours: st(service),
        wait_hours: st(wait),
        rework_cases: 0,
        departments: 1,
    }
}

#[test]
fn lead_time_says_median_and_p90() {
    let s = lead_time(Lang::En, &st(30.0)).unwrap();
    assert_eq!(
        s,
        "Half the cases took up to 30.0 h; one in ten took longer than 2.5 d."
    );
    assert!(lead_time(Lang::Zh, &Stats::default()).is_none());
}

#[test]
fn stages_name_the_longest_and_the_waiting_share() {
    // Totals per event: A 2 + 6 = 8 h, B 1 + 1 = 2 h; waiting 7 of 10 h = 70%.
    let (a, b) = (stage("A", 2.0, 6.0), stage("B", 1.0, 1.0));
    let st = [&a, &b];
    let en = stages(Lang::En, &st, false).unwrap();
    assert_eq!(
        en,
        "A takes longest per event (8.0 h on average); across the stages, waiting is 70% of the mean time per event."
    );
    let zh = stages(Lang::Zh, &st, true).unwrap();
    assert_eq!(zh, "“A”每个事件的平均间隔时间最长（6.0 小时）。");
    assert!(stages(Lang::En, &[&stage("C", 0.0, 0.0)], false).is_none());
}

fn bottleneck(name: &str, share: f64) -> Bottleneck {
    Bottleneck {
        stage: name.into(),
        rank: 1,
        measure: WaitMeasure::Waiting,
        wait_share: share,
        total_wait_hours: 10.0,
        median_wait_hours: 1.0,
        p90_wait_hours: 2.0,
        cases: 3,
    }
}

#[test]
fn bottlenecks_add_up_the_top_three() {
    let b = [
        bottleneck("审批", 0.33),
        bottleneck("B", 0.16),
        bottleneck("C", 0.15),
        bottleneck("D", 0.12),
    ];
    assert_eq!(
        bottlenecks(Lang::Zh, &b, false).unwrap(),
        "“审批”一个环节就占全部等待时间的 33%；前 3 个合计 64%。"
    );
    assert_eq!(
        bottlenecks(Lang::En, &b[..1], true).unwrap(),
        "审批 alone holds 33% of all transition time; the top 1 hold 33%."
    );
    assert!(bottlenecks(Lang::En, &[], false).is_none());
}

fn handoff(from: &str, to: &str, count: usize, median: f64) -> Handoff {
    Handoff {
        from_department: from.into(),
        to_department: to.into(),
        count,
        hours: st(median),
        share_of_lead_time: 0.1,
        ping_pong_cases: 0,
    }
}

#[test]
fn handoffs_name_the_busiest_and_the_slowest() {
    let h = [
        handoff("研发部", "测试部", 90, 3.0),
        handoff("产品部", "法务部", 12, 60.0),
    ];
    assert_eq!(
        handoffs(Lang::En, &h).unwrap(),
        "The busiest handoff is 研发部 → 测试部 (90 times); the slowest is 产品部 → 法务部 (median 2.5 d)."
    );
}

fn item(text: &str, top2: Option<f64>, nps: Option<Nps>) -> ItemResult {
    ItemResult {
        item: "Q1".into(),
        text: text.into(),
        scale: "1-5".into(),
        n: 10,
        mean: Some(3.0),
        sd: None,
        ci95: None,
        top2box: top2,
        top2box_ci95: None,
        distribution: BTreeMap::new(),
        levels: Vec::new(),
        level_counts: Vec::new(),
        not_applicable: 0,
        invalid: 0,
        skipped: 0,
        reversed: false,
        question: None,
        nps,
        scale_family: "agreement".into(),
        scale_points: 5,
        scale_levels: Vec::new(),
        assumptions: Vec::new(),
    }
}

#[test]
fn likert_names_most_and_least_agreement() {
    let items = [("快", Some(0.8)), ("准", Some(0.4)), ("", None)].map(|(t, b)| item(t, b, None));
    assert_eq!(
        likert(Lang::Zh, &items).unwrap(),
        "最高两档占比最高的是“快”（80%），最低的是“准”（40%）。"
    );
    assert_eq!(
        likert(Lang::En, &items[..1]).unwrap(),
        "快: 80% in the top two levels."
    );
}

#[test]
fn nps_reports_the_lowest_item() {
    let n = |score: f64| Nps {
        n: 20,
        promoters: 0.5,
        passives: 0.2,
        detractors: 0.3,
        nps: score,
        se: 5.0,
    };
    let items = [
        item("推荐", None, Some(n(20.0))),
        item("再次合作", None, Some(n(-5.0))),
    ];
    assert_eq!(
        nps(Lang::En, &items).unwrap(),
        "再次合作: NPS -5.0 (50% promoters, 30% detractors, n = 20)."
    );
}

#[test]
fn groups_and_multi_selects() {
    let rows = vec![
        ("研发部 (n=12)".to_string(), vec![Some(3.4), None]),
        ("测试部 (n=8)".to_string(), vec![Some(4.1), Some(2.0)]),
    ];
    let dims = ["效率".to_string(), "沟通".to_string()];
    assert_eq!(
        group_scores(Lang::En, &rows, &dims).unwrap(),
        "效率: 测试部 (n=8) scores highest (4.10), 研发部 (n=12) lowest (3.40)."
    );
    assert!(group_scores(Lang::En, &rows[..1], &dims).is_none());
    let m = MultiResult {
        question: "Q5".into(),
        text: "渠道".into(),
        n: 40,
        ranking: false,
        options: vec![
            OptionCount {
                option: "电话".into(),
                count: 10,
                share: 0.25,
                mean_rank: None,
            },
            OptionCount {
                option: "邮件".into(),
                count: 30,
                share: 0.75,
                mean_rank: None,
            },
        ],
        other_texts: 0,
    };
    assert_eq!(
        multi(Lang::Zh, &m).unwrap(),
        "选择最多的是“邮件”，占 40 位作答者的 75%。"
    );
}

fn clock(name: &str, met: usize, breached: usize, open: usize) -> SlaResult {
    let decided = (met + breached) as f64;
    SlaResult {
        name: name.into(),
        kind: "interval",
        start: None,
        stop: None,
        target: "2wh".into(),
        working: true,
        tally: crate::analysis::sla::Tally {
            cases: met + breached + open,
            met,
            breached,
            open,
            at_risk: 0,
            compliance: (decided > 0.0).then(|| met as f64 / decided),
            compliance_ci: None,
        },
        no_target: 0,
        not_started: 0,
        skipped: 0,
        hours: st(1.0),
        by: Vec::new(),
        breaches: Vec::new(),
        at_risk_cases: Vec::new(),
        weeks: Vec::new(),
    }
}

#[test]
fn sla_names_the_lowest_compliance() {
    // 首次响应 95 of 100 = 95%; 审批 84 of 100 = 84%; 空 has no decided case.
    let c = [
        clock("首次响应", 95, 5, 3),
        clock("审批", 84, 16, 0),
        clock("空", 0, 0, 2),
    ];
    assert_eq!(
        sla(Lang::En, &c).unwrap(),
        "Lowest compliance: 审批, 84% (16 of 100 decided breached)."
    );
    assert_eq!(
        sla(Lang::Zh, &c[..1]).unwrap(),
        "“首次响应”达成率 95%（100 个已判定中 5 个超时）。"
    );
    assert!(sla(Lang::En, &c[2..]).is_none());
}

fn week(period: &str, wip: f64, arrivals: usize, completions: usize, days: usize) -> WipWeek {
    WipWeek {
        period: period.into(),
        from: format!("{period}-from"),
        wip,
        arrivals,
        completions,
        days,
    }
}

#[test]
fn wip_names_the_peak_among_whole_weeks() {
    // The partial last week (3 days) is higher but not a whole week.
    let w = [
        week("2024-W01", 10.0, 5, 2, 7),
        week("2024-W02", 14.5, 6, 4, 7),
        week("2024-W03", 20.0, 1, 1, 3),
    ];
    assert_eq!(
        wip(Lang::En, &w).unwrap(),
        "Work in progress peaked at 14.5 cases (week 2024-W02); 12 cases arrived and 7 were completed over the 3 weeks."
    );
    assert!(wip(Lang::Zh, &[]).is_none());
}
