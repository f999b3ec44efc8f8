//! Keywords of open-text survey answers (Chinese, English and mixed): tokenizing,
//! stopwords, plural folding and document-frequency ranking. Chinese runs are segmented
//! with jieba-rs; everything else is split on non-alphanumeric characters.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use serde::Serialize;

/// One keyword and how many answers mention it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyword {
    pub word: String,
    pub answers: usize,
}

/// Chinese function words and survey filler. Kept out on purpose (they are the content of
/// process-improvement comments): 问题 流程 沟通 审批 效率 时间 部门 系统 工作. Dropped:
/// modal and generic verbs (可以 需要 进行 能够) and 一个, which attach to any complaint and
/// rank first in every survey; 建议 意见 暂无, which restate the question ("暂无意见").
#[rustfmt::skip]
const ZH_STOPWORDS: &[&str] = &[
    // pronouns and demonstratives
    "我们", "你们", "他们", "她们", "它们", "咱们", "大家", "自己", "别人", "这个", "那个",
    "这些", "那些", "这样", "那样", "这种", "那种", "这里", "那里", "这边", "那边", "这么",
    "那么", "什么", "怎么", "怎样", "如何", "为什么", "哪些", "其他", "其它", "其中", "所有",
    // conjunctions and prepositions
    "因为", "所以", "但是", "可是", "而且", "并且", "或者", "还是", "如果", "虽然", "然后",
    "以及", "不过", "因此", "另外", "同时", "还有", "就是", "只是", "对于", "关于", "由于",
    "通过", "为了", "的话", "之后", "之前", "以后", "以前",
    // degree words, adverbs, filler
    "比较", "非常", "特别", "很多", "一些", "一点", "有点", "有些", "真的", "确实", "总是",
    "经常", "一直", "已经", "可能", "应该", "基本", "基本上", "目前", "现在", "一下", "一般",
    "等等", "方面", "情况", "时候", "有的", "各种", "一定", "其实", "尤其", "更加",
    // opinion, modal and generic verbs
    "希望", "觉得", "认为", "感觉", "可以", "需要", "能够", "进行", "没有", "不是", "一个",
    "建议", "意见", "暂无", "谢谢", "哪个", "主要",
];

/// English stopwords of three or more letters (shorter tokens are dropped anyway), with
/// contractions ("'s" is stripped first: "let's" → "let"), plus survey filler (very,
/// really, also, would, could, lot, thing, …).
#[rustfmt::skip]
const EN_STOPWORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "almost", "already", "also",
    "although", "always", "among", "and", "another", "any", "anyone", "anything", "are",
    "aren't", "around", "because", "been", "before", "being", "below", "between", "both",
    "but", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "does",
    "doesn't", "doing", "don't", "down", "during", "each", "either", "else", "etc", "even",
    "ever", "every", "few", "for", "from", "further", "get", "gets", "getting", "got", "had",
    "hadn't", "has", "hasn't", "have", "haven't", "having", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i'd", "i'll", "i'm", "i've",
    "into", "isn't", "it's", "its", "itself", "just", "let", "like", "lot", "lots",
    "many", "may", "maybe", "might", "mine", "more", "most", "much", "must", "myself",
    "neither", "nor", "not", "now", "off", "often", "once", "one", "only", "onto", "other",
    "others", "our", "ours", "ourselves", "out", "over", "own", "per", "please", "quite",
    "rather", "really", "same", "shall", "she", "should", "shouldn't", "since", "some",
    "something", "sometimes", "still", "such", "than", "thank", "thanks", "that", "that's",
    "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these",
    "they", "they'd", "they'll", "they're", "they've", "thing", "things", "think", "this",
    "those", "though", "through", "too", "under", "until", "upon", "very", "via", "was",
    "wasn't", "way", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's",
    "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "won't", "would", "wouldn't", "yes", "yet", "you", "you'd",
    "you'll", "you're", "you've", "your", "yours", "yourself", "actually", "feel",
    "generally", "usually", "overall", "sure",
];

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The `top` most frequent keywords of `answers`: a word counts once per answer that
/// contains it (document frequency); ordered by count descending, then by word (so the
/// output is deterministic). Words mentioned by only one answer are left out when there
/// are at least 5 answers.
///
/// Blank answers do not count towards those 5. English plurals are folded into the
/// singular ("approvals" → "approval") only when the singular occurs in some answer.
pub fn keywords(answers: &[&str], top: usize) -> Vec<Keyword> {
    let tokens: Vec<Vec<String>> = answers.iter().map(|a| tokenize(a)).collect();
    let vocabulary: BTreeSet<&str> = tokens.iter().flatten().map(String::as_str).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for answer in &tokens {
        let words: BTreeSet<&str> = answer.iter().map(|t| fold_plural(t, &vocabulary)).collect();
        for word in words {
            *counts.entry(word.to_string()).or_default() += 1;
        }
    }
    let nonblank = answers.iter().filter(|a| !a.trim().is_empty()).count();
    let min = if nonblank >= 5 { 2 } else { 1 };
    let mut ranked: Vec<Keyword> = counts
        .into_iter()
        .filter(|&(_, n)| n >= min)
        .map(|(word, answers)| Keyword { word, answers })
        .collect();
    // `counts` is ordered by word and the sort is stable: ties stay alphabetical.
    ranked.sort_by_key(|k| std::cmp::Reverse(k.answers));
    ranked.truncate(top);
    ranked
}

/// "approvals" → "approval" when "approval" is a word of the answer set ("process" and
/// "class" stay: no "proces", and "ss" is never folded).
fn fold_plural<'a>(word: &'a str, vocabulary: &BTreeSet<&'a str>) -> &'a str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') && vocabulary.contains(stem) => stem,
        _ => word,
    }
}

/// Kept tokens of one answer, in order (repeats included).
fn tokenize(answer: &str) -> Vec<String> {
    let text = blank_links(&normalize(answer));
    let mut out = Vec::new();
    let mut run = String::new();
    let mut run_cjk = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        let cjk = is_han(c);
        let word = !cjk && (c.is_alphanumeric() || c == '\'');
        if !run.is_empty() && (run_cjk != cjk || !(cjk || word)) {
            if run_cjk {
                chinese(&run, &mut out);
            } else {
                english(&run, &mut out);
            }
            run.clear();
        }
        if cjk || word {
            run.push(c);
            run_cjk = cjk;
        }
    }
    out
}

fn chinese(run: &str, out: &mut Vec<String>) {
    for token in jieba().cut(run, true) {
        let w = token.word;
        if w.chars().count() >= 2 && w.chars().all(is_han) && !ZH_STOPWORDS.contains(&w) {
            out.push(w.to_string());
        }
    }
}

fn english(run: &str, out: &mut Vec<String>) {
    let lower = run.to_lowercase();
    let w = lower.trim_matches('\'');
    let w = w.strip_suffix("'s").unwrap_or(w).trim_matches('\'');
    if w.chars().count() >= 3 && !w.chars().all(char::is_numeric) && !EN_STOPWORDS.contains(&w) {
        out.push(w.to_string());
    }
}

/// Full-width ASCII forms (！ to ～, e.g. "，", "１２", "ＯＡ") become ASCII, the ideographic
/// space a space, and the typographic apostrophe ’ a straight one.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(' '),
            '\u{3000}' => ' ',
            '\u{2019}' => '\'',
            c => c,
        })
        .collect()
}

/// Replaces every run of printable ASCII that looks like a URL or an e-mail address
/// (contains "://", "www." or "@") with a space, so that none of its parts becomes a word.
fn blank_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| c.is_ascii_graphic())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_graphic())
            .unwrap_or(rest.len());
        let chunk = &rest[..end];
        let link = chunk.contains("://")
            || chunk.contains('@')
            || chunk.to_ascii_lowercase().contains("www.");
        out.push_str(if link { " " } else { chunk });
        rest = &rest[end..];
    }
    out
}

/// CJK unified ideographs (basic, extension A, B and later, compatibility).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(list: &[(&str, usize)]) -> Vec<Keyword> {
        list.iter()
            .map(|&(w, n)| Keyword {
                word: w.to_string(),
                answers: n,
            })
            .collect()
    }

    #[test]
    fn chinese_document_frequency() {
        // jieba: 审批|流程|太|长|，|等待时间|久 · 审批|环节|多|，|流程|复杂 ·
        // 跨部门|沟通|效率|低 · 沟通|不|及时 · 审批|慢. Five answers: singletons go.
        let answers = [
            "审批流程太长，等待时间久",
            "审批环节多，流程复杂",
            "跨部门沟通效率低",
            "沟通不及时",
            "审批慢",
        ];
        // 沟 U+6C9F sorts before 流 U+6D41.
        assert_eq!(
            keywords(&answers, 10),
            kw(&[("审批", 3), ("沟通", 2), ("流程", 2)])
        );
        assert_eq!(keywords(&answers, 1), kw(&[("审批", 3)]));
    }

    #[test]
    fn english_document_frequency() {
        let answers = [
            "Approval takes too long",
            "The approval process is slow",
            "Slow handoffs between teams",
            "Too many handoffs",
            "handoffs are slow",
        ];
        let expected = kw(&[("handoffs", 3), ("slow", 3), ("approval", 2)]);
        assert_eq!(keywords(&answers, 10), expected);
    }

    #[test]
    fn plurals_fold_only_into_a_singular_that_occurs() {
        let answers = [
            "Approvals pile up",
            "One approval took weeks in process",
            "approval and approvals again",
        ];
        // "weeks" stays (no "week"), "process" is not a plural; answer 3 counts once.
        let expected = kw(&[
            ("approval", 3),
            ("pile", 1),
            ("process", 1),
            ("took", 1),
            ("weeks", 1),
        ]);
        assert_eq!(keywords(&answers, 10), expected);
    }

    #[test]
    fn mixed_chinese_and_english() {
        let answers = [
            "OA系统经常卡顿，IT部门响应慢",
            "ERP系统和OA系统数据不同步",
            "IT部门的response太慢, ERP response slow",
        ];
        // OA and IT are under 3 letters; 经常 is a stopword; "response" twice in one
        // answer counts once. ASCII sorts before CJK; CJK by code point (卡 U+5361 < 同 U+540C).
        let expected = kw(&[
            ("erp", 2),
            ("系统", 2),
            ("部门", 2),
            ("response", 1),
            ("slow", 1),
            ("卡顿", 1),
            ("同步", 1),
            ("响应", 1),
            ("太慢", 1),
            ("数据", 1),
        ]);
        assert_eq!(keywords(&answers, 20), expected);
    }

    #[test]
    fn stopwords_punctuation_links_and_numbers_are_dropped() {
        let answers = [
            "我们觉得这个问题非常严重，希望可以改进！！😀 见 https://oa.example.com/page?id=1 \
             或 it@corp.com，２０２４年，Ｓｌｏｗ ｓｅｒｖｉｃｅ；the manager’s 3 approvals \
             are very slow, OK? 1st: www.intranet.cn",
            "没有意见，暂无建议，谢谢！一个需要进行的",
            "  ",
        ];
        let expected = kw(&[
            ("1st", 1),
            ("approvals", 1),
            ("manager", 1),
            ("service", 1),
            ("slow", 1),
            ("严重", 1),
            ("改进", 1),
            ("问题", 1),
        ]);
        assert_eq!(keywords(&answers, 20), expected);
    }

    #[test]
    fn ties_are_broken_by_word_and_top_truncates() {
        let answers = ["zebra delay budget", "budget delay", "apple"];
        let expected = kw(&[("budget", 2), ("delay", 2), ("apple", 1)]);
        assert_eq!(keywords(&answers, 3), expected);
        assert_eq!(keywords(&answers, 3), keywords(&answers, 3));
        assert!(keywords(&answers, 0).is_empty());
        assert!(keywords(&[], 5).is_empty());
    }

    #[test]
    fn singletons_stay_below_five_nonblank_answers() {
        let four = [
            "late sign-off",
            "manual forms",
            "late review",
            "",
            "printing forms",
        ];
        // Four non-blank answers (the blank one does not count): singletons stay.
        let all = kw(&[
            ("forms", 2),
            ("late", 2),
            ("manual", 1),
            ("printing", 1),
            ("review", 1),
            ("sign", 1),
        ]);
        assert_eq!(keywords(&four, 10), all);
        let five = [
            "late sign-off",
            "manual forms",
            "late review",
            "printing forms",
            "ok",
        ];
        assert_eq!(keywords(&five, 10), kw(&[("forms", 2), ("late", 2)]));
    }
}
