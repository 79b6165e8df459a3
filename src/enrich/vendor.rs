//! Vendor lock-in: whether a package is a client of one vendor's proprietary service, with
//! the alternatives the knowledge base knows.

use crate::kb::base::Kb;
use crate::model::{Alternative, Package, VendorInfo};

/// The vendor whose service `p` is a client of, if any.
pub fn vendor(p: &Package, kb: &Kb) -> Option<VendorInfo> {
    let v = kb.vendors.match_package(&p.ecosystem, p.namespace.as_deref(), &p.name)?;
    let org = kb.orgs.by_id(&v.org);
    // Packages of other ecosystems are no way out for this one; configuration hints are.
    let mut alternatives: Vec<Alternative> = v
        .alternatives
        .iter()
        .filter(|a| a.ecosystem.as_deref().is_none_or(|e| e == p.ecosystem))
        .map(|a| Alternative {
            name: a.name.clone(),
            ecosystem: a.ecosystem.clone(),
            note: match (&a.note, &a.hint) {
                (Some(n), _) => Some(n.clone()),
                (None, Some(h)) => Some(h.clone()),
                _ => None,
            },
        })
        .collect();
    // Packages first, then hints; the knowledge base's order otherwise.
    alternatives.sort_by_key(|a| a.name.is_none());
    Some(VendorInfo {
        id: v.id.clone(),
        name: org.map_or_else(|| v.org.clone(), |o| o.name.clone()),
        service: v.service.clone(),
        kind: serde_json::to_value(v.kind)
            .ok()
            .and_then(|k| k.as_str().map(str::to_string))
            .unwrap_or_default(),
        country: kb.orgs.control_country(&v.org).map(str::to_string),
        alternatives,
        source: Some(v.source.clone()),
    })
}
