//! View model of the ownership and workload section: stages done by several
//! departments or passed between owners, events without owner or department, and the
//! workload of each department and of the busiest owners. Words are built here from
//! the figures; the template escapes every value.

use serde::Serialize;

use super::format::{count, pct};
use crate::analysis::ownership::{Load, Ownership, Workload};
use crate::words::Lang;

/// Owners the report lists (the JSON has all).
const OWNERS_SHOWN: usize = 15;

#[derive(Debug, Serialize)]
pub struct StageRow {
    pub stage: String,
    pub departments: String,
    pub over_limit: String,
    pub max_changes: String,
}

#[derive(Debug, Serialize)]
pub struct LoadRow {
    pub name: String,
    pub events: String,
    pub cases: String,
    pub events_per_month: String,
    pub cases_per_month: String,
    pub max_open: String,
}

#[derive(Debug, Serialize)]
pub struct OwnershipView {
    pub stages: Vec<StageRow>,
    pub note: String,
    pub departments: Vec<LoadRow>,
    pub owners: Vec<LoadRow>,
    pub owners_note: Option<String>,
}

fn load_row(l: &Load) -> LoadRow {
    let months = l.months.len().max(1) as f64;
    let per = |x: usize| format!("{:.1}", x as f64 / months);
    LoadRow {
        name: l.name.clone(),
        events: count(l.events),
        cases: count(l.cases),
        events_per_month: per(l.events),
        cases_per_month: per(l.months.iter().map(|m| m.cases).sum()),
        max_open: count(l.max_open_cases),
    }
}

fn note(o: &Ownership, lang: Lang) -> String {
    let (owner, dept) = (
        count(o.events_without_owner),
        count(o.events_without_department),
    );
    let limit = o.owner_change_limit;
    match lang {
        Lang::En => format!(
            "Listed: stages done by more than one department, or whose owner changed more \
             than {limit} times within the stage in a case ([diagnosis] owner_changes). \
             Events without an owner: {owner}; without a department: {dept}."
        ),
        Lang::Zh => format!(
            "列出：由多个部门执行的环节，或某案例在该环节内处理人变更超过 {limit} 次的环节（[diagnosis] owner_changes）。\
             没有处理人的事件：{owner} 个；没有部门的事件：{dept} 个。"
        ),
    }
}

/// Builds the view.
pub fn ownership_view(o: &Ownership, w: &Workload, lang: Lang) -> OwnershipView {
    let stages = o
        .stages
        .iter()
        .filter(|s| s.departments.len() > 1 || s.cases_over_limit > 0)
        .map(|s| StageRow {
            stage: s.stage.clone(),
            departments: s
                .departments
                .iter()
                .map(|d| format!("{} {}", d.department, pct(d.share)))
                .collect::<Vec<_>>()
                .join(lang.pick(", ", "，")),
            over_limit: count(s.cases_over_limit),
            max_changes: count(s.max_owner_changes),
        })
        .collect();
    let more = w.owners.len().saturating_sub(OWNERS_SHOWN);
    OwnershipView {
        stages,
        note: note(o, lang),
        departments: w.departments.iter().map(load_row).collect(),
        owners: w.owners.iter().take(OWNERS_SHOWN).map(load_row).collect(),
        owners_note: (more > 0).then(|| match lang {
            Lang::En => format!("The {OWNERS_SHOWN} busiest owners; {more} more in the JSON."),
            Lang::Zh => format!("事件最多的 {OWNERS_SHOWN} 名处理人；另有 {more} 名见 JSON。"),
        }),
    }
}
