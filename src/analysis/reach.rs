//! Which packages the roots use directly, and how far each package is from the roots.
//!
//! Depth is the length of the shortest dependency path from any root, found by one
//! breadth-first search started from all roots at once; it tells a reader how deep in the tree
//! a package sits, and a package no root reaches (left over in an SBOM, or reachable only
//! through dev-dependencies that were dropped) gets no depth at all rather than a made-up one.

use std::collections::VecDeque;

use super::adjacency::{valid_roots, Csr};
use crate::model::Graph;

/// For every package, whether a root other than itself depends on it directly.
///
/// A root is not "direct" merely for being a root: in a workspace, a member is direct only
/// when another member depends on it.
pub fn direct(graph: &Graph) -> Vec<bool> {
    direct_in(&Csr::forward(graph), &valid_roots(graph))
}

/// For every package, the length of the shortest path from any root: 0 for a root, `None`
/// for a package no root reaches.
pub fn depths(graph: &Graph) -> Vec<Option<u32>> {
    depths_in(&Csr::forward(graph), &valid_roots(graph))
}

/// [`direct`] on prebuilt adjacency lists (which contain no self-loops).
pub(crate) fn direct_in(forward: &Csr, roots: &[usize]) -> Vec<bool> {
    let mut direct = vec![false; forward.len()];
    for &r in roots {
        for &w in forward.neighbours(r) {
            if let Some(slot) = direct.get_mut(w as usize) {
                *slot = true;
            }
        }
    }
    direct
}

/// [`depths`] on prebuilt adjacency lists: a textbook breadth-first search from all the
/// roots at once, so each package is first reached along a shortest path.
pub(crate) fn depths_in(forward: &Csr, roots: &[usize]) -> Vec<Option<u32>> {
    let mut depth = vec![None; forward.len()];
    let mut queue = VecDeque::with_capacity(forward.len());
    for &r in roots {
        if let Some(slot @ None) = depth.get_mut(r) {
            *slot = Some(0);
            queue.push_back(r);
        }
    }
    while let Some(v) = queue.pop_front() {
        let next = depth[v].map(|d: u32| d + 1);
        for &w in forward.neighbours(v) {
            let w = w as usize;
            if depth[w].is_none() {
                depth[w] = next;
                queue.push_back(w);
            }
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_path_wins_and_unreachable_has_no_depth() {
        // 0 → 1 → 2 → 3, 0 → 3, 4 isolated, 5 → 0 but 5 is not a root.
        let csr = Csr::from_pairs(6, [(0, 1), (1, 2), (2, 3), (0, 3), (5, 0)].into_iter());
        assert_eq!(depths_in(&csr, &[0]), vec![Some(0), Some(1), Some(2), Some(1), None, None]);
        assert_eq!(direct_in(&csr, &[0]), vec![false, true, false, true, false, false]);
    }

    #[test]
    fn depths_match_a_textbook_search_on_random_graphs() {
        let mut next = crate::analysis::adjacency::test_numbers(7);
        for round in 0..50 {
            let n = 1 + round * 7;
            let edges: Vec<(usize, usize)> = (0..n * (round % 4)).map(|_| (next(n), next(n))).collect();
            let csr = Csr::from_pairs(n, edges.iter().copied().filter(|(a, b)| a != b));
            let roots: Vec<usize> = (0..1 + round % 3)
                .map(|_| next(n))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut expected = vec![None; n];
            let mut queue = std::collections::VecDeque::new();
            for &r in &roots {
                expected[r] = Some(0);
                queue.push_back(r);
            }
            while let Some(v) = queue.pop_front() {
                for &w in csr.neighbours(v) {
                    if expected[w as usize].is_none() {
                        expected[w as usize] = expected[v].map(|d| d + 1);
                        queue.push_back(w as usize);
                    }
                }
            }
            assert_eq!(depths_in(&csr, &roots), expected, "round {round}");
        }
    }

    #[test]
    fn root_depending_on_root_makes_it_direct() {
        let csr = Csr::from_pairs(3, [(0, 1), (1, 2)].into_iter());
        assert_eq!(direct_in(&csr, &[0, 1]), vec![false, true, true]);
        assert_eq!(depths_in(&csr, &[0, 1]), vec![Some(0), Some(0), Some(1)]);
    }
}
