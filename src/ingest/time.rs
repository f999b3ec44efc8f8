//! Timestamps: detecting a column's format from its values; [`value`] reads each value
//! in it to milliseconds since the Unix epoch, UTC.
//!
//! Layouts: ISO 8601 with or without an offset (`Z` included), `2024/3/1 14:05`,
//! `2024-3-1`, `2024年3月1日 14:05` and `14时05分`, AM/PM (also 上午/下午), day-first and
//! month-first dates (`29-02-2016 01:23`, `12/31/2024 8:00 PM`), Excel serial day
//! numbers (1900 or 1904 system) and Unix epoch seconds or milliseconds, whether typed
//! as numbers or text.
//!
//! Offsets are converted to UTC before anything else, so a log that crosses a DST change
//! keeps its true durations. Times without an offset are read in `--tz` (UTC by
//! default); a local time that does not exist or is ambiguous there (DST change) is
//! rejected, never shifted. Day-first vs month-first is decided only when a value
//! proves it (a day above 12) or `--date-order` says so.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::facts::{DayOrder, TimeLayout};
use crate::words::{self, Lang};

/// How the numbers or text of a column encode a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A chrono/polars strptime pattern.
    Pattern {
        pattern: &'static str,
        with_offset: bool,
        has_time: bool,
    },
    /// Excel serial day numbers; `base_1904` for workbooks in the 1904 date system.
    ExcelSerial { base_1904: bool },
    /// Seconds since 1970-01-01 UTC.
    EpochSeconds,
    /// Milliseconds since 1970-01-01 UTC.
    EpochMillis,
}

/// A detected timestamp layout, with what the report and JSON say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeFormat {
    pub kind: Kind,
    /// The layout's name.
    pub layout: TimeLayout,
    /// How day and month order was decided, for layouts where it matters.
    pub order: Option<DayOrder>,
    /// Rewrites the column needs before parsing (seen in the sample values); rewriting
    /// only when needed keeps large columns fast.
    pub rewrites: Rewrites,
}

/// Text rewrites applied before a pattern reads the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rewrites {
    /// A trailing `Z` means `+00:00`.
    pub zulu: bool,
    /// `GMT+8` style offsets.
    pub gmt: bool,
    /// 上午/下午 before the time.
    pub cn_ampm: bool,
}

impl Rewrites {
    /// The rewrites the values need.
    pub fn needed(values: &[&str]) -> Rewrites {
        Rewrites {
            zulu: values
                .iter()
                .any(|v| v.trim().len() >= 10 && v.trim().ends_with(['Z', 'z'])),
            gmt: values.iter().any(|v| v.contains("GMT")),
            cn_ampm: values.iter().any(|v| {
                ["上午", "下午", "中午", "晚上"]
                    .iter()
                    .any(|w| v.contains(w))
            }),
        }
    }
}

impl TimeFormat {
    /// Whether values carry their own offset (then `--tz` does not apply).
    pub fn absolute(&self) -> bool {
        matches!(
            self.kind,
            Kind::Pattern {
                with_offset: true,
                ..
            } | Kind::EpochSeconds
                | Kind::EpochMillis
        )
    }
}

/// Which field comes first in dates such as `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
}

/// User choices that steer time parsing.
#[derive(Debug, Clone, Default)]
pub struct TimeOptions {
    /// `--date-order`: decides dates that do not prove their order.
    pub date_order: Option<DateOrder>,
    /// `--tz`: the IANA zone naive times are in (UTC when `None`).
    pub tz: Option<String>,
    /// `--excel-1904`: serial numbers count from 1904-01-01.
    pub excel_1904: bool,
}

/// Why a column's format could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetectError {
    /// No layout reads most of the values.
    Unknown,
    /// Both day-first and month-first read every value; `--date-order` must decide.
    AmbiguousOrder { example: String },
    /// The values are month-first; reading them so needs `--date-order mdy`.
    MonthFirst { example: String },
}

/// Unix day number of Excel's serial 0 in the 1900 system (1899-12-30).
const EXCEL_1900_EPOCH_DAYS: f64 = -25569.0;
/// Unix day number of serial 0 in the 1904 system (1904-01-01).
const EXCEL_1904_EPOCH_DAYS: f64 = -24107.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// The text a pattern sees: trimmed, `Z` → `+00:00`, 上午/下午 → AM/PM after the time.
pub fn normalize(value: &str) -> String {
    let v = value.trim();
    let v = match v.strip_suffix(['Z', 'z']) {
        Some(rest) if rest.len() >= 10 => format!("{rest}+00:00"),
        _ => v.to_string(),
    };
    let v = gmt_offset(&v).unwrap_or(v);
    for (word, ampm) in CN_AMPM {
        if let Some((date, time)) = v.split_once(word) {
            return format!("{} {} {ampm}", date.trim(), time.trim());
        }
    }
    v
}

/// Chinese words before a time of day and the AM/PM they mean.
const CN_AMPM: [(&str, &str); 4] = [
    ("上午", "AM"),
    ("下午", "PM"),
    ("中午", "PM"),
    ("晚上", "PM"),
];

/// `… GMT+8` / `GMT-5:30` / `GMT` at the end → `… +08:00` / `-05:30` / `+00:00`.
fn gmt_offset(v: &str) -> Option<String> {
    let (head, off) = v.rsplit_once("GMT")?;
    let head = head.trim_end();
    if off.is_empty() {
        return Some(format!("{head} +00:00"));
    }
    let (sign, rest) = off.split_at(1);
    if sign != "+" && sign != "-" {
        return None;
    }
    let (h, m) = rest.split_once(':').unwrap_or((rest, "00"));
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    Some(format!("{head} {sign}{h:02}:{m:02}"))
}

fn parse_pattern(v: &str, pat: &P) -> Option<i64> {
    if pat.with_offset {
        return DateTime::parse_from_str(v, pat.pattern)
            .ok()
            .map(|d| d.timestamp_millis());
    }
    if pat.has_time {
        NaiveDateTime::parse_from_str(v, pat.pattern)
            .ok()
            .map(|d| d.and_utc().timestamp_millis())
    } else {
        NaiveDate::parse_from_str(v, pat.pattern)
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp_millis())
    }
}

/// Parses one value (as UTC for naive layouts): used for detection and tests; the rows
/// are read by [`value::Reader`].
pub fn parse_one(value: &str, fmt: &TimeFormat) -> Option<i64> {
    let v = normalize(value);
    match fmt.kind {
        Kind::Pattern {
            pattern,
            with_offset,
            has_time,
        } => parse_pattern(
            &v,
            &P {
                pattern,
                with_offset,
                has_time,
                layout: TimeLayout::NoValues,
            },
        ),
        Kind::ExcelSerial { base_1904 } => {
            let x: f64 = v.parse().ok()?;
            let epoch = if base_1904 {
                EXCEL_1904_EPOCH_DAYS
            } else {
                EXCEL_1900_EPOCH_DAYS
            };
            Some(((x + epoch) * MS_PER_DAY).round() as i64)
        }
        Kind::EpochSeconds => v.parse::<f64>().ok().map(|x| (x * 1000.0).round() as i64),
        Kind::EpochMillis => v.parse::<f64>().ok().map(|x| x.round() as i64),
    }
}

fn from_p(pat: &P, order: Option<DayOrder>) -> TimeFormat {
    TimeFormat {
        kind: Kind::Pattern {
            pattern: pat.pattern,
            with_offset: pat.with_offset,
            has_time: pat.has_time,
        },
        layout: pat.layout.clone(),
        order,
        rewrites: Rewrites::default(),
    }
}

impl TimeFormat {
    /// The layout's name with how its day order was decided.
    pub fn name(&self, lang: Lang) -> String {
        words::time_layout(lang, &self.layout, self.order.as_ref())
    }
}

/// Share of `values` a parser reads.
fn hits(values: &[String], f: impl Fn(&str) -> bool) -> usize {
    values.iter().filter(|v| f(v)).count()
}

/// Numbers: epoch milliseconds (12–13 digits), epoch seconds (9–10 digits) or Excel
/// serial days (20000–80000, i.e. 1954–2119).
fn detect_numeric(values: &[String], opts: &TimeOptions) -> Option<TimeFormat> {
    let nums: Vec<f64> = values
        .iter()
        .filter_map(|v| v.parse::<f64>().ok())
        .collect();
    if nums.len() * 2 < values.len() || nums.is_empty() {
        return None;
    }
    let all = |f: &dyn Fn(f64) -> bool| nums.iter().all(|x| f(*x));
    if all(&|x| x.fract() == 0.0 && (1e11..1e13).contains(&x)) {
        return Some(TimeFormat {
            kind: Kind::EpochMillis,
            layout: TimeLayout::EpochMillis,
            order: None,
            rewrites: Rewrites::default(),
        });
    }
    if all(&|x| (1e8..1e10).contains(&x)) {
        return Some(TimeFormat {
            kind: Kind::EpochSeconds,
            layout: TimeLayout::EpochSeconds,
            order: None,
            rewrites: Rewrites::default(),
        });
    }
    if all(&|x| (20000.0..80000.0).contains(&x)) {
        return Some(TimeFormat {
            kind: Kind::ExcelSerial {
                base_1904: opts.excel_1904,
            },
            layout: TimeLayout::ExcelSerial {
                base_1904: opts.excel_1904,
            },
            order: None,
            rewrites: Rewrites::default(),
        });
    }
    None
}

/// Decides a column's layout from sample values (empty ones ignored). The layout that
/// reads all samples wins; failing that, the one that reads the most (at least half),
/// so a few broken values are rejected row by row instead of failing the column.
pub fn detect(samples: &[&str], opts: &TimeOptions) -> Result<TimeFormat, DetectError> {
    let values: Vec<String> = samples
        .iter()
        .map(|s| normalize(s))
        .filter(|s| !s.is_empty())
        .collect();
    if values.is_empty() {
        return Err(DetectError::Unknown);
    }
    let rewrites = Rewrites::needed(samples);
    detect_normalized(&values, opts).map(|f| TimeFormat { rewrites, ..f })
}

/// [`detect`] on values already normalised.
fn detect_normalized(values: &[String], opts: &TimeOptions) -> Result<TimeFormat, DetectError> {
    if let Some(f) = detect_numeric(values, opts) {
        return Ok(f);
    }
    let n = values.len();
    let mut best: Option<(usize, TimeFormat)> = None;
    let mut consider = |ok: usize, f: TimeFormat| {
        if ok * 2 >= n && best.as_ref().is_none_or(|(b, _)| ok > *b) {
            best = Some((ok, f));
        }
    };
    for pat in YEAR_FIRST {
        let ok = hits(values, |v| parse_pattern(v, pat).is_some());
        if ok == n {
            return Ok(from_p(pat, None));
        }
        consider(ok, from_p(pat, None));
    }
    for (dmy, mdy) in DAY_OR_MONTH_FIRST {
        let d_ok = hits(values, |v| parse_pattern(v, dmy).is_some());
        let m_ok = hits(values, |v| parse_pattern(v, mdy).is_some());
        if d_ok == 0 && m_ok == 0 {
            continue;
        }
        // A value that only one order reads proves that order.
        let d_proof = values
            .iter()
            .find(|v| parse_pattern(v, dmy).is_some() && parse_pattern(v, mdy).is_none());
        let m_proof = values
            .iter()
            .find(|v| parse_pattern(v, mdy).is_some() && parse_pattern(v, dmy).is_none());
        let chosen = match (opts.date_order, d_proof, m_proof) {
            (Some(DateOrder::Dmy), _, _) => Some((dmy, d_ok, DayOrder::DayFirstAsked)),
            (Some(DateOrder::Mdy), _, _) => Some((mdy, m_ok, DayOrder::MonthFirstAsked)),
            (None, Some(v), None) => Some((dmy, d_ok, DayOrder::DayFirstProven(v.clone()))),
            // Month-first is only read when the user says so, even when the values
            // prove it: a silent month/day swap is the worst misreading.
            (None, None, Some(v)) => return Err(DetectError::MonthFirst { example: v.clone() }),
            (None, Some(_), Some(_)) if d_ok >= m_ok => Some((dmy, d_ok, DayOrder::DayFirstMost)),
            (None, Some(_), Some(v)) => return Err(DetectError::MonthFirst { example: v.clone() }),
            (None, None, None) => {
                return Err(DetectError::AmbiguousOrder {
                    example: values[0].clone(),
                })
            }
        };
        if let Some((pat, ok, note)) = chosen {
            if ok == n {
                return Ok(from_p(pat, Some(note)));
            }
            consider(ok, from_p(pat, Some(note)));
        }
    }
    best.map(|(_, f)| f).ok_or(DetectError::Unknown)
}

/// Whether the samples are times of day only (`14:05`, `2:05 PM`): half of a date+time
/// pair in two columns.
pub fn is_time_of_day(samples: &[&str]) -> bool {
    let vals: Vec<String> = samples
        .iter()
        .map(|s| normalize(s))
        .filter(|s| !s.is_empty())
        .collect();
    !vals.is_empty()
        && vals.iter().all(|v| {
            ["%H:%M:%S%.f", "%H:%M", "%I:%M:%S %p", "%I:%M %p"]
                .iter()
                .any(|p| NaiveTime::parse_from_str(v, p).is_ok())
        })
}

/// Milliseconds since the epoch → `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn ms_to_iso(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

mod layouts;
pub mod value;
use layouts::{DAY_OR_MONTH_FIRST, P, YEAR_FIRST};

#[cfg(test)]
mod tests;
