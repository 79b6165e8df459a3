//! Packages a project declares rather than an input describes (the `[[model]]`s of
//! `sovereign.toml`: a model a service downloads at run time, a hosted model API it calls),
//! added to a graph already read as dependencies of its roots.

use super::builder::GraphBuilder;
use super::graph::{DepKind, Graph};
use super::package::Package;

impl Graph {
    /// This graph with `declared` added as direct dependencies of every root (a declared
    /// package already in the graph, by id, gets the edges and keeps what the input said of
    /// it, filled in by the declaration). The graph is rebuilt through the [`GraphBuilder`],
    /// so its invariants hold: sorted ids, no duplicate edge.
    pub fn with_root_dependencies(self, declared: Vec<Package>) -> Graph {
        if declared.is_empty() {
            return self;
        }
        let Graph { packages, edges, roots, inputs, warnings } = self;
        let mut builder = GraphBuilder::new(true);
        builder.reserve(packages.len() + declared.len());
        for p in packages {
            builder.add_package(p);
        }
        for e in edges {
            builder.add_edge(e.from, e.to, e.kind);
        }
        for info in inputs {
            builder.add_input(info);
        }
        for w in warnings {
            builder.warn(w);
        }
        let added: Vec<usize> = declared.into_iter().map(|p| builder.add_package(p)).collect();
        for &root in &roots {
            builder.add_root(root);
            for &to in &added {
                builder.add_edge(root, to, DepKind::Normal);
            }
        }
        if roots.is_empty() {
            for &to in &added {
                builder.add_root(to);
            }
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PackageKind;

    fn package(id: &str) -> Package {
        Package { id: id.into(), name: id.into(), ecosystem: "cargo".into(), ..Package::default() }
    }

    #[test]
    fn declared_packages_depend_from_every_root() {
        let mut b = GraphBuilder::new(false);
        let app = b.add_package(package("app"));
        let lib = b.add_package(package("lib"));
        b.add_edge(app, lib, DepKind::Normal);
        b.add_root(app);
        let model = Package {
            id: "pkg:huggingface/mistralai/Mistral-7B-v0.1".into(),
            name: "Mistral-7B-v0.1".into(),
            kind: PackageKind::Model,
            ..Package::default()
        };
        let g = b.finish().with_root_dependencies(vec![model]);
        let ids: Vec<&str> = g.packages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["app", "lib", "pkg:huggingface/mistralai/Mistral-7B-v0.1"]);
        assert_eq!(g.roots, [0]);
        let edges: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(edges, [(0, 1), (0, 2)]);
        assert_eq!(g.packages[2].kind, PackageKind::Model);
    }

    #[test]
    fn nothing_declared_leaves_the_graph_as_it_was() {
        let mut b = GraphBuilder::new(false);
        let app = b.add_package(package("app"));
        b.add_root(app);
        let g = b.finish();
        assert_eq!(g.clone().with_root_dependencies(Vec::new()), g);
    }
}
