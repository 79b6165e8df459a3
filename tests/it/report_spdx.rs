//! The SPDX 2.3 output: valid against the official schema over the Cargo, CycloneDX and SPDX
//! fixtures and hostile names, read back by the tool's own SPDX reader with the same packages,
//! versions, purls and edges, suppliers only organisations (or what the input named), the facts
//! as annotations, and the creation time from `SOURCE_DATE_EPOCH` or the epoch.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::Arc;

use serde_json::Value;

use crate::{common, report_common};
use cargo_sovereign::model::{EntityKind, Origin};
use cargo_sovereign::report::spdx::{Created, Spdx, SpdxOptions, SpdxVersion};
use cargo_sovereign::report::Report;

const SCHEMA: &str = "spdx/spdx-2.3-schema.json";

/// The rendering of `report` in `version` (checked to be the same bytes twice).
pub fn render(report: &Report, version: SpdxVersion) -> String {
    report_common::render(&Spdx { options: SpdxOptions { version, created: Created::default() } }, report)
}

/// The reports the SPDX tests run over: the Cargo fixtures, the golden CycloneDX and SPDX
/// fixtures, and the real SBOMs of the shared corpora when present.
pub fn reports() -> Vec<(String, Report)> {
    let mut out: Vec<(String, Report)> = report_common::CARGO_FIXTURES
        .iter()
        .map(|m| (m.to_string(), report_common::cargo_report(m)))
        .collect();
    for sbom in [
        "tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json",
        "tests/fixtures/spdx-with-copyleft-and-git-source/sbom.spdx.json",
    ] {
        out.push((sbom.to_string(), report_common::sbom_report(sbom)));
    }
    if let Some(shared) = common::shared_dir() {
        for sbom in [report_common::CYCLONEDX_SBOM, report_common::SPDX_SBOM] {
            let path = shared.join(sbom).display().to_string();
            out.push((path.clone(), report_common::sbom_report(&path)));
        }
    }
    out
}

/// A package as the round trip compares it: name, version, purl.
type Identity = (String, Option<String>, Option<String>);

/// The packages and the edges of a report, by identity.
fn graph_of(report: &Report) -> (BTreeSet<Identity>, BTreeSet<(Identity, Identity)>) {
    let identity = |id: &str| {
        let p = report.packages.iter().find(|p| p.id == id).unwrap();
        (p.name.clone(), p.version.clone(), p.purl.clone())
    };
    let packages = report.packages.iter().map(|p| identity(&p.id)).collect();
    let edges = report
        .packages
        .iter()
        .flat_map(|p| p.dependencies.iter().map(|d| (identity(&p.id), identity(d))))
        .collect();
    (packages, edges)
}

/// Checks that `back`, read from the SPDX document of `report`, has the same packages (name,
/// version, purl), edges and roots.
pub fn assert_reads_back_the_same(report: &Report, back: &Report, what: &str) {
    let (packages, edges) = graph_of(report);
    let (packages_back, edges_back) = graph_of(back);
    assert_eq!(packages, packages_back, "{what}: packages");
    assert_eq!(edges, edges_back, "{what}: edges");
    let roots = |r: &Report| r.packages.iter().filter(|p| p.root).map(|p| p.name.clone()).collect::<Vec<_>>();
    if report.packages.iter().any(|p| p.root) {
        assert_eq!(roots(report), roots(back), "{what}: roots");
    }
}

/// Writes `text` to a file of a scratch folder named after the module and audits it as an SBOM.
pub fn read_back(module: &str, name: &str, text: &str) -> Report {
    let dir = common::scratch(module);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    report_common::sbom_report(&path.display().to_string())
}

/// Checks `doc` against the SPDX 2.3 schema (when the shared folder is there).
pub fn validate(doc: &Value, what: &str) {
    if let Some(shared) = common::shared_dir() {
        let errors = report_common::schema_errors(&shared, SCHEMA, &[], doc);
        assert!(errors.is_empty(), "{what}: {} errors:\n{}", errors.len(), errors.join("\n"));
    }
}

/// The checks every 2.3 document passes beyond the schema: ids of the allowed characters and
/// unique, every relationship end defined, something described when there is anything.
pub fn check_ids(doc: &Value, what: &str) {
    let mut ids = BTreeSet::new();
    for p in doc["packages"].as_array().unwrap() {
        let id = p["SPDXID"].as_str().unwrap();
        let rest = id.strip_prefix("SPDXRef-").unwrap_or_else(|| panic!("{what}: {id}"));
        assert!(
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'),
            "{id}"
        );
        assert!(ids.insert(id.to_string()), "{what}: {id} twice");
    }
    let rels = doc["relationships"].as_array().unwrap();
    let describes = rels.iter().any(|r| r["relationshipType"] == "DESCRIBES");
    assert!(describes || ids.is_empty(), "{what}: describes nothing");
    for r in rels {
        for end in [&r["spdxElementId"], &r["relatedSpdxElement"]] {
            let end = end.as_str().unwrap();
            assert!(end == "SPDXRef-DOCUMENT" || ids.contains(end), "{what}: {end} undefined");
        }
    }
}

#[test]
fn every_fixture_gives_a_valid_spdx_2_3_document_that_reads_back_the_same() {
    for (what, report) in reports() {
        let text = render(&report, SpdxVersion::V2_3);
        let doc: Value = serde_json::from_str(&text).unwrap();
        validate(&doc, &what);
        check_ids(&doc, &what);
        assert_eq!(doc["packages"].as_array().unwrap().len(), report.packages.len(), "{what}");
        assert!(report.summary.edges > 0, "{what}: a graph without edges proves nothing");
        assert_reads_back_the_same(&report, &read_back("report_spdx", "back.spdx.json", &text), &what);
    }
}

#[test]
fn the_schema_check_rejects_a_broken_document() {
    let Some(shared) = common::shared_dir() else { return };
    let report = report_common::cargo_report(report_common::CARGO_FIXTURES[0]);
    let mut doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    doc["packages"][0].as_object_mut().unwrap().remove("SPDXID");
    doc["packages"][1]["annotations"][0]["annotationType"] = "NOTE".into();
    let errors = report_common::schema_errors(&shared, SCHEMA, &[], &doc);
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn facts_are_annotations_with_the_cyclonedx_property_names_and_values() {
    let report = report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    let mut annotated = 0;
    for (p, spdx) in report.packages.iter().zip(doc["packages"].as_array().unwrap()) {
        assert_eq!(spdx["name"], p.name.as_str());
        let expected: Vec<String> = cargo_sovereign::report::cyclonedx::properties(p)
            .iter()
            .map(|v| format!("{}={}", v["name"].as_str().unwrap(), v["value"].as_str().unwrap()))
            .collect();
        let written: Vec<&str> =
            spdx["annotations"][0]["comment"].as_str().map(|c| c.lines().collect()).unwrap_or_default();
        assert_eq!(written, expected, "{}", p.name);
        if !expected.is_empty() {
            annotated += 1;
            let a = &spdx["annotations"][0];
            assert_eq!(
                (a["annotationType"].as_str(), a["annotationDate"].as_str()),
                (Some("OTHER"), Some("1970-01-01T00:00:00Z"))
            );
            assert_eq!(a["annotator"], format!("Tool: cargo-sovereign-{}", report.tool.version).as_str());
        }
    }
    assert_eq!(annotated, report.packages.len());
    let aws = doc["packages"].as_array().unwrap().iter().find(|p| p["name"] == "aws-sdk-s3").unwrap();
    let comment = aws["annotations"][0]["comment"].as_str().unwrap();
    assert!(comment.contains("cargo-sovereign:control-country=US\n"), "{comment}");
    assert!(comment.contains("cargo-sovereign:vendor=Amazon.com, Inc.\n"), "{comment}");
}

#[test]
fn suppliers_are_the_inputs_or_an_attributed_organisation_never_a_person_of_the_knowledge_base() {
    let mut report =
        report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let supplier = |report: &Report, name: &str| -> String {
        let doc: Value = serde_json::from_str(&render(report, SpdxVersion::V2_3)).unwrap();
        let p = doc["packages"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap();
        p["supplier"].as_str().unwrap().to_string()
    };
    // Named by the input (a CycloneDX supplier), kept.
    assert_eq!(supplier(&report, "chart-widget"), "Organization: Graphik Werkstatt GmbH");
    // Not named by the input: the attributed company.
    assert!(report.packages.iter().any(|p| p.name == "aws-sdk-s3" && p.supplier.is_none()));
    assert_eq!(supplier(&report, "aws-sdk-s3"), "Organization: Amazon.com, Inc.");
    // A person the attribution found is not written as a supplier; nor is an unknown kind.
    for kind in [EntityKind::Individual, EntityKind::Unknown] {
        let p = report.packages.iter_mut().find(|p| p.name == "aws-sdk-s3").unwrap();
        let origin = Origin {
            entity: Some("Jane Doe".into()),
            entity_kind: kind,
            ..(**p.origin.as_ref().unwrap()).clone()
        };
        p.origin = Some(Arc::new(origin));
        assert_eq!(supplier(&report, "aws-sdk-s3"), "NOASSERTION", "{kind:?}");
    }
}

#[test]
fn license_refs_are_declared_and_invalid_expressions_are_noassertion() {
    let mut report = report_common::cargo_report(report_common::CARGO_FIXTURES[0]);
    report.packages[0].license.expression = Some("LicenseRef-Acme-EULA OR MIT".into());
    report.packages[0].license.declared = Some("Acme EULA or MIT".into());
    report.packages[1].license.expression = Some("DocumentRef-other:LicenseRef-x".into());
    report.packages[2].license.expression = Some("not ( an expression".into());
    let doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    validate(&doc, "licence refs");
    let packages = doc["packages"].as_array().unwrap();
    assert_eq!(packages[0]["licenseDeclared"], "LicenseRef-Acme-EULA OR MIT");
    assert_eq!(packages[0]["licenseConcluded"], "LicenseRef-Acme-EULA OR MIT");
    assert_eq!(
        (packages[1]["licenseDeclared"].as_str(), packages[2]["licenseDeclared"].as_str()),
        (Some("NOASSERTION"), Some("NOASSERTION"))
    );
    let infos = doc["hasExtractedLicensingInfos"].as_array().unwrap();
    assert_eq!(infos.len(), 1);
    assert_eq!(
        (infos[0]["licenseId"].as_str(), infos[0]["extractedText"].as_str()),
        (Some("LicenseRef-Acme-EULA"), Some("Acme EULA or MIT"))
    );
}

#[test]
fn hostile_names_give_valid_json_and_valid_unique_spdx_ids() {
    let mut report = report_common::cargo_report(report_common::CARGO_FIXTURES[0]);
    let hostile = [
        "",
        "\u{0}\u{1b}[31m\n\"quoted\"",
        "../../etc/passwd#frag",
        "名前 🦀",
        "\u{0}\u{1b}[31m\n\"quoted\"",
    ];
    for (i, (p, name)) in report.packages.iter_mut().zip(hostile.iter().cycle()).enumerate() {
        p.name = name.to_string();
        p.version = Some(format!("1.0\u{7f} beta/../#{i}"));
        p.description = Some(Box::new("line\nbreak\u{0}".into()));
    }
    for version in [SpdxVersion::V2_3, SpdxVersion::V3_0] {
        let text = render(&report, version);
        let doc: Value = serde_json::from_str(&text).unwrap();
        if version == SpdxVersion::V2_3 {
            validate(&doc, "hostile");
            check_ids(&doc, "hostile");
        }
        let back = read_back("report_spdx", "hostile.json", &text);
        assert_eq!(back.packages.len(), report.packages.len(), "{version:?}");
    }
}

fn audit_with_epoch(epoch: Option<&str>, version: &str) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd).current_dir(common::repo_dir()).env_remove("SOURCE_DATE_EPOCH").args([
        "audit",
        "--metadata",
        report_common::CARGO_FIXTURES[1],
        "--fail-on",
        "never",
        "--format",
        "spdx",
        "--spdx-version",
        version,
    ]);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    cmd.output().unwrap()
}

#[test]
fn the_creation_time_is_source_date_epoch_or_the_epoch_and_a_bad_value_is_refused() {
    let created = |out: &std::process::Output, version: &str| -> String {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        match version {
            "2.3" => doc["creationInfo"]["created"].as_str().unwrap().to_string(),
            _ => doc["@graph"][0]["created"].as_str().unwrap().to_string(),
        }
    };
    for version in ["2.3", "3.0"] {
        assert_eq!(created(&audit_with_epoch(None, version), version), "1970-01-01T00:00:00Z");
        assert_eq!(created(&audit_with_epoch(Some("1700000000"), version), version), "2023-11-14T22:13:20Z");
    }
    let a = audit_with_epoch(Some("1700000000"), "2.3");
    let b = audit_with_epoch(Some("1700000001"), "2.3");
    let namespace = |o: &std::process::Output| {
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["documentNamespace"].clone()
    };
    assert_ne!(namespace(&a), namespace(&b), "another document, another namespace");
    assert_eq!(namespace(&a), namespace(&audit_with_epoch(Some("1700000000"), "2.3")));
    let bad = audit_with_epoch(Some("yesterday"), "2.3");
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("SOURCE_DATE_EPOCH=yesterday: not a number of seconds"), "{stderr}");
    let unknown = audit_with_epoch(None, "2.2");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown SPDX version `2.2` (known: 2.3, 3.0)"));
}

#[test]
fn the_namespace_changes_with_what_the_document_says() {
    let report = report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let namespace = |r: &Report| {
        let doc: Value = serde_json::from_str(&render(r, SpdxVersion::V2_3)).unwrap();
        doc["documentNamespace"].as_str().unwrap().to_string()
    };
    let base = namespace(&report);
    assert!(base.starts_with("https://spdx.org/spdxdocs/cargo-sovereign/invoice-service-2.4.0-"), "{base}");
    assert_eq!(base, namespace(&report.clone()));
    let changes: [fn(&mut Report); 5] = [
        |r| r.packages[1].description = Some(Box::new("another text".into())),
        |r| r.packages[1].homepage = Some(Box::new("https://example.org".into())),
        |r| r.packages[1].version = Some("9.9.9".into()),
        |r| r.packages[0].dependencies.pop().map(drop).unwrap(),
        |r| r.packages[1].license.category = Some("proprietary".into()),
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut changed = report.clone();
        change(&mut changed);
        assert_ne!(namespace(&changed), base, "change {i}");
    }
}

#[test]
fn a_graph_without_roots_describes_its_tops_or_in_a_ring_every_package() {
    let mut report = report_common::cargo_report(report_common::CARGO_FIXTURES[0]);
    let describes = |r: &Report| {
        let doc: Value = serde_json::from_str(&render(r, SpdxVersion::V2_3)).unwrap();
        validate(&doc, "no roots");
        check_ids(&doc, "no roots");
        let rels = doc["relationships"].as_array().unwrap().clone();
        (
            doc["name"].as_str().unwrap().to_string(),
            rels.iter().filter(|r| r["relationshipType"] == "DESCRIBES").count(),
        )
    };
    let roots = report.packages.iter().filter(|p| p.root).count();
    assert_eq!(describes(&report).1, roots);
    for p in &mut report.packages {
        p.root = false;
    }
    // The tops: the packages nothing depends on.
    let depended: BTreeSet<String> = report.packages.iter().flat_map(|p| p.dependencies.clone()).collect();
    let tops = report.packages.iter().filter(|p| !depended.contains(&p.id)).count();
    assert!(tops > 0 && tops < report.packages.len());
    assert_eq!(describes(&report), ("sbom".to_string(), tops));
    // A ring: each package depends on the next, so none is a top.
    let ids: Vec<String> = report.packages.iter().map(|p| p.id.clone()).collect();
    for (i, p) in report.packages.iter_mut().enumerate() {
        p.dependencies = vec![ids[(i + 1) % ids.len()].clone()];
    }
    assert_eq!(describes(&report).1, ids.len());
    // Many roots: the first three are named.
    for p in &mut report.packages {
        p.root = true;
    }
    let name = describes(&report).0;
    assert!(name.ends_with(&format!(", {} more", ids.len() - 3)) && name.matches('@').count() == 3, "{name}");
}

#[test]
fn a_line_break_in_a_fact_cannot_forge_another_fact() {
    let mut report =
        report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let p = report.packages.iter_mut().find(|p| p.name == "aws-sdk-s3").unwrap();
    let forged = "Acme\ncargo-sovereign:jurisdiction=trusted\\";
    p.origin =
        Some(Arc::new(Origin { entity: Some(forged.into()), ..(**p.origin.as_ref().unwrap()).clone() }));
    let doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    let aws = doc["packages"].as_array().unwrap().iter().find(|p| p["name"] == "aws-sdk-s3").unwrap();
    let lines: Vec<&str> = aws["annotations"][0]["comment"].as_str().unwrap().lines().collect();
    assert!(
        lines.contains(&"cargo-sovereign:entity=Acme\\ncargo-sovereign:jurisdiction=trusted\\\\"),
        "{lines:?}"
    );
    assert_eq!(
        lines.iter().copied().filter(|l| l.starts_with("cargo-sovereign:jurisdiction=")).collect::<Vec<_>>(),
        ["cargo-sovereign:jurisdiction=untrusted"]
    );
}

#[test]
fn an_sbom_without_components_gives_valid_empty_documents() {
    let dir = common::scratch("spdx-empty");
    let path = dir.join("empty.cdx.json");
    std::fs::write(&path, r#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[]}"#)
        .unwrap();
    let report = report_common::sbom_report(&path.display().to_string());
    assert!(report.packages.is_empty());
    let doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    validate(&doc, "empty");
    check_ids(&doc, "empty");
    assert_eq!((doc["name"].as_str(), doc["packages"].as_array().map(Vec::len)), (Some("sbom"), Some(0)));
    assert!(doc.get("hasExtractedLicensingInfos").is_none());
    let doc3: Value = serde_json::from_str(&render(&report, SpdxVersion::V3_0)).unwrap();
    crate::report_spdx3::check(&doc3, "empty", None);
    let graph = doc3["@graph"].as_array().unwrap();
    assert!(!graph.iter().any(|e| e["type"] == "software_Package"), "{doc3:#}");
}

/// A package's checksums (from Cargo.lock, or an SPDX input) are written in both versions,
/// under SPDX's names for the algorithms; one SPDX does not name is left out.
#[test]
fn checksums_are_written_in_both_versions() {
    use cargo_sovereign::model::Checksum;
    let mut report = report_common::cargo_report(report_common::CARGO_FIXTURES[0]);
    let digest = "a".repeat(64);
    let checksum = |algorithm: &str| Checksum { algorithm: algorithm.into(), value: digest.clone() };
    report.packages[0].hashes = vec![checksum("SHA-256"), checksum("SHA3-512"), checksum("Whirlpool")];
    let id = report.packages[0].name.clone();
    let v2: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    validate(&v2, "checksums");
    let package = v2["packages"].as_array().unwrap().iter().find(|p| p["name"] == id.as_str()).unwrap();
    let algorithms: Vec<&str> =
        package["checksums"].as_array().unwrap().iter().map(|c| c["algorithm"].as_str().unwrap()).collect();
    assert_eq!(algorithms, ["SHA256", "SHA3-512"]);
    assert_eq!(package["checksums"][0]["checksumValue"], digest.as_str());
    let v3: Value = serde_json::from_str(&render(&report, SpdxVersion::V3_0)).unwrap();
    let package = v3["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "software_Package" && e["name"] == id.as_str())
        .unwrap();
    let hashes = package["verifiedUsing"].as_array().unwrap();
    let algorithms: Vec<&str> = hashes.iter().map(|h| h["algorithm"].as_str().unwrap()).collect();
    assert_eq!(algorithms, ["sha256", "sha3_512"]);
    assert!(hashes.iter().all(|h| h["type"] == "Hash" && h["hashValue"] == digest.as_str()));
    // What the document says changed, so its namespace did.
    report.packages[0].hashes.clear();
    let without: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    assert_ne!(without["documentNamespace"], v2["documentNamespace"]);
}
