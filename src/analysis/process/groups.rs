//! Items grouped by a small integer key (a stage, an owner, an edge) in two counting
//! passes: one flat list of item indexes, key by key, each key's items in their
//! original order. It takes 4 bytes per item, where a vector per key grown item by
//! item takes more and a sort takes longer; figures that need every value of a key
//! (quantiles) then gather them one key at a time.

/// Item indexes grouped by key.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Where each key's items start in `items` (one more entry than there are keys).
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Groups the items `0..len` by `key(i)` (`None`: the item is left out); keys are
    /// below `n`.
    pub fn new(n: usize, len: usize, key: impl Fn(usize) -> Option<usize>) -> Groups {
        let mut starts = vec![0u32; n + 1];
        for i in 0..len {
            if let Some(k) = key(i) {
                starts[k + 1] += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts[n] as usize];
        for i in 0..len {
            if let Some(k) = key(i) {
                items[next[k] as usize] = i as u32;
                next[k] += 1;
            }
        }
        Groups { starts, items }
    }

    /// How many keys there are.
    pub fn keys(&self) -> usize {
        self.starts.len() - 1
    }

    /// The items of key `k`, in their original order.
    pub fn of(&self, k: usize) -> &[u32] {
        &self.items[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_grouped_in_order_and_none_left_out() {
        let keys = [Some(2), None, Some(0), Some(2), Some(0), None];
        let g = Groups::new(3, keys.len(), |i| keys[i]);
        assert_eq!(g.keys(), 3);
        assert_eq!(g.of(0), [2, 4]);
        assert_eq!(g.of(1), [] as [u32; 0]);
        assert_eq!(g.of(2), [0, 3]);
    }
}
