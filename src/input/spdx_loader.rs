//! Turns the elements of an SPDX 2.x document into the graph as a reader meets them.
//!
//! The JSON and YAML readers deserialise a whole [`Document`](super::spdx::Document) first
//! (serde wants the whole value); the tag-value reader hands each package over as soon as
//! the next element begins, so a document of a million lines never exists twice in memory.
//! Relationships are kept until the end, because they may name elements defined after them.

use std::collections::hash_map::Entry;
use std::collections::BTreeSet;

use crate::error::InputError;
use crate::hash::HashMap;
use crate::input::spdx::{self, SpdxPackage};
use crate::input::spdx_common::{self as common, Direction, Problems};
use crate::model::{GraphBuilder, InputInfo, PackageIndex};

pub(crate) const EXTERNAL: &str = "relationships into other SPDX documents (DocumentRef-…) ignored";
pub(crate) const DANGLING: &str = "relationships naming elements not in the document ignored";
pub(crate) const NOASSERTION_END: &str = "dependency relationships with a NOASSERTION end ignored";
pub(crate) const DUPLICATE: &str = "duplicate SPDXIDs (the first element kept the id)";

/// One `A TYPE B` relationship, borrowed from wherever the reader keeps it.
pub(crate) struct Link<'a> {
    /// A (absent in a malformed JSON document).
    pub(crate) from: Option<&'a str>,
    /// The relationship type, any case.
    pub(crate) kind: &'a str,
    /// B.
    pub(crate) to: Option<&'a str>,
}

/// The packages added so far and the ids of the other elements (files, snippets).
#[derive(Default)]
pub(crate) struct Loader {
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
    pub(crate) fn package(&mut self, builder: &mut GraphBuilder, p: SpdxPackage) {
        let id = spdx::text(&p.spdx_id).map(str::trim).unwrap_or_default().to_string();
        let index = builder.add_package(common::build_package(spdx::facts(p), &mut self.problems));
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
    pub(crate) fn other(&mut self, id: &str) {
        self.others.insert(id.trim().to_string());
    }

    /// Adds roots from what the document describes and edges from its relationships, and
    /// reports the problems met. `version` is the document's `spdxVersion`; `doc_id` its own
    /// id (`SPDXRef-DOCUMENT` when it gives none).
    pub(crate) fn finish<'a>(
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
                _ => (None, common::v2_edge(&ty)),
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

/// The document's version, trimmed, when it is a 2.x one; the error otherwise.
pub(crate) fn check_version(path: &str, version: Option<&str>) -> Result<String, InputError> {
    let version = version.map(str::trim).unwrap_or_default();
    if !version.starts_with("SPDX-2.") {
        return Err(common::unsupported_version(path, version));
    }
    Ok(version.to_string())
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
