//! Dominators: which packages every path from the roots must pass through.
//!
//! Package `d` dominates package `p` when every dependency path from any root to `p` goes
//! through `d`. If `d` disappears, is compromised, changes licence or falls under sanctions,
//! everything it dominates goes with it, however many packages sit in between; that is the
//! "single point of dependency" question, and it is a sharper one than "how many packages
//! depend on `d`", which counts packages that could route around it.
//!
//! A graph has several roots (workspace members, SBOM components), so the dominator tree is
//! computed from a virtual root joined to every root: a package reachable from two roots along
//! separate paths is dominated by no package at all.
//!
//! The algorithm is Semi-NCA (`dominators/semi_nca.rs`), the fastest in practice; on a
//! graph built to make its ancestor walk quadratic it gives way to Lengauer–Tarjan
//! (`dominators/lengauer_tarjan.rs`, `O(E log V)` always). Two algorithms rather than one
//! because Lengauer–Tarjan alone makes the whole analysis of 100,000 packages do 32% more
//! instructions (1.7 ms instead of 1.2 ms at 10,000 packages; docs/performance.md). Both work on the preorder
//! numbering of a depth-first search from the virtual root (`dominators/search.rs`), and
//! nothing recurses: real graphs can hold chains tens of thousands of packages long, and a
//! recursive search would overflow the stack on them.

mod lengauer_tarjan;
mod search;
mod semi_nca;

use super::adjacency::{valid_roots, Csr, Node};
use crate::model::{Graph, PackageIndex};
use search::Search;

/// For every package, its immediate dominator: the closest package through which every path
/// from the roots to it passes.
///
/// `None` for a root, for a package the roots reach along paths that share no package (only
/// the virtual root dominates it), and for a package no root reaches.
pub fn immediate_dominators(graph: &Graph) -> Vec<Option<PackageIndex>> {
    let tree = DominatorTree::build(Search::run(&Csr::forward(graph), &valid_roots(graph)));
    let mut idom = vec![None; graph.packages.len()];
    for w in 1..tree.vertex.len() {
        let d = tree.idom[w] as usize;
        if d != 0 {
            idom[tree.vertex[w] as usize] = Some(tree.vertex[d] as usize);
        }
    }
    idom
}

/// For every package, how many other packages it dominates (the size of its subtree in the
/// dominator tree, minus itself); 0 for a package no root reaches.
pub fn dominated_counts(graph: &Graph) -> Vec<u32> {
    dominated_in(&Csr::forward(graph), &valid_roots(graph))
}

/// [`dominated_counts`] on prebuilt adjacency lists.
pub(crate) fn dominated_in(forward: &Csr, roots: &[usize]) -> Vec<u32> {
    let tree = DominatorTree::build(Search::run(forward, roots));
    let k = tree.vertex.len();
    let mut size = vec![1u32; k];
    // A dominator precedes what it dominates in depth-first preorder, so one backward sweep
    // accumulates every subtree before it is added to its parent.
    for w in (1..k).rev() {
        size[tree.idom[w] as usize] += size[w];
    }
    let mut dominated = vec![0u32; forward.len()];
    for w in 1..k {
        dominated[tree.vertex[w] as usize] = size[w] - 1;
    }
    dominated
}

/// The dominator tree of the nodes reachable from the virtual root, in depth-first preorder
/// numbers: number 0 is the virtual root, `vertex[i]` is the package numbered `i`, and
/// `idom[i]` the number of its immediate dominator (`NONE` for the virtual root).
struct DominatorTree {
    vertex: Vec<Node>,
    idom: Vec<Node>,
}

impl DominatorTree {
    fn build(search: Search) -> DominatorTree {
        // Four times the steps of the rest of the work before the walk gives way: on graphs
        // built against it, at most a few times the time of Lengauer–Tarjan is lost.
        let budget = 4 * (search.vertex.len() + search.preds.edge_count());
        let idom = semi_nca::idoms(&search, budget).unwrap_or_else(|| lengauer_tarjan::idoms(&search));
        DominatorTree { vertex: search.vertex, idom }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Vec<u32> {
        let f = Csr::from_pairs(n, edges.iter().copied());
        dominated_in(&f, roots)
    }

    #[test]
    fn gateway_dominates_what_lies_behind_it() {
        // 0 → 1 → {2, 3}, 2 → 4, 3 → 4: 1 dominates 2, 3, 4; 2 and 3 dominate nothing.
        assert_eq!(counts(5, &[(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)], &[0]), vec![4, 3, 0, 0, 0]);
    }

    #[test]
    fn second_root_breaks_domination() {
        // 0 → 2 → 3, 1 → 3: 2 no longer dominates 3.
        assert_eq!(counts(4, &[(0, 2), (2, 3), (1, 3)], &[0, 1]), vec![1, 0, 0, 0]);
    }

    /// Who dominates whom by the definition: `d` dominates `v` when removing `d` makes `v`
    /// unreachable from the roots. Quadratic; for small graphs.
    fn naive(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Vec<u32> {
        let f = Csr::from_pairs(n, edges.iter().copied());
        let reach = |removed: Option<usize>| {
            let mut seen = vec![false; n];
            let mut stack: Vec<usize> = roots.iter().copied().filter(|&r| Some(r) != removed).collect();
            for &r in &stack {
                seen[r] = true;
            }
            while let Some(v) = stack.pop() {
                for &w in f.neighbours(v) {
                    let w = w as usize;
                    if !seen[w] && Some(w) != removed {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
            seen
        };
        let all = reach(None);
        (0..n)
            .map(|d| {
                let without = reach(Some(d));
                (0..n).filter(|&v| v != d && all[v] && !without[v]).count() as u32
            })
            .collect()
    }

    fn random_edges(seed: u64, n: usize) -> Vec<(usize, usize)> {
        let mut next = crate::analysis::adjacency::test_numbers(seed);
        (0..n * 2).map(|_| (next(n), next(n))).collect()
    }

    #[test]
    fn both_algorithms_agree_with_the_definition() {
        for seed in 0..60 {
            let n = 5 + seed as usize % 60;
            let edges = random_edges(seed, n);
            let roots: Vec<usize> = (0..1 + seed as usize % 3).collect();
            let f = Csr::from_pairs(n, edges.iter().copied());
            let search = Search::run(&f, &roots);
            let lt = lengauer_tarjan::idoms(&search);
            assert_eq!(semi_nca::idoms(&search, usize::MAX), Some(lt), "seed {seed}");
            assert_eq!(counts(n, &edges, &roots), naive(n, &edges, &roots), "seed {seed}");
        }
    }

    #[test]
    fn the_walk_gives_way_on_a_graph_built_against_it() {
        // 0 → 1 → … → 300, and 301..600 each reached from both ends of the chain: the search
        // enters them from 300 and each walk climbs the whole chain back to 1.
        let (chain, fan) = (300, 300);
        let mut edges: Vec<(usize, usize)> = (0..chain).map(|i| (i, i + 1)).collect();
        for x in chain + 1..=chain + fan {
            edges.push((chain, x));
            edges.push((1, x));
        }
        let n = chain + fan + 1;
        let f = Csr::from_pairs(n, edges.iter().copied());
        let search = Search::run(&f, &[0]);
        let budget = 4 * (search.vertex.len() + search.preds.edge_count());
        assert_eq!(semi_nca::idoms(&search, budget), None);
        assert_eq!(semi_nca::idoms(&search, usize::MAX), Some(lengauer_tarjan::idoms(&search)));
        let c = counts(n, &edges, &[0]);
        assert_eq!(c[1], (n - 2) as u32);
        assert_eq!(c[2], (chain - 2) as u32);
    }

    #[test]
    fn classic_cross_edges() {
        // A graph where semidominator and immediate dominator differ: 0→1, 1→2, 2→3, 0→4,
        // 4→3, 3→5, 5→2. Only 0 dominates 2 and 3; 3 dominates 5.
        let c = counts(6, &[(0, 1), (1, 2), (2, 3), (0, 4), (4, 3), (3, 5), (5, 2)], &[0]);
        assert_eq!(c, vec![5, 0, 0, 1, 0, 0]);
    }
}
