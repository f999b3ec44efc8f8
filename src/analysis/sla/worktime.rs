//! Working time between two instants on a [`Calendar`]: each day's working hours,
//! workdays only (holidays and make-up workdays as the calendar says). Days are read in
//! the calendar's zone; a prefix sum over the days of the log makes each query two
//! lookups.

use chrono::{NaiveDate, TimeZone, Timelike};

use crate::model::calendar::Calendar;

/// Working ms before each day of a span, for quick differences.
#[derive(Debug, Clone)]
pub struct WorkClock<'a> {
    cal: &'a Calendar,
    first: NaiveDate,
    /// `before[i]`: working ms of the days `first .. first + i`.
    before: Vec<i64>,
}

impl<'a> WorkClock<'a> {
    /// A clock for instants from `from_ms` to `to_ms` (others are computed day by day).
    pub fn new(cal: &'a Calendar, from_ms: i64, to_ms: i64) -> WorkClock<'a> {
        let first = local(cal, from_ms).0;
        let last = local(cal, to_ms.max(from_ms)).0;
        let days = (last - first).num_days().max(0) as usize + 2;
        let mut before = Vec::with_capacity(days);
        let mut sum = 0;
        let mut d = first;
        for _ in 0..days {
            before.push(sum);
            sum += day_total(cal, d);
            d = d.succ_opt().unwrap_or(d);
        }
        WorkClock { cal, first, before }
    }

    pub fn calendar(&self) -> &Calendar {
        self.cal
    }

    /// Working ms of all days before `d`, relative to the span's first day.
    fn before_day(&self, d: NaiveDate) -> i64 {
        let i = (d - self.first).num_days();
        match usize::try_from(i).ok().and_then(|i| self.before.get(i)) {
            Some(v) => *v,
            None => self.walk(d),
        }
    }

    /// [`Self::before_day`] outside the precomputed span.
    fn walk(&self, d: NaiveDate) -> i64 {
        let mut sum = 0;
        if d < self.first {
            let mut x = d;
            while x < self.first {
                sum -= day_total(self.cal, x);
                x = x.succ_opt().unwrap_or(self.first);
            }
        } else {
            let last = self.first + chrono::Days::new(self.before.len() as u64 - 1);
            sum = self.before[self.before.len() - 1];
            let mut x = last;
            while x < d {
                sum += day_total(self.cal, x);
                x = x.succ_opt().unwrap_or(d);
            }
        }
        sum
    }

    /// Working ms from the span's first midnight to `ms`.
    fn at(&self, ms: i64) -> i64 {
        let (d, of_day) = local(self.cal, ms);
        let today = if self.cal.is_workday(d) {
            self.cal.worked_by(of_day)
        } else {
            0
        };
        self.before_day(d) + today
    }

    /// Working ms between two instants (0 when `b` is not after `a`). Days are read on
    /// the local wall clock: in zones with daylight saving, the hour the clocks go back
    /// can make the difference negative, and it is then 0.
    pub fn between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            0
        } else {
            (self.at(b) - self.at(a)).max(0)
        }
    }
}

/// Working ms of a whole day.
fn day_total(cal: &Calendar, d: NaiveDate) -> i64 {
    if cal.is_workday(d) {
        cal.day_ms()
    } else {
        0
    }
}

/// The local day and the ms after its midnight of an instant.
pub fn local(cal: &Calendar, ms: i64) -> (NaiveDate, i64) {
    let t = cal
        .tz
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.naive_local())
        .unwrap_or_default();
    let of_day = i64::from(t.num_seconds_from_midnight()) * 1000
        + i64::from(t.nanosecond() / 1_000_000).min(999);
    (t.date(), of_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn ms(s: &str) -> i64 {
        let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        Tz::Asia__Shanghai
            .from_local_datetime(&t)
            .single()
            .unwrap()
            .timestamp_millis()
    }

    const H: i64 = 3_600_000;

    #[test]
    fn national_day_2024_by_hand() {
        let cal = Calendar::china(Tz::Asia__Shanghai);
        let clock = WorkClock::new(&cal, ms("2024-09-01 00:00"), ms("2024-10-31 00:00"));
        // Fri Sep 27 16:00 → Tue Oct 8 10:00: Fri 2 h, Sun Sep 29 (make-up) 7.5 h,
        // Mon Sep 30 7.5 h, Oct 1–7 off, Tue Oct 8 1 h = 18 h.
        assert_eq!(
            clock.between(ms("2024-09-27 16:00"), ms("2024-10-08 10:00")),
            18 * H
        );
        // Fri Oct 11 17:00 → Mon Oct 14 10:00: Fri 1 h, Sat Oct 12 (make-up) 7.5 h,
        // Sun off, Mon 1 h = 9.5 h.
        assert_eq!(
            clock.between(ms("2024-10-11 17:00"), ms("2024-10-14 10:00")),
            19 * H / 2
        );
        // Inside the lunch break nothing counts; across it 12:00–13:30 is skipped.
        assert_eq!(
            clock.between(ms("2024-10-08 12:10"), ms("2024-10-08 13:20")),
            0
        );
        assert_eq!(
            clock.between(ms("2024-10-08 11:00"), ms("2024-10-08 14:00")),
            3 * H / 2
        );
    }

    #[test]
    fn spring_festival_2024_by_hand() {
        let cal = Calendar::china(Tz::Asia__Shanghai);
        let clock = WorkClock::new(&cal, ms("2024-02-01 00:00"), ms("2024-02-10 00:00"));
        // The 2024 notice: Feb 10–17 off, Sundays Feb 4 and Feb 18 worked; Fri Feb 9
        // (除夕) is a workday. Thu Feb 8 15:00 → Sun Feb 18 12:00: Thu 3 h, Fri 7.5 h,
        // Feb 10–17 off, Sun Feb 18 (make-up) 3 h = 13.5 h.
        assert_eq!(
            clock.between(ms("2024-02-08 15:00"), ms("2024-02-18 12:00")),
            27 * H / 2
        );
        // Outside the precomputed span, day by day.
        assert_eq!(
            clock.between(ms("2024-01-26 09:00"), ms("2024-01-26 18:00")),
            15 * H / 2
        );
        assert_eq!(
            clock.between(ms("2024-02-18 09:00"), ms("2024-02-19 18:00")),
            15 * H
        );
    }
}
