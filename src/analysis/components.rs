//! Strongly connected components, and the graph of components they leave.
//!
//! Packages on a dependency cycle all depend on one another, so the dependents count first
//! collapses each cycle into one node. The components are found by Tarjan's algorithm (one
//! depth-first search, written with an explicit stack: graphs can be chains of 100,000
//! packages), which completes them in an order that is already topological; this module
//! then builds the acyclic graph of components.

use super::adjacency::{Csr, Node, NONE};

/// The strongly connected components of a graph and the edges between them.
pub(crate) struct Components {
    /// The component of every package. Components are numbered in the order the search
    /// completes them, so every edge between two components goes from a higher number to a
    /// lower one: descending numbers are a topological order, dependents first.
    pub(crate) comp: Vec<Node>,
    /// How many packages each component holds.
    pub(crate) size: Vec<u32>,
    /// For every component, the other components it has an edge to (its dependencies),
    /// each once, sorted.
    pub(crate) dependencies: Csr,
    /// For every component, the other components with an edge into it (its dependents),
    /// each once, sorted.
    pub(crate) dependents: Csr,
}

impl Components {
    /// The components of the graph with dependency lists `forward`.
    pub(crate) fn of(forward: &Csr) -> Components {
        let (comp, count) = tarjan(forward);
        let mut size = vec![0u32; count];
        for &c in &comp {
            size[c as usize] += 1;
        }
        let dependencies = condensed(forward, &comp, &size);
        let dependents = dependencies.transpose();
        Components { comp, size, dependencies, dependents }
    }

    /// Number of components.
    pub(crate) fn len(&self) -> usize {
        self.size.len()
    }
}

/// The strongly connected component of every package, numbered in the order Tarjan's
/// algorithm completes them, and how many there are.
///
/// The search starts at every package not visited yet, in order. A component is complete
/// when the search leaves the first of its packages it visited (the one whose `low`, the
/// smallest visit number it reaches among packages whose component is still open, is its
/// own); by then every component it reaches is complete, so edges between components go
/// from higher numbers to lower ones.
fn tarjan(forward: &Csr) -> (Vec<Node>, usize) {
    let n = forward.len();
    let mut visit = vec![NONE; n];
    let mut low = vec![NONE; n];
    let mut comp = vec![NONE; n];
    let mut count: Node = 0;
    let mut visits: Node = 0;
    // Visited packages whose component is not complete yet (Tarjan's stack).
    let mut open: Vec<Node> = Vec::with_capacity(n);
    // The search path: each package with the index of the next edge to follow.
    let mut path: Vec<(usize, usize)> = Vec::with_capacity(n);
    for start in 0..n {
        if visit[start] != NONE {
            continue;
        }
        visit[start] = visits;
        low[start] = visits;
        visits += 1;
        open.push(start as Node);
        path.push((start, 0));
        while let Some((v, next)) = path.last_mut() {
            let v = *v;
            if let Some(&w) = forward.neighbours(v).get(*next) {
                *next += 1;
                let w = w as usize;
                if visit[w] == NONE {
                    visit[w] = visits;
                    low[w] = visits;
                    visits += 1;
                    open.push(w as Node);
                    path.push((w, 0));
                } else if comp[w] == NONE {
                    // Visited, and its component not complete: `w` is on the open stack.
                    low[v] = low[v].min(visit[w]);
                }
                continue;
            }
            path.pop();
            if low[v] == visit[v] {
                // `v` is the first package of its component visited: close the component.
                while let Some(x) = open.pop() {
                    comp[x as usize] = count;
                    if x as usize == v {
                        break;
                    }
                }
                count += 1;
            }
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    (comp, count as usize)
}

/// The edges of `forward` between distinct components, each once, in linear time: the
/// packages are grouped by component (a counting sort), and a mark per component drops
/// repeats while one component's lists are read.
fn condensed(forward: &Csr, comp: &[Node], size: &[u32]) -> Csr {
    let count = size.len();
    let mut start = Vec::with_capacity(count + 1);
    start.push(0u32);
    for &s in size {
        let last = start.last().copied().unwrap_or(0);
        start.push(last + s);
    }
    let mut next = start.clone();
    let mut members = vec![0 as Node; comp.len()];
    for (v, &c) in comp.iter().enumerate() {
        members[next[c as usize] as usize] = v as Node;
        next[c as usize] += 1;
    }
    let mut seen = vec![NONE; count];
    let mut offsets = Vec::with_capacity(count + 1);
    let mut targets = Vec::new();
    offsets.push(0u32);
    for c in 0..count {
        let from = targets.len();
        for &v in &members[start[c] as usize..start[c + 1] as usize] {
            for &u in forward.neighbours(v as usize) {
                let d = comp[u as usize];
                if d as usize != c && seen[d as usize] != c as Node {
                    seen[d as usize] = c as Node;
                    targets.push(d);
                }
            }
        }
        targets[from..].sort_unstable();
        offsets.push(targets.len() as u32);
    }
    Csr::from_parts(offsets, targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condensed_edges_are_each_once_in_both_directions() {
        // {0 → 1 → 2 → 0, 1 → 3 → 1} is one component; 4 ⇄ 5 reached from it (twice) and from 6.
        let edges = [(0, 1), (1, 2), (2, 0), (1, 3), (3, 1), (3, 4), (2, 4), (4, 5), (5, 4), (6, 5)];
        let c = Components::of(&Csr::from_pairs(7, edges.into_iter()));
        assert_eq!(c.len(), 3);
        let (big, pair, lone) = (c.comp[0], c.comp[4], c.comp[6]);
        assert_eq!(c.size[big as usize], 4);
        assert_eq!(c.size[pair as usize], 2);
        assert_eq!(c.dependencies.neighbours(big as usize), &[pair]);
        assert_eq!(c.dependencies.neighbours(lone as usize), &[pair]);
        let mut into_pair = c.dependents.neighbours(pair as usize).to_vec();
        into_pair.sort_unstable();
        let mut expected = vec![big, lone];
        expected.sort_unstable();
        assert_eq!(into_pair, expected);
    }

    #[test]
    fn empty_graph_has_no_components() {
        let c = Components::of(&Csr::from_pairs(0, std::iter::empty()));
        assert!(c.comp.is_empty());
        assert_eq!(c.len(), 0);
    }

    #[test]
    fn components_are_numbered_in_reverse_topological_order() {
        // 0 → {1 ⇄ 2} → 3
        let (comp, count) = tarjan(&Csr::from_pairs(4, [(0, 1), (1, 2), (2, 1), (2, 3)].into_iter()));
        assert_eq!(count, 3);
        assert_eq!(comp[1], comp[2]);
        assert!(comp[0] > comp[1] && comp[1] > comp[3]);
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
            let (comp, _) = tarjan(&csr);
            for a in 0..n {
                for b in 0..n {
                    assert_eq!(
                        comp[a] == comp[b],
                        same_component_naive(&csr, a, b),
                        "round {round}: {a}, {b}"
                    );
                }
            }
            for &(a, b) in &edges {
                assert!(comp[a] >= comp[b], "round {round}: edge {a} → {b} goes up");
            }
        }
    }

    #[test]
    fn a_cycle_of_100_000_packages_does_not_recurse() {
        let n = 100_000;
        let csr = Csr::from_pairs(n, (0..n - 1).map(|i| (i, i + 1)).chain([(n - 1, 0)]));
        let (comp, count) = tarjan(&csr);
        assert_eq!(count, 1);
        assert!(comp.iter().all(|&c| c == 0));
    }
}
