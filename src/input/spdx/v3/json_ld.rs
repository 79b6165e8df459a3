//! SPDX 3.0 documents in JSON-LD: a flat `@graph` of elements that refer to each other by id.
//!
//! Unlike 2.x, a 3.0 package carries almost nothing itself: its licences, and all its
//! dependencies, are separate `Relationship` elements, and its supplier is an `Organization` or
//! `Person` element elsewhere in the graph. The reader therefore indexes every element by id
//! first (`elements.rs`), then resolves references through the index. JSON-LD allows an
//! element to be written inline where it is referenced, so the index is built by walking the
//! whole JSON tree with an explicit stack; and since elements may refer to each other in
//! cycles, the only recursive resolution (licence expressions built from licence-set elements)
//! has a fixed depth limit. A document in JSON-LD expanded form (full IRIs) is first rewritten
//! into the compact form (`expanded.rs`).

use crate::hash::HashMap;

use serde_json::Value;

use super::elements::{external_identifiers, ref_ids, string, text, Elements, Object};
use crate::error::InputError;
use crate::input::spdx::common::{self as common, PackageFacts, Problems};
use crate::model::{DepKind, GraphBuilder, InputInfo, PackageIndex, PackageKind};

const UNTYPED: &str = "relationships without a relationshipType ignored";
const NAMELESS: &str = "packages without a name (shown by their id)";
const FOREIGN: &str = "properties named by an IRI outside the SPDX 3 vocabulary ignored";

/// Reads an SPDX 3.0 JSON-LD document.
pub fn read_json_ld(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let mut root: Value = serde_json::from_str(text).map_err(|e| InputError::from_json(path, &e))?;
    let mut problems = Problems::default();
    let expanded = super::expanded::compact(&mut root);
    (0..expanded.foreign_keys).for_each(|_| problems.note(FOREIGN));
    let graph = Elements::collect(&root, &mut problems);
    let version = graph.spec_version(&root).or(expanded.version);
    if let Some(v) = &version {
        if !v.trim().starts_with("3.") {
            return Err(common::unsupported_version(path, v));
        }
    }

    let relationships: Vec<Rel> =
        graph.order.iter().filter_map(|(_, ty, obj)| Rel::read(ty, obj, &mut problems)).collect();
    let mut declared: HashMap<&str, Vec<String>> = HashMap::default();
    let mut concluded: HashMap<&str, Vec<String>> = HashMap::default();
    for rel in &relationships {
        let slot = match rel.ty {
            "hasDeclaredLicense" => &mut declared,
            "hasConcludedLicense" => &mut concluded,
            _ => continue,
        };
        let Some(from) = rel.from else { continue };
        for to in &rel.to {
            if let Some(expr) = graph.license(to, &mut problems) {
                slot.entry(from).or_default().push(expr);
            }
        }
    }

    let mut packages: HashMap<&str, PackageIndex> = HashMap::default();
    for (id, ty, obj) in &graph.order {
        let (id, obj): (&str, &Object) = (id, obj);
        if !is_package(ty) || packages.contains_key(id) {
            continue;
        }
        let name = string(obj, "name");
        if name.as_deref().and_then(|n| common::asserted(Some(n))).is_none() {
            problems.note(NAMELESS);
        }
        let facts = PackageFacts {
            spdx_id: id.to_string(),
            name,
            version: string(obj, "software_packageVersion"),
            purls: purls(obj),
            download_location: string(obj, "software_downloadLocation"),
            homepage: string(obj, "software_homePage"),
            summary: string(obj, "summary"),
            description: string(obj, "description"),
            license_declared: declared.get(id).map(|l| join_and(l)),
            license_concluded: concluded.get(id).map(|l| join_and(l)),
            supplier: obj.get("suppliedBy").and_then(|v| graph.agent(v)),
            originator: obj.get("originatedBy").and_then(|v| graph.agent(v)),
            hashes: Vec::new(),
            kind: kind_of(ty, string(obj, "software_primaryPurpose").as_deref()),
        };
        packages.insert(id, builder.add_package(common::build_package(facts, &mut problems)));
    }

    for (_, ty, obj) in &graph.order {
        if matches!(ty.as_str(), "SpdxDocument" | "software_Sbom" | "Bom") {
            for root in obj.get("rootElement").map(ref_ids).unwrap_or_default() {
                if let Some(&i) = packages.get(root) {
                    builder.add_root(i);
                }
            }
        }
    }
    for rel in &relationships {
        let kind = v3_edge(rel.ty, rel.scope);
        if kind.is_none() && rel.ty != "describes" {
            continue;
        }
        let from = rel.from.and_then(|f| packages.get(f).copied());
        for to in &rel.to {
            let target = packages.get(to).copied();
            if target.is_none() {
                graph.check_known(to, &mut problems);
            }
            match (kind, from, target) {
                (None, _, Some(t)) => builder.add_root(t),
                (Some(kind), Some(f), Some(t)) => builder.add_edge(f, t, kind),
                _ => {}
            }
        }
        if let (Some(_), Some(f), None) = (kind, rel.from, from) {
            graph.check_known(f, &mut problems);
        }
    }
    problems.report(path, builder);
    Ok(common::info(path, version))
}

/// Package classes: `software_Package` and its subclasses for AI models and data sets.
fn is_package(ty: &str) -> bool {
    matches!(ty, "software_Package" | "ai_AIPackage" | "dataset_DatasetPackage" | "dataset_Dataset")
}

/// The kind an element's class states (the AI profile's package is a model, the Dataset
/// profile's a data set), else its primary purpose (`model`, `data`).
fn kind_of(ty: &str, purpose: Option<&str>) -> PackageKind {
    match (ty, purpose) {
        ("ai_AIPackage", _) | (_, Some("model")) => PackageKind::Model,
        ("dataset_DatasetPackage" | "dataset_Dataset", _) | (_, Some("data")) => PackageKind::Dataset,
        _ => PackageKind::Library,
    }
}

/// Licences from several relationships of one kind all apply.
fn join_and(licenses: &[String]) -> String {
    if licenses.len() == 1 {
        return licenses[0].clone();
    }
    let parts: Vec<String> =
        licenses.iter().map(|l| if l.contains(' ') { format!("({l})") } else { l.clone() }).collect();
    parts.join(" AND ")
}

/// `software_packageUrl`, then `packageUrl` external identifiers.
fn purls(obj: &Object) -> Vec<String> {
    let mut out: Vec<String> = string(obj, "software_packageUrl").into_iter().collect();
    out.extend(external_identifiers(obj, "packageUrl"));
    out
}

/// A relationship element.
struct Rel<'a> {
    ty: &'a str,
    from: Option<&'a str>,
    to: Vec<&'a str>,
    scope: Option<&'a str>,
}

impl<'a> Rel<'a> {
    fn read(ty: &str, obj: &'a Object, problems: &mut Problems) -> Option<Rel<'a>> {
        if !ty.ends_with("Relationship") {
            return None;
        }
        let Some(rel_ty) = obj.get("relationshipType").and_then(text) else {
            problems.note(UNTYPED);
            return None;
        };
        Some(Rel {
            ty: rel_ty,
            from: obj.get("from").and_then(|v| ref_ids(v).first().copied()),
            to: obj.get("to").map(ref_ids).unwrap_or_default(),
            scope: obj.get("scope").and_then(text),
        })
    }
}

/// The dependency an SPDX 3.0 relationship type stands for, from `from` to each `to`, given a
/// `LifecycleScopedRelationship`'s scope. `None` for types that make no edge.
fn v3_edge(relationship: &str, scope: Option<&str>) -> Option<DepKind> {
    let base = match relationship.trim() {
        "dependsOn"
        | "contains"
        | "hasStaticLink"
        | "hasDynamicLink"
        | "hasOptionalDependency"
        | "hasProvidedDependency" => DepKind::Normal,
        "usesTool" => DepKind::Build,
        _ => return None,
    };
    Some(match scope.map(str::trim) {
        Some("build") => DepKind::Build,
        Some("development") | Some("test") => DepKind::Dev,
        Some("runtime") => DepKind::Normal,
        _ => base,
    })
}

#[cfg(test)]
mod tests {
    use super::super::elements::{DANGLING, DEEP_LICENSE, DUPLICATE, IMPORTED};
    use super::*;
    use crate::model::PartyKind;
    use crate::model::{DepKind, Graph};

    fn read(elements: &str) -> Result<Graph, InputError> {
        let text = format!(
            r#"{{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
                {{"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1"}},
                {{"type": "SpdxDocument", "spdxId": "urn:doc", "creationInfo": "_:ci", "rootElement": ["urn:sbom"],
                  "import": [{{"type": "ExternalMap", "externalSpdxId": "urn:elsewhere"}}]}},
                {{"type": "software_Sbom", "spdxId": "urn:sbom", "rootElement": ["urn:app"]}},
                {elements}]}}"#
        );
        let mut b = GraphBuilder::new(true);
        read_json_ld("t.jsonld", &text, &mut b)?;
        Ok(b.finish())
    }

    fn pkg(id: &str, extra: &str) -> String {
        format!(r#"{{"type": "software_Package", "spdxId": "urn:{id}", "name": "{id}"{extra}}}"#)
    }

    fn rel(ty: &str, from: &str, to: &[&str], scope: Option<&str>) -> String {
        let id = format!("urn:r-{from}-{ty}-{}", to.join("-"));
        let to: Vec<String> = to.iter().map(|t| format!("\"urn:{t}\"")).collect();
        let (class, scope) = match scope {
            Some(s) => ("LifecycleScopedRelationship", format!(r#", "scope": "{s}""#)),
            None => ("Relationship", String::new()),
        };
        format!(
            r#"{{"type": "{class}", "spdxId": "{id}", "relationshipType": "{ty}", "from": "urn:{from}", "to": [{}]{scope}}}"#,
            to.join(",")
        )
    }

    fn edges(g: &Graph) -> Vec<(&str, &str, DepKind)> {
        g.edges
            .iter()
            .map(|e| (g.packages[e.from].name.as_str(), g.packages[e.to].name.as_str(), e.kind))
            .collect()
    }

    #[test]
    fn packages_agents_and_licences() {
        let elements = [
            pkg(
                "app",
                r#", "software_packageVersion": "1.0", "suppliedBy": "urn:acme", "originatedBy": [{"type": "Person", "spdxId": "urn:jane", "name": "Jane"}],
                   "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:npm/%40acme/app@1.0"}]"#,
            ),
            pkg("lib", r#", "software_packageUrl": "pkg:cargo/lib@0.1", "software_homePage": "https://lib.example""#),
            r#"{"type": "Organization", "spdxId": "urn:acme", "name": "ACME",
                "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "email", "identifier": "info@acme.example"}]}"#.to_string(),
            r#"{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:l-noassert", "simplelicensing_licenseExpression": "NOASSERTION"}"#.to_string(),
            r#"{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:l-mit", "simplelicensing_licenseExpression": "MIT"}"#.to_string(),
            r#"{"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:l-set", "expandedlicensing_member": ["https://spdx.org/licenses/Apache-2.0", "urn:l-mit"]}"#.to_string(),
            rel("hasDeclaredLicense", "app", &["l-noassert"], None),
            rel("hasConcludedLicense", "app", &["l-mit"], None),
            rel("hasDeclaredLicense", "lib", &["l-set"], None),
        ];
        let g = read(&elements.join(",")).unwrap();
        let app = &g.packages[g.index_of("pkg:npm/%40acme/app@1.0").unwrap()];
        assert_eq!((app.ecosystem.as_str(), app.namespace.as_deref()), ("npm", Some("@acme")));
        assert_eq!(app.license.as_deref(), Some("MIT"));
        let supplier = app.supplier.as_ref().unwrap();
        assert_eq!((supplier.kind, supplier.name.as_deref()), (PartyKind::Organization, Some("ACME")));
        assert_eq!(supplier.email.as_deref(), Some("info@acme.example"));
        assert_eq!(app.manufacturer.as_ref().and_then(|m| m.name.as_deref()), Some("Jane"));
        let lib = &g.packages[g.index_of("pkg:cargo/lib@0.1").unwrap()];
        assert_eq!(lib.license.as_deref(), Some("Apache-2.0 OR MIT"));
        assert_eq!(lib.homepage.as_deref(), Some("https://lib.example"));
        assert_eq!(g.roots, [g.index_of("pkg:npm/%40acme/app@1.0").unwrap()]);
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn relationship_kinds_and_scopes() {
        let elements = [
            pkg("app", ""),
            pkg("a", ""),
            pkg("b", ""),
            pkg("c", ""),
            pkg("d", ""),
            r#"{"type": "software_File", "spdxId": "urn:file", "name": "file"}"#.to_string(),
            rel("dependsOn", "app", &["a"], None),
            rel("dependsOn", "app", &["b"], Some("build")),
            rel("dependsOn", "app", &["c"], Some("test")),
            rel("hasStaticLink", "a", &["d"], Some("runtime")),
            rel("contains", "app", &["file"], None),
            rel("generates", "b", &["c"], None),
            rel("describes", "doc", &["d"], None),
        ];
        let g = read(&elements.join(",")).unwrap();
        assert_eq!(
            edges(&g),
            [
                ("a", "d", DepKind::Normal),
                ("app", "a", DepKind::Normal),
                ("app", "b", DepKind::Build),
                ("app", "c", DepKind::Dev)
            ]
        );
        let roots: Vec<&str> = g.roots.iter().map(|&r| g.packages[r].name.as_str()).collect();
        assert_eq!(roots, ["app", "d"]);
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn dangling_and_imported_references_warn_once_per_kind() {
        let elements = [
            pkg("app", ""),
            rel("dependsOn", "app", &["missing", "gone", "elsewhere"], None),
            rel("dependsOn", "nowhere", &["app"], None),
            r#"{"type": "Relationship", "spdxId": "urn:r-none", "relationshipType": "dependsOn", "from": "urn:app",
                "to": ["https://spdx.org/rdf/3.0.1/terms/Core/NoneElement"]}"#
                .to_string(),
        ];
        let g = read(&elements.join(",")).unwrap();
        assert!(g.edges.is_empty());
        assert_eq!(g.warnings, [format!("t.jsonld: {IMPORTED}: 1"), format!("t.jsonld: {DANGLING}: 3")]);
    }

    #[test]
    fn licence_cycles_stop() {
        let elements = [
            pkg("app", ""),
            r#"{"type": "expandedlicensing_ConjunctiveLicenseSet", "spdxId": "urn:loop", "expandedlicensing_member": ["urn:loop", "urn:loop"]}"#.to_string(),
            rel("hasDeclaredLicense", "app", &["loop"], None),
        ];
        let g = read(&elements.join(",")).unwrap();
        assert_eq!(g.packages[0].license, None);
        assert_eq!(g.warnings, [format!("t.jsonld: {DEEP_LICENSE}: 1")]);
    }

    #[test]
    fn licence_fan_out_is_bounded() {
        let mut elements = vec![pkg("app", ""), rel("hasDeclaredLicense", "app", &["s0"], None)];
        for level in 0..12 {
            let next = format!("\"urn:s{}\"", level + 1);
            elements.push(format!(
                r#"{{"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:s{level}", "expandedlicensing_member": [{}]}}"#,
                vec![next; 8].join(",")
            ));
        }
        elements.push(r#"{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:s12", "simplelicensing_licenseExpression": "MIT"}"#.into());
        let g = read(&elements.join(",")).unwrap();
        assert_eq!(g.packages[0].license, None);
        assert_eq!(g.warnings, [format!("t.jsonld: {DEEP_LICENSE}: 1")]);
    }

    #[test]
    fn duplicate_ids_warn() {
        let g = read(&[pkg("app", ""), pkg("app", r#", "summary": "other""#)].join(",")).unwrap();
        assert_eq!(g.packages.len(), 1);
        assert_eq!(g.warnings, [format!("t.jsonld: {DUPLICATE}: 1")]);
    }

    #[test]
    fn unsupported_version_and_syntax_errors() {
        let mut b = GraphBuilder::new(false);
        let text = r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{"type": "CreationInfo", "@id": "_:c", "specVersion": "2.3"}]}"#;
        let err = read_json_ld("t.jsonld", text, &mut b).unwrap_err();
        assert!(err.message.starts_with("unsupported SPDX version"), "{err}");
        let err = read_json_ld("t.jsonld", "{\"@graph\": [\n  {]}", &mut b).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let info = read_json_ld(
            "<stdin>",
            r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#,
            &mut b,
        )
        .unwrap();
        assert_eq!((info.spec_version.as_deref(), info.path), (Some("3.0.1"), None));
    }

    #[test]
    fn maps_v3_relationships_and_scopes() {
        assert_eq!(v3_edge("dependsOn", None), Some(DepKind::Normal));
        assert_eq!(v3_edge("dependsOn", Some("build")), Some(DepKind::Build));
        assert_eq!(v3_edge("dependsOn", Some("development")), Some(DepKind::Dev));
        assert_eq!(v3_edge("dependsOn", Some("test")), Some(DepKind::Dev));
        assert_eq!(v3_edge("hasStaticLink", Some("runtime")), Some(DepKind::Normal));
        assert_eq!(v3_edge("contains", None), Some(DepKind::Normal));
        assert_eq!(v3_edge("hasDynamicLink", None), Some(DepKind::Normal));
        assert_eq!(v3_edge("hasOptionalDependency", None), Some(DepKind::Normal));
        assert_eq!(v3_edge("hasProvidedDependency", None), Some(DepKind::Normal));
        assert_eq!(v3_edge("usesTool", None), Some(DepKind::Build));
        assert_eq!(v3_edge("describes", None), None);
        assert_eq!(v3_edge("hasDeclaredLicense", None), None);
    }
}
