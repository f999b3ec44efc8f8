//! Service-level clocks as the user writes them in `[[sla]]`: where a clock starts and
//! stops (`受理.end`, `评审.start`, `case.start`, `case.end`), its target (`2wh` working
//! hours, `3wd` working days, `24h`, `10min` elapsed), per-value targets of a column,
//! statuses that pause it, and weekly-update clocks (`weekly = "fri 17:00"`). Evaluated
//! by [`crate::analysis::sla`].

use serde::Serialize;

/// A point of a case a clock starts or stops at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// The start of the first event of a stage (after the clock's start, for a stop).
    StageStart(String),
    /// The end of that event.
    StageEnd(String),
    CaseStart,
    CaseEnd,
}

impl Point {
    /// `STAGE.start`, `STAGE.end`, `case.start`, `case.end`.
    pub fn parse(s: &str) -> Option<Point> {
        let s = s.trim();
        match s {
            "case.start" => return Some(Point::CaseStart),
            "case.end" => return Some(Point::CaseEnd),
            _ => {}
        }
        let (stage, end) = s.rsplit_once('.')?;
        let stage = stage.trim();
        if stage.is_empty() {
            return None;
        }
        match end.trim() {
            "start" => Some(Point::StageStart(stage.to_string())),
            "end" => Some(Point::StageEnd(stage.to_string())),
            _ => None,
        }
    }

    /// The stage it names, if any.
    pub fn stage(&self) -> Option<&str> {
        match self {
            Point::StageStart(s) | Point::StageEnd(s) => Some(s),
            _ => None,
        }
    }

    /// As written.
    pub fn text(&self) -> String {
        match self {
            Point::StageStart(s) => format!("{s}.start"),
            Point::StageEnd(s) => format!("{s}.end"),
            Point::CaseStart => "case.start".into(),
            Point::CaseEnd => "case.end".into(),
        }
    }
}

/// How a target counts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    WorkingHours,
    WorkingDays,
    WorkingMinutes,
    Hours,
    Days,
    Minutes,
}

/// A target duration: `2wh`, `3wd`, `30wmin`, `24h`, `2d`, `10min`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    pub value: f64,
    pub unit: Unit,
}

impl Target {
    pub fn parse(s: &str) -> Option<Target> {
        let t = s.trim();
        let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (num, unit) = t.split_at(split);
        let value = num.parse::<f64>().ok().filter(|v| *v > 0.0)?;
        let unit = match unit.trim() {
            "wh" => Unit::WorkingHours,
            "wd" => Unit::WorkingDays,
            "wmin" => Unit::WorkingMinutes,
            "h" => Unit::Hours,
            "d" => Unit::Days,
            "min" => Unit::Minutes,
            _ => return None,
        };
        Some(Target { value, unit })
    }

    /// Counted in the calendar's working time.
    pub fn working(&self) -> bool {
        matches!(
            self.unit,
            Unit::WorkingHours | Unit::WorkingDays | Unit::WorkingMinutes
        )
    }

    /// The target in ms (of working time when [`Self::working`]); a working day is
    /// `day_ms`, the calendar's day of working hours.
    pub fn ms(&self, day_ms: i64) -> i64 {
        let per = match self.unit {
            Unit::WorkingHours | Unit::Hours => 3_600_000.0,
            Unit::WorkingMinutes | Unit::Minutes => 60_000.0,
            Unit::WorkingDays => day_ms as f64,
            Unit::Days => 86_400_000.0,
        };
        (self.value * per).round() as i64
    }

    /// As written: `2wh`.
    pub fn text(&self) -> String {
        let u = match self.unit {
            Unit::WorkingHours => "wh",
            Unit::WorkingDays => "wd",
            Unit::WorkingMinutes => "wmin",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Minutes => "min",
        };
        format!("{}{u}", self.value)
    }
}

/// The deadline of a weekly-update clock: a weekday and a time (`fri 17:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weekly {
    /// Monday = 0.
    pub weekday: u32,
    /// Minutes after midnight.
    pub minute: u32,
}

impl Weekly {
    pub fn parse(s: &str) -> Option<Weekly> {
        let (day, time) = s.trim().split_once(' ')?;
        let weekday = super::calendar::parse_workdays(day)?
            .iter()
            .position(|x| *x)
            .filter(|_| !day.contains(['-', ',']))? as u32;
        let (h, m) = time.trim().split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h < 24 && m < 60).then_some(Weekly {
            weekday,
            minute: h * 60 + m,
        })
    }

    /// As written: `fri 17:00`.
    pub fn text(&self) -> String {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        format!(
            "{} {:02}:{:02}",
            NAMES[self.weekday as usize],
            self.minute / 60,
            self.minute % 60
        )
    }
}

/// What a clock measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClockKind {
    /// From a start point to the first stop point after it.
    Interval {
        start: Point,
        stop: Point,
        /// The target of cases without a per-value one (none: only those values count).
        target: Option<Target>,
        /// A case column whose values have their own targets.
        by: Option<String>,
        targets: Vec<(String, Target)>,
        /// Stages or statuses whose time does not count.
        pause: Vec<String>,
    },
    /// Every open case shows an event each week by the deadline.
    Weekly(Weekly),
}

/// One `[[sla]]` clock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clock {
    pub name: String,
    pub kind: ClockKind,
    /// The clock ignores the calendar (`calendar = "24x7"`): working units count
    /// elapsed time.
    pub always: bool,
    /// Where it was written (`procdiag.toml line 12`), for error messages.
    pub origin: String,
}

impl Clock {
    /// The target of a case with `value` in the `by` column.
    pub fn target_for(&self, value: Option<&str>) -> Option<Target> {
        let ClockKind::Interval {
            target, targets, ..
        } = &self.kind
        else {
            return None;
        };
        value
            .and_then(|v| targets.iter().find(|(k, _)| k == v).map(|(_, t)| *t))
            .or(*target)
    }

    /// The target as shown: `2wh`, or `紧急 10min · 高 2wh · 4wh`.
    pub fn target_text(&self) -> String {
        match &self.kind {
            ClockKind::Weekly(w) => w.text(),
            ClockKind::Interval {
                target, targets, ..
            } => {
                let mut parts: Vec<String> = targets
                    .iter()
                    .map(|(k, t)| format!("{k} {}", t.text()))
                    .collect();
                parts.extend(target.map(|t| t.text()));
                parts.join(" · ")
            }
        }
    }
}

/// A clock that does not fit the task log.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SlaError {
    #[error("{origin}: [[sla]] '{name}': {key} names the stage '{stage}', which is not in the task log. The stages are: {known}.")]
    UnknownStage {
        origin: String,
        name: String,
        key: &'static str,
        stage: String,
        known: String,
    },
    #[error("{origin}: [[sla]] '{name}': pause = '{status}' is neither a stage nor a status of the task log. The statuses are: {known}.")]
    UnknownPause {
        origin: String,
        name: String,
        status: String,
        known: String,
    },
    #[error("{origin}: [[sla]] '{name}': by = '{column}': the task log has no such column. Name a column of the file (a case attribute such as 优先级).")]
    UnknownColumn {
        origin: String,
        name: String,
        column: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_targets_and_deadlines_as_written() {
        assert_eq!(
            Point::parse("受理.end"),
            Some(Point::StageEnd("受理".into()))
        );
        assert_eq!(
            Point::parse("v1.2 review.start"),
            Some(Point::StageStart("v1.2 review".into()))
        );
        assert_eq!(Point::parse("case.end"), Some(Point::CaseEnd));
        assert_eq!(Point::parse("受理"), None);
        assert_eq!(Point::parse(".start"), None);
        let t = Target::parse("2wh").unwrap();
        assert!(t.working() && t.ms(27_000_000) == 7_200_000);
        assert_eq!(Target::parse("3wd").unwrap().ms(27_000_000), 81_000_000);
        assert_eq!(Target::parse("10min").unwrap().ms(0), 600_000);
        assert_eq!(Target::parse("1.5 d").unwrap().ms(0), 129_600_000);
        assert_eq!(Target::parse("2 hours?"), None);
        assert_eq!(Target::parse("0h"), None);
        assert_eq!(Target::parse("wh"), None);
        let w = Weekly::parse("fri 17:00").unwrap();
        assert_eq!((w.weekday, w.minute), (4, 1020));
        assert_eq!(w.text(), "fri 17:00");
        assert_eq!(Weekly::parse("friday 25:00"), None);
        assert_eq!(Weekly::parse("mon-fri 17:00"), None);
    }
}
