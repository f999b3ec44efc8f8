//! Numbers for humans, one rule each, for the report and the terminal table: durations
//! ("3.2 h" below 48 hours, "4.1 d" from 48 hours on, 1 d = 24 calendar hours; whole
//! numbers with separators from 100 units on, "4,064 d"), shares
//! ("42%"), counts ("12,345"), ISO timestamps ("2024-03-01 14:05") and verdicts. The
//! CSV and XLSX exports keep numbers as numbers ([`crate::export::kpi`]).

use chrono::DateTime;

use super::i18n::Lang;
use crate::analysis::improvement::Verdict;

/// Durations of at least this many hours are shown in days.
const DAYS_FROM_HOURS: f64 = 48.0;

/// Shown for a missing or non-finite figure.
pub const MISSING: &str = "–";

/// The unit a duration is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Days,
}

impl Unit {
    /// The one rule: hours below 48 h, days from 48 h on. Axes apply it to their maximum.
    pub fn for_hours(hours: f64) -> Unit {
        if hours.abs() >= DAYS_FROM_HOURS {
            Unit::Days
        } else {
            Unit::Hours
        }
    }

    /// `hours` expressed in this unit (for chart axes drawn in the unit).
    pub fn scale(self, hours: f64) -> f64 {
        match self {
            Unit::Hours => hours,
            Unit::Days => hours / 24.0,
        }
    }

    /// The unit's symbol in `lang`.
    pub fn symbol(self, lang: Lang) -> &'static str {
        match self {
            Unit::Hours => lang.pick("h", "小时"),
            Unit::Days => lang.pick("d", "天"),
        }
    }

    /// `hours` in this unit with one decimal ("3.2 h"), whole with thousands
    /// separators from 100 on ("4,064 d").
    pub fn format(self, hours: f64, lang: Lang) -> String {
        if !hours.is_finite() {
            return MISSING.to_owned();
        }
        let v = self.scale(hours);
        if (v.abs() * 10.0).round() >= 1000.0 {
            let whole = count(v.abs().round() as usize);
            let sign = if v < 0.0 { "-" } else { "" };
            return format!("{sign}{whole} {}", self.symbol(lang));
        }
        format!("{v:.1} {}", self.symbol(lang))
    }

    /// An axis tick given in this unit (see [`Unit::scale`]): like [`Unit::format`]
    /// without a trailing ".0" ("20 h").
    pub fn tick(self, value: f64, lang: Lang) -> String {
        if !value.is_finite() {
            return String::new();
        }
        let text = format!("{value:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        let text = if text == "-0" { "0" } else { text };
        format!("{text} {}", self.symbol(lang))
    }
}

/// A duration given in hours, in the unit chosen by the one rule.
pub fn hours(h: f64, lang: Lang) -> String {
    Unit::for_hours(h).format(h, lang)
}

/// A duration that may be missing.
pub fn opt_hours(h: Option<f64>, lang: Lang) -> String {
    h.map_or_else(|| MISSING.to_owned(), |h| hours(h, lang))
}

/// A share 0–1 as a whole percentage; tiny non-zero shares read "<1%", near-complete
/// ones ">99%", so 0% and 100% are only ever shown when exact.
pub fn pct(share: f64) -> String {
    if !share.is_finite() {
        return MISSING.to_owned();
    }
    let p = share * 100.0;
    if p > 0.0 && p < 0.5 {
        "<1%".to_owned()
    } else if p > 99.5 && p < 100.0 {
        ">99%".to_owned()
    } else {
        format!("{p:.0}%")
    }
}

/// `part / whole` as a percentage, "–" when `whole` is zero.
pub fn pct_of(part: usize, whole: usize) -> String {
    if whole == 0 {
        MISSING.to_owned()
    } else {
        pct(part as f64 / whole as f64)
    }
}

/// A target's verdict in words, and its CSS class (`met`, `weak`, `miss`, `none`).
pub fn verdict_words(v: Verdict, lang: Lang) -> (&'static str, &'static str) {
    match v {
        Verdict::Met => (lang.pick("met", "达成"), "met"),
        Verdict::NotMet => (lang.pick("not met", "未达成"), "miss"),
        Verdict::MetNotSignificant => (lang.pick("met, not significant", "达成但不显著"), "weak"),
        Verdict::NoData => (lang.pick("no data", "无数据"), "none"),
    }
}

/// A count with thousands separators: 12,345.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An ISO 8601 timestamp as "YYYY-MM-DD HH:MM" (UTC); anything else unchanged.
pub fn date_time(iso: &str) -> String {
    DateTime::parse_from_rfc3339(iso)
        .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| iso.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_switch_to_days_at_48_hours() {
        assert_eq!(hours(3.24, Lang::En), "3.2 h");
        assert_eq!(hours(47.9, Lang::En), "47.9 h");
        assert_eq!(hours(98.4, Lang::En), "4.1 d");
        assert_eq!(hours(98.4, Lang::Zh), "4.1 天");
        assert_eq!(hours(97_543.2, Lang::Zh), "4,064 天");
        assert_eq!(hours(-2_400.0, Lang::En), "-100 d");
        assert_eq!(hours(2_397.6, Lang::En), "99.9 d");
        assert_eq!(hours(2_398.9, Lang::En), "100 d");
        assert_eq!(opt_hours(None, Lang::En), "–");
        assert_eq!(Unit::Days.tick(Unit::Days.scale(48.0), Lang::En), "2 d");
    }

    #[test]
    fn shares_and_counts_read_naturally() {
        assert_eq!(pct(0.42), "42%");
        assert_eq!(pct(0.001), "<1%");
        assert_eq!(pct(0.999), ">99%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct_of(1, 0), "–");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(12), "12");
    }

    #[test]
    fn timestamps_are_shortened() {
        assert_eq!(date_time("2024-03-01T14:05:00Z"), "2024-03-01 14:05");
        assert_eq!(date_time("yesterday"), "yesterday");
    }
}
