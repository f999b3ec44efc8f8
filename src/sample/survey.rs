//! A generated staff survey about the sample process (跨部门协作满意度调查), in two waves:
//! before the improvement (March 2024) and after it (September 2024). Three matrix
//! questions on a five-point agreement scale become the dimensions 流程效率 (with one
//! reverse-worded row), 沟通满意度 and 职责清晰度; a department and a tenure question, a
//! multi-select "which stages take longest", a 0–10 recommendation question, open-text
//! pain points and an optional phone number (personal data procdiag must leave out).
//!
//! What is built in: wave 2 is better on 流程效率 and 沟通满意度 but not on 职责清晰度;
//! 合规审批 is named less often; 法务部 has too few respondents to be shown; respondents
//! with under a year of service skip question 5 (survey logic). Written as 问卷星's
//! 按文本 export; the canonical [`Response`] rows also feed the platform-layout tests.

use std::path::Path;

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Departments and their share of respondents (法务部: one in ninety, on purpose).
pub const DEPARTMENTS: [(&str, f64); 6] = [
    ("客服部", 0.20),
    ("产品部", 0.15),
    ("研发部", 0.31),
    ("测试部", 0.18),
    ("运维部", 0.14),
    ("法务部", 0.008),
];

pub const TENURE: [&str; 4] = ["1年以下", "1-3年", "3-5年", "5年以上"];

/// A matrix question: its number, the dimension it measures, its rows (Chinese text,
/// English text, reverse-worded).
pub struct Matrix {
    pub number: usize,
    pub dimension: &'static str,
    pub rows: &'static [(&'static str, &'static str, bool)],
}

pub const MATRICES: [Matrix; 3] = [
    Matrix {
        number: 3,
        dimension: "流程效率",
        rows: &[
            ("审批环节设置合理", "The approval steps make sense", false),
            (
                "跨部门任务流转及时",
                "Tasks move between departments on time",
                false,
            ),
            (
                "等待其他部门的时间可以接受",
                "Waiting for other departments is acceptable",
                false,
            ),
            (
                "经常需要重复提交材料",
                "I often have to resubmit the same documents",
                true,
            ),
        ],
    },
    Matrix {
        number: 4,
        dimension: "沟通满意度",
        rows: &[
            (
                "跨部门沟通顺畅",
                "Communication across departments is smooth",
                false,
            ),
            ("信息同步及时", "Information is shared in time", false),
            (
                "遇到问题能找到对接人",
                "I can find the right contact when a problem comes up",
                false,
            ),
            ("会议沟通效率高", "Meetings are efficient", false),
        ],
    },
    Matrix {
        number: 5,
        dimension: "职责清晰度",
        rows: &[
            (
                "各环节职责分工清楚",
                "Each stage's responsibilities are clear",
                false,
            ),
            (
                "每个任务都有明确的负责人",
                "Every task has a clear owner",
                false,
            ),
            (
                "部门之间的边界清晰",
                "The boundaries between departments are clear",
                false,
            ),
        ],
    },
];

/// Options of the multi-select question (the sample process's stages).
pub const PAINS: [&str; 6] = [
    "需求评审",
    "方案设计",
    "开发实施",
    "测试验证",
    "合规审批",
    "上线发布",
];

/// Five-point agreement labels, lowest first.
pub const AGREE_ZH: [&str; 5] = ["非常不同意", "不同意", "一般", "同意", "非常同意"];
pub const AGREE_EN: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neutral",
    "Agree",
    "Strongly agree",
];

/// Open-text answers: templates whose `{}` takes a varying detail, so that answers
/// repeat ideas but seldom words, as real comments do.
const COMMENTS: [(&str, &[&str]); 16] = [
    (
        "合规审批排队时间太长，{}",
        &[
            "经常要等一周以上",
            "上个月等了十天",
            "催了三次才有回复",
            "急单也要排队",
        ],
    ),
    (
        "审批流程环节多，{}",
        &[
            "希望能并行审批",
            "建议合并重复的签字",
            "小额需求也要走全流程",
            "领导出差就卡住",
        ],
    ),
    (
        "跨部门沟通主要靠微信群，{}",
        &[
            "信息容易遗漏",
            "消息刷屏找不到",
            "没有留痕",
            "新人不知道进哪个群",
        ],
    ),
    (
        "需求变更{}",
        &[
            "没有及时同步给测试",
            "经常口头通知",
            "没有版本记录",
            "上线前一天才说",
        ],
    ),
    (
        "不清楚{}该找哪个部门负责",
        &["数据权限", "合同条款", "环境申请", "客户投诉升级"],
    ),
    (
        "测试环境{}",
        &[
            "经常被占用",
            "不稳定，等待时间长",
            "申请流程复杂",
            "和生产不一致",
        ],
    ),
    (
        "同一份材料要{}",
        &[
            "向不同部门重复提交",
            "改好几版格式",
            "打印签字再扫描",
            "在两个系统里各填一遍",
        ],
    ),
    (
        "会议太多，{}",
        &[
            "但结论没有人跟进",
            "占用开发时间",
            "很多会可以用邮件代替",
            "周会经常超时",
        ],
    ),
    (
        "希望{}",
        &[
            "建立统一的任务跟踪系统",
            "有一个看板能看到进度",
            "每个需求有唯一负责人",
            "审批能在手机上完成",
        ],
    ),
    (
        "上线窗口少，{}",
        &[
            "发布要排队",
            "错过一次要等一周",
            "紧急修复也要等窗口",
            "周五不能发布",
        ],
    ),
    (
        "需求评审{}",
        &[
            "经常被退回，标准不统一",
            "材料要求不明确",
            "评审人临时请假",
            "意见前后矛盾",
        ],
    ),
    (
        "法务意见反馈慢，{}",
        &[
            "影响整体进度",
            "合同卡了两周",
            "不知道处理到哪一步",
            "没有明确时限",
        ],
    ),
    (
        "OA系统{}",
        &[
            "审批提醒不及时",
            "手机端经常打不开",
            "附件大小有限制",
            "找不到历史记录",
        ],
    ),
    (
        "责任边界模糊，{}",
        &[
            "出了问题互相推诿",
            "交接时容易漏项",
            "同一件事两个部门都在做",
            "没人愿意牵头",
        ],
    ),
    (
        "{}",
        &[
            "每周进度同步会很有帮助",
            "建议定期做跨部门复盘",
            "流程图贴出来后清楚多了",
            "对接人名单很实用",
        ],
    ),
    (
        "整体协作{}",
        &[
            "比以前顺畅了",
            "有改善，但审批还是慢",
            "还可以",
            "看部门，差别很大",
        ],
    ),
];

/// One respondent's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: usize,
    pub submitted: NaiveDateTime,
    pub seconds: u32,
    pub mobile: bool,
    pub ip: String,
    pub department: &'static str,
    pub tenure: &'static str,
    /// The matrix rows in order (3.1 … 5.3), 1–5; `None` when skipped by logic.
    pub ratings: Vec<Option<u8>>,
    /// Indices into [`PAINS`].
    pub pains: Vec<usize>,
    /// The text of the "other" option, when ticked.
    pub pain_other: Option<&'static str>,
    pub nps: u8,
    pub comment: Option<String>,
    pub phone: Option<String>,
}

/// Standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick_weighted(rng: &mut ChaCha8Rng, items: &[(&'static str, f64)]) -> &'static str {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0.0..total);
    for (name, w) in items {
        if x < *w {
            return name;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// The ratings of one respondent: per matrix a latent level (wave mean, department,
/// person, noise), per row that level with noise; 问卷星 skips question 5 for
/// newcomers.
fn ratings(
    rng: &mut ChaCha8Rng,
    means: [f64; 3],
    shift: f64,
    person: f64,
    tenure: &str,
) -> Vec<Option<u8>> {
    let mut ratings = Vec::new();
    for (d, m) in MATRICES.iter().enumerate() {
        let latent = means[d] + shift + person + 0.45 * normal(rng);
        for &(_, _, reversed) in m.rows {
            let skipped = m.number == 5 && tenure == "1年以下";
            let x = (latent + 0.6 * normal(rng)).round().clamp(1.0, 5.0) as u8;
            ratings.push((!skipped).then_some(if reversed { 6 - x } else { x }));
        }
    }
    ratings
}

/// The stages a respondent ticks as slow (合规审批 less often in wave 2).
fn pains(rng: &mut ChaCha8Rng, wave: u8) -> Vec<usize> {
    let compliance = if wave == 1 { 0.6 } else { 0.3 };
    let odds = [0.3, 0.15, 0.15, 0.35, compliance, 0.15];
    let mut pains: Vec<usize> = (0..PAINS.len())
        .filter(|i| rng.random_bool(odds[*i]))
        .collect();
    if pains.is_empty() {
        pains.push(4);
    }
    pains
}

/// An open-text comment of one or two sentences, for about half the respondents.
fn comment(rng: &mut ChaCha8Rng, wave: u8) -> Option<String> {
    rng.random_bool(0.55).then(|| {
        let k = rng.random_range(1..=2);
        let pool = if wave == 1 {
            &COMMENTS[..15]
        } else {
            &COMMENTS[1..]
        };
        (0..k)
            .map(|_| {
                let (template, details) = pool[rng.random_range(0..pool.len())];
                template.replace("{}", details[rng.random_range(0..details.len())])
            })
            .collect::<Vec<_>>()
            .join("。")
    })
}

/// Time taken, submission time, IP and (sometimes) a phone number left in an answer.
fn metadata(
    rng: &mut ChaCha8Rng,
    start: NaiveDateTime,
) -> (u32, NaiveDateTime, String, Option<String>) {
    let seconds = if rng.random_bool(0.03) {
        rng.random_range(20..45)
    } else {
        (200.0 * (0.35 * normal(rng)).exp()).round() as u32
    };
    let submitted = start
        + Duration::days(rng.random_range(0..12))
        + Duration::seconds(rng.random_range(0..36_000));
    let ip = format!(
        "{}.{}.{}.{}(上海-上海)",
        rng.random_range(36..223),
        rng.random_range(0..255),
        rng.random_range(0..255),
        rng.random_range(1..255)
    );
    let phone = rng.random_bool(0.15).then(|| {
        format!(
            "13{}{:08}",
            rng.random_range(5..10),
            rng.random_range(0..100_000_000u32)
        )
    });
    (seconds, submitted, ip, phone)
}

/// One response of `wave`.
fn response(rng: &mut ChaCha8Rng, id: usize, wave: u8, start: NaiveDateTime) -> Response {
    // Dimension means per wave: efficiency and communication improve, clarity does not.
    let means = if wave == 1 {
        [2.6, 3.0, 3.3]
    } else {
        [3.4, 3.6, 3.3]
    };
    // 法务部 is kept below the five respondents a group needs to be shown.
    let department = if id.is_multiple_of(90) {
        "法务部"
    } else {
        pick_weighted(rng, &DEPARTMENTS[..5])
    };
    let tenure = TENURE[rng.random_range(0..TENURE.len())];
    let shift = match department {
        "法务部" => 0.4,
        "测试部" => -0.3,
        "客服部" => -0.2,
        _ => 0.0,
    };
    let person = 0.5 * normal(rng);
    let ratings = ratings(rng, means, shift, person, tenure);
    let mood = means[0] + means[1] + person * 2.0 - 5.0;
    let nps = (5.5 + mood * 1.6 + 1.5 * normal(rng))
        .round()
        .clamp(0.0, 10.0) as u8;
    let pains = pains(rng, wave);
    let pain_other = rng.random_bool(0.05).then_some("系统权限申请");
    let comment = comment(rng, wave);
    let (seconds, submitted, ip, phone) = metadata(rng, start);
    Response {
        id,
        submitted,
        seconds,
        mobile: rng.random_bool(0.6),
        ip,
        department,
        tenure,
        ratings,
        pains,
        pain_other,
        nps,
        comment,
        phone,
    }
}

/// Generates `n` responses of wave 1 (March 2024) or wave 2 (September 2024).
pub fn generate(n: usize, wave: u8, seed: u64) -> Vec<Response> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (u64::from(wave) << 32));
    let start = match wave {
        1 => NaiveDate::from_ymd_opt(2024, 3, 4),
        _ => NaiveDate::from_ymd_opt(2024, 9, 2),
    }
    .and_then(|d| d.and_hms_opt(8, 30, 0))
    .unwrap_or_default();
    let mut out: Vec<Response> = (1..=n)
        .map(|id| response(&mut rng, id, wave, start))
        .collect();
    out.sort_by_key(|r| r.submitted);
    for (i, r) in out.iter_mut().enumerate() {
        r.id = i + 1;
    }
    out
}

/// The matrix rows as (question number, row number, Chinese text, English text,
/// reverse-worded), in column order.
pub fn matrix_rows() -> Vec<(usize, usize, &'static str, &'static str, bool)> {
    MATRICES
        .iter()
        .flat_map(|m| {
            m.rows
                .iter()
                .enumerate()
                .map(move |(k, (zh, en, rev))| (m.number, k + 1, *zh, *en, *rev))
        })
        .collect()
}

/// The responses as 问卷星's 按文本 export (header row first).
pub fn wjx_records(rows: &[Response]) -> Vec<Vec<String>> {
    let mut header: Vec<String> = [
        "序号",
        "提交答卷时间",
        "所用时间",
        "来源",
        "来源详情",
        "来自IP",
    ]
    .map(String::from)
    .to_vec();
    header.push("1、您所在的部门：".into());
    header.push("2、您在公司的工作年限：".into());
    for (_, _, zh, _, _) in matrix_rows() {
        let q = MATRICES
            .iter()
            .find(|m| m.rows.iter().any(|r| r.0 == zh))
            .map_or(0, |m| m.number);
        header.push(format!("{q}、({zh})"));
    }
    header.push("6、您认为哪些环节耗时最长？【多选题】".into());
    header.push("7、您向同事推荐目前跨部门协作方式的可能性有多大？（0-10分）".into());
    header.push("8、您在跨部门协作中遇到的主要问题和改进建议：".into());
    header.push("9、您的手机号（选填，便于回访）：".into());
    let mut out = vec![header];
    for r in rows {
        let mut rec = vec![
            r.id.to_string(),
            r.submitted.format("%Y/%m/%d %H:%M:%S").to_string(),
            format!("{}秒", r.seconds),
            if r.mobile { "手机提交" } else { "链接" }.to_string(),
            "直接访问".to_string(),
            r.ip.clone(),
            r.department.to_string(),
            r.tenure.to_string(),
        ];
        for v in &r.ratings {
            rec.push(match v {
                Some(x) => AGREE_ZH[*x as usize - 1].to_string(),
                None => "(跳过)".to_string(),
            });
        }
        let mut pains: Vec<String> = r.pains.iter().map(|i| PAINS[*i].to_string()).collect();
        if let Some(o) = r.pain_other {
            pains.push(format!("其他〖{o}〗"));
        }
        rec.push(pains.join("┋"));
        rec.push(r.nps.to_string());
        rec.push(r.comment.clone().unwrap_or_else(|| "(空)".into()));
        rec.push(r.phone.clone().unwrap_or_else(|| "(空)".into()));
        out.push(rec);
    }
    out
}

/// Writes records (header first) as CSV (UTF-8 with a BOM) or, for `.xlsx`, as a
/// workbook whose whole numbers are number cells.
pub fn write_records(records: &[Vec<String>], path: &Path, sheet: &str) -> Result<()> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        let mut text = String::from("\u{feff}");
        for r in records {
            let line: Vec<String> = r.iter().map(|c| super::csv_quote(c)).collect();
            text.push_str(&line.join(","));
            text.push_str("\r\n");
        }
        return crate::export::write_atomic(path, text.as_bytes());
    }
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (i, r) in records.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            let (row, col) = (i as u32, j as u16);
            // Whole numbers (序号, 0–10 ratings) as number cells; long digit strings
            // (phone numbers) and leading zeros stay text.
            let number = c.len() <= 6 && (!c.starts_with('0') || c == "0");
            match c.parse::<i64>() {
                Ok(x) if i > 0 && number => {
                    ws.write_number(row, col, x as f64)?;
                }
                _ => {
                    ws.write_string(row, col, c)?;
                }
            }
        }
    }
    crate::export::write_atomic(path, &wb.save_to_buffer()?)
}

/// The sample waves' file names in `data/`.
pub const WAVE_FILES: [&str; 2] = ["sample_survey_wave1.xlsx", "sample_survey_wave2.xlsx"];

/// Respondents per wave.
pub const WAVE_SIZES: [usize; 2] = [186, 174];

/// Writes both waves of the sample survey into `dir`.
pub fn write_sample_survey(dir: &Path, seed: u64) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for (w, (file, n)) in WAVE_FILES.iter().zip(WAVE_SIZES).enumerate() {
        let rows = generate(n, w as u8 + 1, seed);
        let path = dir.join(file);
        write_records(&wjx_records(&rows), &path, "Sheet1")?;
        out.push(path);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waves_are_deterministic_and_differ_as_built() {
        let a = generate(150, 1, 2024);
        assert_eq!(a, generate(150, 1, 2024));
        let b = generate(150, 2, 2024);
        let mean = |rows: &[Response], k: usize| {
            let v: Vec<f64> = rows
                .iter()
                .filter_map(|r| r.ratings[k])
                .map(f64::from)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(mean(&b, 0) > mean(&a, 0) + 0.4, "流程效率 improves");
        assert!(
            (mean(&b, 8) - mean(&a, 8)).abs() < 0.35,
            "职责清晰度 does not"
        );
        assert!(a
            .iter()
            .all(|r| (r.tenure == "1年以下") == r.ratings[8].is_none()));
        let recs = wjx_records(&a);
        assert_eq!(recs[0][8], "3、(审批环节设置合理)");
        assert_eq!(recs.len(), 151);
    }
}
