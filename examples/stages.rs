//! Times each stage of an offline audit of one input, to see where the time goes:
//! `cargo run --release --example stages -- FILE [--metadata]`. Memory is the resident set
//! after each stage and the peak so far (system allocator).

use std::time::Instant;

use cargo_sovereign::enrich::Attributor;
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::config::Config;
use cargo_sovereign::policy::{findings, jurisdiction};
use cargo_sovereign::report::{Format, Report};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: stages FILE [--metadata]");
        std::process::exit(2);
    };
    let mut opts = Options::default();
    if args.iter().any(|a| a == "--metadata") {
        opts.metadata = Some(path.clone());
    } else {
        opts.sboms = vec![path.clone()];
    }
    let t = Instant::now();
    let lap = |what: &str, t: &mut Instant| {
        eprintln!(
            "{what:>10}: {:>8.3} s  rss {:>5} MiB  peak so far {:>5} MiB",
            t.elapsed().as_secs_f64(),
            rss_mib(),
            peak_mib()
        );
        *t = Instant::now();
    };
    let mut t0 = t;
    let (config, kb) = (Config::default(), Kb::embedded());
    let trusted = jurisdiction::trusted_countries(&config).unwrap_or_default();
    let graph = match pipeline::read_graph(&opts) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    lap("read", &mut t0);
    let mut facts = Attributor::offline(&kb).enrich(&graph);
    jurisdiction::judge(&mut facts, &trusted);
    lap("enrich", &mut t0);
    let figures = pipeline::graph_figures(&graph, &config);
    lap("analyse", &mut t0);
    let ctx = findings::Context {
        graph: &graph,
        facts: &facts,
        figures: &figures,
        config: &config,
        today: opts.today,
    };
    let (found, suppressed) = findings::evaluate(&ctx);
    lap("findings", &mut t0);
    let (packages, edges) = (graph.packages.len(), graph.edges.len());
    let mut report = Report::from_graph_owned(graph);
    report.add_facts(facts);
    report.add_figures(&figures);
    cargo_sovereign::report::summary::fill(&mut report);
    report.set_findings(found, suppressed);
    lap("report", &mut t0);
    // Counted, not kept: the binary streams the report to a file.
    let mut out = Counter(0);
    let options = cargo_sovereign::report::RenderOptions::default();
    if let Err(e) = Format::Json.reporter(&options).render(&report, &mut out) {
        eprintln!("error: {e}");
    }
    lap("json", &mut t0);
    eprintln!(
        "{:>10}: {:>8.3} s ({} packages, {} edges, {} bytes of JSON)",
        "total",
        t.elapsed().as_secs_f64(),
        packages,
        edges,
        out.0
    );
}

/// The resident set now, in MiB (Linux; 0 elsewhere).
fn rss_mib() -> u64 {
    status_mib("VmRSS:")
}

/// The peak resident set so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> u64 {
    status_mib("VmHWM:")
}

/// A `/proc/self/status` figure given in kB, in MiB.
fn status_mib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kib / 1024
}

/// A writer that only counts the bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
