//! The words layer: every user-facing sentence that is built from a fact of the input
//! or the analysis, in English and Chinese. Ingest and analysis return facts
//! ([`crate::model::facts`], [`crate::analysis::quality::Finding`], …); the report, the
//! terminal table, `inspect` and the JSON contract (always English) word them here, so
//! one fact has one wording per language.
//!
//! Fixed labels of the HTML report stay in `report::i18n`; sentences of the report that
//! carry figures in `report::sentences`.

mod findings;
mod input;
mod plan;
mod privacy;
mod problems;

pub use findings::{bottleneck_contract_reason, example, finding};
pub use input::{rejection, time_layout, time_reading};
pub use plan::{no_data, open_question};
pub use privacy::{
    also_hidden, group_protects, no_value_respondents, outside_periods, period_protects,
    rule as anonymity_rule,
};
pub use problems::{problem_kind, problem_question, problem_where};

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The value of the page's `lang` attribute.
    pub fn html_code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Picks the English or the Chinese variant.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facts::{DayOrder, RejectReason, TimeLayout, TimeReading, TimeZoneNote};

    /// Whether `s` has a run of three or more Latin letters outside the names procdiag
    /// keeps in both languages (UTC, ISO, Unix, Excel, Qualtrics, Status, flags).
    fn has_english(s: &str) -> bool {
        const KEPT: &[&str] = &[
            "UTC",
            "ISO",
            "Unix",
            "Excel",
            "Qualtrics",
            "Status",
            "tz",
            "date",
            "order",
            "dmy",
            "mdy",
            "YYYY",
        ];
        s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 3 && !KEPT.contains(&w))
    }

    #[test]
    fn every_reason_has_a_code_that_round_trips_and_two_wordings() {
        let mut codes = std::collections::BTreeSet::new();
        for r in RejectReason::ALL {
            assert_eq!(RejectReason::from_code(r.code()), Some(r));
            assert!(codes.insert(r.code()), "duplicate code {}", r.code());
            assert_ne!(rejection(Lang::En, r), rejection(Lang::Zh, r));
            assert!(!has_english(rejection(Lang::Zh, r)), "{r:?}");
        }
        assert_eq!(RejectReason::from_code("nonsense"), None);
    }

    #[test]
    fn time_readings_are_worded_in_each_language() {
        let layouts = [
            TimeLayout::Pattern("YYYY-MM-DD HH:MM"),
            TimeLayout::IsoWithOffset,
            TimeLayout::EpochMillis,
            TimeLayout::EpochSeconds,
            TimeLayout::ExcelSerial { base_1904: false },
            TimeLayout::ExcelSerial { base_1904: true },
            TimeLayout::NoValues,
        ];
        let orders = [
            None,
            Some(DayOrder::DayFirstAsked),
            Some(DayOrder::MonthFirstAsked),
            Some(DayOrder::DayFirstProven("29/02/2016".into())),
            Some(DayOrder::DayFirstMost),
        ];
        let zones = [
            TimeZoneNote::Absolute,
            TimeZoneNote::Local("Asia/Shanghai".into()),
            TimeZoneNote::AssumedUtc,
            TimeZoneNote::Planned,
        ];
        for layout in &layouts {
            for order in &orders {
                for zone in &zones {
                    let r = TimeReading::Read {
                        layout: layout.clone(),
                        order: order.clone(),
                        zone: zone.clone(),
                    };
                    let zh = time_reading(Lang::Zh, &r).replace("Asia/Shanghai", "");
                    assert!(!has_english(&zh), "{zh}");
                }
            }
        }
        let r = TimeReading::Read {
            layout: TimeLayout::Pattern("DD/MM/YYYY HH:MM"),
            order: Some(DayOrder::DayFirstProven("29/02/2016 01:23".into())),
            zone: TimeZoneNote::Local("Asia/Shanghai".into()),
        };
        assert_eq!(
            time_reading(Lang::En, &r),
            "DD/MM/YYYY HH:MM (day-first, proven by '29/02/2016 01:23') \
             (local time in Asia/Shanghai, converted to UTC)"
        );
    }
}
