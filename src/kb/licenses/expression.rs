//! Steps 3 and 4 of classification: the whole string as a known licence name, or as an SPDX
//! expression.
//!
//! Expressions are parsed with the `spdx` crate in lax mode (`MIT/Apache-2.0`,
//! `mit or apache-2.0`, `GPL-2.0+`) after the case of ids and operators is fixed; terms the
//! crate does not know are looked up as names, else `unknown`. The expression is evaluated
//! bottom-up with the rules of `category.rs`, and written back in normal form. See
//! `classify.rs` for the order of the steps and `prose.rs` for names joined by prose.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use spdx::expression::{ExprNode, Operator};
use spdx::lexer::{Lexer, Token};
use spdx::{AdditionItem, Expression, LicenseItem, LicenseReq, ParseMode};

use super::category::{and, or, Acceptable, LicenseCategory};
use super::index::{name_key, LicenseIndex};
use super::keywords::by_keywords;
use super::verdict::LicenseVerdict;

const MODE: ParseMode = ParseMode {
    allow_slash_as_or_operator: true,
    allow_imprecise_license_names: true,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
    allow_unknown: true,
};

/// Step 3: the whole string is a known name.
pub(crate) fn by_name(
    index: &LicenseIndex,
    text: &str,
    acceptable: Acceptable<'_>,
) -> Option<LicenseVerdict> {
    let info = index.names.get(&name_key(text))?;
    let from_spdx = info.spdx.as_deref().and_then(|s| by_spdx(index, s, acceptable));
    let (expression, ids) = from_spdx.map(|v| (v.expression, v.ids)).unwrap_or_default();
    Some(LicenseVerdict { expression, category: info.category, ids })
}

/// Step 4: an SPDX expression, lax.
pub(crate) fn by_spdx(
    index: &LicenseIndex,
    text: &str,
    acceptable: Acceptable<'_>,
) -> Option<LicenseVerdict> {
    let fixed = fix_case(text);
    // Terms the lexer does not know come back as references; remember which, so they are not
    // mistaken for real `LicenseRef-` ids.
    let mut unknown_terms = BTreeSet::new();
    for token in Lexer::new_mode(&fixed, MODE) {
        if let Token::Unknown(term) = token.ok()?.token {
            unknown_terms.insert(term.to_string());
        }
    }
    let expr = Expression::parse_mode(&fixed, MODE).ok()?;
    let mut stack: Vec<Node> = Vec::new();
    let mut ids = BTreeSet::new();
    for node in expr.iter() {
        let next = match node {
            ExprNode::Req(req) => leaf(index, &req.req, &unknown_terms, &mut ids),
            ExprNode::Op(op) => {
                let right = stack.pop()?;
                let left = stack.pop()?;
                combine(*op, left, right, acceptable)
            }
        };
        stack.push(next);
    }
    let root = stack.pop().filter(|_| stack.is_empty())?;
    Some(LicenseVerdict {
        expression: root.valid.then_some(root.text),
        category: root.category,
        ids: ids.into_iter().collect(),
    })
}

/// A sub-expression being evaluated.
struct Node {
    category: LicenseCategory,
    /// Normalised text.
    text: String,
    /// Whether `text` is valid SPDX (no unknown bare terms).
    valid: bool,
    /// Whether `text` is an `OR` at its top level (needs parentheses inside `AND`).
    is_or: bool,
}

fn combine(op: Operator, left: Node, right: Node, acceptable: Acceptable<'_>) -> Node {
    let (category, sep) = match op {
        Operator::And => (and(left.category, right.category), " AND "),
        Operator::Or => (or(left.category, right.category, acceptable), " OR "),
    };
    let wrap =
        |n: &Node| if n.is_or && op == Operator::And { format!("({})", n.text) } else { n.text.clone() };
    Node {
        category,
        text: format!("{}{sep}{}", wrap(&left), wrap(&right)),
        valid: left.valid && right.valid,
        is_or: op == Operator::Or,
    }
}

/// One licence requirement (`id[+] [WITH exception]`).
fn leaf(
    index: &LicenseIndex,
    req: &LicenseReq,
    unknown: &BTreeSet<String>,
    ids: &mut BTreeSet<String>,
) -> Node {
    let (mut category, mut text, mut valid, mut is_or) = match &req.license {
        LicenseItem::Spdx { id, or_later } => {
            let name = spdx_name(*id, *or_later);
            let category = index
                .category_of_id(&name)
                .or_else(|| index.category_of_id(id.name))
                .unwrap_or(LicenseCategory::Unknown);
            ids.insert(name.clone());
            (category, name, true, false)
        }
        LicenseItem::Other(r) if r.doc_ref.is_none() && unknown.contains(&r.lic_ref) => {
            bare_term(index, &r.lic_ref, ids)
        }
        LicenseItem::Other(r) => {
            let full = match &r.doc_ref {
                Some(doc) => format!("DocumentRef-{doc}:LicenseRef-{}", r.lic_ref),
                None => format!("LicenseRef-{}", r.lic_ref),
            };
            let category = index
                .category_of_id(&format!("LicenseRef-{}", r.lic_ref))
                .or_else(|| index.names.get(&name_key(&r.lic_ref)).map(|n| n.category))
                .or_else(|| by_keywords(&r.lic_ref))
                .unwrap_or(LicenseCategory::Unknown);
            ids.insert(full.clone());
            (category, full, true, false)
        }
    };
    if let Some(addition) = &req.addition {
        let (name, effect) = match addition {
            AdditionItem::Spdx(e) => (e.name.to_string(), index.exception_effect(e.name)),
            AdditionItem::Other(r) => {
                let bare = r.doc_ref.is_none() && unknown.contains(&r.add_ref);
                let name = if bare { r.add_ref.clone() } else { r.to_string() };
                valid &= !bare;
                let effect = index.exception_effect(&name).or_else(|| index.exception_effect(&r.add_ref));
                (name, effect)
            }
        };
        if let Some(effect) = effect {
            category = effect.apply(category);
        }
        text = if is_or { format!("({text}) WITH {name}") } else { format!("{text} WITH {name}") };
        is_or = false;
    }
    Node { category, text, valid, is_or }
}

/// A term the SPDX lexer did not know (`UNLICENSED`, `Proprietary`, `BSL-1.1`): a known name,
/// a user-added id, or unknown.
fn bare_term(
    index: &LicenseIndex,
    term: &str,
    ids: &mut BTreeSet<String>,
) -> (LicenseCategory, String, bool, bool) {
    if let Some(info) = index.names.get(&name_key(term)) {
        if let Some(spdx) = &info.spdx {
            if let Some(v) = by_spdx(index, spdx, None).filter(|v| v.expression.is_some()) {
                ids.extend(v.ids);
                let text = v.expression.unwrap_or_default();
                let is_or = text.contains(" OR ");
                return (info.category, text, true, is_or);
            }
        }
        return (info.category, term.to_string(), false, false);
    }
    let category = index.category_of_id(term).unwrap_or(LicenseCategory::Unknown);
    (category, term.to_string(), false, false)
}

/// The canonical name of an SPDX licence id, with deprecated bare GNU ids made explicit
/// (`GPL-2.0` → `GPL-2.0-only`) and `+` kept for the others.
fn spdx_name(id: spdx::LicenseId, or_later: bool) -> String {
    if id.is_gnu() && id.is_deprecated() {
        if let Some(explicit) = spdx::gnu_license_id(id.name, or_later) {
            return explicit.name.to_string();
        }
    }
    LicenseItem::Spdx { id, or_later }.to_string()
}

/// Lower-cased SPDX licence and exception ids → their canonical spelling.
fn canonical_ids() -> &'static BTreeMap<String, &'static str> {
    static IDS: OnceLock<BTreeMap<String, &'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        let licenses = spdx::identifiers::LICENSES.iter().map(|l| l.name);
        let exceptions = spdx::identifiers::EXCEPTIONS.iter().map(|e| e.name);
        licenses.chain(exceptions).map(|n| (n.to_ascii_lowercase(), n)).collect()
    })
}

/// Rewrites ids and operators to the case the `spdx` lexer needs (`apache-2.0 Or mit` →
/// `Apache-2.0 OR MIT`, `licenseref-x` → `LicenseRef-x`). Everything else is kept as is.
fn fix_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '(' | ')' | '/') {
            push_word(&mut out, &word);
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    push_word(&mut out, &word);
    out
}

fn push_word(out: &mut String, word: &str) {
    let lower = word.to_ascii_lowercase();
    let base = lower.trim_end_matches('+');
    let plus = word.get(base.len()..).unwrap_or("");
    if matches!(lower.as_str(), "and" | "or" | "with") {
        out.push_str(&word.to_ascii_uppercase());
    } else if let Some(canonical) = canonical_ids().get(base) {
        out.push_str(canonical);
        out.push_str(plus);
    } else if let Some(rest) = lower.strip_prefix("licenseref-") {
        out.push_str("LicenseRef-");
        out.push_str(word.get(word.len() - rest.len()..).unwrap_or(rest));
    } else if let Some(rest) = lower.strip_prefix("documentref-") {
        out.push_str("DocumentRef-");
        let rest = word.get(word.len() - rest.len()..).unwrap_or(rest);
        match rest.split_once(':') {
            Some((doc, r)) if r.to_ascii_lowercase().starts_with("licenseref-") => {
                out.push_str(doc);
                out.push_str(":LicenseRef-");
                out.push_str(r.get(11..).unwrap_or(""));
            }
            _ => out.push_str(rest),
        }
    } else {
        out.push_str(word);
    }
}
