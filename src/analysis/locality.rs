//! The graph renumbered so that the packages a search visits one after another sit next to
//! one another in memory.
//!
//! A graph's packages come in the order of their ids, which says nothing of its shape: a
//! depth-first search from the roots jumps all over every per-package array. While the
//! arrays fit in the processor's caches that costs little; a graph of a million packages
//! has arrays of 4 MB each, and then every jump is a trip to a slower cache or to memory.
//! Numbered in the order of a depth-first search from the roots, a search's next package is
//! most often the next number: on a million-package graph the searches that follow take half
//! the time they took, more than the renumbering costs (the analysis on one thread 0.64 →
//! 0.51 s, `docs/performance.md`). Every metric is a property of the graph, not of its
//! numbering, so the analysis runs on the renumbered graph and hands its results back in
//! the packages' own order.

use super::adjacency::{Csr, Node, NONE};

/// A graph renumbered in depth-first preorder from its roots (then from every package not
/// reached yet, in order), with the way back to the original numbers.
pub(crate) struct Renumbered {
    /// The graph's dependency lists in the new numbers, each list sorted.
    pub(crate) forward: Csr,
    /// The roots in the new numbers, sorted.
    pub(crate) roots: Vec<usize>,
    /// The new number of every original package.
    new: Vec<Node>,
}

impl Renumbered {
    /// `forward` (with roots `roots`: valid indexes) renumbered.
    pub(crate) fn of(forward: &Csr, roots: &[usize]) -> Renumbered {
        let new = preorder(forward, roots);
        let n = forward.len();
        let mut old = vec![0 as Node; n];
        for (v, &i) in new.iter().enumerate() {
            old[i as usize] = v as Node;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(forward.edge_count());
        offsets.push(0u32);
        for &v in &old {
            let from = targets.len();
            targets.extend(forward.neighbours(v as usize).iter().map(|&w| new[w as usize]));
            targets[from..].sort_unstable();
            offsets.push(targets.len() as u32);
        }
        let mut roots: Vec<usize> = roots.iter().map(|&r| new[r] as usize).collect();
        roots.sort_unstable();
        Renumbered { forward: Csr::from_parts(offsets, targets), roots, new }
    }

    /// The new number of original package `v`.
    pub(crate) fn number(&self, v: usize) -> usize {
        self.new[v] as usize
    }
}

/// The new number of every package: depth-first preorder from `roots` in order, then from
/// every package not reached yet, in index order. Nothing recurses.
fn preorder(forward: &Csr, roots: &[usize]) -> Vec<Node> {
    let n = forward.len();
    let mut new = vec![NONE; n];
    let mut next: Node = 0;
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in roots.iter().copied().chain(0..n) {
        if new[start] != NONE {
            continue;
        }
        new[start] = next;
        next += 1;
        path.push((start, 0));
        while let Some((v, i)) = path.last_mut() {
            let Some(&w) = forward.neighbours(*v).get(*i) else {
                path.pop();
                continue;
            };
            *i += 1;
            if new[w as usize] == NONE {
                new[w as usize] = next;
                next += 1;
                path.push((w as usize, 0));
            }
        }
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_search_from_the_roots_then_the_rest() {
        // 3 → 1 → 4, 3 → 0; 2 is reached by nobody; root 3.
        let csr = Csr::from_pairs(5, [(3, 1), (1, 4), (3, 0)].into_iter());
        let r = Renumbered::of(&csr, &[3]);
        let numbers: Vec<usize> = (0..5).map(|v| r.number(v)).collect();
        // 3 first, then its lists in order: 0, then 1 and its 4; 2 last.
        assert_eq!(numbers, vec![1, 2, 4, 0, 3]);
        assert_eq!(r.roots, vec![0]);
        assert_eq!(r.forward.neighbours(0), &[1, 2]);
        assert_eq!(r.forward.neighbours(2), &[3]);
        assert!(r.forward.neighbours(4).is_empty());
    }

    #[test]
    fn every_edge_survives_renumbering() {
        let mut next = crate::analysis::adjacency::test_numbers(5);
        for round in 0..30 {
            let n = 1 + round * 5;
            let edges: Vec<(usize, usize)> = (0..n * 3).map(|_| (next(n), next(n))).collect();
            let csr = Csr::from_pairs(n, edges.iter().copied());
            let roots = [next(n)];
            let r = Renumbered::of(&csr, &roots);
            let mut seen: Vec<Node> = (0..n).map(|v| r.number(v) as Node).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n as Node).collect::<Vec<_>>(), "round {round}: not a permutation");
            assert_eq!(r.roots, vec![r.number(roots[0])]);
            for v in 0..n {
                let mut mapped: Vec<Node> =
                    csr.neighbours(v).iter().map(|&w| r.number(w as usize) as Node).collect();
                mapped.sort_unstable();
                assert_eq!(r.forward.neighbours(r.number(v)), &mapped[..], "round {round}, node {v}");
            }
        }
    }
}
