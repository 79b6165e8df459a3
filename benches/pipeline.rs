//! Criterion benchmarks of each stage on synthetic graphs (benches/support/synth.rs): parsing
//! every input format, offline attribution, the analysis at 1k/10k/100k packages, and every
//! report format. `cargo bench` runs them; `scripts/bench` checks the end-to-end budgets.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;

use cargo_sovereign::analysis;
use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::input::cargo::{read_metadata, Selection};
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::model::GraphBuilder;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::report::{Format, RenderOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const N: usize = 10_000;

fn parse(c: &mut Criterion) {
    let g = synth::generate(N, 3 * N, 1);
    let inputs = [
        ("cyclonedx-json", g.cyclonedx_json()),
        ("cyclonedx-xml", g.cyclonedx_xml()),
        ("spdx-json", g.spdx_json()),
    ];
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new(*name, N), text, |b, text| {
            b.iter(|| {
                let mut builder = GraphBuilder::new(false);
                cargo_sovereign::input::read_document("bench", text.as_bytes(), &mut builder).unwrap();
                black_box(builder.finish())
            })
        });
    }
    let metadata = g.cargo_metadata();
    group.throughput(Throughput::Bytes(metadata.len() as u64));
    group.bench_function(BenchmarkId::new("cargo-metadata", N), |b| {
        b.iter(|| {
            let mut builder = GraphBuilder::new(false);
            read_metadata("bench", &metadata, &Selection::default(), false, &mut builder).unwrap();
            black_box(builder.finish())
        })
    });
    group.finish();
}

fn graph(n: usize) -> cargo_sovereign::model::Graph {
    let text = synth::generate(n, 3 * n, 2).cyclonedx_json();
    let mut builder = GraphBuilder::new(false);
    cargo_sovereign::input::read_document("bench", text.as_bytes(), &mut builder).unwrap();
    builder.finish()
}

fn attribution(c: &mut Criterion) {
    let g = graph(N);
    let kb = Kb::embedded();
    let mut group = c.benchmark_group("attribution");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function(BenchmarkId::new("enrich", N), |b| {
        b.iter(|| black_box(cargo_sovereign::enrich::Attributor::offline(&kb).enrich(&g)))
    });
    group.finish();
}

/// The analysis at 1k/10k/100k packages, one graph analysed over and over (criterion's way),
/// with random edges anywhere. The budget (at most 50 ms at 100,000 packages) is checked by
/// `scripts/bench` on a new graph per call (`examples/analysis_scale`); docs/performance.md
/// gives both figures.
fn analysis_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let g = graph(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &g, |b, g| {
            b.iter(|| black_box(analysis::analyse(g)))
        });
    }
    group.finish();
}

fn reports(c: &mut Criterion) {
    let dir = tempfile::Builder::new().prefix("sovereign-bench-").tempdir().unwrap();
    let path = dir.path().join("bom.json");
    std::fs::write(&path, synth::generate(N, 3 * N, 3).cyclonedx_json()).unwrap();
    let opts = Options { sboms: vec![path.display().to_string()], ..Options::default() };
    let report = pipeline::run(&opts, &Silent).unwrap().report;
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    for (name, format) in Format::ALL {
        let reporter = format.reporter(&RenderOptions::default());
        group.bench_function(BenchmarkId::new(*name, N), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(1 << 20);
                reporter.render(&report, &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, attribution, analysis_scaling, reports);
criterion_main!(benches);
