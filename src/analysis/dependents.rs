//! How many packages depend on each package, directly or through others.
//!
//! Counting the packages that can reach `v` is the transitive closure problem, which has no
//! known near-linear algorithm; the naive way (a search from every package) is quadratic in
//! time, and a bitset per package is quadratic in memory. This module stays exact and keeps
//! both in check:
//!
//! 1. Packages on a cycle all reach one another, so the strongly connected components are
//!    found first (Tarjan's algorithm, with an explicit stack instead of recursion) and
//!    collapsed into a directed acyclic graph of components. Tarjan numbers components so
//!    that every edge goes from a higher number to a lower one, which is a topological order.
//! 2. A component with exactly one incoming component edge has the ancestors of its parent
//!    plus the parent itself, and one with none has no ancestors: chains and trees need no
//!    sets at all.
//! 3. Only components with two or more incoming edges ("merges") need their ancestor sets
//!    counted. Those sets are bitsets over the packages that can reach some merge, propagated
//!    along the edges in topological order and processed in chunks of bit positions, so the
//!    bitsets never take more than 32 MiB however large the graph.

use super::adjacency::{to_u32, Csr};
use crate::model::Graph;

/// Marks "no node" in the index arrays below.
const NONE: usize = usize::MAX;

/// The most 64-bit words the ancestor bitsets may hold at once (32 MiB).
const BITSET_BUDGET_WORDS: usize = 4 << 20;

/// For every package, how many other packages depend on it directly or indirectly. Every
/// package in the graph counts, reachable from a root or not; on a cycle, every other member
/// of the cycle counts.
pub fn dependents_counts(graph: &Graph) -> Vec<u32> {
    dependents_in(&Csr::forward(graph))
}

/// [`dependents_counts`] on prebuilt adjacency lists.
pub(crate) fn dependents_in(forward: &Csr) -> Vec<u32> {
    dependents_with_budget(forward, BITSET_BUDGET_WORDS)
}

/// [`dependents_in`] with the bitsets limited to `budget_words` words (at least one per row).
fn dependents_with_budget(forward: &Csr, budget_words: usize) -> Vec<u32> {
    let (comp, count) = strongly_connected(forward);
    let mut size = vec![0usize; count];
    for &c in &comp {
        size[c] += 1;
    }
    let succ = condensation(forward, &comp, count);
    let mut indegree = vec![0usize; count];
    let mut parent = vec![NONE; count];
    for c in 0..count {
        for &t in succ.neighbours(c) {
            indegree[t] += 1;
            parent[t] = c;
        }
    }
    let merge: Vec<bool> = indegree.iter().map(|&d| d >= 2).collect();
    // Successors have lower numbers, so an ascending sweep sees them first.
    let mut feeds = vec![false; count];
    for c in 0..count {
        feeds[c] = succ.neighbours(c).iter().any(|&t| merge[t] || feeds[t]);
    }
    let mut ancestors = vec![0usize; count];
    count_merge_ancestors(&succ, &size, &merge, &feeds, budget_words, &mut ancestors);
    // Predecessors have higher numbers, so a descending sweep sees them first.
    for c in (0..count).rev() {
        if indegree[c] == 1 {
            ancestors[c] = ancestors[parent[c]] + size[parent[c]];
        }
    }
    comp.iter().map(|&c| to_u32(ancestors[c] + size[c] - 1)).collect()
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
                let rt = row_of[t];
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

/// The component edges between distinct components, each once.
fn condensation(forward: &Csr, comp: &[usize], count: usize) -> Csr {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (v, &cv) in comp.iter().enumerate() {
        pairs.extend(forward.neighbours(v).iter().map(|&w| (cv, comp[w])).filter(|&(a, b)| a != b));
    }
    pairs.sort_unstable();
    pairs.dedup();
    Csr::from_pairs(count, pairs.into_iter())
}

/// Tarjan's strongly connected components without recursion. Returns the component of every
/// node and the number of components; components are numbered in the order they complete,
/// so every edge between two components goes from a higher number to a lower one.
pub(crate) fn strongly_connected(forward: &Csr) -> (Vec<usize>, usize) {
    let n = forward.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut next_index = 0usize;
    let mut count = 0usize;
    for s in 0..n {
        if index[s] != NONE {
            continue;
        }
        calls.push((s, 0));
        while let Some(top) = calls.last_mut() {
            let (v, i) = *top;
            if index[v] == NONE {
                // First visit: number the node and put it on the component stack.
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = forward.neighbours(v).get(i) {
                top.1 += 1;
                if index[w] == NONE {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(p, _)) = calls.last() {
                low[p] = low[p].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(x) = stack.pop() {
                    on_stack[x] = false;
                    comp[x] = count;
                    if x == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (comp, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(n: usize, edges: &[(usize, usize)]) -> Vec<u32> {
        dependents_in(&Csr::from_pairs(n, edges.iter().copied()))
    }

    fn counts_with_budget(n: usize, edges: &[(usize, usize)], budget: usize) -> Vec<u32> {
        dependents_with_budget(&Csr::from_pairs(n, edges.iter().copied()), budget)
    }

    #[test]
    fn components_are_numbered_in_reverse_topological_order() {
        // 0 → {1 ⇄ 2} → 3
        let csr = Csr::from_pairs(4, [(0, 1), (1, 2), (2, 1), (2, 3)].into_iter());
        let (comp, count) = strongly_connected(&csr);
        assert_eq!(count, 3);
        assert_eq!(comp[1], comp[2]);
        assert!(comp[0] > comp[1] && comp[1] > comp[3]);
    }

    #[test]
    fn diamond_counts_each_ancestor_once() {
        assert_eq!(counts(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]), vec![0, 1, 1, 3]);
    }

    #[test]
    fn cycle_members_count_each_other() {
        // 0 → 1 → 2 → 1, 2 → 3
        assert_eq!(counts(4, &[(0, 1), (1, 2), (2, 1), (2, 3)]), vec![0, 2, 2, 3]);
    }

    #[test]
    fn tiny_budget_still_exact() {
        // With one word per row, 200 feeding packages need four chunks.
        let mut edges = Vec::new();
        for i in 0..200 {
            edges.push((i, 200));
            edges.push((i, 201));
            edges.push((200, 202));
            edges.push((201, 202));
        }
        edges.extend([(5, 6), (6, 5), (150, 6)]);
        let small = counts_with_budget(203, &edges, 1);
        assert_eq!(small, counts(203, &edges));
        assert_eq!(small[200], 200);
        assert_eq!(small[202], 202);
        assert_eq!(small[6], 2);
    }

    #[test]
    fn set_bits_spans_words() {
        let mut bits = vec![0u64; 3];
        set_bits(&mut bits, 62, 130);
        assert_eq!(bits, vec![3 << 62, u64::MAX, 3]);
    }
}
