//! The enriched SBOM: CycloneDX JSON carrying what the audit learned, for SBOM platforms such
//! as OWASP Dependency-Track.
//!
//! When the input was one CycloneDX JSON document, that document is kept (every field, its
//! spec version; written back one component at a time, `preserved.rs`) and facts are added to
//! the components it matches by purl or `bom-ref`:
//! licences where it had none, a supplier where it named none, `supplier.address.country`
//! (CycloneDX 1.6 and later only) and `cargo-sovereign:*` properties (1.3 and later). A
//! platform that already holds the document sees the same components, with more facts.
//!
//! Otherwise (Cargo inputs, SPDX inputs, several inputs, CycloneDX XML, standard input) a
//! CycloneDX 1.6 JSON document is generated from the report. XML is not rewritten in place:
//! preserving an XML document faithfully needs an XML writer, and platforms accept JSON.
//!
//! No timestamp and no random serial number are written: the same report gives the same bytes.
//! Keys come out in alphabetical order (serde_json's map), which JSON readers ignore.

mod preserved;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::document::PackageReport;
use super::facts;
use super::{Report, Reporter};

/// The property names this writer adds, all prefixed `cargo-sovereign:`.
pub const PROPERTY_PREFIX: &str = facts::PREFIX;

/// Writes the enriched CycloneDX document.
pub struct CycloneDx;

impl Reporter for CycloneDx {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        match preserved::write(report, out) {
            Some(written) => written?,
            None => serde_json::to_writer_pretty(&mut *out, &generate(report)).map_err(io::Error::from)?,
        }
        out.write_all(b"\n")
    }
}

/// A CycloneDX 1.6 document generated from the report.
pub fn generate(report: &Report) -> Value {
    let roots: Vec<&PackageReport> = report.packages.iter().filter(|p| p.root).collect();
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
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "tools": { "components": [tool(report)] },
            "component": subject,
        },
        "components": components,
        "dependencies": dependencies,
    })
}

/// The `bom-ref` of the workspace when several roots are described together.
const WORKSPACE_REF: &str = "cargo-sovereign:workspace";

fn tool(report: &Report) -> Value {
    json!({
        "type": "application",
        "name": report.tool.name,
        "version": report.tool.version,
        "externalReferences": [{ "type": "vcs", "url": env!("CARGO_PKG_REPOSITORY") }],
    })
}

/// Adds cargo-sovereign to `metadata.tools` in the form the spec version uses.
fn add_tool(metadata: &mut Map<String, Value>, report: &Report, version: (u32, u32)) {
    let legacy =
        json!({ "vendor": report.tool.name, "name": report.tool.name, "version": report.tool.version });
    match metadata.get_mut("tools") {
        Some(Value::Array(tools)) => tools.push(legacy),
        Some(Value::Object(tools)) => match tools.get_mut("components").and_then(Value::as_array_mut) {
            Some(list) => list.push(tool(report)),
            None => {
                tools.insert("components".into(), json!([tool(report)]));
            }
        },
        Some(_) => {}
        None if version >= (1, 5) => {
            metadata.insert("tools".into(), json!({ "components": [tool(report)] }));
        }
        None => {
            metadata.insert("tools".into(), json!([legacy]));
        }
    }
}

/// The packages of a report by purl and by id.
struct Index<'a> {
    by_purl: BTreeMap<&'a str, &'a PackageReport>,
    by_id: BTreeMap<&'a str, &'a PackageReport>,
}

impl<'a> Index<'a> {
    fn new(report: &'a Report) -> Index<'a> {
        let mut by_purl = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for p in &report.packages {
            if let Some(purl) = &p.purl {
                by_purl.entry(purl.as_str()).or_insert(p);
            }
            by_id.insert(p.id.as_str(), p);
        }
        Index { by_purl, by_id }
    }

    fn find(&self, component: &Value) -> Option<&'a PackageReport> {
        let purl = component.get("purl").and_then(Value::as_str);
        let bom_ref = component.get("bom-ref").and_then(Value::as_str);
        purl.and_then(|p| self.by_purl.get(p).or_else(|| self.by_id.get(p)))
            .or_else(|| bom_ref.and_then(|r| self.by_id.get(r)))
            .copied()
    }
}

/// Adds facts to a component and to the components nested in it.
fn enrich_tree(component: &mut Value, index: &Index, version: (u32, u32)) {
    if let Some(p) = index.find(component) {
        if let Some(obj) = component.as_object_mut() {
            enrich(obj, p, version);
        }
    }
    if let Some(children) = component.get_mut("components").and_then(Value::as_array_mut) {
        for c in children {
            enrich_tree(c, index, version);
        }
    }
}

fn enrich(obj: &mut Map<String, Value>, p: &PackageReport, version: (u32, u32)) {
    if version >= (1, 1) && obj.get("licenses").is_none_or(|l| l.as_array().is_some_and(Vec::is_empty)) {
        if let Some(licenses) = licenses(p) {
            obj.insert("licenses".into(), licenses);
        }
    }
    if version >= (1, 2) {
        match obj.get_mut("supplier").and_then(Value::as_object_mut) {
            Some(supplier) => {
                let country = p.origin.as_ref().and_then(|o| o.country.clone());
                if let (Some(country), true, false) =
                    (country, version >= (1, 6), supplier.contains_key("address"))
                {
                    supplier.insert("address".into(), json!({ "country": country }));
                }
            }
            None => {
                if let Some(mut supplier) = supplier(p) {
                    if version < (1, 6) {
                        supplier.remove("address");
                    }
                    obj.insert("supplier".into(), Value::Object(supplier));
                }
            }
        }
    }
    if version >= (1, 3) {
        let mut props: Vec<Value> = match obj.remove("properties") {
            Some(Value::Array(list)) => list
                .into_iter()
                .filter(|v| {
                    !v.get("name").and_then(Value::as_str).is_some_and(|n| n.starts_with(PROPERTY_PREFIX))
                })
                .collect(),
            _ => Vec::new(),
        };
        props.extend(properties(p));
        if !props.is_empty() {
            obj.insert("properties".into(), Value::Array(props));
        }
    }
}

/// A generated component.
fn component(p: &PackageReport, kind: &str) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), json!(kind));
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
    if let Some(supplier) = supplier(p) {
        obj.insert("supplier".into(), Value::Object(supplier));
    }
    if let Some(licenses) = licenses(p) {
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

/// `licenses`: the parsed expression when there is one, else the declared text as a name.
fn licenses(p: &PackageReport) -> Option<Value> {
    match (&p.license.expression, &p.license.declared) {
        (Some(e), _) => Some(json!([{ "expression": e }])),
        (None, Some(d)) if !d.trim().is_empty() => Some(json!([{ "license": { "name": d } }])),
        _ => None,
    }
}

/// The controlling entity as supplier, with its country and the input's supplier URL.
fn supplier(p: &PackageReport) -> Option<Map<String, Value>> {
    let origin = p.origin.as_ref()?;
    let name = origin.entity.as_ref()?;
    let mut obj = Map::new();
    obj.insert("name".into(), json!(name));
    let url = p.supplier.as_ref().and_then(|s| s.url.as_deref()).filter(|u| is_url(u));
    if let Some(url) = url {
        obj.insert("url".into(), json!([url]));
    }
    if let Some(country) = &origin.country {
        obj.insert("address".into(), json!({ "country": country }));
    }
    Some(obj)
}

/// The `cargo-sovereign:*` properties of a package, in a fixed order ([`facts::facts`]).
pub fn properties(p: &PackageReport) -> Vec<Value> {
    facts::facts(p)
        .into_iter()
        .map(|(name, value)| json!({ "name": format!("{PROPERTY_PREFIX}{name}"), "value": value }))
        .collect()
}

/// A URL with a scheme and no spaces (what the schema's `iri-reference` format accepts).
pub(crate) fn is_url(u: &str) -> bool {
    u.contains("://") && !u.chars().any(char::is_whitespace)
}

/// `1.6` → (1, 6); an unreadable part counts as 0, so nothing version-gated is added.
fn spec_version(v: &str) -> (u32, u32) {
    let mut parts = v.split('.').map(|s| s.trim().parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(1), parts.next().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_versions_compare() {
        assert!(spec_version("1.6") >= (1, 6));
        assert!(spec_version("1.10") > (1, 6));
        assert!(spec_version("1.4") < (1, 6));
        assert_eq!(spec_version("x"), (0, 0));
    }

    #[test]
    fn urls() {
        assert!(is_url("https://github.com/serde-rs/serde"));
        assert!(!is_url("github.com/serde-rs/serde"));
        assert!(!is_url("https://a b"));
    }
}
