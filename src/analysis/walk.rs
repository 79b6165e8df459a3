//! One depth-first search over the whole graph, shared by two algorithms.
//!
//! The dependents count needs the strongly connected components ([`super::components`]);
//! the dominators need a depth-first numbering of the part the roots reach, with the
//! predecessors of every number ([`super::dominators`]). Both come from a depth-first search,
//! and on large graphs a search costs what its memory reads cost: each edge sends it to a
//! package anywhere in the graph. So one search does both. It starts at the roots, sorted,
//! then at every package not reached yet, in order, and finds the components with Tarjan's
//! algorithm; while it is still in the roots' part its visit numbers are the preorder numbers
//! the dominator algorithms use, so the edges it follows there are recorded by number on the
//! way.
//!
//! Tarjan's algorithm needs, for every edge, the visit number of its target and whether the
//! target's component is complete: one `u32` per package holds both (the top bit marks a
//! complete component), so an edge costs one four-byte read anywhere in the graph, the array
//! read at random stays half the size of a pair per package, and the number is still there
//! for the dominators' predecessor lists. The lowest number a package is known to reach is
//! needed only while it is on the search path, and is kept there. Nothing recurses: graphs
//! can be chains of 100,000 packages.

use super::adjacency::{Csr, Node, NONE};
use super::dominators::Search;

/// Marks, in a package's visit number, that its component is complete. Visit numbers stay
/// below it (a graph has fewer than 2³¹ packages: the lists of one that large would not fit
/// in memory).
const DONE: Node = 1 << 31;

/// What the search found.
pub(crate) struct Walk {
    /// The strongly connected component of every package, numbered in the order the search
    /// completed them: every edge between two components goes from a higher number to a
    /// lower one.
    pub(crate) comp: Vec<Node>,
    /// How many components there are.
    pub(crate) components: usize,
    /// The part the roots reach, numbered in preorder from the virtual root.
    pub(crate) search: Search,
}

/// Searches the graph with dependency lists `forward`, from `roots` (valid indexes, sorted,
/// each once) first.
pub(crate) fn walk(forward: &Csr, roots: &[usize]) -> Walk {
    let n = forward.len().min(DONE as usize - 1);
    // Per package: its visit number from 1 (0: not visited yet), with `DONE` set once its
    // component is complete. Four bytes a package, read once per edge.
    let mut visit: Vec<Node> = vec![0; n];
    let mut comp: Vec<Node> = vec![0; n];
    let mut visits: Node = 0;
    let mut components: Node = 0;
    // Packages whose component is still open (Tarjan's stack).
    let mut open: Vec<Node> = Vec::with_capacity(n);
    // The search path: (package, its visit number, the lowest visit number it is known to
    // reach, index of the next edge to follow, where its edges' targets go in `numbered`).
    // Only packages on the path need the third.
    let mut path: Vec<(Node, Node, Node, u32, u32)> = Vec::with_capacity(n);
    // The roots' part: the package of each preorder number and its parent's number (0 is
    // the virtual root), and the dependency lists by number, as adjacency lists whose
    // places are given out as packages are numbered (the virtual root's list, the roots,
    // first) and filled in as the search follows the edges.
    let mut vertex = Vec::with_capacity(n + 1);
    let mut parent = Vec::with_capacity(n + 1);
    vertex.push(NONE);
    parent.push(NONE);
    let mut starts_at: Vec<u32> = Vec::with_capacity(n + 2);
    starts_at.push(0);
    let lists = if roots.is_empty() { 0 } else { roots.len() + forward.edge_count() };
    let mut numbered: Vec<Node> = vec![0; lists];
    let mut filled = roots.len() as u32;
    let starts = roots.iter().map(|&r| (r, true)).chain((0..n).map(|s| (s, false)));
    for (i, (s, numbering)) in starts.enumerate() {
        let Some(&seen) = visit.get(s) else { continue };
        if numbering {
            // Every root is a child of the virtual root, even one an earlier root reached.
            numbered[i] = if seen == 0 { visits + 1 } else { seen & !DONE };
        }
        if seen != 0 {
            continue;
        }
        visits += 1;
        visit[s] = visits;
        open.push(s as Node);
        path.push((s as Node, visits, visits, 0, filled));
        if numbering {
            vertex.push(s as Node);
            parent.push(0);
            starts_at.push(filled);
            filled += forward.neighbours(s).len() as u32;
        }
        while let Some(top) = path.last_mut() {
            let (v, v_visit) = (top.0 as usize, top.1);
            if let Some(&w) = forward.neighbours(v).get(top.3 as usize) {
                let at = (top.4 + top.3) as usize;
                top.3 += 1;
                // (A target past the first 2³¹ packages is left out, as the search is.)
                let Some(&w_visit) = visit.get(w as usize) else { continue };
                if w_visit == 0 {
                    visits += 1;
                    visit[w as usize] = visits;
                    open.push(w);
                    path.push((w, visits, visits, 0, filled));
                    if numbering {
                        vertex.push(w);
                        parent.push(v_visit);
                        starts_at.push(filled);
                        filled += forward.neighbours(w as usize).len() as u32;
                        numbered[at] = visits;
                    }
                    continue;
                }
                if numbering {
                    numbered[at] = w_visit & !DONE;
                }
                // A package visited before lowers `v` only while its component is open
                // (then it is on `v`'s component's stack); with `DONE` set it is above
                // every visit number and changes nothing.
                top.2 = top.2.min(w_visit);
                continue;
            }
            let Some((_, v_visit, v_low, _, _)) = path.pop() else { break };
            if v_low == v_visit {
                // `v` is the first package of its component visited: close the component.
                while let Some(x) = open.pop() {
                    visit[x as usize] |= DONE;
                    comp[x as usize] = components;
                    if x as usize == v {
                        break;
                    }
                }
                components += 1;
            } else if let Some(up) = path.last_mut() {
                // The parent's edge to `v`, finished: `v`'s component is still open.
                up.2 = up.2.min(v_low);
            }
        }
    }
    starts_at.push(filled);
    numbered.truncate(filled as usize);
    let search = Search::from_forward(vertex, parent, &Csr::from_parts(starts_at, numbered));
    Walk { comp, components: components as usize, search }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_numbered_in_reverse_topological_order() {
        // 0 → {1 ⇄ 2} → 3
        let csr = Csr::from_pairs(4, [(0, 1), (1, 2), (2, 1), (2, 3)].into_iter());
        let w = walk(&csr, &[]);
        assert_eq!(w.components, 3);
        assert_eq!(w.comp[1], w.comp[2]);
        assert!(w.comp[0] > w.comp[1] && w.comp[1] > w.comp[3]);
    }

    #[test]
    fn nested_cycles_and_a_cycle_reached_twice() {
        // {0 → 1 → 2 → 0, 1 → 3 → 1} is one component; 4 ⇄ 5 reached from it and from 6.
        let edges = [(0, 1), (1, 2), (2, 0), (1, 3), (3, 1), (3, 4), (4, 5), (5, 4), (6, 5)];
        let csr = Csr::from_pairs(7, edges.into_iter());
        for roots in [&[][..], &[6], &[0, 6], &[4]] {
            let w = walk(&csr, roots);
            assert_eq!(w.components, 3, "roots {roots:?}");
            assert!(w.comp[..4].iter().all(|&c| c == w.comp[0]));
            assert_eq!(w.comp[4], w.comp[5]);
            assert!(w.comp[0] > w.comp[4] && w.comp[6] > w.comp[4] && w.comp[6] != w.comp[0]);
        }
    }

    #[test]
    fn the_roots_part_is_numbered_in_preorder_with_its_predecessors() {
        // 0 → 1 → 2, 0 → 2, 3 → 0; roots 0 and 2 (2 is reached from 0 first).
        let csr = Csr::from_pairs(4, [(0, 1), (1, 2), (0, 2), (3, 0)].into_iter());
        let w = walk(&csr, &[0, 2]);
        assert_eq!(w.search.vertex, vec![NONE, 0, 1, 2]);
        assert_eq!(w.search.parent, vec![NONE, 0, 1, 2]);
        // Number 3 (package 2) has the virtual root, 1 (package 0) and 2 (package 1) before it.
        let mut preds = w.search.preds.neighbours(3).to_vec();
        preds.sort_unstable();
        assert_eq!(preds, vec![0, 1, 2]);
        assert_eq!(w.search.preds.neighbours(1), &[0]);
        assert_eq!(w.components, 4);
    }

    /// Components by the definition: two packages share one when each reaches the other.
    fn same_component_naive(csr: &Csr, a: usize, b: usize) -> bool {
        let reaches = |from: usize, to: usize| {
            let mut seen = vec![false; csr.len()];
            let mut stack = vec![from];
            seen[from] = true;
            while let Some(v) = stack.pop() {
                if v == to {
                    return true;
                }
                for &x in csr.neighbours(v) {
                    if !std::mem::replace(&mut seen[x as usize], true) {
                        stack.push(x as usize);
                    }
                }
            }
            false
        };
        reaches(a, b) && reaches(b, a)
    }

    #[test]
    fn components_match_the_definition_on_random_graphs() {
        let mut next = crate::analysis::adjacency::test_numbers(11);
        for round in 0..40 {
            let n = 2 + round * 3;
            let edges: Vec<(usize, usize)> = (0..n + round % 5 * n / 2).map(|_| (next(n), next(n))).collect();
            let csr = Csr::from_pairs(n, edges.iter().copied());
            let roots: Vec<usize> = if round % 2 == 0 { vec![] } else { vec![next(n)] };
            let w = walk(&csr, &roots);
            for a in 0..n {
                for b in 0..n {
                    assert_eq!(
                        w.comp[a] == w.comp[b],
                        same_component_naive(&csr, a, b),
                        "round {round}: {a}, {b}"
                    );
                }
            }
            for &(a, b) in &edges {
                assert!(w.comp[a] >= w.comp[b], "round {round}: edge {a} → {b} goes up");
            }
        }
    }

    #[test]
    fn a_chain_of_100_000_packages_does_not_recurse() {
        let n = 100_000;
        let csr = Csr::from_pairs(n, (0..n - 1).map(|i| (i, i + 1)).chain([(n - 1, 0)]));
        let w = walk(&csr, &[0]);
        assert_eq!(w.components, 1);
        assert_eq!(w.search.vertex.len(), n + 1);
    }
}
