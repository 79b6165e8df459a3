//! The usual count: ancestor sets as lists of intervals.
//!
//! Every package gets a position: the postorder of a depth-first forest that follows edges
//! from a package to its dependents, started at the packages that depend on nothing (the
//! "tree cover" of Agrawal, Borgida and Jagadish, 1989). In that order the packages a search
//! reached from a component form one run of positions that ends with the component itself,
//! and each of them depends on it. So a component's ancestors, itself included, are its own
//! run plus whatever its dependents' lists add: a union of a few intervals where a bitset
//! would need a bit for every package. Dependency graphs are mostly tree-like, with most of
//! the sharing near the bottom, and their lists stay short (a few per component on the
//! synthetic graphs of the benchmarks); the work is then close to linear in the number of
//! edges.
//!
//! Nothing bounds the lists on an adversarial graph, so both the intervals held at once and
//! the total work are budgeted; past either budget the caller falls back to bitsets.

use super::super::adjacency::{Csr, NONE};
use super::super::components::Components;

/// A half-open run of positions `start..end`.
type Span = (u32, u32);

/// One component's list, without a heap allocation for the common single span.
enum List {
    Empty,
    One([Span; 1]),
    Many(Box<[Span]>),
}

impl List {
    fn spans(&self) -> &[Span] {
        match self {
            List::Empty => &[],
            List::One(one) => one,
            List::Many(many) => many,
        }
    }

    fn of(spans: &[Span]) -> List {
        match spans {
            [] => List::Empty,
            &[one] => List::One([one]),
            many => List::Many(many.into()),
        }
    }
}

/// For every component, how many packages outside it reach it; `None` when the lists would
/// hold more than `live_budget` spans at once or merging them would read more than
/// `work_budget` spans in all.
pub(super) fn ancestors(comps: &Components, live_budget: usize, work_budget: usize) -> Option<Vec<usize>> {
    let count = comps.len();
    let dependents = &comps.dependents;
    // How many components are still to read each list: the component's dependencies.
    let mut readers: Vec<u32> = (0..count).map(|c| comps.dependencies.neighbours(c).len() as u32).collect();
    let end = positions(dependents, &comps.size);
    let mut lists: Vec<List> = (0..count).map(|_| List::Empty).collect();
    let mut ancestors = vec![0usize; count];
    let mut scratch: Vec<Span> = Vec::new();
    let (mut live, mut work) = (0usize, 0usize);
    // Dependents have higher numbers: a descending sweep has every list it reads ready.
    for c in (0..count).rev() {
        let size = comps.size[c];
        scratch.clear();
        scratch.push((end[c] - size, end[c]));
        for &d in dependents.neighbours(c) {
            scratch.extend_from_slice(lists[d as usize].spans());
        }
        work += scratch.len();
        if work > work_budget {
            return None;
        }
        let merged = union(&mut scratch);
        ancestors[c] = merged.iter().map(|&(a, b)| (b - a) as usize).sum::<usize>() - size as usize;
        if readers[c] > 0 {
            live += merged.len();
            if live > live_budget {
                return None;
            }
            lists[c] = List::of(merged);
        }
        for &d in dependents.neighbours(c) {
            let d = d as usize;
            readers[d] -= 1;
            if readers[d] == 0 {
                live -= lists[d].spans().len();
                lists[d] = List::Empty;
            }
        }
    }
    Some(ancestors)
}

/// Sorts `spans` and merges those that overlap or touch, in place; returns the merged prefix.
fn union(spans: &mut [Span]) -> &[Span] {
    spans.sort_unstable();
    let mut kept = 0;
    for i in 0..spans.len() {
        let (a, b) = spans[i];
        if kept > 0 && a <= spans[kept - 1].1 {
            spans[kept - 1].1 = spans[kept - 1].1.max(b);
        } else {
            spans[kept] = (a, b);
            kept += 1;
        }
    }
    &spans[..kept]
}

/// For every component, one past the last of its positions (it holds `size` positions
/// ending there), numbered in the postorder of a depth-first forest along `dependents`.
///
/// Components are taken as starting points in ascending order; the first unvisited one is
/// always a component that depends on nothing, since whatever it depends on has a lower
/// number and was reached (in reverse) before it.
fn positions(dependents: &Csr, size: &[u32]) -> Vec<u32> {
    let count = size.len();
    // NONE: not reached yet; 0: on the search path; otherwise the final value.
    let mut end = vec![NONE; count];
    let mut next = 0u32;
    let mut path: Vec<(u32, u32)> = Vec::new();
    for s in 0..count {
        if end[s] != NONE {
            continue;
        }
        end[s] = 0;
        path.push((s as u32, 0));
        while let Some(top) = path.last_mut() {
            let (v, i) = *top;
            if let Some(&w) = dependents.neighbours(v as usize).get(i as usize) {
                top.1 += 1;
                if end[w as usize] == NONE {
                    end[w as usize] = 0;
                    path.push((w, 0));
                }
            } else {
                next += size[v as usize];
                end[v as usize] = next;
                path.pop();
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_merges_overlapping_and_touching_spans() {
        let mut spans = vec![(5, 7), (0, 2), (2, 3), (6, 9), (11, 12)];
        assert_eq!(union(&mut spans), &[(0, 3), (5, 9), (11, 12)]);
        assert_eq!(union(&mut []), &[] as &[Span]);
    }
}
