//! SPDX 3.0 documents in JSON-LD: a flat `@graph` of elements that refer to each other by id.
//!
//! Unlike 2.x, a 3.0 package carries almost nothing itself: its licences, and all its
//! dependencies, are separate `Relationship` elements, and its supplier is an `Organization` or
//! `Person` element elsewhere in the graph. The reader therefore indexes every element by id
//! first, then resolves references through the index. JSON-LD allows an element to be written
//! inline where it is referenced, so the index is built by walking the whole JSON tree with an
//! explicit stack; and since elements may refer to each other in cycles, the only recursive
//! resolution (licence expressions built from licence-set elements) has a fixed depth limit.

use crate::hash::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::InputError;
use crate::input::spdx_common::{self as common, PackageFacts, Problems};
use crate::model::{GraphBuilder, InputInfo, PackageIndex, Party, PartyKind};

type Object = Map<String, Value>;

/// How deep licence sets may nest before the reader stops following them.
const MAX_LICENSE_DEPTH: usize = 16;
/// How many licence elements one licence expression may be built from.
const MAX_LICENSE_NODES: usize = 1024;

const DANGLING: &str = "relationships naming elements that are not in the document ignored";
const IMPORTED: &str = "relationships naming elements imported from other documents ignored";
const DUPLICATE: &str = "elements with a duplicate spdxId (the first one kept the id)";
const DEEP_LICENSE: &str = "licence expressions nested too deeply or in a cycle ignored";
const UNTYPED: &str = "relationships without a relationshipType ignored";
const NAMELESS: &str = "packages without a name (shown by their id)";
const FOREIGN: &str = "properties named by an IRI outside the SPDX 3 vocabulary ignored";

/// Reads an SPDX 3.0 JSON-LD document.
pub fn read_json_ld(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let mut root: Value = serde_json::from_str(text).map_err(|e| InputError::from_json(path, &e))?;
    let mut problems = Problems::default();
    let expanded = crate::input::spdx3_expanded::compact(&mut root);
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
        let kind = common::v3_edge(rel.ty, rel.scope);
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

/// Licences from several relationships of one kind all apply.
fn join_and(licenses: &[String]) -> String {
    if licenses.len() == 1 {
        return licenses[0].clone();
    }
    let parts: Vec<String> =
        licenses.iter().map(|l| if l.contains(' ') { format!("({l})") } else { l.clone() }).collect();
    parts.join(" AND ")
}

/// A string property.
fn string(obj: &Object, key: &str) -> Option<String> {
    obj.get(key).and_then(text).map(str::to_string)
}

/// A string, or a one-item array holding one (the expanded form puts every value in an array).
fn text(value: &Value) -> Option<&str> {
    match value {
        Value::Array(items) if items.len() == 1 => items[0].as_str(),
        v => v.as_str(),
    }
}

/// `software_packageUrl`, then `packageUrl` external identifiers.
fn purls(obj: &Object) -> Vec<String> {
    let mut out: Vec<String> = string(obj, "software_packageUrl").into_iter().collect();
    out.extend(external_identifiers(obj, "packageUrl"));
    out
}

/// The identifiers of one type in an element's `externalIdentifier` list.
fn external_identifiers<'a>(obj: &'a Object, ty: &'a str) -> impl Iterator<Item = String> + 'a {
    let list =
        obj.get("externalIdentifier").map(|v| v.as_array().map_or(std::slice::from_ref(v), Vec::as_slice));
    list.into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(move |x| x.get("externalIdentifierType").and_then(text) == Some(ty))
        .filter_map(|x| string(x, "identifier"))
}

/// The id of an element: `spdxId`, or `@id` for blank nodes such as `CreationInfo`.
fn id_of(obj: &Object) -> Option<&str> {
    obj.get("spdxId").or_else(|| obj.get("@id")).and_then(Value::as_str)
}

/// The element's class, in the compact form of the 3.0 context (`software_Package`), also
/// when the document spells it as a full IRI.
fn type_of(obj: &Object) -> Option<String> {
    let ty = obj.get("type").or_else(|| obj.get("@type"))?;
    let ty = ty.as_str().or_else(|| ty.as_array()?.first()?.as_str())?;
    Some(match ty.split_once("/terms/") {
        Some((_, rest)) => match rest.split_once('/') {
            Some(("Core", class)) => class.to_string(),
            Some((profile, class)) => format!("{}_{class}", profile.to_ascii_lowercase()),
            None => rest.to_string(),
        },
        None => ty.to_string(),
    })
}

/// The ids a reference property names: a string, an inline element, or a list of either.
fn ref_ids(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(items) => items.iter().filter_map(ref_id).collect(),
        v => ref_id(v).into_iter().collect(),
    }
}

/// The id one reference names.
fn ref_id(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => id_of(o),
        _ => None,
    }
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

/// Every element of the document, in document order and by id.
struct Elements<'a> {
    order: Vec<(&'a str, String, &'a Object)>,
    by_id: HashMap<&'a str, &'a Object>,
    /// Ids the document's `import` list says live in other documents.
    imported: HashSet<&'a str>,
}

impl<'a> Elements<'a> {
    /// Walks the whole JSON tree (iteratively) and indexes every object with an id and a type.
    fn collect(root: &'a Value, problems: &mut Problems) -> Elements<'a> {
        let mut elements =
            Elements { order: Vec::new(), by_id: HashMap::default(), imported: HashSet::default() };
        let start = match root.get("@graph") {
            Some(graph) => graph,
            None => root,
        };
        let mut stack: Vec<&Value> = vec![start];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(obj) => {
                    if let Some(external) = obj.get("externalSpdxId").and_then(text) {
                        elements.imported.insert(external);
                    }
                    if let (Some(id), Some(ty)) = (id_of(obj), type_of(obj)) {
                        match elements.by_id.get(id) {
                            Some(&seen) if seen != obj => problems.note(DUPLICATE),
                            Some(_) => {}
                            None => {
                                elements.by_id.insert(id, obj);
                                elements.order.push((id, ty, obj));
                            }
                        }
                    }
                    let children = obj.iter().filter(|(k, _)| k.as_str() != "@context").map(|(_, v)| v);
                    let children: Vec<&Value> = children.filter(|v| v.is_object() || v.is_array()).collect();
                    stack.extend(children.into_iter().rev());
                }
                _ => {}
            }
        }
        elements
    }

    /// Notes a relationship end that is neither in the document nor one of the individuals
    /// SPDX 3.0 uses for "no element".
    fn check_known(&self, id: &str, problems: &mut Problems) {
        if self.by_id.contains_key(id) || id.ends_with("/NoneElement") || id.ends_with("/NoAssertionElement")
        {
            return;
        }
        problems.note(if self.imported.contains(id) { IMPORTED } else { DANGLING });
    }

    fn get(&self, value: &'a Value) -> Option<&'a Object> {
        match value {
            Value::String(id) => self.by_id.get(id.as_str()).copied(),
            Value::Object(obj) => Some(obj),
            Value::Array(items) if items.len() == 1 => self.get(&items[0]),
            _ => None,
        }
    }

    /// The declared `specVersion`: the document's creation info's, else the first one found,
    /// else the version in the `@context` URL.
    fn spec_version(&self, root: &Value) -> Option<String> {
        let of_creation = |info: &Object| string(info, "specVersion");
        let document = self.order.iter().find(|(_, ty, _)| ty == "SpdxDocument");
        let from_document =
            document.and_then(|(_, _, d)| self.get(d.get("creationInfo")?)).and_then(of_creation);
        let first = || {
            self.order.iter().filter(|(_, ty, _)| ty == "CreationInfo").find_map(|(_, _, o)| of_creation(o))
        };
        let from_context = || {
            let ctx = root.get("@context")?;
            let url = ctx.as_str().or_else(|| ctx.as_array()?.iter().find_map(Value::as_str))?;
            let rest = &url[url.find("/rdf/")? + 5..];
            Some(rest.split('/').next()?.to_string())
        };
        from_document.or_else(first).or_else(from_context)
    }

    /// The first agent a `suppliedBy` / `originatedBy` value names.
    fn agent(&self, value: &'a Value) -> Option<Party> {
        let obj = match value {
            Value::Array(items) => items.iter().find_map(|v| self.get(v)),
            v => self.get(v),
        }?;
        let kind = match type_of(obj).as_deref() {
            Some("Organization") => PartyKind::Organization,
            Some("Person") => PartyKind::Person,
            Some("SoftwareAgent") | Some("Tool") => PartyKind::Tool,
            _ => PartyKind::Unspecified,
        };
        let party = Party {
            kind,
            name: common::asserted(obj.get("name").and_then(text)),
            email: external_identifiers(obj, "email").next(),
            ..Party::default()
        };
        (!party.is_empty()).then_some(party)
    }

    /// The licence expression a licence element (or a well-known licence IRI) stands for.
    /// Licence sets may nest and even refer to themselves, so the walk is limited both in
    /// depth and in the number of elements it visits.
    fn license(&self, id: &str, problems: &mut Problems) -> Option<String> {
        let mut budget = MAX_LICENSE_NODES;
        let expr = self.license_walk(id, 0, &mut budget);
        if budget == 0 {
            problems.note(DEEP_LICENSE);
            return None;
        }
        expr
    }

    /// One step of [`Elements::license`]; sets `budget` to 0 when a limit is hit.
    fn license_walk(&self, id: &str, depth: usize, budget: &mut usize) -> Option<String> {
        if depth > MAX_LICENSE_DEPTH || *budget <= 1 {
            *budget = 0;
            return None;
        }
        *budget -= 1;
        let Some(obj) = self.by_id.get(id) else { return license_from_iri(id) };
        let ty = type_of(obj).unwrap_or_default();
        let operand = |key: &str, budget: &mut usize| {
            let target = obj.get(key).map(ref_ids).unwrap_or_default();
            let expr = self.license_walk(target.first()?, depth + 1, budget)?;
            Some(if expr.contains(' ') { format!("({expr})") } else { expr })
        };
        match ty.as_str() {
            "simplelicensing_LicenseExpression" => string(obj, "simplelicensing_licenseExpression"),
            "expandedlicensing_ConjunctiveLicenseSet" | "expandedlicensing_DisjunctiveLicenseSet" => {
                let op = if ty.ends_with("ConjunctiveLicenseSet") { " AND " } else { " OR " };
                let members = obj.get("expandedlicensing_member").map(ref_ids).unwrap_or_default();
                let mut parts = Vec::new();
                for m in members {
                    let expr = self.license_walk(m, depth + 1, budget)?;
                    parts.push(if expr.contains(' ') { format!("({expr})") } else { expr });
                }
                (!parts.is_empty()).then(|| parts.join(op))
            }
            "expandedlicensing_OrLaterOperator" => {
                Some(format!("{}+", operand("expandedlicensing_subjectLicense", budget)?))
            }
            "expandedlicensing_WithAdditionOperator" => {
                let base = operand("expandedlicensing_subjectExtendableLicense", budget)?;
                let addition = obj.get("expandedlicensing_subjectAddition").map(ref_ids).unwrap_or_default();
                let addition =
                    addition.first().and_then(|a| license_from_iri(a).or_else(|| self.named(a)))?;
                Some(format!("{base} WITH {addition}"))
            }
            _ => license_from_iri(id).or_else(|| self.named(id)),
        }
    }

    /// A custom licence or addition: its `LicenseRef-…` part of the id, else its name.
    fn named(&self, id: &str) -> Option<String> {
        let obj = self.by_id.get(id)?;
        match id.find("LicenseRef-").or_else(|| id.find("AdditionRef-")) {
            Some(i) => Some(id[i..].to_string()),
            None => string(obj, "name"),
        }
    }
}

/// Licences the SPDX 3.0 vocabulary names by IRI without an element in the document.
fn license_from_iri(id: &str) -> Option<String> {
    if id.ends_with("/NoAssertionLicense") {
        return Some("NOASSERTION".into());
    }
    if id.ends_with("/NoneLicense") {
        return Some("NONE".into());
    }
    for prefix in ["https://spdx.org/licenses/", "http://spdx.org/licenses/"] {
        if let Some(rest) = id.strip_prefix(prefix) {
            return Some(rest.trim_end_matches(".html").trim_end_matches(".json").to_string());
        }
    }
    id.find("LicenseRef-").map(|i| id[i..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
