//! The business calendar SLA clocks and working durations run on: the working weekdays,
//! the working hours of a day, the public holidays and make-up workdays of China
//! ([`super::calendar_cn`], 调休 included) and the company's own days off and extra
//! workdays. A working day is one day's working hours, never 24 hours.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Which public-holiday table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holidays {
    /// China's public holidays and make-up workdays.
    Cn,
    /// Weekdays only, plus the extra days.
    None,
}

impl Holidays {
    /// `"cn"` or `"none"`.
    pub fn parse(s: &str) -> Option<Holidays> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cn" | "china" | "zh" => Some(Holidays::Cn),
            "none" | "" => Some(Holidays::None),
            _ => None,
        }
    }

    /// The years the table covers.
    pub fn years(self) -> Option<(i32, i32)> {
        match self {
            Holidays::Cn => Some(super::calendar_cn::YEARS),
            Holidays::None => None,
        }
    }
}

/// What a day is, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Workday,
    Weekend,
    /// A public holiday, with its name.
    Holiday(&'static str),
    /// A weekend day worked in exchange for a holiday (调休), with the holiday's name.
    MakeUpWorkday(&'static str),
    /// One of `extra_holidays`.
    CompanyHoliday,
    /// One of `extra_workdays`.
    CompanyWorkday,
}

impl DayKind {
    pub fn is_workday(self) -> bool {
        matches!(
            self,
            DayKind::Workday | DayKind::MakeUpWorkday(_) | DayKind::CompanyWorkday
        )
    }
}

/// The business calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// The zone the working hours are read in.
    pub tz: chrono_tz::Tz,
    /// Monday first.
    pub workdays: [bool; 7],
    /// Working hours of a day as minutes after midnight, `[from, to)`, sorted and
    /// disjoint.
    pub hours: Vec<(u32, u32)>,
    pub holidays: Holidays,
    pub extra_holidays: BTreeSet<NaiveDate>,
    pub extra_workdays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// China's usual office calendar: Monday to Friday, 09:00–12:00 and 13:30–18:00,
    /// public holidays and make-up workdays.
    pub fn china(tz: chrono_tz::Tz) -> Calendar {
        Calendar {
            tz,
            workdays: [true, true, true, true, true, false, false],
            hours: vec![(9 * 60, 12 * 60), (13 * 60 + 30, 18 * 60)],
            holidays: Holidays::Cn,
            extra_holidays: BTreeSet::new(),
            extra_workdays: BTreeSet::new(),
        }
    }

    /// What `d` is.
    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        if self.extra_holidays.contains(&d) {
            return DayKind::CompanyHoliday;
        }
        if self.extra_workdays.contains(&d) {
            return DayKind::CompanyWorkday;
        }
        if self.holidays == Holidays::Cn {
            if let Some((off, name)) = cn_day(d) {
                return if off {
                    DayKind::Holiday(name)
                } else {
                    DayKind::MakeUpWorkday(name)
                };
            }
        }
        if self.workdays[d.weekday().num_days_from_monday() as usize] {
            DayKind::Workday
        } else {
            DayKind::Weekend
        }
    }

    pub fn is_workday(&self, d: NaiveDate) -> bool {
        self.day_kind(d).is_workday()
    }

    /// One working day's length, ms.
    pub fn day_ms(&self) -> i64 {
        self.hours
            .iter()
            .map(|(a, b)| i64::from(b - a) * 60_000)
            .sum()
    }

    /// Working ms of a working day up to `ms_of_day` after midnight.
    pub fn worked_by(&self, ms_of_day: i64) -> i64 {
        self.hours
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (i64::from(a) * 60_000, i64::from(b) * 60_000);
                (ms_of_day.min(b) - a).max(0)
            })
            .sum()
    }

    /// Whether `year` lies outside the holiday table (then its days go by weekday).
    pub fn beyond_table(&self, year: i32) -> bool {
        self.holidays
            .years()
            .is_some_and(|(a, b)| year < a || year > b)
    }

    /// The working hours as written: `["09:00-12:00", "13:30-18:00"]`.
    pub fn hours_text(&self) -> Vec<String> {
        let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        self.hours
            .iter()
            .map(|&(a, b)| format!("{}-{}", hm(a), hm(b)))
            .collect()
    }
}

/// China's table entry for a day: (a day off, the holiday's name).
fn cn_day(d: NaiveDate) -> Option<(bool, &'static str)> {
    let key = (d.year(), d.month(), d.day());
    super::calendar_cn::DAYS
        .binary_search_by(|&(y, m, dd, _, _)| (y, m, dd).cmp(&key))
        .ok()
        .map(|i| {
            let (_, _, _, off, name) = super::calendar_cn::DAYS[i];
            (off, name)
        })
}

/// `"09:00-12:00"` → minutes after midnight.
pub fn parse_hours(s: &str) -> Option<(u32, u32)> {
    let hm = |t: &str| -> Option<u32> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    let (a, b) = s.split_once('-')?;
    let (a, b) = (hm(a)?, hm(b)?);
    (a < b).then_some((a, b))
}

/// `"mon-fri"` or `"mon,tue,thu"` (English day names) → Monday-first flags.
pub fn parse_workdays(s: &str) -> Option<[bool; 7]> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day = |t: &str| {
        let t = t.trim().to_ascii_lowercase();
        NAMES.iter().position(|n| t.starts_with(n))
    };
    let mut out = [false; 7];
    for part in s.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                if a > b {
                    return None;
                }
                out[a..=b].iter_mut().for_each(|x| *x = true);
            }
            None => out[day(part)?] = true,
        }
    }
    out.iter().any(|x| *x).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn national_day_2024_and_its_make_up_workdays() {
        let c = Calendar::china(chrono_tz::Tz::Asia__Shanghai);
        assert!(c.is_workday(d(2024, 9, 29)), "Sunday Sep 29 is worked");
        assert!(c.is_workday(d(2024, 10, 12)), "Saturday Oct 12 is worked");
        for day in 1..=7 {
            assert!(!c.is_workday(d(2024, 10, day)), "Oct {day}");
        }
        assert!(matches!(c.day_kind(d(2024, 10, 1)), DayKind::Holiday(_)));
        assert_eq!(c.day_kind(d(2024, 10, 8)), DayKind::Workday);
        assert_eq!(c.day_kind(d(2024, 10, 13)), DayKind::Weekend);
        assert_eq!(c.day_ms(), 7 * 3_600_000 + 1_800_000);
    }

    #[test]
    fn company_days_override_the_table_and_later_years_go_by_weekday() {
        let mut c = Calendar::china(chrono_tz::Tz::UTC);
        c.extra_holidays.insert(d(2024, 12, 31));
        c.extra_workdays.insert(d(2024, 10, 3));
        assert_eq!(c.day_kind(d(2024, 12, 31)), DayKind::CompanyHoliday);
        assert!(c.is_workday(d(2024, 10, 3)));
        assert!(c.beyond_table(2099) && !c.beyond_table(2024));
        assert!(c.is_workday(d(2099, 10, 1)), "a Thursday beyond the table");
    }

    #[test]
    fn hours_and_workdays_as_written() {
        assert_eq!(parse_hours("09:00-12:00"), Some((540, 720)));
        assert_eq!(parse_hours("13:30 - 18:00"), Some((810, 1080)));
        assert_eq!(parse_hours("18:00-09:00"), None);
        assert_eq!(parse_hours("9-12"), None);
        assert_eq!(
            parse_workdays("mon-fri"),
            Some([true, true, true, true, true, false, false])
        );
        assert_eq!(
            parse_workdays("mon,wed,sat"),
            Some([true, false, true, false, false, true, false])
        );
        assert_eq!(parse_workdays("fri-mon"), None);
        assert_eq!(parse_workdays("someday"), None);
    }
}
