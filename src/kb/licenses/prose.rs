//! Free-text licence declarations that are neither one known name nor an SPDX expression.
//!
//! Maven and PyPI metadata often join names with prose operators
//! (`Apache License, Version 2.0 and Common Development and Distribution License`) or add
//! remarks in parentheses (`MIT (http://mootools.net/license.txt)`). Splitting on every `and`
//! would cut names that contain the word, so the text is read left to right taking the longest
//! run of words that is a known name or an SPDX expression, with `or`, `and`, `/`, `|`, `&`
//! between the runs. The work is bounded by [`MAX_WORDS`] and [`MAX_NAME_WORDS`].

use std::collections::BTreeSet;

use super::category::{and, or, Acceptable, LicenseCategory};
use super::expression::{by_name, by_spdx};
use super::index::LicenseIndex;
use super::verdict::LicenseVerdict;

/// Longer texts are prose, not a list of licences.
const MAX_WORDS: usize = 64;
/// The longest licence name tried, in words ("GNU General Public License, version 2 with the
/// GNU Classpath Exception" is 12).
const MAX_NAME_WORDS: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    And,
    Or,
}

fn op_of(word: &str) -> Option<Op> {
    match word.to_ascii_lowercase().as_str() {
        "or" | "/" | "|" => Some(Op::Or),
        "and" | "&" => Some(Op::And),
        _ => None,
    }
}

/// Reads `text` as licence names joined by prose operators; `None` when no part is known.
pub(crate) fn by_parts(
    index: &LicenseIndex,
    text: &str,
    acceptable: Acceptable<'_>,
) -> Option<LicenseVerdict> {
    if text.contains(['(', ')']) || text.contains("://") {
        return None;
    }
    let spaced = text.replace('/', " / ").replace('|', " | ").replace('&', " & ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_WORDS {
        return None;
    }
    // OR of ANDs of parts.
    let mut alternatives: Vec<Vec<LicenseVerdict>> = vec![Vec::new()];
    let mut i = 0;
    while let Some(word) = words.get(i) {
        match op_of(word) {
            Some(Op::Or) => alternatives.push(Vec::new()),
            Some(Op::And) => {}
            None => {
                let (verdict, end) = longest_known(index, &words, i, acceptable);
                alternatives.last_mut()?.push(verdict);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    alternatives.retain(|all_of| !all_of.is_empty());
    let parts: Vec<&LicenseVerdict> = alternatives.iter().flatten().collect();
    if parts.len() < 2 || parts.iter().all(|v| v.category == LicenseCategory::Unknown) {
        return None;
    }
    let ids: BTreeSet<String> = parts.iter().flat_map(|v| v.ids.iter().cloned()).collect();
    let mut category = None::<LicenseCategory>;
    let mut texts = Vec::new();
    for all_of in &alternatives {
        let cat = all_of.iter().map(|v| v.category).reduce(and).unwrap_or(LicenseCategory::Unknown);
        category = Some(category.map_or(cat, |c| or(c, cat, acceptable)));
        let wrap =
            |e: &String| if e.contains(" OR ") && all_of.len() > 1 { format!("({e})") } else { e.clone() };
        let conj: Option<Vec<String>> = all_of.iter().map(|v| v.expression.as_ref().map(wrap)).collect();
        texts.push(conj.map(|c| c.join(" AND ")));
    }
    let expression = texts.into_iter().collect::<Option<Vec<_>>>().map(|t| t.join(" OR "));
    Some(LicenseVerdict {
        expression,
        category: category.unwrap_or(LicenseCategory::Unknown),
        ids: ids.into_iter().collect(),
    })
}

/// The longest run of words from `start` that is a known name or expression, and where it
/// ends; when there is none, the words up to the next operator as one unknown part.
fn longest_known(
    index: &LicenseIndex,
    words: &[&str],
    start: usize,
    acceptable: Acceptable<'_>,
) -> (LicenseVerdict, usize) {
    for end in (start + 1..=words.len().min(start + MAX_NAME_WORDS)).rev() {
        let Some(run) = words.get(start..end) else { continue };
        if run.last().is_some_and(|w| op_of(w).is_some()) {
            continue;
        }
        let text = run.join(" ");
        let verdict = by_name(index, &text, acceptable).or_else(|| by_spdx(index, &text, acceptable));
        if let Some(v) = verdict.filter(|v| v.category != LicenseCategory::Unknown || v.expression.is_some())
        {
            return (v, end);
        }
    }
    let end = (start..words.len())
        .find(|&j| words.get(j).is_some_and(|w| op_of(w).is_some()))
        .unwrap_or(words.len());
    (LicenseVerdict::unknown(), end.max(start + 1))
}

/// `text` without its parenthesised remarks (`MIT (http://…)` → `MIT`), or `None` when it
/// has none or nothing is left.
pub(crate) fn without_remarks(text: &str) -> Option<String> {
    if !text.contains('(') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.trim().trim_end_matches(',').trim().to_string();
    (!out.is_empty() && out != text).then_some(out)
}
