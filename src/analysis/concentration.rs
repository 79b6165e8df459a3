//! How much of the graph one organisation, maintainer or country controls.
//!
//! A dependency tree can be spread over hundreds of packages and still be in the hands of
//! one vendor. [`shares`] turns one label per package (the controlling organisation, the
//! country, …) into a table of shares, and [`hhi`] condenses that table into the
//! Herfindahl–Hirschman index competition authorities use for market concentration: the sum
//! of squared percentage shares, from near 0 (spread over many hands) to 10,000 (one hand).
//!
//! Packages whose label is unknown are not one controller and must not be treated as one:
//! they are listed under [`UNKNOWN_KEY`] so a report can show how much is unattributed, and
//! [`hhi`] leaves them out while keeping every other share relative to *all* packages. The
//! index is therefore a lower bound — what is known is at least this concentrated — and a
//! concentration finding built on it is never overstated by missing data.

use std::collections::BTreeMap;

use serde::Serialize;

/// The key under which packages without a label are counted. An empty or blank label counts
/// as unknown too; a label equal to this key is the same thing.
pub const UNKNOWN_KEY: &str = "(unknown)";

/// One controller's share of the packages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The label (organisation id, country code, …), or [`UNKNOWN_KEY`].
    pub key: String,
    /// How many packages carry the label.
    pub packages: usize,
    /// `packages` divided by the number of all packages, unknown ones included (0 to 1).
    pub share: f64,
}

impl Share {
    /// True for the row counting packages without a label.
    pub fn is_unknown(&self) -> bool {
        self.key == UNKNOWN_KEY
    }
}

/// Counts packages per label (one label per package; `None` or a blank label is unknown).
///
/// Rows are sorted by package count, largest first, then by key; the unknown row, if any,
/// is sorted with the others. Shares are fractions of all packages, so they sum to 1.
pub fn shares<'a>(labels: impl IntoIterator<Item = Option<&'a str>>) -> Vec<Share> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0usize;
    for label in labels {
        let key = match label.map(str::trim) {
            Some(l) if !l.is_empty() => l,
            _ => UNKNOWN_KEY,
        };
        *counts.entry(key).or_default() += 1;
        total += 1;
    }
    let mut rows: Vec<Share> = counts
        .into_iter()
        .map(|(key, packages)| Share { key: key.to_owned(), packages, share: packages as f64 / total as f64 })
        .collect();
    rows.sort_by(|a, b| b.packages.cmp(&a.packages).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// The Herfindahl–Hirschman index of the known shares on the 0–10,000 scale: the sum of
/// `(100 × share)²` over every row except the unknown one.
///
/// Because shares stay relative to all packages, unknown packages lower the index as if each
/// were controlled by someone different (see the module documentation). 0 for an empty table.
pub fn hhi(shares: &[Share]) -> f64 {
    shares.iter().filter(|s| !s.is_unknown()).map(|s| (100.0 * s.share).powi(2)).sum()
}

/// The elephant factor (CHAOSS): the fewest controlling entities that together control at
/// least half of the packages whose controller is known. `labels` holds one label per package,
/// `None` (or blank) where nobody is known; `None` when no package has a label.
pub fn elephant_factor<'a>(labels: impl IntoIterator<Item = Option<&'a str>>) -> Option<usize> {
    let known: Vec<Share> = shares(labels).into_iter().filter(|s| !s.is_unknown()).collect();
    let total: usize = known.iter().map(|s| s.packages).sum();
    let mut held = 0;
    for (i, s) in known.iter().enumerate() {
        held += s.packages;
        if 2 * held >= total {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elephant_factor_counts_entities_up_to_half_of_the_known() {
        // a holds 3 of 7 known packages, b 2: a alone is under half, a and b over it.
        let labels = ["a", "a", "a", "b", "b", "c", "d", "", ""];
        let labels = labels.iter().map(|l| Some(*l));
        assert_eq!(elephant_factor(labels), Some(2));
        // Exactly half is enough.
        assert_eq!(elephant_factor([Some("a"), Some("b")]), Some(1));
        assert_eq!(elephant_factor([None, Some(" ")]), None);
        assert_eq!(elephant_factor(std::iter::empty()), None);
    }

    #[test]
    fn sorted_by_count_then_key_with_unknown_counted() {
        let rows = shares([Some("b"), Some("a"), None, Some("b"), Some("  "), Some("c")]);
        let keys: Vec<(&str, usize)> = rows.iter().map(|s| (s.key.as_str(), s.packages)).collect();
        assert_eq!(keys, vec![("(unknown)", 2), ("b", 2), ("a", 1), ("c", 1)]);
        let total: f64 = rows.iter().map(|s| s.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn hhi_of_monopoly_and_of_even_split() {
        assert_eq!(hhi(&shares([Some("x"), Some("x")])), 10_000.0);
        let four = hhi(&shares([Some("a"), Some("b"), Some("c"), Some("d")]));
        assert!((four - 2_500.0).abs() < 1e-9);
    }

    #[test]
    fn unknown_lowers_but_does_not_count_in_hhi() {
        // Half known to one vendor: (50)² = 2,500, not 5,000 as if "unknown" were a vendor.
        let index = hhi(&shares([Some("x"), None]));
        assert!((index - 2_500.0).abs() < 1e-9);
        assert_eq!(hhi(&shares([None, None])), 0.0);
        assert!(shares(std::iter::empty::<Option<&str>>()).is_empty());
        assert_eq!(hhi(&[]), 0.0);
    }
}
