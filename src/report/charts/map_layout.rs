//! Layout of the swimlane process map (Sugiyama-style, lanes fixed): back edges found by
//! a depth-first walk from where cases start (heaviest edges first), columns by longest
//! path along the remaining forward edges, and within each lane the nodes of a column
//! stacked and ordered by the barycentre of their neighbours (a few sweeps) to reduce
//! crossings. Lanes are the rows; their order comes from the analysis.

use std::collections::BTreeMap;

use crate::analysis::map::ProcessMap;

/// Where each node goes and which edges run backwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Per node (index into `ProcessMap::nodes`): lane index, column, slot in its cell.
    pub lane: Vec<usize>,
    pub column: Vec<usize>,
    pub slot: Vec<usize>,
    /// Slots per lane (its height in rows, at least 1).
    pub lane_rows: Vec<usize>,
    pub columns: usize,
    /// Per edge (index into `ProcessMap::edges`): from and to node, and whether it runs
    /// against the flow (a return or rework loop; self-loops included).
    pub from: Vec<usize>,
    pub to: Vec<usize>,
    pub back: Vec<bool>,
}

/// Index of each node by (stage, lane).
fn node_index(map: &ProcessMap) -> BTreeMap<(&str, Option<&str>), usize> {
    map.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.stage.as_str(), n.lane.as_deref()), i))
        .collect()
}

/// Edges that close a cycle in a depth-first walk; roots are the nodes where most
/// cases start, children are visited heaviest edge first.
fn back_edges(
    n: usize,
    from: &[usize],
    to: &[usize],
    count: &[usize],
    roots: &[usize],
) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in 0..from.len() {
        out[from[e]].push(e);
    }
    for list in &mut out {
        list.sort_by(|a, b| count[*b].cmp(&count[*a]).then(to[*a].cmp(&to[*b])));
    }
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; from.len()];
    for &root in roots {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some((v, k)) = stack.pop() {
            if k == out[v].len() {
                state[v] = 2;
                continue;
            }
            stack.push((v, k + 1));
            let e = out[v][k];
            match state[to[e]] {
                0 => {
                    state[to[e]] = 1;
                    stack.push((to[e], 0));
                }
                1 => back[e] = true,
                _ => {}
            }
        }
    }
    back
}

/// Longest-path columns over the forward edges.
fn columns(n: usize, from: &[usize], to: &[usize], back: &[bool]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    for e in (0..from.len()).filter(|&e| !back[e]) {
        indeg[to[e]] += 1;
    }
    let mut col = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for e in (0..from.len()).filter(|&e| !back[e] && from[e] == v) {
            let w = to[e];
            col[w] = col[w].max(col[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.push(w);
            }
        }
    }
    col
}

/// Slots within each (lane, column) cell, ordered by the barycentre of the neighbours'
/// vertical positions; `sweeps` passes.
fn slots(lane: &[usize], col: &[usize], from: &[usize], to: &[usize], sweeps: usize) -> Vec<usize> {
    let n = lane.len();
    let mut slot = vec![0usize; n];
    let mut cells: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for v in 0..n {
        cells.entry((lane[v], col[v])).or_default().push(v);
    }
    for members in cells.values() {
        for (k, &v) in members.iter().enumerate() {
            slot[v] = k;
        }
    }
    for _ in 0..sweeps {
        let y: Vec<f64> = (0..n)
            .map(|v| lane[v] as f64 * 100.0 + slot[v] as f64)
            .collect();
        let mut centre = y.clone();
        for (v, c) in centre.iter_mut().enumerate() {
            let ys: Vec<f64> = (0..from.len())
                .filter_map(|e| match (from[e] == v, to[e] == v) {
                    (true, false) => Some(y[to[e]]),
                    (false, true) => Some(y[from[e]]),
                    _ => None,
                })
                .collect();
            if !ys.is_empty() {
                *c = ys.iter().sum::<f64>() / ys.len() as f64;
            }
        }
        for members in cells.values_mut() {
            members.sort_by(|a, b| centre[*a].total_cmp(&centre[*b]).then(a.cmp(b)));
            for (k, &v) in members.iter().enumerate() {
                slot[v] = k;
            }
        }
    }
    slot
}

/// The layout of `map`.
pub fn layout(map: &ProcessMap) -> Layout {
    let index = node_index(map);
    let n = map.nodes.len();
    let lane_of = |l: &Option<String>| map.lanes.iter().position(|x| x == l).unwrap_or(0);
    let lane: Vec<usize> = map.nodes.iter().map(|x| lane_of(&x.lane)).collect();
    let find = |s: &str, l: &Option<String>| index.get(&(s, l.as_deref())).copied();
    let (mut from, mut to, mut count) = (Vec::new(), Vec::new(), Vec::new());
    for e in &map.edges {
        let (a, b) = (find(&e.from, &e.from_lane), find(&e.to, &e.to_lane));
        from.push(a.unwrap_or(0));
        to.push(b.unwrap_or(0));
        count.push(e.count);
    }
    let mut roots: Vec<usize> = (0..n).collect();
    roots.sort_by(|a, b| {
        let (x, y) = (&map.nodes[*a], &map.nodes[*b]);
        y.starts
            .cmp(&x.starts)
            .then(y.events.cmp(&x.events))
            .then(a.cmp(b))
    });
    let mut back = back_edges(n, &from, &to, &count, &roots);
    for e in 0..from.len() {
        back[e] |= from[e] == to[e];
    }
    let column = columns(n, &from, &to, &back);
    let slot = slots(&lane, &column, &from, &to, 4);
    let mut lane_rows = vec![1usize; map.lanes.len().max(1)];
    for v in 0..n {
        lane_rows[lane[v]] = lane_rows[lane[v]].max(slot[v] + 1);
    }
    Layout {
        columns: column.iter().max().map_or(0, |m| m + 1),
        lane,
        column,
        slot,
        lane_rows,
        from,
        to,
        back,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::map::{MapCoverage, MapEdge, MapNode};

    fn node(stage: &str, lane: &str, starts: usize) -> MapNode {
        MapNode {
            stage: stage.into(),
            lane: Some(lane.into()),
            events: 10,
            cases: 10,
            service_hours: Some(1.0),
            starts,
            ends: 0,
            shared: false,
        }
    }

    fn edge(from: (&str, &str), to: (&str, &str), count: usize) -> MapEdge {
        MapEdge {
            from: from.0.into(),
            from_lane: Some(from.1.into()),
            to: to.0.into(),
            to_lane: Some(to.1.into()),
            count,
            wait_hours: 1.0,
            share_of_cases: 0.5,
        }
    }

    /// A → B → C with a return C → A and a repeat of B; A and C in lane X, B in Y, and
    /// D beside B in lane Y.
    pub(crate) fn sample() -> ProcessMap {
        let (a, b, c, d) = (("A", "X"), ("B", "Y"), ("C", "X"), ("D", "Y"));
        ProcessMap {
            lanes: vec![Some("X".into()), Some("Y".into())],
            nodes: vec![
                node("A", "X", 10),
                node("B", "Y", 0),
                node("C", "X", 0),
                node("D", "Y", 0),
            ],
            edges: vec![
                edge(a, b, 8),
                edge(b, c, 8),
                edge(c, a, 2),
                edge(b, b, 1),
                edge(a, d, 2),
                edge(d, c, 2),
            ],
            coverage: MapCoverage {
                requested: None,
                cases: 10,
                cases_shown: 10,
                share: 1.0,
                variants: 2,
                variants_shown: 2,
                nodes_left_out: 0,
                edges_left_out: 0,
                rare_stage_share: 0.01,
                rare_paths_skipped: 0,
            },
        }
    }

    #[test]
    fn returns_and_repeats_run_back_and_the_rest_flows_left_to_right() {
        let l = layout(&sample());
        assert_eq!(l.back, [false, false, true, true, false, false]);
        assert_eq!(l.column, [0, 1, 2, 1]);
        assert_eq!(l.columns, 3);
        assert_eq!(l.lane, [0, 1, 0, 1]);
        // B and D share lane Y's column 1: two rows.
        assert_eq!(l.lane_rows, [1, 2]);
        let mut slots = [l.slot[1], l.slot[3]];
        slots.sort();
        assert_eq!(slots, [0, 1]);
    }
}
