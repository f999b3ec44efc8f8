//! What a column holds, decided from its values the same way for every platform: a
//! rating item (Likert labels, numbers on a scale, LimeSurvey answer codes), a
//! multi-select or ranking question (one cell per answer, or one column per option), a
//! single-choice question, open text, or numbers that are not ratings (age, ids).

use super::platform::Column;
use super::scales::{self, Outcome, Resolution, Scale, Scoring};
use super::values::{self, Cell};
use crate::model::survey::{
    Assumption, Choice, Item, MultiSelect, OpenText, ScaleLevel, UnscoredItem,
};

/// What one column (or a run of option columns) became.
#[derive(Debug, Clone)]
pub enum Kind {
    Rating(Item),
    /// Labels of a scale their answers do not settle: counted, not scored.
    Unscored(Choice, UnscoredItem),
    Multi(MultiSelect),
    Choice(Choice),
    Open(OpenText),
    /// Numbers that are not on a rating scale (age, ids, scores): not analysed.
    Number,
    /// No answers at all.
    Empty,
}

/// What steers classification.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// `--scale MIN-MAX` for numeric items.
    pub scale: Option<(f64, f64)>,
    pub custom: &'a [Scale],
    pub extra_na: &'a [String],
    /// Numbers may be rating items (false when dimensions were given and this column is
    /// not in one: then numbers are attributes such as age).
    pub numeric_ok: bool,
    /// The user listed the column in a dimension (0/1 columns are items then).
    pub listed: bool,
    /// The platform's separators of one-cell multi-select answers.
    pub separators: &'a [&'static str],
    /// The separators are guesses (plain layout): stricter tests apply.
    pub generic_separators: bool,
    /// The column's scale as resolved with its peers, when its answers are labels.
    pub resolution: Option<&'a Resolution>,
}

fn answers(cells: &[Cell]) -> Vec<&str> {
    cells.iter().filter_map(Cell::answer).collect()
}

fn skipped(cells: &[Cell]) -> usize {
    cells.iter().filter(|c| **c == Cell::Skipped).count()
}

fn item(col: &Column, min: f64, max: f64, labels: Vec<String>, cells: &[Cell]) -> Item {
    Item {
        code: col.code.clone(),
        text: col.text.clone(),
        question: col.question.clone(),
        stem: col.stem.clone(),
        min,
        max,
        labels,
        values: Vec::with_capacity(cells.len()),
        not_applicable: 0,
        skipped: skipped(cells),
        invalid: 0,
        reversed: false,
        scale_family: String::new(),
        scale_levels: Vec::new(),
        assumptions: Vec::new(),
    }
}

/// A column of labels scored on its resolved scale.
fn label_item(col: &Column, cells: &[Cell], scoring: &Scoring) -> Item {
    let labels = scoring.levels.iter().map(|l| l.label.clone()).collect();
    let mut it = item(col, scoring.min, scoring.max, labels, cells);
    it.scale_family = scoring.family.clone();
    it.scale_levels = scoring.levels.clone();
    it.assumptions = scoring.assumptions.clone();
    for c in cells {
        let v = match c.answer().map(|s| scoring.outcome(s)) {
            None => None,
            Some(Outcome::Score(x)) => Some(x),
            Some(Outcome::NoOpinion) => {
                it.not_applicable += 1;
                None
            }
            Some(Outcome::Invalid) => {
                it.invalid += 1;
                None
            }
        };
        it.values.push(v);
    }
    it
}

/// Distinct answers with their counts, most frequent first (ties in first-seen order).
fn answer_counts(cells: &[Cell]) -> Vec<(String, usize)> {
    let mut out = values::tally(cells.iter().filter_map(Cell::answer).map(|a| (a, 1)));
    out.sort_by_key(|b| std::cmp::Reverse(b.1));
    out
}

/// A column of labels whose scale is ambiguous: its answers as a single choice, and
/// the record of why it is not scored.
fn unscored(
    col: &Column,
    cells: &[Cell],
    candidates: &[crate::model::survey::ScaleCandidate],
) -> Kind {
    Kind::Unscored(
        choice(col, cells, None),
        UnscoredItem {
            code: col.code.clone(),
            text: col.text.clone(),
            question: col.question.clone(),
            answers: answer_counts(cells),
            candidates: candidates.to_vec(),
        },
    )
}

fn choice(
    col: &Column,
    cells: &[Cell],
    suggested: Option<crate::model::survey::ScaleSuggestion>,
) -> Choice {
    Choice {
        code: col.code.clone(),
        text: col.text.clone(),
        question: true,
        values: cells
            .iter()
            .map(|c| c.answer().map(str::to_string))
            .collect(),
        suggested_scale: suggested,
    }
}

/// LimeSurvey-style answer codes (`A1`…`A5`, `AO01`…): one shared letter prefix and a
/// number, which is the level.
fn decode_codes(answers: &[&str]) -> Option<Vec<(String, String)>> {
    let mut prefix: Option<String> = None;
    let mut out = Vec::new();
    for a in answers {
        let letters: String = a.chars().take_while(char::is_ascii_alphabetic).collect();
        let digits = &a[letters.len()..];
        if letters.is_empty()
            || letters.len() > 3
            || digits.is_empty()
            || digits.len() > 3
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        match &prefix {
            Some(p) if *p != letters => return None,
            Some(_) => {}
            None => prefix = Some(letters.clone()),
        }
        let n = digits.trim_start_matches('0');
        out.push((
            a.to_string(),
            if n.is_empty() { "0" } else { n }.to_string(),
        ));
    }
    (!out.is_empty()).then_some(out)
}

/// The scale of whole numbers from `lo` to `hi` with no `--scale`: 1–5 up to 5, 1–6
/// and 1–7 when those are the highest answers, 0–10 above 7 or when someone chose 0.
fn numeric_range(lo: f64, hi: f64) -> (f64, f64) {
    match (lo, hi) {
        (l, h) if l >= 1.0 && h <= 5.0 => (1.0, 5.0),
        (l, h) if l >= 1.0 && h <= 7.0 => (1.0, h),
        _ => (0.0, 10.0),
    }
}

/// A column of numbers on a small integer scale (1–5, 1–6, 1–7, 0–10) or within
/// `--scale`.
fn numeric_item(col: &Column, cells: &[Cell], rules: &Rules) -> Option<Item> {
    let raw = answers(cells);
    let scored: Vec<&str> = raw
        .iter()
        .copied()
        .filter(|a| !scales::is_not_applicable(a, rules.extra_na))
        .collect();
    let codes = decode_codes(&scored);
    let number = |s: &str| -> Option<f64> {
        match &codes {
            Some(map) => map
                .iter()
                .find(|(a, _)| a == s)
                .and_then(|(_, n)| n.parse().ok()),
            None => s.parse::<f64>().ok(),
        }
    };
    let nums: Vec<f64> = scored.iter().filter_map(|a| number(a)).collect();
    let na = raw.len() - scored.len();
    if nums.is_empty() || nums.len() + na < raw.len() * 9 / 10 {
        return None;
    }
    // Checkbox columns (1 or 0/1) are not ratings unless the user lists them.
    let mut distinct: Vec<i64> = nums.iter().map(|x| (x * 1000.0) as i64).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if !rules.listed && distinct.len() < 3 {
        return None;
    }
    let lo = nums.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = match rules.scale {
        Some(s) => s,
        None => {
            if nums.iter().any(|x| x.fract() != 0.0) || lo < 0.0 || hi > 10.0 {
                return None;
            }
            numeric_range(lo, hi)
        }
    };
    let mut it = item(col, min, max, Vec::new(), cells);
    it.scale_family = "numeric".into();
    if max - min <= 10.0 && min.fract() == 0.0 && max.fract() == 0.0 {
        it.scale_levels = (min as i64..=max as i64)
            .map(|n| ScaleLevel {
                label: n.to_string(),
                score: n as f64,
            })
            .collect();
    }
    if rules.scale.is_none() {
        it.assumptions.push(Assumption::NumericRange {
            min,
            max,
            lowest: lo,
            highest: hi,
        });
    }
    for c in cells {
        let v = match c.answer() {
            None => None,
            Some(s) if scales::is_not_applicable(s, rules.extra_na) => {
                it.not_applicable += 1;
                None
            }
            Some(s) => match number(s) {
                Some(x) if x >= min && x <= max => Some(x),
                _ => {
                    it.invalid += 1;
                    None
                }
            },
        };
        it.values.push(v);
    }
    Some(it)
}

/// A multi-select (or ranking, with `→`) question answered in one cell.
fn one_cell_multi(col: &Column, cells: &[Cell], rules: &Rules) -> Option<MultiSelect> {
    let raw = answers(cells);
    let ranking = raw.iter().filter(|a| a.contains('→')).count() * 2 >= raw.len().max(1);
    let sep = if ranking {
        "→"
    } else {
        values::multi_separator(&raw, rules.separators, rules.generic_separators)?
    };
    let mut options: Vec<String> = Vec::new();
    let mut per_row: Vec<Option<Vec<String>>> = Vec::with_capacity(cells.len());
    let mut other = Vec::new();
    for c in cells {
        match c.answer() {
            None => per_row.push(None),
            Some(a) => {
                let (opts, texts) = values::split_options(a, sep);
                other.extend(texts);
                for o in &opts {
                    if !options.contains(o) {
                        options.push(o.clone());
                    }
                }
                per_row.push(Some(opts));
            }
        }
    }
    let chosen = options
        .iter()
        .map(|o| {
            per_row
                .iter()
                .map(|r| r.as_ref().is_some_and(|r| r.contains(o)))
                .collect()
        })
        .collect();
    let rank = ranking.then(|| {
        options
            .iter()
            .map(|o| {
                per_row
                    .iter()
                    .map(|r| {
                        r.as_ref()
                            .and_then(|r| r.iter().position(|x| x == o))
                            .map(|p| p as u32 + 1)
                    })
                    .collect()
            })
            .collect()
    });
    Some(MultiSelect {
        code: col.code.clone(),
        text: col.text.clone(),
        options,
        chosen,
        answered: per_row.iter().map(Option::is_some).collect(),
        rank,
        other,
    })
}

/// Classifies one answer column.
pub fn classify(col: &Column, cells: &[Cell], rules: &Rules) -> Kind {
    let raw = answers(cells);
    if raw.is_empty() {
        return Kind::Empty;
    }
    match rules.resolution {
        Some(Resolution::Scored(scoring)) => return Kind::Rating(label_item(col, cells, scoring)),
        Some(Resolution::Ambiguous(candidates)) => return unscored(col, cells, candidates),
        None => {}
    }
    if rules.numeric_ok {
        if let Some(it) = numeric_item(col, cells, rules) {
            return Kind::Rating(it);
        }
    }
    if !asks_for_text(&col.text) {
        if let Some(m) = one_cell_multi(col, cells, rules) {
            return Kind::Multi(m);
        }
    }
    let mut distinct: Vec<&str> = raw.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let longest = raw.iter().map(|a| a.chars().count()).max().unwrap_or(0);
    let numeric = raw.iter().all(|a| a.parse::<f64>().is_ok());
    let few = !asks_for_text(&col.text)
        && distinct.len() <= 20
        && (distinct.len() * 2 <= raw.len() || (raw.len() <= 10 && longest <= 20));
    if few {
        let mut values: Vec<String> = Vec::new();
        for a in raw
            .iter()
            .filter(|a| !scales::is_not_applicable(a, rules.extra_na))
        {
            if !values.iter().any(|v| v == a) {
                values.push(a.to_string());
            }
        }
        return Kind::Choice(choice(col, cells, scales::suggest_order(&values)));
    }
    if numeric {
        return Kind::Number;
    }
    Kind::Open(open_text(col, cells))
}

/// Whether a question's text asks for free text (comments, reasons, suggestions).
fn asks_for_text(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "意见",
        "建议",
        "说明",
        "备注",
        "描述",
        "原因",
        "为什么",
        "问题和",
        "痛点",
        "comment",
        "suggest",
        "feedback",
        "describe",
        "explain",
        "why",
        "remark",
        "anything else",
        "what could",
        "please specify",
        "open-ended",
    ];
    let t = text.to_lowercase();
    WORDS.iter().any(|w| t.contains(w))
}

/// A column as free-text answers.
pub fn open_text(col: &Column, cells: &[Cell]) -> OpenText {
    OpenText {
        code: col.code.clone(),
        text: col.text.clone(),
        answers: cells
            .iter()
            .map(|c| c.answer().map(str::to_string))
            .collect(),
    }
}

/// Whether a column of a question's option columns holds ticks: only 0/1, Y, √ and
/// the like, or a single text that is the option itself (SurveyMonkey, 腾讯问卷) and
/// not a scale label. `None` when it has no answers (it decides nothing).
fn tick_column(col: &Column, cells: &[Cell], rules: &Rules) -> Option<bool> {
    let raw = answers(cells);
    if raw.is_empty() {
        return None;
    }
    if raw
        .iter()
        .all(|a| values::is_tick(a) || values::is_untick(a))
    {
        return Some(true);
    }
    let mut distinct: Vec<&str> = raw.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != 1 {
        return Some(false);
    }
    let v = distinct[0];
    let is_label = scales::is_scale_label(v, rules.custom);
    let is_number = v.parse::<f64>().is_ok();
    let own = col
        .sub
        .as_deref()
        .is_some_and(|s| scales::fold(s) == scales::fold(v));
    Some(own || (!is_label && !is_number))
}

/// A run of a question's sub-columns as one multi-select, when they hold ticks; the
/// run's other-text columns become its "other" answers.
pub fn option_columns(run: &[(&Column, &[Cell])], rules: &Rules) -> Option<MultiSelect> {
    use super::platform::Role;
    let verdicts: Vec<Option<bool>> = run
        .iter()
        .map(|(c, cells)| {
            (c.role == Role::Answer)
                .then(|| tick_column(c, cells, rules))
                .flatten()
        })
        .collect();
    // Free text under an "other" option's own column is that option's text.
    let is_other_text = |i: usize| {
        run[i].0.role == Role::OtherText
            || (verdicts[i] == Some(false) && run[i].0.sub.as_deref().is_some_and(is_other))
    };
    let answer_cols: Vec<&(&Column, &[Cell])> = run
        .iter()
        .enumerate()
        .filter(|(i, (c, _))| c.role == Role::Answer && !is_other_text(*i))
        .map(|(_, x)| x)
        .collect();
    let kept: Vec<Option<bool>> = (0..run.len())
        .filter(|i| run[*i].0.role == Role::Answer && !is_other_text(*i))
        .map(|i| verdicts[i])
        .collect();
    if answer_cols.len() < 2 || kept.contains(&Some(false)) || !kept.contains(&Some(true)) {
        return None;
    }
    let first = answer_cols[0].0;
    let n = answer_cols[0].1.len();
    let chosen: Vec<Vec<bool>> = answer_cols
        .iter()
        .map(|(_, cells)| {
            cells
                .iter()
                .map(|cell| cell.answer().is_some_and(|a| !values::is_untick(a)))
                .collect()
        })
        .collect();
    let answered = (0..n)
        .map(|r| {
            answer_cols
                .iter()
                .any(|(_, cells)| cells[r].answer().is_some())
        })
        .collect();
    let other = (0..run.len())
        .filter(|i| is_other_text(*i))
        .flat_map(|i| answers(run[i].1).into_iter().map(str::to_string))
        .collect();
    Some(MultiSelect {
        code: first.question.clone().unwrap_or_else(|| first.code.clone()),
        text: first.stem.clone().unwrap_or_default(),
        options: answer_cols
            .iter()
            .map(|(c, _)| c.sub.clone().unwrap_or_else(|| c.code.clone()))
            .collect(),
        chosen,
        answered,
        rank: None,
        other,
    })
}

/// An "other, please specify" option label (其他, 其它, Other …).
pub fn is_other(sub: &str) -> bool {
    let s = sub.trim().trim_start_matches('(').to_lowercase();
    s.starts_with("其他") || s.starts_with("其它") || s.starts_with("other")
}
