//! Survey platforms, one file each: how a platform's export is laid out (header rows,
//! metadata columns, how questions, matrix rows and options are named) turned into a
//! common [`Layout`]. What the answers *are* (ratings, choices, ticks, free text) is
//! decided from the values by [`super::interpret`], the same way for every platform.
//!
//! Adding a platform is one file: implement [`Platform`] and list it in [`PLATFORMS`].

mod google;
mod jinshuju;
mod limesurvey;
mod msforms;
mod plain;
mod qualtrics;
mod surveymonkey;
mod tencent;
mod wjx;

use crate::ingest::read::Grid;

/// What a column holds, as far as the layout tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The export's response number or id.
    Id,
    /// When the response was submitted.
    Submitted,
    /// When the respondent started.
    Started,
    /// Time taken (`137秒`, `Duration (in seconds)`), read as seconds.
    Duration,
    /// A response status that marks previews and tests (Qualtrics `Status`).
    Status,
    /// Other export metadata (source, channel, language, progress): an attribute.
    Meta,
    /// Identifies a person: left out of every output.
    Personal,
    /// An answer to a question; the values decide which kind.
    Answer,
    /// Free text of a question's "other, please specify" option or a comment field.
    OtherText,
    /// Derived by the platform from other columns (Qualtrics `Q_NPS_GROUP`, quiz
    /// points): ignored.
    Derived,
}

/// One column of an export.
#[derive(Debug, Clone)]
pub struct Column {
    /// Position in the grid's rows.
    pub index: usize,
    /// The header as written in the first header row.
    pub header: String,
    /// Short unique code (`Q3`, `Q3_2`, `Q5_1`, `Q1[SQ001]`, or the header).
    pub code: String,
    /// Full question text (stem and row or option label).
    pub text: String,
    /// Shared by a matrix's rows and a multi-select's option columns.
    pub question: Option<String>,
    pub stem: Option<String>,
    /// Matrix row or option label.
    pub sub: Option<String>,
    pub role: Role,
}

/// An export's layout.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Platform name shown to users.
    pub platform: &'static str,
    /// Index in the grid of the (first) header row.
    pub header_row: usize,
    /// Index in the grid of the first data row.
    pub data_start: usize,
    pub columns: Vec<Column>,
    /// Separators of several options in one cell (问卷星 `┋`, Microsoft Forms `;`).
    pub multi_separators: &'static [&'static str],
    /// Answers meaning "not shown by the survey's logic".
    pub skipped_markers: &'static [&'static str],
    /// How the platform writes ambiguous dates such as `03/04/2024` (SurveyMonkey's
    /// CSV is month-first).
    pub date_order: Option<crate::ingest::time::DateOrder>,
}

/// The platform's reading of the first rows: how sure, and where the header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub score: u32,
    pub header_row: usize,
}

/// A survey platform's export format.
pub trait Platform: Sync {
    /// Name for `--platform` (`wjx`, `qualtrics`, …).
    fn id(&self) -> &'static str;
    /// Name shown to users.
    fn name(&self) -> &'static str;
    /// Whether the first rows look like this platform's export (`None`: they do not).
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected>;
    /// The layout of an export whose header row is `header_row`.
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout;
    /// Why a data row is not a real response (a preview or test), if it is not.
    fn reject(
        &self,
        _layout: &Layout,
        _row: &[String],
    ) -> Option<crate::model::facts::RejectReason> {
        None
    }
}

/// Every platform, most specific first; the plain layout is the fallback.
pub static PLATFORMS: &[&dyn Platform] = &[
    &wjx::Wjx,
    &tencent::Tencent,
    &jinshuju::Jinshuju,
    &qualtrics::Qualtrics,
    &surveymonkey::SurveyMonkey,
    &limesurvey::LimeSurvey,
    &msforms::MsForms,
    &google::GoogleForms,
    &plain::Plain,
];

/// How many rows detection looks at.
pub const HEAD_ROWS: usize = 8;

/// The platform whose export the first rows look most like (the plain layout when no
/// other claims them), with its detection.
pub fn detect(head: &[Vec<String>]) -> Option<(&'static dyn Platform, Detected)> {
    let head = &head[..head.len().min(HEAD_ROWS)];
    let mut best: Option<(&'static dyn Platform, Detected)> = None;
    for p in PLATFORMS {
        if let Some(d) = p.detect(head) {
            if best.is_none_or(|(_, b)| d.score > b.score) {
                best = Some((*p, d));
            }
        }
    }
    best
}

/// A platform by its `--platform` id.
pub fn by_id(id: &str) -> Option<&'static dyn Platform> {
    let id = id.trim().to_lowercase();
    let alias = match id.as_str() {
        "问卷星" | "wenjuanxing" => "wjx",
        "腾讯问卷" | "tencent" | "qq" => "tencent",
        "金数据" => "jinshuju",
        "microsoft-forms" | "ms-forms" | "forms" => "msforms",
        "google-forms" | "gforms" => "google",
        other => other,
    };
    PLATFORMS.iter().copied().find(|p| p.id() == alias)
}

/// The `--platform` ids, for messages.
pub fn ids() -> Vec<&'static str> {
    PLATFORMS.iter().map(|p| p.id()).collect()
}

/// Lower-cased, without spaces, underscores, hyphens and brackets: for comparing
/// metadata headers.
pub fn norm(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '(' | ')' | '（' | '）' | '\u{a0}'))
        .collect()
}

/// Whether `row` has every header in `names` (compared with [`norm`]).
pub fn has_all(row: &[String], names: &[&str]) -> bool {
    names.iter().all(|n| row.iter().any(|h| norm(h) == norm(n)))
}

/// How many of `names` are headers of `row`.
pub fn count_of(row: &[String], names: &[&str]) -> usize {
    names
        .iter()
        .filter(|n| row.iter().any(|h| norm(h) == norm(n)))
        .count()
}

/// The first of the `head` rows that satisfies `f`, as a detection with `score`.
pub fn first_row(
    head: &[Vec<String>],
    score: u32,
    f: impl Fn(&[String]) -> bool,
) -> Option<Detected> {
    head.iter()
        .position(|r| f(r))
        .map(|header_row| Detected { score, header_row })
}

/// Metadata roles that many platforms share, by header.
pub fn common_meta(header: &str) -> Option<Role> {
    let n = norm(header);
    let role = match n.as_str() {
        "id" | "序号" | "编号" | "respondentid" | "responseid" | "答卷编号" | "答题编号" => {
            Role::Id
        }
        "timestamp" | "时间戳" | "提交时间" | "提交答卷时间" | "submitted" | "submittime"
        | "submitdate" | "submittedat" | "completiontime" | "enddate" | "endtime" | "结束时间"
        | "完成时间" | "结束答题时间" | "recordeddate" => Role::Submitted,
        "starttime" | "startdate" | "开始时间" | "开始答题时间" => Role::Started,
        "所用时间" | "答题时长" | "填写时长" | "作答时长" | "用时" | "耗时" | "duration"
        | "durationinseconds" | "interviewtime" => Role::Duration,
        "来源"
        | "来源详情"
        | "来源渠道"
        | "source"
        | "channel"
        | "distributionchannel"
        | "userlanguage"
        | "language"
        | "startlanguage"
        | "ua"
        | "useragent"
        | "referrer"
        | "refurl"
        | "浏览器"
        | "操作系统"
        | "设备"
        | "progress"
        | "finished"
        | "lastpage"
        | "seed"
        | "datestamp"
        | "collectorid"
        | "customdata1"
        | "修改时间"
        | "lastmodifiedtime"
        | "地理位置国家和地区"
        | "地理位置省"
        | "地理位置市"
        | "自定义字段"
        | "用户类型"
        | "清洗数据结果"
        | "智能清洗数据无效概率" => Role::Meta,
        "status" => Role::Status,
        "总分" | "totalpoints" | "quizfeedback" | "score" => Role::Derived,
        _ => return None,
    };
    Some(role)
}

/// A numbered question header: `3、题干`, `3.题干`, `3. Text`, `3．题干`, `3:…`,
/// `Q3. Text` → (`3`, rest). Sub-numbers (`3.1. …`) are not questions of their own
/// here: they return `None`.
pub fn numbered(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    let t = t
        .strip_prefix(['Q', 'q'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &t[digits.len()..];
    let mut chars = rest.chars();
    let sep = chars.next()?;
    if !matches!(sep, '、' | '.' | '．' | ':' | '：') {
        return None;
    }
    let after = chars.as_str();
    if sep == '.' && after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((digits, after.trim_start()))
}

/// `text(sub)` with ASCII parentheses at the end → (`text`, `sub`); nested parentheses
/// inside `sub` are kept (`(其他(请补充))`).
pub fn trailing_paren(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let body = t.strip_suffix(')')?;
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((body[..i].trim_end(), &body[i + 1..])),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Columns grouped into runs of consecutive columns with the same key.
pub fn runs<K: PartialEq>(keys: &[K]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || keys[i] != keys[start] {
            if start < keys.len() {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// The longest common prefix of `texts` cut after the last of `seps` in it: the stem
/// shared by a matrix's rows or a question's options (`21.题干:选项A`, `21.题干:选项B`
/// → `21.题干:`).
pub fn shared_stem<'a>(texts: &[&'a str], seps: &[char]) -> Option<&'a str> {
    let first = *texts.first()?;
    let mut end = first.len();
    for t in &texts[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(t.chars())
                .find(|((_, a), b)| a != b)
                .map_or(first.len().min(t.len()), |((i, _), _)| i),
        );
    }
    let prefix = &first[..end];
    let cut = prefix.rfind(seps)?;
    let sep_len = prefix[cut..].chars().next().map_or(1, char::len_utf8);
    Some(&first[..cut + sep_len])
}

/// A plain column from a header: metadata by name, else an answer coded by `code`.
pub fn column(index: usize, header: &str, code: String, role: Option<Role>) -> Column {
    Column {
        index,
        header: header.to_string(),
        code,
        text: header.to_string(),
        question: None,
        stem: None,
        sub: None,
        role: role.unwrap_or(Role::Answer),
    }
}

/// One column per header: metadata by `meta`, every other column a question coded
/// `Q1`, `Q2`, … in order (platforms whose questions are titled, not numbered).
pub fn sequential_columns(headers: &[String], meta: impl Fn(&str) -> Option<Role>) -> Vec<Column> {
    let mut k = 0;
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let role = meta(h);
            let code = if role.is_none() {
                k += 1;
                format!("Q{k}")
            } else {
                h.trim().to_string()
            };
            column(i, h, code, role)
        })
        .collect()
}

/// Splits numbered headers into questions: `N<sep>stem` columns become `Q{N}` (with
/// `Q{N}_{k}` for several consecutive columns of the same number, whose sub-label
/// `sub_of` extracts); columns without a number keep their header as code.
pub fn numbered_columns(
    headers: &[String],
    meta: impl Fn(&str) -> Option<Role>,
    sub_of: impl Fn(&[&str]) -> Vec<(Option<String>, String)>,
) -> Vec<Column> {
    let keys: Vec<Option<String>> = headers
        .iter()
        .map(|h| {
            if meta(h).is_some() {
                None
            } else {
                numbered(h).map(|(n, _)| n)
            }
        })
        .collect();
    let mut cols = Vec::new();
    for run in runs(&keys) {
        let Some(n) = keys[run.start].clone() else {
            for i in run {
                let h = &headers[i];
                cols.push(column(i, h, h.trim().to_string(), meta(h)));
            }
            continue;
        };
        let rests: Vec<&str> = run
            .clone()
            .map(|i| numbered(&headers[i]).map_or("", |(_, r)| r))
            .collect();
        if rests.len() == 1 {
            let i = run.start;
            let (stem, sub) = match trailing_paren(rests[0]) {
                Some(("", sub)) => (None, Some(sub.to_string())),
                _ => (Some(rests[0].to_string()), None),
            };
            cols.push(Column {
                index: i,
                header: headers[i].clone(),
                code: format!("Q{n}"),
                text: rests[0].to_string(),
                question: Some(format!("Q{n}")),
                stem,
                sub,
                role: Role::Answer,
            });
            continue;
        }
        let parts = sub_of(&rests);
        for (k, (i, (stem, sub))) in run.zip(parts).enumerate() {
            let text = match &stem {
                Some(s) if !s.is_empty() => format!("{s} - {sub}"),
                _ => sub.clone(),
            };
            cols.push(Column {
                index: i,
                header: headers[i].clone(),
                code: format!("Q{n}_{}", k + 1),
                text,
                question: Some(format!("Q{n}")),
                stem: stem.filter(|s| !s.is_empty()),
                sub: Some(sub),
                role: Role::Answer,
            });
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headers() {
        assert_eq!(numbered("3、流程效率"), Some(("3".into(), "流程效率")));
        assert_eq!(
            numbered("12. How satisfied"),
            Some(("12".into(), "How satisfied"))
        );
        assert_eq!(numbered("Q4．部门"), Some(("4".into(), "部门")));
        assert_eq!(numbered("3.1. The City"), None);
        assert_eq!(numbered("2024年"), None);
        assert_eq!(numbered("序号"), None);
    }

    #[test]
    fn trailing_parentheses() {
        assert_eq!(trailing_paren("(流程效率)"), Some(("", "流程效率")));
        assert_eq!(
            trailing_paren("(其他(请补充):)"),
            Some(("", "其他(请补充):"))
        );
        assert_eq!(trailing_paren("满意度(审批)"), Some(("满意度", "审批")));
        assert_eq!(trailing_paren("no parens"), None);
    }

    #[test]
    fn stems_and_runs() {
        assert_eq!(
            shared_stem(&["题干:选项A", "题干:选项B"], &[':', '：']),
            Some("题干:")
        );
        assert_eq!(
            shared_stem(&["Jog [Spring]", "Jog [Fall]"], &['[']),
            Some("Jog [")
        );
        assert_eq!(runs(&[1, 1, 2, 1]), vec![0..2, 2..3, 3..4]);
    }
}
