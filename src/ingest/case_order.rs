//! The order of a task log's events: by case (in the order the case ids sort), then by
//! start, end and file row, ties kept in file order.
//!
//! A counting sort on the case ranks (stable, so each case's events stay in file order)
//! followed by a small sort of each case's events gives the order of a stable
//! multi-key sort on (case, start, end, row) with nulls first, in linear time and four
//! bytes per event: at 5M events it takes a fraction of the time and none of the
//! memory of sorting every column on four keys.

use polars::prelude::*;

/// The event positions in case order; `case[i]` is event `i`'s case rank, the keys are
/// start, end and row.
pub(super) fn case_order(case: &[u32], keys: [&Int64Chunked; 3]) -> Vec<IdxSize> {
    // One chunk each, so that a value is found without searching the chunks.
    let keys = keys.map(|k| k.rechunk().into_owned());
    let key = |i: IdxSize| -> [Option<i64>; 3] { [0, 1, 2].map(|k| keys[k].get(i as usize)) };
    let bounds = case_bounds(case);
    let mut order = by_case(case, &bounds);
    for w in bounds.windows(2) {
        let events = &mut order[w[0] as usize..w[1] as usize];
        if events.len() > 1 {
            // Stable: events with equal keys keep their file order.
            events.sort_by_key(|&i| key(i));
        }
    }
    order
}

/// Where each case's events begin in case order, and the end (one more than the cases).
fn case_bounds(case: &[u32]) -> Vec<IdxSize> {
    let cases = case.iter().max().map_or(0, |&m| m as usize + 1);
    let mut bounds: Vec<IdxSize> = vec![0; cases + 1];
    for &c in case {
        bounds[c as usize + 1] += 1;
    }
    for k in 1..bounds.len() {
        bounds[k] += bounds[k - 1];
    }
    bounds
}

/// The events grouped by case, each case's in file order.
fn by_case(case: &[u32], bounds: &[IdxSize]) -> Vec<IdxSize> {
    let mut next = bounds.to_vec();
    let mut order: Vec<IdxSize> = vec![0; case.len()];
    for (i, &c) in case.iter().enumerate() {
        let slot = &mut next[c as usize];
        order[*slot as usize] = i as IdxSize;
        *slot += 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ca(v: &[Option<i64>]) -> Int64Chunked {
        Int64Chunked::from_iter(v.iter().copied())
    }

    /// What polars' stable sort on the four keys gives.
    fn polars_order(
        case: &[u32],
        start: &[Option<i64>],
        end: &[Option<i64>],
        row: &[i64],
    ) -> Vec<IdxSize> {
        let df = df!(
            "case" => case,
            "start" => start,
            "end" => end,
            "row" => row,
        )
        .unwrap()
        .with_row_index("i".into(), None)
        .unwrap();
        let sorted = df
            .sort(
                ["case", "start", "end", "row"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .unwrap();
        sorted
            .column("i")
            .unwrap()
            .idx()
            .unwrap()
            .into_no_null_iter()
            .collect()
    }

    #[test]
    fn the_order_is_polars_stable_sort_on_case_start_end_and_row() {
        let case = [2, 0, 1, 0, 2, 0, 1, 0, 3, 3];
        let start = [
            Some(5),
            Some(3),
            None,
            Some(1),
            Some(5),
            Some(3),
            Some(2),
            None,
            Some(0),
            Some(0),
        ];
        let end = [
            Some(6),
            Some(4),
            Some(1),
            Some(2),
            Some(6),
            None,
            Some(3),
            Some(9),
            None,
            None,
        ];
        // Events 1 and 5 tie on case and start (a null end comes first), events 0 and 4
        // on all but the row, and the two events of case 3 on everything (file order).
        let row = [10, 11, 12, 13, 9, 11, 14, 16, 17, 17];
        let got = case_order(&case, [&ca(&start), &ca(&end), &ca(&row.map(Some))]);
        assert_eq!(got, polars_order(&case, &start, &end, &row));
        assert_eq!(got, [7, 3, 5, 1, 2, 6, 4, 0, 8, 9]);
    }

    #[test]
    fn multi_chunk_keys_and_no_events_are_handled() {
        let mut start = ca(&[Some(2), Some(1)]);
        start.append(&ca(&[Some(0)])).unwrap();
        let other = ca(&[Some(0), Some(0), Some(0)]);
        assert_eq!(case_order(&[0, 0, 0], [&start, &other, &other]), [2, 1, 0]);
        let empty = ca(&[]);
        assert!(case_order(&[], [&empty, &empty, &empty]).is_empty());
    }
}
