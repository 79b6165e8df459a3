//! SPDX 2.3 JSON: one package per package of the graph, `DESCRIBES` for the roots,
//! `DEPENDS_ON` for the edges, and the facts as an annotation on each package. The packages and
//! the relationships are made while they are written (`stream.rs`).

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::ids::Ids;
use super::stream::{Field, Object};
use super::{
    annotation, described, document_name, download_location, license_refs, namespace, supplier, tool_id,
};
use super::{Created, SpdxVersion};
use crate::report::cyclonedx::is_url;
use crate::report::document::PackageReport;
use crate::report::Report;

/// What stands for a value the document does not assert.
const NOASSERTION: &str = "NOASSERTION";

/// The SPDX 2.3 document of `report`; `licenses` are the packages' licences (`super::license`).
pub(super) fn document<'a>(
    report: &'a Report,
    licenses: &'a [Option<String>],
    created: Created,
) -> Object<'a> {
    let date = created.iso();
    let tool = format!("Tool: {}", tool_id(report));
    let mut ids = Ids::default();
    ids.make("DOCUMENT", "");
    let spdx_ids = Rc::new(super::ids::packages(report, |label| ids.make("Package", label)));

    let mut refs = BTreeMap::new();
    for (p, expr) in report.packages.iter().zip(licenses) {
        for id in expr.as_deref().map(license_refs).unwrap_or_default() {
            refs.entry(id).or_insert_with(|| p.license.declared.clone().unwrap_or_default());
        }
    }
    let annotation_of = json!({ "annotationType": "OTHER", "annotator": tool, "annotationDate": date });
    let package_ids = Rc::clone(&spdx_ids);
    let packages = report
        .packages
        .iter()
        .zip(licenses)
        .map(move |(p, expr)| package(p, &package_ids[p.id.as_str()], expr.as_deref(), &annotation_of));

    let mut fields = vec![
        ("spdxVersion", Field::Value(json!("SPDX-2.3"))),
        ("dataLicense", Field::Value(json!("CC0-1.0"))),
        ("SPDXID", Field::Value(json!("SPDXRef-DOCUMENT"))),
        ("name", Field::Value(json!(document_name(report)))),
        ("documentNamespace", Field::Value(json!(namespace(report, licenses, SpdxVersion::V2_3, created)))),
        (
            "creationInfo",
            Field::Value(json!({ "created": date, "creators": [tool], "comment": created.comment() })),
        ),
        ("packages", Field::items(packages)),
        ("relationships", Field::items(relationships(report, spdx_ids))),
    ];
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
        fields.push(("hasExtractedLicensingInfos", Field::Value(Value::Array(infos))));
    }
    Object(fields)
}

/// One package; `annotation_of` is the annotation without its comment.
fn package(p: &PackageReport, spdx_id: &str, expr: Option<&str>, annotation_of: &Value) -> Value {
    let mut obj = Map::new();
    obj.insert("SPDXID".into(), json!(spdx_id));
    obj.insert("name".into(), json!(p.name));
    if let Some(v) = &p.version {
        obj.insert("versionInfo".into(), json!(v));
    }
    obj.insert("downloadLocation".into(), json!(download_location(p).as_deref().unwrap_or(NOASSERTION)));
    obj.insert("filesAnalyzed".into(), json!(false));
    obj.insert("supplier".into(), json!(supplier(p).map_or_else(|| NOASSERTION.to_string(), |s| s.v2())));
    let expr = expr.unwrap_or(NOASSERTION);
    obj.insert("licenseConcluded".into(), json!(expr));
    obj.insert("licenseDeclared".into(), json!(expr));
    obj.insert("copyrightText".into(), json!(NOASSERTION));
    if let Some(home) = p.homepage.as_deref().filter(|u| is_url(u)) {
        obj.insert("homepage".into(), json!(home));
    }
    if let Some(d) = &p.description {
        obj.insert("description".into(), json!(d));
    }
    let checksums: Vec<Value> = p
        .hashes
        .iter()
        .filter_map(|h| {
            Some(json!({ "algorithm": super::algorithm_v2(&h.algorithm)?, "checksumValue": h.value }))
        })
        .collect();
    if !checksums.is_empty() {
        obj.insert("checksums".into(), json!(checksums));
    }
    if let Some(purl) = p.purl.as_deref().filter(|u| !u.chars().any(char::is_whitespace)) {
        obj.insert(
            "externalRefs".into(),
            json!([{ "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl }]),
        );
    }
    let text = annotation(p);
    if !text.is_empty() {
        let mut annotation = annotation_of.clone();
        annotation["comment"] = json!(text);
        obj.insert("annotations".into(), json!([annotation]));
    }
    Value::Object(obj)
}

/// `DESCRIBES` for what the document describes ([`described`]), then `DEPENDS_ON` for each
/// edge.
fn relationships<'a>(
    report: &'a Report,
    spdx_ids: Rc<BTreeMap<&'a str, String>>,
) -> impl Iterator<Item = Value> + 'a {
    fn rel(from: &str, kind: &str, to: &str) -> Value {
        json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to })
    }
    let describes: Vec<Value> = described(report)
        .into_iter()
        .filter_map(|id| spdx_ids.get(id))
        .map(|to| rel("SPDXRef-DOCUMENT", "DESCRIBES", to))
        .collect();
    let edges = report.packages.iter().flat_map(move |p| {
        let from = spdx_ids[p.id.as_str()].clone();
        let to: Vec<String> =
            p.dependencies.iter().filter_map(|d| spdx_ids.get(d.as_str()).cloned()).collect();
        to.into_iter().map(move |to| rel(&from, "DEPENDS_ON", &to))
    });
    describes.into_iter().chain(edges)
}
