//! The depth-first search from the virtual root that both dominator algorithms number the
//! graph by.
//!
//! Lengauer–Tarjan and Semi-NCA work on preorder numbers: a package's number is when the
//! search first reached it, its semidominator is found among the numbers of its
//! predecessors, and the search tree's parent of every number is a candidate dominator.
//! This module numbers the part of the graph the roots reach (number 0 is the virtual root,
//! whose children are the roots), then lists every number's predecessors by number, so the
//! algorithms read arrays indexed by number and never look a package up.

use super::super::adjacency::{Csr, Node, NONE};

/// The preorder numbering of the part of the graph the roots reach, from the virtual root.
pub(super) struct Search {
    /// The package of each preorder number; `vertex[0]` is the virtual root (`NONE`).
    pub(super) vertex: Vec<Node>,
    /// The number of each number's parent in the search tree (`NONE` for 0).
    pub(super) parent: Vec<Node>,
    /// The predecessors of each number, as numbers (0 for a root). Packages no root reaches
    /// have no number and are left out.
    pub(super) preds: Csr,
}

impl Search {
    /// The search over `forward` whose first steps are `roots` (valid indexes, sorted, each
    /// once), in order. Nothing recurses: the search path is a stack of its own, as graphs
    /// can be chains of 100,000 packages.
    pub(super) fn run(forward: &Csr, roots: &[usize]) -> Search {
        let n = forward.len();
        let mut number = vec![NONE; n];
        let mut vertex = Vec::with_capacity(n + 1);
        let mut parent = Vec::with_capacity(n + 1);
        vertex.push(NONE);
        parent.push(NONE);
        // The search path: each package's number with the index of the next edge to follow.
        let mut path: Vec<(Node, usize)> = Vec::with_capacity(n);
        for &root in roots {
            if number[root] != NONE {
                continue;
            }
            number[root] = vertex.len() as Node;
            path.push((number[root], 0));
            vertex.push(root as Node);
            parent.push(0);
            while let Some((v, next)) = path.last_mut() {
                let Some(&w) = forward.neighbours(vertex[*v as usize] as usize).get(*next) else {
                    path.pop();
                    continue;
                };
                *next += 1;
                if number[w as usize] == NONE {
                    number[w as usize] = vertex.len() as Node;
                    parent.push(*v);
                    path.push((number[w as usize], 0));
                    vertex.push(w);
                }
            }
        }
        // The dependency lists by number (the virtual root's are the roots), turned round.
        let mut offsets = Vec::with_capacity(vertex.len() + 1);
        let mut targets = Vec::with_capacity(roots.len() + forward.edge_count());
        offsets.push(0);
        targets.extend(roots.iter().map(|&r| number[r]));
        offsets.push(targets.len() as u32);
        for &v in &vertex[1..] {
            targets.extend(forward.neighbours(v as usize).iter().map(|&w| number[w as usize]));
            offsets.push(targets.len() as u32);
        }
        let preds = Csr::from_parts(offsets, targets).transpose();
        Search { vertex, parent, preds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roots_part_is_numbered_in_preorder_with_its_predecessors() {
        // 0 → 1 → 2, 0 → 2, 3 → 0; roots 0 and 2 (2 is reached from 0 first).
        let csr = Csr::from_pairs(4, [(0, 1), (1, 2), (0, 2), (3, 0)].into_iter());
        let search = Search::run(&csr, &[0, 2]);
        assert_eq!(search.vertex, vec![NONE, 0, 1, 2]);
        assert_eq!(search.parent, vec![NONE, 0, 1, 2]);
        // Number 3 (package 2) has the virtual root, 1 (package 0) and 2 (package 1) before it.
        assert_eq!(search.preds.neighbours(3), &[0, 1, 2]);
        assert_eq!(search.preds.neighbours(1), &[0]);
        assert_eq!(search.preds.neighbours(2), &[1]);
    }

    #[test]
    fn a_chain_of_100_000_packages_does_not_recurse() {
        let n = 100_000;
        let csr = Csr::from_pairs(n, (0..n - 1).map(|i| (i, i + 1)).chain([(n - 1, 0)]));
        let search = Search::run(&csr, &[0]);
        assert_eq!(search.vertex.len(), n + 1);
        assert_eq!(search.parent[n], (n - 1) as Node);
    }
}
