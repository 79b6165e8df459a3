//! A CycloneDX [`Bom`], whichever syntax it was read from, into the graph: components and
//! their nesting, the dependency graph, licences and the parties named. Both readers end here,
//! so a document reads the same in JSON and in XML.

use crate::hash::HashMap;

use super::bom::{Bom, Component, Dependency};
use super::convert::{convert_tree, Converted};
use crate::error::InputError;
use crate::model::GraphBuilder;
use crate::model::{DepKind, InputFormat, InputInfo};

/// The spec versions this reader accepts.
pub const SUPPORTED_VERSIONS: &[&str] = &["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

/// From how many dependency entries a document's references are resolved on two threads.
const PARALLEL_FROM: usize = 4096;

/// Checks the version and adds every component and dependency of `bom` to `builder`; `parse`
/// turns each top-level component into a [`Component`].
pub fn add_bom<C: Send>(
    path: &str,
    bom: Bom<'_, C>,
    builder: &mut GraphBuilder,
    parse: impl Fn(C) -> Result<Component, InputError> + Sync,
) -> Result<InputInfo, InputError> {
    let version = check_version(path, bom.spec_version.as_deref())?;
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
            let mut place = Place { refs: &mut refs, counts: &mut counts, builder, level: &mut Vec::new() };
            let i = place.add(convert_tree(component), None);
            place.builder.add_root(i);
            root = Some(i);
            for child in children {
                place.add(convert_tree(child), Some(i));
            }
        }
    }
    let mut place = Place { refs: &mut refs, counts: &mut counts, builder, level: &mut top_level };
    add_components(bom.components, &parse, &mut place)?;

    let resolved = resolve_all(&bom.dependencies, &refs, root);
    counts.dangling += resolved.dangling;
    let root_has_entry = resolved.root_has_entry;
    let mut depended_on = vec![false; builder.len()];
    for (from, to) in resolved.edges {
        builder.add_edge(from, to, DepKind::Normal);
        depended_on[to] = true;
    }
    // A described component without dependencies of its own would leave the whole graph
    // unreachable: it is taken to depend on every top-level component nothing else depends on.
    if let (Some(root), false) = (root, root_has_entry) {
        let orphans: Vec<usize> =
            top_level.iter().copied().filter(|&i| i != root && !depended_on[i]).collect();
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

/// The document's spec version when this reader supports it; the error otherwise.
pub(super) fn check_version(path: &str, version: Option<&str>) -> Result<String, InputError> {
    let version = version.unwrap_or_default();
    if !SUPPORTED_VERSIONS.contains(&version) {
        let shown = if version.is_empty() { "missing".to_string() } else { format!("`{version}`") };
        return Err(InputError::new(
            path,
            format!("unsupported CycloneDX spec version {shown} (supported: 1.2 to 1.7)"),
        ));
    }
    Ok(version.to_string())
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

/// The dependency graph's edges between known components, in order.
#[derive(Default)]
struct Resolved {
    edges: Vec<(usize, usize)>,
    /// References that name no component.
    dangling: usize,
    /// The described component has dependencies listed.
    root_has_entry: bool,
}

/// Resolves `dependencies` by `bom-ref`; a large graph's second half on another thread.
fn resolve_all(dependencies: &[Dependency], refs: &HashMap<String, usize>, root: Option<usize>) -> Resolved {
    if dependencies.len() < PARALLEL_FROM {
        return resolve(dependencies, refs, root);
    }
    let (first, second) = dependencies.split_at(dependencies.len() / 2);
    let (mut all, later) = std::thread::scope(|s| {
        let later = s.spawn(|| resolve(second, refs, root));
        (resolve(first, refs, root), later.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    all.edges.extend(later.edges);
    all.dangling += later.dangling;
    all.root_has_entry |= later.root_has_entry;
    all
}

fn resolve(dependencies: &[Dependency], refs: &HashMap<String, usize>, root: Option<usize>) -> Resolved {
    let mut out = Resolved::default();
    for dep in dependencies {
        let Some(&from) = dep.reference.as_ref().and_then(|r| refs.get(&*r.0)) else {
            out.dangling += 1;
            continue;
        };
        if Some(from) == root && !dep.depends_on.is_empty() {
            out.root_has_entry = true;
        }
        for target in &dep.depends_on {
            match refs.get(&*target.0) {
                Some(&to) => out.edges.push((from, to)),
                None => out.dangling += 1,
            }
        }
    }
    out
}

/// Converts the top-level `components` and adds them in order; a large document's on two
/// threads (`input/chunks.rs`). What is added, and the first error, are the same as one
/// after the other.
fn add_components<C: Send>(
    components: Vec<C>,
    parse: &(impl Fn(C) -> Result<Component, InputError> + Sync),
    place: &mut Place,
) -> Result<(), InputError> {
    // Grown once instead of doubling (each doubling rehashes every bom-ref so far).
    place.builder.reserve(components.len());
    place.refs.reserve(components.len());
    crate::input::chunks::convert_in_order(components, &|c| parse(c).map(convert_tree), |tree| {
        place.add(tree, None);
    })
}

/// Where converted components go: the graph, the `bom-ref` index, the counts warned about,
/// and the indices of the level being added.
struct Place<'a> {
    refs: &'a mut HashMap<String, usize>,
    counts: &'a mut Counts,
    builder: &'a mut GraphBuilder,
    level: &'a mut Vec<usize>,
}

impl Place<'_> {
    /// Adds one converted tree, its top component under `parent`, with an edge from each
    /// parent to its children. Returns the top component's index.
    fn add(&mut self, tree: Vec<Converted>, parent: Option<usize>) -> usize {
        let mut indices: Vec<usize> = Vec::with_capacity(tree.len());
        for node in tree {
            let Converted { package, bom_ref, parent: nested_in, nameless, bad_purl } = node;
            self.counts.nameless += usize::from(nameless);
            self.counts.bad_purls += usize::from(bad_purl);
            let i = self.builder.add_package(package);
            if let Some(r) = bom_ref {
                if self.refs.insert(r, i).is_some_and(|old| old != i) {
                    self.counts.duplicate_refs += 1;
                }
            }
            let from = match nested_in {
                Some(local) => Some(indices[local]),
                None => {
                    self.level.push(i);
                    parent
                }
            };
            if let Some(p) = from {
                self.builder.add_edge(p, i, DepKind::Normal);
            }
            indices.push(i);
        }
        indices.first().copied().unwrap_or_default()
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
