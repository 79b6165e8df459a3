//! Graph metrics that show where a dependency graph has single points of dependency.
//!
//! Counting packages says little about risk: what matters is which packages the rest of the
//! graph cannot do without. For every package this module works out
//!
//! * whether a root uses it **directly** (a choice the project made, and can unmake);
//! * its **depth**, the shortest distance from the roots ([`reach`]);
//! * how many packages **depend** on it, directly or not ([`dependents`]);
//! * how many packages it **dominates**: those every path from the roots reaches only through
//!   it, so that losing it loses them ([`dominators`]).
//!
//! [`critical`] turns those numbers into the yes/no the policy stage needs, and
//! [`concentration`] asks the same question of organisations and countries instead of
//! packages.
//!
//! Everything here is a pure function of a [`Graph`]: no input can make it panic (edges to
//! packages that do not exist and self-loops are ignored), cycles are allowed, nothing
//! recurses (graphs can be chains of 100,000 packages), every algorithm is near-linear on
//! dependency graphs (the dependents count, which is exact, only on graphs built to defeat
//! it is slower, and memory-bounded even then), and the output depends
//! only on the graph. Every edge kind in the graph counts; dev-dependencies are already left
//! out when the graph is built unless the user asked for them.
//!
//! Each metric is its own pass, written the way a textbook writes it: a breadth-first
//! search for the depths, Tarjan's algorithm for the components, a depth-first numbering
//! for the dominators. The budget is absolute, the whole analysis of a 100,000-package
//! graph in at most 50 ms (`scripts/bench`), and plain code takes about 16 ms
//! (`docs/performance.md`). What is kept beyond the textbook is what keeps the work
//! near-linear on any graph: compact adjacency lists (`adjacency.rs`), and a fallback
//! wherever the fast algorithm has a bad case (Lengauer–Tarjan behind Semi-NCA, bitsets
//! behind interval lists). What is kept for graphs too large for the processor's caches:
//! the graph renumbered in the order a depth-first search visits it (`locality.rs`), and,
//! from 4,096 packages, the dominators on one thread while the dependents and depths are
//! counted on another (a million-package analysis 0.64 → 0.41 s, docs/performance.md).

pub(crate) mod adjacency;
mod components;
pub mod concentration;
mod critical;
pub mod dependents;
pub mod dominators;
mod locality;
pub mod reach;

use serde::Serialize;

use crate::model::Graph;
use adjacency::{valid_roots, Csr};
use locality::Renumbered;

pub use critical::{critical, total_non_roots, CriticalThresholds};

/// What the graph says about one package; [`analyse`] returns one per package, indexed like
/// [`Graph::packages`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct PackageMetrics {
    /// The package is one of the graph's roots.
    pub root: bool,
    /// A root other than the package itself depends on it directly.
    pub direct: bool,
    /// Shortest number of edges from any root: 0 for a root, `None` when no root reaches it.
    pub depth: Option<u32>,
    /// How many other packages depend on it, directly or through others (on a cycle, every
    /// other member counts). Packages no root reaches count too.
    pub dependents: u32,
    /// How many other packages the roots reach only through it: its subtree in the dominator
    /// tree computed from a virtual root joined to every root, minus itself. 0 when no root
    /// reaches it.
    pub dominated: u32,
}

/// Computes [`PackageMetrics`] for every package of `graph`, in the order of
/// [`Graph::packages`].
pub fn analyse(graph: &Graph) -> Vec<PackageMetrics> {
    let renumbered = Renumbered::of(&Csr::forward(graph), &valid_roots(graph));
    let (forward, roots) = (&renumbered.forward, &renumbered.roots);
    // The dominators on one thread, the dependents and the depths on another: they share
    // nothing but the lists.
    let ((dependents, depth), dominated) = if forward.len() >= PARALLEL_FROM {
        std::thread::scope(|s| {
            let counts = s.spawn(|| second_thread(forward, roots));
            let dominated = dominators::dominated_in(forward, roots);
            (counts.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), dominated)
        })
    } else {
        (
            (dependents::dependents_in(forward), reach::depths_in(forward, roots)),
            dominators::dominated_in(forward, roots),
        )
    };
    let direct = reach::direct_in(forward, roots);
    let mut is_root = vec![false; forward.len()];
    for &r in roots {
        is_root[r] = true;
    }
    (0..forward.len())
        .map(|v| renumbered.number(v))
        .map(|i| PackageMetrics {
            root: is_root[i],
            direct: direct[i],
            depth: depth[i],
            dependents: dependents[i],
            dominated: dominated[i],
        })
        .collect()
}

/// Fewest packages worth a second thread in [`analyse`].
const PARALLEL_FROM: usize = 4096;

/// The dependents counts and the depths, on [`analyse`]'s second thread: a function of its
/// own, never inlined, so that an instruction counter can follow that thread too
/// (`scripts/bench` toggles collection on it and on [`analyse`]).
#[inline(never)]
fn second_thread(forward: &Csr, roots: &[usize]) -> (Vec<u32>, Vec<Option<u32>>) {
    (dependents::dependents_in(forward), reach::depths_in(forward, roots))
}
