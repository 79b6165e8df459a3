//! The fallback count: ancestor bitsets, for graphs whose interval lists grow too long.
//!
//! A component with exactly one dependent has the ancestors of that dependent plus the
//! dependent itself, and one with none has no ancestors: chains and trees need no sets at
//! all. Only components with two or more dependents ("merges") need their ancestor sets
//! counted. Those sets are bitsets over the packages that can reach some merge, propagated
//! along the edges in topological order and processed in chunks of bit positions, so the
//! bitsets never take more than their budget however large the graph. The time is
//! quadratic in the worst case (`edges × packages / 64` word operations), which is why this
//! is the fallback and not the rule.

use super::super::adjacency::Csr;
use super::super::components::Components;

/// Marks "no node" in the index arrays below.
const NONE: usize = usize::MAX;

/// For every component, how many packages outside it reach it, with the bitsets limited to
/// `budget_words` 64-bit words (at least one per row).
pub(super) fn ancestors(comps: &Components, budget_words: usize) -> Vec<usize> {
    let count = comps.len();
    let size: Vec<usize> = comps.size.iter().map(|&s| s as usize).collect();
    let dependents = &comps.dependents;
    let succ = &comps.dependencies;
    let merge: Vec<bool> = (0..count).map(|c| dependents.neighbours(c).len() >= 2).collect();
    // Dependencies have lower numbers, so an ascending sweep sees them first.
    let mut feeds = vec![false; count];
    for c in 0..count {
        feeds[c] = succ.neighbours(c).iter().any(|&t| merge[t as usize] || feeds[t as usize]);
    }
    let mut ancestors = vec![0usize; count];
    count_merge_ancestors(succ, &size, &merge, &feeds, budget_words, &mut ancestors);
    // Dependents have higher numbers, so a descending sweep sees them first.
    for c in (0..count).rev() {
        if let &[p] = dependents.neighbours(c) {
            ancestors[c] = ancestors[p as usize] + size[p as usize];
        }
    }
    ancestors
}

/// Fills `ancestors[m]` (the number of packages outside `m` that reach it) for every merge
/// component `m`, with bitsets over the packages of the components that `feeds` marks.
fn count_merge_ancestors(
    succ: &Csr,
    size: &[usize],
    merge: &[bool],
    feeds: &[bool],
    budget_words: usize,
    ancestors: &mut [usize],
) {
    let count = size.len();
    // Bit positions: the packages of feeding components, highest component number first.
    let mut start = vec![NONE; count];
    let mut feeders = Vec::new();
    let mut positions = 0usize;
    for c in (0..count).rev().filter(|&c| feeds[c]) {
        start[c] = positions;
        positions += size[c];
        feeders.push(c);
    }
    let mut row_of = vec![NONE; count];
    let mut rows_needed = 0usize;
    for c in (0..count).filter(|&c| feeds[c] || merge[c]) {
        row_of[c] = rows_needed;
        rows_needed += 1;
    }
    if positions == 0 {
        return;
    }
    let words = (budget_words / rows_needed.max(1)).clamp(1, positions.div_ceil(64));
    let mut rows = vec![0u64; rows_needed * words];
    let mut carry = vec![0u64; words];
    let mut first = 0usize;
    let mut lo = 0usize;
    while lo < positions {
        let hi = (lo + words * 64).min(positions);
        while first < feeders.len() && start[feeders[first]] + size[feeders[first]] <= lo {
            first += 1;
        }
        // Components numbered above the chunk's first one own no bit in it and reach none.
        let Some(&top) = feeders.get(first) else { break };
        rows.fill(0);
        for c in (0..=top).rev() {
            let r = row_of[c];
            if r == NONE {
                continue;
            }
            let row = &rows[r * words..(r + 1) * words];
            if merge[c] {
                ancestors[c] += row.iter().map(|w| w.count_ones() as usize).sum::<usize>();
            }
            if !feeds[c] {
                continue;
            }
            carry.copy_from_slice(row);
            let own_lo = start[c].max(lo);
            let own_hi = (start[c] + size[c]).min(hi);
            if own_lo < own_hi {
                set_bits(&mut carry, own_lo - lo, own_hi - lo);
            }
            if carry.iter().all(|&w| w == 0) {
                continue;
            }
            for &t in succ.neighbours(c) {
                let rt = row_of[t as usize];
                if rt != NONE {
                    for (dst, src) in rows[rt * words..(rt + 1) * words].iter_mut().zip(&carry) {
                        *dst |= src;
                    }
                }
            }
        }
        lo = hi;
    }
}

/// Sets bits `from..to` of a bitset.
fn set_bits(bits: &mut [u64], from: usize, to: usize) {
    for i in from..to {
        if let Some(word) = bits.get_mut(i / 64) {
            *word |= 1u64 << (i % 64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_bits_spans_words() {
        let mut bits = vec![0u64; 3];
        set_bits(&mut bits, 62, 130);
        assert_eq!(bits, vec![3 << 62, u64::MAX, 3]);
    }
}
