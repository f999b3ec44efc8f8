//! Text values interned as 32-bit codes while a task log is typed: case ids, stages,
//! departments, owners, statuses and case attributes become integers as they are read,
//! so that millions of rows are held, sorted and grouped as numbers, never as strings.
//!
//! Codes count from 0 in order of first appearance. A value of up to 15 bytes (nearly
//! every id and name) is looked up as one 128-bit integer, without touching the text it
//! came from: in a large file that text lies far apart in memory, and comparing it costs
//! a cache miss per row.

use crate::fast_hash::Fast;
use std::collections::HashMap;

/// Values seen so far and their codes.
#[derive(Default, Clone)]
pub struct Dict {
    short: HashMap<u128, u32, Fast>,
    long: HashMap<String, u32, Fast>,
    names: Vec<String>,
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dict({} values)", self.names.len())
    }
}

/// A value of up to 15 bytes as one integer (its bytes, then its length), or `None`.
fn short_key(v: &str) -> Option<u128> {
    let b = v.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    k[15] = b.len() as u8;
    Some(u128::from_le_bytes(k))
}

impl Dict {
    /// The code of `v`, given a new one if it was not seen before.
    pub fn code(&mut self, v: &str) -> u32 {
        let next = self.names.len() as u32;
        let code = match short_key(v) {
            Some(k) => *self.short.entry(k).or_insert(next),
            None => match self.long.get(v) {
                Some(&c) => c,
                None => {
                    self.long.insert(v.to_string(), next);
                    next
                }
            },
        };
        if code == next {
            self.names.push(v.to_string());
        }
        code
    }

    /// The values in code order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The values in code order, the lookup tables dropped.
    pub fn into_names(self) -> Vec<String> {
        self.names
    }

    /// Adds every value of `other` (in its code order); returns, per code of `other`,
    /// the code here.
    pub fn absorb(&mut self, other: &Dict) -> Vec<u32> {
        other.names.iter().map(|n| self.code(n)).collect()
    }
}

/// The codes that occur in `used` (per code: whether any row has it) renumbered by
/// their names in byte order, as sorting the strings would order them: the new names,
/// and per old code its new code (`u32::MAX` for codes no row has).
///
/// The names are sorted through keys of their first 15 bytes (see [`sort_key`]), not
/// by comparing strings scattered in memory: millions of case ids sort in a fraction
/// of the time.
pub fn ranked(names: Vec<String>, used: &[bool]) -> (Vec<String>, Vec<u32>) {
    let mut kept: Vec<(u128, u32)> = (0..names.len() as u32)
        .filter(|&c| used.get(c as usize).copied().unwrap_or(false))
        .map(|c| (sort_key(&names[c as usize]), c))
        .collect();
    kept.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0).then_with(|| {
            // Equal keys: names sharing their first 15 bytes (distinct names of up to
            // 15 bytes have distinct keys).
            names[x.1 as usize].cmp(&names[y.1 as usize])
        })
    });
    let mut remap = vec![u32::MAX; names.len()];
    for (rank, &(_, old)) in kept.iter().enumerate() {
        remap[old as usize] = rank as u32;
    }
    let mut slots: Vec<Option<String>> = names.into_iter().map(Some).collect();
    let sorted = kept
        .iter()
        .map(|&(_, c)| slots[c as usize].take().unwrap_or_default())
        .collect();
    (sorted, remap)
}

/// A key whose order is the byte order of names up to 15 bytes long: the first 15
/// bytes (zero-padded) then the length, big-endian; names longer than 15 bytes get 255
/// as their length and tie with the others sharing their first 15 bytes.
fn sort_key(v: &str) -> u128 {
    let b = v.as_bytes();
    let n = b.len().min(15);
    let mut k = [0u8; 16];
    k[..n].copy_from_slice(&b[..n]);
    k[15] = if b.len() > 15 { 255 } else { b.len() as u8 };
    u128::from_be_bytes(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_first_appearance_for_short_and_long_values() {
        let mut d = Dict::default();
        let long = "a case id that is longer than fifteen bytes";
        let got: Vec<u32> = ["b", long, "b", "需求评审", long, ""]
            .iter()
            .map(|v| d.code(v))
            .collect();
        assert_eq!(got, [0, 1, 0, 2, 1, 3]);
        assert_eq!(d.names(), ["b", long, "需求评审", ""]);
    }

    #[test]
    fn values_differing_only_in_length_or_padding_stay_apart() {
        let mut d = Dict::default();
        // Same leading bytes, different lengths; a value with a NUL byte inside.
        let values = [
            "ab",
            "ab\0",
            "ab\0\0",
            "123456789012345",
            "1234567890123456",
        ];
        let codes: Vec<u32> = values.iter().map(|v| d.code(v)).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn absorbing_maps_each_code_to_the_merged_one() {
        let mut a = Dict::default();
        a.code("x");
        a.code("y");
        let mut b = Dict::default();
        b.code("y");
        b.code("z");
        assert_eq!(a.absorb(&b), [1, 2]);
        assert_eq!(a.names(), ["x", "y", "z"]);
    }

    #[test]
    fn ranking_keeps_used_codes_in_byte_order() {
        let names: Vec<String> = ["b", "a", "c", "B"].map(String::from).to_vec();
        let (sorted, remap) = ranked(names, &[true, true, false, true]);
        assert_eq!(sorted, ["B", "a", "b"]);
        assert_eq!(remap, [2, 1, u32::MAX, 0]);
    }

    #[test]
    fn keys_sort_as_the_names_do() {
        let names: Vec<String> = [
            "",
            "a",
            "ab",
            "ab\0",
            "ab\u{1}",
            "abc",
            "b",
            "需求",
            "123456789012345",
            "1234567890123456",
            "12345678901234567",
            "123456789012345\0",
            "1234567890123457",
            "12345678901234",
            "\u{7f}",
            "é",
        ]
        .map(String::from)
        .to_vec();
        let mut want = names.clone();
        want.sort();
        let (sorted, _) = ranked(names.clone(), &vec![true; names.len()]);
        assert_eq!(sorted, want);
    }
}
