//! The sovereignty score: 100 less what the graph's real risks cost, each part a count of
//! decisions a team faces, not of packages, so a large graph is not punished for its size and
//! unknowns are not counted as risk (they are coverage, reported beside the score).
//!
//! ```text
//! score = 100 − min(40, 10·E) − min(20, 5·V) − min(30, 10·R) − round(20·U),  clamped to 0–100
//!         and held at 74 or below when there are error findings
//! ```
//!
//! * E: entities outside the trusted jurisdictions that control critical dependencies, on
//!   strong evidence (verified attributions; platform bindings left out);
//! * V: proprietary services the graph is a client of (vendor lock-in; platforms left out);
//! * R: dependencies under a proprietary, source-available or non-commercial licence;
//! * U: the share of the dependencies (platform bindings left out) controlled from outside the
//!   trusted jurisdictions on strong evidence.
//!
//! Grades: A 90–100, B 75–89, C 60–74, D 40–59, E 0–39. A graph with error findings is
//! never better than C: the policy says something in it must be fixed.

use std::collections::BTreeSet;

use crate::model::Jurisdiction;
use crate::report::document::{Coverage, PackageReport, Report, ScoreParts};
use crate::report::summary::round4;

/// The highest score a graph with error findings gets (the top of grade C).
const CAP_WITH_ERRORS: u32 = 74;

/// Sets the score, its grade, its parts and the coverage; after the findings are set.
pub fn fill(report: &mut Report) {
    let deps: Vec<&PackageReport> = report.packages.iter().filter(|p| !p.root).collect();
    let platform =
        |p: &PackageReport| crate::policy::platform::binds(p.vendor.as_deref(), p.origin.as_deref());
    let untrusted = |p: &PackageReport| {
        p.origin.as_ref().is_some_and(|o| o.jurisdiction == Jurisdiction::Untrusted && o.verified)
    };
    let entities: BTreeSet<&str> = deps
        .iter()
        .filter(|p| !platform(p) && untrusted(p) && p.graph.is_some_and(|g| g.critical))
        .filter_map(|p| p.origin.as_ref())
        .map(|o| o.entity_id.as_deref().or(o.entity.as_deref()).unwrap_or("(unnamed)"))
        .collect();
    let services: BTreeSet<&str> = deps
        .iter()
        .filter(|p| !platform(p))
        .filter_map(|p| p.vendor.as_ref())
        .map(|v| v.id.as_str())
        .collect();
    let restricted = deps
        .iter()
        .filter(|p| {
            matches!(
                p.license.category.as_deref(),
                Some("proprietary" | "source-available" | "non-commercial")
            )
        })
        .count();
    let counted: Vec<&&PackageReport> = deps.iter().filter(|p| !platform(p)).collect();
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let untrusted_share = share(counted.iter().filter(|p| untrusted(p)).count(), counted.len());
    let cost = (10 * entities.len()).min(40)
        + (5 * services.len()).min(20)
        + (10 * restricted).min(30)
        + (20.0 * untrusted_share).round() as usize;
    let raw = 100u32.saturating_sub(u32::try_from(cost).unwrap_or(u32::MAX));
    let errors = report.summary.findings.get("error").copied().unwrap_or(0) > 0;
    let score = if errors { raw.min(CAP_WITH_ERRORS) } else { raw };
    let answered = deps
        .iter()
        .filter(|p| {
            p.origin
                .as_ref()
                .is_some_and(|o| o.entity.is_some() || o.entity_kind != crate::model::EntityKind::Unknown)
        })
        .count();
    let licensed =
        deps.iter().filter(|p| !matches!(p.license.category.as_deref(), None | Some("unknown"))).count();
    let s = &mut report.summary;
    s.score = score;
    s.grade = grade(score).to_string();
    s.score_parts = ScoreParts {
        untrusted_critical_entities: entities.len(),
        vendor_services: services.len(),
        restricted_licenses: restricted,
        untrusted_share: round4(untrusted_share),
        capped_by_errors: errors && raw > CAP_WITH_ERRORS,
    };
    s.coverage = Coverage {
        attributed: round4(share(answered, deps.len())),
        licensed: round4(share(licensed, deps.len())),
    };
}

/// The grade of a score.
pub fn grade(score: u32) -> &'static str {
    match score {
        90.. => "A",
        75..=89 => "B",
        60..=74 => "C",
        40..=59 => "D",
        _ => "E",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_cover_the_scale() {
        assert_eq!(
            [100, 90, 89, 75, 74, 60, 59, 40, 39, 0].map(grade),
            ["A", "A", "B", "B", "C", "C", "D", "D", "E", "E"]
        );
        assert_eq!(grade(CAP_WITH_ERRORS), "C");
    }
}
