//! How long `analyse` takes on synthetic graphs of 1,000, 10,000 and 100,000 packages.
//!
//! Run with `cargo run --release --example analysis_scale`. The graphs mix what real
//! dependency graphs contain — long chains, popular packages many others depend on, and
//! cycles — with about three edges per package. The binary's allocator is used, so the
//! figures are what `cargo-sovereign` does.
//!
//! Every timed call analyses a graph it has never seen, generated just before (same shape
//! and size, the next seed), as an audit analyses the graph it has just built: one graph
//! analysed over and over lets the processor's branch predictor learn it, which no audit
//! sees (`docs/performance.md`). The median of 1,000 calls at 1,000 packages, 100 at
//! 10,000 and 20 at 100,000 is printed; `scripts/bench` budgets the one at 100,000
//! packages of shape `cyclic` (at most 50 ms).
//!
//! Two shapes are measured. `cyclic` has one package in fifty depending back on a package
//! above it; those back edges tie most of the graph into one cycle. `acyclic` is the same
//! graph without them. Without cycles, counting every package's transitive dependents is
//! the transitive-closure problem, which needs time quadratic in the graph on some acyclic
//! graphs whatever the algorithm (see `src/analysis/dependents.rs`); its line shows what
//! that costs here. On Linux the growth of peak resident memory during the first call is
//! printed too (the kernel's peak counter is reset first, so the graph itself is not
//! counted).
//!
//! `--once SHAPE N` builds one graph, analyses it once and times nothing, for counting
//! instructions, which measure the work itself whatever the caches and the other programs
//! on the machine do: `valgrind --tool=callgrind
//! --toggle-collect='cargo_sovereign::analysis::analyse'
//! --toggle-collect='cargo_sovereign::analysis::second_thread'
//! target/release/examples/analysis_scale --once cyclic 10000` (the second function is the
//! analysis's second thread, from 4,096 packages; `scripts/bench` does this when valgrind is
//! installed, and checks that they grow linearly).

use std::time::Instant;

use cargo_sovereign::analysis::analyse;
use cargo_sovereign::model::{DepKind, Graph, GraphBuilder, Package};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// SplitMix64: a small deterministic generator, so every run measures the same graphs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// A graph of `n` packages: ten roots at the top, chains of 50 packages, every package also
/// depending on one of the `√n` hubs at the bottom and on one random package below it, and,
/// when `cycles`, one package in fifty depending back on a package above it.
fn synthetic(n: usize, cycles: bool, rng: &mut Rng) -> Graph {
    let mut b = GraphBuilder::new(false);
    for i in 0..n {
        let id = format!("p{i:07}");
        b.add_package(Package { id: id.clone(), name: id, ..Package::default() });
    }
    let hubs = (n as f64).sqrt() as usize;
    for i in 0..n {
        if i + 1 < n && (i + 1) % 50 != 0 {
            b.add_edge(i, i + 1, DepKind::Normal);
        }
        if i + 1 < n {
            b.add_edge(i, i + 1 + rng.below(n - i - 1), DepKind::Normal);
        }
        let hub = n - 1 - rng.below(hubs);
        if hub > i {
            b.add_edge(i, hub, DepKind::Normal);
        }
        let back = rng.below(50) == 0;
        if cycles && i > 0 && back {
            b.add_edge(i, rng.below(i), DepKind::Normal);
        }
    }
    for r in 0..10.min(n) {
        b.add_root(r);
    }
    b.finish()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let once = match &args[..] {
        [flag, shape, n] if flag == "--once" => Some((shape.clone(), n.parse::<usize>().unwrap_or(0))),
        [] => None,
        _ => {
            eprintln!("usage: analysis_scale [--once cyclic|acyclic N]");
            std::process::exit(2);
        }
    };
    for (shape, cycles) in [("cyclic", true), ("acyclic", false)] {
        let mut rng = Rng(42);
        for n in [1_000, 10_000, 100_000] {
            let graph = synthetic(n, cycles, &mut rng);
            if let Some((only, size)) = &once {
                if only == shape && *size == n {
                    println!("shape={shape:<7} n={n:>7} packages={}", analyse(&graph).len());
                }
                continue;
            }
            let before = reset_peak_rss();
            let start = Instant::now();
            let metrics = analyse(&graph);
            let first = start.elapsed().as_secs_f64();
            let extra = match (before, status_kib("VmHWM:")) {
                (Some(b), Some(peak)) => {
                    format!(" extra_peak_rss={:.1} MiB", peak.saturating_sub(b) as f64 / 1024.0)
                }
                _ => String::new(),
            };
            // A new graph for every call: 1,000,000 / n calls, at least 20, fewer where a
            // call takes long (at least 5).
            let runs = ((1.0 / first.max(1e-9)) as usize).clamp(5, (1_000_000 / n).max(20));
            let fresh = median((0..runs).map(|_| time(&synthetic(n, cycles, &mut rng))).collect());
            let reachable = metrics.iter().filter(|m| m.depth.is_some()).count();
            let max_dependents = metrics.iter().map(|m| m.dependents).max().unwrap_or(0);
            println!(
                "shape={shape:<7} n={n:>7} edges={:>7} reachable={reachable:>7} max_dependents={max_dependents:>7} \
                 analyse={fresh:.6} s (median of {runs} new graphs){extra}",
                graph.edges.len(),
            );
        }
    }
}

/// Seconds one call of `analyse` takes on `graph`.
fn time(graph: &Graph) -> f64 {
    let start = Instant::now();
    std::hint::black_box(analyse(std::hint::black_box(graph)));
    start.elapsed().as_secs_f64()
}

/// The median of `times`.
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
}

/// Resets the kernel's peak-RSS counter of this process and returns the current RSS in KiB
/// (Linux only; `None` elsewhere).
fn reset_peak_rss() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    status_kib("VmRSS:")
}

/// A `kB` field of `/proc/self/status`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
