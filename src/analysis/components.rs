//! Strongly connected components, and the graph of components they leave.
//!
//! Packages on a dependency cycle all depend on one another, so several algorithms here first
//! collapse each cycle into one node. The components are found with Pearce's variant of
//! Tarjan's algorithm ("A space-efficient algorithm for finding strongly connected
//! components", 2016): one `u32` per package instead of Tarjan's two indexes and an on-stack
//! flag, which at 100,000 packages is the difference between arrays that stay in the
//! second-level cache and arrays that do not. The search keeps its own stack instead of
//! recursing, since graphs can be chains of 100,000 packages.

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
        let (comp, count) = strongly_connected(forward);
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

/// The component of every node and the number of components, components numbered in the
/// order they complete (see [`Components::comp`]).
pub(crate) fn strongly_connected(forward: &Csr) -> (Vec<Node>, usize) {
    let n = forward.len();
    if n == 0 {
        return (Vec::new(), 0);
    }
    let last = (n - 1) as Node;
    // 0: not visited yet. While a node's component is open: its visit number (from 1),
    // lowered to the smallest number it is known to reach. Once the component is complete:
    // `last` minus the component's completion number. Completed values stay above every open
    // one, so a completed component never lowers an open node (Pearce's invariant).
    let mut rindex = vec![0 as Node; n];
    let mut index: Node = 1;
    let mut next_comp: Node = last;
    // Nodes whose component is still open, waiting for its root to complete.
    let mut waiting: Vec<Node> = Vec::new();
    // The search path: (node, next edge to look at, no edge has lowered it yet).
    let mut path: Vec<(Node, u32, bool)> = Vec::new();
    for s in 0..n {
        if rindex[s] != 0 {
            continue;
        }
        rindex[s] = index;
        index += 1;
        path.push((s as Node, 0, true));
        while let Some(top) = path.last_mut() {
            let (v, i, _) = *top;
            if let Some(&w) = forward.neighbours(v as usize).get(i as usize) {
                if rindex[w as usize] == 0 {
                    // Descend; the edge is looked at again once `w` is finished.
                    rindex[w as usize] = index;
                    index += 1;
                    path.push((w, 0, true));
                    continue;
                }
                top.1 += 1;
                if rindex[w as usize] < rindex[v as usize] {
                    rindex[v as usize] = rindex[w as usize];
                    top.2 = false;
                }
                continue;
            }
            let Some((v, _, root)) = path.pop() else { break };
            if root {
                // `v` is the first-visited node of a component: close it.
                index -= 1;
                while let Some(&w) = waiting.last() {
                    if rindex[v as usize] > rindex[w as usize] {
                        break;
                    }
                    waiting.pop();
                    rindex[w as usize] = next_comp;
                    index -= 1;
                }
                rindex[v as usize] = next_comp;
                next_comp = next_comp.wrapping_sub(1);
            } else {
                waiting.push(v);
            }
            if let Some(parent) = path.last_mut() {
                // Finish the parent's edge to `v`.
                parent.1 += 1;
                let p = parent.0 as usize;
                if rindex[v as usize] < rindex[p] {
                    rindex[p] = rindex[v as usize];
                    parent.2 = false;
                }
            }
        }
    }
    let count = last.wrapping_sub(next_comp) as usize;
    for r in &mut rindex {
        *r = last - *r;
    }
    (rindex, count)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn nested_cycles_and_a_cycle_reached_twice() {
        // {0 → 1 → 2 → 0, 1 → 3 → 1} is one component; 4 ⇄ 5 reached from it and from 6.
        let edges = [(0, 1), (1, 2), (2, 0), (1, 3), (3, 1), (3, 4), (4, 5), (5, 4), (6, 5)];
        let csr = Csr::from_pairs(7, edges.into_iter());
        let (comp, count) = strongly_connected(&csr);
        assert_eq!(count, 3);
        assert!(comp[..4].iter().all(|&c| c == comp[0]));
        assert_eq!(comp[4], comp[5]);
        assert!(comp[0] > comp[4] && comp[6] > comp[4] && comp[6] != comp[0]);
        let c = Components::of(&csr);
        assert_eq!(c.size[comp[0] as usize], 4);
        let mut into_45 = c.dependents.neighbours(comp[4] as usize).to_vec();
        into_45.sort_unstable();
        let mut expected = vec![comp[0], comp[6]];
        expected.sort_unstable();
        assert_eq!(into_45, expected);
    }

    #[test]
    fn empty_graph_has_no_components() {
        let (comp, count) = strongly_connected(&Csr::from_pairs(0, std::iter::empty()));
        assert!(comp.is_empty());
        assert_eq!(count, 0);
    }
}
