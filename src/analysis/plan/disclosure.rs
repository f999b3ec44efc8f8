//! Which survey figures each period may show: the anonymity rule
//! ([`crate::analysis::privacy`]) across time, decided once for the KPI table and the
//! before/after targets.
//!
//! The KPI review's periods (satisfaction and survey targets per quarter, month or
//! week), the baseline and the comparison period (survey targets before and after) and
//! the waves the survey's breakdown shows (`file`, or the period column) are subsets of
//! the same respondents, shown beside the overall scores. They are decided together as
//! one family, so that no period, and none of the respondents outside every period, can
//! be derived from the others by subtraction, also when periods nest (quarters inside a
//! half) or cross (a wave over a quarter's end). A period is hidden whole, for every
//! figure, as a group is.
//!
//! A survey target filtered on a breakdown value (`survey.mean[dimension=D,部门=研发部]`)
//! shows its periods only when that group shows the figure in the breakdown. Its periods
//! are then decided within the group (the group's figure is the total beside them), and
//! within each period the groups targeted on the same figure are decided together (the
//! period is the total beside them), until both hold; a period hidden overall is hidden
//! for every group. A target filtered on two breakdown columns at once is never shown:
//! its groups cross, and the cells of a cross-table are beyond this rule.

use std::collections::BTreeMap;

use crate::analysis::improvement::NoData;
use crate::analysis::periods::Periods;
use crate::analysis::privacy::{Anonymity, Decision, Family, Role};
use crate::analysis::survey::{dimension_scores, GroupResult, SuppressedReason};
use crate::model::metric::MetricSpec;
use crate::model::plan::Target;
use crate::model::survey::Survey;

/// A set of respondents by time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A KPI period, by its label (`2024Q1`).
    Kpi(String),
    Baseline,
    After,
}

/// A period's respondents.
struct TimeSet {
    when: When,
    /// The name shown for it (`2024Q2`, `baseline`).
    name: String,
    mask: Vec<bool>,
}

/// A figure a period may show.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum FigureKey {
    Dimension(String),
    Item(String),
}

/// Who may be shown per period; built by [`disclose`].
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    min_group: usize,
    whens: Vec<When>,
    /// Names of the overall family's sets: the periods, then the locked waves.
    names: Vec<String>,
    /// The overall family's figures after the respondents (figure `i + 1`).
    figures: Vec<FigureKey>,
    overall: Vec<Decision>,
    /// Target name → per period, whether its value may be shown.
    targets: BTreeMap<String, Vec<Result<(), NoData>>>,
}

/// Why a period shows no satisfaction scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub reason: SuppressedReason,
    /// The periods (or waves) it protects.
    pub protects: Vec<String>,
    /// It protects the respondents outside every period too.
    pub protects_outside: bool,
}

/// What the rule is decided over.
pub struct DisclosureInputs<'a> {
    pub survey: &'a Survey,
    /// The survey's breakdown groups, as shown.
    pub groups: &'a [GroupResult],
    pub anonymity: Anonymity,
    /// The KPI periods (label, from, to in ms), empty without a KPI table.
    pub kpi: &'a [(String, i64, i64)],
    pub periods: Option<&'a Periods>,
    /// The period column, when the periods are given by one.
    pub period_column: Option<&'a str>,
    pub targets: &'a [(Target, String)],
}

impl Disclosure {
    fn index(&self, when: &When) -> Option<usize> {
        self.whens.iter().position(|w| w == when)
    }

    /// Whether a period shows dimension `name`'s score.
    pub fn shows_dimension(&self, when: &When, name: &str) -> bool {
        let key = FigureKey::Dimension(name.to_string());
        let f = self.figures.iter().position(|k| *k == key);
        self.index(when)
            .zip(f)
            .is_some_and(|(i, f)| self.overall[i].shows(f + 1))
    }

    /// Why a period shows no scores; `None` when it shows them (or has no one).
    pub fn hidden(&self, when: &When) -> Option<Hidden> {
        match &self.overall[self.index(when)?] {
            Decision::TooFew => Some(Hidden {
                reason: SuppressedReason::BelowMinimum,
                protects: Vec::new(),
                protects_outside: false,
            }),
            Decision::Protects { sets, outside } => Some(Hidden {
                reason: SuppressedReason::Protects,
                protects: sets.iter().map(|s| self.names[*s].clone()).collect(),
                protects_outside: *outside,
            }),
            _ => None,
        }
    }

    /// Whether a survey target's value in a period may be shown, or why not.
    pub fn target(&self, spec: &MetricSpec, when: &When) -> Result<(), NoData> {
        let (Some(per), Some(i)) = (self.targets.get(&spec.name()), self.index(when)) else {
            return Ok(());
        };
        per[i]
    }

    /// The reason a hidden cell gives.
    fn no_data(&self, d: &Decision, figure: usize) -> Result<(), NoData> {
        let min_group = self.min_group;
        match d {
            Decision::Empty => Ok(()),
            Decision::Shown { .. } if d.shows(figure) => Ok(()),
            Decision::Shown { .. } | Decision::TooFew => Err(NoData::Suppressed { min_group }),
            Decision::Protects { .. } | Decision::Excluded => Err(NoData::Derivable { min_group }),
        }
    }
}

/// Each period's respondents: the KPI periods by submission time, then the baseline and
/// the comparison period as assigned.
fn time_sets(inp: &DisclosureInputs) -> Vec<TimeSet> {
    let s = inp.survey;
    let mut out: Vec<TimeSet> = inp
        .kpi
        .iter()
        .map(|(label, from, to)| {
            let mask = s
                .submitted
                .iter()
                .map(|t| t.is_some_and(|t| t >= *from && t < *to))
                .collect();
            TimeSet {
                when: When::Kpi(label.clone()),
                name: label.clone(),
                mask,
            }
        })
        .collect();
    if let Some(p) = inp
        .periods
        .filter(|p| !p.baseline.respondent_mask.is_empty())
    {
        for (when, w) in [(When::Baseline, &p.baseline), (When::After, &p.after)] {
            out.push(TimeSet {
                when,
                name: w.name.clone(),
                mask: w.respondent_mask.clone(),
            });
        }
    }
    out
}

/// Respondents with a value for each figure.
fn answered(survey: &Survey, key: &FigureKey) -> Vec<bool> {
    match key {
        FigureKey::Dimension(name) => survey
            .dimensions
            .iter()
            .find(|d| &d.name == name)
            .map(|d| {
                dimension_scores(survey, d)
                    .iter()
                    .map(Option::is_some)
                    .collect()
            })
            .unwrap_or_default(),
        FigureKey::Item(code) => survey
            .items
            .iter()
            .find(|i| &i.code == code)
            .map(|i| i.values.iter().map(Option::is_some).collect())
            .unwrap_or_default(),
    }
}

/// The figure a survey target reads; `None` for one naming nothing known (the metric
/// reports that mistake).
fn target_figure(spec: &MetricSpec, survey: &Survey) -> Option<FigureKey> {
    if let Some(d) = spec.filter("dimension") {
        return survey
            .dimensions
            .iter()
            .any(|x| x.name == d)
            .then(|| FigureKey::Dimension(d.to_string()));
    }
    survey
        .item(spec.filter("item")?)
        .map(|i| FigureKey::Item(i.code.clone()))
}

/// A breakdown column's respondents with `value`.
fn group_mask(survey: &Survey, by: &str, value: &str) -> Option<Vec<bool>> {
    let (_, values) = survey.groups.iter().find(|(g, _)| g == by)?;
    Some(values.iter().map(|v| v.as_deref() == Some(value)).collect())
}

/// The waves the survey's breakdown shows: already public beside the periods.
fn locked_waves(inp: &DisclosureInputs) -> Vec<(String, Vec<bool>)> {
    inp.groups
        .iter()
        .filter(|g| !g.suppressed && (g.by == "file" || Some(g.by.as_str()) == inp.period_column))
        .filter_map(|g| {
            let mask = group_mask(inp.survey, &g.by, &g.value)?;
            Some((format!("{}: {}", g.by, g.value), mask))
        })
        .collect()
}

/// Decides every period's figures: the periods overall, then each survey target's.
pub fn disclose(inp: &DisclosureInputs) -> Disclosure {
    let times = time_sets(inp);
    let waves = locked_waves(inp);
    let mut figures: Vec<FigureKey> = inp
        .survey
        .dimensions
        .iter()
        .map(|d| FigureKey::Dimension(d.name.clone()))
        .collect();
    for (t, _) in inp.targets.iter().filter(|(t, _)| t.metric.is_survey()) {
        let unfiltered = t.metric.attribute_filters().next().is_none();
        match target_figure(&t.metric, inp.survey) {
            Some(k) if unfiltered && !figures.contains(&k) => figures.push(k),
            _ => {}
        }
    }
    let values: Vec<Vec<bool>> = figures.iter().map(|k| answered(inp.survey, k)).collect();
    let mut sets: Vec<(&[bool], Role)> = times
        .iter()
        .map(|t| (t.mask.as_slice(), Role::Open))
        .collect();
    sets.extend(waves.iter().map(|w| (&w.1[..], Role::Locked)));
    let everyone = vec![true; inp.survey.respondents];
    let value_refs: Vec<&[bool]> = values.iter().map(Vec::as_slice).collect();
    let overall = inp
        .anonymity
        .decide(&Family::from_masks(&everyone, &sets, &value_refs));
    let mut d = Disclosure {
        min_group: inp.anonymity.min_group,
        whens: times.iter().map(|t| t.when.clone()).collect(),
        names: times
            .iter()
            .map(|t| t.name.clone())
            .chain(waves.into_iter().map(|w| w.0))
            .collect(),
        figures,
        overall,
        targets: BTreeMap::new(),
    };
    d.targets = target_cells(inp, &d, &times);
    d
}

/// Per survey target, per period: may its value be shown.
fn target_cells(
    inp: &DisclosureInputs,
    d: &Disclosure,
    times: &[TimeSet],
) -> BTreeMap<String, Vec<Result<(), NoData>>> {
    let mut out = BTreeMap::new();
    let mut filtered: Vec<Targeted> = Vec::new();
    for (t, _) in inp.targets.iter().filter(|(t, _)| t.metric.is_survey()) {
        let Some(key) = target_figure(&t.metric, inp.survey) else {
            continue;
        };
        let filters: Vec<(&str, &str)> = t.metric.attribute_filters().collect();
        let cells = match filters[..] {
            [] => {
                let f = d
                    .figures
                    .iter()
                    .position(|k| *k == key)
                    .map_or(0, |f| f + 1);
                (0..times.len())
                    .map(|i| d.no_data(&d.overall[i], f))
                    .collect()
            }
            [(by, value)] => match group_in_breakdown(inp, by, value, &key, d.min_group) {
                Ok(Some(mask)) => {
                    filtered.push(Targeted {
                        name: t.metric.name(),
                        by: by.to_string(),
                        value: value.to_string(),
                        mask,
                        key,
                    });
                    continue;
                }
                Ok(None) => continue,
                Err(why) => vec![Err(why); times.len()],
            },
            _ => vec![Err(NoData::CrossedGroups); times.len()],
        };
        out.insert(t.metric.name(), cells);
    }
    out.extend(filtered_cells(inp, d, times, &filtered));
    out
}

/// The respondents of a target's filter group when the breakdown shows the target's
/// figure for it; `Ok(None)` when the target cannot be read (an unknown column or
/// value: the metric says so, or finds no one).
fn group_in_breakdown(
    inp: &DisclosureInputs,
    by: &str,
    value: &str,
    key: &FigureKey,
    min_group: usize,
) -> Result<Option<Vec<bool>>, NoData> {
    let Some(g) = inp.groups.iter().find(|g| g.by == by && g.value == value) else {
        return Ok(None);
    };
    let shows = match key {
        FigureKey::Dimension(n) => g.dimension_n.contains_key(n),
        FigureKey::Item(c) => g.item_n.contains_key(c),
    };
    match g.suppressed_reason {
        Some(SuppressedReason::Protects) => Err(NoData::Derivable { min_group }),
        Some(SuppressedReason::BelowMinimum) => Err(NoData::Suppressed { min_group }),
        None if !shows => Err(NoData::Suppressed { min_group }),
        None => Ok(group_mask(inp.survey, by, value)),
    }
}

/// A survey target filtered on one shown breakdown group.
struct Targeted {
    name: String,
    by: String,
    value: String,
    mask: Vec<bool>,
    key: FigureKey,
}

/// One breakdown value that survey targets filter on, with the figures they read.
struct FilterGroup<'a> {
    by: &'a str,
    value: &'a str,
    mask: &'a [bool],
    keys: Vec<FigureKey>,
}

/// The targets' groups, once each.
fn filter_groups(targeted: &[Targeted]) -> Vec<FilterGroup<'_>> {
    let mut groups: Vec<FilterGroup> = Vec::new();
    for t in targeted {
        match groups
            .iter_mut()
            .find(|g| g.by == t.by && g.value == t.value)
        {
            Some(g) if !g.keys.contains(&t.key) => g.keys.push(t.key.clone()),
            Some(_) => {}
            None => groups.push(FilterGroup {
                by: &t.by,
                value: &t.value,
                mask: &t.mask,
                keys: vec![t.key.clone()],
            }),
        }
    }
    groups
}

/// The cells of targets filtered on one group each: within each group its periods, and
/// within each period the groups of one column targeted on the same figure, until both
/// hold. A period hidden overall is hidden for every group.
fn filtered_cells(
    inp: &DisclosureInputs,
    d: &Disclosure,
    times: &[TimeSet],
    targeted: &[Targeted],
) -> BTreeMap<String, Vec<Result<(), NoData>>> {
    let groups = filter_groups(targeted);
    let mut cells = Cells::new(groups.len(), times.len());
    for (i, decision) in d.overall.iter().enumerate().take(times.len()) {
        if !decision.is_shown() {
            cells.hide_period(i, decision.clone());
        }
    }
    while settle(&mut cells, inp, times, &groups) {}
    targeted
        .iter()
        .map(|t| {
            let g = groups
                .iter()
                .position(|x| x.by == t.by && x.value == t.value)
                .unwrap_or(0);
            let f = groups[g]
                .keys
                .iter()
                .position(|k| *k == t.key)
                .map_or(0, |f| f + 1);
            let per = (0..times.len())
                .map(|i| cells.verdict(d, g, i, f))
                .collect();
            (t.name.clone(), per)
        })
        .collect()
}

/// One round: every group within itself, then every period per column and figure;
/// whether a cell was newly hidden.
fn settle(
    cells: &mut Cells,
    inp: &DisclosureInputs,
    times: &[TimeSet],
    groups: &[FilterGroup],
) -> bool {
    let mut changed = false;
    for (g, group) in groups.iter().enumerate() {
        changed |= cells.within_group(inp, times, g, group.mask, &group.keys);
    }
    let mut columns: Vec<(&str, &FigureKey)> = Vec::new();
    for g in groups {
        for key in &g.keys {
            if !columns.contains(&(g.by, key)) {
                columns.push((g.by, key));
            }
        }
    }
    for (by, key) in columns {
        let members: Vec<(usize, &[bool])> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.by == by && g.keys.contains(key))
            .map(|(i, g)| (i, g.mask))
            .collect();
        changed |= cells.within_periods(inp, times, &members, key);
    }
    changed
}

/// The decisions of filtered targets' cells (group × period).
struct Cells {
    /// Cells hidden, with why.
    hidden: BTreeMap<(usize, usize), Decision>,
    /// Each group's last decision within it, per period (figures as the group's).
    within: Vec<Vec<Decision>>,
}

impl Cells {
    fn new(groups: usize, periods: usize) -> Cells {
        Cells {
            hidden: BTreeMap::new(),
            within: vec![vec![Decision::Empty; periods]; groups],
        }
    }

    /// A period hidden overall hides every group's cell in it.
    fn hide_period(&mut self, period: usize, why: Decision) {
        for g in 0..self.within.len() {
            self.hidden.insert((g, period), why.clone());
        }
    }

    fn role(&self, g: usize, period: usize) -> Role {
        if self.hidden.contains_key(&(g, period)) {
            Role::Excluded
        } else {
            Role::Open
        }
    }

    /// Records the cells a family newly hides; whether there were any.
    fn record(&mut self, cells: &[(usize, usize)], decisions: &[Decision]) -> bool {
        let mut changed = false;
        for (cell, d) in cells.iter().zip(decisions) {
            if !d.is_shown() && !matches!(d, Decision::Empty | Decision::Excluded) {
                changed |= self.hidden.insert(*cell, d.clone()).is_none();
            }
        }
        changed
    }

    /// One group's periods, beside the group's figures.
    fn within_group(
        &mut self,
        inp: &DisclosureInputs,
        times: &[TimeSet],
        g: usize,
        mask: &[bool],
        keys: &[FigureKey],
    ) -> bool {
        let values: Vec<Vec<bool>> = keys.iter().map(|k| answered(inp.survey, k)).collect();
        let refs: Vec<&[bool]> = values.iter().map(Vec::as_slice).collect();
        let sets: Vec<(&[bool], Role)> = times
            .iter()
            .enumerate()
            .map(|(i, t)| (t.mask.as_slice(), self.role(g, i)))
            .collect();
        let decisions = inp
            .anonymity
            .decide(&Family::from_masks(mask, &sets, &refs));
        let cells: Vec<(usize, usize)> = (0..times.len()).map(|i| (g, i)).collect();
        self.within[g] = decisions.clone();
        self.record(&cells, &decisions)
    }

    /// In each period, the groups targeted on one figure, beside the period's figure.
    fn within_periods(
        &mut self,
        inp: &DisclosureInputs,
        times: &[TimeSet],
        members: &[(usize, &[bool])],
        key: &FigureKey,
    ) -> bool {
        let values = answered(inp.survey, key);
        let mut changed = false;
        for (i, t) in times.iter().enumerate() {
            let sets: Vec<(&[bool], Role)> = members
                .iter()
                .map(|(g, m)| (*m, self.role(*g, i)))
                .collect();
            let decisions = inp
                .anonymity
                .decide(&Family::from_masks(&t.mask, &sets, &[&values]));
            let cells: Vec<(usize, usize)> = members.iter().map(|(g, _)| (*g, i)).collect();
            changed |= self.record(&cells, &decisions);
        }
        changed
    }

    /// Whether group `g`'s figure `f` may be shown in period `i`.
    fn verdict(&self, d: &Disclosure, g: usize, i: usize, f: usize) -> Result<(), NoData> {
        match self.hidden.get(&(g, i)) {
            Some(why) => d.no_data(why, f),
            None => d.no_data(&self.within[g][i], f),
        }
    }
}
