//! Recognising columns by their headers: the roles a task log needs, their synonyms in
//! Chinese and English (including XES, Disco/Celonis and ticket-system names), and
//! `--map ROLE=HEADER` overrides.

use std::collections::BTreeMap;
use std::fmt;

/// What a column means to procdiag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Case,
    Stage,
    Department,
    Owner,
    Start,
    End,
    Timestamp,
    Status,
    Lifecycle,
    /// Planned end (计划完成时间, due date): for on-time rates and schedule slip.
    Planned,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Case,
        Role::Stage,
        Role::Department,
        Role::Owner,
        Role::Start,
        Role::End,
        Role::Timestamp,
        Role::Status,
        Role::Lifecycle,
        Role::Planned,
    ];

    /// The role's name as used by `--map` and in the JSON `columns` object.
    pub fn name(self) -> &'static str {
        match self {
            Role::Case => "case",
            Role::Stage => "stage",
            Role::Department => "department",
            Role::Owner => "owner",
            Role::Start => "start",
            Role::End => "end",
            Role::Timestamp => "timestamp",
            Role::Status => "status",
            Role::Lifecycle => "lifecycle",
            Role::Planned => "planned",
        }
    }

    /// Parses a role name (English, or the Chinese word users write).
    pub fn parse(s: &str) -> Option<Role> {
        let n = normalize(s);
        Role::ALL.into_iter().find(|r| {
            r.name() == n
                || matches!(
                    (r, n.as_str()),
                    (Role::Case, "id" | "caseid" | "案例" | "工单")
                        | (Role::Stage, "activity" | "环节" | "阶段")
                        | (Role::Department, "dept" | "部门")
                        | (Role::Owner, "resource" | "负责人")
                        | (Role::Start, "开始")
                        | (Role::End, "complete" | "完成")
                        | (Role::Timestamp, "time" | "时间")
                        | (Role::Status, "状态")
                        | (
                            Role::Planned,
                            "due" | "plannedend" | "计划" | "计划完成时间"
                        )
                )
        })
    }

    /// Header synonyms, most specific first; compared after [`normalize`].
    #[allow(clippy::too_many_lines)] // a data table: the synonyms of each role
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Case => &[
                "case:concept:name",
                "caseid",
                "case",
                "caseconceptname",
                "工单号",
                "工单编号",
                "单号",
                "项目编号",
                "需求编号",
                "需求单号",
                "案件编号",
                "案例编号",
                "流程编号",
                "申请编号",
                "订单号",
                "issuekey",
                "ticketid",
                "ticket",
                "incidentid",
                "number",
                "编号",
                "id",
            ],
            Role::Stage => &[
                "concept:name",
                "activity",
                "activityname",
                "stage",
                "step",
                "task",
                "taskname",
                "环节",
                "节点",
                "步骤",
                "阶段",
                "任务",
                "任务名称",
                "活动",
                "环节名称",
                "节点名称",
                "event",
            ],
            Role::Department => &[
                "org:group",
                "department",
                "dept",
                "部门",
                "责任部门",
                "处理部门",
                "所属部门",
                "assignmentgroup",
                "group",
                "team",
                "role",
                "org:role",
                "case:department",
            ],
            Role::Owner => &[
                "org:resource",
                "resource",
                "owner",
                "assignee",
                "assignedto",
                "负责人",
                "处理人",
                "经办人",
                "执行人",
                "责任人",
                "user",
            ],
            Role::Start => &[
                "start_timestamp",
                "starttimestamp",
                "starttime",
                "start",
                "startdate",
                "started",
                "开始时间",
                "接收时间",
                "开始日期",
                "实际开始时间",
                "开始",
            ],
            Role::End => &[
                "completetimestamp",
                "endtimestamp",
                "endtime",
                "end",
                "enddate",
                "completetime",
                "completed",
                "finishtime",
                "完成时间",
                "结束时间",
                "办结时间",
                "实际完成时间",
                "完成日期",
                "结束日期",
                "完成",
            ],
            Role::Timestamp => &[
                "time:timestamp",
                "timestamp",
                "eventtime",
                "datetime",
                "time",
                "date",
                "时间",
                "日期",
                "发生时间",
                "操作时间",
                "changed",
                "sysupdatedat",
            ],
            Role::Status => &[
                "status",
                "状态",
                "处理状态",
                "任务状态",
                "incidentstate",
                "tostatus",
                "newstatus",
                "新状态",
                "state",
            ],
            Role::Lifecycle => &[
                "lifecycle:transition",
                "lifecycle",
                "transition",
                "eventtype",
                "事件类型",
                "生命周期",
            ],
            Role::Planned => &[
                "plannedend",
                "plannedfinish",
                "plannedenddate",
                "plannedcompletion",
                "duedate",
                "due",
                "deadline",
                "targetdate",
                "计划完成时间",
                "计划完成日期",
                "计划结束时间",
                "计划完成",
                "要求完成时间",
                "截止时间",
                "截止日期",
            ],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Lower-cases and drops spaces, underscores, hyphens and full-width spaces, except in
/// XES-style names (with a colon) where only case and outer spaces change.
pub fn normalize(header: &str) -> String {
    let t = header.trim().to_lowercase();
    if t.contains(':') {
        return t;
    }
    t.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}' | '\t'))
        .collect()
}

/// The headers chosen for each role.
pub type Mapping = BTreeMap<Role, String>;

/// Finds a header for every role it can: explicit `overrides` first, then synonyms in
/// priority order. A header is used for one role only.
pub fn detect(headers: &[String], overrides: &[(Role, String)]) -> Mapping {
    let mut mapping = Mapping::new();
    let mut used: Vec<&str> = Vec::new();
    for (role, header) in overrides {
        mapping.insert(*role, header.clone());
        used.push(header.as_str());
    }
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    for role in Role::ALL {
        if mapping.contains_key(&role) {
            continue;
        }
        let found = role.synonyms().iter().find_map(|syn| {
            normalized
                .iter()
                .zip(headers)
                .find(|(n, h)| n.as_str() == *syn && !used.contains(&h.as_str()))
                .map(|(_, h)| h)
        });
        if let Some(h) = found {
            used.push(h.as_str());
            mapping.insert(role, h.clone());
        }
    }
    mapping
}

/// How a missing role is named in error messages.
pub fn role_words(role: Role) -> &'static str {
    match role {
        Role::Case => "case id (工单号 / case:concept:name / Case ID)",
        Role::Stage => "stage (环节 / concept:name / Activity)",
        Role::Timestamp => {
            "time (开始时间+完成时间, Start/Complete Timestamp, or one time:timestamp)"
        }
        other => other.name(),
    }
}

/// How many roles the headers fill (used to find the header row and the sheet).
pub fn score(headers: &[String]) -> usize {
    detect(headers, &[]).len()
}

/// Headers most similar to the role's synonyms, best first (for error messages).
pub fn closest(headers: &[String], role: Role, n: usize) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = headers
        .iter()
        .map(|h| {
            let nh = normalize(h);
            let score = role
                .synonyms()
                .iter()
                .map(|s| {
                    let sim = strsim::normalized_levenshtein(&nh, s);
                    if nh.contains(*s) || s.contains(nh.as_str()) {
                        sim.max(0.6)
                    } else {
                        sim
                    }
                })
                .fold(0.0, f64::max);
            (score, h)
        })
        .filter(|(s, _)| *s >= 0.3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, h)| h.clone()).collect()
}

/// A hint for the missing role: the headers that exist and the closest matches.
pub fn missing_role_hint(headers: &[String], role: Role) -> String {
    let close = closest(headers, role, 3);
    let names = |v: &[String]| {
        v.iter()
            .map(|h| format!("'{h}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut s = format!("The columns are: {}.", names(headers));
    if !close.is_empty() {
        s.push_str(&format!(" Closest: {}.", names(&close)));
    }
    s.push_str(&format!(
        " Name the column with --map {}=HEADER (for example --map {}=\"{}\").",
        role.name(),
        role.name(),
        close.first().map(String::as_str).unwrap_or("…")
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn xes_headers_are_recognised() {
        let m = detect(
            &h(&[
                "case:concept:name",
                "concept:name",
                "time:timestamp",
                "org:resource",
                "org:group",
                "case:startdate",
            ]),
            &[],
        );
        assert_eq!(m[&Role::Case], "case:concept:name");
        assert_eq!(m[&Role::Stage], "concept:name");
        assert_eq!(m[&Role::Timestamp], "time:timestamp");
        assert_eq!(m[&Role::Owner], "org:resource");
        assert_eq!(m[&Role::Department], "org:group");
        assert!(
            !m.contains_key(&Role::Start),
            "case:startdate is not an event start"
        );
    }

    #[test]
    fn chinese_and_disco_headers_are_recognised() {
        let m = detect(
            &h(&[
                "工单号",
                "环节",
                "责任部门",
                "处理人",
                "开始时间",
                "完成时间",
                "状态",
            ]),
            &[],
        );
        assert_eq!(m[&Role::Case], "工单号");
        assert_eq!(m[&Role::Department], "责任部门");
        assert_eq!(m[&Role::End], "完成时间");
        assert_eq!(m[&Role::Status], "状态");
        let m = detect(
            &h(&[
                "Case ID",
                "Activity",
                "Resource",
                "Start Timestamp",
                "Complete Timestamp",
            ]),
            &[],
        );
        assert_eq!(m[&Role::Case], "Case ID");
        assert_eq!(m[&Role::Start], "Start Timestamp");
        assert_eq!(m[&Role::End], "Complete Timestamp");
    }

    #[test]
    fn overrides_win_and_are_not_reused() {
        let m = detect(
            &h(&["Activity", "Step", "Case"]),
            &[(Role::Stage, "Step".to_string())],
        );
        assert_eq!(m[&Role::Stage], "Step");
        assert_eq!(m[&Role::Case], "Case");
    }

    #[test]
    fn missing_role_hint_names_close_headers() {
        let hint = missing_role_hint(&h(&["Ticket No", "Phase", "When"]), Role::Case);
        assert!(hint.contains("'Ticket No'"), "{hint}");
        assert!(hint.contains("--map case="), "{hint}");
    }

    #[test]
    fn role_names_parse_in_both_languages() {
        assert_eq!(Role::parse("Case"), Some(Role::Case));
        assert_eq!(Role::parse("环节"), Some(Role::Stage));
        assert_eq!(Role::parse("nonsense"), None);
    }
}
