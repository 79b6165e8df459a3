//! Turns the elements of an SPDX 2.x document into the graph as a reader meets them.
//!
//! The JSON and YAML readers deserialise a whole [`Document`] first (serde wants the whole
//! value) and hand it to [`load`]; the tag-value reader hands each package over as soon as
//! the next element begins, so a document of a million lines never exists twice in memory.
//! Relationships are kept until the end, because they may name elements defined after them.

use std::collections::hash_map::Entry;
use std::collections::BTreeSet;

use super::document::{self, Document, SpdxPackage};
use crate::error::InputError;
use crate::hash::HashMap;
use crate::input::spdx::common::{self as common, Problems};
use crate::model::{DepKind, GraphBuilder, InputInfo, Package, PackageIndex};

const EXTERNAL: &str = "relationships into other SPDX documents (DocumentRef-…) ignored";
const DANGLING: &str = "relationships naming elements not in the document ignored";
const NOASSERTION_END: &str = "dependency relationships with a NOASSERTION end ignored";
const DUPLICATE: &str = "duplicate SPDXIDs (the first element kept the id)";

/// One `A TYPE B` relationship, borrowed from wherever the reader keeps it.
pub(super) struct Link<'a> {
    /// A (absent in a malformed JSON document).
    pub(super) from: Option<&'a str>,
    /// The relationship type, any case.
    pub(super) kind: &'a str,
    /// B.
    pub(super) to: Option<&'a str>,
}

/// The packages added so far and the ids of the other elements (files, snippets).
#[derive(Default)]
pub(super) struct Loader {
    packages: HashMap<String, PackageIndex>,
    others: BTreeSet<String>,
    problems: Problems,
}

/// What a relationship end names.
enum End {
    Package(PackageIndex),
    /// A file, a snippet or the document: not a node of the graph, silently.
    Other,
    /// Nothing usable; the problem to count, if any.
    Skip(&'static str),
}

impl Loader {
    /// Adds one package to the graph.
    pub(super) fn package(&mut self, builder: &mut GraphBuilder, p: SpdxPackage) {
        self.add(builder, convert(p));
    }

    /// Adds one converted package to the graph.
    fn add(&mut self, builder: &mut GraphBuilder, converted: Converted) {
        let Converted { id, package, problems } = converted;
        self.problems.merge(problems);
        let index = builder.add_package(package);
        if id.is_empty() {
            return;
        }
        match self.packages.entry(id) {
            Entry::Occupied(_) => self.problems.note(DUPLICATE),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }

    /// Records the id of an element that is not a package (a file, a snippet).
    pub(super) fn other(&mut self, id: &str) {
        self.others.insert(id.trim().to_string());
    }

    /// Adds roots from what the document describes and edges from its relationships, and
    /// reports the problems met. `version` is the document's `spdxVersion`; `doc_id` its own
    /// id (`SPDXRef-DOCUMENT` when it gives none).
    pub(super) fn finish<'a>(
        mut self,
        path: &str,
        builder: &mut GraphBuilder,
        version: Option<&str>,
        doc_id: Option<&str>,
        describes: impl Iterator<Item = &'a str>,
        relationships: impl Iterator<Item = Link<'a>>,
    ) -> Result<InputInfo, InputError> {
        let version = check_version(path, version)?;
        let doc_id = doc_id.map_or("SPDXRef-DOCUMENT", str::trim).to_string();
        self.others.insert(doc_id.clone());
        let Loader { packages, others, mut problems } = self;
        let resolve = |id: Option<&str>| -> End {
            let id = id.map(str::trim).unwrap_or_default();
            if let Some(&i) = packages.get(id) {
                End::Package(i)
            } else if others.contains(id) {
                End::Other
            } else if id.eq_ignore_ascii_case("NONE") {
                End::Skip("")
            } else if id.eq_ignore_ascii_case("NOASSERTION") {
                End::Skip(NOASSERTION_END)
            } else if id.starts_with("DocumentRef-") && id.contains(':') {
                End::Skip(EXTERNAL)
            } else {
                End::Skip(DANGLING)
            }
        };
        for described in describes {
            root(resolve(Some(described)), &mut problems, builder);
        }
        for rel in relationships {
            let ty = rel.kind.trim().to_ascii_uppercase();
            let is_doc = |id: Option<&str>| id.map(str::trim) == Some(doc_id.as_str());
            let (described, edge) = match ty.as_str() {
                "DESCRIBES" if is_doc(rel.from) => (Some(rel.to), None),
                "DESCRIBED_BY" if is_doc(rel.to) => (Some(rel.from), None),
                _ => (None, v2_edge(&ty)),
            };
            if let Some(described) = described {
                root(resolve(described), &mut problems, builder);
            }
            let Some((direction, kind)) = edge else { continue };
            let ends = [resolve(rel.from), resolve(rel.to)];
            if let [End::Package(a), End::Package(b)] = ends {
                match direction {
                    Direction::Forward => builder.add_edge(a, b, kind),
                    Direction::Reverse => builder.add_edge(b, a, kind),
                }
            }
            for end in ends {
                if let End::Skip(problem) = end {
                    note(&mut problems, problem);
                }
            }
        }
        problems.report(path, builder);
        Ok(common::info(path, Some(version)))
    }
}

/// A package made from an SPDX package, before it is added: its SPDXID, and what was wrong.
struct Converted {
    id: String,
    package: Package,
    problems: Problems,
}

/// Makes the model's package of `p`; needs nothing but `p`, so it can run on any thread.
fn convert(p: SpdxPackage) -> Converted {
    let id = document::text(&p.spdx_id).map(str::trim).unwrap_or_default().to_string();
    let mut problems = Problems::default();
    let package = common::build_package(document::facts(p), &mut problems);
    Converted { id, package, problems }
}

/// Adds a 2.x document to the graph: one package per SPDX package, edges from the dependency
/// relationships between packages, roots from what the document describes. `parse` turns
/// each package into an [`SpdxPackage`]; a large document's are parsed and converted on two
/// threads (`input/chunks.rs`), with the same result and the same first error.
pub(super) fn load<P: Send>(
    path: &str,
    doc: Document<P>,
    builder: &mut GraphBuilder,
    parse: impl Fn(P) -> Result<SpdxPackage, InputError> + Sync,
) -> Result<InputInfo, InputError> {
    let version = document::text(&doc.spdx_version);
    // Refused before anything is added, as the tag-value reader refuses at the version line.
    check_version(path, version)?;
    let mut loader = Loader::default();
    builder.reserve(doc.packages.len());
    crate::input::chunks::convert_in_order(doc.packages, &|p| parse(p).map(convert), |c| {
        loader.add(builder, c)
    })?;
    for e in doc.files.iter().chain(&doc.snippets) {
        if let Some(id) = document::text(&e.spdx_id) {
            loader.other(id);
        }
    }
    let relationships = doc.relationships.iter().map(|r| Link {
        from: document::text(&r.spdx_element_id),
        kind: document::text(&r.relationship_type).unwrap_or_default(),
        to: document::text(&r.related_spdx_element),
    });
    let describes = doc.document_describes.iter().map(|t| t.0.as_str());
    loader.finish(path, builder, version, document::text(&doc.spdx_id), describes, relationships)
}

/// The document's version, trimmed, when it is a 2.x one; the error otherwise.
pub(super) fn check_version(path: &str, version: Option<&str>) -> Result<String, InputError> {
    let version = version.map(str::trim).unwrap_or_default();
    if !version.starts_with("SPDX-2.") {
        return Err(common::unsupported_version(path, version));
    }
    Ok(version.to_string())
}

/// Which way an SPDX 2.x relationship points relative to "depends on".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// `A REL B` means A depends on B.
    Forward,
    /// `A REL B` means B depends on A.
    Reverse,
}

/// The dependency an SPDX 2.x relationship type stands for; `None` for the others
/// (`GENERATED_FROM`, `DESCRIBES`, `COPY_OF`, …), which make no edge.
fn v2_edge(relationship: &str) -> Option<(Direction, DepKind)> {
    use Direction::{Forward, Reverse};
    Some(match relationship.trim().to_ascii_uppercase().as_str() {
        "DEPENDS_ON" | "CONTAINS" | "STATIC_LINK" | "DYNAMIC_LINK" => (Forward, DepKind::Normal),
        "DEPENDENCY_OF"
        | "CONTAINED_BY"
        | "RUNTIME_DEPENDENCY_OF"
        | "OPTIONAL_DEPENDENCY_OF"
        | "PROVIDED_DEPENDENCY_OF" => (Reverse, DepKind::Normal),
        "BUILD_DEPENDENCY_OF" | "BUILD_TOOL_OF" => (Reverse, DepKind::Build),
        "DEV_DEPENDENCY_OF" | "TEST_DEPENDENCY_OF" | "DEV_TOOL_OF" | "TEST_TOOL_OF" => {
            (Reverse, DepKind::Dev)
        }
        _ => return None,
    })
}

/// Makes what a described end names a root.
fn root(end: End, problems: &mut Problems, builder: &mut GraphBuilder) {
    match end {
        End::Package(i) => builder.add_root(i),
        End::Other => {}
        End::Skip(kind) => note(problems, kind),
    }
}

fn note(problems: &mut Problems, kind: &'static str) {
    if !kind.is_empty() {
        problems.note(kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Graph;

    /// Loads a document deserialised from JSON (as the JSON reader does).
    fn try_read(json: &str, b: &mut GraphBuilder) -> Result<InputInfo, InputError> {
        let doc: Document = serde_json::from_str(json).unwrap();
        load("t.json", doc, b, Ok)
    }

    fn read(json: &str) -> Graph {
        let mut b = GraphBuilder::new(true);
        try_read(json, &mut b).unwrap();
        b.finish()
    }

    fn edges(g: &Graph) -> Vec<(String, String, DepKind)> {
        g.edges.iter().map(|e| (g.packages[e.from].id.clone(), g.packages[e.to].id.clone(), e.kind)).collect()
    }

    fn doc(relationships: &str) -> String {
        let pkgs: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .map(|n| {
                format!(r#"{{"SPDXID": "SPDXRef-{n}", "name": "{n}", "downloadLocation": "NOASSERTION"}}"#)
            })
            .collect();
        format!(
            r#"{{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [{}],
               "files": [{{"SPDXID": "SPDXRef-f"}}], "relationships": [{relationships}]}}"#,
            pkgs.join(",")
        )
    }

    fn rel(a: &str, ty: &str, b: &str) -> String {
        format!(r#"{{"spdxElementId": "{a}", "relationshipType": "{ty}", "relatedSpdxElement": "{b}"}}"#)
    }

    #[test]
    fn relationship_directions_and_kinds() {
        let rels = [
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b"),
            rel("SPDXRef-c", "DEPENDENCY_OF", "SPDXRef-a"),
            rel("SPDXRef-d", "BUILD_DEPENDENCY_OF", "SPDXRef-b"),
            rel("SPDXRef-d", "TEST_DEPENDENCY_OF", "SPDXRef-c"),
            rel("SPDXRef-b", "CONTAINED_BY", "SPDXRef-c"),
            rel("SPDXRef-a", "STATIC_LINK", "SPDXRef-d"),
            rel("SPDXRef-a", "GENERATED_FROM", "SPDXRef-c"),
        ];
        let g = read(&doc(&rels.join(",")));
        let e = |a: &str, b: &str, k| (a.to_string(), b.to_string(), k);
        assert_eq!(
            edges(&g),
            vec![
                e("a", "b", DepKind::Normal),
                e("a", "c", DepKind::Normal),
                e("a", "d", DepKind::Normal),
                e("b", "d", DepKind::Build),
                e("c", "b", DepKind::Normal),
                e("c", "d", DepKind::Dev),
            ]
        );
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn describes_makes_roots_and_files_are_ignored() {
        let rels = [
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-b"),
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-f"),
            rel("SPDXRef-f", "DEPENDS_ON", "SPDXRef-a"),
            rel("SPDXRef-c", "DESCRIBED_BY", "SPDXRef-DOCUMENT"),
        ];
        let g = read(&doc(&rels.join(",")));
        let roots: Vec<&str> = g.roots.iter().map(|&r| g.packages[r].id.as_str()).collect();
        assert_eq!(roots, ["b", "c"]);
        assert!(g.edges.is_empty());
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn dangling_external_and_noassertion_warn_once_per_kind() {
        let rels = [
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-missing"),
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-gone"),
            rel("SPDXRef-a", "DEPENDS_ON", "DocumentRef-other:SPDXRef-x"),
            rel("SPDXRef-a", "DEPENDS_ON", "NOASSERTION"),
            rel("SPDXRef-a", "DEPENDS_ON", "NONE"),
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b"),
        ];
        let g = read(&doc(&rels.join(",")));
        assert_eq!(g.edges.len(), 1);
        assert_eq!(
            g.warnings,
            vec![
                format!("t.json: {NOASSERTION_END}: 1"),
                format!("t.json: {EXTERNAL}: 1"),
                format!("t.json: {DANGLING}: 2"),
            ]
        );
    }

    #[test]
    fn duplicate_spdx_ids_warn_and_keep_the_first() {
        let json = r#"{"spdxVersion": "SPDX-2.2", "packages": [
            {"SPDXID": "SPDXRef-x", "name": "first"}, {"SPDXID": "SPDXRef-x", "name": "second"},
            {"SPDXID": "SPDXRef-y", "name": "y"}],
            "relationships": [{"spdxElementId": "SPDXRef-x", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-y"}]}"#;
        let g = read(json);
        assert_eq!(g.packages.len(), 3);
        assert_eq!(edges(&g), vec![("first".into(), "y".into(), DepKind::Normal)]);
        assert_eq!(g.warnings, vec![format!("t.json: {DUPLICATE}: 1")]);
    }

    #[test]
    fn package_fields() {
        let json = r#"{"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-p", "name": "widget",
            "versionInfo": "1.0", "supplier": "Organization: ACME Inc. (contact@acme.example)",
            "originator": "NOASSERTION", "licenseDeclared": "NOASSERTION", "licenseConcluded": "NONE",
            "downloadLocation": "git+https://github.com/acme/widget.git@v1.0", "summary": "A widget.",
            "homepage": "NONE"}]}"#;
        let g = read(json);
        let p = &g.packages[0];
        assert_eq!(p.id, "widget@1.0");
        assert_eq!(p.license.as_deref(), Some("NONE"));
        assert_eq!(p.supplier.as_ref().and_then(|s| s.email.as_deref()), Some("contact@acme.example"));
        assert_eq!(p.manufacturer, None);
        assert_eq!(p.repository.as_deref(), Some("https://github.com/acme/widget"));
        assert_eq!(
            p.source,
            crate::model::Source::Git {
                url: "https://github.com/acme/widget.git".into(),
                rev: Some("v1.0".into())
            }
        );
        assert_eq!((p.description.as_deref(), p.homepage.as_deref()), (Some("A widget."), None));
    }

    #[test]
    fn unsupported_versions_are_errors() {
        let mut b = GraphBuilder::new(false);
        for v in [r#""SPDX-1.2""#, r#""3.0""#, "null"] {
            let err = try_read(&format!(r#"{{"spdxVersion": {v}}}"#), &mut b).unwrap_err();
            assert!(err.message.starts_with("unsupported SPDX version"), "{err}");
        }
    }

    #[test]
    fn maps_v2_relationships() {
        use Direction::{Forward, Reverse};
        assert_eq!(v2_edge("DEPENDS_ON"), Some((Forward, DepKind::Normal)));
        assert_eq!(v2_edge("DEPENDENCY_OF"), Some((Reverse, DepKind::Normal)));
        assert_eq!(v2_edge("CONTAINS"), Some((Forward, DepKind::Normal)));
        assert_eq!(v2_edge("CONTAINED_BY"), Some((Reverse, DepKind::Normal)));
        assert_eq!(v2_edge("BUILD_DEPENDENCY_OF"), Some((Reverse, DepKind::Build)));
        assert_eq!(v2_edge("BUILD_TOOL_OF"), Some((Reverse, DepKind::Build)));
        assert_eq!(v2_edge("DEV_DEPENDENCY_OF"), Some((Reverse, DepKind::Dev)));
        assert_eq!(v2_edge("TEST_DEPENDENCY_OF"), Some((Reverse, DepKind::Dev)));
        assert_eq!(v2_edge("DEV_TOOL_OF"), Some((Reverse, DepKind::Dev)));
        assert_eq!(v2_edge("RUNTIME_DEPENDENCY_OF"), Some((Reverse, DepKind::Normal)));
        assert_eq!(v2_edge("OPTIONAL_DEPENDENCY_OF"), Some((Reverse, DepKind::Normal)));
        assert_eq!(v2_edge("PROVIDED_DEPENDENCY_OF"), Some((Reverse, DepKind::Normal)));
        assert_eq!(v2_edge("STATIC_LINK"), Some((Forward, DepKind::Normal)));
        assert_eq!(v2_edge("dynamic_link"), Some((Forward, DepKind::Normal)));
        assert_eq!(v2_edge("GENERATED_FROM"), None);
        assert_eq!(v2_edge("DESCRIBES"), None);
    }
}
