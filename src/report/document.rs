//! The report document: what every output format renders.
//!
//! The JSON report writes it in its own shape ([`crate::report::json`]: shared facts written
//! once, absent fields left out); these types still read reports of `schema_version` 1, which
//! were this document as it is. Packages are sorted by id and every list is sorted, so the
//! same input gives the same bytes. Later stages fill `origin`, `vendor`, `graph` and
//! `findings`; until they run those are `None` or empty.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::enrich::PackageFacts;
use crate::model::{
    Checksum, Graph, GraphFigures, Hosting, InputInfo, Origin, Owner, Party, Source, VendorInfo,
};
use crate::policy::finding::Finding;

/// The version of the JSON document's shape. Bumped only on incompatible changes: 2 writes
/// shared origins, hosting and vendor facts once and leaves absent fields out (see
/// `docs/report.schema.json`); 1 wrote every package's facts in full, with `null`s.
pub const SCHEMA_VERSION: u32 = 2;

/// The whole report.
#[derive(Debug, Clone, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Which program wrote it.
    pub tool: Tool,
    /// The documents read.
    pub inputs: Vec<InputInfo>,
    /// Every package, sorted by id.
    pub packages: Vec<PackageReport>,
    /// Findings, sorted by severity, code, package.
    pub findings: Vec<Finding>,
    /// Figures over the whole graph.
    pub summary: Summary,
}

/// The program that wrote a report.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    /// `cargo-sovereign`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

// The larger optional parts are behind pointers to keep the package list of a large graph
// small (an absent one costs a pointer, not the whole structure); origins, hosting and vendor
// facts are shared between the packages that have the same ones.
/// One package as reported.
#[derive(Debug, Clone, Deserialize)]
pub struct PackageReport {
    /// Stable id (see [`crate::model::Package::id`]).
    pub id: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
    /// Ecosystem (purl type).
    pub ecosystem: String,
    /// What it is: library (the default), model or dataset.
    #[serde(default)]
    pub kind: crate::model::PackageKind,
    /// Namespace (Maven group, npm scope).
    pub namespace: Option<Box<String>>,
    /// Package URL.
    pub purl: Option<String>,
    /// Ids of its direct dependencies, sorted.
    pub dependencies: Vec<String>,
    /// True for the graph's roots (workspace members, the SBOM's described component).
    pub root: bool,
    /// Where it is fetched from.
    pub source: Source,
    /// Licence facts.
    pub license: Box<LicenseReport>,
    /// Who controls it and from where; `None` until attribution has run.
    pub origin: Option<Arc<Origin>>,
    /// Where its code and releases are hosted; `None` until attribution has run.
    pub hosting: Option<Arc<Hosting>>,
    /// The proprietary service it is a client of; `None` when none.
    pub vendor: Option<Arc<VendorInfo>>,
    /// Who may publish it, as its registry lists them (users and teams); absent unless online
    /// enrichment (or its cache) answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Box<Vec<Owner>>>,
    /// Graph figures; `None` until analysis has run.
    pub graph: Option<GraphFigures>,
    /// Authors as the input names them.
    pub authors: Vec<Party>,
    /// Supplier as the input names it.
    pub supplier: Option<Box<Party>>,
    /// Manufacturer as the input names it.
    pub manufacturer: Option<Box<Party>>,
    /// Publisher as the input names it.
    pub publisher: Option<Box<Party>>,
    /// Source repository.
    pub repository: Option<String>,
    /// Home page.
    pub homepage: Option<Box<String>>,
    /// Description.
    pub description: Option<Box<String>>,
    /// Checksums of its archive as the input gives them (Cargo.lock: SHA-256); not part of
    /// the JSON report, written in the CycloneDX (and SPDX) outputs.
    #[serde(default)]
    pub hashes: Vec<Checksum>,
}

// A package report is no larger than the graph package it is made from, so that
// `Report::from_graph_owned` writes the reports over the packages' own buffer instead of
// holding both lists at once (a large graph's package list is tens of megabytes). Parts
// that are often absent or always small are boxed to keep it so.
const _: () = assert!(
    std::mem::size_of::<PackageReport>() <= std::mem::size_of::<crate::model::Package>()
        && std::mem::align_of::<PackageReport>() == std::mem::align_of::<crate::model::Package>()
);

/// Licence facts about a package.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenseReport {
    /// The licence exactly as declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// The declared licence as a normalised SPDX expression, when it parses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// The licence category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Figures over the whole graph.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Number of packages, roots included.
    pub packages: usize,
    /// Number of dependency edges.
    pub edges: usize,
    /// Ids of the roots.
    pub roots: Vec<String>,
    /// Packages per ecosystem.
    pub ecosystems: BTreeMap<String, usize>,
    /// Packages per declared licence string (`(none)` when absent).
    pub declared_licenses: BTreeMap<String, usize>,
    /// Dependencies (roots excluded) per licence category.
    pub license_categories: BTreeMap<String, usize>,
    /// Packages that are not roots: the dependencies audited.
    pub dependencies: usize,
    /// Dependencies per jurisdiction class (`trusted`, `untrusted`, `unknown`).
    pub jurisdictions: BTreeMap<String, usize>,
    /// Dependencies per controlling country (`(unknown)` when none is known).
    pub control_countries: BTreeMap<String, usize>,
    /// The entities controlling the most dependencies, largest first (at most 10).
    pub top_entities: Vec<EntityShare>,
    /// Herfindahl–Hirschman indices (0–10,000) over entities and controlling countries;
    /// unattributed packages are left out of the sum.
    pub concentration: Concentration,
    /// Dependencies that are vendor lock-ins, per vendor.
    pub vendors: BTreeMap<String, usize>,
    /// Dependencies that bind to an operating system, per platform (`Microsoft Windows`):
    /// not lock-in, and not counted in `vendors`.
    #[serde(default)] // absent from reports of earlier versions
    pub platforms: BTreeMap<String, usize>,
    /// Critical dependencies (direct, or above the thresholds).
    pub critical: usize,
    /// Share of critical dependencies controlled from untrusted jurisdictions.
    pub untrusted_critical_share: f64,
    /// Findings per severity.
    pub findings: BTreeMap<String, usize>,
    /// Findings suppressed by exceptions.
    pub suppressed_findings: usize,
    /// The sovereignty score, 0–100: 100 less what the graph's real risks cost
    /// ([`crate::report::score`], formula in the README).
    pub score: u32,
    /// The score's grade: `A` (90–100), `B` (75–89), `C` (60–74), `D` (40–59), `E` (0–39);
    /// never better than `C` when there are error findings.
    #[serde(default)] // absent from reports of earlier versions
    pub grade: String,
    /// What the score is made of.
    #[serde(default)] // absent from reports of earlier versions
    pub score_parts: ScoreParts,
    /// How much of the graph the answers cover: unknowns are unassessed, not risk.
    #[serde(default)] // absent from reports of earlier versions
    pub coverage: Coverage,
    /// The elephant factor (CHAOSS): the fewest controlling entities (organisations,
    /// communities, people) that together control half of the dependencies whose controller
    /// is known; absent when none is known.
    #[serde(default, skip_serializing_if = "Option::is_none")] // absent from reports of earlier versions
    pub elephant_factor: Option<usize>,
    /// Packages left out of the audit because only dependencies for platforms outside the
    /// targets reach them (over all inputs).
    #[serde(default)] // absent from reports of earlier versions
    pub other_platforms: usize,
    /// Problems met while reading that did not stop the run.
    pub warnings: Vec<String>,
}

/// The parts of the score: each costs points (see [`crate::report::score`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreParts {
    /// Entities outside the trusted jurisdictions controlling critical dependencies (on strong
    /// evidence; platform bindings left out): 10 points each, at most 40.
    pub untrusted_critical_entities: usize,
    /// Proprietary services the graph is a client of (vendor lock-in, platforms left out):
    /// 5 points each, at most 20.
    pub vendor_services: usize,
    /// Dependencies under a proprietary, source-available or non-commercial licence: 10 points
    /// each, at most 30.
    pub restricted_licenses: usize,
    /// Share of the dependencies (platform bindings left out) controlled from outside the
    /// trusted jurisdictions on strong evidence: up to 20 points.
    pub untrusted_share: f64,
    /// Whether error findings held the score at 74 (grade C).
    pub capped_by_errors: bool,
}

/// How much of the graph the answers cover.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coverage {
    /// Share of the dependencies with an answer to who controls them (an organisation, a
    /// community, a person).
    pub attributed: f64,
    /// Share of the dependencies whose licence could be classified.
    pub licensed: f64,
}

/// One entity's share of the dependencies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EntityShare {
    /// Display name.
    pub entity: String,
    /// Controlling country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_country: Option<String>,
    /// Number of dependencies it controls.
    pub packages: usize,
    /// Share of all dependencies.
    pub share: f64,
}

/// Concentration indices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Concentration {
    /// Over controlling entities.
    pub entity_hhi: f64,
    /// Over controlling countries.
    pub country_hhi: f64,
}

impl Report {
    /// Adds graph figures (indexed like the packages); [`crate::report::summary::fill`] then
    /// works out the figures over the whole graph.
    pub fn add_figures(&mut self, figures: &[GraphFigures]) {
        for (p, g) in self.packages.iter_mut().zip(figures) {
            p.graph = Some(*g);
        }
    }

    /// Sets the findings and counts them per severity.
    pub fn set_findings(&mut self, findings: Vec<Finding>, suppressed: usize) {
        let mut counts = BTreeMap::new();
        for f in &findings {
            *counts.entry(f.severity.as_str().to_string()).or_insert(0) += 1;
        }
        self.summary.findings = counts;
        self.summary.suppressed_findings = suppressed;
        self.findings = findings;
    }

    /// Adds what enrichment learned (`facts` indexed like the graph's packages), moving it
    /// into the report rather than copying it.
    pub fn add_facts(&mut self, facts: Vec<PackageFacts>) {
        let mut categories = BTreeMap::new();
        for (p, f) in self.packages.iter_mut().zip(facts) {
            p.license.expression = f.license.expression;
            p.license.category = Some(f.license.category.as_str().to_string());
            if !p.root {
                *categories.entry(f.license.category.as_str().to_string()).or_insert(0) += 1;
            }
            p.origin = f.origin;
            p.hosting = f.hosting;
            p.vendor = f.vendor;
            p.owners = f.owners.map(Box::new);
        }
        self.summary.license_categories = categories;
    }

    /// The report of a graph before enrichment: identities, licences as declared, structure.
    pub fn from_graph(graph: &Graph) -> Report {
        Report::from_graph_owned(graph.clone())
    }

    /// [`Report::from_graph`] taking the graph, whose strings move into the report instead of
    /// being copied (for callers that need only the report afterwards).
    pub fn from_graph_owned(graph: Graph) -> Report {
        let dependencies = Report::dependency_lists(&graph);
        Report::from_graph_with(graph, dependencies)
    }

    /// Each package's dependencies by id, sorted and without repeats, as the report lists
    /// them; worked out from a borrowed graph, so that it can be done beside other work.
    pub fn dependency_lists(graph: &Graph) -> Vec<Vec<String>> {
        let mut deps: Vec<Vec<String>> = vec![Vec::new(); graph.packages.len()];
        for e in &graph.edges {
            if let (Some(list), Some(to)) = (deps.get_mut(e.from), graph.packages.get(e.to)) {
                list.push(to.id.clone());
            }
        }
        for list in &mut deps {
            list.sort_unstable();
            list.dedup();
        }
        deps
    }

    /// [`Report::from_graph_owned`] with the graph's [`Report::dependency_lists`].
    pub fn from_graph_with(graph: Graph, mut deps: Vec<Vec<String>>) -> Report {
        let Graph { packages: graph_packages, edges, roots, inputs, warnings } = graph;
        deps.resize_with(graph_packages.len(), Vec::new);
        let mut is_root = vec![false; graph_packages.len()];
        for &r in &roots {
            if let Some(slot) = is_root.get_mut(r) {
                *slot = true;
            }
        }
        let mut ecosystems = BTreeMap::new();
        let mut declared_licenses = BTreeMap::new();
        for p in &graph_packages {
            if let Some(n) = ecosystems.get_mut(&p.ecosystem) {
                *n += 1;
            } else {
                ecosystems.insert(p.ecosystem.clone(), 1);
            }
            let key = p.license.as_deref().unwrap_or("(none)");
            if let Some(n) = declared_licenses.get_mut(key) {
                *n += 1;
            } else {
                declared_licenses.insert(key.to_string(), 1);
            }
        }
        let root_ids = roots.iter().filter_map(|&r| graph_packages.get(r)).map(|p| p.id.clone()).collect();
        // `enumerate` and `map` keep the standard library's in-place collection: the reports
        // are written over the packages' buffer (see the size assertion above).
        let packages: Vec<PackageReport> = graph_packages
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let dependencies = std::mem::take(&mut deps[i]);
                PackageReport {
                    id: p.id,
                    name: p.name,
                    version: p.version,
                    ecosystem: p.ecosystem,
                    kind: p.kind,
                    namespace: p.namespace.map(Box::new),
                    purl: p.purl,
                    dependencies,
                    root: is_root[i],
                    source: p.source,
                    license: Box::new(LicenseReport {
                        declared: p.license,
                        expression: None,
                        category: None,
                    }),
                    origin: None,
                    hosting: None,
                    vendor: None,
                    owners: None,
                    graph: None,
                    authors: p.authors,
                    supplier: p.supplier,
                    manufacturer: p.manufacturer,
                    publisher: p.publisher,
                    repository: p.repository,
                    homepage: p.homepage.map(Box::new),
                    description: p.description.map(Box::new),
                    hashes: p.hashes,
                }
            })
            .collect();
        let summary = Summary {
            packages: packages.len(),
            edges: edges.len(),
            roots: root_ids,
            ecosystems,
            declared_licenses,
            license_categories: BTreeMap::new(),
            warnings,
            ..Summary::default()
        };
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            inputs,
            packages,
            findings: Vec::new(),
            summary,
        }
    }
}
