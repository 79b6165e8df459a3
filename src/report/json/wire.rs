//! The JSON report's shape (`schema_version` 2), from which `docs/report.schema.json` is
//! generated.
//!
//! Three facts are shared by many packages: who controls them (`origin`, with its evidence
//! rows), where they are hosted (`hosting`) and the proprietary service they are clients of
//! (`vendor`). A 100,000-package graph has about a thousand distinct origins and a handful of
//! hosting facts, so each distinct one is written once, in a top-level list, and a package
//! names it by its place in that list. A field with nothing to say (`null`, an empty list,
//! `root: false`) is left out. The same types read a report back ([`super::read`]).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize, Serializer};

use crate::model::{GraphFigures, Hosting, InputInfo, Origin, Owner, PackageKind, Party, Source, VendorInfo};
use crate::policy::code::{Code, Severity};
use crate::policy::finding::Finding;
use crate::report::document::{LicenseReport, PackageReport, Summary, Tool};
use crate::report::Report;

/// The whole JSON report, `schema_version` 2.
///
/// Changed from version 1, with the same meaning: each distinct origin, hosting fact and
/// vendor is written once, in `origins`, `hosting` and `vendors`, and a package's `origin`,
/// `hosting` and `vendor` are places (from 0) in those lists instead of the objects; a field
/// with nothing to say is absent instead of `null` (and `dependencies` and `authors` when
/// empty, `root` when false); the document is written on one line unless `--pretty` is given.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Report")]
pub struct Document<'a> {
    /// The version of this shape: 2. Readers should check it; version 1 had the facts inline.
    pub schema_version: u32,
    /// Which program wrote it.
    pub tool: Cow<'a, Tool>,
    /// The documents read.
    pub inputs: Cow<'a, [InputInfo]>,
    /// Who controls the packages: each distinct origin once, in the order of the first
    /// package that has it; a package's `origin` is a place in this list.
    #[serde(default)]
    pub origins: Vec<Cow<'a, Origin>>,
    /// Where the packages are hosted: each distinct hosting fact once; a package's `hosting`
    /// is a place in this list.
    #[serde(default)]
    pub hosting: Vec<Cow<'a, Hosting>>,
    /// The proprietary services the packages are clients of: each once; a package's `vendor`
    /// is a place in this list.
    #[serde(default)]
    pub vendors: Vec<Cow<'a, VendorInfo>>,
    /// Every package, sorted by id.
    pub packages: Vec<PackageEntry<'a>>,
    /// Findings, sorted by severity, code, package.
    pub findings: Vec<FindingEntry<'a>>,
    /// Figures over the whole graph.
    pub summary: Cow<'a, Summary>,
}

/// One package.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PackageReport")]
pub struct PackageEntry<'a> {
    /// Stable id: the package URL when the input gives one, else `name@version`.
    pub id: Cow<'a, str>,
    /// Name.
    pub name: Cow<'a, str>,
    /// Version; absent when the input gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Cow<'a, str>>,
    /// Ecosystem (purl type).
    pub ecosystem: Cow<'a, str>,
    /// What it is: `model` (a machine-learning model, its weights or a hosted API) or
    /// `dataset`; absent for software (`library`), the default.
    #[serde(default, skip_serializing_if = "PackageKind::is_library")]
    pub kind: PackageKind,
    /// Namespace (Maven group, npm scope); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Cow<'a, str>>,
    /// Package URL; absent when the input gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<Cow<'a, str>>,
    /// Ids of its direct dependencies, sorted; absent when it has none.
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    pub dependencies: Cow<'a, [String]>,
    /// True for the graph's roots (workspace members, the SBOM's described component);
    /// absent for every other package.
    #[serde(default, skip_serializing_if = "is_false")]
    pub root: bool,
    /// Where it is fetched from.
    pub source: Cow<'a, Source>,
    /// Licence facts.
    pub license: Cow<'a, LicenseReport>,
    /// Who controls it and from where: a place in the top-level `origins`; absent until
    /// attribution has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<u32>,
    /// Where its code and releases are hosted: a place in the top-level `hosting`; absent
    /// when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting: Option<u32>,
    /// The proprietary service it is a client of: a place in the top-level `vendors`; absent
    /// when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<u32>,
    /// Who may publish it, as its registry lists them (users and teams); absent unless online
    /// enrichment (or its cache) answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Cow<'a, [Owner]>>,
    /// Graph figures; absent until analysis has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<GraphFigures>,
    /// Authors as the input names them; absent when none.
    #[serde(default, skip_serializing_if = "<[Party]>::is_empty")]
    pub authors: Cow<'a, [Party]>,
    /// Supplier as the input names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Cow<'a, Party>>,
    /// Manufacturer as the input names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<Cow<'a, Party>>,
    /// Publisher as the input names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Cow<'a, Party>>,
    /// Source repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Cow<'a, str>>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<Cow<'a, str>>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Cow<'a, str>>,
}

/// One finding.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Finding")]
pub struct FindingEntry<'a> {
    /// Stable kebab-case code.
    #[schemars(with = "String")]
    pub code: Code,
    /// `error`, `warning` or `note`.
    #[schemars(with = "String")]
    pub severity: Severity,
    /// The package concerned, by id; absent for a finding about the whole graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<Cow<'a, str>>,
    /// One sentence in plain words.
    pub message: Cow<'a, str>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A list of distinct facts, each written once: packages sharing a fact in memory share its
/// place at once, and equal facts held apart are found by their JSON text, so the list does
/// not depend on how memory was shared.
struct Table<'a, T: Clone> {
    by_address: HashMap<usize, u32>,
    by_text: HashMap<String, u32>,
    items: Vec<Cow<'a, T>>,
}

impl<'a, T: Serialize + Clone> Table<'a, T> {
    fn new() -> Self {
        Table { by_address: HashMap::new(), by_text: HashMap::new(), items: Vec::new() }
    }

    /// The place of `item` in the list, adding it when it is new.
    fn place(&mut self, item: &'a T) -> u32 {
        let address = item as *const T as usize;
        if let Some(&i) = self.by_address.get(&address) {
            return i;
        }
        let text = serde_json::to_string(item).unwrap_or_default();
        let next = self.items.len() as u32;
        let i = *self.by_text.entry(text).or_insert(next);
        if i == next {
            self.items.push(Cow::Borrowed(item));
        }
        self.by_address.insert(address, i);
        i
    }
}

/// The report as written: the tables built, the packages and findings turned into their
/// entries one at a time while they are written (a large graph's list is not copied).
#[derive(Serialize)]
pub struct Written<'a> {
    pub(super) schema_version: u32,
    pub(super) tool: &'a Tool,
    pub(super) inputs: &'a [InputInfo],
    pub(super) origins: Vec<Cow<'a, Origin>>,
    pub(super) hosting: Vec<Cow<'a, Hosting>>,
    pub(super) vendors: Vec<Cow<'a, VendorInfo>>,
    #[serde(serialize_with = "packages")]
    pub(super) packages: (&'a [PackageReport], Vec<[Option<u32>; 3]>),
    #[serde(serialize_with = "findings")]
    pub(super) findings: &'a [Finding],
    pub(super) summary: &'a Summary,
}

impl<'a> Written<'a> {
    /// The document of `report`.
    pub fn new(report: &'a Report) -> Written<'a> {
        let (mut origins, mut hosting, mut vendors) = (Table::new(), Table::new(), Table::new());
        let places = report
            .packages
            .iter()
            .map(|p| {
                [
                    p.origin.as_deref().map(|o| origins.place(o)),
                    p.hosting.as_deref().map(|h| hosting.place(h)),
                    p.vendor.as_deref().map(|v| vendors.place(v)),
                ]
            })
            .collect();
        Written {
            schema_version: crate::report::document::SCHEMA_VERSION,
            tool: &report.tool,
            inputs: &report.inputs,
            origins: origins.items,
            hosting: hosting.items,
            vendors: vendors.items,
            packages: (&report.packages, places),
            findings: &report.findings,
            summary: &report.summary,
        }
    }
}

fn packages<S: Serializer>(
    (list, places): &(&[PackageReport], Vec<[Option<u32>; 3]>),
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().zip(places).map(|(p, &places)| package_entry(p, places)))
}

/// A package as the report writes it, with its places in the shared lists.
pub(super) fn package_entry(
    p: &PackageReport,
    [origin, hosting, vendor]: [Option<u32>; 3],
) -> PackageEntry<'_> {
    PackageEntry {
        id: Cow::Borrowed(&p.id),
        name: Cow::Borrowed(&p.name),
        version: p.version.as_deref().map(Cow::Borrowed),
        ecosystem: Cow::Borrowed(&p.ecosystem),
        kind: p.kind,
        namespace: p.namespace.as_deref().map(|n| Cow::Borrowed(n.as_str())),
        purl: p.purl.as_deref().map(Cow::Borrowed),
        dependencies: Cow::Borrowed(&p.dependencies),
        root: p.root,
        source: Cow::Borrowed(&p.source),
        license: Cow::Borrowed(&*p.license),
        origin,
        hosting,
        vendor,
        owners: p.owners.as_deref().map(|o| Cow::Borrowed(o.as_slice())),
        graph: p.graph,
        authors: Cow::Borrowed(&p.authors),
        supplier: p.supplier.as_deref().map(Cow::Borrowed),
        manufacturer: p.manufacturer.as_deref().map(Cow::Borrowed),
        publisher: p.publisher.as_deref().map(Cow::Borrowed),
        repository: p.repository.as_deref().map(Cow::Borrowed),
        homepage: p.homepage.as_deref().map(|h| Cow::Borrowed(h.as_str())),
        description: p.description.as_deref().map(|d| Cow::Borrowed(d.as_str())),
    }
}

fn findings<S: Serializer>(list: &&[Finding], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(finding_entry))
}

/// A finding as the report writes it.
pub(super) fn finding_entry(f: &Finding) -> FindingEntry<'_> {
    FindingEntry {
        code: f.code,
        severity: f.severity,
        package: f.package.as_deref().map(Cow::Borrowed),
        message: Cow::Borrowed(&f.message),
    }
}
