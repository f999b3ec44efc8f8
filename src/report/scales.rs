//! How the rating scales are shown, in English and Chinese: each scale family's name,
//! the levels with their scores, the assumptions made to score an item, the items left
//! unscored with the `[[survey.scales]]` block that would settle them, and the blocks
//! suggested for ordinal single choices. `inspect` and the report word them alike.

use serde::Serialize;

use super::i18n::Lang;
use crate::analysis::survey::{ItemResult, SurveyAnalysis};
use crate::ingest::survey::scales::family_shown;
use crate::ingest::survey::scales::label::normalize;
use crate::ingest::survey::scales::toml_block;
use crate::model::survey::{Assumption, ScaleCandidate, ScaleLevel, ScaleSuggestion};

/// A family's name for display.
pub fn family_name(family: &str, lang: Lang) -> String {
    family_shown(family, lang == Lang::Zh)
}

/// "agreement, 5 points".
pub fn scale_name(family: &str, points: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}, {points} points", family_name(family, lang)),
        Lang::Zh => format!("{}（{points} 级）", family_name(family, lang)),
    }
}

fn score(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// "1 = Strongly disagree · 2 = Disagree · …" (numbers shown once when a level is only
/// its number).
pub fn levels_text(levels: &[ScaleLevel]) -> String {
    levels
        .iter()
        .map(|l| {
            let s = score(l.score);
            if l.label == s {
                s
            } else {
                format!("{s} = {}", l.label)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One assumption as a sentence.
#[allow(clippy::too_many_lines)] // a wording table: each assumption in both languages
pub fn assumption_text(a: &Assumption, lang: Lang) -> String {
    match a {
        Assumption::NearMiss {
            answer,
            level,
            answers,
        } => lang.pick(
            format!("“{answer}” read as “{level}” ({answers} answers)"),
            format!("“{answer}”按“{level}”计分（{answers} 个回答）"),
        ),
        Assumption::Midpoint {
            answer,
            level,
            answers,
        } => lang.pick(
            format!(
                "“{answer}” scored as the midpoint “{level}” ({answers} answers); if it means no \
                 opinion, list it under [survey] not_applicable"
            ),
            format!(
                "“{answer}”按中间档“{level}”计分（{answers} 个回答）；如表示“无意见”，请在 \
                 [survey] not_applicable 中列出"
            ),
        ),
        Assumption::SharedScale { with, other_waves } => {
            let mut peers = with.iter().take(4).cloned().collect::<Vec<_>>().join(", ");
            if with.len() > 4 {
                peers.push_str(&lang.pick(
                    format!(" and {} more", with.len() - 4),
                    format!(" 等 {} 列", with.len()),
                ));
            }
            match (peers.is_empty(), other_waves) {
                (true, _) => lang.pick(
                    "scale taken from the same item in the other file(s)".into(),
                    "量表取自其他文件中的同一题".into(),
                ),
                (false, true) => lang.pick(
                    format!("scale taken from {peers} and the same item in the other file(s)"),
                    format!("量表取自 {peers} 及其他文件中的同一题"),
                ),
                (false, false) => lang.pick(
                    format!("its answers alone fit more than one scale; scale taken from {peers}"),
                    format!("本题作答可对应多种量表，量表取自 {peers}"),
                ),
            }
        }
        Assumption::NumberingReversed => lang.pick(
            "the labels' numbers run against their meaning: scored by the meaning".into(),
            "选项编号与含义方向相反：按含义计分".into(),
        ),
        Assumption::NumberedFromZero => lang.pick(
            "the labels are numbered from 0: scored from 1 like every scale here".into(),
            "选项从 0 开始编号：与其他量表一样从 1 分起计".into(),
        ),
        Assumption::NumberedRange { min, max } => lang.pick(
            format!(
                "scale {}–{} read from the numbered labels; a higher level nobody chose would \
                 be missed",
                score(*min),
                score(*max)
            ),
            format!(
                "量表 {}–{} 取自带编号的选项；若有更高一级而无人选择，将无法得知",
                score(*min),
                score(*max)
            ),
        ),
        Assumption::OutsideScale { answer, answers } => lang.pick(
            format!("“{answer}” is no level of the scale: not scored ({answers} answers)"),
            format!("“{answer}”不是量表的选项，不计分（{answers} 个回答）"),
        ),
        Assumption::NumericRange {
            min,
            max,
            lowest,
            highest,
        } => lang.pick(
            format!(
                "scale {}–{} read from the answers ({}–{}); set --scale or [survey] scale if it \
                 differs",
                score(*min),
                score(*max),
                score(*lowest),
                score(*highest)
            ),
            format!(
                "量表 {}–{} 由作答推断（作答范围 {}–{}）；如不同，请用 --scale 或 [survey] scale 指定",
                score(*min),
                score(*max),
                score(*lowest),
                score(*highest)
            ),
        ),
    }
}

/// A scale used by some items.
#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub name: String,
    pub levels: String,
    pub items: String,
}

/// The distinct scales the items were scored on, each with its items.
pub fn scales_used(items: &[ItemResult], lang: Lang) -> Vec<ScaleView> {
    let mut out: Vec<(String, String, Vec<&str>)> = Vec::new();
    for i in items {
        let name = scale_name(&i.scale_family, i.scale_points, lang);
        let levels = levels_text(&i.scale_levels);
        match out.iter_mut().find(|(n, l, _)| *n == name && *l == levels) {
            Some(e) => e.2.push(&i.item),
            None => out.push((name, levels, vec![&i.item])),
        }
    }
    out.into_iter()
        .map(|(name, levels, items)| ScaleView {
            name,
            levels,
            items: shortened(&items, lang),
        })
        .collect()
}

/// The first few names, then how many more.
fn shortened(items: &[&str], lang: Lang) -> String {
    const SHOWN: usize = 6;
    let mut s = items
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        let more = items.len() - SHOWN;
        s.push_str(&lang.pick(
            format!(" and {more} more"),
            format!(" 等共 {} 题", items.len()),
        ));
    }
    s
}

/// Unscored items sharing the same likeliest scale, with the block that would settle
/// them.
#[derive(Debug, Serialize)]
pub struct UnscoredView {
    pub items: Vec<String>,
    /// "agreement, 4 points or agreement, 5 points …".
    pub fits: String,
    /// The block for the likeliest scale.
    pub toml: String,
    /// The block for a scale of only the levels someone chose (when that differs).
    pub toml_answered: Option<String>,
}

/// The unscored items, grouped by the scales they fit.
pub fn unscored_views(s: &SurveyAnalysis, lang: Lang) -> Vec<UnscoredView> {
    group_unscored(
        s.unscored_items
            .iter()
            .map(|u| (u.code.as_str(), u.candidates.as_slice())),
        lang,
    )
}

/// Items (code and the scales it fits) grouped by the scales they fit, each group with
/// the block for the likeliest scale.
pub fn group_unscored<'a>(
    items: impl Iterator<Item = (&'a str, &'a [ScaleCandidate])>,
    lang: Lang,
) -> Vec<UnscoredView> {
    let mut groups: Vec<(&[ScaleCandidate], Vec<String>)> = Vec::new();
    for (code, cands) in items {
        match groups.iter_mut().find(|(g, _)| *g == cands) {
            Some(g) => g.1.push(code.to_string()),
            None => groups.push((cands, vec![code.to_string()])),
        }
    }
    groups
        .into_iter()
        .map(|(cands, items)| {
            let fits = if cands.is_empty() {
                lang.pick(
                    "no scale: the labels' numbers and words disagree",
                    "无：选项编号与文字含义相互矛盾",
                )
                .to_string()
            } else {
                cands
                    .iter()
                    .map(|c| scale_name(&c.family, c.points, lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick(" or ", " 或 "))
            };
            let name =
                |c: &ScaleCandidate, k: usize| format!("{}-{k}", c.family.replace(" (zh)", "-zh"));
            let toml = cands.first().map_or_else(String::new, |c| {
                toml_block(&name(c, c.points), &c.levels, &items)
            });
            let toml_answered = cands
                .first()
                .filter(|c| c.answered.len() >= 2 && c.answered.len() < c.points)
                .map(|c| toml_block(&name(c, c.answered.len()), &c.answered, &items));
            UnscoredView {
                items,
                fits,
                toml,
                toml_answered,
            }
        })
        .collect()
}

/// Single choices whose answers look ordinal, grouped by their levels, with the block
/// that would score them.
#[derive(Debug, Serialize)]
pub struct SuggestionView {
    pub items: Vec<String>,
    /// The order came from the answers' words (otherwise it must be put right).
    pub ordered: bool,
    pub toml: String,
}

/// Groups suggestions with the same levels (compared as the matcher compares them).
pub fn group_suggestions<'a>(
    items: impl Iterator<Item = (&'a str, &'a ScaleSuggestion)>,
) -> Vec<SuggestionView> {
    let key =
        |s: &ScaleSuggestion| -> Vec<String> { s.levels.iter().map(|l| normalize(l)).collect() };
    let mut groups: Vec<(&ScaleSuggestion, Vec<String>)> = Vec::new();
    for (code, s) in items {
        match groups.iter_mut().find(|(g, _)| key(g) == key(s)) {
            Some(g) => g.1.push(code.to_string()),
            None => groups.push((s, vec![code.to_string()])),
        }
    }
    groups
        .into_iter()
        .map(|(s, items)| SuggestionView {
            toml: toml_block(&items[0], &s.levels, &items),
            ordered: s.ordered,
            items,
        })
        .collect()
}

/// The suggestions for a survey's single choices.
pub fn suggestion_views(s: &SurveyAnalysis) -> Vec<SuggestionView> {
    group_suggestions(
        s.choices
            .iter()
            .filter_map(|c| Some((c.question.as_str(), c.suggested_scale.as_ref()?))),
    )
}
