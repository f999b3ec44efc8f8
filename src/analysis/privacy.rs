//! Who may be shown: the one anonymity rule. A group of respondents (a breakdown's
//! value, a period's respondents, a target's filtered sample) shows its figures only
//! when it holds at least the minimum number of respondents; a smaller group shows its
//! count at most, never a score. Every output path asks [`Anonymity::visibility`].

use serde::Serialize;

/// The minimum group size when none is given.
pub const DEFAULT_MIN_GROUP: usize = 5;

/// No minimum below this is accepted: two respondents' mean reveals each answer to
/// either of them.
pub const LOWEST_MIN_GROUP: usize = 3;

/// Whether a group's figures may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Enough respondents: its figures are shown.
    Shown,
    /// Some respondents, fewer than the minimum: only its count is shown.
    Hidden,
    /// No respondents: nothing to show or hide.
    Empty,
}

/// The anonymity rule with its minimum group size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anonymity {
    pub min_group: usize,
}

impl Default for Anonymity {
    fn default() -> Self {
        Anonymity {
            min_group: DEFAULT_MIN_GROUP,
        }
    }
}

/// A minimum group size below [`LOWEST_MIN_GROUP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a minimum group size of {0} would let a group's figures reveal single answers; use \
     {LOWEST_MIN_GROUP} or more (the default is {DEFAULT_MIN_GROUP})"
)]
pub struct MinGroupTooSmall(pub usize);

impl Anonymity {
    /// The rule with `min_group` (the default when `None`); a minimum below
    /// [`LOWEST_MIN_GROUP`] is refused with what to do.
    pub fn new(min_group: Option<usize>) -> Result<Anonymity, MinGroupTooSmall> {
        match min_group {
            None => Ok(Anonymity::default()),
            Some(n) if n < LOWEST_MIN_GROUP => Err(MinGroupTooSmall(n)),
            Some(n) => Ok(Anonymity { min_group: n }),
        }
    }

    /// Whether a group of `respondents` may have its figures shown.
    pub fn visibility(&self, respondents: usize) -> Visibility {
        match respondents {
            0 => Visibility::Empty,
            n if n < self.min_group => Visibility::Hidden,
            _ => Visibility::Shown,
        }
    }

    /// Whether a group of `respondents` shows its figures.
    pub fn may_show(&self, respondents: usize) -> bool {
        self.visibility(respondents) == Visibility::Shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_under_the_minimum_are_hidden_and_empty_ones_are_empty() {
        let a = Anonymity::default();
        assert_eq!(a.visibility(0), Visibility::Empty);
        assert_eq!(a.visibility(DEFAULT_MIN_GROUP - 1), Visibility::Hidden);
        assert_eq!(a.visibility(DEFAULT_MIN_GROUP), Visibility::Shown);
        assert!(!a.may_show(0) && !a.may_show(4) && a.may_show(5));
        let seven = Anonymity::new(Some(7)).unwrap();
        assert_eq!(
            (seven.visibility(6), seven.visibility(7)),
            (Visibility::Hidden, Visibility::Shown)
        );
    }

    #[test]
    fn a_minimum_below_three_is_refused() {
        let e = Anonymity::new(Some(2)).unwrap_err();
        assert_eq!(e, MinGroupTooSmall(2));
        assert!(e.to_string().contains("use 3 or more"), "{e}");
        assert_eq!(Anonymity::new(Some(3)).unwrap().min_group, 3);
        assert_eq!(Anonymity::new(None).unwrap(), Anonymity::default());
    }
}
