//! The SARIF report over the shared report fixtures: schema validity, rules, locations that
//! point at the right lines, and fingerprints that survive a version change.

use crate::common;
use crate::report_common;

use cargo_sovereign::policy::code::Code;
use cargo_sovereign::report::sarif::{Sarif, SarifContext};
use cargo_sovereign::report::Report;
use report_common::{cargo_report, render};
use serde_json::Value;

fn sarif(report: &Report) -> Value {
    serde_json::from_str(&render(&Sarif::default(), report)).unwrap()
}

fn validate(log: &Value) {
    if let Some(shared) = common::shared_dir() {
        report_common::assert_valid(&shared, "sarif/sarif-schema-2.1.0.json", &[], log);
    }
}

/// The result of the finding about package `name` with `code`.
fn result<'a>(log: &'a Value, report: &Report, code: &str, name: &str) -> &'a Value {
    let index = report
        .findings
        .iter()
        .position(|f| {
            f.code.as_str() == code
                && f.package.as_deref().is_some_and(|id| id.contains(&format!("/{name}@")))
        })
        .unwrap_or_else(|| panic!("no {code} finding for {name}"));
    &log["runs"][0]["results"][index]
}

fn region(result: &Value) -> (&str, u64, u64, &str) {
    let loc = &result["locations"][0]["physicalLocation"];
    let r = &loc["region"];
    (
        loc["artifactLocation"]["uri"].as_str().unwrap(),
        r["startLine"].as_u64().unwrap(),
        r["endLine"].as_u64().unwrap(),
        r["snippet"]["text"].as_str().unwrap(),
    )
}

#[test]
fn cloud_workspace_is_valid_and_points_at_manifests_and_lock() {
    let report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let log = sarif(&report);
    validate(&log);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    for rule in rules {
        let code = Code::from_name(rule["id"].as_str().unwrap()).unwrap();
        assert_eq!(rule["shortDescription"]["text"], code.title());
        assert_eq!(rule["fullDescription"]["text"], code.explanation());
        assert!(rule["help"]["markdown"].as_str().unwrap().contains(code.fix_hint()));
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(tags.contains(&"sovereignty".into()) && tags.contains(&"supply-chain".into()));
        let expected = match code.default_severity().as_str() {
            "error" => "7.0",
            "warning" => "4.0",
            _ => "1.0",
        };
        assert_eq!(rule["properties"]["security-severity"], expected);
        assert_eq!(rule["defaultConfiguration"]["level"], code.default_severity().as_str());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for (r, f) in results.iter().zip(&report.findings) {
        assert_eq!(r["ruleId"], f.code.as_str());
        assert_eq!(r["level"], f.severity.as_str());
        assert_eq!(r["message"]["text"], f.message.as_str());
        assert_eq!(r["locations"].as_array().unwrap().len(), 1);
        assert_eq!(r["partialFingerprints"]["cargoSovereign/v1"].as_str().unwrap().len(), 16);
    }

    // A direct dependency: its line in the member's Cargo.toml.
    let (uri, start, end, snippet) = region(result(&log, &report, "non-european-single-point", "aws-sdk-s3"));
    assert_eq!(uri, "tests/fixtures/cloud-ai-workspace/storage/Cargo.toml");
    assert_eq!(start, end);
    assert!(snippet.starts_with("aws-sdk-s3 = "));
    let manifest = std::fs::read_to_string(uri).unwrap();
    assert_eq!(manifest.lines().nth(start as usize - 1), Some(snippet));

    // A transitive dependency: its [[package]] entry in Cargo.lock.
    let (uri, start, end, snippet) = region(result(&log, &report, "unknown-origin", "pin-project-lite"));
    assert_eq!(uri, "tests/fixtures/cloud-ai-workspace/Cargo.lock");
    assert!(end > start);
    let lock = std::fs::read_to_string(uri).unwrap();
    let lines: Vec<&str> = lock.lines().collect();
    assert_eq!(lines[start as usize - 1..end as usize].join("\n"), snippet);
    assert!(snippet.starts_with("[[package]]\nname = \"pin-project-lite\"\nversion = \"0.2.18\""));
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    let Some(shared) = common::shared_dir() else { return };
    let mut log = sarif(&cargo_report(report_common::CARGO_FIXTURES[1]));
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    let errors = report_common::schema_errors(&shared, "sarif/sarif-schema-2.1.0.json", &[], &log);
    assert_eq!(errors.len(), 2, "{errors:?}");
    let errors =
        report_common::schema_errors(&shared, "sarif/sarif-schema-2.1.0.json", &[], &serde_json::json!({}));
    assert!(!errors.is_empty());
}

#[test]
fn fingerprints_ignore_version_and_message() {
    let report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let before = sarif(&report);
    let mut bumped = report.clone();
    for p in &mut bumped.packages {
        p.version = Some("99.0.0".into());
    }
    for f in &mut bumped.findings {
        f.message.push_str(" (changed)");
    }
    bumped.tool.version = "9.9.9".into();
    let after = sarif(&bumped);
    let prints = |log: &Value| -> Vec<Value> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&before), prints(&after));
    // Distinct problems (code, package name, ecosystem) have distinct fingerprints; two
    // versions of one package with the same problem share one (windows-sys 0.59 and 0.61).
    let problems: std::collections::BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.package.as_deref().map(|id| id.split('@').next().unwrap_or(id)).unwrap_or("").to_string(),
            )
        })
        .collect();
    let distinct: std::collections::BTreeSet<String> =
        prints(&before).iter().map(|p| p.to_string()).collect();
    assert_eq!(distinct.len(), problems.len());
    assert!(problems.len() < report.findings.len());
}

#[test]
fn path_and_git_sources_is_valid() {
    // Its golden file is checked in `goldens`.
    let report = cargo_report(report_common::CARGO_FIXTURES[1]);
    validate(&serde_json::from_str(&render(&Sarif::default(), &report)).unwrap());
}

#[test]
fn missing_lock_falls_back_to_line_one_of_the_manifest() {
    let report = cargo_report(report_common::CARGO_FIXTURES[1]);
    // path-and-git-sources has no Cargo.lock: the git dependency is direct, so it is found in
    // the member's manifest; a packageless finding points at the workspace manifest.
    let log = sarif(&report);
    let (uri, start, _, snippet) = region(result(&log, &report, "git-source", "gitdep"));
    assert_eq!(uri, "tests/fixtures/path-and-git-sources/core/Cargo.toml");
    assert!(snippet.starts_with("gitdep"), "{snippet}");
    assert!(start > 1);
    let dir = std::env::temp_dir().join(format!("sovereign-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    let reporter = Sarif { context: SarifContext { workspace_root: Some(dir.clone()), policy_file: None } };
    let log: Value = serde_json::from_str(&render(&reporter, &report)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    validate(&log);
    let (uri, start, end, snippet) = region(&log["runs"][0]["results"][0]);
    assert!(uri.starts_with("file:///") && uri.ends_with("/Cargo.toml"), "{uri}");
    assert_eq!((start, end, snippet), (1, 1, "[workspace]"));
}

#[test]
fn real_sboms_point_at_their_components() {
    let Some(shared) = common::shared_dir() else { return };
    for sbom in [report_common::CYCLONEDX_SBOM, report_common::SPDX_SBOM] {
        let path = shared.join(sbom);
        let report = report_common::sbom_report(&path.display().to_string());
        let log = sarif(&report);
        validate(&log);
        let text = std::fs::read_to_string(&path).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{sbom}");
        for (r, f) in results.iter().zip(&report.findings) {
            let (uri, start, _, snippet) = region(r);
            assert!(uri.ends_with(&sbom.replace(' ', "%20")), "{uri}");
            assert_eq!(text.lines().nth(start as usize - 1), Some(snippet));
            let package = report.packages.iter().find(|p| Some(&p.id) == f.package.as_ref()).unwrap();
            assert!(snippet.contains(package.purl.as_deref().unwrap_or(&package.name)), "{sbom}: {snippet}");
        }
    }
}
