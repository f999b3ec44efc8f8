//! The timestamp layouts procdiag tries, as chrono/polars patterns with their name.

use crate::model::facts::TimeLayout;

pub(super) struct P {
    pub(super) pattern: &'static str,
    pub(super) with_offset: bool,
    pub(super) has_time: bool,
    pub(super) layout: TimeLayout,
}

pub(super) const fn p(
    pattern: &'static str,
    with_offset: bool,
    has_time: bool,
    label: &'static str,
) -> P {
    P {
        pattern,
        with_offset,
        has_time,
        layout: TimeLayout::Pattern(label),
    }
}

/// An ISO 8601 layout with a UTC offset.
pub(super) const fn iso(pattern: &'static str) -> P {
    P {
        pattern,
        with_offset: true,
        has_time: true,
        layout: TimeLayout::IsoWithOffset,
    }
}

/// Year-first layouts, tried in order (no ambiguity about field order).
pub(super) const YEAR_FIRST: &[P] = &[
    iso("%Y-%m-%d %H:%M:%S%.f%:z"),
    iso("%Y-%m-%dT%H:%M:%S%.f%:z"),
    iso("%Y-%m-%d %H:%M:%S%.f%z"),
    iso("%Y-%m-%dT%H:%M:%S%.f%z"),
    iso("%Y-%m-%d %H:%M%:z"),
    iso("%Y-%m-%dT%H:%M%:z"),
    p(
        "%Y/%m/%d %I:%M:%S %p %:z",
        true,
        true,
        "YYYY/M/D h:mm:ss AM/PM GMT±h (Google Forms)",
    ),
    p("%Y-%m-%d %H:%M:%S%.f", false, true, "YYYY-MM-DD HH:MM:SS"),
    p("%Y-%m-%dT%H:%M:%S%.f", false, true, "YYYY-MM-DDTHH:MM:SS"),
    p("%Y-%m-%d %H:%M", false, true, "YYYY-MM-DD HH:MM"),
    p("%Y-%m-%dT%H:%M", false, true, "YYYY-MM-DDTHH:MM"),
    p("%Y/%m/%d %H:%M:%S%.f", false, true, "YYYY/M/D HH:MM:SS"),
    p("%Y/%m/%d %H:%M", false, true, "YYYY/M/D HH:MM"),
    p(
        "%Y/%m/%d %I:%M:%S %p",
        false,
        true,
        "YYYY/M/D h:mm:ss AM/PM",
    ),
    p("%Y/%m/%d %I:%M %p", false, true, "YYYY/M/D h:mm AM/PM"),
    p(
        "%Y-%m-%d %I:%M:%S %p",
        false,
        true,
        "YYYY-MM-DD h:mm:ss AM/PM",
    ),
    p("%Y-%m-%d %I:%M %p", false, true, "YYYY-MM-DD h:mm AM/PM"),
    p("%Y.%m.%d %H:%M:%S", false, true, "YYYY.M.D HH:MM:SS"),
    p("%Y.%m.%d %H:%M", false, true, "YYYY.M.D HH:MM"),
    p(
        "%Y年%m月%d日 %H:%M:%S",
        false,
        true,
        "YYYY年M月D日 HH:MM:SS",
    ),
    p("%Y年%m月%d日 %H:%M", false, true, "YYYY年M月D日 HH:MM"),
    p(
        "%Y年%m月%d日 %H时%M分%S秒",
        false,
        true,
        "YYYY年M月D日 H时M分S秒",
    ),
    p("%Y年%m月%d日 %H时%M分", false, true, "YYYY年M月D日 H时M分"),
    p("%Y年%m月%d日%H时%M分", false, true, "YYYY年M月D日H时M分"),
    p(
        "%Y年%m月%d日 %I:%M %p",
        false,
        true,
        "YYYY年M月D日 上午/下午h:mm",
    ),
    p("%Y-%m-%d", false, false, "YYYY-MM-DD"),
    p("%Y/%m/%d", false, false, "YYYY/M/D"),
    p("%Y.%m.%d", false, false, "YYYY.M.D"),
    p("%Y年%m月%d日", false, false, "YYYY年M月D日"),
    p("%Y%m%d", false, false, "YYYYMMDD"),
];

/// Day-first and month-first pairs: (day-first, month-first).
pub(super) const DAY_OR_MONTH_FIRST: &[(P, P)] = &[
    (
        p("%d-%m-%Y %H:%M:%S", false, true, "DD-MM-YYYY HH:MM:SS"),
        p("%m-%d-%Y %H:%M:%S", false, true, "MM-DD-YYYY HH:MM:SS"),
    ),
    (
        p("%d-%m-%Y %H:%M", false, true, "DD-MM-YYYY HH:MM"),
        p("%m-%d-%Y %H:%M", false, true, "MM-DD-YYYY HH:MM"),
    ),
    (
        p("%d/%m/%Y %H:%M:%S", false, true, "DD/MM/YYYY HH:MM:SS"),
        p("%m/%d/%Y %H:%M:%S", false, true, "MM/DD/YYYY HH:MM:SS"),
    ),
    (
        p("%d/%m/%Y %H:%M", false, true, "DD/MM/YYYY HH:MM"),
        p("%m/%d/%Y %H:%M", false, true, "MM/DD/YYYY HH:MM"),
    ),
    (
        p(
            "%d/%m/%Y %I:%M:%S %p",
            false,
            true,
            "DD/MM/YYYY h:mm:ss AM/PM",
        ),
        p(
            "%m/%d/%Y %I:%M:%S %p",
            false,
            true,
            "MM/DD/YYYY h:mm:ss AM/PM",
        ),
    ),
    (
        p("%d/%m/%Y %I:%M %p", false, true, "DD/MM/YYYY h:mm AM/PM"),
        p("%m/%d/%Y %I:%M %p", false, true, "MM/DD/YYYY h:mm AM/PM"),
    ),
    (
        p("%d.%m.%Y %H:%M:%S", false, true, "DD.MM.YYYY HH:MM:SS"),
        p("%m.%d.%Y %H:%M:%S", false, true, "MM.DD.YYYY HH:MM:SS"),
    ),
    (
        p("%d.%m.%Y %H:%M", false, true, "DD.MM.YYYY HH:MM"),
        p("%m.%d.%Y %H:%M", false, true, "MM.DD.YYYY HH:MM"),
    ),
    (
        p("%d-%m-%Y", false, false, "DD-MM-YYYY"),
        p("%m-%d-%Y", false, false, "MM-DD-YYYY"),
    ),
    (
        p("%d/%m/%Y", false, false, "DD/MM/YYYY"),
        p("%m/%d/%Y", false, false, "MM/DD/YYYY"),
    ),
    (
        p("%d.%m.%Y", false, false, "DD.MM.YYYY"),
        p("%m.%d.%Y", false, false, "MM.DD.YYYY"),
    ),
];
