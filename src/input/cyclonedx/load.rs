//! A CycloneDX [`Bom`], whichever syntax it was read from, into the graph: components and
//! their nesting, the dependency graph, licences and the parties named. Both readers end here,
//! so a document reads the same in JSON and in XML.

use crate::hash::{HashMap, HashSet};

use super::bom::{Bom, Component, Contact, LicenseChoice, OrgEntity};
use super::repository;
use crate::error::InputError;
use crate::input::purl;
use crate::model::GraphBuilder;
use crate::model::{DepKind, InputFormat, InputInfo, Package, Party, PartyKind, Source};

/// The spec versions this reader accepts.
pub const SUPPORTED_VERSIONS: &[&str] = &["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

/// Checks the version and adds every component and dependency of `bom` to `builder`; `parse`
/// turns each top-level component into a [`Component`].
pub fn add_bom<C>(
    path: &str,
    bom: Bom<C>,
    builder: &mut GraphBuilder,
    mut parse: impl FnMut(C) -> Result<Component, InputError>,
) -> Result<InputInfo, InputError> {
    let version = bom.spec_version.clone().unwrap_or_default();
    if !SUPPORTED_VERSIONS.contains(&version.as_str()) {
        let shown = if version.is_empty() { "missing".to_string() } else { format!("`{version}`") };
        return Err(InputError::new(
            path,
            format!("unsupported CycloneDX spec version {shown} (supported: 1.2 to 1.7)"),
        ));
    }
    let mut refs: HashMap<String, usize> = HashMap::default();
    let mut counts = Counts::default();
    let mut root = None;
    let mut top_level = Vec::new();
    if let Some(meta) = bom.metadata {
        if let Some(mut component) = meta.component {
            if component.manufacturer.is_none() {
                component.manufacturer = meta.manufacturer.or(meta.manufacture);
            }
            if component.supplier.is_none() {
                component.supplier = meta.supplier;
            }
            // The described component's own sub-components are part of the product.
            let children = std::mem::take(&mut component.components);
            let i = add_component(component, None, &mut refs, &mut counts, builder);
            builder.add_root(i);
            root = Some(i);
            add_tree(children, Some(i), &mut refs, &mut counts, builder, &mut Vec::new());
        }
    }
    for component in bom.components {
        let component = parse(component)?;
        add_tree(vec![component], None, &mut refs, &mut counts, builder, &mut top_level);
    }

    let mut depended_on: HashSet<usize> = HashSet::default();
    let mut root_has_entry = false;
    for dep in &bom.dependencies {
        let Some(&from) = dep.reference.as_ref().and_then(|r| refs.get(r)) else {
            counts.dangling += 1;
            continue;
        };
        if Some(from) == root && !dep.depends_on.is_empty() {
            root_has_entry = true;
        }
        for target in &dep.depends_on {
            match refs.get(target) {
                Some(&to) => {
                    builder.add_edge(from, to, DepKind::Normal);
                    depended_on.insert(to);
                }
                None => counts.dangling += 1,
            }
        }
    }
    // A described component without dependencies of its own would leave the whole graph
    // unreachable: it is taken to depend on every top-level component nothing else depends on.
    if let (Some(root), false) = (root, root_has_entry) {
        let orphans: Vec<usize> =
            top_level.iter().copied().filter(|i| *i != root && !depended_on.contains(i)).collect();
        for &i in &orphans {
            builder.add_edge(root, i, DepKind::Normal);
        }
        if !orphans.is_empty() {
            let what = if bom.dependencies.is_empty() {
                "no dependency graph"
            } else {
                "no dependencies listed for the described component"
            };
            builder.warn(format!(
                "{path}: {what}; the {} top-level components nothing depends on are taken as its direct dependencies",
                orphans.len()
            ));
        }
    }
    counts.report(path, builder);
    Ok(InputInfo {
        format: InputFormat::Cyclonedx,
        spec_version: Some(version),
        path: (path != "<stdin>").then(|| path.to_string()),
        workspace_root: None,
        targets: Vec::new(),
        other_platforms: 0,
    })
}

#[derive(Default)]
struct Counts {
    dangling: usize,
    duplicate_refs: usize,
    nameless: usize,
    bad_purls: usize,
}

impl Counts {
    fn report(&self, path: &str, builder: &mut GraphBuilder) {
        if self.dangling > 0 {
            builder.warn(format!("{path}: {} dependency references name no component", self.dangling));
        }
        if self.duplicate_refs > 0 {
            builder.warn(format!(
                "{path}: {} bom-refs are used by more than one component",
                self.duplicate_refs
            ));
        }
        if self.nameless > 0 {
            builder.warn(format!("{path}: {} components have no name", self.nameless));
        }
        if self.bad_purls > 0 {
            builder.warn(format!(
                "{path}: {} components have a purl that is not a valid package URL (read without one)",
                self.bad_purls
            ));
        }
    }
}

/// Adds `components` and their nested components (iteratively: nesting depth is unbounded),
/// with an edge from each parent to its children. Indices of the first level go to `level`.
fn add_tree(
    components: Vec<Component>,
    parent: Option<usize>,
    refs: &mut HashMap<String, usize>,
    counts: &mut Counts,
    builder: &mut GraphBuilder,
    level: &mut Vec<usize>,
) {
    let mut stack: Vec<(Component, Option<usize>, bool)> =
        components.into_iter().rev().map(|c| (c, parent, true)).collect();
    while let Some((mut component, parent, first_level)) = stack.pop() {
        let children = std::mem::take(&mut component.components);
        let i = add_component(component, parent, refs, counts, builder);
        if first_level {
            level.push(i);
        }
        stack.extend(children.into_iter().rev().map(|c| (c, Some(i), false)));
    }
}

fn add_component(
    c: Component,
    parent: Option<usize>,
    refs: &mut HashMap<String, usize>,
    counts: &mut Counts,
    builder: &mut GraphBuilder,
) -> usize {
    let bom_ref = c.bom_ref.clone();
    if c.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        counts.nameless += 1;
    }
    let has_purl = c.purl.as_deref().is_some_and(|p| !p.trim().is_empty());
    let package = convert(c);
    if has_purl && package.purl.is_none() {
        counts.bad_purls += 1;
    }
    let i = builder.add_package(package);
    if let Some(r) = bom_ref {
        if refs.insert(r, i).is_some_and(|old| old != i) {
            counts.duplicate_refs += 1;
        }
    }
    if let Some(p) = parent {
        builder.add_edge(p, i, DepKind::Normal);
    }
    i
}

/// One component in the model's terms.
fn convert(c: Component) -> Package {
    let parsed = c.purl.as_deref().and_then(purl::parse);
    let name =
        c.name.clone().filter(|n| !n.trim().is_empty()).or_else(|| parsed.as_ref().map(|p| p.name.clone()));
    let name = name.or_else(|| c.bom_ref.clone()).unwrap_or_else(|| "(unnamed)".to_string());
    let version = c.version.clone().filter(|v| !v.is_empty());
    let namespace = parsed.as_ref().and_then(|p| p.namespace.clone()).or_else(|| c.group.clone());
    let ecosystem = parsed.as_ref().map_or_else(|| "generic".to_string(), |p| p.ty.clone());
    let purl_text = parsed.as_ref().and(c.purl.as_deref()).map(|p| p.trim().to_string());
    let id =
        purl_text.clone().unwrap_or_else(|| fallback_id(namespace.as_deref(), &name, version.as_deref()));
    let source = parsed.as_ref().map_or(Source::Unknown, purl::PurlParts::source);
    let mut repository = None;
    let mut homepage = None;
    for r in &c.external_references {
        let Some(url) = r.url.clone().filter(|u| !u.is_empty()) else { continue };
        match r.kind.as_deref() {
            Some("vcs") if repository.is_none() => repository = Some(url),
            Some("website") if homepage.is_none() => homepage = Some(url),
            _ => {}
        }
    }
    let repository = repository.or_else(|| repository::from_references(&c.external_references));
    let mut properties: Vec<(String, String)> =
        c.properties.into_iter().filter_map(|p| Some((p.name?, p.value.unwrap_or_default()))).collect();
    let (license, licensing) = license_text(&c.licenses);
    properties.extend(licensing);
    properties.sort();
    let mut authors: Vec<Party> =
        c.authors.into_iter().map(|a| contact_party(a, PartyKind::Person)).collect();
    if let Some(a) = c.author.filter(|a| !a.trim().is_empty()) {
        authors.push(Party { name: Some(a), ..Party::default() });
    }
    authors.retain(|a| !a.is_empty());
    Package {
        id,
        name,
        version,
        ecosystem,
        namespace,
        purl: purl_text,
        source,
        license,
        authors,
        supplier: c.supplier.map(org_party).filter(|p| !p.is_empty()).map(Box::new),
        manufacturer: c.manufacturer.map(org_party).filter(|p| !p.is_empty()).map(Box::new),
        publisher: c
            .publisher
            .filter(|p| !p.trim().is_empty())
            .map(|name| Box::new(Party { name: Some(name), ..Party::default() })),
        repository,
        homepage,
        description: c.description.filter(|d| !d.trim().is_empty()),
        properties,
        hashes: Vec::new(),
    }
}

/// `group/name@version`, the id of a component without a purl.
pub fn fallback_id(namespace: Option<&str>, name: &str, version: Option<&str>) -> String {
    let mut id = String::new();
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        id.push_str(ns);
        id.push('/');
    }
    id.push_str(name);
    if let Some(v) = version {
        id.push('@');
        id.push_str(v);
    }
    id
}

/// The declared licence as one string, plus licensing properties.
///
/// Several entries are joined with ` OR `: SBOM generators copy them from Maven POMs and npm
/// manifests, where a list of licences means the user may choose any of them.
fn license_text(choices: &[LicenseChoice]) -> (Option<String>, Vec<(String, String)>) {
    let mut parts = Vec::new();
    let mut props = Vec::new();
    for choice in choices {
        if let Some(expr) = choice.expression.as_deref().filter(|e| !e.trim().is_empty()) {
            parts.push(expr.trim().to_string());
        }
        let Some(l) = &choice.license else { continue };
        if let Some(text) = l.id.as_deref().or(l.name.as_deref()).filter(|t| !t.trim().is_empty()) {
            parts.push(text.trim().to_string());
        }
        if let Some(lic) = &l.licensing {
            if !lic.license_types.is_empty() {
                props.push(("cyclonedx:licensing:license-types".to_string(), lic.license_types.join(",")));
            }
            let licensor =
                lic.licensor.as_ref().and_then(|l| l.organization.as_ref().and_then(|o| o.name.clone()));
            if let Some(name) = licensor {
                props.push(("cyclonedx:licensing:licensor".to_string(), name));
            }
        }
    }
    let text = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(parts.iter().map(|p| wrap(p)).collect::<Vec<_>>().join(" OR ")),
    };
    (text, props)
}

/// Parenthesises a compound expression or a free-text name so joining keeps its meaning.
fn wrap(part: &str) -> String {
    if part.contains(' ') {
        format!("({part})")
    } else {
        part.to_string()
    }
}

fn org_party(o: OrgEntity) -> Party {
    let email = o.contact.iter().find_map(|c| c.email.clone()).filter(|e| !e.is_empty());
    Party {
        kind: PartyKind::Organization,
        name: o.name.filter(|n| !n.trim().is_empty()),
        email,
        url: o.url.into_iter().find(|u| !u.is_empty()),
        country: o.address.and_then(|a| a.country).filter(|c| !c.trim().is_empty()),
    }
}

fn contact_party(c: Contact, kind: PartyKind) -> Party {
    Party {
        kind,
        name: c.name.filter(|n| !n.trim().is_empty()),
        email: c.email.filter(|e| !e.trim().is_empty()),
        url: None,
        country: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a JSON document the plain way (every component parsed with the document), so
    /// that only the mapping is under test.
    fn read(text: &str) -> Result<crate::model::Graph, InputError> {
        let bom: Bom = serde_json::from_str(text).unwrap();
        let mut b = GraphBuilder::new(false);
        add_bom("t.json", bom, &mut b, Ok)?;
        Ok(b.finish())
    }

    #[test]
    fn minimal_document_with_graph() {
        let g = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
            "metadata":{"component":{"bom-ref":"app","name":"app","type":"application"}},
            "components":[
              {"bom-ref":"a","name":"a","version":"1","purl":"pkg:npm/a@1",
               "supplier":{"name":"ACME","address":{"country":"DE"}},
               "licenses":[{"license":{"id":"MIT"}},{"license":{"name":"Custom licence"}}]},
              {"bom-ref":"b","name":"b","components":[{"bom-ref":"b1","name":"b1"}]}],
            "dependencies":[{"ref":"app","dependsOn":["a","b"]},{"ref":"a","dependsOn":["missing"]}]}"#,
        )
        .unwrap();
        assert_eq!(g.packages.len(), 4);
        let a = &g.packages[g.index_of("pkg:npm/a@1").unwrap()];
        assert_eq!(a.ecosystem, "npm");
        assert_eq!(a.supplier.as_ref().unwrap().country.as_deref(), Some("DE"));
        assert_eq!(a.license.as_deref(), Some("MIT OR (Custom licence)"));
        assert_eq!(g.roots, vec![g.index_of("app").unwrap()]);
        // app→a, app→b, b→b1 (nesting)
        assert_eq!(g.edges.len(), 3);
        assert!(g.warnings.iter().any(|w| w.contains("1 dependency references")));
    }

    #[test]
    fn flat_document_links_components_to_root() {
        let g = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4",
            "metadata":{"component":{"name":"app"}},
            "components":[{"name":"x"},{"name":"y"}]}"#,
        )
        .unwrap();
        assert_eq!(g.edges.len(), 2);
        assert_eq!(g.warnings.len(), 1);
    }

    #[test]
    fn root_without_entry_is_linked_to_unclaimed_components() {
        let g = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
            "metadata":{"component":{"bom-ref":"app","name":"app"}},
            "components":[{"bom-ref":"x","name":"x"},{"bom-ref":"y","name":"y"}],
            "dependencies":[{"ref":"x","dependsOn":["y"]}]}"#,
        )
        .unwrap();
        // x → y from the document, app → x added; y is x's, so not linked to app.
        assert_eq!(g.edges.len(), 2);
        let app = g.index_of("app").unwrap();
        assert_eq!(g.edges.iter().filter(|e| e.from == app).count(), 1);
    }
}
