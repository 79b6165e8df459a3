//! SPDX ids made from names: only letters, digits, `.` and `-` (what SPDX 2.3 allows after
//! `SPDXRef-`, and safe in an IRI's fragment for 3.0), and unique within the document.

use std::collections::{BTreeMap, BTreeSet};

use crate::report::Report;

/// The longest part of an id taken from a name; longer names are cut (the ids stay unique).
const MAX_PART: usize = 120;

/// Hands out unique ids.
#[derive(Debug, Default)]
pub(super) struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// `SPDXRef-<kind>-<name>`, with `-2`, `-3`, … added when taken already. The same calls in
    /// the same order give the same ids.
    pub(super) fn make(&mut self, kind: &str, name: &str) -> String {
        let part = sanitise(name);
        let base = if part.is_empty() { format!("SPDXRef-{kind}") } else { format!("SPDXRef-{kind}-{part}") };
        let mut id = base.clone();
        let mut n = 1;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// Each package's id by its report id, made by `make` from `<name>-<version>`, in the
/// report's order.
pub(super) fn packages(report: &Report, mut make: impl FnMut(&str) -> String) -> BTreeMap<&str, String> {
    let label = |p: &crate::report::document::PackageReport| match &p.version {
        Some(v) => format!("{}-{v}", p.name),
        None => p.name.clone(),
    };
    report.packages.iter().map(|p| (p.id.as_str(), make(&label(p)))).collect()
}

/// `text` with every run of other characters turned into one `-`, without a `-` at either end,
/// at most [`MAX_PART`] characters.
pub(super) fn sanitise(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() >= MAX_PART {
            break;
        }
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_letters_digits_dots_and_dashes_and_never_repeat() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("Package", "serde 1.0.0"), "SPDXRef-Package-serde-1.0.0");
        assert_eq!(ids.make("Package", "serde/1.0.0"), "SPDXRef-Package-serde-1.0.0-2");
        assert_eq!(ids.make("Package", "serde-1.0.0-2"), "SPDXRef-Package-serde-1.0.0-2-2");
        assert_eq!(ids.make("Package", "\u{0}\n€"), "SPDXRef-Package");
        assert_eq!(ids.make("Package", ""), "SPDXRef-Package-2");
        let long = ids.make("Package", &"a".repeat(1000));
        assert_eq!(long.len(), "SPDXRef-Package-".len() + MAX_PART);
    }

    #[test]
    fn sanitised_text() {
        assert_eq!(sanitise("@scope/pkg@1.0 (x)"), "scope-pkg-1.0-x");
        assert_eq!(sanitise("Ünïcödé"), "n-c-d");
    }
}
