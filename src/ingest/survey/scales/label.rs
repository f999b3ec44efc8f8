//! One answer label as the matcher sees it: normalised text (case, spaces,
//! punctuation, full-width forms, curly quotes, CamelCase split) and the number written
//! in front of it (`1 - Strongly disagree`, `(1) Not useful at all`, `5=非常满意`,
//! `①非常满意`) or behind it (`Agree (4)`, `满意（4分）`), which gives the order.

/// A parsed answer label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// The number written with the label, if any.
    pub number: Option<i64>,
    /// The normalised text (empty for a bare number).
    pub text: String,
}

/// Full-width ASCII, ideographic space, curly quotes and circled digits as plain
/// characters (a circled digit becomes the digits and a space).
fn plain_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        match u {
            0xFF01..=0xFF5E => out.push(char::from_u32(u - 0xFEE0).unwrap_or(c)),
            0x3000 | 0x00A0 => out.push(' '),
            0x2018 | 0x2019 | 0x201B | 0x2032 | 0x0060 | 0x00B4 => out.push('\''),
            0x201C | 0x201D | 0x201F | 0x2033 => out.push('"'),
            // ①–⑳, ⑴–⒇, ⒈–⒛, ❶–❿, ➀–➉.
            0x2460..=0x2473 => push_number(&mut out, u - 0x2460 + 1),
            0x2474..=0x2487 => push_number(&mut out, u - 0x2474 + 1),
            0x2488..=0x249B => push_number(&mut out, u - 0x2488 + 1),
            0x2776..=0x277F => push_number(&mut out, u - 0x2776 + 1),
            0x2780..=0x2789 => push_number(&mut out, u - 0x2780 + 1),
            0x24EA => push_number(&mut out, 0),
            _ => out.push(c),
        }
    }
    out
}

fn push_number(out: &mut String, n: u32) {
    out.push_str(&n.to_string());
    out.push(' ');
}

/// Whether a character is CJK (no spaces are kept next to it).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Normalised text: CamelCase split, lower case, apostrophes dropped, other
/// punctuation as spaces, runs of spaces collapsed, no spaces next to CJK characters.
pub fn normalize(s: &str) -> String {
    let plain = plain_chars(s);
    let mut spaced = String::with_capacity(plain.len() + 4);
    let mut prev: Option<char> = None;
    for c in plain.chars() {
        if let Some(p) = prev {
            if p.is_lowercase() && c.is_uppercase() {
                spaced.push(' ');
            }
        }
        spaced.push(c);
        prev = Some(c);
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in spaced.chars() {
        if c == '\'' {
            continue;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in words {
        let joins_cjk =
            out.chars().last().is_some_and(is_cjk) || w.chars().next().is_some_and(is_cjk);
        if !out.is_empty() && !joins_cjk {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// Leading digits (at most two) of `s`, and the rest.
fn leading_number(s: &str) -> Option<(i64, &str)> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    Some((s[..digits].parse().ok()?, &s[digits..]))
}

/// `1 - text`, `(1) text`, `1. text`, `1、text`, `5=text`, `1: text`, `1 text`,
/// `5非常满意`: the number and the text; `None` when the text after the number does not
/// start with a letter (`1-2 times a week`, `30-64`).
fn number_in_front(s: &str) -> Option<(i64, String)> {
    let t = s.trim_start();
    let (opened, t) = match t.strip_prefix(['(', '[', '（', '【']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (n, after) = leading_number(t)?;
    let mut rest = after.trim_start();
    let mut separated = rest.len() < after.len();
    if opened {
        rest = rest.strip_prefix([')', ']', '）', '】'])?.trim_start();
        separated = true;
    }
    if let Some(r) = rest.strip_prefix([
        '-', '–', '—', '=', ':', '：', '.', '、', ')', '）', ',', '，', '．', '/',
    ]) {
        rest = r.trim_start();
        separated = true;
    }
    if rest.is_empty() {
        return (!opened || separated).then(|| (n, String::new()));
    }
    let first = rest.chars().next()?;
    let starts_word = first.is_alphabetic() || first == '"' || first == '\'';
    (starts_word && (separated || is_cjk(first))).then(|| (n, rest.to_string()))
}

/// `text (4)`, `text（4分）`, `text - 4`: the number behind the text.
fn number_behind(s: &str) -> Option<(i64, String)> {
    let t = s.trim_end();
    let t = t.strip_suffix('分').unwrap_or(t);
    let inner = t
        .strip_suffix([')', '）'])
        .and_then(|r| r.rsplit_once(['(', '（']))
        .map(|(head, num)| (head, num.trim().trim_end_matches('分')));
    let (head, num) = inner.or_else(|| {
        let (head, num) = t.rsplit_once([' ', '-', '='])?;
        Some((head.trim_end_matches([' ', '-', '=']), num))
    })?;
    let digits = num.trim();
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let head = head.trim();
    head.chars()
        .next()
        .is_some_and(char::is_alphabetic)
        .then(|| (digits.parse().ok(), head.to_string()))
        .and_then(|(n, h)| Some((n?, h)))
}

/// `4分`, `5 星`, `3 points`: a bare number with its unit.
fn number_with_unit(t: &str) -> Option<i64> {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let unit = t[digits..].trim();
    matches!(
        unit,
        "" | "分" | "星" | "颗星" | "point" | "points" | "pt" | "pts" | "star" | "stars"
    )
    .then(|| t[..digits].parse().ok())
    .flatten()
}

/// `A.非常满意`, `B、满意`, `c) Agree`: the option letter a 问卷星-style export puts
/// in front, dropped (letters give no reliable order).
fn without_option_letter(t: &str) -> &str {
    let mut chars = t.char_indices();
    let Some((_, letter)) = chars.next() else {
        return t;
    };
    let Some((i, sep)) = chars.next() else {
        return t;
    };
    if !matches!(letter, 'A'..='J' | 'a'..='j')
        || !matches!(sep, '.' | '、' | ')' | ':' | '：' | '．')
    {
        return t;
    }
    let rest = t[i + sep.len_utf8()..].trim_start();
    if rest.chars().next().is_some_and(char::is_alphabetic) {
        rest
    } else {
        t
    }
}

impl Label {
    /// Parses a raw answer. A bare number keeps its number and an empty text.
    pub fn parse(raw: &str) -> Label {
        let plain = plain_chars(raw);
        let t = without_option_letter(plain.trim());
        if let Some(n) = number_with_unit(t) {
            return Label {
                number: Some(n),
                text: String::new(),
            };
        }
        match number_in_front(t).or_else(|| number_behind(t)) {
            Some((n, text)) => Label {
                number: Some(n),
                text: normalize(&text),
            },
            None => Label {
                number: None,
                text: normalize(t),
            },
        }
    }

    /// The label without its number, as the raw answer wrote it (for display).
    pub fn display(raw: &str) -> String {
        let plain = plain_chars(raw);
        let t = without_option_letter(plain.trim());
        match number_in_front(t).or_else(|| number_behind(t)) {
            Some((_, text)) if !text.trim().is_empty() => text.trim().to_string(),
            Some(_) => raw.trim().to_string(),
            None => t.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(n: Option<i64>, t: &str) -> Label {
        Label {
            number: n,
            text: t.to_string(),
        }
    }

    #[test]
    fn text_is_normalised() {
        assert_eq!(normalize("  Strongly   Agree "), "strongly agree");
        assert_eq!(normalize("StronglyDisagree"), "strongly disagree");
        assert_eq!(normalize("Don’t know"), "dont know");
        assert_eq!(normalize("Don't know"), "dont know");
        assert_eq!(
            normalize("Neither agree nor disagree."),
            "neither agree nor disagree"
        );
        assert_eq!(normalize("Ｓｔｒｏｎｇｌｙ　ａｇｒｅｅ"), "strongly agree");
        assert_eq!(normalize("非常 满意！"), "非常满意");
        assert_eq!(normalize("strongly_agree"), "strongly agree");
        assert_eq!(normalize("STRONGLY AGREE"), "strongly agree");
        assert_eq!(normalize("N/A"), "n a");
    }

    #[test]
    fn numbers_in_front_give_the_order() {
        assert_eq!(
            Label::parse("1 - Strongly disagree"),
            l(Some(1), "strongly disagree")
        );
        assert_eq!(
            Label::parse("(1) Not useful at all"),
            l(Some(1), "not useful at all")
        );
        assert_eq!(Label::parse("(6) Very Useful"), l(Some(6), "very useful"));
        assert_eq!(Label::parse("5=非常满意"), l(Some(5), "非常满意"));
        assert_eq!(Label::parse("5非常满意"), l(Some(5), "非常满意"));
        assert_eq!(Label::parse("①非常满意"), l(Some(1), "非常满意"));
        assert_eq!(Label::parse("1、非常不满意"), l(Some(1), "非常不满意"));
        assert_eq!(Label::parse("2. Disagree"), l(Some(2), "disagree"));
        assert_eq!(Label::parse("Agree (4)"), l(Some(4), "agree"));
        assert_eq!(Label::parse("满意（4分）"), l(Some(4), "满意"));
        assert_eq!(Label::parse("3"), l(Some(3), ""));
        assert_eq!(Label::display("1 - Strongly disagree"), "Strongly disagree");
        assert_eq!(Label::parse("4分"), l(Some(4), ""));
        assert_eq!(Label::parse("5 stars"), l(Some(5), ""));
        assert_eq!(Label::parse("A.非常满意"), l(None, "非常满意"));
        assert_eq!(Label::parse("B、满意"), l(None, "满意"));
        assert_eq!(Label::parse("A lot"), l(None, "a lot"));
        assert_eq!(Label::display("C. Neutral"), "Neutral");
    }

    #[test]
    fn ranges_and_counts_are_not_numbered_labels() {
        assert_eq!(Label::parse("1-2 times a week").number, None);
        assert_eq!(Label::parse("30-64").number, None);
        assert_eq!(Label::parse("0 - $29,999").number, None);
        assert_eq!(Label::parse("2 times a week").number, Some(2));
        assert_eq!(Label::parse("Strongly agree").number, None);
        assert_eq!(Label::parse("365").number, None);
    }
}
