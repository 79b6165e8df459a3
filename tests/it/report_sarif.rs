//! The SARIF report over the shared report fixtures: schema validity, rules, locations on lines
//! that do not hold the version, fingerprints that survive a version change, and the policy's
//! severity in `level` and `security-severity`. Limits and uniqueness: `report_sarif_limits`.

use crate::common;
use crate::report_common;

use cargo_sovereign::policy::code::{Code, Severity};
use cargo_sovereign::report::sarif::{self, Sarif, SarifContext};
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

/// The result with `code` about package `name`.
fn result<'a>(log: &'a Value, code: &str, name: &str) -> &'a Value {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == code
                && r["properties"]["package"].as_str().is_some_and(|id| id.contains(&format!("/{name}@")))
        })
        .unwrap_or_else(|| panic!("no {code} result for {name}"))
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
        // The rule's score is its most severe result's, else the code's default severity's.
        let severity = report.findings.iter().filter(|f| f.code == code).map(|f| f.severity).max();
        let expected = sarif::security_severity(severity.unwrap_or(code.default_severity()));
        assert_eq!(rule["properties"]["security-severity"], expected);
        assert_eq!(rule["defaultConfiguration"]["level"], code.default_severity().as_str());
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() < report.findings.len(), "two versions of one package are one result");
    assert!(run.get("properties").is_none(), "nothing was left out");
    for r in results {
        let package = r["properties"]["package"].as_str();
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code.as_str() == r["ruleId"] && same_name(f.package.as_deref(), package))
            .collect();
        assert!(!findings.is_empty(), "{r}");
        let severity = findings.iter().map(|f| f.severity).max().unwrap();
        assert_eq!(r["level"], severity.as_str());
        assert_eq!(r["properties"]["security-severity"], sarif::security_severity(severity));
        assert!(r["message"]["text"].as_str().unwrap().starts_with(findings[0].message.as_str()));
        assert_eq!(r["locations"].as_array().unwrap().len(), 1);
        let prints = &r["partialFingerprints"];
        assert_eq!(prints["cargoSovereign/v2"].as_str().unwrap().len(), 16);
        assert_eq!(prints["primaryLocationLineHash"], prints["cargoSovereign/v2"]);
    }

    // A direct dependency: its line in the member's Cargo.toml.
    let (uri, start, end, snippet) = region(result(&log, "non-european-single-point", "aws-sdk-s3"));
    assert_eq!(uri, "tests/fixtures/cloud-ai-workspace/storage/Cargo.toml");
    assert_eq!(start, end);
    assert!(snippet.starts_with("aws-sdk-s3 = "));
    let manifest = std::fs::read_to_string(uri).unwrap();
    assert_eq!(manifest.lines().nth(start as usize - 1), Some(snippet));

    // A transitive dependency: the name line of its [[package]] entry in Cargo.lock, which
    // does not change when only the version does.
    let (uri, start, end, snippet) = region(result(&log, "unknown-origin", "pin-project-lite"));
    assert_eq!(uri, "tests/fixtures/cloud-ai-workspace/Cargo.lock");
    assert_eq!((start, snippet), (end, "name = \"pin-project-lite\""));
    let lock = std::fs::read_to_string(uri).unwrap();
    let lines: Vec<&str> = lock.lines().collect();
    assert_eq!(lines[start as usize - 1], snippet);
    assert_eq!(lines[start as usize - 2], "[[package]]");
    assert_eq!(lines[start as usize], "version = \"0.2.18\"");

    // Findings about no package: one result per code (three platforms, one platform-binding).
    let bindings: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "platform-binding")
        .collect();
    assert_eq!(bindings.len(), 1);
    let text = bindings[0]["message"]["text"].as_str().unwrap();
    assert!(["Android", "Microsoft Windows", "Apple"].iter().all(|p| text.contains(p)), "{text}");
}

#[test]
fn two_versions_of_a_package_are_one_result_listing_them() {
    let mut report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let old = "pkg:cargo/pin-project-lite@0.2.17";
    let mut package =
        report.packages.iter().find(|p| p.id == "pkg:cargo/pin-project-lite@0.2.18").unwrap().clone();
    (package.id, package.version) = (old.into(), Some("0.2.17".into()));
    report.packages.push(package);
    let mut finding = report
        .findings
        .iter()
        .find(|f| f.package.as_deref() == Some("pkg:cargo/pin-project-lite@0.2.18"))
        .unwrap()
        .clone();
    finding.package = Some(old.into());
    finding.message = finding.message.replace("0.2.18", "0.2.17");
    report.findings.push(finding);
    cargo_sovereign::policy::finding::sort(&mut report.findings);
    let log = sarif(&report);
    validate(&log);
    let r = result(&log, "unknown-origin", "pin-project-lite");
    assert_eq!(r["properties"]["packages"], serde_json::json!([old, "pkg:cargo/pin-project-lite@0.2.18"]));
    let text = r["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("nobody could tell who controls pin-project-lite 0.2.17;"), "{text}");
    assert!(text.ends_with("; also version 0.2.18"), "{text}");
    // 0.2.17 is not in Cargo.lock: the result is placed on the version that is.
    let (uri, _, _, snippet) = region(r);
    assert_eq!(
        (uri, snippet),
        ("tests/fixtures/cloud-ai-workspace/Cargo.lock", "name = \"pin-project-lite\"")
    );
}

/// Whether two package ids name the same package (the same id before the version).
fn same_name(a: Option<&str>, b: Option<&str>) -> bool {
    let base = |id: Option<&str>| id.map(|id| id.rsplit_once('@').map_or(id, |(base, _)| base).to_string());
    base(a) == base(b)
}

#[test]
fn the_policys_severity_sets_level_and_security_severity() {
    let mut report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let code = report.findings[0].code;
    assert_eq!(report.findings[0].severity, Severity::Error);
    for f in report.findings.iter_mut().filter(|f| f.code == code) {
        f.severity = Severity::Note;
    }
    let log = sarif(&report);
    validate(&log);
    let rule = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == code.as_str())
        .unwrap();
    assert_eq!(rule["properties"]["security-severity"], "2.0");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    for r in log["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["ruleId"] == code.as_str()) {
        assert_eq!((&r["level"], &r["properties"]["security-severity"]), (&"note".into(), &"2.0".into()));
    }
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
    // versions of one package with the same problem are one result (windows-sys 0.59 and 0.61).
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
    assert_eq!(prints(&before).len(), problems.len(), "one result per problem");
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
    let (uri, start, _, snippet) = region(result(&log, "git-source", "gitdep"));
    assert_eq!(uri, "tests/fixtures/path-and-git-sources/core/Cargo.toml");
    assert!(snippet.starts_with("gitdep"), "{snippet}");
    assert!(start > 1);
    let dir = common::scratch("sarif");
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    let reporter =
        Sarif { context: SarifContext { workspace_root: Some(dir.to_path_buf()), policy_file: None } };
    let log: Value = serde_json::from_str(&render(&reporter, &report)).unwrap();
    drop(dir);
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
        for r in results {
            let (uri, start, _, snippet) = region(r);
            assert!(uri.ends_with(&sbom.replace(' ', "%20")), "{uri}");
            let line = text.lines().nth(start as usize - 1).unwrap();
            assert_eq!(line, snippet);
            let id = r["properties"]["package"].as_str().unwrap();
            let package = report.packages.iter().find(|p| p.id == id).unwrap();
            // The component's name line, which holds no version.
            assert!(snippet.contains(&format!("\"{}\"", package.name)), "{sbom}: {snippet}");
            let version = package.version.as_deref().unwrap();
            assert!(!snippet.contains(version) || package.name.contains(version), "{sbom}: {snippet}");
        }
    }
}
