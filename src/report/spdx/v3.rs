//! SPDX 3.0.1 JSON-LD: a flat `@graph` of elements that name each other by id.
//!
//! The document (`SpdxDocument`, its roots in `rootElement`), who made it (a `SoftwareAgent`,
//! as `createdBy` must name an agent, and the `Tool`), one `Organization` (or `Person`, only
//! when the input itself named one) per supplier, one `simplelicensing_LicenseExpression` per
//! licence, one `software_Package` per package with `suppliedBy`, then the relationships of each
//! package (`hasDeclaredLicense` and `hasConcludedLicense` to its licence, `dependsOn` to its
//! dependencies) and one `Annotation` per package with facts.
//!
//! Every element's `spdxId` is an IRI under the document's namespace (`…#SPDXRef-…`), made
//! of letters, digits, `.` and `-`; the one `CreationInfo` is the blank node
//! `_:creationinfo`, as the spec's examples write it. The elements are made while they are
//! written (`stream.rs`); the document's `element` list makes them a second time for their ids,
//! rather than keeping every id of a large graph in memory.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::iter::once;
use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::ids::Ids;
use super::stream::{Field, Object};
use super::{annotation, described, document_name, download_location, namespace, supplier, tool_id};
use super::{Created, SpdxVersion, Supplier};
use crate::model::PackageKind;
use crate::report::cyclonedx::is_url;
use crate::report::document::PackageReport;
use crate::report::Report;

/// The JSON-LD context of SPDX 3.0.1.
pub(super) const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

/// The one creation info every element points at.
const CREATION_INFO: &str = "_:creationinfo";

/// What the elements are made from; ids are local (after the namespace's `#`).
struct Context<'a> {
    report: &'a Report,
    licenses: &'a [Option<String>],
    namespace: String,
    agent: String,
    tool: String,
    packages: BTreeMap<&'a str, String>,
    suppliers: BTreeMap<Supplier, String>,
    expressions: BTreeMap<&'a str, String>,
}

impl Context<'_> {
    /// The IRI of a local id.
    fn iri(&self, local: &str) -> String {
        format!("{}#{local}", self.namespace)
    }

    /// An element's common fields.
    fn element(&self, ty: &str, local: &str) -> Map<String, Value> {
        let mut obj = Map::new();
        obj.insert("type".into(), json!(ty));
        obj.insert("spdxId".into(), json!(self.iri(local)));
        obj.insert("creationInfo".into(), json!(CREATION_INFO));
        obj
    }
}

/// The SPDX 3.0.1 document of `report`; `licenses` are the packages' licences (`super::license`).
pub(super) fn document<'a>(
    report: &'a Report,
    licenses: &'a [Option<String>],
    created: Created,
) -> Object<'a> {
    let mut ids = Ids::default();
    let document_id = ids.make("DOCUMENT", "");
    let agent = ids.make("Agent", &report.tool.name);
    let tool = ids.make("Tool", &tool_id(report));
    let packages = super::ids::packages(report, |label| ids.make("Package", label));
    let mut suppliers = BTreeMap::new();
    let mut expressions = BTreeMap::new();
    for (p, expr) in report.packages.iter().zip(licenses) {
        if let Some(Entry::Vacant(slot)) = supplier(p).map(|s| suppliers.entry(s)) {
            let s = slot.key();
            let id = ids.make(if s.person { "Person" } else { "Organization" }, &s.name);
            slot.insert(id);
        }
        if let Some(Entry::Vacant(slot)) = expr.as_deref().map(|e| expressions.entry(e)) {
            let id = ids.make("License", slot.key());
            slot.insert(id);
        }
    }
    let namespace = namespace(report, licenses, SpdxVersion::V3_0, created);
    let cx = Rc::new(Context { report, licenses, namespace, agent, tool, packages, suppliers, expressions });

    let creation = json!({
        "type": "CreationInfo",
        "@id": CREATION_INFO,
        "specVersion": "3.0.1",
        "created": created.iso(),
        "createdBy": [cx.iri(&cx.agent)],
        "createdUsing": [cx.iri(&cx.tool)],
        "comment": created.comment(),
    });
    let roots: Vec<String> =
        described(report).into_iter().filter_map(|id| cx.packages.get(id)).map(|l| cx.iri(l)).collect();
    let listed = Rc::clone(&cx);
    let document = Object(vec![
        ("type", Field::Value(json!("SpdxDocument"))),
        ("spdxId", Field::Value(json!(cx.iri(&document_id)))),
        ("creationInfo", Field::Value(json!(CREATION_INFO))),
        ("name", Field::Value(json!(document_name(report)))),
        ("profileConformance", Field::Value(json!(["core", "software", "simpleLicensing"]))),
        ("rootElement", Field::Value(json!(roots))),
        ("element", Field::items(elements(listed).map(|mut e| e["spdxId"].take()))),
    ]);
    let graph = once(Field::Value(creation))
        .chain(once(Field::Object(document)))
        .chain(elements(cx).map(Field::Value));
    Object(vec![("@context", Field::Value(json!(CONTEXT))), ("@graph", Field::fields(graph))])
}

/// Every element but the creation info and the document, in the order written.
fn elements<'a>(cx: Rc<Context<'a>>) -> impl Iterator<Item = Value> + 'a {
    let mut agent = cx.element("SoftwareAgent", &cx.agent);
    agent.insert("name".into(), json!(cx.report.tool.name));
    let mut tool = cx.element("Tool", &cx.tool);
    tool.insert("name".into(), json!(tool_id(cx.report)));
    let mut head = vec![Value::Object(agent), Value::Object(tool)];
    for (s, id) in &cx.suppliers {
        let mut obj = cx.element(if s.person { "Person" } else { "Organization" }, id);
        obj.insert("name".into(), json!(s.name));
        if let Some(email) = &s.email {
            obj.insert(
                "externalIdentifier".into(),
                json!([{ "type": "ExternalIdentifier", "externalIdentifierType": "email", "identifier": email }]),
            );
        }
        head.push(Value::Object(obj));
    }
    for (expr, id) in &cx.expressions {
        let mut obj = cx.element("simplelicensing_LicenseExpression", id);
        obj.insert("simplelicensing_licenseExpression".into(), json!(expr));
        head.push(Value::Object(obj));
    }
    let (a, b, c) = (Rc::clone(&cx), Rc::clone(&cx), cx);
    let packages = a.report.packages.iter().map(move |p| package(&a, p));
    let relationships = b
        .report
        .packages
        .iter()
        .zip(b.licenses)
        .flat_map(move |(p, expr)| relationships(&b, p, expr.as_deref()));
    let annotations = c.report.packages.iter().filter_map(move |p| {
        let text = annotation(p);
        if text.is_empty() {
            return None;
        }
        let local = &c.packages[p.id.as_str()];
        let mut obj = c.element("Annotation", &format!("SPDXRef-Annotation-{}", bare(local)));
        obj.insert("annotationType".into(), json!("other"));
        obj.insert("subject".into(), json!(c.iri(local)));
        obj.insert("statement".into(), json!(text));
        Some(Value::Object(obj))
    });
    head.into_iter().chain(packages).chain(relationships).chain(annotations)
}

/// One package.
fn package(cx: &Context, p: &PackageReport) -> Value {
    let mut obj = cx.element("software_Package", &cx.packages[p.id.as_str()]);
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
    let hashes: Vec<Value> = p
        .hashes
        .iter()
        .filter_map(|h| {
            let algorithm = super::algorithm_v3(&h.algorithm)?;
            Some(json!({ "type": "Hash", "algorithm": algorithm, "hashValue": h.value }))
        })
        .collect();
    if !hashes.is_empty() {
        obj.insert("verifiedUsing".into(), json!(hashes));
    }
    if let Some(home) = p.homepage.as_deref().filter(|u| is_url(u)) {
        obj.insert("software_homePage".into(), json!(home));
    }
    if let Some(d) = &p.description {
        obj.insert("description".into(), json!(d));
    }
    // SPDX 3.0's software purposes name models and data; a library is left unsaid.
    let purpose = match p.kind {
        PackageKind::Model => Some("model"),
        PackageKind::Dataset => Some("data"),
        PackageKind::Library => None,
    };
    if let Some(purpose) = purpose {
        obj.insert("software_primaryPurpose".into(), json!(purpose));
    }
    if let Some(agent) = supplier(p).and_then(|s| cx.suppliers.get(&s)) {
        obj.insert("suppliedBy".into(), json!(cx.iri(agent)));
    }
    Value::Object(obj)
}

/// A package's relationships: to its licence, declared and concluded, and to its dependencies.
/// Their ids are the package's with the relationship type, unique as the package's is.
fn relationships(cx: &Context, p: &PackageReport, expr: Option<&str>) -> Vec<Value> {
    let local = &cx.packages[p.id.as_str()];
    let relationship = |kind: &str, to: Vec<String>| {
        let mut obj = cx.element("Relationship", &format!("SPDXRef-Relationship-{kind}-{}", bare(local)));
        obj.insert("relationshipType".into(), json!(kind));
        obj.insert("from".into(), json!(cx.iri(local)));
        obj.insert("to".into(), json!(to));
        Value::Object(obj)
    };
    let mut out = Vec::new();
    if let Some(license) = expr.and_then(|e| cx.expressions.get(e)) {
        out.push(relationship("hasDeclaredLicense", vec![cx.iri(license)]));
        out.push(relationship("hasConcludedLicense", vec![cx.iri(license)]));
    }
    let deps: Vec<String> =
        p.dependencies.iter().filter_map(|d| cx.packages.get(d.as_str())).map(|l| cx.iri(l)).collect();
    if !deps.is_empty() {
        out.push(relationship("dependsOn", deps));
    }
    out
}

/// A local id without its `SPDXRef-`.
fn bare(local: &str) -> &str {
    local.strip_prefix("SPDXRef-").unwrap_or(local)
}
