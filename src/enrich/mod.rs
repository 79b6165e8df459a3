//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`Origin`](crate::model::Origin). Enrichment runs after the inputs are read and before the
//! graph is analysed; the policy stage judges what it found.

pub mod license;
pub mod signals;

use std::collections::BTreeSet;

use crate::kb::licenses::{LicenseIndex, LicenseVerdict};
use crate::model::{Graph, Hosting, Origin, VendorInfo};

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

/// Facts for every package of `graph`, indexed like `graph.packages`. `trusted` is the set of
/// country codes the policy trusts, used to classify each origin's jurisdiction.
pub fn enrich(graph: &Graph, licenses: &LicenseIndex, trusted: &BTreeSet<String>) -> Vec<PackageFacts> {
    let _ = trusted;
    graph
        .packages
        .iter()
        .map(|p| PackageFacts {
            license: license::license_facts(p, licenses),
            origin: None,
            hosting: None,
            vendor: None,
        })
        .collect()
}
