//! Facts about how the input was read, kept as data: why a row was rejected and how a
//! time column was read. They carry no words; [`crate::words`] says them in the
//! report's language, and the JSON contract gets the English wording when serialized.

use serde::{Serialize, Serializer};

use crate::words::{self, Lang};

/// Why an input row was not used (contract `inputs[].rejections[].reason`, worded in
/// English there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RejectReason {
    CaseEmpty,
    StageEmpty,
    /// The one time column of a single-timestamp log is empty.
    TimeEmpty,
    StartEmpty,
    /// The value is not in the layout detected for its column.
    TimeNotUnderstood,
    /// A local time that does not exist or is ambiguous in the zone (DST change).
    LocalTimeInvalid,
    EndEmpty,
    EndBeforeStart,
    StartWithoutComplete,
    CompleteWithoutStart,
    CompleteBeforeStart,
    LifecycleOther,
    /// Questionnaires: the header repeated inside the data.
    RepeatedHeader,
    /// Questionnaires: a response that answers no question.
    EmptyResponse,
    /// Qualtrics: a survey preview.
    SurveyPreview,
    /// Qualtrics: a test response.
    SurveyTest,
    /// Qualtrics: marked as spam.
    Spam,
}

impl RejectReason {
    /// Every reason, for lookups by code.
    pub const ALL: [RejectReason; 17] = [
        RejectReason::CaseEmpty,
        RejectReason::StageEmpty,
        RejectReason::TimeEmpty,
        RejectReason::StartEmpty,
        RejectReason::TimeNotUnderstood,
        RejectReason::LocalTimeInvalid,
        RejectReason::EndEmpty,
        RejectReason::EndBeforeStart,
        RejectReason::StartWithoutComplete,
        RejectReason::CompleteWithoutStart,
        RejectReason::CompleteBeforeStart,
        RejectReason::LifecycleOther,
        RejectReason::RepeatedHeader,
        RejectReason::EmptyResponse,
        RejectReason::SurveyPreview,
        RejectReason::SurveyTest,
        RejectReason::Spam,
    ];

    /// A stable short name (what the polars frames carry between ingest steps).
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::CaseEmpty => "case_empty",
            RejectReason::StageEmpty => "stage_empty",
            RejectReason::TimeEmpty => "time_empty",
            RejectReason::StartEmpty => "start_empty",
            RejectReason::TimeNotUnderstood => "time_not_understood",
            RejectReason::LocalTimeInvalid => "local_time_invalid",
            RejectReason::EndEmpty => "end_empty",
            RejectReason::EndBeforeStart => "end_before_start",
            RejectReason::StartWithoutComplete => "start_without_complete",
            RejectReason::CompleteWithoutStart => "complete_without_start",
            RejectReason::CompleteBeforeStart => "complete_before_start",
            RejectReason::LifecycleOther => "lifecycle_other",
            RejectReason::RepeatedHeader => "repeated_header",
            RejectReason::EmptyResponse => "empty_response",
            RejectReason::SurveyPreview => "survey_preview",
            RejectReason::SurveyTest => "survey_test",
            RejectReason::Spam => "spam",
        }
    }

    /// The reason named by `code`.
    pub fn from_code(code: &str) -> Option<RejectReason> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether the row is an activity that has not ended yet.
    pub fn still_open(self) -> bool {
        matches!(
            self,
            RejectReason::EndEmpty | RejectReason::StartWithoutComplete
        )
    }
}

impl Serialize for RejectReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(words::rejection(Lang::En, *self))
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(words::rejection(Lang::En, *self))
    }
}

/// The layout a time column was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeLayout {
    /// A written layout such as `YYYY-MM-DD HH:MM` (the same in every language).
    Pattern(&'static str),
    /// ISO 8601 with a UTC offset.
    IsoWithOffset,
    EpochMillis,
    EpochSeconds,
    ExcelSerial {
        base_1904: bool,
    },
    /// The column has no values.
    NoValues,
}

/// How the order of day and month was decided (dates such as 03/04/2024).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOrder {
    /// `--date-order dmy`.
    DayFirstAsked,
    /// `--date-order mdy`.
    MonthFirstAsked,
    /// A value that only day-first reads.
    DayFirstProven(String),
    /// Both orders are proven by some values; day-first reads more.
    DayFirstMost,
}

/// What zone the times were read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeZoneNote {
    /// The values carry an offset (or are absolute).
    Absolute,
    /// Local times in the given zone.
    Local(String),
    /// No offset and no zone given: read as UTC.
    AssumedUtc,
    /// A column of planned dates.
    Planned,
}

/// How one time column was read (contract `inputs[].timestamp_formats`, worded in
/// English there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeReading {
    Read {
        layout: TimeLayout,
        order: Option<DayOrder>,
        zone: TimeZoneNote,
    },
    /// A planned-date column that could not be read, with the reason (English).
    NotRead(String),
}

impl Serialize for TimeReading {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&words::time_reading(Lang::En, self))
    }
}
