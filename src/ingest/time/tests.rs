//! Tests of timestamp detection and parsing: every layout, read the same by chrono
//! (detection) and by the typing's reader (columns).

use super::*;

fn ms(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
}

fn det(values: &[&str]) -> TimeFormat {
    detect(values, &TimeOptions::default()).unwrap()
}

/// The values as the typing reads them: trimmed, read in the layout, `--tz` applied.
fn parse_values(values: &[&str], fmt: &TimeFormat, tz: Option<&str>) -> Vec<Option<i64>> {
    let tz = tz.map(|z| z.parse::<chrono_tz::Tz>().unwrap());
    let reader = value::Reader::new(fmt, tz);
    values
        .iter()
        .map(|v| reader.naive(v.trim()).and_then(|n| reader.to_utc(n)))
        .collect()
}

#[test]
fn every_layout_is_detected_and_read_the_same_by_chrono_and_the_typing() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "2011-10-11 13:45:40.276000+02:00",
                "2011-12-06 13:41:31+01:00",
            ],
            "2011-10-11T11:45:40.276Z",
        ),
        (&["2016-01-04T12:09:44.000+01:00"], "2016-01-04T11:09:44Z"),
        (
            &["2016-01-04T12:09:44Z", "2016-01-04T12:09:44+01:00"],
            "2016-01-04T12:09:44Z",
        ),
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
        (&["2024年3月1日 14时05分"], "2024-03-01T14:05:00Z"),
        (&["2024年3月1日 下午2:05"], "2024-03-01T14:05:00Z"),
        (
            &["2024/3/1 2:05:00 PM", "2024/3/1 11:05:00 AM"],
            "2024-03-01T14:05:00Z",
        ),
        (&["2023/03/15 3:45:12 PM GMT+8"], "2023-03-15T07:45:12Z"),
        (&["2024-03-01"], "2024-03-01T00:00:00Z"),
        (&["2024-3-1"], "2024-03-01T00:00:00Z"),
        (&["2024/3/1"], "2024-03-01T00:00:00Z"),
        (
            &["29-02-2016 01:23", "01-03-2016 09:00"],
            "2016-02-29T01:23:00Z",
        ),
        (&["45352.586909722222", "45353"], "2024-03-01T14:05:09Z"),
        (&["1709301900"], "2024-03-01T14:05:00Z"),
        (&["1709301900000"], "2024-03-01T14:05:00Z"),
    ];
    for (values, first) in cases {
        let fmt =
            detect(values, &TimeOptions::default()).unwrap_or_else(|e| panic!("{values:?}: {e:?}"));
        let got = parse_values(values, &fmt, None);
        assert_eq!(
            got[0],
            Some(ms(first)),
            "{values:?} read as {}",
            fmt.name(Lang::En)
        );
        for (v, g) in values.iter().zip(&got) {
            assert_eq!(*g, parse_one(v, &fmt), "{v} ({})", fmt.name(Lang::En));
        }
    }
}

#[test]
fn day_first_needs_proof_or_a_flag() {
    assert!(det(&["29-02-2016 01:23"])
        .name(Lang::En)
        .contains("day-first, proven by '29-02-2016 01:23'"));
    assert_eq!(
        detect(&["02-29-2016 01:23"], &TimeOptions::default()),
        Err(DetectError::MonthFirst {
            example: "02-29-2016 01:23".into()
        })
    );
    let mdy = TimeOptions {
        date_order: Some(DateOrder::Mdy),
        ..Default::default()
    };
    let f = detect(&["12/31/2024 8:00 PM", "01/02/2025 9:00 AM"], &mdy).unwrap();
    assert_eq!(
        parse_one("12/31/2024 8:00 PM", &f),
        Some(ms("2024-12-31T20:00:00Z"))
    );
    let ambiguous = ["01-02-2016 01:23", "03-04-2016 10:00"];
    assert!(matches!(
        detect(&ambiguous, &TimeOptions::default()),
        Err(DetectError::AmbiguousOrder { .. })
    ));
    let opts = TimeOptions {
        date_order: Some(DateOrder::Mdy),
        ..Default::default()
    };
    let f = detect(&ambiguous, &opts).unwrap();
    assert_eq!(
        parse_one(ambiguous[0], &f),
        Some(ms("2016-01-02T01:23:00Z"))
    );
    let opts = TimeOptions {
        date_order: Some(DateOrder::Dmy),
        ..Default::default()
    };
    let f = detect(&ambiguous, &opts).unwrap();
    assert_eq!(
        parse_one(ambiguous[0], &f),
        Some(ms("2016-02-01T01:23:00Z"))
    );
}

#[test]
fn excel_1904_serials_count_from_1904() {
    let opts = TimeOptions {
        excel_1904: true,
        ..Default::default()
    };
    let f = detect(&["43890.5"], &opts).unwrap();
    assert_eq!(parse_one("43890.5", &f), Some(ms("2024-03-01T12:00:00Z")));
}

#[test]
fn naive_times_are_read_in_the_given_zone_and_never_shifted() {
    let values = [
        "2024-03-01 08:00",
        // Spring forward in Berlin: 02:30 does not exist.
        "2024-03-31 02:30",
        // Fall back: 02:30 happens twice.
        "2024-10-27 02:30",
    ];
    let fmt = det(&values);
    let got = parse_values(&values, &fmt, Some("Europe/Berlin"));
    assert_eq!(got[0], Some(ms("2024-03-01T07:00:00Z")));
    assert_eq!(got[1], None, "non-existent local time is rejected");
    assert_eq!(got[2], None, "ambiguous local time is rejected");
    let shanghai = parse_values(&values[..1], &fmt, Some("Asia/Shanghai"));
    assert_eq!(shanghai[0], Some(ms("2024-03-01T00:00:00Z")));
    // Values with an offset ignore --tz.
    let fmt = det(&["2024-03-01 08:00+01:00"]);
    let got = parse_values(&["2024-03-01 08:00+01:00"], &fmt, Some("Asia/Shanghai"));
    assert_eq!(got[0], Some(ms("2024-03-01T07:00:00Z")));
    assert!("Mars/Olympus".parse::<chrono_tz::Tz>().is_err());
}

#[test]
fn broken_values_become_null_and_unknown_columns_are_refused() {
    let values = ["2024-03-01 14:05", "2024-03-01 15:05", "not a time"];
    let fmt = det(&values);
    assert_eq!(parse_values(&values, &fmt, None)[2], None);
    assert_eq!(
        detect(&["yesterday", "today"], &TimeOptions::default()),
        Err(DetectError::Unknown)
    );
    assert_eq!(
        detect(&["", " "], &TimeOptions::default()),
        Err(DetectError::Unknown)
    );
}

#[test]
fn times_of_day_are_recognised() {
    assert!(is_time_of_day(&["14:05", "9:00:01", "2:05 PM"]));
    assert!(!is_time_of_day(&["2024-03-01 14:05"]));
}
