//! Writes a synthetic input of a given size for benchmarks and stress tests:
//! `cargo run --release --example gen_sbom -- FORMAT PACKAGES EDGES OUT [SEED]`, FORMAT one of
//! `cyclonedx-json`, `cyclonedx-xml`, `spdx-json`, `metadata`, or `cyclonedx-cycle` (one ring of
//! PACKAGES packages; EDGES is ignored). Shapes: see benches/support/synth.rs.

#[path = "../benches/support/synth.rs"]
mod synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_sbom cyclonedx-json|cyclonedx-xml|spdx-json|metadata|cyclonedx-cycle PACKAGES EDGES OUT [SEED]";
    let (Some(format), Some(n), Some(m), Some(out)) = (args.first(), args.get(1), args.get(2), args.get(3))
    else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let (Ok(n), Ok(m)) = (n.parse::<usize>(), m.parse::<usize>()) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let seed = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(42);
    let g = if format == "cyclonedx-cycle" { synth::cycle(n) } else { synth::generate(n, m, seed) };
    let text = match format.as_str() {
        "cyclonedx-json" | "cyclonedx-cycle" => g.cyclonedx_json(),
        "cyclonedx-xml" => g.cyclonedx_xml(),
        "spdx-json" => g.spdx_json(),
        "metadata" => g.cargo_metadata(),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("error: {out}: {e}");
        std::process::exit(2);
    }
    eprintln!("wrote {out}: {} packages, {} edges", g.packages.len(), g.edges.len());
}
