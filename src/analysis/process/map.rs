//! What the swimlane process map shows (contract `process_map`): the most frequent paths
//! (variants) up to a coverage of the cases, and for them each node (a stage in the lane
//! of the department that performed it) and each directly-follows edge between nodes
//! with the figures drawn on it. Layout and drawing are the report's
//! (`report/charts/process_map.rs`).
//!
//! Edge time is s(next) − e(this) clamped at 0, as for the directly-follows table.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::analysis::observations::EventObs;
use crate::analysis::stats::{quantile_linear, MS_PER_HOUR};

/// Without `--map-coverage`: paths are added, most frequent first, until they cover
/// this share of the cases…
pub const DEFAULT_COVERAGE: f64 = 0.9;
/// …or until one more would draw more nodes or edges than a reader can follow. A path
/// through a rare stage (seen in fewer than the rare share of cases) is skipped, so that
/// a log with a long tail of one-off activities draws its main paths, not its tail.
pub const MAX_NODES: usize = 40;
pub const MAX_EDGES: usize = 80;

/// The map's content.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProcessMap {
    /// Lanes top to bottom, in the order work first reaches them; null is the lane of
    /// events without a department (a log without departments has that lane only).
    pub lanes: Vec<Option<String>>,
    /// Nodes, most events first.
    pub nodes: Vec<MapNode>,
    /// Edges, most frequent first.
    pub edges: Vec<MapEdge>,
    pub coverage: MapCoverage,
}

/// A stage in one lane.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapNode {
    pub stage: String,
    pub lane: Option<String>,
    /// Events of the shown cases.
    pub events: usize,
    pub cases: usize,
    /// Median working time (null when events have one timestamp).
    pub service_hours: Option<f64>,
    /// Shown cases that start and that end here.
    pub starts: usize,
    pub ends: usize,
    /// The stage is performed by more than one department: it is in each of their lanes.
    pub shared: bool,
}

/// Consecutive events of a case, from one node to another (or the same: a repeat).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapEdge {
    pub from: String,
    pub from_lane: Option<String>,
    pub to: String,
    pub to_lane: Option<String>,
    pub count: usize,
    /// Median time between the two events, hours.
    pub wait_hours: f64,
    /// Share of all cases that take this edge at least once.
    pub share_of_cases: f64,
}

/// What the map covers and leaves out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapCoverage {
    /// `--map-coverage` as given; null when the default rule chose.
    pub requested: Option<f64>,
    pub cases: usize,
    pub cases_shown: usize,
    /// cases_shown / cases.
    pub share: f64,
    pub variants: usize,
    pub variants_shown: usize,
    /// Nodes and edges of the whole log that the map leaves out.
    pub nodes_left_out: usize,
    pub edges_left_out: usize,
    /// Without `--map-coverage`, paths through stages seen in fewer than this share of
    /// the cases are skipped; how many paths that skipped.
    pub rare_stage_share: f64,
    pub rare_paths_skipped: usize,
}

/// A node: stage index and department index.
type Key = (usize, Option<usize>);

/// Marks an event that has no edge into it.
const NO_EDGE: u32 = u32::MAX;

/// Each event's node and the edge into it as dense ids (numbered as they first occur),
/// and the keys behind the ids: every later step indexes vectors instead of looking up
/// tree maps per event.
struct Graph {
    node: Vec<u32>,
    /// The edge from the previous event's node, [`NO_EDGE`] for a case's first event
    /// and for a continuation that stays in its node.
    edge: Vec<u32>,
    nodes: Vec<Key>,
    edges: Vec<(u32, u32)>,
}

impl Graph {
    fn of(e: &EventObs) -> Graph {
        use crate::fast_hash::Fast;
        let mut node_ids: HashMap<Key, u32, Fast> = HashMap::default();
        let mut edge_ids: HashMap<(u32, u32), u32, Fast> = HashMap::default();
        let mut g = Graph {
            node: Vec::with_capacity(e.len()),
            edge: Vec::with_capacity(e.len()),
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        for i in 0..e.len() {
            let key = ((e.stage[i] as usize), e.department.at(i));
            let next = g.nodes.len() as u32;
            let id = *node_ids.entry(key).or_insert(next);
            if id == next {
                g.nodes.push(key);
            }
            g.node.push(id);
            let moved = i > 0 && e.case[i - 1] == e.case[i] && !e.stays_in_node(i);
            let edge = if moved {
                let pair = (g.node[i - 1], id);
                let next = g.edges.len() as u32;
                let k = *edge_ids.entry(pair).or_insert(next);
                if k == next {
                    g.edges.push(pair);
                }
                k
            } else {
                NO_EDGE
            };
            g.edge.push(edge);
        }
        g
    }

    fn edge_key(&self, k: usize) -> (Key, Key) {
        let (a, b) = self.edges[k];
        (self.nodes[a as usize], self.nodes[b as usize])
    }
}

/// The cases' variants (stage sequences), most frequent first, ties by sequence: the
/// sequence's stages and the member cases.
fn variants(e: &EventObs, cases: usize) -> Vec<(Vec<u32>, Vec<usize>)> {
    let mut flat: Vec<u32> = Vec::with_capacity(e.len());
    let mut bounds = vec![(0usize, 0usize); cases];
    for i in 0..e.len() {
        let c = e.case[i] as usize;
        if i == 0 || (e.case[i - 1] as usize) != c {
            bounds[c] = (flat.len(), flat.len());
        }
        if !e.continues[i] {
            flat.push(e.stage[i]);
            bounds[c].1 = flat.len();
        }
    }
    let mut by: HashMap<&[u32], Vec<usize>> = HashMap::new();
    for (case, &(a, b)) in bounds.iter().enumerate().filter(|(_, (a, b))| b > a) {
        by.entry(&flat[a..b]).or_default().push(case);
    }
    let mut list: Vec<(Vec<u32>, Vec<usize>)> =
        by.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
    list.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    list
}

/// Each case's events as a range of indices (events are in case order).
fn ranges(e: &EventObs, cases: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = vec![0..0; cases];
    let mut i = 0;
    while i < e.len() {
        let c = e.case[i] as usize;
        let start = i;
        while i < e.len() && (e.case[i] as usize) == c {
            i += 1;
        }
        out[c] = start..i;
    }
    out
}

/// Ids marked as seen, and those a candidate would add.
struct Seen {
    seen: Vec<bool>,
    new: Vec<u32>,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            seen: vec![false; n],
            new: Vec::new(),
        }
    }

    /// Notes `id` as new if it is neither seen nor noted.
    fn note(&mut self, id: u32) {
        if id != NO_EDGE && !self.seen[id as usize] {
            self.seen[id as usize] = true;
            self.new.push(id);
        }
    }

    /// Keeps the noted ids (`keep`) or forgets them.
    fn settle(&mut self, keep: bool) {
        for id in self.new.drain(..) {
            self.seen[id as usize] = keep;
        }
    }

    fn count(&self) -> usize {
        self.seen.iter().filter(|s| **s).count()
    }
}

/// Which cases the map shows, and how many variants that is. Each variant's events
/// are looked at once.
fn choose(
    e: &EventObs,
    g: &Graph,
    cases: usize,
    (requested, rare): (Option<f64>, &[bool]),
) -> (Vec<bool>, usize, usize, usize) {
    let list = variants(e, cases);
    let total: usize = list.iter().map(|(_, c)| c.len()).sum();
    let at = ranges(e, cases);
    let goal = requested.unwrap_or(DEFAULT_COVERAGE);
    let mut shown = vec![false; cases];
    let (mut nodes, mut edges) = (Seen::new(g.nodes.len()), Seen::new(g.edges.len()));
    let (mut n_nodes, mut n_edges) = (0usize, 0usize);
    let (mut covered, mut taken, mut skipped) = (0usize, 0usize, 0usize);
    for (_, members) in &list {
        if taken > 0 && covered as f64 / total.max(1) as f64 >= goal - 1e-12 {
            break;
        }
        for &c in members {
            for i in at[c].clone() {
                nodes.note(g.node[i]);
                edges.note(g.edge[i]);
            }
        }
        let (n, m) = (nodes.new.len(), edges.new.len());
        let through_rare = nodes.new.iter().any(|&id| rare[g.nodes[id as usize].0]);
        if requested.is_none() && taken > 0 && through_rare {
            nodes.settle(false);
            edges.settle(false);
            skipped += 1;
            continue;
        }
        let too_big = n_nodes + n > MAX_NODES || n_edges + m > MAX_EDGES;
        if requested.is_none() && taken > 0 && too_big {
            nodes.settle(false);
            edges.settle(false);
            break;
        }
        nodes.settle(true);
        edges.settle(true);
        (n_nodes, n_edges) = (n_nodes + n, n_edges + m);
        for &c in members {
            shown[c] = true;
        }
        covered += members.len();
        taken += 1;
    }
    debug_assert_eq!(nodes.count(), n_nodes);
    (shown, taken, list.len(), skipped)
}

/// Per stage, whether it is seen in fewer than `share` of the `cases`.
fn rare_stages(e: &EventObs, cases: usize, share: f64) -> Vec<bool> {
    let mut seen = vec![(usize::MAX, 0usize); e.stages.len()];
    for i in 0..e.len() {
        let (c, s) = (e.case[i] as usize, e.stage[i] as usize);
        if seen[s].0 != c {
            seen[s] = (c, seen[s].1 + 1);
        }
    }
    seen.iter()
        .map(|&(_, n)| (n as f64) < share * cases as f64)
        .collect()
}

/// Lanes in the order work first reaches them: by the mean position (0 = a case's
/// first event, 1 = its last) of each department's first event in a case, ties by
/// name; events without a department last.
fn lanes(e: &EventObs, shown: &[bool], case_len: &[usize]) -> Vec<Option<usize>> {
    // Slot d for department d, the last slot for events without one.
    let none = e.departments.len();
    let slot = |d: Option<usize>| d.unwrap_or(none);
    let mut pos = vec![(0f64, 0usize); none + 1];
    let mut seen_in = vec![usize::MAX; none + 1];
    let mut k = 0usize;
    for i in 0..e.len() {
        let first = i == 0 || e.case[i - 1] != e.case[i];
        k = if first { 0 } else { k + 1 };
        let d = slot(e.department.at(i));
        if !shown[e.case[i] as usize] || seen_in[d] == (e.case[i] as usize) {
            continue;
        }
        seen_in[d] = e.case[i] as usize;
        let n = case_len[e.case[i] as usize].max(2) - 1;
        pos[d].0 += k as f64 / n as f64;
        pos[d].1 += 1;
    }
    let mut list: Vec<(Option<usize>, f64)> = pos
        .iter()
        .enumerate()
        .filter(|(_, p)| p.1 > 0)
        .map(|(d, &(sum, n))| ((d < none).then_some(d), sum / n as f64))
        .collect();
    // As ordered before by a tree map: no department first, then by index.
    list.sort_by_key(|(d, _)| *d);
    let name = |d: &Option<usize>| d.map(|d| e.departments[d].clone());
    list.sort_by(|a, b| {
        a.0.is_none()
            .cmp(&b.0.is_none())
            .then(a.1.total_cmp(&b.1))
            .then_with(|| name(&a.0).cmp(&name(&b.0)))
    });
    list.into_iter().map(|(d, _)| d).collect()
}

fn median_hours(xs: &mut [f64]) -> f64 {
    quantile_linear(xs, 0.5) / MS_PER_HOUR
}

/// Distinct cases, counted as the case-ordered events arrive (each case's events come
/// together, so a case is new when it differs from the last one counted).
#[derive(Default)]
struct CaseCount {
    n: usize,
    last: Option<usize>,
}

impl CaseCount {
    fn add(&mut self, case: usize) {
        if self.last != Some(case) {
            self.n += 1;
            self.last = Some(case);
        }
    }
}

/// Per node: events, cases, working times, starts, ends.
#[derive(Default)]
struct NodeAcc {
    events: usize,
    cases: CaseCount,
    service: Vec<f64>,
    starts: usize,
    ends: usize,
}

/// Per edge: the times and the cases.
#[derive(Default)]
struct EdgeAcc {
    times: Vec<f64>,
    cases: CaseCount,
}

/// Per node and per edge (by id), the figures of the shown cases.
fn accumulate(e: &EventObs, g: &Graph, shown: &[bool]) -> (Vec<NodeAcc>, Vec<EdgeAcc>) {
    let mut nodes: Vec<NodeAcc> = (0..g.nodes.len()).map(|_| NodeAcc::default()).collect();
    let mut edges: Vec<EdgeAcc> = (0..g.edges.len()).map(|_| EdgeAcc::default()).collect();
    for i in 0..e.len() {
        let case = e.case[i] as usize;
        if !shown[case] {
            continue;
        }
        let first = i == 0 || (e.case[i - 1] as usize) != case;
        let last = i + 1 == e.len() || (e.case[i + 1] as usize) != case;
        let n = &mut nodes[g.node[i] as usize];
        n.cases.add(case);
        match n.service.last_mut() {
            // Only the owner changed: the same stay in this node.
            Some(last) if e.stays_in_node(i) => *last += e.service_ms[i] as f64,
            _ => {
                n.events += 1;
                n.service.push(e.service_ms[i] as f64);
            }
        }
        n.starts += usize::from(first);
        n.ends += usize::from(last);
        if g.edge[i] != NO_EDGE {
            let gap = (e.start_ms[i] - e.end_ms[i - 1]).max(0);
            let a = &mut edges[g.edge[i] as usize];
            a.times.push(gap as f64);
            a.cases.add(case);
        }
    }
    (nodes, edges)
}

/// The map of the cases covering `requested` (or the default rule's share) of all
/// `cases`; `single` when events have one timestamp (no working time).
pub fn process_map(
    e: &EventObs,
    cases: usize,
    (requested, rare_share): (Option<f64>, f64),
    single: bool,
) -> ProcessMap {
    let g = Graph::of(e);
    let rare = rare_stages(e, cases, rare_share);
    let (shown, variants_shown, variants, rare_paths_skipped) =
        choose(e, &g, cases, (requested, &rare));
    let mut case_len = vec![0usize; cases];
    for &c in e.case.iter() {
        case_len[c as usize] += 1;
    }
    let lane_order = lanes(e, &shown, &case_len);
    let (node_acc, edge_acc) = accumulate(e, &g, &shown);
    let dept = |d: Option<usize>| d.map(|d| e.departments[d].clone());
    // The shown nodes and edges in key order (as a tree map kept them before).
    let mut node_acc: Vec<(Key, NodeAcc)> = g
        .nodes
        .iter()
        .zip(node_acc)
        .filter(|(_, a)| a.cases.n > 0)
        .map(|(k, a)| (*k, a))
        .collect();
    node_acc.sort_by_key(|(k, _)| *k);
    let mut edge_acc: Vec<((Key, Key), EdgeAcc)> = edge_acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.cases.n > 0)
        .map(|(k, a)| (g.edge_key(k), a))
        .collect();
    edge_acc.sort_by_key(|(k, _)| *k);
    let mut lanes_of_stage: BTreeMap<usize, BTreeSet<Option<usize>>> = BTreeMap::new();
    for ((s, d), _) in &node_acc {
        lanes_of_stage.entry(*s).or_default().insert(*d);
    }
    let mut nodes: Vec<MapNode> = node_acc
        .into_iter()
        .map(|((s, d), mut a)| MapNode {
            stage: e.stages[s].clone(),
            lane: dept(d),
            events: a.events,
            cases: a.cases.n,
            service_hours: (!single).then(|| median_hours(&mut a.service)),
            starts: a.starts,
            ends: a.ends,
            shared: lanes_of_stage[&s].len() > 1,
        })
        .collect();
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.stage.cmp(&b.stage)));
    let mut edges: Vec<MapEdge> = edge_acc
        .into_iter()
        .map(|(((fs, fd), (ts, td)), mut a)| MapEdge {
            from: e.stages[fs].clone(),
            from_lane: dept(fd),
            to: e.stages[ts].clone(),
            to_lane: dept(td),
            count: a.times.len(),
            wait_hours: median_hours(&mut a.times),
            share_of_cases: a.cases.n as f64 / cases.max(1) as f64,
        })
        .collect();
    edges.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    let cases_shown = shown.iter().filter(|s| **s).count();
    let coverage = MapCoverage {
        requested,
        cases,
        cases_shown,
        share: cases_shown as f64 / cases.max(1) as f64,
        variants,
        variants_shown,
        nodes_left_out: g.nodes.len() - nodes.len(),
        edges_left_out: g.edges.len() - edges.len(),
        rare_stage_share: rare_share,
        rare_paths_skipped,
    };
    ProcessMap {
        lanes: lane_order.into_iter().map(dept).collect(),
        nodes,
        edges,
        coverage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    /// Events as (case, stage, department, start h, end h), in log order.
    fn obs(rows: &[(usize, usize, usize, i64, i64)]) -> EventObs<'static> {
        EventObs {
            case: rows.iter().map(|r| r.0 as u32).collect(),
            stage: rows.iter().map(|r| r.1 as u32).collect(),
            stages: vec!["受理".into(), "评审".into(), "批准".into()],
            department: rows.iter().map(|r| Some(r.2)).collect(),
            departments: vec!["法务".into(), "客服".into(), "技术".into()],
            start_ms: rows.iter().map(|r| r.3 * H).collect(),
            end_ms: rows.iter().map(|r| r.4 * H).collect(),
            service_ms: rows.iter().map(|r| (r.4 - r.3) * H).collect(),
            continues: vec![false; rows.len()],
            ..Default::default()
        }
    }

    /// 受理 by 客服 (1), 评审 by 技术 (2), 批准 by 法务 (0). Cases 0 and 1 go straight
    /// through, case 2 skips 评审, case 3 repeats it.
    fn log() -> EventObs<'static> {
        obs(&[
            (0, 0, 1, 0, 1),
            (0, 1, 2, 3, 4),
            (0, 2, 0, 5, 6),
            (1, 0, 1, 0, 1),
            (1, 1, 2, 2, 3),
            (1, 2, 0, 7, 8),
            (2, 0, 1, 0, 2),
            (2, 2, 0, 2, 3),
            (3, 0, 1, 0, 1),
            (3, 1, 2, 1, 2),
            (3, 1, 2, 4, 5),
            (3, 2, 0, 5, 6),
        ])
    }

    #[test]
    fn a_coverage_keeps_the_most_frequent_paths_and_counts_what_it_leaves_out() {
        let m = process_map(&log(), 4, (Some(0.5), 0.01), false);
        let lanes: Vec<_> = m.lanes.iter().map(|l| l.clone().unwrap()).collect();
        assert_eq!(
            lanes,
            ["客服", "技术", "法务"],
            "in the order work reaches them"
        );
        assert_eq!(m.nodes.len(), 3);
        let first = &m.nodes.iter().find(|n| n.stage == "受理").unwrap();
        assert_eq!(
            (first.events, first.cases, first.starts, first.ends),
            (2, 2, 2, 0)
        );
        assert_eq!(first.service_hours, Some(1.0));
        assert_eq!(first.lane.as_deref(), Some("客服"));
        let e: Vec<_> = m
            .edges
            .iter()
            .map(|e| {
                (
                    e.from.as_str(),
                    e.to.as_str(),
                    e.count,
                    e.wait_hours,
                    e.share_of_cases,
                )
            })
            .collect();
        assert_eq!(
            e,
            [("受理", "评审", 2, 1.5, 0.5), ("评审", "批准", 2, 2.5, 0.5)]
        );
        let c = &m.coverage;
        assert_eq!(
            (c.cases, c.cases_shown, c.variants, c.variants_shown),
            (4, 2, 3, 1)
        );
        assert_eq!((c.nodes_left_out, c.edges_left_out), (0, 2));
        assert_eq!(c.requested, Some(0.5));
    }

    #[test]
    fn the_default_shows_everything_a_small_log_has_with_repeats_as_self_edges() {
        let m = process_map(&log(), 4, (None, 0.01), false);
        assert_eq!(m.coverage.cases_shown, 4);
        let review = m.nodes.iter().find(|n| n.stage == "评审").unwrap();
        assert_eq!((review.events, review.cases), (4, 3));
        let repeat = m
            .edges
            .iter()
            .find(|e| e.from == "评审" && e.to == "评审")
            .unwrap();
        assert_eq!((repeat.count, repeat.wait_hours), (1, 2.0));
        let skip = m
            .edges
            .iter()
            .find(|e| e.from == "受理" && e.to == "批准")
            .unwrap();
        assert_eq!(
            (skip.count, skip.wait_hours, skip.share_of_cases),
            (1, 0.0, 0.25)
        );
        assert_eq!(
            (m.coverage.nodes_left_out, m.coverage.edges_left_out),
            (0, 0)
        );
    }

    #[test]
    fn a_stage_done_by_two_departments_is_in_both_lanes_and_marked() {
        let e = obs(&[
            (0, 0, 1, 0, 1),
            (0, 1, 2, 1, 2),
            (1, 0, 1, 0, 1),
            (1, 1, 0, 3, 4),
        ]);
        let m = process_map(&e, 2, (None, 0.01), true);
        let review: Vec<_> = m.nodes.iter().filter(|n| n.stage == "评审").collect();
        assert_eq!(review.len(), 2);
        assert!(review.iter().all(|n| n.shared && n.service_hours.is_none()));
        assert!(!m.nodes.iter().find(|n| n.stage == "受理").unwrap().shared);
    }

    #[test]
    fn without_departments_there_is_one_lane() {
        let mut e = log();
        e.department = crate::analysis::observations::Codes::default();
        let m = process_map(&e, 4, (None, 0.01), false);
        assert_eq!(m.lanes, [None]);
        assert!(m.nodes.iter().all(|n| n.lane.is_none()));
    }
}
