//! The questionnaire model between ingest and analysis: one entry per respondent in
//! every column-like vector, rating items with their scale, dimensions, multi-select and
//! single-choice questions, open-text answers and the attributes to break results down by.
//! Columns that identify people are not in the model at all (only their headers), unless
//! the user asked to keep them.

use serde::Serialize;

/// One rating item (a Likert question, a matrix row, a 0–10 recommendation question).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Short code: the platform's field id (`Q5_1`, `Q1[SQ001]`), `Q3_2` for a numbered
    /// question's sub-row, or the header in the plain layout.
    pub code: String,
    /// The question text (stem and row label).
    pub text: String,
    /// The question a matrix row belongs to (its rows form a dimension by default).
    pub question: Option<String>,
    /// The question's stem, when the export has one.
    pub stem: Option<String>,
    pub min: f64,
    pub max: f64,
    /// Level labels, lowest first, when the answers were labels.
    pub labels: Vec<String>,
    /// One value per respondent (`None`: no answer, skipped, or "no opinion").
    pub values: Vec<Option<f64>>,
    /// "Don't know"/不适用 answers.
    pub not_applicable: usize,
    /// Not shown to the respondent by the survey's logic (问卷星 `(跳过)`, `-2`/`-3`).
    pub skipped: usize,
    /// Answers outside the scale or not a level of it (not scored).
    pub invalid: usize,
    pub reversed: bool,
    /// The scale family (`agreement`, `satisfaction (zh)`, a `[[survey.scales]]` name,
    /// `numbered` for numbered labels of no family, `numeric` for plain numbers).
    pub scale_family: String,
    /// Every level of the scale, lowest first, with the score it gets.
    pub scale_levels: Vec<ScaleLevel>,
    /// What was assumed to score the answers (shown wherever the item is).
    pub assumptions: Vec<Assumption>,
}

/// One level of an item's scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleLevel {
    pub label: String,
    pub score: f64,
}

/// Something assumed to score an item, with the answers it affected.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// A label within a small edit distance of exactly one level ("Strong agree").
    NearMiss {
        answer: String,
        level: String,
        answers: usize,
    },
    /// A "not sure"-style answer scored as the scale's free midpoint.
    Midpoint {
        answer: String,
        level: String,
        answers: usize,
    },
    /// The column's own answers do not settle the scale; these columns' do (the other
    /// rows of its question, the same item in another wave, or its neighbours).
    SharedScale {
        /// The other columns (item codes) whose answers settled it.
        with: Vec<String>,
        /// The same item in another file (wave) was among them.
        other_waves: bool,
    },
    /// The labels' numbers run against their meaning (1 = Strongly agree): scored by
    /// the meaning.
    NumberingReversed,
    /// The labels are numbered from 0 (`0 - Never`): scored from 1, as every scale.
    NumberedFromZero,
    /// Numbered labels of no known family: the scale runs from the lowest to the
    /// highest number seen (a higher level nobody chose would be missed).
    NumberedRange { min: f64, max: f64 },
    /// An answer that is no level of the scale: not scored.
    OutsideScale { answer: String, answers: usize },
    /// Plain numbers: the scale's range was inferred from the answers (`lowest` and
    /// `highest` seen), not given with `--scale`.
    NumericRange {
        min: f64,
        max: f64,
        lowest: f64,
        highest: f64,
    },
}

/// A scale an unscored item's answers fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleCandidate {
    pub family: String,
    pub points: usize,
    /// The levels, lowest first (as the answers wrote them where they did).
    pub levels: Vec<String>,
    /// The levels someone chose, lowest first (the scale, if it has no other levels).
    pub answered: Vec<String>,
}

/// A rating item whose scale its answers do not settle: counted as a single choice,
/// never scored.
#[derive(Debug, Clone, Serialize)]
pub struct UnscoredItem {
    pub code: String,
    pub text: String,
    pub question: Option<String>,
    /// The distinct answers with their counts, most frequent first.
    pub answers: Vec<(String, usize)>,
    /// The scales that fit, the likeliest first (no unchosen level between chosen ones,
    /// then the shortest).
    pub candidates: Vec<ScaleCandidate>,
}

/// For a single-choice question whose answers look ordinal but fit no family: the
/// `[[survey.scales]]` levels that would score it.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleSuggestion {
    pub levels: Vec<String>,
    /// Whether the order was inferred from the words (otherwise it is the order the
    /// answers first appear in, and must be checked).
    pub ordered: bool,
}

/// A group of items scored together.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub name: String,
    pub items: Vec<String>,
    pub reversed: Vec<String>,
}

/// A question answered by ticking any number of options (or by ranking them).
#[derive(Debug, Clone, Serialize)]
pub struct MultiSelect {
    pub code: String,
    pub text: String,
    /// The options in the export's order (first seen, for one-cell answers).
    pub options: Vec<String>,
    /// `chosen[option][respondent]`.
    pub chosen: Vec<Vec<bool>>,
    /// Whether each respondent answered the question at all.
    pub answered: Vec<bool>,
    /// For ranking questions (`A→B→C`): `rank[option][respondent]`, 1 = first.
    pub rank: Option<Vec<Vec<Option<u32>>>>,
    /// Texts written into an "other, please specify" field.
    pub other: Vec<String>,
}

/// A column of categories: a single-choice question, or export metadata (source,
/// channel, language). Any of them can be a `--group` breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: String,
    pub text: String,
    /// A single-choice question (not export metadata).
    pub question: bool,
    pub values: Vec<Option<String>>,
    /// Ordinal-looking answers of no known scale: the levels a `[[survey.scales]]`
    /// block would need.
    pub suggested_scale: Option<ScaleSuggestion>,
}

/// Free-text answers of one question.
#[derive(Debug, Clone, Serialize)]
pub struct OpenText {
    pub code: String,
    pub text: String,
    pub answers: Vec<Option<String>>,
}

/// A questionnaire, ready for analysis.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// The export's platform as detected or given (`问卷星 (wjx)`, `plain`).
    pub platform: String,
    pub respondents: usize,
    pub items: Vec<Item>,
    pub dimensions: Vec<Dimension>,
    pub multi: Vec<MultiSelect>,
    pub choices: Vec<Choice>,
    pub open: Vec<OpenText>,
    /// Rating items left unscored because their scale is ambiguous.
    pub unscored: Vec<UnscoredItem>,
    /// Headers of the columns left out because they identify people.
    pub personal: Vec<String>,
    /// Those columns' values, only when the user asked to keep them.
    pub personal_values: Vec<(String, Vec<Option<String>>)>,
    /// Breakdown columns: name → one value per respondent.
    pub groups: Vec<(String, Vec<Option<String>>)>,
    /// When each response was submitted (ms since the epoch, UTC), where the export says.
    pub submitted: Vec<Option<i64>>,
    /// Time each respondent took, in seconds, where the export says.
    pub duration_seconds: Vec<Option<f64>>,
}

impl Survey {
    /// Looks up an item by code or by question text.
    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.code == name)
            .or_else(|| self.items.iter().find(|i| i.text == name))
    }
}
