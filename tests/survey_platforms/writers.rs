//! The canonical generated responses written as each survey platform's export, from the
//! descriptions in `SURVEY_FORMATS.md` (test code of its own: it does not use procdiag's
//! platform modules). Every writer gives the records (header rows, then data rows) and
//! the values of the columns that identify people, which procdiag must leave out.
//!
//! Option texts (departments, tenure, the stages of the multi-select question) stay the
//! same Chinese texts on every platform, so that counts compare by text; English
//! platforms use English question texts and the English agreement labels.

use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use procdiag::sample::survey::{
    matrix_rows, wjx_records, Response, AGREE_EN, AGREE_ZH, MATRICES, PAINS,
};
use rust_xlsxwriter::{Format, Workbook};

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    /// Text (a string cell in a workbook).
    T(String),
    /// A number (a number cell in a workbook).
    N(f64),
    /// A date-time: a date-formatted serial in a workbook, the text in a CSV.
    D(NaiveDateTime, String),
    /// An empty cell.
    E,
}

impl C {
    /// The cell as a CSV writes it.
    pub fn text(&self) -> String {
        match self {
            C::T(s) | C::D(_, s) => s.clone(),
            C::N(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            C::N(x) => format!("{x}"),
            C::E => String::new(),
        }
    }
}

fn t(s: impl Into<String>) -> C {
    C::T(s.into())
}

fn n(x: impl Into<f64>) -> C {
    C::N(x.into())
}

fn opt_t(s: Option<impl Into<String>>) -> C {
    s.map_or(C::E, |s| C::T(s.into()))
}

/// How a CSV is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark (what most platforms write for Excel).
    Utf8Bom,
    Utf8,
    /// GBK without a BOM (Chinese Excel's "Save as CSV").
    Gbk,
}

/// One platform's export of a set of responses.
#[derive(Debug, Clone)]
pub struct Export {
    pub records: Vec<Vec<C>>,
    /// Headers of the columns that identify people.
    pub personal_headers: Vec<String>,
    /// Every non-empty value of those columns.
    pub personal_values: Vec<String>,
    pub csv: Encoding,
    pub sheet: &'static str,
}

impl Export {
    fn new(records: Vec<Vec<C>>, personal_headers: &[&str], csv: Encoding) -> Export {
        let mut e = Export {
            records,
            personal_headers: personal_headers.iter().map(|h| h.to_string()).collect(),
            personal_values: Vec::new(),
            csv,
            sheet: "Sheet1",
        };
        e.collect_personal();
        e
    }

    /// Collects the values of the personal columns (named in the first header row).
    fn collect_personal(&mut self) {
        let header: Vec<String> = self.records[0].iter().map(C::text).collect();
        let cols: Vec<usize> = self
            .personal_headers
            .iter()
            .map(|h| {
                header
                    .iter()
                    .position(|x| x == h)
                    .unwrap_or_else(|| panic!("no personal column {h} in {header:?}"))
            })
            .collect();
        let mut values = Vec::new();
        for r in &self.records[1..] {
            for &c in &cols {
                let v = r.get(c).map(C::text).unwrap_or_default();
                // 问卷星's `(空)` marks an empty answer, not a person.
                if !v.trim().is_empty() && v != "(空)" && !values.contains(&v) {
                    values.push(v);
                }
            }
        }
        self.personal_values = values;
    }

    /// Writes the export as CSV (its platform's encoding) or, for `.xlsx`, a workbook.
    pub fn write(&self, path: &Path) {
        if path.extension().is_some_and(|e| e == "xlsx") {
            write_xlsx(&self.records, path, self.sheet);
        } else {
            write_csv(&self.records, path, self.csv);
        }
    }
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Records as CSV text (CRLF line ends).
pub fn csv_text(records: &[Vec<C>]) -> String {
    let mut out = String::new();
    for r in records {
        let line: Vec<String> = r.iter().map(|c| quote(&c.text())).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn write_csv(records: &[Vec<C>], path: &Path, encoding: Encoding) {
    let text = csv_text(records);
    let bytes = match encoding {
        Encoding::Utf8Bom => format!("\u{feff}{text}").into_bytes(),
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Gbk => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
            assert!(!unmappable, "the fixture has characters GBK cannot hold");
            bytes.into_owned()
        }
    };
    std::fs::write(path, bytes).unwrap();
}

/// Records as a workbook: texts as string cells, numbers as number cells, date-times
/// as date-formatted serial numbers.
pub fn write_xlsx(records: &[Vec<C>], path: &Path, sheet: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("mm/dd/yyyy hh:mm:ss AM/PM");
    for (i, r) in records.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            let (row, col) = (i as u32, j as u16);
            match c {
                C::T(s) if !s.is_empty() => {
                    ws.write_string(row, col, s).unwrap();
                }
                C::N(x) => {
                    ws.write_number(row, col, *x).unwrap();
                }
                C::D(at, _) => {
                    ws.write_datetime_with_format(row, col, at, &date).unwrap();
                }
                C::T(_) | C::E => {}
            }
        }
    }
    wb.save(path).unwrap();
}

// ---- Question texts -------------------------------------------------------------

pub const DEPT_ZH: &str = "您所在的部门";
pub const TENURE_ZH: &str = "您在公司的工作年限";
pub const PAINS_ZH: &str = "您认为哪些环节耗时最长？";
pub const NPS_ZH: &str = "您向同事推荐目前跨部门协作方式的可能性有多大？（0-10分）";
pub const COMMENT_ZH: &str = "您在跨部门协作中遇到的主要问题和改进建议";

pub const DEPT_EN: &str = "Which department do you work in?";
pub const TENURE_EN: &str = "How long have you worked at the company?";
pub const PAINS_EN: &str = "Which stages take the longest?";
pub const NPS_EN: &str =
    "How likely are you to recommend the way departments work together to a colleague?";
pub const COMMENT_EN: &str =
    "What are the main problems in working across departments, and what would you suggest?";
/// The matrices' stems in English (Chinese: the dimension names).
pub const STEMS_EN: [&str; 3] = ["Process efficiency", "Communication", "Role clarity"];

/// The "other" option of the multi-select question.
pub const OTHER: &str = "其他";

/// The matrix rows in column order: (matrix index, question number, row number,
/// Chinese text, English text).
fn rows_of_matrices() -> Vec<(usize, usize, usize, &'static str, &'static str)> {
    matrix_rows()
        .into_iter()
        .map(|(q, k, zh, en, _)| {
            let m = MATRICES.iter().position(|m| m.number == q).unwrap();
            (m, q, k, zh, en)
        })
        .collect()
}

fn zh_stem(m: usize) -> &'static str {
    MATRICES[m].dimension
}

fn label(v: Option<u8>, labels: &[&str; 5]) -> C {
    v.map_or(C::E, |x| t(labels[x as usize - 1]))
}

fn number(v: Option<u8>) -> C {
    v.map_or(C::E, n)
}

/// The options a respondent ticked, with the "other" option when they wrote one.
fn ticked(r: &Response) -> Vec<&'static str> {
    let mut out: Vec<&str> = r.pains.iter().map(|i| PAINS[*i]).collect();
    if r.pain_other.is_some() {
        out.push(OTHER);
    }
    out
}

fn is_ticked(r: &Response, option: usize) -> bool {
    if option < PAINS.len() {
        r.pains.contains(&option)
    } else {
        r.pain_other.is_some()
    }
}

/// The "options + other" list: the six stages and 其他.
fn all_options() -> Vec<&'static str> {
    PAINS.iter().copied().chain([OTHER]).collect()
}

// ---- Fake personal data ---------------------------------------------------------

const FIRST: [&str; 8] = [
    "Xiaoming", "Jiayi", "Zihan", "Yuxuan", "Haoran", "Shiyu", "Ruoxi", "Zhiyuan",
];
const LAST: [&str; 8] = [
    "Wang", "Zhang", "Chen", "Zhao", "Huang", "Zhou", "Yang", "Liu",
];
const ZH_FIRST: [&str; 8] = [
    "小明", "佳怡", "子涵", "雨轩", "浩然", "诗雨", "若曦", "志远",
];
const ZH_LAST: [&str; 8] = ["王", "张", "陈", "赵", "黄", "周", "杨", "刘"];

/// Someone who answered: plausible, made-up identifying data.
struct Person {
    first: &'static str,
    last: &'static str,
    email: String,
    zh_name: String,
    nickname: String,
    openid: String,
    ip: String,
    latitude: f64,
    longitude: f64,
}

fn person(r: &Response) -> Person {
    let i = r.id;
    let (first, last) = (FIRST[i % 8], LAST[(i / 8 + i) % 8]);
    Person {
        first,
        last,
        email: format!(
            "{}.{}{:03}@example.com",
            first.to_lowercase(),
            last.to_lowercase(),
            i
        ),
        zh_name: format!("{}{}", ZH_LAST[(i / 8 + i) % 8], ZH_FIRST[i % 8]),
        nickname: format!("{}{:03}", ["晴天", "云朵", "橘子", "星河"][i % 4], i),
        openid: format!(
            "oQ7x{:012x}",
            (i as u64).wrapping_mul(2_654_435_761) % (1 << 48)
        ),
        ip: r.ip.split('(').next().unwrap_or("").trim().to_string(),
        latitude: 31.0 + ((i * 7919) % 1_000_000) as f64 / 1_000_000.0 + 0.1,
        longitude: 121.0 + ((i * 104_729) % 1_000_000) as f64 / 1_000_000.0 + 0.2,
    }
}

fn started(r: &Response) -> NaiveDateTime {
    r.submitted - Duration::seconds(i64::from(r.seconds))
}

fn header(cells: &[String]) -> Vec<C> {
    cells.iter().map(|h| t(h.clone())).collect()
}

// ---- The layouts ----------------------------------------------------------------

/// The plain layout (the reference): one header row, matrix rows numbered `3.1. …` so
/// that they form their questions, ratings 1–5 (skipped: empty), the multi-select
/// options joined with `;`.
pub fn plain(rows: &[Response]) -> Export {
    let mut h: Vec<String> = vec!["部门".into(), "工作年限".into()];
    for (_, q, k, zh, _) in rows_of_matrices() {
        h.push(format!("{q}.{k}. {zh}"));
    }
    h.extend(["耗时最长的环节", "推荐意愿", "问题和建议"].map(String::from));
    let mut out = vec![header(&h)];
    for r in rows {
        let mut rec = vec![t(r.department), t(r.tenure)];
        rec.extend(r.ratings.iter().map(|v| number(*v)));
        rec.push(t(ticked(r).join(";")));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        out.push(rec);
    }
    Export::new(out, &[], Encoding::Utf8Bom)
}

/// 问卷星's 按文本 export, exactly as the library writes it (whole numbers as number
/// cells in the workbook; the phone number stays text).
pub fn wjx_text(rows: &[Response]) -> Export {
    let recs = wjx_records(rows);
    let phone = recs[0].last().unwrap().clone();
    let cells: Vec<Vec<C>> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .map(|c| match c.parse::<i64>() {
                    Ok(x) if i > 0 && c.len() <= 6 && (!c.starts_with('0') || c == "0") => {
                        n(x as f64)
                    }
                    _ => t(c.clone()),
                })
                .collect()
        })
        .collect();
    Export::new(cells, &["来自IP", &phone], Encoding::Utf8Bom)
}

/// 问卷星's 按分数/按序号 export with the old sub-column headers: matrix rows
/// `第3题(审批环节设置合理)` holding 1–5, the multi-select split into 0/1 columns
/// `第6题(需求评审)` … `第6题(其他)`; skipped ratings `-3`; NPS its 0–10 score. The other
/// columns as in the 按文本 export.
pub fn wjx_score(rows: &[Response]) -> Export {
    let text = wjx_records(rows);
    let th = &text[0];
    let mut h: Vec<String> = th[..8].to_vec();
    for (_, q, _, zh, _) in rows_of_matrices() {
        h.push(format!("第{q}题({zh})"));
    }
    for o in all_options() {
        h.push(format!("第6题({o})"));
    }
    h.extend(th[th.len() - 3..].iter().cloned());
    let phone = h.last().unwrap().clone();
    let mut out = vec![header(&h)];
    for (r, tr) in rows.iter().zip(&text[1..]) {
        let mut rec = vec![n(r.id as f64)];
        rec.extend(tr[1..8].iter().map(|c| t(c.clone())));
        rec.extend(r.ratings.iter().map(|v| n(v.map_or(-3.0, f64::from))));
        for o in 0..=PAINS.len() {
            rec.push(n(if is_ticked(r, o) { 1.0 } else { 0.0 }));
        }
        rec.push(n(r.nps));
        rec.extend(tr[tr.len() - 2..].iter().map(|c| t(c.clone())));
        out.push(rec);
    }
    Export::new(out, &["来自IP", &phone], Encoding::Utf8Bom)
}

/// 腾讯问卷: `编号, 开始答题时间, …, 自定义字段` and the newer user columns, questions
/// `N.题干`, matrix rows `3.流程效率:审批环节设置合理`, one column per option
/// `6.题干:选项` holding the option's text when ticked, the other option's fill-in
/// `6.题干_填空1`, and a trailing empty column. The CSV is GBK, as Chinese Excel saves it.
pub fn tencent(rows: &[Response]) -> Export {
    let mut h: Vec<String> = [
        "编号",
        "开始答题时间",
        "结束答题时间",
        "答题时长",
        "地理位置国家和地区",
        "地理位置省",
        "地理位置市",
        "自定义字段",
        "用户类型",
        "用户标识",
        "昵称",
        "IP",
        "UA",
        "Referrer",
    ]
    .map(String::from)
    .to_vec();
    h.push(format!("1.{DEPT_ZH}"));
    h.push(format!("2.{TENURE_ZH}"));
    for (m, q, _, zh, _) in rows_of_matrices() {
        h.push(format!("{q}.{}:{zh}", zh_stem(m)));
    }
    for o in all_options() {
        h.push(format!("6.{PAINS_ZH}:{o}"));
    }
    h.push(format!("6.{PAINS_ZH}_填空1"));
    h.push(format!("7.{NPS_ZH}"));
    h.push(format!("8.{COMMENT_ZH}"));
    h.push(String::new());
    let fmt = "%d-%b-%Y %H:%M:%S";
    let mut out = vec![header(&h)];
    for r in rows {
        let p = person(r);
        let ua = if r.mobile {
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
        } else {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0"
        };
        let mut rec = vec![
            n(r.id as f64),
            t(started(r).format(fmt).to_string()),
            t(r.submitted.format(fmt).to_string()),
            n(r.seconds),
            t("中国"),
            t("上海"),
            t("上海"),
            C::E,
            t("微信用户"),
            t(p.openid),
            t(p.nickname),
            t(p.ip),
            t(ua),
            t("https://wj.qq.com/s2/14237853/5b1c/"),
            t(r.department),
            t(r.tenure),
        ];
        rec.extend(r.ratings.iter().map(|v| label(*v, &AGREE_ZH)));
        for (o, text) in all_options().iter().enumerate() {
            rec.push(if is_ticked(r, o) { t(*text) } else { C::E });
        }
        rec.push(opt_t(r.pain_other));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        rec.push(C::E);
        out.push(rec);
    }
    Export::new(out, &["用户标识", "昵称", "IP"], Encoding::Gbk)
}

/// 金数据: `序号`, the fields by their titles (no numbering; a matrix row is a field
/// titled by the row), the multi-select options joined with `，`, then `提交人,
/// 提交时间, 修改时间, 填写时长` and the collected 微信昵称 and IP.
pub fn jinshuju(rows: &[Response]) -> Export {
    let mut h: Vec<String> = vec!["序号".into(), DEPT_ZH.into(), TENURE_ZH.into()];
    for (_, _, _, zh, _) in rows_of_matrices() {
        h.push(zh.into());
    }
    h.extend([PAINS_ZH, NPS_ZH, COMMENT_ZH].map(String::from));
    h.extend(
        [
            "提交人",
            "提交时间",
            "修改时间",
            "填写时长",
            "微信昵称",
            "IP",
        ]
        .map(String::from),
    );
    let fmt = "%Y-%m-%d %H:%M:%S";
    let mut out = vec![header(&h)];
    for r in rows {
        let p = person(r);
        let mut rec = vec![n(r.id as f64), t(r.department), t(r.tenure)];
        rec.extend(r.ratings.iter().map(|v| label(*v, &AGREE_ZH)));
        rec.push(t(ticked(r).join("，")));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        rec.push(t(p.zh_name));
        rec.push(t(r.submitted.format(fmt).to_string()));
        rec.push(t(r.submitted.format(fmt).to_string()));
        rec.push(t(format!("{}分{}秒", r.seconds / 60, r.seconds % 60)));
        rec.push(t(p.nickname));
        rec.push(t(p.ip));
        out.push(rec);
    }
    Export::new(out, &["提交人", "微信昵称", "IP"], Encoding::Utf8Bom)
}

/// Microsoft Forms: `ID, Start time, Completion time, Email, Name, Last modified time`,
/// then the questions by their text (a Likert question: one column per statement),
/// English labels, multi-select `A;B;`.
pub fn msforms(rows: &[Response]) -> Export {
    let mut h: Vec<String> = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        DEPT_EN,
        TENURE_EN,
    ]
    .map(String::from)
    .to_vec();
    for (_, _, _, _, en) in rows_of_matrices() {
        h.push(en.into());
    }
    h.extend([PAINS_EN, NPS_EN, COMMENT_EN].map(String::from));
    let fmt = "%-m/%-d/%Y %-H:%M:%S";
    let mut out = vec![header(&h)];
    for r in rows {
        let p = person(r);
        let mut rec = vec![
            n(r.id as f64),
            C::D(started(r), started(r).format(fmt).to_string()),
            C::D(r.submitted, r.submitted.format(fmt).to_string()),
            t(p.email),
            t(format!("{} {}", p.first, p.last)),
            C::E,
            t(r.department),
            t(r.tenure),
        ];
        rec.extend(r.ratings.iter().map(|v| label(*v, &AGREE_EN)));
        rec.push(t(ticked(r)
            .iter()
            .map(|o| format!("{o};"))
            .collect::<String>()));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        out.push(rec);
    }
    let mut e = Export::new(out, &["Email", "Name"], Encoding::Utf8Bom);
    e.sheet = "Form1";
    e
}

/// Google Forms: `Timestamp` (`2024/03/04 9:15:22 AM GMT+8`), `Email Address`, the
/// questions by text, grid rows `Process efficiency [row]`, checkbox answers joined by
/// `", "`. The CSV has no BOM, as Google Sheets downloads it.
pub fn google(rows: &[Response]) -> Export {
    let mut h: Vec<String> = ["Timestamp", "Email Address", DEPT_EN, TENURE_EN]
        .map(String::from)
        .to_vec();
    for (m, _, _, _, en) in rows_of_matrices() {
        h.push(format!("{} [{en}]", STEMS_EN[m]));
    }
    h.extend([PAINS_EN, NPS_EN, COMMENT_EN].map(String::from));
    let mut out = vec![header(&h)];
    for r in rows {
        let p = person(r);
        let mut rec = vec![
            t(r.submitted
                .format("%Y/%m/%d %-I:%M:%S %p GMT+8")
                .to_string()),
            t(p.email),
            t(r.department),
            t(r.tenure),
        ];
        rec.extend(r.ratings.iter().map(|v| label(*v, &AGREE_EN)));
        rec.push(t(ticked(r).join(", ")));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        out.push(rec);
    }
    let mut e = Export::new(out, &["Email Address"], Encoding::Utf8);
    e.sheet = "Form Responses 1";
    e
}

/// Which Qualtrics export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualtrics {
    /// Three header rows, choice texts, the multi-select as one comma list `Q6`.
    Current,
    /// Three header rows, numeric recodes (1–5, Status 0/1, Finished 1), the
    /// multi-select split into `Q6_1…Q6_7` holding 1.
    Numeric,
    /// Before 2017: two header rows, `V1…V10` ids whose meaning is in the text row,
    /// the multi-select split into `Q6_1…Q6_7` holding 1.
    Legacy,
}

const QUALTRICS_META: [(&str, &str, &str); 17] = [
    (
        "StartDate",
        "Start Date",
        r#"{"ImportId":"startDate","timeZone":"Asia/Shanghai"}"#,
    ),
    (
        "EndDate",
        "End Date",
        r#"{"ImportId":"endDate","timeZone":"Asia/Shanghai"}"#,
    ),
    ("Status", "Response Type", r#"{"ImportId":"status"}"#),
    ("IPAddress", "IP Address", r#"{"ImportId":"ipAddress"}"#),
    ("Progress", "Progress", r#"{"ImportId":"progress"}"#),
    (
        "Duration (in seconds)",
        "Duration (in seconds)",
        r#"{"ImportId":"duration"}"#,
    ),
    ("Finished", "Finished", r#"{"ImportId":"finished"}"#),
    (
        "RecordedDate",
        "Recorded Date",
        r#"{"ImportId":"recordedDate","timeZone":"Asia/Shanghai"}"#,
    ),
    ("ResponseId", "Response ID", r#"{"ImportId":"_recordId"}"#),
    (
        "RecipientLastName",
        "Recipient Last Name",
        r#"{"ImportId":"recipientLastName"}"#,
    ),
    (
        "RecipientFirstName",
        "Recipient First Name",
        r#"{"ImportId":"recipientFirstName"}"#,
    ),
    (
        "RecipientEmail",
        "Recipient Email",
        r#"{"ImportId":"recipientEmail"}"#,
    ),
    (
        "ExternalReference",
        "External Data Reference",
        r#"{"ImportId":"externalDataReference"}"#,
    ),
    (
        "LocationLatitude",
        "Location Latitude",
        r#"{"ImportId":"locationLatitude"}"#,
    ),
    (
        "LocationLongitude",
        "Location Longitude",
        r#"{"ImportId":"locationLongitude"}"#,
    ),
    (
        "DistributionChannel",
        "Distribution Channel",
        r#"{"ImportId":"distributionChannel"}"#,
    ),
    (
        "UserLanguage",
        "User Language",
        r#"{"ImportId":"userLanguage"}"#,
    ),
];

/// Personal columns of the current Qualtrics exports (field ids).
const QUALTRICS_PERSONAL: [&str; 7] = [
    "IPAddress",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "LocationLatitude",
    "LocationLongitude",
];

/// The question columns of a Qualtrics export: (field id, question text, ImportId).
fn qualtrics_questions(split: bool) -> Vec<(String, String, String)> {
    let mut q = vec![
        ("Q1".to_string(), DEPT_EN.to_string(), "QID1".to_string()),
        ("Q2".into(), TENURE_EN.into(), "QID2".into()),
    ];
    for (m, num, k, _, en) in rows_of_matrices() {
        q.push((
            format!("Q{num}_{k}"),
            format!("{} - {en}", STEMS_EN[m]),
            format!("QID{num}_{k}"),
        ));
    }
    if split {
        for (k, o) in all_options().iter().enumerate() {
            q.push((
                format!("Q6_{}", k + 1),
                format!("{PAINS_EN} - Selected Choice - {o}"),
                format!("QID6_{}", k + 1),
            ));
        }
    } else {
        q.push((
            "Q6".into(),
            format!("{PAINS_EN} - Selected Choice"),
            "QID6".into(),
        ));
    }
    let other = all_options().len();
    q.push((
        format!("Q6_{other}_TEXT"),
        format!("{PAINS_EN} - {OTHER} - Text"),
        format!("QID6_{other}_TEXT"),
    ));
    q.push(("Q7".into(), NPS_EN.into(), "QID7".into()));
    q.push((
        "Q7_NPS_GROUP".into(),
        format!("{NPS_EN} - Group"),
        "QID7_NPS_GROUP".into(),
    ));
    // Qualtrics keeps line breaks of question texts in the text row.
    q.push((
        "Q8".into(),
        COMMENT_EN.replace(", and ", ",\nand "),
        "QID8".into(),
    ));
    q
}

/// One respondent's answer cells in a Qualtrics export (`numeric`: recoded values;
/// `split`: one column per multi-select option).
fn qualtrics_answers(r: &Response, numeric: bool, split: bool) -> Vec<C> {
    let mut rec = vec![t(r.department), t(r.tenure)];
    rec.extend(r.ratings.iter().map(|v| {
        if numeric {
            number(*v)
        } else {
            label(*v, &AGREE_EN)
        }
    }));
    if split {
        for o in 0..all_options().len() {
            rec.push(if is_ticked(r, o) { n(1) } else { C::E });
        }
    } else {
        rec.push(t(ticked(r).join(",")));
    }
    rec.push(opt_t(r.pain_other));
    rec.push(n(r.nps));
    let group = match r.nps {
        9.. => ("Promoter", 3),
        7..=8 => ("Passive", 2),
        _ => ("Detractor", 1),
    };
    rec.push(if numeric { n(group.1) } else { t(group.0) });
    rec.push(opt_t(r.comment.clone()));
    rec
}

const QUALTRICS_TIME: &str = "%Y-%m-%d %H:%M:%S";

fn response_id(r: &Response) -> C {
    t(format!(
        "R_{:015X}",
        0x3A5F_0000_0000u64 + r.id as u64 * 7919
    ))
}

/// The pre-2017 layout: `V1…V10` ids, then the text row, then the records.
fn qualtrics_legacy(
    rows: &[Response],
    questions: &[(String, String, String)],
    answers: &dyn Fn(&Response) -> Vec<C>,
) -> Vec<Vec<C>> {
    let texts = [
        "ResponseID",
        "ResponseSet",
        "Name",
        "ExternalDataReference",
        "EmailAddress",
        "IPAddress",
        "Status",
        "StartDate",
        "EndDate",
        "Finished",
    ];
    let mut ids: Vec<C> = (1..=10).map(|i| t(format!("V{i}"))).collect();
    let mut row2: Vec<C> = texts.iter().map(|s| t(*s)).collect();
    for (code, text, _) in questions {
        ids.push(t(code.clone()));
        row2.push(t(text.clone()));
    }
    let mut out = vec![ids, row2];
    let legacy = |r: &Response, preview: bool| -> Vec<C> {
        let p = person(r);
        let hide = |c: C| if preview { C::E } else { c };
        let mut rec = vec![
            response_id(r),
            t("Default Response Set"),
            hide(t(format!("{}, {}", p.last, p.first))),
            hide(t(format!("EXT-{:05}", 40_000 + r.id * 13))),
            hide(t(p.email)),
            hide(t(p.ip)),
            n(if preview { 1 } else { 0 }),
            t(started(r).format(QUALTRICS_TIME).to_string()),
            t(r.submitted.format(QUALTRICS_TIME).to_string()),
            n(1),
        ];
        rec.extend(answers(r));
        rec
    };
    out.push(legacy(&rows[0], true));
    out.extend(rows.iter().map(|r| legacy(r, false)));
    out
}

/// The current layout: field ids, question texts and ImportIds, then the records.
fn qualtrics_current(
    rows: &[Response],
    questions: &[(String, String, String)],
    numeric: bool,
    answers: &dyn Fn(&Response) -> Vec<C>,
) -> Vec<Vec<C>> {
    let mut ids: Vec<C> = QUALTRICS_META.iter().map(|m| t(m.0)).collect();
    let mut row2: Vec<C> = QUALTRICS_META.iter().map(|m| t(m.1)).collect();
    let mut row3: Vec<C> = QUALTRICS_META.iter().map(|m| t(m.2)).collect();
    for (code, text, import) in questions {
        ids.push(t(code.clone()));
        row2.push(t(text.clone()));
        row3.push(t(format!(r#"{{"ImportId":"{import}"}}"#)));
    }
    let mut out = vec![ids, row2, row3];
    let current = |r: &Response, preview: bool| -> Vec<C> {
        let p = person(r);
        let status = match (preview, numeric) {
            (false, false) => t("IP Address"),
            (true, false) => t("Survey Preview"),
            (false, true) => n(0),
            (true, true) => n(1),
        };
        let hide = |c: C| if preview { C::E } else { c };
        let mut rec = vec![
            t(started(r).format(QUALTRICS_TIME).to_string()),
            t(r.submitted.format(QUALTRICS_TIME).to_string()),
            status,
            hide(t(p.ip)),
            n(100),
            n(r.seconds),
            if numeric { n(1) } else { t("True") },
            t(r.submitted.format(QUALTRICS_TIME).to_string()),
            response_id(r),
            hide(t(p.last)),
            hide(t(p.first)),
            hide(t(p.email)),
            hide(t(format!("EXT-{:05}", 40_000 + r.id * 13))),
            hide(n(p.latitude)),
            hide(n(p.longitude)),
            t(if preview { "preview" } else { "anonymous" }),
            t("ZH-S"),
        ];
        rec.extend(answers(r));
        rec
    };
    out.push(current(&rows[0], true));
    out.extend(rows.iter().map(|r| current(r, false)));
    out
}

/// A Qualtrics export, with one preview response (a copy of the first respondent's
/// answers) that is not a real response.
pub fn qualtrics(rows: &[Response], variant: Qualtrics) -> Export {
    let numeric = variant == Qualtrics::Numeric;
    let split = variant != Qualtrics::Current;
    let questions = qualtrics_questions(split);
    let answers = |r: &Response| qualtrics_answers(r, numeric, split);
    if variant == Qualtrics::Legacy {
        let out = qualtrics_legacy(rows, &questions, &answers);
        // The personal columns, found by their field ids; procdiag names them by the
        // text row (the ids say nothing).
        let mut e = Export::new(out, &["V3", "V4", "V5", "V6"], Encoding::Utf8Bom);
        let names = ["Name", "ExternalDataReference", "EmailAddress", "IPAddress"];
        e.personal_headers = names.iter().map(|n| n.to_string()).collect();
        // The text row is a header, not anybody's data.
        e.personal_values.retain(|v| !names.contains(&v.as_str()));
        return e;
    }
    let out = qualtrics_current(rows, &questions, numeric, &answers);
    Export::new(out, &QUALTRICS_PERSONAL, Encoding::Utf8Bom)
}

/// A current Qualtrics export with its metadata columns (and so its preview row)
/// removed: nothing left for detection but the `Q…` ids and the ImportId row.
pub fn qualtrics_without_metadata(rows: &[Response]) -> Export {
    let mut e = qualtrics(rows, Qualtrics::Current);
    e.records.remove(3);
    for r in &mut e.records {
        r.drain(..QUALTRICS_META.len());
    }
    e.personal_headers.clear();
    e.personal_values.clear();
    e
}

/// SurveyMonkey "All Responses Data": two header rows (question text with blank
/// continuation cells; `Response` / `Open-Ended Response` / option / matrix row), the
/// fixed metadata, option columns holding the option's text when ticked and an
/// `Other (please specify)` column with the written text. Dates: `MM/DD/YYYY hh:mm:ss
/// AM` in the CSV, date-formatted Excel serials in the workbook.
pub fn surveymonkey(rows: &[Response]) -> Export {
    let meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ];
    let mut top: Vec<C> = meta.iter().map(|m| t(*m)).collect();
    let mut sub: Vec<C> = meta.iter().map(|_| C::E).collect();
    for q in [DEPT_EN, TENURE_EN] {
        top.push(t(q));
        sub.push(t("Response"));
    }
    for (m, _, k, _, en) in rows_of_matrices() {
        top.push(if k == 1 {
            t(format!("{}: how much do you agree?", STEMS_EN[m]))
        } else {
            C::E
        });
        sub.push(t(en));
    }
    for (i, o) in PAINS.iter().enumerate() {
        top.push(if i == 0 { t(PAINS_EN) } else { C::E });
        sub.push(t(*o));
    }
    top.push(C::E);
    sub.push(t("Other (please specify)"));
    top.push(t(NPS_EN));
    sub.push(t("Response"));
    top.push(t(COMMENT_EN));
    sub.push(t("Open-Ended Response"));
    let fmt = "%m/%d/%Y %I:%M:%S %p";
    let mut out = vec![top, sub];
    for r in rows {
        let p = person(r);
        let mut rec = vec![
            n(114_032_000_000.0 + r.id as f64 * 17.0),
            n(431_887_102),
            C::D(started(r), started(r).format(fmt).to_string()),
            C::D(r.submitted, r.submitted.format(fmt).to_string()),
            t(p.ip),
            t(p.email),
            t(p.first),
            t(p.last),
            C::E,
            t(r.department),
            t(r.tenure),
        ];
        rec.extend(r.ratings.iter().map(|v| label(*v, &AGREE_EN)));
        for (o, text) in PAINS.iter().enumerate() {
            rec.push(if is_ticked(r, o) { t(*text) } else { C::E });
        }
        rec.push(opt_t(r.pain_other));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        out.push(rec);
    }
    Export::new(
        out,
        &["IP Address", "Email Address", "First Name", "Last Name"],
        Encoding::Utf8Bom,
    )
}

/// LimeSurvey with question codes as headings and answer codes: `id, submitdate,
/// lastpage, startlanguage, seed, startdate, datestamp, ipaddr, refurl`, then `dept`,
/// `tenure`, array rows `Q3[SQ001]` holding `A1`…`A5`, options `Q6[SQ001]` holding `Y`,
/// the other text `Q6[other]`, `Q7`, `Q8`.
pub fn limesurvey(rows: &[Response]) -> Export {
    let mut h: Vec<String> = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "dept",
        "tenure",
    ]
    .map(String::from)
    .to_vec();
    for (_, q, k, _, _) in rows_of_matrices() {
        h.push(format!("Q{q}[SQ{k:03}]"));
    }
    for k in 1..=PAINS.len() {
        h.push(format!("Q6[SQ{k:03}]"));
    }
    h.extend(["Q6[other]", "Q7", "Q8"].map(String::from));
    let fmt = "%Y-%m-%d %H:%M:%S";
    let mut out = vec![header(&h)];
    for r in rows {
        let p = person(r);
        let mut rec = vec![
            n(r.id as f64),
            t(r.submitted.format(fmt).to_string()),
            n(4),
            t("zh-Hans"),
            n(1_000_000_000.0 + (r.id as f64) * 48_271.0),
            t(started(r).format(fmt).to_string()),
            t(r.submitted.format(fmt).to_string()),
            t(p.ip),
            if r.mobile {
                C::E
            } else {
                t("https://intranet.example.com/news/survey")
            },
            t(r.department),
            t(r.tenure),
        ];
        rec.extend(
            r.ratings
                .iter()
                .map(|v| v.map_or(C::E, |x| t(format!("A{x}")))),
        );
        for o in 0..PAINS.len() {
            rec.push(if is_ticked(r, o) { t("Y") } else { C::E });
        }
        rec.push(opt_t(r.pain_other));
        rec.push(n(r.nps));
        rec.push(opt_t(r.comment.clone()));
        out.push(rec);
    }
    Export::new(out, &["ipaddr"], Encoding::Utf8)
}

/// LimeSurvey's option codes (`SQ001` …) as the options' texts.
pub fn limesurvey_option(code: &str) -> String {
    code.strip_prefix("SQ")
        .and_then(|k| k.parse::<usize>().ok())
        .and_then(|k| PAINS.get(k.wrapping_sub(1)))
        .map_or_else(|| code.to_string(), |o| o.to_string())
}
