//! How many packages depend on each package, directly or through others.
//!
//! Counting, for every package, the packages that can reach it is the transitive-closure
//! problem, and no algorithm does it in near-linear time on every acyclic graph: one that
//! did would decide the orthogonal-vectors problem (given two sets of 0/1 vectors, is some
//! pair orthogonal?) in less than quadratic time, which is believed impossible. Join each
//! vector `a` of the first set to the coordinates where it has a 1 and each coordinate to
//! the vectors `b` of the second set with a 1 there; `b`'s ancestors among the first set are
//! the vectors not orthogonal to it, so all the counts answer the question. This module
//! stays exact, and fast where dependency graphs allow it:
//!
//! 1. Packages on a cycle all reach one another, so the strongly connected components are
//!    collapsed first (`components.rs`); what is left is acyclic.
//! 2. Each component's ancestors are kept as a list of intervals over a numbering in which
//!    ancestor sets of tree-like graphs are a few runs (`dependents/intervals.rs`): close to
//!    linear time there, a few milliseconds for 100,000 packages.
//! 3. Where the lists grow long (their number and the work of merging them are budgeted),
//!    the count starts again with chunked bitsets (`dependents/bitsets.rs`): quadratic in
//!    time, `edges × packages / 64` word operations, bounded in memory. A random acyclic
//!    graph of 100,000 packages and 300,000 edges takes about 0.4 s this way
//!    (docs/performance.md). Both give the same, exact, numbers.

mod bitsets;
mod intervals;

use super::adjacency::{to_u32, Csr};
use super::components::Components;
use crate::model::Graph;

/// The most 64-bit words the ancestor bitsets may hold at once (32 MiB).
const BITSET_BUDGET_WORDS: usize = 4 << 20;

/// The most intervals the lists may hold at once (32 MiB).
const INTERVAL_BUDGET: usize = 4 << 20;

/// For every package, how many other packages depend on it directly or indirectly. Every
/// package in the graph counts, reachable from a root or not; on a cycle, every other member
/// of the cycle counts.
pub fn dependents_counts(graph: &Graph) -> Vec<u32> {
    dependents_in(&Csr::forward(graph))
}

/// [`dependents_counts`] on prebuilt adjacency lists.
pub(crate) fn dependents_in(forward: &Csr) -> Vec<u32> {
    let comps = Components::of(forward);
    // Interval lists are near-linear or nothing: a few spans per edge on dependency graphs,
    // hundreds on graphs whose closure is dense and unordered, where bitsets are faster.
    // Past sixteen spans per edge (and package) the bitsets take over, having lost little.
    let work = 16 * (comps.len() + comps.dependents.edge_count()) + (1 << 16);
    counts_with(&comps, Strategy::Intervals { live: INTERVAL_BUDGET, work })
}

/// How [`counts_with`] counts.
#[derive(Debug, Clone, Copy)]
enum Strategy {
    /// Interval lists within these budgets (spans held at once, spans merged in all), then
    /// bitsets if either is exceeded.
    Intervals { live: usize, work: usize },
    /// Bitsets of at most this many words.
    #[cfg_attr(not(test), allow(dead_code))]
    Bitsets { words: usize },
}

fn counts_with(comps: &Components, strategy: Strategy) -> Vec<u32> {
    let ancestors = match strategy {
        Strategy::Intervals { live, work } => intervals::ancestors(comps, live, work)
            .unwrap_or_else(|| bitsets::ancestors(comps, BITSET_BUDGET_WORDS)),
        Strategy::Bitsets { words } => bitsets::ancestors(comps, words),
    };
    comps.comp.iter().map(|&c| to_u32(ancestors[c as usize] + comps.size[c as usize] as usize - 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comps(n: usize, edges: &[(usize, usize)]) -> Components {
        Components::of(&Csr::from_pairs(n, edges.iter().copied()))
    }

    fn counts(n: usize, edges: &[(usize, usize)]) -> Vec<u32> {
        dependents_in(&Csr::from_pairs(n, edges.iter().copied()))
    }

    /// The counts by a search from every package: the definition, in quadratic time.
    fn naive(n: usize, edges: &[(usize, usize)]) -> Vec<u32> {
        let forward = Csr::from_pairs(n, edges.iter().copied());
        let mut counts = vec![0u32; n];
        for s in 0..n {
            let mut seen = vec![false; n];
            seen[s] = true;
            let mut stack = vec![s];
            while let Some(v) = stack.pop() {
                for &w in forward.neighbours(v) {
                    if !seen[w as usize] {
                        seen[w as usize] = true;
                        counts[w as usize] += 1;
                        stack.push(w as usize);
                    }
                }
            }
        }
        counts
    }

    /// Random graphs, some with cycles, `n` packages and about `degree` edges each.
    fn random_graph(seed: u64, n: usize, degree: usize) -> Vec<(usize, usize)> {
        let mut next = crate::analysis::adjacency::test_numbers(seed);
        (0..n * degree)
            .map(|_| {
                let a = next(n);
                // Mostly downward edges, a few back ones.
                let b = if next(10) == 0 { next(n) } else { a + 1 + next(n - a) };
                (a, b.min(n - 1))
            })
            .collect()
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
    fn tiny_bitset_budget_still_exact() {
        // With one word per row, 200 feeding packages need four chunks.
        let mut edges = Vec::new();
        for i in 0..200 {
            edges.push((i, 200));
            edges.push((i, 201));
            edges.push((200, 202));
            edges.push((201, 202));
        }
        edges.extend([(5, 6), (6, 5), (150, 6)]);
        let small = counts_with(&comps(203, &edges), Strategy::Bitsets { words: 1 });
        assert_eq!(small, counts(203, &edges));
        assert_eq!(small, naive(203, &edges));
        assert_eq!(small[200], 200);
        assert_eq!(small[202], 202);
        assert_eq!(small[6], 2);
    }

    #[test]
    fn every_strategy_matches_the_definition_on_random_graphs() {
        for seed in 0..40 {
            let n = 20 + (seed as usize * 37) % 300;
            let edges = random_graph(seed, n, 1 + seed as usize % 4);
            let c = comps(n, &edges);
            let expected = naive(n, &edges);
            let ctx = format!("seed {seed}, {n} packages");
            assert_eq!(counts(n, &edges), expected, "{ctx}: default");
            let generous = Strategy::Intervals { live: usize::MAX, work: usize::MAX };
            assert_eq!(counts_with(&c, generous), expected, "{ctx}: intervals");
            // Budgets of one span force the fallback part-way through.
            let starved = Strategy::Intervals { live: 1, work: 1 };
            assert_eq!(counts_with(&c, starved), expected, "{ctx}: intervals, then bitsets");
            assert_eq!(counts_with(&c, Strategy::Bitsets { words: 1 }), expected, "{ctx}: bitsets");
        }
    }

    #[test]
    fn interval_budgets_are_enforced() {
        // Package i depends on every package after it that is not a multiple of i + 2: many
        // ancestor sets with holes, so the lists hold many spans.
        let n = 60;
        let edges: Vec<(usize, usize)> =
            (0..n).flat_map(|i| (i + 1..n).filter(move |j| j % (i + 2) != 0).map(move |j| (i, j))).collect();
        let c = comps(n, &edges);
        assert!(intervals::ancestors(&c, usize::MAX, usize::MAX).is_some());
        assert!(intervals::ancestors(&c, 2, usize::MAX).is_none());
        assert!(intervals::ancestors(&c, usize::MAX, 10).is_none());
    }
}
