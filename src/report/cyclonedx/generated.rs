//! A CycloneDX JSON document generated from the report, for inputs that are not one CycloneDX
//! document (Cargo, SPDX, several inputs, standard input): 1.6, or 1.7 when asked for.

use serde_json::{json, Map, Value};

use super::enrich::{licenses, properties, supplier, tool};
use super::facts::is_url;
use super::version::{self, Version};
use crate::model::InputFormat;
use crate::report::document::PackageReport;
use crate::report::Report;

/// The `bom-ref` of the workspace when several roots are described together.
const WORKSPACE_REF: &str = "cargo-sovereign:workspace";

/// The document, in specification version `version`.
pub fn generate(report: &Report, version: Version) -> Value {
    let roots: Vec<&PackageReport> = report.packages.iter().filter(|p| p.root).collect();
    // A Cargo manifest's `license` is the licence its authors declare.
    let declared =
        !report.inputs.is_empty() && report.inputs.iter().all(|i| i.format == InputFormat::CargoMetadata);
    let component = |p: &PackageReport, kind: &str| component(p, kind, version, declared);
    let mut components = Vec::new();
    let mut dependencies = Vec::new();
    let root_component = match roots.as_slice() {
        [only] => Some(component(only, "application")),
        _ => None,
    };
    for p in &report.packages {
        if root_component.is_none() || !p.root {
            components.push(component(p, if p.root { "application" } else { "library" }));
        }
        dependencies.push(json!({ "ref": p.id, "dependsOn": p.dependencies }));
    }
    // Several roots (a workspace): the BOM describes the workspace, which depends on them.
    let subject = root_component.unwrap_or_else(|| {
        let ids: Vec<&str> = roots.iter().map(|p| p.id.as_str()).collect();
        dependencies.push(json!({ "ref": WORKSPACE_REF, "dependsOn": ids }));
        json!({ "type": "application", "bom-ref": WORKSPACE_REF, "name": "workspace" })
    });
    dependencies.sort_by(|a, b| a["ref"].as_str().cmp(&b["ref"].as_str()));
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": version::name(version),
        "version": 1,
        "metadata": {
            "tools": { "components": [tool(report)] },
            "component": subject,
        },
        "components": components,
        "dependencies": dependencies,
    })
}

/// A generated component; `declared`: its licence is the one its authors declare.
fn component(p: &PackageReport, kind: &str, version: Version, declared: bool) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), json!(p.kind.cyclonedx_type().unwrap_or(kind)));
    obj.insert("bom-ref".into(), json!(p.id));
    if let Some(group) = &p.namespace {
        obj.insert("group".into(), json!(group));
    }
    obj.insert("name".into(), json!(p.name));
    if let Some(v) = &p.version {
        obj.insert("version".into(), json!(v));
    }
    if let Some(d) = &p.description {
        obj.insert("description".into(), json!(d));
    }
    if let Some(supplier) = supplier(p, version) {
        obj.insert("supplier".into(), supplier);
    }
    if let Some(authors) = authors(p) {
        obj.insert("authors".into(), authors);
    }
    if !p.hashes.is_empty() {
        let hashes: Vec<Value> =
            p.hashes.iter().map(|h| json!({ "alg": h.algorithm, "content": h.value })).collect();
        obj.insert("hashes".into(), Value::Array(hashes));
    }
    if let Some(mut licenses) = licenses(p) {
        if declared {
            acknowledge(&mut licenses);
        }
        obj.insert("licenses".into(), licenses);
    }
    if let Some(purl) = &p.purl {
        obj.insert("purl".into(), json!(purl));
    }
    let refs: Vec<Value> =
        [("vcs", p.repository.as_deref()), ("website", p.homepage.as_deref().map(String::as_str))]
            .into_iter()
            .filter_map(|(kind, url)| url.filter(|u| is_url(u)).map(|u| json!({ "type": kind, "url": u })))
            .collect();
    if !refs.is_empty() {
        obj.insert("externalReferences".into(), Value::Array(refs));
    }
    let props = properties(p);
    if !props.is_empty() {
        obj.insert("properties".into(), Value::Array(props));
    }
    Value::Object(obj)
}

/// The package's authors as its input names them (CycloneDX 1.6 `authors`: name and e-mail,
/// nothing added), when it names any.
fn authors(p: &PackageReport) -> Option<Value> {
    let list: Vec<Value> = p
        .authors
        .iter()
        .filter(|a| a.name.is_some() || a.email.is_some())
        .map(|a| {
            let mut contact = Map::new();
            if let Some(name) = &a.name {
                contact.insert("name".into(), json!(name));
            }
            if let Some(email) = &a.email {
                contact.insert("email".into(), json!(email));
            }
            Value::Object(contact)
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}

/// Marks every licence of a `licenses` list as declared (CycloneDX 1.6 `acknowledgement`).
fn acknowledge(licenses: &mut Value) {
    for choice in licenses.as_array_mut().into_iter().flatten() {
        let target = match choice.get_mut("license") {
            Some(license) => license,
            None => choice,
        };
        if let Some(obj) = target.as_object_mut() {
            obj.insert("acknowledgement".into(), json!("declared"));
        }
    }
}
