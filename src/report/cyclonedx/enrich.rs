//! Facts added to the components of a CycloneDX JSON input, and the input's own fields moved
//! to a later specification version when one is asked for.

use serde_json::{json, Map, Value};

use super::facts::{self, Index, Licence, Supplier, PROPERTY_PREFIX};
use super::version::{self, Version, ADDRESS, PROPERTIES};
use crate::report::document::PackageReport;
use crate::report::Report;

/// Adds facts to a component and to the components nested in it.
pub(super) fn enrich_tree(component: &mut Value, index: &Index, version: Version) {
    let purl = component.get("purl").and_then(Value::as_str);
    let bom_ref = component.get("bom-ref").and_then(Value::as_str);
    if let Some(p) = index.find(purl, bom_ref) {
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

fn enrich(obj: &mut Map<String, Value>, p: &PackageReport, version: Version) {
    if version >= (1, 1) && obj.get("licenses").is_none_or(|l| l.as_array().is_some_and(Vec::is_empty)) {
        if let Some(licenses) = licenses(p) {
            obj.insert("licenses".into(), licenses);
        }
    }
    if version >= (1, 2) {
        match obj.get_mut("supplier").and_then(Value::as_object_mut) {
            Some(supplier) => {
                if let (Some(country), true, false) =
                    (facts::country(p), version >= ADDRESS, supplier.contains_key("address"))
                {
                    supplier.insert("address".into(), json!({ "country": country }));
                }
            }
            None => {
                if let Some(supplier) = supplier(p, version) {
                    obj.insert("supplier".into(), supplier);
                }
            }
        }
    }
    if version >= PROPERTIES {
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

/// `licenses`: the parsed expression when there is one, else the declared text as a name.
pub(super) fn licenses(p: &PackageReport) -> Option<Value> {
    Some(match facts::licence(p)? {
        Licence::Expression(e) => json!([{ "expression": e }]),
        Licence::Name(d) => json!([{ "license": { "name": d } }]),
    })
}

/// The controlling entity as supplier, with its country from 1.6 on.
pub(super) fn supplier(p: &PackageReport, version: Version) -> Option<Value> {
    let Supplier { name, url, country } = facts::supplier(p)?;
    let mut obj = Map::new();
    obj.insert("name".into(), json!(name));
    if let Some(url) = url {
        obj.insert("url".into(), json!([url]));
    }
    if let (Some(country), true) = (country, version >= ADDRESS) {
        obj.insert("address".into(), json!({ "country": country }));
    }
    Some(Value::Object(obj))
}

/// The `cargo-sovereign:*` properties as CycloneDX JSON `{name, value}` objects.
pub fn properties(p: &PackageReport) -> Vec<Value> {
    facts::property_pairs(p)
        .into_iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

/// cargo-sovereign as a tool component.
pub(super) fn tool(report: &Report) -> Value {
    json!({
        "type": "application",
        "name": report.tool.name,
        "version": report.tool.version,
        "externalReferences": [{ "type": "vcs", "url": env!("CARGO_PKG_REPOSITORY") }],
    })
}

/// Adds cargo-sovereign to `metadata.tools` in the form the document uses (the legacy list
/// stays a list: deprecated, still valid in 1.6 and 1.7).
pub(super) fn add_tool(metadata: &mut Map<String, Value>, report: &Report, version: Version) {
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

/// A top-level field of the input as the written version has it: `specVersion` and a
/// CycloneDX `$schema` name the version written; everything else is kept.
pub(super) fn upgrade_field(name: &str, value: &mut Value, written: Version) {
    match name {
        "specVersion" => *value = json!(version::name(written)),
        "$schema" if value.as_str().is_some_and(|s| s.contains("cyclonedx.org/schema/bom-")) => {
            *value = json!(format!("http://cyclonedx.org/schema/bom-{}.schema.json", version::name(written)));
        }
        _ => {}
    }
}
