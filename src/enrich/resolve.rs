//! Merging evidence into an [`Origin`]: who controls the package, its country, the country
//! control is exercised from and a confidence. Whether that country is trusted is the policy's
//! judgement (`policy::jurisdiction`), not made here.
//!
//! Rules, in order:
//! 1. An `[[override]]` row decides outright.
//! 2. Only control rows (DESIGN.md) name a controlling entity or country. Affiliation rows (an
//!    author's e-mail domain, a profile's company) say where a person works: they add support
//!    to an entity a control row already names, never make one; location rows (a country-code
//!    domain, a profile's location) never make a controlling country.
//! 3. Otherwise the entity with the most support wins: its strongest row's confidence, plus
//!    0.05 for each further agreeing row (capped at 0.99). A conflicting entity lowers the
//!    confidence by half of its own support, and stays visible in the evidence.
//! 4. A knowledge-base entity brings its kind, country and (when control follows the parent)
//!    its ultimate parent's country. An entity known only by name (an SBOM supplier) takes the
//!    country its rows state.
//! 5. With no entity, control rows with a country alone give a country (strongest first).
//! 6. No such row: unknown. Nothing is guessed. Location rows give the maintainers' location,
//!    a dimension of its own.
//!
//! The origin records the signal of the strongest row behind its answer (`decided_by`), for
//! the policy to judge whether it may carry an error-level finding.

use std::collections::BTreeMap;

use crate::enrich::Attributor;
use crate::kb::orgs::OrgKind;
use crate::model::{EntityKind, Evidence, Origin, Signal, SignalClass};
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
    origin.decided_by = decided_by(&origin.evidence, entity.as_deref());
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
                // A name with a legal form is an organisation's.
                if let Some(form) = crate::kb::legal_forms::of(&entity) {
                    origin.entity_kind =
                        if form.foundation { EntityKind::Foundation } else { EntityKind::Company };
                }
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
            .filter(|e| e.signal.class() == SignalClass::Control)
            .filter(|e| e.country.as_deref() == Some(country.as_str()))
            .map(|e| e.confidence)
            .fold(0.0, f64::max);
        origin.country = Some(country.clone());
        origin.control_country = Some(country);
    }
    // No controller, no country: people as authors make it a person's own package.
    if origin.entity.is_none()
        && origin.control_country.is_none()
        && origin.evidence.iter().any(|e| e.signal == Signal::PersonalAuthors)
    {
        origin.entity_kind = EntityKind::Individual;
        origin.decided_by = Some(Signal::PersonalAuthors);
    }
    origin.maintainers_location = maintainers_location(&origin.evidence);
    origin.confidence = (origin.confidence * 100.0).round() / 100.0;
    origin
}

/// The country the strongest location row names: where the maintainers are, never who
/// controls the package.
fn maintainers_location(evidence: &[Evidence]) -> Option<String> {
    evidence
        .iter()
        .filter(|e| e.signal.class() == SignalClass::Location)
        .filter_map(|e| e.country.as_ref().map(|c| (c, e.confidence)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, _)| c.clone())
}

/// The best-supported entity and its confidence: entities named by control rows, supported
/// also by affiliation rows naming the same one.
fn pick_entity(evidence: &[Evidence]) -> (Option<String>, f64) {
    let mut support: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for e in evidence.iter().filter(|e| e.signal.class() == SignalClass::Control) {
        if let Some(entity) = e.entity.as_deref() {
            let s = support.entry(entity).or_insert((0.0, 0));
            s.0 = s.0.max(e.confidence);
            s.1 += 1;
        }
    }
    for e in evidence.iter().filter(|e| e.signal.class() == SignalClass::Affiliation) {
        if let Some(s) = e.entity.as_deref().and_then(|entity| support.get_mut(entity)) {
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

/// The signal of the strongest control row behind `entity` (or, with none, behind a country).
fn decided_by(evidence: &[Evidence], entity: Option<&str>) -> Option<Signal> {
    evidence
        .iter()
        .filter(|e| e.signal.class() == SignalClass::Control)
        .filter(|e| match entity {
            Some(x) => e.entity.as_deref() == Some(x),
            None => e.country.is_some(),
        })
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence).then_with(|| b.signal.cmp(&a.signal)))
        .map(|e| e.signal)
}

/// The country claimed by the strongest control rows (about `entity`, when given).
fn strongest_country(evidence: &[Evidence], entity: Option<&str>) -> Option<String> {
    evidence
        .iter()
        .filter(|e| e.signal.class() == SignalClass::Control)
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
