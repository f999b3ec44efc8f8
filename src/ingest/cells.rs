//! Cell text shared by the task-log and survey readers: missing-value markers, and
//! values shortened for messages.

/// Values that mean "missing" by default (compared after trimming, ignoring case).
pub const DEFAULT_NA: &[&str] = &[
    "NA", "N/A", "#N/A", "NaN", "?", "-", "null", "EMPTY", "(空)", "(跳过)",
];

/// The spellings of the missing-value markers that are recognised: as given, lower
/// case, upper case and capitalised.
pub(super) fn na_spellings(na: &[String]) -> Vec<String> {
    let mut v: Vec<String> = na
        .iter()
        .flat_map(|x| {
            let t = x.trim();
            let mut cap = t.to_lowercase();
            if let Some(first) = cap.get(..1) {
                cap = first.to_uppercase() + &cap[1..];
            }
            [t.to_string(), t.to_lowercase(), t.to_uppercase(), cap]
        })
        .collect();
    v.push(String::new());
    v.sort();
    v.dedup();
    v
}

/// Whether one trimmed value is a missing-value marker (for samples; the typing of rows
/// compares with [`na_spellings`]).
pub(super) fn is_na(v: &str, na: &[String]) -> bool {
    let t = v.trim();
    t.is_empty()
        || na
            .iter()
            .any(|x| x.trim().eq_ignore_ascii_case(t) || x.trim() == t)
}

/// A cell value cut to 120 characters for messages.
pub(super) fn shorten(v: &str) -> String {
    const MAX: usize = 120;
    match v.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_string(),
    }
}
