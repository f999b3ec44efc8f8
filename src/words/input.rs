//! Words for how the input was read: rejection reasons and time-column readings.

use super::Lang;
use crate::model::facts::{DayOrder, RejectReason, TimeLayout, TimeReading, TimeZoneNote};

/// Why a row was rejected.
pub fn rejection(lang: Lang, r: RejectReason) -> &'static str {
    let (en, zh) = match r {
        RejectReason::CaseEmpty => ("case id is empty", "案例编号为空"),
        RejectReason::StageEmpty => ("stage is empty", "环节为空"),
        RejectReason::TimeEmpty => ("time is empty", "时间为空"),
        RejectReason::StartEmpty => ("start time is empty", "开始时间为空"),
        RejectReason::TimeNotUnderstood => (
            "time not understood (not in the column's detected format)",
            "时间无法识别（不符合该列识别出的格式）",
        ),
        RejectReason::LocalTimeInvalid => (
            "local time does not exist or is ambiguous in --tz (DST change)",
            "该当地时间在 --tz 时区中不存在或有歧义（夏令时切换）",
        ),
        RejectReason::EndEmpty => (
            "end time is empty (activity still open?)",
            "结束时间为空（活动仍在进行？）",
        ),
        RejectReason::EndBeforeStart => ("end is before start", "结束时间早于开始时间"),
        RejectReason::StartWithoutComplete => (
            "start without a matching complete (activity still open?)",
            "只有开始、没有对应的完成（活动仍在进行？）",
        ),
        RejectReason::CompleteWithoutStart => (
            "complete without a matching start",
            "只有完成、没有对应的开始",
        ),
        RejectReason::CompleteBeforeStart => ("complete is before its start", "完成早于其开始"),
        RejectReason::LifecycleOther => (
            "lifecycle transition is neither start nor complete",
            "生命周期状态既不是开始也不是完成",
        ),
        RejectReason::RepeatedHeader => ("a repeated header row", "重复的表头行"),
        RejectReason::EmptyResponse => (
            "no answer to any question (an empty response)",
            "未回答任何问题（空白答卷）",
        ),
        RejectReason::SurveyPreview => (
            "a survey preview, not a real response (Status)",
            "问卷预览，不是真实答卷（Status）",
        ),
        RejectReason::SurveyTest => (
            "a test response, not a real one (Status)",
            "测试答卷，不是真实答卷（Status）",
        ),
        RejectReason::Spam => (
            "marked as spam by Qualtrics (Status)",
            "被 Qualtrics 标记为垃圾答卷（Status）",
        ),
    };
    lang.pick(en, zh)
}

/// A time layout's name.
fn layout(lang: Lang, l: &TimeLayout) -> &'static str {
    match l {
        TimeLayout::Pattern(p) => p,
        TimeLayout::IsoWithOffset => lang.pick("ISO 8601 with offset", "ISO 8601（含时差）"),
        TimeLayout::EpochMillis => lang.pick("Unix epoch milliseconds", "Unix 时间戳（毫秒）"),
        TimeLayout::EpochSeconds => lang.pick("Unix epoch seconds", "Unix 时间戳（秒）"),
        TimeLayout::ExcelSerial { base_1904: false } => lang.pick(
            "Excel serial days (1900 date system)",
            "Excel 日期序列号（1900 日期系统）",
        ),
        TimeLayout::ExcelSerial { base_1904: true } => lang.pick(
            "Excel serial days (1904 date system)",
            "Excel 日期序列号（1904 日期系统）",
        ),
        TimeLayout::NoValues => lang.pick("(no values)", "（无值）"),
    }
}

/// How the day/month order was decided, as a suffix.
fn order(lang: Lang, o: &DayOrder) -> String {
    match (lang, o) {
        (Lang::En, DayOrder::DayFirstAsked) => " (day-first: --date-order dmy)".into(),
        (Lang::Zh, DayOrder::DayFirstAsked) => "（日在前：--date-order dmy）".into(),
        (Lang::En, DayOrder::MonthFirstAsked) => " (month-first: --date-order mdy)".into(),
        (Lang::Zh, DayOrder::MonthFirstAsked) => "（月在前：--date-order mdy）".into(),
        (Lang::En, DayOrder::DayFirstProven(v)) => format!(" (day-first, proven by '{v}')"),
        (Lang::Zh, DayOrder::DayFirstProven(v)) => format!("（日在前，由“{v}”确定）"),
        (Lang::En, DayOrder::DayFirstMost) => " (day-first: most values)".into(),
        (Lang::Zh, DayOrder::DayFirstMost) => "（日在前：多数值如此）".into(),
    }
}

/// The zone the times were read in, as a suffix.
fn zone(lang: Lang, z: &TimeZoneNote) -> String {
    match (lang, z) {
        (Lang::En, TimeZoneNote::Absolute) => " (converted to UTC)".into(),
        (Lang::Zh, TimeZoneNote::Absolute) => "（已换算为 UTC）".into(),
        (Lang::En, TimeZoneNote::Local(z)) => format!(" (local time in {z}, converted to UTC)"),
        (Lang::Zh, TimeZoneNote::Local(z)) => format!("（{z} 当地时间，已换算为 UTC）"),
        (Lang::En, TimeZoneNote::AssumedUtc) => " (no offset: read as UTC)".into(),
        (Lang::Zh, TimeZoneNote::AssumedUtc) => "（无时差：按 UTC 读取）".into(),
        (Lang::En, TimeZoneNote::Planned) => " (planned dates)".into(),
        (Lang::Zh, TimeZoneNote::Planned) => "（计划日期）".into(),
    }
}

/// A layout's name with how its day order was decided.
pub fn time_layout(lang: Lang, l: &TimeLayout, o: Option<&DayOrder>) -> String {
    let o = o.map(|o| order(lang, o)).unwrap_or_default();
    format!("{}{o}", layout(lang, l))
}

/// How a time column was read: layout, day order, zone.
pub fn time_reading(lang: Lang, r: &TimeReading) -> String {
    match r {
        TimeReading::Read {
            layout: l,
            order: o,
            zone: z,
        } => format!("{}{}", time_layout(lang, l, o.as_ref()), zone(lang, z)),
        TimeReading::NotRead(e) => match lang {
            Lang::En => format!("not read, left out: {e}"),
            Lang::Zh => format!("无法读取，已略去：{e}"),
        },
    }
}
