//! The dot report: only packages on a path from a root to a flagged package, valid Graphviz.

use crate::common;

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::{Format, RenderOptions};

fn dot(metadata: &str) -> (cargo_sovereign::report::Report, String) {
    let opts = Options {
        metadata: Some(common::repo_dir().join("tests/fixtures").join(metadata).display().to_string()),
        today: Date::new(2026, 11, 23),
        ..Options::default()
    };
    let report = pipeline::run(&opts, &Silent).unwrap().report;
    let mut out = Vec::new();
    Format::Dot.reporter(&RenderOptions::default()).render(&report, &mut out).unwrap();
    (report, String::from_utf8(out).unwrap())
}

#[test]
fn keeps_exactly_the_paths_to_flagged_packages() {
    let (report, text) = dot("cloud-ai-workspace/metadata.json");
    assert!(text.contains("\ndigraph ") && text.trim_end().ends_with('}'));
    let nodes: Vec<&str> = text.lines().filter(|l| l.contains(" [label=")).collect();
    // Every flagged package is drawn, bold.
    for f in report.findings.iter().filter_map(|f| f.package.as_deref()) {
        let line = nodes
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("\"{f}\"")))
            .unwrap_or_else(|| panic!("{f} missing"));
        assert!(line.contains("penwidth=3"), "{line}");
    }
    // Far fewer nodes than packages: leaves without findings are not drawn.
    assert!(nodes.len() < report.packages.len(), "{} of {}", nodes.len(), report.packages.len());
    // Every drawn package is flagged or has a drawn dependency (it leads to a flag), and no
    // unflagged leaf is drawn.
    let flagged: std::collections::BTreeSet<&str> =
        report.findings.iter().filter_map(|f| f.package.as_deref()).collect();
    let drawn_id = |l: &str| l.trim_start().trim_start_matches('"').split('"').next().unwrap().to_string();
    let drawn: Vec<String> = nodes.iter().map(|l| drawn_id(l)).collect();
    for id in &drawn {
        let leads_on = text.lines().any(|l| l.trim_start().starts_with(&format!("\"{id}\" -> ")));
        assert!(flagged.contains(id.as_str()) || leads_on, "{id} is drawn but leads to no finding");
    }
    let unflagged_leaves: Vec<&str> = report
        .packages
        .iter()
        .filter(|p| p.dependencies.is_empty() && !flagged.contains(p.id.as_str()))
        .map(|p| p.id.as_str())
        .collect();
    assert!(!unflagged_leaves.is_empty());
    for leaf in unflagged_leaves {
        assert!(!drawn.iter().any(|d| d == leaf), "{leaf} is an unflagged leaf but drawn");
    }
    // Untrusted aws-sdk-s3 is red.
    let aws = nodes.iter().find(|l| l.contains("label=\"aws-sdk-s3 ")).unwrap();
    assert!(aws.contains("#c62828"), "{aws}");
    // Same input, same bytes.
    assert_eq!(text, dot("cloud-ai-workspace/metadata.json").1);
}

#[test]
fn graphviz_accepts_it() {
    let (_, text) = dot("cloud-ai-workspace/metadata.json");
    let Ok(mut child) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("note: Graphviz `dot` is not installed; only the structure was checked");
        return;
    };
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}
