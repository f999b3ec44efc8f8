//! Who may be shown: the one anonymity rule. Every output path that shows figures of a
//! group of respondents (a breakdown's value, a wave, a period's respondents, a target's
//! filtered sample) asks this module, and nothing else decides it.
//!
//! The rule, with `min` the minimum group size (default 5, never below 3):
//!
//! 1. **Small groups**: a group with fewer than `min` respondents shows its count at
//!    most, never a score ([`Anonymity::visibility`]).
//! 2. **Small figures**: a figure of a shown group (a dimension's score, an item's mean)
//!    that rests on fewer than `min` answers is left out of that group; its other
//!    figures stay (people skip questions, so each figure has its own n).
//! 3. **No subtraction**: beside the total, the shown groups must not let anyone compute
//!    a hidden group by difference. For each figure, the respondents with a value who
//!    are in no shown group — total n − Σ shown groups' n, so respondents with no value
//!    in the breakdown column count too — must number 0 or at least `min`. When they do
//!    not, the smallest shown group (by the n behind that figure) is hidden as well,
//!    and the next, until the rule holds for every figure; each such group records whom
//!    it protects. When every group ends up hidden, so be it; when the total itself is
//!    under the minimum, no group shows anything.
//!
//! A group is hidden **whole** by rule 3, never figure by figure: a dimension's score is
//! the mean of its items, so a group that showed a dimension and all but one of its
//! items would give the last item away (for respondents who answered them all), and
//! with it the hidden group the suppression meant to protect.
//!
//! Sets that overlap (quarters inside a before/after split, waves beside quarters) are
//! handled by the same rule on their **atoms**, the pieces the sets cut the total into
//! ([`Family`]): every block of respondents that the shown sets separate from the rest
//! must number 0 or at least `min`. One breakdown is the simple case: each group is an
//! atom, and the respondents in no group form one more ([`Anonymity::breakdown`]).

use std::collections::BTreeMap;

use serde::Serialize;

/// The minimum group size when none is given.
pub const DEFAULT_MIN_GROUP: usize = 5;

/// No minimum below this is accepted: two respondents' mean reveals each answer to
/// either of them.
pub const LOWEST_MIN_GROUP: usize = 3;

/// Whether a group's figures may be shown, by its size alone.
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

/// How a [`Family`] treats one of its sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Shown when the rule allows it.
    Open,
    /// Already shown by its own breakdown: a reader can subtract it, but it is never
    /// hidden here.
    Locked,
    /// Already hidden elsewhere: shows nothing here.
    Excluded,
}

/// One set of respondents a family may show: the atoms it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub atoms: Vec<usize>,
    pub role: Role,
}

/// Sets of respondents shown beside one total (whose figures are shown anyway), cut
/// into atoms: the respondents who belong to exactly the same sets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Family {
    /// `figures[f][a]`: the respondents of atom `a` behind figure `f` (those with a
    /// value). Figure 0 counts the respondents themselves.
    pub figures: Vec<Vec<usize>>,
    pub sets: Vec<Set>,
}

/// One figure of one breakdown: the n behind it in the total shown beside the groups,
/// and in each group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureSizes {
    pub total: usize,
    pub groups: Vec<usize>,
}

/// What the rule decides for one set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Shown; the figures (indices into [`Family::figures`]) that rest on fewer answers
    /// than the minimum are left out of it.
    Shown { too_few: Vec<usize> },
    /// No respondents.
    Empty,
    /// Fewer respondents than the minimum (rule 1).
    TooFew,
    /// Hidden so that these sets (indices), and with `outside` the respondents in no
    /// set, cannot be derived by subtraction (rule 3).
    Protects { sets: Vec<usize>, outside: bool },
    /// Hidden elsewhere ([`Role::Excluded`]).
    Excluded,
}

impl Decision {
    /// Whether the set shows figure `f`.
    pub fn shows(&self, f: usize) -> bool {
        matches!(self, Decision::Shown { too_few } if !too_few.contains(&f))
    }

    /// Whether the set shows its figures at all.
    pub fn is_shown(&self) -> bool {
        matches!(self, Decision::Shown { .. })
    }
}

impl Family {
    /// One breakdown: each group is an atom, and the respondents in no group (total −
    /// Σ groups, per figure) are one more. `figures[0]` counts respondents.
    pub fn breakdown(figures: &[FigureSizes]) -> Family {
        let groups = figures.first().map_or(0, |f| f.groups.len());
        Family {
            figures: figures
                .iter()
                .map(|f| {
                    let mut atoms = f.groups.clone();
                    atoms.push(f.total.saturating_sub(f.groups.iter().sum()));
                    atoms
                })
                .collect(),
            sets: (0..groups)
                .map(|i| Set {
                    atoms: vec![i],
                    role: Role::Open,
                })
                .collect(),
        }
    }

    /// The family of `sets` (respondent masks with their roles) beside the total
    /// `within`; `values[k]` marks the respondents with a value for figure `k + 1`.
    pub fn from_masks(within: &[bool], sets: &[(&[bool], Role)], values: &[&[bool]]) -> Family {
        let at = |m: &[bool], r: usize| m.get(r).copied().unwrap_or(false);
        let mut atom_of: BTreeMap<Vec<bool>, usize> = BTreeMap::new();
        let mut figures: Vec<Vec<usize>> = vec![Vec::new(); values.len() + 1];
        for r in (0..within.len()).filter(|&r| within[r]) {
            let signature: Vec<bool> = sets.iter().map(|(m, _)| at(m, r)).collect();
            let next = atom_of.len();
            let a = *atom_of.entry(signature).or_insert(next);
            for (f, counts) in figures.iter_mut().enumerate() {
                if counts.len() <= a {
                    counts.resize(a + 1, 0);
                }
                counts[a] += usize::from(f == 0 || at(values[f - 1], r));
            }
        }
        let sets = sets
            .iter()
            .enumerate()
            .map(|(i, (_, role))| Set {
                atoms: atom_of
                    .iter()
                    .filter(|(sig, _)| sig[i])
                    .map(|(_, a)| *a)
                    .collect(),
                role: *role,
            })
            .collect();
        Family { figures, sets }
    }

    /// The n behind figure `f` in set `s`.
    fn size(&self, f: usize, s: usize) -> usize {
        self.sets[s].atoms.iter().map(|a| self.figures[f][*a]).sum()
    }

    fn atoms(&self) -> usize {
        self.figures.first().map_or(0, Vec::len)
    }

    /// Whether atom `a` belongs to set `s`.
    fn holds(&self, s: usize, a: usize) -> bool {
        self.sets[s].atoms.contains(&a)
    }

    /// The blocks the `shown` sets cut the atoms into: atoms keyed by the shown sets
    /// that hold them.
    fn blocks(&self, shown: &[usize]) -> BTreeMap<Vec<usize>, Vec<usize>> {
        let mut blocks: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
        for a in 0..self.atoms() {
            let key: Vec<usize> = shown
                .iter()
                .copied()
                .filter(|&s| self.holds(s, a))
                .collect();
            blocks.entry(key).or_default().push(a);
        }
        blocks
    }
}

/// A block of respondents that subtraction isolates for one figure.
struct Leak<'a> {
    figure: usize,
    key: &'a [usize],
    atoms: &'a [usize],
}

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

    /// Whether a group of `respondents` may have its figures shown, by its size alone
    /// (rule 1; [`Anonymity::breakdown`] adds rules 2 and 3).
    pub fn visibility(&self, respondents: usize) -> Visibility {
        match respondents {
            0 => Visibility::Empty,
            n if n < self.min_group => Visibility::Hidden,
            _ => Visibility::Shown,
        }
    }

    /// Whether a group of `respondents` shows its figures, by its size alone.
    pub fn may_show(&self, respondents: usize) -> bool {
        self.visibility(respondents) == Visibility::Shown
    }

    /// Which groups of one breakdown are shown, given per figure the n of the total
    /// beside them and of each group (`figures[0]`: respondents).
    pub fn breakdown(&self, figures: &[FigureSizes]) -> Vec<Decision> {
        self.decide(&Family::breakdown(figures))
    }

    /// Which sets of a family are shown: rules 1 and 2 first, then rule 3 hides one set
    /// at a time until no figure's block of unshown respondents is under the minimum.
    pub fn decide(&self, family: &Family) -> Vec<Decision> {
        let mut out: Vec<Decision> = (0..family.sets.len())
            .map(|s| self.first_look(family, s))
            .collect();
        while let Some((set, why)) = self.next_hidden(family, &out) {
            out[set] = why;
        }
        out
    }

    /// Rules 1 and 2 for one set.
    fn first_look(&self, family: &Family, s: usize) -> Decision {
        let visibility = match family.sets[s].role {
            Role::Excluded => return Decision::Excluded,
            Role::Locked => Visibility::Shown,
            Role::Open => self.visibility(family.size(0, s)),
        };
        match visibility {
            Visibility::Empty => Decision::Empty,
            Visibility::Hidden => Decision::TooFew,
            Visibility::Shown => Decision::Shown {
                too_few: (1..family.figures.len())
                    .filter(|&f| self.visibility(family.size(f, s)) == Visibility::Hidden)
                    .collect(),
            },
        }
    }

    /// The next set rule 3 hides, and whom it protects.
    fn next_hidden(&self, family: &Family, out: &[Decision]) -> Option<(usize, Decision)> {
        (0..family.figures.len()).find_map(|f| {
            let shown: Vec<usize> = (0..out.len()).filter(|&s| out[s].shows(f)).collect();
            let blocks = family.blocks(&shown);
            blocks.iter().find_map(|(key, atoms)| {
                let leak = Leak {
                    figure: f,
                    key,
                    atoms,
                };
                let n: usize = atoms.iter().map(|a| family.figures[f][*a]).sum();
                if self.visibility(n) != Visibility::Hidden {
                    return None;
                }
                let set = victim(family, &blocks, &leak)?;
                Some((set, protection(family, out, &leak)))
            })
        })
    }
}

/// The open set to hide for a leak. The block merges with another block of
/// respondents once every set that tells them apart is hidden; of the blocks that only
/// open sets tell apart, the one needing the fewest sets hidden is chosen, and of those
/// sets the smallest (by the leak's figure) goes first. In one breakdown this is the
/// smallest shown group. `None` when only locked sets tell the block apart.
fn victim(
    family: &Family,
    blocks: &BTreeMap<Vec<usize>, Vec<usize>>,
    leak: &Leak,
) -> Option<usize> {
    let f = leak.figure;
    let people = |atoms: &[usize]| atoms.iter().map(|a| family.figures[f][*a]).sum::<usize>();
    blocks
        .iter()
        .filter(|(key, atoms)| key.as_slice() != leak.key && people(atoms) > 0)
        .filter_map(|(key, _)| {
            let apart: Vec<usize> = key
                .iter()
                .filter(|s| !leak.key.contains(s))
                .chain(leak.key.iter().filter(|s| !key.contains(s)))
                .copied()
                .collect();
            if apart.iter().any(|&s| family.sets[s].role != Role::Open) {
                return None;
            }
            let first = apart
                .iter()
                .copied()
                .min_by_key(|&s| (family.size(f, s), s))?;
            Some((apart.len(), family.size(f, first), first))
        })
        .min()
        .map(|(_, _, s)| s)
}

/// Whom hiding a set for `leak` protects: the unshown sets with respondents in the
/// block (those hidden for their size first), and whether respondents in no set (but
/// the locked ones) are among them.
fn protection(family: &Family, out: &[Decision], leak: &Leak) -> Decision {
    let f = leak.figure;
    let inside = |s: usize| {
        leak.atoms
            .iter()
            .any(|a| family.figures[f][*a] > 0 && family.holds(s, *a))
    };
    let unshown: Vec<usize> = (0..out.len())
        .filter(|&s| !out[s].shows(f) && inside(s))
        .collect();
    let small: Vec<usize> = unshown
        .iter()
        .copied()
        .filter(|&s| matches!(out[s], Decision::TooFew | Decision::Shown { .. }))
        .collect();
    // Respondents in no set that could be shown here (locked sets are shown anyway).
    let outside = leak.atoms.iter().any(|a| {
        family.figures[f][*a] > 0
            && !(0..family.sets.len())
                .any(|s| family.sets[s].role != Role::Locked && family.holds(s, *a))
    });
    Decision::Protects {
        sets: if small.is_empty() { unshown } else { small },
        outside,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(total: usize, groups: &[usize]) -> FigureSizes {
        FigureSizes {
            total,
            groups: groups.to_vec(),
        }
    }

    fn shown() -> Decision {
        Decision::Shown {
            too_few: Vec::new(),
        }
    }

    fn protects(sets: &[usize]) -> Decision {
        Decision::Protects {
            sets: sets.to_vec(),
            outside: false,
        }
    }

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

    #[test]
    fn one_hidden_group_takes_the_next_smallest_with_it() {
        // 研发部 12, 测试部 6, 法务部 3; total 21. 法务部 < 5 is hidden; the remainder
        // 21 − 12 − 6 = 3 would be 法务部 exactly, so the smallest shown group, 测试部
        // (6), is hidden too; the remainder is then 3 + 6 = 9 ≥ 5.
        let d = Anonymity::default().breakdown(&[sizes(21, &[12, 6, 3])]);
        assert_eq!(d, vec![shown(), protects(&[2]), Decision::TooFew]);
    }

    #[test]
    fn two_hidden_groups_under_the_minimum_together_take_a_third() {
        // A 10, B 8, C 2, D 2; total 22. C and D are hidden (2 < 5); together they are
        // 4 < 5, so the smallest shown group, B (8), goes too: remainder 2 + 2 + 8 = 12.
        let d = Anonymity::default().breakdown(&[sizes(22, &[10, 8, 2, 2])]);
        assert_eq!(
            d,
            vec![
                shown(),
                protects(&[2, 3]),
                Decision::TooFew,
                Decision::TooFew
            ]
        );
    }

    #[test]
    fn a_hidden_remainder_of_exactly_the_minimum_needs_no_more() {
        // A 10, B 3, C 2; total 15. B and C are hidden; 15 − 10 = 5 = the minimum.
        let d = Anonymity::default().breakdown(&[sizes(15, &[10, 3, 2])]);
        assert_eq!(d, vec![shown(), Decision::TooFew, Decision::TooFew]);
    }

    #[test]
    fn respondents_with_no_value_in_the_column_count_in_the_remainder() {
        // A 6, B 5, and one respondent with no department; total 12. Every group is
        // big enough, but 12 − 6 − 5 = 1 would be that respondent: B (5) is hidden,
        // leaving 6 unshown.
        let d = Anonymity::default().breakdown(&[sizes(12, &[6, 5])]);
        assert_eq!(
            d,
            vec![
                shown(),
                Decision::Protects {
                    sets: Vec::new(),
                    outside: true
                }
            ]
        );
        // With 5 such respondents nothing more is hidden: 16 − 6 − 5 = 5.
        let d = Anonymity::default().breakdown(&[sizes(16, &[6, 5])]);
        assert_eq!(d, vec![shown(), shown()]);
    }

    #[test]
    fn skipped_questions_give_each_figure_its_own_n() {
        // Respondents: A 10, B 8, C 6; total 24, nothing hidden by size.
        // Dimension X (4 of C skipped it): A 10, B 8, C 2; total 20. C's X rests on 2
        // answers, so C leaves X out (rule 2); the X remainder is then C's 2 → B, the
        // smallest shown group with X (8), is hidden whole: X remainder 2 + 8 = 10,
        // respondents' remainder 8.
        // Dimension Y (everyone): A 10, B 8, C 6: no remainder.
        let d = Anonymity::default().breakdown(&[
            sizes(24, &[10, 8, 6]),
            sizes(20, &[10, 8, 2]),
            sizes(24, &[10, 8, 6]),
        ]);
        assert_eq!(
            d,
            vec![
                shown(),
                protects(&[2]),
                Decision::Shown { too_few: vec![1] }
            ]
        );
    }

    #[test]
    fn a_total_under_the_minimum_shows_no_group() {
        let d = Anonymity::default().breakdown(&[sizes(4, &[3, 1])]);
        assert_eq!(d, vec![Decision::TooFew, Decision::TooFew]);
        // A figure under the minimum overall is left out of every group.
        let d = Anonymity::default().breakdown(&[sizes(12, &[6, 6]), sizes(3, &[2, 1])]);
        assert_eq!(
            d,
            vec![
                Decision::Shown { too_few: vec![1] },
                Decision::Shown { too_few: vec![1] }
            ]
        );
    }

    #[test]
    fn ties_go_to_the_first_group_and_every_group_may_end_up_hidden() {
        // A 5, B 5, C 4; total 14: C is hidden; 14 − 5 − 5 = 4 → one of the two
        // smallest (5 each) goes, the first: A. The remainder is then 9.
        let d = Anonymity::default().breakdown(&[sizes(14, &[5, 5, 4])]);
        assert_eq!(d, vec![protects(&[2]), shown(), Decision::TooFew]);
        // A 5, B 4; total 9: B is hidden, and 9 − 5 = 4 would be B: A goes too.
        let d = Anonymity::default().breakdown(&[sizes(9, &[5, 4])]);
        assert_eq!(d, vec![protects(&[1]), Decision::TooFew]);
    }

    #[test]
    fn nested_periods_do_not_reveal_each_other() {
        // Respondents: 100 in Q1, 3 in Q2, 50 in Q3; the baseline is Q1 + Q2 (103), the
        // comparison period Q3 (50). Q2 is hidden (3 < 5), but baseline − Q1 = Q2: the
        // smallest open set that merges Q2's 3 with others is Q1 (100 < 103), so Q1 is
        // hidden and the baseline stays.
        let mut within = vec![true; 153];
        within.push(false);
        let q1: Vec<bool> = (0..154).map(|r| r < 100).collect();
        let q2: Vec<bool> = (0..154).map(|r| (100..103).contains(&r)).collect();
        let q3: Vec<bool> = (0..154).map(|r| (103..153).contains(&r)).collect();
        let base: Vec<bool> = (0..154).map(|r| r < 103).collect();
        let sets = [
            (&q1[..], Role::Open),
            (&q2[..], Role::Open),
            (&q3[..], Role::Open),
            (&base[..], Role::Open),
            (&q3[..], Role::Locked),
        ];
        let family = Family::from_masks(&within, &sets, &[]);
        let d = Anonymity::default().decide(&family);
        assert_eq!(
            d,
            vec![protects(&[1]), Decision::TooFew, shown(), shown(), shown()]
        );
    }
    #[test]
    fn sets_with_the_same_respondents_go_together() {
        // 10 respondents: Q2 and the baseline are the first 3, Q3 and the comparison
        // period the other 7. Q2 and the baseline are hidden (3 < 5); 10 − 7 = 3 → Q3
        // goes (7, first of the two equal sets), and then, as the comparison period
        // alone still leaves the 3, the comparison period too.
        let first: Vec<bool> = (0..10).map(|r| r < 3).collect();
        let rest: Vec<bool> = (0..10).map(|r| r >= 3).collect();
        let sets = [
            (&first[..], Role::Open),
            (&first[..], Role::Open),
            (&rest[..], Role::Open),
            (&rest[..], Role::Open),
        ];
        let family = Family::from_masks(&[true; 10], &sets, &[]);
        let d = Anonymity::default().decide(&family);
        assert_eq!(
            d,
            vec![
                Decision::TooFew,
                Decision::TooFew,
                protects(&[0, 1]),
                protects(&[0, 1])
            ]
        );
    }
}
