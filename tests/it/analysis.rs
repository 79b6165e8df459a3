//! Graph analysis on hand-built graphs, checked against hand-worked answers, and on random
//! graphs, checked against slow but obviously correct reference implementations.

use std::collections::VecDeque;

use cargo_sovereign::analysis::dependents::dependents_counts;
use cargo_sovereign::analysis::dominators::{dominated_counts, immediate_dominators};
use cargo_sovereign::analysis::{analyse, critical, total_non_roots, CriticalThresholds, PackageMetrics};
use cargo_sovereign::model::{DepKind, Edge, Graph, GraphBuilder, Package};

/// A graph over packages `p000000`, `p000001`, … whose indices after sorting equal the
/// numbers used here. `roots` empty lets the builder choose roots.
fn graph(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Graph {
    let mut b = GraphBuilder::new(false);
    for i in 0..n {
        let id = format!("p{i:06}");
        let index = b.add_package(Package { id: id.clone(), name: id, ..Package::default() });
        assert_eq!(index, i);
    }
    for &(from, to) in edges {
        b.add_edge(from, to, DepKind::Normal);
    }
    for &r in roots {
        b.add_root(r);
    }
    b.finish()
}

fn column<T>(metrics: &[PackageMetrics], f: impl Fn(&PackageMetrics) -> T) -> Vec<T> {
    metrics.iter().map(f).collect()
}

#[test]
fn diamond() {
    // 0 → {1, 2} → 3
    let m = analyse(&graph(4, &[(0, 1), (0, 2), (1, 3), (2, 3)], &[0]));
    assert_eq!(column(&m, |m| m.root), [true, false, false, false]);
    assert_eq!(column(&m, |m| m.direct), [false, true, true, false]);
    assert_eq!(column(&m, |m| m.depth), [Some(0), Some(1), Some(1), Some(2)]);
    assert_eq!(column(&m, |m| m.dependents), [0, 1, 1, 3]);
    assert_eq!(column(&m, |m| m.dominated), [3, 0, 0, 0]);
}

#[test]
fn chain() {
    let m = analyse(&graph(6, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)], &[]));
    assert_eq!(column(&m, |m| m.depth), (0..6).map(Some).collect::<Vec<_>>());
    assert_eq!(column(&m, |m| m.dependents), [0, 1, 2, 3, 4, 5]);
    assert_eq!(column(&m, |m| m.dominated), [5, 4, 3, 2, 1, 0]);
    assert_eq!(column(&m, |m| m.direct), [false, true, false, false, false, false]);
}

#[test]
fn several_roots() {
    // Roots 0 and 1; 1 → 0 (a member depending on a member); 0 → 2 → 3; 1 → 4, 0 → 4.
    let g = graph(5, &[(1, 0), (0, 2), (2, 3), (1, 4), (0, 4)], &[0, 1]);
    let m = analyse(&g);
    assert_eq!(column(&m, |m| m.root), [true, true, false, false, false]);
    assert_eq!(column(&m, |m| m.direct), [true, false, true, false, true]);
    assert_eq!(column(&m, |m| m.depth), [Some(0), Some(0), Some(1), Some(2), Some(1)]);
    assert_eq!(column(&m, |m| m.dependents), [1, 0, 2, 3, 2]);
    // 0 is a root in its own right, so 1 does not dominate it; 4 is reached from both roots.
    assert_eq!(column(&m, |m| m.dominated), [2, 0, 1, 0, 0]);
    assert_eq!(immediate_dominators(&g), [None, None, Some(0), Some(2), None]);
}

#[test]
fn cycle_through_a_root() {
    // 0 → 1 → 2 → 0, 2 → 3
    let m = analyse(&graph(4, &[(0, 1), (1, 2), (2, 0), (2, 3)], &[0]));
    assert_eq!(column(&m, |m| m.depth), [Some(0), Some(1), Some(2), Some(3)]);
    assert_eq!(column(&m, |m| m.dependents), [2, 2, 2, 3]);
    assert_eq!(column(&m, |m| m.dominated), [3, 2, 1, 0]);
    assert_eq!(column(&m, |m| m.direct), [false, true, false, false]);
}

#[test]
fn two_cycle() {
    // 0 → 1 ⇄ 2 → 3
    let m = analyse(&graph(4, &[(0, 1), (1, 2), (2, 1), (2, 3)], &[0]));
    assert_eq!(column(&m, |m| m.dependents), [0, 2, 2, 3]);
    assert_eq!(column(&m, |m| m.dominated), [3, 2, 1, 0]);
}

#[test]
fn unreachable_cycle_and_unreachable_package() {
    // Root 0 → 1; 2 → 3 → 4 → 2 and 5 are reached by no root.
    let m = analyse(&graph(6, &[(0, 1), (2, 3), (3, 4), (4, 2)], &[0]));
    assert_eq!(column(&m, |m| m.depth), [Some(0), Some(1), None, None, None, None]);
    assert_eq!(column(&m, |m| m.dependents), [0, 1, 2, 2, 2, 0]);
    assert_eq!(column(&m, |m| m.dominated), [1, 0, 0, 0, 0, 0]);
    assert_eq!(column(&m, |m| m.root), [true, false, false, false, false, false]);
    let t = CriticalThresholds::default();
    let total = total_non_roots(&m);
    assert_eq!(total, 5);
    let flags: Vec<bool> = m.iter().map(|m| critical(m, total, &t)).collect();
    assert_eq!(flags, [false, true, false, false, false, false]);
}

#[test]
fn gateway_dominates_everything_behind_it() {
    // 0 → 1 (gateway) → {2, 3} → 4; 0 → 5 → 6; 0 → 7.
    let edges = [(0, 1), (1, 2), (1, 3), (2, 4), (3, 4), (0, 5), (5, 6), (0, 7)];
    let g = graph(8, &edges, &[0]);
    let m = analyse(&g);
    assert_eq!(column(&m, |m| m.dominated), [7, 3, 0, 0, 0, 1, 0, 0]);
    let idom = immediate_dominators(&g);
    assert_eq!(idom[4], Some(1));
    assert_eq!(idom[2], Some(1));
    assert_eq!(idom[1], Some(0));
}

#[test]
fn two_paths_mean_no_single_point() {
    // 0 → 1 → 2 → 4 and 0 → 3 → 4: neither 2 nor 3 dominates 4, but 4's dependents are 4.
    let g = graph(5, &[(0, 1), (1, 2), (2, 4), (0, 3), (3, 4)], &[0]);
    let m = analyse(&g);
    assert_eq!(column(&m, |m| m.dominated), [4, 1, 0, 0, 0]);
    assert_eq!(m[4].dependents, 4);
    assert_eq!(immediate_dominators(&g)[4], Some(0));
}

#[test]
fn critical_by_share_and_by_directness() {
    // Root 0 → 1 → 2 → {3..=12}; 0 → 13.  1 dominates 11 of 13 non-roots.
    let mut edges = vec![(0, 1), (1, 2), (0, 13)];
    edges.extend((3..=12).map(|i| (2, i)));
    let m = analyse(&graph(14, &edges, &[0]));
    let total = total_non_roots(&m);
    let t = CriticalThresholds::default();
    let flags: Vec<usize> = (0..m.len()).filter(|&i| critical(&m[i], total, &t)).collect();
    // 1 and 13 are direct; 2 dominates 10/13 packages; each leaf has 3/13 ≥ 0.10 dependents.
    assert_eq!(flags, (1..14).collect::<Vec<_>>());
    let strict = CriticalThresholds { dependents_share: 0.5, dominated_share: 0.5 };
    let flags: Vec<usize> = (0..m.len()).filter(|&i| critical(&m[i], total, &strict)).collect();
    assert_eq!(flags, [1, 2, 13]);
}

#[test]
fn malformed_graph_does_not_panic() {
    let pkg = |id: &str| Package { id: id.into(), ..Package::default() };
    let g = Graph {
        packages: vec![pkg("a"), pkg("b")],
        edges: vec![
            Edge { from: 0, to: 0, kind: DepKind::Normal },
            Edge { from: 0, to: 7, kind: DepKind::Normal },
            Edge { from: 9, to: 1, kind: DepKind::Normal },
            Edge { from: 0, to: 1, kind: DepKind::Normal },
            Edge { from: 0, to: 1, kind: DepKind::Build },
        ],
        roots: vec![5, 0, 0],
        ..Graph::default()
    };
    let m = analyse(&g);
    assert_eq!(column(&m, |m| m.dependents), [0, 1]);
    assert_eq!(column(&m, |m| m.dominated), [1, 0]);
    assert_eq!(column(&m, |m| m.direct), [false, true]);
    assert!(analyse(&Graph::default()).is_empty());
}

/// A small deterministic PRNG (SplitMix64), so the random graphs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Nodes reachable from `starts` without passing through `removed`.
fn reachable(adj: &[Vec<usize>], starts: &[usize], removed: Option<usize>) -> Vec<bool> {
    let mut seen = vec![false; adj.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &s in starts {
        if Some(s) != removed && !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if Some(w) != removed && !seen[w] {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    seen
}

/// Reference: `d` dominates `w` iff removing `d` makes `w` unreachable from the roots.
fn naive_dominated(adj: &[Vec<usize>], roots: &[usize]) -> Vec<u32> {
    let all = reachable(adj, roots, None);
    (0..adj.len())
        .map(|d| {
            if !all[d] {
                return 0;
            }
            let without = reachable(adj, roots, Some(d));
            (0..adj.len()).filter(|&w| w != d && all[w] && !without[w]).count() as u32
        })
        .collect()
}

/// Reference: a search from every package, counting every other package it reaches.
fn naive_dependents(adj: &[Vec<usize>]) -> Vec<u32> {
    let mut counts = vec![0u32; adj.len()];
    for u in 0..adj.len() {
        let starts: Vec<usize> = adj[u].clone();
        let seen = reachable(adj, &starts, None);
        for (w, &s) in seen.iter().enumerate() {
            if s && w != u {
                counts[w] += 1;
            }
        }
    }
    counts
}

/// Reference: shortest distances by relaxing every edge until nothing changes.
fn naive_depths(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Vec<Option<u32>> {
    let mut depth = vec![None; n];
    for &r in roots {
        depth[r] = Some(0u32);
    }
    loop {
        let mut changed = false;
        for &(a, b) in edges {
            if let Some(da) = depth[a] {
                if depth[b].is_none_or(|db| da + 1 < db) {
                    depth[b] = Some(da + 1);
                    changed = true;
                }
            }
        }
        if !changed {
            return depth;
        }
    }
}

#[test]
fn random_graphs_match_reference_implementations() {
    let mut rng = Rng(0x5eed_f00d_5073_7e1c);
    for case in 0..300 {
        let n = 1 + rng.below(if case % 10 == 0 { 120 } else { 30 });
        let edge_count = rng.below(3 * n + 1);
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for _ in 0..edge_count {
            let a = rng.below(n);
            // Mostly "downhill" edges with some back edges, so cycles are common but not all.
            let b = if rng.below(4) == 0 { rng.below(n) } else { a + rng.below(n - a) };
            edges.push((a, b));
        }
        let root_count = 1 + rng.below(3.min(n));
        let roots: Vec<usize> = (0..root_count).map(|_| rng.below(n)).collect();
        let g = graph(n, &edges, &roots);
        let mut adj = vec![Vec::new(); n];
        for e in &g.edges {
            adj[e.from].push(e.to);
        }
        let pairs: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
        let m = analyse(&g);
        let ctx = format!("case {case}: n={n} edges={pairs:?} roots={:?}", g.roots);
        assert_eq!(column(&m, |m| m.dominated), naive_dominated(&adj, &g.roots), "{ctx}");
        assert_eq!(column(&m, |m| m.dependents), naive_dependents(&adj), "{ctx}");
        assert_eq!(column(&m, |m| m.depth), naive_depths(n, &pairs, &g.roots), "{ctx}");
        let direct: Vec<bool> =
            (0..n).map(|w| g.roots.iter().any(|&r| r != w && adj[r].contains(&w))).collect();
        assert_eq!(column(&m, |m| m.direct), direct, "{ctx}");
        assert_eq!(column(&m, |m| m.dominated), dominated_counts(&g), "{ctx}");
        assert_eq!(column(&m, |m| m.dependents), dependents_counts(&g), "{ctx}");
        assert_eq!(analyse(&g), m, "{ctx}: not deterministic");
    }
}

const LARGE: usize = 100_000;

#[test]
fn chain_of_100k_packages() {
    let edges: Vec<(usize, usize)> = (1..LARGE).map(|i| (i - 1, i)).collect();
    let m = analyse(&graph(LARGE, &edges, &[0]));
    for (i, m) in m.iter().enumerate() {
        assert_eq!(m.depth, Some(i as u32));
        assert_eq!(m.dependents, i as u32);
        assert_eq!(m.dominated, (LARGE - 1 - i) as u32);
    }
}

#[test]
fn cycle_of_100k_packages() {
    let mut edges: Vec<(usize, usize)> = (1..LARGE).map(|i| (i - 1, i)).collect();
    edges.push((LARGE - 1, 0));
    let m = analyse(&graph(LARGE, &edges, &[0]));
    for (i, m) in m.iter().enumerate() {
        assert_eq!(m.depth, Some(i as u32));
        assert_eq!(m.dependents, (LARGE - 1) as u32);
        assert_eq!(m.dominated, (LARGE - 1 - i) as u32);
    }
}

#[test]
fn wide_merge_graph_of_10k_packages() {
    // Every package depends on the next two: each one is a merge of two predecessors, so the
    // bitset path does all the work. Package i has all i packages before it as dependents.
    let n = 10_000;
    let mut edges: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
    edges.extend((2..n).map(|i| (i - 2, i)));
    let m = analyse(&graph(n, &edges, &[0]));
    assert_eq!(column(&m, |m| m.dependents), (0..n as u32).collect::<Vec<_>>());
    assert_eq!(m[n - 1].dominated, 0);
    assert_eq!(m[0].dominated, (n - 1) as u32);
}

#[test]
fn long_chain_with_a_wide_fan_reached_from_both_ends() {
    // 0 → 1 → … → 10,000, and 10,001..20,000 each depended on by both 1 and the end of the
    // chain: the shape on which Semi-NCA's ancestor walks would climb the whole chain for
    // every package of the fan (10⁸ steps); the analysis gives way to Lengauer–Tarjan and
    // still finishes at once.
    let (chain, fan) = (10_000, 10_000);
    let mut edges: Vec<(usize, usize)> = (0..chain).map(|i| (i, i + 1)).collect();
    for x in chain + 1..=chain + fan {
        edges.push((chain, x));
        edges.push((1, x));
    }
    let n = chain + fan + 1;
    let m = analyse(&graph(n, &edges, &[0]));
    // 1 dominates everything below it; a chain package dominates the rest of the chain only.
    assert_eq!(m[1].dominated, (n - 2) as u32);
    assert_eq!(m[2].dominated, (chain - 2) as u32);
    assert_eq!(m[chain].dominated, 0);
    // A fan package: the whole chain depends on it, through its end.
    assert_eq!(m[chain + 1].dependents, (chain + 1) as u32);
    assert_eq!(m[chain + 1].depth, Some(2));
}

#[test]
fn large_random_graphs_analysed_on_two_threads_match_the_single_metrics() {
    // From 4,096 packages the analysis renumbers the graph and runs on two threads; each
    // metric alone runs on the packages' own numbers, on one thread. Random ids (no shape in
    // the numbering), back edges (cycles), several roots and packages no root reaches.
    let mut rng = Rng(0x1a46_e5b0_7417_c0de);
    for case in 0..4 {
        let n = 5_000 + rng.below(15_000);
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for _ in 0..3 * n {
            let (a, b) = (rng.below(n), rng.below(n));
            // Most edges go one way (a < b), some back: cycles, and a good part acyclic.
            edges.push(if rng.below(30) == 0 || a < b { (a, b) } else { (b, a) });
        }
        let roots: Vec<usize> = (0..1 + case).map(|_| rng.below(n / 4)).collect();
        let g = graph(n, &edges, &roots);
        let pairs: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
        let m = analyse(&g);
        assert!(
            m.iter().any(|m| m.depth.is_none()) && m.iter().any(|m| m.dominated > 0),
            "case {case}: shape"
        );
        assert_eq!(column(&m, |m| m.dominated), dominated_counts(&g), "case {case}");
        assert_eq!(column(&m, |m| m.dependents), dependents_counts(&g), "case {case}");
        assert_eq!(column(&m, |m| m.depth), naive_depths(n, &pairs, &g.roots), "case {case}");
        let mut direct = vec![false; n];
        for &(_, w) in pairs.iter().filter(|&&(r, w)| r != w && g.roots.contains(&r)) {
            direct[w] = true;
        }
        assert_eq!(column(&m, |m| m.direct), direct, "case {case}");
        assert_eq!(column(&m, |m| m.root), (0..n).map(|w| g.roots.contains(&w)).collect::<Vec<_>>());
    }
}
