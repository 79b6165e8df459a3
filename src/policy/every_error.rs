//! Deserialising a TOML document so that every structural problem is found in one run.
//!
//! serde stops at the first unknown key or value of the wrong type, which made users fix a
//! policy in rounds. Here the document is parsed once into a tree that knows its spans
//! (`DeTable`) and deserialised from it; the entry each error points at is dropped from the
//! tree and deserialisation tried again, until it succeeds. The types stay the one schema
//! (serde's `deny_unknown_fields` and field types), and what is left is valid, so the semantic
//! checks run on it in the same pass.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeArray, DeTable, DeValue};

/// At most this many structural errors are collected; a file with more is not a policy.
const MAX_ERRORS: usize = 100;

/// A problem in the document: where (a byte range, when known) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The byte range it concerns.
    pub span: Option<Range<usize>>,
    /// serde's or the parser's message, without a position.
    pub message: String,
}

/// One step of the path to a dropped entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Item(usize),
}

/// The entries dropped for the errors reported, each as its path from the top of the document.
#[derive(Debug, Default)]
pub(crate) struct DroppedKeys(Vec<Vec<Step>>);

impl DroppedKeys {
    /// Whether `key` of item `index` of the array of tables `array` was written but dropped for
    /// an error already reported, so a check that finds it missing has nothing new to say.
    pub fn contains(&self, array: &str, index: usize, key: &str) -> bool {
        let path = [Step::Key(array.to_string()), Step::Item(index), Step::Key(key.to_string())];
        self.0.iter().any(|p| p[..] == path)
    }
}

/// The outcome: the value deserialised from what was valid (`None` when the text is not TOML),
/// every problem found, and the entries dropped for them.
pub(crate) struct Collected<T> {
    pub value: Option<T>,
    pub problems: Vec<Problem>,
    pub dropped: DroppedKeys,
}

/// Deserialises `text` into `T`, collecting every error. TOML syntax errors are reported alone:
/// a tree recovered from broken syntax would only add errors of its own making.
pub(crate) fn deserialize<T: DeserializeOwned>(text: &str) -> Collected<T> {
    let mut tree = match DeTable::parse(text) {
        Ok(tree) => tree,
        Err(e) => {
            let problem = Problem { span: e.span(), message: e.message().trim().to_string() };
            return Collected { value: None, problems: vec![problem], dropped: DroppedKeys::default() };
        }
    };
    let mut problems = Vec::new();
    let mut dropped = DroppedKeys::default();
    loop {
        let err = match T::deserialize(toml::de::Deserializer::from(tree.clone())) {
            Ok(value) => return Collected { value: Some(value), problems, dropped },
            Err(err) => err,
        };
        problems.push(Problem { span: err.span(), message: err.message().trim().to_string() });
        let removed = err.span().and_then(|span| drop_at(tree.get_mut(), span.start));
        match removed {
            Some(mut path) if problems.len() < MAX_ERRORS => {
                path.reverse();
                dropped.0.push(path);
            }
            // An error that names no entry cannot be stepped over.
            _ => return Collected { value: None, problems, dropped },
        }
    }
}

/// Drops the innermost entry of `table` at byte `at`, an item of an array or a key of a
/// table, and returns its path (innermost step first). Tables are searched whatever their
/// span: the span of a table in an array of tables covers only its `[[header]]`.
fn drop_at(table: &mut DeTable<'_>, at: usize) -> Option<Vec<Step>> {
    for (key, value) in table.iter_mut() {
        let inner = match value.get_mut() {
            DeValue::Table(t) => drop_at(t, at),
            DeValue::Array(items) => drop_item(items, at),
            _ => None,
        };
        if let Some(mut path) = inner {
            path.push(Step::Key(key.get_ref().to_string()));
            return Some(path);
        }
    }
    let key = table
        .iter()
        .find(|(k, v)| k.span().contains(&at) || v.span().contains(&at) || v.span().start == at)
        .map(|(k, _)| k.clone())?;
    table.remove(key.get_ref().as_ref());
    Some(vec![Step::Key(key.get_ref().to_string())])
}

/// Drops the entry at byte `at` inside a table of `items`, or else the item at `at`.
fn drop_item(items: &mut DeArray<'_>, at: usize) -> Option<Vec<Step>> {
    for (index, item) in items.as_mut().iter_mut().enumerate() {
        if let DeValue::Table(t) = item.get_mut() {
            if let Some(mut path) = drop_at(t, at) {
                path.push(Step::Item(index));
                return Some(path);
            }
        }
    }
    let index = items.iter().position(|item| item.span().contains(&at) || item.span().start == at)?;
    let mut kept = DeArray::new();
    for (i, item) in std::mem::replace(items, DeArray::new()).into_iter().enumerate() {
        if i != index {
            kept.push(item);
        }
    }
    *items = kept;
    Some(vec![Step::Item(index)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use toml::Spanned;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: Option<Vec<String>>,
        b: Option<Inner>,
        #[serde(default)]
        item: Vec<Spanned<Inner>>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        x: Option<bool>,
    }

    fn messages(text: &str) -> (Collected<Doc>, Vec<String>) {
        let c = deserialize::<Doc>(text);
        let m = c.problems.iter().map(|p| p.message.clone()).collect();
        (c, m)
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_found() {
        let (c, m) = messages("a = [\"ok\", 1]\nz = 1\n[b]\nx = 2\ny = 3\n[[item]]\nx = \"no\"\n");
        assert_eq!(m.len(), 5, "{m:#?}");
        assert!(m.iter().any(|m| m.contains("unknown field `z`")), "{m:#?}");
        assert!(m.iter().any(|m| m.contains("unknown field `y`")), "{m:#?}");
        assert_eq!(m.iter().filter(|m| m.contains("invalid type")).count(), 3, "{m:#?}");
        let doc = c.value.expect("what is left deserialises");
        assert_eq!(doc.a.unwrap(), vec!["ok"]);
        assert!(doc.item[0].get_ref().x.is_none());
        assert!(c.dropped.contains("item", 0, "x"));
        assert!(!c.dropped.contains("item", 0, "y"));
        assert!(!c.dropped.contains("item", 1, "x"));
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let (c, m) = messages("a = [\nz = 1\n");
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(c.value.is_none());
        assert!(c.problems[0].span.is_some());
    }

    #[test]
    fn a_valid_document_has_no_problem() {
        let (c, m) = messages("a = [\"x\"]\n[[item]]\nx = true\n");
        assert!(m.is_empty());
        assert_eq!(c.value.unwrap().item.len(), 1);
    }
}
