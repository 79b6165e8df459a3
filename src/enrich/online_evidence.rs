//! Evidence from the online answers: each registry source's rows for the package it answered
//! about ([`SOURCES`]), and the owner of the package's own repository when the knowledge base
//! does not know it but GitHub does. The rows themselves are written in one place,
//! [`crate::enrich::online::rows`].

use crate::enrich::online::github::github_owner;
use crate::enrich::online::rows::Rows;
use crate::enrich::online::{OnlineData, SOURCES};
use crate::kb::base::Kb;
use crate::model::{Evidence, Package};

pub use crate::enrich::online::rows::OnlineFacts;

/// The rows for `p`. `offline` are its offline rows (to know whether an organisation is
/// already named).
pub fn facts(p: &Package, kb: &Kb, data: &OnlineData, offline: &[Evidence]) -> OnlineFacts {
    let named_org = offline.iter().any(|e| e.entity.as_deref().is_some_and(|id| kb.orgs.by_id(id).is_some()));
    let mut rows = Rows::new(kb, data, named_org);
    for source in SOURCES {
        if let Some(answer) = source.key(p).and_then(|key| data.answer(source.name(), &key)) {
            source.evidence(p, answer, &mut rows);
        }
    }
    // The repository's owner, when the knowledge base does not know it but GitHub does.
    if let Some(owner) = p.repository.as_deref().and_then(github_owner) {
        if kb.orgs.by_github(&owner).is_none() {
            if let Some(profile) = data.profile(&owner) {
                rows.repo_owner(&owner, profile);
            }
        }
    }
    rows.finish()
}
