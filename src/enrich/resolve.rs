//! Merging evidence into an [`Origin`]: who controls the package, its country, the country
//! control is exercised from and a confidence. Whether that country is trusted is the policy's
//! judgement (`policy::jurisdiction`), not made here.
//!
//! Rules, in order:
//! 1. An `[[override]]` row decides outright.
//! 2. Otherwise the entity with the most support wins: its strongest row's confidence, plus
//!    0.05 for each further agreeing row (capped at 0.99). A conflicting entity lowers the
//!    confidence by half of its own support, and stays visible in the evidence.
//! 3. A knowledge-base entity brings its kind, country and (when control follows the parent)
//!    its ultimate parent's country. An entity known only by name (an SBOM supplier) takes the
//!    country its rows state.
//! 4. With no entity, country rows alone give a country (strongest first), never an entity.
//! 5. No row at all: unknown. Nothing is guessed.

use std::collections::BTreeMap;

use crate::enrich::Attributor;
use crate::kb::orgs::OrgKind;
use crate::model::{EntityKind, Evidence, Origin, Signal};
use crate::model::{Override, Target};

/// Merges `evidence` (strongest signal first) into an origin.
pub fn resolve(evidence: Vec<Evidence>, attributor: &Attributor) -> Origin {
    let kb = attributor.kb;
    let mut origin = Origin { evidence, ..Origin::default() };
    if origin.evidence.is_empty() {
        return origin;
    }
    let overridden = origin.evidence.iter().find(|e| e.signal == Signal::Override).cloned();
    let (entity, confidence) = match &overridden {
        Some(row) => (row.entity.clone(), 1.0),
        None => pick_entity(&origin.evidence),
    };
    if let Some(entity) = entity {
        origin.confidence = confidence;
        match kb.orgs.by_id(&entity) {
            Some(org) => {
                origin.entity = Some(org.name.clone());
                origin.entity_id = Some(org.id.clone());
                origin.entity_kind = match org.kind {
                    OrgKind::Company => EntityKind::Company,
                    OrgKind::Foundation => EntityKind::Foundation,
                    OrgKind::Community => EntityKind::Community,
                    OrgKind::Government => EntityKind::Government,
                    OrgKind::Academic => EntityKind::Academic,
                };
                origin.country = org.country.clone();
                origin.control_country = if attributor.follow_parent {
                    kb.orgs.control_country(&org.id).map(str::to_string)
                } else {
                    org.country.clone()
                };
                if let Some(top) = kb.orgs.ultimate_parent(&org.id).filter(|t| t.id != org.id) {
                    origin.parent = Some(top.name.clone());
                }
                if origin.control_country.is_none() {
                    origin.note = org.note.clone();
                }
            }
            None => {
                origin.entity = Some(entity.clone());
                let country = strongest_country(&origin.evidence, Some(&entity));
                origin.country = country.clone();
                origin.control_country = country;
            }
        }
        if let Some(row) = &overridden {
            if let Some(c) = &row.country {
                origin.country = Some(c.clone());
                origin.control_country = Some(c.clone());
            }
        }
        apply_org_override(&mut origin, attributor.overrides);
    } else if let Some(row) = overridden.filter(|r| r.country.is_some()) {
        origin.country = row.country.clone();
        origin.control_country = row.country;
        origin.confidence = 1.0;
    } else if let Some(country) = strongest_country(&origin.evidence, None) {
        origin.confidence = origin
            .evidence
            .iter()
            .filter(|e| e.country.as_deref() == Some(country.as_str()))
            .map(|e| e.confidence)
            .fold(0.0, f64::max);
        origin.country = Some(country.clone());
        origin.control_country = Some(country);
    }
    origin.confidence = (origin.confidence * 100.0).round() / 100.0;
    origin
}

/// The best-supported entity and its confidence.
fn pick_entity(evidence: &[Evidence]) -> (Option<String>, f64) {
    let mut support: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for e in evidence {
        if let Some(entity) = e.entity.as_deref() {
            let s = support.entry(entity).or_insert((0.0, 0));
            s.0 = s.0.max(e.confidence);
            s.1 += 1;
        }
    }
    let score = |(best, n): (f64, usize)| (best + 0.05 * (n.saturating_sub(1)) as f64).min(0.99);
    let mut ranked: Vec<(&str, f64)> = support.into_iter().map(|(k, v)| (k, score(v))).collect();
    // Highest score first; ties broken by name so the result does not depend on input order.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    match ranked.as_slice() {
        [] => (None, 0.0),
        [(winner, s)] => (Some(winner.to_string()), *s),
        [(winner, s), (_, rival), ..] => (Some(winner.to_string()), (s - rival / 2.0).max(0.1)),
    }
}

/// The country claimed by the strongest rows (about `entity`, when given).
fn strongest_country(evidence: &[Evidence], entity: Option<&str>) -> Option<String> {
    evidence
        .iter()
        .filter(|e| entity.is_none_or(|x| e.entity.as_deref() == Some(x) || e.entity.is_none()))
        .filter_map(|e| e.country.as_ref().map(|c| (c, e.confidence)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, _)| c.clone())
}

/// `[[override]] org = "…"`: the user corrects an organisation's country or name.
fn apply_org_override(origin: &mut Origin, overrides: &[Override]) {
    for o in overrides {
        let Target::Entity(org) = &o.target else { continue };
        // Names compare folded, as the knowledge base compares them (`Telefonica` is `Telefónica`).
        let key = crate::kb::fold::normalize(org);
        let same = |name: &str| crate::kb::fold::normalize(name) == key;
        let hit = origin.entity_id.as_deref().is_some_and(same) || origin.entity.as_deref().is_some_and(same);
        if !hit {
            continue;
        }
        if let Some(c) = &o.country {
            origin.country = Some(c.clone());
            origin.control_country = Some(c.clone());
        }
        if let Some(e) = &o.entity {
            origin.entity = Some(e.clone());
        }
        origin.evidence.insert(
            0,
            Evidence {
                signal: Signal::Override,
                value: "sovereign.toml [[override]]".to_string(),
                claim: format!(
                    "{org} is controlled{}{}",
                    o.entity.as_deref().map(|e| format!(" by {e}")).unwrap_or_default(),
                    o.country.as_deref().map(|c| format!(" from {c}")).unwrap_or_default()
                ),
                entity: origin.entity_id.clone(),
                country: o.country.clone(),
                confidence: 1.0,
                source: None,
            },
        );
        origin.confidence = origin.confidence.max(0.9);
    }
}
