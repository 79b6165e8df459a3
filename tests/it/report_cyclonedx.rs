//! The enriched CycloneDX over the shared report fixtures: generated 1.6 documents validate
//! against the official schema, input documents are preserved with facts added.

use crate::common;
use crate::report_common;

use cargo_sovereign::report::cyclonedx::CycloneDx;
use cargo_sovereign::report::Report;
use report_common::{cargo_report, render};
use serde_json::Value;

const SCHEMA: &str = "cyclonedx/bom-1.6.schema.json";
const REFERENCED: &[&str] = &["cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json"];

fn bom(report: &Report) -> Value {
    serde_json::from_str(&render(&CycloneDx, report)).unwrap()
}

fn validate(doc: &Value) {
    if let Some(shared) = common::shared_dir() {
        report_common::assert_valid(&shared, SCHEMA, REFERENCED, doc);
    }
}

/// The value of property `cargo-sovereign:<name>` of the component with `bom-ref`.
fn property<'a>(doc: &'a Value, bom_ref: &str, name: &str) -> Option<&'a str> {
    let c = doc["components"].as_array().unwrap().iter().find(|c| c["bom-ref"] == bom_ref)?;
    let props = c["properties"].as_array()?;
    props.iter().find(|p| p["name"] == format!("cargo-sovereign:{name}")).and_then(|p| p["value"].as_str())
}

#[test]
fn cargo_workspace_generates_a_valid_enriched_1_6_bom() {
    let report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let doc = bom(&report);
    validate(&doc);
    assert_eq!(doc["specVersion"], "1.6");
    assert!(doc.get("serialNumber").is_none() && doc["metadata"].get("timestamp").is_none());
    assert_eq!(doc["metadata"]["tools"]["components"][0]["name"], "cargo-sovereign");
    // Two workspace members: the BOM describes the workspace, which depends on both.
    assert_eq!(doc["metadata"]["component"]["bom-ref"], "cargo-sovereign:workspace");
    let components = doc["components"].as_array().unwrap();
    assert_eq!(components.len(), report.packages.len());
    let deps = doc["dependencies"].as_array().unwrap();
    assert_eq!(deps.len(), report.packages.len() + 1);
    let refs: Vec<&str> = deps.iter().map(|d| d["ref"].as_str().unwrap()).collect();
    assert!(refs.windows(2).all(|w| w[0] < w[1]), "dependencies are not sorted");

    let s3 = "pkg:cargo/aws-sdk-s3@1.157.0";
    let c = components.iter().find(|c| c["bom-ref"] == s3).unwrap();
    assert_eq!(c["type"], "library");
    assert_eq!(c["purl"], s3);
    assert_eq!(c["licenses"][0]["expression"], "Apache-2.0");
    assert_eq!(c["supplier"]["name"], "Amazon.com, Inc.");
    assert_eq!(c["supplier"]["address"]["country"], "US");
    assert!(c["externalReferences"].as_array().unwrap().iter().any(|r| r["type"] == "vcs"));
    assert_eq!(property(&doc, s3, "country"), Some("US"));
    assert_eq!(property(&doc, s3, "control-country"), Some("US"));
    assert_eq!(property(&doc, s3, "jurisdiction"), Some("untrusted"));
    assert_eq!(property(&doc, s3, "entity"), Some("Amazon.com, Inc."));
    assert_eq!(property(&doc, s3, "license-category"), Some("permissive"));
    assert_eq!(property(&doc, s3, "vendor"), Some("Amazon.com, Inc."));
    assert_eq!(property(&doc, s3, "critical"), Some("true"));
    assert_eq!(property(&doc, s3, "confidence"), Some("0.99"));
    // Every package's facts are there, matching the report.
    for p in &report.packages {
        assert_eq!(property(&doc, &p.id, "license-category"), p.license.category.as_deref(), "{}", p.id);
        let critical = p.graph.map(|g| g.critical.to_string());
        assert_eq!(property(&doc, &p.id, "critical"), critical.as_deref(), "{}", p.id);
    }
}

#[test]
fn the_schema_check_rejects_a_broken_bom() {
    let Some(shared) = common::shared_dir() else { return };
    let mut doc = bom(&cargo_report(report_common::CARGO_FIXTURES[1]));
    doc["components"][0]["type"] = "widget".into();
    doc["components"][0]["licenses"][0]["expression"] = 5.into();
    let errors = report_common::schema_errors(&shared, SCHEMA, REFERENCED, &doc);
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn path_and_git_sources_is_valid() {
    // Its golden file is checked in `goldens`.
    let report = cargo_report(report_common::CARGO_FIXTURES[1]);
    validate(&serde_json::from_str(&render(&CycloneDx, &report)).unwrap());
}

#[test]
fn spdx_input_generates_a_valid_1_6_bom() {
    let Some(shared) = common::shared_dir() else { return };
    let report = report_common::sbom_report(&shared.join(report_common::SPDX_SBOM).display().to_string());
    let doc = bom(&report);
    validate(&doc);
    assert_eq!(doc["specVersion"], "1.6");
    let purls: Vec<&str> =
        doc["components"].as_array().unwrap().iter().filter_map(|c| c["purl"].as_str()).collect();
    assert!(purls.contains(&"pkg:cargo/tokio@1.19.2"), "{purls:?}");
}

/// Every field of `input` is still in `output` with the same value, except the arrays and
/// objects enrichment may extend (checked recursively: only additions are allowed).
fn assert_preserved(input: &Value, output: &Value, path: &str) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let w = b.get(k).unwrap_or_else(|| panic!("{path}/{k} was dropped"));
                assert_preserved(v, w, &format!("{path}/{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert!(b.len() >= a.len(), "{path} lost items");
            for (i, v) in a.iter().enumerate() {
                assert_preserved(v, &b[i], &format!("{path}/{i}"));
            }
        }
        _ => assert_eq!(input, output, "{path} changed"),
    }
}

#[test]
fn cyclonedx_inputs_are_preserved_with_facts_added() {
    let Some(shared) = common::shared_dir() else { return };
    let laravel = shared.join(report_common::CYCLONEDX_SBOM);
    let spec16 = shared.join("corpora/cyclonedx-spec/1.6/valid-component-identifiers-1.6.json");
    for path in [laravel, spec16] {
        let input: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let report = report_common::sbom_report(&path.display().to_string());
        let doc = bom(&report);
        assert_preserved(&input, &doc, "");
        assert_eq!(doc["specVersion"], input["specVersion"]);
        let components = doc["components"].as_array().unwrap();
        let with_facts = components
            .iter()
            .filter(|c| {
                c["properties"].as_array().is_some_and(|p| {
                    p.iter().any(|p| p["name"].as_str().is_some_and(|n| n.starts_with("cargo-sovereign:")))
                })
            })
            .count();
        assert_eq!(with_facts, components.len(), "{}", path.display());
        if input["specVersion"] == "1.6" {
            validate(&doc);
        } else {
            // No address before 1.6.
            assert!(components.iter().all(|c| c["supplier"].get("address").is_none()));
        }
    }
}

#[test]
fn cyclonedx_xml_input_falls_back_to_generated_json() {
    let Some(shared) = common::shared_dir() else { return };
    let path = shared.join("corpora/cyclonedx-examples/laravel-7.12.0/bom.1.4.xml");
    let report = report_common::sbom_report(&path.display().to_string());
    let doc = bom(&report);
    validate(&doc);
    assert_eq!(doc["specVersion"], "1.6");
    assert_eq!(doc["components"].as_array().unwrap().len() + 1, report.packages.len());
}
