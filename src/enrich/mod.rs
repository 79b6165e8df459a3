//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`crate::model::Origin`]. Enrichment runs after the inputs are read and before the
//! graph is analysed; the policy stage judges what it found.

pub mod evidence;
pub mod hosting;
pub mod license;
pub mod resolve;
pub mod signals;
pub mod vendor;

use crate::kb::base::Kb;
use crate::kb::licenses::LicenseVerdict;
use crate::model::{Graph, Hosting, Origin, VendorInfo};
use resolve::Judge;

/// Everything enrichment learned about one package.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    /// The licence, classified.
    pub license: LicenseVerdict,
    /// Who controls it and from where.
    pub origin: Option<Origin>,
    /// Where it is hosted.
    pub hosting: Option<Hosting>,
    /// The proprietary service it is a client of.
    pub vendor: Option<VendorInfo>,
}

/// Facts for every package of `graph`, indexed like `graph.packages`, from offline signals.
pub fn enrich(graph: &Graph, kb: &Kb, judge: &Judge) -> Vec<PackageFacts> {
    graph
        .packages
        .iter()
        .map(|p| {
            let rows = evidence::gather(p, kb, judge.overrides);
            PackageFacts {
                license: license::license_facts(p, &kb.licenses),
                origin: Some(resolve::resolve(rows, kb, judge)),
                hosting: hosting::hosting(p, kb),
                vendor: vendor::vendor(p, kb),
            }
        })
        .collect()
}
