//! SPDX 3.0.1 JSON-LD: a flat `@graph` of elements that name each other by id.
//!
//! The document (`SpdxDocument`, its roots in `rootElement`), who made it (a `SoftwareAgent`,
//! as `createdBy` must name an agent, and the `Tool`), one `Organization` (or `Person`, only
//! when the input itself named one) per supplier, one `software_Package` per package with
//! `suppliedBy`, one `simplelicensing_LicenseExpression` per licence with the
//! `hasDeclaredLicense` and `hasConcludedLicense` relationships to it, one `dependsOn`
//! relationship per package with dependencies, and one `Annotation` per package with facts.
//!
//! Every element's `spdxId` is an IRI under the document's namespace (`…#SPDXRef-…`), made
//! of letters, digits, `.` and `-`; the one `CreationInfo` is the blank node
//! `_:creationinfo`, as the spec's examples write it.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::ids::Ids;
use super::{annotation, described, document_name, download_location, license, namespace, supplier, tool_id};
use super::{Created, SpdxVersion, Supplier};
use crate::report::Report;

/// The JSON-LD context of SPDX 3.0.1.
pub(super) const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

/// The one creation info every element points at.
const CREATION_INFO: &str = "_:creationinfo";

/// The SPDX 3.0.1 document of `report`.
pub(super) fn document(report: &Report, created: Created) -> Value {
    let ns = namespace(report, SpdxVersion::V3_0, created);
    let mut ids = Ids::default();
    let mut iri = |kind: &str, name: &str| format!("{ns}#{}", ids.make(kind, name));
    let doc_id = iri("DOCUMENT", "");
    let agent_id = iri("Agent", &report.tool.name);
    let tool_id_iri = iri("Tool", &tool_id(report));

    let package_ids: BTreeMap<&str, String> = super::ids::packages(report, |label| iri("Package", label));
    let mut agents: BTreeMap<Supplier, String> = BTreeMap::new();
    let mut licenses: BTreeMap<String, String> = BTreeMap::new();
    for p in &report.packages {
        if let Some(s) = supplier(p) {
            if let Entry::Vacant(slot) = agents.entry(s) {
                let s = slot.key();
                let id = iri(if s.person { "Person" } else { "Organization" }, &s.name);
                slot.insert(id);
            }
        }
        if let Some(expr) = license(p) {
            if let Entry::Vacant(slot) = licenses.entry(expr) {
                let id = iri("License", slot.key());
                slot.insert(id);
            }
        }
    }

    let element = |ty: &str, id: &str| -> Map<String, Value> {
        let mut obj = Map::new();
        obj.insert("type".into(), json!(ty));
        obj.insert("spdxId".into(), json!(id));
        obj.insert("creationInfo".into(), json!(CREATION_INFO));
        obj
    };
    let mut graph: Vec<Value> = Vec::new();
    let mut agent = element("SoftwareAgent", &agent_id);
    agent.insert("name".into(), json!(report.tool.name));
    graph.push(Value::Object(agent));
    let mut tool = element("Tool", &tool_id_iri);
    tool.insert("name".into(), json!(tool_id(report)));
    graph.push(Value::Object(tool));
    for (s, id) in &agents {
        let mut obj = element(if s.person { "Person" } else { "Organization" }, id);
        obj.insert("name".into(), json!(s.name));
        if let Some(email) = &s.email {
            obj.insert(
                "externalIdentifier".into(),
                json!([{ "type": "ExternalIdentifier", "externalIdentifierType": "email", "identifier": email }]),
            );
        }
        graph.push(Value::Object(obj));
    }
    for (expr, id) in &licenses {
        let mut obj = element("simplelicensing_LicenseExpression", id);
        obj.insert("simplelicensing_licenseExpression".into(), json!(expr));
        graph.push(Value::Object(obj));
    }

    let mut relationships = Vec::new();
    let mut annotations = Vec::new();
    let mut relationship =
        |kind: &str, from: &str, to: Vec<&str>, ids: &mut dyn FnMut(&str, &str) -> String| {
            let mut obj = element(
                "Relationship",
                &ids("Relationship", &format!("{kind}-{}", local(from).trim_start_matches("SPDXRef-"))),
            );
            obj.insert("relationshipType".into(), json!(kind));
            obj.insert("from".into(), json!(from));
            obj.insert("to".into(), json!(to));
            relationships.push(Value::Object(obj));
        };
    for p in &report.packages {
        let id = &package_ids[p.id.as_str()];
        let mut obj = element("software_Package", id);
        obj.insert("name".into(), json!(p.name));
        if let Some(v) = &p.version {
            obj.insert("software_packageVersion".into(), json!(v));
        }
        if let Some(purl) = p.purl.as_deref().filter(|u| !u.chars().any(char::is_whitespace)) {
            obj.insert("software_packageUrl".into(), json!(purl));
        }
        if let Some(location) = download_location(p) {
            obj.insert("software_downloadLocation".into(), json!(location));
        }
        if let Some(home) = p.homepage.as_deref().filter(|u| crate::report::cyclonedx::is_url(u)) {
            obj.insert("software_homePage".into(), json!(home));
        }
        if let Some(d) = &p.description {
            obj.insert("description".into(), json!(d));
        }
        if let Some(agent) = supplier(p).and_then(|s| agents.get(&s)) {
            obj.insert("suppliedBy".into(), json!(agent));
        }
        graph.push(Value::Object(obj));
        if let Some(license) = license(p).and_then(|e| licenses.get(&e)) {
            relationship("hasDeclaredLicense", id, vec![license], &mut iri);
            relationship("hasConcludedLicense", id, vec![license], &mut iri);
        }
        let deps: Vec<&str> =
            p.dependencies.iter().filter_map(|d| package_ids.get(d.as_str())).map(String::as_str).collect();
        if !deps.is_empty() {
            relationship("dependsOn", id, deps, &mut iri);
        }
        let text = annotation(p);
        if !text.is_empty() {
            let mut obj = element("Annotation", &iri("Annotation", local(id).trim_start_matches("SPDXRef-")));
            obj.insert("annotationType".into(), json!("other"));
            obj.insert("subject".into(), json!(id));
            obj.insert("statement".into(), json!(text));
            annotations.push(Value::Object(obj));
        }
    }
    graph.append(&mut relationships);
    graph.append(&mut annotations);

    let roots: Vec<&str> =
        described(report).into_iter().filter_map(|id| package_ids.get(id)).map(String::as_str).collect();
    let elements: Vec<Value> = graph.iter().map(|e| e["spdxId"].clone()).collect();
    let mut doc = element("SpdxDocument", &doc_id);
    doc.insert("name".into(), json!(document_name(report)));
    doc.insert("profileConformance".into(), json!(["core", "software", "simpleLicensing"]));
    doc.insert("rootElement".into(), json!(roots));
    doc.insert("element".into(), Value::Array(elements));
    let creation = json!({
        "type": "CreationInfo",
        "@id": CREATION_INFO,
        "specVersion": "3.0.1",
        "created": created.iso(),
        "createdBy": [agent_id],
        "createdUsing": [tool_id_iri],
        "comment": created.comment(),
    });
    let mut all = vec![creation, Value::Object(doc)];
    all.append(&mut graph);
    json!({ "@context": CONTEXT, "@graph": all })
}

/// The local part of an element's IRI (after `#`).
fn local(iri: &str) -> &str {
    iri.rsplit_once('#').map_or(iri, |(_, l)| l)
}
