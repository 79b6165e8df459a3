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
use crate::report::document::{Coverage, Report, ScoreParts};
use crate::report::summary::round4;

/// The highest score a graph with error findings gets (the top of grade C).
const CAP_WITH_ERRORS: u32 = 74;

/// Sets the score, its grade, its parts and the coverage; after the findings are set.
pub fn fill(report: &mut Report) {
    // One pass over the packages: on a large graph each pass is a trip through memory.
    let mut entities: BTreeSet<&str> = BTreeSet::new();
    let mut services: BTreeSet<&str> = BTreeSet::new();
    let (mut deps, mut restricted, mut counted, mut untrusted, mut answered, mut licensed) =
        (0, 0, 0, 0, 0, 0);
    for p in report.packages.iter().filter(|p| !p.root) {
        deps += 1;
        let origin = p.origin.as_deref();
        let platform = crate::policy::platform::binds(p.vendor.as_deref(), origin);
        let strong_untrusted =
            origin.is_some_and(|o| o.jurisdiction == Jurisdiction::Untrusted && o.verified);
        if let Some(o) =
            origin.filter(|_| !platform && strong_untrusted && p.graph.is_some_and(|g| g.critical))
        {
            entities.insert(o.entity_id.as_deref().or(o.entity.as_deref()).unwrap_or("(unnamed)"));
        }
        if !platform {
            counted += 1;
            untrusted += usize::from(strong_untrusted);
            if let Some(v) = &p.vendor {
                services.insert(v.id.as_str());
            }
        }
        let category = p.license.category.as_deref();
        restricted +=
            usize::from(matches!(category, Some("proprietary" | "source-available" | "non-commercial")));
        licensed += usize::from(!matches!(category, None | Some("unknown")));
        answered += usize::from(
            origin.is_some_and(|o| o.entity.is_some() || o.entity_kind != crate::model::EntityKind::Unknown),
        );
    }
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let untrusted_share = share(untrusted, counted);
    let cost = (10 * entities.len()).min(40)
        + (5 * services.len()).min(20)
        + (10 * restricted).min(30)
        + (20.0 * untrusted_share).round() as usize;
    let raw = 100u32.saturating_sub(u32::try_from(cost).unwrap_or(u32::MAX));
    let errors = report.summary.findings.get("error").copied().unwrap_or(0) > 0;
    let score = if errors { raw.min(CAP_WITH_ERRORS) } else { raw };
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
    s.coverage =
        Coverage { attributed: round4(share(answered, deps)), licensed: round4(share(licensed, deps)) };
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
