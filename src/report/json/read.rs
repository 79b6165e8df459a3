//! Reading a JSON report back (for `diff`): the current shape, and reports of
//! `schema_version` 1, which wrote every package's facts in full.

use std::sync::Arc;

use crate::error::InputError;
use crate::policy::finding::Finding;
use crate::report::document::{PackageReport, Report, SCHEMA_VERSION};

use super::wire::Document;

/// Reads a JSON report written by `--format json`, of this version or of version 1.
pub fn read_report(path: &str, bytes: &[u8]) -> Result<Report, InputError> {
    let text = crate::input::text::decode(path, bytes)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError::from_json(path, &e))?;
    let not_a_report =
        |e: serde_json::Error| InputError::new(path, format!("not a cargo-sovereign JSON report: {e}"));
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(1) => serde_json::from_value(value).map_err(not_a_report),
        Some(v) if v == u64::from(SCHEMA_VERSION) => {
            let doc: Document = serde_json::from_value(value).map_err(not_a_report)?;
            from_document(doc).map_err(|message| InputError::new(path, message))
        }
        Some(v) => Err(InputError::new(
            path,
            format!(
                "report schema version {v} is not supported: this cargo-sovereign reads versions 1 to \
                 {SCHEMA_VERSION}; write both reports with the same version of the tool"
            ),
        )),
        None => Err(InputError::new(path, "not a cargo-sovereign JSON report (no `schema_version`)")),
    }
}

/// `list[place]`, shared, or a message naming the package and the list.
fn shared<T>(
    list: &[Arc<T>],
    place: Option<u32>,
    id: &str,
    field: &str,
    name: &str,
) -> Result<Option<Arc<T>>, String> {
    match place {
        None => Ok(None),
        Some(i) => list.get(i as usize).cloned().map(Some).ok_or_else(|| {
            format!("package `{id}`: `{field}` is {i}, but `{name}` has {} entries", list.len())
        }),
    }
}

/// The report a document describes, its shared facts shared again in memory.
fn from_document(doc: Document) -> Result<Report, String> {
    let origins: Vec<_> = doc.origins.into_iter().map(|o| Arc::new(o.into_owned())).collect();
    let hosting: Vec<_> = doc.hosting.into_iter().map(|h| Arc::new(h.into_owned())).collect();
    let vendors: Vec<_> = doc.vendors.into_iter().map(|v| Arc::new(v.into_owned())).collect();
    let mut packages = Vec::with_capacity(doc.packages.len());
    for p in doc.packages {
        let id = p.id.into_owned();
        packages.push(PackageReport {
            origin: shared(&origins, p.origin, &id, "origin", "origins")?,
            hosting: shared(&hosting, p.hosting, &id, "hosting", "hosting")?,
            vendor: shared(&vendors, p.vendor, &id, "vendor", "vendors")?,
            id,
            name: p.name.into_owned(),
            version: p.version.map(|v| v.into_owned()),
            ecosystem: p.ecosystem.into_owned(),
            kind: p.kind,
            namespace: p.namespace.map(|n| Box::new(n.into_owned())),
            purl: p.purl.map(|v| v.into_owned()),
            dependencies: p.dependencies.into_owned(),
            root: p.root,
            source: p.source.into_owned(),
            license: Box::new(p.license.into_owned()),
            owners: p.owners.map(|o| Box::new(o.into_owned())),
            graph: p.graph,
            authors: p.authors.into_owned(),
            supplier: p.supplier.map(|s| Box::new(s.into_owned())),
            manufacturer: p.manufacturer.map(|s| Box::new(s.into_owned())),
            publisher: p.publisher.map(|s| Box::new(s.into_owned())),
            repository: p.repository.map(|v| v.into_owned()),
            homepage: p.homepage.map(|v| Box::new(v.into_owned())),
            description: p.description.map(|v| Box::new(v.into_owned())),
            // Not in the JSON report.
            hashes: Vec::new(),
        });
    }
    let findings = doc
        .findings
        .into_iter()
        .map(|f| Finding {
            code: f.code,
            severity: f.severity,
            package: f.package.map(|p| p.into_owned()),
            message: f.message.into_owned(),
        })
        .collect();
    Ok(Report {
        schema_version: doc.schema_version,
        tool: doc.tool.into_owned(),
        inputs: doc.inputs.into_owned(),
        packages,
        findings,
        summary: doc.summary.into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Reporter;

    fn written(report: &Report) -> serde_json::Value {
        let mut out = Vec::new();
        crate::report::json::Json::default().render(report, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn shared_facts_come_back_shared() {
        let mut report = crate::report::paths::tests::report(&["a", "b"], &[], &["a"]);
        let origin = Arc::new(crate::model::Origin { entity: Some("Acme".into()), ..Default::default() });
        // Equal origins held apart in memory are written once too.
        report.packages[0].origin = Some(origin.clone());
        report.packages[1].origin = Some(Arc::new((*origin).clone()));
        let value = written(&report);
        assert_eq!(value["origins"].as_array().unwrap().len(), 1);
        assert_eq!(
            (&value["packages"][0]["origin"], &value["packages"][1]["origin"]),
            (&0.into(), &0.into())
        );
        let back = read_report("r.json", value.to_string().as_bytes()).unwrap();
        let (a, b) = (back.packages[0].origin.as_ref().unwrap(), back.packages[1].origin.as_ref().unwrap());
        assert!(Arc::ptr_eq(a, b));
        assert_eq!(a.entity.as_deref(), Some("Acme"));
    }

    #[test]
    fn a_place_outside_its_list_is_refused_naming_the_package() {
        let report = crate::report::paths::tests::report(&["a"], &[], &["a"]);
        let mut value = written(&report);
        value["packages"][0]["origin"] = 3.into();
        let e = read_report("r.json", value.to_string().as_bytes()).unwrap_err();
        assert!(
            e.message.contains("package `a`: `origin` is 3, but `origins` has 0 entries"),
            "{}",
            e.message
        );
    }
}
