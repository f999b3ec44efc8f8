//! A generator of realistic cross-department task logs (客户需求交付: from request intake
//! through review, design, development, testing, compliance approval, release and
//! customer sign-off), used for the sample in `data/`, for test fixtures and for
//! benchmarks, and ([`survey`]) a staff survey about the same process. Deterministic for
//! a given seed.
//!
//! What is built in, so the report has something true to find: a rework loop
//! 测试验证 → 开发实施 → 测试验证 in about a fifth of the cases, requests sent back at
//! 需求评审 (status 退回), and one clear bottleneck: a long queue before 合规审批. From
//! [`IMPROVED_FROM`] (2024-07-01) on, the improvement takes effect: the queue before
//! 合规审批 is cut from 60 to 24 hours on average, testing sends less work back (12%
//! instead of 20%) and fewer requests are returned at review (8% instead of 12%).
//! Each case has a priority (高 waits less, 低 more) and a customer tier, and each row a
//! planned completion (计划完成时间) from a plan that allows 24 hours for approval.

pub mod survey;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Column headers of the generated log's core columns.
pub const HEADERS: [&str; 7] = [
    "工单号",
    "环节",
    "责任部门",
    "处理人",
    "开始时间",
    "完成时间",
    "状态",
];

/// The case attributes and the planned date written after the core columns.
pub const EXTRA_HEADERS: [&str; 3] = ["优先级", "客户等级", "计划完成时间"];

/// The day the sample's improvement takes effect (cases starting on or after it).
pub const IMPROVED_FROM: (i32, u32, u32) = (2024, 7, 1);

/// One generated row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub case: String,
    pub stage: &'static str,
    pub department: &'static str,
    pub owner: &'static str,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub status: &'static str,
    /// 高, 中 or 低.
    pub priority: &'static str,
    /// 战略客户, 重点客户 or 普通客户.
    pub tier: &'static str,
    /// When the plan wanted the row done.
    pub planned: Option<NaiveDateTime>,
}

/// A stage: department, mean working hours, mean hours waited before it.
struct StageDef {
    name: &'static str,
    dept: &'static str,
    work_h: f64,
    wait_h: f64,
}

const STAGES: [StageDef; 8] = [
    StageDef {
        name: "需求受理",
        dept: "客服部",
        work_h: 1.5,
        wait_h: 0.0,
    },
    StageDef {
        name: "需求评审",
        dept: "产品部",
        work_h: 3.0,
        wait_h: 10.0,
    },
    StageDef {
        name: "方案设计",
        dept: "研发部",
        work_h: 12.0,
        wait_h: 8.0,
    },
    StageDef {
        name: "开发实施",
        dept: "研发部",
        work_h: 30.0,
        wait_h: 6.0,
    },
    StageDef {
        name: "测试验证",
        dept: "测试部",
        work_h: 10.0,
        wait_h: 12.0,
    },
    StageDef {
        name: "合规审批",
        dept: "法务部",
        work_h: 2.0,
        wait_h: 60.0,
    },
    StageDef {
        name: "上线发布",
        dept: "运维部",
        work_h: 3.0,
        wait_h: 8.0,
    },
    StageDef {
        name: "客户确认",
        dept: "客服部",
        work_h: 2.0,
        wait_h: 16.0,
    },
];

fn owners(dept: &str) -> &'static [&'static str] {
    match dept {
        "客服部" => &["王芳", "李娜", "陈静"],
        "产品部" => &["张伟", "刘洋"],
        "研发部" => &["赵磊", "孙强", "周杰", "吴昊", "郑凯"],
        "测试部" => &["冯雪", "蒋涛", "韩梅"],
        "法务部" => &["杨帆"],
        _ => &["何军", "高峰"],
    }
}

/// Exponential draw with the given mean.
fn exp(rng: &mut ChaCha8Rng, mean: f64) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    -u.ln() * mean
}

/// Hours the plan allows for a stage: its usual work and waiting, with approval held to
/// a 24-hour service level.
fn planned_hours(s: &StageDef) -> f64 {
    s.work_h * 1.5 + s.wait_h.min(24.0) * 1.2
}

/// Hours rounded to whole minutes, as a duration.
fn minutes(h: f64) -> Duration {
    Duration::minutes((h * 60.0).round().max(1.0) as i64)
}

/// A case's customer tier, priority and how urgency scales its waits.
fn case_profile(rng: &mut ChaCha8Rng) -> (&'static str, &'static str, f64) {
    let tier = match rng.random_range(0..100) {
        0..15 => "战略客户",
        15..50 => "重点客户",
        _ => "普通客户",
    };
    let high_odds = if tier == "战略客户" { 60 } else { 15 };
    let priority = match rng.random_range(0..100) {
        x if x < high_odds => "高",
        x if x < high_odds + 45 => "中",
        _ => "低",
    };
    let urgency = match priority {
        "高" => 0.6,
        "中" => 1.0,
        _ => 1.3,
    };
    (tier, priority, urgency)
}

/// The rows of one case started at `t`: intake, a possible return, the stages with
/// rework loops, the optional stage, the close (`after`: the improved process).
fn generate_case(
    rng: &mut ChaCha8Rng,
    case: String,
    mut t: NaiveDateTime,
    after: bool,
    rows: &mut Vec<Row>,
) {
    let (tier, priority, urgency) = case_profile(rng);
    let mut plan = t;
    let mut push = |rng: &mut ChaCha8Rng,
                    t: &mut NaiveDateTime,
                    k: usize,
                    status: &'static str,
                    wait_scale: f64| {
        let s = &STAGES[k];
        // The improvement: approval no longer queues for days.
        let wait_h = if after && s.name == "合规审批" {
            24.0
        } else {
            s.wait_h
        };
        if wait_h > 0.0 {
            *t += minutes(exp(rng, wait_h * wait_scale * urgency));
        }
        let start = *t;
        let end = start + minutes(exp(rng, s.work_h));
        let o = owners(s.dept);
        plan += minutes(planned_hours(s));
        rows.push(Row {
            case: case.clone(),
            stage: s.name,
            department: s.dept,
            owner: o[rng.random_range(0..o.len())],
            start,
            end,
            status,
            priority,
            tier,
            // Plans are made to the hour.
            planned: plan.with_minute(0).and_then(|p| p.with_second(0)),
        });
        *t = end;
    };
    push(rng, &mut t, 0, "已完成", 1.0);
    if rng.random_bool(if after { 0.08 } else { 0.12 }) {
        push(rng, &mut t, 1, "退回", 1.0);
        push(rng, &mut t, 0, "已完成", 0.5);
    }
    for k in 1..=4 {
        push(rng, &mut t, k, "已完成", 1.0);
    }
    while rng.random_bool(if after { 0.12 } else { 0.2 }) {
        push(rng, &mut t, 3, "已完成", 0.5);
        push(rng, &mut t, 4, "已完成", 1.0);
    }
    if rng.random_bool(0.75) {
        push(rng, &mut t, 5, "已完成", 1.0);
    }
    push(rng, &mut t, 6, "已完成", 1.0);
    push(rng, &mut t, 7, "已完成", 1.0);
}

/// Generates `cases` cases starting over the year 2024.
pub fn generate(cases: usize, seed: u64) -> Vec<Row> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let year_start = NaiveDate::from_ymd_opt(2024, 1, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let improved = NaiveDate::from_ymd_opt(IMPROVED_FROM.0, IMPROVED_FROM.1, IMPROVED_FROM.2)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(cases * 9);
    for i in 0..cases {
        let case = format!("XQ2024{:05}", i + 1);
        let day = (i as f64 / cases.max(1) as f64 * 360.0) as i64;
        let t = year_start + Duration::days(day) + Duration::minutes(rng.random_range(0..540));
        generate_case(&mut rng, case, t, t >= improved, &mut rows);
    }
    rows
}

/// `2024/3/1 14:05`, as Chinese Excel writes times into CSV.
pub fn excel_cn_time(t: &NaiveDateTime) -> String {
    t.format("%Y/%-m/%-d %H:%M").to_string()
}

/// Quotes a CSV field when needed.
pub(crate) fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes the rows as UTF-8 CSV with a BOM (what Excel opens correctly).
pub fn write_csv(rows: &[Row], path: &Path) -> Result<()> {
    crate::export::write_atomic(path, &csv_bytes(rows, true)?)
}

/// Writes the rows as CSV in GBK without a BOM, as Chinese Excel saves "CSV".
pub fn write_csv_gbk(rows: &[Row], path: &Path) -> Result<()> {
    let text = String::from_utf8(csv_bytes(rows, false)?)?;
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    crate::export::write_atomic(path, &bytes)
}

/// The rows as UTF-8 CSV text.
fn csv_bytes(rows: &[Row], bom: bool) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(rows.len() * 80);
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    writeln!(buf, "{},{}", HEADERS.join(","), EXTRA_HEADERS.join(","))?;
    for r in rows {
        writeln!(
            buf,
            "{},{},{},{},{},{},{},{},{},{}",
            csv_quote(&r.case),
            csv_quote(r.stage),
            csv_quote(r.department),
            csv_quote(r.owner),
            excel_cn_time(&r.start),
            excel_cn_time(&r.end),
            csv_quote(r.status),
            r.priority,
            r.tier,
            r.planned.as_ref().map(excel_cn_time).unwrap_or_default()
        )?;
    }
    Ok(buf)
}

/// Writes the rows as an XLSX workbook with real date cells, under a title row (as
/// office exports often have).
pub fn write_xlsx(rows: &[Row], path: &Path) -> Result<()> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file byte-identical for the same seed.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("任务进度跟踪表")?;
    let date = Format::new().set_num_format("yyyy/m/d hh:mm");
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    ws.merge_range(
        0,
        0,
        0,
        (HEADERS.len() + EXTRA_HEADERS.len()) as u16 - 1,
        "客户需求交付 任务进度跟踪表",
        &title,
    )?;
    for (j, h) in HEADERS.iter().chain(&EXTRA_HEADERS).enumerate() {
        ws.write_string_with_format(1, j as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        ws.write_string(row, 0, &r.case)?;
        ws.write_string(row, 1, r.stage)?;
        ws.write_string(row, 2, r.department)?;
        ws.write_string(row, 3, r.owner)?;
        ws.write_datetime_with_format(row, 4, r.start, &date)?;
        ws.write_datetime_with_format(row, 5, r.end, &date)?;
        ws.write_string(row, 6, r.status)?;
        ws.write_string(row, 7, r.priority)?;
        ws.write_string(row, 8, r.tier)?;
        if let Some(p) = &r.planned {
            ws.write_datetime_with_format(row, 9, p, &date)?;
        }
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(9, 16)?;
    ws.set_column_width(4, 16)?;
    ws.set_column_width(5, 16)?;
    let bytes = wb.save_to_buffer()?;
    crate::export::write_atomic(path, &bytes)
}

/// Writes `{dir}/{name}.csv` and, unless `csv_only`, `{dir}/{name}.xlsx`.
pub fn write_sample(
    dir: &Path,
    name: &str,
    cases: usize,
    seed: u64,
    csv_only: bool,
) -> Result<Vec<PathBuf>> {
    write_sample_as(dir, name, cases, seed, csv_only, false)
}

/// [`write_sample`], with the CSV in GBK (no BOM) when `gbk`.
pub fn write_sample_as(
    dir: &Path,
    name: &str,
    cases: usize,
    seed: u64,
    csv_only: bool,
    gbk: bool,
) -> Result<Vec<PathBuf>> {
    let rows = generate(cases, seed);
    let csv = dir.join(format!("{name}.csv"));
    let written = if gbk {
        write_csv_gbk(&rows, &csv)
    } else {
        write_csv(&rows, &csv)
    };
    written.with_context(|| format!("{}: cannot write", csv.display()))?;
    let mut out = vec![csv];
    if !csv_only {
        let xlsx = dir.join(format!("{name}.xlsx"));
        write_xlsx(&rows, &xlsx).with_context(|| format!("{}: cannot write", xlsx.display()))?;
        out.push(xlsx);
    }
    Ok(out)
}

/// `data/procdiag.toml`: the settings that describe the sample.
pub const SAMPLE_CONFIG: &str = r#"# procdiag.toml for the sample in this folder (written by `procdiag sample`).
# `procdiag report` run in the project folder with no input flags reads it.
# Paths are relative to this file. Every key is explained in the README.

[tasks]
file = "sample_tasklog.xlsx"

[survey]
# Two waves of the same 问卷星 questionnaire: before and after the improvement.
files = ["sample_survey_wave1.xlsx", "sample_survey_wave2.xlsx"]
# 3、(经常需要重复提交材料) is worded the other way round: agreeing is bad.
reverse = ["Q3_4"]
# Break the scores down by question 1 (the department); each file is a wave.
groups = ["Q1"]

# The three matrix questions measure these dimensions (a question code stands for
# all its rows).
[survey.dimensions]
"流程效率" = ["Q3"]
"沟通满意度" = ["Q4"]
"职责清晰度" = ["Q5"]

# The improvement went live on 2024-07-01: cases started before it are the baseline,
# the rest the comparison period. Survey answers fall in a period by submission date.
[periods]
split = "2024-07-01"

# The targets of the improvement plan (relative -20%, bounds <= / >=, points +5pt).
[[targets]]
name = "项目平均交付周期 −20%"
metric = "lead_time.mean"
goal = "-20%"

[[targets]]
name = "合规审批等待时间减半"
metric = "wait_time.median[stage=合规审批]"
goal = "-50%"

[[targets]]
name = "跨部门交接等待 −30%"
metric = "handoff_delay.mean"
goal = "-30%"

[[targets]]
name = "按期完成率 ≥ 80%"
metric = "on_time_rate"
goal = ">= 80%"

[[targets]]
name = "一次通过率 +5 个百分点"
metric = "first_time_right"
goal = "+5pt"

[[targets]]
name = "信息同步及时（认同率）+40%"
metric = "survey.top2box[item=Q4_2]"
goal = "+40%"

[[targets]]
name = "沟通满意度 +0.5 分"
metric = "survey.mean[dimension=沟通满意度]"
goal = "+0.5pt"

[[targets]]
name = "职责清晰度 ≥ 3.2"
metric = "survey.mean[dimension=职责清晰度]"
goal = ">= 3.2"

[[targets]]
name = "需求首次响应达成率 ≥ 90%"
metric = "sla_compliance[name=需求首次响应]"
goal = ">= 90%"

# The KPI review: per quarter, and broken down by customer tier.
[kpi]
grain = "quarter"
by = ["客户等级"]

# The business calendar the service levels run on: Monday to Friday, 09:00–12:00 and
# 13:30–18:00, China's public holidays and make-up workdays (调休). The sample's times
# carry no zone, so they are read as written.
[calendar]
workdays = "mon-fri"
hours = ["09:00-12:00", "13:30-18:00"]
holidays = "cn"

# Lead and waiting times also in working hours of the calendar.
[report]
durations = "working"

# Service levels (SLA): a request gets its review started within 4 working hours
# (高), 1 working day (中) or 2 working days (低); the compliance approval is done
# within 3 working days of the tests passing; every open request shows progress each
# week by Friday 17:00.
[[sla]]
name = "需求首次响应"
start = "需求受理.end"
stop = "需求评审.start"
by = "优先级"
targets = { "高" = "4wh", "中" = "1wd", "低" = "2wd" }

[[sla]]
name = "合规审批时限"
start = "测试验证.end"
stop = "合规审批.end"
target = "3wd"

[[sla]]
name = "每周进度更新"
weekly = "fri 17:00"
"#;

/// Writes the task log, the two survey waves and `procdiag.toml` into `dir`.
pub fn write_full_sample(dir: &Path, name: &str, cases: usize, seed: u64) -> Result<Vec<PathBuf>> {
    let mut out = write_sample_as(dir, name, cases, seed, false, false)?;
    out.extend(survey::write_sample_survey(dir, seed)?);
    let config = dir.join("procdiag.toml");
    crate::export::write_atomic(&config, SAMPLE_CONFIG.as_bytes())?;
    out.push(config);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_ordered() {
        let a = generate(50, 7);
        assert_eq!(a, generate(50, 7));
        assert_ne!(a, generate(50, 8));
        assert!(a.iter().all(|r| r.end > r.start));
        assert!(a.iter().any(|r| r.status == "退回"));
    }

    #[test]
    fn chinese_excel_time_format() {
        let t = NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        assert_eq!(excel_cn_time(&t), "2024/3/1 14:05");
    }
}
