//! Reading one time value in a column's detected layout, as the typing of a task log
//! does for every row: milliseconds since the epoch, then `--tz` applied.
//!
//! chrono is the reference (detection reads its samples with chrono too). Numeric
//! layouts such as `YYYY-MM-DD HH:MM:SS(.fff)`, `YYYY/M/D HH:MM` or `DD-MM-YYYY HH:MM`,
//! with or without an `±HH:MM` offset, are first tried by a small reader that accepts a
//! strict subset of what chrono accepts and gives the same result on it (tested against
//! chrono on generated values); anything it does not take goes to chrono. A log of
//! millions of rows is so read at a few nanoseconds per value.

use std::borrow::Cow;

use chrono::TimeZone as _;

use super::{parse_pattern, Kind, Rewrites, TimeFormat, P};

/// One piece of a numeric layout.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    /// Exactly four digits.
    Year,
    /// One or two digits.
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// Optional `.` and one or more digits (chrono's `%.f`).
    Fraction,
    /// `±HH:MM` exactly (a subset of chrono's `%:z`).
    Offset,
    /// This byte exactly (a space in a layout is one space here; chrono takes any).
    Lit(u8),
}

/// The fast reader of a layout, when every part of it is one [`Item`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fast {
    items: Vec<Item>,
}

impl Fast {
    /// The reader for a chrono pattern, or `None` for layouts it does not cover (AM/PM,
    /// 年月日, `%z` without a colon, …).
    pub fn for_pattern(pattern: &str) -> Option<Fast> {
        let mut items = Vec::new();
        let mut rest = pattern.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b != b'%' {
                if !b.is_ascii() {
                    return None;
                }
                items.push(Item::Lit(b));
                rest = tail;
                continue;
            }
            let (item, n) = match tail {
                [b'Y', ..] => (Item::Year, 1),
                [b'm', ..] => (Item::Month, 1),
                [b'd', ..] => (Item::Day, 1),
                [b'H', ..] => (Item::Hour, 1),
                [b'M', ..] => (Item::Minute, 1),
                [b'S', ..] => (Item::Second, 1),
                [b'.', b'f', ..] => (Item::Fraction, 2),
                [b':', b'z', ..] => (Item::Offset, 2),
                _ => return None,
            };
            items.push(item);
            rest = &tail[n..];
        }
        Some(Fast { items })
    }

    /// Milliseconds since the epoch (UTC for an offset, naive otherwise), or `None` when
    /// the value is not in exactly this shape (chrono then decides).
    pub fn parse(&self, v: &str) -> Option<i64> {
        let mut s = v.as_bytes();
        let (mut y, mut mo, mut d, mut h, mut mi, mut sec) = (0i64, 1u32, 1u32, 0u32, 0u32, 0u32);
        let (mut ms, mut offset_min) = (0i64, 0i64);
        for item in &self.items {
            match *item {
                Item::Year => {
                    let (n, k) = digits(s, 4, 4)?;
                    y = i64::from(n);
                    s = &s[k..];
                }
                Item::Lit(b) => {
                    let (&first, tail) = s.split_first()?;
                    if first != b {
                        return None;
                    }
                    s = tail;
                }
                Item::Fraction => {
                    if let Some((&b'.', tail)) = s.split_first() {
                        let k = tail.iter().take_while(|c| c.is_ascii_digit()).count();
                        if k == 0 {
                            return None;
                        }
                        ms = tail[..k.min(3)]
                            .iter()
                            .chain(std::iter::repeat(&b'0'))
                            .take(3)
                            .fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
                        s = &tail[k..];
                    }
                }
                Item::Offset => {
                    let (sign, tail) = match s.split_first()? {
                        (b'+', t) => (1, t),
                        (b'-', t) => (-1, t),
                        _ => return None,
                    };
                    let [a, b, b':', c, e, ref more @ ..] = *tail else {
                        return None;
                    };
                    let (oh, _) = digits(&[a, b], 2, 2)?;
                    let (om, _) = digits(&[c, e], 2, 2)?;
                    if oh >= 24 || om >= 60 {
                        return None;
                    }
                    offset_min = sign * i64::from(oh * 60 + om);
                    s = more;
                }
                field => {
                    let (n, k) = digits(s, 1, 2)?;
                    s = &s[k..];
                    match field {
                        Item::Month => mo = n,
                        Item::Day => d = n,
                        Item::Hour => h = n,
                        Item::Minute => mi = n,
                        _ => sec = n,
                    }
                }
            }
        }
        if !s.is_empty() || h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        let days = days_from_civil(y, mo, d)?;
        let secs = days * 86_400 + i64::from(h * 3600 + mi * 60 + sec) - offset_min * 60;
        Some(secs * 1000 + ms)
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar, or `None` for a
/// day the month does not have (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > month_days {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `min..=max` leading ASCII digits (followed by a non-digit or the end): their value
/// and how many there were.
#[inline]
fn digits(s: &[u8], min: usize, max: usize) -> Option<(u32, usize)> {
    let (mut n, mut k) = (0u32, 0usize);
    while k < s.len() && s[k].is_ascii_digit() {
        if k == max {
            return None;
        }
        n = n * 10 + u32::from(s[k] - b'0');
        k += 1;
    }
    (k >= min).then_some((n, k))
}

/// Reads the values of one time column: its layout, its rewrites and `--tz`.
#[derive(Debug, Clone)]
pub struct Reader {
    fmt: TimeFormat,
    fast: Option<Fast>,
    tz: Option<chrono_tz::Tz>,
}

/// Unix day number of Excel's serial 0 in the 1900 system (1899-12-30).
const EXCEL_1900_EPOCH_DAYS: f64 = -25569.0;
/// Unix day number of serial 0 in the 1904 system (1904-01-01).
const EXCEL_1904_EPOCH_DAYS: f64 = -24107.0;
const MS_PER_DAY: f64 = 86_400_000.0;

impl Reader {
    /// A reader for `fmt`; `tz` applies to layouts without an offset.
    pub fn new(fmt: &TimeFormat, tz: Option<chrono_tz::Tz>) -> Reader {
        let fast = match fmt.kind {
            Kind::Pattern { pattern, .. } if fmt.rewrites == Rewrites::default() => {
                Fast::for_pattern(pattern)
            }
            _ => None,
        };
        let tz = if fmt.absolute() { None } else { tz };
        Reader {
            fmt: fmt.clone(),
            fast,
            tz,
        }
    }

    /// The value (trimmed text) as naive milliseconds: UTC for layouts with an offset,
    /// the wall-clock time read as if it were UTC otherwise. `None` when it does not fit
    /// the layout.
    pub fn naive(&self, v: &str) -> Option<i64> {
        // A column without a value in the rows looked at has no layout: a later value
        // is not understood, never read in a guessed one.
        if self.fmt.layout == crate::model::facts::TimeLayout::NoValues {
            return None;
        }
        match self.fmt.kind {
            Kind::Pattern {
                pattern,
                with_offset,
                has_time,
            } => {
                if let Some(ms) = self.fast.as_ref().and_then(|f| f.parse(v)) {
                    return Some(ms);
                }
                let v = rewrite(v, self.fmt.rewrites);
                let p = P {
                    pattern,
                    with_offset,
                    has_time,
                    layout: crate::model::facts::TimeLayout::NoValues,
                };
                parse_pattern(&v, &p)
            }
            Kind::ExcelSerial { base_1904 } => {
                let epoch = if base_1904 {
                    EXCEL_1904_EPOCH_DAYS
                } else {
                    EXCEL_1900_EPOCH_DAYS
                };
                whole((number(v)? + epoch) * MS_PER_DAY)
            }
            Kind::EpochSeconds => whole(number(v)? * 1000.0),
            Kind::EpochMillis => whole(number(v)?),
        }
    }

    /// Naive milliseconds in `--tz` → UTC; `None` for a local time that does not exist
    /// or is ambiguous there (a DST change). Identity without a zone.
    pub fn to_utc(&self, naive_ms: i64) -> Option<i64> {
        let Some(tz) = &self.tz else {
            return Some(naive_ms);
        };
        let local = chrono::DateTime::from_timestamp_millis(naive_ms)?.naive_utc();
        tz.from_local_datetime(&local)
            .single()
            .map(|d| d.timestamp_millis())
    }

    /// The layout read.
    pub fn format(&self) -> &TimeFormat {
        &self.fmt
    }
}

/// A number as the layouts with numbers read it (spaces around it ignored).
fn number(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A finite number rounded half away from zero to whole milliseconds.
fn whole(x: f64) -> Option<i64> {
    let r = x.round();
    (r.is_finite() && r.abs() < 9.0e18).then_some(r as i64)
}

/// The rewrites a column needs (see [`Rewrites`]), applied to one trimmed value: a
/// trailing `Z` → `+00:00`, `GMT+8` → `+08:00`, 上午/下午 → AM/PM after the time.
pub fn rewrite(v: &str, rw: Rewrites) -> Cow<'_, str> {
    if rw == Rewrites::default() {
        return Cow::Borrowed(v);
    }
    let mut out = Cow::Borrowed(v);
    if rw.zulu {
        if let Some(rest) = out.strip_suffix(['Z', 'z']) {
            if rest.chars().count() >= 10 {
                out = Cow::Owned(format!("{rest}+00:00"));
            }
        }
    }
    if rw.gmt {
        if let Some(v) = super::gmt_offset(&out) {
            out = Cow::Owned(v);
        }
    }
    if rw.cn_ampm {
        for (word, ampm) in super::CN_AMPM {
            if let Some((date, time)) = out.split_once(word) {
                let v = format!("{} {} {ampm}", date.trim(), time.trim());
                return Cow::Owned(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::time::layouts::{DAY_OR_MONTH_FIRST, YEAR_FIRST};

    /// Values around the edges of every numeric shape: widths, separators, spaces,
    /// fractions, offsets, impossible dates and times.
    fn candidates() -> Vec<String> {
        let dates = [
            "2024-03-01",
            "2024-3-1",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "0999-01-01",
            "1969-12-31",
            "24-03-01",
            "02024-03-01",
            "2024-003-01",
            "2024/03/01",
            "2024.3.1",
            "01-03-2024",
            "1-3-2024",
            "31/12/2024",
            "12.31.2024",
            "2024-03- 1",
        ];
        let times = [
            "",
            " 14:05",
            " 14:05:09",
            "T14:05:09",
            " 9:5",
            " 9:05:07.5",
            " 23:59:59.999",
            " 23:59:60",
            " 24:00",
            " 14:60",
            " 14:05:09.123456789",
            " 14:05:09.",
            " 14:05:09.1234567890123",
            "  14:05",
            "14:05",
            " 14:05:09+02:00",
            " 14:05:09.250-05:30",
            " 14:05:09+2:00",
            " 14:05+23:59",
            " 14:05+24:00",
            " 14:05:09 ",
            " 14:05:09Z",
        ];
        let mut out = Vec::new();
        for d in dates {
            for t in times {
                out.push(format!("{d}{t}"));
                out.push(format!("{d}{}", t.replace(' ', "T")));
            }
        }
        out
    }

    #[test]
    fn the_fast_reader_agrees_with_chrono_wherever_it_reads() {
        let mut covered = 0;
        let patterns = YEAR_FIRST
            .iter()
            .chain(DAY_OR_MONTH_FIRST.iter().flat_map(|(a, b)| [a, b]));
        for p in patterns {
            let Some(fast) = Fast::for_pattern(p.pattern) else {
                continue;
            };
            covered += 1;
            for v in candidates() {
                if let Some(got) = fast.parse(&v) {
                    assert_eq!(Some(got), parse_pattern(&v, p), "{v:?} with {}", p.pattern);
                }
            }
        }
        // Columns without fractions are read with the layouts' short forms.
        for short in [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y/%m/%d %H:%M:%S",
        ] {
            let fast = Fast::for_pattern(short).expect("a numeric layout");
            let p = P {
                pattern: short,
                with_offset: false,
                has_time: true,
                layout: crate::model::facts::TimeLayout::NoValues,
            };
            for v in candidates() {
                if let Some(got) = fast.parse(&v) {
                    assert_eq!(Some(got), parse_pattern(&v, &p), "{v:?} with {short}");
                }
            }
        }
        assert!(covered >= 20, "only {covered} layouts have a fast reader");
    }

    #[test]
    fn calendar_days_match_chrono() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
        for y in [
            -401, -1, 0, 1, 1600, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999,
        ] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let want = chrono::NaiveDate::from_ymd_opt(y, m, d)
                        .map(|day| day.signed_duration_since(epoch).num_days());
                    assert_eq!(days_from_civil(i64::from(y), m, d), want, "{y}-{m}-{d}");
                }
            }
        }
    }

    #[test]
    fn the_fast_reader_takes_the_usual_values() {
        let f = Fast::for_pattern("%Y-%m-%d %H:%M:%S%.f").expect("numeric");
        let at = |v: &str| f.parse(v);
        assert_eq!(at("1970-01-01 00:00:01"), Some(1000));
        assert_eq!(at("1970-01-01 00:00:01.5"), Some(1500));
        assert_eq!(at("1969-12-31 23:59:59.250"), Some(-750));
        assert_eq!(at("2024-3-1 9:05:00"), Some(1_709_283_900_000));
        let z = Fast::for_pattern("%Y-%m-%d %H:%M:%S%.f%:z").expect("numeric");
        assert_eq!(z.parse("1970-01-01 02:00:00+02:00"), Some(0));
        assert_eq!(z.parse("1970-01-01 00:00:00-00:30"), Some(1_800_000));
        assert!(Fast::for_pattern("%Y/%m/%d %I:%M %p").is_none());
        assert!(Fast::for_pattern("%Y年%m月%d日").is_none());
    }

    #[test]
    fn a_column_without_values_reads_nothing_later() {
        let nothing = TimeFormat {
            kind: Kind::EpochMillis,
            layout: crate::model::facts::TimeLayout::NoValues,
            order: None,
            rewrites: Rewrites::default(),
        };
        let r = Reader::new(&nothing, None);
        assert_eq!(
            r.naive("1709301900000"),
            None,
            "not guessed as epoch milliseconds"
        );
        assert_eq!(r.naive("2024-03-01"), None);
    }

    #[test]
    fn numbers_and_zones_are_read_as_the_layouts_say() {
        let fmt = |kind| TimeFormat {
            kind,
            layout: crate::model::facts::TimeLayout::EpochMillis,
            order: None,
            rewrites: Rewrites::default(),
        };
        let excel = Reader::new(&fmt(Kind::ExcelSerial { base_1904: false }), None);
        assert_eq!(excel.naive("25569.5"), Some(43_200_000));
        assert_eq!(excel.naive(" 25569 "), Some(0));
        assert_eq!(excel.naive("NaN"), None);
        let secs = Reader::new(&fmt(Kind::EpochSeconds), None);
        assert_eq!(secs.naive("1.0005"), Some(1001));
        assert_eq!(secs.naive("-1.0005"), Some(-1001));
        let p = Kind::Pattern {
            pattern: "%Y-%m-%d %H:%M",
            with_offset: false,
            has_time: true,
        };
        let tz: chrono_tz::Tz = "Europe/Berlin".parse().expect("a zone");
        let berlin = Reader::new(&fmt(p), Some(tz));
        let naive = berlin.naive("2024-03-31 02:30").expect("a time");
        assert_eq!(berlin.to_utc(naive), None, "skipped by the DST change");
        let naive = berlin.naive("2024-10-27 02:30").expect("a time");
        assert_eq!(berlin.to_utc(naive), None, "ambiguous");
        let naive = berlin.naive("2024-07-01 12:00").expect("a time");
        assert_eq!(berlin.to_utc(naive), Some(naive - 7_200_000));
    }
}
