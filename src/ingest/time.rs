//! Timestamps: detecting a column's format from its values and parsing the whole column
//! with polars to milliseconds since the Unix epoch, UTC.
//!
//! Offsets (`+02:00`, `Z`) are converted to UTC before anything else happens, so a log
//! that crosses a DST change keeps its true durations. Times without an offset are read
//! as UTC and the report says so.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use polars::prelude::*;

/// A timestamp layout that one column was found to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeFormat {
    /// chrono/polars strptime pattern.
    pub pattern: &'static str,
    /// Whether the pattern carries a UTC offset.
    pub with_offset: bool,
    /// Whether the pattern has a time of day (date-only values mean midnight).
    pub has_time: bool,
    /// A human description, shown by the report and JSON.
    pub label: &'static str,
}

const fn f(
    pattern: &'static str,
    with_offset: bool,
    has_time: bool,
    label: &'static str,
) -> TimeFormat {
    TimeFormat {
        pattern,
        with_offset,
        has_time,
        label,
    }
}

/// Candidate layouts in the order they are tried.
pub const FORMATS: &[TimeFormat] = &[
    f(
        "%Y-%m-%d %H:%M:%S%.f%:z",
        true,
        true,
        "ISO 8601 with offset",
    ),
    f(
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        true,
        true,
        "ISO 8601 with offset",
    ),
    f("%Y-%m-%d %H:%M:%S%.f%z", true, true, "ISO 8601 with offset"),
    f("%Y-%m-%dT%H:%M:%S%.f%z", true, true, "ISO 8601 with offset"),
    f("%Y-%m-%d %H:%M:%S%.f", false, true, "YYYY-MM-DD HH:MM:SS"),
    f("%Y-%m-%dT%H:%M:%S%.f", false, true, "YYYY-MM-DDTHH:MM:SS"),
    f("%Y-%m-%d %H:%M", false, true, "YYYY-MM-DD HH:MM"),
    f("%Y-%m-%dT%H:%M", false, true, "YYYY-MM-DDTHH:MM"),
    f("%Y/%m/%d %H:%M:%S%.f", false, true, "YYYY/M/D HH:MM:SS"),
    f("%Y/%m/%d %H:%M", false, true, "YYYY/M/D HH:MM"),
    f(
        "%Y年%m月%d日 %H:%M:%S",
        false,
        true,
        "YYYY年M月D日 HH:MM:SS",
    ),
    f("%Y年%m月%d日 %H:%M", false, true, "YYYY年M月D日 HH:MM"),
    f("%Y-%m-%d", false, false, "YYYY-MM-DD"),
    f("%Y/%m/%d", false, false, "YYYY/M/D"),
    f("%Y年%m月%d日", false, false, "YYYY年M月D日"),
];

/// Parses one value with `fmt` (used for detection and tests; columns go through
/// [`parse_expr`]). Returns milliseconds since the epoch, UTC.
pub fn parse_one(value: &str, fmt: &TimeFormat) -> Option<i64> {
    let v = value.trim();
    if fmt.with_offset {
        let v = match v.strip_suffix(['Z', 'z']) {
            Some(rest) => format!("{rest}+00:00"),
            None => v.to_string(),
        };
        return DateTime::parse_from_str(&v, fmt.pattern)
            .ok()
            .map(|d| d.timestamp_millis());
    }
    if fmt.has_time {
        NaiveDateTime::parse_from_str(v, fmt.pattern)
            .ok()
            .map(|d| d.and_utc().timestamp_millis())
    } else {
        NaiveDate::parse_from_str(v, fmt.pattern)
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp_millis())
    }
}

/// The first candidate format that reads every sample value, if any.
pub fn detect<'a>(
    samples: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'static TimeFormat> {
    let mut any = false;
    for s in samples.clone() {
        if !s.trim().is_empty() {
            any = true;
            break;
        }
    }
    if !any {
        return None;
    }
    FORMATS.iter().find(|fmt| {
        samples
            .clone()
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .all(|s| parse_one(s, fmt).is_some())
    })
}

/// Picks the format that reads the most of `samples` (at least one), for columns where
/// a few values are broken: those rows are then rejected, not the whole column.
pub fn detect_majority(samples: &[&str]) -> Option<&'static TimeFormat> {
    if let Some(f) = detect(samples.iter().copied()) {
        return Some(f);
    }
    FORMATS
        .iter()
        .map(|fmt| {
            let ok = samples
                .iter()
                .filter(|s| parse_one(s, fmt).is_some())
                .count();
            (ok, fmt)
        })
        .filter(|(ok, _)| *ok * 2 >= samples.len().max(1))
        .max_by_key(|(ok, fmt)| (*ok, std::cmp::Reverse(fmt.pattern.len())))
        .map(|(_, fmt)| fmt)
}

/// Expression that parses String column `column` with `fmt` into Int64 milliseconds
/// since the epoch, UTC; values that do not fit become null.
pub fn parse_expr(column: &str, fmt: &TimeFormat) -> Expr {
    let mut c = col(column).str().strip_chars(lit(NULL));
    if fmt.with_offset {
        // `Z` is the zero offset; chrono's %z wants digits.
        c = c.str().replace(lit("[Zz]$"), lit("+00:00"), false);
    }
    let opts = StrptimeOptions {
        format: Some(fmt.pattern.into()),
        strict: false,
        exact: true,
        cache: true,
    };
    let parsed = if fmt.has_time {
        let tz = fmt.with_offset.then_some(TimeZone::UTC);
        c.str()
            .to_datetime(Some(TimeUnit::Milliseconds), tz, opts, lit("raise"))
    } else {
        c.str()
            .to_date(opts)
            .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
    };
    parsed.cast(DataType::Int64)
}

/// Milliseconds since the epoch → `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn ms_to_iso(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    #[test]
    fn formats_are_detected_from_values() {
        let d = detect([
            "2011-10-11 13:45:40.276000+02:00",
            "2011-12-06 13:41:31+01:00",
        ])
        .unwrap();
        assert!(d.with_offset);
        assert_eq!(
            detect(["2024/3/1 14:05", "2024/12/31 08:00"])
                .unwrap()
                .label,
            "YYYY/M/D HH:MM"
        );
        assert_eq!(
            detect(["2012/01/30 06:24:00.000"]).unwrap().label,
            "YYYY/M/D HH:MM:SS"
        );
        assert_eq!(
            detect(["2024年3月1日 14:05"]).unwrap().label,
            "YYYY年M月D日 HH:MM"
        );
        assert_eq!(detect(["2024-03-01"]).unwrap().label, "YYYY-MM-DD");
        assert!(detect(["yesterday"]).is_none());
        assert!(detect(["", " "]).is_none());
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        let fmt = detect(["2011-10-11 13:45:40.276+02:00"]).unwrap();
        assert_eq!(
            parse_one("2011-10-11 13:45:40.276+02:00", fmt),
            Some(ms("2011-10-11T11:45:40.276Z"))
        );
    }

    fn parse_with_polars(values: &[&str]) -> Vec<Option<i64>> {
        let fmt = detect_majority(values).unwrap();
        let df = df!("t" => values).unwrap();
        let out = df.lazy().select([parse_expr("t", fmt)]).collect().unwrap();
        out.column("t").unwrap().i64().unwrap().iter().collect()
    }

    #[test]
    fn polars_parsing_matches_chrono_for_every_layout() {
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "2011-10-11 13:45:40.276000+02:00",
                    "2011-12-06 13:41:31+01:00",
                ],
                "2011-10-11T11:45:40.276Z",
            ),
            (&["2016-01-04T12:09:44.000+01:00"], "2016-01-04T11:09:44Z"),
            (&["2016-01-04T12:09:44Z"], "2016-01-04T12:09:44Z"),
            (&["2024-03-01 14:05:00.000"], "2024-03-01T14:05:00Z"),
            (&["2024-03-01 14:05:00"], "2024-03-01T14:05:00Z"),
            (&["2024-03-01T14:05:00.5"], "2024-03-01T14:05:00.5Z"),
            (&["2024-03-01 14:05"], "2024-03-01T14:05:00Z"),
            (
                &["2024/3/1 14:05", "2024/12/31 8:00"],
                "2024-03-01T14:05:00Z",
            ),
            (&["2012/01/30 06:24:00.000"], "2012-01-30T06:24:00Z"),
            (&["2024年3月1日 14:05"], "2024-03-01T14:05:00Z"),
            (&["2024-03-01"], "2024-03-01T00:00:00Z"),
            (&["2024/3/1"], "2024-03-01T00:00:00Z"),
        ];
        for (values, first) in cases {
            let got = parse_with_polars(values);
            assert_eq!(got[0], Some(ms(first)), "{values:?}");
            let fmt = detect(values.iter().copied()).unwrap();
            for (v, g) in values.iter().zip(&got) {
                assert_eq!(*g, parse_one(v, fmt), "{v}");
            }
        }
    }

    #[test]
    fn broken_values_become_null_not_errors() {
        let got = parse_with_polars(&["2024-03-01 14:05", "2024-03-01 15:05", "not a time"]);
        assert_eq!(got[2], None);
        assert!(got[0].is_some());
    }
}
