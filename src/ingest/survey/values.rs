//! Answer cells: what counts as missing, skipped by the survey's logic or "no opinion";
//! durations (`137秒`, `2分17秒`, `00:02:17`, plain seconds); ticks of option columns
//! (`1`, `Y`, `√`, the option's own text); one-cell multi-select answers (`A┋B`,
//! `A;B;`) with 问卷星's `其他〖…〗` other-text.

use super::scales;

/// One answer cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Empty, or a missing-value marker (`NA`, `(空)`, …).
    Missing,
    /// Not shown to the respondent (`(跳过)`, 问卷星 codes `-2`/`-3`).
    Skipped,
    Answer(String),
}

impl Cell {
    pub fn answer(&self) -> Option<&str> {
        match self {
            Cell::Answer(s) => Some(s),
            _ => None,
        }
    }
}

/// Reads a raw cell: `skipped` are the platform's markers of skipped questions.
pub fn cell(raw: &str, skipped: &[&str]) -> Cell {
    let t = raw.trim();
    if t.is_empty() || scales::is_missing(t) {
        Cell::Missing
    } else if t == "(跳过)" || skipped.contains(&t) {
        Cell::Skipped
    } else {
        Cell::Answer(t.to_string())
    }
}

/// Distinct answers with their counts, first seen first (`(answer, times)` pairs in).
pub fn tally<'a>(answers: impl Iterator<Item = (&'a str, usize)>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut at: std::collections::HashMap<&'a str, usize> = Default::default();
    for (a, n) in answers {
        match at.get(a) {
            Some(&i) => out[i].1 += n,
            None => {
                at.insert(a, out.len());
                out.push((a.to_string(), n));
            }
        }
    }
    out
}

/// A time taken, in seconds: `137秒`, `2分17秒`, `1小时2分`, `00:02:17`, `2:17`,
/// `137`, `137 s`, `137 sec`.
pub fn duration_seconds(v: &str) -> Option<f64> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(x) = t.parse::<f64>() {
        return (x >= 0.0).then_some(x);
    }
    let lower = t.to_lowercase();
    for suffix in [" seconds", " second", " sec", "sec", " s", "s"] {
        if let Some(n) = lower.strip_suffix(suffix) {
            if let Ok(x) = n.trim().parse::<f64>() {
                return (x >= 0.0).then_some(x);
            }
        }
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() <= 3 && parts.iter().all(|p| p.parse::<f64>().is_ok()) {
            return Some(
                parts
                    .iter()
                    .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0)),
            );
        }
        return None;
    }
    // 1小时2分3秒, 2分17秒, 137秒
    let (mut total, mut num, mut any) = (0.0, String::new(), false);
    for c in t.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let unit = match c {
            '时' | '小' => 3600.0,
            '分' => 60.0,
            '秒' => 1.0,
            '钟' | ' ' => continue,
            _ => return None,
        };
        if c == '小' {
            continue;
        }
        let x: f64 = std::mem::take(&mut num).parse().ok()?;
        total += x * unit;
        any = true;
    }
    (any && num.is_empty()).then_some(total)
}

/// An option column's "ticked" value.
pub fn is_tick(v: &str) -> bool {
    matches!(
        scales::fold(v).as_str(),
        "1" | "y" | "yes" | "是" | "√" | "✓" | "✔" | "true" | "checked" | "selected" | "x" | "选中"
    )
}

/// An option column's "not ticked" value.
pub fn is_untick(v: &str) -> bool {
    matches!(
        scales::fold(v).as_str(),
        "0" | "n" | "no" | "否" | "false" | "unchecked" | "未选中"
    )
}

/// Splits a one-cell multi-select answer; `其他〖说明〗` gives the option `其他` and the
/// other-text `说明`.
pub fn split_options(v: &str, sep: &str) -> (Vec<String>, Vec<String>) {
    let mut options = Vec::new();
    let mut other = Vec::new();
    for part in v.split(sep) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        match p.split_once('〖') {
            Some((opt, rest)) => {
                options.push(opt.trim().to_string());
                let text = rest.trim_end_matches('〗').trim();
                if !text.is_empty() {
                    other.push(text.to_string());
                }
            }
            None => options.push(p.to_string()),
        }
    }
    (options, other)
}

/// Separators of one-cell multi-select answers in exports whose platform is not known.
pub const GENERIC_SEPARATORS: &[&str] = &["┋", ";", "；", "|"];

/// The separator under which `answers` look like ticks from a short list of options:
/// some answers hold several (for `generic` separators at least a tenth), the pieces
/// are short, and (beyond a handful of answers) each option recurs.
pub fn multi_separator(
    answers: &[&str],
    separators: &[&'static str],
    generic: bool,
) -> Option<&'static str> {
    if answers.is_empty() {
        return None;
    }
    for &sep in separators {
        let trusted = !generic;
        let with_sep = answers.iter().filter(|a| a.contains(sep)).count();
        if with_sep == 0 {
            continue;
        }
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        let mut longest = 0;
        for a in answers {
            let (opts, _) = split_options(a, sep);
            for o in opts {
                longest = longest.max(o.chars().count());
                *counts.entry(o).or_default() += 1;
            }
        }
        let distinct = counts.len();
        let total: usize = counts.values().sum();
        let short = longest <= 40;
        let few = distinct <= 30;
        // Commas also punctuate prose: with them, options must recur however few the
        // answers are.
        let comma = sep.contains([',', '，', '、']);
        let recurring = (answers.len() < 8 && !comma) || total >= 2 * distinct;
        let enough = trusted || with_sep * 10 >= answers.len();
        // A trailing separator on every answer (`A;B;`) is Microsoft Forms' mark.
        let trailing = answers.iter().all(|a| a.trim_end().ends_with(sep));
        if short && few && (recurring || trailing) && enough {
            return Some(sep);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spelling() {
        assert_eq!(duration_seconds("137秒"), Some(137.0));
        assert_eq!(duration_seconds("2分17秒"), Some(137.0));
        assert_eq!(duration_seconds("1小时2分3秒"), Some(3723.0));
        assert_eq!(duration_seconds("00:02:17"), Some(137.0));
        assert_eq!(duration_seconds("137"), Some(137.0));
        assert_eq!(duration_seconds("137 s"), Some(137.0));
        assert_eq!(duration_seconds("soon"), None);
        assert_eq!(duration_seconds("--"), None);
    }

    #[test]
    fn cells_missing_skipped_and_answers() {
        assert_eq!(cell(" (空) ", &[]), Cell::Missing);
        assert_eq!(cell("NA", &[]), Cell::Missing);
        assert_eq!(cell("(跳过)", &[]), Cell::Skipped);
        assert_eq!(cell("-2", &["-2", "-3"]), Cell::Skipped);
        assert_eq!(cell("-2", &[]), Cell::Answer("-2".into()));
    }

    #[test]
    fn one_cell_multi_select() {
        assert_eq!(
            split_options("审批慢┋其他〖系统卡〗", "┋"),
            (vec!["审批慢".into(), "其他".into()], vec!["系统卡".into()])
        );
        let answers = ["A;B;", "B;", "A;C;"];
        assert_eq!(multi_separator(&answers, &[";"], false), Some(";"));
        let prose = [
            "The approval takes long; nobody answers",
            "Fine",
            "Too many meetings",
            "ok",
            "Slow; very slow; and then more",
            "x",
            "y",
            "z",
            "w",
        ];
        assert_eq!(multi_separator(&prose, GENERIC_SEPARATORS, true), None);
    }
}
