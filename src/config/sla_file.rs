//! `[calendar]` and `[[sla]]` of `procdiag.toml`: the business calendar and the
//! service-level clocks, checked while they are read so that a bad value is named with
//! its key and line (an unknown holiday list, overlapping hours, `target = "2 hours?"`,
//! a start point that is not `STAGE.start|end` or `case.start|end`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

use crate::model::calendar::{parse_hours, parse_workdays, Calendar, Holidays};
use crate::model::sla::{Clock, ClockKind, Point, Target, Weekly};

/// `[calendar]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSection {
    #[serde(default, deserialize_with = "workdays")]
    pub workdays: Option<[bool; 7]>,
    #[serde(default, deserialize_with = "hours")]
    pub hours: Option<Vec<(u32, u32)>>,
    #[serde(default, deserialize_with = "holidays")]
    pub holidays: Option<Holidays>,
    #[serde(default, deserialize_with = "days")]
    pub extra_holidays: BTreeSet<NaiveDate>,
    #[serde(default, deserialize_with = "days")]
    pub extra_workdays: BTreeSet<NaiveDate>,
    pub tz: Option<String>,
}

impl CalendarSection {
    /// The calendar, China's office calendar where a key is left out.
    pub fn calendar(&self, tz: chrono_tz::Tz) -> Calendar {
        let base = Calendar::china(tz);
        Calendar {
            tz,
            workdays: self.workdays.unwrap_or(base.workdays),
            hours: self.hours.clone().unwrap_or(base.hours),
            holidays: self.holidays.unwrap_or(base.holidays),
            extra_holidays: self.extra_holidays.clone(),
            extra_workdays: self.extra_workdays.clone(),
        }
    }
}

fn de_err<E: serde::de::Error>(msg: String) -> E {
    E::custom(msg)
}

/// `"mon-fri"` or `["mon", "tue", …]`.
fn workdays<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[bool; 7]>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let text = match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => s,
        OneOrMany::Many(v) => v.join(","),
    };
    parse_workdays(&text).map(Some).ok_or_else(|| {
        de_err(format!(
            "workdays = '{text}': write a range such as \"mon-fri\" or a list such as [\"mon\", \"tue\"]"
        ))
    })
}

/// `["09:00-12:00", "13:30-18:00"]`: sorted and disjoint.
fn hours<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<(u32, u32)>>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    let mut out = Vec::new();
    for s in &v {
        out.push(parse_hours(s).ok_or_else(|| {
            de_err(format!(
                "hours: '{s}' is not a time range; write it as \"09:00-12:00\""
            ))
        })?);
    }
    out.sort_unstable();
    if let Some(w) = out.windows(2).find(|w| w[1].0 < w[0].1) {
        let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        return Err(de_err(format!(
            "hours: {}-{} and {}-{} overlap; give each working period once",
            hm(w[0].0),
            hm(w[0].1),
            hm(w[1].0),
            hm(w[1].1)
        )));
    }
    if out.is_empty() {
        return Err(de_err(
            "hours: give at least one range such as \"09:00-18:00\"".into(),
        ));
    }
    Ok(Some(out))
}

fn holidays<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Holidays>, D::Error> {
    let s = String::deserialize(d)?;
    Holidays::parse(&s).map(Some).ok_or_else(|| {
        de_err(format!(
            "holidays = '{s}': there is no such holiday list; the lists are \"cn\" (China's public holidays and make-up workdays) and \"none\""
        ))
    })
}

fn days<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<NaiveDate>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    v.iter()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| de_err(format!("'{s}' is not a date; write it as 2024-12-31")))
        })
        .collect()
}

/// `[[sla]]` as written; checked by [`clocks`], which knows each table's line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSla {
    name: String,
    start: Option<String>,
    stop: Option<String>,
    target: Option<String>,
    by: Option<String>,
    #[serde(default)]
    targets: IndexMap<String, String>,
    #[serde(default)]
    pause: Vec<String>,
    calendar: Option<String>,
    weekly: Option<String>,
}

fn parse_target(name: &str, key: &str, s: &str) -> Result<Target, String> {
    Target::parse(s).ok_or_else(|| {
        format!(
            "[[sla]] '{name}': {key} = '{s}' is not a duration; write 2wh (working hours), 3wd (working days), 30wmin (working minutes), 24h, 2d or 10min (elapsed)"
        )
    })
}

fn point(name: &str, key: &str, s: Option<&str>) -> Result<Point, String> {
    let s = s.ok_or_else(|| {
        format!("[[sla]] '{name}': {key} is missing; write e.g. {key} = \"受理.end\"")
    })?;
    Point::parse(s).ok_or_else(|| {
        format!(
            "[[sla]] '{name}': {key} = '{s}': write STAGE.start, STAGE.end, case.start or case.end"
        )
    })
}

impl RawSla {
    /// The clock, or what is wrong with it.
    fn clock(&self) -> Result<Clock, String> {
        let r = self;
        let always = match r.calendar.as_deref() {
            None | Some("working") => false,
            Some("24x7") => true,
            Some(x) => {
                return Err(format!(
                    "[[sla]] '{}': calendar = '{x}': write \"24x7\" (this clock ignores the calendar) or leave it out",
                    r.name
                ))
            }
        };
        let kind = match &r.weekly {
            Some(w) => weekly_kind(r, w)?,
            None => interval_kind(r)?,
        };
        Ok(Clock {
            name: r.name.clone(),
            kind,
            always,
            origin: String::new(),
        })
    }
}

fn weekly_kind(r: &RawSla, w: &str) -> Result<ClockKind, String> {
    if r.start.is_some() || r.stop.is_some() || r.target.is_some() || !r.targets.is_empty() {
        return Err(format!(
            "[[sla]] '{}': weekly clocks take no start, stop or target",
            r.name
        ));
    }
    Weekly::parse(w).map(ClockKind::Weekly).ok_or_else(|| {
        format!(
            "[[sla]] '{}': weekly = '{w}': write a day and a time such as \"fri 17:00\"",
            r.name
        )
    })
}

fn interval_kind(r: &RawSla) -> Result<ClockKind, String> {
    let n = &r.name;
    let start = point(n, "start", r.start.as_deref())?;
    let stop = point(n, "stop", r.stop.as_deref())?;
    let target = r
        .target
        .as_deref()
        .map(|t| parse_target(n, "target", t))
        .transpose()?;
    let mut targets = Vec::new();
    for (k, v) in &r.targets {
        targets.push((k.clone(), parse_target(n, &format!("targets.{k}"), v)?));
    }
    if !targets.is_empty() && r.by.is_none() {
        return Err(format!(
            "[[sla]] '{n}': targets per value need by = \"COLUMN\" (the column whose values they name)"
        ));
    }
    if target.is_none() && targets.is_empty() {
        return Err(format!(
            "[[sla]] '{n}': target is missing; write e.g. target = \"2wh\""
        ));
    }
    Ok(ClockKind::Interval {
        start,
        stop,
        target,
        by: r.by.clone(),
        targets,
        pause: r.pause.clone(),
    })
}

/// The clocks of a file, each with its origin (`FILE line N`); an error names the
/// file, the line of its `[[sla]]` and the key.
pub fn clocks(
    sla: &[toml::Spanned<RawSla>],
    text: &str,
    path: &std::path::Path,
) -> Result<Vec<Clock>, String> {
    sla.iter()
        .map(|s| {
            let origin = format!("{} line {}", path.display(), line_of(text, s.span().start));
            let mut c = s.get_ref().clock().map_err(|e| format!("{origin}: {e}"))?;
            c.origin = origin;
            Ok(c)
        })
        .collect()
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use crate::config::file::ConfigFile;

    fn err(text: &str) -> String {
        match toml::from_str::<ConfigFile>(text) {
            Err(e) => e.to_string(),
            Ok(c) => super::clocks(&c.sla, text, std::path::Path::new("p.toml")).unwrap_err(),
        }
    }

    #[test]
    fn bad_calendar_settings_name_the_key_and_line() {
        let e = err("[calendar]\nholidays = \"cn\"\nhours = [\"09:00-12:00\", \"11:00-18:00\"]\n");
        assert!(e.contains("line 3") && e.contains("overlap"), "{e}");
        let e = err("[calendar]\n\nholidays = \"jp\"\n");
        assert!(
            e.contains("line 3") && e.contains("no such holiday list"),
            "{e}"
        );
        let e = err("[calendar]\nextra_holidays = [\"2024-13-01\"]\n");
        assert!(e.contains("line 2") && e.contains("2024-13-01"), "{e}");
        let e = err("[calendar]\nworkdays = \"weekdays\"\n");
        assert!(e.contains("line 2") && e.contains("mon-fri"), "{e}");
    }

    #[test]
    fn bad_clocks_name_the_key_and_line() {
        let e = err("[tasks]\n\n[[sla]]\nname = \"首次响应\"\nstart = \"受理.end\"\nstop = \"评审.start\"\ntarget = \"2 hours?\"\n");
        assert!(
            e.contains("p.toml line 3") && e.contains("target = '2 hours?'"),
            "{e}"
        );
        let e = err(
            "[[sla]]\nname = \"x\"\nstart = \"受理\"\nstop = \"评审.start\"\ntarget = \"2wh\"\n",
        );
        assert!(
            e.contains("start = '受理'") && e.contains("STAGE.start"),
            "{e}"
        );
        let e = err("[[sla]]\nname = \"x\"\nstart = \"a.end\"\nstop = \"b.start\"\ntargets = { \"紧急\" = \"10min\" }\n");
        assert!(e.contains("need by"), "{e}");
        let e = err("[[sla]]\nname = \"x\"\nweekly = \"friday 5pm\"\n");
        assert!(e.contains("fri 17:00"), "{e}");
    }

    #[test]
    fn clocks_know_their_line() {
        let text = "[calendar]\nholidays = \"cn\"\n\n[[sla]]\nname = \"周报\"\nweekly = \"fri 17:00\"\n\n[[sla]]\nname = \"首次响应\"\nstart = \"受理.end\"\nstop = \"评审.start\"\ntarget = \"2wh\"\nby = \"优先级\"\ntargets = { \"紧急\" = \"10min\" }\ncalendar = \"24x7\"\n";
        let c: ConfigFile = toml::from_str(text).unwrap();
        let clocks = super::clocks(&c.sla, text, std::path::Path::new("p.toml")).unwrap();
        assert_eq!(clocks[0].origin, "p.toml line 4");
        assert_eq!(clocks[1].origin, "p.toml line 8");
        assert!(clocks[1].always);
        assert_eq!(clocks[1].target_text(), "紧急 10min · 2wh");
    }
}
