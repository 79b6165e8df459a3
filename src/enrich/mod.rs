//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`crate::model::Origin`]. Enrichment runs after the inputs are read and before the
//! graph is analysed; the policy stage judges what it found.

pub mod evidence;
pub mod hosting;
pub mod license;
pub mod online;
pub mod online_evidence;
pub mod resolve;
pub mod signals;
pub mod vendor;

use crate::kb::base::Kb;
use crate::kb::licenses::LicenseVerdict;
use crate::model::{EntityKind, Graph, Hosting, Origin, VendorInfo};
use online::crates::Owner;
use online::OnlineData;
use resolve::Judge;

/// Everything enrichment learned about one package.
///
/// The larger parts are boxed: they move into the report as pointers, and a graph of 100,000
/// packages holds one copy of each rather than one in the facts and one in the report.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    /// The licence, classified.
    pub license: LicenseVerdict,
    /// Who controls it and from where.
    pub origin: Option<Box<Origin>>,
    /// Where it is hosted.
    pub hosting: Option<Box<Hosting>>,
    /// The proprietary service it is a client of.
    pub vendor: Option<Box<VendorInfo>>,
    /// Who may publish it, when a registry said (online only).
    pub owners: Option<Vec<Owner>>,
}

/// Facts for every package of `graph`, indexed like `graph.packages`, from offline signals.
pub fn enrich(graph: &Graph, kb: &Kb, judge: &Judge) -> Vec<PackageFacts> {
    enrich_with(graph, kb, judge, None)
}

/// Facts for every package of `graph`, from offline signals and, when given, the answers of
/// the online sources.
pub fn enrich_with(graph: &Graph, kb: &Kb, judge: &Judge, online: Option<&OnlineData>) -> Vec<PackageFacts> {
    graph
        .packages
        .iter()
        .map(|p| {
            let mut rows = evidence::gather(p, kb, judge.overrides);
            let extra = online.map(|data| online_evidence::facts(p, kb, data, &rows)).unwrap_or_default();
            if !extra.evidence.is_empty() {
                rows.extend(extra.evidence);
                rows.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
            }
            let mut origin = resolve::resolve(rows, kb, judge);
            // An entity the knowledge base does not know but that is a person's account.
            if origin.entity_id.is_none()
                && origin.entity.as_ref().is_some_and(|e| extra.individuals.iter().any(|i| i == e))
            {
                origin.entity_kind = EntityKind::Individual;
            }
            PackageFacts {
                license: license::license_facts(p, &kb.licenses),
                origin: Some(Box::new(origin)),
                hosting: hosting::hosting(p, kb).map(Box::new),
                vendor: vendor::vendor(p, kb).map(Box::new),
                owners: extra.owners,
            }
        })
        .collect()
}
