//! The score ranks real risk: three real graphs (`tests/fixtures/score/`, `cargo metadata` of
//! ripgrep 15.2.0, of this repository, and of an AI service built on the AWS SDK, Sentry, Hugging
//! Face's hub client, an OpenAI client and qdrant and meilisearch clients), audited offline with
//! the default policy. A grep tool and this tool must come out well above the cloud-client-heavy
//! service, and no graph with error findings may look good.

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::Report;

use crate::common;

fn audit(graph: &str) -> Report {
    let path = common::repo_dir().join("tests/fixtures/score").join(graph).join("metadata.json");
    let opts = Options {
        metadata: Some(path.display().to_string()),
        today: Date::new(2026, 12, 6),
        ..Options::default()
    };
    pipeline::run(&opts, &Silent).unwrap_or_else(|e| panic!("{graph}: {e}")).report
}

#[test]
fn score_puts_ripgrep_and_this_tool_well_above_a_cloud_heavy_service() {
    let [ripgrep, this, cloud] = ["ripgrep", "self", "ai-service"].map(audit);
    for (name, r) in [("ripgrep", &ripgrep), ("self", &this), ("ai-service", &cloud)] {
        let s = &r.summary;
        println!(
            "{name}: score {} grade {} parts {:?} coverage {:?} elephant {:?} findings {:?}",
            s.score, s.grade, s.score_parts, s.coverage, s.elephant_factor, s.findings
        );
    }
    for good in [&ripgrep, &this] {
        assert!(
            good.summary.score >= cloud.summary.score + 15,
            "{} vs the cloud service's {}",
            good.summary.score,
            cloud.summary.score
        );
    }
    // The cloud service's risks are the decisions it made: four untrusted entities behind
    // critical packages, three proprietary services.
    assert!(cloud.summary.score_parts.untrusted_critical_entities >= 3);
    assert!(cloud.summary.score_parts.vendor_services >= 3);
    assert!(matches!(cloud.summary.grade.as_str(), "D" | "E"), "{}", cloud.summary.grade);
}

#[test]
fn a_graph_with_error_findings_is_never_graded_good() {
    for graph in ["ripgrep", "self", "ai-service"] {
        let r = audit(graph);
        let errors = r.summary.findings.get("error").copied().unwrap_or(0);
        if errors > 0 {
            assert!(r.summary.score <= 74, "{graph}: {} with {errors} errors", r.summary.score);
            assert!(!matches!(r.summary.grade.as_str(), "A" | "B"), "{graph}: grade {}", r.summary.grade);
        }
    }
    // ripgrep's graph has errors (tikv-jemallocator is a CNCF project: US): held at C.
    let ripgrep = audit("ripgrep");
    assert!(ripgrep.summary.findings.get("error").copied().unwrap_or(0) > 0);
    assert_eq!(ripgrep.summary.grade, "C");
}

#[test]
fn elephant_factor_and_coverage_are_reported() {
    let r = audit("ripgrep");
    let s = &r.summary;
    // Most of ripgrep's graph is one person's crates and the Rust project's: two controllers
    // hold half of it.
    assert_eq!(s.elephant_factor, Some(2));
    assert!(s.coverage.attributed > 0.9 && s.coverage.licensed == 1.0, "{:?}", s.coverage);
}
