//! Licence facts: the declared licence classified into a category by the knowledge base.

use crate::kb::licenses::{LicenseCategory, LicenseIndex, LicenseVerdict};
use crate::model::Package;

/// The licence verdict for a package: its declared licence classified, or `unknown` when it
/// declares none (a licence file alone says nothing machine-readable).
///
/// SBOMs mix SPDX ids and free-text names in one declaration (`Apache-2.0 OR (GNU Lesser
/// General Public License)`), which no SPDX parser accepts; when the whole string is not
/// understood, its top-level `OR` / `AND` parts are classified one by one and combined with the
/// same rules as SPDX expressions.
pub fn license_facts(package: &Package, index: &LicenseIndex) -> LicenseVerdict {
    let Some(raw) = package.license.as_deref().map(str::trim).filter(|l| !l.is_empty()) else {
        return LicenseVerdict::unknown();
    };
    let whole = index.classify(raw);
    if whole.category != LicenseCategory::Unknown {
        return whole;
    }
    let Some((op, parts)) = split_top_level(raw) else { return whole };
    let verdicts: Vec<LicenseVerdict> = parts.iter().map(|p| index.classify(unwrap(p))).collect();
    let category = combine(op, verdicts.iter().map(|v| v.category));
    let expression = verdicts
        .iter()
        .map(|v| {
            v.expression.as_deref().map(|e| if e.contains(' ') { format!("({e})") } else { e.to_string() })
        })
        .collect::<Option<Vec<String>>>()
        .map(|parts| parts.join(if op == Op::Or { " OR " } else { " AND " }));
    let mut ids: Vec<String> = verdicts.into_iter().flat_map(|v| v.ids).collect();
    ids.sort();
    ids.dedup();
    LicenseVerdict { expression, category, ids }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
}

/// Combines part categories: `OR` takes the most permissive known one, `AND` the most
/// restrictive, where an unknown part makes the whole unknown unless another is proprietary.
fn combine(op: Op, categories: impl Iterator<Item = LicenseCategory>) -> LicenseCategory {
    let cats: Vec<LicenseCategory> = categories.collect();
    let known = || cats.iter().copied().filter(|c| *c != LicenseCategory::Unknown);
    match op {
        Op::Or => known().min_by_key(|c| c.rank()).unwrap_or(LicenseCategory::Unknown),
        Op::And if cats.contains(&LicenseCategory::Proprietary) => LicenseCategory::Proprietary,
        Op::And if cats.contains(&LicenseCategory::Unknown) => LicenseCategory::Unknown,
        Op::And => known().max_by_key(|c| c.rank()).unwrap_or(LicenseCategory::Unknown),
    }
}

/// Splits `text` on its top-level ` OR ` (preferred) or ` AND `, outside parentheses.
fn split_top_level(text: &str) -> Option<(Op, Vec<&str>)> {
    for (op, word) in [(Op::Or, " OR "), (Op::And, " AND ")] {
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0i32, 0usize);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                // Compared as bytes: `i` may sit inside a multi-byte character.
                _ if depth == 0 && bytes[i..].starts_with(word.as_bytes()) => {
                    parts.push(&text[start..i]);
                    i += word.len();
                    start = i;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if !parts.is_empty() {
            parts.push(&text[start..]);
            return Some((op, parts));
        }
    }
    None
}

/// Removes one pair of parentheses around the whole of `s`.
fn unwrap(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) if !inner.contains('(') && !inner.contains(')') => inner.trim(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::licenses::LicenseCategory;

    fn verdict(license: Option<&str>) -> LicenseVerdict {
        let p = Package { license: license.map(str::to_string), ..Package::default() };
        license_facts(&p, LicenseIndex::embedded())
    }

    #[test]
    fn declared_and_missing() {
        assert_eq!(verdict(Some("MIT OR Apache-2.0")).category, LicenseCategory::Permissive);
        assert_eq!(verdict(Some("MIT/Apache-2.0")).expression.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(verdict(Some("BUSL-1.1")).category, LicenseCategory::SourceAvailable);
        assert_eq!(verdict(None).category, LicenseCategory::Unknown);
        assert_eq!(verdict(Some("  ")).category, LicenseCategory::Unknown);
        // CycloneDX entries joined by the reader: an id and a free-text name.
        assert_eq!(
            verdict(Some("Apache-2.0 AND (GNU Lesser General Public License)")).category,
            LicenseCategory::WeakCopyleft
        );
        assert_eq!(
            verdict(Some("(GNU General Public License, Version 2) OR (Eclipse Public License - v 2.0)"))
                .category,
            LicenseCategory::WeakCopyleft
        );
        assert_eq!(verdict(Some("MIT AND (some unheard-of licence)")).category, LicenseCategory::Unknown);
        assert_eq!(verdict(Some("MIT OR (some unheard-of licence)")).category, LicenseCategory::Permissive);
    }

    #[test]
    fn non_ascii_text_is_split_on_character_boundaries() {
        for text in
            ["é", "Apache-2.0 – see LICENSE", "LicenseRef-Québec", "Licence Libre du Québec", "é OR ü AND ß"]
        {
            let _ = verdict(Some(text));
        }
        assert_eq!(verdict(Some("MIT OR Licence Libre du Québec")).category, LicenseCategory::Permissive);
    }
}
