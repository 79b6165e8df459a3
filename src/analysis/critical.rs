//! When a package counts as critical: the line between "one of many" and "a single point of
//! dependency".
//!
//! A package is critical when the project chose it (a direct dependency), or when a large
//! enough share of the graph depends on it or can be reached only through it. Shares rather
//! than absolute counts keep the rule meaningful for a ten-package tool and a thousand-package
//! service alike. The thresholds belong to the user's policy; the defaults are chosen so
//! that, in a typical Rust or npm tree, a handful of foundational packages qualify (a runtime,
//! a serialisation framework), not the long tail.

use serde::Serialize;

use super::PackageMetrics;

/// The shares of the graph past which a package is critical.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CriticalThresholds {
    /// Critical when at least this share of the non-root packages depends on it (default
    /// 0.10: one package in ten).
    pub dependents_share: f64,
    /// Critical when at least this share of the non-root packages is reachable only through
    /// it (default 0.05: one package in twenty). Lower than `dependents_share` because
    /// domination is the stronger relation: nothing can route around the package.
    pub dominated_share: f64,
}

impl Default for CriticalThresholds {
    fn default() -> Self {
        CriticalThresholds { dependents_share: 0.10, dominated_share: 0.05 }
    }
}

/// Whether a package is critical: it is not a root, the roots reach it, and it is a direct
/// dependency, or `dependents / total ≥ dependents_share`, or `dominated / total ≥
/// dominated_share`.
///
/// A package no root reaches (left over in an SBOM) is not part of what the roots use, so
/// packages depending on it do not make it critical. `total` is the number of packages that
/// are not roots ([`total_non_roots`]). A share only
/// counts when the count is above zero, so a threshold of 0 does not make leaves critical;
/// with `total` 0 only directness counts. A NaN threshold never matches.
pub fn critical(m: &PackageMetrics, total: usize, thresholds: &CriticalThresholds) -> bool {
    if m.root || m.depth.is_none() {
        return false;
    }
    let passes =
        |count: u32, threshold: f64| count > 0 && total > 0 && f64::from(count) / total as f64 >= threshold;
    m.direct
        || passes(m.dependents, thresholds.dependents_share)
        || passes(m.dominated, thresholds.dominated_share)
}

/// The `total` [`critical`] expects: how many packages are not roots.
pub fn total_non_roots(metrics: &[PackageMetrics]) -> usize {
    metrics.iter().filter(|m| !m.root).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(direct: bool, dependents: u32, dominated: u32) -> PackageMetrics {
        PackageMetrics { direct, dependents, dominated, depth: Some(2), root: false }
    }

    #[test]
    fn each_criterion_alone_suffices() {
        let t = CriticalThresholds::default();
        assert!(critical(&metrics(true, 0, 0), 100, &t));
        assert!(critical(&metrics(false, 10, 0), 100, &t));
        assert!(!critical(&metrics(false, 9, 4), 100, &t));
        assert!(critical(&metrics(false, 0, 5), 100, &t));
    }

    #[test]
    fn roots_never_and_zero_counts_never() {
        let t = CriticalThresholds { dependents_share: 0.0, dominated_share: 0.0 };
        let root = PackageMetrics { root: true, direct: true, dependents: 50, ..metrics(true, 0, 0) };
        assert!(!critical(&root, 100, &t));
        assert!(!critical(&metrics(false, 0, 0), 100, &t));
        assert!(!critical(&metrics(false, 3, 3), 0, &t));
        let unreachable = PackageMetrics { depth: None, ..metrics(false, 50, 0) };
        assert!(!critical(&unreachable, 100, &t));
        let nan = CriticalThresholds { dependents_share: f64::NAN, dominated_share: f64::NAN };
        assert!(!critical(&metrics(false, 100, 100), 100, &nan));
    }
}
