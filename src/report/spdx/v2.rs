//! SPDX 2.3 JSON: one package per package of the graph, `DESCRIBES` for the roots,
//! `DEPENDS_ON` for the edges, and the facts as an annotation on each package.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::ids::Ids;
use super::{
    annotation, described, document_name, download_location, license, license_refs, namespace, supplier,
    tool_id,
};
use super::{Created, SpdxVersion};
use crate::report::cyclonedx::is_url;
use crate::report::Report;

/// What stands for a value the document does not assert.
const NOASSERTION: &str = "NOASSERTION";

/// The SPDX 2.3 document of `report`.
pub(super) fn document(report: &Report, created: Created) -> Value {
    let date = created.iso();
    let tool = format!("Tool: {}", tool_id(report));
    let mut ids = Ids::default();
    ids.make("DOCUMENT", "");
    let spdx_ids: BTreeMap<&str, String> = super::ids::packages(report, |label| ids.make("Package", label));

    let mut packages = Vec::with_capacity(report.packages.len());
    let mut refs = BTreeMap::new();
    for p in &report.packages {
        let mut obj = Map::new();
        obj.insert("SPDXID".into(), json!(spdx_ids[p.id.as_str()]));
        obj.insert("name".into(), json!(p.name));
        if let Some(v) = &p.version {
            obj.insert("versionInfo".into(), json!(v));
        }
        obj.insert("downloadLocation".into(), json!(download_location(p).as_deref().unwrap_or(NOASSERTION)));
        obj.insert("filesAnalyzed".into(), json!(false));
        obj.insert("supplier".into(), json!(supplier(p).map_or_else(|| NOASSERTION.to_string(), |s| s.v2())));
        let expr = license(p);
        for id in expr.as_deref().map(license_refs).unwrap_or_default() {
            refs.entry(id).or_insert_with(|| p.license.declared.clone().unwrap_or_default());
        }
        let expr = expr.unwrap_or_else(|| NOASSERTION.to_string());
        obj.insert("licenseConcluded".into(), json!(expr));
        obj.insert("licenseDeclared".into(), json!(expr));
        obj.insert("copyrightText".into(), json!(NOASSERTION));
        if let Some(home) = p.homepage.as_deref().filter(|u| is_url(u)) {
            obj.insert("homepage".into(), json!(home));
        }
        if let Some(d) = &p.description {
            obj.insert("description".into(), json!(d));
        }
        if let Some(purl) = p.purl.as_deref().filter(|u| !u.chars().any(char::is_whitespace)) {
            obj.insert(
                "externalRefs".into(),
                json!([{ "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl }]),
            );
        }
        let text = annotation(p);
        if !text.is_empty() {
            obj.insert(
                "annotations".into(),
                json!([{ "annotationType": "OTHER", "annotator": tool, "annotationDate": date, "comment": text }]),
            );
        }
        packages.push(Value::Object(obj));
    }

    let mut doc = Map::new();
    doc.insert("spdxVersion".into(), json!("SPDX-2.3"));
    doc.insert("dataLicense".into(), json!("CC0-1.0"));
    doc.insert("SPDXID".into(), json!("SPDXRef-DOCUMENT"));
    doc.insert("name".into(), json!(document_name(report)));
    doc.insert("documentNamespace".into(), json!(namespace(report, SpdxVersion::V2_3, created)));
    doc.insert(
        "creationInfo".into(),
        json!({ "created": date, "creators": [tool], "comment": created.comment() }),
    );
    doc.insert("packages".into(), Value::Array(packages));
    if !refs.is_empty() {
        let infos: Vec<Value> = refs
            .into_iter()
            .map(|(id, declared)| {
                json!({
                    "licenseId": id,
                    "extractedText": if declared.trim().is_empty() { NOASSERTION.to_string() } else { declared },
                    "comment": "The licence text was not available to cargo-sovereign: the text \
                                above is the licence as the input declared it.",
                })
            })
            .collect();
        doc.insert("hasExtractedLicensingInfos".into(), Value::Array(infos));
    }
    doc.insert("relationships".into(), Value::Array(relationships(report, &spdx_ids)));
    Value::Object(doc)
}

/// `DESCRIBES` for what the document describes ([`described`]), then `DEPENDS_ON` for each
/// edge.
fn relationships(report: &Report, spdx_ids: &BTreeMap<&str, String>) -> Vec<Value> {
    let rel = |from: &str, kind: &str, to: &str| json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to });
    let mut out: Vec<Value> = described(report)
        .into_iter()
        .filter_map(|id| spdx_ids.get(id))
        .map(|to| rel("SPDXRef-DOCUMENT", "DESCRIBES", to))
        .collect();
    for p in &report.packages {
        let from = &spdx_ids[p.id.as_str()];
        for to in p.dependencies.iter().filter_map(|d| spdx_ids.get(d.as_str())) {
            out.push(rel(from, "DEPENDS_ON", to));
        }
    }
    out
}
