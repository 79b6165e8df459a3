//! SARIF that GitHub code scanning keeps: one result per finding code and package in a run
//! (unique fingerprints) on real inputs, and a 30,000-package SBOM within GitHub's documented
//! limits ("SARIF support for code scanning"): at most 25,000 results per run (we keep 5,000,
//! the most severe), 25,000 rules, 1,000 locations per result, 20 tags per rule (10 shown),
//! 20 runs per file, 10 MB per upload.

#[path = "../../benches/support/synth.rs"]
mod synth;

use std::collections::BTreeMap;

use crate::common;
use crate::report_common::{self, render};

use cargo_sovereign::report::sarif::results::MAX_RESULTS;
use cargo_sovereign::report::sarif::Sarif;
use cargo_sovereign::report::Report;
use serde_json::Value;

fn sarif(report: &Report) -> (String, Value) {
    let text = render(&Sarif::default(), report);
    let log = serde_json::from_str(&text).unwrap();
    (text, log)
}

/// Fingerprints that repeat within the run, with how often.
fn repeated(log: &Value) -> Vec<(String, usize)> {
    let mut seen = BTreeMap::new();
    for r in log["runs"][0]["results"].as_array().unwrap() {
        for key in ["cargoSovereign/v2", "primaryLocationLineHash"] {
            let print = format!("{key}={}", r["partialFingerprints"][key].as_str().unwrap());
            *seen.entry(print).or_insert(0) += 1;
        }
    }
    seen.into_iter().filter(|(_, n)| *n > 1).collect()
}

#[test]
fn fingerprints_are_unique_within_a_run_on_real_inputs() {
    let mut reports: Vec<(String, Report)> = report_common::CARGO_FIXTURES
        .iter()
        .map(|m| (m.to_string(), report_common::cargo_report(m)))
        .collect();
    let mut sboms: Vec<String> = [
        "tests/fixtures/sbom-with-copyleft-only/bom.json",
        "tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json",
        "tests/fixtures/spdx-with-copyleft-and-git-source/sbom.spdx.json",
    ]
    .map(String::from)
    .to_vec();
    if let Some(shared) = common::shared_dir() {
        // Real SBOMs of npm, Maven, PHP and Go projects, several with packages in two versions.
        let examples = common::files_with_ext(&shared.join("corpora/cyclonedx-examples"), &[".json"]);
        sboms.extend(examples.iter().map(|p| p.display().to_string()));
    }
    for sbom in sboms {
        let report = report_common::sbom_report(&sbom);
        reports.push((sbom, report));
    }
    let mut merged_somewhere = false;
    for (input, report) in &reports {
        let (_, log) = sarif(report);
        assert_eq!(repeated(&log), Vec::new(), "{input}");
        let results = log["runs"][0]["results"].as_array().unwrap().len();
        merged_somewhere |= results < report.findings.len();
    }
    assert!(merged_somewhere, "no input had two findings of one code about one package name");
}

#[test]
fn a_30000_package_sbom_stays_within_githubs_limits_and_validates() {
    let dir = common::scratch("sarif-30k");
    let path = dir.join("bom.json");
    std::fs::write(&path, synth::generate(30_000, 60_000, 42).cyclonedx_json()).unwrap();
    let report = report_common::sbom_report(&path.display().to_string());
    let (text, log) = sarif(&report);
    drop(dir);

    // What the findings would make without the cap: one result per code and package name,
    // at the most severe of its findings' severities.
    let rank = |level: &str| ["note", "warning", "error"].iter().position(|l| *l == level).unwrap();
    let mut problems: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in &report.findings {
        let name = f.package.as_deref().map_or("", |id| id.rsplit_once('@').map_or(id, |p| p.0));
        let severity = problems.entry((f.code.as_str(), name)).or_default();
        *severity = (*severity).max(rank(f.severity.as_str()));
    }
    assert!(problems.len() > 25_000, "{} results: the input no longer tests the cap", problems.len());

    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), MAX_RESULTS);
    assert_eq!(run["properties"]["resultsTotal"], problems.len());
    assert_eq!(run["properties"]["resultsLeftOut"], problems.len() - MAX_RESULTS);
    assert!(run["properties"]["note"].as_str().unwrap().contains("JSON report"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() <= 25_000);
    assert!(rules.iter().all(|r| r["properties"]["tags"].as_array().unwrap().len() <= 10));
    assert!(results.iter().all(|r| r["locations"].as_array().unwrap().len() <= 1));
    assert!(text.len() < 10 << 20, "{} bytes before compression", text.len());
    assert_eq!(repeated(&log), Vec::new());

    // The most severe are kept: every result more severe than the least severe kept is kept.
    let least_kept = results.iter().map(|r| rank(r["level"].as_str().unwrap())).min().unwrap();
    let kept_above = results.iter().filter(|r| rank(r["level"].as_str().unwrap()) > least_kept).count();
    let above = problems.values().filter(|&&s| s > least_kept).count();
    assert_eq!(kept_above, above);
    assert!(problems.values().filter(|&&s| s >= least_kept).count() >= MAX_RESULTS);

    // The Markdown summary says what code scanning does not get, under the findings table.
    let md = render(&cargo_sovereign::report::markdown::Markdown, &report);
    let note = format!(
        "keeps the {MAX_RESULTS} most severe of {} results (one per code and package, within GitHub's limits); \
         the {} others are in the JSON report.",
        problems.len(),
        problems.len() - MAX_RESULTS
    );
    assert!(md.contains(&note), "{}", &md[..md.find("## Details").unwrap()]);
    assert!(md.find(&note) < md.find("## Details"));

    if let Some(shared) = common::shared_dir() {
        report_common::assert_valid(&shared, "sarif/sarif-schema-2.1.0.json", &[], &log);
    }
}
