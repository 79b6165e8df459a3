//! The SPDX 3.0.1 JSON-LD output. There is no JSON schema of 3.0 in the shared folder, so the
//! document is checked against the shapes of the real 3.0 documents of the shared corpora
//! (every property we write on a type is one those documents write on it, with the same JSON
//! kind), against the spec's property tables for the two classes no example uses, for ids and
//! references that resolve, and read back through the tool's own SPDX 3 reader with the same
//! packages, versions, purls, edges, roots and licences.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::report_spdx::{assert_reads_back_the_same, read_back, render, reports};
use crate::{common, report_common};
use cargo_sovereign::report::spdx::SpdxVersion;

/// Properties of the classes the shared examples never use, from the SPDX 3.0.1 model: Element's
/// own (`type`, `spdxId`, `creationInfo`, `name`) and, for Annotation
/// (https://spdx.github.io/spdx-spec/v3.0.1/model/Core/Classes/Annotation/), `annotationType`,
/// `statement`, `subject`. SoftwareAgent is an Agent with no properties of its own.
const FROM_THE_SPEC: &[(&str, &[&str])] = &[
    ("SoftwareAgent", &["type", "spdxId", "creationInfo", "name"]),
    ("Annotation", &["type", "spdxId", "creationInfo", "annotationType", "statement", "subject"]),
];

/// The JSON kind of a value, for comparing shapes.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Type → property → the JSON kinds the real 3.0 documents give it.
pub type Shapes = BTreeMap<String, BTreeMap<String, BTreeSet<&'static str>>>;

/// [`Shapes`] of the real 3.0 documents of the shared corpora and of the spec's tables.
pub fn shapes(shared: &std::path::Path) -> Shapes {
    let mut files = vec![shared.join("corpora/spdx-spec/3.0/package_sbom.json")];
    files.extend(
        common::files_with_ext(&shared.join("corpora/spdx-examples"), &[".json"])
            .into_iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == "spdx3.0")),
    );
    let mut out = Shapes::new();
    let mut read = 0;
    for path in files {
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Some(graph) = doc["@graph"].as_array() else { continue };
        read += 1;
        for e in graph {
            let ty = e["type"].as_str().unwrap_or_default().to_string();
            for (key, value) in e.as_object().unwrap() {
                out.entry(ty.clone()).or_default().entry(key.clone()).or_default().insert(kind(value));
            }
        }
    }
    assert!(read >= 10, "only {read} SPDX 3 examples read");
    for (ty, keys) in FROM_THE_SPEC {
        assert!(!out.contains_key(*ty), "{ty} is in the examples now: drop it from FROM_THE_SPEC");
        let entry = out.entry(ty.to_string()).or_default();
        // Every one of them is text or an IRI, written as a JSON string.
        for key in *keys {
            entry.entry(key.to_string()).or_default().insert("string");
        }
    }
    out
}

/// The checks on one document: shapes, ids, references, the creation info.
pub fn check(doc: &Value, what: &str, shapes: Option<&Shapes>) {
    assert_eq!(doc["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
    let graph = doc["@graph"].as_array().unwrap();
    let creation = &graph[0];
    assert_eq!(
        (creation["type"].as_str(), creation["@id"].as_str()),
        (Some("CreationInfo"), Some("_:creationinfo"))
    );
    assert_eq!(creation["specVersion"], "3.0.1");
    let created = creation["created"].as_str().unwrap();
    assert!(created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T', "{created}");
    let document = &graph[1];
    assert_eq!(document["type"], "SpdxDocument");
    let namespace = document["spdxId"].as_str().unwrap().split_once('#').unwrap().0.to_string();
    assert!(namespace.starts_with("https://"), "{namespace}");
    let mut ids = BTreeSet::new();
    for e in &graph[1..] {
        let ty = e["type"].as_str().unwrap();
        let id = e["spdxId"].as_str().unwrap();
        let local =
            id.strip_prefix(&format!("{namespace}#SPDXRef-")).unwrap_or_else(|| panic!("{what}: {id}"));
        assert!(local.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'), "{what}: {id}");
        assert!(ids.insert(id), "{what}: {id} twice");
        assert_eq!(e["creationInfo"], "_:creationinfo", "{what}: {id}");
        if let Some(shapes) = shapes {
            let known = shapes.get(ty).unwrap_or_else(|| panic!("{what}: no real document has a {ty}"));
            for (key, value) in e.as_object().unwrap() {
                let kinds = known.get(key).unwrap_or_else(|| panic!("{what}: no real {ty} has `{key}`"));
                assert!(
                    kinds.contains(kind(value)),
                    "{what}: {ty}.{key} is {} in ours, {kinds:?} in theirs",
                    kind(value)
                );
            }
        }
    }
    let refs = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items.iter().map(|i| i.as_str().unwrap().to_string()).collect(),
            _ => Vec::new(),
        }
    };
    let mut referenced = refs(&creation["createdBy"]);
    referenced.extend(refs(&creation["createdUsing"]));
    for e in graph {
        for key in ["suppliedBy", "from", "to", "subject", "rootElement", "element"] {
            referenced.extend(refs(&e[key]));
        }
    }
    for r in &referenced {
        assert!(ids.contains(r.as_str()), "{what}: {r} is referenced but not defined");
    }
    let elements: BTreeSet<String> = refs(&document["element"]).into_iter().collect();
    assert_eq!(elements.len() + 1, ids.len(), "{what}: every element but the document is listed");
}

#[test]
fn every_fixture_gives_a_3_0_document_of_the_real_documents_shapes_that_reads_back_the_same() {
    let shared = common::shared_dir();
    let shapes = shared.as_deref().map(shapes);
    for (what, report) in reports() {
        let text = render(&report, SpdxVersion::V3_0);
        let doc: Value = serde_json::from_str(&text).unwrap();
        check(&doc, &what, shapes.as_ref());
        let back = read_back("report_spdx3", "back.spdx3.json", &text);
        assert!(report.summary.edges > 0, "{what}: a graph without edges proves nothing");
        assert_reads_back_the_same(&report, &back, &what);
        // Licences go out as expression elements and come back as the package's licence.
        for (p, b) in report.packages.iter().zip(&back.packages) {
            if let Some(expr) = &p.license.expression {
                if spdx::Expression::parse(expr).is_ok() {
                    assert_eq!(b.license.declared.as_deref(), Some(expr.as_str()), "{what}: {}", p.name);
                }
            }
        }
    }
}

#[test]
fn facts_suppliers_and_licences_are_the_same_as_in_2_3() {
    let report = report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let v2: Value = serde_json::from_str(&render(&report, SpdxVersion::V2_3)).unwrap();
    let v3: Value = serde_json::from_str(&render(&report, SpdxVersion::V3_0)).unwrap();
    let graph = v3["@graph"].as_array().unwrap();
    let by_id: BTreeMap<&str, &Value> =
        graph.iter().filter_map(|e| e["spdxId"].as_str().map(|id| (id, e))).collect();
    let mut suppliers = 0;
    for p2 in v2["packages"].as_array().unwrap() {
        let name = p2["name"].as_str().unwrap();
        let p3 = graph.iter().find(|e| e["type"] == "software_Package" && e["name"] == name).unwrap();
        let id = p3["spdxId"].as_str().unwrap();
        let annotation = graph.iter().find(|e| e["type"] == "Annotation" && e["subject"] == id).unwrap();
        assert_eq!(annotation["annotationType"], "other");
        assert_eq!(annotation["statement"], p2["annotations"][0]["comment"], "{name}");
        match p3["suppliedBy"].as_str() {
            Some(agent) => {
                suppliers += 1;
                let agent = by_id[agent];
                assert_eq!(agent["type"], "Organization");
                assert_eq!(
                    format!("Organization: {}", agent["name"].as_str().unwrap()),
                    p2["supplier"].as_str().unwrap()
                );
            }
            None => assert_eq!(p2["supplier"], "NOASSERTION", "{name}"),
        }
        let declared =
            graph.iter().find(|e| e["relationshipType"] == "hasDeclaredLicense" && e["from"] == id);
        let expr = declared
            .map(|r| by_id[r["to"][0].as_str().unwrap()]["simplelicensing_licenseExpression"].clone());
        assert_eq!(expr.unwrap_or_else(|| "NOASSERTION".into()), p2["licenseDeclared"], "{name}");
    }
    assert_eq!(suppliers, 4);
    // One organisation element per supplier, however many packages it supplies.
    let organisations = graph.iter().filter(|e| e["type"] == "Organization").count();
    assert_eq!(organisations, 4);
}

#[test]
fn the_checks_reject_an_unknown_property_a_wrong_kind_and_a_dangling_reference() {
    let Some(shared) = common::shared_dir() else { return };
    let shapes = shapes(&shared);
    let report = report_common::sbom_report("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json");
    let doc: Value = serde_json::from_str(&render(&report, SpdxVersion::V3_0)).unwrap();
    check(&doc, "as written", Some(&shapes));
    let package = doc["@graph"].as_array().unwrap().iter().position(|e| e["suppliedBy"].is_string()).unwrap();
    let broken: [fn(&mut Value); 3] = [
        |p| p["software_bogus"] = "x".into(),
        |p| p["suppliedBy"] = Value::Array(vec![p["suppliedBy"].clone()]),
        |p| p["suppliedBy"] = "https://example.org/nobody".into(),
    ];
    for (i, breaks) in broken.iter().enumerate() {
        let mut doc = doc.clone();
        breaks(&mut doc["@graph"][package]);
        let failed = std::panic::catch_unwind(|| check(&doc, "broken", Some(&shapes))).is_err();
        assert!(failed, "breakage {i} passed the checks");
    }
}

#[test]
fn the_order_of_the_input_does_not_change_a_byte() {
    let path = report_common::CARGO_FIXTURES[0];
    let mut metadata: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    metadata["packages"].as_array_mut().unwrap().reverse();
    metadata["resolve"]["nodes"].as_array_mut().unwrap().reverse();
    let dir = common::scratch("report_spdx3");
    let reversed = dir.join("metadata.json");
    std::fs::write(&reversed, serde_json::to_vec(&metadata).unwrap()).unwrap();
    let a = report_common::cargo_report(path);
    let b = report_common::cargo_report(&reversed.display().to_string());
    assert_ne!(a.packages.len(), 0);
    for version in [SpdxVersion::V2_3, SpdxVersion::V3_0] {
        assert_eq!(render(&a, version), render(&b, version), "{version:?}");
    }
}
