//! [`LicenseVerdict`]: what classifying one declared licence string found.

use serde::Serialize;

use super::category::LicenseCategory;

/// The result of classifying one declared licence string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseVerdict {
    /// The normalised SPDX expression, when the string is (or names) a valid one:
    /// canonical id case, `OR`/`AND`/`WITH` operators, `-only`/`-or-later` GNU ids,
    /// parentheses only where needed. `None` for free text that is not SPDX.
    pub expression: Option<String>,
    /// The category of the whole expression.
    pub category: LicenseCategory,
    /// Licence ids found (SPDX ids and `LicenseRef-…`, not exceptions), sorted, deduplicated.
    pub ids: Vec<String>,
}

impl LicenseVerdict {
    /// A verdict for a string we could not read as any licence.
    pub fn unknown() -> Self {
        LicenseVerdict { expression: None, category: LicenseCategory::Unknown, ids: Vec::new() }
    }
}
