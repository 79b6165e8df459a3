//! The enriched CycloneDX over the shared report fixtures: generated 1.6 documents validate
//! against the official schema, input documents are preserved with facts added.

use crate::common;
use crate::report_common;

use cargo_sovereign::report::cyclonedx::{CycloneDx, Target};
use cargo_sovereign::report::Report;
use report_common::{assert_preserved, cargo_report, render};
use serde_json::Value;

const SCHEMA: &str = "cyclonedx/bom-1.6.schema.json";
const REFERENCED: &[&str] = &["cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json"];

fn bom(report: &Report) -> Value {
    serde_json::from_str(&render(&CycloneDx::default(), report)).unwrap()
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
    validate(&serde_json::from_str(&render(&CycloneDx::default(), &report)).unwrap());
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
    // The SPDX package checksums are carried over, algorithm names in CycloneDX's spelling.
    let tokio =
        doc["components"].as_array().unwrap().iter().find(|c| c["purl"] == "pkg:cargo/tokio@1.19.2").unwrap();
    assert_eq!(
        tokio["hashes"],
        serde_json::json!([{ "alg": "SHA-256", "content": "c51a52ed6686dd62c320f9b89299e9dfb46f730c7a48e635c19f21d116cb1439" }])
    );
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
fn cyclonedx_xml_input_stays_xml_with_every_hash_kept() {
    let Some(shared) = common::shared_dir() else { return };
    let path = shared.join("corpora/cyclonedx-examples/keycloak-10.0.2/bom.xml");
    let input = std::fs::read_to_string(&path).unwrap();
    let report = report_common::sbom_report(&path.display().to_string());
    let count = |text: &str, what: &str| text.matches(what).count();
    // 1.2 as it is: no properties, and no address, in that version.
    let kept = render(&CycloneDx::default(), &report);
    assert!(kept.starts_with("<?xml") && kept.contains("http://cyclonedx.org/schema/bom/1.2"));
    assert_eq!(count(&kept, "<hash "), count(&input, "<hash "));
    assert_eq!(count(&kept, "<publisher>"), count(&input, "<publisher>"));
    assert_eq!(count(&kept, "<property "), 0);
    assert_eq!(count(&kept, "<address>"), 0);
    // Moved to 1.6: the facts come in.
    let upgraded = render(&CycloneDx { version: Some(Target::V1_6) }, &report);
    assert!(upgraded.contains(r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6""#));
    assert_eq!(count(&upgraded, "<hash "), count(&input, "<hash "));
    assert_eq!(count(&upgraded, "<publisher>"), count(&input, "<publisher>"));
    assert!(count(&upgraded, "<property name=\"cargo-sovereign:jurisdiction\">") > 900);
    assert!(count(&upgraded, "<address><country>") > 100);
}

#[test]
fn xml_prefixes_empty_elements_and_earlier_facts_are_handled() {
    let path = "tests/fixtures/cyclonedx-xml-prefixed/bom.xml";
    let input = std::fs::read_to_string(path).unwrap();
    let report = report_common::sbom_report(path);
    let out = render(&CycloneDx::default(), &report);
    let doc = roxmltree::Document::parse(&out).unwrap();
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- A CycloneDX 1.5 document"));
    // The prefix of the document is used for what is added, and the earlier run's
    // `cargo-sovereign:*` properties are replaced, not doubled; the others stay.
    assert!(out.contains("<c:metadata>"), "{out}");
    assert!(out.contains(
        "<c:tools><c:components><c:component type=\"application\"><c:name>cargo-sovereign</c:name>"
    ));
    assert!(!out.contains(">XX<") && out.contains("<c:property name=\"build:id\">&lt;42&gt;</c:property>"));
    assert_eq!(out.matches("cargo-sovereign:country").count(), 1, "{out}");
    assert!(out.contains("<x:note>kept</x:note>"));
    // No address before 1.6; what is added goes where the schema's sequence puts it.
    assert!(out.contains("<c:supplier><c:name>Amazon.com, Inc.</c:name></c:supplier>"), "{out}");
    let serde = doc.descendants().find(|n| n.attribute("bom-ref") == Some("serde")).unwrap();
    let names: Vec<&str> = serde.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect();
    assert_eq!(names, ["name", "version", "licenses", "purl", "properties"], "{out}");
    // The input declares no licence: there is none to add, and its empty element stays.
    assert!(out.contains("<c:licenses/>"), "{out}");
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://cyclonedx.org/schema/bom/1.5"));
    assert!(input.lines().count() < out.lines().count());
    // Moved to 1.7: the namespace follows, and the supplier gets its country.
    let out = render(&CycloneDx { version: Some(Target::V1_7) }, &report);
    let doc = roxmltree::Document::parse(&out).unwrap();
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://cyclonedx.org/schema/bom/1.7"));
    assert!(out.contains(r#"<c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.7" xmlns:x="urn:example:ext""#));
    assert!(out.contains("<c:name>Amazon.com, Inc.</c:name><c:address><c:country>US</c:country></c:address>"));
}

#[test]
fn every_property_written_is_in_the_taxonomy_and_every_documented_one_is_written() {
    let documented: std::collections::BTreeSet<String> = std::fs::read_to_string("docs/properties.md")
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("| `cargo-sovereign:"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| format!("cargo-sovereign:{name}")))
        .collect();
    let report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let doc = bom(&report);
    let written: std::collections::BTreeSet<String> = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["properties"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(documented.len(), 8, "{documented:?}");
    assert_eq!(written, documented);
}
