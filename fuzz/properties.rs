//! What each fuzz target checks, shared with `tests/it/fuzz_regressions.rs`, which replays every
//! input the fuzzers ever found (tests/fixtures/fuzz/<target>/) through the same checks.
//! Errors are fine; panics, hangs and broken invariants are not.

// Each fuzz target uses one of these.
#![allow(dead_code)]

use cargo_sovereign::analysis;
use cargo_sovereign::input::purl;
use cargo_sovereign::kb::geo::location;
use cargo_sovereign::kb::licenses;
use cargo_sovereign::model::GraphBuilder;
use cargo_sovereign::policy::config;

/// Format detection and every SBOM reader, then the graph's analysis.
pub fn sbom(data: &[u8]) {
    let mut builder = GraphBuilder::new(false);
    if cargo_sovereign::input::read_document("fuzz-input", data, &mut builder).is_ok() {
        let graph = builder.finish();
        let metrics = analysis::analyse(&graph);
        assert_eq!(metrics.len(), graph.packages.len());
        let n = graph.packages.len();
        assert!(graph.edges.iter().all(|e| e.from < n && e.to < n), "an edge points outside the graph");
    }
}

/// The whole pipeline: format detection and every reader, then enrichment (offline), the
/// graph analysis, the policy's findings, every report format, `explain` of every package and
/// `diff` of the JSON report with itself. Every format renders; the JSON report reads back;
/// a report compared with itself has no change.
pub fn pipeline(data: &[u8]) {
    use cargo_sovereign::enrich::online::progress::Silent;
    use cargo_sovereign::pipeline::{self, Options};
    use cargo_sovereign::report::spdx::{SpdxOptions, SpdxVersion};
    use cargo_sovereign::report::{Format, RenderOptions};
    use std::sync::OnceLock;

    static OPTIONS: OnceLock<Options> = OnceLock::new();
    let opts = OPTIONS.get_or_init(|| Options {
        today: cargo_sovereign::policy::date::Date::parse("2026-01-01").expect("a date"),
        ..Options::default()
    });
    let mut builder = GraphBuilder::new(false);
    if cargo_sovereign::input::read_document("fuzz-input", data, &mut builder).is_err() {
        return;
    }
    let graph = builder.finish();
    let audit = pipeline::run_graph(opts, graph, &Silent).expect("an offline audit of a graph cannot fail");
    let options = RenderOptions { packages: true, ..RenderOptions::default() };
    let mut json = Vec::new();
    for (name, format) in Format::ALL {
        let mut out = Vec::new();
        format.reporter(&options).render(&audit.report, &mut out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!out.is_empty(), "{name} rendered nothing");
        if matches!(format, Format::Table | Format::Html | Format::Dot) {
            terminal_safe(name, &out);
        }
        if *format == Format::Json {
            json = out;
        }
    }
    // SPDX in both versions reads back through the tool's own readers, whatever the names held.
    for version in [SpdxVersion::V2_3, SpdxVersion::V3_0] {
        let options =
            RenderOptions { spdx: SpdxOptions { version, ..SpdxOptions::default() }, ..options.clone() };
        let mut out = Vec::new();
        Format::Spdx.reporter(&options).render(&audit.report, &mut out).expect("SPDX renders");
        let mut back = GraphBuilder::new(false);
        cargo_sovereign::input::read_document("report.spdx.json", &out, &mut back)
            .unwrap_or_else(|e| panic!("the SPDX {version:?} document does not read back: {e}"));
        let read = back.finish().packages.len();
        let written = audit.report.packages.len();
        assert!(
            read <= written && (read > 0) == (written > 0),
            "SPDX {version:?}: {written} packages written, {read} read"
        );
    }
    let report =
        cargo_sovereign::report::diff::read_report("report.json", &json).expect("the JSON report reads back");
    let same = cargo_sovereign::report::diff::diff(&report, &report);
    assert!(same.new_findings.is_empty(), "a report differs from itself");
    let mut text = Vec::new();
    cargo_sovereign::report::diff::render_text(&same, &mut text).expect("diff renders");
    terminal_safe("diff", &text);
    for i in 0..audit.graph.packages.len().min(50) {
        let mut text = Vec::new();
        cargo_sovereign::report::explain::render(&audit.graph, &audit.report, i, &mut text)
            .expect("explain renders");
        terminal_safe("explain", &text);
    }
}

/// Text that may be shown on a terminal holds no control character but newlines, tabs and the
/// report's own colour sequences (`ESC [ … m`), and no bidi override: whatever the input held
/// is escaped.
fn terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            // A style: parameters, then `m`.
            chars.next();
            let ok = chars.by_ref().find(|c| !c.is_ascii_digit() && *c != ';') == Some('m');
            assert!(ok, "{what}: an escape sequence that is not a colour in {text:?}");
            continue;
        }
        assert!(
            c == '\n' || c == '\t' || !cargo_sovereign::terminal::is_escaped(c),
            "{what}: raw {c:?} reaches the terminal in {text:?}"
        );
    }
}

/// A purl that parses can be built again from its parts, and that purl reads back the same.
pub fn purl(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(parts) = purl::parse(text) else { return };
    let _ = parts.source();
    let qualifiers: Vec<(&str, &str)> =
        parts.qualifiers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (ns, version) = (parts.namespace.as_deref(), parts.version.as_deref());
    if let Some(again) = purl::build(&parts.ty, ns, &parts.name, version, &qualifiers) {
        let reparsed = purl::parse(&again).expect("a built purl parses");
        assert_eq!(reparsed.ty, parts.ty);
        assert_eq!(reparsed.name, parts.name);
        assert_eq!(reparsed.version, parts.version);
    }
}

/// A licence expression's normalised form classifies the same as the original.
pub fn license(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let verdict = licenses::classify(&text);
    if let Some(expr) = &verdict.expression {
        let again = licenses::classify(expr);
        assert_eq!(again.category, verdict.category, "{text:?} -> {expr:?}");
    }
}

/// A free-text location gives a two-letter country and a confidence in 0..=1, or nothing.
pub fn location(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(found) = location::locate(&text) {
        assert_eq!(found.country.len(), 2);
        assert!((0.0..=1.0).contains(&found.confidence));
    }
}

/// A policy file is accepted or refused with at least one located error.
pub fn policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = config::parse("sovereign.toml", text) {
        assert!(!errors.is_empty());
    }
}
